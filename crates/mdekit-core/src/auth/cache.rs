use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use super::{AccessToken, Secret, TokenCredential};
use crate::error::{Error, ErrorKind, Result};
use crate::pipeline::clock::SharedClock;
use crate::pipeline::retry::{is_retryable_status, RetryPolicy};

/// Refresh this long before expiry (or at half the lifetime for short-lived tokens), so a token
/// never expires between the cache check and the service's check.
const REFRESH_MARGIN: Duration = Duration::from_secs(300);

#[derive(Debug)]
struct Cached {
    token: AccessToken,
    refresh_at: SystemTime,
}

#[derive(Debug, Default)]
struct SlotState {
    cached: Option<Cached>,
    /// How the last fetch failed, for the callers that waited for it.
    failure: Option<Error>,
}

#[derive(Debug, Default)]
struct SlotInner {
    /// Fetches finished so far: a caller that sees it move while waiting for the lock knows
    /// another caller's fetch, not its own, produced the slot's state.
    fetches: AtomicU64,
    state: tokio::sync::Mutex<SlotState>,
}

type Slot = Arc<SlotInner>;

/// How a token request is sent: the calling client's retry rules, per-attempt timeout and clock.
#[derive(Debug, Clone, Copy)]
pub struct TokenFetch<'a> {
    pub retry: &'a RetryPolicy,
    /// Limit of one attempt; an endpoint that never answers fails as a `ServiceRequest` error.
    pub timeout: Duration,
    pub clock: &'a SharedClock,
}

/// Per-scope token cache with single-flight refresh: the async mutex of a scope is held while its
/// token is fetched, so concurrent callers wait for that one request instead of each sending one,
/// and share its failure instead of each repeating it.
#[derive(Debug)]
pub struct TokenCache {
    credential: Arc<dyn TokenCredential>,
    slots: Mutex<HashMap<String, Slot>>,
}

/// Whether a failed token request may be sent again: a token request changes nothing, so any
/// failure that says nothing about the credential (no answer, a timeout, 408/429/5xx) retries.
fn retryable(err: &Error) -> bool {
    match err.kind {
        ErrorKind::ServiceRequest => true,
        ErrorKind::HttpResponse => err.status.is_some_and(is_retryable_status),
        _ => false,
    }
}

impl TokenCache {
    pub fn new(credential: Arc<dyn TokenCredential>) -> Self {
        TokenCache {
            credential,
            slots: Mutex::new(HashMap::new()),
        }
    }

    fn slot(&self, scope: &str) -> Slot {
        let mut slots = match self.slots.lock() {
            Ok(g) => g,
            Err(poisoned) => poisoned.into_inner(),
        };
        slots.entry(scope.to_owned()).or_default().clone()
    }

    /// A valid token for `scope`, from the cache or freshly requested (with retries, each
    /// attempt bounded by `fetch.timeout`).
    ///
    /// Errors: the credential's (`Authentication` when refused, `HttpResponse` for a 5xx or
    /// 429 answer, `ServiceRequest` when no answer came in time). Callers that waited while
    /// another caller's request failed get that same error, without sending their own.
    pub async fn token(&self, scope: &str, fetch: TokenFetch<'_>) -> Result<Secret> {
        let slot = self.slot(scope);
        let seen = slot.fetches.load(Ordering::Acquire);
        let mut guard = slot.state.lock().await;
        let now = SystemTime::now();
        if let Some(cached) = guard.cached.as_ref() {
            if now < cached.refresh_at {
                return Ok(cached.token.token.clone());
            }
        }
        if slot.fetches.load(Ordering::Acquire) != seen {
            if let Some(err) = &guard.failure {
                return Err(err.clone());
            }
        }
        let outcome = self.fetch(scope, fetch).await;
        slot.fetches.fetch_add(1, Ordering::AcqRel);
        let token = match outcome {
            Ok(t) => t,
            Err(e) => {
                guard.failure = Some(e.clone());
                return Err(e);
            }
        };
        let lifetime = token
            .expires_on
            .duration_since(now)
            .unwrap_or(Duration::ZERO);
        let margin = REFRESH_MARGIN.min(lifetime / 2);
        let refresh_at = token.expires_on.checked_sub(margin).unwrap_or(now);
        let secret = token.token.clone();
        guard.failure = None;
        guard.cached = Some(Cached { token, refresh_at });
        Ok(secret)
    }

    async fn fetch(&self, scope: &str, fetch: TokenFetch<'_>) -> Result<AccessToken> {
        let scopes = [scope.to_owned()];
        let started = fetch.clock.now();
        let mut retries: u32 = 0;
        loop {
            let outcome =
                match tokio::time::timeout(fetch.timeout, self.credential.get_token(&scopes)).await
                {
                    Ok(r) => r,
                    Err(_) => Err(Error::new(
                        ErrorKind::ServiceRequest,
                        format!(
                            "the token request timed out after {:.1} s",
                            fetch.timeout.as_secs_f64()
                        ),
                    )),
                };
            let err = match outcome {
                Ok(token) => return Ok(token),
                Err(e) if retryable(&e) => e,
                Err(e) => return Err(e),
            };
            retries += 1;
            let elapsed = fetch.clock.now().saturating_duration_since(started);
            let Some(delay) = fetch.retry.next_delay(retries, err.retry_after, elapsed) else {
                return Err(err);
            };
            tracing::debug!(
                retry = retries,
                delay_s = delay.as_secs_f64(),
                "retrying the token request after: {err}"
            );
            fetch.clock.sleep(delay).await;
        }
    }

