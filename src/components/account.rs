//! Who is signed in, in the header (initials and a menu with the account, its role and Sign
//! out, as in the Intune admin center), or that this is the demo tenant where nobody signs in;
//! and the banner of a session that could not be renewed, with Sign in again (in a popup: the
//! page, the fly-in and its file stay as they are).

use crate::auth::{Session, SessionState};
use crate::components::message_bar::{MessageBar, MessageIntent};
use crate::store::DeviceStore;
use autopilot_i18n::{t, Lang};
use leptos::prelude::*;
use std::rc::Rc;

/// The session, for components (the session itself is not `Send`).
#[derive(Clone, Copy)]
pub struct SessionHandle(pub StoredValue<Option<Rc<Session>>, LocalStorage>);

impl SessionHandle {
    /// The session, when the portal signs in.
    pub fn get(&self) -> Option<Rc<Session>> {
        self.0.get_value()
    }
}

/// The header's account button and menu, or the demo tenant's label.
#[component]
pub fn Account() -> impl IntoView {
    let store = expect_context::<DeviceStore>();
    let session = expect_context::<SessionHandle>();
    let open = RwSignal::new(false);
    // With a session the account shows at once, from the ID token, until the server says more.
    let from_token = StoredValue::new(session.get().and_then(|s| s.username()).unwrap_or_default());
    let has_session = session.get().is_some();
    let signed_in = move || {
        has_session
            || store
                .account
                .with(|a| a.as_ref().is_some_and(|a| a.signed_in))
    };
    let name = move || {
        store
            .account
            .with(|a| a.as_ref().map(|a| a.name.clone()))
            .unwrap_or_else(|| from_token.get_value())
    };
    let username = move || {
        store
            .account
            .with(|a| a.as_ref().map(|a| a.username.clone()))
            .unwrap_or_else(|| from_token.get_value())
    };
    let initials = move || {
        portal_model::auth::Account {
            name: name(),
            ..portal_model::auth::Account::demo()
        }
        .initials()
    };
    let lang = crate::i18n::lang();
    let role = move || {
        store
            .account
            .with(|a| a.as_ref().map(|a| portal_model::words::role(lang, a.role)))
            .unwrap_or_else(|| "…".to_owned())
    };
    let sign_out = move |_| {
        if let Some(session) = session.get() {
            session.sign_out();
        }
    };
    let close_on_escape = move |ev: leptos::ev::KeyboardEvent| {
        if ev.key() == "Escape" {
            open.set(false);
        }
    };
    // Focus (or a click) elsewhere closes the menu.
    let close_on_leave = move |ev: leptos::ev::FocusEvent| {
        use wasm_bindgen::JsCast;
        let inside = ev
            .related_target()
            .and_then(|t| t.dyn_into::<web_sys::Node>().ok())
            .zip(
                ev.current_target()
                    .and_then(|t| t.dyn_into::<web_sys::Node>().ok()),
            )
            .is_some_and(|(to, menu)| menu.contains(Some(&to)));
        if !inside {
            open.set(false);
        }
    };
    let toggle = move |_| open.update(|o| *o = !*o);
    view! {
        <div class="account" on:keydown=close_on_escape on:focusout=close_on_leave>
            <Show
                when=signed_in
                fallback=move || view! {
                    <button
                        type="button"
                        class="demo-tenant"
                        aria-haspopup="dialog"
                        aria-expanded=move || open.get().to_string()
                        aria-controls="account-menu"
                        on:click=toggle
                    >
                        {t!(lang, "demo-tenant-button")}
                    </button>
                }
            >
                <button
                    type="button"
                    class="account-button"
                    aria-haspopup="dialog"
                    aria-expanded=move || open.get().to_string()
                    aria-controls="account-menu"
                    aria-label=move || t!(lang, "account-manager", name = name())
                    on:click=toggle
                >
                    <span class="avatar" aria-hidden="true">{initials}</span>
                </button>
            </Show>
            <Show when=move || open.get()>
                // A click anywhere else closes the menu (whatever the browser does with focus).
                <div class="account-backdrop" aria-hidden="true" on:click=move |_| open.set(false)></div>
                <div id="account-menu" class="account-menu" role="dialog" aria-label=t!(lang, "account")>
                    <Show
                        when=signed_in
                        fallback=move || view! {
                            <div class="account-name">{t!(lang, "demo-tenant")}</div>
                            <div class="account-username">{t!(lang, "demo-tenant-about")}</div>
                        }
                    >
                        <div class="account-name">{name}</div>
                        <div class="account-username">{username}</div>
                        <div class="account-role">{move || t!(lang, "account-role", role = role())}</div>
                        <button type="button" class="btn" on:click=sign_out>{t!(lang, "sign-out")}</button>
                    </Show>
                    <LanguageSwitch />
                </div>
            </Show>
        </div>
    }
}

/// The page's language, in the account menu: choosing another loads the page again in it.
#[component]
fn LanguageSwitch() -> impl IntoView {
    let lang = crate::i18n::lang();
    let not_kept = RwSignal::new(false);
    let change = move |ev: leptos::ev::Event| {
        if let Some(chosen) = Lang::parse(&event_target_value(&ev)) {
            let kept = crate::i18n::switch_to(chosen).is_ok();
            not_kept.set(!kept);
            if !kept {
                // The page stays in its language: so does the switch.
                event_target::<web_sys::HtmlSelectElement>(&ev).set_value(lang.code());
            }
        }
    };
    view! {
        <div class="language-switch">
            <label for="language-switch">{t!(lang, "language")}</label>
            <select id="language-switch" class="select" on:change=change aria-describedby="language-note">
                {Lang::ALL
                    .into_iter()
                    .map(|l| view! { <option value=l.code() lang=l.code() selected=l == lang>{l.name()}</option> })
                    .collect_view()}
            </select>
            <p id="language-note" class="account-note">{t!(lang, "language-note")}</p>
            <Show when=move || not_kept.get()>
                <p class="field-error" role="alert">{t!(lang, "language-not-kept")}</p>
            </Show>
        </div>
    }
}

/// The banner of a session that ended while the page was open.
#[component]
pub fn SessionBanner() -> impl IntoView {
    let session = expect_context::<SessionHandle>();
    let Some(s) = session.get() else {
        return ().into_any();
    };
    let state = s.state;
    let popup_open = s.popup_open;
    let lang = crate::i18n::lang();
    let again = move |_| {
        if let Some(s) = session.get() {
            s.sign_in_again();
        }
    };
    view! {
        {move || match state.get() {
            SessionState::Expired(why) => {
                view! {
                    <div class="session-banner">
                        <MessageBar intent=MessageIntent::Warning>
                            <strong>{t!(lang, "session-expired")}</strong>
                            " "
                            {why}
                            " "
                            {t!(lang, "session-expired-go-on")}
                            <button
                                type="button"
                                class="btn btn-primary message-action"
                                aria-disabled=move || popup_open.get().then_some("true")
                                on:click=again
                            >
                                {move || if popup_open.get() { t!(lang, "signing-in") } else { t!(lang, "sign-in-again") }}
                            </button>
                        </MessageBar>
                    </div>
                }
                    .into_any()
            }
            _ => ().into_any(),
        }}
    }
    .into_any()
}
