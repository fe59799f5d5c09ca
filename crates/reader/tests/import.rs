//! Reading whole registration files: every layout, every encoding, every problem code.

use autopilot_gen::{self as generate, GenDevice, GenOptions, WriteOptions};
use autopilot_hash::base64;
use autopilot_reader::{read_files, Code, Encoding, ImportOptions, ImportReport, Layout, Severity};

const ENCODINGS: [Encoding; 7] = [
    Encoding::Utf8,
    Encoding::Utf8Bom,
    Encoding::Utf16Le,
    Encoding::Utf16LeNoBom,
    Encoding::Utf16Be,
    Encoding::Utf16BeNoBom,
    Encoding::Windows1252,
];

fn sample(n: usize) -> Vec<GenDevice> {
    generate::devices(
        n,
        &GenOptions {
            seed: 7,
            user_domain: Some("contoso.com".into()),
            group_tag: String::new(),
            hash_len: 1_400,
        },
    )
}

fn read(text: &str) -> ImportReport {
    read_files(
        [("f.csv", text.as_bytes().to_vec())],
        ImportOptions::default(),
    )
}

fn codes(report: &ImportReport) -> Vec<(Option<u32>, Code)> {
    report.problems.iter().map(|p| (p.line, p.code)).collect()
}

fn hash_of(serial: &str, maker: &str) -> String {
    generate::hash(&mut generate::Rng::new(3), serial, maker, "Model X", 1_400)
}

#[test]
fn every_layout_in_every_encoding_reads_every_device() {
    let devices = sample(5);
    for layout in Layout::WRITTEN {
        for encoding in ENCODINGS {
            for (crlf, quoted) in [(true, false), (false, true)] {
                let options = WriteOptions {
                    layout,
                    encoding,
                    crlf,
                    quoted,
                };
                let bytes = generate::file_bytes(&devices, &options);
                let report = read_files([("devices.csv", bytes)], ImportOptions::default());
                let context = format!("{layout:?} {encoding:?} crlf={crlf} quoted={quoted}");
                assert_eq!(
                    report.count(Severity::Error),
                    0,
                    "{context}: {:#?}",
                    report.problems
                );
                assert_eq!(report.devices.len(), 5, "{context}");
                // ASCII-only Windows-1252 is byte for byte UTF-8, and is read as such.
                let expected = if encoding == Encoding::Windows1252 {
                    Encoding::Utf8
                } else {
                    encoding
                };
                assert_eq!(report.files[0].encoding, Some(expected), "{context}");
                assert_eq!(report.files[0].layout, Some(layout), "{context}");
                let first_line = if layout == Layout::TupleNoHeader {
                    1
                } else {
                    2
                };
                for (i, (got, want)) in report.devices.iter().zip(&devices).enumerate() {
                    assert_eq!(got.serial, want.serial, "{context}");
                    assert_eq!(got.manufacturer, want.manufacturer, "{context}");
                    assert_eq!(got.model, want.model, "{context}");
                    assert_eq!(got.line, first_line + i as u32, "{context}");
                    assert_eq!(got.hardware_hash.is_some(), layout.has_hash(), "{context}");
                    if layout == Layout::WithUser {
                        assert_eq!(got.assigned_user, want.assigned_user, "{context}");
                    }
                }
            }
        }
    }
}

#[test]
fn powershell_5_file_reads_cleanly() {
    let devices = sample(3);
    let bytes = generate::file_bytes(&devices, &WriteOptions::powershell_5());
    assert_eq!(&bytes[..2], &[0xFF, 0xFE], "UTF-16LE BOM");
    let report = read_files([("hardwarehash.csv", bytes)], ImportOptions::default());
    assert!(report.problems.is_empty(), "{:#?}", report.problems);
    assert_eq!(report.devices.len(), 3);
    assert_eq!(report.exit_code(), 0);
}

