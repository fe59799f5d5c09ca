//! devices-portal: the Devices workspace of Microsoft Managed Desktop, as a Leptos CSR app.
//!
//! `App` reads the configuration, signs in when it asks for sign-in (`auth`), then provides the
//! app-wide handles (backend, device store, toaster, session) and the router around the whole
//! shell; pages and components take them from context.

pub mod auth;
pub mod backend;
pub mod components;
pub mod download;
pub mod i18n;
pub mod locale;
pub mod pages;
pub mod store;
pub mod timer;

use auth::{Session, SessionState};
use autopilot_i18n::t;
use backend::{BackendChoice, Config};
use components::account::{Account, SessionBanner, SessionHandle};
use components::toast::{Toaster, Toasts};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::{Redirect, Route, Router, Routes, A};
use leptos_router::path;
use pages::audit::AuditPage;
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
    let lang = i18n::lang();
    view! {
        <Suspense fallback=move || view! { <div class="loading" role="status">{t!(lang, "loading")}</div> }>
            {move || config.get().map(|config| view! { <SignIn config /> })}
        </Suspense>
        <Toaster />
    }
}

/// Signs in first when the configuration asks for it (the HTTP backend with `auth`, or the
/// graph backend, which always signs in), then shows the workspace. The workspace is made once: a session that expires later leaves it as it is.
#[component]
fn SignIn(config: Result<Config, String>) -> impl IntoView {
    let auth = config
        .as_ref()
        .ok()
        .filter(|c| matches!(c.backend(), Ok(BackendChoice::Http | BackendChoice::Graph)))
        .and_then(|c| c.auth.clone());
    let Some(auth) = auth else {
        provide_context(SessionHandle(StoredValue::new_local(None)));
        return view! { <Workspace config session=None /> }.into_any();
    };
    if auth::in_popup() {
        return view! {
            <div class="loading" role="status">{t!(i18n::lang(), "sign-in-completing")}</div>
        }
        .into_any();
    }
    let session = Session::new(auth);
    provide_context(SessionHandle(StoredValue::new_local(Some(session.clone()))));
    let state = session.state;
    let starting = session.clone();
    spawn_local(async move { starting.start().await });
    let ready = Memo::new(move |_| {
        matches!(
            state.get(),
            SessionState::SignedIn | SessionState::Expired(_)
        )
    });
    let config = StoredValue::new(config);
    let session = StoredValue::new_local(session);
    view! {
        <Show when=move || ready.get() fallback=move || view! { <SignInStatus state /> }>
            <Workspace config=config.get_value() session=Some(session.get_value()) />
        </Show>
    }
    .into_any()
}

/// What shows before the workspace: signing in, signed out, or why sign-in cannot work.
#[component]
fn SignInStatus(state: RwSignal<SessionState>) -> impl IntoView {
    let session = expect_context::<SessionHandle>();
    let sign_in = move |_| {
        if let Some(s) = session.get() {
            s.sign_in();
        }
    };
    let try_again = move |_| {
        if let Some(s) = session.get() {
            s.restart();
        }
    };
    let lang = i18n::lang();
    move || {
        match state.get() {
        SessionState::SignedOut => view! {
            <main class="sign-in-page">
                <h1>{t!(lang, "nav-mmd")}</h1>
                <p>{t!(lang, "signed-out")}</p>
                <button type="button" class="btn btn-primary" on:click=sign_in>{t!(lang, "sign-in")}</button>
            </main>
        }
        .into_any(),
        SessionState::Failed(why) => view! {
            <main class="sign-in-page">
                <h1>{t!(lang, "sign-in-failed")}</h1>
                <p role="alert">{why}</p>
                <button type="button" class="btn btn-primary" on:click=try_again>{t!(lang, "try-again")}</button>
            </main>
        }
        .into_any(),
        _ => view! { <div class="loading" role="status">{t!(lang, "signing-in")}</div> }.into_any(),
    }
    }
}

/// The portal shell and routes, once the configuration is known (and the admin signed in).
#[component]
fn Workspace(config: Result<Config, String>, session: Option<Rc<Session>>) -> impl IntoView {
    let toasts = expect_context::<Toasts>();
    let waiting = RwSignal::new(Waits::default());
    let (backend, other_tabs) = backend::config::connect(
        config,
        Rc::new(move |request, wait| waiting.update(|waits| waits.observe(request, wait))),
        session,
    );
    let store = DeviceStore::new(backend, toasts, waiting);
    store.load();
    if let Some(channel) = other_tabs {
        store.follow_other_tabs(channel);
    }
    store.load_account();
    provide_context(store);
    // After Sign in again (perhaps as someone else), the account and its role are read again.
    if let Some(sign_ins) = expect_context::<SessionHandle>().get().map(|s| s.sign_ins) {
        Effect::watch(
            move || sign_ins.get(),
            move |_, _, _| store.load_account(),
            false,
        );
    }
    let lang = crate::i18n::lang();
    let tenant = move || {
        store
            .tenant
            .with(|t| t.as_ref().map(|t| t.name.clone()).unwrap_or_default())
    };
    view! {
        <Router>
            <div class="app">
                <header class="topbar">
                    <span class="brand">{t!(lang, "brand")}</span>
                    <span class="tenant">{tenant}</span>
                    <Account />
                </header>
                <div class="shell">
                    <nav class="sidenav" aria-label=t!(lang, "main-navigation")>
                        // The admin center's Devices node, its Microsoft Managed Desktop section.
                        <span class="nav-section" id="nav-mmd">{t!(lang, "nav-mmd")}</span>
                        <div class="nav-group" role="group" aria-labelledby="nav-mmd">
                            <A href="/devices" attr:class="nav-item">
                                {t!(lang, "nav-devices")}
                            </A>
                            // A real tenant's audit log is Intune's own.
                            <Show when=move || store.backend().is_demo()>
                                <A href="/audit" attr:class="nav-item">
                                    // A document with a list (Fluent's "document bullet list").
                                    <svg class="nav-icon" aria-hidden="true" width="16" height="16" viewBox="0 0 16 16" fill="none" stroke="currentColor" stroke-width="1.3">
                                        <path d="M4 1.5h5.5L13 5v9.5H4z" stroke-linejoin="round" />
                                        <path d="M9.5 1.5V5H13M6.5 8h4M6.5 10.5h4M6.5 13h2.5" stroke-linecap="round" />
                                    </svg>
                                    {t!(lang, "nav-audit")}
                                </A>
                            </Show>
                        </div>
                    </nav>
                    <main class="content">
                        <SessionBanner />
                        <Routes fallback=|| view! { <Redirect path="/devices" /> }>
                            <Route path=path!("/devices") view=DevicesPage />
                            <Route path=path!("/audit") view=AuditPage />
                            <Route path=path!("/") view=|| view! { <Redirect path="/devices" /> } />
                        </Routes>
                    </main>
                </div>
            </div>
        </Router>
    }
}
