//! Shared by the integration tests: a server on an ephemeral loopback port with its SQLite file
//! in a temporary directory, generated devices, and the requests the tests repeat.

#![allow(dead_code)]

pub mod client;
pub mod process;

use autopilot_gen::{self as generate, GenDevice, GenOptions};
pub use client::{Client, Reply};
use serde_json::{json, Value};
use server::config::Config;
use server::store::Database;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

/// Graph's import endpoint.
pub const IMPORT: &str =
    "/api/graph/v1.0/deviceManagement/importedWindowsAutopilotDeviceIdentities/import";
/// Graph's import status, followed by the id.
pub const IMPORTED: &str =
    "/api/graph/v1.0/deviceManagement/importedWindowsAutopilotDeviceIdentities/";
/// Graph's device list.
pub const DEVICES: &str = "/api/graph/v1.0/deviceManagement/windowsAutopilotDeviceIdentities";
/// The audit log.
pub const AUDIT: &str = "/api/graph/v1.0/deviceManagement/auditEvents";
/// The portal's own endpoints.
pub const MMD: &str = "/api/mmd/v1";

/// A directory removed when dropped.
pub struct TempDir(pub PathBuf);

impl TempDir {
    /// A fresh, empty directory.
    pub fn new(name: &str) -> TempDir {
        static N: AtomicU64 = AtomicU64::new(0);
        let dir = std::env::temp_dir().join(format!(
            "devices-server-{name}-{}-{}",
            std::process::id(),
            N.fetch_add(1, Ordering::Relaxed)
        ));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("temp dir");
        TempDir(dir)
    }

    /// A path inside.
    pub fn join(&self, name: &str) -> PathBuf {
        self.0.join(name)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// The PostgreSQL server the tests run against instead of SQLite files, when set: a URL whose
/// user may create databases (`scripts/postgres.sh` starts one and sets it).
pub const POSTGRES_ENV: &str = "DEVICES_TEST_POSTGRES";

/// A fresh, empty database for one test: a SQLite file in `dir`, or, when
/// [`POSTGRES_ENV`] is set, a new database on that PostgreSQL server.
pub async fn test_database(dir: &TempDir) -> Database {
    let Ok(admin) = std::env::var(POSTGRES_ENV) else {
        return Database::Sqlite(dir.join("devices.sqlite"));
    };
    static N: AtomicU64 = AtomicU64::new(0);
    let name = format!(
        "devices_test_{}_{}",
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed)
    );
    use sqlx::Connection;
    let mut connection = sqlx::PgConnection::connect(&admin)
        .await
        .unwrap_or_else(|e| panic!("{POSTGRES_ENV}={admin}: {e}"));
    sqlx::query(&format!("DROP DATABASE IF EXISTS {name}"))
        .execute(&mut connection)
        .await
        .expect("drop database");
    sqlx::query(&format!("CREATE DATABASE {name}"))
        .execute(&mut connection)
        .await
        .expect("create database");
    let base = admin
        .rsplit_once('/')
        .map_or(admin.as_str(), |(base, _)| base);
    Database::Postgres(format!("{base}/{name}"))
}

/// Whether the tests run on PostgreSQL.
pub fn on_postgres() -> bool {
    std::env::var_os(POSTGRES_ENV).is_some()
}

/// The server's command-line flag for `database`.
pub fn database_args(database: &Database) -> Vec<String> {
    match database {
        Database::Sqlite(path) => vec!["--db".into(), path.display().to_string()],
        Database::Postgres(url) => vec!["--database".into(), url.clone()],
    }
}

/// Settings for tests on a fresh database in `dir`: short delays, no rate limit, no demo
/// devices.
pub async fn test_config(dir: &TempDir) -> Config {
    Config {
        database: test_database(dir).await,
        port: 0,
        dist: dir.join("dist"),
        processing_delay_ms: autopilot_service::device::Millis(100),
        tick_ms: 20,
        rate_limit: 0.0,
        seed_demo: false,
        ..Config::default()
    }
}

/// A running server with its directory.
pub struct TestServer {
    /// Talks to it.
    pub client: Client,
    /// The server.
    pub running: Option<server::Running>,
    /// Its settings.
    pub config: Config,
    /// Holds the database.
    pub dir: TempDir,
}

impl TestServer {
    /// A server on a fresh database, `change` adjusting the test settings.
    pub async fn start(name: &str, change: impl FnOnce(&mut Config)) -> TestServer {
        let dir = TempDir::new(name);
        let mut config = test_config(&dir).await;
        change(&mut config);
        let running = server::start(config.clone()).await.expect("server starts");
        TestServer {
            client: Client { addr: running.addr },
            running: Some(running),
            config,
            dir,
        }
    }

