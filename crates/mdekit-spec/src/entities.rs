//! The shape of each entity a list operation returns, declared once: property names as the
//! service spells them and the column type each becomes in Arrow. `Pager.to_arrow()` builds
//! its columns from these, so a table has the same columns and types whether a property is
//! present, null or absent, and even when the result is empty.
//!
//! The types follow each entity's Microsoft Learn page (its "Properties" table: `String`,
//! `Nullable Long`, `DateTimeOffset`, `Enum`, collections, complex types). Enumerations are
//! strings, as the service sends them. A property the page documents as a complex type is a
//! struct, a collection is a list; a property of no fixed shape is [`ValueType::Json`] (JSON text).
//! Where a table and the page's example or the service's JSON disagree (a key's spelling, a
//! `String` that is really a list or an object), the JSON is followed and the entity says so.
//! The sandbox's pages are checked against these declarations (`mdekit-sandbox/tests/entities.rs`).
//! Properties the service sends that an entity does not declare are left out of its table, so a
//! new property needs a line here (see CONTRIBUTING.md, "Add an endpoint").

/// The Arrow column type of one entity property.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValueType {
    /// UTF-8 text (strings, GUIDs, enumerations, IP addresses).
    String,
    /// 32-bit signed integer.
    Int32,
    /// 64-bit signed integer (`Long`).
    Int64,
    /// 64-bit float (`Double`, `Decimal`).
    Double,
    Bool,
    /// ISO-8601 UTC date-time (`DateTimeOffset`), as timestamp[ns, UTC]: the service sends up to
    /// 7 fractional digits (100 ns), so nothing is lost.
    DateTime,
    /// A value of no fixed shape, kept as its JSON text.
    Json,
    /// A collection of values of one type.
    List(&'static ValueType),
    /// A complex type: named properties.
    Struct(&'static [Property]),
}

/// One property of an entity or of a complex type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Property {
    /// The JSON key, as the service spells it (camelCase).
    pub name: &'static str,
    pub ty: ValueType,
}

/// An entity a list operation returns (Alert, Machine, ...).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Entity {
    /// The API's entity name (`Alert`).
    pub name: &'static str,
    /// The Microsoft Learn page whose properties table this follows.
    pub doc: &'static str,
    pub properties: &'static [Property],
}

impl Entity {
    /// The property named `name` (exact spelling).
    pub fn property(&self, name: &str) -> Option<&'static Property> {
        self.properties.iter().find(|p| p.name == name)
    }
}

const fn prop(name: &'static str, ty: ValueType) -> Property {
    Property { name, ty }
}

macro_rules! mde_doc {
    ($page:literal) => {
        concat!("https://learn.microsoft.com/defender-endpoint/api/", $page)
    };
}
macro_rules! graph_doc {
    ($page:literal) => {
        concat!("https://learn.microsoft.com/graph/api/resources/", $page)
    };
}

use ValueType::{Bool, DateTime, Double, Int32, Int64, Json, List, String as Str, Struct};

const STRINGS: ValueType = List(&Str);

// ---------------------------------------------------------------- alerts (alerts.md)

/// The alert's `relatedUser`. The page types it `String`; its example (and the service) send
/// this object.
const ALERT_USER: &[Property] = &[prop("userName", Str), prop("domainName", Str)];

/// One of an alert's `comments`. The page writes `createTime`; its example and the service send
/// `createdTime`, which is declared.
const ALERT_COMMENT: &[Property] = &[
    prop("comment", Str),
    prop("createdBy", Str),
    prop("createdTime", DateTime),
];

/// One of an alert's `evidence` (returned with `$expand=evidence`): the keys of the page's
/// example, every one present on every item (null where it does not apply).
const ALERT_EVIDENCE: &[Property] = &[
    prop("entityType", Str),
    prop("evidenceCreationTime", DateTime),
    prop("sha1", Str),
    prop("sha256", Str),
    prop("fileName", Str),
    prop("filePath", Str),
    prop("processId", Int64),
    prop("processCommandLine", Str),
    prop("processCreationTime", DateTime),
    prop("parentProcessId", Int64),
    prop("parentProcessCreationTime", DateTime),
    prop("parentProcessFileName", Str),
    prop("parentProcessFilePath", Str),
    prop("ipAddress", Str),
    prop("url", Str),
    prop("registryKey", Str),
    prop("registryHive", Str),
    prop("registryValueType", Str),
    prop("registryValue", Str),
    prop("accountName", Str),
    prop("domainName", Str),
    prop("userSid", Str),
    prop("aadUserId", Str),
    prop("userPrincipalName", Str),
    prop("detectionStatus", Str),
];

/// MDE's Alert. `mitreTechniques` is typed `String` on the page but is a list of technique ids in
/// its example and on the wire, so it is a list.
pub const ALERT: Entity = Entity {
    name: "Alert",
    doc: mde_doc!("alerts"),
    properties: &[
        prop("id", Str),
        prop("incidentId", Int64),
        prop("investigationId", Int64),
        prop("assignedTo", Str),
        prop("severity", Str),
        prop("status", Str),
        prop("classification", Str),
        prop("determination", Str),
        prop("investigationState", Str),
        prop("detectionSource", Str),
        prop("detectorId", Str),
        prop("category", Str),
        prop("threatFamilyName", Str),
        prop("title", Str),
        prop("description", Str),
        prop("alertCreationTime", DateTime),
        prop("firstEventTime", DateTime),
        prop("lastEventTime", DateTime),
        prop("lastUpdateTime", DateTime),
        prop("resolvedTime", DateTime),
        prop("machineId", Str),
        prop("computerDnsName", Str),
        prop("rbacGroupName", Str),
        prop("aadTenantId", Str),
        prop("threatName", Str),
        prop("mitreTechniques", STRINGS),
        prop("relatedUser", Struct(ALERT_USER)),
        prop("comments", List(&Struct(ALERT_COMMENT))),
        prop("evidence", List(&Struct(ALERT_EVIDENCE))),
    ],
};

