//! The one error type of the core. The bindings map [`ErrorKind`] to the Python exception tree in a
//! single place, so every field a user may need (status, service code, request id) lives here.

use std::fmt;
use std::time::Duration;

/// What went wrong, at the granularity the Python exception tree needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ErrorKind {
    /// An argument was rejected before anything was sent (Python `ValueError`).
    InvalidArgument,
    /// The client configuration is unusable (bad URL, plain HTTP to a non-loopback host, ...).
    Configuration,
    /// No token could be obtained, or the service answered 401.
    Authentication,
    /// Nothing was sent or no response arrived: connection failure, timeout, truncated body.
    ServiceRequest,
    /// The service answered with a non-success status.
    HttpResponse,
    /// The service answered 2xx with a body we could not understand.
    Decode,
    /// A client-side wait (a machine action polled to its final state) ran out of time
    /// (Python `TimeoutError`).
    WaitTimeout,
    /// A bug in mdekit itself (a panic caught at the bindings' boundary): Python `MdeError`.
    Internal,
}

/// An error from the client, the token endpoint or the service.
///
/// Messages carry what the service said, never a secret: requests are described by method and
/// URL only, and URLs never hold credentials. The details are boxed so `Result`s stay small on
/// the happy path; fields are reached through `Deref`.
#[derive(Debug, Clone)]
pub struct Error(Box<ErrorDetails>);

/// The fields of an [`Error`].
#[derive(Debug, Clone)]
pub struct ErrorDetails {
    pub kind: ErrorKind,
    pub message: String,
    /// HTTP status, when a response arrived.
    pub status: Option<u16>,
    /// Service error code: MDE `error.code` (e.g. `ResourceNotFound`) or the Entra ID `error`
    /// plus AADSTS number for token failures (e.g. `invalid_client`, `AADSTS7000215`).
    pub code: Option<String>,
    /// MDE's `error.target`: a per-request correlation id, not a field name.
    pub target: Option<String>,
    /// The `request-id` response header (or the correlation id found in the body).
    pub request_id: Option<String>,
    /// The `client-request-id` of the call: Graph's `innerError.client-request-id`, else the
    /// one the client sent.
    pub client_request_id: Option<String>,
    /// Graph's `innerError.date`: when the service answered.
    pub date: Option<String>,
    /// The `Retry-After` the service asked for, when it did.
    pub retry_after: Option<Duration>,
    /// Entra ID `AADSTS` error number of a token failure.
    pub aadsts: Option<u32>,
    /// On a 403: the permissions (any one of them) the call needs, application ones first.
    pub required_permissions: Vec<String>,
    /// For a call sent in chunks (indicator import), what each chunk did before this error.
    pub chunks: Option<serde_json::Value>,
}

