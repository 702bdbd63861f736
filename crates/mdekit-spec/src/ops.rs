//! The operations, one `const` each, and [`CATALOGUE`], the list every reader iterates.
//!
//! Facts come from each operation's page on Microsoft Learn (`doc`); the reference notes in
//! `shared/reference/` (mde-api-core.md §2.7, §4.2, §5.4, §6-9; mde-api-rest.md §0.4, §1-3,
//! §8, §10) collect them with their sources.

use crate::enums::*;
use crate::families::Family;
use crate::{Api, EnumParam, Filterable, Method, ODataOption, Operation, PropType};

macro_rules! mde_doc {
    ($page:literal) => {
        concat!("https://learn.microsoft.com/defender-endpoint/api/", $page)
    };
}

/// An entry with every fact empty: the base of each entry below, and of the synthetic entries a
/// client builds for requests outside the catalogue (pre-signed downloads, `client.request`).
pub const UNCATALOGUED: Operation = Operation {
    id: "",
    python: None,
    also: &[],
    api: Api::Mde,
    method: Method::Get,
    path: "",
    doc: "",
    app_permissions: &[],
    delegated_permissions: &[],
    family: Family::Other,
    state_changing: false,
    odata: &[],
    filterable: &[],
    expandable: &[],
    max_top: None,
    enums: &[],
    note: "",
    entity: None,
};

const fn p(name: &'static str, ty: PropType) -> Filterable {
    Filterable { name, ty }
}
const fn e(param: &'static str, domain: &'static crate::Domain) -> EnumParam {
    EnumParam { param, domain }
}

const LIST_OPTIONS: &[ODataOption] = &[ODataOption::Filter, ODataOption::Top, ODataOption::Skip];
const MAX_TOP: Option<u32> = Some(10_000);

// Permission sets that several pages share, written once.
const ALERT_READ_APP: &[&str] = &["Alert.Read.All", "Alert.ReadWrite.All"];
const ALERT_READ_DEL: &[&str] = &["Alert.Read", "Alert.ReadWrite"];
const ALERT_WRITE_APP: &[&str] = &["Alert.ReadWrite.All"];
const ALERT_WRITE_DEL: &[&str] = &["Alert.ReadWrite"];
const MACHINE_READ_APP: &[&str] = &["Machine.Read.All", "Machine.ReadWrite.All"];
const MACHINE_READ_DEL: &[&str] = &["Machine.Read", "Machine.ReadWrite"];
const MACHINE_WRITE_APP: &[&str] = &["Machine.ReadWrite.All"];
const MACHINE_WRITE_DEL: &[&str] = &["Machine.ReadWrite"];
const TI_APP: &[&str] = &["Ti.ReadWrite", "Ti.ReadWrite.All"];
const TI_DEL: &[&str] = &["Ti.ReadWrite"];

const ALERT_FILTERABLE: &[Filterable] = &[
    p("alertCreationTime", PropType::DateTime),
    p("lastUpdateTime", PropType::DateTime),
    p("incidentId", PropType::Number),
    p("investigationId", PropType::Number),
    p("id", PropType::String),
    p("assignedTo", PropType::String),
    p("detectionSource", PropType::String),
    p("lastEventTime", PropType::DateTime),
    p("status", PropType::String),
    p("severity", PropType::String),
    p("category", PropType::String),
];
const MACHINE_FILTERABLE: &[Filterable] = &[
    p("computerDnsName", PropType::String),
    p("id", PropType::String),
    p("version", PropType::String),
    p("deviceValue", PropType::String),
    p("aadDeviceId", PropType::String),
    p("machineTags", PropType::StringList),
    p("lastSeen", PropType::DateTime),
    p("exposureLevel", PropType::String),
    p("onboardingStatus", PropType::String),
    p("lastIpAddress", PropType::String),
    p("healthStatus", PropType::String),
    p("osPlatform", PropType::String),
    p("riskScore", PropType::String),
    p("rbacGroupId", PropType::Number),
];
const MACHINE_ACTION_FILTERABLE: &[Filterable] = &[
    p("id", PropType::String),
    p("status", PropType::String),
    p("machineId", PropType::String),
    p("type", PropType::String),
    p("requestor", PropType::String),
    p("creationDateTimeUtc", PropType::DateTime),
];
const INDICATOR_FILTERABLE: &[Filterable] = &[
    p("application", PropType::String),
    p("createdByDisplayName", PropType::String),
    p("expirationTime", PropType::DateTime),
    p("generateAlert", PropType::String),
    p("title", PropType::String),
    p("rbacGroupNames", PropType::StringList),
    p("rbacGroupIds", PropType::StringList),
    p("indicatorValue", PropType::String),
    p("indicatorType", PropType::String),
    p("creationTimeDateTimeUtc", PropType::DateTime),
    p("createdBy", PropType::String),
    p("action", PropType::String),
    p("severity", PropType::String),
];
const INVESTIGATION_FILTERABLE: &[Filterable] = &[
    p("startTime", PropType::DateTime),
    p("id", PropType::String),
    p("state", PropType::String),
    p("machineId", PropType::String),
    p("triggeringAlertId", PropType::String),
];
const MACHINE_VULNERABILITY_FILTERABLE: &[Filterable] = &[
    p("id", PropType::String),
    p("cveId", PropType::String),
    p("machineId", PropType::String),
    p("fixingKbId", PropType::String),
    p("productName", PropType::String),
    p("productVersion", PropType::String),
    p("severity", PropType::String),
    p("productVendor", PropType::String),
];

// ---------------------------------------------------------------- alerts

pub const ALERTS_LIST: Operation = Operation {
    id: "alerts.list",
    python: Some("alerts.list"),
    path: "/api/alerts",
    doc: mde_doc!("get-alerts"),
    app_permissions: ALERT_READ_APP,
    delegated_permissions: ALERT_READ_DEL,
    family: Family::Alerts,
    odata: &[
        ODataOption::Filter,
        ODataOption::Top,
        ODataOption::Skip,
        ODataOption::Expand,
    ],
    filterable: ALERT_FILTERABLE,
    expandable: &["evidence"],
    max_top: MAX_TOP,
    note: "The page spells two filterables `InvestigationId` and `asssignedTo`; the service \
           matches property names case-insensitively and the entity's names are used.",
    entity: Some(&crate::entities::ALERT),
    ..UNCATALOGUED
};
pub const ALERTS_GET: Operation = Operation {
    id: "alerts.get",
    python: Some("alerts.get"),
    path: "/api/alerts/{id}",
    doc: mde_doc!("get-alert-info-by-id"),
    app_permissions: ALERT_READ_APP,
    delegated_permissions: ALERT_READ_DEL,
    family: Family::Alerts,
    ..UNCATALOGUED
};
pub const ALERTS_UPDATE: Operation = Operation {
    id: "alerts.update",
    python: Some("alerts.update"),
    method: Method::Patch,
    path: "/api/alerts/{id}",
    doc: mde_doc!("update-alert"),
    app_permissions: ALERT_WRITE_APP,
    delegated_permissions: ALERT_WRITE_DEL,
    family: Family::Alerts,
    state_changing: true,
    enums: &[
        e("status", &ALERT_STATUS),
        e("classification", &ALERT_CLASSIFICATION),
        e("determination", &ALERT_DETERMINATION),
    ],
    note: "The page lists the application permission as `Alerts.ReadWrite.All` (plural), a typo: \
           batch-update-alerts and create-alert-by-reference name `Alert.ReadWrite.All`.",
    ..UNCATALOGUED
};
pub const ALERTS_BATCH_UPDATE: Operation = Operation {
    id: "alerts.batch_update",
    python: Some("alerts.batch_update"),
    method: Method::Post,
    path: "/api/alerts/batchUpdate",
    doc: mde_doc!("batch-update-alerts"),
    app_permissions: ALERT_WRITE_APP,
    delegated_permissions: ALERT_WRITE_DEL,
    family: Family::AlertsBatchUpdate,
    state_changing: true,
    enums: &[
        e("status", &ALERT_STATUS),
        e("classification", &ALERT_CLASSIFICATION),
        e("determination", &ALERT_DETERMINATION),
    ],
    ..UNCATALOGUED
};
pub const ALERTS_CREATE_BY_REFERENCE: Operation = Operation {
    id: "alerts.create_by_reference",
    python: Some("alerts.create_by_reference"),
    method: Method::Post,
    path: "/api/alerts/CreateAlertByReference",
    doc: mde_doc!("create-alert-by-reference"),
    app_permissions: ALERT_WRITE_APP,
    delegated_permissions: ALERT_WRITE_DEL,
    family: Family::AlertsCreate,
    state_changing: true,
    enums: &[
        e("severity", &ALERT_SEVERITY),
        e("category", &ALERT_CATEGORY),
    ],
    ..UNCATALOGUED
};
pub const ALERTS_RELATED_DOMAINS: Operation = Operation {
    id: "alerts.related_domains",
    python: Some("alerts.related_domains"),
    path: "/api/alerts/{id}/domains",
    doc: mde_doc!("get-alert-related-domain-info"),
    app_permissions: &["URL.Read.All"],
    delegated_permissions: &["URL.Read.All"],
    family: Family::Alerts,
    entity: Some(&crate::entities::DOMAIN),
    ..UNCATALOGUED
};
pub const ALERTS_RELATED_FILES: Operation = Operation {
    id: "alerts.related_files",
    python: Some("alerts.related_files"),
    path: "/api/alerts/{id}/files",
    doc: mde_doc!("get-alert-related-files-info"),
    app_permissions: &["File.Read.All"],
    delegated_permissions: &["File.Read.All"],
    family: Family::Alerts,
    entity: Some(&crate::entities::FILE),
    ..UNCATALOGUED
};
pub const ALERTS_RELATED_IPS: Operation = Operation {
    id: "alerts.related_ips",
    python: Some("alerts.related_ips"),
    path: "/api/alerts/{id}/ips",
    doc: mde_doc!("get-alert-related-ip-info"),
    app_permissions: &["Ip.Read.All"],
    delegated_permissions: &["Ip.Read.All"],
    family: Family::Alerts,
    entity: Some(&crate::entities::IP),
    ..UNCATALOGUED
};
pub const ALERTS_RELATED_MACHINE: Operation = Operation {
    id: "alerts.related_machine",
    python: Some("alerts.related_machine"),
    path: "/api/alerts/{id}/machine",
    doc: mde_doc!("get-alert-related-machine-info"),
    app_permissions: MACHINE_READ_APP,
    delegated_permissions: MACHINE_READ_DEL,
    family: Family::Alerts,
    entity: Some(&crate::entities::MACHINE),
    ..UNCATALOGUED
};
pub const ALERTS_RELATED_USER: Operation = Operation {
    id: "alerts.related_user",
    python: Some("alerts.related_user"),
    path: "/api/alerts/{id}/user",
    doc: mde_doc!("get-alert-related-user-info"),
    app_permissions: &["User.Read.All"],
    delegated_permissions: &["User.Read.All"],
    family: Family::Alerts,
    entity: Some(&crate::entities::USER),
    ..UNCATALOGUED
};

