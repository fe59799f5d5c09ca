//! The portal's own endpoints: tenant, profile, retry, following devices, demo controls.

use crate::common::*;
use serde_json::{json, Value};

#[tokio::test]
async fn tenant_profile_query_and_demo_controls() {
    let server = TestServer::start("mmd", |c| c.seed_demo = true).await;
    let c = &server.client;

    let tenant = c.get(&format!("{MMD}/tenant")).await.json();
    assert_eq!(tenant["name"], "Contoso");
    assert_eq!(tenant["kioskEnabled"], true);
    assert_eq!(tenant["clockOffset"], 0);
    assert_eq!(tenant["processingDelayMs"], 100);
    let profiles = tenant["profiles"].as_array().expect("profiles");
    assert_eq!(profiles.len(), 4);
    assert_eq!(profiles[1]["id"], "SensitiveData");
    assert_eq!(profiles[1]["label"], "Sensitive data");
    assert!(profiles[1]["description"]
        .as_str()
        .is_some_and(|d| !d.is_empty()));
    assert_eq!(tenant["counts"]["pending"], 0);
    assert!(tenant["counts"]["failed"].as_u64() >= Some(5));

    // The demo tenant's devices, as the list shows them.
    let seeded = list_all(c, 1000).await;
    assert_eq!(seeded.len(), 42);
    let ready = seeded
        .iter()
        .find(|d| d["@mmd.state"] == "ready")
        .expect("a ready device");
    assert_eq!(ready["enrollmentState"], "notContacted");
    assert!(ready["@mmd.registeredDateTime"].is_string());
    let active = seeded
        .iter()
        .find(|d| d["@mmd.state"] == "active")
        .expect("active");
    assert_eq!(active["enrollmentState"], "enrolled");
    assert_ne!(active["lastContactedDateTime"], "0001-01-01T00:00:00Z");
    let failed = seeded
        .iter()
        .find(|d| d["@mmd.state"] == "failed")
        .expect("failed");
    assert_eq!(failed["enrollmentState"], "failed");
    assert!(failed["@mmd.error"]["whatToDo"].is_string());

    // Profile change.
    let id = ready["id"].as_str().expect("id").to_owned();
    let changed = c
        .put(
            &format!("{MMD}/devices/{id}/profile"),
            &json!({"profile": "Kiosk"}),
        )
        .await;
    assert_eq!(changed.status, 200);
    assert_eq!(changed.json()["@mmd.profile"], "Kiosk");
    let bad = c
        .put(
            &format!("{MMD}/devices/{id}/profile"),
            &json!({"profile": "Gold"}),
        )
        .await;
    assert_eq!(bad.status, 400);
    let missing = c
        .put(
            &format!("{MMD}/devices/nope/profile"),
            &json!({"profile": "Standard"}),
        )
        .await;
    assert_eq!(missing.status, 404);

    // Retry is only for failed registrations.
    let not_failed = c
        .post(&format!("{MMD}/devices/{id}/retry"), &json!({}))
        .await;
    assert_eq!(not_failed.status, 409);

    // Sign in: ready → active; seven days later inactive.
    let signed = c
        .post(&format!("{MMD}/demo/sign-in/{id}"), &json!({}))
        .await;
    assert_eq!(signed.status, 200);
    assert_eq!(signed.json()["@mmd.state"], "active");
    let advanced = c
        .post(&format!("{MMD}/demo/advance-clock"), &json!({"days": 8}))
        .await
        .json();
    assert_eq!(advanced["clockOffset"], 8 * 86_400_000_i64);
    let query = c
        .post(
            &format!("{MMD}/devices:query"),
            &json!({"ids": [id, "unknown-id", failed["id"]]}),
        )
        .await;
    assert_eq!(query.status, 200);
    let value = query.json()["value"].as_array().expect("value").clone();
    assert_eq!(value.len(), 2, "unknown ids are left out");
    assert_eq!(value[0]["id"], json!(id));
    assert_eq!(value[0]["@mmd.state"], "inactive");
    assert_eq!(value[1]["id"], failed["id"]);
    let too_many: Vec<String> = (0..1001).map(|i| i.to_string()).collect();
    assert_eq!(
        c.post(&format!("{MMD}/devices:query"), &json!({ "ids": too_many }))
            .await
            .status,
        400
    );
    assert_eq!(
        c.post(&format!("{MMD}/demo/advance-clock"), &json!({"days": -1}))
            .await
            .status,
        400
    );

    // Sign in on several devices: all or none.
    let ready_ids: Vec<Value> = list_all(c, 1000)
        .await
        .into_iter()
        .filter(|d| d["@mmd.state"] == "ready")
        .map(|d| d["id"].clone())
        .collect();
    assert!(ready_ids.len() >= 2, "the demo has ready devices");
    let mut with_failed = ready_ids.clone();
    with_failed.push(failed["id"].clone());
    let refused = c
        .post(
            &format!("{MMD}/demo/sign-in"),
            &json!({ "ids": with_failed }),
        )
        .await;
    assert_eq!(refused.status, 409);
    let still_ready = c
        .post(
            &format!("{MMD}/devices:query"),
            &json!({ "ids": ready_ids }),
        )
        .await
        .json();
    assert!(
        still_ready["value"]
            .as_array()
            .is_some_and(|v| v.iter().all(|d| d["@mmd.state"] == "ready")),
        "a refused request changes nothing: {still_ready}"
    );
    let many = c
        .post(&format!("{MMD}/demo/sign-in"), &json!({ "ids": ready_ids }))
        .await;
    assert_eq!(many.status, 200);
    let signed = many.json()["value"].as_array().expect("value").clone();
    assert_eq!(signed.len(), ready_ids.len());
    assert!(signed.iter().all(|d| d["@mmd.state"] == "active"));

    // Reset: the demo tenant again, clock back, devices back.
    c.post(&format!("{MMD}/demo/faults"), &json!({"count": 3}))
        .await;
    let reset = c.post(&format!("{MMD}/demo/reset"), &json!({})).await;
    assert_eq!(reset.status, 200);
    let tenant = reset.json();
    assert_eq!(tenant["clockOffset"], 0);
    assert_eq!(tenant["injectFaults"], 0);
    let after = list_all(c, 1000).await;
    assert_eq!(after.len(), 42);
    assert!(after
        .iter()
        .all(|d| d["@mmd.profile"] != "Kiosk" || d["id"] != json!(id)));
    server.stop().await;
}

