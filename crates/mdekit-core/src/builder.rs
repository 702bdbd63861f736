//! Credential selection and environment reading: application credentials as values
//! ([`AppCredential`]), azure-identity's `EnvironmentCredential` precedence
//! ([`AppCredential::from_env`]) and a [`ClientBuilder`] that puts them together with the
//! options, filling what the caller left out from the environment.
//!
//! The environment is read through a lookup function (`Fn(&str) -> Option<String>`), never
//! directly, so callers and tests decide where values come from ([`process_env`] reads the
//! process's).

use std::fmt;
use std::path::PathBuf;
use std::sync::Arc;

use url::Url;

use crate::auth::{
    AssertionSource, CertificateAssertion, CertificateKey, ClientAssertionCredential,
    ClientSecretCredential, Secret, TokenCredential,
};
use crate::client::{ClientOptions, CredentialSpec, DefenderClient};
use crate::config::{parse_base_url, EndpointOptions};
use crate::error::{Error, Result};

/// The process environment as a lookup for [`AppCredential::from_env`] and
/// [`ClientBuilder::fill_from_env`].
pub fn process_env(name: &str) -> Option<String> {
    std::env::var(name).ok()
}

/// A variable's value, trimmed; blank counts as unset (as azure-identity treats it).
fn get(lookup: &dyn Fn(&str) -> Option<String>, name: &str) -> Option<String> {
    lookup(name)
        .map(|v| v.trim().to_owned())
        .filter(|v| !v.is_empty())
}

/// How an application proves its identity to the Entra ID token endpoint (OAuth 2.0 client
/// credentials grant).
#[derive(Clone)]
pub enum AppGrant {
    /// `client_secret=`.
    Secret(Secret),
    /// `client_assertion=`: a certificate-signed JWT ([`CertificateAssertion`]) or an assertion
    /// from elsewhere (a federated token for workload identity federation).
    Assertion(Arc<dyn AssertionSource>),
}

impl AppGrant {
    /// A certificate file, PEM (key and certificate, optionally the chain) or PKCS#12 / PFX,
    /// read and checked now, as a signed-assertion grant. `send_chain` sends `x5c` (subject
    /// name / issuer authentication).
    pub fn certificate_file(
        path: &std::path::Path,
        password: Option<&Secret>,
        send_chain: bool,
    ) -> Result<Self> {
        let key = CertificateKey::load(path, password.map(Secret::expose))?;
        Ok(AppGrant::Assertion(Arc::new(CertificateAssertion {
            key,
            send_chain,
        })))
    }

    /// A certificate given as bytes (PEM or PKCS#12), azure-identity's `certificate_data`.
    pub fn certificate_data(
        data: &[u8],
        password: Option<&Secret>,
        send_chain: bool,
    ) -> Result<Self> {
        let key = CertificateKey::from_bytes(data, password.map(Secret::expose))?;
        Ok(AppGrant::Assertion(Arc::new(CertificateAssertion {
            key,
            send_chain,
        })))
    }
}

impl fmt::Debug for AppGrant {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AppGrant::Secret(_) => f.write_str("Secret(***)"),
            AppGrant::Assertion(source) => write!(f, "Assertion({source:?})"),
        }
    }
}

/// An application-context credential as a value: tenant, app registration, grant and,
/// optionally, its own sign-in host. A [`DefenderClient`] built from it (through
/// [`CredentialSpec::App`]) sends its token requests through the client's connections; without
/// [`authority`](Self::authority) it uses the client's sign-in host (its cloud's, or
/// `authority_host`).
#[derive(Clone, Debug)]
pub struct AppCredential {
    pub tenant_id: String,
    pub client_id: String,
    pub grant: AppGrant,
    /// Sign-in host (e.g. `https://login.microsoftonline.us`), azure-identity's `authority`.
    pub authority: Option<Url>,
}

