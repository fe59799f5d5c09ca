//! The background task that decides due registrations, as the real service does on its own.

use crate::tenants::Tenants;
use std::sync::Arc;
use std::time::Duration;
use tokio::time::MissedTickBehavior;

/// Every `every`, decides the registrations whose processing delay is over, in every tenant
/// that no other server process is deciding, and stores the outcome. Runs until aborted.
pub async fn run(tenants: Arc<Tenants>, every: Duration) {
    let mut ticks = tokio::time::interval(every);
    ticks.set_missed_tick_behavior(MissedTickBehavior::Delay);
    loop {
        ticks.tick().await;
        tenants.decide_due().await;
    }
}
