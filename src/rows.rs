//! JSON bytes straight to Python objects, with no `serde_json::Value` in between.
//!
//! A `DeserializeSeed` builds `dict`/`list`/`str`/`int`/`float` while serde_json tokenises the
//! body. Object keys repeat on every row, so one Python string per distinct key is made and
//! shared. The cyclic garbage collector is paused while a result is built: the result is acyclic,
//! and on 100,000 rows the collector's passes cost more than the parsing itself
//! (`stack-notes.md` §5).

use std::collections::HashMap;
use std::fmt;

use pyo3::prelude::*;
use pyo3::types::{PyDict, PyFloat, PyInt, PyList, PyModule, PyString};
use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};

/// Keys seen in one conversion, as Python strings. Bounded so that a body of many distinct keys
/// (a dynamic column with unique keys) cannot grow it without limit.
pub struct KeyCache<'py> {
    py: Python<'py>,
    // A lookup per key of every row: foldhash is several times cheaper than SipHash here, and
    // the keys come from the service, not from an adversary choosing collisions for a cache
    // bounded by `KEY_CACHE_LIMIT` anyway.
    map: HashMap<Box<str>, Bound<'py, PyString>, foldhash::fast::RandomState>,
}

const KEY_CACHE_LIMIT: usize = 4096;

impl<'py> KeyCache<'py> {
    pub fn new(py: Python<'py>) -> Self {
        KeyCache {
            py,
            map: HashMap::default(),
        }
    }

    fn get(&mut self, key: &str) -> Bound<'py, PyString> {
        if let Some(s) = self.map.get(key) {
            return s.clone();
        }
        let s = PyString::new(self.py, key);
        if self.map.len() < KEY_CACHE_LIMIT {
            self.map.insert(key.into(), s.clone());
        }
        s
    }
}

/// Pauses the cyclic garbage collector until dropped, if it was running.
pub struct GcPause<'py> {
    gc: Option<Bound<'py, PyModule>>,
}

impl<'py> GcPause<'py> {
    pub fn new(py: Python<'py>) -> PyResult<Self> {
        let gc = crate::py_imports::gc(py)?.clone();
        if gc.call_method0("isenabled")?.extract::<bool>()? {
            gc.call_method0("disable")?;
            Ok(GcPause { gc: Some(gc) })
        } else {
            Ok(GcPause { gc: None })
        }
    }
}

impl Drop for GcPause<'_> {
    fn drop(&mut self) {
        if let Some(gc) = &self.gc {
            // Re-enabling cannot fail in practice; if it did there is no caller to tell.
            let _ = gc.call_method0("enable");
        }
    }
}

fn py_err<E: de::Error>(e: PyErr) -> E {
    E::custom(e.to_string())
}

/// Any JSON value as a Python object.
struct ValueSeed<'a, 'py> {
    cache: &'a mut KeyCache<'py>,
}

impl<'de, 'py> DeserializeSeed<'de> for ValueSeed<'_, 'py> {
    type Value = Bound<'py, PyAny>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de, 'py> Visitor<'de> for ValueSeed<'_, 'py> {
    type Value = Bound<'py, PyAny>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON value")
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
        Ok(pyo3::types::PyBool::new(self.cache.py, v)
            .to_owned()
            .into_any())
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        Ok(PyInt::new(self.cache.py, v).into_any())
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        Ok(PyInt::new(self.cache.py, v).into_any())
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        Ok(PyFloat::new(self.cache.py, v).into_any())
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(PyString::new(self.cache.py, v).into_any())
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(self.cache.py.None().into_bound(self.cache.py))
    }
    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        self.visit_unit()
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let list = PyList::empty(self.cache.py);
        while let Some(v) = seq.next_element_seed(ValueSeed {
            cache: &mut *self.cache,
        })? {
            list.append(v).map_err(py_err)?;
        }
        Ok(list.into_any())
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let dict = PyDict::new(self.cache.py);
        while let Some(k) = map.next_key_seed(KeySeed {
            cache: &mut *self.cache,
        })? {
            let v = map.next_value_seed(ValueSeed {
                cache: &mut *self.cache,
            })?;
            dict.set_item(k, v).map_err(py_err)?;
        }
        Ok(dict.into_any())
    }
}

struct KeySeed<'a, 'py> {
    cache: &'a mut KeyCache<'py>,
}

impl<'de, 'py> DeserializeSeed<'de> for KeySeed<'_, 'py> {
    type Value = Bound<'py, PyString>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_str(self)
    }
}

impl<'de, 'py> Visitor<'de> for KeySeed<'_, 'py> {
    type Value = Bound<'py, PyString>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an object key")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(self.cache.get(v))
    }
}

/// Appends each element of a JSON array to `list`.
struct AppendSeed<'a, 'py> {
    list: &'a Bound<'py, PyList>,
    cache: &'a mut KeyCache<'py>,
}

impl<'de> DeserializeSeed<'de> for AppendSeed<'_, '_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for AppendSeed<'_, '_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an array")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while let Some(v) = seq.next_element_seed(ValueSeed {
            cache: &mut *self.cache,
        })? {
            self.list.append(v).map_err(py_err)?;
        }
        Ok(())
    }
}

/// Appends the elements of the top-level object's `key` array (matched ignoring case) to `list`.
struct FieldSeed<'a, 'py> {
    key: &'a str,
    list: &'a Bound<'py, PyList>,
    cache: &'a mut KeyCache<'py>,
}