#[tokio::test]
async fn a_bulk_change_answers_each_device_and_refuses_a_wrong_request_whole() {
    let server = TestServer::start("mmd-bulk", |c| c.seed_demo = true).await;
    let c = &server.client;
    let seeded = list_all(c, 1000).await;
    let ids: Vec<String> = seeded
        .iter()
        .filter(|d| d["@mmd.state"] == "ready")
        .filter_map(|d| d["id"].as_str().map(str::to_owned))
        .collect();
    let bulk = format!("{MMD}/devices:bulk");

    let answer = c
        .post(
            &bulk,
            &json!({"action": "changeProfile", "profile": "Kiosk", "ids": [ids[0], "nope", ids[1]]}),
        )
        .await;
    assert_eq!(answer.status, 200);
    let value = answer.json()["value"].clone();
    assert_eq!(value[0]["status"], "changed");
    assert_eq!(value[0]["device"]["@mmd.profile"], "Kiosk");
    assert_eq!(value[1]["status"], "refused");
    assert_eq!(value[1]["error"]["code"], "ResourceNotFound");
    assert_eq!(value[2]["id"], ids[1].as_str());

    // Wrong requests: 400 with what to fix, and nothing changed.
    for (body, says) in [
        (
            json!({"action": "explode", "ids": [ids[2]]}),
            "Unknown action",
        ),
        (
            json!({"action": "changeProfile", "profile": "Gold", "ids": [ids[2]]}),
            "Unknown profile",
        ),
        (
            json!({"action": "assignUser", "userPrincipalName": "x@fabrikam.com", "ids": [ids[2]]}),
            "fabrikam.com",
        ),
        (
            json!({"action": "remove", "ids": [ids[2], ids[2]]}),
            "twice",
        ),
        (
            json!({"action": "remove", "ids": vec!["x"; 5_001]}),
            "at most 5000",
        ),
    ] {
        let refused = c.post(&bulk, &body).await;
        assert_eq!(refused.status, 400, "{body}");
        let message = refused.json()["error"]["message"]
            .as_str()
            .unwrap_or("")
            .to_owned();
        assert!(message.contains(says), "{message}");
    }
    assert_eq!(list_all(c, 1000).await.len(), 42, "nothing removed");
}
