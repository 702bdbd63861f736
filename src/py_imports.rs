//! Every Python module the extension looks up, in one place: mdekit's own Python modules (the
//! exception classes, progress bars, frame conversion, prompts, notebook views, the async
//! pager's helpers) and the few standard library ones. Each is imported once per interpreter
//! and cached; `tests/test_py_imports.py` fails when an import appears anywhere else in `src/`.

use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::PyModule;

macro_rules! modules {
    ($($(#[$doc:meta])* $fn:ident => $name:literal;)*) => {
        $(
            $(#[$doc])*
            pub fn $fn(py: Python<'_>) -> PyResult<&Bound<'_, PyModule>> {
                static MODULE: PyOnceLock<Py<PyModule>> = PyOnceLock::new();
                Ok(MODULE
                    .get_or_try_init(py, || PyModule::import(py, $name).map(Bound::unbind))?
                    .bind(py))
            }
        )*
    };
}

modules! {
    /// The exception classes (`MdeError` and its subclasses, `HuntingSplitError`).
    exceptions => "mdekit.exceptions";
    /// Progress bars of split hunting runs.
    progress => "mdekit._progress";
    /// pyarrow / pandas / polars conversion of Arrow record batches.
    frames => "mdekit.frames";
    /// The default device code prompt (terminal or notebook).
    prompt => "mdekit._prompt";
    /// HTML views for Jupyter.
    notebook => "mdekit._notebook";
    /// The async pager's coroutines and async generator (`END`, `first`, `after`, `items`).
    pager => "mdekit._pager";
    /// `Export`, the Python face of a via-files export.
    exports => "mdekit.exports";
    /// `iscoroutinefunction`, to tell async callables from sync ones.
    inspect => "inspect";
    /// The default sign-in page opener.
    webbrowser => "webbrowser";
    /// Pausing the cyclic garbage collector while building many objects.
    gc => "gc";
    /// datetime, date, timedelta and timezone of hunting parameters.
    datetime => "datetime";
    /// `GenericAlias`, for `Pager[Alert]` at runtime.
    types => "types";
}

/// `cls[item]` as `types.GenericAlias`, what `__class_getitem__` of a generic class returns.
pub fn generic_alias<'py>(
    cls: &Bound<'py, pyo3::types::PyType>,
    item: Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyAny>> {
    types(cls.py())?.getattr("GenericAlias")?.call1((cls, item))
}

/// `mdekit.exceptions.HuntingSplitError`.
pub fn hunting_split_error(py: Python<'_>) -> PyResult<Bound<'_, PyAny>> {
    exceptions(py)?.getattr("HuntingSplitError")
}
