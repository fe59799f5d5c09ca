//! A tenant as this process serves it: `autopilot_service::service::Service` (the same rules
//! the portal's embedded backend runs) in memory, kept in step with the database that every
//! server process shares. A unit of work takes the tenant's row lock, catches up with what
//! other processes wrote since the version it holds, runs, and writes everything it changed in
//! the same transaction before the lock is released, so what a client was told is what is
//! stored, and no process decides on data older than the last write.

use crate::audit_filter::Condition;
use crate::errors::ApiError;
use crate::store::{AuditPage, Delta, Loaded, Locked, Since, Store, StoreError};
use crate::time::real_now;
use autopilot_service::audit::Audit;
use autopilot_service::batches::Batch;
use autopilot_service::demo;
use autopilot_service::device::{Millis, RealTime};
use autopilot_service::service::{Service, ServiceSettings};
use autopilot_service::unit::{self, Changes};
use std::collections::HashSet;
use std::sync::Arc;

/// The version of a copy that may hold changes the database does not: older than every stored
/// version, so the next unit of work reads the tenant whole.
const STALE: i64 = -1;

/// How a tenant the database does not hold yet is seeded, and the settings this process runs
/// every tenant with.
#[derive(Debug, Clone)]
pub struct Seeding {
    /// How long a registration stays pending (overrides the stored setting).
    pub processing_delay_ms: Millis,
    /// A new tenant gets the demo tenant's devices too.
    pub demo: bool,
    /// Synthetic devices in every state for a new tenant.
    pub devices: usize,
}

/// One tenant's service and its place in the database.
pub struct Tenant {
    id: String,
    service: Service,
    /// The database version `service` reflects.
    version: i64,
    store: Arc<Store>,
    settings: ServiceSettings,
}

impl Tenant {
    /// Loads tenant `id` from `store`; a tenant the database does not hold gets the demo
    /// tenant's settings (and devices, as `seeding` says), stored before anything is answered.
    pub async fn open(
        store: Arc<Store>,
        id: &str,
        seeding: &Seeding,
    ) -> Result<Tenant, StoreError> {
        let settings = ServiceSettings {
            processing_delay_ms: seeding.processing_delay_ms,
            inject_faults: 0,
        };
        let stored = match store.load(id).await? {
            Some(loaded) => Some(loaded),
            None => {
                let mut service = demo::demo(real_now(), settings.clone());
                if !seeding.demo {
                    service.devices.clear();
                }
                demo::seed(&mut service, seeding.devices, real_now());
                if store.create(id, &service).await? {
                    return Ok(Tenant {
                        id: id.to_owned(),
                        service,
                        version: 1,
                        store,
                        settings,
                    });
                }
                // Another process stored it first: take theirs.
                store.load(id).await?
            }
        };
        let Some(loaded) = stored else {
            return Err(StoreError::Vanished);
        };
        if seeding.devices > 0 {
            eprintln!(
                "warning: --seed-devices only seeds a tenant the database does not hold; tenant {id} is stored already, nothing was added"
            );
        }
        warn_unreadable(id, loaded.unreadable);
        let mut service = loaded.service;
        service.state.settings.processing_delay_ms = seeding.processing_delay_ms;
        Ok(Tenant {
            id: id.to_owned(),
            service,
            version: loaded.version,
            store,
            settings,
        })
    }

    /// A unit of work that only reads: decides due registrations (and stores them), then
    /// answers `read` from the service at real time `now`, caught up with every write.
    pub async fn read<T>(
        &mut self,
        read: impl FnOnce(&Service, RealTime) -> Result<T, ApiError>,
    ) -> Result<T, ApiError> {
        // The latest committed writes, without a lock.
        let since = self
            .store
            .since(&self.id, self.version)
            .await
            .map_err(ApiError::internal)?;
        self.absorb(since);
        if self.service.has_due(real_now()) {
            // Something to decide first: under the lock, stored with the decisions.
            let locked = self.lock().await?;
            let (result, changes) = unit::run(&mut self.service, real_now(), |service, now, _| {
                read(service, now)
            });
            self.finish(locked, changes).await?;
            return result;
        }
        read(&self.service, real_now())
    }

    /// A change someone asked for (`autopilot_service::unit::change`): decides due
    /// registrations, runs `change` at real time `now`, and writes everything that changed with
    /// the change's audit event in one transaction. If the write fails, the service is reloaded
    /// from the database (which then still holds the state before, and no event) and the caller
    /// gets a 500.
    pub async fn change<T>(
        &mut self,
        audit: Audit,
        change: impl FnOnce(&mut Service, RealTime, &mut Changes) -> Result<T, ApiError>,
    ) -> Result<T, ApiError> {
        let locked = self.lock().await?;
        let (result, changes) = unit::change(&mut self.service, real_now(), audit, change);
        self.finish(locked, changes).await?;
        result
    }

    /// [`Tenant::change`] with the import batch remembered under `key` (read under the same
    /// lock, so a batch sent again to any process gets the first answer).
    pub async fn change_keyed<T>(
        &mut self,
        audit: Audit,
        key: Option<&str>,
        change: impl FnOnce(&mut Service, RealTime, &mut Changes, Option<&Batch>) -> Result<T, ApiError>,
    ) -> Result<T, ApiError> {
        let mut locked = self.lock().await?;
        let remembered = match key {
            Some(key) => match locked.batch(key).await {
                Ok(batch) => batch,
                Err(error) => {
                    let _ = locked.release().await;
                    return Err(ApiError::internal(error));
                }
            },
            None => None,
        };
        let (result, changes) = unit::change(&mut self.service, real_now(), audit, |s, now, c| {
            change(s, now, c, remembered.as_ref())
        });
        self.finish(locked, changes).await?;
        result
    }

