//! The Entra ID side: app registrations, the client-credentials token endpoint (v1 and v2) and the access tokens
//! the API side checks (reference §2).

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

/// The MDE resource every doc page tells clients to request (reference §2.3).
pub const MDE_RESOURCE: &str = "https://api.securitycenter.microsoft.com";
/// App-ID URI of WindowsDefenderATP, also accepted by the API.
pub const MDE_APP_ID_URI: &str = "https://securitycenter.onmicrosoft.com/windowsatpservice";
/// A resource Entra issues tokens for but which the MDE API refuses with 403, as the docs warn.
pub const SECURITY_RESOURCE: &str = "https://api.security.microsoft.com";
pub const GRAPH_RESOURCE: &str = "https://graph.microsoft.com";

/// WindowsDefenderATP application permissions (reference §2.7).
pub const MDE_ROLES: &[&str] = &[
    "Alert.Read.All",
    "Alert.ReadWrite.All",
    "Machine.Read.All",
    "Machine.ReadWrite.All",
    "Machine.Isolate",
    "Machine.RestrictExecution",
    "Machine.Scan",
    "Machine.CollectForensics",
    "Machine.Offboard",
    "Machine.StopAndQuarantine",
    "Machine.LiveResponse",
    "Library.Manage",
    "AdvancedQuery.Read.All",
    "Ti.ReadWrite",
    "Ti.ReadWrite.All",
    "File.Read.All",
    "Ip.Read.All",
    "URL.Read.All",
    "User.Read.All",
    "Software.Read.All",
    "Vulnerability.Read.All",
    "SecurityRecommendation.Read.All",
    "Score.Read.All",
    "RemediationTasks.Read.All",
    "SecurityBaselinesAssessment.Read.All",
];

pub const GRAPH_HUNTING_ROLE: &str = "ThreatHunting.Read.All";

/// The Graph security roles the default app holds besides hunting: incidents and alerts (v2).
pub const GRAPH_SECURITY_ROLES: &[&str] = &[
    "SecurityIncident.ReadWrite.All",
    "SecurityAlert.ReadWrite.All",
];

#[derive(Debug, Clone, Default)]
pub struct App {
    pub secret: String,
    pub roles: Vec<String>,
    pub object_id: String,
    /// Certificates registered on the app (DER): client assertions signed by their keys pass.
    pub certificates: Vec<Vec<u8>>,
    /// Federated identity credentials: `(issuer, subject)` pairs whose assertions pass.
    pub federated: Vec<(String, String)>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Claims {
    pub aud: String,
    pub iss: String,
    pub iat: i64,
    pub nbf: i64,
    pub exp: i64,
    pub appid: String,
    pub oid: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub roles: Vec<String>,
    pub tid: String,
    pub ver: String,
    /// Delegated permissions of a user token (space-separated); app tokens carry `roles`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scp: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub upn: Option<String>,
}

/// Entra compares resources without a trailing slash.
pub fn trim_resource(r: &str) -> &str {
    r.trim_end_matches('/')
}

pub fn is_mde_resource(r: &str) -> bool {
    let r = trim_resource(r);
    [MDE_RESOURCE, MDE_APP_ID_URI, SECURITY_RESOURCE]
        .iter()
        .any(|k| k.eq_ignore_ascii_case(r))
}

/// Audiences the MDE API accepts (reference §2.3): the legacy resource and the app-ID URI.
pub fn mde_accepts(aud: &str) -> bool {
    let a = trim_resource(aud);
    a.eq_ignore_ascii_case(MDE_RESOURCE) || a.eq_ignore_ascii_case(MDE_APP_ID_URI)
}

pub fn graph_accepts(aud: &str) -> bool {
    trim_resource(aud).eq_ignore_ascii_case(GRAPH_RESOURCE)
}

/// An app's roles split by resource: WindowsDefenderATP permissions go to MDE tokens, anything else to Graph.
pub fn roles_for(resource: &str, roles: &[String]) -> Vec<String> {
    let mde = is_mde_resource(resource);
    roles
        .iter()
        .filter(|r| MDE_ROLES.contains(&r.as_str()) == mde)
        .cloned()
        .collect()
}

pub struct Signer {
    key: Vec<u8>,
}

impl Signer {
    pub fn new(key: Vec<u8>) -> Signer {
        Signer { key }
    }

