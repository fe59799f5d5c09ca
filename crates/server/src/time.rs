//! Clock and timestamps as Graph writes them (ISO 8601, UTC).

use autopilot::device::{Millis, DAY};
use autopilot::workspace::civil_from_days;

/// What Graph reports for a device that never contacted the service.
pub const NEVER: &str = "0001-01-01T00:00:00Z";

/// Real time in milliseconds since the Unix epoch.
pub fn real_now() -> Millis {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| {
            Millis::try_from(d.as_millis()).unwrap_or(Millis::MAX)
        })
}

/// `2026-11-23T09:41:07.250Z`.
pub fn iso(at: Millis) -> String {
    let days = at.div_euclid(DAY);
    let ms = at.rem_euclid(DAY);
    let (y, m, d) = civil_from_days(days);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}.{:03}Z",
        ms / 3_600_000,
        ms / 60_000 % 60,
        ms / 1_000 % 60,
        ms % 1_000
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_utc_with_milliseconds() {
        assert_eq!(iso(0), "1970-01-01T00:00:00.000Z");
        assert_eq!(iso(1_800_000_000_123), "2027-01-15T08:00:00.123Z");
        assert_eq!(iso(951_782_400_000), "2000-02-29T00:00:00.000Z");
        assert_eq!(iso(-1), "1969-12-31T23:59:59.999Z");
    }
}
