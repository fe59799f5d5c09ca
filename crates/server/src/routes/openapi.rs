//! The API contract, `crates/server/openapi.json`, served as it is checked in.

use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};

/// The OpenAPI 3.1 document.
pub const DOCUMENT: &str = include_str!("../../openapi.json");

/// `GET /api/openapi.json`.
pub async fn document() -> Response {
    let mut response = DOCUMENT.into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    response
}
