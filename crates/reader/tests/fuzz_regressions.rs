//! Inputs found by fuzzing the reader (`fuzz/fuzz_targets/read_files.rs`) or built to attack it:
//! each must be read without a panic, in bounded memory, with a problem that names what is wrong,
//! and the incremental reader must agree with `read_files`.

use autopilot_hash::hardware_hash;
use autopilot_reader::{read_files, Code, Encoding, ImportOptions, ImportReport, Importer};

/// Reads one file both ways (all at once, and incrementally two lines at a time, as the browser
/// does) and checks both give the same report.
fn read(bytes: &[u8]) -> ImportReport {
    let batch = read_files([("f.csv", bytes.to_vec())], ImportOptions::default());
    let mut importer = Importer::new(ImportOptions::default());
    if let Some(mut file) = importer.open("f.csv", bytes.to_vec()) {
        while !importer.read(&mut file, 2) {}
    }
    assert_eq!(
        batch,
        importer.finish(),
        "read_files and the incremental reader disagree"
    );
    batch
}

fn has(report: &ImportReport, line: Option<u32>, code: Code) -> bool {
    report
        .problems
        .iter()
        .any(|p| p.line == line && p.code == code)
}

fn codes(report: &ImportReport) -> Vec<(Option<u32>, Code)> {
    report.problems.iter().map(|p| (p.line, p.code)).collect()
}

const HEADER: &str = "Device Serial Number,Windows Product ID,Hardware Hash\r\n";

/// A header with huge unknown columns, then many short rows with the wrong field count. Every
/// row's message quoted the whole header: memory grew as header size times row count, and a 1 MB
/// file of this shape took more than 20 GB (found by the fuzz target's RSS limit). The quote is
/// now cut to an excerpt.
#[test]
fn huge_header_is_not_copied_into_every_row_problem() {
    let mut text = String::from("Device Serial Number,Windows Product ID,Hardware Hash");
    for _ in 0..14 {
        text.push(',');
        text.push_str(&"x".repeat(30_000));
    }
    text.push('\n');
    let rows = 20_000;
    for _ in 0..rows {
        text.push_str("a\n");
    }
    let report = read(text.as_bytes());
    let wrong: Vec<_> = report
        .problems
        .iter()
        .filter(|p| p.code == Code::WrongFieldCount)
        .collect();
    assert_eq!(
        wrong.len(),
        rows,
        "every short row is a wrong-field-count error"
    );
    assert!(report.devices.is_empty());
    for p in &wrong {
        assert!(
            p.message.len() < 1_000,
            "row message of {} bytes",
            p.message.len()
        );
        assert!(
            p.message
                .contains("`Device Serial Number,Windows Product ID,Hardware Hash,xxx"),
            "the excerpt still starts with the header: {}",
            p.message
        );
        assert!(p.message.contains("…`"), "the cut is marked: {}", p.message);
    }
    let total: usize = report.problems.iter().map(|p| p.message.len()).sum();
    assert!(
        total < text.len() * 200,
        "{total} bytes of messages for a {} byte file",
        text.len()
    );
}

/// Same amplification through the column name of an unclosed-quote (or too-long) field.
#[test]
fn huge_header_cell_is_cut_in_field_errors() {
    let mut text = "y".repeat(32_000);
    text.push_str(",Device Serial Number,Windows Product ID,Hardware Hash\n");
    for _ in 0..5_000 {
        text.push_str("\"\n");
    }
    let report = read(text.as_bytes());
    let unclosed: Vec<_> = report
        .problems
        .iter()
        .filter(|p| p.code == Code::UnclosedQuote)
        .collect();
    assert_eq!(unclosed.len(), 5_000);
    for p in &unclosed {
        assert!(
            p.message.len() < 1_000,
            "row message of {} bytes",
            p.message.len()
        );
        assert!(p.message.contains("yyy…\" field"), "{}", p.message);
    }
}

/// A header that fits is still quoted whole.
#[test]
fn real_headers_are_quoted_whole() {
    let text = format!("{HEADER}PF1,,T0Ea,extra\r\n");
    let report = read(text.as_bytes());
    let p = report
        .problems
        .iter()
        .find(|p| p.code == Code::WrongFieldCount)
        .expect("wrong-field-count");
    assert!(
        p.message
            .contains("`Device Serial Number,Windows Product ID,Hardware Hash`"),
        "{}",
        p.message
    );
}

#[test]
fn unclosed_quotes_cost_only_their_own_line() {
    let text = format!("{HEADER}\"PF1,,T0Ea\r\nPF2,,\"T0Ea\r\nPF3,\"\r\n");
    let report = read(text.as_bytes());
    for line in 2..=4 {
        assert!(
            has(&report, Some(line), Code::UnclosedQuote),
            "line {line}: {:?}",
            codes(&report)
        );
    }
    let p = report
        .problems
        .iter()
        .find(|p| p.line == Some(3))
        .expect("line 3");
    assert!(
        p.message.contains("\"Hardware Hash\""),
        "names the column: {}",
        p.message
    );
    assert_eq!(report.exit_code(), 1);
}

#[test]
fn a_two_megabyte_line_without_line_breaks_is_one_field_too_long() {
    let text = "x".repeat(2 * 1024 * 1024);
    let report = read(text.as_bytes());
    assert!(
        has(&report, Some(1), Code::FieldTooLong),
        "{:?}",
        codes(&report)
    );
    assert!(report.devices.is_empty());
    assert_ne!(report.exit_code(), 0);
    assert!(report.problems.iter().all(|p| p.message.len() < 1_000));

    // The same after a valid header: the huge field is the hash.
    let text = format!("{HEADER}PF1,,{}", "A".repeat(2 * 1024 * 1024));
    let report = read(text.as_bytes());
    assert_eq!(codes(&report), vec![(Some(2), Code::FieldTooLong)]);
    assert!(
        report.problems[0].message.contains("\"Hardware Hash\""),
        "{}",
        report.problems[0].message
    );
}

