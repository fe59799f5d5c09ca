//! The page's end of the reading worker (`src/bin/reader_worker.rs`): starts it, hands it the
//! files once it says it is ready, and turns what it posts into [`WorkerEvent`]s. Where the
//! machine has two cores or more, a second one helps it (the checksums of each file's second
//! part), over a `MessageChannel` of their own; if the helper fails, the reader reads alone.

use autopilot_i18n::t;
use portal_model::reading::{Request, Update};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{ErrorEvent, MessageEvent, Worker};

/// The worker's loader (`public/reader_worker_loader.js`). Worker files keep their names (Trunk
/// names a worker after its bin), so the server has browsers check them again instead of caching
/// them for a year.
const WORKER_URL: &str = "/reader_worker_loader.js";

/// The helper's: the same loader, named so in the browser's tools (and the e2e tests).
const HELPER_URL: &str = "/reader_worker_loader.js?role=helper";

/// What the worker says, or that it stopped.
pub enum WorkerEvent {
    /// One of its updates.
    Update(Update),
    /// It failed to start, stopped on an error, or sent something unreadable.
    Failed(String),
}

#[derive(Default)]
struct State {
    ready: bool,
    busy: bool,
    broken: bool,
    /// A request made before the worker was ready, with what it transfers.
    queued: Option<(JsValue, js_sys::Array)>,
}

/// A started worker, and the handlers it keeps until it is dropped (which stops it).
struct Running {
    worker: Worker,
    state: Rc<RefCell<State>>,
    _on_message: Closure<dyn FnMut(MessageEvent)>,
    _on_error: Closure<dyn FnMut(ErrorEvent)>,
}

impl Running {
    /// Starts the worker at `url`. Its first update says it is ready and sends it the request
    /// that waited for that; `on_update` gets every update (or why one was unreadable),
    /// `on_error` every error, once the worker counts as broken.
    fn start(
        url: &str,
        mut on_update: impl FnMut(Result<Update, String>) + 'static,
        mut on_error: impl FnMut(&ErrorEvent) + 'static,
    ) -> Result<Running, JsValue> {
        let worker = Worker::new(url)?;
        let state = Rc::new(RefCell::new(State::default()));
        let on_message = {
            let (state, worker) = (state.clone(), worker.clone());
            Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
                let update = event
                    .data()
                    .as_string()
                    .ok_or_else(|| "the file reader sent an unreadable answer".to_owned())
                    .and_then(|text| Update::from_json(&text));
                if let Ok(Update::Ready) = update {
                    let queued = {
                        let mut state = state.borrow_mut();
                        state.ready = true;
                        state.queued.take()
                    };
                    if let Some((request, transfer)) = queued {
                        let _ = worker.post_message_with_transfer(&request, &transfer);
                    }
                }
                on_update(update);
            })
        };
        let on_error = {
            let state = state.clone();
            Closure::<dyn FnMut(ErrorEvent)>::new(move |event: ErrorEvent| {
                event.prevent_default();
                state.borrow_mut().broken = true;
                on_error(&event);
            })
        };
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        Ok(Running {
            worker,
            state,
            _on_message: on_message,
            _on_error: on_error,
        })
    }

    /// Whether it can take a request now.
    fn is_idle(&self) -> bool {
        let state = self.state.borrow();
        !state.busy && !state.broken
    }

    /// Posts `message` to it now, or once it says it is ready.
    fn send(&self, message: JsValue, transfer: js_sys::Array) {
        let mut state = self.state.borrow_mut();
        state.busy = true;
        if state.ready {
            drop(state);
            let _ = self.worker.post_message_with_transfer(&message, &transfer);
        } else {
            state.queued = Some((message, transfer));
        }
    }
}

impl Drop for Running {
    /// Stops it for good: events it had queued find no handler (its closures are dropped next).
    fn drop(&mut self) {
        self.worker.set_onmessage(None);
        self.worker.set_onerror(None);
        self.worker.terminate();
    }
}

/// A running reading worker, and its helper when the machine has the cores.
pub struct ReaderWorker {
    reader: Running,
    helper: Option<Running>,
}

