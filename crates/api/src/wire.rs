//! The JSON of the registration API: Microsoft Graph's Autopilot shapes (spec §8) plus `@mmd.*`
//! instance annotations carrying what the portal shows and Graph does not have. Both directions
//! live here, so a change to the wire breaks the build of both sides, not a demo.

use crate::time::{iso, parse_iso, NEVER};
use autopilot_hash::hardware_hash;
use autopilot_service::bulk::{BulkAction, BulkOutcome, BulkResult};
use autopilot_service::device::{
    Device, DeviceState, Millis, Profile, Registration, RegistrationError, Source, TenantTime,
};
use autopilot_service::service::{ActionError, Submission, TenantInfo};
use serde::{Deserialize, Serialize};

/// `@odata.type` of a registered (or registering) device.
pub const AUTOPILOT_IDENTITY_TYPE: &str = "#microsoft.graph.windowsAutopilotDeviceIdentity";

/// `@odata.type` of an import.
pub const IMPORTED_IDENTITY_TYPE: &str = "#microsoft.graph.importedWindowsAutopilotDeviceIdentity";

/// `POST …/importedWindowsAutopilotDeviceIdentities/import` body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportRequest {
    /// The devices of the batch (at most 500).
    #[serde(rename = "importedWindowsAutopilotDeviceIdentities")]
    pub devices: Vec<ImportItem>,
}

/// One device to import, as Graph takes it, with the portal's annotations.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ImportItem {
    /// Serial number.
    pub serial_number: String,
    /// Windows product key (accepted, not used).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub product_key: Option<String>,
    /// Base64 hardware hash; absent for a manufacturer/model/serial (tuple) registration.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hardware_identifier: Option<String>,
    /// Group tag (registration sets the managed tag instead, spec §4).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group_tag: Option<String>,
    /// Assigned user's UPN.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assigned_user_principal_name: Option<String>,
    /// Device profile id (`Standard` when absent); one per batch.
    #[serde(
        default,
        rename = "@mmd.profile",
        skip_serializing_if = "Option::is_none"
    )]
    pub profile: Option<String>,
    /// Manufacturer; read from the hash when absent.
    #[serde(
        default,
        rename = "@mmd.manufacturer",
        skip_serializing_if = "Option::is_none"
    )]
    pub manufacturer: Option<String>,
    /// Model; read from the hash when absent.
    #[serde(
        default,
        rename = "@mmd.model",
        skip_serializing_if = "Option::is_none"
    )]
    pub model: Option<String>,
    /// File and line the device came from.
    #[serde(
        default,
        rename = "@mmd.source",
        skip_serializing_if = "Option::is_none"
    )]
    pub source: Option<SourceJson>,
}

