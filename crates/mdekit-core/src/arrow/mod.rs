//! Typed Arrow record batches from hunting results (read straight from the response bytes,
//! without building a `serde_json::Value` per row) and from entity lists (alerts, machines...).
//! Behind the `arrow` cargo feature. The Python bindings hand the batches over through the Arrow
//! C stream interface; Rust users write them anywhere arrow-rs goes (IPC, Parquet).
//!
//! Entry points: [`hunting_batch`] (a hunting result's schema and response bodies) and
//! [`entities_batch`] (a list of JSON objects, types inferred). Both return one
//! [`RecordBatch`] whose schema is the columns in order; errors are
//! [`ErrorKind::Decode`](crate::ErrorKind::Decode).
//!
//! Kusto types map as: DateTime -> timestamp[ns, UTC]; Int/Int32 -> int32; Int64/Long -> int64;
//! Real/Double/Decimal -> float64; Boolean -> bool; Dynamic/Object -> UTF-8 JSON text (field
//! metadata `mdekit.kusto_type = Dynamic`, parsed by `mdekit.frames`); every other type (String,
//! Guid, TimeSpan, ...) -> UTF-8. Every column is nullable; a value that does not fit its column
//! type (an unparseable date, a date outside timestamp[ns]'s 1677-2262 range such as the
//! service's `0001-01-01` placeholder) becomes null.

pub mod entity;
mod stream;

pub use entity::{entity_schema, EntityTable, ENTITY_KEY};
pub use stream::HuntingColumns;

use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt;
use std::sync::Arc;

use arrow_array::builder::{
    BooleanBuilder, Float64Builder, Int32Builder, Int64Builder, StringBuilder,
    TimestampNanosecondBuilder,
};
use arrow_array::{ArrayRef, RecordBatch, RecordBatchOptions};
use arrow_schema::{DataType, Field, Schema, TimeUnit};
use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::value::RawValue;
use serde_json::Value;

use crate::error::{Error, Result};

/// Field metadata key carrying the Kusto type name a column came from.
pub const KUSTO_TYPE_KEY: &str = "mdekit.kusto_type";

/// The Arrow column kind of a Kusto type (see the module's type map).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    DateTime,
    Int32,
    Int64,
    Double,
    Bool,
    Str,
    Dynamic,
}

impl Kind {
    /// The kind of a Kusto type name (any case); unknown names are strings.
    pub fn of(kusto: &str) -> Kind {
        match kusto.to_ascii_lowercase().as_str() {
            "datetime" | "date" => Kind::DateTime,
            "int" | "int32" => Kind::Int32,
            "int64" | "long" => Kind::Int64,
            "real" | "double" | "decimal" => Kind::Double,
            "boolean" | "bool" => Kind::Bool,
            "dynamic" | "object" => Kind::Dynamic,
            _ => Kind::Str,
        }
    }

    fn data_type(self) -> DataType {
        match self {
            Kind::DateTime => DataType::Timestamp(TimeUnit::Nanosecond, Some("UTC".into())),
            Kind::Int32 => DataType::Int32,
            Kind::Int64 => DataType::Int64,
            Kind::Double => DataType::Float64,
            Kind::Bool => DataType::Boolean,
            Kind::Str | Kind::Dynamic => DataType::Utf8,
        }
    }
}

