//! The portal's backends without the browser. [`embedded::EmbeddedBackend`] runs the registration
//! service over a [`storage::Storage`] (IndexedDB in the portal, memory in tests);
//! [`http::HttpBackend`] talks to the registration server over a [`http::Transport`] (`fetch` in
//! the portal, hyper in tests). Both implement `portal_model::backend::Backend`, and
//! `tests/conformance` runs one suite against both: the embedded service and a real server.

pub mod embedded;
mod gate;
pub mod graph;
pub mod http;
pub mod storage;
pub mod versions;

use std::future::Future;
use std::pin::Pin;

/// A future that may hold browser handles (not `Send`).
pub type LocalFuture<'a, T> = Pin<Box<dyn Future<Output = T> + 'a>>;
