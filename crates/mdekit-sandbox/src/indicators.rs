//! Indicators (reference `mde-api-rest.md` §1): list, submit-or-update, import, delete, batch delete.
//!
//! Choices where the docs are silent: submit upserts on (`indicatorType`, `indicatorValue`) keeping `id`,
//! `creationTimeDateTimeUtc` and `application`; the tenant cap (15,000 active indicators, `max_indicators`) counts
//! indicators whose `expirationTime` has not passed, and a create beyond it is a 400 `BadRequest`; an app holding
//! only `Ti.ReadWrite` lists only the indicators it created; batch delete checks every id before deleting any.

use std::net::IpAddr;

use std::sync::Arc;

use axum::extract::{OriginalUri, Request, State as AxState};
use axum::http::StatusCode;
use serde_json::{json, Map, Value};

use crate::books::Indicators as Book;
use crate::error::{ApiError, ApiResult};
use crate::extract::{Caller, Id};
use crate::odata::EntitySpec;
use crate::respond::{self, empty, odata_entity, odata_value, read_json_body};
use crate::state::{lock, State, Store};
use crate::time::{fmt7, parse};

pub const INDICATORS: EntitySpec = EntitySpec {
    type_name: "Indicator",
    props: mdekit_spec::INDICATORS_LIST.filterable,
};

// The documented enum domains are the catalogue's (ti-indicator).
const TYPES: &[&str] = mdekit_spec::INDICATOR_TYPE.values;
const ACTIONS: &[&str] = mdekit_spec::INDICATOR_ACTION.values;
const SEVERITIES: &[&str] = mdekit_spec::INDICATOR_SEVERITY.values;
const MAX_BATCH: usize = 500;

/// Why an indicator was refused: the error code and message (400).
type Refusal = (&'static str, String);

fn domain_ok(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 253
        && s.parse::<IpAddr>().is_err()
        && s.split('.').all(|l| {
            !l.is_empty()
                && l.len() <= 63
                && !l.starts_with('-')
                && !l.ends_with('-')
                && l.chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        })
}

fn url_ok(s: &str) -> bool {
    let rest = match s.split_once("://") {
        Some((scheme, rest))
            if scheme.eq_ignore_ascii_case("http") || scheme.eq_ignore_ascii_case("https") =>
        {
            rest
        }
        Some(_) => return false,
        None => s,
    };
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host = host.rsplit_once(':').map(|(h, _)| h).unwrap_or(host);
    !s.chars().any(char::is_whitespace) && (domain_ok(host) || host.parse::<IpAddr>().is_ok())
}

fn check_value(ty: &str, v: &str) -> Result<(), Refusal> {
    let hex = |n: usize| v.len() == n && v.chars().all(|c| c.is_ascii_hexdigit());
    let (ok, code, what) = match ty {
        "FileSha1" => (hex(40), "InvalidHashValue", "Hash value"),
        "FileSha256" => (hex(64), "InvalidHashValue", "Hash value"),
        "FileMd5" => (hex(32), "InvalidHashValue", "Hash value"),
        "CertificateThumbprint" => (hex(40), "InvalidHashValue", "Hash value"),
        "IpAddress" => (
            !v.contains('/') && v.parse::<IpAddr>().is_ok(),
            "InvalidIpAddress",
            "IP address",
        ),
        "DomainName" => (domain_ok(v), "InvalidDomainName", "Domain name"),
        _ => (url_ok(v), "InvalidUrl", "URL"),
    };
    if ok {
        Ok(())
    } else {
        Err((code, format!("{what} {v} is invalid")))
    }
}

fn str_field<'a>(m: &'a Map<String, Value>, k: &str) -> Result<&'a str, Refusal> {
    match m.get(k) {
        Some(Value::String(s)) if !s.trim().is_empty() => Ok(s),
        None | Some(Value::Null) => Err((
            "MissingRequiredParameter",
            format!("Parameter {k} is missing"),
        )),
        Some(v) => Err(("InvalidInput", format!("Invalid input {k}: {v}"))),
    }
}

fn enum_field(m: &Map<String, Value>, k: &str, allowed: &[&str]) -> Result<(), Refusal> {
    let v = str_field(m, k)?;
    if allowed.contains(&v) {
        Ok(())
    } else {
        Err(("InvalidInput", format!("Invalid input {k}: {v}")))
    }
}

/// Checks one submitted indicator; the service binds enum values exactly as documented.
fn check(m: &Map<String, Value>) -> Result<(), Refusal> {
    enum_field(m, "indicatorType", TYPES)?;
    enum_field(m, "action", ACTIONS)?;
    let ty = str_field(m, "indicatorType")?;
    check_value(ty, str_field(m, "indicatorValue")?)?;
    str_field(m, "title")?;
    str_field(m, "description")?;
    if m.get("severity").is_some_and(|v| !v.is_null()) {
        enum_field(m, "severity", SEVERITIES)?;
    }
    if m.get("action").and_then(Value::as_str) == Some("Audit")
        && m.get("generateAlert") != Some(&Value::Bool(true))
    {
        return Err((
            "InvalidInput",
            "Audit indicators require generateAlert true".into(),
        ));
    }
    if let Some(Value::String(t)) = m.get("expirationTime") {
        if parse(t).is_none() {
            return Err(("InvalidInput", format!("Invalid input expirationTime: {t}")));
        }
    }
    Ok(())
}

