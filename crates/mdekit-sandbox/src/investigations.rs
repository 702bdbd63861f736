//! Automated investigations (reference `mde-api-rest.md` §3): list, get by investigation or triggering alert id,
//! start on a machine.
//!
//! The seeded investigations are the ones the synthetic alerts name (`investigationId`, `investigationState`).
//! Choices where the docs are silent: a started investigation is `Running` with `endTime` and `triggeringAlertId`
//! null.

use std::sync::Mutex;

use axum::extract::Request;
use axum::http::StatusCode;
use axum::response::Response;
use serde_json::{json, Map, Value};

use crate::api::{error, odata_entity, read_json_body, Ctx};
use crate::odata::EntitySpec;
use crate::state::{lock, read, State, Store};
use crate::time::fmt7;

pub const INVESTIGATIONS: EntitySpec = EntitySpec {
    type_name: "Investigation",
    props: mdekit_spec::INVESTIGATIONS_LIST.filterable,
};

const OPEN_STATES: &[&str] = &["Running", "Queued", "PendingApproval", "PendingResource"];

#[derive(Default)]
pub struct Book {
    seeded: bool,
    items: Vec<Map<String, Value>>,
    next_id: u64,
}

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
pub fn list(st: &State, ctx: &Ctx, path: &str, query: &str) -> Response {
    let mut store = Store::default();
    for i in &book(st, &st.investigations).items {
        store.push(i.clone());
    }
    crate::api::list(
        st,
        ctx,
        &store,
        &INVESTIGATIONS,
        "Investigations",
        path,
        query,
    )
}

/// `GET /api/investigations/{id}`: by investigation id or triggering alert id.
pub fn get(st: &State, ctx: &Ctx, id: &str) -> Response {
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
        Some(i) => odata_entity(st, "Investigations", &i, StatusCode::OK),
        None => error(
            ctx,
            StatusCode::NOT_FOUND,
            "ResourceNotFound",
            &format!("Investigation {id} was not found"),
        ),
    }
}

/// `POST /api/machines/{id}/startInvestigation`: 201 with the new investigation.
pub async fn start(st: &State, ctx: &Ctx, req: Request, machine_id: &str) -> Response {
    let body = match read_json_body(ctx, req).await {
        Ok(b) => b,
        Err(r) => return r,
    };
    if !matches!(body.get("Comment"), Some(Value::String(c)) if !c.trim().is_empty()) {
        return error(
            ctx,
            StatusCode::BAD_REQUEST,
            "MissingRequiredParameter",
            "Parameter Comment is missing",
        );
    }
    let Some(machine) = read(&st.machines)
        .find_by_id(machine_id)
        .map(|m| m.value.clone())
    else {
        return error(
            ctx,
            StatusCode::NOT_FOUND,
            "ResourceNotFound",
            &format!("Machine {machine_id} was not found"),
        );
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
    odata_entity(st, "Investigations", &i, StatusCode::CREATED)
}
