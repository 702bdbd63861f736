//! Application-context credentials as objects, with azure-identity's constructor signatures:
//! `ClientSecretCredential`, `CertificateCredential`, `ClientAssertionCredential` and
//! `EnvironmentCredential`. Each holds a core [`AppCredential`]; as `credential=` of a client
//! the client builds its token requests from it (its connections, its sign-in host unless the
//! credential names one), exactly as from the keywords. `get_token` also works on its own.
//!
//! This file only converts Python arguments; choosing and reading the environment is the
//! core's ([`mdekit_core::builder`]).

use std::path::PathBuf;
use std::sync::{Arc, OnceLock};

use mdekit_core::auth::{Secret, TokenCredential};
use mdekit_core::builder::{parse_authority, process_env, AppCredential, AppGrant};
use mdekit_core::config::EndpointOptions;
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyString};

use crate::credentials::{credential_http, get_token_blocking, AccessToken};
use crate::errors::to_pyerr;

/// What the four classes share: the core credential, whether its assertion callable is async
/// (then only the async client can use it), and what `get_token` on its own needs.
pub struct AppObject {
    pub(crate) app: AppCredential,
    pub(crate) is_async: bool,
    ca_bundle: Option<PathBuf>,
    standalone: OnceLock<Arc<dyn TokenCredential>>,
}

impl AppObject {
    fn new(app: AppCredential, is_async: bool, ca_bundle: Option<PathBuf>) -> Self {
        AppObject {
            app,
            is_async,
            ca_bundle,
            standalone: OnceLock::new(),
        }
    }

    fn get_token(&self, py: Python<'_>, class: &str, scopes: Vec<String>) -> PyResult<AccessToken> {
        if self.is_async {
            return Err(PyTypeError::new_err(format!(
                "this {class} has an async func: its get_token cannot block on it; pass it as \
                 credential= of mdekit.aio.DefenderClient"
            )));
        }
        let credential = match self.standalone.get() {
            Some(c) => c.clone(),
            None => {
                // azure-identity's default authority: AZURE_AUTHORITY_HOST, else the public
                // cloud's. A client passes its own instead (see the module comment).
                let authority = self
                    .app
                    .authority
                    .as_ref()
                    .map(|u| u.to_string())
                    .or_else(|| EndpointOptions::from_env(process_env).authority_host);
                let (url, http) = credential_http(None, authority, self.ca_bundle.clone())?;
                let c = self
                    .app
                    .token_credential(&url, http)
                    .map_err(|e| to_pyerr(py, e))?;
                self.standalone.get_or_init(|| c).clone()
            }
        };
        get_token_blocking(py, &credential, scopes)
    }

    fn repr(&self, class: &str, extra: &str) -> String {
        let authority = match &self.app.authority {
            Some(a) => format!(", authority={:?}", a.as_str().trim_end_matches('/')),
            None => String::new(),
        };
        format!(
            "{class}(tenant_id={:?}, client_id={:?}{extra}{authority})",
            self.app.tenant_id, self.app.client_id
        )
    }
}

fn authority_arg(py: Python<'_>, authority: Option<&str>) -> PyResult<Option<url::Url>> {
    authority
        .map(|a| parse_authority(a).map_err(|e| to_pyerr(py, e)))
        .transpose()
}

fn core<T>(py: Python<'_>, r: mdekit_core::Result<T>) -> PyResult<T> {
    r.map_err(|e| to_pyerr(py, e))
}

/// A password given as `str` or `bytes` (azure-identity takes both).
fn password_arg(value: Option<&Bound<'_, PyAny>>) -> PyResult<Option<Secret>> {
    let Some(value) = value else { return Ok(None) };
    if value.is_none() {
        return Ok(None);
    }
    if let Ok(s) = value.cast::<PyString>() {
        return Ok(Some(Secret::new(s.to_str()?)));
    }
    if let Ok(b) = value.cast::<PyBytes>() {
        let text = std::str::from_utf8(b.as_bytes())
            .map_err(|_| PyValueError::new_err("password bytes must be UTF-8"))?;
        return Ok(Some(Secret::new(text)));
    }
    Err(PyTypeError::new_err("password must be str or bytes"))
}