impl Error {
    /// An error with `message`, pre-signed URLs in it redacted (see [`redact`]).
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        Error(Box::new(ErrorDetails {
            kind,
            message: redact(&message.into()),
            status: None,
            code: None,
            target: None,
            request_id: None,
            client_request_id: None,
            date: None,
            retry_after: None,
            aadsts: None,
            required_permissions: Vec::new(),
            chunks: None,
        }))
    }

    pub fn invalid_argument(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::InvalidArgument, message)
    }

    pub fn configuration(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Configuration, message)
    }

    pub fn decode(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Decode, message)
    }

    /// Builds the error for a non-success response from the MDE or Graph API, reading the
    /// documented envelope `{"error": {"code", "message", "target"}}` (Graph puts the request id
    /// in `innerError`). A body that is not that envelope still yields an error with the status.
    pub fn from_response(
        status: u16,
        body: &[u8],
        request_id: Option<String>,
        retry_after: Option<Duration>,
    ) -> Self {
        let kind = if status == 401 {
            ErrorKind::Authentication
        } else {
            ErrorKind::HttpResponse
        };
        let mut err = Error::new(kind, format!("HTTP {status}"));
        err.status = Some(status);
        err.retry_after = retry_after;
        err.request_id = request_id;
        if let Ok(serde_json::Value::Object(root)) =
            serde_json::from_slice::<serde_json::Value>(body)
        {
            if let Some(serde_json::Value::Object(e)) = root.get("error") {
                err.code = e.get("code").and_then(|v| v.as_str()).map(str::to_owned);
                if let Some(m) = e.get("message").and_then(|v| v.as_str()) {
                    err.message = m.to_owned();
                }
                err.target = e.get("target").and_then(|v| v.as_str()).map(str::to_owned);
                let inner_error = e.get("innerError").or_else(|| e.get("innererror"));
                let field = |k: &str| {
                    inner_error
                        .and_then(|v| v.get(k))
                        .and_then(|v| v.as_str())
                        .map(str::to_owned)
                };
                err.client_request_id = field("client-request-id");
                err.date = field("date");
                let inner = field("request-id");
                if err.request_id.is_none() {
                    err.request_id = inner.or_else(|| err.target.clone());
                }
            }
        } else if !body.is_empty() {
            let text = String::from_utf8_lossy(body);
            let snippet: String = text.chars().take(200).collect();
            err.message = format!("HTTP {status}: {snippet}");
        }
        err
    }

    pub fn with_status(mut self, status: u16) -> Self {
        self.status = Some(status);
        self
    }
}

impl std::ops::Deref for Error {
    type Target = ErrorDetails;
    fn deref(&self) -> &ErrorDetails {
        &self.0
    }
}

impl std::ops::DerefMut for Error {
    fn deref_mut(&mut self) -> &mut ErrorDetails {
        &mut self.0
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.status, &self.code) {
            (Some(s), Some(c)) => write!(f, "({s} {c}) {}", self.message)?,
            (Some(s), None) if !self.message.starts_with("HTTP ") => {
                write!(f, "(HTTP {s}) {}", self.message)?
            }
            (None, Some(c)) => write!(f, "({c}) {}", self.message)?,
            _ => write!(f, "{}", self.message)?,
        }
        if let Some(id) = &self.request_id {
            write!(f, " [request id: {id}]")?;
        }
        Ok(())
    }
}

impl std::error::Error for Error {}

/// Query parameters that make a URL a credential: Azure SAS (`sig`), AWS (`X-Amz-Signature`,
/// `X-Amz-Credential`, `X-Amz-Security-Token`) and Google (`X-Goog-Signature`) pre-signed URLs.
const SIGNING_PARAMS: &[&str] = &[
    "sig",
    "signature",
    "x-amz-signature",
    "x-amz-credential",
    "x-amz-security-token",
    "x-goog-signature",
    "x-goog-credential",
];

fn is_signing_param(pair: &str) -> bool {
    let name = pair.split('=').next().unwrap_or("");
    SIGNING_PARAMS.iter().any(|p| name.eq_ignore_ascii_case(p))
}

/// `text` with the query of every pre-signed URL replaced by `<redacted>`, and any other
/// `sig=...` value too: a live-response result link is a bearer credential for its blob, and
/// reqwest puts the URL it failed on in its errors. Every message built by [`Error::new`] and
/// every transport error described by [`describe_chain`] passes through here.
pub fn redact(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(q) = rest.find('?') {
        let (before, after) = rest.split_at(q + 1);
        out.push_str(before);
        let end = after
            .find(|c: char| c.is_whitespace() || matches!(c, ')' | '"' | '\'' | '>' | ']' | ','))
            .unwrap_or(after.len());
        let (query, tail) = after.split_at(end);
        if query.split('&').any(is_signing_param) {
            out.push_str("<redacted>");
        } else {
            out.push_str(query);
        }
        rest = tail;
    }
    out.push_str(rest);
    redact_bare_sig(&out)
}

