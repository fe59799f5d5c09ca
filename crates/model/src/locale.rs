//! Counts and dates as the admin's browser writes them (`10,000` in en-US, `10.000` in nl-NL).
//! The page installs the browser's `Intl` formats once, at start (`src/locale.rs`); without them
//! (native tests, the reading worker) counts are grouped by thousands with commas and dates read
//! `Nov 23, 2026`, as en-US writes them. Everything the model says with a count or a date goes
//! through here.

use autopilot_service::device::{TenantTime, DAY};
use autopilot_service::time::civil_from_days;
use std::sync::OnceLock;

/// How a locale writes counts and dates.
#[derive(Debug, Clone, Copy)]
pub struct Formats {
    /// A count.
    pub number: fn(u64) -> String,
    /// The calendar date of an instant (milliseconds since 1970, UTC).
    pub date: fn(i64) -> String,
    /// A number of months, with its unit (`3 months`, `3 maanden`).
    pub months: fn(u64) -> String,
}

static FORMATS: OnceLock<Formats> = OnceLock::new();

/// Uses `formats` from now on (the first call wins: a page has one locale).
pub fn install(formats: Formats) {
    let _ = FORMATS.set(formats);
}

/// A count as the locale writes it.
pub fn number(n: usize) -> String {
    let n = n as u64;
    FORMATS.get().map_or_else(|| grouped(n), |f| (f.number)(n))
}

/// A number of months as the locale writes it (`1 month`, `3 maanden`); without a locale, in
/// `lang` from the catalogue.
pub fn months(n: usize, lang: autopilot_i18n::Lang) -> String {
    match FORMATS.get() {
        Some(f) => (f.months)(n as u64),
        None => autopilot_i18n::t!(lang, "months", count = n, n = number(n)),
    }
}

/// The date of `at` as the locale writes it.
pub fn date(at: TenantTime) -> String {
    FORMATS
        .get()
        .map_or_else(|| en_date(at.0), |f| (f.date)(at.0))
}

/// `10000` → `10,000`.
fn grouped(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// A UTC date as `Nov 23, 2026`.
fn en_date(ms: i64) -> String {
    let (y, m, d) = civil_from_days(ms.div_euclid(DAY.0));
    format!("{} {d}, {y}", MONTHS[(m - 1) as usize])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_are_grouped_by_thousands_without_a_locale() {
        assert_eq!(number(0), "0");
        assert_eq!(number(999), "999");
        assert_eq!(number(1_000), "1,000");
        assert_eq!(number(100_042), "100,042");
        assert_eq!(number(1_234_567), "1,234,567");
    }

    #[test]
    fn dates_read_as_en_us_without_a_locale() {
        assert_eq!(date(TenantTime(0)), "Jan 1, 1970");
        assert_eq!(date(TenantTime(1_795_426_867_000)), "Nov 23, 2026");
    }
}
