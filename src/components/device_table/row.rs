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
    let text = move |f: fn(&Device, TenantTime) -> String| {
        move || found.with(|d| d.as_ref().map(|(d, _)| f(d, now.get())).unwrap_or_default())
    };
    let serial = text(|d, _| d.serial.clone());
    let user = text(|d, _| d.assigned_user.clone());
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
    // The cells of the columns shown, in table order.
    let cell = move |column: SortColumn| -> AnyView {
        let class = column_class(column);
        match column {
            SortColumn::User => view! {
                <td tabindex="-1" class=class>
                    {move || {
                        if user().is_empty() {
                            view! { <span class="muted">"No user"</span> }.into_any()
                        } else {
                            view! { <span>{user}</span> }.into_any()
                        }
                    }}
                </td>
            }
            .into_any(),
            SortColumn::Serial => {
                let id = id.clone();
                view! {
                    <td class=class>
                        <button type="button" class="link mono" tabindex="-1" on:click=move |_| on_open.run(id.clone())>
                            {serial}
                        </button>
                    </td>
                }
                .into_any()
            }
            SortColumn::State => view! {
                <td tabindex="-1" class=class>
                    {move || state().map(|state| view! { <StateBadge state /> })}
                    {error}
                </td>
            }
            .into_any(),
            other => {
                let value = text(match other {
                    SortColumn::Manufacturer => |d, _| d.manufacturer.clone(),
                    SortColumn::Model => |d, _| d.model.clone(),
                    SortColumn::Profile => |d, _| d.profile.label().to_owned(),
                    SortColumn::LastSeen => |d, _| format_last_seen(d.last_seen),
                    _ => |d, now| format_age(d.age_months(now)),
                });
                view! { <td tabindex="-1" class=class>{value}</td> }.into_any()
            }
        }
    };
    view! {
        <tr
            data-serial=serial
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
                    aria-label=move || format!("Select {}", serial())
                    prop:checked=move || selected.get()
                    on:change=move |_| toggle()
                />
            </td>
            {columns.into_iter().map(cell).collect_view()}
        </tr>
    }
}

/// The class of a column's cells (`col-model`), for its width rules in `style/components.css`.
fn column_class(column: SortColumn) -> &'static str {
    match column {
        SortColumn::User => "col-user",
        SortColumn::Serial => "col-serial",
        SortColumn::Manufacturer => "col-manufacturer",
        SortColumn::Model => "col-model",
        SortColumn::Profile => "col-profile",
        SortColumn::State => "col-state",
        SortColumn::LastSeen => "col-last-seen",
        SortColumn::Age => "col-age",
    }
}
