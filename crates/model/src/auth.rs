//! Sign-in as a public client (OpenID Connect, authorization code flow with PKCE, no secret):
//! the URLs and bodies the browser sends, what it must check in the answers, and when to renew.
//! Works with Entra ID (`https://login.microsoftonline.com/<tenant>/v2.0`) and any OpenID
//! provider with a discovery document. The browser part (`src/auth`) only generates random
//! values, stores the session in `sessionStorage` and moves between pages.

use autopilot_service::audit::Role;
use autopilot_service::device::{Millis, RealTime};
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// The `auth` section of `config.json`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AuthConfig {
    /// The OpenID issuer (`https://login.microsoftonline.com/<tenant>/v2.0`).
    pub authority: String,
    /// The portal's client id there.
    pub client_id: String,
    /// Scopes, space-separated (`openid profile offline_access api://…/Devices.Access`).
    #[serde(default = "default_scopes")]
    pub scopes: String,
    /// Where the provider sends the browser back; the portal's own address when absent.
    #[serde(default)]
    pub redirect_uri: Option<String>,
}

fn default_scopes() -> String {
    "openid profile offline_access".into()
}

/// What the portal reads of the provider's discovery document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Discovery {
    /// The issuer the provider names itself.
    pub issuer: String,
    /// Where the browser goes to sign in.
    pub authorization_endpoint: String,
    /// Where codes and refresh tokens become tokens (cross-origin `fetch`).
    pub token_endpoint: String,
    /// Where the browser goes to sign out, when the provider has one.
    #[serde(default)]
    pub end_session_endpoint: Option<String>,
}

impl AuthConfig {
    /// The discovery document's address.
    pub fn discovery_url(&self) -> String {
        format!(
            "{}/.well-known/openid-configuration",
            self.authority.trim_end_matches('/')
        )
    }

    /// Reads the discovery document, refusing one that names another issuer or sends the
    /// browser anywhere but https (or http on loopback, a test provider).
    pub fn discovery(&self, text: &str) -> Result<Discovery, String> {
        let d: Discovery = serde_json::from_str(text)
            .map_err(|e| format!("The sign-in provider's discovery document is not valid: {e}."))?;
        // Entra's multi-tenant authorities name a {tenantid} placeholder as their issuer.
        let same = d.issuer.trim_end_matches('/') == self.authority.trim_end_matches('/')
            || d.issuer.contains("{tenantid}");
        if !same {
            return Err(format!(
                "The sign-in provider names itself {:?}, not {:?}. Set auth.authority in config.json to its issuer.",
                d.issuer, self.authority
            ));
        }
        for url in [&d.authorization_endpoint, &d.token_endpoint]
            .into_iter()
            .chain(d.end_session_endpoint.as_ref())
        {
            if !secure(url) {
                return Err(format!(
                    "The sign-in provider's endpoint {url:?} is not https; the portal does not send sign-ins there."
                ));
            }
        }
        Ok(d)
    }
}

/// https, or http on a loopback address.
pub fn secure(url: &str) -> bool {
    if url.starts_with("https://") {
        return true;
    }
    ["http://127.0.0.1", "http://localhost", "http://[::1]"]
        .iter()
        .any(|p| {
            url.strip_prefix(p)
                .is_some_and(|rest| rest.is_empty() || rest.starts_with([':', '/']))
        })
}

/// What a form value or query value keeps as it is.
const VALUE: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

fn encode(value: &str) -> String {
    utf8_percent_encode(value, VALUE).to_string()
}

/// `a=1&b=2`, every value encoded.
pub fn form(pairs: &[(&str, &str)]) -> String {
    pairs
        .iter()
        .map(|(k, v)| format!("{k}={}", encode(v)))
        .collect::<Vec<_>>()
        .join("&")
}

/// URL-safe base64 without padding (RFC 4648 §5), as PKCE and JWTs use it.
pub fn base64url(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, &b)| n | u32::from(b) << (16 - 8 * i));
        for i in 0..=chunk.len() {
            out.push(char::from(ALPHABET[(n >> (18 - 6 * i) & 63) as usize]));
        }
    }
    out
}