/// Starts a helper for `reader`, unless the machine has a single core (it would only take turns
/// with the reader) or the browser cannot start another worker. It says nothing to the page but
/// that it is ready.
fn start_helper(reader: &Running) -> Option<Running> {
    let cores = web_sys::window().map_or(1.0, |w| w.navigator().hardware_concurrency());
    if cores < 2.0 {
        return None;
    }
    // A helper that fails leaves the reader to read alone: a request still waiting for the
    // reader to start goes without the helper's port; a reader already reading is told, so it
    // waits no more (a message posted before it started would be lost).
    let (worker, state) = (reader.worker.clone(), reader.state.clone());
    let on_error = move |_: &ErrorEvent| {
        let mut state = state.borrow_mut();
        if let Some((request, transfer)) = state.queued.as_mut() {
            let _ = js_sys::Reflect::delete_property(
                request.unchecked_ref::<js_sys::Object>(),
                &"port".into(),
            );
            *transfer = js_sys::Array::new();
        } else {
            drop(state);
            let gone = js_sys::Object::new();
            let _ = js_sys::Reflect::set(&gone, &"helperGone".into(), &true.into());
            let _ = worker.post_message(&gone);
        }
    };
    Running::start(HELPER_URL, |_| {}, on_error).ok()
}

impl ReaderWorker {
    /// Starts a worker that reports to `on_event`.
    pub fn start(on_event: impl Fn(WorkerEvent) + 'static) -> Result<Self, String> {
        let on_event = Rc::new(on_event);
        let on_update = {
            let on_event = on_event.clone();
            move |update: Result<Update, String>| {
                on_event(match update {
                    Ok(update) => WorkerEvent::Update(update),
                    Err(why) => WorkerEvent::Failed(why),
                })
            }
        };
        let on_error = move |event: &ErrorEvent| {
            let message = event.message();
            let message = message
                .trim_start_matches("Uncaught Error: ")
                .trim_start_matches("Uncaught ");
            let lang = crate::i18n::lang();
            on_event(WorkerEvent::Failed(if message.is_empty() {
                t!(lang, "reader-not-loaded")
            } else if let Some(why) = message.strip_prefix("reader-not-loaded:") {
                // Said by its loader (public/reader_worker_loader.js).
                t!(lang, "reader-not-loaded-why", why = why.trim())
            } else {
                t!(lang, "reader-stopped", why = message)
            }));
        };
        let reader = Running::start(WORKER_URL, on_update, on_error)
            .map_err(|_| t!(crate::i18n::lang(), "reader-not-started"))?;
        let helper = start_helper(&reader);
        Ok(ReaderWorker { reader, helper })
    }

    /// Whether it can take a request now.
    pub fn is_idle(&self) -> bool {
        self.reader.is_idle()
    }

    /// Asks it to read `files`, with its helper when it has one that works.
    pub fn read(&self, request: &Request, files: &[web_sys::File]) {
        let message = js_sys::Object::new();
        let list: js_sys::Array = files.iter().collect();
        let json = serde_json::to_string(request).unwrap_or_default();
        let _ = js_sys::Reflect::set(&message, &"request".into(), &json.into());
        let _ = js_sys::Reflect::set(&message, &"files".into(), &list);
        let mut transfer = js_sys::Array::new();
        let helper = self.helper.as_ref().filter(|h| h.is_idle());
        if let (Some(helper), Ok(channel)) = (helper, web_sys::MessageChannel::new()) {
            let help = js_sys::Object::new();
            let _ = js_sys::Reflect::set(&help, &"role".into(), &"helper".into());
            let _ = js_sys::Reflect::set(&help, &"files".into(), &list);
            let _ = js_sys::Reflect::set(&help, &"port".into(), &channel.port2());
            helper.send(help.into(), js_sys::Array::of1(&channel.port2()));
            let _ = js_sys::Reflect::set(&message, &"port".into(), &channel.port1());
            transfer = js_sys::Array::of1(&channel.port1());
        }
        self.reader.send(message.into(), transfer);
    }

    /// Says that its request is answered (the helper's part of it too).
    pub fn finished(&self) {
        self.reader.state.borrow_mut().busy = false;
        if let Some(helper) = &self.helper {
            helper.state.borrow_mut().busy = false;
        }
    }

    /// Stops it and its helper, and whatever they are doing (as dropping it does).
    pub fn terminate(self) {}
}
