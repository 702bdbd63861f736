//! The middleware around the routes, outermost first:
//!
//! 1. `context`: records the request (`Sandbox::requests`), gives it a request id, renders a handler's `ApiError`
//!    as the service's envelope, sets `request-id` / `client-request-id` (`x-ms-request-id` on Entra) and marks
//!    the answers the compression layer may encode.
//! 2. `faults`: the injected faults (`Sandbox::inject`): a status, a dropped or truncated connection, a delay,
//!    a repeated nextLink, an ignored `$skip`.
//! 3. `normalise_path`: the path as the router matches it: empty segments dropped, `/api/v1.0/...` as `/api/...`,
//!    literal segments in the registered spelling (the services route case-insensitively), an OData function
//!    call `Name(args)` as two segments `Name/(args)`.
//! 4. Per route (added by `router::Routes::api`): `guard` finds the route's catalogue entry (`Endpoint`),
//!    checks the bearer token against its audience and permissions (401/403) and counts the call against its
//!    quota family (429), then hands the token's claims (`Caller`) to the handler.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Instant;

use axum::body::Body;
use axum::extract::{Request, State as AxState};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use chrono::Utc;
use mdekit_spec::Operation;
use percent_encoding::{percent_decode_str, utf8_percent_encode, AsciiSet, CONTROLS};
use serde_json::{json, Value};

use crate::auth::{self, Claims};
use crate::config::FaultKind;
use crate::conn::{truncate, ConnCtl};
use crate::error::ApiError;
use crate::extract::Endpoint;
use crate::respond::{odata, to_bytes, MAX_BODY};
use crate::state::{lock, normalise, State};

/// Which service's conventions a response follows.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Service {
    Mde,
    Graph,
    Entra,
    /// Pre-signed export blobs (Azure Storage): served as stored, never re-encoded.
    Storage,
}

impl Service {
    /// From the path as sent: Graph is `/v1.0/...`, Entra the token, discovery and managed-identity paths.
    pub fn of(path: &str) -> Service {
        let norm = normalise(path);
        if norm.starts_with("/v1.0/") {
            Service::Graph
        } else if norm.contains("/oauth2/")
            || norm.contains("/.well-known/")
            || norm.contains("/discovery/")
            || norm == "/devicelogin"
            || norm.starts_with("/metadata/identity/")
            || norm == "/metadata/endpoints"
            || norm == "/msi/token"
        {
            Service::Entra
        } else if norm.starts_with("/tvm-export/") || norm.starts_with("/tvm-firmware-export/") {
            Service::Storage
        } else {
            Service::Mde
        }
    }
}

/// Set by `context` on every request.
#[derive(Clone, Debug)]
pub struct RequestCtx {
    pub rid: String,
    pub client_rid: Option<String>,
    pub service: Service,
    /// The request's number in the sandbox's record.
    pub seq: u64,
}

/// Marks a response the compression layer may encode (see `server::compressible`).
#[derive(Clone, Copy)]
pub struct Compressible;

/// Set by `faults` on a response it changed.
#[derive(Clone, Copy)]
struct Faulted {
    truncated: bool,
}

pub async fn context(AxState(st): AxState<Arc<State>>, mut req: Request, next: Next) -> Response {
    let path = req.uri().path().to_string();
    let query = req.uri().query().unwrap_or("").to_string();
    let seq = st.record_start(req.method().as_str(), &path, &query);
    let ctx = RequestCtx {
        rid: uuid::Uuid::new_v4().to_string(),
        client_rid: req
            .headers()
            .get("client-request-id")
            .and_then(|v| v.to_str().ok())
            .map(str::to_string),
        service: Service::of(&path),
        seq,
    };
    req.extensions_mut().insert(ctx.clone());
    let r = render_error(next.run(req).await, &ctx);
    let faulted = r.extensions().get::<Faulted>().copied();
    if !faulted.is_some_and(|f| f.truncated) {
        st.record_finish(seq, r.status().as_u16(), faulted.is_some());
    }
    finish(r, &ctx, &st, faulted.is_some_and(|f| f.truncated))
}

