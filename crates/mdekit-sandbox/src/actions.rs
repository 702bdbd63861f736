//! Machine actions: the stateful part of the sandbox (reference `mde-api-core.md` §8).
//!
//! An action is created `Pending`, becomes `InProgress` after `action_pending_secs` and reaches its final status
//! (`Succeeded` unless a test chose another outcome for the machine) after `action_pending_secs +
//! action_run_secs`, all measured on the sandbox clock, which tests move forward with `advance`. Statuses are
//! computed when an action is read, so no background task runs. A second action of the same type on a machine
//! while one is not final gets 400 `ActiveRequestAlreadyExists` ("Action is already in progress", §5.2, §10.10).
//! Action bodies bind PascalCase keys case-sensitively, as the service does (§3).

use std::sync::Arc;

use axum::extract::{OriginalUri, Request, State as AxState};
use axum::http::StatusCode;
use chrono::{DateTime, Duration, Utc};
use serde_json::{json, Map, Value};

use crate::books::ActionRecord as Record;
use crate::error::{ApiError, ApiResult};
use crate::extract::{Caller, Endpoint, Id};
use crate::odata::EntitySpec;
use crate::respond::{self, odata_entity, odata_value, read_json_body};
use crate::state::{lock, read, State, Store};
use crate::time::fmt7;

pub const MACHINE_ACTIONS: EntitySpec = EntitySpec {
    type_name: "MachineAction",
    props: mdekit_spec::MACHINE_ACTIONS_LIST.filterable,
};

/// Statuses an action can end in.
pub const FINAL: &[&str] = &["Succeeded", "Failed", "Cancelled", "TimeOut"];

/// The action endpoints under `/api/machines/{id}/`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Isolate,
    Unisolate,
    RestrictCodeExecution,
    UnrestrictCodeExecution,
    RunAntiVirusScan,
    CollectInvestigationPackage,
    Offboard,
    StopAndQuarantineFile,
}

impl Kind {
    /// The action of a route's catalogue entry.
    pub fn of(op: &mdekit_spec::Operation) -> Option<Kind> {
        [
            Kind::Isolate,
            Kind::Unisolate,
            Kind::RestrictCodeExecution,
            Kind::UnrestrictCodeExecution,
            Kind::RunAntiVirusScan,
            Kind::CollectInvestigationPackage,
            Kind::Offboard,
            Kind::StopAndQuarantineFile,
        ]
        .into_iter()
        .find(|k| k.op().id == op.id)
    }

    pub fn type_name(self) -> &'static str {
        match self {
            Kind::Isolate => "Isolate",
            Kind::Unisolate => "Unisolate",
            Kind::RestrictCodeExecution => "RestrictCodeExecution",
            Kind::UnrestrictCodeExecution => "UnrestrictCodeExecution",
            Kind::RunAntiVirusScan => "RunAntiVirusScan",
            Kind::CollectInvestigationPackage => "CollectInvestigationPackage",
            Kind::Offboard => "Offboard",
            Kind::StopAndQuarantineFile => "StopAndQuarantineFile",
        }
    }

    /// The application permission each action page documents.
    /// The catalogue entry: roles and quota come from there.
    pub fn op(self) -> &'static mdekit_spec::Operation {
        use mdekit_spec as s;
        match self {
            Kind::Isolate => &s::MACHINES_ISOLATE,
            Kind::Unisolate => &s::MACHINES_UNISOLATE,
            Kind::RestrictCodeExecution => &s::MACHINES_RESTRICT_CODE_EXECUTION,
            Kind::UnrestrictCodeExecution => &s::MACHINES_UNRESTRICT_CODE_EXECUTION,
            Kind::RunAntiVirusScan => &s::MACHINES_RUN_ANTIVIRUS_SCAN,
            Kind::CollectInvestigationPackage => &s::MACHINES_COLLECT_INVESTIGATION_PACKAGE,
            Kind::Offboard => &s::MACHINES_OFFBOARD,
            Kind::StopAndQuarantineFile => &s::MACHINES_STOP_AND_QUARANTINE_FILE,
        }
    }

    /// Whether `platform` (`osPlatform`) runs this action, per each action page's requirements: restriction and
    /// stop-and-quarantine need Windows with Defender Antivirus, selective isolation is Windows-only, offboarding
    /// through the API excludes macOS and Linux.
    fn supports(self, platform: &str, scope: Option<&str>) -> bool {
        let windows = platform.starts_with("Windows");
        match self {
            Kind::RestrictCodeExecution
            | Kind::UnrestrictCodeExecution
            | Kind::StopAndQuarantineFile
            | Kind::Offboard => windows,
            Kind::Isolate if scope == Some("Selective") => windows,
            _ => true,
        }
    }
}

