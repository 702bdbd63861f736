//! Lazy pagers over MDE collections: `Pager` for `for`, `AsyncPager` for `async for`.
//! Both drive the same core pager through the same three async functions below.

use std::collections::VecDeque;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use mdekit_core::paging::Pager as CorePager;
use pyo3::exceptions::{PyRuntimeError, PyStopAsyncIteration, PyStopIteration};
use pyo3::prelude::*;
use pyo3::types::PyList;
use serde_json::Value;
use tokio::sync::Mutex;

use crate::arrow::entities_batch;
use crate::convert::{items_to_list, Json};
use crate::errors::{to_pyerr, to_pyerr_attach};
use crate::frames::{convert, FrameOut, Target};
use crate::runtime::{block_on, check_pid};

type PageResult = mdekit_core::Result<Option<Vec<Value>>>;

struct State {
    pager: Arc<Mutex<CorePager>>,
    buffer: VecDeque<Value>,
    /// The next page, requested as soon as the previous one arrived, so the service works on
    /// it while Python converts and consumes this one.
    ahead: Option<tokio::task::JoinHandle<PageResult>>,
}

impl Drop for State {
    fn drop(&mut self) {
        if let Some(h) = self.ahead.take() {
            h.abort();
        }
    }
}

type Shared = Arc<Mutex<State>>;

fn new_state(pager: CorePager) -> Shared {
    Arc::new(Mutex::new(State {
        pager: Arc::new(Mutex::new(pager)),
        buffer: VecDeque::new(),
        ahead: None,
    }))
}

/// The next page (the prefetched one if any), and the request for the one after it.
async fn fetch(st: &mut State) -> PageResult {
    let page = match st.ahead.take() {
        Some(h) => h.await.map_err(|e| {
            mdekit_core::Error::new(
                mdekit_core::ErrorKind::ServiceRequest,
                format!("fetching the next page failed: {e}"),
            )
        })??,
        None => st.pager.lock().await.next_page().await?.map(|p| p.items),
    };
    if page.is_some() {
        let pager = st.pager.clone();
        st.ahead = Some(tokio::spawn(async move {
            Ok(pager.lock().await.next_page().await?.map(|p| p.items))
        }));
    }
    Ok(page)
}

async fn next_item(state: Shared) -> mdekit_core::Result<Option<Value>> {
    let mut st = state.lock().await;
    loop {
        if let Some(v) = st.buffer.pop_front() {
            return Ok(Some(v));
        }
        match fetch(&mut st).await? {
            Some(items) => st.buffer.extend(items),
            None => return Ok(None),
        }
    }
}

/// The next page; items already buffered by item iteration come out first, as their own page.
async fn next_page(state: Shared) -> mdekit_core::Result<Option<Vec<Value>>> {
    let mut st = state.lock().await;
    if !st.buffer.is_empty() {
        return Ok(Some(st.buffer.drain(..).collect()));
    }
    fetch(&mut st).await
}

async fn rest(state: Shared) -> mdekit_core::Result<Vec<Value>> {
    let mut st = state.lock().await;
    let mut out: Vec<Value> = st.buffer.drain(..).collect();
    while let Some(items) = fetch(&mut st).await? {
        out.extend(items);
    }
    Ok(out)
}

/// What every pager checks before touching the network: same process as its client, and the
/// client not closed since the pager was made.
#[derive(Clone)]
struct Guard {
    pid: u32,
    closed: Arc<AtomicBool>,
}

impl Guard {
    fn check(&self) -> PyResult<()> {
        check_pid(self.pid)?;
        if self.closed.load(Ordering::Relaxed) {
            return Err(PyRuntimeError::new_err(
                "the DefenderClient of this pager is closed",
            ));
        }
        Ok(())
    }
}

struct JsonList(Vec<Value>);

impl<'py> IntoPyObject<'py> for JsonList {
    type Target = PyList;
    type Output = Bound<'py, PyList>;
    type Error = PyErr;

    fn into_pyobject(self, py: Python<'py>) -> PyResult<Self::Output> {
        items_to_list(py, &self.0)
    }
}

