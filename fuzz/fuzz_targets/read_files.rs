//! Fuzzes the registration-file reader.
//!
//! The first byte of the input chooses how the rest is read:
//! - bit 0: one file, or two files split at a point chosen by bits 1-5;
//! - bit 6: the two files share a name (exercises name de-duplication);
//! - bit 7: read with a tenant domain list and a small field limit (other check paths), the
//!   messages in Dutch.
//!
//! Every input is read twice, all at once with `read_files` and incrementally with
//! `Importer::open` + `Importer::read` under a small line budget; both must give the same report.
//! The report's invariants are checked, and the input is also fed to the hardware-hash decoder as
//! text and as a raw blob.
#![no_main]

use autopilot_hash::{base64, hardware_hash};
use autopilot_reader::{read_files, Code, ImportOptions, ImportReport, Importer, Lang, Severity};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else { return };
    let files = split_files(mode, rest);
    let options = || {
        if mode & 0x80 != 0 {
            ImportOptions {
                tenant_domains: Some(vec!["contoso.com".to_owned(), "Fabrikam.onmicrosoft.com".to_owned()]),
                max_field_len: 64 + usize::from(mode & 0x3F) * 8,
                lang: Lang::Nl,
            }
        } else {
            ImportOptions::default()
        }
    };

    let batch = read_files(files.iter().map(|(name, bytes)| (*name, bytes.clone())), options());

    // The incremental path, as the browser uses it, with a budget of 1 to 4 lines per call.
    let budget = 1 + usize::from(mode >> 1) % 4;
    let mut importer = Importer::new(options());
    for (name, bytes) in &files {
        let Some(mut file) = importer.open(name, bytes.clone()) else { continue };
        // Every call reads at least one line or finishes, and a file has at most len + 1 lines.
        let max_calls = bytes.len() + 2;
        let mut calls = 0usize;
        let mut last = 0usize;
        while !importer.read(&mut file, budget) {
            calls += 1;
            assert!(calls <= max_calls, "Importer::read made no progress after {calls} calls");
            let (pos, total) = file.progress();
            assert!(pos <= total, "progress {pos} past the end {total}");
            assert!(pos > last, "progress went from {last} to {pos}");
            last = pos;
        }
        assert!(file.is_done());
        // Reading a finished file again is a no-op.
        assert!(importer.read(&mut file, budget));
    }
    let incremental = importer.finish();
    assert_eq!(batch, incremental, "read_files and the incremental reader disagree");

    check_report(&batch, &files);

    // The hash decoder, on the input as text and on the raw bytes as a decoded blob.
    let text = String::from_utf8_lossy(rest);
    let mut scratch = Vec::new();
    if let Ok(info) = hardware_hash::decode(&text, &mut scratch) {
        assert!(!info.serial.trim().is_empty());
        assert!(!info.manufacturer.trim().is_empty());
        if info.padding_fixed {
            let fixed = base64::with_padding(&text);
            let again = hardware_hash::decode(&fixed, &mut scratch).expect("the padded hash decodes");
            assert!(!again.padding_fixed);
            assert_eq!((again.serial, again.manufacturer, again.model), (info.serial, info.manufacturer, info.model));
        }
    }
    let _ = hardware_hash::parse(rest);
});

/// One or two named files from the input.
fn split_files(mode: u8, rest: &[u8]) -> Vec<(&'static str, Vec<u8>)> {
    if mode & 1 == 0 {
        return vec![("a.csv", rest.to_vec())];
    }
    let at = rest.len() * usize::from((mode >> 1) & 0x1F) / 31;
    let (first, second) = rest.split_at(at);
    let second_name = if mode & 0x40 != 0 { "a.csv" } else { "b.csv" };
    vec![("a.csv", first.to_vec()), (second_name, second.to_vec())]
}

/// Invariants every report must hold, whatever the input.
fn check_report(report: &ImportReport, files: &[(&str, Vec<u8>)]) {
    assert_eq!(report.files.len(), files.len(), "one summary per file");
    let names: Vec<&str> = report.files.iter().map(|f| f.name.as_str()).collect();
    for (i, name) in names.iter().enumerate() {
        assert!(!names[..i].contains(name), "file names are made unique: {names:?}");
    }
    let index = |file: &str| names.iter().position(|n| *n == file).expect("problem names a known file");
    let mut previous = (0usize, 0u32);
    for problem in &report.problems {
        assert_eq!(problem.severity, problem.code.severity());
        assert_eq!(problem.code.is_file_level(), problem.line.is_none(), "{problem}");
        assert!(!problem.message.is_empty());
        let key = (index(&problem.file), problem.line.unwrap_or(0));
        assert!(key >= previous, "problems are sorted by file then line");
        previous = key;
    }
    for device in &report.devices {
        assert!(
            !report
                .problems
                .iter()
                .any(|p| p.severity == Severity::Error && p.file == device.file && p.line == Some(device.line)),
            "a device was kept although its row has an error: {device:?}"
        );
        assert!(!device.serial.trim().is_empty());
    }
    for (i, summary) in report.files.iter().enumerate() {
        assert!(summary.devices <= summary.rows, "{summary:?}");
        let kept = report.devices.iter().filter(|d| d.file == summary.name).count();
        assert_eq!(kept, summary.devices as usize, "{summary:?}");
        if files[i].1.is_empty() {
            assert!(report.problems.iter().any(|p| p.file == summary.name && p.code == Code::NoDevices));
        }
    }
}
