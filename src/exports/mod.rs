//! Via-files exports: the SAS URLs a call answers with, downloaded concurrently and decoded in
//! Rust into Arrow record batches (or row dicts) that reach Python one at a time.
//!
//! `_ExportReader` is the low-level handle; `mdekit.exports.Export` (Python) wraps it with
//! `to_arrow()`, `to_parquet()` and friends. Downloads go through the client's pipeline (retries,
//! timeouts) without a bearer token. Memory is bounded by the concurrency: at most `concurrency`
//! files are held (compressed) and decoded at once, and at most `2 * concurrency` finished
//! batches wait for the consumer.

pub mod decode;

use std::sync::Arc;

use arrow_array::ffi_stream::FFI_ArrowArrayStream;
use arrow_array::{RecordBatch, RecordBatchIterator};
use mdekit_core::api::exports::{describe_file, Assessment, ExportFiles};
use mdekit_core::error::Error;
use mdekit_core::DefenderClient as CoreClient;
use pyo3::prelude::*;
use pyo3::types::{PyCapsule, PyTuple};
use tokio::sync::{mpsc, Mutex, Semaphore};
use url::Url;

use crate::convert::Json;
use decode::{decode_file, decode_rows, SharedSchema};

/// Rows per Arrow batch when the caller does not say.
const DEFAULT_BATCH_ROWS: usize = 65_536;

/// One file's name in the dataset: the last path segment of its URL, without `.json.gz`.
fn part_name(url: &str) -> String {
    let name = Url::parse(url)
        .ok()
        .and_then(|u| {
            u.path_segments()
                .and_then(|mut s| s.next_back().map(str::to_owned))
        })
        .unwrap_or_default();
    name.trim_end_matches(".gz")
        .trim_end_matches(".json")
        .to_owned()
}

fn describe(url: &str) -> String {
    Url::parse(url)
        .map(|u| describe_file(&u))
        .unwrap_or_else(|_| "<invalid URL>".into())
}

/// What the via-files call returned, with the client that downloads it.
#[pyclass(frozen, module = "mdekit._mdekit", name = "_ExportReader")]
pub struct ExportReader {
    core: CoreClient,
    assessment: Assessment,
    files: ExportFiles,
    schema: Arc<SharedSchema>,
}

impl ExportReader {
    pub fn new(core: CoreClient, assessment: Assessment, files: ExportFiles) -> Self {
        ExportReader {
            core,
            assessment,
            files,
            schema: Arc::new(SharedSchema::default()),
        }
    }
}

enum Event {
    Batch(usize, RecordBatch),
    Rows(usize, Vec<serde_json::Value>),
    Done(usize, usize),
    Failed(Error),
}

#[derive(Clone)]
enum Decode {
    Batches {
        schema: Arc<SharedSchema>,
        batch_rows: usize,
    },
    Rows {
        chunk: usize,
    },
}

/// Downloads `files` (index, URL) with at most `concurrency` in flight and decodes each on a
/// blocking thread, sending what it builds to `tx`. Ends when every file is done, one failed,
/// or the consumer went away.
async fn run(
    core: CoreClient,
    assessment: Assessment,
    files: Vec<(usize, String)>,
    concurrency: usize,
    how: Decode,
    tx: mpsc::Sender<Event>,
) {
    let sem = Arc::new(Semaphore::new(concurrency.max(1)));
    let mut set = tokio::task::JoinSet::new();
    for (index, url) in files {
        let Ok(permit) = sem.clone().acquire_owned().await else {
            break;
        };
        if tx.is_closed() {
            break;
        }
        let (core, tx, how) = (core.clone(), tx.clone(), how.clone());
        set.spawn(async move {
            let _permit = permit;
            let bytes = match core.exports().download(&url).await {
                Ok(b) => b,
                Err(e) => {
                    let _ = tx.send(Event::Failed(e)).await;
                    return;
                }
            };
            let name = describe(&url);
            let sink = tx.clone();
            let decoded = tokio::task::spawn_blocking(move || match how {
                Decode::Batches { schema, batch_rows } => {
                    decode_file(&bytes, &name, assessment, &schema, batch_rows, |b| {
                        sink.blocking_send(Event::Batch(index, b)).is_ok()
                    })
                }
                Decode::Rows { chunk } => decode_rows(&bytes, &name, chunk, |rows| {
                    sink.blocking_send(Event::Rows(index, rows)).is_ok()
                }),
            })
            .await;
            let event = match decoded {
                Ok(Ok(rows)) => Event::Done(index, rows),
                Ok(Err(message)) => Event::Failed(Error::decode(message)),
                Err(e) => Event::Failed(Error::decode(format!(
                    "decoding an export file failed: {e}"
                ))),
            };
            let _ = tx.send(event).await;
        });
        while set.try_join_next().is_some() {}
    }
    while set.join_next().await.is_some() {}
}