/// A lazy, blocking pager of entity dicts. Iterate it, or call `pages()` / `to_list()`.
#[pyclass(frozen, module = "mdekit._mdekit")]
pub struct Pager {
    state: Shared,
    guard: Guard,
}

impl Pager {
    pub fn new(pager: CorePager, closed: Arc<AtomicBool>) -> Self {
        Pager {
            state: new_state(pager),
            guard: Guard {
                pid: std::process::id(),
                closed,
            },
        }
    }
}

#[pymethods]
impl Pager {
    fn __iter__(slf: PyRef<'_, Self>) -> PyRef<'_, Self> {
        slf
    }

    fn __next__(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        self.guard.check()?;
        // Fast path: an item of the current page, without a trip through the runtime.
        if let Ok(mut st) = self.state.try_lock() {
            if let Some(v) = st.buffer.pop_front() {
                let mut cache = crate::rows::KeyCache::new(py);
                return Ok(crate::rows::value_to_py(py, &v, &mut cache)?.unbind());
            }
        }
        match block_on(py, next_item(self.state.clone()))?.map_err(|e| to_pyerr(py, e))? {
            Some(v) => {
                let mut cache = crate::rows::KeyCache::new(py);
                Ok(crate::rows::value_to_py(py, &v, &mut cache)?.unbind())
            }
            None => Err(PyStopIteration::new_err(())),
        }
    }

    /// An iterator over pages (lists of dicts), sharing this pager's position.
    fn pages(&self) -> PageIterator {
        PageIterator {
            state: self.state.clone(),
            guard: self.guard.clone(),
        }
    }

    /// Every remaining item as a list.
    fn to_list<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        self.guard.check()?;
        let items = block_on(py, rest(self.state.clone()))?.map_err(|e| to_pyerr(py, e))?;
        items_to_list(py, &items)
    }

    /// Every remaining item as a typed `pyarrow.Table` (column types inferred from the values:
    /// ISO-8601 strings become UTC timestamps, objects and lists JSON text).
    fn to_arrow<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        self.frame(py, Target::Arrow)
    }

    /// Every remaining item as a typed `pandas.DataFrame`.
    fn to_pandas<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        self.frame(py, Target::Pandas)
    }

    /// Every remaining item as a typed `polars.DataFrame`.
    fn to_polars<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        self.frame(py, Target::Polars)
    }

    /// Items handed out by the service so far.
    #[getter]
    fn fetched(&self) -> u64 {
        self.state
            .try_lock()
            .ok()
            .and_then(|s| s.pager.try_lock().map(|p| p.fetched()).ok())
            .unwrap_or(0)
    }
}

impl Pager {
    fn frame<'py>(&self, py: Python<'py>, target: Target) -> PyResult<Bound<'py, PyAny>> {
        self.guard.check()?;
        let items = block_on(py, rest(self.state.clone()))?.map_err(|e| to_pyerr(py, e))?;
        let batch =
            entities_batch(&items).map_err(|m| to_pyerr(py, mdekit_core::Error::decode(m)))?;
        convert(py, batch, target)
    }
}

/// Blocking iterator over the pages of a `Pager`.
#[pyclass(frozen, module = "mdekit._mdekit")]
pub struct PageIterator {
    state: Shared,
    guard: Guard,
}

#[pymethods]
impl PageIterator {
    fn __iter__(slf: PyRef<'_, Self>) -> PyRef<'_, Self> {
        slf
    }

    fn __next__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        self.guard.check()?;
        match block_on(py, next_page(self.state.clone()))?.map_err(|e| to_pyerr(py, e))? {
            Some(items) => items_to_list(py, &items),
            None => Err(PyStopIteration::new_err(())),
        }
    }
}

/// A lazy pager of entity dicts for `async for`; `pages()` and `to_list()` are async too.
#[pyclass(frozen, module = "mdekit._mdekit")]
pub struct AsyncPager {
    state: Shared,
    guard: Guard,
}

