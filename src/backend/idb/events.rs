//! Waiting for IndexedDB's events. Every handler is a closure owned by the future that waits for
//! it and unset when that future ends, however it ends: nothing leaks per request, and no handler
//! outlives its closure.

use js_sys::Promise;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{EventTarget, IdbRequest, IdbTransaction};

pub(super) fn js_error(value: JsValue) -> String {
    value
        .dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| value.as_string())
        .or_else(|| {
            value
                .dyn_ref::<web_sys::DomException>()
                .map(|e| e.message())
        })
        .unwrap_or_else(|| "unknown browser error".to_owned())
}

type Handler = Closure<dyn FnMut(web_sys::Event)>;

/// Event handlers set on one target for as long as this lives; unset and freed on drop.
pub(super) struct Handlers {
    target: EventTarget,
    set: Vec<(&'static str, Handler)>,
}

impl Handlers {
    pub(super) fn new(target: &EventTarget) -> Self {
        Handlers {
            target: target.clone(),
            set: Vec::new(),
        }
    }

    /// Calls `f` on the target's `on{event}`.
    pub(super) fn on(&mut self, event: &'static str, f: impl FnMut(web_sys::Event) + 'static) {
        let handler = Handler::new(f);
        let _ = js_sys::Reflect::set(&self.target, &JsValue::from_str(event), handler.as_ref());
        self.set.push((event, handler));
    }
}

impl Handlers {
    /// Leaves the handlers set for good: for a request that goes on after nobody waits for it
    /// (one closure pair per such request).
    pub(super) fn keep(self) {
        std::mem::forget(self);
    }
}

impl Drop for Handlers {
    fn drop(&mut self) {
        for (event, _) in &self.set {
            let _ = js_sys::Reflect::set(&self.target, &JsValue::from_str(event), &JsValue::NULL);
        }
    }
}

/// A promise and the functions that settle it.
fn promise() -> (Promise, js_sys::Function, js_sys::Function) {
    let mut settle = None;
    let promise = Promise::new(&mut |resolve, reject| settle = Some((resolve, reject)));
    // `Promise::new` runs its executor before returning, so `settle` is always set.
    let (resolve, reject) = settle.unwrap_or_else(|| {
        (
            js_sys::Function::new_no_args(""),
            js_sys::Function::new_no_args(""),
        )
    });
    (promise, resolve, reject)
}

/// Resolves with the request's result once it succeeds.
pub(super) async fn request(req: &IdbRequest) -> Result<JsValue, String> {
    request_or_blocked(req, None).await
}

/// [`request`], failing with `blocked` when the browser reports the request blocked (an open
/// that must wait for another tab to let go of an older version).
pub(super) async fn request_or_blocked(
    req: &IdbRequest,
    blocked: Option<&str>,
) -> Result<JsValue, String> {
    let (promise, handlers) = watch(req, blocked);
    let result = JsFuture::from(promise).await.map_err(js_error);
    drop(handlers);
    result
}

/// A promise of the request's result, with the handlers that settle it (set at once: a request
/// issued beside others has its handlers before any event is dispatched).
pub(super) fn watch(req: &IdbRequest, blocked: Option<&str>) -> (Promise, Handlers) {
    let (promise, resolve, reject) = promise();
    let mut handlers = Handlers::new(req);
    if let Some(why) = blocked.map(str::to_owned) {
        let reject = reject.clone();
        handlers.on("onblocked", move |_| {
            let _ = reject.call1(&JsValue::NULL, &JsValue::from_str(&why));
        });
    }
    let ok_req = req.clone();
    handlers.on("onsuccess", move |_| {
        let _ = resolve.call1(
            &JsValue::NULL,
            &ok_req.result().unwrap_or(JsValue::UNDEFINED),
        );
    });
    let err_req = req.clone();
    handlers.on("onerror", move |_| {
        let message = err_req
            .error()
            .ok()
            .flatten()
            .map(|e| e.message())
            .unwrap_or_else(|| "request failed".to_owned());
        let _ = reject.call1(&JsValue::NULL, &JsValue::from_str(&message));
    });
    (promise, handlers)
}

/// Resolves once the transaction is committed.
pub(super) async fn committed(tx: &IdbTransaction) -> Result<(), String> {
    let (promise, resolve, reject) = promise();
    let mut handlers = Handlers::new(tx);
    handlers.on("oncomplete", move |_| {
        let _ = resolve.call0(&JsValue::NULL);
    });
    for (event, fallback) in [
        ("onerror", "write failed"),
        ("onabort", "write aborted (storage full?)"),
    ] {
        let tx = tx.clone();
        let reject = reject.clone();
        handlers.on(event, move |_| {
            let message = tx
                .error()
                .map(|e| e.message())
                .unwrap_or_else(|| fallback.to_owned());
            let _ = reject.call1(&JsValue::NULL, &JsValue::from_str(&message));
        });
    }
    let result = JsFuture::from(promise).await.map(|_| ()).map_err(js_error);
    drop(handlers);
    result
}
