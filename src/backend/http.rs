//! The HTTP backend: the registration API of `crates/server` (Graph's Autopilot shapes plus
//! `/mmd/v1`), through gloo-net. The wire types are `autopilot_api`, the same ones the server
//! writes, so both sides change together.
//!
//! Every request goes through [`HttpBackend::send`]: a 429 or 503 is retried after the
//! `Retry-After` the service gave (or an exponential back-off), and the wait is reported to a
//! [`WaitObserver`] so the admin sees that the portal is waiting, not frozen. A request that may
//! have reached the service is only sent again when sending it twice is harmless (reads, keyed
//! imports, profile changes).

use super::{
    real_now, Backend, BackendError, BackendFuture, DemoAction, Refreshed, Snapshot, WaitObserver,
    WaitReason, Waiting,
};
use autopilot_api::limits::{IDEMPOTENCY_KEY, MAX_QUERY_IDS, MAX_TOP};
use autopilot_api::paths::{self, with_id};
use autopilot_api::{
    AdvanceClock, AutopilotIdentity, Collection, DeviceQuery, Faults, ImportItem, ImportRequest,
    ImportedIdentity, ProfileChange, SignIn, TenantJson,
};
use autopilot_service::device::{Device, Millis, Profile};
use autopilot_service::service::Submission;
use gloo_net::http::{Method, RequestBuilder};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

/// Attempts per request before the backend gives up and says so.
pub const MAX_ATTEMPTS: u32 = 8;

/// List pages followed before the backend decides the server's `@odata.nextLink`s go round in
/// circles (100 million devices at 1,000 a page).
const MAX_PAGES: usize = 100_000;

/// Longest wait between two attempts, whatever `Retry-After` says.
const MAX_WAIT_MS: Millis = 120_000;

/// Whether a request may be sent again after it may have reached the service.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Replay {
    /// Sending it twice does no harm (reads, keyed imports, setting a profile).
    Safe,
    /// Sending it twice could act twice; only retried when the service refused it unread.
    Unsafe,
}

/// An answer: status, body and the service's request id.
struct Reply {
    status: u16,
    body: String,
    request_id: Option<String>,
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

/// The registration API over HTTP.
pub struct HttpBackend {
    base: String,
    observer: WaitObserver,
    next_request: std::cell::Cell<u64>,
}

/// Tells the observer a request is done waiting when it ends, however it ends (an answer, an
/// error, an early return), if it ever waited.
struct WaitGuard<'a> {
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

impl HttpBackend {
    /// A backend for the API at `base` (`/api`, or an absolute URL); waits are reported to
    /// `observer`.
    pub fn new(base: &str, observer: WaitObserver) -> Self {
        HttpBackend {
            base: base.trim_end_matches('/').to_owned(),
            observer,
            next_request: std::cell::Cell::new(0),
        }
    }

    /// Sends a request, waiting and trying again while the service is busy (and, for `Safe`
    /// requests, while it cannot be reached), up to [`MAX_ATTEMPTS`] times.
    async fn send(
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
            let mut builder = RequestBuilder::new(&url)
                .method(method.clone())
                .header("accept", "application/json");
            for (name, value) in headers {
                builder = builder.header(name, value);
            }
            let request = match &body {
                Some(json) => builder
                    .header("content-type", "application/json")
                    .body(json.clone()),
                None => builder.build(),
            }
            .map_err(|e| {
                BackendError::Unavailable(format!("the request could not be made ({e})"))
            })?;
            let (reason, wait) = match request.send().await {
                Ok(response) => {
                    let status = response.status();
                    let busy = status == 429 || status == 503;
                    let gateway = matches!(status, 502 | 504) && replay == Replay::Safe;
                    if (busy || gateway) && attempt < MAX_ATTEMPTS {
                        let asked = response
                            .headers()
                            .get("retry-after")
                            .and_then(|s| s.trim().parse::<Millis>().ok())
                            .map(|seconds| seconds.saturating_mul(1_000));
                        (WaitReason::Busy, asked.unwrap_or_else(|| backoff(attempt)))
                    } else {
                        let request_id = response.headers().get("request-id");
                        let text = response.text().await;
                        let body = text.map_err(|e| {
                            BackendError::Unavailable(format!(
                                "the answer to {method} {path} could not be read ({e})"
                            ))
                        })?;
                        return Ok(Reply {
                            status,
                            body,
                            request_id,
                        });
                    }
                }
                Err(error) if replay == Replay::Safe && attempt < MAX_ATTEMPTS => {
                    (WaitReason::Unreachable(error.to_string()), backoff(attempt))
                }
                Err(error) => {
                    return Err(BackendError::Unavailable(match replay {
                        Replay::Safe => format!(
                            "{url} could not be reached after {attempt} attempts ({error}). Check that the server is running, then try again."
                        ),
                        Replay::Unsafe => format!(
                            "the connection to {url} failed ({error}), so it is not known whether the change was made. Refresh to see the current state before trying again."
                        ),
                    }));
                }
            };
            attempt += 1;
            let wait = wait.clamp(250, MAX_WAIT_MS);
            guard.wait(Waiting {
                reason,
                until: real_now() + wait,
                attempt,
                max_attempts: MAX_ATTEMPTS,
            });
            sleep(wait).await;
        }
    }