/// A response carrying an `ApiError` gets the envelope of its service as body: MDE's with the request id as
/// `target`, or Graph's with `innerError`.
fn render_error(r: Response, ctx: &RequestCtx) -> Response {
    let Some(e) = r.extensions().get::<ApiError>().cloned() else {
        return r;
    };
    let body = if ctx.service == Service::Graph {
        json!({"error": {"code": e.code, "message": e.message, "innerError": {
            "date": Utc::now().format("%Y-%m-%dT%H:%M:%S").to_string(),
            "request-id": ctx.rid,
            "client-request-id": ctx.client_rid.clone().unwrap_or_else(|| ctx.rid.clone()),
        }}})
    } else {
        json!({"error": {"code": e.code, "message": e.message, "target": ctx.rid}})
    };
    let (mut parts, _) = r.into_parts();
    parts.extensions.remove::<ApiError>();
    let mut out = odata(e.status, to_bytes(&body));
    for (k, v) in &parts.headers {
        if k != header::CONTENT_TYPE && k != header::CONTENT_LENGTH {
            out.headers_mut().insert(k, v.clone());
        }
    }
    out.extensions_mut().extend(parts.extensions);
    out
}

fn finish(mut r: Response, ctx: &RequestCtx, st: &State, truncated: bool) -> Response {
    let compress = match ctx.service {
        Service::Mde => st.config.compress_mde,
        Service::Graph => st.config.compress_graph,
        Service::Entra | Service::Storage => false,
    };
    // A truncation keeps its exact Content-Length, so it is never re-encoded.
    if compress && !truncated {
        r.extensions_mut().insert(Compressible);
    }
    if let Ok(v) = HeaderValue::from_str(&ctx.rid) {
        r.headers_mut().insert("request-id", v.clone());
        if ctx.service == Service::Entra {
            r.headers_mut().insert("x-ms-request-id", v);
        }
    }
    if let Some(c) = ctx
        .client_rid
        .as_ref()
        .and_then(|c| HeaderValue::from_str(c).ok())
    {
        r.headers_mut().insert("client-request-id", c);
    }
    r
}

pub async fn faults(AxState(st): AxState<Arc<State>>, req: Request, next: Next) -> Response {
    let Some(fault) = st.take_fault(req.method().as_str(), &normalise(req.uri().path())) else {
        return next.run(req).await;
    };
    let mut truncated = false;
    let mut r = match fault.kind {
        FaultKind::Status {
            status,
            retry_after,
            code,
        } => {
            let status = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
            let code = code.unwrap_or_else(|| ApiError::default_code(status).to_string());
            let message = format!(
                "Injected fault: {}",
                status.canonical_reason().unwrap_or("error")
            );
            let mut e = ApiError::new(status, &code, message);
            e.retry_after = retry_after;
            e.into_response()
        }
        FaultKind::Drop => {
            if let Some(ctx) = req.extensions().get::<RequestCtx>() {
                st.record_finish(ctx.seq, 0, true);
            }
            if let Some(ctl) = req.extensions().get::<ConnCtl>() {
                ctl.kill();
            }
            return std::future::pending().await;
        }
        FaultKind::Delay(d) => {
            tokio::time::sleep(d).await;
            next.run(req).await
        }
        FaultKind::Truncate => {
            let ctl = req.extensions().get::<ConnCtl>().cloned();
            let ctx = req.extensions().get::<RequestCtx>().cloned();
            let r = next.run(req).await;
            let r = match &ctx {
                Some(ctx) => {
                    st.record_finish(ctx.seq, r.status().as_u16(), true);
                    render_error(r, ctx)
                }
                None => r,
            };
            truncated = true;
            truncate(r, ctl).await
        }
        FaultKind::RepeatLink => {
            let own = match req.uri().query() {
                None | Some("") => format!("{}{}", st.base_url, req.uri().path()),
                Some(q) => format!("{}{}?{q}", st.base_url, req.uri().path()),
            };
            link_back(next.run(req).await, &own).await
        }
        FaultKind::IgnoreSkip => next.run(without_skip(req)).await,
    };
    r.extensions_mut().insert(Faulted { truncated });
    r
}

/// `r` with its `@odata.nextLink` (when it has one) replaced by `own`, the request's own URL.
async fn link_back(r: Response, own: &str) -> Response {
    let (mut parts, body) = r.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, MAX_BODY).await else {
        return error_parts(parts);
    };
    let mut value: Value = match serde_json::from_slice(&bytes) {
        Ok(v) => v,
        Err(_) => return Response::from_parts(parts, Body::from(bytes)),
    };
    if let Some(link) = value.get_mut("@odata.nextLink") {
        *link = Value::String(own.to_string());
    }
    let bytes = serde_json::to_vec(&value).unwrap_or_default();
    parts.headers.remove(header::CONTENT_LENGTH);
    Response::from_parts(parts, Body::from(bytes))
}

fn error_parts(mut parts: axum::http::response::Parts) -> Response {
    parts.status = StatusCode::INTERNAL_SERVER_ERROR;
    parts.headers.remove(header::CONTENT_LENGTH);
    Response::from_parts(parts, Body::empty())
}

