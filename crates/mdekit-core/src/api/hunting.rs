//! Advanced hunting. Microsoft Graph `POST /v1.0/security/runHuntingQuery` by default
//! (permission `ThreatHunting.Read.All`), or the MDE `POST /api/advancedqueries/run` endpoint
//! that Microsoft is retiring (permission `AdvancedQuery.Read.All`). The two answer with
//! different casing (`schema`/`results` vs `Schema`/`Results`); both become one [`HuntingResult`].

use std::str::FromStr;
use std::sync::Arc;

use bytes::Bytes;
use mdekit_spec::{Operation, ADVANCED_QUERIES_RUN, HUNTING_RUN};
use serde::de::{DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;
use serde_json::{Map, Value};

use crate::error::{Error, Result};
use crate::pipeline::{BodyObserver, Pipeline, Request};

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

/// A hunting result. The rows stay as the response bytes: converting them straight to the
/// caller's form (Python objects, Arrow columns) is several times faster than building
/// `serde_json::Value`s first. A result merged from several time windows keeps one body per
/// window, in order; its rows are the bodies' `results` arrays one after the other.
#[derive(Debug, Clone)]
pub struct HuntingResult {
    pub schema: Vec<Column>,
    /// The MDE endpoint's optional `Stats` object (of the first body).
    pub stats: Option<Value>,
    pub bodies: Vec<Bytes>,
    pub row_count: usize,
}

/// What one pass over a body learns without building the rows: schema, stats, row count.
struct Header {
    schema: Option<Vec<Column>>,
    stats: Option<Value>,
    rows: Option<usize>,
}

#[derive(Deserialize)]
struct ColumnDe {
    #[serde(alias = "Name")]
    name: String,
    #[serde(alias = "Type")]
    r#type: String,
}

/// Any JSON object, skipped without being built.
struct AnyObject;

impl<'de> Deserialize<'de> for AnyObject {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = AnyObject;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a row object")
            }
            fn visit_map<A: MapAccess<'de>>(
                self,
                mut map: A,
            ) -> std::result::Result<AnyObject, A::Error> {
                while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
                Ok(AnyObject)
            }
        }
        d.deserialize_map(V)
    }
}

/// Counts the rows of a `results` array, checking that each is an object.
struct RowCounter;

impl<'de> Visitor<'de> for RowCounter {
    type Value = usize;
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("an array of row objects")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> std::result::Result<usize, A::Error> {
        let mut n = 0;
        while seq.next_element::<AnyObject>()?.is_some() {
            n += 1;
        }
        Ok(n)
    }
}

impl<'de> Deserialize<'de> for Header {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Header;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a hunting response object")
            }
            fn visit_map<A: MapAccess<'de>>(
                self,
                mut map: A,
            ) -> std::result::Result<Header, A::Error> {
                let mut h = Header {
                    schema: None,
                    stats: None,
                    rows: None,
                };
                while let Some(key) = map.next_key::<std::borrow::Cow<'de, str>>()? {
                    // The two endpoints (and the docs) disagree on the keys' case.
                    match key.to_ascii_lowercase().as_str() {
                        "schema" => {
                            let cols: Vec<ColumnDe> = map.next_value()?;
                            h.schema = Some(
                                cols.into_iter()
                                    .map(|c| Column {
                                        name: c.name,
                                        r#type: c.r#type,
                                    })
                                    .collect(),
                            );
                        }
                        "results" => {
                            h.rows = Some(map.next_value_seed(RowsSeed)?);
                        }
                        "stats" => h.stats = Some(map.next_value()?),
                        _ => {
                            map.next_value::<IgnoredAny>()?;
                        }
                    }
                }
                Ok(h)
            }
        }
        d.deserialize_map(V)
    }
}

struct RowsSeed;

impl<'de> DeserializeSeed<'de> for RowsSeed {
    type Value = usize;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> std::result::Result<usize, D::Error> {
        d.deserialize_seq(RowCounter)
    }
}

