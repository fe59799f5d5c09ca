//! Timers that belong to the reactive owner starting them: stopped when it is cleaned up, so no
//! tick ever reaches a disposed signal.

use gloo_timers::callback::Interval;
use leptos::prelude::*;

/// Calls `tick` every `ms` milliseconds until the current owner is cleaned up.
pub fn every(ms: u32, tick: impl FnMut() + 'static) {
    let timer = StoredValue::new_local(Some(Interval::new(ms, tick)));
    on_cleanup(move || {
        if let Some(timer) = timer.try_update_value(Option::take).flatten() {
            timer.cancel();
        }
    });
}
