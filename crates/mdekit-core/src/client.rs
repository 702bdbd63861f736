//! `DefenderClient`: configuration, credential and pipeline put together, and the entry point to
//! each API family (`client.alerts()`, `client.machines()`, `client.hunting()`).

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use crate::api::alerts::Alerts;
use crate::api::authenticated_scans::AuthenticatedScans;
use crate::api::device_health::DeviceHealth;
use crate::api::hunting::Hunting;
use crate::api::incidents::Incidents;
use crate::api::indicators::Indicators;
use crate::api::investigations::Investigations;
use crate::api::live_response::LiveResponse;
use crate::api::machine_actions::MachineActions;
use crate::api::machines::Machines;
use crate::api::pivots::Pivots;
use crate::api::request::Raw;
use crate::api::security_alerts::SecurityAlerts;
use crate::api::tvm::{Recommendations, Remediation, Scores, Software, Vulnerabilities};
use crate::auth::permissions::{granted_permissions, Granted};
use crate::auth::{AssertionSource, Secret, TokenCache, TokenCredential};
use crate::builder::AppCredential;
use crate::config::{EndpointOptions, Endpoints};
use crate::error::Result;
use crate::pipeline::clock::{system_clock, SharedClock};
use crate::pipeline::rate_limit::RateLimiter;
use crate::pipeline::retry::RetryPolicy;
use crate::pipeline::transport::build_http_client_with_roots;
use crate::pipeline::{Audience, Pipeline, Shared, Stats};

/// 2 GiB: far above the largest documented response (a 200,000-record export page or a 50 MB
/// hunting result, decompressed), far below what would exhaust a workstation.
pub const DEFAULT_MAX_RESPONSE_BYTES: u64 = 2 << 30;

/// Everything but the credential.
#[derive(Debug, Clone)]
pub struct ClientOptions {
    pub endpoints: EndpointOptions,
    pub retry: RetryPolicy,
    /// Limit for one attempt, from sending the request to the last body byte.
    pub timeout: Duration,
    pub connect_timeout: Duration,
    /// Enforce the documented per-family quotas on the client side.
    pub rate_limit: bool,
    /// Time source for backoff and rate-limit waits; tests pass a manual clock.
    pub clock: Option<SharedClock>,
    /// PEM certificates to trust instead of the system's roots (a private CA, the sandbox).
    pub ca_bundle: Option<Vec<u8>>,
    /// Largest response body, after decompression, one request may deliver: a bound on memory
    /// that also stops a compression bomb.
    pub max_response_bytes: u64,
}

impl Default for ClientOptions {
    fn default() -> Self {
        ClientOptions {
            endpoints: EndpointOptions::default(),
            retry: RetryPolicy::default(),
            timeout: Duration::from_secs(300),
            connect_timeout: Duration::from_secs(30),
            rate_limit: true,
            clock: None,
            ca_bundle: None,
            max_response_bytes: DEFAULT_MAX_RESPONSE_BYTES,
        }
    }
}

/// How the client gets its tokens.
#[derive(Debug, Clone)]
pub enum CredentialSpec {
    /// Application context with a client secret.
    ClientSecret {
        tenant_id: String,
        client_id: String,
        client_secret: Secret,
    },
    /// Application context with a certificate (PEM or PKCS#12 file): a signed client assertion.
    ClientCertificate {
        tenant_id: String,
        client_id: String,
        path: PathBuf,
        password: Option<Secret>,
        /// Send the certificate chain (`x5c`) for subject name / issuer authentication.
        send_chain: bool,
    },
    /// Application context with an assertion from elsewhere (workload identity federation).
    ClientAssertion {
        tenant_id: String,
        client_id: String,
        source: Arc<dyn AssertionSource>,
    },
    /// Application context as a value (what the other application variants become): see
    /// [`AppCredential`], and [`AppCredential::from_env`] for azure-identity's environment.
    App(AppCredential),
    /// Any other credential (user context, managed identity, a foreign one): the client knows
    /// no tenant or app id, so its rate limiter is its own.
    Custom(Arc<dyn TokenCredential>),
}

