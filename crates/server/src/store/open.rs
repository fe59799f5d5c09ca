//! Which database, and opening it: the connection pool, each engine's settings and migrations.

use super::{Engine, Store, StoreError};
use sqlx::any::AnyPoolOptions;
use sqlx::Executor;
use std::fmt;
use std::path::PathBuf;
use std::time::Duration;

/// Where the tenants are stored.
#[derive(Clone, PartialEq, Eq)]
pub enum Database {
    /// A SQLite file, created if missing: one server process.
    Sqlite(PathBuf),
    /// A PostgreSQL URL (`postgres://user:password@host:port/database`): any number of server
    /// processes.
    Postgres(String),
}

impl Database {
    /// A `--database` URL: `postgres://` or `postgresql://` (the scheme checked, the rest left
    /// to the driver), or a refusal that says what is accepted.
    pub fn from_url(url: &str) -> Result<Database, String> {
        let scheme = url.split_once("://").map(|(s, _)| s.to_ascii_lowercase());
        match scheme.as_deref() {
            Some("postgres" | "postgresql") => Ok(Database::Postgres(url.to_owned())),
            _ => Err(format!(
                "--database takes a PostgreSQL URL (postgres://user:password@host:5432/database), not {:?}; \
                 for a SQLite file use --db FILE",
                redacted(url)
            )),
        }
    }
}

/// A URL with its password replaced by `***`, for logs.
fn redacted(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.chars().take(200).collect();
    };
    let (authority, path) = rest.split_once('/').map_or((rest, ""), |(a, p)| (a, p));
    let authority = match authority.rsplit_once('@') {
        Some((user_info, host)) => match user_info.split_once(':') {
            Some((user, _)) => format!("{user}:***@{host}"),
            None => format!("{user_info}@{host}"),
        },
        None => authority.to_owned(),
    };
    let path = if path.is_empty() {
        String::new()
    } else {
        format!("/{}", path.split('?').next().unwrap_or_default())
    };
    format!("{scheme}://{authority}{path}")
}

/// Shown in logs and the start line: never the password.
impl fmt::Display for Database {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Database::Sqlite(path) => write!(f, "{}", path.display()),
            Database::Postgres(url) => f.write_str(&redacted(url)),
        }
    }
}

impl fmt::Debug for Database {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Database({self})")
    }
}

/// `sqlite:` URL of a file path (percent-encoded, created if missing).
fn sqlite_url(path: &std::path::Path) -> String {
    let mut url = String::from("sqlite:");
    for byte in path.as_os_str().as_encoded_bytes() {
        if byte.is_ascii_alphanumeric() || b"/._-~".contains(byte) {
            url.push(char::from(*byte));
        } else {
            url.push_str(&format!("%{byte:02X}"));
        }
    }
    url.push_str("?mode=rwc");
    url
}

impl Store {
    /// Opens (creating a SQLite file if missing) the database and brings its schema up to date.
    pub async fn open(database: &Database) -> Result<Store, StoreError> {
        sqlx::any::install_default_drivers();
        let (url, engine) = match database {
            Database::Sqlite(path) => (sqlite_url(path), Engine::Sqlite),
            Database::Postgres(url) => (url.clone(), Engine::Postgres),
        };
        let options = AnyPoolOptions::new()
            .acquire_timeout(Duration::from_secs(30))
            .after_connect(move |connection, _| {
                Box::pin(async move {
                    let settings: &[&str] = match engine {
                        // Every acknowledged change survives a crash of the process and of the
                        // machine; readers do not wait for the writer.
                        Engine::Sqlite => &[
                            "PRAGMA journal_mode = WAL",
                            "PRAGMA synchronous = FULL",
                            "PRAGMA busy_timeout = 10000",
                        ],
                        // A process that stalls holding a tenant's lock (paused, or cut off
                        // half-way) frees it within a minute, and nobody waits on it forever.
                        Engine::Postgres => &[
                            "SET lock_timeout = '30s'",
                            "SET idle_in_transaction_session_timeout = '60s'",
                        ],
                    };
                    for setting in settings {
                        connection.execute(*setting).await?;
                    }
                    Ok(())
                })
            });
        let pool = match engine {
            // One writer at a time anyway; a second connection serves reads meanwhile.
            Engine::Sqlite => options.max_connections(2),
            Engine::Postgres => options.max_connections(10),
        }
        .connect(&url)
        .await?;
        let migrated = match engine {
            Engine::Sqlite => sqlx::migrate!("./migrations/sqlite").run(&pool).await,
            Engine::Postgres => sqlx::migrate!("./migrations/postgres").run(&pool).await,
        };
        migrated.map_err(StoreError::Migration)?;
        Ok(Store { pool, engine })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_url_is_shown_without_its_password() {
        let db = Database::from_url(
            "postgres://devices:s3cret@db.internal:5432/devices?sslmode=disable",
        )
        .expect("postgres");
        assert_eq!(
            db.to_string(),
            "postgres://devices:***@db.internal:5432/devices"
        );
        assert!(!format!("{db:?}").contains("s3cret"));
        let refused = Database::from_url("mysql://root:hunter2@db/devices").expect_err("mysql");
        assert!(refused.contains("--db FILE"), "{refused}");
        assert!(!refused.contains("hunter2"), "{refused}");
    }

    #[test]
    fn a_sqlite_path_is_encoded_into_its_url() {
        assert_eq!(
            sqlite_url(std::path::Path::new("/tmp/a b?c#d.sqlite")),
            "sqlite:/tmp/a%20b%3Fc%23d.sqlite?mode=rwc"
        );
    }
}
