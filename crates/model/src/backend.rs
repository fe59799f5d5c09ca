//! The boundary between the portal and a registration service: one trait, the types that cross
//! it, and nothing of the browser. The portal implements it in `src/backend/` (embedded,
//! in-browser; HTTP); [`crate::conformance`] is the behaviour every implementation must show.

use crate::auth::Account;
use autopilot_i18n::{t, Lang};
use autopilot_service::audit::AuditEvent;
#[cfg(doc)]
use autopilot_service::bulk::MAX_BULK;
use autopilot_service::bulk::{BulkAction, BulkResult};
use autopilot_service::device::{Device, Millis, Profile, RealTime};
use autopilot_service::service::{Submission, TenantInfo};
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;

/// A future of a backend call; not `Send`, as browser futures are not.
pub type BackendFuture<'a, T> = Pin<Box<dyn Future<Output = Result<T, BackendError>> + 'a>>;

/// Why a backend call failed, in words an admin can act on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BackendError {
    /// The service refused the request; the text says why.
    Refused(String),
    /// Browser storage failed (quota, private mode…).
    Storage(String),
    /// The service could not be reached or answered nonsense.
    Unavailable(String),
    /// The service did not accept the sign-in (401): the session expired or was revoked.
    SignIn(String),
}

/// In English, as [`BackendError::message`] says it (logs, tests).
impl fmt::Display for BackendError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message(Lang::En))
    }
}

impl BackendError {
    /// What the portal shows, in `lang`. The inner text is the source's own (the service's
    /// refusal, the browser's or Graph's words), shown as it came.
    pub fn message(&self, lang: Lang) -> String {
        match self {
            BackendError::Refused(why) => crate::words::refusal(lang, why),
            BackendError::Storage(why) => t!(lang, "error-storage", why = why.as_str()),
            BackendError::Unavailable(why) => t!(lang, "error-unavailable", why = why.as_str()),
            BackendError::SignIn(why) => t!(lang, "error-sign-in", why = why.as_str()),
        }
    }
}

/// Everything the workspace shows after a load.
#[derive(Debug, Clone, PartialEq)]
pub struct Snapshot {
    /// Organisation, domains, profiles.
    pub tenant: TenantInfo,
    /// Every device.
    pub devices: Vec<Device>,
    /// How far the tenant clock runs ahead of this browser's clock (the demo clock, and for the
    /// HTTP backend also the difference between the server's clock and ours).
    pub clock_offset: Millis,
    /// Devices the backend has but could not be read, one line each (kept, never deleted).
    pub unreadable: Vec<String>,
}

/// Why the backend is waiting before it sends a request again.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WaitReason {
    /// The service asked us to slow down (429 or 503 with `Retry-After`).
    Busy,
    /// The service could not be reached; the text says what failed.
    Unreachable(String),
}

/// The backend is waiting to try a request again; views show it so nothing looks frozen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Waiting {
    /// Why.
    pub reason: WaitReason,
    /// Real time of the next attempt.
    pub until: RealTime,
    /// The attempt about to be made (2 is the first retry).
    pub attempt: u32,
    /// The last attempt before the backend gives up.
    pub max_attempts: u32,
}

/// Told about waits: `(request, Some(wait))` when a request starts (or goes on) waiting,
/// `(request, None)` when it is done, however it ended. Requests run at the same time each have
/// their own number, so one finishing does not hide another's wait.
pub type WaitObserver = Rc<dyn Fn(u64, Option<Waiting>)>;

/// The answer to [`Backend::refresh`].
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Refreshed {
    /// The devices asked for that still exist, as they are now.
    pub devices: Vec<Device>,
    /// Devices asked for that exist but could not be read: (id, why).
    pub unreadable: Vec<(String, String)>,
}

/// Demo controls for UX reviews.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DemoAction {
    /// The assigned users of these devices sign in (Ready for user → Active), all or none.
    SignIn(Vec<String>),
    /// Moves the clock forward by whole days (Active → Inactive after 7 days without use).
    AdvanceClock(u32),
    /// The next `n` registrations fail with Unexpected error.
    InjectFaults(u32),
    /// Throws away all data and seeds the demo tenant again.
    Reset,
    /// Adds this many synthetic devices in every state (`autopilot_service::demo::seed`), to try
    /// the workspace at scale.
    Seed(u32),
}

/// Which part of the audit log to read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AuditQuery {
    /// Only changes by this account (its user principal name, without case).
    pub actor: Option<String>,
    /// Only changes at or after this time.
    pub since: Option<RealTime>,
    /// Where the previous page ended ([`AuditPage::next`]); `None` for the newest.
    pub next: Option<String>,
}

impl AuditQuery {
    /// Events a page holds.
    pub const PAGE: usize = 50;

