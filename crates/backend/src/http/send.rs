//! Sending one request: a 429 or 503 is retried after the `Retry-After` the service gave (or an
//! exponential back-off), and the wait is reported to the [`WaitObserver`] so the admin sees that
//! the portal is waiting, not frozen. A request that may have reached the service is only sent
//! again when sending it twice is harmless (reads, keyed imports, profile changes).

use super::{HttpBackend, Method, Request, Transport, MAX_ATTEMPTS};
use autopilot_api::limits::REQUEST_ID;
use autopilot_i18n::{t, Lang};
use autopilot_service::device::Millis;
use portal_model::backend::{BackendError, WaitObserver, WaitReason, Waiting};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

/// Longest wait between two attempts, whatever `Retry-After` says.
const MAX_WAIT: Millis = Millis(120_000);

/// Shortest wait between two attempts.
const MIN_WAIT: Millis = Millis(250);

/// Whether a request may be sent again after it may have reached the service.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Replay {
    /// Sending it twice does no harm (reads, keyed imports, setting a profile).
    Safe,
    /// Sending it twice could act twice; only retried when the service refused it unread.
    Unsafe,
    /// Sent once: a busy answer is the answer (Autopilot's sync, whose 429 means "not again
    /// within 10 minutes", not "wait a moment").
    Once,
}

/// An answer: status, body and the service's request id.
pub(crate) struct Reply {
    pub(crate) status: u16,
    pub(crate) body: String,
    pub(crate) request_id: Option<String>,
    /// `Retry-After` in seconds, when the answer has one.
    pub(crate) retry_after: Option<u64>,
}

/// `{"error": {"code", "message", "requestId"}}`.
#[derive(Deserialize)]
struct ErrorBody {
    error: ErrorDetail,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ErrorDetail {
    message: String,
    #[serde(default)]
    request_id: Option<String>,
}

/// Tells the observer a request is done waiting when it ends, however it ends (an answer, an
/// error, an early return), if it ever waited.
pub(super) struct WaitGuard<'a> {
    observer: &'a WaitObserver,
    request: u64,
    waited: bool,
}

impl WaitGuard<'_> {
    fn wait(&mut self, wait: Waiting) {
        self.waited = true;
        (self.observer)(self.request, Some(wait));
    }
}

impl Drop for WaitGuard<'_> {
    fn drop(&mut self) {
        if self.waited {
            (self.observer)(self.request, None);
        }
    }
}

impl<T: Transport> HttpBackend<T> {
    /// Sends a request, waiting and trying again while the service is busy (and, for `Safe`
    /// requests, while it cannot be reached), up to [`MAX_ATTEMPTS`] times.
    pub(crate) async fn send(
        &self,
        method: Method,
        path: &str,
        body: Option<String>,
        headers: &[(&str, &str)],
        replay: Replay,
    ) -> Result<Reply, BackendError> {
        let url = format!("{}{path}", self.base);
        let request_number = self.next_request.get();
        self.next_request.set(request_number + 1);
        let mut guard = WaitGuard {
            observer: &self.observer,
            request: request_number,
            waited: false,
        };
        let mut attempt = 1;
        loop {
            let request = Request {
                method,
                url: url.clone(),
                headers: headers
                    .iter()
                    .map(|(n, v)| ((*n).to_owned(), (*v).to_owned()))
                    .collect(),
                body: body.clone(),
            };
            let (reason, wait) = match self.transport.send(request).await {
                Ok(response) => {
                    let status = response.status;
                    let busy = status == 429 || status == 503;
                    let gateway = matches!(status, 502 | 504) && replay == Replay::Safe;
                    if (busy || gateway) && attempt < MAX_ATTEMPTS && replay != Replay::Once {
                        let asked = response
                            .header("retry-after")
                            .and_then(|s| s.trim().parse::<i64>().ok())
                            .map(|seconds| Millis(seconds.saturating_mul(1_000)));
                        (
                            WaitReason::Busy,
                            asked.unwrap_or_else(|| self.backoff(attempt)),
                        )
                    } else {
                        let request_id = response.header(REQUEST_ID).map(str::to_owned);
                        let retry_after = response
                            .header("retry-after")
                            .and_then(|s| s.trim().parse::<u64>().ok());
                        return Ok(Reply {
                            status,
                            body: response.body,
                            request_id,
                            retry_after,
                        });
                    }
                }
                Err(error) if replay == Replay::Safe && attempt < MAX_ATTEMPTS => {
                    (WaitReason::Unreachable(error), self.backoff(attempt))
                }
                Err(error) => {
                    let lang = self.lang;
                    return Err(BackendError::Unavailable(match replay {
                        Replay::Safe => t!(
                            lang,
                            "http-unreachable",
                            url = url.as_str(),
                            attempts = attempt,
                            error = error.as_str()
                        ),
                        Replay::Unsafe | Replay::Once => t!(
                            lang,
                            "http-lost",
                            url = url.as_str(),
                            error = error.as_str()
                        ),
                    }));
                }
            };
            attempt += 1;
            let wait = wait.clamp(MIN_WAIT, MAX_WAIT);
            guard.wait(Waiting {
                reason,
                until: self.transport.now() + wait,
                attempt,
                max_attempts: MAX_ATTEMPTS,
            });
            self.transport.sleep(wait).await;
        }
    }

