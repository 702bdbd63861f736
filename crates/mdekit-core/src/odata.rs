//! OData query options, built and checked in one place (never pasted into URLs by endpoints).
//!
//! Facts: `reference/mde-api-core.md` §4 (Microsoft's "OData queries with Microsoft Defender for
//! Endpoint" and each list method's page): `$filter` on a per-entity list of properties, `$top`
//! up to 10,000, `$skip`, `$expand=evidence` on alerts only.

use url::Url;

use crate::error::{Error, Result};

/// Largest `$top` (and page) the service accepts.
pub const MAX_TOP: u32 = 10_000;

/// What a collection accepts comes from its catalogue entry (`filterable`, `expandable`).
pub use mdekit_spec::Operation as EntitySpec;

fn collection_name(spec: &EntitySpec) -> &'static str {
    spec.id.split('.').next().unwrap_or(spec.id)
}

/// Options of one list call.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ListQuery {
    pub filter: Option<String>,
    /// Total number of items wanted (OData `$top`).
    pub top: Option<u32>,
    pub skip: Option<u32>,
    pub expand: Option<String>,
    /// Items per request; when set the pager steps with `$top`/`$skip` itself.
    pub page_size: Option<u32>,
    /// Asks for `@odata.count` (`$count=true`), where the operation documents `$count`.
    pub count: bool,
}

const KEYWORDS: &[&str] = &[
    "eq",
    "ne",
    "gt",
    "ge",
    "lt",
    "le",
    "and",
    "or",
    "not",
    "in",
    "null",
    "true",
    "false",
    "has",
    "startswith",
    "endswith",
    "contains",
    "any",
    "all",
    "tolower",
    "toupper",
];

/// Quotes a string as an OData literal (`'O''Brien'`).
pub fn quote(value: &str) -> String {
    format!("'{}'", value.replace('\'', "''"))
}

/// Checks a `$filter` expression: balanced quotes and parentheses, and every property it names
/// is one the service documents as filterable for `spec` (compared case-insensitively, as the
/// service does).
pub fn validate_filter(spec: &EntitySpec, filter: &str) -> Result<()> {
    if filter.trim().is_empty() {
        return Err(Error::invalid_argument("filter must not be empty"));
    }
    let chars: Vec<char> = filter.chars().collect();
    let mut depth: i32 = 0;
    let mut i = 0;
    let mut lambda_vars: Vec<String> = Vec::new();
    let mut properties: Vec<String> = Vec::new();
    while i < chars.len() {
        let c = chars[i];
        if c == '\'' {
            // A quoted literal; '' inside is an escaped quote.
            i += 1;
            loop {
                match chars.get(i) {
                    None => {
                        return Err(Error::invalid_argument(format!(
                            "filter {filter:?} has an unterminated string literal"
                        )))
                    }
                    Some('\'') if chars.get(i + 1) == Some(&'\'') => i += 2,
                    Some('\'') => break,
                    Some(_) => i += 1,
                }
            }
            i += 1;
            continue;
        }
        if c == '(' {
            depth += 1;
        } else if c == ')' {
            depth -= 1;
            if depth < 0 {
                return Err(Error::invalid_argument(format!(
                    "filter {filter:?} has an unmatched ')'"
                )));
            }
        }
        if c.is_ascii_alphabetic() || c == '_' {
            let start = i;
            while i < chars.len() && (chars[i].is_ascii_alphanumeric() || chars[i] == '_') {
                i += 1;
            }
            let word: String = chars[start..i].iter().collect();
            let preceded_by_digit_or_slash = start > 0
                && (chars[start - 1].is_ascii_digit()
                    || chars[start - 1] == '/'
                    || chars[start - 1] == '-'
                    || chars[start - 1] == ':'
                    || chars[start - 1] == '.');
            let next_non_space = chars[i..].iter().find(|c| !c.is_whitespace());
            if next_non_space == Some(&':') {
                lambda_vars.push(word.to_ascii_lowercase());
            } else if !preceded_by_digit_or_slash
                && !KEYWORDS.contains(&word.to_ascii_lowercase().as_str())
            {
                properties.push(word);
            }
            continue;
        }
        i += 1;
    }
    if depth != 0 {
        return Err(Error::invalid_argument(format!(
            "filter {filter:?} has an unmatched '('"
        )));
    }
    for p in properties {
        let lower = p.to_ascii_lowercase();
        if lambda_vars.contains(&lower) {
            continue;
        }
        if !spec
            .filterable
            .iter()
            .any(|f| f.name.eq_ignore_ascii_case(&p))
        {
            let names: Vec<&str> = spec.filterable.iter().map(|f| f.name).collect();
            return Err(Error::invalid_argument(format!(
                "{p:?} cannot be used in $filter on {}: filterable properties are {}",
                collection_name(spec),
                names.join(", ")
            )));
        }
    }
    Ok(())
}

