//! The Register devices fly-in's content: upload one or more CSV files, preview devices and
//! problems, pick a profile, submit. Files are read in the browser with `autopilot-reader`, a few
//! hundred lines at a time, so the page stays responsive and shows progress.

use super::hash_help::HashHelp;
use super::message_bar::{MessageBar, MessageIntent};
use super::progress::ProgressBar;
use super::toast::Toasts;
use crate::store::DeviceStore;
use autopilot_reader::{Code, ImportOptions, ImportReport, Importer, Problem, Severity};
use autopilot_service::device::Profile;
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// Larger uploads are refused before reading: no registration file comes near it.
const MAX_UPLOAD_BYTES: f64 = 200.0 * 1024.0 * 1024.0;

/// Lines read between two yields to the browser.
const LINES_PER_STEP: usize = 250;

/// Problems listed before "Show all".
const PROBLEMS_SHOWN: usize = 100;

/// Gives the browser a turn (paint, input) before going on.
async fn yield_to_browser() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(window) = web_sys::window() {
            let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 0);
        }
    });
    let _ = JsFuture::from(promise).await;
}

async fn file_bytes(file: &web_sys::File) -> Result<Vec<u8>, String> {
    let buffer = JsFuture::from(file.array_buffer())
        .await
        .map_err(|_| "the browser could not read the file".to_owned())?;
    Ok(js_sys::Uint8Array::new(&buffer).to_vec())
}

