//! SQLite storage of one tenant: its state, its devices (the domain's JSON), the import batches
//! seen (for idempotent retries) and the audit log, each change with its audit event in one
//! transaction. Portable SQL only, so PostgreSQL is a driver change away.

use crate::audit_filter::Condition;
use autopilot_service::audit::AuditEvent;
use autopilot_service::batches::{Batch, BATCH_RETENTION};
use autopilot_service::device::{Device, RealTime};
use autopilot_service::service::{Service, TenantState};
use autopilot_service::unit::Write;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::SqlitePool;
use std::fmt;
use std::path::Path;
use std::time::Duration;

/// Why storage failed.
#[derive(Debug)]
pub enum StoreError {
    /// The database refused or failed.
    Database(sqlx::Error),
    /// Schema migration failed.
    Migration(sqlx::migrate::MigrateError),
    /// A stored value could not be written or read as JSON.
    Json(serde_json::Error),
}

impl fmt::Display for StoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StoreError::Database(e) => write!(f, "database: {e}"),
            StoreError::Migration(e) => write!(f, "migration: {e}"),
            StoreError::Json(e) => write!(f, "stored JSON: {e}"),
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

/// A tenant loaded from the database.
#[derive(Debug)]
pub struct Loaded {
    /// The service with every readable device, in submission order.
    pub service: Service,
    /// Device rows that could not be read (kept in the database, never overwritten).
    pub unreadable: usize,
}

/// The database of one tenant.
pub struct Store {
    pool: SqlitePool,
    next_position: i64,
}

impl Store {
    /// Opens (creating if missing) the SQLite file and brings its schema up to date.
    pub async fn open(path: &Path) -> Result<Store, StoreError> {
        let options = SqliteConnectOptions::new()
            .filename(path)
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            // Every acknowledged change survives a crash of the process and of the machine.
            .synchronous(SqliteSynchronous::Full)
            .busy_timeout(Duration::from_secs(10));
        let pool = SqlitePoolOptions::new()
            .max_connections(2)
            .connect_with(options)
            .await?;
        sqlx::migrate!("./migrations")
            .run(&pool)
            .await
            .map_err(StoreError::Migration)?;
        let max: Option<i64> = sqlx::query_scalar("SELECT MAX(position) FROM devices")
            .fetch_one(&pool)
            .await?;
        Ok(Store {
            pool,
            next_position: max.map_or(0, |m| m + 1),
        })
    }

    /// The stored tenant, or `None` for an empty database.
    pub async fn load(&self) -> Result<Option<Loaded>, StoreError> {
        let state: Option<String> = sqlx::query_scalar("SELECT state FROM tenant WHERE id = 1")
            .fetch_optional(&self.pool)
            .await?;
        let Some(state) = state else {
            return Ok(None);
        };
        let state: TenantState = serde_json::from_str(&state)?;
        let rows: Vec<String> = sqlx::query_scalar("SELECT body FROM devices ORDER BY position")
            .fetch_all(&self.pool)
            .await?;
        let mut devices = Vec::with_capacity(rows.len());
        let mut unreadable = 0;
        for row in rows {
            match serde_json::from_str::<Device>(&row) {
                Ok(device) => devices.push(device),
                Err(_) => unreadable += 1,
            }
        }
        Ok(Some(Loaded {
            service: Service { state, devices },
            unreadable,
        }))
    }

    /// Writes the tenant state and the given changes in one transaction.
    pub async fn write(&mut self, write: Write<'_>) -> Result<(), StoreError> {
        let mut tx = self.pool.begin().await?;
        put_state(&mut tx, write.state).await?;
        let mut position = self.next_position;
        for device in &write.put {
            put_device(&mut tx, device, position).await?;
            position += 1;
        }
        for id in write.delete {
            sqlx::query("DELETE FROM devices WHERE id = $1")
                .bind(id)
                .execute(&mut *tx)
                .await?;
        }
        if let Some(batch) = write.batch {
            sqlx::query("DELETE FROM import_batches WHERE created_at < $1")
                .bind((batch.created_at - BATCH_RETENTION).0)
                .execute(&mut *tx)
                .await?;
            sqlx::query(
                "INSERT INTO import_batches (idempotency_key, request_digest, device_ids, created_at) \
                 VALUES ($1, $2, $3, $4)",
            )
            .bind(&batch.key)
            .bind(&batch.digest)
            .bind(serde_json::to_string(&batch.ids)?)
            .bind(batch.created_at.0)
            .execute(&mut *tx)
            .await?;
        }
        if let Some(event) = write.audit {
            put_audit(&mut tx, event).await?;
        }
        tx.commit().await?;
        self.next_position = position;
        Ok(())
    }

