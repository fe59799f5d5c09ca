//! What sign-in needs of the browser: random values, `sessionStorage` (never `localStorage`:
//! tokens end with the tab), form posts to the provider, the address bar and the sign-in popup.

use gloo_net::http::RequestBuilder;

/// The window's name while it is the sign-in popup: the portal loading in it stays out of the way.
pub const POPUP_NAME: &str = "devices-portal-sign-in";

fn window() -> Option<web_sys::Window> {
    web_sys::window()
}

/// 32 random bytes from the browser's cryptographic generator.
pub fn random_bytes() -> Result<[u8; 32], String> {
    let mut bytes = [0u8; 32];
    window()
        .and_then(|w| w.crypto().ok())
        .ok_or("this browser has no cryptographic random generator")?
        .get_random_values_with_u8_array(&mut bytes)
        .map_err(|_| "the browser refused random values".to_owned())?;
    Ok(bytes)
}

fn session_storage() -> Option<web_sys::Storage> {
    window()?.session_storage().ok().flatten()
}

/// A value of this tab's `sessionStorage`.
pub fn load(key: &str) -> Option<String> {
    session_storage()?.get_item(key).ok().flatten()
}

/// Keeps a value in this tab's `sessionStorage`; `false` when the browser refuses.
pub fn save(key: &str, value: &str) -> bool {
    session_storage().is_some_and(|s| s.set_item(key, value).is_ok())
}

/// Forgets a value of this tab's `sessionStorage`.
pub fn forget(key: &str) {
    if let Some(s) = session_storage() {
        let _ = s.remove_item(key);
    }
}

/// The page's origin (`https://portal.example`).
pub fn origin() -> String {
    window()
        .and_then(|w| w.location().origin().ok())
        .unwrap_or_default()
}

/// Path and query of the page (`/devices?state=failed`).
pub fn here() -> String {
    window()
        .map(|w| {
            let l = w.location();
            format!(
                "{}{}",
                l.pathname().unwrap_or_default(),
                l.search().unwrap_or_default()
            )
        })
        .unwrap_or_else(|| "/".into())
}

/// The page's query (`?code=…`).
pub fn query() -> String {
    window()
        .and_then(|w| w.location().search().ok())
        .unwrap_or_default()
}

/// Replaces the address without loading (drops the sign-in answer from it).
pub fn replace_address(path: &str) {
    if let Some(history) = window().and_then(|w| w.history().ok()) {
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(path));
    }
}

/// Leaves the portal for `url` (the provider's sign-in or sign-out page).
pub fn go(url: &str) {
    if let Some(w) = window() {
        let _ = w.location().assign(url);
    }
}

/// Whether this window is the sign-in popup another portal window opened.
pub fn in_popup() -> bool {
    window().is_some_and(|w| {
        w.name().ok().as_deref() == Some(POPUP_NAME) && w.opener().is_ok_and(|o| !o.is_null())
    })
}

/// Opens the sign-in popup at `url`; `None` when the browser blocked it.
pub fn open_popup(url: &str) -> Option<web_sys::Window> {
    window()?
        .open_with_url_and_target_and_features(url, POPUP_NAME, "popup,width=520,height=680")
        .ok()
        .flatten()
}

/// The popup's query once it is back on the portal's origin with an answer; `None` while it is
/// still at the provider (whose address this page may not read).
pub fn popup_answer(popup: &web_sys::Window) -> Option<String> {
    let location = popup.location();
    let origin = location.origin().ok()?;
    if origin != self::origin() {
        return None;
    }
    let search = location.search().ok()?;
    (search.contains("code=") || search.contains("error=")).then_some(search)
}

/// How long a call to the provider may take before it is given up.
const PROVIDER_TIMEOUT_MS: u32 = 15_000;

/// An abort signal that fires after [`PROVIDER_TIMEOUT_MS`] (kept alive by the returned timer).
fn deadline() -> (
    Option<web_sys::AbortSignal>,
    Option<gloo_timers::callback::Timeout>,
) {
    let Ok(controller) = web_sys::AbortController::new() else {
        return (None, None);
    };
    let signal = controller.signal();
    let timer =
        gloo_timers::callback::Timeout::new(PROVIDER_TIMEOUT_MS, move || controller.abort());
    (Some(signal), Some(timer))
}

/// GET `url`; the body when the answer is 200.
pub async fn get_text(url: &str) -> Result<String, String> {
    let (signal, _timer) = deadline();
    let response = RequestBuilder::new(url)
        .header("accept", "application/json")
        .abort_signal(signal.as_ref())
        .send()
        .await
        .map_err(|e| format!("cannot reach {url} ({e})"))?;
    if !response.ok() {
        return Err(format!("{url} answered HTTP {}", response.status()));
    }
    response
        .text()
        .await
        .map_err(|e| format!("cannot read {url} ({e})"))
}

/// POSTs a form to `url` (the token endpoint); status and body. Gives up after 15 s.
pub async fn post_form(url: &str, body: String) -> Result<(u16, String), String> {
    let (signal, _timer) = deadline();
    let request = RequestBuilder::new(url)
        .method(gloo_net::http::Method::POST)
        .header("content-type", "application/x-www-form-urlencoded")
        .header("accept", "application/json")
        .abort_signal(signal.as_ref())
        .body(body)
        .map_err(|e| format!("the sign-in request could not be made ({e})"))?;
    let response = request
        .send()
        .await
        .map_err(|e| format!("the sign-in provider cannot be reached ({e})"))?;
    let status = response.status();
    let text = response.text().await.unwrap_or_default();
    Ok((status, text))
}

/// Whether a JS value is a closed window (the popup was closed by the user).
pub fn closed(popup: &web_sys::Window) -> bool {
    popup.closed().unwrap_or(true)
}
