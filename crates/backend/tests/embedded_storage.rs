//! The embedded service and its storage: nothing is acknowledged before it is stored, a failed
//! write is forgotten (the next call reads what is stored), and what is stored is read back.

use autopilot_service::device::{Millis, RealTime};
use portal_backend::embedded::EmbeddedBackend;
use portal_backend::storage::{Memory, Storage, Write, DEVICES};
use portal_model::backend::{Backend, BackendError, DemoAction};
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

/// A tab: the embedded service over storage shared with other tabs.
type Tab<S> = Rc<EmbeddedBackend<S>>;

thread_local! {
    /// The tabs' clock (one browser: one clock), moved on by the tests.
    static NOW: std::cell::Cell<i64> = const { std::cell::Cell::new(1_800_000_000_000) };
}

fn tab<S: Storage>(storage: S) -> Tab<S> {
    Rc::new(EmbeddedBackend::new(
        storage,
        Rc::new(|| RealTime(NOW.with(|now| now.get()))),
        Some(Millis(1_000)),
    ))
}

fn serials(snapshot: &portal_model::backend::Snapshot) -> Vec<String> {
    snapshot.devices.iter().map(|d| d.serial.clone()).collect()
}

#[tokio::test]
async fn two_tabs_on_one_storage_see_each_others_changes() {
    let shared = Rc::new(Memory::default());
    let (a, b) = (tab(shared.clone()), tab(shared.clone()));
    assert_eq!(a.load().await.expect("seeded").devices.len(), 42);
    assert_eq!(b.load().await.expect("the same tenant").devices.len(), 42);
    let imported = a
        .import(
            vec![submission("TAB-A-1"), submission("TAB-A-2")],
            autopilot_service::Profile::Standard,
            "a".into(),
        )
        .await
        .expect("imported in A");
    let in_b = b.load().await.expect("B loads");
    assert_eq!(
        in_b.devices.len(),
        44,
        "B shows A's import without a reload"
    );
    assert_eq!(
        serials(&in_b)[42..],
        ["TAB-A-1", "TAB-A-2"],
        "in list order"
    );
    // Decided in B (its next call), seen in A.
    NOW.with(|now| now.set(now.get() + 2_000));
    let decided = b.load().await.expect("B decides");
    let pending = |d: &autopilot_service::Device| {
        matches!(
            d.registration,
            autopilot_service::device::Registration::Pending { .. }
        )
    };
    assert!(!pending(&decided.devices[43]), "decided in B");
    b.remove(imported[0].id.clone())
        .await
        .expect("removed in B");
    b.demo(DemoAction::AdvanceClock(3))
        .await
        .expect("clock in B");
    let in_a = a.load().await.expect("A loads");
    assert_eq!(serials(&in_a)[42..], ["TAB-A-2"], "A shows B's removal");
    assert_eq!(
        in_a.devices[42].registration, decided.devices[43].registration,
        "and B's decision, not one of its own"
    );
    assert_eq!(in_a.clock_offset, Millis(3 * 86_400_000), "and B's clock");
    // A batch sent again from the other tab gets the first answer.
    let again = b
        .import(
            vec![submission("TAB-A-1"), submission("TAB-A-2")],
            autopilot_service::Profile::Standard,
            "a".into(),
        )
        .await
        .expect("replayed");
    // The batch's devices as they are now: the one removed meanwhile is gone.
    assert_eq!(again.len(), 1);
    assert_eq!(again[0].id, imported[1].id);
    assert_eq!(
        a.load().await.expect("A").devices.len(),
        43,
        "nothing doubled"
    );
}

/// Storage shared with other tabs whose writes take a turn of the event loop, where a test can
/// have another tab write first (just before the next write) or the next write fail.
struct Hooked {
    shared: Rc<Memory>,
    before_next_write: std::cell::RefCell<Option<portal_backend::LocalFuture<'static, ()>>>,
    fail_next_write: std::cell::Cell<bool>,
}

impl Hooked {
    fn new(shared: Rc<Memory>) -> Hooked {
        Hooked {
            shared,
            before_next_write: Default::default(),
            fail_next_write: Default::default(),
        }
    }
}