fn status_at(
    r: &Record,
    now: DateTime<Utc>,
    pending: Duration,
    run: Duration,
) -> (&'static str, DateTime<Utc>) {
    if let Some(t) = r.cancelled_at {
        return ("Cancelled", t);
    }
    let started = r.created + pending;
    let done = started + run;
    if now >= done {
        (r.outcome, done)
    } else if now >= started {
        ("InProgress", started)
    } else {
        ("Pending", r.created)
    }
}

fn secs(s: f64) -> Duration {
    Duration::milliseconds((s.max(0.0) * 1000.0).round() as i64)
}

impl State {
    fn action_windows(&self) -> (Duration, Duration) {
        (
            secs(self.config.action_pending_secs),
            secs(self.config.action_run_secs),
        )
    }

    /// The action as the service would show it now.
    fn render(&self, r: &Record, now: DateTime<Utc>) -> Map<String, Value> {
        let (pending, run) = self.action_windows();
        let (status, updated) = status_at(r, now, pending, run);
        let mut v = r.value.clone();
        v.insert("status".into(), json!(status));
        v.insert("lastUpdateDateTimeUtc".into(), json!(fmt7(updated)));
        if let Some(Value::Array(cmds)) = v.get_mut("commands") {
            render_commands(cmds, status, r, pending, run);
        }
        v
    }

    /// Every action of `type_name`, rendered as of now.
    pub fn actions_of_type(&self, type_name: &str) -> Vec<Map<String, Value>> {
        self.action_snapshot()
            .into_iter()
            .filter(|a| a.get("type").and_then(Value::as_str) == Some(type_name))
            .collect()
    }

    /// Records a new action of `type_name` on `machine` (live response uses this); it ends `Failed` when
    /// `failed_command` is set, else in the machine's chosen outcome.
    pub fn insert_action(
        &self,
        type_name: &str,
        machine: &Map<String, Value>,
        requestor: &str,
        comment: &str,
        commands: Value,
        failed_command: Option<(usize, String)>,
    ) -> Map<String, Value> {
        let now = self.clock.now();
        let value = new_action(
            type_name,
            machine,
            requestor,
            comment,
            None,
            Value::Null,
            commands,
            now,
        );
        let machine_key = machine
            .get("id")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_lowercase();
        let mut book = lock(&self.actions);
        let outcome = if failed_command.is_some() {
            "Failed"
        } else {
            book.outcomes
                .get(&machine_key)
                .copied()
                .unwrap_or("Succeeded")
        };
        let index = book.records.len();
        let id = value
            .get("id")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_lowercase();
        book.by_id.insert(id, index);
        book.records.push(Record {
            value: value.clone(),
            created: now,
            outcome,
            cancelled_at: None,
            failed_command,
        });
        value
    }

    fn action_snapshot(&self) -> Vec<Map<String, Value>> {
        let now = self.clock.now();
        let book = lock(&self.actions);
        book.records.iter().map(|r| self.render(r, now)).collect()
    }

    /// The rendered action with this id.
    pub fn action(&self, id: &str) -> Option<Map<String, Value>> {
        let now = self.clock.now();
        let book = lock(&self.actions);
        let i = *book.by_id.get(&id.to_lowercase())?;
        book.records.get(i).map(|r| self.render(r, now))
    }
}

