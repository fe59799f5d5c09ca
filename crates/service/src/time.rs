//! Time, typed. Three kinds that must not mix: [`RealTime`] is what a computer's clock says,
//! [`TenantTime`] is the tenant's clock (real time plus the demo offset: every time a device
//! carries), and [`Millis`] is a length of time (a delay, an offset, a retention). Each is
//! milliseconds in an `i64`, stored and sent as a plain number. Below: calendar arithmetic on the
//! proleptic Gregorian calendar (Howard Hinnant's algorithms) for dates and ISO timestamps.

use serde::{Deserialize, Serialize};
use std::ops::{Add, AddAssign, Mul, Sub};

/// A length of time in milliseconds.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct Millis(pub i64);

/// One day.
pub const DAY: Millis = Millis(24 * 60 * 60 * 1000);

impl Millis {
    /// `n` whole days.
    pub fn days(n: i64) -> Millis {
        DAY * n
    }

    /// Never negative.
    pub fn at_least_zero(self) -> Millis {
        Millis(self.0.max(0))
    }
}

impl Add for Millis {
    type Output = Millis;
    fn add(self, other: Millis) -> Millis {
        Millis(self.0.saturating_add(other.0))
    }
}

impl AddAssign for Millis {
    fn add_assign(&mut self, other: Millis) {
        *self = *self + other;
    }
}

impl Sub for Millis {
    type Output = Millis;
    fn sub(self, other: Millis) -> Millis {
        Millis(self.0.saturating_sub(other.0))
    }
}

impl Mul<i64> for Millis {
    type Output = Millis;
    fn mul(self, n: i64) -> Millis {
        Millis(self.0.saturating_mul(n))
    }
}

macro_rules! instant {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(
            Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
        )]
        #[serde(transparent)]
        pub struct $name(pub i64);

        impl Add<Millis> for $name {
            type Output = $name;
            fn add(self, by: Millis) -> $name {
                $name(self.0.saturating_add(by.0))
            }
        }

        impl Sub<Millis> for $name {
            type Output = $name;
            fn sub(self, by: Millis) -> $name {
                $name(self.0.saturating_sub(by.0))
            }
        }

        impl Sub for $name {
            type Output = Millis;
            fn sub(self, earlier: $name) -> Millis {
                Millis(self.0.saturating_sub(earlier.0))
            }
        }
    };
}

instant!(
    /// A moment on the real clock: milliseconds since the Unix epoch.
    RealTime
);

instant!(
    /// A moment on the tenant's clock: real time plus the tenant's (demo) offset. Every time a
    /// device carries is one.
    TenantTime
);

impl TenantTime {
    /// A time the backend does not know: a real tenant does not say when a device was submitted
    /// or registered. Shown as "—", never as a date, and gives no age.
    pub const UNKNOWN: TenantTime = TenantTime(i64::MIN);

    /// Whether this is a time, not [`TenantTime::UNKNOWN`].
    pub fn is_known(self) -> bool {
        self != TenantTime::UNKNOWN
    }
}

impl RealTime {
    /// This moment on a tenant clock running `offset` ahead of real time.
    pub fn on_tenant_clock(self, offset: Millis) -> TenantTime {
        TenantTime(self.0.saturating_add(offset.0))
    }
}

/// Days since 1970-01-01 to (year, month, day), proleptic Gregorian (Howard Hinnant's algorithm).
/// The portal's dates and the server's ISO timestamps both use it.
pub fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
pub fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_tenant_clock_runs_ahead_of_real_time_by_its_offset() {
        let real = RealTime(1_000);
        let tenant = real.on_tenant_clock(DAY * 7);
        assert_eq!(tenant, TenantTime(1_000 + 7 * 86_400_000));
        assert_eq!(tenant - TenantTime(1_000), Millis::days(7));
        assert_eq!(RealTime(5) - Millis(2), RealTime(3));
        assert_eq!((Millis(2) - Millis(5)).at_least_zero(), Millis(0));
    }

    #[test]
    fn times_are_stored_as_plain_numbers() {
        // What IndexedDB and SQLite hold from before the types stays readable.
        assert_eq!(
            serde_json::to_string(&TenantTime(42)).ok().as_deref(),
            Some("42")
        );
        assert_eq!(
            serde_json::from_str::<Millis>("4000").ok(),
            Some(Millis(4_000))
        );
        assert_eq!(
            serde_json::from_str::<RealTime>("-1").ok(),
            Some(RealTime(-1))
        );
    }
}
