//! The client classes and their API families, sync and async, generated from one table.
//!
//! `operations!` takes each family's operations once and emits two Python classes: one whose
//! methods block (GIL released, Ctrl-C honoured) and one whose methods return awaitables. The
//! client classes are generated the same way, so the two surfaces cannot drift apart.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use mdekit_core::api::hunting::HuntingEndpoint;
use mdekit_core::config::EndpointOptions;
use mdekit_core::odata::ListQuery;
use mdekit_core::DefenderClient as CoreClient;
use pyo3::exceptions::PyRuntimeError;
use pyo3::prelude::*;
use pyo3::types::PyDict;
use pyo3::IntoPyObjectExt;

use crate::convert::Json;
use crate::errors::{to_pyerr, to_pyerr_attach};
use crate::hunting::HuntingResult;
use crate::options::{ClientArgs, ManualClock, RetryArgs};
use crate::pager::{AsyncPager, Pager};
use crate::runtime::{block_on, check_pid};

/// A core client plus what the bindings track about it: the process that created it (a forked
/// child must not use it) and whether it was closed.
#[derive(Clone)]
pub struct Handle {
    core: CoreClient,
    pid: u32,
    closed: Arc<AtomicBool>,
}

impl Handle {
    fn new(core: CoreClient) -> Self {
        Handle {
            core,
            pid: std::process::id(),
            closed: Arc::new(AtomicBool::new(false)),
        }
    }

    fn core(&self) -> PyResult<&CoreClient> {
        check_pid(self.pid)?;
        if self.closed.load(Ordering::Relaxed) {
            return Err(PyRuntimeError::new_err("this DefenderClient is closed"));
        }
        Ok(&self.core)
    }
}

