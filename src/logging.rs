//! The core's diagnostics reach Python's `logging` under `mdekit_core.*` (and `mdekit_sandbox.*`,
//! `reqwest`, `hyper_util`). pyo3-log caches each logger's level so that disabled records cost no
//! trip into Python; `refresh_logging()` drops that cache after levels change.

use std::sync::{Mutex, OnceLock};

use pyo3::prelude::*;

static RESET: OnceLock<Mutex<pyo3_log::ResetHandle>> = OnceLock::new();

pub fn install() {
    // Err means another extension already installed a `log` backend; ours then stays silent.
    if let Ok(handle) = pyo3_log::try_init() {
        let _ = RESET.set(Mutex::new(handle));
    }
}

/// Makes mdekit pick up logging levels changed after its first log record (levels are cached).
#[pyfunction]
pub fn refresh_logging() {
    if let Some(handle) = RESET.get() {
        let guard = handle.lock().unwrap_or_else(|e| e.into_inner());
        guard.reset();
    }
}
