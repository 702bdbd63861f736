//! User context with the resource owner password credentials grant: the flow the older MDE
//! native-app page showed (v1 endpoint, `grant_type=password`, reference §2.5). Microsoft now
//! advises against it: the app handles the password and the grant cannot satisfy MFA or
//! Conditional Access (AADSTS50076). Kept for legacy automation that has no other way in.

use std::fmt;

use url::Url;

use super::token_request::{request_token, v2_token_url};
use super::user_session::UserSession;
use super::{validate_tenant_id, AccessToken, Secret, TokenCredential};
use crate::error::{Error, Result};

pub struct UsernamePasswordCredential {
    tenant_id: String,
    client_id: String,
    username: String,
    password: Secret,
    token_url: Url,
    http: reqwest::Client,
    session: UserSession,
}

impl fmt::Debug for UsernamePasswordCredential {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("UsernamePasswordCredential")
            .field("tenant_id", &self.tenant_id)
            .field("client_id", &self.client_id)
            .field("username", &self.username)
            .field("password", &self.password)
            .finish()
    }
}

impl UsernamePasswordCredential {
    pub fn new(
        authority_host: &Url,
        tenant_id: &str,
        client_id: &str,
        username: &str,
        password: Secret,
        http: reqwest::Client,
    ) -> Result<Self> {
        validate_tenant_id(tenant_id)?;
        if client_id.trim().is_empty() || username.trim().is_empty() {
            return Err(Error::invalid_argument(
                "client_id and username must not be empty",
            ));
        }
        Ok(UsernamePasswordCredential {
            tenant_id: tenant_id.to_owned(),
            client_id: client_id.to_owned(),
            username: username.to_owned(),
            password,
            token_url: v2_token_url(authority_host, tenant_id),
            http,
            session: UserSession::default(),
        })
    }
}

#[async_trait::async_trait]
impl TokenCredential for UsernamePasswordCredential {
    async fn get_token(&self, scopes: &[String]) -> Result<AccessToken> {
        let sign_in = || async move {
            let scope = UserSession::scope_with_offline_access(scopes);
            let form = [
                ("grant_type", "password"),
                ("client_id", self.client_id.as_str()),
                ("username", self.username.as_str()),
                ("password", self.password.expose()),
                ("scope", scope.as_str()),
            ];
            request_token(&self.http, &self.token_url, &form).await
        };
        self.session
            .token_or_sign_in(
                &self.http,
                &self.token_url,
                &self.client_id,
                scopes,
                sign_in,
            )
            .await
    }
}
