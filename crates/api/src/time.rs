//! Timestamps on the wire: ISO 8601 UTC with milliseconds, as Graph writes them.

use autopilot_service::device::{TenantTime, DAY};
use autopilot_service::time::{civil_from_days, days_from_civil};

/// What Graph reports for a device that never contacted the service.
pub const NEVER: &str = "0001-01-01T00:00:00Z";

/// `2026-11-23T09:41:07.250Z`.
pub fn iso(at: TenantTime) -> String {
    let days = at.0.div_euclid(DAY.0);
    let ms = at.0.rem_euclid(DAY.0);
    let (y, m, d) = civil_from_days(days);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}.{:03}Z",
        ms / 3_600_000,
        ms / 60_000 % 60,
        ms / 1_000 % 60,
        ms % 1_000
    )
}

/// Reads an ISO 8601 UTC timestamp as Graph writes it (`2026-11-23T09:41:07Z`, with up to 7
/// fractional digits, `Z` or `+00:00`); `None` for anything else.
pub fn parse_iso(text: &str) -> Option<TenantTime> {
    let b = text.as_bytes();
    let num = |range: std::ops::Range<usize>| -> Option<i64> {
        let digits = b.get(range)?;
        if digits.is_empty() || !digits.iter().all(u8::is_ascii_digit) {
            return None;
        }
        digits.iter().try_fold(0i64, |n, d| {
            n.checked_mul(10)?.checked_add(i64::from(d - b'0'))
        })
    };
    if b.len() < 20
        || b[4] != b'-'
        || b[7] != b'-'
        || b[10] != b'T'
        || b[13] != b':'
        || b[16] != b':'
    {
        return None;
    }
    let (y, m, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
    let (h, min, s) = (num(11..13)?, num(14..16)?, num(17..19)?);
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) || h > 23 || min > 59 || s > 60 {
        return None;
    }
    let mut rest = &text[19..];
    let mut millis = 0;
    if let Some(fraction) = rest.strip_prefix('.') {
        let digits = fraction.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 || digits > 9 {
            return None;
        }
        let padded = format!("{:0<3}", &fraction[..digits.min(3)]);
        millis = padded.parse::<i64>().ok()?;
        rest = &fraction[digits..];
    }
    if rest != "Z" && rest != "+00:00" {
        return None;
    }
    let days = days_from_civil(y, m, d);
    // A day that does not exist (31 April) would silently roll over: refuse it.
    if civil_from_days(days) != (y, m as u32, d as u32) {
        return None;
    }
    Some(TenantTime(
        days * DAY.0 + h * 3_600_000 + min * 60_000 + s * 1_000 + millis,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_utc_with_milliseconds() {
        assert_eq!(iso(TenantTime(0)), "1970-01-01T00:00:00.000Z");
        assert_eq!(
            iso(TenantTime(1_800_000_000_123)),
            "2027-01-15T08:00:00.123Z"
        );
        assert_eq!(iso(TenantTime(951_782_400_000)), "2000-02-29T00:00:00.000Z");
        assert_eq!(iso(TenantTime(-1)), "1969-12-31T23:59:59.999Z");
    }

    #[test]
    fn parses_what_graph_writes_and_refuses_the_rest() {
        for at in [0, 1_800_000_000_123, 951_782_400_000, -1, 4_102_444_799_999].map(TenantTime) {
            assert_eq!(parse_iso(&iso(at)), Some(at), "{}", iso(at));
        }
        assert_eq!(
            parse_iso("2026-11-23T09:41:07Z"),
            Some(TenantTime(1_795_426_867_000))
        );
        assert_eq!(
            parse_iso("2026-11-23T09:41:07.1234567Z"),
            Some(TenantTime(1_795_426_867_123))
        );
        assert_eq!(
            parse_iso("2026-11-23T09:41:07.5+00:00"),
            Some(TenantTime(1_795_426_867_500))
        );
        for bad in [
            "",
            "2026-11-23",
            "2026-11-23T09:41:07",
            "2026-11-23T09:41:07+01:00",
            "2026-02-30T00:00:00Z",
            "2026-13-01T00:00:00Z",
            "2026-11-23T24:00:00Z",
            "2026-11-23T09:41:07.Z",
            "2026-11-23 09:41:07Z",
            "+026-11-23T09:41:07Z",
            "2026-11-23T09:41:07.1234567890Z",
        ] {
            assert_eq!(parse_iso(bad), None, "{bad}");
        }
        assert!(parse_iso(NEVER).is_some_and(|t| t.0 < 0));
    }
}
