//! A registered (or registering) device and its life: profiles, states and registration errors as
//! spec §4–6 and the state mapping of §8 define them.

use serde::{Deserialize, Serialize};
use std::fmt;

pub use crate::time::{Millis, RealTime, TenantTime, DAY};

/// A device that has not been used for this long is Inactive (spec §5).
pub const INACTIVE_AFTER: Millis = Millis(7 * DAY.0);

/// The Autopilot group tag the service assigns to every device it registers (spec §4).
pub const MANAGED_GROUP_TAG: &str = "Microsoft365Managed_Autopilot";

/// What identifies a device: manufacturer (case-insensitive) and serial (exact, trimmed).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct DeviceKey {
    manufacturer: String,
    serial: String,
}

impl DeviceKey {
    /// The key of a device; `manufacturer` may be empty when it is not known.
    pub fn new(manufacturer: &str, serial: &str) -> Self {
        let manufacturer = manufacturer.trim();
        DeviceKey {
            // The same result for ASCII, without going through `char`s.
            manufacturer: if manufacturer.is_ascii() {
                manufacturer.to_ascii_lowercase()
            } else {
                manufacturer.to_lowercase()
            },
            serial: serial.trim().to_owned(),
        }
    }
}

/// A device profile (spec §4); every device has exactly one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Profile {
    /// The default: no local admin, external storage allowed.
    Standard,
    /// AppLocker on, external storage blocked.
    SensitiveData,
    /// Local admin; cannot be shared.
    PowerUser,
    /// Single-app kiosk; enabled per tenant.
    Kiosk,
}

impl Profile {
    /// Every profile, in the order the portal lists them.
    pub const ALL: [Profile; 4] = [
        Profile::Standard,
        Profile::SensitiveData,
        Profile::PowerUser,
        Profile::Kiosk,
    ];

    /// The id used by the service (`Standard`, `SensitiveData`, …).
    pub fn id(self) -> &'static str {
        match self {
            Profile::Standard => "Standard",
            Profile::SensitiveData => "SensitiveData",
            Profile::PowerUser => "PowerUser",
            Profile::Kiosk => "Kiosk",
        }
    }

    /// Parses a profile id.
    pub fn from_id(id: &str) -> Option<Profile> {
        Profile::ALL.into_iter().find(|p| p.id() == id)
    }

    /// The name shown to admins.
    pub fn label(self) -> &'static str {
        match self {
            Profile::Standard => "Standard",
            Profile::SensitiveData => "Sensitive data",
            Profile::PowerUser => "Power user",
            Profile::Kiosk => "Kiosk",
        }
    }

    /// One line on what the profile does.
    pub fn description(self) -> &'static str {
        match self {
            Profile::Standard => "For most users. No local admin rights; external storage allowed.",
            Profile::SensitiveData => "For users handling sensitive data. AppLocker on; external storage blocked.",
            Profile::PowerUser => "For developers and IT. Local admin rights; external storage blocked; cannot be shared.",
            Profile::Kiosk => "A shared device locked to one app. External storage blocked.",
        }
    }
}

impl fmt::Display for Profile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// The state an admin sees (spec §5).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum DeviceState {
    /// Submitted, not done yet; cannot be removed.
    RegistrationPending,
    /// Could not be completed; carries a [`RegistrationError`].
    RegistrationFailed,
    /// Registered; waiting for its user's first sign-in.
    ReadyForUser,
    /// Delivered and used in the last 7 days.
    Active,
    /// Delivered, but not used in the last 7 days.
    Inactive,
}

impl DeviceState {
    /// Every state, in lifecycle order.
    pub const ALL: [DeviceState; 5] = [
        DeviceState::RegistrationPending,
        DeviceState::RegistrationFailed,
        DeviceState::ReadyForUser,
        DeviceState::Active,
        DeviceState::Inactive,
    ];

    /// The label shown to admins.
    pub fn label(self) -> &'static str {
        match self {
            DeviceState::RegistrationPending => "Registration Pending",
            DeviceState::RegistrationFailed => "Registration failed",
            DeviceState::ReadyForUser => "Ready for user",
            DeviceState::Active => "Active",
            DeviceState::Inactive => "Inactive",
        }
    }

    /// A stable kebab-case id, used in URLs and CSS classes.
    pub fn id(self) -> &'static str {
        match self {
            DeviceState::RegistrationPending => "pending",
            DeviceState::RegistrationFailed => "failed",
            DeviceState::ReadyForUser => "ready",
            DeviceState::Active => "active",
            DeviceState::Inactive => "inactive",
        }
    }

    /// Parses a state id.
    pub fn from_id(id: &str) -> Option<DeviceState> {
        DeviceState::ALL.into_iter().find(|s| s.id() == id)
    }
}

