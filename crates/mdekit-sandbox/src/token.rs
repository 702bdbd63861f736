//! The token endpoint (`POST /{tenant}/oauth2/v2.0/token`, v1 `/{tenant}/oauth2/token`): the client
//! credentials grant (secret, certificate or federated assertion, `auth`) and the user grants
//! (`identity`, `user_flows`). Answers are AAD's: `{"access_token",...}` or `{"error","error_codes",...}`,
//! never cached (`Cache-Control: no-store, no-cache`).

use std::collections::HashMap;
use std::sync::Arc;

use axum::body::Body;
use axum::extract::State as AxState;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::Response;
use chrono::{DateTime, Utc};
use serde_json::{json, Value};

use crate::assertion;
use crate::auth::{
    self, aad_error, claims, graph_accepts, is_mde_resource, roles_for, trim_resource, AadError,
    App, Signer, TokenRequest,
};
use crate::extract::Tenant;
use crate::respond::{entra_error, json_response, to_bytes, MAX_BODY};
use crate::state::State;

/// `POST /{tenant}/oauth2/v2.0/token`.
pub async fn token_v2(AxState(st): AxState<Arc<State>>, Tenant(t): Tenant, body: Body) -> Response {
    token(&st, body, &t, true).await
}

/// `POST /{tenant}/oauth2/token` (v1: `resource` rather than `scope`).
pub async fn token_v1(AxState(st): AxState<Arc<State>>, Tenant(t): Tenant, body: Body) -> Response {
    token(&st, body, &t, false).await
}

/// Any other method on a token path: AADSTS900561.
pub async fn post_only() -> Response {
    entra_error(
        400,
        "invalid_request",
        900561,
        "The endpoint only accepts POST requests.",
    )
}

async fn token(st: &State, body: Body, tenant: &str, v2: bool) -> Response {
    let body = axum::body::to_bytes(body, MAX_BODY)
        .await
        .unwrap_or_default();
    let form: HashMap<String, String> = form_urlencoded::parse(&body).into_owned().collect();
    let treq = auth::TokenRequest {
        tenant_segment: tenant,
        tenant_named: crate::discovery::names_tenant(st, tenant),
        v2,
        form: &form,
    };
    let now = Utc::now();
    let user_grant = match crate::discovery::tenant_check(st, tenant, now) {
        Err(e) => Some(Err(e)),
        Ok(()) => crate::identity::user_grant(st, &treq, now).or_else(|| {
            let grant = form.get("grant_type").map(String::as_str).unwrap_or("");
            crate::user_flows::grant(st, &treq, now, grant)
        }),
    };
    let result = if let Some(r) = user_grant {
        r
    } else {
        let apps = st.apps();
        client_credentials(
            &treq,
            &st.tenant_id,
            &apps,
            &st.signer,
            st.config.token_lifetime_secs,
            Utc::now(),
        )
    };
    let (status, body) = match result {
        Ok(b) => (StatusCode::OK, b),
        Err(e) => (
            StatusCode::from_u16(e.status).unwrap_or(StatusCode::BAD_REQUEST),
            e.body,
        ),
    };
    let mut r = json_response(status, "application/json; charset=utf-8", to_bytes(&body));
    r.headers_mut().insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("no-store, no-cache"),
    );
    r
}

