//! devices-portal: the Devices workspace of Microsoft Managed Desktop, as a Leptos CSR app.
//!
//! `App` provides the app-wide handles (backend, device store, toaster) and the router; pages and
//! components take them from context.

pub mod backend;
pub mod components;
pub mod pages;
pub mod store;

use backend::embedded::EmbeddedBackend;
use backend::{Config, SharedBackend};
use components::toast::{Toaster, Toasts};
use leptos::prelude::*;
use leptos_router::components::{Redirect, Route, Router, Routes};
use leptos_router::path;
use pages::devices::DevicesPage;
use std::rc::Rc;
use store::DeviceStore;

/// Reads `config.json` next to the page; a missing or broken file means the defaults.
async fn load_config() -> Config {
    let Some(window) = web_sys::window() else {
        return Config::default();
    };
    let Ok(response) =
        wasm_bindgen_futures::JsFuture::from(window.fetch_with_str("/config.json")).await
    else {
        return Config::default();
    };
    let response: web_sys::Response = wasm_bindgen::JsCast::unchecked_into(response);
    if !response.ok() {
        return Config::default();
    }
    let Ok(text) = response.text() else {
        return Config::default();
    };
    match wasm_bindgen_futures::JsFuture::from(text)
        .await
        .ok()
        .and_then(|t| t.as_string())
    {
        Some(text) => serde_json::from_str(&text).unwrap_or_else(|e| {
            leptos::logging::warn!("config.json ignored: {e}");
            Config::default()
        }),
        None => Config::default(),
    }
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
fn Workspace(config: Config) -> impl IntoView {
    let toasts = expect_context::<Toasts>();
    let backend_name = config.backend.clone();
    let backend: SharedBackend = Rc::new(EmbeddedBackend::new(config));
    let store = DeviceStore::new(backend, toasts);
    provide_context(store);
    if backend_name == "embedded" {
        store.load();
    } else {
        // Never fall back silently to demo data when a deployment asked for something else.
        store.status.set(store::LoadStatus::Failed(format!(
            "config.json asks for the \"{backend_name}\" backend, which this build of the portal does not have; only \"embedded\" is available."
        )));
    }
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
