//! The API families' Python classes, sync and async, generated from one table per family.
//!
//! `operations!` takes a family's operations once and emits two Python classes: one whose
//! methods block (GIL released, Ctrl-C honoured) and one whose methods return awaitables, so the
//! two surfaces cannot drift apart. Each family's table lives in its own file.
//!
//! The same table also describes each method for the stub generator (`scripts/gen_stubs.py`):
//! `#[py(returns = ..)]` names the Python return type, `types(..)` the parameters whose Rust
//! type says nothing to Python (`Bound<PyAny>`), `enums(..)` the spec domain of a convenience's
//! parameter that has no catalogue entry of its own. `_surface()` hands that to Python.
//! The doc comments are the Python docstrings (Google style: Args, Returns, Raises), shown by
//! `help()` at run time and copied into the stubs; a default that is not a Rust literal
//! (`"Full".to_owned()`) needs a `text_signature` so that Python sees the real value.

pub mod alerts;
pub mod authenticated_scans;
pub mod device_health;
pub mod exports;
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
pub mod tvm;

use mdekit_core::odata::ListQuery;
use pyo3::prelude::*;
use serde_json::{json, Value};

use crate::convert::Json;

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

/// One method as the stub generator sees it: what `inspect` cannot tell from the extension.
pub(crate) struct MethodSurface {
    pub(crate) name: &'static str,
    pub(crate) pager: bool,
    pub(crate) doc: &'static str,
    /// `(parameter, stringify!(rust type))`, in declaration order.
    pub(crate) params: &'static [(&'static str, &'static str)],
    /// `(parameter, python type)` where the Rust type does not determine it.
    pub(crate) types: &'static [(&'static str, &'static str)],
    pub(crate) enums: &'static [(&'static str, &'static mdekit_spec::Domain)],
    /// The Python type of the value (of an item, for a pager).
    pub(crate) returns: &'static str,
}

/// One family: its sync and async class names, its doc and its methods.
pub(crate) struct ClassSurface {
    pub(crate) sync: &'static str,
    pub(crate) async_: &'static str,
    pub(crate) doc: &'static str,
    pub(crate) methods: &'static [MethodSurface],
}

const FAMILIES: &[&ClassSurface] = &[
    &alerts::AlertsOperations::SURFACE,
    &machines::MachinesOperations::SURFACE,
    &machine_actions::MachineActionsOperations::SURFACE,
    &indicators::IndicatorsOperations::SURFACE,
    &investigations::InvestigationsOperations::SURFACE,
    &live_response::LiveResponseOperations::SURFACE,
    &pivots::FilesOperations::SURFACE,
    &pivots::IpsOperations::SURFACE,
    &pivots::DomainsOperations::SURFACE,
    &pivots::UsersOperations::SURFACE,
    &hunting::HuntingOperations::SURFACE,
    &incidents::IncidentsOperations::SURFACE,
    &security_alerts::SecurityAlertsOperations::SURFACE,
    // ---- Vulnerability management (issue 10)
    &tvm::SoftwareOperations::SURFACE,
    &tvm::VulnerabilitiesOperations::SURFACE,
    &tvm::RecommendationsOperations::SURFACE,
    &tvm::ScoresOperations::SURFACE,
    &tvm::RemediationOperations::SURFACE,
    &device_health::DeviceHealthOperations::SURFACE,
    &authenticated_scans::AuthenticatedScansOperations::SURFACE,
    &exports::ExportsOperations::SURFACE,
];

/// The Python type a parameter's Rust type converts from; `None` for the open-ended ones,
/// which the table names in `types(..)`.
fn python_type(rust: &str) -> Option<&'static str> {
    let compact: String = rust.chars().filter(|c| !c.is_whitespace()).collect();
    Some(match compact.as_str() {
        "String" => "str",
        "Option<String>" => "str | None",
        "u32" | "usize" | "crate::options::Count" => "int",
        "Option<u32>" | "Option<usize>" | "Option<crate::options::Count>" => "int | None",
        "f64" => "float",
        "bool" => "bool",
        "Option<bool>" => "bool | None",
        "Vec<String>" => "Sequence[str]",
        "Option<Vec<String>>" => "Sequence[str] | None",
        "Option<PathBuf>" => "str | os.PathLike[str] | None",
        _ => return None,
    })
}

