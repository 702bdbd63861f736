//! Indicators (custom threat intelligence): list, submit or update, import, delete, batch delete
//! (reference `mde-api-rest.md` §1; Microsoft docs "Indicator resource type", "Submit or Update
//! Indicator API", "Import Indicators API", "List Indicators API", "Delete Indicator API", "Batch
//! Delete Indicators API"). Permission: `Ti.ReadWrite` or `Ti.ReadWrite.All` (application).
//!
//! Indicators travel as JSON objects with the documented camelCase keys, so a dict written from
//! the docs works unchanged. Every indicator is checked before anything is sent: required fields,
//! enums (in their documented spelling, matched case-insensitively) and the value against its type
//! (hash lengths, IP addresses without CIDR, URLs, domain names, certificate thumbprints).

use std::net::IpAddr;

use mdekit_spec::{
    Operation, INDICATORS_BATCH_DELETE, INDICATORS_DELETE, INDICATORS_IMPORT, INDICATORS_LIST,
    INDICATORS_SUBMIT, INDICATOR_ACTION, INDICATOR_SEVERITY, INDICATOR_TYPE,
};
use serde_json::{json, Map, Value};

use super::canonical;
use crate::error::{Error, Result};
use crate::odata::ListQuery;
use crate::paging::Pager;
use crate::pipeline::{Pipeline, Request};

/// Most indicators one import call or one batch delete may carry.
pub const MAX_BATCH: usize = 500;

/// Keys the client sends; anything else in a caller's dict is passed through untouched, as the
/// service documents more fields than its table lists.
const STRING_FIELDS: &[&str] = &[
    "application",
    "expirationTime",
    "recommendedActions",
    "educateUrl",
    "externalID",
];

fn is_hex(s: &str, len: usize) -> bool {
    s.len() == len && s.chars().all(|c| c.is_ascii_hexdigit())
}

/// A host name: dot-separated labels of letters, digits and hyphens (no leading or trailing
/// hyphen), 253 characters at most, not an IP address.
pub fn is_domain(s: &str) -> bool {
    let s = s.strip_suffix('.').unwrap_or(s);
    !s.is_empty()
        && s.len() <= 253
        && s.parse::<IpAddr>().is_err()
        && s.split('.').all(|label| {
            !label.is_empty()
                && label.len() <= 63
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        })
}

/// Whether `s` starts with a scheme and `://` (RFC 3986 scheme characters); a `://` later on,
/// in a path or a query such as `?next=https://...`, does not count.
fn has_scheme(s: &str) -> bool {
    let Some(end) = s.find("://") else {
        return false;
    };
    let scheme = &s[..end];
    scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
}

/// An `expirationTime` as the service reads it: ISO 8601 date and time, with an offset or `Z`,
/// or without one (UTC).
fn is_datetime(s: &str) -> bool {
    let s = s.trim();
    chrono::DateTime::parse_from_rfc3339(s).is_ok()
        || chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S%.f").is_ok()
}

/// An `http`/`https` URL with a host; a URL written without a scheme is read as `http://`.
fn is_url(s: &str) -> bool {
    if s.chars().any(char::is_whitespace) {
        return false;
    }
    let candidate = if has_scheme(s) {
        s.to_owned()
    } else {
        format!("http://{s}")
    };
    match url::Url::parse(&candidate) {
        Ok(u) => {
            matches!(u.scheme(), "http" | "https")
                && u.host_str().is_some_and(|h| !h.is_empty())
                && match u.host() {
                    Some(url::Host::Domain(d)) => is_domain(d),
                    Some(_) => true,
                    None => false,
                }
        }
        Err(_) => false,
    }
}

/// Checks `value` against `indicator_type` (already canonical).
pub fn validate_value(indicator_type: &str, value: &str) -> Result<()> {
    let v = value.trim();
    let (ok, what) = match indicator_type {
        "FileSha1" => (is_hex(v, 40), "a SHA-1 hash (40 hexadecimal characters)"),
        "FileSha256" => (is_hex(v, 64), "a SHA-256 hash (64 hexadecimal characters)"),
        "FileMd5" => (is_hex(v, 32), "an MD5 hash (32 hexadecimal characters)"),
        "CertificateThumbprint" => (
            is_hex(v, 40),
            "a certificate SHA-1 thumbprint (40 hexadecimal characters)",
        ),
        "IpAddress" => (
            !v.contains('/') && v.parse::<IpAddr>().is_ok(),
            "an IPv4 or IPv6 address (CIDR ranges are not supported)",
        ),
        "DomainName" => (is_domain(v), "a domain name"),
        "Url" => (is_url(v), "an http or https URL"),
        other => {
            return Err(Error::invalid_argument(format!(
                "indicatorType {other:?} is not one of {}",
                INDICATOR_TYPE.values.join(", ")
            )))
        }
    };
    if ok {
        Ok(())
    } else {
        Err(Error::invalid_argument(format!(
            "indicatorValue {value:?} is not {what}"
        )))
    }
}

