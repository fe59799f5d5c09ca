//! Sign-in: every `/api` request carries `Authorization: Bearer <JWT>` from the configured
//! OpenID issuer (Entra ID or any other), checked here: RS256 or ES256 against the issuer's
//! published keys (found through its discovery document, cached, fetched again for an unknown
//! `kid` at most once a minute), then `iss`, `aud`, `exp` and `nbf` with a minute of clock skew.
//! The token's `roles` give the [`Role`]; handlers that change the tenant take [`Admin`].
//!
//! Without an issuer (a demo server on loopback) every request is the demo administrator.

use crate::errors::{ApiError, RequestId};
use crate::tenants::DEFAULT_TENANT;
use autopilot_service::audit::{Activity, Actor, Audit, Role};
use axum::extract::{FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use jsonwebtoken::jwk::{AlgorithmParameters, EllipticCurve, Jwk};
use jsonwebtoken::{Algorithm, DecodingKey, Validation};
use serde::Deserialize;
use std::collections::HashMap;
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

/// How often, at most, the issuer's keys are fetched again for a token naming an unknown key.
pub const KEY_REFRESH_INTERVAL: Duration = Duration::from_secs(60);

/// How long fetched keys are trusted before they are fetched again (a key the issuer withdrew
/// stops working within a day).
pub const KEY_MAX_AGE: Duration = Duration::from_secs(24 * 3600);

/// Largest discovery document or key set read, in bytes.
const MAX_DOCUMENT: usize = 1 << 20;

/// Largest token accepted, in bytes.
const MAX_TOKEN: usize = 16 * 1024;

/// Who made a request: the signed-in account (or the demo administrator) and its role.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Principal {
    /// Name and object id, as the audit log records them.
    pub actor: Actor,
    /// The token's `name`, or the user principal name.
    pub display_name: String,
    /// What the account may do; `None` for an account the app gave no role.
    pub role: Option<Role>,
    /// Whose devices it works on: the token's `tid`, else the default tenant.
    pub tenant: String,
}

impl Principal {
    /// The demo administrator of a server without sign-in.
    pub fn demo() -> Principal {
        let actor = Actor::demo();
        Principal {
            display_name: actor.user_principal_name.clone(),
            actor,
            role: Some(Role::Administrator),
            tenant: DEFAULT_TENANT.to_owned(),
        }
    }
}

/// How the server knows who is calling.
pub enum Auth {
    /// No sign-in: everyone is the demo administrator (loopback only).
    Off,
    /// Bearer tokens from an OpenID issuer.
    On(Box<Verifier>),
}

/// Middleware on `/api`: puts the caller's [`Principal`] into the request, or answers 401.
pub async fn authenticate(
    State(auth): State<Arc<Auth>>,
    mut request: Request,
    next: Next,
) -> Response {
    let principal = match &*auth {
        Auth::Off => Principal::demo(),
        Auth::On(verifier) => {
            let token = request
                .headers()
                .get(header::AUTHORIZATION)
                .map(|v| v.to_str().ok().and_then(bearer));
            let checked = match token {
                None => Err(Refusal {
                    no_token: true,
                    ..Refusal::new("Sign in: this request carries no access token.")
                }),
                Some(None) => Err(Refusal::new(
                    "The Authorization header must be \"Bearer <access token>\".",
                )),
                Some(Some(token)) => verifier.verify(token).await,
            };
            match checked {
                Ok(principal) => principal,
                Err(refusal) => return refusal.into_response(),
            }
        }
    };
    request.extensions_mut().insert(principal);
    next.run(request).await
}

fn bearer(value: &str) -> Option<&str> {
    let (scheme, token) = value.split_once(' ')?;
    let token = token.trim();
    (scheme.eq_ignore_ascii_case("bearer") && !token.is_empty()).then_some(token)
}

