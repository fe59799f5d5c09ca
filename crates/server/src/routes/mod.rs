//! The router: every API route in one table (which the OpenAPI check compares with
//! `openapi.json`), the middleware around it, and the portal as the fallback.

pub mod audit;
pub mod graph;
pub mod mmd;
pub mod openapi;

use crate::auth::Principal;
use crate::auth::{self, Auth};
use crate::body_limit::{self, BodyLimit};
use crate::errors;
use crate::errors::ApiError;
use crate::rate_limit::{self, RateLimiter};
use crate::security;
use crate::static_files::{self, Portal};
use crate::tenant::Tenant;
use crate::tenants::Tenants;
use autopilot_api::paths::{self, API_BASE};
use axum::extract::DefaultBodyLimit;
use axum::handler::Handler;
use axum::http::{Extensions, HeaderMap, StatusCode, Version};
use axum::routing::{self, MethodRouter};
use axum::{middleware, Router};
use std::sync::Arc;
use tokio::sync::Mutex;
use tower_http::compression::predicate::{DefaultPredicate, Predicate};
use tower_http::compression::{CompressionLayer, CompressionLevel};

/// What every handler can reach.
#[derive(Clone)]
pub struct AppState {
    /// Every tenant's service, each behind its own lock, and the database.
    pub tenants: Arc<Tenants>,
    /// How callers are known.
    pub auth: Arc<Auth>,
}

impl AppState {
    /// The caller's tenant (the only one a request can read or change).
    pub async fn tenant(&self, caller: &Principal) -> Result<Arc<Mutex<Tenant>>, ApiError> {
        self.tenants.for_request(&caller.tenant).await
    }
}

/// The API routes (relative to [`API_BASE`]), recorded as they are added.
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
        .get(paths::OPENAPI, openapi::document)
        .post(paths::IMPORT, graph::import)
        .get(paths::IMPORTED, graph::get_import)
        .get(paths::DEVICES, graph::list)
        .get(paths::DEVICE, graph::get_device)
        .delete(paths::DEVICE, graph::delete_device)
        .get(paths::TENANT, mmd::tenant)
        .put(paths::DEVICE_PROFILE, mmd::change_profile)
        .post(paths::DEVICE_RETRY, mmd::retry)
        .post(paths::DEVICES_QUERY, mmd::query)
        .post(paths::DEVICES_BULK, mmd::bulk)
        .post(paths::DEMO_SIGN_IN, mmd::sign_in_many)
        .post(paths::DEMO_SIGN_IN_ONE, mmd::sign_in)
        .post(paths::DEMO_ADVANCE_CLOCK, mmd::advance_clock)
        .post(paths::DEMO_FAULTS, mmd::faults)
        .post(paths::DEMO_RESET, mmd::reset)
        .post(paths::DEMO_SEED, mmd::seed)
        .get(paths::AUDIT_EVENTS, audit::list)
        .get(paths::ME, audit::me)
}

/// Every API route as (lower-case method, full path with `{param}`s), in the order added.
pub fn table() -> Vec<(&'static str, String)> {
    api()
        .table
        .into_iter()
        .map(|(method, path)| (method, format!("{API_BASE}{path}")))
        .collect()
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
pub fn router(
    state: AppState,
    portal: Portal,
    headers: security::Headers,
    limits: Limits,
) -> Router {
    let portal = Router::new()
        .fallback(static_files::serve)
        .with_state(Arc::new(portal));
    let auth = state.auth.clone();
    // Layers added later run first: sign-in, then the rate limit per signed-in caller.
    let api = api()
        .router
        .route_layer(middleware::from_fn_with_state(
            Arc::new(RateLimiter::new(limits.rate, limits.burst)),
            rate_limit::limit,
        ))
        .route_layer(middleware::from_fn_with_state(auth, auth::authenticate))
        .with_state(state)
        // API answers compressed as the client accepts (brotli or gzip), at a level that keeps
        // up with a 10,000-device list; the portal's files come precompressed instead.
        .layer(
            CompressionLayer::new()
                .no_deflate()
                .no_zstd()
                .quality(CompressionLevel::Precise(4))
                // Errors are small and written whole: a refusal (429, 413) is often sent while
                // the client is still sending a large body, and a streamed answer would be cut
                // when the connection closes.
                .compress_when(DefaultPredicate::new().and(
                    |status: StatusCode, _: Version, _: &HeaderMap, _: &Extensions| {
                        status.is_success()
                    },
                )),
        );
    Router::new()
        .nest(API_BASE, api)
        .fallback_service(portal)
        .layer(DefaultBodyLimit::max(limits.body))
        .layer(middleware::from_fn_with_state(
            BodyLimit(limits.body),
            body_limit::check_length,
        ))
        .layer(middleware::from_fn(errors::request_context))
        .layer(middleware::from_fn_with_state(
            Arc::new(headers),
            security::add,
        ))
}
