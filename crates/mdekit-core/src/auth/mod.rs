//! Credentials and the token cache.
//!
//! Every credential implements [`TokenCredential`]; the pipeline asks the [`TokenCache`] for a
//! token per scope (MDE and Graph are different audiences), and the cache makes sure only one
//! request per scope is in flight however many tasks are waiting.

mod cache;
pub mod certificate;
mod client_secret;
pub mod device_code;
pub mod file_store;
pub mod interactive;
pub mod managed_identity;
pub mod password;
pub mod permissions;
mod secret;
pub mod token_request;
pub mod user_session;

use std::time::SystemTime;

pub use cache::{TokenCache, TokenFetch};
pub use certificate::{
    AssertionSource, CertificateAssertion, CertificateKey, ClientAssertionCredential,
};
pub use client_secret::ClientSecretCredential;
pub use device_code::{DeviceCodeCredential, DeviceCodeInfo, DeviceCodePrompt};
pub use file_store::FileRefreshStore;
pub use interactive::{BrowserOpener, InteractiveBrowserCredential};
pub use managed_identity::{ManagedIdentityCredential, ManagedIdentitySource};
pub use password::UsernamePasswordCredential;
pub use secret::Secret;
pub use user_session::{RefreshStore, UserSession};

use crate::error::Result;

/// An OAuth 2.0 access token and when it expires (UTC wall clock).
#[derive(Clone, Debug)]
pub struct AccessToken {
    pub token: Secret,
    pub expires_on: SystemTime,
}

/// Anything that can produce an access token for a list of scopes
/// (e.g. `["https://api.securitycenter.microsoft.com/.default"]`).
#[async_trait::async_trait]
pub trait TokenCredential: Send + Sync + std::fmt::Debug {
    async fn get_token(&self, scopes: &[String]) -> Result<AccessToken>;
}

/// A fixed token, for callers that obtained one elsewhere (and for tests).
#[derive(Debug, Clone)]
pub struct StaticTokenCredential {
    token: AccessToken,
}

impl StaticTokenCredential {
    pub fn new(token: Secret, expires_on: SystemTime) -> Self {
        StaticTokenCredential {
            token: AccessToken { token, expires_on },
        }
    }
}

#[async_trait::async_trait]
impl TokenCredential for StaticTokenCredential {
    async fn get_token(&self, _scopes: &[String]) -> Result<AccessToken> {
        Ok(self.token.clone())
    }
}

/// Checks a tenant id before it goes into a token URL path: a GUID or a domain name.
pub(crate) fn validate_tenant_id(tenant_id: &str) -> Result<()> {
    let ok = !tenant_id.is_empty()
        && tenant_id.len() <= 256
        && tenant_id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.');
    if ok {
        Ok(())
    } else {
        Err(crate::Error::invalid_argument(format!(
            "tenant_id {tenant_id:?} is not a tenant GUID or domain name"
        )))
    }
}