/// One JSON value, borrowed where possible.
pub(crate) enum Cell<'a> {
    Null,
    Bool(bool),
    I64(i64),
    U64(u64),
    F64(f64),
    Str(Cow<'a, str>),
    /// An object or array, as JSON text.
    Json(Cow<'a, str>),
}

impl<'a> Cell<'a> {
    fn from_raw(raw: &'a RawValue) -> Cell<'a> {
        let text = raw.get();
        match text.as_bytes().first() {
            Some(b'n') | None => Cell::Null,
            Some(b't') => Cell::Bool(true),
            Some(b'f') => Cell::Bool(false),
            Some(b'{') | Some(b'[') => Cell::Json(Cow::Borrowed(text)),
            Some(b'"') => {
                let inner = &text[1..text.len().saturating_sub(1).max(1)];
                if inner.contains('\\') {
                    serde_json::from_str::<String>(text)
                        .map(|s| Cell::Str(Cow::Owned(s)))
                        .unwrap_or(Cell::Null)
                } else {
                    Cell::Str(Cow::Borrowed(inner))
                }
            }
            Some(_) => text
                .parse::<i64>()
                .map(Cell::I64)
                .or_else(|_| text.parse::<u64>().map(Cell::U64))
                .or_else(|_| text.parse::<f64>().map(Cell::F64))
                .unwrap_or(Cell::Null),
        }
    }

    pub fn from_value(v: &'a Value) -> Cell<'a> {
        match v {
            Value::Null => Cell::Null,
            Value::Bool(b) => Cell::Bool(*b),
            Value::Number(n) => n
                .as_i64()
                .map(Cell::I64)
                .or_else(|| n.as_u64().map(Cell::U64))
                .or_else(|| n.as_f64().map(Cell::F64))
                .unwrap_or(Cell::Null),
            Value::String(s) => Cell::Str(Cow::Borrowed(s)),
            other => Cell::Json(Cow::Owned(other.to_string())),
        }
    }

    fn text(&self) -> Option<Cow<'_, str>> {
        match self {
            Cell::Null => None,
            Cell::Bool(b) => Some(Cow::Owned(b.to_string())),
            Cell::I64(n) => Some(Cow::Owned(n.to_string())),
            Cell::U64(n) => Some(Cow::Owned(n.to_string())),
            Cell::F64(n) => Some(Cow::Owned(n.to_string())),
            Cell::Str(s) | Cell::Json(s) => Some(Cow::Borrowed(s)),
        }
    }

    fn int(&self) -> Option<i64> {
        match self {
            Cell::I64(n) => Some(*n),
            Cell::U64(n) => i64::try_from(*n).ok(),
            Cell::F64(f) if f.fract() == 0.0 && f.abs() < 9.0e18 => Some(*f as i64),
            Cell::Str(s) => s.trim().parse().ok(),
            _ => None,
        }
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Nanoseconds since the epoch of an ISO-8601 date-time (`2024-01-02T03:04:05.1234567Z`, with
/// an optional offset, or a plain date), or None if it does not parse or does not fit in i64.
pub fn parse_timestamp_ns(s: &str) -> Option<i64> {
    let b = s.trim().as_bytes();
    let num = |r: std::ops::Range<usize>| -> Option<i64> {
        let part = b.get(r)?;
        if part.is_empty() || !part.iter().all(u8::is_ascii_digit) {
            return None;
        }
        std::str::from_utf8(part).ok()?.parse().ok()
    };
    if b.len() < 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let (y, mo, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
    if !(1..=12).contains(&mo) || !(1..=31).contains(&d) {
        return None;
    }
    let (mut secs, mut nanos) = (0i64, 0i64);
    if b.len() > 10 {
        if !(b[10] == b'T' || b[10] == b't' || b[10] == b' ') || b.len() < 16 || b[13] != b':' {
            return None;
        }
        let (h, mi) = (num(11..13)?, num(14..16)?);
        let mut i = 16;
        let mut sec = 0;
        if b.get(16) == Some(&b':') {
            sec = num(17..19)?;
            i = 19;
        }
        if h > 23 || mi > 59 || sec > 60 {
            return None;
        }
        secs = h * 3600 + mi * 60 + sec;
        if b.get(i) == Some(&b'.') {
            i += 1;
            let start = i;
            while i < b.len() && b[i].is_ascii_digit() {
                if i - start < 9 {
                    nanos = nanos * 10 + i64::from(b[i] - b'0');
                }
                i += 1;
            }
            if i == start {
                return None;
            }
            for _ in (i - start)..9 {
                nanos *= 10;
            }
        }
        match b.get(i) {
            None => {}
            Some(b'Z') | Some(b'z') if i + 1 == b.len() => {}
            Some(&sign @ (b'+' | b'-')) => {
                let oh = num(i + 1..i + 3)?;
                let om = match b.get(i + 3) {
                    Some(b':') => num(i + 4..i + 6)?,
                    _ => num(i + 3..i + 5).unwrap_or(0),
                };
                let off = oh * 3600 + om * 60;
                secs -= if sign == b'+' { off } else { -off };
            }
            _ => return None,
        }
    }
    let total = days_from_civil(y, mo, d)
        .checked_mul(86_400)?
        .checked_add(secs)?;
    total.checked_mul(1_000_000_000)?.checked_add(nanos)
}

enum Builder {
    Ts(TimestampNanosecondBuilder),
    I32(Int32Builder),
    I64(Int64Builder),
    F64(Float64Builder),
    Bool(BooleanBuilder),
    Str(StringBuilder),
}

impl Builder {
    fn new(kind: Kind) -> Builder {
        match kind {
            Kind::DateTime => Builder::Ts(TimestampNanosecondBuilder::new().with_timezone("UTC")),
            Kind::Int32 => Builder::I32(Int32Builder::new()),
            Kind::Int64 => Builder::I64(Int64Builder::new()),
            Kind::Double => Builder::F64(Float64Builder::new()),
            Kind::Bool => Builder::Bool(BooleanBuilder::new()),
            Kind::Str | Kind::Dynamic => Builder::Str(StringBuilder::new()),
        }
    }

    fn push(&mut self, c: &Cell<'_>) {
        match self {
            Builder::Ts(b) => b.append_option(match c {
                Cell::Str(s) => parse_timestamp_ns(s),
                _ => None,
            }),
            Builder::I32(b) => b.append_option(c.int().and_then(|n| i32::try_from(n).ok())),
            Builder::I64(b) => b.append_option(c.int()),
            Builder::F64(b) => b.append_option(match c {
                Cell::I64(n) => Some(*n as f64),
                Cell::U64(n) => Some(*n as f64),
                Cell::F64(f) => Some(*f),
                Cell::Str(s) => s.trim().parse().ok(),
                _ => None,
            }),
            Builder::Bool(b) => b.append_option(match c {
                Cell::Bool(v) => Some(*v),
                Cell::I64(n) => Some(*n != 0),
                Cell::Str(s) if s.eq_ignore_ascii_case("true") => Some(true),
                Cell::Str(s) if s.eq_ignore_ascii_case("false") => Some(false),
                _ => None,
            }),
            Builder::Str(b) => b.append_option(c.text()),
        }
    }

    fn push_null(&mut self) {
        match self {
            Builder::Ts(b) => b.append_null(),
            Builder::I32(b) => b.append_null(),
            Builder::I64(b) => b.append_null(),
            Builder::F64(b) => b.append_null(),
            Builder::Bool(b) => b.append_null(),
            Builder::Str(b) => b.append_null(),
        }
    }

    fn finish(&mut self) -> ArrayRef {
        match self {
            Builder::Ts(b) => Arc::new(b.finish()),
            Builder::I32(b) => Arc::new(b.finish()),
            Builder::I64(b) => Arc::new(b.finish()),
            Builder::F64(b) => Arc::new(b.finish()),
            Builder::Bool(b) => Arc::new(b.finish()),
            Builder::Str(b) => Arc::new(b.finish()),
        }
    }
}

/// Columns under construction: one builder per column, plus which were set in the current row.
pub(crate) struct Columns<'s> {
    names: Vec<&'s str>,
    kusto: Vec<&'s str>,
    builders: Vec<Builder>,
    index: HashMap<&'s str, usize>,
    filled: Vec<bool>,
    /// Rows ended so far (a batch without columns still has its row count).
    rows: usize,
}

impl<'s> Columns<'s> {
    /// `columns` are (name, Kusto type name) in output order.
    pub fn new(columns: &[(&'s str, &'s str)]) -> Self {
        let mut index = HashMap::with_capacity(columns.len());
        for (i, (name, _)) in columns.iter().enumerate() {
            index.entry(*name).or_insert(i);
        }
        Columns {
            names: columns.iter().map(|c| c.0).collect(),
            kusto: columns.iter().map(|c| c.1).collect(),
            builders: columns
                .iter()
                .map(|c| Builder::new(Kind::of(c.1)))
                .collect(),
            index,
            filled: vec![false; columns.len()],
            rows: 0,
        }
    }

    fn set(&mut self, i: usize, c: &Cell<'_>) {
        if !self.filled[i] {
            self.builders[i].push(c);
            self.filled[i] = true;
        }
    }

    fn end_row(&mut self) {
        self.rows += 1;
        for (b, f) in self.builders.iter_mut().zip(self.filled.iter_mut()) {
            if !*f {
                b.push_null();
            }
            *f = false;
        }
    }

    /// Appends one row given as a JSON object; keys outside the schema are ignored.
    pub fn push_value_row(&mut self, row: &serde_json::Map<String, Value>) {
        for (k, v) in row {
            if let Some(&i) = self.index.get(k.as_str()) {
                self.set(i, &Cell::from_value(v));
            }
        }
        self.end_row();
    }

    pub fn finish(mut self) -> Result<RecordBatch, arrow_schema::ArrowError> {
        let fields: Vec<Field> = self
            .names
            .iter()
            .zip(&self.kusto)
            .map(|(n, t)| {
                Field::new(*n, Kind::of(t).data_type(), true).with_metadata(
                    [(KUSTO_TYPE_KEY.to_string(), t.to_string())]
                        .into_iter()
                        .collect(),
                )
            })
            .collect();
        let arrays: Vec<ArrayRef> = self.builders.iter_mut().map(Builder::finish).collect();
        // With the row count given, a result without columns (an empty entity list) is an
        // empty batch rather than an error.
        let options = RecordBatchOptions::new().with_row_count(Some(self.rows));
        RecordBatch::try_new_with_options(Arc::new(Schema::new(fields)), arrays, &options)
    }
}

/// Looks a row key up among the columns while it is being read, borrowed or not. Rows send
/// their keys in schema order, so the column after the previous key is tried first: most keys
/// cost one comparison rather than a hash.
struct ColumnKey<'a, 's> {
    cols: &'a Columns<'s>,
    guess: usize,
}

impl<'de> DeserializeSeed<'de> for ColumnKey<'_, '_> {
    type Value = Option<usize>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for ColumnKey<'_, '_> {
    type Value = Option<usize>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a column name")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        match self.cols.names.get(self.guess) {
            Some(name) if *name == v => Ok(Some(self.guess)),
            _ => Ok(self.cols.index.get(v).copied()),
        }
    }
}

struct RowSeed<'a, 's> {
    cols: &'a mut Columns<'s>,
}

impl<'de> DeserializeSeed<'de> for RowSeed<'_, '_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for RowSeed<'_, '_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a row object")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let mut guess = 0;
        while let Some(idx) = map.next_key_seed(ColumnKey {
            cols: self.cols,
            guess,
        })? {
            let raw: &'de RawValue = map.next_value()?;
            if let Some(i) = idx {
                self.cols.set(i, &Cell::from_raw(raw));
                guess = i + 1;
            }
        }
        self.cols.end_row();
        Ok(())
    }
}

struct RowsSeed<'a, 's> {
    cols: &'a mut Columns<'s>,
}

impl<'de> DeserializeSeed<'de> for RowsSeed<'_, '_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for RowsSeed<'_, '_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an array of rows")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while seq
            .next_element_seed(RowSeed {
                cols: &mut *self.cols,
            })?
            .is_some()
        {}
        Ok(())
    }
}

