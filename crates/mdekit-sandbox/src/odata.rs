//! OData `$filter` on the documented filterable properties (reference §4.2).
//!
//! Choices where the docs are silent: property names match case-insensitively (the docs mix `InvestigationId` and
//! `investigationId`); string comparisons ignore case (a reported `onboardingstatus eq 'onboarded'` matched
//! `Onboarded` machines); `eq`/`ne` on `machineTags` test membership; `machineTags/any(t: t eq 'x')` is accepted too.

use std::cmp::Ordering;

use chrono::{DateTime, Utc};
use serde_json::{Map, Value};

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum PropType {
    Str,
    Date,
    Num,
    StrList,
}

/// A collection's filterable properties, read from the endpoint catalogue (`mdekit-spec`), so
/// the sandbox accepts exactly what each list page documents.
pub struct EntitySpec {
    pub type_name: &'static str,
    pub props: &'static [mdekit_spec::Filterable],
}

fn prop_type(ty: mdekit_spec::PropType) -> PropType {
    match ty {
        mdekit_spec::PropType::String => PropType::Str,
        mdekit_spec::PropType::DateTime => PropType::Date,
        mdekit_spec::PropType::Number => PropType::Num,
        mdekit_spec::PropType::StringList => PropType::StrList,
    }
}

pub const ALERTS: EntitySpec = EntitySpec {
    type_name: "Alert",
    props: mdekit_spec::ALERTS_LIST.filterable,
};

pub const MACHINES: EntitySpec = EntitySpec {
    type_name: "Machine",
    props: mdekit_spec::MACHINES_LIST.filterable,
};

/// The machinesVulnerabilities list (get-all-vulnerabilities-by-machines: 8 filterable
/// properties).
pub const VULNERABILITIES: EntitySpec = EntitySpec {
    type_name: "PublicAssetVulnerabilityDto",
    props: mdekit_spec::VULNERABILITIES_BY_MACHINE.filterable,
};

#[derive(Debug, Clone, PartialEq)]
enum Lit {
    Null,
    Bool(bool),
    Num(f64),
    Str(String),
    Date(DateTime<Utc>),
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Op {
    Eq,
    Ne,
    Gt,
    Ge,
    Lt,
    Le,
}

#[derive(Debug, Clone, Copy)]
enum Func {
    StartsWith,
    EndsWith,
    Contains,
}

#[derive(Debug, Clone)]
struct Prop {
    name: String,
    ty: PropType,
}

#[derive(Debug, Clone)]
enum Expr {
    And(Box<Expr>, Box<Expr>),
    Or(Box<Expr>, Box<Expr>),
    Not(Box<Expr>),
    Cmp(Prop, Op, Lit),
    In(Prop, Vec<Lit>),
    Func(Func, Prop, String),
    Any(Prop, Box<Expr>),
}

/// A parsed `$filter`, ready to test entities.
#[derive(Debug, Clone)]
pub struct Filter(Expr);

impl Filter {
    pub fn parse(text: &str, spec: &EntitySpec) -> Result<Filter, String> {
        let tokens = tokenize(text)?;
        if tokens.is_empty() {
            return Err("The $filter expression is empty.".into());
        }
        let mut p = Parser {
            tokens,
            pos: 0,
            spec,
            lambda: None,
        };
        let e = p.or()?;
        if let Some(t) = p.tokens.get(p.pos) {
            return Err(format!(
                "Syntax error at position {}: unexpected '{}' in $filter.",
                t.at,
                t.text()
            ));
        }
        Ok(Filter(e))
    }

    pub fn matches(&self, entity: &Map<String, Value>) -> bool {
        eval(&self.0, entity)
    }
}

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Ident(String),
    Str(String),
    Num(String),
    Date(String),
    LParen,
    RParen,
    Comma,
    Colon,
}

#[derive(Debug, Clone)]
struct Token {
    tok: Tok,
    at: usize,
}

impl Token {
    fn text(&self) -> String {
        match &self.tok {
            Tok::Ident(s) | Tok::Num(s) | Tok::Date(s) => s.clone(),
            Tok::Str(s) => format!("'{s}'"),
            Tok::LParen => "(".into(),
            Tok::RParen => ")".into(),
            Tok::Comma => ",".into(),
            Tok::Colon => ":".into(),
        }
    }
}

