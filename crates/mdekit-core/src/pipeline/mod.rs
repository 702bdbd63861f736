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

/// One request as an operation describes it.
#[derive(Debug, Clone)]
pub struct Request {
    pub method: Method,
    pub url: Url,
    pub body: Option<serde_json::Value>,
    pub family: Family,
    pub audience: Audience,
    pub idempotency: Idempotency,
}

impl Request {
    pub fn get(url: Url, family: Family) -> Self {
        Request {
            method: Method::GET,
            url,
            body: None,
            family,
            audience: Audience::Mde,
            idempotency: Idempotency::Safe,
        }
    }
}

/// A successful response: status and the raw body (the bindings convert bytes straight to Python).
#[derive(Debug, Clone)]
pub struct Response {
    pub status: u16,
    pub body: Bytes,
    pub request_id: Option<String>,
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
}

#[derive(Debug, Clone)]
pub struct Pipeline {
    pub shared: Arc<Shared>,
    pub retry: RetryPolicy,
    /// Time limit of one attempt, from sending to the last body byte.
    pub timeout: Duration,
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

    async fn attempt(&self, req: &Request, token: &str) -> Attempt {
        let mut builder = self
            .shared
            .http
            .request(req.method.clone(), req.url.clone())
            .timeout(self.timeout)
            .header(AUTHORIZATION, format!("Bearer {token}"))
            .header("Accept", "application/json");
        if let Some(body) = &req.body {
            builder = builder
                .header(CONTENT_TYPE, "application/json; charset=utf-8")
                .body(body.to_string());
        }
        self.shared.stats.attempts.fetch_add(1, Ordering::Relaxed);
        tracing::debug!(method = %req.method, url = %req.url, "sending request");
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
        let body = match response.bytes().await {
            Ok(b) => b,
            Err(error) => return Attempt::Transport { error, sent: true },
        };
        if (200..300).contains(&status) {
            Attempt::Done(Response {
                status,
                body,
                request_id: request_id(&headers),
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
        match self.shared.limiter.acquire_within(req.family, budget).await {
            Ok(()) => Ok(()),
            Err(wait) => {
                let mut err = Error::new(
                    ErrorKind::HttpResponse,
                    format!(
                        "{} calls are held back by the client-side rate limiter for {:.1} s, \
                         longer than this call's time budget ({:.1} s)",
                        req.family.name(),
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
        let scope = self.scope(req.audience).to_owned();
        let started = clock.now();
        let mut retries: u32 = 0;
        let mut refreshed_after_401 = false;
        loop {
            self.acquire(&req, started).await?;
            let token = self.token(&scope).await?;
            let outcome = self.attempt(&req, token.expose()).await;
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
                    if status == 403 {
                        name_required_permissions(&mut error, &req);
                    }
                    if let (429, Some(wait)) = (status, retry_after) {
                        // The service's quota is per app and tenant: hold back every call of this
                        // family, not just this one (e.g. the hunting CPU quota).
                        self.shared.limiter.pause(req.family, wait);
                    }
                    if status == 401 && !refreshed_after_401 {
                        // The token may have been revoked or expired early: drop it and try
                        // once more with a fresh one. A request answered 401 did not run.
                        refreshed_after_401 = true;
                        self.shared.auth.invalidate(&scope, &token).await;
                        self.shared
                            .stats
                            .token_refreshes_after_401
                            .fetch_add(1, Ordering::Relaxed);
                        continue;
                    }
                    let may_retry = is_retryable_status(status)
                        && (req.idempotency == Idempotency::Safe || status == 429);
                    (error, retry_after, may_retry)
                }
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
                    let may_retry = req.idempotency == Idempotency::Safe || !sent;
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

    /// GET `url` and parse the body as JSON. Every resource this client reads is a JSON object
    /// (an entity, or a `{"value": ...}` envelope), so anything else, `null` included, is a
    /// `Decode` error rather than a value the caller would take for an answer.
    pub async fn get_json(&self, url: Url, family: Family) -> Result<serde_json::Value> {
        let resp = self.send(Request::get(url, family)).await?;
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
}

/// A 403 says what the call needed, so the fix (grant this permission, consent again) is in the
/// message itself.
fn name_required_permissions(error: &mut Error, req: &Request) {
    if let Some(required) = crate::auth::permissions::required_for(&req.method, &req.url) {
        error.message = format!(
            "{} (this call needs the permission {})",
            error.message,
            required.describe()
        );
        error.required_permissions = required.names();
    }
}

/// URLs carry no secrets in this API, but query strings can be long; logs and errors show the
/// path and query as they are, without userinfo.
fn redact_url(url: &Url) -> String {
    let mut u = url.clone();
    let _ = u.set_username("");
    let _ = u.set_password(None);
    u.to_string()
}
