//! Microsoft Graph's JSON, as far as the `graph` backend reads and writes it (docs/graph.md),
//! and how it maps onto the portal's devices: an imported identity that is not complete is a
//! device Registration Pending or Registration failed (with DDS's code turned into the five
//! messages); an Autopilot device is registered.

use autopilot_service::device::{
    Device, Profile, Registration, RegistrationError, Source, TenantTime,
};
use serde::{Deserialize, Serialize};

/// Each profile's Autopilot group tag (the tenant's dynamic groups and Autopilot profiles follow
/// the tag), and back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProfileTags {
    /// (profile, tag), one per profile.
    pub tags: Vec<(Profile, String)>,
}

impl Default for ProfileTags {
    /// Microsoft Managed Desktop's tags: `Microsoft365Managed_Autopilot` for Standard, with the
    /// profile's id after it for the others.
    fn default() -> Self {
        let base = autopilot_service::device::MANAGED_GROUP_TAG;
        ProfileTags {
            tags: Profile::ALL
                .iter()
                .map(|&p| match p {
                    Profile::Standard => (p, base.to_owned()),
                    other => (other, format!("{base}_{}", other.id())),
                })
                .collect(),
        }
    }
}

impl ProfileTags {
    /// The group tag of `profile`.
    pub fn tag(&self, profile: Profile) -> &str {
        self.tags
            .iter()
            .find(|(p, _)| *p == profile)
            .map_or(autopilot_service::device::MANAGED_GROUP_TAG, |(_, t)| t)
    }

    /// The profile a group tag stands for (case as Intune compares it: insensitive).
    pub fn profile(&self, tag: &str) -> Option<Profile> {
        self.tags
            .iter()
            .find(|(_, t)| t.eq_ignore_ascii_case(tag))
            .map(|(p, _)| *p)
    }
}

/// One item of an import request.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ImportedOut {
    #[serde(rename = "@odata.type")]
    pub odata_type: &'static str,
    pub serial_number: String,
    pub product_key: String,
    pub hardware_identifier: Option<String>,
    pub group_tag: String,
    pub assigned_user_principal_name: String,
}

/// The import request.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ImportOut {
    pub imported_windows_autopilot_device_identities: Vec<ImportedOut>,
}

/// A collection page.
#[derive(Debug, Clone, Deserialize)]
pub struct Page<T> {
    pub value: Vec<T>,
    #[serde(rename = "@odata.nextLink", default)]
    pub next_link: Option<String>,
}

/// `importedWindowsAutopilotDeviceIdentity`.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ImportedIn {
    pub id: String,
    #[serde(default)]
    pub serial_number: Option<String>,
    #[serde(default)]
    pub hardware_identifier: Option<String>,
    #[serde(default)]
    pub group_tag: Option<String>,
    #[serde(default)]
    pub assigned_user_principal_name: Option<String>,
    #[serde(default)]
    pub state: Option<ImportState>,
}

/// Its `state`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ImportState {
    #[serde(default)]
    pub device_import_status: Option<String>,
    #[serde(default)]
    pub device_registration_id: Option<String>,
    #[serde(default)]
    pub device_error_code: Option<i64>,
    #[serde(default)]
    pub device_error_name: Option<String>,
}

/// Where an import stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ImportOutcome {
    /// `unknown` or `pending` (or `partial`): still running.
    Running,
    /// `complete`: the Autopilot device's id.
    Complete(String),
    /// `error`: the portal's error.
    Failed(RegistrationError),
}

impl ImportedIn {
    /// Where this import stands; `request_id` names the answer, for an Unexpected error.
    pub fn outcome(&self, request_id: &str) -> ImportOutcome {
        let state = self.state.clone().unwrap_or_default();
        match state.device_import_status.as_deref() {
            Some("complete") => ImportOutcome::Complete(
                state
                    .device_registration_id
                    .filter(|id| !id.is_empty())
                    .unwrap_or_default(),
            ),
            Some("error") => ImportOutcome::Failed(error_of(
                state.device_error_code,
                state.device_error_name.as_deref(),
                request_id,
            )),
            _ => ImportOutcome::Running,
        }
    }

    /// The portal's device for a record that is not complete.
    pub fn device(&self, tags: &ProfileTags, now: TenantTime, request_id: &str) -> Device {
        let tag = self.group_tag.clone().unwrap_or_default();
        let registration = match self.outcome(request_id) {
            ImportOutcome::Failed(error) => Registration::Failed { error },
            // Graph gives no due time: the portal asks again on its next poll.
            _ => Registration::Pending { due: now },
        };
        // Graph keeps no manufacturer or model with an import; the hash holds them.
        let (manufacturer, model) = self
            .hardware_identifier
            .as_deref()
            .and_then(|h| autopilot_hash::hardware_hash::decode(h.trim(), &mut Vec::new()).ok())
            .map(|info| (info.manufacturer, info.model))
            .unwrap_or_default();
        Device {
            id: self.id.clone(),
            serial: self.serial_number.clone().unwrap_or_default(),
            manufacturer,
            model,
            assigned_user: self
                .assigned_user_principal_name
                .clone()
                .unwrap_or_default(),
            profile: tags.profile(&tag).unwrap_or(Profile::Standard),
            group_tag: tag,
            registration,
            last_seen: None,
            // Graph keeps no time with an import record.
            submitted_at: TenantTime::UNKNOWN,
            source: None::<Source>,
            hardware_hash: self.hardware_identifier.clone(),
        }
    }
}

