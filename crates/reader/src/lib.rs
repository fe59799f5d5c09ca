//! Windows Autopilot registration files, read as pure Rust: every encoding and layout of spec §2,
//! every hardware hash decoded and checked (spec §3, through `autopilot-hash`), every problem
//! reported with its file, line, a stable code and how to fix it. No web dependencies: the portal
//! uses it in the browser, `autopilot-check` on the command line. It produces what the
//! registration service (`autopilot-service`) takes; the service does not depend on it.

mod checks;
pub mod checksums;
pub mod diagnostics;
pub mod duplicates;
pub mod encoding;
pub mod fields;
pub mod header;
pub mod import;
pub mod serial;
pub use autopilot_i18n::Lang;
pub use autopilot_service::upn;

pub use checksums::Checksums;
pub use diagnostics::{Code, Problem, Severity};
pub use encoding::Encoding;
pub use header::Layout;
pub use import::{read_files, ImportOptions, ImportReport, ImportedDevice, Importer};
