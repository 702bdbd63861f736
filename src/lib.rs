//! `mdekit._mdekit`: the PyO3 bindings. This file only lists what the module exports; each
//! piece lives in its own module (runtime, errors, conversion, clients, pagers, sandbox).

mod app_credentials;
mod catalogue;
mod client;
mod convert;
mod credential;
mod credentials;
mod errors;
mod exports;
mod frames;
mod hunting;
mod logging;
mod ops;
mod options;
mod pager;
mod params;
mod py_imports;
mod rows;
mod runtime;
mod sandbox;

use pyo3::prelude::*;

#[pymodule]
fn _mdekit(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    logging::install();
    m.add_function(wrap_pyfunction!(logging::refresh_logging, m)?)?;
    m.add_function(wrap_pyfunction!(catalogue::catalogue, m)?)?;
    m.add_function(wrap_pyfunction!(ops::surface, m)?)?;
    m.add_class::<client::DefenderClient>()?;
    m.add_class::<client::AsyncDefenderClient>()?;
    m.add_class::<ops::alerts::AlertsOperations>()?;
    m.add_class::<ops::alerts::AsyncAlertsOperations>()?;
    m.add_class::<ops::machines::MachinesOperations>()?;
    m.add_class::<ops::machines::AsyncMachinesOperations>()?;
    m.add_class::<ops::machine_actions::MachineActionsOperations>()?;
    m.add_class::<ops::machine_actions::AsyncMachineActionsOperations>()?;
    m.add_class::<ops::indicators::IndicatorsOperations>()?;
    m.add_class::<ops::indicators::AsyncIndicatorsOperations>()?;
    m.add_class::<ops::investigations::InvestigationsOperations>()?;
    m.add_class::<ops::investigations::AsyncInvestigationsOperations>()?;
    m.add_class::<ops::live_response::LiveResponseOperations>()?;
    m.add_class::<ops::live_response::AsyncLiveResponseOperations>()?;
    m.add_class::<ops::pivots::FilesOperations>()?;
    m.add_class::<ops::pivots::AsyncFilesOperations>()?;
    m.add_class::<ops::pivots::IpsOperations>()?;
    m.add_class::<ops::pivots::AsyncIpsOperations>()?;
    m.add_class::<ops::pivots::DomainsOperations>()?;
    m.add_class::<ops::pivots::AsyncDomainsOperations>()?;
    m.add_class::<ops::pivots::UsersOperations>()?;
    m.add_class::<ops::pivots::AsyncUsersOperations>()?;
    m.add_class::<ops::hunting::HuntingOperations>()?;
    m.add_class::<ops::hunting::AsyncHuntingOperations>()?;
    m.add_class::<ops::incidents::IncidentsOperations>()?;
    m.add_class::<ops::incidents::AsyncIncidentsOperations>()?;
    m.add_class::<ops::security_alerts::SecurityAlertsOperations>()?;
    m.add_class::<ops::security_alerts::AsyncSecurityAlertsOperations>()?;
    // ---- Vulnerability management (issue 10)
    m.add_class::<ops::tvm::SoftwareOperations>()?;
    m.add_class::<ops::tvm::AsyncSoftwareOperations>()?;
    m.add_class::<ops::tvm::VulnerabilitiesOperations>()?;
    m.add_class::<ops::tvm::AsyncVulnerabilitiesOperations>()?;
    m.add_class::<ops::tvm::RecommendationsOperations>()?;
    m.add_class::<ops::tvm::AsyncRecommendationsOperations>()?;
    m.add_class::<ops::tvm::ScoresOperations>()?;
    m.add_class::<ops::tvm::AsyncScoresOperations>()?;
    m.add_class::<ops::tvm::RemediationOperations>()?;
    m.add_class::<ops::tvm::AsyncRemediationOperations>()?;
    m.add_class::<ops::device_health::DeviceHealthOperations>()?;
    m.add_class::<ops::device_health::AsyncDeviceHealthOperations>()?;
    m.add_class::<ops::authenticated_scans::AuthenticatedScansOperations>()?;
    m.add_class::<ops::authenticated_scans::AsyncAuthenticatedScansOperations>()?;
    m.add_class::<ops::exports::ExportsOperations>()?;
    m.add_class::<ops::exports::AsyncExportsOperations>()?;
    m.add_class::<exports::ExportReader>()?;
    m.add_class::<exports::ExportStream>()?;
    m.add_class::<exports::ExportBatch>()?;
    m.add_class::<pager::Pager>()?;
    m.add_class::<pager::PageIterator>()?;
    m.add_class::<pager::AsyncPager>()?;
    m.add_class::<pager::AsyncPageIterator>()?;
    m.add_class::<hunting::HuntingResult>()?;
    m.add_class::<frames::ArrowData>()?;
    m.add_class::<options::ManualClock>()?;
    m.add_class::<options::ScaledClock>()?;
    m.add_class::<sandbox::SandboxServer>()?;
    m.add_class::<credentials::AccessToken>()?;
    m.add_class::<credentials::DeviceCodeCredential>()?;
    m.add_class::<credentials::InteractiveBrowserCredential>()?;
    m.add_class::<credentials::UsernamePasswordCredential>()?;
    m.add_class::<credentials::ManagedIdentityCredential>()?;
    m.add_class::<app_credentials::ClientSecretCredential>()?;
    m.add_class::<app_credentials::CertificateCredential>()?;
    m.add_class::<app_credentials::ClientAssertionCredential>()?;
    m.add_class::<app_credentials::EnvironmentCredential>()?;
    Ok(())
}
