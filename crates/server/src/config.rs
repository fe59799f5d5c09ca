//! Command-line flags and environment variables (clap): flags win over variables; both are
//! optional, and `--help` lists them with their defaults.

use crate::store::Database;
use autopilot_service::device::Millis;
use clap::builder::BoolishValueParser;
use clap::Parser;
use std::net::{IpAddr, Ipv4Addr};
use std::path::PathBuf;

/// Microsoft Graph's beta endpoint (where the Autopilot sync lives).
pub const DEFAULT_GRAPH_BASE: &str = "https://graph.microsoft.com/beta";

/// Everything the server can be told at start.
#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    /// Where the tenants are stored: a SQLite file (created if missing) or PostgreSQL.
    pub database: Database,
    /// Address to bind; loopback unless told otherwise.
    pub bind: IpAddr,
    /// TCP port; 0 picks a free one (the chosen port is printed).
    pub port: u16,
    /// The built portal (Trunk's `dist`), served at `/` with a fallback to `index.html`.
    pub dist: PathBuf,
    /// How long a registration stays pending, in milliseconds.
    pub processing_delay_ms: Millis,
    /// How often the background task decides due registrations, in milliseconds.
    pub tick_ms: u64,
    /// Sustained API request rate of each caller (signed-in account, else client address) in
    /// requests per second; 0 turns the limit off.
    pub rate_limit: f64,
    /// Requests allowed in a burst above the sustained rate; defaults to one second's worth.
    pub rate_burst: Option<f64>,
    /// Largest request body in bytes.
    pub body_limit: usize,
    /// Seed the demo tenant (Contoso with 42 devices) when the database is empty. Without it an
    /// empty database gets the demo tenant's settings but no devices.
    pub seed_demo: bool,
    /// Synthetic devices in every state to seed into an empty database as well
    /// (`autopilot_service::demo::seed`), to try the workspace at scale.
    pub seed_devices: usize,
    /// What `/config.json` tells the portal: `http` (use this server), `embedded`, or `graph`
    /// (a real tenant through Microsoft Graph at `graph_base`).
    pub portal_backend: String,
    /// Microsoft Graph for a portal on the `graph` backend (`/config.json` and the CSP).
    pub graph_base: String,
    /// Sign-in: without it every request is the demo administrator, on loopback only.
    pub auth: Option<AuthSettings>,
    /// Serve the Microsoft Graph test double (`crate::double`) for the portal at this origin,
    /// instead of the registration API and the portal.
    pub graph_double: Option<String>,
}

/// Where access tokens come from and whom they are for; what the portal signs in with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuthSettings {
    /// The OpenID issuer, exactly as its discovery document names it.
    pub issuer: String,
    /// The `aud` tokens must carry (the API's application id URI or client id).
    pub audience: String,
    /// The portal's client id at the issuer, written into `/config.json` when given.
    pub client_id: Option<String>,
    /// The scopes the portal asks for, written into `/config.json` with the client id.
    pub scopes: Option<String>,
    /// Clock skew allowed on a token's `exp` and `nbf`, in seconds.
    pub clock_skew_seconds: u64,
    /// At most one key fetch for unknown key ids per this interval (a minute; tests shorten it).
    pub key_refresh_interval: std::time::Duration,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            database: Database::Sqlite(PathBuf::from("devices.sqlite")),
            bind: IpAddr::V4(Ipv4Addr::LOCALHOST),
            port: 8080,
            dist: PathBuf::from("dist"),
            processing_delay_ms: Millis(4_000),
            tick_ms: 250,
            rate_limit: 50.0,
            rate_burst: None,
            body_limit: 16 * 1024 * 1024,
            seed_demo: true,
            seed_devices: 0,
            portal_backend: "http".into(),
            graph_base: DEFAULT_GRAPH_BASE.into(),
            auth: None,
            graph_double: None,
        }
    }
}

