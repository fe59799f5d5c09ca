//! Every error is JSON, `{"error":{"code","message","requestId"}}`, and every response carries a
//! `request-id` header. Handlers return [`ApiError`]; errors axum produces itself (unknown route,
//! wrong method, unreadable body) are turned into the same shape by [`request_context`].

use autopilot_service::service::ActionError;
use axum::body::Body;
use axum::extract::Request;
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::OnceLock;

pub use autopilot_api::limits::{CLIENT_REQUEST_ID, REQUEST_ID};

/// An error answer: HTTP status, a stable code and a message that says what to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    /// HTTP status.
    pub status: StatusCode,
    /// Stable, Graph-style code (`BadRequest`, `ResourceNotFound`, `Conflict`…).
    pub code: &'static str,
    /// What went wrong, in words an admin or a developer can act on.
    pub message: String,
    /// Seconds to wait before retrying (429, 503).
    pub retry_after: Option<u64>,
}

impl ApiError {
    /// An error with this status, code and message.
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        ApiError {
            status,
            code,
            message: message.into(),
            retry_after: None,
        }
    }

    /// 400: the request is wrong.
    pub fn bad_request(message: impl Into<String>) -> Self {
        ApiError::new(StatusCode::BAD_REQUEST, "BadRequest", message)
    }

    /// 404: no such resource.
    pub fn not_found(message: impl Into<String>) -> Self {
        ApiError::new(StatusCode::NOT_FOUND, "ResourceNotFound", message)
    }

    /// 409: not possible in the resource's current state.
    pub fn conflict(message: impl Into<String>) -> Self {
        ApiError::new(StatusCode::CONFLICT, "Conflict", message)
    }

    /// 429 with `Retry-After`.
    pub fn too_many_requests(retry_after: u64) -> Self {
        ApiError {
            retry_after: Some(retry_after),
            ..ApiError::new(
                StatusCode::TOO_MANY_REQUESTS,
                "TooManyRequests",
                format!("Too many requests. Retry after {retry_after} s."),
            )
        }
    }

    /// 413: the body is larger than the server accepts.
    pub fn payload_too_large(limit: usize) -> Self {
        ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "PayloadTooLarge",
            format!(
                "The request body is larger than {limit} bytes. Send at most 500 devices per request."
            ),
        )
    }

    /// 500: something failed on the server; the detail goes to the log, not to the client.
    pub fn internal(detail: impl std::fmt::Display) -> Self {
        eprintln!("server error: {detail}");
        ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "InternalServerError",
            "The server could not complete the request; nothing was changed. Retry it.",
        )
    }

    /// The response body, with the request id filled in.
    pub fn body(&self, request_id: Option<&str>) -> ErrorBody {
        ErrorBody {
            error: ErrorDetail {
                code: self.code.to_owned(),
                message: self.message.clone(),
                request_id: request_id.map(str::to_owned),
            },
        }
    }
}

impl From<ActionError> for ApiError {
    fn from(error: ActionError) -> Self {
        let message = error.to_string();
        match error {
            ActionError::NotFound => ApiError::not_found(message),
            ActionError::NotAllowed(_) => ApiError::conflict(message),
            ActionError::Invalid(_) => ApiError::bad_request(message),
            ActionError::KeyReused => ApiError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "IdempotencyKeyReused",
                message,
            ),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        // The body is rendered again by `request_context`, which knows the request id.
        let mut response = (self.status, axum::Json(self.body(None))).into_response();
        if let Some(seconds) = self.retry_after {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(seconds));
        }
        response.extensions_mut().insert(self);
        response
    }
}

/// The JSON error document.
#[derive(Debug, Clone, Serialize, serde::Deserialize, PartialEq, Eq)]
pub struct ErrorBody {
    /// The error.
    pub error: ErrorDetail,
}

/// Code, message and request id of an error.
#[derive(Debug, Clone, Serialize, serde::Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct ErrorDetail {
    /// Stable code.
    pub code: String,
    /// What to do.
    pub message: String,
    /// The request's id, also in the `request-id` header.
    pub request_id: Option<String>,
}

/// The id of one request, in the request's extensions for handlers that want it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestId(pub String);

