//! The app's device store: the backend's data as signals, and the operations views call.
//! Provided once in `App`; views take it with `expect_context::<DeviceStore>()`.

use crate::backend::{
    real_now, BackendError, DemoAction, Refreshed, SharedBackend, Snapshot, Waiting,
};
use crate::components::toast::Toasts;
use autopilot_reader::ImportedDevice;
use autopilot_service::device::{Device, Millis, Profile, Registration};
use autopilot_service::service::{Submission, TenantInfo, MAX_BATCH};
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::collections::{HashMap, HashSet};
use std::time::Duration;

/// Whether the first load is done.
#[derive(Debug, Clone, PartialEq)]
pub enum LoadStatus {
    /// Waiting for the backend.
    Loading,
    /// Data shown.
    Ready,
    /// The backend could not be loaded; the text says why.
    Failed(String),
}

/// Progress of a multi-batch registration.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Submitting {
    /// Devices accepted so far.
    pub done: usize,
    /// Devices in all.
    pub total: usize,
}

/// What happened to a registration request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegisterOutcome {
    /// Devices accepted by the service.
    pub submitted: usize,
    /// The error that stopped the rest, with the devices not submitted.
    pub failed: Option<(String, Vec<ImportedDevice>)>,
}

/// Why the table may be out of date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stale {
    /// What failed, in words an admin can act on.
    pub why: String,
    /// It was following pending devices that failed (a later poll that works clears it); a
    /// failed full reload is only cleared by a reload that works.
    pub from_poll: bool,
}

/// Requests waiting to be sent again, by request number (see [`crate::backend::WaitObserver`]).
pub type Waits = Vec<(u64, Waiting)>;

/// App-wide device state and operations.
#[derive(Clone, Copy)]
pub struct DeviceStore {
    /// Every device of the tenant.
    pub devices: RwSignal<Vec<Device>>,
    /// The tenant, once loaded.
    pub tenant: RwSignal<Option<TenantInfo>>,
    /// Tenant clock offset (demo clock).
    pub clock_offset: RwSignal<Millis>,
    /// First-load status.
    pub status: RwSignal<LoadStatus>,
    /// Real time, ticking, so states derived from time (Active → Inactive) stay current.
    pub real_time: RwSignal<Millis>,
    /// A registration being submitted.
    pub submitting: RwSignal<Option<Submitting>>,
    /// Requests the backend waits to send again (service busy or unreachable).
    pub waiting: RwSignal<Waits>,
    /// Why the table may be out of date (the data shown is kept).
    pub stale: RwSignal<Option<Stale>>,
    /// Real time of the last full load that worked.
    pub updated_at: RwSignal<Option<Millis>>,
    /// Devices the backend has but could not be read (not shown, never deleted).
    pub unreadable: RwSignal<Vec<String>>,
    /// A full reload is running.
    pub reloading: RwSignal<bool>,
    /// Counts full snapshots applied: an answer asked for before the latest one is dropped, so
    /// a late answer never brings back what a reset or reload replaced.
    epoch: StoredValue<u64>,
    /// Devices registered while a reload runs: the reload's snapshot may predate them.
    registered_during_load: StoredValue<Vec<Device>>,
    backend: StoredValue<SharedBackend, LocalStorage>,
    toasts: Toasts,
}

impl DeviceStore {
    /// A store over `backend`; call [`DeviceStore::load`] to fill it. `waiting` is the signal the
    /// backend reports its waits to.
    pub fn new(backend: SharedBackend, toasts: Toasts, waiting: RwSignal<Waits>) -> Self {
        let store = DeviceStore {
            devices: RwSignal::new(Vec::new()),
            tenant: RwSignal::new(None),
            clock_offset: RwSignal::new(0),
            status: RwSignal::new(LoadStatus::Loading),
            real_time: RwSignal::new(real_now()),
            submitting: RwSignal::new(None),
            waiting,
            stale: RwSignal::new(None),
            updated_at: RwSignal::new(None),
            unreadable: RwSignal::new(Vec::new()),
            reloading: RwSignal::new(false),
            epoch: StoredValue::new(0),
            registered_during_load: StoredValue::new(Vec::new()),
            backend: StoredValue::new_local(backend),
            toasts,
        };
        store.start_polling();
        store
    }

    fn backend(&self) -> SharedBackend {
        self.backend.get_value()
    }

    /// The tenant's current time.
    pub fn now(&self) -> Millis {
        self.real_time.get() + self.clock_offset.get()
    }

