//! Rows pasted instead of a file: an admin with one or two devices copies lines of the script's
//! file or a spreadsheet range. They become a file named "pasted rows" (in the page's language) and go through the same
//! reader and preview as a chosen file.

use autopilot_i18n::t;
use leptos::prelude::*;
use wasm_bindgen::JsValue;

/// A text area whose rows are read like a file; calls `on_files` with them as one file.
#[component]
pub fn PasteRows(
    /// Called with the pasted rows, as a file.
    on_files: Callback<Vec<web_sys::File>>,
) -> impl IntoView {
    let lang = crate::i18n::lang();
    let text = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let read = move |_| {
        let rows = text.get_untracked();
        if rows.trim().is_empty() {
            error.set(Some(t!(lang, "paste-empty")));
            return;
        }
        let parts = js_sys::Array::of1(&JsValue::from_str(&rows));
        match web_sys::File::new_with_str_sequence(&parts, &t!(lang, "pasted-rows")) {
            Ok(file) => {
                error.set(None);
                on_files.run(vec![file]);
            }
            Err(_) => error.set(Some(t!(lang, "paste-failed"))),
        }
    };
    view! {
        <details class="paste-rows">
            <summary>{t!(lang, "paste-summary")}</summary>
            <div class="field">
                <label for="paste-rows" class="field-label">{t!(lang, "paste-rows")}</label>
                <textarea
                    id="paste-rows"
                    class="input textarea mono"
                    rows="5"
                    spellcheck="false"
                    autocomplete="off"
                    aria-describedby="paste-rows-hint"
                    on:input=move |ev| text.set(event_target_value(&ev))
                ></textarea>
                <span id="paste-rows-hint" class="field-hint">
                    {t!(lang, "paste-hint")}
                </span>
                {move || error.get().map(|e| view! { <p class="field-error" role="alert">{e}</p> })}
                <div>
                    <button type="button" class="btn" on:click=read>{t!(lang, "paste-check")}</button>
                </div>
            </div>
        </details>
    }
}
