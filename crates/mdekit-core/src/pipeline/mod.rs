//! The request pipeline, in order: client-side rate limiter -> retry -> auth -> transport.
//!
//! Every operation of every API family goes through [`Pipeline::send`], so throttling, retries,
//! token refresh and error mapping are written once.

pub mod clock;
pub mod rate_limit;
pub mod retry;
pub mod transport;

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use reqwest::header::{HeaderMap, AUTHORIZATION, CONTENT_TYPE, RETRY_AFTER};
use reqwest::Method;
use url::Url;

use crate::auth::TokenCache;
use crate::config::Endpoints;
use crate::error::{describe_chain, Error, ErrorKind, Result};
use clock::SharedClock;
use mdekit_spec::Operation;
use rate_limit::{Family, RateLimiter};
use retry::{is_retryable_status, parse_retry_after, RetryPolicy};

/// Which token audience a request needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Audience {
    Mde,
    Graph,
}

/// Whether a request may be sent again after a failure that leaves its fate unknown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Idempotency {
    /// Reads (GET, and POSTs that only read, like a hunting query): any retryable failure retries.
    Safe,
    /// State-changing calls: retried only when the service provably did not run them
    /// (a 429, or a connection that was never established).
    StateChanging,
}

/// How a request proves who sends it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuthMode {
    /// A bearer token for the operation's audience, refreshed once after a 401.
    Bearer,
    /// Nothing: pre-signed storage URLs (SAS) carry their own authorisation, and the documented
    /// downloads send no bearer token.
    None,
}

/// One part of a `multipart/form-data` body.
#[derive(Debug, Clone)]
pub struct Part {
    pub name: String,
    /// Set for a file part.
    pub file_name: Option<String>,
    pub content_type: Option<String>,
    pub data: Bytes,
}

impl Part {
    pub fn text(name: &str, value: &str) -> Self {
        Part {
            name: name.to_owned(),
            file_name: None,
            content_type: None,
            data: Bytes::copy_from_slice(value.as_bytes()),
        }
    }
}

/// A request body. Every kind is cheap to clone (`Bytes`), so an attempt can be sent again.
#[derive(Debug, Clone, Default)]
pub enum Body {
    #[default]
    Empty,
    Json(serde_json::Value),
    Bytes {
        content_type: String,
        data: Bytes,
    },
    /// `application/x-www-form-urlencoded`.
    Form(Vec<(String, String)>),
    Multipart(Vec<Part>),
}

/// A synthetic catalogue entry for requests that are not API operations: a pre-signed storage
/// download. It has no quota family of its own, reads only, and names no permission.
pub const STORAGE_DOWNLOAD: Operation = Operation {
    id: "storage.download",
    ..mdekit_spec::UNCATALOGUED
};

/// One request: the catalogue entry it sends (quota family, idempotency, audience and the
/// permissions a 403 names all come from there), its URL and its body.
#[derive(Debug, Clone)]
pub struct Request {
    pub op: &'static Operation,
    pub method: Method,
    pub url: Url,
    pub body: Body,
    pub auth: AuthMode,
    /// Sees a successful response's body while it arrives (see [`BodyObserver`]).
    pub observer: Option<Arc<dyn BodyObserver>>,
}

/// Something that works on a successful (2xx) response body while it arrives, such as the
/// conversion of a hunting result into columns, so the work overlaps the download instead of
/// following it. The pipeline still reads the whole body and returns it as usual.
pub trait BodyObserver: Send + Sync + std::fmt::Debug {
    /// A 2xx body is about to be read. Called again if an attempt failed part-way and the call
    /// is retried: whatever was seen before belongs to the failed attempt.
    fn begin(&self);
    /// The next piece of the (decompressed) body.
    fn chunk(&self, chunk: &Bytes);
}

fn http_method(m: mdekit_spec::Method) -> Method {
    match m {
        mdekit_spec::Method::Get => Method::GET,
        mdekit_spec::Method::Post => Method::POST,
        mdekit_spec::Method::Patch => Method::PATCH,
        mdekit_spec::Method::Delete => Method::DELETE,
    }
}

impl Request {
    /// `op` at `url`, with the operation's method, no body and a bearer token.
    pub fn new(op: &'static Operation, url: Url) -> Self {
        Request {
            op,
            method: http_method(op.method),
            url,
            body: Body::Empty,
            auth: AuthMode::Bearer,
            observer: None,
        }
    }