#[test]
fn headers_in_any_case_and_spacing_are_normalised_with_a_warning() {
    let d = &sample(1)[0];
    let text = format!(
        "device serial number , WINDOWS PRODUCT ID,hardwarehash,Notes\n{},,{},hello\n",
        d.serial, d.hardware_hash
    );
    let report = read(&text);
    assert_eq!(report.devices.len(), 1);
    let got = codes(&report);
    assert!(got.contains(&(None, Code::HeaderNormalised)), "{got:?}");
    assert!(got.contains(&(None, Code::UnknownColumn)), "{got:?}");
    let unknown = report
        .problems
        .iter()
        .find(|p| p.code == Code::UnknownColumn)
        .expect("unknown");
    assert!(unknown.message.contains("Notes"));
}

#[test]
fn concatenated_files_blank_lines_and_repeated_headers_are_tolerated_and_said() {
    let devices = sample(4);
    let mut text = String::new();
    for pair in devices.chunks(2) {
        text.push_str(&generate::file_text(
            pair,
            &WriteOptions {
                layout: Layout::ScriptDefault,
                encoding: Encoding::Utf8,
                crlf: true,
                quoted: false,
            },
        ));
        text.push_str("\r\n,,\r\n");
    }
    let report = read(&text);
    assert_eq!(report.devices.len(), 4);
    assert_eq!(report.count(Severity::Error), 0, "{:#?}", report.problems);
    let repeated = report
        .problems
        .iter()
        .find(|p| p.code == Code::RepeatedHeader)
        .expect("repeated header");
    assert!(repeated.message.contains("line 6"), "{}", repeated.message);
    let blank = report
        .problems
        .iter()
        .find(|p| p.code == Code::BlankLines)
        .expect("blank lines");
    assert!(
        blank.message.starts_with("4 blank lines"),
        "{}",
        blank.message
    );
    assert_eq!(report.devices[2].line, 7);
}

#[test]
fn concatenated_files_of_different_layouts_switch_header() {
    let devices = sample(2);
    let mut text = generate::file_text(
        &devices[..1],
        &WriteOptions {
            layout: Layout::ScriptDefault,
            encoding: Encoding::Utf8,
            crlf: false,
            quoted: false,
        },
    );
    text.push_str(&generate::file_text(
        &devices[1..],
        &WriteOptions {
            layout: Layout::WithUser,
            encoding: Encoding::Utf8,
            crlf: false,
            quoted: false,
        },
    ));
    let report = read(&text);
    assert_eq!(report.devices.len(), 2, "{:#?}", report.problems);
    assert_eq!(report.devices[1].assigned_user, devices[1].assigned_user);
}

#[test]
fn several_files_merge_and_problems_name_their_file() {
    let devices = sample(3);
    let opts = WriteOptions {
        layout: Layout::ScriptDefault,
        encoding: Encoding::Utf8,
        crlf: false,
        quoted: false,
    };
    let a = generate::file_bytes(&devices[..2], &opts);
    let b = generate::file_bytes(&[devices[2].clone(), devices[0].clone()], &opts);
    let report = read_files(
        [("a.csv", a), ("b.csv", b.clone()), ("b.csv", b)],
        ImportOptions::default(),
    );
    assert_eq!(report.devices.len(), 3);
    let dups: Vec<_> = report
        .problems
        .iter()
        .filter(|p| p.code == Code::DuplicateDevice)
        .collect();
    assert_eq!(dups.len(), 3, "{dups:#?}");
    assert_eq!((dups[0].file.as_str(), dups[0].line), ("b.csv", Some(3)));
    assert!(
        dups[0].message.contains("line 2 of a.csv"),
        "{}",
        dups[0].message
    );
    assert_eq!(
        dups[1].file, "b.csv (2)",
        "two files of one name are told apart"
    );
    assert_eq!(report.files.len(), 3);
}