impl ImportItem {
    /// How the portal sends `submission` for registration with `profile`.
    pub fn of(submission: &Submission, profile: Profile) -> Self {
        let some = |text: &str| (!text.is_empty()).then(|| text.to_owned());
        ImportItem {
            serial_number: submission.serial.clone(),
            product_key: None,
            hardware_identifier: submission.hardware_hash.clone(),
            group_tag: None,
            assigned_user_principal_name: some(&submission.assigned_user),
            profile: Some(profile.id().to_owned()),
            manufacturer: Some(submission.manufacturer.clone()),
            model: Some(submission.model.clone()),
            source: submission.source.as_ref().map(SourceJson::from),
        }
    }

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
    fn of(device: &Device, now: TenantTime) -> Self {
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
    pub fn of(device: &Device, now: TenantTime) -> Self {
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

impl AutopilotIdentity {
    /// The device this object describes, as the portal keeps it (without the hash, which the
    /// list does not carry). Says which field is wrong when the object is not one this API writes.
    pub fn device(&self) -> Result<Device, String> {
        let a = &self.annotations;
        let time = |what: &str, text: Option<&str>| -> Result<TenantTime, String> {
            let text = text.ok_or_else(|| format!("device {}: {what} is missing", self.id))?;
            parse_iso(text).ok_or_else(|| {
                format!("device {}: {what} {text:?} is not a UTC timestamp", self.id)
            })
        };
        let profile = Profile::from_id(&a.profile)
            .ok_or_else(|| format!("device {}: unknown profile {:?}", self.id, a.profile))?;
        let registration = match DeviceState::from_id(&a.state) {
            Some(DeviceState::RegistrationPending) => Registration::Pending {
                due: time("@mmd.processingDueDateTime", a.due.as_deref())?,
            },
            Some(DeviceState::RegistrationFailed) => Registration::Failed {
                error: a
                    .error
                    .as_ref()
                    .ok_or_else(|| format!("device {}: @mmd.error is missing", self.id))?
                    .registration_error()
                    .map_err(|e| format!("device {}: {e}", self.id))?,
            },
            Some(_) => Registration::Registered {
                at: time("@mmd.registeredDateTime", a.registered.as_deref())?,
            },
            None => return Err(format!("device {}: unknown state {:?}", self.id, a.state)),
        };
        let last_seen = match self.last_contacted_date_time.as_str() {
            NEVER => None,
            text => Some(time("lastContactedDateTime", Some(text))?),
        };
        Ok(Device {
            id: self.id.clone(),
            serial: self.serial_number.clone(),
            manufacturer: self.manufacturer.clone(),
            model: self.model.clone(),
            assigned_user: self.user_principal_name.clone(),
            group_tag: self.group_tag.clone(),
            profile,
            registration,
            last_seen,
            submitted_at: time("@mmd.submittedDateTime", Some(&a.submitted))?,
            source: a.source.as_ref().map(|s| Source {
                file: s.file.clone(),
                line: s.line,
            }),
            hardware_hash: None,
        })
    }
}

impl ImportedIdentity {
    /// The device this import created, as the portal keeps it. An import object carries no
    /// last contact: a device just imported has never been used.
    pub fn device(&self) -> Result<Device, String> {
        let identity = AutopilotIdentity {
            odata_type: AUTOPILOT_IDENTITY_TYPE.to_owned(),
            id: self.id.clone(),
            serial_number: self.serial_number.clone(),
            manufacturer: self.manufacturer.clone(),
            model: self.model.clone(),
            group_tag: self.group_tag.clone(),
            user_principal_name: self.assigned_user_principal_name.clone(),
            enrollment_state: String::new(),
            last_contacted_date_time: NEVER.to_owned(),
            annotations: self.annotations.clone(),
        };
        Ok(Device {
            hardware_hash: self.hardware_identifier.clone(),
            ..identity.device()?
        })
    }
}

impl ErrorJson {
    /// The error this object describes.
    pub fn registration_error(&self) -> Result<RegistrationError, String> {
        Ok(match self.kind.as_str() {
            "deviceNotFound" => RegistrationError::DeviceNotFound,
            "hardwareHashNotValid" => RegistrationError::HardwareHashNotValid,
            "alreadyRegistered" => RegistrationError::AlreadyRegistered,
            "claimedByAnotherOrganization" => RegistrationError::ClaimedByAnotherOrganization,
            "unexpected" => RegistrationError::Unexpected {
                request_id: self.request_id.clone().unwrap_or_default(),
            },
            other => return Err(format!("unknown registration error kind {other:?}")),
        })
    }
}

impl TenantJson {
    /// The tenant as the portal keeps it.
    pub fn info(&self) -> TenantInfo {
        TenantInfo {
            name: self.name.clone(),
            domains: self.domains.clone(),
            users: self.users.clone(),
            kiosk_enabled: self.kiosk_enabled,
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
    pub fn of(device: &Device, product_key: &str, now: TenantTime) -> Self {
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
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProfileChange {
    /// The new profile's id.
    pub profile: String,
}

/// `POST /api/mmd/v1/devices:query` body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeviceQuery {
    /// Device ids (at most 1,000); unknown ids are left out of the answer.
    pub ids: Vec<String>,
}

/// `POST /api/mmd/v1/devices:bulk` body: one change to many devices.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BulkRequest {
    /// `remove`, `changeProfile`, `retry` or `assignUser`.
    pub action: String,
    /// The devices, each once (at most `autopilot_service::bulk::MAX_BULK`).
    pub ids: Vec<String>,
    /// The profile's id, for `changeProfile`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub profile: Option<String>,
    /// The user's UPN, for `assignUser`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_principal_name: Option<String>,
}

impl BulkRequest {
    /// The request for `action` on `ids`.
    pub fn of(action: &BulkAction, ids: Vec<String>) -> Self {
        let (name, profile, user) = match action {
            BulkAction::Remove => ("remove", None, None),
            BulkAction::ChangeProfile(p) => ("changeProfile", Some(p.id().to_owned()), None),
            BulkAction::Retry => ("retry", None, None),
            BulkAction::AssignUser(u) => ("assignUser", None, Some(u.clone())),
        };
        BulkRequest {
            action: name.to_owned(),
            ids,
            profile,
            user_principal_name: user,
        }
    }

    /// The action it asks for, or what is wrong with it.
    pub fn action(&self) -> Result<BulkAction, String> {
        match self.action.as_str() {
            "remove" => Ok(BulkAction::Remove),
            "retry" => Ok(BulkAction::Retry),
            "changeProfile" => {
                let id = self.profile.as_deref().ok_or(
                    "changeProfile needs a profile: Standard, SensitiveData, PowerUser or Kiosk.",
                )?;
                Profile::from_id(id)
                    .map(BulkAction::ChangeProfile)
                    .ok_or_else(|| {
                        format!(
                        "Unknown profile {id:?}. Use Standard, SensitiveData, PowerUser or Kiosk."
                    )
                    })
            }
            "assignUser" => self
                .user_principal_name
                .clone()
                .map(BulkAction::AssignUser)
                .ok_or_else(|| "assignUser needs a userPrincipalName.".to_owned()),
            other => Err(format!(
                "Unknown action {other:?}. Use remove, changeProfile, retry or assignUser."
            )),
        }
    }
}

/// Why a bulk change left one device as it was.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BulkError {
    /// `ResourceNotFound`, `Conflict` (not possible in the device's state) or `BadRequest`.
    pub code: String,
    /// What to do, in words.
    pub message: String,
}

/// One device's answer to a bulk change, in the order asked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BulkResultJson {
    /// The device id.
    pub id: String,
    /// `changed`, `unchanged` (already as asked), `removed` or `refused`.
    pub status: String,
    /// The device as it is now (`changed`, `unchanged`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub device: Option<AutopilotIdentity>,
    /// Why it was left as it was (`refused`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<BulkError>,
}

impl BulkResultJson {
    /// The answer for `result` at tenant time `now`.
    pub fn of(result: &BulkResult, now: TenantTime) -> Self {
        let (status, device, error) = match &result.outcome {
            BulkOutcome::Changed(d) => ("changed", Some(AutopilotIdentity::of(d, now)), None),
            BulkOutcome::Unchanged(d) => ("unchanged", Some(AutopilotIdentity::of(d, now)), None),
            BulkOutcome::Removed => ("removed", None, None),
            BulkOutcome::Refused(why) => {
                let code = match why {
                    ActionError::NotFound => "ResourceNotFound",
                    ActionError::NotAllowed(_) => "Conflict",
                    ActionError::Invalid(_) | ActionError::KeyReused => "BadRequest",
                };
                let error = BulkError {
                    code: code.to_owned(),
                    message: why.to_string(),
                };
                ("refused", None, Some(error))
            }
        };
        BulkResultJson {
            id: result.id.clone(),
            status: status.to_owned(),
            device,
            error,
        }
    }

    /// The result this answer describes, or which part of it is not one this API writes.
    pub fn result(&self) -> Result<BulkResult, String> {
        let device = || {
            self.device
                .as_ref()
                .ok_or_else(|| format!("device {}: the answer has no device", self.id))?
                .device()
        };
        let outcome = match self.status.as_str() {
            "changed" => BulkOutcome::Changed(device()?),
            "unchanged" => BulkOutcome::Unchanged(device()?),
            "removed" => BulkOutcome::Removed,
            "refused" => {
                let error = self
                    .error
                    .as_ref()
                    .ok_or_else(|| format!("device {}: refused without a reason", self.id))?;
                BulkOutcome::Refused(match error.code.as_str() {
                    "ResourceNotFound" => ActionError::NotFound,
                    "Conflict" => ActionError::NotAllowed(error.message.clone()),
                    _ => ActionError::Invalid(error.message.clone()),
                })
            }
            other => return Err(format!("device {}: unknown status {other:?}", self.id)),
        };
        Ok(BulkResult {
            id: self.id.clone(),
            outcome,
        })
    }
}

/// `POST /api/mmd/v1/demo/sign-in` body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignIn {
    /// Devices whose assigned users sign in (at most 100,000).
    pub ids: Vec<String>,
}

/// `POST /api/mmd/v1/demo/advance-clock` body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdvanceClock {
    /// Whole days to move the tenant clock forward (at most 3,650).
    pub days: u32,
}

/// `POST /api/mmd/v1/demo/seed` body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Seed {
    /// How many synthetic devices to add (at most `autopilot_service::demo::MAX_SEEDED`).
    pub count: u32,
}

