use std::path::PathBuf;
use std::time::Duration;

/// How a sandbox is seeded and how strict it is.
#[derive(Debug, Clone)]
pub struct SandboxConfig {
    /// Seed of the synthetic tenant: the same seed gives the same tenant, apps, machines and alerts.
    pub seed: u64,
    /// Number of synthetic machines.
    pub machines: usize,
    /// Number of synthetic alerts, each with evidence.
    pub alerts: usize,
    /// `false` serves only the data in `load`.
    pub synthetic: bool,
    /// Files or folders to load; a folder loads every data file in it, recursively, sorted by name. A path may be
    /// prefixed with `TABLE=` to name the hunting table its rows go to.
    pub load: Vec<PathBuf>,
    /// Server page size for list routes called without `$top`.
    pub page_size: usize,
    /// Enforce the documented per-app quotas (reference §5.4).
    pub rate_limits: bool,
    /// Multiplies every quota (each stays at least 1), so tests can reach them quickly.
    pub rate_limit_scale: f64,
    /// Multiplies every window length: with 0.01 a "minute" lasts 0.6 s. `Retry-After` stays in
    /// real seconds (at least 1).
    pub rate_window_scale: f64,
    /// An accelerated time for the quotas: the per-minute and per-hour windows (and the hunting
    /// CPU hour) last `1 / quota_time_scale` of their length, and `Retry-After` counts seconds of
    /// that scaled time (rounded up, at least 1), which a client on a clock running as many times
    /// faster (`ScaledClock`) sleeps in the same real time. 1 (the default): the documented windows.
    pub quota_time_scale: f64,
    /// Lifetime of the tokens the token endpoint issues.
    pub token_lifetime_secs: i64,
    /// Serve HTTPS (a certificate signed by a CA generated at start-up; see `Sandbox::ca_pem`)
    /// instead of plain HTTP: what real Microsoft clients such as azure-identity and MSAL need.
    pub tls: bool,
    /// Polling interval the device-code endpoint asks for; polls closer together than this
    /// (real time) get `slow_down`.
    pub device_code_interval_secs: u64,
    /// Lifetime of device codes (Entra: 900 s); 0 makes every code expire at once.
    pub device_code_lifetime_secs: i64,
    /// Sandbox-clock seconds a machine action stays `Pending`.
    pub action_pending_secs: f64,
    /// Sandbox-clock seconds a machine action then stays `InProgress` before its final status.
    pub action_run_secs: f64,
    /// Active indicators a tenant may hold (documented: 15,000).
    pub max_indicators: usize,
    /// Advanced-hunting row, size and CPU limits.
    pub hunting: crate::hunting_limits::HuntingLimits,
    /// Compress MDE API responses when the request's `Accept-Encoding` allows it.
    pub compress_mde: bool,
    /// Compress Graph responses when the request's `Accept-Encoding` allows it (Graph does).
    pub compress_graph: bool,
    /// Custom domains verified in the tenant, besides its initial `contoso-sandbox.onmicrosoft.com`:
    /// Entra accepts any of them in place of the tenant id in sign-in paths.
    pub domains: Vec<String>,
    /// Records of the software-vulnerabilities export (both flavours); `None` derives it from
    /// the machines (8 a machine). Rows are generated on demand, so 1,000,000 costs no memory.
    pub export_records: Option<usize>,
    /// Records per file of the via-files exports.
    pub export_file_records: usize,
}

impl Default for SandboxConfig {
    fn default() -> Self {
        SandboxConfig {
            seed: 42,
            machines: 500,
            alerts: 2000,
            synthetic: true,
            load: Vec::new(),
            page_size: 10_000,
            rate_limits: true,
            rate_limit_scale: 1.0,
            rate_window_scale: 1.0,
            quota_time_scale: 1.0,
            token_lifetime_secs: 3599,
            tls: false,
            device_code_interval_secs: 5,
            device_code_lifetime_secs: 900,
            action_pending_secs: 1.0,
            action_run_secs: 3.0,
            max_indicators: 15_000,
            hunting: Default::default(),
            compress_mde: true,
            compress_graph: true,
            domains: Vec::new(),
            export_records: None,
            export_file_records: 50_000,
        }
    }
}

/// What an injected fault does to the request it hits.
#[derive(Debug, Clone)]
pub enum FaultKind {
    /// Answer with this status and the error envelope of the route's service (MDE, Graph on `/v1.0/`); `code`
    /// defaults from the status; `retry_after` is sent verbatim as `Retry-After` only when given.
    Status {
        status: u16,
        retry_after: Option<String>,
        code: Option<String>,
    },
    /// Wait, then serve normally.
    Delay(Duration),
    /// Close the TCP connection without sending any response byte.
    Drop,
    /// Send the headers (with the full `Content-Length`) and only part of the body, then close.
    Truncate,
    /// Serve normally, but a collection page's `@odata.nextLink` points back at the request
    /// itself: a service bug that makes a naive pager read the same page forever.
    RepeatLink,
    /// Serve as if the request had no `$skip`: a service that ignores it sends the first page
    /// again and again to a pager stepping `$skip`.
    IgnoreSkip,
}

/// A fault for the next `count` requests whose method matches (`None` = any) and whose normalised path
/// (`/api/v1.0/` read as `/api/`, compared case-insensitively) starts with `path_prefix`.
#[derive(Debug, Clone)]
pub struct Fault {
    pub method: Option<String>,
    pub path_prefix: String,
    pub kind: FaultKind,
    pub count: usize,
}

/// One request as the sandbox received it.
#[derive(Debug, Clone, serde::Serialize)]
pub struct RequestRecord {
    pub method: String,
    /// The path as received (not normalised).
    pub path: String,
    /// The raw query string, without `?`.
    pub query: String,
    /// Status sent; 0 when the connection was dropped before any response.
    pub status: u16,
    pub faulted: bool,
}

#[derive(Debug, thiserror::Error)]
pub enum SandboxError {
    #[error("sandbox could not bind {addr}: {source}")]
    Bind {
        addr: std::net::SocketAddr,
        source: std::io::Error,
    },
    #[error("sandbox could not load {path}: {reason}")]
    Load { path: PathBuf, reason: String },
    #[error("invalid sandbox configuration: {0}")]
    Config(String),
}
