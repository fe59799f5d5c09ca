//! The Microsoft Graph test double over HTTP, against what docs/graph.md says Graph does: the
//! import and its records' lifecycle, devices only once complete, DDS error codes, paging with
//! `$skiptoken`, `contains(serialNumber,…)`, updateDeviceProperties, the sync's 409 and 429,
//! the directory, Graph's error shape with request ids, and CORS for the portal's origin.

mod common;

use common::*;
use serde_json::{json, Value};
use std::time::{Duration, Instant};

const PORTAL: &str = "http://127.0.0.1:4173";
const DM: &str = "/v1.0/deviceManagement";

async fn double() -> TestServer {
    TestServer::start("graph-double", |c| {
        c.graph_double = Some(PORTAL.into());
        c.processing_delay_ms = autopilot_service::device::Millis(300);
    })
    .await
}

fn item(d: &autopilot_gen::GenDevice) -> Value {
    json!({
        "@odata.type": "#microsoft.graph.importedWindowsAutopilotDeviceIdentity",
        "serialNumber": d.serial,
        "productKey": "",
        "hardwareIdentifier": d.hardware_hash,
        "groupTag": "Microsoft365Managed_Autopilot",
        "assignedUserPrincipalName": d.assigned_user,
        "state": { "deviceImportStatus": "pending" },
    })
}

async fn import_items(c: &Client, items: Vec<Value>) -> Reply {
    c.post(
        &format!("{DM}/importedWindowsAutopilotDeviceIdentities/import"),
        &json!({ "importedWindowsAutopilotDeviceIdentities": items }),
    )
    .await
}

