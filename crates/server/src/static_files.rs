//! The built portal (Trunk's `dist`), through tower-http's `ServeDir`: path safety, `Range`,
//! conditional GET, precompressed `.br`/`.gz` beside a file, streaming. `index.html` for every
//! path that is not a file (the portal routes in the browser), `/config.json` pointing the
//! portal at this server, long cache lifetimes for the names Trunk hashes.

use crate::errors::ApiError;
use autopilot_api::paths::API_BASE;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use std::path::PathBuf;
use std::sync::Arc;
use tower::ServiceExt;
use tower_http::services::{ServeDir, ServeFile};

/// Where the portal is and what backend it should use.
#[derive(Debug, Clone)]
pub struct Portal {
    /// The `dist` directory.
    pub dist: PathBuf,
    /// `http`, `embedded` or `graph`, written into `/config.json`.
    pub backend: String,
    /// Microsoft Graph, for the `graph` backend.
    pub graph_base: String,
    /// Sign-in settings; with a client id they go into `/config.json` as `auth`.
    pub auth: Option<crate::config::AuthSettings>,
}

/// Fallback handler: the portal's files, or a JSON 404 for unknown `/api` paths.
pub async fn serve(State(portal): State<Arc<Portal>>, request: Request) -> Response {
    let path = request.uri().path().to_owned();
    if path == API_BASE
        || path
            .strip_prefix(API_BASE)
            .is_some_and(|p| p.starts_with('/'))
    {
        return ApiError::new(
            StatusCode::NOT_FOUND,
            "RouteNotFound",
            format!("No API route {path}. The API is described at /api/openapi.json."),
        )
        .into_response();
    }
    if request.method() != Method::GET && request.method() != Method::HEAD {
        return ApiError::new(
            StatusCode::METHOD_NOT_ALLOWED,
            "MethodNotAllowed",
            "The portal's files can only be read (GET).",
        )
        .into_response();
    }
    if path == "/config.json" {
        return config_json(&portal).await;
    }
    let name = path.rsplit('/').next().unwrap_or_default().to_owned();
    // A last segment without a dot is a portal route, not a file.
    let response = if name.contains('.') {
        let files = ServeDir::new(&portal.dist)
            .precompressed_br()
            .precompressed_gzip();
        files.oneshot(request).await
    } else {
        ServeFile::new(portal.dist.join("index.html"))
            .precompressed_br()
            .precompressed_gzip()
            .oneshot(request)
            .await
    };
    let Ok(response) = response;
    let name = if name.contains('.') {
        name
    } else {
        "index.html".into()
    };
    match response.status() {
        StatusCode::NOT_FOUND if name == "index.html" => ApiError::not_found(format!(
            "The portal is not built: {} has no index.html. Run `trunk build --release` or pass --dist.",
            portal.dist.display()
        ))
        .into_response(),
        StatusCode::NOT_FOUND => ApiError::not_found(format!("No file {path}.")).into_response(),
        _ => with_headers(response.map(Body::new), &name),
    }
}

async fn config_json(portal: &Portal) -> Response {
    let stored = tokio::fs::read(portal.dist.join("config.json")).await.ok();
    let mut config = stored
        .and_then(|b| serde_json::from_slice::<serde_json::Value>(&b).ok())
        .filter(serde_json::Value::is_object)
        .unwrap_or_else(|| serde_json::json!({}));
    if let Some(object) = config.as_object_mut() {
        match portal.backend.as_str() {
            "http" => {
                object.insert("backend".into(), "http".into());
                object.insert("apiBase".into(), API_BASE.into());
                if let Some(auth) = auth_json(portal, |audience| {
                    format!("openid profile offline_access {audience}/Devices.Access")
                }) {
                    object.insert("auth".into(), auth);
                }
            }
            "graph" => {
                object.insert("backend".into(), "graph".into());
                object.insert("graphBase".into(), portal.graph_base.clone().into());
                if let Some(auth) = auth_json(portal, |_| GRAPH_SCOPES.to_owned()) {
                    object.insert("auth".into(), auth);
                }
            }
            _ => {}
        }
    }
    let mut response = axum::Json(config).into_response();
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    response
}

/// The delegated permissions the graph backend asks for (docs/graph.md).
pub const GRAPH_SCOPES: &str = "openid profile offline_access \
    https://graph.microsoft.com/DeviceManagementServiceConfig.ReadWrite.All \
    https://graph.microsoft.com/User.Read.All https://graph.microsoft.com/Organization.Read.All";

/// The `auth` section of `/config.json`, when sign-in has a client id; `default_scopes` from
/// the audience when none were given.
fn auth_json(
    portal: &Portal,
    default_scopes: impl Fn(&str) -> String,
) -> Option<serde_json::Value> {
    let auth = portal.auth.as_ref()?;
    let client_id = auth.client_id.as_ref()?;
    let scopes = auth
        .scopes
        .clone()
        .unwrap_or_else(|| default_scopes(auth.audience.trim_end_matches('/')));
    Some(serde_json::json!({
        "authority": auth.issuer,
        "clientId": client_id,
        "scopes": scopes,
    }))
}

/// The portal's own content types (with charsets) and cache lifetimes on a file answer.
fn with_headers(mut response: Response, name: &str) -> Response {
    let extension = name.rsplit_once('.').map_or("", |(_, e)| e);
    let headers = response.headers_mut();
    if headers.contains_key(header::CONTENT_TYPE) {
        headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static(content_type(extension)),
        );
    }
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static(if is_hashed(name) {
            "public, max-age=31536000, immutable"
        } else {
            "no-cache"
        }),
    );
    response
}

/// Whether Trunk put a content hash in the name (`app-ebbd33d3d7b4bc6f.css`): such a file never
/// changes under its name. Trunk writes the 64-bit hash in hex without leading zeros, so one
/// build in sixteen has 15 digits (`devices-portal-3d3cdf2a5db065a_bg.wasm`); fewer than 12 is
/// as good as never (one in 2⁴⁸) and more likely a word.
fn is_hashed(name: &str) -> bool {
    let stem = name.split('.').next().unwrap_or(name);
    let stem = stem.strip_suffix("_bg").unwrap_or(stem);
    stem.rsplit_once('-').is_some_and(|(_, hash)| {
        (12..=16).contains(&hash.len()) && hash.bytes().all(|b| b.is_ascii_hexdigit())
    })
}

fn content_type(extension: &str) -> &'static str {
    match extension {
        "html" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "wasm" => "application/wasm",
        "css" => "text/css; charset=utf-8",
        "json" | "map" => "application/json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "txt" | "csv" => "text/plain; charset=utf-8",
        "webmanifest" => "application/manifest+json",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashed_names_are_recognised() {
        assert!(is_hashed("app-ebbd33d3d7b4bc6f.css"));
        assert!(is_hashed("devices-portal-a0fc434c4de9f011_bg.wasm"));
        assert!(
            is_hashed("devices-portal-3d3cdf2a5db065a_bg.wasm"),
            "a leading zero left out"
        );
        assert!(!is_hashed("reader_worker_bg.wasm"));
        assert!(!is_hashed("app-cafe.css"));
        assert!(!is_hashed("index.html"));
        assert!(!is_hashed("config.json"));
    }
}
