//! A real tenant's Autopilot, above its devices: when Intune last synced with Autopilot (with
//! Sync now), and the devices whose group tag is no profile's, with one action that tags them.
//! Nothing shows for the embedded service or the server: they sync and tag by themselves.

use super::confirm::ConfirmDialog;
use super::message_bar::{MessageBar, MessageIntent};
use crate::store::DeviceStore;
use autopilot_i18n::t;
use autopilot_service::device::RealTime;
use leptos::prelude::*;
use portal_model::locale::number;

/// Devices named in the missing-tag message before "and N more".
const NAMED: usize = 3;

/// A date and time as the browser writes them, in its locale and time zone.
fn when(at: RealTime) -> String {
    let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(at.0 as f64));
    String::from(date.to_locale_string(&crate::i18n::locale(), &wasm_bindgen::JsValue::UNDEFINED))
}

/// The sync line and the missing-tag message.
#[component]
pub fn AutopilotBar() -> impl IntoView {
    let store = expect_context::<DeviceStore>();
    let lang = crate::i18n::lang();
    // While a sync runs or the next request waits, look again at each tick of the store's
    // clock (once a minute).
    Effect::new(move |_| {
        let now = store.real_time.get();
        let waiting = store
            .autopilot
            .with_untracked(|s| s.as_ref().is_some_and(|s| s.next_request(now).is_some()));
        if waiting {
            store.load_sync();
        }
    });
    let sync = move || {
        store.autopilot.get().map(|sync| {
            let now = store.real_time.get();
            let mut text = match (sync.running, sync.last_requested, sync.last_sync) {
                (true, Some(asked), _) => t!(lang, "sync-running", time = when(asked)),
                (true, None, _) => t!(lang, "sync-running-now"),
                (false, _, Some(at)) => t!(lang, "sync-last", time = when(at)),
                (false, _, None) => t!(lang, "sync-never"),
            };
            let next = sync.next_request(now);
            if let Some(planned) = store.sync_planned.get() {
                text.push(' ');
                text.push_str(&t!(lang, "sync-planned", time = when(planned.max(now))));
            } else if let (Some(at), false) = (next, sync.running) {
                text.push(' ');
                text.push_str(&t!(lang, "sync-next", time = when(at)));
            }
            let blocked = next.is_some() || store.why_not_change().is_some();
            view! {
                <div class="autopilot-sync" data-testid="autopilot-sync">
                    <span>{text}</span>
                    <button
                        type="button"
                        class="btn btn-small"
                        disabled=blocked
                        title=t!(lang, "sync-limit")
                        on:click=move |_| store.sync_autopilot()
                    >
                        {t!(lang, "sync-now")}
                    </button>
                </div>
            }
        })
    };

    let lacking = Memo::new(move |_| store.lacking_tag());
    let progress = RwSignal::new(None::<(usize, usize)>);
    let confirm = RwSignal::new(false);
    let named = move |with_tags: bool| {
        lacking.with(|devices| {
            let mut named: Vec<String> = devices
                .iter()
                .take(NAMED)
                .map(|d| match (with_tags, d.tag.is_empty()) {
                    (false, _) => d.serial.clone(),
                    (true, true) => t!(lang, "serial-no-tag", serial = d.serial.as_str()),
                    (true, false) => {
                        t!(
                            lang,
                            "serial-tag",
                            serial = d.serial.as_str(),
                            tag = d.tag.as_str()
                        )
                    }
                })
                .collect();
            if devices.len() > NAMED {
                named.push(t!(lang, "n-more", n = number(devices.len() - NAMED)));
            }
            named.join(", ")
        })
    };
    let count = move || lacking.with(Vec::len);
    let missing = move || {
        if count() == 0 {
            return None;
        }
        let action = match (progress.get(), store.why_not_change()) {
            (Some((done, total)), _) => view! {
                <span role="status">{t!(lang, "tagging", done = number(done), total = number(total))}</span>
            }
            .into_any(),
            (None, Some(why)) => view! { <span>{why}</span> }.into_any(),
            (None, None) => view! {
                <button type="button" class="btn btn-small" on:click=move |_| confirm.set(true)>
                    {t!(lang, "tag-them")}
                </button>
            }
            .into_any(),
        };
        Some(view! {
            <div class="connection-banner" data-testid="missing-tags">
                <MessageBar intent=MessageIntent::Warning>
                    <strong>{t!(lang, "missing-tags", count = count(), n = number(count()), names = named(false))}</strong>
                    " "
                    {t!(lang, "missing-tags-why")}
                    " "
                    {action}
                </MessageBar>
            </div>
        })
    };
    let tag = Callback::new(move |()| store.add_tags(lacking.get_untracked(), progress));

    view! {
        {sync}
        {missing}
        <ConfirmDialog
            open=confirm
            title=Signal::derive(move || t!(lang, "tag-title", count = count(), n = number(count())))
            message=Signal::derive(move || t!(lang, "tag-message", names = named(true)))
            confirm_label=Signal::derive(move || t!(lang, "tag-confirm", count = count(), n = number(count())))
            on_confirm=tag
        />
    }
}
