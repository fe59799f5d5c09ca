//! Sign-in end to end: a test OpenID issuer on 127.0.0.1 (discovery document and key set, every
//! key-set fetch counted), tokens signed with the test keys in `tests/keys`, and a server with
//! `--auth-issuer`/`--auth-audience` answering them over TCP.

mod common;

use axum::routing::get;
use common::{devices, import, import_body, Client, Reply, TestServer, DEVICES, MMD};
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use serde_json::{json, Value};
use server::config::AuthSettings;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

const AUDIENCE: &str = "api://devices-portal";
const KEYS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/keys");

fn key_file(name: &str) -> Vec<u8> {
    std::fs::read(format!("{KEYS}/{name}")).expect("test key")
}

/// A test OpenID issuer: its URL, how often its key set was fetched, and the key set it
/// publishes (a test may rotate it).
struct Issuer {
    url: String,
    jwks_fetches: Arc<AtomicUsize>,
    jwks: Arc<std::sync::Mutex<Value>>,
}

async fn issuer() -> Issuer {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr: SocketAddr = listener.local_addr().expect("addr");
    let url = format!("http://{addr}");
    let fetches = Arc::new(AtomicUsize::new(0));
    let discovery = json!({
        "issuer": url,
        "jwks_uri": format!("{url}/jwks"),
        "authorization_endpoint": format!("{url}/auth"),
        "token_endpoint": format!("{url}/token"),
    });
    let jwks: Value = serde_json::from_slice(&key_file("jwks.json")).expect("jwks.json");
    let jwks = Arc::new(std::sync::Mutex::new(jwks));
    let published = jwks.clone();
    let counter = fetches.clone();
    let app = axum::Router::new()
        .route(
            "/.well-known/openid-configuration",
            get(move || async move { axum::Json(discovery) }),
        )
        .route(
            "/jwks",
            get(move || {
                counter.fetch_add(1, Ordering::SeqCst);
                let body = published.lock().map(|j| j.clone()).unwrap_or_default();
                async move { axum::Json(body) }
            }),
        );
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    Issuer {
        url,
        jwks_fetches: fetches,
        jwks,
    }
}

fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("clock")
        .as_secs() as i64
}

/// Claims of a token for `upn` with `roles`, from `issuer`, valid for ten minutes.
fn claims(issuer: &str, upn: &str, roles: &[&str]) -> Value {
    json!({
        "iss": issuer,
        "aud": AUDIENCE,
        "sub": format!("sub-{upn}"),
        "oid": format!("oid-{upn}"),
        "preferred_username": upn,
        "name": format!("Name of {upn}"),
        "roles": roles,
        "scp": "Devices.Access",
        "iat": now(),
        "nbf": now() - 5,
        "exp": now() + 600,
    })
}

fn sign(claims: &Value, alg: Algorithm, kid: &str, key: &EncodingKey) -> String {
    let mut header = Header::new(alg);
    header.kid = Some(kid.into());
    jsonwebtoken::encode(&header, claims, key).expect("signed")
}

fn rsa_token(claims: &Value) -> String {
    let key = EncodingKey::from_rsa_pem(&key_file("issuer-rsa.pem")).expect("rsa key");
    sign(claims, Algorithm::RS256, "rsa-1", &key)
}

fn ec_token(claims: &Value) -> String {
    let key = EncodingKey::from_ec_pem(&key_file("issuer-ec.pem")).expect("ec key");
    sign(claims, Algorithm::ES256, "ec-1", &key)
}

/// Sign-in settings for the test issuer; unknown key ids refresh the keys at most every
/// `refresh`.
fn settings(issuer: &Issuer, refresh: Duration) -> AuthSettings {
    AuthSettings {
        issuer: issuer.url.clone(),
        audience: AUDIENCE.into(),
        client_id: Some("devices-portal".into()),
        scopes: None,
        clock_skew_seconds: 60,
        key_refresh_interval: refresh,
    }
}

