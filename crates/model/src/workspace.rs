//! The Devices workspace's view-independent logic: search, state filter and sort (kept in the URL
//! query), per-state counts, and how dates and ages read.

use crate::locale::number;
use autopilot_i18n::{t, Lang};
use autopilot_service::device::{Device, DeviceState, TenantTime};
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use std::cmp::Ordering;

/// What a query value keeps as it is (RFC 3986 unreserved characters).
const QUERY_VALUE: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// A column the device table can be sorted by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SortColumn {
    /// Assigned user.
    User,
    /// Serial number.
    Serial,
    /// Manufacturer.
    Manufacturer,
    /// Model.
    Model,
    /// Profile.
    Profile,
    /// State, in lifecycle order.
    State,
    /// Last seen (never-seen devices sort as oldest).
    LastSeen,
    /// Months since registration.
    Age,
}

impl SortColumn {
    /// Every column, in table order.
    pub const ALL: [SortColumn; 8] = [
        SortColumn::User,
        SortColumn::Serial,
        SortColumn::Manufacturer,
        SortColumn::Model,
        SortColumn::Profile,
        SortColumn::State,
        SortColumn::LastSeen,
        SortColumn::Age,
    ];

    /// The id used in the URL (`sort=serial`).
    pub fn id(self) -> &'static str {
        match self {
            SortColumn::User => "user",
            SortColumn::Serial => "serial",
            SortColumn::Manufacturer => "manufacturer",
            SortColumn::Model => "model",
            SortColumn::Profile => "profile",
            SortColumn::State => "state",
            SortColumn::LastSeen => "lastSeen",
            SortColumn::Age => "age",
        }
    }

    /// Parses a URL id.
    pub fn from_id(id: &str) -> Option<SortColumn> {
        SortColumn::ALL.into_iter().find(|c| c.id() == id)
    }

    /// Whether the admin may hide it: the serial number stays, as the device's name and the way
    /// to its details.
    pub fn can_hide(self) -> bool {
        self != SortColumn::Serial
    }
}

/// What the table shows: search text, state filter, sort. Round-trips through the URL query so a
/// copied link shows the same view.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Query {
    /// Case-insensitive text matched against serial number and assigned user.
    pub search: String,
    /// Only devices in this state.
    pub state: Option<DeviceState>,
    /// Sort column.
    pub sort: SortColumn,
    /// Descending instead of ascending.
    pub descending: bool,
    /// Zero-based page of [`PAGE_SIZE`] rows.
    pub page: usize,
    /// Columns the admin hid ("Columns"), in table order, never the serial number.
    pub hidden: Vec<SortColumn>,
}

/// Rows per table page: keeps the page fast with tens of thousands of devices.
pub const PAGE_SIZE: usize = 100;

impl Default for Query {
    fn default() -> Self {
        Query {
            search: String::new(),
            state: None,
            sort: SortColumn::LastSeen,
            descending: true,
            page: 0,
            hidden: Vec::new(),
        }
    }
}

impl Query {
    /// Reads a query from URL parameters; unknown or missing values fall back to the defaults.
    pub fn from_params(get: impl Fn(&str) -> Option<String>) -> Query {
        let default = Query::default();
        let sort = get("sort").and_then(|s| SortColumn::from_id(&s));
        Query {
            search: get("q").unwrap_or_default(),
            state: get("state").and_then(|s| DeviceState::from_id(&s)),
            descending: match get("dir").as_deref() {
                Some("asc") => false,
                Some("desc") => true,
                _ if sort.is_some() => false,
                _ => default.descending,
            },
            sort: sort.unwrap_or(default.sort),
            page: get("page")
                .and_then(|p| p.parse::<usize>().ok())
                .map_or(0, |p| p.saturating_sub(1)),
            hidden: get("hide").map_or_else(Vec::new, |ids| {
                let named: Vec<&str> = ids.split(',').map(str::trim).collect();
                SortColumn::ALL
                    .into_iter()
                    .filter(|c| c.can_hide() && named.contains(&c.id()))
                    .collect()
            }),
        }
    }