/// A domain of `GET /api/alerts/{id}/domains` (the page's example: `{"host": ...}`).
pub const DOMAIN: Entity = Entity {
    name: "Domain",
    doc: mde_doc!("get-alert-related-domain-info"),
    properties: &[prop("host", Str)],
};

/// An IP of `GET /api/alerts/{id}/ips` (the page's example: `{"id": "104.80.104.128"}`).
pub const IP: Entity = Entity {
    name: "Ip",
    doc: mde_doc!("get-alert-related-ip-info"),
    properties: &[prop("id", Str)],
};

/// MDE's File (`/alerts/{id}/files`). `md5` is not in the properties table but is in the
/// get-file-information example and on the wire.
pub const FILE: Entity = Entity {
    name: "File",
    doc: mde_doc!("files"),
    properties: &[
        prop("sha1", Str),
        prop("sha256", Str),
        prop("md5", Str),
        prop("globalPrevalence", Int64),
        prop("globalFirstObserved", DateTime),
        prop("globalLastObserved", DateTime),
        prop("size", Int64),
        prop("fileType", Str),
        prop("isPeFile", Bool),
        prop("filePublisher", Str),
        prop("fileProductName", Str),
        prop("signer", Str),
        prop("issuer", Str),
        prop("signerHash", Str),
        prop("isValidCertificate", Bool),
        prop("determinationType", Str),
        prop("determinationValue", Str),
    ],
};

/// MDE's User (`/machines/{id}/logonusers`, `/alerts/{id}/user`): `user.md` has no properties
/// table, so the keys are the union of the get-machine-log-on-users and
/// get-alert-related-user-info examples (`logonTypes` is one string there, `Network`).
pub const USER: Entity = Entity {
    name: "User",
    doc: mde_doc!("get-machine-log-on-users"),
    properties: &[
        prop("id", Str),
        prop("accountName", Str),
        prop("accountDomain", Str),
        prop("accountSid", Str),
        prop("firstSeen", DateTime),
        prop("lastSeen", DateTime),
        prop("mostPrevalentMachineId", Str),
        prop("leastPrevalentMachineId", Str),
        prop("logonTypes", Str),
        prop("logOnMachinesCount", Int64),
        prop("isDomainAdmin", Bool),
        prop("isOnlyNetworkUser", Bool),
    ],
};

// ---------------------------------------------------------------- machines (machine.md)

/// One of a machine's `ipAddresses` (the IpAddress type of get-machines' example).
const MACHINE_IP_ADDRESS: &[Property] = &[
    prop("ipAddress", Str),
    prop("macAddress", Str),
    prop("type", Str),
    prop("operationalStatus", Str),
];

/// A machine's `vmMetadata` (sent by the service for cloud VMs; not in the table).
const MACHINE_VM_METADATA: &[Property] = &[
    prop("vmId", Str),
    prop("cloudProvider", Str),
    prop("resourceId", Str),
    prop("subscriptionId", Str),
];

/// MDE's Machine. Where the page and the wire differ the wire is followed: the table's
/// `onboardingstatus` is sent `onboardingStatus`; `rbacGroupId` is typed `String` but is a
/// number in the examples and responses (Int64). `isAadJoined` is in the examples only; the keys
/// after `osArchitecture` here are sent by the service (captured responses, reference
/// mde-api-core.md §7.2) though the table omits them.
pub const MACHINE: Entity = Entity {
    name: "Machine",
    doc: mde_doc!("machine"),
    properties: &[
        prop("id", Str),
        prop("computerDnsName", Str),
        prop("firstSeen", DateTime),
        prop("lastSeen", DateTime),
        prop("osPlatform", Str),
        prop("onboardingStatus", Str),
        prop("osProcessor", Str),
        prop("version", Str),
        prop("osBuild", Int64),
        prop("lastIpAddress", Str),
        prop("lastExternalIpAddress", Str),
        prop("healthStatus", Str),
        prop("rbacGroupName", Str),
        prop("rbacGroupId", Int64),
        prop("riskScore", Str),
        prop("aadDeviceId", Str),
        prop("machineTags", STRINGS),
        prop("exposureLevel", Str),
        prop("deviceValue", Str),
        prop("ipAddresses", List(&Struct(MACHINE_IP_ADDRESS))),
        prop("osArchitecture", Str),
        prop("isAadJoined", Bool),
        prop("mergedIntoMachineId", Str),
        prop("isPotentialDuplication", Bool),
        prop("isExcluded", Bool),
        prop("exclusionReason", Str),
        prop("osVersion", Str),
        prop("agentVersion", Str),
        prop("defenderAvStatus", Str),
        prop("managedBy", Str),
        prop("managedByStatus", Str),
        prop("vmMetadata", Struct(MACHINE_VM_METADATA)),
    ],
};

// ---------------------------------------------------------------- machine actions (machineaction.md)

/// A machine action's `relatedFileInfo` (stop and quarantine).
const RELATED_FILE_INFO: &[Property] =
    &[prop("fileIdentifier", Str), prop("fileIdentifierType", Str)];

