//! The devices an admin selects for a bulk action, and what an action would do with them. Picked
//! devices are kept by id, so the selection survives paging and sorting; "select all N matching"
//! is kept as the view's filter (less the devices unticked since), so it costs nothing with
//! 100,000 devices and names each device only when an action runs.

use crate::locale::number;
use crate::workspace::Query;
use autopilot_i18n::{t, Lang};
use autopilot_service::bulk::{BulkAction, BulkOutcome, BulkResult};
use autopilot_service::device::{Device, DeviceState, Profile};
use std::collections::{HashMap, HashSet};

/// What the view's filter is: the part of a query that decides which devices match.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Filter {
    search: String,
    state: Option<DeviceState>,
}

impl Filter {
    fn of(query: &Query) -> Filter {
        Filter {
            search: query.search.trim().to_owned(),
            state: query.state,
        }
    }
}

/// How a page's header checkbox shows: all, some or none of its devices selected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Check {
    /// Every device of the page.
    All,
    /// Some of them (the checkbox is "mixed").
    Some,
    /// None.
    None,
}

/// The selected devices.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Selection {
    /// Devices picked one by one or a page at a time.
    picked: HashSet<String>,
    /// Every device matching this filter, when "select all matching" was chosen…
    all: Option<Filter>,
    /// …but these, unticked since.
    unpicked: HashSet<String>,
}

impl Selection {
    /// Whether the device `id` is selected.
    pub fn is_selected(&self, id: &str) -> bool {
        match self.all {
            Some(_) => !self.unpicked.contains(id),
            None => self.picked.contains(id),
        }
    }

    /// Ticks or unticks one device.
    pub fn toggle(&mut self, id: &str) {
        let set = if self.all.is_some() {
            &mut self.unpicked
        } else {
            &mut self.picked
        };
        if !set.remove(id) {
            set.insert(id.to_owned());
        }
    }

    /// Ticks (or unticks) every device of a page, `ids`.
    pub fn set_page(&mut self, ids: &[String], selected: bool) {
        for id in ids {
            if self.is_selected(id) != selected {
                self.toggle(id);
            }
        }
    }

    /// The header checkbox of a page of `ids`.
    pub fn page_check(&self, ids: &[String]) -> Check {
        let selected = ids.iter().filter(|id| self.is_selected(id)).count();
        match selected {
            0 => Check::None,
            n if n == ids.len() => Check::All,
            _ => Check::Some,
        }
    }

    /// Selects every device matching `query`'s filter, on every page.
    pub fn select_all_matching(&mut self, query: &Query) {
        self.picked.clear();
        self.unpicked.clear();
        self.all = Some(Filter::of(query));
    }

    /// Whether every device matching the view is selected (less any unticked since).
    pub fn is_all_matching(&self) -> bool {
        self.all.is_some()
    }

    /// The view's query changed: a page or an order keeps the selection; another filter ends
    /// "all matching" (what matched is no longer what is shown), and keeps devices picked one by
    /// one.
    /// Says whether the selection changed.
    pub fn follow(&mut self, query: &Query) -> bool {
        let ends = self.all.as_ref().is_some_and(|f| *f != Filter::of(query));
        if ends {
            self.clear();
        }
        ends
    }

    /// Selects nothing.
    pub fn clear(&mut self) {
        *self = Selection::default();
    }

    /// How many are selected, `matching` being the view's rows (indices into the tenant's
    /// `devices`; used only for "all matching").
    pub fn count(&self, devices: &[Device], matching: &[usize]) -> usize {
        match self.all {
            Some(_) if self.unpicked.is_empty() => matching.len(),
            Some(_) => matching
                .iter()
                .filter_map(|&i| devices.get(i))
                .filter(|d| !self.unpicked.contains(&d.id))
                .count(),
            None => self.picked.len(),
        }
    }

    /// Forgets the devices the tenant no longer has (`devices`), so that counts and plans never
    /// include one removed meanwhile; says whether it forgot any. Run when the list changes, not
    /// on every tick of a box.
    pub fn retain(&mut self, devices: &[Device]) -> bool {
        if self.picked.is_empty() && self.unpicked.is_empty() {
            return false;
        }
        let before = self.picked.len() + self.unpicked.len();
        let mut kept = HashSet::new();
        for d in devices {
            if self.picked.contains(&d.id) || self.unpicked.contains(&d.id) {
                kept.insert(d.id.as_str());
            }
        }
        self.picked.retain(|id| kept.contains(id.as_str()));
        self.unpicked.retain(|id| kept.contains(id.as_str()));
        self.picked.len() + self.unpicked.len() != before
    }

