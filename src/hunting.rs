//! `HuntingResult`: the schema and rows of an advanced-hunting query.

use std::sync::OnceLock;

use arrow_array::RecordBatch;
use mdekit_core::api::hunting::HuntingResult as CoreResult;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyCapsule, PyDict, PyList};

use crate::arrow::{hunting_batch, stream_capsule};
use crate::convert::Json;
use crate::frames::{convert, Target};

/// The result of an advanced-hunting query, whichever endpoint ran it.
#[pyclass(frozen, module = "mdekit._mdekit")]
pub struct HuntingResult {
    inner: CoreResult,
    rows: PyOnceLock<Py<PyList>>,
    batch: OnceLock<Result<RecordBatch, String>>,
}

impl HuntingResult {
    pub fn new(inner: CoreResult) -> Self {
        HuntingResult {
            inner,
            rows: PyOnceLock::new(),
            batch: OnceLock::new(),
        }
    }

    fn batch(&self, py: Python<'_>) -> PyResult<RecordBatch> {
        let built = self.batch.get_or_init(|| {
            let schema: Vec<(&str, &str)> = self
                .inner
                .schema
                .iter()
                .map(|c| (c.name.as_str(), c.r#type.as_str()))
                .collect();
            hunting_batch(&schema, &self.inner.bodies)
        });
        built
            .clone()
            .map_err(|m| crate::errors::to_pyerr(py, mdekit_core::Error::decode(m)))
    }

    fn frame<'py>(&self, py: Python<'py>, target: Target) -> PyResult<Bound<'py, PyAny>> {
        let batch = self.batch(py)?;
        convert(py, batch, target)
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
            Ok(crate::rows::arrays_to_list(py, &self.inner.bodies, "results")?.unbind())
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

    /// The Arrow PyCapsule interface (`pyarrow.table(result)`, `polars.DataFrame(result)`).
    #[pyo3(signature = (requested_schema=None))]
    fn __arrow_c_stream__<'py>(
        &self,
        py: Python<'py>,
        requested_schema: Option<Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyCapsule>> {
        let _ = requested_schema;
        stream_capsule(py, self.batch(py)?)
    }

    /// The rows as a typed `pyarrow.Table`.
    fn to_arrow<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        self.frame(py, Target::Arrow)
    }

    /// The rows as a typed `pandas.DataFrame`.
    fn to_pandas<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        self.frame(py, Target::Pandas)
    }

    /// The rows as a typed `polars.DataFrame`.
    fn to_polars<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        self.frame(py, Target::Polars)
    }

    fn __len__(&self) -> usize {
        self.inner.row_count
    }

    fn __repr__(&self) -> String {
        format!(
            "HuntingResult(columns={}, rows={})",
            self.inner.schema.len(),
            self.inner.row_count
        )
    }
}
