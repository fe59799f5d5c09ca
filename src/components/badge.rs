//! The State badge: text and icon, never colour alone.

use autopilot_service::device::DeviceState;
use leptos::prelude::*;

/// A device state as a Fluent badge.
#[component]
pub fn StateBadge(
    /// The state to show.
    state: DeviceState,
) -> impl IntoView {
    let icon = match state {
        DeviceState::RegistrationPending => "◔",
        DeviceState::RegistrationFailed => "✕",
        DeviceState::ReadyForUser => "✓",
        DeviceState::Active => "●",
        DeviceState::Inactive => "○",
    };
    view! {
        <span class=format!("badge badge-{}", state.id())>
            <span class="badge-icon" aria-hidden="true">{icon}</span>
            {portal_model::words::state(crate::i18n::lang(), state)}
        </span>
    }
}
