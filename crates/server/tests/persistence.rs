//! Data survives: a restart on the same file keeps everything, and a server killed with SIGKILL
//! in the middle of an import restarts with nothing lost and nothing doubled.

mod common;

use common::process::Process;
use common::*;
use serde_json::{json, Value};
use std::collections::{HashMap, HashSet};
use std::time::Duration;

#[tokio::test]
async fn a_restart_on_the_same_file_keeps_everything() {
    let mut server = TestServer::start("restart", |c| c.seed_demo = true).await;
    let c = server.client;
    let imported = ids(&import(&c, &import_body(&devices(30, 11), "Kiosk"), Some("before")).await);
    for id in &imported {
        settled(&c, id).await;
    }
    let demo_device = list_all(&c, 1000).await[10]["id"]
        .as_str()
        .expect("id")
        .to_owned();
    assert_eq!(
        c.delete(&format!("{DEVICES}/{demo_device}")).await.status,
        204
    );
    c.post(&format!("{MMD}/demo/advance-clock"), &json!({"days": 3}))
        .await;
    c.post(&format!("{MMD}/demo/faults"), &json!({"count": 2}))
        .await;
    let before = list_all(&c, 1000).await;
    assert_eq!(before.len(), 42 + 30 - 1);

    server.restart().await;
    let c = server.client;
    let after = list_all(&c, 1000).await;
    assert_eq!(without_volatile(&after), without_volatile(&before));
    let tenant = c.get(&format!("{MMD}/tenant")).await.json();
    assert_eq!(tenant["clockOffset"], 3 * 86_400_000_i64);
    assert_eq!(tenant["injectFaults"], 2);
    // The idempotency key survived too.
    let again = import(&c, &import_body(&devices(30, 11), "Kiosk"), Some("before")).await;
    assert_eq!(ids(&again), imported);
    // New ids continue after the old ones.
    let new = ids(&import(&c, &import_body(&devices(1, 12), "Standard"), None).await);
    assert!(!imported.contains(&new[0]) && new[0] > imported[29]);
    server.stop().await;
}

