//! mdekit's own credential classes (user context and managed identity), usable as
//! `credential=` of either client and on their own (`get_token(*scopes)`, like azure-identity's).
//! Each wraps a core credential; the clients use it directly, without a round trip through
//! Python.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use mdekit_core::auth::{
    BrowserOpener, DeviceCodeCredential as CoreDeviceCode, DeviceCodeInfo, FileRefreshStore,
    InteractiveBrowserCredential as CoreInteractive,
    ManagedIdentityCredential as CoreManagedIdentity, ManagedIdentitySource, TokenCredential,
    UserSession, UsernamePasswordCredential as CorePassword,
};
use mdekit_core::config::EndpointOptions;
use mdekit_core::pipeline::clock::SharedClock;
use mdekit_core::pipeline::transport::build_http_client_with_roots;
use mdekit_core::{Error, ErrorKind};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::PyDict;
use url::Url;

use crate::errors::to_pyerr;
use crate::options::ClockArg;
use crate::runtime::block_on;

/// An access token: `token` (str) and `expires_on` (int, Unix seconds, UTC), the shape of
/// azure-core's `AccessToken`. Its repr never shows the token.
#[pyclass(frozen, module = "mdekit._mdekit")]
pub struct AccessToken {
    #[pyo3(get)]
    token: String,
    #[pyo3(get)]
    expires_on: i64,
}

#[pymethods]
impl AccessToken {
    fn __repr__(&self) -> String {
        format!("AccessToken(token='***', expires_on={})", self.expires_on)
    }
}

/// Authority host and HTTP client of a credential built on its own.
pub(crate) fn credential_http(
    cloud: Option<String>,
    authority_host: Option<String>,
    ca_bundle: Option<PathBuf>,
) -> PyResult<(Url, reqwest::Client)> {
    Python::attach(|py| {
        let endpoints = EndpointOptions {
            cloud,
            authority_host,
            ..Default::default()
        }
        .resolve()
        .map_err(|e| to_pyerr(py, e))?;
        let pem = ca_bundle
            .map(|p| {
                std::fs::read(&p).map_err(|e| {
                    PyValueError::new_err(format!(
                        "ca_bundle {} could not be read: {e}",
                        p.display()
                    ))
                })
            })
            .transpose()?;
        let http = build_http_client_with_roots(Duration::from_secs(30), pem.as_deref())
            .map_err(|e| to_pyerr(py, e))?;
        Ok((endpoints.authority_host, http))
    })
}

pub(crate) fn clock_arg(clock: Option<ClockArg>) -> SharedClock {
    ClockArg::or_system(clock)
}

/// `get_token(*scopes)` of a native credential, blocking with the GIL released.
pub(crate) fn get_token_blocking(
    py: Python<'_>,
    inner: &Arc<dyn TokenCredential>,
    scopes: Vec<String>,
) -> PyResult<AccessToken> {
    if scopes.is_empty() {
        return Err(PyValueError::new_err("get_token needs at least one scope"));
    }
    let cred = inner.clone();
    let token =
        block_on(py, async move { cred.get_token(&scopes).await })?.map_err(|e| to_pyerr(py, e))?;
    let expires_on = token
        .expires_on
        .duration_since(SystemTime::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0);
    Ok(AccessToken {
        token: token.token.expose().to_owned(),
        expires_on,
    })
}

/// The refresh-token session of a user credential: in memory, or in an owner-only cache file.
fn session_for(
    cache_path: Option<PathBuf>,
    authority: &Url,
    tenant_id: &str,
    client_id: &str,
) -> UserSession {
    match cache_path {
        None => UserSession::default(),
        Some(path) => UserSession::new(Some(Arc::new(FileRefreshStore::new(
            path,
            authority.as_str(),
            tenant_id,
            client_id,
        )))),
    }
}

fn prompt_from(callback: Option<Py<PyAny>>) -> mdekit_core::auth::DeviceCodePrompt {
    Arc::new(move |info: &DeviceCodeInfo| {
        Python::attach(|py| -> PyResult<()> {
            let d = PyDict::new(py);
            d.set_item("user_code", &info.user_code)?;
            d.set_item("verification_uri", &info.verification_uri)?;
            d.set_item("message", &info.message)?;
            d.set_item("expires_in", info.expires_in)?;
            d.set_item("interval", info.interval)?;
            match &callback {
                Some(cb) => cb.bind(py).call1((d,))?,
                None => crate::py_imports::prompt(py)?
                    .getattr("show_device_code")?
                    .call1((d,))?,
            };
            Ok(())
        })
        .map_err(|e| {
            Python::attach(|py| {
                Error::new(
                    ErrorKind::Authentication,
                    format!("the device code prompt callback failed: {}", e.value(py)),
                )
            })
        })
    })
}