/// Application context with a client secret (Entra "client credentials" grant).
#[pyclass(frozen, module = "mdekit._mdekit")]
pub struct ClientSecretCredential {
    pub(crate) inner: AppObject,
}

#[pymethods]
impl ClientSecretCredential {
    #[new]
    #[pyo3(signature = (tenant_id, client_id, client_secret, *, authority=None, ca_bundle=None))]
    fn new(
        py: Python<'_>,
        tenant_id: &str,
        client_id: &str,
        client_secret: &str,
        authority: Option<&str>,
        ca_bundle: Option<PathBuf>,
    ) -> PyResult<Self> {
        let app = core(
            py,
            AppCredential::client_secret(tenant_id, client_id, Secret::new(client_secret)),
        )?
        .with_authority(authority_arg(py, authority)?);
        Ok(ClientSecretCredential {
            inner: AppObject::new(app, false, ca_bundle),
        })
    }

    /// A token for `scopes`, from the token endpoint of `authority`.
    #[pyo3(signature = (*scopes))]
    fn get_token(&self, py: Python<'_>, scopes: Vec<String>) -> PyResult<AccessToken> {
        self.inner.get_token(py, "ClientSecretCredential", scopes)
    }

    fn __repr__(&self) -> String {
        self.inner
            .repr("ClientSecretCredential", ", client_secret='***'")
    }
}

/// Application context with a certificate: a client assertion signed with its private key.
#[pyclass(frozen, module = "mdekit._mdekit")]
pub struct CertificateCredential {
    pub(crate) inner: AppObject,
}

#[pymethods]
impl CertificateCredential {
    #[new]
    #[pyo3(signature = (
        tenant_id, client_id, certificate_path=None, *, password=None, certificate_data=None,
        send_certificate_chain=false, authority=None, ca_bundle=None
    ))]
    #[allow(clippy::too_many_arguments)]
    fn new(
        py: Python<'_>,
        tenant_id: &str,
        client_id: &str,
        certificate_path: Option<PathBuf>,
        password: Option<Bound<'_, PyAny>>,
        certificate_data: Option<Vec<u8>>,
        send_certificate_chain: bool,
        authority: Option<&str>,
        ca_bundle: Option<PathBuf>,
    ) -> PyResult<Self> {
        let password = password_arg(password.as_ref())?;
        let grant = match (certificate_path, certificate_data) {
            (Some(path), None) => {
                AppGrant::certificate_file(&path, password.as_ref(), send_certificate_chain)
            }
            (None, Some(data)) => {
                AppGrant::certificate_data(&data, password.as_ref(), send_certificate_chain)
            }
            _ => {
                return Err(PyValueError::new_err(
                    "give exactly one of certificate_path and certificate_data",
                ))
            }
        };
        let app = core(
            py,
            AppCredential::new(tenant_id, client_id, core(py, grant)?),
        )?
        .with_authority(authority_arg(py, authority)?);
        Ok(CertificateCredential {
            inner: AppObject::new(app, false, ca_bundle),
        })
    }

    /// A token for `scopes`, from the token endpoint of `authority`.
    #[pyo3(signature = (*scopes))]
    fn get_token(&self, py: Python<'_>, scopes: Vec<String>) -> PyResult<AccessToken> {
        self.inner.get_token(py, "CertificateCredential", scopes)
    }

    fn __repr__(&self) -> String {
        self.inner.repr("CertificateCredential", "")
    }
}

/// Application context with an assertion from a callable (workload identity federation).
#[pyclass(frozen, module = "mdekit._mdekit")]
pub struct ClientAssertionCredential {
    pub(crate) inner: AppObject,
}

