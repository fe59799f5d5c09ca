//! The `graph` backend: a real Intune tenant through Microsoft Graph, straight from the browser
//! (docs/graph.md), over the same [`Transport`] and the same waiting and retrying as the HTTP
//! backend ([`HttpBackend`]): 429 and 503 with `Retry-After`, back-off, the waiting banner.
//!
//! - Register: `importedWindowsAutopilotDeviceIdentities/import`, at most 500 a request, each
//!   with its profile's group tag ([`ProfileTags`]) and its user. The records are followed
//!   (`unknown` and `pending` still run); once complete, the Autopilot device is shown in the
//!   record's place and the record is deleted, as Microsoft's `Import-AutopilotCSV` does. A
//!   record that ended in `error` is the portal's failed device, with DDS's code as one of the
//!   five messages; it stays until the device is removed or retried (its hash is in it).
//! - Graph has no idempotency key: an import whose answer was lost is looked up by its serials
//!   before anything is sent again, so nothing is imported twice.
//! - The portal keeps a device's id while it moves from import record to Autopilot device (an
//!   alias here), so following it, removing it or changing its profile reach the right object.

mod care;
pub mod wire;

use crate::http::send::{json, Replay};
use crate::http::{HttpBackend, Method, Transport};
use autopilot_i18n::{t, Lang};
use autopilot_service::audit::Role;
use autopilot_service::bulk::{BulkAction, BulkOutcome, BulkResult};
use autopilot_service::device::{Device, Profile, Registration, Source, TenantTime};
use autopilot_service::refusal::Refusal;
use autopilot_service::service::{ActionError, Submission, TenantInfo};
use portal_model::auth::Account;
use portal_model::backend::{
    AuditPage, AuditQuery, AutopilotSync, Backend, BackendError, BackendFuture, DemoAction, Fact,
    Refreshed, Snapshot, UserStanding, WaitObserver,
};
use serde::Deserialize;
use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
pub use wire::ProfileTags;
use wire::{AutopilotIn, ImportOut, ImportOutcome, ImportedIn, ImportedOut, Organization, Page};

const IMPORT: &str = "/deviceManagement/importedWindowsAutopilotDeviceIdentities/import";
const IMPORTED: &str = "/deviceManagement/importedWindowsAutopilotDeviceIdentities";
const DEVICES: &str = "/deviceManagement/windowsAutopilotDeviceIdentities";

/// Pages followed before the links are taken to go round in circles.
const MAX_PAGES: usize = 10_000;

/// A real tenant through Microsoft Graph.
pub struct GraphBackend<T> {
    http: HttpBackend<T>,
    tags: ProfileTags,
    /// The portal's id of a device → the Graph object it is now (an import record's id → the
    /// Autopilot device's, once complete; a retried record → its new record).
    aliases: RefCell<HashMap<String, String>>,
    /// What this portal knows of a device that Graph does not keep (when it was submitted, the
    /// file and line it came from), by the portal's id: the devices submitted in this session.
    submitted: RefCell<HashMap<String, (TenantTime, Option<Source>)>>,
}

impl<T: Transport> GraphBackend<T> {
    /// Graph at `base` (`https://graph.microsoft.com/beta`) over `transport`, the profiles as
    /// `tags`; waits are reported to `observer`.
    pub fn new(base: &str, transport: T, observer: WaitObserver, tags: ProfileTags) -> Self {
        GraphBackend {
            http: HttpBackend::new(base, transport, observer),
            tags,
            aliases: RefCell::new(HashMap::new()),
            submitted: RefCell::new(HashMap::new()),
        }
    }

    /// The same, saying its own messages in `lang` ([`HttpBackend::speaking`]).
    pub fn speaking(mut self, lang: Lang) -> Self {
        self.http = self.http.speaking(lang);
        self
    }

    fn now(&self) -> TenantTime {
        self.http
            .transport_now()
            .on_tenant_clock(autopilot_service::device::Millis(0))
    }

