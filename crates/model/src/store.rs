//! The device store's rules, without signals (the way leptos' `todomvc` keeps `Todos`): the list
//! of devices and how answers change it, which answers arrive too late to count, the batches and
//! keys of a registration, the requests waiting to be sent again. `src/store/` wraps these in
//! signals and runs the backend calls.

use crate::backend::{Refreshed, Waiting};
use autopilot_i18n::{t, Lang};
use autopilot_reader::ImportedDevice;
use autopilot_service::bulk::{BulkOutcome, BulkResult};
use autopilot_service::device::{Device, DeviceState, Profile, Registration, TenantTime};
use autopilot_service::service::{Submission, MAX_BATCH};
use std::collections::{HashMap, HashSet};

/// The tenant's devices as the portal shows them, in the backend's order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DeviceList {
    devices: Vec<Device>,
}

impl DeviceList {
    /// A list of these devices (a full snapshot).
    pub fn new(devices: Vec<Device>) -> Self {
        DeviceList { devices }
    }

    /// Every device.
    pub fn as_slice(&self) -> &[Device] {
        &self.devices
    }

    /// How many devices.
    pub fn len(&self) -> usize {
        self.devices.len()
    }

    /// Whether there is none.
    pub fn is_empty(&self) -> bool {
        self.devices.is_empty()
    }

    /// The device `id`.
    pub fn get(&self, id: &str) -> Option<&Device> {
        self.devices.iter().find(|d| d.id == id)
    }

    /// Replaces devices by id and appends the new ones; the rest stay as they are.
    pub fn upsert(&mut self, changed: Vec<Device>) {
        if changed.is_empty() {
            return;
        }
        let index: HashMap<String, usize> = self
            .devices
            .iter()
            .enumerate()
            .map(|(i, d)| (d.id.clone(), i))
            .collect();
        for device in changed {
            match index.get(&device.id) {
                Some(&i) => self.devices[i] = device,
                None => self.devices.push(device),
            }
        }
    }

    /// Takes a device out; `false` when it was not there.
    pub fn remove(&mut self, id: &str) -> bool {
        let before = self.devices.len();
        self.devices.retain(|d| d.id != id);
        self.devices.len() != before
    }

    /// Takes in the answer to a bulk change: changed devices replace theirs, removed ones go
    /// (in one pass, keeping the order).
    pub fn apply_bulk(&mut self, results: &[BulkResult]) {
        let mut removed = HashSet::new();
        let mut changed = Vec::new();
        for result in results {
            match &result.outcome {
                BulkOutcome::Changed(d) | BulkOutcome::Unchanged(d) => changed.push(d.clone()),
                BulkOutcome::Removed => {
                    removed.insert(result.id.as_str());
                }
                BulkOutcome::Refused(_) => {}
            }
        }
        if !removed.is_empty() {
            self.devices.retain(|d| !removed.contains(d.id.as_str()));
        }
        self.upsert(changed);
    }

    /// The pending devices whose processing time has come at tenant time `now`: the ones to ask
    /// the backend about.
    pub fn due(&self, now: TenantTime) -> Vec<String> {
        self.devices
            .iter()
            .filter(|d| matches!(d.registration, Registration::Pending { due } if due <= now))
            .map(|d| d.id.clone())
            .collect()
    }

    /// The ids of the devices in `state` at tenant time `now`.
    pub fn ids_in(&self, state: DeviceState, now: TenantTime) -> Vec<String> {
        self.devices
            .iter()
            .filter(|d| d.state(now) == state)
            .map(|d| d.id.clone())
            .collect()
    }

    /// Takes in the answer about the devices `asked` for. Asked for and not read back means
    /// removed meanwhile (another admin, a demo reset): keeping them would show them pending for
    /// ever. Those that exist but cannot be read leave the table too; their lines are returned so
    /// they are listed, never dropped without a word.
    pub fn followed(&mut self, asked: &[String], refreshed: Refreshed) -> Vec<String> {
        let readable: HashSet<&str> = refreshed.devices.iter().map(|d| d.id.as_str()).collect();
        let leaving: HashSet<&str> = asked
            .iter()
            .map(String::as_str)
            .filter(|id| !readable.contains(id))
            .collect();
        if !leaving.is_empty() {
            self.devices.retain(|d| !leaving.contains(d.id.as_str()));
        }
        self.upsert(refreshed.devices);
        refreshed
            .unreadable
            .into_iter()
            .map(|(_, why)| why)
            .collect()
    }
}

