//! The HTTP backend: the registration API of `crates/server` (Graph's Autopilot shapes plus
//! `/mmd/v1`) over a [`Transport`] (`fetch` in the browser, hyper in tests). The wire types,
//! paths and limits are `autopilot_api`, the same the server uses, so both sides change
//! together. How one request is sent, waited for and retried is [`send`].

pub(crate) mod send;

use crate::LocalFuture;
use autopilot_api::audit::{iso_real, AuditEventJson, MeJson};
use autopilot_api::limits::{IDEMPOTENCY_KEY, MAX_QUERY_IDS, MAX_TOP, PREFER, RETURN_MINIMAL};
use autopilot_api::paths::{self, with_id};
use autopilot_api::{
    AdvanceClock, AutopilotIdentity, BulkRequest, BulkResultJson, Collection, DeviceQuery, Faults,
    ImportItem, ImportRequest, ImportedIdentity, ProfileChange, Seed, SignIn, TenantJson,
};
use autopilot_i18n::{t, Lang};
use autopilot_service::bulk::{BulkAction, BulkResult};
use autopilot_service::device::{Device, Millis, Profile, RealTime};
use autopilot_service::service::Submission;
use portal_model::auth::Account;
use portal_model::backend::{
    AuditPage, AuditQuery, Backend, BackendError, BackendFuture, DemoAction, Refreshed, Snapshot,
    WaitObserver,
};
use send::{json, Replay};
use std::cell::Cell;
use std::fmt;

/// Attempts per request before the backend gives up and says so.
pub const MAX_ATTEMPTS: u32 = 8;

/// List pages followed before the backend decides the server's `@odata.nextLink`s go round in
/// circles (100 million devices at 1,000 a page).
const MAX_PAGES: usize = 100_000;

/// An HTTP method the API uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// `GET`.
    Get,
    /// `POST`.
    Post,
    /// `PUT`.
    Put,
    /// `DELETE`.
    Delete,
}

impl fmt::Display for Method {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Delete => "DELETE",
        })
    }
}

/// A request as the transport sends it: `accept` and, with a body, `content-type` are JSON.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    /// The method.
    pub method: Method,
    /// The whole URL (the API base and the path).
    pub url: String,
    /// Further headers (`idempotency-key`).
    pub headers: Vec<(String, String)>,
    /// The JSON body, if any.
    pub body: Option<String>,
}

/// An answer as the transport read it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Response {
    /// HTTP status.
    pub status: u16,
    /// Headers, names in lower case.
    pub headers: Vec<(String, String)>,
    /// The whole body as text.
    pub body: String,
}

impl Response {
    /// A header's value (`name` in lower case).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// What the HTTP backend needs of its platform.
pub trait Transport {
    /// Sends `request` and reads the whole answer; `Err` (in the platform's words) when the
    /// service could not be reached or the answer could not be read.
    fn send(&self, request: Request) -> LocalFuture<'_, Result<Response, String>>;
    /// Resolves after `ms` milliseconds.
    fn sleep(&self, ms: Millis) -> LocalFuture<'_, ()>;
    /// Real time in milliseconds since the Unix epoch.
    fn now(&self) -> RealTime;
    /// A random number in `0..1`, for back-off jitter.
    fn random(&self) -> f64;
}

/// The registration API over HTTP.
pub struct HttpBackend<T> {
    base: String,
    transport: T,
    observer: WaitObserver,
    next_request: Cell<u64>,
    /// The language its own messages are in.
    pub(crate) lang: Lang,
}

impl<T: Transport> HttpBackend<T> {
    /// A backend for the API at `base` (`/api`, or an absolute URL) over `transport`; waits are
    /// reported to `observer`.
    pub fn new(base: &str, transport: T, observer: WaitObserver) -> Self {
        HttpBackend {
            base: base.trim_end_matches('/').to_owned(),
            transport,
            observer,
            next_request: Cell::new(0),
            lang: Lang::En,
        }
    }

    /// The same, saying its own messages (a connection that failed, an answer it cannot use)
    /// in `lang`; what the service says comes as it is.
    pub fn speaking(mut self, lang: Lang) -> Self {
        self.lang = lang;
        self
    }

    /// The transport's clock.
    pub(crate) fn transport_now(&self) -> RealTime {
        self.transport.now()
    }