/// A 401: why the token was not accepted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    /// What was wrong, for the caller.
    pub message: String,
    /// 503 instead of 401: the issuer's keys could not be read, so nothing can be checked.
    pub unavailable: bool,
    /// The request carried no token: the challenge names no error (RFC 6750 §3.1).
    pub no_token: bool,
}

impl Refusal {
    fn new(message: impl Into<String>) -> Self {
        Refusal {
            message: message.into(),
            unavailable: false,
            no_token: false,
        }
    }
}

impl IntoResponse for Refusal {
    fn into_response(self) -> Response {
        if self.unavailable {
            let mut error = ApiError::new(
                StatusCode::SERVICE_UNAVAILABLE,
                "SignInUnavailable",
                self.message,
            );
            error.retry_after = Some(KEY_REFRESH_INTERVAL.as_secs());
            return error.into_response();
        }
        let error_description = self.message.replace(['"', '\\'], "'");
        let mut response = ApiError::new(
            StatusCode::UNAUTHORIZED,
            "InvalidAuthenticationToken",
            self.message,
        )
        .into_response();
        // Without a token the challenge names no error (RFC 6750 §3.1).
        let challenge = if self.no_token {
            "Bearer".to_owned()
        } else {
            format!(
                "Bearer error=\"invalid_token\", error_description=\"{}\"",
                error_description
                    .chars()
                    .filter(|c| c.is_ascii() && !c.is_ascii_control())
                    .collect::<String>()
            )
        };
        response.headers_mut().insert(
            header::WWW_AUTHENTICATE,
            HeaderValue::from_str(&challenge).unwrap_or(HeaderValue::from_static("Bearer")),
        );
        response
    }
}

/// The signed-in caller of a handler that only reads: any role. An account without a role gets
/// 403.
pub struct Signed(pub Principal);

/// The caller of a handler that changes the tenant: an administrator, else 403. Carries what
/// the audit event needs.
pub struct Admin {
    /// Who.
    pub principal: Principal,
    /// The request's id, the audit event's `correlationId`.
    pub request_id: String,
}

impl Admin {
    /// The audit record of `activity` by this administrator.
    pub fn audit(&self, activity: Activity) -> Audit {
        Audit {
            actor: self.principal.actor.clone(),
            activity,
            correlation_id: self.request_id.clone(),
        }
    }
}

fn principal(parts: &Parts) -> Result<Principal, ApiError> {
    parts
        .extensions
        .get::<Principal>()
        .cloned()
        .ok_or_else(|| ApiError::internal("a handler ran without the authentication middleware"))
}

fn no_role() -> ApiError {
    ApiError::new(
        StatusCode::FORBIDDEN,
        "Forbidden",
        format!(
            "Your account has no role in this app. Ask an administrator to assign you {} or {}.",
            Role::Reader.claim(),
            Role::Administrator.claim()
        ),
    )
}