/// Identifies when an answer was asked for, against the full snapshots shown since.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ticket(u64);

/// Which answers still count. A full snapshot replaces the list, so an answer asked for before
/// the latest snapshot is dropped (a late answer never brings back what a reset or reload
/// replaced); devices registered while a reload runs are kept over its snapshot, which may
/// predate them.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Freshness {
    snapshots: u64,
    reloading: bool,
    registered_during_load: Vec<Device>,
}

impl Freshness {
    /// Starts a full reload; `None` when one is running already (one at a time).
    pub fn start_reload(&mut self) -> Option<Ticket> {
        if self.reloading {
            return None;
        }
        self.reloading = true;
        self.registered_during_load.clear();
        Some(self.ticket())
    }

    /// The reload has its answer, whatever it is.
    pub fn reload_answered(&mut self) {
        self.reloading = false;
    }

    /// Whether a reload is running.
    pub fn is_reloading(&self) -> bool {
        self.reloading
    }

    /// A ticket for a request asked now.
    pub fn ticket(&self) -> Ticket {
        Ticket(self.snapshots)
    }

    /// Whether an answer asked with `ticket` may still be shown.
    pub fn is_current(&self, ticket: Ticket) -> bool {
        ticket.0 == self.snapshots
    }

    /// Devices the backend accepted now; kept if a reload is running.
    pub fn registered(&mut self, added: &[Device]) {
        if self.reloading {
            self.registered_during_load.extend_from_slice(added);
        }
    }

    /// A full snapshot is shown now: every earlier ticket is out of date. Returns the devices
    /// registered meanwhile, to put back over the snapshot.
    pub fn snapshot_shown(&mut self) -> Vec<Device> {
        self.snapshots += 1;
        std::mem::take(&mut self.registered_during_load)
    }
}

/// Why the table may be out of date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stale {
    /// What failed, in words an admin can act on.
    pub why: String,
    /// It was following pending devices that failed (a later poll that works clears it); a
    /// failed full reload is only cleared by a reload that works.
    pub from_poll: bool,
}

impl Stale {
    /// Whether a poll that worked clears it.
    pub fn cleared_by_poll(stale: &Option<Stale>) -> bool {
        stale.as_ref().is_some_and(|s| s.from_poll)
    }
}

/// One batch of a registration: the devices as the service takes them, and its idempotency key.
/// Batch `i` holds devices `i * MAX_BATCH..`, as [`outcome`] counts them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Batch {
    /// The devices, at most [`MAX_BATCH`].
    pub devices: Vec<Submission>,
    /// Its idempotency key: the session plus a digest of the batch, so submitting the rest again
    /// from the same fly-in (after an answer was lost) sends the same key for the same batch and
    /// the service answers what it registered the first time.
    pub key: String,
}

/// A registration of `devices` with `profile`, in batches of at most [`MAX_BATCH`].
pub fn batches(devices: &[ImportedDevice], profile: Profile, session: &str) -> Vec<Batch> {
    devices
        .chunks(MAX_BATCH)
        .map(|chunk| {
            let devices: Vec<Submission> = chunk.iter().map(Submission::from).collect();
            let key = format!("{session}-{:016x}", batch_digest(profile, &devices));
            Batch { devices, key }
        })
        .collect()
}

/// How one batch of a registration ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BatchEnd {
    /// The service took this many devices.
    Accepted(usize),
    /// The service refused it, for this reason.
    Refused(String),
    /// It was not sent: an earlier batch was refused.
    NotSent,
}

