//! Two server processes on one database serve one tenant: what one is told, the other shows;
//! a batch replayed to the other gets the first answer; imports into both at once lose and
//! double nothing; and every registration is decided once, whichever process decides it.

mod common;

use common::process::Process;
use common::*;
use serde_json::{json, Value};
use std::collections::{HashMap, HashSet};
use std::time::{Duration, Instant};

/// Every device's decision as listed by `client`: id → (state, registered time).
async fn decisions(client: &Client) -> HashMap<String, (String, Value)> {
    list_all(client, 1000)
        .await
        .into_iter()
        .filter(|d| d["@mmd.state"] != "pending")
        .map(|d| {
            let id = d["id"].as_str().expect("id").to_owned();
            let state = d["@mmd.state"].as_str().unwrap_or_default().to_owned();
            (id, (state, d["@mmd.registeredDateTime"].clone()))
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_processes_on_one_database_serve_one_tenant() {
    let dir = TempDir::new("instances");
    let db = test_database(&dir).await;
    let p = Process::spawn(&db, &dir, 300);
    let q = Process::spawn(&db, &dir, 300);
    let (a, b) = (p.client(), q.client());

    // Import through one, list through the other at once.
    let first = devices(40, 501);
    let reply = import(&a, &import_body(&first, "Standard"), Some("first-batch")).await;
    let first_ids = ids(&reply);
    let seen: HashSet<String> = list_all(&b, 1000)
        .await
        .iter()
        .map(|d| d["id"].as_str().expect("id").to_owned())
        .collect();
    assert_eq!(
        seen,
        first_ids.iter().cloned().collect(),
        "the other process lists what one was told"
    );
    // The same batch sent again to the other process: the first answer, nothing imported.
    let again = import(&b, &import_body(&first, "Standard"), Some("first-batch")).await;
    assert_eq!(ids(&again), first_ids);
    assert_eq!(again.header("idempotent-replayed"), Some("true"));

    // Both import at the same moment while both decide: every device once, ids unique, and
    // each decision, once seen through either process, never changes.
    let batches: Vec<Vec<autopilot_gen::GenDevice>> =
        (0..6).map(|i| devices(200, 600 + i)).collect();
    let mut sent = Vec::new();
    for (i, batch) in batches.iter().enumerate() {
        let client = if i % 2 == 0 { a } else { b };
        let body = import_body(batch, "Kiosk").to_string().into_bytes();
        let key = format!("both-{i}");
        sent.push(tokio::spawn(async move {
            client
                .send("POST", IMPORT, &[("Idempotency-Key", &key)], Some(body))
                .await
        }));
    }
    let mut first_seen: HashMap<String, (String, Value)> = HashMap::new();
    let deadline = Instant::now() + Duration::from_secs(30);
    let expected = 40 + 6 * 200;
    loop {
        let mut settled = 0;
        for client in [&a, &b] {
            let now = decisions(client).await;
            settled = now.len();
            for (id, decision) in now {
                let earlier = first_seen.entry(id.clone()).or_insert(decision.clone());
                assert_eq!(*earlier, decision, "{id} was decided twice");
            }
        }
        if settled == expected && sent.iter().all(|t| t.is_finished()) {
            break;
        }
        assert!(Instant::now() < deadline, "{settled} of {expected} decided");
        tokio::time::sleep(Duration::from_millis(30)).await;
    }
    for task in sent {
        let reply = task.await.expect("import task");
        assert_eq!(
            reply.status,
            200,
            "{}",
            String::from_utf8_lossy(&reply.body)
        );
    }
    let listed = list_all(&a, 1000).await;
    assert_eq!(listed.len(), expected, "every device once");
    let serials: HashSet<&str> = listed
        .iter()
        .filter_map(|d| d["serialNumber"].as_str())
        .collect();
    let ids: HashSet<&str> = listed.iter().filter_map(|d| d["id"].as_str()).collect();
    assert_eq!((serials.len(), ids.len()), (expected, expected));
    assert!(
        listed.iter().all(|d| d["@mmd.state"] == "ready"),
        "each registered once: none was decided as already registered"
    );

    // A removal through one and a profile change through the other show in both.
    let gone = first_ids[0].clone();
    assert_eq!(b.delete(&format!("{DEVICES}/{gone}")).await.status, 204);
    let changed = first_ids[1].clone();
    let reply = a
        .put(
            &format!("{MMD}/devices/{changed}/profile"),
            &json!({"profile": "Kiosk"}),
        )
        .await;
    assert_eq!(
        reply.status,
        200,
        "{}",
        String::from_utf8_lossy(&reply.body)
    );
    for client in [&a, &b] {
        assert_eq!(client.get(&format!("{DEVICES}/{gone}")).await.status, 404);
        let device = client.get(&format!("{DEVICES}/{changed}")).await.json();
        assert_eq!(device["@mmd.profile"], "Kiosk");
    }
    // One audit log: both processes' changes, in order, through either.
    let log_a: Vec<Value> = pages(&a, &format!("{AUDIT}?$top=50")).await;
    let log_b: Vec<Value> = pages(&b, &format!("{AUDIT}?$top=50")).await;
    assert_eq!(log_a, log_b);
    assert_eq!(log_a.len(), 1 + 6 + 2, "{log_a:?}");
}
