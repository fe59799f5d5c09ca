//! What the Register devices fly-in says: the preview's summary, the hint beside the button and
//! the outcome of a submission. Counts come from the reader's report, never re-derived here.

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
pub fn chosen_files(names: &[String]) -> String {
    const NAMED: usize = 3;
    match names {
        [] => String::new(),
        [one] => format!("Chosen: {one}"),
        _ => {
            let shown = names[..names.len().min(NAMED)].join(", ");
            let more = names.len().saturating_sub(NAMED);
            let rest = if more > 0 {
                format!(" and {} more", crate::locale::number(more))
            } else {
                String::new()
            };
            format!(
                "Chosen: {}: {shown}{rest}",
                plural(names.len(), "file", "files")
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
pub fn summary(report: &ImportReport) -> (Tone, String) {
    let devices = report.devices.len();
    let tone = if devices == 0 {
        Tone::Error
    } else if report.count(Severity::Error) > 0 {
        Tone::Warning
    } else {
        Tone::Success
    };
    let mut text = format!(
        "{} will be registered.",
        plural(devices, "device", "devices")
    );
    let left_out = report.rows_left_out();
    if left_out > 0 {
        text.push_str(&format!(
            " {} with errors will be left out.",
            plural(left_out, "row", "rows")
        ));
    }
    if report.has_unusable_file() {
        text.push_str(" Some files could not be read at all.");
    }
    let warnings = report.count(Severity::Warning);
    if warnings > 0 {
        text.push_str(&format!(
            " {} to look at.",
            plural(warnings, "warning", "warnings")
        ));
    }
    (tone, text)
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
pub fn hint(step: Step) -> String {
    match step {
        Step::Reading => String::new(),
        Step::NoFile => "Upload a file to continue.".to_owned(),
        // Once: the hint is a live region, and the progress bar counts.
        Step::CheckingUsers { .. } => {
            "Wait while the assigned users are checked in Microsoft Entra ID.".to_owned()
        }
        Step::Read { devices: 0, .. } => "No device in these files can be registered.".to_owned(),
        Step::Read {
            profile_chosen: false,
            ..
        } => "Select a device profile to continue.".to_owned(),
        Step::Read { devices, .. } => {
            format!(
                "{} will be registered.",
                plural(devices, "device", "devices")
            )
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
pub fn file_line(file: &FileSummary) -> String {
    match (file.encoding, file.layout) {
        (Some(e), Some(l)) => format!(
            "{}, {}: {} of {} rows",
            e.label(),
            l.label(),
            crate::locale::number(file.devices as usize),
            crate::locale::number(file.rows as usize)
        ),
        (Some(e), None) => format!("{}: no header understood", e.label()),
        _ => "could not be read".to_owned(),
    }
}

/// What the admin is told when a submission stopped: what went, what did not and why.
pub fn stopped(submitted: usize, left: usize, why: &str) -> String {
    format!(
        "{} submitted; {} not: {why} Select Register devices to submit the rest.",
        plural(submitted, "device was", "devices were"),
        plural(left, "device was", "devices were"),
    )
}

#[cfg(test)]
mod tests {

    #[test]
    fn the_file_field_says_what_was_chosen() {
        let names = |n: usize| (1..=n).map(|i| format!("f{i}.csv")).collect::<Vec<_>>();
        assert_eq!(chosen_files(&[]), "");
        assert_eq!(chosen_files(&names(1)), "Chosen: f1.csv");
        assert_eq!(
            chosen_files(&names(3)),
            "Chosen: 3 files: f1.csv, f2.csv, f3.csv"
        );
        assert_eq!(
            chosen_files(&names(12)),
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
        let (tone, text) = summary(&read(
            "Device Serial Number,Windows Product ID,Hardware Hash\nA,,\n",
        ));
        assert_eq!(tone, Tone::Error);
        assert_eq!(
            text,
            "0 devices will be registered. 1 row with errors will be left out."
        );
        let (tone, text) = summary(&read("Device Serial Number,Windows Product ID\nA,\n"));
        assert_eq!(tone, Tone::Error);
        assert_eq!(
            text,
            "0 devices will be registered. Some files could not be read at all."
        );
    }

    #[test]
    fn the_hint_names_the_missing_step() {
        assert_eq!(hint(Step::NoFile), "Upload a file to continue.");
        assert_eq!(hint(Step::Reading), "");
        assert_eq!(
            hint(Step::CheckingUsers {
                done: 25,
                total: 1200
            }),
            "Wait while the assigned users are checked in Microsoft Entra ID."
        );
        let read = |devices, profile_chosen| Step::Read {
            devices,
            profile_chosen,
        };
        assert_eq!(
            hint(read(0, true)),
            "No device in these files can be registered."
        );
        assert_eq!(hint(read(3, false)), "Select a device profile to continue.");
        assert_eq!(hint(read(1, true)), "1 device will be registered.");
        assert_eq!(hint(read(2, true)), "2 devices will be registered.");
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
            file_line(&report.files[0]),
            "UTF-8, Get-WindowsAutoPilotInfo: 0 of 1 rows"
        );
        let png = read_files(
            [("p.png", vec![0x89, b'P', 0, 0, 1])],
            ImportOptions::default(),
        );
        assert_eq!(file_line(&png.files[0]), "could not be read");
    }

    #[test]
    fn a_stopped_submission_counts_both_parts() {
        assert_eq!(
            stopped(500, 1, "Busy."),
            "500 devices were submitted; 1 device was not: Busy. Select Register devices to submit the rest."
        );
    }
}
