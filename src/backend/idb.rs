//! The embedded service's storage in the browser: a small IndexedDB wrapper (the service keeps
//! tens of thousands of devices, far past localStorage's ~5 MB) behind
//! `portal_backend::storage::Storage`. Values are JSON strings under string keys; a write is one transaction,
//! awaited until the browser reports it durable, so nothing is acknowledged before it is stored.
//!
//! Every event handler is a closure owned by the future that waits for it and unset when that
//! future ends, however it ends: nothing leaks per request, and no handler outlives its closure.

use js_sys::{Array, Promise};
use portal_backend::storage::{Storage, Write, STORES};
use portal_backend::LocalFuture;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    EventTarget, IdbDatabase, IdbOpenDbRequest, IdbRequest, IdbTransaction, IdbTransactionMode,
};

/// The schema version: 2 added the batches store.
const VERSION: u32 = 2;

/// An open database.
pub struct Database {
    db: IdbDatabase,
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

    fn write(&self, write: Write) -> LocalFuture<'_, Result<(), String>> {
        Box::pin(async move { self.db().await?.write(write).await })
    }
}

fn js_error(value: JsValue) -> String {
    value
        .dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| value.as_string())
        .or_else(|| {
            value
                .dyn_ref::<web_sys::DomException>()
                .map(|e| e.message())
        })
        .unwrap_or_else(|| "unknown browser error".to_owned())
}

type Handler = Closure<dyn FnMut(web_sys::Event)>;

/// Event handlers set on one target for as long as this lives; unset and freed on drop.
struct Handlers {
    target: EventTarget,
    set: Vec<(&'static str, Handler)>,
}

impl Handlers {
    fn new(target: &EventTarget) -> Self {
        Handlers {
            target: target.clone(),
            set: Vec::new(),
        }
    }

    /// Calls `f` on the target's `on{event}`.
    fn on(&mut self, event: &'static str, f: impl FnMut(web_sys::Event) + 'static) {
        let handler = Handler::new(f);
        let _ = js_sys::Reflect::set(&self.target, &JsValue::from_str(event), handler.as_ref());
        self.set.push((event, handler));
    }
}

impl Drop for Handlers {
    fn drop(&mut self) {
        for (event, _) in &self.set {
            let _ = js_sys::Reflect::set(&self.target, &JsValue::from_str(event), &JsValue::NULL);
        }
    }
}

/// A promise and the functions that settle it.
fn promise() -> (Promise, js_sys::Function, js_sys::Function) {
    let mut settle = None;
    let promise = Promise::new(&mut |resolve, reject| settle = Some((resolve, reject)));
    // `Promise::new` runs its executor before returning, so `settle` is always set.
    let (resolve, reject) = settle.unwrap_or_else(|| {
        (
            js_sys::Function::new_no_args(""),
            js_sys::Function::new_no_args(""),
        )
    });
    (promise, resolve, reject)
}

/// Resolves with the request's result once it succeeds.
async fn request(req: &IdbRequest) -> Result<JsValue, String> {
    let (promise, resolve, reject) = promise();
    let mut handlers = Handlers::new(req);
    let ok_req = req.clone();
    handlers.on("onsuccess", move |_| {
        let _ = resolve.call1(
            &JsValue::NULL,
            &ok_req.result().unwrap_or(JsValue::UNDEFINED),
        );
    });
    let err_req = req.clone();
    handlers.on("onerror", move |_| {
        let message = err_req
            .error()
            .ok()
            .flatten()
            .map(|e| e.message())
            .unwrap_or_else(|| "request failed".to_owned());
        let _ = reject.call1(&JsValue::NULL, &JsValue::from_str(&message));
    });
    let result = JsFuture::from(promise).await.map_err(js_error);
    drop(handlers);
    result
}

/// Resolves once the transaction is committed.
async fn committed(tx: &IdbTransaction) -> Result<(), String> {
    let (promise, resolve, reject) = promise();
    let mut handlers = Handlers::new(tx);
    handlers.on("oncomplete", move |_| {
        let _ = resolve.call0(&JsValue::NULL);
    });
    for (event, fallback) in [
        ("onerror", "write failed"),
        ("onabort", "write aborted (storage full?)"),
    ] {
        let tx = tx.clone();
        let reject = reject.clone();
        handlers.on(event, move |_| {
            let message = tx
                .error()
                .map(|e| e.message())
                .unwrap_or_else(|| fallback.to_owned());
            let _ = reject.call1(&JsValue::NULL, &JsValue::from_str(&message));
        });
    }
    let result = JsFuture::from(promise).await.map(|_| ()).map_err(js_error);
    drop(handlers);
    result
}

impl Database {
    /// Opens (creating or upgrading on first use) the database `name`.
    pub async fn open(name: &str) -> Result<Database, String> {
        let factory = web_sys::window()
            .and_then(|w| w.indexed_db().ok().flatten())
            .ok_or("this browser offers no IndexedDB (private mode?)")?;
        let open: IdbOpenDbRequest = factory.open_with_u32(name, VERSION).map_err(js_error)?;
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
        let db = request(&open).await;
        drop(upgrade);
        Ok(Database {
            db: db?.unchecked_into(),
        })
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
        let value = request(&req).await?;
        if value.is_undefined() {
            return Ok(None);
        }
        value
            .as_string()
            .map(Some)
            .ok_or_else(|| format!("the stored {store} record {key:?} is not text"))
    }

    /// Applies a write atomically and waits until it is committed; nothing is applied when any
    /// part of it fails.
    pub async fn write(&self, write: Write) -> Result<(), String> {
        let stores: Array = STORES.iter().map(|s| JsValue::from_str(s)).collect();
        let tx = self
            .db
            .transaction_with_str_sequence_and_mode(&stores, IdbTransactionMode::Readwrite)
            .map_err(js_error)?;
        if let Err(why) = Self::queue(&tx, write) {
            let _ = tx.abort();
            return Err(why);
        }
        committed(&tx).await
    }

    fn queue(tx: &IdbTransaction, write: Write) -> Result<(), String> {
        for store in write.clears {
            tx.object_store(store)
                .map_err(js_error)?
                .clear()
                .map_err(js_error)?;
        }
        for (store, key) in write.deletes {
            tx.object_store(store)
                .map_err(js_error)?
                .delete(&JsValue::from_str(&key))
                .map_err(js_error)?;
        }
        for (store, key, value) in write.puts {
            tx.object_store(store)
                .map_err(js_error)?
                .put_with_key(&JsValue::from_str(&value), &JsValue::from_str(&key))
                .map_err(js_error)?;
        }
        Ok(())
    }
}