/// User context with the device code flow; see the stub for the full description.
#[pyclass(frozen, module = "mdekit._mdekit")]
pub struct DeviceCodeCredential {
    pub(crate) inner: Arc<dyn TokenCredential>,
    tenant_id: String,
    client_id: String,
}

#[pymethods]
impl DeviceCodeCredential {
    #[new]
    #[pyo3(signature = (
        *, tenant_id, client_id, prompt_callback=None, cloud=None, authority_host=None,
        ca_bundle=None, clock=None, refresh_token=None, cache_path=None
    ))]
    #[allow(clippy::too_many_arguments)]
    fn new(
        tenant_id: String,
        client_id: String,
        prompt_callback: Option<Py<PyAny>>,
        cloud: Option<String>,
        authority_host: Option<String>,
        ca_bundle: Option<PathBuf>,
        clock: Option<ClockArg>,
        refresh_token: Option<String>,
        cache_path: Option<PathBuf>,
    ) -> PyResult<Self> {
        let (authority, http) = credential_http(cloud, authority_host, ca_bundle)?;
        let session = match refresh_token {
            Some(t) => UserSession::with_refresh_token(mdekit_core::auth::Secret::new(t)),
            None => session_for(cache_path, &authority, &tenant_id, &client_id),
        };
        let core = CoreDeviceCode::new(
            &authority,
            &tenant_id,
            &client_id,
            http,
            clock_arg(clock),
            prompt_from(prompt_callback),
            session,
        );
        let core = Python::attach(|py| core.map_err(|e| to_pyerr(py, e)))?;
        Ok(DeviceCodeCredential {
            inner: Arc::new(core),
            tenant_id,
            client_id,
        })
    }

    /// A token for `scopes`: from the kept refresh token, else after a device code sign-in.
    #[pyo3(signature = (*scopes))]
    fn get_token(&self, py: Python<'_>, scopes: Vec<String>) -> PyResult<AccessToken> {
        get_token_blocking(py, &self.inner, scopes)
    }

    fn __repr__(&self) -> String {
        format!(
            "DeviceCodeCredential(tenant_id={:?}, client_id={:?})",
            self.tenant_id, self.client_id
        )
    }
}

fn opener_from(opener: Option<Py<PyAny>>) -> BrowserOpener {
    Arc::new(move |url: &str| {
        Python::attach(|py| -> PyResult<bool> {
            match &opener {
                Some(f) => {
                    f.bind(py).call1((url,))?;
                    Ok(true)
                }
                None => crate::py_imports::webbrowser(py)?
                    .call_method1("open", (url,))?
                    .is_truthy(),
            }
        })
        .map_err(|e| {
            Python::attach(|py| {
                Error::new(
                    ErrorKind::Authentication,
                    format!("opening the sign-in page failed: {}", e.value(py)),
                )
            })
        })
        .and_then(|opened| {
            if opened {
                Ok(())
            } else {
                Err(Error::new(
                    ErrorKind::Authentication,
                    "no web browser could be opened for the sign-in; use DeviceCodeCredential \
                     on machines without one (SSH, containers)",
                ))
            }
        })
    })
}

/// User context with the authorization code flow and PKCE (the "interactive" sign-in).
#[pyclass(frozen, module = "mdekit._mdekit")]
pub struct InteractiveBrowserCredential {
    pub(crate) inner: Arc<dyn TokenCredential>,
    tenant_id: String,
    client_id: String,
}

#[pymethods]
impl InteractiveBrowserCredential {
    #[new]
    #[pyo3(signature = (
        *, tenant_id, client_id, opener=None, timeout=300.0, port=0, login_hint=None,
        cloud=None, authority_host=None, ca_bundle=None, cache_path=None
    ))]
    #[allow(clippy::too_many_arguments)]
    fn new(
        tenant_id: String,
        client_id: String,
        opener: Option<Py<PyAny>>,
        timeout: f64,
        port: u16,
        login_hint: Option<String>,
        cloud: Option<String>,
        authority_host: Option<String>,
        ca_bundle: Option<PathBuf>,
        cache_path: Option<PathBuf>,
    ) -> PyResult<Self> {
        let timeout = crate::options::seconds_arg("timeout", timeout)?;
        let (authority, http) = credential_http(cloud, authority_host, ca_bundle)?;
        let core = CoreInteractive::new(
            &authority,
            &tenant_id,
            &client_id,
            http,
            opener_from(opener),
            timeout,
            port,
            login_hint,
            session_for(cache_path, &authority, &tenant_id, &client_id),
        );
        let core = Python::attach(|py| core.map_err(|e| to_pyerr(py, e)))?;
        Ok(InteractiveBrowserCredential {
            inner: Arc::new(core),
            tenant_id,
            client_id,
        })
    }

    /// A token for `scopes`: from the kept refresh token, else after a browser sign-in.
    #[pyo3(signature = (*scopes))]
    fn get_token(&self, py: Python<'_>, scopes: Vec<String>) -> PyResult<AccessToken> {
        get_token_blocking(py, &self.inner, scopes)
    }

    fn __repr__(&self) -> String {
        format!(
            "InteractiveBrowserCredential(tenant_id={:?}, client_id={:?})",
            self.tenant_id, self.client_id
        )
    }
}