/// One `{key, value}` parameter of a live response command.
const COMMAND_PARAM: &[Property] = &[prop("key", Str), prop("value", Str)];

/// A live response command as sent (`{type, params}`).
const COMMAND: &[Property] = &[
    prop("type", Str),
    prop("params", List(&Struct(COMMAND_PARAM))),
];

/// One of a live response action's `commands` (run-live-response's example).
const MACHINE_ACTION_COMMAND: &[Property] = &[
    prop("index", Int32),
    prop("startTime", DateTime),
    prop("endTime", DateTime),
    prop("commandStatus", Str),
    prop("errors", STRINGS),
    prop("command", Struct(COMMAND)),
];

/// MDE's MachineAction. The table's `externalID` is sent `externalId`; `errorHResult` is in
/// run-live-response's example and `troubleshootInfo` in the service's responses (always null
/// there, so of no known shape: JSON).
pub const MACHINE_ACTION: Entity = Entity {
    name: "MachineAction",
    doc: mde_doc!("machineaction"),
    properties: &[
        prop("id", Str),
        prop("type", Str),
        prop("scope", Str),
        prop("requestor", Str),
        prop("externalId", Str),
        prop("requestSource", Str),
        prop("commands", List(&Struct(MACHINE_ACTION_COMMAND))),
        prop("cancellationRequestor", Str),
        prop("requestorComment", Str),
        prop("cancellationComment", Str),
        prop("status", Str),
        prop("machineId", Str),
        prop("computerDnsName", Str),
        prop("creationDateTimeUtc", DateTime),
        prop("cancellationDateTimeUtc", DateTime),
        prop("lastUpdateDateTimeUtc", DateTime),
        prop("title", Str),
        prop("relatedFileInfo", Struct(RELATED_FILE_INFO)),
        prop("errorHResult", Int32),
        prop("troubleshootInfo", Json),
    ],
};

// ---------------------------------------------------------------- indicators (ti-indicator.md)

/// MDE's Indicator. `generateAlert` is typed "Enum (True/False)" but is a JSON boolean;
/// `externalID` is sent `externalId`. `source` is in the example and `createdByDisplayName` is a
/// `$filter` property of get-ti-indicators-collection, so both are declared.
pub const INDICATOR: Entity = Entity {
    name: "Indicator",
    doc: mde_doc!("ti-indicator"),
    properties: &[
        prop("id", Str),
        prop("indicatorValue", Str),
        prop("indicatorType", Str),
        prop("application", Str),
        prop("action", Str),
        prop("externalId", Str),
        prop("sourceType", Str),
        prop("source", Str),
        prop("createdBySource", Str),
        prop("createdBy", Str),
        prop("createdByDisplayName", Str),
        prop("lastUpdatedBy", Str),
        prop("creationTimeDateTimeUtc", DateTime),
        prop("expirationTime", DateTime),
        prop("lastUpdateTime", DateTime),
        prop("severity", Str),
        prop("title", Str),
        prop("description", Str),
        prop("recommendedActions", Str),
        prop("rbacGroupNames", STRINGS),
        prop("rbacGroupIds", STRINGS),
        prop("generateAlert", Bool),
    ],
};

// ---------------------------------------------------------------- investigations, library

/// MDE's Investigation.
pub const INVESTIGATION: Entity = Entity {
    name: "Investigation",
    doc: mde_doc!("investigation"),
    properties: &[
        prop("id", Str),
        prop("startTime", DateTime),
        prop("endTime", DateTime),
        prop("cancelledBy", Str),
        prop("state", Str),
        prop("statusDetails", Str),
        prop("machineId", Str),
        prop("computerDnsName", Str),
        prop("triggeringAlertId", Str),
    ],
};

/// A live response library file (list-library-files' example; `parametersDescription` only
/// when set).
pub const LIBRARY_FILE: Entity = Entity {
    name: "LibraryFile",
    doc: mde_doc!("list-library-files"),
    properties: &[
        prop("fileName", Str),
        prop("sha256", Str),
        prop("description", Str),
        prop("creationTime", DateTime),
        prop("lastUpdatedTime", DateTime),
        prop("createdBy", Str),
        prop("hasParameters", Bool),
        prop("parametersDescription", Str),
    ],
};

// ---------------------------------------------------------------- vulnerability management

/// MDE's Software. The table capitalises `Name`, `Vendor`, `Weaknesses`; the wire is camelCase.
pub const SOFTWARE: Entity = Entity {
    name: "Software",
    doc: mde_doc!("software"),
    properties: &[
        prop("id", Str),
        prop("name", Str),
        prop("vendor", Str),
        prop("weaknesses", Int64),
        prop("publicExploit", Bool),
        prop("activeAlert", Bool),
        prop("exposedMachines", Int64),
        prop("impactScore", Double),
    ],
};

/// One version of a software product (`/software/{id}/distributions`).
pub const SOFTWARE_DISTRIBUTION: Entity = Entity {
    name: "Distribution",
    doc: mde_doc!("get-software-ver-distribution"),
    properties: &[
        prop("version", Str),
        prop("installations", Int64),
        prop("vulnerabilities", Int64),
    ],
};

/// A device exposed to a software, vulnerability, recommendation or remediation activity
/// (`.../machineReferences`).
pub const MACHINE_REFERENCE: Entity = Entity {
    name: "MachineReference",
    doc: mde_doc!("get-machines-by-software"),
    properties: &[
        prop("id", Str),
        prop("computerDnsName", Str),
        prop("osPlatform", Str),
        prop("rbacGroupName", Str),
    ],
};

