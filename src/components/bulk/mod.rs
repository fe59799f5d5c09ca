//! Acting on many devices at once: what is selected (and "select all N matching") with the
//! actions on it, the confirmation that says what will change and what is skipped ([`dialog`]), and what happened
//! ([`report`]).

pub mod dialog;
pub mod report;

use crate::components::toast::Toasts;
use crate::i18n::lang;
use crate::store::DeviceStore;
use autopilot_i18n::{t, Lang};
use autopilot_service::bulk::BulkAction;
use leptos::prelude::*;
use portal_model::locale::number;
use portal_model::selection::{plan, Plan, Report, Selection};
use portal_model::workspace::Query;
use std::collections::HashSet;

/// The bulk actions the command bar offers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BulkKind {
    /// Remove the devices.
    Remove,
    /// Give them another profile.
    ChangeProfile,
    /// Submit failed registrations again.
    Retry,
    /// Assign them a user.
    AssignUser,
}

impl BulkKind {
    /// Every action, in the command bar's order.
    pub const ALL: [BulkKind; 4] = [
        BulkKind::Remove,
        BulkKind::ChangeProfile,
        BulkKind::Retry,
        BulkKind::AssignUser,
    ];

    /// The command's label.
    pub fn label(self, lang: Lang) -> String {
        match self {
            BulkKind::Remove => t!(lang, "bulk-remove"),
            BulkKind::ChangeProfile => t!(lang, "bulk-change-profile"),
            BulkKind::Retry => t!(lang, "bulk-retry"),
            BulkKind::AssignUser => t!(lang, "bulk-assign-user"),
        }
    }
}

/// The workspace's bulk state: the selection over the view's rows, the confirmation asked for,
/// the action running, and the report of the last one.
#[derive(Clone, Copy)]
pub struct Bulk {
    /// The selected devices.
    pub selection: RwSignal<Selection>,
    /// How many are selected.
    pub selected: Memo<usize>,
    /// How many of those picked one by one the view does not show.
    pub outside: Memo<usize>,
    /// The action whose confirmation is open.
    pub asking: RwSignal<Option<BulkKind>>,
    /// Devices answered so far and in all, while an action runs.
    pub progress: RwSignal<Option<(usize, usize)>>,
    /// What the last action did, with its summary, until dismissed.
    pub report: RwSignal<Option<(String, Report)>>,
    store: DeviceStore,
    view_rows: Memo<Vec<usize>>,
}

impl Bulk {
    /// Nothing selected, asked or reported, over the view `view_rows` (indices into the store's
    /// devices) of `query`. The selection is kept by id across pages and sorts; "all matching"
    /// ends with another filter.
    pub fn new(store: DeviceStore, view_rows: Memo<Vec<usize>>, query: Memo<Query>) -> Self {
        let selection = RwSignal::new(Selection::default());
        Effect::new(move |_| {
            let q = query.get();
            selection.maybe_update(|s| s.follow(&q));
        });
        // Devices removed meanwhile are forgotten when the list changes (not at each tick).
        Effect::new(move |_| {
            store
                .devices
                .with(|d| selection.maybe_update(|s| s.retain(d.as_slice())))
        });
        let selected = Memo::new(move |_| {
            selection.with(|s| {
                view_rows.with(|rows| store.devices.with(|d| s.count(d.as_slice(), rows)))
            })
        });
        let outside = Memo::new(move |_| {
            let filtered = query.with(Query::is_filtered);
            selection.with(|s| {
                view_rows.with(|rows| {
                    store
                        .devices
                        .with(|d| s.outside(d.as_slice(), rows, filtered))
                })
            })
        });
        Bulk {
            selection,
            selected,
            outside,
            asking: RwSignal::new(None),
            progress: RwSignal::new(None),
            report: RwSignal::new(None),
            store,
            view_rows,
        }
    }

    /// What `action` would do with the selected devices (tracked: it follows them).
    pub fn plan(&self, action: &BulkAction) -> Plan {
        let enabled = self.store.profiles();
        self.selection.with(|s| {
            self.view_rows.with(|rows| {
                self.store
                    .devices
                    .with(|d| plan(action, &s.chosen(d.as_slice(), rows), &enabled, lang()))
            })
        })
    }