#[test]
fn duplicates_match_by_decoded_identity_not_hash_text() {
    let d = &sample(1)[0];
    let again = generate::hash(
        &mut generate::Rng::new(99),
        &d.serial,
        &d.manufacturer,
        &d.model,
        1_400,
    );
    assert_ne!(again, d.hardware_hash, "a recaptured hash differs");
    let text = format!(
        "Device Serial Number,Windows Product ID,Hardware Hash\n{s},,{h1}\n{s},,{h2}\n",
        s = d.serial,
        h1 = d.hardware_hash,
        h2 = again
    );
    let report = read(&text);
    assert_eq!(codes(&report), vec![(Some(3), Code::DuplicateDevice)]);
    assert_eq!(report.devices.len(), 1);
    assert_eq!(report.devices[0].line, 2, "the earlier row is kept");
}

#[test]
fn a_duplicate_of_a_rejected_row_is_kept() {
    let d = &sample(1)[0];
    let text = format!(
        "Device Serial Number,Windows Product ID,Hardware Hash\n{s},,T0E\n{s},,{h}\n",
        s = d.serial,
        h = d.hardware_hash
    );
    let report = read(&text);
    assert_eq!(report.devices.len(), 1);
    assert_eq!(report.devices[0].line, 3);
}

#[test]
fn each_row_error_has_its_code() {
    let good = hash_of("SER1", "Dell Inc.");
    let mut blob = Vec::new();
    base64::decode_into(&good, &mut blob).expect("valid");
    let n = usize::from(u16::from_le_bytes([blob[2], blob[3]]));
    let mut altered = blob.clone();
    altered[n - 3] ^= 0x55;
    let mut cut = blob.clone();
    cut[0] = b'X';
    let no_serial = base64::encode(
        &autopilot_hash::hardware_hash::HashBuilder::new()
            .text(16, "HP")
            .finish(0),
    );
    let no_maker = base64::encode(
        &autopilot_hash::hardware_hash::HashBuilder::new()
            .text(14, "SER5")
            .finish(0),
    );
    let long = "A".repeat(40_000);
    let text = format!(
        "Device Serial Number,Windows Product ID,Hardware Hash,Group Tag,Assigned User\n\
         ,,{good},,\n\
         SER2,,,,\n\
         SER3,,{good}\n\
         SER4,,{long},,\n\
         SER1,,T0E*x,,\n\
         SER1,,{altered},,\n\
         SER1,,{cut},,\n\
         SER5,,{no_serial},,\n\
         SER5,,{no_maker},,\n\
         SER1,,{good},,not-a-user\n\
         SER1,,\"{good},,\n",
        altered = base64::encode(&altered),
        cut = base64::encode(&cut),
    );
    let report = read(&text);
    assert_eq!(
        codes(&report),
        vec![
            (Some(2), Code::MissingSerial),
            (Some(3), Code::MissingHash),
            (Some(4), Code::WrongFieldCount),
            (Some(5), Code::FieldTooLong),
            (Some(6), Code::HashNotBase64),
            (Some(7), Code::HashChecksumMismatch),
            (Some(8), Code::HashBadStructure),
            (Some(9), Code::HashMissingSerial),
            (Some(10), Code::HashMissingManufacturer),
            (Some(11), Code::InvalidUser),
            (Some(12), Code::UnclosedQuote),
        ]
    );
    assert!(report.devices.is_empty());
    assert_eq!(report.exit_code(), 1);
    let missing = &report.problems[0];
    assert!(
        missing.message.contains("SER1"),
        "tells the serial the hash holds: {}",
        missing.message
    );
    // Each message says what is wrong with this row and how to fix it.
    let expected: [(&str, &str); 11] = [
        ("is blank", "copy that into the serial column"),
        (
            "is blank",
            "Run Get-WindowsAutoPilotInfo on this device again",
        ),
        (
            "has 3 fields but the header has 5",
            "compare it with the header",
        ),
        ("40000 characters long", "export this device again"),
        ("character 4 ('*')", "Capture the hash again"),
        ("checksum does not match", "Capture the hash again"),
        ("OA3 signature", "Capture the hash again"),
        ("no serial number", "capture the hash again"),
        ("no manufacturer", "capture the hash again"),
        (
            "\"not-a-user\" is not a user principal name",
            "name@yourdomain.com",
        ),
        ("never closed", "Remove the stray \""),
    ];
    for (p, (what, fix)) in report.problems.iter().zip(expected) {
        assert!(
            p.message.contains(what) && p.message.contains(fix),
            "{:?} says what ({what}) and how to fix ({fix}): {}",
            p.code,
            p.message
        );
    }
}

