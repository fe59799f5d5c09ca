//! The built portal on the same port: files, the SPA fallback, `/config.json`.

use crate::common::*;

#[tokio::test]
async fn the_portal_is_served_with_a_fallback_to_index_html() {
    let server = TestServer::start("portal", |_| {}).await;
    let dist = &server.config.dist;
    std::fs::create_dir_all(dist.join("assets")).expect("dist");
    std::fs::write(
        dist.join("index.html"),
        "<!doctype html><title>Devices</title>",
    )
    .expect("index");
    std::fs::write(dist.join("app-0123456789abcdef_bg.wasm"), b"\0asm").expect("wasm");
    std::fs::write(dist.join("assets/site.css"), "body{}").expect("css");
    std::fs::write(
        dist.join("config.json"),
        r#"{"backend":"embedded","database":"x"}"#,
    )
    .expect("config");
    let c = &server.client;

    let index = c.get("/").await;
    assert_eq!(index.status, 200);
    assert_eq!(
        index.header("content-type"),
        Some("text/html; charset=utf-8")
    );
    assert!(String::from_utf8_lossy(&index.body).contains("Devices"));

    let wasm = c.get("/app-0123456789abcdef_bg.wasm").await;
    assert_eq!(wasm.header("content-type"), Some("application/wasm"));
    assert!(wasm
        .header("cache-control")
        .is_some_and(|v| v.contains("immutable")));
    assert_eq!(c.get("/assets/site.css").await.body, b"body{}");

    // Portal routes get index.html; missing files and API paths do not.
    for route in ["/devices", "/devices/some-id", "/register"] {
        let page = c.get(route).await;
        assert_eq!(page.status, 200, "{route}");
        assert!(
            String::from_utf8_lossy(&page.body).contains("Devices"),
            "{route}"
        );
    }
    assert_eq!(c.get("/missing.js").await.status, 404);
    assert_eq!(
        c.get("/api/unknown").await.json()["error"]["code"],
        "RouteNotFound"
    );
    assert_eq!(c.get("/../Cargo.toml").await.status, 404);

    // Precompressed beside the file: served to a browser that takes it, as the same type.
    std::fs::write(
        dist.join("app-0123456789abcdef_bg.wasm.br"),
        b"brotli bytes",
    )
    .expect("br");
    let br = c
        .send(
            "GET",
            "/app-0123456789abcdef_bg.wasm",
            &[("accept-encoding", "br, gzip")],
            None,
        )
        .await;
    assert_eq!(br.status, 200);
    assert_eq!(br.header("content-encoding"), Some("br"));
    assert_eq!(br.header("content-type"), Some("application/wasm"));
    assert_eq!(br.body, b"brotli bytes");
    assert_eq!(
        c.get("/app-0123456789abcdef_bg.wasm").await.body,
        b"\0asm",
        "not to others"
    );

    // Ranges and conditional requests.
    let part = c
        .send("GET", "/assets/site.css", &[("range", "bytes=0-3")], None)
        .await;
    assert_eq!(part.status, 206);
    assert_eq!(part.body, b"body");
    let modified = c.get("/assets/site.css").await;
    let since = modified
        .header("last-modified")
        .expect("last-modified")
        .to_owned();
    let again = c
        .send(
            "GET",
            "/assets/site.css",
            &[("if-modified-since", since.as_str())],
            None,
        )
        .await;
    assert_eq!(again.status, 304);
    assert_eq!(c.get("/%2e%2e/Cargo.toml").await.status, 404);

    // config.json points the portal at this server, keeping the rest.
    let config = c.get("/config.json").await.json();
    assert_eq!(config["backend"], "http");
    assert_eq!(config["apiBase"], "/api");
    assert_eq!(config["database"], "x");
    server.stop().await;
}

#[tokio::test]
async fn api_answers_are_compressed_when_the_client_accepts_it() {
    use std::io::Read;
    let server = TestServer::start("compressed", |c| c.seed_demo = true).await;
    let c = &server.client;
    let path = format!("{DEVICES}?$top=1000");
    let plain = c.get(&path).await;
    assert_eq!(plain.status, 200);
    assert_eq!(plain.header("content-encoding"), None);
    let gzip = c
        .send("GET", &path, &[("accept-encoding", "gzip")], None)
        .await;
    assert_eq!(gzip.status, 200);
    assert_eq!(gzip.header("content-encoding"), Some("gzip"));
    assert!(gzip
        .header("vary")
        .is_some_and(|v| v.to_ascii_lowercase().contains("accept-encoding")));
    assert!(
        gzip.body.len() * 3 < plain.body.len(),
        "{} compressed bytes for {} plain ones",
        gzip.body.len(),
        plain.body.len()
    );
    let mut text = Vec::new();
    flate2::read::GzDecoder::new(&gzip.body[..])
        .read_to_end(&mut text)
        .expect("gzip");
    let as_json = |b: &[u8]| serde_json::from_slice::<serde_json::Value>(b).expect("json");
    assert_eq!(as_json(&text)["value"], as_json(&plain.body)["value"]);
    let br = c
        .send(
            "GET",
            &path,
            &[("accept-encoding", "br;q=1, gzip;q=0.5")],
            None,
        )
        .await;
    assert_eq!(br.header("content-encoding"), Some("br"));
}
