//! Alert writes and alert-related entities (reference `mde-api-core.md` §6.3-6.8).
//!
//! Choices where the docs are silent or disagree: body keys bind case-sensitively with the example casing
//! (camelCase, §3); both determination spellings are accepted and stored as given (§6.2, §11); classification and
//! determination are not cross-checked (the update page's own example pairs `FalsePositive` with `Malware`);
//! `batchUpdate` ignores ids it does not know (the documented answer is always 200 with an empty body); related
//! domains and IPs come from the alert's evidence (`url`, `ipAddress`), so they are often empty, as for real
//! alerts without network evidence.

use std::sync::Arc;

use axum::extract::{OriginalUri, Request, State as AxState};
use axum::http::StatusCode;
use chrono::{DateTime, Utc};
use serde_json::{json, Map, Value};

use crate::error::{ApiError, ApiResult};
use crate::extract::{Caller, Endpoint, Id};
use crate::odata;
use crate::respond::{self, empty, entity, odata_entity, odata_value, read_json_body};
use crate::state::{read, write, State};
use crate::time::{dotnet_ticks, fmt7, parse};

// The documented enum domains are the catalogue's (update-alert, create-alert-by-reference).
pub const STATUSES: &[&str] = mdekit_spec::ALERT_STATUS.values;
pub const CLASSIFICATIONS: &[&str] = mdekit_spec::ALERT_CLASSIFICATION.values;
/// Every determination any page documents, both spellings of the renamed ones (§6.2).
pub const DETERMINATIONS: &[&str] = mdekit_spec::ALERT_DETERMINATION.values;
pub const CATEGORIES: &[&str] = mdekit_spec::ALERT_CATEGORY.values;
const UPDATABLE: &[&str] = &[
    "status",
    "assignedTo",
    "classification",
    "determination",
    "comment",
];

/// The related entity an alert route returns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Related {
    Domains,
    Files,
    Ips,
    Machine,
    User,
}

impl Related {
    /// The catalogue entry: roles and quota come from there.
    pub fn op(self) -> &'static mdekit_spec::Operation {
        use mdekit_spec as s;
        match self {
            Related::Domains => &s::ALERTS_RELATED_DOMAINS,
            Related::Files => &s::ALERTS_RELATED_FILES,
            Related::Ips => &s::ALERTS_RELATED_IPS,
            Related::Machine => &s::ALERTS_RELATED_MACHINE,
            Related::User => &s::ALERTS_RELATED_USER,
        }
    }

    /// The related entity of a route's catalogue entry.
    pub fn of(op: &mdekit_spec::Operation) -> Option<Related> {
        [
            Related::Domains,
            Related::Files,
            Related::Ips,
            Related::Machine,
            Related::User,
        ]
        .into_iter()
        .find(|r| r.op().id == op.id)
    }
}

fn alert_not_found(id: &str) -> ApiError {
    ApiError::not_found(format!("Alert {id} was not found"))
}

/// `GET /api/alerts`: a page of alerts (`$filter`, `$top`, `$skip`, `$expand=evidence`).
pub async fn list(AxState(st): AxState<Arc<State>>, OriginalUri(uri): OriginalUri) -> ApiResult {
    let query = uri.query().unwrap_or("");
    respond::list(
        &st,
        &read(&st.alerts),
        &odata::ALERTS,
        "Alerts",
        uri.path(),
        query,
    )
}

/// `GET /api/alerts/{id}`.
pub async fn get(AxState(st): AxState<Arc<State>>, Id(id): Id) -> ApiResult {
    match read(&st.alerts).find_by_id(&id) {
        Some(e) => Ok(entity(&st, "Alerts", &e.full)),
        None => Err(alert_not_found(&id)),
    }
}

/// The validated changes of an update or batch update.
struct Changes(Map<String, Value>);

