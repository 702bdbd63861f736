//! Which permission each documented call needs, and what a token was granted.
//!
//! The table follows the "Permissions" section of each Microsoft API page under
//! `defender-endpoint/api/` (catalogue in `reference/mde-api-core.md` §2.7). It is used to turn
//! a bare 403 into "this call needs Alert.Read.All or Alert.ReadWrite.All", and by
//! [`granted_permissions`] to read the `roles` (application) or `scp` (delegated) claim.

use base64::Engine;
use http::Method;
use url::Url;

use crate::error::{Error, Result};

/// The permissions that allow one call: any one of `application` (token `roles`) in application
/// context, any one of `delegated` (token `scp`) in user context.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Required {
    pub application: &'static [&'static str],
    pub delegated: &'static [&'static str],
}

const fn req(application: &'static [&'static str], delegated: &'static [&'static str]) -> Required {
    Required {
        application,
        delegated,
    }
}

const ALERT_READ: Required = req(
    &["Alert.Read.All", "Alert.ReadWrite.All"],
    &["Alert.Read", "Alert.ReadWrite"],
);
const ALERT_WRITE: Required = req(&["Alert.ReadWrite.All"], &["Alert.ReadWrite"]);
const MACHINE_READ: Required = req(
    &["Machine.Read.All", "Machine.ReadWrite.All"],
    &["Machine.Read", "Machine.ReadWrite"],
);
const MACHINE_WRITE: Required = req(&["Machine.ReadWrite.All"], &["Machine.ReadWrite"]);
const FILE_READ: Required = req(&["File.Read.All"], &["File.Read.All"]);
const IP_READ: Required = req(&["Ip.Read.All"], &["Ip.Read.All"]);
const URL_READ: Required = req(&["URL.Read.All"], &["URL.Read.All"]);
const USER_READ: Required = req(&["User.Read.All"], &["User.Read.All"]);
const VULN_READ: Required = req(&["Vulnerability.Read.All"], &["Vulnerability.Read"]);
const SOFTWARE_READ: Required = req(&["Software.Read.All"], &["Software.Read"]);
const RECO_READ: Required = req(
    &["SecurityRecommendation.Read.All"],
    &["SecurityRecommendation.Read"],
);
const SCORE_READ: Required = req(&["Score.Read.All"], &["Score.Read"]);
const TI: Required = req(&["Ti.ReadWrite", "Ti.ReadWrite.All"], &["Ti.ReadWrite"]);
const fn action(p: &'static [&'static str]) -> Required {
    req(p, p)
}