fn tokenize(text: &str) -> Result<Vec<Token>, String> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let at = i;
        match c {
            c if c.is_whitespace() => i += 1,
            '(' | ')' | ',' | ':' => {
                out.push(Token {
                    tok: match c {
                        '(' => Tok::LParen,
                        ')' => Tok::RParen,
                        ',' => Tok::Comma,
                        _ => Tok::Colon,
                    },
                    at,
                });
                i += 1;
            }
            '\'' => {
                let mut s = String::new();
                i += 1;
                loop {
                    match chars.get(i) {
                        None => return Err(format!("Syntax error: unterminated string literal at position {at} in $filter.")),
                        Some('\'') if chars.get(i + 1) == Some(&'\'') => {
                            s.push('\'');
                            i += 2;
                        }
                        Some('\'') => {
                            i += 1;
                            break;
                        }
                        Some(&ch) => {
                            s.push(ch);
                            i += 1;
                        }
                    }
                }
                out.push(Token {
                    tok: Tok::Str(s),
                    at,
                });
            }
            c if c.is_ascii_digit()
                || (c == '-' && chars.get(i + 1).is_some_and(|d| d.is_ascii_digit())) =>
            {
                let start = i;
                i += 1;
                while i < chars.len()
                    && (chars[i].is_ascii_alphanumeric()
                        || matches!(chars[i], '.' | ':' | '-' | '+'))
                {
                    i += 1;
                }
                let s: String = chars[start..i].iter().collect();
                let is_date =
                    s.len() >= 8 && s.as_bytes().get(4) == Some(&b'-') && !s.starts_with('-');
                out.push(Token {
                    tok: if is_date { Tok::Date(s) } else { Tok::Num(s) },
                    at,
                });
            }
            c if c.is_alphabetic() || c == '_' || c == '$' => {
                let start = i;
                while i < chars.len()
                    && (chars[i].is_alphanumeric() || matches!(chars[i], '_' | '/' | '.' | '$'))
                {
                    i += 1;
                }
                out.push(Token {
                    tok: Tok::Ident(chars[start..i].iter().collect()),
                    at,
                });
            }
            other => {
                return Err(format!(
                    "Syntax error: character '{other}' is not valid at position {at} in $filter."
                ))
            }
        }
    }
    Ok(out)
}

struct Parser<'a> {
    tokens: Vec<Token>,
    pos: usize,
    spec: &'a EntitySpec,
    lambda: Option<String>,
}