    /// Whether this query's devices are among those of `previous`, in the same order, so that
    /// searching those again is cheaper than searching all: the same state, sort and direction,
    /// and a search that holds the previous one, which was not empty (typing on; from an empty
    /// search, one scan of every device's text is faster than a search of each).
    pub fn narrows(&self, previous: &Query) -> bool {
        let before = previous.search.trim().to_lowercase();
        self.state == previous.state
            && self.sort == previous.sort
            && self.descending == previous.descending
            && !before.is_empty()
            && self.search.trim().to_lowercase().contains(&before)
    }

    /// The columns the table shows, in table order.
    pub fn visible(&self) -> Vec<SortColumn> {
        SortColumn::ALL
            .into_iter()
            .filter(|c| !self.hidden.contains(c))
            .collect()
    }

    /// This query with `column` shown or hidden (the serial number is always shown).
    pub fn with_column(&self, column: SortColumn, shown: bool) -> Query {
        let hidden = SortColumn::ALL
            .into_iter()
            .filter(|&c| {
                c.can_hide()
                    && if c == column {
                        !shown
                    } else {
                        self.hidden.contains(&c)
                    }
            })
            .collect();
        Query {
            hidden,
            ..self.clone()
        }
    }

    /// The URL parameters of this query; defaults are left out to keep links short.
    pub fn to_params(&self) -> Vec<(&'static str, String)> {
        let default = Query::default();
        let mut params = Vec::new();
        if !self.search.is_empty() {
            params.push(("q", self.search.clone()));
        }
        if let Some(state) = self.state {
            params.push(("state", state.id().to_owned()));
        }
        if self.sort != default.sort || self.descending != default.descending {
            params.push(("sort", self.sort.id().to_owned()));
            params.push((
                "dir",
                if self.descending { "desc" } else { "asc" }.to_owned(),
            ));
        }
        if self.page > 0 {
            params.push(("page", (self.page + 1).to_string()));
        }
        if !self.hidden.is_empty() {
            let ids: Vec<&str> = self.hidden.iter().map(|c| c.id()).collect();
            params.push(("hide", ids.join(",")));
        }
        params
    }

    /// Whether it leaves devices out (a search or a state filter).
    pub fn is_filtered(&self) -> bool {
        !self.search.is_empty() || self.state.is_some()
    }

    /// The count beside the filters: `12 devices`, or `3 of 12 devices` when filtered.
    pub fn result_count(&self, shown: usize, total: usize, lang: Lang) -> String {
        if self.is_filtered() {
            t!(
                lang,
                "device-count-of",
                shown = number(shown),
                total = total,
                total_n = number(total)
            )
        } else {
            t!(lang, "device-count", count = shown, n = number(shown))
        }
    }

    /// The workspace's address for this query: `/devices`, or `/devices?q=…&state=…`, each value
    /// percent-encoded (a search for `a&b` stays one search).
    pub fn href(&self) -> String {
        let params: Vec<String> = self
            .to_params()
            .into_iter()
            .map(|(k, v)| format!("{k}={}", utf8_percent_encode(&v, QUERY_VALUE)))
            .collect();
        if params.is_empty() {
            "/devices".to_owned()
        } else {
            format!("/devices?{}", params.join("&"))
        }
    }

    /// The query sorted by `column`: toggles direction when it already is.
    pub fn sorted_by(&self, column: SortColumn) -> Query {
        Query {
            sort: column,
            descending: if self.sort == column {
                !self.descending
            } else {
                matches!(column, SortColumn::LastSeen)
            },
            page: 0,
            ..self.clone()
        }
    }
}

/// One page of a selection: the page asked for, clamped to the last one there is (a link to page
/// 9 of what is now 3 pages shows page 3).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Page {
    /// Zero-based page shown.
    pub index: usize,
    /// Pages in all (at least 1, even for no rows).
    pub count: usize,
    /// The rows of the page: `start..end` of the selection.
    pub start: usize,
    /// End of the page's rows (exclusive).
    pub end: usize,
}

impl Page {
    /// Page `requested` of `rows` rows, [`PAGE_SIZE`] a page.
    pub fn of(rows: usize, requested: usize) -> Page {
        let count = rows.div_ceil(PAGE_SIZE).max(1);
        let index = requested.min(count - 1);
        let start = index * PAGE_SIZE;
        Page {
            index,
            count,
            start,
            end: (start + PAGE_SIZE).min(rows),
        }
    }

    /// Whether there is a page before it.
    pub fn has_previous(&self) -> bool {
        self.index > 0
    }

    /// Whether there is a page after it.
    pub fn has_next(&self) -> bool {
        self.index + 1 < self.count
    }

