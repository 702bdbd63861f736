//! User context (delegated permissions, reference §2.5): public client apps, users with passwords,
//! the device authorization grant with its sign-in page, and the refresh-token grant. Tokens for
//! users carry `scp` (the delegated permissions both consented for the app and held by the user)
//! where app tokens carry `roles`. Error codes follow the Microsoft identity platform pages
//! "OAuth 2.0 device authorization grant" and "Microsoft Entra authentication and authorization
//! error codes".

use std::collections::HashMap;
use std::time::{Duration, Instant};

use std::sync::Arc;

use axum::body::Body;
use axum::extract::State as AxState;
use axum::http::{header, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};
use serde_json::{json, Value};

use crate::auth::{aad_error, claims, trim_resource, AadError, TokenRequest, GRAPH_RESOURCE};
use crate::directory::{opaque, random_string, DeviceCode, DeviceState, Grant, PublicApp, User};
use crate::extract::Tenant;
use crate::respond::{json_response, to_bytes};
use crate::state::{lock, State};

pub const DEVICE_CODE_GRANT: &str = "urn:ietf:params:oauth:grant-type:device_code";
const MAX_FORM: usize = 1024 * 1024;

/// The resource a v2 `scope` (or v1 `resource`) asks for: `https://x/.default` and
/// `https://x/Alert.Read` both mean `https://x`; OpenID scopes are not resources.
pub fn requested_resource(req: &TokenRequest<'_>) -> Option<String> {
    if !req.v2 {
        return req
            .form
            .get("resource")
            .map(|r| trim_resource(r).to_string());
    }
    req.form.get("scope").and_then(|s| resource_of_scope(s))
}

pub fn resource_of_scope(scope: &str) -> Option<String> {
    scope
        .split_whitespace()
        .filter(|s| !["openid", "profile", "offline_access", "email"].contains(s))
        .find_map(|s| {
            let r = s
                .strip_suffix("/.default")
                .or_else(|| s.rsplit_once('/').map(|(r, _)| r))?;
            Some(trim_resource(r).to_string())
        })
}

fn is_mde(resource: &str) -> bool {
    !trim_resource(resource).eq_ignore_ascii_case(GRAPH_RESOURCE)
}

/// The delegated permissions a token for `resource` carries, or AADSTS65001 when the app has
/// none consented for it.
pub fn scopes_for(
    app: &PublicApp,
    user: &User,
    client_id: &str,
    resource: &str,
    now: DateTime<Utc>,
) -> Result<Vec<String>, AadError> {
    let graph_perm = crate::auth::GRAPH_HUNTING_ROLE;
    let for_resource = |p: &String| (p.as_str() == graph_perm) != is_mde(resource);
    let consented: Vec<String> = app
        .consented
        .iter()
        .filter(|p| for_resource(p))
        .cloned()
        .collect();
    if consented.is_empty() {
        return Err(aad_error(
            400,
            "invalid_grant",
            65001,
            &format!("The user or administrator has not consented to use the application with ID '{client_id}'. Send an interactive authorization request for this user and resource."),
            now,
        ));
    }
    Ok(consented
        .into_iter()
        .filter(|p| user.permissions.contains(p))
        .collect())
}

/// The token response for a user, with a rotated refresh token and, when `openid` was asked
/// for, an ID token.
pub fn user_token_response(
    st: &State,
    req: &TokenRequest<'_>,
    client_id: &str,
    user: &User,
    resource: &str,
    now: DateTime<Utc>,
) -> Result<Value, AadError> {
    let app = st
        .identity
        .public_app(client_id)
        .ok_or_else(|| unknown_app(client_id, &st.tenant_id, now))?;
    let scopes = scopes_for(&app, user, client_id, resource, now)?;
    let lifetime = st.config.token_lifetime_secs;
    let mut c = claims(
        &st.tenant_id,
        client_id,
        &user.object_id,
        resource,
        Vec::new(),
        lifetime,
        now,
    );
    c.scp = Some(scopes.join(" "));
    c.upn = Some(user.upn.clone());
    let access = st.signer.issue(&c);
    let refresh = st.identity.new_refresh_token(Grant {
        client_id: client_id.to_string(),
        upn: user.upn.clone(),
    });
    let scope_text = scopes
        .iter()
        .map(|s| format!("{}/{s}", trim_resource(resource)))
        .collect::<Vec<_>>()
        .join(" ");
    let mut body = json!({
        "token_type": "Bearer",
        "scope": scope_text,
        "expires_in": lifetime,
        "ext_expires_in": lifetime,
        "access_token": access,
        "refresh_token": refresh,
    });
    let wants_openid = req
        .form
        .get("scope")
        .is_some_and(|s| s.split_whitespace().any(|x| x == "openid"));
    if wants_openid {
        let t = now.timestamp();
        let id = st.signer.issue_value(&json!({
            "aud": client_id,
            "iss": format!("{}/{}/v2.0", st.base_url, st.tenant_id),
            "iat": t, "nbf": t, "exp": t + lifetime,
            "oid": user.object_id, "sub": user.object_id, "tid": st.tenant_id,
            "preferred_username": user.upn, "name": user.upn, "ver": "2.0",
        }));
        body["id_token"] = Value::String(id);
        body["client_info"] = Value::String(base64_url(
            &json!({"uid": user.object_id, "utid": st.tenant_id}).to_string(),
        ));
    }
    if !req.v2 {
        body["resource"] = Value::String(resource.to_string());
        body["expires_in"] = Value::String(lifetime.to_string());
        body["expires_on"] = Value::String(c.exp.to_string());
        body["not_before"] = Value::String(c.nbf.to_string());
    }
    Ok(body)
}

