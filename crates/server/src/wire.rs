//! The JSON the API speaks: Microsoft Graph's shapes (spec §8) plus `@mmd.*` instance
//! annotations carrying what the portal shows and Graph does not have.

use crate::time::{iso, NEVER};
use autopilot::device::Source;
use autopilot::device::{Device, DeviceState, Millis, Profile, Registration, RegistrationError};
use autopilot::hardware_hash;
use autopilot::service::Submission;
use serde::{Deserialize, Serialize};

/// `@odata.type` of a registered (or registering) device.
pub const AUTOPILOT_IDENTITY_TYPE: &str = "#microsoft.graph.windowsAutopilotDeviceIdentity";

/// `@odata.type` of an import.
pub const IMPORTED_IDENTITY_TYPE: &str = "#microsoft.graph.importedWindowsAutopilotDeviceIdentity";

/// `POST …/importedWindowsAutopilotDeviceIdentities/import` body.
#[derive(Debug, Clone, Deserialize)]
pub struct ImportRequest {
    /// The devices of the batch (at most 500).
    #[serde(rename = "importedWindowsAutopilotDeviceIdentities")]
    pub devices: Vec<ImportItem>,
}

/// One device to import, as Graph takes it, with the portal's annotations.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ImportItem {
    /// Serial number.
    pub serial_number: String,
    /// Windows product key (accepted, not used).
    #[serde(default)]
    pub product_key: Option<String>,
    /// Base64 hardware hash; absent for a manufacturer/model/serial (tuple) registration.
    #[serde(default)]
    pub hardware_identifier: Option<String>,
    /// Group tag (registration sets the managed tag instead, spec §4).
    #[serde(default)]
    pub group_tag: Option<String>,
    /// Assigned user's UPN.
    #[serde(default)]
    pub assigned_user_principal_name: Option<String>,
    /// Device profile id (`Standard` when absent); one per batch.
    #[serde(default, rename = "@mmd.profile")]
    pub profile: Option<String>,
    /// Manufacturer; read from the hash when absent.
    #[serde(default, rename = "@mmd.manufacturer")]
    pub manufacturer: Option<String>,
    /// Model; read from the hash when absent.
    #[serde(default, rename = "@mmd.model")]
    pub model: Option<String>,
    /// File and line the device came from.
    #[serde(default, rename = "@mmd.source")]
    pub source: Option<SourceJson>,
}

impl ImportItem {
    /// The device as the service takes it.
    pub fn submission(&self) -> Submission {
        let hash = self
            .hardware_identifier
            .as_deref()
            .map(str::trim)
            .filter(|h| !h.is_empty())
            .map(str::to_owned);
        let decoded = match (&hash, &self.manufacturer) {
            (Some(h), None) => hardware_hash::decode(h, &mut Vec::new()).ok(),
            _ => None,
        };
        let text = |given: &Option<String>, from_hash: Option<&str>| {
            given
                .clone()
                .or_else(|| from_hash.map(str::to_owned))
                .unwrap_or_default()
        };
        Submission {
            serial: self.serial_number.clone(),
            manufacturer: text(
                &self.manufacturer,
                decoded.as_ref().map(|d| d.manufacturer.as_str()),
            ),
            model: text(&self.model, decoded.as_ref().map(|d| d.model.as_str())),
            assigned_user: self
                .assigned_user_principal_name
                .clone()
                .unwrap_or_default(),
            hardware_hash: hash,
            source: self.source.clone().map(|s| Source {
                file: s.file,
                line: s.line,
            }),
        }
    }
}

/// `@mmd.source`: the file and line a device came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceJson {
    /// File name as uploaded.
    pub file: String,
    /// Line in that file.
    pub line: u32,
}

impl From<&Source> for SourceJson {
    fn from(s: &Source) -> Self {
        SourceJson {
            file: s.file.clone(),
            line: s.line,
        }
    }
}

/// `@mmd.error`: why a registration failed and what to do.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ErrorJson {
    /// Stable kind: `deviceNotFound`, `hardwareHashNotValid`, `alreadyRegistered`,
    /// `claimedByAnotherOrganization`, `unexpected`.
    pub kind: String,
    /// Autopilot error code (812, 802, 806, 808, 801), as Graph's `deviceErrorCode`.
    pub code: i32,
    /// Autopilot error name, as Graph's `deviceErrorName`.
    pub name: String,
    /// The message the portal shows.
    pub message: String,
    /// What the admin should do.
    pub what_to_do: String,
    /// The request id for support (Unexpected error only).
    pub request_id: Option<String>,
}

