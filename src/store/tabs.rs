//! Showing what the portal's other tabs wrote (embedded service): their announcement starts a
//! reload here, one for a burst of writes, after the reload running, if any.

use super::DeviceStore;
use leptos::prelude::*;
use portal_model::store::Freshness;
use std::cell::Cell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::BroadcastChannel;

/// How long after an announcement the reload starts: the writes of one registration (a batch
/// every few hundred milliseconds) become one reload.
const SETTLE_MS: u32 = 150;

impl DeviceStore {
    /// Reloads when another tab announces a write on `channel`, until the store's owner is
    /// cleaned up.
    pub fn follow_other_tabs(&self, channel: BroadcastChannel) {
        let store = *self;
        let scheduled = Rc::new(Cell::new(false));
        let on_message = Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |_| {
            if !scheduled.replace(true) {
                reload_soon(store, scheduled.clone());
            }
        });
        channel.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        let kept = StoredValue::new_local(Some((channel, on_message)));
        on_cleanup(move || {
            if let Some((channel, _)) = kept.try_update_value(Option::take).flatten() {
                channel.set_onmessage(None);
                channel.close();
            }
        });
    }
}

fn reload_soon(store: DeviceStore, scheduled: Rc<Cell<bool>>) {
    gloo_timers::callback::Timeout::new(SETTLE_MS, move || {
        match store.freshness.try_with_untracked(Freshness::is_reloading) {
            // The workspace is gone.
            None => {}
            // It may have read storage before the announced write: read again after it.
            Some(true) => reload_soon(store, scheduled),
            Some(false) => {
                scheduled.set(false);
                store.load();
            }
        }
    })
    .forget();
}