/// A fresh `Pending` MachineAction with every field the service returns.
#[allow(clippy::too_many_arguments)]
fn new_action(
    type_name: &str,
    machine: &Map<String, Value>,
    requestor: &str,
    comment: &str,
    scope: Option<&str>,
    related_file: Value,
    commands: Value,
    now: DateTime<Utc>,
) -> Map<String, Value> {
    let id_of = |k: &str| machine.get(k).cloned().unwrap_or(Value::Null);
    let stamp = fmt7(now);
    let mut value = Map::new();
    for (k, v) in [
        ("id", json!(uuid::Uuid::new_v4().to_string())),
        ("type", json!(type_name)),
        ("title", Value::Null),
        ("requestor", json!(requestor)),
        ("requestorComment", json!(comment)),
        ("status", json!("Pending")),
        ("machineId", id_of("id")),
        ("computerDnsName", id_of("computerDnsName")),
        ("creationDateTimeUtc", json!(stamp)),
        ("lastUpdateDateTimeUtc", json!(stamp)),
        ("cancellationRequestor", Value::Null),
        ("cancellationComment", Value::Null),
        ("cancellationDateTimeUtc", Value::Null),
        ("errorHResult", json!(0)),
        ("scope", json!(scope)),
        ("externalId", Value::Null),
        ("requestSource", json!("PublicApi")),
        ("relatedFileInfo", related_file),
        ("commands", commands),
        ("troubleshootInfo", Value::Null),
    ] {
        value.insert(k.into(), v);
    }
    value
}

/// Live response commands as of `status`: all `Created` until the session runs; when it has ended, the commands
/// before a failing one `Completed`, the failing one `Failed` with its error, the rest never run.
fn render_commands(cmds: &mut [Value], status: &str, r: &Record, pending: Duration, run: Duration) {
    if !matches!(status, "Succeeded" | "Failed" | "TimeOut") {
        return;
    }
    let start = r.created + pending;
    let n = cmds.len().max(1) as i32;
    let step = run / n;
    let failed_at = r.failed_command.as_ref().map(|(i, _)| *i);
    for (i, c) in cmds.iter_mut().enumerate() {
        let Some(c) = c.as_object_mut() else { continue };
        let began = start + step * i as i32;
        let (state, ran) = match failed_at {
            Some(f) if i == f => ("Failed", true),
            Some(f) if i > f => ("Created", false),
            _ if status == "TimeOut" => ("Failed", true),
            _ => ("Completed", true),
        };
        c.insert("commandStatus".into(), json!(state));
        if ran {
            c.insert("startTime".into(), json!(fmt7(began)));
            c.insert("endTime".into(), json!(fmt7(began + step)));
        }
        if state == "Failed" {
            let why = r
                .failed_command
                .as_ref()
                .map(|(_, m)| m.clone())
                .unwrap_or_else(|| "The command timed out".into());
            c.insert("errors".into(), json!([why]));
        }
    }
}

fn missing(name: &str) -> ApiError {
    ApiError::bad_request(
        "MissingRequiredParameter",
        format!("Parameter {name} is missing"),
    )
}

fn invalid(message: &str) -> ApiError {
    ApiError::bad_request("InvalidRequestBody", message)
}

