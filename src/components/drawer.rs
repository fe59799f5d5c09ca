//! The fly-in: a modal dialog sliding in from the right (WAI-ARIA dialog pattern). Built on the
//! native `<dialog>` so the rest of the page is inert; Esc and the close button close it, and
//! focus returns to whatever opened it.

use super::account::SessionBanner;
use super::connection::WaitingBanner;
use super::toast::{Toaster, Toasts};
use leptos::html;
use leptos::prelude::*;
use std::sync::atomic::{AtomicU32, Ordering};
use wasm_bindgen::JsCast;

static NEXT_ID: AtomicU32 = AtomicU32::new(0);

/// A unique DOM id with a prefix, for `aria-labelledby` and friends.
pub fn unique_id(prefix: &str) -> String {
    format!("{prefix}-{}", NEXT_ID.fetch_add(1, Ordering::Relaxed))
}

/// Shows or hides a native dialog as `open` says, remembering and restoring focus.
pub fn sync_dialog(
    dialog_ref: NodeRef<html::Dialog>,
    open: RwSignal<bool>,
) -> impl Fn(web_sys::Event) + Copy {
    let opener = StoredValue::new_local(None::<web_sys::HtmlElement>);
    Effect::new(move |_| {
        let is_open = open.get();
        let Some(dialog) = dialog_ref.get() else {
            return;
        };
        if is_open && !dialog.open() {
            let active = document()
                .active_element()
                .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
            opener.set_value(active);
            if dialog.show_modal().is_err() {
                dialog.set_open(true);
            }
        } else if !is_open && dialog.open() {
            dialog.close();
        }
    });
    move |_| {
        open.set(false);
        if let Some(el) = opener.get_value() {
            let _ = el.focus();
        }
    }
}

/// A fly-in panel from the right with a title and a close button. Its content is only mounted
/// while it is open, so every opening starts fresh.
#[component]
pub fn Drawer(
    /// Whether the fly-in is open; the fly-in sets it to `false` when it closes itself.
    open: RwSignal<bool>,
    /// The dialog's title (its accessible name).
    #[prop(into)]
    title: Signal<String>,
    /// A wider panel, for tables.
    #[prop(optional)]
    wide: bool,
    /// The content.
    children: ChildrenFn,
) -> impl IntoView {
    let dialog_ref = NodeRef::<html::Dialog>::new();
    let on_close = sync_dialog(dialog_ref, open);
    let toasts = expect_context::<Toasts>();
    let was_open = StoredValue::new(false);
    Effect::new(move |_| {
        let is_open = open.get();
        if is_open != was_open.get_value() {
            was_open.set_value(is_open);
            toasts.drawer_opened(is_open);
        }
    });
    on_cleanup(move || {
        if was_open.try_get_value() == Some(true) {
            toasts.drawer_opened(false);
        }
    });
    let title_id = unique_id("drawer-title");
    let title_ref = title_id.clone();
    view! {
        <dialog
            node_ref=dialog_ref
            class="drawer"
            class:drawer-wide=wide
            aria-labelledby=title_ref
            on:close=on_close
        >
            <div class="drawer-header">
                <h2 class="drawer-title" id=title_id>
                    {move || title.get()}
                </h2>
                <button type="button" class="btn-icon" aria-label=autopilot_i18n::t!(crate::i18n::lang(), "close") on:click=move |_| open.set(false)>
                    "✕"
                </button>
            </div>
            <div class="drawer-body">
                // The page behind a modal fly-in is inert and covered: a wait and an expired
                // session (with Sign in again) are shown here too.
                <Show when=move || open.get()>
                    <SessionBanner />
                    <WaitingBanner />
                    {children()}
                </Show>
            </div>
            <Show when=move || open.get()>
                <Toaster in_drawer=true />
            </Show>
        </dialog>
    }
}
