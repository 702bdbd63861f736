//! Request handling: fault injection, routing, auth, throttling and the MDE / Graph / Entra routes.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Instant;

use axum::body::Body;
use axum::extract::{Request, State as AxState};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::response::Response;
use bytes::{BufMut, Bytes, BytesMut};
use chrono::Utc;
use serde_json::{json, Value};

use crate::actions;
use crate::alerts;
use crate::auth::{self, Claims};
use crate::config::FaultKind;
use crate::graph_security;
use crate::indicators;
use crate::investigations;
use crate::live_response;
use crate::machine_extras::{self, Sub};
use crate::odata::{self, EntitySpec, Filter};
use crate::pivots::{self, Pivot};
use crate::server::{truncate, ConnCtl};
use crate::state::{lock, normalise, read, State, Store};
use crate::throttle::Family;
use mdekit_spec::Operation;

pub const ODATA_JSON: &str =
    "application/json; odata.metadata=minimal; odata.streaming=true; charset=utf-8";
const MAX_TOP: usize = 10_000;
const MAX_BODY: usize = 16 * 1024 * 1024;

/// Which service's conventions a response follows.
#[derive(Clone, Copy, PartialEq)]
enum Service {
    Mde,
    Graph,
    Entra,
    /// Pre-signed blob downloads (Azure Storage): no API conventions, never re-encoded.
    Storage,
}

pub(crate) struct Ctx {
    rid: String,
    client_rid: Option<String>,
    service: Service,
}

