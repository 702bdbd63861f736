//! A hunting result's columns built while its body arrives ([`HuntingColumns`]): the body is
//! cut into rows as its bytes come in, and each complete row is converted on a worker thread,
//! so the conversion overlaps the download instead of following it.
//!
//! The cutting is a byte scan that tracks strings and nesting only: it finds the top-level
//! `Schema`/`schema` array and each object of `Results`/`results`, and hands those slices to the
//! same row reader as [`super::hunting_batch`], which does all the JSON validation.

use std::sync::mpsc::{channel, Receiver, Sender};
use std::sync::{Mutex, PoisonError};
use std::thread::JoinHandle;

use arrow_array::RecordBatch;
use bytes::Bytes;
use serde::de::DeserializeSeed;
use serde::Deserialize;

use super::{Columns, RowSeed};
use crate::error::{Error, Result};
use crate::pipeline::BodyObserver;

enum Msg {
    Begin,
    Chunk(Bytes),
}

/// Builds the typed record batch of one hunting response while it downloads. Attach it to the
/// request ([`crate::pipeline::Request::observe`]), then call [`HuntingColumns::finish`] once
/// the response is in.
///
/// Dropped without `finish`, its sender goes and the worker ends on its own (never joined).
#[derive(Debug)]
pub struct HuntingColumns {
    // Unbounded: `chunk` is called on the runtime thread reading the body, which must never
    // block on the worker. What waits in the queue is at most the body itself, which the
    // pipeline bounds (`max_response_bytes`).
    tx: Mutex<Option<Sender<Msg>>>,
    worker: Mutex<Option<JoinHandle<Result<RecordBatch>>>>,
}

impl HuntingColumns {
    /// Starts the worker thread.
    ///
    /// Errors: the thread could not be started (`ErrorKind::Decode`).
    pub fn new() -> Result<Self> {
        let (tx, rx) = channel();
        let worker = std::thread::Builder::new()
            .name("mdekit-hunting-columns".into())
            .spawn(move || convert(rx))
            .map_err(|e| Error::decode(format!("the conversion thread did not start: {e}")))?;
        Ok(HuntingColumns {
            tx: Mutex::new(Some(tx)),
            worker: Mutex::new(Some(worker)),
        })
    }

    fn send(&self, msg: Msg) {
        let tx = self.tx.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(tx) = tx.as_ref() {
            // A worker that stopped has an error to report from `finish`.
            let _ = tx.send(msg);
        }
    }

    /// The batch of the body seen last (the last attempt's), once it is complete.
    ///
    /// Errors: the body was not a complete hunting response (`ErrorKind::Decode`).
    pub fn finish(&self) -> Result<RecordBatch> {
        drop(
            self.tx
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .take(),
        );
        let worker = self
            .worker
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take()
            .ok_or_else(|| Error::decode("the columns were already taken"))?;
        worker
            .join()
            .map_err(|_| Error::decode("the conversion thread failed"))?
    }
}

impl BodyObserver for HuntingColumns {
    fn begin(&self) {
        self.send(Msg::Begin);
    }

    fn chunk(&self, chunk: &Bytes) {
        self.send(Msg::Chunk(chunk.clone()));
    }
}

/// What the scan found in the bytes so far.
enum Found {
    Schema(usize, usize),
    Row(usize, usize),
    ResultsEnd,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Key {
    Schema,
    Results,
    Other,
}

/// The byte scan's state; positions are offsets into the worker's buffer.
struct Scan {
    pos: usize,
    depth: u32,
    in_str: bool,
    escaped: bool,
    /// At depth 1, whether the next string is a key.
    expect_key: bool,
    key_start: usize,
    key: Key,
    /// Where the `Schema` array began, while it is being read.
    schema_start: Option<usize>,
    in_results: bool,
    row_start: Option<usize>,
    /// The open brackets, to notice a `]` closing a `{` (the row reader never sees the
    /// structure between rows).
    open: Vec<u8>,
    invalid: bool,
}

impl Scan {
    fn new() -> Self {
        Scan {
            pos: 0,
            depth: 0,
            in_str: false,
            escaped: false,
            expect_key: false,
            key_start: 0,
            key: Key::Other,
            schema_start: None,
            in_results: false,
            row_start: None,
            open: Vec::new(),
            invalid: false,
        }
    }

