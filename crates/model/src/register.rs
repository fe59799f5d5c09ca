//! What the Register devices fly-in says: the preview's summary, the hint beside the button and
//! the outcome of a submission. Counts come from the reader's report, never re-derived here.

use crate::locale::number;
use autopilot_i18n::{t, Lang};
use autopilot_reader::import::FileSummary;
use autopilot_reader::{ImportReport, Severity};

/// `1 device`, `2 devices`, `10,000 devices` (the count as the browser's locale writes it).
pub fn plural(n: usize, one: &str, many: &str) -> String {
    format!(
        "{} {}",
        crate::locale::number(n),
        if n == 1 { one } else { many }
    )
}

/// What the file field says was chosen (the browser's own control is emptied after each choice,
/// so that the same file can be chosen again once fixed): `Chosen: a.csv`, or
/// `Chosen: 12 files: a.csv, b.csv, c.csv and 9 more`.
pub fn chosen_files(names: &[String], lang: Lang) -> String {
    const NAMED: usize = 3;
    match names {
        [] => String::new(),
        [one] => t!(lang, "chosen-file", name = one.as_str()),
        _ => {
            let shown = names[..names.len().min(NAMED)].join(", ");
            let more = names.len().saturating_sub(NAMED);
            let names_text = if more > 0 {
                t!(lang, "names-and-more", names = shown, n = number(more))
            } else {
                shown
            };
            t!(
                lang,
                "chosen-files",
                n = number(names.len()),
                names = names_text
            )
        }
    }
}

/// How a summary should look.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    /// Nothing can be registered.
    Error,
    /// Some rows are left out.
    Warning,
    /// Every row can be registered.
    Success,
}

/// The preview's summary line and its tone.
pub fn summary(report: &ImportReport, lang: Lang) -> (Tone, String) {
    let devices = report.devices.len();
    let tone = if devices == 0 {
        Tone::Error
    } else if report.count(Severity::Error) > 0 {
        Tone::Warning
    } else {
        Tone::Success
    };
    let mut parts = vec![t!(
        lang,
        "preview-devices",
        count = devices,
        n = number(devices)
    )];
    let left_out = report.rows_left_out();
    if left_out > 0 {
        parts.push(t!(
            lang,
            "preview-left-out",
            count = left_out,
            n = number(left_out)
        ));
    }
    if report.has_unusable_file() {
        parts.push(t!(lang, "preview-unusable"));
    }
    let warnings = report.count(Severity::Warning);
    if warnings > 0 {
        parts.push(t!(
            lang,
            "preview-warnings",
            count = warnings,
            n = number(warnings)
        ));
    }
    (tone, parts.join(" "))
}

/// Where the fly-in stands, for the hint beside Register devices.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// Files are being read.
    Reading,
    /// No file yet.
    NoFile,
    /// The Assigned Users are being checked against a real tenant's directory.
    CheckingUsers {
        /// Users answered.
        done: usize,
        /// Users asked about.
        total: usize,
    },
    /// Read; this many devices can be registered.
    Read {
        /// Devices that can be registered.
        devices: usize,
        /// Whether a profile is chosen.
        profile_chosen: bool,
    },
}

/// The hint beside Register devices: what is missing, or what will happen.
pub fn hint(step: Step, lang: Lang) -> String {
    match step {
        Step::Reading => String::new(),
        Step::NoFile => t!(lang, "hint-no-file"),
        // Once: the hint is a live region, and the progress bar counts.
        Step::CheckingUsers { .. } => t!(lang, "hint-checking-users"),
        Step::Read { devices: 0, .. } => t!(lang, "hint-nothing"),
        Step::Read {
            profile_chosen: false,
            ..
        } => t!(lang, "hint-profile"),
        Step::Read { devices, .. } => {
            t!(lang, "hint-ready", count = devices, n = number(devices))
        }
    }
}

/// Whether Register devices can be selected: the files are read, some device can be registered,
/// a profile is chosen and no submission is running.
pub fn can_register(step: Step, submitting: bool) -> bool {
    matches!(
        step,
        Step::Read {
            devices: 1..,
            profile_chosen: true
        }
    ) && !submitting
}

/// One file's line in the preview: `UTF-16LE, Get-WindowsAutoPilotInfo: 3 of 4 rows`.
pub fn file_line(file: &FileSummary, lang: Lang) -> String {
    match (file.encoding, file.layout) {
        (Some(e), Some(l)) => t!(
            lang,
            "file-line",
            encoding = e.label_in(lang),
            layout = l.label_in(lang),
            devices = number(file.devices as usize),
            rows = number(file.rows as usize)
        ),
        (Some(e), None) => t!(lang, "file-line-no-header", encoding = e.label_in(lang)),
        _ => t!(lang, "file-line-unreadable"),
    }
}

/// What the admin is told when a submission stopped: what went, what did not and why.
pub fn stopped(submitted: usize, left: usize, why: &str, lang: Lang) -> String {
    t!(
        lang,
        "stopped",
        submitted = submitted,
        submitted_n = number(submitted),
        left = left,
        left_n = number(left),
        why = why
    )
}

#[cfg(test)]
mod tests {