// ---------------------------------------------------------------- machines

pub const MACHINES_LIST: Operation = Operation {
    id: "machines.list",
    python: Some("machines.list"),
    path: "/api/machines",
    doc: mde_doc!("get-machines"),
    app_permissions: MACHINE_READ_APP,
    delegated_permissions: MACHINE_READ_DEL,
    family: Family::Machines,
    odata: LIST_OPTIONS,
    filterable: MACHINE_FILTERABLE,
    max_top: MAX_TOP,
    note: "The page documents 404 when the tenant has no recent machines.",
    entity: Some(&crate::entities::MACHINE),
    ..UNCATALOGUED
};
pub const MACHINES_GET: Operation = Operation {
    id: "machines.get",
    python: Some("machines.get"),
    path: "/api/machines/{id}",
    doc: mde_doc!("get-machine-by-id"),
    app_permissions: MACHINE_READ_APP,
    delegated_permissions: MACHINE_READ_DEL,
    family: Family::Machines,
    note: "`{id}` is the device id or its computer name.",
    ..UNCATALOGUED
};
pub const MACHINES_FIND_BY_IP: Operation = Operation {
    id: "machines.find_by_ip",
    python: Some("machines.find_by_ip"),
    path: "/api/machines/findbyip(ip='{ip}',timestamp={timestamp})",
    doc: mde_doc!("find-machines-by-ip"),
    app_permissions: MACHINE_READ_APP,
    delegated_permissions: MACHINE_READ_DEL,
    family: Family::Machines,
    entity: Some(&crate::entities::MACHINE),
    ..UNCATALOGUED
};
pub const MACHINES_FIND_BY_TAG: Operation = Operation {
    id: "machines.find_by_tag",
    python: Some("machines.find_by_tag"),
    path: "/api/machines/findbytag",
    doc: mde_doc!("find-machines-by-tag"),
    app_permissions: MACHINE_READ_APP,
    delegated_permissions: MACHINE_READ_DEL,
    family: Family::Machines,
    entity: Some(&crate::entities::MACHINE),
    ..UNCATALOGUED
};
pub const MACHINES_TAGS: Operation = Operation {
    id: "machines.tags",
    python: Some("machines.add_tag"),
    also: &["machines.remove_tag"],
    method: Method::Post,
    path: "/api/machines/{id}/tags",
    doc: mde_doc!("add-or-remove-machine-tags"),
    app_permissions: MACHINE_WRITE_APP,
    delegated_permissions: MACHINE_WRITE_DEL,
    family: Family::Machines,
    state_changing: true,
    ..UNCATALOGUED
};
pub const MACHINES_TAGS_MANY: Operation = Operation {
    id: "machines.tags_many",
    python: Some("machines.add_tag_many"),
    also: &["machines.remove_tag_many"],
    method: Method::Post,
    path: "/api/machines/AddOrRemoveTagForMultipleMachines",
    doc: mde_doc!("add-or-remove-multiple-machine-tags"),
    app_permissions: MACHINE_WRITE_APP,
    delegated_permissions: MACHINE_WRITE_DEL,
    family: Family::Machines,
    state_changing: true,
    note: "At most 500 machines a call.",
    ..UNCATALOGUED
};
pub const MACHINES_SET_DEVICE_VALUE: Operation = Operation {
    id: "machines.set_device_value",
    python: Some("machines.set_device_value"),
    method: Method::Post,
    path: "/api/machines/{id}/setDeviceValue",
    doc: mde_doc!("set-device-value"),
    app_permissions: MACHINE_WRITE_APP,
    delegated_permissions: MACHINE_WRITE_DEL,
    family: Family::Machines,
    state_changing: true,
    enums: &[e("value", &DEVICE_VALUE)],
    ..UNCATALOGUED
};
pub const MACHINES_LOGON_USERS: Operation = Operation {
    id: "machines.logon_users",
    python: Some("machines.logon_users"),
    path: "/api/machines/{id}/logonusers",
    doc: mde_doc!("get-machine-log-on-users"),
    app_permissions: &["User.Read.All"],
    delegated_permissions: &["User.Read.All"],
    family: Family::Machines,
    entity: Some(&crate::entities::USER),
    ..UNCATALOGUED
};
pub const MACHINES_ALERTS: Operation = Operation {
    id: "machines.alerts",
    python: Some("machines.alerts"),
    path: "/api/machines/{id}/alerts",
    doc: mde_doc!("get-machine-related-alerts"),
    app_permissions: ALERT_READ_APP,
    delegated_permissions: ALERT_READ_DEL,
    family: Family::Machines,
    entity: Some(&crate::entities::ALERT),
    ..UNCATALOGUED
};
pub const MACHINES_SOFTWARE: Operation = Operation {
    id: "machines.software",
    python: Some("machines.software"),
    path: "/api/machines/{id}/software",
    doc: mde_doc!("get-installed-software"),
    app_permissions: &["Software.Read.All"],
    delegated_permissions: &["Software.Read"],
    family: Family::Tvm,
    entity: Some(&crate::entities::SOFTWARE),
    ..UNCATALOGUED
};
pub const MACHINES_VULNERABILITIES: Operation = Operation {
    id: "machines.vulnerabilities",
    python: Some("machines.vulnerabilities"),
    path: "/api/machines/{id}/vulnerabilities",
    doc: mde_doc!("get-discovered-vulnerabilities"),
    app_permissions: &["Vulnerability.Read.All"],
    delegated_permissions: &["Vulnerability.Read"],
    family: Family::MachineVulnerabilities,
    entity: Some(&crate::entities::VULNERABILITY),
    ..UNCATALOGUED
};
pub const MACHINES_RECOMMENDATIONS: Operation = Operation {
    id: "machines.recommendations",
    python: Some("machines.recommendations"),
    path: "/api/machines/{id}/recommendations",
    doc: mde_doc!("get-security-recommendations"),
    app_permissions: &["SecurityRecommendation.Read.All"],
    delegated_permissions: &["SecurityRecommendation.Read"],
    family: Family::Tvm,
    entity: Some(&crate::entities::RECOMMENDATION),
    ..UNCATALOGUED
};
pub const MACHINES_MISSING_KBS: Operation = Operation {
    id: "machines.missing_kbs",
    python: Some("machines.missing_kbs"),
    path: "/api/machines/{id}/getmissingkbs",
    doc: mde_doc!("get-missing-kbs-machine"),
    app_permissions: &["Software.Read.All"],
    delegated_permissions: &[],
    family: Family::Tvm,
    note: "The page documents the application permission only.",
    entity: Some(&crate::entities::PRODUCT_FIX),
    ..UNCATALOGUED
};

const fn machine_action(
    id: &'static str,
    segment_path: &'static str,
    doc: &'static str,
    permission: &'static [&'static str],
) -> Operation {
    Operation {
        id,
        python: Some(id),
        method: Method::Post,
        path: segment_path,
        doc,
        app_permissions: permission,
        delegated_permissions: permission,
        family: Family::MachineActionsWrite,
        state_changing: true,
        ..UNCATALOGUED
    }
}

pub const MACHINES_ISOLATE: Operation = Operation {
    enums: &[e("isolation_type", &ISOLATION_TYPE)],
    ..machine_action(
        "machines.isolate",
        "/api/machines/{id}/isolate",
        mde_doc!("isolate-machine"),
        &["Machine.Isolate"],
    )
};
pub const MACHINES_UNISOLATE: Operation = machine_action(
    "machines.unisolate",
    "/api/machines/{id}/unisolate",
    mde_doc!("unisolate-machine"),
    &["Machine.Isolate"],
);
pub const MACHINES_RESTRICT_CODE_EXECUTION: Operation = machine_action(
    "machines.restrict_code_execution",
    "/api/machines/{id}/restrictCodeExecution",
    mde_doc!("restrict-code-execution"),
    &["Machine.RestrictExecution"],
);
pub const MACHINES_UNRESTRICT_CODE_EXECUTION: Operation = machine_action(
    "machines.unrestrict_code_execution",
    "/api/machines/{id}/unrestrictCodeExecution",
    mde_doc!("unrestrict-code-execution"),
    &["Machine.RestrictExecution"],
);
pub const MACHINES_RUN_ANTIVIRUS_SCAN: Operation = Operation {
    enums: &[e("scan_type", &SCAN_TYPE)],
    ..machine_action(
        "machines.run_antivirus_scan",
        "/api/machines/{id}/runAntiVirusScan",
        mde_doc!("run-av-scan"),
        &["Machine.Scan"],
    )
};
pub const MACHINES_COLLECT_INVESTIGATION_PACKAGE: Operation = machine_action(
    "machines.collect_investigation_package",
    "/api/machines/{id}/collectInvestigationPackage",
    mde_doc!("collect-investigation-package"),
    &["Machine.CollectForensics"],
);
pub const MACHINES_OFFBOARD: Operation = Operation {
    note: "The page answers `200 - Created` (sic); the other actions answer 201.",
    ..machine_action(
        "machines.offboard",
        "/api/machines/{id}/offboard",
        mde_doc!("offboard-machine-api"),
        &["Machine.Offboard"],
    )
};
pub const MACHINES_STOP_AND_QUARANTINE_FILE: Operation = Operation {
    app_permissions: &[
        "Machine.StopAndQuarantine",
        "Machine.Read.All",
        "Machine.ReadWrite.All",
    ],
    delegated_permissions: &["Machine.StopAndQuarantine"],
    note: "The page lists Machine.Read.All and Machine.ReadWrite.All beside \
           Machine.StopAndQuarantine as application permissions.",
    ..machine_action(
        "machines.stop_and_quarantine_file",
        "/api/machines/{id}/StopAndQuarantineFile",
        mde_doc!("stop-and-quarantine-file"),
        &["Machine.StopAndQuarantine"],
    )
};