    /// Scans `buf` from where the last call stopped, appending what it finds to `out`.
    fn scan(&mut self, buf: &[u8], out: &mut Vec<Found>) {
        let mut i = self.pos;
        while i < buf.len() {
            let b = buf[i];
            if self.in_str {
                if self.escaped {
                    self.escaped = false;
                } else if b == b'\\' {
                    self.escaped = true;
                } else if b == b'"' {
                    self.in_str = false;
                    if self.depth == 1 && self.expect_key {
                        let name = &buf[self.key_start + 1..i];
                        self.key = if name.eq_ignore_ascii_case(b"schema") {
                            Key::Schema
                        } else if name.eq_ignore_ascii_case(b"results") {
                            Key::Results
                        } else {
                            Key::Other
                        };
                        self.expect_key = false;
                    }
                } else if let Some(rest) = buf.get(i + 1..) {
                    // Inside a string only `"` and `\` matter: skip to the next of them.
                    let skip = rest
                        .iter()
                        .position(|&c| c == b'"' || c == b'\\')
                        .unwrap_or(rest.len());
                    i += skip;
                }
                i += 1;
                continue;
            }
            match b {
                b'"' => {
                    self.in_str = true;
                    self.key_start = i;
                }
                b'{' | b'[' => {
                    self.open.push(if b == b'{' { b'}' } else { b']' });
                    self.depth += 1;
                    match self.depth {
                        1 => self.expect_key = true,
                        2 if self.key == Key::Schema && b == b'[' => self.schema_start = Some(i),
                        2 if self.key == Key::Results && b == b'[' => self.in_results = true,
                        3 if self.in_results && b == b'{' => self.row_start = Some(i),
                        _ => {}
                    }
                }
                b'}' | b']' => {
                    if self.open.pop() != Some(b) {
                        self.invalid = true;
                    }
                    match self.depth {
                        3 if self.in_results && b == b'}' => {
                            if let Some(start) = self.row_start.take() {
                                out.push(Found::Row(start, i + 1));
                            }
                        }
                        2 if self.in_results => {
                            self.in_results = false;
                            out.push(Found::ResultsEnd);
                        }
                        2 => {
                            if let Some(start) = self.schema_start.take() {
                                out.push(Found::Schema(start, i + 1));
                            }
                        }
                        _ => {}
                    }
                    self.depth = self.depth.saturating_sub(1);
                }
                b',' if self.depth == 1 => self.expect_key = true,
                _ => {}
            }
            i += 1;
        }
        self.pos = buf.len();
    }

    /// The first byte still needed: the start of an unfinished row or schema, else the end.
    fn keep_from(&self) -> usize {
        let key = (self.in_str && self.depth == 1 && self.expect_key).then_some(self.key_start);
        [self.row_start, self.schema_start, key]
            .into_iter()
            .flatten()
            .fold(self.pos, usize::min)
    }

