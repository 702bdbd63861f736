//! The endpoint catalogue: every fact about an operation of the Microsoft Defender for Endpoint
//! API and the Microsoft Graph security API that mdekit uses, declared once.
//!
//! The client (`mdekit-core`) reads its paths, quota family, idempotency, audience and the
//! permissions it names on a 403 from here; the sandbox reads its roles, quotas and filterable
//! properties from here; the Python stubs, `mdekit.catalogue()` and `mdekit permissions` read it
//! through the bindings. Each entry cites the Microsoft Learn page it follows; where pages
//! disagree the entry says which one it follows in `note`.
//!
//! This crate is data only: no I/O, no dependencies, `const` tables.

pub mod entities;
mod enums;
mod families;
mod ops;

pub use entities::{Entity, Property, ValueType, ENTITIES};
pub use enums::*;
pub use families::{Family, Limits};
pub use ops::*;

/// Which service an operation belongs to; it decides the host and the token audience.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Api {
    /// Microsoft Defender for Endpoint (`https://api.security.microsoft.com`).
    Mde,
    /// Microsoft Graph (`https://graph.microsoft.com`).
    Graph,
}

impl Api {
    pub const fn name(self) -> &'static str {
        match self {
            Api::Mde => "mde",
            Api::Graph => "graph",
        }
    }
}

/// The HTTP method of an operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Method {
    Get,
    Post,
    Patch,
    Delete,
}

impl Method {
    pub const fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Patch => "PATCH",
            Method::Delete => "DELETE",
        }
    }
}

/// The OData query options an operation documents.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ODataOption {
    Filter,
    Top,
    Skip,
    Expand,
    Count,
}

impl ODataOption {
    pub const fn name(self) -> &'static str {
        match self {
            ODataOption::Filter => "$filter",
            ODataOption::Top => "$top",
            ODataOption::Skip => "$skip",
            ODataOption::Expand => "$expand",
            ODataOption::Count => "$count",
        }
    }
}

/// The type of a filterable property, as the service compares it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PropType {
    String,
    DateTime,
    Number,
    /// A collection of strings (`machineTags`): `eq` tests membership, `any()` is accepted.
    StringList,
}

impl PropType {
    pub const fn name(self) -> &'static str {
        match self {
            PropType::String => "string",
            PropType::DateTime => "datetime",
            PropType::Number => "number",
            PropType::StringList => "string[]",
        }
    }
}

/// One property `$filter` may name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Filterable {
    pub name: &'static str,
    pub ty: PropType,
}

/// A parameter whose values come from a documented set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EnumParam {
    /// The Python keyword (`isolation_type`).
    pub param: &'static str,
    /// The domain of values, in the documented spelling.
    pub domain: &'static Domain,
}

/// A documented set of enum values. Input is matched case-insensitively and sent in this
/// spelling; `aliases` maps other documented spellings onto the canonical one.
#[derive(Debug, PartialEq, Eq)]
pub struct Domain {
    pub name: &'static str,
    pub values: &'static [&'static str],
    /// `(alias, canonical)`: spellings the docs also use (a renamed value, say).
    pub aliases: &'static [(&'static str, &'static str)],
}

impl Domain {
    /// The documented spelling of `input` (compared without case and surrounding space), or
    /// `None` when it is not one of the values.
    pub fn canonical(&self, input: &str) -> Option<&'static str> {
        let wanted = input.trim();
        self.values
            .iter()
            .find(|v| v.eq_ignore_ascii_case(wanted))
            .copied()
            .or_else(|| {
                self.aliases
                    .iter()
                    .find(|(a, _)| a.eq_ignore_ascii_case(wanted))
                    .map(|(_, c)| *c)
            })
    }
}

/// One documented operation.
#[derive(Debug, PartialEq, Eq)]
pub struct Operation {
    /// Stable id, `family.verb` (`alerts.list`, `machines.isolate`).
    pub id: &'static str,
    /// The method on both Python clients (`"alerts.list"`); `None` while not implemented.
    pub python: Option<&'static str>,
    /// Other client methods that send exactly this operation (`machines.remove_tag`).
    pub also: &'static [&'static str],
    pub api: Api,
    pub method: Method,
    /// Path template relative to the API's host, `{name}` for a parameter.
    pub path: &'static str,
    /// The Microsoft Learn page the entry follows.
    pub doc: &'static str,
    /// Any one of these, granted as application permissions (token `roles`), allows the call.
    pub app_permissions: &'static [&'static str],
    /// Any one of these, granted as delegated permissions (token `scp`), allows the call.
    /// Empty when the page documents no delegated permission.
    pub delegated_permissions: &'static [&'static str],
    pub family: Family,
    /// True when the call changes state: it is never retried when its fate is unknown.
    pub state_changing: bool,
    pub odata: &'static [ODataOption],
    pub filterable: &'static [Filterable],
    pub expandable: &'static [&'static str],
    /// Largest `$top` (or page size) the service accepts, when documented.
    pub max_top: Option<u32>,
    pub enums: &'static [EnumParam],
    /// Where pages disagree or the entry makes a choice, the why.
    pub note: &'static str,
    /// The entity a list operation returns, whose declared shape its Arrow tables take.
    pub entity: Option<&'static Entity>,
}

impl Operation {
    /// The rate limits of the operation's quota family.
    pub const fn limits(&self) -> Limits {
        self.family.limits()
    }