    /// Replaces the tenant, its devices and remembered batches with `service`, in one
    /// transaction, with `audit` (the demo reset's event) in it: the first start and the demo
    /// reset. The audit log is kept.
    pub async fn replace(
        &mut self,
        service: &Service,
        audit: Option<&AuditEvent>,
    ) -> Result<(), StoreError> {
        let mut tx = self.pool.begin().await?;
        sqlx::query("DELETE FROM devices").execute(&mut *tx).await?;
        sqlx::query("DELETE FROM import_batches")
            .execute(&mut *tx)
            .await?;
        put_state(&mut tx, &service.state).await?;
        let mut position = 0;
        for device in &service.devices {
            put_device(&mut tx, device, position).await?;
            position += 1;
        }
        if let Some(event) = audit {
            put_audit(&mut tx, event).await?;
        }
        tx.commit().await?;
        self.next_position = position;
        Ok(())
    }

    /// Up to `top` audit events meeting every condition, newest first, older than the event
    /// `before` when given; and whether more follow. An unreadable row is left out and counted.
    pub async fn audit_events(
        &self,
        conditions: &[Condition],
        before: Option<&str>,
        top: usize,
    ) -> Result<AuditPage, StoreError> {
        let mut sql = String::from("SELECT id, body FROM audit_events WHERE 1 = 1");
        let mut n = 0;
        let mut placeholder = || {
            n += 1;
            format!("${n}")
        };
        for condition in conditions {
            match condition {
                Condition::Time(compare, _) => {
                    sql.push_str(&format!(" AND at {} {}", compare.sql(), placeholder()))
                }
                Condition::Actor(_) => {
                    sql.push_str(&format!(" AND LOWER(actor_upn) = LOWER({})", placeholder()))
                }
            }
        }
        if before.is_some() {
            sql.push_str(&format!(" AND id < {}", placeholder()));
        }
        sql.push_str(&format!(" ORDER BY id DESC LIMIT {}", placeholder()));
        let mut query = sqlx::query_as::<_, (String, String)>(&sql);
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

    /// The import batch remembered under `key`, if any.
    pub async fn batch(&self, key: &str) -> Result<Option<Batch>, StoreError> {
        let row: Option<(String, String, i64)> = sqlx::query_as(
            "SELECT request_digest, device_ids, created_at FROM import_batches WHERE idempotency_key = $1",
        )
        .bind(key)
        .fetch_optional(&self.pool)
        .await?;
        row.map(|(digest, ids, created_at)| {
            Ok(Batch {
                key: key.to_owned(),
                digest,
                ids: serde_json::from_str(&ids)?,
                created_at: RealTime(created_at),
            })
        })
        .transpose()
    }

    /// Closes every connection (checkpointing the WAL); the file can then be reopened.
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

async fn put_audit(
    tx: &mut sqlx::Transaction<'_, sqlx::Sqlite>,
    event: &AuditEvent,
) -> Result<(), StoreError> {
    sqlx::query("INSERT INTO audit_events (id, at, actor_upn, body) VALUES ($1, $2, $3, $4)")
        .bind(&event.id)
        .bind(event.at.0)
        .bind(&event.actor.user_principal_name)
        .bind(serde_json::to_string(event)?)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Stores one device. `position` (the list order) is used only when the row is new: updates
/// keep their place.
async fn put_device(
    tx: &mut sqlx::Transaction<'_, sqlx::Sqlite>,
    device: &Device,
    position: i64,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO devices (id, position, serial_number, body) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (id) DO UPDATE SET serial_number = excluded.serial_number, body = excluded.body",
    )
    .bind(&device.id)
    .bind(position)
    .bind(&device.serial)
    .bind(serde_json::to_string(device)?)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

async fn put_state(
    tx: &mut sqlx::Transaction<'_, sqlx::Sqlite>,
    state: &TenantState,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO tenant (id, state) VALUES (1, $1) ON CONFLICT (id) DO UPDATE SET state = excluded.state",
    )
    .bind(serde_json::to_string(state)?)
    .execute(&mut **tx)
    .await?;
    Ok(())
}