    /// Lets `observer` see the body of a successful response as it arrives.
    pub fn observe(mut self, observer: Arc<dyn BodyObserver>) -> Self {
        self.observer = Some(observer);
        self
    }

    pub fn json(mut self, body: serde_json::Value) -> Self {
        self.body = Body::Json(body);
        self
    }

    pub fn body(mut self, body: Body) -> Self {
        self.body = body;
        self
    }

    pub fn family(&self) -> Family {
        self.op.family
    }

    pub fn audience(&self) -> Audience {
        match self.op.api {
            mdekit_spec::Api::Mde => Audience::Mde,
            mdekit_spec::Api::Graph => Audience::Graph,
        }
    }

    pub fn idempotency(&self) -> Idempotency {
        if self.op.state_changing {
            Idempotency::StateChanging
        } else {
            Idempotency::Safe
        }
    }
}

/// A successful response: status and the raw body (the bindings convert bytes straight to Python).
#[derive(Debug, Clone)]
pub struct Response {
    pub status: u16,
    pub body: Bytes,
    pub request_id: Option<String>,
    /// The `client-request-id` the service echoed (Graph does), else the one sent.
    pub client_request_id: Option<String>,
}

impl Response {
    pub fn json(&self) -> Result<serde_json::Value> {
        serde_json::from_slice(&self.body).map_err(|e| {
            let mut err = Error::decode(format!("the service sent a body that is not JSON: {e}"));
            err.request_id = self.request_id.clone();
            err
        })
    }
}

/// Counters a caller can read to see what the pipeline did (tests, diagnostics).
#[derive(Debug, Default)]
pub struct Stats {
    pub attempts: AtomicU64,
    pub retries: AtomicU64,
    pub token_refreshes_after_401: AtomicU64,
}

/// Pieces shared by every clone of a client, including clones with other per-call options.
#[derive(Debug)]
pub struct Shared {
    pub http: reqwest::Client,
    pub auth: TokenCache,
    pub endpoints: Endpoints,
    pub limiter: RateLimiter,
    pub clock: SharedClock,
    pub stats: Stats,
    /// Bound on one response body after decompression (`ClientOptions::max_response_bytes`).
    pub max_response_bytes: u64,
}

#[derive(Debug, Clone)]
pub struct Pipeline {
    pub shared: Arc<Shared>,
    pub retry: RetryPolicy,
    /// Time limit of one attempt, from sending to the last body byte.
    pub timeout: Duration,
}

fn echoed_client_request_id(headers: &HeaderMap, sent: &str) -> String {
    headers
        .get("client-request-id")
        .and_then(|v| v.to_str().ok())
        .unwrap_or(sent)
        .to_owned()
}

fn request_id(headers: &HeaderMap) -> Option<String> {
    [
        "request-id",
        "x-ms-request-id",
        "client-request-id",
        "x-request-id",
    ]
    .iter()
    .find_map(|h| headers.get(*h).and_then(|v| v.to_str().ok()))
    .map(str::to_owned)
}

/// What one attempt produced, before the retry decision.
enum Attempt {
    Done(Response),
    Status {
        status: u16,
        body: Bytes,
        headers: HeaderMap,
    },
    Transport {
        error: reqwest::Error,
        sent: bool,
    },
    /// A failure that no retry can fix (a body over the size bound).
    Fatal(Error),
}

impl Pipeline {
    pub fn endpoints(&self) -> &Endpoints {
        &self.shared.endpoints
    }

    fn scope(&self, audience: Audience) -> &str {
        match audience {
            Audience::Mde => &self.shared.endpoints.mde_scope,
            Audience::Graph => &self.shared.endpoints.graph_scope,
        }
    }