/// Waits until every record is final; their states.
async fn outcomes(c: &Client, ids: &[String]) -> Vec<Value> {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let mut states = Vec::new();
        for id in ids {
            let r = c
                .get(&format!(
                    "{DM}/importedWindowsAutopilotDeviceIdentities/{id}"
                ))
                .await;
            assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
            states.push(r.json()["state"].clone());
        }
        if states
            .iter()
            .all(|s| s["deviceImportStatus"] == "complete" || s["deviceImportStatus"] == "error")
        {
            return states;
        }
        assert!(Instant::now() < deadline, "{states:?}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test]
async fn an_import_is_unknown_then_decided_and_only_a_complete_one_is_a_device() {
    let s = double().await;
    let c = &s.client;
    let generated = devices(3, 901);
    let mut items: Vec<Value> = generated.iter().map(item).collect();
    items.push(
        json!({ "serialNumber": "5CG0CLAIMED1", "hardwareIdentifier": generated[0].hardware_hash }),
    );
    items.push(json!({ "serialNumber": "PK-ONLY", "productKey": "XXXXX-XXXXX-XXXXX-XXXXX-XXXXX" }));
    items.push(json!({ "serialNumber": "BAD-HASH", "hardwareIdentifier": "bm90IGEgaGFzaA==" }));
    let reply = import_items(c, items).await;
    let records = ids(&reply);
    assert_eq!(records.len(), 6);
    assert_eq!(
        reply.json()["value"][0]["state"]["deviceImportStatus"],
        "unknown"
    );
    let listed = c
        .get(&format!("{DM}/windowsAutopilotDeviceIdentities"))
        .await
        .json();
    assert_eq!(
        listed["value"],
        json!([]),
        "no device before the import completes"
    );

    let states = outcomes(c, &records).await;
    let codes: Vec<(&str, i64)> = states
        .iter()
        .map(|s| {
            (
                s["deviceImportStatus"].as_str().unwrap_or_default(),
                s["deviceErrorCode"].as_i64().unwrap_or(-1),
            )
        })
        .collect();
    assert_eq!(
        codes,
        vec![
            ("complete", 0),
            ("complete", 0),
            ("complete", 0),
            ("error", 808),
            ("error", 812),
            ("error", 802)
        ]
    );
    assert_eq!(
        states[3]["deviceErrorName"],
        "ZtdDeviceAssignedToOtherTenant"
    );
    // The same device again: already assigned.
    let again = ids(&import_items(c, vec![item(&generated[1])]).await);
    let state = &outcomes(c, &again).await[0];
    assert_eq!(
        (
            state["deviceErrorCode"].as_i64(),
            state["deviceErrorName"].as_str()
        ),
        (Some(806), Some("ZtdDeviceAlreadyAssigned"))
    );

    let listed = c
        .get(&format!("{DM}/windowsAutopilotDeviceIdentities"))
        .await
        .json();
    let devices = listed["value"].as_array().expect("value");
    assert_eq!(devices.len(), 3);
    assert_eq!(devices[0]["serialNumber"], generated[0].serial.as_str());
    assert_eq!(devices[0]["enrollmentState"], "notContacted");
    assert_eq!(devices[0]["lastContactedDateTime"], "0001-01-01T00:00:00Z");
    assert_eq!(devices[0]["id"], states[0]["deviceRegistrationId"]);

    // Records stay until deleted; deleting one leaves its device.
    assert_eq!(
        c.delete(&format!(
            "{DM}/importedWindowsAutopilotDeviceIdentities/{}",
            records[0]
        ))
        .await
        .status,
        204
    );
    assert_eq!(
        c.get(&format!(
            "{DM}/importedWindowsAutopilotDeviceIdentities/{}",
            records[0]
        ))
        .await
        .status,
        404
    );
    let records = c
        .get(&format!("{DM}/importedWindowsAutopilotDeviceIdentities"))
        .await
        .json();
    assert_eq!(records["value"].as_array().map(Vec::len), Some(6));
    let device = devices[0]["id"].as_str().expect("id");
    assert_eq!(
        c.get(&format!("{DM}/windowsAutopilotDeviceIdentities/{device}"))
            .await
            .status,
        200
    );

    // updateDeviceProperties, then delete.
    let r = c
        .post(
            &format!("{DM}/windowsAutopilotDeviceIdentities/{device}/updateDeviceProperties"),
            &json!({ "groupTag": "Kiosk-Tag", "userPrincipalName": "adele.vance@contoso.com" }),
        )
        .await;
    assert_eq!(r.status, 204);
    let updated = c
        .get(&format!("{DM}/windowsAutopilotDeviceIdentities/{device}"))
        .await
        .json();
    assert_eq!(
        (
            updated["groupTag"].as_str(),
            updated["userPrincipalName"].as_str()
        ),
        (Some("Kiosk-Tag"), Some("adele.vance@contoso.com"))
    );
    assert_eq!(
        c.delete(&format!("{DM}/windowsAutopilotDeviceIdentities/{device}"))
            .await
            .status,
        204
    );
    assert_eq!(
        c.get(&format!("{DM}/windowsAutopilotDeviceIdentities/{device}"))
            .await
            .status,
        404
    );
    s.stop().await;
}

#[tokio::test]
async fn lists_page_with_skiptoken_and_filter_on_contains_serial_only() {
    let s = double().await;
    let c = &s.client;
    let generated = devices(250, 902);
    let mut records = Vec::new();
    for chunk in generated.chunks(125) {
        records.extend(ids(&import_items(c, chunk.iter().map(item).collect()).await));
    }
    outcomes(c, &records[..1]).await;
    outcomes(c, &records[249..]).await;
    let mut seen = Vec::new();
    let mut next = Some(format!("{DM}/windowsAutopilotDeviceIdentities?$top=100"));
    let mut pages = 0;
    while let Some(link) = next {
        let path = link
            .strip_prefix("http://")
            .and_then(|rest| rest.find('/').map(|i| rest[i..].to_owned()))
            .unwrap_or(link);
        let page = c.get(&path).await.json();
        pages += 1;
        for d in page["value"].as_array().expect("value") {
            seen.push(d["serialNumber"].as_str().expect("serial").to_owned());
        }
        next = page["@odata.nextLink"].as_str().map(str::to_owned);
    }
    assert_eq!(pages, 3);
    assert_eq!(
        seen,
        generated
            .iter()
            .map(|d| d.serial.clone())
            .collect::<Vec<_>>()
    );
    let serial = &generated[7].serial;
    let part = &serial[1..serial.len() - 1];
    let filtered = c
        .get(&format!(
            "{DM}/windowsAutopilotDeviceIdentities?$filter=contains(serialNumber,'{part}')"
        ))
        .await
        .json();
    let found: Vec<&str> = filtered["value"]
        .as_array()
        .expect("value")
        .iter()
        .filter_map(|d| d["serialNumber"].as_str())
        .collect();
    assert!(found.contains(&generated[7].serial.as_str()), "{found:?}");
    assert!(found.iter().all(|s| s.contains(part)));
    let eq = c
        .get(&format!(
            "{DM}/windowsAutopilotDeviceIdentities?$filter=serialNumber%20eq%20'{}'",
            generated[7].serial
        ))
        .await;
    assert_eq!(eq.status, 400, "Graph refuses eq on serialNumber");
    s.stop().await;
}

#[tokio::test]
async fn errors_have_graphs_shape_and_ids_and_the_sync_is_limited() {
    let s = double().await;
    let c = &s.client;
    let missing = c
        .send(
            "GET",
            &format!("{DM}/windowsAutopilotDeviceIdentities/nope"),
            &[("client-request-id", "abc-123")],
            None,
        )
        .await;
    assert_eq!(missing.status, 404);
    let error = &missing.json()["error"];
    assert_eq!(error["code"], "ResourceNotFound");
    assert_eq!(error["innerError"]["client-request-id"], "abc-123");
    assert_eq!(missing.header("client-request-id"), Some("abc-123"));
    let request_id = missing.header("request-id").expect("request-id").to_owned();
    assert_eq!(error["innerError"]["request-id"], request_id.as_str());
    // An unpadded hash is not Edm.Binary.
    let unpadded = import_items(
        c,
        vec![json!({"serialNumber": "X", "hardwareIdentifier": "QUJD"[..3].to_owned()})],
    )
    .await;
    assert_eq!(unpadded.status, 400);
    assert!(unpadded.json()["error"]["message"]
        .as_str()
        .unwrap_or_default()
        .contains("Edm.Binary"));

    let sync = format!("{DM}/windowsAutopilotSettings/sync");
    assert_eq!(c.post(&sync, &json!({})).await.status, 204);
    assert_eq!(
        c.post(&sync, &json!({})).await.status,
        409,
        "one is running"
    );
    let settings = c
        .get(&format!("{DM}/windowsAutopilotSettings"))
        .await
        .json();
    assert_eq!(settings["syncStatus"], "inProgress");

    // Faults: throttled imports carry Retry-After; a lost answer still imported.
    c.post(
        "/_double/faults",
        &json!({"throttle": 1, "retryAfter": 7, "loseAnswers": 1}),
    )
    .await;
    let throttled = import_items(c, vec![item(&devices(1, 903)[0])]).await;
    assert_eq!(
        (throttled.status, throttled.header("retry-after")),
        (429, Some("7"))
    );
    let lost = import_items(c, vec![item(&devices(1, 903)[0])]).await;
    assert_eq!(lost.status, 504);
    let records = c
        .get(&format!("{DM}/importedWindowsAutopilotDeviceIdentities"))
        .await
        .json();
    assert_eq!(
        records["value"].as_array().map(Vec::len),
        Some(1),
        "the lost answer's import was made"
    );
    s.stop().await;
}

#[tokio::test]
async fn the_directory_answers_domains_users_and_licences() {
    let s = double().await;
    let c = &s.client;
    let org = c.get("/v1.0/organization").await.json();
    let domains: Vec<&str> = org["value"][0]["verifiedDomains"]
        .as_array()
        .expect("domains")
        .iter()
        .filter_map(|d| d["name"].as_str())
        .collect();
    assert_eq!(domains, ["contoso.com", "contoso.onmicrosoft.com"]);
    assert_eq!(
        c.get("/v1.0/users/megan.bowen@contoso.com").await.status,
        200
    );
    let nobody = c.get("/v1.0/users/nobody@contoso.com").await;
    assert_eq!(
        (nobody.status, nobody.json()["error"]["code"].as_str()),
        (404, Some("Request_ResourceNotFound"))
    );
    let licensed = c
        .get("/v1.0/users/megan.bowen@contoso.com/licenseDetails")
        .await
        .json();
    assert_eq!(licensed["value"][0]["skuPartNumber"], "SPE_E3");
    let unlicensed = c
        .get("/beta/users/irvin.sayers@contoso.com/licenseDetails")
        .await
        .json();
    assert_eq!(unlicensed["value"], json!([]));
    s.stop().await;
}

#[tokio::test]
async fn the_portals_origin_may_call_it_cross_origin_with_a_bearer_token() {
    let s = double().await;
    let c = &s.client;
    let preflight = c
        .send(
            "OPTIONS",
            &format!("{DM}/windowsAutopilotDeviceIdentities"),
            &[
                ("origin", PORTAL),
                ("access-control-request-method", "GET"),
                (
                    "access-control-request-headers",
                    "authorization,client-request-id",
                ),
            ],
            None,
        )
        .await;
    assert!(preflight.status < 300, "{}", preflight.status);
    assert_eq!(
        preflight.header("access-control-allow-origin"),
        Some(PORTAL)
    );
    let allowed = preflight
        .header("access-control-allow-headers")
        .unwrap_or_default()
        .to_lowercase();
    assert!(
        allowed.contains("authorization") && allowed.contains("client-request-id"),
        "{allowed}"
    );
    let get = c
        .send(
            "GET",
            &format!("{DM}/windowsAutopilotDeviceIdentities"),
            &[("origin", PORTAL)],
            None,
        )
        .await;
    assert_eq!(get.header("access-control-allow-origin"), Some(PORTAL));
    let exposed = get
        .header("access-control-expose-headers")
        .unwrap_or_default()
        .to_lowercase();
    assert!(
        exposed.contains("request-id") && exposed.contains("retry-after"),
        "{exposed}"
    );
    let other = c
        .send(
            "GET",
            &format!("{DM}/windowsAutopilotDeviceIdentities"),
            &[("origin", "http://evil.example")],
            None,
        )
        .await;
    // The browser compares the allowed origin with its own: another origin is not let in.
    assert_ne!(
        other.header("access-control-allow-origin"),
        Some("http://evil.example")
    );
    s.stop().await;
}