impl CredentialSpec {
    /// Application context with a client secret (shorthand of [`CredentialSpec::App`]).
    pub fn client_secret(
        tenant_id: impl Into<String>,
        client_id: impl Into<String>,
        client_secret: Secret,
    ) -> Self {
        CredentialSpec::ClientSecret {
            tenant_id: tenant_id.into(),
            client_id: client_id.into(),
            client_secret,
        }
    }

    /// The application credential behind the application-context variants (a certificate file
    /// is read here), or the credential of [`CredentialSpec::Custom`] as `Err`.
    #[allow(clippy::type_complexity)]
    fn into_app(self) -> Result<std::result::Result<AppCredential, Arc<dyn TokenCredential>>> {
        Ok(Ok(match self {
            CredentialSpec::App(app) => app,
            CredentialSpec::ClientSecret {
                tenant_id,
                client_id,
                client_secret,
            } => AppCredential::client_secret(&tenant_id, &client_id, client_secret)?,
            CredentialSpec::ClientCertificate {
                tenant_id,
                client_id,
                path,
                password,
                send_chain,
            } => AppCredential::certificate_file(
                &tenant_id,
                &client_id,
                &path,
                password.as_ref(),
                send_chain,
            )?,
            CredentialSpec::ClientAssertion {
                tenant_id,
                client_id,
                source,
            } => AppCredential::client_assertion(&tenant_id, &client_id, source)?,
            CredentialSpec::Custom(c) => return Ok(Err(c)),
        }))
    }
}

/// The MDE client. Cheap to clone: clones share the connection pool, token cache and rate
/// limiter.
#[derive(Debug, Clone)]
pub struct DefenderClient {
    pipeline: Pipeline,
    tenant_id: Option<String>,
    client_id: Option<String>,
}

impl DefenderClient {
    pub fn new(credential: CredentialSpec, options: ClientOptions) -> Result<Self> {
        let endpoints = options.endpoints.resolve()?;
        let http =
            build_http_client_with_roots(options.connect_timeout, options.ca_bundle.as_deref())?;
        let (credential, tenant_id, client_id, authority): (Arc<dyn TokenCredential>, _, _, _) =
            match credential.into_app()? {
                Ok(app) => {
                    let c = app.token_credential(&endpoints.authority_host, http.clone())?;
                    let authority = app
                        .authority
                        .unwrap_or_else(|| endpoints.authority_host.clone());
                    (c, Some(app.tenant_id), Some(app.client_id), authority)
                }
                Err(c) => (c, None, None, endpoints.authority_host.clone()),
            };
        let system = options.clock.is_none();
        let clock: SharedClock = options.clock.unwrap_or_else(system_clock);
        let limiter = if options.rate_limit {
            match (&tenant_id, &client_id) {
                (Some(t), Some(c)) => {
                    RateLimiter::shared(authority.as_str(), t, c, clock.clone(), system)
                }
                _ => RateLimiter::new(clock.clone()),
            }
        } else {
            RateLimiter::disabled(clock.clone())
        };
        let shared = Shared {
            http,
            auth: TokenCache::new(credential),
            endpoints,
            limiter,
            clock,
            stats: Stats::default(),
            max_response_bytes: options.max_response_bytes,
        };
        Ok(DefenderClient {
            pipeline: Pipeline {
                shared: Arc::new(shared),
                retry: options.retry,
                timeout: options.timeout,
            },
            tenant_id,
            client_id,
        })
    }

    /// A client sharing this one's connections, tokens and rate limiter, with other retry and
    /// timeout settings (per-call options).
    pub fn with_options(&self, retry: Option<RetryPolicy>, timeout: Option<Duration>) -> Self {
        let mut c = self.clone();
        if let Some(r) = retry {
            c.pipeline.retry = r;
        }
        if let Some(t) = timeout {
            c.pipeline.timeout = t;
        }
        c
    }

    pub fn endpoints(&self) -> &Endpoints {
        self.pipeline.endpoints()
    }

