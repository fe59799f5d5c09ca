//! Microsoft Graph's Autopilot endpoints (spec §8), under `/api/graph/v1.0`.

use crate::auth::{Admin, Signed};
use crate::errors::ApiError;
use crate::filter::{Field, Filter};
use crate::routes::AppState;
use autopilot_api::limits::{
    DEFAULT_TOP, IDEMPOTENCY_KEY, MAX_BATCH, MAX_TOP, PREFER, PREFERENCE_APPLIED, REPLAYED,
    RETURN_MINIMAL,
};
use autopilot_api::paths::{self, API_BASE};
use autopilot_api::{
    enrollment_state, AutopilotIdentity, Collection, ImportRequest, ImportedIdentity,
};
use autopilot_service::audit::{detail, Activity};
use autopilot_service::batches::{valid_key, Imported, MAX_KEY_LEN};
use autopilot_service::device::{Device, Profile, RealTime};
use autopilot_service::service::{Service, Submission};
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;

const IMPORTED_CONTEXT: &str =
    "/api/graph/v1.0/$metadata#deviceManagement/importedWindowsAutopilotDeviceIdentities";
const IDENTITIES_CONTEXT: &str =
    "/api/graph/v1.0/$metadata#deviceManagement/windowsAutopilotDeviceIdentities";

/// `POST /deviceManagement/importedWindowsAutopilotDeviceIdentities/import`: registers a batch
/// (at most 500 devices, one profile). With an `Idempotency-Key`, a batch sent again returns the
/// first answer's devices (as they are now) and registers nothing. With `Prefer:
/// return=minimal` the answer leaves the hardware hashes out (`Preference-Applied` says so).
pub async fn import(
    State(app): State<AppState>,
    admin: Admin,
    headers: HeaderMap,
    Json(request): Json<ImportRequest>,
) -> Result<Response, ApiError> {
    let key = idempotency_key(&headers)?;
    let minimal = headers
        .get_all(PREFER)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .any(|p| p.trim().eq_ignore_ascii_case(RETURN_MINIMAL));
    if request.devices.len() > MAX_BATCH {
        return Err(ApiError::bad_request(format!(
            "A batch holds at most {MAX_BATCH} devices; this one holds {}. Send it in several requests.",
            request.devices.len()
        )));
    }
    let profile = batch_profile(&request)?;
    let submissions: Vec<Submission> = request.devices.iter().map(|d| d.submission()).collect();
    let product_keys: Vec<String> = request
        .devices
        .iter()
        .map(|d| d.product_key.clone().unwrap_or_default())
        .collect();

    let tenant = app.tenant(&admin.principal).await?;
    let mut tenant = tenant.lock().await;
    let (value, replayed) = tenant
        .change_keyed(
            admin.audit(Activity::Import),
            key.as_deref(),
            |service, now, changes, remembered| {
                let imported = service.import(
                    key.as_deref(),
                    remembered,
                    submissions,
                    profile,
                    now,
                    changes,
                )?;
                let replayed = matches!(imported, Imported::Replayed(_));
                changes.describe(detail::profile(profile));
                let tenant_now = service.now(now);
                // Product keys are accepted, not kept: answer the ones this request sent.
                let value = imported
                    .devices()
                    .iter()
                    .zip(
                        product_keys
                            .iter()
                            .map(String::as_str)
                            .chain(std::iter::repeat("")),
                    )
                    .map(|(d, key)| {
                        let mut identity = ImportedIdentity::of(d, key, tenant_now);
                        if minimal {
                            identity.hardware_identifier = None;
                        }
                        identity
                    })
                    .collect();
                Ok((value, replayed))
            },
        )
        .await?;
    let mut response = Json(collection(IMPORTED_CONTEXT, value, None)).into_response();
    if replayed {
        response
            .headers_mut()
            .insert(REPLAYED, HeaderValue::from_static("true"));
    }
    if minimal {
        response
            .headers_mut()
            .insert(PREFERENCE_APPLIED, HeaderValue::from_static(RETURN_MINIMAL));
    }
    Ok(response)
}

/// `GET /deviceManagement/importedWindowsAutopilotDeviceIdentities/{id}`: how an import went.
pub async fn get_import(
    State(app): State<AppState>,
    Signed(caller): Signed,
    Path(id): Path<String>,
) -> Result<Json<ImportedIdentity>, ApiError> {
    let tenant = app.tenant(&caller).await?;
    let mut tenant = tenant.lock().await;
    tenant
        .read(|service, now| {
            service
                .device(&id)
                .map(|d| ImportedIdentity::of(d, "", service.now(now)))
                .ok_or_else(|| no_device(&id))
        })
        .await
        .map(Json)
}