impl<S: Send + Sync> FromRequestParts<S> for Signed {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, ApiError> {
        let principal = principal(parts)?;
        match principal.role {
            Some(_) => Ok(Signed(principal)),
            None => Err(no_role()),
        }
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Admin {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, ApiError> {
        let principal = principal(parts)?;
        match principal.role {
            None => Err(no_role()),
            Some(role) => match role.why_not() {
                Some(why) => Err(ApiError::new(StatusCode::FORBIDDEN, "Forbidden", why)),
                None => Ok(Admin {
                    request_id: parts
                        .extensions
                        .get::<RequestId>()
                        .map(|r| r.0.clone())
                        .unwrap_or_default(),
                    principal,
                }),
            },
        }
    }
}

/// The claims this server reads from an access token.
#[derive(Debug, Deserialize)]
struct Claims {
    #[serde(default)]
    sub: String,
    #[serde(default)]
    oid: Option<String>,
    #[serde(default)]
    preferred_username: Option<String>,
    #[serde(default)]
    upn: Option<String>,
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    roles: Vec<String>,
    /// The organisation the account signed in to (Entra's directory id).
    #[serde(default)]
    tid: Option<String>,
    /// Delegated scopes (Entra's `scp`, or OAuth's `scope`): only access tokens carry them.
    #[serde(default)]
    scp: Option<String>,
    #[serde(default)]
    scope: Option<String>,
    /// Only ID tokens carry these.
    #[serde(default)]
    nonce: Option<serde_json::Value>,
    #[serde(default)]
    at_hash: Option<serde_json::Value>,
}

/// A signing key of the issuer and the one algorithm it may be used with.
struct Key {
    algorithm: Algorithm,
    key: DecodingKey,
}

/// Checks access tokens of one issuer for one audience.
pub struct Verifier {
    issuer: String,
    audience: String,
    client: reqwest::Client,
    keys: RwLock<HashMap<String, Arc<Key>>>,
    /// When the keys were last read successfully.
    keys_read_at: RwLock<Option<Instant>>,
    /// When the keys were last fetched (or tried); one fetch at a time.
    last_fetch: tokio::sync::Mutex<Option<Instant>>,
    /// At most one fetch for unknown key ids per this interval.
    refresh_interval: Duration,
    /// What a token must carry, for each accepted algorithm (made once, not per request).
    rs256: Validation,
    es256: Validation,
    /// Origins of the provider's endpoints the browser calls (token endpoint), for the CSP.
    endpoint_origins: RwLock<Vec<String>>,
}

impl Verifier {
    /// A verifier for tokens of `issuer` (https, or http on loopback) meant for `audience`,
    /// allowing `clock_skew_seconds` on `exp` and `nbf`. The keys are fetched on
    /// [`Verifier::refresh`] and for unknown key ids.
    pub fn new(
        issuer: &str,
        audience: &str,
        clock_skew_seconds: u64,
        refresh_interval: Duration,
    ) -> Result<Verifier, String> {
        let issuer = issuer.trim().to_owned();
        check_url(&issuer, "--auth-issuer")?;
        if audience.trim().is_empty() {
            return Err("--auth-audience must name the API the tokens are for.".into());
        }
        let client = reqwest::Client::builder()
            .timeout(Duration::from_secs(10))
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|e| format!("cannot make an HTTP client: {e}"))?;
        let audience = audience.trim().to_owned();
        Ok(Verifier {
            rs256: validation(Algorithm::RS256, &issuer, &audience, clock_skew_seconds),
            es256: validation(Algorithm::ES256, &issuer, &audience, clock_skew_seconds),
            issuer,
            audience,
            client,
            keys: RwLock::new(HashMap::new()),
            keys_read_at: RwLock::new(None),
            last_fetch: tokio::sync::Mutex::new(None),
            refresh_interval,
            endpoint_origins: RwLock::new(Vec::new()),
        })
    }

    /// Origins of the provider's token and authorization endpoints, once discovered.
    pub fn endpoint_origins(&self) -> Vec<String> {
        self.endpoint_origins
            .read()
            .map(|o| o.clone())
            .unwrap_or_default()
    }

    /// Fetches the discovery document and the keys now, whenever they were last fetched (at
    /// start). The keys are replaced only by a readable set.
    pub async fn refresh(&self) -> Result<usize, String> {
        let mut last = self.last_fetch.lock().await;
        *last = Some(Instant::now());
        self.fetch().await
    }

    /// Fetches the keys again unless that was done (or tried) within the last minute: however
    /// many tokens name unknown keys, the issuer is asked at most once a minute.
    async fn refresh_if_due(&self) {
        let mut last = self.last_fetch.lock().await;
        if last.is_some_and(|at| at.elapsed() < self.refresh_interval) {
            return;
        }
        *last = Some(Instant::now());
        if let Err(why) = self.fetch().await {
            eprintln!("sign-in: {why}");
        }
    }

