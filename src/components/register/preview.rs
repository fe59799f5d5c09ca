//! What an upload will register, and every problem found (file, line, serial, fix), from the
//! reader's report; the summary's counts are the model's (`portal_model::register`).

use crate::components::message_bar::{MessageBar, MessageIntent};
use crate::components::toast::Toasts;
use crate::download;
use crate::store::DeviceStore;
use autopilot_i18n::t;
use autopilot_reader::{ImportReport, Problem};
use leptos::prelude::*;
use portal_model::export;
use portal_model::locale::number;
use portal_model::register::{self, Tone};
use std::sync::Arc;

/// Problems listed before "Show all".
const PROBLEMS_SHOWN: usize = 100;

/// What an upload will register, and every problem found.
#[component]
pub fn Preview(
    /// The checked upload.
    report: Arc<ImportReport>,
    /// Whether every problem is listed.
    show_all: RwSignal<bool>,
) -> impl IntoView {
    let lang = crate::i18n::lang();
    let (tone, summary) = register::summary(&report, lang);
    let summary_intent = match tone {
        Tone::Error => MessageIntent::Error,
        Tone::Warning => MessageIntent::Warning,
        Tone::Success => MessageIntent::Success,
    };
    let files = report.files.clone();
    let problems: Vec<Problem> = report.problems.clone();
    let total_problems = problems.len();
    let problems = StoredValue::new(problems);
    // "Export to see the full list of errors", as the service's own guide promised.
    let store = expect_context::<DeviceStore>();
    let toasts = expect_context::<Toasts>();
    let export_problems = move |_| {
        let bytes = problems.with_value(|p| export::problems_csv(p, crate::i18n::lang()));
        let done = t!(
            lang,
            "problems-exported",
            count = total_problems,
            n = number(total_problems)
        );
        let name = export::file_name(
            &t!(crate::i18n::lang(), "problems-file"),
            store.now_untracked(),
        );
        download::export_csv(toasts, &bytes, &name, done);
    };
    view! {
        <section class="preview" aria-label=t!(lang, "preview-label")>
            <MessageBar intent=summary_intent>
                <span data-testid="preview-summary">{summary}</span>
            </MessageBar>
            <ul class="file-list">
                {files
                    .into_iter()
                    .map(|f| {
                        let detail = register::file_line(&f, lang);
                        view! {
                            <li>
                                <span class="file-name">{f.name}</span>
                                " — "
                                {detail}
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
            <Show when=move || total_problems != 0>
                // Above the list, which can run to thousands of rows.
                <div class="preview-actions">
                    <span class="preview-count">
                        {t!(lang, "problems-count", count = total_problems, n = number(total_problems))}
                    </span>
                    <button type="button" class="btn btn-subtle" on:click=export_problems>
                        <span aria-hidden="true">"↓ "</span>
                        {t!(lang, "export-problems")}
                    </button>
                </div>
                <div class="table-scroll">
                    <table class="problems">
                        <caption class="visually-hidden">{t!(lang, "problems-caption")}</caption>
                        <thead>
                            <tr>
                                <th scope="col">{t!(lang, "column-severity")}</th>
                                <th scope="col">{t!(lang, "column-file")}</th>
                                <th scope="col">{t!(lang, "column-line")}</th>
                                <th scope="col">{t!(lang, "column-serial")}</th>
                                <th scope="col">{t!(lang, "column-problem")}</th>
                            </tr>
                        </thead>
                        <tbody>
                            {move || {
                                let limit = if show_all.get() { usize::MAX } else { PROBLEMS_SHOWN };
                                problems
                                    .with_value(|problems| {
                                        problems
                                            .iter()
                                            .take(limit)
                                            .map(|p| {
                                                let error = p.is_error();
                                                view! {
                                                    <tr class:problem-error=error>
                                                        <td>
                                                            <span class=if error { "sev sev-error" } else { "sev sev-warning" }>
                                                                <span aria-hidden="true">{if error { "⨯ " } else { "⚠ " }}</span>
                                                                {if error { t!(lang, "severity-error") } else { t!(lang, "severity-warning") }}
                                                            </span>
                                                        </td>
                                                        <td>{p.file.clone()}</td>
                                                        <td>{p.line.map_or_else(|| "—".to_owned(), |l| l.to_string())}</td>
                                                        <td class="mono">{p.serial.clone().unwrap_or_default()}</td>
                                                        <td>
                                                            {p.message.clone()}
                                                            " "
                                                            <code class="code">{p.code.as_str()}</code>
                                                        </td>
                                                    </tr>
                                                }
                                            })
                                            .collect_view()
                                    })
                            }}
                        </tbody>
                    </table>
                </div>
                <Show when=move || { total_problems > PROBLEMS_SHOWN && !show_all.get() }>
                    <button type="button" class="btn btn-subtle" on:click=move |_| show_all.set(true)>
                        {t!(lang, "show-all-problems", n = number(total_problems))}
                    </button>
                </Show>
            </Show>
        </section>
    }
}
