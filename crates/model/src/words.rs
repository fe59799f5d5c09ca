//! The domain's words in the page's language: device states, registration errors with what to
//! do about them, and profiles, as the Dutch edition of the registration guide names them
//! ("Registratie in behandeling", "Apparaat is al geregistreerd"). The service keeps its English
//! for the API; the portal shows these.

use crate::workspace::SortColumn;
use autopilot_i18n::{t, Lang};
use autopilot_service::audit::detail::{self, Part};
use autopilot_service::audit::{Activity, Role, DEMO_ACTOR};
use autopilot_service::device::{DeviceState, Profile, RegistrationError};
use autopilot_service::refusal::Refusal;
use autopilot_service::upn::{self, Malformed, UpnError};

/// A state's name.
pub fn state(lang: Lang, state: DeviceState) -> String {
    match state {
        DeviceState::RegistrationPending => t!(lang, "state-pending"),
        DeviceState::RegistrationFailed => t!(lang, "state-failed"),
        DeviceState::ReadyForUser => t!(lang, "state-ready"),
        DeviceState::Active => t!(lang, "state-active"),
        DeviceState::Inactive => t!(lang, "state-inactive"),
    }
}

/// A registration error's message.
pub fn error(lang: Lang, error: &RegistrationError) -> String {
    match error {
        RegistrationError::DeviceNotFound => t!(lang, "error-device-not-found"),
        RegistrationError::HardwareHashNotValid => t!(lang, "error-hash-not-valid"),
        RegistrationError::AlreadyRegistered => t!(lang, "error-already-registered"),
        RegistrationError::ClaimedByAnotherOrganization => t!(lang, "error-claimed"),
        RegistrationError::Unexpected { .. } => t!(lang, "error-unexpected"),
    }
}

/// What the admin should do about a registration error.
pub fn what_to_do(lang: Lang, error: &RegistrationError) -> String {
    match error {
        RegistrationError::DeviceNotFound => t!(lang, "fix-device-not-found"),
        RegistrationError::HardwareHashNotValid => t!(lang, "fix-hash-not-valid"),
        RegistrationError::AlreadyRegistered => t!(lang, "fix-already-registered"),
        RegistrationError::ClaimedByAnotherOrganization => t!(lang, "fix-claimed"),
        RegistrationError::Unexpected { request_id } => {
            t!(lang, "fix-unexpected", request = request_id.as_str())
        }
    }
}

/// A role's name.
pub fn role(lang: Lang, role: Role) -> String {
    match role {
        Role::Administrator => t!(lang, "role-administrator"),
        Role::Reader => t!(lang, "role-reader"),
    }
}

/// Why a change is not offered to `role`, or `None` when it may change.
pub fn why_not(lang: Lang, role: Role) -> Option<String> {
    (!role.may_change()).then(|| t!(lang, "role-reader-why-not"))
}

/// An audit event's activity, as the audit log lists it.
pub fn activity(lang: Lang, activity: Activity) -> String {
    match activity {
        Activity::Import => t!(lang, "activity-import"),
        Activity::Remove => t!(lang, "activity-remove"),
        Activity::ChangeProfile => t!(lang, "activity-change-profile"),
        Activity::Retry => t!(lang, "activity-retry"),
        Activity::AssignUser => t!(lang, "activity-assign-user"),
        Activity::DemoSignIn => t!(lang, "activity-demo-sign-in"),
        Activity::DemoAdvanceClock => t!(lang, "activity-demo-clock"),
        Activity::DemoFaults => t!(lang, "activity-demo-faults"),
        Activity::DemoReset => t!(lang, "activity-demo-reset"),
        Activity::DemoSeed => t!(lang, "activity-demo-seed"),
    }
}

/// A profile's name.
pub fn profile(lang: Lang, profile: Profile) -> String {
    match profile {
        Profile::Standard => t!(lang, "profile-standard"),
        Profile::SensitiveData => t!(lang, "profile-sensitive-data"),
        Profile::PowerUser => t!(lang, "profile-power-user"),
        Profile::Kiosk => t!(lang, "profile-kiosk"),
    }
}