/// What a registration whose batches ended as `ends` (in batch order, one per batch of
/// [`batches`]) submitted, and, when one was refused, the first refusal (in batch order) with
/// every device not accepted, in file order, to hand back to the admin. Batches sent side by side
/// can end in any order: one accepted after an earlier one was refused still counts.
pub fn outcome(
    devices: &[ImportedDevice],
    ends: &[BatchEnd],
    lang: Lang,
) -> (usize, Option<(String, Vec<ImportedDevice>)>) {
    let mut submitted = 0;
    let mut why = None;
    let mut rest = Vec::new();
    for (chunk, end) in devices.chunks(MAX_BATCH).zip(ends) {
        match end {
            BatchEnd::Accepted(n) => submitted += n,
            BatchEnd::Refused(reason) => {
                why.get_or_insert_with(|| reason.clone());
                rest.extend_from_slice(chunk);
            }
            BatchEnd::NotSent => rest.extend_from_slice(chunk),
        }
    }
    let unanswered = devices.chunks(MAX_BATCH).skip(ends.len());
    rest.extend(unanswered.flatten().cloned());
    let failed = match why {
        Some(why) => Some((why, rest)),
        None if !rest.is_empty() => Some((t!(lang, "submission-stopped"), rest)),
        None => None,
    };
    (submitted, failed)
}

/// FNV-1a over what a batch asks for: the profile and each device's file, line and serial.
fn batch_digest(profile: Profile, batch: &[Submission]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let mut eat = |bytes: &[u8]| {
        for &b in bytes.iter().chain([0xff].iter()) {
            hash = (hash ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3);
        }
    };
    eat(profile.id().as_bytes());
    for device in batch {
        if let Some(source) = &device.source {
            eat(source.file.as_bytes());
            eat(&source.line.to_le_bytes());
        }
        eat(device.serial.as_bytes());
    }
    hash
}

/// Requests waiting to be sent again, by request number (see [`crate::backend::WaitObserver`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Waits(Vec<(u64, Waiting)>);

impl Waits {
    /// Request `request` waits (`Some`) or is done waiting (`None`).
    pub fn observe(&mut self, request: u64, wait: Option<Waiting>) {
        self.0.retain(|(r, _)| *r != request);
        if let Some(wait) = wait {
            self.0.push((request, wait));
        }
    }