    /// Sends a request and reads a JSON answer, turning error answers into [`BackendError`]s.
    pub(crate) async fn call<R: DeserializeOwned>(
        &self,
        method: Method,
        path: &str,
        body: Option<String>,
        headers: &[(&str, &str)],
        replay: Replay,
    ) -> Result<R, BackendError> {
        let reply = self.send(method, path, body, headers, replay).await?;
        if (200..300).contains(&reply.status) {
            let text = if reply.body.trim().is_empty() {
                "null"
            } else {
                reply.body.as_str()
            };
            return serde_json::from_str(text).map_err(|e| {
                BackendError::Unavailable(t!(
                    self.lang,
                    "http-unexpected-answer",
                    request = format!("{method} {path}"),
                    error = e.to_string()
                ))
            });
        }
        let detail = serde_json::from_str::<ErrorBody>(&reply.body).ok();
        let request_id = detail
            .as_ref()
            .and_then(|d| d.error.request_id.clone())
            .or(reply.request_id);
        let message = detail.map(|d| d.error.message);
        let lang = self.lang;
        Err(match reply.status {
            429 => BackendError::Unavailable(t!(lang, "http-too-busy", attempts = MAX_ATTEMPTS)),
            401 => {
                BackendError::SignIn(message.unwrap_or_else(|| t!(lang, "http-sign-in-refused")))
            }
            status @ 400..=499 => BackendError::Refused(
                message.unwrap_or_else(|| t!(lang, "http-refused", status = status.to_string())),
            ),
            status => BackendError::Unavailable(failed(
                lang,
                message.unwrap_or_else(|| t!(lang, "http-failed")),
                status,
                request_id,
            )),
        })
    }

    pub(crate) async fn get<R: DeserializeOwned>(&self, path: &str) -> Result<R, BackendError> {
        self.call(Method::Get, path, None, &[], Replay::Safe).await
    }

    pub(crate) async fn post<R: DeserializeOwned>(
        &self,
        path: &str,
        body: &impl Serialize,
        replay: Replay,
    ) -> Result<R, BackendError> {
        self.call(Method::Post, path, Some(json(body)?), &[], replay)
            .await
    }

    /// Wait before attempt `attempt + 1` when the service gave no `Retry-After`: 0.5 s, 1 s,
    /// 2 s… up to 8 s, with up to 25 % jitter so many portals do not retry in step.
    fn backoff(&self, attempt: u32) -> Millis {
        let base = 500 * (1 << attempt.saturating_sub(1).min(4));
        Millis(base + (self.transport.random() * base as f64 / 4.0) as i64)
    }
}

/// A failure's message with its HTTP status and, when the service gave one, its request ID.
pub(crate) fn failed(lang: Lang, message: String, status: u16, request: Option<String>) -> String {
    let status = status.to_string();
    match request {
        Some(request) => t!(
            lang,
            "http-status-request",
            message = message,
            status = status,
            request = request
        ),
        None => t!(lang, "http-status", message = message, status = status),
    }
}

/// A request body as JSON.
pub(crate) fn json(value: &impl Serialize) -> Result<String, BackendError> {
    serde_json::to_string(value)
        .map_err(|e| BackendError::Unavailable(format!("the request could not be written ({e})")))
}
