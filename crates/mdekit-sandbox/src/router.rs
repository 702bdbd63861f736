//! Every route of the sandbox, and nothing else.
//!
//! # Adding an endpoint
//!
//! One line here plus a handler:
//!
//! ```text
//! .api(&s::ALERTS_UPDATE, "/api/alerts/{id}", alerts::update)
//! ```
//!
//! `api` takes the endpoint's catalogue entry (`mdekit_spec`), the path in axum syntax (`{id}` for the entity
//! id; spelled as the docs spell it, matched case-insensitively) and the handler. The HTTP method is the catalogue
//! entry's. An OData function call such as `findbyip(ip='…',timestamp=…)` is written `/findbyip/{args}`:
//! the handler gets `Args("(ip='…',timestamp=…)")`. Routes that are not the MDE or Graph API (Entra, managed
//! identity, the pre-signed result download) use `open(path, method_router)` and take no bearer token.
//!
//! A handler is an axum handler in its family's module that returns `ApiResult` (`Result<Response, ApiError>`):
//!
//! ```text
//! pub async fn update(AxState(st): AxState<Arc<State>>, Id(id): Id, Caller(who): Caller,
//!                     JsonObject(body): JsonObject) -> ApiResult
//! ```
//!
//! It takes what it needs through extractors (`extract`: `Id`, `Args`, `Caller` = the verified token claims,
//! `Endpoint` = the route's catalogue entry; axum's `OriginalUri` / `RawQuery` for paging and query options;
//! `respond::JsonObject` or `respond::read_json_body` for a JSON body) and reports a refusal as
//! `Err(ApiError::bad_request(code, message))`, `ApiError::not_found(message)`, `ApiError::new(status, code,
//! message)`. Response helpers (`odata_entity`, `odata_value`, `respond::list` for OData pages) are in `respond`;
//! a handler never imports this module. Routes may share a handler that tells them apart by their catalogue
//! entry (`actions::start` takes `Endpoint(op)` and finds its action with `Kind::of(op)`). What a handler keeps
//! between requests is a field of `State` whose type lives in `books` (plain data, so `state` imports no handler).
//!
//! # What runs around a handler (`middleware`)
//!
//! Outermost first: `context` (request record, request ids, the error envelope of the service: MDE's or
//! Graph's), `faults` (injected faults), `normalise_path` (case-insensitive literal segments, `/api/v1.0` as `/api`,
//! empty segments, function-call segments), then per `api` route `guard`: the bearer token's audience and
//! permissions against the catalogue entry (401/403) and its quota family (429). An unknown path or method is
//! 404 `NotFound`.

use std::sync::Arc;

use axum::extract::OriginalUri;
use axum::handler::Handler;
use axum::http::{Method, StatusCode};
use axum::middleware::from_fn_with_state;
use axum::routing::{any, get, on, post, MethodFilter, MethodRouter};
use axum::{Extension, Router};
use mdekit_spec as s;
use mdekit_spec::Operation;

use crate::error::{ApiError, ApiResult};
use crate::extract::Endpoint;
use crate::middleware::{context, faults, guard, normalise_path, Literals};
use crate::state::State;
use crate::{
    actions, alerts, discovery, exports, graph_security, hunting_api, identity, indicators,
};
use crate::{investigations, live_response, machine_extras, machines, managed_identity, pivots};
use crate::{token, tvm, user_flows};

/// The whole service: middleware around the routes.
pub fn app(st: Arc<State>) -> Router {
    let Routes {
        router, literals, ..
    } = routes(st.clone());
    let router = router
        .method_not_allowed_fallback(not_found)
        .fallback(not_found)
        .with_state(st.clone());
    Router::new()
        .fallback_service(router)
        .layer(from_fn_with_state(Arc::new(literals), normalise_path))
        .layer(from_fn_with_state(st.clone(), faults))
        .layer(from_fn_with_state(st, context))
}