impl Parser<'_> {
    fn peek(&self) -> Option<&Tok> {
        self.tokens.get(self.pos).map(|t| &t.tok)
    }

    fn peek_kw(&self, kw: &str) -> bool {
        matches!(self.peek(), Some(Tok::Ident(s)) if s.eq_ignore_ascii_case(kw))
    }

    fn next(&mut self) -> Result<Token, String> {
        let t = self
            .tokens
            .get(self.pos)
            .cloned()
            .ok_or("Syntax error: the $filter expression ends too early.")?;
        self.pos += 1;
        Ok(t)
    }

    fn expect(&mut self, want: Tok) -> Result<(), String> {
        let t = self.next()?;
        if t.tok == want {
            Ok(())
        } else {
            Err(format!(
                "Syntax error at position {}: expected '{}' but found '{}' in $filter.",
                t.at,
                Token { tok: want, at: 0 }.text(),
                t.text()
            ))
        }
    }

    fn or(&mut self) -> Result<Expr, String> {
        let mut left = self.and()?;
        while self.peek_kw("or") {
            self.pos += 1;
            left = Expr::Or(Box::new(left), Box::new(self.and()?));
        }
        Ok(left)
    }

    fn and(&mut self) -> Result<Expr, String> {
        let mut left = self.unary()?;
        while self.peek_kw("and") {
            self.pos += 1;
            left = Expr::And(Box::new(left), Box::new(self.unary()?));
        }
        Ok(left)
    }

    fn unary(&mut self) -> Result<Expr, String> {
        if self.peek_kw("not") {
            self.pos += 1;
            return Ok(Expr::Not(Box::new(self.unary()?)));
        }
        if self.peek() == Some(&Tok::LParen) {
            self.pos += 1;
            let e = self.or()?;
            self.expect(Tok::RParen)?;
            return Ok(e);
        }
        self.comparison()
    }

    fn prop(&self, name: &str, at: usize) -> Result<Prop, String> {
        if let Some(var) = &self.lambda {
            if var == name {
                return Ok(Prop {
                    name: var.clone(),
                    ty: PropType::Str,
                });
            }
        }
        self.spec
            .props
            .iter()
            .find(|f| f.name.eq_ignore_ascii_case(name))
            .map(|f| Prop {
                name: f.name.to_string(),
                ty: prop_type(f.ty),
            })
            .ok_or_else(|| {
                let allowed: Vec<&str> = self.spec.props.iter().map(|f| f.name).collect();
                format!(
                    "Invalid filter at position {at}: property '{name}' of type '{}' cannot be used in $filter. Filterable properties: {}.",
                    self.spec.type_name,
                    allowed.join(", ")
                )
            })
    }

    fn comparison(&mut self) -> Result<Expr, String> {
        let first = self.next()?;
        let Tok::Ident(name) = &first.tok else {
            return Err(format!(
                "Syntax error at position {}: expected a property name but found '{}' in $filter.",
                first.at,
                first.text()
            ));
        };
        let lower = name.to_ascii_lowercase();
        if matches!(lower.as_str(), "startswith" | "endswith" | "contains")
            && self.peek() == Some(&Tok::LParen)
        {
            let func = match lower.as_str() {
                "startswith" => Func::StartsWith,
                "endswith" => Func::EndsWith,
                _ => Func::Contains,
            };
            self.pos += 1;
            let pt = self.next()?;
            let Tok::Ident(pname) = &pt.tok else {
                return Err(format!(
                    "Syntax error at position {}: {name}() takes a property as its first argument.",
                    pt.at
                ));
            };
            let prop = self.prop(pname, pt.at)?;
            self.expect(Tok::Comma)?;
            let lt = self.next()?;
            let Tok::Str(s) = lt.tok else {
                return Err(format!("Syntax error at position {}: {name}() takes a string literal as its second argument.", lt.at));
            };
            self.expect(Tok::RParen)?;
            return Ok(Expr::Func(func, prop, s));
        }
        if let Some((pname, fun)) = name.split_once('/') {
            if !fun.eq_ignore_ascii_case("any") {
                return Err(format!("Invalid filter at position {}: '{name}' is not supported; only '/any' lambdas are.", first.at));
            }
            let prop = self.prop(pname, first.at)?;
            if prop.ty != PropType::StrList {
                return Err(format!(
                    "Invalid filter at position {}: '{pname}' is not a collection.",
                    first.at
                ));
            }
            self.expect(Tok::LParen)?;
            let vt = self.next()?;
            let Tok::Ident(var) = vt.tok else {
                return Err(format!(
                    "Syntax error at position {}: expected a lambda variable.",
                    vt.at
                ));
            };
            self.expect(Tok::Colon)?;
            let saved = self.lambda.replace(var);
            let inner = self.or();
            self.lambda = saved;
            let inner = inner?;
            self.expect(Tok::RParen)?;
            return Ok(Expr::Any(prop, Box::new(inner)));
        }
        let prop = self.prop(name, first.at)?;
        let opt = self.next()?;
        let Tok::Ident(op) = &opt.tok else {
            return Err(format!(
                "Syntax error at position {}: expected an operator after '{name}' but found '{}'.",
                opt.at,
                opt.text()
            ));
        };
        let op = match op.to_ascii_lowercase().as_str() {
            "eq" => Op::Eq,
            "ne" => Op::Ne,
            "gt" => Op::Gt,
            "ge" => Op::Ge,
            "lt" => Op::Lt,
            "le" => Op::Le,
            "in" => {
                self.expect(Tok::LParen)?;
                let mut lits = vec![self.literal(&prop)?];
                while self.peek() == Some(&Tok::Comma) {
                    self.pos += 1;
                    lits.push(self.literal(&prop)?);
                }
                self.expect(Tok::RParen)?;
                return Ok(Expr::In(prop, lits));
            }
            other => {
                return Err(format!(
                    "Syntax error at position {}: unknown operator '{other}' in $filter.",
                    opt.at
                ))
            }
        };
        let lit = self.literal(&prop)?;
        Ok(Expr::Cmp(prop, op, lit))
    }

    fn literal(&mut self, prop: &Prop) -> Result<Lit, String> {
        let t = self.next()?;
        let bad = |what: &str| {
            format!(
                "Invalid filter at position {}: {what} '{}' is not valid for property '{}'.",
                t.at,
                t.text(),
                prop.name
            )
        };
        Ok(match &t.tok {
            Tok::Ident(s) if s.eq_ignore_ascii_case("null") => Lit::Null,
            Tok::Ident(s) if s.eq_ignore_ascii_case("true") => Lit::Bool(true),
            Tok::Ident(s) if s.eq_ignore_ascii_case("false") => Lit::Bool(false),
            Tok::Str(s) => match prop.ty {
                PropType::Date => {
                    Lit::Date(crate::time::parse(s).ok_or_else(|| bad("the date-time"))?)
                }
                PropType::Num => Lit::Num(s.parse().map_err(|_| bad("the number"))?),
                _ => Lit::Str(s.clone()),
            },
            Tok::Num(s) => match prop.ty {
                PropType::Str | PropType::StrList => Lit::Str(s.clone()),
                _ => Lit::Num(s.parse().map_err(|_| bad("the number"))?),
            },
            Tok::Date(s) => match prop.ty {
                PropType::Date => {
                    Lit::Date(crate::time::parse(s).ok_or_else(|| bad("the date-time"))?)
                }
                _ => return Err(bad("the date-time literal")),
            },
            _ => {
                return Err(format!(
                    "Syntax error at position {}: expected a literal but found '{}' in $filter.",
                    t.at,
                    t.text()
                ))
            }
        })
    }
}