impl State {
    fn active_indicators(&self, book: &Book) -> usize {
        let now = self.clock.now();
        book.items
            .iter()
            .filter(|i| {
                i.get("expirationTime")
                    .and_then(Value::as_str)
                    .and_then(parse)
                    .is_none_or(|t| t > now)
            })
            .count()
    }

    /// Creates or updates one (already checked) indicator.
    fn upsert_indicator(
        &self,
        book: &mut Book,
        body: &Map<String, Value>,
        app: &str,
    ) -> Result<Map<String, Value>, Refusal> {
        let ty = body.get("indicatorType").cloned().unwrap_or(Value::Null);
        let value = body
            .get("indicatorValue")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_owned();
        let stamp = json!(fmt7(self.clock.now()));
        let existing = book.items.iter_mut().find(|i| {
            i.get("indicatorType") == Some(&ty)
                && i.get("indicatorValue")
                    .and_then(Value::as_str)
                    .is_some_and(|v| v.eq_ignore_ascii_case(&value))
        });
        if let Some(item) = existing {
            for (k, v) in body {
                if k != "application" && k != "id" {
                    item.insert(entity_key(item, k), v.clone());
                }
            }
            item.insert("lastUpdateTime".into(), stamp);
            item.insert("lastUpdatedBy".into(), json!(app));
            return Ok(item.clone());
        }
        if self.active_indicators(book) >= self.config.max_indicators {
            return Err((
                "BadRequest",
                format!(
                    "The tenant has reached the maximum of {} active indicators",
                    self.config.max_indicators
                ),
            ));
        }
        book.next_id += 1;
        let id = (book.next_id + 1000).to_string();
        let mut item = Map::new();
        for (k, v) in [
            ("id", json!(id)),
            ("indicatorValue", json!(value)),
            ("indicatorType", ty),
            ("action", Value::Null),
            ("application", Value::Null),
            ("externalId", Value::Null),
            ("source", json!(app)),
            ("sourceType", json!("AadApp")),
            ("title", Value::Null),
            ("creationTimeDateTimeUtc", stamp.clone()),
            ("createdBy", json!(app)),
            ("createdBySource", json!(app)),
            ("createdByDisplayName", json!(app)),
            ("expirationTime", Value::Null),
            ("lastUpdateTime", stamp),
            ("lastUpdatedBy", json!(app)),
            ("severity", json!("Informational")),
            ("description", Value::Null),
            ("recommendedActions", Value::Null),
            ("rbacGroupNames", json!([])),
            ("rbacGroupIds", json!([])),
            ("generateAlert", json!(false)),
        ] {
            item.insert(k.into(), v);
        }
        for (k, v) in body {
            if k != "id" {
                item.insert(entity_key(&item, k), v.clone());
            }
        }
        book.items.push(item.clone());
        Ok(item)
    }
}

/// The spelling of body key `k` in the stored indicator: the service reads property names
/// without case (the page writes `externalID`) and answers in the entity's own spelling
/// (`externalId`, as mdekit_spec::entities::INDICATOR declares).
fn entity_key(item: &Map<String, Value>, k: &str) -> String {
    item.keys()
        .find(|known| known.eq_ignore_ascii_case(k))
        .cloned()
        .unwrap_or_else(|| k.to_owned())
}

fn refuse((code, message): Refusal) -> ApiError {
    ApiError::bad_request(code, message)
}

/// `GET /api/indicators`.
pub async fn list(
    AxState(st): AxState<Arc<State>>,
    Caller(claims): Caller,
    OriginalUri(uri): OriginalUri,
) -> ApiResult {
    let (st, path, query) = (&*st, uri.path(), uri.query().unwrap_or(""));
    let all = claims.roles.iter().any(|r| r == "Ti.ReadWrite.All");
    let mut store = Store::default();
    for i in &lock(&st.indicators).items {
        if all || i.get("createdBy").and_then(Value::as_str) == Some(claims.appid.as_str()) {
            store.push(i.clone());
        }
    }
    respond::list(st, &store, &INDICATORS, "Indicators", path, query)
}

/// `POST /api/indicators`: 200 with the entity on create and on update.
pub async fn submit(
    AxState(st): AxState<Arc<State>>,
    Caller(caller): Caller,
    req: Request,
) -> ApiResult {
    let (st, app) = (&*st, caller.appid.as_str());
    let body = read_json_body(req).await?;
    if let Err(refusal) = check(&body) {
        return Err(refuse(refusal));
    }
    let mut book = lock(&st.indicators);
    match st.upsert_indicator(&mut book, &body, app) {
        Ok(item) => {
            drop(book);
            Ok(odata_entity(st, "Indicators", &item, StatusCode::OK))
        }
        Err(refusal) => {
            drop(book);
            Err(refuse(refusal))
        }
    }
}

