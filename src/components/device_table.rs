//! The device table: one page of devices, sortable by every column (WAI-ARIA sortable table).

use super::badge::StateBadge;
use autopilot_service::device::{Device, Millis};
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
    now: Signal<Millis>,
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
                    <For
                        each=move || {
                            let now = now.get();
                            rows.get().into_iter().map(move |d| (now, d)).collect::<Vec<_>>()
                        }
                        key=|(now, d)| {
                            (d.id.clone(), d.state(*now), d.profile, d.last_seen, d.age_months(*now), d.assigned_user.clone())
                        }
                        let:((now, device))
                    >
                        <DeviceRow device now on_open />
                    </For>
                </tbody>
            </table>
        </div>
    }
}

#[component]
fn DeviceRow(device: Device, now: Millis, on_open: Callback<String>) -> impl IntoView {
    let state = device.state(now);
    let id = device.id.clone();
    let error = device.error().map(|e| e.message());
    view! {
        <tr data-serial=device.serial.clone()>
            <td>
                {if device.assigned_user.is_empty() {
                    view! { <span class="muted">"No user"</span> }.into_any()
                } else {
                    view! { <span>{device.assigned_user.clone()}</span> }.into_any()
                }}
            </td>
            <td>
                <button type="button" class="link mono" on:click=move |_| on_open.run(id.clone())>
                    {device.serial.clone()}
                </button>
            </td>
            <td>{device.manufacturer.clone()}</td>
            <td>{device.model.clone()}</td>
            <td>{device.profile.label()}</td>
            <td>
                <StateBadge state />
                {error.map(|e| view! { <div class="state-detail">{e}</div> })}
            </td>
            <td>{format_last_seen(device.last_seen)}</td>
            <td>{format_age(device.age_months(now))}</td>
        </tr>
    }
}
