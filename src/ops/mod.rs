//! The API families' Python classes, sync and async, generated from one table per family.
//!
//! `operations!` takes a family's operations once and emits two Python classes: one whose
//! methods block (GIL released, Ctrl-C honoured) and one whose methods return awaitables, so the
//! two surfaces cannot drift apart. Each family's table lives in its own file.

pub mod alerts;
pub mod hunting;
pub mod incidents;
pub mod indicators;
pub mod investigations;
pub mod live_response;
pub mod machine_actions;
pub mod machines;
pub mod pivots;
pub mod request;
pub mod security_alerts;

use mdekit_core::odata::ListQuery;

pub(crate) fn list_query(
    filter: Option<String>,
    top: Option<crate::options::Count>,
    skip: Option<crate::options::Count>,
    expand: Option<String>,
    page_size: Option<crate::options::Count>,
) -> ListQuery {
    ListQuery {
        filter,
        top: top.map(|c| c.0),
        skip: skip.map(|c| c.0),
        expand,
        page_size: page_size.map(|c| c.0),
        ..Default::default()
    }
}

macro_rules! operations {
    (
        $(#[doc = $doc:literal])*
        $sync:ident, $async_:ident, $pyname:literal, $apyname:literal;
        awaitables { $(
            $(#[doc = $odoc:literal])*
            #[pyo3(signature = $sig:tt)]
            fn $name:ident($($arg:ident : $ty:ty),* $(,)?) = |$c:ident| $body:expr;
        )* }
        pagers { $(
            $(#[doc = $pdoc:literal])*
            #[pyo3(signature = $psig:tt)]
            fn $pname:ident($($parg:ident : $pty:ty),* $(,)?) = |$pc:ident| $pbody:expr;
        )* }
    ) => {
        $(#[doc = $doc])*
        #[pyclass(frozen, module = "mdekit._mdekit", name = $pyname)]
        pub struct $sync {
            pub(crate) handle: $crate::client::Handle,
        }

        $(#[doc = $doc])*
        #[pyclass(frozen, module = "mdekit._mdekit", name = $apyname)]
        pub struct $async_ {
            pub(crate) handle: $crate::client::Handle,
        }

        #[pymethods]
        impl $sync {
            $(
                $(#[doc = $odoc])*
                #[pyo3(signature = $sig)]
                #[allow(clippy::too_many_arguments)]
                fn $name(&self, py: Python<'_>, $($arg: $ty),*) -> PyResult<Py<PyAny>> {
                    let $c = self.handle.core()?.clone();
                    let fut = $body;
                    let out = $crate::runtime::block_on(py, fut)?.map_err(|e| $crate::errors::to_pyerr(py, e))?;
                    pyo3::IntoPyObjectExt::into_py_any(out, py)
                }
            )*
            $(
                $(#[doc = $pdoc])*
                #[pyo3(signature = $psig)]
                #[allow(clippy::too_many_arguments)]
                fn $pname(&self, py: Python<'_>, $($parg: $pty),*) -> PyResult<$crate::pager::Pager> {
                    let $pc = self.handle.core()?.clone();
                    let pager = $pbody.map_err(|e| $crate::errors::to_pyerr(py, e))?;
                    Ok($crate::pager::Pager::new(pager, self.handle.closed.clone()))
                }
            )*
            fn __repr__(&self) -> String {
                format!("<{} of {}>", $pyname, self.handle.core.endpoints().api_base_url)
            }
        }

        #[pymethods]
        impl $async_ {
            $(
                $(#[doc = $odoc])*
                #[pyo3(signature = $sig)]
                #[allow(clippy::too_many_arguments)]
                fn $name<'py>(&self, py: Python<'py>, $($arg: $ty),*) -> PyResult<Bound<'py, PyAny>> {
                    let $c = self.handle.core()?.clone();
                    let fut = $body;
                    crate::runtime::future_into_py(py, async move {
                        $crate::runtime::unwind_to_error(fut)
                            .await
                            .map_err($crate::errors::to_pyerr_attach)
                    })
                }
            )*
            $(
                $(#[doc = $pdoc])*
                #[pyo3(signature = $psig)]
                #[allow(clippy::too_many_arguments)]
                fn $pname(&self, py: Python<'_>, $($parg: $pty),*) -> PyResult<$crate::pager::AsyncPager> {
                    let $pc = self.handle.core()?.clone();
                    let pager = $pbody.map_err(|e| $crate::errors::to_pyerr(py, e))?;
                    Ok($crate::pager::AsyncPager::new(pager, self.handle.closed.clone()))
                }
            )*
            fn __repr__(&self) -> String {
                format!("<{} of {}>", $apyname, self.handle.core.endpoints().api_base_url)
            }
        }
    };
}

pub(crate) use operations;
