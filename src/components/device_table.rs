//! The device table: one page of devices, sortable by every column (WAI-ARIA sortable table).

use super::badge::StateBadge;
use autopilot_service::device::{Device, TenantTime};
use leptos::prelude::*;
use portal_model::workspace::{format_age, format_last_seen, Query, SortColumn};

/// A table of devices; clicking a serial number opens its details.
#[component]
pub fn DeviceTable(
    /// The devices of the current page, in display order.
    #[prop(into)]
    rows: Signal<Vec<Device>>,
    /// The current query (for the sort indicators).
    #[prop(into)]
    query: Signal<Query>,
    /// The tenant's current time.
    #[prop(into)]
    now: Signal<TenantTime>,
    /// Called with the column header the admin activated.
    on_sort: Callback<SortColumn>,
    /// Called with the id of the device to show.
    on_open: Callback<String>,
) -> impl IntoView {
    let header = move |column: SortColumn| {
        let sort = move || {
            let q = query.get();
            match (q.sort == column, q.descending) {
                (false, _) => "none",
                (true, false) => "ascending",
                (true, true) => "descending",
            }
        };
        view! {
            <th scope="col" aria-sort=sort>
                <button type="button" class="sort-button" on:click=move |_| on_sort.run(column)>
                    {column.label()}
                    <span class="sort-icon" aria-hidden="true">
                        {move || match sort() {
                            "ascending" => "↑",
                            "descending" => "↓",
                            _ => "↕",
                        }}
                    </span>
                </button>
            </th>
        }
    };
    view! {
        <div class="table-scroll">
            <table class="device-table">
                <caption class="visually-hidden">"Devices"</caption>
                <thead>
                    <tr>{SortColumn::ALL.into_iter().map(header).collect_view()}</tr>
                </thead>
                <tbody>
                    // Keyed by id: a row stays (and keeps the focus) while its device changes;
                    // its cells read the device from `rows`, so every column follows it.
                    <For
                        each=move || rows.with(|r| r.iter().map(|d| d.id.clone()).collect::<Vec<_>>())
                        key=|id| id.clone()
                        let:id
                    >
                        <DeviceRow id rows now on_open />
                    </For>
                </tbody>
            </table>
        </div>
    }
}

/// One row: the device `id` as `rows` has it now. The row and its button stay; only the cells'
/// contents follow the device.
#[component]
fn DeviceRow(
    id: String,
    rows: Signal<Vec<Device>>,
    now: Signal<TenantTime>,
    on_open: Callback<String>,
) -> impl IntoView {
    let device = {
        let id = id.clone();
        Memo::new(move |_| rows.with(|r| r.iter().find(|d| d.id == id).cloned()))
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
    view! {
        <tr data-serial=serial>
            <td>
                {move || {
                    if user().is_empty() {
                        view! { <span class="muted">"No user"</span> }.into_any()
                    } else {
                        view! { <span>{user}</span> }.into_any()
                    }
                }}
            </td>
            <td>
                <button type="button" class="link mono" on:click=move |_| on_open.run(id.clone())>
                    {serial}
                </button>
            </td>
            <td>{text(|d, _| d.manufacturer.clone())}</td>
            <td>{text(|d, _| d.model.clone())}</td>
            <td>{text(|d, _| d.profile.label().to_owned())}</td>
            <td>
                {move || state().map(|state| view! { <StateBadge state /> })}
                {error}
            </td>
            <td>{text(|d, _| format_last_seen(d.last_seen))}</td>
            <td>{text(|d, now| format_age(d.age_months(now)))}</td>
        </tr>
    }
}
