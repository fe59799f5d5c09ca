//! What the admin is told about the connection to the registration service: that the portal is
//! waiting to try again (and when), that the table may be out of date, and that some devices
//! could not be read. Never a frozen or stale table without a word.

use super::message_bar::{MessageBar, MessageIntent};
use crate::backend::{real_now, WaitReason, Waiting};
use crate::store::DeviceStore;
use autopilot_service::device::RealTime;
use leptos::prelude::*;

/// `10:42:07` in the browser's time zone.
pub fn local_time(at: RealTime) -> String {
    let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(at.0 as f64));
    format!(
        "{:02}:{:02}:{:02}",
        date.get_hours(),
        date.get_minutes(),
        date.get_seconds()
    )
}

/// The waiting banner: shown while the backend waits before sending a request again, with a
/// countdown to the next attempt.
#[component]
pub fn WaitingBanner() -> impl IntoView {
    let store = use_context::<DeviceStore>();
    let now = RwSignal::new(real_now());
    crate::timer::every(500, move || now.set(real_now()));
    let why = |w: &Waiting| match &w.reason {
        WaitReason::Busy => "The registration service is busy and asked the portal to wait.",
        // The browser's words ("Failed to fetch") say nothing more; the final error keeps them.
        WaitReason::Unreachable(_) => "The registration service cannot be reached.",
    };
    // The countdown ticks twice a second: it is hidden from screen readers, which would
    // otherwise announce the live region at every tick; they hear the wait once per attempt.
    let countdown = move |until: RealTime| {
        let seconds = ((until - now.get()).at_least_zero().0 + 999) / 1_000;
        if seconds == 0 {
            "Trying again now".to_owned()
        } else {
            format!("Trying again in {seconds} s")
        }
    };
    move || {
        store?.waiting.with(|waits| waits.shown().cloned()).map(|w| {
            let until = w.until;
            view! {
                <div class="connection-banner" data-testid="waiting-banner">
                    <MessageBar intent=MessageIntent::Warning>
                        <span class="spinner-inline" aria-hidden="true"></span>
                        {why(&w)}
                        " "
                        <span aria-hidden="true">{move || countdown(until)}</span>
                        <span class="visually-hidden">"Trying again shortly"</span>
                        {format!(
                            " (attempt {} of {}). Nothing is lost: the request is sent again automatically.",
                            w.attempt, w.max_attempts
                        )}
                    </MessageBar>
                </div>
            }
        })
    }
}

/// The page's connection banners: waiting, out of date, unreadable devices.
#[component]
pub fn ConnectionBanners() -> impl IntoView {
    let store = expect_context::<DeviceStore>();
    let stale =
        move || {
            store.stale.get().map(|stale| {
            let why = stale.why;
            let since = store.updated_at.get_untracked().map_or_else(String::new, |at| {
                format!(" It shows the devices as they were at {}.", local_time(at))
            });
            view! {
                <div class="connection-banner" data-testid="stale-banner">
                    <MessageBar intent=MessageIntent::Warning>
                        <strong>"The list may be out of date. "</strong>
                        {format!("{why}{since} ")}
                        <button type="button" class="btn btn-small" on:click=move |_| store.load()>
                            "Try again"
                        </button>
                    </MessageBar>
                </div>
            }
        })
        };
    let unreadable = move || {
        store.unreadable.with(|lines| {
            lines.first().map(|first| {
                let text = match lines.len() {
                    1 => format!("1 device could not be shown because its data cannot be read. It was kept, not deleted: {first}"),
                    n => format!("{} devices could not be shown because their data cannot be read. They were kept, not deleted. The first: {first}", portal_model::locale::number(n)),
                };
                view! {
                    <div class="connection-banner" data-testid="unreadable-banner">
                        <MessageBar intent=MessageIntent::Warning>{text}</MessageBar>
                    </div>
                }
            })
        })
    };
    view! {
        <WaitingBanner />
        {stale}
        {unreadable}
    }
}
