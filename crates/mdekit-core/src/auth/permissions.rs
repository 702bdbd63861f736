//! What an access token was granted: its `roles` (application) or `scp` (delegated) claim.
//!
//! Which permissions each call needs is in the endpoint catalogue (`mdekit-spec`); the pipeline
//! names them on a 403.

use base64::Engine;

use crate::error::{Error, Result};

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