/// `(method, path pattern, permissions)`: `*` matches one segment; the first match wins, so
/// specific patterns come before general ones. Paths are relative to `/api` (MDE) or `/v1.0`
/// (Graph); `GET` patterns also cover `HEAD`.
const TABLE: &[(&str, &str, Required)] = &[
    (
        "POST",
        "/security/runHuntingQuery",
        action(&["ThreatHunting.Read.All"]),
    ),
    ("GET", "/alerts/*/files", FILE_READ),
    ("GET", "/alerts/*/ips", IP_READ),
    ("GET", "/alerts/*/domains", URL_READ),
    ("GET", "/alerts/*/user", USER_READ),
    ("GET", "/alerts/*/machine", MACHINE_READ),
    ("POST", "/alerts/batchUpdate", ALERT_WRITE),
    ("POST", "/alerts/CreateAlertByReference", ALERT_WRITE),
    ("GET", "/alerts", ALERT_READ),
    ("GET", "/alerts/*", ALERT_READ),
    ("PATCH", "/alerts/*", ALERT_WRITE),
    ("POST", "/machines/*/isolate", action(&["Machine.Isolate"])),
    (
        "POST",
        "/machines/*/unisolate",
        action(&["Machine.Isolate"]),
    ),
    (
        "POST",
        "/machines/*/restrictCodeExecution",
        action(&["Machine.RestrictExecution"]),
    ),
    (
        "POST",
        "/machines/*/unrestrictCodeExecution",
        action(&["Machine.RestrictExecution"]),
    ),
    (
        "POST",
        "/machines/*/runAntiVirusScan",
        action(&["Machine.Scan"]),
    ),
    (
        "POST",
        "/machines/*/collectInvestigationPackage",
        action(&["Machine.CollectForensics"]),
    ),
    (
        "POST",
        "/machines/*/offboard",
        action(&["Machine.Offboard"]),
    ),
    (
        "POST",
        "/machines/*/StopAndQuarantineFile",
        action(&["Machine.StopAndQuarantine"]),
    ),
    (
        "POST",
        "/machines/*/runliveresponse",
        action(&["Machine.LiveResponse"]),
    ),
    ("POST", "/machines/*/startInvestigation", ALERT_WRITE),
    ("POST", "/machines/*/tags", MACHINE_WRITE),
    ("POST", "/machines/*/setDeviceValue", MACHINE_WRITE),
    (
        "POST",
        "/machines/AddOrRemoveTagForMultipleMachines",
        MACHINE_WRITE,
    ),
    ("GET", "/machines/*/vulnerabilities", VULN_READ),
    ("GET", "/machines/*/software", SOFTWARE_READ),
    ("GET", "/machines/*/recommendations", RECO_READ),
    ("GET", "/machines/*/alerts", ALERT_READ),
    ("GET", "/machines/*/logonusers", USER_READ),
    ("GET", "/machines", MACHINE_READ),
    ("GET", "/machines/*", MACHINE_READ),
    ("PATCH", "/machines/*", MACHINE_WRITE),
    ("GET", "/machineactions", MACHINE_READ),
    ("GET", "/machineactions/*", MACHINE_READ),
    ("GET", "/machineactions/*/GetPackageUri", MACHINE_READ),
    (
        "POST",
        "/advancedqueries/run",
        action(&["AdvancedQuery.Read.All"]),
    ),
    ("GET", "/indicators", TI),
    ("POST", "/indicators", TI),
    ("POST", "/indicators/import", TI),
    ("DELETE", "/indicators/*", TI),
    ("GET", "/files/*", FILE_READ),
    ("GET", "/files/*/*", FILE_READ),
    ("GET", "/ips/*/*", IP_READ),
    ("GET", "/domains/*/*", URL_READ),
    ("GET", "/users/*/*", USER_READ),
    ("GET", "/investigations", ALERT_READ),
    ("GET", "/investigations/*", ALERT_READ),
    ("GET", "/vulnerabilities", VULN_READ),
    ("GET", "/vulnerabilities/*", VULN_READ),
    ("GET", "/vulnerabilities/*/*", VULN_READ),
    ("GET", "/Software", SOFTWARE_READ),
    ("GET", "/Software/*", SOFTWARE_READ),
    ("GET", "/Software/*/*", SOFTWARE_READ),
    ("GET", "/recommendations", RECO_READ),
    ("GET", "/recommendations/*", RECO_READ),
    ("GET", "/recommendations/*/*", RECO_READ),
    ("GET", "/exposureScore", SCORE_READ),
    ("GET", "/exposureScore/*", SCORE_READ),
    ("GET", "/configurationScore", SCORE_READ),
    (
        "GET",
        "/remediationTasks",
        req(&["RemediationTasks.Read.All"], &["RemediationTask.Read"]),
    ),
    ("GET", "/libraryfiles", action(&["Library.Manage"])),
    ("POST", "/libraryfiles", action(&["Library.Manage"])),
    ("DELETE", "/libraryfiles/*", action(&["Library.Manage"])),
];

/// The permissions `method url` needs, when the call is one the table knows.
pub fn required_for(method: &Method, url: &Url) -> Option<Required> {
    let segments: Vec<&str> = url.path_segments()?.filter(|s| !s.is_empty()).collect();
    // Skip any proxy prefix: the API path starts after `api` (and an optional `v1.0`) or, for
    // Graph, after `v1.0`/`beta`.
    let start = segments.iter().position(|s| {
        s.eq_ignore_ascii_case("api") || s.eq_ignore_ascii_case("v1.0") || *s == "beta"
    })?;
    let mut rest = &segments[start + 1..];
    if segments[start].eq_ignore_ascii_case("api")
        && rest.first().is_some_and(|s| s.eq_ignore_ascii_case("v1.0"))
    {
        rest = &rest[1..];
    }
    let method = if method == Method::HEAD {
        "GET"
    } else {
        method.as_str()
    };
    TABLE.iter().find_map(|(m, pattern, required)| {
        let parts: Vec<&str> = pattern.split('/').filter(|s| !s.is_empty()).collect();
        let matches = m.eq_ignore_ascii_case(method)
            && parts.len() == rest.len()
            && parts
                .iter()
                .zip(rest)
                .all(|(p, s)| *p == "*" || p.eq_ignore_ascii_case(s));
        matches.then_some(*required)
    })
}