/// `///` lines arrive with the space after the slashes; Python docstrings have none.
fn dedent(doc: &str) -> String {
    let lines: Vec<&str> = doc
        .lines()
        .map(|l| l.strip_prefix(' ').unwrap_or(l))
        .collect();
    lines.join("\n").trim_end().to_owned()
}

fn method_entry(class: &str, m: &MethodSurface) -> PyResult<Value> {
    let mut params = Vec::with_capacity(m.params.len());
    for (name, rust) in m.params {
        let ty = match m.types.iter().find(|(p, _)| p == name) {
            Some((_, ty)) => *ty,
            None => python_type(rust).ok_or_else(|| {
                pyo3::exceptions::PyTypeError::new_err(format!(
                    "{class}.{}: no Python type for `{name}: {rust}`; name it in #[py(types(..))]",
                    m.name
                ))
            })?,
        };
        let domain = m
            .enums
            .iter()
            .find(|(p, _)| p == name)
            .map(|(_, d)| d.values);
        params.push(json!({"name": name, "type": ty, "enum": domain}));
    }
    Ok(json!({
        "name": m.name,
        "kind": if m.pager { "pager" } else { "awaitable" },
        "doc": dedent(m.doc),
        "params": params,
        "returns": m.returns,
    }))
}

/// The operation classes as the ops tables declare them, for `scripts/gen_stubs.py`: one dict
/// per family (`sync`, `async`, `doc`, `methods`), each method with `name`, `kind`
/// (`"awaitable"` or `"pager"`), `doc`, `params` (`name`, `type`, `enum`) and `returns`.
#[pyfunction]
#[pyo3(name = "_surface")]
pub fn surface(py: Python<'_>) -> PyResult<Py<PyAny>> {
    let mut families = Vec::with_capacity(FAMILIES.len());
    for f in FAMILIES {
        let methods = f
            .methods
            .iter()
            .map(|m| method_entry(f.sync, m))
            .collect::<PyResult<Vec<_>>>()?;
        families.push(json!({
            "sync": f.sync,
            "async": f.async_,
            "doc": dedent(f.doc),
            "methods": methods,
        }));
    }
    pyo3::IntoPyObjectExt::into_py_any(Json(Value::Array(families)), py)
}

macro_rules! operations {
    (
        $(#[doc = $doc:literal])*
        $sync:ident, $async_:ident, $pyname:literal, $apyname:literal;
        awaitables { $(
            $(#[doc = $odoc:literal])*
            #[pyo3(signature = $sig:tt $(, text_signature = $ts:literal)?)]
            #[py(returns = $ret:literal
                $(, types($($tp:ident = $tt:literal),* $(,)?))?
                $(, enums($($ep:ident = $ed:ident),* $(,)?))? $(,)?)]
            fn $name:ident($($arg:ident : $ty:ty),* $(,)?) = |$c:ident| $body:expr;
        )* }
        pagers { $(
            $(#[doc = $pdoc:literal])*
            #[pyo3(signature = $psig:tt)]
            #[py(returns = $pret:literal)]
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

        impl $sync {
            pub(crate) const SURFACE: $crate::ops::ClassSurface = $crate::ops::ClassSurface {
                sync: $pyname,
                async_: $apyname,
                doc: concat!($($doc, "\n",)*),
                methods: &[
                    $($crate::ops::MethodSurface {
                        name: stringify!($pname),
                        pager: true,
                        doc: concat!($($pdoc, "\n",)*),
                        params: &[$((stringify!($parg), stringify!($pty))),*],
                        types: &[],
                        enums: &[],
                        returns: $pret,
                    },)*
                    $($crate::ops::MethodSurface {
                        name: stringify!($name),
                        pager: false,
                        doc: concat!($($odoc, "\n",)*),
                        params: &[$((stringify!($arg), stringify!($ty))),*],
                        types: &[$($((stringify!($tp), $tt)),*)?],
                        enums: &[$($((stringify!($ep), &mdekit_spec::$ed)),*)?],
                        returns: $ret,
                    },)*
                ],
            };
        }

        #[pymethods]
        impl $sync {
            $(
                $(#[doc = $odoc])*
                #[pyo3(signature = $sig $(, text_signature = $ts)?)]
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
                #[pyo3(signature = $sig $(, text_signature = $ts)?)]
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