#[test]
fn row_warnings_keep_the_row() {
    // A hash whose blob length is not a multiple of 3 ends in '=': the padding to lose.
    let h = (1_400..1_420)
        .map(|len| {
            generate::hash(
                &mut generate::Rng::new(3),
                "0099999",
                "Microsoft Corporation",
                "Model X",
                len,
            )
        })
        .find(|h| h.ends_with('='))
        .expect("one of twenty lengths needs padding");
    let unpadded = h.trim_end_matches('=').to_owned();
    let padded = hash_of("0012345", "Microsoft Corporation");
    let h2 = hash_of(" PF1 ", "LENOVO");
    let h3 = hash_of("1.23457E+11", "HP");
    let h4 = hash_of("REAL", "HP");
    let text = format!(
        "Device Serial Number,Windows Product ID,Hardware Hash,Group Tag\n\
         0099999,,{unpadded},\n\
         12345,,{padded},Microsoft365Managed_Autopilot\n\
         \x20PF1 ,,{h2},\n\
         1.23457E+11,,{h3},\n\
         OTHER,,{h4},Sales\n"
    );
    let report = read(&text);
    let got = codes(&report);
    assert!(got.contains(&(Some(2), Code::HashPaddingFixed)), "{got:?}");
    assert_eq!(
        report.devices[0].hardware_hash.as_deref(),
        Some(h.as_str()),
        "padding added back"
    );
    assert!(got.contains(&(Some(3), Code::SerialMismatch)), "{got:?}");
    let zeros = report
        .problems
        .iter()
        .find(|p| p.line == Some(3))
        .expect("line 3");
    assert!(zeros.message.contains("leading zeros"), "{}", zeros.message);
    assert!(got.contains(&(Some(4), Code::SerialWhitespace)), "{got:?}");
    assert!(
        got.contains(&(Some(5), Code::SerialExcelMangled)),
        "{got:?}"
    );
    assert!(got.contains(&(Some(6), Code::SerialMismatch)), "{got:?}");
    assert!(got.contains(&(Some(6), Code::GroupTagReplaced)), "{got:?}");
    assert_eq!(report.count(Severity::Error), 0, "{got:?}");
    assert_eq!(report.devices.len(), 5, "warnings keep rows");
    assert_eq!(
        report.devices[2].serial, " PF1 ",
        "serials are kept exactly"
    );
    assert_eq!(report.exit_code(), 0);
}

#[test]
fn partner_columns_are_cross_checked_with_the_hash() {
    let h = hash_of("SER9", "Dell Inc.");
    let text = format!("Device Serial Number,Windows Product ID,Hardware Hash,Manufacturer name,Device model\nSER9,,{h},HP,ProBook\n");
    let report = read(&text);
    assert_eq!(codes(&report), vec![(Some(2), Code::DeviceInfoMismatch)]);
    assert_eq!(report.devices[0].manufacturer, "Dell Inc.", "the hash wins");
}

#[test]
fn user_domain_is_checked_against_the_tenant() {
    let h = hash_of("SER1", "HP");
    let h2 = hash_of("SER2", "HP");
    let text = format!("Device Serial Number,Windows Product ID,Hardware Hash,Group Tag,Assigned User\nSER1,,{h},,a@contoso.com\nSER2,,{h2},,b@fabrikam.com\n");
    let options = ImportOptions {
        tenant_domains: Some(vec!["contoso.com".into()]),
        ..ImportOptions::default()
    };
    let report = read_files([("u.csv", text.into_bytes())], options);
    assert_eq!(codes(&report), vec![(Some(3), Code::InvalidUser)]);
    assert!(report.problems[0].message.contains("fabrikam.com"));
    assert_eq!(report.devices.len(), 1);
}

