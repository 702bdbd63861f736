//! Keyword arguments of the client constructors, turned into core options.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use mdekit_core::auth::{AssertionSource, Secret, TokenCredential};
use mdekit_core::config::EndpointOptions;
use mdekit_core::pipeline::clock::{ManualClock as CoreManualClock, SharedClock};
use mdekit_core::pipeline::retry::RetryPolicy;
use mdekit_core::{ClientOptions, CredentialSpec, DefenderClient as CoreClient};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;

/// A clock for tests: waits (retry backoff, Retry-After, rate limits) return at once and are
/// recorded instead of slept. Pass it as `clock=` to a client.
#[pyclass(frozen, module = "mdekit._mdekit")]
pub struct ManualClock {
    pub(crate) inner: Arc<CoreManualClock>,
}

#[pymethods]
impl ManualClock {
    #[new]
    fn new() -> Self {
        ManualClock {
            inner: Arc::new(CoreManualClock::new()),
        }
    }

    /// Every wait requested so far, in seconds.
    #[getter]
    fn sleeps(&self) -> Vec<f64> {
        self.inner
            .sleeps()
            .iter()
            .map(Duration::as_secs_f64)
            .collect()
    }

    /// Sum of all waits, in seconds.
    #[getter]
    fn total_slept(&self) -> f64 {
        self.inner.total_slept().as_secs_f64()
    }

    /// Moves the clock forward by `seconds`.
    fn advance(&self, seconds: f64) -> PyResult<()> {
        self.inner.advance(seconds_arg("seconds", seconds)?);
        Ok(())
    }

    fn __repr__(&self) -> String {
        format!(
            "ManualClock(total_slept={:.3})",
            self.inner.total_slept().as_secs_f64()
        )
    }
}

/// The longest duration a keyword takes: ten years, far beyond any useful wait, and far from
/// where adding it to the clock could overflow.
pub const MAX_SECONDS: f64 = 10.0 * 366.0 * 24.0 * 3600.0;

/// Seconds from Python as a duration; negative, NaN, infinite or absurdly large values (more
/// than [`MAX_SECONDS`]) are refused with the message returned.
pub fn checked_seconds(name: &str, value: f64) -> Result<Duration, String> {
    if !value.is_finite() || value < 0.0 {
        return Err(format!(
            "{name} must be a non-negative number of seconds, got {value}"
        ));
    }
    if value > MAX_SECONDS {
        return Err(format!(
            "{name} must be at most {MAX_SECONDS:.0} seconds (ten years), got {value}"
        ));
    }
    Duration::try_from_secs_f64(value).map_err(|e| format!("{name}: {e}"))
}

/// [`checked_seconds`], refusing with a `ValueError`.
pub fn seconds_arg(name: &str, value: f64) -> PyResult<Duration> {
    checked_seconds(name, value).map_err(PyValueError::new_err)
}

/// Retry and timeout keywords shared by the constructors and `with_options`.
#[derive(Default)]
pub struct RetryArgs {
    pub max_retries: Option<u32>,
    pub retry_backoff: Option<f64>,
    pub retry_total_timeout: Option<f64>,
    pub timeout: Option<f64>,
}

impl RetryArgs {
    pub fn apply(&self, mut policy: RetryPolicy) -> PyResult<RetryPolicy> {
        if let Some(n) = self.max_retries {
            policy.max_retries = n;
        }
        if let Some(b) = self.retry_backoff {
            policy.initial_backoff = seconds_arg("retry_backoff", b)?;
        }
        if let Some(t) = self.retry_total_timeout {
            policy.total_timeout = seconds_arg("retry_total_timeout", t)?;
        }
        Ok(policy)
    }

    pub fn timeout(&self) -> PyResult<Option<Duration>> {
        self.timeout
            .map(|t| {
                let d = seconds_arg("timeout", t)?;
                if d.is_zero() {
                    return Err(PyValueError::new_err("timeout must be greater than 0"));
                }
                Ok(d)
            })
            .transpose()
    }
}