    /// What the portal's `id` stands for in Graph now.
    fn target(&self, id: &str) -> String {
        let aliases = self.aliases.borrow();
        let mut current = id;
        // An alias may itself have moved on (retried, then completed); a cycle cannot form, but
        // the walk is bounded anyway.
        for _ in 0..8 {
            match aliases.get(current) {
                Some(next) => current = next,
                None => break,
            }
        }
        current.to_owned()
    }

    /// Every page of a collection.
    async fn all<I: for<'de> Deserialize<'de>>(&self, first: &str) -> Result<Vec<I>, BackendError> {
        let mut path = first.to_owned();
        let mut items = Vec::new();
        for _ in 0..MAX_PAGES {
            let page: Page<I> = self.http.get(&path).await?;
            items.extend(page.value);
            let Some(next) = page.next_link else {
                return Ok(items);
            };
            // The link is absolute; follow its path and query on our own base.
            let Some((_, query)) = next.split_once('?') else {
                return Err(BackendError::Unavailable(format!(
                    "Graph's @odata.nextLink {next:?} has no query to follow"
                )));
            };
            let base = first.split('?').next().unwrap_or(first);
            path = format!("{base}?{query}");
        }
        Err(BackendError::Unavailable(
            "Graph's @odata.nextLink does not come to an end".into(),
        ))
    }

    async fn tenant(&self) -> Result<TenantInfo, BackendError> {
        let orgs: Page<Organization> = self.http.get("/organization").await?;
        let org = orgs.value.into_iter().next().ok_or_else(|| {
            BackendError::Unavailable(t!(self.http.lang, "graph-no-organisation"))
        })?;
        let mut domains: Vec<_> = org.verified_domains;
        // The default domain first: the one a new user most likely has.
        domains.sort_by_key(|d| !d.is_default);
        Ok(TenantInfo {
            name: org.display_name.unwrap_or_default(),
            domains: domains.into_iter().map(|d| d.name).collect(),
            users: Vec::new(),
            kiosk_enabled: true,
        })
    }

    /// The import records, and the devices they stand for where not complete; complete ones are
    /// deleted (their devices are in the Autopilot list).
    async fn records(&self) -> Result<Vec<Device>, BackendError> {
        let records: Vec<ImportedIn> = self.all(&format!("{IMPORTED}?$top=1000")).await?;
        let now = self.now();
        let mut devices = Vec::new();
        for record in records {
            match record.outcome("") {
                ImportOutcome::Complete(_) => self.forget(&record.id).await,
                _ => devices.push(self.remembered(record.device(&self.tags, now, ""))),
            }
        }
        Ok(devices)
    }

    /// Deletes an import record whose outcome is known; a failure is left for the next load.
    async fn forget(&self, record: &str) {
        let _ = self
            .http
            .send(
                Method::Delete,
                &format!("{IMPORTED}/{record}"),
                None,
                &[],
                Replay::Safe,
            )
            .await;
    }

    async fn snapshot(&self) -> Result<Snapshot, BackendError> {
        let tenant = self.tenant().await?;
        let registered: Vec<AutopilotIn> = self.all(&format!("{DEVICES}?$top=1000")).await?;
        let mut devices: Vec<Device> = registered
            .iter()
            .map(|d| self.remembered(d.device(&self.tags, &d.id)))
            .collect();
        // The aliases stay: a view may still name a device by the id it had while importing.
        devices.extend(self.records().await?);
        Ok(Snapshot {
            tenant,
            devices,
            clock_offset: autopilot_service::device::Millis(0),
            unreadable: Vec::new(),
        })
    }