/// The client-credentials grant. Check order follows Entra: tenant, grant, client, secret, then resource.
pub fn client_credentials(
    req: &TokenRequest<'_>,
    tenant: &str,
    apps: &HashMap<String, App>,
    signer: &Signer,
    lifetime: i64,
    now: DateTime<Utc>,
) -> Result<Value, AadError> {
    let missing = |p: &str| {
        aad_error(
            400,
            "invalid_request",
            900144,
            &format!("The request body must contain the following parameter: '{p}'."),
            now,
        )
    };
    if !req.tenant_named {
        return Err(aad_error(
            400,
            "invalid_request",
            90002,
            &format!("Tenant '{}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.", req.tenant_segment),
            now,
        ));
    }
    let grant = req
        .form
        .get("grant_type")
        .ok_or_else(|| missing("grant_type"))?;
    if grant != "client_credentials" {
        return Err(aad_error(
            400,
            "unsupported_grant_type",
            70003,
            &format!("The app requested an unsupported grant type '{grant}'."),
            now,
        ));
    }
    let client_id = req
        .form
        .get("client_id")
        .ok_or_else(|| missing("client_id"))?;
    let app = apps.get(&client_id.to_ascii_lowercase()).ok_or_else(|| {
        aad_error(
            400,
            "unauthorized_client",
            700016,
            &format!("Application with identifier '{client_id}' was not found in the directory '{tenant}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant."),
            now,
        )
    })?;
    if let Some(kind) = req.form.get("client_assertion_type") {
        let assertion = req
            .form
            .get("client_assertion")
            .ok_or_else(|| missing("client_assertion"))?;
        assertion::verify(kind, assertion, client_id, app, req, tenant, signer, now)?;
    } else {
        check_secret(req, client_id, app, now)?;
    }
    let resource = if req.v2 {
        let scope = req
            .form
            .get("scope")
            .map(|s| s.trim())
            .filter(|s| !s.is_empty())
            .ok_or_else(|| {
                aad_error(
                    400,
                    "invalid_scope",
                    70011,
                    "The provided request must include a 'scope' input parameter.",
                    now,
                )
            })?;
        if scope.split_whitespace().count() != 1 {
            return Err(aad_error(400, "invalid_scope", 70011, &format!("The provided value for the input parameter 'scope' is not valid. The scope {scope} is not valid."), now));
        }
        scope.strip_suffix("/.default").ok_or_else(|| {
            aad_error(
                400,
                "invalid_scope",
                1002012,
                &format!("The provided value for scope {scope} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI)."),
                now,
            )
        })?
    } else {
        req.form
            .get("resource")
            .map(|s| s.as_str())
            .ok_or_else(|| missing("resource"))?
    };
    let resource = trim_resource(resource);
    if !is_mde_resource(resource) && !graph_accepts(resource) {
        return Err(aad_error(
            400,
            "invalid_resource",
            500011,
            &format!("The resource principal named {resource} was not found in the tenant named {tenant}. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You might have sent your authentication request to the wrong tenant."),
            now,
        ));
    }
    let roles = roles_for(resource, &app.roles);
    let c = claims(
        tenant,
        client_id,
        &app.object_id,
        resource,
        roles,
        lifetime,
        now,
    );
    let token = signer.issue(&c);
    let mut body = json!({
        "token_type": "Bearer",
        "expires_in": lifetime,
        "ext_expires_in": lifetime,
        "access_token": token,
    });
    if !req.v2 {
        // Entra v1 writes these as strings.
        let map = body.as_object_mut();
        if let Some(m) = map {
            m.insert("expires_in".into(), Value::String(lifetime.to_string()));
            m.insert("ext_expires_in".into(), Value::String(lifetime.to_string()));
            m.insert("expires_on".into(), Value::String(c.exp.to_string()));
            m.insert("not_before".into(), Value::String(c.nbf.to_string()));
            m.insert("resource".into(), Value::String(resource.to_string()));
            let tok = m.shift_remove("access_token").unwrap_or(Value::Null);
            m.insert("access_token".into(), tok);
        }
    }
    Ok(body)
}

/// The client secret check (AADSTS7000215 on a mismatch).
fn check_secret(
    req: &TokenRequest<'_>,
    client_id: &str,
    app: &App,
    now: DateTime<Utc>,
) -> Result<(), AadError> {
    let secret = req.form.get("client_secret").ok_or_else(|| {
        aad_error(
            401,
            "invalid_client",
            7000218,
            "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.",
            now,
        )
    })?;
    if *secret != app.secret {
        return Err(aad_error(
            401,
            "invalid_client",
            7000215,
            &format!("Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '{client_id}'."),
            now,
        ));
    }
    Ok(())
}