/// Reads URL-safe base64 with or without padding; `None` for anything else.
pub fn from_base64url(text: &str) -> Option<Vec<u8>> {
    let text = text.trim_end_matches('=');
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    let (mut n, mut bits) = (0u32, 0);
    for c in text.bytes() {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'-' => 62,
            b'_' => 63,
            _ => return None,
        };
        n = n << 6 | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((n >> bits) as u8);
        }
    }
    Some(out)
}

/// The PKCE `code_challenge` (S256) of a verifier.
pub fn challenge(verifier: &str) -> String {
    base64url(&Sha256::digest(verifier.as_bytes()))
}

/// A sign-in on its way: kept (in `sessionStorage` for a redirect, in memory for a popup) until
/// the provider sends the browser back.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pending {
    /// The PKCE verifier (43+ characters of random base64url).
    pub verifier: String,
    /// The `state` the answer must carry back.
    pub state: String,
    /// The `nonce` the ID token must carry.
    pub nonce: String,
    /// Where the portal was (path and query), to return there.
    pub return_to: String,
}

impl Pending {
    /// A sign-in from three random values of at least 32 bytes each.
    pub fn new(random: [&[u8]; 3], return_to: &str) -> Pending {
        Pending {
            verifier: base64url(random[0]),
            state: base64url(random[1]),
            nonce: base64url(random[2]),
            // A path on this origin only: not `//host` or `/\host`, which browsers read as
            // another origin.
            return_to: if return_to.starts_with('/')
                && !return_to.starts_with("//")
                && !return_to.contains('\\')
            {
                return_to.to_owned()
            } else {
                "/".into()
            },
        }
    }

    /// The provider's sign-in page for this sign-in. `login_hint` names the account to sign in
    /// again with.
    pub fn authorize_url(
        &self,
        discovery: &Discovery,
        config: &AuthConfig,
        redirect_uri: &str,
        login_hint: Option<&str>,
    ) -> String {
        let mut pairs = vec![
            ("client_id", config.client_id.as_str()),
            ("response_type", "code"),
            ("redirect_uri", redirect_uri),
            ("scope", config.scopes.as_str()),
            ("state", self.state.as_str()),
            ("nonce", self.nonce.as_str()),
            ("response_mode", "query"),
        ];
        let challenge = challenge(&self.verifier);
        pairs.push(("code_challenge", &challenge));
        pairs.push(("code_challenge_method", "S256"));
        if let Some(hint) = login_hint {
            pairs.push(("login_hint", hint));
        }
        let separator = if discovery.authorization_endpoint.contains('?') {
            '&'
        } else {
            '?'
        };
        format!(
            "{}{separator}{}",
            discovery.authorization_endpoint,
            form(&pairs)
        )
    }

    /// The token request for the code the provider sent back.
    pub fn token_body(&self, code: &str, config: &AuthConfig, redirect_uri: &str) -> String {
        form(&[
            ("grant_type", "authorization_code"),
            ("client_id", &config.client_id),
            ("code", code),
            ("redirect_uri", redirect_uri),
            ("code_verifier", &self.verifier),
        ])
    }
}

/// What the provider sent back in the redirect's query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Callback {
    /// A code for this `state`.
    Code {
        /// The authorization code.
        code: String,
        /// The state it came with.
        state: String,
    },
    /// The provider refused (the user cancelled, consent missing…).
    Error(String),
}

impl Callback {
    /// The sign-in answer in a query string (`?code=…&state=…`), if it is one.
    pub fn from_query(query: &str) -> Option<Callback> {
        let mut code = None;
        let mut state = None;
        let mut error = None;
        let mut description = None;
        for pair in query.trim_start_matches('?').split('&') {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            let v = percent_encoding::percent_decode_str(&v.replace('+', " "))
                .decode_utf8_lossy()
                .into_owned();
            match k {
                "code" => code = Some(v),
                "state" => state = Some(v),
                "error" => error = Some(v),
                "error_description" => description = Some(v),
                _ => {}
            }
        }
        if let Some(error) = error {
            let text: String = description
                .unwrap_or(error)
                .chars()
                .filter(|c| !c.is_control())
                .take(300)
                .collect();
            return Some(Callback::Error(text));
        }
        Some(Callback::Code {
            code: code?,
            state: state?,
        })
    }
}