impl ListQuery {
    pub fn validate(&self, spec: &EntitySpec) -> Result<()> {
        if self.count && !spec.odata.contains(&mdekit_spec::ODataOption::Count) {
            return Err(Error::invalid_argument(format!(
                "count=True is not supported on {}",
                collection_name(spec)
            )));
        }
        if let Some(f) = &self.filter {
            validate_filter(spec, f)?;
        }
        if self.top == Some(0) {
            return Err(Error::invalid_argument("top must be at least 1"));
        }
        if let Some(p) = self.page_size {
            let max = spec.max_top.unwrap_or(MAX_TOP);
            if p == 0 || p > max {
                return Err(Error::invalid_argument(format!(
                    "page_size must be between 1 and {max}, got {p}"
                )));
            }
        }
        if let Some(e) = &self.expand {
            let ok = e.split(',').all(|part| {
                spec.expandable
                    .iter()
                    .any(|x| x.eq_ignore_ascii_case(part.trim()))
            });
            if !ok {
                let allowed = if spec.expandable.is_empty() {
                    "none".to_owned()
                } else {
                    spec.expandable.join(", ")
                };
                return Err(Error::invalid_argument(format!(
                    "expand={e:?} is not supported on {}: allowed: {allowed}",
                    collection_name(spec)
                )));
            }
        }
        Ok(())
    }

    /// Writes `$filter`, `$expand`, `$count`, `$top` and `$skip` into `url`.
    pub fn apply(&self, url: &mut Url, top: Option<u32>, skip: u32) {
        let mut pairs = url.query_pairs_mut();
        if self.count {
            pairs.append_pair("$count", "true");
        }
        if let Some(f) = &self.filter {
            pairs.append_pair("$filter", f);
        }
        if let Some(e) = &self.expand {
            pairs.append_pair("$expand", e);
        }
        if let Some(t) = top {
            pairs.append_pair("$top", &t.to_string());
        }
        if skip > 0 {
            pairs.append_pair("$skip", &skip.to_string());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SPEC: EntitySpec = EntitySpec {
        filterable: &[
            mdekit_spec::Filterable {
                name: "status",
                ty: mdekit_spec::PropType::String,
            },
            mdekit_spec::Filterable {
                name: "severity",
                ty: mdekit_spec::PropType::String,
            },
            mdekit_spec::Filterable {
                name: "alertCreationTime",
                ty: mdekit_spec::PropType::DateTime,
            },
            mdekit_spec::Filterable {
                name: "machineTags",
                ty: mdekit_spec::PropType::StringList,
            },
        ],
        ..mdekit_spec::ALERTS_LIST
    };

    #[test]
    fn accepts_documented_filters() {
        for f in [
            "severity eq 'High'",
            "Severity eq 'High' and (status ne 'Resolved' or status eq 'New')",
            "alertCreationTime ge 2019-11-22T00:00:00Z",
            "severity in ('High','Medium')",
            "status eq 'it''s'",
            "machineTags/any(tag: tag eq 'x')",
        ] {
            validate_filter(&SPEC, f).unwrap_or_else(|e| panic!("{f}: {e}"));
        }
    }

    #[test]
    fn rejects_bad_filters() {
        for f in [
            "",
            "title eq 'x'",
            "status eq 'x",
            "(status eq 'x'",
            "status eq 'x')",
        ] {
            assert!(validate_filter(&SPEC, f).is_err(), "{f}");
        }
        let q = ListQuery {
            expand: Some("machine".into()),
            ..Default::default()
        };
        assert!(q.validate(&SPEC).is_err());
        let q = ListQuery {
            top: Some(0),
            ..Default::default()
        };
        assert!(q.validate(&SPEC).is_err());
        let q = ListQuery {
            page_size: Some(10_001),
            ..Default::default()
        };
        assert!(q.validate(&SPEC).is_err());
    }

    #[test]
    fn encodes_options() {
        let mut url = Url::parse("https://h/api/alerts").unwrap();
        let q = ListQuery {
            filter: Some("severity eq 'High'".into()),
            expand: Some("evidence".into()),
            ..Default::default()
        };
        q.apply(&mut url, Some(5), 10);
        assert_eq!(
            url.query(),
            Some("%24filter=severity+eq+%27High%27&%24expand=evidence&%24top=5&%24skip=10")
        );
        assert_eq!(quote("O'Brien"), "'O''Brien'");
    }
}
