//! Who changed the tenant, and how: one [`AuditEvent`] per change, made by the unit of work
//! ([`crate::unit::change`]) from what the change touched, so storage writes it in the same
//! transaction as the change and never without it.

use crate::time::RealTime;
use serde::{Deserialize, Serialize};

/// Who asked for a change: the signed-in account (an OpenID token's `preferred_username` or
/// `upn`, and its `oid`), or the demo admin where nobody signs in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Actor {
    /// The account's user principal name.
    pub user_principal_name: String,
    /// The account's object id in its directory.
    pub id: String,
}

/// The name changes are recorded under when nobody signs in.
pub const DEMO_ACTOR: &str = "Demo administrator (no sign-in)";

impl Actor {
    /// The embedded demo and a server without sign-in on loopback: nobody signs in, so the
    /// change is recorded under this name.
    pub fn demo() -> Actor {
        Actor {
            user_principal_name: DEMO_ACTOR.into(),
            id: String::new(),
        }
    }
}

/// What kind of change an event records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Activity {
    /// Devices imported (registered).
    Import,
    /// A device removed.
    Remove,
    /// A device's profile changed.
    ChangeProfile,
    /// A failed registration submitted again.
    Retry,
    /// A user assigned to devices.
    AssignUser,
    /// Demo: assigned users signed in.
    DemoSignIn,
    /// Demo: the tenant clock moved forward.
    DemoAdvanceClock,
    /// Demo: failures injected into the next registrations.
    DemoFaults,
    /// Demo: every device thrown away and the demo tenant seeded again.
    DemoReset,
    /// Demo: synthetic devices added, to try the workspace at scale.
    DemoSeed,
}

impl Activity {
    /// Graph's `activity`: what was done, as Intune names it.
    pub fn name(self) -> &'static str {
        match self {
            Activity::Import => "Import windowsAutopilotDeviceIdentity",
            Activity::Remove => "Delete windowsAutopilotDeviceIdentity",
            Activity::ChangeProfile => "Change profile windowsAutopilotDeviceIdentity",
            Activity::Retry => "Retry registration windowsAutopilotDeviceIdentity",
            Activity::AssignUser => "Assign user windowsAutopilotDeviceIdentity",
            Activity::DemoSignIn => "Demo sign-in windowsAutopilotDeviceIdentity",
            Activity::DemoAdvanceClock => "Demo advance clock",
            Activity::DemoFaults => "Demo inject failures",
            Activity::DemoReset => "Demo reset tenant",
            Activity::DemoSeed => "Demo seed windowsAutopilotDeviceIdentity",
        }
    }

    /// Graph's `activityType`: `Create`, `Delete`, `Patch` or `Action`.
    pub fn kind(self) -> &'static str {
        match self {
            Activity::Import => "Create",
            Activity::Remove => "Delete",
            Activity::ChangeProfile | Activity::AssignUser => "Patch",
            _ => "Action",
        }
    }

    /// The portal's words for it.
    pub fn label(self) -> &'static str {
        match self {
            Activity::Import => "Registered devices",
            Activity::Remove => "Removed devices",
            Activity::ChangeProfile => "Changed profile",
            Activity::Retry => "Retried registration",
            Activity::AssignUser => "Assigned user",
            Activity::DemoSignIn => "Demo: users signed in",
            Activity::DemoAdvanceClock => "Demo: clock advanced",
            Activity::DemoFaults => "Demo: failures injected",
            Activity::DemoReset => "Demo: data reset",
            Activity::DemoSeed => "Demo: devices added",
        }
    }
}

/// What the caller of a change knows before it runs: who, what, and the request it came with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Audit {
    /// Who asked.
    pub actor: Actor,
    /// What they asked for.
    pub activity: Activity,
    /// The request id (Graph's `correlationId`), to find the request in logs.
    pub correlation_id: String,
}

/// A device a change touched: its id and, to read the log without the device, its serial.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditResource {
    /// The device id.
    pub id: String,
    /// Its serial number when the change was made.
    pub serial: String,
}

