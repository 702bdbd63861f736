//! Lazy pagers over MDE collections: `Pager` for `for`, `AsyncPager` for `async for`.
//! Both drive the same core pager through the same async functions below.
//!
//! Pages stay response bytes until Python needs them; a page's dicts are then built straight
//! from the bytes (`rows::append_page_items`: one `str` per key, the collector paused), while the
//! request for the next page is already out and its body is read and checked on the runtime's
//! threads.

use std::collections::VecDeque;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use mdekit_core::paging::{Pager as CorePager, RawPage};
use pyo3::exceptions::{PyRuntimeError, PyStopAsyncIteration, PyStopIteration};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::PyList;
use serde_json::Value;
use tokio::sync::Mutex;

use crate::arrow::entities_batch;
use crate::errors::{to_pyerr, to_pyerr_attach};
use crate::frames::{convert, FrameOut, Target};
use crate::rows::{append_page_items, GcPause, KeyCache};
use crate::runtime::{block_on, check_pid};

type PageResult = mdekit_core::Result<Option<RawPage>>;

struct State {
    pager: Arc<Mutex<CorePager>>,
    /// The next page, requested as soon as the previous one arrived, so the service works on
    /// it while Python converts and consumes this one.
    ahead: Option<tokio::task::JoinHandle<PageResult>>,
    /// What `__repr__` shows: pages handed out, the last page's `@odata.nextLink`, and
    /// whether the collection ended.
    pages: u64,
    next_link: Option<String>,
    done: bool,
}

impl Drop for State {
    fn drop(&mut self) {
        if let Some(h) = self.ahead.take() {
            h.abort();
        }
    }
}

type Shared = Arc<Mutex<State>>;

/// `Pager(fetched=…, pages=…, next=…)`, without waiting for a page in flight.
fn describe(class: &str, state: &Shared) -> String {
    let Ok(st) = state.try_lock() else {
        return format!("<{class}: fetching a page>");
    };
    let fetched = st.pager.try_lock().map(|p| p.fetched()).unwrap_or(0);
    let position = if st.done {
        "exhausted".to_owned()
    } else if st.pages == 0 {
        "not started".to_owned()
    } else {
        match &st.next_link {
            Some(link) => format!("next={link}"),
            None => "next=$skip paging".to_owned(),
        }
    };
    format!(
        "<{class}: {fetched} items fetched so far, {} pages read, {position}>",
        st.pages
    )
}

