//! Toasts: short confirmations in a polite live region, dismissed after a few seconds.

use autopilot_i18n::t;
use leptos::prelude::*;
use std::time::Duration;

/// How a toast looks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Intent {
    /// Something worked.
    Success,
    /// Something failed.
    Error,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Toast {
    id: u64,
    text: String,
    intent: Intent,
}

/// The app-wide toaster, provided once in `App`.
#[derive(Clone, Copy)]
pub struct Toasts {
    items: RwSignal<Vec<Toast>>,
    next: StoredValue<u64>,
    /// Fly-ins open now: while one is, toasts show inside it (the page behind a modal dialog is
    /// covered and inert, so toasts there could be neither seen nor heard).
    open_drawers: RwSignal<u32>,
}

impl Toasts {
    /// An empty toaster.
    pub fn new() -> Self {
        Toasts {
            items: RwSignal::new(Vec::new()),
            next: StoredValue::new(0),
            open_drawers: RwSignal::new(0),
        }
    }

    fn push(&self, text: String, intent: Intent) {
        let id = self.next.get_value();
        self.next.set_value(id + 1);
        self.items
            .update(|items| items.push(Toast { id, text, intent }));
        let items = self.items;
        let seconds = if intent == Intent::Error { 10 } else { 6 };
        set_timeout(
            move || items.update(|items| items.retain(|t| t.id != id)),
            Duration::from_secs(seconds),
        );
    }

    /// Shows a success toast.
    pub fn success(&self, text: impl Into<String>) {
        self.push(text.into(), Intent::Success);
    }

    /// Tells the toaster a fly-in opened (`true`) or closed (`false`).
    pub fn drawer_opened(&self, opened: bool) {
        self.open_drawers.update(|n| {
            *n = if opened { *n + 1 } else { n.saturating_sub(1) };
        });
    }

    /// Shows an error toast (kept longer).
    pub fn error(&self, text: impl Into<String>) {
        self.push(text.into(), Intent::Error);
    }
}

impl Default for Toasts {
    fn default() -> Self {
        Self::new()
    }
}

/// Where toasts appear: bottom right. Confirmations are announced politely, errors at once.
/// The page has one and every fly-in has one; only one of them shows at a time.
#[component]
pub fn Toaster(
    /// Whether this toaster lives inside a fly-in.
    #[prop(optional)]
    in_drawer: bool,
) -> impl IntoView {
    let toasts = expect_context::<Toasts>();
    let active = move || (toasts.open_drawers.get() > 0) == in_drawer;
    let list = move |intent: Intent| {
        let items = move || {
            let mut items = toasts.items.get();
            items.retain(|t| t.intent == intent);
            items
        };
        view! {
            <For
                each=items
                key=|t| t.id
                let:toast
            >
                <div class="toast" class:toast-error=toast.intent == Intent::Error data-testid="toast">
                    <span class="toast-icon" aria-hidden="true">
                        {if toast.intent == Intent::Error { "⨯" } else { "✓" }}
                    </span>
                    <span class="toast-text">{toast.text.clone()}</span>
                    <button
                        type="button"
                        class="btn-icon"
                        aria-label=t!(crate::i18n::lang(), "dismiss")
                        on:click=move |_| toasts.items.update(|items| items.retain(|t| t.id != toast.id))
                    >
                        "✕"
                    </button>
                </div>
            </For>
        }
    };
    view! {
        <Show when=active>
            <div class="toaster">
                <div role="status" aria-live="polite">{list(Intent::Success)}</div>
                <div role="alert">{list(Intent::Error)}</div>
            </div>
        </Show>
    }
}
