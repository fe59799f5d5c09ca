//! The embedded service's tabs tell each other when they wrote: one `BroadcastChannel` per
//! database, the same object posting and listening (a channel does not hear itself, so a tab
//! reloads only for other tabs' writes). What was written is read from IndexedDB, not from the
//! message (`portal_backend::versions`): a lost message only delays the news until the next
//! call; it loses nothing.

use wasm_bindgen::prelude::*;
use web_sys::BroadcastChannel;

/// The channel of the tabs on database `name`, where the browser has one.
pub fn channel(database: &str) -> Option<BroadcastChannel> {
    BroadcastChannel::new(&format!("devices-portal:{database}")).ok()
}

/// Tells the other tabs that this one wrote.
pub fn announce(channel: &BroadcastChannel) {
    let _ = channel.post_message(&JsValue::from_str("written"));
}
