//! Following pending registrations until they are decided, and the clock that keeps states
//! derived from time (Active → Inactive, ages) current.

use super::DeviceStore;
use crate::backend::real_now;
use autopilot_service::device::{Device, Registration};
use leptos::prelude::*;
use leptos::task::spawn_local;
use portal_model::store::{Freshness, Stale};

impl DeviceStore {
    /// Follows pending registrations: once a second, asks the backend about the pending devices
    /// whose processing time has come. Ticks the clock once a minute: states derived from it
    /// (Active → Inactive, ages) change by the day, and every tick re-sorts the whole tenant.
    /// The timer stops when the store's owner is cleaned up.
    pub(super) fn start_polling(&self) {
        let store = *self;
        let busy = StoredValue::new(false);
        let ticks = StoredValue::new(0u32);
        crate::timer::every(1_000, move || {
            ticks.update_value(|t| *t += 1);
            if ticks.get_value().is_multiple_of(60) {
                store.real_time.set(real_now());
            }
            if busy.get_value() {
                return;
            }
            let now = real_now().on_tenant_clock(store.clock_offset.get_untracked());
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
                        // A real tenant: once a registration's devices are decided and some
                        // reached Autopilot, Intune is asked to sync.
                        if !store.backend().is_demo() {
                            let registered = |d: &Device| {
                                matches!(d.registration, Registration::Registered { .. })
                            };
                            let pending =
                                |d: &Device| matches!(d.registration, Registration::Pending { .. });
                            if refreshed.devices.iter().any(registered) {
                                store.reached_autopilot.set_value(true);
                            }
                            if !refreshed.devices.iter().any(pending)
                                && store.reached_autopilot.get_value()
                            {
                                store.reached_autopilot.set_value(false);
                                store.sync_after_registration();
                            }
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
    }
}
