//! The embedded service's storage in the browser: a small IndexedDB wrapper (the service keeps
//! tens of thousands of devices, far past localStorage's ~5 MB) behind
//! `portal_backend::storage::Storage`. Values are JSON strings under string keys; a write is one
//! transaction, awaited until the browser reports it durable, so nothing is acknowledged before
//! it is stored. An older portal in another tab closes its connection when this one upgrades the
//! schema; one that does not is reported, not waited for without a word.
//!
//! Events are awaited through [`events`], which frees every handler when its wait ends.

mod events;
mod write;

use autopilot_i18n::t;
use events::{js_error, request, request_or_blocked, watch, Handlers};
use js_sys::Array;
use portal_backend::storage::{Storage, Write, WriteError, STORES};
use portal_backend::LocalFuture;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{IdbDatabase, IdbOpenDbRequest};

/// The schema version: 2 added the batches store, 3 the audit log, 4 the versioned writes of
/// several tabs (no new store: the upgrade closes the connections of tabs still running an
/// older portal, whose writes would not move the version on).
const VERSION: u32 = 4;

/// Why the database cannot open while an older portal holds it.
/// Why an upgrade waits: another tab has the database open in an older version.
fn blocked() -> String {
    t!(crate::i18n::lang(), "idb-blocked")
}

/// An open database.
pub struct Database {
    db: IdbDatabase,
    /// Closes the database when a newer portal (in another tab) needs to upgrade it.
    _on_version_change: Handlers,
}

/// The embedded service's [`Storage`]: the IndexedDB database `name`, opened on first use.
pub struct IdbStorage {
    name: String,
    db: RefCell<Option<Rc<Database>>>,
}

impl IdbStorage {
    /// Storage in the database `name` (tests use their own).
    pub fn new(name: &str) -> Self {
        IdbStorage {
            name: name.to_owned(),
            db: RefCell::new(None),
        }
    }

    async fn db(&self) -> Result<Rc<Database>, String> {
        if let Some(db) = self.db.borrow().clone() {
            return Ok(db);
        }
        let db = Rc::new(Database::open(&self.name).await?);
        *self.db.borrow_mut() = Some(db.clone());
        Ok(db)
    }
}

impl Storage for IdbStorage {
    fn get<'a>(
        &'a self,
        store: &'static str,
        key: &'a str,
    ) -> LocalFuture<'a, Result<Option<String>, String>> {
        Box::pin(async move { self.db().await?.get(store, key).await })
    }

    fn get_all(
        &self,
        store: &'static str,
    ) -> LocalFuture<'_, Result<Vec<Result<String, String>>, String>> {
        Box::pin(async move { self.db().await?.get_all(store).await })
    }

    fn get_many<'a>(
        &'a self,
        store: &'static str,
        keys: &'a [String],
    ) -> LocalFuture<'a, Result<Vec<Option<String>>, String>> {
        Box::pin(async move { self.db().await?.get_many(store, keys).await })
    }

    fn write(&self, write: Write) -> LocalFuture<'_, Result<(), WriteError>> {
        Box::pin(async move {
            let db = self.db().await.map_err(WriteError::Failed)?;
            db.write(write).await
        })
    }
}

/// Opens `name` at `version` (`None`: as it is), creating every missing store in an upgrade.
/// When another tab blocks the upgrade, this fails with [`blocked`]; the upgrade still happens
/// once that tab lets go, with the stores created, and its connection is closed then.
async fn open_at(
    factory: &web_sys::IdbFactory,
    name: &str,
    version: Option<u32>,
) -> Result<IdbDatabase, String> {
    let open: IdbOpenDbRequest = match version {
        Some(v) => factory.open_with_u32(name, v),
        None => factory.open(name),
    }
    .map_err(js_error)?;
    let mut upgrade = Handlers::new(&open);
    let upgrade_req = open.clone();
    upgrade.on("onupgradeneeded", move |_| {
        if let Ok(result) = upgrade_req.result() {
            let db: IdbDatabase = result.unchecked_into();
            for store in STORES {
                if !db.object_store_names().contains(store) {
                    let _ = db.create_object_store(store);
                }
            }
        }
    });
    let blocked = blocked();
    let result = request_or_blocked(&open, Some(&blocked)).await;
    if result.as_ref().err() == Some(&blocked) {
        // The request goes on without us: keep creating the stores when it upgrades, and close
        // the connection it then opens (nobody uses it; it would block the next upgrade).
        let done_req = open.clone();
        upgrade.on("onsuccess", move |_| {
            if let Ok(result) = done_req.result() {
                result.unchecked_into::<IdbDatabase>().close();
            }
        });
        upgrade.keep();
    }
    result.map(JsCast::unchecked_into)
}

