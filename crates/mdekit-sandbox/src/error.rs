//! `ApiError`: the one error type of the MDE and Graph handlers, mapped to a response once.
//!
//! A handler returns `Result<_, ApiError>`; `ApiError::into_response` gives the status (and `Retry-After`) and
//! parks the error in the response's extensions; the request-context middleware (`middleware::context`), which
//! knows the request id and the service, renders the envelope: MDE's `{"error":{"code","message","target"}}`
//! with the request id as target, or Graph's `{"error":{"code","message","innerError":{...}}}`. Entra's token
//! endpoint answers AAD errors instead (`auth::AadError`, also `IntoResponse`).

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

/// A refused or failed API request: status, OData error code and message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    pub status: StatusCode,
    pub code: String,
    pub message: String,
    /// Seconds for `Retry-After` (429 and injected faults).
    pub retry_after: Option<String>,
}

/// What a handler returns.
pub type ApiResult<T = Response> = Result<T, ApiError>;

impl ApiError {
    pub fn new(status: StatusCode, code: &str, message: impl Into<String>) -> ApiError {
        ApiError {
            status,
            code: code.to_string(),
            message: message.into(),
            retry_after: None,
        }
    }

    /// 400 with the given code.
    pub fn bad_request(code: &str, message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::BAD_REQUEST, code, message)
    }

    /// 404 `ResourceNotFound`, the code MDE uses for an unknown id.
    pub fn not_found(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::NOT_FOUND, "ResourceNotFound", message)
    }

    /// 400 `InvalidRequestBody`: the body is not the JSON object the operation takes.
    pub fn invalid_body() -> ApiError {
        ApiError::bad_request("InvalidRequestBody", "Invalid request body")
    }

    /// 429 `TooManyRequests` with `Retry-After: secs`.
    pub fn too_many(secs: u64, message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::TOO_MANY_REQUESTS, "TooManyRequests", message)
            .with_retry_after(secs.to_string())
    }

    pub fn with_retry_after(mut self, value: impl Into<String>) -> ApiError {
        self.retry_after = Some(value.into());
        self
    }

    /// The code a service uses for a bare status (injected faults without a code).
    pub fn default_code(s: StatusCode) -> &'static str {
        match s.as_u16() {
            400 => "BadRequest",
            401 => "Unauthorized",
            403 => "Forbidden",
            404 => "NotFound",
            408 => "RequestTimeout",
            409 => "Conflict",
            429 => "TooManyRequests",
            500 => "InternalServerError",
            502 => "BadGateway",
            503 => "ServiceUnavailable",
            504 => "GatewayTimeout",
            s if s >= 500 => "InternalServerError",
            _ => "BadRequest",
        }
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} {}: {}",
            self.status.as_u16(),
            self.code,
            self.message
        )
    }
}

impl std::error::Error for ApiError {}

impl IntoResponse for ApiError {
    /// Status and `Retry-After` now; the body is rendered by `middleware::context` from the parked error.
    fn into_response(self) -> Response {
        let mut r = self.status.into_response();
        if let Some(v) = self
            .retry_after
            .as_deref()
            .and_then(|v| HeaderValue::from_str(v).ok())
        {
            r.headers_mut().insert(header::RETRY_AFTER, v);
        }
        r.extensions_mut().insert(self);
        r
    }
}