/// `GET /deviceManagement/windowsAutopilotDeviceIdentities`: the tenant's devices in submission
/// order, pending and failed ones included, with `$top`, `$filter` and `$skiptoken` paging.
pub async fn list(
    State(app): State<AppState>,
    Signed(caller): Signed,
    headers: HeaderMap,
    Query(params): Query<Vec<(String, String)>>,
) -> Result<Json<Collection<AutopilotIdentity>>, ApiError> {
    let query = ListQuery::parse(&params)?;
    let tenant = app.tenant(&caller).await?;
    let mut tenant = tenant.lock().await;
    let (value, last) = tenant
        .read(|service, now| Ok(page(service, &query, now)))
        .await?;
    let next_link = last.map(|last| next_link(&headers, &query, &last));
    Ok(Json(collection(IDENTITIES_CONTEXT, value, next_link)))
}

/// `GET /deviceManagement/windowsAutopilotDeviceIdentities/{id}`: one device.
pub async fn get_device(
    State(app): State<AppState>,
    Signed(caller): Signed,
    Path(id): Path<String>,
) -> Result<Json<AutopilotIdentity>, ApiError> {
    let tenant = app.tenant(&caller).await?;
    let mut tenant = tenant.lock().await;
    tenant
        .read(|service, now| {
            service
                .device(&id)
                .map(|d| AutopilotIdentity::of(d, service.now(now)))
                .ok_or_else(|| no_device(&id))
        })
        .await
        .map(Json)
}

/// `DELETE /deviceManagement/windowsAutopilotDeviceIdentities/{id}`: removes a device; 409 while
/// its registration is pending.
pub async fn delete_device(
    State(app): State<AppState>,
    admin: Admin,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    let tenant = app.tenant(&admin.principal).await?;
    let mut tenant = tenant.lock().await;
    tenant
        .change(admin.audit(Activity::Remove), |service, _, changes| {
            let removed = service.remove(&id)?;
            changes.delete(&removed);
            Ok(StatusCode::NO_CONTENT)
        })
        .await
}

/// The 404 for an unknown device id.
pub fn no_device(id: &str) -> ApiError {
    ApiError::not_found(format!(
        "No device has the id {id:?}. It may have been removed; refresh the list."
    ))
}

/// A Graph collection.
pub fn collection<T>(context: &str, value: Vec<T>, next_link: Option<String>) -> Collection<T> {
    Collection {
        context: context.to_owned(),
        value,
        next_link,
    }
}

fn idempotency_key(headers: &HeaderMap) -> Result<Option<String>, ApiError> {
    let Some(value) = headers.get(IDEMPOTENCY_KEY) else {
        return Ok(None);
    };
    match value.to_str() {
        Ok(key) if valid_key(key) => Ok(Some(key.to_owned())),
        _ => Err(ApiError::bad_request(format!(
            "The Idempotency-Key header must be 1 to {MAX_KEY_LEN} visible ASCII characters, e.g. a UUID."
        ))),
    }
}

/// The batch's one profile: `@mmd.profile` of every device, `Standard` when absent.
fn batch_profile(request: &ImportRequest) -> Result<Profile, ApiError> {
    let mut chosen: Option<Profile> = None;
    for item in &request.devices {
        let id = item.profile.as_deref().unwrap_or("Standard");
        let profile = Profile::from_id(id).ok_or_else(|| {
            ApiError::bad_request(format!(
                "Unknown profile {id:?} in @mmd.profile. Use Standard, SensitiveData, PowerUser or Kiosk."
            ))
        })?;
        match chosen {
            Some(p) if p != profile => {
                return Err(ApiError::bad_request(
                    "Every device of a batch must have the same @mmd.profile. Send one batch per profile.",
                ))
            }
            _ => chosen = Some(profile),
        }
    }
    Ok(chosen.unwrap_or(Profile::Standard))
}

/// The list's query options.
#[derive(Debug, Clone)]
struct ListQuery {
    top: usize,
    filter: Option<(String, Filter)>,
    after: Option<String>,
}

impl ListQuery {
    fn parse(params: &[(String, String)]) -> Result<ListQuery, ApiError> {
        let mut query = ListQuery {
            top: DEFAULT_TOP,
            filter: None,
            after: None,
        };
        for (name, value) in params {
            match name.as_str() {
                "$top" => query.top = parse_top(value)?,
                "$filter" => {
                    let filter = Filter::parse(value).map_err(|e| {
                        ApiError::new(StatusCode::BAD_REQUEST, "InvalidFilter", e.to_string())
                    })?;
                    query.filter = Some((value.clone(), filter));
                }
                "$skiptoken" => {
                    query.after = Some(decode_token(value).ok_or_else(|| {
                        ApiError::bad_request(
                            "The $skiptoken is not valid. Follow @odata.nextLink as given, or start again without it.",
                        )
                    })?)
                }
                other if other.starts_with('$') => {
                    return Err(ApiError::bad_request(format!(
                        "The query option {other} is not supported. Supported: $top, $filter, $skiptoken."
                    )))
                }
                _ => {}
            }
        }
        Ok(query)
    }
}

