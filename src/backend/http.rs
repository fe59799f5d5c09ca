//! The HTTP backend in the browser: `portal_backend::http` (retries, paging, the wire) over
//! `fetch`, through gloo-net, with the signed-in session's bearer token on every request.

use super::real_now;
use crate::auth::Session;
use autopilot_service::device::{Millis, RealTime};
use gloo_net::http::{Method as GlooMethod, RequestBuilder};
use gloo_timers::future::TimeoutFuture;
use portal_backend::http::{Method, Request, Response, Transport};
use portal_backend::LocalFuture;
use std::rc::Rc;

/// The registration API over the browser's `fetch`.
pub type HttpBackend = portal_backend::http::HttpBackend<Fetch>;

/// The browser as [`Transport`]; with a session, every request carries its access token.
pub struct Fetch {
    /// The signed-in session, when the portal signs in.
    pub session: Option<Rc<Session>>,
}

impl Transport for Fetch {
    fn send(&self, request: Request) -> LocalFuture<'_, Result<Response, String>> {
        Box::pin(async move {
            let method = match request.method {
                Method::Get => GlooMethod::GET,
                Method::Post => GlooMethod::POST,
                Method::Put => GlooMethod::PUT,
                Method::Delete => GlooMethod::DELETE,
            };
            let mut builder = RequestBuilder::new(&request.url)
                .method(method)
                .header("accept", "application/json");
            for (name, value) in &request.headers {
                builder = builder.header(name, value);
            }
            let mut sent = None;
            if let Some(session) = &self.session {
                if let Some(token) = session.bearer().await {
                    builder = builder.header("authorization", &format!("Bearer {token}"));
                    sent = Some(token);
                }
            }
            let built = match request.body {
                // As bytes: a JS string would be decoded from UTF-8 here and encoded again by
                // fetch, 2 MB for each batch of 500 devices, on the page's thread.
                Some(json) => builder
                    .header("content-type", "application/json")
                    .body(js_sys::Uint8Array::from(json.as_bytes())),
                None => builder.build(),
            }
            .map_err(|e| format!("the request could not be made ({e})"))?;
            let response = built.send().await.map_err(|e| e.to_string())?;
            let headers = response
                .headers()
                .entries()
                .map(|(name, value)| (name.to_ascii_lowercase(), value))
                .collect();
            let status = response.status();
            if status == 401 {
                if let (Some(session), Some(sent)) = (&self.session, &sent) {
                    session.refused(sent);
                }
            }
            let bytes = response
                .binary()
                .await
                .map_err(|e| format!("the answer could not be read ({e})"))?;
            // Not UTF-8 is not JSON either: the backend names it as an unreadable answer.
            let body = String::from_utf8(bytes)
                .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
            Ok(Response {
                status,
                headers,
                body,
            })
        })
    }

    fn sleep(&self, ms: Millis) -> LocalFuture<'_, ()> {
        Box::pin(TimeoutFuture::new(
            u32::try_from(ms.0.max(0)).unwrap_or(u32::MAX),
        ))
    }

    fn now(&self) -> RealTime {
        real_now()
    }

    fn random(&self) -> f64 {
        js_sys::Math::random()
    }
}