/// The token endpoint's answer.
#[derive(Debug, Clone, Deserialize)]
struct TokenAnswer {
    access_token: String,
    #[serde(default)]
    expires_in: Option<i64>,
    #[serde(default)]
    refresh_token: Option<String>,
    #[serde(default)]
    id_token: Option<String>,
}

/// The token endpoint's error answer.
#[derive(Debug, Clone, Deserialize)]
struct TokenError {
    error: String,
    #[serde(default)]
    error_description: Option<String>,
}

/// The account an ID token names.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IdAccount {
    /// `preferred_username` (or `upn`, `email`, `sub`).
    pub username: String,
    /// `name`, or the username.
    pub name: String,
}

/// A signed-in session's tokens, kept in `sessionStorage`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tokens {
    /// The bearer token for the API.
    pub access_token: String,
    /// When it expires.
    pub expires_at: RealTime,
    /// When it was issued (by this browser's clock).
    pub issued_at: RealTime,
    /// For renewing without the provider's page, when the provider gave one.
    pub refresh_token: Option<String>,
    /// The account, from the ID token.
    pub account: Option<IdAccount>,
    /// The ID token, for signing out (`id_token_hint`).
    pub id_token: Option<String>,
}

impl Tokens {
    /// Reads the token endpoint's answer (`status`, `body`) received at `now`. `expect` is the
    /// client id, issuer and nonce an ID token must name (checked: the token came straight from
    /// the provider's endpoint over TLS, so its signature needs no check here, OpenID Connect
    /// Core §3.1.3.7); `previous` keeps the account and refresh token a renewal may leave out.
    pub fn from_answer(
        status: u16,
        body: &str,
        now: RealTime,
        expect: (&str, &str, Option<&str>),
        previous: Option<&Tokens>,
    ) -> Result<Tokens, String> {
        if !(200..300).contains(&status) {
            return Err(match serde_json::from_str::<TokenError>(body) {
                Ok(e) => format!(
                    "The sign-in provider refused ({}): {}",
                    e.error,
                    e.error_description
                        .unwrap_or_default()
                        .chars()
                        .take(300)
                        .collect::<String>()
                ),
                Err(_) => format!("The sign-in provider answered HTTP {status}."),
            });
        }
        let answer: TokenAnswer = serde_json::from_str(body)
            .map_err(|e| format!("The sign-in provider's answer is not valid: {e}."))?;
        if answer.access_token.is_empty() || answer.access_token.len() > 16 * 1024 {
            return Err("The sign-in provider sent no usable access token.".into());
        }
        // Seconds; a nonsensical lifetime is taken as the shortest or longest sensible one.
        let lifetime = answer.expires_in.unwrap_or(3_600).clamp(5, 86_400);
        let account = match &answer.id_token {
            Some(token) => Some(id_account(token, expect)?),
            None => previous.and_then(|p| p.account.clone()),
        };
        Ok(Tokens {
            access_token: answer.access_token,
            expires_at: now + Millis(lifetime * 1_000),
            issued_at: now,
            refresh_token: answer
                .refresh_token
                .or_else(|| previous.and_then(|p| p.refresh_token.clone())),
            account,
            id_token: answer
                .id_token
                .or_else(|| previous.and_then(|p| p.id_token.clone())),
        })
    }

    /// When to renew: a quarter of the lifetime before the end, at most five minutes before
    /// (an hour's token at 55 minutes, a 20-second one at 15 seconds).
    pub fn renew_at(&self) -> RealTime {
        let lifetime = (self.expires_at.0 - self.issued_at.0).max(0);
        RealTime(self.expires_at.0 - (lifetime / 4).min(300_000))
    }