struct BodySeed<'a, 's> {
    cols: &'a mut Columns<'s>,
}

impl<'de> DeserializeSeed<'de> for BodySeed<'_, '_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for BodySeed<'_, '_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a hunting response object")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(k) = map.next_key::<Cow<'de, str>>()? {
            if k.eq_ignore_ascii_case("results") {
                map.next_value_seed(RowsSeed {
                    cols: &mut *self.cols,
                })?;
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(())
    }
}

/// A hunting result's rows, read from its response bodies, as one typed record batch.
///
/// `schema` is the result's `Schema` as `(Name, Type)` pairs (Kusto type names such as
/// `DateTime`, `Int64`, `String`, `Dynamic`: see the module's type map); `bodies` are the JSON
/// response bodies, each `{"Schema": [...], "Results": [{column: value}, ...]}` (MDE's
/// `/api/advancedqueries/run` shape; Graph's `runHuntingQuery` uses the same keys). Keys not in
/// `schema` are ignored; a missing key or a value not fitting its column is null.
///
/// Errors: a body that is not that JSON (`ErrorKind::Decode`).
pub fn hunting_batch(schema: &[(&str, &str)], bodies: &[bytes::Bytes]) -> Result<RecordBatch> {
    let mut cols = Columns::new(schema);
    for body in bodies {
        let mut de = serde_json::Deserializer::from_slice(body);
        BodySeed { cols: &mut cols }
            .deserialize(&mut de)
            .and_then(|()| de.end())
            .map_err(|e| Error::decode(format!("a hunting response could not be read: {e}")))?;
    }
    cols.finish().map_err(|e| Error::decode(e.to_string()))
}