/// One page and, when there is more, the id of its last device.
fn page(
    service: &Service,
    query: &ListQuery,
    now: RealTime,
) -> (Vec<AutopilotIdentity>, Option<String>) {
    let tenant_now = service.now(now);
    let devices = &service.devices;
    let start = match &query.after {
        None => 0,
        // Devices are kept in submission order, which is also the order of their ids; if the
        // last device of the previous page was removed, the next one still follows it.
        Some(after) => devices
            .iter()
            .position(|d| d.id == *after)
            .map_or_else(|| devices.partition_point(|d| d.id <= *after), |i| i + 1),
    };
    let matches = |d: &&Device| {
        let state = d.state(tenant_now);
        query.filter.as_ref().is_none_or(|(_, f)| {
            f.matches(&|field| match field {
                Field::Id => d.id.as_str(),
                Field::SerialNumber => d.serial.as_str(),
                Field::UserPrincipalName => d.assigned_user.as_str(),
                Field::Manufacturer => d.manufacturer.as_str(),
                Field::Model => d.model.as_str(),
                Field::GroupTag => d.group_tag.as_str(),
                Field::EnrollmentState => enrollment_state(state),
            })
        })
    };
    let mut selected = devices.get(start..).unwrap_or(&[]).iter().filter(matches);
    let value: Vec<AutopilotIdentity> = selected
        .by_ref()
        .take(query.top)
        .map(|d| AutopilotIdentity::of(d, tenant_now))
        .collect();
    let more = selected.next().is_some();
    let last = value.last().map(|d| d.id.clone()).filter(|_| more);
    (value, last)
}

fn next_link(headers: &HeaderMap, query: &ListQuery, last: &str) -> String {
    page_link(
        headers,
        paths::DEVICES,
        query.top,
        query.filter.as_ref().map(|(text, _)| text.as_str()),
        &encode_token(last),
    )
}

/// `$top`: a whole number from 1 to [`MAX_TOP`].
pub fn parse_top(value: &str) -> Result<usize, ApiError> {
    value
        .trim()
        .parse::<usize>()
        .ok()
        .filter(|n| (1..=MAX_TOP).contains(n))
        .ok_or_else(|| {
            ApiError::bad_request(format!(
                "$top must be a whole number from 1 to {MAX_TOP}, not {value:?}."
            ))
        })
}

/// The `@odata.nextLink` of a list at `path` (under the API base): the same `$top` and
/// `$filter`, and `token` as `$skiptoken`.
pub fn page_link(
    headers: &HeaderMap,
    path: &str,
    top: usize,
    filter: Option<&str>,
    token: &str,
) -> String {
    let mut link = String::new();
    if let Some(host) = headers.get(header::HOST).and_then(|h| h.to_str().ok()) {
        link.push_str("http://");
        link.push_str(host);
    }
    link.push_str(API_BASE);
    link.push_str(path);
    link.push_str("?$top=");
    link.push_str(&top.to_string());
    if let Some(text) = filter {
        link.push_str("&$filter=");
        link.push_str(&paths::query_value(text));
    }
    link.push_str("&$skiptoken=");
    link.push_str(token);
    link
}

/// The opaque `$skiptoken`: the last id of the page, hex-encoded behind a version tag.
fn encode_token(last: &str) -> String {
    let mut token = String::from("v1");
    for b in last.bytes() {
        token.push_str(&format!("{b:02x}"));
    }
    token
}

fn decode_token(token: &str) -> Option<String> {
    let hex = token.strip_prefix("v1")?;
    if hex.is_empty() || hex.len() % 2 != 0 || hex.len() > 512 {
        return None;
    }
    let bytes: Option<Vec<u8>> = (0..hex.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(hex.get(i..i + 2)?, 16).ok())
        .collect();
    String::from_utf8(bytes?).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn skip_tokens_round_trip_and_refuse_garbage() {
        let id = "00000000-002a-4000-8000-00000000002a";
        assert_eq!(decode_token(&encode_token(id)).as_deref(), Some(id));
        for bad in ["", "v1", "v1zz", "v1abc", "x1ab", "v1ff"] {
            assert_eq!(decode_token(bad), None, "{bad}");
        }
    }
}
