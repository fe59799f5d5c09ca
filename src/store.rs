//! The app's device store: the backend's data as signals, and the operations views call.
//! Provided once in `App`; views take it with `expect_context::<DeviceStore>()`.

use crate::backend::{real_now, BackendError, DemoAction, SharedBackend, Snapshot, Waiting};
use crate::components::toast::Toasts;
use autopilot::device::{Device, Millis, Profile, Registration};
use autopilot::service::{Submission, TenantInfo, MAX_BATCH};
use autopilot::ImportedDevice;
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::collections::HashMap;
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
    /// The backend is waiting to try a request again (service busy or unreachable).
    pub waiting: RwSignal<Option<Waiting>>,
    /// Why the table may be out of date: the last refresh failed (the data shown is kept).
    pub stale: RwSignal<Option<String>>,
    /// Real time the data was last brought up to date with the backend.
    pub updated_at: RwSignal<Option<Millis>>,
    /// Devices the backend has but could not be read (not shown, never deleted).
    pub unreadable: RwSignal<Vec<String>>,
    /// A full reload is running.
    pub reloading: RwSignal<bool>,
    backend: StoredValue<SharedBackend, LocalStorage>,
    toasts: Toasts,
}

impl DeviceStore {
    /// A store over `backend`; call [`DeviceStore::load`] to fill it. `waiting` is the signal the
    /// backend reports its waits to.
    pub fn new(backend: SharedBackend, toasts: Toasts, waiting: RwSignal<Option<Waiting>>) -> Self {
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

    fn apply(&self, snapshot: Snapshot) {
        self.tenant.set(Some(snapshot.tenant));
        self.clock_offset.set(snapshot.clock_offset);
        self.devices.set(snapshot.devices);
        self.unreadable.set(snapshot.unreadable);
        self.fresh();
    }

    /// The data shown is what the backend has now.
    fn fresh(&self) {
        let now = real_now();
        self.real_time.set(now);
        self.updated_at.set(Some(now));
        if self.stale.get_untracked().is_some() {
            self.stale.set(None);
        }
    }

    /// A background update failed: say so, and keep what is shown.
    fn went_stale(&self, err: &BackendError) {
        self.stale.set(Some(err.to_string()));
    }

    /// Loads (or reloads) everything from the backend. A failed reload keeps the table and says
    /// it may be out of date; only a failed first load leaves nothing to show.
    pub fn load(&self) {
        let store = *self;
        if self.reloading.get_untracked() {
            return;
        }
        self.reloading.set(true);
        spawn_local(async move {
            let result = store.backend().load().await;
            store.reloading.set(false);
            match result {
                Ok(snapshot) => {
                    store.apply(snapshot);
                    store.status.set(LoadStatus::Ready);
                }
                Err(err) if store.status.get_untracked() == LoadStatus::Ready => {
                    store.went_stale(&err)
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
    /// whose processing time has come, and ticks the clock once a minute otherwise.
    fn start_polling(&self) {
        let store = *self;
        let busy = StoredValue::new(false);
        let ticks = StoredValue::new(0u32);
        set_interval(
            move || {
                if busy.get_value() {
                    return;
                }
                ticks.update_value(|t| *t += 1);
                let now = real_now() + store.clock_offset.get_untracked();
                let due: Vec<String> = store.devices.with_untracked(|devices| {
                    devices
                        .iter()
                        .filter(|d| matches!(d.registration, Registration::Pending { due } if due <= now))
                        .map(|d| d.id.clone())
                        .collect()
                });
                if due.is_empty() {
                    if ticks.get_value().is_multiple_of(60) {
                        store.real_time.set(real_now());
                    }
                    return;
                }
                busy.set_value(true);
                spawn_local(async move {
                    let result = store.backend().refresh(due.clone()).await;
                    busy.set_value(false);
                    match result {
                        Ok(devices) => {
                            store.fresh();
                            // Asked for and not answered: removed meanwhile (another admin, a
                            // demo reset). Keeping them would show them pending for ever.
                            let found: std::collections::HashSet<&str> =
                                devices.iter().map(|d| d.id.as_str()).collect();
                            let gone: std::collections::HashSet<String> = due
                                .into_iter()
                                .filter(|id| !found.contains(id.as_str()))
                                .collect();
                            if !gone.is_empty() {
                                store
                                    .devices
                                    .update(|all| all.retain(|d| !gone.contains(&d.id)));
                            }
                            store.upsert(devices);
                        }
                        Err(err) => store.went_stale(&err),
                    }
                });
            },
            Duration::from_millis(1_000),
        );
    }

    /// Submits devices in batches of at most 500; each batch appears in the table as soon as the
    /// service accepts it. Stops at the first refused batch and hands back what was not sent.
    pub async fn register(
        &self,
        devices: Vec<ImportedDevice>,
        profile: Profile,
    ) -> RegisterOutcome {
        let total = devices.len();
        self.submitting.set(Some(Submitting { done: 0, total }));
        // Unique across browsers and runs: the service remembers keys, and a key reused for
        // different devices is refused.
        let random = || (js_sys::Math::random() * f64::from(u32::MAX)) as u32;
        let run = format!("{:x}-{:08x}{:08x}", real_now(), random(), random());
        let mut submitted = 0;
        let mut failed = None;
        for (index, chunk) in devices.chunks(MAX_BATCH).enumerate() {
            let batch: Vec<Submission> = chunk.iter().map(Submission::from).collect();
            let key = format!("{run}-{index}");
            match self.backend().import(batch, profile, key).await {
                Ok(added) => {
                    submitted += added.len();
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
        if failed.is_none() {
            self.fresh();
        } else {
            self.real_time.set(real_now());
        }
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
                Err(err) => store.toasts.error(err.to_string()),
            }
        });
    }
}
