//! What the embedded service needs of storage: JSON text under string keys in a few stores, and
//! writes applied atomically, each only if a record still holds what the writer read (so that
//! several tabs on one storage never overwrite each other's changes). IndexedDB provides it in
//! the portal (`src/backend/idb`), [`Memory`] in tests.

use crate::LocalFuture;
use std::cell::RefCell;
use std::collections::BTreeMap;

/// Store of the tenant's settings and counters.
pub const META: &str = "meta";
/// Store of the devices, keyed by device id.
pub const DEVICES: &str = "devices";
/// Store of the import batches remembered for idempotent retries, keyed by idempotency key.
pub const BATCHES: &str = "batches";

/// Store of the audit log, keyed by event id (which sorts in time order).
pub const AUDIT: &str = "audit";

/// Every store.
pub const STORES: [&str; 4] = [META, DEVICES, BATCHES, AUDIT];

/// One write: clears, deletes and puts, applied atomically in that order, and only if
/// [`Write::expect`] holds.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Write {
    /// Stores emptied first.
    pub clears: Vec<&'static str>,
    /// (store, key) to delete.
    pub deletes: Vec<(&'static str, String)>,
    /// (store, key, value) to store.
    pub puts: Vec<(&'static str, String, String)>,
    /// Checked in the same transaction, before anything is applied: when the record differs,
    /// nothing is written and the write fails with [`WriteError::Conflict`].
    pub expect: Option<Expect>,
}

/// What a record must hold for a write to apply.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Expect {
    /// The record's store.
    pub store: &'static str,
    /// Its key.
    pub key: String,
    /// Its value, or `None` for no record.
    pub value: Option<String>,
}

/// Why a write was not applied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WriteError {
    /// The expected record had changed (another tab wrote first); nothing was written.
    Conflict,
    /// Storage failed, in words an admin can act on; nothing was written.
    Failed(String),
}

impl std::fmt::Display for WriteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            WriteError::Conflict => f.write_str("another tab changed the data first"),
            WriteError::Failed(why) => f.write_str(why),
        }
    }
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

/// Where the embedded service keeps its data. Errors are in words an admin can act on.
pub trait Storage {
    /// One value, if present.
    fn get<'a>(
        &'a self,
        store: &'static str,
        key: &'a str,
    ) -> LocalFuture<'a, Result<Option<String>, String>>;
    /// Every record of a store: its text, or why a record is not text (it stays in storage).
    fn get_all(
        &self,
        store: &'static str,
    ) -> LocalFuture<'_, Result<Vec<Result<String, String>>, String>>;
    /// Some values, in the order of `keys` (`None` where absent).
    fn get_many<'a>(
        &'a self,
        store: &'static str,
        keys: &'a [String],
    ) -> LocalFuture<'a, Result<Vec<Option<String>>, String>> {
        Box::pin(async move {
            let mut values = Vec::with_capacity(keys.len());
            for key in keys {
                values.push(self.get(store, key).await?);
            }
            Ok(values)
        })
    }
    /// Applies `write` atomically, if its [`Write::expect`] holds, and resolves once it is
    /// durable.
    fn write(&self, write: Write) -> LocalFuture<'_, Result<(), WriteError>>;
}

/// One storage shared (several backends on it are several tabs on one browser profile).
impl<S: Storage> Storage for std::rc::Rc<S> {
    fn get<'a>(
        &'a self,
        store: &'static str,
        key: &'a str,
    ) -> LocalFuture<'a, Result<Option<String>, String>> {
        (**self).get(store, key)
    }

    fn get_all(
        &self,
        store: &'static str,
    ) -> LocalFuture<'_, Result<Vec<Result<String, String>>, String>> {
        (**self).get_all(store)
    }

    fn get_many<'a>(
        &'a self,
        store: &'static str,
        keys: &'a [String],
    ) -> LocalFuture<'a, Result<Vec<Option<String>>, String>> {
        (**self).get_many(store, keys)
    }

    fn write(&self, write: Write) -> LocalFuture<'_, Result<(), WriteError>> {
        (**self).write(write)
    }
}

/// Storage in memory, for tests: the same atomic writes, and a switch that makes writes fail.
#[derive(Debug, Default)]
pub struct Memory {
    stores: RefCell<BTreeMap<(&'static str, String), String>>,
    /// When set, every write fails with this text and changes nothing.
    pub fail_writes: RefCell<Option<String>>,
}

impl Memory {
    /// Every (key, value) of `store`.
    pub fn entries(&self, store: &'static str) -> Vec<(String, String)> {
        self.stores
            .borrow()
            .iter()
            .filter(|((s, _), _)| *s == store)
            .map(|((_, k), v)| (k.clone(), v.clone()))
            .collect()
    }
}

impl Storage for Memory {
    fn get<'a>(
        &'a self,
        store: &'static str,
        key: &'a str,
    ) -> LocalFuture<'a, Result<Option<String>, String>> {
        let value = self.stores.borrow().get(&(store, key.to_owned())).cloned();
        Box::pin(async move { Ok(value) })
    }

    fn get_all(
        &self,
        store: &'static str,
    ) -> LocalFuture<'_, Result<Vec<Result<String, String>>, String>> {
        let values = self
            .stores
            .borrow()
            .iter()
            .filter(|((s, _), _)| *s == store)
            .map(|(_, v)| Ok(v.clone()))
            .collect();
        Box::pin(async move { Ok(values) })
    }

    fn write(&self, write: Write) -> LocalFuture<'_, Result<(), WriteError>> {
        let expected = write.expect.as_ref().is_none_or(|e| {
            self.stores.borrow().get(&(e.store, e.key.clone())) == e.value.as_ref()
        });
        let result = match self.fail_writes.borrow().clone() {
            Some(why) => Err(WriteError::Failed(why)),
            None if !expected => Err(WriteError::Conflict),
            None => {
                let mut stores = self.stores.borrow_mut();
                for store in write.clears {
                    stores.retain(|(s, _), _| *s != store);
                }
                for (store, key) in write.deletes {
                    stores.remove(&(store, key));
                }
                for (store, key, value) in write.puts {
                    stores.insert((store, key), value);
                }
                Ok(())
            }
        };
        Box::pin(async move { result })
    }
}