pub async fn handle(AxState(st): AxState<Arc<State>>, req: Request) -> Response {
    let method = req.method().as_str().to_string();
    let path = req.uri().path().to_string();
    let query = req.uri().query().unwrap_or("").to_string();
    let seq = st.record_start(&method, &path, &query);
    let norm = normalise(&path);
    let service = if norm.starts_with("/v1.0/") {
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
    };
    let ctx = Ctx {
        rid: uuid::Uuid::new_v4().to_string(),
        client_rid: req
            .headers()
            .get("client-request-id")
            .and_then(|v| v.to_str().ok())
            .map(str::to_string),
        service,
    };
    let fault = st.take_fault(&method, &norm);
    let resp = match fault.as_ref().map(|f| &f.kind) {
        Some(FaultKind::Status {
            status,
            retry_after,
            code,
        }) => {
            let status = StatusCode::from_u16(*status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
            let code = code
                .clone()
                .unwrap_or_else(|| default_code(status).to_string());
            let message = format!(
                "Injected fault: {}",
                status.canonical_reason().unwrap_or("error")
            );
            let mut r = error(&ctx, status, &code, &message);
            if let Some(ra) = retry_after
                .as_ref()
                .and_then(|v| HeaderValue::from_str(v).ok())
            {
                r.headers_mut().insert(header::RETRY_AFTER, ra);
            }
            r
        }
        Some(FaultKind::Drop) => {
            st.record_finish(seq, 0, true);
            if let Some(ctl) = req.extensions().get::<ConnCtl>() {
                ctl.kill();
            }
            return std::future::pending().await;
        }
        Some(FaultKind::Delay(d)) => {
            tokio::time::sleep(*d).await;
            route(&st, &ctx, req).await
        }
        Some(FaultKind::Truncate) => {
            let ctl = req.extensions().get::<ConnCtl>().cloned();
            let r = route(&st, &ctx, req).await;
            st.record_finish(seq, r.status().as_u16(), true);
            // A truncation keeps its exact Content-Length, so it is never re-encoded.
            let mut r = finish(r, &ctx, &st);
            r.extensions_mut().remove::<Compressible>();
            return truncate(r, ctl).await;
        }
        Some(FaultKind::RepeatLink) => {
            let own = if query.is_empty() {
                format!("{}{path}", st.base_url)
            } else {
                format!("{}{path}?{query}", st.base_url)
            };
            link_back(route(&st, &ctx, req).await, &own).await
        }
        Some(FaultKind::IgnoreSkip) => route(&st, &ctx, without_skip(req)).await,
        None => route(&st, &ctx, req).await,
    };
    st.record_finish(seq, resp.status().as_u16(), fault.is_some());
    finish(resp, &ctx, &st)
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

/// Marks a response the compression layer may encode (see `server::compressible`).
#[derive(Clone, Copy)]
pub(crate) struct Compressible;

fn finish(mut r: Response, ctx: &Ctx, st: &State) -> Response {
    let compress = match ctx.service {
        Service::Mde => st.config.compress_mde,
        Service::Graph => st.config.compress_graph,
        Service::Entra | Service::Storage => false,
    };
    if compress {
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

fn default_code(s: StatusCode) -> &'static str {
    match s.as_u16() {
        400 => "BadRequest",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "NotFound",
        408 => "RequestTimeout",
        409 => "Conflict",
        429 => "TooManyRequests",
        500 => "InternalServerError",
        502 => "BadGateway",
        503 => "ServiceUnavailable",
        504 => "GatewayTimeout",
        s if s >= 500 => "InternalServerError",
        _ => "BadRequest",
    }
}

pub(crate) fn json_response(status: StatusCode, content_type: &str, body: Bytes) -> Response {
    let mut r = Response::new(Body::from(body));
    *r.status_mut() = status;
    let h = r.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_str(content_type).unwrap_or(HeaderValue::from_static("application/json")),
    );
    if content_type.contains("odata") {
        h.insert("OData-Version", HeaderValue::from_static("4.0"));
    }
    r
}

fn odata(status: StatusCode, body: Bytes) -> Response {
    json_response(status, ODATA_JSON, body)
}

pub(crate) fn to_bytes(v: &Value) -> Bytes {
    Bytes::from(serde_json::to_vec(v).unwrap_or_default())
}

/// The MDE envelope `{"error":{"code","message","target"}}` with the request id as target, or Graph's envelope on
/// Graph routes.
pub(crate) fn error(ctx: &Ctx, status: StatusCode, code: &str, message: &str) -> Response {
    let body = if ctx.service == Service::Graph {
        json!({"error": {"code": code, "message": message, "innerError": {
            "date": Utc::now().format("%Y-%m-%dT%H:%M:%S").to_string(),
            "request-id": ctx.rid,
            "client-request-id": ctx.client_rid.clone().unwrap_or_else(|| ctx.rid.clone()),
        }}})
    } else {
        json!({"error": {"code": code, "message": message, "target": ctx.rid}})
    };
    odata(status, to_bytes(&body))
}

#[derive(Clone, Copy)]
enum Route {
    AlertsList,
    AlertGet,
    MachinesList,
    MachineGet,
    AlertUpdate,
    AlertsBatchUpdate,
    AlertCreate,
    AlertRelated(alerts::Related),
    MachineAction(actions::Kind),
    FindByIp,
    FindByTag,
    MachineTags,
    MachineTagsMany,
    MachineDeviceValue,
    MachineSub(Sub),
    Pivot(Pivot),
    RunLiveResponse,
    LiveResponseResult,
    LibraryList,
    LibraryUpload,
    LibraryDelete,
    InvestigationsList,
    InvestigationGet,
    StartInvestigation,
    IndicatorsList,
    IndicatorSubmit,
    IndicatorsImport,
    IndicatorDelete,
    IndicatorsBatchDelete,
    MachineActionsList,
    MachineActionGet,
    PackageUri,
    CancelAction,
    Vulnerabilities,
    AdvancedQuery,
    GraphHunting,
    IncidentsList,
    IncidentGet,
    IncidentUpdate,
    IncidentComment,
    SecurityAlertsList,
    SecurityAlertGet,
    SecurityAlertUpdate,
    SecurityAlertComment,
    Export(crate::exports::Op),
}

impl Route {
    /// The catalogue entry of the route: its roles, quota family and API come from there.
    fn op(self) -> &'static Operation {
        use mdekit_spec as s;
        match self {
            Route::AlertsList => &s::ALERTS_LIST,
            Route::AlertGet => &s::ALERTS_GET,
            Route::MachinesList => &s::MACHINES_LIST,
            Route::MachineGet => &s::MACHINES_GET,
            Route::AlertUpdate => &s::ALERTS_UPDATE,
            Route::AlertsBatchUpdate => &s::ALERTS_BATCH_UPDATE,
            Route::AlertCreate => &s::ALERTS_CREATE_BY_REFERENCE,
            Route::AlertRelated(what) => what.op(),
            Route::MachineAction(kind) => kind.op(),
            Route::FindByIp => &s::MACHINES_FIND_BY_IP,
            Route::FindByTag => &s::MACHINES_FIND_BY_TAG,
            Route::MachineTags => &s::MACHINES_TAGS,
            Route::MachineTagsMany => &s::MACHINES_TAGS_MANY,
            Route::MachineDeviceValue => &s::MACHINES_SET_DEVICE_VALUE,
            Route::MachineSub(sub) => sub.op(),
            Route::Pivot(p) => p.op(),
            Route::RunLiveResponse => &s::LIVE_RESPONSE_RUN,
            Route::LiveResponseResult => &s::LIVE_RESPONSE_RESULT_LINK,
            Route::LibraryList => &s::LIBRARY_LIST,
            Route::LibraryUpload => &s::LIBRARY_UPLOAD,
            Route::LibraryDelete => &s::LIBRARY_DELETE,
            Route::InvestigationsList => &s::INVESTIGATIONS_LIST,
            Route::InvestigationGet => &s::INVESTIGATIONS_GET,
            Route::StartInvestigation => &s::INVESTIGATIONS_START,
            Route::IndicatorsList => &s::INDICATORS_LIST,
            Route::IndicatorSubmit => &s::INDICATORS_SUBMIT,
            Route::IndicatorsImport => &s::INDICATORS_IMPORT,
            Route::IndicatorDelete => &s::INDICATORS_DELETE,
            Route::IndicatorsBatchDelete => &s::INDICATORS_BATCH_DELETE,
            Route::MachineActionsList => &s::MACHINE_ACTIONS_LIST,
            Route::MachineActionGet => &s::MACHINE_ACTIONS_GET,
            Route::PackageUri => &s::MACHINE_ACTIONS_GET_PACKAGE_URI,
            Route::CancelAction => &s::MACHINE_ACTIONS_CANCEL,
            Route::Vulnerabilities => &s::VULNERABILITIES_BY_MACHINE,
            Route::AdvancedQuery => &s::ADVANCED_QUERIES_RUN,
            Route::GraphHunting => &s::HUNTING_RUN,
            Route::IncidentsList => &s::INCIDENTS_LIST,
            Route::IncidentGet => &s::INCIDENTS_GET,
            Route::IncidentUpdate => &s::INCIDENTS_UPDATE,
            Route::IncidentComment => &s::INCIDENTS_COMMENT,
            Route::SecurityAlertsList => &s::SECURITY_ALERTS_LIST,
            Route::SecurityAlertGet => &s::SECURITY_ALERTS_GET,
            Route::SecurityAlertUpdate => &s::SECURITY_ALERTS_UPDATE,
            Route::SecurityAlertComment => &s::SECURITY_ALERTS_COMMENT,
            Route::Export(op) => op.op(),
        }
    }

    fn family(self) -> Family {
        self.op().family
    }
}

fn decode_segment(s: &str) -> String {
    let bytes = s.as_bytes();
    let hex = |b: u8| (b as char).to_digit(16);
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                out.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

async fn route(st: &Arc<State>, ctx: &Ctx, req: Request) -> Response {
    let path = req.uri().path().to_string();
    let segs: Vec<String> = path
        .split('/')
        .filter(|s| !s.is_empty())
        .map(decode_segment)
        .collect();
    let is = |i: usize, w: &str| segs.get(i).is_some_and(|s| s.eq_ignore_ascii_case(w));
    let post = req.method() == Method::POST;
    let get = req.method() == Method::GET;
    let patch = req.method() == Method::PATCH;
    let delete = req.method() == Method::DELETE;

    if ctx.service == Service::Entra {
        let v2 = segs.len() == 4 && is(1, "oauth2") && is(2, "v2.0") && is(3, "token");
        let v1 = segs.len() == 3 && is(1, "oauth2") && is(2, "token");
        if (v1 || v2) && post {
            let tenant = segs[0].clone();
            return token_endpoint(st, req, &tenant, v2).await;
        }
        if let Some(r) = crate::managed_identity::route(st, &req) {
            return r;
        }
        if crate::identity::handles(&segs, req.method()) {
            return crate::identity::handle(st, req, segs).await;
        }
        if get {
            if let Some(r) = crate::discovery::route(st, &segs, req.uri().query()) {
                return r;
            }
        }
        if v1 || v2 {
            return entra_error(
                400,
                "invalid_request",
                900561,
                "The endpoint only accepts POST requests.",
            );
        }
        return error(
            ctx,
            StatusCode::NOT_FOUND,
            "NotFound",
            &format!("Resource {path} was not found."),
        );
    }

    // Result downloads are pre-signed storage URLs: no bearer token, no API conventions.
    if get && is(0, "liveresponse") && is(1, "results") {
        return live_response::download(st, req.uri().query().unwrap_or(""));
    }

    if ctx.service == Service::Storage && get {
        return crate::exports::blob(st.clone(), &path, req.uri().query().unwrap_or("")).await;
    }

    let mut api: Vec<String> = segs.clone();
    if is(0, "api") && is(1, "v1.0") {
        api.remove(1);
    }
    let ais = |i: usize, w: &str| api.get(i).is_some_and(|s| s.eq_ignore_ascii_case(w));
    let (route, id) = match api.len() {
        _ if get && crate::exports::Op::parse(&api).is_some() => {
            match crate::exports::Op::parse(&api) {
                Some(op) => (Route::Export(op), None),
                None => (Route::MachinesList, None),
            }
        }
        2 if get && ais(0, "api") && ais(1, "alerts") => (Route::AlertsList, None),
        3 if get && ais(0, "api") && ais(1, "alerts") => (Route::AlertGet, api.get(2).cloned()),
        3 if patch && ais(0, "api") && ais(1, "alerts") => {
            (Route::AlertUpdate, api.get(2).cloned())
        }
        3 if post && ais(0, "api") && ais(1, "alerts") && ais(2, "batchUpdate") => {
            (Route::AlertsBatchUpdate, None)
        }
        3 if post && ais(0, "api") && ais(1, "alerts") && ais(2, "CreateAlertByReference") => {
            (Route::AlertCreate, None)
        }
        4 if get
            && ais(0, "api")
            && ais(1, "alerts")
            && alerts::Related::from_segment(&api[3]).is_some() =>
        {
            let what = alerts::Related::from_segment(&api[3]).unwrap_or(alerts::Related::Machine);
            (Route::AlertRelated(what), api.get(2).cloned())
        }
        2 if get && ais(0, "api") && ais(1, "indicators") => (Route::IndicatorsList, None),
        2 if post && ais(0, "api") && ais(1, "indicators") => (Route::IndicatorSubmit, None),
        3 if post && ais(0, "api") && ais(1, "indicators") && ais(2, "import") => {
            (Route::IndicatorsImport, None)
        }
        3 if post && ais(0, "api") && ais(1, "indicators") && ais(2, "BatchDelete") => {
            (Route::IndicatorsBatchDelete, None)
        }
        3 if delete && ais(0, "api") && ais(1, "indicators") => {
            (Route::IndicatorDelete, api.get(2).cloned())
        }
        3 if get
            && ais(0, "api")
            && ais(1, "machines")
            && api[2].to_ascii_lowercase().starts_with("findbyip(") =>
        {
            (Route::FindByIp, api.get(2).cloned())
        }
        3 if get && ais(0, "api") && ais(1, "machines") && ais(2, "findbytag") => {
            (Route::FindByTag, None)
        }
        3 if post
            && ais(0, "api")
            && ais(1, "machines")
            && ais(2, "AddOrRemoveTagForMultipleMachines") =>
        {
            (Route::MachineTagsMany, None)
        }
        4 if post && ais(0, "api") && ais(1, "machines") && ais(3, "runliveresponse") => {
            (Route::RunLiveResponse, api.get(2).cloned())
        }
        4 if get
            && ais(0, "api")
            && ais(1, "machineactions")
            && api[3]
                .to_ascii_lowercase()
                .starts_with("getliveresponseresultdownloadlink(") =>
        {
            (Route::LiveResponseResult, api.get(2).cloned())
        }
        2 if get && ais(0, "api") && ais(1, "libraryfiles") => (Route::LibraryList, None),
        2 if post && ais(0, "api") && ais(1, "libraryfiles") => (Route::LibraryUpload, None),
        3 if delete && ais(0, "api") && ais(1, "libraryfiles") => {
            (Route::LibraryDelete, api.get(2).cloned())
        }
        4 if post && ais(0, "api") && ais(1, "machines") && ais(3, "startInvestigation") => {
            (Route::StartInvestigation, api.get(2).cloned())
        }
        2 if get && ais(0, "api") && ais(1, "investigations") => (Route::InvestigationsList, None),
        3 if get && ais(0, "api") && ais(1, "investigations") => {
            (Route::InvestigationGet, api.get(2).cloned())
        }
        4 if post && ais(0, "api") && ais(1, "machines") && ais(3, "tags") => {
            (Route::MachineTags, api.get(2).cloned())
        }
        4 if post && ais(0, "api") && ais(1, "machines") && ais(3, "setDeviceValue") => {
            (Route::MachineDeviceValue, api.get(2).cloned())
        }
        4 if get && ais(0, "api") && ais(1, "machines") && Sub::from_segment(&api[3]).is_some() => {
            let sub = Sub::from_segment(&api[3]).unwrap_or(Sub::Alerts);
            (Route::MachineSub(sub), api.get(2).cloned())
        }
        3 | 4
            if get
                && ais(0, "api")
                && Pivot::parse(&api[1], api.get(3).map(String::as_str)).is_some() =>
        {
            let p = Pivot::parse(&api[1], api.get(3).map(String::as_str)).unwrap_or(Pivot::File);
            (Route::Pivot(p), api.get(2).cloned())
        }
        2 if get && ais(0, "api") && ais(1, "machines") => (Route::MachinesList, None),
        3 if get && ais(0, "api") && ais(1, "machines") => (Route::MachineGet, api.get(2).cloned()),
        4 if post
            && ais(0, "api")
            && ais(1, "machines")
            && actions::Kind::from_segment(&api[3]).is_some() =>
        {
            let kind = actions::Kind::from_segment(&api[3]).unwrap_or(actions::Kind::Isolate);
            (Route::MachineAction(kind), api.get(2).cloned())
        }
        2 if get && ais(0, "api") && ais(1, "machineactions") => (Route::MachineActionsList, None),
        3 if get && ais(0, "api") && ais(1, "machineactions") => {
            (Route::MachineActionGet, api.get(2).cloned())
        }
        4 if get && ais(0, "api") && ais(1, "machineactions") && ais(3, "getPackageUri") => {
            (Route::PackageUri, api.get(2).cloned())
        }
        4 if post && ais(0, "api") && ais(1, "machineactions") && ais(3, "cancel") => {
            (Route::CancelAction, api.get(2).cloned())
        }
        3 if get
            && ais(0, "api")
            && ais(1, "vulnerabilities")
            && ais(2, "machinesVulnerabilities") =>
        {
            (Route::Vulnerabilities, None)
        }
        3 if post && ais(0, "api") && ais(1, "advancedqueries") && ais(2, "run") => {
            (Route::AdvancedQuery, None)
        }
        3 if post && is(0, "v1.0") && is(1, "security") && is(2, "runHuntingQuery") => {
            (Route::GraphHunting, None)
        }
        3..=5
            if is(0, "v1.0") && is(1, "security") && graph_route(&segs, req.method()).is_some() =>
        {
            match graph_route(&segs, req.method()) {
                Some(r) => (r, segs.get(3).cloned()),
                None => (Route::GraphHunting, None),
            }
        }
        _ => {
            return error(
                ctx,
                StatusCode::NOT_FOUND,
                "NotFound",
                &format!("Resource {path} was not found."),
            )
        }
    };

    let claims = match authorize(st, req.headers(), route) {
        Ok(c) => c,
        Err(r) => return error(ctx, r.status, r.code, &r.message),
    };
    if st.config.rate_limits {
        // The services count per application and per API: MDE's advancedqueries/run and Graph's
        // runHuntingQuery share a catalogue family (one client budget) but not a service counter.
        let mut counter = format!("{}|{}", claims.appid, route.op().api.name());
        if let Route::Export(op) = route {
            // Each export page states its own limit ("this API"): one counter per export.
            counter = format!("{counter}|{}", op.op().id);
        }
        let verdict = lock(&st.limiter).check(&counter, route.family(), Instant::now());
        if let Err(secs) = verdict {
            let mut r = error(
                ctx,
                StatusCode::TOO_MANY_REQUESTS,
                "TooManyRequests",
                &format!("Rate limit is exceeded. Try again in {secs} seconds."),
            );
            r.headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(secs));
            return r;
        }
    }
    let query = req.uri().query().unwrap_or("").to_string();
    match route {
        Route::AlertsList => list(
            st,
            ctx,
            &read(&st.alerts),
            &odata::ALERTS,
            "Alerts",
            &path,
            &query,
        ),
        Route::MachinesList => list(
            st,
            ctx,
            &read(&st.machines),
            &odata::MACHINES,
            "Machines",
            &path,
            &query,
        ),
        Route::Vulnerabilities => list(
            st,
            ctx,
            &st.vulnerabilities,
            &odata::VULNERABILITIES,
            "Collection(microsoft.windowsDefenderATP.api.PublicAssetVulnerabilityDto)",
            &path,
            &query,
        ),
        Route::AlertGet => {
            let id = id.unwrap_or_default();
            match read(&st.alerts).find_by_id(&id) {
                Some(e) => entity(st, "Alerts", &e.full),
                None => error(
                    ctx,
                    StatusCode::NOT_FOUND,
                    "ResourceNotFound",
                    &format!("Alert {id} was not found"),
                ),
            }
        }
        Route::MachineGet => {
            let id = id.unwrap_or_default();
            match read(&st.machines).find(&id) {
                Some(e) => entity(st, "Machines", &e.full),
                None => error(
                    ctx,
                    StatusCode::NOT_FOUND,
                    "ResourceNotFound",
                    &format!("Machine {id} was not found"),
                ),
            }
        }
        Route::AlertUpdate => {
            let id = id.unwrap_or_default();
            alerts::update(st, ctx, req, &id, &claims.appid).await
        }
        Route::AlertsBatchUpdate => alerts::batch_update(st, ctx, req, &claims.appid).await,
        Route::AlertCreate => alerts::create_by_reference(st, ctx, req, &st.tenant_id).await,
        Route::AlertRelated(what) => alerts::related(st, ctx, &id.unwrap_or_default(), what),
        Route::MachineAction(kind) => {
            let id = id.unwrap_or_default();
            actions::start(st, ctx, req, &id, kind, &claims.appid).await
        }
        Route::MachineActionsList => actions::list(st, ctx, &path, &query),
        Route::RunLiveResponse => {
            let id = id.unwrap_or_default();
            live_response::run(st, ctx, req, &id, &claims.appid).await
        }
        Route::LiveResponseResult => {
            let segment = api.get(3).cloned().unwrap_or_default();
            live_response::result_link(st, ctx, &id.unwrap_or_default(), &segment)
        }
        Route::LibraryList => live_response::library_list(st),
        Route::LibraryUpload => live_response::library_upload(st, ctx, req, &claims.appid).await,
        Route::LibraryDelete => live_response::library_delete(st, ctx, &id.unwrap_or_default()),
        Route::InvestigationsList => investigations::list(st, ctx, &path, &query),
        Route::InvestigationGet => investigations::get(st, ctx, &id.unwrap_or_default()),
        Route::StartInvestigation => {
            investigations::start(st, ctx, req, &id.unwrap_or_default()).await
        }
        Route::FindByIp => machine_extras::find_by_ip(st, ctx, &id.unwrap_or_default()),
        Route::FindByTag => machine_extras::find_by_tag(st, ctx, &query),
        Route::MachineTags => machine_extras::tags(st, ctx, req, &id.unwrap_or_default()).await,
        Route::MachineTagsMany => machine_extras::tags_many(st, ctx, req).await,
        Route::MachineDeviceValue => {
            machine_extras::set_device_value(st, ctx, req, &id.unwrap_or_default()).await
        }
        Route::MachineSub(sub) => machine_extras::list(st, ctx, &id.unwrap_or_default(), sub),
        Route::Pivot(p) => pivots::handle(st, ctx, p, &id.unwrap_or_default(), &query),
        Route::IndicatorsList => indicators::list(st, ctx, &claims, &path, &query),
        Route::IndicatorSubmit => indicators::submit(st, ctx, req, &claims.appid).await,
        Route::IndicatorsImport => indicators::import(st, ctx, req, &claims.appid).await,
        Route::IndicatorDelete => indicators::delete(st, ctx, &id.unwrap_or_default()),
        Route::IndicatorsBatchDelete => indicators::batch_delete(st, ctx, req).await,
        Route::MachineActionGet => actions::get(st, ctx, &id.unwrap_or_default()),
        Route::PackageUri => actions::package_uri(st, ctx, &id.unwrap_or_default()),
        Route::CancelAction => {
            let id = id.unwrap_or_default();
            actions::cancel(st, ctx, req, &id, &claims.appid).await
        }
        Route::AdvancedQuery | Route::GraphHunting => hunting(st, ctx, req, route).await,
        Route::IncidentsList => graph_security::list_incidents(st, ctx, &path, &query),
        Route::IncidentGet => {
            graph_security::get_incident(st, ctx, &id.unwrap_or_default(), &query)
        }
        Route::IncidentUpdate => {
            graph_security::update_incident(st, ctx, req, &id.unwrap_or_default()).await
        }
        Route::IncidentComment => {
            let id = id.unwrap_or_default();
            graph_security::comment_incident(st, ctx, req, &id, &claims.appid).await
        }
        Route::SecurityAlertsList => graph_security::list_alerts(st, ctx, &path, &query),
        Route::SecurityAlertGet => graph_security::get_alert(st, ctx, &id.unwrap_or_default()),
        Route::SecurityAlertUpdate => {
            graph_security::update_alert(st, ctx, req, &id.unwrap_or_default()).await
        }
        Route::SecurityAlertComment => {
            let id = id.unwrap_or_default();
            graph_security::comment_alert(st, ctx, req, &id, &claims.appid).await
        }
        Route::Export(op) => crate::exports::handle(st, ctx, op, &path, &query),
    }
}

/// `/v1.0/security/{incidents|alerts_v2}[/{id}[/comments]]` by method.
fn graph_route(segs: &[String], method: &Method) -> Option<Route> {
    let coll = segs.get(2)?.to_ascii_lowercase();
    let incidents = match coll.as_str() {
        "incidents" => true,
        "alerts_v2" => false,
        _ => return None,
    };
    let comments = segs
        .get(4)
        .is_some_and(|s| s.eq_ignore_ascii_case("comments"));
    let r = match (segs.len(), method.as_str(), incidents) {
        (3, "GET", true) => Route::IncidentsList,
        (4, "GET", true) => Route::IncidentGet,
        (4, "PATCH", true) => Route::IncidentUpdate,
        (5, "POST", true) if comments => Route::IncidentComment,
        (3, "GET", false) => Route::SecurityAlertsList,
        (4, "GET", false) => Route::SecurityAlertGet,
        (4, "PATCH", false) => Route::SecurityAlertUpdate,
        (5, "POST", false) if comments => Route::SecurityAlertComment,
        _ => return None,
    };
    Some(r)
}

pub(crate) fn entra_error(status: u16, error: &str, code: u32, text: &str) -> Response {
    let e = auth::aad_error(status, error, code, text, Utc::now());
    json_response(
        StatusCode::from_u16(e.status).unwrap_or(StatusCode::BAD_REQUEST),
        "application/json; charset=utf-8",
        to_bytes(&e.body),
    )
}

async fn token_endpoint(st: &Arc<State>, req: Request, tenant: &str, v2: bool) -> Response {
    let body = axum::body::to_bytes(req.into_body(), MAX_BODY)
        .await
        .unwrap_or_default();
    let form: HashMap<String, String> = form_urlencoded::parse(&body).into_owned().collect();
    let treq = auth::TokenRequest {
        tenant_segment: tenant,
        tenant_named: crate::identity::names_tenant(st, tenant),
        v2,
        form: &form,
    };
    let now = Utc::now();
    let user_grant = match crate::identity::tenant_check(st, tenant, now) {
        Err(e) => Some(Err(e)),
        Ok(()) => crate::identity::user_grant(st, &treq, now),
    };
    let result = if let Some(r) = user_grant {
        r
    } else {
        let apps = st.apps();
        auth::token(
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

/// Why a request was refused before reaching its handler.
struct Refusal {
    status: StatusCode,
    code: &'static str,
    message: String,
}

/// 401 for anything wrong with the token itself; 403 for a good token with the wrong audience or without a role.
fn authorize(st: &State, headers: &HeaderMap, route: Route) -> Result<Claims, Refusal> {
    // Graph names a bad token `InvalidAuthenticationToken`; MDE documents `Unauthorized`.
    let graph = route.op().api == mdekit_spec::Api::Graph;
    let unauthorized_code = if graph {
        "InvalidAuthenticationToken"
    } else {
        "Unauthorized"
    };
    let unauthorized = |m: &str| Refusal {
        status: StatusCode::UNAUTHORIZED,
        code: unauthorized_code,
        message: m.to_string(),
    };
    let forbidden = |m: String| Refusal {
        status: StatusCode::FORBIDDEN,
        code: "Forbidden",
        message: m,
    };
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
    let op = route.op();
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

/// A single entity built from a map, with `@odata.context` first and the given status (201 for created).
pub(crate) fn odata_entity(
    st: &State,
    set: &str,
    value: &serde_json::Map<String, Value>,
    status: StatusCode,
) -> Response {
    let mut r = entity(st, set, &to_bytes(&Value::Object(value.clone())));
    *r.status_mut() = status;
    r
}

/// A primitive or collection result: `{"@odata.context": ".../$metadata#{type}", "value": ...}`.
pub(crate) fn odata_value(st: &State, type_name: &str, value: Value) -> Response {
    let body = json!({
        "@odata.context": format!("{}/api/$metadata#{type_name}", st.base_url),
        "value": value,
    });
    odata(StatusCode::OK, to_bytes(&body))
}

/// Reads a JSON object body; anything else is the documented 400 `InvalidRequestBody`.
pub(crate) async fn read_json_body(
    ctx: &Ctx,
    req: Request,
) -> Result<serde_json::Map<String, Value>, Response> {
    let bad = || {
        error(
            ctx,
            StatusCode::BAD_REQUEST,
            "InvalidRequestBody",
            "Invalid request body",
        )
    };
    let body = axum::body::to_bytes(req.into_body(), MAX_BODY)
        .await
        .map_err(|_| bad())?;
    match serde_json::from_slice(&body) {
        Ok(Value::Object(m)) => Ok(m),
        _ => Err(bad()),
    }
}

fn entity(st: &State, set: &str, json: &Bytes) -> Response {
    let mut b = BytesMut::with_capacity(json.len() + 96);
    b.put_slice(
        format!(
            "{{\"@odata.context\":\"{}/api/$metadata#{set}/$entity\"",
            st.base_url
        )
        .as_bytes(),
    );
    if json.len() > 2 {
        b.put_u8(b',');
        b.put_slice(&json[1..]);
    } else {
        b.put_u8(b'}');
    }
    odata(StatusCode::OK, b.freeze())
}

pub struct ListOptions {
    filter: Option<Filter>,
    top: Option<usize>,
    skip: usize,
    expand: bool,
}

pub fn list_options(query: &str, spec: &EntitySpec) -> Result<ListOptions, String> {
    let mut o = ListOptions {
        filter: None,
        top: None,
        skip: 0,
        expand: false,
    };
    for (k, v) in form_urlencoded::parse(query.as_bytes()) {
        match k.to_ascii_lowercase().as_str() {
            "$filter" => o.filter = Some(Filter::parse(&v, spec)?),
            "$top" => {
                let n: usize = v.trim().parse().map_err(|_| {
                    format!("Invalid value '{v}' for $top: expected a non-negative integer.")
                })?;
                if n > MAX_TOP {
                    return Err(format!("The limit of '{MAX_TOP}' for Top query has been exceeded. The value from the incoming request is '{n}'."));
                }
                o.top = Some(n);
            }
            "$skip" => {
                o.skip = v.trim().parse().map_err(|_| {
                    format!("Invalid value '{v}' for $skip: expected a non-negative integer.")
                })?
            }
            "$expand" => {
                for item in v.split(',').map(str::trim).filter(|s| !s.is_empty()) {
                    if spec.type_name == "Alert" && item.eq_ignore_ascii_case("evidence") {
                        o.expand = true;
                    } else {
                        return Err(format!("Could not find a navigation property named '{item}' on type '{}' for $expand.", spec.type_name));
                    }
                }
            }
            _ => {}
        }
    }
    Ok(o)
}

/// Counts entities matching a filter, for `Sandbox::count`.
pub fn count(store: &Store, spec: &EntitySpec, filter: Option<&str>) -> Result<usize, String> {
    let f = filter
        .filter(|f| !f.trim().is_empty())
        .map(|f| Filter::parse(f, spec))
        .transpose()?;
    Ok(store
        .items
        .iter()
        .filter(|e| f.as_ref().is_none_or(|f| f.matches(&e.value)))
        .count())
}

/// Without `$top`: pages of `page_size` with an `@odata.nextLink` re-issuing the request with `$skip`; with
/// `$top`: at most `$top` items and no nextLink (reference §4.3). An empty machine inventory is a documented 404.
pub(crate) fn list(
    st: &State,
    ctx: &Ctx,
    store: &Store,
    spec: &EntitySpec,
    set: &str,
    path: &str,
    query: &str,
) -> Response {
    let opts = match list_options(query, spec) {
        Ok(o) => o,
        Err(m) => return error(ctx, StatusCode::BAD_REQUEST, "ODataError", &m),
    };
    if set == "Machines" && store.items.is_empty() {
        return error(
            ctx,
            StatusCode::NOT_FOUND,
            "ResourceNotFound",
            "No recent machines were found.",
        );
    }
    let matching = store
        .items
        .iter()
        .filter(|e| opts.filter.as_ref().is_none_or(|f| f.matches(&e.value)));
    let take = opts.top.unwrap_or(st.config.page_size.max(1));
    let mut page = matching.skip(opts.skip).take(take.saturating_add(1));
    let mut body = BytesMut::with_capacity(64 * 1024);
    body.put_slice(
        format!(
            "{{\"@odata.context\":\"{}/api/$metadata#{set}\",\"value\":[",
            st.base_url
        )
        .as_bytes(),
    );
    let mut n = 0;
    let mut more = false;
    for e in page.by_ref() {
        if n == take {
            more = true;
            break;
        }
        if n > 0 {
            body.put_u8(b',');
        }
        body.put_slice(if opts.expand { &e.full } else { &e.listed });
        n += 1;
    }
    body.put_u8(b']');
    if more && opts.top.is_none() {
        let next = next_link(&st.base_url, path, query, opts.skip + n);
        body.put_slice(b",\"@odata.nextLink\":");
        body.put_slice(&serde_json::to_vec(&next).unwrap_or_default());
    }
    body.put_u8(b'}');
    odata(StatusCode::OK, body.freeze())
}

/// The same request with `$skip` replaced, other parameters kept verbatim.
pub(crate) fn next_link(base: &str, path: &str, query: &str, skip: usize) -> String {
    let mut parts: Vec<&str> = query
        .split('&')
        .filter(|p| !p.is_empty())
        .filter(|p| {
            let key = p.split('=').next().unwrap_or("");
            let decoded: String = form_urlencoded::parse(key.as_bytes())
                .map(|(k, _)| k.into_owned())
                .collect();
            !decoded.eq_ignore_ascii_case("$skip")
        })
        .collect();
    let skip_part = format!("$skip={skip}");
    parts.push(&skip_part);
    format!("{base}{path}?{}", parts.join("&"))
}

async fn hunting(st: &Arc<State>, ctx: &Ctx, req: Request, route: Route) -> Response {
    let graph = matches!(route, Route::GraphHunting);
    let body = match axum::body::to_bytes(req.into_body(), MAX_BODY).await {
        Ok(b) => b,
        Err(_) => {
            return error(
                ctx,
                StatusCode::BAD_REQUEST,
                "InvalidRequestBody",
                "Invalid request body",
            )
        }
    };
    let parsed: Value = match serde_json::from_slice(&body) {
        Ok(v @ Value::Object(_)) => v,
        _ => {
            return error(
                ctx,
                StatusCode::BAD_REQUEST,
                "InvalidRequestBody",
                "Invalid request body",
            )
        }
    };
    // MDE binds body keys case-sensitively (reference §3); Graph's beta example sends `query`, so Graph takes both.
    let q = parsed
        .get("Query")
        .or_else(|| if graph { parsed.get("query") } else { None });
    let Some(Value::String(query)) = q else {
        return error(
            ctx,
            StatusCode::BAD_REQUEST,
            "MissingRequiredParameter",
            "Parameter Query is missing",
        );
    };
    // Graph's optional `Timespan` narrows every table to a window (runHuntingQuery docs).
    let window = match (
        graph,
        parsed.get("Timespan").or_else(|| parsed.get("timespan")),
    ) {
        (true, Some(Value::String(ts))) => {
            match crate::hunting_limits::parse_timespan(ts, Utc::now()) {
                Some(w) => Some(w),
                None => {
                    return error(
                        ctx,
                        StatusCode::BAD_REQUEST,
                        "BadRequest",
                        &format!("Invalid Timespan '{ts}'."),
                    )
                }
            }
        }
        _ => None,
    };
    let limits = st.config.hunting.clone();
    if let Err(secs) = lock(&st.hunting_cpu).check(limits.cpu_quota_ms_per_hour, Instant::now()) {
        let mut r = error(
            ctx,
            StatusCode::TOO_MANY_REQUESTS,
            "TooManyRequests",
            &format!(
                "The tenant has used its advanced hunting CPU quota. Try again in {secs} seconds."
            ),
        );
        r.headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from(secs));
        return r;
    }
    let started = Instant::now();
    let result = {
        let st = st.clone();
        let query = query.clone();
        let opts = crate::kql::RunOptions {
            now: Utc::now(),
            window,
            max_rows: limits.max_rows,
            graph,
        };
        tokio::task::spawn_blocking(move || crate::kql::run(&st.tables, &query, opts)).await
    };
    let result = match result {
        Ok(Ok(r)) => r,
        Ok(Err(m)) => return error(ctx, StatusCode::BAD_REQUEST, "BadRequest", &m),
        Err(_) => {
            return error(
                ctx,
                StatusCode::INTERNAL_SERVER_ERROR,
                "InternalServerError",
                "The query failed.",
            )
        }
    };
    let cpu_ms = result.scanned as f64 * limits.cpu_ms_per_row;
    lock(&st.hunting_cpu).charge(cpu_ms, Instant::now());
    if cpu_ms > limits.max_query_cpu_ms {
        return error(
            ctx,
            StatusCode::BAD_REQUEST,
            "BadRequest",
            crate::hunting_limits::QUERY_CPU_MESSAGE,
        );
    }
    let size: usize = result
        .rows
        .iter()
        .map(|r| serde_json::to_vec(r).map(|b| b.len() + 1).unwrap_or(0))
        .sum();
    if size > limits.max_result_bytes {
        return error(
            ctx,
            StatusCode::BAD_REQUEST,
            "BadRequest",
            crate::hunting_limits::RESULT_SIZE_MESSAGE,
        );
    }
    let rows: Vec<Value> = result.rows.into_iter().map(Value::Object).collect();
    let out = if graph {
        let schema: Vec<Value> = result
            .columns
            .iter()
            .map(|c| json!({"name": c.name, "type": c.ty}))
            .collect();
        json!({
            "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#microsoft.graph.security.huntingQueryResults",
            "schema": schema,
            "results": rows,
        })
    } else {
        let schema: Vec<Value> = result
            .columns
            .iter()
            .map(|c| json!({"Name": c.name, "Type": c.ty}))
            .collect();
        let secs = started.elapsed().as_secs_f64();
        json!({
            "Stats": {
                "ExecutionTime": (secs * 1e7).round() / 1e7,
                "resource_usage": {
                    "cache": {
                        "memory": {"hits": result.scanned, "misses": 0, "total": result.scanned},
                        "disk": {"hits": 0, "misses": 0, "total": 0}
                    },
                    "cpu": {"user": "00:00:00", "kernel": "00:00:00", "total cpu": "00:00:00"},
                    "memory": {"peak_per_node": 16 * 1024 * 1024 + size}
                },
                "dataset_statistics": [{"table_row_count": rows.len(), "table_size": size}]
            },
            "Schema": schema,
            "Results": rows,
        })
    };
    odata(StatusCode::OK, to_bytes(&out))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_link_replaces_skip() {
        assert_eq!(
            next_link(
                "http://h",
                "/api/alerts",
                "$filter=severity+eq+'High'&$skip=5",
                10
            ),
            "http://h/api/alerts?$filter=severity+eq+'High'&$skip=10"
        );
        assert_eq!(
            next_link("http://h", "/api/machines", "", 3),
            "http://h/api/machines?$skip=3"
        );
        assert_eq!(
            next_link("http://h", "/api/machines", "%24skip=1&x=1", 3),
            "http://h/api/machines?x=1&$skip=3"
        );
    }

    #[test]
    fn decodes_path_segments() {
        assert_eq!(decode_segment("ws%2D1.contoso"), "ws-1.contoso");
        assert_eq!(decode_segment("abc%"), "abc%");
        assert_eq!(decode_segment("a%zz"), "a%zz");
    }
}
