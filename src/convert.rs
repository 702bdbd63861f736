//! Rust values handed to Python.

use pyo3::prelude::*;

/// A JSON value that becomes plain Python objects (dict, list, str, int, float, bool, None),
/// keeping the service's key order.
pub struct Json(pub serde_json::Value);

impl<'py> IntoPyObject<'py> for Json {
    type Target = PyAny;
    type Output = Bound<'py, PyAny>;
    type Error = PyErr;

    fn into_pyobject(self, py: Python<'py>) -> PyResult<Self::Output> {
        let mut cache = crate::rows::KeyCache::new(py);
        crate::rows::value_to_py(py, &self.0, &mut cache)
    }
}
