//! `HuntingResult`: the schema and rows of an advanced-hunting query.

use mdekit_core::api::hunting::HuntingResult as CoreResult;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyList};

use crate::convert::{map_to_dict, Json};

/// The result of an advanced-hunting query, whichever endpoint ran it.
#[pyclass(frozen, module = "mdekit._mdekit")]
pub struct HuntingResult {
    inner: CoreResult,
    rows: PyOnceLock<Py<PyList>>,
}

impl HuntingResult {
    pub fn new(inner: CoreResult) -> Self {
        HuntingResult {
            inner,
            rows: PyOnceLock::new(),
        }
    }
}

#[pymethods]
impl HuntingResult {
    /// Columns as `[{"name": str, "type": str}]`, Kusto type names as the service sent them.
    #[getter]
    fn schema<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        let list = PyList::empty(py);
        for c in &self.inner.schema {
            let d = PyDict::new(py);
            d.set_item("name", &c.name)?;
            d.set_item("type", &c.r#type)?;
            list.append(d)?;
        }
        Ok(list)
    }

    /// Rows as a list of dicts keyed by column name (built once, then the same list is returned).
    #[getter]
    fn rows<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        let rows = self.rows.get_or_try_init(py, || -> PyResult<Py<PyList>> {
            let list = PyList::empty(py);
            for row in &self.inner.rows {
                list.append(map_to_dict(py, row)?)?;
            }
            Ok(list.unbind())
        })?;
        Ok(rows.bind(py).clone())
    }

    /// The MDE endpoint's `Stats` object, or None.
    #[getter]
    fn stats(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        match &self.inner.stats {
            Some(v) => Ok(Json(v.clone()).into_pyobject(py)?.unbind()),
            None => Ok(py.None()),
        }
    }

    fn __len__(&self) -> usize {
        self.inner.rows.len()
    }

    fn __repr__(&self) -> String {
        format!(
            "HuntingResult(columns={}, rows={})",
            self.inner.schema.len(),
            self.inner.rows.len()
        )
    }
}
