//! The router: every API route in one table (which the OpenAPI check compares with
//! `openapi.json`), the middleware around it, and the portal as the fallback.

pub mod graph;
pub mod mmd;
pub mod openapi;

use crate::body_limit::{self, BodyLimit};
use crate::errors;
use crate::rate_limit::{self, RateLimiter};
use crate::static_files::{self, Portal};
use crate::tenant::Tenant;
use axum::extract::DefaultBodyLimit;
use axum::handler::Handler;
use axum::routing::{self, MethodRouter};
use axum::{middleware, Router};
use std::sync::Arc;
use tokio::sync::Mutex;

/// What every handler can reach.
#[derive(Clone)]
pub struct AppState {
    /// The tenant's service and database, behind one lock.
    pub tenant: Arc<Mutex<Tenant>>,
}

/// The API routes, recorded as they are added.
struct Routes {
    router: Router<AppState>,
    table: Vec<(&'static str, &'static str)>,
}

impl Routes {
    fn add(
        mut self,
        method: &'static str,
        path: &'static str,
        route: MethodRouter<AppState>,
    ) -> Self {
        self.router = self.router.route(path, route);
        self.table.push((method, path));
        self
    }

    fn get<H: Handler<T, AppState>, T: 'static>(self, path: &'static str, handler: H) -> Self {
        self.add("get", path, routing::get(handler))
    }

    fn post<H: Handler<T, AppState>, T: 'static>(self, path: &'static str, handler: H) -> Self {
        self.add("post", path, routing::post(handler))
    }

    fn put<H: Handler<T, AppState>, T: 'static>(self, path: &'static str, handler: H) -> Self {
        self.add("put", path, routing::put(handler))
    }

    fn delete<H: Handler<T, AppState>, T: 'static>(self, path: &'static str, handler: H) -> Self {
        self.add("delete", path, routing::delete(handler))
    }
}

fn api() -> Routes {
    let routes = Routes {
        router: Router::new(),
        table: Vec::new(),
    };
    routes
        .get("/api/openapi.json", openapi::document)
        .post(
            "/api/graph/v1.0/deviceManagement/importedWindowsAutopilotDeviceIdentities/import",
            graph::import,
        )
        .get(
            "/api/graph/v1.0/deviceManagement/importedWindowsAutopilotDeviceIdentities/{id}",
            graph::get_import,
        )
        .get(
            "/api/graph/v1.0/deviceManagement/windowsAutopilotDeviceIdentities",
            graph::list,
        )
        .get(
            "/api/graph/v1.0/deviceManagement/windowsAutopilotDeviceIdentities/{id}",
            graph::get_device,
        )
        .delete(
            "/api/graph/v1.0/deviceManagement/windowsAutopilotDeviceIdentities/{id}",
            graph::delete_device,
        )
        .get("/api/mmd/v1/tenant", mmd::tenant)
        .put("/api/mmd/v1/devices/{id}/profile", mmd::change_profile)
        .post("/api/mmd/v1/devices/{id}/retry", mmd::retry)
        .post("/api/mmd/v1/devices:query", mmd::query)
        .post("/api/mmd/v1/demo/sign-in", mmd::sign_in_many)
        .post("/api/mmd/v1/demo/sign-in/{id}", mmd::sign_in)
        .post("/api/mmd/v1/demo/advance-clock", mmd::advance_clock)
        .post("/api/mmd/v1/demo/faults", mmd::faults)
        .post("/api/mmd/v1/demo/reset", mmd::reset)
}

/// Every API route as (lower-case method, path with `{param}`s), in the order added.
pub fn table() -> Vec<(&'static str, &'static str)> {
    api().table
}

/// Limits the router applies.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Largest request body in bytes.
    pub body: usize,
    /// Requests per second (0 = unlimited).
    pub rate: f64,
    /// Burst size.
    pub burst: f64,
}

/// The whole application: API, portal fallback, limits, JSON errors and request ids.
pub fn router(state: AppState, portal: Portal, limits: Limits) -> Router {
    let portal = Router::new()
        .fallback(static_files::serve)
        .with_state(Arc::new(portal));
    api()
        .router
        .with_state(state)
        .fallback_service(portal)
        .layer(DefaultBodyLimit::max(limits.body))
        .layer(middleware::from_fn_with_state(
            BodyLimit(limits.body),
            body_limit::check_length,
        ))
        .layer(middleware::from_fn_with_state(
            Arc::new(RateLimiter::new(limits.rate, limits.burst)),
            rate_limit::limit,
        ))
        .layer(middleware::from_fn(errors::request_context))
}
