//! The file field of the fly-in: choose or drop one or more `.csv` files.

use autopilot_i18n::t;
use leptos::prelude::*;
use portal_model::register::chosen_files;
use wasm_bindgen::JsCast;

fn files_of(list: Option<web_sys::FileList>) -> Vec<web_sys::File> {
    let Some(list) = list else { return Vec::new() };
    (0..list.length()).filter_map(|i| list.get(i)).collect()
}

/// The file input inside a drop zone; calls `on_files` with what was chosen or dropped.
#[component]
pub fn DropZone(
    /// Called with the files chosen or dropped (never empty).
    on_files: Callback<Vec<web_sys::File>>,
) -> impl IntoView {
    let dragging = RwSignal::new(false);
    let chosen = RwSignal::new(String::new());
    let pick = move |files: Vec<web_sys::File>| {
        if !files.is_empty() {
            let names: Vec<String> = files.iter().map(web_sys::File::name).collect();
            chosen.set(chosen_files(&names, crate::i18n::lang()));
            on_files.run(files);
        }
    };
    let on_change = move |ev: web_sys::Event| {
        let input = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok());
        if let Some(input) = input {
            pick(files_of(input.files()));
            // Allow choosing the same file again after fixing it.
            input.set_value("");
        }
    };
    let on_drop = move |ev: web_sys::DragEvent| {
        ev.prevent_default();
        dragging.set(false);
        pick(files_of(ev.data_transfer().and_then(|d| d.files())));
    };
    view! {
        <div class="field">
            <label for="file-upload" class="field-label">
                {t!(crate::i18n::lang(), "file-upload")}
            </label>
            <div
                class="dropzone"
                class:dropzone-active=move || dragging.get()
                on:dragover=move |ev: web_sys::DragEvent| {
                    ev.prevent_default();
                    dragging.set(true);
                }
                on:dragleave=move |_| dragging.set(false)
                on:drop=on_drop
            >
                // The input keeps the focus and the keyboard; the button people see is its
                // second label, in the page's language (the browser's own button speaks the
                // browser's, and its "No file chosen" would be wrong: the field is emptied after
                // each choice).
                <input
                    id="file-upload"
                    class="file-input"
                    type="file"
                    accept=".csv,text/csv"
                    multiple
                    aria-describedby="file-upload-chosen file-upload-hint"
                    on:change=on_change
                    autofocus
                />
                <label for="file-upload" class="btn btn-primary file-button">
                    {t!(crate::i18n::lang(), "choose-files")}
                </label>
                <p id="file-upload-chosen" class="file-chosen" hidden=move || chosen.with(String::is_empty)>
                    {move || chosen.get()}
                </p>
                <span id="file-upload-hint" class="field-hint">
                    {t!(crate::i18n::lang(), "file-upload-hint")}
                </span>
            </div>
        </div>
    }
}