/// `POST /api/indicators/import`: per-item results, failures in-band.
pub async fn import(
    AxState(st): AxState<Arc<State>>,
    Caller(caller): Caller,
    req: Request,
) -> ApiResult {
    let (st, app) = (&*st, caller.appid.as_str());
    let body = read_json_body(req).await?;
    let items = match body.get("Indicators") {
        Some(Value::Array(a)) => a.clone(),
        None | Some(Value::Null) => {
            return Err(refuse((
                "MissingRequiredParameter",
                "Parameter Indicators is missing".into(),
            )))
        }
        Some(_) => {
            return Err(refuse((
                "InvalidRequestBody",
                "Invalid request body".into(),
            )))
        }
    };
    if items.is_empty() || items.len() > MAX_BATCH {
        return Err(refuse((
            "MaximumBatchSizeExceeded",
            format!(
                "Maximum batch size exceeded. Received: {}, allowed: {MAX_BATCH}",
                items.len()
            ),
        )));
    }
    let mut book = lock(&st.indicators);
    let results: Vec<Value> = items
        .iter()
        .map(|item| {
            let value = item.get("indicatorValue").cloned().unwrap_or(Value::Null);
            let outcome = match item.as_object() {
                Some(m) => check(m).and_then(|()| st.upsert_indicator(&mut book, m, app)),
                None => Err(("InvalidRequestBody", "Invalid request body".into())),
            };
            match outcome {
                Ok(saved) => json!({"id": saved.get("id"), "indicator": value, "isFailed": false, "failureReason": Value::Null}),
                Err((_, reason)) => json!({"id": Value::Null, "indicator": value, "isFailed": true, "failureReason": reason}),
            }
        })
        .collect();
    drop(book);
    Ok(odata_value(
        st,
        "Collection(microsoft.windowsDefenderATP.api.ImportIndicatorResult)",
        Value::Array(results),
    ))
}

/// `DELETE /api/indicators/{id}`: 204, or 404 when unknown.
pub async fn delete(AxState(st): AxState<Arc<State>>, Id(id): Id) -> ApiResult {
    let id = id.as_str();
    let mut book = lock(&st.indicators);
    let before = book.items.len();
    book.items
        .retain(|i| i.get("id").and_then(Value::as_str) != Some(id));
    let removed = book.items.len() < before;
    drop(book);
    if removed {
        Ok(empty(StatusCode::NO_CONTENT))
    } else {
        Err(ApiError::not_found(format!("Indicator {id} was not found")))
    }
}

/// `POST /api/indicators/BatchDelete`: 204 once every id exists; nothing is deleted otherwise.
pub async fn batch_delete(AxState(st): AxState<Arc<State>>, req: Request) -> ApiResult {
    let body = read_json_body(req).await?;
    let ids: Vec<String> = match body.get("IndicatorIds") {
        Some(Value::Array(a)) if !a.is_empty() && a.len() <= MAX_BATCH => {
            let ids: Vec<String> = a
                .iter()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect();
            if ids.len() != a.len()
                || ids
                    .iter()
                    .any(|i| i.is_empty() || !i.chars().all(|c| c.is_ascii_digit()))
            {
                return Err(refuse((
                    "InvalidInput",
                    "Invalid input IndicatorIds".into(),
                )));
            }
            ids
        }
        Some(Value::Array(a)) => {
            return Err(refuse((
                "MaximumBatchSizeExceeded",
                format!(
                    "Maximum batch size exceeded. Received: {}, allowed: {MAX_BATCH}",
                    a.len()
                ),
            )))
        }
        None | Some(Value::Null) => {
            return Err(refuse((
                "MissingRequiredParameter",
                "Parameter IndicatorIds is missing".into(),
            )))
        }
        Some(_) => {
            return Err(refuse((
                "InvalidRequestBody",
                "Invalid request body".into(),
            )))
        }
    };
    let mut book = lock(&st.indicators);
    let missing: Vec<&String> = ids
        .iter()
        .filter(|id| {
            !book
                .items
                .iter()
                .any(|i| i.get("id").and_then(Value::as_str) == Some(id.as_str()))
        })
        .collect();
    if !missing.is_empty() {
        let list = missing
            .iter()
            .map(|s| s.as_str())
            .collect::<Vec<_>>()
            .join(", ");
        drop(book);
        return Err(ApiError::not_found(format!(
            "Indicators {list} were not found"
        )));
    }
    book.items.retain(|i| {
        !ids.iter()
            .any(|id| i.get("id").and_then(Value::as_str) == Some(id.as_str()))
    });
    drop(book);
    Ok(empty(StatusCode::NO_CONTENT))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn value_checks() {
        assert!(check_value("IpAddress", "10.0.0.0/8").is_err());
        assert_eq!(
            check_value("FileMd5", "x").unwrap_err().0,
            "InvalidHashValue"
        );
        assert_eq!(check_value("Url", "ftp://x.y").unwrap_err().0, "InvalidUrl");
        assert!(check_value("Url", "https://x.example:8443/a").is_ok());
        assert_eq!(
            check_value("DomainName", "a b").unwrap_err().0,
            "InvalidDomainName"
        );
    }
}