/// Parses an `authority` the way azure-identity takes it: a URL, or a bare host name (then
/// `https://` is assumed), HTTPS only except for loopback hosts.
pub fn parse_authority(value: &str) -> Result<Url> {
    let value = value.trim();
    if value.contains("://") {
        parse_base_url("authority", value)
    } else {
        parse_base_url("authority", &format!("https://{value}"))
    }
}

impl AppCredential {
    fn checked(tenant_id: &str, client_id: &str, grant: AppGrant) -> Result<Self> {
        crate::auth::validate_tenant_id(tenant_id)?;
        if client_id.trim().is_empty() {
            return Err(Error::invalid_argument("client_id must not be empty"));
        }
        Ok(AppCredential {
            tenant_id: tenant_id.to_owned(),
            client_id: client_id.to_owned(),
            grant,
            authority: None,
        })
    }

    /// With a client secret (Entra "client credentials" grant, shared secret).
    pub fn client_secret(tenant_id: &str, client_id: &str, secret: Secret) -> Result<Self> {
        if secret.expose().is_empty() {
            return Err(Error::invalid_argument("client_secret must not be empty"));
        }
        Self::checked(tenant_id, client_id, AppGrant::Secret(secret))
    }

    /// With a certificate file ([`AppGrant::certificate_file`]).
    pub fn certificate_file(
        tenant_id: &str,
        client_id: &str,
        path: &std::path::Path,
        password: Option<&Secret>,
        send_chain: bool,
    ) -> Result<Self> {
        let grant = AppGrant::certificate_file(path, password, send_chain)?;
        Self::checked(tenant_id, client_id, grant)
    }

    /// With a certificate given as bytes ([`AppGrant::certificate_data`]).
    pub fn certificate_data(
        tenant_id: &str,
        client_id: &str,
        data: &[u8],
        password: Option<&Secret>,
        send_chain: bool,
    ) -> Result<Self> {
        let grant = AppGrant::certificate_data(data, password, send_chain)?;
        Self::checked(tenant_id, client_id, grant)
    }

    /// With a grant made elsewhere (e.g. [`AppGrant::certificate_file`]).
    pub fn new(tenant_id: &str, client_id: &str, grant: AppGrant) -> Result<Self> {
        if let AppGrant::Secret(s) = &grant {
            if s.expose().is_empty() {
                return Err(Error::invalid_argument("client_secret must not be empty"));
            }
        }
        Self::checked(tenant_id, client_id, grant)
    }

    /// The token credential sending this grant to `{authority}/{tenant}/oauth2/v2.0/token`,
    /// where the authority is this credential's own, else `default_authority`.
    pub fn token_credential(
        &self,
        default_authority: &Url,
        http: reqwest::Client,
    ) -> Result<Arc<dyn TokenCredential>> {
        let authority = self.authority.as_ref().unwrap_or(default_authority);
        Ok(match &self.grant {
            AppGrant::Secret(secret) => Arc::new(ClientSecretCredential::new(
                authority,
                &self.tenant_id,
                &self.client_id,
                secret.clone(),
                http,
            )?),
            AppGrant::Assertion(source) => Arc::new(ClientAssertionCredential::new(
                authority,
                &self.tenant_id,
                &self.client_id,
                source.clone(),
                http,
            )?),
        })
    }

    /// With an assertion from `source` for each token request (workload identity federation).
    pub fn client_assertion(
        tenant_id: &str,
        client_id: &str,
        source: Arc<dyn AssertionSource>,
    ) -> Result<Self> {
        Self::checked(tenant_id, client_id, AppGrant::Assertion(source))
    }

    /// The same credential with its own sign-in host.
    pub fn with_authority(mut self, authority: Option<Url>) -> Self {
        self.authority = authority;
        self
    }