fn new_state(pager: CorePager) -> Shared {
    Arc::new(Mutex::new(State {
        pager: Arc::new(Mutex::new(pager)),
        ahead: None,
        pages: 0,
        next_link: None,
        done: false,
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
        None => st.pager.lock().await.next_raw_page().await?,
    };
    match &page {
        Some(p) => {
            st.pages += 1;
            st.next_link = p.next_link.clone();
        }
        None => {
            st.done = true;
            st.next_link = None;
        }
    }
    if page.is_some() {
        let pager = st.pager.clone();
        st.ahead = Some(tokio::spawn(async move {
            pager.lock().await.next_raw_page().await
        }));
        // Let the request go out before this task carries on: on a runtime worker, the page is
        // converted next with the GIL held, and a task spawned from a worker waits in that
        // worker's own slot (other workers cannot take it) until the worker is free.
        tokio::task::yield_now().await;
    }
    Ok(page)
}

/// The next page holding at least one item.
async fn next_filled(state: Shared) -> PageResult {
    let mut st = state.lock().await;
    loop {
        match fetch(&mut st).await? {
            Some(p) if p.len == 0 => continue,
            other => return Ok(other),
        }
    }
}

/// The next page, empty or not.
async fn next_page(state: Shared) -> PageResult {
    fetch(&mut *state.lock().await).await
}

/// Every remaining page.
async fn rest(state: Shared) -> mdekit_core::Result<Vec<RawPage>> {
    let mut st = state.lock().await;
    let mut out = Vec::new();
    while let Some(p) = fetch(&mut st).await? {
        out.push(p);
    }
    Ok(out)
}

/// A page already converted for Python, and how many of its items were handed out.
struct Loaded {
    page: RawPage,
    list: Py<PyList>,
    pos: usize,
}

/// The items converted but not yet handed out, shared by a pager and its page iterators.
#[derive(Default)]
struct Cursor {
    loaded: VecDeque<Loaded>,
}

type SharedCursor = Arc<std::sync::Mutex<Cursor>>;

fn lock(c: &SharedCursor) -> std::sync::MutexGuard<'_, Cursor> {
    c.lock().unwrap_or_else(|e| e.into_inner())
}

impl Cursor {
    fn pop<'py>(&mut self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyAny>>> {
        while let Some(front) = self.loaded.front_mut() {
            let list = front.list.bind(py);
            if front.pos < list.len() {
                let item = list.get_item(front.pos)?;
                front.pos += 1;
                return Ok(Some(item));
            }
            self.loaded.pop_front();
        }
        Ok(None)
    }

    /// Every item not handed out yet, as one list (`None` if there is none).
    fn drain<'py>(&mut self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyList>>> {
        let mut out: Option<Bound<'py, PyList>> = None;
        for l in self.loaded.drain(..) {
            let list = l.list.into_bound(py);
            if l.pos >= list.len() {
                continue;
            }
            let part = if l.pos == 0 {
                list
            } else {
                list.get_slice(l.pos, list.len())
            };
            match &out {
                None => out = Some(part),
                Some(o) => {
                    for item in part.iter() {
                        o.append(item)?;
                    }
                }
            }
        }
        Ok(out)
    }

    /// Every item not handed out yet, as `serde_json::Value`s (read again from the bytes).
    fn drain_values(&mut self) -> mdekit_core::Result<Vec<Value>> {
        let mut out = Vec::new();
        for l in self.loaded.drain(..) {
            out.extend(l.page.items()?.into_iter().skip(l.pos));
        }
        Ok(out)
    }
}

/// The items of `pages` as Python dicts, appended to `list` (a new one if `None`).
fn pages_to_list<'py>(
    py: Python<'py>,
    list: Option<Bound<'py, PyList>>,
    pages: &[RawPage],
) -> PyResult<Bound<'py, PyList>> {
    // The list is acyclic: the collector is paused while it is built (see `rows.rs`).
    let _pause = GcPause::new(py)?;
    let mut cache = KeyCache::new(py);
    let list = list.unwrap_or_else(|| PyList::empty(py));
    for page in pages {
        append_page_items(&list, &page.body, page.len, &mut cache)?;
    }
    Ok(list)
}

/// Converts `page`, queues it on the cursor, and returns the cursor's next item.
fn load_and_pop<'py>(
    py: Python<'py>,
    cursor: &SharedCursor,
    page: RawPage,
) -> PyResult<Bound<'py, PyAny>> {
    let list = pages_to_list(py, None, std::slice::from_ref(&page))?;
    let mut c = lock(cursor);
    c.loaded.push_back(Loaded {
        page,
        list: list.unbind(),
        pos: 0,
    });
    c.pop(py)?.ok_or_else(|| {
        to_pyerr(
            py,
            mdekit_core::Error::decode("a collection page held fewer items than it listed"),
        )
    })
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

/// Pages fetched for an async call, on their way to the event loop's thread, where they are
/// converted (as the sync pager converts on the caller's thread). Converting on a runtime worker
/// instead would hold that worker, and the GIL, while the next page's bytes want reading.
#[pyclass(module = "mdekit._mdekit")]
struct Fetched {
    pages: Vec<RawPage>,
}

#[derive(Clone, Copy)]
enum Take {
    /// The first item; the rest of the page stays on the cursor.
    First,
    /// The cursor's items, then every page's, as one list.
    All,
    /// Queue the pages on the cursor; `True` if there were any.
    Load,
}