// ---------------------------------------------------------------- machine actions

pub const MACHINE_ACTIONS_LIST: Operation = Operation {
    id: "machine_actions.list",
    python: Some("machine_actions.list"),
    path: "/api/machineactions",
    doc: mde_doc!("get-machineactions-collection"),
    app_permissions: MACHINE_READ_APP,
    delegated_permissions: MACHINE_READ_DEL,
    family: Family::MachineActions,
    odata: LIST_OPTIONS,
    filterable: MACHINE_ACTION_FILTERABLE,
    max_top: MAX_TOP,
    entity: Some(&crate::entities::MACHINE_ACTION),
    ..UNCATALOGUED
};
pub const MACHINE_ACTIONS_GET: Operation = Operation {
    id: "machine_actions.get",
    python: Some("machine_actions.get"),
    path: "/api/machineactions/{id}",
    doc: mde_doc!("get-machineaction-object"),
    app_permissions: MACHINE_READ_APP,
    delegated_permissions: MACHINE_READ_DEL,
    family: Family::MachineActions,
    ..UNCATALOGUED
};
const CANCEL_PERMISSIONS: &[&str] = &[
    "Machine.CollectForensics",
    "Machine.Isolate",
    "Machine.RestrictExecution",
    "Machine.Scan",
    "Machine.Offboard",
    "Machine.StopAndQuarantine",
    "Machine.LiveResponse",
];
pub const MACHINE_ACTIONS_CANCEL: Operation = Operation {
    id: "machine_actions.cancel",
    python: Some("machine_actions.cancel"),
    method: Method::Post,
    path: "/api/machineactions/{id}/cancel",
    doc: mde_doc!("cancel-machine-action"),
    app_permissions: CANCEL_PERMISSIONS,
    delegated_permissions: CANCEL_PERMISSIONS,
    family: Family::MachineActionsWrite,
    state_changing: true,
    ..UNCATALOGUED
};
pub const MACHINE_ACTIONS_GET_PACKAGE_URI: Operation = Operation {
    id: "machine_actions.get_package_uri",
    python: Some("machine_actions.get_package_uri"),
    path: "/api/machineactions/{id}/getPackageUri",
    doc: mde_doc!("get-package-sas-uri"),
    app_permissions: MACHINE_READ_APP,
    delegated_permissions: &["Machine.CollectForensics"],
    family: Family::PackageUri,
    note: "The page writes the path `getPackageUri` and its example `GetPackageUri`; the path's \
           casing is sent.",
    ..UNCATALOGUED
};

// ---------------------------------------------------------------- indicators

pub const INDICATORS_LIST: Operation = Operation {
    id: "indicators.list",
    python: Some("indicators.list"),
    path: "/api/indicators",
    doc: mde_doc!("get-ti-indicators-collection"),
    app_permissions: TI_APP,
    delegated_permissions: TI_DEL,
    family: Family::Indicators,
    odata: LIST_OPTIONS,
    filterable: INDICATOR_FILTERABLE,
    max_top: MAX_TOP,
    note: "With Ti.ReadWrite an application sees only the indicators it created.",
    entity: Some(&crate::entities::INDICATOR),
    ..UNCATALOGUED
};
pub const INDICATORS_SUBMIT: Operation = Operation {
    id: "indicators.submit",
    python: Some("indicators.submit"),
    method: Method::Post,
    path: "/api/indicators",
    doc: mde_doc!("post-ti-indicator"),
    app_permissions: TI_APP,
    delegated_permissions: TI_DEL,
    family: Family::Indicators,
    state_changing: true,
    enums: &[
        e("indicator_type", &INDICATOR_TYPE),
        e("action", &INDICATOR_ACTION),
        e("severity", &INDICATOR_SEVERITY),
    ],
    ..UNCATALOGUED
};
pub const INDICATORS_IMPORT: Operation = Operation {
    id: "indicators.import",
    python: Some("indicators.import_batch"),
    method: Method::Post,
    path: "/api/indicators/import",
    doc: mde_doc!("import-ti-indicators"),
    app_permissions: TI_APP,
    delegated_permissions: TI_DEL,
    family: Family::IndicatorsImport,
    state_changing: true,
    note: "At most 500 indicators a call; the client sends larger batches in chunks.",
    ..UNCATALOGUED
};
pub const INDICATORS_DELETE: Operation = Operation {
    id: "indicators.delete",
    python: Some("indicators.delete"),
    method: Method::Delete,
    path: "/api/indicators/{id}",
    doc: mde_doc!("delete-ti-indicator-by-id"),
    app_permissions: TI_APP,
    delegated_permissions: &[],
    family: Family::Indicators,
    state_changing: true,
    note: "The page documents the application permissions only.",
    ..UNCATALOGUED
};
pub const INDICATORS_BATCH_DELETE: Operation = Operation {
    id: "indicators.batch_delete",
    python: Some("indicators.batch_delete"),
    method: Method::Post,
    path: "/api/indicators/BatchDelete",
    doc: mde_doc!("batch-delete-ti-indicators"),
    app_permissions: TI_APP,
    delegated_permissions: &[],
    family: Family::IndicatorsBatchDelete,
    state_changing: true,
    note: "The page documents the application permissions only; at most 500 ids a call.",
    ..UNCATALOGUED
};

// ---------------------------------------------------------------- investigations

pub const INVESTIGATIONS_LIST: Operation = Operation {
    id: "investigations.list",
    python: Some("investigations.list"),
    path: "/api/investigations",
    doc: mde_doc!("get-investigation-collection"),
    app_permissions: ALERT_READ_APP,
    delegated_permissions: ALERT_READ_DEL,
    family: Family::Investigations,
    odata: LIST_OPTIONS,
    filterable: INVESTIGATION_FILTERABLE,
    max_top: MAX_TOP,
    entity: Some(&crate::entities::INVESTIGATION),
    ..UNCATALOGUED
};
pub const INVESTIGATIONS_GET: Operation = Operation {
    id: "investigations.get",
    python: Some("investigations.get"),
    path: "/api/investigations/{id}",
    doc: mde_doc!("get-investigation-object"),
    app_permissions: ALERT_READ_APP,
    delegated_permissions: ALERT_READ_DEL,
    family: Family::Investigations,
    note: "`{id}` is the investigation id or the id of the alert that triggered it.",
    ..UNCATALOGUED
};
pub const INVESTIGATIONS_START: Operation = Operation {
    id: "investigations.start",
    python: Some("investigations.start"),
    method: Method::Post,
    path: "/api/machines/{id}/startInvestigation",
    doc: mde_doc!("initiate-autoir-investigation"),
    app_permissions: ALERT_WRITE_APP,
    delegated_permissions: ALERT_WRITE_DEL,
    family: Family::StartInvestigation,
    state_changing: true,
    ..UNCATALOGUED
};

// ---------------------------------------------------------------- live response

pub const LIVE_RESPONSE_RUN: Operation = Operation {
    id: "live_response.run",
    python: Some("live_response.run"),
    method: Method::Post,
    path: "/api/machines/{id}/runliveresponse",
    doc: mde_doc!("run-live-response"),
    app_permissions: &["Machine.LiveResponse"],
    delegated_permissions: &["Machine.LiveResponse"],
    family: Family::LiveResponse,
    state_changing: true,
    ..UNCATALOGUED
};
pub const LIVE_RESPONSE_RESULT_LINK: Operation = Operation {
    id: "live_response.result_link",
    python: Some("live_response.result_link"),
    path: "/api/machineactions/{id}/GetLiveResponseResultDownloadLink(index={index})",
    doc: mde_doc!("get-live-response-result"),
    app_permissions: MACHINE_READ_APP,
    delegated_permissions: &["Machine.LiveResponse"],
    family: Family::LiveResponseResult,
    note: "The link is valid for 30 minutes; calling again mints a fresh one.",
    ..UNCATALOGUED
};
pub const LIBRARY_LIST: Operation = Operation {
    id: "live_response.library_list",
    python: Some("live_response.library_list"),
    path: "/api/libraryfiles",
    doc: mde_doc!("list-library-files"),
    app_permissions: &["Library.Manage"],
    delegated_permissions: &["Library.Manage"],
    family: Family::Library,
    entity: Some(&crate::entities::LIBRARY_FILE),
    ..UNCATALOGUED
};
pub const LIBRARY_UPLOAD: Operation = Operation {
    id: "live_response.library_upload",
    python: Some("live_response.library_upload"),
    method: Method::Post,
    path: "/api/libraryfiles",
    doc: mde_doc!("upload-library"),
    app_permissions: &["Library.Manage"],
    delegated_permissions: &["Library.Manage"],
    family: Family::Library,
    state_changing: true,
    note: "multipart/form-data; at most 20 MB (an older revision said 4 MB).",
    ..UNCATALOGUED
};
pub const LIBRARY_DELETE: Operation = Operation {
    id: "live_response.library_delete",
    python: Some("live_response.library_delete"),
    method: Method::Delete,
    path: "/api/libraryfiles/{fileName}",
    doc: mde_doc!("delete-library"),
    app_permissions: &["Library.Manage"],
    delegated_permissions: &["Library.Manage"],
    family: Family::Library,
    state_changing: true,
    ..UNCATALOGUED
};

// ---------------------------------------------------------------- files, IPs, domains, users