/// Each profile's place when sorted by its name in `lang` (the Profile column sorts as it reads).
pub fn profile_ranks(lang: Lang) -> [u8; Profile::ALL.len()] {
    let mut by_name: Vec<(String, usize)> = Profile::ALL
        .iter()
        .enumerate()
        .map(|(i, &p)| (profile(lang, p).to_lowercase(), i))
        .collect();
    by_name.sort();
    let mut ranks = [0; Profile::ALL.len()];
    for (rank, (_, i)) in by_name.into_iter().enumerate() {
        ranks[i] = rank as u8;
    }
    ranks
}

/// A profile's place in [`profile_ranks`].
pub fn profile_rank(ranks: &[u8; Profile::ALL.len()], profile: Profile) -> u8 {
    Profile::ALL
        .iter()
        .position(|&p| p == profile)
        .map_or(u8::MAX, |i| ranks[i])
}

/// What a profile does, in one line.
pub fn profile_about(lang: Lang, profile: Profile) -> String {
    match profile {
        Profile::Standard => t!(lang, "profile-standard-about"),
        Profile::SensitiveData => t!(lang, "profile-sensitive-data-about"),
        Profile::PowerUser => t!(lang, "profile-power-user-about"),
        Profile::Kiosk => t!(lang, "profile-kiosk-about"),
    }
}

/// Who made a change, as the audit log names them: the demo's nameless administrator in
/// `lang`, anyone else by their user principal name.
pub fn actor(lang: Lang, user_principal_name: &str) -> String {
    if user_principal_name == DEMO_ACTOR {
        t!(lang, "demo-actor")
    } else {
        user_principal_name.to_owned()
    }
}

/// An audit event's recorded detail in `lang`, part by part, when the service wrote it; any
/// other text (an older service's) as it is.
pub fn audit_detail(lang: Lang, text: &str) -> String {
    let Some(parts) = detail::recognise(text) else {
        return text.to_owned();
    };
    let n = crate::locale::number;
    let said: Vec<String> = parts
        .into_iter()
        .map(|part| match part {
            Part::Profile(p) => t!(lang, "detail-profile-part", profile = profile(lang, p)),
            Part::User(u) => t!(lang, "detail-user-part", user = u),
            Part::Refused(refused, named) => t!(
                lang,
                "detail-refused-part",
                refused_n = n(refused),
                named = named,
                named_n = n(named)
            ),
            Part::Advanced(days) => t!(lang, "detail-advanced-part", days = days),
            Part::Faults(count) => t!(
                lang,
                "detail-faults-part",
                count = count,
                n = n(count as usize)
            ),
            Part::Seeded(count) => t!(lang, "detail-seeded-part", count = count, n = n(count)),
            Part::Reset(removed, seeded) => t!(
                lang,
                "detail-reset-part",
                removed = removed,
                removed_n = n(removed),
                seeded = seeded,
                seeded_n = n(seeded)
            ),
        })
        .collect();
    said.join("; ")
}

/// A refusal the service sent (its English text), in `lang` when it is one the service makes;
/// any other text (Graph's, a proxy's) as it came.
pub fn refusal(lang: Lang, text: &str) -> String {
    let Some(refusal) = Refusal::recognise(text) else {
        return text.to_owned();
    };
    match refusal {
        Refusal::NotFound => t!(lang, "refusal-not-found"),
        Refusal::PendingRemove => t!(lang, "refusal-pending-remove"),
        Refusal::PendingProfile => t!(lang, "refusal-pending-profile"),
        Refusal::PendingUser => t!(lang, "refusal-pending-user"),
        Refusal::OnlyFailedRetried => t!(lang, "refusal-only-failed"),
        Refusal::OnlyRegisteredSignIn => t!(lang, "refusal-only-registered"),
        Refusal::NotRegisteredYet(serial) => t!(lang, "refusal-not-registered", serial = serial),
        Refusal::ProfileNotEnabled(p) => {
            t!(
                lang,
                "refusal-profile-not-enabled",
                profile = profile(lang, p)
            )
        }
        Refusal::ProfileNoLongerEnabled(p) => {
            t!(lang, "refusal-profile-gone", profile = profile(lang, p))
        }
        Refusal::OnlyRegisteredChanged => t!(lang, "refusal-only-registered-changed"),
        Refusal::SyncRunning => t!(lang, "refusal-sync-running"),
        Refusal::SyncsItself => t!(lang, "refusal-syncs-itself"),
        Refusal::SyncTooSoon(minutes) => t!(lang, "refusal-sync-too-soon", minutes = minutes),
    }
}