    /// The tenant's current time, without subscribing to its ticks.
    pub fn now_untracked(&self) -> Millis {
        self.real_time.get_untracked() + self.clock_offset.get_untracked()
    }

    /// The profiles the admin can pick in this tenant.
    pub fn profiles(&self) -> Vec<Profile> {
        self.tenant
            .with(|t| t.as_ref().map(|t| t.profiles()).unwrap_or_default())
    }

    /// Shows a full snapshot: everything the backend has now.
    fn apply(&self, snapshot: Snapshot) {
        self.epoch.update_value(|e| *e += 1);
        self.tenant.set(Some(snapshot.tenant));
        self.clock_offset.set(snapshot.clock_offset);
        self.devices.set(snapshot.devices);
        // Registered after the snapshot was taken, perhaps: keep them (upsert by id).
        let newer = std::mem::take(&mut *self.registered_during_load.write_value());
        self.upsert(newer);
        self.unreadable.set(snapshot.unreadable);
        let now = real_now();
        self.real_time.set(now);
        self.updated_at.set(Some(now));
        self.stale.set(None);
    }

    /// A background update failed: say so, and keep what is shown.
    fn went_stale(&self, err: &BackendError, from_poll: bool) {
        let stale = Stale {
            why: err.to_string(),
            from_poll,
        };
        // Unchanged, it is not set again: the banner (and the focus in it) stays as it is.
        if self.stale.with_untracked(|s| s.as_ref() != Some(&stale)) {
            self.stale.set(Some(stale));
        }
    }

    /// Loads (or reloads) everything from the backend. A failed reload keeps the table and says
    /// it may be out of date; only a failed first load leaves nothing to show.
    pub fn load(&self) {
        let store = *self;
        if self.reloading.get_untracked() {
            return;
        }
        self.reloading.set(true);
        self.registered_during_load.set_value(Vec::new());
        let epoch = self.epoch.get_value();
        spawn_local(async move {
            let result = store.backend().load().await;
            store.reloading.set(false);
            if store.epoch.get_value() != epoch {
                // A newer snapshot (a demo action's) is shown already.
                return;
            }
            match result {
                Ok(snapshot) => {
                    store.apply(snapshot);
                    store.status.set(LoadStatus::Ready);
                }
                Err(err) if store.status.get_untracked() == LoadStatus::Ready => {
                    store.went_stale(&err, false)
                }
                Err(err) => store.status.set(LoadStatus::Failed(err.to_string())),
            }
        });
    }

    /// Replaces devices by id (and keeps the rest).
    fn upsert(&self, changed: Vec<Device>) {
        if changed.is_empty() {
            return;
        }
        self.devices.update(|devices| {
            let index: HashMap<String, usize> = devices
                .iter()
                .enumerate()
                .map(|(i, d)| (d.id.clone(), i))
                .collect();
            for device in changed {
                match index.get(&device.id) {
                    Some(&i) => devices[i] = device,
                    None => devices.push(device),
                }
            }
        });
    }

    /// Follows pending registrations: once a second, asks the backend about the pending devices
    /// whose processing time has come. Ticks the clock once a minute: states derived from it
    /// (Active → Inactive, ages) change by the day, and every tick re-sorts the whole tenant.
    fn start_polling(&self) {
        let store = *self;
        let busy = StoredValue::new(false);
        let ticks = StoredValue::new(0u32);
        set_interval(
            move || {
                ticks.update_value(|t| *t += 1);
                if ticks.get_value().is_multiple_of(60) {
                    store.real_time.set(real_now());
                }
                if busy.get_value() {
                    return;
                }
                let now = real_now() + store.clock_offset.get_untracked();
                let due: Vec<String> = store.devices.with_untracked(|devices| {
                    devices
                        .iter()
                        .filter(|d| matches!(d.registration, Registration::Pending { due } if due <= now))
                        .map(|d| d.id.clone())
                        .collect()
                });
                if due.is_empty() {
                    return;
                }
                busy.set_value(true);
                let epoch = store.epoch.get_value();
                spawn_local(async move {
                    let result = store.backend().refresh(due.clone()).await;
                    busy.set_value(false);
                    if store.epoch.get_value() != epoch {
                        return; // asked before a reload or reset: the answer may be older
                    }
                    match result {
                        Ok(refreshed) => store.followed(due, refreshed),
                        Err(err) => store.went_stale(&err, true),
                    }
                });
            },
            Duration::from_millis(1_000),
        );
    }