fn list_query(
    filter: Option<String>,
    top: Option<u32>,
    skip: Option<u32>,
    expand: Option<String>,
    page_size: Option<u32>,
) -> ListQuery {
    ListQuery {
        filter,
        top,
        skip,
        expand,
        page_size,
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
            handle: Handle,
        }

        $(#[doc = $doc])*
        #[pyclass(frozen, module = "mdekit._mdekit", name = $apyname)]
        pub struct $async_ {
            handle: Handle,
        }

        #[pymethods]
        impl $sync {
            $(
                $(#[doc = $odoc])*
                #[pyo3(signature = $sig)]
                fn $name(&self, py: Python<'_>, $($arg: $ty),*) -> PyResult<Py<PyAny>> {
                    let $c = self.handle.core()?.clone();
                    let fut = $body;
                    let out = block_on(py, fut)?.map_err(|e| to_pyerr(py, e))?;
                    out.into_py_any(py)
                }
            )*
            $(
                $(#[doc = $pdoc])*
                #[pyo3(signature = $psig)]
                fn $pname(&self, py: Python<'_>, $($parg: $pty),*) -> PyResult<Pager> {
                    let $pc = self.handle.core()?.clone();
                    let pager = $pbody.map_err(|e| to_pyerr(py, e))?;
                    Ok(Pager::new(pager, self.handle.closed.clone()))
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
                fn $name<'py>(&self, py: Python<'py>, $($arg: $ty),*) -> PyResult<Bound<'py, PyAny>> {
                    let $c = self.handle.core()?.clone();
                    let fut = $body;
                    pyo3_async_runtimes::tokio::future_into_py(py, async move {
                        fut.await.map_err(to_pyerr_attach)
                    })
                }
            )*
            $(
                $(#[doc = $pdoc])*
                #[pyo3(signature = $psig)]
                fn $pname(&self, py: Python<'_>, $($parg: $pty),*) -> PyResult<AsyncPager> {
                    let $pc = self.handle.core()?.clone();
                    let pager = $pbody.map_err(|e| to_pyerr(py, e))?;
                    Ok(AsyncPager::new(pager, self.handle.closed.clone()))
                }
            )*
            fn __repr__(&self) -> String {
                format!("<{} of {}>", $apyname, self.handle.core.endpoints().api_base_url)
            }
        }
    };
}

operations! {
    /// Alerts (`/api/alerts`). Permission: Alert.Read.All or Alert.ReadWrite.All.
    AlertsOperations, AsyncAlertsOperations, "AlertsOperations", "AsyncAlertsOperations";
    awaitables {
        /// `GET /api/alerts/{id}`: one alert dict, evidence included.
        #[pyo3(signature = (alert_id))]
        fn get(alert_id: String) = |c| async move { c.alerts().get(&alert_id).await.map(Json) };
    }
    pagers {
        /// `GET /api/alerts`: a lazy pager of alert dicts.
        #[pyo3(signature = (*, filter=None, top=None, skip=None, expand=None, page_size=None))]
        fn list(
            filter: Option<String>,
            top: Option<u32>,
            skip: Option<u32>,
            expand: Option<String>,
            page_size: Option<u32>,
        ) = |c| c.alerts().list(list_query(filter, top, skip, expand, page_size));
    }
}

operations! {
    /// Machines (`/api/machines`). Permission: Machine.Read.All or Machine.ReadWrite.All.
    MachinesOperations, AsyncMachinesOperations, "MachinesOperations", "AsyncMachinesOperations";
    awaitables {
        /// `GET /api/machines/{id}` by device id or computer name.
        #[pyo3(signature = (machine_id))]
        fn get(machine_id: String) = |c| async move { c.machines().get(&machine_id).await.map(Json) };
    }
    pagers {
        /// `GET /api/machines`: a lazy pager of machine dicts.
        #[pyo3(signature = (*, filter=None, top=None, skip=None, page_size=None))]
        fn list(
            filter: Option<String>,
            top: Option<u32>,
            skip: Option<u32>,
            page_size: Option<u32>,
        ) = |c| c.machines().list(list_query(filter, top, skip, None, page_size));
    }
}

operations! {
    /// Advanced hunting (Graph `runHuntingQuery` or MDE `advancedqueries/run`).
    HuntingOperations, AsyncHuntingOperations, "HuntingOperations", "AsyncHuntingOperations";
    awaitables {
        /// Runs a KQL query and returns a `HuntingResult`.
        #[pyo3(signature = (query, *, timespan=None, endpoint="graph".to_owned()))]
        fn run(query: String, timespan: Option<String>, endpoint: String) = |c| async move {
            let endpoint: HuntingEndpoint = endpoint.parse()?;
            c.hunting()
                .run(&query, timespan.as_deref(), endpoint)
                .await
                .map(HuntingResult::new)
        };
    }
    pagers {}
}

macro_rules! client_class {
    (
        $cls:ident, $pyname:literal, $alerts:ident, $machines:ident, $hunting:ident;
        $($extra:tt)*
    ) => {
        /// The Microsoft Defender for Endpoint client.
        #[pyclass(frozen, module = "mdekit._mdekit", name = $pyname)]
        pub struct $cls {
            handle: Handle,
        }

        #[pymethods]
        impl $cls {
            #[new]
            #[pyo3(signature = (
                *, tenant_id=None, client_id=None, client_secret=None, cloud=None, region=None,
                authority_host=None, api_base_url=None, graph_base_url=None, mde_audience=None,
                max_retries=None, retry_backoff=None, retry_total_timeout=None, timeout=None,
                rate_limit=true, clock=None
            ))]
            #[allow(clippy::too_many_arguments)]
            fn new(
                tenant_id: Option<String>,
                client_id: Option<String>,
                client_secret: Option<String>,
                cloud: Option<String>,
                region: Option<String>,
                authority_host: Option<String>,
                api_base_url: Option<String>,
                graph_base_url: Option<String>,
                mde_audience: Option<String>,
                max_retries: Option<u32>,
                retry_backoff: Option<f64>,
                retry_total_timeout: Option<f64>,
                timeout: Option<f64>,
                rate_limit: bool,
                clock: Option<PyRef<'_, ManualClock>>,
            ) -> PyResult<Self> {
                let args = ClientArgs::from_keywords(
                    tenant_id,
                    client_id,
                    client_secret,
                    EndpointOptions {
                        cloud,
                        region,
                        authority_host,
                        api_base_url,
                        graph_base_url,
                        mde_audience,
                    },
                    RetryArgs { max_retries, retry_backoff, retry_total_timeout, timeout },
                    rate_limit,
                    clock,
                );
                Ok($cls { handle: Handle::new(args.build()?) })
            }

            /// Builds a client from the azure-identity environment variables; keyword
            /// arguments override them.
            #[classmethod]
            #[pyo3(signature = (
                *, tenant_id=None, client_id=None, client_secret=None, cloud=None, region=None,
                authority_host=None, api_base_url=None, graph_base_url=None, mde_audience=None,
                max_retries=None, retry_backoff=None, retry_total_timeout=None, timeout=None,
                rate_limit=true, clock=None
            ))]
            #[allow(clippy::too_many_arguments)]
            fn from_env(
                _cls: &Bound<'_, pyo3::types::PyType>,
                tenant_id: Option<String>,
                client_id: Option<String>,
                client_secret: Option<String>,
                cloud: Option<String>,
                region: Option<String>,
                authority_host: Option<String>,
                api_base_url: Option<String>,
                graph_base_url: Option<String>,
                mde_audience: Option<String>,
                max_retries: Option<u32>,
                retry_backoff: Option<f64>,
                retry_total_timeout: Option<f64>,
                timeout: Option<f64>,
                rate_limit: bool,
                clock: Option<PyRef<'_, ManualClock>>,
            ) -> PyResult<Self> {
                let args = ClientArgs::from_keywords(
                    tenant_id,
                    client_id,
                    client_secret,
                    EndpointOptions {
                        cloud,
                        region,
                        authority_host,
                        api_base_url,
                        graph_base_url,
                        mde_audience,
                    },
                    RetryArgs { max_retries, retry_backoff, retry_total_timeout, timeout },
                    rate_limit,
                    clock,
                );
                Ok($cls { handle: Handle::new(args.fill_from_env()?.build()?) })
            }

            /// A client sharing this one's connections, token cache and rate limiter, with other
            /// retry or timeout settings: `client.with_options(max_retries=0).alerts.get(id)`.
            #[pyo3(signature = (*, max_retries=None, retry_backoff=None, retry_total_timeout=None, timeout=None))]
            fn with_options(
                &self,
                max_retries: Option<u32>,
                retry_backoff: Option<f64>,
                retry_total_timeout: Option<f64>,
                timeout: Option<f64>,
            ) -> PyResult<Self> {
                let core = self.handle.core()?;
                let args = RetryArgs { max_retries, retry_backoff, retry_total_timeout, timeout };
                let policy = args.apply(core.retry_policy().clone())?;
                // A new client object: it shares connections and tokens, not the closed state.
                let handle = Handle::new(core.with_options(Some(policy), args.timeout()?));
                Ok($cls { handle })
            }

            #[getter]
            fn alerts(&self) -> $alerts {
                $alerts { handle: self.handle.clone() }
            }

            #[getter]
            fn machines(&self) -> $machines {
                $machines { handle: self.handle.clone() }
            }

            #[getter]
            fn hunting(&self) -> $hunting {
                $hunting { handle: self.handle.clone() }
            }

            #[getter]
            fn tenant_id(&self) -> Option<String> {
                self.handle.core.tenant_id().map(str::to_owned)
            }

            #[getter]
            fn client_id(&self) -> Option<String> {
                self.handle.core.client_id().map(str::to_owned)
            }

            #[getter]
            fn cloud(&self) -> &'static str {
                self.handle.core.endpoints().cloud.name()
            }

            #[getter]
            fn authority_host(&self) -> String {
                trim(self.handle.core.endpoints().authority_host.as_str())
            }

            #[getter]
            fn api_base_url(&self) -> String {
                trim(self.handle.core.endpoints().api_base_url.as_str())
            }

            #[getter]
            fn graph_base_url(&self) -> String {
                trim(self.handle.core.endpoints().graph_base_url.as_str())
            }

            /// Counters of what the pipeline did: attempts, retries, token refreshes after 401.
            #[getter]
            fn stats<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
                let s = self.handle.core.stats();
                let d = PyDict::new(py);
                d.set_item("attempts", s.attempts.load(Ordering::Relaxed))?;
                d.set_item("retries", s.retries.load(Ordering::Relaxed))?;
                d.set_item(
                    "token_refreshes_after_401",
                    s.token_refreshes_after_401.load(Ordering::Relaxed),
                )?;
                Ok(d)
            }

            #[getter]
            fn closed(&self) -> bool {
                self.handle.closed.load(Ordering::Relaxed)
            }

            fn __repr__(&self) -> String {
                let core = &self.handle.core;
                format!(
                    "{}(tenant_id={:?}, client_id={:?}, cloud={:?}, api_base_url={:?})",
                    $pyname,
                    core.tenant_id().unwrap_or(""),
                    core.client_id().unwrap_or(""),
                    core.endpoints().cloud.name(),
                    trim(core.endpoints().api_base_url.as_str()),
                )
            }

            $($extra)*
        }
    };
}

