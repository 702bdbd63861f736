//! Automated investigations (reference `mde-api-rest.md` §3): list, get by investigation or triggering alert id,
//! start on a machine.
//!
//! The seeded investigations are the ones the synthetic alerts name (`investigationId`, `investigationState`).
//! Choices where the docs are silent: a started investigation is `Running` with `endTime` and `triggeringAlertId`
//! null.

use std::sync::{Arc, Mutex};

use axum::extract::{OriginalUri, Request, State as AxState};
use axum::http::StatusCode;
use serde_json::{json, Map, Value};

use crate::books::Investigations as Book;
use crate::error::{ApiError, ApiResult};
use crate::extract::Id;
use crate::odata::EntitySpec;
use crate::respond::{self, odata_entity, read_json_body};
use crate::state::{lock, read, State, Store};
use crate::time::fmt7;

pub const INVESTIGATIONS: EntitySpec = EntitySpec {
    type_name: "Investigation",
    props: mdekit_spec::INVESTIGATIONS_LIST.filterable,
};

const OPEN_STATES: &[&str] = &["Running", "Queued", "PendingApproval", "PendingResource"];

fn id_string(v: &Value) -> Option<String> {
    match v {
        Value::Number(n) => Some(n.to_string()),
        Value::String(s) if !s.is_empty() => Some(s.clone()),
        _ => None,
    }
}

/// The book, seeded from the alerts on first use.
fn book<'a>(st: &'a State, m: &'a Mutex<Book>) -> std::sync::MutexGuard<'a, Book> {
    let mut b = lock(m);
    if !b.seeded {
        b.seeded = true;
        let alerts = read(&st.alerts);
        for a in &alerts.items {
            let v = &a.value;
            let Some(id) = v.get("investigationId").and_then(id_string) else {
                continue;
            };
            if b.items
                .iter()
                .any(|i| i.get("id").and_then(Value::as_str) == Some(id.as_str()))
            {
                continue;
            }
            let state = v
                .get("investigationState")
                .and_then(Value::as_str)
                .unwrap_or("Unknown");
            let end = if OPEN_STATES.contains(&state) {
                Value::Null
            } else {
                v.get("lastUpdateTime").cloned().unwrap_or(Value::Null)
            };
            let mut i = Map::new();
            for (k, val) in [
                ("id", json!(id)),
                (
                    "startTime",
                    v.get("alertCreationTime").cloned().unwrap_or(Value::Null),
                ),
                ("endTime", end),
                ("cancelledBy", Value::Null),
                ("state", json!(state)),
                ("statusDetails", Value::Null),
                (
                    "machineId",
                    v.get("machineId").cloned().unwrap_or(Value::Null),
                ),
                (
                    "computerDnsName",
                    v.get("computerDnsName").cloned().unwrap_or(Value::Null),
                ),
                (
                    "triggeringAlertId",
                    v.get("id").cloned().unwrap_or(Value::Null),
                ),
            ] {
                i.insert(k.into(), val);
            }
            if let Ok(n) = id.parse::<u64>() {
                b.next_id = b.next_id.max(n);
            }
            b.items.push(i);
        }
    }
    b
}

/// `GET /api/investigations`.
pub async fn list(AxState(st): AxState<Arc<State>>, OriginalUri(uri): OriginalUri) -> ApiResult {
    let (st, path, query) = (&*st, uri.path(), uri.query().unwrap_or(""));
    let mut store = Store::default();
    for i in &book(st, &st.investigations).items {
        store.push(i.clone());
    }
    respond::list(st, &store, &INVESTIGATIONS, "Investigations", path, query)
}

/// `GET /api/investigations/{id}`: by investigation id or triggering alert id.
pub async fn get(AxState(st): AxState<Arc<State>>, Id(id): Id) -> ApiResult {
    let (st, id) = (&*st, id.as_str());
    let b = book(st, &st.investigations);
    let hit = b
        .items
        .iter()
        .find(|i| {
            i.get("id").and_then(Value::as_str) == Some(id)
                || i.get("triggeringAlertId")
                    .and_then(Value::as_str)
                    .is_some_and(|a| a.eq_ignore_ascii_case(id))
        })
        .cloned();
    drop(b);
    match hit {
        Some(i) => Ok(odata_entity(st, "Investigations", &i, StatusCode::OK)),
        None => Err(ApiError::not_found(format!(
            "Investigation {id} was not found"
        ))),
    }
}

/// `POST /api/machines/{id}/startInvestigation`: 201 with the new investigation.
pub async fn start(
    AxState(st): AxState<Arc<State>>,
    Id(machine_id): Id,
    req: Request,
) -> ApiResult {
    let (st, machine_id) = (&*st, machine_id.as_str());
    let body = read_json_body(req).await?;
    if !matches!(body.get("Comment"), Some(Value::String(c)) if !c.trim().is_empty()) {
        return Err(ApiError::bad_request(
            "MissingRequiredParameter",
            "Parameter Comment is missing",
        ));
    }
    let Some(machine) = read(&st.machines)
        .find_by_id(machine_id)
        .map(|m| m.value.clone())
    else {
        return Err(ApiError::not_found(format!(
            "Machine {machine_id} was not found"
        )));
    };
    let mut b = book(st, &st.investigations);
    b.next_id += 1;
    let mut i = Map::new();
    for (k, v) in [
        ("id", json!(b.next_id.to_string())),
        ("startTime", json!(fmt7(st.clock.now()))),
        ("endTime", Value::Null),
        ("cancelledBy", Value::Null),
        ("state", json!("Running")),
        ("statusDetails", Value::Null),
        (
            "machineId",
            machine.get("id").cloned().unwrap_or(Value::Null),
        ),
        (
            "computerDnsName",
            machine
                .get("computerDnsName")
                .cloned()
                .unwrap_or(Value::Null),
        ),
        ("triggeringAlertId", Value::Null),
    ] {
        i.insert(k.into(), v);
    }
    b.items.push(i.clone());
    drop(b);
    Ok(odata_entity(st, "Investigations", &i, StatusCode::CREATED))
}
