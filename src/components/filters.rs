//! Search and the state filter above the device table, with the count of matching devices.

use autopilot_i18n::t;
use autopilot_service::device::DeviceState;
use leptos::prelude::*;

/// The search box, the state filter and the result count.
#[component]
pub fn Filters(
    /// The search text now applied.
    #[prop(into)]
    search: Signal<String>,
    /// The state filter now applied.
    #[prop(into)]
    state: Signal<Option<DeviceState>>,
    /// `12 devices` or `3 of 12 devices`.
    #[prop(into)]
    count: Signal<String>,
    /// Called with the new search text.
    on_search: Callback<String>,
    /// Called with the state to filter by (`None`: all states).
    on_state: Callback<Option<DeviceState>>,
) -> impl IntoView {
    let lang = crate::i18n::lang();
    view! {
        <div class="filters">
            <div class="field field-inline">
                <label for="device-search" class="field-label">{t!(lang, "search")}</label>
                <input
                    id="device-search"
                    class="input search"
                    type="search"
                    placeholder=t!(lang, "search-placeholder")
                    prop:value=move || search.get()
                    on:input=move |ev| on_search.run(event_target_value(&ev))
                />
            </div>
            <div class="field field-inline">
                <label for="state-filter" class="field-label">{t!(lang, "state")}</label>
                <select
                    id="state-filter"
                    class="select"
                    prop:value=move || state.get().map_or("", |s| s.id())
                    on:change=move |ev| on_state.run(DeviceState::from_id(&event_target_value(&ev)))
                >
                    <option value="">{t!(lang, "all-states")}</option>
                    {DeviceState::ALL
                        .into_iter()
                        .map(|s| view! { <option value=s.id()>{portal_model::words::state(lang, s)}</option> })
                        .collect_view()}
                </select>
            </div>
            <span class="result-count" role="status">{move || count.get()}</span>
        </div>
    }
}
