//! The user grants beyond the device code: filled in by the password, authorization-code and
//! managed-identity flows.

use std::collections::HashMap;

use axum::http::{Method, StatusCode};
use axum::response::Response;
use chrono::{DateTime, Utc};
use serde_json::Value;

use crate::auth::{aad_error, AadError, TokenRequest};
use crate::identity::{param, public_client, requested_resource, user_token_response};
use crate::state::State;

pub fn grant(
    st: &State,
    req: &TokenRequest<'_>,
    now: DateTime<Utc>,
    grant: &str,
) -> Option<Result<Value, AadError>> {
    match grant {
        "password" => Some(password_grant(st, req, now)),
        _ => None,
    }
}

/// The resource owner password credentials grant, shown by the older MDE docs (reference §2.5)
/// and discouraged since: it cannot satisfy MFA, so users under an MFA policy get AADSTS50076.
fn password_grant(
    st: &State,
    req: &TokenRequest<'_>,
    now: DateTime<Utc>,
) -> Result<Value, AadError> {
    let client_id = param(req, "client_id", now)?;
    public_client(st, client_id, now)?;
    let username = param(req, "username", now)?;
    let password = param(req, "password", now)?;
    let resource = requested_resource(req).ok_or_else(|| {
        aad_error(
            400,
            "invalid_scope",
            70011,
            "The provided request must include a 'scope' input parameter.",
            now,
        )
    })?;
    let user = match st.identity.user(username) {
        Some(u) if u.password == password => u,
        // Entra answers a wrong password and an unknown user alike to the password grant.
        _ => {
            return Err(aad_error(
                400,
                "invalid_grant",
                50126,
                "Error validating credentials due to invalid username or password.",
                now,
            ));
        }
    };
    if user.mfa_required {
        return Err(aad_error(400, "invalid_grant", 50076, "Due to a configuration change made by your administrator, or because you moved to a new location, you must use multi-factor authentication to access the resource.", now));
    }
    user_token_response(st, req, client_id, &user, &resource, now)
}

pub fn handles(_segs: &[String], _method: &Method) -> bool {
    false
}

pub fn handle(
    _st: &State,
    _method: &Method,
    _segs: &[String],
    _query: &str,
    _form: &HashMap<String, String>,
    _now: DateTime<Utc>,
) -> Response {
    crate::api::entra_error(
        StatusCode::NOT_FOUND.as_u16(),
        "invalid_request",
        900561,
        "Not found.",
    )
}
