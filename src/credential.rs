//! The bridge from any Python credential object to the core's `TokenCredential` trait.
//!
//! azure-identity's credentials (and anything shaped like them) have `get_token(*scopes)`
//! returning an object with `.token` (str) and `.expires_on` (int, Unix seconds, UTC); the
//! `azure.identity.aio` ones return an awaitable of it. Sync ones run on Tokio's blocking pool,
//! so a slow sign-in never stalls the runtime's workers; async ones are awaited on the event loop
//! of the awaiting coroutine (only the async client accepts them).

use std::time::{Duration, SystemTime};

use mdekit_core::auth::{AccessToken, Secret, TokenCredential};
use mdekit_core::{Error, ErrorKind, Result};
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::PyTuple;

pub struct PyCredential {
    obj: Py<PyAny>,
    is_async: bool,
    type_name: String,
}

impl std::fmt::Debug for PyCredential {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "PyCredential({})", self.type_name)
    }
}

impl PyCredential {
    /// Checks `obj` has a callable `get_token`; `async_client` says whether the caller can await
    /// an async one.
    pub fn new(obj: &Bound<'_, PyAny>, async_client: bool) -> PyResult<Self> {
        let py = obj.py();
        let type_name = obj.get_type().name()?.to_string();
        let get_token = obj.getattr("get_token").map_err(|_| {
            PyTypeError::new_err(format!(
                "credential must have a get_token(*scopes) method (like azure-identity's \
                 credentials); got a {type_name}"
            ))
        })?;
        if !get_token.is_callable() {
            return Err(PyTypeError::new_err(format!(
                "credential.get_token of {type_name} is not callable"
            )));
        }
        let is_async = crate::py_imports::inspect(py)?
            .call_method1("iscoroutinefunction", (&get_token,))?
            .is_truthy()?;
        if is_async && !async_client {
            return Err(PyTypeError::new_err(format!(
                "{type_name}.get_token is async: use it with mdekit.aio.DefenderClient, or pass \
                 the synchronous credential (azure.identity instead of azure.identity.aio)"
            )));
        }
        Ok(PyCredential {
            obj: obj.clone().unbind(),
            is_async,
            type_name,
        })
    }
}

fn failure(what: &str, err: PyErr) -> Error {
    Python::attach(|py| {
        let class = err
            .get_type(py)
            .name()
            .map(|n| n.to_string())
            .unwrap_or_else(|_| "Exception".into());
        let text = err.value(py).to_string();
        Error::new(
            ErrorKind::Authentication,
            format!("{what} failed: {class}: {text}"),
        )
    })
}

/// Reads `.token` and `.expires_on` from what `get_token` returned.
fn access_token(value: &Bound<'_, PyAny>, type_name: &str) -> Result<AccessToken> {
    let bad = |what: &str| {
        Error::new(
            ErrorKind::Authentication,
            format!(
                "{type_name}.get_token returned an object without {what} (expected an \
                 AccessToken with .token and .expires_on)"
            ),
        )
    };
    let token: String = value
        .getattr("token")
        .and_then(|t| t.extract())
        .map_err(|_| bad("a str .token"))?;
    let expires_on: f64 = value
        .getattr("expires_on")
        .and_then(|t| t.extract())
        .map_err(|_| bad("a numeric .expires_on"))?;
    if token.is_empty() {
        return Err(bad("a non-empty .token"));
    }
    // A credential may say anything; beyond a year from now is clamped (the token is still
    // refreshed early, or dropped on a 401), so no value can overflow the clock.
    let latest = SystemTime::now()
        .checked_add(Duration::from_secs(366 * 24 * 3600))
        .unwrap_or_else(SystemTime::now);
    let expires_on = if expires_on.is_finite() && expires_on > 0.0 {
        Duration::try_from_secs_f64(expires_on)
            .ok()
            .and_then(|d| SystemTime::UNIX_EPOCH.checked_add(d))
            .map_or(latest, |at| at.min(latest))
    } else {
        SystemTime::UNIX_EPOCH
    };
    Ok(AccessToken {
        token: Secret::new(token),
        expires_on,
    })
}

