//! `client.request` and `client.request_pages`: the arguments from Python, as the core's
//! [`RawRequest`].

use mdekit_core::api::request::{parse_api, RawRequest};
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyString};
use serde_json::Value;

/// Query parameters: strings as given, booleans as OData's `true`/`false`, anything else by
/// `str()`.
pub(crate) fn params(obj: Option<&Bound<'_, PyDict>>) -> PyResult<Vec<(String, String)>> {
    let Some(d) = obj else {
        return Ok(Vec::new());
    };
    let mut out = Vec::with_capacity(d.len());
    for (k, v) in d.iter() {
        let key: String = k
            .extract()
            .map_err(|_| PyTypeError::new_err("params keys must be str"))?;
        let value = if v.is_instance_of::<PyBool>() {
            if v.is_truthy().unwrap_or(false) {
                "true"
            } else {
                "false"
            }
            .to_owned()
        } else if v.is_instance_of::<PyString>() {
            v.extract::<String>().unwrap_or_default()
        } else {
            v.str()
                .map(|s| s.to_string())
                .map_err(|e| PyTypeError::new_err(e.value(d.py()).to_string()))?
        };
        out.push((key, value));
    }
    Ok(out)
}

pub(crate) fn json(obj: Option<&Bound<'_, PyAny>>) -> PyResult<Option<Value>> {
    match obj {
        None => Ok(None),
        Some(o) if o.is_none() => Ok(None),
        Some(o) => pythonize::depythonize::<Value>(o).map(Some).map_err(|e| {
            PyTypeError::new_err(format!(
                "json must be JSON-like (dict, list, str, number, bool, None): {e}"
            ))
        }),
    }
}

pub(crate) fn build(
    py: Python<'_>,
    method: &str,
    path: &str,
    api: &str,
    query: Option<&Bound<'_, PyDict>>,
    body: Option<&Bound<'_, PyAny>>,
    state_changing: Option<bool>,
) -> PyResult<RawRequest> {
    Ok(RawRequest {
        method: method.to_owned(),
        path: path.to_owned(),
        api: parse_api(api).map_err(|e| crate::errors::to_pyerr(py, e))?,
        params: params(query)?,
        json: json(body)?,
        state_changing,
    })
}