    /// azure-identity's `EnvironmentCredential`: `AZURE_TENANT_ID`, `AZURE_CLIENT_ID` and
    /// `AZURE_CLIENT_SECRET` or, without a secret, `AZURE_CLIENT_CERTIFICATE_PATH` (with
    /// `AZURE_CLIENT_CERTIFICATE_PASSWORD` and `AZURE_CLIENT_SEND_CERTIFICATE_CHAIN`, `1` or
    /// `true`). Blank values count as unset. `AZURE_AUTHORITY_HOST` is not read here: it is the
    /// client's sign-in host ([`EndpointOptions::from_env`]).
    ///
    /// Errors: [`ErrorKind::Configuration`](crate::ErrorKind::Configuration) naming the missing
    /// variables; an unreadable certificate is
    /// [`ErrorKind::InvalidArgument`](crate::ErrorKind::InvalidArgument).
    pub fn from_env(lookup: impl Fn(&str) -> Option<String>) -> Result<Self> {
        Self::from_env_with(AppCredentialParts::default(), lookup)
    }

    /// [`from_env`](Self::from_env) where `given` wins over the environment: given ids are
    /// used as they are, and a given grant replaces the environment's secret or certificate.
    pub fn from_env_with(
        given: AppCredentialParts,
        lookup: impl Fn(&str) -> Option<String>,
    ) -> Result<Self> {
        let lookup: &dyn Fn(&str) -> Option<String> = &lookup;
        let tenant_id = given.tenant_id.or_else(|| get(lookup, "AZURE_TENANT_ID"));
        let client_id = given.client_id.or_else(|| get(lookup, "AZURE_CLIENT_ID"));
        enum Found {
            Given(AppGrant),
            Secret(Secret),
            Certificate(PathBuf),
            Nothing,
        }
        let found = match given.grant {
            Some(g) => Found::Given(g),
            None => match get(lookup, "AZURE_CLIENT_SECRET") {
                Some(s) => Found::Secret(Secret::new(s)),
                None => match get(lookup, "AZURE_CLIENT_CERTIFICATE_PATH") {
                    Some(p) => Found::Certificate(PathBuf::from(p)),
                    None => Found::Nothing,
                },
            },
        };
        let (Some(tenant_id), Some(client_id), false) =
            (&tenant_id, &client_id, matches!(found, Found::Nothing))
        else {
            let missing: Vec<&str> = [
                ("AZURE_TENANT_ID", tenant_id.is_none()),
                ("AZURE_CLIENT_ID", client_id.is_none()),
                (
                    "AZURE_CLIENT_SECRET (or AZURE_CLIENT_CERTIFICATE_PATH)",
                    matches!(found, Found::Nothing),
                ),
            ]
            .into_iter()
            .filter_map(|(k, m)| m.then_some(k))
            .collect();
            return Err(Error::configuration(format!(
                "the environment lacks {} (azure-identity's EnvironmentCredential variables)",
                missing.join(", ")
            )));
        };
        match found {
            Found::Given(grant) => Self::new(tenant_id, client_id, grant),
            Found::Secret(secret) => Self::client_secret(tenant_id, client_id, secret),
            Found::Certificate(path) => {
                let password = given
                    .certificate_password
                    .or_else(|| get(lookup, "AZURE_CLIENT_CERTIFICATE_PASSWORD").map(Secret::new));
                let send_chain = given.send_certificate_chain
                    || get(lookup, "AZURE_CLIENT_SEND_CERTIFICATE_CHAIN")
                        .is_some_and(|v| matches!(v.to_ascii_lowercase().as_str(), "1" | "true"));
                Self::certificate_file(tenant_id, client_id, &path, password.as_ref(), send_chain)
            }
            Found::Nothing => unreachable!("handled above"),
        }
    }
}

/// What a caller gave of an application credential; [`AppCredential::from_env_with`] fills the
/// rest from the environment.
#[derive(Clone, Debug, Default)]
pub struct AppCredentialParts {
    pub tenant_id: Option<String>,
    pub client_id: Option<String>,
    pub grant: Option<AppGrant>,
    /// The password of a certificate named by `AZURE_CLIENT_CERTIFICATE_PATH`.
    pub certificate_password: Option<Secret>,
    /// Send the chain of a certificate named by `AZURE_CLIENT_CERTIFICATE_PATH`.
    pub send_certificate_chain: bool,
}

