//! Client assertions at the token endpoint (Microsoft identity platform "Certificate credentials"
//! and "Workload identity federation"): a JWT signed with a certificate registered on the app
//! (named by its `x5t` / `x5t#S256` thumbprint), or a federated token whose issuer and subject
//! match a federated identity credential of the app. The sandbox is also the external identity
//! provider of federated tokens (`Sandbox::issue_federated_assertion`).

use base64::Engine;
use chrono::{DateTime, Utc};
use serde_json::Value;
use sha1::Digest;

use crate::auth::{aad_error, AadError, App, Signer, TokenRequest};

pub const JWT_BEARER: &str = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
/// The audience Entra requires of federated tokens.
pub const FEDERATION_AUDIENCE: &str = "api://AzureADTokenExchange";
/// Entra tolerates this much clock skew on assertion times.
const SKEW_SECS: i64 = 300;

struct Parts {
    header: Value,
    claims: Value,
}

fn b64(s: &str) -> Option<Vec<u8>> {
    base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(s.trim_end_matches('='))
        .ok()
}

fn parts(jwt: &str) -> Option<Parts> {
    let mut it = jwt.split('.');
    let header = serde_json::from_slice(&b64(it.next()?)?).ok()?;
    let claims = serde_json::from_slice(&b64(it.next()?)?).ok()?;
    Some(Parts { header, claims })
}

fn thumbprints(der: &[u8]) -> (String, String) {
    let e = base64::engine::general_purpose::URL_SAFE_NO_PAD;
    (
        e.encode(sha1::Sha1::digest(der)),
        e.encode(sha2::Sha256::digest(der)),
    )
}

/// The RSA public key (PKCS#1 DER) of a certificate.
fn rsa_public_key(der: &[u8]) -> Option<Vec<u8>> {
    let (_, cert) = x509_parser::parse_x509_certificate(der).ok()?;
    Some(cert.public_key().subject_public_key.data.to_vec())
}

/// Checks a certificate's DER parses and holds a key; used when registering it.
pub fn valid_certificate(der: &[u8]) -> bool {
    rsa_public_key(der).is_some()
}

#[allow(clippy::too_many_arguments)]
pub fn verify(
    kind: &str,
    assertion: &str,
    client_id: &str,
    app: &App,
    req: &TokenRequest<'_>,
    tenant: &str,
    signer: &Signer,
    now: DateTime<Utc>,
) -> Result<(), AadError> {
    let invalid = |code: u32, text: &str| aad_error(401, "invalid_client", code, text, now);
    if kind != JWT_BEARER {
        return Err(aad_error(
            400,
            "invalid_request",
            50027,
            &format!("Invalid client_assertion_type '{kind}'; expected '{JWT_BEARER}'."),
            now,
        ));
    }
    let Some(p) = parts(assertion) else {
        return Err(invalid(50027, "JWT token is invalid or malformed."));
    };
    let claim = |k: &str| p.claims.get(k).and_then(|v| v.as_str()).unwrap_or("");
    // MSAL writes times as floats (`time.time()`); JWT allows any JSON number.
    let time = |k: &str| p.claims.get(k).and_then(|v| v.as_f64()).map(|f| f as i64);
    let t = now.timestamp();
    let in_range = time("exp").is_some_and(|e| e + SKEW_SECS > t)
        && time("nbf").is_none_or(|n| n - SKEW_SECS <= t);
    let header = |k: &str| p.header.get(k).and_then(|v| v.as_str());
    if header("x5t").is_some() || header("x5t#S256").is_some() {
        // Certificate credential: find the registered certificate by thumbprint.
        let cert = app.certificates.iter().find(|der| {
            let (s1, s256) = thumbprints(der);
            // MSAL pads its base64url thumbprints with `=`; Entra accepts both forms.
            let same =
                |h: &str, want: &str| header(h).is_some_and(|v| v.trim_end_matches('=') == want);
            same("x5t", &s1) || same("x5t#S256", &s256)
        });
        let Some(cert) = cert else {
            return Err(invalid(700027, &format!("The certificate with identifier used to sign the client assertion is not registered on application. [Reason - The key was not found., Thumbprint of key used by client: '{}', Please visit the Azure Portal, Graph Explorer or directly use MS Graph to see configured keys for app Id '{client_id}'.]", header("x5t").or(header("x5t#S256")).unwrap_or(""))));
        };
        let Some(public) = rsa_public_key(cert) else {
            return Err(invalid(
                700027,
                "Client assertion failed signature validation.",
            ));
        };
        let alg = match header("alg") {
            Some("RS256") => jsonwebtoken::Algorithm::RS256,
            Some("PS256") => jsonwebtoken::Algorithm::PS256,
            _ => {
                return Err(invalid(
                    700027,
                    "Client assertion failed signature validation: unsupported algorithm.",
                ))
            }
        };
        let mut v = jsonwebtoken::Validation::new(alg);
        v.validate_aud = false;
        v.validate_exp = false;
        v.set_required_spec_claims::<&str>(&[]);
        let key = jsonwebtoken::DecodingKey::from_rsa_der(&public);
        if jsonwebtoken::decode::<Value>(assertion, &key, &v).is_err() {
            return Err(invalid(
                700027,
                "Client assertion failed signature validation.",
            ));
        }
        if claim("iss") != client_id || claim("sub") != client_id {
            return Err(invalid(
                700021,
                "Client assertion application identifier doesn't match 'client_id' parameter.",
            ));
        }
        let aud = claim("aud").to_ascii_lowercase();
        let endpoint_v2 = format!(
            "/{}/oauth2/v2.0/token",
            req.tenant_segment.to_ascii_lowercase()
        );
        let endpoint_v1 = format!("/{}/oauth2/token", req.tenant_segment.to_ascii_lowercase());
        let tenant_v2 = format!("/{}/oauth2/v2.0/token", tenant.to_ascii_lowercase());
        if ![endpoint_v2, endpoint_v1, tenant_v2]
            .iter()
            .any(|e| aud.ends_with(e.as_str()))
        {
            return Err(invalid(
                700212,
                &format!(
                    "The client assertion audience '{}' is not the token endpoint.",
                    claim("aud")
                ),
            ));
        }
        if !in_range {
            return Err(invalid(
                700024,
                "Client assertion is not within its valid time range.",
            ));
        }
        return Ok(());
    }
    // Federated credential: a token of an external issuer the app trusts.
    let claims = signer.decode_value(assertion).map_err(|_| {
        invalid(
            700211,
            "No matching federated identity record found for presented assertion issuer.",
        )
    })?;
    let get = |k: &str| claims.get(k).and_then(|v| v.as_str()).unwrap_or("");
    if !app.federated.iter().any(|(iss, _)| iss == get("iss")) {
        return Err(invalid(
            700211,
            &format!(
                "No matching federated identity record found for presented assertion issuer '{}'.",
                get("iss")
            ),
        ));
    }
    if !app
        .federated
        .iter()
        .any(|(iss, sub)| iss == get("iss") && sub == get("sub"))
    {
        return Err(invalid(
            700213,
            &format!(
                "No matching federated identity record found for presented assertion subject '{}'.",
                get("sub")
            ),
        ));
    }
    if get("aud") != FEDERATION_AUDIENCE {
        return Err(invalid(700212, &format!("No matching federated identity record found for presented assertion audience '{}'.", get("aud"))));
    }
    if !in_range {
        return Err(invalid(
            700024,
            "Client assertion is not within its valid time range.",
        ));
    }
    Ok(())
}
