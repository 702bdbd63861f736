use std::time::{Duration, SystemTime};

use oauth2::basic::BasicClient;
use oauth2::{AuthType, ClientId, ClientSecret, RequestTokenError, Scope, TokenResponse, TokenUrl};
use url::Url;

use super::token_request::aadsts_number;
use super::{validate_tenant_id, AccessToken, Secret, TokenCredential};
use crate::config::join;
use crate::error::{describe_chain, Error, ErrorKind, Result};

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

#[derive(Debug, thiserror::Error)]
#[error("{0}")]
struct GlueError(String);

/// oauth2 5 speaks `http` 1.x types; this adapts them to our reqwest client so oauth2 does not pull
/// in a second HTTP stack.
async fn send(
    http: &reqwest::Client,
    request: oauth2::HttpRequest,
) -> std::result::Result<oauth2::HttpResponse, GlueError> {
    let request = reqwest::Request::try_from(request).map_err(|e| GlueError(describe_chain(&e)))?;
    let response = http
        .execute(request)
        .await
        .map_err(|e| GlueError(describe_chain(&e)))?;
    let mut builder = http::Response::builder().status(response.status());
    for (name, value) in response.headers() {
        builder = builder.header(name, value);
    }
    let body = response
        .bytes()
        .await
        .map_err(|e| GlueError(describe_chain(&e)))?;
    builder
        .body(body.to_vec())
        .map_err(|e| GlueError(e.to_string()))
}

#[async_trait::async_trait]
impl TokenCredential for ClientSecretCredential {
    async fn get_token(&self, scopes: &[String]) -> Result<AccessToken> {
        let client = BasicClient::new(ClientId::new(self.client_id.clone()))
            .set_client_secret(ClientSecret::new(self.secret.expose().to_owned()))
            .set_auth_type(AuthType::RequestBody)
            .set_token_uri(TokenUrl::from_url(self.token_url.clone()));
        let http = self.http.clone();
        // The closure hands each future its own client handle: a borrowed one makes the
        // future's Send-ness depend on a higher-ranked lifetime the compiler cannot prove.
        let call = move |req| {
            let http = http.clone();
            async move { send(&http, req).await }
        };
        let started = SystemTime::now();
        let response = client
            .exchange_client_credentials()
            .add_scopes(scopes.iter().cloned().map(Scope::new))
            .request_async(&call)
            .await
            .map_err(|e| match e {
                RequestTokenError::ServerResponse(resp) => {
                    let code = resp.error().as_ref().to_owned();
                    let description = resp.error_description().cloned().unwrap_or_default();
                    let mut err = Error::new(
                        ErrorKind::Authentication,
                        format!("token request failed: {code}: {description}"),
                    );
                    err.aadsts = aadsts_number(&description);
                    err.code = Some(code);
                    err
                }
                RequestTokenError::Request(e) => Error::new(
                    ErrorKind::ServiceRequest,
                    format!("token request to {} failed: {e}", self.token_url),
                ),
                RequestTokenError::Parse(e, _) => Error::new(
                    ErrorKind::Authentication,
                    format!("the token endpoint's answer could not be read: {e}"),
                ),
                RequestTokenError::Other(m) => Error::new(
                    ErrorKind::Authentication,
                    format!("token request failed: {m}"),
                ),
            })?;
        let lifetime = response.expires_in().unwrap_or(Duration::from_secs(3599));
        Ok(AccessToken {
            token: Secret::new(response.access_token().secret().clone()),
            expires_on: started + lifetime,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
