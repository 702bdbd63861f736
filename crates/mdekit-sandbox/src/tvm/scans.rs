//! Authenticated scans: definitions (list, create, update, batch delete), scanner agents and
//! scan history (reference `mde-api-rest.md` §7).
//!
//! Choices where the docs are silent: the tenant starts with two scanner agents (on its first
//! two Windows machines) and one network scan definition with three sessions; a created
//! definition has no sessions yet; creating answers 200 with the definition and
//! `scanAuthenticationParams: null` (the page's example: credentials are never echoed), and the
//! list shows them null too; BatchDelete answers 200 with no body, and 404 when no id is known;
//! body keys bind without case (`ScanDefinitionIds` or `scanDefinitionIds`).

use axum::extract::Request;
use axum::http::StatusCode;
use axum::response::Response;
use chrono::{Duration, Utc};
use serde_json::{json, Map, Value};

use super::model::hash;
use super::service::{
    json_body, json_response, odata_entity, odata_value, refuse, to_bytes, ODATA_JSON,
};
use super::{model, Route};
use crate::locks::lock;
use crate::state::State;
use crate::time::fmt7;

use crate::tvm_model::ScanBook as Book;

fn obj(v: Value) -> Map<String, Value> {
    v.as_object().cloned().unwrap_or_default()
}

fn guid(seed: u64, what: &str) -> String {
    let a = hash(seed, &[what, "1"]);
    let b = hash(seed, &[what, "2"]);
    let mut bytes = [0u8; 16];
    bytes[..8].copy_from_slice(&a.to_le_bytes());
    bytes[8..].copy_from_slice(&b.to_le_bytes());
    uuid::Builder::from_random_bytes(bytes)
        .into_uuid()
        .to_string()
}

/// The tenant's first scan definitions and agents.
fn seeded(st: &State) -> Book {
    {
        let seed = st.config.seed;
        let now = Utc::now();
        let m = model(st);
        let agents: Vec<Map<String, Value>> = m
            .machines
            .iter()
            .filter(|(r, _)| {
                r.get("osPlatform")
                    .and_then(Value::as_str)
                    .is_some_and(|p| p.starts_with("Windows"))
            })
            .take(2)
            .map(|(r, _)| {
                let id = r.get("id").and_then(Value::as_str).unwrap_or("");
                obj(json!({
                    "id": format!("{}_{id}", st.tenant_id),
                    "machineId": id,
                    "computerDnsName": r.get("computerDnsName"),
                    "lastSeen": fmt7(now - Duration::minutes(20)),
                    // Three keys PascalCase, as both list examples spell them.
                    "AssignedApplicationId": guid(seed, &format!("app-{id}")),
                    "ScannerSoftwareVersion": "7.6.0.0",
                    "LastCommandExecutionTimestamp": fmt7(now - Duration::minutes(35)),
                    "mdeClientVersion": "10.8760.22631.3155",
                }))
            })
            .collect();
        let mut book = Book {
            definitions: Vec::new(),
            sessions: Vec::new(),
            agents,
        };
        if let Some(agent) = book.agents.first().cloned() {
            let id = guid(seed, "definition-0");
            let statuses = ["Success", "Partial Success", "Fail"];
            book.definitions.push(obj(json!({
                "id": id,
                "scanType": "Network",
                "scanName": "Weekly network devices scan",
                "isActive": true,
                "target": "10.10.0.1,10.10.0.2,10.10.0.3",
                "orgId": st.tenant_id,
                "intervalInHours": 168,
                "createdBy": "secops@contoso.com",
                "targetType": "Ip",
                "scanAuthenticationParams": null,
                "scannerAgent": scanner(&agent),
                "latestScan": {"status": statuses[0], "failureReason": null,
                               "executionDateTime": fmt7(now - Duration::days(1))},
            })));
            for (n, status) in statuses.iter().enumerate() {
                let session = guid(seed, &format!("session-{n}"));
                let when = fmt7(now - Duration::days(1 + 7 * n as i64));
                let targets: Vec<Value> = (1..=3)
                    .map(|t| {
                        let failed = *status == "Fail" || (*status == "Partial Success" && t == 3);
                        json!({"Ip": format!("10.10.0.{t}"), "Hostname": format!("switch-{t}.contoso.local"),
                               "ScannedDeviceDescription": "Network switch",
                               "ErrorMessage": if failed { "Authentication failed" } else { "" },
                               "ScanStatus": if failed { "Fail" } else { "Success" },
                               "ScanDuration": "00:08:30"})
                    })
                    .collect();
                let ok = targets
                    .iter()
                    .filter(|t| t["ScanStatus"] == "Success")
                    .count();
                book.sessions.push((
                    id.clone(),
                    obj(json!({
                        "orgId": st.tenant_id,
                        "ScanDefinitionIds": id,
                        "SessionIds": session,
                        "NumberOfSuccessfullyScannedTargets": ok,
                        "NumberOfTargets": targets.len(),
                        "ScanStatus": status,
                        "LastScanned": when,
                        "ScannerId": agent.get("machineId"),
                        "ListScannedTargets": targets,
                    })),
                ));
            }
        }
        book
    }
}