    /// Runs the confirmed `action` on the devices its plan changes (the skipped ones are not
    /// sent), then shows what it did: a toast when it did everything, else the report; the
    /// selection is cleared.
    pub fn run(&self, action: BulkAction, toasts: Toasts) {
        let bulk = *self;
        let enabled = untrack(|| bulk.store.profiles());
        let chosen: Vec<(String, String)> = untrack(|| {
            bulk.selection.with(|s| {
                bulk.view_rows.with(|rows| {
                    bulk.store.devices.with(|d| {
                        let chosen = s.chosen(d.as_slice(), rows);
                        let change: HashSet<String> = plan(&action, &chosen, &enabled, lang())
                            .change
                            .into_iter()
                            .collect();
                        chosen
                            .into_iter()
                            .filter(|d| change.contains(&d.id))
                            .map(|d| (d.id.clone(), d.serial.clone()))
                            .collect()
                    })
                })
            })
        });
        let summary_for = action.clone();
        self.store
            .bulk(action, chosen, self.progress, move |report| {
                let summary = report.summary(&summary_for, lang());
                if report.is_complete() {
                    toasts.success(summary);
                } else {
                    bulk.report.set(Some((summary, report)));
                }
                bulk.selection.update(Selection::clear);
            });
    }
}

/// The bar above the table while devices are selected (Fluent's contextual command bar): the
/// actions on them, how many there are, "select all N matching" once the whole page is, and
/// clearing the selection.
#[component]
pub fn SelectionLine(
    /// The bulk state.
    bulk: Bulk,
    /// Devices the view matches.
    #[prop(into)]
    matching: Signal<usize>,
    /// Whether every device of the page is selected.
    #[prop(into)]
    page_all: Signal<bool>,
    /// Selects every device the view matches.
    on_select_all: Callback<()>,
) -> impl IntoView {
    let store = bulk.store;
    let count = bulk.selected;
    let all_matching = move || bulk.selection.with(Selection::is_all_matching);
    let offer_all = move || page_all.get() && !all_matching() && matching.get() > count.get();
    let lang = lang();
    let said = move || {
        if let Some((done, total)) = bulk.progress.get() {
            return t!(
                lang,
                "bulk-working",
                done = number(done),
                total = total,
                total_n = number(total)
            );
        }
        let n = count.get();
        if all_matching() && n == matching.get() {
            t!(lang, "all-matching-selected", count = n, n = number(n))
        } else {
            match bulk.outside.get() {
                0 => t!(lang, "selected", count = n, n = number(n)),
                hidden => t!(
                    lang,
                    "selected-hidden",
                    count = n,
                    n = number(n),
                    hidden = number(hidden)
                ),
            }
        }
    };
    // A reader sees the actions disabled, with the reason the command bar gives.
    let unusable = move || store.why_not_change().is_some() || bulk.progress.get().is_some();
    let described = move || store.why_not_change().map(|_| "change-blocked");
    let command = move |kind: BulkKind| {
        view! {
            <button
                type="button"
                class="btn btn-subtle"
                aria-disabled=move || unusable().then_some("true")
                aria-describedby=described
                on:click=move |_| {
                    if !unusable() {
                        bulk.asking.set(Some(kind))
                    }
                }
            >
                {kind.label(lang)}
            </button>
        }
    };
    let shown = move || count.get() > 0 || bulk.progress.get().is_some();
    view! {
        <Show when=shown>
            <div class="selection-line">
                <div class="selection-commands" role="toolbar" aria-label=t!(lang, "selected-devices")>
                    {BulkKind::ALL.into_iter().map(command).collect_view()}
                </div>
                <span class="command-divider" aria-hidden="true"></span>
                <span role="status">{said}</span>
                <Show when=offer_all>
                    <button type="button" class="btn btn-subtle btn-small" on:click=move |_| on_select_all.run(())>
                        {move || {
                            let n = matching.get();
                            t!(lang, "select-all-matching", count = n, n = number(n))
                        }}
                    </button>
                </Show>
                <button
                    type="button"
                    class="btn btn-subtle btn-small"
                    on:click=move |_| bulk.selection.update(Selection::clear)
                >
                    {t!(lang, "clear-selection")}
                </button>
            </div>
        </Show>
    }
}