    /// Imports, at most 500 items. When the answer is lost, what Graph holds for these serials
    /// is looked up first, and only what it lacks is sent again.
    async fn import_items(&self, items: Vec<ImportedOut>) -> Result<Vec<ImportedIn>, BackendError> {
        let body = json(&ImportOut {
            imported_windows_autopilot_device_identities: items.clone(),
        })?;
        let sent = self
            .http
            .send(Method::Post, IMPORT, Some(body), &[], Replay::Unsafe)
            .await;
        let lost = match &sent {
            Ok(reply) if (200..300).contains(&reply.status) => {
                let page: Page<ImportedIn> = serde_json::from_str(&reply.body).map_err(|e| {
                    BackendError::Unavailable(format!(
                        "Graph's answer to an import is not what this portal expects ({e})"
                    ))
                })?;
                return Ok(page.value);
            }
            Ok(reply) if matches!(reply.status, 502 | 504) => true,
            Err(BackendError::Unavailable(_)) => true,
            _ => false,
        };
        if !lost {
            // A refusal: read it as any other answer.
            let reply = sent?;
            return Err(refusal(
                self.http.lang,
                reply.status,
                &reply.body,
                reply.request_id,
            ));
        }
        // Graph may have imported them: look before sending anything again.
        let held: Vec<ImportedIn> = self.all(&format!("{IMPORTED}?$top=1000")).await?;
        let mut by_serial: HashMap<String, ImportedIn> = HashMap::new();
        for record in held {
            let Some(serial) = record.serial_number.clone() else {
                continue;
            };
            // A record still running is this import's; one that ended may be an earlier
            // upload's (a failed record stays until removed), so it gives way.
            let running = |r: &ImportedIn| r.outcome("") == ImportOutcome::Running;
            let keep_old = by_serial
                .get(&serial)
                .is_some_and(|old| running(old) && !running(&record));
            if !keep_old {
                by_serial.insert(serial, record);
            }
        }
        let missing: Vec<ImportedOut> = items
            .iter()
            .filter(|i| !by_serial.contains_key(&i.serial_number))
            .cloned()
            .collect();
        if !missing.is_empty() {
            let body = json(&ImportOut {
                imported_windows_autopilot_device_identities: missing,
            })?;
            let page: Page<ImportedIn> = self
                .http
                .call(Method::Post, IMPORT, Some(body), &[], Replay::Unsafe)
                .await?;
            for record in page.value {
                if let Some(serial) = record.serial_number.clone() {
                    by_serial.insert(serial, record);
                }
            }
        }
        items
            .iter()
            .map(|i| {
                by_serial.remove(&i.serial_number).ok_or_else(|| {
                    BackendError::Unavailable(t!(
                        self.http.lang,
                        "graph-import-lost",
                        serial = i.serial_number.as_str()
                    ))
                })
            })
            .collect()
    }

    /// The device the portal knows as `id`, as it is now; `None` when it is gone.
    async fn follow(&self, id: &str) -> Result<Option<Device>, BackendError> {
        let now = self.now();
        let target = self.target(id);
        let reply = self
            .http
            .send(
                Method::Get,
                &format!("{IMPORTED}/{target}"),
                None,
                &[],
                Replay::Safe,
            )
            .await?;
        if reply.status == 200 {
            let record: ImportedIn = serde_json::from_str(&reply.body).map_err(|e| {
                BackendError::Unavailable(format!(
                    "Graph sent an import record this portal cannot read ({e})"
                ))
            })?;
            let request_id = reply.request_id.clone().unwrap_or_default();
            return match record.outcome(&request_id) {
                ImportOutcome::Complete(device) if !device.is_empty() => {
                    self.aliases
                        .borrow_mut()
                        .insert(target.clone(), device.clone());
                    // A reload lists it under the Autopilot device's id.
                    let known = self.submitted.borrow().get(id).cloned();
                    if let Some(known) = known {
                        self.submitted.borrow_mut().insert(device.clone(), known);
                    }
                    self.forget(&target).await;
                    self.registered(id, &device).await
                }
                // Still running, or failed: the record is the device.
                _ => {
                    let mut device = record.device(&self.tags, now, &request_id);
                    device.id = id.to_owned();
                    Ok(Some(self.remembered(device)))
                }
            };
        }
        if reply.status != 404 {
            return Err(refusal(
                self.http.lang,
                reply.status,
                &reply.body,
                reply.request_id,
            ));
        }
        self.registered(id, &target).await
    }

