//! One change to many devices at once: remove them, give them a profile, retry their failed
//! registrations, assign them a user. The request as a whole is checked first and refused whole
//! when it is wrong (too many ids, an id twice, a profile not enabled, a user outside the tenant);
//! then each device is changed or refused on its own, by the same rules as the action on one
//! device (`crate::service::rules`), and the answer says which. Per device rather than all or
//! none: the devices are independent, the admin confirmed a plan that already left out the ones
//! that cannot change, and one device that changed state since (a pending registration, a device
//! another admin removed) should not undo the thousand others. Storage still writes the whole
//! change in one transaction, with one audit event.

use crate::audit::{detail, Activity};
use crate::device::{Device, Profile, RealTime, Registration};
use crate::service::{rules, ActionError, Service};
use crate::unit::Changes;
use crate::upn;
use serde::{Deserialize, Serialize};
use std::collections::HashSet;

/// Most devices one bulk change may name: the portal sends a larger selection in chunks of this.
pub const MAX_BULK: usize = 5_000;

/// What a bulk change does to each device.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum BulkAction {
    /// Remove the devices from the tenant.
    Remove,
    /// Give them this profile (each is re-imaged on its next start).
    ChangeProfile(Profile),
    /// Submit their failed registrations again.
    Retry,
    /// Assign them this user (a UPN in one of the tenant's domains).
    AssignUser(String),
}

impl BulkAction {
    /// The audit log's activity for it.
    pub fn activity(&self) -> Activity {
        match self {
            BulkAction::Remove => Activity::Remove,
            BulkAction::ChangeProfile(_) => Activity::ChangeProfile,
            BulkAction::Retry => Activity::Retry,
            BulkAction::AssignUser(_) => Activity::AssignUser,
        }
    }

    /// What it changes beyond the devices, for the audit log's detail.
    fn detail(&self) -> String {
        match self {
            BulkAction::ChangeProfile(profile) => detail::profile(*profile),
            BulkAction::AssignUser(user) => detail::user(user),
            BulkAction::Remove | BulkAction::Retry => String::new(),
        }
    }
}

/// What a bulk change did to one device.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BulkOutcome {
    /// Changed; the device as it is now.
    Changed(Device),
    /// Already as asked (that profile, that user); the device as it is.
    Unchanged(Device),
    /// Removed from the tenant.
    Removed,
    /// Left as it was, and why (not found, not possible in its state, its profile disabled).
    Refused(ActionError),
}

/// One device's answer to a bulk change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BulkResult {
    /// The device id, as the request named it.
    pub id: String,
    /// What happened to it.
    pub outcome: BulkOutcome,
}

impl Service {
    /// Runs `action` on the devices `ids` at real time `real_now`, recording in `changes` what it
    /// changed and removed. Answers one result per id, in the order asked; refuses the whole
    /// request (changing nothing) when the request itself is wrong.
    pub fn bulk(
        &mut self,
        action: &BulkAction,
        ids: &[String],
        real_now: RealTime,
        changes: &mut Changes,
    ) -> Result<Vec<BulkResult>, ActionError> {
        self.check_bulk(action, ids)?;
        let at = self.positions(ids);
        let due = self.due(real_now);
        let mut results = Vec::with_capacity(ids.len());
        let mut removed = HashSet::new();
        for (id, at) in ids.iter().zip(at) {
            let outcome = match at {
                None => BulkOutcome::Refused(ActionError::NotFound),
                Some(i) => match self.bulk_one(action, i, due) {
                    Ok(outcome) => outcome,
                    Err(why) => BulkOutcome::Refused(why),
                },
            };
            match &outcome {
                BulkOutcome::Changed(_) => changes.put(id.clone()),
                BulkOutcome::Removed => {
                    removed.insert(id.as_str());
                }
                BulkOutcome::Unchanged(_) | BulkOutcome::Refused(_) => {}
            }
            results.push(BulkResult {
                id: id.clone(),
                outcome,
            });
        }
        if !removed.is_empty() {
            // One pass again, keeping the tenant's order.
            let devices = std::mem::take(&mut self.devices);
            for device in devices {
                if removed.contains(device.id.as_str()) {
                    changes.delete(&device);
                } else {
                    self.devices.push(device);
                }
            }
        }
        let refused = results
            .iter()
            .filter(|r| matches!(r.outcome, BulkOutcome::Refused(_)))
            .count();
        let what = action.detail();
        changes.describe(if refused == 0 {
            what
        } else {
            detail::refused(&what, refused, ids.len())
        });
        Ok(results)
    }

