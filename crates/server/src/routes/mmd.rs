//! What Graph lacks and the portal needs, under `/api/mmd/v1`: the tenant, profile changes,
//! retries, following many devices at once, and the demo controls.

use crate::auth::{Admin, Signed};
use crate::errors::ApiError;
use crate::routes::graph::collection;
use crate::routes::AppState;
use autopilot_api::limits::{MAX_ADVANCE_DAYS, MAX_BULK, MAX_QUERY_IDS, MAX_SIGN_IN_IDS};
use autopilot_api::{
    iso, AdvanceClock, AutopilotIdentity, BulkRequest, BulkResultJson, Collection, DeviceQuery,
    Faults, ProfileChange, ProfileJson, Seed, SignIn, StateCounts, TenantJson,
};
use autopilot_service::audit::{detail, Activity};
use autopilot_service::demo;
use autopilot_service::device::{Profile, RealTime, DAY};
use autopilot_service::service::Service;
use axum::extract::{Path, State};
use axum::Json;

const DEVICES_CONTEXT: &str = "/api/mmd/v1/$metadata#devices";
const BULK_CONTEXT: &str = "/api/mmd/v1/$metadata#bulkResults";

/// Runs one action on one device, stores the device and answers it as the list shows it.
async fn device_action(
    app: &AppState,
    admin: &Admin,
    activity: Activity,
    detail: String,
    action: impl FnOnce(
        &mut Service,
        RealTime,
    ) -> Result<
        autopilot_service::device::Device,
        autopilot_service::service::ActionError,
    >,
) -> Result<Json<AutopilotIdentity>, ApiError> {
    let tenant = app.tenant(&admin.principal).await?;
    let mut tenant = tenant.lock().await;
    tenant
        .change(admin.audit(activity), |service, now, changes| {
            let device = action(service, now)?;
            changes.describe(detail);
            changes.put(device.id.clone());
            Ok(AutopilotIdentity::of(&device, service.now(now)))
        })
        .await
        .map(Json)
}

/// `GET /tenant`: organisation, profiles, demo clock and counts.
pub async fn tenant(
    State(app): State<AppState>,
    Signed(caller): Signed,
) -> Result<Json<TenantJson>, ApiError> {
    let tenant = app.tenant(&caller).await?;
    let mut tenant = tenant.lock().await;
    tenant
        .read(|service, now| Ok(tenant_json(service, now)))
        .await
        .map(Json)
}

/// `PUT /devices/{id}/profile` `{profile}`: changes a registered device's profile (it is
/// re-imaged on its next start); 409 while pending.
pub async fn change_profile(
    State(app): State<AppState>,
    admin: Admin,
    Path(id): Path<String>,
    Json(body): Json<ProfileChange>,
) -> Result<Json<AutopilotIdentity>, ApiError> {
    let profile = Profile::from_id(&body.profile).ok_or_else(|| {
        ApiError::bad_request(format!(
            "Unknown profile {:?}. Use Standard, SensitiveData, PowerUser or Kiosk.",
            body.profile
        ))
    })?;
    let detail = detail::profile(profile);
    device_action(
        &app,
        &admin,
        Activity::ChangeProfile,
        detail,
        |service, _| service.change_profile(&id, profile),
    )
    .await
}

/// `POST /devices/{id}/retry`: submits a failed registration again; 409 unless failed.
pub async fn retry(
    State(app): State<AppState>,
    admin: Admin,
    Path(id): Path<String>,
) -> Result<Json<AutopilotIdentity>, ApiError> {
    device_action(
        &app,
        &admin,
        Activity::Retry,
        String::new(),
        |service, now| service.retry(&id, now),
    )
    .await
}

/// `POST /devices:query` `{ids}`: these devices as the list shows them, in the order asked,
/// unknown ids left out (one request to follow every pending device).
pub async fn query(
    State(app): State<AppState>,
    Signed(caller): Signed,
    Json(body): Json<DeviceQuery>,
) -> Result<Json<Collection<AutopilotIdentity>>, ApiError> {
    at_most(&body.ids, MAX_QUERY_IDS, "Ask for")?;
    let tenant = app.tenant(&caller).await?;
    let mut tenant = tenant.lock().await;
    tenant
        .read(|service, now| {
            let tenant_now = service.now(now);
            Ok(service
                .devices_as_asked(&body.ids)
                .into_iter()
                .map(|d| AutopilotIdentity::of(d, tenant_now))
                .collect())
        })
        .await
        .map(|value| Json(collection(DEVICES_CONTEXT, value, None)))
}

/// `POST /devices:bulk` `{action, ids, profile?, userPrincipalName?}`: one change to many devices
/// in one transaction, recorded as one audit event; answers each device in the order asked
/// (`autopilot_service::bulk` says why per device). 400, changing nothing, when the request
/// itself is wrong.
pub async fn bulk(
    State(app): State<AppState>,
    admin: Admin,
    Json(body): Json<BulkRequest>,
) -> Result<Json<Collection<BulkResultJson>>, ApiError> {
    let action = body.action().map_err(ApiError::bad_request)?;
    at_most(&body.ids, MAX_BULK, "Change")?;
    let tenant = app.tenant(&admin.principal).await?;
    let mut tenant = tenant.lock().await;
    tenant
        .change(admin.audit(action.activity()), |service, now, changes| {
            let results = service.bulk(&action, &body.ids, now, changes)?;
            let tenant_now = service.now(now);
            Ok(results
                .iter()
                .map(|r| BulkResultJson::of(r, tenant_now))
                .collect())
        })
        .await
        .map(|value| Json(collection(BULK_CONTEXT, value, None)))
}