    async fn attempt(&self, req: &Request, token: Option<&str>, client_rid: &str) -> Attempt {
        let mut builder = self
            .shared
            .http
            .request(req.method.clone(), req.url.clone())
            .timeout(self.timeout);
        if req.auth == AuthMode::Bearer {
            // Graph logs it beside its own request-id, so a support case can name the call; a
            // pre-signed storage URL gets nothing extra.
            builder = builder.header("client-request-id", client_rid);
        }
        if let Some(token) = token {
            builder = builder
                .header(AUTHORIZATION, format!("Bearer {token}"))
                .header("Accept", "application/json");
        }
        builder = match &req.body {
            Body::Empty => builder,
            Body::Json(body) => builder
                .header(CONTENT_TYPE, "application/json; charset=utf-8")
                .body(body.to_string()),
            Body::Bytes { content_type, data } => builder
                .header(CONTENT_TYPE, content_type.as_str())
                .body(data.clone()),
            Body::Form(pairs) => builder
                .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
                .body(
                    form_urlencoded::Serializer::new(String::new())
                        .extend_pairs(pairs)
                        .finish(),
                ),
            Body::Multipart(parts) => builder.multipart(multipart_form(parts)),
        };
        self.shared.stats.attempts.fetch_add(1, Ordering::Relaxed);
        tracing::debug!(method = %req.method, url = %redact_url(&req.url), "sending request");
        let response = match builder.send().await {
            Ok(r) => r,
            Err(error) => {
                // is_connect: the TCP/TLS connection never came up, so nothing was sent.
                let sent = !error.is_connect();
                return Attempt::Transport { error, sent };
            }
        };
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let observer = req
            .observer
            .as_deref()
            .filter(|_| (200..300).contains(&status));
        let body = match read_body(response, self.shared.max_response_bytes, observer).await {
            Ok(b) => b,
            Err(BodyError::Transport(error)) => return Attempt::Transport { error, sent: true },
            Err(BodyError::TooLarge) => {
                let mut err = Error::new(
                    ErrorKind::Decode,
                    format!(
                        "{} {}: the response body is larger than max_response_bytes ({} bytes \
                         after decompression); raise the bound if this response is expected",
                        req.method,
                        redact_url(&req.url),
                        self.shared.max_response_bytes
                    ),
                );
                err.status = Some(status);
                err.request_id = request_id(&headers);
                return Attempt::Fatal(err);
            }
        };
        if (200..300).contains(&status) {
            Attempt::Done(Response {
                status,
                body,
                request_id: request_id(&headers),
                client_request_id: Some(echoed_client_request_id(&headers, client_rid)),
            })
        } else {
            Attempt::Status {
                status,
                body,
                headers,
            }
        }
    }

    /// Waits for the limiter, within what is left of this call's time budget (one attempt's
    /// timeout, and the retries' total): a family the service paused for longer fails the call
    /// as throttled, with the wait as `retry_after`, instead of holding it past `timeout`.
    async fn acquire(&self, req: &Request, started: std::time::Instant) -> Result<()> {
        let elapsed = self.shared.clock.now().saturating_duration_since(started);
        let budget = self
            .timeout
            .min(self.retry.total_timeout.saturating_sub(elapsed));
        match self
            .shared
            .limiter
            .acquire_within(req.family(), budget)
            .await
        {
            Ok(()) => Ok(()),
            Err(wait) => {
                let mut err = Error::new(
                    ErrorKind::HttpResponse,
                    format!(
                        "{} calls are held back by the client-side rate limiter for {:.1} s, \
                         longer than this call's time budget ({:.1} s)",
                        req.family().name(),
                        wait.as_secs_f64(),
                        budget.as_secs_f64()
                    ),
                );
                err.status = Some(429);
                err.code = Some("ClientThrottled".into());
                err.retry_after = Some(wait);
                Err(err)
            }
        }
    }