    /// The wait to show: the latest; when it is over, the one before it, if still waiting.
    pub fn shown(&self) -> Option<&Waiting> {
        self.0.last().map(|(_, w)| w)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::backend::WaitReason;
    use autopilot_service::demo::demo;
    use autopilot_service::device::{Millis, RealTime, TenantTime};
    use autopilot_service::service::ServiceSettings;

    const NOW: RealTime = RealTime(1_800_000_000_000);
    const T: TenantTime = TenantTime(1_800_000_000_000);

    fn tenant() -> Vec<Device> {
        demo(NOW, ServiceSettings::default()).devices
    }

    fn pending(id: &str, due: TenantTime) -> Device {
        Device {
            id: id.into(),
            registration: Registration::Pending { due },
            ..tenant()[0].clone()
        }
    }

    #[test]
    fn upsert_replaces_in_place_and_appends_the_new() {
        let devices = tenant();
        let mut list = DeviceList::new(devices[..3].to_vec());
        let mut changed = devices[1].clone();
        changed.assigned_user = "new@contoso.com".into();
        list.upsert(vec![changed.clone(), devices[5].clone()]);
        let ids: Vec<&str> = list.as_slice().iter().map(|d| d.id.as_str()).collect();
        assert_eq!(
            ids,
            [
                &devices[0].id,
                &devices[1].id,
                &devices[2].id,
                &devices[5].id
            ]
        );
        assert_eq!(list.get(&devices[1].id), Some(&changed));
        assert!(list.remove(&devices[0].id));
        assert!(!list.remove(&devices[0].id));
        assert_eq!(list.len(), 3);
    }

    #[test]
    fn a_bulk_answer_replaces_the_changed_drops_the_removed_and_keeps_the_order() {
        use autopilot_service::bulk::{BulkOutcome, BulkResult};
        use autopilot_service::service::ActionError;
        let devices = tenant();
        let mut list = DeviceList::new(devices[..5].to_vec());
        let mut changed = devices[3].clone();
        changed.assigned_user = "adele@contoso.com".into();
        let result = |id: &str, outcome| BulkResult {
            id: id.into(),
            outcome,
        };
        list.apply_bulk(&[
            result(&devices[0].id, BulkOutcome::Removed),
            result(&devices[3].id, BulkOutcome::Changed(changed.clone())),
            result(&devices[2].id, BulkOutcome::Removed),
            result(&devices[4].id, BulkOutcome::Refused(ActionError::NotFound)),
        ]);
        let ids: Vec<&str> = list.as_slice().iter().map(|d| d.id.as_str()).collect();
        assert_eq!(ids, [&devices[1].id, &devices[3].id, &devices[4].id]);
        assert_eq!(list.get(&devices[3].id), Some(&changed));
    }

    #[test]
    fn only_pending_devices_whose_time_has_come_are_followed() {
        let mut list = DeviceList::new(tenant());
        list.upsert(vec![pending("p1", T), pending("p2", T + Millis(1))]);
        assert_eq!(list.due(T), ["p1"]);
        assert_eq!(list.due(T + Millis(1)), ["p1", "p2"]);
        assert!(DeviceList::new(tenant()).due(T).is_empty());
    }

    #[test]
    fn a_followed_device_not_read_back_leaves_and_an_unreadable_one_is_named() {
        let mut list = DeviceList::new(tenant());
        list.upsert(vec![pending("p1", T), pending("p2", T), pending("p3", T)]);
        let done = Device {
            registration: Registration::Registered { at: T },
            ..pending("p1", T)
        };
        let asked = vec!["p1".to_owned(), "p2".to_owned(), "p3".to_owned()];
        let lines = list.followed(
            &asked,
            Refreshed {
                devices: vec![done.clone()],
                unreadable: vec![("p3".into(), "device p3: unknown state".into())],
            },
        );
        assert_eq!(lines, ["device p3: unknown state"]);
        assert_eq!(list.get("p1"), Some(&done));
        assert_eq!(list.get("p2"), None, "removed meanwhile");
        assert_eq!(list.get("p3"), None, "unreadable: listed, not shown");
        assert_eq!(list.len(), tenant().len() + 1);
    }

    #[test]
    fn answers_asked_before_a_snapshot_are_dropped() {
        let mut f = Freshness::default();
        let poll = f.ticket();
        let reload = f.start_reload().expect("first reload");
        assert_eq!(f.start_reload(), None, "one reload at a time");
        f.reload_answered();
        assert!(f.is_current(reload));
        f.snapshot_shown();
        assert!(
            !f.is_current(poll),
            "the poll's answer predates the snapshot"
        );
        assert!(f.is_current(f.ticket()));
    }

    #[test]
    fn devices_registered_during_a_reload_survive_its_snapshot() {
        let devices = tenant();
        let mut f = Freshness::default();
        f.registered(&devices[..1]);
        assert!(f.snapshot_shown().is_empty(), "not reloading: nothing kept");
        f.start_reload().expect("reload");
        f.registered(&devices[1..3]);
        f.reload_answered();
        assert_eq!(f.snapshot_shown(), devices[1..3].to_vec());
        assert!(f.snapshot_shown().is_empty(), "kept once");
    }

    #[test]
    fn a_stale_banner_from_a_poll_is_cleared_by_a_poll_a_failed_reload_is_not() {
        let poll = Some(Stale {
            why: "x".into(),
            from_poll: true,
        });
        let reload = Some(Stale {
            why: "x".into(),
            from_poll: false,
        });
        assert!(Stale::cleared_by_poll(&poll));
        assert!(!Stale::cleared_by_poll(&reload));
        assert!(!Stale::cleared_by_poll(&None));
    }

    fn imported(n: usize) -> Vec<ImportedDevice> {
        (0..n)
            .map(|i| ImportedDevice {
                file: "a.csv".into(),
                line: i as u32 + 2,
                serial: format!("S{i}"),
                manufacturer: "HP".into(),
                model: String::new(),
                group_tag: String::new(),
                assigned_user: String::new(),
                hardware_hash: None,
            })
            .collect()
    }

    #[test]
    fn a_registration_goes_in_batches_of_500_whose_keys_repeat_for_the_same_devices() {
        let devices = imported(1_201);
        let all = batches(&devices, Profile::Standard, "s1");
        let sizes: Vec<usize> = all.iter().map(|b| b.devices.len()).collect();
        assert_eq!(sizes, [500, 500, 201]);
        assert_eq!(all[2].devices[0].serial, "S1000");
        assert_eq!(all[1].devices[0].serial, "S500");
        // The rest submitted again from the same fly-in: the same keys for the same batches.
        let rest = batches(&devices[500..], Profile::Standard, "s1");
        assert_eq!(rest[0].key, all[1].key);
        assert_eq!(rest[1].key, all[2].key);
        let keys: HashSet<&str> = all.iter().map(|b| b.key.as_str()).collect();
        assert_eq!(keys.len(), 3, "every batch has its own key");
        assert_ne!(batches(&devices, Profile::Kiosk, "s1")[0].key, all[0].key);
        assert_ne!(
            batches(&devices, Profile::Standard, "s2")[0].key,
            all[0].key
        );
        assert!(all[0].key.starts_with("s1-"));
    }

    #[test]
    fn batches_sent_side_by_side_hand_back_every_device_not_accepted_in_order() {
        let devices = imported(1_701);
        let all = batches(&devices, Profile::Standard, "s1");
        let accepted = [500, 500, 500, 201].map(BatchEnd::Accepted);
        assert_eq!(outcome(&devices, &accepted, Lang::En), (1_701, None));
        // Batch 2 refused while 3 was on its way and accepted; 4 never sent.
        let ends = [
            BatchEnd::Accepted(500),
            BatchEnd::Refused("Busy.".into()),
            BatchEnd::Accepted(500),
            BatchEnd::NotSent,
        ];
        let (submitted, failed) = outcome(&devices, &ends, Lang::En);
        assert_eq!(submitted, 1_000);
        let (why, rest) = failed.expect("a refusal hands devices back");
        assert_eq!(why, "Busy.");
        assert_eq!(rest.len(), 500 + 201);
        assert_eq!(rest[0].serial, "S500");
        assert_eq!(rest[500].serial, "S1500");
        // Submitted again, the rest goes in the batches it went in before, with their keys.
        let again = batches(&rest, Profile::Standard, "s1");
        assert_eq!(again[0].key, all[1].key);
        assert_eq!(again[1].key, all[3].key);
        // Two refusals: the first in batch order is the one named.
        let ends = [
            BatchEnd::Refused("First.".into()),
            BatchEnd::Refused("Second.".into()),
        ];
        let (submitted, failed) = outcome(&devices, &ends, Lang::En);
        assert_eq!(submitted, 0);
        let (why, rest) = failed.expect("refused");
        assert_eq!((why.as_str(), rest.len()), ("First.", 1_701));
        assert_eq!(
            outcome(&devices[..3], &[BatchEnd::Accepted(3)], Lang::En),
            (3, None)
        );
    }

    #[test]
    fn the_latest_wait_shows_and_the_one_before_it_when_that_is_over() {
        let wait = |attempt| Waiting {
            reason: WaitReason::Busy,
            until: NOW,
            attempt,
            max_attempts: 8,
        };
        let mut waits = Waits::default();
        waits.observe(1, Some(wait(2)));
        waits.observe(2, Some(wait(3)));
        assert_eq!(waits.shown().map(|w| w.attempt), Some(3));
        waits.observe(1, Some(wait(4)));
        assert_eq!(
            waits.shown().map(|w| w.attempt),
            Some(4),
            "request 1 waits again"
        );
        waits.observe(1, None);
        assert_eq!(waits.shown().map(|w| w.attempt), Some(3));
        waits.observe(2, None);
        assert_eq!(waits.shown(), None);
    }
}