fn base64_url(s: &str) -> String {
    use base64::Engine;
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(s)
}

pub fn unknown_app(client_id: &str, tenant: &str, now: DateTime<Utc>) -> AadError {
    aad_error(
        400,
        "unauthorized_client",
        700016,
        &format!("Application with identifier '{client_id}' was not found in the directory '{tenant}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant."),
        now,
    )
}

/// A confidential app used without its credential in a public-client flow.
fn needs_credential(now: DateTime<Utc>) -> AadError {
    aad_error(
        401,
        "invalid_client",
        7000218,
        "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.",
        now,
    )
}

/// Looks the client up as a public app; a confidential one gets AADSTS7000218.
pub fn public_client(
    st: &State,
    client_id: &str,
    now: DateTime<Utc>,
) -> Result<PublicApp, AadError> {
    if let Some(app) = st.identity.public_app(client_id) {
        return Ok(app);
    }
    if st.apps().contains_key(&client_id.to_ascii_lowercase()) {
        return Err(needs_credential(now));
    }
    Err(unknown_app(client_id, &st.tenant_id, now))
}

/// Token requests of the user grants (device code, refresh token, password, authorization
/// code); `None` for the client-credentials grant, which `token::client_credentials` answers.
pub fn user_grant(
    st: &State,
    req: &TokenRequest<'_>,
    now: DateTime<Utc>,
) -> Option<Result<Value, AadError>> {
    let grant = req.form.get("grant_type")?.as_str();
    let handler: fn(&State, &TokenRequest<'_>, DateTime<Utc>) -> Result<Value, AadError> =
        match grant {
            DEVICE_CODE_GRANT | "device_code" => device_code_grant,
            "refresh_token" => refresh_grant,
            _ => return None,
        };
    Some(handler(st, req, now))
}

pub fn param<'a>(
    req: &'a TokenRequest<'_>,
    name: &str,
    now: DateTime<Utc>,
) -> Result<&'a str, AadError> {
    req.form
        .get(name)
        .map(|s| s.as_str())
        .filter(|s| !s.is_empty())
        .ok_or_else(|| {
            aad_error(
                400,
                "invalid_request",
                900144,
                &format!("The request body must contain the following parameter: '{name}'."),
                now,
            )
        })
}

