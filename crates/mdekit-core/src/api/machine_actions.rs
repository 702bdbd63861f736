//! Machine actions: the response actions an analyst takes on a device and the `MachineAction`
//! records that track them (reference `mde-api-core.md` §8; Microsoft docs "MachineAction
//! resource type", "List MachineActions API", "Isolate machine API", "Release device from
//! isolation API", "Restrict app execution API", "Run antivirus scan API", "Collect investigation
//! package API", "Get package SAS URI API", "Offboard machine API", "Stop and quarantine file API",
//! "Cancel machine action API").
//!
//! Every action is asynchronous on the service side: the POST answers with a `Pending`
//! MachineAction, which moves to `InProgress` and then to `Succeeded`, `Failed`, `TimeOut` or
//! `Cancelled`. [`MachineActions::wait`] polls one to its final state; [`MachineActions::bulk`]
//! sends one action to many machines within the rate limits and reports one outcome per machine.
//! Action POSTs change state, so the pipeline never retries them unless the service provably did
//! not run them.

use std::sync::Arc;
use std::time::Duration;

use mdekit_spec::{
    Operation, ISOLATION_TYPE, MACHINES_COLLECT_INVESTIGATION_PACKAGE, MACHINES_ISOLATE,
    MACHINES_OFFBOARD, MACHINES_RESTRICT_CODE_EXECUTION, MACHINES_RUN_ANTIVIRUS_SCAN,
    MACHINES_STOP_AND_QUARANTINE_FILE, MACHINES_UNISOLATE, MACHINES_UNRESTRICT_CODE_EXECUTION,
    MACHINE_ACTIONS_CANCEL, MACHINE_ACTIONS_GET, MACHINE_ACTIONS_GET_PACKAGE_URI,
    MACHINE_ACTIONS_LIST, SCAN_TYPE,
};
use serde_json::{json, Map, Value};
use tokio::sync::Semaphore;
use tokio::task::JoinSet;

use super::canonical;
use super::machines::{validate_machine_id, Machines};
use crate::error::{Error, ErrorKind, Result};
use crate::odata::{quote, ListQuery};
use crate::paging::Pager;
use crate::pipeline::{Pipeline, Request};

/// Statuses after which an action no longer changes.
pub const FINAL_STATUSES: &[&str] = &["Succeeded", "Failed", "Cancelled", "TimeOut"];

/// The service's code for an action of the same kind already pending on the machine.
pub const ACTIVE_REQUEST_ALREADY_EXISTS: &str = "ActiveRequestAlreadyExists";

/// Longest comment the client sends; the service documents none, this only catches mistakes
/// such as passing a file's contents.
const MAX_COMMENT: usize = 4_000;

/// Machine action ids are GUIDs.
pub fn validate_action_id(id: &str) -> Result<()> {
    super::validate_id("machine action id", id, |c| {
        c.is_ascii_hexdigit() || c == '-'
    })
}

fn validate_comment(comment: &str) -> Result<()> {
    if comment.trim().is_empty() {
        return Err(Error::invalid_argument(
            "comment is required and must not be blank",
        ));
    }
    if comment.chars().count() > MAX_COMMENT {
        return Err(Error::invalid_argument(format!(
            "comment is longer than {MAX_COMMENT} characters"
        )));
    }
    Ok(())
}

/// Checks a file hash of `len` hex digits.
pub(crate) fn validate_hash(what: &str, value: &str, len: usize) -> Result<()> {
    if value.len() != len || !value.chars().all(|c| c.is_ascii_hexdigit()) {
        return Err(Error::invalid_argument(format!(
            "{what} must be {len} hexadecimal characters, got {value:?}"
        )));
    }
    Ok(())
}

