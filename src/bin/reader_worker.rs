//! The reading worker: reads and checks the files chosen in the Register devices fly-in, off the
//! page's thread, and posts what it finds (the protocol is `portal_model::reading`). Trunk builds
//! it as a wasm of its own that the page starts when the fly-in opens, so the file-reading engine
//! is not part of a first visit's download, and a long file never holds up the page.

use portal_model::reading::{Reading, Request, Update};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{DedicatedWorkerGlobalScope, File, FileReaderSync, MessageEvent};

fn main() {
    console_error_panic_hook::set_once();
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let answer = scope.clone();
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
        read(&answer, &event.data());
    });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
    // Messages posted before this handler existed would be lost: the page waits for this one.
    post(&scope, &Update::Ready);
}

fn post(scope: &DedicatedWorkerGlobalScope, update: &Update) {
    // Fails only once the page has let go of the worker: nobody is left to tell.
    let _ = scope.post_message(&JsValue::from_str(&update.to_json()));
}

/// One request: `{ request: <JSON of Request>, files: [File, …] }`.
fn read(scope: &DedicatedWorkerGlobalScope, data: &JsValue) {
    let field = |name: &str| js_sys::Reflect::get(data, &JsValue::from_str(name)).ok();
    let request = field("request")
        .and_then(|v| v.as_string())
        .and_then(|text| serde_json::from_str::<Request>(&text).ok())
        .unwrap_or_default();
    let files: Vec<File> = field("files")
        .filter(js_sys::Array::is_array)
        .map(|v| js_sys::Array::from(&v))
        .into_iter()
        .flat_map(|list| list.to_vec())
        .filter_map(|v| v.dyn_into::<File>().ok())
        .collect();
    let total = files.iter().map(|f| f.size()).sum();
    // Workers read files synchronously: nothing else waits on this thread.
    let reader = FileReaderSync::new().ok();
    let mut emit = |update: Update| post(scope, &update);
    let mut reading = Reading::new(request, total);
    for file in &files {
        let name = file.name();
        reading.fetching(&name, &mut emit);
        let bytes = reader
            .as_ref()
            .and_then(|r| r.read_as_array_buffer(file).ok())
            .map(|buffer| js_sys::Uint8Array::new(&buffer).to_vec());
        reading.file(&name, file.size(), bytes, &mut emit);
    }
    reading.finish(&mut emit);
}