fn files_of(list: Option<web_sys::FileList>) -> Vec<web_sys::File> {
    let Some(list) = list else { return Vec::new() };
    (0..list.length()).filter_map(|i| list.get(i)).collect()
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// Content of the Register devices fly-in.
#[component]
pub fn RegisterPanel(
    /// The fly-in's open flag, set to `false` after a successful submission.
    open: RwSignal<bool>,
) -> impl IntoView {
    let store = expect_context::<DeviceStore>();
    let toasts = expect_context::<Toasts>();
    let report = RwSignal::new(None::<ImportReport>);
    let reading = RwSignal::new(None::<(String, f64)>);
    let upload_error = RwSignal::new(None::<String>);
    let submit_error = RwSignal::new(None::<String>);
    let profile = RwSignal::new(None::<Profile>);
    let show_all = RwSignal::new(false);
    let dragging = RwSignal::new(false);
    let generation = StoredValue::new(0u32);

    let read_files = move |files: Vec<web_sys::File>| {
        if files.is_empty() {
            return;
        }
        generation.update_value(|g| *g += 1);
        let this_run = generation.get_value();
        upload_error.set(None);
        submit_error.set(None);
        show_all.set(false);
        let total: f64 = files.iter().map(|f| f.size()).sum();
        if total > MAX_UPLOAD_BYTES {
            reading.set(None);
            report.set(None);
            upload_error.set(Some(format!(
                "These files hold {:.0} MB; an upload can hold at most {:.0} MB. Registration files are far smaller: check that you chose the right files, or split the upload.",
                total / 1_048_576.0,
                MAX_UPLOAD_BYTES / 1_048_576.0
            )));
            return;
        }
        let domains = store
            .tenant
            .with_untracked(|t| t.as_ref().map(|t| t.domains.clone()));
        report.set(None);
        reading.set(Some(("Reading files…".into(), 0.0)));
        spawn_local(async move {
            let mut importer = Importer::new(ImportOptions {
                tenant_domains: domains,
                ..ImportOptions::default()
            });
            let mut done_bytes = 0.0;
            for file in files {
                let name = file.name();
                let size = file.size().max(1.0);
                reading.set(Some((
                    format!("Reading {name}…"),
                    done_bytes / total.max(1.0),
                )));
                let bytes = match file_bytes(&file).await {
                    Ok(bytes) => bytes,
                    Err(why) => {
                        if generation.try_get_value() != Some(this_run) {
                            return;
                        }
                        upload_error.set(Some(format!("{name}: {why}. Choose the file again.")));
                        continue;
                    }
                };
                if generation.try_get_value() != Some(this_run) {
                    return;
                }
                if let Some(mut open_file) = importer.open(&name, bytes) {
                    loop {
                        let finished = importer.read(&mut open_file, LINES_PER_STEP);
                        let (read, all) = open_file.progress();
                        let fraction =
                            (done_bytes + size * read as f64 / all.max(1) as f64) / total.max(1.0);
                        reading.set(Some((format!("Checking {name}…"), fraction)));
                        if finished {
                            break;
                        }
                        yield_to_browser().await;
                        // The fly-in may have been closed (the panel is gone) or new files chosen.
                        if generation.try_get_value() != Some(this_run) {
                            return;
                        }
                    }
                }
                done_bytes += size;
            }
            reading.set(None);
            report.set(Some(importer.finish()));
        });
    };

    let on_change = move |ev: web_sys::Event| {
        let input = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok());
        if let Some(input) = input {
            read_files(files_of(input.files()));
            // Allow choosing the same file again after fixing it.
            input.set_value("");
        }
    };
    let on_drop = move |ev: web_sys::DragEvent| {
        ev.prevent_default();
        dragging.set(false);
        read_files(files_of(ev.data_transfer().and_then(|d| d.files())));
    };

    let device_count = move || report.with(|r| r.as_ref().map_or(0, |r| r.devices.len()));
    let can_register = move || {
        device_count() > 0
            && profile.get().is_some()
            && reading.get().is_none()
            && store.submitting.get().is_none()
    };

    // One per opening of the fly-in: submitting the rest again reuses the batches' keys.
    let session = StoredValue::new(crate::store::new_session());
    let submit = move |_| {
        let Some(chosen) = profile.get_untracked() else {
            return;
        };
        let devices =
            report.with_untracked(|r| r.as_ref().map(|r| r.devices.clone()).unwrap_or_default());
        if devices.is_empty() {
            return;
        }
        submit_error.set(None);
        spawn_local(async move {
            let outcome = store.register(devices, chosen, &session.get_value()).await;
            match outcome.failed {
                None => {
                    open.set(false);
                    toasts.success(format!(
                        "{} submitted for registration with the {chosen} profile. They will be ready for their users in a few minutes.",
                        plural(outcome.submitted, "device was", "devices were")
                    ));
                }
                Some((why, rest)) => {
                    let message = format!(
                        "{} submitted; {} not: {why} Select Register devices to submit the rest.",
                        plural(outcome.submitted, "device was", "devices were"),
                        plural(rest.len(), "device was", "devices were"),
                    );
                    // Also a toast: the fly-in may have been closed meanwhile.
                    toasts.error(message.clone());
                    let _ = submit_error.try_set(Some(message));
                    let _ = report.try_update(|r| {
                        if let Some(r) = r {
                            r.devices = rest;
                        }
                    });
                }
            }
        });
    };

    let profiles = move || store.profiles();

    view! {
        <div class="register-panel">
            <p class="panel-intro">
                "Upload the CSV files with your devices' hardware hashes. They are checked here, in your browser, before anything is sent."
            </p>

            <div class="field">
                <label for="file-upload" class="field-label">
                    "File upload"
                </label>
                <div
                    class="dropzone"
                    class:dropzone-active=move || dragging.get()
                    on:dragover=move |ev: web_sys::DragEvent| {
                        ev.prevent_default();
                        dragging.set(true);
                    }
                    on:dragleave=move |_| dragging.set(false)
                    on:drop=on_drop
                >
                    <input
                        id="file-upload"
                        type="file"
                        accept=".csv,text/csv"
                        multiple
                        aria-describedby="file-upload-hint"
                        on:change=on_change
                        autofocus
                    />
                    <span id="file-upload-hint" class="field-hint">
                        "Choose or drop one or more .csv files (for example, hardwarehash.csv from Get-WindowsAutoPilotInfo). Several files are merged."
                    </span>
                </div>
            </div>

            {move || upload_error.get().map(|e| view! { <MessageBar intent=MessageIntent::Error>{e}</MessageBar> })}

            {move || {
                reading
                    .get()
                    .map(|(label, fraction)| {
                        view! { <ProgressBar label=label value=fraction /> }
                    })
            }}

            {move || report.with(|r| r.as_ref().map(|r| view! { <Preview report=r.clone() show_all /> }))}

            <div class="field">
                <label for="device-profile" class="field-label">
                    "Device profile"
                    <span class="required" aria-hidden="true">" *"</span>
                </label>
                <select
                    id="device-profile"
                    class="select"
                    required
                    aria-describedby="device-profile-hint"
                    on:change=move |ev| profile.set(Profile::from_id(&event_target_value(&ev)))
                >
                    <option value="" disabled selected>
                        "Select a profile"
                    </option>
                    {move || {
                        profiles()
                            .into_iter()
                            .map(|p| view! { <option value=p.id()>{p.label()}</option> })
                            .collect_view()
                    }}
                </select>
                <ul id="device-profile-hint" class="profile-list">
                    {move || {
                        profiles()
                            .into_iter()
                            .map(|p| {
                                view! {
                                    <li class:profile-chosen=move || profile.get() == Some(p)>
                                        <strong>{p.label()}</strong>
                                        ": "
                                        {p.description()}
                                    </li>
                                }
                            })
                            .collect_view()
                    }}
                </ul>
            </div>

            {move || submit_error.get().map(|e| view! { <MessageBar intent=MessageIntent::Error>{e}</MessageBar> })}
            {move || {
                store
                    .submitting
                    .get()
                    .map(|s| {
                        view! {
                            <ProgressBar
                                label=format!("Submitting {} of {} devices…", s.done, s.total)
                                value=s.done as f64 / s.total.max(1) as f64
                            />
                        }
                    })
            }}

            <HashHelp />

            <div class="panel-footer">
                <button type="button" class="btn btn-primary" disabled=move || !can_register() on:click=submit>
                    "Register devices"
                </button>
                <button type="button" class="btn" on:click=move |_| open.set(false)>
                    "Cancel"
                </button>
                <span class="footer-hint" aria-live="polite">
                    {move || {
                        if reading.get().is_some() {
                            String::new()
                        } else if report.with(|r| r.is_none()) {
                            "Upload a file to continue.".to_owned()
                        } else if device_count() == 0 {
                            "No device in these files can be registered.".to_owned()
                        } else if profile.get().is_none() {
                            "Select a device profile to continue.".to_owned()
                        } else {
                            format!("{} will be registered.", plural(device_count(), "device", "devices"))
                        }
                    }}
                </span>
            </div>
        </div>
    }
}

