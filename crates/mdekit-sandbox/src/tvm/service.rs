//! The service conventions the TVM handlers use, gathered here so that the handlers do not
//! depend on how the sandbox routes: response helpers, the JSON body, and [`refuse`], which
//! marks a response as a refusal that the router renders in the service's error envelope.

use axum::body::Body;
use axum::extract::Request;
use axum::http::StatusCode;
use axum::response::Response;
use serde_json::{Map, Value};

pub(crate) use crate::api::{
    json_response, next_link, odata_entity, odata_value, to_bytes, ODATA_JSON,
};

/// Largest JSON body a TVM route reads.
const MAX_BODY: usize = 1024 * 1024;

/// A refusal: its code and message, rendered by [`super::handle`] with the request's ids.
#[derive(Clone, Debug)]
pub(crate) struct Refusal {
    pub(crate) code: String,
    pub(crate) message: String,
}

/// A refusal response (`status`, `code`, `message`).
pub(crate) fn refuse(status: StatusCode, code: &str, message: &str) -> Response {
    let mut r = Response::new(Body::empty());
    *r.status_mut() = status;
    r.extensions_mut().insert(Refusal {
        code: code.to_string(),
        message: message.to_string(),
    });
    r
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
