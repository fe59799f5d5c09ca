//! The sign-in flows that leave the page or open a window: signing in again in a popup,
//! signing out at the provider, and turning the provider's answer into tokens.

use super::{browser, Session, SessionState, PENDING, SIGNED_OUT, TOKENS};
use crate::backend::real_now;
use gloo_timers::future::TimeoutFuture;
use leptos::prelude::*;
use leptos::task::spawn_local;
use portal_model::auth::{Callback, Pending, Tokens};
use std::rc::Rc;

impl Session {
    /// Signs in again in a popup, leaving this page as it is.
    pub fn sign_in_again(self: &Rc<Self>) {
        let Some(pending) = self.pending("/") else {
            return;
        };
        let Some(url) = self.authorize_url(&pending, self.username().as_deref()) else {
            return;
        };
        let Some(popup) = browser::open_popup(&url) else {
            return self.state.set(SessionState::Expired(
                "The browser blocked the sign-in window. Allow pop-ups for this portal, then choose Sign in again.".into(),
            ));
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
                        None => session.expired("The sign-in window came back without an answer."),
                    }
                    return;
                }
            }
            let _ = popup.close();
            session.popup_open.set(false);
        });
    }

    /// Signs out: forgets this tab's tokens and signs out at the provider too.
    pub fn sign_out(&self) {
        let id_token = self.tokens.borrow_mut().take().and_then(|t| t.id_token);
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
                let mut pairs = vec![
                    ("client_id", self.config.client_id.as_str()),
                    ("post_logout_redirect_uri", self.redirect_uri.as_str()),
                ];
                if let Some(hint) = &id_token {
                    pairs.push(("id_token_hint", hint));
                }
                let separator = if end.contains('?') { '&' } else { '?' };
                browser::go(&format!(
                    "{end}{separator}{}",
                    portal_model::auth::form(&pairs)
                ));
            }
            None => self.state.set(SessionState::SignedOut),
        }
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
    pub(super) async fn exchange(self: &Rc<Self>, pending: &Pending, callback: Callback) {
        let fail = |why: String| {
            if self.tokens.borrow().is_some() {
                self.expired(&why)
            } else {
                self.state.set(SessionState::Failed(why))
            }
        };
        let code = match callback {
            Callback::Error(why) => return fail(format!("The sign-in provider said: {why}")),
            Callback::Code { state, .. } if state != pending.state => {
                return fail(
                    "The sign-in answer does not belong to this sign-in. Sign in again.".into(),
                )
            }
            Callback::Code { code, .. } => code,
        };
        let Some((token_endpoint, issuer)) = self
            .discovery
            .borrow()
            .as_ref()
            .map(|d| (d.token_endpoint.clone(), d.issuer.clone()))
        else {
            return;
        };
        let body = pending.token_body(&code, &self.config, &self.redirect_uri);
        let answer = browser::post_form(&token_endpoint, body)
            .await
            .and_then(|(status, text)| {
                Tokens::from_answer(
                    status,
                    &text,
                    real_now(),
                    (&self.config.client_id, &issuer, Some(&pending.nonce)),
                    None,
                )
            });
        match answer {
            Ok(tokens) => self.signed_in(tokens),
            Err(why) => fail(why),
        }
    }
}
