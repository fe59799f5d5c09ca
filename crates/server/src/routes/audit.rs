//! The audit log (`GET /deviceManagement/auditEvents`, newest first, paged, `$filter` on
//! `activityDateTime` and `actor/userPrincipalName`) and who is calling (`GET /mmd/v1/me`).

use crate::audit_filter::{self, Condition};
use crate::auth::{Auth, Signed};
use crate::errors::ApiError;
use crate::routes::graph::{collection, page_link, parse_top};
use crate::routes::AppState;
use autopilot_api::audit::{AuditEventJson, MeJson};
use autopilot_api::limits::DEFAULT_TOP;
use autopilot_api::paths;
use autopilot_api::Collection;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;

const AUDIT_CONTEXT: &str = "/api/graph/v1.0/$metadata#deviceManagement/auditEvents";

/// `GET /deviceManagement/auditEvents`: every change, newest first, with `$top`, `$filter` and
/// `$skiptoken` paging. Readers may read it.
pub async fn list(
    State(app): State<AppState>,
    Signed(caller): Signed,
    headers: HeaderMap,
    Query(params): Query<Vec<(String, String)>>,
) -> Result<Response, ApiError> {
    let query = AuditQuery::parse(&params)?;
    let tenant = app.tenant(&caller).await?;
    let tenant = tenant.lock().await;
    let page = tenant
        .audit_events(&query.conditions, query.before.as_deref(), query.top)
        .await?;
    drop(tenant);
    let next_link = match (&page.last, page.more) {
        (Some(last), true) => Some(next_link(&headers, &query, last)),
        _ => None,
    };
    let value: Vec<AuditEventJson> = page.events.iter().map(AuditEventJson::of).collect();
    let collection: Collection<AuditEventJson> = collection(AUDIT_CONTEXT, value, next_link);
    if page.unreadable > 0 {
        eprintln!(
            "warning: {} stored audit event(s) could not be read",
            page.unreadable
        );
    }
    let mut body = serde_json::to_value(&collection).map_err(ApiError::internal)?;
    if page.unreadable > 0 {
        if let Some(object) = body.as_object_mut() {
            object.insert("@mmd.unreadable".into(), page.unreadable.into());
        }
    }
    Ok(Json(body).into_response())
}

/// `GET /mmd/v1/me`: the signed-in account, its role, and whether this server checks sign-in.
/// An account without a role gets its name and 403 for everything else; here it is told so.
pub async fn me(State(app): State<AppState>, request: axum::extract::Request) -> Response {
    let Some(principal) = request
        .extensions()
        .get::<crate::auth::Principal>()
        .cloned()
    else {
        return ApiError::internal("me without the authentication middleware").into_response();
    };
    let Some(role) = principal.role else {
        return ApiError::new(
            StatusCode::FORBIDDEN,
            "Forbidden",
            format!(
                "{} is signed in but has no role in this app. Ask an administrator to assign Devices.Reader or Devices.Administrator.",
                principal.actor.user_principal_name
            ),
        )
        .into_response();
    };
    Json(MeJson {
        user_principal_name: principal.actor.user_principal_name,
        id: principal.actor.id,
        display_name: principal.display_name,
        role,
        sign_in_required: matches!(*app.auth, Auth::On(_)),
    })
    .into_response()
}

struct AuditQuery {
    top: usize,
    filter: Option<String>,
    conditions: Vec<Condition>,
    before: Option<String>,
}

impl AuditQuery {
    fn parse(params: &[(String, String)]) -> Result<AuditQuery, ApiError> {
        let mut query = AuditQuery {
            top: DEFAULT_TOP,
            filter: None,
            conditions: Vec::new(),
            before: None,
        };
        for (name, value) in params {
            match name.as_str() {
                "$top" => query.top = parse_top(value)?,
                "$filter" => {
                    query.conditions = audit_filter::parse(value).map_err(|e| {
                        ApiError::new(StatusCode::BAD_REQUEST, "InvalidFilter", e)
                    })?;
                    query.filter = Some(value.clone());
                }
                "$skiptoken" => {
                    let valid = value.len() <= 64
                        && !value.is_empty()
                        && value.bytes().all(|b| b.is_ascii_digit() || b == b'-');
                    if !valid {
                        return Err(ApiError::bad_request(
                            "The $skiptoken is not valid. Follow @odata.nextLink as given, or start again without it.",
                        ));
                    }
                    query.before = Some(value.clone());
                }
                "$orderby" if value.trim().eq_ignore_ascii_case("activityDateTime desc") => {}
                other if other.starts_with('$') => {
                    return Err(ApiError::bad_request(format!(
                        "The query option {other} is not supported here. Supported: $top, $filter, $skiptoken (events come newest first)."
                    )))
                }
                _ => {}
            }
        }
        Ok(query)
    }
}

fn next_link(headers: &HeaderMap, query: &AuditQuery, last: &str) -> String {
    page_link(
        headers,
        paths::AUDIT_EVENTS,
        query.top,
        query.filter.as_deref(),
        last,
    )
}