#[async_trait::async_trait]
impl TokenCredential for PyCredential {
    async fn get_token(&self, scopes: &[String]) -> Result<AccessToken> {
        let scopes = scopes.to_vec();
        let type_name = self.type_name.clone();
        if self.is_async {
            let fut = Python::attach(|py| -> PyResult<_> {
                let args = PyTuple::new(py, &scopes)?;
                let coroutine = self.obj.bind(py).call_method1("get_token", args)?;
                crate::runtime::into_future(coroutine)
            })
            .map_err(|e| failure(&format!("{type_name}.get_token"), e))?;
            let value = fut
                .await
                .map_err(|e| failure(&format!("{type_name}.get_token"), e))?;
            return Python::attach(|py| access_token(value.bind(py), &type_name));
        }
        let obj = Python::attach(|py| self.obj.clone_ref(py));
        tokio::task::spawn_blocking(move || {
            Python::attach(|py| {
                let args = PyTuple::new(py, &scopes)
                    .map_err(|e| failure(&format!("{type_name}.get_token"), e))?;
                let value = obj
                    .bind(py)
                    .call_method1("get_token", args)
                    .map_err(|e| failure(&format!("{type_name}.get_token"), e))?;
                access_token(&value, &type_name)
            })
        })
        .await
        .map_err(|e| {
            Error::new(
                ErrorKind::Authentication,
                format!("the credential's get_token did not complete: {e}"),
            )
        })?
    }
}

/// The core credential behind a `credential=` argument.
pub fn to_core(
    obj: &Bound<'_, PyAny>,
    async_client: bool,
) -> PyResult<std::sync::Arc<dyn TokenCredential>> {
    if let Some(native) = crate::credentials::native(obj) {
        return Ok(native);
    }
    Ok(std::sync::Arc::new(PyCredential::new(obj, async_client)?))
}

/// A Python callable returning a client assertion (a str JWT), e.g. a federated token read
/// from `AZURE_FEDERATED_TOKEN_FILE` or fetched from a CI system. Sync callables run on the
/// blocking pool; `async def` ones are awaited (async client only).
pub struct PyAssertion {
    func: Py<PyAny>,
    is_async: bool,
}

impl std::fmt::Debug for PyAssertion {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PyAssertion(callable)")
    }
}

fn assertion_text(value: &Bound<'_, PyAny>) -> Result<Secret> {
    let text: String = value.extract().map_err(|_| {
        Error::new(
            ErrorKind::Authentication,
            "client_assertion() must return the assertion as a str",
        )
    })?;
    if text.trim().is_empty() {
        return Err(Error::new(
            ErrorKind::Authentication,
            "client_assertion() returned an empty assertion",
        ));
    }
    Ok(Secret::new(text.trim()))
}

#[async_trait::async_trait]
impl mdekit_core::auth::AssertionSource for PyAssertion {
    async fn assertion(&self, _client_id: &str, _audience: &str) -> Result<Secret> {
        if self.is_async {
            let fut = Python::attach(|py| -> PyResult<_> {
                let coroutine = self.func.bind(py).call0()?;
                crate::runtime::into_future(coroutine)
            })
            .map_err(|e| failure("client_assertion()", e))?;
            let value = fut.await.map_err(|e| failure("client_assertion()", e))?;
            return Python::attach(|py| assertion_text(value.bind(py)));
        }
        let func = Python::attach(|py| self.func.clone_ref(py));
        tokio::task::spawn_blocking(move || {
            Python::attach(|py| {
                let value = func
                    .bind(py)
                    .call0()
                    .map_err(|e| failure("client_assertion()", e))?;
                assertion_text(&value)
            })
        })
        .await
        .map_err(|e| {
            Error::new(
                ErrorKind::Authentication,
                format!("client_assertion() did not complete: {e}"),
            )
        })?
    }
}

/// `func` as an assertion source, and whether it is `async def` (then only the async client
/// can await it).
pub fn assertion_source(
    func: &Bound<'_, PyAny>,
) -> PyResult<(std::sync::Arc<dyn mdekit_core::auth::AssertionSource>, bool)> {
    if !func.is_callable() {
        return Err(PyTypeError::new_err(
            "the assertion func must be a callable returning the assertion (str)",
        ));
    }
    let is_async = crate::py_imports::inspect(func.py())?
        .call_method1("iscoroutinefunction", (func,))?
        .is_truthy()?;
    Ok((
        std::sync::Arc::new(PyAssertion {
            func: func.clone().unbind(),
            is_async,
        }),
        is_async,
    ))
}
