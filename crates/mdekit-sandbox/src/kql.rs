//! A KQL subset over the hunting tables.
//!
//! Statements: `let Name = <scalar or tabular expression>;` then one tabular expression.
//! Operators: `where`, `project`, `project-away` (with `*` wildcards), `extend`, `take`/`limit`,
//! `top N by`, `sort`/`order by`, `summarize` (count, countif, dcount, dcountif, min, max, sum,
//! avg, make_set; `by` keys and `bin()`), `distinct`, `count`, `join
//! kind=inner|leftouter|innerunique|leftsemi|rightsemi|leftanti|rightanti` on equality.
//! Scalars: literals, `ago()`, `now()`, `datetime()`, `dynamic()`, arithmetic, comparison and
//! string operators (`==`, `!=`, `=~`, `!~`, `has`, `contains`, `startswith`, `endswith`, their
//! `_cs` and `!` forms, `in`, `in~`, `!in`, `has_any`, `has_all`, `matches regex`),
//! `and`/`or`/`not()`, `isempty`/`isnotempty`/`isnull`/`isnotnull`, `tolower`/`toupper`,
//! `strcat`, `strlen`, `tostring`, `tolong`/`toint`/`todouble`, `bin`, `pack_array`, `extract`,
//! `iff`.
//! Anything else is refused with a 400 naming the construct, never silently ignored.

use std::cmp::Ordering;
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use chrono::{DateTime, Duration, Utc};
use serde_json::{Map, Value};

use crate::hunting::{Column, Table, Tables};
use crate::kql_value::{from_json, Row, V};

/// A table's rows converted once to typed values (cached on the table).
pub fn typed_rows(table: &Table) -> Arc<Vec<Row>> {
    table
        .typed
        .get_or_init(|| {
            Arc::new(
                table
                    .rows
                    .iter()
                    .map(|r| {
                        table
                            .columns
                            .iter()
                            .map(|c| match r.get(&c.name) {
                                Some(v) => from_json(v, &c.ty),
                                None => V::Missing,
                            })
                            .collect()
                    })
                    .collect(),
            )
        })
        .clone()
}

/// A value as the service writes it in a result row.
pub fn to_json(v: &V) -> Value {
    match v {
        V::Null | V::Missing => Value::Null,
        V::Bool(b) => Value::Bool(*b),
        V::Long(n) => Value::from(*n),
        V::Real(f) => serde_json::Number::from_f64(*f)
            .map(Value::Number)
            .unwrap_or(Value::Null),
        V::Str(s) => Value::String(s.to_string()),
        V::Date(d) => Value::String(crate::time::fmt7(*d)),
        V::DateText(_, raw) => Value::String(raw.to_string()),
        V::Span(d) => Value::String(fmt_span(*d)),
        V::Dyn(v) => (**v).clone(),
    }
}

fn fmt_span(d: Duration) -> String {
    let neg = d < Duration::zero();
    let d = if neg { -d } else { d };
    let secs = d.num_seconds();
    let ticks = (d - Duration::seconds(secs)).num_nanoseconds().unwrap_or(0) / 100;
    let (days, rem) = (secs / 86_400, secs % 86_400);
    let body = format!(
        "{:02}:{:02}:{:02}{}",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60,
        if ticks > 0 {
            format!(".{ticks:07}")
        } else {
            String::new()
        }
    );
    let sign = if neg { "-" } else { "" };
    if days > 0 {
        format!("{sign}{days}.{body}")
    } else {
        format!("{sign}{body}")
    }
}

/// A query's outcome, before the limits on the response are applied.
pub struct QueryResult {
    pub columns: Vec<Column>,
    pub rows: Vec<Map<String, Value>>,
    /// Rows read from source tables (the work the query did, for `Stats` and the CPU model).
    pub scanned: usize,
}

/// Options of one run: the clock, and the Graph `Timespan` window applied to every table's
/// `Timestamp` (start inclusive, end exclusive).
#[derive(Debug, Clone, Copy)]
pub struct RunOptions {
    pub now: DateTime<Utc>,
    pub window: Option<(DateTime<Utc>, DateTime<Utc>)>,
    /// Rows kept at most (the service truncates; it does not refuse).
    pub max_rows: usize,
    /// Graph's `runHuntingQuery` (every Defender XDR table) rather than the MDE API's
    /// advanced hunting (the endpoint tables only; `hunting::graph_only`).
    pub graph: bool,
}

// ---------------------------------------------------------------------------------------------
// Lexer

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Ident(String),
    Str(String),
    Num(String),
    Span(Duration),
    Op(String),
    Pipe,
    LParen,
    RParen,
    LBracket,
    RBracket,
    Comma,
    Semi,
    Dot,
    Dollar,
    /// The raw text inside `datetime(...)` or `dynamic(...)`.
    Raw(String),
}

fn describe(t: &Tok) -> String {
    match t {
        Tok::Ident(s) | Tok::Num(s) | Tok::Op(s) | Tok::Raw(s) => s.clone(),
        Tok::Str(s) => format!("\"{s}\""),
        Tok::Span(d) => fmt_span(*d),
        Tok::Pipe => "|".into(),
        Tok::LParen => "(".into(),
        Tok::RParen => ")".into(),
        Tok::LBracket => "[".into(),
        Tok::RBracket => "]".into(),
        Tok::Comma => ",".into(),
        Tok::Semi => ";".into(),
        Tok::Dot => ".".into(),
        Tok::Dollar => "$".into(),
    }
}

fn span_unit(unit: &str) -> Option<f64> {
    Some(match unit {
        "d" | "day" | "days" => 86_400e9,
        "h" | "hr" | "hrs" | "hour" | "hours" => 3_600e9,
        "m" | "min" | "minute" | "minutes" => 60e9,
        "s" | "sec" | "second" | "seconds" => 1e9,
        "ms" | "milli" | "millis" | "millisecond" | "milliseconds" => 1e6,
        "microsecond" | "microseconds" => 1e3,
        "tick" | "ticks" => 100.0,
        _ => return None,
    })
}

