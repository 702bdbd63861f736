//! A KQL subset over the hunting tables: `Table | where ... | project ... | take N` plus `count`, `sort by`,
//! `top N by` and `distinct`. Anything else is refused with a 400 naming the construct, never silently ignored.

use std::cmp::Ordering;

use chrono::{DateTime, Duration, Utc};
use serde_json::{Map, Value};

use crate::hunting::{Column, Tables};

/// The documented cap on rows a query returns.
pub const MAX_ROWS: usize = 100_000;

pub struct QueryResult {
    pub columns: Vec<Column>,
    pub rows: Vec<Map<String, Value>>,
    /// Rows of the source table, for the response's `Stats`.
    pub scanned: usize,
}

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Ident(String),
    Str(String),
    Num(String),
    Span(f64, String),
    Op(String),
    Pipe,
    LParen,
    RParen,
    Comma,
    Raw(String),
}

fn describe(t: &Tok) -> String {
    match t {
        Tok::Ident(s) | Tok::Num(s) | Tok::Op(s) | Tok::Raw(s) => s.clone(),
        Tok::Str(s) => format!("\"{s}\""),
        Tok::Span(n, u) => format!("{n}{u}"),
        Tok::Pipe => "|".into(),
        Tok::LParen => "(".into(),
        Tok::RParen => ")".into(),
        Tok::Comma => ",".into(),
    }
}

fn tokenize(q: &str) -> Result<Vec<Tok>, String> {
    let c: Vec<char> = q.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < c.len() {
        let ch = c[i];
        if ch.is_whitespace() {
            i += 1;
        } else if ch == '/' && c.get(i + 1) == Some(&'/') {
            while i < c.len() && c[i] != '\n' {
                i += 1;
            }
        } else if ch == '"' || ch == '\'' {
            let mut s = String::new();
            i += 1;
            loop {
                match c.get(i) {
                    None => return Err("Syntax error: unterminated string literal.".into()),
                    Some('\\') => {
                        let esc = c.get(i + 1).copied().unwrap_or('\\');
                        s.push(match esc {
                            'n' => '\n',
                            't' => '\t',
                            other => other,
                        });
                        i += 2;
                    }
                    Some(&q) if q == ch => {
                        i += 1;
                        break;
                    }
                    Some(&o) => {
                        s.push(o);
                        i += 1;
                    }
                }
            }
            out.push(Tok::Str(s));
        } else if ch.is_ascii_digit() {
            let start = i;
            while i < c.len() && (c[i].is_ascii_digit() || c[i] == '.') {
                i += 1;
            }
            let num: String = c[start..i].iter().collect();
            let ustart = i;
            while i < c.len() && c[i].is_ascii_alphabetic() {
                i += 1;
            }
            let unit: String = c[ustart..i].iter().collect();
            if unit.is_empty() {
                out.push(Tok::Num(num));
            } else {
                let n = num
                    .parse::<f64>()
                    .map_err(|_| format!("Syntax error: '{num}{unit}' is not a valid literal."))?;
                out.push(Tok::Span(n, unit));
            }
        } else if ch.is_alphabetic() || ch == '_' {
            let start = i;
            // `project-away` and friends lex as one word so the refusal names them.
            let dashed = |i: usize| {
                c[i] == '-'
                    && c.get(i + 1).is_some_and(|n| n.is_alphabetic())
                    && c[start..i].iter().collect::<String>() == "project"
            };
            while i < c.len() && (c[i].is_alphanumeric() || c[i] == '_' || dashed(i)) {
                i += 1;
            }
            let word: String = c[start..i].iter().collect();
            let is_dt = word.eq_ignore_ascii_case("datetime");
            out.push(Tok::Ident(word));
            if is_dt {
                let mut j = i;
                while j < c.len() && c[j].is_whitespace() {
                    j += 1;
                }
                if c.get(j) == Some(&'(') {
                    let close = c[j..]
                        .iter()
                        .position(|&x| x == ')')
                        .ok_or("Syntax error: datetime( is not closed.")?;
                    let raw: String = c[j + 1..j + close].iter().collect();
                    out.push(Tok::Raw(
                        raw.trim()
                            .trim_matches(|x| x == '"' || x == '\'')
                            .to_string(),
                    ));
                    i = j + close + 1;
                }
            }
        } else {
            let two: String = c[i..(i + 2).min(c.len())].iter().collect();
            let tok = match two.as_str() {
                "==" | "!=" | "=~" | "!~" | "<=" | ">=" => {
                    i += 2;
                    Tok::Op(two)
                }
                _ => {
                    i += 1;
                    match ch {
                        '|' => Tok::Pipe,
                        '(' => Tok::LParen,
                        ')' => Tok::RParen,
                        ',' => Tok::Comma,
                        '<' | '>' | '!' | '=' | '~' | '-' => Tok::Op(ch.to_string()),
                        other => {
                            return Err(format!("Syntax error: unexpected character '{other}'."))
                        }
                    }
                }
            };
            out.push(tok);
        }
    }
    Ok(out)
}