    #[test]
    fn the_file_field_says_what_was_chosen() {
        let names = |n: usize| (1..=n).map(|i| format!("f{i}.csv")).collect::<Vec<_>>();
        assert_eq!(chosen_files(&[], Lang::En), "");
        assert_eq!(chosen_files(&names(1), Lang::En), "Chosen: f1.csv");
        assert_eq!(
            chosen_files(&names(3), Lang::En),
            "Chosen: 3 files: f1.csv, f2.csv, f3.csv"
        );
        assert_eq!(
            chosen_files(&names(12), Lang::En),
            "Chosen: 12 files: f1.csv, f2.csv, f3.csv and 9 more"
        );
    }

    use super::*;
    use autopilot_reader::{read_files, ImportOptions};

    fn read(text: &str) -> ImportReport {
        read_files(
            [("a.csv", text.as_bytes().to_vec())],
            ImportOptions::default(),
        )
    }

    #[test]
    fn a_file_without_devices_says_nothing_will_be_registered() {
        let (tone, text) = summary(
            &read("Device Serial Number,Windows Product ID,Hardware Hash\nA,,\n"),
            Lang::En,
        );
        assert_eq!(tone, Tone::Error);
        assert_eq!(
            text,
            "0 devices will be registered. 1 row with errors will be left out."
        );
        let (tone, text) = summary(
            &read("Device Serial Number,Windows Product ID\nA,\n"),
            Lang::En,
        );
        assert_eq!(tone, Tone::Error);
        assert_eq!(
            text,
            "0 devices will be registered. Some files could not be read at all."
        );
    }

    #[test]
    fn the_hint_names_the_missing_step() {
        assert_eq!(hint(Step::NoFile, Lang::En), "Upload a file to continue.");
        assert_eq!(hint(Step::Reading, Lang::En), "");
        assert_eq!(
            hint(
                Step::CheckingUsers {
                    done: 25,
                    total: 1200
                },
                Lang::En
            ),
            "Wait while the assigned users are checked in Microsoft Entra ID."
        );
        let read = |devices, profile_chosen| Step::Read {
            devices,
            profile_chosen,
        };
        assert_eq!(
            hint(read(0, true), Lang::En),
            "No device in these files can be registered."
        );
        assert_eq!(
            hint(read(3, false), Lang::En),
            "Select a device profile to continue."
        );
        assert_eq!(
            hint(read(1, true), Lang::En),
            "1 device will be registered."
        );
        assert_eq!(
            hint(read(2, true), Lang::En),
            "2 devices will be registered."
        );
    }

    #[test]
    fn register_needs_devices_a_profile_and_no_submission_running() {
        let read = |devices, profile_chosen| Step::Read {
            devices,
            profile_chosen,
        };
        assert!(can_register(read(2, true), false));
        assert!(
            !can_register(read(2, true), true),
            "one submission at a time"
        );
        assert!(!can_register(read(0, true), false));
        assert!(!can_register(read(2, false), false));
        assert!(!can_register(Step::Reading, false));
        assert!(!can_register(Step::NoFile, false));
        assert!(
            !can_register(Step::CheckingUsers { done: 1, total: 2 }, false),
            "not before the directory has answered"
        );
    }

    #[test]
    fn each_file_says_how_it_was_read() {
        let report = read("Device Serial Number,Windows Product ID,Hardware Hash\nA,,\n");
        assert_eq!(
            file_line(&report.files[0], Lang::En),
            "UTF-8, Get-WindowsAutoPilotInfo: 0 of 1 rows"
        );
        let png = read_files(
            [("p.png", vec![0x89, b'P', 0, 0, 1])],
            ImportOptions::default(),
        );
        assert_eq!(file_line(&png.files[0], Lang::En), "could not be read");
    }

    #[test]
    fn the_fly_in_speaks_dutch_with_dutch_plurals() {
        let nl = Lang::Nl;
        assert_eq!(
            hint(Step::NoFile, nl),
            "Upload een bestand om verder te gaan."
        );
        assert_eq!(
            hint(
                Step::Read {
                    devices: 1,
                    profile_chosen: true
                },
                nl
            ),
            "1 apparaat wordt geregistreerd."
        );
        assert_eq!(
            hint(
                Step::Read {
                    devices: 3,
                    profile_chosen: true
                },
                nl
            ),
            "3 apparaten worden geregistreerd."
        );
        let (_, text) = summary(
            &read("Device Serial Number,Windows Product ID,Hardware Hash\nA,,\n"),
            nl,
        );
        assert_eq!(
            text,
            "0 apparaten worden geregistreerd. 1 regel met fouten wordt overgeslagen."
        );
        let report = read("Device Serial Number,Windows Product ID,Hardware Hash\nA,,\n");
        assert_eq!(
            file_line(&report.files[0], nl),
            "UTF-8, Get-WindowsAutoPilotInfo: 0 van 1 regels"
        );
        assert_eq!(
            stopped(1, 2, "Druk.", nl),
            "1 apparaat is ingediend; 2 apparaten niet: Druk. Selecteer Apparaten registreren om de rest in te dienen."
        );
        let names: Vec<String> = (1..=5).map(|i| format!("f{i}.csv")).collect();
        assert_eq!(
            chosen_files(&names, nl),
            "Gekozen: 5 bestanden: f1.csv, f2.csv, f3.csv en nog 2"
        );
    }

    #[test]
    fn a_stopped_submission_counts_both_parts() {
        assert_eq!(
            stopped(500, 1, "Busy.", Lang::En),
            "500 devices were submitted; 1 device was not: Busy. Select Register devices to submit the rest."
        );
    }
}
