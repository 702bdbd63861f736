//! Handle to an in-process sandbox (the emulator in `crates/mdekit-sandbox`), running on the
//! shared runtime. `mdekit.testing.Sandbox` wraps it as a context manager.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use mdekit_sandbox::{Fault, FaultKind, Sandbox, SandboxConfig};
use pyo3::exceptions::{PyRuntimeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};

use crate::options::seconds_arg;
use crate::runtime::{block_on, check_pid};

/// A running sandbox server on loopback.
#[pyclass(frozen, module = "mdekit._mdekit")]
pub struct SandboxServer {
    inner: Sandbox,
    pid: u32,
}

impl SandboxServer {
    fn sb(&self) -> PyResult<&Sandbox> {
        check_pid(self.pid)?;
        Ok(&self.inner)
    }
}

/// `{"max_rows": 50, "max_result_bytes": 10_000, ...}` over the documented defaults.
fn hunting_limits_from(
    given: std::collections::HashMap<String, f64>,
) -> PyResult<mdekit_sandbox::HuntingLimits> {
    let mut l = mdekit_sandbox::HuntingLimits::default();
    for (k, v) in given {
        if !v.is_finite() || v < 0.0 {
            return Err(PyValueError::new_err(format!(
                "hunting_limits[{k:?}] must be a non-negative number"
            )));
        }
        match k.as_str() {
            "max_rows" => l.max_rows = v as usize,
            "max_result_bytes" => l.max_result_bytes = v as usize,
            "cpu_ms_per_row" => l.cpu_ms_per_row = v,
            "max_query_cpu_ms" => l.max_query_cpu_ms = v,
            "cpu_quota_ms_per_hour" => l.cpu_quota_ms_per_hour = v,
            other => {
                return Err(PyValueError::new_err(format!(
                    "unknown hunting limit {other:?}: expected max_rows, max_result_bytes, \
                     cpu_ms_per_row, max_query_cpu_ms or cpu_quota_ms_per_hour"
                )))
            }
        }
    }
    Ok(l)
}