fn scanner(agent: &Map<String, Value>) -> Value {
    {
        json!({
            "id": agent.get("id"),
            "machineId": agent.get("machineId"),
            "machineName": agent.get("computerDnsName"),
            "lastSeen": agent.get("lastSeen"),
            "AssignedApplicationId": agent.get("AssignedApplicationId"),
            "ScannerSoftwareVersion": agent.get("ScannerSoftwareVersion"),
            "LastCommandExecutionTimestamp": agent.get("LastCommandExecutionTimestamp"),
            "mdeClientVersion": agent.get("mdeClientVersion"),
        })
    }
}

fn bad(code: &str, message: &str) -> Response {
    refuse(StatusCode::BAD_REQUEST, code, message)
}

fn not_found(what: &str, id: &str) -> Response {
    refuse(
        StatusCode::NOT_FOUND,
        "ResourceNotFound",
        &format!("{what} {id} was not found"),
    )
}

fn field<'a>(body: &'a Map<String, Value>, key: &str) -> Option<&'a Value> {
    body.iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(key))
        .map(|(_, v)| v)
}

fn ids(body: &Map<String, Value>, key: &str) -> Option<Vec<String>> {
    let list = field(body, key)?.as_array()?;
    let ids: Vec<String> = list
        .iter()
        .filter_map(Value::as_str)
        .map(str::to_owned)
        .collect();
    (!ids.is_empty() && ids.len() == list.len()).then_some(ids)
}

/// Checks the fields a definition may carry; `create` requires the page's required ones.
fn check(body: &Map<String, Value>, create: bool) -> Result<(), String> {
    let required = [
        "scanType",
        "scanName",
        "isActive",
        "target",
        "intervalInHours",
        "targetType",
        "scannerAgent",
        "scanAuthenticationParams",
    ];
    if create {
        if let Some(k) = required
            .iter()
            .find(|k| field(body, k).is_none_or(Value::is_null))
        {
            return Err(format!("Parameter {k} is missing"));
        }
    }
    if let Some(v) = field(body, "scanType") {
        if !matches!(v.as_str(), Some("Windows" | "Network")) {
            return Err(format!("Invalid input scanType: {v}"));
        }
    }
    for k in ["scanName", "target", "targetType"] {
        if let Some(v) = field(body, k) {
            if v.as_str().is_none_or(|s| s.trim().is_empty()) {
                return Err(format!("Invalid input {k}: {v}"));
            }
        }
    }
    if let Some(v) = field(body, "isActive") {
        if !v.is_boolean() {
            return Err(format!("Invalid input isActive: {v}"));
        }
    }
    if let Some(v) = field(body, "intervalInHours") {
        if v.as_u64().is_none_or(|n| n < 1) {
            return Err(format!("Invalid input intervalInHours: {v}"));
        }
    }
    if let Some(v) = field(body, "scanAuthenticationParams") {
        let t = v.get("@odata.type").and_then(Value::as_str).unwrap_or("");
        if !(t.ends_with("SnmpAuthParams") || t.ends_with("WindowsAuthParams")) {
            return Err("Invalid input scanAuthenticationParams: @odata.type is missing".into());
        }
    }
    Ok(())
}