impl Database {
    /// Opens the database `name`, creating it or its missing stores on first use. It first
    /// opens whatever version is there (that never waits for another tab); only when a store is
    /// missing, or the version is older than [`VERSION`], does it upgrade, to at least
    /// [`VERSION`]. So a database an interrupted upgrade left without a store heals on the next
    /// open instead of failing every call.
    pub async fn open(name: &str) -> Result<Database, String> {
        let factory = web_sys::window()
            .and_then(|w| w.indexed_db().ok().flatten())
            .ok_or_else(|| t!(crate::i18n::lang(), "idb-missing"))?;
        let db = open_at(&factory, name, None).await?;
        if db.version() as u32 >= VERSION
            && STORES.iter().all(|s| db.object_store_names().contains(s))
        {
            return Ok(Database::watch(db));
        }
        let next = (db.version() as u32).saturating_add(1).max(VERSION);
        db.close();
        Ok(Database::watch(open_at(&factory, name, Some(next)).await?))
    }

    /// Closes `db` when a newer portal (in another tab) needs to upgrade it.
    fn watch(db: IdbDatabase) -> Database {
        let mut on_version_change = Handlers::new(&db);
        let closing = db.clone();
        on_version_change.on("onversionchange", move |_| closing.close());
        Database {
            db,
            _on_version_change: on_version_change,
        }
    }

    /// Every value of a store: the text of each record, or why a record is not text (it is kept
    /// in storage either way, never dropped without a word).
    pub async fn get_all(&self, store: &str) -> Result<Vec<Result<String, String>>, String> {
        let tx = self.db.transaction_with_str(store).map_err(js_error)?;
        let req = tx
            .object_store(store)
            .map_err(js_error)?
            .get_all()
            .map_err(js_error)?;
        let values: Array = request(&req).await?.unchecked_into();
        Ok(values
            .iter()
            .map(|v| {
                v.as_string().ok_or_else(|| {
                    format!(
                        "a stored {store} record is not text but {}",
                        v.js_typeof().as_string().unwrap_or_default()
                    )
                })
            })
            .collect())
    }

    /// One value, if present. A value that is not text is an error, not an absent value.
    pub async fn get(&self, store: &str, key: &str) -> Result<Option<String>, String> {
        let tx = self.db.transaction_with_str(store).map_err(js_error)?;
        let req = tx
            .object_store(store)
            .map_err(js_error)?
            .get(&JsValue::from_str(key))
            .map_err(js_error)?;
        text(store, key, request(&req).await?)
    }

    /// Several values in one transaction, in the order of `keys`.
    pub async fn get_many(
        &self,
        store: &str,
        keys: &[String],
    ) -> Result<Vec<Option<String>>, String> {
        if keys.is_empty() {
            return Ok(Vec::new());
        }
        let tx = self.db.transaction_with_str(store).map_err(js_error)?;
        let objects = tx.object_store(store).map_err(js_error)?;
        // Every request issued, with its handlers, before the first answer is awaited.
        let watched = keys
            .iter()
            .map(|key| {
                let req = objects.get(&JsValue::from_str(key)).map_err(js_error)?;
                Ok(watch(&req, None))
            })
            .collect::<Result<Vec<_>, String>>()?;
        let mut values = Vec::with_capacity(keys.len());
        for (key, (promise, handlers)) in keys.iter().zip(watched) {
            let value = wasm_bindgen_futures::JsFuture::from(promise)
                .await
                .map_err(js_error)?;
            drop(handlers);
            values.push(text(store, key, value)?);
        }
        Ok(values)
    }
}

/// A stored value as text: absent is `None`, anything but text an error naming the record.
fn text(store: &str, key: &str, value: JsValue) -> Result<Option<String>, String> {
    if value.is_undefined() {
        return Ok(None);
    }
    value
        .as_string()
        .map(Some)
        .ok_or_else(|| format!("the stored {store} record {key:?} is not text"))
}