/// Why a registration failed (spec §6).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum RegistrationError {
    /// The manufacturer/model/serial match no device the OEM knows (812 ZtdDeviceNotFound).
    DeviceNotFound,
    /// The hash is malformed or lacks serial/manufacturer (802 InvalidZtdHardwareHash).
    HardwareHashNotValid,
    /// Already registered to this organisation (806 ZtdDeviceAlreadyAssigned).
    AlreadyRegistered,
    /// Registered to another tenant (808 ZtdDeviceAssignedToOtherTenant).
    ClaimedByAnotherOrganization,
    /// Anything else; the request ID is for support (801, StorageError, …).
    Unexpected {
        /// Identifies the failed request for Microsoft support.
        request_id: String,
    },
}

impl RegistrationError {
    /// The message shown in the State column's details.
    pub fn message(&self) -> &'static str {
        match self {
            RegistrationError::DeviceNotFound => "Device not found",
            RegistrationError::HardwareHashNotValid => "Hardware hash not valid",
            RegistrationError::AlreadyRegistered => "Device already registered",
            RegistrationError::ClaimedByAnotherOrganization => {
                "Device claimed by another organization"
            }
            RegistrationError::Unexpected { .. } => "Unexpected error",
        }
    }

    /// What the admin should do about it.
    pub fn what_to_do(&self) -> String {
        match self {
            RegistrationError::DeviceNotFound => "Check that manufacturer, model and serial number match the device's firmware exactly, or capture its hardware hash with Get-WindowsAutoPilotInfo and register it with the hash.".to_owned(),
            RegistrationError::HardwareHashNotValid => "Capture the hardware hash again on the device and upload the new file; do not edit the hash.".to_owned(),
            RegistrationError::AlreadyRegistered => "The device is already registered to your organisation; no action is needed. Remove this entry.".to_owned(),
            RegistrationError::ClaimedByAnotherOrganization => "The device is registered to another organisation. Ask your supplier to release it, then retry.".to_owned(),
            RegistrationError::Unexpected { request_id } => format!("Retry the registration. If it fails again, contact support with request ID {request_id}."),
        }
    }

    /// The error Intune and Graph report with this Autopilot code or name; `None` for any other
    /// (an Unexpected error). Both spellings of the other-tenant name occur in Microsoft's pages.
    pub fn from_autopilot(code: Option<i32>, name: Option<&str>) -> Option<RegistrationError> {
        let name = name.unwrap_or_default();
        if name == "ZtdDeviceAssignedToAnotherTenant" {
            return Some(RegistrationError::ClaimedByAnotherOrganization);
        }
        [
            RegistrationError::DeviceNotFound,
            RegistrationError::HardwareHashNotValid,
            RegistrationError::AlreadyRegistered,
            RegistrationError::ClaimedByAnotherOrganization,
        ]
        .into_iter()
        .find(|e| {
            let (c, n) = e.autopilot_code();
            code == Some(c) || name == n
        })
    }

    /// The matching Autopilot error code and name, as Graph reports them.
    pub fn autopilot_code(&self) -> (i32, &'static str) {
        match self {
            RegistrationError::DeviceNotFound => (812, "ZtdDeviceNotFound"),
            RegistrationError::HardwareHashNotValid => (802, "InvalidZtdHardwareHash"),
            RegistrationError::AlreadyRegistered => (806, "ZtdDeviceAlreadyAssigned"),
            RegistrationError::ClaimedByAnotherOrganization => {
                (808, "ZtdDeviceAssignedToOtherTenant")
            }
            RegistrationError::Unexpected { .. } => (801, "UnexpectedError"),
        }
    }
}

/// Where the registration process stands; the [`DeviceState`] is derived from it and the clock.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "camelCase")]
pub enum Registration {
    /// Submitted; the service decides at `due` (the processing delay).
    Pending {
        /// When the service will have processed it.
        due: TenantTime,
    },
    /// The service refused it.
    Failed {
        /// Why.
        error: RegistrationError,
    },
    /// Registered with Autopilot.
    Registered {
        /// When the registration completed.
        at: TenantTime,
    },
}

/// Where a device's row came from, so a failure can name the file and line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Source {
    /// File name as uploaded.
    pub file: String,
    /// Line in that file.
    pub line: u32,
}

/// A device of the tenant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Device {
    /// Stable id, unique in the tenant.
    pub id: String,
    /// Serial number exactly as registered.
    pub serial: String,
    /// Manufacturer.
    pub manufacturer: String,
    /// Model (may be empty).
    pub model: String,
    /// Assigned user's UPN, empty when none.
    pub assigned_user: String,
    /// Autopilot group tag.
    pub group_tag: String,
    /// Device profile.
    pub profile: Profile,
    /// Where registration stands.
    pub registration: Registration,
    /// Last time the device was used; `None` when it was never used.
    pub last_seen: Option<TenantTime>,
    /// When it was submitted.
    pub submitted_at: TenantTime,
    /// The file and line it came from, when it came from a file.
    pub source: Option<Source>,
    /// The hardware hash, kept while the registration can still need it (pending or failed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hardware_hash: Option<String>,
}