#[test]
fn a_hundred_thousand_commas() {
    // As the first line: no header, not the three-field tuple.
    let text = ",a".repeat(100_000);
    let report = read(text.as_bytes());
    assert_eq!(codes(&report), vec![(None, Code::MissingColumn)]);

    // After a header, a line of nothing but commas is blank.
    let text = format!("{HEADER}{}\r\n", ",".repeat(100_000));
    let report = read(text.as_bytes());
    assert!(has(&report, None, Code::BlankLines), "{:?}", codes(&report));
    assert!(has(&report, None, Code::NoDevices), "{:?}", codes(&report));

    // A row with 100,000 fields is not the header's three.
    let text = format!("{HEADER}PF1{}\r\n", ",x".repeat(100_000));
    let report = read(text.as_bytes());
    assert_eq!(codes(&report), vec![(Some(2), Code::WrongFieldCount)]);
    assert!(
        report.problems[0].message.contains("100001 fields"),
        "{}",
        report.problems[0].message
    );
}

fn utf16le(units: &[u16]) -> Vec<u8> {
    let mut bytes = vec![0xFF, 0xFE];
    for unit in units {
        bytes.extend_from_slice(&unit.to_le_bytes());
    }
    bytes
}

#[test]
fn lone_surrogates_in_utf16_fail_only_their_row() {
    let mut units: Vec<u16> = format!("{HEADER}PF1,,T0E").encode_utf16().collect();
    units.push(0xD800); // high surrogate not followed by a low one
    units.extend("A\r\nPF2,,".encode_utf16());
    units.push(0xDC00); // low surrogate alone
    units.extend("\r\n".encode_utf16());
    units.push(0xDBFF); // high surrogate at the very end
    let report = read(&utf16le(&units));
    assert_eq!(report.files[0].encoding, Some(Encoding::Utf16Le));
    assert!(
        has(&report, Some(2), Code::HashNotBase64),
        "{:?}",
        codes(&report)
    );
    assert!(
        has(&report, Some(3), Code::HashNotBase64),
        "{:?}",
        codes(&report)
    );
    let p = report
        .problems
        .iter()
        .find(|p| p.line == Some(2))
        .expect("line 2");
    assert!(
        p.message.contains('\u{FFFD}'),
        "shows the replacement character: {}",
        p.message
    );
    // The last line is a lone U+FFFD: one field, not the header's three.
    assert!(
        has(&report, Some(4), Code::WrongFieldCount),
        "{:?}",
        codes(&report)
    );
}

#[test]
fn utf16_bom_with_an_odd_byte_count_drops_the_dangling_byte() {
    let text = format!("{HEADER}PF1,,T0Ea\r\n");
    let even = Encoding::Utf16Le.encode(&text);
    let mut odd = even.clone();
    odd.push(b'Z');
    assert_eq!(read(&odd), read(&even));
    let mut odd_be = Encoding::Utf16Be.encode(&text);
    odd_be.push(0x00);
    assert_eq!(codes(&read(&odd_be)), codes(&read(&even)));

    // A BOM and one byte: an empty file.
    let report = read(&[0xFF, 0xFE, b'A']);
    assert_eq!(codes(&report), vec![(None, Code::NoDevices)]);
    let report = read(&[0xFE, 0xFF, 0x00]);
    assert_eq!(codes(&report), vec![(None, Code::NoDevices)]);
}

#[test]
fn nul_bytes_make_the_file_unreadable() {
    for bytes in [
        b"\0".to_vec(),
        vec![0u8; 1000],
        format!("{HEADER}PF1,,T0Ea\0\r\n").into_bytes(),
        // Past the 64 KB sample that is checked for control characters.
        format!("{HEADER}{}PF1,,T0Ea\0\r\n", "PF0,,T0Ea\r\n".repeat(7_000)).into_bytes(),
        Encoding::Utf16Le.encode(&format!("{HEADER}PF1,,\0T0Ea\r\n")),
        Encoding::Utf16BeNoBom.encode(&format!("{HEADER}PF1,,\0T0Ea\r\n")),
        [&[0xEF, 0xBB, 0xBF][..], b"Device Serial Number\0"].concat(),
    ] {
        let report = read(&bytes);
        assert_eq!(
            codes(&report),
            vec![(None, Code::UnreadableFile)],
            "{:?}",
            &bytes[..bytes.len().min(40)]
        );
        assert_eq!(report.exit_code(), 2);
        assert_eq!(report.files[0].encoding, None);
    }
}

#[test]
fn hash_decoder_survives_adversarial_text() {
    let long = "A".repeat(1_000_001);
    let cases = [
        "",
        "=",
        "==",
        "===",
        "T0E",
        "T0E=",
        "T0EA====",
        "T0=A",
        "é",
        "T0Eé",
        "\u{FFFD}\u{FFFD}",
        "T0EAAA\0",
        &long,
    ];
    let mut scratch = Vec::new();
    for text in cases {
        let result = hardware_hash::decode(text, &mut scratch);
        assert!(result.is_err(), "{:?} decoded", &text[..text.len().min(20)]);
    }
    // A blob whose length field points past its end, and one whose record length is zero.
    assert!(hardware_hash::parse(b"OA\xFF\xFF").is_err());
    let mut blob = b"OA\x08\x00\x0E\x00\x00\x00".to_vec();
    blob.extend_from_slice(&[0u8; 36]);
    assert!(hardware_hash::parse(&blob).is_err());
}
