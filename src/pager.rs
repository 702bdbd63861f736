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
use pyo3::exceptions::{PyRuntimeError, PyStopIteration};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::PyList;
use serde_json::Value;
use tokio::sync::Mutex;

use crate::errors::{to_pyerr, to_pyerr_attach};
use crate::frames::{convert, FrameOut, Target};
use crate::rows::{append_page_items, GcPause, KeyCache};
use crate::runtime::{block_on, check_pid};
use mdekit_core::arrow::{entities_batch, EntityTable};
use mdekit_spec::Entity;

type PageResult = mdekit_core::Result<Option<RawPage>>;

struct State {
    pager: Arc<Mutex<CorePager>>,
    /// The next page, requested as soon as the previous one arrived, so the service works on
    /// it while Python converts and consumes this one. Its result waits in the handle until a
    /// fetch takes it onto the cursor: a task nobody awaits never consumes a page.
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

/// Moves the next page (the prefetched one if any) onto the cursor and sends the request for
/// the one after it; `Ok(None)` at the end, else the page's length.
///
/// Cancel-safe: dropped at any await, no page is lost. The prefetch handle is awaited in place
/// (it stays in `ahead` until it has answered), the core pager moves only once a page is read
/// whole, and a page is on the cursor before anything else can be awaited.
async fn fetch(
    st: &mut State,
    cursor: &SharedCursor,
    keep_empty: bool,
) -> mdekit_core::Result<Option<usize>> {
    let page = match st.ahead.as_mut() {
        Some(h) => {
            let joined = h.await;
            st.ahead = None;
            joined.map_err(|e| {
                mdekit_core::Error::new(
                    mdekit_core::ErrorKind::ServiceRequest,
                    format!("fetching the next page failed: {e}"),
                )
            })??
        }
        None => st.pager.lock().await.next_raw_page().await?,
    };
    let Some(page) = page else {
        st.done = true;
        st.next_link = None;
        return Ok(None);
    };
    st.pages += 1;
    st.next_link = page.next_link.clone();
    let len = page.len;
    if len > 0 || keep_empty {
        lock(cursor).raw.push_back(page);
    }
    let pager = st.pager.clone();
    st.ahead = Some(tokio::spawn(async move {
        pager.lock().await.next_raw_page().await
    }));
    // Let the request go out before this task carries on: on a runtime worker, the page is
    // converted next with the GIL held, and a task spawned from a worker waits in that
    // worker's own slot (other workers cannot take it) until the worker is free.
    tokio::task::yield_now().await;
    Ok(Some(len))
}

/// Puts the next page holding at least one item on the cursor; `false` at the end.
async fn fill(state: Shared, cursor: SharedCursor) -> mdekit_core::Result<bool> {
    let mut st = state.lock().await;
    loop {
        match fetch(&mut st, &cursor, false).await? {
            Some(0) => continue,
            Some(_) => return Ok(true),
            None => return Ok(false),
        }
    }
}

/// Puts the next page, empty or not, on the cursor; `false` at the end.
async fn fill_page(state: Shared, cursor: SharedCursor) -> mdekit_core::Result<bool> {
    Ok(fetch(&mut *state.lock().await, &cursor, true)
        .await?
        .is_some())
}

/// Puts every remaining page on the cursor. After an error the pages read so far stay there.
async fn fill_all(state: Shared, cursor: SharedCursor) -> mdekit_core::Result<()> {
    let mut st = state.lock().await;
    while fetch(&mut st, &cursor, false).await?.is_some() {}
    Ok(())
}

/// A page already converted for Python, and how many of its items were handed out.
struct Loaded {
    page: RawPage,
    list: Py<PyList>,
    pos: usize,
}

/// The items fetched but not yet handed out, shared by a pager and its page iterators: the
/// pager's position is here, so an error, a cancelled await or Ctrl-C between a fetch and the
/// caller loses nothing. Converted pages come first, then the pages still as bytes.
#[derive(Default)]
struct Cursor {
    loaded: VecDeque<Loaded>,
    raw: VecDeque<RawPage>,
}

type SharedCursor = Arc<std::sync::Mutex<Cursor>>;

fn lock(c: &SharedCursor) -> std::sync::MutexGuard<'_, Cursor> {
    c.lock().unwrap_or_else(|e| e.into_inner())
}

impl Cursor {
    /// Converts the first page still held as bytes; `false` if there is none.
    fn load_front(&mut self, py: Python<'_>) -> PyResult<bool> {
        let Some(page) = self.raw.pop_front() else {
            return Ok(false);
        };
        match pages_to_list(py, None, std::slice::from_ref(&page)) {
            Ok(list) => {
                self.loaded.push_back(Loaded {
                    page,
                    list: list.unbind(),
                    pos: 0,
                });
                Ok(true)
            }
            Err(e) => {
                self.raw.push_front(page);
                Err(e)
            }
        }
    }