    /// Drops `token` for `scope` after the service rejected it with 401, unless another task has
    /// already replaced it.
    pub async fn invalidate(&self, scope: &str, token: &Secret) {
        let slot = self.slot(scope);
        let mut guard = slot.state.lock().await;
        if guard
            .cached
            .as_ref()
            .is_some_and(|c| &c.token.token == token)
        {
            guard.cached = None;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::AtomicUsize;

    async fn get(cache: &TokenCache, scope: &str) -> Result<Secret> {
        let retry = RetryPolicy::default();
        let clock: SharedClock = Arc::new(crate::pipeline::clock::ManualClock::new());
        let fetch = TokenFetch {
            retry: &retry,
            timeout: Duration::from_secs(30),
            clock: &clock,
        };
        cache.token(scope, fetch).await
    }

    #[derive(Debug, Default)]
    struct Counting {
        calls: AtomicUsize,
        lifetime: Duration,
    }

    #[async_trait::async_trait]
    impl TokenCredential for Counting {
        async fn get_token(&self, scopes: &[String]) -> Result<AccessToken> {
            let n = self.calls.fetch_add(1, Ordering::SeqCst);
            tokio::time::sleep(Duration::from_millis(20)).await;
            Ok(AccessToken {
                token: Secret::new(format!("{}-{n}", scopes[0])),
                expires_on: SystemTime::now() + self.lifetime,
            })
        }
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn single_flight_refresh_across_tasks() {
        let cred = Arc::new(Counting {
            lifetime: Duration::from_secs(3600),
            ..Default::default()
        });
        let cache = Arc::new(TokenCache::new(cred.clone()));
        let tasks: Vec<_> = (0..50)
            .map(|_| {
                let c = cache.clone();
                tokio::spawn(async move { get(&c, "mde").await.map(|s| s.expose().to_owned()) })
            })
            .collect();
        for t in tasks {
            assert_eq!(t.await.unwrap().unwrap(), "mde-0");
        }
        assert_eq!(cred.calls.load(Ordering::SeqCst), 1);
        // A second scope is a second token.
        assert_eq!(get(&cache, "graph").await.unwrap().expose(), "graph-1");
        assert_eq!(cred.calls.load(Ordering::SeqCst), 2);
    }

    #[tokio::test]
    async fn invalidate_and_early_refresh() {
        let cred = Arc::new(Counting {
            lifetime: Duration::from_secs(3600),
            ..Default::default()
        });
        let cache = TokenCache::new(cred.clone());
        let t0 = get(&cache, "s").await.unwrap();
        cache.invalidate("s", &Secret::new("other")).await;
        assert_eq!(get(&cache, "s").await.unwrap(), t0);
        cache.invalidate("s", &t0).await;
        assert_ne!(get(&cache, "s").await.unwrap(), t0);

        // A token that is about to expire is refreshed before it does.
        let short = Arc::new(Counting {
            lifetime: Duration::ZERO,
            ..Default::default()
        });
        let cache = TokenCache::new(short.clone());
        get(&cache, "s").await.unwrap();
        get(&cache, "s").await.unwrap();
        assert_eq!(short.calls.load(Ordering::SeqCst), 2);
    }

    /// Fails every request, once the test lets the first one through.
    #[derive(Debug, Default)]
    struct Refusing {
        calls: AtomicUsize,
        gate: tokio::sync::Notify,
    }

    #[async_trait::async_trait]
    impl TokenCredential for Refusing {
        async fn get_token(&self, _scopes: &[String]) -> Result<AccessToken> {
            self.calls.fetch_add(1, Ordering::SeqCst);
            self.gate.notified().await;
            Err(Error::new(ErrorKind::Authentication, "invalid_client"))
        }
    }

    #[tokio::test(flavor = "current_thread")]
    async fn callers_waiting_for_a_failed_request_share_its_error() {
        let cred = Arc::new(Refusing::default());
        let cache = Arc::new(TokenCache::new(cred.clone()));
        let tasks: Vec<_> = (0..8)
            .map(|_| {
                let c = cache.clone();
                tokio::spawn(async move { get(&c, "mde").await })
            })
            .collect();
        // On one thread, the spawned tasks run until each waits: one in the credential, the
        // others for the scope's lock.
        for _ in 0..10 {
            tokio::task::yield_now().await;
        }
        cred.gate.notify_one();
        for t in tasks {
            let err = t.await.unwrap().unwrap_err();
            assert_eq!(err.message, "invalid_client");
        }
        assert_eq!(cred.calls.load(Ordering::SeqCst), 1);
        // A later call is not a waiter: it asks again.
        let later = tokio::spawn({
            let c = cache.clone();
            async move { get(&c, "mde").await }
        });
        tokio::task::yield_now().await;
        cred.gate.notify_one();
        assert!(later.await.unwrap().is_err());
        assert_eq!(cred.calls.load(Ordering::SeqCst), 2);
    }
}
