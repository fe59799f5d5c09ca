//! Reading the chosen files with `autopilot-reader`, in the reading worker
//! (`src/bin/reader_worker.rs`), so the page stays responsive and shows progress. The worker
//! starts when the fly-in opens; a new choice of files while one is read, or closing the fly-in,
//! ends it (and the work it does) at once.

use super::worker::{ReaderWorker, WorkerEvent};
use autopilot_i18n::t;
use autopilot_reader::ImportReport;
use leptos::prelude::*;
use portal_model::reading::{Collected, Collector, Phase, Request};
use std::sync::Arc;

/// Larger uploads are refused before reading: no registration file comes near it.
const MAX_UPLOAD_BYTES: f64 = 200.0 * 1024.0 * 1024.0;

/// The signals a job reports to.
#[derive(Clone, Copy)]
pub struct ImportJob {
    /// The finished report (shared: it can hold tens of megabytes of hashes).
    pub report: RwSignal<Option<Arc<ImportReport>>>,
    /// What is being read and how far (0 to 1), while reading.
    pub reading: RwSignal<Option<(String, f64)>>,
    /// Why the files (or one of them) could not be read.
    pub upload_error: RwSignal<Option<String>>,
    /// The worker, once started; a new one replaces it when it is busy or broken.
    worker: StoredValue<Option<ReaderWorker>, LocalStorage>,
    /// Puts the running job's report together.
    collector: StoredValue<Collector, LocalStorage>,
}

impl ImportJob {
    /// A job with nothing read yet; starts the worker, so it is ready once files are chosen,
    /// and stops it when the fly-in closes.
    pub fn new() -> Self {
        let job = ImportJob {
            report: RwSignal::new(None),
            reading: RwSignal::new(None),
            upload_error: RwSignal::new(None),
            worker: StoredValue::new_local(None),
            collector: StoredValue::new_local(Collector::default()),
        };
        job.spawn();
        on_cleanup(move || job.stop());
        job
    }

    fn spawn(&self) {
        let job = *self;
        let worker = ReaderWorker::start(move |event| job.on_event(event));
        if let Err(why) = &worker {
            self.upload_error.set(Some(why.clone()));
        }
        self.worker.set_value(worker.ok());
    }

    fn stop(&self) {
        if let Some(Some(worker)) = self.worker.try_update_value(Option::take) {
            worker.terminate();
        }
    }

    /// Reads `files` into a new report, checking users against `domains`.
    pub fn start(&self, files: Vec<web_sys::File>, domains: Option<Vec<String>>) {
        if files.is_empty() {
            return;
        }
        self.upload_error.set(None);
        self.report.set(None);
        let total: f64 = files.iter().map(|f| f.size()).sum();
        if total > MAX_UPLOAD_BYTES {
            self.reading.set(None);
            self.upload_error.set(Some(t!(
                crate::i18n::lang(),
                "upload-too-large",
                size = format!("{:.0}", total / 1_048_576.0),
                max = format!("{:.0}", MAX_UPLOAD_BYTES / 1_048_576.0)
            )));
            return;
        }
        // A worker still reading earlier files is stopped: only the latest choice counts.
        let usable = self
            .worker
            .with_value(|w| w.as_ref().is_some_and(ReaderWorker::is_idle));
        if !usable {
            self.stop();
            self.spawn();
            if self.worker.with_value(Option::is_none) {
                // The browser could not start one; `spawn` said why.
                return;
            }
        }
        self.collector.set_value(Collector::default());
        self.reading
            .set(Some((t!(crate::i18n::lang(), "reading-files"), 0.0)));
        let request = Request {
            tenant_domains: domains,
            lang: crate::i18n::lang(),
        };
        self.worker.update_value(|w| {
            if let Some(w) = w {
                w.read(&request, &files);
            }
        });
    }

    fn on_event(&self, event: WorkerEvent) {
        let collected = match event {
            WorkerEvent::Update(update) => self
                .collector
                .try_update_value(|c| c.take(update))
                .unwrap_or(Ok(Collected::Nothing)),
            // A worker that breaks while idle is replaced on the next choice of files, unseen.
            WorkerEvent::Failed(_) if self.reading.try_get_untracked().flatten().is_none() => {
                Ok(Collected::Nothing)
            }
            WorkerEvent::Failed(why) => Err(why),
        };
        match collected {
            Ok(Collected::Nothing | Collected::Ready) => {}
            Ok(Collected::Progress(phase, file, fraction)) => {
                let label = match phase {
                    Phase::Reading => t!(crate::i18n::lang(), "reading-file", file = file),
                    Phase::Checking => t!(crate::i18n::lang(), "checking-file", file = file),
                };
                let _ = self.reading.try_set(Some((label, fraction)));
            }
            Ok(Collected::FileError(file)) => {
                let _ = self.upload_error.try_set(Some(t!(
                    crate::i18n::lang(),
                    "file-unreadable",
                    file = file
                )));
            }
            Ok(Collected::Done(report)) => {
                let _ = self.reading.try_set(None);
                let _ = self.report.try_set(Some(Arc::new(report)));
                self.worker.update_value(|w| {
                    if let Some(w) = w {
                        w.finished();
                    }
                });
            }
            Err(why) => {
                let _ = self.reading.try_set(None);
                let _ = self.upload_error.try_set(Some(t!(
                    crate::i18n::lang(),
                    "files-not-read",
                    why = why
                )));
                // A broken worker is replaced on the next choice of files; stopped after this
                // event, whose handler belongs to it.
                let job = *self;
                leptos::task::spawn_local(async move { job.stop() });
            }
        }
    }
}

impl Default for ImportJob {
    fn default() -> Self {
        ImportJob::new()
    }
}