/// `POST /api/machines/{id}/{action}`.
pub async fn start(
    AxState(st): AxState<Arc<State>>,
    Endpoint(op): Endpoint,
    Id(machine_id): Id,
    Caller(caller): Caller,
    req: Request,
) -> ApiResult {
    let (st, machine_id, requestor) = (&*st, machine_id.as_str(), caller.appid.as_str());
    let kind = Kind::of(op).ok_or_else(|| not_found(machine_id))?;
    let body = read_json_body(req).await?;
    let Some(machine) = read(&st.machines)
        .find_by_id(machine_id)
        .map(|m| m.value.clone())
    else {
        return Err(ApiError::not_found(format!(
            "Machine {machine_id} was not found"
        )));
    };
    let comment = match body.get("Comment") {
        Some(Value::String(c)) if !c.trim().is_empty() => c.clone(),
        Some(Value::String(_)) | None => return Err(missing("Comment")),
        Some(_) => return Err(invalid("Comment must be a string")),
    };
    let scope = match kind {
        Kind::Isolate => match body.get("IsolationType") {
            None | Some(Value::Null) => Some("Full"),
            Some(Value::String(s)) => match ["Full", "Selective", "UnManagedDevice"]
                .iter()
                .find(|a| *a == s)
            {
                Some(a) => Some(*a),
                None => return Err(invalid(&format!("IsolationType '{s}' is invalid"))),
            },
            Some(_) => return Err(invalid("IsolationType must be a string")),
        },
        Kind::RunAntiVirusScan => match body.get("ScanType") {
            None | Some(Value::Null) => return Err(missing("ScanType")),
            Some(Value::String(s)) if s == "Quick" || s == "Full" => {
                Some(if s == "Quick" { "Quick" } else { "Full" })
            }
            Some(v) => return Err(invalid(&format!("ScanType {v} is invalid"))),
        },
        _ => None,
    };
    let related_file = if kind == Kind::StopAndQuarantineFile {
        match body.get("Sha1") {
            None | Some(Value::Null) => return Err(missing("Sha1")),
            Some(Value::String(h)) if h.len() == 40 && h.chars().all(|c| c.is_ascii_hexdigit()) => {
                json!({"fileIdentifier": h, "fileIdentifierType": "Sha1"})
            }
            Some(v) => {
                let shown = v
                    .as_str()
                    .map(str::to_owned)
                    .unwrap_or_else(|| v.to_string());
                return Err(ApiError::bad_request(
                    "InvalidHashValue",
                    format!("Hash value {shown} is invalid"),
                ));
            }
        }
    } else {
        Value::Null
    };
    let platform = machine
        .get("osPlatform")
        .and_then(Value::as_str)
        .unwrap_or("");
    if !kind.supports(platform, scope) {
        return Err(ApiError::bad_request(
            "OsPlatformNotSupported",
            format!("OS Platform {platform} isn't supported for this action"),
        ));
    }
    let id_of = |k: &str| machine.get(k).cloned().unwrap_or(Value::Null);
    let machine_key = id_of("id").as_str().unwrap_or(machine_id).to_lowercase();
    let now = st.clock.now();
    let (pending, run) = st.action_windows();
    let mut book = lock(&st.actions);
    let busy = book.records.iter().any(|r| {
        r.value.get("type").and_then(Value::as_str) == Some(kind.type_name())
            && r.value
                .get("machineId")
                .and_then(Value::as_str)
                .is_some_and(|m| m.eq_ignore_ascii_case(&machine_key))
            && !FINAL.contains(&status_at(r, now, pending, run).0)
    });
    if busy {
        return Err(ApiError::bad_request(
            "ActiveRequestAlreadyExists",
            "Action is already in progress",
        ));
    }
    let value = new_action(
        kind.type_name(),
        &machine,
        requestor,
        &comment,
        scope,
        related_file,
        json!([]),
        now,
    );
    let id = value
        .get("id")
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_owned();
    let outcome = book
        .outcomes
        .get(&machine_key)
        .copied()
        .unwrap_or("Succeeded");
    let index = book.records.len();
    book.by_id.insert(id.clone(), index);
    book.records.push(Record {
        value: value.clone(),
        created: now,
        outcome,
        cancelled_at: None,
        failed_command: None,
    });
    drop(book);
    // Offboarding is documented as "200 - Created"; every other action as 201.
    let status = if kind == Kind::Offboard {
        StatusCode::OK
    } else {
        StatusCode::CREATED
    };
    Ok(odata_entity(st, "MachineActions", &value, status))
}

/// `GET /api/machineactions`.
pub async fn list(AxState(st): AxState<Arc<State>>, OriginalUri(uri): OriginalUri) -> ApiResult {
    let (path, query) = (uri.path(), uri.query().unwrap_or(""));
    let mut store = Store::default();
    for a in st.action_snapshot() {
        store.push(a);
    }
    respond::list(&st, &store, &MACHINE_ACTIONS, "MachineActions", path, query)
}

