//! The service conventions the TVM handlers use, gathered here so that the handlers do not
//! depend on how the sandbox routes: response helpers, the JSON body, and [`refuse`], a
//! refusal the router renders in the service's error envelope.

use axum::extract::Request;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::{Map, Value};

pub(crate) use crate::respond::{
    json_response, next_link, odata_entity, odata_value, to_bytes, ODATA_JSON,
};

/// Largest JSON body a TVM route reads.
const MAX_BODY: usize = 1024 * 1024;

/// A refusal response (`status`, `code`, `message`): an `ApiError`, which the router's
/// `context` middleware renders in the service's error envelope.
pub(crate) fn refuse(status: StatusCode, code: &str, message: &str) -> Response {
    crate::error::ApiError::new(status, code, message).into_response()
}

/// The request's JSON object body; anything else is the documented 400 `InvalidRequestBody`.
pub(crate) async fn json_body(req: Request) -> Result<Map<String, Value>, Response> {
    let bad = || {
        refuse(
            StatusCode::BAD_REQUEST,
            "InvalidRequestBody",
            "Invalid request body",
        )
    };
    let bytes = axum::body::to_bytes(req.into_body(), MAX_BODY)
        .await
        .map_err(|_| bad())?;
    match serde_json::from_slice(&bytes) {
        Ok(Value::Object(m)) => Ok(m),
        _ => Err(bad()),
    }
}
