//! The required Device profile field, with what each profile does.

use autopilot_i18n::t;
use autopilot_service::device::Profile;
use leptos::prelude::*;

/// A select of the tenant's profiles and a list describing them; the chosen one is marked.
#[component]
pub fn ProfilePicker(
    /// The profiles this tenant offers.
    #[prop(into)]
    profiles: Signal<Vec<Profile>>,
    /// The profile chosen, `None` until the admin picks one.
    chosen: RwSignal<Option<Profile>>,
) -> impl IntoView {
    view! {
        <div class="field">
            <label for="device-profile" class="field-label">
                {t!(crate::i18n::lang(), "device-profile")}
                <span class="required" aria-hidden="true">" *"</span>
            </label>
            <select
                id="device-profile"
                class="select"
                required
                aria-describedby="device-profile-hint"
                on:change=move |ev| chosen.set(Profile::from_id(&event_target_value(&ev)))
            >
                <option value="" disabled selected>
                    {t!(crate::i18n::lang(), "select-profile")}
                </option>
                {move || {
                    profiles
                        .get()
                        .into_iter()
                        .map(|p| view! { <option value=p.id()>{portal_model::words::profile(crate::i18n::lang(), p)}</option> })
                        .collect_view()
                }}
            </select>
            <ul id="device-profile-hint" class="profile-list">
                {move || {
                    profiles
                        .get()
                        .into_iter()
                        .map(|p| {
                            view! {
                                <li class:profile-chosen=move || chosen.get() == Some(p)>
                                    <strong>{portal_model::words::profile(crate::i18n::lang(), p)}</strong>
                                    ": "
                                    {portal_model::words::profile_about(crate::i18n::lang(), p)}
                                </li>
                            }
                        })
                        .collect_view()
                }}
            </ul>
        </div>
    }
}
