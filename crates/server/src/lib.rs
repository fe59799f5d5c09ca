//! The registration service over HTTP. Microsoft Graph's Autopilot shapes under
//! `/api/graph/v1.0`, what Graph lacks under `/api/mmd/v1`, the contract at `/api/openapi.json`,
//! and the built portal at `/` — on one port. The rules are `autopilot_service::service::Service`, the
//! same code the portal's embedded backend runs; every change is written through to SQLite or
//! PostgreSQL in one transaction before the answer.

#![warn(missing_docs)]

pub mod audit_filter;
pub mod auth;
pub mod body_limit;
pub mod config;
pub mod double;
pub mod errors;
pub mod filter;
pub mod processing;
pub mod rate_limit;
pub mod routes;
pub mod security;
pub mod static_files;
pub mod store;
pub mod tenant;
pub mod tenants;
pub mod time;

use crate::auth::{Auth, Verifier};
use crate::config::Config;
use crate::routes::{AppState, Limits};
use crate::static_files::Portal;
use crate::store::{Store, StoreError};
use crate::tenant::Seeding;
use crate::tenants::{Tenants, DEFAULT_TENANT};
use std::fmt;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

/// Why the server could not start.
#[derive(Debug)]
pub enum StartError {
    /// The database could not be opened, migrated or read.
    Store(StoreError),
    /// The address could not be bound.
    Bind(std::io::Error),
    /// Asked to listen beyond loopback without sign-in.
    NeedsSignIn(std::net::IpAddr),
    /// The sign-in settings are not usable.
    Auth(String),
}

impl fmt::Display for StartError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StartError::Store(e) => write!(f, "cannot use the database: {e}"),
            StartError::Bind(e) => write!(f, "cannot listen: {e}"),
            StartError::NeedsSignIn(ip) => write!(
                f,
                "refusing to listen on {ip} without sign-in: anyone who can reach it could change the tenant. \
                 Turn sign-in on with --auth-issuer <OpenID issuer URL> --auth-audience <API audience> \
                 (or DEVICES_AUTH_ISSUER and DEVICES_AUTH_AUDIENCE; see the README, \"Sign-in, roles and the audit log\"), \
                 or listen on 127.0.0.1 for a demo on this machine."
            ),
            StartError::Auth(why) => write!(f, "sign-in: {why}"),
        }
    }
}

impl std::error::Error for StartError {}

/// A started server.
pub struct Running {
    /// The address it listens on.
    pub addr: SocketAddr,
    shutdown: oneshot::Sender<()>,
    server: JoinHandle<std::io::Result<()>>,
    processing: JoinHandle<()>,
    /// `None` for the Graph double, which has no database.
    tenants: Option<Arc<Tenants>>,
}