/// One response action with its parameters, validated when built.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// `IsolationType`: `Full`, `Selective` or `UnManagedDevice`.
    Isolate {
        isolation_type: &'static str,
    },
    Unisolate,
    RestrictCodeExecution,
    UnrestrictCodeExecution,
    /// `ScanType`: `Quick` or `Full`.
    RunAntivirusScan {
        scan_type: &'static str,
    },
    CollectInvestigationPackage,
    Offboard,
    /// The SHA-1 of the file to stop and quarantine.
    StopAndQuarantineFile {
        sha1: String,
    },
}

impl Action {
    pub fn isolate(isolation_type: &str) -> Result<Self> {
        Ok(Action::Isolate {
            isolation_type: canonical("isolation_type", isolation_type, &ISOLATION_TYPE)?,
        })
    }

    pub fn run_antivirus_scan(scan_type: &str) -> Result<Self> {
        Ok(Action::RunAntivirusScan {
            scan_type: canonical("scan_type", scan_type, &SCAN_TYPE)?,
        })
    }

    pub fn stop_and_quarantine_file(sha1: &str) -> Result<Self> {
        validate_hash("sha1", sha1, 40)?;
        Ok(Action::StopAndQuarantineFile {
            sha1: sha1.to_ascii_lowercase(),
        })
    }

    /// An action from its name in the `MachineActionName` domain (`isolate`, `unisolate`,
    /// `restrict_code_execution`, `unrestrict_code_execution`, `run_antivirus_scan`,
    /// `collect_investigation_package`, `offboard`, `stop_and_quarantine_file`) and the
    /// parameters it needs. Front ends map their own verbs (the CLI's `release`, `scan`...)
    /// to these names.
    pub fn from_name(
        name: &str,
        isolation_type: Option<&str>,
        scan_type: Option<&str>,
        sha1: Option<&str>,
    ) -> Result<Self> {
        match name {
            "isolate" => Self::isolate(isolation_type.unwrap_or("Full")),
            "unisolate" => Ok(Action::Unisolate),
            "restrict_code_execution" => Ok(Action::RestrictCodeExecution),
            "unrestrict_code_execution" => Ok(Action::UnrestrictCodeExecution),
            "run_antivirus_scan" => Self::run_antivirus_scan(scan_type.unwrap_or("Quick")),
            "collect_investigation_package" => Ok(Action::CollectInvestigationPackage),
            "offboard" => Ok(Action::Offboard),
            "stop_and_quarantine_file" => match sha1 {
                Some(h) => Self::stop_and_quarantine_file(h),
                None => Err(Error::invalid_argument(
                    "stop_and_quarantine_file needs sha1",
                )),
            },
            other => Err(Error::invalid_argument(format!(
                "unknown machine action {other:?}: expected isolate, unisolate, \
                 restrict_code_execution, unrestrict_code_execution, run_antivirus_scan, \
                 collect_investigation_package, offboard or stop_and_quarantine_file"
            ))),
        }
    }

    /// The catalogue entry of this action.
    pub fn op(&self) -> &'static Operation {
        match self {
            Action::Isolate { .. } => &MACHINES_ISOLATE,
            Action::Unisolate => &MACHINES_UNISOLATE,
            Action::RestrictCodeExecution => &MACHINES_RESTRICT_CODE_EXECUTION,
            Action::UnrestrictCodeExecution => &MACHINES_UNRESTRICT_CODE_EXECUTION,
            Action::RunAntivirusScan { .. } => &MACHINES_RUN_ANTIVIRUS_SCAN,
            Action::CollectInvestigationPackage => &MACHINES_COLLECT_INVESTIGATION_PACKAGE,
            Action::Offboard => &MACHINES_OFFBOARD,
            Action::StopAndQuarantineFile { .. } => &MACHINES_STOP_AND_QUARANTINE_FILE,
        }
    }

    /// The MachineAction `type` the service records for this action.
    pub fn action_type(&self) -> &'static str {
        match self {
            Action::Isolate { .. } => "Isolate",
            Action::Unisolate => "Unisolate",
            Action::RestrictCodeExecution => "RestrictCodeExecution",
            Action::UnrestrictCodeExecution => "UnrestrictCodeExecution",
            Action::RunAntivirusScan { .. } => "RunAntiVirusScan",
            Action::CollectInvestigationPackage => "CollectInvestigationPackage",
            Action::Offboard => "Offboard",
            Action::StopAndQuarantineFile { .. } => "StopAndQuarantineFile",
        }
    }

    /// The request body: PascalCase keys exactly as documented (the service binds them
    /// case-sensitively).
    pub fn body(&self, comment: &str) -> Value {
        let mut body = Map::new();
        body.insert("Comment".into(), Value::String(comment.to_owned()));
        match self {
            Action::Isolate { isolation_type } => {
                body.insert("IsolationType".into(), json!(isolation_type));
            }
            Action::RunAntivirusScan { scan_type } => {
                body.insert("ScanType".into(), json!(scan_type));
            }
            Action::StopAndQuarantineFile { sha1 } => {
                body.insert("Sha1".into(), json!(sha1));
            }
            _ => {}
        }
        Value::Object(body)
    }
}

