//! Windows Autopilot device registration, as pure Rust: read registration files (every encoding
//! and layout of spec §2), decode and check hardware hashes (spec §3), and report every problem
//! with a stable code. No web dependencies: the portal uses it in the browser, `autopilot-check`
//! on the command line.

pub mod base64;
pub mod device;
pub mod diagnostics;
pub mod duplicates;
pub mod encoding;
pub mod fields;
pub mod generate;
pub mod graph;
pub mod hardware_hash;
pub mod header;
pub mod import;
pub mod serial;
pub mod service;
pub mod sha256x4;
pub mod upn;
pub mod workspace;

pub use device::{Device, DeviceState, Profile, RegistrationError};
pub use diagnostics::{Code, Problem, Severity};
pub use encoding::Encoding;
pub use header::Layout;
pub use import::{
    read_files, ImportOptions, ImportReport, ImportedDevice, Importer, MANAGED_GROUP_TAG,
};
