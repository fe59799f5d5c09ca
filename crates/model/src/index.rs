//! The tenant prepared for the workspace's queries: each device's search text and sort keys are
//! computed once per change of the device list or of the tenant's clock (which the store ticks
//! once a minute, states and ages depending on it), each column's order once when it is first
//! asked for; a query then only walks an order and keeps what matches. Sorting
//! 100,000 devices by comparing their strings (lower-casing them on the way) on every keystroke is
//! what this avoids.

use crate::workspace::{Query, SortColumn};
use autopilot_i18n::Lang;
use autopilot_service::device::{Device, DeviceState, TenantTime};
use std::cmp::Ordering;
use std::sync::OnceLock;

/// A text value as it sorts: empty values after all others, then case-insensitively, then as
/// written (so `a` and `A` keep one order).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct TextKey {
    empty: bool,
    folded: String,
    raw: String,
}

impl TextKey {
    fn of(text: &str) -> TextKey {
        let folded = if text.is_ascii() {
            text.to_ascii_lowercase()
        } else {
            // Character by character, as `workspace::cmp_folded` compares.
            text.chars().flat_map(char::to_lowercase).collect()
        };
        TextKey {
            empty: text.is_empty(),
            folded,
            raw: text.to_owned(),
        }
    }
}

/// What the workspace sorts a device by, at one tenant time.
#[derive(Debug, Clone)]
struct Keys {
    user: TextKey,
    serial: TextKey,
    manufacturer: TextKey,
    model: TextKey,
    /// The profile's place by its name in the page's language.
    profile: u8,
    state: DeviceState,
    last_seen: Option<i64>,
    age: Option<u32>,
}

/// The devices of the tenant, prepared for [`Index::select`].
#[derive(Debug)]
pub struct Index {
    keys: Vec<Keys>,
    /// Every device's search text, one after the other: its serial number and assigned user in
    /// lower case, each followed by `SEPARATOR`. A search is one scan of it.
    text: Vec<u8>,
    /// Where each device's text starts in `text`, and at the end its length.
    starts: Vec<u32>,
    counts: [usize; 5],
    /// Each column's ascending order (device positions), made when first asked for.
    orders: [OnceLock<Vec<u32>>; SortColumn::ALL.len()],
    /// Which index this is, among all made: a result of another index is not this one's.
    generation: u64,
}

/// Ends each field of the search text: a byte that valid UTF-8 never holds, so no search (valid
/// UTF-8 itself) matches across two fields or two devices.
const SEPARATOR: u8 = 0xFF;

/// The generation of the next index.
static GENERATION: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

impl PartialEq for Index {
    /// Never equal: a new index is a new device list (the memo around it then always notifies).
    fn eq(&self, _: &Index) -> bool {
        false
    }
}

impl Index {
    /// The devices (the list's order: positions in it are what [`Index::select`] returns) at
    /// tenant time `now` (states and ages depend on it); profiles sort by their names in `lang`.
    pub fn new(devices: &[Device], now: TenantTime, lang: Lang) -> Index {
        let ranks = crate::words::profile_ranks(lang);
        let keys: Vec<Keys> = devices
            .iter()
            .map(|d| Keys {
                user: TextKey::of(&d.assigned_user),
                serial: TextKey::of(&d.serial),
                manufacturer: TextKey::of(&d.manufacturer),
                model: TextKey::of(&d.model),
                profile: crate::words::profile_rank(&ranks, d.profile),
                state: d.state(now),
                last_seen: d.last_seen.map(|t| t.0),
                age: d.age_months(now),
            })
            .collect();
        let mut text = Vec::new();
        let mut starts = Vec::with_capacity(devices.len() + 1);
        for d in devices {
            starts.push(text.len() as u32);
            for field in [&d.serial, &d.assigned_user] {
                text.extend_from_slice(field.to_lowercase().as_bytes());
                text.push(SEPARATOR);
            }
        }
        starts.push(text.len() as u32);
        let mut counts = [0; 5];
        for keys in &keys {
            if let Some(i) = DeviceState::ALL.iter().position(|&s| s == keys.state) {
                counts[i] += 1;
            }
        }
        Index {
            keys,
            text,
            starts,
            counts,
            orders: Default::default(),
            generation: GENERATION.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
        }
    }

    /// Which index this is: two results with the same generation come from the same devices.
    pub fn generation(&self) -> u64 {
        self.generation
    }

    /// How many devices.
    pub fn len(&self) -> usize {
        self.keys.len()
    }

    /// Whether there is none.
    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    /// Devices per state, in the order of `DeviceState::ALL` (as `workspace::counts`).
    pub fn counts(&self) -> [usize; 5] {
        self.counts
    }