/// `POST /api/mmd/v1/demo/faults` body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Faults {
    /// How many of the next registrations fail with Unexpected error.
    pub count: u32,
}

#[cfg(test)]
mod tests {
    use super::*;
    use autopilot_service::demo::demo;
    use autopilot_service::device::RealTime;
    use autopilot_service::service::ServiceSettings;

    #[test]
    fn every_device_survives_the_wire() {
        let now = RealTime(1_795_426_867_000);
        let t = now.on_tenant_clock(Millis(0));
        let mut service = demo(now, ServiceSettings::default());
        service.state.settings.inject_faults = 1;
        let batch = vec![Submission {
            serial: "S-1".into(),
            manufacturer: "Contoso".into(),
            model: String::new(),
            assigned_user: String::new(),
            hardware_hash: None,
            source: None,
        }];
        service
            .submit(batch, Profile::PowerUser, now)
            .expect("submitted");
        let states: std::collections::HashSet<DeviceState> =
            service.devices.iter().map(|d| d.state(t)).collect();
        assert_eq!(
            states.len(),
            DeviceState::ALL.len(),
            "the demo has every state"
        );
        for device in &service.devices {
            let json = serde_json::to_string(&AutopilotIdentity::of(device, t)).expect("json");
            let back: AutopilotIdentity = serde_json::from_str(&json).expect("read back");
            let expected = Device {
                hardware_hash: None,
                ..device.clone()
            };
            assert_eq!(back.device(), Ok(expected), "{json}");
        }
    }