const fn pivot(
    id: &'static str,
    path: &'static str,
    doc: &'static str,
    app: &'static [&'static str],
    delegated: &'static [&'static str],
) -> Operation {
    Operation {
        id,
        python: Some(id),
        path,
        doc,
        app_permissions: app,
        delegated_permissions: delegated,
        family: Family::Pivots,
        ..UNCATALOGUED
    }
}

pub const FILES_GET: Operation = pivot(
    "files.get",
    "/api/files/{id}",
    mde_doc!("get-file-information"),
    &["File.Read.All"],
    &["File.Read.All"],
);
pub const FILES_STATS: Operation = pivot(
    "files.stats",
    "/api/files/{id}/stats",
    mde_doc!("get-file-statistics"),
    &["File.Read.All"],
    &["File.Read.All"],
);
pub const FILES_ALERTS: Operation = Operation {
    entity: Some(&crate::entities::ALERT),
    ..pivot(
        "files.alerts",
        "/api/files/{id}/alerts",
        mde_doc!("get-file-related-alerts"),
        ALERT_READ_APP,
        ALERT_READ_DEL,
    )
};
pub const FILES_MACHINES: Operation = Operation {
    entity: Some(&crate::entities::MACHINE),
    ..pivot(
        "files.machines",
        "/api/files/{id}/machines",
        mde_doc!("get-file-related-machines"),
        MACHINE_READ_APP,
        MACHINE_READ_DEL,
    )
};
pub const IPS_STATS: Operation = pivot(
    "ips.stats",
    "/api/ips/{ip}/stats",
    mde_doc!("get-ip-statistics"),
    &["Ip.Read.All"],
    &["Ip.Read.All"],
);
pub const IPS_ALERTS: Operation = Operation {
    entity: Some(&crate::entities::ALERT),
    ..pivot(
        "ips.alerts",
        "/api/ips/{ip}/alerts",
        mde_doc!("get-ip-related-alerts"),
        ALERT_READ_APP,
        ALERT_READ_DEL,
    )
};
pub const DOMAINS_STATS: Operation = pivot(
    "domains.stats",
    "/api/domains/{domain}/stats",
    mde_doc!("get-domain-statistics"),
    &["URL.Read.All"],
    &["URL.Read.All"],
);
pub const DOMAINS_ALERTS: Operation = Operation {
    note: "The current page (11/2025) lists Alert.ReadWrite.All / Alert.ReadWrite only; older \
           revisions also listed the Read permissions. The current page is followed.",
    entity: Some(&crate::entities::ALERT),
    ..pivot(
        "domains.alerts",
        "/api/domains/{domain}/alerts",
        mde_doc!("get-domain-related-alerts"),
        ALERT_WRITE_APP,
        ALERT_WRITE_DEL,
    )
};
pub const DOMAINS_MACHINES: Operation = Operation {
    note: "At most 500 devices are returned.",
    entity: Some(&crate::entities::MACHINE),
    ..pivot(
        "domains.machines",
        "/api/domains/{domain}/machines",
        mde_doc!("get-domain-related-machines"),
        MACHINE_READ_APP,
        MACHINE_READ_DEL,
    )
};
pub const USERS_ALERTS: Operation = Operation {
    entity: Some(&crate::entities::ALERT),
    ..pivot(
        "users.alerts",
        "/api/users/{id}/alerts",
        mde_doc!("get-user-related-alerts"),
        ALERT_READ_APP,
        ALERT_READ_DEL,
    )
};
pub const USERS_MACHINES: Operation = Operation {
    note: "The current page lists Machine.ReadWrite.All / Machine.ReadWrite only; the 2020 \
           revision also listed the Read permissions. The current page is followed.",
    entity: Some(&crate::entities::MACHINE),
    ..pivot(
        "users.machines",
        "/api/users/{id}/machines",
        mde_doc!("get-user-related-machines"),
        MACHINE_WRITE_APP,
        MACHINE_WRITE_DEL,
    )
};

// ---------------------------------------------------------------- hunting

pub const ADVANCED_QUERIES_RUN: Operation = Operation {
    id: "advanced_queries.run",
    python: Some("hunting.run"),
    method: Method::Post,
    path: "/api/advancedqueries/run",
    doc: mde_doc!("run-advanced-query-api"),
    app_permissions: &["AdvancedQuery.Read.All"],
    delegated_permissions: &["AdvancedQuery.Read"],
    family: Family::Hunting,
    note: "Reads only, so it is retried like a GET. `hunting.run(endpoint=\"mde\")` sends it.",
    ..UNCATALOGUED
};
pub const HUNTING_RUN: Operation = Operation {
    id: "hunting.run",
    python: Some("hunting.run"),
    api: Api::Graph,
    method: Method::Post,
    path: "/v1.0/security/runHuntingQuery",
    doc: "https://learn.microsoft.com/graph/api/security-security-runhuntingquery",
    app_permissions: &["ThreatHunting.Read.All"],
    delegated_permissions: &["ThreatHunting.Read.All"],
    family: Family::Hunting,
    note: "Reads only, so it is retried like a GET. The default endpoint of `hunting.run`.",
    ..UNCATALOGUED
};

// ---------------------------------------------------------------- Graph security: incidents, alerts v2
// Pages: api-reference/v1.0/api/security-*.md of microsoftgraph/microsoft-graph-docs-contrib.

macro_rules! graph_doc {
    ($page:literal) => {
        concat!("https://learn.microsoft.com/graph/api/", $page)
    };
}

const GRAPH_LIST_OPTIONS: &[ODataOption] = &[
    ODataOption::Count,
    ODataOption::Filter,
    ODataOption::Skip,
    ODataOption::Top,
];
const INCIDENT_READ: &[&str] = &[
    "SecurityIncident.Read.All",
    "SecurityIncident.ReadWrite.All",
];
const INCIDENT_WRITE: &[&str] = &["SecurityIncident.ReadWrite.All"];
const SECURITY_ALERT_READ: &[&str] = &["SecurityAlert.Read.All", "SecurityAlert.ReadWrite.All"];
const SECURITY_ALERT_WRITE: &[&str] = &["SecurityAlert.ReadWrite.All"];
const GRAPH_NO_QUOTA: &str = "The page documents no rate limit; Graph answers 429 with \
                              Retry-After, which the retry policy honours.";

const INCIDENT_FILTERABLE: &[Filterable] = &[
    p("assignedTo", PropType::String),
    p("classification", PropType::String),
    p("createdDateTime", PropType::DateTime),
    p("determination", PropType::String),
    p("lastUpdateDateTime", PropType::DateTime),
    p("severity", PropType::String),
    p("status", PropType::String),
];
const SECURITY_ALERT_FILTERABLE: &[Filterable] = &[
    p("assignedTo", PropType::String),
    p("classification", PropType::String),
    p("determination", PropType::String),
    p("createdDateTime", PropType::DateTime),
    p("lastUpdateDateTime", PropType::DateTime),
    p("severity", PropType::String),
    p("serviceSource", PropType::String),
    p("status", PropType::String),
];

pub const INCIDENTS_LIST: Operation = Operation {
    id: "incidents.list",
    python: Some("incidents.list"),
    api: Api::Graph,
    path: "/v1.0/security/incidents",
    doc: graph_doc!("security-list-incidents"),
    app_permissions: INCIDENT_READ,
    delegated_permissions: INCIDENT_READ,
    family: Family::GraphSecurity,
    odata: &[
        ODataOption::Count,
        ODataOption::Filter,
        ODataOption::Skip,
        ODataOption::Top,
        ODataOption::Expand,
    ],
    filterable: INCIDENT_FILTERABLE,
    expandable: &["alerts"],
    note: GRAPH_NO_QUOTA,
    entity: Some(&crate::entities::INCIDENT),
    ..UNCATALOGUED
};
pub const INCIDENTS_GET: Operation = Operation {
    id: "incidents.get",
    python: Some("incidents.get"),
    api: Api::Graph,
    path: "/v1.0/security/incidents/{id}",
    doc: graph_doc!("security-incident-get"),
    app_permissions: INCIDENT_READ,
    delegated_permissions: INCIDENT_READ,
    family: Family::GraphSecurity,
    note: "`$expand=alerts` is accepted as on the list (the relationship supports $expand). \
           The page documents no rate limit.",
    ..UNCATALOGUED
};
pub const INCIDENTS_UPDATE: Operation = Operation {
    id: "incidents.update",
    python: Some("incidents.update"),
    api: Api::Graph,
    method: Method::Patch,
    path: "/v1.0/security/incidents/{id}",
    doc: graph_doc!("security-incident-update"),
    app_permissions: INCIDENT_WRITE,
    delegated_permissions: INCIDENT_WRITE,
    family: Family::GraphSecurity,
    state_changing: true,
    enums: &[
        e("status", &INCIDENT_STATUS),
        e("classification", &GRAPH_CLASSIFICATION),
        e("determination", &GRAPH_DETERMINATION),
    ],
    note: "The body keys are the page's: status, assignedTo, classification, determination, \
           customTags (one list example spells it `tags`; the resource and update pages say \
           customTags). The example writes `TruePositive`; the enum is camelCase and that is sent. \
           No rate limit documented.",
    ..UNCATALOGUED
};
pub const INCIDENTS_COMMENT: Operation = Operation {
    id: "incidents.comment",
    python: Some("incidents.comment"),
    api: Api::Graph,
    method: Method::Post,
    path: "/v1.0/security/incidents/{id}/comments",
    doc: graph_doc!("security-incident-post-comments"),
    app_permissions: INCIDENT_WRITE,
    delegated_permissions: INCIDENT_WRITE,
    family: Family::GraphSecurity,
    state_changing: true,
    note: "Answers with every comment of the incident. No rate limit documented.",
    ..UNCATALOGUED
};
pub const SECURITY_ALERTS_LIST: Operation = Operation {
    id: "security_alerts.list",
    python: Some("security_alerts.list"),
    api: Api::Graph,
    path: "/v1.0/security/alerts_v2",
    doc: graph_doc!("security-list-alerts_v2"),
    app_permissions: SECURITY_ALERT_READ,
    delegated_permissions: SECURITY_ALERT_READ,
    family: Family::GraphSecurity,
    odata: GRAPH_LIST_OPTIONS,
    filterable: SECURITY_ALERT_FILTERABLE,
    note: GRAPH_NO_QUOTA,
    entity: Some(&crate::entities::SECURITY_ALERT),
    ..UNCATALOGUED
};
pub const SECURITY_ALERTS_GET: Operation = Operation {
    id: "security_alerts.get",
    python: Some("security_alerts.get"),
    api: Api::Graph,
    path: "/v1.0/security/alerts_v2/{id}",
    doc: graph_doc!("security-alert-get"),
    app_permissions: SECURITY_ALERT_READ,
    delegated_permissions: SECURITY_ALERT_READ,
    family: Family::GraphSecurity,
    note: GRAPH_NO_QUOTA,
    ..UNCATALOGUED
};
pub const SECURITY_ALERTS_UPDATE: Operation = Operation {
    id: "security_alerts.update",
    python: Some("security_alerts.update"),
    api: Api::Graph,
    method: Method::Patch,
    path: "/v1.0/security/alerts_v2/{id}",
    doc: graph_doc!("security-alert-update"),
    app_permissions: SECURITY_ALERT_WRITE,
    delegated_permissions: SECURITY_ALERT_WRITE,
    family: Family::GraphSecurity,
    state_changing: true,
    enums: &[
        e("status", &GRAPH_ALERT_STATUS),
        e("classification", &GRAPH_CLASSIFICATION),
        e("determination", &GRAPH_DETERMINATION),
    ],
    note: "Body keys: status, classification, determination, assignedTo. No rate limit \
           documented.",
    ..UNCATALOGUED
};
pub const SECURITY_ALERTS_COMMENT: Operation = Operation {
    id: "security_alerts.comment",
    python: Some("security_alerts.comment"),
    api: Api::Graph,
    method: Method::Post,
    path: "/v1.0/security/alerts_v2/{id}/comments",
    doc: graph_doc!("security-alert-post-comments"),
    app_permissions: SECURITY_ALERT_WRITE,
    delegated_permissions: SECURITY_ALERT_WRITE,
    family: Family::GraphSecurity,
    state_changing: true,
    note: "Answers with every comment of the alert. No rate limit documented.",
    ..UNCATALOGUED
};

