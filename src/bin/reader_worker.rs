//! The reading worker: reads and checks the files chosen in the Register devices fly-in, off the
//! page's thread, and posts what it finds (the protocol is `portal_model::reading`). Trunk builds
//! it as a wasm of its own that the page starts when the fly-in opens, so the file-reading engine
//! is not part of a first visit's download, and a long file never holds up the page.
//!
//! On a machine with two cores the page starts it twice: the reader, and a helper that computes
//! the SHA-256 checksums of each file's second part and posts them to the reader through a
//! `MessageChannel` (`autopilot_reader::checksums`). The reader reads each file up to that part,
//! waits for the helper's checksums of it, and reads the rest without hashing those rows again.

use futures::channel::mpsc::{unbounded, UnboundedReceiver, UnboundedSender};
use futures::future::Either;
use futures::StreamExt;
use portal_model::reading::{helper_checksums, Reading, Request, Update};
use std::cell::RefCell;
use std::collections::HashMap;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{DedicatedWorkerGlobalScope, File, FileReaderSync, MessageEvent, MessagePort};

/// What reaches the reader from its helper: a file's checksums (by the file's index), or `None`
/// when the helper is gone (the page saw it fail) and nothing more will come.
type FromHelper = Option<(u32, Vec<u8>)>;

thread_local! {
    /// Where the page's word that the helper is gone goes: to the read waiting on the helper.
    static HELPER: RefCell<Option<UnboundedSender<FromHelper>>> = const { RefCell::new(None) };
}

fn main() {
    console_error_panic_hook::set_once();
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let answer = scope.clone();
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
        let data = event.data();
        if field(&data, "helperGone").is_some() {
            HELPER.with(|h| h.borrow().as_ref().map(|tx| tx.unbounded_send(None)));
        } else if field(&data, "role").and_then(|r| r.as_string()).as_deref() == Some("helper") {
            help(&data);
        } else {
            wasm_bindgen_futures::spawn_local(read(answer.clone(), data));
        }
    });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
    // Messages posted before this handler existed would be lost: the page waits for this one.
    post(&scope, &Update::Ready);
}

fn field(data: &JsValue, name: &str) -> Option<JsValue> {
    js_sys::Reflect::get(data, &JsValue::from_str(name))
        .ok()
        .filter(|v| !v.is_undefined() && !v.is_null())
}

fn post(scope: &DedicatedWorkerGlobalScope, update: &Update) {
    // Fails only once the page has let go of the worker: nobody is left to tell.
    let _ = scope.post_message(&JsValue::from_str(&update.to_json()));
}

/// The files of a request: `files: [File, …]`.
fn files(data: &JsValue) -> Vec<File> {
    field(data, "files")
        .filter(js_sys::Array::is_array)
        .map(|v| js_sys::Array::from(&v))
        .into_iter()
        .flat_map(|list| list.to_vec())
        .filter_map(|v| v.dyn_into::<File>().ok())
        .collect()
}

/// A file's bytes, or `None` when the browser cannot read it (moved or changed since chosen).
fn bytes_of(reader: Option<&FileReaderSync>, file: &File) -> Option<Vec<u8>> {
    // Workers read files synchronously: nothing else waits on this thread.
    reader
        .and_then(|r| r.read_as_array_buffer(file).ok())
        .map(|buffer| js_sys::Uint8Array::new(&buffer).to_vec())
}

/// The helper's request: `{ role: "helper", files: [File, …], port: MessagePort }`. Posts one
/// message per file on the port, `{ file: index, checksums: Uint8Array }`, an empty one for a
/// file it cannot read, so the reader never waits for a file in vain.
fn help(data: &JsValue) {
    let Some(port) = field(data, "port").and_then(|p| p.dyn_into::<MessagePort>().ok()) else {
        return;
    };
    let reader = FileReaderSync::new().ok();
    for (index, file) in files(data).iter().enumerate() {
        let checksums = helper_checksums(bytes_of(reader.as_ref(), file));
        let message = js_sys::Object::new();
        let array = js_sys::Uint8Array::from(checksums.as_slice());
        let _ = js_sys::Reflect::set(&message, &"file".into(), &(index as u32).into());
        let _ = js_sys::Reflect::set(&message, &"checksums".into(), &array);
        let _ = port.post_message_with_transferable(&message, &js_sys::Array::of1(&array.buffer()));
    }
}

