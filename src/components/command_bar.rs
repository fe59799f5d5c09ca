//! The workspace's command bar: Register devices, Refresh (with how fresh the table is), Export,
//! Columns and the demo controls. The actions on selected devices are in the selection's own bar
//! above the table (`bulk::SelectionLine`), shown while devices are selected.

use super::connection::local_time;
use crate::store::{DeviceStore, LoadStatus};
use autopilot_i18n::t;
use leptos::prelude::*;

/// The command bar above the device table.
#[component]
pub fn CommandBar(
    /// Opens the Register devices fly-in.
    register_open: RwSignal<bool>,
    /// Opens the Demo controls fly-in.
    demo_open: RwSignal<bool>,
    /// Opens the Columns fly-in.
    columns_open: RwSignal<bool>,
    /// Whether there is anything to export (the view has devices).
    #[prop(into)]
    can_export: Signal<bool>,
    /// Saves the view's devices (every page) as a CSV file.
    on_export: Callback<()>,
) -> impl IntoView {
    let store = expect_context::<DeviceStore>();
    let lang = crate::i18n::lang();
    let updated = move || {
        if store.reloading() && store.status.get() == LoadStatus::Ready {
            t!(lang, "command-refreshing")
        } else {
            store.updated_at.get().map_or_else(String::new, |at| {
                t!(lang, "command-updated", time = local_time(at))
            })
        }
    };
    // A reader sees the commands it may not use, disabled, with the reason beside them.
    let why_not = move || store.why_not_change();
    let blocked = move || why_not().map(|_| "true");
    let described = move || why_not().map(|_| "change-blocked");
    view! {
        <div class="command-bar" role="toolbar" aria-label=t!(lang, "device-commands")>
            <button
                type="button"
                class="btn btn-primary"
                aria-disabled=blocked
                aria-describedby=described
                on:click=move |_| {
                    if why_not().is_none() {
                        register_open.set(true)
                    }
                }
            >
                <span aria-hidden="true">"+ "</span>
                {t!(lang, "register-button")}
            </button>
            <button
                type="button"
                class="btn btn-subtle"
                class:is-busy=move || store.reloading()
                aria-disabled=move || store.reloading().then_some("true")
                on:click=move |_| store.load()
            >
                <span class="refresh-icon" aria-hidden="true">"⟳ "</span>
                {t!(lang, "command-refresh")}
            </button>
            // Readers may export too.
            <button
                type="button"
                class="btn btn-subtle"
                aria-disabled=move || (!can_export.get()).then_some("true")
                on:click=move |_| {
                    if can_export.get_untracked() {
                        on_export.run(())
                    }
                }
            >
                <span aria-hidden="true">"↓ "</span>
                {t!(lang, "command-export")}
            </button>
            <button type="button" class="btn btn-subtle" on:click=move |_| columns_open.set(true)>
                <span aria-hidden="true">"☰ "</span>
                {t!(lang, "command-columns")}
            </button>
            // A real tenant has no demo controls.
            <Show when=move || store.backend().is_demo()>
                <button
                    type="button"
                    class="btn btn-subtle"
                    aria-disabled=blocked
                    aria-describedby=described
                    on:click=move |_| {
                        if why_not().is_none() {
                            demo_open.set(true)
                        }
                    }
                >
                    {t!(lang, "command-demo")}
                </button>
            </Show>
            <span class="updated-at">{updated}</span>
        </div>
        {move || why_not().map(|why| view! { <p id="change-blocked" class="change-blocked">{why}</p> })}
    }
}
