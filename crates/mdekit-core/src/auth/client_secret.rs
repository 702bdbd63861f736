use url::Url;

use super::token_request::request_token;
use super::{validate_tenant_id, AccessToken, Secret, TokenCredential};
use crate::config::join;
use crate::error::{Error, Result};

/// Application context: the OAuth 2.0 client credentials grant with a client secret, against the
/// Entra ID v2 token endpoint (`{authority}/{tenant}/oauth2/v2.0/token`), as in Microsoft's
/// "Create an app to access Microsoft Defender for Endpoint without a user".
pub struct ClientSecretCredential {
    tenant_id: String,
    client_id: String,
    secret: Secret,
    token_url: Url,
    http: reqwest::Client,
}

impl std::fmt::Debug for ClientSecretCredential {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ClientSecretCredential")
            .field("tenant_id", &self.tenant_id)
            .field("client_id", &self.client_id)
            .field("client_secret", &self.secret)
            .finish()
    }
}

impl ClientSecretCredential {
    pub fn new(
        authority_host: &Url,
        tenant_id: &str,
        client_id: &str,
        secret: Secret,
        http: reqwest::Client,
    ) -> Result<Self> {
        validate_tenant_id(tenant_id)?;
        if client_id.trim().is_empty() {
            return Err(Error::invalid_argument("client_id must not be empty"));
        }
        if secret.expose().is_empty() {
            return Err(Error::invalid_argument("client_secret must not be empty"));
        }
        let token_url = join(authority_host, &format!("/{tenant_id}/oauth2/v2.0/token"));
        Ok(ClientSecretCredential {
            tenant_id: tenant_id.to_owned(),
            client_id: client_id.to_owned(),
            secret,
            token_url,
            http,
        })
    }

    pub fn tenant_id(&self) -> &str {
        &self.tenant_id
    }

    pub fn client_id(&self) -> &str {
        &self.client_id
    }
}

#[async_trait::async_trait]
impl TokenCredential for ClientSecretCredential {
    /// Errors: `Authentication` when Entra refuses the request (with its `error` code and
    /// AADSTS number), `HttpResponse` with the status for a 408/429/5xx answer, and
    /// `ServiceRequest` when no answer arrived.
    async fn get_token(&self, scopes: &[String]) -> Result<AccessToken> {
        let scope = scopes.join(" ");
        let form = [
            ("grant_type", "client_credentials"),
            ("client_id", self.client_id.as_str()),
            ("client_secret", self.secret.expose()),
            ("scope", scope.as_str()),
        ];
        Ok(request_token(&self.http, &self.token_url, &form)
            .await?
            .access)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::token_request::aadsts_number;
    use std::time::Duration;

    #[test]
    fn aadsts_parsing() {
        assert_eq!(
            aadsts_number("AADSTS7000215: Invalid client secret"),
            Some(7000215)
        );
        assert_eq!(aadsts_number("nothing"), None);
    }

    #[test]
    fn debug_redacts_secret() {
        let http = crate::pipeline::transport::build_http_client(Duration::from_secs(5)).unwrap();
        let host = Url::parse("https://login.microsoftonline.com").unwrap();
        let c = ClientSecretCredential::new(&host, "t", "c", Secret::new("s3cr3t!"), http.clone())
            .unwrap();
        assert!(!format!("{c:?}").contains("s3cr3t!"));
        assert!(ClientSecretCredential::new(&host, "../x", "c", Secret::new("s"), http).is_err());
    }
}
