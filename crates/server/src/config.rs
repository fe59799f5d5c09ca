//! Command-line flags and environment variables. Flags win over variables; both are optional.

use std::net::{IpAddr, Ipv4Addr};
use std::path::PathBuf;

/// Everything the server can be told at start.
#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    /// SQLite database file, created if missing.
    pub db: PathBuf,
    /// Address to bind; loopback unless told otherwise.
    pub bind: IpAddr,
    /// TCP port; 0 picks a free one (the chosen port is printed).
    pub port: u16,
    /// The built portal (Trunk's `dist`), served at `/` with a fallback to `index.html`.
    pub dist: PathBuf,
    /// How long a registration stays pending, in milliseconds.
    pub processing_delay_ms: i64,
    /// How often the background task decides due registrations, in milliseconds.
    pub tick_ms: u64,
    /// Sustained API request rate in requests per second; 0 turns the limit off.
    pub rate_limit: f64,
    /// Requests allowed in a burst above the sustained rate; defaults to one second's worth.
    pub rate_burst: Option<f64>,
    /// Largest request body in bytes.
    pub body_limit: usize,
    /// Seed the demo tenant (Contoso with 42 devices) when the database is empty. Without it an
    /// empty database gets the demo tenant's settings but no devices.
    pub seed_demo: bool,
    /// What `/config.json` tells the portal: `http` (use this server) or `embedded`.
    pub portal_backend: String,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            db: PathBuf::from("devices.sqlite"),
            bind: IpAddr::V4(Ipv4Addr::LOCALHOST),
            port: 8080,
            dist: PathBuf::from("dist"),
            processing_delay_ms: 4_000,
            tick_ms: 250,
            rate_limit: 50.0,
            rate_burst: None,
            body_limit: 16 * 1024 * 1024,
            seed_demo: true,
            portal_backend: "http".into(),
        }
    }
}

/// The `--help` text.
pub const USAGE: &str = "\
Usage: server [OPTIONS]

Serves the registration API (Graph shapes under /api/graph/v1.0, the rest under /api/mmd/v1)
and the built portal on one port, keeping the tenant's devices in SQLite.

Options (environment variable in brackets):
  --db PATH                  SQLite file, created if missing [DEVICES_DB] (devices.sqlite)
  --port N                   TCP port, 0 = any free one [DEVICES_PORT] (8080)
  --bind ADDR                address to bind [DEVICES_BIND] (127.0.0.1)
  --dist DIR                 built portal to serve [DEVICES_DIST] (dist)
  --processing-delay-ms N    how long a registration stays pending [DEVICES_PROCESSING_DELAY_MS] (4000)
  --tick-ms N                how often due registrations are decided [DEVICES_TICK_MS] (250)
  --rate-limit N             API requests per second, 0 = unlimited [DEVICES_RATE_LIMIT] (50)
  --rate-burst N             requests allowed in a burst [DEVICES_RATE_BURST] (= rate limit)
  --body-limit-mb N          largest request body in MiB [DEVICES_BODY_LIMIT_MB] (16)
  --seed-demo, --no-seed-demo
                             seed the demo tenant's devices into an empty database [DEVICES_SEED_DEMO] (on)
  --portal-backend NAME      what /config.json tells the portal: http or embedded [DEVICES_PORTAL_BACKEND] (http)
  -h, --help                 this text
";

/// What the command line asked for.
#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    /// Run the server.
    Serve(Config),
    /// Print [`USAGE`].
    Help,
}

impl Config {
    /// Reads flags (without the program name) and variables (`env` looks one up).
    pub fn parse(
        args: impl IntoIterator<Item = String>,
        env: impl Fn(&str) -> Option<String>,
    ) -> Result<Command, String> {
        let mut config = Config::default();
        for (var, flag) in [
            ("DEVICES_DB", "--db"),
            ("DEVICES_PORT", "--port"),
            ("DEVICES_BIND", "--bind"),
            ("DEVICES_DIST", "--dist"),
            ("DEVICES_PROCESSING_DELAY_MS", "--processing-delay-ms"),
            ("DEVICES_TICK_MS", "--tick-ms"),
            ("DEVICES_RATE_LIMIT", "--rate-limit"),
            ("DEVICES_RATE_BURST", "--rate-burst"),
            ("DEVICES_BODY_LIMIT_MB", "--body-limit-mb"),
            ("DEVICES_PORTAL_BACKEND", "--portal-backend"),
        ] {
            if let Some(value) = env(var) {
                config
                    .set(flag, &value)
                    .map_err(|e| format!("{var}: {e}"))?;
            }
        }
        if let Some(value) = env("DEVICES_SEED_DEMO") {
            config.seed_demo = parse_bool(&value).map_err(|e| format!("DEVICES_SEED_DEMO: {e}"))?;
        }
        let mut args = args.into_iter();
        while let Some(arg) = args.next() {
            let (flag, inline) = match arg.split_once('=') {
                Some((flag, value)) if flag.starts_with("--") => (flag.to_owned(), Some(value)),
                _ => (arg.clone(), None),
            };
            match flag.as_str() {
                "-h" | "--help" => return Ok(Command::Help),
                "--seed-demo" => config.seed_demo = inline.map_or(Ok(true), parse_bool)?,
                "--no-seed-demo" => config.seed_demo = false,
                _ => {
                    let value = match inline {
                        Some(v) => v.to_owned(),
                        None => args.next().ok_or_else(|| format!("{flag} needs a value"))?,
                    };
                    config.set(&flag, &value)?;
                }
            }
        }
        Ok(Command::Serve(config))
    }

