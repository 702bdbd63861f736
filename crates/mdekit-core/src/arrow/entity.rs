//! Entity lists (alerts, machines...) as Arrow tables typed by the catalogue's declaration of the
//! entity ([`mdekit_spec::Entity`]), built straight from the page bytes in one pass: no
//! `serde_json::Value` per item, no second parse.
//!
//! A table has the entity's declared columns in declared order, whatever the pages hold: a
//! property absent from every item is an all-null column, an empty result is a table with no rows
//! and every column. Complex types are Arrow structs, collections Arrow lists, date-times
//! timestamp[ns, UTC]. Keys the entity does not declare are left out. A value that does not fit
//! its declared type (a string where a number is declared, an unreadable date) is null; a number
//! or boolean where a string is declared is kept as its text.

use std::collections::HashMap;
use std::fmt;
use std::sync::Arc;

use arrow_array::builder::{
    BooleanBuilder, Float64Builder, Int32Builder, Int64Builder, StringBuilder,
    TimestampNanosecondBuilder,
};
use arrow_array::{ArrayRef, ListArray, RecordBatch, RecordBatchOptions, StructArray};
use arrow_buffer::{NullBufferBuilder, OffsetBuffer, ScalarBuffer};
use arrow_schema::{DataType, Field, FieldRef, Fields, Schema, SchemaRef, TimeUnit};
use mdekit_spec::{Entity, Property, ValueType};
use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;
use serde_json::value::RawValue;

use super::{parse_timestamp_ns, KUSTO_TYPE_KEY};
use crate::error::{Error, Result};

/// Schema metadata key naming the entity a table holds (`Alert`).
pub const ENTITY_KEY: &str = "mdekit.entity";

fn data_type(ty: &ValueType) -> DataType {
    match ty {
        ValueType::String | ValueType::Json => DataType::Utf8,
        ValueType::Int32 => DataType::Int32,
        ValueType::Int64 => DataType::Int64,
        ValueType::Double => DataType::Float64,
        ValueType::Bool => DataType::Boolean,
        ValueType::DateTime => DataType::Timestamp(TimeUnit::Nanosecond, Some("UTC".into())),
        ValueType::List(item) => DataType::List(Arc::new(item_field(item))),
        ValueType::Struct(props) => DataType::Struct(fields(props)),
    }
}

fn item_field(ty: &ValueType) -> Field {
    Field::new("item", data_type(ty), true)
}

fn field(p: &Property) -> Field {
    let f = Field::new(p.name, data_type(&p.ty), true);
    if p.ty == ValueType::Json {
        // `mdekit.frames.to_pandas` parses columns marked Dynamic, as for hunting results.
        f.with_metadata([(KUSTO_TYPE_KEY.to_string(), "Dynamic".to_string())].into())
    } else {
        f
    }
}

fn fields(props: &[Property]) -> Fields {
    props.iter().map(field).collect()
}

/// The Arrow schema of `entity`'s tables: its declared properties in order, every one nullable,
/// with the entity's name under [`ENTITY_KEY`] in the schema metadata.
pub fn entity_schema(entity: &Entity) -> SchemaRef {
    Arc::new(
        Schema::new(fields(entity.properties))
            .with_metadata([(ENTITY_KEY.to_string(), entity.name.to_string())].into()),
    )
}

/// One column under construction.
enum Col {
    Str(StringBuilder),
    /// Declared `Json`: the value's JSON text as sent.
    Json(StringBuilder),
    I32(Int32Builder),
    I64(Int64Builder),
    F64(Float64Builder),
    Bool(BooleanBuilder),
    Ts(TimestampNanosecondBuilder),
    List(Box<ListCol>),
    Struct(Box<StructCol>),
}

struct ListCol {
    item: FieldRef,
    offsets: Vec<i32>,
    nulls: NullBufferBuilder,
    child: Col,
}

struct StructCol {
    props: &'static [Property],
    cols: Vec<Col>,
    index: HashMap<&'static str, usize>,
    /// Which columns the value being read has set (a repeated key keeps its first value).
    filled: Vec<bool>,
    nulls: NullBufferBuilder,
    len: usize,
}

