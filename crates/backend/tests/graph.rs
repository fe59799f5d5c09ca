//! The `graph` backend against the project's Microsoft Graph double (`server --graph-double`),
//! over loopback: registration through import records to Autopilot devices (records cleaned
//! up), the four DDS errors as the portal's messages, retry, remove, profile change, a lost
//! import answer looked up instead of imported twice, and 429 with `Retry-After` waited for.

#[path = "conformance/transport.rs"]
mod transport;

use autopilot_gen::{devices, GenOptions};
use autopilot_i18n::Lang;
use autopilot_service::bulk::{BulkAction, BulkOutcome};
use autopilot_service::device::{Millis, Profile, Registration, RegistrationError};
use autopilot_service::service::Submission;
use portal_backend::graph::{GraphBackend, ProfileTags};
use portal_model::backend::{Backend, BackendError, Snapshot};
use std::cell::RefCell;
use std::rc::Rc;
use std::time::{Duration, Instant};

/// The transport's clock.
fn real_now() -> autopilot_service::device::RealTime {
    autopilot_service::device::RealTime(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_millis() as i64),
    )
}

struct Double {
    running: Option<server::Running>,
    dir: std::path::PathBuf,
}

impl Double {
    async fn start(name: &str) -> Double {
        let dir = std::env::temp_dir().join(format!("devices-graph-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("temp dir");
        let config = server::config::Config {
            port: 0,
            dist: dir.join("dist"),
            processing_delay_ms: Millis(200),
            rate_limit: 0.0,
            graph_double: Some("http://127.0.0.1:4173".into()),
            ..server::config::Config::default()
        };
        let running = server::start(config).await.expect("double starts");
        Double {
            running: Some(running),
            dir,
        }
    }

    fn base(&self) -> String {
        format!(
            "http://{}/beta",
            self.running.as_ref().expect("running").addr
        )
    }

    fn backend(&self, waits: Rc<RefCell<usize>>) -> GraphBackend<transport::Hyper> {
        GraphBackend::new(
            &self.base(),
            transport::Hyper,
            Rc::new(move |_, wait| {
                if wait.is_some() {
                    *waits.borrow_mut() += 1;
                }
            }),
            ProfileTags::default(),
        )
    }

    /// Test controls of the double.
    async fn control(&self, path: &str, body: &str) {
        use portal_backend::http::Transport;
        let addr = self.running.as_ref().expect("running").addr;
        let reply = transport::Hyper
            .send(portal_backend::http::Request {
                method: portal_backend::http::Method::Post,
                url: format!("http://{addr}{path}"),
                headers: Vec::new(),
                body: Some(body.into()),
            })
            .await
            .expect("control");
        assert!(reply.status < 300, "{path}: {}", reply.status);
    }

    async fn records(&self) -> usize {
        use portal_backend::http::Transport;
        let reply = transport::Hyper
            .send(portal_backend::http::Request {
                method: portal_backend::http::Method::Get,
                url: format!(
                    "{}/deviceManagement/importedWindowsAutopilotDeviceIdentities",
                    self.base()
                ),
                headers: Vec::new(),
                body: None,
            })
            .await
            .expect("records");
        let body: serde_json::Value = serde_json::from_str(&reply.body).expect("json");
        body["value"].as_array().map_or(0, Vec::len)
    }

    async fn stop(mut self) {
        if let Some(running) = self.running.take() {
            running.stop().await;
        }
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

fn submissions(n: usize, seed: u64) -> Vec<Submission> {
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
    .map(|d| Submission {
        serial: d.serial,
        manufacturer: d.manufacturer,
        model: d.model,
        assigned_user: d.assigned_user,
        hardware_hash: Some(d.hardware_hash),
        source: None,
    })
    .collect()
}

fn pending(d: &autopilot_service::Device) -> bool {
    matches!(d.registration, Registration::Pending { .. })
}

/// Follows `ids` until none is pending; the devices as they end.
async fn settle(backend: &impl Backend, ids: &[String]) -> Vec<autopilot_service::Device> {
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        let refreshed = backend.refresh(ids.to_vec()).await.expect("refresh");
        if refreshed.devices.len() == ids.len() && !refreshed.devices.iter().any(pending) {
            return refreshed.devices;
        }
        assert!(Instant::now() < deadline, "{:?}", refreshed.devices);
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

fn serials(snapshot: &Snapshot) -> Vec<&str> {
    snapshot.devices.iter().map(|d| d.serial.as_str()).collect()
}

#[tokio::test]
async fn devices_are_registered_through_import_records_which_are_then_deleted() {
    let double = Double::start("register").await;
    let graph = double.backend(Rc::default());
    let empty = graph.load().await.expect("loads");
    assert_eq!(empty.tenant.name, "Contoso");
    assert_eq!(empty.tenant.domains[0], "contoso.com");
    assert!(empty.devices.is_empty());

    let batch = submissions(3, 51);
    let imported = graph
        .import(batch.clone(), Profile::SensitiveData, "k".into())
        .await
        .expect("imported");
    assert!(imported.iter().all(pending));
    let ids: Vec<String> = imported.iter().map(|d| d.id.clone()).collect();
    let done = settle(&graph, &ids).await;
    for (device, asked) in done.iter().zip(&ids) {
        assert_eq!(
            &device.id, asked,
            "known by the same id while it becomes a device"
        );
        assert!(matches!(
            device.registration,
            Registration::Registered { .. }
        ));
        assert_eq!(device.profile, Profile::SensitiveData, "from its group tag");
    }
    assert_eq!(double.records().await, 0, "complete records are deleted");
    let loaded = graph.load().await.expect("loads");
    assert_eq!(
        serials(&loaded),
        batch.iter().map(|s| s.serial.as_str()).collect::<Vec<_>>()
    );
    // Graph keeps no submission or registration time: what this portal submitted keeps the time
    // it was submitted; no device has an age it cannot know.
    let now = autopilot_service::device::TenantTime(real_now().0);
    for device in done.iter().chain(&loaded.devices) {
        assert!(device.submitted_at.is_known(), "{device:?}");
        assert_eq!(device.age_months(now), None);
    }
    let elsewhere = double.backend(Rc::default()).load().await.expect("loads");
    assert!(elsewhere
        .devices
        .iter()
        .all(|d| !d.submitted_at.is_known() && d.age_months(now).is_none()));

    // Profile change through the group tag; removal.
    let first = done[0].id.clone();
    let changed = graph
        .change_profile(first.clone(), Profile::Kiosk)
        .await
        .expect("changed");
    assert_eq!(changed.profile, Profile::Kiosk);
    assert_eq!(changed.group_tag, "Microsoft365Managed_Autopilot_Kiosk");
    graph.remove(first).await.expect("removed");
    assert_eq!(graph.load().await.expect("loads").devices.len(), 2);
    double.stop().await;
}

#[tokio::test]
async fn ddss_errors_are_the_portals_messages_and_a_failed_device_is_retried_or_removed() {
    let double = Double::start("errors").await;
    let graph = double.backend(Rc::default());
    let good = submissions(2, 52);
    graph
        .import(vec![good[0].clone()], Profile::Standard, "a".into())
        .await
        .expect("first");
    let mut batch = vec![good[0].clone()];
    batch.push(Submission {
        serial: "5CG0CLAIMED1".into(),
        ..good[1].clone()
    });
    batch.push(Submission {
        serial: "BROKEN-1".into(),
        hardware_hash: Some("bm90IGEgaGFzaA==".into()),
        ..good[1].clone()
    });
    // Let the first be registered before the same device comes again.
    tokio::time::sleep(Duration::from_millis(600)).await;
    let imported = graph
        .import(batch, Profile::Standard, "b".into())
        .await
        .expect("accepted");
    let ids: Vec<String> = imported.iter().map(|d| d.id.clone()).collect();
    let done = settle(&graph, &ids).await;
    let errors: Vec<Option<RegistrationError>> = done
        .iter()
        .map(|d| match &d.registration {
            Registration::Failed { error } => Some(error.clone()),
            _ => None,
        })
        .collect();
    assert_eq!(
        errors,
        vec![
            Some(RegistrationError::AlreadyRegistered),
            Some(RegistrationError::ClaimedByAnotherOrganization),
            Some(RegistrationError::HardwareHashNotValid),
        ]
    );
    assert!(
        !done[1].manufacturer.is_empty(),
        "a failed device's manufacturer is read from its hash"
    );
    let loaded = graph.load().await.expect("loads");
    assert_eq!(
        double.records().await,
        3,
        "the complete record is deleted on load; the failed ones stay: they are the failed devices"
    );
    assert_eq!(
        loaded
            .devices
            .iter()
            .filter(|d| matches!(d.registration, Registration::Failed { .. }))
            .count(),
        3
    );

    // Retry: the hash is imported again (and fails again, as it is still broken).
    let retried = graph.retry(ids[2].clone()).await.expect("retried");
    assert!(pending(&retried));
    assert_eq!(retried.id, ids[2], "the same device for the portal");
    let again = settle(&graph, &ids[2..]).await;
    assert!(matches!(
        again[0].registration,
        Registration::Failed {
            error: RegistrationError::HardwareHashNotValid
        }
    ));
    // Remove the failed ones: their records go.
    let results = graph
        .bulk(BulkAction::Remove, ids.clone())
        .await
        .expect("bulk");
    assert!(
        results.iter().all(|r| r.outcome == BulkOutcome::Removed),
        "{results:?}"
    );
    assert_eq!(double.records().await, 0);
    double.stop().await;
}

#[tokio::test]
async fn a_lost_import_answer_is_looked_up_not_imported_twice_and_429_is_waited_for() {
    let double = Double::start("faults").await;
    let waits = Rc::new(RefCell::new(0));
    let graph = double.backend(waits.clone());
    double
        .control("/_double/faults", r#"{"loseAnswers": 1}"#)
        .await;
    let batch = submissions(4, 53);
    let imported = graph
        .import(batch.clone(), Profile::Standard, "lost".into())
        .await
        .expect("found after the lost answer");
    assert_eq!(imported.len(), 4);
    assert_eq!(double.records().await, 4, "nothing imported twice");
    settle(
        &graph,
        &imported.iter().map(|d| d.id.clone()).collect::<Vec<_>>(),
    )
    .await;

    double
        .control("/_double/faults", r#"{"throttle": 1, "retryAfter": 1}"#)
        .await;
    let started = Instant::now();
    let more = graph
        .import(submissions(2, 54), Profile::Standard, "busy".into())
        .await
        .expect("after the wait");
    assert_eq!(more.len(), 2);
    assert!(
        started.elapsed() >= Duration::from_millis(900),
        "Retry-After honoured"
    );
    assert_eq!(*waits.borrow(), 1, "the wait was reported");
    let loaded = graph.load().await.expect("loads");
    assert!(loaded.devices.len() >= 4);
    double.stop().await;
}

#[tokio::test]
async fn a_lost_answer_is_matched_to_the_new_import_not_an_earlier_failed_one() {
    let double = Double::start("relost").await;
    let graph = double.backend(Rc::default());
    let device = Submission {
        serial: "5CG0CLAIMED2".into(),
        ..submissions(1, 55).remove(0)
    };
    let first = graph
        .import(vec![device.clone()], Profile::Standard, "one".into())
        .await
        .expect("imported");
    let failed = settle(&graph, &[first[0].id.clone()]).await;
    assert!(matches!(
        failed[0].registration,
        Registration::Failed { .. }
    ));
    // The same device again (its supplier released it, say), and the answer is lost.
    double
        .control("/_double/faults", r#"{"loseAnswers": 1}"#)
        .await;
    let again = graph
        .import(vec![device], Profile::Standard, "two".into())
        .await
        .expect("found after the lost answer");
    assert_ne!(
        again[0].id, first[0].id,
        "the new import, not the failed record"
    );
    assert!(pending(&again[0]));
    assert_eq!(double.records().await, 2, "imported once more, not twice");
    double.stop().await;
}

#[tokio::test]
async fn users_are_checked_the_sync_follows_a_registration_and_details_name_the_profile() {
    use portal_model::backend::UserStanding;
    let double = Double::start("care").await;
    let graph = double.backend(Rc::default());
    // The directory: one request per user answers whether it exists and holds a licence.
    let users = [
        "megan.bowen@contoso.com",
        "irvin.sayers@contoso.com",
        "nobody.here@contoso.com",
        "Megan.Bowen@Contoso.com",
        "lee.gu@contoso.com",
    ];
    let standings = graph
        .check_users(users.iter().map(|u| (*u).to_owned()).collect())
        .await
        .expect("checked");
    assert_eq!(
        standings,
        Some(vec![
            UserStanding::Licensed,
            UserStanding::Unlicensed,
            UserStanding::NotFound,
            UserStanding::Licensed,
            UserStanding::Unlicensed,
        ]),
        "Teams Exploratory is a licence, but not one with Intune"
    );

    let never = graph
        .autopilot_sync()
        .await
        .expect("settings")
        .expect("a sync");
    assert_eq!((never.last_sync, never.last_requested), (None, None));

    let imported = graph
        .import(submissions(2, 57), Profile::Standard, "k".into())
        .await
        .expect("imported");
    let ids: Vec<String> = imported.iter().map(|d| d.id.clone()).collect();
    let done = settle(&graph, &ids).await;
    let facts = graph.facts(done[0].id.clone()).await.expect("facts");
    assert_eq!(facts[0].label, "Autopilot profile");
    assert_eq!(facts[0].value, "Being assigned", "until a sync is done");
    assert_eq!(facts[1].value, "Not contacted yet");
    // Asked for, a sync runs; asked again meanwhile, a 409 at once: no waiting, no second send.
    let asked = graph.sync_autopilot().await.expect("sync");
    assert!(asked.running && asked.last_requested.is_some(), "{asked:?}");
    let running = graph.sync_autopilot().await;
    assert!(
        matches!(&running, Err(BackendError::Refused(why)) if why.contains("syncing with Autopilot already")),
        "{running:?}"
    );
    let deadline = Instant::now() + Duration::from_secs(20);
    let synced = loop {
        let state = graph
            .autopilot_sync()
            .await
            .expect("settings")
            .expect("a sync");
        if !state.running {
            break state;
        }
        assert!(Instant::now() < deadline, "the sync never ends: {state:?}");
        tokio::time::sleep(Duration::from_millis(200)).await;
    };
    assert!(synced.last_sync.is_some(), "{synced:?}");
    let facts = graph.facts(done[0].id.clone()).await.expect("facts");
    assert_eq!(facts[0].value, "Assigned");
    // Within 10 minutes of the last: a 429 that says when to try again, and the state says so.
    let soon = graph.sync_autopilot().await;
    assert!(
        matches!(&soon, Err(BackendError::Refused(why)) if why.contains("Try again in 10 minutes")),
        "{soon:?}"
    );
    // A Dutch page says it in Dutch.
    let said = soon
        .as_ref()
        .err()
        .map(|e| e.message(Lang::Nl))
        .unwrap_or_default();
    assert!(
        said.ends_with("Probeer het over 10 minuten opnieuw."),
        "{said}"
    );
    assert!(synced.next_request(real_now()).is_some());
    // An import record (running or failed) is no Autopilot device: nothing more to say.
    let failed = graph.facts("no-such-device".into()).await.expect("facts");
    assert!(failed.is_empty());

    // A registered device whose group tag is no profile's is one the portal offers to fix.
    assert!(!graph.lacks_profile_tag(&done[0]));
    let mut sales = done[0].clone();
    sales.group_tag = "Sales".into();
    assert!(graph.lacks_profile_tag(&sales));
    sales.registration = Registration::Pending {
        due: autopilot_service::device::TenantTime(0),
    };
    assert!(!graph.lacks_profile_tag(&sales), "not while it registers");
    double.stop().await;
}

#[tokio::test]
async fn a_dutch_page_hears_the_backends_own_words_in_dutch() {
    // A graphBase that is not Graph: the double answers its own way, and the portal says what
    // it made of that in the page's language.
    let double = Double::start("dutch").await;
    let graph = GraphBackend::new(
        &format!("{}/not-graph", double.base()),
        transport::Hyper,
        Rc::new(|_, _| {}),
        ProfileTags::default(),
    )
    .speaking(Lang::Nl);
    let err = graph.load().await.expect_err("not Graph");
    double.stop().await;
    assert_eq!(
        err,
        BackendError::Refused("De service heeft de aanvraag geweigerd (HTTP 404).".into())
    );
}