    /// Positions of the devices that match `query`, in its order (all pages): the same as
    /// [`crate::workspace::select`].
    pub fn select(&self, query: &Query) -> Vec<usize> {
        let needle = query.search.trim().to_lowercase();
        let found = (!needle.is_empty()).then(|| self.search(needle.as_bytes()));
        let state = query.state;
        let keep = |i: usize| {
            state.is_none_or(|s| self.keys[i].state == s) && found.as_ref().is_none_or(|f| f[i])
        };
        let order = self.order(query.sort);
        let kept = |&i: &u32| keep(i as usize).then_some(i as usize);
        if query.descending {
            order.iter().rev().filter_map(kept).collect()
        } else {
            order.iter().filter_map(kept).collect()
        }
    }

    /// The same as [`Index::select`] for `query`, from `previous`, this index's result for a
    /// query that `query` narrows ([`Query::narrows`]: the search only grew): only what matched
    /// then is searched again, so each key typed searches fewer devices.
    pub fn narrow(&self, previous: &[usize], query: &Query) -> Vec<usize> {
        let keep = self.matcher(query);
        previous.iter().copied().filter(|&i| keep(i)).collect()
    }

    /// Which devices' search text holds `needle` (not empty): one scan of all of it, skipping to
    /// the next device after a hit.
    fn search(&self, needle: &[u8]) -> Vec<bool> {
        let finder = memchr::memmem::Finder::new(needle);
        let mut found = vec![false; self.keys.len()];
        let (mut at, mut device) = (0usize, 0usize);
        while let Some(offset) = finder.find(&self.text[at..]) {
            let hit = at + offset;
            while self.starts[device + 1] as usize <= hit {
                device += 1;
            }
            found[device] = true;
            at = self.starts[device + 1] as usize;
        }
        found
    }

    /// The search text of the device at position `i`.
    fn text_of(&self, i: usize) -> &[u8] {
        &self.text[self.starts[i] as usize..self.starts[i + 1] as usize]
    }

    /// Whether the device at a position matches `query`'s state and search.
    fn matcher(&self, query: &Query) -> impl Fn(usize) -> bool + '_ {
        let needle = query.search.trim().to_lowercase();
        let finder = memchr::memmem::Finder::new(needle.as_bytes()).into_owned();
        let state = query.state;
        move |i| {
            state.is_none_or(|s| self.keys[i].state == s)
                && (needle.is_empty() || finder.find(self.text_of(i)).is_some())
        }
    }

    /// The ascending order of `column`: ties by serial number, then by position, so that the
    /// descending order is exactly its reverse.
    fn order(&self, column: SortColumn) -> &[u32] {
        let slot = SortColumn::ALL
            .iter()
            .position(|&c| c == column)
            .unwrap_or_default();
        self.orders[slot].get_or_init(|| {
            let mut order: Vec<u32> = (0..self.keys.len() as u32).collect();
            let keys = &self.keys;
            order.sort_unstable_by(|&x, &y| {
                let (a, b) = (&keys[x as usize], &keys[y as usize]);
                compare(column, a, b)
                    .then_with(|| a.serial.cmp(&b.serial))
                    .then(x.cmp(&y))
            });
            order
        })
    }
}

