//! The embedded registration service: `autopilot_service` running in the browser, its data in
//! IndexedDB. The default backend: demos and UX reviews need nothing but the portal.

use super::idb::{Database, Write, DEVICES, META};
use super::{
    real_now, Backend, BackendError, BackendFuture, Config, DemoAction, Refreshed, Snapshot,
};
use autopilot_service::demo;
use autopilot_service::device::{Device, Profile, DAY};
use autopilot_service::service::{ActionError, Service, ServiceSettings, Submission, TenantState};
use std::cell::RefCell;
use std::collections::VecDeque;

const TENANT_KEY: &str = "tenant";

/// Batches remembered for idempotent retries.
const REMEMBERED_BATCHES: usize = 200;

/// The in-browser service.
pub struct EmbeddedBackend {
    config: Config,
    inner: RefCell<Option<Inner>>,
    /// Records in storage that could not be read on the last load (kept, never deleted).
    unreadable: RefCell<Vec<String>>,
}

struct Inner {
    db: std::rc::Rc<Database>,
    service: Service,
    batches: VecDeque<(String, Vec<String>)>,
}

impl EmbeddedBackend {
    /// A backend that opens its database on the first [`Backend::load`].
    pub fn new(config: Config) -> Self {
        EmbeddedBackend {
            config,
            inner: RefCell::new(None),
            unreadable: RefCell::new(Vec::new()),
        }
    }

    fn settings(&self) -> ServiceSettings {
        ServiceSettings {
            processing_delay_ms: self.config.processing_delay_ms.unwrap_or(4_000),
            inject_faults: 0,
        }
    }

    async fn open(&self) -> Result<(), BackendError> {
        if self.inner.borrow().is_some() {
            return Ok(());
        }
        let db = Database::open(&self.config.database)
            .await
            .map_err(BackendError::Storage)?;
        let meta = db
            .get(META, TENANT_KEY)
            .await
            .map_err(BackendError::Storage)?;
        let state: Option<TenantState> = match meta {
            None => None,
            // Never seed over stored devices: an unreadable tenant record is an error, not a
            // first visit.
            Some(json) => Some(serde_json::from_str(&json).map_err(|e| {
                BackendError::Storage(format!(
                    "the stored tenant settings cannot be read ({e}); nothing was changed. Use Reset demo data only if you want to start again."
                ))
            })?),
        };
        let service = match state {
            Some(mut state) => {
                if let Some(delay) = self.config.processing_delay_ms {
                    state.settings.processing_delay_ms = delay;
                }
                let records = db.get_all(DEVICES).await.map_err(BackendError::Storage)?;
                let mut devices = Vec::with_capacity(records.len());
                let mut unreadable = Vec::new();
                for record in records {
                    match serde_json::from_str::<Device>(&record) {
                        Ok(device) => devices.push(device),
                        Err(e) => unreadable.push(format!("a stored device record: {e}")),
                    }
                }
                *self.unreadable.borrow_mut() = unreadable;
                Service { state, devices }
            }
            None => {
                let service = demo::demo(real_now(), self.settings());
                save_all(&db, &service).await?;
                service
            }
        };
        *self.inner.borrow_mut() = Some(Inner {
            db: std::rc::Rc::new(db),
            service,
            batches: VecDeque::new(),
        });
        Ok(())
    }

    /// Runs `change` on the service, then stores the tenant state and the devices it names.
    async fn mutate<T>(
        &self,
        change: impl FnOnce(&mut Inner) -> Result<(T, Changes), ActionError>,
    ) -> Result<T, BackendError> {
        self.open().await?;
        let (value, write, db) = {
            let mut guard = self.inner.borrow_mut();
            let inner = guard
                .as_mut()
                .ok_or_else(|| BackendError::Storage("not open".into()))?;
            let before = inner.service.state.clone();
            let due = inner.service.process_due(real_now());
            let (value, mut changes) =
                change(inner).map_err(|e| BackendError::Refused(e.to_string()))?;
            changes.put.extend(due);
            if changes.put.is_empty() && changes.delete.is_empty() && inner.service.state == before
            {
                return Ok(value);
            }
            (value, changes.into_write(&inner.service)?, inner.db.clone())
        };
        if let Err(why) = db.write(write).await {
            // Memory ran ahead of storage: forget it, so the next call reloads what is stored
            // instead of saving a change the caller was told failed.
            *self.inner.borrow_mut() = None;
            return Err(BackendError::Storage(why));
        }
        Ok(value)
    }

    fn snapshot(&self) -> Result<Snapshot, BackendError> {
        let guard = self.inner.borrow();
        let inner = guard
            .as_ref()
            .ok_or_else(|| BackendError::Storage("not open".into()))?;
        Ok(Snapshot {
            tenant: inner.service.state.info.clone(),
            devices: inner.service.devices.clone(),
            clock_offset: inner.service.state.clock_offset,
            unreadable: self.unreadable.borrow().clone(),
        })
    }
}

/// Device ids to store and to delete after a change.
#[derive(Default)]
struct Changes {
    put: Vec<String>,
    delete: Vec<String>,
}

impl Changes {
    fn put(ids: impl IntoIterator<Item = String>) -> Self {
        Changes {
            put: ids.into_iter().collect(),
            delete: Vec::new(),
        }
    }