/// Opens the database, loads (or seeds) the tenant, binds, and serves until [`Running::stop`].
pub async fn start(config: Config) -> Result<Running, StartError> {
    let auth = match &config.auth {
        None if !config.bind.is_loopback() => return Err(StartError::NeedsSignIn(config.bind)),
        None => Auth::Off,
        Some(settings) => {
            let verifier = Verifier::new(
                &settings.issuer,
                &settings.audience,
                settings.clock_skew_seconds,
                settings.key_refresh_interval,
            )
            .map_err(StartError::Auth)?;
            match verifier.refresh().await {
                Ok(keys) => eprintln!("sign-in: {keys} signing key(s) of {}", settings.issuer),
                Err(why) => eprintln!(
                    "warning: sign-in: {why}; requests get 503 until the keys can be read"
                ),
            }
            Auth::On(Box::new(verifier))
        }
    };
    // The browser fetches the issuer's discovery document and calls its token endpoint.
    let mut origins = Vec::new();
    if let Some(origin) = config
        .auth
        .as_ref()
        .and_then(|a| security::origin_of(&a.issuer))
    {
        origins.push(origin);
    }
    // A portal on the graph backend calls Graph.
    if config.portal_backend == "graph" {
        if let Some(origin) = security::origin_of(&config.graph_base) {
            origins.push(origin);
        }
    }
    if let Auth::On(verifier) = &auth {
        for origin in verifier.endpoint_origins() {
            if !origins.contains(&origin) {
                origins.push(origin);
            }
        }
    }
    if let Some(origin) = &config.graph_double {
        return start_double(&config, origin, auth).await;
    }
    let store = Store::open(&config.database)
        .await
        .map_err(StartError::Store)?;
    let tenants = Arc::new(Tenants::new(
        store,
        Seeding {
            processing_delay_ms: config.processing_delay_ms,
            demo: config.seed_demo,
            devices: config.seed_devices,
        },
    ));
    // The default tenant is opened (and seeded) before the first request.
    tenants
        .get(DEFAULT_TENANT)
        .await
        .map_err(StartError::Store)?;
    let listener = tokio::net::TcpListener::bind((config.bind, config.port))
        .await
        .map_err(StartError::Bind)?;
    let addr = listener.local_addr().map_err(StartError::Bind)?;
    let app = routes::router(
        AppState {
            tenants: tenants.clone(),
            auth: Arc::new(auth),
        },
        Portal {
            dist: config.dist.clone(),
            backend: config.portal_backend.clone(),
            graph_base: config.graph_base.clone(),
            auth: config.auth.clone(),
        },
        security::Headers::new(&config.dist, &origins),
        Limits {
            body: config.body_limit,
            rate: config.rate_limit,
            burst: config.rate_burst.unwrap_or(config.rate_limit),
        },
    );
    let (shutdown, server) = serve(listener, app);
    let processing = tokio::spawn(processing::run(
        tenants.clone(),
        Duration::from_millis(config.tick_ms),
    ));
    Ok(Running {
        addr,
        shutdown,
        server,
        processing,
        tenants: Some(tenants),
    })
}

/// The Graph test double on its own (no database, no portal).
async fn start_double(config: &Config, origin: &str, auth: Auth) -> Result<Running, StartError> {
    let listener = tokio::net::TcpListener::bind((config.bind, config.port))
        .await
        .map_err(StartError::Bind)?;
    let addr = listener.local_addr().map_err(StartError::Bind)?;
    let (app, deciding) = double::router(
        double::tenant(config.processing_delay_ms),
        origin,
        Arc::new(auth),
        &format!("http://{addr}/v1.0"),
    );
    let (shutdown, server) = serve(listener, app);
    Ok(Running {
        addr,
        shutdown,
        server,
        processing: deciding,
        tenants: None,
    })
}

/// Serves `app` on `listener` until the returned sender is used (or dropped), then lets the
/// requests under way finish.
fn serve(
    listener: tokio::net::TcpListener,
    app: axum::Router,
) -> (oneshot::Sender<()>, JoinHandle<std::io::Result<()>>) {
    let (shutdown, signal) = oneshot::channel::<()>();
    let server = tokio::spawn(async move {
        // With the peer's address: the rate limit counts a caller without sign-in by it.
        axum::serve(
            listener,
            app.into_make_service_with_connect_info::<std::net::SocketAddr>(),
        )
        .with_graceful_shutdown(async {
            let _ = signal.await;
        })
        .await
    });
    (shutdown, server)
}

impl Running {
    /// Stops accepting requests, lets those under way finish, stops processing and closes the
    /// database.
    pub async fn stop(self) {
        let _ = self.shutdown.send(());
        match self.server.await {
            Ok(Ok(())) => {}
            Ok(Err(e)) => eprintln!("server stopped with an error: {e}"),
            Err(e) => eprintln!("server task failed: {e}"),
        }
        self.processing.abort();
        let _ = self.processing.await;
        if let Some(tenants) = self.tenants {
            tenants.close().await;
        }
    }
}
