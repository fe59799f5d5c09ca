//! The Register devices fly-in: upload one or more CSV files, preview devices and problems, pick
//! a profile, submit. The pieces: [`drop_zone`] (the file field), [`paste`] (rows pasted instead), [`import_job`] (reading in the
//! browser with `autopilot-reader`), [`preview`] (summary and problems), [`profile_picker`].
//! What it says comes from `portal_model::register`.

pub mod drop_zone;
pub mod import_job;
pub mod paste;
pub mod preview;
pub mod profile_picker;
pub mod users;
pub mod worker;

use super::hash_help::HashHelp;
use super::message_bar::{MessageBar, MessageIntent};
use super::progress::ProgressBar;
use super::toast::Toasts;
use crate::store::DeviceStore;
use autopilot_i18n::t;
use autopilot_service::device::Profile;
use drop_zone::DropZone;
use import_job::ImportJob;
use leptos::prelude::*;
use leptos::task::spawn_local;
use paste::PasteRows;
use portal_model::locale::number;
use portal_model::register::{self, Step};
use preview::Preview;
use profile_picker::ProfilePicker;
use users::UserCheck;

/// Content of the Register devices fly-in.
#[component]
pub fn RegisterPanel(
    /// The fly-in's open flag, set to `false` after a successful submission.
    open: RwSignal<bool>,
) -> impl IntoView {
    let store = expect_context::<DeviceStore>();
    let toasts = expect_context::<Toasts>();
    let lang = crate::i18n::lang();
    let job = ImportJob::new();
    let report = job.report;
    let reading = job.reading;
    let submit_error = RwSignal::new(None::<String>);
    let profile = RwSignal::new(None::<Profile>);
    let show_all = RwSignal::new(false);
    let users = UserCheck::new(report, store);

    let on_files = Callback::new(move |files: Vec<web_sys::File>| {
        submit_error.set(None);
        show_all.set(false);
        let domains = store
            .tenant
            .with_untracked(|t| t.as_ref().map(|t| t.domains.clone()));
        job.start(files, domains);
    });

    let device_count = move || report.with(|r| r.as_ref().map_or(0, |r| r.devices.len()));
    let step = move || {
        if reading.get().is_some() {
            Step::Reading
        } else if report.with(Option::is_none) {
            Step::NoFile
        } else if let Some((done, total)) = users.progress.get() {
            Step::CheckingUsers { done, total }
        } else {
            Step::Read {
                devices: device_count(),
                profile_chosen: profile.get().is_some(),
            }
        }
    };
    let can_register = move || register::can_register(step(), store.submitting.get().is_some());
    let hint = move || register::hint(step(), lang);

    // One per opening of the fly-in: submitting the rest again reuses the batches' keys.
    let session = StoredValue::new(crate::store::new_session());
    let submit = move |_| {
        let Some(chosen) = profile.get_untracked() else {
            return;
        };
        let devices = report
            .with_untracked(|r| r.as_ref().map(|r| r.devices.clone()))
            .unwrap_or_default();
        if devices.is_empty() {
            return;
        }
        submit_error.set(None);
        spawn_local(async move {
            let outcome = store.register(devices, chosen, &session.get_value()).await;
            match outcome.failed {
                None => {
                    open.set(false);
                    toasts.success(t!(
                        lang,
                        "submitted",
                        count = outcome.submitted,
                        n = number(outcome.submitted),
                        profile = portal_model::words::profile(lang, chosen)
                    ));
                }
                Some((why, rest)) => {
                    let message = register::stopped(outcome.submitted, rest.len(), &why, lang);
                    // Also a toast: the fly-in may have been closed meanwhile.
                    toasts.error(message.clone());
                    let _ = submit_error.try_set(Some(message));
                    let _ = report.try_update(|r| {
                        if let Some(r) = r {
                            std::sync::Arc::make_mut(r).devices = rest;
                            // Its users were checked with the whole upload.
                            users.checked_as_is(r);
                        }
                    });
                }
            }
        });
    };

    let submitting = move || {
        store.submitting.get().map(|s| {
            view! {
                <ProgressBar
                    label=t!(lang, "submitting", done = number(s.done), total = number(s.total))
                    value=s.done as f64 / s.total.max(1) as f64
                />
            }
        })
    };

    view! {
        <div class="register-panel">
            <p class="panel-intro">{t!(lang, "register-intro")}</p>
            <DropZone on_files />
            <PasteRows on_files />
            {move || job.upload_error.get().map(|e| view! { <MessageBar intent=MessageIntent::Error>{e}</MessageBar> })}
            {move || reading.get().map(|(label, value)| view! { <ProgressBar label value /> })}
            {move || report.with(|r| r.as_ref().map(|r| view! { <Preview report=r.clone() show_all /> }))}
            {move || users.progress.get().map(|(done, total)| view! {
                <ProgressBar
                    label=t!(lang, "checking-users", done = number(done), total = number(total))
                    value=done as f64 / total.max(1) as f64
                />
            })}
            {move || users.note.get().map(|n| view! { <MessageBar intent=MessageIntent::Warning>{n}</MessageBar> })}
            <ProfilePicker profiles=Signal::derive(move || store.profiles()) chosen=profile />
            {move || submit_error.get().map(|e| view! { <MessageBar intent=MessageIntent::Error>{e}</MessageBar> })}
            {submitting}
            <HashHelp />
            <div class="panel-footer">
                <button type="button" class="btn btn-primary" disabled=move || !can_register() on:click=submit>
                    {t!(lang, "register-button")}
                </button>
                <button type="button" class="btn" on:click=move |_| open.set(false)>
                    {t!(lang, "cancel")}
                </button>
                <span class="footer-hint" aria-live="polite">{hint}</span>
            </div>
        </div>
    }
}
