//! The devices an admin selects for a bulk action, and what an action would do with them. Picked
//! devices are kept by id, so the selection survives paging and sorting; "select all N matching"
//! is kept as the view's filter (less the devices unticked since), so it costs nothing with
//! 100,000 devices and names each device only when an action runs.

use crate::workspace::Query;
use autopilot_service::device::{Device, DeviceState, Profile};
use std::collections::HashSet;

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
    pub fn follow(&mut self, query: &Query) {
        if self.all.as_ref().is_some_and(|f| *f != Filter::of(query)) {
            self.clear();
        }
    }

    /// Selects nothing.
    pub fn clear(&mut self) {
        *self = Selection::default();
    }

    /// How many are selected, `matching` being the ids of every device the view matches (used
    /// only for "all matching").
    pub fn count<'a>(&self, matching: impl IntoIterator<Item = &'a str>) -> usize {
        match self.all {
            Some(_) => matching
                .into_iter()
                .filter(|id| !self.unpicked.contains(*id))
                .count(),
            None => self.picked.len(),
        }
    }

    /// The selected devices among `devices` (the tenant, or for "all matching" the view's
    /// matching devices), in their order.
    pub fn chosen<'a>(&self, devices: impl IntoIterator<Item = &'a Device>) -> Vec<&'a Device> {
        devices
            .into_iter()
            .filter(|d| self.is_selected(&d.id))
            .collect()
    }
}

/// An action on many devices at once.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bulk {
    /// Remove them from the tenant.
    Remove,
    /// Give them this profile.
    ChangeProfile(Profile),
    /// Submit their failed registrations again.
    Retry,
}

/// A device an action leaves as it is, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    /// Its serial number.
    pub serial: String,
    /// Why, in words for the confirmation.
    pub why: &'static str,
}

/// What a bulk action would do: the devices it changes and those it skips.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Plan {
    /// Ids of the devices it changes.
    pub change: Vec<String>,
    /// The devices it leaves, with the reason.
    pub skipped: Vec<Skipped>,
}

/// What `action` would do with `devices`, by the service's own rules (`Device::can_*`).
pub fn plan(action: Bulk, devices: &[&Device]) -> Plan {
    let mut plan = Plan::default();
    for device in devices {
        let why = match action {
            Bulk::Remove if !device.can_remove() => {
                Some("its registration is still pending; remove it once it is decided")
            }
            Bulk::ChangeProfile(_) if !device.can_change_profile() => {
                Some("its registration is still pending, with the profile it was sent with")
            }
            Bulk::ChangeProfile(profile) if device.profile == profile => {
                Some("it has this profile already")
            }
            Bulk::Retry if !device.can_retry() => Some("only a failed registration is retried"),
            _ => None,
        };
        match why {
            Some(why) => plan.skipped.push(Skipped {
                serial: device.serial.clone(),
                why,
            }),
            None => plan.change.push(device.id.clone()),
        }
    }
    plan
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
        let index = Index::new(&s.devices, s.now(NOW));
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
        assert_eq!(selection.count([]), 9);
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
        // Another filter keeps devices picked one by one.
        selection.follow(&Query {
            search: "megan".into(),
            ..Query::default()
        });
        assert_eq!(selection.count([]), 9);
    }

    #[test]
    fn all_matching_names_no_device_until_asked_and_ends_with_another_filter() {
        let mut s = demo(NOW, ServiceSettings::default());
        seed(&mut s, 20_000, NOW);
        let now = s.now(NOW);
        let index = Index::new(&s.devices, now);
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
        let matching = || rows.iter().map(|&i| s.devices[i].id.as_str());
        assert_eq!(selection.count(matching()), rows.len() - 1);
        let chosen = selection.chosen(rows.iter().map(|&i| &s.devices[i]));
        assert_eq!(chosen.len(), rows.len() - 1);
        assert!(chosen
            .iter()
            .all(|d| d.state(now) == DeviceState::RegistrationFailed));
        // Another filter: what matched is not what is shown any more.
        selection.follow(&Query::default());
        assert!(!selection.is_all_matching());
        assert_eq!(selection.count(matching()), 0);
    }

    #[test]
    fn a_plan_says_what_changes_and_what_is_skipped_and_why() {
        let mut s = demo(NOW, ServiceSettings::default());
        seed(&mut s, 50, NOW);
        let now = s.now(NOW);
        let all: Vec<&Device> = s.devices.iter().collect();
        let count = |state| all.iter().filter(|d| d.state(now) == state).count();
        let pending = count(DeviceState::RegistrationPending);
        let failed = count(DeviceState::RegistrationFailed);
        assert!(pending > 0 && failed > 0);

        let remove = plan(Bulk::Remove, &all);
        assert_eq!(remove.skipped.len(), pending);
        assert_eq!(remove.change.len(), all.len() - pending);
        assert!(remove.skipped.iter().all(|k| k.why.contains("pending")));

        let retry = plan(Bulk::Retry, &all);
        assert_eq!(retry.change.len(), failed);
        assert_eq!(retry.skipped.len(), all.len() - failed);

        let kiosk = plan(Bulk::ChangeProfile(Profile::Kiosk), &all);
        let already = all
            .iter()
            .filter(|d| d.profile == Profile::Kiosk && d.can_change_profile())
            .count();
        assert_eq!(kiosk.skipped.len(), pending + already);
        assert_eq!(kiosk.change.len() + kiosk.skipped.len(), all.len());
    }
}
