//! Advanced hunting. Microsoft Graph `POST /v1.0/security/runHuntingQuery` by default
//! (permission `ThreatHunting.Read.All`), or the MDE `POST /api/advancedqueries/run` endpoint
//! that Microsoft is retiring (permission `AdvancedQuery.Read.All`). The two answer with
//! different casing (`schema`/`results` vs `Schema`/`Results`); both become one [`HuntingResult`].

use std::str::FromStr;

use reqwest::Method;
use serde_json::{Map, Value};

use crate::config::join;
use crate::error::{Error, Result};
use crate::pipeline::rate_limit::Family;
use crate::pipeline::{Audience, Idempotency, Pipeline, Request};

/// Which advanced-hunting API to call.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum HuntingEndpoint {
    #[default]
    Graph,
    Mde,
}

impl FromStr for HuntingEndpoint {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        match s.to_ascii_lowercase().as_str() {
            "graph" => Ok(HuntingEndpoint::Graph),
            "mde" | "legacy" => Ok(HuntingEndpoint::Mde),
            other => Err(Error::invalid_argument(format!(
                "unknown hunting endpoint {other:?}: expected 'graph' or 'mde'"
            ))),
        }
    }
}

/// One column of a hunting result's schema.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Column {
    pub name: String,
    /// Kusto type name as the service sent it (`DateTime`, `String`, `Int64`, ...).
    pub r#type: String,
}

#[derive(Debug, Clone)]
pub struct HuntingResult {
    pub schema: Vec<Column>,
    pub rows: Vec<Map<String, Value>>,
    /// The MDE endpoint's optional `Stats` object.
    pub stats: Option<Value>,
}

/// Looks a key up exactly, then ignoring case (the two endpoints and the docs disagree on case).
fn get_ci<'a>(obj: &'a Map<String, Value>, key: &str) -> Option<&'a Value> {
    obj.get(key).or_else(|| {
        obj.iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(key))
            .map(|(_, v)| v)
    })
}

fn take_ci(obj: &mut Map<String, Value>, key: &str) -> Option<Value> {
    let actual = obj.keys().find(|k| k.eq_ignore_ascii_case(key))?.clone();
    obj.remove(&actual)
}

impl HuntingResult {
    pub fn from_json(body: Value) -> Result<Self> {
        let Value::Object(mut root) = body else {
            return Err(Error::decode("a hunting response was not a JSON object"));
        };
        let schema = match take_ci(&mut root, "schema") {
            Some(Value::Array(cols)) => cols
                .iter()
                .map(|c| {
                    let obj = c.as_object();
                    let field = |k: &str| {
                        obj.and_then(|o| get_ci(o, k))
                            .and_then(Value::as_str)
                            .map(str::to_owned)
                    };
                    match (field("name"), field("type")) {
                        (Some(name), Some(r#type)) => Ok(Column { name, r#type }),
                        _ => Err(Error::decode("a hunting schema column lacks name or type")),
                    }
                })
                .collect::<Result<Vec<_>>>()?,
            _ => return Err(Error::decode("a hunting response had no schema")),
        };
        let rows = match take_ci(&mut root, "results") {
            Some(Value::Array(rows)) => rows
                .into_iter()
                .map(|r| match r {
                    Value::Object(m) => Ok(m),
                    _ => Err(Error::decode("a hunting result row was not an object")),
                })
                .collect::<Result<Vec<_>>>()?,
            _ => return Err(Error::decode("a hunting response had no results")),
        };
        Ok(HuntingResult {
            schema,
            rows,
            stats: take_ci(&mut root, "stats"),
        })
    }
}

#[derive(Debug, Clone)]
pub struct Hunting {
    pub(crate) pipeline: Pipeline,
}

impl Hunting {
    /// Runs a KQL query. `timespan` (ISO-8601 duration or interval, e.g. `P7D`) is a Graph option;
    /// the MDE endpoint always covers the last 30 days.
    pub async fn run(
        &self,
        query: &str,
        timespan: Option<&str>,
        endpoint: HuntingEndpoint,
    ) -> Result<HuntingResult> {
        if query.trim().is_empty() {
            return Err(Error::invalid_argument("query must not be empty"));
        }
        let endpoints = self.pipeline.endpoints();
        let mut body = Map::new();
        body.insert("Query".into(), Value::String(query.to_owned()));
        let (url, audience) = match endpoint {
            HuntingEndpoint::Graph => {
                if let Some(ts) = timespan {
                    if ts.trim().is_empty() {
                        return Err(Error::invalid_argument("timespan must not be empty"));
                    }
                    body.insert("Timespan".into(), Value::String(ts.to_owned()));
                }
                (
                    join(&endpoints.graph_base_url, "/v1.0/security/runHuntingQuery"),
                    Audience::Graph,
                )
            }
            HuntingEndpoint::Mde => {
                if timespan.is_some() {
                    return Err(Error::invalid_argument(
                        "timespan is only supported by the Graph endpoint; the MDE endpoint \
                         always covers the last 30 days",
                    ));
                }
                (
                    join(&endpoints.api_base_url, "/api/advancedqueries/run"),
                    Audience::Mde,
                )
            }
        };
        let response = self
            .pipeline
            .send(Request {
                method: Method::POST,
                url,
                body: Some(Value::Object(body)),
                family: Family::Hunting,
                audience,
                // A hunting query only reads, so repeating it is harmless.
                idempotency: Idempotency::Safe,
            })
            .await?;
        HuntingResult::from_json(response.json()?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reads_both_casings() {
        let mde = json!({"Stats": {}, "Schema": [{"Name": "A", "Type": "String"}], "Results": [{"A": "x"}]});
        let graph = json!({"schema": [{"name": "A", "type": "String"}], "results": [{"A": "x"}]});
        let a = HuntingResult::from_json(mde).unwrap();
        let b = HuntingResult::from_json(graph).unwrap();
        assert_eq!(a.schema, b.schema);
        assert_eq!(a.rows, b.rows);
        assert!(a.stats.is_some() && b.stats.is_none());
        assert!(HuntingResult::from_json(json!({"schema": []})).is_err());
        assert!("bogus".parse::<HuntingEndpoint>().is_err());
    }
}
