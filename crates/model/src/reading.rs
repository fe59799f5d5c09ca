//! Reading an upload off the page's thread: what the portal and its reading worker say to each
//! other. The worker drives a [`Reading`] over the chosen files and posts its [`Update`]s; the
//! page turns them back into one report with a [`Collector`]. Both ends are here, so that the
//! protocol is tested without a browser.
//!
//! The report comes back in pieces: first everything but the devices, then the devices
//! [`DEVICES_PER_MESSAGE`] at a time, so that no single message takes the page long to decode.

use autopilot_reader::checksums::{self, Checksums};
use autopilot_reader::import::OpenFile;
use autopilot_reader::{ImportOptions, ImportReport, ImportedDevice, Importer};
use serde::{Deserialize, Serialize};

/// Devices per [`Update::Devices`]: about 2 MB of JSON with their hashes.
pub const DEVICES_PER_MESSAGE: usize = 500;

/// Lines read between two progress updates.
const LINES_PER_STEP: usize = 250;

/// What the page asks of the worker, beside the files themselves.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Request {
    /// The tenant's domains; when known, every Assigned User must be in one of them.
    pub tenant_domains: Option<Vec<String>>,
    /// The language of the problems' messages (the page's).
    #[serde(default)]
    pub lang: autopilot_i18n::Lang,
}

/// What a file is going through.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Phase {
    /// Its bytes are being read from disk.
    Reading,
    /// Its rows are being checked.
    Checking,
}

/// What the worker tells the page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum Update {
    /// The worker has started and takes requests.
    Ready,
    /// How far the whole upload is, from 0 to 1.
    Progress {
        /// The file being read.
        file: String,
        /// What happens to it.
        phase: Phase,
        /// Of all the upload's bytes.
        fraction: f64,
    },
    /// The browser could not read a file (it was moved or changed since it was chosen).
    FileError {
        /// The file's name.
        file: String,
    },
    /// The report without its devices; `devices` of them follow in [`Update::Devices`].
    Report {
        /// Problems and file summaries.
        report: ImportReport,
        /// How many devices follow.
        devices: usize,
    },
    /// The report's next devices, in order.
    Devices {
        /// At most [`DEVICES_PER_MESSAGE`].
        devices: Vec<ImportedDevice>,
    },
}

impl Update {
    /// The update as the worker posts it.
    pub fn to_json(&self) -> String {
        // Plain data (strings, numbers, enums) always serialises.
        serde_json::to_string(self).unwrap_or_default()
    }

    /// An update posted by the worker.
    pub fn from_json(text: &str) -> Result<Update, String> {
        serde_json::from_str(text)
            .map_err(|e| format!("the file reader sent an unreadable answer ({e})"))
    }
}

/// One upload being read, on the worker's side.
pub struct Reading {
    importer: Importer,
    total_bytes: f64,
    done_bytes: f64,
}

impl Reading {
    /// A read of files holding `total_bytes` in all.
    pub fn new(request: Request, total_bytes: f64) -> Self {
        Reading {
            importer: Importer::new(ImportOptions {
                tenant_domains: request.tenant_domains,
                lang: request.lang,
                ..ImportOptions::default()
            }),
            total_bytes: total_bytes.max(1.0),
            done_bytes: 0.0,
        }
    }

    /// Says that the file `name` is being fetched from disk.
    pub fn fetching(&self, name: &str, emit: &mut impl FnMut(Update)) {
        emit(Update::Progress {
            file: name.to_owned(),
            phase: Phase::Reading,
            fraction: self.fraction(0.0),
        });
    }

    /// Reads and checks one file, `bytes` being its content or `None` when the browser could not
    /// read it; says how far it is every few hundred lines.
    pub fn file(
        &mut self,
        name: &str,
        size: f64,
        bytes: Option<Vec<u8>>,
        emit: &mut impl FnMut(Update),
    ) {
        if let Some(mut file) = self.open(name, size, bytes, emit) {
            self.read_until(&mut file, usize::MAX, emit);
            self.close(file);
        } else {
            self.done_bytes += size.max(0.0);
        }
    }

    /// Opens one file to read it in parts ([`Reading::read_until`], then [`Reading::close`]), as
    /// [`Reading::file`] does at once; `None` when there is nothing to read in it (the browser
    /// could not read it, or the report says why), and it counts as read.
    pub fn open(
        &mut self,
        name: &str,
        size: f64,
        bytes: Option<Vec<u8>>,
        emit: &mut impl FnMut(Update),
    ) -> Option<FileReading> {
        let Some(bytes) = bytes else {
            emit(Update::FileError {
                file: name.to_owned(),
            });
            return None;
        };
        let open = self.importer.open(name, bytes)?;
        Some(FileReading {
            name: name.to_owned(),
            size: size.max(0.0),
            open,
        })
    }