/// Called on the event loop's thread with what an async fetch returned.
#[pyclass(frozen, module = "mdekit._mdekit")]
struct Convert {
    cursor: Option<SharedCursor>,
    take: Take,
}

#[pymethods]
impl Convert {
    fn __call__<'py>(&self, fetched: &Bound<'py, Fetched>) -> PyResult<Bound<'py, PyAny>> {
        let py = fetched.py();
        let pages = std::mem::take(&mut fetched.borrow_mut().pages);
        match (self.take, &self.cursor) {
            (Take::Load, Some(cursor)) => {
                let any = !pages.is_empty();
                for page in pages {
                    let list = pages_to_list(py, None, std::slice::from_ref(&page))?;
                    lock(cursor).loaded.push_back(Loaded {
                        page,
                        list: list.unbind(),
                        pos: 0,
                    });
                }
                Ok(pyo3::types::PyBool::new(py, any).to_owned().into_any())
            }
            (Take::First, Some(cursor)) => {
                let page = pages.into_iter().next().ok_or_else(|| {
                    PyRuntimeError::new_err("an async pager fetch returned no page")
                })?;
                load_and_pop(py, cursor, page)
            }
            _ => {
                let head = match &self.cursor {
                    Some(c) => lock(c).drain(py)?,
                    None => None,
                };
                Ok(pages_to_list(py, head, &pages)?.into_any())
            }
        }
    }
}

/// Python helpers of the async pager: `after(fut, convert)` is `convert(await fut)` as a
/// coroutine (cancelling it cancels `fut`); `items(pop, fill)` is the async generator behind
/// `async for`. An async generator hands out each item without allocating (CPython reuses its
/// per-step objects), where an awaitable per item would make the garbage collector run over
/// every freshly converted page again and again.
static HELPERS: PyOnceLock<Py<PyModule>> = PyOnceLock::new();

const HELPERS_SRC: &std::ffi::CStr = c"
END = object()

async def ready(value):
    return value

async def after(fut, convert):
    return convert(await fut)

async def items(pop, fill):
    while True:
        item = pop()
        if item is END:
            if not await fill():
                return
        else:
            yield item
";

fn helpers(py: Python<'_>) -> PyResult<&Bound<'_, PyModule>> {
    Ok(HELPERS
        .get_or_try_init(py, || -> PyResult<Py<PyModule>> {
            Ok(PyModule::from_code(py, HELPERS_SRC, c"<mdekit pager>", c"mdekit._pager")?.unbind())
        })?
        .bind(py))
}

fn after<'py>(
    py: Python<'py>,
    fut: Bound<'py, PyAny>,
    convert: Convert,
) -> PyResult<Bound<'py, PyAny>> {
    helpers(py)?
        .getattr("after")?
        .call1((fut, Bound::new(py, convert)?))
}

/// The two halves of `async for` over an `AsyncPager`: `pop` takes the cursor's next item (or
/// the helpers' `END`), `fill` fetches and converts the next page onto the cursor.
#[pyclass(frozen, module = "mdekit._mdekit")]
struct AsyncItems {
    state: Shared,
    cursor: SharedCursor,
    guard: Guard,
}

#[pymethods]
impl AsyncItems {
    fn pop<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        self.guard.check()?;
        match lock(&self.cursor).pop(py)? {
            Some(v) => Ok(v),
            None => helpers(py)?.getattr("END"),
        }
    }

    fn fill<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        self.guard.check()?;
        let state = self.state.clone();
        let fut = pyo3_async_runtimes::tokio::future_into_py(py, async move {
            let pages = next_filled(state).await.map_err(to_pyerr_attach)?;
            Ok(Fetched {
                pages: pages.into_iter().collect(),
            })
        })?;
        let convert = Convert {
            cursor: Some(self.cursor.clone()),
            take: Take::Load,
        };
        after(py, fut, convert)
    }
}