fn compare(column: SortColumn, a: &Keys, b: &Keys) -> Ordering {
    match column {
        SortColumn::User => a.user.cmp(&b.user),
        SortColumn::Serial => a.serial.cmp(&b.serial),
        SortColumn::Manufacturer => a.manufacturer.cmp(&b.manufacturer),
        SortColumn::Model => a.model.cmp(&b.model),
        SortColumn::Profile => a.profile.cmp(&b.profile),
        SortColumn::State => a.state.cmp(&b.state),
        SortColumn::LastSeen => a.last_seen.cmp(&b.last_seen),
        SortColumn::Age => a.age.cmp(&b.age),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::workspace::{select, Query};
    use autopilot_service::demo::demo;
    use autopilot_service::device::{RealTime, DAY};
    use autopilot_service::service::ServiceSettings;

    const NOW: RealTime = RealTime(1_795_000_000_000);

    /// The demo tenant (every state), and devices that test the text order: empty values,
    /// letters in two cases, letters outside ASCII.
    fn devices() -> Vec<Device> {
        let mut devices = demo(NOW, ServiceSettings::default()).devices;
        let template = devices[0].clone();
        for (i, (serial, user, model)) in [
            ("abc", "", "Σigma Book"),
            ("ABC", "Zoë@contoso.com", ""),
            ("Ärger-1", "émile@contoso.com", "σigma book"),
            ("zz-9", "megan.bowen@contoso.com", "Surface Laptop 7"),
            // Registered again: the same serial, maker, model and user as the one before.
            ("zz-9", "megan.bowen@contoso.com", "Surface Laptop 7"),
        ]
        .into_iter()
        .enumerate()
        {
            devices.push(Device {
                id: format!("extra-{i}"),
                serial: serial.into(),
                assigned_user: user.into(),
                model: model.into(),
                ..template.clone()
            });
        }
        devices
    }

    #[test]
    fn typing_on_narrows_the_previous_result_to_what_select_selects() {
        let devices = devices();
        let now = NOW.on_tenant_clock(autopilot_service::device::Millis(0));
        let index = Index::new(&devices, now, Lang::En);
        for state in [None, Some(DeviceState::Active)] {
            for descending in [false, true] {
                let mut previous: Option<(Query, Vec<usize>)> = None;
                for search in ["", "m", "me", " MEG", "megan.b", "megan.bx"] {
                    let query = Query {
                        search: search.into(),
                        state,
                        sort: SortColumn::User,
                        descending,
                        ..Query::default()
                    };
                    let fresh = index.select(&query);
                    if let Some((before, rows)) = &previous {
                        assert_eq!(
                            query.narrows(before),
                            !before.search.is_empty(),
                            "{search:?}"
                        );
                        assert_eq!(index.narrow(rows, &query), fresh, "{query:?}");
                    }
                    previous = Some((query, fresh));
                }
            }
        }
        let typed = |search: &str| Query {
            search: search.into(),
            ..Query::default()
        };
        assert!(
            !typed("me").narrows(&typed("meg")),
            "a shorter search widens"
        );
        assert!(!typed("meg").narrows(&Query {
            state: Some(DeviceState::Active),
            ..typed("me")
        }));
        assert!(!typed("meg").narrows(&typed("me").sorted_by(SortColumn::Model)));
        assert_ne!(
            index.generation(),
            Index::new(&devices, now, Lang::En).generation()
        );
    }

    #[test]
    fn the_profile_column_sorts_by_the_names_it_shows() {
        let devices = devices();
        let now = NOW.on_tenant_clock(autopilot_service::device::Millis(0));
        let by_profile = Query::default().sorted_by(SortColumn::Profile);
        for lang in [Lang::En, Lang::Nl] {
            let names: Vec<String> = Index::new(&devices, now, lang)
                .select(&by_profile)
                .into_iter()
                .map(|i| crate::words::profile(lang, devices[i].profile).to_lowercase())
                .collect();
            assert!(names.windows(2).all(|w| w[0] <= w[1]), "{lang:?}");
            assert!(names.len() > 1 && names.first() != names.last());
        }
    }

    #[test]
    fn every_query_selects_what_select_selects() {
        let devices = devices();
        for (now, lang) in [
            (NOW, Lang::En),
            (RealTime(NOW.0 + 200 * DAY.0), Lang::En),
            (NOW, Lang::Nl),
        ] {
            let now = now.on_tenant_clock(autopilot_service::device::Millis(0));
            let index = Index::new(&devices, now, lang);
            assert_eq!(index.counts(), crate::workspace::counts(&devices, now));
            for column in SortColumn::ALL {
                for descending in [false, true] {
                    for state in [None, Some(DeviceState::Active), Some(DeviceState::Inactive)] {
                        for search in ["", "MEGAN", "  abc ", "ë@", "zz", "no such device"] {
                            let query = Query {
                                search: search.into(),
                                state,
                                sort: column,
                                descending,
                                page: 0,
                                hidden: Vec::new(),
                            };
                            assert_eq!(
                                index.select(&query),
                                select(&devices, &query, now, lang),
                                "{query:?}"
                            );
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn descending_is_ascending_reversed_even_for_ties() {
        let mut devices = devices();
        // The same serial twice: only their positions tell them apart.
        let twin = Device {
            id: "twin".into(),
            ..devices[0].clone()
        };
        devices.push(twin);
        let index = Index::new(
            &devices,
            NOW.on_tenant_clock(autopilot_service::device::Millis(0)),
            Lang::En,
        );
        for column in SortColumn::ALL {
            let asc = index.select(&Query {
                sort: column,
                descending: false,
                ..Query::default()
            });
            let mut desc = index.select(&Query {
                sort: column,
                descending: true,
                ..Query::default()
            });
            desc.reverse();
            assert_eq!(asc, desc, "{column:?}");
            assert_eq!(asc.len(), devices.len());
        }
    }
}
