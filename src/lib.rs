//! devices-portal: the Devices workspace of Microsoft Managed Desktop, as a Leptos CSR app.
//!
//! `App` reads the configuration, then provides the app-wide handles (backend, device store,
//! toaster) and the router around the whole shell; pages and components take them from context.

pub mod backend;
pub mod components;
pub mod pages;
pub mod store;
pub mod timer;

use backend::Config;
use components::toast::{Toaster, Toasts};
use leptos::prelude::*;
use leptos_router::components::{Redirect, Route, Router, Routes, A};
use leptos_router::path;
use pages::devices::DevicesPage;
use portal_model::store::Waits;
use std::rc::Rc;
use store::DeviceStore;

/// The whole app.
#[component]
pub fn App() -> impl IntoView {
    let toasts = Toasts::new();
    provide_context(toasts);
    let config = LocalResource::new(backend::config::load);
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
    let waiting = RwSignal::new(Waits::default());
    let backend = backend::config::connect(
        config,
        Rc::new(move |request, wait| waiting.update(|waits| waits.observe(request, wait))),
    );
    let store = DeviceStore::new(backend, toasts, waiting);
    store.load();
    provide_context(store);
    let tenant = move || {
        store
            .tenant
            .with(|t| t.as_ref().map(|t| t.name.clone()).unwrap_or_default())
    };
    view! {
        <Router>
            <div class="app">
                <header class="topbar">
                    <span class="brand">"Microsoft Managed Desktop"</span>
                    <span class="tenant">{tenant}</span>
                </header>
                <div class="shell">
                    <nav class="sidenav" aria-label="Main">
                        <A href="/devices" attr:class="nav-item">
                            "Devices"
                        </A>
                    </nav>
                    <main class="content">
                        <Routes fallback=|| view! { <Redirect path="/devices" /> }>
                            <Route path=path!("/devices") view=DevicesPage />
                            <Route path=path!("/") view=|| view! { <Redirect path="/devices" /> } />
                        </Routes>
                    </main>
                </div>
            </div>
        </Router>
    }
}