    /// Sends a request and reads a JSON answer, turning error answers into [`BackendError`]s.
    async fn call<T: DeserializeOwned>(
        &self,
        method: Method,
        path: &str,
        body: Option<String>,
        headers: &[(&str, &str)],
        replay: Replay,
    ) -> Result<T, BackendError> {
        let reply = self
            .send(method.clone(), path, body, headers, replay)
            .await?;
        if (200..300).contains(&reply.status) {
            let text = if reply.body.trim().is_empty() {
                "null"
            } else {
                reply.body.as_str()
            };
            return serde_json::from_str(text).map_err(|e| {
                BackendError::Unavailable(format!(
                    "the answer to {method} {path} is not what this portal expects ({e}). Is apiBase in config.json the registration API?"
                ))
            });
        }
        let detail = serde_json::from_str::<ErrorBody>(&reply.body).ok();
        let request_id = detail
            .as_ref()
            .and_then(|d| d.error.request_id.clone())
            .or(reply.request_id);
        let message = detail.map(|d| d.error.message);
        Err(match reply.status {
            429 => BackendError::Unavailable(format!(
                "it is still too busy after {MAX_ATTEMPTS} attempts, so the request was not sent. Wait a minute, then try again."
            )),
            status @ 400..=499 => BackendError::Refused(
                message.unwrap_or_else(|| format!("The service refused the request (HTTP {status}).")),
            ),
            status => BackendError::Unavailable(format!(
                "{} (HTTP {status}{})",
                message.unwrap_or_else(|| "the service failed".to_owned()),
                request_id.map_or_else(String::new, |id| format!(", request ID {id}"))
            )),
        })
    }

    async fn get<T: DeserializeOwned>(&self, path: &str) -> Result<T, BackendError> {
        self.call(Method::GET, path, None, &[], Replay::Safe).await
    }

    async fn post<T: DeserializeOwned>(
        &self,
        path: &str,
        body: &impl Serialize,
        replay: Replay,
    ) -> Result<T, BackendError> {
        self.call(Method::POST, path, Some(json(body)?), &[], replay)
            .await
    }

    async fn tenant(&self) -> Result<(TenantJson, Millis), BackendError> {
        let tenant: TenantJson = self.get(paths::TENANT).await?;
        // The offset the portal needs is the tenant's clock against *this browser's* clock: it
        // takes in the demo clock and any difference between the server's clock and ours.
        let offset = autopilot_api::parse_iso(&tenant.now)
            .map_or(tenant.clock_offset, |tenant_now| tenant_now - real_now());
        Ok((tenant, offset))
    }

    /// Every device, page by page.
    async fn all_devices(&self) -> Result<(Vec<Device>, Vec<String>), BackendError> {
        let first = format!("{}?$top={MAX_TOP}", paths::DEVICES);
        let mut path = first.clone();
        let mut devices = Vec::new();
        let mut unreadable = Vec::new();
        for _ in 0..MAX_PAGES {
            let page: Collection<AutopilotIdentity> = self.get(&path).await?;
            read_devices(
                page.value.iter().map(AutopilotIdentity::device),
                &mut devices,
                &mut unreadable,
            );
            let Some(next) = page.next_link else {
                return Ok((devices, unreadable));
            };
            // Follow the link's query on our own base: behind a proxy (trunk serve) the
            // server's idea of its own address is not the one the browser can reach.
            let Some((_, query)) = next.split_once('?') else {
                return Err(BackendError::Unavailable(format!(
                    "the list's @odata.nextLink {next:?} has no query to follow"
                )));
            };
            let next_path = format!("{}?{query}", paths::DEVICES);
            if next_path == path {
                break;
            }
            path = next_path;
        }
        Err(BackendError::Unavailable(
            "the device list's @odata.nextLink does not come to an end".into(),
        ))
    }

    async fn snapshot(&self) -> Result<Snapshot, BackendError> {
        let (tenant, clock_offset) = self.tenant().await?;
        let (devices, unreadable) = self.all_devices().await?;
        Ok(Snapshot {
            tenant: tenant.info(),
            devices,
            clock_offset,
            unreadable,
        })
    }

    async fn device_call(
        &self,
        method: Method,
        path: String,
        body: Option<String>,
        replay: Replay,
    ) -> Result<Device, BackendError> {
        let identity: AutopilotIdentity = self.call(method, &path, body, &[], replay).await?;
        identity.device().map_err(unreadable_answer)
    }
}

