//! `HuntingResult`: the schema and rows of an advanced-hunting query.

use std::sync::OnceLock;

use arrow_array::RecordBatch;
use mdekit_core::api::hunting::HuntingResult as CoreResult;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyCapsule, PyDict, PyList};

use mdekit_core::api::hunting::HuntingEndpoint;
use mdekit_core::api::hunting_split::{iso, parse_step, SplitOptions, SplitOutcome};
use pyo3::exceptions::{PyTypeError, PyValueError};

use mdekit_core::arrow::{hunting_batch, HuntingColumns};

use crate::convert::Json;
use crate::frames::stream_capsule;
use crate::frames::{convert, Target};

/// The result of an advanced-hunting query, whichever endpoint ran it.
#[pyclass(frozen, module = "mdekit._mdekit")]
pub struct HuntingResult {
    inner: CoreResult,
    rows: PyOnceLock<Py<PyList>>,
    batch: OnceLock<mdekit_core::Result<RecordBatch>>,
    /// The row count reached the service's row cap, so rows were probably cut off.
    truncated: bool,
}

impl HuntingResult {
    pub fn new(inner: CoreResult) -> Self {
        HuntingResult {
            inner,
            rows: PyOnceLock::new(),
            batch: OnceLock::new(),
            truncated: false,
        }
    }

    /// A result of a run without `split`: at `row_limit` rows the service's cap cut it off,
    /// which the caller is told with a `UserWarning` and `.truncated`, never silently.
    fn capped(py: Python<'_>, inner: CoreResult, row_limit: usize) -> PyResult<Self> {
        let truncated = inner.row_count >= row_limit;
        if truncated {
            let text = format!(
                "the hunting query returned {} rows, the service's row cap: later rows were \
                 probably cut off. Narrow the query, or pass split=True to run it over smaller \
                 time windows",
                inner.row_count
            );
            let category = py.get_type::<pyo3::exceptions::PyUserWarning>();
            let text = std::ffi::CString::new(text).unwrap_or_default();
            PyErr::warn(py, &category, &text, 1)?;
        }
        Ok(HuntingResult {
            truncated,
            ..HuntingResult::new(inner)
        })
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
        built.clone().map_err(|e| crate::errors::to_pyerr(py, e))
    }

    fn frame<'py>(&self, py: Python<'py>, target: Target) -> PyResult<Bound<'py, PyAny>> {
        let batch = self.batch(py)?;
        convert(py, batch, target)
    }
}

#[pymethods]
impl HuntingResult {
    /// A result from a saved response body of either endpoint (`{"Schema", "Results"}` or
    /// `{"schema", "results"}`).
    #[staticmethod]
    fn from_bytes(py: Python<'_>, data: &[u8]) -> PyResult<Self> {
        CoreResult::from_bytes(bytes::Bytes::copy_from_slice(data))
            .map(HuntingResult::new)
            .map_err(|e| crate::errors::to_pyerr(py, e))
    }

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

    /// The rows written to `sink` (a path or a binary file) as an Arrow IPC stream of
    /// `to_arrow()`'s table, buffers compressed with `compression`; returns the rows written.
    #[pyo3(signature = (sink, *, compression = Some("zstd")), text_signature = "($self, sink, *, compression='zstd')")]
    fn to_ipc<'py>(
        &self,
        py: Python<'py>,
        sink: Bound<'py, PyAny>,
        compression: Option<&str>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let table = self.frame(py, Target::Arrow)?;
        crate::py_imports::frames(py)?.call_method1("write_ipc", (table, sink, compression))
    }

    fn __len__(&self) -> usize {
        self.inner.row_count
    }

    /// Whether the row count reached the service's row cap (rows were probably cut off).
    #[getter]
    fn truncated(&self) -> bool {
        self.truncated
    }

    fn __repr__(&self) -> String {
        const SHOWN: usize = 8;
        let mut names: Vec<&str> = self
            .inner
            .schema
            .iter()
            .take(SHOWN)
            .map(|c| c.name.as_str())
            .collect();
        if self.inner.schema.len() > SHOWN {
            names.push("...");
        }
        format!(
            "<HuntingResult: {} rows x {} columns [{}]{}>",
            self.inner.row_count,
            self.inner.schema.len(),
            names.join(", "),
            if self.truncated {
                ", truncated at the row cap"
            } else {
                ""
            }
        )
    }

    /// An HTML table of the first rows, for Jupyter.
    fn _repr_html_<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyAny>> {
        crate::py_imports::notebook(slf.py())?.call_method1("hunting_html", (slf,))
    }
}

/// One `hunting.run(...)` call, its Python arguments checked and converted before anything is
/// sent.
pub struct RunPlan {
    row_limit: usize,
    query: String,
    timespan: Option<String>,
    endpoint: HuntingEndpoint,
    split: Option<SplitOptions>,
    progress: Option<Py<PyAny>>,
    /// Build the Arrow columns while the body arrives (`columns=True`).
    columns: bool,
}

