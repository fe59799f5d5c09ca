//! Storage of every tenant: its state, its devices (the domain's JSON), the import batches seen
//! (for idempotent retries) and the audit log, each change with its audit event in one
//! transaction, on SQLite (one file, the default) or PostgreSQL (several server processes on
//! one database).
//!
//! Each process keeps the tenants it serves in memory (`crate::tenant`). So that several
//! processes can share one database, every write moves the tenant's `version` on and stamps the
//! device rows and removal tombstones it wrote with it; a process that holds an older version
//! reads only what changed since ([`Delta`]). Changes take the tenant's row lock first
//! ([`Store::lock`]), so they run one at a time per tenant across every process, each on the
//! latest data; the background decisions claim due tenants with `FOR UPDATE SKIP LOCKED`
//! ([`Store::claim`]), so processes share that work and never decide a registration twice.

mod locked;
mod open;

pub use locked::Locked;
pub use open::Database;

use crate::audit_filter::Condition;
use autopilot_service::audit::AuditEvent;
use autopilot_service::device::{Device, RealTime};
use autopilot_service::service::{Service, TenantState};
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, AnyPool, Row};
use std::fmt;

/// Why storage failed.
#[derive(Debug)]
pub enum StoreError {
    /// The database refused or failed.
    Database(sqlx::Error),
    /// Schema migration failed.
    Migration(sqlx::migrate::MigrateError),
    /// A stored value could not be written or read as JSON.
    Json(serde_json::Error),
    /// The tenant's row is gone while its lock was held.
    Vanished,
}

impl fmt::Display for StoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StoreError::Database(e) => write!(f, "database: {e}"),
            StoreError::Migration(e) => write!(f, "migration: {e}"),
            StoreError::Json(e) => write!(f, "stored JSON: {e}"),
            StoreError::Vanished => f.write_str("the tenant's row vanished under its lock"),
        }
    }
}

impl std::error::Error for StoreError {}

impl From<sqlx::Error> for StoreError {
    fn from(e: sqlx::Error) -> Self {
        StoreError::Database(e)
    }
}

impl From<serde_json::Error> for StoreError {
    fn from(e: serde_json::Error) -> Self {
        StoreError::Json(e)
    }
}

/// Which database engine, where their SQL differs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    /// One file; one writer at a time.
    Sqlite,
    /// A server; row locks.
    Postgres,
}

/// A tenant's row: what a process compares with the copy it holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Head {
    /// Moves on with every write.
    pub version: i64,
    /// Removals are known from this version on; a copy older than this reloads whole.
    pub tombstones_from: i64,
    /// The list place of the next new device.
    pub next_position: i64,
}

/// A tenant loaded whole.
#[derive(Debug)]
pub struct Loaded {
    /// The service with every readable device, in submission order.
    pub service: Service,
    /// Device rows that could not be read (kept in the database, never overwritten).
    pub unreadable: usize,
    /// The version loaded.
    pub version: i64,
}

/// What changed in a tenant since a version.
#[derive(Debug)]
pub struct Delta {
    /// The tenant's state now.
    pub state: TenantState,
    /// Devices written since, in list order.
    pub devices: Vec<Device>,
    /// Ids of the devices removed since.
    pub removed: Vec<String>,
    /// Changed rows that could not be read.
    pub unreadable: usize,
}

/// What a copy of a tenant lacks.
#[derive(Debug)]
pub enum Since {
    /// Nothing: it is current.
    Current,
    /// The rows written after its version, up to this head.
    Delta(Head, Delta),
    /// Everything (it is older than the tombstones kept).
    Whole(Loaded),
    /// The database does not hold the tenant.
    Missing,
}

/// The database of every tenant.
pub struct Store {
    pool: AnyPool,
    engine: Engine,
}

impl Store {
    /// The tenant whole, or `None` when the database does not hold it.
    pub async fn load(&self, tenant: &str) -> Result<Option<Loaded>, StoreError> {
        let mut tx = self.pool.begin().await?;
        let loaded = load(&mut tx, tenant).await?;
        tx.commit().await?;
        Ok(loaded)
    }

    /// What a copy at `version` lacks, without a lock (reads only need the latest writes), as
    /// of one snapshot of the database.
    pub async fn since(&self, tenant: &str, version: i64) -> Result<Since, StoreError> {
        let mut tx = self.pool.begin().await?;
        if self.engine == Engine::Postgres {
            // One snapshot for every statement below (SQLite's read transaction is one anyway).
            sqlx::query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
                .execute(&mut *tx)
                .await?;
        }
        let since = match head(&mut tx, tenant).await? {
            None => Since::Missing,
            Some(head) => since_head(&mut tx, tenant, head, version).await?,
        };
        tx.commit().await?;
        Ok(since)
    }