impl Backend for HttpBackend {
    fn load(&self) -> BackendFuture<'_, Snapshot> {
        Box::pin(self.snapshot())
    }

    fn import(
        &self,
        batch: Vec<Submission>,
        profile: Profile,
        key: String,
    ) -> BackendFuture<'_, Vec<Device>> {
        Box::pin(async move {
            let body = ImportRequest {
                devices: batch.iter().map(|s| ImportItem::of(s, profile)).collect(),
            };
            // Keyed, so a batch sent twice (a retry after a lost answer) registers nothing twice.
            let imported: Collection<ImportedIdentity> = self
                .call(
                    Method::POST,
                    paths::IMPORT,
                    Some(json(&body)?),
                    &[(IDEMPOTENCY_KEY, &key)],
                    Replay::Safe,
                )
                .await?;
            imported
                .value
                .iter()
                .map(ImportedIdentity::device)
                .collect::<Result<Vec<_>, _>>()
                .map_err(unreadable_answer)
        })
    }

    fn refresh(&self, ids: Vec<String>) -> BackendFuture<'_, Refreshed> {
        Box::pin(async move {
            let mut refreshed = Refreshed::default();
            for chunk in ids.chunks(MAX_QUERY_IDS) {
                let page: Collection<AutopilotIdentity> = self
                    .post(
                        paths::DEVICES_QUERY,
                        &DeviceQuery {
                            ids: chunk.to_vec(),
                        },
                        Replay::Safe,
                    )
                    .await?;
                for identity in &page.value {
                    match identity.device() {
                        Ok(device) => refreshed.devices.push(device),
                        Err(why) => refreshed.unreadable.push((identity.id.clone(), why)),
                    }
                }
            }
            Ok(refreshed)
        })
    }

    fn remove(&self, id: String) -> BackendFuture<'_, ()> {
        Box::pin(async move {
            let path = with_id(paths::DEVICE, &id);
            self.call::<()>(Method::DELETE, &path, None, &[], Replay::Unsafe)
                .await
        })
    }

    fn change_profile(&self, id: String, profile: Profile) -> BackendFuture<'_, Device> {
        Box::pin(async move {
            let body = ProfileChange {
                profile: profile.id().to_owned(),
            };
            let path = with_id(paths::DEVICE_PROFILE, &id);
            self.device_call(Method::PUT, path, Some(json(&body)?), Replay::Safe)
                .await
        })
    }

    fn retry(&self, id: String) -> BackendFuture<'_, Device> {
        Box::pin(async move {
            let path = with_id(paths::DEVICE_RETRY, &id);
            self.device_call(Method::POST, path, Some("{}".into()), Replay::Unsafe)
                .await
        })
    }

    fn demo(&self, action: DemoAction) -> BackendFuture<'_, Snapshot> {
        Box::pin(async move {
            match action {
                DemoAction::SignIn(ids) => {
                    // One request: all or none, as the action promises.
                    let _: Collection<AutopilotIdentity> = self
                        .post(paths::DEMO_SIGN_IN, &SignIn { ids }, Replay::Safe)
                        .await?;
                }
                DemoAction::AdvanceClock(days) => {
                    let _: TenantJson = self
                        .post(
                            paths::DEMO_ADVANCE_CLOCK,
                            &AdvanceClock { days },
                            Replay::Unsafe,
                        )
                        .await?;
                }
                DemoAction::InjectFaults(count) => {
                    let _: TenantJson = self
                        .post(paths::DEMO_FAULTS, &Faults { count }, Replay::Unsafe)
                        .await?;
                }
                DemoAction::Reset => {
                    let _: TenantJson = self
                        .post(paths::DEMO_RESET, &serde_json::json!({}), Replay::Safe)
                        .await?;
                }
            }
            self.snapshot().await
        })
    }
}

/// Sorts converted devices into the readable ones and a line for each unreadable one.
fn read_devices(
    converted: impl Iterator<Item = Result<Device, String>>,
    devices: &mut Vec<Device>,
    unreadable: &mut Vec<String>,
) {
    for result in converted {
        match result {
            Ok(device) => devices.push(device),
            Err(why) => unreadable.push(why),
        }
    }
}

fn unreadable_answer(why: String) -> BackendError {
    BackendError::Unavailable(format!(
        "the service sent a device this portal cannot read ({why})"
    ))
}

fn json(value: &impl Serialize) -> Result<String, BackendError> {
    serde_json::to_string(value)
        .map_err(|e| BackendError::Unavailable(format!("the request could not be written ({e})")))
}

/// Wait before attempt `attempt + 1` when the service gave no `Retry-After`: 0.5 s, 1 s, 2 s…
/// up to 8 s, with up to 25 % jitter so many portals do not retry in step.
fn backoff(attempt: u32) -> Millis {
    let base = 500 * (1 << attempt.saturating_sub(1).min(4));
    base + (js_sys::Math::random() * base as f64 / 4.0) as Millis
}

/// Resolves after `ms` milliseconds.
async fn sleep(ms: Millis) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let scheduled = web_sys::window().and_then(|w| {
            w.set_timeout_with_callback_and_timeout_and_arguments_0(
                &resolve,
                i32::try_from(ms).unwrap_or(i32::MAX),
            )
            .ok()
        });
        if scheduled.is_none() {
            let _ = resolve.call0(&wasm_bindgen::JsValue::NULL);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}