/// MDE's Vulnerability. `firstDetected` and `tags` come from the newer examples; the table
/// spells `EPSS` (Numeric) and `CveSupportability` ("String collection"), the examples send
/// `epss` and `cveSupportability` as one string (`Supported`), which is declared.
pub const VULNERABILITY: Entity = Entity {
    name: "Vulnerability",
    doc: mde_doc!("vulnerability"),
    properties: &[
        prop("id", Str),
        prop("name", Str),
        prop("description", Str),
        prop("severity", Str),
        prop("cvssV3", Double),
        prop("cvssVector", Str),
        prop("exposedMachines", Int64),
        prop("publishedOn", DateTime),
        prop("updatedOn", DateTime),
        prop("firstDetected", DateTime),
        prop("publicExploit", Bool),
        prop("exploitVerified", Bool),
        prop("exploitInKit", Bool),
        prop("exploitTypes", STRINGS),
        prop("exploitUris", STRINGS),
        prop("cveSupportability", Str),
        prop("tags", STRINGS),
        prop("epss", Double),
    ],
};

/// A missing KB (`getmissingkbs`; the OData type is `PublicProductFixDto`).
pub const PRODUCT_FIX: Entity = Entity {
    name: "ProductFix",
    doc: mde_doc!("get-missing-kbs-software"),
    properties: &[
        prop("id", Str),
        prop("name", Str),
        prop("productsNames", STRINGS),
        prop("url", Str),
        prop("machineMissedOn", Int64),
        prop("cveAddressed", Int64),
    ],
};

/// One vulnerability of one software on one device (`/vulnerabilities/machinesVulnerabilities`;
/// the OData type is `PublicAssetVulnerabilityDto`).
pub const MACHINE_VULNERABILITY: Entity = Entity {
    name: "PublicAssetVulnerability",
    doc: mde_doc!("get-all-vulnerabilities-by-machines"),
    properties: &[
        prop("id", Str),
        prop("cveId", Str),
        prop("machineId", Str),
        prop("fixingKbId", Str),
        prop("productName", Str),
        prop("productVendor", Str),
        prop("productVersion", Str),
        prop("severity", Str),
    ],
};

/// MDE's Recommendation. The table capitalises `Weaknesses`, `Vendor`, `Status`; the wire is
/// camelCase. `exposedCriticalDevices` ("Numeric") is a count; `tags` is in the get-by-id
/// example only.
pub const RECOMMENDATION: Entity = Entity {
    name: "Recommendation",
    doc: mde_doc!("recommendation"),
    properties: &[
        prop("id", Str),
        prop("productName", Str),
        prop("recommendationName", Str),
        prop("weaknesses", Int64),
        prop("vendor", Str),
        prop("recommendedVersion", Str),
        prop("recommendedProgram", Str),
        prop("recommendedVendor", Str),
        prop("recommendationCategory", Str),
        prop("subCategory", Str),
        prop("severityScore", Double),
        prop("publicExploit", Bool),
        prop("activeAlert", Bool),
        prop("associatedThreats", STRINGS),
        prop("remediationType", Str),
        prop("status", Str),
        prop("configScoreImpact", Double),
        prop("exposureImpact", Double),
        prop("totalMachineCount", Int64),
        prop("exposedMachinesCount", Int64),
        prop("nonProductivityImpactedAssets", Int64),
        prop("relatedComponent", Str),
        prop("exposedCriticalDevices", Int64),
        prop("tags", STRINGS),
    ],
};

/// The exposure score of one device group (`/exposureScore/ByMachineGroups`). score.md lists
/// `RbacGroupId`; the wire is camelCase.
pub const EXPOSURE_SCORE: Entity = Entity {
    name: "ExposureScore",
    doc: mde_doc!("score"),
    properties: &[
        prop("time", DateTime),
        prop("score", Double),
        prop("rbacGroupName", Str),
        prop("rbacGroupId", Int64),
    ],
};

/// A remediation activity. The table types `rbacGroupNames` as String; the examples send a list.
/// `fixedDevices` has no type in the table and is a count in the examples.
pub const REMEDIATION_TASK: Entity = Entity {
    name: "RemediationTask",
    doc: mde_doc!("get-remediation-methods-properties"),
    properties: &[
        prop("id", Str),
        prop("title", Str),
        prop("createdOn", DateTime),
        prop("requesterId", Str),
        prop("requesterEmail", Str),
        prop("status", Str),
        prop("statusLastModifiedOn", DateTime),
        prop("description", Str),
        prop("relatedComponent", Str),
        prop("targetDevices", Int64),
        prop("rbacGroupNames", STRINGS),
        prop("fixedDevices", Int64),
        prop("requesterNotes", Str),
        prop("dueOn", DateTime),
        prop("category", Str),
        prop("productivityImpactRemediationType", Str),
        prop("priority", Str),
        prop("completionMethod", Str),
        prop("completerId", Str),
        prop("completerEmail", Str),
        prop("scid", Str),
        prop("type", Str),
        prop("productId", Str),
        prop("vendorId", Str),
        prop("nameId", Str),
        prop("recommendedVersion", Str),
        prop("recommendedVendor", Str),
        prop("recommendedProgram", Str),
    ],
};