impl Col {
    fn new(ty: &'static ValueType) -> Col {
        match ty {
            ValueType::String => Col::Str(StringBuilder::new()),
            ValueType::Json => Col::Json(StringBuilder::new()),
            ValueType::Int32 => Col::I32(Int32Builder::new()),
            ValueType::Int64 => Col::I64(Int64Builder::new()),
            ValueType::Double => Col::F64(Float64Builder::new()),
            ValueType::Bool => Col::Bool(BooleanBuilder::new()),
            ValueType::DateTime => Col::Ts(TimestampNanosecondBuilder::new().with_timezone("UTC")),
            ValueType::List(item) => Col::List(Box::new(ListCol {
                item: Arc::new(item_field(item)),
                offsets: vec![0],
                nulls: NullBufferBuilder::new(0),
                child: Col::new(item),
            })),
            ValueType::Struct(props) => Col::Struct(Box::new(StructCol::new(props))),
        }
    }

    fn push_null(&mut self) {
        match self {
            Col::Str(b) | Col::Json(b) => b.append_null(),
            Col::I32(b) => b.append_null(),
            Col::I64(b) => b.append_null(),
            Col::F64(b) => b.append_null(),
            Col::Bool(b) => b.append_null(),
            Col::Ts(b) => b.append_null(),
            Col::List(l) => l.push_null(),
            Col::Struct(s) => s.push_null(),
        }
    }

    fn finish(&mut self) -> Result<ArrayRef> {
        Ok(match self {
            Col::Str(b) | Col::Json(b) => Arc::new(b.finish()),
            Col::I32(b) => Arc::new(b.finish()),
            Col::I64(b) => Arc::new(b.finish()),
            Col::F64(b) => Arc::new(b.finish()),
            Col::Bool(b) => Arc::new(b.finish()),
            Col::Ts(b) => Arc::new(b.finish()),
            Col::List(l) => {
                let values = l.child.finish()?;
                let offsets = std::mem::replace(&mut l.offsets, vec![0]);
                let offsets = OffsetBuffer::new(ScalarBuffer::from(offsets));
                Arc::new(
                    ListArray::try_new(l.item.clone(), offsets, values, l.nulls.finish())
                        .map_err(arrow_error)?,
                )
            }
            Col::Struct(s) => Arc::new(s.finish()?),
        })
    }
}

impl ListCol {
    fn child_len(&self) -> Result<i32> {
        i32::try_from(self.child.len())
            .map_err(|_| Error::decode("a list column has more than 2^31 items"))
    }

    fn push_null(&mut self) {
        let end = self.offsets.last().copied().unwrap_or(0);
        self.offsets.push(end);
        self.nulls.append_null();
    }
}

impl Col {
    fn len(&self) -> usize {
        use arrow_array::builder::ArrayBuilder;
        match self {
            Col::Str(b) | Col::Json(b) => b.len(),
            Col::I32(b) => b.len(),
            Col::I64(b) => b.len(),
            Col::F64(b) => b.len(),
            Col::Bool(b) => b.len(),
            Col::Ts(b) => b.len(),
            Col::List(l) => l.offsets.len() - 1,
            Col::Struct(s) => s.len,
        }
    }
}

impl StructCol {
    fn new(props: &'static [Property]) -> StructCol {
        let mut index = HashMap::with_capacity(props.len());
        for (i, p) in props.iter().enumerate() {
            index.entry(p.name).or_insert(i);
        }
        StructCol {
            props,
            cols: props.iter().map(|p| Col::new(&p.ty)).collect(),
            index,
            filled: vec![false; props.len()],
            nulls: NullBufferBuilder::new(0),
            len: 0,
        }
    }

    fn push_null(&mut self) {
        for c in &mut self.cols {
            c.push_null();
        }
        self.nulls.append_null();
        self.len += 1;
    }

    /// Ends the value being read: columns it did not set get a null.
    fn end_value(&mut self) {
        for (c, f) in self.cols.iter_mut().zip(self.filled.iter_mut()) {
            if !*f {
                c.push_null();
            }
            *f = false;
        }
        self.nulls.append_non_null();
        self.len += 1;
    }

    fn finish(&mut self) -> Result<StructArray> {
        let arrays = self
            .cols
            .iter_mut()
            .map(Col::finish)
            .collect::<Result<Vec<_>>>()?;
        let len = std::mem::take(&mut self.len);
        if self.props.is_empty() {
            return Ok(StructArray::new_empty_fields(len, self.nulls.finish()));
        }
        StructArray::try_new(fields(self.props), arrays, self.nulls.finish()).map_err(arrow_error)
    }

    /// The column of key `k`, guessing first that keys come in declared order (they do in the
    /// service's JSON), so most lookups are one comparison rather than a hash.
    fn lookup(&self, k: &str, guess: usize) -> Option<usize> {
        match self.props.get(guess) {
            Some(p) if p.name == k => Some(guess),
            _ => self.index.get(k).copied(),
        }
    }
}