    fn pop<'py>(&mut self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyAny>>> {
        loop {
            if let Some(front) = self.loaded.front_mut() {
                let list = front.list.bind(py);
                if front.pos < list.len() {
                    let item = list.get_item(front.pos)?;
                    front.pos += 1;
                    return Ok(Some(item));
                }
                self.loaded.pop_front();
            } else if !self.load_front(py)? {
                return Ok(None);
            }
        }
    }

    /// The items of converted pages not handed out yet as one list, else the next page held
    /// as bytes (empty or not); `None` if the cursor holds nothing.
    fn take_page<'py>(&mut self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyList>>> {
        if let Some(list) = self.drain_loaded(py)? {
            return Ok(Some(list));
        }
        if !self.load_front(py)? {
            return Ok(None);
        }
        Ok(self.loaded.pop_front().map(|l| l.list.into_bound(py)))
    }

    fn drain_loaded<'py>(&mut self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyList>>> {
        let mut out: Option<Bound<'py, PyList>> = None;
        while let Some(l) = self.loaded.pop_front() {
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
                    o.call_method1(pyo3::intern!(py, "extend"), (part,))?;
                }
            }
        }
        Ok(out)
    }

    /// Every item not handed out yet, as one list (empty if there is none).
    fn drain<'py>(&mut self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        let head = self.drain_loaded(py)?;
        let raw: Vec<RawPage> = self.raw.drain(..).collect();
        pages_to_list(py, head, &raw)
    }

    /// Copies (cheap: the bodies are shared) of the pages not handed out yet from the `from`-th
    /// on, with how many of each one's items were; the cursor keeps them, so an error later
    /// loses none.
    fn peek_pages(&self, from: usize) -> Vec<(RawPage, usize)> {
        let loaded = self.loaded.iter().map(|l| (l.page.clone(), l.pos));
        let raw = self.raw.iter().map(|p| (p.clone(), 0));
        loaded.chain(raw).skip(from).collect()
    }

    /// Every page not handed out yet, with how many of its items were; the converted lists are
    /// dropped, so the caller holds the GIL.
    fn take_pages(&mut self, _py: Python<'_>) -> Vec<(RawPage, usize)> {
        let mut out: Vec<(RawPage, usize)> =
            self.loaded.drain(..).map(|l| (l.page, l.pos)).collect();
        out.extend(self.raw.drain(..).map(|p| (p, 0)));
        out
    }
}

/// Appends the items of `pages` (each with how many of its first items to leave out) to `table`.
fn push_pages(table: &mut EntityTable, pages: &[(RawPage, usize)]) -> mdekit_core::Result<()> {
    pages
        .iter()
        .try_for_each(|(page, pos)| table.push_page(&page.body, *pos, page.len))
}

/// The cursor's pages not yet in the table (from the `converted`-th on), counted in.
fn unconverted(cursor: &SharedCursor, converted: &mut usize) -> Vec<(RawPage, usize)> {
    let pages = lock(cursor).peek_pages(*converted);
    *converted += pages.len();
    pages
}

/// The items of `pages` (each with how many of its first items to leave out) as `Value`s.
fn pages_values(pages: Vec<(RawPage, usize)>) -> mdekit_core::Result<Vec<Value>> {
    let mut out = Vec::new();
    for (page, pos) in pages {
        out.extend(page.items()?.into_iter().skip(pos));
    }
    Ok(out)
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

#[derive(Clone, Copy)]
enum Take {
    /// Every item on the cursor, as one list.
    All,
    /// Nothing: the fetch's own `True`/`False` (whether there was a page).
    Load,
}

/// Called on the event loop's thread with what an async fetch returned (whether it put a page
/// on the cursor); converts there, as the sync pager converts on the caller's thread.
/// Converting on a runtime worker instead would hold that worker, and the GIL, while the next
/// page's bytes want reading.
#[pyclass(frozen, module = "mdekit._mdekit")]
struct Convert {
    cursor: SharedCursor,
    take: Take,
}

#[pymethods]
impl Convert {
    fn __call__<'py>(&self, py: Python<'py>, more: bool) -> PyResult<Bound<'py, PyAny>> {
        match self.take {
            Take::Load => Ok(pyo3::types::PyBool::new(py, more).to_owned().into_any()),
            Take::All => Ok(lock(&self.cursor).drain(py)?.into_any()),
        }
    }
}