impl From<&RegistrationError> for ErrorJson {
    fn from(e: &RegistrationError) -> Self {
        let (code, name) = e.autopilot_code();
        let (kind, request_id) = match e {
            RegistrationError::DeviceNotFound => ("deviceNotFound", None),
            RegistrationError::HardwareHashNotValid => ("hardwareHashNotValid", None),
            RegistrationError::AlreadyRegistered => ("alreadyRegistered", None),
            RegistrationError::ClaimedByAnotherOrganization => {
                ("claimedByAnotherOrganization", None)
            }
            RegistrationError::Unexpected { request_id } => ("unexpected", Some(request_id)),
        };
        ErrorJson {
            kind: kind.to_owned(),
            code,
            name: name.to_owned(),
            message: e.message().to_owned(),
            what_to_do: e.what_to_do(),
            request_id: request_id.cloned(),
        }
    }
}

/// The annotations every device object carries.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Annotations {
    /// Device profile id.
    #[serde(rename = "@mmd.profile")]
    pub profile: String,
    /// The state the portal shows (`pending`, `failed`, `ready`, `active`, `inactive`).
    #[serde(rename = "@mmd.state")]
    pub state: String,
    /// Why registration failed; `null` unless `@mmd.state` is `failed`.
    #[serde(rename = "@mmd.error")]
    pub error: Option<ErrorJson>,
    /// File and line it came from; `null` when not from a file.
    #[serde(rename = "@mmd.source")]
    pub source: Option<SourceJson>,
    /// When it was submitted (tenant clock).
    #[serde(rename = "@mmd.submittedDateTime")]
    pub submitted: String,
    /// When registration completed; `null` before.
    #[serde(rename = "@mmd.registeredDateTime")]
    pub registered: Option<String>,
    /// When a pending registration will be decided; `null` unless pending.
    #[serde(rename = "@mmd.processingDueDateTime")]
    pub due: Option<String>,
}

impl Annotations {
    fn of(device: &Device, now: Millis) -> Self {
        let (registered, due) = match device.registration {
            Registration::Registered { at } => (Some(iso(at)), None),
            Registration::Pending { due } => (None, Some(iso(due))),
            Registration::Failed { .. } => (None, None),
        };
        Annotations {
            profile: device.profile.id().to_owned(),
            state: device.state(now).id().to_owned(),
            error: device.error().map(ErrorJson::from),
            source: device.source.as_ref().map(SourceJson::from),
            submitted: iso(device.submitted_at),
            registered,
            due,
        }
    }
}

/// A `windowsAutopilotDeviceIdentity`: a device of the tenant, whatever its state.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AutopilotIdentity {
    /// Always [`AUTOPILOT_IDENTITY_TYPE`].
    #[serde(rename = "@odata.type")]
    pub odata_type: String,
    /// Device id.
    pub id: String,
    /// Serial number.
    pub serial_number: String,
    /// Manufacturer.
    pub manufacturer: String,
    /// Model.
    pub model: String,
    /// Autopilot group tag.
    pub group_tag: String,
    /// Assigned user's UPN, empty when none.
    pub user_principal_name: String,
    /// `unknown` (pending), `failed`, `notContacted` (ready for user) or `enrolled`.
    pub enrollment_state: String,
    /// Last contact; [`NEVER`] when the device was never used.
    pub last_contacted_date_time: String,
    /// What Graph lacks.
    #[serde(flatten)]
    pub annotations: Annotations,
}

/// Graph's `enrollmentState` for a portal state (spec §8 mapping).
pub fn enrollment_state(state: DeviceState) -> &'static str {
    match state {
        DeviceState::RegistrationPending => "unknown",
        DeviceState::RegistrationFailed => "failed",
        DeviceState::ReadyForUser => "notContacted",
        DeviceState::Active | DeviceState::Inactive => "enrolled",
    }
}

impl AutopilotIdentity {
    /// The object for `device` at tenant time `now`.
    pub fn of(device: &Device, now: Millis) -> Self {
        AutopilotIdentity {
            odata_type: AUTOPILOT_IDENTITY_TYPE.to_owned(),
            id: device.id.clone(),
            serial_number: device.serial.clone(),
            manufacturer: device.manufacturer.clone(),
            model: device.model.clone(),
            group_tag: device.group_tag.clone(),
            user_principal_name: device.assigned_user.clone(),
            enrollment_state: enrollment_state(device.state(now)).to_owned(),
            last_contacted_date_time: device.last_seen.map_or_else(|| NEVER.to_owned(), iso),
            annotations: Annotations::of(device, now),
        }
    }
}

/// `state` of an import.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ImportState {
    /// `pending`, `complete` or `error`.
    pub device_import_status: String,
    /// The registered device's id once complete.
    pub device_registration_id: Option<String>,
    /// Autopilot error code; 0 unless `error`.
    pub device_error_code: i32,
    /// Autopilot error name; `null` unless `error`.
    pub device_error_name: Option<String>,
}

