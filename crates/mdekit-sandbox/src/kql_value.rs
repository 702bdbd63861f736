//! The typed values of the KQL subset (`kql`) and a table row of them: plain data, so that the tables
//! (`hunting`) can cache their typed rows without depending on the query engine.

use std::sync::Arc;

use chrono::{DateTime, Duration, Utc};
use serde_json::Value;

/// A typed value.
#[derive(Debug, Clone)]
pub enum V {
    Null,
    /// A column a stored row does not have: null in every expression, and left out of result
    /// rows so that loaded data passes through unchanged.
    Missing,
    Bool(bool),
    Long(i64),
    Real(f64),
    Str(Arc<str>),
    Date(DateTime<Utc>),
    /// A date-time read from a table, with its text as stored, so rows pass through unchanged.
    DateText(DateTime<Utc>, Arc<str>),
    Span(Duration),
    Dyn(Arc<Value>),
}

pub type Row = Arc<[V]>;

/// A stored JSON value as the typed value of a column of type `ty`.
pub fn from_json(v: &Value, ty: &str) -> V {
    match (ty, v) {
        (_, Value::Null) => V::Null,
        ("DateTime", Value::String(s)) => crate::time::parse(s)
            .map(|d| V::DateText(d, Arc::from(s.as_str())))
            .unwrap_or(V::Null),
        ("Int32" | "Int64" | "Long" | "Int", Value::Number(n)) => n
            .as_i64()
            .map(V::Long)
            .or_else(|| n.as_f64().map(V::Real))
            .unwrap_or(V::Null),
        ("Int32" | "Int64" | "Long" | "Int", Value::String(s)) => {
            s.trim().parse().map(V::Long).unwrap_or(V::Null)
        }
        ("Double" | "Real", Value::Number(n)) => n.as_f64().map(V::Real).unwrap_or(V::Null),
        ("Double" | "Real", Value::String(s)) => s.trim().parse().map(V::Real).unwrap_or(V::Null),
        ("Boolean", Value::Bool(b)) => V::Bool(*b),
        ("Boolean", Value::String(s)) => match s.to_ascii_lowercase().as_str() {
            "true" => V::Bool(true),
            "false" => V::Bool(false),
            _ => V::Null,
        },
        ("Dynamic", other) => V::Dyn(Arc::new(other.clone())),
        (_, Value::String(s)) => V::Str(Arc::from(s.as_str())),
        (_, Value::Bool(b)) => V::Bool(*b),
        (_, Value::Number(n)) => n
            .as_i64()
            .map(V::Long)
            .or_else(|| n.as_f64().map(V::Real))
            .unwrap_or(V::Null),
        (_, other) => V::Dyn(Arc::new(other.clone())),
    }
}