impl Required {
    /// "Alert.Read.All or Alert.ReadWrite.All (application), Alert.Read or Alert.ReadWrite
    /// (delegated)".
    pub fn describe(&self) -> String {
        format!(
            "{} (application) or {} (delegated)",
            self.application.join(" or "),
            self.delegated.join(" or ")
        )
    }

    /// Every name, application ones first, without duplicates.
    pub fn names(&self) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for p in self.application.iter().chain(self.delegated) {
            if !out.iter().any(|o| o == p) {
                out.push((*p).to_owned());
            }
        }
        out
    }
}

/// What an access token grants: its `roles` (application context) or `scp` (user context)
/// claim, read without verifying the signature (the service verifies it; we only report).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Granted {
    /// `"application"` for a `roles` token, `"user"` for an `scp` token.
    pub context: &'static str,
    pub permissions: Vec<String>,
    pub audience: Option<String>,
}

pub fn granted_permissions(token: &str) -> Result<Granted> {
    let not_jwt = || {
        Error::decode(
            "the access token is not a JWT, so its permissions cannot be read (the credential \
             may issue opaque tokens)",
        )
    };
    let payload = token.split('.').nth(1).ok_or_else(not_jwt)?;
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(payload.trim_end_matches('='))
        .map_err(|_| not_jwt())?;
    let claims: serde_json::Value = serde_json::from_slice(&bytes).map_err(|_| not_jwt())?;
    let audience = claims
        .get("aud")
        .and_then(|v| v.as_str())
        .map(str::to_owned);
    let scp = claims.get("scp").and_then(|v| v.as_str());
    let roles = claims.get("roles").and_then(|v| v.as_array());
    let (context, mut permissions): (&'static str, Vec<String>) = match (scp, roles) {
        (Some(scp), _) => ("user", scp.split_whitespace().map(str::to_owned).collect()),
        (None, Some(roles)) => (
            "application",
            roles
                .iter()
                .filter_map(|r| r.as_str().map(str::to_owned))
                .collect(),
        ),
        (None, None) => ("application", Vec::new()),
    };
    permissions.sort();
    permissions.dedup();
    Ok(Granted {
        context,
        permissions,
        audience,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(s: &str) -> Url {
        Url::parse(s).unwrap()
    }

    #[test]
    fn table_lookups() {
        let r = required_for(
            &Method::GET,
            &url("https://api.security.microsoft.com/api/alerts?$top=1"),
        )
        .unwrap();
        assert_eq!(r, ALERT_READ);
        let r = required_for(
            &Method::POST,
            &url("https://h/prefix/api/v1.0/machines/abc/isolate"),
        )
        .unwrap();
        assert_eq!(r.application, &["Machine.Isolate"]);
        let r = required_for(
            &Method::POST,
            &url("https://graph.microsoft.com/v1.0/security/runHuntingQuery"),
        )
        .unwrap();
        assert_eq!(r.names(), vec!["ThreatHunting.Read.All".to_owned()]);
        assert!(required_for(&Method::GET, &url("https://h/api/unknown")).is_none());
        assert_eq!(
            required_for(&Method::GET, &url("https://h/api/machines/m1/software")),
            Some(SOFTWARE_READ)
        );
        assert!(
            ALERT_READ.describe().contains("Alert.Read (delegated)")
                || ALERT_READ
                    .describe()
                    .contains("Alert.ReadWrite (delegated)")
        );
    }

    #[test]
    fn reads_roles_and_scp() {
        let enc = |v: serde_json::Value| {
            let p = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(v.to_string());
            format!("eyJhbGciOiJub25lIn0.{p}.sig")
        };
        let g = granted_permissions(&enc(serde_json::json!({"aud": "a", "roles": ["B", "A"]})))
            .unwrap();
        assert_eq!(g.context, "application");
        assert_eq!(g.permissions, vec!["A", "B"]);
        let g = granted_permissions(&enc(serde_json::json!({"scp": "Alert.Read Machine.Read"})))
            .unwrap();
        assert_eq!(g.context, "user");
        assert_eq!(g.permissions, vec!["Alert.Read", "Machine.Read"]);
        assert!(granted_permissions("opaque").is_err());
    }
}
