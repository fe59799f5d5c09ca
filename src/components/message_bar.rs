//! Fluent message bars: an inline, persistent message with an intent.

use leptos::prelude::*;

/// The kind of message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MessageIntent {
    /// Neutral information.
    Info,
    /// Worth a look; nothing lost.
    Warning,
    /// Something failed.
    Error,
    /// Something worked.
    Success,
}

/// An inline message; errors are announced at once (`role="alert"`).
#[component]
pub fn MessageBar(
    /// Intent, which sets icon, colour and role.
    intent: MessageIntent,
    /// The message.
    children: Children,
) -> impl IntoView {
    let (class, icon, role) = match intent {
        MessageIntent::Info => ("message-bar message-info", "ℹ", "status"),
        MessageIntent::Warning => ("message-bar message-warning", "⚠", "status"),
        MessageIntent::Error => ("message-bar message-error", "⨯", "alert"),
        MessageIntent::Success => ("message-bar message-success", "✓", "status"),
    };
    view! {
        <div class=class role=role>
            <span class="message-icon" aria-hidden="true">{icon}</span>
            <div class="message-body">{children()}</div>
        </div>
    }
}