    async fn tenant(&self) -> Result<(TenantJson, Millis), BackendError> {
        let tenant: TenantJson = self.get(paths::TENANT).await?;
        // The offset the portal needs is the tenant's clock against *this browser's* clock: it
        // takes in the demo clock and any difference between the server's clock and ours.
        let offset = autopilot_api::parse_iso(&tenant.now)
            .map_or(tenant.clock_offset, |tenant_now| {
                Millis(tenant_now.0 - self.transport.now().0)
            });
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

impl<T: Transport> Backend for HttpBackend<T> {
    /// The server parses, checks and stores one batch while the next is on its way; three keep
    /// both of a small server's cores busy without holding many megabytes in flight.
    fn batches_in_flight(&self) -> usize {
        3
    }

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
                    Method::Post,
                    paths::IMPORT,
                    Some(json(&body)?),
                    // The hashes were just sent: the answer need not echo them (a third of a
                    // batch's megabytes each way).
                    &[(IDEMPOTENCY_KEY, &key), (PREFER, RETURN_MINIMAL)],
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
            self.call::<()>(Method::Delete, &path, None, &[], Replay::Unsafe)
                .await
        })
    }

    fn change_profile(&self, id: String, profile: Profile) -> BackendFuture<'_, Device> {
        Box::pin(async move {
            let body = ProfileChange {
                profile: profile.id().to_owned(),
            };
            let path = with_id(paths::DEVICE_PROFILE, &id);
            self.device_call(Method::Put, path, Some(json(&body)?), Replay::Safe)
                .await
        })
    }

    fn retry(&self, id: String) -> BackendFuture<'_, Device> {
        Box::pin(async move {
            let path = with_id(paths::DEVICE_RETRY, &id);
            self.device_call(Method::Post, path, Some("{}".into()), Replay::Unsafe)
                .await
        })
    }

    fn bulk(&self, action: BulkAction, ids: Vec<String>) -> BackendFuture<'_, Vec<BulkResult>> {
        Box::pin(async move {
            // Setting a profile or a user twice does no harm; removing or retrying twice would
            // answer "not found" or "not failed" for devices the first attempt changed.
            let replay = match action {
                BulkAction::ChangeProfile(_) | BulkAction::AssignUser(_) => Replay::Safe,
                BulkAction::Remove | BulkAction::Retry => Replay::Unsafe,
            };
            let body = BulkRequest::of(&action, ids);
            let answer: Collection<BulkResultJson> =
                self.post(paths::DEVICES_BULK, &body, replay).await?;
            // One answer per device asked for, in that order: anything else would report what
            // was not asked, or leave a refused device out.
            if !answer.value.iter().map(|r| &r.id).eq(body.ids.iter()) {
                return Err(BackendError::Unavailable(t!(
                    self.lang,
                    "http-bulk-other-devices",
                    n = body.ids.len().to_string()
                )));
            }
            answer
                .value
                .iter()
                .map(BulkResultJson::result)
                .collect::<Result<_, _>>()
                .map_err(|why| {
                    BackendError::Unavailable(t!(self.lang, "http-bulk-unreadable", why = why))
                })
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
                DemoAction::Seed(count) => {
                    let _: TenantJson = self
                        .post(paths::DEMO_SEED, &Seed { count }, Replay::Unsafe)
                        .await?;
                }
            }
            self.snapshot().await
        })
    }

    fn account(&self) -> BackendFuture<'_, Account> {
        Box::pin(async move {
            let me: MeJson = self.get(paths::ME).await?;
            Ok(Account {
                name: me.display_name,
                username: me.user_principal_name,
                role: me.role,
                signed_in: me.sign_in_required,
            })
        })
    }

    fn audit(&self, query: AuditQuery) -> BackendFuture<'_, AuditPage> {
        Box::pin(async move {
            let path = match &query.next {
                Some(next) => format!("{}?{next}", paths::AUDIT_EVENTS),
                None => format!("{}?{}", paths::AUDIT_EVENTS, audit_options(&query)),
            };
            let page: Collection<AuditEventJson> = self.get(&path).await?;
            let events = page
                .value
                .iter()
                .map(AuditEventJson::event)
                .collect::<Result<Vec<_>, _>>()
                .map_err(|why| {
                    BackendError::Unavailable(format!(
                        "the service sent an audit event this portal cannot read ({why})"
                    ))
                })?;
            // Follow the link's query on our own base, as the device list does.
            let next = page
                .next_link
                .and_then(|link| link.split_once('?').map(|(_, q)| q.to_owned()));
            Ok(AuditPage { events, next })
        })
    }
}

/// `$top` and `$filter` of an audit query.
fn audit_options(query: &AuditQuery) -> String {
    let mut conditions = Vec::new();
    if let Some(actor) = &query.actor {
        conditions.push(format!(
            "actor/userPrincipalName eq '{}'", // i18n: not text
            actor.trim().replace('\'', "''")
        ));
    }
    if let Some(since) = query.since {
        conditions.push(format!("activityDateTime ge {}", iso_real(since))); // i18n: not text
    }
    let mut options = format!("$top={}", AuditQuery::PAGE);
    if !conditions.is_empty() {
        options.push_str("&$filter=");
        options.push_str(&paths::query_value(&conditions.join(" and ")));
    }
    options
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