/// `req` with every `$skip` parameter removed from its query.
fn without_skip(mut req: Request) -> Request {
    let uri = req.uri().clone();
    let kept: Vec<&str> = uri
        .query()
        .unwrap_or("")
        .split('&')
        .filter(|p| {
            let key = p.split('=').next().unwrap_or("");
            !key.eq_ignore_ascii_case("$skip") && !key.eq_ignore_ascii_case("%24skip")
        })
        .collect();
    let pq = if kept.iter().all(|p| p.is_empty()) {
        uri.path().to_string()
    } else {
        format!("{}?{}", uri.path(), kept.join("&"))
    };
    if let Ok(pq) = pq.parse::<axum::http::uri::PathAndQuery>() {
        let mut parts = uri.into_parts();
        parts.path_and_query = Some(pq);
        if let Ok(u) = axum::http::Uri::from_parts(parts) {
            *req.uri_mut() = u;
        }
    }
    req
}

/// The literal segments of the registered routes: lowercase -> registered spelling.
#[derive(Default, Debug)]
pub struct Literals(pub HashMap<String, String>);

/// What `normalise` leaves as it is in a path segment (the rest is percent-encoded again).
const SEGMENT: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'/')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'`')
    .add(b'{')
    .add(b'}')
    .add(b'\\')
    .add(b'^')
    .add(b'|');

/// The path as the router matches it (see the module doc).
pub fn normal_path(path: &str, literals: &Literals) -> String {
    let mut segs: Vec<String> = Vec::new();
    for (i, raw) in path.split('/').filter(|s| !s.is_empty()).enumerate() {
        let decoded = percent_decode_str(raw).decode_utf8_lossy();
        let lower = decoded.to_lowercase();
        if i == 1 && lower == "v1.0" && segs.first().is_some_and(|s| s == "api") {
            continue;
        }
        if let Some(canon) = literals.0.get(&lower) {
            segs.push(canon.clone());
            continue;
        }
        // Graph's bound actions answer to their namespace-qualified name too
        // (`microsoft.graph.security.runHuntingQuery`, as the Graph SDKs send it).
        if segs.first().is_some_and(|s| s == "v1.0") {
            if let Some(canon) = lower
                .strip_prefix("microsoft.graph.security.")
                .and_then(|action| literals.0.get(action))
            {
                segs.push(canon.clone());
                continue;
            }
        }
        // `FindByIp(ip='..',timestamp=..)` -> `FindByIp/(ip='..',timestamp=..)`
        if let Some((name, _)) = lower.split_once('(') {
            if let Some(canon) = literals.0.get(name) {
                segs.push(canon.clone());
                let args = &decoded[name.len()..];
                segs.push(utf8_percent_encode(args, SEGMENT).to_string());
                continue;
            }
        }
        segs.push(raw.to_string());
    }
    format!("/{}", segs.join("/"))
}

pub async fn normalise_path(
    AxState(literals): AxState<Arc<Literals>>,
    mut req: Request,
    next: Next,
) -> Response {
    // Handlers build nextLinks from the path as sent and the query as the faults left it.
    let sent = axum::extract::OriginalUri(req.uri().clone());
    req.extensions_mut().insert(sent);
    let path = normal_path(req.uri().path(), &literals);
    if path != req.uri().path() {
        let pq = match req.uri().query() {
            Some(q) => format!("{path}?{q}"),
            None => path,
        };
        if let Ok(pq) = pq.parse::<axum::http::uri::PathAndQuery>() {
            let mut parts = req.uri().clone().into_parts();
            parts.path_and_query = Some(pq);
            if let Ok(u) = axum::http::Uri::from_parts(parts) {
                *req.uri_mut() = u;
            }
        }
    }
    next.run(req).await
}

/// Per route: the bearer token against the route's catalogue entry (401/403), then its quota (429).
pub async fn guard(AxState(st): AxState<Arc<State>>, mut req: Request, next: Next) -> Response {
    let Some(Endpoint(op)) = req.extensions().get::<Endpoint>().copied() else {
        return ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "InternalServerError",
            "The route has no catalogue entry.",
        )
        .into_response();
    };
    let claims = match authorize(&st, req.headers(), op) {
        Ok(c) => c,
        Err(e) => return e.into_response(),
    };
    if st.config.rate_limits {
        // The services count per tenant, application and API (limits are per app and tenant,
        // reference §5.3): MDE's advancedqueries/run and Graph's runHuntingQuery share a
        // catalogue family (one client budget) but not a service counter.
        let mut counter = format!(
            "{}|{}|{}",
            claims.tid.to_ascii_lowercase(),
            claims.appid,
            op.api.name()
        );
        if matches!(
            op.family,
            mdekit_spec::Family::Exports | mdekit_spec::Family::ExportFiles
        ) {
            // Each export page states its own limit ("this API"): one counter per export.
            counter = format!("{counter}|{}", op.id);
        }
        let verdict = lock(&st.limiter).check(&counter, op.family, Instant::now());
        if let Err(secs) = verdict {
            return ApiError::too_many(
                secs,
                format!("Rate limit is exceeded. Try again in {secs} seconds."),
            )
            .into_response();
        }
    }
    req.extensions_mut().insert(claims);
    next.run(req).await
}