    /// Whether the access token needs no renewal yet at `now` (before [`Tokens::renew_at`]).
    pub fn fresh_at(&self, now: RealTime) -> bool {
        now < self.renew_at()
    }

    /// The refresh request, when there is a refresh token. It asks for the sign-in's scopes
    /// but `offline_access`: a refresh may only ask for what was granted, and providers that
    /// follow OpenID Connect to the letter grant `offline_access` only with `prompt=consent`.
    pub fn refresh_body(&self, config: &AuthConfig) -> Option<String> {
        let token = self.refresh_token.as_deref()?;
        let scopes: Vec<&str> = config
            .scopes
            .split_whitespace()
            .filter(|s| *s != "offline_access")
            .collect();
        Some(form(&[
            ("grant_type", "refresh_token"),
            ("client_id", &config.client_id),
            ("refresh_token", token),
            ("scope", &scopes.join(" ")),
        ]))
    }
}

#[derive(Deserialize)]
struct IdClaims {
    #[serde(default)]
    iss: String,
    #[serde(default)]
    aud: serde_json::Value,
    #[serde(default)]
    nonce: Option<String>,
    #[serde(default)]
    sub: String,
    #[serde(default)]
    preferred_username: Option<String>,
    #[serde(default)]
    upn: Option<String>,
    #[serde(default)]
    email: Option<String>,
    #[serde(default)]
    name: Option<String>,
}

/// The account of an ID token, after checking it names this client, the issuer and the nonce.
fn id_account(
    token: &str,
    (client_id, issuer, nonce): (&str, &str, Option<&str>),
) -> Result<IdAccount, String> {
    let bad = |why: &str| format!("The sign-in provider's ID token {why}; sign in again.");
    let payload = token.split('.').nth(1).ok_or_else(|| bad("is not a JWT"))?;
    let bytes = from_base64url(payload).ok_or_else(|| bad("is not readable"))?;
    let claims: IdClaims = serde_json::from_slice(&bytes).map_err(|_| bad("is not readable"))?;
    let for_us = match &claims.aud {
        serde_json::Value::String(a) => a == client_id,
        serde_json::Value::Array(all) => all.iter().any(|a| a.as_str() == Some(client_id)),
        _ => false,
    };
    if !for_us {
        return Err(bad("is for another application"));
    }
    if !issuer.contains("{tenantid}")
        && claims.iss.trim_end_matches('/') != issuer.trim_end_matches('/')
    {
        return Err(bad("comes from another issuer"));
    }
    if let Some(nonce) = nonce {
        if claims.nonce.as_deref() != Some(nonce) {
            return Err(bad("does not belong to this sign-in (nonce)"));
        }
    }
    let username = claims
        .preferred_username
        .or(claims.upn)
        .or(claims.email)
        .unwrap_or(claims.sub);
    let clip = |s: String| {
        s.chars()
            .filter(|c| !c.is_control())
            .take(256)
            .collect::<String>()
    };
    Ok(IdAccount {
        name: clip(
            claims
                .name
                .filter(|n| !n.trim().is_empty())
                .unwrap_or_else(|| username.clone()),
        ),
        username: clip(username),
    })
}

/// The signed-in account as the portal shows it, and what it may do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Account {
    /// The display name.
    pub name: String,
    /// The user principal name.
    pub username: String,
    /// What it may do.
    pub role: Role,
    /// Whether anyone signed in (false: the demo tenant, where nobody does).
    pub signed_in: bool,
}

impl Account {
    /// The embedded demo: nobody signs in, everything is allowed.
    pub fn demo() -> Account {
        Account {
            name: "Demo administrator".into(),
            username: String::new(),
            role: Role::Administrator,
            signed_in: false,
        }
    }