impl<'de> DeserializeSeed<'de> for FieldSeed<'_, '_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for FieldSeed<'_, '_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON object")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(k) = map.next_key::<std::borrow::Cow<'de, str>>()? {
            if k.eq_ignore_ascii_case(self.key) {
                map.next_value_seed(AppendSeed {
                    list: self.list,
                    cache: &mut *self.cache,
                })?;
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(())
    }
}

/// JSON texts (a Dynamic column's values) as Python objects in one list, GC paused: `None`
/// stays `None`, and a text that is not JSON stays the text.
pub fn json_texts_to_list<'py, 'a>(
    py: Python<'py>,
    texts: impl Iterator<Item = Option<&'a str>>,
) -> PyResult<Bound<'py, PyList>> {
    let _pause = GcPause::new(py)?;
    let mut cache = KeyCache::new(py);
    let list = PyList::empty(py);
    for text in texts {
        let item = match text {
            None => py.None().into_bound(py),
            Some(t) => {
                let mut de = serde_json::Deserializer::from_str(t);
                let seed = ValueSeed { cache: &mut cache };
                match seed.deserialize(&mut de).and_then(|v| de.end().map(|()| v)) {
                    Ok(v) => v,
                    Err(_) => PyString::new(py, t).into_any(),
                }
            }
        };
        list.append(item)?;
    }
    Ok(list)
}

/// Appends the array under `key` of each JSON object in `bodies` to one new list, GC paused.
pub fn arrays_to_list<'py>(
    py: Python<'py>,
    bodies: &[bytes::Bytes],
    key: &str,
) -> PyResult<Bound<'py, PyList>> {
    let _pause = GcPause::new(py)?;
    let list = PyList::empty(py);
    let mut cache = KeyCache::new(py);
    for body in bodies {
        let mut de = serde_json::Deserializer::from_slice(body);
        FieldSeed {
            key,
            list: &list,
            cache: &mut cache,
        }
        .deserialize(&mut de)
        .and_then(|()| de.end())
        .map_err(|e| {
            crate::errors::to_pyerr(
                py,
                mdekit_core::Error::decode(format!("a response body could not be read: {e}")),
            )
        })?;
    }
    Ok(list)
}

/// A `serde_json::Value` as Python objects, keys shared through `cache` (faster than the
/// generic `pythonize` for entity pages).
pub fn value_to_py<'py>(
    py: Python<'py>,
    v: &serde_json::Value,
    cache: &mut KeyCache<'py>,
) -> PyResult<Bound<'py, PyAny>> {
    use serde_json::Value;
    Ok(match v {
        Value::Null => py.None().into_bound(py),
        Value::Bool(b) => pyo3::types::PyBool::new(py, *b).to_owned().into_any(),
        Value::Number(n) => {
            if let Some(i) = n.as_i64() {
                PyInt::new(py, i).into_any()
            } else if let Some(u) = n.as_u64() {
                PyInt::new(py, u).into_any()
            } else {
                PyFloat::new(py, n.as_f64().unwrap_or(f64::NAN)).into_any()
            }
        }
        Value::String(s) => PyString::new(py, s).into_any(),
        Value::Array(items) => {
            let list = PyList::empty(py);
            for item in items {
                list.append(value_to_py(py, item, cache)?)?;
            }
            list.into_any()
        }
        Value::Object(map) => {
            let dict = PyDict::new(py);
            for (k, item) in map {
                dict.set_item(cache.get(k), value_to_py(py, item, cache)?)?;
            }
            dict.into_any()
        }
    })
}

/// Appends the first `limit` elements of a JSON array to `list`, skipping the rest.
struct LimitedAppendSeed<'a, 'py> {
    list: &'a Bound<'py, PyList>,
    limit: usize,
    cache: &'a mut KeyCache<'py>,
}

impl<'de> DeserializeSeed<'de> for LimitedAppendSeed<'_, '_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for LimitedAppendSeed<'_, '_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an array")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let mut n = 0;
        while n < self.limit {
            match seq.next_element_seed(ValueSeed {
                cache: &mut *self.cache,
            })? {
                Some(v) => self.list.append(v).map_err(py_err)?,
                None => return Ok(()),
            }
            n += 1;
        }
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(())
    }
}

/// Finds the top-level `value` key (exactly, as `mdekit_core::paging` does) of a page body.
struct PageSeed<'a, 'py> {
    inner: LimitedAppendSeed<'a, 'py>,
}

impl<'de> DeserializeSeed<'de> for PageSeed<'_, '_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for PageSeed<'_, '_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON object")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let mut inner = Some(self.inner);
        while let Some(k) = map.next_key::<std::borrow::Cow<'de, str>>()? {
            match (k.as_ref(), inner.take()) {
                ("value", Some(seed)) => map.next_value_seed(seed)?,
                (_, seed) => {
                    inner = seed;
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(())
    }
}

/// Appends the first `limit` items of a collection page's `value` list (a body already checked
/// by `mdekit_core::paging`) to `list`. The caller pauses the garbage collector.
pub fn append_page_items<'py>(
    list: &Bound<'py, PyList>,
    body: &[u8],
    limit: usize,
    cache: &mut KeyCache<'py>,
) -> PyResult<()> {
    let mut de = serde_json::Deserializer::from_slice(body);
    PageSeed {
        inner: LimitedAppendSeed { list, limit, cache },
    }
    .deserialize(&mut de)
    .and_then(|()| de.end())
    .map_err(|e| {
        crate::errors::to_pyerr(
            list.py(),
            mdekit_core::Error::decode(format!("a collection response could not be read: {e}")),
        )
    })
}