/// A refused body: the error code and message of the 400 answer.
type Refusal = (&'static str, String);

fn check_enum(body: &Map<String, Value>, key: &str, allowed: &[&str]) -> Result<(), Refusal> {
    match body.get(key) {
        None | Some(Value::Null) => Ok(()),
        Some(Value::String(s)) if allowed.contains(&s.as_str()) => Ok(()),
        Some(v) => Err(("InvalidInput", format!("Invalid input {key}: {v}"))),
    }
}

fn changes(body: &Map<String, Value>, extra: &[&str]) -> Result<Changes, Refusal> {
    if let Some(k) = body
        .keys()
        .find(|k| !UPDATABLE.contains(&k.as_str()) && !extra.contains(&k.as_str()))
    {
        return Err((
            "InvalidRequestBody",
            format!("Invalid request body: unknown property '{k}'"),
        ));
    }
    check_enum(body, "status", STATUSES)?;
    check_enum(body, "classification", CLASSIFICATIONS)?;
    check_enum(body, "determination", DETERMINATIONS)?;
    for k in ["assignedTo", "comment"] {
        if let Some(v) = body.get(k) {
            if !v.is_string() && !v.is_null() {
                return Err(("InvalidInput", format!("Invalid input {k}: {v}")));
            }
        }
    }
    let mut out = Map::new();
    for k in UPDATABLE {
        if let Some(v) = body.get(*k) {
            out.insert((*k).into(), v.clone());
        }
    }
    Ok(Changes(out))
}

fn apply(alert: &mut Map<String, Value>, c: &Changes, who: &str, now: DateTime<Utc>) {
    let stamp = json!(fmt7(now));
    for k in ["assignedTo", "classification", "determination"] {
        if let Some(v) = c.0.get(k) {
            alert.insert(k.into(), v.clone());
        }
    }
    if let Some(Value::String(s)) = c.0.get("status") {
        alert.insert("status".into(), json!(s));
        let resolved = if s == "Resolved" {
            stamp.clone()
        } else {
            Value::Null
        };
        alert.insert("resolvedTime".into(), resolved);
    }
    if let Some(Value::String(text)) = c.0.get("comment") {
        let entry = json!({"comment": text, "createdBy": who, "createdTime": stamp});
        match alert.get_mut("comments") {
            Some(Value::Array(list)) => list.push(entry),
            _ => {
                alert.insert("comments".into(), json!([entry]));
            }
        }
    }
    alert.insert("lastUpdateTime".into(), stamp);
}

/// `PATCH /api/alerts/{id}`: 200 with the updated alert.
pub async fn update(
    AxState(st): AxState<Arc<State>>,
    Id(id): Id,
    Caller(who): Caller,
    req: Request,
) -> ApiResult {
    let body = read_json_body(req).await?;
    let c = changes(&body, &[]).map_err(refused)?;
    let now = st.clock.now();
    let updated = write(&st.alerts).update(&id, |a| apply(a, &c, &who.appid, now));
    match updated {
        Some(a) => Ok(odata_entity(&st, "Alerts", &a, StatusCode::OK)),
        None => Err(alert_not_found(&id)),
    }
}

fn refused((code, message): Refusal) -> ApiError {
    ApiError::bad_request(code, message)
}

/// `POST /api/alerts/batchUpdate`: 200 with an empty body.
pub async fn batch_update(
    AxState(st): AxState<Arc<State>>,
    Caller(who): Caller,
    req: Request,
) -> ApiResult {
    let body = read_json_body(req).await?;
    let ids: Vec<String> = match body.get("alertIds") {
        None | Some(Value::Null) => {
            return Err(ApiError::bad_request(
                "MissingRequiredParameter",
                "Parameter alertIds is missing",
            ))
        }
        Some(Value::Array(a)) if a.iter().all(Value::is_string) && !a.is_empty() => a
            .iter()
            .filter_map(Value::as_str)
            .map(str::to_owned)
            .collect(),
        Some(v) => {
            return Err(ApiError::bad_request(
                "InvalidInput",
                format!("Invalid input alertIds: {v}"),
            ))
        }
    };
    let c = changes(&body, &["alertIds"]).map_err(refused)?;
    let now = st.clock.now();
    let mut store = write(&st.alerts);
    for id in &ids {
        store.update(id, |a| apply(a, &c, &who.appid, now));
    }
    drop(store);
    Ok(empty(StatusCode::OK))
}

/// Finds the hunting event an alert is created from: same `ReportId`, `DeviceId` and `Timestamp`.
fn find_event(
    st: &State,
    report_id: &str,
    machine_id: &str,
    at: DateTime<Utc>,
) -> Option<Map<String, Value>> {
    for name in crate::hunting::known_names() {
        let Some(table) = st.tables.get(name) else {
            continue;
        };
        let hit = table.rows.iter().find(|row| {
            let report = match row.get("ReportId") {
                Some(Value::Number(n)) => n.to_string(),
                Some(Value::String(s)) => s.clone(),
                _ => return false,
            };
            report == report_id
                && row
                    .get("DeviceId")
                    .and_then(Value::as_str)
                    .is_some_and(|d| d.eq_ignore_ascii_case(machine_id))
                && row.get("Timestamp").and_then(Value::as_str).and_then(parse) == Some(at)
        });
        if let Some(row) = hit {
            return Some(row.clone());
        }
    }
    None
}

/// `POST /api/alerts/CreateAlertByReference`: 200 with the new alert, or the open alert with the same title on the
/// same machine (merged); 404 when the referenced event does not exist.
pub async fn create_by_reference(AxState(st): AxState<Arc<State>>, req: Request) -> ApiResult {
    let st = &*st;
    let tenant = st.tenant_id.as_str();
    let body = read_json_body(req).await?;
    let mut fields = Map::new();
    for k in [
        "eventTime",
        "reportId",
        "machineId",
        "severity",
        "title",
        "description",
        "recommendedAction",
        "category",
    ] {
        match body.get(k) {
            Some(Value::String(s)) if !s.trim().is_empty() => {
                fields.insert(k.into(), json!(s));
            }
            Some(Value::Number(n)) if k == "reportId" => {
                fields.insert(k.into(), json!(n.to_string()));
            }
            None | Some(Value::Null) => {
                return Err(ApiError::bad_request(
                    "MissingRequiredParameter",
                    format!("Parameter {k} is missing"),
                ))
            }
            Some(v) => {
                return Err(ApiError::bad_request(
                    "InvalidInput",
                    format!("Invalid input {k}: {v}"),
                ))
            }
        }
    }
    let get = |k: &str| fields.get(k).and_then(Value::as_str).unwrap_or("");
    if !["Low", "Medium", "High"].contains(&get("severity")) {
        return Err(ApiError::bad_request(
            "InvalidInput",
            format!("Invalid input severity: {}", get("severity")),
        ));
    }
    if !CATEGORIES.contains(&get("category")) {
        return Err(ApiError::bad_request(
            "InvalidInput",
            format!("Invalid input category: {}", get("category")),
        ));
    }
    let Some(at) = parse(get("eventTime")) else {
        return Err(ApiError::bad_request(
            "InvalidInput",
            format!("Invalid input eventTime: {}", get("eventTime")),
        ));
    };
    let machine = read(&st.machines)
        .find_by_id(get("machineId"))
        .map(|m| m.value.clone());
    let event = find_event(st, get("reportId"), get("machineId"), at);
    let (Some(machine), Some(_event)) = (machine, event) else {
        return Err(ApiError::not_found(format!(
            "Event with ReportId {} at {} on machine {} was not found",
            get("reportId"),
            get("eventTime"),
            get("machineId")
        )));
    };
    let machine_id = machine
        .get("id")
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_owned();
    let mut store = write(&st.alerts);
    let open = store.items.iter().find(|e| {
        e.value.get("machineId").and_then(Value::as_str) == Some(machine_id.as_str())
            && e.value.get("title").and_then(Value::as_str) == Some(get("title"))
            && e.value.get("status").and_then(Value::as_str) != Some("Resolved")
    });
    if let Some(existing) = open {
        let v = existing.value.clone();
        drop(store);
        return Ok(odata_entity(st, "Alerts", &v, StatusCode::OK));
    }
    let now = st.clock.now();
    let stamp = fmt7(now);
    let id = format!("da{}_{}", dotnet_ticks(now), rand::random::<u32>() >> 1);
    let m = |k: &str| machine.get(k).cloned().unwrap_or(Value::Null);
    let alert = json!({
        "id": id,
        "incidentId": Value::Null,
        "investigationId": Value::Null,
        "assignedTo": Value::Null,
        "severity": get("severity"),
        "status": "New",
        "classification": Value::Null,
        "determination": Value::Null,
        "investigationState": "Queued",
        "detectionSource": "CustomDetection",
        "detectorId": uuid::Uuid::new_v4().to_string(),
        "category": get("category"),
        "threatFamilyName": Value::Null,
        "title": get("title"),
        "description": get("description"),
        "alertCreationTime": stamp,
        "firstEventTime": fmt7(at),
        "lastEventTime": fmt7(at),
        "lastUpdateTime": stamp,
        "resolvedTime": Value::Null,
        "machineId": m("id"),
        "computerDnsName": m("computerDnsName"),
        "rbacGroupName": m("rbacGroupName"),
        "aadTenantId": tenant,
        "threatName": Value::Null,
        "mitreTechniques": [],
        "relatedUser": Value::Null,
        "comments": [],
        "evidence": [],
    });
    let Value::Object(alert) = alert else {
        return Err(ApiError::bad_request(
            "BadRequest",
            "alert could not be built",
        ));
    };
    store.push(alert.clone());
    drop(store);
    Ok(odata_entity(st, "Alerts", &alert, StatusCode::OK))
}

fn evidence(alert: &Map<String, Value>) -> Vec<&Map<String, Value>> {
    match alert.get("evidence") {
        Some(Value::Array(a)) => a.iter().filter_map(Value::as_object).collect(),
        _ => Vec::new(),
    }
}

fn file_entity(sha1: &str, sha256: &Value, name: &Value, seen: &Value) -> Value {
    json!({
        "sha1": sha1,
        "sha256": sha256,
        "md5": Value::Null,
        "globalPrevalence": 1_200 + (sha1.len() as i64) * 7,
        "globalFirstObserved": seen,
        "globalLastObserved": seen,
        "size": 180_224,
        "fileType": Value::Null,
        "isPeFile": name.as_str().is_some_and(|n| n.ends_with(".exe") || n.ends_with(".dll")),
        "filePublisher": Value::Null,
        "fileProductName": Value::Null,
        "signer": Value::Null,
        "issuer": Value::Null,
        "signerHash": Value::Null,
        "isValidCertificate": false,
        "determinationType": "Unknown",
        "determinationValue": "",
    })
}

fn host_of(url: &str) -> Option<String> {
    let rest = url.split_once("://").map(|(_, r)| r).unwrap_or(url);
    let host = rest.split(['/', '?', '#', ':']).next()?;
    (!host.is_empty()).then(|| host.to_ascii_lowercase())
}

/// `GET /api/alerts/{id}/{domains|files|ips|machine|user}`.
pub async fn related(
    AxState(st): AxState<Arc<State>>,
    Endpoint(op): Endpoint,
    Id(id): Id,
) -> ApiResult {
    let (st, id) = (&*st, id.as_str());
    let what = Related::of(op).ok_or_else(|| alert_not_found(id))?;
    let Some(alert) = read(&st.alerts).find_by_id(id).map(|a| a.value.clone()) else {
        return Err(alert_not_found(id));
    };
    let ev = evidence(&alert);
    Ok(match what {
        Related::Files => {
            let mut seen: Vec<String> = Vec::new();
            let mut out = Vec::new();
            for e in &ev {
                if let Some(sha1) = e.get("sha1").and_then(Value::as_str) {
                    if !seen.iter().any(|s| s == sha1) {
                        seen.push(sha1.to_owned());
                        let null = Value::Null;
                        out.push(file_entity(
                            sha1,
                            e.get("sha256").unwrap_or(&null),
                            e.get("fileName").unwrap_or(&null),
                            e.get("evidenceCreationTime").unwrap_or(&null),
                        ));
                    }
                }
            }
            odata_value(st, "Files", Value::Array(out))
        }
        Related::Ips => {
            let mut out: Vec<Value> = Vec::new();
            for ip in ev
                .iter()
                .filter_map(|e| e.get("ipAddress").and_then(Value::as_str))
            {
                let v = json!({"id": ip});
                if !out.contains(&v) {
                    out.push(v);
                }
            }
            odata_value(st, "Ips", Value::Array(out))
        }
        Related::Domains => {
            let mut out: Vec<Value> = Vec::new();
            for host in ev
                .iter()
                .filter_map(|e| e.get("url").and_then(Value::as_str))
                .filter_map(host_of)
            {
                let v = json!({"host": host});
                if !out.contains(&v) {
                    out.push(v);
                }
            }
            odata_value(st, "Domains", Value::Array(out))
        }
        Related::Machine => {
            let mid = alert.get("machineId").and_then(Value::as_str).unwrap_or("");
            match read(&st.machines).find_by_id(mid).map(|m| m.value.clone()) {
                Some(m) => odata_entity(st, "Machines", &m, StatusCode::OK),
                None => return Err(ApiError::not_found(format!("Machine {mid} was not found"))),
            }
        }
        Related::User => {
            let user = alert.get("relatedUser").and_then(Value::as_object);
            let name = user.and_then(|u| u.get("userName")).and_then(Value::as_str);
            let domain = user
                .and_then(|u| u.get("domainName"))
                .and_then(Value::as_str)
                .unwrap_or("");
            let Some(name) = name else {
                return Err(ApiError::not_found(format!(
                    "User of alert {id} was not found"
                )));
            };
            let sid = ev
                .iter()
                .find(|e| e.get("accountName").and_then(Value::as_str) == Some(name))
                .and_then(|e| e.get("userSid").cloned())
                .unwrap_or(Value::Null);
            let first = alert.get("firstEventTime").cloned().unwrap_or(Value::Null);
            let last = alert.get("lastEventTime").cloned().unwrap_or(Value::Null);
            let machine = alert.get("machineId").cloned().unwrap_or(Value::Null);
            let mut u = Map::new();
            for (k, v) in [
                (
                    "id",
                    json!(format!("{}\\{}", domain.to_ascii_lowercase(), name)),
                ),
                ("accountName", json!(name)),
                ("accountDomain", json!(domain)),
                ("accountSid", sid),
                ("firstSeen", first),
                ("lastSeen", last),
                ("mostPrevalentMachineId", machine.clone()),
                ("leastPrevalentMachineId", machine),
                ("logonTypes", json!("Interactive")),
                ("logOnMachinesCount", json!(1)),
                ("isDomainAdmin", json!(false)),
                ("isOnlyNetworkUser", json!(false)),
            ] {
                u.insert(k.into(), v);
            }
            odata_entity(st, "Users", &u, StatusCode::OK)
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts_and_segments() {
        assert_eq!(
            host_of("https://Evil.example/x?y").as_deref(),
            Some("evil.example")
        );
        assert_eq!(
            host_of("evil.example:8080/p").as_deref(),
            Some("evil.example")
        );
        assert_eq!(
            Related::of(&mdekit_spec::ALERTS_RELATED_USER),
            Some(Related::User)
        );
        assert_eq!(Related::of(&mdekit_spec::ALERTS_GET), None);
    }
}
