//! One row of the device table: the device `id` as the page's rows have it now. The row and its
//! controls stay; only the cells' contents follow the device.

use crate::components::badge::StateBadge;
use autopilot_service::device::{Device, TenantTime};
use leptos::prelude::*;
use portal_model::selection::Selection;
use portal_model::workspace::{format_age, format_last_seen, SortColumn};

/// A device's row, with its checkbox.
#[component]
pub fn DeviceRow(
    id: String,
    rows: Signal<Vec<Device>>,
    now: Signal<TenantTime>,
    selection: RwSignal<Selection>,
    offset: Signal<usize>,
    columns: Vec<SortColumn>,
    on_open: Callback<String>,
) -> impl IntoView {
    // One memo per row, the device and where it is on the page: a keystroke brings a hundred
    // new rows, so each memo more is a hundred more.
    let found = {
        let id = id.clone();
        Memo::new(move |_| {
            rows.with(|r| r.iter().position(|d| d.id == id).map(|i| (r[i].clone(), i)))
        })
    };
    let position = move || found.with(|f| f.as_ref().map_or(0, |(_, i)| *i));
    let selected = {
        let id = id.clone();
        Memo::new(move |_| selection.with(|s| s.is_selected(&id)))
    };
    let toggle = {
        let id = id.clone();
        move || selection.update(|s| s.toggle(&id))
    };
    // Only the cells that depend on the clock (state, age) read it: every reader of a signal is
    // a subscription, and a page of new rows unsubscribes a hundred old ones.
    let text = move |f: fn(&Device) -> String| {
        move || found.with(|d| d.as_ref().map(|(d, _)| f(d)).unwrap_or_default())
    };
    // What never changes for a device (its serial number, maker and model come from its
    // hardware) is written once, not followed.
    let fixed = move |f: fn(&Device) -> String| {
        found.with_untracked(|d| d.as_ref().map(|(d, _)| f(d)).unwrap_or_default())
    };
    let serial = fixed(|d| d.serial.clone());
    let user = text(|d| d.assigned_user.clone());
    let state = move || found.with(|d| d.as_ref().map(|(d, _)| d.state(now.get())));
    let error = move || {
        found.with(|d| {
            d.as_ref()
                .and_then(|(d, _)| d.error())
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
    // The cells of the columns shown, in table order: typed, not boxed per cell (a page of new
    // rows is 800 cells).
    let show = |column: SortColumn| columns.contains(&column);
    let age = move || {
        found.with(|d| {
            d.as_ref()
                .map(|(d, _)| format_age(d.age_months(now.get())))
                .unwrap_or_default()
        })
    };
    let user_cell = show(SortColumn::User).then(|| {
        view! {
            <td>
                {move || {
                    if user().is_empty() {
                        view! { <span class="muted">"No user"</span> }.into_any()
                    } else {
                        view! { <span>{user}</span> }.into_any()
                    }
                }}
            </td>
        }
    });
    let serial_cell = view! {
        <td>
            <button type="button" class="link mono" tabindex="-1" on:click=move |_| on_open.run(id.clone())>
                {serial.clone()}
            </button>
        </td>
    };
    // Cells carry no tabindex or class they do not need (a page is 800 cells): the grid makes a
    // cell focusable when it moves there, and only maker and model have width rules.
    let text_cell = |column: SortColumn, f: fn(&Device) -> String| {
        show(column).then(|| view! { <td>{text(f)}</td> })
    };
    let fixed_cell = |column: SortColumn, class: &'static str, f: fn(&Device) -> String| {
        show(column).then(|| view! { <td class=class>{fixed(f)}</td> })
    };
    let manufacturer_cell = fixed_cell(SortColumn::Manufacturer, "col-manufacturer", |d| {
        d.manufacturer.clone()
    });
    let model_cell = fixed_cell(SortColumn::Model, "col-model", |d| d.model.clone());
    let profile_cell = text_cell(SortColumn::Profile, |d| d.profile.label().to_owned());
    let state_cell = show(SortColumn::State).then(|| {
        view! {
            <td>
                {move || state().map(|state| view! { <StateBadge state /> })}
                {error}
            </td>
        }
    });
    let seen_cell = text_cell(SortColumn::LastSeen, |d| format_last_seen(d.last_seen));
    let age_cell = show(SortColumn::Age).then(|| view! { <td>{age}</td> });
    view! {
        <tr
            data-serial=serial.clone()
            aria-selected=move || if selected.get() { "true" } else { "false" }
            aria-rowindex=move || offset.get() + position() + 2
            class:is-selected=move || selected.get()
            on:keydown=on_key
        >
            <td class="select-cell">
                <input
                    type="checkbox"
                    class="select-box"
                    tabindex="-1"
                    aria-label=format!("Select {serial}")
                    prop:checked=move || selected.get()
                    on:change=move |_| toggle()
                />
            </td>
            {user_cell}
            {serial_cell}
            {manufacturer_cell}
            {model_cell}
            {profile_cell}
            {state_cell}
            {seen_cell}
            {age_cell}
        </tr>
    }
}