fn arrow_error(e: arrow_schema::ArrowError) -> Error {
    Error::decode(format!("an Arrow table could not be built: {e}"))
}

/// A table of one entity under construction, fed page by page ([`EntityTable::push_page`]) as
/// the pages arrive, so conversion overlaps the download of the next page.
pub struct EntityTable {
    entity: &'static Entity,
    root: StructCol,
}

impl fmt::Debug for EntityTable {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EntityTable")
            .field("entity", &self.entity.name)
            .field("rows", &self.root.len)
            .finish()
    }
}

impl EntityTable {
    pub fn new(entity: &'static Entity) -> Self {
        EntityTable {
            entity,
            root: StructCol::new(entity.properties),
        }
    }

    /// Rows appended so far.
    pub fn rows(&self) -> usize {
        self.root.len
    }

    /// Appends the items of one collection page, a JSON object with a `value` list (the body of
    /// an OData collection response), leaving out its first `skip` items and any from index
    /// `end` on (a page cut short by the caller's `top`).
    ///
    /// Errors: a body that is not such JSON (`ErrorKind::Decode`). After an error the table's
    /// columns may be uneven: drop it.
    pub fn push_page(&mut self, body: &[u8], skip: usize, end: usize) -> Result<()> {
        let mut de = serde_json::Deserializer::from_slice(body);
        PageSeed {
            root: &mut self.root,
            skip,
            end,
        }
        .deserialize(&mut de)
        .and_then(|()| de.end())
        .map_err(|e| Error::decode(format!("a collection page could not be read: {e}")))
    }

    /// The rows so far as one record batch with [`entity_schema`]'s schema.
    pub fn finish(mut self) -> Result<RecordBatch> {
        let rows = self.root.len;
        let arrays = self
            .root
            .cols
            .iter_mut()
            .map(Col::finish)
            .collect::<Result<Vec<_>>>()?;
        let options = RecordBatchOptions::new().with_row_count(Some(rows));
        RecordBatch::try_new_with_options(entity_schema(self.entity), arrays, &options)
            .map_err(arrow_error)
    }
}

/// `{"value": [...], ...}`: only `value` is read.
struct PageSeed<'a> {
    root: &'a mut StructCol,
    skip: usize,
    end: usize,
}

impl<'de> DeserializeSeed<'de> for PageSeed<'_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> std::result::Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for PageSeed<'_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a collection response object")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> std::result::Result<(), A::Error> {
        let mut seen = false;
        while let Some(key) = map.next_key::<std::borrow::Cow<'de, str>>()? {
            if key == "value" && !seen {
                seen = true;
                map.next_value_seed(ItemsSeed {
                    root: &mut *self.root,
                    skip: self.skip,
                    end: self.end,
                })?;
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        if seen {
            Ok(())
        } else {
            Err(de::Error::missing_field("value"))
        }
    }
}

struct ItemsSeed<'a> {
    root: &'a mut StructCol,
    skip: usize,
    end: usize,
}

impl<'de> DeserializeSeed<'de> for ItemsSeed<'_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> std::result::Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for ItemsSeed<'_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a list of entities")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> std::result::Result<(), A::Error> {
        let mut i = 0usize;
        loop {
            let more = if i < self.skip || i >= self.end {
                seq.next_element::<IgnoredAny>()?.is_some()
            } else {
                seq.next_element_seed(StructSeed(&mut *self.root))?
                    .is_some()
            };
            if !more {
                return Ok(());
            }
            i += 1;
        }
    }
}

/// Reads one value into a column.
struct ColSeed<'a>(&'a mut Col);

impl<'de> DeserializeSeed<'de> for ColSeed<'_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> std::result::Result<(), D::Error> {
        match self.0 {
            Col::Json(b) => {
                let raw = <&'de RawValue>::deserialize(d)?;
                match raw.get() {
                    "null" => b.append_null(),
                    text => b.append_value(text),
                }
                Ok(())
            }
            Col::Struct(s) => StructSeed(s).deserialize(d),
            Col::List(l) => d.deserialize_any(ListVisitor(l)),
            scalar => d.deserialize_any(ScalarVisitor(scalar)),
        }
    }
}

/// A container column given a scalar stores null, as for a value not fitting its type.
macro_rules! scalars_are_null {
    () => {
        fn visit_bool<E: de::Error>(self, _: bool) -> std::result::Result<(), E> {
            self.visit_unit()
        }
        fn visit_i64<E: de::Error>(self, _: i64) -> std::result::Result<(), E> {
            self.visit_unit()
        }
        fn visit_u64<E: de::Error>(self, _: u64) -> std::result::Result<(), E> {
            self.visit_unit()
        }
        fn visit_f64<E: de::Error>(self, _: f64) -> std::result::Result<(), E> {
            self.visit_unit()
        }
        fn visit_str<E: de::Error>(self, _: &str) -> std::result::Result<(), E> {
            self.visit_unit()
        }
    };
}

