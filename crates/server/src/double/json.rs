//! Graph's JSON shapes (docs/graph.md §2, §4, §6, §9), paging with `$skiptoken`, and the one
//! `$filter` the device list takes.

use super::state::{GraphTenant, ImportItem, ImportStatus, ImportedRecord, Outcome};
use super::GraphError;
use autopilot_api::audit::iso_real;
use autopilot_api::iso;
use autopilot_service::device::{Device, RealTime};
use autopilot_service::service::TenantInfo;
use serde::Deserialize;
use serde_json::{json, Value};

/// Graph's `lastContactedDateTime` for a device that never contacted the service.
use autopilot_api::NEVER;

/// One item of an import request.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ImportedIn {
    #[serde(default)]
    serial_number: Option<String>,
    #[serde(default)]
    product_key: Option<String>,
    #[serde(default)]
    hardware_identifier: Option<String>,
    #[serde(default)]
    group_tag: Option<String>,
    #[serde(default)]
    assigned_user_principal_name: Option<String>,
}

impl ImportedIn {
    /// The item, or Graph's 400 for a hash that is not `Edm.Binary` (base64 with its padding).
    pub fn item(self) -> Result<ImportItem, GraphError> {
        let hash = self.hardware_identifier.filter(|h| !h.is_empty());
        if let Some(hash) = &hash {
            let valid = hash.len().is_multiple_of(4)
                && hash
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'='));
            if !valid {
                let shown: String = hash.chars().take(40).collect();
                return Err(GraphError::bad_request(format!(
                    "Cannot convert the literal '{shown}' to the expected type 'Edm.Binary'."
                )));
            }
        }
        Ok(ImportItem {
            serial: self.serial_number.unwrap_or_default(),
            product_key: self.product_key.unwrap_or_default(),
            hash,
            group_tag: self.group_tag.unwrap_or_default(),
            assigned_user: self.assigned_user_principal_name.unwrap_or_default(),
        })
    }
}

/// An `importedWindowsAutopilotDeviceIdentity`.
pub fn imported(record: &ImportedRecord, status: ImportStatus) -> Value {
    let (code, name) = match &record.outcome {
        Some(Outcome::Error { code, name }) => (*code, name.as_str()),
        _ => (0, ""),
    };
    let registration = match status {
        ImportStatus::Complete => record.device_id.as_str(),
        _ => "",
    };
    json!({
        "@odata.type": "#microsoft.graph.importedWindowsAutopilotDeviceIdentity",
        "id": record.id,
        "groupTag": record.item.group_tag,
        "serialNumber": record.item.serial,
        "productKey": record.item.product_key,
        "importId": "",
        "hardwareIdentifier": record.item.hash,
        "assignedUserPrincipalName": record.item.assigned_user,
        "state": {
            "@odata.type": "microsoft.graph.importedWindowsAutopilotDeviceIdentityState",
            "deviceImportStatus": status.as_str(),
            "deviceRegistrationId": registration,
            "deviceErrorCode": code,
            "deviceErrorName": name,
        },
    })
}

/// A `windowsAutopilotDeviceIdentity` at tenant time `now`.
pub fn device(d: &Device, profile_status: &str) -> Value {
    let (state, contacted) = match d.last_seen {
        None => ("notContacted", NEVER.to_owned()),
        Some(seen) => ("enrolled", iso(seen)),
    };
    json!({
        "@odata.type": "#microsoft.graph.windowsAutopilotDeviceIdentity",
        "id": d.id,
        "groupTag": d.group_tag,
        "purchaseOrderIdentifier": "",
        "serialNumber": d.serial,
        "productKey": "",
        "manufacturer": d.manufacturer,
        "model": d.model,
        "enrollmentState": state,
        "lastContactedDateTime": contacted,
        "addressableUserName": "",
        "userPrincipalName": d.assigned_user,
        "resourceName": "",
        "skuNumber": "",
        "systemFamily": "",
        "azureActiveDirectoryDeviceId": "",
        "managedDeviceId": "",
        "displayName": "",
        "deploymentProfileAssignmentStatus": profile_status,
    })
}

