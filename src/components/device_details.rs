//! One device's details and actions: retry, change profile, remove, and the demo sign-in.

use super::badge::StateBadge;
use super::confirm::ConfirmDialog;
use super::message_bar::{MessageBar, MessageIntent};
use crate::backend::DemoAction;
use crate::store::DeviceStore;
use autopilot_service::device::Profile;
use leptos::prelude::*;
use portal_model::actions::Offered;
use portal_model::workspace::{format_age, format_date, format_last_seen};

/// Details of the device `id`, read live from the store.
#[component]
pub fn DeviceDetails(
    /// The device to show.
    id: String,
    /// The details fly-in's open flag (closed after removal).
    open: RwSignal<bool>,
) -> impl IntoView {
    let store = expect_context::<DeviceStore>();
    let device = {
        let id = id.clone();
        Memo::new(move |_| store.devices.with(|all| all.get(&id).cloned()))
    };
    let confirm_remove = RwSignal::new(false);
    let confirm_profile = RwSignal::new(false);
    let new_profile = RwSignal::new(None::<Profile>);
    let profiles = move || store.profiles();

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
            None => view! { <MessageBar intent=MessageIntent::Info>"This device was removed."</MessageBar> }.into_any(),
            Some(d) => {
                // Untracked: the panel is rebuilt when the device changes, not on every clock tick
                // (a rebuild would drop the keyboard focus inside the dialog).
                let now = store.now_untracked();
                let state = d.state(now);
                let offered = Offered::for_device(&d, now);
                let failure = d.error().cloned();
                let source = d.source.clone();
                let id_retry = d.id.clone();
                let serial_retry = d.serial.clone();
                let id_sign_in = d.id.clone();
                let current = d.profile;
                view! {
                    <div class="details">
                        <StateBadge state />
                        {failure
                            .map({
                                let source = source.clone();
                                move |e| {
                                view! {
                                    <MessageBar intent=MessageIntent::Error>
                                        <strong>{e.message()}</strong>
                                        <p>{e.what_to_do()}</p>
                                        {source
                                            .clone()
                                            .map(|s| view! { <p class="muted">{format!("From {}, line {}.", s.file, s.line)}</p> })}
                                    </MessageBar>
                                }
                            }})}
                        <dl class="details-list">
                            <dt>"Serial number"</dt>
                            <dd class="mono">{d.serial.clone()}</dd>
                            <dt>"Assigned user"</dt>
                            <dd>{if d.assigned_user.is_empty() { "No user".to_owned() } else { d.assigned_user.clone() }}</dd>
                            <dt>"Manufacturer"</dt>
                            <dd>{d.manufacturer.clone()}</dd>
                            <dt>"Model"</dt>
                            <dd>{d.model.clone()}</dd>
                            <dt>"Profile"</dt>
                            <dd>{d.profile.label()}</dd>
                            <dt>"Group tag"</dt>
                            <dd class="mono">{d.group_tag.clone()}</dd>
                            <dt>"Submitted"</dt>
                            <dd>{format_date(d.submitted_at)}</dd>
                            <dt>"Last seen"</dt>
                            <dd>{format_last_seen(d.last_seen)}</dd>
                            <dt>"Age"</dt>
                            <dd>{format_age(d.age_months(now))}</dd>
                            <dt>"Source"</dt>
                            <dd>{source.map_or_else(|| "—".to_owned(), |s| format!("{}, line {}", s.file, s.line))}</dd>
                        </dl>

                        <div class="details-actions">
                            <Show when=move || offered.retry>
                                <button
                                    type="button"
                                    class="btn btn-primary"
                                    on:click={
                                        let (id, serial) = (id_retry.clone(), serial_retry.clone());
                                        move |_| store.retry(id.clone(), serial.clone())
                                    }
                                >
                                    "Retry registration"
                                </button>
                            </Show>
                            <Show when=move || offered.sign_in>
                                <button
                                    type="button"
                                    class="btn"
                                    on:click={
                                        let id = id_sign_in.clone();
                                        move |_| store.demo(DemoAction::SignIn(vec![id.clone()]), "Simulated the user's sign-in: the device is Active.".into())
                                    }
                                >
                                    "Simulate user sign-in (demo)"
                                </button>
                            </Show>
                        </div>

                        <Show
                            when=move || offered.change_profile && offered.remove
                            fallback=|| {
                                view! {
                                    <MessageBar intent=MessageIntent::Info>
                                        "Registration is in progress (usually under 10 minutes). The device can be removed or given another profile once it is done."
                                    </MessageBar>
                                }
                            }
                        >
                            <div class="field">
                                <label for="change-profile" class="field-label">"Change profile"</label>
                                <div class="inline">
                                    <select id="change-profile" class="select" prop:value=move || new_profile.get().unwrap_or(current).id() on:change=move |ev| new_profile.set(Profile::from_id(&event_target_value(&ev)))>
                                        {profiles()
                                            .into_iter()
                                            .map(|p| view! { <option value=p.id()>{p.label()}</option> })
                                            .collect_view()}
                                    </select>
                                    <button
                                        type="button"
                                        class="btn"
                                        disabled=move || new_profile.get().is_none_or(|p| p == current)
                                        on:click=move |_| confirm_profile.set(true)
                                    >
                                        "Change profile"
                                    </button>
                                </div>
                            </div>
                            <div class="danger-zone">
                                <button type="button" class="btn btn-danger" on:click=move |_| confirm_remove.set(true)>
                                    "Remove device"
                                </button>
                            </div>
                        </Show>
                    </div>
                }
                    .into_any()
            }
        }}
        <ConfirmDialog
            open=confirm_remove
            title=Signal::derive(move || format!("Remove device {}?", serial()))
            message="The device is deregistered from Windows Autopilot and disappears from this list. To use it with Managed Desktop again, you must register it again."
            confirm_label="Remove"
            on_confirm=remove
        />
        <ConfirmDialog
            open=confirm_profile
            title=Signal::derive(move || format!("Change the profile of {}?", serial()))
            message=Signal::derive(move || {
                format!(
                    "Changing the profile to {} re-images the device: everything on it is erased on its next start. Make sure the user has saved their work.",
                    new_profile.get().map_or("another profile", |p| p.label())
                )
            })
            confirm_label="Change profile and re-image"
            on_confirm=change
        />
    }
}
