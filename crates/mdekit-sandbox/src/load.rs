//! Loading captured data: API responses become alerts, machines and vulnerabilities; hunting exports and responses
//! become hunting tables. Rows and entities are kept as found (unknown fields, key order and values unchanged),
//! except that portal CSV text is typed the way the API would send it.

use std::path::{Path, PathBuf};

use serde_json::{Map, Value};

use crate::config::SandboxError;
use crate::hunting::{infer_type, known_names, known_schema, Column};

pub struct LoadedTable {
    pub name: String,
    pub columns: Vec<Column>,
    pub rows: Vec<Map<String, Value>>,
}

#[derive(Default)]
pub struct Loaded {
    pub alerts: Vec<Map<String, Value>>,
    pub machines: Vec<Map<String, Value>>,
    pub vulnerabilities: Vec<Map<String, Value>>,
    pub tables: Vec<LoadedTable>,
}

type Rows = Vec<Map<String, Value>>;

const DATA_EXTENSIONS: &[&str] = &["json", "jsonl", "ndjson", "csv"];

/// `TABLE=path` names the table for hunting rows; a plain path leaves it to detection.
fn split_table_prefix(p: &Path) -> (Option<String>, PathBuf) {
    let text = p.to_string_lossy();
    if let Some((name, rest)) = text.split_once('=') {
        if !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            return (Some(name.to_string()), PathBuf::from(rest));
        }
    }
    (None, p.to_path_buf())
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> Result<(), SandboxError> {
    let err = |e: std::io::Error| SandboxError::Load {
        path: dir.to_path_buf(),
        reason: e.to_string(),
    };
    for entry in std::fs::read_dir(dir).map_err(err)? {
        let path = entry.map_err(err)?.path();
        let hidden = path
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.starts_with('.'));
        if hidden {
            continue;
        }
        if path.is_dir() {
            walk(&path, out)?;
        } else if path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| DATA_EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
        {
            out.push(path);
        }
    }
    Ok(())
}

/// Loads every path in order; a folder contributes its data files (json, jsonl, ndjson, csv), sorted by path.
pub fn load_all(paths: &[PathBuf]) -> Result<Loaded, SandboxError> {
    let mut out = Loaded::default();
    for p in paths {
        let (table, path) = split_table_prefix(p);
        if path.is_dir() {
            let mut files = Vec::new();
            walk(&path, &mut files)?;
            files.sort();
            for f in files {
                load_file(&f, table.as_deref(), &mut out)?;
            }
        } else {
            load_file(&path, table.as_deref(), &mut out)?;
        }
    }
    Ok(out)
}

enum Kind {
    Alert,
    Machine,
    Vulnerability,
}

fn classify(v: &Value) -> Option<Kind> {
    let o = v.as_object()?;
    if o.contains_key("alertCreationTime") {
        Some(Kind::Alert)
    } else if o.contains_key("computerDnsName") && o.contains_key("osPlatform") {
        Some(Kind::Machine)
    } else if o.contains_key("cveId") {
        Some(Kind::Vulnerability)
    } else {
        None
    }
}

fn add_entity(out: &mut Loaded, kind: Kind, v: Value) {
    match (kind, v) {
        (Kind::Alert, Value::Object(o)) => out.alerts.push(o),
        (Kind::Machine, Value::Object(o)) => out.machines.push(o),
        (Kind::Vulnerability, Value::Object(o)) => out.vulnerabilities.push(o),
        _ => {}
    }
}