/// An `importedWindowsAutopilotDeviceIdentity`: one device of an import and how it went.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ImportedIdentity {
    /// Always [`IMPORTED_IDENTITY_TYPE`].
    #[serde(rename = "@odata.type")]
    pub odata_type: String,
    /// Import id; the same as the device's id.
    pub id: String,
    /// Serial number.
    pub serial_number: String,
    /// Product key as sent (empty when not known).
    pub product_key: String,
    /// The hash, while the service keeps it (pending or failed); `null` after registration.
    pub hardware_identifier: Option<String>,
    /// Group tag the device got.
    pub group_tag: String,
    /// Assigned user's UPN.
    pub assigned_user_principal_name: String,
    /// How the import went.
    pub state: ImportState,
    /// Manufacturer.
    #[serde(rename = "@mmd.manufacturer")]
    pub manufacturer: String,
    /// Model.
    #[serde(rename = "@mmd.model")]
    pub model: String,
    /// What Graph lacks.
    #[serde(flatten)]
    pub annotations: Annotations,
}

impl ImportedIdentity {
    /// The import object for `device` at tenant time `now`.
    pub fn of(device: &Device, product_key: &str, now: Millis) -> Self {
        let state = match &device.registration {
            Registration::Pending { .. } => ImportState {
                device_import_status: "pending".into(),
                device_registration_id: None,
                device_error_code: 0,
                device_error_name: None,
            },
            Registration::Failed { error } => {
                let (code, name) = error.autopilot_code();
                ImportState {
                    device_import_status: "error".into(),
                    device_registration_id: None,
                    device_error_code: code,
                    device_error_name: Some(name.to_owned()),
                }
            }
            Registration::Registered { .. } => ImportState {
                device_import_status: "complete".into(),
                device_registration_id: Some(device.id.clone()),
                device_error_code: 0,
                device_error_name: None,
            },
        };
        ImportedIdentity {
            odata_type: IMPORTED_IDENTITY_TYPE.to_owned(),
            id: device.id.clone(),
            serial_number: device.serial.clone(),
            product_key: product_key.to_owned(),
            hardware_identifier: device.hardware_hash.clone(),
            group_tag: device.group_tag.clone(),
            assigned_user_principal_name: device.assigned_user.clone(),
            state,
            manufacturer: device.manufacturer.clone(),
            model: device.model.clone(),
            annotations: Annotations::of(device, now),
        }
    }
}

/// A Graph collection: `value` and, when there is more, `@odata.nextLink`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Collection<T> {
    /// `@odata.context`.
    #[serde(rename = "@odata.context")]
    pub context: String,
    /// The items.
    pub value: Vec<T>,
    /// URL of the next page; absent on the last.
    #[serde(
        rename = "@odata.nextLink",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub next_link: Option<String>,
}

/// A profile as the portal offers it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProfileJson {
    /// Id (`Standard`, `SensitiveData`, `PowerUser`, `Kiosk`).
    pub id: String,
    /// Name shown to admins.
    pub label: String,
    /// One line on what it does.
    pub description: String,
}

impl From<Profile> for ProfileJson {
    fn from(p: Profile) -> Self {
        ProfileJson {
            id: p.id().to_owned(),
            label: p.label().to_owned(),
            description: p.description().to_owned(),
        }
    }
}

/// `GET /api/mmd/v1/tenant`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TenantJson {
    /// Display name of the organisation.
    pub name: String,
    /// Verified domains; Assigned Users must be in one of them.
    pub domains: Vec<String>,
    /// Users' UPNs (demo tenant).
    pub users: Vec<String>,
    /// Whether the Kiosk profile is enabled.
    pub kiosk_enabled: bool,
    /// The profiles an admin can pick, in the portal's order.
    pub profiles: Vec<ProfileJson>,
    /// How far the demo clock runs ahead of real time, in milliseconds.
    pub clock_offset: Millis,
    /// The tenant's clock now (real time plus the offset).
    pub now: String,
    /// How long a registration stays pending, in milliseconds.
    pub processing_delay_ms: Millis,
    /// How many of the next registrations will fail on purpose (demo fault injection).
    pub inject_faults: u32,
    /// Devices in each state: pending, failed, ready, active, inactive.
    pub counts: StateCounts,
}

/// Devices per state.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StateCounts {
    /// Registration Pending.
    pub pending: usize,
    /// Registration failed.
    pub failed: usize,
    /// Ready for user.
    pub ready: usize,
    /// Active.
    pub active: usize,
    /// Inactive.
    pub inactive: usize,
}

/// `PUT /api/mmd/v1/devices/{id}/profile` body.
#[derive(Debug, Clone, Deserialize)]
pub struct ProfileChange {
    /// The new profile's id.
    pub profile: String,
}

/// `POST /api/mmd/v1/devices:query` body.
#[derive(Debug, Clone, Deserialize)]
pub struct DeviceQuery {
    /// Device ids (at most 1,000); unknown ids are left out of the answer.
    pub ids: Vec<String>,
}

/// `POST /api/mmd/v1/demo/advance-clock` body.
#[derive(Debug, Clone, Deserialize)]
pub struct AdvanceClock {
    /// Whole days to move the tenant clock forward (at most 3,650).
    pub days: u32,
}

/// `POST /api/mmd/v1/demo/faults` body.
#[derive(Debug, Clone, Deserialize)]
pub struct Faults {
    /// How many of the next registrations fail with Unexpected error.
    pub count: u32,
}
