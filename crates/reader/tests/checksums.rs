//! Two readers for one file (`autopilot_reader::checksums`): the importer reads the first part of
//! a file while a second reader computes the checksums of the rest; the report must be the one
//! reader's, whatever the file holds, and the importer must really take the checksums.

use autopilot_gen::{self as generate, GenOptions, WriteOptions};
use autopilot_reader::checksums::{second_part, Checksums};
use autopilot_reader::encoding;
use autopilot_reader::fields::Lines;
use autopilot_reader::{read_files, Code, Encoding, ImportOptions, ImportReport, Importer, Layout};

fn options() -> GenOptions {
    GenOptions {
        seed: 11,
        user_domain: Some("contoso.com".into()),
        group_tag: String::new(),
        hash_len: 1_400,
    }
}

/// What the portal's two workers do: the second decodes the same bytes and computes the checksums
/// of its part; the importer reads up to that part, takes them (as posted, through bytes), then
/// reads the rest. `spoil` changes the checksums before they are posted.
fn read_in_two(bytes: &[u8], spoil: impl Fn(&mut Vec<u8>)) -> (ImportReport, usize) {
    let mut importer = Importer::new(ImportOptions::default());
    let mut used = 0;
    if let Some(mut file) = importer.open("f.csv", bytes.to_vec()) {
        let start = file.second_part();
        let (_, text) = encoding::decode(bytes.to_vec()).expect("the importer decoded it");
        let checksums = Checksums::compute(&text, start);
        used = checksums.len();
        let mut posted = checksums.to_bytes();
        spoil(&mut posted);
        let mut done = false;
        while !done && file.progress().0 < start {
            done = importer.read_to(&mut file, 7, start);
        }
        file.use_checksums(Checksums::from_bytes(&posted).expect("whole entries"));
        while !done {
            done = importer.read(&mut file, 250);
        }
    }
    (importer.finish(), used)
}

fn read_in_one(bytes: &[u8]) -> ImportReport {
    read_files([("f.csv", bytes.to_vec())], ImportOptions::default())
}

/// A file as Windows writes it: every layout with a hash, every encoding, quoted and not.
#[test]
fn two_readers_give_the_one_readers_report_in_every_layout_and_encoding() {
    let devices = generate::devices(40, &options());
    let encodings = [
        Encoding::Utf8,
        Encoding::Utf16Le,
        Encoding::Utf16BeNoBom,
        Encoding::Windows1252,
    ];
    for layout in Layout::WRITTEN {
        for encoding in encodings {
            for (crlf, quoted) in [(true, false), (false, true)] {
                let write = WriteOptions {
                    layout,
                    encoding,
                    crlf,
                    quoted,
                };
                let bytes = generate::file_bytes(&devices, &write);
                let (report, used) = read_in_two(&bytes, |_| {});
                let context = format!("{layout:?} {encoding:?} crlf={crlf} quoted={quoted}");
                assert_eq!(report, read_in_one(&bytes), "{context}");
                assert_eq!(report.devices.len(), 40, "{context}");
                if layout.has_hash() && !quoted {
                    // More than half of the devices lie in the second reader's part.
                    assert!((20..=25).contains(&used), "{context}: {used} checksums");
                }
            }
        }
    }
}

/// The importer takes the second reader's checksums for the rows of its part: spoiled ones make
/// exactly those rows fail the checksum check, and nothing else.
#[test]
fn the_importer_takes_the_checksums_and_only_for_the_same_bytes() {
    let devices = generate::devices(60, &options());
    let bytes = generate::file_bytes(&devices, &WriteOptions::powershell_5());
    let (spoiled, used) = read_in_two(&bytes, |posted| {
        for entry in posted.chunks_exact_mut(40) {
            entry[8] ^= 0xff;
        }
    });
    assert!(used >= 30, "{used}");
    let refused: Vec<_> = spoiled
        .problems
        .iter()
        .filter(|p| p.code == Code::HashChecksumMismatch)
        .collect();
    assert_eq!(refused.len(), used);
    assert_eq!(spoiled.devices.len(), 60 - used);
    // The header is line 1, the devices lines 2 to 61: the last `used` of them are refused.
    let lines: Vec<u32> = refused.iter().filter_map(|p| p.line).collect();
    let last: Vec<u32> = (62 - used as u32..=61).collect();
    assert_eq!(lines, last, "only the rows of the second part");

    // Checksums filed one byte off, or with another length, are for other bytes: never taken.
    for shift in [0usize, 4] {
        let (report, _) = read_in_two(&bytes, |posted| {
            for entry in posted.chunks_exact_mut(40) {
                entry[shift] = entry[shift].wrapping_add(1);
                entry[8] ^= 0xff;
            }
        });
        assert_eq!(report, read_in_one(&bytes), "shifted field at byte {shift}");
    }
}