/// Words lexed with their dash so that refusals name them (`project-away`, `mv-expand`).
const DASHED: &[&str] = &["project", "mv", "make", "parse", "top", "evaluate"];

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
        } else if ch == '"' || ch == '\'' || (ch == '@' && matches!(c.get(i + 1), Some('"' | '\'')))
        {
            let verbatim = ch == '@';
            if verbatim {
                i += 1;
            }
            let quote = c[i];
            let mut s = String::new();
            i += 1;
            loop {
                match c.get(i) {
                    None => return Err("Syntax error: unterminated string literal.".into()),
                    Some('\\') if !verbatim => {
                        let esc = c.get(i + 1).copied().unwrap_or('\\');
                        s.push(match esc {
                            'n' => '\n',
                            't' => '\t',
                            'r' => '\r',
                            other => other,
                        });
                        i += 2;
                    }
                    Some(&x) if x == quote => {
                        if verbatim && c.get(i + 1) == Some(&quote) {
                            s.push(quote);
                            i += 2;
                            continue;
                        }
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
            if i < c.len()
                && (c[i] == 'e' || c[i] == 'E')
                && c.get(i + 1)
                    .is_some_and(|x| x.is_ascii_digit() || *x == '-' || *x == '+')
            {
                i += 2;
                while i < c.len() && c[i].is_ascii_digit() {
                    i += 1;
                }
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
                let n = num.parse::<f64>().ok();
                let scale = span_unit(&unit);
                match (n, scale) {
                    (Some(n), Some(s)) if (n * s).abs() < 9.2e18 => {
                        out.push(Tok::Span(Duration::nanoseconds((n * s) as i64)))
                    }
                    _ => {
                        return Err(format!(
                            "Syntax error: '{num}{unit}' is not a valid literal."
                        ))
                    }
                }
            }
        } else if ch.is_alphabetic() || ch == '_' {
            let start = i;
            while i < c.len() && (c[i].is_alphanumeric() || c[i] == '_') {
                i += 1;
            }
            let head: String = c[start..i].iter().collect();
            if DASHED.contains(&head.as_str())
                && c.get(i) == Some(&'-')
                && c.get(i + 1).is_some_and(|n| n.is_alphabetic())
            {
                i += 1;
                while i < c.len() && (c[i].is_alphanumeric() || c[i] == '_') {
                    i += 1;
                }
            }
            let word: String = c[start..i].iter().collect();
            let raw = word == "datetime" || word == "dynamic";
            out.push(Tok::Ident(word));
            if raw {
                let mut j = i;
                while j < c.len() && c[j].is_whitespace() {
                    j += 1;
                }
                if c.get(j) == Some(&'(') {
                    // Up to the matching parenthesis, skipping strings.
                    let (mut depth, mut k, mut quote) = (0usize, j, None::<char>);
                    while k < c.len() {
                        let x = c[k];
                        match quote {
                            Some(_) if x == '\\' => k += 1,
                            Some(q) if x == q => quote = None,
                            Some(_) => {}
                            None if x == '"' || x == '\'' => quote = Some(x),
                            None if x == '(' => depth += 1,
                            None if x == ')' => {
                                depth -= 1;
                                if depth == 0 {
                                    break;
                                }
                            }
                            None => {}
                        }
                        k += 1;
                    }
                    if k >= c.len() {
                        return Err("Syntax error: a '(' is not closed.".into());
                    }
                    out.push(Tok::Raw(
                        c[j + 1..k].iter().collect::<String>().trim().to_string(),
                    ));
                    i = k + 1;
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
                        '[' => Tok::LBracket,
                        ']' => Tok::RBracket,
                        ',' => Tok::Comma,
                        ';' => Tok::Semi,
                        '.' => Tok::Dot,
                        '$' => Tok::Dollar,
                        '<' | '>' | '!' | '=' | '~' | '-' | '+' | '*' | '/' | '%' | ':' | '{'
                        | '}' => Tok::Op(ch.to_string()),
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

// ---------------------------------------------------------------------------------------------
// Expressions

#[derive(Debug, Clone, Copy, PartialEq)]
enum Arith {
    Add,
    Sub,
    Mul,
    Div,
    Mod,
}

#[derive(Debug, Clone)]
enum Expr {
    Col(usize),
    Lit(V),
    Arith(Box<Expr>, Arith, Box<Expr>),
    /// A comparison or string operator by name (`==`, `has`, `startswith_cs`...), maybe negated.
    Cmp(Box<Expr>, String, bool, Box<Expr>),
    In {
        e: Box<Expr>,
        list: Vec<Expr>,
        ci: bool,
        negate: bool,
    },
    Regex(Box<Expr>, Box<regex::Regex>),
    /// `has_any` / `has_all`: list items may be dynamic arrays, flattened as `in` does.
    HasAny {
        e: Box<Expr>,
        list: Vec<Expr>,
        all: bool,
        negate: bool,
    },
    /// `extract(regex, group, source)`: the pattern is compiled once, at parse time.
    Extract(Box<regex::Regex>, usize, Box<Expr>),
    And(Box<Expr>, Box<Expr>),
    Or(Box<Expr>, Box<Expr>),
    Not(Box<Expr>),
    Call(&'static str, Vec<Expr>),
}

const FUNCS: &[&str] = &[
    "ago",
    "now",
    "not",
    "isempty",
    "isnotempty",
    "isnull",
    "isnotnull",
    "tolower",
    "toupper",
    "strcat",
    "strlen",
    "tostring",
    "tolong",
    "toint",
    "todouble",
    "toreal",
    "bin",
    "floor",
    "pack_array",
    "extract",
    "iff",
    "iif",
    "parse_json",
    "todynamic",
    "extractjson",
    "extract_json",
];

const STRING_OPS: &[&str] = &[
    "contains",
    "contains_cs",
    "has",
    "has_cs",
    "startswith",
    "startswith_cs",
    "endswith",
    "endswith_cs",
];

fn type_of_value(v: &V) -> &'static str {
    match v {
        V::Null | V::Missing | V::Str(_) => "String",
        V::Bool(_) => "Boolean",
        V::Long(_) => "Int64",
        V::Real(_) => "Double",
        V::Date(_) | V::DateText(..) => "DateTime",
        V::Span(_) => "TimeSpan",
        V::Dyn(_) => "Dynamic",
    }
}

fn type_of(e: &Expr, cols: &[Column]) -> String {
    match e {
        Expr::Col(i) => cols[*i].ty.clone(),
        Expr::Lit(v) => type_of_value(v).into(),
        Expr::Arith(a, op, b) => {
            let (ta, tb) = (type_of(a, cols), type_of(b, cols));
            match (ta.as_str(), tb.as_str(), op) {
                ("DateTime", "DateTime", Arith::Sub) => "TimeSpan".into(),
                ("DateTime", _, _) | (_, "DateTime", _) => "DateTime".into(),
                ("TimeSpan", _, _) | (_, "TimeSpan", _) => "TimeSpan".into(),
                ("Double" | "Real", _, _) | (_, "Double" | "Real", _) => "Double".into(),
                (_, _, Arith::Div) if ta == "Int32" && tb == "Int32" => "Int32".into(),
                ("Int32", "Int32", _) => "Int32".into(),
                _ => "Int64".into(),
            }
        }
        Expr::Extract(..) => "String".into(),
        Expr::Cmp(..)
        | Expr::In { .. }
        | Expr::HasAny { .. }
        | Expr::Regex(..)
        | Expr::And(..)
        | Expr::Or(..)
        | Expr::Not(_) => "Boolean".into(),
        Expr::Call(f, args) => match *f {
            "ago" | "now" => "DateTime".into(),
            "not" | "isempty" | "isnotempty" | "isnull" | "isnotnull" => "Boolean".into(),
            "tolower" | "toupper" | "strcat" | "tostring" => "String".into(),
            "strlen" | "tolong" => "Int64".into(),
            "toint" => "Int32".into(),
            "todouble" | "toreal" => "Double".into(),
            "pack_array" | "parse_json" | "todynamic" => "Dynamic".into(),
            // The third argument, `typeof(T)`, types the result; without it the value is text.
            "extractjson" | "extract_json" => match args.get(2) {
                Some(Expr::Lit(V::Str(t))) => kusto_type(t).into(),
                _ => "String".into(),
            },
            "iff" | "iif" => args
                .get(1)
                .map(|a| type_of(a, cols))
                .unwrap_or_else(|| "String".into()),
            _ => args
                .first()
                .map(|a| type_of(a, cols))
                .unwrap_or_else(|| "String".into()),
        },
    }
}

fn text(v: &V) -> Option<String> {
    match v {
        V::Null | V::Missing => None,
        V::Str(s) => Some(s.to_string()),
        V::Bool(b) => Some(b.to_string()),
        V::Long(n) => Some(n.to_string()),
        V::Real(f) => Some(f.to_string()),
        V::Date(d) => Some(crate::time::fmt7(*d)),
        V::DateText(_, raw) => Some(raw.to_string()),
        V::Span(d) => Some(fmt_span(*d)),
        V::Dyn(v) => Some(match &**v {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        }),
    }
}

fn num(v: &V) -> Option<f64> {
    match v {
        V::Long(n) => Some(*n as f64),
        V::Real(f) => Some(*f),
        V::Bool(b) => Some(f64::from(u8::from(*b))),
        V::Dyn(d) => d.as_f64(),
        _ => None,
    }
}

/// Equality and ordering between two values of compatible kinds; None when they cannot compare
/// (different kinds, or a null).
fn compare(a: &V, b: &V) -> Option<Ordering> {
    if let V::DateText(d, _) = a {
        return compare(&V::Date(*d), b);
    }
    if let V::DateText(d, _) = b {
        return compare(a, &V::Date(*d));
    }
    match (a, b) {
        (V::Null | V::Missing, _) | (_, V::Null | V::Missing) => None,
        (V::Long(x), V::Long(y)) => Some(x.cmp(y)),
        (V::Date(x), V::Date(y)) => Some(x.cmp(y)),
        (V::Date(x), V::Str(s)) => crate::time::parse(s).map(|y| x.cmp(&y)),
        (V::Str(s), V::Date(y)) => crate::time::parse(s).map(|x| x.cmp(y)),
        (V::Span(x), V::Span(y)) => Some(x.cmp(y)),
        (V::Bool(x), V::Bool(y)) => Some(x.cmp(y)),
        (V::Str(x), V::Str(y)) => Some(x.cmp(y)),
        (V::Dyn(x), V::Dyn(y)) => Some(x.to_string().cmp(&y.to_string())),
        (V::Dyn(_), V::Str(_)) | (V::Str(_), V::Dyn(_)) => {
            text(a).zip(text(b)).map(|(x, y)| x.cmp(&y))
        }
        _ => num(a).zip(num(b)).and_then(|(x, y)| x.partial_cmp(&y)),
    }
}

/// Sort order: nulls before everything, then by value.
fn sort_cmp(a: &V, b: &V) -> Ordering {
    match (is_null(a), is_null(b)) {
        (true, true) => Ordering::Equal,
        (true, false) => Ordering::Less,
        (false, true) => Ordering::Greater,
        _ => compare(a, b).unwrap_or(Ordering::Equal),
    }
}

fn truthy(v: &V) -> bool {
    matches!(v, V::Bool(true))
}

/// `*` matches any run of characters; names compare case-sensitively, as Kusto's do.
fn glob(pat: &str, name: &str) -> bool {
    let parts: Vec<&str> = pat.split('*').collect();
    let (first, last) = (parts[0], parts[parts.len() - 1]);
    if parts.len() == 1 {
        return pat == name;
    }
    if name.len() < first.len() + last.len() || !name.starts_with(first) || !name.ends_with(last) {
        return false;
    }
    let mut rest = &name[first.len()..name.len() - last.len()];
    for part in &parts[1..parts.len() - 1] {
        match rest.find(part) {
            Some(i) => rest = &rest[i + part.len()..],
            None => return false,
        }
    }
    true
}

fn is_word(c: char) -> bool {
    c.is_alphanumeric()
}

/// `has`: the needle is a whole term of the haystack (terms are runs of letters and digits).
fn has_term(hay: &str, needle: &str, cs: bool) -> bool {
    let (h, n) = if cs {
        (hay.to_string(), needle.to_string())
    } else {
        (hay.to_lowercase(), needle.to_lowercase())
    };
    if n.is_empty() {
        return true;
    }
    h.match_indices(&n).any(|(i, _)| {
        let before = h[..i].chars().next_back().is_none_or(|c| !is_word(c));
        let after = h[i + n.len()..].chars().next().is_none_or(|c| !is_word(c));
        before && after
    })
}

fn string_op(op: &str, a: &str, b: &str) -> bool {
    let cs = op.ends_with("_cs");
    let (a2, b2) = if cs {
        (a.to_string(), b.to_string())
    } else {
        (a.to_lowercase(), b.to_lowercase())
    };
    match op.trim_end_matches("_cs") {
        "contains" => a2.contains(&b2),
        "startswith" => a2.starts_with(&b2),
        "endswith" => a2.ends_with(&b2),
        "has" => has_term(a, b, cs),
        _ => false,
    }
}

fn bin(v: &V, size: &V) -> V {
    if let V::DateText(d, _) = v {
        return bin(&V::Date(*d), size);
    }
    match (v, size) {
        (V::Date(d), V::Span(s)) if *s > Duration::zero() => {
            let (Some(n), Some(step)) = (d.timestamp_nanos_opt(), s.num_nanoseconds()) else {
                return V::Null;
            };
            V::Date(DateTime::<Utc>::from_timestamp_nanos(
                n - n.rem_euclid(step),
            ))
        }
        (V::Span(d), V::Span(s)) if *s > Duration::zero() => {
            match (d.num_nanoseconds(), s.num_nanoseconds()) {
                (Some(n), Some(step)) => V::Span(Duration::nanoseconds(n - n.rem_euclid(step))),
                _ => V::Null,
            }
        }
        (V::Long(n), V::Long(s)) if *s > 0 => V::Long(n - n.rem_euclid(*s)),
        _ => match (num(v), num(size)) {
            (Some(x), Some(s)) if s > 0.0 => V::Real((x / s).floor() * s),
            _ => V::Null,
        },
    }
}

fn arith(a: V, op: Arith, b: V) -> V {
    if let V::DateText(d, _) = a {
        return arith(V::Date(d), op, b);
    }
    if let V::DateText(d, _) = b {
        return arith(a, op, V::Date(d));
    }
    match (&a, &b, op) {
        (V::Date(d), V::Span(s), Arith::Add) | (V::Span(s), V::Date(d), Arith::Add) => {
            d.checked_add_signed(*s).map(V::Date).unwrap_or(V::Null)
        }
        (V::Date(d), V::Span(s), Arith::Sub) => {
            d.checked_sub_signed(*s).map(V::Date).unwrap_or(V::Null)
        }
        (V::Date(x), V::Date(y), Arith::Sub) => V::Span(*x - *y),
        (V::Span(x), V::Span(y), Arith::Add) => V::Span(*x + *y),
        (V::Span(x), V::Span(y), Arith::Sub) => V::Span(*x - *y),
        (V::Span(x), V::Long(n), Arith::Mul) | (V::Long(n), V::Span(x), Arith::Mul) => {
            i32::try_from(*n)
                .ok()
                .and_then(|n| x.checked_mul(n))
                .map(V::Span)
                .unwrap_or(V::Null)
        }
        (V::Span(x), V::Long(n), Arith::Div) => i32::try_from(*n)
            .ok()
            .filter(|n| *n != 0)
            .map(|n| V::Span(*x / n))
            .unwrap_or(V::Null),
        (V::Long(x), V::Long(y), _) => match op {
            Arith::Add => x.checked_add(*y).map(V::Long).unwrap_or(V::Null),
            Arith::Sub => x.checked_sub(*y).map(V::Long).unwrap_or(V::Null),
            Arith::Mul => x.checked_mul(*y).map(V::Long).unwrap_or(V::Null),
            Arith::Div => x.checked_div(*y).map(V::Long).unwrap_or(V::Null),
            Arith::Mod => x.checked_rem(*y).map(V::Long).unwrap_or(V::Null),
        },
        _ => match (num(&a), num(&b)) {
            (Some(x), Some(y)) => V::Real(match op {
                Arith::Add => x + y,
                Arith::Sub => x - y,
                Arith::Mul => x * y,
                Arith::Div => x / y,
                Arith::Mod => x % y,
            }),
            _ => V::Null,
        },
    }
}

fn eval(e: &Expr, row: &[V], now: DateTime<Utc>) -> V {
    match e {
        Expr::Col(i) => row[*i].clone(),
        Expr::Lit(v) => v.clone(),
        Expr::Arith(a, op, b) => arith(eval(a, row, now), *op, eval(b, row, now)),
        Expr::And(a, b) => V::Bool(truthy(&eval(a, row, now)) && truthy(&eval(b, row, now))),
        Expr::Or(a, b) => V::Bool(truthy(&eval(a, row, now)) || truthy(&eval(b, row, now))),
        Expr::Not(a) => V::Bool(!truthy(&eval(a, row, now))),
        Expr::Regex(a, re) => V::Bool(text(&eval(a, row, now)).is_some_and(|t| re.is_match(&t))),
        Expr::Extract(re, group, src) => {
            let t = text(&eval(src, row, now)).unwrap_or_default();
            // Kusto strings are never null: no match (or no such group) is the empty string.
            let hit = re
                .captures(&t)
                .and_then(|c| c.get(*group))
                .map(|m| m.as_str().to_string())
                .unwrap_or_default();
            V::Str(hit.into())
        }
        Expr::HasAny {
            e,
            list,
            all,
            negate,
        } => {
            let hay = text(&eval(e, row, now)).unwrap_or_default();
            let terms: Vec<String> = list
                .iter()
                .flat_map(|item| flatten(eval(item, row, now)))
                .filter_map(|v| text(&v))
                .collect();
            let hit = if *all {
                !terms.is_empty() && terms.iter().all(|t| has_term(&hay, t, false))
            } else {
                terms.iter().any(|t| has_term(&hay, t, false))
            };
            V::Bool(hit != *negate)
        }
        Expr::In {
            e,
            list,
            ci,
            negate,
        } => {
            let v = eval(e, row, now);
            if is_null(&v) {
                return V::Bool(false);
            }
            let mut hit = false;
            for item in list {
                let candidates = flatten(eval(item, row, now));
                hit = candidates.iter().any(|c| {
                    if *ci {
                        text(&v)
                            .zip(text(c))
                            .is_some_and(|(a, b)| a.to_lowercase() == b.to_lowercase())
                    } else {
                        compare(&v, c) == Some(Ordering::Equal)
                    }
                });
                if hit {
                    break;
                }
            }
            V::Bool(hit != *negate)
        }
        Expr::Cmp(a, op, negate, b) => {
            let (x, y) = (eval(a, row, now), eval(b, row, now));
            let r = match op.as_str() {
                "==" => compare(&x, &y) == Some(Ordering::Equal),
                "!=" => compare(&x, &y).is_some_and(|o| o != Ordering::Equal),
                "<" => compare(&x, &y) == Some(Ordering::Less),
                "<=" => compare(&x, &y).is_some_and(|o| o != Ordering::Greater),
                ">" => compare(&x, &y) == Some(Ordering::Greater),
                ">=" => compare(&x, &y).is_some_and(|o| o != Ordering::Less),
                "=~" | "!~" => {
                    let eq = text(&x)
                        .zip(text(&y))
                        .is_some_and(|(a, b)| a.to_lowercase() == b.to_lowercase());
                    eq == (op == "=~")
                }
                _ => {
                    let (a, b) = (text(&x).unwrap_or_default(), text(&y).unwrap_or_default());
                    string_op(op, &a, &b)
                }
            };
            V::Bool(r != *negate)
        }
        Expr::Call(f, args) => {
            let a: Vec<V> = args.iter().map(|x| eval(x, row, now)).collect();
            call(f, &a, now)
        }
    }
}

/// The values a list item stands for: a dynamic array's elements, or the value itself.
fn flatten(v: V) -> Vec<V> {
    match v {
        V::Dyn(d) => match &*d {
            Value::Array(xs) => xs.iter().map(|x| from_json(x, "")).collect(),
            other => vec![from_json(other, "")],
        },
        other => vec![other],
    }
}

fn is_null(v: &V) -> bool {
    match v {
        V::Null | V::Missing => true,
        V::Dyn(d) => d.is_null(),
        _ => false,
    }
}

fn empty(v: &V) -> bool {
    match v {
        V::Null | V::Missing => true,
        V::Str(s) => s.is_empty(),
        V::Dyn(d) => d.is_null() || d.as_str() == Some(""),
        _ => false,
    }
}

fn call(f: &str, a: &[V], now: DateTime<Utc>) -> V {
    let first = a.first().cloned().unwrap_or(V::Null);
    match f {
        "ago" => match first {
            V::Span(s) => now.checked_sub_signed(s).map(V::Date).unwrap_or(V::Null),
            _ => V::Null,
        },
        "now" => V::Date(now),
        "not" => V::Bool(!truthy(&first)),
        "isempty" => V::Bool(empty(&first)),
        "isnotempty" => V::Bool(!empty(&first)),
        "isnull" => V::Bool(is_null(&first)),
        "isnotnull" => V::Bool(!is_null(&first)),
        "tolower" => text(&first)
            .map(|s| V::Str(s.to_lowercase().into()))
            .unwrap_or(V::Str("".into())),
        "toupper" => text(&first)
            .map(|s| V::Str(s.to_uppercase().into()))
            .unwrap_or(V::Str("".into())),
        "tostring" => V::Str(text(&first).unwrap_or_default().into()),
        "strcat" => V::Str(a.iter().filter_map(text).collect::<String>().into()),
        "strlen" => V::Long(text(&first).map(|s| s.chars().count() as i64).unwrap_or(0)),
        "tolong" | "toint" => match &first {
            V::Long(n) => V::Long(*n),
            V::Str(s) => s.trim().parse().map(V::Long).unwrap_or(V::Null),
            other => num(other)
                .map(|x| V::Long(x.trunc() as i64))
                .unwrap_or(V::Null),
        },
        "todouble" | "toreal" => match &first {
            V::Str(s) => s.trim().parse().map(V::Real).unwrap_or(V::Null),
            other => num(other).map(V::Real).unwrap_or(V::Null),
        },
        "bin" | "floor" => bin(&first, a.get(1).unwrap_or(&V::Null)),
        "pack_array" => V::Dyn(Arc::new(Value::Array(a.iter().map(to_json).collect()))),
        "parse_json" | "todynamic" => match &first {
            V::Str(s) => V::Dyn(Arc::new(
                serde_json::from_str(s).unwrap_or_else(|_| Value::String(s.to_string())),
            )),
            V::Null | V::Missing => V::Null,
            other => V::Dyn(Arc::new(to_json(other))),
        },
        "extractjson" | "extract_json" => {
            let path = a.first().and_then(text).unwrap_or_default();
            let doc = match a.get(1) {
                Some(V::Dyn(d)) => Some((**d).clone()),
                Some(V::Str(s)) => serde_json::from_str(s).ok(),
                _ => None,
            };
            let found = doc.as_ref().and_then(|d| json_path(d, &path)).cloned();
            let ty = match a.get(2) {
                Some(V::Str(t)) => kusto_type(t),
                _ => "String",
            };
            match found {
                None => V::Null,
                Some(v) => typed_json(v, ty),
            }
        }
        "iff" | "iif" => {
            if truthy(&first) {
                a.get(1).cloned().unwrap_or(V::Null)
            } else {
                a.get(2).cloned().unwrap_or(V::Null)
            }
        }
        _ => V::Null,
    }
}

/// The column type a `typeof(...)` names (`typeof(string)`, `typeof(long)`...).
fn kusto_type(t: &str) -> &'static str {
    match t {
        "string" => "String",
        "long" => "Int64",
        "int" => "Int32",
        "real" | "double" => "Double",
        "bool" | "boolean" => "Boolean",
        "datetime" | "date" => "DateTime",
        "timespan" | "time" => "TimeSpan",
        _ => "Dynamic",
    }
}

/// A JSONPath of the form `extractjson` accepts: `$`, `.name`, `['name']`, `[index]`.
fn json_path<'v>(doc: &'v Value, path: &str) -> Option<&'v Value> {
    let mut rest = path.trim().strip_prefix('$')?;
    let mut cur = doc;
    while !rest.is_empty() {
        if let Some(r) = rest.strip_prefix('.') {
            let end = r.find(['.', '[']).unwrap_or(r.len());
            cur = cur.get(&r[..end])?;
            rest = &r[end..];
        } else if let Some(r) = rest.strip_prefix('[') {
            let end = r.find(']')?;
            let key = r[..end].trim();
            cur = match key.strip_prefix(['\'', '"']) {
                Some(k) => cur.get(k.strip_suffix(['\'', '"'])?)?,
                None => cur.get(key.parse::<usize>().ok()?)?,
            };
            rest = &r[end + 1..];
        } else {
            return None;
        }
    }
    Some(cur)
}

/// A JSON value as a column of type `ty`: text for String (objects as their JSON text).
fn typed_json(v: Value, ty: &str) -> V {
    match (ty, &v) {
        (_, Value::Null) => V::Null,
        ("String", Value::String(s)) => V::Str(s.as_str().into()),
        ("String", other) => V::Str(other.to_string().into()),
        ("Int64" | "Int32", Value::Number(n)) => n.as_i64().map(V::Long).unwrap_or(V::Null),
        ("Int64" | "Int32", Value::String(s)) => s.parse().map(V::Long).unwrap_or(V::Null),
        ("Double", Value::Number(n)) => n.as_f64().map(V::Real).unwrap_or(V::Null),
        ("Double", Value::String(s)) => s.parse().map(V::Real).unwrap_or(V::Null),
        ("Boolean", Value::Bool(b)) => V::Bool(*b),
        ("DateTime", Value::String(s)) => crate::time::parse(s).map(V::Date).unwrap_or(V::Null),
        _ => V::Dyn(Arc::new(v)),
    }
}

// ---------------------------------------------------------------------------------------------
// Relations and the parser-evaluator

#[derive(Debug, Clone)]
struct Rel {
    cols: Vec<Column>,
    rows: Vec<Row>,
}

enum Bound {
    Scalar(V),
    Table(Rel),
}

struct Q<'a> {
    t: Vec<Tok>,
    pos: usize,
    tables: &'a Tables,
    opts: RunOptions,
    lets: HashMap<String, Bound>,
    scanned: usize,
}

type R<T> = Result<T, String>;

fn col(name: &str, ty: &str) -> Column {
    Column {
        name: name.to_string(),
        ty: ty.to_string(),
    }
}

impl Q<'_> {
    fn peek(&self) -> Option<&Tok> {
        self.t.get(self.pos)
    }
    fn peek_at(&self, k: usize) -> Option<&Tok> {
        self.t.get(self.pos + k)
    }
    fn next(&mut self) -> R<Tok> {
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
    fn eat(&mut self, t: &Tok) -> bool {
        if self.peek() == Some(t) {
            self.pos += 1;
            true
        } else {
            false
        }
    }
    fn expect(&mut self, want: Tok) -> R<()> {
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
    fn expect_word(&mut self, w: &str, after: &str) -> R<()> {
        match self.next()? {
            Tok::Ident(x) if x == w => Ok(()),
            other => Err(format!(
                "Syntax error: expected '{w}' after '{after}' but found '{}'.",
                describe(&other)
            )),
        }
    }
    fn name(&mut self, what: &str) -> R<String> {
        match self.next()? {
            Tok::Ident(n) => Ok(n),
            other => Err(format!(
                "Syntax error: expected {what} but found '{}'.",
                describe(&other)
            )),
        }
    }
    /// A column name, or a wildcard pattern of names and `*` (`Initiating*`, `*Id`, `*1`: the
    /// right side's columns after a join).
    fn column_pattern(&mut self) -> R<String> {
        let mut pat = String::new();
        loop {
            match self.peek() {
                Some(Tok::Op(o)) if o == "*" => pat.push('*'),
                Some(Tok::Ident(n)) if pat.is_empty() || pat.ends_with('*') => pat.push_str(n),
                Some(Tok::Num(n)) if pat.ends_with('*') => pat.push_str(n),
                _ => break,
            }
            self.pos += 1;
        }
        if pat.is_empty() {
            return self.name("a column name");
        }
        Ok(pat)
    }
    fn int(&mut self, what: &str) -> R<usize> {
        let e = self.expr(&[], what)?;
        match eval(&e, &[], self.opts.now) {
            V::Long(n) if n >= 0 => Ok(n as usize),
            _ => Err(format!(
                "Semantic error: '{what}' needs a non-negative whole number."
            )),
        }
    }

    // ---- statements

    fn query(&mut self) -> R<Rel> {
        loop {
            if self.peek().is_none() {
                return Err("Syntax error: the query is empty.".into());
            }
            if self.ident_is("let") {
                self.pos += 1;
                let name = self.name("a name after 'let'")?;
                if !self.eat(&Tok::Op("=".into())) {
                    return Err(format!("Syntax error: expected '=' after 'let {name}'."));
                }
                let bound = if self.starts_tabular() {
                    Bound::Table(self.tabular()?)
                } else if self.peek() == Some(&Tok::LParen)
                    && matches!(self.peek_at(1), Some(Tok::Ident(_)))
                    && matches!(self.peek_at(2), Some(Tok::Op(o)) if o == ":")
                {
                    return Err(
                        "The sandbox does not support user-defined functions in 'let'.".into(),
                    );
                } else {
                    let e = self.expr(&[], "let")?;
                    Bound::Scalar(eval(&e, &[], self.opts.now))
                };
                self.lets.insert(name, bound);
                self.expect(Tok::Semi)?;
                continue;
            }
            let rel = self.tabular()?;
            while self.eat(&Tok::Semi) {}
            if let Some(extra) = self.peek() {
                return Err(format!(
                    "Syntax error: unexpected '{}' after the end of the query.",
                    describe(extra)
                ));
            }
            return Ok(rel);
        }
    }

    fn has_table(&self, n: &str) -> bool {
        self.tables.get(n).is_some() || crate::hunting::known_schema(n).is_some()
    }
    fn starts_tabular(&self) -> bool {
        match self.peek() {
            Some(Tok::Ident(n)) => {
                self.has_table(n)
                    || matches!(self.lets.get(n), Some(Bound::Table(_)))
                    || (self.peek_at(1) == Some(&Tok::Pipe) && !FUNCS.contains(&n.as_str()))
            }
            Some(Tok::LParen) => {
                matches!(self.peek_at(1), Some(Tok::Ident(n)) if self.has_table(n) || matches!(self.lets.get(n), Some(Bound::Table(_))))
            }
            _ => false,
        }
    }

    fn source(&mut self) -> R<Rel> {
        match self.next()? {
            Tok::LParen => {
                let r = self.tabular()?;
                self.expect(Tok::RParen)?;
                Ok(r)
            }
            Tok::Ident(n) => {
                if let Some(Bound::Table(r)) = self.lets.get(&n) {
                    return Ok(r.clone());
                }
                if !self.opts.graph && crate::hunting::graph_only(&n) {
                    return Err(format!(
                        "Semantic error: Failed to resolve table expression named '{n}'"
                    ));
                }
                let Some(table) = self.tables.get(&n) else {
                    // A documented table exists in every tenant, empty when nothing fills it
                    // (DeviceEvents, say, in a tenant whose data holds none).
                    return match crate::hunting::known_schema(&n) {
                        Some(cols) => Ok(Rel {
                            cols,
                            rows: Vec::new(),
                        }),
                        None => Err(format!(
                            "Semantic error: Failed to resolve table expression named '{n}'"
                        )),
                    };
                };
                let rows = typed_rows(table);
                let ts = table.columns.iter().position(|c| c.name == "Timestamp");
                let rows: Vec<Row> = match (self.opts.window, ts) {
                    (Some((start, end)), Some(i)) => rows
                        .iter()
                        .filter(|r| {
                            matches!(&r[i], V::Date(d) | V::DateText(d, _) if *d >= start && *d < end)
                        })
                        .cloned()
                        .collect(),
                    _ => rows.iter().cloned().collect(),
                };
                // Hunting data is partitioned by time: a narrower window reads fewer rows.
                self.scanned += rows.len();
                Ok(Rel {
                    cols: table.columns.clone(),
                    rows,
                })
            }
            other => Err(format!(
                "Syntax error: a query starts with a table name; '{}' starts an unsupported statement.",
                describe(&other)
            )),
        }
    }

    fn tabular(&mut self) -> R<Rel> {
        let mut rel = self.source()?;
        while self.eat(&Tok::Pipe) {
            rel = self.operator(rel)?;
        }
        Ok(rel)
    }

    // ---- operators

    fn operator(&mut self, rel: Rel) -> R<Rel> {
        let op = match self.next()? {
            Tok::Ident(op) => op,
            other => {
                return Err(format!(
                    "Syntax error: expected a query operator after '|' but found '{}'.",
                    describe(&other)
                ))
            }
        };
        let now = self.opts.now;
        match op.as_str() {
            "take" | "limit" => {
                let n = self.int(&op)?;
                let mut rel = rel;
                rel.rows.truncate(n);
                Ok(rel)
            }
            "where" | "filter" => {
                let e = self.expr(&rel.cols, "where")?;
                let rows = rel
                    .rows
                    .into_iter()
                    .filter(|r| truthy(&eval(&e, r, now)))
                    .collect();
                Ok(Rel {
                    cols: rel.cols,
                    rows,
                })
            }
            "project" | "extend" => {
                let extend = op == "extend";
                let mut items: Vec<(String, Expr)> = Vec::new();
                loop {
                    let (name, e) = self.named_expr(&rel.cols, &op, items.len())?;
                    items.push((name, e));
                    if !self.eat(&Tok::Comma) {
                        break;
                    }
                }
                let mut cols: Vec<Column> = if extend { rel.cols.clone() } else { Vec::new() };
                let mut slots = Vec::new();
                for (name, e) in &items {
                    let c = col(name, &type_of(e, &rel.cols));
                    match cols.iter().position(|x| x.name == *name) {
                        Some(i) => {
                            cols[i] = c;
                            slots.push(i);
                        }
                        None => {
                            cols.push(c);
                            slots.push(cols.len() - 1);
                        }
                    }
                }
                let rows = rel
                    .rows
                    .iter()
                    .map(|r| {
                        let mut out: Vec<V> = if extend { r.to_vec() } else { Vec::new() };
                        out.resize(cols.len(), V::Null);
                        for ((_, e), &slot) in items.iter().zip(&slots) {
                            out[slot] = eval(e, r, now);
                        }
                        Row::from(out)
                    })
                    .collect();
                Ok(Rel { cols, rows })
            }
            "project-away" => {
                let mut drop = HashSet::new();
                loop {
                    let pat = self.column_pattern()?;
                    if pat.contains('*') {
                        // A wildcard that matches no column is not an error in Kusto.
                        drop.extend(
                            rel.cols
                                .iter()
                                .filter(|c| glob(&pat, &c.name))
                                .map(|c| c.name.clone()),
                        );
                    } else {
                        self.column_index(&rel.cols, &pat, &op)?;
                        drop.insert(pat);
                    }
                    if !self.eat(&Tok::Comma) {
                        break;
                    }
                }
                let keep: Vec<usize> = (0..rel.cols.len())
                    .filter(|i| !drop.contains(&rel.cols[*i].name))
                    .collect();
                Ok(select(&rel, &keep))
            }
            "distinct" => {
                let keep: Vec<usize> = if self.eat(&Tok::Op("*".into())) {
                    (0..rel.cols.len()).collect()
                } else {
                    let mut k = Vec::new();
                    loop {
                        let n = self.name("a column name")?;
                        k.push(self.column_index(&rel.cols, &n, &op)?);
                        if !self.eat(&Tok::Comma) {
                            break;
                        }
                    }
                    k
                };
                let mut out = select(&rel, &keep);
                let mut seen = HashSet::new();
                out.rows.retain(|r| seen.insert(key_of(r)));
                Ok(out)
            }
            "count" => {
                let n = rel.rows.len() as i64;
                Ok(Rel {
                    cols: vec![col("Count", "Int64")],
                    rows: vec![Row::from(vec![V::Long(n)])],
                })
            }
            "sort" | "order" | "top" => {
                let limit = if op == "top" {
                    Some(self.int("top")?)
                } else {
                    None
                };
                self.expect_word("by", &op)?;
                let mut keys: Vec<(Expr, bool, bool)> = Vec::new();
                loop {
                    let e = self.expr(&rel.cols, &op)?;
                    let mut asc = false;
                    if self.ident_is("asc") || self.ident_is("desc") {
                        asc = self.ident_is("asc");
                        self.pos += 1;
                    }
                    // Kusto's default puts nulls first ascending and last descending.
                    let mut nulls_first = asc;
                    if self.ident_is("nulls") {
                        self.pos += 1;
                        nulls_first = match self.name("'first' or 'last'")?.as_str() {
                            "first" => true,
                            "last" => false,
                            other => {
                                return Err(format!("Syntax error: 'nulls {other}' is not valid."))
                            }
                        };
                    }
                    keys.push((e, asc, nulls_first));
                    if op == "top" || !self.eat(&Tok::Comma) {
                        break;
                    }
                }
                let mut decorated: Vec<(Vec<V>, Row)> = rel
                    .rows
                    .into_iter()
                    .map(|r| (keys.iter().map(|(e, _, _)| eval(e, &r, now)).collect(), r))
                    .collect();
                decorated.sort_by(|(a, _), (b, _)| {
                    for (i, (_, asc, nulls_first)) in keys.iter().enumerate() {
                        let (x, y) = (&a[i], &b[i]);
                        let o = match (is_null(x), is_null(y)) {
                            (true, true) => Ordering::Equal,
                            (true, false) => {
                                if *nulls_first {
                                    Ordering::Less
                                } else {
                                    Ordering::Greater
                                }
                            }
                            (false, true) => {
                                if *nulls_first {
                                    Ordering::Greater
                                } else {
                                    Ordering::Less
                                }
                            }
                            _ => {
                                let o = sort_cmp(x, y);
                                if *asc {
                                    o
                                } else {
                                    o.reverse()
                                }
                            }
                        };
                        if o != Ordering::Equal {
                            return o;
                        }
                    }
                    Ordering::Equal
                });
                let mut rows: Vec<Row> = decorated.into_iter().map(|(_, r)| r).collect();
                if let Some(n) = limit {
                    rows.truncate(n);
                }
                Ok(Rel {
                    cols: rel.cols,
                    rows,
                })
            }
            "summarize" => self.summarize(rel),
            "join" => self.join(rel),
            other => Err(format!(
                "The sandbox does not support the query operator '{other}'."
            )),
        }
    }

    fn column_index(&self, cols: &[Column], n: &str, op: &str) -> R<usize> {
        cols.iter().position(|c| c.name == n).ok_or_else(|| {
            format!(
                "Semantic error: '{op}' operator: Failed to resolve scalar expression named '{n}'"
            )
        })
    }

    /// `Name = expr` or `expr` (named after its column, or `Column1`...).
    fn named_expr(&mut self, cols: &[Column], op: &str, index: usize) -> R<(String, Expr)> {
        if let (Some(Tok::Ident(n)), Some(Tok::Op(eq))) = (self.peek(), self.peek_at(1)) {
            if eq == "=" {
                let n = n.clone();
                self.pos += 2;
                return Ok((n, self.expr(cols, op)?));
            }
        }
        let e = self.expr(cols, op)?;
        let name = default_name(&e, cols).unwrap_or_else(|| format!("Column{}", index + 1));
        Ok((name, e))
    }

    fn summarize(&mut self, rel: Rel) -> R<Rel> {
        let now = self.opts.now;
        struct Agg {
            name: String,
            func: String,
            arg: Option<Expr>,
            /// `dcountif`'s predicate.
            pred: Option<Expr>,
            ty: String,
            /// `arg_max`/`arg_min`: the further columns taken from the winning row.
            ret: Vec<(String, Expr, String)>,
        }
        let mut aggs: Vec<Agg> = Vec::new();
        if !self.ident_is("by") {
            loop {
                let mut alias = None;
                let mut tuple: Vec<String> = Vec::new();
                if let (Some(Tok::Ident(n)), Some(Tok::Op(eq))) = (self.peek(), self.peek_at(1)) {
                    if eq == "=" {
                        alias = Some(n.clone());
                        self.pos += 2;
                    }
                } else if self.peek() == Some(&Tok::LParen) {
                    // `(A, B) = arg_max(X, Y)`: one name per output column.
                    let mut k = 1;
                    let mut names = Vec::new();
                    while let Some(Tok::Ident(n)) = self.peek_at(k) {
                        names.push(n.clone());
                        match self.peek_at(k + 1) {
                            Some(Tok::Comma) => k += 2,
                            Some(Tok::RParen) => {
                                k += 2;
                                break;
                            }
                            _ => break,
                        }
                    }
                    if matches!(self.peek_at(k), Some(Tok::Op(eq)) if eq == "=")
                        && self.peek_at(k - 1) == Some(&Tok::RParen)
                    {
                        tuple = names;
                        self.pos += k + 1;
                    }
                }
                let mut func = self.name("an aggregation function")?;
                // The deprecated spellings, still common in published hunting queries.
                if func == "makeset" {
                    func = "make_set".into();
                }
                const AGGS: &[&str] = &[
                    "count", "countif", "dcount", "dcountif", "min", "max", "sum", "avg",
                    "make_set", "arg_max", "arg_min", "argmax", "argmin",
                ];
                if !AGGS.contains(&func.as_str()) {
                    return Err(format!(
                        "The sandbox does not support the aggregation function '{func}'."
                    ));
                }
                self.expect(Tok::LParen)?;
                if func.starts_with("arg") {
                    let (key, rets, names) = self.arg_extreme(&rel.cols, &func, &tuple)?;
                    let mut names = names.into_iter();
                    let first = alias.clone().or_else(|| names.next()).unwrap_or_default();
                    if alias.is_some() {
                        names.next();
                    }
                    let ty = type_of(&key, &rel.cols);
                    aggs.push(Agg {
                        name: first,
                        func: func.clone(),
                        arg: Some(key),
                        pred: None,
                        ty,
                        ret: rets
                            .into_iter()
                            .zip(names)
                            .map(|(e, n)| {
                                let t = type_of(&e, &rel.cols);
                                (n, e, t)
                            })
                            .collect(),
                    });
                    if !self.eat(&Tok::Comma) {
                        break;
                    }
                    continue;
                }
                if !tuple.is_empty() {
                    return Err(format!(
                        "Semantic error: '{func}' returns one column; a tuple of names needs arg_max or arg_min."
                    ));
                }
                let arg = if self.peek() == Some(&Tok::RParen) {
                    None
                } else {
                    Some(self.expr(&rel.cols, "summarize")?)
                };
                let mut pred = None;
                if func == "dcountif" {
                    self.expect(Tok::Comma)?;
                    pred = Some(self.expr(&rel.cols, "summarize")?);
                }
                // The optional accuracy (dcount) or size limit (make_set) changes no result here.
                if matches!(func.as_str(), "make_set" | "dcount" | "dcountif")
                    && self.eat(&Tok::Comma)
                {
                    self.int(&func)?;
                }
                self.expect(Tok::RParen)?;
                if arg.is_none() && func != "count" {
                    return Err(format!("Semantic error: '{func}' needs an argument."));
                }
                let arg_name = arg
                    .as_ref()
                    .and_then(|a| default_name(a, &rel.cols))
                    .unwrap_or_default();
                let arg_ty = arg
                    .as_ref()
                    .map(|a| type_of(a, &rel.cols))
                    .unwrap_or_default();
                let (default, ty) = match func.as_str() {
                    "count" => ("count_".to_string(), "Int64".to_string()),
                    "countif" => ("countif_".to_string(), "Int64".to_string()),
                    "dcount" => (format!("dcount_{arg_name}"), "Int64".to_string()),
                    "dcountif" => (format!("dcountif_{arg_name}"), "Int64".to_string()),
                    "min" | "max" => (format!("{func}_{arg_name}"), arg_ty),
                    "sum" => (
                        format!("sum_{arg_name}"),
                        if arg_ty.starts_with("Int") || arg_ty == "Long" {
                            "Int64".to_string()
                        } else {
                            "Double".to_string()
                        },
                    ),
                    "avg" => (format!("avg_{arg_name}"), "Double".to_string()),
                    _ => (format!("set_{arg_name}"), "Dynamic".to_string()),
                };
                aggs.push(Agg {
                    name: alias.unwrap_or(default),
                    func,
                    arg,
                    pred,
                    ty,
                    ret: Vec::new(),
                });
                if !self.eat(&Tok::Comma) {
                    break;
                }
            }
        }
        let mut keys: Vec<(String, Expr)> = Vec::new();
        if self.ident_is("by") {
            self.pos += 1;
            loop {
                let (n, e) = self.named_expr(&rel.cols, "summarize", keys.len())?;
                keys.push((n, e));
                if !self.eat(&Tok::Comma) {
                    break;
                }
            }
        }
        if aggs.is_empty() && keys.is_empty() {
            return Err("Syntax error: 'summarize' needs an aggregation or a 'by' clause.".into());
        }
        // `arg_max(T, *) by K` leaves K out of the `*`: it is already the group's key column.
        for a in &mut aggs {
            a.ret.retain(|(n, _, _)| !keys.iter().any(|(k, _)| k == n));
        }
        let mut order: Vec<String> = Vec::new();
        let mut groups: HashMap<String, (Vec<V>, Vec<Row>)> = HashMap::new();
        for r in &rel.rows {
            let kv: Vec<V> = keys.iter().map(|(_, e)| eval(e, r, now)).collect();
            let k = key_of(&kv);
            let g = groups.entry(k.clone()).or_insert_with(|| {
                order.push(k);
                (kv, Vec::new())
            });
            g.1.push(r.clone());
        }
        if keys.is_empty() && groups.is_empty() {
            order.push(String::new());
            groups.insert(String::new(), (Vec::new(), Vec::new()));
        }
        let mut cols: Vec<Column> = keys
            .iter()
            .map(|(n, e)| col(n, &type_of(e, &rel.cols)))
            .collect();
        for a in &aggs {
            cols.push(col(&a.name, &a.ty));
            cols.extend(a.ret.iter().map(|(n, _, t)| col(n, t)));
        }
        let mut rows = Vec::with_capacity(order.len());
        for k in &order {
            let (kv, members) = &groups[k];
            let mut out = kv.clone();
            for a in &aggs {
                let vals: Vec<V> = match &a.arg {
                    Some(e) => members.iter().map(|r| eval(e, r, now)).collect(),
                    None => Vec::new(),
                };
                let present = || vals.iter().filter(|v| !is_null(v));
                if !a.ret.is_empty() || a.func.starts_with("arg") {
                    let pick = vals.iter().enumerate().filter(|(_, v)| !is_null(v));
                    let best = if a.func.contains("max") {
                        pick.max_by(|x, y| sort_cmp(x.1, y.1))
                    } else {
                        pick.min_by(|x, y| sort_cmp(x.1, y.1))
                    };
                    match best {
                        Some((i, v)) => {
                            out.push(v.clone());
                            out.extend(a.ret.iter().map(|(_, e, _)| eval(e, &members[i], now)));
                        }
                        None => out.extend(std::iter::repeat_n(V::Null, a.ret.len() + 1)),
                    }
                    continue;
                }
                out.push(match a.func.as_str() {
                    "count" => V::Long(members.len() as i64),
                    "countif" => V::Long(vals.iter().filter(|v| truthy(v)).count() as i64),
                    "dcount" => V::Long(
                        present()
                            .map(|v| key_of(std::slice::from_ref(v)))
                            .collect::<HashSet<_>>()
                            .len() as i64,
                    ),
                    "dcountif" => {
                        let pred = a.pred.as_ref().expect("parsed with a predicate");
                        V::Long(
                            members
                                .iter()
                                .zip(&vals)
                                .filter(|(r, v)| !is_null(v) && truthy(&eval(pred, r, now)))
                                .map(|(_, v)| key_of(std::slice::from_ref(v)))
                                .collect::<HashSet<_>>()
                                .len() as i64,
                        )
                    }
                    "min" => present()
                        .min_by(|x, y| sort_cmp(x, y))
                        .cloned()
                        .unwrap_or(V::Null),
                    "max" => present()
                        .max_by(|x, y| sort_cmp(x, y))
                        .cloned()
                        .unwrap_or(V::Null),
                    "sum" if a.ty == "Int64" => present()
                        .try_fold(0i64, |acc, v| match v {
                            V::Long(n) => acc.checked_add(*n),
                            _ => Some(acc),
                        })
                        .map(V::Long)
                        .unwrap_or(V::Null),
                    "sum" => V::Real(present().filter_map(num).sum()),
                    "avg" => {
                        let xs: Vec<f64> = present().filter_map(num).collect();
                        if xs.is_empty() {
                            V::Null
                        } else {
                            V::Real(xs.iter().sum::<f64>() / xs.len() as f64)
                        }
                    }
                    _ => {
                        let mut seen = HashSet::new();
                        let set: Vec<Value> = present()
                            .filter(|v| seen.insert(key_of(std::slice::from_ref(v))))
                            .map(to_json)
                            .collect();
                        V::Dyn(Arc::new(Value::Array(set)))
                    }
                });
            }
            rows.push(Row::from(out));
        }
        Ok(Rel { cols, rows })
    }

    /// The arguments of `arg_max(X, Y, ...)` after its `(`: the expression maximised, the
    /// expressions returned (`*`: every other column), and the output names. `arg_max` names
    /// the columns after the expressions; the deprecated `argmax` prefixes them with `max_`
    /// (`max_X`, `max_X_Y`). A tuple of names, if given, replaces them in order.
    fn arg_extreme(
        &mut self,
        cols: &[Column],
        func: &str,
        tuple: &[String],
    ) -> R<(Expr, Vec<Expr>, Vec<String>)> {
        let key = self.expr(cols, "summarize")?;
        let key_name = default_name(&key, cols).unwrap_or_else(|| "Column1".into());
        let mut rets = Vec::new();
        let mut names = Vec::new();
        let legacy = !func.contains('_');
        let prefix = if func.contains("max") { "max" } else { "min" };
        names.push(if legacy {
            format!("{prefix}_{key_name}")
        } else {
            key_name.clone()
        });
        while self.eat(&Tok::Comma) {
            if self.eat(&Tok::Op("*".into())) {
                for (i, c) in cols.iter().enumerate() {
                    if c.name != key_name {
                        rets.push(Expr::Col(i));
                        names.push(c.name.clone());
                    }
                }
                continue;
            }
            let e = self.expr(cols, "summarize")?;
            let n = default_name(&e, cols).unwrap_or_else(|| format!("Column{}", rets.len() + 2));
            names.push(if legacy {
                format!("{prefix}_{key_name}_{n}")
            } else {
                n
            });
            rets.push(e);
        }
        self.expect(Tok::RParen)?;
        if !tuple.is_empty() {
            if tuple.len() != rets.len() + 1 {
                return Err(format!(
                    "Semantic error: {} names for the {} columns '{func}' returns.",
                    tuple.len(),
                    rets.len() + 1
                ));
            }
            names = tuple.to_vec();
        }
        Ok((key, rets, names))
    }

    fn join(&mut self, left: Rel) -> R<Rel> {
        let mut kind = "innerunique".to_string();
        if self.ident_is("kind") {
            self.pos += 1;
            self.expect(Tok::Op("=".into()))?;
            kind = self.name("a join kind")?;
        }
        const KINDS: &[&str] = &[
            "inner",
            "leftouter",
            "innerunique",
            "leftsemi",
            "rightsemi",
            "leftanti",
            "rightanti",
        ];
        if !KINDS.contains(&kind.as_str()) {
            return Err(format!(
                "The sandbox does not support join kind '{kind}' (inner, innerunique, leftouter, leftsemi, rightsemi, leftanti and rightanti are supported)."
            ));
        }
        if self.ident_is("hint") {
            return Err("The sandbox does not support join hints.".into());
        }
        let right = self.source_for_join()?;
        self.expect_word("on", "join")?;
        let mut pairs: Vec<(usize, usize)> = Vec::new();
        loop {
            if self.eat(&Tok::Dollar) {
                let (l, r) = self.join_side_pair(&left, &right)?;
                pairs.push((l, r));
            } else {
                let n = self.name("a join key")?;
                let l = self.column_index(&left.cols, &n, "join")?;
                let r = self.column_index(&right.cols, &n, "join")?;
                pairs.push((l, r));
            }
            if !self.eat(&Tok::Comma) {
                break;
            }
        }
        if kind.ends_with("semi") || kind.ends_with("anti") {
            return Ok(semi_join(&left, &right, &pairs, &kind));
        }
        let mut cols = left.cols.clone();
        for c in &right.cols {
            let mut name = c.name.clone();
            if cols.iter().any(|x| x.name == name) {
                let mut k = 1;
                while cols.iter().any(|x| x.name == format!("{}{k}", c.name)) {
                    k += 1;
                }
                name = format!("{}{k}", c.name);
            }
            cols.push(col(&name, &c.ty));
        }
        let mut index: HashMap<String, Vec<&Row>> = HashMap::new();
        for r in &right.rows {
            let kv: Vec<V> = pairs.iter().map(|(_, ri)| r[*ri].clone()).collect();
            if kv.iter().any(is_null) {
                continue;
            }
            index.entry(key_of(&kv)).or_default().push(r);
        }
        let mut seen_left = HashSet::new();
        let mut rows = Vec::new();
        for l in &left.rows {
            let kv: Vec<V> = pairs.iter().map(|(li, _)| l[*li].clone()).collect();
            let k = key_of(&kv);
            if kind == "innerunique" && !seen_left.insert(k.clone()) {
                continue;
            }
            match index.get(&k).filter(|_| !kv.iter().any(is_null)) {
                Some(matches) => {
                    for r in matches {
                        let mut out = l.to_vec();
                        out.extend(r.iter().cloned());
                        rows.push(Row::from(out));
                    }
                }
                None if kind == "leftouter" => {
                    let mut out = l.to_vec();
                    out.resize(cols.len(), V::Null);
                    rows.push(Row::from(out));
                }
                None => {}
            }
        }
        Ok(Rel { cols, rows })
    }

    fn source_for_join(&mut self) -> R<Rel> {
        match self.peek() {
            Some(Tok::LParen) => {
                self.pos += 1;
                let r = self.tabular()?;
                self.expect(Tok::RParen)?;
                Ok(r)
            }
            _ => self.source(),
        }
    }

    /// `$left.A == $right.B` (or the other way round); the leading `$` is already read.
    fn join_side_pair(&mut self, left: &Rel, right: &Rel) -> R<(usize, usize)> {
        let side = |q: &mut Self| -> R<(String, String)> {
            let s = q.name("'left' or 'right'")?;
            q.expect(Tok::Dot)?;
            let c = q.name("a column name")?;
            Ok((s, c))
        };
        let (s1, c1) = side(self)?;
        match self.next()? {
            Tok::Op(o) if o == "==" => {}
            other => {
                return Err(format!(
                    "The sandbox supports join conditions on equality only, not '{}'.",
                    describe(&other)
                ))
            }
        }
        self.expect(Tok::Dollar)?;
        let (s2, c2) = side(self)?;
        let ((_, lc), (_, rc)) = match (s1.as_str(), s2.as_str()) {
            ("left", "right") => ((s1, c1), (s2, c2)),
            ("right", "left") => ((s2, c2), (s1, c1)),
            _ => return Err("Syntax error: a join condition compares $left with $right.".into()),
        };
        Ok((
            self.column_index(&left.cols, &lc, "join")?,
            self.column_index(&right.cols, &rc, "join")?,
        ))
    }

    // ---- scalar expressions

    fn expr(&mut self, cols: &[Column], op: &str) -> R<Expr> {
        self.or(cols, op)
    }
    fn or(&mut self, cols: &[Column], op: &str) -> R<Expr> {
        let mut l = self.and(cols, op)?;
        while self.ident_is("or") {
            self.pos += 1;
            l = Expr::Or(Box::new(l), Box::new(self.and(cols, op)?));
        }
        Ok(l)
    }
    fn and(&mut self, cols: &[Column], op: &str) -> R<Expr> {
        let mut l = self.cmp(cols, op)?;
        while self.ident_is("and") {
            self.pos += 1;
            l = Expr::And(Box::new(l), Box::new(self.cmp(cols, op)?));
        }
        Ok(l)
    }
    fn cmp(&mut self, cols: &[Column], op: &str) -> R<Expr> {
        let l = self.add(cols, op)?;
        let (name, negate) = match self.peek().cloned() {
            Some(Tok::Op(o))
                if ["==", "!=", "<", "<=", ">", ">=", "=~", "!~"].contains(&o.as_str()) =>
            {
                self.pos += 1;
                (o, false)
            }
            Some(Tok::Op(o)) if o == "!" => {
                self.pos += 1;
                match self.next()? {
                    Tok::Ident(w) => (w, true),
                    other => {
                        return Err(format!("Syntax error: unexpected '!{}'.", describe(&other)))
                    }
                }
            }
            Some(Tok::Ident(w))
                if !["and", "or", "by", "asc", "desc", "nulls", "on", "kind"]
                    .contains(&w.as_str()) =>
            {
                self.pos += 1;
                (w, false)
            }
            _ => return Ok(l),
        };
        if name == "in" {
            let ci = self.eat(&Tok::Op("~".into()));
            self.expect(Tok::LParen)?;
            let mut list = vec![self.add(cols, op)?];
            while self.eat(&Tok::Comma) {
                list.push(self.add(cols, op)?);
            }
            self.expect(Tok::RParen)?;
            return Ok(Expr::In {
                e: Box::new(l),
                list,
                ci,
                negate,
            });
        }
        if name == "has_any" || name == "has_all" {
            self.expect(Tok::LParen)?;
            let mut list = vec![self.add(cols, op)?];
            while self.eat(&Tok::Comma) {
                list.push(self.add(cols, op)?);
            }
            self.expect(Tok::RParen)?;
            return Ok(Expr::HasAny {
                e: Box::new(l),
                list,
                all: name == "has_all",
                negate,
            });
        }
        if name == "matches" && !negate {
            self.expect_word("regex", "matches")?;
            let pat = match self.add(cols, op)? {
                Expr::Lit(V::Str(s)) => s,
                _ => {
                    return Err(
                        "Semantic error: 'matches regex' needs a constant string pattern.".into(),
                    )
                }
            };
            let re = regex::Regex::new(&pat)
                .map_err(|e| format!("Semantic error: invalid regular expression: {e}"))?;
            return Ok(Expr::Regex(Box::new(l), Box::new(re)));
        }
        if ["==", "!=", "<", "<=", ">", ">=", "=~", "!~"].contains(&name.as_str())
            || STRING_OPS.contains(&name.as_str())
        {
            let r = self.add(cols, op)?;
            return Ok(Expr::Cmp(Box::new(l), name, negate, Box::new(r)));
        }
        Err(format!(
            "The sandbox does not support the operator '{}{name}'.",
            if negate { "!" } else { "" }
        ))
    }
    fn add(&mut self, cols: &[Column], op: &str) -> R<Expr> {
        let mut l = self.mul(cols, op)?;
        loop {
            let a = match self.peek() {
                Some(Tok::Op(o)) if o == "+" => Arith::Add,
                Some(Tok::Op(o)) if o == "-" => Arith::Sub,
                _ => return Ok(l),
            };
            self.pos += 1;
            l = Expr::Arith(Box::new(l), a, Box::new(self.mul(cols, op)?));
        }
    }
    fn mul(&mut self, cols: &[Column], op: &str) -> R<Expr> {
        let mut l = self.unary(cols, op)?;
        loop {
            let a = match self.peek() {
                Some(Tok::Op(o)) if o == "*" => Arith::Mul,
                Some(Tok::Op(o)) if o == "/" => Arith::Div,
                Some(Tok::Op(o)) if o == "%" => Arith::Mod,
                _ => return Ok(l),
            };
            self.pos += 1;
            l = Expr::Arith(Box::new(l), a, Box::new(self.unary(cols, op)?));
        }
    }
    fn unary(&mut self, cols: &[Column], op: &str) -> R<Expr> {
        if self.eat(&Tok::Op("-".into())) {
            let e = self.primary(cols, op)?;
            return Ok(match e {
                Expr::Lit(V::Long(n)) => Expr::Lit(V::Long(-n)),
                Expr::Lit(V::Real(f)) => Expr::Lit(V::Real(-f)),
                Expr::Lit(V::Span(d)) => Expr::Lit(V::Span(-d)),
                other => Expr::Arith(Box::new(Expr::Lit(V::Long(0))), Arith::Sub, Box::new(other)),
            });
        }
        self.primary(cols, op)
    }
    fn primary(&mut self, cols: &[Column], op: &str) -> R<Expr> {
        match self.next()? {
            Tok::Str(s) => Ok(Expr::Lit(V::Str(s.into()))),
            Tok::Num(n) => {
                if n.contains(['.', 'e', 'E']) {
                    n.parse()
                        .map(|f| Expr::Lit(V::Real(f)))
                        .map_err(|_| format!("Syntax error: '{n}' is not a number."))
                } else {
                    n.parse()
                        .map(|i| Expr::Lit(V::Long(i)))
                        .map_err(|_| format!("Syntax error: '{n}' is not a number."))
                }
            }
            Tok::Span(d) => Ok(Expr::Lit(V::Span(d))),
            Tok::LParen => {
                let e = self.expr(cols, op)?;
                self.expect(Tok::RParen)?;
                Ok(e)
            }
            Tok::Ident(w) if w == "true" || w == "false" => Ok(Expr::Lit(V::Bool(w == "true"))),
            Tok::Ident(w) if w == "datetime" => match self.next()? {
                Tok::Raw(r) => {
                    let r = r.trim_matches(|c| c == '"' || c == '\'');
                    if r == "null" {
                        return Ok(Expr::Lit(V::Null));
                    }
                    crate::time::parse(r)
                        .map(|d| Expr::Lit(V::Date(d)))
                        .ok_or_else(|| {
                            format!("Syntax error: datetime({r}) is not a valid date-time.")
                        })
                }
                _ => Err("Syntax error: datetime needs a value in parentheses.".into()),
            },
            Tok::Ident(w) if w == "dynamic" => match self.next()? {
                Tok::Raw(r) => serde_json::from_str::<Value>(&r)
                    .map(|v| Expr::Lit(V::Dyn(Arc::new(v))))
                    .map_err(|_| {
                        format!(
                            "The sandbox supports dynamic() literals in JSON form only, not '{r}'."
                        )
                    }),
                _ => Err("Syntax error: dynamic needs a value in parentheses.".into()),
            },
            // `typeof(string)`: a type, as extractjson's third argument takes it.
            Tok::Ident(w) if w == "typeof" && self.peek() == Some(&Tok::LParen) => {
                self.pos += 1;
                let t = self.name("a type name")?;
                self.expect(Tok::RParen)?;
                Ok(Expr::Lit(V::Str(t.into())))
            }
            Tok::Ident(w) if self.peek() == Some(&Tok::LParen) => {
                let Some(&f) = FUNCS.iter().find(|f| **f == w) else {
                    return Err(format!("The sandbox does not support the function '{w}'."));
                };
                self.pos += 1;
                let mut args = Vec::new();
                if !self.eat(&Tok::RParen) {
                    loop {
                        args.push(self.expr(cols, op)?);
                        if !self.eat(&Tok::Comma) {
                            break;
                        }
                    }
                    self.expect(Tok::RParen)?;
                }
                let arity: (usize, usize) = match f {
                    "now" => (0, 0),
                    "bin" | "floor" => (2, 2),
                    "strcat" | "pack_array" => (1, 64),
                    "extract" | "iff" | "iif" => (3, 3),
                    "extractjson" | "extract_json" => (2, 3),
                    _ => (1, 1),
                };
                if args.len() < arity.0 || args.len() > arity.1 {
                    return Err(format!(
                        "Semantic error: '{f}' got {} arguments.",
                        args.len()
                    ));
                }
                if f == "not" {
                    return Ok(Expr::Not(Box::new(args.remove(0))));
                }
                if f == "extract" {
                    let (Expr::Lit(V::Str(pat)), Expr::Lit(V::Long(group))) = (&args[0], &args[1])
                    else {
                        return Err(
                            "Semantic error: 'extract' needs a constant pattern and capture group."
                                .into(),
                        );
                    };
                    let re = regex::Regex::new(pat)
                        .map_err(|e| format!("Semantic error: invalid regular expression: {e}"))?;
                    let group = usize::try_from(*group).unwrap_or(usize::MAX);
                    let src = args.remove(2);
                    return Ok(Expr::Extract(Box::new(re), group, Box::new(src)));
                }
                Ok(Expr::Call(f, args))
            }
            Tok::Ident(w) => {
                if let Some(i) = cols.iter().position(|c| c.name == w) {
                    return Ok(Expr::Col(i));
                }
                match self.lets.get(&w) {
                    Some(Bound::Scalar(v)) => Ok(Expr::Lit(v.clone())),
                    Some(Bound::Table(_)) => Err(format!(
                        "The sandbox does not support the tabular expression '{w}' as a scalar value."
                    )),
                    None => Err(format!(
                        "Semantic error: '{op}' operator: Failed to resolve scalar expression named '{w}'"
                    )),
                }
            }
            other => Err(format!(
                "Syntax error: expected a value but found '{}'.",
                describe(&other)
            )),
        }
    }
}

/// `leftsemi`/`rightsemi` keep one side's rows that have a match on the other, with that side's
/// columns only; the `anti` kinds keep the rows without one. A null key never matches.
fn semi_join(left: &Rel, right: &Rel, pairs: &[(usize, usize)], kind: &str) -> Rel {
    let from_left = kind.starts_with("left");
    let semi = kind.ends_with("semi");
    let key = |r: &Row, left_side: bool| -> Option<String> {
        let kv: Vec<V> = pairs
            .iter()
            .map(|(li, ri)| r[if left_side { *li } else { *ri }].clone())
            .collect();
        (!kv.iter().any(is_null)).then(|| key_of(&kv))
    };
    let (kept, other) = if from_left {
        (left, right)
    } else {
        (right, left)
    };
    let present: HashSet<String> = other
        .rows
        .iter()
        .filter_map(|r| key(r, !from_left))
        .collect();
    let rows = kept
        .rows
        .iter()
        .filter(|r| key(r, from_left).is_some_and(|k| present.contains(&k)) == semi)
        .cloned()
        .collect();
    Rel {
        cols: kept.cols.clone(),
        rows,
    }
}

fn default_name(e: &Expr, cols: &[Column]) -> Option<String> {
    match e {
        Expr::Col(i) => Some(cols[*i].name.clone()),
        Expr::Call("bin" | "floor", args) => args.first().and_then(|a| default_name(a, cols)),
        _ => None,
    }
}

fn key_of(vals: &[V]) -> String {
    let mut s = String::new();
    for v in vals {
        s.push_str(type_of_value(v));
        s.push('\u{1}');
        s.push_str(&to_json(v).to_string());
        s.push('\u{2}');
    }
    s
}

fn select(rel: &Rel, keep: &[usize]) -> Rel {
    Rel {
        cols: keep.iter().map(|i| rel.cols[*i].clone()).collect(),
        rows: rel
            .rows
            .iter()
            .map(|r| keep.iter().map(|i| r[*i].clone()).collect())
            .collect(),
    }
}

/// Runs `query` against `tables`; `Err` carries a KQL-style message for a 400.
pub fn run(tables: &Tables, query: &str, opts: RunOptions) -> Result<QueryResult, String> {
    let mut q = Q {
        t: tokenize(query)?,
        pos: 0,
        tables,
        opts,
        lets: HashMap::new(),
        scanned: 0,
    };
    let rel = q.query()?;
    let rows = rel
        .rows
        .iter()
        .take(opts.max_rows)
        .map(|r| {
            rel.cols
                .iter()
                .zip(r.iter())
                .filter(|(_, v)| !matches!(v, V::Missing))
                .map(|(c, v)| (c.name.clone(), to_json(v)))
                .collect()
        })
        .collect();
    Ok(QueryResult {
        columns: rel.cols,
        rows,
        scanned: q.scanned,
    })
}

#[cfg(test)]
#[path = "kql_tests.rs"]
mod tests;
