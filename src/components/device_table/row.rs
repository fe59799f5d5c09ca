//! One row of the device table: the `index`th device of the page. Rows are kept by place, not by
//! device: a keystroke, a filter or a sort that brings another page of devices changes the text
//! of the rows there are (and the grid's active cell stays where it was), instead of building a
//! hundred rows with their checkboxes again.

use crate::components::badge::StateBadge;
use autopilot_service::device::{Device, TenantTime};
use leptos::prelude::*;
use portal_model::selection::Selection;
use portal_model::workspace::{format_age, format_last_seen, SortColumn};

/// A device's row, with its checkbox.
#[component]
pub fn DeviceRow(
    index: usize,
    rows: Signal<Vec<Device>>,
    now: Signal<TenantTime>,
    selection: RwSignal<Selection>,
    offset: Signal<usize>,
    columns: Vec<SortColumn>,
    on_open: Callback<String>,
) -> impl IntoView {
    // One memo per row: the device at this place of the page.
    let found = Memo::new(move |_| rows.with(|r| r.get(index).cloned()));
    let id = move || found.with(|d| d.as_ref().map(|d| d.id.clone()).unwrap_or_default());
    let selected = Memo::new(move |_| {
        found.with(|d| {
            d.as_ref()
                .is_some_and(|d| selection.with(|s| s.is_selected(&d.id)))
        })
    });
    let toggle = move || {
        let id = untrack(id);
        selection.update(|s| s.toggle(&id));
    };
    // Only the cells that depend on the clock (state, age) read it: every reader of a signal is
    // a subscription.
    let text = move |f: fn(&Device) -> String| {
        move || found.with(|d| d.as_ref().map(f).unwrap_or_default())
    };
    let serial = text(|d| d.serial.clone());
    let user = text(|d| d.assigned_user.clone());
    let state = move || found.with(|d| d.as_ref().map(|d| d.state(now.get())));
    let error = move || {
        found.with(|d| {
            d.as_ref()
                .and_then(|d| d.error())
                .map(|e| view! { <div class="state-detail">{portal_model::words::error(crate::i18n::lang(), e)}</div> })
        })
    };
    // Space on a cell without a control of its own selects the row (the DataGrid's way).
    let on_key = move |ev: web_sys::KeyboardEvent| {
        let on_control = ev
            .target()
            .and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(t).ok())
            .is_some_and(|e| matches!(e.tag_name().as_str(), "INPUT" | "BUTTON"));
        if ev.key() == " " && !on_control {
            ev.prevent_default();
            toggle();
        }
    };
    // The cells of the columns shown, in table order: typed, not boxed per cell (a page of new
    // rows is 800 cells).
    let show = |column: SortColumn| columns.contains(&column);
    let age = move || {
        found.with(|d| {
            d.as_ref()
                .map(|d| format_age(d.age_months(now.get()), crate::i18n::lang()))
                .unwrap_or_default()
        })
    };
    let user_cell = show(SortColumn::User).then(|| {
        view! {
            <td>
                {move || {
                    if user().is_empty() {
                        view! { <span class="muted">{autopilot_i18n::t!(crate::i18n::lang(), "no-user")}</span> }.into_any()
                    } else {
                        view! { <span>{user}</span> }.into_any()
                    }
                }}
            </td>
        }
    });
    let serial_cell = view! {
        <td>
            <button type="button" class="link mono" tabindex="-1" on:click=move |_| on_open.run(untrack(id))>
                {serial}
            </button>
        </td>
    };
    // Cells carry no tabindex or class they do not need (a page is 800 cells): the grid makes a
    // cell focusable when it moves there, and only maker and model have width rules.
    let text_cell = |column: SortColumn, f: fn(&Device) -> String| {
        show(column).then(|| view! { <td>{text(f)}</td> })
    };
    let class_cell = |column: SortColumn, class: &'static str, f: fn(&Device) -> String| {
        show(column).then(|| view! { <td class=class>{text(f)}</td> })
    };
    let manufacturer_cell = class_cell(SortColumn::Manufacturer, "col-manufacturer", |d| {
        d.manufacturer.clone()
    });
    let model_cell = class_cell(SortColumn::Model, "col-model", |d| d.model.clone());
    let profile_cell = text_cell(SortColumn::Profile, |d| {
        portal_model::words::profile(crate::i18n::lang(), d.profile)
    });
    let state_cell = show(SortColumn::State).then(|| {
        view! {
            <td>
                {move || state().map(|state| view! { <StateBadge state /> })}
                {error}
            </td>
        }
    });
    let seen_cell = text_cell(SortColumn::LastSeen, |d| {
        format_last_seen(d.last_seen, crate::i18n::lang())
    });
    let age_cell = show(SortColumn::Age).then(|| view! { <td>{age}</td> });
    view! {
        <tr
            data-serial=serial
            aria-selected=move || if selected.get() { "true" } else { "false" }
            aria-rowindex=move || offset.get() + index + 2
            class:is-selected=move || selected.get()
            on:keydown=on_key
        >
            <td class="select-cell">
                <input
                    type="checkbox"
                    class="select-box"
                    tabindex="-1"
                    aria-label=move || autopilot_i18n::t!(crate::i18n::lang(), "select-device", serial = serial())
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
