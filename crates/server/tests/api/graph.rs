//! The Graph endpoints: import and its outcomes, the list, delete, idempotent imports.

use crate::common::*;
use autopilot_service::demo::DEMO_CLAIMED_SERIALS;
use serde_json::{json, Value};
use std::collections::HashSet;

#[tokio::test]
async fn import_goes_from_pending_to_every_outcome() {
    let server = TestServer::start("outcomes", |_| {}).await;
    let c = &server.client;
    let gen = devices(5, 1);
    let mut body = import_body(&gen, "SensitiveData");
    let items = body["importedWindowsAutopilotDeviceIdentities"]
        .as_array_mut()
        .expect("items");
    // 0 registers; 1 has a damaged hash; 2 belongs to another organisation; 3 is a tuple row the
    // OEM does not know; 4 is a tuple row from the demo OEM catalogue.
    items[1]["hardwareIdentifier"] = json!("T0Enot-a-hash");
    items[2]["serialNumber"] = json!(DEMO_CLAIMED_SERIALS[0]);
    items[3]["hardwareIdentifier"] = Value::Null;
    items[4] = json!({
        "serialNumber": "OEM10000",
        "@mmd.manufacturer": "Microsoft Corporation",
        "@mmd.model": "Surface Laptop 5",
        "@mmd.profile": "SensitiveData",
    });

    let reply = import(c, &body, Some("outcomes-1")).await;
    assert_eq!(
        reply.status,
        200,
        "{}",
        String::from_utf8_lossy(&reply.body)
    );
    let answer = reply.json();
    let value = answer["value"].as_array().expect("value");
    assert_eq!(value.len(), 5);
    for (i, d) in value.iter().enumerate() {
        assert_eq!(d["state"]["deviceImportStatus"], "pending");
        assert_eq!(d["@mmd.state"], "pending");
        assert_eq!(d["@mmd.profile"], "SensitiveData");
        assert_eq!(d["groupTag"], "Microsoft365Managed_Autopilot");
        assert!(d["@mmd.processingDueDateTime"].is_string());
        if i < 4 {
            assert_eq!(
                d["@mmd.source"],
                json!({"file": "devices.csv", "line": i + 2})
            );
        }
    }
    let ids = ids(&reply);

    let outcomes: Vec<Value> = {
        let mut out = Vec::new();
        for id in &ids {
            out.push(settled(c, id).await);
        }
        out
    };
    let status = |i: usize| outcomes[i]["state"]["deviceImportStatus"].clone();
    let code = |i: usize| outcomes[i]["state"]["deviceErrorCode"].clone();
    assert_eq!(status(0), "complete");
    assert_eq!(outcomes[0]["state"]["deviceRegistrationId"], json!(ids[0]));
    assert_eq!(
        outcomes[0]["hardwareIdentifier"],
        Value::Null,
        "hash dropped"
    );
    assert_eq!((status(1), code(1)), (json!("error"), json!(802)));
    assert_eq!(
        outcomes[1]["state"]["deviceErrorName"],
        "InvalidZtdHardwareHash"
    );
    assert_eq!((status(2), code(2)), (json!("error"), json!(808)));
    assert_eq!((status(3), code(3)), (json!("error"), json!(812)));
    assert_eq!(status(4), "complete", "{}", outcomes[4]);

    // The same device again: already registered (806).
    let again = import(c, &import_body(&gen[..1], "Standard"), None).await;
    let again_id = &ids_of(&again)[0];
    let outcome = settled(c, again_id).await;
    assert_eq!(outcome["state"]["deviceErrorCode"], 806);
    assert_eq!(outcome["@mmd.error"]["kind"], "alreadyRegistered");
    assert_eq!(
        outcome["@mmd.error"]["message"],
        "Device already registered"
    );

    // Fault injection: the next registration fails with Unexpected error and a request id.
    let reply = c
        .post(&format!("{MMD}/demo/faults"), &json!({"count": 1}))
        .await;
    assert_eq!(reply.json()["injectFaults"], 1);
    let faulty = import(c, &import_body(&devices(1, 99), "Standard"), None).await;
    let faulty_id = ids_of(&faulty)[0].clone();
    let outcome = settled(c, &faulty_id).await;
    assert_eq!(outcome["state"]["deviceErrorCode"], 801);
    let error = &outcome["@mmd.error"];
    assert_eq!(error["kind"], "unexpected");
    let request_id = error["requestId"].as_str().expect("request id");
    assert_eq!(request_id.len(), 36);
    assert!(error["whatToDo"]
        .as_str()
        .is_some_and(|t| t.contains(request_id)));
    assert_eq!(
        c.get(&format!("{MMD}/tenant")).await.json()["injectFaults"],
        0
    );

    // Retrying succeeds now that the fault is spent.
    let retried = c
        .post(&format!("{MMD}/devices/{faulty_id}/retry"), &json!({}))
        .await;
    assert_eq!(retried.status, 200);
    assert_eq!(retried.json()["@mmd.state"], "pending");
    assert_eq!(
        settled(c, &faulty_id).await["state"]["deviceImportStatus"],
        "complete"
    );
    server.stop().await;
}

