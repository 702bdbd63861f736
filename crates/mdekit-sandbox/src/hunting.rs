//! Advanced-hunting tables: documented schemas, stored rows and column types.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    pub name: String,
    pub ty: String,
}

#[derive(Debug, Clone, Default)]
pub struct Table {
    pub name: String,
    pub columns: Vec<Column>,
    /// Rows exactly as loaded or generated; a row may lack columns another source of the same table has.
    pub rows: Vec<Map<String, Value>>,
    /// The rows as typed values, built on the first query (see `kql::typed_rows`).
    pub typed: std::sync::OnceLock<std::sync::Arc<Vec<crate::kql_value::Row>>>,
}

#[derive(Debug, Default)]
pub struct Tables {
    by_name: BTreeMap<String, Table>,
}

impl Tables {
    /// Appends rows to `name`, creating it if needed; the schema becomes the union of both, existing columns first.
    pub fn append(&mut self, name: &str, columns: Vec<Column>, rows: Vec<Map<String, Value>>) {
        let table = self
            .by_name
            .entry(name.to_string())
            .or_insert_with(|| Table {
                name: name.to_string(),
                ..Table::default()
            });
        for c in columns {
            if !table.columns.iter().any(|e| e.name == c.name) {
                table.columns.push(c);
            }
        }
        table.rows.extend(rows);
        table.typed = std::sync::OnceLock::new();
    }

    /// KQL table names are case-sensitive.
    pub fn get(&self, name: &str) -> Option<&Table> {
        self.by_name.get(name)
    }

    pub fn summary(&self) -> Vec<(String, usize)> {
        self.by_name
            .values()
            .map(|t| (t.name.clone(), t.rows.len()))
            .collect()
    }
}

const INITIATING: &str = "InitiatingProcessAccountDomain InitiatingProcessAccountName InitiatingProcessAccountSid \
    InitiatingProcessAccountUpn InitiatingProcessAccountObjectId InitiatingProcessSHA1 InitiatingProcessSHA256 \
    InitiatingProcessMD5 InitiatingProcessFileName InitiatingProcessFileSize:Int64 \
    InitiatingProcessVersionInfoCompanyName InitiatingProcessVersionInfoProductName \
    InitiatingProcessVersionInfoProductVersion InitiatingProcessVersionInfoInternalFileName \
    InitiatingProcessVersionInfoOriginalFileName InitiatingProcessVersionInfoFileDescription \
    InitiatingProcessId:Int64 InitiatingProcessCommandLine InitiatingProcessCreationTime:DateTime \
    InitiatingProcessFolderPath InitiatingProcessParentId:Int64 InitiatingProcessParentFileName \
    InitiatingProcessParentCreationTime:DateTime InitiatingProcessIntegrityLevel InitiatingProcessTokenElevation \
    InitiatingProcessLogonId:Int64";

const TAIL: &str = "ReportId:Int64 AppGuardContainerId AdditionalFields:Dynamic";

