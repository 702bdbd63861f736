//! Rust values handed to Python.

use pyo3::prelude::*;
use pyo3::types::PyList;

/// A JSON value that becomes plain Python objects (dict, list, str, int, float, bool, None),
/// keeping the service's key order.
pub struct Json(pub serde_json::Value);

impl<'py> IntoPyObject<'py> for Json {
    type Target = PyAny;
    type Output = Bound<'py, PyAny>;
    type Error = PyErr;

    fn into_pyobject(self, py: Python<'py>) -> PyResult<Self::Output> {
        Ok(pythonize::pythonize(py, &self.0)?)
    }
}

/// A list of JSON objects (a page of entities or hunting rows). The pagers no longer need it (they
/// convert page bytes directly); kept for operations that hold `serde_json::Value` lists.
#[allow(dead_code)]
pub fn items_to_list<'py>(
    py: Python<'py>,
    items: &[serde_json::Value],
) -> PyResult<Bound<'py, PyList>> {
    // The list is acyclic: the collector is paused while it is built (see `rows.rs`).
    let _pause = crate::rows::GcPause::new(py)?;
    let mut cache = crate::rows::KeyCache::new(py);
    let list = PyList::empty(py);
    for item in items {
        list.append(crate::rows::value_to_py(py, item, &mut cache)?)?;
    }
    Ok(list)
}