fn ids_of(reply: &Reply) -> Vec<String> {
    ids(reply)
}

#[tokio::test]
async fn the_list_pages_filters_and_shows_every_state() {
    let server = TestServer::start("list", |c| {
        c.processing_delay_ms = autopilot_service::device::Millis(60_000)
    })
    .await;
    let c = &server.client;
    let gen = devices(250, 2);
    let mut all_ids = Vec::new();
    for chunk in gen.chunks(100) {
        all_ids.extend(ids(&import(c, &import_body(chunk, "Standard"), None).await));
    }

    // Default page size 100, then the nextLink.
    let first = c.get(DEVICES).await.json();
    assert_eq!(first["value"].as_array().map(Vec::len), Some(100));
    let next = first["@odata.nextLink"].as_str().expect("next link");
    assert!(next.starts_with("http://127.0.0.1:"), "{next}");
    assert!(next.contains("$skiptoken="), "{next}");

    for top in [1, 7, 100, 1000] {
        let listed = list_all(c, top).await;
        let listed_ids: Vec<&str> = listed.iter().filter_map(|d| d["id"].as_str()).collect();
        assert_eq!(
            listed_ids, all_ids,
            "top {top}: every device once, in submission order"
        );
    }
    let listed = list_all(c, 1000).await;
    let d = &listed[0];
    assert_eq!(d["@mmd.state"], "pending", "pending imports are listed");
    assert_eq!(d["enrollmentState"], "unknown");
    assert_eq!(d["lastContactedDateTime"], "0001-01-01T00:00:00Z");
    assert_eq!(d["serialNumber"], json!(gen[0].serial));
    assert_eq!(d["manufacturer"], json!(gen[0].manufacturer));
    assert_eq!(d["model"], json!(gen[0].model));
    assert_eq!(d["userPrincipalName"], json!(gen[0].assigned_user));
    assert!(d["@mmd.submittedDateTime"]
        .as_str()
        .is_some_and(|t| t.ends_with('Z')));
    assert_eq!(d["@mmd.registeredDateTime"], Value::Null);

    // $filter: startswith, contains (case-insensitive), enrollmentState, combined.
    let serial = gen[17].serial.clone();
    let prefix = &serial[..serial.len() - 2];
    let by_prefix = filtered(c, &format!("startswith(serialNumber,'{prefix}')")).await;
    assert!(by_prefix.iter().any(|d| d["serialNumber"] == json!(serial)));
    assert!(by_prefix.iter().all(|d| d["serialNumber"]
        .as_str()
        .is_some_and(|s| s.starts_with(prefix))));
    let middle = serial[2..serial.len() - 1].to_lowercase();
    let by_contains = filtered(c, &format!("contains(serialNumber,'{middle}')")).await;
    assert!(by_contains
        .iter()
        .any(|d| d["serialNumber"] == json!(serial)));
    assert_eq!(filtered(c, "enrollmentState eq 'unknown'").await.len(), 250);
    assert_eq!(filtered(c, "enrollmentState eq 'enrolled'").await.len(), 0);
    // `and` keeps what both sides match, and each side alone matches more: HP serials with an
    // A (Dell and Microsoft serials have none; Lenovo's do).
    let is_hp = |d: &Value| d["manufacturer"] == "HP";
    let has_a = |d: &Value| {
        d["serialNumber"]
            .as_str()
            .is_some_and(|s| s.to_lowercase().contains('a'))
    };
    let expected: Vec<&Value> = listed.iter().filter(|d| is_hp(d) && has_a(d)).collect();
    let hp_count = listed.iter().filter(|d| is_hp(d)).count();
    let a_count = listed.iter().filter(|d| has_a(d)).count();
    assert!(
        !expected.is_empty() && expected.len() < hp_count && expected.len() < a_count,
        "the data tells `and` from either side: {} of {hp_count} and {a_count}",
        expected.len()
    );
    let both = filtered(
        c,
        "startswith(manufacturer,'HP') and contains(serialNumber,'a')",
    )
    .await;
    let ids = |v: &[&Value]| -> Vec<String> { v.iter().map(|d| d["id"].to_string()).collect() };
    assert_eq!(ids(&both.iter().collect::<Vec<_>>()), ids(&expected));

    // Paging a filter keeps the filter in the link.
    let hp = filtered(c, "startswith(manufacturer,'HP')").await;
    let reply = c
        .get(&format!(
            "{DEVICES}?$top=3&$filter=startswith(manufacturer,%27HP%27)"
        ))
        .await
        .json();
    assert!(
        hp.len() > 3,
        "more HP devices than one page of 3: {}",
        hp.len()
    );
    let next = reply["@odata.nextLink"].as_str().expect("next");
    assert!(
        next.contains("$filter=startswith%28manufacturer%2C%27HP%27%29"),
        "{next}"
    );
    let page2 = c.get(&strip_origin(next)).await.json();
    let page2 = page2["value"].as_array().expect("value");
    assert_eq!(page2.len(), 3);
    assert!(page2.iter().all(|d| d["manufacturer"] == "HP"));

    // Unsupported filters and bad $top are clear 400s.
    for (query, code) in [
        ("$filter=serialNumber%20gt%20%27a%27", "InvalidFilter"),
        ("$filter=contains(color,%27red%27)", "InvalidFilter"),
        ("$top=0", "BadRequest"),
        ("$top=1001", "BadRequest"),
        ("$top=ten", "BadRequest"),
        ("$orderby=serialNumber", "BadRequest"),
        ("$skiptoken=garbage", "BadRequest"),
    ] {
        let reply = c.get(&format!("{DEVICES}?{query}")).await;
        assert_eq!(reply.status, 400, "{query}");
        assert_eq!(reply.json()["error"]["code"], code, "{query}");
    }
    server.stop().await;
}