    /// Initials for the header's account button ("MB" for Megan Bowen).
    pub fn initials(&self) -> String {
        let letters: Vec<char> = self
            .name
            .split(|c: char| c.is_whitespace() || c == '.' || c == '@')
            .filter_map(|w| w.chars().next())
            .filter(|c| c.is_alphanumeric())
            .collect();
        let ends = match letters.as_slice() {
            [] => vec![],
            [only] => vec![*only],
            [first, .., last] => vec![*first, *last],
        };
        ends.into_iter().flat_map(char::to_uppercase).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config() -> AuthConfig {
        AuthConfig {
            authority: "https://login.example/tenant/v2.0".into(),
            client_id: "portal".into(),
            scopes: "openid profile offline_access api://devices/Devices.Access".into(),
            redirect_uri: None,
        }
    }

    fn discovery() -> Discovery {
        config()
            .discovery(
                r#"{"issuer":"https://login.example/tenant/v2.0","authorization_endpoint":"https://login.example/auth","token_endpoint":"https://login.example/token"}"#,
            )
            .expect("valid")
    }

    fn id_token(claims: serde_json::Value) -> String {
        format!("e30.{}.sig", base64url(claims.to_string().as_bytes()))
    }

    #[test]
    fn base64url_matches_rfc_4648_and_round_trips() {
        for (bytes, text) in [
            (&b""[..], ""),
            (b"f", "Zg"),
            (b"fo", "Zm8"),
            (b"foo", "Zm9v"),
            (b"foob", "Zm9vYg"),
            (&[0xfb, 0xff], "-_8"),
        ] {
            assert_eq!(base64url(bytes), text);
            assert_eq!(from_base64url(text).as_deref(), Some(bytes));
        }
        assert_eq!(from_base64url("Zm9v+"), None);
    }

    #[test]
    fn the_pkce_challenge_is_rfc_7636s_example() {
        assert_eq!(
            challenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"),
            "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
        );
    }

    #[test]
    fn the_sign_in_url_carries_pkce_state_nonce_and_encoded_scopes() {
        let pending = Pending::new([&[1; 32], &[2; 32], &[3; 32]], "/devices?q=a b");
        let url = pending.authorize_url(
            &discovery(),
            &config(),
            "https://portal.example/",
            Some("megan@contoso.com"),
        );
        assert!(url.starts_with("https://login.example/auth?client_id=portal&response_type=code&"));
        assert!(url.contains("&redirect_uri=https%3A%2F%2Fportal.example%2F&"));
        assert!(url.contains(
            "&scope=openid%20profile%20offline_access%20api%3A%2F%2Fdevices%2FDevices.Access&"
        ));
        assert!(url.contains(&format!(
            "&code_challenge={}&code_challenge_method=S256",
            challenge(&pending.verifier)
        )));
        assert!(url.contains(&format!("&state={}&", pending.state)));
        assert!(url.contains("&login_hint=megan%40contoso.com"));
        assert!(pending.verifier.len() >= 43);
        assert_eq!(pending.return_to, "/devices?q=a b");
        for evil in ["//evil.example", "/\\evil.example", "https://evil.example/"] {
            assert_eq!(
                Pending::new([&[1; 32], &[2; 32], &[3; 32]], evil).return_to,
                "/"
            );
        }
        let body = pending.token_body("c o", &config(), "https://portal.example/");
        assert!(body.starts_with("grant_type=authorization_code&client_id=portal&code=c%20o&"));
        assert!(body.ends_with(&format!("code_verifier={}", pending.verifier)));
    }

    #[test]
    fn a_discovery_document_for_another_issuer_or_over_http_is_refused() {
        let c = config();
        assert!(c
            .discovery(r#"{"issuer":"https://evil.example","authorization_endpoint":"https://login.example/a","token_endpoint":"https://login.example/t"}"#)
            .expect_err("other issuer")
            .contains("auth.authority"));
        assert!(c
            .discovery(r#"{"issuer":"https://login.example/tenant/v2.0","authorization_endpoint":"http://login.example/a","token_endpoint":"https://login.example/t"}"#)
            .expect_err("http")
            .contains("not https"));
        assert!(secure("http://127.0.0.1:9000/auth") && !secure("http://127.0.0.1.evil/x"));
    }

    #[test]
    fn callbacks_are_read_and_errors_are_shown_in_words() {
        assert_eq!(
            Callback::from_query("?code=a%2Fb&state=s1&session_state=x"),
            Some(Callback::Code {
                code: "a/b".into(),
                state: "s1".into()
            })
        );
        assert_eq!(
            Callback::from_query("?error=access_denied&error_description=The+user+cancelled"),
            Some(Callback::Error("The user cancelled".into()))
        );
        assert_eq!(Callback::from_query("?q=serial"), None);
        assert_eq!(Callback::from_query(""), None);
    }

    #[test]
    fn token_answers_are_checked_and_renewed_before_they_expire() {
        let now = RealTime(1_000_000);
        let good = id_token(serde_json::json!({
            "iss": "https://login.example/tenant/v2.0", "aud": "portal", "nonce": "n1",
            "sub": "s", "preferred_username": "megan@contoso.com", "name": "Megan Bowen"
        }));
        let body = serde_json::json!({"access_token": "at", "expires_in": 600, "refresh_token": "rt", "id_token": good}).to_string();
        let expect = ("portal", "https://login.example/tenant/v2.0", Some("n1"));
        let tokens = Tokens::from_answer(200, &body, now, expect, None).expect("valid");
        assert_eq!(tokens.expires_at, RealTime(1_600_000));
        assert_eq!(tokens.renew_at(), RealTime(1_450_000));
        assert!(tokens.fresh_at(RealTime(1_449_999)) && !tokens.fresh_at(RealTime(1_450_000)));
        // A 20-second token is fresh for 15 seconds, not never.
        let short = Tokens {
            expires_at: now + Millis(20_000),
            ..tokens.clone()
        };
        assert_eq!(short.renew_at(), now + Millis(15_000));
        assert!(short.fresh_at(now + Millis(14_000)));
        let account = tokens.account.clone().expect("account");
        assert_eq!(
            (account.username.as_str(), account.name.as_str()),
            ("megan@contoso.com", "Megan Bowen")
        );
        let refresh = tokens.refresh_body(&config()).expect("refresh token");
        assert_eq!(
            refresh,
            "grant_type=refresh_token&client_id=portal&refresh_token=rt&scope=openid%20profile%20api%3A%2F%2Fdevices%2FDevices.Access"
        );

        // A renewal without an ID token keeps the account and (when not rotated) the refresh token.
        let renewed = Tokens::from_answer(
            200,
            r#"{"access_token":"at2","expires_in":600}"#,
            now,
            expect,
            Some(&tokens),
        )
        .expect("renewed");
        assert_eq!(renewed.account, tokens.account);
        assert_eq!(renewed.refresh_token.as_deref(), Some("rt"));

        let wrong_nonce = serde_json::json!({"access_token": "at", "id_token": id_token(serde_json::json!({"iss": expect.1, "aud": "portal", "nonce": "other"}))}).to_string();
        assert!(Tokens::from_answer(200, &wrong_nonce, now, expect, None)
            .expect_err("nonce")
            .contains("nonce"));
        let other_app = serde_json::json!({"access_token": "at", "id_token": id_token(serde_json::json!({"iss": expect.1, "aud": ["x"], "nonce": "n1"}))}).to_string();
        assert!(Tokens::from_answer(200, &other_app, now, expect, None)
            .expect_err("aud")
            .contains("another application"));
        let refused = Tokens::from_answer(
            400,
            r#"{"error":"invalid_grant","error_description":"refresh token expired"}"#,
            now,
            expect,
            None,
        );
        assert_eq!(
            refused.expect_err("refused"),
            "The sign-in provider refused (invalid_grant): refresh token expired"
        );
        assert!(Tokens::from_answer(502, "<html>", now, expect, None)
            .expect_err("502")
            .contains("HTTP 502"));
    }

    #[test]
    fn initials_come_from_the_first_and_last_name() {
        let account = |name: &str| Account {
            name: name.into(),
            ..Account::demo()
        };
        assert_eq!(account("Megan Bowen").initials(), "MB");
        assert_eq!(account("Adele Vance Jr").initials(), "AJ");
        assert_eq!(account("reader@contoso.com").initials(), "RC");
        assert_eq!(account("").initials(), "");
    }
}
