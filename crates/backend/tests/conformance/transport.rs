//! The HTTP backend's transport in tests: hyper over a fresh loopback connection per request,
//! tokio's timer and clock.

use autopilot_service::device::Millis;
use http_body_util::{BodyExt, Full};
use hyper::body::Bytes;
use hyper_util::rt::TokioIo;
use portal_backend::http::{Method, Request, Response, Transport};
use portal_backend::LocalFuture;

pub struct Hyper;

impl Transport for Hyper {
    fn send(&self, request: Request) -> LocalFuture<'_, Result<Response, String>> {
        Box::pin(async move {
            let rest = request
                .url
                .strip_prefix("http://")
                .ok_or("only http:// URLs")?;
            let (authority, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
            let stream = tokio::net::TcpStream::connect(authority)
                .await
                .map_err(|e| e.to_string())?;
            let (mut sender, connection) =
                hyper::client::conn::http1::handshake(TokioIo::new(stream))
                    .await
                    .map_err(|e| e.to_string())?;
            tokio::spawn(async move {
                let _ = connection.await;
            });
            let method = match request.method {
                Method::Get => hyper::Method::GET,
                Method::Post => hyper::Method::POST,
                Method::Put => hyper::Method::PUT,
                Method::Delete => hyper::Method::DELETE,
            };
            let mut builder = hyper::Request::builder()
                .method(method)
                .uri(path)
                .header("host", authority)
                .header("accept", "application/json");
            for (name, value) in &request.headers {
                builder = builder.header(name.as_str(), value.as_str());
            }
            if request.body.is_some() {
                builder = builder.header("content-type", "application/json");
            }
            let body = Full::new(Bytes::from(request.body.unwrap_or_default()));
            let built = builder.body(body).map_err(|e| e.to_string())?;
            let response = sender
                .send_request(built)
                .await
                .map_err(|e| e.to_string())?;
            let status = response.status().as_u16();
            let headers = response
                .headers()
                .iter()
                .filter_map(|(n, v)| Some((n.as_str().to_owned(), v.to_str().ok()?.to_owned())))
                .collect();
            let bytes = response
                .into_body()
                .collect()
                .await
                .map_err(|e| e.to_string())?
                .to_bytes();
            let body = String::from_utf8(bytes.to_vec()).map_err(|e| e.to_string())?;
            Ok(Response {
                status,
                headers,
                body,
            })
        })
    }

    fn sleep(&self, ms: Millis) -> LocalFuture<'_, ()> {
        Box::pin(tokio::time::sleep(std::time::Duration::from_millis(
            ms.0.max(0) as u64,
        )))
    }

    fn now(&self) -> autopilot_service::device::RealTime {
        super::real_now()
    }

    fn random(&self) -> f64 {
        0.5
    }
}