impl Device {
    /// The state an admin sees at time `now` (spec §8 state mapping).
    pub fn state(&self, now: TenantTime) -> DeviceState {
        match (&self.registration, self.last_seen) {
            (Registration::Pending { .. }, _) => DeviceState::RegistrationPending,
            (Registration::Failed { .. }, _) => DeviceState::RegistrationFailed,
            (Registration::Registered { .. }, None) => DeviceState::ReadyForUser,
            (Registration::Registered { .. }, Some(seen)) if now - seen <= INACTIVE_AFTER => {
                DeviceState::Active
            }
            (Registration::Registered { .. }, Some(_)) => DeviceState::Inactive,
        }
    }

    /// The registration error, when it failed.
    pub fn error(&self) -> Option<&RegistrationError> {
        match &self.registration {
            Registration::Failed { error } => Some(error),
            _ => None,
        }
    }

    /// Whole months since registration completed, as the Age column shows; `None` before that,
    /// and when the registration's time is not known.
    pub fn age_months(&self, now: TenantTime) -> Option<u32> {
        match self.registration {
            Registration::Registered { at } if at.is_known() => {
                Some(((now - at).at_least_zero().0 / (30 * DAY.0 + DAY.0 / 2)) as u32)
            }
            _ => None,
        }
    }

    /// Whether the admin may remove it now (not while pending, spec §5).
    pub fn can_remove(&self) -> bool {
        !matches!(self.registration, Registration::Pending { .. })
    }

    /// Whether its profile may change now (not while pending: the registration uses it).
    pub fn can_change_profile(&self) -> bool {
        !matches!(self.registration, Registration::Pending { .. })
    }

    /// Whether a user may be assigned to it now (not while pending: the registration carries
    /// the user it was sent with).
    pub fn can_assign_user(&self) -> bool {
        !matches!(self.registration, Registration::Pending { .. })
    }

    /// Whether its registration may be submitted again (only a failed one).
    pub fn can_retry(&self) -> bool {
        matches!(self.registration, Registration::Failed { .. })
    }

    /// Whether its user can sign in to it (only once it is registered).
    pub fn can_sign_in(&self) -> bool {
        matches!(self.registration, Registration::Registered { .. })
    }
}

/// Number of devices in each state, in [`DeviceState::ALL`] order.
pub fn counts(devices: &[Device], now: TenantTime) -> [usize; 5] {
    let mut counts = [0; 5];
    for d in devices {
        let i = DeviceState::ALL
            .iter()
            .position(|s| *s == d.state(now))
            .unwrap_or(0);
        counts[i] += 1;
    }
    counts
}

#[cfg(test)]
mod tests {
    use super::*;

    fn device(registration: Registration, last_seen: Option<TenantTime>) -> Device {
        Device {
            id: "1".into(),
            serial: "S".into(),
            manufacturer: "M".into(),
            model: String::new(),
            assigned_user: String::new(),
            group_tag: String::new(),
            profile: Profile::Standard,
            registration,
            last_seen,
            submitted_at: TenantTime(0),
            source: None,
            hardware_hash: None,
        }
    }

    #[test]
    fn state_follows_the_spec_mapping() {
        let now = TenantTime(0) + DAY * 100;
        assert_eq!(
            device(Registration::Pending { due: now }, None).state(now),
            DeviceState::RegistrationPending
        );
        let failed = device(
            Registration::Failed {
                error: RegistrationError::DeviceNotFound,
            },
            None,
        );
        assert_eq!(failed.state(now), DeviceState::RegistrationFailed);
        let registered = Registration::Registered { at: now - DAY * 40 };
        assert_eq!(
            device(registered.clone(), None).state(now),
            DeviceState::ReadyForUser
        );
        assert_eq!(
            device(registered.clone(), Some(now - DAY * 7)).state(now),
            DeviceState::Active
        );
        assert_eq!(
            device(registered.clone(), Some(now - DAY * 7 - Millis(1))).state(now),
            DeviceState::Inactive
        );
        assert_eq!(device(registered, None).age_months(now), Some(1));
        let unknown = Registration::Registered {
            at: TenantTime::UNKNOWN,
        };
        assert_eq!(
            device(unknown, None).age_months(now),
            None,
            "no age from a time nobody knows"
        );
    }

    #[test]
    fn pending_devices_cannot_be_removed() {
        assert!(!device(Registration::Pending { due: TenantTime(0) }, None).can_remove());
        assert!(device(Registration::Registered { at: TenantTime(0) }, None).can_remove());
    }

    #[test]
    fn ids_round_trip() {
        for p in Profile::ALL {
            assert_eq!(Profile::from_id(p.id()), Some(p));
        }
        for s in DeviceState::ALL {
            assert_eq!(DeviceState::from_id(s.id()), Some(s));
        }
    }
}
