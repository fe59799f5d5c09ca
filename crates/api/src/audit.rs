//! The audit log and the signed-in account on the wire: Intune's `auditEvent` shape (spec §8,
//! `GET /deviceManagement/auditEvents`) and `GET /mmd/v1/me`.

use crate::time::{iso, parse_iso};
use autopilot_service::audit::{Activity, Actor, AuditEvent, AuditResource, Role};
use autopilot_service::device::{RealTime, TenantTime};
use serde::{Deserialize, Serialize};

/// `@odata.type` of an audit event.
pub const AUDIT_EVENT_TYPE: &str = "#microsoft.graph.auditEvent";

/// Graph's `resources[].type` of a device.
pub const DEVICE_RESOURCE_TYPE: &str = "windowsAutopilotDeviceIdentity";

/// `2026-11-23T09:41:07.250Z` for a real (not demo-clock) time.
pub fn iso_real(at: RealTime) -> String {
    iso(TenantTime(at.0))
}

/// A real time read from ISO 8601, as [`parse_iso`] reads it.
pub fn parse_iso_real(text: &str) -> Option<RealTime> {
    parse_iso(text).map(|t| RealTime(t.0))
}

/// One event of `GET /deviceManagement/auditEvents`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AuditEventJson {
    /// Always [`AUDIT_EVENT_TYPE`].
    #[serde(rename = "@odata.type")]
    pub odata_type: String,
    /// Event id.
    pub id: String,
    /// Same as `activity`.
    pub display_name: String,
    /// `Enrollment`, as Intune files Autopilot changes.
    pub category: String,
    /// `DeviceRegistration`.
    pub component_name: String,
    /// What was done (`Import windowsAutopilotDeviceIdentity`…).
    pub activity: String,
    /// When, ISO 8601 UTC.
    pub activity_date_time: String,
    /// `Create`, `Delete`, `Patch` or `Action`.
    pub activity_type: String,
    /// Same as `activityType`.
    pub activity_operation_type: String,
    /// `Success`: only changes that happened are recorded.
    pub activity_result: String,
    /// The request id of the change.
    pub correlation_id: String,
    /// Who.
    pub actor: AuditActorJson,
    /// The devices changed.
    pub resources: Vec<AuditResourceJson>,
    /// What else changed, in words.
    #[serde(
        rename = "@mmd.detail",
        default,
        skip_serializing_if = "String::is_empty"
    )]
    pub detail: String,
    /// The activity as the service names it (`Import`, `Remove`…).
    #[serde(rename = "@mmd.activity")]
    pub mmd_activity: Activity,
}

/// Graph's `auditActor`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AuditActorJson {
    /// `ItPro`: an admin in a portal.
    #[serde(rename = "type")]
    pub kind: String,
    /// The account's user principal name.
    pub user_principal_name: String,
    /// The account's object id (Graph's name).
    pub user_id: String,
    /// The same object id, as `actor.id`.
    pub id: String,
}

/// Graph's `auditResource`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AuditResourceJson {
    /// The device's serial number.
    pub display_name: String,
    /// [`DEVICE_RESOURCE_TYPE`].
    #[serde(rename = "type")]
    pub kind: String,
    /// The device id.
    pub resource_id: String,
}

impl AuditEventJson {
    /// An event as Graph answers it.
    pub fn of(event: &AuditEvent) -> Self {
        AuditEventJson {
            odata_type: AUDIT_EVENT_TYPE.into(),
            id: event.id.clone(),
            display_name: event.activity.name().into(),
            category: "Enrollment".into(),
            component_name: "DeviceRegistration".into(),
            activity: event.activity.name().into(),
            activity_date_time: iso_real(event.at),
            activity_type: event.activity.kind().into(),
            activity_operation_type: event.activity.kind().into(),
            activity_result: "Success".into(),
            correlation_id: event.correlation_id.clone(),
            actor: AuditActorJson {
                kind: "ItPro".into(),
                user_principal_name: event.actor.user_principal_name.clone(),
                user_id: event.actor.id.clone(),
                id: event.actor.id.clone(),
            },
            resources: event
                .resources
                .iter()
                .map(|r| AuditResourceJson {
                    display_name: r.serial.clone(),
                    kind: DEVICE_RESOURCE_TYPE.into(),
                    resource_id: r.id.clone(),
                })
                .collect(),
            detail: event.detail.clone(),
            mmd_activity: event.activity,
        }
    }

    /// The event this answer describes.
    pub fn event(&self) -> Result<AuditEvent, String> {
        let at = parse_iso_real(&self.activity_date_time).ok_or_else(|| {
            format!(
                "the audit event {} has an unreadable time {:?}",
                self.id, self.activity_date_time
            )
        })?;
        Ok(AuditEvent {
            id: self.id.clone(),
            at,
            actor: Actor {
                user_principal_name: self.actor.user_principal_name.clone(),
                id: self.actor.user_id.clone(),
            },
            activity: self.mmd_activity,
            correlation_id: self.correlation_id.clone(),
            resources: self
                .resources
                .iter()
                .map(|r| AuditResource {
                    id: r.resource_id.clone(),
                    serial: r.display_name.clone(),
                })
                .collect(),
            detail: self.detail.clone(),
        })
    }
}

/// `GET /mmd/v1/me`: who the server takes the caller to be.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MeJson {
    /// The account's user principal name (or the demo administrator's name).
    pub user_principal_name: String,
    /// The account's object id; empty without sign-in.
    pub id: String,
    /// The account's display name (the token's `name`), or the user principal name.
    pub display_name: String,
    /// What the account may do.
    pub role: Role,
    /// Whether the server checks sign-in (false: a demo server on loopback).
    pub sign_in_required: bool,
}
