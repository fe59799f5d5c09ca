//! The embedded registration service: `autopilot_service` running beside the portal, its data
//! in a [`Storage`] (IndexedDB in the browser). The default backend: demos and UX reviews need
//! nothing but the portal.
//!
//! Every call is one unit of work of `autopilot_service::unit`, the same the server runs: decide
//! what is due, act, write what changed in one storage transaction. Import batches follow the
//! service's idempotency rule (`autopilot_service::batches`) and are stored beside the devices.
//!
//! Any number of tabs can run it on one storage (`crate::versions`): each call first catches up
//! with what other tabs wrote, and a write another tab beat is run again on the latest data.

use crate::gate::Gate;
use crate::storage::{Storage, Write, WriteError, AUDIT, BATCHES, DEVICES, META};
use crate::versions::{self, Entry, LOG_KEEP, VERSION_KEY};
use autopilot_i18n::{t, Lang};
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

/// How often a call runs again after other tabs wrote first, before it gives up.
const ATTEMPTS: usize = 8;

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
    /// Told after every write, so other tabs can show it.
    on_write: Option<Rc<dyn Fn()>>,
    /// One unit of work at a time (calls of this tab wait their turn).
    gate: Gate,
    /// The language its own messages are in.
    lang: Lang,
}

struct Inner {
    service: Service,
    /// Import batches remembered under their keys (those of the last day).
    batches: HashMap<String, Batch>,
    /// The version this copy holds, and its stamp as stored (what the next write expects).
    version: u64,
    stamp: Option<String>,
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
            on_write: None,
            gate: Gate::default(),
            lang: Lang::En,
        }
    }

    /// The same, saying its own messages (storage that other tabs keep busy, a stored tenant
    /// it cannot read) in `lang`.
    pub fn speaking(mut self, lang: Lang) -> Self {
        self.lang = lang;
        self
    }

    /// Why a call gave up after [`ATTEMPTS`]: other tabs kept changing the devices at the same
    /// moment.
    fn too_busy(&self) -> BackendError {
        BackendError::Storage(t!(self.lang, "embedded-too-busy"))
    }

    /// Calls `notify` after every write this backend makes (the portal tells its other tabs).
    pub fn on_write(mut self, notify: Rc<dyn Fn()>) -> Self {
        self.on_write = Some(notify);
        self
    }

    fn written(&self, version: u64, stamp: String) {
        if let Some(inner) = self.inner.borrow_mut().as_mut() {
            inner.version = version;
            inner.stamp = Some(stamp);
        }
        if let Some(notify) = &self.on_write {
            notify();
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
        for _ in 0..ATTEMPTS {
            if self.inner.borrow().is_some() {
                return Ok(());
            }
            if self.load_all().await? {
                return Ok(());
            }
        }
        Err(self.too_busy())
    }

    /// Reads everything (an empty storage gets the demo tenant); `false` when another tab
    /// stored its first tenant meanwhile (read again).
    async fn load_all(&self) -> Result<bool, BackendError> {
        let db = &*self.storage;
        let mut unreadable = Vec::new();
        // The stamp first: rows written after it are read again on the next catch-up.
        let mut stamp = db
            .get(META, VERSION_KEY)
            .await
            .map_err(BackendError::Storage)?;
        let mut version = versions::version_of(stamp.as_deref()).unwrap_or(0);
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
                    BackendError::Storage(t!(
                        self.lang,
                        "embedded-tenant-unreadable",
                        why = e.to_string(),
                        reset = t!(self.lang, "demo-reset")
                    ))
                })?;
                let devices = read_all(db, DEVICES, "device", &mut unreadable).await?;
                Some(Service { state, devices })
            }
        };
        let opened = unit::open_or_seed(stored, self.processing_delay_ms, || self.seed());
        if opened.seeded {
            match save_all(db, &opened.service, None, stamp.clone(), version + 1).await {
                Ok(new) => {
                    stamp = Some(new);
                    version += 1;
                }
                Err(WriteError::Conflict) => return Ok(false),
                Err(WriteError::Failed(why)) => return Err(BackendError::Storage(why)),
            }
        }
        let batches = read_batches(db, self.now()).await?;
        *self.unreadable.borrow_mut() = unreadable;
        *self.inner.borrow_mut() = Some(Inner {
            service: opened.service,
            batches,
            version,
            stamp,
        });
        Ok(true)
    }

    /// Brings this copy up to date with what other tabs wrote since its version: the logged
    /// devices, or everything when the log does not reach back that far.
    async fn catch_up(&self) -> Result<(), BackendError> {
        let db = &*self.storage;
        let stored = db
            .get(META, VERSION_KEY)
            .await
            .map_err(BackendError::Storage)?;
        let held = self
            .inner
            .borrow()
            .as_ref()
            .map(|inner| (inner.version, inner.stamp.clone()));
        let Some((mine, held)) = held else {
            return self.open().await;
        };
        if stored == held {
            return Ok(());
        }
        let theirs = versions::version_of(stored.as_deref()).unwrap_or(0);
        if theirs <= mine || theirs - mine > LOG_KEEP {
            return self.reload().await;
        }
        let mut put: Vec<String> = Vec::new();
        let mut removed: std::collections::HashSet<String> = Default::default();
        for version in mine + 1..=theirs {
            let entry = db
                .get(META, &versions::log_key(version))
                .await
                .map_err(BackendError::Storage)?
                .and_then(|text| Entry::parse(&text));
            match entry {
                Some(entry) if !entry.whole => {
                    put.extend(entry.put);
                    removed.extend(entry.removed);
                }
                _ => return self.reload().await,
            }
        }
        let state = db
            .get(META, TENANT_KEY)
            .await
            .map_err(BackendError::Storage)?
            .and_then(|json| serde_json::from_str::<TenantState>(&json).ok());
        let Some(mut state) = state else {
            return self.reload().await;
        };
        if let Some(delay) = self.processing_delay_ms {
            state.settings.processing_delay_ms = delay;
        }
        let mut seen = std::collections::HashSet::new();
        put.retain(|id| !removed.contains(id) && seen.insert(id.clone()));
        let values = db
            .get_many(DEVICES, &put)
            .await
            .map_err(BackendError::Storage)?;
        let batches = read_batches(db, self.now()).await?;
        let mut guard = self.inner.borrow_mut();
        let Some(inner) = guard.as_mut() else {
            return Ok(());
        };
        let mut changed = Vec::with_capacity(put.len());
        for (id, value) in put.iter().zip(values) {
            match value.map(|json| serde_json::from_str::<Device>(&json)) {
                Some(Ok(device)) => changed.push(device),
                // Removed since (a later write the next catch-up reads) or not readable.
                _ => {
                    removed.insert(id.clone());
                }
            }
        }
        inner.service.state = state;
        inner.service.merge_stored(changed, &removed);
        inner.batches = batches;
        inner.version = theirs;
        inner.stamp = stored;
        Ok(())
    }

    /// Forgets this copy and reads everything.
    async fn reload(&self) -> Result<(), BackendError> {
        *self.inner.borrow_mut() = None;
        self.open().await
    }

    /// Runs `change` as one unit of work and stores what it changed, with its audit event when
    /// it is an `activity` (nobody signs in here: the demo administrator did it). `change` also
    /// sees the remembered import batches. When another tab wrote first, it runs again on what
    /// that tab stored.
    async fn mutate<T>(
        &self,
        activity: Option<Activity>,
        mut change: impl FnMut(
            &mut Service,
            RealTime,
            &mut Changes,
            &HashMap<String, Batch>,
        ) -> Result<T, ActionError>,
    ) -> Result<T, BackendError> {
        let _turn = self.gate.enter().await;
        for _ in 0..ATTEMPTS {
            self.open().await?;
            self.catch_up().await?;
            let now = self.now();
            let (result, changes) = {
                let mut guard = self.inner.borrow_mut();
                let inner = guard
                    .as_mut()
                    .ok_or_else(|| BackendError::Storage("not open".into()))?;
                let batches = &inner.batches;
                match activity {
                    None => unit::run(&mut inner.service, now, |s, now, c| {
                        change(s, now, c, batches)
                    }),
                    Some(activity) => unit::change(
                        &mut inner.service,
                        now,
                        demo_audit(activity),
                        |s, now, c| change(s, now, c, batches),
                    ),
                }
            };
            if self.store(changes).await? {
                return result.map_err(|e| BackendError::Refused(e.to_string()));
            }
        }
        Err(self.too_busy())
    }

    /// Writes what a unit of work changed as the next version; `false` when another tab wrote
    /// first (nothing written, this copy forgotten: run the unit again).
    async fn store(&self, changes: Changes) -> Result<bool, BackendError> {
        let write = {
            let mut guard = self.inner.borrow_mut();
            let inner = guard
                .as_mut()
                .ok_or_else(|| BackendError::Storage("not open".into()))?;
            match changes.write(&inner.service) {
                None => None,
                Some(write) => {
                    let entry = Entry::of(
                        write.put.iter().map(|d| d.id.clone()).collect(),
                        write.delete.to_vec(),
                    );
                    let mut idb = to_idb(write, &mut inner.batches)?;
                    let next = inner.version + 1;
                    let stamp = versions::stamp(&mut idb, inner.stamp.clone(), next, &entry);
                    Some((idb, next, stamp))
                }
            }
        };
        let Some((write, next, stamp)) = write else {
            return Ok(true);
        };
        let written = self.storage.write(write).await.map(|()| stamp);
        self.settle(written, next)
    }

    /// The end of a write of version `next`: `true` once stored (this copy is then that
    /// version); `false` when another tab wrote first. Either way but success, memory ran ahead
    /// of storage: it is forgotten, so that what is stored is read instead of saving a change
    /// that was not made.
    fn settle(&self, written: Result<String, WriteError>, next: u64) -> Result<bool, BackendError> {
        match written {
            Ok(stamp) => {
                self.written(next, stamp);
                Ok(true)
            }
            Err(WriteError::Conflict) => {
                *self.inner.borrow_mut() = None;
                Ok(false)
            }
            Err(WriteError::Failed(why)) => {
                *self.inner.borrow_mut() = None;
                Err(BackendError::Storage(why))
            }
        }
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
        let _turn = self.gate.enter().await;
        for _ in 0..ATTEMPTS {
            self.open().await?;
            self.catch_up().await?;
            // Swap in memory first, synchronously, so no call running meanwhile can write the
            // old tenant back after the reset.
            let (fresh, event, read, next) = {
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
                (
                    inner.service.clone(),
                    event,
                    inner.stamp.clone(),
                    inner.version + 1,
                )
            };
            let written = save_all(&*self.storage, &fresh, Some(&event), read, next).await;
            if self.settle(written, next)? {
                return self.snapshot();
            }
        }
        Err(self.too_busy())
    }
}

