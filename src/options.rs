//! Keyword arguments of the client constructors, turned into core options.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use mdekit_core::auth::Secret;
use mdekit_core::builder::{process_env, AppCredentialParts, AppGrant, ClientBuilder};
use mdekit_core::config::EndpointOptions;
use mdekit_core::pipeline::clock::{
    ManualClock as CoreManualClock, ScaledClock as CoreScaledClock, SharedClock, SystemClock,
};
use mdekit_core::pipeline::retry::RetryPolicy;
use mdekit_core::{AppCredential, ClientOptions, CredentialSpec, DefenderClient as CoreClient};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::PyDict;

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

/// An accelerated clock for quota-bound runs against the sandbox: time runs `factor` times
/// faster than real time, waits last `1/factor` of their length. Pass it as `clock=` to a
/// client, and the same factor as `quota_time_scale=` to the sandbox, so both count the
/// documented per-minute and per-hour quotas on one time scale. Latency is not scaled: keep
/// few requests in flight at high factors (10 at 600x).
#[pyclass(frozen, module = "mdekit._mdekit")]
pub struct ScaledClock {
    pub(crate) inner: Arc<CoreScaledClock>,
}

#[pymethods]
impl ScaledClock {
    #[new]
    fn new(factor: f64) -> PyResult<Self> {
        let clock = CoreScaledClock::new(factor).map_err(PyValueError::new_err)?;
        Ok(ScaledClock {
            inner: Arc::new(clock),
        })
    }

    /// How many times faster than real time the clock runs.
    #[getter]
    fn factor(&self) -> f64 {
        self.inner.factor()
    }

    /// Scaled seconds since the clock was made (real seconds times `factor`).
    #[getter]
    fn elapsed(&self) -> f64 {
        self.inner.elapsed().as_secs_f64()
    }

    fn __repr__(&self) -> String {
        format!("ScaledClock(factor={})", self.inner.factor())
    }
}

/// The `clock=` keyword: a [`ManualClock`] or a [`ScaledClock`], as the pipeline's clock.
pub struct ClockArg(pub SharedClock);

impl<'a, 'py> FromPyObject<'a, 'py> for ClockArg {
    type Error = PyErr;

    fn extract(obj: Borrowed<'a, 'py, PyAny>) -> PyResult<Self> {
        if let Ok(c) = obj.cast::<ManualClock>() {
            return Ok(ClockArg(c.get().inner.clone() as SharedClock));
        }
        if let Ok(c) = obj.cast::<ScaledClock>() {
            return Ok(ClockArg(c.get().inner.clone() as SharedClock));
        }
        Err(pyo3::exceptions::PyTypeError::new_err(format!(
            "clock must be a ManualClock or a ScaledClock, got {}",
            obj.get_type().name()?
        )))
    }
}