/// Whether a MachineAction dict is in a final state.
pub fn is_final(action: &Value) -> bool {
    action
        .get("status")
        .and_then(Value::as_str)
        .is_some_and(|s| FINAL_STATUSES.contains(&s))
}

/// The service may wrap the package URI in literal double quotes (reference §8.3); strip them.
pub fn unquote_uri(value: &str) -> String {
    let v = value.trim();
    v.strip_prefix('"')
        .and_then(|s| s.strip_suffix('"'))
        .unwrap_or(v)
        .to_owned()
}

/// POSTs `body` to `op` with its path parameters and parses the answer.
pub(crate) async fn post_json(
    pipeline: &Pipeline,
    op: &'static Operation,
    params: &[&str],
    body: Value,
) -> Result<Value> {
    let url = pipeline.url(op, params)?;
    pipeline
        .send(Request::new(op, url).json(body))
        .await?
        .json()
}

impl Machines {
    /// `POST /api/machines/{id}/{action}`: starts `action` on one machine and returns the
    /// `Pending` MachineAction. A second action of the same kind while one is pending fails with
    /// 400 `ActiveRequestAlreadyExists`.
    pub async fn act(&self, machine_id: &str, action: &Action, comment: &str) -> Result<Value> {
        validate_machine_id(machine_id)?;
        validate_comment(comment)?;
        post_json(
            &self.pipeline,
            action.op(),
            &[machine_id],
            action.body(comment),
        )
        .await
    }
}

/// What [`MachineActions::bulk`] did for one machine.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// The service accepted the action.
    Created,
    /// An action of the same kind was already pending (`ActiveRequestAlreadyExists`).
    AlreadyPending,
    /// The service refused the action or the request failed.
    Failed,
    /// `dry_run`: nothing was sent.
    DryRun,
}

impl Outcome {
    pub fn name(self) -> &'static str {
        match self {
            Outcome::Created => "created",
            Outcome::AlreadyPending => "already_pending",
            Outcome::Failed => "failed",
            Outcome::DryRun => "dry_run",
        }
    }
}

/// Options of [`MachineActions::bulk`].
#[derive(Debug, Clone)]
pub struct BulkOptions {
    pub dry_run: bool,
    /// Poll every created (or already pending) action to its final state.
    pub wait: bool,
    /// Limit of the whole wait.
    pub timeout: Duration,
    pub poll_interval: Duration,
    /// Requests in flight at once; the client-side rate limiter still applies to each.
    pub concurrency: usize,
}

impl Default for BulkOptions {
    fn default() -> Self {
        BulkOptions {
            dry_run: false,
            wait: false,
            timeout: Duration::from_secs(600),
            poll_interval: Duration::from_secs(5),
            concurrency: 10,
        }
    }
}

fn error_json(e: &Error) -> Value {
    json!({
        "status": e.status,
        "code": e.code,
        "message": e.message,
        "requestId": e.request_id,
    })
}

