//! The demo tenant: Contoso, with users, domains, an OEM catalogue, serials that "other
//! organisations" own, and a few dozen devices in every state, so the first screen is never
//! empty. Behind the `demo` feature: a backend for a real tenant (Microsoft Graph) has none of it.

pub mod fleet;

use crate::device::{
    Device, Millis, Profile, RealTime, Registration, RegistrationError, Source, DAY,
    MANAGED_GROUP_TAG,
};
use crate::rng::Rng;
use crate::service::{request_id, CatalogueEntry, Service, ServiceSettings, TenantInfo};
use crate::unit::Changes;
use std::collections::HashSet;

/// Serials the demo tenant's "other organisations" own: registering one gives "Device claimed by
/// another organization". Documented in the README for UX reviews.
pub const DEMO_CLAIMED_SERIALS: [&str; 3] = ["5CG0CLAIMED1", "5CG0CLAIMED2", "PF0CLAIMD"];

/// The demo tenant: Contoso, with users, domains, an OEM catalogue and a few dozen devices in
/// every state, so the first screen is never empty.
pub fn demo(real_now: RealTime, settings: ServiceSettings) -> Service {
    let users: Vec<String> = [
        "megan.bowen",
        "alex.wilber",
        "diego.siciliani",
        "adele.vance",
        "lynne.robbins",
        "grady.archie",
        "isaiah.langer",
        "joni.sherman",
        "lee.gu",
        "nestor.wilke",
        "patti.fernandez",
        "pradeep.gupta",
        "miriam.graham",
        "johanna.lorenz",
        "henrietta.mueller",
        "irvin.sayers",
    ]
    .iter()
    .map(|u| format!("{u}@contoso.com"))
    .collect();
    let info = TenantInfo {
        name: "Contoso".into(),
        domains: vec!["contoso.com".into(), "contoso.onmicrosoft.com".into()],
        users: users.clone(),
        kiosk_enabled: true,
    };
    let mut service = Service::new(info, settings);
    service.state.other_org_serials = DEMO_CLAIMED_SERIALS
        .iter()
        .map(|s| (*s).to_owned())
        .collect();
    let mut rng = Rng::new(2026);
    service.state.oem_catalogue = fleet::catalogue_models()
        .into_iter()
        .enumerate()
        .map(|(i, (maker, model))| CatalogueEntry {
            manufacturer: maker.into(),
            model: model.into(),
            serial: format!("OEM{:05}", 10_000 + i * 7),
        })
        .collect();

    let devices = fleet::devices(
        42,
        &fleet::GenOptions {
            seed: 2026,
            user_domain: None,
            group_tag: String::new(),
            hash_len: 1_400,
        },
    );
    // A new tenant's clock is real time.
    let now = real_now.on_tenant_clock(Millis(0));
    for (i, d) in devices.into_iter().enumerate() {
        let device = demo_device(&mut service, i, d, &users, now, &mut rng);
        service.devices.push(device);
    }
    service
}

/// Slots 6 up to this one are registered at the moment of seeding without the managed group tag:
/// the daily check gives it to them at the next midnight (spec §4), which the demo clock shows.
const UNTAGGED_UNTIL: usize = 8;

/// The demo device in slot `i` of the demo's pattern (made from `d`): 6 in 42 failed (each error
/// once), 10 ready for their user, 16 active, 10 inactive, with users and profiles spread.
fn demo_device(
    service: &mut Service,
    i: usize,
    d: fleet::GenDevice,
    users: &[String],
    now: crate::device::TenantTime,
    rng: &mut Rng,
) -> Device {
    let user = if i % 5 == 4 {
        String::new()
    } else {
        users[i % users.len()].clone()
    };
    let profile = match i % 7 {
        0 | 3 => Profile::SensitiveData,
        5 => Profile::PowerUser,
        6 if i > 30 => Profile::Kiosk,
        _ => Profile::Standard,
    };
    let registered_at = now - DAY * (rng.below(400) as i64 + 8);
    // 6 failed, 10 ready, 16 active, 10 inactive: every state on the first screen but Pending,
    // which the admin's own registration shows.
    let (registration, last_seen, hash) = match i {
        0..=5 => {
            let error = match i {
                0 => RegistrationError::HardwareHashNotValid,
                1 => RegistrationError::DeviceNotFound,
                2 => RegistrationError::AlreadyRegistered,
                3 => RegistrationError::ClaimedByAnotherOrganization,
                4 => RegistrationError::Unexpected {
                    request_id: request_id(rng),
                },
                _ => RegistrationError::HardwareHashNotValid,
            };
            (
                Registration::Failed { error },
                None,
                Some(d.hardware_hash.clone()),
            )
        }
        6..=15 => {
            let at = now - DAY * rng.below(6) as i64;
            (
                // Two registered just now, before the daily check gave them the managed tag.
                Registration::Registered {
                    at: if i < UNTAGGED_UNTIL { now } else { at },
                },
                None,
                None,
            )
        }
        16..=31 => (
            Registration::Registered { at: registered_at },
            Some(now - Millis(rng.below(6 * DAY.0 as u64) as i64)),
            None,
        ),
        _ => {
            // Last used 8–67 days ago, never before it was registered.
            let seen = now - DAY * (8 + rng.below(60)) as i64;
            (
                Registration::Registered {
                    at: registered_at.min(seen - DAY),
                },
                Some(seen),
                None,
            )
        }
    };
    let id = service.new_id();
    let submitted_at = match registration {
        Registration::Registered { at } => at - Millis(6 * 60 * 1000),
        _ => now - DAY,
    };
    Device {
        id,
        serial: d.serial,
        manufacturer: d.manufacturer,
        model: d.model,
        assigned_user: user,
        group_tag: if (6..UNTAGGED_UNTIL).contains(&i) {
            String::new()
        } else {
            MANAGED_GROUP_TAG.into()
        },
        profile,
        registration,
        last_seen,
        submitted_at,
        source: Some(Source {
            file: if i < 16 {
                "new-laptops-2026-11.csv".into()
            } else {
                "rollout-wave-1.csv".into()
            },
            line: (i % 16) as u32 + 2,
        }),
        hardware_hash: hash,
    }
}