/// The objects without what changes with the clock.
fn without_volatile(devices: &[Value]) -> Vec<Value> {
    devices
        .iter()
        .map(|d| {
            let mut d = d.clone();
            if let Some(o) = d.as_object_mut() {
                o.remove("@mmd.state");
                o.remove("enrollmentState");
            }
            d
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigkill_mid_import_loses_nothing_and_doubles_nothing() {
    sigkill_mid_import(Survivor::Restarted).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigkill_one_of_two_processes_mid_import_and_the_other_finishes() {
    sigkill_mid_import(Survivor::Beside).await;
}

/// Who carries on after the process taking the import is killed.
#[derive(PartialEq)]
enum Survivor {
    /// The server started again on the same database.
    Restarted,
    /// A second process on the same database, running all along: it lists while the import
    /// goes on, and decides the registrations the killed one left pending.
    Beside,
}

async fn sigkill_mid_import(survivor: Survivor) {
    let dir = TempDir::new("sigkill");
    let db = test_database(&dir).await;
    // Beside: registrations stay pending long enough for the kill to leave some undecided.
    let delay = if survivor == Survivor::Beside {
        1_500
    } else {
        50
    };
    let other = (survivor == Survivor::Beside).then(|| Process::spawn(&db, &dir, delay));
    let batches: Vec<(String, Value, Vec<String>)> = (0..10)
        .map(|i| {
            let gen = devices(500, 1_000 + i);
            let serials = gen.iter().map(|d| d.serial.clone()).collect();
            (
                format!("sigkill-batch-{i}"),
                import_body(&gen, "Standard"),
                serials,
            )
        })
        .collect();
    let every_serial: HashSet<&String> = batches.iter().flat_map(|b| b.2.iter()).collect();
    assert_eq!(
        every_serial.len(),
        5_000,
        "the generator gives distinct serials"
    );

    // Start all ten batches, kill -9 as soon as the first is acknowledged.
    let server = Process::spawn(&db, &dir, delay);
    let client = server.client();
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    for (key, body, _) in &batches {
        let (key, body, tx) = (key.clone(), body.to_string().into_bytes(), tx.clone());
        tokio::spawn(async move {
            let reply = client
                .try_send("POST", IMPORT, &[("Idempotency-Key", &key)], Some(body))
                .await;
            let _ = tx.send((key, reply));
        });
    }
    drop(tx);
    if let Some(other) = &other {
        // The other process sees the import as it goes.
        let listed = list_all(&other.client(), 1000).await;
        assert!(listed.len() <= 5_000, "{}", listed.len());
    }
    let mut acknowledged: HashMap<String, Vec<String>> = HashMap::new();
    if let Some((key, Ok(reply))) = rx.recv().await {
        if reply.status == 200 {
            acknowledged.insert(key, ids(&reply));
        }
    }
    server.kill9();
    while let Some((key, reply)) = rx.recv().await {
        // Answers that made it out before the kill count too; the rest failed in flight.
        if let Ok(reply) = reply {
            if reply.status == 200 {
                acknowledged.insert(key, ids(&reply));
            }
        }
    }
    assert!(
        !acknowledged.is_empty(),
        "at least one batch was acknowledged"
    );
    eprintln!(
        "killed with {} of 10 batches acknowledged",
        acknowledged.len()
    );

    // Restart on the same database, or carry on with the other process. Every stored device is
    // named by exactly one import event, and every import event names stored devices only: no
    // change without its audit event, and no event without its change.
    let server = match other {
        Some(other) => other,
        None => Process::spawn(&db, &dir, delay),
    };
    let client = server.client();
    let stored_devices = list_all(&client, 1000).await;
    let stored: HashSet<String> = stored_devices
        .iter()
        .map(|d| d["id"].as_str().expect("id").to_owned())
        .collect();
    if survivor == Survivor::Beside {
        assert!(
            stored_devices.iter().any(|d| d["@mmd.state"] == "pending"),
            "the kill left registrations for the other process to decide"
        );
    }
    let events = pages(&client, &format!("{AUDIT}?$top=3")).await;
    let mut audited: HashMap<String, usize> = HashMap::new();
    for event in &events {
        assert_eq!(event["activity"], "Import windowsAutopilotDeviceIdentity");
        let resources = event["resources"].as_array().expect("resources");
        assert_eq!(resources.len(), 500, "one event per batch of 500");
        for r in resources {
            *audited
                .entry(r["resourceId"].as_str().expect("id").to_owned())
                .or_default() += 1;
        }
    }
    assert_eq!(events.len() * 500, stored.len(), "{} events", events.len());
    assert_eq!(audited.keys().cloned().collect::<HashSet<_>>(), stored);
    assert!(audited.values().all(|&n| n == 1));

    // Send every batch again with its key.
    let mut answer_lost = 0;
    for (key, body, serials) in &batches {
        let reply = import(&client, body, Some(key)).await;
        let got = ids(&reply);
        assert_eq!(got.len(), serials.len(), "{key}");
        let replayed = reply.header("idempotent-replayed") == Some("true");
        if let Some(first) = acknowledged.get(key) {
            assert_eq!(&got, first, "{key}: an acknowledged batch keeps its ids");
            assert!(
                replayed,
                "{key}: an acknowledged batch is not registered again"
            );
        } else if replayed {
            answer_lost += 1;
        }
    }
    eprintln!("{answer_lost} batch(es) were stored but their answers lost in the kill");
    let listed = list_all(&client, 1000).await;
    let mut count: HashMap<&str, usize> = HashMap::new();
    for d in &listed {
        *count
            .entry(d["serialNumber"].as_str().expect("serial"))
            .or_default() += 1;
    }
    assert_eq!(listed.len(), 5_000, "every device once");
    for serial in &every_serial {
        assert_eq!(count.get(serial.as_str()), Some(&1), "{serial}");
    }
    let ids: HashSet<&str> = listed.iter().filter_map(|d| d["id"].as_str()).collect();
    assert_eq!(ids.len(), 5_000, "ids are unique");
    // Every registration is decided, the killed process's included, and as registered: each
    // serial once, so none is "already registered".
    let deadline = std::time::Instant::now() + Duration::from_secs(30);
    loop {
        let listed = list_all(&client, 1000).await;
        let pending = listed
            .iter()
            .filter(|d| d["@mmd.state"] == "pending")
            .count();
        if pending == 0 {
            assert!(
                listed.iter().all(|d| d["@mmd.state"] == "ready"),
                "every device registered once"
            );
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "{pending} still pending"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    drop(server);
    tokio::time::sleep(Duration::from_millis(10)).await;
}

#[tokio::test]
async fn a_sqlite_file_written_before_tenants_keeps_its_devices_batches_and_log() {
    if on_postgres() {
        return; // Only SQLite files predate the tenants table.
    }
    use autopilot_service::service::ServiceSettings;
    let dir = TempDir::new("migrate");
    let file = dir.join("devices.sqlite");
    // The schema of the first two migrations, as every file written before 0003 has it.
    {
        let options = sqlx::sqlite::SqliteConnectOptions::new()
            .filename(&file)
            .create_if_missing(true);
        let pool = sqlx::SqlitePool::connect_with(options)
            .await
            .expect("sqlite");
        let mut migrator = sqlx::migrate!("./migrations/sqlite");
        migrator.migrations = std::borrow::Cow::Owned(migrator.migrations[..2].to_vec());
        migrator.run(&pool).await.expect("old schema");
        let service = autopilot_service::demo::demo(
            server::time::real_now(),
            ServiceSettings {
                processing_delay_ms: autopilot_service::device::Millis(100),
                inject_faults: 0,
            },
        );
        sqlx::query("INSERT INTO tenant (id, state) VALUES (1, $1)")
            .bind(serde_json::to_string(&service.state).expect("state"))
            .execute(&pool)
            .await
            .expect("tenant");
        for (position, device) in service.devices.iter().enumerate() {
            sqlx::query(
                "INSERT INTO devices (id, position, serial_number, body) VALUES ($1, $2, $3, $4)",
            )
            .bind(&device.id)
            .bind(position as i64)
            .bind(&device.serial)
            .bind(serde_json::to_string(device).expect("device"))
            .execute(&pool)
            .await
            .expect("device");
        }
        sqlx::query(
            "INSERT INTO import_batches (idempotency_key, request_digest, device_ids, created_at) \
             VALUES ('old-key', 'digest', $1, $2)",
        )
        .bind(serde_json::to_string(&[&service.devices[0].id]).expect("ids"))
        .bind(server::time::real_now().0)
        .execute(&pool)
        .await
        .expect("batch");
        pool.close().await;
    }
    let mut config = test_config(&dir).await;
    config.database = server::store::Database::Sqlite(file);
    let running = server::start(config).await.expect("migrates and starts");
    let c = Client { addr: running.addr };
    let devices = list_all(&c, 1000).await;
    assert_eq!(
        devices.len(),
        42,
        "every stored device, in the default tenant"
    );
    // The old batch is still remembered: its key used for other devices is refused.
    let reused = import(
        &c,
        &import_body(&common::devices(1, 5), "Standard"),
        Some("old-key"),
    )
    .await;
    assert_eq!(
        reused.status,
        422,
        "{}",
        String::from_utf8_lossy(&reused.body)
    );
    // New devices go after the old ones.
    let new = ids(&import(&c, &import_body(&common::devices(1, 6), "Standard"), None).await);
    let listed = list_all(&c, 1000).await;
    assert_eq!(listed.len(), 43);
    assert_eq!(listed[42]["id"], new[0].as_str());
    running.stop().await;
}
