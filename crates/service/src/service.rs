//! The registration service's rules, deterministic and storage-free: what happens to a submitted
//! device, and the admin actions on registered ones. The portal's embedded backend runs it in the
//! browser; the HTTP server runs the same code, so both behave identically.

use crate::device::{
    Device, DeviceKey, Millis, Profile, RealTime, Registration, RegistrationError, Source,
    TenantTime, DAY, MANAGED_GROUP_TAG,
};
use crate::refusal::Refusal;
use crate::rng::Rng;
use autopilot_hash::hardware_hash;
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};

/// Intune accepts at most this many devices per import request (spec §2).
pub const MAX_BATCH: usize = 500;

/// What the portal needs to know about the tenant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TenantInfo {
    /// Display name of the organisation.
    pub name: String,
    /// Verified domains; Assigned Users must be in one of them.
    pub domains: Vec<String>,
    /// Users' UPNs, for the demo.
    pub users: Vec<String>,
    /// Whether the Kiosk profile is enabled for this tenant.
    pub kiosk_enabled: bool,
}

impl TenantInfo {
    /// The profiles an admin can pick.
    pub fn profiles(&self) -> Vec<Profile> {
        Profile::ALL
            .into_iter()
            .filter(|p| *p != Profile::Kiosk || self.kiosk_enabled)
            .collect()
    }
}

/// Settings of the service itself.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ServiceSettings {
    /// How long a registration stays pending (a few seconds in the demo, near zero in tests).
    pub processing_delay_ms: Millis,
    /// The next this-many registrations fail with Unexpected error (fault injection; 0 = off).
    pub inject_faults: u32,
}

impl Default for ServiceSettings {
    fn default() -> Self {
        ServiceSettings {
            processing_delay_ms: Millis(4_000),
            inject_faults: 0,
        }
    }
}

/// A device as submitted for registration (the Graph import shape, spec §8).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Submission {
    /// Serial number.
    pub serial: String,
    /// Manufacturer (from the hash, or the tuple row).
    pub manufacturer: String,
    /// Model.
    pub model: String,
    /// Assigned user UPN, may be empty.
    pub assigned_user: String,
    /// Base64 hardware hash; `None` for tuple registrations.
    pub hardware_hash: Option<String>,
    /// File and line, for error reports.
    pub source: Option<Source>,
}

/// A device the OEM knows, for tuple (no-hash) registrations.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct CatalogueEntry {
    /// SMBIOS manufacturer.
    pub manufacturer: String,
    /// SMBIOS product name.
    pub model: String,
    /// SMBIOS serial.
    pub serial: String,
}

/// Why an action was refused.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum ActionError {
    /// No device with that id.
    NotFound,
    /// The action is not possible in the device's state; the text says why.
    NotAllowed(String),
    /// The request itself is wrong (too many devices, unknown profile…).
    Invalid(String),
    /// An idempotency key already named a batch of other devices.
    KeyReused,
}

impl std::fmt::Display for ActionError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ActionError::NotFound => f.write_str(&Refusal::NotFound.text()),
            ActionError::NotAllowed(why) | ActionError::Invalid(why) => f.write_str(why),
            ActionError::KeyReused => f.write_str(
                "This Idempotency-Key was used for a different batch. Use a new key for new devices.",
            ),
        }
    }
}

/// Everything the service keeps about a tenant apart from its devices.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TenantState {
    /// Organisation, domains, users, kiosk.
    pub info: TenantInfo,
    /// Serials registered to other organisations (claimed devices).
    pub other_org_serials: Vec<String>,
    /// Devices the OEM knows, for tuple registrations.
    pub oem_catalogue: Vec<CatalogueEntry>,
    /// Delay and fault injection.
    pub settings: ServiceSettings,
    /// How far the demo clock was advanced.
    pub clock_offset: Millis,
    /// Next device number.
    pub next_id: u64,
    /// Next audit event number (missing in tenants stored before the audit log: 0).
    #[serde(default)]
    pub next_audit: u64,
}

/// A tenant's registration service: its state and devices.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Service {
    /// Everything but the devices.
    pub state: TenantState,
    /// The devices, in submission order.
    pub devices: Vec<Device>,
}

