//! The user grants beyond the device code: filled in by the password, authorization-code and
//! managed-identity flows.

use std::collections::HashMap;
use std::sync::Arc;

use axum::body::Body;
use axum::extract::{RawQuery, State as AxState};
use axum::http::{header, StatusCode};
use axum::response::Response;
use chrono::{DateTime, Utc};
use serde_json::{json, Value};

use crate::auth::{aad_error, AadError, TokenRequest};
use crate::directory::opaque;
use crate::extract::Tenant;
use crate::identity::{html, param, public_client, requested_resource, user_token_response};
use crate::state::lock;
use crate::state::State;

pub fn grant(
    st: &State,
    req: &TokenRequest<'_>,
    now: DateTime<Utc>,
    grant: &str,
) -> Option<Result<Value, AadError>> {
    match grant {
        "password" => Some(password_grant(st, req, now)),
        "authorization_code" => Some(code_grant(st, req, now)),
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

const CODE_LIFETIME_SECS: i64 = 600;

fn page(title: &str, body: &str) -> String {
    format!("<!doctype html><html><head><title>{title}</title></head><body><h1>{title}</h1>{body}</body></html>")
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Only loopback redirect URIs are registered for the sandbox's public clients ("Mobile and
/// desktop applications" with `http://localhost`; any port is accepted for loopback).
fn loopback_redirect(uri: &str) -> bool {
    let Ok(u) = url::Url::parse(uri) else {
        return false;
    };
    u.scheme() == "http"
        && matches!(
            u.host_str(),
            Some("localhost") | Some("127.0.0.1") | Some("[::1]")
        )
}

fn redirect(to: &str) -> Response {
    let mut r = Response::new(Body::empty());
    *r.status_mut() = StatusCode::FOUND;
    if let Ok(v) = to.parse() {
        r.headers_mut().insert(header::LOCATION, v);
    }
    r
}

fn with_query(base: &str, pairs: &[(&str, &str)]) -> String {
    let mut s = form_urlencoded::Serializer::new(String::new());
    for (k, v) in pairs {
        s.append_pair(k, v);
    }
    let sep = if base.contains('?') { '&' } else { '?' };
    format!("{base}{sep}{}", s.finish())
}

/// `GET /{tenant}/oauth2/v2.0/authorize`: the sign-in page.
pub async fn authorize_v2(
    AxState(st): AxState<Arc<State>>,
    Tenant(tenant): Tenant,
    RawQuery(query): RawQuery,
) -> Response {
    authorize(&st, &tenant, true, query.as_deref())
}

/// `GET /{tenant}/oauth2/authorize` (v1).
pub async fn authorize_v1(
    AxState(st): AxState<Arc<State>>,
    Tenant(tenant): Tenant,
    RawQuery(query): RawQuery,
) -> Response {
    authorize(&st, &tenant, false, query.as_deref())
}

fn authorize(st: &State, tenant: &str, v2: bool, query: Option<&str>) -> Response {
    let q: HashMap<String, String> = form_urlencoded::parse(query.unwrap_or("").as_bytes())
        .into_owned()
        .collect();
    authorize_page(st, tenant, v2, &q, Utc::now())
}

/// `POST /{tenant}/oauth2[/v2.0]/authorize`: the sign-in form's answer (redirects with a code).
pub async fn sign_in_form(AxState(st): AxState<Arc<State>>, body: Body) -> Response {
    let form = crate::identity::read_form(body).await;
    sign_in(&st, &form, Utc::now())
}

fn authorize_page(
    st: &State,
    tenant: &str,
    v2: bool,
    q: &HashMap<String, String>,
    now: DateTime<Utc>,
) -> Response {
    if let Err(e) = crate::discovery::tenant_check(st, tenant, now) {
        return html(
            StatusCode::BAD_REQUEST,
            page(
                "Sign-in error",
                &escape(&e.body["error_description"].to_string()),
            ),
        );
    }
    let get = |k: &str| q.get(k).cloned().unwrap_or_default();
    let client_id = get("client_id");
    if let Err(e) = public_client(st, &client_id, now) {
        return html(
            StatusCode::BAD_REQUEST,
            page(
                "Sign-in error",
                &escape(&e.body["error_description"].to_string()),
            ),
        );
    }
    let redirect_uri = get("redirect_uri");
    if !loopback_redirect(&redirect_uri) {
        // Entra never redirects to an unregistered URI: the error stays on its own page.
        return html(StatusCode::BAD_REQUEST, page("Sign-in error", &format!("AADSTS50011: The redirect URI '{}' specified in the request does not match the redirect URIs configured for the application '{}'.", escape(&redirect_uri), escape(&client_id))));
    }
    let state = get("state");
    if get("response_type") != "code" {
        return redirect(&with_query(
            &redirect_uri,
            &[
                ("error", "unsupported_response_type"),
                (
                    "error_description",
                    "AADSTS70005: response_type 'token' is not enabled for the application.",
                ),
                ("state", &state),
            ],
        ));
    }
    let method = q
        .get("code_challenge_method")
        .cloned()
        .unwrap_or_else(|| "plain".into());
    if q.contains_key("code_challenge") && method != "S256" && method != "plain" {
        return redirect(&with_query(
            &redirect_uri,
            &[
                ("error", "invalid_request"),
                (
                    "error_description",
                    "AADSTS501491: Invalid code_challenge_method.",
                ),
                ("state", &state),
            ],
        ));
    }
    let scope = if v2 {
        get("scope")
    } else {
        format!("{}/.default", get("resource"))
    };
    let session = opaque(32);
    lock(&st.identity.pending).insert(
        format!("s:{session}"),
        json!({
            "client_id": client_id, "redirect_uri": redirect_uri, "state": state, "scope": scope,
            "code_challenge": q.get("code_challenge"), "code_challenge_method": method,
            "nonce": q.get("nonce"),
        }),
    );
    let form = format!(
        "<form method=\"post\"><input type=\"hidden\" name=\"session\" value=\"{session}\"><label>Email <input name=\"username\"></label><label>Password <input name=\"password\" type=\"password\"></label><button name=\"action\" value=\"sign_in\">Sign in</button><button name=\"action\" value=\"cancel\">Cancel</button></form>"
    );
    html(StatusCode::OK, page("Sign in to your account", &form))
}

fn sign_in(st: &State, form: &HashMap<String, String>, now: DateTime<Utc>) -> Response {
    let get = |k: &str| form.get(k).cloned().unwrap_or_default();
    let session = get("session");
    let Some(s) = lock(&st.identity.pending)
        .get(&format!("s:{session}"))
        .cloned()
    else {
        return html(
            StatusCode::BAD_REQUEST,
            page(
                "Sign-in error",
                "This sign-in session is unknown or has ended.",
            ),
        );
    };
    let field = |k: &str| {
        s.get(k)
            .and_then(|v| v.as_str())
            .unwrap_or_default()
            .to_string()
    };
    let redirect_uri = field("redirect_uri");
    let state = field("state");
    if get("action") == "cancel" {
        lock(&st.identity.pending).remove(&format!("s:{session}"));
        return redirect(&with_query(
            &redirect_uri,
            &[
                ("error", "access_denied"),
                (
                    "error_description",
                    "AADSTS65004: User declined to consent to access the app.",
                ),
                ("state", &state),
            ],
        ));
    }
    let user = match st.identity.user(&get("username")) {
        Some(u) if u.password == get("password") => u,
        _ => {
            return html(
                StatusCode::OK,
                page(
                    "Sign in to your account",
                    "<p>Your account or password is incorrect.</p>",
                ),
            )
        }
    };
    lock(&st.identity.pending).remove(&format!("s:{session}"));
    let code = format!("1.A{}", opaque(96));
    let mut grant = s.clone();
    grant["upn"] = Value::String(user.upn.clone());
    grant["expires"] = json!(now.timestamp() + CODE_LIFETIME_SECS);
    lock(&st.identity.pending).insert(format!("c:{code}"), grant);
    redirect(&with_query(
        &redirect_uri,
        &[
            ("code", &code),
            ("state", &state),
            ("session_state", &opaque(16)),
        ],
    ))
}

/// Redeems an authorization code: same client and redirect URI, not expired nor used before,
/// and the PKCE verifier matching the challenge of the authorization request (RFC 7636).
fn code_grant(st: &State, req: &TokenRequest<'_>, now: DateTime<Utc>) -> Result<Value, AadError> {
    let client_id = param(req, "client_id", now)?;
    public_client(st, client_id, now)?;
    let code = param(req, "code", now)?;
    let redirect_uri = param(req, "redirect_uri", now)?;
    let grant = {
        let mut pending = lock(&st.identity.pending);
        let key = format!("c:{code}");
        match pending.get(&key).cloned() {
            None => return Err(aad_error(400, "invalid_grant", 70008, "The provided authorization code or refresh token has expired due to inactivity. Send a new interactive authorization request for this user and resource.", now)),
            Some(g) if g.get("redeemed").is_some() => return Err(aad_error(400, "invalid_grant", 54005, "OAuth2 Authorization code was already redeemed, please retry with a new valid code or use an existing refresh token.", now)),
            Some(mut g) => {
                g["redeemed"] = Value::Bool(true);
                pending.insert(key, g.clone());
                g
            }
        }
    };
    let field = |k: &str| {
        grant
            .get(k)
            .and_then(|v| v.as_str())
            .unwrap_or_default()
            .to_string()
    };
    if grant
        .get("expires")
        .and_then(|v| v.as_i64())
        .is_some_and(|e| e <= now.timestamp())
    {
        return Err(aad_error(400, "invalid_grant", 70008, "The provided authorization code or refresh token has expired due to inactivity. Send a new interactive authorization request for this user and resource.", now));
    }
    if !field("client_id").eq_ignore_ascii_case(client_id) {
        return Err(aad_error(
            400,
            "invalid_grant",
            70000,
            "The provided authorization code was issued to a different client.",
            now,
        ));
    }
    if field("redirect_uri") != redirect_uri {
        return Err(aad_error(400, "invalid_grant", 500112, "The reply address does not match the reply address provided when requesting the authorization code.", now));
    }
    if let Some(challenge) = grant.get("code_challenge").and_then(|v| v.as_str()) {
        let verifier = req.form.get("code_verifier").ok_or_else(|| {
            aad_error(400, "invalid_grant", 50148, "The code_verifier is missing: the authorization request carried a code_challenge (PKCE).", now)
        })?;
        let computed = if field("code_challenge_method") == "S256" {
            use base64::Engine;
            use sha2::Digest;
            base64::engine::general_purpose::URL_SAFE_NO_PAD
                .encode(sha2::Sha256::digest(verifier.as_bytes()))
        } else {
            verifier.clone()
        };
        if computed != challenge {
            return Err(aad_error(400, "invalid_grant", 501481, "The Code_Verifier does not match the code_challenge supplied in the authorization request.", now));
        }
    }
    let user = st.identity.user(&field("upn")).ok_or_else(|| {
        aad_error(
            400,
            "invalid_grant",
            50034,
            "The user account does not exist in the directory.",
            now,
        )
    })?;
    let scope = req
        .form
        .get("scope")
        .cloned()
        .unwrap_or_else(|| field("scope"));
    let resource = crate::identity::resource_of_scope(&scope).ok_or_else(|| {
        aad_error(
            400,
            "invalid_scope",
            70011,
            "The provided request must include a 'scope' input parameter.",
            now,
        )
    })?;
    user_token_response(st, req, client_id, &user, &resource, now)
}