/// The Python helpers of the async pager (`python/mdekit/_pager.py`): `after(fut, convert)` is
/// `convert(await fut)` as a coroutine (cancelling it cancels `fut`); `items(pop, fill)` is the
/// async generator behind `async for`. An async generator hands out each item without
/// allocating (CPython reuses its per-step objects), where an awaitable per item would make the
/// garbage collector run over every freshly converted page again and again.
fn helpers(py: Python<'_>) -> PyResult<&Bound<'_, PyModule>> {
    crate::py_imports::pager(py)
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

/// An awaitable that runs `job` on the runtime and hands whether it put a page on the cursor to
/// `take`, on the event loop's thread.
fn spawn_fill<'py, F>(
    py: Python<'py>,
    cursor: &SharedCursor,
    take: Take,
    job: F,
) -> PyResult<Bound<'py, PyAny>>
where
    F: std::future::Future<Output = mdekit_core::Result<bool>> + Send + 'static,
{
    let fut = crate::runtime::future_into_py(py, async move {
        crate::runtime::unwind_to_error(job)
            .await
            .map_err(to_pyerr_attach)
    })?;
    let convert = Convert {
        cursor: cursor.clone(),
        take,
    };
    after(py, fut, convert)
}

/// The two halves of every async step over an `AsyncPager`: `pop` takes the cursor's next item
/// (or page, for `pages()`), or the helpers' `END`; `fill` fetches the next page onto the
/// cursor. Nothing is taken off the cursor before the step is awaited, so an `__anext__` that is
/// cancelled or never awaited loses nothing.
#[pyclass(frozen, module = "mdekit._mdekit")]
struct AsyncItems {
    state: Shared,
    cursor: SharedCursor,
    guard: Guard,
    pages: bool,
}

#[pymethods]
impl AsyncItems {
    fn pop<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        self.guard.check()?;
        let mut c = lock(&self.cursor);
        let next = if self.pages {
            c.take_page(py)?.map(Bound::into_any)
        } else {
            c.pop(py)?
        };
        match next {
            Some(v) => Ok(v),
            None => helpers(py)?.getattr("END"),
        }
    }

    fn fill<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        self.guard.check()?;
        let (state, cursor) = (self.state.clone(), self.cursor.clone());
        if self.pages {
            spawn_fill(py, &self.cursor, Take::Load, fill_page(state, cursor))
        } else {
            spawn_fill(py, &self.cursor, Take::Load, fill(state, cursor))
        }
    }
}

/// `pop` and `fill` of an [`AsyncItems`], made once per async iterator.
struct Steps {
    pop: Py<PyAny>,
    fill: Py<PyAny>,
}

fn steps<'py>(
    py: Python<'py>,
    cell: &PyOnceLock<Steps>,
    make: impl FnOnce() -> AsyncItems,
) -> PyResult<(Bound<'py, PyAny>, Bound<'py, PyAny>)> {
    let s = cell.get_or_try_init(py, || -> PyResult<Steps> {
        let items = Bound::new(py, make())?;
        Ok(Steps {
            pop: items.getattr("pop")?.unbind(),
            fill: items.getattr("fill")?.unbind(),
        })
    })?;
    Ok((s.pop.bind(py).clone(), s.fill.bind(py).clone()))
}

/// A lazy, blocking pager of entity dicts. Iterate it, or call `pages()` / `to_list()`.
#[pyclass(frozen, module = "mdekit._mdekit")]
pub struct Pager {
    state: Shared,
    cursor: SharedCursor,
    guard: Guard,
    /// The catalogue's declaration of the items, when it has one: `to_arrow()` types its
    /// columns by it; otherwise types are inferred from the values.
    entity: Option<&'static Entity>,
}