    /// The buffer lost its first `n` bytes.
    fn shift(&mut self, n: usize) {
        self.pos -= n;
        self.row_start = self.row_start.map(|p| p - n);
        self.schema_start = self.schema_start.map(|p| p - n);
        self.key_start = self.key_start.saturating_sub(n);
    }
}

#[derive(Deserialize)]
struct SchemaColumn {
    #[serde(alias = "name")]
    #[serde(rename = "Name")]
    name: String,
    #[serde(alias = "type")]
    #[serde(rename = "Type")]
    ty: String,
}

/// The worker: one attempt's body after another, until the channel closes.
fn convert(rx: Receiver<Msg>) -> Result<RecordBatch> {
    loop {
        match attempt(&rx)? {
            Some(batch) => return Ok(batch),
            None => continue,
        }
    }
}

/// One attempt's body; `None` when a new attempt begins before this one ends.
fn attempt(rx: &Receiver<Msg>) -> Result<Option<RecordBatch>> {
    let incomplete = || Error::decode("the hunting response ended before its results did");
    let mut buf: Vec<u8> = Vec::new();
    let mut scan = Scan::new();
    let mut found = Vec::new();
    // Rows seen before the schema (a body with `Results` first) wait in the buffer.
    let mut early_rows: Vec<(usize, usize)> = Vec::new();
    let mut ended = false;
    let schema: Vec<SchemaColumn> = loop {
        match rx.recv() {
            Ok(Msg::Begin) => {
                buf.clear();
                scan = Scan::new();
                early_rows.clear();
                ended = false;
            }
            Ok(Msg::Chunk(c)) => {
                buf.extend_from_slice(&c);
                found.clear();
                scan.scan(&buf, &mut found);
                if scan.invalid {
                    return Err(not_json());
                }
                let mut schema = None;
                for f in &found {
                    match *f {
                        Found::Schema(s, e) => {
                            schema = Some(serde_json::from_slice(&buf[s..e]).map_err(|e| {
                                Error::decode(format!("a hunting schema could not be read: {e}"))
                            })?);
                        }
                        Found::Row(s, e) => early_rows.push((s, e)),
                        Found::ResultsEnd => ended = true,
                    }
                }
                if let Some(schema) = schema {
                    break schema;
                }
            }
            Err(_) => return Err(incomplete()),
        }
    };
    let names: Vec<(&str, &str)> = schema
        .iter()
        .map(|c| (c.name.as_str(), c.ty.as_str()))
        .collect();
    let mut cols = Columns::new(&names);
    for &(s, e) in &early_rows {
        push_row(&mut cols, &buf[s..e])?;
    }
    loop {
        // Rows already converted are not needed any more.
        let keep = scan.keep_from();
        if keep > 0 {
            buf.drain(..keep);
            scan.shift(keep);
        }
        if ended {
            // The rest of the body (stats, closing braces) changes nothing; it is drained.
            while let Ok(msg) = rx.recv() {
                if let Msg::Begin = msg {
                    return Ok(None);
                }
            }
            return cols
                .finish()
                .map(Some)
                .map_err(|e| Error::decode(e.to_string()));
        }
        match rx.recv() {
            Ok(Msg::Begin) => return Ok(None),
            Ok(Msg::Chunk(c)) => {
                buf.extend_from_slice(&c);
                found.clear();
                scan.scan(&buf, &mut found);
                if scan.invalid {
                    return Err(not_json());
                }
                for f in &found {
                    match *f {
                        Found::Row(s, e) => push_row(&mut cols, &buf[s..e])?,
                        Found::ResultsEnd => ended = true,
                        Found::Schema(..) => {}
                    }
                }
            }
            Err(_) => return Err(incomplete()),
        }
    }
}

fn not_json() -> Error {
    Error::decode("a hunting response is not valid JSON (mismatched brackets)")
}

fn push_row(cols: &mut Columns<'_>, row: &[u8]) -> Result<()> {
    let mut de = serde_json::Deserializer::from_slice(row);
    RowSeed { cols }
        .deserialize(&mut de)
        .map_err(|e| Error::decode(format!("a hunting row could not be read: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body() -> String {
        let rows: Vec<String> = (0..500)
            .map(|i| {
                format!(
                    r#"{{"Timestamp": "2024-01-0{}T00:00:00Z", "Name": "a \"quoted\" [x] {{y}} {i}", "N": {i}, "D": {{"k": [1, {{"z": "]"}}]}}}}"#,
                    i % 9 + 1
                )
            })
            .collect();
        format!(
            r#"{{"Stats": {{"ExecutionTime": 0.1, "x": ["]", "}}"]}}, "Schema": [{{"Name": "Timestamp", "Type": "DateTime"}}, {{"Name": "Name", "Type": "String"}}, {{"Name": "N", "Type": "Int64"}}, {{"Name": "D", "Type": "Dynamic"}}], "Results": [{}]}}"#,
            rows.join(", ")
        )
    }

    fn feed(cols: &HuntingColumns, text: &str, piece: usize) {
        cols.begin();
        for part in text.as_bytes().chunks(piece) {
            cols.chunk(&Bytes::copy_from_slice(part));
        }
    }

    #[test]
    fn matches_the_whole_body_conversion_at_any_chunk_size() {
        let text = body();
        let schema = [
            ("Timestamp", "DateTime"),
            ("Name", "String"),
            ("N", "Int64"),
            ("D", "Dynamic"),
        ];
        let whole = super::super::hunting_batch(&schema, &[Bytes::from(text.clone())]).unwrap();
        for piece in [1, 7, 64, 4096, text.len()] {
            let cols = HuntingColumns::new().unwrap();
            feed(&cols, &text, piece);
            assert_eq!(cols.finish().unwrap(), whole, "chunks of {piece}");
        }
    }

    #[test]
    fn a_retry_starts_over_and_graph_casing_works() {
        let text = body()
            .replace("\"Schema\"", "\"schema\"")
            .replace("\"Results\"", "\"results\"");
        let cols = HuntingColumns::new().unwrap();
        feed(&cols, &text[..text.len() / 2], 100);
        feed(&cols, &text, 1000);
        assert_eq!(cols.finish().unwrap().num_rows(), 500);
    }

    #[test]
    fn results_before_schema_and_empty_results() {
        let cols = HuntingColumns::new().unwrap();
        feed(
            &cols,
            r#"{"Results": [{"A": "x"}, {"A": "y"}], "Schema": [{"Name": "A", "Type": "String"}]}"#,
            3,
        );
        assert_eq!(cols.finish().unwrap().num_rows(), 2);
        let cols = HuntingColumns::new().unwrap();
        feed(
            &cols,
            r#"{"Schema": [{"Name": "A", "Type": "Int64"}], "Results": []}"#,
            5,
        );
        let b = cols.finish().unwrap();
        assert_eq!((b.num_rows(), b.num_columns()), (0, 1));
    }

    #[test]
    fn a_cut_body_is_an_error_not_a_hang() {
        let text = body();
        let cols = HuntingColumns::new().unwrap();
        feed(&cols, &text[..text.len() - 40], 512);
        let e = cols.finish().unwrap_err();
        assert!(e.to_string().contains("hunting"), "{e}");
        let cols = HuntingColumns::new().unwrap();
        feed(
            &cols,
            r#"{"Schema": [{"Name": "A", "Type": "Int64"}], "Results": [{"A": ]}"#,
            5,
        );
        assert!(cols.finish().is_err());
    }
}
