//! The device table: one page of devices, sortable by every column, each row selectable for the
//! bulk actions. A WAI-ARIA grid (Fluent 2 DataGrid): one tab stop, arrow keys between cells
//! ([`grid`]), Space selects the focused row, Ctrl+A the page.

mod grid;
mod row;

use autopilot_service::device::{Device, TenantTime};
use leptos::html;
use leptos::prelude::*;
use portal_model::selection::{Check, Selection};
use portal_model::workspace::{Query, SortColumn};
use row::DeviceRow;

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
    /// The selected devices (kept by the page across pages and sorts).
    selection: RwSignal<Selection>,
    /// The ids of `rows`.
    #[prop(into)]
    page_ids: Signal<Vec<String>>,
    /// How much of the page is selected (the header box).
    #[prop(into)]
    check: Signal<Check>,
    /// Devices the view matches, on every page (the grid's row count for screen readers).
    #[prop(into)]
    matching: Signal<usize>,
    /// Where the page starts among them.
    #[prop(into)]
    offset: Signal<usize>,
    /// The columns shown, in table order (another choice builds another table).
    columns: Vec<SortColumn>,
    /// Called with the column header the admin activated.
    on_sort: Callback<SortColumn>,
    /// Called with the id of the device to show.
    on_open: Callback<String>,
) -> impl IntoView {
    let table = NodeRef::<html::Table>::new();
    let roving = grid::Roving::new(table);
    // After the rows change, the tab stop stays on a cell that is there.
    Effect::new(move |_| {
        page_ids.track();
        roving.settle();
    });
    let select_page = move |selected: bool| {
        page_ids.with_untracked(|ids| selection.update(|s| s.set_page(ids, selected)));
    };
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
                <button type="button" class="sort-button" tabindex="-1" on:click=move |_| on_sort.run(column)>
                    {portal_model::words::column(crate::i18n::lang(), column)}
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
    let on_key = move |ev: web_sys::KeyboardEvent| {
        let all = ev.key() == "a" && (ev.ctrl_key() || ev.meta_key());
        if all {
            select_page(check.get_untracked() != Check::All);
        }
        if all || roving.key(&ev) {
            ev.prevent_default();
        }
    };
    view! {
        <div class="table-scroll">
            <table
                class="device-table"
                role="grid"
                aria-multiselectable="true"
                aria-rowcount=move || matching.get() + 1
                node_ref=table
                on:keydown=on_key
                on:focusin=move |ev| roving.focused(&ev)
            >
                <caption class="visually-hidden">{autopilot_i18n::t!(crate::i18n::lang(), "devices-table")}</caption>
                <thead>
                    <tr aria-rowindex="1">
                        <th scope="col" class="select-cell">
                            <input
                                type="checkbox"
                                class="select-box"
                                tabindex="0"
                                aria-label=autopilot_i18n::t!(crate::i18n::lang(), "select-page")
                                prop:checked=move || check.get() == Check::All
                                prop:indeterminate=move || check.get() == Check::Some
                                on:change=move |_| select_page(check.get_untracked() != Check::All)
                            />
                        </th>
                        {columns.iter().copied().map(header).collect_view()}
                    </tr>
                </thead>
                <tbody>
                    // Kept by place (`row.rs`): another page of devices reuses the rows there are.
                    <For each=move || 0..page_ids.with(Vec::len) key=|i| *i let:index>
                        <DeviceRow index rows now selection offset columns=columns.clone() on_open />
                    </For>
                </tbody>
            </table>
        </div>
    }
}
