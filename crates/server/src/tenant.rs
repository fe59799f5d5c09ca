//! The tenant: `autopilot_service::service::Service` (the same rules the portal's embedded backend runs)
//! and its database, behind one lock. Every change is written to the database in one
//! transaction before the lock is released, so what a client was told is what is stored.

use crate::errors::ApiError;
use crate::store::{Batch, Store, StoreError, Write};
use crate::time::real_now;
use autopilot_service::demo;
use autopilot_service::device::Millis;
use autopilot_service::service::{Service, ServiceSettings};
use std::collections::HashSet;

/// What a change touched, for the write-through.
#[derive(Debug, Default)]
pub struct Changes {
    /// Ids of devices added or changed.
    pub put: Vec<String>,
    /// Ids of devices removed.
    pub delete: Vec<String>,
    /// An import batch to remember under its idempotency key.
    pub batch: Option<Batch>,
}

impl Changes {
    fn is_empty(&self) -> bool {
        self.put.is_empty() && self.delete.is_empty() && self.batch.is_none()
    }
}

/// The tenant's service and its store.
pub struct Tenant {
    service: Service,
    store: Store,
    settings: ServiceSettings,
}

impl Tenant {
    /// Loads the tenant from `store`; an empty database gets the demo tenant, with its devices
    /// when `seed_demo` is set. `processing_delay_ms` overrides the stored setting.
    pub async fn open(
        mut store: Store,
        processing_delay_ms: Millis,
        seed_demo: bool,
    ) -> Result<Tenant, StoreError> {
        let settings = ServiceSettings {
            processing_delay_ms,
            inject_faults: 0,
        };
        let service = match store.load().await? {
            Some(loaded) => {
                if loaded.unreadable > 0 {
                    eprintln!(
                        "warning: {} stored device(s) could not be read and are left out",
                        loaded.unreadable
                    );
                }
                let mut service = loaded.service;
                service.state.settings.processing_delay_ms = processing_delay_ms;
                service
            }
            None => {
                let mut service = demo::demo(real_now(), settings.clone());
                if !seed_demo {
                    service.devices.clear();
                }
                store.replace(&service).await?;
                service
            }
        };
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

    /// Decides due registrations, runs `change` on the service at time `now` (real time), and
    /// writes everything that changed in one transaction. If the write fails, the service is
    /// reloaded from the database (which then still holds the state before) and the caller gets a
    /// 500.
    pub async fn run<T>(
        &mut self,
        change: impl FnOnce(&mut Service, Millis, &mut Changes) -> Result<T, ApiError>,
    ) -> Result<T, ApiError> {
        let now = real_now();
        let before = self.service.state.clone();
        let mut changes = Changes {
            put: self.service.process_due(now),
            ..Changes::default()
        };
        let result = change(&mut self.service, now, &mut changes);
        if changes.is_empty() && self.service.state == before {
            return result;
        }
        if let Err(error) = self.write(&changes).await {
            self.reload().await;
            return Err(ApiError::internal(error));
        }
        result
    }

    /// Throws everything away and seeds the demo tenant again (demo reset).
    pub async fn reset(&mut self) -> Result<(), ApiError> {
        let fresh = demo::demo(real_now(), self.settings.clone());
        self.store
            .replace(&fresh)
            .await
            .map_err(ApiError::internal)?;
        self.service = fresh;
        Ok(())
    }

    /// Closes the database.
    pub async fn close(&self) {
        self.store.close().await;
    }

    async fn write(&mut self, changes: &Changes) -> Result<(), StoreError> {
        let wanted: HashSet<&str> = changes.put.iter().map(String::as_str).collect();
        let put = self
            .service
            .devices
            .iter()
            .filter(|d| wanted.contains(d.id.as_str()))
            .collect();
        self.store
            .write(
                &self.service.state,
                Write {
                    put,
                    delete: &changes.delete,
                    batch: changes.batch.as_ref(),
                },
            )
            .await
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
