//! Advanced hunting: MDE's `advancedqueries/run` and Graph's `runHuntingQuery` over the sandbox's tables
//! (the KQL subset in `kql`), with the documented limits (`hunting_limits`: CPU quota, result size, rows).

use std::sync::Arc;
use std::time::Instant;

use axum::extract::State as AxState;
use axum::http::StatusCode;
use bytes::Bytes;
use chrono::Utc;
use serde_json::{json, Value};

use crate::error::{ApiError, ApiResult};
use crate::respond::{odata, JsonObject};
use crate::state::{lock, State};

/// `POST /api/advancedqueries/run`: `{"Stats","Schema","Results"}`.
pub async fn advanced_query(
    AxState(st): AxState<Arc<State>>,
    JsonObject(body): JsonObject,
) -> ApiResult {
    run(&st, Value::Object(body), false).await
}

/// `POST /v1.0/security/runHuntingQuery`: `{"schema","results"}`; takes `Timespan`.
pub async fn run_hunting_query(
    AxState(st): AxState<Arc<State>>,
    JsonObject(body): JsonObject,
) -> ApiResult {
    run(&st, Value::Object(body), true).await
}

async fn run(st: &Arc<State>, parsed: Value, graph: bool) -> ApiResult {
    // MDE binds body keys case-sensitively (reference §3); Graph's beta example sends `query`, so Graph takes both.
    let q = parsed
        .get("Query")
        .or_else(|| if graph { parsed.get("query") } else { None });
    let Some(Value::String(query)) = q else {
        return Err(ApiError::bad_request(
            "MissingRequiredParameter",
            "Parameter Query is missing",
        ));
    };
    // Graph's optional `Timespan` narrows every table to a window (runHuntingQuery docs).
    let window = match (
        graph,
        parsed.get("Timespan").or_else(|| parsed.get("timespan")),
    ) {
        (true, Some(Value::String(ts))) => {
            match crate::hunting_limits::parse_timespan(ts, Utc::now()) {
                Some(w) => Some(w),
                None => {
                    return Err(ApiError::bad_request(
                        "BadRequest",
                        format!("Invalid Timespan '{ts}'."),
                    ))
                }
            }
        }
        _ => None,
    };
    let limits = st.config.hunting.clone();
    if let Err(secs) = lock(&st.hunting_cpu).check(limits.cpu_quota_ms_per_hour, Instant::now()) {
        return Err(ApiError::too_many(
            secs,
            format!(
                "The tenant has used its advanced hunting CPU quota. Try again in {secs} seconds."
            ),
        ));
    }
    let started = Instant::now();
    let result = {
        let st = st.clone();
        let query = query.clone();
        let opts = crate::kql::RunOptions {
            now: Utc::now(),
            window,
            max_rows: limits.max_rows,
            graph,
        };
        tokio::task::spawn_blocking(move || crate::kql::run(&st.tables, &query, opts)).await
    };
    let result = match result {
        Ok(Ok(r)) => r,
        Ok(Err(m)) => return Err(ApiError::bad_request("BadRequest", m)),
        Err(_) => {
            return Err(ApiError::new(
                StatusCode::INTERNAL_SERVER_ERROR,
                "InternalServerError",
                "The query failed.",
            ))
        }
    };
    let cpu_ms = result.scanned as f64 * limits.cpu_ms_per_row;
    lock(&st.hunting_cpu).charge(cpu_ms, Instant::now());
    if cpu_ms > limits.max_query_cpu_ms {
        return Err(ApiError::bad_request(
            "BadRequest",
            crate::hunting_limits::QUERY_CPU_MESSAGE,
        ));
    }
    let secs = started.elapsed().as_secs_f64();
    // The rows are serialised once, on a blocking thread (a 100,000-row result is tens of MB
    // of JSON), and the envelope is written around them.
    let body = tokio::task::spawn_blocking(move || render(result, graph, secs))
        .await
        .map_err(|_| {
            ApiError::new(
                StatusCode::INTERNAL_SERVER_ERROR,
                "InternalServerError",
                "The query failed.",
            )
        })?;
    let Some(body) = body.filter(|b| b.size <= limits.max_result_bytes) else {
        return Err(ApiError::bad_request(
            "BadRequest",
            crate::hunting_limits::RESULT_SIZE_MESSAGE,
        ));
    };
    Ok(odata(StatusCode::OK, Bytes::from(body.bytes)))
}

/// A rendered hunting response and the result size the service's limit is checked against
/// (the rows' JSON, one byte more per row).
struct Rendered {
    bytes: Vec<u8>,
    size: usize,
}

/// The response body of `result`: Graph's `{"@odata.context","schema","results"}` or MDE's
/// `{"Stats","Schema","Results"}`. `None` if a row cannot be serialised.
fn render(result: crate::kql::QueryResult, graph: bool, secs: f64) -> Option<Rendered> {
    let mut rows = Vec::with_capacity(result.rows.len() * 256);
    rows.push(b'[');
    for (i, row) in result.rows.iter().enumerate() {
        if i > 0 {
            rows.push(b',');
        }
        serde_json::to_writer(&mut rows, row).ok()?;
    }
    rows.push(b']');
    let n = result.rows.len();
    // Each row's bytes plus one, as before: the array's brackets and commas add n + 1.
    let size = if n == 0 { 0 } else { rows.len() - 1 };
    let head = if graph {
        let schema: Vec<Value> = result
            .columns
            .iter()
            .map(|c| json!({"name": c.name, "type": c.ty}))
            .collect();
        let head = json!({
            "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#microsoft.graph.security.huntingQueryResults",
            "schema": schema,
        });
        (head, "results")
    } else {
        let schema: Vec<Value> = result
            .columns
            .iter()
            .map(|c| json!({"Name": c.name, "Type": c.ty}))
            .collect();
        let head = json!({
            "Stats": {
                "ExecutionTime": (secs * 1e7).round() / 1e7,
                "resource_usage": {
                    "cache": {
                        "memory": {"hits": result.scanned, "misses": 0, "total": result.scanned},
                        "disk": {"hits": 0, "misses": 0, "total": 0}
                    },
                    "cpu": {"user": "00:00:00", "kernel": "00:00:00", "total cpu": "00:00:00"},
                    "memory": {"peak_per_node": 16 * 1024 * 1024 + size}
                },
                "dataset_statistics": [{"table_row_count": n, "table_size": size}]
            },
            "Schema": schema,
        });
        (head, "Results")
    };
    let (head, key) = head;
    let mut out = serde_json::to_vec(&head).ok()?;
    // `head` is an object: reopen it for the rows, which come last as in the service's answers.
    out.pop();
    out.extend_from_slice(format!(",\"{key}\":").as_bytes());
    out.extend_from_slice(&rows);
    out.push(b'}');
    Some(Rendered { bytes: out, size })
}
