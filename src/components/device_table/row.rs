//! One row of the device table: the device `id` as the page's rows have it now. The row and its
//! controls stay; only the cells' contents follow the device.

use crate::components::badge::StateBadge;
use autopilot_service::device::{Device, TenantTime};
use leptos::prelude::*;
use portal_model::selection::Selection;
use portal_model::workspace::{format_age, format_last_seen};

/// A device's row, with its checkbox.
#[component]
pub fn DeviceRow(
    id: String,
    rows: Signal<Vec<Device>>,
    now: Signal<TenantTime>,
    selection: RwSignal<Selection>,
    offset: Signal<usize>,
    on_open: Callback<String>,
) -> impl IntoView {
    let (device, position) = {
        let id = id.clone();
        let found = Memo::new(move |_| {
            rows.with(|r| r.iter().position(|d| d.id == id).map(|i| (r[i].clone(), i)))
        });
        (
            Memo::new(move |_| found.with(|f| f.as_ref().map(|(d, _)| d.clone()))),
            Memo::new(move |_| found.with(|f| f.as_ref().map_or(0, |(_, i)| *i))),
        )
    };
    let selected = {
        let id = id.clone();
        Memo::new(move |_| selection.with(|s| s.is_selected(&id)))
    };
    let toggle = {
        let id = id.clone();
        move || selection.update(|s| s.toggle(&id))
    };
    let text = move |f: fn(&Device, TenantTime) -> String| {
        move || device.with(|d| d.as_ref().map(|d| f(d, now.get())).unwrap_or_default())
    };
    let serial = text(|d, _| d.serial.clone());
    let user = text(|d, _| d.assigned_user.clone());
    let state = move || device.with(|d| d.as_ref().map(|d| d.state(now.get())));
    let error = move || {
        device.with(|d| {
            d.as_ref()
                .and_then(|d| d.error())
                .map(|e| view! { <div class="state-detail">{e.message()}</div> })
        })
    };
    // Space on a cell without a control of its own selects the row (the DataGrid's way).
    let on_key = {
        let toggle = toggle.clone();
        move |ev: web_sys::KeyboardEvent| {
            let on_control = ev
                .target()
                .and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(t).ok())
                .is_some_and(|e| matches!(e.tag_name().as_str(), "INPUT" | "BUTTON"));
            if ev.key() == " " && !on_control {
                ev.prevent_default();
                toggle();
            }
        }
    };
    view! {
        <tr
            data-serial=serial
            aria-selected=move || if selected.get() { "true" } else { "false" }
            aria-rowindex=move || offset.get() + position.get() + 2
            class:is-selected=move || selected.get()
            on:keydown=on_key
        >
            <td class="select-cell">
                <input
                    type="checkbox"
                    class="select-box"
                    tabindex="-1"
                    aria-label=move || format!("Select {}", serial())
                    prop:checked=move || selected.get()
                    on:change=move |_| toggle()
                />
            </td>
            <td tabindex="-1">
                {move || {
                    if user().is_empty() {
                        view! { <span class="muted">"No user"</span> }.into_any()
                    } else {
                        view! { <span>{user}</span> }.into_any()
                    }
                }}
            </td>
            <td>
                <button type="button" class="link mono" tabindex="-1" on:click=move |_| on_open.run(id.clone())>
                    {serial}
                </button>
            </td>
            <td tabindex="-1">{text(|d, _| d.manufacturer.clone())}</td>
            <td tabindex="-1">{text(|d, _| d.model.clone())}</td>
            <td tabindex="-1">{text(|d, _| d.profile.label().to_owned())}</td>
            <td tabindex="-1">
                {move || state().map(|state| view! { <StateBadge state /> })}
                {error}
            </td>
            <td tabindex="-1">{text(|d, _| format_last_seen(d.last_seen))}</td>
            <td tabindex="-1">{text(|d, now| format_age(d.age_months(now)))}</td>
        </tr>
    }
}
