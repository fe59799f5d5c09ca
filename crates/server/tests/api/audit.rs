//! The audit log without sign-in: every change recorded once under the demo administrator, a
//! refused change not at all; newest first, paged, filtered by time and actor; kept by a reset.

use crate::common::*;
use serde_json::{json, Value};

async fn events(c: &Client, query: &str) -> Vec<Value> {
    pages(c, &format!("{AUDIT}?{query}")).await
}

/// Each event's activity as the service names it, in the log's order.
fn activities(events: &[Value]) -> Vec<&str> {
    events
        .iter()
        .map(|e| e["@mmd.activity"].as_str().unwrap_or("?"))
        .collect()
}

#[tokio::test]
async fn every_change_is_one_event_newest_first_and_refusals_are_none() {
    let s = TestServer::start("audit-log", |c| c.seed_demo = true).await;
    let c = &s.client;
    let imported = ids(&import(c, &import_body(&devices(2, 5), "Kiosk"), Some("k-1")).await);
    // The same batch again is a replay, not a change.
    assert_eq!(
        ids(&import(c, &import_body(&devices(2, 5), "Kiosk"), Some("k-1")).await),
        imported
    );
    for id in &imported {
        settled(c, id).await;
    }
    let victim = imported[0].clone();
    let profile = c
        .put(
            &format!("{MMD}/devices/{}/profile", imported[1]),
            &json!({"profile": "PowerUser"}),
        )
        .await;
    assert_eq!(profile.status, 200);
    assert_eq!(c.delete(&format!("{DEVICES}/{victim}")).await.status, 204);
    assert_eq!(
        c.delete(&format!("{DEVICES}/{victim}")).await.status,
        404,
        "refused: gone"
    );
    c.post(&format!("{MMD}/demo/advance-clock"), &json!({"days": 2}))
        .await;
    let retry = c
        .post(&format!("{MMD}/devices/{}/retry", imported[1]), &json!({}))
        .await;
    assert_eq!(retry.status, 409, "refused: not failed");

    let all = events(c, "$top=2").await;
    assert_eq!(
        activities(&all),
        ["DemoAdvanceClock", "Remove", "ChangeProfile", "Import"],
        "newest first"
    );
    assert!(all
        .iter()
        .all(|e| e["actor"]["userPrincipalName"] == "Demo administrator (no sign-in)"));
    let remove = &all[1];
    assert_eq!(remove["activityType"], "Delete");
    assert_eq!(remove["resources"][0]["resourceId"], victim.as_str());
    assert!(
        remove["resources"][0]["displayName"]
            .as_str()
            .is_some_and(|s| !s.is_empty()),
        "the serial"
    );
    assert_eq!(all[2]["@mmd.detail"], "Profile: Power user");
    assert_eq!(all[0]["@mmd.detail"], "Advanced 2 days");
    assert_eq!(all[3]["resources"].as_array().map(Vec::len), Some(2));

    // Filters: by actor (case ignored), by time.
    let by = events(
        c,
        "$filter=actor/userPrincipalName%20eq%20'demo%20ADMINISTRATOR%20(no%20sign-in)'",
    )
    .await;
    assert_eq!(by.len(), 4);
    assert!(events(
        c,
        "$filter=actor/userPrincipalName%20eq%20'someone@else.com'"
    )
    .await
    .is_empty());
    let newest = all[0]["activityDateTime"]
        .as_str()
        .expect("time")
        .to_owned();
    let since = events(c, &format!("$filter=activityDateTime%20ge%20{newest}")).await;
    assert_eq!(since.len(), 1);
    assert!(
        events(c, "$filter=activityDateTime%20lt%202000-01-01T00:00:00Z")
            .await
            .is_empty()
    );
    let bad = c
        .get(&format!("{AUDIT}?$filter=contains(activity,'x')"))
        .await;
    assert_eq!(bad.status, 400);
    assert_eq!(bad.json()["error"]["code"], "InvalidFilter");
    assert_eq!(
        c.get(&format!("{AUDIT}?$skiptoken=';drop")).await.status,
        400
    );

    // A reset is recorded and keeps what came before.
    assert_eq!(
        c.post(&format!("{MMD}/demo/reset"), &json!({}))
            .await
            .status,
        200
    );
    let after = events(c, "").await;
    assert_eq!(after.len(), 5);
    assert_eq!(after[0]["@mmd.activity"], "DemoReset");
    assert!(after[0]["@mmd.detail"]
        .as_str()
        .unwrap_or_default()
        .contains("42 demo devices seeded"));
    s.stop().await;
}

#[tokio::test]
async fn the_log_survives_a_restart_and_ids_stay_unique() {
    let mut s = TestServer::start("audit-restart", |c| c.seed_demo = true).await;
    c_reset_twice(&s.client).await;
    s.restart().await;
    c_reset_twice(&s.client).await;
    let all = events(&s.client, "").await;
    assert_eq!(all.len(), 4);
    let ids: std::collections::HashSet<&str> =
        all.iter().map(|e| e["id"].as_str().unwrap_or("")).collect();
    assert_eq!(ids.len(), 4, "{all:?}");
    s.stop().await;
}

async fn c_reset_twice(c: &Client) {
    for _ in 0..2 {
        assert_eq!(
            c.post(&format!("{MMD}/demo/reset"), &json!({}))
                .await
                .status,
            200
        );
    }
}

#[tokio::test]
async fn retries_demo_sign_ins_and_injected_failures_are_recorded_too() {
    let s = TestServer::start("audit-more", |_| {}).await;
    let c = &s.client;
    assert_eq!(
        c.post(&format!("{MMD}/demo/faults"), &json!({"count": 1}))
            .await
            .status,
        200
    );
    let imported = ids(&import(c, &import_body(&devices(2, 8), "Standard"), None).await);
    let failed = settled(c, &imported[0]).await;
    assert_eq!(
        failed["state"]["deviceImportStatus"], "error",
        "the injected failure"
    );
    settled(c, &imported[1]).await;
    let retry = c
        .post(&format!("{MMD}/devices/{}/retry", imported[0]), &json!({}))
        .await;
    assert_eq!(
        retry.status,
        200,
        "{}",
        String::from_utf8_lossy(&retry.body)
    );
    settled(c, &imported[0]).await;
    let one = c
        .post(&format!("{MMD}/demo/sign-in/{}", imported[1]), &json!({}))
        .await;
    assert_eq!(one.status, 200, "{}", String::from_utf8_lossy(&one.body));
    let many = c
        .post(
            &format!("{MMD}/demo/sign-in"),
            &json!({"ids": [imported[0]]}),
        )
        .await;
    assert_eq!(many.status, 200, "{}", String::from_utf8_lossy(&many.body));

    let all = events(c, "").await;
    assert_eq!(
        activities(&all),
        ["DemoSignIn", "DemoSignIn", "Retry", "Import", "DemoFaults"]
    );
    assert_eq!(all[0]["resources"][0]["resourceId"], imported[0].as_str());
    assert_eq!(all[1]["resources"][0]["resourceId"], imported[1].as_str());
    assert_eq!(all[2]["resources"][0]["resourceId"], imported[0].as_str());
    assert_eq!(all[4]["@mmd.detail"], "The next 1 registrations fail");
    assert!(all
        .iter()
        .all(|e| e["correlationId"].as_str().is_some_and(|id| id.len() == 36)));
    s.stop().await;
}