    /// Whether `event` is one this query asks for (ignoring the page).
    pub fn matches(&self, event: &AuditEvent) -> bool {
        self.actor.as_ref().is_none_or(|a| {
            a.trim()
                .eq_ignore_ascii_case(event.actor.user_principal_name.trim())
        }) && self.since.is_none_or(|since| event.at >= since)
    }
}

/// The devices an event names, as the audit log lists them: "None", "5CG1", "5CG1, 5CG2 and
/// 3 more" (five devices).
pub fn audit_targets(event: &AuditEvent, lang: Lang) -> String {
    const SHOWN: usize = 3;
    let serials: Vec<&str> = event
        .resources
        .iter()
        .map(|r| {
            if r.serial.is_empty() {
                r.id.as_str()
            } else {
                r.serial.as_str()
            }
        })
        .collect();
    match serials.len() {
        0 => t!(lang, "audit-no-targets"),
        n if n <= SHOWN => serials.join(", "),
        n => t!(
            lang,
            "names-and-more",
            names = serials[..SHOWN - 1].join(", "),
            n = crate::locale::number(n - (SHOWN - 1))
        ),
    }
}

/// A page of the audit log, newest first.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AuditPage {
    /// The events.
    pub events: Vec<AuditEvent>,
    /// Where the next (older) page starts, when there is one.
    pub next: Option<String>,
}

/// What a real tenant's directory says of an Assigned User ([`Backend::check_users`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UserStanding {
    /// No user of that name.
    NotFound,
    /// The user exists but holds no licence with Intune in it: the device can be registered,
    /// not enrolled for this user.
    Unlicensed,
    /// The user exists and holds a licence with Intune.
    Licensed,
}

/// A fact a backend knows of one device beyond the table's columns (a real tenant's Autopilot
/// profile assignment), for its details.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fact {
    /// What it is ("Autopilot profile").
    pub label: String,
    /// What it says.
    pub value: String,
}

/// Where the Autopilot service's sync of a real tenant with Intune stands.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AutopilotSync {
    /// When the last sync finished (`None`: never).
    pub last_sync: Option<RealTime>,
    /// When a sync was last asked for (`None`: never).
    pub last_requested: Option<RealTime>,
    /// Whether one is running now.
    pub running: bool,
}

impl AutopilotSync {
    /// Autopilot takes one sync request in this long (a 429 within it).
    pub const INTERVAL: Millis = Millis(10 * 60 * 1_000);

    /// How long after a look at a running sync to look again.
    pub const RUNNING_LOOK_AGAIN: Millis = Millis(60 * 1_000);

    /// When Autopilot takes the next sync request, seen at `now`; `None` when it takes one now.
    /// While a sync runs (a request then is a 409), the answer is a look again a minute later.
    pub fn next_request(&self, now: RealTime) -> Option<RealTime> {
        if self.running {
            return Some(now + Self::RUNNING_LOOK_AGAIN);
        }
        self.last_requested
            .map(|asked| asked + Self::INTERVAL)
            .filter(|next| *next > now)
    }
}

