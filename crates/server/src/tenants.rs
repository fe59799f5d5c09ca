//! Every tenant this process serves, opened on first use: the caller's tenant is the access
//! token's `tid`; without sign-in (or a token without one) it is the one default tenant.

use crate::errors::ApiError;
use crate::store::{Store, StoreError};
use crate::tenant::{Seeding, Tenant};
use std::collections::HashMap;
use std::sync::Arc;
use tokio::sync::{Mutex, OnceCell};

/// The tenant of a server without sign-in, and of tokens that name none.
pub const DEFAULT_TENANT: &str = "default";

type Slot = Arc<OnceCell<Arc<Mutex<Tenant>>>>;

/// The tenants, each behind its own lock (one unit of work at a time per tenant in this
/// process; the database's row lock orders them across processes).
pub struct Tenants {
    store: Arc<Store>,
    seeding: Seeding,
    open: std::sync::Mutex<HashMap<String, Slot>>,
}

impl Tenants {
    /// Serves the tenants stored in `store`; new ones are seeded as `seeding` says.
    pub fn new(store: Store, seeding: Seeding) -> Tenants {
        Tenants {
            store: Arc::new(store),
            seeding,
            open: std::sync::Mutex::new(HashMap::new()),
        }
    }

    /// Tenant `id`, loaded (or seeded) on first use.
    pub async fn get(&self, id: &str) -> Result<Arc<Mutex<Tenant>>, StoreError> {
        let slot = {
            let mut open = self.open.lock().unwrap_or_else(|e| e.into_inner());
            open.entry(id.to_owned()).or_default().clone()
        };
        slot.get_or_try_init(|| async {
            Tenant::open(self.store.clone(), id, &self.seeding)
                .await
                .map(|tenant| Arc::new(Mutex::new(tenant)))
        })
        .await
        .cloned()
    }

    /// [`Tenants::get`] for a request: a failure is a 500.
    pub async fn for_request(&self, id: &str) -> Result<Arc<Mutex<Tenant>>, ApiError> {
        self.get(id).await.map_err(ApiError::internal)
    }

    /// Decides the due registrations of every tenant that has some and that no other process is
    /// deciding; logs what fails and goes on.
    pub async fn decide_due(&self) {
        let due = match self.store.due(crate::time::real_now()).await {
            Ok(due) => due,
            Err(error) => {
                eprintln!("error: cannot read which tenants are due: {error}");
                return;
            }
        };
        for id in due {
            match self.get(&id).await {
                // A failed write is logged by `ApiError::internal`; the next tick tries again.
                Ok(tenant) => {
                    let _ = tenant.lock().await.decide_due().await;
                }
                Err(error) => eprintln!("error: cannot open tenant {id}: {error}"),
            }
        }
    }

    /// Closes the database.
    pub async fn close(&self) {
        self.store.close().await;
    }
}