/// Reads one struct value (or null) into `StructCol`; `Some(())` once read.
struct StructSeed<'a>(&'a mut StructCol);

impl<'de> DeserializeSeed<'de> for StructSeed<'_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> std::result::Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for StructSeed<'_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an object or null")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> std::result::Result<(), A::Error> {
        let s = self.0;
        let mut guess = 0usize;
        while let Some(key) = map.next_key::<std::borrow::Cow<'de, str>>()? {
            match s.lookup(&key, guess) {
                Some(i) if !s.filled[i] => {
                    map.next_value_seed(ColSeed(&mut s.cols[i]))?;
                    s.filled[i] = true;
                    guess = i + 1;
                }
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        s.end_value();
        Ok(())
    }
    fn visit_unit<E: de::Error>(self) -> std::result::Result<(), E> {
        self.0.push_null();
        Ok(())
    }
    fn visit_none<E: de::Error>(self) -> std::result::Result<(), E> {
        self.visit_unit()
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> std::result::Result<(), A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        self.visit_unit()
    }
    scalars_are_null!();
}

struct ListVisitor<'a>(&'a mut ListCol);

impl<'de> Visitor<'de> for ListVisitor<'_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a list or null")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> std::result::Result<(), A::Error> {
        let l = self.0;
        while seq.next_element_seed(ColSeed(&mut l.child))?.is_some() {}
        let end = l.child_len().map_err(de::Error::custom)?;
        l.offsets.push(end);
        l.nulls.append_non_null();
        Ok(())
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> std::result::Result<(), A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        self.visit_unit()
    }
    fn visit_unit<E: de::Error>(self) -> std::result::Result<(), E> {
        self.0.push_null();
        Ok(())
    }
    fn visit_none<E: de::Error>(self) -> std::result::Result<(), E> {
        self.visit_unit()
    }
    scalars_are_null!();
}

/// A string, number, boolean or date-time column.
struct ScalarVisitor<'a>(&'a mut Col);

impl ScalarVisitor<'_> {
    fn text(self, s: &str) {
        match self.0 {
            Col::Str(b) | Col::Json(b) => b.append_value(s),
            Col::Ts(b) => b.append_option(parse_timestamp_ns(s)),
            Col::I64(b) => b.append_option(s.trim().parse().ok()),
            Col::I32(b) => b.append_option(s.trim().parse().ok()),
            Col::F64(b) => b.append_option(s.trim().parse().ok()),
            Col::Bool(b) => b.append_option(if s.eq_ignore_ascii_case("true") {
                Some(true)
            } else if s.eq_ignore_ascii_case("false") {
                Some(false)
            } else {
                None
            }),
            other => other.push_null(),
        }
    }

    fn int(self, n: i128) {
        match self.0 {
            Col::Str(b) | Col::Json(b) => b.append_value(n.to_string()),
            Col::I64(b) => b.append_option(i64::try_from(n).ok()),
            Col::I32(b) => b.append_option(i32::try_from(n).ok()),
            Col::F64(b) => b.append_value(n as f64),
            Col::Bool(b) => b.append_value(n != 0),
            other => other.push_null(),
        }
    }
}