/// `POST /demo/sign-in/{id}`: the assigned user signs in (Ready for user or Inactive → Active).
pub async fn sign_in(
    State(app): State<AppState>,
    admin: Admin,
    Path(id): Path<String>,
) -> Result<Json<AutopilotIdentity>, ApiError> {
    device_action(
        &app,
        &admin,
        Activity::DemoSignIn,
        String::new(),
        |service, now| service.simulate_sign_in(&id, now),
    )
    .await
}

/// `POST /demo/sign-in` `{ids}`: the assigned users of these devices sign in, in one transaction;
/// answers the devices as they are now. Refuses the whole request if any one cannot sign in.
pub async fn sign_in_many(
    State(app): State<AppState>,
    admin: Admin,
    Json(body): Json<SignIn>,
) -> Result<Json<Collection<AutopilotIdentity>>, ApiError> {
    at_most(&body.ids, MAX_SIGN_IN_IDS, "Sign in on")?;
    let tenant = app.tenant(&admin.principal).await?;
    let mut tenant = tenant.lock().await;
    tenant
        .change(
            admin.audit(Activity::DemoSignIn),
            |service, now, changes| {
                let signed_in = service.simulate_sign_in_all(&body.ids, now)?;
                changes.put_all(signed_in.iter().map(|d| d.id.clone()));
                let tenant_now = service.now(now);
                Ok(signed_in
                    .iter()
                    .map(|d| AutopilotIdentity::of(d, tenant_now))
                    .collect())
            },
        )
        .await
        .map(|value| Json(collection(DEVICES_CONTEXT, value, None)))
}

/// `POST /demo/advance-clock` `{days}`: moves the tenant clock forward.
pub async fn advance_clock(
    State(app): State<AppState>,
    admin: Admin,
    Json(body): Json<AdvanceClock>,
) -> Result<Json<TenantJson>, ApiError> {
    if body.days > MAX_ADVANCE_DAYS {
        return Err(ApiError::bad_request(format!(
            "Advance the clock by at most {MAX_ADVANCE_DAYS} days at once."
        )));
    }
    let tenant = app.tenant(&admin.principal).await?;
    let mut tenant = tenant.lock().await;
    tenant
        .change(
            admin.audit(Activity::DemoAdvanceClock),
            |service, now, changes| {
                service.advance_clock(DAY * i64::from(body.days));
                changes.describe(detail::advanced(body.days));
                Ok(tenant_json(service, now))
            },
        )
        .await
        .map(Json)
}

/// `POST /demo/faults` `{count}`: the next `count` registrations fail with Unexpected error.
pub async fn faults(
    State(app): State<AppState>,
    admin: Admin,
    Json(body): Json<Faults>,
) -> Result<Json<TenantJson>, ApiError> {
    let tenant = app.tenant(&admin.principal).await?;
    let mut tenant = tenant.lock().await;
    tenant
        .change(
            admin.audit(Activity::DemoFaults),
            |service, now, changes| {
                service.state.settings.inject_faults = body.count;
                changes.describe(detail::faults(body.count));
                Ok(tenant_json(service, now))
            },
        )
        .await
        .map(Json)
}

/// `POST /demo/seed` `{count}`: adds synthetic devices in every state.
pub async fn seed(
    State(app): State<AppState>,
    admin: Admin,
    Json(body): Json<Seed>,
) -> Result<Json<TenantJson>, ApiError> {
    if body.count as usize > demo::MAX_SEEDED {
        return Err(ApiError::bad_request(format!(
            "Add at most {} devices at once.",
            demo::MAX_SEEDED
        )));
    }
    let tenant = app.tenant(&admin.principal).await?;
    let mut tenant = tenant.lock().await;
    tenant
        .change(admin.audit(Activity::DemoSeed), |service, now, changes| {
            // Checked on the tenant as caught up under its lock (another process may have
            // seeded meanwhile).
            let held = service.devices.len();
            if held >= demo::MAX_SEEDED_TENANT {
                return Err(ApiError::bad_request(format!(
                    "The tenant holds {held} devices; seeding adds none past {}.",
                    demo::MAX_SEEDED_TENANT
                )));
            }
            demo::seed_change(service, body.count as usize, now, changes);
            Ok(tenant_json(service, now))
        })
        .await
        .map(Json)
}

/// `POST /demo/reset`: throws every device away and seeds the demo tenant again.
pub async fn reset(
    State(app): State<AppState>,
    admin: Admin,
) -> Result<Json<TenantJson>, ApiError> {
    let tenant = app.tenant(&admin.principal).await?;
    let mut tenant = tenant.lock().await;
    tenant.reset(admin.audit(Activity::DemoReset)).await?;
    tenant
        .read(|service, now| Ok(tenant_json(service, now)))
        .await
        .map(Json)
}

/// A 400 when a request names more than `max` ids: "{doing} at most {max} ids at once…".
fn at_most(ids: &[String], max: usize, doing: &str) -> Result<(), ApiError> {
    if ids.len() > max {
        return Err(ApiError::bad_request(format!(
            "{doing} at most {max} ids at once; this request has {}.",
            ids.len()
        )));
    }
    Ok(())
}

fn tenant_json(service: &Service, now: RealTime) -> TenantJson {
    let info = &service.state.info;
    let [pending, failed, ready, active, inactive] = service.counts(now);
    TenantJson {
        name: info.name.clone(),
        domains: info.domains.clone(),
        users: info.users.clone(),
        kiosk_enabled: info.kiosk_enabled,
        profiles: info.profiles().into_iter().map(ProfileJson::from).collect(),
        clock_offset: service.state.clock_offset,
        now: iso(service.now(now)),
        processing_delay_ms: service.state.settings.processing_delay_ms,
        inject_faults: service.state.settings.inject_faults,
        counts: StateCounts {
            pending,
            failed,
            ready,
            active,
            inactive,
        },
    }
}