/// What an upload will register, and every problem found.
#[component]
fn Preview(
    /// The checked upload.
    report: ImportReport,
    /// Whether every problem is listed.
    show_all: RwSignal<bool>,
) -> impl IntoView {
    let devices = report.devices.len();
    let errors = report.count(Severity::Error);
    let warnings = report.count(Severity::Warning);
    let rows_left_out = {
        let mut rows: Vec<(&str, u32)> = report
            .problems
            .iter()
            .filter(|p| p.is_error())
            .filter_map(|p| p.line.map(|l| (p.file.as_str(), l)))
            .collect();
        rows.sort_unstable();
        rows.dedup();
        rows.len()
    };
    let unreadable = report
        .problems
        .iter()
        .any(|p| p.code == Code::UnreadableFile || p.code == Code::MissingColumn);
    let summary_intent = if devices == 0 {
        MessageIntent::Error
    } else if errors > 0 {
        MessageIntent::Warning
    } else {
        MessageIntent::Success
    };
    let mut summary = format!(
        "{} will be registered.",
        plural(devices, "device", "devices")
    );
    if rows_left_out > 0 {
        summary.push_str(&format!(
            " {} with errors will be left out.",
            plural(rows_left_out, "row", "rows")
        ));
    }
    if unreadable {
        summary.push_str(" Some files could not be read at all.");
    }
    if warnings > 0 {
        summary.push_str(&format!(
            " {} to look at.",
            plural(warnings, "warning", "warnings")
        ));
    }
    let files = report.files.clone();
    let problems: Vec<Problem> = report.problems;
    let total_problems = problems.len();
    let problems = StoredValue::new(problems);
    view! {
        <section class="preview" aria-label="Upload preview">
            <MessageBar intent=summary_intent>
                <span data-testid="preview-summary">{summary}</span>
            </MessageBar>
            <ul class="file-list">
                {files
                    .into_iter()
                    .map(|f| {
                        let detail = match (f.encoding, f.layout) {
                            (Some(e), Some(l)) => format!("{}, {}: {} of {} rows", e.label(), l.label(), f.devices, f.rows),
                            (Some(e), None) => format!("{}: no header understood", e.label()),
                            _ => "could not be read".to_owned(),
                        };
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
                <div class="table-scroll">
                    <table class="problems">
                        <caption class="visually-hidden">"Problems found in the upload"</caption>
                        <thead>
                            <tr>
                                <th scope="col">"Severity"</th>
                                <th scope="col">"File"</th>
                                <th scope="col">"Line"</th>
                                <th scope="col">"Serial number"</th>
                                <th scope="col">"Problem and fix"</th>
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
                                                                {if error { "Error" } else { "Warning" }}
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
                        {format!("Show all {total_problems} problems")}
                    </button>
                </Show>
            </Show>
        </section>
    }
}
