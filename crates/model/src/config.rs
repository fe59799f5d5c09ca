//! The portal's configuration, `config.json` next to `index.html` (all fields optional), and
//! which backend it asks for. A file the portal cannot use is an error, never a silent switch to
//! demo data.

use autopilot_service::device::Millis;
use serde::Deserialize;

/// Portal configuration, read from `config.json` next to `index.html` (all fields optional).
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(default, rename_all = "camelCase")]
pub struct Config {
    /// `embedded` (default): the in-browser service. `http`: the API at `api_base`.
    pub backend: String,
    /// Base URL of the HTTP API (`/api` when the server serves the portal too).
    pub api_base: String,
    /// How long the embedded service keeps a registration pending, in milliseconds.
    pub processing_delay_ms: Option<Millis>,
    /// Browser database name of the embedded service (tests use their own).
    pub database: String,
    /// Sign-in (OpenID Connect) for the HTTP backend; absent: nobody signs in.
    pub auth: Option<crate::auth::AuthConfig>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            backend: "embedded".into(),
            api_base: "/api".into(),
            processing_delay_ms: None,
            database: "devices-portal".into(),
            auth: None,
        }
    }
}

/// The backend a configuration asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BackendChoice {
    /// The in-browser service, its data in IndexedDB database `database`.
    Embedded,
    /// The registration server's API at `api_base`.
    Http,
}

impl Config {
    /// Reads `config.json`'s text.
    pub fn parse(text: &str) -> Result<Config, String> {
        serde_json::from_str(text).map_err(|e| format!("config.json is not valid: {e}."))
    }

    /// The backend this configuration asks for, or why the portal cannot give it.
    pub fn backend(&self) -> Result<BackendChoice, String> {
        match self.backend.as_str() {
            "embedded" => Ok(BackendChoice::Embedded),
            "http" => Ok(BackendChoice::Http),
            other => Err(format!(
                "config.json asks for the \"{other}\" backend, which this portal does not have. Set \"backend\" to \"embedded\" (the in-browser demo service) or \"http\" (the registration server at \"apiBase\")."
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_file_means_the_embedded_demo() {
        let config = Config::parse("{}").expect("valid");
        assert_eq!(config, Config::default());
        assert_eq!(config.backend(), Ok(BackendChoice::Embedded));
    }

    #[test]
    fn the_server_backend_and_its_base_are_read() {
        let config = Config::parse(r#"{"backend":"http","apiBase":"/proxy/api"}"#).expect("valid");
        assert_eq!(config.backend(), Ok(BackendChoice::Http));
        assert_eq!(config.api_base, "/proxy/api");
    }

    #[test]
    fn an_unknown_backend_or_a_broken_file_is_explained_not_replaced_by_demo_data() {
        let config = Config::parse(r#"{"backend":"graph"}"#).expect("valid JSON");
        let why = config.backend().expect_err("not a backend this portal has");
        assert!(
            why.contains("\"graph\"") && why.contains("embedded") && why.contains("http"),
            "{why}"
        );
        let why = Config::parse(r#"{"backend": "http""#).expect_err("broken");
        assert!(why.starts_with("config.json is not valid"), "{why}");
    }
}
