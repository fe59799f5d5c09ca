//! The reader's problems in English and Dutch: the same problems (codes, lines, severities) in
//! both, every Dutch message from the Dutch catalogue, with every argument filled in. Read from
//! a file that has most problems a row or file can have, and from the real Get-WindowsAutoPilotInfo
//! files in `../shared/real-world/`.

use autopilot_gen::{GenOptions, WriteOptions};
use autopilot_i18n::Lang;
use autopilot_reader::{read_files, ImportOptions, ImportReport};
use std::path::Path;

fn read(files: &[(String, Vec<u8>)], lang: Lang) -> ImportReport {
    read_files(
        files.iter().map(|(n, b)| (n.as_str(), b.clone())),
        ImportOptions {
            tenant_domains: Some(vec!["contoso.com".into()]),
            lang,
            ..ImportOptions::default()
        },
    )
}

/// A file with most problems there are, around two good devices.
fn troubled() -> Vec<(String, Vec<u8>)> {
    let good = autopilot_gen::devices(
        2,
        &GenOptions {
            seed: 5,
            hash_len: 600,
            ..GenOptions::default()
        },
    );
    let hash = &good[0].hardware_hash;
    let unpadded = hash.trim_end_matches('=');
    let header = "Device Serial Number,Windows Product ID,Hardware Hash,Group Tag,Assigned User";
    let rows = [
        format!("{},,{hash},,", good[0].serial),
        format!("{},,{hash},,", good[0].serial), // the same device again
        format!(
            "{},,{},Sales,bob@fabrikam.com",
            good[1].serial, good[1].hardware_hash
        ),
        "NOHASH,,,,".to_owned(),
        "BADB64,,abc$def,,".to_owned(),
        "OTHER1,,T0FBQUFBQUFBQUFB,,".to_owned(),
        format!(" PADDED ,,{unpadded},,no-at-sign"),
        "1.23457E+11,,,,".to_owned(),
        "SMBIOS_STRING_INDEX_0,,,,".to_owned(),
        "TOO,,MANY,,FIELDS,,".to_owned(),
        "\"UNCLOSED,,,,".to_owned(),
        header.to_owned(),
        String::new(),
    ];
    let text = format!("{header}\n{}\n", rows.join("\n"));
    let extra = format!(
        "Device Serial Number,Windows Product ID,Hardware Hash,Extra Column\n{},,{},x\n",
        good[1].serial, good[1].hardware_hash
    );
    let tuple = "Manufacturer,Model,Serial Number\r\nContoso,,T1\r\n";
    vec![
        ("troubled.csv".into(), text.into_bytes()),
        ("tuple.csv".into(), tuple.as_bytes().to_vec()),
        ("extra.csv".into(), extra.into_bytes()),
        (
            "spelled.csv".into(),
            b"device serial number,windows product id,hardware hash\nS9,,\n".to_vec(),
        ),
        ("empty.csv".into(), Vec::new()),
        (
            "photo.png".into(),
            vec![0x89, b'P', b'N', b'G', 0, 0, 0, 1, 2],
        ),
        ("only-blank.csv".into(), b"\r\n\r\n".to_vec()),
        ("no-header.csv".into(), b"hello,world\n".to_vec()),
        (
            "clean.csv".into(),
            autopilot_gen::file_bytes(&good, &WriteOptions::powershell_5()),
        ),
    ]
}

/// The two reports name the same problems, and every Dutch message is the catalogue's Dutch.
fn same_problems_in_dutch(en: &ImportReport, nl: &ImportReport) {
    let shape = |r: &ImportReport| {
        r.problems
            .iter()
            .map(|p| (p.file.clone(), p.line, p.code, p.severity, p.serial.clone()))
            .collect::<Vec<_>>()
    };
    assert_eq!(shape(en), shape(nl));
    assert_eq!(en.devices, nl.devices);
    for (e, n) in en.problems.iter().zip(&nl.problems) {
        assert_ne!(e.message, n.message, "{:?} is not translated", e.code);
        assert!(
            !n.message.contains('{') && !n.message.contains('}'),
            "an argument is missing: {}",
            n.message
        );
        // Dutch words, not English ones.
        for english in ["The ", " the ", " is not ", " was "] {
            assert!(!n.message.contains(english), "{:?}: {}", n.code, n.message);
        }
    }
}

#[test]
fn every_problem_of_a_troubled_upload_reads_in_dutch() {
    let files = troubled();
    let en = read(&files, Lang::En);
    let nl = read(&files, Lang::Nl);
    let codes: std::collections::BTreeSet<&str> =
        en.problems.iter().map(|p| p.code.as_str()).collect();
    assert!(
        codes.len() >= 20,
        "{} kinds of problem: {codes:?}",
        codes.len()
    );
    same_problems_in_dutch(&en, &nl);
}

#[test]
fn the_real_world_files_read_in_dutch() {
    // As tests/real_world.rs: beside the checkout, unless REAL_WORLD_DIR says where.
    let dir = std::env::var_os("REAL_WORLD_DIR").map_or_else(
        || Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/real-world"),
        std::path::PathBuf::from,
    );
    let mut files = Vec::new();
    for entry in std::fs::read_dir(&dir).expect("../shared/real-world") {
        let path = entry.expect("entry").path();
        if path.extension().is_some_and(|e| e == "csv") {
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            files.push((name, std::fs::read(&path).expect("read")));
        }
    }
    assert!(files.len() >= 5);
    let en = read(&files, Lang::En);
    let nl = read(&files, Lang::Nl);
    assert!(
        !nl.problems.is_empty(),
        "the VMware Fusion file has a group tag"
    );
    same_problems_in_dutch(&en, &nl);
    assert!(nl.problems.iter().any(|p| p
        .message
        .contains("De groepstag \"SP001_STD01\" wordt vervangen door")));
}
