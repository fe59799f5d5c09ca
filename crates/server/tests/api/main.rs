//! The HTTP API end to end: a real server on 127.0.0.1 (ephemeral port), a real SQLite file in
//! a temporary directory, requests over TCP.

#[path = "../common/mod.rs"]
mod common;

mod audit;
mod errors;
mod graph;
mod limits;
mod mmd;
mod openapi;
mod portal;