impl Pager {
    pub fn new(pager: CorePager, closed: Arc<AtomicBool>) -> Self {
        Pager {
            entity: pager.operation().entity,
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
    /// `Pager[Alert]` in annotations evaluated at runtime (the stubs' generic parameter).
    #[classmethod]
    fn __class_getitem__<'py>(
        cls: &Bound<'py, pyo3::types::PyType>,
        item: Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        crate::py_imports::generic_alias(cls, item)
    }

    fn __iter__(slf: PyRef<'_, Self>) -> PyRef<'_, Self> {
        slf
    }

    fn __next__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        self.guard.check()?;
        loop {
            // Fast path: an item of the current page, without a trip through the runtime.
            if let Some(v) = lock(&self.cursor).pop(py)? {
                return Ok(v);
            }
            let more = block_on(py, fill(self.state.clone(), self.cursor.clone()))?
                .map_err(|e| to_pyerr(py, e))?;
            if !more {
                return Err(PyStopIteration::new_err(()));
            }
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
        // Page by page: each page is converted while the next one is on its way. The pages
        // stay on the cursor until the list is complete, so an error or Ctrl-C loses none.
        loop {
            let more = block_on(py, fill_page(self.state.clone(), self.cursor.clone()))?
                .map_err(|e| to_pyerr(py, e))?;
            let mut c = lock(&self.cursor);
            while c.load_front(py)? {}
            if !more {
                return c.drain(py);
            }
        }
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

    /// Every remaining item written to `sink` (a path or a binary file) as an Arrow IPC stream
    /// of `to_arrow()`'s table, buffers compressed with `compression`; returns the rows written.
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

    /// Items handed out by the service so far.
    #[getter]
    fn fetched(&self) -> u64 {
        fetched(&self.state)
    }

    fn __repr__(&self) -> String {
        describe("Pager", &self.state)
    }
}

/// Items the service has sent so far; 0 while a page is in flight (never waits for it).
fn fetched(state: &Shared) -> u64 {
    state
        .try_lock()
        .ok()
        .and_then(|s| s.pager.try_lock().map(|p| p.fetched()).ok())
        .unwrap_or(0)
}

impl Pager {
    fn frame<'py>(&self, py: Python<'py>, target: Target) -> PyResult<Bound<'py, PyAny>> {
        self.guard.check()?;
        let Some(entity) = self.entity else {
            block_on(py, fill_all(self.state.clone(), self.cursor.clone()))?
                .map_err(|e| to_pyerr(py, e))?;
            let pages = lock(&self.cursor).take_pages(py);
            let items = pages_values(pages).map_err(|e| to_pyerr(py, e))?;
            let batch = entities_batch(&items).map_err(|e| to_pyerr(py, e))?;
            return convert(py, batch, target);
        };
        // Each page becomes columns as soon as it is here, while the next one is on its way;
        // the pages leave the cursor only once the table is complete.
        let mut table = EntityTable::new(entity);
        let (mut converted, mut more) = (0, true);
        loop {
            let pages = unconverted(&self.cursor, &mut converted);
            py.detach(|| push_pages(&mut table, &pages))
                .map_err(|e| to_pyerr(py, e))?;
            if !more {
                break;
            }
            more = block_on(py, fill_page(self.state.clone(), self.cursor.clone()))?
                .map_err(|e| to_pyerr(py, e))?;
        }
        drop(lock(&self.cursor).take_pages(py));
        let batch = table.finish().map_err(|e| to_pyerr(py, e))?;
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
    /// `PageIterator[Alert]` in annotations evaluated at runtime (the stubs' generic parameter).
    #[classmethod]
    fn __class_getitem__<'py>(
        cls: &Bound<'py, pyo3::types::PyType>,
        item: Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        crate::py_imports::generic_alias(cls, item)
    }

    fn __iter__(slf: PyRef<'_, Self>) -> PyRef<'_, Self> {
        slf
    }

    fn __next__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        self.guard.check()?;
        loop {
            // Items already converted for item iteration come out first, as their own page.
            if let Some(list) = lock(&self.cursor).take_page(py)? {
                return Ok(list);
            }
            let more = block_on(py, fill_page(self.state.clone(), self.cursor.clone()))?
                .map_err(|e| to_pyerr(py, e))?;
            if !more {
                return Err(PyStopIteration::new_err(()));
            }
        }
    }
}

/// A lazy pager of entity dicts for `async for`; `pages()` and `to_list()` are async too.
#[pyclass(frozen, module = "mdekit._mdekit")]
pub struct AsyncPager {
    state: Shared,
    cursor: SharedCursor,
    guard: Guard,
    steps: PyOnceLock<Steps>,
    /// As on `Pager`.
    entity: Option<&'static Entity>,
}

impl AsyncPager {
    pub fn new(pager: CorePager, closed: Arc<AtomicBool>) -> Self {
        AsyncPager {
            entity: pager.operation().entity,
            state: new_state(pager),
            cursor: SharedCursor::default(),
            guard: Guard {
                pid: std::process::id(),
                closed,
            },
            steps: PyOnceLock::new(),
        }
    }

    fn items(&self, pages: bool) -> AsyncItems {
        AsyncItems {
            state: self.state.clone(),
            cursor: self.cursor.clone(),
            guard: self.guard.clone(),
            pages,
        }
    }
}

#[pymethods]
impl AsyncPager {
    /// `AsyncPager[Alert]` in annotations evaluated at runtime (the stubs' generic parameter).
    #[classmethod]
    fn __class_getitem__<'py>(
        cls: &Bound<'py, pyo3::types::PyType>,
        item: Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        crate::py_imports::generic_alias(cls, item)
    }

