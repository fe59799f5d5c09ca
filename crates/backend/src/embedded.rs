//! The embedded registration service: `autopilot_service` running beside the portal, its data
//! in a [`Storage`] (IndexedDB in the browser). The default backend: demos and UX reviews need
//! nothing but the portal.
//!
//! Every call is one unit of work of `autopilot_service::unit`, the same the server runs: decide
//! what is due, act, write what changed in one storage transaction. Import batches follow the
//! service's idempotency rule (`autopilot_service::batches`) and are stored beside the devices.

use crate::storage::{Storage, Write, AUDIT, BATCHES, DEVICES, META};
use autopilot_service::audit::{detail, Activity, Actor, Audit, AuditEvent};
use autopilot_service::batches::Batch;
use autopilot_service::bulk::{BulkAction, BulkResult};
use autopilot_service::demo;
use autopilot_service::device::{Device, Millis, Profile, RealTime, DAY};
use autopilot_service::service::{ActionError, Service, ServiceSettings, Submission, TenantState};
use autopilot_service::unit::{self, Changes};
use portal_model::auth::Account;
use portal_model::backend::{
    AuditPage, AuditQuery, Backend, BackendError, BackendFuture, DemoAction, Refreshed, Snapshot,
};
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

const TENANT_KEY: &str = "tenant";

/// Real time in milliseconds since the Unix epoch.
pub type Clock = Rc<dyn Fn() -> RealTime>;

/// The embedded service over storage `S`.
pub struct EmbeddedBackend<S> {
    storage: Rc<S>,
    clock: Clock,
    /// How long a registration stays pending; `None` keeps the stored setting (4 s when new).
    processing_delay_ms: Option<Millis>,
    inner: RefCell<Option<Inner>>,
    /// Records in storage that could not be read on the last load (kept, never deleted).
    unreadable: RefCell<Vec<String>>,
}

struct Inner {
    service: Service,
    /// Import batches remembered under their keys (those of the last day).
    batches: HashMap<String, Batch>,
}

impl<S: Storage> EmbeddedBackend<S> {
    /// A backend that reads `storage` on its first call (an empty one gets the demo tenant).
    pub fn new(storage: S, clock: Clock, processing_delay_ms: Option<Millis>) -> Self {
        EmbeddedBackend {
            storage: Rc::new(storage),
            clock,
            processing_delay_ms,
            inner: RefCell::new(None),
            unreadable: RefCell::new(Vec::new()),
        }
    }

    /// Its storage.
    pub fn storage(&self) -> &S {
        &self.storage
    }

    fn now(&self) -> RealTime {
        (self.clock)()
    }

    fn seed(&self) -> Service {
        demo::demo(
            self.now(),
            ServiceSettings {
                processing_delay_ms: self.processing_delay_ms.unwrap_or(Millis(4_000)),
                inject_faults: 0,
            },
        )
    }

    async fn open(&self) -> Result<(), BackendError> {
        if self.inner.borrow().is_some() {
            return Ok(());
        }
        let db = &*self.storage;
        let mut unreadable = Vec::new();
        let stored = match db
            .get(META, TENANT_KEY)
            .await
            .map_err(BackendError::Storage)?
        {
            None => None,
            // Never seed over stored devices: an unreadable tenant record is an error, not a
            // first visit.
            Some(json) => {
                let state: TenantState = serde_json::from_str(&json).map_err(|e| {
                    BackendError::Storage(format!(
                        "the stored tenant settings cannot be read ({e}); nothing was changed. Use Reset demo data only if you want to start again."
                    ))
                })?;
                let devices = read_all(db, DEVICES, "device", &mut unreadable).await?;
                Some(Service { state, devices })
            }
        };
        let opened = unit::open_or_seed(stored, self.processing_delay_ms, || self.seed());
        if opened.seeded {
            save_all(db, &opened.service, None).await?;
        }
        let now = self.now();
        // A batch record that cannot be read stays in storage but names no batch: sent again, its
        // devices are decided again (as "Device already registered" where they were), never
        // registered twice without a word. It is not a device, so not in the devices' banner.
        let batches = read_all::<Batch>(db, BATCHES, "import batch", &mut Vec::new())
            .await?
            .into_iter()
            .filter(|b| !b.is_expired(now))
            .map(|b| (b.key.clone(), b))
            .collect();
        *self.unreadable.borrow_mut() = unreadable;
        *self.inner.borrow_mut() = Some(Inner {
            service: opened.service,
            batches,
        });
        Ok(())
    }