thread_local! {
    /// Set by `from_env` around its call of the constructor: fill missing keywords from the
    /// environment. Thread-local, and the constructor clears it on entry, so it cannot leak
    /// into another construction.
    pub static FROM_ENV: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Everything a constructor accepts.
pub struct ClientArgs {
    pub tenant_id: Option<String>,
    pub client_id: Option<String>,
    pub client_secret: Option<String>,
    pub endpoints: EndpointOptions,
    pub retry: RetryArgs,
    pub rate_limit: bool,
    pub clock: Option<SharedClock>,
    /// Any credential (a Python object with `get_token`, or one of mdekit's own).
    pub credential: Option<Arc<dyn TokenCredential>>,
    /// Path of a PEM file of CA certificates to trust instead of the system's.
    pub ca_bundle: Option<PathBuf>,
    pub certificate_path: Option<PathBuf>,
    pub certificate_password: Option<String>,
    pub send_certificate_chain: bool,
    pub client_assertion: Option<Arc<dyn AssertionSource>>,
}

/// The credential keywords other than the client secret, and `ca_bundle=`, kept apart so the
/// constructors stay readable.
#[derive(Default)]
pub struct AuthArgs {
    pub credential: Option<Arc<dyn TokenCredential>>,
    pub ca_bundle: Option<PathBuf>,
    pub certificate_path: Option<PathBuf>,
    pub certificate_password: Option<String>,
    pub send_certificate_chain: bool,
    pub client_assertion: Option<Arc<dyn AssertionSource>>,
}

impl ClientArgs {
    /// Collects the constructor keywords (shared by `__new__` and `from_env`).
    #[allow(clippy::too_many_arguments)]
    pub fn from_keywords(
        tenant_id: Option<String>,
        client_id: Option<String>,
        client_secret: Option<String>,
        endpoints: EndpointOptions,
        retry: RetryArgs,
        rate_limit: bool,
        clock: Option<PyRef<'_, ManualClock>>,
        auth: AuthArgs,
    ) -> Self {
        ClientArgs {
            tenant_id,
            client_id,
            client_secret,
            endpoints,
            retry,
            rate_limit,
            clock: clock.map(|c| c.inner.clone() as SharedClock),
            credential: auth.credential,
            ca_bundle: auth.ca_bundle,
            certificate_path: auth.certificate_path,
            certificate_password: auth.certificate_password,
            send_certificate_chain: auth.send_certificate_chain,
            client_assertion: auth.client_assertion,
        }
    }

    /// Fills what the caller left out from the environment (azure-identity variable names).
    pub fn fill_from_env(mut self) -> PyResult<Self> {
        let env: HashMap<String, String> = std::env::vars().collect();
        let get = |k: &str| {
            env.get(k)
                .map(|v| v.trim().to_owned())
                .filter(|v| !v.is_empty())
        };
        self.tenant_id = self.tenant_id.or_else(|| get("AZURE_TENANT_ID"));
        self.client_id = self.client_id.or_else(|| get("AZURE_CLIENT_ID"));
        let explicit = self.credential.is_some()
            || self.client_secret.is_some()
            || self.certificate_path.is_some()
            || self.client_assertion.is_some();
        if !explicit {
            // azure-identity's EnvironmentCredential order: a secret, else a certificate.
            self.client_secret = get("AZURE_CLIENT_SECRET");
            if self.client_secret.is_none() {
                self.certificate_path = get("AZURE_CLIENT_CERTIFICATE_PATH").map(PathBuf::from);
                if self.certificate_path.is_some() {
                    self.certificate_password = self
                        .certificate_password
                        .or_else(|| get("AZURE_CLIENT_CERTIFICATE_PASSWORD"));
                    self.send_certificate_chain |= get("AZURE_CLIENT_SEND_CERTIFICATE_CHAIN")
                        .is_some_and(|v| matches!(v.to_ascii_lowercase().as_str(), "1" | "true"));
                }
            }
        }
        self.ca_bundle = self
            .ca_bundle
            .or_else(|| get("MDEKIT_CA_BUNDLE").map(PathBuf::from));
        let from_env = EndpointOptions::from_env_map(&env);
        let e = &mut self.endpoints;
        e.cloud = e.cloud.take().or(from_env.cloud);
        e.region = e.region.take().or(from_env.region);
        e.authority_host = e.authority_host.take().or(from_env.authority_host);
        e.api_base_url = e.api_base_url.take().or(from_env.api_base_url);
        e.graph_base_url = e.graph_base_url.take().or(from_env.graph_base_url);
        e.mde_audience = e.mde_audience.take().or(from_env.mde_audience);
        let needs_ids = self.credential.is_none();
        let no_secret = self.client_secret.is_none()
            && self.certificate_path.is_none()
            && self.client_assertion.is_none();
        if needs_ids && (self.tenant_id.is_none() || self.client_id.is_none() || no_secret) {
            let missing: Vec<&str> = [
                ("AZURE_TENANT_ID", self.tenant_id.is_none()),
                ("AZURE_CLIENT_ID", self.client_id.is_none()),
                (
                    "AZURE_CLIENT_SECRET (or AZURE_CLIENT_CERTIFICATE_PATH)",
                    no_secret,
                ),
            ]
            .into_iter()
            .filter_map(|(k, m)| m.then_some(k))
            .collect();
            return Err(PyValueError::new_err(format!(
                "from_env() needs {} in the environment (or as keyword arguments)",
                missing.join(", ")
            )));
        }
        Ok(self)
    }

    pub fn build(self) -> PyResult<CoreClient> {
        let given = [
            self.credential.is_some(),
            self.client_secret.is_some(),
            self.certificate_path.is_some(),
            self.client_assertion.is_some(),
        ];
        if given.iter().filter(|g| **g).count() > 1 {
            return Err(PyValueError::new_err(
                "give only one of credential=, client_secret=, certificate_path=, \
                 client_assertion=",
            ));
        }
        if self.certificate_password.is_some() && self.certificate_path.is_none() {
            return Err(PyValueError::new_err(
                "certificate_password= needs certificate_path=",
            ));
        }
        let credential = if let Some(c) = self.credential {
            CredentialSpec::Custom(c)
        } else {
            let (Some(tenant_id), Some(client_id)) = (self.tenant_id, self.client_id) else {
                return Err(PyValueError::new_err(
                    "tenant_id and client_id are required with client_secret=, \
                     certificate_path= or client_assertion= (or pass credential=, or use \
                     DefenderClient.from_env())",
                ));
            };
            if let Some(path) = self.certificate_path {
                CredentialSpec::ClientCertificate {
                    tenant_id,
                    client_id,
                    path,
                    password: self.certificate_password.map(Secret::new),
                    send_chain: self.send_certificate_chain,
                }
            } else if let Some(source) = self.client_assertion {
                CredentialSpec::ClientAssertion {
                    tenant_id,
                    client_id,
                    source,
                }
            } else if let Some(secret) = self.client_secret {
                CredentialSpec::ClientSecret {
                    tenant_id,
                    client_id,
                    client_secret: Secret::new(secret),
                }
            } else {
                return Err(PyValueError::new_err(
                    "no credential: give client_secret=, certificate_path=, \
                     client_assertion= or credential= (or use DefenderClient.from_env())",
                ));
            }
        };
        let ca_bundle = self
            .ca_bundle
            .map(|path| {
                std::fs::read(&path).map_err(|e| {
                    PyValueError::new_err(format!(
                        "ca_bundle {} could not be read: {e}",
                        path.display()
                    ))
                })
            })
            .transpose()?;
        let defaults = ClientOptions::default();
        let options = ClientOptions {
            endpoints: self.endpoints,
            retry: self.retry.apply(defaults.retry.clone())?,
            timeout: self.retry.timeout()?.unwrap_or(defaults.timeout),
            rate_limit: self.rate_limit,
            clock: self.clock,
            ca_bundle,
            ..defaults
        };
        Python::attach(|py| {
            CoreClient::new(credential, options).map_err(|e| crate::errors::to_pyerr(py, e))
        })
    }
}

/// A count keyword (`top`, `skip`, `page_size`): a Python `int` from 0 to 2^32 - 1. `bool` is
/// refused (`True` would otherwise be sent as `$top=1`), and an int out of range is a
/// `ValueError` rather than the `OverflowError` a plain `u32` argument raises.
#[derive(Debug, Clone, Copy)]
pub struct Count(pub u32);

impl<'a, 'py> FromPyObject<'a, 'py> for Count {
    type Error = PyErr;

    fn extract(obj: Borrowed<'a, 'py, PyAny>) -> PyResult<Self> {
        if obj.is_instance_of::<pyo3::types::PyBool>() {
            return Err(pyo3::exceptions::PyTypeError::new_err(
                "expected an int, got a bool",
            ));
        }
        if !obj.is_instance_of::<pyo3::types::PyInt>() {
            return Err(pyo3::exceptions::PyTypeError::new_err(format!(
                "expected an int, got {}",
                obj.get_type().name()?
            )));
        }
        let negative = obj.lt(0)?;
        match obj.extract::<u32>() {
            Ok(n) if !negative => Ok(Count(n)),
            _ => Err(PyValueError::new_err(format!(
                "must be an int from 0 to {}, got {}",
                u32::MAX,
                obj.repr()?
            ))),
        }
    }
}