fn trim(url: &str) -> String {
    url.trim_end_matches('/').to_owned()
}

client_class!(
    DefenderClient, "DefenderClient", AlertsOperations, MachinesOperations, HuntingOperations;

    /// Marks the client closed; later calls raise RuntimeError. Connections close when the last
    /// client sharing them is dropped.
    fn close(&self) {
        self.handle.closed.store(true, Ordering::Relaxed);
    }

    fn __enter__(slf: Py<Self>) -> Py<Self> {
        slf
    }

    #[pyo3(signature = (*_args))]
    fn __exit__(&self, _args: &Bound<'_, pyo3::types::PyTuple>) {
        self.close();
    }
);

client_class!(
    AsyncDefenderClient, "AsyncDefenderClient", AsyncAlertsOperations, AsyncMachinesOperations,
    AsyncHuntingOperations;

    /// Awaitable: marks the client closed; later calls raise RuntimeError.
    fn close<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        self.handle.closed.store(true, Ordering::Relaxed);
        // `None::<()>` becomes Python's None (a bare `()` would become an empty tuple).
        pyo3_async_runtimes::tokio::future_into_py(py, async { Ok(None::<()>) })
    }

    fn __aenter__<'py>(slf: Py<Self>, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        pyo3_async_runtimes::tokio::future_into_py(py, async move { Ok(slf) })
    }

    #[pyo3(signature = (*_args))]
    fn __aexit__<'py>(
        &self,
        py: Python<'py>,
        _args: &Bound<'py, pyo3::types::PyTuple>,
    ) -> PyResult<Bound<'py, PyAny>> {
        self.close(py)
    }
);
