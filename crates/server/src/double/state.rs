//! The tenant Microsoft Graph holds, as far as the `graph` backend reaches it (docs/graph.md):
//! imported-identity records, which stay until deleted and go `unknown` → `pending` →
//! `complete` | `error` with Device Directory Service codes; Autopilot devices, which exist only
//! once an import completed; the Autopilot sync with its 409 and 429. The decisions are the
//! registration service's own rules (`autopilot_service::service::Service`): a hash that does
//! not decode is 802, a device the tenant holds already 806, a serial of another organisation
//! 808, a product key without a hash that no OEM knows 812.

use autopilot_hash::hardware_hash;
use autopilot_service::device::{Device, Millis, Profile, RealTime, Registration};
use autopilot_service::service::{Service, ServiceSettings, Submission};

/// A sync runs this long; another asked for meanwhile is a 409.
pub const SYNC_RUNS: Millis = Millis(5_000);

/// Syncs are this far apart at least; one asked for sooner is a 429.
pub const SYNC_INTERVAL: Millis = Millis(10 * 60 * 1_000);

/// One device of an import request, as Graph takes it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportItem {
    /// Serial number.
    pub serial: String,
    /// Windows product key (may be empty).
    pub product_key: String,
    /// The hardware hash, base64 (`Edm.Binary`); `None` when not sent.
    pub hash: Option<String>,
    /// Autopilot group tag.
    pub group_tag: String,
    /// The user the device will be assigned to (may be empty).
    pub assigned_user: String,
}

/// How an import ended, as Device Directory Service reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Registered: the Autopilot device (same id as the service's device) exists.
    Complete,
    /// Refused, with DDS's numeric code and name.
    Error {
        /// `deviceErrorCode`.
        code: i32,
        /// `deviceErrorName`.
        name: String,
    },
}

/// An imported-identity record: kept until deleted, whatever its outcome.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportedRecord {
    /// Its own id (not the device's).
    pub id: String,
    /// What was sent.
    pub item: ImportItem,
    /// When it was accepted.
    pub created: RealTime,
    /// The service's device it became (the Autopilot device's id once complete).
    pub device_id: String,
    /// Set once decided.
    pub outcome: Option<Outcome>,
}

/// `deviceImportStatus` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImportStatus {
    /// Just accepted.
    Unknown,
    /// Being processed.
    Pending,
    /// Registered.
    Complete,
    /// Refused.
    Error,
}

impl ImportStatus {
    /// As Graph writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            ImportStatus::Unknown => "unknown",
            ImportStatus::Pending => "pending",
            ImportStatus::Complete => "complete",
            ImportStatus::Error => "error",
        }
    }
}

/// Why a sync was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SyncRefused {
    /// One is running (409).
    Running,
    /// The last one is less than 10 minutes ago (429); retry after this many seconds.
    TooSoon(u64),
}

/// The tenant.
pub struct GraphTenant {
    service: Service,
    /// Serials DDS is to refuse with this code, whatever the rules say (test controls: a hash
    /// the portal's own checks accept but DDS does not, as real ones sometimes are).
    refusals: std::collections::HashMap<String, i32>,
    imported: Vec<ImportedRecord>,
    next_record: u64,
    last_sync: Option<RealTime>,
    last_manual_sync: Option<RealTime>,
}

/// DDS's name of a code (docs/graph.md §10).
pub fn dds_name(code: i32) -> &'static str {
    match autopilot_service::device::RegistrationError::from_autopilot(Some(code), None) {
        Some(error) => error.autopilot_code().1,
        None if code == 803 => "MissingZtdSerialNumberAndProductKey",
        None => "InvalidZtdRequestBody",
    }
}

impl GraphTenant {
    /// Contoso's directory (its domains, users and the serials other organisations hold), no
    /// devices; registrations are decided `delay` after they are accepted.
    pub fn new(now: RealTime, delay: Millis) -> GraphTenant {
        let mut service = autopilot_service::demo::demo(
            now,
            ServiceSettings {
                processing_delay_ms: delay,
                inject_faults: 0,
            },
        );
        service.devices.clear();
        GraphTenant {
            service,
            refusals: std::collections::HashMap::new(),
            imported: Vec::new(),
            next_record: 1,
            last_sync: None,
            last_manual_sync: None,
        }
    }

    /// The directory: organisation name, verified domains, users.
    pub fn directory(&self) -> &autopilot_service::service::TenantInfo {
        &self.service.state.info
    }

