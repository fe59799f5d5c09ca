//! A bounded load test on loopback: 50 concurrent clients import 10,000 generated devices in
//! batches of 500 (each with its Idempotency-Key) while the others list, then every client lists
//! everything. Fails on any error, on a missing or a doubled device; prints throughput and
//! latencies.
//!
//! ```sh
//! cargo run --release -p server --example load -- [--clients 50] [--devices 10000] [--batch 500]
//!     [--rate-limit 0] [--processing-delay-ms 4000] [--hash-len 3900]
//!     [--instances 1] [--postgres postgres://user@127.0.0.1:5432/postgres]
//! ```
//!
//! With `--postgres`, a fresh database is created on that server (dropped afterwards) and
//! `--instances` servers (each with its own tenant cache, locks and port, sharing nothing but
//! the database) serve it, the clients spread across them; otherwise one SQLite file.

#[path = "../tests/common/client.rs"]
mod client;

use autopilot_gen::{self as generate, GenOptions};
use client::{Connection, Reply};
use serde_json::{json, Value};
use server::config::Config;
use server::store::Database;
use std::collections::{HashMap, HashSet};
use std::net::SocketAddr;
use std::process::ExitCode;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const IMPORT: &str =
    "/api/graph/v1.0/deviceManagement/importedWindowsAutopilotDeviceIdentities/import";
const DEVICES: &str = "/api/graph/v1.0/deviceManagement/windowsAutopilotDeviceIdentities";

struct Options {
    clients: usize,
    devices: usize,
    batch: usize,
    rate_limit: f64,
    processing_delay_ms: i64,
    hash_len: usize,
    instances: usize,
    postgres: Option<String>,
}

fn options() -> Result<Options, String> {
    let mut o = Options {
        clients: 50,
        devices: 10_000,
        batch: 500,
        rate_limit: 0.0,
        processing_delay_ms: 4_000,
        hash_len: 3_900,
        instances: 1,
        postgres: None,
    };
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        let value = args.next().ok_or_else(|| format!("{flag} needs a value"))?;
        if flag == "--postgres" {
            o.postgres = Some(value);
            continue;
        }
        let n: u64 = value
            .parse()
            .map_err(|_| format!("{flag} wants a number"))?;
        match flag.as_str() {
            "--clients" => o.clients = n.max(1) as usize,
            "--devices" => o.devices = n as usize,
            "--batch" => o.batch = n.clamp(1, 500) as usize,
            "--rate-limit" => o.rate_limit = n as f64,
            "--processing-delay-ms" => o.processing_delay_ms = n as i64,
            "--hash-len" => o.hash_len = n.max(200) as usize,
            "--instances" => o.instances = n.clamp(1, 16) as usize,
            _ => return Err(format!("unknown option {flag}")),
        }
    }
    Ok(o)
}

/// Latencies per kind of request, and what went wrong.
#[derive(Default)]
struct Stats {
    latencies: HashMap<&'static str, Vec<Duration>>,
    throttled: usize,
    errors: Vec<String>,
}

type Shared = Arc<Mutex<Stats>>;

fn record(stats: &Shared, kind: &'static str, took: Duration) {
    if let Ok(mut s) = stats.lock() {
        s.latencies.entry(kind).or_default().push(took);
    }
}

fn fail(stats: &Shared, what: String) {
    if let Ok(mut s) = stats.lock() {
        s.errors.push(what);
    }
}

/// A list page, reading only what the checks need (a client should not be the bottleneck).
#[derive(serde::Deserialize)]
struct Page {
    value: Vec<Listed>,
    #[serde(rename = "@odata.nextLink")]
    next_link: Option<String>,
}

#[derive(serde::Deserialize)]
#[serde(rename_all = "camelCase")]
struct Listed {
    id: String,
    serial_number: String,
}

/// The import answer's ids.
#[derive(serde::Deserialize)]
struct Imported {
    value: Vec<ImportedId>,
}

#[derive(serde::Deserialize)]
struct ImportedId {
    id: String,
}

/// One client: a keep-alive connection and the shared statistics.
struct Client {
    conn: Connection,
    addr: SocketAddr,
    stats: Shared,
}

impl Client {
    async fn open(addr: SocketAddr, stats: Shared) -> Option<Client> {
        match Connection::open(addr).await {
            Ok(conn) => Some(Client { conn, addr, stats }),
            Err(e) => {
                fail(&stats, format!("connect: {e}"));
                None
            }
        }
    }