    /// The checks of the request as a whole.
    fn check_bulk(&self, action: &BulkAction, ids: &[String]) -> Result<(), ActionError> {
        if ids.is_empty() {
            return Err(ActionError::Invalid("Name at least one device.".into()));
        }
        if ids.len() > MAX_BULK {
            return Err(ActionError::Invalid(format!(
                "Change at most {MAX_BULK} devices at once; this request names {}.",
                ids.len()
            )));
        }
        let mut seen = HashSet::with_capacity(ids.len());
        if let Some(twice) = ids.iter().find(|id| !seen.insert(id.as_str())) {
            return Err(ActionError::Invalid(format!(
                "The request names device {twice} twice; name each device once."
            )));
        }
        match action {
            BulkAction::ChangeProfile(profile) => rules::enabled(&self.state.info, *profile),
            BulkAction::AssignUser(user) => {
                upn::check_assignment(user, &self.state.info.domains).map_err(ActionError::Invalid)
            }
            BulkAction::Remove | BulkAction::Retry => Ok(()),
        }
    }

    /// `action` on the device at position `i` (a removal is only decided here: the caller takes
    /// the removed devices out in one pass).
    fn bulk_one(
        &mut self,
        action: &BulkAction,
        i: usize,
        due: crate::device::TenantTime,
    ) -> Result<BulkOutcome, ActionError> {
        let info = &self.state.info;
        let device = &mut self.devices[i];
        match action {
            BulkAction::Remove => {
                rules::remove(device)?;
                return Ok(BulkOutcome::Removed);
            }
            BulkAction::ChangeProfile(profile) => {
                rules::change_profile(device)?;
                if device.profile == *profile {
                    return Ok(BulkOutcome::Unchanged(device.clone()));
                }
                device.profile = *profile;
            }
            BulkAction::Retry => {
                rules::retry(info, device)?;
                device.registration = Registration::Pending { due };
            }
            BulkAction::AssignUser(user) => {
                rules::assign_user(device)?;
                if device.assigned_user == *user {
                    return Ok(BulkOutcome::Unchanged(device.clone()));
                }
                device.assigned_user.clone_from(user);
            }
        }
        Ok(BulkOutcome::Changed(device.clone()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audit::{Actor, Audit};
    use crate::demo::{demo, seed};
    use crate::device::{DeviceState, Millis};
    use crate::service::ServiceSettings;
    use crate::unit;

    const NOW: RealTime = RealTime(1_800_000_000_000);

    fn tenant() -> Service {
        let mut s = demo(NOW, ServiceSettings::default());
        seed(&mut s, 300, NOW);
        s
    }

    fn audit(activity: Activity) -> Audit {
        Audit {
            actor: Actor::demo(),
            activity,
            correlation_id: "req".into(),
        }
    }

    fn ids_in(s: &Service, state: DeviceState) -> Vec<String> {
        let now = s.now(NOW);
        s.devices
            .iter()
            .filter(|d| d.state(now) == state)
            .map(|d| d.id.clone())
            .collect()
    }

    fn run(s: &mut Service, action: BulkAction, ids: &[String]) -> (Vec<BulkResult>, Changes) {
        let (result, changes) = unit::change(s, NOW, audit(action.activity()), |s, now, c| {
            s.bulk(&action, ids, now, c)
        });
        (result.expect("the request is valid"), changes)
    }

    #[test]
    fn a_removal_takes_out_what_may_go_refuses_the_pending_and_is_one_audit_event() {
        let mut s = tenant();
        let failed = ids_in(&s, DeviceState::RegistrationFailed);
        let pending = ids_in(&s, DeviceState::RegistrationPending);
        assert!(failed.len() > 2 && !pending.is_empty());
        let mut ids = failed.clone();
        ids.insert(1, pending[0].clone());
        ids.push("no-such-device".into());
        let before = s.devices.len();
        let (results, changes) = run(&mut s, BulkAction::Remove, &ids);

        assert_eq!(
            results.iter().map(|r| r.id.as_str()).collect::<Vec<_>>(),
            ids.iter().map(String::as_str).collect::<Vec<_>>(),
            "one answer per id, in the order asked"
        );
        assert!(matches!(
            &results[1].outcome,
            BulkOutcome::Refused(ActionError::NotAllowed(why)) if why.contains("pending")
        ));
        assert_eq!(
            results.last().map(|r| &r.outcome),
            Some(&BulkOutcome::Refused(ActionError::NotFound))
        );
        assert_eq!(s.devices.len(), before - failed.len());
        assert!(failed.iter().all(|id| s.device(id).is_none()));
        assert!(s.device(&pending[0]).is_some());

        let write = changes.write(&s).expect("written");
        assert_eq!(write.delete.len(), failed.len());
        let event = write.audit.expect("one audit event");
        assert_eq!(event.activity, Activity::Remove);
        assert_eq!(event.resources.len(), failed.len());
        assert_eq!(
            event.detail,
            format!("2 of {} devices not changed", ids.len())
        );
    }

    #[test]
    fn a_profile_or_a_user_already_given_is_unchanged_and_not_recorded() {
        let mut s = tenant();
        let ready = ids_in(&s, DeviceState::ReadyForUser);
        let other = Profile::PowerUser;
        run(&mut s, BulkAction::ChangeProfile(Profile::Standard), &ready);
        run(&mut s, BulkAction::ChangeProfile(other), &ready[..1]);
        let (results, changes) = run(&mut s, BulkAction::ChangeProfile(other), &ready);
        assert!(matches!(results[0].outcome, BulkOutcome::Unchanged(_)));
        assert!(results[1..]
            .iter()
            .all(|r| matches!(&r.outcome, BulkOutcome::Changed(d) if d.profile == other)));
        let event = changes.audit_event().expect("recorded");
        assert_eq!(event.resources.len(), ready.len() - 1);
        assert_eq!(event.detail, detail::profile(other));

        let user = "megan@contoso.com".to_owned();
        let (results, _) = run(&mut s, BulkAction::AssignUser(user.clone()), &ready);
        assert!(results
            .iter()
            .all(|r| matches!(&r.outcome, BulkOutcome::Changed(d) if d.assigned_user == user)));
        let (results, changes) = run(&mut s, BulkAction::AssignUser(user), &ready);
        assert!(results
            .iter()
            .all(|r| matches!(r.outcome, BulkOutcome::Unchanged(_))));
        assert_eq!(
            changes.audit_event(),
            None,
            "nothing changed, nothing recorded"
        );
    }

    #[test]
    fn a_retry_sends_only_failed_registrations_again() {
        let mut s = tenant();
        s.state.settings.processing_delay_ms = Millis(1_000);
        let failed = ids_in(&s, DeviceState::RegistrationFailed);
        let active = ids_in(&s, DeviceState::Active);
        let ids = [failed.clone(), active[..2].to_vec()].concat();
        let (results, _) = run(&mut s, BulkAction::Retry, &ids);
        let now = s.now(NOW);
        for r in &results[..failed.len()] {
            let BulkOutcome::Changed(d) = &r.outcome else {
                panic!("{r:?}")
            };
            assert_eq!(d.state(now), DeviceState::RegistrationPending);
        }
        assert!(results[failed.len()..].iter().all(|r| matches!(
            &r.outcome,
            BulkOutcome::Refused(ActionError::NotAllowed(why)) if why.contains("Only a failed")
        )));
    }

    #[test]
    fn a_wrong_request_is_refused_whole_and_changes_nothing() {
        let mut s = tenant();
        let ids: Vec<String> = s.devices.iter().take(3).map(|d| d.id.clone()).collect();
        let before = s.clone();
        let refuse = |s: &mut Service, action: BulkAction, ids: &[String]| {
            let (result, changes) = unit::change(s, NOW, audit(action.activity()), |s, now, c| {
                s.bulk(&action, ids, now, c)
            });
            assert_eq!(changes.audit_event(), None);
            match result {
                Err(ActionError::Invalid(why)) => why,
                other => panic!("{other:?}"),
            }
        };
        let why = refuse(
            &mut s,
            BulkAction::AssignUser("megan@fabrikam.com".into()),
            &ids,
        );
        assert!(
            why.contains("fabrikam.com") && why.contains("contoso.com"),
            "{why}"
        );
        let why = refuse(&mut s, BulkAction::AssignUser("megan".into()), &ids);
        assert!(why.contains("no @"), "{why}");
        let why = refuse(
            &mut s,
            BulkAction::Remove,
            &[ids[0].clone(), ids[1].clone(), ids[0].clone()],
        );
        assert!(why.contains("twice"), "{why}");
        let many: Vec<String> = (0..=MAX_BULK).map(|i| i.to_string()).collect();
        assert!(refuse(&mut s, BulkAction::Retry, &many).contains("at most 5000"));
        assert!(refuse(&mut s, BulkAction::Retry, &[]).contains("at least one"));
        if !s.state.info.kiosk_enabled {
            let why = refuse(&mut s, BulkAction::ChangeProfile(Profile::Kiosk), &ids);
            assert!(why.contains("not enabled"), "{why}");
        }
        assert_eq!(s.devices, before.devices);
    }
}