/// Column lists of the documented advanced-hunting tables (Microsoft Defender XDR schema reference), used to type
/// loaded columns and to recognise a file's table from its columns. `Name:Type`; the type defaults to String.
const KNOWN: &[(&str, &str)] = &[
    (
        "DeviceInfo",
        "Timestamp:DateTime DeviceId DeviceName ClientVersion PublicIP OSArchitecture OSPlatform OSBuild:Int64 \
         IsAzureADJoined:Boolean JoinType AadDeviceId LoggedOnUsers:Dynamic RegistryDeviceTag OSVersion MachineGroup \
         ReportId:Int64 OnboardingStatus AdditionalFields:Dynamic DeviceCategory DeviceType DeviceSubtype Model Vendor \
         OSDistribution OSVersionInfo MergedDeviceIds MergedToDeviceId SensorHealthState IsExcluded:Boolean \
         ExclusionReason ExposureLevel AssetValue DeviceManualTags:Dynamic DeviceDynamicTags:Dynamic \
         IsInternetFacing:Boolean",
    ),
    (
        "DeviceProcessEvents",
        "Timestamp:DateTime DeviceId DeviceName ActionType FileName FolderPath SHA1 SHA256 MD5 FileSize:Int64 \
         ProcessVersionInfoCompanyName ProcessVersionInfoProductName ProcessVersionInfoProductVersion \
         ProcessVersionInfoInternalFileName ProcessVersionInfoOriginalFileName ProcessVersionInfoFileDescription \
         ProcessId:Int64 ProcessCommandLine ProcessIntegrityLevel ProcessTokenElevation ProcessCreationTime:DateTime \
         AccountDomain AccountName AccountSid AccountUpn AccountObjectId LogonId:Int64 InitiatingProcessAccountDomain \
         InitiatingProcessAccountName InitiatingProcessAccountSid InitiatingProcessAccountUpn \
         InitiatingProcessAccountObjectId InitiatingProcessLogonId:Int64 InitiatingProcessIntegrityLevel \
         InitiatingProcessTokenElevation InitiatingProcessSHA1 InitiatingProcessSHA256 InitiatingProcessMD5 \
         InitiatingProcessFileName InitiatingProcessFileSize:Int64 InitiatingProcessVersionInfoCompanyName \
         InitiatingProcessVersionInfoProductName InitiatingProcessVersionInfoProductVersion \
         InitiatingProcessVersionInfoInternalFileName InitiatingProcessVersionInfoOriginalFileName \
         InitiatingProcessVersionInfoFileDescription InitiatingProcessId:Int64 InitiatingProcessCommandLine \
         InitiatingProcessCreationTime:DateTime InitiatingProcessFolderPath InitiatingProcessParentId:Int64 \
         InitiatingProcessParentFileName InitiatingProcessParentCreationTime:DateTime InitiatingProcessSignerType \
         InitiatingProcessSignatureStatus ReportId:Int64 AppGuardContainerId AdditionalFields:Dynamic",
    ),
    (
        "DeviceNetworkEvents",
        "Timestamp:DateTime DeviceId DeviceName ActionType RemoteIP RemotePort:Int32 RemoteUrl LocalIP \
         LocalPort:Int32 Protocol LocalIPType RemoteIPType @I @T",
    ),
    (
        "DeviceFileEvents",
        "Timestamp:DateTime DeviceId DeviceName ActionType FileName FolderPath SHA1 SHA256 MD5 FileOriginUrl \
         FileOriginReferrerUrl FileOriginIP PreviousFolderPath PreviousFileName FileSize:Int64 @I RequestProtocol \
         ShareName RequestSourceIP RequestSourcePort:Int32 RequestAccountName RequestAccountDomain RequestAccountSid \
         SensitivityLabel SensitivitySubLabel IsAzureInfoProtectionApplied:Boolean @T",
    ),
    (
        "DeviceLogonEvents",
        "Timestamp:DateTime DeviceId DeviceName ActionType LogonType AccountDomain AccountName AccountSid Protocol \
         FailureReason IsLocalAdmin:Boolean LogonId:Int64 RemoteDeviceName RemoteIP RemoteIPType RemotePort:Int32 @I @T",
    ),
    (
        "DeviceRegistryEvents",
        "Timestamp:DateTime DeviceId DeviceName ActionType RegistryKey RegistryValueType RegistryValueName \
         RegistryValueData PreviousRegistryKey PreviousRegistryValueName PreviousRegistryValueData @I @T",
    ),
    (
        "DeviceEvents",
        "Timestamp:DateTime DeviceId DeviceName ActionType FileName FolderPath SHA1 SHA256 MD5 FileSize:Int64 \
         AccountDomain AccountName AccountSid RemoteUrl RemoteDeviceName ProcessId:Int64 ProcessCommandLine \
         ProcessCreationTime:DateTime ProcessTokenElevation LogonId:Int64 RegistryKey RegistryValueName \
         RegistryValueData RemoteIP RemotePort:Int32 LocalIP LocalPort:Int32 FileOriginUrl FileOriginIP @I @T",
    ),
    (
        "DeviceNetworkInfo",
        "Timestamp:DateTime DeviceId DeviceName NetworkAdapterName MacAddress NetworkAdapterType NetworkAdapterStatus \
         TunnelType ConnectedNetworks:Dynamic DnsAddresses:Dynamic IPv4Dhcp IPv6Dhcp DefaultGateways:Dynamic \
         IPAddresses:Dynamic ReportId:Int64 NetworkAdapterVendor",
    ),
    (
        "IdentityLogonEvents",
        "Timestamp:DateTime ActionType Application LogonType Protocol FailureReason AccountName AccountDomain \
         AccountUpn AccountSid AccountObjectId AccountDisplayName DeviceName DeviceType OSPlatform IPAddress \
         Port:Int32 DestinationDeviceName DestinationIPAddress DestinationPort:Int32 TargetDeviceName \
         TargetAccountDisplayName Location ISP ReportId AdditionalFields:Dynamic",
    ),
    ("AlertInfo", "Timestamp:DateTime AlertId Title Category Severity ServiceSource DetectionSource AttackTechniques"),
    (
        "AlertEvidence",
        "Timestamp:DateTime AlertId Title Categories AttackTechniques ServiceSource DetectionSource EntityType \
         EvidenceRole EvidenceDirection FileName FolderPath SHA1 SHA256 FileSize:Int64 ThreatFamily RemoteIP \
         RemoteUrl AccountName AccountDomain AccountSid AccountObjectId AccountUpn DeviceId DeviceName LocalIP \
         NetworkMessageId EmailSubject ApplicationId:Int32 Application ProcessCommandLine AdditionalFields:Dynamic \
         RegistryKey RegistryValueName RegistryValueData Severity",
    ),
];