fn required_str<'a>(m: &'a Map<String, Value>, key: &str) -> Result<&'a str> {
    match m.get(key) {
        Some(Value::String(s)) if !s.trim().is_empty() => Ok(s),
        Some(Value::String(_)) | None | Some(Value::Null) => Err(Error::invalid_argument(format!(
            "{key} is required and must not be blank"
        ))),
        Some(_) => Err(Error::invalid_argument(format!("{key} must be a string"))),
    }
}

/// Validates one indicator (a JSON object with the documented camelCase keys) and returns the
/// body to send: enums in their documented spelling, hashes in lower case, values trimmed.
pub fn prepare(indicator: &Value) -> Result<Map<String, Value>> {
    let Value::Object(m) = indicator else {
        return Err(Error::invalid_argument(
            "an indicator must be a dict with the documented camelCase keys",
        ));
    };
    let mut out = m.clone();
    let ty = canonical(
        "indicatorType",
        required_str(m, "indicatorType")?,
        &INDICATOR_TYPE,
    )?;
    let action = canonical("action", required_str(m, "action")?, &INDICATOR_ACTION)?;
    let raw = required_str(m, "indicatorValue")?;
    validate_value(ty, raw)?;
    let value = match ty {
        "FileSha1" | "FileSha256" | "FileMd5" | "CertificateThumbprint" => {
            raw.trim().to_ascii_lowercase()
        }
        _ => raw.trim().to_owned(),
    };
    required_str(m, "title")?;
    required_str(m, "description")?;
    out.insert("indicatorValue".into(), json!(value));
    out.insert("indicatorType".into(), json!(ty));
    out.insert("action".into(), json!(action));
    match m.get("severity") {
        None | Some(Value::Null) => {}
        Some(Value::String(s)) => {
            out.insert(
                "severity".into(),
                json!(canonical("severity", s, &INDICATOR_SEVERITY)?),
            );
        }
        Some(_) => return Err(Error::invalid_argument("severity must be a string")),
    }
    for key in STRING_FIELDS {
        if let Some(v) = m.get(*key) {
            if !v.is_string() && !v.is_null() {
                return Err(Error::invalid_argument(format!("{key} must be a string")));
            }
        }
    }
    if let Some(Value::String(t)) = m.get("expirationTime") {
        if !is_datetime(t) {
            return Err(Error::invalid_argument(format!(
                "expirationTime {t:?} is not an ISO 8601 date and time \
                 (e.g. \"2026-12-31T00:00:00Z\")"
            )));
        }
    }
    if let Some(v) = m.get("generateAlert") {
        if !v.is_boolean() && !v.is_null() {
            return Err(Error::invalid_argument("generateAlert must be a bool"));
        }
    }
    if let Some(v) = m.get("rbacGroupNames") {
        let ok = v.is_null() || v.as_array().is_some_and(|a| a.iter().all(Value::is_string));
        if !ok {
            return Err(Error::invalid_argument(
                "rbacGroupNames must be a list of device group names",
            ));
        }
    }
    if action == "Audit" && m.get("generateAlert") != Some(&Value::Bool(true)) {
        return Err(Error::invalid_argument(
            "action Audit requires generateAlert=True",
        ));
    }
    if m.get("educateUrl").is_some_and(|v| !v.is_null())
        && !(ty == "Url" && matches!(action, "Block" | "Warn"))
    {
        return Err(Error::invalid_argument(
            "educateUrl applies only to Url indicators with action Block or Warn",
        ));
    }
    Ok(out)
}

/// Indicator ids are numeric strings (`"995"`).
pub fn validate_indicator_id(id: &str) -> Result<()> {
    super::validate_id("indicator id", id, |c| c.is_ascii_digit())
}

#[derive(Debug, Clone)]
pub struct Indicators {
    pub(crate) pipeline: Pipeline,
}

