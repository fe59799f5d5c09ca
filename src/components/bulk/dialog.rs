//! The confirmation of a bulk action (WAI-ARIA alertdialog): how many devices it will change,
//! which of the selected it skips and why, and for a profile or a user, the choice itself (the
//! user checked as the import checks it: a UPN in one of the tenant's domains).

use super::{Bulk, BulkKind};
use crate::components::drawer::{sync_dialog, unique_id};
use crate::components::toast::Toasts;
use crate::store::DeviceStore;
use autopilot_i18n::t;
use autopilot_service::bulk::BulkAction;
use autopilot_service::device::Profile;
use leptos::html;
use leptos::prelude::*;
use portal_model::locale::number;

/// Serials a confirmation names per reason before it counts the rest.
const NAMED: usize = 5;

/// The confirmation of the action `bulk.asking`.
#[component]
pub fn BulkDialog(
    /// The bulk state.
    bulk: Bulk,
) -> impl IntoView {
    let store = expect_context::<DeviceStore>();
    let toasts = expect_context::<Toasts>();
    let open = RwSignal::new(false);
    // `asking` opens it; closing it (Esc, Cancel, confirming) ends the asking. Each side is
    // only set when it differs, or the two would wake each other for ever.
    Effect::new(move |_| {
        let asked = bulk.asking.get().is_some();
        if open.get_untracked() != asked {
            open.set(asked);
        }
    });
    Effect::new(move |_| {
        if !open.get() && bulk.asking.get_untracked().is_some() {
            bulk.asking.set(None);
        }
    });
    let dialog_ref = NodeRef::<html::Dialog>::new();
    let on_close = sync_dialog(dialog_ref, open);
    let (title_id, body_id) = (unique_id("bulk-title"), unique_id("bulk-body"));
    let (title_ref, body_ref) = (title_id.clone(), body_id.clone());
    let (user_id, profile_id) = (unique_id("bulk-user"), unique_id("bulk-profile"));
    let user_error_id = unique_id("bulk-user-error");

    let profile = RwSignal::new(Profile::Standard);
    let user = RwSignal::new(String::new());
    let domains = move || store.tenant.with(|t| t.as_ref().map(|t| t.domains.clone()));
    // What the user typed is wrong, in words, once there is something to check.
    let user_error = Memo::new(move |_| {
        let typed = user.get();
        let domains = domains().unwrap_or_default();
        if typed.is_empty() {
            return None;
        }
        portal_model::words::assignment(crate::i18n::lang(), &typed, &domains).err()
    });
    let action = Memo::new(move |_| match bulk.asking.get()? {
        BulkKind::Remove => Some(BulkAction::Remove),
        BulkKind::Retry => Some(BulkAction::Retry),
        BulkKind::ChangeProfile => Some(BulkAction::ChangeProfile(profile.get())),
        BulkKind::AssignUser => {
            let typed = user.get();
            (!typed.is_empty() && user_error.get().is_none())
                .then_some(BulkAction::AssignUser(typed))
        }
    });
    let plan = Memo::new(move |_| action.with(|a| a.as_ref().map(|a| bulk.plan(a))));
    let changes = move || plan.with(|p| p.as_ref().map_or(0, |p| p.change.len()));

    let lang = crate::i18n::lang();
    let title = move || match bulk.asking.get() {
        Some(BulkKind::Remove) => t!(lang, "bulk-remove-title"),
        Some(BulkKind::ChangeProfile) => t!(lang, "bulk-change-profile-title"),
        Some(BulkKind::Retry) => t!(lang, "bulk-retry-title"),
        Some(BulkKind::AssignUser) => t!(lang, "bulk-assign-user-title"),
        None => String::new(),
    };
    // "12 devices will…", or with some skipped "12 of the 15 selected devices will…".
    let outcome = move || {
        let n = changes();
        let skipped = plan.with(|p| p.as_ref().map_or(0, |p| p.skipped.len()));
        let (count, selected) = (n, n + skipped);
        let (n_text, selected_n) = (number(n), number(selected));
        let profile = |p| portal_model::words::profile(lang, p);
        match (action.get(), skipped == 0) {
            (None, _) => t!(lang, "bulk-type-user"),
            (Some(_), _) if n == 0 => t!(lang, "bulk-nothing-changes"),
            (Some(BulkAction::Remove), true) => {
                t!(lang, "bulk-will-remove", count = count, n = n_text)
            }
            (Some(BulkAction::Remove), false) => t!(
                lang,
                "bulk-will-remove-of",
                count = count,
                selected_n = selected_n,
                n = n_text
            ),
            (Some(BulkAction::ChangeProfile(p)), true) => t!(
                lang,
                "bulk-will-change-profile",
                count = count,
                n = n_text,
                profile = profile(p)
            ),
            (Some(BulkAction::ChangeProfile(p)), false) => t!(
                lang,
                "bulk-will-change-profile-of",
                count = count,
                selected_n = selected_n,
                n = n_text,
                profile = profile(p)
            ),
            (Some(BulkAction::Retry), true) => {
                t!(lang, "bulk-will-retry", count = count, n = n_text)
            }
            (Some(BulkAction::Retry), false) => t!(
                lang,
                "bulk-will-retry-of",
                count = count,
                selected_n = selected_n,
                n = n_text
            ),
            (Some(BulkAction::AssignUser(u)), true) => t!(
                lang,
                "bulk-will-assign",
                count = count,
                n = n_text,
                user = u
            ),
            (Some(BulkAction::AssignUser(u)), false) => t!(
                lang,
                "bulk-will-assign-of",
                count = count,
                selected_n = selected_n,
                n = n_text,
                user = u
            ),
        }
    };
    let skipped = move || {
        plan.with(|p| {
            let p = p.as_ref()?;
            if p.skipped.is_empty() {
                return None;
            }
            let reasons = p
                .reasons()
                .into_iter()
                .map(|(why, n)| {
                    let mut serials: Vec<&str> = p
                        .skipped
                        .iter()
                        .filter(|k| k.why == why)
                        .map(|k| k.serial.as_str())
                        .take(NAMED)
                        .collect();
                    if n > NAMED {
                        serials.push("…");
                    }
                    let line = t!(
                        lang,
                        "bulk-skipped-reason",
                        count = n,
                        n = number(n),
                        why = why,
                        serials = serials.join(", ")
                    );
                    view! { <li>{line}</li> }
                })
                .collect_view();
            let skipped = p.skipped.len();
            let head = t!(lang, "bulk-skipped", count = skipped, n = number(skipped));
            Some(view! { <div class="bulk-skipped"><p>{head}</p><ul>{reasons}</ul></div> })
        })
    };
    let profiles = move || {
        store
            .tenant
            .with(|t| t.as_ref().map(|t| t.profiles()).unwrap_or_default())
    };
    let users = move || {
        store
            .tenant
            .with(|t| t.as_ref().map(|t| t.users.clone()).unwrap_or_default())
    };
    let confirm_label = move || match (bulk.asking.get(), changes()) {
        (Some(BulkKind::Remove), n) => t!(lang, "bulk-run-remove", count = n, n = number(n)),
        (Some(BulkKind::Retry), n) => t!(lang, "bulk-run-retry", count = n, n = number(n)),
        (Some(BulkKind::ChangeProfile), n) => {
            t!(lang, "bulk-run-change-profile", count = n, n = number(n))
        }
        (_, n) => t!(lang, "bulk-run-assign", count = n, n = number(n)),
    };
    let can_run = move || changes() > 0 && store.why_not_change().is_none();
    let run = move |_| {
        if let (true, Some(a)) = (can_run(), action.get_untracked()) {
            open.set(false);
            bulk.run(a, toasts);
        }
    };
    let list_id = unique_id("bulk-users");
    view! {
        <dialog node_ref=dialog_ref class="confirm bulk-dialog" role="alertdialog" aria-labelledby=title_ref aria-describedby=body_ref on:close=on_close>
            <h2 class="confirm-title" id=title_id>{title}</h2>
            <Show when=move || bulk.asking.get() == Some(BulkKind::ChangeProfile)>
                <label class="field-label" for=profile_id.clone()>{t!(lang, "bulk-profile")}</label>
                <select id=profile_id.clone() class="select" on:change=move |ev| {
                    if let Some(p) = Profile::from_id(&event_target_value(&ev)) {
                        profile.set(p);
                    }
                }>
                    {move || profiles().into_iter().map(|p| view! {
                        <option value=p.id() selected=move || profile.get() == p>{portal_model::words::profile(crate::i18n::lang(), p)}</option>
                    }).collect_view()}
                </select>
            </Show>
            <Show when=move || bulk.asking.get() == Some(BulkKind::AssignUser)>
                <label class="field-label" for=user_id.clone()>{t!(lang, "bulk-user")}</label>
                <input id=user_id.clone() class="input" type="email" autocomplete="off" list=list_id.clone()
                    placeholder=t!(lang, "bulk-user-placeholder")
                    aria-invalid=move || user_error.get().map(|_| "true")
                    aria-describedby=user_error_id.clone()
                    prop:value=move || user.get()
                    on:input=move |ev| user.set(event_target_value(&ev).trim().to_owned()) />
                <datalist id=list_id.clone()>{move || users().into_iter().map(|u| view! { <option value=u /> }).collect_view()}</datalist>
                // Said with the field, not announced at every key typed.
                <p id=user_error_id.clone() class="field-error" hidden=move || user_error.with(Option::is_none)>
                    {move || user_error.get().unwrap_or_default()}
                </p>
            </Show>
            <div id=body_id>
                <p>{outcome}</p>
                {skipped}
            </div>
            <div class="confirm-actions">
                <button type="button" class="btn btn-primary" class:btn-danger=move || bulk.asking.get() == Some(BulkKind::Remove)
                    aria-disabled=move || (!can_run()).then_some("true") on:click=run>
                    {confirm_label}
                </button>
                <button type="button" class="btn" autofocus on:click=move |_| open.set(false)>{t!(lang, "cancel")}</button>
            </div>
        </dialog>
    }
}