/// 401 for anything wrong with the token itself; 403 for a good token with the wrong audience or without a role.
fn authorize(st: &State, headers: &HeaderMap, op: &Operation) -> Result<Claims, ApiError> {
    // Graph names a bad token `InvalidAuthenticationToken`; MDE documents `Unauthorized`.
    let graph = op.api == mdekit_spec::Api::Graph;
    let unauthorized_code = if graph {
        "InvalidAuthenticationToken"
    } else {
        "Unauthorized"
    };
    let unauthorized = |m: &str| ApiError::new(StatusCode::UNAUTHORIZED, unauthorized_code, m);
    let forbidden = |m: String| ApiError::new(StatusCode::FORBIDDEN, "Forbidden", m);
    let value = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .ok_or_else(|| unauthorized("Authorization header is missing."))?;
    let token = match value.split_once(' ') {
        Some((scheme, t)) if scheme.eq_ignore_ascii_case("bearer") && !t.trim().is_empty() => {
            t.trim()
        }
        _ => return Err(unauthorized("Authorization header is not a Bearer token.")),
    };
    let claims = st
        .signer
        .verify(token, &st.tenant_id)
        .map_err(|m| unauthorized(&m))?;
    let audience_ok = if graph {
        auth::graph_accepts(&claims.aud)
    } else {
        auth::mde_accepts(&claims.aud)
    };
    if !audience_ok {
        let want = if graph {
            auth::GRAPH_RESOURCE
        } else {
            auth::MDE_RESOURCE
        };
        return Err(forbidden(format!(
            "The access token audience '{}' is not valid for this API. Request a token for the resource {want}.",
            claims.aud
        )));
    }
    if let Some(scp) = &claims.scp {
        let scopes: Vec<&str> = scp.split_whitespace().collect();
        if !op.delegated_permissions.iter().any(|p| scopes.contains(p)) {
            let needed = if op.delegated_permissions.is_empty() {
                "none is documented for user context".to_string()
            } else {
                op.delegated_permissions.join(", ")
            };
            return Err(forbidden(format!(
                "The user token does not have any of the required delegated permissions ({needed}) to access the resource."
            )));
        }
    } else if !claims
        .roles
        .iter()
        .any(|r| op.app_permissions.contains(&r.as_str()))
    {
        return Err(forbidden(format!(
            "The application does not have any of the required application permissions ({}) to access the resource.",
            op.app_permissions.join(", ")
        )));
    }
    Ok(claims)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn literals() -> Literals {
        let mut l = Literals::default();
        for w in [
            "api",
            "machines",
            "FindByIp",
            "alerts",
            "v1.0",
            "security",
            "alerts_v2",
            "runHuntingQuery",
        ] {
            l.0.insert(w.to_lowercase(), w.to_string());
        }
        l
    }

    #[test]
    fn paths_normalise() {
        let l = literals();
        assert_eq!(normal_path("/API/V1.0/Alerts/", &l), "/api/alerts");
        assert_eq!(normal_path("//api//alerts/da1", &l), "/api/alerts/da1");
        assert_eq!(
            normal_path("/api/machines/ws%2D1.contoso", &l),
            "/api/machines/ws%2D1.contoso"
        );
        assert_eq!(normal_path("/api/%61lerts", &l), "/api/alerts");
        assert_eq!(
            normal_path(
                "/api/machines/findbyip(ip='10.0.0.1',timestamp=2024-01-01T00:00:00Z)",
                &l
            ),
            "/api/machines/FindByIp/(ip='10.0.0.1',timestamp=2024-01-01T00:00:00Z)"
        );
        assert_eq!(
            normal_path("/api/machines/FINDBYIP%28ip=%2710.0.0.1%27%29", &l),
            "/api/machines/FindByIp/(ip='10.0.0.1')"
        );
        assert_eq!(
            normal_path("/v1.0/Security/ALERTS_V2", &l),
            "/v1.0/security/alerts_v2"
        );
        assert_eq!(
            normal_path(
                "/v1.0/security/microsoft.graph.security.runHuntingQuery",
                &l
            ),
            "/v1.0/security/runHuntingQuery"
        );
        assert_eq!(normal_path("/", &l), "/");
    }
}