    async fn fetch(&self) -> Result<usize, String> {
        let discovery_url = format!(
            "{}/.well-known/openid-configuration",
            self.issuer.trim_end_matches('/')
        );
        let discovery: Discovery = serde_json::from_slice(&self.get(&discovery_url).await?)
            .map_err(|e| {
                format!("the discovery document at {discovery_url} is not readable: {e}")
            })?;
        if discovery.issuer != self.issuer {
            return Err(format!(
                "the discovery document at {discovery_url} names the issuer {:?}, not {:?}; pass the issuer exactly as it names itself",
                discovery.issuer, self.issuer
            ));
        }
        check_url(&discovery.jwks_uri, "jwks_uri")?;
        let origins: Vec<String> = [&discovery.token_endpoint, &discovery.authorization_endpoint]
            .into_iter()
            .flatten()
            .filter_map(|url| crate::security::origin_of(url))
            .collect();
        if let Ok(mut stored) = self.endpoint_origins.write() {
            *stored = origins;
        }
        let set: KeySet = serde_json::from_slice(&self.get(&discovery.jwks_uri).await?)
            .map_err(|e| format!("the key set at {} is not readable: {e}", discovery.jwks_uri))?;
        let keys = usable_keys(set.keys);
        if keys.is_empty() {
            return Err(format!(
                "the key set at {} has no RS256 or ES256 signing key",
                discovery.jwks_uri
            ));
        }
        let count = keys.len();
        if let Ok(mut stored) = self.keys.write() {
            *stored = keys;
        }
        if let Ok(mut at) = self.keys_read_at.write() {
            *at = Some(Instant::now());
        }
        Ok(count)
    }

    async fn get(&self, url: &str) -> Result<Vec<u8>, String> {
        let mut response = self
            .client
            .get(url)
            .header(header::ACCEPT, "application/json")
            .send()
            .await
            .map_err(|e| format!("cannot read {url}: {e}"))?;
        if !response.status().is_success() {
            return Err(format!("{url} answered {}", response.status()));
        }
        let mut body = Vec::new();
        while let Some(chunk) = response
            .chunk()
            .await
            .map_err(|e| format!("cannot read {url}: {e}"))?
        {
            if body.len() + chunk.len() > MAX_DOCUMENT {
                return Err(format!("{url} is larger than {MAX_DOCUMENT} bytes"));
            }
            body.extend_from_slice(&chunk);
        }
        Ok(body)
    }

    fn key(&self, kid: &str) -> Option<Arc<Key>> {
        self.keys.read().ok()?.get(kid).cloned()
    }