fn load_file(path: &Path, table: Option<&str>, out: &mut Loaded) -> Result<(), SandboxError> {
    let fail = |reason: String| SandboxError::Load {
        path: path.to_path_buf(),
        reason,
    };
    let bytes = std::fs::read(path).map_err(|e| fail(e.to_string()))?;
    let text = String::from_utf8(bytes).map_err(|_| fail("the file is not UTF-8 text".into()))?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    let file_name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");

    if ext == "csv" {
        let (columns, rows) = read_csv(text).map_err(fail)?;
        let name = table_name(table, &columns, &rows, file_name).map_err(fail)?;
        let columns = type_columns(&name, columns, &rows);
        out.tables.push(LoadedTable {
            name,
            columns,
            rows,
        });
        return Ok(());
    }

    match serde_json::from_str::<Value>(text) {
        Ok(Value::Object(mut o)) => {
            let schema = o.get("Schema").or_else(|| o.get("schema")).cloned();
            let results = o.get("Results").or_else(|| o.get("results")).cloned();
            if let (Some(Value::Array(schema)), Some(Value::Array(results))) = (schema, results) {
                let declared = schema
                    .iter()
                    .filter_map(|c| {
                        let get = |a: &str, b: &str| {
                            c.get(a)
                                .or_else(|| c.get(b))
                                .and_then(Value::as_str)
                                .map(str::to_string)
                        };
                        Some(Column {
                            name: get("Name", "name")?,
                            ty: get("Type", "type").unwrap_or_else(|| "String".into()),
                        })
                    })
                    .collect::<Vec<_>>();
                let rows = objects(results).map_err(fail)?;
                let name = table_name(table, &declared, &rows, file_name).map_err(fail)?;
                out.tables.push(LoadedTable {
                    name,
                    columns: declared,
                    rows,
                });
                return Ok(());
            }
            if let Some(Value::Array(items)) = o.remove("value") {
                if items.iter().all(|i| classify(i).is_none()) {
                    return add_rows(out, table, objects(items).map_err(fail)?, file_name)
                        .map_err(fail);
                }
                for (n, item) in items.into_iter().enumerate() {
                    let kind = classify(&item).ok_or_else(|| {
                        fail(format!(
                            "item {n} of 'value' is not an alert, machine or vulnerability"
                        ))
                    })?;
                    add_entity(out, kind, item);
                }
                return Ok(());
            }
            let v = Value::Object(o);
            match classify(&v) {
                Some(kind) => {
                    add_entity(out, kind, v);
                    Ok(())
                }
                None => Err(fail("the JSON object is not a hunting response, an API collection or an alert, machine or vulnerability".into())),
            }
        }
        Ok(Value::Array(items)) => {
            add_rows(out, table, objects(items).map_err(fail)?, file_name).map_err(fail)
        }
        Ok(_) => Err(fail(
            "the JSON document is neither an object nor an array".into(),
        )),
        Err(whole) => {
            let mut rows = Vec::new();
            for (n, line) in text.lines().enumerate() {
                let line = line.trim_end_matches('\r').trim();
                if line.is_empty() {
                    continue;
                }
                match serde_json::from_str::<Value>(line) {
                    Ok(Value::Object(o)) => rows.push(o),
                    Ok(_) => return Err(fail(format!("line {} is not a JSON object", n + 1))),
                    Err(e) if n == 0 => {
                        return Err(fail(format!(
                            "not JSON or JSON Lines: {whole}; first line: {e}"
                        )))
                    }
                    Err(e) => return Err(fail(format!("line {} is not valid JSON: {e}", n + 1))),
                }
            }
            add_rows(out, table, rows, file_name).map_err(fail)
        }
    }
}

fn objects(items: Vec<Value>) -> Result<Vec<Map<String, Value>>, String> {
    items
        .into_iter()
        .enumerate()
        .map(|(n, v)| match v {
            Value::Object(o) => Ok(o),
            _ => Err(format!("row {n} is not a JSON object")),
        })
        .collect()
}

fn add_rows(
    out: &mut Loaded,
    table: Option<&str>,
    rows: Vec<Map<String, Value>>,
    file_name: &str,
) -> Result<(), String> {
    let mut columns: Vec<Column> = Vec::new();
    for r in &rows {
        for k in r.keys() {
            if !columns.iter().any(|c| &c.name == k) {
                columns.push(Column {
                    name: k.clone(),
                    ty: String::new(),
                });
            }
        }
    }
    let name = table_name(table, &columns, &rows, file_name)?;
    let columns = type_columns(&name, columns, &rows);
    out.tables.push(LoadedTable {
        name,
        columns,
        rows,
    });
    Ok(())
}