/// `windowsAutopilotSettings` at `now`.
pub fn settings(tenant: &GraphTenant, now: RealTime, base: &str) -> Value {
    let (asked, done) = tenant.sync_times();
    let status = match done {
        None => "unknown",
        Some(done) if done > now => "inProgress",
        Some(_) => "completed",
    };
    let time = |t: Option<RealTime>| t.map_or(NEVER.to_owned(), iso_real);
    json!({
        "@odata.context": format!("{base}/$metadata#deviceManagement/windowsAutopilotSettings/$entity"),
        "id": "windowsAutopilotSettings",
        "lastSyncDateTime": time(done.filter(|d| *d <= now)),
        "lastManualSyncTriggerDateTime": time(asked),
        "syncStatus": status,
    })
}

/// `/organization`: the tenant with its verified domains (the first is the default).
pub fn organization(info: &TenantInfo, base: &str) -> Value {
    let domains: Vec<Value> = info
        .domains
        .iter()
        .enumerate()
        .map(|(i, name)| {
            json!({
                "capabilities": "Email, OfficeCommunicationsOnline",
                "isDefault": i == 0,
                "isInitial": name.ends_with(".onmicrosoft.com"),
                "name": name,
                "type": "Managed",
            })
        })
        .collect();
    json!({
        "@odata.context": format!("{base}/$metadata#organization"),
        "value": [{
            "id": "7d6b0d3a-0000-4000-8000-00000000c0de",
            "displayName": info.name,
            "verifiedDomains": domains,
        }],
    })
}

/// A user's object id (stable, GUID-shaped, from the name).
pub fn user_id(upn: &str) -> String {
    let sum = upn.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
    });
    format!(
        "{:08x}-{:04x}-4000-8000-{:012x}",
        sum >> 32,
        (sum >> 16) & 0xFFFF,
        sum & 0xFFFF_FFFF_FFFF
    )
}

/// `/users/{id}`.
pub fn user(upn: &str) -> Value {
    let name = upn.split('@').next().unwrap_or(upn).replace('.', " ");
    json!({
        "id": user_id(upn),
        "userPrincipalName": upn,
        "displayName": name,
        "mail": upn,
    })
}

/// Users of the double's directory who hold no licence (for the portal's licence warning).
pub const UNLICENSED: &[&str] = &["irvin.sayers@contoso.com"];

/// Users of the double's directory whose only licence has no Intune in it.
pub const WITHOUT_INTUNE: &[&str] = &["lee.gu@contoso.com"];

/// `/users/{id}/licenseDetails`: Microsoft 365 E3 for everyone but [`UNLICENSED`] (none) and
/// [`WITHOUT_INTUNE`] (Teams Exploratory).
pub fn licenses(upn: &str, base: &str) -> Value {
    let is = |list: &[&str]| list.iter().any(|u| u.eq_ignore_ascii_case(upn));
    let value = if is(UNLICENSED) {
        Vec::new()
    } else if is(WITHOUT_INTUNE) {
        vec![json!({
            "id": format!("lic-{}", user_id(upn)),
            "skuId": "710779e8-3d4a-4c88-adb9-386c958d1fdf",
            "skuPartNumber": "TEAMS_EXPLORATORY",
            "servicePlans": [{
                "servicePlanId": "57ff2da0-773e-42df-b2af-ffb7a2317929",
                "servicePlanName": "TEAMS1",
                "provisioningStatus": "Success",
                "appliesTo": "User",
            }],
        })]
    } else {
        vec![json!({
            "id": format!("lic-{}", user_id(upn)),
            "skuId": "05e9a617-0261-4cee-bb44-138d3ef5d965",
            "skuPartNumber": "SPE_E3",
            "servicePlans": [{
                "servicePlanId": "c1ec4a95-1f05-45b3-a911-aa3fa01094f5",
                "servicePlanName": "INTUNE_A",
                "provisioningStatus": "Success",
                "appliesTo": "User",
            }],
        })]
    };
    json!({
        "@odata.context": format!("{base}/$metadata#users('{}')/licenseDetails", user_id(upn)),
        "value": value,
    })
}

/// `$top` and `$skiptoken` of a list request.
pub struct Page {
    top: usize,
    skip: usize,
}

