//! What an admin can do with one device now. The service's rules decide (`Device::can_*`, the
//! same predicates its actions check); the details panel only asks.

use autopilot_service::device::{Device, DeviceState, TenantTime};

/// The actions a device offers at a moment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Offered {
    /// Submit the failed registration again.
    pub retry: bool,
    /// Demo: simulate its user's sign-in (Ready for user or Inactive → Active).
    pub sign_in: bool,
    /// Give it another profile (re-images it).
    pub change_profile: bool,
    /// Remove it from the tenant.
    pub remove: bool,
}

impl Offered {
    /// What `device` offers at tenant time `now`.
    pub fn for_device(device: &Device, now: TenantTime) -> Offered {
        Offered {
            retry: device.can_retry(),
            // An Active device signing in again would change nothing the admin can see.
            sign_in: device.can_sign_in() && device.state(now) != DeviceState::Active,
            change_profile: device.can_change_profile(),
            remove: device.can_remove(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use autopilot_service::demo::demo;
    use autopilot_service::device::{Profile, Registration, DAY};
    use autopilot_service::device::{RealTime, TenantTime};
    use autopilot_service::service::{ActionError, ServiceSettings, Submission};

    const NOW: RealTime = RealTime(1_800_000_000_000);
    const T: TenantTime = TenantTime(1_800_000_000_000);

    /// What the service itself does with each action, for comparison.
    fn service_allows(device: &Device, real_now: RealTime) -> Offered {
        let mut s = demo(NOW, ServiceSettings::default());
        s.devices = vec![device.clone()];
        let allowed =
            |r: Result<Device, ActionError>| !matches!(r, Err(ActionError::NotAllowed(_)));
        let now = s.now(real_now);
        Offered {
            retry: allowed(s.clone().retry(&device.id, real_now)),
            sign_in: allowed(s.clone().simulate_sign_in(&device.id, real_now))
                && device.state(now) != DeviceState::Active,
            change_profile: allowed(s.clone().change_profile(&device.id, Profile::Standard)),
            remove: allowed(s.clone().remove(&device.id)),
        }
    }

    #[test]
    fn every_state_offers_what_the_service_allows() {
        let mut s = demo(NOW, ServiceSettings::default());
        let pending = s
            .submit(
                vec![Submission {
                    serial: "P-1".into(),
                    manufacturer: "HP".into(),
                    model: String::new(),
                    assigned_user: String::new(),
                    hardware_hash: None,
                    source: None,
                }],
                Profile::Standard,
                NOW,
            )
            .expect("submitted");
        let mut seen = std::collections::HashSet::new();
        for device in s.devices.iter().chain(pending.iter()) {
            let state = device.state(T);
            seen.insert(state);
            let offered = Offered::for_device(device, T);
            assert_eq!(offered, service_allows(device, NOW), "{state:?}");
            match state {
                DeviceState::RegistrationPending => {
                    assert!(!offered.remove && !offered.change_profile && !offered.retry)
                }
                DeviceState::RegistrationFailed => assert!(offered.retry && offered.remove),
                DeviceState::ReadyForUser | DeviceState::Inactive => assert!(offered.sign_in),
                DeviceState::Active => assert!(!offered.sign_in && offered.remove),
            }
        }
        assert_eq!(seen.len(), 5, "every state was checked");
        let registered = Device {
            registration: Registration::Registered { at: T - DAY * 30 },
            last_seen: Some(T - DAY * 8),
            ..s.devices[0].clone()
        };
        assert!(Offered::for_device(&registered, T).sign_in, "Inactive");
    }
}
