//! Response helpers every handler shares: OData entities, values and pages, JSON bodies, AAD errors.
//!
//! Depends on the state and the OData filter only; handlers import from here, never from the router.

use axum::body::Body;
use axum::extract::{FromRequest, Request};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use bytes::{BufMut, Bytes, BytesMut};
use chrono::Utc;
use serde_json::{json, Map, Value};

use crate::auth::{self, AadError};
use crate::error::{ApiError, ApiResult};
use crate::odata::{EntitySpec, Filter};
use crate::state::{State, Store};

pub const ODATA_JSON: &str =
    "application/json; odata.metadata=minimal; odata.streaming=true; charset=utf-8";
const MAX_TOP: usize = 10_000;
/// The largest request body any handler reads.
pub const MAX_BODY: usize = 16 * 1024 * 1024;

pub fn json_response(status: StatusCode, content_type: &str, body: Bytes) -> Response {
    let mut r = Response::new(Body::from(body));
    *r.status_mut() = status;
    let h = r.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_str(content_type).unwrap_or(HeaderValue::from_static("application/json")),
    );
    if content_type.contains("odata") {
        h.insert("OData-Version", HeaderValue::from_static("4.0"));
    }
    r
}

pub fn odata(status: StatusCode, body: Bytes) -> Response {
    json_response(status, ODATA_JSON, body)
}

pub fn to_bytes(v: &Value) -> Bytes {
    Bytes::from(serde_json::to_vec(v).unwrap_or_default())
}

/// An AAD error answer (`{"error","error_description","error_codes",...}`) stamped now.
pub fn entra_error(status: u16, error: &str, code: u32, text: &str) -> Response {
    auth::aad_error(status, error, code, text, Utc::now()).into_response()
}

impl IntoResponse for AadError {
    fn into_response(self) -> Response {
        json_response(
            StatusCode::from_u16(self.status).unwrap_or(StatusCode::BAD_REQUEST),
            "application/json; charset=utf-8",
            to_bytes(&self.body),
        )
    }
}

/// Reads a JSON object body; anything else is the documented 400 `InvalidRequestBody`. Handlers that check
/// their path before their body take the `Request` and call this where the check order needs it.
pub async fn read_json_body(req: Request) -> ApiResult<Map<String, Value>> {
    let body = axum::body::to_bytes(req.into_body(), MAX_BODY)
        .await
        .map_err(|_| ApiError::invalid_body())?;
    match serde_json::from_slice(&body) {
        Ok(Value::Object(m)) => Ok(m),
        _ => Err(ApiError::invalid_body()),
    }
}

/// Extractor: the JSON object body (400 `InvalidRequestBody` otherwise).
pub struct JsonObject(pub Map<String, Value>);

impl<S: Send + Sync> FromRequest<S> for JsonObject {
    type Rejection = ApiError;

    async fn from_request(req: Request, _: &S) -> Result<Self, Self::Rejection> {
        read_json_body(req).await.map(JsonObject)
    }
}

/// An empty answer with `status` (204 deletes, 200 batch updates).
pub fn empty(status: StatusCode) -> Response {
    let mut r = Response::new(Body::empty());
    *r.status_mut() = status;
    r
}

pub fn odata_entity(
    st: &State,
    set: &str,
    value: &serde_json::Map<String, Value>,
    status: StatusCode,
) -> Response {
    let mut r = entity(st, set, &to_bytes(&Value::Object(value.clone())));
    *r.status_mut() = status;
    r
}

/// A primitive or collection result: `{"@odata.context": ".../$metadata#{type}", "value": ...}`.
pub fn odata_value(st: &State, type_name: &str, value: Value) -> Response {
    let body = json!({
        "@odata.context": format!("{}/api/$metadata#{type_name}", st.base_url),
        "value": value,
    });
    odata(StatusCode::OK, to_bytes(&body))
}

pub fn entity(st: &State, set: &str, json: &Bytes) -> Response {
    let mut b = BytesMut::with_capacity(json.len() + 96);
    b.put_slice(
        format!(
            "{{\"@odata.context\":\"{}/api/$metadata#{set}/$entity\"",
            st.base_url
        )
        .as_bytes(),
    );
    if json.len() > 2 {
        b.put_u8(b',');
        b.put_slice(&json[1..]);
    } else {
        b.put_u8(b'}');
    }
    odata(StatusCode::OK, b.freeze())
}

pub struct ListOptions {
    filter: Option<Filter>,
    top: Option<usize>,
    skip: usize,
    expand: bool,
}

