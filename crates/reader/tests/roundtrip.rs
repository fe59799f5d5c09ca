//! Property: any generated device survives write → read unchanged, in every layout and encoding.

use autopilot_gen::{self as generate, GenDevice, WriteOptions};
use autopilot_reader::{read_files, Encoding, ImportOptions, Layout, Severity};
use proptest::prelude::*;

fn text(extra: &'static str) -> impl Strategy<Value = String> {
    // Letters, digits, inner blanks and a few Latin-1 letters; `extra` adds characters that need quoting.
    let alphabet = format!("[A-Za-z0-9éüÅ.()&{extra}-]");
    proptest::string::string_regex(&format!(
        "{alphabet}([ {extra}A-Za-z0-9éü-]{{0,18}}{alphabet})?"
    ))
    .expect("regex")
}

fn device(quoted: bool, index: usize) -> impl Strategy<Value = GenDevice> {
    let extra = if quoted { ",\"" } else { "" };
    (
        text(extra),
        text(extra),
        text(extra),
        proptest::option::of("[a-z]{1,8}(\\.[a-z]{1,8})?"),
        "[A-Za-z0-9_]{0,12}",
        any::<u64>(),
        400usize..4_200,
    )
        .prop_map(move |(serial, maker, model, user, tag, seed, len)| {
            let serial = format!("{serial}{index}");
            // Only zeros is what firmware reports when it has no serial (refused on purpose).
            let serial = if serial.trim().bytes().all(|b| b == b'0') {
                format!("S{serial}")
            } else {
                serial
            };
            let hardware_hash =
                generate::hash(&mut generate::Rng::new(seed), &serial, &maker, &model, len);
            GenDevice {
                serial,
                manufacturer: maker,
                model,
                group_tag: tag,
                assigned_user: user.map(|u| format!("{u}@contoso.com")).unwrap_or_default(),
                hardware_hash,
            }
        })
}

fn case() -> impl Strategy<Value = (Vec<GenDevice>, WriteOptions)> {
    let layouts = proptest::sample::select(Layout::WRITTEN.to_vec());
    let encodings = proptest::sample::select(vec![
        Encoding::Utf8,
        Encoding::Utf8Bom,
        Encoding::Utf16Le,
        Encoding::Utf16Be,
        Encoding::Utf16LeNoBom,
        Encoding::Windows1252,
    ]);
    (layouts, encodings, any::<bool>(), any::<bool>(), 1usize..6).prop_flat_map(
        |(layout, encoding, crlf, quoted, n)| {
            let devices: Vec<_> = (0..n).map(|i| device(quoted, i)).collect();
            (
                devices,
                Just(WriteOptions {
                    layout,
                    encoding,
                    crlf,
                    quoted,
                }),
            )
        },
    )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn generated_devices_survive_write_then_read((devices, options) in case()) {
        let bytes = generate::file_bytes(&devices, &options);
        let report = read_files([("p.csv", bytes.clone())], ImportOptions::default());
        // An independent reader (the csv crate) sees the same rows and fields.
        let (_, text) = autopilot_reader::encoding::decode(bytes).expect("decodes");
        let mut oracle = csv::ReaderBuilder::new()
            .has_headers(options.layout.header_line().is_some())
            .from_reader(text.as_bytes());
        let records: Vec<csv::StringRecord> = oracle.records().collect::<Result<_, _>>().expect("valid CSV");
        prop_assert_eq!(records.len(), report.devices.len());
        let columns = options.layout.columns();
        let serial_at = columns.iter().position(|c| *c == autopilot_reader::header::Column::Serial).expect("serial column");
        for (record, got) in records.iter().zip(&report.devices) {
            prop_assert_eq!(record.len(), columns.len());
            prop_assert_eq!(record.get(serial_at), Some(got.serial.as_str()));
        }
        prop_assert_eq!(report.count(Severity::Error), 0, "{:#?}", report.problems);
        prop_assert_eq!(report.devices.len(), devices.len());
        for (got, want) in report.devices.iter().zip(&devices) {
            prop_assert_eq!(&got.serial, &want.serial);
            prop_assert_eq!(&got.manufacturer, &want.manufacturer);
            prop_assert_eq!(&got.model, &want.model);
            let columns = options.layout.columns();
            if options.layout.has_hash() {
                prop_assert_eq!(got.hardware_hash.as_ref(), Some(&want.hardware_hash));
            }
            if columns.contains(&autopilot_reader::header::Column::AssignedUser) {
                prop_assert_eq!(&got.assigned_user, &want.assigned_user);
            }
            if columns.contains(&autopilot_reader::header::Column::GroupTag) {
                prop_assert_eq!(&got.group_tag, &want.group_tag);
            }
        }
    }
}