    /// `device` with what this portal remembers of it and Graph does not keep.
    fn remembered(&self, mut device: Device) -> Device {
        if let Some((at, source)) = self.submitted.borrow().get(&device.id) {
            device.submitted_at = *at;
            device.source.clone_from(source);
        }
        device
    }

    /// The Autopilot device `target`, shown under the portal's `id`.
    async fn registered(&self, id: &str, target: &str) -> Result<Option<Device>, BackendError> {
        Ok(self
            .autopilot_device(target)
            .await?
            .map(|device| self.remembered(device.device(&self.tags, id))))
    }

    /// The Autopilot device `target` as Graph has it; `None` when it has none.
    async fn autopilot_device(&self, target: &str) -> Result<Option<AutopilotIn>, BackendError> {
        let reply = self
            .http
            .send(
                Method::Get,
                &format!("{DEVICES}/{target}"),
                None,
                &[],
                Replay::Safe,
            )
            .await?;
        match reply.status {
            200 => serde_json::from_str(&reply.body).map(Some).map_err(|e| {
                BackendError::Unavailable(format!(
                    "Graph sent a device this portal cannot read ({e})"
                ))
            }),
            404 => Ok(None),
            status => Err(refusal(
                self.http.lang,
                status,
                &reply.body,
                reply.request_id,
            )),
        }
    }

    async fn remove_one(&self, id: &str) -> Result<(), BackendError> {
        let Some(device) = self.follow(id).await? else {
            return Err(BackendError::Refused(ActionError::NotFound.to_string()));
        };
        let target = self.target(id);
        let path = match device.registration {
            Registration::Pending { .. } => {
                return Err(BackendError::Refused(Refusal::PendingRemove.text()))
            }
            // A failed device is its import record.
            Registration::Failed { .. } => format!("{IMPORTED}/{target}"),
            Registration::Registered { .. } => format!("{DEVICES}/{target}"),
        };
        let reply = self
            .http
            .send(Method::Delete, &path, None, &[], Replay::Safe)
            .await?;
        match reply.status {
            200..=299 | 404 => Ok(()),
            status => Err(refusal(
                self.http.lang,
                status,
                &reply.body,
                reply.request_id,
            )),
        }
    }

    async fn set_properties(
        &self,
        id: &str,
        profile: Option<Profile>,
        user: Option<&str>,
    ) -> Result<Device, BackendError> {
        let Some(device) = self.follow(id).await? else {
            return Err(BackendError::Refused(ActionError::NotFound.to_string()));
        };
        if !matches!(device.registration, Registration::Registered { .. }) {
            return Err(BackendError::Refused(Refusal::OnlyRegisteredChanged.text()));
        }
        let mut body = serde_json::Map::new();
        if let Some(profile) = profile {
            body.insert("groupTag".into(), self.tags.tag(profile).into());
        }
        if let Some(user) = user {
            body.insert("userPrincipalName".into(), user.into());
        }
        let target = self.target(id);
        let _: Option<serde_json::Value> = self
            .http
            .call(
                Method::Post,
                &format!("{DEVICES}/{target}/updateDeviceProperties"),
                Some(serde_json::Value::Object(body).to_string()),
                &[],
                Replay::Safe,
            )
            .await?;
        self.follow(id)
            .await?
            .ok_or_else(|| BackendError::Refused(ActionError::NotFound.to_string()))
    }