impl ClockArg {
    /// The clock given, or the real one.
    pub fn or_system(clock: Option<ClockArg>) -> SharedClock {
        clock.map_or_else(|| Arc::new(SystemClock) as SharedClock, |c| c.0)
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

/// The constructor keywords, converted from Python: the constructor gets them typed from its
/// signature, `from_env(**kwargs)` through [`ClientKeywords::from_kwargs`]. Which credential
/// they make, and what the environment adds, is the core's ([`ClientBuilder`]).
#[derive(Default)]
pub struct ClientKeywords<'py> {
    pub tenant_id: Option<String>,
    pub client_id: Option<String>,
    pub client_secret: Option<String>,
    pub endpoints: EndpointOptions,
    pub retry: RetryArgs,
    pub rate_limit: Option<bool>,
    pub clock: Option<SharedClock>,
    /// Any credential: one of mdekit's objects, or a Python object with `get_token`.
    pub credential: Option<Bound<'py, PyAny>>,
    /// Path of a PEM file of CA certificates to trust instead of the system's.
    pub ca_bundle: Option<PathBuf>,
    pub certificate_path: Option<PathBuf>,
    pub certificate_password: Option<String>,
    pub send_certificate_chain: bool,
    pub client_assertion: Option<Bound<'py, PyAny>>,
}

/// Every keyword of the client constructors (and of `from_env`), in signature order.
pub const KEYWORDS: [&str; 21] = [
    "tenant_id",
    "client_id",
    "client_secret",
    "cloud",
    "region",
    "authority_host",
    "api_base_url",
    "graph_base_url",
    "mde_audience",
    "max_retries",
    "retry_backoff",
    "retry_total_timeout",
    "timeout",
    "rate_limit",
    "clock",
    "credential",
    "ca_bundle",
    "certificate_path",
    "certificate_password",
    "send_certificate_chain",
    "client_assertion",
];

/// The keywords of application context other than `credential=`, as the error names them.
const APP_KEYWORDS: &str = "tenant_id=, client_id=, client_secret=, certificate_path=, \
                            certificate_password=, send_certificate_chain=, client_assertion=";

fn item<'py, T>(kwargs: &Bound<'py, PyDict>, key: &str) -> PyResult<Option<T>>
where
    T: pyo3::conversion::FromPyObjectOwned<'py>,
{
    match kwargs.get_item(key)? {
        None => Ok(None),
        Some(v) if v.is_none() => Ok(None),
        Some(v) => v.extract::<T>().map(Some).map_err(|e| {
            let e: PyErr = e.into();
            pyo3::exceptions::PyTypeError::new_err(format!(
                "from_env() argument '{key}': {}",
                e.value(kwargs.py())
            ))
        }),
    }
}

impl<'py> ClientKeywords<'py> {
    /// The keywords of `from_env(**kwargs)`; an unknown one is a `TypeError`, as Python's own.
    pub fn from_kwargs(kwargs: Option<&Bound<'py, PyDict>>) -> PyResult<Self> {
        let Some(kw) = kwargs else {
            return Ok(ClientKeywords::default());
        };
        for key in kw.keys() {
            let key: String = key.extract()?;
            if !KEYWORDS.contains(&key.as_str()) {
                return Err(pyo3::exceptions::PyTypeError::new_err(format!(
                    "from_env() got an unexpected keyword argument '{key}'"
                )));
            }
        }
        let clock: Option<ClockArg> = item(kw, "clock")?;
        Ok(ClientKeywords {
            tenant_id: item(kw, "tenant_id")?,
            client_id: item(kw, "client_id")?,
            client_secret: item(kw, "client_secret")?,
            endpoints: EndpointOptions {
                cloud: item(kw, "cloud")?,
                region: item(kw, "region")?,
                authority_host: item(kw, "authority_host")?,
                api_base_url: item(kw, "api_base_url")?,
                graph_base_url: item(kw, "graph_base_url")?,
                mde_audience: item(kw, "mde_audience")?,
            },
            retry: RetryArgs {
                max_retries: item(kw, "max_retries")?,
                retry_backoff: item(kw, "retry_backoff")?,
                retry_total_timeout: item(kw, "retry_total_timeout")?,
                timeout: item(kw, "timeout")?,
            },
            rate_limit: item(kw, "rate_limit")?,
            clock: clock.map(|c| c.0),
            credential: item(kw, "credential")?,
            ca_bundle: item(kw, "ca_bundle")?,
            certificate_path: item(kw, "certificate_path")?,
            certificate_password: item(kw, "certificate_password")?,
            send_certificate_chain: item(kw, "send_certificate_chain")?.unwrap_or(false),
            client_assertion: item(kw, "client_assertion")?,
        })
    }