/// A lazy, blocking pager of entity dicts. Iterate it, or call `pages()` / `to_list()`.
#[pyclass(frozen, module = "mdekit._mdekit")]
pub struct Pager {
    state: Shared,
    cursor: SharedCursor,
    guard: Guard,
}

impl Pager {
    pub fn new(pager: CorePager, closed: Arc<AtomicBool>) -> Self {
        Pager {
            state: new_state(pager),
            cursor: SharedCursor::default(),
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

    fn __next__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        self.guard.check()?;
        // Fast path: an item of the current page, without a trip through the runtime.
        if let Some(v) = lock(&self.cursor).pop(py)? {
            return Ok(v);
        }
        match block_on(py, next_filled(self.state.clone()))?.map_err(|e| to_pyerr(py, e))? {
            Some(page) => load_and_pop(py, &self.cursor, page),
            None => Err(PyStopIteration::new_err(())),
        }
    }

    /// An iterator over pages (lists of dicts), sharing this pager's position.
    fn pages(&self) -> PageIterator {
        PageIterator {
            state: self.state.clone(),
            cursor: self.cursor.clone(),
            guard: self.guard.clone(),
        }
    }

    /// Every remaining item as a list.
    fn to_list<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        self.guard.check()?;
        let mut list = lock(&self.cursor).drain(py)?;
        // Page by page: each page is converted while the next one is on its way.
        while let Some(page) =
            block_on(py, next_page(self.state.clone()))?.map_err(|e| to_pyerr(py, e))?
        {
            list = Some(pages_to_list(py, list, std::slice::from_ref(&page))?);
        }
        Ok(list.unwrap_or_else(|| PyList::empty(py)))
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

    fn __repr__(&self) -> String {
        describe("Pager", &self.state)
    }
}

/// Every item not handed out yet (the cursor's, then the remaining pages') as `Value`s.
async fn rest_values(state: Shared, mut held: Vec<Value>) -> mdekit_core::Result<Vec<Value>> {
    for page in rest(state).await? {
        held.extend(page.items()?);
    }
    Ok(held)
}

impl Pager {
    fn frame<'py>(&self, py: Python<'py>, target: Target) -> PyResult<Bound<'py, PyAny>> {
        self.guard.check()?;
        let held = lock(&self.cursor)
            .drain_values()
            .map_err(|e| to_pyerr(py, e))?;
        let items =
            block_on(py, rest_values(self.state.clone(), held))?.map_err(|e| to_pyerr(py, e))?;
        let batch =
            entities_batch(&items).map_err(|m| to_pyerr(py, mdekit_core::Error::decode(m)))?;
        convert(py, batch, target)
    }
}

/// Blocking iterator over the pages of a `Pager`.
#[pyclass(frozen, module = "mdekit._mdekit")]
pub struct PageIterator {
    state: Shared,
    cursor: SharedCursor,
    guard: Guard,
}

#[pymethods]
impl PageIterator {
    fn __iter__(slf: PyRef<'_, Self>) -> PyRef<'_, Self> {
        slf
    }

    fn __next__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        self.guard.check()?;
        // Items already converted for item iteration come out first, as their own page.
        if let Some(list) = lock(&self.cursor).drain(py)? {
            return Ok(list);
        }
        match block_on(py, next_page(self.state.clone()))?.map_err(|e| to_pyerr(py, e))? {
            Some(page) => pages_to_list(py, None, std::slice::from_ref(&page)),
            None => Err(PyStopIteration::new_err(())),
        }
    }
}

/// A lazy pager of entity dicts for `async for`; `pages()` and `to_list()` are async too.
#[pyclass(frozen, module = "mdekit._mdekit")]
pub struct AsyncPager {
    state: Shared,
    cursor: SharedCursor,
    guard: Guard,
}

impl AsyncPager {
    pub fn new(pager: CorePager, closed: Arc<AtomicBool>) -> Self {
        AsyncPager {
            state: new_state(pager),
            cursor: SharedCursor::default(),
            guard: Guard {
                pid: std::process::id(),
                closed,
            },
        }
    }
}

