//! What views ask the store to do: register devices, act on one device, run a demo control. Each
//! reports its outcome (in the table, in a toast).

use super::{DeviceStore, RegisterOutcome, Submitting};
use crate::backend::{real_now, BackendError, DemoAction};
use autopilot_i18n::t;
use autopilot_reader::ImportedDevice;
use autopilot_service::bulk::{BulkAction, MAX_BULK};
use autopilot_service::device::{Device, Profile};
use futures::StreamExt;
use leptos::prelude::*;
use leptos::task::spawn_local;
use portal_model::selection::Report;
use portal_model::store::{batches, outcome, BatchEnd};
use std::cell::Cell;
use std::collections::HashMap;

impl DeviceStore {
    /// Submits devices in batches of at most 500 (`portal_model::store::batches`, with their
    /// idempotency keys), as many at once as the backend takes side by side; each batch appears
    /// in the table at the first animation frame after the service accepts it. The first refused
    /// batch stops those not yet sent, and every device not accepted is handed back
    /// (`portal_model::store::outcome`).
    pub async fn register(
        &self,
        devices: Vec<ImportedDevice>,
        profile: Profile,
        session: &str,
    ) -> RegisterOutcome {
        let total = devices.len();
        self.submitting.set(Some(Submitting { done: 0, total }));
        let backend = self.backend();
        let in_flight = backend.batches_in_flight().max(1);
        let refused = Cell::new(false);
        let done = Cell::new(0);
        let sends = batches(&devices, profile, session)
            .into_iter()
            .enumerate()
            .map(|(i, batch)| {
                let (backend, refused, done) = (&backend, &refused, &done);
                async move {
                    if refused.get() {
                        return (i, BatchEnd::NotSent);
                    }
                    match backend.import(batch.devices, profile, batch.key).await {
                        Ok(added) => {
                            let n = added.len();
                            self.arrive(added);
                            done.set(done.get() + n);
                            self.submitting.set(Some(Submitting {
                                done: done.get(),
                                total,
                            }));
                            (i, BatchEnd::Accepted(n))
                        }
                        Err(err) => {
                            refused.set(true);
                            (i, BatchEnd::Refused(err.message(crate::i18n::lang())))
                        }
                    }
                }
            });
        let mut ends: Vec<(usize, BatchEnd)> = futures::stream::iter(sends)
            .buffer_unordered(in_flight)
            .collect()
            .await;
        ends.sort_by_key(|(i, _)| *i);
        let ends: Vec<BatchEnd> = ends.into_iter().map(|(_, end)| end).collect();
        let (submitted, failed) = outcome(&devices, &ends, crate::i18n::lang());
        self.show_arrived();
        self.submitting.set(None);
        self.real_time.set(real_now());
        RegisterOutcome { submitted, failed }
    }

    /// Runs a device action and reports its outcome in a toast.
    fn act(
        &self,
        done: String,
        action: impl std::future::Future<Output = Result<Option<Device>, BackendError>> + 'static,
    ) {
        let store = *self;
        spawn_local(async move {
            match action.await {
                Ok(device) => {
                    if let Some(device) = device {
                        store.devices.write().upsert(vec![device]);
                    }
                    store.toasts.success(done);
                }
                Err(err) => store.toasts.error(err.message(crate::i18n::lang())),
            }
        });
    }

    /// Removes a device.
    pub fn remove(&self, id: String, serial: String) {
        let store = *self;
        let backend = self.backend();
        let done = t!(crate::i18n::lang(), "device-was-removed", serial = serial);
        self.act(done, async move {
            backend.remove(id.clone()).await?;
            store.devices.write().remove(&id);
            Ok(None)
        });
    }

    /// Changes a device's profile.
    pub fn change_profile(&self, id: String, profile: Profile) {
        let backend = self.backend();
        self.act(
            t!(
                crate::i18n::lang(),
                "profile-changed",
                profile = portal_model::words::profile(crate::i18n::lang(), profile)
            ),
            async move { backend.change_profile(id, profile).await.map(Some) },
        );
    }

    /// Retries a failed registration.
    pub fn retry(&self, id: String, serial: String) {
        let backend = self.backend();
        self.act(
            t!(
                crate::i18n::lang(),
                "registration-resubmitted",
                serial = serial.as_str()
            ),
            async move { backend.retry(id).await.map(Some) },
        );
    }

    /// Runs `action` on the devices `chosen` (id, serial), in requests of at most `MAX_BULK`
    /// one after the other, showing each answer in the table as it comes; the first request
    /// that fails stops the rest. Gives the whole report to `done`, and a busy count to
    /// `progress` (devices answered so far) while it runs.
    pub fn bulk(
        &self,
        action: BulkAction,
        chosen: Vec<(String, String)>,
        progress: RwSignal<Option<(usize, usize)>>,
        done: impl FnOnce(Report) + 'static,
    ) {
        let store = *self;
        let backend = self.backend();
        spawn_local(async move {
            let serials: HashMap<&str, &str> = chosen
                .iter()
                .map(|(id, serial)| (id.as_str(), serial.as_str()))
                .collect();
            let ids: Vec<String> = chosen.iter().map(|(id, _)| id.clone()).collect();
            let mut report = Report::default();
            progress.set(Some((0, ids.len())));
            for (i, chunk) in ids.chunks(MAX_BULK).enumerate() {
                match backend.bulk(action.clone(), chunk.to_vec()).await {
                    Ok(results) => {
                        store.devices.write().apply_bulk(&results);
                        report.add(&results, |id| serials.get(id).copied(), crate::i18n::lang());
                        progress.set(Some((((i + 1) * MAX_BULK).min(ids.len()), ids.len())));
                    }
                    Err(err) => {
                        // Refused: nothing of this request changed. Otherwise its answer was lost
                        // and it may have: the table is read again.
                        let unknown = !matches!(err, BackendError::Refused(_));
                        report.stopped(
                            err.message(crate::i18n::lang()),
                            ids.len() - i * MAX_BULK,
                            unknown,
                        );
                        if unknown {
                            store.load();
                        }
                        break;
                    }
                }
            }
            progress.set(None);
            store.real_time.set(real_now());
            done(report);
        });
    }

    /// Runs a demo control.
    pub fn demo(&self, action: DemoAction, done: String) {
        let store = *self;
        let backend = self.backend();
        spawn_local(async move {
            match backend.demo(action).await {
                Ok(snapshot) => {
                    store.apply(snapshot);
                    if !done.is_empty() {
                        store.toasts.success(done);
                    }
                }
                Err(err) => {
                    store.toasts.error(err.message(crate::i18n::lang()));
                    // Part of it may have happened (a broken connection): show what is there.
                    store.load();
                }
            }
        });
    }
}

/// A new registration session id: a random UUID, so keys never collide across browsers and
/// fly-ins.
pub fn new_session() -> String {
    let mut bytes = [0u8; 16];
    let filled = web_sys::window()
        .and_then(|w| w.crypto().ok())
        .is_some_and(|c| c.get_random_values_with_u8_array(&mut bytes).is_ok());
    if !filled {
        for b in &mut bytes {
            *b = (js_sys::Math::random() * 256.0) as u8;
        }
    }
    uuid::Builder::from_random_bytes(bytes)
        .into_uuid()
        .to_string()
}
