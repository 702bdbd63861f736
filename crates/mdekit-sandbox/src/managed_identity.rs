//! The managed identity endpoints of an Azure host: IMDS (`GET /metadata/identity/oauth2/token`,
//! `Metadata: true`, API version 2018-02-01) and the App Service one (`GET /msi/token`,
//! `X-IDENTITY-HEADER`, API version 2019-08-01), per Microsoft's "How to use managed identities
//! for Azure resources on an Azure VM to acquire an access token" and "How to use managed
//! identities for App Service and Azure Functions". Both take a v1 `resource`; the token carries
//! the app roles assigned to the identity's service principal.

use std::collections::HashMap;
use std::sync::Arc;

use axum::extract::{Request, State as AxState};
use axum::http::StatusCode;
use axum::response::Response;
use chrono::Utc;
use serde_json::{json, Value};

use crate::auth::{
    claims, graph_accepts, roles_for, trim_resource, MDE_APP_ID_URI, MDE_RESOURCE,
    SECURITY_RESOURCE,
};
use crate::respond::{json_response, to_bytes};
use crate::state::State;

fn answer(status: StatusCode, v: &Value) -> Response {
    json_response(status, "application/json; charset=utf-8", to_bytes(v))
}

fn bad(error: &str, description: &str) -> Response {
    answer(
        StatusCode::BAD_REQUEST,
        &json!({"error": error, "error_description": description}),
    )
}

/// `/metadata/identity/oauth2/token` (any method, as IMDS answers).
pub async fn imds(AxState(st): AxState<Arc<State>>, req: Request) -> Response {
    token(&st, &req, true)
}

/// `/msi/token` (any method).
pub async fn app_service(AxState(st): AxState<Arc<State>>, req: Request) -> Response {
    token(&st, &req, false)
}

fn token(st: &State, req: &Request, imds: bool) -> Response {
    let app_service = !imds;
    let q: HashMap<String, String> =
        form_urlencoded::parse(req.uri().query().unwrap_or("").as_bytes())
            .into_owned()
            .collect();
    let header = |k: &str| req.headers().get(k).and_then(|v| v.to_str().ok());
    if imds && header("Metadata") != Some("true") {
        return bad("invalid_request", "Required metadata header not specified");
    }
    if app_service && header("X-IDENTITY-HEADER") != Some(st.identity.identity_header.as_str()) {
        return answer(
            StatusCode::UNAUTHORIZED,
            &json!({"statusCode": 401, "message": "Unauthorized request: X-IDENTITY-HEADER is missing or wrong."}),
        );
    }
    let want_version = if imds { "2018-02-01" } else { "2019-08-01" };
    if q.get("api-version").map(String::as_str) != Some(want_version) {
        return bad("invalid_request", "Missing or unsupported api-version.");
    }
    let Some(resource) = q.get("resource").map(|r| trim_resource(r).to_string()) else {
        return bad(
            "invalid_request",
            "Required query variable 'resource' is missing",
        );
    };
    let known = [MDE_RESOURCE, MDE_APP_ID_URI, SECURITY_RESOURCE]
        .iter()
        .any(|k| k.eq_ignore_ascii_case(&resource))
        || graph_accepts(&resource);
    if !known {
        return bad("invalid_resource", &format!("AADSTS500011: The resource principal named {resource} was not found in the tenant."));
    }
    let mi = &st.identity.managed_identity_client_id;
    let client_id = q
        .get("client_id")
        .or_else(|| q.get("mi_res_id"))
        .cloned()
        .unwrap_or_else(|| mi.clone());
    if !client_id.eq_ignore_ascii_case(mi) {
        return bad("invalid_request", "Identity not found");
    }
    let apps = st.apps();
    let Some(app) = apps.get(&mi.to_ascii_lowercase()) else {
        return bad("invalid_request", "Identity not found");
    };
    let now = Utc::now();
    let lifetime = st.config.token_lifetime_secs;
    let c = claims(
        &st.tenant_id,
        mi,
        &app.object_id,
        &resource,
        roles_for(&resource, &app.roles),
        lifetime,
        now,
    );
    let access_token = st.signer.issue(&c);
    answer(
        StatusCode::OK,
        &json!({
            "access_token": access_token,
            "client_id": mi,
            "expires_in": lifetime.to_string(),
            "expires_on": c.exp.to_string(),
            "ext_expires_in": lifetime.to_string(),
            "not_before": c.nbf.to_string(),
            "resource": resource,
            "token_type": "Bearer",
        }),
    )
}
