//! Every route of the API, relative to the API base ([`API_BASE`] on the server; `apiBase` in the
//! portal's `config.json`). The server's router is built from these, the portal's requests and
//! the tests use them: a path is spelled once.

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

/// Where the server mounts the API.
pub const API_BASE: &str = "/api";

/// The OpenAPI document: `GET`.
pub const OPENAPI: &str = "/openapi.json";

/// Microsoft Graph's Autopilot endpoints.
pub const GRAPH: &str = "/graph/v1.0";

/// Import a batch: `POST`.
pub const IMPORT: &str =
    "/graph/v1.0/deviceManagement/importedWindowsAutopilotDeviceIdentities/import";

/// How one import went: `GET`.
pub const IMPORTED: &str =
    "/graph/v1.0/deviceManagement/importedWindowsAutopilotDeviceIdentities/{id}";

/// The tenant's devices: `GET`, paged.
pub const DEVICES: &str = "/graph/v1.0/deviceManagement/windowsAutopilotDeviceIdentities";

/// One device: `GET`, `DELETE`.
pub const DEVICE: &str = "/graph/v1.0/deviceManagement/windowsAutopilotDeviceIdentities/{id}";

/// The audit log, newest first: `GET`, paged, `$filter` on `activityDateTime` and
/// `actor/userPrincipalName`.
pub const AUDIT_EVENTS: &str = "/graph/v1.0/deviceManagement/auditEvents";

/// What Graph lacks and the portal needs.
pub const MMD: &str = "/mmd/v1";

/// Who is signed in and their role: `GET`.
pub const ME: &str = "/mmd/v1/me";

/// The tenant, its profiles, clock and counts: `GET`.
pub const TENANT: &str = "/mmd/v1/tenant";

/// A device's profile: `PUT`.
pub const DEVICE_PROFILE: &str = "/mmd/v1/devices/{id}/profile";

/// Submit a failed registration again: `POST`.
pub const DEVICE_RETRY: &str = "/mmd/v1/devices/{id}/retry";

/// Many devices by id: `POST`.
pub const DEVICES_QUERY: &str = "/mmd/v1/devices:query";

/// One change to many devices (remove, change profile, retry, assign user): `POST`
/// [`crate::wire::BulkRequest`], answered per device.
pub const DEVICES_BULK: &str = "/mmd/v1/devices:bulk";

/// Demo: the users of many devices sign in: `POST`.
pub const DEMO_SIGN_IN: &str = "/mmd/v1/demo/sign-in";

/// Demo: the user of one device signs in: `POST`.
pub const DEMO_SIGN_IN_ONE: &str = "/mmd/v1/demo/sign-in/{id}";

/// Demo: move the tenant clock: `POST`.
pub const DEMO_ADVANCE_CLOCK: &str = "/mmd/v1/demo/advance-clock";

/// Demo: the next registrations fail: `POST`.
pub const DEMO_FAULTS: &str = "/mmd/v1/demo/faults";

/// Demo: seed the demo tenant again: `POST`.
pub const DEMO_RESET: &str = "/mmd/v1/demo/reset";

/// Demo: add synthetic devices in every state: `POST` [`crate::wire::Seed`].
pub const DEMO_SEED: &str = "/mmd/v1/demo/seed";

/// What a path segment keeps as it is (RFC 3986 unreserved characters).
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// `template` with its `{id}` replaced by `id`, percent-encoded as one path segment.
pub fn with_id(template: &str, id: &str) -> String {
    template.replace("{id}", &utf8_percent_encode(id, SEGMENT).to_string())
}

/// `text` percent-encoded for a query string value (`$filter=…`).
pub fn query_value(text: &str) -> String {
    utf8_percent_encode(text, SEGMENT).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_become_one_segment() {
        assert_eq!(
            with_id(DEVICE_RETRY, "00000000-0001"),
            "/mmd/v1/devices/00000000-0001/retry"
        );
        assert_eq!(
            with_id(DEVICE, "a/b?c d"),
            "/graph/v1.0/deviceManagement/windowsAutopilotDeviceIdentities/a%2Fb%3Fc%20d"
        );
        assert_eq!(
            query_value("contains(serialNumber,'a b')"),
            "contains%28serialNumber%2C%27a%20b%27%29"
        );
    }
}