    /// Takes in the answer about pending devices `asked` for.
    fn followed(&self, asked: Vec<String>, refreshed: Refreshed) {
        if self
            .stale
            .with_untracked(|s| s.as_ref().is_some_and(|s| s.from_poll))
        {
            self.stale.set(None);
        }
        // Asked for and not answered: removed meanwhile (another admin, a demo reset). Keeping
        // them would show them pending for ever. Unreadable ones leave the table too, but are
        // listed in the unreadable banner: never dropped without a word.
        let readable: HashSet<&str> = refreshed.devices.iter().map(|d| d.id.as_str()).collect();
        let leaving: HashSet<String> = asked
            .into_iter()
            .filter(|id| !readable.contains(id.as_str()))
            .collect();
        if !refreshed.unreadable.is_empty() {
            self.unreadable.update(|lines| {
                lines.extend(refreshed.unreadable.into_iter().map(|(_, why)| why));
            });
        }
        if !leaving.is_empty() {
            self.devices
                .update(|all| all.retain(|d| !leaving.contains(&d.id)));
        }
        self.upsert(refreshed.devices);
    }

    /// Submits devices in batches of at most 500; each batch appears in the table as soon as the
    /// service accepts it. Stops at the first refused batch and hands back what was not sent.
    ///
    /// Each batch's idempotency key is `session` plus a digest of the batch, so submitting the
    /// rest again from the same fly-in (after a batch was lost on the way back) sends the same
    /// keys for the same batches: the service answers what it registered the first time instead
    /// of registering it twice.
    pub async fn register(
        &self,
        devices: Vec<ImportedDevice>,
        profile: Profile,
        session: &str,
    ) -> RegisterOutcome {
        let total = devices.len();
        self.submitting.set(Some(Submitting { done: 0, total }));
        let mut submitted = 0;
        let mut failed = None;
        for (index, chunk) in devices.chunks(MAX_BATCH).enumerate() {
            let batch: Vec<Submission> = chunk.iter().map(Submission::from).collect();
            let key = format!("{session}-{:016x}", batch_digest(profile, &batch));
            match self.backend().import(batch, profile, key).await {
                Ok(added) => {
                    submitted += added.len();
                    if self.reloading.get_untracked() {
                        self.registered_during_load
                            .update_value(|kept| kept.extend(added.iter().cloned()));
                    }
                    self.upsert(added);
                    self.submitting.set(Some(Submitting {
                        done: submitted,
                        total,
                    }));
                }
                Err(err) => {
                    failed = Some((err.to_string(), devices[index * MAX_BATCH..].to_vec()));
                    break;
                }
            }
        }
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
                        store.upsert(vec![device]);
                    }
                    store.toasts.success(done);
                }
                Err(err) => store.toasts.error(err.to_string()),
            }
        });
    }

    /// Removes a device.
    pub fn remove(&self, id: String, serial: String) {
        let store = *self;
        let backend = self.backend();
        self.act(format!("Device {serial} was removed."), async move {
            backend.remove(id.clone()).await?;
            store
                .devices
                .update(|devices| devices.retain(|d| d.id != id));
            Ok(None)
        });
    }

    /// Changes a device's profile.
    pub fn change_profile(&self, id: String, profile: Profile) {
        let backend = self.backend();
        self.act(
            format!("Profile changed to {profile}. The device will be reset on its next start."),
            async move { backend.change_profile(id, profile).await.map(Some) },
        );
    }

    /// Retries a failed registration.
    pub fn retry(&self, id: String, serial: String) {
        let backend = self.backend();
        self.act(
            format!("Registration of {serial} submitted again."),
            async move { backend.retry(id).await.map(Some) },
        );
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
                    store.toasts.error(err.to_string());
                    // Part of it may have happened (a broken connection): show what is there.
                    store.load();
                }
            }
        });
    }
}

/// A new registration session id: random, so keys never collide across browsers and fly-ins.
pub fn new_session() -> String {
    let random = || (js_sys::Math::random() * f64::from(u32::MAX)) as u32;
    format!("{:x}-{:08x}{:08x}", real_now(), random(), random())
}

/// FNV-1a over what a batch asks for: the profile and each device's file, line and serial.
fn batch_digest(profile: Profile, batch: &[Submission]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let mut eat = |bytes: &[u8]| {
        for &b in bytes.iter().chain([0xff].iter()) {
            hash = (hash ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3);
        }
    };
    eat(profile.id().as_bytes());
    for device in batch {
        if let Some(source) = &device.source {
            eat(source.file.as_bytes());
            eat(&source.line.to_le_bytes());
        }
        eat(device.serial.as_bytes());
    }
    hash
}
