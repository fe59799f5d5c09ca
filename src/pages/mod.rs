//! One file per route.

pub mod devices;