fn outcome_json(
    machine_id: &str,
    outcome: Outcome,
    action: Option<Value>,
    error: Option<&Error>,
) -> Value {
    json!({
        "machineId": machine_id,
        "outcome": outcome.name(),
        "action": action,
        "error": error.map(error_json),
    })
}

#[derive(Debug, Clone)]
pub struct MachineActions {
    pub(crate) pipeline: Pipeline,
}

impl MachineActions {
    /// A lazy pager over `GET /api/machineactions` with OData options.
    pub fn list(&self, query: ListQuery) -> Result<Pager> {
        query.validate(&MACHINE_ACTIONS_LIST)?;
        Ok(Pager::new(
            self.pipeline.clone(),
            &MACHINE_ACTIONS_LIST,
            self.pipeline.url(&MACHINE_ACTIONS_LIST, &[])?,
            query,
        ))
    }

    /// `GET /api/machineactions/{id}`.
    pub async fn get(&self, id: &str) -> Result<Value> {
        validate_action_id(id)?;
        let url = self.pipeline.url(&MACHINE_ACTIONS_GET, &[id])?;
        self.pipeline.get_json(&MACHINE_ACTIONS_GET, url).await
    }

    /// `POST /api/machineactions/{id}/cancel`: cancels a pending or running action and returns
    /// it (200). Final actions cannot be cancelled (400); unknown ids give 404.
    pub async fn cancel(&self, id: &str, comment: &str) -> Result<Value> {
        validate_action_id(id)?;
        validate_comment(comment)?;
        post_json(
            &self.pipeline,
            &MACHINE_ACTIONS_CANCEL,
            &[id],
            json!({ "Comment": comment }),
        )
        .await
    }

    /// `GET /api/machineactions/{id}/getPackageUri`: the short-lived download URL of a collected
    /// investigation package, with any literal quotes the service wraps it in removed. 404 until
    /// the collection has succeeded.
    pub async fn get_package_uri(&self, id: &str) -> Result<String> {
        validate_action_id(id)?;
        let op = &MACHINE_ACTIONS_GET_PACKAGE_URI;
        let url = self.pipeline.url(op, &[id])?;
        let body = self.pipeline.get_json(op, url).await?;
        match body.get("value").and_then(Value::as_str) {
            Some(v) => Ok(unquote_uri(v)),
            None => Err(Error::decode(
                "the package URI response had no 'value' string",
            )),
        }
    }

    /// Polls `GET /api/machineactions/{id}` every `poll_interval` until the action is final
    /// (Succeeded, Failed, Cancelled or TimeOut) and returns it. Fails with
    /// [`ErrorKind::WaitTimeout`] when `timeout` passes first.
    pub async fn wait(
        &self,
        id: &str,
        timeout: Duration,
        poll_interval: Duration,
    ) -> Result<Value> {
        validate_action_id(id)?;
        if poll_interval.is_zero() {
            return Err(Error::invalid_argument("poll_interval must be positive"));
        }
        let clock = self.pipeline.shared.clock.clone();
        let started = clock.now();
        let mut last: Option<String> = None;
        loop {
            let action = self.get(id).await?;
            let status = action.get("status").and_then(Value::as_str).unwrap_or("");
            // Each change of state once, at INFO: what a long `--wait` shows as it goes.
            if last.as_deref() != Some(status) {
                let field = |k: &str| action.get(k).and_then(Value::as_str);
                let kind = field("type").unwrap_or("?");
                let on = field("computerDnsName")
                    .or_else(|| field("machineId"))
                    .unwrap_or("?");
                tracing::info!("machine action {id} ({kind} on {on}): {status}");
                last = Some(status.to_owned());
            }
            if is_final(&action) {
                return Ok(action);
            }
            let elapsed = clock.now().saturating_duration_since(started);
            if elapsed >= timeout {
                let status = action
                    .get("status")
                    .and_then(Value::as_str)
                    .unwrap_or("unknown");
                return Err(Error::new(
                    ErrorKind::WaitTimeout,
                    format!(
                        "machine action {id} was still {status} after {:.0} s",
                        timeout.as_secs_f64()
                    ),
                ));
            }
            clock.sleep(poll_interval.min(timeout - elapsed)).await;
        }
    }