    /// Decides the registrations due now, if no other process is at it; nothing otherwise.
    pub async fn decide_due(&mut self) -> Result<(), ApiError> {
        let claimed = self
            .store
            .claim(&self.id, real_now())
            .await
            .map_err(ApiError::internal)?;
        let Some(mut locked) = claimed else {
            return Ok(());
        };
        if let Err(error) = self.catch_up(&mut locked).await {
            let _ = locked.release().await;
            return Err(error);
        }
        let (_, changes) = unit::run(&mut self.service, real_now(), |_, _, _| Ok::<(), ()>(()));
        if changes.is_empty() {
            // Claimed on a stale time (the demo clock or a reset moved it): set it right.
            let next_due = self.service.next_due();
            return self.write_head(locked, next_due).await;
        }
        self.finish(locked, changes).await
    }

    /// Throws every device away and seeds the demo tenant again (demo reset), recorded as
    /// `audit` in the same transaction. The audit log is kept.
    pub async fn reset(&mut self, audit: Audit) -> Result<(), ApiError> {
        let locked = self.lock().await?;
        let now = real_now();
        let mut fresh = demo::demo(now, self.settings.clone());
        let event = unit::reseed(&self.service, &mut fresh, now, audit);
        let version = locked
            .replace(&fresh, Some(&event))
            .await
            .map_err(ApiError::internal)?;
        self.service = fresh;
        self.version = version;
        Ok(())
    }

    /// A page of the audit log, newest first.
    pub async fn audit_events(
        &self,
        conditions: &[Condition],
        before: Option<&str>,
        top: usize,
    ) -> Result<AuditPage, ApiError> {
        self.store
            .audit_events(&self.id, conditions, before, top)
            .await
            .map_err(ApiError::internal)
    }

    /// Takes the tenant's row lock and catches up with what other processes wrote.
    async fn lock(&mut self) -> Result<Locked, ApiError> {
        let locked = self
            .store
            .lock(&self.id)
            .await
            .map_err(ApiError::internal)?;
        let Some(mut locked) = locked else {
            return Err(ApiError::internal(StoreError::Vanished));
        };
        if let Err(error) = self.catch_up(&mut locked).await {
            let _ = locked.release().await;
            return Err(error);
        }
        Ok(locked)
    }

    /// Writes what the unit of work changed, or releases the lock when nothing did.
    async fn finish(&mut self, locked: Locked, changes: Changes) -> Result<(), ApiError> {
        let Some(write) = changes.write(&self.service) else {
            return locked.release().await.map_err(ApiError::internal);
        };
        // The copy is ahead of the database until the write commits: if this future is dropped
        // (the client went away) or the write fails, the next unit of work reloads it.
        self.version = STALE;
        match locked.write(write, self.service.next_due()).await {
            Ok(version) => {
                self.version = version;
                Ok(())
            }
            Err(error) => {
                self.reload().await;
                Err(ApiError::internal(error))
            }
        }
    }

    /// Stores only the tenant's state and when it next falls due.
    async fn write_head(
        &mut self,
        locked: Locked,
        next_due: Option<RealTime>,
    ) -> Result<(), ApiError> {
        let write = autopilot_service::unit::Write {
            state: &self.service.state,
            put: Vec::new(),
            delete: &[],
            batch: None,
            audit: None,
        };
        let version = locked
            .write(write, next_due)
            .await
            .map_err(ApiError::internal)?;
        self.version = version;
        Ok(())
    }

    async fn catch_up(&mut self, locked: &mut Locked) -> Result<(), ApiError> {
        let since = locked
            .since(self.version)
            .await
            .map_err(ApiError::internal)?;
        if matches!(since, Since::Missing) {
            return Err(ApiError::internal(StoreError::Vanished));
        }
        self.absorb(since);
        Ok(())
    }

    /// Takes in what other processes wrote.
    fn absorb(&mut self, since: Since) {
        match since {
            Since::Current | Since::Missing => {}
            Since::Delta(head, delta) => {
                self.apply(delta);
                self.version = head.version;
            }
            Since::Whole(loaded) => self.take(loaded),
        }
    }

    /// Takes a whole tenant read from the database (keeping this process's delay).
    fn take(&mut self, loaded: Loaded) {
        warn_unreadable(&self.id, loaded.unreadable);
        let delay = self.service.state.settings.processing_delay_ms;
        self.service = loaded.service;
        self.service.state.settings.processing_delay_ms = delay;
        self.version = loaded.version;
    }

    /// Applies what other processes wrote: the state, changed and new devices (new ones at the
    /// end, in list order), removals.
    fn apply(&mut self, delta: Delta) {
        warn_unreadable(&self.id, delta.unreadable);
        let delay = self.service.state.settings.processing_delay_ms;
        self.service.state = delta.state;
        self.service.state.settings.processing_delay_ms = delay;
        let removed: HashSet<String> = delta.removed.into_iter().collect();
        self.service.merge_stored(delta.devices, &removed);
    }

    async fn reload(&mut self) {
        match self.store.load(&self.id).await {
            Ok(Some(loaded)) => self.take(loaded),
            Ok(None) => {
                eprintln!(
                    "error: the database lost tenant {}; keeping the data in memory",
                    self.id
                )
            }
            Err(error) => eprintln!("error: could not reload after a failed write: {error}"),
        }
    }
}

fn warn_unreadable(tenant: &str, unreadable: usize) {
    if unreadable > 0 {
        eprintln!(
            "warning: {unreadable} stored device(s) of tenant {tenant} could not be read and are left out"
        );
    }
}