#[derive(Debug, Clone)]
enum Lit {
    Str(String),
    Num(f64),
    Bool(bool),
    Date(DateTime<Utc>),
}

#[derive(Debug, Clone)]
enum Pred {
    And(Box<Pred>, Box<Pred>),
    Or(Box<Pred>, Box<Pred>),
    Not(Box<Pred>),
    Cmp {
        col: String,
        op: String,
        negate: bool,
        lits: Vec<Lit>,
    },
}

struct P<'a> {
    t: &'a [Tok],
    pos: usize,
    now: DateTime<Utc>,
}

impl P<'_> {
    fn peek(&self) -> Option<&Tok> {
        self.t.get(self.pos)
    }
    fn next(&mut self) -> Result<Tok, String> {
        let t = self
            .t
            .get(self.pos)
            .cloned()
            .ok_or("Syntax error: the query ends too early.")?;
        self.pos += 1;
        Ok(t)
    }
    fn ident_is(&self, w: &str) -> bool {
        matches!(self.peek(), Some(Tok::Ident(s)) if s == w)
    }
    fn expect(&mut self, want: Tok) -> Result<(), String> {
        let t = self.next()?;
        if t == want {
            Ok(())
        } else {
            Err(format!(
                "Syntax error: expected '{}' but found '{}'.",
                describe(&want),
                describe(&t)
            ))
        }
    }
    fn int(&mut self, what: &str) -> Result<usize, String> {
        match self.next()? {
            Tok::Num(n) => n
                .parse()
                .map_err(|_| format!("Syntax error: {what} needs a whole number, got '{n}'.")),
            other => Err(format!(
                "Syntax error: {what} needs a number, got '{}'.",
                describe(&other)
            )),
        }
    }
    fn column(&mut self, cols: &[Column]) -> Result<String, String> {
        match self.next()? {
            Tok::Ident(n) => {
                if cols.iter().any(|c| c.name == n) {
                    Ok(n)
                } else {
                    Err(format!(
                        "Semantic error: Failed to resolve scalar expression named '{n}'"
                    ))
                }
            }
            other => Err(format!(
                "Syntax error: expected a column name but found '{}'.",
                describe(&other)
            )),
        }
    }

    fn or(&mut self, cols: &[Column]) -> Result<Pred, String> {
        let mut l = self.and(cols)?;
        while self.ident_is("or") {
            self.pos += 1;
            l = Pred::Or(Box::new(l), Box::new(self.and(cols)?));
        }
        Ok(l)
    }
    fn and(&mut self, cols: &[Column]) -> Result<Pred, String> {
        let mut l = self.atom(cols)?;
        while self.ident_is("and") {
            self.pos += 1;
            l = Pred::And(Box::new(l), Box::new(self.atom(cols)?));
        }
        Ok(l)
    }
    fn atom(&mut self, cols: &[Column]) -> Result<Pred, String> {
        if self.peek() == Some(&Tok::LParen) {
            self.pos += 1;
            let p = self.or(cols)?;
            self.expect(Tok::RParen)?;
            return Ok(p);
        }
        if self.ident_is("not") && self.t.get(self.pos + 1) == Some(&Tok::LParen) {
            self.pos += 2;
            let p = self.or(cols)?;
            self.expect(Tok::RParen)?;
            return Ok(Pred::Not(Box::new(p)));
        }
        let col = self.column(cols)?;
        let (op, negate) = match self.next()? {
            Tok::Op(o) if o == "!" => match self.next()? {
                Tok::Ident(w) => (w, true),
                other => return Err(format!("Syntax error: unexpected '!{}'.", describe(&other))),
            },
            Tok::Op(o) => (o, false),
            Tok::Ident(w) => (w, false),
            other => {
                return Err(format!(
                    "Syntax error: expected an operator after '{col}' but found '{}'.",
                    describe(&other)
                ))
            }
        };
        const OPS: &[&str] = &[
            "==",
            "!=",
            "=~",
            "!~",
            "<",
            "<=",
            ">",
            ">=",
            "contains",
            "contains_cs",
            "has",
            "has_cs",
            "startswith",
            "startswith_cs",
            "endswith",
            "endswith_cs",
            "in",
            "in~",
        ];
        let op = if op == "in" && self.peek() == Some(&Tok::Op("~".into())) {
            self.pos += 1;
            "in~".to_string()
        } else {
            op
        };
        if !OPS.contains(&op.as_str()) {
            return Err(format!(
                "The sandbox does not support the operator '{}{op}'.",
                if negate { "!" } else { "" }
            ));
        }
        let lits = if op.starts_with("in") {
            self.expect(Tok::LParen)?;
            let mut v = vec![self.literal()?];
            while self.peek() == Some(&Tok::Comma) {
                self.pos += 1;
                v.push(self.literal()?);
            }
            self.expect(Tok::RParen)?;
            v
        } else {
            vec![self.literal()?]
        };
        Ok(Pred::Cmp {
            col,
            op,
            negate,
            lits,
        })
    }
    fn literal(&mut self) -> Result<Lit, String> {
        match self.next()? {
            Tok::Str(s) => Ok(Lit::Str(s)),
            Tok::Num(n) => n.parse().map(Lit::Num).map_err(|_| format!("Syntax error: '{n}' is not a number.")),
            Tok::Op(o) if o == "-" => match self.next()? {
                Tok::Num(n) => n.parse::<f64>().map(|x| Lit::Num(-x)).map_err(|_| format!("Syntax error: '-{n}' is not a number.")),
                other => Err(format!("Syntax error: unexpected '-{}'.", describe(&other))),
            },
            Tok::Ident(w) if w == "true" || w == "false" => Ok(Lit::Bool(w == "true")),
            Tok::Ident(w) if w == "datetime" => match self.next()? {
                Tok::Raw(r) => crate::time::parse(&r).map(Lit::Date).ok_or_else(|| format!("Syntax error: datetime({r}) is not a valid date-time.")),
                _ => Err("Syntax error: datetime needs a value in parentheses.".into()),
            },
            Tok::Ident(w) if w == "now" => {
                self.expect(Tok::LParen)?;
                self.expect(Tok::RParen)?;
                Ok(Lit::Date(self.now))
            }
            Tok::Ident(w) if w == "ago" => {
                self.expect(Tok::LParen)?;
                let span = match self.next()? {
                    Tok::Span(n, u) => span(n, &u)?,
                    other => return Err(format!("Syntax error: ago() needs a timespan such as 7d, got '{}'.", describe(&other))),
                };
                self.expect(Tok::RParen)?;
                self.now
                    .checked_sub_signed(span)
                    .map(Lit::Date)
                    .ok_or_else(|| "ago() goes out of the supported date range.".to_string())
            }
            Tok::Ident(w) => Err(format!("The sandbox does not support the expression '{w}' as a value; use a literal, datetime(), ago() or now().")),
            other => Err(format!("Syntax error: expected a value but found '{}'.", describe(&other))),
        }
    }
}