    /// Stops the server and starts it again on the same database.
    pub async fn restart(&mut self) {
        if let Some(running) = self.running.take() {
            running.stop().await;
        }
        let running = server::start(self.config.clone())
            .await
            .expect("server restarts");
        self.client = Client { addr: running.addr };
        self.running = Some(running);
    }

    /// Stops the server.
    pub async fn stop(mut self) {
        if let Some(running) = self.running.take() {
            running.stop().await;
        }
    }
}

/// `count` devices with valid hashes, reproducible from `seed`.
pub fn devices(count: usize, seed: u64) -> Vec<GenDevice> {
    generate::devices(
        count,
        &GenOptions {
            seed,
            user_domain: Some("contoso.com".into()),
            hash_len: 600,
            ..GenOptions::default()
        },
    )
}

/// One import object as the portal sends it.
pub fn import_item(d: &GenDevice, profile: &str, line: u32) -> Value {
    json!({
        "@odata.type": "#microsoft.graph.importedWindowsAutopilotDeviceIdentity",
        "serialNumber": d.serial,
        "productKey": "",
        "hardwareIdentifier": d.hardware_hash,
        "groupTag": d.group_tag,
        "assignedUserPrincipalName": d.assigned_user,
        "state": { "deviceImportStatus": "pending" },
        "@mmd.profile": profile,
        "@mmd.manufacturer": d.manufacturer,
        "@mmd.model": d.model,
        "@mmd.source": { "file": "devices.csv", "line": line },
    })
}

/// An import body for these devices.
pub fn import_body(devices: &[GenDevice], profile: &str) -> Value {
    json!({
        "importedWindowsAutopilotDeviceIdentities": devices
            .iter()
            .enumerate()
            .map(|(i, d)| import_item(d, profile, i as u32 + 2))
            .collect::<Vec<_>>()
    })
}

/// Imports a body with an optional idempotency key; returns the reply.
pub async fn import(client: &Client, body: &Value, key: Option<&str>) -> Reply {
    let headers: Vec<(&str, &str)> = key.map(|k| ("Idempotency-Key", k)).into_iter().collect();
    client
        .send(
            "POST",
            IMPORT,
            &headers,
            Some(body.to_string().into_bytes()),
        )
        .await
}

/// The ids of an import reply's objects.
pub fn ids(reply: &Reply) -> Vec<String> {
    assert_eq!(
        reply.status,
        200,
        "{}",
        String::from_utf8_lossy(&reply.body)
    );
    reply.json()["value"]
        .as_array()
        .expect("value")
        .iter()
        .map(|d| d["id"].as_str().expect("id").to_owned())
        .collect()
}

/// Waits until the import `id` is no longer pending; returns its object.
pub async fn settled(client: &Client, id: &str) -> Value {
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        let reply = client.get(&format!("{IMPORTED}{id}")).await;
        assert_eq!(
            reply.status,
            200,
            "{}",
            String::from_utf8_lossy(&reply.body)
        );
        let body = reply.json();
        if body["state"]["deviceImportStatus"] != "pending" {
            return body;
        }
        assert!(Instant::now() < deadline, "{id} still pending");
        tokio::time::sleep(Duration::from_millis(30)).await;
    }
}

/// Every device, following `@odata.nextLink` with pages of `top`.
pub async fn list_all(client: &Client, top: usize) -> Vec<Value> {
    list_pages(client, &format!("$top={top}")).await
}

/// Every device the list answers for `query` (`$top=…&$filter=…`), following
/// `@odata.nextLink`; every page must be a 200.
pub async fn list_pages(client: &Client, query: &str) -> Vec<Value> {
    pages(client, &format!("{DEVICES}?{query}")).await
}

/// Every item of a Graph collection from `first` on, following `@odata.nextLink`; every page
/// must be a 200.
pub async fn pages(client: &Client, first: &str) -> Vec<Value> {
    let mut all = Vec::new();
    let mut next = Some(first.to_owned());
    while let Some(link) = next {
        let reply = client.get(&strip_origin(&link)).await;
        assert_eq!(
            reply.status,
            200,
            "{first}: {}",
            String::from_utf8_lossy(&reply.body)
        );
        let body = reply.json();
        all.extend(body["value"].as_array().expect("value").iter().cloned());
        next = body["@odata.nextLink"].as_str().map(str::to_owned);
    }
    all
}

/// The path and query of an absolute link.
pub fn strip_origin(link: &str) -> String {
    match link.strip_prefix("http://") {
        Some(rest) => rest.find('/').map_or("/".into(), |i| rest[i..].to_owned()),
        None => link.to_owned(),
    }
}
