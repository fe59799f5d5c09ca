//! Which backend the portal talks to: `config.json` next to `index.html`, fetched once, read by
//! `portal_model::config`, and the backend it names. No file (404) means the defaults (the
//! embedded demo service); a file that cannot be fetched or read, or a backend this portal does
//! not have, becomes a backend that fails every call with the reason: never demo data instead.

use super::http::{Fetch, HttpBackend};
use super::idb::IdbStorage;
use super::tabs;
use super::{real_now, BackendChoice, Config, Misconfigured, SharedBackend, WaitObserver};
use crate::auth::Session;
use autopilot_i18n::t;
use portal_backend::embedded::EmbeddedBackend;
use portal_backend::graph::{GraphBackend, ProfileTags};
use std::rc::Rc;
use wasm_bindgen_futures::JsFuture;
use web_sys::BroadcastChannel;

/// Fetches and reads `/config.json`.
pub async fn load() -> Result<Config, String> {
    let lang = crate::i18n::lang();
    let window = web_sys::window().ok_or_else(|| t!(lang, "no-browser-window"))?;
    let response = JsFuture::from(window.fetch_with_str("/config.json"))
        .await
        .map_err(|e| t!(lang, "config-not-fetched", why = format!("{e:?}")))?;
    let response: web_sys::Response = wasm_bindgen::JsCast::unchecked_into(response);
    if response.status() == 404 {
        return Ok(Config::default());
    }
    if !response.ok() {
        return Err(t!(
            lang,
            "config-not-fetched",
            why = format!("HTTP {}", response.status())
        ));
    }
    let text = match response.text() {
        Ok(promise) => JsFuture::from(promise)
            .await
            .ok()
            .and_then(|t| t.as_string()),
        Err(_) => None,
    }
    .ok_or_else(|| t!(lang, "config-unreadable"))?;
    Config::parse(&text)
}

/// The backend `config` asks for; the HTTP backend reports its waits to `observer` and signs
/// its requests with `session`. With the embedded service, also the channel on which the other
/// tabs on its database announce their writes (this backend announces its own there).
pub fn connect(
    config: Result<Config, String>,
    observer: WaitObserver,
    session: Option<Rc<Session>>,
) -> (SharedBackend, Option<BroadcastChannel>) {
    let config = match config {
        Ok(config) => config,
        Err(why) => return (Rc::new(Misconfigured(why)), None),
    };
    match config.backend() {
        Ok(BackendChoice::Embedded) => {
            let channel = tabs::channel(&config.database);
            let mut backend = EmbeddedBackend::new(
                IdbStorage::new(&config.database),
                Rc::new(real_now),
                config.processing_delay_ms,
            )
            .speaking(crate::i18n::lang());
            if let Some(channel) = channel.clone() {
                backend = backend.on_write(Rc::new(move || tabs::announce(&channel)));
            }
            (Rc::new(backend), channel)
        }
        Ok(BackendChoice::Graph) => {
            let mut tags = ProfileTags::default();
            for (profile, tag) in config.profile_tags().unwrap_or_default() {
                if let Some(slot) = tags.tags.iter_mut().find(|(p, _)| *p == profile) {
                    slot.1 = tag;
                }
            }
            (
                Rc::new(
                    GraphBackend::new(&config.graph_base, Fetch { session }, observer, tags)
                        .speaking(crate::i18n::lang()),
                ),
                None,
            )
        }
        Ok(BackendChoice::Http) => (
            Rc::new(
                HttpBackend::new(&config.api_base, Fetch { session }, observer)
                    .speaking(crate::i18n::lang()),
            ),
            None,
        ),
        Err(why) => (Rc::new(Misconfigured(why)), None),
    }
}