    pub fn issue(&self, claims: &Claims) -> String {
        let header = jsonwebtoken::Header::new(jsonwebtoken::Algorithm::HS256);
        // Claims are plain strings and numbers, so encoding cannot fail; an empty token would just be refused.
        jsonwebtoken::encode(
            &header,
            claims,
            &jsonwebtoken::EncodingKey::from_secret(&self.key),
        )
        .unwrap_or_default()
    }

    /// Signs any claims with the sandbox key (federated assertions the sandbox plays the
    /// external identity provider for).
    pub fn issue_value(&self, claims: &Value) -> String {
        let header = jsonwebtoken::Header::new(jsonwebtoken::Algorithm::HS256);
        jsonwebtoken::encode(
            &header,
            claims,
            &jsonwebtoken::EncodingKey::from_secret(&self.key),
        )
        .unwrap_or_default()
    }

    /// Checks the signature of a token signed by [`Signer::issue_value`] and returns its claims
    /// (time and audience are checked by the caller).
    pub fn decode_value(&self, token: &str) -> Result<Value, String> {
        let mut v = jsonwebtoken::Validation::new(jsonwebtoken::Algorithm::HS256);
        v.validate_aud = false;
        v.validate_exp = false;
        v.set_required_spec_claims::<&str>(&[]);
        jsonwebtoken::decode::<Value>(
            token,
            &jsonwebtoken::DecodingKey::from_secret(&self.key),
            &v,
        )
        .map(|d| d.claims)
        .map_err(|e| e.to_string())
    }

    /// `Err` is the reason for a 401.
    pub fn verify(&self, token: &str, tenant: &str) -> Result<Claims, String> {
        let mut v = jsonwebtoken::Validation::new(jsonwebtoken::Algorithm::HS256);
        v.leeway = 0;
        v.validate_aud = false;
        v.validate_nbf = true;
        v.set_required_spec_claims(&["exp", "nbf", "aud", "iss"]);
        let data = jsonwebtoken::decode::<Claims>(
            token,
            &jsonwebtoken::DecodingKey::from_secret(&self.key),
            &v,
        )
        .map_err(|e| match e.kind() {
            jsonwebtoken::errors::ErrorKind::ExpiredSignature => {
                "The access token has expired.".to_string()
            }
            jsonwebtoken::errors::ErrorKind::ImmatureSignature => {
                "The access token is not yet valid.".to_string()
            }
            jsonwebtoken::errors::ErrorKind::InvalidSignature => {
                "The access token signature is invalid.".to_string()
            }
            _ => "The access token is malformed.".to_string(),
        })?;
        let c = data.claims;
        if !c.tid.eq_ignore_ascii_case(tenant)
            || c.iss != format!("https://sts.windows.net/{}/", c.tid)
        {
            return Err("The access token was issued for another tenant.".into());
        }
        Ok(c)
    }
}

pub fn claims(
    tenant: &str,
    app_id: &str,
    oid: &str,
    audience: &str,
    roles: Vec<String>,
    lifetime: i64,
    now: DateTime<Utc>,
) -> Claims {
    let t = now.timestamp();
    Claims {
        aud: trim_resource(audience.strip_suffix("/.default").unwrap_or(audience)).to_string(),
        iss: format!("https://sts.windows.net/{tenant}/"),
        iat: t,
        nbf: t,
        exp: t + lifetime,
        appid: app_id.to_string(),
        oid: oid.to_string(),
        roles,
        tid: tenant.to_string(),
        ver: "1.0".into(),
        scp: None,
        upn: None,
    }
}

/// An Entra error: status and body.
pub struct AadError {
    pub status: u16,
    pub body: Value,
}

pub fn aad_error(status: u16, error: &str, code: u32, text: &str, now: DateTime<Utc>) -> AadError {
    let trace = uuid::Uuid::new_v4().to_string();
    let corr = uuid::Uuid::new_v4().to_string();
    let ts = now.format("%Y-%m-%d %H:%M:%SZ").to_string();
    AadError {
        status,
        body: json!({
            "error": error,
            "error_description": format!("AADSTS{code}: {text} Trace ID: {trace} Correlation ID: {corr} Timestamp: {ts}"),
            "error_codes": [code],
            "timestamp": ts,
            "trace_id": trace,
            "correlation_id": corr,
            "error_uri": format!("https://login.microsoftonline.com/error?code={code}"),
        }),
    }
}

pub struct TokenRequest<'a> {
    pub tenant_segment: &'a str,
    /// The segment names this tenant (its id or one of its domains), not a multi-tenant alias.
    pub tenant_named: bool,
    pub v2: bool,
    pub form: &'a HashMap<String, String>,
}