/// A [`DefenderClient`] put together step by step:
///
/// ```no_run
/// use mdekit_core::builder::{process_env, ClientBuilder};
/// let client = ClientBuilder::new().fill_from_env(process_env)?.build()?;
/// # Ok::<(), mdekit_core::Error>(())
/// ```
#[derive(Debug, Default)]
pub struct ClientBuilder {
    pub credential: Option<CredentialSpec>,
    pub options: ClientOptions,
    /// A PEM file of CA certificates to trust instead of the system's, read by
    /// [`build`](Self::build) (an already read bundle goes in `options.ca_bundle`).
    pub ca_bundle_path: Option<PathBuf>,
}

impl ClientBuilder {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn credential(mut self, credential: CredentialSpec) -> Self {
        self.credential = Some(credential);
        self
    }

    pub fn options(mut self, options: ClientOptions) -> Self {
        self.options = options;
        self
    }

    pub fn ca_bundle_file(mut self, path: impl Into<PathBuf>) -> Self {
        self.ca_bundle_path = Some(path.into());
        self
    }

    /// Fills what is unset from the environment: each endpoint field
    /// ([`EndpointOptions::from_env`]), the CA bundle (`MDEKIT_CA_BUNDLE`) and, without a
    /// credential, [`AppCredential::from_env`].
    pub fn fill_from_env(self, lookup: impl Fn(&str) -> Option<String>) -> Result<Self> {
        self.fill_from_env_with(AppCredentialParts::default(), lookup)
    }

    /// [`fill_from_env`](Self::fill_from_env), with the parts of an application credential the
    /// caller gave (used only when no credential is set).
    pub fn fill_from_env_with(
        mut self,
        given: AppCredentialParts,
        lookup: impl Fn(&str) -> Option<String>,
    ) -> Result<Self> {
        let lookup: &dyn Fn(&str) -> Option<String> = &lookup;
        let env = EndpointOptions::from_env(lookup);
        let e = &mut self.options.endpoints;
        e.cloud = e.cloud.take().or(env.cloud);
        e.region = e.region.take().or(env.region);
        e.authority_host = e.authority_host.take().or(env.authority_host);
        e.api_base_url = e.api_base_url.take().or(env.api_base_url);
        e.graph_base_url = e.graph_base_url.take().or(env.graph_base_url);
        e.mde_audience = e.mde_audience.take().or(env.mde_audience);
        if self.ca_bundle_path.is_none() && self.options.ca_bundle.is_none() {
            self.ca_bundle_path = get(lookup, "MDEKIT_CA_BUNDLE").map(PathBuf::from);
        }
        if self.credential.is_none() {
            self.credential = Some(CredentialSpec::App(AppCredential::from_env_with(
                given, lookup,
            )?));
        }
        Ok(self)
    }

