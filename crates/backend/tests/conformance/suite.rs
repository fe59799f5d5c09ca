//! What every backend must do, as the portal sees it through the `Backend` trait. Each scenario
//! starts from a fresh demo tenant (Contoso, 42 devices: 6 failed, 10 ready, 16 active, 10
//! inactive) whose registrations are decided after `DELAY_MS`.

use autopilot_gen::GenOptions;
use autopilot_service::demo::DEMO_CLAIMED_SERIALS;
use autopilot_service::device::{
    Device, DeviceState, Millis, Profile, RegistrationError, TenantTime, DAY, MANAGED_GROUP_TAG,
};
use autopilot_service::service::Submission;
use portal_model::backend::{Backend, BackendError, DemoAction, Snapshot};
use std::time::Duration;

/// `n` devices with valid hashes, as the portal submits them after reading `seed.csv`.
fn devices(n: usize, seed: u64) -> Vec<Submission> {
    let options = GenOptions {
        seed,
        hash_len: 600,
        ..GenOptions::default()
    };
    autopilot_gen::submissions(n, &options, &format!("{seed}.csv"))
}

fn ids(devices: &[Device]) -> Vec<String> {
    devices.iter().map(|d| d.id.clone()).collect()
}

async fn load(b: &dyn Backend) -> Snapshot {
    b.load().await.expect("loads")
}

/// The tenant's time as the portal computes it from a snapshot.
fn tenant_now(snapshot: &Snapshot) -> TenantTime {
    super::real_now().on_tenant_clock(snapshot.clock_offset)
}

/// Follows `ids` until none is pending any more (at most 10 s); returns them as they are.
async fn settled(b: &dyn Backend, ids: &[String]) -> Vec<Device> {
    for _ in 0..200 {
        tokio::time::sleep(Duration::from_millis(50)).await;
        let refreshed = b.refresh(ids.to_vec()).await.expect("refresh");
        assert!(
            refreshed.unreadable.is_empty(),
            "{:?}",
            refreshed.unreadable
        );
        let now = tenant_now(&load(b).await);
        if refreshed
            .devices
            .iter()
            .all(|d| d.state(now) != DeviceState::RegistrationPending)
        {
            return refreshed.devices;
        }
    }
    panic!("still pending after 10 s: {ids:?}");
}

fn refused(result: Result<impl std::fmt::Debug, BackendError>, what: &str) -> String {
    match result {
        Err(BackendError::Refused(why)) => why,
        other => panic!("{what}: expected a refusal, got {other:?}"),
    }
}

pub async fn loads_the_demo_tenant(b: &dyn Backend) {
    let snapshot = load(b).await;
    assert_eq!(snapshot.tenant.name, "Contoso");
    assert!(snapshot.tenant.domains.contains(&"contoso.com".to_owned()));
    assert_eq!(
        snapshot.tenant.profiles(),
        Profile::ALL.to_vec(),
        "kiosk on"
    );
    assert!(snapshot.unreadable.is_empty());
    let counts = autopilot_service::device::counts(&snapshot.devices, tenant_now(&snapshot));
    assert_eq!(counts, [0, 6, 10, 16, 10]);
}

pub async fn the_daily_check_tags_every_registered_device(b: &dyn Backend) {
    let untagged = |s: &Snapshot| {
        s.devices
            .iter()
            .filter(|d| d.group_tag != MANAGED_GROUP_TAG)
            .map(|d| d.serial.clone())
            .collect::<Vec<_>>()
    };
    let before = untagged(&load(b).await);
    assert_eq!(
        before.len(),
        2,
        "the demo's devices the check has not seen yet"
    );
    // The next midnight comes with the demo clock; the check runs without anyone asking, and
    // what it wrote is there for every reader.
    b.demo(DemoAction::AdvanceClock(1)).await.expect("clock");
    let after = load(b).await;
    assert_eq!(untagged(&after), Vec::<String>::new());
    assert_eq!(after.devices.len(), 42, "only tags changed");
}

