//! What a bulk action did, when it did not do all it was asked: the devices the service refused,
//! each with its reason, and the ones never sent. Stays until dismissed; a complete action only
//! shows a toast.

use super::Bulk;
use crate::components::message_bar::{MessageBar, MessageIntent};
use autopilot_i18n::t;
use leptos::prelude::*;
use portal_model::locale::number;

/// Refused devices the report lists before it counts the rest.
const LISTED: usize = 50;

/// The report of the last bulk action that left devices unchanged.
#[component]
pub fn BulkReportBar(bulk: Bulk) -> impl IntoView {
    let lang = crate::i18n::lang();
    move || {
        let (summary, report) = bulk.report.get()?;
        let intent = if report.error.is_some() {
            MessageIntent::Error
        } else {
            MessageIntent::Warning
        };
        let refused = (!report.refused.is_empty()).then(|| {
            let refused = report.refused.len();
            let head = t!(lang, "bulk-not-changed", count = refused, n = number(refused));
            let more = report.refused.len().saturating_sub(LISTED);
            let items = report
                .refused
                .iter()
                .take(LISTED)
                .map(|k| {
                    view! {
                        <li>
                            <span class="mono">{k.serial.clone()}</span>
                            ": "
                            {k.why.clone()}
                        </li>
                    }
                })
                .collect_view();
            view! {
                <p>{head}</p>
                <ul class="bulk-refused">
                    {items}
                    {(more > 0).then(|| view! { <li>{t!(lang, "and-more", n = number(more))}</li> })}
                </ul>
            }
        });
        let stopped = report.error.clone().map(|why| {
            let (count, n) = (report.not_sent, number(report.not_sent));
            let said = if report.unknown {
                t!(lang, "bulk-unknown", count = count, n = n, why = why)
            } else {
                t!(lang, "bulk-not-sent", count = count, n = n, why = why)
            };
            view! { <p>{said}</p> }
        });
        Some(view! {
            <MessageBar intent>
                <strong>{summary}</strong>
                {refused}
                {stopped}
                <button type="button" class="btn btn-small" on:click=move |_| bulk.report.set(None)>
                    {t!(lang, "dismiss")}
                </button>
            </MessageBar>
        })
    }
}