/// The reader's request: `{ request: <JSON of Request>, files: [File, …], port?: MessagePort }`,
/// with the port when a helper computes checksums for it.
async fn read(scope: DedicatedWorkerGlobalScope, data: JsValue) {
    let request = field(&data, "request")
        .and_then(|v| v.as_string())
        .and_then(|text| serde_json::from_str::<Request>(&text).ok())
        .unwrap_or_default();
    let files = files(&data);
    let mut helper = field(&data, "port")
        .and_then(|p| p.dyn_into::<MessagePort>().ok())
        .map(listen);
    let total = files.iter().map(|f| f.size()).sum();
    let reader = FileReaderSync::new().ok();
    let mut emit = |update: Update| post(&scope, &update);
    let mut reading = Reading::new(request, total);
    let mut arrived: HashMap<u32, Vec<u8>> = HashMap::new();
    for (index, file) in files.iter().enumerate() {
        let name = file.name();
        reading.fetching(&name, &mut emit);
        let bytes = bytes_of(reader.as_ref(), file);
        let Some(mut open) = reading.open(&name, file.size(), bytes, &mut emit) else {
            continue;
        };
        if let Some(from_helper) = helper.as_mut() {
            let start = open.second_part();
            if !reading.read_until(&mut open, start, &mut emit) {
                match checksums_of(index as u32, from_helper, &mut arrived).await {
                    Some(checksums) => {
                        open.use_checksums(&checksums);
                    }
                    None => helper = None, // gone: the rest is read here alone
                }
            }
        }
        reading.read_until(&mut open, usize::MAX, &mut emit);
        reading.close(open);
    }
    drop(helper);
    reading.finish(&mut emit);
}

/// The reader's end of the channel to its helper.
struct Helper {
    port: MessagePort,
    from: UnboundedReceiver<FromHelper>,
    _on_message: Closure<dyn FnMut(MessageEvent)>,
}

impl Drop for Helper {
    fn drop(&mut self) {
        self.port.set_onmessage(None);
        self.port.close();
        HELPER.with(|h| h.borrow_mut().take());
    }
}

/// Listens to the helper on `port`; the page's word that it is gone arrives through [`HELPER`].
fn listen(port: MessagePort) -> Helper {
    let (tx, from) = unbounded();
    let from_port = tx.clone();
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
        let data = event.data();
        let index = field(&data, "file").and_then(|v| v.as_f64());
        let checksums = field(&data, "checksums")
            .and_then(|v| v.dyn_into::<js_sys::Uint8Array>().ok())
            .map(|a| a.to_vec());
        if let (Some(index), Some(checksums)) = (index, checksums) {
            let _ = from_port.unbounded_send(Some((index as u32, checksums)));
        }
    });
    port.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    HELPER.with(|h| *h.borrow_mut() = Some(tx));
    Helper {
        port,
        from,
        _on_message: on_message,
    }
}

/// How long the reader waits for the helper's checksums of one file before it reads the rest
/// alone: the helper's part takes well under a second even for the largest upload, so this only
/// ends a wait on a helper that died without a word.
const HELPER_PATIENCE_MS: u32 = 10_000;

/// The helper's checksums of file `index`, waiting for them if need be; `None` once the helper is
/// gone, or silent for [`HELPER_PATIENCE_MS`].
async fn checksums_of(
    index: u32,
    helper: &mut Helper,
    arrived: &mut HashMap<u32, Vec<u8>>,
) -> Option<Vec<u8>> {
    loop {
        if let Some(checksums) = arrived.remove(&index) {
            return Some(checksums);
        }
        let timeout = gloo_timers::future::TimeoutFuture::new(HELPER_PATIENCE_MS);
        match futures::future::select(helper.from.next(), timeout).await {
            Either::Left((Some(Some((file, checksums))), _)) => {
                arrived.insert(file, checksums);
            }
            _ => return None,
        }
    }
}
