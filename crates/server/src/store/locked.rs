//! A change of one tenant under its row lock: read what changed, then write it all in the same
//! transaction.

use super::{head_of, since_head, Head, Since, StoreError};
use autopilot_service::audit::AuditEvent;
use autopilot_service::batches::{Batch, BATCH_RETENTION};
use autopilot_service::device::{Device, RealTime};
use autopilot_service::service::{Service, TenantState};
use autopilot_service::unit::Write;
use sqlx::{Any, AnyPool, Transaction};

/// Removals are remembered for this many versions; a process whose copy is older reloads whole.
const TOMBSTONE_VERSIONS: i64 = 10_000;

/// Rows per `INSERT` when many devices are written at once (6 values each).
const ROWS_PER_INSERT: usize = 200;

/// A transaction holding one tenant's row lock.
pub struct Locked {
    tx: Transaction<'static, Any>,
    tenant: String,
    head: Head,
}

impl Locked {
    /// Begins a transaction and runs `lock` (which returns the tenant's head and locks its row,
    /// binding the tenant and, when given, `now`). `None` (rolled back) when it returns no row.
    pub(super) async fn begin(
        pool: &AnyPool,
        tenant: &str,
        lock: &str,
        now: Option<RealTime>,
    ) -> Result<Option<Locked>, StoreError> {
        let mut tx = pool.begin().await?;
        let mut query = sqlx::query(lock).bind(tenant.to_owned());
        if let Some(now) = now {
            query = query.bind(now.0);
        }
        let Some(row) = query.fetch_optional(&mut *tx).await? else {
            tx.rollback().await?;
            return Ok(None);
        };
        let head = head_of(&row)?;
        Ok(Some(Locked {
            tx,
            tenant: tenant.to_owned(),
            head,
        }))
    }

    /// What a copy at `version` lacks, as of the lock.
    pub async fn since(&mut self, version: i64) -> Result<Since, StoreError> {
        since_head(&mut self.tx, &self.tenant, self.head.clone(), version).await
    }