/// The import batches remembered and not yet expired at `now`. A batch record that cannot be
/// read stays in storage but names no batch: sent again, its devices are decided again (as
/// "Device already registered" where they were), never registered twice without a word. It is
/// not a device, so not in the devices' banner.
async fn read_batches(
    db: &impl Storage,
    now: RealTime,
) -> Result<HashMap<String, Batch>, BackendError> {
    Ok(
        read_all::<Batch>(db, BATCHES, "import batch", &mut Vec::new())
            .await?
            .into_iter()
            .filter(|b| !b.is_expired(now))
            .map(|b| (b.key.clone(), b))
            .collect(),
    )
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

/// Replaces the tenant whole (first visit, demo reset), with the reset's audit event, as version
/// `next` if the stamp is still `read`; the audit log is kept. Returns the new stamp.
async fn save_all(
    db: &impl Storage,
    service: &Service,
    event: Option<&AuditEvent>,
    read: Option<String>,
    next: u64,
) -> Result<String, WriteError> {
    let json =
        |value: Result<String, BackendError>| value.map_err(|e| WriteError::Failed(e.to_string()));
    let mut write = Write::default().clear(META).clear(DEVICES).clear(BATCHES);
    write.put(META, TENANT_KEY.into(), json(to_json(&service.state))?);
    if let Some(event) = event {
        write.put(AUDIT, event.id.clone(), json(to_json(event))?);
    }
    for device in &service.devices {
        write.put(DEVICES, device.id.clone(), json(to_json(device))?);
    }
    let stamp = versions::stamp(&mut write, read, next, &Entry::whole());
    db.write(write).await.map(|()| stamp)
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
                s.import(Some(&key), remembered, batch.clone(), profile, now, changes)
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
                changes.put(id.clone());
                Ok(device)
            })
            .await
        })
    }

    fn retry(&self, id: String) -> BackendFuture<'_, Device> {
        Box::pin(async move {
            self.mutate(Some(Activity::Retry), move |s, now, changes, _| {
                let device = s.retry(&id, now)?;
                changes.put(id.clone());
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
                        changes.put_all(ids.iter().cloned());
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