    async fn retry_one(&self, id: &str) -> Result<Device, BackendError> {
        let target = self.target(id);
        let record: ImportedIn = self.http.get(&format!("{IMPORTED}/{target}")).await?;
        if !matches!(record.outcome(""), ImportOutcome::Failed(_)) {
            return Err(BackendError::Refused(Refusal::OnlyFailedRetried.text()));
        }
        let item = ImportedOut {
            odata_type: "#microsoft.graph.importedWindowsAutopilotDeviceIdentity",
            serial_number: record.serial_number.clone().unwrap_or_default(),
            product_key: String::new(),
            hardware_identifier: record.hardware_identifier.clone(),
            group_tag: record.group_tag.clone().unwrap_or_default(),
            assigned_user_principal_name: record
                .assigned_user_principal_name
                .clone()
                .unwrap_or_default(),
        };
        // The failed record goes first: Graph then holds one record of this device, the new one.
        self.forget(&target).await;
        let new = self.import_items(vec![item]).await?;
        let record = new.into_iter().next().ok_or_else(|| {
            BackendError::Unavailable("Graph answered the retry with no import record".into())
        })?;
        self.aliases.borrow_mut().insert(target, record.id.clone());
        let mut device = record.device(&self.tags, self.now(), "");
        device.id = id.to_owned();
        Ok(self.remembered(device))
    }
}

/// An error answer as the portal shows it.
fn refusal(lang: Lang, status: u16, body: &str, request_id: Option<String>) -> BackendError {
    #[derive(Deserialize)]
    struct Body {
        error: Detail,
    }
    #[derive(Deserialize)]
    struct Detail {
        #[serde(default)]
        message: String,
    }
    let message = serde_json::from_str::<Body>(body)
        .ok()
        .map(|b| b.error.message)
        .filter(|m| !m.is_empty());
    match status {
        401 => BackendError::SignIn(message.unwrap_or_else(|| t!(lang, "graph-sign-in-refused"))),
        403 => BackendError::Refused(match message {
            Some(said) => t!(lang, "graph-forbidden-said", said = said),
            None => t!(lang, "graph-forbidden"),
        }),
        400..=499 => BackendError::Refused(
            message.unwrap_or_else(|| t!(lang, "graph-refused", status = status.to_string())),
        ),
        _ => BackendError::Unavailable(crate::http::send::failed(
            lang,
            message.unwrap_or_else(|| t!(lang, "graph-failed")),
            status,
            request_id,
        )),
    }
}

impl<T: Transport> Backend for GraphBackend<T> {
    fn batches_in_flight(&self) -> usize {
        2
    }

    fn is_demo(&self) -> bool {
        false
    }