    /// Sends `req` through rate limiting, retries and auth. Non-success statuses become
    /// [`Error`]s carrying the service's code, message and request id.
    pub async fn send(&self, req: Request) -> Result<Response> {
        let clock = &self.shared.clock;
        let scope = self.scope(req.audience()).to_owned();
        let family = req.family();
        let idempotency = req.idempotency();
        let started = clock.now();
        let mut retries: u32 = 0;
        let mut refreshed_after_401 = false;
        // One id for every attempt of the call: retries are the same logical request.
        let client_rid = uuid::Uuid::new_v4().to_string();
        loop {
            self.acquire(&req, started).await?;
            let token = match req.auth {
                AuthMode::Bearer => Some(self.token(&scope).await?),
                AuthMode::None => None,
            };
            let outcome = self
                .attempt(&req, token.as_ref().map(|t| t.expose()), &client_rid)
                .await;
            let (error, retry_after, may_retry) = match outcome {
                Attempt::Done(resp) => return Ok(resp),
                Attempt::Status {
                    status,
                    body,
                    headers,
                } => {
                    let retry_after = headers
                        .get(RETRY_AFTER)
                        .and_then(|v| v.to_str().ok())
                        .and_then(|v| parse_retry_after(v, clock.system_now()));
                    let mut error =
                        Error::from_response(status, &body, request_id(&headers), retry_after);
                    if error.client_request_id.is_none() && req.auth == AuthMode::Bearer {
                        error.client_request_id =
                            Some(echoed_client_request_id(&headers, &client_rid));
                    }
                    if status == 403 {
                        name_required_permissions(&mut error, &req);
                    }
                    if let (429, Some(wait)) = (status, retry_after) {
                        // The service's quota is per app and tenant: hold back every call of this
                        // family, not just this one (e.g. the hunting CPU quota).
                        self.shared.limiter.pause(family, wait);
                    }
                    if let (401, false, Some(token)) = (status, refreshed_after_401, &token) {
                        // The token may have been revoked or expired early: drop it and try
                        // once more with a fresh one. A request answered 401 did not run.
                        refreshed_after_401 = true;
                        self.shared.auth.invalidate(&scope, token).await;
                        self.shared
                            .stats
                            .token_refreshes_after_401
                            .fetch_add(1, Ordering::Relaxed);
                        continue;
                    }
                    let may_retry = is_retryable_status(status)
                        && (idempotency == Idempotency::Safe || status == 429);
                    (error, retry_after, may_retry)
                }
                Attempt::Fatal(error) => return Err(error),
                Attempt::Transport { error, sent } => {
                    let timed_out = error.is_timeout();
                    let kind = if timed_out { "timed out" } else { "failed" };
                    let err = Error::new(
                        ErrorKind::ServiceRequest,
                        format!(
                            "{} {} {kind}: {}",
                            req.method,
                            redact_url(&req.url),
                            describe_chain(&error)
                        ),
                    );
                    let may_retry = idempotency == Idempotency::Safe || !sent;
                    (err, None, may_retry)
                }
            };
            if !may_retry {
                return Err(error);
            }
            retries += 1;
            let elapsed = clock.now().saturating_duration_since(started);
            let Some(delay) = self.retry.next_delay(retries, retry_after, elapsed) else {
                return Err(error);
            };
            tracing::debug!(
                url = %redact_url(&req.url),
                retry = retries,
                delay_s = delay.as_secs_f64(),
                "retrying after: {error}"
            );
            self.shared.stats.retries.fetch_add(1, Ordering::Relaxed);
            clock.sleep(delay).await;
        }
    }

    /// A token for `scope`, requested (when not cached) with this pipeline's timeout and retry
    /// rules: a token request is a read, safe to repeat.
    pub async fn token(&self, scope: &str) -> Result<crate::auth::Secret> {
        let fetch = crate::auth::TokenFetch {
            retry: &self.retry,
            timeout: self.timeout,
            clock: &self.shared.clock,
        };
        self.shared.auth.token(scope, fetch).await
    }

    /// Sends `op` (a read) to `url` and parses the body as JSON. Every resource this client
    /// reads is a JSON object (an entity, or a `{"value": ...}` envelope), so anything else,
    /// `null` included, is a `Decode` error rather than a value the caller would take for an
    /// answer.
    pub async fn get_json(&self, op: &'static Operation, url: Url) -> Result<serde_json::Value> {
        let resp = self.send(Request::new(op, url)).await?;
        match resp.json()? {
            v @ serde_json::Value::Object(_) => Ok(v),
            other => {
                let kind = match other {
                    serde_json::Value::Null => "null",
                    serde_json::Value::Array(_) => "a list",
                    _ => "a scalar",
                };
                let mut err = Error::decode(format!(
                    "the service answered 200 with {kind} where a JSON object was expected"
                ));
                err.request_id = resp.request_id;
                Err(err)
            }
        }
    }

    /// The URL of `op` on its API's configured host, with the template's `{...}` parameters
    /// filled in order, each percent-encoded as one path segment (`.`, `..` and empty values
    /// are refused: they would change the path).
    pub fn url(&self, op: &Operation, params: &[&str]) -> Result<Url> {
        let base = match op.api {
            mdekit_spec::Api::Mde => &self.shared.endpoints.api_base_url,
            mdekit_spec::Api::Graph => &self.shared.endpoints.graph_base_url,
        };
        Ok(crate::config::join(base, &fill_path(op.path, params)?))
    }
}

