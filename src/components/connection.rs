//! What the admin is told about the connection to the registration service: that the portal is
//! waiting to try again (and when), that the table may be out of date, and that some devices
//! could not be read. Never a frozen or stale table without a word.

use super::message_bar::{MessageBar, MessageIntent};
use crate::backend::{real_now, WaitReason, Waiting};
use crate::store::DeviceStore;
use autopilot_i18n::t;
use autopilot_service::device::RealTime;
use leptos::prelude::*;
use portal_model::locale::number;

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
    let lang = crate::i18n::lang();
    let why = move |w: &Waiting| match &w.reason {
        WaitReason::Busy => t!(lang, "waiting-busy"),
        // The browser's words ("Failed to fetch") say nothing more; the final error keeps them.
        WaitReason::Unreachable(_) => t!(lang, "waiting-unreachable"),
    };
    // The countdown ticks twice a second: it is hidden from screen readers, which would
    // otherwise announce the live region at every tick; they hear the wait once per attempt.
    let countdown = move |until: RealTime| {
        let seconds = ((until - now.get()).at_least_zero().0 + 999) / 1_000;
        if seconds == 0 {
            t!(lang, "trying-again-now")
        } else {
            t!(lang, "trying-again-in", seconds = number(seconds as usize))
        }
    };
    move || {
        store?
            .waiting
            .with(|waits| waits.shown().cloned())
            .map(|w| {
                let until = w.until;
                view! {
                    <div class="connection-banner" data-testid="waiting-banner">
                        <MessageBar intent=MessageIntent::Warning>
                            <span class="spinner-inline" aria-hidden="true"></span>
                            {why(&w)}
                            " "
                            <span aria-hidden="true">{move || countdown(until)}</span>
                            <span class="visually-hidden">{t!(lang, "trying-again-shortly")}</span>
                            " "
                            {t!(
                                lang,
                                "waiting-attempt",
                                attempt = number(w.attempt as usize),
                                max = number(w.max_attempts as usize)
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
    let lang = crate::i18n::lang();
    let stale =
        move || {
            store.stale.get().map(|stale| {
            let why = stale.why;
            let since = store.updated_at.get_untracked().map_or_else(String::new, |at| {
                format!(" {}", t!(lang, "stale-since", time = local_time(at)))
            });
            view! {
                <div class="connection-banner" data-testid="stale-banner">
                    <MessageBar intent=MessageIntent::Warning>
                        <strong>{t!(lang, "stale")}</strong>
                        " "
                        {format!("{why}{since} ")}
                        <button type="button" class="btn btn-small" on:click=move |_| store.load()>
                            {t!(lang, "try-again")}
                        </button>
                    </MessageBar>
                </div>
            }
        })
        };
    let unreadable = move || {
        store.unreadable.with(|lines| {
            lines.first().map(|first| {
                let n = lines.len();
                let text = t!(
                    lang,
                    "unreadable",
                    count = n,
                    n = number(n),
                    first = first.as_str()
                );
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