fn span(n: f64, unit: &str) -> Result<Duration, String> {
    let ms = match unit {
        "d" => 86_400_000.0,
        "h" => 3_600_000.0,
        "m" => 60_000.0,
        "s" => 1_000.0,
        "ms" => 1.0,
        other => return Err(format!("Syntax error: unknown timespan unit '{other}'.")),
    };
    Duration::try_milliseconds((n * ms) as i64)
        .ok_or_else(|| format!("The timespan {n}{unit} is out of range."))
}

/// Runs `query` against `tables`; `Err` carries a KQL-style message for a 400.
pub fn run(tables: &Tables, query: &str, now: DateTime<Utc>) -> Result<QueryResult, String> {
    let toks = tokenize(query)?;
    let mut stages = toks.split(|t| *t == Tok::Pipe);
    let source = stages.next().unwrap_or(&[]);
    let name = match source {
        [Tok::Ident(n)] => n.clone(),
        [] => return Err("Syntax error: the query is empty.".into()),
        [first, ..] => {
            return Err(format!(
                "The sandbox supports queries that start with a table name; '{}' starts an unsupported statement.",
                describe(first)
            ))
        }
    };
    let table = tables.get(&name).ok_or_else(|| {
        format!("Semantic error: Failed to resolve table expression named '{name}'")
    })?;
    let mut columns = table.columns.clone();
    let mut rows: Vec<&Map<String, Value>> = table.rows.iter().collect();
    let mut owned: Option<Vec<Map<String, Value>>> = None;
    for stage in stages {
        let mut p = P {
            t: stage,
            pos: 0,
            now,
        };
        let op = match p.next()? {
            Tok::Ident(op) => op,
            other => {
                return Err(format!(
                    "Syntax error: expected a query operator after '|' but found '{}'.",
                    describe(&other)
                ))
            }
        };
        match op.as_str() {
            "take" | "limit" => {
                let n = p.int(&op)?;
                match &mut owned {
                    Some(v) => v.truncate(n),
                    None => rows.truncate(n),
                }
            }
            "where" => {
                let pred = p.or(&columns)?;
                let types = columns.clone();
                match &mut owned {
                    Some(v) => v.retain(|r| eval(&pred, r, &types)),
                    None => rows.retain(|r| eval(&pred, r, &types)),
                }
            }
            "project" | "distinct" => {
                let mut keep = vec![p.column(&columns)?];
                while p.peek() == Some(&Tok::Comma) {
                    p.pos += 1;
                    keep.push(p.column(&columns)?);
                }
                let src: Vec<&Map<String, Value>> = owned
                    .as_ref()
                    .map(|v| v.iter().collect())
                    .unwrap_or_else(|| rows.clone());
                let mut out: Vec<Map<String, Value>> = src
                    .into_iter()
                    .map(|r| {
                        keep.iter()
                            .map(|k| (k.clone(), r.get(k).cloned().unwrap_or(Value::Null)))
                            .collect()
                    })
                    .collect();
                if op == "distinct" {
                    let mut seen = std::collections::HashSet::new();
                    out.retain(|r| seen.insert(Value::Object(r.clone()).to_string()));
                }
                columns = keep
                    .iter()
                    .filter_map(|k| columns.iter().find(|c| &c.name == k).cloned())
                    .collect();
                owned = Some(out);
            }
            "count" => {
                let n = owned.as_ref().map(Vec::len).unwrap_or(rows.len());
                let mut r = Map::new();
                r.insert("Count".into(), Value::from(n as u64));
                columns = vec![Column {
                    name: "Count".into(),
                    ty: "Int64".into(),
                }];
                owned = Some(vec![r]);
            }
            "sort" | "order" | "top" => {
                let limit = if op == "top" {
                    Some(p.int("top")?)
                } else {
                    None
                };
                match p.next()? {
                    Tok::Ident(b) if b == "by" => {}
                    other => {
                        return Err(format!(
                            "Syntax error: expected 'by' after '{op}' but found '{}'.",
                            describe(&other)
                        ))
                    }
                }
                let col = p.column(&columns)?;
                let asc = match p.peek() {
                    Some(Tok::Ident(d)) if d == "asc" || d == "desc" => {
                        let a = d == "asc";
                        p.pos += 1;
                        a
                    }
                    _ => false,
                };
                let ty = columns
                    .iter()
                    .find(|c| c.name == col)
                    .map(|c| c.ty.clone())
                    .unwrap_or_default();
                let cmp = |a: &Map<String, Value>, b: &Map<String, Value>| {
                    let o = order(a.get(&col), b.get(&col), &ty);
                    if asc {
                        o
                    } else {
                        o.reverse()
                    }
                };
                match &mut owned {
                    Some(v) => v.sort_by(|a, b| cmp(a, b)),
                    None => rows.sort_by(|a, b| cmp(a, b)),
                }
                if let Some(n) = limit {
                    match &mut owned {
                        Some(v) => v.truncate(n),
                        None => rows.truncate(n),
                    }
                }
            }
            other => {
                return Err(format!(
                    "The sandbox does not support the query operator '{other}'."
                ))
            }
        }
        if let Some(extra) = p.peek() {
            return Err(format!(
                "Syntax error: unexpected '{}' after the '{op}' operator.",
                describe(extra)
            ));
        }
    }
    let mut rows = owned.unwrap_or_else(|| rows.into_iter().cloned().collect());
    rows.truncate(MAX_ROWS);
    Ok(QueryResult {
        columns,
        rows,
        scanned: table.rows.len(),
    })
}

