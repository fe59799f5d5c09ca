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
    /// Sign-in (OpenID Connect) for the HTTP backend; absent: nobody signs in. The graph
    /// backend needs it (its scopes are Graph's permissions).
    pub auth: Option<crate::auth::AuthConfig>,
    /// Microsoft Graph, for the graph backend.
    pub graph_base: String,
    /// Each profile's Autopilot group tag (profile id → tag) for the graph backend; a profile
    /// not named keeps Microsoft Managed Desktop's tag.
    pub profile_tags: std::collections::BTreeMap<String, String>,
}

/// Microsoft Graph's beta endpoint, where the Autopilot sync lives.
pub const GRAPH_BASE: &str = "https://graph.microsoft.com/beta";

impl Default for Config {
    fn default() -> Self {
        Config {
            backend: "embedded".into(),
            api_base: "/api".into(),
            processing_delay_ms: None,
            database: "devices-portal".into(),
            auth: None,
            graph_base: GRAPH_BASE.into(),
            profile_tags: std::collections::BTreeMap::new(),
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
    /// A real Intune tenant through Microsoft Graph at `graph_base`.
    Graph,
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
            "graph" if self.auth.is_none() => Err(
                "config.json asks for the \"graph\" backend without \"auth\": a real tenant needs sign-in. Add \"auth\" with your app registration's \"authority\", \"clientId\" and Graph's \"scopes\" (see the README, \"A real tenant\").".into(),
            ),
            "graph" => {
                self.profile_tags()?;
                Ok(BackendChoice::Graph)
            }
            other => Err(format!(
                "config.json asks for the \"{other}\" backend, which this portal does not have. Set \"backend\" to \"embedded\" (the in-browser demo service), \"http\" (the registration server at \"apiBase\") or \"graph\" (a real tenant through Microsoft Graph)."
            )),
        }
    }

    /// The group tag of each profile `profileTags` names, or why one cannot be used.
    pub fn profile_tags(
        &self,
    ) -> Result<Vec<(autopilot_service::device::Profile, String)>, String> {
        self.profile_tags
            .iter()
            .map(|(id, tag)| {
                let profile = autopilot_service::device::Profile::from_id(id).ok_or_else(|| {
                    format!("config.json's \"profileTags\" names a profile \"{id}\"; the profiles are Standard, SensitiveData, PowerUser and Kiosk.")
                })?;
                let tag = tag.trim();
                if tag.is_empty() || tag.len() > 200 {
                    return Err(format!(
                        "config.json's \"profileTags\" gives {id} no usable group tag (1 to 200 characters)."
                    ));
                }
                Ok((profile, tag.to_owned()))
            })
            .collect()
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
    fn the_graph_backend_needs_sign_in_and_known_profiles() {
        let no_auth = Config::parse(r#"{"backend":"graph"}"#).expect("valid");
        assert!(no_auth.backend().expect_err("refused").contains("\"auth\""));
        let graph = Config::parse(
            r#"{"backend":"graph","auth":{"authority":"https://login.microsoftonline.com/t/v2.0","clientId":"c"},
                "profileTags":{"Kiosk":"Contoso-Kiosk"}}"#,
        )
        .expect("valid");
        assert_eq!(graph.backend(), Ok(BackendChoice::Graph));
        assert_eq!(graph.graph_base, GRAPH_BASE);
        assert_eq!(
            graph.profile_tags(),
            Ok(vec![(
                autopilot_service::device::Profile::Kiosk,
                "Contoso-Kiosk".into()
            )])
        );
        let wrong = Config::parse(
            r#"{"backend":"graph","auth":{"authority":"a","clientId":"c"},"profileTags":{"Shared":"x"}}"#,
        )
        .expect("valid");
        assert!(wrong.backend().expect_err("refused").contains("Shared"));
    }

    #[test]
    fn the_server_backend_and_its_base_are_read() {
        let config = Config::parse(r#"{"backend":"http","apiBase":"/proxy/api"}"#).expect("valid");
        assert_eq!(config.backend(), Ok(BackendChoice::Http));
        assert_eq!(config.api_base, "/proxy/api");
    }

    #[test]
    fn an_unknown_backend_or_a_broken_file_is_explained_not_replaced_by_demo_data() {
        let config = Config::parse(r#"{"backend":"graphql"}"#).expect("valid JSON");
        let why = config.backend().expect_err("not a backend this portal has");
        assert!(
            why.contains("\"graphql\"") && why.contains("embedded") && why.contains("\"graph\""),
            "{why}"
        );
        let why = Config::parse(r#"{"backend": "http""#).expect_err("broken");
        assert!(why.starts_with("config.json is not valid"), "{why}");
    }
}
