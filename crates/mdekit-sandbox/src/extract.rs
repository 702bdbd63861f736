//! Extractors the handlers take, each refusing with an `ApiError`.
//!
//! `Id` is a route's `{id}`, `Args` the `(…)` of an OData function call (`/FindByIp/{args}`), `Tenant` the
//! `{tenant}` of an Entra path, `Caller` the claims `middleware::guard` verified, `Endpoint` the route's
//! catalogue entry. Path parameters arrive percent-decoded (axum's `Path`).

use std::collections::HashMap;

use axum::extract::{FromRequestParts, Path};
use axum::http::request::Parts;
use axum::http::StatusCode;
use mdekit_spec::Operation;

use crate::auth::Claims;
use crate::error::ApiError;

/// The catalogue entry of the matched route (set by `router::Routes::api`): roles, quota family, filterables.
#[derive(Clone, Copy, Debug)]
pub struct Endpoint(pub &'static Operation);

async fn param<S: Send + Sync>(
    parts: &mut Parts,
    state: &S,
    name: &str,
) -> Result<String, ApiError> {
    let Path(mut params) = Path::<HashMap<String, String>>::from_request_parts(parts, state)
        .await
        .map_err(|e| ApiError::bad_request("InvalidInput", e.body_text()))?;
    params.remove(name).ok_or_else(|| {
        ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "InternalServerError",
            format!("The route has no {{{name}}} parameter."),
        )
    })
}

macro_rules! path_param {
    ($(#[$doc:meta])* $ty:ident, $name:literal) => {
        $(#[$doc])*
        #[derive(Debug, Clone)]
        pub struct $ty(pub String);

        impl<S: Send + Sync> FromRequestParts<S> for $ty {
            type Rejection = ApiError;

            async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
                param(parts, state, $name).await.map($ty)
            }
        }
    };
}

path_param!(
    /// The `{id}` of the route (an alert, machine, action, incident id, a machine name, a file name...).
    Id,
    "id"
);
path_param!(
    /// The `(name=value,...)` of an OData function call, parentheses included.
    Args,
    "args"
);
path_param!(
    /// The `{tenant}` segment of an Entra path (id, domain or `common`/`organizations`/`consumers`).
    Tenant,
    "tenant"
);

/// The verified claims of the request's bearer token.
#[derive(Debug, Clone)]
pub struct Caller(pub Claims);

impl<S: Send + Sync> FromRequestParts<S> for Caller {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        parts
            .extensions
            .get::<Claims>()
            .cloned()
            .map(Caller)
            .ok_or_else(|| {
                ApiError::new(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "InternalServerError",
                    "The route is not guarded.",
                )
            })
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Endpoint {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        parts.extensions.get::<Endpoint>().copied().ok_or_else(|| {
            ApiError::new(
                StatusCode::INTERNAL_SERVER_ERROR,
                "InternalServerError",
                "The route has no catalogue entry.",
            )
        })
    }
}
