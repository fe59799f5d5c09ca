//! The app's device store: signals around `portal_model::store` (the device list, which answers
//! still count, registration batches), and the backend calls views make. Provided once in `App`;
//! views take it with `expect_context::<DeviceStore>()`.

use crate::backend::{real_now, BackendError, DemoAction, SharedBackend, Snapshot};
use crate::components::toast::Toasts;
use autopilot_reader::ImportedDevice;
use autopilot_service::device::{Device, Millis, Profile};
use autopilot_service::service::TenantInfo;
use gloo_timers::callback::Interval;
use leptos::prelude::*;
use leptos::task::spawn_local;
use portal_model::store::{batches, DeviceList, Freshness, Stale, Waits};

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
    pub devices: RwSignal<DeviceList>,
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
    /// Which answers still count; whether a reload runs.
    freshness: RwSignal<Freshness>,
    backend: StoredValue<SharedBackend, LocalStorage>,
    toasts: Toasts,
}

impl DeviceStore {
    /// A store over `backend`; call [`DeviceStore::load`] to fill it. `waiting` is the signal the
    /// backend reports its waits to. Follows pending registrations until its owner is cleaned up.
    pub fn new(backend: SharedBackend, toasts: Toasts, waiting: RwSignal<Waits>) -> Self {
        let store = DeviceStore {
            devices: RwSignal::new(DeviceList::default()),
            tenant: RwSignal::new(None),
            clock_offset: RwSignal::new(0),
            status: RwSignal::new(LoadStatus::Loading),
            real_time: RwSignal::new(real_now()),
            submitting: RwSignal::new(None),
            waiting,
            stale: RwSignal::new(None),
            updated_at: RwSignal::new(None),
            unreadable: RwSignal::new(Vec::new()),
            freshness: RwSignal::new(Freshness::default()),
            backend: StoredValue::new_local(backend),
            toasts,
        };
        store.start_polling();
        store
    }

    fn backend(&self) -> SharedBackend {
        self.backend.get_value()
    }

    /// Whether a full reload is running.
    pub fn reloading(&self) -> bool {
        self.freshness.with(Freshness::is_reloading)
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

    /// Shows a full snapshot: everything the backend has now, plus what was registered while it
    /// was taken.
    fn apply(&self, snapshot: Snapshot) {
        let newer = self.freshness.write().snapshot_shown();
        self.tenant.set(Some(snapshot.tenant));
        self.clock_offset.set(snapshot.clock_offset);
        let mut list = DeviceList::new(snapshot.devices);
        list.upsert(newer);
        self.devices.set(list);
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
        let Some(ticket) = self.freshness.write().start_reload() else {
            return;
        };
        spawn_local(async move {
            let result = store.backend().load().await;
            store.freshness.write().reload_answered();
            if !store.freshness.with_untracked(|f| f.is_current(ticket)) {
                return; // a newer snapshot (a demo action's) is shown already
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

    /// Follows pending registrations: once a second, asks the backend about the pending devices
    /// whose processing time has come. Ticks the clock once a minute: states derived from it
    /// (Active → Inactive, ages) change by the day, and every tick re-sorts the whole tenant.
    /// The timer stops when the store's owner is cleaned up.
    fn start_polling(&self) {
        let store = *self;
        let busy = StoredValue::new(false);
        let ticks = StoredValue::new(0u32);
        let timer = Interval::new(1_000, move || {
            ticks.update_value(|t| *t += 1);
            if ticks.get_value().is_multiple_of(60) {
                store.real_time.set(real_now());
            }
            if busy.get_value() {
                return;
            }
            let now = real_now() + store.clock_offset.get_untracked();
            let due = store.devices.with_untracked(|d| d.due(now));
            if due.is_empty() {
                return;
            }
            busy.set_value(true);
            let ticket = store.freshness.with_untracked(Freshness::ticket);
            spawn_local(async move {
                let result = store.backend().refresh(due.clone()).await;
                busy.set_value(false);
                if !store.freshness.with_untracked(|f| f.is_current(ticket)) {
                    return; // asked before a reload or reset: the answer may be older
                }
                match result {
                    Ok(refreshed) => {
                        if store.stale.with_untracked(Stale::cleared_by_poll) {
                            store.stale.set(None);
                        }
                        let lines = store.devices.write().followed(&due, refreshed);
                        if !lines.is_empty() {
                            store.unreadable.update(|all| all.extend(lines));
                        }
                    }
                    Err(err) => store.went_stale(&err, true),
                }
            });
        });
        let timer = StoredValue::new_local(Some(timer));
        on_cleanup(move || {
            if let Some(timer) = timer.try_update_value(Option::take).flatten() {
                timer.cancel();
            }
        });
    }

    /// Submits devices in batches of at most 500 (`portal_model::store::batches`, with their
    /// idempotency keys); each batch appears in the table as soon as the service accepts it.
    /// Stops at the first refused batch and hands back what was not sent.
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
        for batch in batches(&devices, profile, session) {
            match self
                .backend()
                .import(batch.devices, profile, batch.key)
                .await
            {
                Ok(added) => {
                    submitted += added.len();
                    self.freshness.write().registered(&added);
                    self.devices.write().upsert(added);
                    self.submitting.set(Some(Submitting {
                        done: submitted,
                        total,
                    }));
                }
                Err(err) => {
                    failed = Some((err.to_string(), devices[batch.start..].to_vec()));
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
                        store.devices.write().upsert(vec![device]);
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
            store.devices.write().remove(&id);
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