    /// `Page 2 of 5`.
    pub fn label(&self, lang: Lang) -> String {
        t!(
            lang,
            "page-of",
            page = number(self.index + 1),
            pages = number(self.count)
        )
    }
}

/// Indices of `devices` that match `query`, in display order (all pages): the plain reading of
/// the query, which `index::Index` (what the workspace uses) is tested against.
/// Profiles sort by their names in `lang`.
pub fn select(devices: &[Device], query: &Query, now: TenantTime, lang: Lang) -> Vec<usize> {
    let ranks = crate::words::profile_ranks(lang);
    let rank = |p| crate::words::profile_rank(&ranks, p);
    let needle = query.search.trim().to_lowercase();
    let mut rows: Vec<usize> = devices
        .iter()
        .enumerate()
        .filter(|(_, d)| query.state.is_none_or(|s| d.state(now) == s))
        .filter(|(_, d)| {
            needle.is_empty()
                || d.serial.to_lowercase().contains(&needle)
                || d.assigned_user.to_lowercase().contains(&needle)
        })
        .map(|(i, _)| i)
        .collect();
    let compare = |a: &Device, b: &Device| -> Ordering {
        match query.sort {
            SortColumn::User => cmp_text(&a.assigned_user, &b.assigned_user),
            SortColumn::Serial => cmp_text(&a.serial, &b.serial),
            SortColumn::Manufacturer => cmp_text(&a.manufacturer, &b.manufacturer),
            SortColumn::Model => cmp_text(&a.model, &b.model),
            SortColumn::Profile => rank(a.profile).cmp(&rank(b.profile)),
            SortColumn::State => a.state(now).cmp(&b.state(now)),
            SortColumn::LastSeen => a.last_seen.cmp(&b.last_seen),
            SortColumn::Age => a.age_months(now).cmp(&b.age_months(now)),
        }
    };
    rows.sort_by(|&x, &y| {
        let (a, b) = (&devices[x], &devices[y]);
        // Ties (a device registered again has the same serial) by position: a total order, so
        // descending is ascending reversed.
        let order = compare(a, b)
            .then_with(|| cmp_text(&a.serial, &b.serial))
            .then(x.cmp(&y));
        if query.descending {
            order.reverse()
        } else {
            order
        }
    });
    rows
}

/// Case-insensitive text order; empty values sort last whatever the direction would say first.
fn cmp_text(a: &str, b: &str) -> Ordering {
    match (a.is_empty(), b.is_empty()) {
        (true, false) => Ordering::Greater,
        (false, true) => Ordering::Less,
        _ => cmp_folded(a, b).then_with(|| a.cmp(b)),
    }
}

/// `a.to_lowercase().cmp(&b.to_lowercase())` without allocating: sorting tens of thousands of
/// devices compares hundreds of thousands of times.
fn cmp_folded(a: &str, b: &str) -> Ordering {
    if a.is_ascii() && b.is_ascii() {
        a.bytes()
            .map(|c| c.to_ascii_lowercase())
            .cmp(b.bytes().map(|c| c.to_ascii_lowercase()))
    } else {
        a.chars()
            .flat_map(char::to_lowercase)
            .cmp(b.chars().flat_map(char::to_lowercase))
    }
}

pub use autopilot_service::device::counts;

/// A date as the browser's locale writes it (`Nov 23, 2026` in en-US); `—` when not known.
pub fn format_date(at: TenantTime) -> String {
    if at.is_known() {
        crate::locale::date(at)
    } else {
        "—".to_owned()
    }
}

/// The Last seen cell: `Never` for a device never used, else its date.
pub fn format_last_seen(last_seen: Option<TenantTime>, lang: Lang) -> String {
    last_seen.map_or_else(|| t!(lang, "never"), format_date)
}