fn file_list(reader: &ExportReader, indices: Option<Vec<usize>>) -> PyResult<Vec<(usize, String)>> {
    let all = &reader.files.files;
    match indices {
        None => Ok(all.iter().cloned().enumerate().collect()),
        Some(ix) => ix
            .into_iter()
            .map(|i| {
                all.get(i).cloned().map(|u| (i, u)).ok_or_else(|| {
                    pyo3::exceptions::PyIndexError::new_err(format!(
                        "file index {i} is out of range (the export has {} files)",
                        all.len()
                    ))
                })
            })
            .collect(),
    }
}

#[pymethods]
impl ExportReader {
    /// The SAS URLs of the export's files (gzip JSON Lines), valid until `expires`.
    #[getter]
    fn files(&self) -> Vec<String> {
        self.files.files.clone()
    }

    /// `generatedTime` of the snapshot, ISO-8601 UTC.
    #[getter]
    fn generated_time(&self) -> String {
        self.files.generated_time.clone()
    }

    /// The earliest expiry (`se`) of the URLs, ISO-8601 UTC, or None.
    #[getter]
    fn expires(&self) -> Option<String> {
        self.files
            .expires
            .map(|t| t.format("%Y-%m-%dT%H:%M:%SZ").to_string())
    }

    #[getter]
    fn assessment(&self) -> &'static str {
        self.assessment.name()
    }

    /// The dataset part name of each file (its blob name without `.json.gz`), in order.
    fn part_names(&self) -> Vec<String> {
        self.files.files.iter().map(|u| part_name(u)).collect()
    }

    /// Events of decoding `indices` (default: every file): `("batch", i, data)` with an
    /// Arrow-exporting `data`, then `("done", i, rows)` once file `i` is complete.
    #[pyo3(signature = (*, concurrency=4, indices=None, batch_rows=DEFAULT_BATCH_ROWS))]
    fn batches(
        &self,
        concurrency: usize,
        indices: Option<Vec<usize>>,
        batch_rows: usize,
    ) -> PyResult<ExportStream> {
        let how = Decode::Batches {
            schema: self.schema.clone(),
            batch_rows: batch_rows.max(1),
        };
        self.stream(concurrency, indices, how)
    }

    /// Events of reading `indices` as dicts: `("rows", i, [dict, ...])`, then `("done", i, n)`.
    #[pyo3(signature = (*, concurrency=4, indices=None, chunk=10_000))]
    fn rows(
        &self,
        concurrency: usize,
        indices: Option<Vec<usize>>,
        chunk: usize,
    ) -> PyResult<ExportStream> {
        self.stream(
            concurrency,
            indices,
            Decode::Rows {
                chunk: chunk.max(1),
            },
        )
    }

    fn __repr__(&self) -> String {
        format!(
            "<_ExportReader {} files={} generated_time={}>",
            self.assessment.name(),
            self.files.files.len(),
            self.files.generated_time
        )
    }
}

impl ExportReader {
    fn stream(
        &self,
        concurrency: usize,
        indices: Option<Vec<usize>>,
        how: Decode,
    ) -> PyResult<ExportStream> {
        if concurrency == 0 || concurrency > 64 {
            return Err(pyo3::exceptions::PyValueError::new_err(
                "concurrency must be from 1 to 64",
            ));
        }
        let files = file_list(self, indices)?;
        let (tx, rx) = mpsc::channel(2 * concurrency);
        let rt = crate::runtime::runtime()?;
        let task = rt.spawn(run(
            self.core.clone(),
            self.assessment,
            files,
            concurrency,
            how,
            tx,
        ));
        Ok(ExportStream {
            rx: Arc::new(Mutex::new(rx)),
            task: task.abort_handle(),
        })
    }
}

