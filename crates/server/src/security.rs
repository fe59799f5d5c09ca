//! Security headers on everything the server answers: a Content-Security-Policy without
//! `'unsafe-inline'` or `'unsafe-eval'` (`'wasm-unsafe-eval'` for the portal's WebAssembly, and
//! the hash of each inline script of `index.html`, Trunk's loader, computed at start),
//! `frame-ancestors 'none'`, `Referrer-Policy: no-referrer`, `X-Content-Type-Options: nosniff`.

use axum::extract::{Request, State};
use axum::http::{header, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;
use base64::Engine;
use sha2::{Digest, Sha256};
use std::path::Path;
use std::sync::Arc;

/// The headers, made once.
#[derive(Debug, Clone)]
pub struct Headers {
    policy: HeaderValue,
}

impl Headers {
    /// The policy for the portal in `dist`, allowing connections to `origins` besides this server
    /// (the sign-in issuer's token endpoint, for one).
    pub fn new(dist: &Path, origins: &[String]) -> Headers {
        let index = match std::fs::read_to_string(dist.join("index.html")) {
            Ok(index) => index,
            Err(e) => {
                eprintln!(
                    "warning: {} cannot be read ({e}); the Content-Security-Policy allows no inline script, so a portal built later will not start until the server restarts",
                    dist.join("index.html").display()
                );
                String::new()
            }
        };
        let policy = policy(&inline_scripts(&index), origins);
        Headers {
            policy: HeaderValue::from_str(&policy).unwrap_or(HeaderValue::from_static(
                "default-src 'self'; frame-ancestors 'none'",
            )),
        }
    }
}

/// Middleware: adds the headers to every answer.
pub async fn add(State(headers): State<Arc<Headers>>, request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    let h = response.headers_mut();
    h.insert(header::CONTENT_SECURITY_POLICY, headers.policy.clone());
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    response
}

/// The policy: scripts from this origin, WebAssembly, and the inline scripts by hash.
pub fn policy(inline: &[String], origins: &[String]) -> String {
    let mut scripts = String::from("'self' 'wasm-unsafe-eval'");
    for script in inline {
        let digest = Sha256::digest(script.as_bytes());
        scripts.push_str(" 'sha256-");
        scripts.push_str(&base64::engine::general_purpose::STANDARD.encode(digest));
        scripts.push('\'');
    }
    let mut connect = String::from("'self'");
    for origin in origins {
        // Only a plain origin may go into the header: no spaces, quotes or semicolons.
        if origin
            .bytes()
            .all(|b| b.is_ascii_graphic() && !matches!(b, b';' | b',' | b'\'' | b'"'))
        {
            connect.push(' ');
            connect.push_str(origin);
        }
    }
    format!(
        "default-src 'self'; script-src {scripts}; style-src 'self'; img-src 'self' data:; \
         font-src 'self'; connect-src {connect}; worker-src 'self'; object-src 'none'; \
         base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    )
}

/// The text of every `<script>` without a `src` in an HTML page, exactly as the browser hashes
/// it.
pub fn inline_scripts(html: &str) -> Vec<String> {
    let mut scripts = Vec::new();
    let lower = html.to_ascii_lowercase();
    let mut at = 0;
    while let Some(start) = lower[at..].find("<script").map(|i| i + at) {
        let Some(open_end) = lower[start..].find('>').map(|i| i + start + 1) else {
            break;
        };
        let Some(close) = lower[open_end..].find("</script").map(|i| i + open_end) else {
            break;
        };
        let tag = &lower[start..open_end];
        if !has_src(tag) {
            // The browser hashes the script as parsed: line ends are LF.
            scripts.push(
                html[open_end..close]
                    .replace("\r\n", "\n")
                    .replace('\r', "\n"),
            );
        }
        at = close;
    }
    scripts
}

fn has_src(tag: &str) -> bool {
    tag.split(|c: char| c.is_whitespace() || c == '<')
        .any(|part| part == "src" || part.starts_with("src="))
}

/// `https://login.microsoftonline.com` of `https://login.microsoftonline.com/x/v2.0`.
pub fn origin_of(url: &str) -> Option<String> {
    let (scheme, rest) = url.split_once("://")?;
    let host = rest.split(['/', '?', '#']).next()?;
    (!host.is_empty() && matches!(scheme, "http" | "https")).then(|| format!("{scheme}://{host}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_scripts_are_hashed_and_external_ones_are_not() {
        let html =
            "<html><head><script type=\"module\">import init from '/a.js';\nawait init();</script>\
                    <SCRIPT src=\"/x.js\"></SCRIPT><script>x()</script></head></html>";
        let scripts = inline_scripts(html);
        assert_eq!(
            scripts,
            vec!["import init from '/a.js';\nawait init();", "x()"]
        );
        let p = policy(
            &scripts,
            &["https://login.example".into(), "bad; origin".into()],
        );
        assert!(p.contains("'sha256-"), "{p}");
        assert_eq!(p.matches("'sha256-").count(), 2);
        // sha256("x()"), as `echo -n 'x()' | openssl dgst -sha256 -binary | base64` gives it.
        assert!(
            p.contains("'sha256-D6IGS8VMvCoyaR/l0h9tERrBTATY01CoPS7l6xDv0kI='"),
            "{p}"
        );
        assert!(
            p.contains("connect-src 'self' https://login.example;"),
            "{p}"
        );
        assert!(!p.contains("unsafe-inline") && !p.contains("'unsafe-eval'"));
        assert!(p.contains("frame-ancestors 'none'"));
    }

    #[test]
    fn origins_are_taken_from_urls() {
        assert_eq!(
            origin_of("https://login.microsoftonline.com/organizations/v2.0").as_deref(),
            Some("https://login.microsoftonline.com")
        );
        assert_eq!(
            origin_of("http://127.0.0.1:9000").as_deref(),
            Some("http://127.0.0.1:9000")
        );
        assert_eq!(origin_of("javascript:alert(1)"), None);
    }
}