async fn server_for(issuer: &Issuer, name: &str) -> TestServer {
    server_refreshing(issuer, name, server::auth::KEY_REFRESH_INTERVAL).await
}

async fn server_refreshing(issuer: &Issuer, name: &str, refresh: Duration) -> TestServer {
    let auth = settings(issuer, refresh);
    TestServer::start(name, move |c| {
        c.seed_demo = true;
        c.auth = Some(auth)
    })
    .await
}

async fn call(
    client: &Client,
    method: &str,
    path: &str,
    token: Option<&str>,
    body: Option<Value>,
) -> Reply {
    let auth = token.map(|t| format!("Bearer {t}"));
    let headers: Vec<(&str, &str)> = auth.iter().map(|a| ("authorization", a.as_str())).collect();
    client
        .send(
            method,
            path,
            &headers,
            body.map(|b| b.to_string().into_bytes()),
        )
        .await
}

fn assert_refused(reply: &Reply, what: &str, says: &str) {
    assert_eq!(
        reply.status,
        401,
        "{what}: {}",
        String::from_utf8_lossy(&reply.body)
    );
    assert!(
        reply
            .header("www-authenticate")
            .is_some_and(|h| h.starts_with("Bearer")),
        "{what}: {:?}",
        reply.headers
    );
    let body = reply.json();
    assert_eq!(
        body["error"]["code"], "InvalidAuthenticationToken",
        "{what}"
    );
    assert!(body["error"]["requestId"].is_string(), "{what}");
    let message = body["error"]["message"].as_str().unwrap_or_default();
    assert!(message.contains(says), "{what}: {message}");
}

