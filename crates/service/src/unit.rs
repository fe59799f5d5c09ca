//! One unit of work, the same for every backend: decide the registrations that are due, run one
//! action, and name exactly what storage must write for both, in one transaction. The embedded
//! backend writes it to IndexedDB, the server to SQLite; neither has its own sequence.

use crate::audit::{event_id, Audit, AuditEvent, AuditResource};
use crate::batches::Batch;
use crate::device::{Device, Millis, RealTime};
use crate::service::{Service, TenantState};
use std::collections::HashMap;

/// What a unit of work touched.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Changes {
    put: Vec<String>,
    delete: Vec<String>,
    /// Serials of the removed devices, beside `delete`, for the audit event.
    deleted_serials: Vec<String>,
    batch: Option<Batch>,
    state: bool,
    detail: String,
    audit: Option<AuditEvent>,
    /// The audit event counts the devices put instead of naming each ([`Changes::put_counted`]).
    counted: bool,
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

    /// These devices were added, so many that the audit event says how many (in its detail)
    /// instead of naming each: a demo seeding adds up to 200,000.
    pub fn put_counted(&mut self, ids: impl IntoIterator<Item = String>) {
        self.put.extend(ids);
        self.counted = true;
    }

    /// The device was removed.
    pub fn delete(&mut self, removed: &Device) {
        self.delete.push(removed.id.clone());
        self.deleted_serials.push(removed.serial.clone());
    }

    /// What the change did beyond the devices it names, in words for the audit log ("Profile:
    /// Sensitive data").
    pub fn describe(&mut self, detail: impl Into<String>) {
        self.detail = detail.into();
    }

    /// The audit event of this unit of work's change, if it changed anything.
    pub fn audit_event(&self) -> Option<&AuditEvent> {
        self.audit.as_ref()
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
            audit: self.audit.as_ref(),
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
    /// The change's audit event, to append.
    pub audit: Option<&'a AuditEvent>,
}

/// Decides the registrations due at real time `real_now`, then runs `change` on the service. The
/// returned [`Changes`] cover both, whether `change` succeeded or not (a refused action changes
/// nothing, but the decisions made before it stand and must be stored).
pub fn run<T, E>(
    service: &mut Service,
    real_now: RealTime,
    change: impl FnOnce(&mut Service, RealTime, &mut Changes) -> Result<T, E>,
) -> (Result<T, E>, Changes) {
    let mut changes = Changes::default();
    changes.put_all(service.process_due(real_now));
    // Taken after the decisions: the state they change (the fault counter) only changes with
    // devices they put, whose write carries the state anyway. So `state` says whether `change`
    // changed it, which `change` below needs too.
    let before = service.state.clone();
    let result = change(service, real_now, &mut changes);
    changes.state = service.state != before;
    (result, changes)
}

/// A change someone asked for: [`run`], and when `change` succeeded and changed anything (a
/// device, the tenant's settings or clock, a remembered batch), one [`AuditEvent`] naming who
/// (`audit`), when, and the devices `change` recorded in [`Changes`], written in the same
/// transaction. A refused change or one that changed nothing (a replayed batch) records none.
/// Registrations decided on the way are the service's own work, not the caller's: they are
/// written but not named in the event.
pub fn change<T, E>(
    service: &mut Service,
    real_now: RealTime,
    audit: Audit,
    change: impl FnOnce(&mut Service, RealTime, &mut Changes) -> Result<T, E>,
) -> (Result<T, E>, Changes) {
    let mut due = 0;
    let (result, mut changes) = run(service, real_now, |service, now, changes| {
        due = changes.put.len();
        change(service, now, changes)
    });
    let changed_state = changes.state;
    let touched = changes.put.len() > due || !changes.delete.is_empty() || changes.batch.is_some();
    if result.is_ok() && (touched || changed_state) {
        let put = if changes.counted {
            &[]
        } else {
            &changes.put[due..]
        };
        // One pass over the tenant, not one search per device: a seeding or an import into a
        // large tenant names thousands of them.
        let serials: HashMap<&str, &str> = service
            .devices_as_asked(put)
            .into_iter()
            .map(|d| (d.id.as_str(), d.serial.as_str()))
            .collect();
        let mut resources: Vec<AuditResource> = put
            .iter()
            .map(|id| AuditResource {
                serial: serials
                    .get(id.as_str())
                    .map(|s| (*s).to_owned())
                    .unwrap_or_default(),
                id: id.clone(),
            })
            .collect();
        resources.extend(changes.delete.iter().zip(&changes.deleted_serials).map(
            |(id, serial)| AuditResource {
                id: id.clone(),
                serial: serial.clone(),
            },
        ));
        changes.audit = Some(record(service, real_now, audit, resources, &changes.detail));
        changes.state = true;
    }
    (result, changes)
}