impl Service {
    /// An empty tenant.
    pub fn new(info: TenantInfo, settings: ServiceSettings) -> Self {
        Service {
            state: TenantState {
                info,
                other_org_serials: Vec::new(),
                oem_catalogue: Vec::new(),
                settings,
                clock_offset: Millis(0),
                next_id: 1,
                next_audit: 0,
            },
            devices: Vec::new(),
        }
    }

    /// The tenant's clock: real time plus the demo offset.
    pub fn now(&self, real_now: RealTime) -> TenantTime {
        real_now.on_tenant_clock(self.state.clock_offset)
    }

    /// A device by id.
    pub fn device(&self, id: &str) -> Option<&Device> {
        self.devices.iter().find(|d| d.id == id)
    }

    /// The devices with these ids, each once, in the tenant's order (how storage keeps them).
    /// Unknown ids are left out.
    pub fn devices_in_tenant_order(&self, ids: &[String]) -> Vec<&Device> {
        self.find(ids).into_iter().map(|(_, d)| d).collect()
    }

    /// The devices with these ids, each once, in the order asked (how answers list them).
    /// Unknown ids are left out.
    pub fn devices_as_asked(&self, ids: &[String]) -> Vec<&Device> {
        let mut found = self.find(ids);
        found.sort_by_key(|(asked, _)| *asked);
        found.into_iter().map(|(_, d)| d).collect()
    }

    /// The devices with these ids with the index of their first mention, in the tenant's order.
    /// One pass over the tenant, not one search per id: batches are large, tenants larger.
    fn find(&self, ids: &[String]) -> Vec<(usize, &Device)> {
        let mut wanted: HashMap<&str, usize> = HashMap::with_capacity(ids.len());
        for (i, id) in ids.iter().enumerate() {
            wanted.entry(id.as_str()).or_insert(i);
        }
        self.devices
            .iter()
            .filter_map(|d| wanted.get(d.id.as_str()).map(|&i| (i, d)))
            .collect()
    }

    /// Where each of `ids` is in the tenant, in the order asked (`None` for an unknown id). One
    /// pass over the tenant, not one search per id: a selection or "every Ready for user device"
    /// of a large tenant is thousands.
    pub(crate) fn positions(&self, ids: &[String]) -> Vec<Option<usize>> {
        let positions: HashMap<&str, usize> = self
            .devices
            .iter()
            .enumerate()
            .map(|(i, d)| (d.id.as_str(), i))
            .collect();
        ids.iter()
            .map(|id| positions.get(id.as_str()).copied())
            .collect()
    }

    fn device_mut(&mut self, id: &str) -> Result<&mut Device, ActionError> {
        self.devices
            .iter_mut()
            .find(|d| d.id == id)
            .ok_or(ActionError::NotFound)
    }

    pub(crate) fn new_id(&mut self) -> String {
        let n = self.state.next_id;
        self.state.next_id += 1;
        // GUID-shaped like Graph's ids, unique per tenant, and in submission order as text (the
        // server pages by id).
        let tail = (n & 0xFFFF_FFFF_FFFF).to_be_bytes();
        let mut d4 = [0x80, 0, 0, 0, 0, 0, 0, 0];
        d4[2..].copy_from_slice(&tail[2..]);
        uuid::Uuid::from_fields((n >> 16) as u32, (n & 0xFFFF) as u16, 0x4000, &d4).to_string()
    }

    /// Accepts one import batch (at most [`MAX_BATCH`] devices): every device becomes Registration
    /// Pending at once, with the managed group tag. Returns the new devices.
    pub fn submit(
        &mut self,
        batch: Vec<Submission>,
        profile: Profile,
        real_now: RealTime,
    ) -> Result<Vec<Device>, ActionError> {
        if batch.is_empty() {
            return Err(ActionError::Invalid("The batch holds no device.".into()));
        }
        if batch.len() > MAX_BATCH {
            return Err(ActionError::Invalid(format!(
                "A batch holds at most {MAX_BATCH} devices; this one holds {}.",
                batch.len()
            )));
        }
        rules::enabled(&self.state.info, profile)?;
        let now = self.now(real_now);
        let due = self.due(real_now);
        let mut added = Vec::with_capacity(batch.len());
        for s in batch {
            let device = Device {
                id: self.new_id(),
                serial: s.serial,
                manufacturer: s.manufacturer,
                model: s.model,
                assigned_user: s.assigned_user,
                group_tag: MANAGED_GROUP_TAG.to_owned(),
                profile,
                registration: Registration::Pending { due },
                last_seen: None,
                submitted_at: now,
                source: s.source,
                hardware_hash: s.hardware_hash,
            };
            added.push(device.clone());
            self.devices.push(device);
        }
        Ok(added)
    }

