//! Arrow data handed to Python, and the hop to `mdekit.frames` for pyarrow, pandas and polars
//! (optional dependencies, imported only when asked for).

use arrow_array::ffi_stream::FFI_ArrowArrayStream;
use arrow_array::{RecordBatch, RecordBatchIterator};
use pyo3::prelude::*;
use pyo3::types::{PyCapsule, PyList};

/// A record batch as an `arrow_array_stream` PyCapsule (the Arrow PyCapsule interface): the
/// hand-over of the core's batches (`mdekit_core::arrow`) to pyarrow, pandas and polars.
pub fn stream_capsule<'py>(py: Python<'py>, batch: RecordBatch) -> PyResult<Bound<'py, PyCapsule>> {
    let schema = batch.schema();
    let reader = RecordBatchIterator::new(vec![Ok(batch)], schema);
    let stream = FFI_ArrowArrayStream::new(Box::new(reader));
    PyCapsule::new_with_value(py, stream, c"arrow_array_stream")
}

#[derive(Debug, Clone, Copy)]
pub enum Target {
    Arrow,
    Pandas,
    Polars,
}

/// Typed columns (one Arrow record batch) that pyarrow, polars and any other Arrow consumer can
/// read through `__arrow_c_stream__`.
#[pyclass(frozen, module = "mdekit._mdekit")]
pub struct ArrowData {
    batch: RecordBatch,
}

#[pymethods]
impl ArrowData {
    /// The Arrow PyCapsule interface: an `arrow_array_stream` capsule of one record batch.
    #[pyo3(signature = (requested_schema=None))]
    fn __arrow_c_stream__<'py>(
        &self,
        py: Python<'py>,
        requested_schema: Option<Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyCapsule>> {
        // The schema is the result's own; a consumer wanting another one casts afterwards.
        let _ = requested_schema;
        stream_capsule(py, self.batch.clone())
    }

    fn __len__(&self) -> usize {
        self.batch.num_rows()
    }

    /// The values of the string column `name` parsed as JSON, as a list (`mdekit.frames`
    /// turns Dynamic columns into Python objects with it): parsed in Rust, without a Python
    /// call per value.
    fn _json_column<'py>(&self, py: Python<'py>, name: &str) -> PyResult<Bound<'py, PyList>> {
        let col = self
            .batch
            .column_by_name(name)
            .ok_or_else(|| pyo3::exceptions::PyKeyError::new_err(name.to_owned()))?;
        let strings = col
            .as_any()
            .downcast_ref::<arrow_array::StringArray>()
            .ok_or_else(|| {
                pyo3::exceptions::PyTypeError::new_err(format!("{name} is not a string column"))
            })?;
        crate::rows::json_texts_to_list(py, strings.iter())
    }

    fn __repr__(&self) -> String {
        format!(
            "ArrowData(columns={}, rows={})",
            self.batch.num_columns(),
            self.batch.num_rows()
        )
    }
}

/// Hands `batch` to `mdekit.frames` for the wanted library.
pub fn convert(py: Python<'_>, batch: RecordBatch, target: Target) -> PyResult<Bound<'_, PyAny>> {
    let data = Bound::new(py, ArrowData { batch })?;
    let func = match target {
        Target::Arrow => "to_arrow",
        Target::Pandas => "to_pandas",
        Target::Polars => "to_polars",
    };
    crate::py_imports::frames(py)?.call_method1(func, (data,))
}

/// A record batch that becomes a pyarrow table or a DataFrame when an awaitable resolves.
pub struct FrameOut(pub RecordBatch, pub Target);

impl<'py> IntoPyObject<'py> for FrameOut {
    type Target = PyAny;
    type Output = Bound<'py, PyAny>;
    type Error = PyErr;

    fn into_pyobject(self, py: Python<'py>) -> PyResult<Self::Output> {
        convert(py, self.0, self.1)
    }
}