    /// Accepts an import: one record per item, in order, each `unknown` at first.
    pub fn import(&mut self, items: Vec<ImportItem>, now: RealTime) -> Vec<ImportedRecord> {
        let mut scratch = Vec::new();
        let submissions: Vec<Submission> = items
            .iter()
            .map(|item| {
                // DDS reads manufacturer and model from the hash.
                let (manufacturer, model) = item
                    .hash
                    .as_deref()
                    .and_then(|h| hardware_hash::decode(h.trim(), &mut scratch).ok())
                    .map(|info| (info.manufacturer, info.model))
                    .unwrap_or_default();
                Submission {
                    serial: item.serial.clone(),
                    manufacturer,
                    model,
                    assigned_user: item.assigned_user.clone(),
                    hardware_hash: item.hash.clone().filter(|h| !h.is_empty()),
                    source: None,
                }
            })
            .collect();
        let mut records = Vec::with_capacity(items.len());
        // The service takes batches of at most 500, one profile: Graph's profile is the group
        // tag, kept on the record and the device.
        let mut items = items.into_iter();
        for chunk in submissions.chunks(autopilot_service::service::MAX_BATCH) {
            let devices = self
                .service
                .submit(chunk.to_vec(), Profile::Standard, now)
                .unwrap_or_default();
            for device in devices {
                let Some(item) = items.next() else { break };
                if let Some(d) = self.service.devices.iter_mut().find(|d| d.id == device.id) {
                    d.group_tag = item.group_tag.clone();
                }
                let record = ImportedRecord {
                    id: record_id(self.next_record),
                    item,
                    created: now,
                    device_id: device.id,
                    outcome: None,
                };
                self.next_record += 1;
                records.push(record.clone());
                self.imported.push(record);
            }
        }
        records
    }

    /// Decides what is due at `now` and records each outcome on its import record.
    pub fn tick(&mut self, now: RealTime) {
        let decided = self.service.decide_due(now);
        if decided.is_empty() {
            return;
        }
        let mut refused_ids = Vec::new();
        for id in decided {
            let Some(device) = self.service.devices.iter().find(|d| d.id == id) else {
                continue;
            };
            let refused = self.refusals.get(device.serial.trim()).copied();
            if refused.is_some() {
                refused_ids.push(id.clone());
            }
            let outcome = match &device.registration {
                _ if refused.is_some() => {
                    let code = refused.unwrap_or(801);
                    Outcome::Error {
                        code,
                        name: dds_name(code).to_owned(),
                    }
                }
                Registration::Registered { .. } => Outcome::Complete,
                Registration::Failed { error } => {
                    let (code, name) = error.autopilot_code();
                    Outcome::Error {
                        code,
                        name: name.to_owned(),
                    }
                }
                Registration::Pending { .. } => continue,
            };
            for record in self.imported.iter_mut().filter(|r| r.device_id == id) {
                record.outcome = Some(outcome.clone());
            }
        }
        // Refused registrations leave no device behind, as in Graph.
        self.service.devices.retain(|d| {
            !matches!(d.registration, Registration::Failed { .. }) && !refused_ids.contains(&d.id)
        });
    }

    /// DDS refuses `serial` with `code` from now on (test controls).
    pub fn refuse(&mut self, serial: &str, code: i32) {
        self.refusals.insert(serial.trim().to_owned(), code);
    }

    /// A record's status at `now`: `unknown` for the first half of the processing delay.
    pub fn status(&self, record: &ImportedRecord, now: RealTime) -> ImportStatus {
        match &record.outcome {
            Some(Outcome::Complete) => ImportStatus::Complete,
            Some(Outcome::Error { .. }) => ImportStatus::Error,
            None => {
                let half = Millis(self.service.state.settings.processing_delay_ms.0 / 2);
                if now < record.created + half {
                    ImportStatus::Unknown
                } else {
                    ImportStatus::Pending
                }
            }
        }
    }

    /// Every import record, in the order accepted.
    pub fn imported(&self) -> &[ImportedRecord] {
        &self.imported
    }

    /// One import record.
    pub fn imported_record(&self, id: &str) -> Option<&ImportedRecord> {
        self.imported.iter().find(|r| r.id == id)
    }

    /// Deletes an import record (the device, if registered, stays); `false` when there is none.
    pub fn delete_imported(&mut self, id: &str) -> bool {
        let before = self.imported.len();
        self.imported.retain(|r| r.id != id);
        self.imported.len() < before
    }

