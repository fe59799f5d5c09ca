//! One file per route.

pub mod audit;
pub mod devices;