fn device_code_grant(
    st: &State,
    req: &TokenRequest<'_>,
    now: DateTime<Utc>,
) -> Result<Value, AadError> {
    let client_id = param(req, "client_id", now)?;
    public_client(st, client_id, now)?;
    let code_param = if req.v2 { "device_code" } else { "code" };
    let code = param(req, code_param, now)?;
    let at = Instant::now();
    let (state, scope) = {
        let mut codes = lock(&st.identity.device_codes);
        let Some(dc) = codes.get_mut(code) else {
            return Err(aad_error(
                400,
                "invalid_grant",
                70000,
                "The provided value for the input parameter 'device_code' is not valid.",
                now,
            ));
        };
        if dc.client_id != client_id.to_ascii_lowercase() {
            return Err(aad_error(
                400,
                "invalid_grant",
                70000,
                "The device code was issued to another application.",
                now,
            ));
        }
        if at >= dc.expires_at {
            return Err(aad_error(400, "expired_token", 70020, "The provided value for the input parameter 'device_code' is not valid. This device code has expired.", now));
        }
        let too_soon = dc
            .last_poll
            .is_some_and(|p| at.duration_since(p) < dc.interval);
        dc.last_poll = Some(at);
        match &dc.state {
            DeviceState::Pending if too_soon => {
                return Err(aad_error(400, "slow_down", 70016, "The client is polling too frequently; increase the polling interval by 5 seconds.", now));
            }
            DeviceState::Pending => {
                return Err(aad_error(400, "authorization_pending", 70016, "The provided request has not yet been authorized by the user. The user must input their code.", now));
            }
            DeviceState::Declined => {
                return Err(aad_error(
                    400,
                    "authorization_declined",
                    70000,
                    "The end user declined the authorization request.",
                    now,
                ));
            }
            DeviceState::Redeemed => {
                return Err(aad_error(
                    400,
                    "invalid_grant",
                    70000,
                    "The device code has already been redeemed.",
                    now,
                ));
            }
            DeviceState::Approved(upn) => {
                let r = (upn.clone(), dc.scope.clone());
                dc.state = DeviceState::Redeemed;
                r
            }
        }
    };
    let user = st.identity.user(&state).ok_or_else(|| {
        aad_error(
            400,
            "invalid_grant",
            50034,
            "The user account does not exist in the directory.",
            now,
        )
    })?;
    let resource =
        resource_of_scope(&scope).unwrap_or_else(|| crate::auth::MDE_RESOURCE.to_string());
    let form_with_scope: HashMap<String, String> = {
        let mut f = req.form.clone();
        f.entry("scope".into()).or_insert(scope);
        f
    };
    let req2 = TokenRequest {
        tenant_segment: req.tenant_segment,
        tenant_named: req.tenant_named,
        v2: req.v2,
        form: &form_with_scope,
    };
    user_token_response(st, &req2, client_id, &user, &resource, now)
}