    fn load(&self) -> BackendFuture<'_, Snapshot> {
        Box::pin(self.snapshot())
    }

    fn import(
        &self,
        batch: Vec<Submission>,
        profile: Profile,
        _key: String,
    ) -> BackendFuture<'_, Vec<Device>> {
        Box::pin(async move {
            let tag = self.tags.tag(profile).to_owned();
            let items: Vec<ImportedOut> = batch
                .iter()
                .map(|s| ImportedOut {
                    odata_type: "#microsoft.graph.importedWindowsAutopilotDeviceIdentity",
                    serial_number: s.serial.clone(),
                    product_key: String::new(),
                    hardware_identifier: s.hardware_hash.clone(),
                    group_tag: tag.clone(),
                    assigned_user_principal_name: s.assigned_user.clone(),
                })
                .collect();
            let records = self.import_items(items).await?;
            let now = self.now();
            Ok(batch
                .iter()
                .zip(records)
                .map(|(s, record)| {
                    let mut device = record.device(&self.tags, now, "");
                    // What the file said, which Graph does not keep.
                    device.source = s.source.clone();
                    device.submitted_at = now;
                    device.manufacturer = s.manufacturer.clone();
                    device.model = s.model.clone();
                    device.profile = profile;
                    self.submitted
                        .borrow_mut()
                        .insert(device.id.clone(), (now, device.source.clone()));
                    device
                })
                .collect())
        })
    }

    fn refresh(&self, ids: Vec<String>) -> BackendFuture<'_, Refreshed> {
        Box::pin(async move {
            let mut refreshed = Refreshed::default();
            let mut seen = HashSet::new();
            for id in ids {
                if seen.insert(id.clone()) {
                    if let Some(device) = self.follow(&id).await? {
                        refreshed.devices.push(device);
                    }
                }
            }
            Ok(refreshed)
        })
    }

    fn remove(&self, id: String) -> BackendFuture<'_, ()> {
        Box::pin(async move { self.remove_one(&id).await })
    }

    fn change_profile(&self, id: String, profile: Profile) -> BackendFuture<'_, Device> {
        Box::pin(async move { self.set_properties(&id, Some(profile), None).await })
    }

    fn retry(&self, id: String) -> BackendFuture<'_, Device> {
        Box::pin(async move { self.retry_one(&id).await })
    }

    fn bulk(&self, action: BulkAction, ids: Vec<String>) -> BackendFuture<'_, Vec<BulkResult>> {
        Box::pin(async move {
            // Graph has no bulk call: one request per device, each answered on its own.
            let mut results = Vec::with_capacity(ids.len());
            for id in ids {
                let outcome = match &action {
                    BulkAction::Remove => self.remove_one(&id).await.map(|()| BulkOutcome::Removed),
                    BulkAction::ChangeProfile(p) => self
                        .set_properties(&id, Some(*p), None)
                        .await
                        .map(BulkOutcome::Changed),
                    BulkAction::AssignUser(u) => self
                        .set_properties(&id, None, Some(u))
                        .await
                        .map(BulkOutcome::Changed),
                    BulkAction::Retry => self.retry_one(&id).await.map(BulkOutcome::Changed),
                };
                let outcome = match outcome {
                    Ok(outcome) => outcome,
                    Err(BackendError::Refused(why)) => {
                        BulkOutcome::Refused(ActionError::NotAllowed(why))
                    }
                    Err(other) => return Err(other),
                };
                results.push(BulkResult { id, outcome });
            }
            Ok(results)
        })
    }

    fn demo(&self, _: DemoAction) -> BackendFuture<'_, Snapshot> {
        let why = t!(self.http.lang, "graph-no-demo");
        Box::pin(async { Err(BackendError::Refused(why)) })
    }

    fn account(&self) -> BackendFuture<'_, Account> {
        Box::pin(async move {
            #[derive(Deserialize)]
            #[serde(rename_all = "camelCase")]
            struct Me {
                #[serde(default)]
                display_name: Option<String>,
                #[serde(default)]
                user_principal_name: Option<String>,
            }
            let me: Me = self.http.get("/me").await?;
            let username = me.user_principal_name.unwrap_or_default();
            Ok(Account {
                name: me.display_name.unwrap_or_else(|| username.clone()),
                username,
                // What the account may do is Graph's to refuse (403), action by action.
                role: Role::Administrator,
                signed_in: true,
            })
        })
    }

    fn check_users(&self, users: Vec<String>) -> BackendFuture<'_, Option<Vec<UserStanding>>> {
        Box::pin(async move { self.users(&users).await.map(Some) })
    }

    fn facts(&self, id: String) -> BackendFuture<'_, Vec<Fact>> {
        Box::pin(async move { self.device_facts(&id).await })
    }

    fn autopilot_sync(&self) -> BackendFuture<'_, Option<AutopilotSync>> {
        Box::pin(async move { self.sync_state().await.map(Some) })
    }

    fn sync_autopilot(&self) -> BackendFuture<'_, AutopilotSync> {
        Box::pin(async move { self.sync_now().await })
    }

    fn lacks_profile_tag(&self, device: &Device) -> bool {
        matches!(device.registration, Registration::Registered { .. })
            && self.tags.profile(&device.group_tag).is_none()
    }

    fn audit(&self, _: AuditQuery) -> BackendFuture<'_, AuditPage> {
        let why = t!(self.http.lang, "graph-audit-elsewhere");
        Box::pin(async { Err(BackendError::Refused(why)) })
    }
}