/// One device's antivirus health (`/api/deviceavinfo`). `avMode` is a string-coded number and
/// the `avIs*UpToDate` flags are the strings `True`/`False`/`Unknown`, as documented.
pub const DEVICE_AV_INFO: Entity = Entity {
    name: "DeviceAvInfo",
    doc: mde_doc!("device-health-api-methods-properties"),
    properties: &[
        prop("id", Str),
        prop("machineId", Str),
        prop("computerDnsName", Str),
        prop("osKind", Str),
        prop("osPlatform", Str),
        prop("osVersion", Str),
        prop("avMode", Str),
        prop("avSignatureVersion", Str),
        prop("avEngineVersion", Str),
        prop("avPlatformVersion", Str),
        prop("lastSeenTime", DateTime),
        prop("quickScanResult", Str),
        prop("quickScanError", Str),
        prop("quickScanTime", DateTime),
        prop("fullScanResult", Str),
        prop("fullScanError", Str),
        prop("fullScanTime", DateTime),
        prop("dataRefreshTimestamp", DateTime),
        prop("avEngineUpdateTime", DateTime),
        prop("avSignatureUpdateTime", DateTime),
        prop("avPlatformUpdateTime", DateTime),
        prop("avIsSignatureUpToDate", Str),
        prop("avIsEngineUpToDate", Str),
        prop("avIsPlatformUpToDate", Str),
        prop("avSignaturePublishTime", DateTime),
        prop("rbacGroupName", Str),
        prop("rbacGroupId", Int64),
    ],
};

// ---------------------------------------------------------------- authenticated scans

/// A definition's `scanAuthenticationParams`. The table writes the keys PascalCase
/// (`KeyVaultUrl`, `IsGMSAUser`); the list example sends camelCase, which is declared.
const SCAN_AUTHENTICATION_PARAMS: &[Property] = &[
    prop("@odata.type", Str),
    prop("type", Str),
    prop("keyVaultUrl", Str),
    prop("keyVaultSecretName", Str),
    prop("domain", Str),
    prop("username", Str),
    prop("isGmsaUser", Bool),
    prop("communityString", Str),
    prop("authProtocol", Str),
    prop("authPassword", Str),
    prop("privProtocol", Str),
    prop("privPassword", Str),
];

/// A definition's `scannerAgent` (get-all-scan-definitions' example: `machineName`, and three
/// PascalCase keys as the example spells them).
const SCANNER_AGENT: &[Property] = &[
    prop("id", Str),
    prop("machineId", Str),
    prop("machineName", Str),
    prop("lastSeen", DateTime),
    prop("AssignedApplicationId", Str),
    prop("ScannerSoftwareVersion", Str),
    prop("LastCommandExecutionTimestamp", DateTime),
    prop("mdeClientVersion", Str),
];

/// A definition's `latestScan`.
const LATEST_SCAN: &[Property] = &[
    prop("status", Str),
    prop("failureReason", Str),
    prop("executionDateTime", DateTime),
];

/// An authenticated scan definition. `latestScan` is in the list example, not the table.
pub const SCAN_DEFINITION: Entity = Entity {
    name: "DeviceAuthenticatedScanDefinition",
    doc: mde_doc!("get-authenticated-scan-properties"),
    properties: &[
        prop("id", Str),
        prop("scanType", Str),
        prop("scanName", Str),
        prop("isActive", Bool),
        prop("orgId", Str),
        prop("intervalInHours", Int32),
        prop("createdBy", Str),
        prop("targetType", Str),
        prop("target", Str),
        prop(
            "scanAuthenticationParams",
            Struct(SCAN_AUTHENTICATION_PARAMS),
        ),
        prop("scannerAgent", Struct(SCANNER_AGENT)),
        prop("latestScan", Struct(LATEST_SCAN)),
    ],
};

/// An authenticated scan agent (get-all-scan-agents' example, whose three PascalCase keys are
/// kept as spelled).
pub const SCAN_AGENT: Entity = Entity {
    name: "DeviceAuthenticatedScanAgent",
    doc: mde_doc!("get-all-scan-agents"),
    properties: &[
        prop("id", Str),
        prop("machineId", Str),
        prop("lastSeen", DateTime),
        prop("computerDnsName", Str),
        prop("AssignedApplicationId", Str),
        prop("ScannerSoftwareVersion", Str),
        prop("LastCommandExecutionTimestamp", DateTime),
        prop("mdeClientVersion", Str),
    ],
};

/// One scan session of a definition (`GetScanHistoryByScanDefinitionId`; PascalCase as in the
/// example, `ScanDefinitionIds` one id).
pub const SCAN_HISTORY: Entity = Entity {
    name: "ScanHistoryByDefinition",
    doc: mde_doc!("Get-scan-history-by-definition"),
    properties: &[
        prop("ScanDefinitionIds", Str),
        prop("LastScanned", DateTime),
        prop("ScanStatus", Str),
        prop("ScannerId", Str),
    ],
};

/// One scanned target of a session.
const SCANNED_TARGET: &[Property] = &[
    prop("Ip", Str),
    prop("Hostname", Str),
    prop("ScannedDeviceDescription", Str),
    prop("ErrorMessage", Str),
    prop("ScanStatus", Str),
    prop("ScanDuration", Str),
];

/// One scan session (`GetScanHistoryBySessionId`; the example's keys, PascalCase but `orgId`).
/// `ScanDuration` is `hh:mm:ss` text.
pub const SCAN_SESSION: Entity = Entity {
    name: "ScanHistoryBySession",
    doc: mde_doc!("Get-scan-history-by-session"),
    properties: &[
        prop("orgId", Str),
        prop("ScanDefinitionIds", Str),
        prop("SessionIds", Str),
        prop("NumberOfSuccessfullyScannedTargets", Int64),
        prop("NumberOfTargets", Int64),
        prop("ScanStatus", Str),
        prop("LastScanned", DateTime),
        prop("ListScannedTargets", List(&Struct(SCANNED_TARGET))),
    ],
};