fn eval(e: &Expr, obj: &Map<String, Value>) -> bool {
    match e {
        Expr::And(a, b) => eval(a, obj) && eval(b, obj),
        Expr::Or(a, b) => eval(a, obj) || eval(b, obj),
        Expr::Not(a) => !eval(a, obj),
        Expr::Cmp(p, op, lit) => compare_prop(obj.get(&p.name), p.ty, *op, lit),
        Expr::In(p, lits) => lits
            .iter()
            .any(|l| compare_prop(obj.get(&p.name), p.ty, Op::Eq, l)),
        Expr::Func(f, p, s) => {
            let needle = s.to_lowercase();
            let test = |v: &Value| {
                v.as_str().is_some_and(|h| {
                    let h = h.to_lowercase();
                    match f {
                        Func::StartsWith => h.starts_with(&needle),
                        Func::EndsWith => h.ends_with(&needle),
                        Func::Contains => h.contains(&needle),
                    }
                })
            };
            match obj.get(&p.name) {
                Some(Value::Array(items)) => items.iter().any(test),
                Some(v) => test(v),
                None => false,
            }
        }
        Expr::Any(p, inner) => match obj.get(&p.name) {
            Some(Value::Array(items)) => items.iter().any(|item| {
                let mut scope = Map::new();
                if let Some(var) = lambda_var(inner) {
                    scope.insert(var, item.clone());
                }
                eval(inner, &scope)
            }),
            _ => false,
        },
    }
}

fn lambda_var(e: &Expr) -> Option<String> {
    match e {
        Expr::And(a, b) | Expr::Or(a, b) => lambda_var(a).or_else(|| lambda_var(b)),
        Expr::Not(a) => lambda_var(a),
        Expr::Cmp(p, _, _) | Expr::In(p, _) | Expr::Func(_, p, _) => Some(p.name.clone()),
        Expr::Any(..) => None,
    }
}