// ---- Vulnerability management (issue 10)
// Pages: defender-endpoint/api/ of MicrosoftDocs/defender-docs (reference `mde-api-rest.md` §4,
// §6, §7, `mde-api-core.md` §7.3). The TVM reads document no rate limit (family `Tvm`).

const SOFTWARE_APP: &[&str] = &["Software.Read.All"];
const SOFTWARE_DEL: &[&str] = &["Software.Read"];
const VULN_APP: &[&str] = &["Vulnerability.Read.All"];
const VULN_DEL: &[&str] = &["Vulnerability.Read"];
const RECO_APP: &[&str] = &["SecurityRecommendation.Read.All"];
const RECO_DEL: &[&str] = &["SecurityRecommendation.Read"];
const SCORE_APP: &[&str] = &["Score.Read.All"];
const SCORE_DEL: &[&str] = &["Score.Read"];
const REMEDIATION_APP: &[&str] = &["RemediationTasks.Read.All"];
const REMEDIATION_DEL: &[&str] = &["RemediationTask.Read"];
const SCAN_READ: &[&str] = &["Machine.Read.All"];

const SOFTWARE_FILTERABLE: &[Filterable] = &[
    p("id", PropType::String),
    p("name", PropType::String),
    p("vendor", PropType::String),
];
const VULNERABILITY_FILTERABLE: &[Filterable] = &[
    p("id", PropType::String),
    p("name", PropType::String),
    p("description", PropType::String),
    p("cvssV3", PropType::Number),
    p("publishedOn", PropType::DateTime),
    p("severity", PropType::String),
    p("updatedOn", PropType::DateTime),
];
const RECOMMENDATION_FILTERABLE: &[Filterable] = &[
    p("id", PropType::String),
    p("productName", PropType::String),
    p("vendor", PropType::String),
    p("recommendedVersion", PropType::String),
    p("recommendationCategory", PropType::String),
    p("subCategory", PropType::String),
    p("severityScore", PropType::Number),
    p("remediationType", PropType::String),
    p("recommendedProgram", PropType::String),
    p("recommendedVendor", PropType::String),
    p("status", PropType::String),
];
const REMEDIATION_FILTERABLE: &[Filterable] = &[
    p("createdOn", PropType::DateTime),
    p("status", PropType::String),
];
const DEVICE_AV_FILTERABLE: &[Filterable] = &[
    p("machineId", PropType::String),
    p("computerDnsName", PropType::String),
    p("osKind", PropType::String),
    p("osPlatform", PropType::String),
    p("osVersion", PropType::String),
    p("avMode", PropType::String),
    p("avSignatureVersion", PropType::String),
    p("avEngineVersion", PropType::String),
    p("avPlatformVersion", PropType::String),
    p("quickScanResult", PropType::String),
    p("quickScanError", PropType::String),
    p("fullScanResult", PropType::String),
    p("fullScanError", PropType::String),
    p("avIsSignatureUpToDate", PropType::String),
    p("avIsEngineUpToDate", PropType::String),
    p("avIsPlatformUpToDate", PropType::String),
    p("rbacGroupId", PropType::Number),
];

/// A TVM read: GET, no documented rate limit.
const fn tvm(
    id: &'static str,
    path: &'static str,
    doc: &'static str,
    app: &'static [&'static str],
    delegated: &'static [&'static str],
) -> Operation {
    Operation {
        id,
        python: Some(id),
        path,
        doc,
        app_permissions: app,
        delegated_permissions: delegated,
        family: Family::Tvm,
        ..UNCATALOGUED
    }
}