/// Tables of the other Defender XDR workloads (Identity, Office 365, Cloud Apps): Graph's
/// `runHuntingQuery` reads them; the MDE API's advanced hunting, which "can query fewer tables"
/// (run-advanced-query-api), answers as for an unknown table.
pub fn graph_only(name: &str) -> bool {
    ["Identity", "Email", "CloudApp", "UrlClick", "AAD"]
        .iter()
        .any(|p| name.starts_with(p))
}

pub fn known_names() -> impl Iterator<Item = &'static str> {
    KNOWN.iter().map(|(n, _)| *n)
}

/// The documented columns of a known table, in schema order.
pub fn known_schema(name: &str) -> Option<Vec<Column>> {
    let (_, spec) = KNOWN.iter().find(|(n, _)| *n == name)?;
    let mut out = Vec::new();
    for word in spec.split_whitespace() {
        let expanded = match word {
            "@I" => INITIATING,
            "@T" => TAIL,
            w => w,
        };
        for w in expanded.split_whitespace() {
            let (name, ty) = w.split_once(':').unwrap_or((w, "String"));
            out.push(Column {
                name: name.to_string(),
                ty: ty.to_string(),
            });
        }
    }
    Some(out)
}

/// A column type for values with no documented type: numbers, booleans, objects, and strings that all read as
/// ISO-8601 date-times.
pub fn infer_type<'a>(values: impl Iterator<Item = &'a Value>) -> String {
    let mut seen: Option<&'static str> = None;
    for v in values {
        let t = match v {
            Value::Null => continue,
            Value::Bool(_) => "Boolean",
            Value::Number(n) if n.is_i64() || n.is_u64() => "Int64",
            Value::Number(_) => "Double",
            Value::Object(_) | Value::Array(_) => "Dynamic",
            Value::String(s)
                if s.len() >= 19
                    && s.as_bytes().get(10) == Some(&b'T')
                    && crate::time::parse(s).is_some() =>
            {
                "DateTime"
            }
            Value::String(_) => "String",
        };
        seen = Some(match (seen, t) {
            (None, t) => t,
            (Some(a), b) if a == b => a,
            (Some("Int64"), "Double") | (Some("Double"), "Int64") => "Double",
            _ => "String",
        });
    }
    seen.unwrap_or("String").to_string()
}