    /// Whether something is due at real time `real_now`: a pending registration, or the daily
    /// check for a device that lacks the managed group tag ([`tag_check_due`]).
    pub fn has_due(&self, real_now: RealTime) -> bool {
        let now = self.now(real_now);
        self.devices
            .iter()
            .any(|d| work_due(d).is_some_and(|due| due <= now))
    }

    /// The real time the service next has work for this tenant (a pending registration, a daily
    /// tag check), if any: when storage shared by several processes must next decide something.
    pub fn next_due(&self) -> Option<RealTime> {
        self.devices
            .iter()
            .filter_map(work_due)
            .min()
            .map(|due| RealTime(due.0.saturating_sub(self.state.clock_offset.0)))
    }

    /// Takes in devices stored by another copy of this tenant (another server process, another
    /// tab) since this one was read: each changed one in its place, new ones at the end in the
    /// order given (their submission order), removed ones out.
    pub fn merge_stored(&mut self, changed: Vec<Device>, removed: &HashSet<String>) {
        if !changed.is_empty() {
            let place: HashMap<String, usize> = self
                .devices
                .iter()
                .enumerate()
                .map(|(i, d)| (d.id.clone(), i))
                .collect();
            for device in changed {
                match place.get(&device.id) {
                    Some(&i) => self.devices[i] = device,
                    None => self.devices.push(device),
                }
            }
        }
        if !removed.is_empty() {
            self.devices.retain(|d| !removed.contains(&d.id));
        }
    }

    /// Does what is due at real time `real_now`: the daily tag check, then every pending
    /// registration whose time has come; returns the ids that changed.
    pub fn process_due(&mut self, real_now: RealTime) -> Vec<String> {
        if !self.has_due(real_now) {
            return Vec::new();
        }
        let mut changed = self.check_tags(self.now(real_now));
        changed.extend(self.decide_due(real_now));
        changed
    }

    /// Decides every pending registration whose time has come at `real_now`, without the daily
    /// tag check (a real tenant's Autopilot, which the Graph double plays, never changes a
    /// tag by itself); returns their ids.
    pub fn decide_due(&mut self, real_now: RealTime) -> Vec<String> {
        let now = self.now(real_now);
        let due =
            |d: &Device| matches!(d.registration, Registration::Pending { due } if due <= now);
        if !self.devices.iter().any(due) {
            return Vec::new();
        }
        let mut changed = Vec::new();
        let mut registered: HashSet<DeviceKey> = self
            .devices
            .iter()
            .filter(|d| matches!(d.registration, Registration::Registered { .. }))
            .map(|d| DeviceKey::new(&d.manufacturer, &d.serial))
            .collect();
        let claimed: HashSet<&str> = self
            .state
            .other_org_serials
            .iter()
            .map(|s| s.trim())
            .collect();
        let claimed: HashSet<String> = claimed.into_iter().map(str::to_owned).collect();
        let catalogue: HashSet<CatalogueEntry> = self.state.oem_catalogue.iter().cloned().collect();
        let mut scratch = Vec::new();
        let mut faults = self.state.settings.inject_faults;
        let mut request_rng = Rng::new(self.state.next_id ^ now.0 as u64);
        for device in &mut self.devices {
            let Registration::Pending { due } = device.registration else {
                continue;
            };
            if due > now {
                continue;
            }
            let key = DeviceKey::new(&device.manufacturer, &device.serial);
            let outcome = if faults > 0 {
                faults -= 1;
                Err(RegistrationError::Unexpected {
                    request_id: request_id(&mut request_rng),
                })
            } else {
                decide(device, &registered, &claimed, &catalogue, &mut scratch)
            };
            device.registration = match outcome {
                Ok(()) => {
                    registered.insert(key);
                    device.hardware_hash = None;
                    Registration::Registered { at: now }
                }
                Err(error) => Registration::Failed { error },
            };
            changed.push(device.id.clone());
        }
        self.state.settings.inject_faults = faults;
        changed
    }