    /// Whether `method path` (path relative to the host, without query) is this operation.
    /// Literal segments compare case-insensitively (the services route that way); a segment
    /// that is only `{name}` matches any one segment; a segment like
    /// `findbyip(ip='{ip}',timestamp={timestamp})` matches on its text before `(`.
    pub fn matches(&self, method: &str, path: &str) -> bool {
        let method = if method.eq_ignore_ascii_case("HEAD") {
            "GET"
        } else {
            method
        };
        if !self.method.as_str().eq_ignore_ascii_case(method) {
            return false;
        }
        let want = segments(self.path);
        let got = segments(path);
        want.len() == got.len() && want.iter().zip(&got).all(|(w, g)| segment_matches(w, g))
    }

    /// How many segments of the template are literal; a route with more literal segments wins
    /// over one with parameters (`/machines/findbytag` over `/machines/{id}`).
    pub fn specificity(&self) -> usize {
        segments(self.path)
            .iter()
            .filter(|s| !(s.starts_with('{') && s.ends_with('}')))
            .count()
    }
}

fn segments(path: &str) -> Vec<&str> {
    path.split('/').filter(|s| !s.is_empty()).collect()
}

fn segment_matches(template: &str, actual: &str) -> bool {
    if template.starts_with('{') && template.ends_with('}') {
        return !actual.is_empty();
    }
    match template.find('(') {
        Some(open) => {
            let head = &template[..=open];
            actual.len() >= head.len()
                && actual.is_char_boundary(head.len())
                && actual[..head.len()].eq_ignore_ascii_case(head)
        }
        None => template.eq_ignore_ascii_case(actual),
    }
}

/// The catalogue entry with this id.
pub fn get(id: &str) -> Option<&'static Operation> {
    CATALOGUE.iter().copied().find(|op| op.id == id)
}

/// The operation `method path` is, preferring the most specific template. `path` is relative
/// to the host (`/api/alerts/x`, `/v1.0/security/runHuntingQuery`), without its query.
pub fn find(api: Api, method: &str, path: &str) -> Option<&'static Operation> {
    CATALOGUE
        .iter()
        .copied()
        .filter(|op| op.api == api && op.matches(method, path))
        .max_by_key(|op| op.specificity())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_and_python_names_are_unique() {
        let mut ids: Vec<&str> = CATALOGUE.iter().map(|o| o.id).collect();
        ids.sort_unstable();
        let n = ids.len();
        ids.dedup();
        assert_eq!(ids.len(), n, "duplicate operation id");
        let mut names: Vec<&str> = CATALOGUE
            .iter()
            .flat_map(|o| o.python.into_iter().chain(o.also.iter().copied()))
            .collect();
        names.sort_unstable();
        let n = names.len();
        names.dedup();
        // hunting.run serves both hunting endpoints.
        assert_eq!(names.len() + 1, n);
    }

    #[test]
    fn every_entry_is_complete() {
        for op in CATALOGUE {
            assert!(
                op.doc.starts_with("https://learn.microsoft.com/"),
                "{}",
                op.id
            );
            assert!(!op.app_permissions.is_empty(), "{}", op.id);
            assert!(op.path.starts_with('/'), "{}", op.id);
            let lists = op.odata.contains(&ODataOption::Filter);
            assert_eq!(lists, !op.filterable.is_empty(), "{}", op.id);
            assert_eq!(
                op.odata.contains(&ODataOption::Expand),
                !op.expandable.is_empty(),
                "{}",
                op.id
            );
        }
    }

    #[test]
    fn routes_resolve_to_the_most_specific_entry() {
        let f = |m, p| find(Api::Mde, m, p).map(|o| o.id);
        assert_eq!(
            f("GET", "/api/machines/findbytag"),
            Some("machines.find_by_tag")
        );
        assert_eq!(f("GET", "/api/machines/abc"), Some("machines.get"));
        assert_eq!(
            f(
                "GET",
                "/api/machines/findbyip(ip='10.0.0.1',timestamp=2024-01-01T00:00:00Z)"
            ),
            Some("machines.find_by_ip")
        );
        assert_eq!(
            f("POST", "/API/machines/x/ISOLATE"),
            Some("machines.isolate")
        );
        assert_eq!(
            f(
                "GET",
                "/api/machineactions/a/GetLiveResponseResultDownloadLink(index=0)"
            ),
            Some("live_response.result_link")
        );
        assert_eq!(
            f("POST", "/api/alerts/batchUpdate"),
            Some("alerts.batch_update")
        );
        assert_eq!(f("PATCH", "/api/alerts/x"), Some("alerts.update"));
        assert_eq!(f("DELETE", "/api/alerts/x"), None);
        assert_eq!(
            find(Api::Graph, "POST", "/v1.0/security/runHuntingQuery").map(|o| o.id),
            Some("hunting.run")
        );
    }

    #[test]
    fn domains_canonicalise() {
        assert_eq!(ISOLATION_TYPE.canonical(" full "), Some("Full"));
        assert_eq!(ALERT_DETERMINATION.canonical("clean"), Some("Clean"));
        assert_eq!(
            ALERT_DETERMINATION.canonical("notmalicious"),
            Some("NotMalicious")
        );
        assert_eq!(SCAN_TYPE.canonical("deep"), None);
    }
}
