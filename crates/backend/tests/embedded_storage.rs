//! The embedded service and its storage: nothing is acknowledged before it is stored, a failed
//! write is forgotten (the next call reads what is stored), and what is stored is read back.

use autopilot_service::device::{Millis, RealTime};
use portal_backend::embedded::EmbeddedBackend;
use portal_backend::storage::{Memory, Storage, Write, DEVICES};
use portal_model::backend::{Backend, BackendError};
use std::rc::Rc;

fn backend() -> EmbeddedBackend<Memory> {
    EmbeddedBackend::new(
        Memory::default(),
        Rc::new(|| RealTime(1_800_000_000_000)),
        Some(Millis(1_000)),
    )
}

fn submission(serial: &str) -> autopilot_service::service::Submission {
    autopilot_service::service::Submission {
        serial: serial.into(),
        manufacturer: "HP".into(),
        model: String::new(),
        assigned_user: String::new(),
        hardware_hash: None,
        source: None,
    }
}

#[tokio::test]
async fn a_write_that_fails_is_not_acknowledged_and_not_kept() {
    let b = backend();
    assert_eq!(b.load().await.expect("seeded").devices.len(), 42);
    *b.storage().fail_writes.borrow_mut() = Some("quota exceeded".into());
    let result = b
        .import(
            vec![submission("S-1")],
            autopilot_service::Profile::Standard,
            "k".into(),
        )
        .await;
    assert_eq!(
        result.map(|d| d.len()),
        Err(BackendError::Storage("quota exceeded".into()))
    );
    *b.storage().fail_writes.borrow_mut() = None;
    let snapshot = b.load().await.expect("loads");
    assert_eq!(
        snapshot.devices.len(),
        42,
        "the refused write left nothing behind"
    );
}

#[tokio::test]
async fn a_record_that_cannot_be_read_is_named_and_kept() {
    let b = backend();
    b.load().await.expect("seeded");
    let mut write = Write::default();
    write.put(DEVICES, "broken".into(), "{\"id\": 7".into());
    b.storage().write(write).await.expect("stored");
    // A new portal (a reload) on the same data.
    let again = EmbeddedBackend::new(
        copy(b.storage()).await,
        Rc::new(|| RealTime(1_800_000_000_000)),
        None,
    );
    let snapshot = again.load().await.expect("loads");
    assert_eq!(snapshot.devices.len(), 42);
    assert_eq!(snapshot.unreadable.len(), 1, "{:?}", snapshot.unreadable);
    assert!(snapshot.unreadable[0].contains("device record"));
    let kept = again.storage().get(DEVICES, "broken").await.expect("get");
    assert_eq!(kept.as_deref(), Some("{\"id\": 7"), "never deleted");
}

#[tokio::test]
async fn batch_keys_survive_a_reload() {
    let b = backend();
    let first = b
        .import(
            vec![submission("S-1"), submission("S-2")],
            autopilot_service::Profile::Standard,
            "k".into(),
        )
        .await
        .expect("accepted");
    // The answer was lost and the page reloaded: a new portal on the same data sends it again.
    let again = EmbeddedBackend::new(
        copy(b.storage()).await,
        Rc::new(|| RealTime(1_800_000_000_000)),
        None,
    );
    let replayed = again
        .import(
            vec![submission("S-1"), submission("S-2")],
            autopilot_service::Profile::Standard,
            "k".into(),
        )
        .await
        .expect("the first answer");
    let ids = |d: &[autopilot_service::Device]| d.iter().map(|d| d.id.clone()).collect::<Vec<_>>();
    assert_eq!(ids(&replayed), ids(&first));
    assert_eq!(
        again.load().await.expect("loads").devices.len(),
        44,
        "registered once"
    );
}

/// A second storage holding what `from` holds (as a reload would find it).
async fn copy(from: &Memory) -> Memory {
    let to = Memory::default();
    let mut write = Write::default();
    for store in portal_backend::storage::STORES {
        for (key, value) in from.entries(store) {
            write.put(store, key, value);
        }
    }
    to.write(write).await.expect("copied");
    to
}
