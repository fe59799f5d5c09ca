//! A real tenant's Autopilot, above its devices: when Intune last synced with Autopilot (with
//! Sync now), and the devices whose group tag is no profile's, with one action that tags them.
//! Nothing shows for the embedded service or the server: they sync and tag by themselves.

use super::connection::local_time;
use super::message_bar::{MessageBar, MessageIntent};
use crate::store::DeviceStore;
use autopilot_service::device::{RealTime, TenantTime};
use leptos::prelude::*;
use portal_model::locale::{date, number};
use portal_model::register::plural;

/// Devices named in the missing-tag message before "and N more".
const NAMED: usize = 3;

/// `Dec 5, 2026, 16:52:07`, in the browser's locale and time zone.
fn when(at: RealTime) -> String {
    format!("{}, {}", date(TenantTime(at.0)), local_time(at))
}

/// The sync line and the missing-tag message.
#[component]
pub fn AutopilotBar() -> impl IntoView {
    let store = expect_context::<DeviceStore>();
    // While a sync runs, look again at each tick of the store's clock (once a minute).
    Effect::new(move |_| {
        store.real_time.track();
        if store
            .autopilot
            .with_untracked(|s| s.as_ref().is_some_and(|s| s.running))
        {
            store.load_sync();
        }
    });
    let sync = move || {
        store.autopilot.get().map(|sync| {
            let text = if sync.running {
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
            let blocked = store.why_not_change().is_some();
            view! {
                <div class="autopilot-sync" data-testid="autopilot-sync">
                    <span>{text}</span>
                    <button
                        type="button"
                        class="btn btn-small"
                        disabled=sync.running || blocked
                        title="Intune takes one sync request every 10 minutes."
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
    let missing = move || {
        let devices = lacking.get();
        if devices.is_empty() {
            return None;
        }
        let mut named: Vec<String> = devices
            .iter()
            .take(NAMED)
            .map(|(_, s, _)| s.clone())
            .collect();
        if devices.len() > NAMED {
            named.push(format!("{} more", number(devices.len() - NAMED)));
        }
        let count = devices.len();
        let action = match (progress.get(), store.why_not_change()) {
            (Some((done, total)), _) => view! {
                <span role="status">{format!("Adding tags: {} of {}…", number(done), number(total))}</span>
            }
            .into_any(),
            (None, Some(why)) => view! { <span>{why}</span> }.into_any(),
            (None, None) => view! {
                <button
                    type="button"
                    class="btn btn-small"
                    on:click=move |_| store.add_tags(lacking.get_untracked(), progress)
                >
                    "Add the tags"
                </button>
            }
            .into_any(),
        };
        Some(view! {
            <div class="connection-banner" data-testid="missing-tags">
                <MessageBar intent=MessageIntent::Warning>
                    <strong>{format!("{} without the managed group tag: {}. ", plural(count, "device", "devices"), named.join(", "))}</strong>
                    "The tenant's dynamic groups and Autopilot profiles do not reach a device whose group tag is no profile's. Adding the tags gives each the tag of the profile it shows (Standard: Microsoft365Managed_Autopilot, unless config.json says otherwise), in place of the one it has. "
                    {action}
                </MessageBar>
            </div>
        })
    };

    view! {
        {sync}
        {missing}
    }
}