pub const SOFTWARE_LIST: Operation = Operation {
    odata: LIST_OPTIONS,
    filterable: SOFTWARE_FILTERABLE,
    max_top: MAX_TOP,
    note: "The pages write `/api/Software` and `/api/software`; the service routes without case \
           and the lower case of the machine's own `/software` is used.",
    entity: Some(&crate::entities::SOFTWARE),
    ..tvm(
        "software.list",
        "/api/software",
        mde_doc!("get-software"),
        SOFTWARE_APP,
        SOFTWARE_DEL,
    )
};
pub const SOFTWARE_GET: Operation = Operation {
    note: "`{id}` is `<vendor>-_-<product>` (`microsoft-_-edge`).",
    ..tvm(
        "software.get",
        "/api/software/{id}",
        mde_doc!("get-software-by-id"),
        SOFTWARE_APP,
        SOFTWARE_DEL,
    )
};
pub const SOFTWARE_DISTRIBUTIONS: Operation = Operation {
    entity: Some(&crate::entities::SOFTWARE_DISTRIBUTION),
    ..tvm(
        "software.distributions",
        "/api/software/{id}/distributions",
        mde_doc!("get-software-ver-distribution"),
        SOFTWARE_APP,
        SOFTWARE_DEL,
    )
};
pub const SOFTWARE_MACHINE_REFERENCES: Operation = Operation {
    entity: Some(&crate::entities::MACHINE_REFERENCE),
    ..tvm(
        "software.machine_references",
        "/api/software/{id}/machineReferences",
        mde_doc!("get-machines-by-software"),
        SOFTWARE_APP,
        SOFTWARE_DEL,
    )
};
pub const SOFTWARE_VULNERABILITIES: Operation = Operation {
    entity: Some(&crate::entities::VULNERABILITY),
    ..tvm(
        "software.vulnerabilities",
        "/api/software/{id}/vulnerabilities",
        mde_doc!("get-vuln-by-software"),
        VULN_APP,
        VULN_DEL,
    )
};
pub const SOFTWARE_MISSING_KBS: Operation = Operation {
    entity: Some(&crate::entities::PRODUCT_FIX),
    ..tvm(
        "software.missing_kbs",
        "/api/software/{id}/getmissingkbs",
        mde_doc!("get-missing-kbs-software"),
        SOFTWARE_APP,
        SOFTWARE_DEL,
    )
};
pub const VULNERABILITIES_LIST: Operation = Operation {
    odata: LIST_OPTIONS,
    filterable: VULNERABILITY_FILTERABLE,
    max_top: Some(8_000),
    note: "The page caps `$top` at 8,000 (10,000 elsewhere).",
    entity: Some(&crate::entities::VULNERABILITY),
    ..tvm(
        "vulnerabilities.list",
        "/api/vulnerabilities",
        mde_doc!("get-all-vulnerabilities"),
        VULN_APP,
        VULN_DEL,
    )
};
pub const VULNERABILITIES_GET: Operation = Operation {
    note: "`{id}` is a CVE id (`CVE-2019-0608`).",
    ..tvm(
        "vulnerabilities.get",
        "/api/vulnerabilities/{id}",
        mde_doc!("get-vulnerability-by-id"),
        VULN_APP,
        VULN_DEL,
    )
};
pub const VULNERABILITIES_MACHINE_REFERENCES: Operation = Operation {
    entity: Some(&crate::entities::MACHINE_REFERENCE),
    ..tvm(
        "vulnerabilities.machine_references",
        "/api/vulnerabilities/{id}/machineReferences",
        mde_doc!("get-machines-by-vulnerability"),
        VULN_APP,
        VULN_DEL,
    )
};
pub const VULNERABILITIES_BY_MACHINE: Operation = Operation {
    odata: LIST_OPTIONS,
    filterable: MACHINE_VULNERABILITY_FILTERABLE,
    max_top: MAX_TOP,
    note: "The page states no rate limit (the 50-a-minute limit is the machine's own \
           /machines/{id}/vulnerabilities) and writes `$stop` for `$top`.",
    entity: Some(&crate::entities::MACHINE_VULNERABILITY),
    ..tvm(
        "vulnerabilities.by_machine",
        "/api/vulnerabilities/machinesVulnerabilities",
        mde_doc!("get-all-vulnerabilities-by-machines"),
        VULN_APP,
        VULN_DEL,
    )
};
pub const RECOMMENDATIONS_LIST: Operation = Operation {
    odata: LIST_OPTIONS,
    filterable: RECOMMENDATION_FILTERABLE,
    max_top: MAX_TOP,
    entity: Some(&crate::entities::RECOMMENDATION),
    ..tvm(
        "recommendations.list",
        "/api/recommendations",
        mde_doc!("get-all-recommendations"),
        RECO_APP,
        RECO_DEL,
    )
};
pub const RECOMMENDATIONS_GET: Operation = tvm(
    "recommendations.get",
    "/api/recommendations/{id}",
    mde_doc!("get-recommendation-by-id"),
    RECO_APP,
    RECO_DEL,
);
pub const RECOMMENDATIONS_SOFTWARE: Operation = Operation {
    note: "The page lists Software.Read.All (application) but SecurityRecommendation.Read \
           (delegated); both are followed. The answer is one Software entity, not a list.",
    ..tvm(
        "recommendations.software",
        "/api/recommendations/{id}/software",
        mde_doc!("list-recommendation-software"),
        SOFTWARE_APP,
        RECO_DEL,
    )
};
pub const RECOMMENDATIONS_MACHINE_REFERENCES: Operation = Operation {
    entity: Some(&crate::entities::MACHINE_REFERENCE),
    ..tvm(
        "recommendations.machine_references",
        "/api/recommendations/{id}/machineReferences",
        mde_doc!("get-recommendation-machines"),
        RECO_APP,
        RECO_DEL,
    )
};
pub const RECOMMENDATIONS_VULNERABILITIES: Operation = Operation {
    entity: Some(&crate::entities::VULNERABILITY),
    ..tvm(
        "recommendations.vulnerabilities",
        "/api/recommendations/{id}/vulnerabilities",
        mde_doc!("get-recommendation-vulnerabilities"),
        VULN_APP,
        VULN_DEL,
    )
};
pub const SCORES_EXPOSURE: Operation = tvm(
    "scores.exposure",
    "/api/exposureScore",
    mde_doc!("get-exposure-score"),
    SCORE_APP,
    SCORE_DEL,
);
pub const SCORES_EXPOSURE_BY_MACHINE_GROUPS: Operation = Operation {
    entity: Some(&crate::entities::EXPOSURE_SCORE),
    ..tvm(
        "scores.exposure_by_machine_groups",
        "/api/exposureScore/ByMachineGroups",
        mde_doc!("get-machine-group-exposure-score"),
        SCORE_APP,
        SCORE_DEL,
    )
};
pub const SCORES_CONFIGURATION: Operation = Operation {
    note: "Microsoft Secure Score for Devices; the page's example is points, not a percentage.",
    ..tvm(
        "scores.configuration",
        "/api/configurationScore",
        mde_doc!("get-device-secure-score"),
        SCORE_APP,
        SCORE_DEL,
    )
};
pub const REMEDIATION_LIST: Operation = Operation {
    odata: LIST_OPTIONS,
    filterable: REMEDIATION_FILTERABLE,
    max_top: MAX_TOP,
    note: "The application permission is `RemediationTasks.Read.All` (plural); two pages \
           misprint the delegated one as `RemediationTask.Read.Read`.",
    entity: Some(&crate::entities::REMEDIATION_TASK),
    ..tvm(
        "remediation.list",
        "/api/remediationTasks",
        mde_doc!("get-remediation-all-activities"),
        REMEDIATION_APP,
        REMEDIATION_DEL,
    )
};
pub const REMEDIATION_GET: Operation = tvm(
    "remediation.get",
    "/api/remediationTasks/{id}",
    mde_doc!("get-remediation-one-activity"),
    REMEDIATION_APP,
    REMEDIATION_DEL,
);
pub const REMEDIATION_MACHINE_REFERENCES: Operation = Operation {
    entity: Some(&crate::entities::MACHINE_REFERENCE),
    ..tvm(
        "remediation.machine_references",
        "/api/remediationTasks/{id}/machineReferences",
        mde_doc!("get-remediation-exposed-devices-activities"),
        REMEDIATION_APP,
        REMEDIATION_DEL,
    )
};
pub const DEVICE_HEALTH_ANTIVIRUS: Operation = Operation {
    id: "device_health.antivirus",
    python: Some("device_health.antivirus"),
    path: "/api/deviceavinfo",
    doc: mde_doc!("device-health-export-antivirus-health-report-api"),
    app_permissions: &["Machine.Read.All"],
    delegated_permissions: &["Machine.Read"],
    family: Family::DeviceHealth,
    odata: LIST_OPTIONS,
    filterable: DEVICE_AV_FILTERABLE,
    max_top: MAX_TOP,
    note: "The JSON flavour; the legacy path /api/public/avdeviceshealth (2022) is not sent. \
           The 2022 page also allowed Machine.ReadWrite.All / Machine.ReadWrite; the current \
           page is followed.",
    entity: Some(&crate::entities::DEVICE_AV_INFO),
    ..UNCATALOGUED
};

const SCAN_WRITE_NOTE: &str = "The page writes the delegated permission `Machine.Read.Write`, \
                               which the API does not have; `Machine.ReadWrite` is meant.";

/// An authenticated-scan operation: 100 calls a minute, 1,500 an hour.
const fn scan(
    id: &'static str,
    method: Method,
    path: &'static str,
    doc: &'static str,
) -> Operation {
    Operation {
        id,
        python: Some(id),
        method,
        path,
        doc,
        app_permissions: SCAN_READ,
        delegated_permissions: SCAN_READ,
        family: Family::AuthenticatedScans,
        ..UNCATALOGUED
    }
}

pub const SCANS_LIST_DEFINITIONS: Operation = Operation {
    entity: Some(&crate::entities::SCAN_DEFINITION),
    ..scan(
        "authenticated_scans.list_definitions",
        Method::Get,
        "/api/DeviceAuthenticatedScanDefinitions",
        mde_doc!("get-all-scan-definitions"),
    )
};
pub const SCANS_CREATE_DEFINITION: Operation = Operation {
    app_permissions: MACHINE_WRITE_APP,
    delegated_permissions: MACHINE_WRITE_DEL,
    state_changing: true,
    enums: &[e("scan_type", &AUTHENTICATED_SCAN_TYPE)],
    note: SCAN_WRITE_NOTE,
    ..scan(
        "authenticated_scans.create_definition",
        Method::Post,
        "/api/DeviceAuthenticatedScanDefinitions",
        mde_doc!("add-a-new-scan-definition"),
    )
};
pub const SCANS_UPDATE_DEFINITION: Operation = Operation {
    app_permissions: MACHINE_WRITE_APP,
    delegated_permissions: MACHINE_WRITE_DEL,
    state_changing: true,
    note: SCAN_WRITE_NOTE,
    ..scan(
        "authenticated_scans.update_definition",
        Method::Patch,
        "/api/DeviceAuthenticatedScanDefinitions/{id}",
        mde_doc!("add-a-new-scan-definition"),
    )
};
pub const SCANS_DELETE_DEFINITIONS: Operation = Operation {
    app_permissions: MACHINE_WRITE_APP,
    delegated_permissions: MACHINE_WRITE_DEL,
    state_changing: true,
    note: SCAN_WRITE_NOTE,
    ..scan(
        "authenticated_scans.delete_definitions",
        Method::Post,
        "/api/DeviceAuthenticatedScanDefinitions/BatchDelete",
        mde_doc!("add-a-new-scan-definition"),
    )
};
pub const SCANS_LIST_AGENTS: Operation = Operation {
    entity: Some(&crate::entities::SCAN_AGENT),
    ..scan(
        "authenticated_scans.list_agents",
        Method::Get,
        "/api/DeviceAuthenticatedScanAgents",
        mde_doc!("get-all-scan-agents"),
    )
};
pub const SCANS_GET_AGENT: Operation = Operation {
    note: "The page's HTTP request omits `/{id}` and its example wraps the agent in `value`; \
           the example's path is followed and either shape is accepted.",
    ..scan(
        "authenticated_scans.get_agent",
        Method::Get,
        "/api/DeviceAuthenticatedScanAgents/{id}",
        mde_doc!("Get-agent-details"),
    )
};
pub const SCANS_HISTORY_BY_DEFINITION: Operation = Operation {
    max_top: Some(4_096),
    note: "A POST that only reads: retried like a GET. `$top` (at most 4,096) and `$skip` count \
           sessions.",
    entity: Some(&crate::entities::SCAN_HISTORY),
    ..scan(
        "authenticated_scans.history_by_definition",
        Method::Post,
        "/api/DeviceAuthenticatedScanDefinitions/GetScanHistoryByScanDefinitionId",
        mde_doc!("Get-scan-history-by-definition"),
    )
};
pub const SCANS_HISTORY_BY_SESSION: Operation = Operation {
    note: "A POST that only reads: retried like a GET.",
    entity: Some(&crate::entities::SCAN_SESSION),
    ..scan(
        "authenticated_scans.history_by_session",
        Method::Post,
        "/api/DeviceAuthenticatedScanDefinitions/GetScanHistoryBySessionId",
        mde_doc!("Get-scan-history-by-session"),
    )
};
pub const MACHINES_UPDATE: Operation = Operation {
    id: "machines.update",
    python: Some("machines.update"),
    method: Method::Patch,
    path: "/api/machines/{id}",
    doc: mde_doc!("update-machine-method"),
    app_permissions: MACHINE_WRITE_APP,
    delegated_permissions: MACHINE_WRITE_DEL,
    family: Family::Machines,
    state_changing: true,
    enums: &[e("device_value", &DEVICE_VALUE)],
    note: "The page says both that tags are only appended and that the body's tags replace \
           them all; either way `machineTags` must be the whole desired set.",
    ..UNCATALOGUED
};
pub const MACHINES_FIND: Operation = Operation {
    id: "machines.find",
    python: Some("machines.find"),
    path: "/api/machines/find(timestamp={timestamp},key='{ip}')",
    doc: mde_doc!("find-machine-info-by-ip"),
    app_permissions: MACHINE_READ_APP,
    delegated_permissions: &[],
    family: Family::Machines,
    note: "The legacy form of findbyip: machines that reported the IP within 16 minutes of the \
           timestamp (last 30 days); 404 when none did. The page documents application \
           permissions only.",
    entity: Some(&crate::entities::MACHINE),
    ..UNCATALOGUED
};