// ---------------------------------------------------------------- export assessments
// The JSON flavour's rows, as the examples send them (camelCase; the tables write PascalCase).
// Their `*Timestamp` values are `YYYY-MM-DD HH:MM:SS[.fff]` without `T` or zone, which is not
// ISO-8601: they are kept as text.

/// A secure configuration assessment row (`AssetConfiguration`). `configurationImpact` is
/// documented as a string but is a number in the example.
pub const SECURE_CONFIGURATION: Entity = Entity {
    name: "AssetConfiguration",
    doc: mde_doc!("get-assessment-secure-config"),
    properties: &[
        prop("deviceId", Str),
        prop("rbacGroupName", Str),
        prop("rbacGroupId", Int64),
        prop("deviceName", Str),
        prop("osPlatform", Str),
        prop("osVersion", Str),
        prop("timestamp", Str),
        prop("configurationId", Str),
        prop("configurationCategory", Str),
        prop("configurationSubcategory", Str),
        prop("configurationImpact", Double),
        prop("isCompliant", Bool),
        prop("isApplicable", Bool),
        prop("isExpectedUserImpact", Bool),
        prop("configurationName", Str),
        prop("recommendationReference", Str),
    ],
};

/// A software inventory row (`AssetSoftware`).
pub const SOFTWARE_INVENTORY: Entity = Entity {
    name: "AssetSoftware",
    doc: mde_doc!("get-assessment-software-inventory"),
    properties: &[
        prop("deviceId", Str),
        prop("rbacGroupName", Str),
        prop("rbacGroupId", Int64),
        prop("deviceName", Str),
        prop("osPlatform", Str),
        prop("softwareVendor", Str),
        prop("softwareName", Str),
        prop("softwareVersion", Str),
        prop("numberOfWeaknesses", Int64),
        prop("diskPaths", STRINGS),
        prop("registryPaths", STRINGS),
        prop("softwareFirstSeenTimestamp", Str),
        prop("endOfSupportStatus", Str),
        prop("endOfSupportDate", DateTime),
    ],
};

/// A non-CPE software inventory row (`AssetNonCpeSoftware`).
pub const NON_CPE_SOFTWARE: Entity = Entity {
    name: "AssetNonCpeSoftware",
    doc: mde_doc!("get-assessment-non-cpe-software-inventory"),
    properties: &[
        prop("deviceId", Str),
        prop("rbacGroupId", Int64),
        prop("rbacGroupName", Str),
        prop("deviceName", Str),
        prop("osPlatform", Str),
        prop("softwareVendor", Str),
        prop("softwareName", Str),
        prop("softwareVersion", Str),
        prop("softwareLastSeenTimestamp", Str),
    ],
};

/// The properties of a software vulnerability row, shared by the full export and the delta.
/// `osVersion`, `osArchitecture` and `recommendedSecurityUpdateUrl` are in the example only.
const ASSET_VULNERABILITY_PROPS: [Property; 24] = [
    prop("id", Str),
    prop("deviceId", Str),
    prop("rbacGroupName", Str),
    prop("rbacGroupId", Int64),
    prop("deviceName", Str),
    prop("osPlatform", Str),
    prop("osVersion", Str),
    prop("osArchitecture", Str),
    prop("softwareVendor", Str),
    prop("softwareName", Str),
    prop("softwareVersion", Str),
    prop("cveId", Str),
    prop("cvssScore", Double),
    prop("vulnerabilitySeverityLevel", Str),
    prop("recommendedSecurityUpdate", Str),
    prop("recommendedSecurityUpdateId", Str),
    prop("recommendedSecurityUpdateUrl", Str),
    prop("diskPaths", STRINGS),
    prop("registryPaths", STRINGS),
    prop("lastSeenTimestamp", Str),
    prop("firstSeenTimestamp", Str),
    prop("exploitabilityLevel", Str),
    prop("recommendationReference", Str),
    prop("securityUpdateAvailable", Bool),
];

/// A software vulnerability row (`AssetVulnerability`).
pub const SOFTWARE_VULNERABILITY: Entity = Entity {
    name: "AssetVulnerability",
    doc: mde_doc!("get-assessment-software-vulnerabilities"),
    properties: &ASSET_VULNERABILITY_PROPS,
};

/// A delta row (`DeltaAssetVulnerability`): the full row plus `status`, `eventTimestamp` and the
/// table's `isOnboarded`.
pub const SOFTWARE_VULNERABILITY_CHANGE: Entity = Entity {
    name: "DeltaAssetVulnerability",
    doc: mde_doc!("get-assessment-software-vulnerabilities"),
    properties: &{
        let mut all = [prop("", Str); 27];
        let mut i = 0;
        while i < ASSET_VULNERABILITY_PROPS.len() {
            all[i] = ASSET_VULNERABILITY_PROPS[i];
            i += 1;
        }
        all[24] = prop("status", Str);
        all[25] = prop("eventTimestamp", Str);
        all[26] = prop("isOnboarded", Bool);
        all
    },
};

/// One permission a browser extension requests. The table types `Permissions` as
/// `Array[string]`; the example sends these objects.
const EXTENSION_PERMISSION: &[Property] =
    &[prop("Id", Str), prop("IsRequired", Bool), prop("Risk", Str)];