    /// The Autopilot devices: registered ones only, in the order registered.
    pub fn devices(&self) -> impl Iterator<Item = &Device> {
        self.service
            .devices
            .iter()
            .filter(|d| matches!(d.registration, Registration::Registered { .. }))
    }

    /// One Autopilot device.
    pub fn device(&self, id: &str) -> Option<&Device> {
        self.devices().find(|d| d.id == id)
    }

    /// Deletes an Autopilot device; `false` when there is none.
    pub fn delete_device(&mut self, id: &str) -> bool {
        if self.device(id).is_none() {
            return false;
        }
        self.service.devices.retain(|d| d.id != id);
        true
    }

    /// `updateDeviceProperties`: the group tag and the user, where given; `false` when there is
    /// no such device.
    pub fn update_device(
        &mut self,
        id: &str,
        group_tag: Option<String>,
        user: Option<String>,
    ) -> bool {
        let Some(device) = self
            .service
            .devices
            .iter_mut()
            .find(|d| d.id == id && matches!(d.registration, Registration::Registered { .. }))
        else {
            return false;
        };
        if let Some(tag) = group_tag {
            device.group_tag = tag;
        }
        if let Some(user) = user {
            device.assigned_user = user;
        }
        true
    }

    /// A user signs in to a device (the test controls: Active from then on).
    pub fn contact(&mut self, id: &str, now: RealTime) -> bool {
        self.service.simulate_sign_in(id, now).is_ok()
    }

    /// `windowsAutopilotSettings/sync`.
    pub fn sync(&mut self, now: RealTime) -> Result<(), SyncRefused> {
        if let Some(last) = self.last_manual_sync {
            if now < last + SYNC_RUNS {
                return Err(SyncRefused::Running);
            }
            if now < last + SYNC_INTERVAL {
                let wait = (last + SYNC_INTERVAL - now).0.max(0) as u64;
                return Err(SyncRefused::TooSoon(wait.div_ceil(1_000)));
            }
        }
        self.last_manual_sync = Some(now);
        self.last_sync = Some(now + SYNC_RUNS);
        Ok(())
    }

    /// When the last sync was asked for and when it finished (`None`: never; the second is
    /// in the future while one runs).
    pub fn sync_times(&self) -> (Option<RealTime>, Option<RealTime>) {
        (self.last_manual_sync, self.last_sync)
    }

    /// `deploymentProfileAssignmentStatus` of a registered device at `now`: a device whose
    /// group tag is not a managed one is in no profile's group (`notAssigned`); the others get
    /// their profile at the first sync that finishes after they were registered (`pending`
    /// until then). The double's model: Intune documents the values, not when each applies.
    pub fn profile_status(&self, device: &Device, now: RealTime) -> &'static str {
        let managed = device
            .group_tag
            .to_ascii_lowercase()
            .starts_with(&autopilot_service::device::MANAGED_GROUP_TAG.to_ascii_lowercase());
        if !managed {
            return "notAssigned";
        }
        let registered = match device.registration {
            autopilot_service::device::Registration::Registered { at } => at,
            _ => return "pending",
        };
        let synced = self
            .last_sync
            .filter(|done| *done <= now)
            .map(|done| self.service.now(done));
        if synced.is_some_and(|done| done >= registered) {
            "assignedInSync"
        } else {
            "pending"
        }
    }

    /// The tenant's clock offset (the devices' last contact is on it).
    pub fn now(&self, real_now: RealTime) -> autopilot_service::device::TenantTime {
        self.service.now(real_now)
    }
}