/// Explicit name, then a uniform `Type` column (Log Analytics exports), then a known table named in the file name,
/// then the known table whose documented columns cover the file's columns best.
fn table_name(
    explicit: Option<&str>,
    columns: &[Column],
    rows: &[Map<String, Value>],
    file_name: &str,
) -> Result<String, String> {
    if let Some(t) = explicit {
        return Ok(t.to_string());
    }
    let types: Vec<Option<&str>> = rows
        .iter()
        .map(|r| r.get("Type").and_then(Value::as_str))
        .collect();
    if let Some(Some(first)) = types.first() {
        if !first.is_empty() && types.iter().all(|t| t == &Some(*first)) {
            return Ok((*first).to_string());
        }
    }
    let squash = |s: &str| {
        s.chars()
            .filter(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase()
    };
    let stem = squash(
        file_name
            .rsplit_once('.')
            .map(|(s, _)| s)
            .unwrap_or(file_name),
    );
    if let Some(name) = known_names()
        .filter(|n| stem.contains(&squash(n)))
        .max_by_key(|n| n.len())
    {
        return Ok(name.to_string());
    }
    let names: Vec<&str> = columns.iter().map(|c| c.name.as_str()).collect();
    let best = known_names()
        .filter_map(|t| {
            let schema = known_schema(t)?;
            let hits = names
                .iter()
                .filter(|n| schema.iter().any(|c| &c.name == *n))
                .count();
            // Ties go to the table whose schema the file fills most.
            Some((t, hits, hits as f64 / schema.len().max(1) as f64))
        })
        .max_by(|a, b| a.1.cmp(&b.1).then(a.2.total_cmp(&b.2)));
    match best {
        Some((t, hits, _)) if hits >= 3 && hits * 10 >= names.len() * 3 => Ok(t.to_string()),
        _ => Err(format!(
            "cannot tell which hunting table its {} columns belong to; name it with a TABLE= prefix, e.g. DeviceProcessEvents=path",
            names.len()
        )),
    }
}

/// Declared types win, then the documented schema, then inference from the values.
fn type_columns(table: &str, columns: Vec<Column>, rows: &[Map<String, Value>]) -> Vec<Column> {
    let known = known_schema(table).unwrap_or_default();
    columns
        .into_iter()
        .map(|c| {
            if !c.ty.is_empty() {
                return c;
            }
            let ty = known
                .iter()
                .find(|k| k.name == c.name)
                .map(|k| k.ty.clone())
                .unwrap_or_else(|| infer_type(rows.iter().filter_map(|r| r.get(&c.name))));
            Column { name: c.name, ty }
        })
        .collect()
}

/// Portal CSV export: `"Name [UTC]"` headers hold US-format times; other cells are typed from the documented schema
/// when the table is known (done later), else by their text here.
fn read_csv(text: &str) -> Result<(Vec<Column>, Rows), String> {
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(text.as_bytes());
    let headers = reader
        .headers()
        .map_err(|e| format!("bad CSV header: {e}"))?
        .clone();
    let mut columns: Vec<Column> = Vec::new();
    for h in headers.iter() {
        match h.strip_suffix(" [UTC]") {
            Some(base) => columns.push(Column {
                name: base.to_string(),
                ty: "DateTime".into(),
            }),
            None => columns.push(Column {
                name: h.to_string(),
                ty: String::new(),
            }),
        }
    }
    let mut raw: Vec<Vec<String>> = Vec::new();
    for (n, rec) in reader.records().enumerate() {
        let rec = rec.map_err(|e| format!("bad CSV record {}: {e}", n + 1))?;
        raw.push(
            columns
                .iter()
                .enumerate()
                .map(|(i, _)| rec.get(i).unwrap_or("").to_string())
                .collect(),
        );
    }
    let type_hint = |n: &str| -> Option<String> {
        known_names().find_map(|t| {
            known_schema(t)
                .and_then(|s| s.into_iter().find(|c| c.name == n))
                .map(|c| c.ty)
        })
    };
    for (i, c) in columns.iter_mut().enumerate() {
        if c.ty.is_empty() {
            let cells = raw.iter().map(|r| r[i].as_str()).filter(|s| !s.is_empty());
            c.ty = type_hint(&c.name).unwrap_or_else(|| text_type(cells));
        }
    }
    let rows = raw
        .into_iter()
        .map(|r| {
            columns
                .iter()
                .zip(r)
                .map(|(c, cell)| (c.name.clone(), typed_cell(&c.ty, cell)))
                .collect()
        })
        .collect();
    Ok((columns, rows))
}

fn text_type<'a>(cells: impl Iterator<Item = &'a str>) -> String {
    let mut ty: Option<&str> = None;
    for s in cells {
        let t = if s.parse::<i64>().is_ok() {
            "Int64"
        } else if s.parse::<f64>().is_ok() {
            "Double"
        } else if s.eq_ignore_ascii_case("true") || s.eq_ignore_ascii_case("false") {
            "Boolean"
        } else {
            return "String".into();
        };
        ty = Some(match (ty, t) {
            (None, t) => t,
            (Some(a), b) if a == b => a,
            (Some("Int64"), "Double") | (Some("Double"), "Int64") => "Double",
            _ => return "String".into(),
        });
    }
    ty.unwrap_or("String").to_string()
}

fn typed_cell(ty: &str, cell: String) -> Value {
    if cell.is_empty() {
        return if ty == "String" {
            Value::String(cell)
        } else {
            Value::Null
        };
    }
    let parsed = match ty {
        "DateTime" => crate::time::us_export_to_iso(&cell).map(Value::String),
        "Int64" | "Int32" => cell.parse::<i64>().ok().map(Value::from),
        "Double" => cell
            .parse::<f64>()
            .ok()
            .and_then(serde_json::Number::from_f64)
            .map(Value::Number),
        "Boolean" => match cell.to_ascii_lowercase().as_str() {
            "true" => Some(Value::Bool(true)),
            "false" => Some(Value::Bool(false)),
            _ => None,
        },
        "Dynamic" => serde_json::from_str(&cell).ok(),
        _ => None,
    };
    parsed.unwrap_or(Value::String(cell))
}