    /// Reads `file` on up to byte `end` of its decoded text (or to its end), saying how far it
    /// is every few hundred lines. Returns `true` once the file is all read.
    pub fn read_until(
        &mut self,
        file: &mut FileReading,
        end: usize,
        emit: &mut impl FnMut(Update),
    ) -> bool {
        loop {
            let finished = self.importer.read_to(&mut file.open, LINES_PER_STEP, end);
            // A finished file has let go of its text: it is all read.
            let (read, all) = file.open.progress();
            let part = if finished {
                file.size
            } else {
                file.size * read as f64 / all.max(1) as f64
            };
            emit(Update::Progress {
                file: file.name.clone(),
                phase: Phase::Checking,
                fraction: self.fraction(part),
            });
            if finished || read >= end {
                return finished;
            }
        }
    }

    /// A file read in parts is done.
    pub fn close(&mut self, file: FileReading) {
        self.done_bytes += file.size;
    }

    /// Ends the read: the report, then its devices in pieces.
    pub fn finish(self, emit: &mut impl FnMut(Update)) {
        let mut report = self.importer.finish();
        let devices = std::mem::take(&mut report.devices);
        emit(Update::Report {
            report,
            devices: devices.len(),
        });
        let mut devices = devices.into_iter().peekable();
        while devices.peek().is_some() {
            emit(Update::Devices {
                devices: devices.by_ref().take(DEVICES_PER_MESSAGE).collect(),
            });
        }
    }

    fn fraction(&self, part: f64) -> f64 {
        ((self.done_bytes + part) / self.total_bytes).clamp(0.0, 1.0)
    }
}

/// One file being read by [`Reading`] in parts: the part before where a second reader (the
/// helper worker) starts, then, with its checksums, the rest (`autopilot_reader::checksums`).
pub struct FileReading {
    name: String,
    size: f64,
    open: OpenFile,
}

impl FileReading {
    /// Where the helper's part of this file starts, in bytes of its decoded text.
    pub fn second_part(&self) -> usize {
        self.open.second_part()
    }

    /// Takes the checksums the helper posted, so the rows they cover are not hashed again;
    /// `false` when it posted something else, which is then not used.
    pub fn use_checksums(&mut self, posted: &[u8]) -> bool {
        match Checksums::from_bytes(posted) {
            Some(checksums) => {
                self.open.use_checksums(checksums);
                true
            }
            None => false,
        }
    }
}

/// What the helper worker posts for a file the browser read for it (`None`: it could not):
/// the checksums of the file's second part, as bytes.
pub fn helper_checksums(bytes: Option<Vec<u8>>) -> Vec<u8> {
    bytes.map_or_else(Vec::new, |bytes| checksums::of_file(bytes).to_bytes())
}

/// The page's side: puts the report back together.
#[derive(Debug, Default)]
pub struct Collector {
    report: Option<ImportReport>,
    expected: usize,
}

/// What an update means to the page.
#[derive(Debug, PartialEq)]
pub enum Collected {
    /// Nothing to show yet.
    Nothing,
    /// The worker has started.
    Ready,
    /// Progress to show.
    Progress(Phase, String, f64),
    /// A file the browser could not read.
    FileError(String),
    /// The whole report.
    Done(ImportReport),
}

impl Collector {
    /// Takes the next update; an update out of order is an error (the read is then useless).
    pub fn take(&mut self, update: Update) -> Result<Collected, String> {
        match update {
            Update::Ready => Ok(Collected::Ready),
            Update::Progress {
                file,
                phase,
                fraction,
            } => Ok(Collected::Progress(
                phase,
                file,
                if fraction.is_finite() {
                    fraction.clamp(0.0, 1.0)
                } else {
                    0.0
                },
            )),
            Update::FileError { file } => Ok(Collected::FileError(file)),
            Update::Report { report, devices } => {
                if self.report.is_some() {
                    return Err("the file reader sent its report twice".into());
                }
                self.expected = devices;
                self.report = Some(report);
                Ok(self.complete())
            }
            Update::Devices { devices } => {
                let Some(report) = self.report.as_mut() else {
                    return Err("the file reader sent devices before its report".into());
                };
                if report.devices.len() + devices.len() > self.expected {
                    return Err(format!(
                        "the file reader sent more than the {} devices it announced",
                        self.expected
                    ));
                }
                report.devices.extend(devices);
                Ok(self.complete())
            }
        }
    }

