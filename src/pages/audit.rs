//! `/audit`: the audit log, as Intune's Tenant administration › Audit logs: who changed what,
//! when, on how many devices; newest first, filtered by who made the change, older pages on
//! request. Readers may read it.

use crate::components::breadcrumb::Breadcrumb;
use crate::components::message_bar::{MessageBar, MessageIntent};
use crate::store::DeviceStore;
use autopilot_service::audit::AuditEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;
use portal_model::backend::{audit_targets, AuditQuery};

/// The audit log page.
#[component]
pub fn AuditPage() -> impl IntoView {
    let store = expect_context::<DeviceStore>();
    let events = RwSignal::new(Vec::<AuditEvent>::new());
    let next = RwSignal::new(None::<String>);
    let loading = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let actor = RwSignal::new(String::new());

    // The filter as applied (what "Load older changes" goes on with), and which request is the
    // latest: an older answer arriving late is dropped.
    let applied = RwSignal::new(None::<String>);
    let latest = StoredValue::new(0u64);
    let fetch = move |more: bool| {
        if !more {
            applied.set(Some(actor.get_untracked().trim().to_owned()).filter(|a| !a.is_empty()));
        }
        let query = AuditQuery {
            actor: applied.get_untracked(),
            since: None,
            next: if more { next.get_untracked() } else { None },
        };
        let ticket = latest.get_value() + 1;
        latest.set_value(ticket);
        loading.set(true);
        spawn_local(async move {
            let result = store.backend().audit(query).await;
            if latest.get_value() != ticket {
                return;
            }
            match result {
                Ok(page) => {
                    if more {
                        events.update(|e| e.extend(page.events));
                    } else {
                        events.set(page.events);
                    }
                    next.set(page.next);
                    error.set(None);
                }
                Err(err) => error.set(Some(err.to_string())),
            }
            loading.set(false);
        });
    };
    fetch(false);

    let rows = move || {
        events
            .get()
            .into_iter()
            .map(|e| {
                let count = e.resources.len();
                view! {
                    <tr>
                        <td>{local_date_time(e.at.0)}</td>
                        <td>{e.actor.user_principal_name.clone()}</td>
                        <td>{e.activity.label()}</td>
                        <td>
                            <span class="audit-count">
                                {match count {
                                    0 => String::new(),
                                    1 => "1 device: ".to_owned(),
                                    n => format!("{} devices: ", portal_model::locale::number(n)),
                                }}
                            </span>
                            <span class="mono">{audit_targets(&e)}</span>
                        </td>
                        <td>{e.detail.clone()}</td>
                    </tr>
                }
            })
            .collect_view()
    };

    view! {
        <div class="page">
            <header class="page-header">
                <Breadcrumb current="Audit log" />
                <h1>"Audit log"</h1>
                <p class="page-subtitle">"Every change to the tenant's devices: who made it, what it changed and when. Newest first."</p>
            </header>
            <form
                class="filters"
                role="search"
                on:submit=move |ev| {
                    ev.prevent_default();
                    fetch(false);
                }
            >
                <label class="field-label" for="audit-actor">"Initiated by"</label>
                <input
                    id="audit-actor"
                    class="input"
                    type="search"
                    placeholder="user@contoso.com"
                    prop:value=move || actor.get()
                    on:input=move |ev| actor.set(event_target_value(&ev))
                />
                <button type="submit" class="btn">"Apply"</button>
            </form>
            {move || error.get().map(|why| view! {
                <MessageBar intent=MessageIntent::Error>
                    <strong>"The audit log could not be loaded. "</strong>
                    {why}
                </MessageBar>
            })}
            <Show
                when=move || !events.with(Vec::is_empty) || loading.get()
                fallback=|| view! {
                    <div class="empty-state">
                        <h2>"No changes recorded"</h2>
                        <p>"Registrations, removals, profile changes, retries and demo actions appear here as they are made."</p>
                    </div>
                }
            >
                <div class="table-scroll">
                    <table class="device-table audit-table">
                        <caption class="visually-hidden">"Audit events, newest first"</caption>
                        <thead>
                            <tr>
                                <th scope="col">"Date"</th>
                                <th scope="col">"Initiated by"</th>
                                <th scope="col">"Activity"</th>
                                <th scope="col">"Target devices"</th>
                                <th scope="col">"Details"</th>
                            </tr>
                        </thead>
                        <tbody>{rows}</tbody>
                    </table>
                </div>
            </Show>
            <Show when=move || next.with(Option::is_some)>
                <button
                    type="button"
                    class="btn"
                    aria-disabled=move || loading.get().then_some("true")
                    on:click=move |_| {
                        if !loading.get_untracked() {
                            fetch(true)
                        }
                    }
                >
                    "Load older changes"
                </button>
            </Show>
            <span class="visually-hidden" role="status">
                {move || if loading.get() { "Loading the audit log…" } else { "" }}
            </span>
        </div>
    }
}

/// `12/2/2026, 2:41:25 PM` in this browser's time zone.
fn local_date_time(ms: i64) -> String {
    js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(ms as f64))
        .to_locale_string("en-US", &wasm_bindgen::JsValue::UNDEFINED)
        .as_string()
        .unwrap_or_default()
}
