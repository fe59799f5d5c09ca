//! What is known about one device: why it failed (with the file and line it came from) and the
//! list of its fields.

use crate::backend::Fact;
use crate::components::message_bar::{MessageBar, MessageIntent};
use crate::store::DeviceStore;
use autopilot_i18n::t;
use autopilot_service::device::{Device, RegistrationError, TenantTime};
use leptos::prelude::*;
use portal_model::workspace::{format_age, format_date, format_last_seen};

/// The failure, when the registration failed: its message, what to do, where the row came from.
#[component]
pub fn Failure(
    /// The device.
    device: Device,
) -> impl IntoView {
    device.error().cloned().map(|e| {
        let lang = crate::i18n::lang();
        let source = device
            .source
            .clone()
            .map(|s| view! { <p class="muted">{t!(lang, "detail-from", file = s.file, line = s.line)}</p> });
        // The code Intune and Graph report it with, for a search or a support case (an
        // Unexpected error has its request ID in what to do).
        let code = (!matches!(e, RegistrationError::Unexpected { .. })).then(|| {
            let (code, name) = e.autopilot_code();
            view! { <p class="muted">{t!(lang, "autopilot-error", code = code, name = name)}</p> }
        });
        view! {
            <MessageBar intent=MessageIntent::Error>
                <strong>{portal_model::words::error(crate::i18n::lang(), &e)}</strong>
                <p>{portal_model::words::what_to_do(crate::i18n::lang(), &e)}</p>
                {code}
                {source}
            </MessageBar>
        }
    })
}

/// The device's fields at tenant time `now`.
#[component]
pub fn Facts(
    /// The device.
    device: Device,
    /// The tenant's time (for its age).
    now: TenantTime,
) -> impl IntoView {
    let d = device;
    let lang = crate::i18n::lang();
    let user = if d.assigned_user.is_empty() {
        t!(lang, "no-user")
    } else {
        d.assigned_user.clone()
    };
    let source = d.source.as_ref().map_or_else(
        || "—".to_owned(),
        |s| {
            t!(
                lang,
                "detail-source-line",
                file = s.file.as_str(),
                line = s.line
            )
        },
    );
    view! {
        <dl class="details-list">
            <dt>{t!(lang, "detail-serial")}</dt>
            <dd class="mono">{d.serial.clone()}</dd>
            <dt>{t!(lang, "detail-user")}</dt>
            <dd>{user}</dd>
            <dt>{t!(lang, "detail-manufacturer")}</dt>
            <dd>{d.manufacturer.clone()}</dd>
            <dt>{t!(lang, "detail-model")}</dt>
            <dd>{d.model.clone()}</dd>
            <dt>{t!(lang, "detail-profile")}</dt>
            <dd>{portal_model::words::profile(crate::i18n::lang(), d.profile)}</dd>
            <dt>{t!(lang, "detail-group-tag")}</dt>
            {if d.group_tag.is_empty() {
                view! { <dd>{t!(lang, "detail-no-tag")}</dd> }.into_any()
            } else {
                view! { <dd class="mono">{d.group_tag.clone()}</dd> }.into_any()
            }}
            <dt>{t!(lang, "detail-submitted")}</dt>
            <dd>{format_date(d.submitted_at)}</dd>
            <dt>{t!(lang, "detail-last-seen")}</dt>
            <dd>{format_last_seen(d.last_seen, crate::i18n::lang())}</dd>
            <dt>{t!(lang, "detail-age")}</dt>
            <dd>{format_age(d.age_months(now), crate::i18n::lang())}</dd>
            <dt>{t!(lang, "detail-source")}</dt>
            <dd>{source}</dd>
        </dl>
    }
}

/// What the backend knows of the device beyond its fields (a real tenant's Autopilot profile
/// assignment), read when the details open; nothing for a backend that knows no more.
#[component]
pub fn MoreFacts(
    /// The device's id.
    id: String,
) -> impl IntoView {
    let store = expect_context::<DeviceStore>();
    let facts = RwSignal::new(Vec::<Fact>::new());
    let backend = store.backend();
    if !backend.is_demo() {
        leptos::task::spawn_local(async move {
            let answer = backend.facts(id).await.unwrap_or_else(|err| {
                vec![Fact {
                    label: t!(crate::i18n::lang(), "autopilot-details"),
                    value: t!(
                        crate::i18n::lang(),
                        "could-not-read",
                        why = err.message(crate::i18n::lang())
                    ),
                }]
            });
            let _ = facts.try_set(answer);
        });
    }
    move || {
        facts.with(|facts| {
            (!facts.is_empty()).then(|| {
                view! {
                    <dl class="details-list" data-testid="more-facts">
                        {facts
                            .iter()
                            .map(|f| view! { <dt>{f.label.clone()}</dt><dd>{f.value.clone()}</dd> })
                            .collect_view()}
                    </dl>
                }
            })
        })
    }
}
