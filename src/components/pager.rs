//! Previous / Next below the device table, for a selection longer than one page.

use autopilot_i18n::t;
use leptos::prelude::*;
use portal_model::workspace::Page;

/// The pager; hidden when everything fits on one page.
#[component]
pub fn Pager(
    /// The page shown (already clamped by the model).
    #[prop(into)]
    page: Signal<Page>,
    /// Called with the zero-based page to show.
    on_page: Callback<usize>,
) -> impl IntoView {
    view! {
        <Show when=move || { page.get().count > 1 }>
            <nav class="pager" aria-label=t!(crate::i18n::lang(), "pages")>
                <button
                    type="button"
                    class="btn btn-subtle"
                    disabled=move || !page.get().has_previous()
                    on:click=move |_| on_page.run(page.get_untracked().index.saturating_sub(1))
                >
                    {t!(crate::i18n::lang(), "previous")}
                </button>
                <span>{move || page.get().label(crate::i18n::lang())}</span>
                <button
                    type="button"
                    class="btn btn-subtle"
                    disabled=move || !page.get().has_next()
                    on:click=move |_| on_page.run(page.get_untracked().index + 1)
                >
                    {t!(crate::i18n::lang(), "next")}
                </button>
            </nav>
        </Show>
    }
}