pub async fn registers_devices_pending_then_ready(b: &dyn Backend) {
    let batch = devices(3, 1);
    let added = b
        .import(batch.clone(), Profile::SensitiveData, "k-1".into())
        .await
        .expect("accepted");
    let now = tenant_now(&load(b).await);
    assert_eq!(added.len(), 3);
    for (device, sent) in added.iter().zip(&batch) {
        assert_eq!(device.serial, sent.serial);
        assert_eq!(device.manufacturer, sent.manufacturer);
        assert_eq!(device.source, sent.source, "file and line kept");
        assert_eq!(device.profile, Profile::SensitiveData);
        assert_eq!(device.group_tag, MANAGED_GROUP_TAG);
        assert_eq!(device.state(now), DeviceState::RegistrationPending);
    }
    let done = settled(b, &ids(&added)).await;
    let now = tenant_now(&load(b).await);
    assert!(done
        .iter()
        .all(|d| d.state(now) == DeviceState::ReadyForUser));
    let snapshot = load(b).await;
    assert_eq!(snapshot.devices.len(), 45);
    for id in ids(&added) {
        assert!(snapshot.devices.iter().any(|d| d.id == id), "{id} listed");
    }
}

pub async fn decides_outcomes_as_the_real_service_does(b: &dyn Backend) {
    let mut batch = devices(4, 2);
    batch[0].hardware_hash = Some("T0Enot-a-hash".into());
    batch[1].serial = DEMO_CLAIMED_SERIALS[0].into();
    batch[2].hardware_hash = None; // a tuple row the OEM does not know
    let added = b
        .import(batch, Profile::Standard, "k-2".into())
        .await
        .expect("accepted");
    let done = settled(b, &ids(&added)).await;
    let errors: Vec<Option<RegistrationError>> = done.iter().map(|d| d.error().cloned()).collect();
    assert_eq!(
        errors,
        [
            Some(RegistrationError::HardwareHashNotValid),
            Some(RegistrationError::ClaimedByAnotherOrganization),
            Some(RegistrationError::DeviceNotFound),
            None,
        ]
    );
    // The registered one again: already registered to this organisation.
    let again = b
        .import(devices(4, 2)[3..].to_vec(), Profile::Standard, "k-3".into())
        .await
        .expect("accepted");
    let done = settled(b, &ids(&again)).await;
    assert_eq!(done[0].error(), Some(&RegistrationError::AlreadyRegistered));
}

pub async fn a_batch_sent_again_registers_nothing_twice(b: &dyn Backend) {
    let first = b
        .import(devices(5, 3), Profile::Standard, "k-4".into())
        .await
        .expect("accepted");
    // The answer was lost; the portal sends the same batch under the same key.
    let again = b
        .import(devices(5, 3), Profile::Standard, "k-4".into())
        .await
        .expect("the first answer again");
    assert_eq!(ids(&again), ids(&first));
    assert_eq!(load(b).await.devices.len(), 47, "five devices, once");
}

pub async fn a_key_reused_for_other_devices_is_refused(b: &dyn Backend) {
    b.import(devices(2, 4), Profile::Standard, "k-5".into())
        .await
        .expect("accepted");
    let why = refused(
        b.import(devices(2, 5), Profile::Standard, "k-5".into())
            .await,
        "a key reused",
    );
    assert!(why.contains("different batch"), "{why}");
    assert_eq!(
        load(b).await.devices.len(),
        44,
        "the other devices were not registered"
    );
}

pub async fn refresh_leaves_out_what_is_gone(b: &dyn Backend) {
    let snapshot = load(b).await;
    let known = snapshot.devices[0].id.clone();
    let refreshed = b
        .refresh(vec!["no-such-device".into(), known.clone()])
        .await
        .expect("refresh");
    assert_eq!(ids(&refreshed.devices), [known]);
    assert!(refreshed.unreadable.is_empty());
}

pub async fn removal_waits_until_the_registration_is_done(b: &dyn Backend) {
    let added = b
        .import(devices(1, 6), Profile::Standard, "k-6".into())
        .await
        .expect("accepted");
    let id = added[0].id.clone();
    let why = refused(b.remove(id.clone()).await, "removing a pending device");
    assert!(why.contains("pending"), "{why}");
    settled(b, std::slice::from_ref(&id)).await;
    b.remove(id.clone()).await.expect("removed");
    assert!(!load(b).await.devices.iter().any(|d| d.id == id));
    refused(b.remove(id).await, "removing it again");
}