pub fn list_options(query: &str, spec: &EntitySpec) -> Result<ListOptions, String> {
    let mut o = ListOptions {
        filter: None,
        top: None,
        skip: 0,
        expand: false,
    };
    for (k, v) in form_urlencoded::parse(query.as_bytes()) {
        match k.to_ascii_lowercase().as_str() {
            "$filter" => o.filter = Some(Filter::parse(&v, spec)?),
            "$top" => {
                let n: usize = v.trim().parse().map_err(|_| {
                    format!("Invalid value '{v}' for $top: expected a non-negative integer.")
                })?;
                if n > MAX_TOP {
                    return Err(format!("The limit of '{MAX_TOP}' for Top query has been exceeded. The value from the incoming request is '{n}'."));
                }
                o.top = Some(n);
            }
            "$skip" => {
                o.skip = v.trim().parse().map_err(|_| {
                    format!("Invalid value '{v}' for $skip: expected a non-negative integer.")
                })?
            }
            "$expand" => {
                for item in v.split(',').map(str::trim).filter(|s| !s.is_empty()) {
                    if spec.type_name == "Alert" && item.eq_ignore_ascii_case("evidence") {
                        o.expand = true;
                    } else {
                        return Err(format!("Could not find a navigation property named '{item}' on type '{}' for $expand.", spec.type_name));
                    }
                }
            }
            _ => {}
        }
    }
    Ok(o)
}

/// Counts entities matching a filter, for `Sandbox::count`.
pub fn count(store: &Store, spec: &EntitySpec, filter: Option<&str>) -> Result<usize, String> {
    let f = filter
        .filter(|f| !f.trim().is_empty())
        .map(|f| Filter::parse(f, spec))
        .transpose()?;
    Ok(store
        .items
        .iter()
        .filter(|e| f.as_ref().is_none_or(|f| f.matches(&e.value)))
        .count())
}

/// Without `$top`: pages of `page_size` with an `@odata.nextLink` re-issuing the request with `$skip`; with
/// `$top`: at most `$top` items and no nextLink (reference §4.3). An empty machine inventory is a documented 404.
pub fn list(
    st: &State,
    store: &Store,
    spec: &EntitySpec,
    set: &str,
    path: &str,
    query: &str,
) -> ApiResult {
    let opts = list_options(query, spec).map_err(|m| ApiError::bad_request("ODataError", m))?;
    if set == "Machines" && store.items.is_empty() {
        return Err(ApiError::not_found("No recent machines were found."));
    }
    let matching = store
        .items
        .iter()
        .filter(|e| opts.filter.as_ref().is_none_or(|f| f.matches(&e.value)));
    let take = opts.top.unwrap_or(st.config.page_size.max(1));
    let mut page = matching.skip(opts.skip).take(take.saturating_add(1));
    let mut body = BytesMut::with_capacity(64 * 1024);
    body.put_slice(
        format!(
            "{{\"@odata.context\":\"{}/api/$metadata#{set}\",\"value\":[",
            st.base_url
        )
        .as_bytes(),
    );
    let mut n = 0;
    let mut more = false;
    for e in page.by_ref() {
        if n == take {
            more = true;
            break;
        }
        if n > 0 {
            body.put_u8(b',');
        }
        body.put_slice(if opts.expand { &e.full } else { &e.listed });
        n += 1;
    }
    body.put_u8(b']');
    if more && opts.top.is_none() {
        let next = next_link(&st.base_url, path, query, opts.skip + n);
        body.put_slice(b",\"@odata.nextLink\":");
        body.put_slice(&serde_json::to_vec(&next).unwrap_or_default());
    }
    body.put_u8(b'}');
    Ok(odata(StatusCode::OK, body.freeze()))
}

/// The same request with `$skip` replaced, other parameters kept verbatim.
pub fn next_link(base: &str, path: &str, query: &str, skip: usize) -> String {
    let mut parts: Vec<&str> = query
        .split('&')
        .filter(|p| !p.is_empty())
        .filter(|p| {
            let key = p.split('=').next().unwrap_or("");
            let decoded: String = form_urlencoded::parse(key.as_bytes())
                .map(|(k, _)| k.into_owned())
                .collect();
            !decoded.eq_ignore_ascii_case("$skip")
        })
        .collect();
    let skip_part = format!("$skip={skip}");
    parts.push(&skip_part);
    format!("{base}{path}?{}", parts.join("&"))
}
