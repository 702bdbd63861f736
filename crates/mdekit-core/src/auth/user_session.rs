//! What the user flows share: the refresh token of the signed-in user, reused for every audience
//! (Entra refresh tokens are valid across the resources the app is consented for) so a user signs
//! in once per session, and optionally persisted in an owner-only file.

use std::sync::Arc;

use tokio::sync::Mutex;
use url::Url;

use super::token_request::{post_form, TokenResponse};
use super::{AccessToken, Secret};
use crate::error::Result;

/// Where a refresh token lives between sign-ins.
pub trait RefreshStore: Send + Sync + std::fmt::Debug {
    fn load(&self) -> Option<Secret>;
    fn save(&self, token: Option<&Secret>);
}

#[derive(Debug, Default, Clone)]
pub struct UserSession {
    refresh: Arc<Mutex<Option<Secret>>>,
    store: Option<Arc<dyn RefreshStore>>,
}

impl UserSession {
    pub fn new(store: Option<Arc<dyn RefreshStore>>) -> Self {
        let initial = store.as_ref().and_then(|s| s.load());
        UserSession {
            refresh: Arc::new(Mutex::new(initial)),
            store,
        }
    }

    /// Starts from a refresh token obtained elsewhere.
    pub fn with_refresh_token(token: Secret) -> Self {
        UserSession {
            refresh: Arc::new(Mutex::new(Some(token))),
            store: None,
        }
    }

    pub fn scope_with_offline_access(scopes: &[String]) -> String {
        let mut s = scopes.join(" ");
        if !scopes.iter().any(|x| x == "offline_access") {
            s.push_str(" offline_access");
        }
        s
    }

    /// A token from the kept refresh token, or `None` when there is none or the service refused
    /// it (expired, revoked): the caller signs the user in again.
    pub async fn refresh(
        &self,
        http: &reqwest::Client,
        token_url: &Url,
        client_id: &str,
        scopes: &[String],
    ) -> Result<Option<AccessToken>> {
        let mut guard = self.refresh.lock().await;
        let Some(refresh) = guard.clone() else {
            return Ok(None);
        };
        let scope = Self::scope_with_offline_access(scopes);
        let form = [
            ("grant_type", "refresh_token"),
            ("client_id", client_id),
            ("refresh_token", refresh.expose()),
            ("scope", scope.as_str()),
        ];
        match post_form(http, token_url, &form).await? {
            Ok(resp) => {
                if let Some(new) = resp.refresh_token.clone() {
                    *guard = Some(new);
                    if let Some(store) = &self.store {
                        store.save(guard.as_ref());
                    }
                }
                Ok(Some(resp.access))
            }
            Err(e) if e.error == "invalid_grant" => {
                tracing::debug!(
                    "the refresh token was refused ({}); signing in again",
                    e.error
                );
                *guard = None;
                if let Some(store) = &self.store {
                    store.save(None);
                }
                Ok(None)
            }
            Err(e) => Err(e.into_error()),
        }
    }

    /// What every user flow does for a token: reuse the kept refresh token, else run `sign_in`
    /// and keep the refresh token it brings.
    pub async fn token_or_sign_in<F, Fut>(
        &self,
        http: &reqwest::Client,
        token_url: &Url,
        client_id: &str,
        scopes: &[String],
        sign_in: F,
    ) -> Result<AccessToken>
    where
        F: FnOnce() -> Fut + Send,
        Fut: std::future::Future<Output = Result<TokenResponse>> + Send,
    {
        if let Some(token) = self.refresh(http, token_url, client_id, scopes).await? {
            return Ok(token);
        }
        let response = sign_in().await?;
        self.keep(&response).await;
        Ok(response.access)
    }

    /// Keeps the refresh token of a fresh sign-in.
    pub async fn keep(&self, response: &TokenResponse) {
        if let Some(r) = &response.refresh_token {
            *self.refresh.lock().await = Some(r.clone());
            if let Some(store) = &self.store {
                store.save(Some(r));
            }
        }
    }
}
