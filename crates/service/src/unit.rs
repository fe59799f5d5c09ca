//! One unit of work, the same for every backend: decide the registrations that are due, run one
//! action, and name exactly what storage must write for both, in one transaction. The embedded
//! backend writes it to IndexedDB, the server to SQLite; neither has its own sequence.

use crate::batches::Batch;
use crate::device::{Device, Millis, RealTime};
use crate::service::{Service, TenantState};

/// What a unit of work touched.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Changes {
    put: Vec<String>,
    delete: Vec<String>,
    batch: Option<Batch>,
    state: bool,
}

impl Changes {
    /// The device `id` was added or changed.
    pub fn put(&mut self, id: impl Into<String>) {
        self.put.push(id.into());
    }

    /// These devices were added or changed.
    pub fn put_all(&mut self, ids: impl IntoIterator<Item = String>) {
        self.put.extend(ids);
    }

    /// The device `id` was removed.
    pub fn delete(&mut self, id: impl Into<String>) {
        self.delete.push(id.into());
    }

    /// An import batch to remember under its key.
    pub fn remember(&mut self, batch: Batch) {
        self.batch = Some(batch);
    }

    /// Whether storage has nothing to write.
    pub fn is_empty(&self) -> bool {
        self.put.is_empty() && self.delete.is_empty() && self.batch.is_none() && !self.state
    }

    /// What storage must write for these changes to `service`, or `None` when nothing changed.
    pub fn write<'a>(&'a self, service: &'a Service) -> Option<Write<'a>> {
        if self.is_empty() {
            return None;
        }
        Some(Write {
            state: &service.state,
            // In the tenant's order, so storage keeps the list order for new rows.
            put: service.devices_in_tenant_order(&self.put),
            delete: &self.delete,
            batch: self.batch.as_ref(),
        })
    }
}

/// One transaction's worth of writing: the tenant state, changed devices (in tenant order),
/// removed ids and a new batch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Write<'a> {
    /// The tenant state (settings, clock, counters), always written.
    pub state: &'a TenantState,
    /// Devices to insert or update.
    pub put: Vec<&'a Device>,
    /// Ids of devices to delete.
    pub delete: &'a [String],
    /// A new import batch to remember.
    pub batch: Option<&'a Batch>,
}

/// Decides the registrations due at real time `real_now`, then runs `change` on the service. The
/// returned [`Changes`] cover both, whether `change` succeeded or not (a refused action changes
/// nothing, but the decisions made before it stand and must be stored).
pub fn run<T, E>(
    service: &mut Service,
    real_now: RealTime,
    change: impl FnOnce(&mut Service, RealTime, &mut Changes) -> Result<T, E>,
) -> (Result<T, E>, Changes) {
    let before = service.state.clone();
    let mut changes = Changes::default();
    changes.put_all(service.process_due(real_now));
    let result = change(service, real_now, &mut changes);
    changes.state = service.state != before;
    (result, changes)
}

/// How a backend opens its tenant: what its storage holds, or, for an empty store, `seed()`,
/// which the backend then stores whole (`seeded` is set). A configured processing delay wins
/// over the stored one.
pub fn open_or_seed(
    stored: Option<Service>,
    processing_delay_ms: Option<Millis>,
    seed: impl FnOnce() -> Service,
) -> Opened {
    let (mut service, seeded) = match stored {
        Some(service) => (service, false),
        None => (seed(), true),
    };
    if let Some(delay) = processing_delay_ms {
        service.state.settings.processing_delay_ms = delay;
    }
    Opened { service, seeded }
}

/// A tenant opened by [`open_or_seed`].
#[derive(Debug)]
pub struct Opened {
    /// The service.
    pub service: Service,
    /// It was seeded just now: store it whole before answering anything.
    pub seeded: bool,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::device::{Registration, DAY};
    use crate::service::{ActionError, ServiceSettings, Submission};
    use crate::time::{Millis, RealTime};

    const NOW: RealTime = RealTime(1_800_000_000_000);

    fn tenant() -> Service {
        crate::demo::demo(
            NOW,
            ServiceSettings {
                processing_delay_ms: Millis(1_000),
                inject_faults: 0,
            },
        )
    }

    fn tuple(serial: &str) -> Submission {
        Submission {
            serial: serial.into(),
            manufacturer: "Contoso".into(),
            model: String::new(),
            assigned_user: String::new(),
            hardware_hash: None,
            source: None,
        }
    }

    #[test]
    fn nothing_changed_writes_nothing() {
        let mut s = tenant();
        let (result, changes) = run(&mut s, NOW, |s, _, _| Ok::<_, ActionError>(s.devices.len()));
        assert_eq!(result, Ok(42));
        assert_eq!(changes.write(&s), None);
    }

    #[test]
    fn due_decisions_are_written_with_the_action_even_when_it_is_refused() {
        let mut s = tenant();
        let (added, changes) = run(&mut s, NOW, |s, now, changes| {
            let added = s.submit(
                vec![tuple("U-1"), tuple("U-2")],
                crate::Profile::Standard,
                now,
            )?;
            changes.put_all(added.iter().map(|d| d.id.clone()));
            Ok::<_, ActionError>(added)
        });
        let added = added.expect("submitted");
        let write = changes.write(&s).expect("a write");
        assert_eq!(write.put.len(), 2);
        assert_eq!(write.state, &s.state, "the counters moved");

        // Later, a refused removal: the two decisions made first are still written.
        let pending_id = added[0].id.clone();
        let (result, changes) = run(&mut s, NOW + Millis(1_000), |s, _, changes| {
            let removed = s.remove("no-such-id")?;
            changes.delete(removed.id);
            Ok(())
        });
        assert_eq!(result, Err(ActionError::NotFound));
        let write = changes.write(&s).expect("the decisions are written");
        let ids: Vec<&str> = write.put.iter().map(|d| d.id.as_str()).collect();
        assert_eq!(
            ids,
            vec![pending_id.as_str(), added[1].id.as_str()],
            "tenant order"
        );
        assert!(write
            .put
            .iter()
            .all(|d| !matches!(d.registration, Registration::Pending { .. })));
        assert!(write.delete.is_empty());
    }

    #[test]
    fn a_clock_change_alone_writes_the_state() {
        let mut s = tenant();
        let (_, changes) = run(&mut s, NOW, |s, _, _| {
            s.advance_clock(DAY);
            Ok::<_, ActionError>(())
        });
        let write = changes.write(&s).expect("state written");
        assert!(write.put.is_empty() && write.delete.is_empty() && write.batch.is_none());
        assert_eq!(write.state.clock_offset, DAY);
    }

    #[test]
    fn open_or_seed_seeds_only_an_empty_store_and_the_configured_delay_wins() {
        let opened = open_or_seed(None, Some(Millis(5)), tenant);
        assert!(opened.seeded);
        assert_eq!(opened.service.state.settings.processing_delay_ms, Millis(5));
        let stored = opened.service;
        let again = open_or_seed(Some(stored.clone()), None, || {
            panic!("never seeds over data")
        });
        assert!(!again.seeded);
        assert_eq!(again.service, stored);
    }
}
