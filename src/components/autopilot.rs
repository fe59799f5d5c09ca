//! A real tenant's Autopilot, above its devices: when Intune last synced with Autopilot (with
//! Sync now), and the devices whose group tag is no profile's, with one action that tags them.
//! Nothing shows for the embedded service or the server: they sync and tag by themselves.

use super::confirm::ConfirmDialog;
use super::message_bar::{MessageBar, MessageIntent};
use crate::store::DeviceStore;
use autopilot_service::device::RealTime;
use leptos::prelude::*;
use portal_model::locale::number;
use portal_model::register::plural;

/// Devices named in the missing-tag message before "and N more".
const NAMED: usize = 3;

/// A date and time as the browser writes them, in its locale and time zone.
fn when(at: RealTime) -> String {
    let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(at.0 as f64));
    String::from(date.to_locale_string("default", &wasm_bindgen::JsValue::UNDEFINED))
}

/// The sync line and the missing-tag message.
#[component]
pub fn AutopilotBar() -> impl IntoView {
    let store = expect_context::<DeviceStore>();
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
            let mut text = if sync.running {
                format!(
                    "Intune is syncing with Autopilot (asked for {}).",
                    sync.last_requested
                        .map_or_else(|| "just now".to_owned(), when)
                )
            } else {
                match sync.last_sync {
                    Some(at) => format!("Last sync with Autopilot: {}.", when(at)),
                    None => "Intune has not synced with Autopilot yet.".to_owned(),
                }
            };
            let next = sync.next_request(now);
            if let Some(planned) = store.sync_planned.get() {
                text.push_str(&format!(
                    " New devices reached Autopilot: the portal asks for a sync at {}.",
                    when(planned.max(now))
                ));
            } else if let (Some(at), false) = (next, sync.running) {
                text.push_str(&format!(
                    " Autopilot takes the next sync request at {}.",
                    when(at)
                ));
            }
            let blocked = next.is_some() || store.why_not_change().is_some();
            view! {
                <div class="autopilot-sync" data-testid="autopilot-sync">
                    <span>{text}</span>
                    <button
                        type="button"
                        class="btn btn-small"
                        disabled=blocked
                        title="Autopilot takes one sync request every 10 minutes."
                        on:click=move |_| store.sync_autopilot()
                    >
                        "Sync now"
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
                    (true, true) => format!("{} (no tag)", d.serial),
                    (true, false) => format!("{} ({})", d.serial, d.tag),
                })
                .collect();
            if devices.len() > NAMED {
                named.push(format!("{} more", number(devices.len() - NAMED)));
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
                <span role="status">{format!("Tagging: {} of {}…", number(done), number(total))}</span>
            }
            .into_any(),
            (None, Some(why)) => view! { <span>{why}</span> }.into_any(),
            (None, None) => view! {
                <button type="button" class="btn btn-small" on:click=move |_| confirm.set(true)>
                    "Tag them…"
                </button>
            }
            .into_any(),
        };
        Some(view! {
            <div class="connection-banner" data-testid="missing-tags">
                <MessageBar intent=MessageIntent::Warning>
                    <strong>{format!("{} in no profile's group: {}. ", plural(count(), "device is", "devices are"), named(false))}</strong>
                    "Their group tag is none of the profiles' tags (someone may have changed it in Intune), so the tenant's dynamic groups and Autopilot profiles do not reach them. "
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
            title=Signal::derive(move || format!("Tag {}?", plural(count(), "device", "devices")))
            message=Signal::derive(move || format!(
                "Each gets the group tag of the profile the table shows for it, in place of the tag it has: {}. A tag that is no profile's shows as Standard, so these get Standard's tag (Microsoft365Managed_Autopilot unless config.json says otherwise); change a device's profile afterwards if it should have another.",
                named(true)
            ))
            confirm_label=Signal::derive(move || format!("Tag {}", plural(count(), "device", "devices")))
            on_confirm=tag
        />
    }
}