// ---- Export assessment APIs (issue 10)
// mde-api-rest.md §5 (get-assessment-methods-properties and each assessment's page), §6 (device
// antivirus health via files), §10. JSON responses page with `pageSize` (max 200,000) and an
// opaque `$skiptoken` in `@odata.nextLink`; the via-files calls answer with SAS URLs of gzip
// JSON Lines files.

// VULN_* and SOFTWARE_* are the vulnerability-management block's, above.
const BASELINE_APP: &[&str] = &["SecurityBaselinesAssessment.Read.All"];
const BASELINE_DEL: &[&str] = &["SecurityBaselinesAssessment.Read"];
/// The documented page-size bound of every JSON export (`pageSize`, default 50,000).
const EXPORT_PAGE_MAX: Option<u32> = Some(200_000);

/// A JSON-response export (`GET /api/machines/*ByMachine`): 30 calls a minute, 1,000 an hour.
const fn export_json(
    id: &'static str,
    python: &'static str,
    path: &'static str,
    doc: &'static str,
    app: &'static [&'static str],
    delegated: &'static [&'static str],
    note: &'static str,
) -> Operation {
    Operation {
        id,
        python: Some(python),
        path,
        doc,
        app_permissions: app,
        delegated_permissions: delegated,
        family: Family::Exports,
        max_top: EXPORT_PAGE_MAX,
        note,
        ..UNCATALOGUED
    }
}

/// A via-files export (`GET /api/machines/*Export`): 5 calls a minute, 20 an hour.
const fn export_files(
    id: &'static str,
    python: &'static str,
    path: &'static str,
    doc: &'static str,
    app: &'static [&'static str],
    delegated: &'static [&'static str],
    note: &'static str,
) -> Operation {
    Operation {
        id,
        python: Some(python),
        path,
        doc,
        app_permissions: app,
        delegated_permissions: delegated,
        family: Family::ExportFiles,
        note,
        ..UNCATALOGUED
    }
}

pub const EXPORTS_SECURE_CONFIGURATIONS: Operation = Operation {
    entity: Some(&crate::entities::SECURE_CONFIGURATION),
    ..export_json(
        "exports.secure_configurations",
        "exports.secure_configurations",
        "/api/machines/SecureConfigurationsAssessmentByMachine",
        mde_doc!("get-assessment-secure-config"),
        VULN_APP,
        VULN_DEL,
        "",
    )
};
pub const EXPORTS_SECURE_CONFIGURATIONS_FILES: Operation = export_files(
    "exports.secure_configurations_via_files",
    "exports.secure_configurations_via_files",
    "/api/machines/SecureConfigurationsAssessmentExport",
    mde_doc!("get-assessment-secure-config"),
    VULN_APP,
    VULN_DEL,
    "sasValidHours up to 6; URLs valid 1 hour by default.",
);
pub const EXPORTS_SOFTWARE_INVENTORY: Operation = Operation {
    entity: Some(&crate::entities::SOFTWARE_INVENTORY),
    ..export_json(
        "exports.software_inventory",
        "exports.software_inventory",
        "/api/machines/SoftwareInventoryByMachine",
        mde_doc!("get-assessment-software-inventory"),
        SOFTWARE_APP,
        SOFTWARE_DEL,
        "",
    )
};
pub const EXPORTS_SOFTWARE_INVENTORY_FILES: Operation = export_files(
    "exports.software_inventory_via_files",
    "exports.software_inventory_via_files",
    "/api/machines/SoftwareInventoryExport",
    mde_doc!("get-assessment-software-inventory"),
    SOFTWARE_APP,
    SOFTWARE_DEL,
    "sasValidHours up to 6; URLs valid 1 hour by default.",
);
pub const EXPORTS_NON_CPE_SOFTWARE: Operation = Operation {
    entity: Some(&crate::entities::NON_CPE_SOFTWARE),
    ..export_json(
        "exports.non_cpe_software",
        "exports.non_cpe_software",
        "/api/machines/SoftwareInventoryNoProductCodeByMachine",
        mde_doc!("get-assessment-non-cpe-software-inventory"),
        SOFTWARE_APP,
        SOFTWARE_DEL,
        "",
    )
};
pub const EXPORTS_NON_CPE_SOFTWARE_FILES: Operation = export_files(
    "exports.non_cpe_software_via_files",
    "exports.non_cpe_software_via_files",
    "/api/machines/SoftwareInventoryNonCpeExport",
    mde_doc!("get-assessment-non-cpe-software-inventory"),
    SOFTWARE_APP,
    SOFTWARE_DEL,
    "sasValidHours up to 24; URLs valid 3 hours by default.",
);
pub const EXPORTS_SOFTWARE_VULNERABILITIES: Operation = Operation {
    entity: Some(&crate::entities::SOFTWARE_VULNERABILITY),
    ..export_json(
        "exports.software_vulnerabilities",
        "exports.software_vulnerabilities",
        "/api/machines/SoftwareVulnerabilitiesByMachine",
        mde_doc!("get-assessment-software-vulnerabilities"),
        VULN_APP,
        VULN_DEL,
        "",
    )
};
pub const EXPORTS_SOFTWARE_VULNERABILITIES_FILES: Operation = export_files(
    "exports.software_vulnerabilities_via_files",
    "exports.software_vulnerabilities_via_files",
    "/api/machines/SoftwareVulnerabilitiesExport",
    mde_doc!("get-assessment-software-vulnerabilities"),
    VULN_APP,
    VULN_DEL,
    "sasValidHours up to 6 and URLs valid 1 hour by default on the newest page revision; \
     older revisions said 24 and 3.",
);
pub const EXPORTS_SOFTWARE_VULNERABILITY_CHANGES: Operation = Operation {
    entity: Some(&crate::entities::SOFTWARE_VULNERABILITY_CHANGE),
    ..export_json(
        "exports.software_vulnerability_changes",
        "exports.software_vulnerability_changes",
        "/api/machines/SoftwareVulnerabilityChangesByMachine",
        mde_doc!("get-assessment-software-vulnerabilities"),
        VULN_APP,
        VULN_DEL,
        "The delta export: sinceTime is required and at most 14 days back; rows carry status \
         (New, Fixed, Updated) and eventTimestamp. JSON only.",
    )
};
pub const EXPORTS_BROWSER_EXTENSIONS: Operation = Operation {
    entity: Some(&crate::entities::BROWSER_EXTENSION),
    ..export_json(
        "exports.browser_extensions",
        "exports.browser_extensions",
        "/api/machines/BrowserExtensionsInventoryByMachine",
        mde_doc!("get-assessment-browser-extensions"),
        SOFTWARE_APP,
        SOFTWARE_DEL,
        "The page's example rows are PascalCase; mdekit normalises them to camelCase.",
    )
};
pub const EXPORTS_BROWSER_EXTENSIONS_FILES: Operation = export_files(
    "exports.browser_extensions_via_files",
    "exports.browser_extensions_via_files",
    "/api/machines/browserextensionsinventoryExport",
    mde_doc!("get-assessment-browser-extensions"),
    SOFTWARE_APP,
    SOFTWARE_DEL,
    "sasValidHours is not documented on this page; mdekit sends it when given.",
);
pub const EXPORTS_BROWSER_EXTENSION_PERMISSIONS: Operation = Operation {
    id: "exports.browser_extension_permissions",
    python: Some("exports.browser_extension_permissions"),
    path: "/api/browserextensions/permissionsinfo",
    doc: mde_doc!("get-browser-extensions-permission-info"),
    app_permissions: SOFTWARE_APP,
    delegated_permissions: SOFTWARE_DEL,
    family: Family::Tvm,
    odata: &[ODataOption::Top, ODataOption::Skip],
    max_top: MAX_TOP,
    note: "The page's $filter property list is copied from the vulnerabilities page (cvssV3, \
           publishedOn...), so mdekit offers no filter. No rate limit documented.",
    entity: Some(&crate::entities::BROWSER_EXTENSION_PERMISSION),
    ..UNCATALOGUED
};
pub const EXPORTS_CERTIFICATES: Operation = Operation {
    entity: Some(&crate::entities::CERTIFICATE),
    ..export_json(
        "exports.certificates",
        "exports.certificates",
        "/api/machines/certificateAssessmentByMachine",
        mde_doc!("export-certificate-inventory-assessment"),
        VULN_APP,
        VULN_DEL,
        "The property table and the example disagree on names (keySize/keyLength, \
         expirationDate/notAfter...); mdekit keeps the example's wire names.",
    )
};
pub const EXPORTS_CERTIFICATES_FILES: Operation = export_files(
    "exports.certificates_via_files",
    "exports.certificates_via_files",
    "/api/machines/certificateAssessmentExport",
    mde_doc!("export-certificate-inventory-assessment"),
    VULN_APP,
    VULN_DEL,
    "sasValidHours up to 24; URLs valid 3 hours by default.",
);
pub const EXPORTS_SECURITY_BASELINES: Operation = Operation {
    entity: Some(&crate::entities::SECURITY_BASELINE),
    ..export_json(
        "exports.security_baselines",
        "exports.security_baselines",
        "/api/machines/baselineComplianceAssessmentByMachine",
        mde_doc!("export-security-baseline-assessment"),
        BASELINE_APP,
        BASELINE_DEL,
        "",
    )
};
pub const EXPORTS_SECURITY_BASELINES_FILES: Operation = export_files(
    "exports.security_baselines_via_files",
    "exports.security_baselines_via_files",
    "/api/machines/BaselineComplianceAssessmentExport",
    mde_doc!("export-security-baseline-assessment"),
    BASELINE_APP,
    BASELINE_DEL,
    "sasValidHours up to 6; URLs valid 1 hour by default.",
);
const BASELINE_PROFILE_FILTERABLE: &[Filterable] = &[
    p("id", PropType::String),
    p("name", PropType::String),
    p("operatingSystem", PropType::String),
    p("operatingSystemVersion", PropType::String),
    p("status", PropType::String),
    p("settingsNumber", PropType::Number),
    p("passedDevices", PropType::Number),
    p("totalDevices", PropType::Number),
];
const BASELINE_CONFIGURATION_FILTERABLE: &[Filterable] = &[
    p("id", PropType::String),
    p("category", PropType::String),
    p("name", PropType::String),
    p("cce", PropType::String),
];
pub const EXPORTS_BASELINE_PROFILES: Operation = Operation {
    id: "exports.baseline_profiles",
    python: Some("exports.baseline_profiles"),
    path: "/api/baselineProfiles",
    doc: mde_doc!("get-security-baselines-assessment-profiles"),
    app_permissions: BASELINE_APP,
    delegated_permissions: BASELINE_DEL,
    family: Family::Tvm,
    odata: LIST_OPTIONS,
    filterable: BASELINE_PROFILE_FILTERABLE,
    max_top: MAX_TOP,
    note: "The page names no permission; the baseline assessment export's \
           SecurityBaselinesAssessment.Read(.All) is assumed. No rate limit documented.",
    entity: Some(&crate::entities::BASELINE_PROFILE),
    ..UNCATALOGUED
};
pub const EXPORTS_BASELINE_CONFIGURATIONS: Operation = Operation {
    id: "exports.baseline_configurations",
    python: Some("exports.baseline_configurations"),
    path: "/api/baselineConfigurations",
    doc: mde_doc!("get-security-baselines-assessment-configurations"),
    app_permissions: BASELINE_APP,
    delegated_permissions: BASELINE_DEL,
    family: Family::Tvm,
    odata: LIST_OPTIONS,
    filterable: BASELINE_CONFIGURATION_FILTERABLE,
    max_top: MAX_TOP,
    note: "Configurations of active profiles only. No rate limit documented.",
    entity: Some(&crate::entities::BASELINE_CONFIGURATION),
    ..UNCATALOGUED
};
pub const EXPORTS_HARDWARE_FIRMWARE: Operation = Operation {
    entity: Some(&crate::entities::HARDWARE_FIRMWARE),
    ..export_json(
        "exports.hardware_firmware",
        "exports.hardware_firmware",
        "/api/machines/HardwareFirmwareInventoryByMachine",
        mde_doc!("export-firmware-hardware-assessment"),
        SOFTWARE_APP,
        SOFTWARE_DEL,
        "additionalFields is a JSON-encoded string, not an object.",
    )
};
pub const EXPORTS_HARDWARE_FIRMWARE_FILES: Operation = export_files(
    "exports.hardware_firmware_via_files",
    "exports.hardware_firmware_via_files",
    "/api/machines/HardwareFirmwareInventoryExport",
    mde_doc!("export-firmware-hardware-assessment"),
    SOFTWARE_APP,
    SOFTWARE_DEL,
    "sasValidHours is not documented on this page; mdekit sends it when given.",
);
pub const EXPORTS_INFORMATION_GATHERING_FILES: Operation = export_files(
    "exports.information_gathering_via_files",
    "exports.information_gathering_via_files",
    "/api/machines/InfoGatheringExport",
    mde_doc!("get-assessment-information-gathering"),
    VULN_APP,
    VULN_DEL,
    "Files only. The example writes `$sasValidHours`; mdekit sends `sasValidHours` as every \
     other export page does.",
);
pub const EXPORTS_DEVICE_AV_HEALTH_FILES: Operation = export_files(
    "exports.device_av_health_via_files",
    "exports.device_av_health_via_files",
    "/api/machines/InfoGatheringExport",
    mde_doc!("device-health-export-antivirus-health-report-api"),
    VULN_APP,
    VULN_DEL,
    "Public preview. The page documents the information-gathering path itself; each record \
     carries the AV data in DeviceGatheredInfo. It states 30 calls a minute and 1,000 an hour, \
     but the service counts per endpoint and that endpoint's own page says 5 and 20, so the \
     stricter via-files family applies. sasValidHours up to 24; URLs valid 3 hours.",
);