#[tokio::test]
async fn every_kind_of_bad_token_is_refused_and_good_ones_of_both_algorithms_pass() {
    let issuer = issuer().await;
    let s = server_for(&issuer, "auth-refusals").await;
    let c = &s.client;
    let list = format!("{DEVICES}?$top=1");
    let admin = claims(&issuer.url, "admin@contoso.com", &["Devices.Administrator"]);

    assert_refused(
        &call(c, "GET", &list, None, None).await,
        "no token",
        "no access token",
    );
    assert_refused(
        &c.send("GET", &list, &[("authorization", "Basic YTpi")], None)
            .await,
        "basic",
        "Bearer",
    );
    let other = EncodingKey::from_rsa_pem(&key_file("other-rsa.pem")).expect("other key");
    let with = |change: &dyn Fn(&mut Value)| {
        let mut c = admin.clone();
        change(&mut c);
        rsa_token(&c)
    };
    let refusals = [
        ("garbage", "not.a.jwt".to_owned(), "not a signed JWT"),
        (
            "another key",
            sign(&admin, Algorithm::RS256, "rsa-1", &other),
            "signature",
        ),
        (
            "issuer",
            with(&|c| c["iss"] = json!("https://login.example/other")),
            "another issuer",
        ),
        (
            "audience",
            with(&|c| c["aud"] = json!("api://something-else")),
            "not meant for",
        ),
        // Past the minute of allowed clock skew.
        (
            "expired",
            with(&|c| c["exp"] = json!(now() - 120)),
            "expired",
        ),
        (
            "nbf",
            with(&|c| c["nbf"] = json!(now() + 300)),
            "not valid yet",
        ),
        (
            "no exp",
            with(&|c| {
                c.as_object_mut().map(|o| o.remove("exp"));
            }),
            "exp",
        ),
    ];
    for (what, token, says) in &refusals {
        assert_refused(&call(c, "GET", &list, Some(token), None).await, what, says);
    }

    // Within the skew: accepted.
    let mut just_expired = admin.clone();
    just_expired["exp"] = json!(now() - 10);
    assert_eq!(
        call(c, "GET", &list, Some(&rsa_token(&just_expired)), None)
            .await
            .status,
        200
    );

    // alg none: an unsigned token with the header changed.
    let b64 = |v: &Value| {
        use base64::Engine;
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(v.to_string())
    };
    let unsigned = format!(
        "{}.{}.",
        b64(&json!({"alg": "none", "typ": "JWT", "kid": "rsa-1"})),
        b64(&admin)
    );
    assert_refused(
        &call(c, "GET", &list, Some(&unsigned), None).await,
        "alg none",
        "JWT",
    );
    let unsigned = format!(
        "{}.{}.",
        b64(&json!({"alg": "None", "kid": "rsa-1"})),
        b64(&admin)
    );
    assert_refused(
        &call(c, "GET", &list, Some(&unsigned), None).await,
        "alg None",
        "JWT",
    );

    // HS256 keyed with the issuer's public key (the classic key-confusion attack).
    let public = EncodingKey::from_secret(&key_file("issuer-rsa.pub.pem"));
    let confused = sign(&admin, Algorithm::HS256, "rsa-1", &public);
    assert_refused(
        &call(c, "GET", &list, Some(&confused), None).await,
        "HS256",
        "HS256",
    );

    // An ES256 header on the RSA key's id.
    let ec = EncodingKey::from_ec_pem(&key_file("issuer-ec.pem")).expect("ec key");
    let mismatched = sign(&admin, Algorithm::ES256, "rsa-1", &ec);
    assert_refused(
        &call(c, "GET", &list, Some(&mismatched), None).await,
        "alg/key mismatch",
        "algorithm",
    );

    for (what, token) in [("RS256", rsa_token(&admin)), ("ES256", ec_token(&admin))] {
        let reply = call(c, "GET", &list, Some(&token), None).await;
        assert_eq!(
            reply.status,
            200,
            "{what}: {}",
            String::from_utf8_lossy(&reply.body)
        );
    }
    s.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_burst_of_unknown_key_ids_fetches_the_keys_once_and_a_rotated_key_is_picked_up() {
    // A refresh interval of 2 s instead of a minute, so the test can wait it out.
    const REFRESH: Duration = Duration::from_secs(2);
    let issuer = issuer().await;
    let s = server_refreshing(&issuer, "auth-kid-burst", REFRESH).await;
    let tenant = format!("{MMD}/tenant");
    assert_eq!(
        issuer.jwks_fetches.load(Ordering::SeqCst),
        1,
        "fetched at start"
    );
    let key = EncodingKey::from_rsa_pem(&key_file("issuer-rsa.pem")).expect("rsa key");
    let admin = claims(&issuer.url, "admin@contoso.com", &["Devices.Administrator"]);

    // Past the interval, 200 tokens naming made-up keys at once: one fetch, not 200.
    tokio::time::sleep(REFRESH + Duration::from_millis(200)).await;
    let mut tasks = Vec::new();
    for i in 0..200 {
        let token = sign(&admin, Algorithm::RS256, &format!("made-up-{i}"), &key);
        let c = s.client;
        let tenant = tenant.clone();
        tasks.push(tokio::spawn(async move {
            call(&c, "GET", &tenant, Some(&token), None).await.status
        }));
    }
    for task in tasks {
        assert_eq!(task.await.expect("task"), 401);
    }
    assert_eq!(
        issuer.jwks_fetches.load(Ordering::SeqCst),
        2,
        "exactly one fetch for the burst"
    );

    // The issuer rotates in a new key. Within the interval a token signed with it is refused
    // (no fetch); after it, the first such token fetches the keys once and is accepted.
    let rotated: Value = serde_json::from_slice(&key_file("other-rsa.jwk.json")).expect("jwk");
    if let Ok(mut jwks) = issuer.jwks.lock() {
        if let Some(keys) = jwks["keys"].as_array_mut() {
            keys.push(rotated);
        }
    }
    let other = EncodingKey::from_rsa_pem(&key_file("other-rsa.pem")).expect("other key");
    let new_key_token = sign(&admin, Algorithm::RS256, "rsa-2", &other);
    assert_eq!(
        call(&s.client, "GET", &tenant, Some(&new_key_token), None)
            .await
            .status,
        401
    );
    assert_eq!(issuer.jwks_fetches.load(Ordering::SeqCst), 2);
    tokio::time::sleep(REFRESH + Duration::from_millis(200)).await;
    assert_eq!(
        call(&s.client, "GET", &tenant, Some(&new_key_token), None)
            .await
            .status,
        200
    );
    assert_eq!(issuer.jwks_fetches.load(Ordering::SeqCst), 3);
    // Known keys need no fetch.
    assert_eq!(
        call(&s.client, "GET", &tenant, Some(&rsa_token(&admin)), None)
            .await
            .status,
        200
    );
    assert_eq!(issuer.jwks_fetches.load(Ordering::SeqCst), 3);
    s.stop().await;
}

#[tokio::test]
async fn id_tokens_and_tokens_without_scopes_do_not_open_the_api() {
    let issuer = issuer().await;
    let s = server_for(&issuer, "auth-id-token").await;
    let list = format!("{DEVICES}?$top=1");
    // An ID token of a single app registration: same issuer, keys and audience, no scopes.
    let mut id_token = claims(&issuer.url, "admin@contoso.com", &["Devices.Administrator"]);
    if let Some(o) = id_token.as_object_mut() {
        o.remove("scp");
        o.insert("nonce".into(), json!("n-1"));
    }
    assert_refused(
        &call(&s.client, "GET", &list, Some(&rsa_token(&id_token)), None).await,
        "id token",
        "ID token",
    );
    let mut no_scope = claims(&issuer.url, "admin@contoso.com", &["Devices.Administrator"]);
    if let Some(o) = no_scope.as_object_mut() {
        o.remove("scp");
    }
    assert_refused(
        &call(&s.client, "GET", &list, Some(&rsa_token(&no_scope)), None).await,
        "no scp",
        "no scopes",
    );
    // OAuth's `scope` (oidc-provider's JWT access tokens) is as good as Entra's `scp`.
    let mut scope = no_scope.clone();
    scope["scope"] = json!("api://devices-portal/Devices.Access");
    assert_eq!(
        call(&s.client, "GET", &list, Some(&rsa_token(&scope)), None)
            .await
            .status,
        200
    );
    // Without any token, the challenge names no error (RFC 6750 §3.1).
    let reply = call(&s.client, "GET", &list, None, None).await;
    assert_eq!(reply.header("www-authenticate"), Some("Bearer"));
    s.stop().await;
}

/// A request that would change something on each write route, or `None` for a read.
fn write_body(method: &str, path: &str) -> Option<Option<Value>> {
    match (method, path) {
        ("get", _) => None,
        (_, p) if p.ends_with("devices:query") => None,
        (_, p) if p.ends_with("/import") => Some(Some(import_body(&devices(1, 7), "Standard"))),
        (_, p) if p.ends_with("/profile") => Some(Some(json!({"profile": "Kiosk"}))),
        (_, p) if p.ends_with("/advance-clock") => Some(Some(json!({"days": 1}))),
        (_, p) if p.ends_with("/faults") => Some(Some(json!({"count": 1}))),
        (_, p) if p.ends_with("/demo/sign-in") => Some(Some(json!({"ids": []}))),
        _ => Some(None),
    }
}

#[tokio::test]
async fn readers_read_and_get_403_on_every_write_route_which_changes_nothing() {
    let issuer = issuer().await;
    let s = server_for(&issuer, "auth-reader").await;
    let c = &s.client;
    let reader = rsa_token(&claims(
        &issuer.url,
        "reader@contoso.com",
        &["Devices.Reader"],
    ));
    let before = call(
        c,
        "GET",
        &format!("{DEVICES}?$top=1000"),
        Some(&reader),
        None,
    )
    .await;
    assert_eq!(before.status, 200);
    let first = before.json()["value"][0]["id"]
        .as_str()
        .expect("a demo device")
        .to_owned();

    let mut writes = 0;
    for (method, path) in server::routes::table() {
        let Some(body) = write_body(method, &path) else {
            continue;
        };
        let path = path.replace("{id}", &first);
        let reply = call(c, &method.to_uppercase(), &path, Some(&reader), body).await;
        assert_eq!(
            reply.status,
            403,
            "{method} {path}: {}",
            String::from_utf8_lossy(&reply.body)
        );
        let message = reply.json()["error"]["message"]
            .as_str()
            .unwrap_or_default()
            .to_owned();
        assert!(
            message.contains("Readers can view and export devices"),
            "{message}"
        );
        writes += 1;
    }
    assert!(writes >= 9, "only {writes} write routes found");

    let after = call(
        c,
        "GET",
        &format!("{DEVICES}?$top=1000"),
        Some(&reader),
        None,
    )
    .await;
    assert_eq!(
        before.json()["value"],
        after.json()["value"],
        "nothing changed"
    );
    let audit = call(c, "GET", common::AUDIT, Some(&reader), None).await;
    assert_eq!(audit.status, 200, "readers may read the audit log");
    assert_eq!(
        audit.json()["value"],
        json!([]),
        "refused writes are not changes"
    );

    let me = call(c, "GET", &format!("{MMD}/me"), Some(&reader), None)
        .await
        .json();
    assert_eq!(me["role"], "Reader");
    assert_eq!(me["userPrincipalName"], "reader@contoso.com");
    assert_eq!(me["signInRequired"], true);

    // An account the app gave no role: 403 everywhere, and /me says why.
    let nobody = rsa_token(&claims(
        &issuer.url,
        "guest@fabrikam.com",
        &["Something.Else"],
    ));
    let reply = call(c, "GET", &format!("{DEVICES}?$top=1"), Some(&nobody), None).await;
    assert_eq!(reply.status, 403);
    let reply = call(c, "GET", &format!("{MMD}/me"), Some(&nobody), None).await;
    assert_eq!(reply.status, 403);
    assert!(reply.json()["error"]["message"]
        .as_str()
        .unwrap_or_default()
        .contains("no role"));
    s.stop().await;
}

#[tokio::test]
async fn an_administrators_changes_are_audited_under_their_name() {
    let issuer = issuer().await;
    let s = server_for(&issuer, "auth-admin").await;
    let c = &s.client;
    let admin = rsa_token(&claims(
        &issuer.url,
        "megan@contoso.com",
        &["Devices.Reader", "Devices.Administrator"],
    ));
    let me = call(c, "GET", &format!("{MMD}/me"), Some(&admin), None)
        .await
        .json();
    assert_eq!(me["role"], "Administrator");
    assert_eq!(me["displayName"], "Name of megan@contoso.com");

    let reply = c
        .send(
            "POST",
            common::IMPORT,
            &[
                ("authorization", &format!("Bearer {admin}")),
                ("client-request-id", "c-1"),
            ],
            Some(
                import_body(&devices(3, 11), "SensitiveData")
                    .to_string()
                    .into_bytes(),
            ),
        )
        .await;
    assert_eq!(
        reply.status,
        200,
        "{}",
        String::from_utf8_lossy(&reply.body)
    );
    let request_id = reply.header("request-id").expect("request id").to_owned();
    let audit = call(c, "GET", common::AUDIT, Some(&admin), None)
        .await
        .json();
    let events = audit["value"].as_array().expect("events");
    assert_eq!(events.len(), 1, "{audit}");
    let event = &events[0];
    assert_eq!(event["activity"], "Import windowsAutopilotDeviceIdentity");
    assert_eq!(event["activityResult"], "Success");
    assert_eq!(event["actor"]["userPrincipalName"], "megan@contoso.com");
    assert_eq!(event["actor"]["userId"], "oid-megan@contoso.com");
    assert_eq!(event["correlationId"], request_id.as_str());
    assert_eq!(event["resources"].as_array().map(Vec::len), Some(3));
    assert_eq!(event["@mmd.detail"], "Profile: Sensitive data");

    // Without a token the same import is refused and not recorded.
    let refused = import(c, &import_body(&devices(1, 12), "Standard"), None).await;
    assert_eq!(refused.status, 401);
    let audit = call(c, "GET", common::AUDIT, Some(&admin), None)
        .await
        .json();
    assert_eq!(audit["value"].as_array().map(Vec::len), Some(1));
    s.stop().await;
}

#[tokio::test]
async fn without_sign_in_the_server_refuses_to_listen_beyond_loopback() {
    let dir = common::TempDir::new("auth-bind");
    let mut config = common::test_config(&dir).await;
    config.bind = "0.0.0.0".parse().expect("ip");
    let error = match server::start(config).await {
        Ok(_) => panic!("started on 0.0.0.0 without sign-in"),
        Err(e) => e.to_string(),
    };
    assert!(
        error.contains("--auth-issuer") && error.contains("127.0.0.1"),
        "{error}"
    );
}

#[tokio::test]
async fn every_answer_carries_the_security_headers_and_the_loader_script_hash() {
    let issuer = issuer().await;
    let dir = common::TempDir::new("auth-csp");
    std::fs::create_dir_all(dir.join("dist")).expect("dist");
    let loader = "import init from '/app.js';await init();";
    std::fs::write(
        dir.join("dist/index.html"),
        format!("<!doctype html><html><head><script type=\"module\">{loader}</script></head><body></body></html>"),
    )
    .expect("index");
    let mut config = common::test_config(&dir).await;
    config.auth = Some(settings(&issuer, server::auth::KEY_REFRESH_INTERVAL));
    let running = server::start(config).await.expect("starts");
    let c = Client { addr: running.addr };
    use sha2::Digest;
    let hash = {
        use base64::Engine;
        base64::engine::general_purpose::STANDARD.encode(sha2::Sha256::digest(loader.as_bytes()))
    };
    for path in [
        "/",
        "/devices",
        "/config.json",
        "/api/mmd/v1/tenant",
        "/missing.js",
    ] {
        let reply = c.get(path).await;
        let csp = reply.header("content-security-policy").unwrap_or_default();
        assert!(csp.contains(&format!("'sha256-{hash}'")), "{path}: {csp}");
        assert!(
            csp.contains("'wasm-unsafe-eval'") && csp.contains("frame-ancestors 'none'"),
            "{path}: {csp}"
        );
        assert!(
            !csp.contains("unsafe-inline") && !csp.contains("'unsafe-eval'"),
            "{path}: {csp}"
        );
        assert!(
            csp.contains(&format!("connect-src 'self' {}", issuer.url)),
            "{path}: {csp}"
        );
        assert_eq!(
            reply.header("referrer-policy"),
            Some("no-referrer"),
            "{path}"
        );
        assert_eq!(
            reply.header("x-content-type-options"),
            Some("nosniff"),
            "{path}"
        );
    }
    let config = c.get("/config.json").await.json();
    assert_eq!(config["auth"]["authority"], issuer.url.as_str());
    assert_eq!(config["auth"]["clientId"], "devices-portal");
    assert!(config["auth"]["scopes"]
        .as_str()
        .unwrap_or_default()
        .contains("openid"));
    running.stop().await;
}

#[tokio::test]
async fn the_rate_limit_is_per_signed_in_caller() {
    let issuer = issuer().await;
    let auth = settings(&issuer, server::auth::KEY_REFRESH_INTERVAL);
    let server = TestServer::start("auth-rate", move |c| {
        c.seed_demo = true;
        c.auth = Some(auth);
        c.rate_limit = 0.5;
        c.rate_burst = Some(3.0);
    })
    .await;
    let c = &server.client;
    let megan = rsa_token(&claims(
        &issuer.url,
        "megan@contoso.com",
        &["Devices.Reader"],
    ));
    let adele = rsa_token(&claims(
        &issuer.url,
        "adele@contoso.com",
        &["Devices.Reader"],
    ));
    let tenant = format!("{MMD}/tenant");
    for _ in 0..3 {
        let ok = call(c, "GET", &tenant, Some(&megan), None).await;
        assert_eq!(ok.status, 200);
    }
    let over = call(c, "GET", &tenant, Some(&megan), None).await;
    assert_eq!(over.status, 429, "megan is over the rate");
    assert!(over.header("retry-after").is_some());
    // Another account, from the same address, is not slowed down by megan.
    let other = call(c, "GET", &tenant, Some(&adele), None).await;
    assert_eq!(other.status, 200, "adele has a bucket of her own");
    // A request without a token is refused for that (401), not counted against anyone.
    let anonymous = call(c, "GET", &tenant, None, None).await;
    assert_eq!(anonymous.status, 401);
}

/// An administrator of organisation `tid`.
fn admin_of(issuer: &Issuer, upn: &str, tid: &str) -> String {
    let mut claims = claims(
        &issuer.url,
        upn,
        &["Devices.Reader", "Devices.Administrator"],
    );
    claims["tid"] = json!(tid);
    rsa_token(&claims)
}

/// Imports `count` devices as `token` and waits until every one is decided; their ids.
async fn import_settled(c: &Client, token: &str, seed: u64, count: usize) -> Vec<String> {
    let body = import_body(&devices(count, seed), "Standard");
    let reply = call(c, "POST", common::IMPORT, Some(token), Some(body)).await;
    let ids = common::ids(&reply);
    for id in &ids {
        let deadline = std::time::Instant::now() + Duration::from_secs(15);
        loop {
            let path = format!("{}{id}", common::IMPORTED);
            let status = call(c, "GET", &path, Some(token), None).await.json();
            if status["state"]["deviceImportStatus"] != "pending" {
                break;
            }
            assert!(std::time::Instant::now() < deadline, "{id} never settled");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
    ids
}

/// What tenant A holds, as A sees it.
async fn snapshot(c: &Client, token: &str) -> (Value, Value, Value) {
    let devices = call(c, "GET", &format!("{DEVICES}?$top=1000"), Some(token), None)
        .await
        .json();
    let tenant = call(c, "GET", &format!("{MMD}/tenant"), Some(token), None)
        .await
        .json();
    let audit = call(c, "GET", common::AUDIT, Some(token), None)
        .await
        .json();
    (devices["value"].clone(), tenant, audit["value"].clone())
}

#[tokio::test]
async fn no_route_lets_one_tenant_read_or_change_another_tenants_devices() {
    let issuer = issuer().await;
    let auth = settings(&issuer, server::auth::KEY_REFRESH_INTERVAL);
    let s = TestServer::start("auth-tenants", move |c| c.auth = Some(auth)).await;
    let c = &s.client;
    let a = admin_of(
        &issuer,
        "megan@contoso.com",
        "aaaaaaaa-0000-4000-8000-00000000000a",
    );
    let b = admin_of(
        &issuer,
        "adele@contoso.com",
        "bbbbbbbb-0000-4000-8000-00000000000b",
    );
    let a_ids = import_settled(c, &a, 31, 5).await;
    let a_serials: Vec<String> = devices(5, 31).into_iter().map(|d| d.serial).collect();
    // Ids count up per tenant, so B's first two have the ids of A's first two (as B's own
    // devices); the routes below name A's last, which B never gets.
    import_settled(c, &b, 32, 2).await;
    let before = snapshot(c, &a).await;
    assert_eq!(
        before.0.as_array().map(Vec::len),
        Some(5),
        "A sees its own 5"
    );
    assert_eq!(
        before.2.as_array().map(Vec::len),
        Some(1),
        "A's import, audited"
    );

    // B calls every route, naming A's devices wherever a route takes ids.
    let mut calls = 0;
    for (method, path) in server::routes::table() {
        let body = match path.rsplit('/').next().unwrap_or_default() {
            "import" => Some(import_body(&devices(1, 33), "Standard")),
            "profile" => Some(json!({"profile": "Kiosk"})),
            "devices:query" | "sign-in" => Some(json!({"ids": a_ids})),
            "devices:bulk" => Some(json!({"action": "remove", "ids": a_ids})),
            "advance-clock" => Some(json!({"days": 9})),
            "faults" => Some(json!({"count": 3})),
            "seed" => Some(json!({"count": 5})),
            _ => None,
        };
        let named = path.contains("{id}");
        let path = path.replace("{id}", &a_ids[4]);
        let reply = call(c, &method.to_uppercase(), &path, Some(&b), body).await;
        let text = String::from_utf8_lossy(&reply.body).into_owned();
        for serial in &a_serials {
            assert!(
                !text.contains(serial.as_str()),
                "{method} {path} shows A's {serial}: {text}"
            );
        }
        if named {
            assert_eq!(
                reply.status, 404,
                "{method} {path} finds A's device: {text}"
            );
        }
        calls += 1;
    }
    assert!(calls >= 18, "only {calls} routes called");

    let after = snapshot(c, &a).await;
    assert_eq!(after.0, before.0, "A's devices are untouched");
    assert_eq!(after.1["clockOffset"], before.1["clockOffset"], "A's clock");
    assert_eq!(
        after.1["injectFaults"], before.1["injectFaults"],
        "A's faults"
    );
    assert_eq!(after.2, before.2, "A's audit log has A's change only");
    // B's log has B's changes and none of A's devices.
    let (_, _, b_audit) = snapshot(c, &b).await;
    assert!(b_audit.as_array().map_or(0, Vec::len) >= 5, "{b_audit}");
    assert!(!a_serials
        .iter()
        .any(|s| b_audit.to_string().contains(s.as_str())));
    // A token without tid is the default tenant: neither A's nor B's.
    let untenanted = rsa_token(&claims(&issuer.url, "it@contoso.com", &["Devices.Reader"]));
    let (default_devices, _, _) = snapshot(c, &untenanted).await;
    assert_eq!(default_devices, json!([]), "the default tenant is empty");
    // A tid that cannot name a tenant is refused with the token.
    let mut bad = claims(&issuer.url, "x@contoso.com", &["Devices.Reader"]);
    bad["tid"] = json!("../../etc");
    let reply = call(
        c,
        "GET",
        &format!("{MMD}/tenant"),
        Some(&rsa_token(&bad)),
        None,
    )
    .await;
    assert_refused(&reply, "a bad tid", "tid");
    s.stop().await;
}

#[tokio::test]
async fn a_portal_on_the_graph_backend_is_told_graphs_base_and_scopes_and_may_call_graph() {
    let issuer = issuer().await;
    let auth = settings(&issuer, server::auth::KEY_REFRESH_INTERVAL);
    let s = TestServer::start("auth-graph-portal", move |c| {
        c.auth = Some(auth);
        c.portal_backend = "graph".into();
    })
    .await;
    std::fs::create_dir_all(&s.config.dist).expect("dist");
    std::fs::write(
        s.config.dist.join("index.html"),
        "<!doctype html><title>Devices</title>",
    )
    .expect("index");
    let c = &s.client;
    let config = c.get("/config.json").await.json();
    assert_eq!(config["backend"], "graph");
    assert_eq!(config["graphBase"], "https://graph.microsoft.com/beta");
    assert!(config.get("apiBase").is_none(), "no /mmd/v1 in this mode");
    let scopes = config["auth"]["scopes"].as_str().unwrap_or_default();
    assert!(
        scopes.contains("https://graph.microsoft.com/DeviceManagementServiceConfig.ReadWrite.All"),
        "{scopes}"
    );
    let csp = c
        .get("/")
        .await
        .header("content-security-policy")
        .unwrap_or_default()
        .to_owned();
    assert!(csp.contains("https://graph.microsoft.com"), "{csp}");
    s.stop().await;
}
