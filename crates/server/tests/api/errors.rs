//! Every error is JSON with a request id that matches the `request-id` header.

use crate::common::*;

fn assert_json_error(reply: &Reply, status: u16, code: &str) {
    assert_eq!(
        reply.status,
        status,
        "{}",
        String::from_utf8_lossy(&reply.body)
    );
    assert_eq!(reply.header("content-type"), Some("application/json"));
    let body = reply.json();
    assert_eq!(body["error"]["code"], code);
    assert!(body["error"]["message"]
        .as_str()
        .is_some_and(|m| !m.is_empty()));
    let id = reply.header("request-id").expect("request-id header");
    assert_eq!(body["error"]["requestId"].as_str(), Some(id));
}

#[tokio::test]
async fn errors_are_json_with_request_ids() {
    let server = TestServer::start("errors", |_| {}).await;
    let c = &server.client;

    assert_json_error(
        &c.get("/api/graph/v1.0/nothing").await,
        404,
        "RouteNotFound",
    );
    assert_json_error(
        &c.get(&format!("{IMPORTED}missing")).await,
        404,
        "ResourceNotFound",
    );
    assert_json_error(
        &c.get(&format!("{DEVICES}/missing")).await,
        404,
        "ResourceNotFound",
    );
    assert_json_error(
        &c.send("PATCH", DEVICES, &[], None).await,
        405,
        "MethodNotAllowed",
    );
    assert_json_error(&c.get(IMPORT).await, 405, "MethodNotAllowed");
    let not_json = c
        .send("POST", IMPORT, &[], Some(b"{not json".to_vec()))
        .await;
    assert_json_error(&not_json, 400, "BadRequest");
    let wrong_shape = c
        .send("POST", IMPORT, &[], Some(b"{\"devices\":[]}".to_vec()))
        .await;
    assert_json_error(&wrong_shape, 400, "BadRequest");
    assert!(wrong_shape.json()["error"]["message"]
        .as_str()
        .is_some_and(|m| m.contains("importedWindowsAutopilotDeviceIdentities")));
    let no_type = c
        .send(
            "POST",
            IMPORT,
            &[("content-type", "text/plain")],
            Some(b"{}".to_vec()),
        )
        .await;
    assert_json_error(&no_type, 415, "UnsupportedMediaType");

    // Successes carry a request id too, and a client's correlation id is echoed.
    let ok = c
        .send(
            "GET",
            &format!("{MMD}/tenant"),
            &[("client-request-id", "abc-123")],
            None,
        )
        .await;
    assert_eq!(ok.status, 200);
    assert_eq!(ok.header("request-id").map(str::len), Some(36));
    assert_eq!(ok.header("client-request-id"), Some("abc-123"));
    let other = c.get(&format!("{MMD}/tenant")).await;
    assert_ne!(ok.header("request-id"), other.header("request-id"));
    server.stop().await;
}
