//! The contract: `openapi.json` names exactly the routes the router has, and is what is served.

use crate::common::*;
use serde_json::Value;
use std::collections::BTreeSet;

const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "patch", "head", "options", "trace",
];

fn document() -> Value {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/openapi.json");
    let text = std::fs::read_to_string(path).expect("openapi.json");
    serde_json::from_str(&text).expect("openapi.json is JSON")
}

fn documented(doc: &Value) -> BTreeSet<(String, String)> {
    let mut out = BTreeSet::new();
    for (path, item) in doc["paths"].as_object().expect("paths") {
        for (method, _) in item.as_object().expect("path item") {
            if METHODS.contains(&method.as_str()) {
                out.insert((method.clone(), path.clone()));
            }
        }
    }
    out
}

#[test]
fn every_route_is_documented_and_every_documented_route_exists() {
    let doc = document();
    assert!(doc["openapi"]
        .as_str()
        .is_some_and(|v| v.starts_with("3.1")));
    let documented = documented(&doc);
    let routed: BTreeSet<(String, String)> = server::routes::table()
        .into_iter()
        .map(|(m, p)| (m.to_owned(), p.to_owned()))
        .collect();
    let undocumented: Vec<_> = routed.difference(&documented).collect();
    let missing: Vec<_> = documented.difference(&routed).collect();
    assert!(
        undocumented.is_empty(),
        "routes missing from openapi.json: {undocumented:?}"
    );
    assert!(missing.is_empty(), "documented but not routed: {missing:?}");
}

#[test]
fn the_document_is_well_formed() {
    let doc = document();
    let mut ids = BTreeSet::new();
    for (path, item) in doc["paths"].as_object().expect("paths") {
        for (method, operation) in item.as_object().expect("item") {
            let id = operation["operationId"].as_str().expect("operationId");
            assert!(ids.insert(id.to_owned()), "duplicate operationId {id}");
            assert!(
                operation["responses"].is_object(),
                "{method} {path}: responses"
            );
            // Every {param} in the path is declared.
            for segment in path.split('/').filter(|s| s.starts_with('{')) {
                let name = segment.trim_matches(|c| c == '{' || c == '}');
                let declared = operation["parameters"].as_array().is_some_and(|ps| {
                    ps.iter().any(|p| {
                        resolve(&doc, p).is_some_and(|p| p["name"] == name && p["in"] == "path")
                    })
                });
                assert!(declared, "{method} {path}: parameter {name} not declared");
            }
        }
    }
    // Every $ref points somewhere.
    let mut refs = Vec::new();
    collect_refs(&doc, &mut refs);
    assert!(!refs.is_empty());
    for r in refs {
        assert!(
            resolve(&doc, &serde_json::json!({ "$ref": r })).is_some(),
            "dangling $ref {r}"
        );
    }
}

fn collect_refs(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::Object(map) => {
            if let Some(Value::String(r)) = map.get("$ref") {
                out.push(r.clone());
            }
            map.values().for_each(|v| collect_refs(v, out));
        }
        Value::Array(items) => items.iter().for_each(|v| collect_refs(v, out)),
        _ => {}
    }
}

fn resolve<'a>(doc: &'a Value, v: &'a Value) -> Option<&'a Value> {
    match v.get("$ref").and_then(Value::as_str) {
        Some(r) => doc.pointer(r.strip_prefix('#')?),
        None => Some(v),
    }
}

#[tokio::test]
async fn the_served_document_is_the_checked_in_one_and_its_routes_answer() {
    let server = TestServer::start("openapi", |_| {}).await;
    let c = &server.client;
    let served = c.get("/api/openapi.json").await;
    assert_eq!(served.status, 200);
    assert_eq!(served.header("content-type"), Some("application/json"));
    assert_eq!(served.json(), document());

    // Each documented operation reaches a handler (no route-not-found, no method-not-allowed).
    for (method, path) in documented(&document()) {
        let path = path.replace("{id}", "no-such-device");
        let body = matches!(method.as_str(), "post" | "put").then(|| b"{}".to_vec());
        let reply = c.send(&method.to_uppercase(), &path, &[], body).await;
        assert_ne!(reply.status, 405, "{method} {path}");
        if reply.status == 404 {
            assert_ne!(
                reply.json()["error"]["code"],
                "RouteNotFound",
                "{method} {path}"
            );
        }
    }
    server.stop().await;
}