impl Indicators {
    fn request(
        &self,
        op: &'static Operation,
        params: &[&str],
        body: Option<Value>,
    ) -> Result<Request> {
        let req = Request::new(op, self.pipeline.url(op, params)?);
        Ok(match body {
            Some(b) => req.json(b),
            None => req,
        })
    }

    /// A lazy pager over `GET /api/indicators` with OData options.
    pub fn list(&self, query: ListQuery) -> Result<Pager> {
        query.validate(&INDICATORS_LIST)?;
        Ok(Pager::new(
            self.pipeline.clone(),
            &INDICATORS_LIST,
            self.pipeline.url(&INDICATORS_LIST, &[])?,
            query,
        ))
    }

    /// `POST /api/indicators`: creates the indicator, or updates the one with the same type and
    /// value; the service answers 200 with the entity either way.
    pub async fn submit(&self, indicator: &Value) -> Result<Value> {
        let body = prepare(indicator)?;
        let req = self.request(&INDICATORS_SUBMIT, &[], Some(Value::Object(body)))?;
        self.pipeline.send(req).await?.json()
    }

    /// `POST /api/indicators/import` in chunks of at most 500: every indicator is validated first
    /// (nothing is sent if one is invalid), then the per-item results of all chunks are returned
    /// in order: `{"id", "indicator", "isFailed", "failureReason"}`.
    ///
    /// When a chunk fails, the error carries [`crate::error::ErrorDetails::chunks`]: one report
    /// per chunk, `{"chunk", "start", "count", "status"}` with `status` `"imported"` (and its
    /// `"results"`), `"failed"` (and the `"error"`) or `"not_sent"`, so a caller knows which
    /// indicators are in and which to send again.
    pub async fn import(&self, indicators: &[Value]) -> Result<Vec<Value>> {
        if indicators.is_empty() {
            return Err(Error::invalid_argument("indicators must not be empty"));
        }
        let mut prepared = Vec::with_capacity(indicators.len());
        for (i, ind) in indicators.iter().enumerate() {
            let body = prepare(ind)
                .map_err(|e| Error::invalid_argument(format!("indicator {i}: {}", e.message)))?;
            prepared.push(Value::Object(body));
        }
        let chunks: Vec<&[Value]> = prepared.chunks(MAX_BATCH).collect();
        let mut reports: Vec<Value> = Vec::with_capacity(chunks.len());
        let mut results = Vec::with_capacity(prepared.len());
        for (n, chunk) in chunks.iter().enumerate() {
            let start = n * MAX_BATCH;
            match self.import_chunk(chunk).await {
                Ok(items) => {
                    let failed = items
                        .iter()
                        .filter(|r| r.get("isFailed").and_then(Value::as_bool) == Some(true))
                        .count();
                    tracing::info!(
                        chunk = n,
                        count = chunk.len(),
                        failed,
                        "indicator import chunk done"
                    );
                    reports.push(json!({
                        "chunk": n, "start": start, "count": chunk.len(),
                        "status": "imported", "results": items,
                    }));
                    results.extend(items);
                }
                Err(mut err) => {
                    reports.push(json!({
                        "chunk": n, "start": start, "count": chunk.len(),
                        "status": "failed", "error": err.to_string(),
                    }));
                    for (m, rest) in chunks.iter().enumerate().skip(n + 1) {
                        reports.push(json!({
                            "chunk": m, "start": m * MAX_BATCH, "count": rest.len(),
                            "status": "not_sent",
                        }));
                    }
                    err.message = format!(
                        "{} (indicator import chunk {n} of {}, items {start}-{}; {} chunk(s) \
                         imported before it, see .chunks)",
                        err.message,
                        chunks.len(),
                        start + chunk.len() - 1,
                        n
                    );
                    err.chunks = Some(Value::Array(reports));
                    return Err(err);
                }
            }
        }
        Ok(results)
    }

    async fn import_chunk(&self, chunk: &[Value]) -> Result<Vec<Value>> {
        let req = self.request(
            &INDICATORS_IMPORT,
            &[],
            Some(json!({ "Indicators": chunk })),
        )?;
        let body = self.pipeline.send(req).await?.json()?;
        match body.get("value") {
            Some(Value::Array(items)) => Ok(items.clone()),
            _ => Err(Error::decode(
                "the import response had no 'value' list of results",
            )),
        }
    }