/// A browser extension row. The example's keys are PascalCase; the export pagers hand every
/// row out in the one camelCase spelling of both export flavours (see
/// `mdekit_core::api::exports::column_name`), which is what is declared. The items of
/// `permissions` keep the example's keys.
pub const BROWSER_EXTENSION: Entity = Entity {
    name: "BrowserExtension",
    doc: mde_doc!("get-assessment-browser-extensions"),
    properties: &[
        prop("deviceId", Str),
        prop("deviceName", Str),
        prop("rbacGroupId", Int64),
        prop("rbacGroupName", Str),
        prop("installationTime", DateTime),
        prop("browserName", Str),
        prop("extensionId", Str),
        prop("extensionName", Str),
        prop("extensionDescription", Str),
        prop("extensionVersion", Str),
        prop("extensionRisk", Str),
        prop("isActivated", Bool),
        prop("permissions", List(&Struct(EXTENSION_PERMISSION))),
    ],
};

/// One documented browser extension permission (`/browserextensions/permissionsinfo`).
pub const BROWSER_EXTENSION_PERMISSION: Entity = Entity {
    name: "BrowserExtensionPermission",
    doc: mde_doc!("get-browser-extensions-permission-info"),
    properties: &[
        prop("key", Str),
        prop("permissionName", Str),
        prop("description", Str),
    ],
};

/// A certificate's `subjectObject` / `issuerObject`.
const CERTIFICATE_NAME: &[Property] = &[
    prop("commonName", Str),
    prop("organization", Str),
    prop("country", Str),
];

/// A certificate inventory row (`AssetCertificateAssessment`). The table and the example
/// disagree on names (KeySize/keyLength, ExpirationDate/notAfter, IssuedTo/subjectObject...);
/// the example's wire names are declared.
pub const CERTIFICATE: Entity = Entity {
    name: "AssetCertificateAssessment",
    doc: mde_doc!("export-certificate-inventory-assessment"),
    properties: &[
        prop("deviceId", Str),
        prop("deviceName", Str),
        prop("thumbprint", Str),
        prop("path", Str),
        prop("signatureAlgorithm", Str),
        prop("keyLength", Int64),
        prop("notAfter", DateTime),
        prop("notBefore", DateTime),
        prop("subjectType", Str),
        prop("serialNumber", Str),
        prop("subjectObject", Struct(CERTIFICATE_NAME)),
        prop("issuerObject", Struct(CERTIFICATE_NAME)),
        prop("keyUsageArray", STRINGS),
        prop("extendedKeyUsageArray", STRINGS),
        prop("isSelfSigned", Bool),
        prop("rbacGroupId", Int64),
        prop("rbacGroupName", Str),
    ],
};

/// A security baseline assessment row (`AssetBaselineAssessment`). `recommendedValue`,
/// `currentValue` and `source` are documented as String but are lists in the example.
pub const SECURITY_BASELINE: Entity = Entity {
    name: "AssetBaselineAssessment",
    doc: mde_doc!("export-security-baseline-assessment"),
    properties: &[
        prop("id", Str),
        prop("configurationId", Str),
        prop("profileId", Str),
        prop("deviceId", Str),
        prop("deviceName", Str),
        prop("osPlatform", Str),
        prop("osVersion", Str),
        prop("rbacGroupId", Int64),
        prop("rbacGroupName", Str),
        prop("isApplicable", Bool),
        prop("isCompliant", Bool),
        prop("dataCollectionTimeOffset", DateTime),
        prop("complianceCalculationTimeOffset", DateTime),
        prop("recommendedValue", STRINGS),
        prop("currentValue", STRINGS),
        prop("source", STRINGS),
    ],
};

/// A security baseline profile. The table names the times `createdOnTimeOffset` /
/// `lastUpdateTimeOffset`; the example sends `createdOnTimestampUTC` / `lastUpdateTimestampUTC`,
/// which are declared. `status` is a boolean (active).
pub const BASELINE_PROFILE: Entity = Entity {
    name: "BaselineProfile",
    doc: mde_doc!("get-security-baselines-assessment-profiles"),
    properties: &[
        prop("id", Str),
        prop("name", Str),
        prop("description", Str),
        prop("benchmark", Str),
        prop("version", Str),
        prop("operatingSystem", Str),
        prop("operatingSystemVersion", Str),
        prop("status", Bool),
        prop("complianceLevel", Str),
        prop("settingsNumber", Int32),
        prop("createdBy", Str),
        prop("lastUpdatedBy", Str),
        prop("createdOnTimestampUTC", DateTime),
        prop("lastUpdateTimestampUTC", DateTime),
        prop("passedDevices", Int64),
        prop("totalDevices", Int64),
    ],
};

/// A security baseline configuration. `cce` is typed Int but is `CCE-35116-3` text in the
/// example.
pub const BASELINE_CONFIGURATION: Entity = Entity {
    name: "BaselineConfiguration",
    doc: mde_doc!("get-security-baselines-assessment-configurations"),
    properties: &[
        prop("id", Str),
        prop("uniqueId", Str),
        prop("benchmarkName", Str),
        prop("benchmarkVersion", Str),
        prop("name", Str),
        prop("description", Str),
        prop("category", Str),
        prop("complianceLevels", STRINGS),
        prop("cce", Str),
        prop("rationale", Str),
        prop("remediation", Str),
        prop("recommendedValue", STRINGS),
        prop("source", STRINGS),
        prop("isCustom", Bool),
    ],
};