/// Checks a user to assign to registered devices (the service's `upn::check_assignment`), and
/// says what is wrong in `lang`.
pub fn assignment(lang: Lang, user: &str, domains: &[String]) -> Result<(), String> {
    upn::check(user, Some(domains)).map_err(|err| match err {
        UpnError::Malformed(why) => {
            let why = match why {
                Malformed::Blanks => t!(lang, "upn-blanks"),
                Malformed::NoAt => t!(lang, "upn-no-at"),
                Malformed::LocalLength => t!(lang, "upn-local-length"),
                Malformed::LocalCharacters => t!(lang, "upn-local-characters"),
                Malformed::Domain => t!(lang, "upn-domain"),
            };
            t!(lang, "assign-malformed", user = user, why = why)
        }
        UpnError::UnknownDomain(domain) => t!(
            lang,
            "assign-unknown-domain",
            user = user,
            domain = domain,
            domains = domains.join(", ")
        ),
    })
}

/// A column's header.
pub fn column(lang: Lang, column: SortColumn) -> String {
    match column {
        SortColumn::User => t!(lang, "column-user"),
        SortColumn::Serial => t!(lang, "column-serial-number"),
        SortColumn::Manufacturer => t!(lang, "column-manufacturer"),
        SortColumn::Model => t!(lang, "column-model"),
        SortColumn::Profile => t!(lang, "column-profile"),
        SortColumn::State => t!(lang, "column-state"),
        SortColumn::LastSeen => t!(lang, "column-last-seen"),
        SortColumn::Age => t!(lang, "column-age"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_is_the_services_own_and_dutch_is_the_guides() {
        for s in DeviceState::ALL {
            assert_eq!(state(Lang::En, s), s.label());
        }
        for p in Profile::ALL {
            assert_eq!(profile(Lang::En, p), p.label());
            assert_eq!(profile_about(Lang::En, p), p.description());
        }
        let errors = [
            RegistrationError::DeviceNotFound,
            RegistrationError::HardwareHashNotValid,
            RegistrationError::AlreadyRegistered,
            RegistrationError::ClaimedByAnotherOrganization,
            RegistrationError::Unexpected {
                request_id: "r-1".into(),
            },
        ];
        for e in &errors {
            assert_eq!(error(Lang::En, e), e.message());
            assert_eq!(what_to_do(Lang::En, e), e.what_to_do());
        }
        let dutch: Vec<String> = DeviceState::ALL
            .into_iter()
            .map(|s| state(Lang::Nl, s))
            .collect();
        assert_eq!(
            dutch,
            [
                "Registratie in behandeling",
                "Registratie is mislukt",
                "Klaar voor gebruiker",
                "Actief",
                "Inactief"
            ]
        );
        let dutch: Vec<String> = errors.iter().map(|e| error(Lang::Nl, e)).collect();
        assert_eq!(
            dutch,
            [
                "Apparaat niet gevonden",
                "Hardware-hash niet geldig",
                "Apparaat is al geregistreerd",
                "Apparaat is geclaimd door een andere organisatie",
                "Onverwachte fout"
            ]
        );
        assert!(what_to_do(Lang::Nl, &errors[4]).ends_with("aanvraag-id r-1."));
        assert_eq!(column(Lang::En, SortColumn::LastSeen), "Last seen");
        assert_eq!(column(Lang::Nl, SortColumn::LastSeen), "Laatst gezien");
    }

    #[test]
    fn roles_and_activities_read_as_the_service_names_them_and_in_dutch() {
        for r in [Role::Administrator, Role::Reader] {
            assert_eq!(role(Lang::En, r), r.label());
            assert_eq!(why_not(Lang::En, r).as_deref(), r.why_not());
        }
        assert_eq!(role(Lang::Nl, Role::Reader), "Lezer");
        assert!(why_not(Lang::Nl, Role::Administrator).is_none());
        assert!(why_not(Lang::Nl, Role::Reader).is_some_and(|w| w.starts_with("Lezers kunnen")));
        let activities = [
            Activity::Import,
            Activity::Remove,
            Activity::ChangeProfile,
            Activity::Retry,
            Activity::AssignUser,
            Activity::DemoSignIn,
            Activity::DemoAdvanceClock,
            Activity::DemoFaults,
            Activity::DemoReset,
            Activity::DemoSeed,
        ];
        for a in activities {
            assert_eq!(activity(Lang::En, a), a.label());
            assert_ne!(activity(Lang::Nl, a), a.label(), "{a:?} in Dutch");
        }
    }

    #[test]
    fn the_services_refusals_are_said_in_the_pages_language_and_others_as_they_came() {
        let named = [
            Refusal::NotRegisteredYet("5CG1".into()),
            Refusal::ProfileNotEnabled(Profile::Kiosk),
            Refusal::ProfileNoLongerEnabled(Profile::PowerUser),
            Refusal::SyncTooSoon(1),
            Refusal::SyncTooSoon(4),
        ];
        for r in Refusal::PLAIN.into_iter().chain(named) {
            let english = r.text();
            assert_eq!(
                refusal(Lang::En, &english),
                english,
                "the catalogue says what the service says"
            );
            assert_ne!(refusal(Lang::Nl, &english), english);
        }
        assert_eq!(
            refusal(Lang::Nl, &Refusal::ProfileNotEnabled(Profile::Kiosk).text()),
            "Het profiel Kiosk is niet ingeschakeld voor deze organisatie."
        );
        assert!(
            refusal(Lang::Nl, &Refusal::SyncTooSoon(1).text()).ends_with("over 1 minuut opnieuw.")
        );
        assert!(refusal(Lang::En, &Refusal::SyncTooSoon(2).text()).ends_with("in 2 minutes."));
        let domains = ["contoso.com".to_owned()];
        for typed in [
            "megan",
            "megan@fabrikam.com",
            "@contoso.com",
            "a b@contoso.com",
            "me@x",
        ] {
            assert_eq!(
                assignment(Lang::En, typed, &domains),
                upn::check_assignment(typed, &domains),
                "the service's words for {typed}"
            );
            let dutch = assignment(Lang::Nl, typed, &domains).expect_err("wrong in Dutch too");
            assert!(dutch.contains(typed), "{dutch}");
            assert!(
                dutch.contains("geen user principal name")
                    || dutch.contains("niet een van de domeinen"),
                "{dutch}"
            );
        }
        assert!(assignment(Lang::Nl, "megan@contoso.com", &domains).is_ok());
        assert_eq!(
            actor(Lang::Nl, DEMO_ACTOR),
            "Demobeheerder (geen aanmelding)"
        );
        assert_eq!(actor(Lang::Nl, "megan@contoso.com"), "megan@contoso.com");
        let recorded = detail::refused(&detail::profile(Profile::SensitiveData), 2, 5);
        assert_eq!(audit_detail(Lang::En, &recorded), recorded);
        assert_eq!(
            audit_detail(Lang::Nl, &recorded),
            "Profiel: Gevoelige gegevens; 2 van 5 apparaten niet gewijzigd"
        );
        for english in [
            detail::user("megan@contoso.com"),
            detail::advanced(7),
            detail::faults(3),
            detail::seeded(20),
            detail::reset(4, 42),
        ] {
            assert_eq!(audit_detail(Lang::En, &english), english);
            assert_ne!(audit_detail(Lang::Nl, &english), english);
        }
        assert_eq!(
            audit_detail(Lang::Nl, &detail::faults(1)),
            "De volgende registratie mislukt"
        );
        assert_eq!(
            audit_detail(Lang::En, &detail::reset(1, 42)),
            "1 device removed, 42 demo devices seeded"
        );
        assert_eq!(audit_detail(Lang::Nl, "Something else"), "Something else");
        let graphs = "Graph refused the request (HTTP 400).";
        assert_eq!(refusal(Lang::Nl, graphs), graphs);
    }
}