#[pymethods]
impl ClientAssertionCredential {
    #[new]
    #[pyo3(signature = (tenant_id, client_id, func, *, authority=None, ca_bundle=None))]
    fn new(
        py: Python<'_>,
        tenant_id: &str,
        client_id: &str,
        func: Bound<'_, PyAny>,
        authority: Option<&str>,
        ca_bundle: Option<PathBuf>,
    ) -> PyResult<Self> {
        let (source, is_async) = crate::credential::assertion_source(&func)?;
        let app = core(
            py,
            AppCredential::client_assertion(tenant_id, client_id, source),
        )?
        .with_authority(authority_arg(py, authority)?);
        Ok(ClientAssertionCredential {
            inner: AppObject::new(app, is_async, ca_bundle),
        })
    }

    /// A token for `scopes`: calls `func` for an assertion, then the token endpoint.
    #[pyo3(signature = (*scopes))]
    fn get_token(&self, py: Python<'_>, scopes: Vec<String>) -> PyResult<AccessToken> {
        self.inner
            .get_token(py, "ClientAssertionCredential", scopes)
    }

    fn __repr__(&self) -> String {
        self.inner.repr("ClientAssertionCredential", "")
    }
}

/// azure-identity's `EnvironmentCredential`: a secret or certificate named by `AZURE_*`
/// variables, read when constructed.
#[pyclass(frozen, module = "mdekit._mdekit")]
pub struct EnvironmentCredential {
    pub(crate) inner: AppObject,
    grant: &'static str,
}

impl EnvironmentCredential {
    fn kind(app: &AppCredential) -> &'static str {
        match app.grant {
            AppGrant::Secret(_) => "client_secret",
            AppGrant::Assertion(_) => "certificate",
        }
    }
}

#[pymethods]
impl EnvironmentCredential {
    #[new]
    #[pyo3(signature = (*, ca_bundle=None))]
    fn new(py: Python<'_>, ca_bundle: Option<PathBuf>) -> PyResult<Self> {
        let app = core(py, AppCredential::from_env(process_env))?;
        // azure-identity's credentials sign in at AZURE_AUTHORITY_HOST when it is set.
        let authority = EndpointOptions::from_env(process_env).authority_host;
        let app = app.with_authority(authority_arg(py, authority.as_deref())?);
        let grant = Self::kind(&app);
        Ok(EnvironmentCredential {
            inner: AppObject::new(app, false, ca_bundle),
            grant,
        })
    }

    /// A token for `scopes`, from the token endpoint the environment names.
    #[pyo3(signature = (*scopes))]
    fn get_token(&self, py: Python<'_>, scopes: Vec<String>) -> PyResult<AccessToken> {
        self.inner.get_token(py, "EnvironmentCredential", scopes)
    }

    fn __repr__(&self) -> String {
        self.inner.repr(
            "EnvironmentCredential",
            &format!(", grant={:?}", self.grant),
        )
    }
}

/// The application credential behind `obj`, if it is one of the classes above; a `TypeError`
/// when its func is async and the client is not.
pub fn native(obj: &Bound<'_, PyAny>, async_client: bool) -> PyResult<Option<AppCredential>> {
    let (inner, class) = if let Ok(c) = obj.cast::<ClientSecretCredential>() {
        (&c.get().inner, "ClientSecretCredential")
    } else if let Ok(c) = obj.cast::<CertificateCredential>() {
        (&c.get().inner, "CertificateCredential")
    } else if let Ok(c) = obj.cast::<ClientAssertionCredential>() {
        (&c.get().inner, "ClientAssertionCredential")
    } else if let Ok(c) = obj.cast::<EnvironmentCredential>() {
        (&c.get().inner, "EnvironmentCredential")
    } else {
        return Ok(None);
    };
    if inner.is_async && !async_client {
        return Err(PyTypeError::new_err(format!(
            "this {class} has an async func: use it with mdekit.aio.DefenderClient"
        )));
    }
    Ok(Some(inner.app.clone()))
}
