//! What views ask the store to do: register devices, act on one device, run a demo control. Each
//! reports its outcome (in the table, in a toast).

use super::{DeviceStore, RegisterOutcome, Submitting};
use crate::backend::{real_now, BackendError, DemoAction};
use autopilot_reader::ImportedDevice;
use autopilot_service::device::{Device, Profile};
use leptos::prelude::*;
use leptos::task::spawn_local;
use portal_model::store::batches;

impl DeviceStore {
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
