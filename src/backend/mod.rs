//! The API boundary the views call. One trait, one file per implementation: the embedded,
//! in-browser service (the default) and, later, the HTTP API. Views never talk HTTP or storage.

pub mod embedded;
pub mod idb;

use autopilot::device::{Device, Millis, Profile};
use autopilot::service::{Submission, TenantInfo};
use serde::Deserialize;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;

/// A future of a backend call; not `Send`, as browser futures are not.
pub type BackendFuture<'a, T> = Pin<Box<dyn Future<Output = Result<T, BackendError>> + 'a>>;

/// Why a backend call failed, in words an admin can act on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BackendError {
    /// The service refused the request; the text says why.
    Refused(String),
    /// Browser storage failed (quota, private mode…).
    Storage(String),
    /// The service could not be reached or answered nonsense.
    Unavailable(String),
}

impl fmt::Display for BackendError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BackendError::Refused(why) => f.write_str(why),
            BackendError::Storage(why) => write!(f, "The browser could not save the data: {why}"),
            BackendError::Unavailable(why) => {
                write!(f, "The registration service is not available: {why}")
            }
        }
    }
}

/// Everything the workspace shows after a load.
#[derive(Debug, Clone, PartialEq)]
pub struct Snapshot {
    /// Organisation, domains, profiles.
    pub tenant: TenantInfo,
    /// Every device.
    pub devices: Vec<Device>,
    /// How far the (demo) tenant clock runs ahead of real time.
    pub clock_offset: Millis,
}

/// Demo controls for UX reviews.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DemoAction {
    /// The assigned user signs in (Ready for user → Active).
    SignIn(String),
    /// Moves the clock forward by whole days (Active → Inactive after 7 days without use).
    AdvanceClock(u32),
    /// The next `n` registrations fail with Unexpected error.
    InjectFaults(u32),
    /// Throws away all data and seeds the demo tenant again.
    Reset,
}

/// The registration service as the portal sees it.
pub trait Backend {
    /// The tenant and all its devices.
    fn load(&self) -> BackendFuture<'_, Snapshot>;
    /// Submits one batch (at most 500 devices); returns them as Registration Pending. `key`
    /// identifies the batch so a retried submission never registers a device twice.
    fn import(
        &self,
        batch: Vec<Submission>,
        profile: Profile,
        key: String,
    ) -> BackendFuture<'_, Vec<Device>>;
    /// The current state of these devices (used to follow pending registrations).
    fn refresh(&self, ids: Vec<String>) -> BackendFuture<'_, Vec<Device>>;
    /// Removes a device (refused while pending).
    fn remove(&self, id: String) -> BackendFuture<'_, ()>;
    /// Changes a device's profile.
    fn change_profile(&self, id: String, profile: Profile) -> BackendFuture<'_, Device>;
    /// Submits a failed registration again.
    fn retry(&self, id: String) -> BackendFuture<'_, Device>;
    /// Runs a demo control; returns the new snapshot.
    fn demo(&self, action: DemoAction) -> BackendFuture<'_, Snapshot>;
}

/// The app-wide backend handle, provided once in `App`.
pub type SharedBackend = Rc<dyn Backend>;

/// Portal configuration, read from `config.json` next to `index.html` (all fields optional).
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(default, rename_all = "camelCase")]
pub struct Config {
    /// `embedded` (default): the in-browser service. `http`: the API at `api_base`.
    pub backend: String,
    /// Base URL of the HTTP API.
    pub api_base: String,
    /// How long the embedded service keeps a registration pending, in milliseconds.
    pub processing_delay_ms: Option<Millis>,
    /// Browser database name of the embedded service (tests use their own).
    pub database: String,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            backend: "embedded".into(),
            api_base: "/api".into(),
            processing_delay_ms: None,
            database: "devices-portal".into(),
        }
    }
}

/// Real time in milliseconds since the epoch.
pub fn real_now() -> Millis {
    js_sys::Date::now() as Millis
}
