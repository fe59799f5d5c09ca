//! `/audit`: the audit log, as Intune's Tenant administration › Audit logs: who changed what,
//! when, on how many devices; newest first, filtered by who made the change, older pages on
//! request. Readers may read it.

use crate::components::breadcrumb::Breadcrumb;
use crate::components::message_bar::{MessageBar, MessageIntent};
use crate::store::DeviceStore;
use autopilot_i18n::t;
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
    let lang = crate::i18n::lang();
    crate::i18n::title(&t!(lang, "audit-title"));

    // The filter as applied (what "Load older changes" goes on with), and which request is the
    // latest: an older answer arriving late is dropped.
    let applied = RwSignal::new(None::<String>);
    let latest = StoredValue::new(0u64);
    let fetch = move |more: bool| {
        if !more {
            let typed = actor.get_untracked().trim().to_owned();
            // The demo's administrator goes by the name the page shows it under.
            let typed = if typed.eq_ignore_ascii_case(&t!(lang, "demo-actor")) {
                autopilot_service::audit::DEMO_ACTOR.to_owned()
            } else {
                typed
            };
            applied.set(Some(typed).filter(|a| !a.is_empty()));
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
                Err(err) => error.set(Some(err.message(lang))),
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
                        <td>{portal_model::words::actor(lang, &e.actor.user_principal_name)}</td>
                        <td>{portal_model::words::activity(lang, e.activity)}</td>
                        <td>
                            <span class="audit-count">
                                {(count > 0).then(|| {
                                    t!(lang, "audit-devices", count = count, n = portal_model::locale::number(count)) + " "
                                })}
                            </span>
                            <span class="mono">{audit_targets(&e, lang)}</span>
                        </td>
                        <td>{portal_model::words::audit_detail(lang, &e.detail)}</td>
                    </tr>
                }
            })
            .collect_view()
    };

    view! {
        <div class="page">
            <header class="page-header">
                <Breadcrumb current=t!(lang, "audit-title") />
                <h1>{t!(lang, "audit-title")}</h1>
                <p class="page-subtitle">{t!(lang, "audit-subtitle")}</p>
            </header>
            <form
                class="filters"
                role="search"
                on:submit=move |ev| {
                    ev.prevent_default();
                    fetch(false);
                }
            >
                <label class="field-label" for="audit-actor">{t!(lang, "audit-initiated-by")}</label>
                <input
                    id="audit-actor"
                    class="input"
                    type="search"
                    placeholder=t!(lang, "audit-actor-placeholder")
                    prop:value=move || actor.get()
                    on:input=move |ev| actor.set(event_target_value(&ev))
                />
                <button type="submit" class="btn">{t!(lang, "apply")}</button>
            </form>
            {move || error.get().map(|why| view! {
                <MessageBar intent=MessageIntent::Error>
                    <strong>{t!(lang, "audit-failed")}</strong>
                    " "
                    {why}
                </MessageBar>
            })}
            <Show
                when=move || !events.with(Vec::is_empty) || loading.get()
                fallback=move || view! {
                    <div class="empty-state">
                        <h2>{t!(lang, "audit-empty-title")}</h2>
                        <p>{t!(lang, "audit-empty")}</p>
                    </div>
                }
            >
                <div class="table-scroll">
                    <table class="device-table audit-table">
                        <caption class="visually-hidden">{t!(lang, "audit-caption")}</caption>
                        <thead>
                            <tr>
                                <th scope="col">{t!(lang, "audit-date")}</th>
                                <th scope="col">{t!(lang, "audit-initiated-by")}</th>
                                <th scope="col">{t!(lang, "audit-activity")}</th>
                                <th scope="col">{t!(lang, "audit-targets")}</th>
                                <th scope="col">{t!(lang, "audit-details")}</th>
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
                    {t!(lang, "audit-older")}
                </button>
            </Show>
            <span class="visually-hidden" role="status">
                {move || if loading.get() { t!(lang, "audit-loading") } else { String::new() }}
            </span>
        </div>
    }
}

/// `12/2/2026, 2:41:25 PM` (`2-12-2026, 14:41:25` in Dutch) in this browser's time zone.
fn local_date_time(ms: i64) -> String {
    js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(ms as f64))
        .to_locale_string(&crate::i18n::locale(), &wasm_bindgen::JsValue::UNDEFINED)
        .as_string()
        .unwrap_or_default()
}