    /// Sends, honouring 429 Retry-After (counted, not an error); reconnects if the connection
    /// broke. `None` (recorded as an error) for anything but a success.
    async fn send(
        &mut self,
        kind: &'static str,
        path: &str,
        headers: &[(&str, &str)],
        body: Option<&[u8]>,
    ) -> Option<Reply> {
        let method = if body.is_some() { "POST" } else { "GET" };
        for _ in 0..20 {
            let started = Instant::now();
            match self
                .conn
                .send(method, path, headers, body.map(<[u8]>::to_vec))
                .await
            {
                Ok(reply) if reply.status == 429 => {
                    if let Ok(mut s) = self.stats.lock() {
                        s.throttled += 1;
                    }
                    let wait = reply
                        .header("retry-after")
                        .and_then(|v| v.parse().ok())
                        .unwrap_or(1);
                    tokio::time::sleep(Duration::from_secs(wait)).await;
                }
                Ok(reply) => {
                    record(&self.stats, kind, started.elapsed());
                    if !(200..300).contains(&reply.status) {
                        fail(
                            &self.stats,
                            format!(
                                "{method} {path}: {} {}",
                                reply.status,
                                String::from_utf8_lossy(&reply.body)
                            ),
                        );
                        return None;
                    }
                    return Some(reply);
                }
                Err(e) => {
                    fail(&self.stats, format!("{method} {path}: {e}"));
                    self.conn = Connection::open(self.addr).await.ok()?;
                }
            }
        }
        fail(
            &self.stats,
            format!("{method} {path}: gave up after 20 tries"),
        );
        None
    }