enum BodyError {
    Transport(reqwest::Error),
    TooLarge,
}

/// The body, decompressed as it arrives (gzip, deflate: reqwest answers the
/// `Accept-Encoding` it sent), refused once it passes `limit` bytes.
async fn read_body(
    mut response: reqwest::Response,
    limit: u64,
    observer: Option<&dyn BodyObserver>,
) -> std::result::Result<Bytes, BodyError> {
    if response.content_length().is_some_and(|n| n > limit) {
        return Err(BodyError::TooLarge);
    }
    if let Some(o) = observer {
        o.begin();
    }
    let mut buf = bytes::BytesMut::new();
    while let Some(chunk) = response.chunk().await.map_err(BodyError::Transport)? {
        if (buf.len() + chunk.len()) as u64 > limit {
            return Err(BodyError::TooLarge);
        }
        if let Some(o) = observer {
            o.chunk(&chunk);
        }
        buf.extend_from_slice(&chunk);
    }
    Ok(buf.freeze())
}

/// `template` with each `{name}` replaced by the next of `params`, percent-encoded.
pub fn fill_path(template: &str, params: &[&str]) -> Result<String> {
    let mut out = String::with_capacity(template.len() + 32);
    let mut values = params.iter();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let Some(close) = rest[open..].find('}') else {
            break;
        };
        if let Some(v) = values.next() {
            out.push_str(&crate::api::encode_segment(v)?);
        }
        rest = &rest[open + close + 1..];
    }
    out.push_str(rest);
    Ok(out)
}

fn multipart_form(parts: &[Part]) -> reqwest::multipart::Form {
    parts
        .iter()
        .fold(reqwest::multipart::Form::new(), |form, p| {
            let mut part = reqwest::multipart::Part::stream(p.data.clone());
            if let Some(f) = &p.file_name {
                part = part.file_name(f.clone());
            }
            if let Some(ct) = &p.content_type {
                // A content type we built ourselves always parses; fall back to none if not.
                part = match part.mime_str(ct) {
                    Ok(p) => p,
                    Err(_) => reqwest::multipart::Part::stream(p.data.clone()),
                };
            }
            form.part(p.name.clone(), part)
        })
}

/// A 403 says what the call needed, so the fix (grant this permission, consent again) is in the
/// message itself. The permissions are the catalogue's, from the operation's own page.
fn name_required_permissions(error: &mut Error, req: &Request) {
    let op = req.op;
    if op.app_permissions.is_empty() && op.delegated_permissions.is_empty() {
        return;
    }
    let delegated = if op.delegated_permissions.is_empty() {
        "none documented".to_owned()
    } else {
        op.delegated_permissions.join(" or ")
    };
    error.message = format!(
        "{} (this call needs the permission {} (application) or {} (delegated); see {})",
        error.message,
        op.app_permissions.join(" or "),
        delegated,
        op.doc
    );
    let mut names: Vec<String> = Vec::new();
    for p in op.app_permissions.iter().chain(op.delegated_permissions) {
        if !names.iter().any(|n| n == p) {
            names.push((*p).to_owned());
        }
    }
    error.required_permissions = names;
}

/// URLs carry no secrets in this API, but query strings can be long; logs and errors show the
/// path and query as they are, without userinfo.
fn redact_url(url: &Url) -> String {
    let mut u = url.clone();
    let _ = u.set_username("");
    let _ = u.set_password(None);
    // A pre-signed storage URL's query is its credential (`sig=`).
    if u.query().is_some_and(|q| q.contains("sig=")) {
        u.set_query(Some("<redacted>"));
    }
    u.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fills_templates_in_order_and_encodes() {
        assert_eq!(
            fill_path("/api/alerts/{id}", &["a b/c"]).unwrap(),
            "/api/alerts/a%20b%2Fc"
        );
        assert!(fill_path("/api/alerts/{id}", &[".."]).is_err());
        assert_eq!(
            fill_path(
                "/api/machines/findbyip(ip='{ip}',timestamp={timestamp})",
                &["10.0.0.1", "2024-01-01T00:00:00Z"]
            )
            .unwrap(),
            "/api/machines/findbyip(ip='10.0.0.1',timestamp=2024-01-01T00:00:00Z)"
        );
        assert_eq!(fill_path("/api/alerts", &[]).unwrap(), "/api/alerts");
    }
}
