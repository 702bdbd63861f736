//! One Tokio runtime per process, shared by the sync and async surfaces (pooled connections
//! belong to the runtime that opened them), and the blocking bridge used by the sync client.

use std::future::Future;
use std::panic::AssertUnwindSafe;
use std::pin::Pin;
use std::sync::atomic::{AtomicPtr, Ordering};
use std::task::{Context, Poll};
use std::time::Duration;

use crate::errors::{panic_error, to_pyerr};

use pyo3::exceptions::PyRuntimeError;
use pyo3::prelude::*;
use pyo3::IntoPyObject;
use pyo3_async_runtimes::{generic, TaskLocals};

/// The runtime of the current process, and the process id it was made in. Its worker threads
/// do not survive `fork`, so a child that sees another pid here makes its own runtime; the
/// parent's copy is left alone (dropping it would wait for threads that do not exist).
static CURRENT: AtomicPtr<(u32, tokio::runtime::Runtime)> = AtomicPtr::new(std::ptr::null_mut());

/// How often a blocking call wakes up to let Python deliver signals (Ctrl-C).
const SIGNAL_POLL: Duration = Duration::from_millis(100);

/// The process's runtime, made on first use (and again, once, in a forked child). Clients and
/// pagers made before a fork still refuse to run in the child (see [`check_pid`]): their
/// connections belong to the parent.
pub fn runtime() -> PyResult<&'static tokio::runtime::Runtime> {
    let pid = std::process::id();
    let current = CURRENT.load(Ordering::Acquire);
    // SAFETY: a non-null pointer was made by `Box::into_raw` below and is never freed.
    if let Some((p, rt)) = unsafe { current.as_ref() } {
        if *p == pid {
            return Ok(rt);
        }
    }
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .thread_name("mdekit-runtime")
        .build()
        .map_err(|e| PyRuntimeError::new_err(format!("could not start mdekit's runtime: {e}")))?;
    let fresh = Box::into_raw(Box::new((pid, rt)));
    match CURRENT.compare_exchange(current, fresh, Ordering::AcqRel, Ordering::Acquire) {
        // SAFETY: `fresh` was just made by `Box::into_raw` and is never freed.
        Ok(_) => Ok(unsafe { &(*fresh).1 }),
        Err(winner) => {
            // Another thread of this process won the race: use its runtime, drop ours.
            // SAFETY: `fresh` is ours alone, and `winner` is never freed.
            let (_, ours) = *unsafe { Box::from_raw(fresh) };
            ours.shutdown_background();
            match unsafe { winner.as_ref() } {
                Some((p, rt)) if *p == pid => Ok(rt),
                _ => runtime(),
            }
        }
    }
}

tokio::task_local! {
    static TASK_LOCALS: std::cell::OnceCell<TaskLocals>;
}

/// pyo3-async-runtimes' view of [`runtime`]: the awaitables handed to asyncio run on the
/// current process's runtime (its own `tokio` one is fixed once per address space, so a forked
/// child could never get a working one).
pub struct MdeRuntime;

impl generic::Runtime for MdeRuntime {
    type JoinError = tokio::task::JoinError;
    type JoinHandle = tokio::task::JoinHandle<()>;

    fn spawn<F>(fut: F) -> Self::JoinHandle
    where
        F: Future<Output = ()> + Send + 'static,
    {
        match runtime() {
            Ok(rt) => rt.spawn(fut),
            // Only when no runtime can be started at all: the task runs on the caller's.
            Err(_) => tokio::spawn(fut),
        }
    }

    fn spawn_blocking<F>(f: F) -> Self::JoinHandle
    where
        F: FnOnce() + Send + 'static,
    {
        match runtime() {
            Ok(rt) => rt.spawn_blocking(f),
            Err(_) => tokio::task::spawn_blocking(f),
        }
    }
}

impl generic::ContextExt for MdeRuntime {
    fn scope<F, R>(locals: TaskLocals, fut: F) -> Pin<Box<dyn Future<Output = R> + Send>>
    where
        F: Future<Output = R> + Send + 'static,
    {
        let cell = std::cell::OnceCell::new();
        let _ = cell.set(locals);
        Box::pin(TASK_LOCALS.scope(cell, fut))
    }

