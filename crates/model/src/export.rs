//! What "Export" writes: the devices of the current view, or the fly-in's problems, as a CSV file
//! Excel opens as it is (UTF-8 with a byte order mark, RFC 4180 quoting) and cannot be made to
//! run anything. The quoting is written here: the `csv` crate's writer (or `csv-core`'s alone)
//! cost the first visit 17 KB brotli (BENCHMARKS.md); the `csv` crate reads every exported file
//! back in the tests. A device's model, serial or user comes from files and hardware hashes
//! that outsiders write: a field starting with `=`, `+`, `-`, `@`, a tab or a carriage return is
//! neutralised with a leading `'`, as OWASP's "CSV Injection" advice says, so a spreadsheet reads
//! it as text, never as a formula.

use crate::words;
use crate::workspace::SortColumn;
use autopilot_i18n::{t, Lang};
use autopilot_reader::Problem;
use autopilot_service::device::{Device, TenantTime, DAY};
use autopilot_service::time::civil_from_days;
use std::borrow::Cow;

/// UTF-8's byte order mark: without it Excel reads the file as the machine's ANSI code page.
const BOM: &[u8] = b"\xEF\xBB\xBF";

/// `value` as a spreadsheet may show it: text that would start a formula gets a leading `'`.
pub fn neutralise(value: &str) -> Cow<'_, str> {
    match value.as_bytes().first() {
        Some(b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r') => Cow::Owned(format!("'{value}")),
        _ => Cow::Borrowed(value),
    }
}

/// A CSV file of `rows` under `header`, every field neutralised.
fn write<'a>(header: &[String], rows: impl Iterator<Item = Vec<Cow<'a, str>>>) -> Vec<u8> {
    let mut out = BOM.to_vec();
    record(&mut out, header.iter().map(String::as_str));
    for row in rows {
        record(&mut out, row.iter().map(|field| field.as_ref()));
    }
    out
}

/// One record, RFC 4180: a field with a comma, a quote or a line break is quoted, its quotes
/// doubled; records end with CRLF. (The tests read every file back with the `csv` crate.)
fn record<'a>(out: &mut Vec<u8>, fields: impl Iterator<Item = &'a str>) {
    for (i, field) in fields.enumerate() {
        if i > 0 {
            out.push(b',');
        }
        let field = neutralise(field);
        if field.contains([',', '"', '\r', '\n']) {
            out.push(b'"');
            out.extend_from_slice(field.replace('"', "\"\"").as_bytes());
            out.push(b'"');
        } else {
            out.extend_from_slice(field.as_bytes());
        }
    }
    out.extend_from_slice(b"\r\n");
}

/// The name an export is saved under: `devices-2026-12-05.csv`.
pub fn file_name(what: &str, now: TenantTime) -> String {
    format!("{what}-{}.csv", date(now))
}

/// A date as spreadsheets read it: `2026-11-23`.
fn date(at: TenantTime) -> String {
    let (y, m, d) = civil_from_days(at.0.div_euclid(DAY.0));
    format!("{y:04}-{m:02}-{d:02}")
}

/// One device's value in `column` at tenant time `now`, as data: dates as `YYYY-MM-DD`, the age
/// as a number of months, nothing where the table says "Never", "No user" or "—"; profiles and
/// states in `lang`, as the table shows them.
fn value(device: &Device, column: SortColumn, now: TenantTime, lang: Lang) -> Cow<'_, str> {
    match column {
        SortColumn::User => Cow::Borrowed(&device.assigned_user),
        SortColumn::Serial => Cow::Borrowed(&device.serial),
        SortColumn::Manufacturer => Cow::Borrowed(&device.manufacturer),
        SortColumn::Model => Cow::Borrowed(&device.model),
        SortColumn::Profile => Cow::Owned(words::profile(lang, device.profile)),
        SortColumn::State => Cow::Owned(words::state(lang, device.state(now))),
        SortColumn::LastSeen => Cow::Owned(device.last_seen.map(date).unwrap_or_default()),
        SortColumn::Age => Cow::Owned(
            device
                .age_months(now)
                .map(|m| m.to_string())
                .unwrap_or_default(),
        ),
    }
}

