//! A real tenant's Autopilot beside the devices: where its sync with Intune stands (and asking
//! for one), and the devices whose group tag is no profile's, which the portal tags. The
//! embedded service and the server have neither: they sync and tag by themselves.

use super::DeviceStore;
use crate::backend::real_now;
use autopilot_service::bulk::{BulkAction, BulkOutcome, MAX_BULK};
use autopilot_service::device::Profile;
use leptos::prelude::*;
use leptos::task::spawn_local;
use portal_model::register::plural;

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

    /// Asks Autopilot to sync now, and says how that went.
    pub fn sync_autopilot(&self) {
        let store = *self;
        spawn_local(async move {
            match store.backend().sync_autopilot().await {
                Ok(sync) => {
                    let _ = store.autopilot.try_set(Some(sync));
                    store.toasts.success(
                        "Sync asked for. Intune syncs with Autopilot in a few minutes; new devices then get their profiles.",
                    );
                }
                Err(err) => {
                    store.toasts.error(err.to_string());
                    store.load_sync();
                }
            }
        });
    }

    /// The ids and serials of registered devices whose group tag is no profile's, in table order.
    pub fn lacking_tag(&self) -> Vec<(String, String, Profile)> {
        let backend = self.backend();
        if backend.is_demo() {
            return Vec::new();
        }
        self.devices.with(|d| {
            d.as_slice()
                .iter()
                .filter(|d| backend.lacks_profile_tag(d))
                .map(|d| (d.id.clone(), d.serial.clone(), d.profile))
                .collect()
        })
    }

    /// Gives each of `devices` its profile's group tag (the profile it shows), profile by
    /// profile, at most `MAX_BULK` a request; `progress` counts the devices answered.
    pub fn add_tags(
        &self,
        devices: Vec<(String, String, Profile)>,
        progress: RwSignal<Option<(usize, usize)>>,
    ) {
        let store = *self;
        let backend = self.backend();
        spawn_local(async move {
            let total = devices.len();
            let (mut tagged, mut refused, mut done) = (0, Vec::new(), 0);
            progress.set(Some((0, total)));
            'profiles: for profile in Profile::ALL {
                let ids: Vec<String> = devices
                    .iter()
                    .filter(|(_, _, p)| *p == profile)
                    .map(|(id, _, _)| id.clone())
                    .collect();
                for chunk in ids.chunks(MAX_BULK) {
                    let action = BulkAction::ChangeProfile(profile);
                    match backend.bulk(action, chunk.to_vec()).await {
                        Ok(results) => {
                            store.devices.write().apply_bulk(&results);
                            for r in &results {
                                match &r.outcome {
                                    BulkOutcome::Refused(why) => refused.push(why.to_string()),
                                    _ => tagged += 1,
                                }
                            }
                        }
                        Err(err) => {
                            refused.push(err.to_string());
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
                store.toasts.success(format!(
                    "Group tag added to {}.",
                    plural(tagged, "device", "devices")
                ));
            }
            if let Some(first) = refused.first() {
                store.toasts.error(format!(
                    "{} kept the tag it had: {first}",
                    plural(total - tagged, "device", "devices")
                ));
            }
        });
    }
}
