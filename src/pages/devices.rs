//! `/devices`: the Devices workspace. Search, state filter, sort and page live in the URL query,
//! so a copied link shows the same view.

use crate::components::autopilot::AutopilotBar;
use crate::components::breadcrumb::Breadcrumb;
use crate::components::bulk::dialog::BulkDialog;
use crate::components::bulk::report::BulkReportBar;
use crate::components::bulk::{Bulk, SelectionLine};
use crate::components::columns::ColumnsPanel;
use crate::components::command_bar::CommandBar;
use crate::components::connection::ConnectionBanners;
use crate::components::demo_panel::DemoPanel;
use crate::components::device_details::DeviceDetails;
use crate::components::device_table::DeviceTable;
use crate::components::drawer::Drawer;
use crate::components::empty_state::{NoDevices, NoMatch};
use crate::components::filters::Filters;
use crate::components::message_bar::{MessageBar, MessageIntent};
use crate::components::pager::Pager;
use crate::components::register::RegisterPanel;
use crate::components::state_summary::StateSummary;
use crate::components::toast::Toasts;
use crate::download;
use crate::store::{DeviceStore, LoadStatus};
use autopilot_i18n::t;
use autopilot_service::device::DeviceState;
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};
use leptos_router::NavigateOptions;
use portal_model::export;
use portal_model::index::Index;
use portal_model::locale::number;
use portal_model::selection::Check;
use portal_model::workspace::{Page, Query, SortColumn};