    /// The import batch remembered under `key`, if any.
    pub async fn batch(&mut self, key: &str) -> Result<Option<Batch>, StoreError> {
        let row: Option<(String, String, i64)> = sqlx::query_as(
            "SELECT request_digest, device_ids, created_at FROM import_batches \
             WHERE tenant_id = $1 AND idempotency_key = $2",
        )
        .bind(&self.tenant)
        .bind(key)
        .fetch_optional(&mut *self.tx)
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

    /// Writes the change and commits; returns the tenant's new version. `next_due` is when the
    /// tenant's first pending registration falls due after the change.
    pub async fn write(
        mut self,
        write: Write<'_>,
        next_due: Option<RealTime>,
    ) -> Result<i64, StoreError> {
        let version = self.head.version + 1;
        let tenant = self.tenant.clone();
        let next_position =
            self.head.next_position + i64::try_from(write.put.len()).unwrap_or(i64::MAX);
        // Rows not stored yet go to the end of the list, in the tenant's order.
        put_devices(
            &mut self.tx,
            &tenant,
            &write.put,
            self.head.next_position,
            version,
        )
        .await?;
        for id in write.delete {
            sqlx::query("DELETE FROM devices WHERE tenant_id = $1 AND id = $2")
                .bind(&tenant)
                .bind(id)
                .execute(&mut *self.tx)
                .await?;
            sqlx::query(
                "INSERT INTO removed_devices (tenant_id, id, version) VALUES ($1, $2, $3) \
                 ON CONFLICT (tenant_id, id) DO UPDATE SET version = excluded.version",
            )
            .bind(&tenant)
            .bind(id)
            .bind(version)
            .execute(&mut *self.tx)
            .await?;
        }
        let mut tombstones_from = self.head.tombstones_from;
        if !write.delete.is_empty() && version - tombstones_from > 2 * TOMBSTONE_VERSIONS {
            tombstones_from = version - TOMBSTONE_VERSIONS;
            sqlx::query("DELETE FROM removed_devices WHERE tenant_id = $1 AND version <= $2")
                .bind(&tenant)
                .bind(tombstones_from)
                .execute(&mut *self.tx)
                .await?;
        }
        if let Some(batch) = write.batch {
            sqlx::query("DELETE FROM import_batches WHERE tenant_id = $1 AND created_at < $2")
                .bind(&tenant)
                .bind((batch.created_at - BATCH_RETENTION).0)
                .execute(&mut *self.tx)
                .await?;
            // The key is unique per tenant: a batch another process stored meanwhile fails
            // this whole change instead of being imported twice.
            sqlx::query(
                "INSERT INTO import_batches (tenant_id, idempotency_key, request_digest, device_ids, created_at) \
                 VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(&tenant)
            .bind(&batch.key)
            .bind(&batch.digest)
            .bind(serde_json::to_string(&batch.ids)?)
            .bind(batch.created_at.0)
            .execute(&mut *self.tx)
            .await?;
        }
        if let Some(event) = write.audit {
            put_audit(&mut self.tx, &tenant, event).await?;
        }
        self.put_head(
            write.state,
            version,
            next_position,
            tombstones_from,
            next_due,
        )
        .await?;
        self.tx.commit().await?;
        Ok(version)
    }

    /// Replaces the tenant's devices and remembered batches with `service`'s, with `audit` (the
    /// demo reset's event), and commits; returns the new version. Every other process reloads
    /// the tenant whole. The audit log is kept.
    pub async fn replace(
        mut self,
        service: &Service,
        audit: Option<&AuditEvent>,
    ) -> Result<i64, StoreError> {
        let version = self.head.version + 1;
        let tenant = self.tenant.clone();
        for table in ["devices", "removed_devices", "import_batches"] {
            sqlx::query(&format!("DELETE FROM {table} WHERE tenant_id = $1"))
                .bind(&tenant)
                .execute(&mut *self.tx)
                .await?;
        }
        let devices: Vec<&Device> = service.devices.iter().collect();
        put_devices(&mut self.tx, &tenant, &devices, 0, version).await?;
        if let Some(event) = audit {
            put_audit(&mut self.tx, &tenant, event).await?;
        }
        let next_position = i64::try_from(devices.len()).unwrap_or(i64::MAX);
        self.put_head(
            &service.state,
            version,
            next_position,
            version,
            service.next_due(),
        )
        .await?;
        self.tx.commit().await?;
        Ok(version)
    }

    /// Ends the transaction having written nothing.
    pub async fn release(self) -> Result<(), StoreError> {
        self.tx.rollback().await?;
        Ok(())
    }

    async fn put_head(
        &mut self,
        state: &TenantState,
        version: i64,
        next_position: i64,
        tombstones_from: i64,
        next_due: Option<RealTime>,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "UPDATE tenants SET state = $2, version = $3, next_position = $4, tombstones_from = $5, \
             next_due = $6 WHERE tenant_id = $1",
        )
        .bind(&self.tenant)
        .bind(serde_json::to_string(state)?)
        .bind(version)
        .bind(next_position)
        .bind(tombstones_from)
        .bind(next_due.map(|t| t.0))
        .execute(&mut *self.tx)
        .await?;
        Ok(())
    }
}

async fn put_audit(
    tx: &mut Transaction<'static, Any>,
    tenant: &str,
    event: &AuditEvent,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO audit_events (tenant_id, id, at, actor_upn, body) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(tenant)
    .bind(&event.id)
    .bind(event.at.0)
    .bind(&event.actor.user_principal_name)
    .bind(serde_json::to_string(event)?)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Stores devices at `version`, in as few statements as the engines allow. A row not stored yet
/// takes the next list place from `next_position` on; an update keeps its place.
pub(super) async fn put_devices(
    tx: &mut Transaction<'static, Any>,
    tenant: &str,
    devices: &[&Device],
    next_position: i64,
    version: i64,
) -> Result<(), StoreError> {
    let mut position = next_position;
    for chunk in devices.chunks(ROWS_PER_INSERT) {
        let mut sql = String::from(
            "INSERT INTO devices (tenant_id, id, position, serial_number, body, version) VALUES ",
        );
        for i in 0..chunk.len() {
            let n = i * 6;
            if i > 0 {
                sql.push_str(", ");
            }
            sql.push_str(&format!(
                "(${}, ${}, ${}, ${}, ${}, ${})",
                n + 1,
                n + 2,
                n + 3,
                n + 4,
                n + 5,
                n + 6
            ));
        }
        sql.push_str(
            " ON CONFLICT (tenant_id, id) DO UPDATE SET serial_number = excluded.serial_number, \
             body = excluded.body, version = excluded.version",
        );
        let mut query = sqlx::query(&sql);
        for device in chunk {
            query = query
                .bind(tenant.to_owned())
                .bind(device.id.clone())
                .bind(position)
                .bind(device.serial.clone())
                .bind(serde_json::to_string(device)?)
                .bind(version);
            position += 1;
        }
        query.execute(&mut **tx).await?;
    }
    Ok(())
}
