//! User context with the OAuth 2.0 device authorization grant (Microsoft identity platform's
//! "OAuth 2.0 device authorization grant" page): the natural flow in Jupyter and over SSH. The
//! user opens the verification page elsewhere and types the code while we poll the token
//! endpoint at the interval the service asks for, slowing down by 5 s on `slow_down` and
//! stopping on `expired_token`, `authorization_declined` or any other error.
//!
//! The refresh token that comes back is kept (in memory, or in a [`super::token_store`] file when
//! one is configured), so the second audience (Graph) and later renewals need no new sign-in.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use url::Url;

use super::token_request::{post_form, request_token, TokenResponse};
use super::user_session::UserSession;
use super::{validate_tenant_id, AccessToken, TokenCredential};
use crate::config::join;
use crate::error::{describe_chain, Error, ErrorKind, Result};
use crate::pipeline::clock::SharedClock;

/// What the user must be told: open `verification_uri`, type `user_code`.
#[derive(Debug, Clone)]
pub struct DeviceCodeInfo {
    pub user_code: String,
    pub verification_uri: String,
    /// The service's ready-made sentence with both.
    pub message: String,
    /// Seconds until the code expires.
    pub expires_in: u64,
    /// Seconds between polls the service asked for.
    pub interval: u64,
}

/// Shows the device code to the user (print, notebook display, a chat message...).
pub type DeviceCodePrompt = Arc<dyn Fn(&DeviceCodeInfo) -> Result<()> + Send + Sync>;

pub struct DeviceCodeCredential {
    tenant_id: String,
    client_id: String,
    device_url: Url,
    token_url: Url,
    http: reqwest::Client,
    clock: SharedClock,
    prompt: DeviceCodePrompt,
    session: UserSession,
}

impl fmt::Debug for DeviceCodeCredential {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DeviceCodeCredential")
            .field("tenant_id", &self.tenant_id)
            .field("client_id", &self.client_id)
            .finish_non_exhaustive()
    }
}

impl DeviceCodeCredential {
    pub fn new(
        authority_host: &Url,
        tenant_id: &str,
        client_id: &str,
        http: reqwest::Client,
        clock: SharedClock,
        prompt: DeviceCodePrompt,
        session: UserSession,
    ) -> Result<Self> {
        validate_tenant_id(tenant_id)?;
        if client_id.trim().is_empty() {
            return Err(Error::invalid_argument("client_id must not be empty"));
        }
        Ok(DeviceCodeCredential {
            tenant_id: tenant_id.to_owned(),
            client_id: client_id.to_owned(),
            device_url: join(
                authority_host,
                &format!("/{tenant_id}/oauth2/v2.0/devicecode"),
            ),
            token_url: join(authority_host, &format!("/{tenant_id}/oauth2/v2.0/token")),
            http,
            clock,
            prompt,
            session,
        })
    }

    async fn start(&self, scope: &str) -> Result<(DeviceCodeInfo, String)> {
        let form = [("client_id", self.client_id.as_str()), ("scope", scope)];
        let response = self
            .http
            .post(self.device_url.clone())
            .header("content-type", "application/x-www-form-urlencoded")
            .body(super::token_request::serde_urlencoded_pairs(&form))
            .send()
            .await
            .map_err(|e| {
                Error::new(
                    ErrorKind::ServiceRequest,
                    format!(
                        "device code request to {} failed: {}",
                        self.device_url,
                        describe_chain(&e)
                    ),
                )
            })?;
        let status = response.status().as_u16();
        let json: serde_json::Value = response.json().await.map_err(|_| {
            Error::new(
                ErrorKind::Authentication,
                format!(
                    "the device code endpoint answered HTTP {status} with a body that is not JSON"
                ),
            )
        })?;
        if let Some(error) = json.get("error").and_then(|v| v.as_str()) {
            let description = json
                .get("error_description")
                .and_then(|v| v.as_str())
                .unwrap_or_default();
            let mut err = Error::new(
                ErrorKind::Authentication,
                format!("device code request failed: {error}: {description}"),
            );
            err.code = Some(error.to_owned());
            err.aadsts = super::token_request::aadsts_number(description);
            err.status = Some(status);
            return Err(err);
        }
        let text = |k: &str| json.get(k).and_then(|v| v.as_str()).map(str::to_owned);
        let number = |k: &str| match json.get(k) {
            Some(serde_json::Value::Number(n)) => n.as_u64(),
            Some(serde_json::Value::String(s)) => s.parse().ok(),
            _ => None,
        };
        let device_code = text("device_code").ok_or_else(|| {
            Error::new(
                ErrorKind::Authentication,
                "the device code endpoint sent no device_code",
            )
        })?;
        let user_code = text("user_code").unwrap_or_default();
        let verification_uri = text("verification_uri")
            .or_else(|| text("verification_url"))
            .unwrap_or_default();
        let message = text("message").unwrap_or_else(|| {
            format!("To sign in, open {verification_uri} and enter the code {user_code}.")
        });
        Ok((
            DeviceCodeInfo {
                user_code,
                verification_uri,
                message,
                expires_in: number("expires_in").unwrap_or(900),
                interval: number("interval").unwrap_or(5),
            },
            device_code,
        ))
    }

    async fn sign_in(&self, scopes: &[String]) -> Result<TokenResponse> {
        let scope = UserSession::scope_with_offline_access(scopes);
        let (info, device_code) = self.start(&scope).await?;
        (self.prompt)(&info)?;
        // Both come from the server: clamped, so an absurd value cannot overflow the clock.
        let now = self.clock.now();
        let deadline = now
            .checked_add(Duration::from_secs(info.expires_in.min(86_400)))
            .unwrap_or(now);
        let mut interval = Duration::from_secs(info.interval.clamp(1, 300));
        loop {
            self.clock.sleep(interval).await;
            let form = [
                ("grant_type", "urn:ietf:params:oauth:grant-type:device_code"),
                ("client_id", self.client_id.as_str()),
                ("device_code", device_code.as_str()),
            ];
            match post_form(&self.http, &self.token_url, &form).await? {
                Ok(token) => return Ok(token),
                Err(e) if e.error == "authorization_pending" => {}
                Err(e) if e.error == "slow_down" => interval += Duration::from_secs(5),
                Err(e) => return Err(e.into_error()),
            }
            if self.clock.now() >= deadline {
                let mut err = Error::new(
                    ErrorKind::Authentication,
                    "the device code expired before the user signed in (expired_token)",
                );
                err.code = Some("expired_token".into());
                return Err(err);
            }
        }
    }
}

#[async_trait::async_trait]
impl TokenCredential for DeviceCodeCredential {
    async fn get_token(&self, scopes: &[String]) -> Result<AccessToken> {
        self.session
            .token_or_sign_in(&self.http, &self.token_url, &self.client_id, scopes, || {
                self.sign_in(scopes)
            })
            .await
    }
}

/// Used by other user flows: exchange a refresh token directly.
pub async fn redeem_refresh_token(
    http: &reqwest::Client,
    token_url: &Url,
    client_id: &str,
    refresh_token: &str,
    scope: &str,
) -> Result<TokenResponse> {
    let form = [
        ("grant_type", "refresh_token"),
        ("client_id", client_id),
        ("refresh_token", refresh_token),
        ("scope", scope),
    ];
    request_token(http, token_url, &form).await
}