pub async fn profile_changes_and_retries_follow_the_state(b: &dyn Backend) {
    let added = b
        .import(devices(1, 7), Profile::Standard, "k-7".into())
        .await
        .expect("accepted");
    let id = added[0].id.clone();
    refused(
        b.change_profile(id.clone(), Profile::PowerUser).await,
        "a profile change while pending",
    );
    settled(b, std::slice::from_ref(&id)).await;
    let changed = b
        .change_profile(id.clone(), Profile::PowerUser)
        .await
        .expect("changed");
    assert_eq!(changed.profile, Profile::PowerUser);
    refused(b.retry(id).await, "retrying a registered device");

    // An injected fault: the next registration fails with Unexpected error and a request id.
    b.demo(DemoAction::InjectFaults(1)).await.expect("faults");
    let failing = b
        .import(devices(1, 8), Profile::Standard, "k-8".into())
        .await
        .expect("accepted");
    let id = failing[0].id.clone();
    let done = settled(b, std::slice::from_ref(&id)).await;
    match done[0].error() {
        Some(RegistrationError::Unexpected { request_id }) => assert_eq!(request_id.len(), 36),
        other => panic!("expected an unexpected error, got {other:?}"),
    }
    let retried = b.retry(id.clone()).await.expect("retried");
    let now = tenant_now(&load(b).await);
    assert_eq!(retried.state(now), DeviceState::RegistrationPending);
    let done = settled(b, std::slice::from_ref(&id)).await;
    assert_eq!(done[0].error(), None, "the fault is spent");
}

pub async fn demo_sign_in_is_all_or_none_and_the_clock_moves(b: &dyn Backend) {
    let snapshot = load(b).await;
    let now = tenant_now(&snapshot);
    let ready: Vec<String> = snapshot
        .devices
        .iter()
        .filter(|d| d.state(now) == DeviceState::ReadyForUser)
        .map(|d| d.id.clone())
        .collect();
    let pending = b
        .import(devices(1, 9), Profile::Standard, "k-9".into())
        .await
        .expect("accepted");
    let with_pending = vec![ready[0].clone(), pending[0].id.clone()];
    refused(
        b.demo(DemoAction::SignIn(with_pending)).await,
        "signing in on a pending device",
    );
    let after = load(b).await;
    let state_of = |s: &Snapshot, id: &str| {
        s.devices
            .iter()
            .find(|d| d.id == id)
            .map(|d| d.state(tenant_now(s)))
    };
    assert_eq!(
        state_of(&after, &ready[0]),
        Some(DeviceState::ReadyForUser),
        "nothing changed"
    );

    let signed = b
        .demo(DemoAction::SignIn(ready.clone()))
        .await
        .expect("signed in");
    for id in &ready {
        assert_eq!(state_of(&signed, id), Some(DeviceState::Active));
    }
    let later = b.demo(DemoAction::AdvanceClock(8)).await.expect("clock");
    for id in &ready {
        assert_eq!(state_of(&later, id), Some(DeviceState::Inactive));
    }
    assert!(later.clock_offset - signed.clock_offset >= DAY * 8 - Millis(5_000));
}

pub async fn reset_restores_the_demo_tenant(b: &dyn Backend) {
    b.import(devices(3, 10), Profile::Standard, "k-10".into())
        .await
        .expect("accepted");
    b.demo(DemoAction::AdvanceClock(30)).await.expect("clock");
    let fresh = b.demo(DemoAction::Reset).await.expect("reset");
    assert_eq!(fresh.devices.len(), 42);
    let counts = autopilot_service::device::counts(&fresh.devices, tenant_now(&fresh));
    assert_eq!(counts, [0, 6, 10, 16, 10]);
    assert_eq!(load(b).await.devices.len(), 42, "and it is what is stored");
    // A key used before the reset names nothing any more.
    let again = b
        .import(devices(3, 10), Profile::Standard, "k-10".into())
        .await
        .expect("accepted");
    assert_eq!(again.len(), 3);
    assert_eq!(load(b).await.devices.len(), 45);
}