    fn get_task_locals() -> Option<TaskLocals> {
        TASK_LOCALS
            .try_with(|c| c.get().cloned())
            .unwrap_or_default()
    }
}

/// `fut` as a Python awaitable, run on [`runtime`].
pub fn future_into_py<F, T>(py: Python<'_>, fut: F) -> PyResult<Bound<'_, PyAny>>
where
    F: Future<Output = PyResult<T>> + Send + 'static,
    T: for<'py> IntoPyObject<'py> + Send + 'static,
{
    generic::future_into_py::<MdeRuntime, F, T>(py, fut)
}

/// A Python awaitable as a future, awaited from a task started by [`future_into_py`].
pub fn into_future(
    awaitable: Bound<'_, PyAny>,
) -> PyResult<impl Future<Output = PyResult<Py<PyAny>>> + Send> {
    generic::into_future::<MdeRuntime>(awaitable)
}

/// Fails clearly when called in a forked child of the process that created `pid`'s objects.
pub fn check_pid(pid: u32) -> PyResult<()> {
    if pid != std::process::id() {
        return Err(PyRuntimeError::new_err(
            "mdekit cannot be used in a process forked from the one that created this client \
             or started its runtime; use the 'spawn' or 'forkserver' multiprocessing start method \
             and create clients in the child",
        ));
    }
    Ok(())
}

/// `fut`, with a panic while it is polled caught and returned as `Err(payload)`.
pub struct CatchUnwind<F>(Pin<Box<F>>);

impl<F: Future> Future for CatchUnwind<F> {
    type Output = Result<F::Output, Box<dyn std::any::Any + Send>>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let inner = self.0.as_mut();
        match std::panic::catch_unwind(AssertUnwindSafe(|| inner.poll(cx))) {
            Ok(Poll::Ready(out)) => Poll::Ready(Ok(out)),
            Ok(Poll::Pending) => Poll::Pending,
            Err(payload) => Poll::Ready(Err(payload)),
        }
    }
}

/// `fut` with a panic turned into an `MdeError` (see [`panic_error`]): for the futures handed to
/// asyncio.
pub async fn unwind_to_error<T, F>(fut: F) -> mdekit_core::Result<T>
where
    F: Future<Output = mdekit_core::Result<T>>,
{
    CatchUnwind(Box::pin(fut))
        .await
        .unwrap_or_else(|payload| Err(panic_error(payload.as_ref())))
}

/// Runs `fut` to completion with the GIL released, waking every 100 ms to check for signals so
/// Ctrl-C raises `KeyboardInterrupt` promptly (dropping the future aborts the request). A panic
/// while it runs raises an `MdeError` instead of `PanicException`.
pub fn block_on<F>(py: Python<'_>, fut: F) -> PyResult<F::Output>
where
    F: Future + Send,
    F::Output: Send,
{
    let rt = runtime()?;
    let fut = CatchUnwind(Box::pin(fut));
    let out = py.detach(|| {
        rt.block_on(async {
            tokio::pin!(fut);
            loop {
                match tokio::time::timeout(SIGNAL_POLL, &mut fut).await {
                    Ok(out) => return PyResult::Ok(out),
                    Err(_) => Python::attach(|py| py.check_signals())?,
                }
            }
        })
    })?;
    out.map_err(|payload| to_pyerr(py, panic_error(payload.as_ref())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_panic_in_an_operation_becomes_an_internal_error() {
        let out: mdekit_core::Result<()> = unwind_to_error(async {
            tokio::task::yield_now().await;
            panic!("overflow when adding duration to instant")
        })
        .await;
        let err = out.unwrap_err();
        assert_eq!(err.kind, mdekit_core::ErrorKind::Internal);
        assert!(err.message.contains("overflow when adding"), "{err}");
        assert_eq!(unwind_to_error(async { Ok(7) }).await.unwrap(), 7);
    }
}