    fn into_write(self, service: &Service) -> Result<Write, BackendError> {
        let mut write = Write::default();
        write.put(META, TENANT_KEY.into(), to_json(&service.state)?);
        let wanted: std::collections::HashSet<&str> = self.put.iter().map(String::as_str).collect();
        for device in service
            .devices
            .iter()
            .filter(|d| wanted.contains(d.id.as_str()))
        {
            write.put(DEVICES, device.id.clone(), to_json(device)?);
        }
        for id in self.delete {
            write.delete(DEVICES, id);
        }
        Ok(write)
    }
}

fn to_json<T: serde::Serialize>(value: &T) -> Result<String, BackendError> {
    serde_json::to_string(value).map_err(|e| BackendError::Storage(e.to_string()))
}

async fn save_all(db: &Database, service: &Service) -> Result<(), BackendError> {
    let mut write = Write::default().clear(META).clear(DEVICES);
    write.put(META, TENANT_KEY.into(), to_json(&service.state)?);
    for device in &service.devices {
        write.put(DEVICES, device.id.clone(), to_json(device)?);
    }
    db.write(write).await.map_err(BackendError::Storage)
}

impl Backend for EmbeddedBackend {
    fn load(&self) -> BackendFuture<'_, Snapshot> {
        Box::pin(async move {
            self.mutate(|_| Ok(((), Changes::default()))).await?;
            self.snapshot()
        })
    }

    fn import(
        &self,
        batch: Vec<Submission>,
        profile: Profile,
        key: String,
    ) -> BackendFuture<'_, Vec<Device>> {
        Box::pin(async move {
            self.mutate(move |inner| {
                if let Some((_, ids)) = inner.batches.iter().find(|(k, _)| *k == key) {
                    let devices = ids
                        .iter()
                        .filter_map(|id| inner.service.device(id).cloned())
                        .collect();
                    return Ok((devices, Changes::default()));
                }
                let added = inner.service.submit(batch, profile, real_now())?;
                let ids: Vec<String> = added.iter().map(|d| d.id.clone()).collect();
                inner.batches.push_back((key, ids.clone()));
                if inner.batches.len() > REMEMBERED_BATCHES {
                    inner.batches.pop_front();
                }
                Ok((added, Changes::put(ids)))
            })
            .await
        })
    }

    fn refresh(&self, ids: Vec<String>) -> BackendFuture<'_, Refreshed> {
        Box::pin(async move {
            self.mutate(move |inner| {
                let wanted: std::collections::HashSet<&str> =
                    ids.iter().map(String::as_str).collect();
                let devices = inner
                    .service
                    .devices
                    .iter()
                    .filter(|d| wanted.contains(d.id.as_str()))
                    .cloned()
                    .collect();
                Ok((
                    Refreshed {
                        devices,
                        unreadable: Vec::new(),
                    },
                    Changes::default(),
                ))
            })
            .await
        })
    }

    fn remove(&self, id: String) -> BackendFuture<'_, ()> {
        Box::pin(async move {
            self.mutate(move |inner| {
                let removed = inner.service.remove(&id)?;
                Ok((
                    (),
                    Changes {
                        put: Vec::new(),
                        delete: vec![removed.id],
                    },
                ))
            })
            .await
        })
    }

    fn change_profile(&self, id: String, profile: Profile) -> BackendFuture<'_, Device> {
        Box::pin(async move {
            self.mutate(move |inner| {
                let device = inner.service.change_profile(&id, profile)?;
                Ok((device, Changes::put([id])))
            })
            .await
        })
    }

    fn retry(&self, id: String) -> BackendFuture<'_, Device> {
        Box::pin(async move {
            self.mutate(move |inner| {
                let device = inner.service.retry(&id, real_now())?;
                Ok((device, Changes::put([id])))
            })
            .await
        })
    }

    fn demo(&self, action: DemoAction) -> BackendFuture<'_, Snapshot> {
        Box::pin(async move {
            if action == DemoAction::Reset {
                self.open().await?;
                // Swap in memory first, synchronously, so no call running meanwhile can write the
                // old tenant back after the reset.
                let (db, fresh) = {
                    let mut guard = self.inner.borrow_mut();
                    let inner = guard
                        .as_mut()
                        .ok_or_else(|| BackendError::Storage("not open".into()))?;
                    inner.service = demo::demo(real_now(), self.settings());
                    inner.batches.clear();
                    (inner.db.clone(), inner.service.clone())
                };
                if let Err(e) = save_all(&db, &fresh).await {
                    *self.inner.borrow_mut() = None;
                    return Err(e);
                }
                return self.snapshot();
            }
            self.mutate(move |inner| match action {
                DemoAction::SignIn(ids) => {
                    inner.service.simulate_sign_in_all(&ids, real_now())?;
                    Ok(((), Changes::put(ids)))
                }
                DemoAction::AdvanceClock(days) => {
                    inner.service.advance_clock(i64::from(days) * DAY);
                    Ok(((), Changes::default()))
                }
                DemoAction::InjectFaults(n) => {
                    inner.service.state.settings.inject_faults = n;
                    Ok(((), Changes::default()))
                }
                DemoAction::Reset => Ok(((), Changes::default())),
            })
            .await?;
            self.snapshot()
        })
    }
}