    /// The grant the keywords name (`client_secret=`, `certificate_path=`, `client_assertion=`),
    /// checked against each other.
    fn grant(&self, async_client: bool) -> PyResult<Option<AppGrant>> {
        let given = [
            self.client_secret.is_some(),
            self.certificate_path.is_some(),
            self.client_assertion.is_some(),
        ];
        if given.iter().filter(|g| **g).count() > 1 {
            return Err(PyValueError::new_err(
                "give only one of client_secret=, certificate_path=, client_assertion=",
            ));
        }
        let py_err = |e| Python::attach(|py| crate::errors::to_pyerr(py, e));
        let password = self.certificate_password.as_deref().map(Secret::new);
        if let Some(secret) = &self.client_secret {
            return Ok(Some(AppGrant::Secret(Secret::new(secret.as_str()))));
        }
        if let Some(path) = &self.certificate_path {
            return AppGrant::certificate_file(
                path,
                password.as_ref(),
                self.send_certificate_chain,
            )
            .map(Some)
            .map_err(py_err);
        }
        if let Some(func) = &self.client_assertion {
            let (source, is_async) = crate::credential::assertion_source(func)?;
            if is_async && !async_client {
                return Err(pyo3::exceptions::PyTypeError::new_err(
                    "an async client_assertion callable needs mdekit.aio.DefenderClient",
                ));
            }
            return Ok(Some(AppGrant::Assertion(source)));
        }
        Ok(None)
    }

    /// The core credential of `credential=`: an application credential object as itself (the
    /// client then knows its tenant and app), anything else as a token source.
    fn credential_spec(obj: &Bound<'py, PyAny>, async_client: bool) -> PyResult<CredentialSpec> {
        if let Some(app) = crate::app_credentials::native(obj, async_client)? {
            return Ok(CredentialSpec::App(app));
        }
        Ok(CredentialSpec::Custom(crate::credential::to_core(
            obj,
            async_client,
        )?))
    }

    /// Builds the client; with `from_env`, what the keywords leave out comes from the
    /// environment (the core's [`ClientBuilder::fill_from_env_with`]).
    pub fn build(self, async_client: bool, from_env: bool) -> PyResult<CoreClient> {
        let app_keywords = self.tenant_id.is_some()
            || self.client_id.is_some()
            || self.client_secret.is_some()
            || self.certificate_path.is_some()
            || self.certificate_password.is_some()
            || self.send_certificate_chain
            || self.client_assertion.is_some();
        if self.credential.is_some() && app_keywords {
            return Err(PyValueError::new_err(format!(
                "give only one of credential= and the application keywords ({APP_KEYWORDS}): \
                 a credential object carries its own tenant, app and secret"
            )));
        }
        if !from_env && self.certificate_password.is_some() && self.certificate_path.is_none() {
            return Err(PyValueError::new_err(
                "certificate_password= needs certificate_path=",
            ));
        }
        let grant = self.grant(async_client)?;
        let defaults = ClientOptions::default();
        let mut builder = ClientBuilder::new().options(ClientOptions {
            endpoints: self.endpoints,
            retry: self.retry.apply(defaults.retry.clone())?,
            timeout: self.retry.timeout()?.unwrap_or(defaults.timeout),
            rate_limit: self.rate_limit.unwrap_or(true),
            clock: self.clock,
            ..defaults
        });
        builder.ca_bundle_path = self.ca_bundle;
        if let Some(c) = &self.credential {
            builder.credential = Some(Self::credential_spec(c, async_client)?);
        }
        Python::attach(|py| {
            let to_py = |e| crate::errors::to_pyerr(py, e);
            if from_env {
                let given = AppCredentialParts {
                    tenant_id: self.tenant_id,
                    client_id: self.client_id,
                    grant,
                    certificate_password: self.certificate_password.map(Secret::new),
                    send_certificate_chain: self.send_certificate_chain,
                };
                builder = builder
                    .fill_from_env_with(given, process_env)
                    .map_err(to_py)?;
            } else if builder.credential.is_none() {
                let Some(grant) = grant else {
                    return Err(PyValueError::new_err(
                        "no credential: give client_secret=, certificate_path=, \
                         client_assertion= or credential= (or use DefenderClient.from_env())",
                    ));
                };
                let (Some(tenant_id), Some(client_id)) = (&self.tenant_id, &self.client_id) else {
                    return Err(PyValueError::new_err(
                        "tenant_id and client_id are required with client_secret=, \
                         certificate_path= or client_assertion= (or pass credential=, or use \
                         DefenderClient.from_env())",
                    ));
                };
                let app = AppCredential::new(tenant_id, client_id, grant).map_err(to_py)?;
                builder.credential = Some(CredentialSpec::App(app));
            }
            builder.build().map_err(to_py)
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
