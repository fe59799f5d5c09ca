//! Rows pasted instead of a file: an admin with one or two devices copies lines of the script's
//! file or a spreadsheet range. They become a file named "pasted rows" and go through the same
//! reader and preview as a chosen file.

use leptos::prelude::*;
use wasm_bindgen::JsValue;

/// The name pasted rows go by in the preview and its problems.
const PASTED: &str = "pasted rows";

/// A text area whose rows are read like a file; calls `on_files` with them as one file.
#[component]
pub fn PasteRows(
    /// Called with the pasted rows, as a file.
    on_files: Callback<Vec<web_sys::File>>,
) -> impl IntoView {
    let text = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let read = move |_| {
        let rows = text.get_untracked();
        if rows.trim().is_empty() {
            error.set(Some("Paste at least one row first.".into()));
            return;
        }
        let parts = js_sys::Array::of1(&JsValue::from_str(&rows));
        match web_sys::File::new_with_str_sequence(&parts, PASTED) {
            Ok(file) => {
                error.set(None);
                on_files.run(vec![file]);
            }
            Err(_) => error.set(Some(
                "The browser could not take the pasted rows; paste fewer rows, or save them as a .csv file and choose it."
                    .into(),
            )),
        }
    };
    view! {
        <details class="paste-rows">
            <summary>"Paste rows instead of a file"</summary>
            <div class="field">
                <label for="paste-rows" class="field-label">"Rows"</label>
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
                    "One device per line: serial number, product ID and hardware hash, or manufacturer, model and serial number. A range copied from a spreadsheet works too, with or without its header row."
                </span>
                {move || error.get().map(|e| view! { <p class="field-error" role="alert">{e}</p> })}
                <div>
                    <button type="button" class="btn" on:click=read>"Check pasted rows"</button>
                </div>
            </div>
        </details>
    }
}