    /// `DELETE /api/indicators/{id}`: 204 on success, 404 for an unknown id.
    pub async fn delete(&self, id: &str) -> Result<()> {
        validate_indicator_id(id)?;
        self.pipeline
            .send(self.request(&INDICATORS_DELETE, &[id], None)?)
            .await?;
        Ok(())
    }

    /// `POST /api/indicators/BatchDelete`: deletes 1-500 indicators at once; the service refuses
    /// the whole batch (404) when one id is unknown.
    pub async fn batch_delete(&self, ids: &[String]) -> Result<()> {
        if ids.is_empty() || ids.len() > MAX_BATCH {
            return Err(Error::invalid_argument(format!(
                "batch_delete takes 1 to {MAX_BATCH} ids, got {}",
                ids.len()
            )));
        }
        for id in ids {
            validate_indicator_id(id)?;
        }
        let req = self.request(
            &INDICATORS_BATCH_DELETE,
            &[],
            Some(json!({ "IndicatorIds": ids })),
        )?;
        self.pipeline.send(req).await?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ind(ty: &str, value: &str) -> Value {
        json!({"indicatorType": ty, "indicatorValue": value, "action": "block",
               "title": "t", "description": "d"})
    }

    #[test]
    fn expiration_time_must_be_a_date_and_time() {
        let with = |t: &str| {
            let mut v = ind("DomainName", "evil.example.com");
            v["expirationTime"] = json!(t);
            prepare(&v)
        };
        for good in [
            "2026-12-31T00:00:00Z",
            "2026-12-31T00:00:00.123+02:00",
            "2026-12-31T00:00:00",
        ] {
            with(good).unwrap_or_else(|e| panic!("{good}: {e}"));
        }
        for bad in ["tomorrow", "2026-13-01T00:00:00Z", "2026-12-31", ""] {
            assert!(with(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn validates_values_per_type() {
        let good = [
            ("FileSha1", "220e7d15b011d7fac48f2bd61114db1022197f7f"),
            ("FileSha256", &"a".repeat(64)),
            ("FileMd5", &"b".repeat(32)),
            ("CertificateThumbprint", &"C".repeat(40)),
            ("IpAddress", "10.1.2.3"),
            ("IpAddress", "2001:db8::1"),
            ("DomainName", "evil.example.com"),
            ("Url", "https://evil.example.com/payload?x=1"),
            ("Url", "evil.example.com/path"),
            ("Url", "evil.example.com/r?next=https://login.example/x"),
            ("Url", "https://evil.example.com/r?u=http://a.example"),
        ];
        for (t, v) in good {
            prepare(&ind(t, v)).unwrap_or_else(|e| panic!("{t} {v}: {e}"));
        }
        let bad = [
            ("FileSha1", "abc"),
            ("FileSha256", &"a".repeat(40)),
            ("FileMd5", &"z".repeat(32)),
            ("IpAddress", "10.0.0.0/8"),
            ("IpAddress", "999.1.1.1"),
            ("DomainName", "https://evil.example.com"),
            ("DomainName", "10.1.2.3"),
            ("DomainName", "bad_-.-domain"),
            ("Url", "ftp://x.example"),
            ("Url", "not a url"),
            ("Url", "ftp://x.example/r?u=https://a.example"),
            ("Sha1", "220e7d15b011d7fac48f2bd61114db1022197f7f"),
        ];
        for (t, v) in bad {
            assert!(prepare(&ind(t, v)).is_err(), "{t} {v}");
        }
        let p = prepare(&ind("filesha1", "220E7D15B011D7FAC48F2BD61114DB1022197F7F")).unwrap();
        assert_eq!(p["indicatorType"], "FileSha1");
        assert_eq!(p["action"], "Block");
        assert_eq!(
            p["indicatorValue"],
            "220e7d15b011d7fac48f2bd61114db1022197f7f"
        );
        let mut audit = ind("IpAddress", "1.2.3.4");
        audit["action"] = json!("Audit");
        assert!(prepare(&audit).is_err());
        audit["generateAlert"] = json!(true);
        assert!(prepare(&audit).is_ok());
        let mut no_title = ind("IpAddress", "1.2.3.4");
        no_title["title"] = json!("");
        assert!(prepare(&no_title).is_err());
        assert!(validate_indicator_id("995").is_ok());
        assert!(validate_indicator_id("9a").is_err());
    }
}