impl Page {
    /// Reads `$top` (1 to `max`) and `$skiptoken` (what the previous page's link carried).
    pub fn parse(
        query: &[(String, String)],
        default: usize,
        max: usize,
    ) -> Result<Page, GraphError> {
        let mut page = Page {
            top: default,
            skip: 0,
        };
        for (key, value) in query {
            match key.as_str() {
                "$top" => {
                    page.top = value
                        .parse()
                        .ok()
                        .filter(|n| (1..=max).contains(n))
                        .ok_or_else(|| {
                            GraphError::bad_request(format!("Invalid $top: {value:?}; 1 to {max}."))
                        })?
                }
                "$skiptoken" => {
                    page.skip = value
                        .strip_prefix("Skip~")
                        .and_then(|n| n.parse().ok())
                        .ok_or_else(|| GraphError::bad_request("Invalid $skiptoken."))?
                }
                "$filter" => {}
                other if other.starts_with('$') => {
                    return Err(GraphError::bad_request(format!(
                        "Query option '{other}' is not supported here."
                    )))
                }
                _ => {}
            }
        }
        Ok(page)
    }

    /// This page of `all`, with `@odata.nextLink` (the same query, the next `$skiptoken`) when
    /// more follow.
    pub fn answer(&self, base: &str, path: &str, all: Vec<Value>) -> Value {
        let total = all.len();
        let value: Vec<Value> = all.into_iter().skip(self.skip).take(self.top).collect();
        let mut answer = json!({
            "@odata.context": format!("{base}/$metadata#{path}"),
            "value": value,
        });
        let next = self.skip + self.top;
        if next < total {
            answer["@odata.nextLink"] = json!(format!(
                "{base}/{path}?$top={}&$skiptoken=Skip~{next}",
                self.top
            ));
        }
        answer
    }
}

/// The device list's `$filter`: `contains(serialNumber,'…')` only (Graph refuses `eq` on
/// serialNumber); `None` without a filter.
pub fn serial_filter(query: &[(String, String)]) -> Result<Option<String>, GraphError> {
    let Some((_, filter)) = query.iter().find(|(k, _)| k == "$filter") else {
        return Ok(None);
    };
    let inner = filter
        .trim()
        .strip_prefix("contains(serialNumber,")
        .and_then(|rest| rest.strip_suffix(')'))
        .map(str::trim)
        .and_then(|quoted| quoted.strip_prefix('\'')?.strip_suffix('\''))
        .filter(|s| !s.contains('\'') || s.contains("''"));
    match inner {
        Some(part) => Ok(Some(part.replace("''", "'"))),
        None => Err(GraphError::bad_request(format!(
            "Invalid filter clause: only contains(serialNumber,'…') is supported, not {:?}.",
            filter.chars().take(100).collect::<String>()
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    #[test]
    fn the_filter_takes_contains_on_the_serial_only() {
        assert_eq!(serial_filter(&q(&[])).ok(), Some(None));
        assert_eq!(
            serial_filter(&q(&[("$filter", "contains(serialNumber,'5CG')")])).ok(),
            Some(Some("5CG".into()))
        );
        assert_eq!(
            serial_filter(&q(&[("$filter", "contains(serialNumber,'O''Neil')")])).ok(),
            Some(Some("O'Neil".into()))
        );
        assert!(serial_filter(&q(&[("$filter", "serialNumber eq '5CG'")])).is_err());
    }

    #[test]
    fn pages_link_to_the_next_and_the_last_has_no_link() {
        let all: Vec<Value> = (0..5).map(|n| json!(n)).collect();
        let first = Page::parse(&q(&[("$top", "2")]), 100, 1000).expect("page");
        let answer = first.answer("http://g/v1.0", "things", all.clone());
        assert_eq!(answer["value"], json!([0, 1]));
        let link = answer["@odata.nextLink"].as_str().expect("a next link");
        assert_eq!(link, "http://g/v1.0/things?$top=2&$skiptoken=Skip~2");
        let last =
            Page::parse(&q(&[("$top", "2"), ("$skiptoken", "Skip~4")]), 100, 1000).expect("page");
        let answer = last.answer("http://g/v1.0", "things", all);
        assert_eq!(answer["value"], json!([4]));
        assert!(answer.get("@odata.nextLink").is_none());
        assert!(Page::parse(&q(&[("$skiptoken", "4")]), 100, 1000).is_err());
        assert!(Page::parse(&q(&[("$top", "0")]), 100, 1000).is_err());
    }
}
