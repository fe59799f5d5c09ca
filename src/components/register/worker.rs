//! The page's end of the reading worker (`src/bin/reader_worker.rs`): starts it, hands it the
//! files once it says it is ready, and turns what it posts into [`WorkerEvent`]s.

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
    /// A request made before the worker was ready.
    queued: Option<JsValue>,
}

/// A running reading worker.
pub struct ReaderWorker {
    worker: Worker,
    state: Rc<RefCell<State>>,
    _on_message: Closure<dyn FnMut(MessageEvent)>,
    _on_error: Closure<dyn FnMut(ErrorEvent)>,
}

impl ReaderWorker {
    /// Starts a worker that reports to `on_event`.
    pub fn start(on_event: impl Fn(WorkerEvent) + 'static) -> Result<Self, String> {
        let worker = Worker::new(WORKER_URL).map_err(|_| {
            "This browser could not start the file reader. Reload the page; if that does not help, use a current version of Edge, Chrome or Firefox.".to_owned()
        })?;
        let state = Rc::new(RefCell::new(State::default()));
        let on_event = Rc::new(on_event);
        let on_message = {
            let (state, worker, on_event) = (state.clone(), worker.clone(), on_event.clone());
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
                    if let Some(request) = queued {
                        let _ = worker.post_message(&request);
                    }
                }
                on_event(match update {
                    Ok(update) => WorkerEvent::Update(update),
                    Err(why) => WorkerEvent::Failed(why),
                });
            })
        };
        let on_error = {
            let state = state.clone();
            Closure::<dyn FnMut(ErrorEvent)>::new(move |event: ErrorEvent| {
                event.prevent_default();
                state.borrow_mut().broken = true;
                let message = event.message();
                let message = message
                    .trim_start_matches("Uncaught Error: ")
                    .trim_start_matches("Uncaught ");
                on_event(WorkerEvent::Failed(if message.is_empty() {
                    "the file reader could not be loaded".to_owned()
                } else if message.starts_with("the file reader") {
                    // Said by its loader (public/reader_worker_loader.js).
                    message.to_owned()
                } else {
                    format!("the file reader stopped ({message})")
                }));
            })
        };
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        Ok(ReaderWorker {
            worker,
            state,
            _on_message: on_message,
            _on_error: on_error,
        })
    }

    /// Whether it can take a request now.
    pub fn is_idle(&self) -> bool {
        let state = self.state.borrow();
        !state.busy && !state.broken
    }

    /// Asks it to read `files`.
    pub fn read(&self, request: &Request, files: &[web_sys::File]) {
        let message = js_sys::Object::new();
        let list: js_sys::Array = files.iter().collect();
        let json = serde_json::to_string(request).unwrap_or_default();
        let _ = js_sys::Reflect::set(&message, &"request".into(), &json.into());
        let _ = js_sys::Reflect::set(&message, &"files".into(), &list);
        let mut state = self.state.borrow_mut();
        state.busy = true;
        if state.ready {
            drop(state);
            let _ = self.worker.post_message(&message);
        } else {
            state.queued = Some(message.into());
        }
    }

    /// Says that its request is answered.
    pub fn finished(&self) {
        self.state.borrow_mut().busy = false;
    }

    /// Stops it, and whatever it is doing.
    pub fn terminate(self) {
        self.worker.terminate();
    }
}