    /// Reads the CA bundle file, if any, and builds the client.
    ///
    /// Errors: no credential, an unreadable CA bundle, or what [`DefenderClient::new`] refuses
    /// ([`ErrorKind::Configuration`](crate::ErrorKind::Configuration) or
    /// [`ErrorKind::InvalidArgument`](crate::ErrorKind::InvalidArgument)).
    pub fn build(self) -> Result<DefenderClient> {
        let credential = self
            .credential
            .ok_or_else(|| Error::configuration("no credential given"))?;
        let mut options = self.options;
        if let Some(path) = self.ca_bundle_path {
            let pem = std::fs::read(&path).map_err(|e| {
                Error::configuration(format!(
                    "ca_bundle {} could not be read: {e}",
                    path.display()
                ))
            })?;
            options.ca_bundle = Some(pem);
        }
        DefenderClient::new(credential, options)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn env(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let map: HashMap<String, String> = pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        move |k| map.get(k).cloned()
    }

    #[test]
    fn secret_wins_over_certificate() {
        let c = AppCredential::from_env(env(&[
            ("AZURE_TENANT_ID", "contoso.onmicrosoft.com"),
            ("AZURE_CLIENT_ID", "app"),
            ("AZURE_CLIENT_SECRET", " s3cret "),
            ("AZURE_CLIENT_CERTIFICATE_PATH", "/nonexistent.pem"),
        ]))
        .unwrap();
        assert_eq!(c.tenant_id, "contoso.onmicrosoft.com");
        match &c.grant {
            AppGrant::Secret(s) => assert_eq!(s.expose(), "s3cret"),
            other => panic!("{other:?}"),
        }
        assert!(!format!("{c:?}").contains("s3cret"));
    }

    #[test]
    fn certificate_without_secret_is_read() {
        let err = AppCredential::from_env(env(&[
            ("AZURE_TENANT_ID", "t"),
            ("AZURE_CLIENT_ID", "app"),
            ("AZURE_CLIENT_SECRET", "  "),
            ("AZURE_CLIENT_CERTIFICATE_PATH", "/nonexistent/app.pem"),
        ]))
        .unwrap_err();
        assert!(err.message.contains("/nonexistent/app.pem"), "{err}");
    }

    #[test]
    fn missing_variables_are_named() {
        let err = AppCredential::from_env(env(&[("AZURE_CLIENT_ID", "app")])).unwrap_err();
        assert_eq!(err.kind, crate::ErrorKind::Configuration);
        assert!(err.message.contains("AZURE_TENANT_ID"));
        assert!(err.message.contains("AZURE_CLIENT_SECRET"));
        assert!(!err.message.contains("AZURE_CLIENT_ID"));
    }

    #[test]
    fn given_parts_win() {
        let c = AppCredential::from_env_with(
            AppCredentialParts {
                tenant_id: Some("given".into()),
                grant: Some(AppGrant::Secret(Secret::new("given-secret"))),
                ..Default::default()
            },
            env(&[
                ("AZURE_TENANT_ID", "env"),
                ("AZURE_CLIENT_ID", "app"),
                ("AZURE_CLIENT_SECRET", "env-secret"),
            ]),
        )
        .unwrap();
        assert_eq!(
            (c.tenant_id.as_str(), c.client_id.as_str()),
            ("given", "app")
        );
        match c.grant {
            AppGrant::Secret(s) => assert_eq!(s.expose(), "given-secret"),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn builder_fills_endpoints_and_keeps_given_ones() {
        let mut b = ClientBuilder::new();
        b.options.endpoints.cloud = Some("gcc".into());
        let b = b
            .fill_from_env(env(&[
                ("AZURE_TENANT_ID", "t"),
                ("AZURE_CLIENT_ID", "app"),
                ("AZURE_CLIENT_SECRET", "s"),
                ("MDEKIT_CLOUD", "dod"),
                ("MDEKIT_API_BASE_URL", "https://api.example.test"),
            ]))
            .unwrap();
        assert_eq!(b.options.endpoints.cloud.as_deref(), Some("gcc"));
        assert_eq!(
            b.options.endpoints.api_base_url.as_deref(),
            Some("https://api.example.test")
        );
        let client = b.build().unwrap();
        assert_eq!(client.tenant_id(), Some("t"));
        assert_eq!(client.endpoints().cloud.name(), "gcc");
    }

    #[test]
    fn authority_accepts_a_bare_host() {
        assert_eq!(
            parse_authority("login.microsoftonline.us")
                .unwrap()
                .as_str(),
            "https://login.microsoftonline.us/"
        );
        assert!(parse_authority("http://login.example.com").is_err());
        assert!(parse_authority("http://127.0.0.1:8080").is_ok());
    }
}