    /// The daily check (spec §4): every registered device that lacks the managed group tag at a
    /// midnight (UTC, on the tenant's clock) after its registration gets it. Returns the ids.
    fn check_tags(&mut self, now: TenantTime) -> Vec<String> {
        let mut changed = Vec::new();
        for device in &mut self.devices {
            if tag_check_due(device).is_some_and(|due| due <= now) {
                device.group_tag = MANAGED_GROUP_TAG.to_owned();
                changed.push(device.id.clone());
            }
        }
        changed
    }

    /// Removes a device; refused while its registration is pending.
    pub fn remove(&mut self, id: &str) -> Result<Device, ActionError> {
        let index = self
            .devices
            .iter()
            .position(|d| d.id == id)
            .ok_or(ActionError::NotFound)?;
        rules::remove(&self.devices[index])?;
        Ok(self.devices.remove(index))
    }

    /// Changes a device's profile (the device is re-imaged on its next start).
    pub fn change_profile(&mut self, id: &str, profile: Profile) -> Result<Device, ActionError> {
        rules::enabled(&self.state.info, profile)?;
        let device = self.device_mut(id)?;
        rules::change_profile(device)?;
        device.profile = profile;
        Ok(device.clone())
    }

    /// Submits a failed registration again (its profile must still be enabled).
    pub fn retry(&mut self, id: &str, real_now: RealTime) -> Result<Device, ActionError> {
        let due = self.due(real_now);
        let info = &self.state.info;
        let device = self
            .devices
            .iter_mut()
            .find(|d| d.id == id)
            .ok_or(ActionError::NotFound)?;
        rules::retry(info, device)?;
        device.registration = Registration::Pending { due };
        Ok(device.clone())
    }

    /// When a registration submitted at real time `real_now` is decided.
    pub(crate) fn due(&self, real_now: RealTime) -> TenantTime {
        self.now(real_now) + self.state.settings.processing_delay_ms.at_least_zero()
    }

    /// Demo: the assigned user signs in for the first time (Ready for user → Active), or uses the
    /// device again (Inactive → Active).
    pub fn simulate_sign_in(
        &mut self,
        id: &str,
        real_now: RealTime,
    ) -> Result<Device, ActionError> {
        let now = self.now(real_now);
        let device = self.device_mut(id)?;
        if !device.can_sign_in() {
            return Err(ActionError::NotAllowed(
                Refusal::OnlyRegisteredSignIn.text(),
            ));
        }
        device.last_seen = Some(now);
        Ok(device.clone())
    }

    /// Demo: [`Service::simulate_sign_in`] on several devices, all or none: refused without any
    /// change when one of them cannot be signed in to.
    pub fn simulate_sign_in_all(
        &mut self,
        ids: &[String],
        real_now: RealTime,
    ) -> Result<Vec<Device>, ActionError> {
        let at: Vec<usize> = self
            .positions(ids)
            .into_iter()
            .map(|at| at.ok_or(ActionError::NotFound))
            .collect::<Result<_, _>>()?;
        if let Some(&i) = at.iter().find(|&&i| !self.devices[i].can_sign_in()) {
            return Err(ActionError::NotAllowed(
                Refusal::NotRegisteredYet(self.devices[i].serial.clone()).text(),
            ));
        }
        let now = self.now(real_now);
        Ok(at
            .into_iter()
            .map(|i| {
                self.devices[i].last_seen = Some(now);
                self.devices[i].clone()
            })
            .collect())
    }

    /// Demo: moves the tenant's clock forward (Active devices become Inactive after 7 days).
    pub fn advance_clock(&mut self, by: Millis) {
        self.state.clock_offset += by.at_least_zero();
    }

    /// Number of devices in each state, in [`crate::device::DeviceState::ALL`] order.
    pub fn counts(&self, real_now: RealTime) -> [usize; 5] {
        crate::device::counts(&self.devices, self.now(real_now))
    }
}

/// The rules of the admin actions on one device, shared by the actions on one device and on many
/// (`crate::bulk`): each says why an action is refused, or lets it run.
pub(crate) mod rules {
    use super::{ActionError, TenantInfo};
    use crate::device::{Device, Profile};
    use crate::refusal::Refusal;

