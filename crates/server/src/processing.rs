//! The background task that decides due registrations, as the real service does on its own.

use crate::tenant::Tenant;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Mutex;
use tokio::time::MissedTickBehavior;

/// Every `every`, decides the registrations whose processing delay is over and stores the
/// outcome. Runs until aborted.
pub async fn run(tenant: Arc<Mutex<Tenant>>, every: Duration) {
    let mut ticks = tokio::time::interval(every);
    ticks.set_missed_tick_behavior(MissedTickBehavior::Delay);
    loop {
        ticks.tick().await;
        let mut tenant = tenant.lock().await;
        // A failed write is logged by `ApiError::internal`; the next tick tries again.
        let _ = tenant.read(|_, _| Ok(())).await;
    }
}