/// The Age cell: months since registration (as the page's language writes a number of months),
/// `—` before registration completes.
pub fn format_age(months: Option<u32>, lang: Lang) -> String {
    match months {
        None => "—".to_owned(),
        Some(0) => t!(lang, "age-under", month = crate::locale::months(1, lang)),
        Some(n) => crate::locale::months(n as usize, lang),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use autopilot_service::demo::demo;
    use autopilot_service::device::{RealTime, TenantTime};
    use autopilot_service::service::ServiceSettings;

    const NOW: RealTime = RealTime(1_795_000_000_000);
    const T: TenantTime = TenantTime(1_795_000_000_000);

    #[test]
    fn the_address_encodes_each_value_and_reads_back() {
        assert_eq!(Query::default().href(), "/devices");
        let q = Query {
            search: "a&b c/é".into(),
            state: Some(DeviceState::Active),
            page: 2,
            ..Query::default()
        };
        let href = q.href();
        assert_eq!(href, "/devices?q=a%26b%20c%2F%C3%A9&state=active&page=3");
        let query = href.split_once('?').map(|(_, q)| q).unwrap_or_default();
        let params: Vec<(String, String)> = query
            .split('&')
            .filter_map(|p| p.split_once('='))
            .map(|(k, v)| {
                let v = percent_encoding::percent_decode_str(v).decode_utf8_lossy();
                (k.to_owned(), v.into_owned())
            })
            .collect();
        let back =
            Query::from_params(|k| params.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone()));
        assert_eq!(back, q);
    }

    #[test]
    fn the_count_says_of_how_many_only_when_filtered() {
        let all = Query::default();
        assert_eq!(all.result_count(42, 42, Lang::En), "42 devices");
        assert_eq!(all.result_count(1, 1, Lang::En), "1 device");
        assert_eq!(all.result_count(0, 0, Lang::En), "0 devices");
        assert_eq!(all.result_count(1, 1, Lang::Nl), "1 apparaat");
        assert_eq!(all.result_count(12, 12, Lang::Nl), "12 apparaten");
        let searched = Query {
            search: "megan".into(),
            ..Query::default()
        };
        assert_eq!(searched.result_count(3, 42, Lang::En), "3 of 42 devices");
        assert_eq!(searched.result_count(1, 1, Lang::Nl), "1 van 1 apparaat");
        let by_state = Query {
            state: Some(DeviceState::Active),
            ..Query::default()
        };
        assert!(by_state.is_filtered());
    }

    #[test]
    fn pages_clamp_to_the_last_one_there_is() {
        let first = Page::of(250, 0);
        assert_eq!(
            (first.index, first.count, first.start, first.end),
            (0, 3, 0, 100)
        );
        assert!(!first.has_previous() && first.has_next());
        let last = Page::of(250, 9);
        assert_eq!((last.index, last.start, last.end), (2, 200, 250));
        assert!(last.has_previous() && !last.has_next());
        assert_eq!(last.label(Lang::En), "Page 3 of 3");
        assert_eq!(last.label(Lang::Nl), "Pagina 3 van 3");
        let none = Page::of(0, 4);
        assert_eq!((none.index, none.count, none.start, none.end), (0, 1, 0, 0));
        assert_eq!(Page::of(100, 1).index, 0, "exactly one full page");
    }

    #[test]
    fn dates_read_like_the_portal() {
        assert_eq!(format_date(TenantTime(0)), "Jan 1, 1970");
        assert_eq!(format_date(TenantTime(1_795_392_000_000)), "Nov 23, 2026");
        assert_eq!(format_date(TenantTime(951_782_400_000)), "Feb 29, 2000");
        assert_eq!(format_last_seen(None, Lang::En), "Never");
        assert_eq!(format_last_seen(None, Lang::Nl), "Nooit");
        assert_eq!(format_age(Some(3), Lang::En), "3 months");
        assert_eq!(format_age(Some(1), Lang::En), "1 month");
        assert_eq!(format_age(Some(0), Lang::En), "< 1 month");
        assert_eq!(format_age(Some(0), Lang::Nl), "< 1 maand");
        assert_eq!(format_age(Some(7), Lang::Nl), "7 maanden");
        assert_eq!(format_age(None, Lang::Nl), "—");
        assert_eq!(format_date(TenantTime::UNKNOWN), "—");
    }

    #[test]
    fn query_round_trips_through_url_parameters() {
        let q = Query {
            search: "megan".into(),
            state: Some(DeviceState::RegistrationFailed),
            sort: SortColumn::Serial,
            descending: true,
            page: 2,
            hidden: vec![SortColumn::Manufacturer, SortColumn::Age],
        };
        let params = q.to_params();
        let back = Query::from_params(|k| {
            params
                .iter()
                .find(|(name, _)| *name == k)
                .map(|(_, v)| v.clone())
        });
        assert_eq!(back, q);
        assert!(Query::default().to_params().is_empty());
        assert_eq!(Query::from_params(|_| Some("nonsense".into())).state, None);
    }

    #[test]
    fn columns_hide_and_show_but_the_serial_number_stays() {
        let q = Query::default()
            .with_column(SortColumn::Model, false)
            .with_column(SortColumn::User, false)
            .with_column(SortColumn::Serial, false);
        assert_eq!(
            q.hidden,
            [SortColumn::User, SortColumn::Model],
            "table order"
        );
        assert_eq!(q.visible().len(), 6);
        assert!(q.visible().contains(&SortColumn::Serial));
        assert!(q.href().contains("hide=user%2Cmodel"), "{}", q.href());
        let shown = q.with_column(SortColumn::User, true);
        assert_eq!(shown.hidden, [SortColumn::Model]);
        // From a link: unknown ids and the serial number are ignored.
        let linked = Query::from_params(|k| (k == "hide").then(|| "age, serial,colour".into()));
        assert_eq!(linked.hidden, [SortColumn::Age]);
    }

    #[test]
    fn search_filters_by_serial_and_user_and_state() {
        let s = demo(NOW, ServiceSettings::default());
        let all = select(&s.devices, &Query::default(), T, Lang::En);
        assert_eq!(all.len(), s.devices.len());
        let megan = select(
            &s.devices,
            &Query {
                search: "MEGAN".into(),
                ..Query::default()
            },
            T,
            Lang::En,
        );
        assert!(!megan.is_empty());
        assert!(megan
            .iter()
            .all(|&i| s.devices[i].assigned_user.contains("megan")));
        let serial = &s.devices[7].serial;
        let by_serial = select(
            &s.devices,
            &Query {
                search: serial[2..6].to_lowercase(),
                ..Query::default()
            },
            T,
            Lang::En,
        );
        assert!(by_serial.contains(&7));
        let failed = select(
            &s.devices,
            &Query {
                state: Some(DeviceState::RegistrationFailed),
                ..Query::default()
            },
            T,
            Lang::En,
        );
        assert_eq!(failed.len(), counts(&s.devices, T)[1]);
    }

    #[test]
    fn text_order_ignores_case_like_lowercasing_and_puts_empty_last() {
        let words = [
            "", "b", "B", "a", "Äpfel", "äpfel", "Zebra", "zebra", "Ölberg", "oz", "5CG1", "5cg0",
            "Émile", "emile",
        ];
        for a in words {
            for b in words {
                let expected = match (a.is_empty(), b.is_empty()) {
                    (true, false) => Ordering::Greater,
                    (false, true) => Ordering::Less,
                    _ => a
                        .to_lowercase()
                        .cmp(&b.to_lowercase())
                        .then_with(|| a.cmp(b)),
                };
                assert_eq!(cmp_text(a, b), expected, "{a:?} vs {b:?}");
            }
        }
    }

    #[test]
    fn sorting_toggles_and_orders_each_column() {
        let s = demo(NOW, ServiceSettings::default());
        for column in SortColumn::ALL {
            let asc = Query::default().sorted_by(column);
            let asc = if asc.descending {
                asc.sorted_by(column)
            } else {
                asc
            };
            assert!(!asc.descending);
            let desc = asc.sorted_by(column);
            assert!(desc.descending);
            let up = select(&s.devices, &asc, T, Lang::En);
            let down = select(&s.devices, &desc, T, Lang::En);
            assert_eq!(up.len(), down.len());
            if column == SortColumn::Serial {
                let serials: Vec<&str> = up.iter().map(|&i| s.devices[i].serial.as_str()).collect();
                let mut sorted = serials.clone();
                sorted.sort_by_key(|a| a.to_lowercase());
                assert_eq!(serials, sorted);
            }
            if column == SortColumn::State {
                let states: Vec<DeviceState> = up.iter().map(|&i| s.devices[i].state(T)).collect();
                assert!(states.windows(2).all(|w| w[0] <= w[1]));
            }
        }
        let users: Vec<&str> = select(
            &s.devices,
            &Query::default().sorted_by(SortColumn::User),
            T,
            Lang::En,
        )
        .iter()
        .map(|&i| s.devices[i].assigned_user.as_str())
        .collect();
        assert!(
            users.last().is_some_and(|u| u.is_empty()),
            "devices without a user sort last"
        );
    }
}