#[pymethods]
impl SandboxServer {
    /// Starts a sandbox on `host:port` (port 0 picks a free one) and returns once it listens.
    #[staticmethod]
    #[pyo3(signature = (
        *, host="127.0.0.1".to_owned(), port=0, seed=42, machines=500, alerts=2000, synthetic=true,
        load=Vec::new(), page_size=10_000, rate_limits=true, rate_limit_scale=1.0,
        rate_window_scale=1.0, quota_time_scale=1.0, token_lifetime=3599, tls=false,
        device_code_interval=5, device_code_lifetime=900, action_pending=1.0, action_run=3.0, max_indicators=15_000,
        hunting_limits=None, compress=vec!["mde".to_owned(), "graph".to_owned()],
        export_records=None, export_file_records=50_000
    ))]
    #[allow(clippy::too_many_arguments)]
    fn start(
        py: Python<'_>,
        host: String,
        port: u16,
        seed: u64,
        machines: usize,
        alerts: usize,
        synthetic: bool,
        load: Vec<PathBuf>,
        page_size: usize,
        rate_limits: bool,
        rate_limit_scale: f64,
        rate_window_scale: f64,
        quota_time_scale: f64,
        token_lifetime: i64,
        tls: bool,
        device_code_interval: u64,
        device_code_lifetime: i64,
        action_pending: f64,
        action_run: f64,
        max_indicators: usize,
        hunting_limits: Option<std::collections::HashMap<String, f64>>,
        compress: Vec<String>,
        export_records: Option<usize>,
        export_file_records: usize,
    ) -> PyResult<Self> {
        if export_file_records == 0 {
            return Err(PyValueError::new_err(
                "export_file_records must be at least 1",
            ));
        }
        if let Some(bad) = compress
            .iter()
            .find(|a| !matches!(a.as_str(), "mde" | "graph"))
        {
            return Err(PyValueError::new_err(format!(
                "compress takes the APIs \"mde\" and \"graph\", not {bad:?}"
            )));
        }
        let ip: std::net::IpAddr = host
            .parse()
            .map_err(|_| PyValueError::new_err(format!("host {host:?} is not an IP address")))?;
        if !ip.is_loopback() {
            return Err(PyValueError::new_err(
                "the sandbox only listens on loopback addresses (127.0.0.0/8 or ::1)",
            ));
        }
        if page_size == 0 {
            return Err(PyValueError::new_err("page_size must be at least 1"));
        }
        for (name, v) in [
            ("action_pending", action_pending),
            ("action_run", action_run),
        ] {
            if !v.is_finite() || v < 0.0 {
                return Err(PyValueError::new_err(format!(
                    "{name} must be a non-negative number of seconds"
                )));
            }
        }
        for (name, v) in [
            ("rate_limit_scale", rate_limit_scale),
            ("rate_window_scale", rate_window_scale),
            ("quota_time_scale", quota_time_scale),
        ] {
            if !v.is_finite() || v <= 0.0 {
                return Err(PyValueError::new_err(format!(
                    "{name} must be a positive number"
                )));
            }
        }
        let config = SandboxConfig {
            seed,
            machines,
            alerts,
            synthetic,
            load,
            page_size,
            rate_limits,
            rate_limit_scale,
            rate_window_scale,
            quota_time_scale,
            token_lifetime_secs: token_lifetime,
            tls,
            device_code_interval_secs: device_code_interval,
            device_code_lifetime_secs: device_code_lifetime,
            action_pending_secs: action_pending,
            action_run_secs: action_run,
            max_indicators,
            hunting: hunting_limits_from(hunting_limits.unwrap_or_default())?,
            compress_mde: compress.iter().any(|a| a == "mde"),
            compress_graph: compress.iter().any(|a| a == "graph"),
            // Custom domains are a Rust-side setting; Python's sandbox keeps the initial domain.
            domains: Vec::new(),
            export_records,
            export_file_records,
        };
        let addr = SocketAddr::new(ip, port);
        let inner = block_on(py, Sandbox::start(config, addr))?
            .map_err(|e| PyRuntimeError::new_err(format!("the sandbox could not start: {e}")))?;
        Ok(SandboxServer {
            inner,
            pid: std::process::id(),
        })
    }

    /// `http://127.0.0.1:PORT`: the authority host, MDE API base and Graph base at once.
    #[getter]
    fn base_url(&self) -> String {
        self.inner.base_url()
    }

    /// With `tls=True`: PEM of the CA certificate that signed the sandbox's server certificate.
    #[getter]
    fn ca_cert_pem(&self) -> Option<String> {
        self.inner.ca_pem()
    }

    #[getter]
    fn port(&self) -> u16 {
        self.inner.port()
    }

    #[getter]
    fn tenant_id(&self) -> String {
        self.inner.tenant_id()
    }

    #[getter]
    fn client_id(&self) -> String {
        self.inner.client_id()
    }

    #[getter]
    fn client_secret(&self) -> String {
        self.inner.client_secret()
    }

    /// Registers another confidential app with exactly `roles`.
    fn register_app(
        &self,
        client_id: &str,
        client_secret: &str,
        roles: Vec<String>,
    ) -> PyResult<()> {
        self.sb()?.register_app(client_id, client_secret, roles);
        Ok(())
    }

    /// The seeded public client app for the user flows.
    #[getter]
    fn public_client_id(&self) -> String {
        self.inner.public_client_id()
    }

    /// The seeded user (every delegated permission) and its password.
    #[getter]
    fn username(&self) -> String {
        self.inner.username()
    }

    #[getter]
    fn password(&self) -> String {
        self.inner.password()
    }

    /// A seeded user whose sign-ins require MFA (same password).
    #[getter]
    fn mfa_username(&self) -> String {
        self.inner.mfa_username()
    }

    /// Client id of the emulated host's managed identity.
    #[getter]
    fn managed_identity_client_id(&self) -> String {
        self.inner.managed_identity_client_id()
    }

    /// `IDENTITY_HEADER` of the App Service-style managed identity endpoint.
    #[getter]
    fn identity_header(&self) -> String {
        self.inner.identity_header()
    }

    /// Registers a public client app consented for exactly `delegated` permissions.
    fn register_public_app(&self, client_id: &str, delegated: Vec<String>) -> PyResult<()> {
        self.sb()?.register_public_app(client_id, delegated);
        Ok(())
    }

    /// Adds a user holding `permissions` (delegated permission names).
    #[pyo3(signature = (upn, password, permissions, *, mfa_required=false))]
    fn add_user(
        &self,
        upn: &str,
        password: &str,
        permissions: Vec<String>,
        mfa_required: bool,
    ) -> PyResult<()> {
        self.sb()?
            .add_user(upn, password, permissions, mfa_required);
        Ok(())
    }

    /// Revokes every refresh token of a user.
    fn revoke_refresh_tokens(&self, upn: &str) -> PyResult<()> {
        self.sb()?.revoke_refresh_tokens(upn);
        Ok(())
    }

    /// Registers a certificate on an existing app: `certificate` is PEM text or DER bytes.
    /// Client assertions signed with its private key then authenticate the app.
    fn add_app_certificate(&self, client_id: &str, certificate: &Bound<'_, PyAny>) -> PyResult<()> {
        let raw: Vec<u8> = match certificate.extract::<String>() {
            Ok(text) => text.into_bytes(),
            Err(_) => certificate.extract::<Vec<u8>>()?,
        };
        let der = if raw.starts_with(b"-----BEGIN") {
            let text = String::from_utf8_lossy(&raw);
            let body: String = text
                .lines()
                .filter(|l| !l.starts_with("-----"))
                .collect::<Vec<_>>()
                .concat();
            base64_decode(&body)
                .ok_or_else(|| PyValueError::new_err("certificate is not a PEM certificate"))?
        } else {
            raw
        };
        self.sb()?
            .add_app_certificate(client_id, der)
            .map_err(PyValueError::new_err)
    }

    /// Adds a federated identity credential (`issuer`, `subject`) to an existing app.
    fn add_federated_credential(
        &self,
        client_id: &str,
        issuer: &str,
        subject: &str,
    ) -> PyResult<()> {
        self.sb()?
            .add_federated_credential(client_id, issuer, subject)
            .map_err(PyValueError::new_err)
    }

    /// A federated token (the sandbox playing GitHub Actions, Kubernetes...): `lifetime` seconds,
    /// negative for an expired one.
    #[pyo3(signature = (issuer, subject, *, audience="api://AzureADTokenExchange", lifetime=600))]
    fn issue_federated_assertion(
        &self,
        issuer: &str,
        subject: &str,
        audience: &str,
        lifetime: i64,
    ) -> PyResult<String> {
        Ok(self
            .sb()?
            .issue_federated_assertion(issuer, subject, audience, lifetime))
    }

    /// Mints a signed access token (negative `lifetime` gives an expired one).
    #[pyo3(signature = (client_id, audience, roles, lifetime=3599))]
    fn issue_token(
        &self,
        client_id: &str,
        audience: &str,
        roles: Vec<String>,
        lifetime: i64,
    ) -> PyResult<String> {
        Ok(self.sb()?.issue_token(client_id, audience, roles, lifetime))
    }

    /// Makes the next `count` requests whose path starts with `path_prefix` (and whose method
    /// matches, if given) fail: with `status` (and `retry_after`, `code`), after `delay` seconds,
    /// by dropping the connection (`drop=True`) or by truncating the body (`truncate=True`); or
    /// serve it with a `@odata.nextLink` back to itself (`repeat_link=True`) or as if it had no
    /// `$skip` (`ignore_skip=True`).
    #[pyo3(signature = (path_prefix, *, status=None, retry_after=None, code=None, delay=None, drop=false, truncate=false, repeat_link=false, ignore_skip=false, count=1, method=None))]
    #[allow(clippy::too_many_arguments)]
    fn inject(
        &self,
        path_prefix: String,
        status: Option<u16>,
        retry_after: Option<String>,
        code: Option<String>,
        delay: Option<f64>,
        drop: bool,
        truncate: bool,
        repeat_link: bool,
        ignore_skip: bool,
        count: usize,
        method: Option<String>,
    ) -> PyResult<()> {
        let chosen = [
            status.is_some(),
            delay.is_some(),
            drop,
            truncate,
            repeat_link,
            ignore_skip,
        ]
        .iter()
        .filter(|b| **b)
        .count();
        if chosen != 1 {
            return Err(PyValueError::new_err(
                "give exactly one of status=, delay=, drop=True, truncate=True, repeat_link=True, \
                 ignore_skip=True",
            ));
        }
        let kind = if let Some(status) = status {
            if !(100..=599).contains(&status) {
                return Err(PyValueError::new_err(format!(
                    "status {status} is not an HTTP status"
                )));
            }
            FaultKind::Status {
                status,
                retry_after,
                code,
            }
        } else if let Some(d) = delay {
            FaultKind::Delay(seconds_arg("delay", d)?)
        } else if drop {
            FaultKind::Drop
        } else if repeat_link {
            FaultKind::RepeatLink
        } else if ignore_skip {
            FaultKind::IgnoreSkip
        } else {
            FaultKind::Truncate
        };
        self.sb()?.inject(Fault {
            method: method.map(|m| m.to_ascii_uppercase()),
            path_prefix,
            kind,
            count,
        });
        Ok(())
    }

    fn clear_faults(&self) -> PyResult<()> {
        self.sb()?.clear_faults();
        Ok(())
    }

    /// Every request received so far: dicts with method, path, query, status, faulted.
    fn requests<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        let list = PyList::empty(py);
        for r in self.sb()?.requests() {
            let d = PyDict::new(py);
            d.set_item("method", r.method)?;
            d.set_item("path", r.path)?;
            d.set_item("query", r.query)?;
            d.set_item("status", r.status)?;
            d.set_item("faulted", r.faulted)?;
            list.append(d)?;
        }
        Ok(list)
    }

    fn clear_requests(&self) -> PyResult<()> {
        self.sb()?.clear_requests();
        Ok(())
    }

    /// The sandbox's own count of `entity` ("alerts" or "machines") matching an OData filter.
    #[pyo3(signature = (entity, filter=None))]
    fn count(&self, entity: &str, filter: Option<&str>) -> PyResult<usize> {
        self.sb()?
            .count(entity, filter)
            .map_err(PyValueError::new_err)
    }

    /// Moves the sandbox clock forward by `seconds`: machine actions progress as if that much
    /// time had passed.
    fn advance(&self, seconds: f64) -> PyResult<()> {
        if !seconds.is_finite() || seconds < 0.0 {
            return Err(PyValueError::new_err(
                "seconds must be a non-negative number",
            ));
        }
        self.sb()?.advance(seconds);
        Ok(())
    }

    /// Makes the machine's next actions end in `status`: "Succeeded", "Failed" or "TimeOut".
    fn set_action_outcome(&self, machine_id: &str, status: &str) -> PyResult<()> {
        self.sb()?
            .set_action_outcome(machine_id, status)
            .map_err(PyValueError::new_err)
    }

    /// `[(table name, row count)]` of the hunting tables.
    fn hunting_tables(&self) -> PyResult<Vec<(String, usize)>> {
        Ok(self.sb()?.hunting_tables())
    }

    /// Stops the server; idempotent.
    fn shutdown(&self) {
        self.inner.shutdown();
    }

    /// Blocks until Ctrl-C (for `mdekit sandbox`), then shuts down.
    fn serve_forever(&self, py: Python<'_>) -> PyResult<()> {
        let r = block_on(py, async {
            loop {
                tokio::time::sleep(Duration::from_secs(3600)).await;
            }
        });
        self.inner.shutdown();
        r.map(|_: ()| ())
    }

    fn __repr__(&self) -> String {
        format!("SandboxServer(base_url={:?})", self.inner.base_url())
    }
}

fn base64_decode(text: &str) -> Option<Vec<u8>> {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD
        .decode(text.trim())
        .ok()
}