impl<'de> Visitor<'de> for ScalarVisitor<'_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON value")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> std::result::Result<(), E> {
        self.text(v);
        Ok(())
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> std::result::Result<(), E> {
        self.int(i128::from(v));
        Ok(())
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> std::result::Result<(), E> {
        self.int(i128::from(v));
        Ok(())
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> std::result::Result<(), E> {
        match self.0 {
            Col::F64(b) => b.append_value(v),
            Col::Str(b) | Col::Json(b) => b.append_value(v.to_string()),
            // An integral float (`3.0`) in an integer column is that integer.
            Col::I64(b) if v.fract() == 0.0 && v.abs() < 9.0e18 => b.append_value(v as i64),
            other => other.push_null(),
        }
        Ok(())
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> std::result::Result<(), E> {
        match self.0 {
            Col::Bool(b) => b.append_value(v),
            Col::Str(b) | Col::Json(b) => b.append_value(if v { "true" } else { "false" }),
            other => other.push_null(),
        }
        Ok(())
    }
    fn visit_unit<E: de::Error>(self) -> std::result::Result<(), E> {
        self.0.push_null();
        Ok(())
    }
    fn visit_none<E: de::Error>(self) -> std::result::Result<(), E> {
        self.visit_unit()
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> std::result::Result<(), A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        self.visit_unit()
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> std::result::Result<(), A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        self.visit_unit()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use arrow_array::cast::AsArray;
    use arrow_array::types::{Int64Type, TimestampNanosecondType};
    use arrow_array::Array;

    const USER: &[Property] = &[
        Property {
            name: "userName",
            ty: ValueType::String,
        },
        Property {
            name: "logonTime",
            ty: ValueType::DateTime,
        },
    ];
    const TAGS: ValueType = ValueType::List(&ValueType::String);
    const USERS: ValueType = ValueType::List(&ValueType::Struct(USER));
    const THING: Entity = Entity {
        name: "Thing",
        doc: "",
        properties: &[
            Property {
                name: "id",
                ty: ValueType::String,
            },
            Property {
                name: "count",
                ty: ValueType::Int64,
            },
            Property {
                name: "seen",
                ty: ValueType::DateTime,
            },
            Property {
                name: "tags",
                ty: TAGS,
            },
            Property {
                name: "owner",
                ty: ValueType::Struct(USER),
            },
            Property {
                name: "users",
                ty: USERS,
            },
            Property {
                name: "extra",
                ty: ValueType::Json,
            },
        ],
    };

    #[test]
    fn an_empty_result_has_every_column() {
        let mut t = EntityTable::new(&THING);
        t.push_page(br#"{"value": []}"#, 0, usize::MAX).unwrap();
        let b = t.finish().unwrap();
        assert_eq!(b.num_rows(), 0);
        assert_eq!(b.num_columns(), 7);
        assert_eq!(b.schema().metadata()[ENTITY_KEY], "Thing");
    }

    #[test]
    fn builds_typed_nested_columns_from_pages() {
        let mut t = EntityTable::new(&THING);
        let p1 = br#"{"@odata.context": "x", "value": [
            {"id": "a", "count": 3, "seen": "2024-01-02T03:04:05.1234567Z", "tags": ["x", "y"],
             "owner": {"userName": "u1", "logonTime": null, "other": 1},
             "users": [{"userName": "u2"}, null], "extra": {"k": [1, 2]}, "unknown": 5},
            {"count": "7", "id": "b", "tags": null, "owner": null, "users": []}
        ], "@odata.nextLink": "y"}"#;
        t.push_page(p1, 0, usize::MAX).unwrap();
        t.push_page(br#"{"value": [{"id": "skipped"}, {"id": "c", "count": 1.5, "seen": "nope"}, {"id": "cut"}]}"#, 1, 2)
            .unwrap();
        let b = t.finish().unwrap();
        assert_eq!(b.num_rows(), 3);
        let ids = b.column(0).as_string::<i32>();
        assert_eq!(
            (0..3).map(|i| ids.value(i)).collect::<Vec<_>>(),
            ["a", "b", "c"]
        );
        let counts = b.column(1).as_primitive::<Int64Type>();
        assert_eq!(counts.value(0), 3);
        assert_eq!(counts.value(1), 7);
        assert!(counts.is_null(2));
        let seen = b.column(2).as_primitive::<TimestampNanosecondType>();
        assert_eq!(seen.value(0) % 1_000_000_000, 123_456_700);
        assert!(seen.is_null(1) && seen.is_null(2));
        let tags = b.column(3).as_list::<i32>();
        assert_eq!(tags.value(0).len(), 2);
        assert!(tags.is_null(1) && tags.is_null(2));
        let owner = b.column(4).as_struct();
        assert!(owner.is_valid(0) && owner.is_null(1));
        assert_eq!(owner.column(0).as_string::<i32>().value(0), "u1");
        let users = b.column(5).as_list::<i32>();
        assert_eq!(users.value(0).len(), 2);
        assert_eq!(users.value(1).len(), 0);
        let extra = b.column(6).as_string::<i32>();
        assert_eq!(extra.value(0), r#"{"k": [1, 2]}"#);
        assert!(extra.is_null(1));
    }

    #[test]
    fn a_body_that_is_not_a_page_is_a_decode_error() {
        let mut t = EntityTable::new(&THING);
        let e = t.push_page(b"[1, 2]", 0, usize::MAX).unwrap_err();
        assert_eq!(e.kind, crate::ErrorKind::Decode);
        let e = EntityTable::new(&THING)
            .push_page(br#"{"items": []}"#, 0, usize::MAX)
            .unwrap_err();
        assert!(e.to_string().contains("value"), "{e}");
    }
}
