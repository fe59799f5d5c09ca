//! The built portal (Trunk's `dist`): files as they are, `index.html` for every other path that
//! is not a file (the portal routes in the browser), and `/config.json` pointing the portal at
//! this server.

use crate::errors::ApiError;
use axum::body::Body;
use axum::extract::State;
use axum::http::{header, HeaderValue, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Where the portal is and what backend it should use.
#[derive(Debug, Clone)]
pub struct Portal {
    /// The `dist` directory.
    pub dist: PathBuf,
    /// `http` or `embedded`, written into `/config.json`.
    pub backend: String,
}

/// Fallback handler: the portal's files, or a JSON 404 for unknown `/api` paths.
pub async fn serve(State(portal): State<Arc<Portal>>, method: Method, uri: Uri) -> Response {
    let path = uri.path();
    if path == "/api" || path.starts_with("/api/") {
        return ApiError::new(
            StatusCode::NOT_FOUND,
            "RouteNotFound",
            format!("No API route {path}. The API is described at /api/openapi.json."),
        )
        .into_response();
    }
    if method != Method::GET && method != Method::HEAD {
        return ApiError::new(
            StatusCode::METHOD_NOT_ALLOWED,
            "MethodNotAllowed",
            "The portal's files can only be read (GET).",
        )
        .into_response();
    }
    let Some(relative) = safe_relative(path) else {
        return not_found(path);
    };
    if relative == Path::new("config.json") {
        return config_json(&portal).await;
    }
    let file = portal.dist.join(&relative);
    if relative.as_os_str().is_empty() {
        return index(&portal).await;
    }
    match tokio::fs::read(&file).await {
        Ok(bytes) => file_response(&file, bytes),
        Err(_) if relative.extension().is_some() => not_found(path),
        Err(_) => index(&portal).await,
    }
}

/// The path below `dist`, or `None` when it could leave it.
fn safe_relative(path: &str) -> Option<PathBuf> {
    let mut out = PathBuf::new();
    for segment in path.split('/').filter(|s| !s.is_empty()) {
        let ok = segment
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"._-~@+".contains(&b))
            && !segment.starts_with('.');
        if !ok {
            return None;
        }
        out.push(segment);
    }
    Some(out)
}

async fn index(portal: &Portal) -> Response {
    let file = portal.dist.join("index.html");
    match tokio::fs::read(&file).await {
        Ok(bytes) => file_response(&file, bytes),
        Err(_) => ApiError::not_found(format!(
            "The portal is not built: {} has no index.html. Run `trunk build --release` or pass --dist.",
            portal.dist.display()
        ))
        .into_response(),
    }
}

async fn config_json(portal: &Portal) -> Response {
    let stored = tokio::fs::read(portal.dist.join("config.json")).await.ok();
    let mut config = stored
        .and_then(|b| serde_json::from_slice::<serde_json::Value>(&b).ok())
        .filter(serde_json::Value::is_object)
        .unwrap_or_else(|| serde_json::json!({}));
    if portal.backend == "http" {
        if let Some(object) = config.as_object_mut() {
            object.insert("backend".into(), "http".into());
            object.insert("apiBase".into(), "/api".into());
        }
    }
    let mut response = axum::Json(config).into_response();
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    response
}

fn not_found(path: &str) -> Response {
    ApiError::not_found(format!("No file {path}.")).into_response()
}

fn file_response(file: &Path, bytes: Vec<u8>) -> Response {
    let name = file.file_name().and_then(|n| n.to_str()).unwrap_or("");
    let extension = file.extension().and_then(|e| e.to_str()).unwrap_or("");
    let mut response = Response::new(Body::from(bytes));
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(content_type(extension)),
    );
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
/// changes under its name.
fn is_hashed(name: &str) -> bool {
    let stem = name.split('.').next().unwrap_or(name);
    let stem = stem.strip_suffix("_bg").unwrap_or(stem);
    stem.rsplit_once('-')
        .is_some_and(|(_, hash)| hash.len() == 16 && hash.bytes().all(|b| b.is_ascii_hexdigit()))
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
    fn paths_stay_inside_dist() {
        assert_eq!(safe_relative("/"), Some(PathBuf::new()));
        assert_eq!(
            safe_relative("/a/b.js"),
            Some(PathBuf::from("a").join("b.js"))
        );
        assert_eq!(safe_relative("/../etc/passwd"), None);
        assert_eq!(safe_relative("/.git/config"), None);
        assert_eq!(safe_relative("/a%2F..%2Fb"), None);
        assert_eq!(safe_relative("/a\\b"), None);
    }

    #[test]
    fn hashed_names_are_recognised() {
        assert!(is_hashed("app-ebbd33d3d7b4bc6f.css"));
        assert!(is_hashed("devices-portal-a0fc434c4de9f011_bg.wasm"));
        assert!(!is_hashed("index.html"));
        assert!(!is_hashed("config.json"));
    }
}