    pub fn retry_policy(&self) -> &RetryPolicy {
        &self.pipeline.retry
    }

    pub fn timeout(&self) -> Duration {
        self.pipeline.timeout
    }

    pub fn tenant_id(&self) -> Option<&str> {
        self.tenant_id.as_deref()
    }

    pub fn client_id(&self) -> Option<&str> {
        self.client_id.as_deref()
    }

    /// The request pipeline, for sending requests no operation covers yet.
    pub fn pipeline(&self) -> &Pipeline {
        &self.pipeline
    }

    pub fn stats(&self) -> &Stats {
        &self.pipeline.shared.stats
    }

    /// What the token for `audience` grants: its `roles` (application context) or `scp` (user
    /// context) claim. Fetches a token when none is cached.
    pub async fn granted_permissions(&self, audience: Audience) -> Result<Granted> {
        let shared = &self.pipeline.shared;
        let scope = match audience {
            Audience::Mde => &shared.endpoints.mde_scope,
            Audience::Graph => &shared.endpoints.graph_scope,
        };
        let token = self.pipeline.token(scope).await?;
        granted_permissions(token.expose())
    }

    // ---- Vulnerability management (issue 10)
    pub fn software(&self) -> Software {
        Software {
            pipeline: self.pipeline.clone(),
        }
    }

    pub fn vulnerabilities(&self) -> Vulnerabilities {
        Vulnerabilities {
            pipeline: self.pipeline.clone(),
        }
    }

    pub fn recommendations(&self) -> Recommendations {
        Recommendations {
            pipeline: self.pipeline.clone(),
        }
    }

    pub fn scores(&self) -> Scores {
        Scores {
            pipeline: self.pipeline.clone(),
        }
    }

    pub fn remediation(&self) -> Remediation {
        Remediation {
            pipeline: self.pipeline.clone(),
        }
    }

    pub fn device_health(&self) -> DeviceHealth {
        DeviceHealth {
            pipeline: self.pipeline.clone(),
        }
    }

    pub fn authenticated_scans(&self) -> AuthenticatedScans {
        AuthenticatedScans {
            pipeline: self.pipeline.clone(),
        }
    }

    pub fn alerts(&self) -> Alerts {
        Alerts {
            pipeline: self.pipeline.clone(),
        }
    }

    pub fn machines(&self) -> Machines {
        Machines {
            pipeline: self.pipeline.clone(),
        }
    }

    pub fn machine_actions(&self) -> MachineActions {
        MachineActions {
            pipeline: self.pipeline.clone(),
        }
    }

    pub fn indicators(&self) -> Indicators {
        Indicators {
            pipeline: self.pipeline.clone(),
        }
    }

    pub fn investigations(&self) -> Investigations {
        Investigations {
            pipeline: self.pipeline.clone(),
        }
    }

    /// The export assessment APIs (JSON pages and via-files SAS URLs).
    pub fn exports(&self) -> crate::api::exports::Exports {
        crate::api::exports::Exports {
            pipeline: self.pipeline.clone(),
        }
    }

    pub fn live_response(&self) -> LiveResponse {
        LiveResponse {
            pipeline: self.pipeline.clone(),
        }
    }

    /// Files, IP addresses, domains and users.
    pub fn pivots(&self) -> Pivots {
        Pivots {
            pipeline: self.pipeline.clone(),
        }
    }

    pub fn hunting(&self) -> Hunting {
        Hunting {
            pipeline: self.pipeline.clone(),
        }
    }

    /// Microsoft Graph security incidents.
    pub fn incidents(&self) -> Incidents {
        Incidents {
            pipeline: self.pipeline.clone(),
        }
    }

    /// Microsoft Graph security alerts (v2).
    pub fn security_alerts(&self) -> SecurityAlerts {
        SecurityAlerts {
            pipeline: self.pipeline.clone(),
        }
    }

    /// Any endpoint of either API, through the same pipeline (`client.request`).
    pub fn raw(&self) -> Raw {
        Raw {
            pipeline: self.pipeline.clone(),
        }
    }
}
