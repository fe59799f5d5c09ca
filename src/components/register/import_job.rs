//! Reading the chosen files in the browser with `autopilot-reader`, a few hundred lines at a
//! time, so the page stays responsive and shows progress. A new choice of files, or closing the
//! fly-in, ends the job that runs.

use autopilot_reader::{ImportOptions, ImportReport, Importer};
use gloo_timers::future::TimeoutFuture;
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen_futures::JsFuture;

/// Larger uploads are refused before reading: no registration file comes near it.
const MAX_UPLOAD_BYTES: f64 = 200.0 * 1024.0 * 1024.0;

/// Lines read between two yields to the browser.
const LINES_PER_STEP: usize = 250;

/// The signals a job reports to.
#[derive(Clone, Copy)]
pub struct ImportJob {
    /// The finished report.
    pub report: RwSignal<Option<ImportReport>>,
    /// What is being read and how far (0 to 1), while reading.
    pub reading: RwSignal<Option<(String, f64)>>,
    /// Why the files (or one of them) could not be read.
    pub upload_error: RwSignal<Option<String>>,
    /// Counts the jobs started: a job whose number is no longer the latest stops.
    generation: StoredValue<u32>,
}

impl ImportJob {
    /// A job with nothing read yet.
    pub fn new() -> Self {
        ImportJob {
            report: RwSignal::new(None),
            reading: RwSignal::new(None),
            upload_error: RwSignal::new(None),
            generation: StoredValue::new(0),
        }
    }

    /// Whether the job `run` is still the one that counts (the fly-in is open, no newer choice).
    fn current(&self, run: u32) -> bool {
        self.generation.try_get_value() == Some(run)
    }

    /// Reads `files` into a new report, checking users against `domains`.
    pub fn start(&self, files: Vec<web_sys::File>, domains: Option<Vec<String>>) {
        if files.is_empty() {
            return;
        }
        let job = *self;
        self.generation.update_value(|g| *g += 1);
        let run = self.generation.get_value();
        self.upload_error.set(None);
        self.report.set(None);
        let total: f64 = files.iter().map(|f| f.size()).sum();
        if total > MAX_UPLOAD_BYTES {
            self.reading.set(None);
            self.upload_error.set(Some(format!(
                "These files hold {:.0} MB; an upload can hold at most {:.0} MB. Registration files are far smaller: check that you chose the right files, or split the upload.",
                total / 1_048_576.0,
                MAX_UPLOAD_BYTES / 1_048_576.0
            )));
            return;
        }
        self.reading.set(Some(("Reading files…".into(), 0.0)));
        spawn_local(async move {
            let mut importer = Importer::new(ImportOptions {
                tenant_domains: domains,
                ..ImportOptions::default()
            });
            let mut done_bytes = 0.0;
            for file in files {
                let name = file.name();
                let size = file.size().max(1.0);
                let progress = |read: f64| (done_bytes + size * read) / total.max(1.0);
                job.reading
                    .set(Some((format!("Reading {name}…"), progress(0.0))));
                let bytes = file_bytes(&file).await;
                if !job.current(run) {
                    return;
                }
                let bytes = match bytes {
                    Ok(bytes) => bytes,
                    Err(why) => {
                        job.upload_error
                            .set(Some(format!("{name}: {why}. Choose the file again.")));
                        continue;
                    }
                };
                if let Some(mut open) = importer.open(&name, bytes) {
                    loop {
                        let finished = importer.read(&mut open, LINES_PER_STEP);
                        let (read, all) = open.progress();
                        let fraction = progress(read as f64 / all.max(1) as f64);
                        job.reading
                            .set(Some((format!("Checking {name}…"), fraction)));
                        if finished {
                            break;
                        }
                        // Give the browser a turn (paint, input) before going on.
                        TimeoutFuture::new(0).await;
                        if !job.current(run) {
                            return;
                        }
                    }
                }
                done_bytes += size;
            }
            job.reading.set(None);
            job.report.set(Some(importer.finish()));
        });
    }
}

impl Default for ImportJob {
    fn default() -> Self {
        ImportJob::new()
    }
}

async fn file_bytes(file: &web_sys::File) -> Result<Vec<u8>, String> {
    let buffer = JsFuture::from(file.array_buffer())
        .await
        .map_err(|_| "the browser could not read the file".to_owned())?;
    Ok(js_sys::Uint8Array::new(&buffer).to_vec())
}