/// A demo reset: `fresh` replaces `old` whole. Returns the reset's audit event, numbered after
/// `old`'s events (the log outlives the reset), for storage to write with `fresh`.
pub fn reseed(old: &Service, fresh: &mut Service, real_now: RealTime, audit: Audit) -> AuditEvent {
    fresh.state.next_audit = old.state.next_audit;
    let detail = crate::audit::detail::reset(old.devices.len(), fresh.devices.len());
    record(fresh, real_now, audit, Vec::new(), &detail)
}

/// A new audit event of `service`, numbered from its counter (which moves on).
pub fn record(
    service: &mut Service,
    real_now: RealTime,
    audit: Audit,
    resources: Vec<AuditResource>,
    detail: &str,
) -> AuditEvent {
    let n = service.state.next_audit;
    service.state.next_audit += 1;
    AuditEvent {
        id: event_id(real_now, n),
        at: real_now,
        actor: audit.actor,
        activity: audit.activity,
        correlation_id: audit.correlation_id,
        resources,
        detail: detail.to_owned(),
    }
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
            changes.delete(&removed);
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

    fn by(activity: crate::audit::Activity) -> Audit {
        Audit {
            actor: crate::audit::Actor {
                user_principal_name: "megan@contoso.com".into(),
                id: "oid-1".into(),
            },
            activity,
            correlation_id: "req-1".into(),
        }
    }

    #[test]
    fn a_change_is_written_with_its_audit_event_naming_only_the_devices_it_changed() {
        use crate::audit::Activity;
        let mut s = tenant();
        let (added, _) = change(&mut s, NOW, by(Activity::Import), |s, now, changes| {
            let added = s.submit(vec![tuple("U-1")], crate::Profile::Standard, now)?;
            changes.put_all(added.iter().map(|d| d.id.clone()));
            Ok::<_, ActionError>(added)
        });
        let pending = added.expect("submitted")[0].id.clone();

        // Later the pending device is decided on the way to removing a demo device: the event
        // names the removed device only, with its serial.
        let victim = s.devices[0].clone();
        let (result, changes) = change(
            &mut s,
            NOW + Millis(5_000),
            by(Activity::Remove),
            |s, _, changes| {
                let removed = s.remove(&victim.id)?;
                changes.delete(&removed);
                Ok::<_, ActionError>(())
            },
        );
        assert_eq!(result, Ok(()));
        let write = changes.write(&s).expect("a write");
        assert!(
            write.put.iter().any(|d| d.id == pending),
            "the decision is written"
        );
        let event = write.audit.expect("an audit event in the same write");
        assert_eq!(event.activity, Activity::Remove);
        assert_eq!(event.actor.user_principal_name, "megan@contoso.com");
        assert_eq!(event.correlation_id, "req-1");
        assert_eq!(event.at, NOW + Millis(5_000));
        assert_eq!(
            event.resources,
            vec![crate::audit::AuditResource {
                id: victim.id.clone(),
                serial: victim.serial.clone()
            }]
        );
    }

    #[test]
    fn refused_or_empty_changes_record_no_event_and_ids_keep_their_order() {
        use crate::audit::Activity;
        let mut s = tenant();
        let (result, changes) = change(&mut s, NOW, by(Activity::Remove), |s, _, changes| {
            let removed = s.remove("no-such-id")?;
            changes.delete(&removed);
            Ok(())
        });
        assert_eq!(result, Err(ActionError::NotFound));
        assert_eq!(changes.audit_event(), None);
        let (_, changes) = change(&mut s, NOW, by(Activity::DemoFaults), |s, _, _| {
            s.state.settings.inject_faults = 0; // already 0: nothing changes
            Ok::<_, ActionError>(())
        });
        assert_eq!(changes.write(&s), None, "nothing to write, no event");

        let mut ids = Vec::new();
        for (i, days) in [1, 2].into_iter().enumerate() {
            let (_, changes) = change(
                &mut s,
                NOW + Millis(i as i64),
                by(Activity::DemoAdvanceClock),
                |s, _, changes| {
                    s.advance_clock(DAY * days);
                    changes.describe(format!("{days} days"));
                    Ok::<_, ActionError>(())
                },
            );
            let event = changes
                .audit_event()
                .expect("a clock change is recorded")
                .clone();
            assert!(event.resources.is_empty());
            assert_eq!(event.detail, format!("{days} days"));
            ids.push(event.id);
        }
        assert!(ids[0] < ids[1], "{ids:?}");
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
