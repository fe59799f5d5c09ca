//! One conformance suite for the `Backend` boundary ([`suite`]), run against both backends the
//! portal has: the embedded service (over memory storage) and the HTTP backend talking to a real
//! registration server on loopback (its own SQLite file). Both must behave the same way, call for
//! call: the portal cannot tell them apart.

mod suite;
mod transport;

use autopilot_service::device::{Millis, RealTime};
use portal_backend::embedded::EmbeddedBackend;
use portal_backend::http::HttpBackend;
use portal_backend::storage::Memory;
use portal_model::backend::Backend;
use std::rc::Rc;

/// How long a registration stays pending in both backends.
const DELAY: Millis = Millis(100);

fn real_now() -> RealTime {
    RealTime(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_millis() as i64),
    )
}

fn embedded() -> EmbeddedBackend<Memory> {
    EmbeddedBackend::new(Memory::default(), Rc::new(real_now), Some(DELAY))
}

/// A server on a fresh database in a temporary directory, seeded with the demo tenant.
struct Server {
    running: Option<server::Running>,
    dir: std::path::PathBuf,
}

impl Server {
    async fn start(name: &str) -> Server {
        let dir =
            std::env::temp_dir().join(format!("devices-conformance-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("temp dir");
        let config = server::config::Config {
            database: server::store::Database::Sqlite(dir.join("devices.sqlite")),
            port: 0,
            dist: dir.join("dist"),
            processing_delay_ms: DELAY,
            tick_ms: 20,
            rate_limit: 0.0,
            seed_demo: true,
            ..server::config::Config::default()
        };
        let running = server::start(config).await.expect("server starts");
        Server {
            running: Some(running),
            dir,
        }
    }

    fn backend(&self) -> HttpBackend<transport::Hyper> {
        let addr = self.running.as_ref().map(|r| r.addr).expect("running");
        HttpBackend::new(
            &format!("http://{addr}/api"),
            transport::Hyper,
            Rc::new(|_, _| {}),
        )
    }

    async fn stop(mut self) {
        if let Some(running) = self.running.take() {
            running.stop().await;
        }
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// Each scenario of the suite, once per backend.
macro_rules! conformance {
    ($($scenario:ident),* $(,)?) => {
        mod embedded_service {
            $(
                #[tokio::test]
                async fn $scenario() {
                    let backend = super::embedded();
                    super::suite::$scenario(&backend as &dyn super::Backend).await;
                }
            )*
        }
        mod http_server {
            $(
                #[tokio::test(flavor = "current_thread")]
                async fn $scenario() {
                    let server = super::Server::start(stringify!($scenario)).await;
                    let backend = server.backend();
                    super::suite::$scenario(&backend as &dyn super::Backend).await;
                    server.stop().await;
                }
            )*
        }
    };
}

conformance!(
    loads_the_demo_tenant,
    the_daily_check_tags_every_registered_device,
    registers_devices_pending_then_ready,
    decides_outcomes_as_the_real_service_does,
    a_batch_sent_again_registers_nothing_twice,
    a_key_reused_for_other_devices_is_refused,
    refresh_leaves_out_what_is_gone,
    removal_waits_until_the_registration_is_done,
    profile_changes_and_retries_follow_the_state,
    demo_sign_in_is_all_or_none_and_the_clock_moves,
    reset_restores_the_demo_tenant,
    seeding_adds_devices_in_every_state_and_keeps_them,
    nobody_signs_in_and_every_change_is_in_the_audit_log,
    the_audit_log_pages_from_newest_to_oldest,
    bulk_changes_answer_per_device_and_are_one_audit_event_each,
);
