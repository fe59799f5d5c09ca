//! The count of devices per state, at the top of the workspace; each count filters the table.

use autopilot_i18n::t;
use autopilot_service::device::DeviceState;
use leptos::prelude::*;

/// One card per state with its count.
#[component]
pub fn StateSummary(
    /// Devices per state, in [`DeviceState::ALL`] order.
    #[prop(into)]
    counts: Signal<[usize; 5]>,
    /// The state filter now applied.
    #[prop(into)]
    selected: Signal<Option<DeviceState>>,
    /// Called with the state to filter by (`None` clears the filter).
    on_select: Callback<Option<DeviceState>>,
) -> impl IntoView {
    view! {
        <ul class="state-summary" aria-label=t!(crate::i18n::lang(), "devices-by-state")>
            {DeviceState::ALL
                .into_iter()
                .enumerate()
                .map(|(i, state)| {
                    let pressed = move || selected.get() == Some(state);
                    view! {
                        <li>
                            <button
                                type="button"
                                class=format!("state-card state-card-{}", state.id())
                                aria-pressed=move || pressed().to_string()
                                on:click=move |_| on_select.run(if pressed() { None } else { Some(state) })
                            >
                                <span class="state-count">{move || portal_model::locale::number(counts.get()[i])}</span>
                                <span class="state-name">{portal_model::words::state(crate::i18n::lang(), state)}</span>
                            </button>
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
}