/// A hardware and firmware row (`AssetHardwareFirmware`). `additionalFields` is a JSON-encoded
/// string on the wire, so it is text.
pub const HARDWARE_FIRMWARE: Entity = Entity {
    name: "AssetHardwareFirmware",
    doc: mde_doc!("export-firmware-hardware-assessment"),
    properties: &[
        prop("deviceId", Str),
        prop("rbacGroupId", Int64),
        prop("rbacGroupName", Str),
        prop("deviceName", Str),
        prop("componentType", Str),
        prop("manufacturer", Str),
        prop("componentName", Str),
        prop("componentVersion", Str),
        prop("additionalFields", Str),
    ],
};

// ---------------------------------------------------------------- Graph security

/// Graph's `alertComment`; Graph annotates each with its `@odata.type` (the post-comments
/// example).
const GRAPH_COMMENT: &[Property] = &[
    prop("@odata.type", Str),
    prop("comment", Str),
    prop("createdByDisplayName", Str),
    prop("createdDateTime", DateTime),
];

/// Graph's `security.alert`. `evidence` is a collection of `alertEvidence`, an abstract type
/// with fourteen derived types (device, file, process, user, mailbox...), each with its own
/// properties and nested objects; a struct of the base type's six properties would drop exactly
/// what evidence is read for (`deviceDnsName`, `fileDetails`, `userAccount`...). Each item is
/// therefore kept whole as JSON, its `@odata.type` naming the derived type.
/// `@odata.type` is declared because Graph sends it on every item of the list.
const SECURITY_ALERT_PROPS: &[Property] = &[
    prop("@odata.type", Str),
    prop("id", Str),
    prop("actorDisplayName", Str),
    prop("alertWebUrl", Str),
    prop("assignedTo", Str),
    prop("category", Str),
    prop("classification", Str),
    prop("comments", List(&Struct(GRAPH_COMMENT))),
    prop("createdDateTime", DateTime),
    prop("description", Str),
    prop("detectionSource", Str),
    prop("detectorId", Str),
    prop("determination", Str),
    prop("evidence", List(&Json)),
    prop("firstActivityDateTime", DateTime),
    prop("incidentId", Str),
    prop("incidentWebUrl", Str),
    prop("lastActivityDateTime", DateTime),
    prop("lastUpdateDateTime", DateTime),
    prop("mitreTechniques", STRINGS),
    prop("providerAlertId", Str),
    prop("recommendedActions", Str),
    prop("resolvedDateTime", DateTime),
    prop("serviceSource", Str),
    prop("severity", Str),
    prop("status", Str),
    prop("tenantId", Str),
    prop("threatDisplayName", Str),
    prop("threatFamilyName", Str),
    prop("title", Str),
    prop("systemTags", STRINGS),
];

/// Graph's `security.alert` (`alerts_v2`).
pub const SECURITY_ALERT: Entity = Entity {
    name: "security.alert",
    doc: graph_doc!("security-alert"),
    properties: SECURITY_ALERT_PROPS,
};

/// Graph's `security.incident`. `alerts` is its relationship, present with `$expand=alerts`.
pub const INCIDENT: Entity = Entity {
    name: "security.incident",
    doc: graph_doc!("security-incident"),
    properties: &[
        prop("@odata.type", Str),
        prop("id", Str),
        prop("assignedTo", Str),
        prop("classification", Str),
        prop("comments", List(&Struct(GRAPH_COMMENT))),
        prop("createdDateTime", DateTime),
        prop("customTags", STRINGS),
        prop("determination", Str),
        prop("displayName", Str),
        prop("incidentWebUrl", Str),
        prop("lastUpdateDateTime", DateTime),
        prop("redirectIncidentId", Str),
        prop("severity", Str),
        prop("status", Str),
        prop("tenantId", Str),
        prop("systemTags", STRINGS),
        prop("description", Str),
        prop("alerts", List(&Struct(SECURITY_ALERT_PROPS))),
    ],
};

/// Every declared entity, for tests and the docs.
pub const ENTITIES: &[&Entity] = &[
    &ALERT,
    &DOMAIN,
    &IP,
    &FILE,
    &USER,
    &MACHINE,
    &MACHINE_ACTION,
    &INDICATOR,
    &INVESTIGATION,
    &LIBRARY_FILE,
    &SOFTWARE,
    &SOFTWARE_DISTRIBUTION,
    &MACHINE_REFERENCE,
    &VULNERABILITY,
    &PRODUCT_FIX,
    &MACHINE_VULNERABILITY,
    &RECOMMENDATION,
    &EXPOSURE_SCORE,
    &REMEDIATION_TASK,
    &DEVICE_AV_INFO,
    &SCAN_DEFINITION,
    &SCAN_AGENT,
    &SCAN_HISTORY,
    &SCAN_SESSION,
    &SECURE_CONFIGURATION,
    &SOFTWARE_INVENTORY,
    &NON_CPE_SOFTWARE,
    &SOFTWARE_VULNERABILITY,
    &SOFTWARE_VULNERABILITY_CHANGE,
    &BROWSER_EXTENSION,
    &BROWSER_EXTENSION_PERMISSION,
    &CERTIFICATE,
    &SECURITY_BASELINE,
    &BASELINE_PROFILE,
    &BASELINE_CONFIGURATION,
    &HARDWARE_FIRMWARE,
    &SECURITY_ALERT,
    &INCIDENT,
];