/// The Devices workspace.
#[component]
pub fn DevicesPage() -> impl IntoView {
    let store = expect_context::<DeviceStore>();
    let lang = crate::i18n::lang();
    crate::i18n::title(&t!(lang, "devices-title"));
    let params = use_query_map();
    let navigate = use_navigate();
    let query = Memo::new(move |_| params.with(|p| Query::from_params(|k| p.get(k))));
    let set_query = StoredValue::new_local(move |q: Query| {
        let options = NavigateOptions {
            replace: true,
            scroll: false,
            ..NavigateOptions::default()
        };
        navigate(&q.href(), options);
    });
    let update = move |f: &dyn Fn(&mut Query)| {
        let mut q = query.get_untracked();
        f(&mut q);
        set_query.with_value(|set| set(q));
    };

    // The tenant prepared for queries once per change of its devices or of the clock
    // (`portal_model::index`): a keystroke, a filter or a sort then only walks it. The store's
    // clock ticks once a minute (and on every full load and demo action), not on every poll.
    let now = Memo::new(move |_| store.now());
    let index = Memo::new(move |_| {
        let now = now.get();
        store
            .devices
            .with(|d| Index::new(d.as_slice(), now, crate::i18n::lang()))
    });
    // Typing on searches only what matched the key before (`Index::narrow`), for the same
    // index: a result of other devices is never narrowed.
    let searched = StoredValue::new(None::<(Query, u64)>);
    let view_rows = Memo::new(move |previous: Option<&Vec<usize>>| {
        let q = query.get();
        index.with(|index| {
            let narrows = searched.with_value(|s| {
                s.as_ref().is_some_and(|(before, generation)| {
                    *generation == index.generation() && q.narrows(before)
                })
            });
            let rows = match previous {
                Some(previous) if narrows => index.narrow(previous, &q),
                _ => index.select(&q),
            };
            searched.set_value(Some((q, index.generation())));
            rows
        })
    });
    let counts = Memo::new(move |_| index.with(Index::counts));
    let page = Memo::new(move |_| Page::of(view_rows.with(Vec::len), query.get().page));
    // A memo, not a derived signal: every row reads the page, and a derived signal would build
    // the whole page again for each of them.
    let rows = Memo::new(move |_| {
        let page = page.get();
        view_rows.with(|s| {
            store.devices.with(|d| {
                let devices = d.as_slice();
                s[page.start..page.end]
                    .iter()
                    .map(|&i| devices[i].clone())
                    .collect::<Vec<_>>()
            })
        })
    });
    let total = move || store.devices.with(|d| d.len());

    let register_open = RwSignal::new(false);
    let demo_open = RwSignal::new(false);
    let columns_open = RwSignal::new(false);
    let columns = Memo::new(move |_| query.with(Query::visible));
    let on_column = Callback::new(move |(column, shown): (SortColumn, bool)| {
        update(&|q| *q = q.with_column(column, shown))
    });
    let details_open = RwSignal::new(false);
    let details_id = RwSignal::new(String::new());
    let details_title = Signal::derive(move || {
        let id = details_id.get();
        store
            .devices
            .with(|d| {
                d.get(&id)
                    .map(|d| t!(lang, "device-title", serial = d.serial.as_str()))
            })
            .unwrap_or_else(|| t!(lang, "device"))
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
    let on_search = Callback::new(move |text: String| {
        update(&|q| {
            q.search = text.clone();
            q.page = 0;
        })
    });
    let on_page = Callback::new(move |index: usize| update(&|q| q.page = index));
    let count = Signal::derive(move || {
        query
            .get()
            .result_count(view_rows.with(Vec::len), total(), lang)
    });
    // Export: every device of the view (all pages), its columns, as the table orders them.
    let toasts = expect_context::<Toasts>();
    let can_export = Signal::derive(move || {
        store.status.get() == LoadStatus::Ready && view_rows.with(|s| !s.is_empty())
    });
    let on_export = Callback::new(move |()| {
        let now = store.now_untracked();
        let (bytes, n) = view_rows.with_untracked(|rows| {
            store.devices.with_untracked(|d| {
                let all = d.as_slice();
                let view = rows.iter().filter_map(|&i| all.get(i));
                let columns = columns.get_untracked();
                (
                    export::devices_csv(view, &columns, now, crate::i18n::lang()),
                    rows.len(),
                )
            })
        });
        let done = t!(lang, "devices-exported", count = n, n = number(n));
        download::export_csv(
            toasts,
            &bytes,
            &export::file_name(&t!(crate::i18n::lang(), "devices-file"), now),
            done,
        );
    });

    let bulk = Bulk::new(store, view_rows, query);
    let matching = Signal::derive(move || view_rows.with(Vec::len));
    // The page's devices and its header box, worked out once for the table and the
    // selection's bar.
    let page_ids =
        Memo::new(move |_| rows.with(|r| r.iter().map(|d| d.id.clone()).collect::<Vec<_>>()));
    let page_check =
        Memo::new(move |_| page_ids.with(|ids| bulk.selection.with(|s| s.page_check(ids))));
    let page_all = Signal::derive(move || page_check.get() == Check::All);
    let on_select_all = Callback::new(move |()| {
        bulk.selection
            .update(|s| s.select_all_matching(&query.get_untracked()))
    });

    // What the body shows, which changes rarely: a keystroke or a poll must not build the table
    // again (its rows follow `rows` by themselves), only another kind of body or other columns.
    let shown = Memo::new(move |_| {
        if store.status.get() != LoadStatus::Ready {
            Body::Nothing
        } else if total() == 0 {
            Body::NoDevices
        } else if view_rows.with(Vec::is_empty) {
            Body::NoMatch
        } else {
            Body::Table
        }
    });
    let on_clear = Callback::new(move |()| set_query.with_value(|set| set(Query::default())));
    let body = move || match shown.get() {
        Body::Nothing => ().into_any(),
        Body::NoDevices => view! { <NoDevices register_open /> }.into_any(),
        Body::NoMatch => view! { <NoMatch on_clear /> }.into_any(),
        Body::Table => view! {
            <SelectionLine bulk matching page_all on_select_all />
            <DeviceTable
                rows
                query
                now
                selection=bulk.selection
                page_ids
                check=page_check
                matching
                offset=Signal::derive(move || page.get().start)
                columns=columns.get()
                on_sort
                on_open
            />
            <Pager page on_page />
        }
        .into_any(),
    };

    view! {
        <div class="page">
            <header class="page-header">
                <Breadcrumb current=t!(lang, "devices-title") />
                <h1>{t!(lang, "devices-title")}</h1>
                <p class="page-subtitle">{t!(lang, "devices-subtitle")}</p>
            </header>
            <CommandBar
                register_open
                demo_open
                columns_open
                can_export
                on_export
            />
            <ConnectionBanners />
            <AutopilotBar />
            <BulkReportBar bulk />
            {move || match store.status.get() {
                LoadStatus::Loading => view! { <div class="loading" role="status">{t!(lang, "loading-devices")}</div> }.into_any(),
                LoadStatus::Failed(why) => view! {
                    <MessageBar intent=MessageIntent::Error>
                        <strong>{t!(lang, "load-failed")}" "</strong>
                        {why}
                        " "
                        <button type="button" class="btn btn-small" on:click=move |_| store.load()>{t!(lang, "try-again")}</button>
                    </MessageBar>
                }
                .into_any(),
                LoadStatus::Ready => ().into_any(),
            }}
            <StateSummary counts selected=Signal::derive(move || query.get().state) on_select=on_state />
            <Filters
                search=Signal::derive(move || query.get().search)
                state=Signal::derive(move || query.get().state)
                count
                on_search
                on_state
            />
            {body}
            <Drawer open=register_open title=t!(lang, "register-button") wide=true>
                <RegisterPanel open=register_open />
            </Drawer>
            <Drawer open=details_open title=details_title>
                {move || view! { <DeviceDetails id=details_id.get() open=details_open /> }}
            </Drawer>
            <BulkDialog bulk />
            <Drawer open=columns_open title=t!(lang, "command-columns")>
                <ColumnsPanel query on_column />
            </Drawer>
            <Drawer open=demo_open title=t!(lang, "command-demo")>
                <DemoPanel />
            </Drawer>
        </div>
    }
}

/// What the workspace shows below its filters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Body {
    /// Nothing yet (loading, or the load failed: the banner says so).
    Nothing,
    /// The tenant has no device.
    NoDevices,
    /// No device matches the filters.
    NoMatch,
    /// The table.
    Table,
}