    /// Of the devices picked one by one, how many the view does not show (`matching`: its rows;
    /// `filtered`: whether a search or filter leaves devices out, else every device is shown) —
    /// picked under another search or filter, and acted on all the same.
    pub fn outside(&self, devices: &[Device], matching: &[usize], filtered: bool) -> usize {
        if self.all.is_some() || self.picked.is_empty() || !filtered {
            return 0;
        }
        let shown = matching
            .iter()
            .filter_map(|&i| devices.get(i))
            .filter(|d| self.picked.contains(&d.id))
            .count();
        self.picked.len().saturating_sub(shown)
    }

    /// The selected devices of the tenant `devices`, `matching` being the view's rows (indices
    /// into `devices`): for "all matching", those less the unticked, in the view's order; else
    /// the picked ones, in the tenant's order (picks on other pages or filters count too).
    pub fn chosen<'a>(&self, devices: &'a [Device], matching: &[usize]) -> Vec<&'a Device> {
        match self.all {
            Some(_) => matching
                .iter()
                .filter_map(|&i| devices.get(i))
                .filter(|d| !self.unpicked.contains(&d.id))
                .collect(),
            None if self.picked.is_empty() => Vec::new(),
            None => devices
                .iter()
                .filter(|d| self.picked.contains(&d.id))
                .collect(),
        }
    }
}

/// A device an action leaves as it is, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    /// Its serial number.
    pub serial: String,
    /// Why, in words for the confirmation or the report.
    pub why: String,
}

/// What a bulk action would do: the devices it changes and those it skips.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Plan {
    /// Ids of the devices it changes.
    pub change: Vec<String>,
    /// The devices it leaves, with the reason.
    pub skipped: Vec<Skipped>,
}

impl Plan {
    /// The skipped devices counted by reason, most frequent first (then by reason), for a
    /// confirmation that cannot list thousands.
    pub fn reasons(&self) -> Vec<(&str, usize)> {
        let mut counts: Vec<(&str, usize)> = Vec::new();
        for skipped in &self.skipped {
            match counts.iter_mut().find(|(why, _)| *why == skipped.why) {
                Some((_, n)) => *n += 1,
                None => counts.push((&skipped.why, 1)),
            }
        }
        counts.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        counts
    }
}

/// Why a bulk action leaves a device as it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Skip {
    PendingRemove,
    PendingProfile,
    SameProfile,
    NotFailed,
    ProfileGone,
    PendingUser,
    SameUser,
}

impl Skip {
    /// The reason in `lang`.
    fn words(self, lang: Lang) -> String {
        match self {
            Skip::PendingRemove => t!(lang, "skip-pending-remove"),
            Skip::PendingProfile => t!(lang, "skip-pending-profile"),
            Skip::SameProfile => t!(lang, "skip-same-profile"),
            Skip::NotFailed => t!(lang, "skip-not-failed"),
            Skip::ProfileGone => t!(lang, "skip-profile-gone"),
            Skip::PendingUser => t!(lang, "skip-pending-user"),
            Skip::SameUser => t!(lang, "skip-same-user"),
        }
    }
}

/// What `action` would do with `devices`, by the service's own rules (`Device::can_*`, the same
/// the service checks again for each device); `enabled`: the profiles the tenant offers (a
/// failed device whose profile is no longer one of them is not retried). Reasons in `lang`.
pub fn plan(action: &BulkAction, devices: &[&Device], enabled: &[Profile], lang: Lang) -> Plan {
    let mut plan = Plan::default();
    // Each reason is written once, not once per device.
    let mut reasons: HashMap<Skip, String> = HashMap::new();
    for device in devices {
        let why = match action {
            BulkAction::Remove if !device.can_remove() => Some(Skip::PendingRemove),
            BulkAction::ChangeProfile(_) if !device.can_change_profile() => {
                Some(Skip::PendingProfile)
            }
            BulkAction::ChangeProfile(profile) if device.profile == *profile => {
                Some(Skip::SameProfile)
            }
            BulkAction::Retry if !device.can_retry() => Some(Skip::NotFailed),
            BulkAction::Retry if !enabled.contains(&device.profile) => Some(Skip::ProfileGone),
            BulkAction::AssignUser(_) if !device.can_assign_user() => Some(Skip::PendingUser),
            BulkAction::AssignUser(user) if device.assigned_user == *user => Some(Skip::SameUser),
            _ => None,
        };
        match why {
            Some(why) => plan.skipped.push(Skipped {
                serial: device.serial.clone(),
                why: reasons
                    .entry(why)
                    .or_insert_with(|| why.words(lang))
                    .clone(),
            }),
            None => plan.change.push(device.id.clone()),
        }
    }
    plan
}