    /// Runs `change` as one unit of work and stores what it changed, with its audit event when
    /// it is an `activity` (nobody signs in here: the demo administrator did it). `change` also
    /// sees the remembered import batches.
    async fn mutate<T>(
        &self,
        activity: Option<Activity>,
        change: impl FnOnce(
            &mut Service,
            RealTime,
            &mut Changes,
            &HashMap<String, Batch>,
        ) -> Result<T, ActionError>,
    ) -> Result<T, BackendError> {
        self.open().await?;
        let now = self.now();
        let (result, write) = {
            let mut guard = self.inner.borrow_mut();
            let inner = guard
                .as_mut()
                .ok_or_else(|| BackendError::Storage("not open".into()))?;
            let batches = &inner.batches;
            let (result, changes) = match activity {
                None => unit::run(&mut inner.service, now, |s, now, c| {
                    change(s, now, c, batches)
                }),
                Some(activity) => unit::change(
                    &mut inner.service,
                    now,
                    demo_audit(activity),
                    |s, now, c| change(s, now, c, batches),
                ),
            };
            let write = match changes.write(&inner.service) {
                None => None,
                Some(write) => Some(to_idb(write, &mut inner.batches)?),
            };
            (result, write)
        };
        if let Some(write) = write {
            if let Err(why) = self.storage.write(write).await {
                // Memory ran ahead of storage: forget it, so the next call reloads what is
                // stored instead of saving a change the caller was told failed.
                *self.inner.borrow_mut() = None;
                return Err(BackendError::Storage(why));
            }
        }
        result.map_err(|e| BackendError::Refused(e.to_string()))
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

    async fn reset(&self) -> Result<Snapshot, BackendError> {
        self.open().await?;
        // Swap in memory first, synchronously, so no call running meanwhile can write the old
        // tenant back after the reset.
        let fresh = {
            let mut guard = self.inner.borrow_mut();
            let inner = guard
                .as_mut()
                .ok_or_else(|| BackendError::Storage("not open".into()))?;
            let mut fresh = self.seed();
            let event = unit::reseed(
                &inner.service,
                &mut fresh,
                self.now(),
                demo_audit(Activity::DemoReset),
            );
            inner.service = fresh;
            inner.batches.clear();
            (inner.service.clone(), event)
        };
        if let Err(e) = save_all(&*self.storage, &fresh.0, Some(&fresh.1)).await {
            *self.inner.borrow_mut() = None;
            return Err(e);
        }
        self.snapshot()
    }
}

/// The audit record of `activity` here: the demo administrator, in this browser.
fn demo_audit(activity: Activity) -> Audit {
    Audit {
        actor: Actor::demo(),
        activity,
        correlation_id: String::new(),
    }
}

/// Every record of `store` read as `T`; one line in `unreadable` for each that cannot be.
async fn read_all<T: serde::de::DeserializeOwned>(
    db: &impl Storage,
    store: &'static str,
    what: &str,
    unreadable: &mut Vec<String>,
) -> Result<Vec<T>, BackendError> {
    let records = db.get_all(store).await.map_err(BackendError::Storage)?;
    let mut values = Vec::with_capacity(records.len());
    for record in records {
        match record.map(|json| serde_json::from_str::<T>(&json)) {
            Ok(Ok(value)) => values.push(value),
            Ok(Err(e)) => unreadable.push(format!("a stored {what} record: {e}")),
            Err(why) => unreadable.push(why),
        }
    }
    Ok(values)
}

/// The storage transaction of a unit of work; a new batch is remembered, and batches past
/// their retention are forgotten in the same transaction.
fn to_idb(
    write: unit::Write<'_>,
    batches: &mut HashMap<String, Batch>,
) -> Result<Write, BackendError> {
    let mut idb = Write::default();
    idb.put(META, TENANT_KEY.into(), to_json(write.state)?);
    for device in write.put {
        idb.put(DEVICES, device.id.clone(), to_json(device)?);
    }
    for id in write.delete {
        idb.delete(DEVICES, id.clone());
    }
    if let Some(event) = write.audit {
        idb.put(AUDIT, event.id.clone(), to_json(event)?);
    }
    if let Some(batch) = write.batch {
        let now = batch.created_at;
        batches.retain(|key, b| {
            let keep = !b.is_expired(now);
            if !keep {
                idb.delete(BATCHES, key.clone());
            }
            keep
        });
        idb.put(BATCHES, batch.key.clone(), to_json(batch)?);
        batches.insert(batch.key.clone(), batch.clone());
    }
    Ok(idb)
}

fn to_json<T: serde::Serialize>(value: &T) -> Result<String, BackendError> {
    serde_json::to_string(value).map_err(|e| BackendError::Storage(e.to_string()))
}

/// Replaces the tenant whole (first visit, demo reset), with the reset's audit event; the audit
/// log is kept.
async fn save_all(
    db: &impl Storage,
    service: &Service,
    event: Option<&AuditEvent>,
) -> Result<(), BackendError> {
    let mut write = Write::default().clear(META).clear(DEVICES).clear(BATCHES);
    write.put(META, TENANT_KEY.into(), to_json(&service.state)?);
    if let Some(event) = event {
        write.put(AUDIT, event.id.clone(), to_json(event)?);
    }
    for device in &service.devices {
        write.put(DEVICES, device.id.clone(), to_json(device)?);
    }
    db.write(write).await.map_err(BackendError::Storage)
}

impl<S: Storage> Backend for EmbeddedBackend<S> {
    fn load(&self) -> BackendFuture<'_, Snapshot> {
        Box::pin(async move {
            self.mutate(None, |_, _, _, _| Ok(())).await?;
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
            self.mutate(Some(Activity::Import), move |s, now, changes, batches| {
                let remembered = batches.get(&key);
                changes.describe(detail::profile(profile));
                s.import(Some(&key), remembered, batch, profile, now, changes)
                    .map(|imported| imported.into_devices())
            })
            .await
        })
    }

