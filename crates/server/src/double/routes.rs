//! Graph's routes, as the double answers them, under `/v1.0` and `/beta` alike; and the test
//! controls under `/_double` (not Graph's: faults to inject, a user signing in).

use super::json::{self, Page};
use super::state::{GraphTenant, ImportItem, SyncRefused};
use super::{DoubleState, GraphError};
use crate::time::real_now;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::{json, Value};

/// Largest import Graph's `import` action takes in one request, as the portal sends it.
const MAX_IMPORT: usize = 500;

/// Default and largest page of a list.
const DEFAULT_TOP: usize = 100;
const MAX_TOP: usize = 1_000;

/// Graph's routes (to be nested under a version) and the test controls.
pub fn graph() -> Router<DoubleState> {
    Router::new()
        .route(
            "/deviceManagement/importedWindowsAutopilotDeviceIdentities/import",
            post(import),
        )
        .route(
            "/deviceManagement/importedWindowsAutopilotDeviceIdentities",
            get(list_imported),
        )
        .route(
            "/deviceManagement/importedWindowsAutopilotDeviceIdentities/{id}",
            get(get_imported).delete(delete_imported),
        )
        .route(
            "/deviceManagement/windowsAutopilotDeviceIdentities",
            get(list_devices),
        )
        .route(
            "/deviceManagement/windowsAutopilotDeviceIdentities/{id}",
            get(get_device).delete(delete_device),
        )
        .route(
            "/deviceManagement/windowsAutopilotDeviceIdentities/{id}/updateDeviceProperties",
            post(update_device),
        )
        .route("/deviceManagement/windowsAutopilotSettings", get(settings))
        .route(
            "/deviceManagement/windowsAutopilotSettings/sync",
            post(sync),
        )
        .route("/organization", get(organization))
        .route("/me", get(me))
        .route("/users/{id}", get(user))
        .route("/users/{id}/licenseDetails", get(licenses))
}

/// The test controls.
pub fn controls() -> Router<DoubleState> {
    Router::new()
        .route("/_double/faults", post(faults))
        .route("/_double/devices/{id}/contact", post(contact))
}

/// The import request body.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ImportRequest {
    imported_windows_autopilot_device_identities: Vec<json::ImportedIn>,
}

async fn import(
    State(double): State<DoubleState>,
    Json(request): Json<ImportRequest>,
) -> Result<Response, GraphError> {
    let items = request.imported_windows_autopilot_device_identities;
    if items.is_empty() || items.len() > MAX_IMPORT {
        return Err(GraphError::bad_request(format!(
            "importedWindowsAutopilotDeviceIdentities must hold 1 to {MAX_IMPORT} items; this one holds {}.",
            items.len()
        )));
    }
    let items: Vec<ImportItem> = items
        .into_iter()
        .map(json::ImportedIn::item)
        .collect::<Result<_, _>>()?;
    if let Some(wait) = double.faults.take_throttle() {
        return Err(GraphError::throttled(wait));
    }
    let now = real_now();
    let mut tenant = double.tenant.lock().await;
    let records = tenant.import(items, now);
    if double.faults.take_lost_answer() {
        // Imported, but the answer never reaches the portal (a gateway timing out).
        return Err(GraphError::new(
            StatusCode::GATEWAY_TIMEOUT,
            "GatewayTimeout",
            "The operation timed out.",
        ));
    }
    let value: Vec<Value> = records
        .iter()
        .map(|r| json::imported(r, tenant.status(r, now)))
        .collect();
    Ok(Json(json!({
        "@odata.context": format!("{}/$metadata#Collection(microsoft.graph.importedWindowsAutopilotDeviceIdentity)", double.base),
        "value": value,
    }))
    .into_response())
}

async fn list_imported(
    State(double): State<DoubleState>,
    Query(query): Query<Vec<(String, String)>>,
) -> Result<Json<Value>, GraphError> {
    let page = Page::parse(&query, DEFAULT_TOP, MAX_TOP)?;
    let now = real_now();
    let tenant = double.tenant.lock().await;
    let all: Vec<Value> = tenant
        .imported()
        .iter()
        .map(|r| json::imported(r, tenant.status(r, now)))
        .collect();
    Ok(Json(page.answer(
        &double.base,
        "deviceManagement/importedWindowsAutopilotDeviceIdentities",
        all,
    )))
}

async fn get_imported(
    State(double): State<DoubleState>,
    Path(id): Path<String>,
) -> Result<Json<Value>, GraphError> {
    let tenant = double.tenant.lock().await;
    let record = tenant
        .imported_record(&id)
        .ok_or_else(|| GraphError::not_found(&id))?;
    Ok(Json(json::imported(
        record,
        tenant.status(record, real_now()),
    )))
}

async fn delete_imported(
    State(double): State<DoubleState>,
    Path(id): Path<String>,
) -> Result<StatusCode, GraphError> {
    if double.tenant.lock().await.delete_imported(&id) {
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(GraphError::not_found(&id))
    }
}

async fn list_devices(
    State(double): State<DoubleState>,
    Query(query): Query<Vec<(String, String)>>,
) -> Result<Json<Value>, GraphError> {
    let page = Page::parse(&query, DEFAULT_TOP, MAX_TOP)?;
    let contains = json::serial_filter(&query)?;
    let tenant = double.tenant.lock().await;
    let now = real_now();
    let all: Vec<Value> = tenant
        .devices()
        .filter(|d| {
            contains
                .as_ref()
                .is_none_or(|part| d.serial.to_lowercase().contains(&part.to_lowercase()))
        })
        .map(|d| json::device(d, tenant.profile_status(d, now)))
        .collect();
    Ok(Json(page.answer(
        &double.base,
        "deviceManagement/windowsAutopilotDeviceIdentities",
        all,
    )))
}