/// Every operation, in the order of the families above.
pub static CATALOGUE: &[&Operation] = &[
    &ALERTS_LIST,
    &ALERTS_GET,
    &ALERTS_UPDATE,
    &ALERTS_BATCH_UPDATE,
    &ALERTS_CREATE_BY_REFERENCE,
    &ALERTS_RELATED_DOMAINS,
    &ALERTS_RELATED_FILES,
    &ALERTS_RELATED_IPS,
    &ALERTS_RELATED_MACHINE,
    &ALERTS_RELATED_USER,
    &MACHINES_LIST,
    &MACHINES_GET,
    &MACHINES_FIND_BY_IP,
    &MACHINES_FIND_BY_TAG,
    &MACHINES_TAGS,
    &MACHINES_TAGS_MANY,
    &MACHINES_SET_DEVICE_VALUE,
    &MACHINES_LOGON_USERS,
    &MACHINES_ALERTS,
    &MACHINES_SOFTWARE,
    &MACHINES_VULNERABILITIES,
    &MACHINES_RECOMMENDATIONS,
    &MACHINES_MISSING_KBS,
    &MACHINES_ISOLATE,
    &MACHINES_UNISOLATE,
    &MACHINES_RESTRICT_CODE_EXECUTION,
    &MACHINES_UNRESTRICT_CODE_EXECUTION,
    &MACHINES_RUN_ANTIVIRUS_SCAN,
    &MACHINES_COLLECT_INVESTIGATION_PACKAGE,
    &MACHINES_OFFBOARD,
    &MACHINES_STOP_AND_QUARANTINE_FILE,
    &MACHINE_ACTIONS_LIST,
    &MACHINE_ACTIONS_GET,
    &MACHINE_ACTIONS_CANCEL,
    &MACHINE_ACTIONS_GET_PACKAGE_URI,
    &INDICATORS_LIST,
    &INDICATORS_SUBMIT,
    &INDICATORS_IMPORT,
    &INDICATORS_DELETE,
    &INDICATORS_BATCH_DELETE,
    &INVESTIGATIONS_LIST,
    &INVESTIGATIONS_GET,
    &INVESTIGATIONS_START,
    &LIVE_RESPONSE_RUN,
    &LIVE_RESPONSE_RESULT_LINK,
    &LIBRARY_LIST,
    &LIBRARY_UPLOAD,
    &LIBRARY_DELETE,
    &FILES_GET,
    &FILES_STATS,
    &FILES_ALERTS,
    &FILES_MACHINES,
    &IPS_STATS,
    &IPS_ALERTS,
    &DOMAINS_STATS,
    &DOMAINS_ALERTS,
    &DOMAINS_MACHINES,
    &USERS_ALERTS,
    &USERS_MACHINES,
    &ADVANCED_QUERIES_RUN,
    &HUNTING_RUN,
    &INCIDENTS_LIST,
    &INCIDENTS_GET,
    &INCIDENTS_UPDATE,
    &INCIDENTS_COMMENT,
    &SECURITY_ALERTS_LIST,
    &SECURITY_ALERTS_GET,
    &SECURITY_ALERTS_UPDATE,
    &SECURITY_ALERTS_COMMENT,
    // ---- Vulnerability management (issue 10)
    &SOFTWARE_LIST,
    &SOFTWARE_GET,
    &SOFTWARE_DISTRIBUTIONS,
    &SOFTWARE_MACHINE_REFERENCES,
    &SOFTWARE_VULNERABILITIES,
    &SOFTWARE_MISSING_KBS,
    &VULNERABILITIES_LIST,
    &VULNERABILITIES_GET,
    &VULNERABILITIES_MACHINE_REFERENCES,
    &VULNERABILITIES_BY_MACHINE,
    &RECOMMENDATIONS_LIST,
    &RECOMMENDATIONS_GET,
    &RECOMMENDATIONS_SOFTWARE,
    &RECOMMENDATIONS_MACHINE_REFERENCES,
    &RECOMMENDATIONS_VULNERABILITIES,
    &SCORES_EXPOSURE,
    &SCORES_EXPOSURE_BY_MACHINE_GROUPS,
    &SCORES_CONFIGURATION,
    &REMEDIATION_LIST,
    &REMEDIATION_GET,
    &REMEDIATION_MACHINE_REFERENCES,
    &DEVICE_HEALTH_ANTIVIRUS,
    &SCANS_LIST_DEFINITIONS,
    &SCANS_CREATE_DEFINITION,
    &SCANS_UPDATE_DEFINITION,
    &SCANS_DELETE_DEFINITIONS,
    &SCANS_LIST_AGENTS,
    &SCANS_GET_AGENT,
    &SCANS_HISTORY_BY_DEFINITION,
    &SCANS_HISTORY_BY_SESSION,
    &MACHINES_UPDATE,
    &MACHINES_FIND,
    &EXPORTS_SECURE_CONFIGURATIONS,
    &EXPORTS_SECURE_CONFIGURATIONS_FILES,
    &EXPORTS_SOFTWARE_INVENTORY,
    &EXPORTS_SOFTWARE_INVENTORY_FILES,
    &EXPORTS_NON_CPE_SOFTWARE,
    &EXPORTS_NON_CPE_SOFTWARE_FILES,
    &EXPORTS_SOFTWARE_VULNERABILITIES,
    &EXPORTS_SOFTWARE_VULNERABILITIES_FILES,
    &EXPORTS_SOFTWARE_VULNERABILITY_CHANGES,
    &EXPORTS_BROWSER_EXTENSIONS,
    &EXPORTS_BROWSER_EXTENSIONS_FILES,
    &EXPORTS_BROWSER_EXTENSION_PERMISSIONS,
    &EXPORTS_CERTIFICATES,
    &EXPORTS_CERTIFICATES_FILES,
    &EXPORTS_SECURITY_BASELINES,
    &EXPORTS_SECURITY_BASELINES_FILES,
    &EXPORTS_BASELINE_PROFILES,
    &EXPORTS_BASELINE_CONFIGURATIONS,
    &EXPORTS_HARDWARE_FIRMWARE,
    &EXPORTS_HARDWARE_FIRMWARE_FILES,
    &EXPORTS_INFORMATION_GATHERING_FILES,
    &EXPORTS_DEVICE_AV_HEALTH_FILES,
];