    /// One full pass over the list; returns (id, serial) in order.
    async fn list_all(&mut self) -> Option<Vec<(String, String)>> {
        let mut out = Vec::new();
        let mut next = Some(format!("{DEVICES}?$top=1000"));
        while let Some(link) = next {
            let path = match link.strip_prefix("http://") {
                Some(rest) => rest[rest.find('/')?..].to_owned(),
                None => link,
            };
            let reply = self.send("list page", &path, &[], None).await?;
            let page: Page = match serde_json::from_slice(&reply.body) {
                Ok(page) => page,
                Err(e) => {
                    fail(&self.stats, format!("GET {path}: {e}"));
                    return None;
                }
            };
            out.extend(page.value.into_iter().map(|d| (d.id, d.serial_number)));
            next = page.next_link;
        }
        Some(out)
    }
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

fn ms(d: Duration) -> String {
    format!("{:.1}", d.as_secs_f64() * 1000.0)
}

#[tokio::main]
async fn main() -> ExitCode {
    let o = match options() {
        Ok(o) => o,
        Err(e) => {
            eprintln!("load: {e}");
            return ExitCode::from(2);
        }
    };
    let dir = std::env::temp_dir().join(format!("devices-load-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    if let Err(e) = std::fs::create_dir_all(&dir) {
        eprintln!("load: {e}");
        return ExitCode::FAILURE;
    }
    let db = dir.join("devices.sqlite");
    let database = match &o.postgres {
        Some(admin) => match fresh_postgres(admin).await {
            Ok(url) => Database::Postgres(url),
            Err(e) => {
                eprintln!("load: PostgreSQL at {admin}: {e}");
                return ExitCode::FAILURE;
            }
        },
        None => Database::Sqlite(db.clone()),
    };
    let mut running = Vec::new();
    for _ in 0..o.instances {
        match server::start(Config {
            database: database.clone(),
            port: 0,
            dist: dir.join("dist"),
            processing_delay_ms: autopilot_service::device::Millis(o.processing_delay_ms),
            rate_limit: o.rate_limit,
            seed_demo: false,
            ..Config::default()
        })
        .await
        {
            Ok(r) => running.push(r),
            Err(e) => {
                eprintln!("load: {e}");
                return ExitCode::FAILURE;
            }
        }
    }
    let addrs: Vec<SocketAddr> = running.iter().map(|r| r.addr).collect();
    let addr = addrs[0];

    // Generate and serialise the batches before the clock starts.
    let generated = Instant::now();
    let devices = generate::devices(
        o.devices,
        &GenOptions {
            seed: 4_242,
            user_domain: Some("contoso.com".into()),
            hash_len: o.hash_len,
            ..GenOptions::default()
        },
    );
    let batches: Vec<(String, Vec<u8>)> = devices
        .chunks(o.batch)
        .enumerate()
        .map(|(i, chunk)| {
            let items: Vec<Value> = chunk
                .iter()
                .enumerate()
                .map(|(line, d)| {
                    json!({
                        "serialNumber": d.serial,
                        "productKey": "",
                        "hardwareIdentifier": d.hardware_hash,
                        "groupTag": "",
                        "assignedUserPrincipalName": d.assigned_user,
                        "state": {"deviceImportStatus": "pending"},
                        "@mmd.profile": "Standard",
                        "@mmd.manufacturer": d.manufacturer,
                        "@mmd.model": d.model,
                        "@mmd.source": {"file": "load.csv", "line": line + 2},
                    })
                })
                .collect();
            let body = json!({ "importedWindowsAutopilotDeviceIdentities": items });
            (format!("load-batch-{i}"), body.to_string().into_bytes())
        })
        .collect();
    let upload_bytes: usize = batches.iter().map(|(_, b)| b.len()).sum();
    eprintln!(
        "generated {} devices in {} batches ({:.1} MB of JSON) in {:.1} s; server on {addr}",
        devices.len(),
        batches.len(),
        upload_bytes as f64 / 1e6,
        generated.elapsed().as_secs_f64()
    );

    let stats: Shared = Arc::default();
    let queue = Arc::new(Mutex::new(batches));
    let imports_left = Arc::new(std::sync::atomic::AtomicUsize::new(
        queue.lock().map_or(0, |q| q.len()),
    ));
    let import_ids: Arc<Mutex<Vec<String>>> = Arc::default();

    // Phase 1: clients take batches from the queue; clients without one list meanwhile.
    let started = Instant::now();
    let mut tasks = Vec::new();
    for n in 0..o.clients {
        let addr = addrs[n % addrs.len()];
        let (stats, queue, left, import_ids) = (
            stats.clone(),
            queue.clone(),
            imports_left.clone(),
            import_ids.clone(),
        );
        tasks.push(tokio::spawn(async move {
            let Some(mut client) = Client::open(addr, stats).await else {
                return;
            };
            loop {
                let next = queue.lock().ok().and_then(|mut q| q.pop());
                match next {
                    Some((key, body)) => {
                        let reply = client
                            .send(
                                "import (batch)",
                                IMPORT,
                                &[("Idempotency-Key", &key)],
                                Some(&body),
                            )
                            .await;
                        left.fetch_sub(1, std::sync::atomic::Ordering::SeqCst);
                        let ids: Vec<String> = reply
                            .and_then(|r| serde_json::from_slice::<Imported>(&r.body).ok())
                            .map(|v| v.value.into_iter().map(|d| d.id).collect())
                            .unwrap_or_default();
                        if let Ok(mut all) = import_ids.lock() {
                            all.extend(ids);
                        }
                    }
                    None if left.load(std::sync::atomic::Ordering::SeqCst) > 0 => {
                        let _ = client.list_all().await;
                    }
                    None => break,
                }
            }
        }));
    }
    for t in tasks {
        let _ = t.await;
    }
    let import_phase = started.elapsed();

    // Phase 2: every client lists everything and checks it.
    let listed_at = Instant::now();
    let mut tasks = Vec::new();
    for n in 0..o.clients {
        let addr = addrs[n % addrs.len()];
        let stats = stats.clone();
        tasks.push(tokio::spawn(async move {
            Client::open(addr, stats).await?.list_all().await
        }));
    }
    let mut passes = Vec::new();
    for t in tasks {
        if let Ok(Some(pass)) = t.await {
            passes.push(pass);
        }
    }
    let list_phase = listed_at.elapsed();

    // Wait until every registration is decided.
    let Some(mut client) = Client::open(addr, stats.clone()).await else {
        eprintln!("load: cannot connect");
        return ExitCode::FAILURE;
    };
    let deadline = Instant::now() + Duration::from_secs(120);
    let mut counts = Value::Null;
    while Instant::now() < deadline {
        if let Some(reply) = client.send("tenant", "/api/mmd/v1/tenant", &[], None).await {
            counts = serde_json::from_slice::<Value>(&reply.body)
                .map(|v| v["counts"].clone())
                .unwrap_or_default();
            if counts["pending"] == 0 {
                break;
            }
        }
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    let all_decided = started.elapsed();
    for r in running {
        r.stop().await;
    }
    let db_size = match &database {
        Database::Sqlite(path) => std::fs::metadata(path).map_or(0, |m| m.len()),
        Database::Postgres(url) => drop_postgres(url).await.unwrap_or(0),
    };
    let _ = std::fs::remove_dir_all(&dir);

    // Checks.
    let mut problems = stats.lock().map(|s| s.errors.clone()).unwrap_or_default();
    let import_ids = import_ids.lock().map(|v| v.clone()).unwrap_or_default();
    let unique_ids: HashSet<&String> = import_ids.iter().collect();
    if import_ids.len() != o.devices || unique_ids.len() != o.devices {
        problems.push(format!(
            "imports returned {} ids ({} distinct), expected {}",
            import_ids.len(),
            unique_ids.len(),
            o.devices
        ));
    }
    if passes.len() != o.clients {
        problems.push(format!(
            "{} of {} final list passes completed",
            passes.len(),
            o.clients
        ));
    }
    let serials: HashSet<&str> = devices.iter().map(|d| d.serial.as_str()).collect();
    for pass in &passes {
        let ids: HashSet<&str> = pass.iter().map(|(id, _)| id.as_str()).collect();
        let listed: HashSet<&str> = pass.iter().map(|(_, s)| s.as_str()).collect();
        if pass.len() != o.devices || ids.len() != o.devices || listed != serials {
            problems.push(format!(
                "a list pass saw {} devices, {} distinct ids, serials equal: {}",
                pass.len(),
                ids.len(),
                listed == serials
            ));
            break;
        }
    }
    if counts["pending"] != 0 {
        problems.push(format!("still pending after 120 s: {counts}"));
    }

    // Report.
    let stats = match stats.lock() {
        Ok(s) => s,
        Err(_) => return ExitCode::FAILURE,
    };
    let total_requests: usize = stats.latencies.values().map(Vec::len).sum();
    println!(
        "{} on {database}",
        match o.instances {
            1 => "one server".to_owned(),
            n => format!("{n} servers"),
        }
    );
    println!(
        "clients {}, devices {}, batches of {}, hash ~{} chars, processing delay {} ms, rate limit {}",
        o.clients,
        o.devices,
        o.batch,
        o.hash_len,
        o.processing_delay_ms,
        if o.rate_limit > 0.0 {
            format!("{} req/s", o.rate_limit)
        } else {
            "off".into()
        }
    );
    println!(
        "import phase: {:.2} s for {} devices ({:.0} devices/s, {:.1} MB/s of JSON), with concurrent listing",
        import_phase.as_secs_f64(),
        o.devices,
        o.devices as f64 / import_phase.as_secs_f64(),
        upload_bytes as f64 / 1e6 / import_phase.as_secs_f64()
    );
    println!(
        "final listing: {} clients × {} devices in {:.2} s ({:.0} devices/s listed)",
        passes.len(),
        o.devices,
        list_phase.as_secs_f64(),
        (passes.len() * o.devices) as f64 / list_phase.as_secs_f64()
    );
    println!(
        "all registrations decided {:.2} s after the start; {} requests, {} throttled (429); database {:.1} MB",
        all_decided.as_secs_f64(),
        total_requests,
        stats.throttled,
        db_size as f64 / 1e6
    );
    println!(
        "{:<14} {:>6} {:>9} {:>9} {:>9} {:>9}",
        "request", "count", "p50 ms", "p95 ms", "max ms", "req/s"
    );
    let mut kinds: Vec<_> = stats.latencies.iter().collect();
    kinds.sort_by_key(|(k, _)| *k);
    for (kind, latencies) in kinds {
        let mut sorted = latencies.clone();
        sorted.sort();
        println!(
            "{:<14} {:>6} {:>9} {:>9} {:>9} {:>9.1}",
            kind,
            sorted.len(),
            ms(percentile(&sorted, 50.0)),
            ms(percentile(&sorted, 95.0)),
            ms(sorted.last().copied().unwrap_or_default()),
            sorted.len() as f64 / all_decided.as_secs_f64()
        );
    }
    if problems.is_empty() {
        println!("OK: no error, every device exactly once");
        ExitCode::SUCCESS
    } else {
        for p in problems.iter().take(20) {
            println!("FAIL: {p}");
        }
        ExitCode::FAILURE
    }
}

/// Creates an empty database for this run on the PostgreSQL server at `admin`; its URL.
async fn fresh_postgres(admin: &str) -> Result<String, sqlx::Error> {
    use sqlx::Connection;
    let name = format!("devices_load_{}", std::process::id());
    let mut connection = sqlx::PgConnection::connect(admin).await?;
    sqlx::query(&format!("DROP DATABASE IF EXISTS {name}"))
        .execute(&mut connection)
        .await?;
    sqlx::query(&format!("CREATE DATABASE {name}"))
        .execute(&mut connection)
        .await?;
    let base = admin.rsplit_once('/').map_or(admin, |(base, _)| base);
    Ok(format!("{base}/{name}"))
}

/// The run's database size in bytes, then drops it.
async fn drop_postgres(url: &str) -> Result<u64, sqlx::Error> {
    use sqlx::Connection;
    let mut connection = sqlx::PgConnection::connect(url).await?;
    let size: i64 = sqlx::query_scalar("SELECT pg_database_size(current_database())")
        .fetch_one(&mut connection)
        .await?;
    connection.close().await?;
    let (base, name) = url.rsplit_once('/').unwrap_or((url, ""));
    let mut admin = sqlx::PgConnection::connect(&format!("{base}/postgres")).await?;
    sqlx::query(&format!("DROP DATABASE IF EXISTS {name}"))
        .execute(&mut admin)
        .await?;
    Ok(u64::try_from(size).unwrap_or(0))
}
