//! What a bulk action did, when it did not do all it was asked: the devices the service refused,
//! each with its reason, and the ones never sent. Stays until dismissed; a complete action only
//! shows a toast.

use super::Bulk;
use crate::components::message_bar::{MessageBar, MessageIntent};
use leptos::prelude::*;
use portal_model::locale::number;
use portal_model::register::plural;

/// Refused devices the report lists before it counts the rest.
const LISTED: usize = 50;

/// The report of the last bulk action that left devices unchanged.
#[component]
pub fn BulkReportBar(bulk: Bulk) -> impl IntoView {
    move || {
        let (summary, report) = bulk.report.get()?;
        let intent = if report.error.is_some() {
            MessageIntent::Error
        } else {
            MessageIntent::Warning
        };
        let refused = (!report.refused.is_empty()).then(|| {
            let head = format!(
                "{} not changed:",
                plural(report.refused.len(), "device was", "devices were")
            );
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
                    {(more > 0).then(|| view! { <li>{format!("and {} more", number(more))}</li> })}
                </ul>
            }
        });
        let stopped = report.error.clone().map(|why| {
            let said = if report.unknown {
                format!(
                    "For {} it is not known whether they changed: {why} The table was read again and shows what the service has.",
                    plural(report.not_sent, "device", "devices")
                )
            } else {
                format!(
                    "{} not changed: {why}",
                    plural(report.not_sent, "device was", "devices were")
                )
            };
            view! { <p>{said}</p> }
        });
        Some(view! {
            <MessageBar intent>
                <strong>{summary}</strong>
                {refused}
                {stopped}
                <button type="button" class="btn btn-small" on:click=move |_| bulk.report.set(None)>
                    "Dismiss"
                </button>
            </MessageBar>
        })
    }
}