/// `GET /api/machineactions/{id}`.
pub async fn get(AxState(st): AxState<Arc<State>>, Id(id): Id) -> ApiResult {
    match st.action(&id) {
        Some(a) => Ok(odata_entity(&st, "MachineActions", &a, StatusCode::OK)),
        None => Err(not_found(&id)),
    }
}

fn not_found(id: &str) -> ApiError {
    ApiError::not_found(format!("Machine action {id} was not found"))
}

/// `GET /api/machineactions/{id}/getPackageUri`: 404 until a collection has succeeded; the value is wrapped in
/// literal quotes as in the documentation's example (§8.3, §10.15).
pub async fn package_uri(AxState(st): AxState<Arc<State>>, Id(id): Id) -> ApiResult {
    let (st, id) = (&*st, id.as_str());
    let Some(a) = st.action(id) else {
        return Err(not_found(id));
    };
    let ready = a.get("type").and_then(Value::as_str) == Some("CollectInvestigationPackage")
        && a.get("status").and_then(Value::as_str) == Some("Succeeded");
    if !ready {
        return Err(ApiError::not_found(format!(
            "Investigation package for action {id} was not found"
        )));
    }
    let url = format!(
        "\"{}/safedownload/WDATP_Investigation_Package.zip?token={}\"",
        st.base_url,
        uuid::Uuid::new_v4().simple()
    );
    Ok(odata_value(st, "Edm.String", json!(url)))
}

/// `POST /api/machineactions/{id}/cancel`: 200 with the cancelled action; 400 once final; 404 if unknown.
pub async fn cancel(
    AxState(st): AxState<Arc<State>>,
    Id(id): Id,
    Caller(caller): Caller,
    req: Request,
) -> ApiResult {
    let (st, id, requestor) = (&*st, id.as_str(), caller.appid.as_str());
    let body = read_json_body(req).await?;
    let comment = match body.get("Comment") {
        Some(Value::String(c)) if !c.trim().is_empty() => c.clone(),
        _ => return Err(missing("Comment")),
    };
    let now = st.clock.now();
    let (pending, run) = st.action_windows();
    let mut book = lock(&st.actions);
    let Some(i) = book.by_id.get(&id.to_lowercase()).copied() else {
        drop(book);
        return Err(not_found(id));
    };
    let Some(r) = book.records.get_mut(i) else {
        drop(book);
        return Err(not_found(id));
    };
    let (status, _) = status_at(r, now, pending, run);
    if FINAL.contains(&status) {
        drop(book);
        return Err(ApiError::bad_request(
            "BadRequest",
            format!("Machine action {id} is already {status} and can't be cancelled"),
        ));
    }
    r.cancelled_at = Some(now);
    r.value
        .insert("cancellationRequestor".into(), json!(requestor));
    r.value.insert("cancellationComment".into(), json!(comment));
    r.value
        .insert("cancellationDateTimeUtc".into(), json!(fmt7(now)));
    drop(book);
    match st.action(id) {
        Some(a) => Ok(odata_entity(st, "MachineActions", &a, StatusCode::OK)),
        None => Err(not_found(id)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn moves_through_statuses() {
        let t0 = Utc::now();
        let r = Record {
            value: Map::new(),
            created: t0,
            outcome: "Failed",
            cancelled_at: None,
            failed_command: None,
        };
        let (p, run) = (Duration::seconds(2), Duration::seconds(10));
        assert_eq!(status_at(&r, t0, p, run).0, "Pending");
        assert_eq!(
            status_at(&r, t0 + Duration::seconds(3), p, run).0,
            "InProgress"
        );
        assert_eq!(
            status_at(&r, t0 + Duration::seconds(12), p, run).0,
            "Failed"
        );
        assert_eq!(
            Kind::of(&mdekit_spec::MACHINES_RUN_ANTIVIRUS_SCAN),
            Some(Kind::RunAntiVirusScan)
        );
        assert!(!Kind::Offboard.supports("macOS", None));
        assert!(Kind::Isolate.supports("Linux", Some("Full")));
        assert!(!Kind::Isolate.supports("Linux", Some("Selective")));
    }
}
