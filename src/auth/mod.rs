//! The signed-in session (OpenID Connect, authorization code + PKCE, `portal_model::auth`):
//! signing in by redirect when the portal opens, tokens in `sessionStorage`, renewed with the
//! refresh token before they expire (a provider that cannot be reached is tried again until the
//! token runs out), signing in again in a popup when renewal fails (so the fly-in and everything
//! else on the page stay as they are), and signing out. The flows that leave the page or open a
//! window are in [`flows`].

mod browser;
mod flows;

pub use browser::in_popup;

use crate::backend::real_now;
use autopilot_i18n::t;
use gloo_timers::future::TimeoutFuture;
use leptos::prelude::*;
use leptos::task::spawn_local;
use portal_model::auth::{AuthConfig, Callback, Discovery, Tokens};
use std::cell::{Cell, RefCell};
use std::rc::Rc;

const TOKENS: &str = "devices-portal.auth.tokens";
const PENDING: &str = "devices-portal.auth.pending";
const SIGNED_OUT: &str = "devices-portal.auth.signed-out";

/// How long to wait before trying a renewal again when the provider could not be reached.
const RETRY_MS: u32 = 5_000;

/// Where the session is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SessionState {
    /// Reading the provider's settings or the sign-in answer.
    Starting,
    /// On the way to the provider's sign-in page.
    Redirecting,
    /// Signed in: the workspace shows.
    SignedIn,
    /// Signed in before, but the session could not be renewed; the page stays as it is until the
    /// admin signs in again (the text says why).
    Expired(String),
    /// Signed out: only a Sign in button.
    SignedOut,
    /// Sign-in cannot work (settings, provider unreachable, refused); the text says why.
    Failed(String),
}

/// Why a renewal did not work.
enum RenewError {
    /// The provider could not be reached or failed (5xx): worth trying again.
    Transient(String),
    /// The provider refused (the grant was revoked or expired): sign in again.
    Refused(String),
}

/// The session, provided once; the HTTP transport asks it for the bearer token.
pub struct Session {
    config: AuthConfig,
    redirect_uri: String,
    discovery: RefCell<Option<Discovery>>,
    tokens: RefCell<Option<Tokens>>,
    renewing: Cell<bool>,
    /// Bumped on every new set of tokens, so an older renewal loop stops.
    generation: Cell<u64>,
    /// The generation a renewal after a refused token produced: refused too means the service
    /// does not accept this provider's tokens, and renewing again would not help.
    renewed_after_refusal: Cell<Option<u64>>,
    /// Where the session is (views render from it).
    pub state: RwSignal<SessionState>,
    /// A sign-in popup is open.
    pub popup_open: RwSignal<bool>,
    /// Counts the sign-ins on this page (the first, and each Sign in again): the account and its
    /// role are read again after each.
    pub sign_ins: RwSignal<u32>,
}

impl Session {
    /// A session for `config`.
    pub fn new(config: AuthConfig) -> Rc<Session> {
        let redirect_uri = config
            .redirect_uri
            .clone()
            .unwrap_or_else(|| format!("{}/", browser::origin()));
        Rc::new(Session {
            config,
            redirect_uri,
            discovery: RefCell::new(None),
            tokens: RefCell::new(None),
            renewing: Cell::new(false),
            generation: Cell::new(0),
            renewed_after_refusal: Cell::new(None),
            state: RwSignal::new(SessionState::Starting),
            popup_open: RwSignal::new(false),
            sign_ins: RwSignal::new(0),
        })
    }

    /// Who is signed in (from the ID token), for the header and the login hint.
    pub fn username(&self) -> Option<String> {
        self.tokens
            .borrow()
            .as_ref()
            .and_then(|t| t.account.as_ref().map(|a| a.username.clone()))
    }

    /// Starts (or, after a failure, starts again): finishes a sign-in the provider sent back,
    /// resumes this tab's session, or goes to the provider's sign-in page.
    pub async fn start(self: &Rc<Self>) {
        self.state.set(SessionState::Starting);
        let stored = browser::load(TOKENS).and_then(|t| serde_json::from_str::<Tokens>(&t).ok());
        if let Err(why) = self.discovered().await {
            // Tokens of this tab that are still good need no provider until they are renewed.
            match stored {
                Some(tokens) if tokens.fresh_at(real_now()) => return self.signed_in(tokens),
                _ => return self.state.set(SessionState::Failed(why)),
            }
        }
        if let Some(callback) = Callback::from_query(&browser::query()) {
            return self.finish_redirect(callback).await;
        }
        if let Some(tokens) = stored {
            let fresh = tokens.fresh_at(real_now());
            self.signed_in(tokens);
            if !fresh && !self.renew().await {
                self.sign_in();
            }
            return;
        }
        if browser::load(SIGNED_OUT).is_some() {
            return self.state.set(SessionState::SignedOut);
        }
        self.sign_in();
    }

