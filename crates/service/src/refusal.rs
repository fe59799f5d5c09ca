//! Why the service refuses an action on a device, by kind. The service says it in English (the
//! API's language, in `ActionError`'s text); a portal in another language recognises the kind
//! from that text ([`Refusal::recognise`], whichever backend sent it) and says it in its own
//! words. A text it does not recognise is shown as it came.

use crate::device::Profile;

/// A refusal the service makes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// No device with that id.
    NotFound,
    /// Removing while the registration is pending.
    PendingRemove,
    /// Changing the profile while the registration is pending.
    PendingProfile,
    /// Assigning a user while the registration is pending.
    PendingUser,
    /// Retrying anything but a failed registration.
    OnlyFailedRetried,
    /// Demo: signing in to a device that is not registered.
    OnlyRegisteredSignIn,
    /// Demo: one of several devices to sign in to is not registered (its serial number).
    NotRegisteredYet(String),
    /// Giving a device a profile the organisation does not offer.
    ProfileNotEnabled(Profile),
    /// Retrying a device whose profile the organisation no longer offers.
    ProfileNoLongerEnabled(Profile),
    /// Graph: changing the profile or user of a device that is not registered.
    OnlyRegisteredChanged,
    /// Graph: asking for an Autopilot sync while one runs.
    SyncRunning,
    /// Asking a service that syncs with Autopilot by itself for a sync.
    SyncsItself,
    /// Graph: asking for an Autopilot sync within 10 minutes of the last request; the minutes
    /// to wait.
    SyncTooSoon(u64),
}

const TOO_SOON: &str = "Autopilot takes one sync request every 10 minutes, and the last was less than 10 minutes ago. Try again in ";

const NOT_REGISTERED: (&str, &str) = (
    "Device ",
    " is not registered yet, so nobody can sign in to it; nothing was changed.",
);

impl Refusal {
    /// The refusals that name nothing (no profile, serial or minutes).
    pub const PLAIN: [Refusal; 9] = [
        Refusal::NotFound,
        Refusal::PendingRemove,
        Refusal::PendingProfile,
        Refusal::PendingUser,
        Refusal::OnlyFailedRetried,
        Refusal::OnlyRegisteredSignIn,
        Refusal::OnlyRegisteredChanged,
        Refusal::SyncRunning,
        Refusal::SyncsItself,
    ];

    /// What the service says.
    pub fn text(&self) -> String {
        match self {
            Refusal::NotFound => "The device no longer exists; refresh the list.".into(),
            Refusal::PendingRemove => "A device cannot be removed while its registration is pending. Wait until it is done.".into(),
            Refusal::PendingProfile => "The profile cannot change while the registration is pending.".into(),
            Refusal::PendingUser => "The user cannot change while the registration is pending.".into(),
            Refusal::OnlyFailedRetried => "Only a failed registration can be retried.".into(),
            Refusal::OnlyRegisteredSignIn => "Only a registered device can be signed in to.".into(),
            Refusal::NotRegisteredYet(serial) => {
                format!("{}{serial}{}", NOT_REGISTERED.0, NOT_REGISTERED.1)
            }
            Refusal::ProfileNotEnabled(profile) => {
                format!("The {profile} profile is not enabled for this organisation.")
            }
            Refusal::ProfileNoLongerEnabled(profile) => format!(
                "The {profile} profile is no longer enabled for this organisation: change the device's profile, then retry."
            ),
            Refusal::OnlyRegisteredChanged => {
                "Only a registered device's profile or user can be changed.".into()
            }
            Refusal::SyncRunning => "Intune is syncing with Autopilot already. Devices show their profile once it is done.".into(),
            Refusal::SyncsItself => "This service syncs with Autopilot by itself.".into(),
            Refusal::SyncTooSoon(minutes) => format!(
                "{TOO_SOON}{minutes} {}.",
                if *minutes == 1 { "minute" } else { "minutes" }
            ),
        }
    }

    /// The refusal `text` says, when it is one the service makes.
    pub fn recognise(text: &str) -> Option<Refusal> {
        let profiled = Profile::ALL.into_iter().flat_map(|p| {
            [
                Refusal::ProfileNotEnabled(p),
                Refusal::ProfileNoLongerEnabled(p),
            ]
        });
        Refusal::PLAIN
            .into_iter()
            .chain(profiled)
            .find(|r| r.text() == text)
            .or_else(|| {
                text.strip_prefix(NOT_REGISTERED.0)
                    .and_then(|rest| rest.strip_suffix(NOT_REGISTERED.1))
                    .map(|serial| Refusal::NotRegisteredYet(serial.to_owned()))
            })
            .or_else(|| {
                let rest = text.strip_prefix(TOO_SOON)?;
                let (minutes, _) = rest.split_once(' ')?;
                let refusal = Refusal::SyncTooSoon(minutes.parse().ok()?);
                (refusal.text() == text).then_some(refusal)
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_refusal_is_recognised_from_its_own_text_and_nothing_else_is() {
        let named = [
            Refusal::NotRegisteredYet("5CG1".into()),
            Refusal::ProfileNotEnabled(Profile::Kiosk),
            Refusal::ProfileNoLongerEnabled(Profile::PowerUser),
            Refusal::SyncTooSoon(1),
            Refusal::SyncTooSoon(7),
        ];
        for r in Refusal::PLAIN.into_iter().chain(named) {
            assert_eq!(Refusal::recognise(&r.text()), Some(r));
        }
        assert_eq!(
            Refusal::recognise("Graph refused the request (HTTP 400)."),
            None
        );
        assert_eq!(Refusal::recognise(""), None);
        assert_eq!(Refusal::recognise(&format!("{TOO_SOON}7 minute.")), None);
    }
}