    /// A profile the admin may give devices.
    pub fn enabled(info: &TenantInfo, profile: Profile) -> Result<(), ActionError> {
        if info.profiles().contains(&profile) {
            Ok(())
        } else {
            Err(ActionError::Invalid(
                Refusal::ProfileNotEnabled(profile).text(),
            ))
        }
    }

    /// Removing: not while pending.
    pub fn remove(device: &Device) -> Result<(), ActionError> {
        if device.can_remove() {
            Ok(())
        } else {
            Err(ActionError::NotAllowed(Refusal::PendingRemove.text()))
        }
    }

    /// Changing the profile: not while pending (the registration uses it).
    pub fn change_profile(device: &Device) -> Result<(), ActionError> {
        if device.can_change_profile() {
            Ok(())
        } else {
            Err(ActionError::NotAllowed(Refusal::PendingProfile.text()))
        }
    }

    /// Assigning a user: not while pending (the registration carries the user it was sent with).
    pub fn assign_user(device: &Device) -> Result<(), ActionError> {
        if device.can_assign_user() {
            Ok(())
        } else {
            Err(ActionError::NotAllowed(Refusal::PendingUser.text()))
        }
    }

    /// Retrying: only a failed registration, and only with a profile still enabled.
    pub fn retry(info: &TenantInfo, device: &Device) -> Result<(), ActionError> {
        if !info.profiles().contains(&device.profile) {
            return Err(ActionError::Invalid(
                Refusal::ProfileNoLongerEnabled(device.profile).text(),
            ));
        }
        if device.can_retry() {
            Ok(())
        } else {
            Err(ActionError::NotAllowed(Refusal::OnlyFailedRetried.text()))
        }
    }
}

/// The service's decision for one device, in the real service's order.
/// When the daily check next runs for `device`, if it lacks the managed group tag: the first
/// midnight (UTC, on the tenant's clock) after its registration. The check runs every midnight,
/// so a device registered without the tag (or seeded so) has it from then on; the portal never
/// takes a tag away, so that is the only midnight that can find it missing. `None` when the
/// device is not registered or has the tag.
pub fn tag_check_due(device: &Device) -> Option<TenantTime> {
    match device.registration {
        Registration::Registered { at }
            if !device.group_tag.eq_ignore_ascii_case(MANAGED_GROUP_TAG) =>
        {
            Some(TenantTime((at.0.div_euclid(DAY.0) + 1) * DAY.0))
        }
        _ => None,
    }
}

/// When the service next has work for `device`: its registration's decision, or its tag check.
fn work_due(device: &Device) -> Option<TenantTime> {
    match device.registration {
        Registration::Pending { due } => Some(due),
        _ => tag_check_due(device),
    }
}

fn decide(
    device: &Device,
    registered: &HashSet<DeviceKey>,
    claimed: &HashSet<String>,
    catalogue: &HashSet<CatalogueEntry>,
    scratch: &mut Vec<u8>,
) -> Result<(), RegistrationError> {
    match &device.hardware_hash {
        Some(hash) => {
            let info = hardware_hash::decode(hash.trim(), scratch)
                .map_err(|_| RegistrationError::HardwareHashNotValid)?;
            if info.padding_fixed {
                // Graph refuses an unpadded hash (HTTP 400); the portal pads before sending.
                return Err(RegistrationError::HardwareHashNotValid);
            }
        }
        None => {
            let entry = CatalogueEntry {
                manufacturer: device.manufacturer.clone(),
                model: device.model.clone(),
                serial: device.serial.clone(),
            };
            if !catalogue.contains(&entry) {
                return Err(RegistrationError::DeviceNotFound);
            }
        }
    }
    if claimed.contains(device.serial.trim()) {
        return Err(RegistrationError::ClaimedByAnotherOrganization);
    }
    if registered.contains(&DeviceKey::new(&device.manufacturer, &device.serial)) {
        return Err(RegistrationError::AlreadyRegistered);
    }
    Ok(())
}

