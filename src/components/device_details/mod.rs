//! One device's details ([`facts`]) and actions ([`actions`]): retry, change profile, remove (both
//! asked first here), and the demo sign-in.

pub mod actions;
pub mod facts;

use super::badge::StateBadge;
use super::confirm::ConfirmDialog;
use super::message_bar::{MessageBar, MessageIntent};
use crate::store::DeviceStore;
use actions::Actions;
use autopilot_i18n::t;
use autopilot_service::device::Profile;
use facts::{Facts, Failure, MoreFacts};
use leptos::prelude::*;
use portal_model::actions::Offered;

/// Details of the device `id`, read live from the store.
#[component]
pub fn DeviceDetails(
    /// The device to show.
    id: String,
    /// The details fly-in's open flag (closed after removal).
    open: RwSignal<bool>,
) -> impl IntoView {
    let store = expect_context::<DeviceStore>();
    let lang = crate::i18n::lang();
    let device = {
        let id = id.clone();
        Memo::new(move |_| store.devices.with(|all| all.get(&id).cloned()))
    };
    let confirm_remove = RwSignal::new(false);
    let confirm_profile = RwSignal::new(false);
    let new_profile = RwSignal::new(None::<Profile>);

    let remove = Callback::new(move |()| {
        if let Some(d) = device.get_untracked() {
            store.remove(d.id, d.serial);
            open.set(false);
        }
    });
    let change = Callback::new(move |()| {
        if let (Some(d), Some(p)) = (device.get_untracked(), new_profile.get_untracked()) {
            store.change_profile(d.id, p);
        }
    });
    let serial = move || device.with(|d| d.as_ref().map(|d| d.serial.clone()).unwrap_or_default());

    view! {
        {move || match device.get() {
            None => view! { <MessageBar intent=MessageIntent::Info>{t!(lang, "device-removed-here")}</MessageBar> }.into_any(),
            Some(d) => {
                // Untracked: the panel is rebuilt when the device changes, not on every clock tick
                // (a rebuild would drop the keyboard focus inside the dialog).
                let now = store.now_untracked();
                let mut offered = Offered::for_device(&d, now);
                // A real tenant's users sign in on real devices; only the demo simulates it.
                offered.sign_in &= store.backend().is_demo();
                // Tracked: the panel is rebuilt once the account's role is known.
                let actions = match store.why_not_change() {
                    Some(why) => view! { <MessageBar intent=MessageIntent::Info>{why}</MessageBar> }.into_any(),
                    None => view! {
                        <Actions device=d.clone() offered new_profile confirm_profile confirm_remove />
                    }
                    .into_any(),
                };
                view! {
                    <div class="details">
                        <StateBadge state=d.state(now) />
                        <Failure device=d.clone() />
                        <Facts device=d.clone() now />
                        // What Autopilot says of a registered device.
                        {d.can_sign_in().then(|| view! { <MoreFacts id=d.id.clone() /> })}
                        {actions}
                    </div>
                }
                .into_any()
            }
        }}
        <ConfirmDialog
            open=confirm_remove
            title=Signal::derive(move || t!(lang, "remove-device-title", serial = serial()))
            message=t!(lang, "remove-device-message")
            confirm_label=t!(lang, "remove")
            on_confirm=remove
        />
        <ConfirmDialog
            open=confirm_profile
            title=Signal::derive(move || t!(lang, "change-profile-title", serial = serial()))
            message=Signal::derive(move || {
                let profile = new_profile.get().map_or_else(
                    || t!(lang, "another-profile"),
                    |p| portal_model::words::profile(lang, p),
                );
                t!(lang, "change-profile-message", profile = profile)
            })
            confirm_label=t!(lang, "change-profile-confirm")
            on_confirm=change
        />
    }
}