/// The events of one download run; dropping it stops the downloads.
#[pyclass(frozen, module = "mdekit._mdekit", name = "_ExportStream")]
pub struct ExportStream {
    rx: Arc<Mutex<mpsc::Receiver<Event>>>,
    task: tokio::task::AbortHandle,
}

impl Drop for ExportStream {
    fn drop(&mut self) {
        self.task.abort();
    }
}

#[pymethods]
impl ExportStream {
    fn __iter__(slf: PyRef<'_, Self>) -> PyRef<'_, Self> {
        slf
    }

    fn __next__<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyTuple>>> {
        let rx = self.rx.clone();
        let event = crate::runtime::block_on(py, async move { rx.lock().await.recv().await })?;
        let Some(event) = event else {
            return Ok(None);
        };
        let tuple = match event {
            Event::Batch(i, batch) => {
                let data = Bound::new(py, ExportBatch { batch })?.into_any();
                PyTuple::new(
                    py,
                    [
                        ("batch").into_pyobject(py)?.into_any(),
                        i.into_pyobject(py)?.into_any(),
                        data,
                    ],
                )?
            }
            Event::Rows(i, rows) => {
                let list = Json(serde_json::Value::Array(rows)).into_pyobject(py)?;
                PyTuple::new(
                    py,
                    [
                        ("rows").into_pyobject(py)?.into_any(),
                        i.into_pyobject(py)?.into_any(),
                        list,
                    ],
                )?
            }
            Event::Done(i, n) => PyTuple::new(
                py,
                [
                    ("done").into_pyobject(py)?.into_any(),
                    i.into_pyobject(py)?.into_any(),
                    n.into_pyobject(py)?.into_any(),
                ],
            )?,
            Event::Failed(e) => {
                self.close();
                return Err(crate::errors::to_pyerr(py, e));
            }
        };
        Ok(Some(tuple))
    }

    /// Stops the downloads; later `next()` calls end the iteration.
    fn close(&self) {
        self.task.abort();
        if let Ok(mut rx) = self.rx.try_lock() {
            rx.close();
        }
    }
}

/// One decoded record batch, exported through the Arrow PyCapsule interface.
#[pyclass(frozen, module = "mdekit._mdekit", name = "_ExportBatch")]
pub struct ExportBatch {
    batch: RecordBatch,
}

#[pymethods]
impl ExportBatch {
    #[pyo3(signature = (requested_schema=None))]
    fn __arrow_c_stream__<'py>(
        &self,
        py: Python<'py>,
        requested_schema: Option<Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyCapsule>> {
        let _ = requested_schema;
        let schema = self.batch.schema();
        let reader = RecordBatchIterator::new(vec![Ok(self.batch.clone())], schema);
        let stream = FFI_ArrowArrayStream::new(Box::new(reader));
        PyCapsule::new_with_value(py, stream, c"arrow_array_stream")
    }

    fn __len__(&self) -> usize {
        self.batch.num_rows()
    }
}

/// The value of a via-files call: `mdekit.exports.Export` around an [`ExportReader`].
pub struct ExportOut(pub ExportReader);

impl<'py> IntoPyObject<'py> for ExportOut {
    type Target = PyAny;
    type Output = Bound<'py, PyAny>;
    type Error = PyErr;

    fn into_pyobject(self, py: Python<'py>) -> PyResult<Self::Output> {
        let reader = Bound::new(py, self.0)?;
        crate::py_imports::exports(py)?
            .getattr("Export")?
            .call1((reader,))
    }
}

/// The via-files call of `a`, as the value the operations tables hand to Python.
pub async fn via_files(
    core: CoreClient,
    a: Assessment,
    sas_valid_hours: Option<u32>,
) -> mdekit_core::Result<ExportOut> {
    let files = core.exports().files(a, sas_valid_hours).await?;
    Ok(ExportOut(ExportReader::new(core, a, files)))
}