/// The registration service as the portal sees it.
pub trait Backend {
    /// The tenant and all its devices.
    fn load(&self) -> BackendFuture<'_, Snapshot>;
    /// Submits one batch (at most 500 devices); returns them as Registration Pending. `key`
    /// identifies the batch so a retried submission never registers a device twice.
    fn import(
        &self,
        batch: Vec<Submission>,
        profile: Profile,
        key: String,
    ) -> BackendFuture<'_, Vec<Device>>;
    /// The current state of these devices (used to follow pending registrations); ids the
    /// backend no longer has are left out.
    fn refresh(&self, ids: Vec<String>) -> BackendFuture<'_, Refreshed>;
    /// Removes a device (refused while pending).
    fn remove(&self, id: String) -> BackendFuture<'_, ()>;
    /// Changes a device's profile.
    fn change_profile(&self, id: String, profile: Profile) -> BackendFuture<'_, Device>;
    /// Submits a failed registration again.
    fn retry(&self, id: String) -> BackendFuture<'_, Device>;
    /// One change to many devices (at most [`MAX_BULK`]), stored at once and recorded as one
    /// audit event; one result per id, in the order asked. Refused whole when the request is
    /// wrong (a user outside the tenant, a profile not enabled).
    fn bulk(&self, action: BulkAction, ids: Vec<String>) -> BackendFuture<'_, Vec<BulkResult>>;
    /// Runs a demo control; returns the new snapshot.
    fn demo(&self, action: DemoAction) -> BackendFuture<'_, Snapshot>;
    /// Who is using the portal and what they may do.
    fn account(&self) -> BackendFuture<'_, Account>;
    /// A page of the audit log: every change, newest first.
    fn audit(&self, query: AuditQuery) -> BackendFuture<'_, AuditPage>;
    /// How many batches of a registration may be submitted at once: more than one where the
    /// service works on them side by side while the next is on its way.
    fn batches_in_flight(&self) -> usize {
        1
    }
    /// Whether it has the demo controls and its own audit log (a real tenant has neither: the
    /// portal does not show them).
    fn is_demo(&self) -> bool {
        true
    }
    /// What the tenant's directory says of these Assigned Users (UPNs as written), one answer
    /// each in the order asked; `None` when the backend has no directory to ask (the demo's
    /// users are checked by their domain alone).
    fn check_users(&self, _users: Vec<String>) -> BackendFuture<'_, Option<Vec<UserStanding>>> {
        Box::pin(async { Ok(None) })
    }
    /// What else the backend knows of the device `id`, for its details.
    fn facts(&self, _id: String) -> BackendFuture<'_, Vec<Fact>> {
        Box::pin(async { Ok(Vec::new()) })
    }
    /// Where the Autopilot sync stands; `None` when the backend has none (the service syncs
    /// by itself).
    fn autopilot_sync(&self) -> BackendFuture<'_, Option<AutopilotSync>> {
        Box::pin(async { Ok(None) })
    }
    /// Asks the Autopilot service to sync now; refused while one runs and within 10 minutes of
    /// the last.
    fn sync_autopilot(&self) -> BackendFuture<'_, AutopilotSync> {
        Box::pin(async {
            Err(BackendError::Refused(
                autopilot_service::refusal::Refusal::SyncsItself.text(),
            ))
        })
    }
    /// Whether the registered `device` lacks its profile's group tag, which the portal must
    /// then offer to add; `false` where the service adds it itself (its daily check).
    fn lacks_profile_tag(&self, _device: &Device) -> bool {
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use autopilot_service::audit::{Activity, Actor, AuditResource};

    fn event(serials: &[&str]) -> AuditEvent {
        AuditEvent {
            id: "1".into(),
            at: RealTime(5),
            actor: Actor {
                user_principal_name: "Megan@Contoso.com".into(),
                id: "o".into(),
            },
            activity: Activity::Import,
            correlation_id: String::new(),
            resources: serials
                .iter()
                .map(|s| AuditResource {
                    id: format!("id-{s}"),
                    serial: (*s).into(),
                })
                .collect(),
            detail: String::new(),
        }
    }

    #[test]
    fn autopilot_takes_a_sync_request_ten_minutes_after_the_last_and_not_while_one_runs() {
        let asked = RealTime(1_000_000);
        let sync = AutopilotSync {
            last_sync: None,
            last_requested: Some(asked),
            running: false,
        };
        let ten = asked + AutopilotSync::INTERVAL;
        assert_eq!(sync.next_request(asked + Millis(1)), Some(ten));
        assert_eq!(sync.next_request(ten - Millis(1)), Some(ten));
        assert_eq!(sync.next_request(ten), None);
        assert_eq!(
            AutopilotSync::default().next_request(asked),
            None,
            "never asked"
        );
        let running = AutopilotSync {
            running: true,
            ..sync
        };
        assert_eq!(
            running.next_request(ten + Millis(5)),
            Some(ten + Millis(5) + AutopilotSync::RUNNING_LOOK_AGAIN)
        );
    }

    #[test]
    fn targets_name_a_few_serials_and_count_the_rest() {
        assert_eq!(audit_targets(&event(&[]), Lang::En), "None");
        assert_eq!(audit_targets(&event(&[]), Lang::Nl), "Geen");
        assert_eq!(audit_targets(&event(&["A", "B", "C"]), Lang::Nl), "A, B, C");
        assert_eq!(
            audit_targets(&event(&["A", "B", "C", "D", "E"]), Lang::En),
            "A, B and 3 more"
        );
        assert_eq!(
            audit_targets(&event(&["A", "B", "C", "D", "E"]), Lang::Nl),
            "A, B en nog 3"
        );
        assert_eq!(audit_targets(&event(&[""]), Lang::En), "id-");
    }

    #[test]
    fn queries_match_the_actor_without_case_and_the_time_from_since() {
        let e = event(&["A"]);
        assert!(AuditQuery::default().matches(&e));
        let by = |a: &str| AuditQuery {
            actor: Some(a.into()),
            ..AuditQuery::default()
        };
        assert!(by(" megan@contoso.COM ").matches(&e));
        assert!(!by("adele@contoso.com").matches(&e));
        let since = |t: i64| AuditQuery {
            since: Some(RealTime(t)),
            ..AuditQuery::default()
        };
        assert!(since(5).matches(&e) && !since(6).matches(&e));
    }
}