    /// The caller a token names, or why it is refused.
    pub async fn verify(&self, token: &str) -> Result<Principal, Refusal> {
        if token.len() > MAX_TOKEN {
            return Err(Refusal::new("The access token is too long."));
        }
        let header = jsonwebtoken::decode_header(token)
            .map_err(|_| Refusal::new("The access token is not a signed JWT (RS256 or ES256)."))?;
        if !matches!(header.alg, Algorithm::RS256 | Algorithm::ES256) {
            return Err(Refusal::new(format!(
                "Tokens signed with {:?} are not accepted; the issuer must sign with RS256 or ES256.",
                header.alg
            )));
        }
        let kid = header
            .kid
            .ok_or_else(|| Refusal::new("The access token names no signing key (kid)."))?;
        let stale = self
            .keys_read_at
            .read()
            .map(|at| at.is_none_or(|at| at.elapsed() > KEY_MAX_AGE))
            .unwrap_or(true);
        if stale {
            self.refresh_if_due().await;
        }
        let key = match self.key(&kid) {
            Some(key) => key,
            None => {
                self.refresh_if_due().await;
                match self.key(&kid) {
                    Some(key) => key,
                    None if self.keys.read().map(|k| k.is_empty()).unwrap_or(true) => {
                        return Err(Refusal {
                            unavailable: true,
                            ..Refusal::new(format!(
                                "Sign-in cannot be checked: the keys of {} could not be read. Retry in a minute.",
                                self.issuer
                            ))
                        })
                    }
                    None => {
                        return Err(Refusal::new(
                            "The access token is signed by a key the issuer does not publish.",
                        ))
                    }
                }
            }
        };
        if key.algorithm != header.alg {
            return Err(Refusal::new(
                "The access token's algorithm does not match its signing key.",
            ));
        }
        let validation = match key.algorithm {
            Algorithm::ES256 => &self.es256,
            _ => &self.rs256,
        };
        let claims = jsonwebtoken::decode::<Claims>(token, &key.key, validation)
            .map_err(|e| Refusal::new(refusal_message(e.kind(), &self.audience)))?
            .claims;
        // An ID token has the same issuer and keys (and, with one app registration, the same
        // audience): only an access token, with its scopes and without a nonce, opens the API.
        if claims.nonce.is_some() || claims.at_hash.is_some() {
            return Err(Refusal::new(
                "This is an ID token; send the access token for this API.",
            ));
        }
        if claims.scp.is_none() && claims.scope.is_none() {
            return Err(Refusal::new(
                "The token carries no scopes (scp); send an access token for this API.",
            ));
        }
        let user_principal_name = claims
            .preferred_username
            .or(claims.upn)
            .filter(|n| !n.is_empty())
            .unwrap_or_else(|| claims.sub.clone());
        if user_principal_name.is_empty() {
            return Err(Refusal::new(
                "The access token names no user (preferred_username, upn or sub).",
            ));
        }
        let tenant = match claims.tid.as_deref() {
            None => DEFAULT_TENANT.to_owned(),
            Some(tid) if valid_tenant_id(tid) => tid.to_ascii_lowercase(),
            Some(_) => {
                return Err(Refusal::new(
                    "The access token's tid is not a tenant id (1 to 64 letters, digits, '-', '_' or '.').",
                ))
            }
        };
        let bounded = |s: String| s.chars().take(256).collect::<String>();
        let actor = Actor {
            user_principal_name: bounded(user_principal_name),
            id: bounded(claims.oid.unwrap_or(claims.sub)),
        };
        Ok(Principal {
            display_name: bounded(
                claims
                    .name
                    .filter(|n| !n.trim().is_empty())
                    .unwrap_or_else(|| actor.user_principal_name.clone()),
            ),
            role: Role::from_claims(claims.roles.iter().map(String::as_str)),
            actor,
            tenant,
        })
    }
}

/// Whether a token's `tid` can name a tenant (Entra's are GUIDs); `default` is kept for the
/// tenant of callers without one.
fn valid_tenant_id(tid: &str) -> bool {
    (1..=64).contains(&tid.len())
        && !tid.eq_ignore_ascii_case(DEFAULT_TENANT)
        && tid
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
}

/// The checks of `alg` tokens: signature, `iss`, `aud`, `exp` (required) and `nbf`, with
/// `skew` seconds of clock skew.
fn validation(alg: Algorithm, issuer: &str, audience: &str, skew: u64) -> Validation {
    let mut validation = Validation::new(alg);
    validation.leeway = skew;
    validation.validate_nbf = true;
    validation.set_issuer(&[issuer]);
    validation.set_audience(&[audience]);
    validation.set_required_spec_claims(&["exp", "iss", "aud"]);
    validation
}

fn refusal_message(kind: &jsonwebtoken::errors::ErrorKind, audience: &str) -> String {
    use jsonwebtoken::errors::ErrorKind;
    match kind {
        ErrorKind::ExpiredSignature => "The access token has expired. Sign in again.".into(),
        ErrorKind::ImmatureSignature => "The access token is not valid yet (nbf).".into(),
        ErrorKind::InvalidIssuer => "The access token comes from another issuer.".into(),
        ErrorKind::InvalidAudience => format!("The access token is not meant for {audience}."),
        ErrorKind::InvalidSignature => "The access token's signature is not valid.".into(),
        ErrorKind::MissingRequiredClaim(claim) => {
            format!("The access token has no {claim} claim.")
        }
        _ => "The access token is not valid.".into(),
    }
}

/// The keys of a key set this server can check tokens with: RSA keys for RS256 and P-256 keys
/// for ES256, meant for signatures and named by a `kid`. Anything else (HMAC secrets, other
/// curves, encryption keys, unreadable entries) is left out.
fn usable_keys(entries: Vec<serde_json::Value>) -> HashMap<String, Arc<Key>> {
    let mut keys = HashMap::new();
    for entry in entries {
        let Ok(jwk) = serde_json::from_value::<Jwk>(entry) else {
            continue;
        };
        let Some(kid) = jwk.common.key_id.clone() else {
            continue;
        };
        if jwk
            .common
            .public_key_use
            .as_ref()
            .is_some_and(|u| *u != jsonwebtoken::jwk::PublicKeyUse::Signature)
        {
            continue;
        }
        let algorithm = match &jwk.algorithm {
            AlgorithmParameters::RSA(_) => Algorithm::RS256,
            AlgorithmParameters::EllipticCurve(ec) if ec.curve == EllipticCurve::P256 => {
                Algorithm::ES256
            }
            _ => continue,
        };
        if let Ok(key) = DecodingKey::from_jwk(&jwk) {
            keys.insert(kid, Arc::new(Key { algorithm, key }));
        }
    }
    keys
}

#[derive(Deserialize)]
struct Discovery {
    issuer: String,
    jwks_uri: String,
    #[serde(default)]
    token_endpoint: Option<String>,
    #[serde(default)]
    authorization_endpoint: Option<String>,
}

#[derive(Deserialize)]
struct KeySet {
    keys: Vec<serde_json::Value>,
}

/// An issuer or key URL: https, or http on a loopback address (a test provider).
fn check_url(url: &str, what: &str) -> Result<(), String> {
    let loopback = ["http://127.0.0.1", "http://localhost", "http://[::1]"];
    let on_loopback = loopback.iter().any(|prefix| {
        url.strip_prefix(prefix)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with([':', '/']))
    });
    if url.starts_with("https://") || on_loopback {
        Ok(())
    } else {
        Err(format!(
            "{what} must be an https URL (or http on 127.0.0.1 for a test provider), not {url:?}."
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_https_or_loopback_issuers_are_trusted() {
        assert!(check_url("https://login.microsoftonline.com/x/v2.0", "i").is_ok());
        assert!(check_url("http://127.0.0.1:9000", "i").is_ok());
        assert!(check_url("http://localhost/oidc", "i").is_ok());
        assert!(check_url("http://127.0.0.1.evil.example", "i").is_err());
        assert!(check_url("http://login.example", "i").is_err());
        assert!(check_url("ftp://x", "i").is_err());
    }

    #[test]
    fn the_bearer_scheme_is_read_without_case() {
        assert_eq!(bearer("Bearer abc"), Some("abc"));
        assert_eq!(bearer("bearer  abc "), Some("abc"));
        assert_eq!(bearer("Basic abc"), None);
        assert_eq!(bearer("Bearer "), None);
        assert_eq!(bearer("Bearer"), None);
    }

    #[test]
    fn hmac_and_other_keys_in_a_key_set_are_never_used() {
        let keys = usable_keys(vec![
            serde_json::json!({"kty": "oct", "kid": "s", "k": "c2VjcmV0"}),
            serde_json::json!({"kty": "RSA", "kid": "enc", "use": "enc", "n": "sXch", "e": "AQAB"}),
            serde_json::json!({"kty": "RSA", "n": "sXch", "e": "AQAB"}),
            serde_json::json!({"kty": "RSA", "kid": "r", "use": "sig", "n": "sXch", "e": "AQAB"}),
            serde_json::json!("garbage"),
        ]);
        assert_eq!(keys.keys().collect::<Vec<_>>(), vec!["r"]);
        assert_eq!(keys["r"].algorithm, Algorithm::RS256);
    }
}
