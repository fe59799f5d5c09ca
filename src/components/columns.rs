//! "Columns": which columns the device table shows (Autopatch's "Modify columns"). The choice
//! lives in the URL like the rest of the view, so a copied link shows the same columns; Export
//! writes the columns shown.

use autopilot_i18n::t;
use leptos::prelude::*;
use portal_model::workspace::{Query, SortColumn};

/// A checkbox per column; the serial number is always shown.
#[component]
pub fn ColumnsPanel(
    /// The view's query (its hidden columns).
    #[prop(into)]
    query: Signal<Query>,
    /// Shows (`true`) or hides a column.
    on_column: Callback<(SortColumn, bool)>,
) -> impl IntoView {
    let item = move |column: SortColumn| {
        let id = format!("column-{}", column.id());
        let shown = move || query.with(|q| !q.hidden.contains(&column));
        view! {
            <li class="column-choice">
                <input
                    type="checkbox"
                    id=id.clone()
                    class="select-box"
                    prop:checked=shown
                    disabled=!column.can_hide()
                    aria-describedby=(!column.can_hide()).then_some("column-always")
                    on:change=move |ev| on_column.run((column, event_target_checked(&ev)))
                />
                <label for=id>{portal_model::words::column(crate::i18n::lang(), column)}</label>
            </li>
        }
    };
    view! {
        <fieldset class="columns-panel">
            <legend class="field-label">{t!(crate::i18n::lang(), "columns-shown")}</legend>
            <ul class="column-list">{SortColumn::ALL.into_iter().map(item).collect_view()}</ul>
            <p id="column-always" class="field-hint">
                {t!(crate::i18n::lang(), "columns-serial-always")}
            </p>
        </fieldset>
    }
}