async fn filtered(c: &Client, filter: &str) -> Vec<Value> {
    let encoded: String = filter
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect();
    list_pages(c, &format!("$top=1000&$filter={encoded}")).await
}

#[tokio::test]
async fn delete_is_refused_while_pending_then_removes() {
    let server = TestServer::start("delete", |c| {
        c.processing_delay_ms = autopilot_service::device::Millis(2_000)
    })
    .await;
    let c = &server.client;
    let id = ids(&import(c, &import_body(&devices(1, 3), "Standard"), None).await)[0].clone();
    let path = format!("{DEVICES}/{id}");

    let refused = c.delete(&path).await;
    assert_eq!(refused.status, 409);
    let error = refused.json();
    assert_eq!(error["error"]["code"], "Conflict");
    assert!(error["error"]["message"]
        .as_str()
        .is_some_and(|m| m.contains("pending")));
    assert_eq!(
        error["error"]["requestId"].as_str(),
        refused.header("request-id")
    );

    settled(c, &id).await;
    assert_eq!(c.get(&path).await.json()["@mmd.state"], "ready");
    assert_eq!(c.delete(&path).await.status, 204);
    assert_eq!(c.get(&path).await.status, 404);
    assert_eq!(c.delete(&path).await.status, 404);
    assert!(list_all(c, 100).await.is_empty());
    server.stop().await;
}

#[tokio::test]
async fn a_retried_batch_returns_the_first_answer_and_registers_nothing_twice() {
    let server = TestServer::start("idempotent", |_| {}).await;
    let c = &server.client;
    let body = import_body(&devices(20, 4), "PowerUser");
    let first = import(c, &body, Some("batch-a")).await;
    let first_ids = ids(&first);
    assert_eq!(first.header("idempotent-replayed"), None);

    let second = import(c, &body, Some("batch-a")).await;
    assert_eq!(ids(&second), first_ids);
    assert_eq!(second.header("idempotent-replayed"), Some("true"));
    assert_eq!(list_all(c, 1000).await.len(), 20);

    // Sent again after processing: the same ids, as they are now.
    for id in &first_ids {
        settled(c, id).await;
    }
    let third = import(c, &body, Some("batch-a")).await;
    assert_eq!(ids(&third), first_ids);
    assert_eq!(
        third.json()["value"][0]["state"]["deviceImportStatus"],
        "complete"
    );

    // Many copies at once: still one registration.
    let body2 = import_body(&devices(10, 5), "Standard");
    let mut tasks = Vec::new();
    for _ in 0..8 {
        let (c, body2) = (*c, body2.clone());
        tasks.push(tokio::spawn(async move {
            ids(&import(&c, &body2, Some("batch-b")).await)
        }));
    }
    let mut answers = HashSet::new();
    for t in tasks {
        answers.insert(t.await.expect("task"));
    }
    assert_eq!(answers.len(), 1, "every copy got the same ids");
    let listed = list_all(c, 1000).await;
    assert_eq!(listed.len(), 30);
    let serials: HashSet<&str> = listed
        .iter()
        .filter_map(|d| d["serialNumber"].as_str())
        .collect();
    assert_eq!(serials.len(), 30, "no device twice");

    // The same key for other devices is refused.
    let other = import(c, &import_body(&devices(2, 6), "Standard"), Some("batch-a")).await;
    assert_eq!(other.status, 422);
    assert_eq!(other.json()["error"]["code"], "IdempotencyKeyReused");

    // Keys must be sane.
    let long = "k".repeat(300);
    assert_eq!(import(c, &body, Some(&long)).await.status, 400);
    server.stop().await;
}

