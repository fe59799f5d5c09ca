//! Demo controls for UX reviews: move devices through their states without waiting.

use super::confirm::ConfirmDialog;
use super::message_bar::{MessageBar, MessageIntent};
use crate::backend::DemoAction;
use crate::store::DeviceStore;
use autopilot_service::demo::MAX_SEEDED;
use autopilot_service::device::DeviceState;
use leptos::prelude::*;
use portal_model::register::plural;

/// The Demo controls fly-in's content.
#[component]
pub fn DemoPanel() -> impl IntoView {
    let store = expect_context::<DeviceStore>();
    let toasts = expect_context::<super::toast::Toasts>();
    let confirm_reset = RwSignal::new(false);
    view! {
        <div class="demo-panel">
            <MessageBar intent=MessageIntent::Info>
                "These controls exist only in the demo service. They let a review see every state without waiting days."
            </MessageBar>
            <section>
                <h3>"Users"</h3>
                <p>"Simulate a first sign-in on a device from its details (select its serial number), or on every device that is Ready for user:"</p>
                <button
                    type="button"
                    class="btn"
                    on:click=move |_| {
                        let now = store.now_untracked();
                        let ready = store
                            .devices
                            .with_untracked(|d| d.ids_in(DeviceState::ReadyForUser, now));
                        if ready.is_empty() {
                            toasts.error("No device is Ready for user.");
                            return;
                        }
                        let n = ready.len();
                        store.demo(DemoAction::SignIn(ready), format!("Simulated the first sign-in on {}: {} Active.", plural(n, "device", "devices"), if n == 1 { "it is" } else { "they are" }));
                    }
                >
                    "Sign in on all Ready for user devices"
                </button>
            </section>
            <section>
                <h3>"Clock"</h3>
                <p>"Active devices become Inactive after 7 days without use."</p>
                <button type="button" class="btn" on:click=move |_| store.demo(DemoAction::AdvanceClock(7), "The clock moved 7 days forward.".into())>
                    "Advance the clock 7 days"
                </button>
            </section>
            <section>
                <h3>"Faults"</h3>
                <CountAction
                    id="fault-count"
                    label="Registrations that fail with Unexpected error"
                    min=0
                    max=100
                    start=1
                    button="Inject faults"
                    on_run=Callback::new(move |n: u32| {
                        store.demo(DemoAction::InjectFaults(n), format!("The next {n} registrations will fail with Unexpected error."))
                    })
                />
            </section>
            <section>
                <h3>"Scale"</h3>
                <CountAction
                    id="seed-count"
                    label="Devices to add, in every state"
                    min=1
                    max=MAX_SEEDED as u32
                    start=100_000
                    button="Add devices"
                    on_run=Callback::new(move |n: u32| {
                        if n == 0 {
                            toasts.error("Enter how many devices to add.");
                            return;
                        }
                        store.demo(DemoAction::Seed(n), format!("Added {} in every state.", plural(n as usize, "device", "devices")))
                    })
                />
            </section>
            <section>
                <h3>"Data"</h3>
                <p>"Throw away every change and start again from the seeded Contoso tenant."</p>
                <button type="button" class="btn btn-danger" on:click=move |_| confirm_reset.set(true)>
                    "Reset demo data"
                </button>
            </section>
            <ConfirmDialog
                open=confirm_reset
                title="Reset demo data?"
                message="Every device you registered or changed is deleted, and the demo tenant is seeded again."
                confirm_label="Reset"
                on_confirm=Callback::new(move |()| store.demo(DemoAction::Reset, "Demo data was reset.".into()))
            />
        </div>
    }
}

/// A number and the button that acts on it (at most `max`).
#[component]
fn CountAction(
    /// The input's id, for its label.
    id: &'static str,
    /// What the number counts.
    label: &'static str,
    /// Smallest number.
    min: u32,
    /// Largest number; more is taken as this.
    max: u32,
    /// The number shown first.
    start: u32,
    /// The button's text.
    button: &'static str,
    /// Runs with the number.
    on_run: Callback<u32>,
) -> impl IntoView {
    let count = RwSignal::new(start);
    view! {
        <label for=id class="field-label">{label}</label>
        <div class="inline">
            <input
                id=id
                class="input input-number"
                type="number"
                min=min
                max=max
                prop:value=move || count.get().to_string()
                on:input=move |ev| count.set(event_target_value(&ev).parse().unwrap_or(0))
            />
            <button type="button" class="btn" on:click=move |_| on_run.run(count.get_untracked().min(max))>
                {button}
            </button>
        </div>
    }
}