/// DDS's code (and name) as one of the portal's five errors (spec §6).
pub fn error_of(code: Option<i64>, name: Option<&str>, request_id: &str) -> RegistrationError {
    let code = code.and_then(|c| i32::try_from(c).ok());
    RegistrationError::from_autopilot(code, name).unwrap_or_else(|| RegistrationError::Unexpected {
        request_id: request_id.to_owned(),
    })
}

/// `windowsAutopilotDeviceIdentity`.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AutopilotIn {
    pub id: String,
    #[serde(default)]
    pub serial_number: Option<String>,
    #[serde(default)]
    pub manufacturer: Option<String>,
    #[serde(default)]
    pub model: Option<String>,
    #[serde(default)]
    pub group_tag: Option<String>,
    #[serde(default)]
    pub user_principal_name: Option<String>,
    #[serde(default)]
    pub last_contacted_date_time: Option<String>,
    #[serde(default)]
    pub deployment_profile_assignment_status: Option<String>,
    #[serde(default)]
    pub enrollment_state: Option<String>,
}

impl AutopilotIn {
    /// The portal's device (registered), under the id `as_id` the portal knows it by.
    pub fn device(&self, tags: &ProfileTags, as_id: &str) -> Device {
        let tag = self.group_tag.clone().unwrap_or_default();
        // `0001-01-01T00:00:00Z` (never contacted) parses to a time before any registration:
        // it is "never".
        let last_seen = self
            .last_contacted_date_time
            .as_deref()
            .and_then(autopilot_api::parse_iso)
            .filter(|t| t.0 > 0);
        Device {
            id: as_id.to_owned(),
            serial: self.serial_number.clone().unwrap_or_default(),
            manufacturer: self.manufacturer.clone().unwrap_or_default(),
            model: self.model.clone().unwrap_or_default(),
            assigned_user: self.user_principal_name.clone().unwrap_or_default(),
            profile: tags.profile(&tag).unwrap_or(Profile::Standard),
            group_tag: tag,
            // Graph does not say when a device was registered, or submitted.
            registration: Registration::Registered {
                at: TenantTime::UNKNOWN,
            },
            last_seen,
            submitted_at: TenantTime::UNKNOWN,
            source: None,
            hardware_hash: None,
        }
    }
}

/// `/organization`.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Organization {
    #[serde(default)]
    pub display_name: Option<String>,
    #[serde(default)]
    pub verified_domains: Vec<Domain>,
}

/// A verified domain.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Domain {
    pub name: String,
    #[serde(default)]
    pub is_default: bool,
}

/// `/users/{id}/licenseDetails` item.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct License {
    #[serde(default)]
    pub service_plans: Vec<ServicePlan>,
}

/// A service plan of a licence.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ServicePlan {
    #[serde(default)]
    pub service_plan_name: String,
    #[serde(default)]
    pub provisioning_status: String,
}

impl License {
    /// Whether it lets the user enrol devices in Intune: one of its service plans is Intune's
    /// (`INTUNE_A`, `INTUNE_EDU`, …) and not switched off.
    pub fn has_intune(&self) -> bool {
        self.service_plans.iter().any(|p| {
            p.service_plan_name
                .to_ascii_uppercase()
                .starts_with("INTUNE")
                && !p.provisioning_status.eq_ignore_ascii_case("Disabled")
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dds_codes_become_the_five_messages() {
        assert_eq!(
            error_of(Some(802), None, "r"),
            RegistrationError::HardwareHashNotValid
        );
        assert_eq!(
            error_of(None, Some("ZtdDeviceAlreadyAssigned"), "r"),
            RegistrationError::AlreadyRegistered
        );
        assert_eq!(
            error_of(Some(808), None, "r"),
            RegistrationError::ClaimedByAnotherOrganization
        );
        assert_eq!(
            error_of(None, Some("ZtdDeviceAssignedToAnotherTenant"), "r"),
            RegistrationError::ClaimedByAnotherOrganization
        );
        assert_eq!(
            error_of(Some(812), None, "r"),
            RegistrationError::DeviceNotFound
        );
        assert_eq!(
            error_of(Some(801), Some("InvalidZtdRequestBody"), "req-1"),
            RegistrationError::Unexpected {
                request_id: "req-1".into()
            }
        );
    }

    #[test]
    fn every_profile_has_a_tag_and_back() {
        let tags = ProfileTags::default();
        for &p in Profile::ALL.iter() {
            assert_eq!(tags.profile(tags.tag(p)), Some(p));
        }
        assert_eq!(tags.tag(Profile::Standard), "Microsoft365Managed_Autopilot");
        assert_eq!(
            tags.profile("microsoft365managed_autopilot_kiosk"),
            Some(Profile::Kiosk)
        );
        assert_eq!(tags.profile("Something else"), None);
    }
}