/// The server's command line.
#[derive(Debug, Clone, Parser)]
// A flag given again wins over the earlier one: `scripts/run.sh --server --db other.sqlite` passes
// its own `--db devices.sqlite` first.
#[command(
    name = "server",
    version,
    args_override_self = true,
    about = "Serves the registration API (Graph shapes under /api/graph/v1.0, the rest under /api/mmd/v1) and the built portal on one port, keeping the tenants' devices in SQLite (one process) or PostgreSQL (any number of processes on one database)."
)]
pub struct Args {
    /// SQLite file, created if missing (one server process).
    #[arg(long, env = "DEVICES_DB", default_value = "devices.sqlite")]
    db: PathBuf,
    /// PostgreSQL instead of the SQLite file, for several server processes on one database:
    /// postgres://user:password@host:5432/database. Wins over --db.
    #[arg(long, env = "DEVICES_DATABASE", value_parser = Database::from_url)]
    database: Option<Database>,
    /// TCP port; 0 picks a free one (printed on the first line).
    #[arg(long, env = "DEVICES_PORT", default_value_t = 8080)]
    port: u16,
    /// Address to bind.
    #[arg(long, env = "DEVICES_BIND", default_value_t = IpAddr::V4(Ipv4Addr::LOCALHOST))]
    bind: IpAddr,
    /// The built portal to serve.
    #[arg(long, env = "DEVICES_DIST", default_value = "dist")]
    dist: PathBuf,
    /// How long a registration stays pending, in milliseconds.
    #[arg(long, env = "DEVICES_PROCESSING_DELAY_MS", default_value_t = 4_000,
          value_parser = clap::value_parser!(i64).range(0..=86_400_000))]
    processing_delay_ms: i64,
    /// How often due registrations are decided, in milliseconds.
    #[arg(long, env = "DEVICES_TICK_MS", default_value_t = 250,
          value_parser = clap::value_parser!(u64).range(1..=60_000))]
    tick_ms: u64,
    /// API requests per second of each caller (signed-in account, else client address); 0 turns
    /// the limit off.
    #[arg(long, env = "DEVICES_RATE_LIMIT", default_value_t = 50)]
    rate_limit: u32,
    /// Requests allowed in a burst above the sustained rate [default: the rate limit].
    #[arg(long, env = "DEVICES_RATE_BURST", value_parser = clap::value_parser!(u32).range(1..))]
    rate_burst: Option<u32>,
    /// Largest request body, in MiB.
    #[arg(long, env = "DEVICES_BODY_LIMIT_MB", default_value_t = 16,
          value_parser = clap::value_parser!(u32).range(1..=1024))]
    body_limit_mb: u32,
    /// Seed the demo tenant's devices into an empty database.
    #[arg(long, env = "DEVICES_SEED_DEMO", default_value = "true", num_args = 0..=1,
          default_missing_value = "true", value_parser = BoolishValueParser::new())]
    seed_demo: bool,
    /// An empty database gets the demo tenant's settings but no devices.
    #[arg(long, overrides_with = "seed_demo")]
    no_seed_demo: bool,
    /// Also seed this many synthetic devices in every state into an empty database (a tenant at
    /// scale, e.g. 100000).
    #[arg(long, env = "DEVICES_SEED_DEVICES", default_value_t = 0,
          value_parser = clap::value_parser!(u32).range(0..=autopilot_service::demo::MAX_SEEDED as i64))]
    seed_devices: u32,
    /// What /config.json tells the portal: use this server (http), its own service (embedded),
    /// or a real tenant through Microsoft Graph (graph; needs --auth-client-id and Graph's
    /// scopes in --auth-scopes).
    #[arg(long, env = "DEVICES_PORTAL_BACKEND", default_value = "http",
          value_parser = ["http", "embedded", "graph"])]
    portal_backend: String,
    /// Microsoft Graph, for a portal on the graph backend.
    #[arg(long, env = "DEVICES_GRAPH_BASE", default_value = DEFAULT_GRAPH_BASE)]
    graph_base: String,
    /// OpenID issuer whose access tokens every /api request must carry (sign-in on), e.g.
    /// https://login.microsoftonline.com/<tenant id>/v2.0.
    #[arg(long, env = "DEVICES_AUTH_ISSUER", requires = "auth_audience")]
    auth_issuer: Option<String>,
    /// The audience (`aud`) those tokens must be for, e.g. api://devices-portal.
    #[arg(long, env = "DEVICES_AUTH_AUDIENCE", requires = "auth_issuer")]
    auth_audience: Option<String>,
    /// The portal's client id at the issuer, served to the portal in /config.json.
    #[arg(long, env = "DEVICES_AUTH_CLIENT_ID", requires = "auth_issuer")]
    auth_client_id: Option<String>,
    /// The scopes the portal signs in with, served in /config.json
    /// [default: openid profile offline_access <audience>/Devices.Access].
    #[arg(long, env = "DEVICES_AUTH_SCOPES", requires = "auth_client_id")]
    auth_scopes: Option<String>,
    /// Clock skew allowed on a token's exp and nbf, in seconds.
    #[arg(long, env = "DEVICES_AUTH_CLOCK_SKEW_SECONDS", default_value_t = 60,
          value_parser = clap::value_parser!(u64).range(0..=300))]
    auth_clock_skew_seconds: u64,
    /// Tests only: serve a Microsoft Graph test double (in memory) for the portal at this
    /// origin (e.g. http://127.0.0.1:4173) instead of the registration API; see docs/graph.md.
    #[arg(long, env = "DEVICES_GRAPH_DOUBLE")]
    graph_double: Option<String>,
}