    /// The provider's settings, read once.
    async fn discovered(&self) -> Result<Discovery, String> {
        if let Some(d) = self.discovery.borrow().clone() {
            return Ok(d);
        }
        let text = browser::get_text(&self.config.discovery_url())
            .await
            .map_err(|why| t!(crate::i18n::lang(), "provider-unreachable", why = why))?;
        let discovery = self.config.discovery(&text)?;
        *self.discovery.borrow_mut() = Some(discovery.clone());
        Ok(discovery)
    }

    /// The access token for the next request, renewed first when it is due.
    pub async fn bearer(self: &Rc<Self>) -> Option<String> {
        if !self.fresh_now() && self.state.get_untracked() == SessionState::SignedIn {
            self.renew().await;
        }
        self.tokens
            .borrow()
            .as_ref()
            .map(|t| t.access_token.clone())
    }

    /// The service refused `sent` (401). A token no longer current is forgotten already; the
    /// current one is renewed once, and when the renewed one is refused too, the session ends
    /// with that said instead of renewing on every request.
    pub fn refused(self: &Rc<Self>, sent: &str) {
        let current = self
            .tokens
            .borrow()
            .as_ref()
            .map(|t| t.access_token.clone());
        if current.as_deref() != Some(sent) || self.state.get_untracked() != SessionState::SignedIn
        {
            return;
        }
        if self.renewed_after_refusal.get() == Some(self.generation.get()) {
            return self.expired(&t!(crate::i18n::lang(), "service-refuses-provider"));
        }
        let session = self.clone();
        spawn_local(async move {
            if session.renew().await {
                session
                    .renewed_after_refusal
                    .set(Some(session.generation.get()));
            } else {
                session.expired(&t!(crate::i18n::lang(), "service-refused-sign-in"));
            }
        });
    }

    fn fresh_now(&self) -> bool {
        self.tokens
            .borrow()
            .as_ref()
            .is_some_and(|t| t.fresh_at(real_now()))
    }

    fn usable_now(&self) -> bool {
        self.tokens
            .borrow()
            .as_ref()
            .is_some_and(|t| real_now() < t.expires_at)
    }

    /// Keeps `tokens` and renews them when they are due, for as long as they are the newest.
    fn signed_in(self: &Rc<Self>, tokens: Tokens) {
        if let Ok(json) = serde_json::to_string(&tokens) {
            browser::save(TOKENS, &json);
        }
        browser::forget(SIGNED_OUT);
        let renew_at = tokens.renew_at();
        *self.tokens.borrow_mut() = Some(tokens);
        let generation = self.generation.get() + 1;
        self.generation.set(generation);
        self.state.set(SessionState::SignedIn);
        let session = self.clone();
        spawn_local(async move {
            let wait = (renew_at.0 - real_now().0).clamp(1_000, i64::from(i32::MAX));
            TimeoutFuture::new(wait as u32).await;
            if session.generation.get() == generation
                && session.state.get_untracked() == SessionState::SignedIn
                && !session.renew().await
                && session.generation.get() == generation
            {
                session.expired(&t!(crate::i18n::lang(), "sign-in-not-renewed"));
            }
        });
    }

    /// Renews the tokens with the refresh token, one renewal at a time; while the provider
    /// cannot be reached it tries again every few seconds until the token runs out. `true` when
    /// the session has fresh tokens afterwards.
    async fn renew(self: &Rc<Self>) -> bool {
        if self.renewing.replace(true) {
            for _ in 0..400 {
                TimeoutFuture::new(50).await;
                if !self.renewing.get() {
                    break;
                }
            }
            return self.fresh_now();
        }
        let result = loop {
            match self.refresh().await {
                Err(RenewError::Transient(_)) if self.usable_now() => {
                    TimeoutFuture::new(RETRY_MS).await
                }
                other => break other,
            }
        };
        self.renewing.set(false);
        match result {
            Ok(tokens) => {
                self.signed_in(tokens);
                true
            }
            Err(RenewError::Transient(why) | RenewError::Refused(why)) => {
                leptos::logging::warn!("sign-in renewal failed: {why}");
                false
            }
        }
    }

    async fn refresh(&self) -> Result<Tokens, RenewError> {
        let discovery = self.discovered().await.map_err(RenewError::Transient)?;
        let Some(previous) = self.tokens.borrow().clone() else {
            return Err(RenewError::Refused("not signed in".into()));
        };
        let body = previous
            .refresh_body(&self.config)
            .ok_or_else(|| RenewError::Refused("the provider gave no refresh token".into()))?;
        let (status, text) = browser::post_form(&discovery.token_endpoint, body)
            .await
            .map_err(RenewError::Transient)?;
        let answer = Tokens::from_answer(
            status,
            &text,
            real_now(),
            (&self.config.client_id, &discovery.issuer, None),
            Some(&previous),
        );
        answer.map_err(|why| {
            if status >= 500 {
                RenewError::Transient(why)
            } else {
                RenewError::Refused(why)
            }
        })
    }

    fn expired(&self, why: &str) {
        if self.state.get_untracked() != SessionState::SignedOut {
            self.state.set(SessionState::Expired(why.to_owned()));
        }
    }
}
