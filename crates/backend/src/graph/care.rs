//! What the portal adds to a real tenant beside registering (docs/graph.md): the Assigned Users
//! checked against the directory before anything is sent, the Autopilot sync (where it stands,
//! and a request for one: the portal asks once a registration is done, within Autopilot's limit
//! of one request per 10 minutes), and a device's Autopilot profile assignment for its details.

use super::wire::{License, Page};
use super::{refusal, GraphBackend};
use crate::http::send::Replay;
use crate::http::{Method, Transport};
use autopilot_i18n::{t, Lang};
use autopilot_service::device::RealTime;
use autopilot_service::refusal::Refusal;
use portal_model::backend::{AutopilotSync, BackendError, Fact, UserStanding};
use serde::Deserialize;

const SETTINGS: &str = "/deviceManagement/windowsAutopilotSettings";

/// `windowsAutopilotSettings`.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Settings {
    #[serde(default)]
    last_sync_date_time: Option<String>,
    #[serde(default)]
    last_manual_sync_trigger_date_time: Option<String>,
    #[serde(default)]
    sync_status: Option<String>,
}

/// A Graph time; `0001-01-01T00:00:00Z` (Graph's "never") and nonsense are `None`.
fn time(text: Option<&str>) -> Option<RealTime> {
    text.and_then(autopilot_api::parse_iso)
        .filter(|t| t.0 > 0)
        .map(|t| RealTime(t.0))
}

/// A user principal name as one segment of a Graph path: everything but letters, digits and
/// `-._~@` percent-encoded (a guest's `#EXT#` included).
fn segment(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~@".contains(&b) {
            out.push(char::from(b));
        } else {
            const HEX: &[u8; 16] = b"0123456789ABCDEF";
            out.push('%');
            out.push(char::from(HEX[usize::from(b >> 4)]));
            out.push(char::from(HEX[usize::from(b & 15)]));
        }
    }
    out
}

/// `deploymentProfileAssignmentStatus` in words.
fn assignment(lang: Lang, status: &str) -> String {
    match status {
        "assignedInSync" => t!(lang, "fact-assigned"),
        "assignedOutOfSync" => t!(lang, "fact-assigned-out-of-sync"),
        "assignedUnkownSyncState" | "assignedUnknownSyncState" => {
            t!(lang, "fact-assigned-unknown-sync")
        }
        "notAssigned" => t!(lang, "fact-not-assigned"),
        "pending" => t!(lang, "fact-assigning"),
        "failed" => t!(lang, "fact-assignment-failed"),
        _ => t!(lang, "fact-unknown"),
    }
}

/// `enrollmentState` in words.
fn enrollment(lang: Lang, state: &str) -> String {
    match state {
        "enrolled" => t!(lang, "fact-enrolled"),
        "pendingReset" => t!(lang, "fact-pending-reset"),
        "failed" => t!(lang, "fact-enrollment-failed"),
        "notContacted" => t!(lang, "fact-not-contacted"),
        _ => t!(lang, "fact-unknown"),
    }
}

impl<T: Transport> GraphBackend<T> {
    /// Each user's standing: `GET /users/{upn}/licenseDetails` answers both questions, a 404
    /// `Request_ResourceNotFound` when the directory has no such user, no licence with an
    /// Intune service plan when the user cannot enrol a device.
    pub(super) async fn users(&self, users: &[String]) -> Result<Vec<UserStanding>, BackendError> {
        let mut answers = Vec::with_capacity(users.len());
        for user in users {
            let path = format!("/users/{}/licenseDetails", segment(user.trim()));
            let reply = self
                .http
                .send(Method::Get, &path, None, &[], Replay::Safe)
                .await?;
            answers.push(match reply.status {
                200 => {
                    let page: Page<License> = serde_json::from_str(&reply.body).map_err(|e| {
                        BackendError::Unavailable(format!(
                            "Graph sent licence details this portal cannot read ({e})"
                        ))
                    })?;
                    if page.value.iter().any(License::has_intune) {
                        UserStanding::Licensed
                    } else {
                        UserStanding::Unlicensed
                    }
                }
                // Graph's "no such user"; any other 404 (a wrong graphBase, a proxy) is no answer.
                404 if reply.body.contains("Request_ResourceNotFound") => UserStanding::NotFound,
                status => {
                    return Err(refusal(
                        self.http.lang,
                        status,
                        &reply.body,
                        reply.request_id,
                    ))
                }
            });
        }
        Ok(answers)
    }

    /// Where the sync stands.
    pub(super) async fn sync_state(&self) -> Result<AutopilotSync, BackendError> {
        let settings: Settings = self.http.get(SETTINGS).await?;
        Ok(AutopilotSync {
            last_sync: time(settings.last_sync_date_time.as_deref()),
            last_requested: time(settings.last_manual_sync_trigger_date_time.as_deref()),
            running: settings.sync_status.as_deref() == Some("inProgress"),
        })
    }

    /// Asks for a sync, once (a 409 or 429 is the answer, not a reason to wait).
    pub(super) async fn sync_now(&self) -> Result<AutopilotSync, BackendError> {
        let reply = self
            .http
            .send(
                Method::Post,
                &format!("{SETTINGS}/sync"),
                None,
                &[],
                Replay::Once,
            )
            .await?;
        match reply.status {
            200..=299 => self.sync_state().await,
            409 => Err(BackendError::Refused(Refusal::SyncRunning.text())),
            429 => {
                // Graph says how long; Autopilot's rule is one sync request in 10 minutes.
                let minutes = reply
                    .retry_after
                    .map_or(10, |seconds| seconds.div_ceil(60).max(1));
                Err(BackendError::Refused(Refusal::SyncTooSoon(minutes).text()))
            }
            status => Err(refusal(
                self.http.lang,
                status,
                &reply.body,
                reply.request_id,
            )),
        }
    }

    /// What Graph says of the device beside the table's columns.
    pub(super) async fn device_facts(&self, id: &str) -> Result<Vec<Fact>, BackendError> {
        let lang = self.http.lang;
        let fact = |label: String, value: String| Fact { label, value };
        Ok(match self.autopilot_device(&self.target(id)).await? {
            Some(device) => vec![
                fact(
                    t!(lang, "fact-autopilot-profile"),
                    assignment(
                        lang,
                        device
                            .deployment_profile_assignment_status
                            .as_deref()
                            .unwrap_or(""),
                    ),
                ),
                fact(
                    t!(lang, "fact-enrollment"),
                    enrollment(lang, device.enrollment_state.as_deref().unwrap_or("")),
                ),
            ],
            // Not an Autopilot device (an import record, running or failed): nothing more.
            None => Vec::new(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn user_names_are_one_path_segment() {
        assert_eq!(
            segment("adele.vance@contoso.com"),
            "adele.vance@contoso.com"
        );
        assert_eq!(
            segment("guest_fabrikam.com#EXT#@contoso.onmicrosoft.com"),
            "guest_fabrikam.com%23EXT%23@contoso.onmicrosoft.com"
        );
        assert_eq!(segment("o'neil/../x?y"), "o%27neil%2F..%2Fx%3Fy");
    }

    #[test]
    fn graphs_never_is_no_time() {
        assert_eq!(time(Some("0001-01-01T00:00:00Z")), None);
        assert_eq!(time(Some("nonsense")), None);
        assert_eq!(time(None), None);
        assert!(time(Some("2026-12-05T10:00:00Z")).is_some());
    }
}
