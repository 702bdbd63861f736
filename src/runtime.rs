//! One Tokio runtime per process, shared by the sync and async surfaces (pooled connections
//! belong to the runtime that opened them), and the blocking bridge used by the sync client.

use std::future::Future;
use std::sync::OnceLock;
use std::time::Duration;

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

/// Runs `fut` to completion with the GIL released, waking every 100 ms to check for signals so
/// Ctrl-C raises `KeyboardInterrupt` promptly (dropping the future aborts the request).
pub fn block_on<F>(py: Python<'_>, fut: F) -> PyResult<F::Output>
where
    F: Future + Send,
    F::Output: Send,
{
    let rt = runtime()?;
    py.detach(|| {
        rt.block_on(async {
            tokio::pin!(fut);
            loop {
                match tokio::time::timeout(SIGNAL_POLL, &mut fut).await {
                    Ok(out) => return Ok(out),
                    Err(_) => Python::attach(|py| py.check_signals())?,
                }
            }
        })
    })
}
