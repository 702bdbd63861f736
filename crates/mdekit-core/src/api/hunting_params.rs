//! Query parameters bound as KQL `let` statements.
//!
//! `run(query, params={"host": "pc-01"})` sends `let host = "pc-01";` ahead of the query. Each
//! value is written as a literal whose text cannot end early: strings are double-quoted with
//! `\` and `"` escaped, and characters KQL strings cannot carry safely (other control
//! characters) are refused; date-times, numbers and time spans are checked to contain only the
//! characters of their literal form. So a value is always data, never query text.

use crate::error::{Error, Result};

/// A value of a query parameter.
#[derive(Debug, Clone, PartialEq)]
pub enum Param {
    Null,
    Bool(bool),
    Long(i64),
    Real(f64),
    Str(String),
    /// A UTC date-time in ISO-8601 form (`2024-05-01T10:20:30.123456Z`).
    DateTime(String),
    /// A time span in ticks (100 ns).
    Span(i64),
    /// A list of scalars, bound as `dynamic([...])` (use it with `in (name)`).
    List(Vec<Param>),
}

/// Words that cannot name a parameter: KQL keywords and literal names.
const RESERVED: &[&str] = &[
    "let",
    "and",
    "or",
    "not",
    "in",
    "by",
    "on",
    "kind",
    "true",
    "false",
    "asc",
    "desc",
    "with",
    "datetime",
    "dynamic",
    "time",
    "timespan",
    "null",
    "where",
    "project",
    "extend",
    "summarize",
    "join",
    "union",
    "take",
    "limit",
    "sort",
    "order",
    "top",
    "count",
    "distinct",
    "print",
    "has",
    "has_any",
    "has_all",
    "hasprefix",
    "hassuffix",
    "contains",
    "startswith",
    "endswith",
    "matches",
    "regex",
    "between",
    "as",
    "of",
    "to",
    "range",
    "render",
    "evaluate",
    "parse",
    "invoke",
    "materialize",
    "toscalar",
    "ago",
    "now",
    "set",
    "declare",
    "alias",
    "pattern",
    "restrict",
    "access",
    "search",
    "find",
    "datatable",
    "externaldata",
    "bool",
    "int",
    "long",
    "real",
    "double",
    "string",
    "guid",
    "decimal",
];

/// The advanced-hunting tables (Defender XDR schema reference): a `let` of one of these names
/// would hide the table from the query it is meant to parameterise.
const TABLES: &[&str] = &[
    "alertevidence",
    "alertinfo",
    "behaviorentities",
    "behaviorinfo",
    "cloudappevents",
    "cloudauditevents",
    "deviceevents",
    "devicefilecertificateinfo",
    "devicefileevents",
    "deviceimageloadevents",
    "deviceinfo",
    "devicelogonevents",
    "devicenetworkevents",
    "devicenetworkinfo",
    "deviceprocessevents",
    "deviceregistryevents",
    "devicetvmhardwarefirmware",
    "devicetvminfogathering",
    "devicetvminfogatheringkb",
    "devicetvmsecureconfigurationassessment",
    "devicetvmsecureconfigurationassessmentkb",
    "devicetvmsoftwareevidencebeta",
    "devicetvmsoftwareinventory",
    "devicetvmsoftwarevulnerabilities",
    "devicetvmsoftwarevulnerabilitieskb",
    "emailattachmentinfo",
    "emailevents",
    "emailpostdeliveryevents",
    "emailurlinfo",
    "exposuregraphedges",
    "exposuregraphnodes",
    "identitydirectoryevents",
    "identityinfo",
    "identitylogonevents",
    "identityqueryevents",
    "urlclickevents",
];

fn check_name(name: &str) -> Result<()> {
    let mut chars = name.chars();
    let ok = chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
        && name.len() <= 128;
    if !ok {
        return Err(Error::invalid_argument(format!(
            "parameter name {name:?} is not a KQL identifier (letters, digits and _, not \
             starting with a digit)"
        )));
    }
    let lower = name.to_ascii_lowercase();
    if RESERVED.contains(&lower.as_str()) {
        return Err(Error::invalid_argument(format!(
            "parameter name {name:?} is a KQL keyword"
        )));
    }
    if TABLES.contains(&lower.as_str()) {
        return Err(Error::invalid_argument(format!(
            "parameter name {name:?} is an advanced-hunting table; binding it would hide the \
             table from the query"
        )));
    }
    Ok(())
}

/// A KQL string literal: `"..."` with `\`, `"` and line breaks escaped.
fn string_literal(name: &str, s: &str) -> Result<String> {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => {
                return Err(Error::invalid_argument(format!(
                    "parameter {name:?} contains the control character U+{:04X}, which a KQL \
                     string cannot carry",
                    c as u32
                )))
            }
            c => out.push(c),
        }
    }
    out.push('"');
    Ok(out)
}

