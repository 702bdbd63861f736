//! Vulnerability management and its neighbours (reference `mde-api-rest.md` §4, §6, §7;
//! `mde-api-core.md` §7.3): software, vulnerabilities, recommendations, scores, remediation
//! activities, device antivirus health, authenticated scans, and the machine update and legacy
//! find. `model` derives the tenant's picture from its machines; `handlers` and `scans` serve
//! it. The router only registers [`parse`] and calls [`handle`].

mod handlers;
mod scans;
mod service;

use std::sync::Arc;

use axum::extract::{OriginalUri, Request, State as AxState};
use axum::http::Method;

use crate::error::{ApiError, ApiResult};
use crate::extract::Endpoint;
use crate::locks::read;
use crate::state::State;
pub(crate) use crate::tvm_model as model;

/// The tenant's model, built on first use from its machines and the loaded rows.
pub(crate) fn model(st: &State) -> &model::Model {
    st.tvm.model.get_or_init(|| {
        let machines = read(&st.machines)
            .items
            .iter()
            .map(|e| e.value.clone())
            .collect();
        let loaded: Vec<_> = st
            .vulnerabilities
            .items
            .iter()
            .map(|e| e.value.clone())
            .collect();
        model::Model::build(st.config.seed, machines, &loaded)
    })
}

/// One TVM route; its catalogue entry gives the roles and the quota.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Route {
    SoftwareList,
    SoftwareGet,
    SoftwareDistributions,
    SoftwareMachines,
    SoftwareVulnerabilities,
    SoftwareMissingKbs,
    VulnerabilitiesList,
    VulnerabilityGet,
    VulnerabilityMachines,
    ByMachine,
    RecommendationsList,
    RecommendationGet,
    RecommendationSoftware,
    RecommendationMachines,
    RecommendationVulnerabilities,
    ExposureScore,
    ExposureByGroups,
    ConfigurationScore,
    RemediationList,
    RemediationGet,
    RemediationMachines,
    DeviceAv,
    ScanDefinitions,
    ScanCreate,
    ScanUpdate,
    ScanDelete,
    ScanAgents,
    ScanAgent,
    ScanHistoryByDefinition,
    ScanHistoryBySession,
    MachineUpdate,
    MachineFind,
}

impl Route {
    pub fn op(self) -> &'static mdekit_spec::Operation {
        use mdekit_spec as s;
        match self {
            Route::SoftwareList => &s::SOFTWARE_LIST,
            Route::SoftwareGet => &s::SOFTWARE_GET,
            Route::SoftwareDistributions => &s::SOFTWARE_DISTRIBUTIONS,
            Route::SoftwareMachines => &s::SOFTWARE_MACHINE_REFERENCES,
            Route::SoftwareVulnerabilities => &s::SOFTWARE_VULNERABILITIES,
            Route::SoftwareMissingKbs => &s::SOFTWARE_MISSING_KBS,
            Route::VulnerabilitiesList => &s::VULNERABILITIES_LIST,
            Route::VulnerabilityGet => &s::VULNERABILITIES_GET,
            Route::VulnerabilityMachines => &s::VULNERABILITIES_MACHINE_REFERENCES,
            Route::ByMachine => &s::VULNERABILITIES_BY_MACHINE,
            Route::RecommendationsList => &s::RECOMMENDATIONS_LIST,
            Route::RecommendationGet => &s::RECOMMENDATIONS_GET,
            Route::RecommendationSoftware => &s::RECOMMENDATIONS_SOFTWARE,
            Route::RecommendationMachines => &s::RECOMMENDATIONS_MACHINE_REFERENCES,
            Route::RecommendationVulnerabilities => &s::RECOMMENDATIONS_VULNERABILITIES,
            Route::ExposureScore => &s::SCORES_EXPOSURE,
            Route::ExposureByGroups => &s::SCORES_EXPOSURE_BY_MACHINE_GROUPS,
            Route::ConfigurationScore => &s::SCORES_CONFIGURATION,
            Route::RemediationList => &s::REMEDIATION_LIST,
            Route::RemediationGet => &s::REMEDIATION_GET,
            Route::RemediationMachines => &s::REMEDIATION_MACHINE_REFERENCES,
            Route::DeviceAv => &s::DEVICE_HEALTH_ANTIVIRUS,
            Route::ScanDefinitions => &s::SCANS_LIST_DEFINITIONS,
            Route::ScanCreate => &s::SCANS_CREATE_DEFINITION,
            Route::ScanUpdate => &s::SCANS_UPDATE_DEFINITION,
            Route::ScanDelete => &s::SCANS_DELETE_DEFINITIONS,
            Route::ScanAgents => &s::SCANS_LIST_AGENTS,
            Route::ScanAgent => &s::SCANS_GET_AGENT,
            Route::ScanHistoryByDefinition => &s::SCANS_HISTORY_BY_DEFINITION,
            Route::ScanHistoryBySession => &s::SCANS_HISTORY_BY_SESSION,
            Route::MachineUpdate => &s::MACHINES_UPDATE,
            Route::MachineFind => &s::MACHINES_FIND,
        }
    }
}

