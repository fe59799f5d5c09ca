//! The server's clock. Timestamps on the wire are `autopilot_api::iso`.

use autopilot_service::device::RealTime;

/// Real time in milliseconds since the Unix epoch.
pub fn real_now() -> RealTime {
    RealTime(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX)),
    )
}
