//! A Fluent progress bar with an accessible name and value.

use leptos::prelude::*;

/// A determinate progress bar.
#[component]
pub fn ProgressBar(
    /// Accessible name, also shown above the bar.
    #[prop(into)]
    label: Signal<String>,
    /// Progress from 0.0 to 1.0.
    #[prop(into)]
    value: Signal<f64>,
) -> impl IntoView {
    let percent = move || (value.get().clamp(0.0, 1.0) * 100.0).round();
    view! {
        <div class="progress">
            <div class="progress-label">{move || label.get()}</div>
            <div
                class="progress-track"
                role="progressbar"
                aria-label=move || label.get()
                aria-valuemin="0"
                aria-valuemax="100"
                aria-valuenow=move || percent().to_string()
            >
                <div class="progress-fill" style:width=move || format!("{}%", percent())></div>
            </div>
        </div>
    }
}