// One line per route, as the docs list them.
#[rustfmt::skip]
fn routes(st: Arc<State>) -> Routes {
    Routes::new(st)
        // Alerts
        .api(&s::ALERTS_LIST, "/api/alerts", alerts::list)
        .api(&s::ALERTS_GET, "/api/alerts/{id}", alerts::get)
        .api(&s::ALERTS_UPDATE, "/api/alerts/{id}", alerts::update)
        .api(&s::ALERTS_BATCH_UPDATE, "/api/alerts/batchUpdate", alerts::batch_update)
        .api(&s::ALERTS_CREATE_BY_REFERENCE, "/api/alerts/CreateAlertByReference", alerts::create_by_reference)
        .api(&s::ALERTS_RELATED_DOMAINS, "/api/alerts/{id}/domains", alerts::related)
        .api(&s::ALERTS_RELATED_FILES, "/api/alerts/{id}/files", alerts::related)
        .api(&s::ALERTS_RELATED_IPS, "/api/alerts/{id}/ips", alerts::related)
        .api(&s::ALERTS_RELATED_MACHINE, "/api/alerts/{id}/machine", alerts::related)
        .api(&s::ALERTS_RELATED_USER, "/api/alerts/{id}/user", alerts::related)
        // Machines
        .api(&s::MACHINES_LIST, "/api/machines", machines::list)
        .api(&s::MACHINES_GET, "/api/machines/{id}", machines::get)
        .api(&s::MACHINES_FIND_BY_IP, "/api/machines/findbyip/{args}", machine_extras::find_by_ip)
        .api(&s::MACHINES_FIND_BY_TAG, "/api/machines/findbytag", machine_extras::find_by_tag)
        .api(&s::MACHINES_TAGS, "/api/machines/{id}/tags", machine_extras::tags)
        .api(&s::MACHINES_TAGS_MANY, "/api/machines/AddOrRemoveTagForMultipleMachines", machine_extras::tags_many)
        .api(&s::MACHINES_SET_DEVICE_VALUE, "/api/machines/{id}/setDeviceValue", machine_extras::set_device_value)
        .api(&s::MACHINES_LOGON_USERS, "/api/machines/{id}/logonusers", machine_extras::list)
        .api(&s::MACHINES_ALERTS, "/api/machines/{id}/alerts", machine_extras::list)
        .api(&s::MACHINES_SOFTWARE, "/api/machines/{id}/software", machine_extras::list)
        .api(&s::MACHINES_VULNERABILITIES, "/api/machines/{id}/vulnerabilities", machine_extras::list)
        .api(&s::MACHINES_RECOMMENDATIONS, "/api/machines/{id}/recommendations", machine_extras::list)
        .api(&s::MACHINES_MISSING_KBS, "/api/machines/{id}/getmissingkbs", machine_extras::list)
        // Machine actions
        .api(&s::MACHINES_ISOLATE, "/api/machines/{id}/isolate", actions::start)
        .api(&s::MACHINES_UNISOLATE, "/api/machines/{id}/unisolate", actions::start)
        .api(&s::MACHINES_RESTRICT_CODE_EXECUTION, "/api/machines/{id}/restrictCodeExecution", actions::start)
        .api(&s::MACHINES_UNRESTRICT_CODE_EXECUTION, "/api/machines/{id}/unrestrictCodeExecution", actions::start)
        .api(&s::MACHINES_RUN_ANTIVIRUS_SCAN, "/api/machines/{id}/runAntiVirusScan", actions::start)
        .api(&s::MACHINES_COLLECT_INVESTIGATION_PACKAGE, "/api/machines/{id}/collectInvestigationPackage", actions::start)
        .api(&s::MACHINES_OFFBOARD, "/api/machines/{id}/offboard", actions::start)
        .api(&s::MACHINES_STOP_AND_QUARANTINE_FILE, "/api/machines/{id}/StopAndQuarantineFile", actions::start)
        .api(&s::MACHINE_ACTIONS_LIST, "/api/machineactions", actions::list)
        .api(&s::MACHINE_ACTIONS_GET, "/api/machineactions/{id}", actions::get)
        .api(&s::MACHINE_ACTIONS_CANCEL, "/api/machineactions/{id}/cancel", actions::cancel)
        .api(&s::MACHINE_ACTIONS_GET_PACKAGE_URI, "/api/machineactions/{id}/getPackageUri", actions::package_uri)
        // Live response and the library
        .api(&s::LIVE_RESPONSE_RUN, "/api/machines/{id}/runliveresponse", live_response::run)
        .api(&s::LIVE_RESPONSE_RESULT_LINK, "/api/machineactions/{id}/GetLiveResponseResultDownloadLink/{args}", live_response::result_link)
        .api(&s::LIBRARY_LIST, "/api/libraryfiles", live_response::library_list)
        .api(&s::LIBRARY_UPLOAD, "/api/libraryfiles", live_response::library_upload)
        .api(&s::LIBRARY_DELETE, "/api/libraryfiles/{id}", live_response::library_delete)
        // Investigations
        .api(&s::INVESTIGATIONS_LIST, "/api/investigations", investigations::list)
        .api(&s::INVESTIGATIONS_GET, "/api/investigations/{id}", investigations::get)
        .api(&s::INVESTIGATIONS_START, "/api/machines/{id}/startInvestigation", investigations::start)
        // Indicators
        .api(&s::INDICATORS_LIST, "/api/indicators", indicators::list)
        .api(&s::INDICATORS_SUBMIT, "/api/indicators", indicators::submit)
        .api(&s::INDICATORS_IMPORT, "/api/indicators/import", indicators::import)
        .api(&s::INDICATORS_DELETE, "/api/indicators/{id}", indicators::delete)
        .api(&s::INDICATORS_BATCH_DELETE, "/api/indicators/BatchDelete", indicators::batch_delete)
        // Entity pivots
        .api(&s::FILES_GET, "/api/files/{id}", pivots::handle)
        .api(&s::FILES_STATS, "/api/files/{id}/stats", pivots::handle)
        .api(&s::FILES_ALERTS, "/api/files/{id}/alerts", pivots::handle)
        .api(&s::FILES_MACHINES, "/api/files/{id}/machines", pivots::handle)
        .api(&s::IPS_STATS, "/api/ips/{id}/stats", pivots::handle)
        .api(&s::IPS_ALERTS, "/api/ips/{id}/alerts", pivots::handle)
        .api(&s::DOMAINS_STATS, "/api/domains/{id}/stats", pivots::handle)
        .api(&s::DOMAINS_ALERTS, "/api/domains/{id}/alerts", pivots::handle)
        .api(&s::DOMAINS_MACHINES, "/api/domains/{id}/machines", pivots::handle)
        .api(&s::USERS_ALERTS, "/api/users/{id}/alerts", pivots::handle)
        .api(&s::USERS_MACHINES, "/api/users/{id}/machines", pivots::handle)
        // Advanced hunting
        .api(&s::ADVANCED_QUERIES_RUN, "/api/advancedqueries/run", hunting_api::advanced_query)
        .api(&s::HUNTING_RUN, "/v1.0/security/runHuntingQuery", hunting_api::run_hunting_query)
        // Graph security: incidents and alerts_v2
        .api(&s::INCIDENTS_LIST, "/v1.0/security/incidents", graph_security::list_incidents)
        .api(&s::INCIDENTS_GET, "/v1.0/security/incidents/{id}", graph_security::get_incident)
        .api(&s::INCIDENTS_UPDATE, "/v1.0/security/incidents/{id}", graph_security::update_incident)
        .api(&s::INCIDENTS_COMMENT, "/v1.0/security/incidents/{id}/comments", graph_security::comment_incident)
        .api(&s::SECURITY_ALERTS_LIST, "/v1.0/security/alerts_v2", graph_security::list_alerts)
        .api(&s::SECURITY_ALERTS_GET, "/v1.0/security/alerts_v2/{id}", graph_security::get_alert)
        .api(&s::SECURITY_ALERTS_UPDATE, "/v1.0/security/alerts_v2/{id}", graph_security::update_alert)
        .api(&s::SECURITY_ALERTS_COMMENT, "/v1.0/security/alerts_v2/{id}/comments", graph_security::comment_alert)
        // ---- Vulnerability management (issue 10): one handler, `tvm::serve`, tells them apart.
        .api(&s::SOFTWARE_LIST, "/api/software", tvm::serve)
        .api(&s::SOFTWARE_GET, "/api/software/{id}", tvm::serve)
        .api(&s::SOFTWARE_DISTRIBUTIONS, "/api/software/{id}/distributions", tvm::serve)
        .api(&s::SOFTWARE_MACHINE_REFERENCES, "/api/software/{id}/machineReferences", tvm::serve)
        .api(&s::SOFTWARE_VULNERABILITIES, "/api/software/{id}/vulnerabilities", tvm::serve)
        .api(&s::SOFTWARE_MISSING_KBS, "/api/software/{id}/getmissingkbs", tvm::serve)
        .api(&s::VULNERABILITIES_LIST, "/api/vulnerabilities", tvm::serve)
        .api(&s::VULNERABILITIES_BY_MACHINE, "/api/vulnerabilities/machinesVulnerabilities", tvm::serve)
        .api(&s::VULNERABILITIES_GET, "/api/vulnerabilities/{id}", tvm::serve)
        .api(&s::VULNERABILITIES_MACHINE_REFERENCES, "/api/vulnerabilities/{id}/machineReferences", tvm::serve)
        .api(&s::RECOMMENDATIONS_LIST, "/api/recommendations", tvm::serve)
        .api(&s::RECOMMENDATIONS_GET, "/api/recommendations/{id}", tvm::serve)
        .api(&s::RECOMMENDATIONS_SOFTWARE, "/api/recommendations/{id}/software", tvm::serve)
        .api(&s::RECOMMENDATIONS_MACHINE_REFERENCES, "/api/recommendations/{id}/machineReferences", tvm::serve)
        .api(&s::RECOMMENDATIONS_VULNERABILITIES, "/api/recommendations/{id}/vulnerabilities", tvm::serve)
        .api(&s::SCORES_EXPOSURE, "/api/exposureScore", tvm::serve)
        .api(&s::SCORES_EXPOSURE_BY_MACHINE_GROUPS, "/api/exposureScore/ByMachineGroups", tvm::serve)
        .api(&s::SCORES_CONFIGURATION, "/api/configurationScore", tvm::serve)
        .api(&s::REMEDIATION_LIST, "/api/remediationTasks", tvm::serve)
        .api(&s::REMEDIATION_GET, "/api/remediationTasks/{id}", tvm::serve)
        .api(&s::REMEDIATION_MACHINE_REFERENCES, "/api/remediationTasks/{id}/machineReferences", tvm::serve)
        .api(&s::DEVICE_HEALTH_ANTIVIRUS, "/api/deviceavinfo", tvm::serve)
        .api(&s::SCANS_LIST_DEFINITIONS, "/api/DeviceAuthenticatedScanDefinitions", tvm::serve)
        .api(&s::SCANS_CREATE_DEFINITION, "/api/DeviceAuthenticatedScanDefinitions", tvm::serve)
        .api(&s::SCANS_UPDATE_DEFINITION, "/api/DeviceAuthenticatedScanDefinitions/{id}", tvm::serve)
        .api(&s::SCANS_DELETE_DEFINITIONS, "/api/DeviceAuthenticatedScanDefinitions/BatchDelete", tvm::serve)
        .api(&s::SCANS_HISTORY_BY_DEFINITION, "/api/DeviceAuthenticatedScanDefinitions/GetScanHistoryByScanDefinitionId", tvm::serve)
        .api(&s::SCANS_HISTORY_BY_SESSION, "/api/DeviceAuthenticatedScanDefinitions/GetScanHistoryBySessionId", tvm::serve)
        .api(&s::SCANS_LIST_AGENTS, "/api/DeviceAuthenticatedScanAgents", tvm::serve)
        .api(&s::SCANS_GET_AGENT, "/api/DeviceAuthenticatedScanAgents/{id}", tvm::serve)
        .api(&s::MACHINES_UPDATE, "/api/machines/{id}", tvm::serve)
        .api(&s::MACHINES_FIND, "/api/machines/find/{args}", tvm::serve)
        // Export assessments (issue 10): JSON pages, via-files SAS lists, static lists; the blobs.
        .api(&s::EXPORTS_SECURE_CONFIGURATIONS, "/api/machines/SecureConfigurationsAssessmentByMachine", exports::handle)
        .api(&s::EXPORTS_SECURE_CONFIGURATIONS_FILES, "/api/machines/SecureConfigurationsAssessmentExport", exports::handle)
        .api(&s::EXPORTS_SOFTWARE_INVENTORY, "/api/machines/SoftwareInventoryByMachine", exports::handle)
        .api(&s::EXPORTS_SOFTWARE_INVENTORY_FILES, "/api/machines/SoftwareInventoryExport", exports::handle)
        .api(&s::EXPORTS_NON_CPE_SOFTWARE, "/api/machines/SoftwareInventoryNoProductCodeByMachine", exports::handle)
        .api(&s::EXPORTS_NON_CPE_SOFTWARE_FILES, "/api/machines/SoftwareInventoryNonCpeExport", exports::handle)
        .api(&s::EXPORTS_SOFTWARE_VULNERABILITIES, "/api/machines/SoftwareVulnerabilitiesByMachine", exports::handle)
        .api(&s::EXPORTS_SOFTWARE_VULNERABILITIES_FILES, "/api/machines/SoftwareVulnerabilitiesExport", exports::handle)
        .api(&s::EXPORTS_SOFTWARE_VULNERABILITY_CHANGES, "/api/machines/SoftwareVulnerabilityChangesByMachine", exports::handle)
        .api(&s::EXPORTS_BROWSER_EXTENSIONS, "/api/machines/BrowserExtensionsInventoryByMachine", exports::handle)
        .api(&s::EXPORTS_BROWSER_EXTENSIONS_FILES, "/api/machines/browserextensionsinventoryExport", exports::handle)
        .api(&s::EXPORTS_BROWSER_EXTENSION_PERMISSIONS, "/api/browserextensions/permissionsinfo", exports::handle)
        .api(&s::EXPORTS_CERTIFICATES, "/api/machines/certificateAssessmentByMachine", exports::handle)
        .api(&s::EXPORTS_CERTIFICATES_FILES, "/api/machines/certificateAssessmentExport", exports::handle)
        .api(&s::EXPORTS_SECURITY_BASELINES, "/api/machines/baselineComplianceAssessmentByMachine", exports::handle)
        .api(&s::EXPORTS_SECURITY_BASELINES_FILES, "/api/machines/BaselineComplianceAssessmentExport", exports::handle)
        .api(&s::EXPORTS_BASELINE_PROFILES, "/api/baselineProfiles", exports::handle)
        .api(&s::EXPORTS_BASELINE_CONFIGURATIONS, "/api/baselineConfigurations", exports::handle)
        .api(&s::EXPORTS_HARDWARE_FIRMWARE, "/api/machines/HardwareFirmwareInventoryByMachine", exports::handle)
        .api(&s::EXPORTS_HARDWARE_FIRMWARE_FILES, "/api/machines/HardwareFirmwareInventoryExport", exports::handle)
        // One path for both: the device AV health report documents the information-gathering export's.
        .api(&s::EXPORTS_INFORMATION_GATHERING_FILES, "/api/machines/InfoGatheringExport", exports::handle)
        .open("/tvm-export/{*blob}", get(exports::blob))
        .open("/tvm-firmware-export/{*blob}", get(exports::blob))
        // Pre-signed result downloads: no bearer token, storage conventions.
        .open("/liveresponse/results", get(live_response::download))
        .open("/liveresponse/results/{*blob}", get(live_response::download))
        // Entra ID: token, device code, authorization, discovery; the managed identity endpoints.
        .open("/{tenant}/oauth2/v2.0/token", post(token::token_v2).fallback(token::post_only))
        .open("/{tenant}/oauth2/token", post(token::token_v1).fallback(token::post_only))
        .open("/{tenant}/oauth2/v2.0/devicecode", post(identity::device_code_v2))
        .open("/{tenant}/oauth2/devicecode", post(identity::device_code_v1))
        .open("/devicelogin", any(identity::device_login))
        .open("/{tenant}/oauth2/v2.0/authorize", get(user_flows::authorize_v2).post(user_flows::sign_in_form))
        .open("/{tenant}/oauth2/authorize", get(user_flows::authorize_v1).post(user_flows::sign_in_form))
        .open("/{tenant}/v2.0/.well-known/openid-configuration", get(discovery::openid_v2))
        .open("/{tenant}/.well-known/openid-configuration", get(discovery::openid_v1))
        .open("/{tenant}/discovery/v2.0/keys", get(discovery::jwks))
        .open("/{tenant}/discovery/keys", get(discovery::jwks))
        .open("/{tenant}/discovery/instance", get(discovery::instance))
        .open("/metadata/endpoints", get(discovery::arm))
        .open("/metadata/identity/oauth2/token", any(managed_identity::imds))
        .open("/msi/token", any(managed_identity::app_service))
}