fn refresh_grant(
    st: &State,
    req: &TokenRequest<'_>,
    now: DateTime<Utc>,
) -> Result<Value, AadError> {
    let client_id = param(req, "client_id", now)?;
    public_client(st, client_id, now)?;
    let token = param(req, "refresh_token", now)?;
    let grant = st.identity.take_refresh_token(token).ok_or_else(|| {
        aad_error(
            400,
            "invalid_grant",
            70000,
            "The provided value for the 'refresh_token' is not valid or has been revoked.",
            now,
        )
    })?;
    if !grant.client_id.eq_ignore_ascii_case(client_id) {
        return Err(aad_error(
            400,
            "invalid_grant",
            70000,
            "The refresh token was issued to a different client.",
            now,
        ));
    }
    let user = st.identity.user(&grant.upn).ok_or_else(|| {
        aad_error(
            400,
            "invalid_grant",
            50034,
            "The user account does not exist in the directory.",
            now,
        )
    })?;
    let resource = requested_resource(req).ok_or_else(|| {
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

/// A form body (at most 1 MiB; an unreadable body is an empty form).
pub async fn read_form(body: Body) -> HashMap<String, String> {
    let body = axum::body::to_bytes(body, MAX_FORM)
        .await
        .unwrap_or_default();
    form_urlencoded::parse(&body).into_owned().collect()
}

/// `POST /{tenant}/oauth2/v2.0/devicecode`: the device authorization response.
pub async fn device_code_v2(
    AxState(st): AxState<Arc<State>>,
    Tenant(tenant): Tenant,
    body: Body,
) -> Response {
    device_code(&st, &tenant, true, body).await
}

/// `POST /{tenant}/oauth2/devicecode` (v1).
pub async fn device_code_v1(
    AxState(st): AxState<Arc<State>>,
    Tenant(tenant): Tenant,
    body: Body,
) -> Response {
    device_code(&st, &tenant, false, body).await
}

async fn device_code(st: &State, tenant: &str, v2: bool, body: Body) -> Response {
    let form = read_form(body).await;
    match device_authorization(st, tenant, v2, &form, Utc::now()) {
        Ok(v) => json_response(
            StatusCode::OK,
            "application/json; charset=utf-8",
            to_bytes(&v),
        ),
        Err(e) => e.into_response(),
    }
}

/// `GET|POST /devicelogin`: the verification page.
pub async fn device_login(
    AxState(st): AxState<Arc<State>>,
    method: Method,
    body: Body,
) -> Response {
    let form = read_form(body).await;
    device_login_page(&st, &method, &form)
}

fn device_authorization(
    st: &State,
    tenant_segment: &str,
    v2: bool,
    form: &HashMap<String, String>,
    now: DateTime<Utc>,
) -> Result<Value, AadError> {
    crate::discovery::tenant_check(st, tenant_segment, now)?;
    let client_id = form.get("client_id").ok_or_else(|| {
        aad_error(
            400,
            "invalid_request",
            900144,
            "The request body must contain the following parameter: 'client_id'.",
            now,
        )
    })?;
    public_client(st, client_id, now)?;
    let scope = if v2 {
        form.get("scope").cloned().unwrap_or_default()
    } else {
        form.get("resource")
            .map(|r| format!("{}/.default", trim_resource(r)))
            .unwrap_or_default()
    };
    if resource_of_scope(&scope).is_none() {
        return Err(aad_error(
            400,
            "invalid_scope",
            70011,
            "The provided value for the input parameter 'scope' is not valid.",
            now,
        ));
    }
    let device_code = format!("DAQABAAEAAAD{}", opaque(96));
    let user_code = random_string(9, b"ABCDEFGHJKLMNPQRSTUVWXYZ23456789");
    let lifetime = st.config.device_code_lifetime_secs.max(0) as u64;
    let interval = st.config.device_code_interval_secs;
    lock(&st.identity.device_codes).insert(
        device_code.clone(),
        DeviceCode {
            client_id: client_id.to_ascii_lowercase(),
            scope,
            user_code: user_code.clone(),
            expires_at: Instant::now() + Duration::from_secs(lifetime),
            interval: Duration::from_secs(interval),
            last_poll: None,
            state: DeviceState::Pending,
        },
    );
    let uri = format!("{}/devicelogin", st.base_url);
    let message = format!("To sign in, use a web browser to open the page {uri} and enter the code {user_code} to authenticate.");
    let mut body = json!({
        "user_code": user_code,
        "device_code": device_code,
        "expires_in": lifetime,
        "interval": interval,
        "message": message,
    });
    // v1 names the page `verification_url`, v2 `verification_uri`.
    body[if v2 {
        "verification_uri"
    } else {
        "verification_url"
    }] = Value::String(uri);
    Ok(body)
}

pub fn html(status: StatusCode, body: String) -> Response {
    let mut r = Response::new(Body::from(body));
    *r.status_mut() = status;
    if let Ok(v) = "text/html; charset=utf-8".parse() {
        r.headers_mut().insert(header::CONTENT_TYPE, v);
    }
    r
}

/// The page at the verification URI: enter the code, sign in, approve or decline.
fn device_login_page(st: &State, method: &Method, form: &HashMap<String, String>) -> Response {
    const FORM: &str = "<form method=\"post\"><label>Code <input name=\"code\"></label><label>User <input name=\"username\"></label><label>Password <input name=\"password\" type=\"password\"></label><button name=\"action\" value=\"approve\">Continue</button><button name=\"action\" value=\"decline\">Cancel</button></form>";
    if method != Method::POST {
        return html(
            StatusCode::OK,
            format!("<!doctype html><title>Enter code</title><h1>Enter code</h1>{FORM}"),
        );
    }
    let get = |k: &str| {
        form.get(k)
            .map(|s| s.trim().to_string())
            .unwrap_or_default()
    };
    let code = get("code").to_ascii_uppercase();
    let mut codes = lock(&st.identity.device_codes);
    let Some(dc) = codes
        .values_mut()
        .find(|d| d.user_code == code && d.state == DeviceState::Pending)
    else {
        return html(
            StatusCode::BAD_REQUEST,
            "<!doctype html><h1>That code didn't work</h1><p>Check the code and try again.</p>"
                .into(),
        );
    };
    if Instant::now() >= dc.expires_at {
        return html(
            StatusCode::BAD_REQUEST,
            "<!doctype html><h1>That code has expired</h1>".into(),
        );
    }
    if get("action") == "decline" {
        dc.state = DeviceState::Declined;
        return html(
            StatusCode::OK,
            "<!doctype html><h1>Sign-in cancelled</h1>".into(),
        );
    }
    match st.identity.user(&get("username")) {
        Some(u) if u.password == get("password") => {
            dc.state = DeviceState::Approved(u.upn.clone());
            html(
                StatusCode::OK,
                "<!doctype html><h1>You have signed in</h1><p>You may now close this window.</p>"
                    .into(),
            )
        }
        _ => html(
            StatusCode::UNAUTHORIZED,
            "<!doctype html><h1>Your account or password is incorrect</h1>".into(),
        ),
    }
}