/// User context with a username and password (discouraged: no MFA).
#[pyclass(frozen, module = "mdekit._mdekit")]
pub struct UsernamePasswordCredential {
    pub(crate) inner: Arc<dyn TokenCredential>,
    tenant_id: String,
    client_id: String,
    username: String,
}

#[pymethods]
impl UsernamePasswordCredential {
    #[new]
    #[pyo3(signature = (
        *, tenant_id, client_id, username, password, cloud=None, authority_host=None,
        ca_bundle=None
    ))]
    #[allow(clippy::too_many_arguments)]
    fn new(
        tenant_id: String,
        client_id: String,
        username: String,
        password: String,
        cloud: Option<String>,
        authority_host: Option<String>,
        ca_bundle: Option<PathBuf>,
    ) -> PyResult<Self> {
        let (authority, http) = credential_http(cloud, authority_host, ca_bundle)?;
        let core = CorePassword::new(
            &authority,
            &tenant_id,
            &client_id,
            &username,
            mdekit_core::auth::Secret::new(password),
            http,
        );
        let core = Python::attach(|py| core.map_err(|e| to_pyerr(py, e)))?;
        Ok(UsernamePasswordCredential {
            inner: Arc::new(core),
            tenant_id,
            client_id,
            username,
        })
    }

    #[pyo3(signature = (*scopes))]
    fn get_token(&self, py: Python<'_>, scopes: Vec<String>) -> PyResult<AccessToken> {
        get_token_blocking(py, &self.inner, scopes)
    }

    fn __repr__(&self) -> String {
        format!(
            "UsernamePasswordCredential(tenant_id={:?}, client_id={:?}, username={:?}, password='***')",
            self.tenant_id, self.client_id, self.username
        )
    }
}

/// Managed identity of the Azure host (IMDS or the App Service endpoint).
#[pyclass(frozen, module = "mdekit._mdekit")]
pub struct ManagedIdentityCredential {
    pub(crate) inner: Arc<dyn TokenCredential>,
    description: String,
}

#[pymethods]
impl ManagedIdentityCredential {
    #[new]
    #[pyo3(signature = (*, client_id=None, ca_bundle=None))]
    fn new(client_id: Option<String>, ca_bundle: Option<PathBuf>) -> PyResult<Self> {
        let env: std::collections::HashMap<String, String> = std::env::vars().collect();
        let (_, http) = credential_http(None, None, ca_bundle)?;
        let source = Python::attach(|py| {
            ManagedIdentitySource::from_env_map(&env).map_err(|e| to_pyerr(py, e))
        })?;
        let description = format!("{source:?}");
        Ok(ManagedIdentityCredential {
            inner: Arc::new(CoreManagedIdentity::new(source, client_id, http)),
            description,
        })
    }

    #[pyo3(signature = (*scopes))]
    fn get_token(&self, py: Python<'_>, scopes: Vec<String>) -> PyResult<AccessToken> {
        get_token_blocking(py, &self.inner, scopes)
    }

    fn __repr__(&self) -> String {
        format!("ManagedIdentityCredential({})", self.description)
    }
}

/// The core credential behind one of the classes above, if `obj` is one.
pub fn native(obj: &Bound<'_, PyAny>) -> Option<Arc<dyn TokenCredential>> {
    if let Ok(c) = obj.cast::<DeviceCodeCredential>() {
        return Some(c.get().inner.clone());
    }
    if let Ok(c) = obj.cast::<InteractiveBrowserCredential>() {
        return Some(c.get().inner.clone());
    }
    if let Ok(c) = obj.cast::<UsernamePasswordCredential>() {
        return Some(c.get().inner.clone());
    }
    if let Ok(c) = obj.cast::<ManagedIdentityCredential>() {
        return Some(c.get().inner.clone());
    }
    None
}
