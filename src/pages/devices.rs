//! `/devices`: the Devices workspace. Search, state filter, sort and page live in the URL query,
//! so a copied link shows the same view.

use crate::components::connection::{local_time, ConnectionBanners};
use crate::components::demo_panel::DemoPanel;
use crate::components::device_details::DeviceDetails;
use crate::components::device_table::DeviceTable;
use crate::components::drawer::Drawer;
use crate::components::message_bar::{MessageBar, MessageIntent};
use crate::components::register_panel::RegisterPanel;
use crate::components::state_summary::StateSummary;
use crate::store::{DeviceStore, LoadStatus};
use autopilot_service::device::DeviceState;
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};
use leptos_router::NavigateOptions;
use portal_model::workspace::{self, Query, SortColumn, PAGE_SIZE};

/// The Devices workspace.
#[component]
pub fn DevicesPage() -> impl IntoView {
    let store = expect_context::<DeviceStore>();
    let params = use_query_map();
    let navigate = use_navigate();
    let query = Memo::new(move |_| params.with(|p| Query::from_params(|k| p.get(k))));
    let set_query = move |q: Query| {
        let search: Vec<String> = q
            .to_params()
            .into_iter()
            .map(|(k, v)| format!("{k}={}", js_sys::encode_uri_component(&v)))
            .collect();
        let url = if search.is_empty() {
            "/devices".to_owned()
        } else {
            format!("/devices?{}", search.join("&"))
        };
        navigate(
            &url,
            NavigateOptions {
                replace: true,
                scroll: false,
                ..NavigateOptions::default()
            },
        );
    };
    let set_query = StoredValue::new_local(set_query);
    let update = move |f: &dyn Fn(&mut Query)| {
        let mut q = query.get_untracked();
        f(&mut q);
        set_query.with_value(|set| set(q));
    };

    // The store's clock ticks once a minute (and on every full load and demo action), not on
    // every poll: each tick re-sorts the whole tenant.
    let now = Signal::derive(move || store.now());
    let selection = Memo::new(move |_| {
        let q = query.get();
        let now = now.get();
        store
            .devices
            .with(|devices| workspace::select(devices, &q, now))
    });
    let counts = Memo::new(move |_| store.devices.with(|d| workspace::counts(d, now.get())));
    let pages = move || selection.with(|s| s.len().div_ceil(PAGE_SIZE)).max(1);
    let page = move || query.get().page.min(pages() - 1);
    // Outside `view!`: a `>` in an unbraced attribute closure ends the tag there, and the rest of
    // the attribute becomes a child block that runs on every render.
    let on_first = move || page() == 0;
    let on_last = move || page() + 1 >= pages();
    let rows = Signal::derive(move || {
        let start = page() * PAGE_SIZE;
        selection.with(|s| {
            store.devices.with(|devices| {
                s.iter()
                    .skip(start)
                    .take(PAGE_SIZE)
                    .map(|&i| devices[i].clone())
                    .collect::<Vec<_>>()
            })
        })
    });

    let register_open = RwSignal::new(false);
    let demo_open = RwSignal::new(false);
    let details_open = RwSignal::new(false);
    let details_id = RwSignal::new(String::new());
    let details_title = Signal::derive(move || {
        let id = details_id.get();
        store
            .devices
            .with(|d| {
                d.iter()
                    .find(|d| d.id == id)
                    .map(|d| format!("Device {}", d.serial))
            })
            .unwrap_or_else(|| "Device".to_owned())
    });

    let on_sort = Callback::new(move |column: SortColumn| update(&|q| *q = q.sorted_by(column)));
    let on_open = Callback::new(move |id: String| {
        details_id.set(id);
        details_open.set(true);
    });
    let on_state = Callback::new(move |state: Option<DeviceState>| {
        update(&|q| {
            q.state = state;
            q.page = 0;
        })
    });
    let total = move || store.devices.with(Vec::len);
    let filtered = move || {
        let q = query.get();
        !q.search.is_empty() || q.state.is_some()
    };

    view! {
        <div class="page">
            <header class="page-header">
                <h1>"Devices"</h1>
                <p class="page-subtitle">"Register new devices and follow them until their users sign in."</p>
            </header>
            <div class="command-bar" role="toolbar" aria-label="Device commands">
                <button type="button" class="btn btn-primary" on:click=move |_| register_open.set(true)>
                    <span aria-hidden="true">"+ "</span>
                    "Register devices"
                </button>
                <button
                    type="button"
                    class="btn btn-subtle"
                    class:is-busy=move || store.reloading.get()
                    aria-disabled=move || store.reloading.get().then_some("true")
                    on:click=move |_| store.load()
                >
                    <span class="refresh-icon" aria-hidden="true">"⟳ "</span>
                    "Refresh"
                </button>
                <button type="button" class="btn btn-subtle" on:click=move |_| demo_open.set(true)>
                    "Demo controls"
                </button>
                <span class="updated-at">
                    {move || {
                        if store.reloading.get() && store.status.get() == LoadStatus::Ready {
                            "Refreshing…".to_owned()
                        } else {
                            store.updated_at.get().map_or_else(String::new, |at| format!("Updated {}", local_time(at)))
                        }
                    }}
                </span>
            </div>

            <ConnectionBanners />
            {move || match store.status.get() {
                LoadStatus::Loading => view! { <div class="loading" role="status">"Loading devices…"</div> }.into_any(),
                LoadStatus::Failed(why) => view! {
                    <MessageBar intent=MessageIntent::Error>
                        <strong>"Devices could not be loaded. "</strong>
                        {why}
                        " "
                        <button type="button" class="btn btn-small" on:click=move |_| store.load()>"Try again"</button>
                    </MessageBar>
                }
                .into_any(),
                LoadStatus::Ready => ().into_any(),
            }}

            <StateSummary counts selected=Signal::derive(move || query.get().state) on_select=on_state />

            <div class="filters">
                <div class="field field-inline">
                    <label for="device-search" class="field-label">"Search"</label>
                    <input
                        id="device-search"
                        class="input search"
                        type="search"
                        placeholder="Serial number or user"
                        prop:value=move || query.get().search
                        on:input=move |ev| {
                            let text = event_target_value(&ev);
                            update(&|q| {
                                q.search = text.clone();
                                q.page = 0;
                            })
                        }
                    />
                </div>
                <div class="field field-inline">
                    <label for="state-filter" class="field-label">"State"</label>
                    <select
                        id="state-filter"
                        class="select"
                        prop:value=move || query.get().state.map_or("", |s| s.id())
                        on:change=move |ev| {
                            let state = DeviceState::from_id(&event_target_value(&ev));
                            on_state.run(state)
                        }
                    >
                        <option value="">"All states"</option>
                        {DeviceState::ALL
                            .into_iter()
                            .map(|s| view! { <option value=s.id()>{s.label()}</option> })
                            .collect_view()}
                    </select>
                </div>
                <span class="result-count" role="status">
                    {move || {
                        let shown = selection.with(Vec::len);
                        if filtered() { format!("{shown} of {} devices", total()) } else { format!("{shown} devices") }
                    }}
                </span>
            </div>

            {move || {
                if store.status.get() != LoadStatus::Ready {
                    return ().into_any();
                }
                if total() == 0 {
                    return view! {
                        <div class="empty-state">
                            <h2>"No devices yet"</h2>
                            <p>"Register your first devices: upload the CSV of hardware hashes your supplier sent, or the one Get-WindowsAutoPilotInfo wrote on each device."</p>
                            <button type="button" class="btn btn-primary" on:click=move |_| register_open.set(true)>"Register devices"</button>
                        </div>
                    }
                    .into_any();
                }
                if selection.with(Vec::is_empty) {
                    return view! {
                        <div class="empty-state">
                            <h2>"No devices match"</h2>
                            <p>"No device matches the search and state filter."</p>
                            <button type="button" class="btn" on:click=move |_| set_query.with_value(|set| set(Query::default()))>"Clear filters"</button>
                        </div>
                    }
                    .into_any();
                }
                view! {
                    <DeviceTable rows query now on_sort on_open />
                    <Show when=move || { pages() > 1 }>
                        <nav class="pager" aria-label="Pages">
                            <button type="button" class="btn btn-subtle" disabled=on_first on:click=move |_| {
                                let current = page();
                                update(&|q| q.page = current.saturating_sub(1))
                            }>
                                "Previous"
                            </button>
                            <span>{move || format!("Page {} of {}", page() + 1, pages())}</span>
                            <button type="button" class="btn btn-subtle" disabled=on_last on:click=move |_| {
                                let current = page();
                                update(&|q| q.page = current + 1)
                            }>
                                "Next"
                            </button>
                        </nav>
                    </Show>
                }
                .into_any()
            }}

            <Drawer open=register_open title="Register devices" wide=true>
                <RegisterPanel open=register_open />
            </Drawer>
            <Drawer open=details_open title=details_title>
                {move || view! { <DeviceDetails id=details_id.get() open=details_open /> }}
            </Drawer>
            <Drawer open=demo_open title="Demo controls">
                <DemoPanel />
            </Drawer>
        </div>
    }
}
