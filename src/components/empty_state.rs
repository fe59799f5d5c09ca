//! What the workspace shows instead of its table: a tenant with no device yet (with Register
//! devices, or why this account may not), or a search and filter that match none.

use crate::store::DeviceStore;
use autopilot_i18n::t;
use leptos::prelude::*;

/// The tenant has no device.
#[component]
pub fn NoDevices(
    /// Opens the Register devices fly-in.
    register_open: RwSignal<bool>,
) -> impl IntoView {
    let store = expect_context::<DeviceStore>();
    let lang = crate::i18n::lang();
    view! {
        <div class="empty-state">
            <h2>{t!(lang, "no-devices-title")}</h2>
            <p>{t!(lang, "no-devices")}</p>
            {match store.why_not_change() {
                None => view! {
                    <button type="button" class="btn btn-primary" on:click=move |_| register_open.set(true)>
                        {t!(lang, "register-button")}
                    </button>
                }
                .into_any(),
                Some(why) => view! { <p class="change-blocked">{why}</p> }.into_any(),
            }}
        </div>
    }
}

/// No device matches the search and state filter.
#[component]
pub fn NoMatch(
    /// Clears the search and the filter.
    on_clear: Callback<()>,
) -> impl IntoView {
    let lang = crate::i18n::lang();
    view! {
        <div class="empty-state">
            <h2>{t!(lang, "no-match-title")}</h2>
            <p>{t!(lang, "no-match")}</p>
            <button type="button" class="btn" on:click=move |_| on_clear.run(())>
                {t!(lang, "clear-filters")}
            </button>
        </div>
    }
}
