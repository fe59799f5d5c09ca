//! The app's device store: signals around `portal_model::store` (the device list, which answers
//! still count, registration batches), and the backend calls views make. Provided once in `App`;
//! views take it with `expect_context::<DeviceStore>()`.

mod actions;
mod autopilot;
mod polling;
mod tabs;

pub use actions::new_session;

use crate::backend::{real_now, AutopilotSync, BackendError, SharedBackend, Snapshot};
use crate::components::toast::Toasts;
use autopilot_reader::ImportedDevice;
use autopilot_service::device::{Device, Millis, Profile, RealTime, TenantTime};
use autopilot_service::service::TenantInfo;
use leptos::prelude::*;
use leptos::task::spawn_local;
use portal_model::auth::Account;
use portal_model::store::{DeviceList, Freshness, Stale, Waits};

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
    pub real_time: RwSignal<RealTime>,
    /// A registration being submitted.
    pub submitting: RwSignal<Option<Submitting>>,
    /// Requests the backend waits to send again (service busy or unreachable).
    pub waiting: RwSignal<Waits>,
    /// Why the table may be out of date (the data shown is kept).
    pub stale: RwSignal<Option<Stale>>,
    /// Real time of the last full load that worked.
    pub updated_at: RwSignal<Option<RealTime>>,
    /// Devices the backend has but could not be read (not shown, never deleted).
    pub unreadable: RwSignal<Vec<String>>,
    /// Who is using the portal and what they may do, once known.
    pub account: RwSignal<Option<Account>>,
    /// Where a real tenant's Autopilot sync stands (`None`: the backend has none, or not known).
    pub autopilot: RwSignal<Option<AutopilotSync>>,
    /// When the portal asks Autopilot to sync by itself, while it plans to (after a
    /// registration's devices reached Autopilot).
    pub sync_planned: RwSignal<Option<RealTime>>,
    /// Devices reached Autopilot since the last sync was planned.
    reached_autopilot: StoredValue<bool>,
    /// Which answers still count; whether a reload runs.
    freshness: RwSignal<Freshness>,
    /// Devices accepted since the table was last drawn (see [`DeviceStore::arrive`]).
    arriving: StoredValue<Vec<Device>>,
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
            clock_offset: RwSignal::new(Millis(0)),
            status: RwSignal::new(LoadStatus::Loading),
            real_time: RwSignal::new(real_now()),
            submitting: RwSignal::new(None),
            waiting,
            stale: RwSignal::new(None),
            updated_at: RwSignal::new(None),
            unreadable: RwSignal::new(Vec::new()),
            account: RwSignal::new(None),
            autopilot: RwSignal::new(None),
            sync_planned: RwSignal::new(None),
            reached_autopilot: StoredValue::new(false),
            freshness: RwSignal::new(Freshness::default()),
            arriving: StoredValue::new(Vec::new()),
            backend: StoredValue::new_local(backend),
            toasts,
        };
        store.start_polling();
        store
    }

    pub(crate) fn backend(&self) -> SharedBackend {
        self.backend.get_value()
    }

    /// Whether a full reload is running.
    pub fn reloading(&self) -> bool {
        self.freshness.with(Freshness::is_reloading)
    }

    /// The tenant's current time.
    pub fn now(&self) -> TenantTime {
        self.real_time
            .get()
            .on_tenant_clock(self.clock_offset.get())
    }

    /// The tenant's current time, without subscribing to its ticks.
    pub fn now_untracked(&self) -> TenantTime {
        self.real_time
            .get_untracked()
            .on_tenant_clock(self.clock_offset.get_untracked())
    }

    /// The profiles the admin can pick in this tenant.
    pub fn profiles(&self) -> Vec<Profile> {
        self.tenant
            .with(|t| t.as_ref().map(|t| t.profiles()).unwrap_or_default())
    }

    /// Puts devices the backend accepted into the table at the next animation frame, with any
    /// others accepted before it: every change of the list selects and sorts the whole tenant
    /// again, so batches that arrive together cost one of those, not one each.
    pub(crate) fn arrive(&self, added: Vec<Device>) {
        self.freshness.write().registered(&added);
        let first = self.arriving.with_value(Vec::is_empty);
        self.arriving.update_value(|waiting| waiting.extend(added));
        if first {
            let store = *self;
            request_animation_frame(move || store.show_arrived());
        }
    }

    /// Puts the devices waiting for the next frame into the table now.
    pub(crate) fn show_arrived(&self) {
        let arrived = self
            .arriving
            .try_update_value(std::mem::take)
            .unwrap_or_default();
        if !arrived.is_empty() {
            self.devices.write().upsert(arrived);
        }
    }

    /// Shows a full snapshot: everything the backend has now, plus what was registered while it
    /// was taken.
    pub(crate) fn apply(&self, snapshot: Snapshot) {
        // Devices still waiting for a frame were accepted before this snapshot was shown: the
        // snapshot, or what was registered while it was taken, has them as they are now.
        self.arriving.update_value(Vec::clear);
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
    pub(crate) fn went_stale(&self, err: &BackendError, from_poll: bool) {
        let stale = Stale {
            why: err.message(crate::i18n::lang()),
            from_poll,
        };
        // Unchanged, it is not set again: the banner (and the focus in it) stays as it is.
        if self.stale.with_untracked(|s| s.as_ref() != Some(&stale)) {
            self.stale.set(Some(stale));
        }
    }

    /// Why this account may not change the tenant ("Readers can view and export devices…"), or
    /// `None` when it may. Until the account is known, changes wait.
    pub fn why_not_change(&self) -> Option<String> {
        let lang = crate::i18n::lang();
        self.account.with(|a| match a {
            Some(account) => portal_model::words::why_not(lang, account.role),
            None => Some(autopilot_i18n::t!(lang, "checking-role")),
        })
    }

    /// Finds out who is using the portal and what they may do; tries three times, a few
    /// seconds apart, before it says it could not.
    pub fn load_account(&self) {
        let store = *self;
        spawn_local(async move {
            let mut last = None;
            for attempt in 0..3u32 {
                if attempt > 0 {
                    gloo_timers::future::TimeoutFuture::new(2_000 * attempt).await;
                }
                match store.backend().account().await {
                    Ok(account) => return store.account.set(Some(account)),
                    Err(err) => last = Some(err),
                }
            }
            if let Some(err) = last {
                let lang = crate::i18n::lang();
                store.toasts.error(autopilot_i18n::t!(
                    lang,
                    "account-unreadable",
                    why = err.message(lang)
                ));
            }
        });
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
                    if !store.backend().is_demo() {
                        store.load_sync();
                    }
                }
                Err(err) if store.status.get_untracked() == LoadStatus::Ready => {
                    store.went_stale(&err, false)
                }
                Err(err) => store
                    .status
                    .set(LoadStatus::Failed(err.message(crate::i18n::lang()))),
            }
        });
    }
}