pub async fn seeding_adds_devices_in_every_state_and_keeps_them(b: &dyn Backend) {
    let seeded = b.demo(DemoAction::Seed(500)).await.expect("seeded");
    assert_eq!(seeded.devices.len(), 542);
    let counts = autopilot_service::device::counts(&seeded.devices, tenant_now(&seeded));
    assert!(counts.iter().all(|&n| n > 0), "every state: {counts:?}");
    assert_eq!(counts[0], 20, "one in 25 is pending");
    let serials: std::collections::HashSet<&str> =
        seeded.devices.iter().map(|d| d.serial.as_str()).collect();
    assert_eq!(serials.len(), 542, "every serial once");
    assert_eq!(load(b).await.devices.len(), 542, "and it is what is stored");
    let log = b
        .audit(portal_model::backend::AuditQuery::default())
        .await
        .expect("audit");
    assert_eq!(
        log.events[0].activity,
        autopilot_service::audit::Activity::DemoSeed
    );
    assert_eq!(log.events[0].detail, "500 synthetic devices in every state");
    assert!(
        log.events[0].resources.is_empty(),
        "counted, not named: a seeding adds up to 200,000"
    );
    // The pending ones are decided as any registration is.
    let pending: Vec<String> = seeded
        .devices
        .iter()
        .filter(|d| d.state(tenant_now(&seeded)) == DeviceState::RegistrationPending)
        .map(|d| d.id.clone())
        .collect();
    let decided = settled(b, &pending).await;
    let now = tenant_now(&load(b).await);
    assert_eq!(decided.len(), 20);
    assert!(decided
        .iter()
        .all(|d| d.state(now) != DeviceState::RegistrationPending));
}

pub async fn nobody_signs_in_and_every_change_is_in_the_audit_log(b: &dyn Backend) {
    use autopilot_service::audit::{Activity, Role};
    use portal_model::backend::AuditQuery;
    let account = b.account().await.expect("account");
    assert_eq!(account.role, Role::Administrator);
    assert!(!account.signed_in, "a demo without sign-in");

    let added = b
        .import(devices(2, 20), Profile::Kiosk, "k-20".into())
        .await
        .expect("accepted");
    b.import(devices(2, 20), Profile::Kiosk, "k-20".into())
        .await
        .expect("a replay, not a change");
    let pending = added[0].id.clone();
    refused(b.remove(pending.clone()).await, "pending");
    settled(b, &ids(&added)).await;
    b.remove(pending.clone()).await.expect("removed");
    b.demo(DemoAction::AdvanceClock(1)).await.expect("clock");
    b.demo(DemoAction::Reset).await.expect("reset");

    let page = b.audit(AuditQuery::default()).await.expect("audit log");
    let activities: Vec<Activity> = page.events.iter().map(|e| e.activity).collect();
    assert_eq!(
        activities,
        [
            Activity::DemoReset,
            Activity::DemoAdvanceClock,
            Activity::Remove,
            Activity::Import
        ],
        "newest first; the refusal and the replay are not changes"
    );
    assert_eq!(page.next, None);
    let import = &page.events[3];
    assert_eq!(import.resources.len(), 2);
    assert_eq!(import.detail, "Profile: Kiosk");
    assert_eq!(page.events[2].resources[0].id, pending);
    assert_eq!(page.events[2].resources[0].serial, added[0].serial);
    assert!(page
        .events
        .iter()
        .all(|e| e.actor == autopilot_service::audit::Actor::demo()));

    let someone_else = AuditQuery {
        actor: Some("megan@contoso.com".into()),
        ..AuditQuery::default()
    };
    assert!(b
        .audit(someone_else)
        .await
        .expect("filtered")
        .events
        .is_empty());
    let since_reset = AuditQuery {
        since: Some(page.events[0].at),
        ..AuditQuery::default()
    };
    assert_eq!(b.audit(since_reset).await.expect("since").events.len(), 1);
}