    /// Begins a change of `tenant`: takes its row lock, which every other process's change of
    /// the tenant waits for until this one commits or rolls back. `None` when the database
    /// does not hold the tenant.
    pub async fn lock(&self, tenant: &str) -> Result<Option<Locked>, StoreError> {
        let lock = match self.engine {
            // Writing the row takes SQLite's write lock, which is the whole file's.
            Engine::Sqlite => {
                "UPDATE tenants SET version = version WHERE tenant_id = $1 \
                 RETURNING version, tombstones_from, next_position"
            }
            Engine::Postgres => {
                "SELECT version, tombstones_from, next_position FROM tenants \
                 WHERE tenant_id = $1 FOR UPDATE"
            }
        };
        Locked::begin(&self.pool, tenant, lock, None).await
    }

    /// Claims `tenant` for deciding its due registrations, if one is due at `now` and no other
    /// process is working on the tenant: `None` otherwise (nothing to do here).
    pub async fn claim(&self, tenant: &str, now: RealTime) -> Result<Option<Locked>, StoreError> {
        let claim = match self.engine {
            Engine::Sqlite => {
                "UPDATE tenants SET version = version WHERE tenant_id = $1 AND next_due <= $2 \
                 RETURNING version, tombstones_from, next_position"
            }
            Engine::Postgres => {
                "SELECT version, tombstones_from, next_position FROM tenants \
                 WHERE tenant_id = $1 AND next_due <= $2 FOR UPDATE SKIP LOCKED"
            }
        };
        Locked::begin(&self.pool, tenant, claim, Some(now)).await
    }

    /// The tenants with a registration due at `now`, in the order they fell due.
    pub async fn due(&self, now: RealTime) -> Result<Vec<String>, StoreError> {
        Ok(sqlx::query_scalar(
            "SELECT tenant_id FROM tenants WHERE next_due <= $1 ORDER BY next_due LIMIT 100",
        )
        .bind(now.0)
        .fetch_all(&self.pool)
        .await?)
    }

    /// Stores a tenant the database does not hold yet: `service`, with every device. `false`
    /// (nothing written) when another process stored it first.
    pub async fn create(&self, tenant: &str, service: &Service) -> Result<bool, StoreError> {
        let mut tx = self.pool.begin().await?;
        let created = sqlx::query(
            "INSERT INTO tenants (tenant_id, state, version, next_position, tombstones_from, next_due) \
             VALUES ($1, $2, 1, $3, 1, $4) ON CONFLICT (tenant_id) DO NOTHING",
        )
        .bind(tenant)
        .bind(serde_json::to_string(&service.state)?)
        .bind(i64::try_from(service.devices.len()).unwrap_or(i64::MAX))
        .bind(service.next_due().map(|t| t.0))
        .execute(&mut *tx)
        .await?
        .rows_affected()
            == 1;
        if !created {
            tx.rollback().await?;
            return Ok(false);
        }
        let devices: Vec<&Device> = service.devices.iter().collect();
        locked::put_devices(&mut tx, tenant, &devices, 0, 1).await?;
        tx.commit().await?;
        Ok(true)
    }

    /// Up to `top` audit events of `tenant` meeting every condition, newest first, older than
    /// the event `before` when given; and whether more follow. An unreadable row is left out
    /// and counted.
    pub async fn audit_events(
        &self,
        tenant: &str,
        conditions: &[Condition],
        before: Option<&str>,
        top: usize,
    ) -> Result<AuditPage, StoreError> {
        let mut sql = String::from("SELECT id, body FROM audit_events WHERE tenant_id = $1");
        let mut n = 1;
        let mut placeholder = || {
            n += 1;
            format!("${n}")
        };
        for condition in conditions {
            match condition {
                Condition::Time(compare, _) => {
                    sql.push_str(&format!(" AND at {} {}", compare.sql(), placeholder()))
                }
                // User principal names are ASCII (Entra allows no other characters), where
                // SQLite's and PostgreSQL's LOWER agree.
                Condition::Actor(_) => {
                    sql.push_str(&format!(" AND LOWER(actor_upn) = LOWER({})", placeholder()))
                }
            }
        }
        if before.is_some() {
            sql.push_str(&format!(" AND id < {}", placeholder()));
        }
        sql.push_str(&format!(" ORDER BY id DESC LIMIT {}", placeholder()));
        let mut query = sqlx::query_as::<_, (String, String)>(&sql).bind(tenant.to_owned());
        for condition in conditions {
            query = match condition {
                Condition::Time(_, at) => query.bind(at.0),
                Condition::Actor(name) => query.bind(name.clone()),
            };
        }
        if let Some(before) = before {
            query = query.bind(before.to_owned());
        }
        let rows = query
            .bind(i64::try_from(top + 1).unwrap_or(i64::MAX))
            .fetch_all(&self.pool)
            .await?;
        let more = rows.len() > top;
        let mut page = AuditPage {
            events: Vec::with_capacity(top),
            last: None,
            more,
            unreadable: 0,
        };
        for (id, row) in rows.into_iter().take(top) {
            page.last = Some(id);
            match serde_json::from_str::<AuditEvent>(&row) {
                Ok(event) => page.events.push(event),
                Err(_) => page.unreadable += 1,
            }
        }
        Ok(page)
    }

