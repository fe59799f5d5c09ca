//! A real tenant's Autopilot beside the devices: where its sync with Intune stands (and asking
//! for one), and the devices whose group tag is no profile's, which the portal tags. The
//! embedded service and the server have neither: they sync and tag by themselves.

use super::DeviceStore;
use crate::backend::{real_now, AutopilotSync};
use autopilot_i18n::t;
use autopilot_service::bulk::{BulkAction, BulkOutcome, MAX_BULK};
use autopilot_service::device::Profile;
use leptos::prelude::*;
use leptos::task::spawn_local;
use portal_model::locale::number;

/// A registered device whose group tag is no profile's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Untagged {
    /// Its id.
    pub id: String,
    /// Its serial number.
    pub serial: String,
    /// The profile the table shows for it (Standard for a tag that is no profile's).
    pub profile: Profile,
    /// The tag it has.
    pub tag: String,
}

/// Looks at the sync's state before a planned request gives up (each at most 10 minutes apart).
const SYNC_LOOKS: usize = 6;

impl DeviceStore {
    /// Reads where the Autopilot sync stands; a failure leaves what is shown.
    pub fn load_sync(&self) {
        let store = *self;
        spawn_local(async move {
            if let Ok(sync) = store.backend().autopilot_sync().await {
                let _ = store.autopilot.try_set(sync);
            }
        });
    }

    /// Asks Autopilot to sync once a registration's devices reached it, as Microsoft's
    /// `Import-AutopilotCSV` does: now if Autopilot takes a request, else when it will (10
    /// minutes after the last request, or once the running sync is done), looking again at most
    /// a few times. The sync line says when it is planned.
    pub(super) fn sync_after_registration(&self) {
        if self.sync_planned.get_untracked().is_some() {
            return; // one is planned already, and will take these devices too
        }
        let store = *self;
        let backend = self.backend();
        store.sync_planned.set(Some(real_now()));
        spawn_local(async move {
            for _ in 0..SYNC_LOOKS {
                let next = match backend.autopilot_sync().await {
                    Ok(Some(state)) => {
                        let next = state.next_request(real_now());
                        let _ = store.autopilot.try_set(Some(state));
                        next
                    }
                    Ok(None) => break,
                    Err(_) => Some(real_now() + AutopilotSync::RUNNING_LOOK_AGAIN),
                };
                if let Some(at) = next {
                    let _ = store.sync_planned.try_set(Some(at));
                    let wait = (at - real_now())
                        .at_least_zero()
                        .0
                        .clamp(1_000, u32::MAX.into());
                    gloo_timers::future::TimeoutFuture::new(wait as u32).await;
                    continue;
                }
                match backend.sync_autopilot().await {
                    Ok(state) => {
                        let _ = store.autopilot.try_set(Some(state));
                        break;
                    }
                    // Someone else asked in between (409, 429): look again.
                    Err(_) => continue,
                }
            }
            let _ = store.sync_planned.try_set(None);
        });
    }

    /// Asks Autopilot to sync now, and says how that went.
    pub fn sync_autopilot(&self) {
        let store = *self;
        spawn_local(async move {
            match store.backend().sync_autopilot().await {
                Ok(sync) => {
                    let _ = store.autopilot.try_set(Some(sync));
                    store.toasts.success(t!(crate::i18n::lang(), "sync-asked"));
                }
                Err(err) => {
                    store.toasts.error(err.message(crate::i18n::lang()));
                    store.load_sync();
                }
            }
        });
    }

    /// The registered devices whose group tag is no profile's, in table order.
    pub fn lacking_tag(&self) -> Vec<Untagged> {
        let backend = self.backend();
        if backend.is_demo() {
            return Vec::new();
        }
        self.devices.with(|d| {
            d.as_slice()
                .iter()
                .filter(|d| backend.lacks_profile_tag(d))
                .map(|d| Untagged {
                    id: d.id.clone(),
                    serial: d.serial.clone(),
                    profile: d.profile,
                    tag: d.group_tag.clone(),
                })
                .collect()
        })
    }

    /// Gives each of `devices` its profile's group tag (the profile it shows), profile by
    /// profile, at most `MAX_BULK` a request; `progress` counts the devices answered.
    pub fn add_tags(&self, devices: Vec<Untagged>, progress: RwSignal<Option<(usize, usize)>>) {
        let store = *self;
        let backend = self.backend();
        spawn_local(async move {
            let total = devices.len();
            let (mut tagged, mut refused, mut done) = (0, Vec::new(), 0);
            progress.set(Some((0, total)));
            'profiles: for profile in Profile::ALL {
                let ids: Vec<String> = devices
                    .iter()
                    .filter(|d| d.profile == profile)
                    .map(|d| d.id.clone())
                    .collect();
                for chunk in ids.chunks(MAX_BULK) {
                    let action = BulkAction::ChangeProfile(profile);
                    match backend.bulk(action, chunk.to_vec()).await {
                        Ok(results) => {
                            store.devices.write().apply_bulk(&results);
                            for r in &results {
                                match &r.outcome {
                                    BulkOutcome::Refused(why) => {
                                        refused.push(portal_model::words::refusal(
                                            crate::i18n::lang(),
                                            &why.to_string(),
                                        ))
                                    }
                                    _ => tagged += 1,
                                }
                            }
                        }
                        Err(err) => {
                            // Part of the request may have been done: read what Graph has.
                            refused.push(err.message(crate::i18n::lang()));
                            store.load();
                            break 'profiles;
                        }
                    }
                    done += chunk.len();
                    progress.set(Some((done, total)));
                }
            }
            progress.set(None);
            store.real_time.set(real_now());
            if tagged > 0 {
                let lang = crate::i18n::lang();
                store
                    .toasts
                    .success(t!(lang, "tags-added", count = tagged, n = number(tagged)));
            }
            if let Some(first) = refused.first() {
                let left = total - tagged;
                store.toasts.error(t!(
                    crate::i18n::lang(),
                    "tags-refused",
                    count = left,
                    n = number(left),
                    why = first.as_str()
                ));
            }
        });
    }
}
