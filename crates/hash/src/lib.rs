//! The Windows Autopilot hardware hash (spec §3): base64 text of an OA3 blob of typed records,
//! closed by a SHA-256 of those records. Decoding and checking it is shared by the file reader
//! (every row of an upload) and the registration service (its "Hardware hash not valid"
//! decision), so it lives below both. No dependencies but `sha2`.

pub mod base64;
pub mod cp1252;
pub mod hardware_hash;
pub mod sha256x4;

pub use hardware_hash::{decode, HashBuilder, HashError, HashInfo};
