//! The API boundary the views call. The trait and the types that cross it are
//! `portal_model::backend`; the two backends are `portal_backend` (native, one conformance suite
//! runs against both). Here is only what the browser gives them: IndexedDB as the embedded
//! service's storage ([`idb`]) and `fetch` as the HTTP backend's transport ([`http`]), and
//! `config.json`, which picks one ([`config`]). Views never talk HTTP or storage.

pub mod config;
pub mod http;
pub mod idb;
pub mod tabs;

pub use portal_model::backend::*;
pub use portal_model::config::{BackendChoice, Config};

use autopilot_service::device::{Device, Profile, RealTime};
use autopilot_service::service::Submission;
use std::rc::Rc;

/// Stands in when `config.json` names no backend this portal has: every call fails with the
/// reason, so nothing (not even Refresh) falls back silently to demo data.
pub struct Misconfigured(pub String);

impl Misconfigured {
    fn fail<T>(&self) -> BackendFuture<'_, T> {
        let why = self.0.clone();
        Box::pin(async move { Err(BackendError::Refused(why)) })
    }
}

impl Backend for Misconfigured {
    fn load(&self) -> BackendFuture<'_, Snapshot> {
        self.fail()
    }
    fn import(&self, _: Vec<Submission>, _: Profile, _: String) -> BackendFuture<'_, Vec<Device>> {
        self.fail()
    }
    fn refresh(&self, _: Vec<String>) -> BackendFuture<'_, Refreshed> {
        self.fail()
    }
    fn remove(&self, _: String) -> BackendFuture<'_, ()> {
        self.fail()
    }
    fn change_profile(&self, _: String, _: Profile) -> BackendFuture<'_, Device> {
        self.fail()
    }
    fn retry(&self, _: String) -> BackendFuture<'_, Device> {
        self.fail()
    }
    fn bulk(
        &self,
        _: autopilot_service::bulk::BulkAction,
        _: Vec<String>,
    ) -> BackendFuture<'_, Vec<autopilot_service::bulk::BulkResult>> {
        self.fail()
    }
    fn demo(&self, _: DemoAction) -> BackendFuture<'_, Snapshot> {
        self.fail()
    }
    fn account(&self) -> BackendFuture<'_, portal_model::auth::Account> {
        self.fail()
    }
    fn audit(&self, _: AuditQuery) -> BackendFuture<'_, AuditPage> {
        self.fail()
    }
}

/// The app-wide backend handle, provided once in `App`.
pub type SharedBackend = Rc<dyn Backend>;

/// Real time: what this browser's clock says.
pub fn real_now() -> RealTime {
    RealTime(js_sys::Date::now() as i64)
}
