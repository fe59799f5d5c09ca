//! SQLite storage of one tenant: its state, its devices (the domain's JSON) and the import batches
//! seen (for idempotent retries). Portable SQL only, so PostgreSQL is a driver change away.

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
        tx.commit().await?;
        self.next_position = position;
        Ok(())
    }

    /// Replaces everything (tenant, devices, remembered batches) with `service`, in one
    /// transaction: the first start and the demo reset.
    pub async fn replace(&mut self, service: &Service) -> Result<(), StoreError> {
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
        tx.commit().await?;
        self.next_position = position;
        Ok(())
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