#[test]
fn tuple_rows_need_manufacturer_and_model() {
    let report = read(
        "Manufacturer,Model,Serial Number\nDell Inc.,,ABC\n,Latitude,DEF\nDell Inc.,Latitude,GHI\n",
    );
    assert_eq!(
        codes(&report),
        vec![
            (Some(2), Code::MissingManufacturer),
            (Some(3), Code::MissingManufacturer)
        ]
    );
    assert_eq!(report.devices.len(), 1);
    assert_eq!(report.devices[0].hardware_hash, None);
}

#[test]
fn file_level_errors() {
    let empty = read_files([("empty.csv", Vec::new())], ImportOptions::default());
    assert_eq!(codes(&empty), vec![(None, Code::NoDevices)]);
    assert_eq!(empty.exit_code(), 1);

    let header_only = read("Device Serial Number,Windows Product ID,Hardware Hash\r\n");
    assert_eq!(codes(&header_only), vec![(None, Code::NoDevices)]);

    let no_hash_column = read("Device Serial Number,Windows Product ID\nA,\n");
    assert_eq!(codes(&no_hash_column), vec![(None, Code::MissingColumn)]);
    assert!(no_hash_column.problems[0].message.contains("Hardware Hash"));

    let no_serial_column = read("Windows Product ID,Hardware Hash\n,T0E=\n");
    assert_eq!(codes(&no_serial_column), vec![(None, Code::MissingColumn)]);

    let not_a_header = read("hello world\nfoo\n");
    assert_eq!(codes(&not_a_header), vec![(None, Code::MissingColumn)]);

    let binary = read_files(
        [(
            "photo.png",
            vec![0x89, b'P', b'N', b'G', 0, 0, 0, 13, 0, 0, 1, 2, 3],
        )],
        ImportOptions::default(),
    );
    assert_eq!(codes(&binary), vec![(None, Code::UnreadableFile)]);
    assert_eq!(binary.exit_code(), 2);
    assert!(binary.problems[0].message.contains("not a CSV"));

    // A missing column leaves the whole file out, like an unreadable one; it was read, though.
    assert!(binary.has_unreadable_file() && binary.has_unusable_file());
    assert!(!no_hash_column.has_unreadable_file() && no_hash_column.has_unusable_file());
    assert!(!header_only.has_unusable_file());
}

#[test]
fn rows_left_out_count_each_row_with_an_error_once() {
    let good = hash_of("SER1", "Dell Inc.");
    // Line 2: two errors (no serial, a user that is no UPN); line 3: a warning only; line 4:
    // one error.
    let text = format!(
        "Device Serial Number,Windows Product ID,Hardware Hash,Group Tag,Assigned User\n\
         ,,{good},,not-a-user\n\
         SER1,,{good},Sales,\n\
         SER2,,,,\n"
    );
    let report = read(&text);
    let errors: Vec<Option<u32>> = report
        .problems
        .iter()
        .filter(|p| p.is_error())
        .map(|p| p.line)
        .collect();
    assert_eq!(errors, [Some(2), Some(2), Some(4)], "{:?}", codes(&report));
    assert_eq!(report.rows_left_out(), 2);
    assert_eq!(report.devices.len(), 1);
}

#[test]
fn one_bad_file_does_not_spoil_the_others() {
    let devices = sample(2);
    let good = generate::file_bytes(&devices, &WriteOptions::powershell_5());
    let report = read_files(
        [("bad.bin", vec![0u8; 100]), ("good.csv", good)],
        ImportOptions::default(),
    );
    assert_eq!(report.devices.len(), 2);
    assert_eq!(report.problems[0].file, "bad.bin");
}

#[test]
fn semicolon_files_from_excel_are_read() {
    let d = &sample(1)[0];
    let report = read(&format!(
        "Device Serial Number;Windows Product ID;Hardware Hash\n{};;{}\n",
        d.serial, d.hardware_hash
    ));
    assert_eq!(report.devices.len(), 1, "{:#?}", report.problems);
}

