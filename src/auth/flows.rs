//! The sign-in flows that leave the page or open a window: signing in by redirect, signing in
//! again in a popup, signing out at the provider, and turning the provider's answer into tokens.

use super::{browser, Session, SessionState, PENDING, SIGNED_OUT, TOKENS};
use crate::backend::real_now;
use autopilot_i18n::t;
use gloo_timers::future::TimeoutFuture;
use leptos::prelude::*;
use leptos::task::spawn_local;
use portal_model::auth::{form, Callback, Pending, Tokens};
use std::rc::Rc;

impl Session {
    /// Goes to the provider's sign-in page (the page is left: used when nothing is open yet).
    pub fn sign_in(self: &Rc<Self>) {
        let session = self.clone();
        spawn_local(async move {
            if let Err(why) = session.discovered().await {
                return session.state.set(SessionState::Failed(why));
            }
            browser::forget(SIGNED_OUT);
            let Some(pending) = session.pending(&browser::here()) else {
                return;
            };
            let saved = serde_json::to_string(&pending)
                .ok()
                .is_some_and(|json| browser::save(PENDING, &json));
            if !saved {
                return session.state.set(SessionState::Failed(t!(
                    crate::i18n::lang(),
                    "sign-in-not-kept"
                )));
            }
            if let Some(url) = session.authorize_url(&pending, None) {
                session.state.set(SessionState::Redirecting);
                browser::go(&url);
            }
        });
    }

    /// Starts again after a failure (the provider could not be reached, say).
    pub fn restart(self: &Rc<Self>) {
        let session = self.clone();
        spawn_local(async move { session.start().await });
    }

    /// Signs in again in a popup, leaving this page as it is.
    pub fn sign_in_again(self: &Rc<Self>) {
        if self.popup_open.get_untracked() {
            return;
        }
        let Some(pending) = self.pending("/") else {
            return;
        };
        let Some(url) = self.authorize_url(&pending, self.username().as_deref()) else {
            return self.expired(&t!(crate::i18n::lang(), "provider-unreachable-now"));
        };
        let Some(popup) = browser::open_popup(&url) else {
            return self.expired(&t!(crate::i18n::lang(), "popup-blocked"));
        };
        self.popup_open.set(true);
        let session = self.clone();
        spawn_local(async move {
            // Up to ten minutes to sign in.
            for _ in 0..2_400 {
                TimeoutFuture::new(250).await;
                if browser::closed(&popup) {
                    break;
                }
                if let Some(answer) = browser::popup_answer(&popup) {
                    let _ = popup.close();
                    session.popup_open.set(false);
                    match Callback::from_query(&answer) {
                        Some(callback) => session.exchange(&pending, callback).await,
                        None => session.expired(&t!(crate::i18n::lang(), "popup-no-answer")),
                    }
                    return;
                }
            }
            let _ = popup.close();
            session.popup_open.set(false);
        });
    }

    /// Signs out: forgets this tab's tokens and signs out at the provider too (without the ID
    /// token in the address: it would stay in the browser's history).
    pub fn sign_out(&self) {
        self.tokens.borrow_mut().take();
        self.generation.set(self.generation.get() + 1);
        browser::forget(TOKENS);
        browser::save(SIGNED_OUT, "1");
        let end = self
            .discovery
            .borrow()
            .as_ref()
            .and_then(|d| d.end_session_endpoint.clone());
        match end {
            Some(end) => {
                let pairs = [
                    ("client_id", self.config.client_id.as_str()),
                    ("post_logout_redirect_uri", self.redirect_uri.as_str()),
                ];
                let separator = if end.contains('?') { '&' } else { '?' };
                browser::go(&format!("{end}{separator}{}", form(&pairs)));
            }
            None => self.state.set(SessionState::SignedOut),
        }
    }

    pub(super) fn pending(&self, return_to: &str) -> Option<Pending> {
        let random = [
            browser::random_bytes(),
            browser::random_bytes(),
            browser::random_bytes(),
        ];
        match random {
            [Ok(a), Ok(b), Ok(c)] => Some(Pending::new([&a, &b, &c], return_to)),
            _ => {
                self.state
                    .set(SessionState::Failed(t!(crate::i18n::lang(), "no-random")));
                None
            }
        }
    }

    fn authorize_url(&self, pending: &Pending, hint: Option<&str>) -> Option<String> {
        let discovery = self.discovery.borrow();
        Some(pending.authorize_url(discovery.as_ref()?, &self.config, &self.redirect_uri, hint))
    }

    pub(super) async fn finish_redirect(self: &Rc<Self>, callback: Callback) {
        let pending = browser::load(PENDING).and_then(|p| serde_json::from_str::<Pending>(&p).ok());
        browser::forget(PENDING);
        let Some(pending) = pending else {
            // An answer this tab did not ask for (an old link, a reload): start again.
            browser::replace_address("/");
            return self.sign_in();
        };
        browser::replace_address(&pending.return_to);
        self.exchange(&pending, callback).await;
    }

    /// Turns the provider's answer to `pending` into tokens.
    async fn exchange(self: &Rc<Self>, pending: &Pending, callback: Callback) {
        let fail = |why: String| {
            if self.tokens.borrow().is_some() {
                self.expired(&why)
            } else {
                self.state.set(SessionState::Failed(why))
            }
        };
        let code = match callback {
            Callback::Error(why) => {
                return fail(t!(crate::i18n::lang(), "provider-said", why = why))
            }
            Callback::Code { state, .. } if state != pending.state => {
                return fail(t!(crate::i18n::lang(), "answer-not-ours"))
            }
            Callback::Code { code, .. } => code,
        };
        let discovery = match self.discovered().await {
            Ok(d) => d,
            Err(why) => return fail(why),
        };
        let body = pending.token_body(&code, &self.config, &self.redirect_uri);
        let answer = browser::post_form(&discovery.token_endpoint, body)
            .await
            .and_then(|(status, text)| {
                Tokens::from_answer(
                    status,
                    &text,
                    real_now(),
                    (
                        &self.config.client_id,
                        &discovery.issuer,
                        Some(&pending.nonce),
                    ),
                    None,
                )
            });
        match answer {
            Ok(tokens) => {
                self.signed_in(tokens);
                self.sign_ins.update(|n| *n += 1);
            }
            Err(why) => fail(why),
        }
    }
}