fn as_date(v: &Value) -> Option<DateTime<Utc>> {
    v.as_str().and_then(crate::time::parse)
}

fn as_num(v: &Value) -> Option<f64> {
    match v {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.parse().ok(),
        _ => None,
    }
}

fn as_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

fn order(a: Option<&Value>, b: Option<&Value>, ty: &str) -> Ordering {
    let (a, b) = (a.unwrap_or(&Value::Null), b.unwrap_or(&Value::Null));
    match ty {
        "DateTime" => as_date(a).cmp(&as_date(b)),
        "Int32" | "Int64" | "Double" => {
            as_num(a).partial_cmp(&as_num(b)).unwrap_or(Ordering::Equal)
        }
        _ => as_text(a).cmp(&as_text(b)),
    }
}

fn has_term(hay: &str, needle: &str) -> bool {
    let (h, n) = (hay.to_lowercase(), needle.to_lowercase());
    if n.is_empty() {
        return true;
    }
    let is_word = |c: char| c.is_alphanumeric();
    h.match_indices(&n).any(|(i, _)| {
        let before = h[..i].chars().next_back().is_none_or(|c| !is_word(c));
        let after = h[i + n.len()..].chars().next().is_none_or(|c| !is_word(c));
        before && after
    })
}

fn eval(p: &Pred, row: &Map<String, Value>, cols: &[Column]) -> bool {
    match p {
        Pred::And(a, b) => eval(a, row, cols) && eval(b, row, cols),
        Pred::Or(a, b) => eval(a, row, cols) || eval(b, row, cols),
        Pred::Not(a) => !eval(a, row, cols),
        Pred::Cmp {
            col,
            op,
            negate,
            lits,
        } => {
            let v = row.get(col).unwrap_or(&Value::Null);
            let ty = cols
                .iter()
                .find(|c| &c.name == col)
                .map(|c| c.ty.as_str())
                .unwrap_or("String");
            let hit = match op.as_str() {
                "in" | "in~" => lits.iter().any(|l| cmp_eq(v, l, ty, op == "in~")),
                _ => lits.first().is_some_and(|l| cmp_one(v, op, l, ty)),
            };
            hit != *negate
        }
    }
}