fn literal(name: &str, p: &Param, nested: bool) -> Result<String> {
    Ok(match p {
        Param::Null if nested => "null".into(),
        Param::Null => "dynamic(null)".into(),
        Param::Bool(b) => b.to_string(),
        Param::Long(n) => n.to_string(),
        Param::Real(f) if !f.is_finite() => {
            return Err(Error::invalid_argument(format!(
                "parameter {name:?} is not a finite number"
            )))
        }
        Param::Real(f) => {
            let s = format!("{f:?}");
            if s.contains(['.', 'e', 'E']) {
                s
            } else {
                format!("{s}.0")
            }
        }
        Param::Str(s) if nested => serde_json::to_string(s)
            .map_err(|e| Error::invalid_argument(format!("parameter {name:?}: {e}")))?,
        Param::Str(s) => string_literal(name, s)?,
        Param::DateTime(d) => {
            let ok = !d.is_empty()
                && d.len() <= 40
                && d.starts_with(|c: char| c.is_ascii_digit())
                && d.chars()
                    .all(|c| c.is_ascii_digit() || "-:.TZ+".contains(c));
            if !ok {
                return Err(Error::invalid_argument(format!(
                    "parameter {name:?} is not an ISO-8601 date-time"
                )));
            }
            if nested {
                format!("\"{d}\"")
            } else {
                format!("datetime({d})")
            }
        }
        Param::Span(ticks) if nested => format!("\"{ticks}tick\""),
        Param::Span(ticks) => format!("{ticks}tick"),
        Param::List(_) if nested => {
            return Err(Error::invalid_argument(format!(
                "parameter {name:?}: lists inside lists are not supported"
            )))
        }
        Param::List(items) => {
            let parts = items
                .iter()
                .map(|i| literal(name, i, true))
                .collect::<Result<Vec<_>>>()?;
            format!("dynamic([{}])", parts.join(", "))
        }
    })
}

/// The query with one `let` statement per parameter in front, in the order given.
pub fn bind(query: &str, params: &[(String, Param)]) -> Result<String> {
    if params.is_empty() {
        return Ok(query.to_owned());
    }
    let mut out = String::new();
    for (name, value) in params {
        check_name(name)?;
        if params.iter().filter(|(n, _)| n == name).count() > 1 {
            return Err(Error::invalid_argument(format!(
                "parameter {name:?} is given twice"
            )));
        }
        out.push_str(&format!("let {name} = {};\n", literal(name, value, false)?));
    }
    out.push_str(query);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(p: Param) -> Result<String> {
        bind("T", &[("x".into(), p)])
    }

    #[test]
    fn table_names_and_operators_cannot_name_parameters() {
        for name in [
            "DeviceInfo",
            "deviceprocessevents",
            "print",
            "has",
            "Contains",
            "ago",
        ] {
            assert!(check_name(name).is_err(), "{name}");
        }
        for name in ["host", "DeviceName", "since", "_x1"] {
            check_name(name).unwrap_or_else(|e| panic!("{name}: {e}"));
        }
    }

    #[test]
    fn literals() {
        assert_eq!(
            one(Param::Str("pc-01".into())).unwrap(),
            "let x = \"pc-01\";\nT"
        );
        assert_eq!(
            one(Param::Str("a\"b\\c\nd';|".into())).unwrap(),
            "let x = \"a\\\"b\\\\c\\nd';|\";\nT"
        );
        assert_eq!(one(Param::Long(-5)).unwrap(), "let x = -5;\nT");
        assert_eq!(one(Param::Real(2.0)).unwrap(), "let x = 2.0;\nT");
        assert_eq!(one(Param::Real(1e-7)).unwrap(), "let x = 1e-7;\nT");
        assert_eq!(one(Param::Bool(true)).unwrap(), "let x = true;\nT");
        assert_eq!(one(Param::Null).unwrap(), "let x = dynamic(null);\nT");
        assert_eq!(
            one(Param::Span(36_000_000_000)).unwrap(),
            "let x = 36000000000tick;\nT"
        );
        assert_eq!(
            one(Param::DateTime("2024-05-01T10:20:30.123456Z".into())).unwrap(),
            "let x = datetime(2024-05-01T10:20:30.123456Z);\nT"
        );
        assert_eq!(
            one(Param::List(vec![
                Param::Str("a\"b".into()),
                Param::Long(1),
                Param::Null
            ]))
            .unwrap(),
            "let x = dynamic([\"a\\\"b\", 1, null]);\nT"
        );
    }

    #[test]
    fn refusals() {
        assert!(one(Param::Str("a\u{0}b".into())).is_err());
        assert!(one(Param::Real(f64::NAN)).is_err());
        assert!(one(Param::DateTime("2024-01-01); T | take 1 //".into())).is_err());
        assert!(one(Param::List(vec![Param::List(vec![])])).is_err());
        for bad in ["", "1x", "a b", "x;", "let", "Where", "a-b", "ä"] {
            assert!(
                bind("T", &[(bad.into(), Param::Long(1))]).is_err(),
                "{bad:?}"
            );
        }
        assert!(bind(
            "T",
            &[("a".into(), Param::Long(1)), ("a".into(), Param::Long(2))]
        )
        .is_err());
        assert_eq!(bind("T", &[]).unwrap(), "T");
    }
}