impl RunPlan {
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        py: Python<'_>,
        query: String,
        timespan: Option<String>,
        endpoint: &str,
        params: Option<&Bound<'_, PyAny>>,
        split: Option<&Bound<'_, PyAny>>,
        max_rows: usize,
        progress: Option<&Bound<'_, PyAny>>,
        columns: bool,
    ) -> PyResult<Self> {
        let endpoint: HuntingEndpoint = endpoint
            .parse()
            .map_err(|e| crate::errors::to_pyerr(py, e))?;
        let params = crate::params::from_python(py, params)?;
        let query = mdekit_core::api::hunting_params::bind(&query, &params)
            .map_err(|e| crate::errors::to_pyerr(py, e))?;
        let split = match split {
            None => None,
            Some(s) if s.is_none() => None,
            Some(s) if s.is_instance_of::<pyo3::types::PyBool>() => {
                s.extract::<bool>()?.then(SplitOptions::default)
            }
            Some(s) => match s.extract::<String>() {
                Ok(step) => Some(SplitOptions {
                    step: Some(parse_step(&step).map_err(|e| crate::errors::to_pyerr(py, e))?),
                    ..SplitOptions::default()
                }),
                Err(_) => {
                    return Err(PyTypeError::new_err(
                        "split must be True, False, None or a step such as '1h'",
                    ))
                }
            },
        };
        let split = split.map(|s| SplitOptions {
            row_limit: max_rows,
            ..s
        });
        if split.is_some() && endpoint != HuntingEndpoint::Graph {
            return Err(PyValueError::new_err(
                "split needs the Graph endpoint, whose Timespan selects each window",
            ));
        }
        if max_rows == 0 {
            return Err(PyValueError::new_err("max_rows must be at least 1"));
        }
        let progress = match &split {
            Some(_) => {
                let p = crate::py_imports::progress(py)?
                    .call_method1("for_split", (progress.map(|p| p.clone().unbind()),))?;
                (!p.is_none()).then(|| p.unbind())
            }
            None => None,
        };
        Ok(RunPlan {
            row_limit: max_rows,
            query,
            timespan,
            endpoint,
            split,
            progress,
            columns,
        })
    }

    pub async fn execute(
        self,
        client: mdekit_core::DefenderClient,
    ) -> mdekit_core::Result<RunOutput> {
        let hunting = client.hunting();
        let Some(options) = self.split else {
            let columns = if self.columns {
                Some(std::sync::Arc::new(HuntingColumns::new()?))
            } else {
                None
            };
            let observer = columns.clone().map(|c| c as _);
            let result = hunting
                .run_observed(
                    &self.query,
                    self.timespan.as_deref(),
                    self.endpoint,
                    observer,
                )
                .await?;
            // A batch that could not be built while streaming is built from the body later,
            // which reports the problem if there is one.
            let batch = match columns {
                Some(c) => tokio::task::spawn_blocking(move || c.finish().ok())
                    .await
                    .ok()
                    .flatten(),
                None => None,
            };
            return Ok(RunOutput::Plain(result, self.row_limit, batch));
        };
        let report = self.progress.as_ref().map(|p| {
            let p = Python::attach(|py| p.clone_ref(py));
            move |done: usize, pending: usize, rows: usize| {
                Python::attach(|py| {
                    // A failing progress display must not fail the query.
                    let _ = p.call_method1(py, "update", (done, pending, rows));
                });
            }
        });
        let outcome = hunting
            .run_split(
                &self.query,
                self.timespan.as_deref(),
                &options,
                report.as_ref().map(|f| f as _),
            )
            .await;
        if let Some(p) = &self.progress {
            Python::attach(|py| {
                let _ = p.call_method0(py, "close");
            });
        }
        outcome.map(RunOutput::Split)
    }
}

/// What `hunting.run` hands back: a result, or for a split run with failed windows a
/// `HuntingSplitError` carrying the partial result.
pub enum RunOutput {
    /// A run without `split`, with the row cap it may have reached and the columns built
    /// while it downloaded (`columns=True`).
    Plain(CoreResult, usize, Option<RecordBatch>),
    Split(SplitOutcome),
}

impl<'py> IntoPyObject<'py> for RunOutput {
    type Target = PyAny;
    type Output = Bound<'py, PyAny>;
    type Error = PyErr;

    fn into_pyobject(self, py: Python<'py>) -> PyResult<Self::Output> {
        let outcome = match self {
            RunOutput::Plain(r, limit, batch) => {
                let result = HuntingResult::capped(py, r, limit)?;
                if let Some(b) = batch {
                    let _ = result.batch.set(Ok(b));
                }
                return Ok(Bound::new(py, result)?.into_any());
            }
            RunOutput::Split(o) => o,
        };
        if outcome.failed.is_empty() {
            if let Some(r) = outcome.result {
                return Ok(Bound::new(py, HuntingResult::new(r))?.into_any());
            }
        }
        let failed = PyList::empty(py);
        for f in &outcome.failed {
            let d = PyDict::new(py);
            d.set_item("start", iso(f.window.start))?;
            d.set_item("end", iso(f.window.end))?;
            d.set_item(
                "error",
                crate::errors::to_pyerr(py, f.error.clone()).into_value(py),
            )?;
            failed.append(d)?;
        }
        let partial = match outcome.result {
            Some(r) => Bound::new(py, HuntingResult::new(r))?.into_any(),
            None => py.None().into_bound(py),
        };
        let windows: Vec<String> = outcome
            .failed
            .iter()
            .map(|f| format!("{}/{}", iso(f.window.start), iso(f.window.end)))
            .collect();
        let text = format!(
            "{} of the query's time windows still failed after splitting ({}); the rows of the \
             other windows are in .partial",
            outcome.failed.len(),
            windows.join(", ")
        );
        let kwargs = PyDict::new(py);
        kwargs.set_item("failed", failed)?;
        kwargs.set_item("partial", partial)?;
        let class = crate::py_imports::hunting_split_error(py)?;
        Err(PyErr::from_value(class.call((text,), Some(&kwargs))?))
    }
}