/// One recorded change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEvent {
    /// Unique within the tenant, in the order events were made.
    pub id: String,
    /// When (real time: the demo clock does not move the log).
    pub at: RealTime,
    /// Who.
    pub actor: Actor,
    /// What.
    pub activity: Activity,
    /// The request id.
    pub correlation_id: String,
    /// The devices it changed, in the order changed.
    pub resources: Vec<AuditResource>,
    /// What else it changed, in words ("Profile: Sensitive data", "7 days"), or empty.
    pub detail: String,
}

/// The id of the `n`th event of a tenant, made at `at`: sorts as text in the order events were
/// made (storage pages by it), and stays unique when a demo reset starts the count again.
pub fn event_id(at: RealTime, n: u64) -> String {
    format!("{:013}-{n:08}", at.0.max(0))
}

/// The words of an event's `detail`, the same from every backend.
pub mod detail {
    use crate::device::Profile;

    /// An import or a profile change.
    pub fn profile(profile: Profile) -> String {
        format!("Profile: {}", profile.label())
    }

    /// A user assigned to devices.
    pub fn user(user: &str) -> String {
        format!("User: {user}")
    }

    /// A bulk change that left some of the devices it named as they were.
    pub fn refused(detail: &str, refused: usize, named: usize) -> String {
        let left = format!("{refused} of {named} devices not changed");
        if detail.is_empty() {
            left
        } else {
            format!("{detail}; {left}")
        }
    }

    /// A demo clock change.
    pub fn advanced(days: u32) -> String {
        format!("Advanced {days} days")
    }

    /// Injected failures.
    pub fn faults(count: u32) -> String {
        format!("The next {count} registrations fail")
    }

    /// Synthetic devices added.
    pub fn seeded(count: usize) -> String {
        format!("{count} synthetic devices in every state")
    }

    /// A demo reset.
    pub fn reset(removed: usize, seeded: usize) -> String {
        format!("{removed} devices removed, {seeded} demo devices seeded")
    }

    /// One part of a recorded detail, by kind: the log keeps the service's English, a portal
    /// in another language recognises the parts ([`recognise`]) and writes them in its own.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub enum Part {
        /// [`profile`].
        Profile(Profile),
        /// [`user`].
        User(String),
        /// [`refused`]'s count: devices not changed of those named.
        Refused(usize, usize),
        /// [`advanced`].
        Advanced(u32),
        /// [`faults`].
        Faults(u32),
        /// [`seeded`].
        Seeded(usize),
        /// [`reset`].
        Reset(usize, usize),
    }

    /// The parts of a recorded `detail`, when every part is one the service writes.
    pub fn recognise(detail: &str) -> Option<Vec<Part>> {
        let (main, refused) = match detail.rsplit_once("; ") {
            Some((main, last)) => (Some(main), last),
            None => (None, detail),
        };
        let mut parts = Vec::new();
        if let Some(main) = main {
            parts.push(part(main)?);
        }
        parts.push(part(refused)?);
        Some(parts)
    }

    fn part(text: &str) -> Option<Part> {
        let number = |s: &str| s.parse::<usize>().ok();
        let found = if let Some(label) = text.strip_prefix("Profile: ") {
            Profile::ALL
                .into_iter()
                .find(|p| p.label() == label)
                .map(Part::Profile)
        } else if let Some(user) = text.strip_prefix("User: ") {
            Some(Part::User(user.to_owned()))
        } else if let Some(rest) = text.strip_suffix(" devices not changed") {
            let (refused, named) = rest.split_once(" of ")?;
            Some(Part::Refused(number(refused)?, number(named)?))
        } else if let Some(days) = text
            .strip_prefix("Advanced ")
            .and_then(|t| t.strip_suffix(" days"))
        {
            days.parse().ok().map(Part::Advanced)
        } else if let Some(count) = text
            .strip_prefix("The next ")
            .and_then(|t| t.strip_suffix(" registrations fail"))
        {
            count.parse().ok().map(Part::Faults)
        } else if let Some(count) = text.strip_suffix(" synthetic devices in every state") {
            number(count).map(Part::Seeded)
        } else if let Some(rest) = text.strip_suffix(" demo devices seeded") {
            let (removed, seeded) = rest.split_once(" devices removed, ")?;
            Some(Part::Reset(number(removed)?, number(seeded)?))
        } else {
            None
        }?;
        // Only what the service writes exactly: a near miss is shown as it is.
        (written(&found) == text).then_some(found)
    }

    /// A part as the service writes it.
    fn written(part: &Part) -> String {
        match part {
            Part::Profile(p) => profile(*p),
            Part::User(u) => user(u),
            Part::Refused(refused, named) => super::detail::refused("", *refused, *named),
            Part::Advanced(days) => advanced(*days),
            Part::Faults(count) => faults(*count),
            Part::Seeded(count) => seeded(*count),
            Part::Reset(removed, seeded) => reset(*removed, *seeded),
        }
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        #[test]
        fn every_detail_the_service_writes_is_recognised_part_by_part() {
            let cases = [
                (
                    profile(Profile::SensitiveData),
                    vec![Part::Profile(Profile::SensitiveData)],
                ),
                (
                    user("megan@contoso.com"),
                    vec![Part::User("megan@contoso.com".into())],
                ),
                (
                    refused(&profile(Profile::Kiosk), 2, 5),
                    vec![Part::Profile(Profile::Kiosk), Part::Refused(2, 5)],
                ),
                (refused("", 1, 3), vec![Part::Refused(1, 3)]),
                (advanced(7), vec![Part::Advanced(7)]),
                (faults(3), vec![Part::Faults(3)]),
                (seeded(100_000), vec![Part::Seeded(100_000)]),
                (reset(4, 42), vec![Part::Reset(4, 42)]),
            ];
            for (text, parts) in cases {
                assert_eq!(recognise(&text), Some(parts), "{text}");
            }
            for other in [
                "",
                "Profile: Gold",
                "Advanced seven days",
                "x; 1 of 2 devices not changed",
            ] {
                assert_eq!(recognise(other), None, "{other}");
            }
        }
    }
}

