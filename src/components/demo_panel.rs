//! Demo controls for UX reviews: move devices through their states without waiting.

use super::confirm::ConfirmDialog;
use super::message_bar::{MessageBar, MessageIntent};
use crate::backend::DemoAction;
use crate::store::DeviceStore;
use autopilot_i18n::t;
use autopilot_service::demo::MAX_SEEDED;
use autopilot_service::device::DeviceState;
use leptos::prelude::*;
use portal_model::locale::number;

/// The Demo controls fly-in's content.
#[component]
pub fn DemoPanel() -> impl IntoView {
    let store = expect_context::<DeviceStore>();
    let toasts = expect_context::<super::toast::Toasts>();
    let confirm_reset = RwSignal::new(false);
    let lang = crate::i18n::lang();
    view! {
        <div class="demo-panel">
            <MessageBar intent=MessageIntent::Info>
                {t!(lang, "demo-intro")}
            </MessageBar>
            <section>
                <h3>{t!(lang, "demo-users")}</h3>
                <p>{t!(lang, "demo-users-about")}</p>
                <button
                    type="button"
                    class="btn"
                    on:click=move |_| {
                        let now = store.now_untracked();
                        let ready = store
                            .devices
                            .with_untracked(|d| d.ids_in(DeviceState::ReadyForUser, now));
                        if ready.is_empty() {
                            toasts.error(t!(lang, "demo-none-ready"));
                            return;
                        }
                        let n = ready.len();
                        store.demo(DemoAction::SignIn(ready), t!(lang, "demo-signed-in", count = n, n = number(n)));
                    }
                >
                    {t!(lang, "demo-sign-in-all")}
                </button>
            </section>
            <section>
                <h3>{t!(lang, "demo-clock")}</h3>
                <p>{t!(lang, "demo-clock-about")}</p>
                <button type="button" class="btn" on:click=move |_| store.demo(DemoAction::AdvanceClock(7), t!(lang, "demo-clock-moved"))>
                    {t!(lang, "demo-advance-clock")}
                </button>
            </section>
            <section>
                <h3>{t!(lang, "demo-faults")}</h3>
                <CountAction
                    id="fault-count"
                    label=t!(lang, "demo-faults-label")
                    min=0
                    max=100
                    start=1
                    button=t!(lang, "demo-inject-faults")
                    on_run=Callback::new(move |n: u32| {
                        store.demo(DemoAction::InjectFaults(n), t!(lang, "demo-faults-injected", count = n, n = number(n as usize)))
                    })
                />
            </section>
            <section>
                <h3>{t!(lang, "demo-scale")}</h3>
                <CountAction
                    id="seed-count"
                    label=t!(lang, "demo-seed-label")
                    min=1
                    max=MAX_SEEDED as u32
                    start=100_000
                    button=t!(lang, "demo-add-devices")
                    on_run=Callback::new(move |n: u32| {
                        if n == 0 {
                            toasts.error(t!(lang, "demo-seed-none"));
                            return;
                        }
                        store.demo(DemoAction::Seed(n), t!(lang, "demo-seeded", count = n, n = number(n as usize)))
                    })
                />
            </section>
            <section>
                <h3>{t!(lang, "demo-data")}</h3>
                <p>{t!(lang, "demo-data-about")}</p>
                <button type="button" class="btn btn-danger" on:click=move |_| confirm_reset.set(true)>
                    {t!(lang, "demo-reset")}
                </button>
            </section>
            <ConfirmDialog
                open=confirm_reset
                title=t!(lang, "demo-reset-title")
                message=t!(lang, "demo-reset-message")
                confirm_label=t!(lang, "demo-reset-confirm")
                on_confirm=Callback::new(move |()| store.demo(DemoAction::Reset, t!(lang, "demo-was-reset")))
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
    label: String,
    /// Smallest number.
    min: u32,
    /// Largest number; more is taken as this.
    max: u32,
    /// The number shown first.
    start: u32,
    /// The button's text.
    button: String,
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
