//! `GET /api/machines`, `GET /api/machines/{id}` and the tenant's machine vulnerabilities (reference
//! `mde-api-core.md` §7.1-7.2). A machine is found by id or by `computerDnsName`; an empty inventory is the
//! documented 404.

use std::sync::Arc;

use axum::extract::{OriginalUri, State as AxState};

use crate::error::{ApiError, ApiResult};
use crate::extract::Id;
use crate::odata;
use crate::respond::{self, entity};
use crate::state::{read, State};

/// `GET /api/machines`: a page of machines (`$filter`, `$top`, `$skip`).
pub async fn list(AxState(st): AxState<Arc<State>>, OriginalUri(uri): OriginalUri) -> ApiResult {
    let query = uri.query().unwrap_or("");
    respond::list(
        &st,
        &read(&st.machines),
        &odata::MACHINES,
        "Machines",
        uri.path(),
        query,
    )
}

/// `GET /api/machines/{id}`: by machine id or computer DNS name.
pub async fn get(AxState(st): AxState<Arc<State>>, Id(id): Id) -> ApiResult {
    match read(&st.machines).find(&id) {
        Some(e) => Ok(entity(&st, "Machines", &e.full)),
        None => Err(ApiError::not_found(format!("Machine {id} was not found"))),
    }
}

/// `GET /api/vulnerabilities/machinesVulnerabilities`: a page of (machine, CVE) pairs.
pub async fn vulnerabilities(
    AxState(st): AxState<Arc<State>>,
    OriginalUri(uri): OriginalUri,
) -> ApiResult {
    respond::list(
        &st,
        &st.vulnerabilities,
        &odata::VULNERABILITIES,
        "Collection(microsoft.windowsDefenderATP.api.PublicAssetVulnerabilityDto)",
        uri.path(),
        uri.query().unwrap_or(""),
    )
}
