//! Managed identity: tokens from the Azure host the code runs on, no secret at all. Two sources,
//! chosen as azure-identity does: App Service / Functions / Container Apps set
//! `IDENTITY_ENDPOINT` and `IDENTITY_HEADER` (API version 2019-08-01, header
//! `X-IDENTITY-HEADER`); VMs and everything else use the Instance Metadata Service
//! (`http://169.254.169.254/metadata/identity/oauth2/token`, API version 2018-02-01, header
//! `Metadata: true`), whose host `AZURE_POD_IDENTITY_AUTHORITY_HOST` overrides. Both take a v1
//! `resource`, not a scope. The MI gets the MDE application permissions assigned to its service
//! principal (reference §2.4).
//!
//! Plain HTTP is what both endpoints speak; they are link-local or loopback, never the Internet.

use std::collections::HashMap;
use std::fmt;
use std::time::{Duration, SystemTime};

use url::Url;

use super::{AccessToken, Secret, TokenCredential};
use crate::config::is_loopback_host;
use crate::error::{describe_chain, Error, ErrorKind, Result};

pub const IMDS_HOST: &str = "http://169.254.169.254";

#[derive(Clone)]
pub enum ManagedIdentitySource {
    Imds { endpoint: Url },
    AppService { endpoint: Url, header: Secret },
}

impl fmt::Debug for ManagedIdentitySource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Imds { endpoint } => write!(f, "Imds({endpoint})"),
            Self::AppService { endpoint, .. } => write!(f, "AppService({endpoint})"),
        }
    }
}

fn endpoint_url(name: &str, value: &str) -> Result<Url> {
    let url = Url::parse(value.trim())
        .map_err(|e| Error::configuration(format!("{name} {value:?} is not a URL: {e}")))?;
    let link_local = url.host_str() == Some("169.254.169.254");
    match url.scheme() {
        "https" => Ok(url),
        "http" if is_loopback_host(&url) || link_local => Ok(url),
        _ => Err(Error::configuration(format!(
            "{name} {value:?} must be https, or http on a loopback or the link-local IMDS address"
        ))),
    }
}

impl ManagedIdentitySource {
    /// The source the environment describes (azure-identity's variable names).
    pub fn from_env_map(env: &HashMap<String, String>) -> Result<Self> {
        let get = |k: &str| env.get(k).map(|v| v.trim()).filter(|v| !v.is_empty());
        if let (Some(endpoint), Some(header)) = (get("IDENTITY_ENDPOINT"), get("IDENTITY_HEADER")) {
            return Ok(Self::AppService {
                endpoint: endpoint_url("IDENTITY_ENDPOINT", endpoint)?,
                header: Secret::new(header),
            });
        }
        let host = get("AZURE_POD_IDENTITY_AUTHORITY_HOST").unwrap_or(IMDS_HOST);
        let base = endpoint_url("AZURE_POD_IDENTITY_AUTHORITY_HOST", host)?;
        Ok(Self::Imds {
            endpoint: crate::config::join(&base, "/metadata/identity/oauth2/token"),
        })
    }
}

pub struct ManagedIdentityCredential {
    source: ManagedIdentitySource,
    /// A user-assigned identity's client id; `None` for the system-assigned one.
    client_id: Option<String>,
    http: reqwest::Client,
}

impl fmt::Debug for ManagedIdentityCredential {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ManagedIdentityCredential")
            .field("source", &self.source)
            .field("client_id", &self.client_id)
            .finish()
    }
}

impl ManagedIdentityCredential {
    pub fn new(
        source: ManagedIdentitySource,
        client_id: Option<String>,
        http: reqwest::Client,
    ) -> Self {
        ManagedIdentityCredential {
            source,
            client_id,
            http,
        }
    }
}

fn mi_error(message: String, status: Option<u16>, code: Option<String>) -> Error {
    let mut e = Error::new(ErrorKind::Authentication, message);
    e.status = status;
    e.code = code;
    e
}

#[async_trait::async_trait]
impl TokenCredential for ManagedIdentityCredential {
    async fn get_token(&self, scopes: &[String]) -> Result<AccessToken> {
        let [scope] = scopes else {
            return Err(Error::invalid_argument(
                "managed identity tokens are for exactly one resource scope",
            ));
        };
        let resource = scope.strip_suffix("/.default").unwrap_or(scope);
        let mut request = match &self.source {
            ManagedIdentitySource::Imds { endpoint } => {
                let mut url = endpoint.clone();
                url.query_pairs_mut()
                    .append_pair("api-version", "2018-02-01")
                    .append_pair("resource", resource);
                self.http.get(url).header("Metadata", "true")
            }
            ManagedIdentitySource::AppService { endpoint, header } => {
                let mut url = endpoint.clone();
                url.query_pairs_mut()
                    .append_pair("api-version", "2019-08-01")
                    .append_pair("resource", resource);
                self.http
                    .get(url)
                    .header("X-IDENTITY-HEADER", header.expose())
            }
        };
        if let Some(id) = &self.client_id {
            let mut built = request
                .build()
                .map_err(|e| mi_error(format!("managed identity request: {e}"), None, None))?;
            built
                .url_mut()
                .query_pairs_mut()
                .append_pair("client_id", id);
            request = reqwest::RequestBuilder::from_parts(self.http.clone(), built);
        }
        let started = SystemTime::now();
        let response = request.send().await.map_err(|e| {
            Error::new(
                ErrorKind::ServiceRequest,
                format!(
                    "the managed identity endpoint could not be reached ({}); is this code \
                     running on an Azure host with a managed identity? {}",
                    match &self.source {
                        ManagedIdentitySource::Imds { .. } => "IMDS",
                        ManagedIdentitySource::AppService { .. } => "IDENTITY_ENDPOINT",
                    },
                    describe_chain(&e)
                ),
            )
        })?;
        let status = response.status().as_u16();
        let json: serde_json::Value = response.json().await.unwrap_or(serde_json::Value::Null);
        let text = |k: &str| json.get(k).and_then(|v| v.as_str()).map(str::to_owned);
        if !(200..300).contains(&status) {
            let description = text("error_description")
                .or_else(|| text("message"))
                .unwrap_or_default();
            return Err(mi_error(
                format!("managed identity token request failed (HTTP {status}): {description}"),
                Some(status),
                text("error"),
            ));
        }
        let token = text("access_token").ok_or_else(|| {
            mi_error(
                "the managed identity endpoint sent no access_token".into(),
                Some(status),
                None,
            )
        })?;
        let number = |k: &str| match json.get(k) {
            Some(serde_json::Value::Number(n)) => n.as_u64(),
            Some(serde_json::Value::String(s)) => s.parse().ok(),
            _ => None,
        };
        let expires_on = match (number("expires_on"), number("expires_in")) {
            (Some(on), _) => SystemTime::UNIX_EPOCH
                .checked_add(Duration::from_secs(on))
                .filter(|at| *at <= crate::auth::token_request::expiry(started, u64::MAX))
                .unwrap_or_else(|| crate::auth::token_request::expiry(started, u64::MAX)),
            (None, Some(secs)) => crate::auth::token_request::expiry(started, secs),
            _ => crate::auth::token_request::expiry(started, 3599),
        };
        Ok(AccessToken {
            token: Secret::new(token),
            expires_on,
        })
    }
}