/// What a bulk action did, over every request it took.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Report {
    /// Devices changed (or removed).
    pub changed: usize,
    /// Devices already as asked.
    pub unchanged: usize,
    /// Devices the service refused, each with its reason.
    pub refused: Vec<Skipped>,
    /// Devices not confirmed: those of the request that failed and those never sent after it.
    pub not_sent: usize,
    /// Why a request failed, when one did.
    pub error: Option<String>,
    /// Whether the failed request may have changed its devices all the same (its answer was
    /// lost, not refused), so that the table must be read again.
    pub unknown: bool,
}

impl Report {
    /// Counts one request's `results`; `serial` names a device by id for the refused, whose
    /// reasons are said in `lang`.
    pub fn add<'a>(
        &mut self,
        results: &[BulkResult],
        serial: impl Fn(&str) -> Option<&'a str>,
        lang: Lang,
    ) {
        for result in results {
            match &result.outcome {
                BulkOutcome::Changed(_) | BulkOutcome::Removed => self.changed += 1,
                BulkOutcome::Unchanged(_) => self.unchanged += 1,
                BulkOutcome::Refused(why) => self.refused.push(Skipped {
                    serial: serial(&result.id).unwrap_or(&result.id).to_owned(),
                    why: crate::words::refusal(lang, &why.to_string()),
                }),
            }
        }
    }

    /// A request failed with `error`; `left` devices were not confirmed (that one's and the
    /// rest, never sent); `unknown` when its answer was lost rather than refused, so that its
    /// devices may have changed.
    pub fn stopped(&mut self, error: String, left: usize, unknown: bool) {
        self.error = Some(error);
        self.not_sent = left;
        self.unknown = unknown;
    }

    /// What `action` did, in one sentence for the toast or the report's title.
    pub fn summary(&self, action: &BulkAction, lang: Lang) -> String {
        let count = self.changed;
        let n = number(count);
        let mut said = match action {
            BulkAction::Remove => t!(lang, "bulk-removed", count = count, n = n),
            BulkAction::ChangeProfile(p) => t!(
                lang,
                "bulk-profile-changed",
                count = count,
                n = n,
                profile = crate::words::profile(lang, *p)
            ),
            BulkAction::Retry => t!(lang, "bulk-retried", count = count, n = n),
            BulkAction::AssignUser(user) => {
                t!(
                    lang,
                    "bulk-assigned",
                    count = count,
                    n = n,
                    user = user.as_str()
                )
            }
        };
        if self.unchanged > 0 {
            said.push(' ');
            said.push_str(&t!(
                lang,
                "bulk-already",
                count = self.unchanged,
                n = number(self.unchanged)
            ));
        }
        said
    }

    /// Whether every device named was changed or already as asked.
    pub fn is_complete(&self) -> bool {
        self.refused.is_empty() && self.error.is_none()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index::Index;
    use crate::workspace::SortColumn;
    use autopilot_service::demo::{demo, seed};
    use autopilot_service::device::RealTime;
    use autopilot_service::service::ServiceSettings;

    const NOW: RealTime = RealTime(1_795_000_000_000);

    fn ids(devices: &[Device], rows: &[usize]) -> Vec<String> {
        rows.iter().map(|&i| devices[i].id.clone()).collect()
    }

    #[test]
    fn picks_survive_paging_and_sorting_and_the_header_box_says_all_some_or_none() {
        let s = demo(NOW, ServiceSettings::default());
        let index = Index::new(&s.devices, s.now(NOW), Lang::En);
        let by_serial = Query {
            sort: SortColumn::Serial,
            descending: false,
            ..Query::default()
        };
        let rows = index.select(&by_serial);
        let first_page = ids(&s.devices, &rows[..10]);
        let mut selection = Selection::default();
        assert_eq!(selection.page_check(&first_page), Check::None);
        selection.set_page(&first_page, true);
        assert_eq!(selection.page_check(&first_page), Check::All);
        selection.toggle(&first_page[3]);
        assert_eq!(selection.page_check(&first_page), Check::Some);
        assert_eq!(selection.count(&s.devices, &[]), 9);
        // Sorted the other way, another page: the same nine stay selected.
        let other = Query {
            descending: true,
            page: 1,
            ..by_serial.clone()
        };
        selection.follow(&other);
        let reversed = index.select(&other);
        let selected: Vec<&str> = reversed
            .iter()
            .map(|&i| s.devices[i].id.as_str())
            .filter(|id| selection.is_selected(id))
            .collect();
        assert_eq!(selected.len(), 9);
        assert!(!selection.is_selected(&first_page[3]));
        // Another filter keeps devices picked one by one, and says how many it does not show.
        let megan = Query {
            search: "megan".into(),
            ..Query::default()
        };
        selection.follow(&megan);
        assert_eq!(selection.count(&s.devices, &[]), 9);
        let shown = index.select(&megan);
        let picked_shown = shown
            .iter()
            .filter(|&&i| selection.is_selected(&s.devices[i].id))
            .count();
        assert_eq!(
            selection.outside(&s.devices, &shown, true),
            9 - picked_shown
        );
        assert_eq!(
            selection.outside(&s.devices, &rows, false),
            0,
            "nothing left out"
        );
        // A picked device removed meanwhile is forgotten once the list says so.
        let gone = s
            .devices
            .iter()
            .position(|d| selection.is_selected(&d.id))
            .expect("a picked device");
        let mut fewer = s.devices.clone();
        fewer.remove(gone);
        assert!(selection.retain(&fewer));
        assert!(!selection.retain(&fewer), "nothing more to forget");
        assert_eq!(selection.count(&fewer, &[]), 8);
    }

    #[test]
    fn all_matching_names_no_device_until_asked_and_ends_with_another_filter() {
        let mut s = demo(NOW, ServiceSettings::default());
        seed(&mut s, 20_000, NOW);
        let now = s.now(NOW);
        let index = Index::new(&s.devices, now, Lang::En);
        let failed = Query {
            state: Some(DeviceState::RegistrationFailed),
            ..Query::default()
        };
        let rows = index.select(&failed);
        let mut selection = Selection::default();
        selection.select_all_matching(&failed);
        assert!(selection.is_all_matching());
        // Paging and sorting keep it; one device unticked is left out.
        selection.follow(&Query {
            page: 3,
            sort: SortColumn::Model,
            ..failed.clone()
        });
        let one = s.devices[rows[0]].id.clone();
        selection.toggle(&one);
        assert_eq!(selection.count(&s.devices, &rows), rows.len() - 1);
        let chosen = selection.chosen(&s.devices, &rows);
        assert_eq!(chosen.len(), rows.len() - 1);
        assert!(chosen
            .iter()
            .all(|d| d.state(now) == DeviceState::RegistrationFailed));
        // Another filter: what matched is not what is shown any more.
        selection.follow(&Query::default());
        assert!(!selection.is_all_matching());
        assert_eq!(selection.count(&s.devices, &rows), 0);
    }

    #[test]
    fn a_plan_says_what_changes_and_what_is_skipped_and_why() {
        let mut s = demo(NOW, ServiceSettings::default());
        seed(&mut s, 50, NOW);
        // One failed device with the Kiosk profile, for a tenant that no longer offers it.
        if let Some(d) = s.devices.iter_mut().find(|d| d.can_retry()) {
            d.profile = Profile::Kiosk;
        }
        let now = s.now(NOW);
        let all: Vec<&Device> = s.devices.iter().collect();
        let count = |state| all.iter().filter(|d| d.state(now) == state).count();
        let pending = count(DeviceState::RegistrationPending);
        let failed = count(DeviceState::RegistrationFailed);
        assert!(pending > 0 && failed > 0);

        let remove = plan(&BulkAction::Remove, &all, &Profile::ALL, Lang::En);
        assert_eq!(remove.skipped.len(), pending);
        assert_eq!(remove.change.len(), all.len() - pending);
        assert!(remove.skipped.iter().all(|k| k.why.contains("pending")));
        let dutch = plan(&BulkAction::Remove, &all, &Profile::ALL, Lang::Nl);
        assert_eq!(dutch.change, remove.change);
        assert!(dutch
            .skipped
            .iter()
            .all(|k| k.why.contains("nog in behandeling")));

        let retry = plan(&BulkAction::Retry, &all, &Profile::ALL, Lang::En);
        assert_eq!(retry.change.len(), failed);
        assert_eq!(retry.skipped.len(), all.len() - failed);
        // A failed device whose profile the tenant no longer offers is skipped, as the service
        // would refuse it.
        let kiosk_failed = all
            .iter()
            .filter(|d| d.can_retry() && d.profile == Profile::Kiosk)
            .count();
        assert!(kiosk_failed > 0);
        let without_kiosk = [
            Profile::Standard,
            Profile::SensitiveData,
            Profile::PowerUser,
        ];
        let retry = plan(&BulkAction::Retry, &all, &without_kiosk, Lang::En);
        assert_eq!(retry.change.len(), failed - kiosk_failed);
        assert_eq!(
            retry
                .skipped
                .iter()
                .filter(|k| k.why.contains("no longer enabled"))
                .count(),
            kiosk_failed
        );

        let kiosk = plan(
            &BulkAction::ChangeProfile(Profile::Kiosk),
            &all,
            &Profile::ALL,
            Lang::En,
        );
        let already = all
            .iter()
            .filter(|d| d.profile == Profile::Kiosk && d.can_change_profile())
            .count();
        assert_eq!(kiosk.skipped.len(), pending + already);
        assert_eq!(kiosk.change.len() + kiosk.skipped.len(), all.len());
        let reasons = kiosk.reasons();
        assert_eq!(
            reasons.iter().map(|(_, n)| n).sum::<usize>(),
            kiosk.skipped.len()
        );
        assert!(
            reasons.windows(2).all(|w| w[0].1 >= w[1].1),
            "most frequent first"
        );

        let user = all[0].assigned_user.clone();
        let assign = plan(
            &BulkAction::AssignUser(user.clone()),
            &all,
            &Profile::ALL,
            Lang::En,
        );
        let same = all
            .iter()
            .filter(|d| d.assigned_user == user && d.can_assign_user())
            .count();
        assert!(same > 0);
        assert_eq!(assign.skipped.len(), pending + same);
        assert!(assign
            .skipped
            .iter()
            .any(|k| k.why == "it is assigned to this user already"));
    }

    #[test]
    fn a_report_counts_every_answer_and_names_the_refused_by_serial() {
        use autopilot_service::bulk::BulkResult;
        use autopilot_service::refusal::Refusal;
        use autopilot_service::service::ActionError;
        let s = demo(NOW, ServiceSettings::default());
        let d = &s.devices;
        let result = |i: usize, outcome| BulkResult {
            id: d[i].id.clone(),
            outcome,
        };
        let mut report = Report::default();
        report.add(
            &[
                result(0, BulkOutcome::Removed),
                result(1, BulkOutcome::Changed(d[1].clone())),
                result(2, BulkOutcome::Unchanged(d[2].clone())),
                result(
                    3,
                    BulkOutcome::Refused(ActionError::NotAllowed(Refusal::PendingRemove.text())),
                ),
                BulkResult {
                    id: "gone".into(),
                    outcome: BulkOutcome::Refused(ActionError::NotFound),
                },
            ],
            |id| d.iter().find(|x| x.id == id).map(|x| x.serial.as_str()),
            Lang::Nl,
        );
        assert_eq!((report.changed, report.unchanged), (2, 1));
        assert_eq!(report.refused[0].serial, d[3].serial);
        assert_eq!(
            report.refused[0].why,
            "Een apparaat kan niet worden verwijderd zolang de registratie in behandeling is. Wacht tot die is afgerond."
        );
        assert_eq!(
            report.summary(&BulkAction::Remove, Lang::Nl),
            "2 apparaten verwijderd. Bij 1 apparaat was dit al zo."
        );
        assert_eq!(
            report.summary(&BulkAction::Retry, Lang::En),
            "Submitted 2 registrations again. 1 device was already so."
        );
        assert_eq!(
            report.refused[1].serial, "gone",
            "an unknown device by its id"
        );
        assert!(!report.is_complete());
        report.stopped("offline".into(), 7, true);
        assert_eq!(
            (report.not_sent, report.error.as_deref()),
            (7, Some("offline"))
        );
    }
}
