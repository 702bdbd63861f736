//! The shape of each entity a list operation returns, declared once: property names as the
//! service spells them and the column type each becomes in Arrow. `Pager.to_arrow()` builds
//! its columns from these, so a table has the same columns and types whether a property is
//! present, null or absent, and even when the result is empty.
//!
//! The types follow each entity's Microsoft Learn page (its "Properties" table: `String`,
//! `Nullable Long`, `DateTimeOffset`, `Enum`, collections, complex types). Enumerations are
//! strings, as the service sends them. A property the page documents as a complex type is a
//! struct, a collection is a list; a property of no fixed shape is [`ValueType::Json`] (JSON text).
//! Properties the service sends that an entity does not declare are left out of its table, so a
//! new property needs a line here (see CONTRIBUTING.md, "Adding an endpoint").

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

use ValueType::{DateTime, Int64, List, String as Str, Struct};

const STRINGS: ValueType = List(&Str);

/// The alert's `relatedUser`.
const ALERT_USER: &[Property] = &[prop("userName", Str), prop("domainName", Str)];

/// One of an alert's `comments`.
const ALERT_COMMENT: &[Property] = &[
    prop("comment", Str),
    prop("createdBy", Str),
    prop("createdTime", DateTime),
];

/// One of an alert's `evidence` (returned with `$expand=evidence`).
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

/// MDE's Alert.
pub const ALERT: Entity = Entity {
    name: "Alert",
    doc: "https://learn.microsoft.com/defender-endpoint/api/alerts",
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

/// Every declared entity, for tests and the docs.
pub const ENTITIES: &[&Entity] = &[&ALERT];