impl Args {
    /// The settings these arguments ask for.
    pub fn config(self) -> Config {
        Config {
            database: self.database.unwrap_or(Database::Sqlite(self.db)),
            bind: self.bind,
            port: self.port,
            dist: self.dist,
            processing_delay_ms: Millis(self.processing_delay_ms),
            tick_ms: self.tick_ms,
            rate_limit: f64::from(self.rate_limit),
            rate_burst: self.rate_burst.map(f64::from),
            body_limit: self.body_limit_mb as usize * 1024 * 1024,
            seed_demo: self.seed_demo && !self.no_seed_demo,
            seed_devices: self.seed_devices as usize,
            portal_backend: self.portal_backend,
            graph_base: self.graph_base,
            auth: match (self.auth_issuer, self.auth_audience) {
                (Some(issuer), Some(audience)) => Some(AuthSettings {
                    issuer,
                    audience,
                    client_id: self.auth_client_id,
                    scopes: self.auth_scopes,
                    clock_skew_seconds: self.auth_clock_skew_seconds,
                    key_refresh_interval: crate::auth::KEY_REFRESH_INTERVAL,
                }),
                _ => None,
            },
            graph_double: self.graph_double,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str]) -> Result<Config, clap::Error> {
        Args::try_parse_from(std::iter::once("server").chain(args.iter().copied()))
            .map(Args::config)
    }

    #[test]
    fn defaults_are_safe_and_flags_are_read() {
        let c = parse(&[]).expect("defaults");
        assert_eq!(c, Config::default());
        let c = parse(&[
            "--db",
            "a.sqlite",
            "--port=0",
            "--no-seed-demo",
            "--rate-limit",
            "7",
        ])
        .expect("parsed");
        assert_eq!(c.database, Database::Sqlite(PathBuf::from("a.sqlite")));
        assert_eq!(c.port, 0);
        assert_eq!(c.rate_limit, 7.0);
        assert!(!c.seed_demo);
        assert_eq!(c.bind, IpAddr::V4(Ipv4Addr::LOCALHOST));
        assert_eq!(c.body_limit, 16 << 20);
        assert!(!parse(&["--seed-demo=no"]).expect("parsed").seed_demo);
        assert!(parse(&["--seed-demo"]).expect("parsed").seed_demo);
        assert_eq!(c.seed_devices, 0);
        let scale = parse(&["--seed-devices", "100000"]).expect("parsed");
        assert_eq!(scale.seed_devices, 100_000);
        assert!(
            parse(&["--seed-devices", "200001"]).is_err(),
            "more than a seeding adds"
        );
        // What scripts/run.sh --server --db other.sqlite passes: the later one wins.
        let again = parse(&[
            "--db",
            "devices.sqlite",
            "--port",
            "8080",
            "--db",
            "other.sqlite",
        ]);
        assert_eq!(
            again.expect("parsed").database,
            Database::Sqlite(PathBuf::from("other.sqlite"))
        );
        let postgres = parse(&["--db", "a.sqlite", "--database", "postgres://d@127.0.0.1/d"]);
        assert_eq!(
            postgres.expect("parsed").database,
            Database::Postgres("postgres://d@127.0.0.1/d".into()),
            "--database wins over --db"
        );
        let auth = parse(&[
            "--auth-issuer=https://id.example",
            "--auth-audience=api://d",
        ])
        .expect("parsed")
        .auth
        .expect("sign-in on");
        assert_eq!(
            (auth.issuer.as_str(), auth.audience.as_str()),
            ("https://id.example", "api://d")
        );
    }

    #[test]
    fn bad_input_is_explained() {
        let message = |args: &[&str]| parse(args).expect_err("refused").to_string();
        assert!(message(&["--port", "x"]).contains("--port"));
        assert!(message(&["--frobnicate", "1"]).contains("--frobnicate"));
        assert!(message(&["--db"]).contains("--db"));
        assert!(message(&["--database", "devices.sqlite"]).contains("--db FILE"));
        assert!(message(&["--tick-ms", "0"]).contains("--tick-ms"));
        assert!(message(&["--portal-backend", "graphql"]).contains("embedded"));
        assert!(message(&["--auth-issuer", "https://x"]).contains("--auth-audience"));
        let help = Args::try_parse_from(["server", "--help"]).expect_err("help");
        assert_eq!(help.kind(), clap::error::ErrorKind::DisplayHelp);
        let text = help.to_string();
        assert!(
            text.contains("DEVICES_PROCESSING_DELAY_MS") && text.contains("[default: 4000]"),
            "{text}"
        );
    }
}
