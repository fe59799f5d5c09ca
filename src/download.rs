//! Saving a file the portal made (an export) through the browser's own download.

use crate::components::toast::Toasts;
use autopilot_i18n::t;
use wasm_bindgen::JsCast;

/// Hands an export (CSV, `portal_model::export`) to the browser as `name`, and says in a toast
/// that it did (`done`) or why it could not.
pub fn export_csv(toasts: Toasts, bytes: &[u8], name: &str, done: String) {
    match save(bytes, name, "text/csv;charset=utf-8") {
        Ok(()) => toasts.success(done),
        Err(why) => toasts.error(why),
    }
}

/// Hands `bytes` to the browser as the download `name`, of type `mime`.
pub fn save(bytes: &[u8], name: &str, mime: &str) -> Result<(), String> {
    let fail = |_| t!(crate::i18n::lang(), "download-failed");
    let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(bytes));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob =
        web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &options).map_err(fail)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(fail)?;
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or_else(|| t!(crate::i18n::lang(), "no-browser-window"))?;
    let link: web_sys::HtmlAnchorElement =
        document.create_element("a").map_err(fail)?.unchecked_into();
    link.set_href(&url);
    link.set_download(name);
    link.click();
    // The download has its bytes soon after the click; the address is let go of then.
    gloo_timers::callback::Timeout::new(10_000, move || {
        let _ = web_sys::Url::revoke_object_url(&url);
    })
    .forget();
    Ok(())
}
