use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use super::{AccessToken, Secret, TokenCredential};
use crate::error::Result;

/// Refresh this long before expiry (or at half the lifetime for short-lived tokens), so a token
/// never expires between the cache check and the service's check.
const REFRESH_MARGIN: Duration = Duration::from_secs(300);

#[derive(Debug)]
struct Cached {
    token: AccessToken,
    refresh_at: SystemTime,
}

type Slot = Arc<tokio::sync::Mutex<Option<Cached>>>;

/// Per-scope token cache with single-flight refresh: the async mutex of a scope is held while its
/// token is fetched, so concurrent callers wait for that one request instead of each sending one.
#[derive(Debug)]
pub struct TokenCache {
    credential: Arc<dyn TokenCredential>,
    slots: Mutex<HashMap<String, Slot>>,
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

    /// A valid token for `scope`, from the cache or freshly requested.
    pub async fn token(&self, scope: &str) -> Result<Secret> {
        let slot = self.slot(scope);
        let mut guard = slot.lock().await;
        let now = SystemTime::now();
        if let Some(cached) = guard.as_ref() {
            if now < cached.refresh_at {
                return Ok(cached.token.token.clone());
            }
        }
        let token = self.credential.get_token(&[scope.to_owned()]).await?;
        let lifetime = token
            .expires_on
            .duration_since(now)
            .unwrap_or(Duration::ZERO);
        let margin = REFRESH_MARGIN.min(lifetime / 2);
        let refresh_at = token.expires_on.checked_sub(margin).unwrap_or(now);
        let secret = token.token.clone();
        *guard = Some(Cached { token, refresh_at });
        Ok(secret)
    }

    /// Drops `token` for `scope` after the service rejected it with 401, unless another task has
    /// already replaced it.
    pub async fn invalidate(&self, scope: &str, token: &Secret) {
        let slot = self.slot(scope);
        let mut guard = slot.lock().await;
        if guard.as_ref().is_some_and(|c| &c.token.token == token) {
            *guard = None;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

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
                tokio::spawn(async move { c.token("mde").await.map(|s| s.expose().to_owned()) })
            })
            .collect();
        for t in tasks {
            assert_eq!(t.await.unwrap().unwrap(), "mde-0");
        }
        assert_eq!(cred.calls.load(Ordering::SeqCst), 1);
        // A second scope is a second token.
        assert_eq!(cache.token("graph").await.unwrap().expose(), "graph-1");
        assert_eq!(cred.calls.load(Ordering::SeqCst), 2);
    }

    #[tokio::test]
    async fn invalidate_and_early_refresh() {
        let cred = Arc::new(Counting {
            lifetime: Duration::from_secs(3600),
            ..Default::default()
        });
        let cache = TokenCache::new(cred.clone());
        let t0 = cache.token("s").await.unwrap();
        cache.invalidate("s", &Secret::new("other")).await;
        assert_eq!(cache.token("s").await.unwrap(), t0);
        cache.invalidate("s", &t0).await;
        assert_ne!(cache.token("s").await.unwrap(), t0);

        // A token that is about to expire is refreshed before it does.
        let short = Arc::new(Counting {
            lifetime: Duration::ZERO,
            ..Default::default()
        });
        let cache = TokenCache::new(short.clone());
        cache.token("s").await.unwrap();
        cache.token("s").await.unwrap();
        assert_eq!(short.calls.load(Ordering::SeqCst), 2);
    }
}