    #[test]
    fn a_submission_survives_the_wire() {
        let submission = Submission {
            serial: "5CG1".into(),
            manufacturer: "HP".into(),
            model: String::new(),
            assigned_user: String::new(),
            hardware_hash: Some("T0FBQQ==".into()),
            source: Some(Source {
                file: "a.csv".into(),
                line: 3,
            }),
        };
        let item = ImportItem::of(&submission, Profile::Kiosk);
        let json = serde_json::to_value(&item).expect("json");
        assert!(json.get("assignedUserPrincipalName").is_none(), "{json}");
        assert_eq!(json["@mmd.profile"], "Kiosk");
        let back: ImportItem = serde_json::from_value(json).expect("read back");
        assert_eq!(back.submission(), submission);
    }

    #[test]
    fn an_import_answer_gives_the_pending_device() {
        let now = RealTime(1_795_426_867_000);
        let t = now.on_tenant_clock(Millis(0));
        let mut service = demo(now, ServiceSettings::default());
        let batch = vec![Submission {
            serial: "S-2".into(),
            manufacturer: "Contoso".into(),
            model: "Surface".into(),
            assigned_user: "ada@contoso.com".into(),
            hardware_hash: Some("T0FBQQ==".into()),
            source: None,
        }];
        let added = service
            .submit(batch, Profile::SensitiveData, now)
            .expect("submitted");
        let json = serde_json::to_string(&ImportedIdentity::of(&added[0], "", t)).expect("json");
        let back: ImportedIdentity = serde_json::from_str(&json).expect("read back");
        assert_eq!(back.device(), Ok(added[0].clone()), "{json}");
    }

    #[test]
    fn a_broken_device_object_is_explained() {
        let now = RealTime(1_795_426_867_000);
        let t = now.on_tenant_clock(Millis(0));
        let service = demo(now, ServiceSettings::default());
        let mut json =
            serde_json::to_value(AutopilotIdentity::of(&service.devices[0], t)).expect("json");
        json["@mmd.submittedDateTime"] = "yesterday".into();
        let identity: AutopilotIdentity = serde_json::from_value(json).expect("shape");
        let error = identity.device().expect_err("refused");
        assert!(
            error.contains("@mmd.submittedDateTime") && error.contains("yesterday"),
            "{error}"
        );
    }
}