impl AsyncPager {
    pub fn new(pager: CorePager, closed: Arc<AtomicBool>) -> Self {
        AsyncPager {
            state: new_state(pager),
            guard: Guard {
                pid: std::process::id(),
                closed,
            },
        }
    }
}

#[pymethods]
impl AsyncPager {
    fn __aiter__(slf: PyRef<'_, Self>) -> PyRef<'_, Self> {
        slf
    }

    fn __anext__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        self.guard.check()?;
        // Fast path: an item of the current page is ready, so no trip through the runtime and
        // the event loop (that round trip costs far more than the item itself).
        if let Ok(mut st) = self.state.try_lock() {
            if let Some(v) = st.buffer.pop_front() {
                let mut cache = crate::rows::KeyCache::new(py);
                let value = crate::rows::value_to_py(py, &v, &mut cache)?.unbind();
                return Ok(Bound::new(py, Ready { value: Some(value) })?.into_any());
            }
        }
        let state = self.state.clone();
        pyo3_async_runtimes::tokio::future_into_py(py, async move {
            match next_item(state).await.map_err(to_pyerr_attach)? {
                Some(v) => Ok(Json(v)),
                None => Err(PyStopAsyncIteration::new_err(())),
            }
        })
    }

    /// An async iterator over pages (lists of dicts), sharing this pager's position.
    fn pages(&self) -> AsyncPageIterator {
        AsyncPageIterator {
            state: self.state.clone(),
            guard: self.guard.clone(),
        }
    }

    /// Awaitable: every remaining item as a list.
    fn to_list<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        self.guard.check()?;
        let state = self.state.clone();
        pyo3_async_runtimes::tokio::future_into_py(py, async move {
            rest(state).await.map(JsonList).map_err(to_pyerr_attach)
        })
    }

    /// Awaitable: every remaining item as a typed `pyarrow.Table`.
    fn to_arrow<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        self.frame(py, Target::Arrow)
    }

    /// Awaitable: every remaining item as a typed `pandas.DataFrame`.
    fn to_pandas<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        self.frame(py, Target::Pandas)
    }

    /// Awaitable: every remaining item as a typed `polars.DataFrame`.
    fn to_polars<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        self.frame(py, Target::Polars)
    }
}

impl AsyncPager {
    fn frame<'py>(&self, py: Python<'py>, target: Target) -> PyResult<Bound<'py, PyAny>> {
        self.guard.check()?;
        let state = self.state.clone();
        pyo3_async_runtimes::tokio::future_into_py(py, async move {
            let items = rest(state).await.map_err(to_pyerr_attach)?;
            let batch = entities_batch(&items)
                .map_err(|m| to_pyerr_attach(mdekit_core::Error::decode(m)))?;
            Ok(FrameOut(batch, target))
        })
    }
}

/// An awaitable whose value is already known: awaiting it returns at once.
#[pyclass(module = "mdekit._mdekit")]
pub struct Ready {
    value: Option<Py<PyAny>>,
}

#[pymethods]
impl Ready {
    fn __await__(slf: PyRef<'_, Self>) -> PyRef<'_, Self> {
        slf
    }

    fn __iter__(slf: PyRef<'_, Self>) -> PyRef<'_, Self> {
        slf
    }

    fn __next__(&mut self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        let value = self.value.take().unwrap_or_else(|| py.None());
        Err(PyStopIteration::new_err((value,)))
    }
}

/// Async iterator over the pages of an `AsyncPager`.
#[pyclass(frozen, module = "mdekit._mdekit")]
pub struct AsyncPageIterator {
    state: Shared,
    guard: Guard,
}

#[pymethods]
impl AsyncPageIterator {
    fn __aiter__(slf: PyRef<'_, Self>) -> PyRef<'_, Self> {
        slf
    }

    fn __anext__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        self.guard.check()?;
        let state = self.state.clone();
        pyo3_async_runtimes::tokio::future_into_py(py, async move {
            match next_page(state).await.map_err(to_pyerr_attach)? {
                Some(items) => Ok(JsonList(items)),
                None => Err(PyStopAsyncIteration::new_err(())),
            }
        })
    }
}
