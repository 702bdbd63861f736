//! Documented enum domains of request parameters, shared by every operation that takes them.

use crate::Domain;

const fn domain(name: &'static str, values: &'static [&'static str]) -> Domain {
    Domain {
        name,
        values,
        aliases: &[],
    }
}

/// update-alert: `status`.
pub static ALERT_STATUS: Domain = domain("AlertStatus", &["New", "InProgress", "Resolved"]);
/// update-alert: `classification`.
pub static ALERT_CLASSIFICATION: Domain = domain(
    "AlertClassification",
    &[
        "TruePositive",
        "InformationalExpectedActivity",
        "FalsePositive",
    ],
);
/// update-alert: `determination`. Both spellings of the renamed values are documented
/// (`ConfirmedActivity`/`ConfirmedUserActivity`, `NotMalicious`/`Clean`) and both are sent as
/// given.
pub static ALERT_DETERMINATION: Domain = domain(
    "AlertDetermination",
    &[
        "MultiStagedAttack",
        "MaliciousUserActivity",
        "CompromisedUser",
        "Malware",
        "Phishing",
        "UnwantedSoftware",
        "SecurityTesting",
        "LineOfBusinessApplication",
        "ConfirmedUserActivity",
        "ConfirmedActivity",
        "Clean",
        "NotMalicious",
        "InsufficientData",
        "Other",
    ],
);
/// create-alert-by-reference: `severity`.
pub static ALERT_SEVERITY: Domain = domain("AlertSeverity", &["Low", "Medium", "High"]);
/// create-alert-by-reference: `category`.
pub static ALERT_CATEGORY: Domain = domain(
    "AlertCategory",
    &[
        "General",
        "CommandAndControl",
        "Collection",
        "CredentialAccess",
        "DefenseEvasion",
        "Discovery",
        "Exfiltration",
        "Exploit",
        "Execution",
        "InitialAccess",
        "LateralMovement",
        "Malware",
        "Persistence",
        "PrivilegeEscalation",
        "Ransomware",
        "SuspiciousActivity",
    ],
);
/// isolate-machine: `IsolationType` (`UnManagedDevice` since the 03/2025 revision).
pub static ISOLATION_TYPE: Domain =
    domain("IsolationType", &["Full", "Selective", "UnManagedDevice"]);
/// run-av-scan: `ScanType`.
pub static SCAN_TYPE: Domain = domain("ScanType", &["Quick", "Full"]);
/// set-device-value: `DeviceValue`.
pub static DEVICE_VALUE: Domain = domain("DeviceValue", &["Normal", "Low", "High"]);
/// add-or-remove-machine-tags: `Action`.
pub static TAG_ACTION: Domain = domain("TagAction", &["Add", "Remove"]);
/// ti-indicator: `indicatorType`.
pub static INDICATOR_TYPE: Domain = domain(
    "IndicatorType",
    &[
        "FileSha1",
        "FileSha256",
        "FileMd5",
        "CertificateThumbprint",
        "IpAddress",
        "DomainName",
        "Url",
    ],
);
/// ti-indicator: `action`.
pub static INDICATOR_ACTION: Domain = domain(
    "IndicatorAction",
    &[
        "Warn",
        "Block",
        "Audit",
        "Alert",
        "AlertAndBlock",
        "BlockAndRemediate",
        "Allowed",
    ],
);
/// ti-indicator: `severity`.
pub static INDICATOR_SEVERITY: Domain = domain(
    "IndicatorSeverity",
    &["Informational", "Low", "Medium", "High"],
);
/// The machine actions `machine_actions.bulk` can fan out (the action pages' names).
pub static MACHINE_ACTION: Domain = domain(
    "MachineActionName",
    &[
        "isolate",
        "unisolate",
        "restrict_code_execution",
        "unrestrict_code_execution",
        "run_antivirus_scan",
        "collect_investigation_package",
        "offboard",
        "stop_and_quarantine_file",
    ],
);

/// Graph security update-incident: `status` (incidentStatus; `awaitingAction` only Defender
/// Experts can set, `unknownFutureValue` is a sentinel, so neither is accepted).
pub static INCIDENT_STATUS: Domain = domain(
    "IncidentStatus",
    &["active", "resolved", "inProgress", "redirected"],
);
/// Graph security update-alert (v2): `status` (alertStatus, sentinel left out).
pub static GRAPH_ALERT_STATUS: Domain =
    domain("GraphAlertStatus", &["new", "inProgress", "resolved"]);
/// Graph security update-incident and update-alert: `classification` (alertClassification).
/// The pages' examples write both `truePositive` and `TruePositive`; matching ignores case and
/// the documented camelCase is sent.
pub static GRAPH_CLASSIFICATION: Domain = domain(
    "GraphAlertClassification",
    &[
        "unknown",
        "falsePositive",
        "truePositive",
        "informationalExpectedActivity",
    ],
);
/// Graph security update-incident and update-alert: `determination` (alertDetermination). The
/// alert pages list `clean` and `insufficientData`, the update-incident page `notMalicious` and
/// `notEnoughDataToValidate` for the same verdicts; every spelling is accepted and sent as given.
pub static GRAPH_DETERMINATION: Domain = domain(
    "GraphAlertDetermination",
    &[
        "unknown",
        "apt",
        "malware",
        "securityPersonnel",
        "securityTesting",
        "unwantedSoftware",
        "other",
        "multiStagedAttack",
        "compromisedUser",
        "phishing",
        "maliciousUserActivity",
        "clean",
        "insufficientData",
        "notMalicious",
        "notEnoughDataToValidate",
        "confirmedUserActivity",
        "lineOfBusinessApplication",
    ],
);

// ---- Vulnerability management (issue 10)
/// add-a-new-scan-definition: `scanType`.
pub static AUTHENTICATED_SCAN_TYPE: Domain =
    domain("AuthenticatedScanType", &["Windows", "Network"]);