#[test]
fn incremental_reading_gives_the_same_report_as_reading_at_once() {
    let devices = sample(30);
    let bytes = generate::file_bytes(&devices, &WriteOptions::powershell_5());
    let at_once = read_files([("f.csv", bytes.clone())], ImportOptions::default());
    let mut importer = autopilot_reader::Importer::new(ImportOptions::default());
    let mut file = importer.open("f.csv", bytes).expect("readable");
    let mut steps = 0;
    let mut last = 0;
    while !importer.read(&mut file, 4) {
        let (done, total) = file.progress();
        assert!(done > last && done <= total, "progress moves forward");
        last = done;
        steps += 1;
    }
    assert!(steps >= 7);
    assert_eq!(importer.finish(), at_once);
}

#[test]
fn junk_after_many_empty_fields_is_not_taken_for_trailing_commas() {
    let report = read(&format!(
        "Manufacturer,Model,Serial Number\nDell,Lat,ABC{}junk\n",
        ",".repeat(70)
    ));
    assert_eq!(codes(&report), vec![(Some(2), Code::WrongFieldCount)]);
    let blank = read(&format!(
        "Manufacturer,Model,Serial Number\nDell,Lat,ABC\n{}X\n",
        ",".repeat(70)
    ));
    assert_eq!(
        codes(&blank),
        vec![(Some(3), Code::WrongFieldCount)],
        "not a blank line"
    );
}

#[test]
fn files_without_header_or_rows_say_so() {
    let commas = read(",,,\n,,\n");
    assert_eq!(
        codes(&commas),
        vec![(None, Code::NoDevices), (None, Code::BlankLines)]
    );
    assert!(commas.problems[0].message.contains("only blank lines"));
    let junk = read(&format!("\"{}\n", "x".repeat(10)));
    let got = codes(&junk);
    assert!(got.contains(&(None, Code::MissingColumn)), "{got:?}");
}

#[test]
fn a_mid_file_header_without_hash_stops_the_file_with_a_reason() {
    let d = &sample(2);
    let text = format!(
        "Device Serial Number,Windows Product ID,Hardware Hash\n{},,{}\nDevice Serial Number,Windows Product ID\n{},\n",
        d[0].serial, d[0].hardware_hash, d[1].serial
    );
    let report = read(&text);
    assert_eq!(report.devices.len(), 1);
    assert_eq!(
        codes(&report)
            .iter()
            .filter(|(_, c)| *c == Code::MissingColumn)
            .count(),
        1,
        "{:#?}",
        report.problems
    );
}

#[test]
fn a_firmware_placeholder_is_no_serial_and_is_never_offered_as_one() {
    let qemu = hash_of("SMBIOS_STRING_INDEX_0", "QEMU");
    let oem = hash_of("To be filled by O.E.M.", "System manufacturer");
    let good = hash_of("5CD349G8VJ", "HP");
    let text = format!(
        "Device Serial Number,Windows Product ID,Hardware Hash\n\
         SMBIOS_STRING_INDEX_0,,{qemu}\n\
         ,,{oem}\n\
         0,,{good}\n\
         5CD349G8VJ,,{good}\n"
    );
    let report = read(&text);
    let got = codes(&report);
    for line in 2..=4 {
        assert!(
            got.contains(&(Some(line), Code::SerialPlaceholder)),
            "line {line}: {got:?}"
        );
    }
    assert_eq!(report.devices.len(), 1, "only the device with a serial");
    let blank_column = report
        .problems
        .iter()
        .find(|p| p.line == Some(3))
        .expect("line 3");
    assert!(
        blank_column.message.contains("To be filled by O.E.M.")
            && blank_column.message.contains("has none")
            && blank_column.message.contains("-smbios type=1,serial="),
        "{}",
        blank_column.message
    );
    assert!(
        !blank_column
            .message
            .contains("copy that into the serial column"),
        "the placeholder is never suggested as the serial: {}",
        blank_column.message
    );
}
