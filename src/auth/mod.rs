//! The signed-in session (OpenID Connect, authorization code + PKCE, `portal_model::auth`):
//! signing in by redirect when the portal opens, tokens in `sessionStorage`, renewed with the
//! refresh token before they expire, signing in again in a popup when renewal fails (so the
//! fly-in and everything else on the page stay as they are), and signing out.

mod browser;
mod flows;

pub use browser::in_popup;

use crate::backend::real_now;
use gloo_timers::future::TimeoutFuture;
use leptos::prelude::*;
use leptos::task::spawn_local;
use portal_model::auth::{AuthConfig, Callback, Discovery, Pending, Tokens};
use std::cell::{Cell, RefCell};
use std::rc::Rc;

const TOKENS: &str = "devices-portal.auth.tokens";
const PENDING: &str = "devices-portal.auth.pending";
const SIGNED_OUT: &str = "devices-portal.auth.signed-out";

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

/// The session, provided once; the HTTP transport asks it for the bearer token.
pub struct Session {
    config: AuthConfig,
    redirect_uri: String,
    discovery: RefCell<Option<Discovery>>,
    tokens: RefCell<Option<Tokens>>,
    renewing: Cell<bool>,
    /// Bumped on every new set of tokens, so an older renewal loop stops.
    generation: Cell<u64>,
    /// Where the session is (views render from it).
    pub state: RwSignal<SessionState>,
    /// A sign-in popup is open.
    pub popup_open: RwSignal<bool>,
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
            state: RwSignal::new(SessionState::Starting),
            popup_open: RwSignal::new(false),
        })
    }

    /// Who is signed in (from the ID token), for the login hint of a new sign-in.
    pub fn username(&self) -> Option<String> {
        self.tokens
            .borrow()
            .as_ref()
            .and_then(|t| t.account.as_ref().map(|a| a.username.clone()))
    }

    /// Starts the session: finishes a sign-in the provider sent back, resumes this tab's
    /// session, or goes to the provider's sign-in page.
    pub async fn start(self: &Rc<Self>) {
        let discovery = match browser::get_text(&self.config.discovery_url()).await {
            Ok(text) => self.config.discovery(&text),
            Err(why) => Err(format!("The sign-in provider cannot be reached: {why}.")),
        };
        let discovery = match discovery {
            Ok(d) => d,
            Err(why) => return self.state.set(SessionState::Failed(why)),
        };
        *self.discovery.borrow_mut() = Some(discovery);
        if let Some(callback) = Callback::from_query(&browser::query()) {
            return self.finish_redirect(callback).await;
        }
        let stored = browser::load(TOKENS).and_then(|t| serde_json::from_str::<Tokens>(&t).ok());
        if let Some(tokens) = stored {
            self.signed_in(tokens);
            if !self.valid_now() && !self.renew().await {
                return self.sign_in();
            }
            return;
        }
        if browser::load(SIGNED_OUT).is_some() {
            return self.state.set(SessionState::SignedOut);
        }
        self.sign_in();
    }

    /// Goes to the provider's sign-in page (the page is left: used when nothing is open).
    pub fn sign_in(&self) {
        browser::forget(SIGNED_OUT);
        let Some(pending) = self.pending(&browser::here()) else {
            return;
        };
        let Ok(json) = serde_json::to_string(&pending) else {
            return;
        };
        if !browser::save(PENDING, &json) {
            return self.state.set(SessionState::Failed(
                "The browser does not let the portal keep the sign-in in this tab (sessionStorage). Allow site data for this portal.".into(),
            ));
        }
        if let Some(url) = self.authorize_url(&pending, None) {
            self.state.set(SessionState::Redirecting);
            browser::go(&url);
        }
    }

    /// The access token for the next request, renewed first when it is about to expire.
    pub async fn bearer(self: &Rc<Self>) -> Option<String> {
        if !self.valid_now() && self.state.get_untracked() == SessionState::SignedIn {
            self.renew().await;
        }
        self.tokens
            .borrow()
            .as_ref()
            .map(|t| t.access_token.clone())
    }

    /// The service refused the token (401): renew once; if that fails, the session expired.
    pub fn refused(self: &Rc<Self>) {
        let session = self.clone();
        spawn_local(async move {
            if !session.renew().await {
                session.expired("The registration service did not accept your sign-in.");
            }
        });
    }

    /// Whether the tokens need no renewal yet.
    fn valid_now(&self) -> bool {
        self.tokens
            .borrow()
            .as_ref()
            .is_some_and(|t| t.fresh_at(real_now()))
    }

    fn pending(&self, return_to: &str) -> Option<Pending> {
        let random = [
            browser::random_bytes(),
            browser::random_bytes(),
            browser::random_bytes(),
        ];
        match random {
            [Ok(a), Ok(b), Ok(c)] => Some(Pending::new([&a, &b, &c], return_to)),
            _ => {
                self.state.set(SessionState::Failed(
                    "This browser cannot make the random values sign-in needs.".into(),
                ));
                None
            }
        }
    }

    fn authorize_url(&self, pending: &Pending, hint: Option<&str>) -> Option<String> {
        let discovery = self.discovery.borrow();
        let discovery = discovery.as_ref()?;
        Some(pending.authorize_url(discovery, &self.config, &self.redirect_uri, hint))
    }

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
        // Renew before the token expires, for as long as this set of tokens is the newest.
        let session = self.clone();
        spawn_local(async move {
            let wait = (renew_at.0 - real_now().0).clamp(1_000, i64::from(i32::MAX));
            TimeoutFuture::new(wait as u32).await;
            if session.generation.get() == generation && !session.renew().await {
                session.expired("Your sign-in could not be renewed.");
            }
        });
    }

    /// Renews the tokens with the refresh token; one renewal at a time. `true` when the
    /// session has valid tokens afterwards.
    async fn renew(self: &Rc<Self>) -> bool {
        if self.renewing.replace(true) {
            for _ in 0..200 {
                TimeoutFuture::new(50).await;
                if !self.renewing.get() {
                    break;
                }
            }
            return self.valid_now();
        }
        let result = self.refresh().await;
        self.renewing.set(false);
        match result {
            Ok(tokens) => {
                self.signed_in(tokens);
                true
            }
            Err(_) => false,
        }
    }

    async fn refresh(&self) -> Result<Tokens, String> {
        let (previous, endpoint, issuer) = {
            let tokens = self.tokens.borrow();
            let discovery = self.discovery.borrow();
            match (tokens.as_ref(), discovery.as_ref()) {
                (Some(t), Some(d)) => (t.clone(), d.token_endpoint.clone(), d.issuer.clone()),
                _ => return Err("not signed in".into()),
            }
        };
        let body = previous
            .refresh_body(&self.config)
            .ok_or("the provider gave no refresh token")?;
        let (status, text) = browser::post_form(&endpoint, body).await?;
        Tokens::from_answer(
            status,
            &text,
            real_now(),
            (&self.config.client_id, &issuer, None),
            Some(&previous),
        )
    }

    fn expired(&self, why: &str) {
        if self.state.get_untracked() != SessionState::SignedOut {
            self.state.set(SessionState::Expired(why.to_owned()));
        }
    }
}