#[tokio::test]
async fn batches_are_checked() {
    let server = TestServer::start("batches", |_| {}).await;
    let c = &server.client;
    let gen = devices(501, 7);
    let too_many = import(c, &import_body(&gen, "Standard"), None).await;
    assert_eq!(too_many.status, 400);
    assert!(too_many.json()["error"]["message"]
        .as_str()
        .is_some_and(|m| m.contains("500")));
    let empty = import(
        c,
        &json!({"importedWindowsAutopilotDeviceIdentities": []}),
        None,
    )
    .await;
    assert_eq!(empty.status, 400);
    let unknown = import(c, &import_body(&gen[..1], "Gold"), None).await;
    assert_eq!(unknown.status, 400);
    let mut mixed = import_body(&gen[..2], "Standard");
    mixed["importedWindowsAutopilotDeviceIdentities"][1]["@mmd.profile"] = json!("Kiosk");
    assert_eq!(import(c, &mixed, None).await.status, 400);

    // Without annotations the profile is Standard and the manufacturer comes from the hash.
    let plain = json!({"importedWindowsAutopilotDeviceIdentities": [{
        "serialNumber": gen[0].serial,
        "hardwareIdentifier": gen[0].hardware_hash,
        "state": {"deviceImportStatus": "pending"},
    }]});
    let reply = import(c, &plain, None).await;
    assert_eq!(
        reply.status,
        200,
        "{}",
        String::from_utf8_lossy(&reply.body)
    );
    let d = &reply.json()["value"][0];
    assert_eq!(d["@mmd.profile"], "Standard");
    assert_eq!(d["@mmd.manufacturer"], json!(gen[0].manufacturer));
    assert_eq!(d["@mmd.model"], json!(gen[0].model));
    assert_eq!(
        list_all(c, 1000).await.len(),
        1,
        "refused batches added nothing"
    );
    server.stop().await;
}

#[tokio::test]
async fn prefer_return_minimal_leaves_the_hashes_out_of_the_answer() {
    let s = TestServer::start("graph-minimal", |_| {}).await;
    let c = &s.client;
    let body = import_body(&devices(3, 31), "Standard")
        .to_string()
        .into_bytes();
    let full = c.send("POST", IMPORT, &[], Some(body)).await;
    assert_eq!(full.status, 200);
    assert_eq!(full.header("preference-applied"), None);
    let full = full.json();
    assert!(full["value"]
        .as_array()
        .is_some_and(|v| v.iter().all(|d| d["hardwareIdentifier"].is_string())));

    let body = import_body(&devices(3, 32), "Standard")
        .to_string()
        .into_bytes();
    let minimal = c
        .send(
            "POST",
            IMPORT,
            &[("Prefer", "odata.maxpagesize=10, return=minimal")],
            Some(body.clone()),
        )
        .await;
    assert_eq!(minimal.status, 200);
    assert_eq!(minimal.header("preference-applied"), Some("return=minimal"));
    let answer = minimal.json();
    let value = answer["value"].as_array().expect("value");
    assert_eq!(value.len(), 3);
    assert!(value.iter().all(|d| d["hardwareIdentifier"].is_null()));
    assert!(value
        .iter()
        .all(|d| d["state"]["deviceImportStatus"] == "pending"));
    let hashes: usize = full["value"]
        .as_array()
        .map(|v| {
            v.iter()
                .filter_map(|d| d["hardwareIdentifier"].as_str())
                .map(str::len)
                .sum()
        })
        .unwrap_or(0);
    assert!(
        minimal.body.len() + hashes / 2 < full.to_string().len(),
        "{} bytes minimal, {} full, {hashes} of hashes",
        minimal.body.len(),
        full.to_string().len()
    );
    s.stop().await;
}
