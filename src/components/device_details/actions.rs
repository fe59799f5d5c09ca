//! What an admin can do with one device, as `portal_model::actions::Offered` says: retry, the
//! demo sign-in, change profile and remove (the last two ask first, in the details panel).

use crate::backend::DemoAction;
use crate::components::message_bar::{MessageBar, MessageIntent};
use crate::store::DeviceStore;
use autopilot_i18n::t;
use autopilot_service::device::{Device, Profile};
use leptos::prelude::*;
use portal_model::actions::Offered;

/// The action buttons and the profile field for `device`.
#[component]
pub fn Actions(
    /// The device.
    device: Device,
    /// What it offers now.
    offered: Offered,
    /// The profile picked in the field (not yet confirmed).
    new_profile: RwSignal<Option<Profile>>,
    /// Opens the profile change's confirmation.
    confirm_profile: RwSignal<bool>,
    /// Opens the removal's confirmation.
    confirm_remove: RwSignal<bool>,
) -> impl IntoView {
    let store = expect_context::<DeviceStore>();
    let lang = crate::i18n::lang();
    let current = device.profile;
    let (id, serial) = (device.id.clone(), device.serial.clone());
    let retry = move |_| store.retry(id.clone(), serial.clone());
    let id = device.id.clone();
    let sign_in = move |_| {
        store.demo(
            DemoAction::SignIn(vec![id.clone()]),
            t!(lang, "signed-in-simulated"),
        )
    };
    let profiles = move || store.profiles();
    if let Some(why) = store.why_not_change() {
        return view! { <MessageBar intent=MessageIntent::Info>{why}</MessageBar> }.into_any();
    }
    view! {
        <div class="details-actions">
            <Show when=move || offered.retry>
                <button type="button" class="btn btn-primary" on:click=retry.clone()>
                    {t!(lang, "retry-registration")}
                </button>
            </Show>
            <Show when=move || offered.sign_in>
                <button type="button" class="btn" on:click=sign_in.clone()>
                    {t!(lang, "simulate-sign-in")}
                </button>
            </Show>
        </div>
        <Show
            when=move || offered.change_profile && offered.remove
            fallback=move || {
                view! {
                    <MessageBar intent=MessageIntent::Info>{t!(lang, "registration-in-progress")}</MessageBar>
                }
            }
        >
            <div class="field">
                <label for="change-profile" class="field-label">{t!(lang, "change-profile")}</label>
                <div class="inline">
                    <select
                        id="change-profile"
                        class="select"
                        prop:value=move || new_profile.get().unwrap_or(current).id()
                        on:change=move |ev| new_profile.set(Profile::from_id(&event_target_value(&ev)))
                    >
                        {profiles()
                            .into_iter()
                            .map(|p| view! { <option value=p.id()>{portal_model::words::profile(lang, p)}</option> })
                            .collect_view()}
                    </select>
                    <button
                        type="button"
                        class="btn"
                        disabled=move || new_profile.get().is_none_or(|p| p == current)
                        on:click=move |_| confirm_profile.set(true)
                    >
                        {t!(lang, "change-profile")}
                    </button>
                </div>
            </div>
            <div class="danger-zone">
                <button type="button" class="btn btn-danger" on:click=move |_| confirm_remove.set(true)>
                    {t!(lang, "remove-device")}
                </button>
            </div>
        </Show>
    }
    .into_any()
}