fn cmp_eq(v: &Value, l: &Lit, ty: &str, ci: bool) -> bool {
    match l {
        Lit::Str(s) if ty == "DateTime" => crate::time::parse(s)
            .zip(as_date(v))
            .is_some_and(|(a, b)| a == b),
        Lit::Str(s) => {
            let t = as_text(v);
            if ci {
                t.to_lowercase() == s.to_lowercase()
            } else {
                &t == s
            }
        }
        Lit::Num(n) => as_num(v) == Some(*n),
        Lit::Bool(b) => v.as_bool() == Some(*b) || as_text(v).eq_ignore_ascii_case(&b.to_string()),
        Lit::Date(d) => as_date(v) == Some(*d),
    }
}

fn cmp_one(v: &Value, op: &str, l: &Lit, ty: &str) -> bool {
    let text = || as_text(v);
    let s = match l {
        Lit::Str(s) => s.clone(),
        Lit::Num(n) => n.to_string(),
        Lit::Bool(b) => b.to_string(),
        Lit::Date(d) => crate::time::fmt7(*d),
    };
    match op {
        "==" => !v.is_null() && cmp_eq(v, l, ty, false),
        "!=" => !cmp_eq(v, l, ty, false),
        "=~" => cmp_eq(v, l, ty, true),
        "!~" => !cmp_eq(v, l, ty, true),
        "contains" => text().to_lowercase().contains(&s.to_lowercase()),
        "contains_cs" => text().contains(&s),
        "has" => has_term(&text(), &s),
        "has_cs" => text().contains(&s) && has_term(&text(), &s),
        "startswith" => text().to_lowercase().starts_with(&s.to_lowercase()),
        "startswith_cs" => text().starts_with(&s),
        "endswith" => text().to_lowercase().ends_with(&s.to_lowercase()),
        "endswith_cs" => text().ends_with(&s),
        _ => {
            let ord = match l {
                Lit::Date(d) => as_date(v).map(|x| x.cmp(d)),
                Lit::Str(s) if ty == "DateTime" => as_date(v)
                    .zip(crate::time::parse(s))
                    .map(|(a, b)| a.cmp(&b)),
                Lit::Num(n) => as_num(v).and_then(|x| x.partial_cmp(n)),
                _ => (!v.is_null()).then(|| text().cmp(&s)),
            };
            ord.is_some_and(|o| match op {
                "<" => o == Ordering::Less,
                "<=" => o != Ordering::Greater,
                ">" => o == Ordering::Greater,
                _ => o != Ordering::Less,
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn tables() -> Tables {
        let mut t = Tables::default();
        let cols = vec![
            Column {
                name: "Timestamp".into(),
                ty: "DateTime".into(),
            },
            Column {
                name: "FileName".into(),
                ty: "String".into(),
            },
            Column {
                name: "ProcessId".into(),
                ty: "Int64".into(),
            },
            Column {
                name: "ProcessCommandLine".into(),
                ty: "String".into(),
            },
        ];
        let rows = vec![
            json!({"Timestamp":"2024-01-01T00:00:00Z","FileName":"powershell.exe","ProcessId":10,"ProcessCommandLine":"powershell.exe -enc AAA"}),
            json!({"Timestamp":"2024-01-02T00:00:00Z","FileName":"cmd.exe","ProcessId":20,"ProcessCommandLine":"cmd.exe /c whoami"}),
            json!({"Timestamp":"2024-01-03T00:00:00Z","FileName":"PowerShell.EXE","ProcessId":30,"ProcessCommandLine":"x"}),
        ];
        t.append(
            "DeviceProcessEvents",
            cols,
            rows.into_iter()
                .map(|r| r.as_object().unwrap().clone())
                .collect(),
        );
        t
    }

    fn q(query: &str) -> Result<QueryResult, String> {
        run(&tables(), query, Utc::now())
    }

    #[test]
    fn filters_projects_and_limits() {
        assert_eq!(q("DeviceProcessEvents").unwrap().rows.len(), 3);
        assert_eq!(q("DeviceProcessEvents | take 2").unwrap().rows.len(), 2);
        assert_eq!(
            q("DeviceProcessEvents | where FileName == \"powershell.exe\"")
                .unwrap()
                .rows
                .len(),
            1
        );
        assert_eq!(
            q("DeviceProcessEvents | where FileName =~ 'powershell.exe'")
                .unwrap()
                .rows
                .len(),
            2
        );
        assert_eq!(
            q("DeviceProcessEvents | where ProcessCommandLine has 'whoami'")
                .unwrap()
                .rows
                .len(),
            1
        );
        assert_eq!(
            q("DeviceProcessEvents | where ProcessCommandLine has 'who'")
                .unwrap()
                .rows
                .len(),
            0
        );
        assert_eq!(
            q("DeviceProcessEvents | where ProcessCommandLine contains 'ENC'")
                .unwrap()
                .rows
                .len(),
            1
        );
        assert_eq!(
            q("DeviceProcessEvents | where FileName startswith 'power' and ProcessId > 10")
                .unwrap()
                .rows
                .len(),
            1
        );
        assert_eq!(
            q("DeviceProcessEvents | where Timestamp >= datetime(2024-01-02)")
                .unwrap()
                .rows
                .len(),
            2
        );
        assert_eq!(
            q("DeviceProcessEvents | where Timestamp > ago(1d)")
                .unwrap()
                .rows
                .len(),
            0
        );
        assert_eq!(
            q("DeviceProcessEvents | where FileName != 'cmd.exe' | limit 5")
                .unwrap()
                .rows
                .len(),
            2
        );
        let r = q("DeviceProcessEvents | project FileName, ProcessId | take 1").unwrap();
        assert_eq!(
            r.columns
                .iter()
                .map(|c| c.name.as_str())
                .collect::<Vec<_>>(),
            ["FileName", "ProcessId"]
        );
        assert_eq!(
            Value::Object(r.rows[0].clone()),
            json!({"FileName":"powershell.exe","ProcessId":10})
        );
        assert_eq!(
            q("DeviceProcessEvents | count").unwrap().rows[0]["Count"],
            json!(3)
        );
        let top = q("DeviceProcessEvents | top 1 by ProcessId desc").unwrap();
        assert_eq!(top.rows[0]["ProcessId"], json!(30));
    }

    #[test]
    fn refuses_unknowns() {
        let e = q("Nope | take 1").err().unwrap();
        assert!(
            e.contains("Failed to resolve table expression named 'Nope'"),
            "{e}"
        );
        assert!(q("DeviceProcessEvents | summarize count() by FileName")
            .err()
            .unwrap()
            .contains("summarize"));
        assert!(q("DeviceProcessEvents | where Missing == 1")
            .err()
            .unwrap()
            .contains("Missing"));
        assert!(q("DeviceProcessEvents | where FileName matches regex 'x'").is_err());
        assert!(q("DeviceProcessEvents | take").is_err());
        assert!(q("").is_err());
        assert!(q("DeviceProcessEvents | where Timestamp > ago(99999999999999d)").is_err());
    }
}