    fn refresh(&self, ids: Vec<String>) -> BackendFuture<'_, Refreshed> {
        Box::pin(async move {
            self.mutate(None, move |s, _, _, _| {
                Ok(Refreshed {
                    devices: s.devices_as_asked(&ids).into_iter().cloned().collect(),
                    unreadable: Vec::new(),
                })
            })
            .await
        })
    }

    fn remove(&self, id: String) -> BackendFuture<'_, ()> {
        Box::pin(async move {
            self.mutate(Some(Activity::Remove), move |s, _, changes, _| {
                let removed = s.remove(&id)?;
                changes.delete(&removed);
                Ok(())
            })
            .await
        })
    }

    fn change_profile(&self, id: String, profile: Profile) -> BackendFuture<'_, Device> {
        Box::pin(async move {
            self.mutate(Some(Activity::ChangeProfile), move |s, _, changes, _| {
                let device = s.change_profile(&id, profile)?;
                changes.describe(detail::profile(profile));
                changes.put(id);
                Ok(device)
            })
            .await
        })
    }

    fn retry(&self, id: String) -> BackendFuture<'_, Device> {
        Box::pin(async move {
            self.mutate(Some(Activity::Retry), move |s, now, changes, _| {
                let device = s.retry(&id, now)?;
                changes.put(id);
                Ok(device)
            })
            .await
        })
    }

    fn bulk(&self, action: BulkAction, ids: Vec<String>) -> BackendFuture<'_, Vec<BulkResult>> {
        Box::pin(async move {
            self.mutate(Some(action.activity()), move |s, now, changes, _| {
                s.bulk(&action, &ids, now, changes)
            })
            .await
        })
    }

    fn demo(&self, action: DemoAction) -> BackendFuture<'_, Snapshot> {
        Box::pin(async move {
            match action {
                DemoAction::Reset => return self.reset().await,
                DemoAction::SignIn(ids) => {
                    self.mutate(Some(Activity::DemoSignIn), move |s, now, changes, _| {
                        s.simulate_sign_in_all(&ids, now)?;
                        changes.put_all(ids);
                        Ok(())
                    })
                    .await?
                }
                DemoAction::AdvanceClock(days) => {
                    self.mutate(Some(Activity::DemoAdvanceClock), move |s, _, changes, _| {
                        s.advance_clock(DAY * i64::from(days));
                        changes.describe(detail::advanced(days));
                        Ok(())
                    })
                    .await?
                }
                DemoAction::InjectFaults(n) => {
                    self.mutate(Some(Activity::DemoFaults), move |s, _, changes, _| {
                        s.state.settings.inject_faults = n;
                        changes.describe(detail::faults(n));
                        Ok(())
                    })
                    .await?
                }
                DemoAction::Seed(n) => {
                    self.mutate(Some(Activity::DemoSeed), move |s, now, changes, _| {
                        demo::seed_change(s, n as usize, now, changes);
                        Ok(())
                    })
                    .await?
                }
            }
            self.snapshot()
        })
    }

    fn account(&self) -> BackendFuture<'_, Account> {
        Box::pin(async { Ok(Account::demo()) })
    }

    fn audit(&self, query: AuditQuery) -> BackendFuture<'_, AuditPage> {
        Box::pin(async move {
            let mut events =
                read_all::<AuditEvent>(&*self.storage, AUDIT, "audit event", &mut Vec::new())
                    .await?;
            events.retain(|e| {
                query.matches(e) && query.next.as_ref().is_none_or(|before| e.id < *before)
            });
            // Newest first; ids sort in the order events were made.
            events.sort_by(|a, b| b.id.cmp(&a.id));
            let more = events.len() > AuditQuery::PAGE;
            events.truncate(AuditQuery::PAGE);
            let next = if more {
                events.last().map(|e| e.id.clone())
            } else {
                None
            };
            Ok(AuditPage { events, next })
        })
    }
}