/// The most devices one seeding adds: a tenant of this many shows the workspace at scale.
pub const MAX_SEEDED: usize = 200_000;

/// The most devices a tenant holds before seeding adds no more.
pub const MAX_SEEDED_TENANT: usize = 1_000_000;

/// Adds `count` synthetic devices (at most [`MAX_SEEDED`], and none past [`MAX_SEEDED_TENANT`]
/// in the tenant) in every state, for trying the workspace at scale (`server --seed-devices`, the
/// demo controls): the demo's shares of failed, ready, active and inactive devices, and one in
/// 25 pending (its registration decided as any other). Their serials are new to the tenant;
/// returns their ids.
pub fn seed(service: &mut Service, count: usize, real_now: RealTime) -> Vec<String> {
    let count = count
        .min(MAX_SEEDED)
        .min(MAX_SEEDED_TENANT.saturating_sub(service.devices.len()));
    let now = service.now(real_now);
    let users = service.state.info.users.clone();
    let mut serials: HashSet<String> = service.devices.iter().map(|d| d.serial.clone()).collect();
    let mut rng = Rng::new(7_000 + service.devices.len() as u64);
    let mut fleet_rng = Rng::new(9_000 + service.devices.len() as u64);
    let options = fleet::GenOptions {
        seed: 0, // `fleet_rng` instead
        user_domain: None,
        group_tag: String::new(),
        hash_len: 1_400,
    };
    let due = now + service.state.settings.processing_delay_ms.at_least_zero();
    let mut ids = Vec::with_capacity(count);
    while ids.len() < count {
        let d = fleet::device(&mut fleet_rng, &options);
        if !serials.insert(d.serial.clone()) {
            continue;
        }
        let i = ids.len();
        let hash = d.hardware_hash.clone();
        let mut device = demo_device(service, i % 42, d, &users, now, &mut rng);
        if i % 25 == 24 {
            device.registration = Registration::Pending { due };
            device.last_seen = None;
            device.submitted_at = now;
            device.hardware_hash = Some(hash);
        }
        ids.push(device.id.clone());
        service.devices.push(device);
    }
    ids
}

/// A seeding as a change of the tenant (what the demo controls of both backends run): the
/// devices [`seed`] adds, counted in the audit event's detail rather than named one by one.
pub fn seed_change(service: &mut Service, count: usize, real_now: RealTime, changes: &mut Changes) {
    let ids = seed(service, count, real_now);
    changes.describe(crate::audit::detail::seeded(ids.len()));
    changes.put_counted(ids);
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: RealTime = RealTime(1_795_000_000_000);

    #[test]
    fn seeding_adds_new_devices_in_every_state_and_the_pending_ones_are_decided() {
        let mut service = demo(NOW, ServiceSettings::default());
        let ids = seed(&mut service, 1_000, NOW);
        assert_eq!(ids.len(), 1_000);
        assert_eq!(service.devices.len(), 1_042);
        let serials: HashSet<&str> = service.devices.iter().map(|d| d.serial.as_str()).collect();
        assert_eq!(serials.len(), 1_042, "every serial once");
        let now = service.now(NOW);
        let counts = crate::device::counts(&service.devices, now);
        assert!(counts.iter().all(|&n| n > 0), "every state: {counts:?}");
        assert_eq!(counts[0], 40, "one in 25 pending");
        // Their hashes are real: once due, each is decided as a registration is.
        let later = RealTime(NOW.0 + ServiceSettings::default().processing_delay_ms.0 + 1);
        assert_eq!(service.process_due(later).len(), 40);
        let counts = crate::device::counts(&service.devices, service.now(later));
        assert_eq!(counts[0], 0, "none left pending");
        // A second seeding adds more, still each serial once.
        seed(&mut service, 500, later);
        let serials: HashSet<&str> = service.devices.iter().map(|d| d.serial.as_str()).collect();
        assert_eq!(serials.len(), 1_542);
    }
}