/// The devices of a view, in its order, with its visible `columns` (headed as in the table, in
/// `lang`: the file is for people, as the table is).
pub fn devices_csv<'a>(
    devices: impl Iterator<Item = &'a Device>,
    columns: &[SortColumn],
    now: TenantTime,
    lang: Lang,
) -> Vec<u8> {
    let header: Vec<String> = columns.iter().map(|&c| words::column(lang, c)).collect();
    write(
        &header,
        devices.map(|d| columns.iter().map(|&c| value(d, c, now, lang)).collect()),
    )
}

/// The fly-in's problems: file, line, serial, severity, code and message, one a row, headed in
/// `lang` (the messages are in it already; severities and codes stay the stable ones, for
/// filters).
pub fn problems_csv(problems: &[Problem], lang: Lang) -> Vec<u8> {
    write(
        &[
            t!(lang, "column-file"),
            t!(lang, "column-line"),
            t!(lang, "column-serial"),
            t!(lang, "column-severity"),
            t!(lang, "column-code"),
            t!(lang, "column-problem"),
        ],
        problems.iter().map(|p| {
            vec![
                Cow::Borrowed(p.file.as_str()),
                Cow::Owned(p.line.map(|l| l.to_string()).unwrap_or_default()),
                Cow::Borrowed(p.serial.as_deref().unwrap_or_default()),
                Cow::Borrowed(p.severity.as_str()),
                Cow::Borrowed(p.code.as_str()),
                Cow::Borrowed(p.message.as_str()),
            ]
        }),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use autopilot_reader::{read_files, ImportOptions};
    use autopilot_service::demo::demo;
    use autopilot_service::device::RealTime;
    use autopilot_service::service::ServiceSettings;

    const NOW: RealTime = RealTime(1_795_000_000_000);

    /// The file read back as a spreadsheet's CSV import would: the BOM, then records.
    fn read_back(bytes: &[u8]) -> Vec<Vec<String>> {
        assert!(bytes.starts_with(BOM), "UTF-8 with a byte order mark");
        csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(&bytes[BOM.len()..])
            .records()
            .map(|r| r.expect("a CSV record").iter().map(str::to_owned).collect())
            .collect()
    }

    #[test]
    fn every_device_of_the_view_with_its_columns_cell_by_cell() {
        let s = demo(NOW, ServiceSettings::default());
        let now = s.now(NOW);
        let columns = [
            SortColumn::Serial,
            SortColumn::User,
            SortColumn::State,
            SortColumn::LastSeen,
            SortColumn::Age,
        ];
        let rows = read_back(&devices_csv(s.devices.iter(), &columns, now, Lang::En));
        assert_eq!(
            rows[0],
            [
                "Serial number",
                "Assigned user",
                "State",
                "Last seen",
                "Age"
            ]
        );
        assert_eq!(rows.len(), s.devices.len() + 1);
        for (row, device) in rows[1..].iter().zip(&s.devices) {
            assert_eq!(row[0], device.serial);
            assert_eq!(row[1], device.assigned_user);
            assert_eq!(row[2], device.state(now).label());
            match device.last_seen {
                // The same day as the table's "Nov 23, 2026", written as a spreadsheet reads it.
                Some(at) => {
                    let months = [
                        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct",
                        "Nov", "Dec",
                    ];
                    let (y, m, d) = (&row[3][0..4], &row[3][5..7], &row[3][8..10]);
                    let m: usize = m.parse().expect("a month");
                    let d: u32 = d.parse().expect("a day");
                    assert_eq!(
                        crate::workspace::format_date(at),
                        format!("{} {d}, {y}", months[m - 1])
                    );
                }
                None => assert_eq!(row[3], ""),
            }
            assert_eq!(
                row[4],
                device
                    .age_months(now)
                    .map(|m| m.to_string())
                    .unwrap_or_default()
            );
        }
    }

    #[test]
    fn what_outsiders_wrote_comes_out_inert() {
        let s = demo(NOW, ServiceSettings::default());
        let now = s.now(NOW);
        let mut device = s.devices[0].clone();
        device.model = "=HYPERLINK(\"http://x\",\"y\")".into();
        device.assigned_user = "@SUM(1+1)".into();
        device.serial = "-2+3".into();
        device.manufacturer = "\tcmd|' /C calc'!A0".into();
        let columns = [
            SortColumn::Model,
            SortColumn::User,
            SortColumn::Serial,
            SortColumn::Manufacturer,
        ];
        let rows = read_back(&devices_csv(
            std::iter::once(&device),
            &columns,
            now,
            Lang::En,
        ));
        assert_eq!(
            rows[1],
            [
                "'=HYPERLINK(\"http://x\",\"y\")",
                "'@SUM(1+1)",
                "'-2+3",
                "'\tcmd|' /C calc'!A0"
            ]
        );
        // Ordinary values stay as they are.
        assert_eq!(neutralise("PF3QWDRA"), "PF3QWDRA");
        assert_eq!(neutralise(""), "");
        assert_eq!(neutralise("\rX"), "'\rX");
        assert_eq!(neutralise("+31 20"), "'+31 20");
    }

    #[test]
    fn any_text_reads_back_as_written_by_an_independent_reader() {
        // Every awkward character, at the start, the middle and the end of a field.
        let pieces = [
            "a", ",", "\"", "\r", "\n", "\r\n", " ", "=", "-", "é", "\t", "''",
        ];
        let mut fields = Vec::new();
        for a in pieces {
            for b in pieces {
                fields.push(format!("{a}x{b}"));
                fields.push(format!("{a}{b}"));
            }
        }
        let rows: Vec<Vec<Cow<'_, str>>> = fields
            .chunks_exact(5)
            .map(|chunk| chunk.iter().map(|f| Cow::Borrowed(f.as_str())).collect())
            .collect();
        let header = ["1", "2", "3", "4", "5"].map(String::from);
        let back = read_back(&write(&header, rows.clone().into_iter()));
        assert_eq!(back.len(), rows.len() + 1);
        for (got, sent) in back[1..].iter().zip(&rows) {
            let expected: Vec<String> = sent.iter().map(|f| neutralise(f).into_owned()).collect();
            assert_eq!(got[..sent.len()], expected[..]);
        }
    }

    #[test]
    fn the_problems_of_a_read_with_file_line_serial_severity_code_and_fix() {
        let text =
            "Device Serial Number,Windows Product ID,Hardware Hash\r\n=EVIL(),,not base64!\r\n";
        let report = read_files(
            [("a.csv", text.as_bytes().to_vec())],
            ImportOptions::default(),
        );
        assert!(!report.problems.is_empty());
        let rows = read_back(&problems_csv(&report.problems, Lang::En));
        assert_eq!(
            rows[0],
            [
                "File",
                "Line",
                "Serial number",
                "Severity",
                "Code",
                "Problem and fix"
            ]
        );
        assert_eq!(rows.len(), report.problems.len() + 1);
        let first = &report.problems[0];
        assert_eq!(rows[1][0], "a.csv");
        assert_eq!(
            rows[1][1],
            first.line.map(|l| l.to_string()).unwrap_or_default()
        );
        assert_eq!(rows[1][2], "'=EVIL()", "the serial as written, inert");
        assert_eq!(rows[1][3], first.severity.as_str());
        assert_eq!(rows[1][4], first.code.as_str());
        assert_eq!(rows[1][5], neutralise(&first.message));
        let dutch = read_back(&problems_csv(&report.problems, Lang::Nl));
        assert_eq!(dutch[0][..3], ["Bestand", "Regel", "Serienummer"]);
        assert_eq!(
            dutch[1][3..5],
            rows[1][3..5],
            "severities and codes stay as they are"
        );
    }

    #[test]
    fn a_dutch_export_is_headed_and_worded_as_the_dutch_table() {
        let s = demo(NOW, ServiceSettings::default());
        let now = s.now(NOW);
        let columns = [SortColumn::Serial, SortColumn::Profile, SortColumn::State];
        let rows = read_back(&devices_csv(s.devices.iter(), &columns, now, Lang::Nl));
        assert_eq!(rows[0], ["Serienummer", "Profiel", "Status"]);
        for (row, device) in rows[1..].iter().zip(&s.devices) {
            assert_eq!(row[1], words::profile(Lang::Nl, device.profile));
            assert_eq!(row[2], words::state(Lang::Nl, device.state(now)));
        }
        assert!(rows.iter().any(|r| r[2] == "Klaar voor gebruiker"));
    }
}
