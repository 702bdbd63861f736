//! One Tokio runtime per process, shared by the sync and async surfaces (pooled connections
//! belong to the runtime that opened them), and the blocking bridge used by the sync client.

use std::future::Future;
use std::panic::AssertUnwindSafe;
use std::pin::Pin;
use std::sync::OnceLock;
use std::task::{Context, Poll};
use std::time::Duration;

use crate::errors::{panic_error, to_pyerr};

use pyo3::exceptions::PyRuntimeError;
use pyo3::prelude::*;

/// The process id the runtime was started in. Its worker threads do not survive `fork`, so a
/// child that used it would hang; we refuse instead.
static RUNTIME_PID: OnceLock<u32> = OnceLock::new();

/// How often a blocking call wakes up to let Python deliver signals (Ctrl-C).
const SIGNAL_POLL: Duration = Duration::from_millis(100);

pub fn runtime() -> PyResult<&'static tokio::runtime::Runtime> {
    let pid = *RUNTIME_PID.get_or_init(std::process::id);
    check_pid(pid)?;
    Ok(pyo3_async_runtimes::tokio::get_runtime())
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