    fn set(&mut self, flag: &str, value: &str) -> Result<(), String> {
        let number = |what: &str| -> Result<u64, String> {
            value
                .trim()
                .parse::<u64>()
                .map_err(|_| format!("{flag} wants {what}, not {value:?}"))
        };
        match flag {
            "--db" => self.db = PathBuf::from(value),
            "--dist" => self.dist = PathBuf::from(value),
            "--port" => {
                self.port = value
                    .trim()
                    .parse()
                    .map_err(|_| format!("--port wants a port number, not {value:?}"))?
            }
            "--bind" => {
                self.bind = value
                    .trim()
                    .parse()
                    .map_err(|_| format!("--bind wants an IP address, not {value:?}"))?
            }
            "--processing-delay-ms" => {
                self.processing_delay_ms = i64::try_from(number("milliseconds")?)
                    .map_err(|_| "--processing-delay-ms is too large".to_owned())?
            }
            "--tick-ms" => self.tick_ms = number("milliseconds")?.max(1),
            "--rate-limit" => self.rate_limit = number("requests per second")? as f64,
            "--rate-burst" => self.rate_burst = Some(number("a request count")?.max(1) as f64),
            "--body-limit-mb" => {
                self.body_limit = usize::try_from(number("MiB")?)
                    .ok()
                    .and_then(|mb| mb.checked_mul(1024 * 1024))
                    .ok_or_else(|| "--body-limit-mb is too large".to_owned())?
            }
            "--portal-backend" => match value {
                "http" | "embedded" => self.portal_backend = value.to_owned(),
                _ => {
                    return Err(format!(
                        "--portal-backend is http or embedded, not {value:?}"
                    ))
                }
            },
            _ => return Err(format!("unknown option {flag}; see --help")),
        }
        Ok(())
    }
}

fn parse_bool(value: &str) -> Result<bool, String> {
    match value.trim().to_ascii_lowercase().as_str() {
        "1" | "true" | "yes" | "on" => Ok(true),
        "0" | "false" | "no" | "off" => Ok(false),
        _ => Err(format!("wants true or false, not {value:?}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str], env: &[(&str, &str)]) -> Result<Command, String> {
        let env: Vec<(String, String)> = env
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        Config::parse(args.iter().map(|a| (*a).to_owned()), |name| {
            env.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone())
        })
    }

    #[test]
    fn flags_win_over_variables_and_defaults_are_safe() {
        let Ok(Command::Serve(c)) = parse(
            &["--db", "a.sqlite", "--port=0", "--no-seed-demo"],
            &[("DEVICES_PORT", "9000"), ("DEVICES_RATE_LIMIT", "7")],
        ) else {
            panic!("parsed")
        };
        assert_eq!(c.db, PathBuf::from("a.sqlite"));
        assert_eq!(c.port, 0);
        assert_eq!(c.rate_limit, 7.0);
        assert!(!c.seed_demo);
        assert_eq!(c.bind, IpAddr::V4(Ipv4Addr::LOCALHOST));
        assert_eq!(c.body_limit, 16 << 20);
    }

    #[test]
    fn bad_input_is_explained() {
        assert!(parse(&["--port", "x"], &[]).is_err_and(|e| e.contains("--port")));
        assert!(parse(&["--frobnicate", "1"], &[]).is_err_and(|e| e.contains("unknown")));
        assert!(parse(&["--db"], &[]).is_err_and(|e| e.contains("needs a value")));
        assert_eq!(parse(&["--help"], &[]), Ok(Command::Help));
    }
}
