//! The registration service's rules, deterministic and storage-free: devices, profiles and states
//! (spec §4–5), how a submitted device is decided (spec §6), the admin actions on registered
//! ones. The portal's embedded backend runs it in the browser; the HTTP server runs the same code,
//! so both behave identically. No web dependencies and no file reading: a submission arrives
//! already read and checked.

pub mod audit;
pub mod batches;
pub mod bulk;
#[cfg(any(test, feature = "demo"))]
pub mod demo;
pub mod device;
pub mod refusal;
pub mod rng;
pub mod service;
pub mod time;
pub mod unit;
pub mod upn;

pub use device::{Device, DeviceState, Profile, RegistrationError, MANAGED_GROUP_TAG};
pub use service::{Service, Submission};
