//! A test double of Microsoft Graph for the portal's `graph` backend (issue 10): Graph cannot be
//! reached from the test machines, so the server plays the part of it the backend uses, as
//! `docs/graph.md` documents it: Graph's paths under `/v1.0` and `/beta`, served cross-origin to
//! the portal (CORS with the `Authorization` header, as Graph allows single-page apps), bearer
//! tokens of the sign-in issuer when sign-in is on, `request-id` and `client-request-id` on
//! every answer, and Graph's error shape. `server --graph-double <portal origin>` runs it
//! instead of the registration API. Not for production: it keeps everything in memory.

mod json;
mod routes;
pub mod state;

use crate::auth::{self, Auth};
use crate::errors::RequestId;
use crate::time::real_now;
use autopilot_service::device::Millis;
use axum::extract::Request;
use axum::http::{header, HeaderName, HeaderValue, Method, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::Router;
use state::GraphTenant;
use std::sync::atomic::{AtomicU32, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Mutex;
use tower_http::cors::{AllowOrigin, CorsLayer};

/// What every handler of the double reaches.
#[derive(Clone)]
pub struct DoubleState {
    tenant: Arc<Mutex<GraphTenant>>,
    faults: Arc<Faults>,
    /// The double's own address and version, for `@odata.context` and `@odata.nextLink`.
    base: String,
}

/// Faults the tests ask for (`POST /_double/faults`).
#[derive(Default)]
pub struct Faults {
    throttle: AtomicU32,
    retry_after: AtomicU64,
    lose_answers: AtomicU32,
}

impl Faults {
    fn set(&self, throttle: u32, retry_after: u64, lose_answers: u32) {
        self.throttle.store(throttle, Ordering::SeqCst);
        self.retry_after.store(retry_after, Ordering::SeqCst);
        self.lose_answers.store(lose_answers, Ordering::SeqCst);
    }

    /// `Some(seconds)` when this request is to be throttled.
    fn take_throttle(&self) -> Option<u64> {
        take(&self.throttle).then(|| self.retry_after.load(Ordering::SeqCst))
    }

    /// Whether this request's answer is to be lost.
    fn take_lost_answer(&self) -> bool {
        take(&self.lose_answers)
    }
}

fn take(counter: &AtomicU32) -> bool {
    counter
        .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| n.checked_sub(1))
        .is_ok()
}

/// An error as Graph answers it: `{"error": {"code", "message", "innerError": {"date",
/// "request-id", "client-request-id"}}}` (docs/graph.md §7); the ids are filled in on the way
/// out.
#[derive(Debug, Clone)]
pub struct GraphError {
    status: StatusCode,
    code: &'static str,
    message: String,
    retry_after: Option<u64>,
}

impl GraphError {
    fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        GraphError {
            status,
            code,
            message: message.into(),
            retry_after: None,
        }
    }

    fn bad_request(message: impl Into<String>) -> Self {
        GraphError::new(StatusCode::BAD_REQUEST, "BadRequest", message)
    }

    fn not_found(id: &str) -> Self {
        GraphError::new(
            StatusCode::NOT_FOUND,
            "ResourceNotFound",
            format!(
                "Resource not found for the segment '{}'.",
                id.chars().take(100).collect::<String>()
            ),
        )
    }

    fn throttled(seconds: u64) -> Self {
        GraphError {
            retry_after: Some(seconds),
            ..GraphError::new(
                StatusCode::TOO_MANY_REQUESTS,
                "TooManyRequests",
                "Too many requests. Retry after the time in the Retry-After header.",
            )
        }
    }
}

impl IntoResponse for GraphError {
    fn into_response(self) -> Response {
        let mut response = self.status.into_response();
        if let Some(seconds) = self.retry_after {
            routes::retry_after(&mut response, seconds);
        }
        response.extensions_mut().insert(self);
        response
    }
}

/// Request ids on every answer, and errors in Graph's shape (with those ids).
async fn graph_context(request: Request, next: Next) -> Response {
    let id = RequestId::new().0;
    let client = request
        .headers()
        .get("client-request-id")
        .and_then(|v| v.to_str().ok())
        .map(|v| v.chars().take(100).collect::<String>())
        .unwrap_or_else(|| id.clone());
    let mut response = next.run(request).await;
    if let Some(error) = response.extensions().get::<GraphError>().cloned() {
        let body = serde_json::json!({
            "error": {
                "code": error.code,
                "message": error.message,
                "innerError": {
                    "date": autopilot_api::audit::iso_real(real_now()),
                    "request-id": id,
                    "client-request-id": client,
                },
            },
        });
        let (mut parts, _) = response.into_parts();
        parts.headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        );
        parts.headers.remove(header::CONTENT_LENGTH);
        response = Response::from_parts(parts, axum::body::Body::from(body.to_string()));
    }
    for (name, value) in [("request-id", &id), ("client-request-id", &client)] {
        if let Ok(value) = HeaderValue::from_str(value) {
            response
                .headers_mut()
                .insert(HeaderName::from_static(name), value);
        }
    }
    response
}

/// The double's router: Graph under `/v1.0` and `/beta` for the portal at `origin`, with
/// `auth` checking bearer tokens, and the test controls; and the task deciding registrations
/// (abort it to stop).
pub fn router(
    tenant: GraphTenant,
    origin: &str,
    auth: Arc<Auth>,
    base: &str,
) -> (Router, tokio::task::JoinHandle<()>) {
    let state = DoubleState {
        tenant: Arc::new(Mutex::new(tenant)),
        faults: Arc::new(Faults::default()),
        base: base.trim_end_matches('/').to_owned(),
    };
    let graph =
        routes::graph().route_layer(middleware::from_fn_with_state(auth, auth::authenticate));
    let cors = CorsLayer::new()
        .allow_origin(AllowOrigin::exact(
            HeaderValue::from_str(origin).unwrap_or(HeaderValue::from_static("null")),
        ))
        .allow_methods([Method::GET, Method::POST, Method::DELETE, Method::PATCH])
        .allow_headers([
            header::AUTHORIZATION,
            header::CONTENT_TYPE,
            HeaderName::from_static("client-request-id"),
            HeaderName::from_static("prefer"),
        ])
        .expose_headers([
            HeaderName::from_static("request-id"),
            HeaderName::from_static("client-request-id"),
            header::RETRY_AFTER,
        ])
        .max_age(Duration::from_secs(600));
    let versioned = Router::new()
        .nest("/v1.0", graph.clone())
        .nest("/beta", graph)
        .merge(routes::controls())
        .with_state(state.clone());
    let ticking = state.tenant.clone();
    let deciding = tokio::spawn(async move {
        let mut ticks = tokio::time::interval(Duration::from_millis(50));
        loop {
            ticks.tick().await;
            ticking.lock().await.tick(real_now());
        }
    });
    let router = versioned
        .layer(middleware::from_fn(graph_context))
        .layer(cors);
    (router, deciding)
}

/// A fresh tenant deciding registrations `delay` after they arrive.
pub fn tenant(delay: Millis) -> GraphTenant {
    GraphTenant::new(real_now(), delay)
}