pub async fn handle(st: &State, req: Request, route: Route, id: &str, query: &str) -> Response {
    let body = if matches!(
        route,
        Route::ScanDefinitions | Route::ScanAgents | Route::ScanAgent
    ) {
        Map::new()
    } else {
        match json_body(req).await {
            Ok(b) => b,
            Err(r) => return r,
        }
    };
    let mut guard = lock(&st.tvm.scans);
    let book = guard.get_or_insert_with(|| seeded(st));
    match route {
        Route::ScanDefinitions => odata_value(
            st,
            "DeviceAuthenticatedScanDefinitions",
            Value::Array(
                book.definitions
                    .iter()
                    .cloned()
                    .map(Value::Object)
                    .collect(),
            ),
        ),
        Route::ScanCreate => {
            if let Err(m) = check(&body, true) {
                return bad("InvalidInput", &m);
            }
            let machine = field(&body, "scannerAgent")
                .and_then(|a| a.get("machineId"))
                .and_then(Value::as_str)
                .unwrap_or("");
            let Some(agent) = book
                .agents
                .iter()
                .find(|a| {
                    a.get("machineId")
                        .and_then(Value::as_str)
                        .is_some_and(|m| m.eq_ignore_ascii_case(machine))
                })
                .cloned()
            else {
                return bad(
                    "InvalidInput",
                    &format!("Machine {machine} has no scanner agent"),
                );
            };
            let mut d = Map::new();
            d.insert("id".into(), json!(uuid::Uuid::new_v4().to_string()));
            for k in ["scanType", "scanName", "isActive", "target"] {
                d.insert(k.into(), field(&body, k).cloned().unwrap_or(Value::Null));
            }
            d.insert("orgId".into(), json!(st.tenant_id));
            d.insert(
                "intervalInHours".into(),
                field(&body, "intervalInHours")
                    .cloned()
                    .unwrap_or(Value::Null),
            );
            d.insert("createdBy".into(), json!("api@contoso.com"));
            d.insert(
                "targetType".into(),
                field(&body, "targetType").cloned().unwrap_or(Value::Null),
            );
            d.insert("scanAuthenticationParams".into(), Value::Null);
            d.insert("scannerAgent".into(), scanner(&agent));
            d.insert(
                "latestScan".into(),
                json!({"status": null, "failureReason": null, "executionDateTime": null}),
            );
            book.definitions.push(d.clone());
            odata_entity(st, "DeviceAuthenticatedScanDefinitions", &d, StatusCode::OK)
        }
        Route::ScanUpdate => {
            if let Err(m) = check(&body, false) {
                return bad("InvalidInput", &m);
            }
            let Some(d) = book.definitions.iter_mut().find(|d| {
                d.get("id")
                    .and_then(Value::as_str)
                    .is_some_and(|x| x.eq_ignore_ascii_case(id))
            }) else {
                return not_found("Scan definition", id);
            };
            for k in [
                "scanName",
                "isActive",
                "target",
                "intervalInHours",
                "targetType",
            ] {
                if let Some(v) = field(&body, k) {
                    d.insert(k.into(), v.clone());
                }
            }
            let d = d.clone();
            odata_entity(st, "DeviceAuthenticatedScanDefinitions", &d, StatusCode::OK)
        }
        Route::ScanDelete => {
            let Some(wanted) = ids(&body, "ScanDefinitionIds") else {
                return bad(
                    "MissingRequiredParameter",
                    "Parameter ScanDefinitionIds is missing",
                );
            };
            let before = book.definitions.len();
            let gone = |d: &Map<String, Value>| {
                d.get("id")
                    .and_then(Value::as_str)
                    .is_some_and(|x| wanted.iter().any(|w| w.eq_ignore_ascii_case(x)))
            };
            book.definitions.retain(|d| !gone(d));
            if book.definitions.len() == before {
                return not_found("Scan definitions", &wanted.join(", "));
            }
            book.sessions
                .retain(|(d, _)| !wanted.iter().any(|w| w.eq_ignore_ascii_case(d)));
            let mut r = Response::new(axum::body::Body::empty());
            *r.status_mut() = StatusCode::OK;
            r
        }
        Route::ScanAgents => odata_value(
            st,
            "DeviceAuthenticatedScanAgents",
            Value::Array(book.agents.iter().cloned().map(Value::Object).collect()),
        ),
        Route::ScanAgent => match book.agents.iter().find(|a| {
            ["id", "machineId"].iter().any(|k| {
                a.get(*k)
                    .and_then(Value::as_str)
                    .is_some_and(|x| x.eq_ignore_ascii_case(id))
            })
        }) {
            Some(a) => odata_entity(st, "DeviceAuthenticatedScanAgents", a, StatusCode::OK),
            None => not_found("Scan agent", id),
        },
        Route::ScanHistoryByDefinition => {
            let Some(wanted) = ids(&body, "ScanDefinitionIds") else {
                return bad(
                    "MissingRequiredParameter",
                    "Parameter ScanDefinitionIds is missing",
                );
            };
            let (mut top, mut skip) = (4096usize, 0usize);
            for (k, v) in form_urlencoded::parse(query.as_bytes()) {
                let n = v.trim().parse::<usize>();
                match (k.to_ascii_lowercase().as_str(), n) {
                    ("$top", Ok(n)) if (1..=4096).contains(&n) => top = n,
                    ("$skip", Ok(n)) => skip = n,
                    ("$top" | "$skip", _) => {
                        return bad("ODataError", &format!("Invalid value '{v}' for {k}."))
                    }
                    _ => {}
                }
            }
            let rows: Vec<Value> = book
                .sessions
                .iter()
                .filter(|(d, _)| wanted.iter().any(|w| w.eq_ignore_ascii_case(d)))
                .skip(skip)
                .take(top)
                .map(|(_, s)| {
                    json!({"ScanDefinitionIds": s.get("ScanDefinitionIds"),
                           "LastScanned": s.get("LastScanned"),
                           "ScanStatus": s.get("ScanStatus"),
                           "ScannerId": s.get("ScannerId")})
                })
                .collect();
            history(st, "GetScanHistoryByScanDefinitionId", rows)
        }
        Route::ScanHistoryBySession => {
            let Some(wanted) = ids(&body, "SessionIds") else {
                return bad(
                    "MissingRequiredParameter",
                    "Parameter SessionIds is missing",
                );
            };
            let rows: Vec<Value> = book
                .sessions
                .iter()
                .filter(|(_, s)| {
                    s.get("SessionIds")
                        .and_then(Value::as_str)
                        .is_some_and(|x| wanted.iter().any(|w| w.eq_ignore_ascii_case(x)))
                })
                .map(|(_, s)| {
                    let mut s = s.clone();
                    s.shift_remove("ScannerId");
                    Value::Object(s)
                })
                .collect();
            history(st, "GetScanHistoryBySessionId", rows)
        }
        _ => not_found("Resource", id),
    }
}

/// The history pages' envelope: their `@odata.context` is the request path (the docs' example).
fn history(st: &State, action: &str, rows: Vec<Value>) -> Response {
    let body = json!({
        "@odata.context": format!("{}/api/DeviceAuthenticatedScanDefinitions/{action}", st.base_url),
        "value": rows,
    });
    json_response(StatusCode::OK, ODATA_JSON, to_bytes(&body))
}
