//! A small IndexedDB wrapper: the embedded service keeps tens of thousands of devices, far past
//! localStorage's ~5 MB. Values are JSON strings under string keys; a write is one transaction,
//! awaited until the browser reports it durable, so nothing is acknowledged before it is stored.

use js_sys::{Array, Promise};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{IdbDatabase, IdbOpenDbRequest, IdbRequest, IdbTransaction, IdbTransactionMode};

/// Store of the tenant's settings and counters.
pub const META: &str = "meta";
/// Store of the devices, keyed by device id.
pub const DEVICES: &str = "devices";

/// An open database.
pub struct Database {
    db: IdbDatabase,
}

/// One write: puts, deletes and clears, applied atomically.
#[derive(Default)]
pub struct Write {
    clears: Vec<&'static str>,
    puts: Vec<(&'static str, String, String)>,
    deletes: Vec<(&'static str, String)>,
}

impl Write {
    /// Empties a store first.
    pub fn clear(mut self, store: &'static str) -> Self {
        self.clears.push(store);
        self
    }

    /// Stores `value` under `key`.
    pub fn put(&mut self, store: &'static str, key: String, value: String) {
        self.puts.push((store, key, value));
    }

    /// Deletes `key`.
    pub fn delete(&mut self, store: &'static str, key: String) {
        self.deletes.push((store, key));
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

/// Resolves with the request's result once it succeeds.
async fn request(req: &IdbRequest) -> Result<JsValue, String> {
    let promise = Promise::new(&mut |resolve, reject| {
        let ok_req = req.clone();
        let on_success = Closure::once_into_js(move |_: web_sys::Event| {
            let _ = resolve.call1(
                &JsValue::NULL,
                &ok_req.result().unwrap_or(JsValue::UNDEFINED),
            );
        });
        let err_req = req.clone();
        let on_error = Closure::once_into_js(move |_: web_sys::Event| {
            let message = err_req
                .error()
                .ok()
                .flatten()
                .map(|e| e.message())
                .unwrap_or_else(|| "request failed".to_owned());
            let _ = reject.call1(&JsValue::NULL, &JsValue::from_str(&message));
        });
        req.set_onsuccess(Some(on_success.unchecked_ref()));
        req.set_onerror(Some(on_error.unchecked_ref()));
    });
    JsFuture::from(promise).await.map_err(js_error)
}

/// Resolves once the transaction is committed.
async fn committed(tx: &IdbTransaction) -> Result<(), String> {
    let promise = Promise::new(&mut |resolve, reject| {
        let on_complete = Closure::once_into_js(move |_: web_sys::Event| {
            let _ = resolve.call0(&JsValue::NULL);
        });
        let err_tx = tx.clone();
        let reject2 = reject.clone();
        let on_error = Closure::once_into_js(move |_: web_sys::Event| {
            let message = err_tx
                .error()
                .map(|e| e.message())
                .unwrap_or_else(|| "write failed".to_owned());
            let _ = reject.call1(&JsValue::NULL, &JsValue::from_str(&message));
        });
        let abort_tx = tx.clone();
        let on_abort = Closure::once_into_js(move |_: web_sys::Event| {
            let message = abort_tx
                .error()
                .map(|e| e.message())
                .unwrap_or_else(|| "write aborted (storage full?)".to_owned());
            let _ = reject2.call1(&JsValue::NULL, &JsValue::from_str(&message));
        });
        tx.set_oncomplete(Some(on_complete.unchecked_ref()));
        tx.set_onerror(Some(on_error.unchecked_ref()));
        tx.set_onabort(Some(on_abort.unchecked_ref()));
    });
    JsFuture::from(promise).await.map(|_| ()).map_err(js_error)
}

impl Database {
    /// Opens (creating on first use) the database `name`.
    pub async fn open(name: &str) -> Result<Database, String> {
        let factory = web_sys::window()
            .and_then(|w| w.indexed_db().ok().flatten())
            .ok_or("this browser offers no IndexedDB (private mode?)")?;
        let open: IdbOpenDbRequest = factory.open_with_u32(name, 1).map_err(js_error)?;
        let upgrade_req = open.clone();
        let on_upgrade = Closure::once_into_js(move |_: web_sys::Event| {
            if let Ok(result) = upgrade_req.result() {
                let db: IdbDatabase = result.unchecked_into();
                for store in [META, DEVICES] {
                    if !db.object_store_names().contains(store) {
                        let _ = db.create_object_store(store);
                    }
                }
            }
        });
        open.set_onupgradeneeded(Some(on_upgrade.unchecked_ref()));
        let db = request(&open).await?;
        Ok(Database {
            db: db.unchecked_into(),
        })
    }

    /// Every value of a store.
    pub async fn get_all(&self, store: &str) -> Result<Vec<String>, String> {
        let tx = self.db.transaction_with_str(store).map_err(js_error)?;
        let req = tx
            .object_store(store)
            .map_err(js_error)?
            .get_all()
            .map_err(js_error)?;
        let values: Array = request(&req).await?.unchecked_into();
        Ok(values.iter().filter_map(|v| v.as_string()).collect())
    }

    /// One value, if present.
    pub async fn get(&self, store: &str, key: &str) -> Result<Option<String>, String> {
        let tx = self.db.transaction_with_str(store).map_err(js_error)?;
        let req = tx
            .object_store(store)
            .map_err(js_error)?
            .get(&JsValue::from_str(key))
            .map_err(js_error)?;
        Ok(request(&req).await?.as_string())
    }

    /// Applies a write atomically and waits until it is committed; nothing is applied when any
    /// part of it fails.
    pub async fn write(&self, write: Write) -> Result<(), String> {
        let stores = Array::of2(&JsValue::from_str(META), &JsValue::from_str(DEVICES));
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