    /// The non-final action of `action_type` on `machine_id`, if the service lists one.
    async fn find_pending(&self, machine_id: &str, action_type: &str) -> Option<Value> {
        let filter = format!(
            "machineId eq {} and type eq {}",
            quote(machine_id),
            quote(action_type)
        );
        let mut pager = self
            .list(ListQuery {
                filter: Some(filter),
                ..Default::default()
            })
            .ok()?;
        let items = pager.collect_all().await.ok()?;
        items.into_iter().rev().find(|a| !is_final(a))
    }

    /// Sends `action` to every machine in `machine_ids` (duplicates once each), at most
    /// `options.concurrency` at a time, and returns one outcome dict per machine, in input order:
    /// `{"machineId", "outcome": "created" | "already_pending" | "failed" | "dry_run", "action",
    /// "error": {"status", "code", "message", "requestId"} | null}`. `ActiveRequestAlreadyExists`
    /// counts as already pending (the pending action is looked up so it can be waited for).
    /// With `options.wait`, every action is polled to its final state within `options.timeout`
    /// overall; an action still running then keeps its last state and gets `"timedOut": true`.
    pub async fn bulk(
        &self,
        machines: &Machines,
        machine_ids: &[String],
        action: &Action,
        comment: &str,
        options: &BulkOptions,
    ) -> Result<Vec<Value>> {
        validate_comment(comment)?;
        // Machine ids are hex, compared case-insensitively; first occurrence wins, in order.
        let mut ids: Vec<String> = Vec::with_capacity(machine_ids.len());
        let mut seen: std::collections::HashSet<String> =
            std::collections::HashSet::with_capacity(machine_ids.len());
        for id in machine_ids {
            validate_machine_id(id)?;
            if seen.insert(id.to_ascii_lowercase()) {
                ids.push(id.clone());
            }
        }
        if options.concurrency == 0 {
            return Err(Error::invalid_argument("concurrency must be at least 1"));
        }
        if options.dry_run {
            return Ok(ids
                .iter()
                .map(|id| outcome_json(id, Outcome::DryRun, None, None))
                .collect());
        }
        let gate = Arc::new(Semaphore::new(options.concurrency));
        let mut tasks = JoinSet::new();
        for (index, id) in ids.iter().enumerate() {
            let (gate, machines, this) = (gate.clone(), machines.clone(), self.clone());
            let (id, action, comment) = (id.clone(), action.clone(), comment.to_owned());
            tasks.spawn(async move {
                let _permit = gate.acquire_owned().await;
                let result = match machines.act(&id, &action, &comment).await {
                    Ok(a) => outcome_json(&id, Outcome::Created, Some(a), None),
                    Err(e) if e.code.as_deref() == Some(ACTIVE_REQUEST_ALREADY_EXISTS) => {
                        let pending = this.find_pending(&id, action.action_type()).await;
                        outcome_json(&id, Outcome::AlreadyPending, pending, None)
                    }
                    Err(e) => outcome_json(&id, Outcome::Failed, None, Some(&e)),
                };
                (index, result)
            });
        }
        let mut out = collect_indexed(&mut tasks, ids.len()).await?;
        if options.wait {
            self.wait_all(&mut out, options).await?;
        }
        Ok(out)
    }