/// A GUID-shaped request id for an Unexpected error, from `rng`.
pub(crate) fn request_id(rng: &mut Rng) -> String {
    let mut bytes = [0u8; 16];
    bytes[..8].copy_from_slice(&rng.next_u64().to_le_bytes());
    bytes[8..].copy_from_slice(&rng.next_u64().to_le_bytes());
    uuid::Builder::from_random_bytes(bytes)
        .into_uuid()
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::{Millis, RealTime, TenantTime};

    /// Real time `r` on a tenant clock that was never advanced.
    fn t(r: RealTime) -> TenantTime {
        r.on_tenant_clock(Millis(0))
    }
    use crate::demo::fleet::{self, GenOptions};
    use crate::demo::{demo, DEMO_CLAIMED_SERIALS};
    use crate::device::DeviceState;
    use crate::device::DAY;

    const NOW: RealTime = RealTime(1_800_000_000_000);

    fn service() -> Service {
        let mut s = demo(
            NOW,
            ServiceSettings {
                processing_delay_ms: Millis(1_000),
                inject_faults: 0,
            },
        );
        s.devices.clear();
        s
    }

    /// `n` devices as the portal submits them after reading `f.csv` (header on line 1).
    fn submissions(n: usize, seed: u64) -> Vec<Submission> {
        let options = GenOptions {
            seed,
            hash_len: 600,
            ..GenOptions::default()
        };
        fleet::submissions(n, &options, "f.csv")
    }

    fn state_of(s: &Service, id: &str, real_now: RealTime) -> DeviceState {
        s.device(id)
            .map(|d| d.state(s.now(real_now)))
            .expect("device")
    }

    #[test]
    fn ids_are_guids_in_submission_order() {
        let mut s = service();
        let mut ids = Vec::new();
        for n in [1u64, 2, 0xFFFF, 0x1_0000, 0x1234_5678_9ABC] {
            s.state.next_id = n;
            let id = s.new_id();
            // As every id this service ever gave (stored ones included).
            let expected = format!("{:08x}-{:04x}-4000-8000-{:012x}", n >> 16, n & 0xFFFF, n);
            assert_eq!(id, expected);
            ids.push(id);
        }
        assert!(ids.windows(2).all(|w| w[0] < w[1]), "{ids:?}");
        let mut rng = Rng::new(7);
        let request = request_id(&mut rng);
        assert_eq!(request.len(), 36);
        assert_eq!(&request[14..15], "4", "a version 4 GUID: {request}");
    }

    #[test]
    fn submitted_devices_are_pending_then_ready_with_the_managed_tag() {
        let mut s = service();
        let added = s
            .submit(submissions(3, 1), Profile::SensitiveData, NOW)
            .expect("submitted");
        assert_eq!(added.len(), 3);
        for d in &added {
            assert_eq!(d.state(t(NOW)), DeviceState::RegistrationPending);
            assert_eq!(d.group_tag, MANAGED_GROUP_TAG);
            assert_eq!(d.profile, Profile::SensitiveData);
            assert_eq!(
                d.source.as_ref().map(|s| s.line),
                Some(added.iter().position(|x| x.id == d.id).unwrap_or(0) as u32 + 2)
            );
        }
        assert!(
            s.process_due(NOW + Millis(999)).is_empty(),
            "not before the delay"
        );
        assert_eq!(s.next_due(), Some(NOW + Millis(1_000)), "in real time");
        assert!(!s.has_due(NOW + Millis(999)));
        s.advance_clock(Millis(400));
        assert_eq!(
            s.next_due(),
            Some(NOW + Millis(600)),
            "the demo clock brings it forward"
        );
        assert!(s.has_due(NOW + Millis(600)));
        s.state.clock_offset = Millis(0);
        assert_eq!(s.process_due(NOW + Millis(1_000)).len(), 3);
        assert_eq!(s.next_due(), None, "nothing pending");
        for d in &added {
            assert_eq!(
                state_of(&s, &d.id, NOW + Millis(1_000)),
                DeviceState::ReadyForUser
            );
            assert!(
                s.device(&d.id)
                    .and_then(|d| d.hardware_hash.as_ref())
                    .is_none(),
                "hash dropped once registered"
            );
        }
    }

    #[test]
    fn outcomes_are_decided_as_the_real_service_does() {
        let mut s = service();
        let mut batch = submissions(5, 2);
        batch[0].hardware_hash = Some("T0Enot-a-hash".into());
        batch[1].serial = DEMO_CLAIMED_SERIALS[0].into();
        batch[2].hardware_hash = None; // tuple row that the OEM does not know
        let known = s.state.oem_catalogue[0].clone();
        batch[3] = Submission {
            serial: known.serial,
            manufacturer: known.manufacturer,
            model: known.model,
            assigned_user: String::new(),
            hardware_hash: None,
            source: None,
        };
        let added = s.submit(batch, Profile::Standard, NOW).expect("ok");
        s.process_due(NOW + Millis(1_000));
        let error = |i: usize| s.device(&added[i].id).and_then(|d| d.error().cloned());
        assert_eq!(error(0), Some(RegistrationError::HardwareHashNotValid));
        assert_eq!(
            error(1),
            Some(RegistrationError::ClaimedByAnotherOrganization)
        );
        assert_eq!(error(2), Some(RegistrationError::DeviceNotFound));
        assert_eq!(error(3), None, "a catalogue tuple registers");
        assert_eq!(error(4), None);

        // The same device again: already registered.
        let again = submissions(5, 2).into_iter().nth(4).expect("device");
        let added = s
            .submit(vec![again], Profile::Standard, NOW + Millis(2_000))
            .expect("ok");
        s.process_due(NOW + Millis(3_000));
        assert_eq!(
            s.device(&added[0].id).and_then(|d| d.error().cloned()),
            Some(RegistrationError::AlreadyRegistered)
        );
    }

    #[test]
    fn fault_injection_gives_unexpected_errors_with_request_ids_then_stops() {
        let mut s = service();
        s.state.settings.inject_faults = 1;
        let added = s
            .submit(submissions(2, 3), Profile::Standard, NOW)
            .expect("ok");
        s.process_due(NOW + Millis(1_000));
        match s.device(&added[0].id).and_then(|d| d.error().cloned()) {
            Some(RegistrationError::Unexpected { request_id }) => assert_eq!(request_id.len(), 36),
            other => panic!("expected unexpected error, got {other:?}"),
        }
        assert_eq!(
            state_of(&s, &added[1].id, NOW + Millis(1_000)),
            DeviceState::ReadyForUser
        );
        // Retrying the failed one succeeds now that the fault is spent.
        s.retry(&added[0].id, NOW + Millis(2_000)).expect("retry");
        assert_eq!(
            state_of(&s, &added[0].id, NOW + Millis(2_000)),
            DeviceState::RegistrationPending
        );
        s.process_due(NOW + Millis(3_000));
        assert_eq!(
            state_of(&s, &added[0].id, NOW + Millis(3_000)),
            DeviceState::ReadyForUser
        );
    }

    #[test]
    fn admin_actions_respect_the_state() {
        let mut s = service();
        let added = s
            .submit(submissions(1, 4), Profile::Standard, NOW)
            .expect("ok");
        let id = added[0].id.clone();
        assert!(
            matches!(s.remove(&id), Err(ActionError::NotAllowed(_))),
            "not while pending"
        );
        assert!(matches!(
            s.change_profile(&id, Profile::PowerUser),
            Err(ActionError::NotAllowed(_))
        ));
        assert!(matches!(s.retry(&id, NOW), Err(ActionError::NotAllowed(_))));
        s.process_due(NOW + Millis(1_000));
        assert_eq!(
            s.change_profile(&id, Profile::PowerUser).map(|d| d.profile),
            Ok(Profile::PowerUser)
        );
        s.simulate_sign_in(&id, NOW + Millis(2_000))
            .expect("sign in");
        assert_eq!(state_of(&s, &id, NOW + Millis(2_000)), DeviceState::Active);
        s.advance_clock(DAY * 8);
        assert_eq!(
            state_of(&s, &id, NOW + Millis(2_000)),
            DeviceState::Inactive
        );
        assert!(s.remove(&id).is_ok());
        assert_eq!(s.remove(&id), Err(ActionError::NotFound));
    }

    #[test]
    fn the_daily_check_gives_the_managed_tag_at_the_next_midnight_and_the_demo_clock_shows_it() {
        let mut s = demo(NOW, ServiceSettings::default());
        let untagged = |s: &Service| {
            s.devices
                .iter()
                .filter(|d| d.group_tag != MANAGED_GROUP_TAG)
                .map(|d| d.id.clone())
                .collect::<Vec<_>>()
        };
        let missing = untagged(&s);
        assert_eq!(
            missing.len(),
            2,
            "the demo has two devices the check has not seen"
        );
        assert!(missing
            .iter()
            .all(|id| state_of(&s, id, NOW) == DeviceState::ReadyForUser));
        // NOW is 20833 days and 11 h 20 min after the epoch: the check runs at the next midnight.
        let midnight = RealTime((NOW.0 / DAY.0 + 1) * DAY.0);
        assert_eq!(s.next_due(), Some(midnight));
        assert!(!s.has_due(midnight - Millis(1)));
        assert!(s.process_due(midnight - Millis(1)).is_empty());
        // Moving the demo clock a day on brings the midnight past.
        s.advance_clock(DAY);
        assert!(s.has_due(NOW));
        let mut changed = s.process_due(NOW);
        changed.sort();
        assert_eq!(changed, missing);
        assert!(untagged(&s).is_empty());
        assert_eq!(s.next_due(), None, "nothing left to do");

        // A failed or pending device is no managed device yet: nothing to check.
        let mut pending = s.devices[0].clone();
        pending.group_tag.clear();
        pending.registration = Registration::Pending { due: t(NOW) };
        assert_eq!(tag_check_due(&pending), None);
        pending.registration = Registration::Failed {
            error: RegistrationError::DeviceNotFound,
        };
        assert_eq!(tag_check_due(&pending), None);
        // Registered exactly at a midnight: the next one.
        pending.registration = Registration::Registered {
            at: TenantTime(DAY.0 * 3),
        };
        assert_eq!(tag_check_due(&pending), Some(TenantTime(DAY.0 * 4)));
    }

    #[test]
    fn signing_in_on_several_devices_is_all_or_none() {
        let mut s = service();
        let added = s
            .submit(submissions(3, 7), Profile::Standard, NOW)
            .expect("ok");
        let ids: Vec<String> = added.iter().map(|d| d.id.clone()).collect();
        s.process_due(NOW + Millis(1_000));
        let pending = s
            .submit(submissions(1, 8), Profile::Standard, NOW + Millis(1_000))
            .expect("ok");
        let with_pending = vec![ids[0].clone(), pending[0].id.clone()];
        let before = s.clone();
        assert!(matches!(
            s.simulate_sign_in_all(&with_pending, NOW + Millis(1_000)),
            Err(ActionError::NotAllowed(_))
        ));
        assert_eq!(s, before, "nothing changed by a refused request");
        let signed = s
            .simulate_sign_in_all(&ids[..2], NOW + Millis(2_000))
            .expect("signed in");
        assert_eq!(signed.len(), 2);
        for id in &ids[..2] {
            assert_eq!(state_of(&s, id, NOW + Millis(2_000)), DeviceState::Active);
        }
    }

    #[test]
    fn batches_are_bounded_and_profiles_checked() {
        let mut s = service();
        let many = vec![submissions(1, 5)[0].clone(); MAX_BATCH + 1];
        assert!(matches!(
            s.submit(many, Profile::Standard, NOW),
            Err(ActionError::Invalid(_))
        ));
        assert!(matches!(
            s.submit(Vec::new(), Profile::Standard, NOW),
            Err(ActionError::Invalid(_))
        ));
        s.state.info.kiosk_enabled = false;
        assert!(matches!(
            s.submit(submissions(1, 6), Profile::Kiosk, NOW),
            Err(ActionError::Invalid(_))
        ));
        assert!(s.devices.is_empty(), "nothing added by a refused batch");
    }

    #[test]
    fn demo_tenant_has_every_state_but_pending_and_round_trips_as_json() {
        let s = demo(NOW, ServiceSettings::default());
        let counts = s.counts(NOW);
        assert_eq!(counts[0], 0);
        assert!(counts[1..].iter().all(|&c| c >= 5), "{counts:?}");
        for d in &s.devices {
            if let (Registration::Registered { at }, Some(seen)) = (&d.registration, d.last_seen) {
                assert!(
                    seen >= *at,
                    "{} last seen before it was registered",
                    d.serial
                );
            }
        }
        let json = serde_json::to_string(&s).expect("json");
        let back: Service = serde_json::from_str(&json).expect("parse");
        assert_eq!(back, s);
    }
}
