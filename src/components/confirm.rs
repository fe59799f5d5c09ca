//! A confirm dialog for destructive or disruptive actions (WAI-ARIA alertdialog).

use super::drawer::{sync_dialog, unique_id};
use leptos::html;
use leptos::prelude::*;

/// Asks before doing something that cannot be undone; Cancel has focus first.
#[component]
pub fn ConfirmDialog(
    /// Whether it is shown.
    open: RwSignal<bool>,
    /// The question, as the title.
    #[prop(into)]
    title: Signal<String>,
    /// What will happen, in one or two sentences.
    #[prop(into)]
    message: Signal<String>,
    /// Label of the confirming button ("Remove", "Change profile").
    #[prop(into)]
    confirm_label: Signal<String>,
    /// Runs when the admin confirms.
    on_confirm: Callback<()>,
) -> impl IntoView {
    let dialog_ref = NodeRef::<html::Dialog>::new();
    let on_close = sync_dialog(dialog_ref, open);
    let title_id = unique_id("confirm-title");
    let body_id = unique_id("confirm-body");
    let (title_ref, body_ref) = (title_id.clone(), body_id.clone());
    view! {
        <dialog
            node_ref=dialog_ref
            class="confirm"
            role="alertdialog"
            aria-labelledby=title_ref
            aria-describedby=body_ref
            on:close=on_close
        >
            <h2 class="confirm-title" id=title_id>
                {move || title.get()}
            </h2>
            <p id=body_id>{move || message.get()}</p>
            <div class="confirm-actions">
                <button
                    type="button"
                    class="btn btn-primary btn-danger"
                    on:click=move |_| {
                        open.set(false);
                        on_confirm.run(());
                    }
                >
                    {move || confirm_label.get()}
                </button>
                <button type="button" class="btn" autofocus on:click=move |_| open.set(false)>
                    {autopilot_i18n::t!(crate::i18n::lang(), "cancel")}
                </button>
            </div>
        </dialog>
    }
}