#[pymethods]
impl AsyncPager {
    fn __repr__(&self) -> String {
        describe("AsyncPager", &self.state)
    }

    /// `async for` runs an async generator over this pager's position (see `HELPERS_SRC`).
    fn __aiter__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let items = Bound::new(
            py,
            AsyncItems {
                state: self.state.clone(),
                cursor: self.cursor.clone(),
                guard: self.guard.clone(),
            },
        )?;
        helpers(py)?
            .getattr("items")?
            .call1((items.getattr("pop")?, items.getattr("fill")?))
    }

    fn __anext__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        self.guard.check()?;
        // Fast path: an item of the current page is ready, so no trip through the runtime and
        // the event loop (that round trip costs far more than the item itself).
        if let Some(v) = lock(&self.cursor).pop(py)? {
            return ready(py, v);
        }
        let state = self.state.clone();
        let cursor = self.cursor.clone();
        let fut = pyo3_async_runtimes::tokio::future_into_py(py, async move {
            match next_filled(state).await.map_err(to_pyerr_attach)? {
                Some(page) => Ok(Fetched { pages: vec![page] }),
                None => Err(PyStopAsyncIteration::new_err(())),
            }
        })?;
        let take = Take::First;
        after(
            py,
            fut,
            Convert {
                cursor: Some(cursor),
                take,
            },
        )
    }

    /// An async iterator over pages (lists of dicts), sharing this pager's position.
    fn pages(&self) -> AsyncPageIterator {
        AsyncPageIterator {
            state: self.state.clone(),
            cursor: self.cursor.clone(),
            guard: self.guard.clone(),
        }
    }

    /// Awaitable: every remaining item as a list.
    fn to_list<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        self.guard.check()?;
        let state = self.state.clone();
        let cursor = self.cursor.clone();
        let fut = pyo3_async_runtimes::tokio::future_into_py(py, async move {
            let pages = rest(state).await.map_err(to_pyerr_attach)?;
            Ok(Fetched { pages })
        })?;
        let take = Take::All;
        after(
            py,
            fut,
            Convert {
                cursor: Some(cursor),
                take,
            },
        )
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
        let held = lock(&self.cursor)
            .drain_values()
            .map_err(|e| to_pyerr(py, e))?;
        let state = self.state.clone();
        pyo3_async_runtimes::tokio::future_into_py(py, async move {
            let items = rest_values(state, held).await.map_err(to_pyerr_attach)?;
            let batch = entities_batch(&items)
                .map_err(|m| to_pyerr_attach(mdekit_core::Error::decode(m)))?;
            Ok(FrameOut(batch, target))
        })
    }
}

/// A coroutine that returns `value` at once (awaiting a native coroutine hands its value back
/// without raising `StopIteration`).
fn ready<'py>(py: Python<'py>, value: Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
    helpers(py)?.getattr("ready")?.call1((value,))
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
    cursor: SharedCursor,
    guard: Guard,
}

#[pymethods]
impl AsyncPageIterator {
    fn __aiter__(slf: PyRef<'_, Self>) -> PyRef<'_, Self> {
        slf
    }

    fn __anext__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        self.guard.check()?;
        // Items already converted for item iteration come out first, as their own page.
        if let Some(list) = lock(&self.cursor).drain(py)? {
            return Ok(Bound::new(
                py,
                Ready {
                    value: Some(list.into_any().unbind()),
                },
            )?
            .into_any());
        }
        let state = self.state.clone();
        let fut = pyo3_async_runtimes::tokio::future_into_py(py, async move {
            match next_page(state).await.map_err(to_pyerr_attach)? {
                Some(page) => Ok(Fetched { pages: vec![page] }),
                None => Err(PyStopAsyncIteration::new_err(())),
            }
        })?;
        after(
            py,
            fut,
            Convert {
                cursor: None,
                take: Take::All,
            },
        )
    }
}