impl RequestId {
    /// A fresh, GUID-shaped id, unique in this process and unlikely to repeat across runs.
    pub fn new() -> Self {
        static SEED: OnceLock<u64> = OnceLock::new();
        static COUNTER: AtomicU64 = AtomicU64::new(0);
        let seed = *SEED.get_or_init(|| {
            use std::hash::{BuildHasher, Hasher};
            let mut h = std::collections::hash_map::RandomState::new().build_hasher();
            h.write_i64(crate::time::real_now().0);
            h.write_u32(std::process::id());
            h.finish()
        });
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        let a = splitmix(seed ^ n);
        let b = splitmix(a ^ n.rotate_left(32));
        let bytes = (u128::from(a) << 64 | u128::from(b)).to_be_bytes();
        RequestId(
            uuid::Builder::from_random_bytes(bytes)
                .into_uuid()
                .to_string(),
        )
    }
}

impl Default for RequestId {
    fn default() -> Self {
        RequestId::new()
    }
}

fn splitmix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// Middleware: gives each request an id, answers every error as JSON with that id, and sets the
/// `request-id` (and echoes `client-request-id`) header.
pub async fn request_context(mut request: Request, next: Next) -> Response {
    let id = RequestId::new();
    let client_id = request.headers().get(CLIENT_REQUEST_ID).cloned();
    request.extensions_mut().insert(id.clone());
    let response = next.run(request).await;
    let mut response = if let Some(error) = response.extensions().get::<ApiError>().cloned() {
        render(response, &error, &id)
    } else if (response.status().is_client_error() || response.status().is_server_error())
        && !is_json(&response)
    {
        let status = response.status();
        let (parts, body) = response.into_parts();
        let text = axum::body::to_bytes(body, 16 * 1024)
            .await
            .map(|b| String::from_utf8_lossy(&b).trim().to_owned())
            .unwrap_or_default();
        let error = from_status(status, text);
        render(Response::from_parts(parts, Body::empty()), &error, &id)
    } else {
        response
    };
    if let Ok(value) = HeaderValue::from_str(&id.0) {
        response.headers_mut().insert(REQUEST_ID, value);
    }
    if let Some(value) = client_id {
        response.headers_mut().insert(CLIENT_REQUEST_ID, value);
    }
    response
}

fn is_json(response: &Response) -> bool {
    response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"))
}

fn render(response: Response, error: &ApiError, id: &RequestId) -> Response {
    let (mut parts, _) = response.into_parts();
    let body = serde_json::to_vec(&error.body(Some(&id.0))).unwrap_or_default();
    parts.headers.remove(header::CONTENT_LENGTH);
    parts.headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    parts.status = error.status;
    Response::from_parts(parts, Body::from(body))
}

/// An error axum produced itself, given a code and a message.
fn from_status(status: StatusCode, text: String) -> ApiError {
    let (code, fallback) = match status {
        StatusCode::BAD_REQUEST => ("BadRequest", "The request is not valid."),
        StatusCode::NOT_FOUND => (
            "ResourceNotFound",
            "No such resource. The API is described at /api/openapi.json.",
        ),
        StatusCode::METHOD_NOT_ALLOWED => (
            "MethodNotAllowed",
            "This method is not allowed here. The API is described at /api/openapi.json.",
        ),
        StatusCode::PAYLOAD_TOO_LARGE => ("PayloadTooLarge", "The request body is too large."),
        StatusCode::UNSUPPORTED_MEDIA_TYPE => (
            "UnsupportedMediaType",
            "Send the body as JSON with Content-Type: application/json.",
        ),
        StatusCode::UNPROCESSABLE_ENTITY => ("BadRequest", "The request body is not valid."),
        s if s.is_server_error() => ("InternalServerError", "The server failed."),
        _ => ("Error", "The request failed."),
    };
    let status = if status == StatusCode::UNPROCESSABLE_ENTITY {
        StatusCode::BAD_REQUEST
    } else {
        status
    };
    ApiError::new(
        status,
        code,
        if text.is_empty() {
            fallback.to_owned()
        } else {
            text
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_ids_are_guid_shaped_and_distinct() {
        let a = RequestId::new().0;
        let b = RequestId::new().0;
        assert_ne!(a, b);
        assert_eq!(a.len(), 36);
        assert_eq!(a.matches('-').count(), 4);
    }

    #[test]
    fn action_errors_map_to_statuses() {
        assert_eq!(
            ApiError::from(ActionError::NotFound).status,
            StatusCode::NOT_FOUND
        );
        assert_eq!(
            ApiError::from(ActionError::NotAllowed("x".into())).status,
            StatusCode::CONFLICT
        );
        assert_eq!(
            ApiError::from(ActionError::Invalid("x".into())).status,
            StatusCode::BAD_REQUEST
        );
    }
}