/// A record id: a GUID, as Graph's.
fn record_id(n: u64) -> String {
    format!(
        "{:08x}-0000-4000-9000-{:012x}",
        0x1a70_0000_u64 + (n >> 48),
        n & 0xFFFF_FFFF_FFFF
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use autopilot_gen::{devices, GenOptions};

    const T0: RealTime = RealTime(1_800_000_000_000);

    fn items(n: usize, seed: u64) -> Vec<ImportItem> {
        devices(
            n,
            &GenOptions {
                seed,
                user_domain: Some("contoso.com".into()),
                hash_len: 600,
                ..GenOptions::default()
            },
        )
        .into_iter()
        .map(|d| ImportItem {
            serial: d.serial,
            product_key: String::new(),
            hash: Some(d.hardware_hash),
            group_tag: "Microsoft365Managed_Autopilot".into(),
            assigned_user: d.assigned_user,
        })
        .collect()
    }

    #[test]
    fn an_import_goes_unknown_pending_then_complete_and_only_then_is_a_device() {
        let mut g = GraphTenant::new(T0, Millis(1_000));
        let records = g.import(items(3, 1), T0);
        assert_eq!(records.len(), 3);
        let status = |g: &GraphTenant, at: RealTime| {
            g.imported()
                .iter()
                .map(|r| g.status(r, at))
                .collect::<Vec<_>>()
        };
        assert_eq!(status(&g, T0), vec![ImportStatus::Unknown; 3]);
        assert_eq!(status(&g, T0 + Millis(600)), vec![ImportStatus::Pending; 3]);
        assert_eq!(
            g.devices().count(),
            0,
            "no device before the import completes"
        );
        g.tick(T0 + Millis(1_000));
        assert_eq!(
            status(&g, T0 + Millis(1_000)),
            vec![ImportStatus::Complete; 3]
        );
        let device = g.device(&records[0].device_id).expect("a device");
        assert_eq!(device.serial, records[0].item.serial);
        assert!(!device.manufacturer.is_empty(), "read from the hash");
        // The records stay until deleted; deleting one leaves the device.
        assert!(g.delete_imported(&records[0].id));
        assert!(!g.delete_imported(&records[0].id));
        assert_eq!(g.imported().len(), 2);
        assert!(g.device(&records[0].device_id).is_some());
    }

    #[test]
    fn refusals_carry_dds_codes_and_leave_no_device() {
        let mut g = GraphTenant::new(T0, Millis(1_000));
        let mut batch = items(2, 2);
        let again = batch[0].clone();
        batch.push(ImportItem {
            hash: Some("bm90IGEgaGFzaA==".into()),
            ..items(1, 3).remove(0)
        });
        batch.push(ImportItem {
            serial: "5CG0CLAIMED1".into(),
            ..items(1, 4).remove(0)
        });
        batch.push(ImportItem {
            serial: "PKONLY-1".into(),
            product_key: "XXXXX-XXXXX-XXXXX-XXXXX-XXXXX".into(),
            hash: None,
            ..ImportItem::default()
        });
        g.import(batch, T0);
        g.tick(T0 + Millis(1_000));
        g.import(vec![again], T0 + Millis(1_000));
        g.tick(T0 + Millis(2_000));
        let codes: Vec<Option<i32>> = g
            .imported()
            .iter()
            .map(|r| match &r.outcome {
                Some(Outcome::Error { code, .. }) => Some(*code),
                _ => None,
            })
            .collect();
        assert_eq!(
            codes,
            vec![None, None, Some(802), Some(808), Some(812), Some(806)]
        );
        assert_eq!(g.devices().count(), 2, "only the two registered");
    }

    #[test]
    fn a_sync_is_refused_while_one_runs_and_within_ten_minutes() {
        let mut g = GraphTenant::new(T0, Millis(1_000));
        assert_eq!(g.sync(T0), Ok(()));
        assert_eq!(g.sync(T0 + Millis(1_000)), Err(SyncRefused::Running));
        assert_eq!(g.sync(T0 + Millis(60_000)), Err(SyncRefused::TooSoon(540)));
        assert_eq!(g.sync(T0 + SYNC_INTERVAL), Ok(()));
    }

    #[test]
    fn a_device_gets_its_profile_at_the_first_sync_after_it_is_registered_if_its_tag_is_managed() {
        let mut g = GraphTenant::new(T0, Millis(1_000));
        let mut sent = items(2, 4);
        sent[1].group_tag = "Sales".into();
        let records = g.import(sent, T0);
        let done = T0 + Millis(1_000);
        g.tick(done);
        let status = |g: &GraphTenant, i: usize, at: RealTime| {
            let device = g.device(&records[i].device_id).expect("registered");
            g.profile_status(device, at)
        };
        assert_eq!(status(&g, 0, done), "pending");
        assert_eq!(
            status(&g, 1, done),
            "notAssigned",
            "no managed tag, no group"
        );
        assert_eq!(g.sync(done), Ok(()));
        assert_eq!(status(&g, 0, done + Millis(1)), "pending", "while it runs");
        assert_eq!(status(&g, 0, done + SYNC_RUNS), "assignedInSync");
        assert_eq!(status(&g, 1, done + SYNC_RUNS), "notAssigned");
        // Autopilot changes no tag by itself: days later (past any midnight) it is still Sales.
        let days_later = done + autopilot_service::device::DAY * 3;
        g.tick(days_later);
        let sales = g.device(&records[1].device_id).expect("registered");
        assert_eq!(sales.group_tag, "Sales");
        assert_eq!(g.profile_status(sales, days_later), "notAssigned");
    }
}