/// The route of `method /api/...` (segments decoded, `/api/v1.0` folded into `/api`, compared
/// without case) and its one path parameter, or `None` when it is not a TVM route.
pub fn parse(api: &[String], method: &Method) -> Option<(Route, Option<String>)> {
    let is = |i: usize, w: &str| api.get(i).is_some_and(|s| s.eq_ignore_ascii_case(w));
    if !is(0, "api") {
        return None;
    }
    let id = api.get(2).cloned();
    let get = method == Method::GET || method == Method::HEAD;
    let post = method == Method::POST;
    let patch = method == Method::PATCH;
    let sub = api.get(3).map(|s| s.to_ascii_lowercase());
    let sub = sub.as_deref();
    let r = match (api.len(), api[1].to_ascii_lowercase().as_str()) {
        (2, "software") if get => Route::SoftwareList,
        (3, "software") if get => Route::SoftwareGet,
        (4, "software") if get => match sub? {
            "distributions" => Route::SoftwareDistributions,
            "machinereferences" => Route::SoftwareMachines,
            "vulnerabilities" => Route::SoftwareVulnerabilities,
            "getmissingkbs" => Route::SoftwareMissingKbs,
            _ => return None,
        },
        (2, "vulnerabilities") if get => Route::VulnerabilitiesList,
        (3, "vulnerabilities") if get && is(2, "machinesVulnerabilities") => {
            return Some((Route::ByMachine, None))
        }
        (3, "vulnerabilities") if get => Route::VulnerabilityGet,
        (4, "vulnerabilities") if get && sub == Some("machinereferences") => {
            Route::VulnerabilityMachines
        }
        (2, "recommendations") if get => Route::RecommendationsList,
        (3, "recommendations") if get => Route::RecommendationGet,
        (4, "recommendations") if get => match sub? {
            "software" => Route::RecommendationSoftware,
            "machinereferences" => Route::RecommendationMachines,
            "vulnerabilities" => Route::RecommendationVulnerabilities,
            _ => return None,
        },
        (2, "exposurescore") if get => Route::ExposureScore,
        (3, "exposurescore") if get && is(2, "ByMachineGroups") => {
            return Some((Route::ExposureByGroups, None))
        }
        (2, "configurationscore") if get => Route::ConfigurationScore,
        (2, "remediationtasks") if get => Route::RemediationList,
        (3, "remediationtasks") if get => Route::RemediationGet,
        (4, "remediationtasks") if get && sub == Some("machinereferences") => {
            Route::RemediationMachines
        }
        (2, "deviceavinfo") if get => Route::DeviceAv,
        (2, "deviceauthenticatedscandefinitions") if get => Route::ScanDefinitions,
        (2, "deviceauthenticatedscandefinitions") if post => Route::ScanCreate,
        (3, "deviceauthenticatedscandefinitions") if post => {
            let r = match api[2].to_ascii_lowercase().as_str() {
                "batchdelete" => Route::ScanDelete,
                "getscanhistorybyscandefinitionid" => Route::ScanHistoryByDefinition,
                "getscanhistorybysessionid" => Route::ScanHistoryBySession,
                _ => return None,
            };
            return Some((r, None));
        }
        (3, "deviceauthenticatedscandefinitions") if patch => Route::ScanUpdate,
        (2, "deviceauthenticatedscanagents") if get => Route::ScanAgents,
        (3, "deviceauthenticatedscanagents") if get => Route::ScanAgent,
        (3, "machines") if patch => Route::MachineUpdate,
        (3, "machines") if get && api[2].to_ascii_lowercase().starts_with("find(") => {
            Route::MachineFind
        }
        _ => return None,
    };
    Some((r, id))
}

/// The handler of every TVM route of the router: the route comes from the path as sent (its
/// catalogue entry, `Endpoint`, was already checked by the guard), the id from its segment.
pub async fn serve(
    AxState(st): AxState<Arc<State>>,
    Endpoint(op): Endpoint,
    OriginalUri(uri): OriginalUri,
    req: Request,
) -> ApiResult {
    let path = uri.path().to_string();
    let query = uri.query().unwrap_or("").to_string();
    let mut api: Vec<String> = path
        .split('/')
        .filter(|s| !s.is_empty())
        .map(|s| {
            percent_encoding::percent_decode_str(s)
                .decode_utf8_lossy()
                .into_owned()
        })
        .collect();
    if api.get(1).is_some_and(|s| s.eq_ignore_ascii_case("v1.0")) {
        api.remove(1);
    }
    let Some((route, id)) = parse(&api, req.method()).filter(|(r, _)| r.op().id == op.id) else {
        return Err(ApiError::not_found(format!(
            "Resource {path} was not found."
        )));
    };
    let id = id.unwrap_or_default();
    let response = match route {
        Route::ScanDefinitions
        | Route::ScanCreate
        | Route::ScanUpdate
        | Route::ScanDelete
        | Route::ScanAgents
        | Route::ScanAgent
        | Route::ScanHistoryByDefinition
        | Route::ScanHistoryBySession => scans::handle(&st, req, route, &id, &query).await,
        Route::MachineUpdate => handlers::machine_update(&st, req, &id).await,
        _ => handlers::read(&st, route, &id, &path, &query),
    };
    Ok(response)
}

/// A machine's software, vulnerabilities, recommendations or missing KBs from the model, for
/// `/api/machines/{id}/...`: `None` when the route is not one of them.
pub(crate) fn machine_list(st: &State, machine_id: &str, what: &str) -> Option<serde_json::Value> {
    handlers::machine_list(st, machine_id, what)
}