/// 404 for a path (or a method on a path) no route answers.
async fn not_found(OriginalUri(uri): OriginalUri) -> ApiResult {
    Err(ApiError::new(
        StatusCode::NOT_FOUND,
        "NotFound",
        format!("Resource {} was not found.", uri.path()),
    ))
}

/// The route table being built, and the literal segments `normalise` canonicalises.
struct Routes {
    st: Arc<State>,
    router: Router<Arc<State>>,
    literals: Literals,
    #[cfg_attr(not(test), allow(dead_code))]
    api: Vec<(&'static Operation, &'static str)>,
}

impl Routes {
    fn new(st: Arc<State>) -> Routes {
        Routes {
            st,
            router: Router::new(),
            literals: Literals::default(),
            api: Vec::new(),
        }
    }

    /// An MDE or Graph endpoint: `handler` answers `op.method path` once `guard` has checked the token
    /// against `op` (roles, audience) and counted the call against `op.family`.
    fn api<H, T>(mut self, op: &'static Operation, path: &'static str, handler: H) -> Routes
    where
        H: Handler<T, Arc<State>>,
        T: 'static,
    {
        let filter = Method::from_bytes(op.method.as_str().as_bytes())
            .ok()
            .and_then(|m| MethodFilter::try_from(m).ok())
            .unwrap_or(MethodFilter::GET);
        let route: MethodRouter<Arc<State>> = on(filter, handler)
            .route_layer(from_fn_with_state(self.st.clone(), guard))
            .route_layer(Extension(Endpoint(op)));
        self.api.push((op, path));
        self.learn(path);
        self.router = self.router.route(path, route);
        self
    }

    /// A route outside the MDE and Graph APIs (no bearer token, its own answers).
    fn open(mut self, path: &'static str, route: MethodRouter<Arc<State>>) -> Routes {
        self.learn(path);
        self.router = self.router.route(path, route);
        self
    }

    fn learn(&mut self, path: &str) {
        for seg in path
            .split('/')
            .filter(|s| !s.is_empty() && !s.starts_with('{'))
        {
            let prev = self.literals.0.insert(seg.to_lowercase(), seg.to_string());
            debug_assert!(
                prev.is_none_or(|p| p == seg),
                "literal segment spelled two ways: {seg}"
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every `api` route is its catalogue entry's path.
    #[test]
    fn routes_are_their_catalogue_paths() {
        let st = crate::synth::build(
            crate::config::SandboxConfig::default(),
            "http://127.0.0.1:1".into(),
        )
        .expect("a default tenant builds");
        let r = routes(Arc::new(st));
        assert!(r.api.len() > 60);
        for (op, path) in r.api {
            let concrete = path.replace("/{args}", "(x)").replace("{id}", "x");
            assert!(
                op.matches(op.method.as_str(), &concrete),
                "{path} is not {} {}",
                op.method.as_str(),
                op.path
            );
        }
    }
}