/// `sig=VALUE` outside a URL's query (a query cut off, or quoted alone) becomes `sig=<redacted>`.
fn redact_bare_sig(text: &str) -> String {
    let lower = text.to_ascii_lowercase();
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    let mut from = 0;
    while let Some(i) = lower[from..].find("sig=").map(|i| i + from) {
        let starts_name = i == 0 || !lower.as_bytes()[i - 1].is_ascii_alphanumeric();
        let start = i + 4;
        let end = text[start..]
            .find(|c: char| c.is_whitespace() || matches!(c, '&' | ')' | '"' | '\'' | '>' | ','))
            .map_or(text.len(), |e| e + start);
        if starts_name && end > start && &text[start..end] != "<redacted>" {
            out.push_str(&text[last..start]);
            out.push_str("<redacted>");
            last = end;
        }
        from = end.max(start);
    }
    out.push_str(&text[last..]);
    out
}

/// Describes a transport error with its whole `source()` chain: reqwest's own text ("error sending
/// request") hides the cause users need (refused connection, TLS failure, timeout).
pub(crate) fn describe_chain(err: &(dyn std::error::Error + 'static)) -> String {
    let mut out = err.to_string();
    let mut source = err.source();
    while let Some(s) = source {
        let text = s.to_string();
        if !out.contains(&text) {
            out.push_str(": ");
            out.push_str(&text);
        }
        source = s.source();
    }
    redact(&out)
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signed_urls_are_redacted() {
        let sas =
            "https://blob.core.windows.net/c/r.zip?se=2026-01-01&sp=r&sv=2019&sr=b&sig=AbC%2Fd=";
        let text = redact(&format!("error sending request for url ({sas}): refused"));
        assert!(!text.contains("AbC"), "{text}");
        assert!(text.contains("https://blob.core.windows.net/c/r.zip?<redacted>): refused"));
        let aws =
            redact("GET https://s3.amazonaws.com/b/k?X-Amz-Signature=deadbeef&X-Amz-Date=1 x");
        assert!(!aws.contains("deadbeef"), "{aws}");
        assert_eq!(
            redact("bare sig=s3cr3t and more"),
            "bare sig=<redacted> and more"
        );
        let plain = "GET https://api/machines?$filter=a eq 'b'&$top=1 failed";
        assert_eq!(redact(plain), plain);
        let e = Error::new(
            ErrorKind::ServiceRequest,
            format!("download of {sas} failed"),
        );
        assert!(!e.to_string().contains("AbC"));
    }

    #[test]
    fn parses_mde_envelope() {
        let body = br#"{"error":{"code":"ResourceNotFound","message":"Machine 1 was not found","target":"43f4cb08-8fac-4b65-9db1-745c2ae65f3a"}}"#;
        let e = Error::from_response(404, body, None, None);
        assert_eq!(e.kind, ErrorKind::HttpResponse);
        assert_eq!(e.code.as_deref(), Some("ResourceNotFound"));
        assert_eq!(e.message, "Machine 1 was not found");
        assert_eq!(
            e.request_id.as_deref(),
            Some("43f4cb08-8fac-4b65-9db1-745c2ae65f3a")
        );
        assert!(e.to_string().contains("404 ResourceNotFound"));
    }

    #[test]
    fn parses_graph_envelope_and_plain_bodies() {
        let body = br#"{"error":{"code":"BadRequest","message":"bad","innerError":{"date":"2024-01-01T00:00:00","request-id":"abc","client-request-id":"c1"}}}"#;
        let e = Error::from_response(400, body, None, None);
        assert_eq!(e.request_id.as_deref(), Some("abc"));
        assert_eq!(e.client_request_id.as_deref(), Some("c1"));
        assert_eq!(e.date.as_deref(), Some("2024-01-01T00:00:00"));
        assert_eq!(e.code.as_deref(), Some("BadRequest"));
        let e = Error::from_response(502, b"<html>bad gateway</html>", None, None);
        assert_eq!(e.status, Some(502));
        assert!(e.message.contains("bad gateway"));
        let e = Error::from_response(401, b"", None, None);
        assert_eq!(e.kind, ErrorKind::Authentication);
    }
}