/// What real files hold besides devices: damaged rows, blank lines, the header again (merged
/// files), and a second file with other columns appended, on either side of the split.
#[test]
fn damaged_rows_repeated_and_changed_headers_read_alike() {
    let mut rng = generate::Rng::new(5);
    let first = generate::devices(30, &options());
    let second = generate::devices(
        30,
        &GenOptions {
            seed: 12,
            ..options()
        },
    );
    let utf8 = |layout| WriteOptions {
        layout,
        encoding: Encoding::Utf8,
        crlf: true,
        quoted: false,
    };
    let mut text = generate::file_text(&first, &utf8(Layout::ScriptDefault));
    // A damaged hash, a row cut short, a blank line, a stray quote.
    let damaged =
        generate::hash(&mut rng, "5CG0DAMAGED", "HP", "EliteBook", 1_400).replace('A', "B");
    text.push_str(&format!(
        "5CG0DAMAGED,,{damaged}\r\nCUT,\r\n\r\n\"QUOTE,,AAAA\r\n"
    ));
    let script_header = text.lines().next().unwrap_or_default().to_owned();
    for (layout, at_end) in [(Layout::WithUser, true), (Layout::Partner, false)] {
        let other = generate::file_text(&second, &utf8(layout));
        let merged = if at_end {
            // The same header again, then another layout after the split.
            format!("{text}{script_header}\r\n{other}")
        } else {
            // Another layout first: the split falls in the script's part.
            format!("{other}{text}")
        };
        let bytes = merged.into_bytes();
        let (report, used) = read_in_two(&bytes, |_| {});
        assert_eq!(report, read_in_one(&bytes), "{layout:?}");
        assert!(used > 10, "{layout:?}: {used}");
    }
}

#[test]
fn the_second_part_starts_at_a_line_start_whatever_ends_lines() {
    for ending in ["\n", "\r\n", "\r"] {
        for len in [0, 1, 7, 40, 41, 200] {
            let text: String = (0..len).map(|i| format!("line {i}{ending}")).collect();
            let start = second_part(&text);
            let starts: Vec<usize> = {
                let mut lines = Lines::starting_at(&text, 0, 1);
                let mut starts = vec![0];
                while lines.next().is_some() {
                    starts.push(lines.position());
                }
                starts
            };
            assert!(starts.contains(&start), "{ending:?} × {len}: {start}");
            assert!(start as f64 >= text.len() as f64 * 0.45 || start == text.len());
        }
    }
}

#[test]
fn posted_checksums_that_are_not_whole_ordered_entries_are_refused() {
    let devices = generate::devices(8, &options());
    let text = generate::file_text(
        &devices,
        &WriteOptions {
            encoding: Encoding::Utf8,
            ..WriteOptions::powershell_5()
        },
    );
    let checksums = Checksums::compute(&text, 0);
    assert_eq!(checksums.len(), 8);
    let bytes = checksums.to_bytes();
    assert_eq!(Checksums::from_bytes(&bytes), Some(checksums));
    assert_eq!(Checksums::from_bytes(&bytes[..bytes.len() - 1]), None);
    let mut reversed = bytes[40..80].to_vec();
    reversed.extend_from_slice(&bytes[..40]);
    assert_eq!(Checksums::from_bytes(&reversed), None);
    assert_eq!(Checksums::from_bytes(&[]), Some(Checksums::default()));
    // A file without a hash column has nothing to compute.
    assert!(Checksums::compute("Device Serial Number,Windows Product ID\r\nX,Y\r\n", 0).is_empty());
}