async fn get_device(
    State(double): State<DoubleState>,
    Path(id): Path<String>,
) -> Result<Json<Value>, GraphError> {
    let tenant = double.tenant.lock().await;
    let device = tenant
        .device(&id)
        .ok_or_else(|| GraphError::not_found(&id))?;
    Ok(Json(json::device(
        device,
        tenant.profile_status(device, real_now()),
    )))
}

async fn delete_device(
    State(double): State<DoubleState>,
    Path(id): Path<String>,
) -> Result<StatusCode, GraphError> {
    if double.tenant.lock().await.delete_device(&id) {
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(GraphError::not_found(&id))
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct DeviceProperties {
    group_tag: Option<String>,
    user_principal_name: Option<String>,
}

async fn update_device(
    State(double): State<DoubleState>,
    Path(id): Path<String>,
    Json(body): Json<DeviceProperties>,
) -> Result<StatusCode, GraphError> {
    let mut tenant = double.tenant.lock().await;
    if tenant.update_device(&id, body.group_tag, body.user_principal_name) {
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(GraphError::not_found(&id))
    }
}

async fn settings(State(double): State<DoubleState>) -> Json<Value> {
    let tenant = double.tenant.lock().await;
    Json(json::settings(&tenant, real_now(), &double.base))
}

async fn sync(State(double): State<DoubleState>) -> Result<StatusCode, GraphError> {
    match double.tenant.lock().await.sync(real_now()) {
        Ok(()) => Ok(StatusCode::NO_CONTENT),
        Err(SyncRefused::Running) => Err(GraphError::new(
            StatusCode::CONFLICT,
            "Conflict",
            "A sync is already in progress.",
        )),
        Err(SyncRefused::TooSoon(wait)) => Err(GraphError::throttled(wait)),
    }
}

/// The signed-in user (without sign-in: the directory's first user).
async fn me(
    State(double): State<DoubleState>,
    principal: Option<axum::Extension<crate::auth::Principal>>,
) -> Json<Value> {
    let tenant = double.tenant.lock().await;
    let upn = principal
        .map(|p| p.0.actor.user_principal_name.clone())
        .filter(|upn| upn.contains('@') && !upn.starts_with("demo"))
        .or_else(|| tenant.directory().users.first().cloned())
        .unwrap_or_default();
    Json(json::user(&upn))
}

async fn organization(State(double): State<DoubleState>) -> Json<Value> {
    let tenant = double.tenant.lock().await;
    Json(json::organization(tenant.directory(), &double.base))
}

async fn user(
    State(double): State<DoubleState>,
    Path(id): Path<String>,
) -> Result<Json<Value>, GraphError> {
    let tenant = double.tenant.lock().await;
    let upn = find_user(&tenant, &id)?;
    Ok(Json(json::user(&upn)))
}

async fn licenses(
    State(double): State<DoubleState>,
    Path(id): Path<String>,
) -> Result<Json<Value>, GraphError> {
    let tenant = double.tenant.lock().await;
    let upn = find_user(&tenant, &id)?;
    Ok(Json(json::licenses(&upn, &double.base)))
}

fn find_user(tenant: &GraphTenant, id: &str) -> Result<String, GraphError> {
    tenant
        .directory()
        .users
        .iter()
        .find(|u| u.eq_ignore_ascii_case(id) || json::user_id(u) == id)
        .cloned()
        .ok_or_else(|| {
            GraphError::new(
                StatusCode::NOT_FOUND,
                "Request_ResourceNotFound",
                format!(
                    "Resource '{}' does not exist or one of its queried reference-property objects are not present.",
                    id.chars().take(200).collect::<String>()
                ),
            )
        })
}

/// What the next requests get instead of their answer.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct FaultRequest {
    /// The next this many imports get 429 …
    #[serde(default)]
    throttle: u32,
    /// … with this `Retry-After`, in seconds.
    #[serde(default = "one")]
    retry_after: u64,
    /// The next this many imports are made, but answered 504.
    #[serde(default)]
    lose_answers: u32,
    /// Serials DDS refuses from now on, with their codes.
    #[serde(default)]
    refuse: Vec<Refusal>,
}

#[derive(Deserialize)]
struct Refusal {
    serial: String,
    code: i32,
}

fn one() -> u64 {
    1
}

async fn faults(State(double): State<DoubleState>, Json(body): Json<FaultRequest>) -> StatusCode {
    double
        .faults
        .set(body.throttle, body.retry_after.min(120), body.lose_answers);
    let mut tenant = double.tenant.lock().await;
    for refusal in body.refuse.iter().take(1_000) {
        tenant.refuse(&refusal.serial, refusal.code);
    }
    StatusCode::NO_CONTENT
}

async fn contact(
    State(double): State<DoubleState>,
    Path(id): Path<String>,
) -> Result<StatusCode, GraphError> {
    if double.tenant.lock().await.contact(&id, real_now()) {
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(GraphError::not_found(&id))
    }
}

/// `Retry-After` on a response.
pub fn retry_after(response: &mut Response, seconds: u64) {
    response
        .headers_mut()
        .insert("retry-after", HeaderValue::from(seconds));
}