fn infer(values: &[&Value]) -> &'static str {
    let mut seen: Option<&'static str> = None;
    for v in values {
        let t = match v {
            Value::Null => continue,
            Value::Bool(_) => "Boolean",
            Value::Number(n) if n.is_i64() => "Int64",
            Value::Number(_) => "Double",
            Value::Object(_) | Value::Array(_) => "Dynamic",
            Value::String(s)
                if s.len() >= 19
                    && s.as_bytes().get(10) == Some(&b'T')
                    && parse_timestamp_ns(s).is_some() =>
            {
                "DateTime"
            }
            Value::String(_) => "String",
        };
        seen = Some(match (seen, t) {
            (None, t) => t,
            (Some(a), b) if a == b => a,
            (Some("Int64"), "Double") | (Some("Double"), "Int64") => "Double",
            (Some("Dynamic"), _) | (_, "Dynamic") => "Dynamic",
            _ => "String",
        });
    }
    seen.unwrap_or("String")
}

/// Entity dicts (alerts, machines) as one record batch. Columns are the keys in order of first
/// appearance; types are inferred from the values: booleans, 64-bit integers, floats, ISO-8601
/// date-time strings (UTC timestamps), objects and arrays (Dynamic, JSON text), else strings;
/// a column mixing types is a string column (integers and floats together: float64).
///
/// Errors: an item that is not a JSON object (`ErrorKind::Decode`).
pub fn entities_batch(items: &[Value]) -> Result<RecordBatch> {
    let mut names: Vec<&str> = Vec::new();
    let mut values: HashMap<&str, Vec<&Value>> = HashMap::new();
    for item in items {
        let Value::Object(obj) = item else {
            return Err(Error::decode("an entity list item was not a JSON object"));
        };
        for (k, v) in obj {
            let e = values.entry(k.as_str()).or_insert_with(|| {
                names.push(k.as_str());
                Vec::new()
            });
            e.push(v);
        }
    }
    let schema: Vec<(&str, &str)> = names.iter().map(|n| (*n, infer(&values[n]))).collect();
    let mut cols = Columns::new(&schema);
    for item in items {
        if let Value::Object(obj) = item {
            cols.push_value_row(obj);
        }
    }
    cols.finish().map_err(|e| Error::decode(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use arrow_array::Array;

    #[test]
    fn parses_timestamps() {
        assert_eq!(parse_timestamp_ns("1970-01-01T00:00:00Z"), Some(0));
        assert_eq!(
            parse_timestamp_ns("2020-02-05T01:10:26.2648757Z"),
            Some(1_580_865_026_264_875_700)
        );
        assert_eq!(parse_timestamp_ns("1970-01-01T01:00:00+01:00"), Some(0));
        assert_eq!(parse_timestamp_ns("1970-01-02"), Some(86_400_000_000_000));
        assert_eq!(parse_timestamp_ns("0001-01-01T00:00:00Z"), None);
        assert_eq!(parse_timestamp_ns("not a date"), None);
        assert_eq!(parse_timestamp_ns("2024-13-01T00:00:00Z"), None);
    }

    #[test]
    fn reads_rows_from_bytes() {
        let body = bytes::Bytes::from_static(
            br#"{"Schema":[],"Results":[{"A":1,"B":"x\"y","C":{"k":[1]}},{"B":null,"A":"7","Z":1}]}"#,
        );
        let b = hunting_batch(
            &[("A", "Int64"), ("B", "String"), ("C", "Dynamic")],
            &[body],
        )
        .unwrap();
        assert_eq!(b.num_rows(), 2);
        let a = b
            .column(0)
            .as_any()
            .downcast_ref::<arrow_array::Int64Array>()
            .unwrap();
        assert_eq!(a.value(0), 1);
        assert_eq!(a.value(1), 7);
        let s = b
            .column(1)
            .as_any()
            .downcast_ref::<arrow_array::StringArray>()
            .unwrap();
        assert_eq!(s.value(0), "x\"y");
        assert!(s.is_null(1));
        let c = b
            .column(2)
            .as_any()
            .downcast_ref::<arrow_array::StringArray>()
            .unwrap();
        assert_eq!(c.value(0), r#"{"k":[1]}"#);
        assert!(c.is_null(1));
    }
}