impl HuntingResult {
    /// Reads a response body: schema and stats now, rows when asked for.
    pub fn from_bytes(body: Bytes) -> Result<Self> {
        let h: Header = serde_json::from_slice(&body)
            .map_err(|e| Error::decode(format!("a hunting response could not be read: {e}")))?;
        let schema = h
            .schema
            .ok_or_else(|| Error::decode("a hunting response had no schema"))?;
        let row_count = h
            .rows
            .ok_or_else(|| Error::decode("a hunting response had no results"))?;
        Ok(HuntingResult {
            schema,
            stats: h.stats,
            bodies: vec![body],
            row_count,
        })
    }

    pub fn from_json(body: &Value) -> Result<Self> {
        let bytes = serde_json::to_vec(body).map_err(|e| Error::decode(e.to_string()))?;
        Self::from_bytes(Bytes::from(bytes))
    }

    /// The rows as JSON maps (for Rust callers; the bindings read the bytes directly).
    pub fn rows(&self) -> Result<Vec<Map<String, Value>>> {
        #[derive(Deserialize)]
        struct Rows {
            #[serde(alias = "Results")]
            results: Vec<Map<String, Value>>,
        }
        let mut out = Vec::with_capacity(self.row_count);
        for body in &self.bodies {
            let r: Rows = serde_json::from_slice(body)
                .map_err(|e| Error::decode(format!("a hunting response could not be read: {e}")))?;
            out.extend(r.results);
        }
        Ok(out)
    }

    /// Joins results of the same query over consecutive windows, in the order given.
    pub fn concat(parts: Vec<HuntingResult>) -> Option<HuntingResult> {
        let mut it = parts.into_iter();
        let mut first = it.next()?;
        for p in it {
            first.row_count += p.row_count;
            first.bodies.extend(p.bodies);
        }
        Some(first)
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
        self.run_observed(query, timespan, endpoint, None).await
    }

    /// [`Self::run`], with `observer` seeing the response body while it arrives (e.g.
    /// [`crate::arrow::HuntingColumns`], to build the columns during the download).
    pub async fn run_observed(
        &self,
        query: &str,
        timespan: Option<&str>,
        endpoint: HuntingEndpoint,
        observer: Option<Arc<dyn BodyObserver>>,
    ) -> Result<HuntingResult> {
        if query.trim().is_empty() {
            return Err(Error::invalid_argument("query must not be empty"));
        }
        let mut body = Map::new();
        body.insert("Query".into(), Value::String(query.to_owned()));
        let op: &'static Operation = match endpoint {
            HuntingEndpoint::Graph => {
                if let Some(ts) = timespan {
                    if ts.trim().is_empty() {
                        return Err(Error::invalid_argument("timespan must not be empty"));
                    }
                    // Refused here, not by the service after a round trip (and a quota unit).
                    crate::api::hunting_split::window_of(Some(ts), chrono::Utc::now())?;
                    body.insert("Timespan".into(), Value::String(ts.to_owned()));
                }
                &HUNTING_RUN
            }
            HuntingEndpoint::Mde => {
                if timespan.is_some() {
                    return Err(Error::invalid_argument(
                        "timespan is only supported by the Graph endpoint; the MDE endpoint \
                         always covers the last 30 days",
                    ));
                }
                &ADVANCED_QUERIES_RUN
            }
        };
        let mut request = Request::new(op, self.pipeline.url(op, &[])?).json(Value::Object(body));
        if let Some(o) = observer {
            request = request.observe(o);
        }
        let response = self.pipeline.send(request).await?;
        HuntingResult::from_bytes(response.body)
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
        let a = HuntingResult::from_json(&mde).unwrap();
        let b = HuntingResult::from_json(&graph).unwrap();
        assert_eq!(a.schema, b.schema);
        assert_eq!(a.rows().unwrap(), b.rows().unwrap());
        assert_eq!(a.row_count, 1);
        assert!(a.stats.is_some() && b.stats.is_none());
        assert!(HuntingResult::from_json(&json!({"schema": []})).is_err());
        assert!(HuntingResult::from_json(&json!({"schema": [], "results": [1]})).is_err());
        let both = HuntingResult::concat(vec![a, b]).unwrap();
        assert_eq!(both.row_count, 2);
        assert_eq!(both.rows().unwrap().len(), 2);
        assert!("bogus".parse::<HuntingEndpoint>().is_err());
    }
}
