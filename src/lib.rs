//! devices-portal: the Devices workspace of Microsoft Managed Desktop, as a Leptos CSR app.
//!
//! `App` provides the app-wide handles (backend, device store, toaster) and the router; pages and
//! components take them from context.

pub mod backend;
pub mod components;
pub mod pages;
pub mod store;

use backend::embedded::EmbeddedBackend;
use backend::http::HttpBackend;
use backend::{Config, Misconfigured, SharedBackend};
use components::toast::{Toaster, Toasts};
use leptos::prelude::*;
use leptos_router::components::{Redirect, Route, Router, Routes};
use leptos_router::path;
use pages::devices::DevicesPage;
use std::rc::Rc;
use store::DeviceStore;

/// Reads `config.json` next to the page. No file (404) means the defaults (the embedded demo
/// service); a file that cannot be fetched or read is an error, never a silent switch to demo data.
async fn load_config() -> Result<Config, String> {
    use wasm_bindgen_futures::JsFuture;
    let window = web_sys::window().ok_or("the portal is not running in a browser window")?;
    let response = JsFuture::from(window.fetch_with_str("/config.json"))
        .await
        .map_err(|e| format!("config.json could not be fetched ({e:?}). Reload the page."))?;
    let response: web_sys::Response = wasm_bindgen::JsCast::unchecked_into(response);
    if response.status() == 404 {
        return Ok(Config::default());
    }
    if !response.ok() {
        return Err(format!(
            "config.json could not be fetched (HTTP {}). Reload the page.",
            response.status()
        ));
    }
    let text = match response.text() {
        Ok(promise) => JsFuture::from(promise)
            .await
            .ok()
            .and_then(|t| t.as_string()),
        Err(_) => None,
    }
    .ok_or("config.json could not be read. Reload the page.")?;
    serde_json::from_str(&text).map_err(|e| format!("config.json is not valid: {e}."))
}

/// The whole app.
#[component]
pub fn App() -> impl IntoView {
    let toasts = Toasts::new();
    provide_context(toasts);
    let config = LocalResource::new(load_config);
    view! {
        <Suspense fallback=|| view! { <div class="loading" role="status">"Loading…"</div> }>
            {move || config.get().map(|config| view! { <Workspace config /> })}
        </Suspense>
        <Toaster />
    }
}

/// The portal shell and routes, once the configuration is known.
#[component]
fn Workspace(config: Result<Config, String>) -> impl IntoView {
    let toasts = expect_context::<Toasts>();
    let waiting = RwSignal::new(Vec::new());
    let backend: SharedBackend = match config {
        Ok(config) if config.backend == "embedded" => Rc::new(EmbeddedBackend::new(config)),
        Ok(config) if config.backend == "http" => Rc::new(HttpBackend::new(
            &config.api_base,
            Rc::new(move |request, wait| {
                waiting.update(|waits: &mut store::Waits| {
                    waits.retain(|(r, _)| *r != request);
                    if let Some(wait) = wait {
                        waits.push((request, wait));
                    }
                })
            }),
        )),
        // Never fall back silently to demo data when a deployment asked for something else.
        Ok(config) => Rc::new(Misconfigured(format!(
            "config.json asks for the \"{}\" backend, which this portal does not have. Set \"backend\" to \"embedded\" (the in-browser demo service) or \"http\" (the registration server at \"apiBase\").",
            config.backend
        ))),
        Err(why) => Rc::new(Misconfigured(why)),
    };
    let store = DeviceStore::new(backend, toasts, waiting);
    store.load();
    provide_context(store);
    let tenant = move || {
        store
            .tenant
            .with(|t| t.as_ref().map(|t| t.name.clone()).unwrap_or_default())
    };
    view! {
        <div class="app">
            <header class="topbar">
                <span class="brand">"Microsoft Managed Desktop"</span>
                <span class="tenant">{tenant}</span>
            </header>
            <div class="shell">
                <nav class="sidenav" aria-label="Main">
                    <a href="/devices" class="nav-item" aria-current="page">
                        "Devices"
                    </a>
                </nav>
                <main class="content">
                    <Router>
                        <Routes fallback=|| view! { <Redirect path="/devices" /> }>
                            <Route path=path!("/devices") view=DevicesPage />
                            <Route path=path!("/") view=|| view! { <Redirect path="/devices" /> } />
                        </Routes>
                    </Router>
                </main>
            </div>
        </div>
    }
}
