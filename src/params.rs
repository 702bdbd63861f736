//! Python values of `hunting.run(..., params={...})` as core [`Param`]s.

use mdekit_core::api::hunting_params::Param;
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyFloat, PyFrozenSet, PyInt, PyList, PySet, PyString, PyTuple};

fn scalar(py: Python<'_>, name: &str, v: &Bound<'_, PyAny>, nested: bool) -> PyResult<Param> {
    if v.is_none() {
        return Ok(Param::Null);
    }
    if v.is_instance_of::<PyBool>() {
        return Ok(Param::Bool(v.extract()?));
    }
    if v.is_instance_of::<PyInt>() {
        return v.extract::<i64>().map(Param::Long).map_err(|_| {
            PyValueError::new_err(format!(
                "parameter {name:?} does not fit in a 64-bit integer"
            ))
        });
    }
    if v.is_instance_of::<PyFloat>() {
        return Ok(Param::Real(v.extract()?));
    }
    if v.is_instance_of::<PyString>() {
        return Ok(Param::Str(v.extract()?));
    }
    let dt = crate::py_imports::datetime(py)?;
    if v.is_instance(&dt.getattr("datetime")?)? {
        if v.getattr("tzinfo")?.is_none() || v.call_method0("utcoffset")?.is_none() {
            return Err(PyValueError::new_err(format!(
                "parameter {name:?} is a naive datetime; give it a timezone (for example \
                 datetime.timezone.utc) so the instant is unambiguous"
            )));
        }
        let utc = dt.getattr("timezone")?.getattr("utc")?;
        let s: String = v
            .call_method1("astimezone", (utc,))?
            .call_method1("strftime", ("%Y-%m-%dT%H:%M:%S.%fZ",))?
            .extract()?;
        return Ok(Param::DateTime(s));
    }
    if v.is_instance(&dt.getattr("date")?)? {
        let s: String = v.call_method0("isoformat")?.extract()?;
        return Ok(Param::DateTime(format!("{s}T00:00:00Z")));
    }
    if v.is_instance(&dt.getattr("timedelta")?)? {
        let days: i64 = v.getattr("days")?.extract()?;
        let secs: i64 = v.getattr("seconds")?.extract()?;
        let micros: i64 = v.getattr("microseconds")?.extract()?;
        let ticks = days
            .checked_mul(864_000_000_000)
            .and_then(|d| d.checked_add(secs * 10_000_000 + micros * 10))
            .ok_or_else(|| PyValueError::new_err(format!("parameter {name:?} is too long")))?;
        return Ok(Param::Span(ticks));
    }
    let is_list = v.is_instance_of::<PyList>()
        || v.is_instance_of::<PyTuple>()
        || v.is_instance_of::<PySet>()
        || v.is_instance_of::<PyFrozenSet>();
    if is_list && !nested {
        let mut items = Vec::new();
        for item in v.try_iter()? {
            items.push(scalar(py, name, &item?, true)?);
        }
        return Ok(Param::List(items));
    }
    Err(PyTypeError::new_err(format!(
        "parameter {name:?} has type {}; expected str, int, float, bool, None, datetime, date, \
         timedelta, or a list of those",
        v.get_type().name()?
    )))
}

/// `params` (a mapping of names to values, or None) in the caller's order.
pub fn from_python(
    py: Python<'_>,
    params: Option<&Bound<'_, PyAny>>,
) -> PyResult<Vec<(String, Param)>> {
    let Some(params) = params.filter(|p| !p.is_none()) else {
        return Ok(Vec::new());
    };
    let dict = params
        .cast::<PyDict>()
        .map_err(|_| PyTypeError::new_err("params must be a dict of parameter names to values"))?;
    let mut out = Vec::with_capacity(dict.len());
    for (k, v) in dict.iter() {
        let name: String = k
            .extract()
            .map_err(|_| PyTypeError::new_err("parameter names must be strings"))?;
        let value = scalar(py, &name, &v, false)?;
        out.push((name, value));
    }
    Ok(out)
}
