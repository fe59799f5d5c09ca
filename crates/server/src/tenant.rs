//! The tenant: `autopilot_service::service::Service` (the same rules the portal's embedded backend runs)
//! and its database, behind one lock. Every change is written to the database in one
//! transaction before the lock is released, so what a client was told is what is stored.

use crate::audit_filter::Condition;
use crate::errors::ApiError;
use crate::store::{AuditPage, Store, StoreError};
use crate::time::real_now;
use autopilot_service::audit::Audit;
use autopilot_service::batches::Batch;
use autopilot_service::demo;
use autopilot_service::device::{Millis, RealTime};
use autopilot_service::service::{Service, ServiceSettings};
use autopilot_service::unit::{self, Changes};

/// The tenant's service and its store.
pub struct Tenant {
    service: Service,
    store: Store,
    settings: ServiceSettings,
}

impl Tenant {
    /// Loads the tenant from `store`; an empty database gets the demo tenant, with its devices
    /// when `seed_demo` is set, and `seed_devices` synthetic ones in every state.
    /// `processing_delay_ms` overrides the stored setting.
    pub async fn open(
        mut store: Store,
        processing_delay_ms: Millis,
        seed_demo: bool,
        seed_devices: usize,
    ) -> Result<Tenant, StoreError> {
        let settings = ServiceSettings {
            processing_delay_ms,
            inject_faults: 0,
        };
        let stored = match store.load().await? {
            Some(loaded) => {
                if loaded.unreadable > 0 {
                    eprintln!(
                        "warning: {} stored device(s) could not be read and are left out",
                        loaded.unreadable
                    );
                }
                Some(loaded.service)
            }
            None => None,
        };
        if seed_devices > 0 && stored.is_some() {
            eprintln!(
                "warning: --seed-devices only seeds an empty database; this one has its tenant already, nothing was added"
            );
        }
        let opened = unit::open_or_seed(stored, Some(processing_delay_ms), || {
            let mut service = demo::demo(real_now(), settings.clone());
            if !seed_demo {
                service.devices.clear();
            }
            demo::seed(&mut service, seed_devices, real_now());
            service
        });
        if opened.seeded {
            store.replace(&opened.service, None).await?;
        }
        let service = opened.service;
        Ok(Tenant {
            service,
            store,
            settings,
        })
    }

    /// The service, read-only (for answers built outside [`Tenant::run`]).
    pub fn service(&self) -> &Service {
        &self.service
    }

    /// The import batch remembered under `key`.
    pub async fn batch(&self, key: &str) -> Result<Option<Batch>, ApiError> {
        self.store.batch(key).await.map_err(ApiError::internal)
    }

    /// A unit of work that only reads: decides due registrations (and stores them), then
    /// answers `read` from the service at real time `now`.
    pub async fn read<T>(
        &mut self,
        read: impl FnOnce(&Service, RealTime) -> Result<T, ApiError>,
    ) -> Result<T, ApiError> {
        let (result, changes) = unit::run(&mut self.service, real_now(), |service, now, _| {
            read(service, now)
        });
        self.store(changes).await?;
        result
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
        let (result, changes) = unit::change(&mut self.service, real_now(), audit, change);
        self.store(changes).await?;
        result
    }

    async fn store(&mut self, changes: Changes) -> Result<(), ApiError> {
        if let Some(write) = changes.write(&self.service) {
            if let Err(error) = self.store.write(write).await {
                self.reload().await;
                return Err(ApiError::internal(error));
            }
        }
        Ok(())
    }

    /// Throws every device away and seeds the demo tenant again (demo reset), recorded as
    /// `audit` in the same transaction. The audit log is kept.
    pub async fn reset(&mut self, audit: Audit) -> Result<(), ApiError> {
        let now = real_now();
        let mut fresh = demo::demo(now, self.settings.clone());
        let event = unit::reseed(&self.service, &mut fresh, now, audit);
        self.store
            .replace(&fresh, Some(&event))
            .await
            .map_err(ApiError::internal)?;
        self.service = fresh;
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
            .audit_events(conditions, before, top)
            .await
            .map_err(ApiError::internal)
    }

    /// Closes the database.
    pub async fn close(&self) {
        self.store.close().await;
    }

    async fn reload(&mut self) {
        match self.store.load().await {
            Ok(Some(loaded)) => {
                let delay = self.service.state.settings.processing_delay_ms;
                self.service = loaded.service;
                self.service.state.settings.processing_delay_ms = delay;
            }
            Ok(None) => {
                eprintln!("error: the database lost the tenant; keeping the data in memory")
            }
            Err(error) => eprintln!("error: could not reload after a failed write: {error}"),
        }
    }
}