fn compare_prop(v: Option<&Value>, ty: PropType, op: Op, lit: &Lit) -> bool {
    let v = v.unwrap_or(&Value::Null);
    if let Value::Array(items) = v {
        let hit = items
            .iter()
            .any(|item| compare_prop(Some(item), PropType::Str, Op::Eq, lit));
        return match op {
            Op::Eq => hit,
            Op::Ne => !hit,
            _ => items
                .iter()
                .any(|item| compare_prop(Some(item), PropType::Str, op, lit)),
        };
    }
    if *lit == Lit::Null || v.is_null() {
        let both = *lit == Lit::Null && v.is_null();
        return match op {
            Op::Eq => both,
            Op::Ne => !both,
            _ => false,
        };
    }
    let ord = match (lit, ty) {
        (Lit::Date(d), _) => v.as_str().and_then(crate::time::parse).map(|t| t.cmp(d)),
        (Lit::Num(n), _) => value_num(v).and_then(|x| x.partial_cmp(n)),
        (Lit::Bool(b), _) => v.as_bool().map(|x| x.cmp(b)),
        (Lit::Str(s), _) => value_text(v).map(|x| x.to_lowercase().cmp(&s.to_lowercase())),
        (Lit::Null, _) => None,
    };
    match ord {
        None => op == Op::Ne,
        Some(o) => match op {
            Op::Eq => o == Ordering::Equal,
            Op::Ne => o != Ordering::Equal,
            Op::Gt => o == Ordering::Greater,
            Op::Ge => o != Ordering::Less,
            Op::Lt => o == Ordering::Less,
            Op::Le => o != Ordering::Greater,
        },
    }
}

fn value_num(v: &Value) -> Option<f64> {
    match v {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.parse().ok(),
        _ => None,
    }
}

fn value_text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn m(v: Value) -> Map<String, Value> {
        v.as_object().unwrap().clone()
    }

    #[test]
    fn evaluates_documented_forms() {
        let a = m(
            json!({"severity":"High","status":"New","incidentId":14,"assignedTo":null,
            "alertCreationTime":"2021-01-26T20:33:57.7220239Z","category":"O'Brien"}),
        );
        let ok = |f: &str| Filter::parse(f, &ALERTS).unwrap().matches(&a);
        assert!(ok("severity eq 'High'"));
        assert!(ok("Severity eq 'high'"));
        assert!(!ok("severity ne 'High'"));
        assert!(ok(
            "alertCreationTime ge 2021-01-01T00:00:00Z and alertCreationTime lt 2021-02-01Z"
        ));
        assert!(ok("incidentId eq 14 and assignedTo eq null"));
        assert!(ok(
            "(severity eq 'Low' or severity eq 'High') and not (status eq 'Resolved')"
        ));
        assert!(ok("severity in ('Medium', 'High')"));
        assert!(ok("category eq 'O''Brien'"));
        assert!(ok("startswith(status,'Ne')"));
        assert!(ok("incidentId gt 13"));
    }

    #[test]
    fn machine_tags_and_numbers() {
        let mach = m(
            json!({"machineTags":["Finance","VIP"],"rbacGroupId":140,"lastSeen":"2024-05-01T00:00:00Z"}),
        );
        let ok = |f: &str| Filter::parse(f, &MACHINES).unwrap().matches(&mach);
        assert!(ok("machineTags eq 'vip'"));
        assert!(ok("machineTags/any(t: t eq 'Finance')"));
        assert!(!ok("machineTags/any(t: t eq 'Nope')"));
        assert!(ok("rbacGroupId eq 140"));
        assert!(ok("lastSeen gt 2018-08-01Z"));
    }

    #[test]
    fn rejects_bad_filters() {
        let err = Filter::parse("title eq 'x'", &ALERTS).unwrap_err();
        assert!(err.contains("'title'"), "{err}");
        assert!(Filter::parse("severity eq", &ALERTS).is_err());
        assert!(Filter::parse("severity eq 'High", &ALERTS).is_err());
        assert!(Filter::parse("severity foo 'High'", &ALERTS).is_err());
        assert!(Filter::parse("severity eq 'High')", &ALERTS).is_err());
        assert!(Filter::parse("alertCreationTime gt 'yesterday'", &ALERTS).is_err());
        assert!(Filter::parse("", &ALERTS).is_err());
    }
}
