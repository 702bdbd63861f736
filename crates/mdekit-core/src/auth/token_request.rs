//! One form POST to an Entra ID token endpoint and the reading of its answer, shared by every
//! grant beyond the client secret (assertion, device code, authorization code, password,
//! refresh token). Field names follow the Microsoft identity platform's OAuth 2.0 pages.

use std::time::{Duration, SystemTime};

use url::Url;

use super::{AccessToken, Secret};
use crate::error::{describe_chain, Error, ErrorKind, Result};
use crate::pipeline::retry::{is_retryable_status, parse_retry_after};

/// A successful token response.
#[derive(Debug, Clone)]
pub struct TokenResponse {
    pub access: AccessToken,
    pub refresh_token: Option<Secret>,
    /// Space-separated scopes granted (v2 endpoint), when sent.
    pub scope: Option<String>,
}

/// An Entra ID error answer, kept apart so polling grants (device code) can look at `error`.
#[derive(Debug, Clone)]
pub struct EntraError {
    pub error: String,
    pub description: String,
    pub aadsts: Option<u32>,
    pub status: u16,
}

impl EntraError {
    pub fn into_error(self) -> Error {
        let mut err = Error::new(
            ErrorKind::Authentication,
            format!("token request failed: {}: {}", self.error, self.description),
        );
        err.aadsts = self.aadsts;
        err.code = Some(self.error);
        err.status = Some(self.status);
        err
    }
}

/// Pulls the number out of an Entra ID description such as "AADSTS7000215: Invalid client secret".
pub(crate) fn aadsts_number(description: &str) -> Option<u32> {
    let rest = &description[description.find("AADSTS")? + 6..];
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    digits.parse().ok()
}

/// A lifetime in seconds as Entra sends it: a number (v2) or a string of digits (v1).
fn number(v: Option<&serde_json::Value>) -> Option<u64> {
    match v? {
        serde_json::Value::Number(n) => n.as_u64(),
        serde_json::Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// The expiry of a token issued at `started` for `lifetime` seconds. A lifetime beyond what the
/// platform's time can hold is a server's mistake, not a reason to fail: it is capped at a year,
/// and the token is refreshed early or dropped on a 401 like any other.
pub(crate) fn expiry(started: SystemTime, lifetime: u64) -> SystemTime {
    const MAX_LIFETIME: u64 = 366 * 24 * 3600;
    let lifetime = Duration::from_secs(lifetime.min(MAX_LIFETIME));
    started.checked_add(lifetime).unwrap_or(started)
}

/// POSTs `form` and returns either the token or the endpoint's error.
pub async fn post_form(
    http: &reqwest::Client,
    url: &Url,
    form: &[(&str, &str)],
) -> Result<std::result::Result<TokenResponse, EntraError>> {
    let body = serde_urlencoded_pairs(form);
    let started = SystemTime::now();
    let response = http
        .post(url.clone())
        .header("content-type", "application/x-www-form-urlencoded")
        .header("accept", "application/json")
        .body(body)
        .send()
        .await
        .map_err(|e| {
            Error::new(
                ErrorKind::ServiceRequest,
                format!("token request to {url} failed: {}", describe_chain(&e)),
            )
        })?;
    let status = response.status().as_u16();
    let retry_after = response
        .headers()
        .get(reqwest::header::RETRY_AFTER)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| parse_retry_after(v, SystemTime::now()));
    let bytes = response.bytes().await.map_err(|e| {
        Error::new(
            ErrorKind::ServiceRequest,
            format!("reading the answer of {url} failed: {}", describe_chain(&e)),
        )
    })?;
    // An overloaded or failing endpoint (a gateway's HTML page, Entra's `temporarily_unavailable`)
    // says nothing about the credential: a service error, which the caller may retry.
    if is_retryable_status(status) {
        let mut err = Error::from_response(status, &bytes, None, retry_after);
        err.kind = ErrorKind::HttpResponse;
        if let Ok(json) = serde_json::from_slice::<serde_json::Value>(&bytes) {
            if let Some(code) = json.get("error").and_then(|v| v.as_str()) {
                let description = json
                    .get("error_description")
                    .and_then(|v| v.as_str())
                    .unwrap_or_default();
                err.message = format!("token request failed: {code}: {description}");
                err.aadsts = aadsts_number(description);
                err.code = Some(code.to_owned());
            }
        }
        err.message = format!("the token endpoint {url} answered: {}", err.message);
        return Err(err);
    }
    let json: serde_json::Value = serde_json::from_slice(&bytes).map_err(|_| {
        Error::new(
            ErrorKind::Authentication,
            format!("the token endpoint {url} answered HTTP {status} with a body that is not JSON"),
        )
    })?;
    if let Some(error) = json.get("error").and_then(|v| v.as_str()) {
        let description = json
            .get("error_description")
            .and_then(|v| v.as_str())
            .unwrap_or_default()
            .to_owned();
        let aadsts = json
            .get("error_codes")
            .and_then(|v| v.get(0))
            .and_then(|v| v.as_u64())
            .and_then(|n| u32::try_from(n).ok())
            .or_else(|| aadsts_number(&description));
        return Ok(Err(EntraError {
            error: error.to_owned(),
            description,
            aadsts,
            status,
        }));
    }
    let token = json
        .get("access_token")
        .and_then(|v| v.as_str())
        .filter(|t| !t.is_empty())
        .ok_or_else(|| {
            Error::new(
                ErrorKind::Authentication,
                format!("the token endpoint {url} answered HTTP {status} without an access_token"),
            )
        })?;
    let lifetime = number(json.get("expires_in")).unwrap_or(3599);
    Ok(Ok(TokenResponse {
        access: AccessToken {
            token: Secret::new(token),
            expires_on: expiry(started, lifetime),
        },
        refresh_token: json
            .get("refresh_token")
            .and_then(|v| v.as_str())
            .map(Secret::new),
        scope: json
            .get("scope")
            .and_then(|v| v.as_str())
            .map(str::to_owned),
    }))
}

/// Like [`post_form`], with the error turned into an [`Error`].
pub async fn request_token(
    http: &reqwest::Client,
    url: &Url,
    form: &[(&str, &str)],
) -> Result<TokenResponse> {
    post_form(http, url, form)
        .await?
        .map_err(EntraError::into_error)
}

pub(crate) fn serde_urlencoded_pairs(form: &[(&str, &str)]) -> String {
    let mut s = form_urlencoded::Serializer::new(String::new());
    for (k, v) in form {
        s.append_pair(k, v);
    }
    s.finish()
}

/// The v2 token endpoint of a tenant.
pub fn v2_token_url(authority_host: &Url, tenant_id: &str) -> Url {
    crate::config::join(authority_host, &format!("/{tenant_id}/oauth2/v2.0/token"))
}
