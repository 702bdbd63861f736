//! The one place where core errors become Python exceptions.
//!
//! The exception classes live in `mdekit.exceptions` (plain Python, so they carry docstrings and
//! keyword attributes); this file only decides which class and fills in the attributes.

use mdekit_core::error::redact;
use mdekit_core::{Error, ErrorKind};
use pyo3::exceptions::{PyTimeoutError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::PyDict;
use pyo3::IntoPyObject;

fn exception_class_name(err: &Error) -> &'static str {
    match err.kind {
        ErrorKind::Authentication => "ClientAuthenticationError",
        ErrorKind::ServiceRequest => "ServiceRequestError",
        ErrorKind::Decode => "ServiceResponseError",
        ErrorKind::Internal => "MdeError",
        _ => match err.status {
            Some(400) => "BadRequestError",
            Some(401) => "ClientAuthenticationError",
            Some(403) => "PermissionDeniedError",
            Some(404) => "ResourceNotFoundError",
            Some(429) => "ThrottledError",
            Some(s) if s >= 500 => "ServiceError",
            _ => "HttpResponseError",
        },
    }
}

fn build(py: Python<'_>, err: Error) -> PyResult<PyErr> {
    match err.kind {
        ErrorKind::InvalidArgument | ErrorKind::Configuration => {
            return Ok(PyValueError::new_err(redact(&err.message)))
        }
        ErrorKind::WaitTimeout => return Ok(PyTimeoutError::new_err(redact(&err.message))),
        _ => {}
    }
    let module = crate::py_imports::exceptions(py)?;
    let class = module.getattr(exception_class_name(&err))?;
    let kwargs = PyDict::new(py);
    kwargs.set_item("status_code", err.status)?;
    kwargs.set_item("code", err.code.as_deref())?;
    kwargs.set_item("target", err.target.as_deref())?;
    kwargs.set_item("request_id", err.request_id.as_deref())?;
    kwargs.set_item("client_request_id", err.client_request_id.as_deref())?;
    kwargs.set_item("retry_after", err.retry_after.map(|d| d.as_secs_f64()))?;
    kwargs.set_item("aadsts", err.aadsts)?;
    if !err.required_permissions.is_empty() {
        kwargs.set_item("required_permissions", &err.required_permissions)?;
    }
    // Messages are redacted when built; this catches any assembled after (a service's text).
    kwargs.set_item("message", redact(&err.message))?;
    if let Some(chunks) = &err.chunks {
        kwargs.set_item(
            "chunks",
            crate::convert::Json(chunks.clone()).into_pyobject(py)?,
        )?;
    }
    let instance = class.call((redact(&err.to_string()),), Some(&kwargs))?;
    Ok(PyErr::from_value(instance))
}

/// Converts a core error to the matching Python exception. Needs the GIL; async code calls it
/// through [`to_pyerr_attach`].
pub fn to_pyerr(py: Python<'_>, err: Error) -> PyErr {
    build(py, err).unwrap_or_else(|e| e)
}

/// The error for a panic caught at the boundary: an `MdeError` naming it, so a bug in mdekit
/// never surfaces as `pyo3_runtime.PanicException` (a `BaseException` that `except Exception`
/// does not catch).
pub fn panic_error(payload: &(dyn std::any::Any + Send)) -> Error {
    let what = payload
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".to_owned());
    Error::new(
        ErrorKind::Internal,
        format!("internal error in mdekit (please report it): {what}"),
    )
}

/// For code running on a Tokio worker: briefly attaches to the interpreter to build the exception.
pub fn to_pyerr_attach(err: Error) -> PyErr {
    Python::attach(|py| to_pyerr(py, err))
}