    /// Closes every connection (checkpointing SQLite's WAL); the database can then be reopened.
    pub async fn close(&self) {
        self.pool.close().await;
    }
}

/// A page of the audit log.
#[derive(Debug)]
pub struct AuditPage {
    /// The events, newest first.
    pub events: Vec<AuditEvent>,
    /// The id of the page's last row (readable or not): where the next page starts.
    pub last: Option<String>,
    /// Whether older events follow.
    pub more: bool,
    /// Rows of this page that could not be read.
    pub unreadable: usize,
}

fn head_of(row: &AnyRow) -> Result<Head, StoreError> {
    Ok(Head {
        version: row.try_get(0)?,
        tombstones_from: row.try_get(1)?,
        next_position: row.try_get(2)?,
    })
}

async fn head(connection: &mut AnyConnection, tenant: &str) -> Result<Option<Head>, StoreError> {
    let row = sqlx::query(
        "SELECT version, tombstones_from, next_position FROM tenants WHERE tenant_id = $1",
    )
    .bind(tenant)
    .fetch_optional(&mut *connection)
    .await?;
    row.as_ref().map(head_of).transpose()
}

async fn state(connection: &mut AnyConnection, tenant: &str) -> Result<TenantState, StoreError> {
    let state: String = sqlx::query_scalar("SELECT state FROM tenants WHERE tenant_id = $1")
        .bind(tenant)
        .fetch_one(&mut *connection)
        .await?;
    Ok(serde_json::from_str(&state)?)
}

/// Reads device rows; counts the ones that are not a device.
fn devices_of(rows: Vec<String>) -> (Vec<Device>, usize) {
    let mut devices = Vec::with_capacity(rows.len());
    let mut unreadable = 0;
    for row in rows {
        match serde_json::from_str::<Device>(&row) {
            Ok(device) => devices.push(device),
            Err(_) => unreadable += 1,
        }
    }
    (devices, unreadable)
}

async fn load(connection: &mut AnyConnection, tenant: &str) -> Result<Option<Loaded>, StoreError> {
    let Some(head) = head(connection, tenant).await? else {
        return Ok(None);
    };
    let state = state(connection, tenant).await?;
    let rows: Vec<String> =
        sqlx::query_scalar("SELECT body FROM devices WHERE tenant_id = $1 ORDER BY position")
            .bind(tenant)
            .fetch_all(&mut *connection)
            .await?;
    let (devices, unreadable) = devices_of(rows);
    Ok(Some(Loaded {
        service: Service { state, devices },
        unreadable,
        version: head.version,
    }))
}

/// What a copy at `version` lacks, the tenant's row being `head`: nothing, the rows written
/// since, or everything when its version is older than the tombstones kept.
async fn since_head(
    connection: &mut AnyConnection,
    tenant: &str,
    head: Head,
    version: i64,
) -> Result<Since, StoreError> {
    Ok(if head.version == version {
        Since::Current
    } else if version < head.tombstones_from {
        match load(connection, tenant).await? {
            Some(loaded) => Since::Whole(loaded),
            None => Since::Missing,
        }
    } else {
        let delta = delta(connection, tenant, version).await?;
        Since::Delta(head, delta)
    })
}

async fn delta(
    connection: &mut AnyConnection,
    tenant: &str,
    version: i64,
) -> Result<Delta, StoreError> {
    let state = state(connection, tenant).await?;
    let rows: Vec<String> = sqlx::query_scalar(
        "SELECT body FROM devices WHERE tenant_id = $1 AND version > $2 ORDER BY position",
    )
    .bind(tenant)
    .bind(version)
    .fetch_all(&mut *connection)
    .await?;
    let (devices, unreadable) = devices_of(rows);
    let removed =
        sqlx::query_scalar("SELECT id FROM removed_devices WHERE tenant_id = $1 AND version > $2")
            .bind(tenant)
            .bind(version)
            .fetch_all(&mut *connection)
            .await?;
    Ok(Delta {
        state,
        devices,
        removed,
        unreadable,
    })
}