/// What a signed-in account may do, from its token's `roles` claim (Entra app roles).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Role {
    /// `Devices.Administrator`: register, remove, change profile, retry, demo controls.
    Administrator,
    /// `Devices.Reader`: view and export devices, read the audit log.
    Reader,
}

impl Role {
    /// The app role value that grants it.
    pub fn claim(self) -> &'static str {
        match self {
            Role::Administrator => "Devices.Administrator",
            Role::Reader => "Devices.Reader",
        }
    }

    /// The strongest role among a token's `roles`, or `None` when it has neither.
    pub fn from_claims<'a>(roles: impl IntoIterator<Item = &'a str>) -> Option<Role> {
        let mut best = None;
        for role in roles {
            if role == Role::Administrator.claim() {
                return Some(Role::Administrator);
            }
            if role == Role::Reader.claim() {
                best = Some(Role::Reader);
            }
        }
        best
    }

    /// Whether it may change the tenant.
    pub fn may_change(self) -> bool {
        self == Role::Administrator
    }

    /// Its name in the portal.
    pub fn label(self) -> &'static str {
        match self {
            Role::Administrator => "Administrator",
            Role::Reader => "Reader",
        }
    }

    /// Why a change is not offered to this role, or `None` when it may change.
    pub fn why_not(self) -> Option<&'static str> {
        match self {
            Role::Administrator => None,
            Role::Reader => Some(
                "Readers can view and export devices. Ask an administrator to make this change.",
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_strongest_known_role_wins_and_unknown_roles_grant_nothing() {
        assert_eq!(Role::from_claims(["Devices.Reader"]), Some(Role::Reader));
        assert_eq!(
            Role::from_claims(["Devices.Reader", "Devices.Administrator"]),
            Some(Role::Administrator)
        );
        assert_eq!(Role::from_claims(["devices.administrator", "Admin"]), None);
        assert_eq!(Role::from_claims([]), None);
        assert!(Role::Administrator.may_change() && !Role::Reader.may_change());
        assert!(Role::Reader
            .why_not()
            .is_some_and(|w| w.starts_with("Readers can view and export")));
    }

    #[test]
    fn event_ids_sort_in_time_order_across_a_restarted_count() {
        let a = event_id(RealTime(1_700_000_000_000), 41);
        let b = event_id(RealTime(1_700_000_000_001), 0);
        assert!(a < b);
        assert!(event_id(RealTime(5), 9) < event_id(RealTime(5), 10));
    }
}