    /// Polls every outcome's action to its final state, sharing one deadline.
    async fn wait_all(&self, outcomes: &mut [Value], options: &BulkOptions) -> Result<()> {
        let clock = self.pipeline.shared.clock.clone();
        let now = clock.now();
        // A timeout beyond what the clock can count means no deadline worth keeping apart.
        let deadline = now
            .checked_add(options.timeout)
            .unwrap_or_else(|| now + Duration::from_secs(u64::from(u32::MAX)));
        let gate = Arc::new(Semaphore::new(options.concurrency));
        let mut tasks = JoinSet::new();
        for (index, o) in outcomes.iter().enumerate() {
            let Some(id) = o
                .get("action")
                .and_then(|a| a.get("id"))
                .and_then(Value::as_str)
            else {
                continue;
            };
            let (gate, this, clock, id) =
                (gate.clone(), self.clone(), clock.clone(), id.to_owned());
            let poll = options.poll_interval;
            tasks.spawn(async move {
                let _permit = gate.acquire_owned().await;
                let left = deadline.saturating_duration_since(clock.now());
                (index, this.wait(&id, left, poll).await)
            });
        }
        while let Some(joined) = tasks.join_next().await {
            let (index, result) = joined.map_err(|e| {
                Error::new(
                    ErrorKind::ServiceRequest,
                    format!("a wait task failed: {e}"),
                )
            })?;
            let Some(Value::Object(o)) = outcomes.get_mut(index) else {
                continue;
            };
            match result {
                Ok(action) => {
                    o.insert("action".into(), action);
                }
                Err(e) if e.kind == ErrorKind::WaitTimeout => {
                    o.insert("timedOut".into(), Value::Bool(true));
                }
                Err(e) => {
                    o.insert("error".into(), error_json(&e));
                }
            }
        }
        Ok(())
    }
}

async fn collect_indexed(tasks: &mut JoinSet<(usize, Value)>, n: usize) -> Result<Vec<Value>> {
    let mut out = vec![Value::Null; n];
    while let Some(joined) = tasks.join_next().await {
        let (index, value) = joined.map_err(|e| {
            Error::new(
                ErrorKind::ServiceRequest,
                format!("a bulk task failed: {e}"),
            )
        })?;
        if let Some(slot) = out.get_mut(index) {
            *slot = value;
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builds_documented_bodies() {
        let a = Action::isolate("selective").unwrap();
        assert_eq!(
            a.body("IR-1"),
            json!({"Comment": "IR-1", "IsolationType": "Selective"})
        );
        assert_eq!(a.op().id, "machines.isolate");
        let a = Action::run_antivirus_scan("FULL").unwrap();
        assert_eq!(a.body("x"), json!({"Comment": "x", "ScanType": "Full"}));
        assert!(Action::isolate("Partial").is_err());
        assert!(Action::run_antivirus_scan("Deep").is_err());
        assert!(Action::stop_and_quarantine_file("abc").is_err());
        let h = "87662BC3D60E4200CEAF7AAE249D1C343F4B83C9";
        let a = Action::stop_and_quarantine_file(h).unwrap();
        assert_eq!(a.body("c")["Sha1"], json!(h.to_ascii_lowercase()));
        assert_eq!(a.op().path, "/api/machines/{id}/StopAndQuarantineFile");
        assert!(Action::from_name("explode", None, None, None).is_err());
        // The CLI's verbs are the CLI's (python/mdekit/_cli_response.py), not the core's.
        for verb in ["release", "scan", "restrict", "unrestrict", "collect"] {
            assert!(Action::from_name(verb, None, None, None).is_err(), "{verb}");
        }
        assert!(validate_comment("  ").is_err());
    }

    #[test]
    fn unquotes_package_uri() {
        assert_eq!(
            unquote_uri("\"https://h/p.zip?t=1\""),
            "https://h/p.zip?t=1"
        );
        assert_eq!(unquote_uri("https://h/p.zip"), "https://h/p.zip");
        assert!(is_final(&json!({"status": "TimeOut"})));
        assert!(!is_final(&json!({"status": "InProgress"})));
        assert!(validate_action_id("7327b54fd718525cd93e34ee7a2e4f2d6a9e2c8c").is_ok());
        assert!(validate_action_id("not-a-guid!").is_err());
    }
}
