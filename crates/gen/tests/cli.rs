//! `autopilot-gen` as the test scripts use it: the file it writes reads back as asked.

use autopilot_reader::{read_files, Encoding, ImportOptions, Layout, Severity};
use std::process::Command;

#[test]
fn writes_the_layout_encoding_and_count_asked_for() {
    let path = std::env::temp_dir().join(format!("autopilot-gen-{}.csv", std::process::id()));
    let status = Command::new(env!("CARGO_BIN_EXE_autopilot-gen"))
        .args([
            "--count",
            "3",
            "--layout",
            "user",
            "--encoding",
            "utf8-bom",
            "--lf",
        ])
        .args(["--hash-len", "800", "--seed", "9", "-o"])
        .arg(&path)
        .status()
        .expect("runs");
    assert!(status.success());
    let bytes = std::fs::read(&path).expect("written");
    let _ = std::fs::remove_file(&path);
    assert!(!bytes.windows(2).any(|w| w == b"\r\n"), "LF only");
    let report = read_files([("g.csv", bytes)], ImportOptions::default());
    assert_eq!(report.files[0].encoding, Some(Encoding::Utf8Bom));
    assert_eq!(report.files[0].layout, Some(Layout::WithUser));
    assert_eq!(report.count(Severity::Error), 0, "{:?}", report.problems);
    assert_eq!(report.devices.len(), 3);
    assert!(report
        .devices
        .iter()
        .all(|d| d.assigned_user.ends_with("@contoso.com")));
}

#[test]
fn a_wrong_option_is_explained() {
    let out = Command::new(env!("CARGO_BIN_EXE_autopilot-gen"))
        .args(["--layout", "spreadsheet", "-o", "-"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    let text = String::from_utf8_lossy(&out.stderr);
    assert!(
        text.contains("spreadsheet") && text.contains("tuple-noheader"),
        "{text}"
    );
}