    fn __repr__(&self) -> String {
        describe("AsyncPager", &self.state)
    }

    /// Items handed out by the service so far (as on `Pager`).
    #[getter]
    fn fetched(&self) -> u64 {
        fetched(&self.state)
    }

    /// `async for` runs an async generator over this pager's position (see `python/mdekit/_pager.py`).
    fn __aiter__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let (pop, fill) = steps(py, &self.steps, || self.items(false))?;
        helpers(py)?.getattr("items")?.call1((pop, fill))
    }

    fn __anext__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        self.guard.check()?;
        let (pop, fill) = steps(py, &self.steps, || self.items(false))?;
        helpers(py)?.getattr("first")?.call1((pop, fill))
    }

    /// An async iterator over pages (lists of dicts), sharing this pager's position.
    fn pages(&self) -> AsyncPageIterator {
        AsyncPageIterator {
            items: self.items(true),
            steps: PyOnceLock::new(),
        }
    }

    /// Awaitable: every remaining item as a list.
    fn to_list<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        self.guard.check()?;
        let (state, cursor) = (self.state.clone(), self.cursor.clone());
        let job = async move { fill_all(state, cursor).await.map(|()| false) };
        spawn_fill(py, &self.cursor, Take::All, job)
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

    /// Awaitable: as `Pager.to_ipc`; the file is written in a worker thread.
    #[pyo3(signature = (sink, *, compression = Some("zstd")), text_signature = "($self, sink, *, compression='zstd')")]
    fn to_ipc<'py>(
        &self,
        py: Python<'py>,
        sink: Bound<'py, PyAny>,
        compression: Option<&str>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let table = self.frame(py, Target::Arrow)?;
        crate::py_imports::frames(py)?.call_method1("write_ipc_async", (table, sink, compression))
    }
}

impl AsyncPager {
    fn frame<'py>(&self, py: Python<'py>, target: Target) -> PyResult<Bound<'py, PyAny>> {
        self.guard.check()?;
        let (state, cursor) = (self.state.clone(), self.cursor.clone());
        if let Some(entity) = self.entity {
            return crate::runtime::future_into_py(py, async move {
                // As in `Pager::frame`: each page is converted while the next one is on its way.
                let mut table = EntityTable::new(entity);
                let (mut converted, mut more) = (0, true);
                loop {
                    let pages = unconverted(&cursor, &mut converted);
                    push_pages(&mut table, &pages).map_err(to_pyerr_attach)?;
                    if !more {
                        break;
                    }
                    more = fill_page(state.clone(), cursor.clone())
                        .await
                        .map_err(to_pyerr_attach)?;
                }
                Python::attach(|py| drop(lock(&cursor).take_pages(py)));
                let batch = table.finish().map_err(to_pyerr_attach)?;
                Ok(FrameOut(batch, target))
            });
        }
        crate::runtime::future_into_py(py, async move {
            fill_all(state, cursor.clone())
                .await
                .map_err(to_pyerr_attach)?;
            // The pages leave the cursor only once every one has arrived.
            let pages = Python::attach(|py| lock(&cursor).take_pages(py));
            let items = pages_values(pages).map_err(to_pyerr_attach)?;
            let batch = entities_batch(&items).map_err(to_pyerr_attach)?;
            Ok(FrameOut(batch, target))
        })
    }
}

/// Async iterator over the pages of an `AsyncPager`.
#[pyclass(frozen, module = "mdekit._mdekit")]
pub struct AsyncPageIterator {
    items: AsyncItems,
    steps: PyOnceLock<Steps>,
}

#[pymethods]
impl AsyncPageIterator {
    /// `AsyncPageIterator[Alert]` in annotations evaluated at runtime (the stubs' generic parameter).
    #[classmethod]
    fn __class_getitem__<'py>(
        cls: &Bound<'py, pyo3::types::PyType>,
        item: Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        crate::py_imports::generic_alias(cls, item)
    }

    fn __aiter__(slf: PyRef<'_, Self>) -> PyRef<'_, Self> {
        slf
    }

    fn __anext__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        self.items.guard.check()?;
        let (pop, fill) = steps(py, &self.steps, || AsyncItems {
            state: self.items.state.clone(),
            cursor: self.items.cursor.clone(),
            guard: self.items.guard.clone(),
            pages: true,
        })?;
        helpers(py)?.getattr("first")?.call1((pop, fill))
    }
}