    fn complete(&mut self) -> Collected {
        match &self.report {
            Some(r) if r.devices.len() == self.expected => {
                self.expected = 0;
                self.report
                    .take()
                    .map_or(Collected::Nothing, Collected::Done)
            }
            _ => Collected::Nothing,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use autopilot_gen::{self as generate, GenOptions, WriteOptions};
    use autopilot_reader::read_files;

    /// Two files, the second with a broken row and a device of the first again.
    fn upload() -> Vec<(String, Vec<u8>)> {
        let fleet = generate::devices(1_203, &GenOptions::default());
        let first = generate::file_bytes(&fleet[..1_200], &WriteOptions::powershell_5());
        let mut second = generate::file_text(
            &fleet[1_199..],
            &WriteOptions {
                crlf: false,
                encoding: autopilot_reader::Encoding::Utf8,
                ..WriteOptions::powershell_5()
            },
        );
        second.push_str("BROKEN,,not base64!\n");
        vec![
            ("a.csv".into(), first),
            ("b.csv".into(), second.into_bytes()),
        ]
    }

    /// What the worker would post for `files`, each through JSON as it travels; `None` bytes
    /// stand for a file the browser could not read.
    fn worker(files: &[(String, Option<Vec<u8>>)]) -> Vec<String> {
        let total = files
            .iter()
            .map(|(_, b)| b.as_ref().map_or(0, Vec::len) as f64)
            .sum();
        let mut posted = vec![Update::Ready.to_json()];
        let mut emit = |u: Update| posted.push(u.to_json());
        let mut reading = Reading::new(Request::default(), total);
        for (name, bytes) in files {
            reading.fetching(name, &mut emit);
            let size = bytes.as_ref().map_or(0, Vec::len) as f64;
            reading.file(name, size, bytes.clone(), &mut emit);
        }
        reading.finish(&mut emit);
        posted
    }

    fn collect(posted: &[String]) -> (Vec<Collected>, Option<ImportReport>) {
        let mut collector = Collector::default();
        let mut seen = Vec::new();
        let mut report = None;
        for text in posted {
            match collector
                .take(Update::from_json(text).expect("readable"))
                .expect("in order")
            {
                Collected::Done(r) => report = Some(r),
                other => seen.push(other),
            }
        }
        (seen, report)
    }

    #[test]
    fn the_page_gets_the_same_report_as_reading_at_once() {
        let files = upload();
        let direct = read_files(
            files.iter().map(|(n, b)| (n.as_str(), b.clone())),
            ImportOptions::default(),
        );
        assert_eq!(
            direct.devices.len(),
            1_203,
            "the repeated device and the broken row are out"
        );
        assert!(!direct.problems.is_empty());
        let posted = worker(
            &files
                .into_iter()
                .map(|(n, b)| (n, Some(b)))
                .collect::<Vec<_>>(),
        );
        let pieces = posted
            .iter()
            .filter(|p| p.contains(r#""kind":"devices""#))
            .count();
        assert_eq!(pieces, 3, "1,203 devices in pieces of at most 500");
        let (_, report) = collect(&posted);
        assert_eq!(report, Some(direct));
    }

    /// What the two workers would post: the helper's checksums for each file (`spoil` may
    /// change them on the way), and the reader's updates as it reads each file up to the helper's
    /// part, takes the checksums, then reads the rest.
    fn two_workers(
        files: &[(String, Vec<u8>)],
        spoil: impl Fn(&mut Vec<u8>),
    ) -> (Vec<String>, usize) {
        let total = files.iter().map(|(_, b)| b.len() as f64).sum();
        let mut posted = vec![Update::Ready.to_json()];
        let mut emit = |u: Update| posted.push(u.to_json());
        let mut reading = Reading::new(Request::default(), total);
        let mut taken = 0;
        for (name, bytes) in files {
            let mut from_helper = helper_checksums(Some(bytes.clone()));
            spoil(&mut from_helper);
            reading.fetching(name, &mut emit);
            let Some(mut file) =
                reading.open(name, bytes.len() as f64, Some(bytes.clone()), &mut emit)
            else {
                continue;
            };
            let start = file.second_part();
            if !reading.read_until(&mut file, start, &mut emit) && file.use_checksums(&from_helper)
            {
                taken += from_helper.len() / 40;
            }
            reading.read_until(&mut file, usize::MAX, &mut emit);
            reading.close(file);
        }
        reading.finish(&mut emit);
        (posted, taken)
    }

    #[test]
    fn two_workers_give_the_page_the_same_report_and_progress_as_one() {
        let files = upload();
        let one = worker(
            &files
                .iter()
                .map(|(n, b)| (n.clone(), Some(b.clone())))
                .collect::<Vec<_>>(),
        );
        let (two, taken) = two_workers(&files, |_| {});
        assert!(
            taken > 600,
            "the helper's checksums of the second parts are taken: {taken}"
        );
        let (seen_one, report_one) = collect(&one);
        let (seen_two, report_two) = collect(&two);
        assert_eq!(report_two, report_one);
        let fractions = |seen: &[Collected]| -> Vec<f64> {
            seen.iter()
                .filter_map(|c| match c {
                    Collected::Progress(_, _, f) => Some(*f),
                    _ => None,
                })
                .collect()
        };
        let two_fractions = fractions(&seen_two);
        assert!(
            two_fractions.windows(2).all(|w| w[0] <= w[1]),
            "progress only goes forward"
        );
        assert_eq!(two_fractions.last(), fractions(&seen_one).last());
        assert_eq!(two_fractions.last(), Some(&1.0));

        // Whatever the helper posts that is not whole checksums is not used: the same report.
        let (garbled, taken) = two_workers(&files, |posted| {
            posted.truncate(posted.len().saturating_sub(3))
        });
        assert_eq!(taken, 0);
        assert_eq!(collect(&garbled).1, report_one);
    }

    #[test]
    fn progress_names_each_file_and_only_goes_forward_to_the_end() {
        let files = upload();
        let posted = worker(
            &files
                .into_iter()
                .map(|(n, b)| (n, Some(b)))
                .collect::<Vec<_>>(),
        );
        let (seen, _) = collect(&posted);
        assert_eq!(seen[0], Collected::Ready);
        let progress: Vec<(Phase, String, f64)> = seen
            .into_iter()
            .filter_map(|c| match c {
                Collected::Progress(phase, file, f) => Some((phase, file, f)),
                _ => None,
            })
            .collect();
        assert!(progress.len() > 4, "a 1,200-row file reports several steps");
        assert_eq!(progress[0], (Phase::Reading, "a.csv".into(), 0.0));
        assert!(progress
            .iter()
            .any(|p| p.0 == Phase::Checking && p.1 == "b.csv"));
        assert!(
            progress.windows(2).all(|w| w[0].2 <= w[1].2),
            "never backwards"
        );
        assert!((progress.last().map_or(0.0, |p| p.2) - 1.0).abs() < 1e-9);
    }

    #[test]
    fn a_file_the_browser_cannot_read_is_named_and_the_others_are_still_read() {
        let mut files: Vec<(String, Option<Vec<u8>>)> =
            upload().into_iter().map(|(n, b)| (n, Some(b))).collect();
        files[0].1 = None;
        let (seen, report) = collect(&worker(&files));
        assert!(seen.contains(&Collected::FileError("a.csv".into())));
        let report = report.expect("a report");
        assert_eq!(report.devices.len(), 4, "b.csv's four good rows");
        assert_eq!(report.files.len(), 1);
    }

    #[test]
    fn an_upload_without_devices_is_done_with_its_report() {
        let files = vec![("empty.csv".to_owned(), Some(Vec::new()))];
        let (_, report) = collect(&worker(&files));
        let report = report.expect("done without any devices message");
        assert!(report.devices.is_empty());
        assert_eq!(report.problems.len(), 1);
    }

    #[test]
    fn updates_out_of_order_or_beyond_the_announced_count_are_refused() {
        let device = || ImportedDevice {
            file: "a.csv".into(),
            line: 2,
            serial: "S1".into(),
            manufacturer: "Contoso".into(),
            model: "M".into(),
            group_tag: String::new(),
            assigned_user: String::new(),
            hardware_hash: None,
        };
        let mut c = Collector::default();
        assert!(c
            .take(Update::Devices {
                devices: vec![device()]
            })
            .is_err());
        let report = || Update::Report {
            report: ImportReport::default(),
            devices: 1,
        };
        assert_eq!(c.take(report()), Ok(Collected::Nothing));
        assert!(c
            .take(Update::Devices {
                devices: vec![device(), device()]
            })
            .is_err());
        assert!(
            matches!(c.take(Update::Devices { devices: vec![device()] }), Ok(Collected::Done(r)) if r.devices.len() == 1)
        );
        let mut twice = Collector::default();
        let announced = Update::Report {
            report: ImportReport::default(),
            devices: 2,
        };
        assert!(twice.take(announced.clone()).is_ok());
        assert!(twice.take(announced).is_err());
        assert!(Update::from_json("{\"kind\":\"launch\"}").is_err());
        assert_eq!(
            Collector::default().take(Update::Progress {
                file: "a".into(),
                phase: Phase::Checking,
                fraction: f64::NAN
            }),
            Ok(Collected::Progress(Phase::Checking, "a".into(), 0.0))
        );
    }
}
