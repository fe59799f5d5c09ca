//! Writing: one transaction, applied only when its expected record still holds what the writer
//! read (`portal_backend::storage::Expect`), awaited until committed.

use super::events::{committed, js_error, Handlers};
use super::Database;
use js_sys::Array;
use portal_backend::storage::{Write, WriteError, STORES};
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use web_sys::{IdbTransaction, IdbTransactionMode};

impl Database {
    /// Applies a write atomically and waits until it is committed; nothing is applied when any
    /// part of it fails, or when its expected record (read first, in the same transaction)
    /// holds something else: then it fails with [`WriteError::Conflict`].
    pub async fn write(&self, mut write: Write) -> Result<(), WriteError> {
        let stores: Array = STORES.iter().map(|s| JsValue::from_str(s)).collect();
        let tx = self
            .db
            .transaction_with_str_sequence_and_mode(&stores, IdbTransactionMode::Readwrite)
            .map_err(|e| WriteError::Failed(js_error(e)))?;
        let conflict = Rc::new(Cell::new(false));
        let failure = Rc::new(RefCell::new(None::<String>));
        let _check = match write.expect.take() {
            None => {
                if let Err(why) = Self::queue(&tx, write) {
                    let _ = tx.abort();
                    return Err(WriteError::Failed(why));
                }
                None
            }
            Some(expect) => {
                let req = tx
                    .object_store(expect.store)
                    .and_then(|s| s.get(&JsValue::from_str(&expect.key)))
                    .map_err(|e| WriteError::Failed(js_error(e)))?;
                let mut handlers = Handlers::new(&req);
                let (read, tx, conflict, failure) =
                    (req.clone(), tx.clone(), conflict.clone(), failure.clone());
                let mut pending = Some(write);
                // In the request's own event, so the transaction is still active for the puts.
                handlers.on("onsuccess", move |_| {
                    let value = read.result().ok().and_then(|v| v.as_string());
                    if value != expect.value {
                        conflict.set(true);
                        let _ = tx.abort();
                    } else if let Some(write) = pending.take() {
                        if let Err(why) = Self::queue(&tx, write) {
                            *failure.borrow_mut() = Some(why);
                            let _ = tx.abort();
                        }
                    }
                });
                Some(handlers)
            }
        };
        match committed(&tx).await {
            Ok(()) => Ok(()),
            Err(_) if conflict.get() => Err(WriteError::Conflict),
            Err(why) => Err(WriteError::Failed(failure.take().unwrap_or(why))),
        }
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