impl Storage for Hooked {
    fn get<'a>(
        &'a self,
        store: &'static str,
        key: &'a str,
    ) -> portal_backend::LocalFuture<'a, Result<Option<String>, String>> {
        self.shared.get(store, key)
    }
    fn get_all(
        &self,
        store: &'static str,
    ) -> portal_backend::LocalFuture<'_, Result<Vec<Result<String, String>>, String>> {
        self.shared.get_all(store)
    }
    fn write(
        &self,
        write: Write,
    ) -> portal_backend::LocalFuture<'_, Result<(), portal_backend::storage::WriteError>> {
        let before = self.before_next_write.borrow_mut().take();
        Box::pin(async move {
            tokio::task::yield_now().await;
            if let Some(before) = before {
                before.await;
            }
            if self.fail_next_write.replace(false) {
                return Err(portal_backend::storage::WriteError::Failed(
                    "quota exceeded".into(),
                ));
            }
            self.shared.write(write).await
        })
    }
}

#[tokio::test]
async fn a_write_another_tab_beat_runs_again_on_what_that_tab_stored() {
    let shared = Rc::new(Memory::default());
    let a = tab(shared.clone());
    a.load().await.expect("seeded");
    let b = tab(Hooked::new(shared.clone()));
    b.load().await.expect("B loads");
    // B's import has read everything and is about to write when A's lands.
    let a_first = a.clone();
    *b.storage().before_next_write.borrow_mut() = Some(Box::pin(async move {
        a_first
            .import(
                vec![submission("FROM-A")],
                autopilot_service::Profile::Standard,
                "from-a".into(),
            )
            .await
            .expect("A's import");
    }));
    let from_b = b
        .import(
            vec![submission("FROM-B")],
            autopilot_service::Profile::Standard,
            "from-b".into(),
        )
        .await
        .expect("B's import, run again after A's");
    let in_a = a.load().await.expect("A loads");
    assert_eq!(
        serials(&in_a)[42..],
        ["FROM-A", "FROM-B"],
        "neither is lost"
    );
    assert_eq!(
        in_a.devices[43].id, from_b[0].id,
        "B was told what is stored"
    );
    let ids: std::collections::HashSet<&str> = in_a.devices.iter().map(|d| d.id.as_str()).collect();
    assert_eq!(ids.len(), 44, "ids stay unique");
    let log = a
        .audit(portal_model::backend::AuditQuery::default())
        .await
        .expect("audit");
    assert_eq!(
        log.events.len(),
        2,
        "one event each, none for the lost race"
    );
}

#[tokio::test]
async fn a_tab_far_behind_or_after_a_reset_reads_everything() {
    let shared = Rc::new(Memory::default());
    let (a, b) = (tab(shared.clone()), tab(shared.clone()));
    a.load().await.expect("seeded");
    b.load().await.expect("B loads");
    for day in 0..300 {
        a.demo(DemoAction::AdvanceClock(1))
            .await
            .unwrap_or_else(|e| panic!("day {day}: {e}"));
    }
    assert_eq!(
        b.load().await.expect("B, 300 writes behind").clock_offset,
        Millis(300 * 86_400_000)
    );
    a.demo(DemoAction::Seed(2_500)).await.expect("seeded in A");
    assert_eq!(b.load().await.expect("B").devices.len(), 42 + 2_500);
    b.demo(DemoAction::Reset).await.expect("reset in B");
    let in_a = a.load().await.expect("A after B's reset");
    assert_eq!((in_a.devices.len(), in_a.clock_offset), (42, Millis(0)));
}

#[tokio::test]
async fn a_change_whose_write_failed_is_not_stored_by_the_next_call_of_the_same_tab() {
    let shared = Rc::new(Memory::default());
    tab(shared.clone()).load().await.expect("seeded");
    let b = tab(Hooked::new(shared.clone()));
    b.storage().fail_next_write.set(true);
    // Two calls at once: the clock's write fails; the import must not carry it along.
    let (clock, import) = tokio::join!(
        b.demo(DemoAction::AdvanceClock(7)),
        b.import(
            vec![submission("AFTER-THE-FAILURE")],
            autopilot_service::Profile::Standard,
            "after".into(),
        )
    );
    assert_eq!(
        clock.map(|s| s.clock_offset),
        Err(BackendError::Storage("quota exceeded".into()))
    );
    import.expect("the import is stored");
    let stored = tab(shared.clone()).load().await.expect("a new tab");
    assert_eq!(
        stored.clock_offset,
        Millis(0),
        "the failed change left nothing behind"
    );
    assert_eq!(serials(&stored)[42..], ["AFTER-THE-FAILURE"]);
}