pub async fn the_audit_log_pages_from_newest_to_oldest(b: &dyn Backend) {
    use portal_model::backend::AuditQuery;
    let changes = AuditQuery::PAGE + 5;
    for i in 0..changes {
        b.demo(DemoAction::InjectFaults(i as u32 + 1))
            .await
            .expect("a change");
    }
    let first = b.audit(AuditQuery::default()).await.expect("page 1");
    assert_eq!(first.events.len(), AuditQuery::PAGE);
    assert_eq!(
        first.events[0].detail,
        format!("The next {changes} registrations fail")
    );
    let next = first.next.clone().expect("more");
    let second = b
        .audit(AuditQuery {
            next: Some(next),
            ..AuditQuery::default()
        })
        .await
        .expect("page 2");
    assert_eq!(second.events.len(), 5);
    assert_eq!(second.events[4].detail, "The next 1 registrations fail");
    assert_eq!(second.next, None);
}

pub async fn bulk_changes_answer_per_device_and_are_one_audit_event_each(b: &dyn Backend) {
    use autopilot_service::audit::Activity;
    use autopilot_service::bulk::{BulkAction, BulkOutcome};
    use portal_model::backend::AuditQuery;
    let pending = b
        .import(devices(2, 9), Profile::Standard, "k-bulk".into())
        .await
        .expect("accepted");
    let snapshot = load(b).await;
    let now = tenant_now(&snapshot);
    let in_state = |state: DeviceState| -> Vec<String> {
        snapshot
            .devices
            .iter()
            .filter(|d| d.state(now) == state)
            .map(|d| d.id.clone())
            .collect()
    };
    let failed = in_state(DeviceState::RegistrationFailed);
    let ready = in_state(DeviceState::ReadyForUser);

    // Remove: the failed ones go, a pending one and an unknown id are refused, each with why.
    let mut asked = failed.clone();
    asked.push(pending[0].id.clone());
    asked.push("no-such-device".into());
    let results = b
        .bulk(BulkAction::Remove, asked.clone())
        .await
        .expect("answered");
    let got: Vec<&str> = results.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(got, asked.iter().map(String::as_str).collect::<Vec<_>>());
    assert!(results[..failed.len()]
        .iter()
        .all(|r| r.outcome == BulkOutcome::Removed));
    assert!(
        matches!(&results[failed.len()].outcome, BulkOutcome::Refused(e) if e.to_string().contains("pending")),
        "{:?}",
        results[failed.len()]
    );
    assert!(matches!(
        &results[failed.len() + 1].outcome,
        BulkOutcome::Refused(autopilot_service::service::ActionError::NotFound)
    ));
    let after = load(b).await;
    assert_eq!(after.devices.len(), snapshot.devices.len() - failed.len());

    // Assign a user to the ready devices: each changed; a user outside the tenant is refused whole.
    let user = "adele@contoso.com".to_owned();
    let results = b
        .bulk(BulkAction::AssignUser(user.clone()), ready.clone())
        .await
        .expect("answered");
    assert!(results
        .iter()
        .all(|r| matches!(&r.outcome, BulkOutcome::Changed(d) if d.assigned_user == user)));
    let why = refused(
        b.bulk(
            BulkAction::AssignUser("adele@fabrikam.com".into()),
            ready.clone(),
        )
        .await,
        "a user in another organisation",
    );
    assert!(why.contains("fabrikam.com"), "{why}");
    let kept = load(b).await;
    assert!(kept
        .devices
        .iter()
        .filter(|d| ready.contains(&d.id))
        .all(|d| d.assigned_user == user));

    // Each accepted change is one event naming the devices it changed; the refused one is none.
    let events = b.audit(AuditQuery::default()).await.expect("audit").events;
    assert_eq!(events[0].activity, Activity::AssignUser);
    assert_eq!(events[0].resources.len(), ready.len());
    assert_eq!(events[0].detail, "User: adele@contoso.com");
    assert_eq!(events[1].activity, Activity::Remove);
    assert_eq!(events[1].resources.len(), failed.len());
    assert_eq!(
        events[1].detail,
        format!("2 of {} devices not changed", asked.len())
    );
}
