//! Export rows, generated deterministically from the tenant's machines: row `i` of an assessment
//! is a pure function of the seed, the machines and `i`, so a page, a file or a resumed download
//! can be produced on its own without holding the export in memory.
//!
//! The JSON flavour writes the keys of each page's example (camelCase; the browser-extension
//! example is PascalCase) and the `YYYY-MM-DD HH:MM:SS[.fff]` timestamps the vulnerability,
//! inventory and secure-configuration examples show (reference `mde-api-rest.md` §5.4, §5.6-5.8).
//! The files follow the property tables instead (§5.3): PascalCase keys (`OSPlatform`, `CveId`)
//! and ISO-8601 `T...Z` timestamps, so a client meets both casings and both spellings.

use chrono::{DateTime, Duration, Utc};
use serde_json::{json, Map, Value};

/// The fields of a machine every export row repeats.
#[derive(Debug, Clone)]
pub struct Mach {
    pub id: String,
    pub name: String,
    pub os_platform: String,
    pub os_version: String,
    pub rbac_id: i64,
    pub rbac_name: String,
}

impl Mach {
    pub fn from_entity(v: &Map<String, Value>) -> Mach {
        let s = |k: &str| v.get(k).and_then(Value::as_str).unwrap_or("").to_owned();
        let version = v
            .get("osVersion")
            .and_then(Value::as_str)
            .map(str::to_owned)
            .unwrap_or_else(|| s("version"));
        Mach {
            id: s("id"),
            name: s("computerDnsName"),
            os_platform: s("osPlatform"),
            os_version: version,
            rbac_id: v.get("rbacGroupId").and_then(Value::as_i64).unwrap_or(0),
            rbac_name: v
                .get("rbacGroupName")
                .and_then(Value::as_str)
                .unwrap_or("Unassigned")
                .to_owned(),
        }
    }
}

/// The assessments of the endpoint matrix (§5.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Assessment {
    SecureConfig,
    SoftwareInventory,
    NonCpeSoftware,
    SoftwareVulnerabilities,
    BrowserExtensions,
    Certificates,
    Baselines,
    HardwareFirmware,
    InfoGathering,
}

impl Assessment {
    /// The `<ExportName>` segment of the blob path (§5.3).
    pub fn export_name(self) -> &'static str {
        match self {
            Assessment::SecureConfig => "ScaExport",
            Assessment::SoftwareInventory => "SoftwareInventory",
            Assessment::NonCpeSoftware => "NonCpeSoftwareInventory",
            Assessment::SoftwareVulnerabilities => "VaExport",
            Assessment::BrowserExtensions => "BrowserExtensions",
            Assessment::Certificates => "CertificateAssessmentExport",
            Assessment::Baselines => "BaselineAssessmentExport",
            Assessment::HardwareFirmware => "FirmwareHardwareExport",
            Assessment::InfoGathering => "InfoGatheringExport",
        }
    }

    /// Rows per machine when the tenant size is not given.
    fn per_machine(self) -> usize {
        match self {
            Assessment::SecureConfig => 6,
            Assessment::SoftwareInventory => 10,
            Assessment::NonCpeSoftware => 4,
            Assessment::SoftwareVulnerabilities => 8,
            Assessment::BrowserExtensions => 3,
            Assessment::Certificates => 3,
            Assessment::Baselines => 5,
            Assessment::HardwareFirmware => 3,
            Assessment::InfoGathering => 1,
        }
    }

    /// The largest `sasValidHours` the page documents and the default validity in hours.
    pub fn sas_hours(self) -> (i64, i64) {
        match self {
            Assessment::NonCpeSoftware | Assessment::Certificates | Assessment::InfoGathering => {
                (24, 3)
            }
            // Browser extensions and hardware/firmware document no parameter: 1 h validity.
            _ => (6, 1),
        }
    }

    /// The `@odata.context` set of the JSON flavour (§0.2).
    pub fn context(self) -> &'static str {
        match self {
            Assessment::SecureConfig => {
                "Collection(microsoft.windowsDefenderATP.api.AssetConfiguration)"
            }
            Assessment::SoftwareInventory | Assessment::BrowserExtensions => {
                "Collection(microsoft.windowsDefenderATP.api.AssetSoftware)"
            }
            Assessment::NonCpeSoftware => {
                "Collection(microsoft.windowsDefenderATP.api.AssetNonCpeSoftware)"
            }
            Assessment::SoftwareVulnerabilities => {
                "Collection(microsoft.windowsDefenderATP.api.AssetVulnerability)"
            }
            Assessment::Certificates => {
                "Collection(microsoft.windowsDefenderATP.api.AssetCertificateAssessment)"
            }
            Assessment::Baselines => {
                "Collection(microsoft.windowsDefenderATP.api.AssetBaselineAssessment)"
            }
            Assessment::HardwareFirmware => {
                "Collection(microsoft.windowsDefenderATP.api.AssetHardwareFirmware)"
            }
            Assessment::InfoGathering => {
                "Collection(microsoft.windowsDefenderATP.api.AssetInfoGathering)"
            }
        }
    }
}

/// Which flavour a row is written for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flavour {
    Json,
    File,
}

/// A snapshot's rows: the machines it covers and how many rows each assessment has.
#[derive(Debug, Clone)]
pub struct Rows {
    pub seed: u64,
    pub machines: Vec<Mach>,
    /// Software-vulnerability rows when the tenant size was set (`export_records`).
    pub vulnerability_records: Option<usize>,
    /// The snapshot time the rows' timestamps are relative to.
    pub generated: DateTime<Utc>,
}

fn mix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

const SOFTWARE: &[(&str, &str, &[&str])] = &[
    ("microsoft", "edge", &["120.0.2210.91", "121.0.2277.83"]),
    ("google", "chrome", &["119.0.6045.200", "120.0.6099.130"]),
    ("mozilla", "firefox", &["115.6.0", "121.0"]),
    ("oracle", "jre", &["8.0.3910", "17.0.9"]),
    ("adobe", "acrobat_reader", &["23.6.20360", "23.8.20421"]),
    ("7-zip", "7-zip", &["19.00", "23.01"]),
    ("microsoft", "office", &["16.0.16731", "16.0.17029"]),
    ("notepad++", "notepad++", &["8.5.8", "8.6"]),
    ("vmware", "tools", &["12.1.5", "12.3.0"]),
    ("openssl", "openssl", &["1.1.1w", "3.0.12"]),
];
const SEVERITIES: &[&str] = &["Low", "Medium", "High", "Critical"];
const EXPLOITABILITY: &[&str] = &[
    "NoExploit",
    "ExploitIsPublic",
    "ExploitIsVerified",
    "ExploitIsInKit",
];
const CONFIG_CATEGORIES: &[&str] = &[
    "Application",
    "OS",
    "Network",
    "Accounts",
    "Security controls",
];
const EOS: &[&str] = &[
    "None",
    "EOS Version",
    "Upcoming EOS Version",
    "EOS Software",
    "Upcoming EOS Software",
];
const EXTENSION_RISK: &[&str] = &["None", "Low", "Medium", "High", "Critical"];
const BROWSERS: &[&str] = &["chrome", "edge", "firefox"];

/// `YYYY-MM-DD HH:MM:SS` plus `digits` fractional digits (JSON flavour), or ISO-8601 with 7
/// digits and `Z` (files).
fn ts(t: DateTime<Utc>, digits: usize, flavour: Flavour) -> Value {
    match flavour {
        Flavour::File => Value::String(crate::time::fmt7(t)),
        Flavour::Json => {
            let base = t.format("%Y-%m-%d %H:%M:%S").to_string();
            if digits == 0 {
                Value::String(base)
            } else {
                let frac = format!("{:09}", t.timestamp_subsec_nanos());
                Value::String(format!("{base}.{}", &frac[..digits.min(9)]))
            }
        }
    }
}

/// The file flavour's key for a camelCase name: PascalCase, with the `OS` acronym upper-cased
/// as the property tables write it (`OSPlatform`).
fn file_key(key: &str) -> String {
    if let Some(rest) = key.strip_prefix("os") {
        if rest.starts_with(|c: char| c.is_ascii_uppercase()) {
            return format!("OS{rest}");
        }
    }
    let mut c = key.chars();
    match c.next() {
        Some(f) => f.to_ascii_uppercase().to_string() + c.as_str(),
        None => String::new(),
    }
}

struct Row {
    map: Map<String, Value>,
    flavour: Flavour,
    /// Keys as given (the browser-extension rows are PascalCase in both flavours).
    verbatim: bool,
}

impl Row {
    fn new(flavour: Flavour) -> Row {
        Row {
            map: Map::new(),
            flavour,
            verbatim: false,
        }
    }

    fn put(&mut self, key: &str, v: impl Into<Value>) -> &mut Row {
        let k = if self.verbatim || self.flavour == Flavour::Json {
            key.to_owned()
        } else {
            file_key(key)
        };
        self.map.insert(k, v.into());
        self
    }
}

fn guid(h: u64) -> String {
    let a = mix(h);
    let b = mix(a);
    format!(
        "{:08x}-{:04x}-{:04x}-{:04x}-{:012x}",
        a >> 32,
        (a >> 16) & 0xffff,
        a & 0xffff,
        b >> 48,
        b & 0xffff_ffff_ffff
    )
}

impl Rows {
    pub fn count(&self, a: Assessment) -> usize {
        match (a, self.vulnerability_records) {
            (Assessment::SoftwareVulnerabilities, Some(n)) => n,
            _ => self.machines.len() * a.per_machine(),
        }
    }

    fn h(&self, a: Assessment, i: usize, salt: u64) -> u64 {
        mix(self.seed ^ mix((a as u64) << 56 ^ (i as u64) ^ salt.rotate_left(17)))
    }

    /// Row `i` of assessment `a` (`i < self.count(a)`); `None` past the end or without machines.
    pub fn row(&self, a: Assessment, i: usize, flavour: Flavour) -> Option<Map<String, Value>> {
        if i >= self.count(a) || self.machines.is_empty() {
            return None;
        }
        let m = &self.machines[i % self.machines.len()];
        let k = i / self.machines.len();
        let h = |salt: u64| self.h(a, i, salt);
        let pick =
            |list: &'static [&'static str], salt: u64| list[(h(salt) % list.len() as u64) as usize];
        let hours_ago = |salt: u64, max: u64| {
            self.generated - Duration::seconds((h(salt) % (max * 3600)) as i64 + 60)
        };
        let mut r = Row::new(flavour);
        match a {
            Assessment::SoftwareVulnerabilities => {
                let (vendor, name, versions) = SOFTWARE[k % SOFTWARE.len()];
                let version = versions[(k / SOFTWARE.len()) % versions.len()];
                let cve = format!("CVE-{}-{}", 2019 + (k % 6), 10_000 + k);
                let first = hours_ago(1, 24 * 90);
                let update = h(2) % 3 != 0;
                r.put("id", format!("{}_{name}_{version}_{cve}_", m.id))
                    .put("deviceId", m.id.as_str())
                    .put("rbacGroupName", m.rbac_name.as_str())
                    .put("rbacGroupId", m.rbac_id)
                    .put("deviceName", m.name.as_str())
                    .put("osPlatform", m.os_platform.as_str())
                    .put("osVersion", m.os_version.as_str())
                    .put("osArchitecture", "x64")
                    .put("softwareVendor", vendor)
                    .put("softwareName", name)
                    .put("softwareVersion", version)
                    .put("cveId", cve)
                    .put("cvssScore", (h(3) % 100) as f64 / 10.0)
                    .put("vulnerabilitySeverityLevel", pick(SEVERITIES, 4))
                    .put(
                        "recommendedSecurityUpdate",
                        if update {
                            json!(format!("Update {name} to the latest version"))
                        } else {
                            Value::Null
                        },
                    )
                    .put(
                        "recommendedSecurityUpdateId",
                        if update {
                            json!(format!("KB{}", 5_000_000 + h(5) % 100_000))
                        } else {
                            Value::Null
                        },
                    )
                    .put(
                        "recommendedSecurityUpdateUrl",
                        if update {
                            json!("https://support.microsoft.com/help/5031356")
                        } else {
                            Value::Null
                        },
                    )
                    .put(
                        "diskPaths",
                        json!([format!("C:\\Program Files\\{vendor}\\{name}\\{name}.exe")]),
                    )
                    .put(
                        "registryPaths",
                        json!([format!("HKEY_LOCAL_MACHINE\\SOFTWARE\\{vendor}\\{name}")]),
                    )
                    .put(
                        "lastSeenTimestamp",
                        ts(hours_ago(6, 24).max(first), 0, flavour),
                    )
                    .put("firstSeenTimestamp", ts(first, 0, flavour))
                    .put("exploitabilityLevel", pick(EXPLOITABILITY, 7))
                    .put("recommendationReference", format!("va-_-{vendor}-_-{name}"))
                    .put("securityUpdateAvailable", update);
            }
            Assessment::SecureConfig => {
                let id = 10_000 + k;
                r.put("deviceId", m.id.as_str())
                    .put("rbacGroupName", m.rbac_name.as_str())
                    .put("rbacGroupId", m.rbac_id)
                    .put("deviceName", m.name.as_str())
                    .put("osPlatform", m.os_platform.as_str())
                    .put("osVersion", m.os_version.as_str())
                    .put("timestamp", ts(hours_ago(1, 24), 3, flavour))
                    .put("configurationId", format!("scid-{id}"))
                    .put("configurationCategory", pick(CONFIG_CATEGORIES, 2))
                    .put("configurationSubcategory", "Windows Defender")
                    .put("configurationImpact", (h(3) % 10 + 1) as i64)
                    .put("isCompliant", h(4) % 2 == 0)
                    .put("isApplicable", true)
                    .put("isExpectedUserImpact", h(5) % 4 == 0)
                    .put("configurationName", format!("Secure configuration {id}"))
                    .put("recommendationReference", format!("sca-_-scid-{id}"));
            }
            Assessment::SoftwareInventory => {
                let (vendor, name, versions) = SOFTWARE[k % SOFTWARE.len()];
                let version = versions[(k / SOFTWARE.len()) % versions.len()];
                let eos = pick(EOS, 2);
                r.put("deviceId", m.id.as_str())
                    .put("rbacGroupName", m.rbac_name.as_str())
                    .put("rbacGroupId", m.rbac_id)
                    .put("deviceName", m.name.as_str())
                    .put("osPlatform", m.os_platform.as_str())
                    .put("softwareVendor", vendor)
                    .put("softwareName", name)
                    .put("softwareVersion", version)
                    .put("numberOfWeaknesses", (h(3) % 40) as i64)
                    .put(
                        "diskPaths",
                        json!([format!("C:\\Program Files\\{vendor}\\{name}")]),
                    )
                    .put(
                        "registryPaths",
                        json!([format!("HKEY_LOCAL_MACHINE\\SOFTWARE\\{vendor}\\{name}")]),
                    )
                    .put(
                        "softwareFirstSeenTimestamp",
                        ts(hours_ago(4, 24 * 180), 0, flavour),
                    )
                    .put("endOfSupportStatus", eos)
                    .put(
                        "endOfSupportDate",
                        if eos == "None" {
                            Value::Null
                        } else {
                            json!(format!("{}-05-11T00:00:00+00:00", 2022 + h(5) % 5))
                        },
                    );
            }
            Assessment::NonCpeSoftware => {
                r.put("deviceId", m.id.as_str())
                    .put("rbacGroupId", m.rbac_id)
                    .put("rbacGroupName", m.rbac_name.as_str())
                    .put("deviceName", m.name.as_str())
                    .put("osPlatform", m.os_platform.as_str())
                    .put("softwareVendor", "contoso")
                    .put("softwareName", format!("line-of-business-tool-{k}"))
                    .put("softwareVersion", format!("{}.{}", 1 + h(2) % 5, h(3) % 20))
                    .put(
                        "softwareLastSeenTimestamp",
                        ts(hours_ago(4, 48), 3, flavour),
                    );
            }
            Assessment::BrowserExtensions => {
                r.verbatim = true;
                let browser = BROWSERS[k % BROWSERS.len()];
                let ext = format!("{:032x}", mix(k as u64 + 7) as u128 * 7919);
                r.put("DeviceId", m.id.as_str())
                    .put("DeviceName", m.name.as_str())
                    .put("RbacGroupId", m.rbac_id)
                    .put("RbacGroupName", m.rbac_name.as_str())
                    .put(
                        "InstallationTime",
                        crate::time::fmt7(hours_ago(2, 24 * 200)),
                    )
                    .put("BrowserName", browser)
                    .put("ExtensionId", &ext[..32])
                    .put("ExtensionName", format!("Extension {k}"))
                    .put("ExtensionDescription", "Synthetic browser extension")
                    .put(
                        "ExtensionVersion",
                        format!("{}.{}.{}", 1 + h(3) % 9, h(4) % 10, h(5) % 100),
                    )
                    .put("ExtensionRisk", pick(EXTENSION_RISK, 6))
                    .put("IsActivated", h(7) % 5 != 0)
                    .put(
                        "Permissions",
                        json!([
                            {"Id": "storage", "IsRequired": true, "Risk": "Low"},
                            {"Id": "tabs", "IsRequired": h(8) % 2 == 0, "Risk": "Medium"},
                        ]),
                    );
            }
            Assessment::Certificates => {
                let thumb = format!("{:016X}{:016X}{:08X}", h(1), h(2), h(3) as u32);
                let not_before = hours_ago(4, 24 * 700);
                let not_after = not_before + Duration::days(365 + (h(5) % 1000) as i64);
                r.put("deviceId", m.id.as_str())
                    .put("deviceName", m.name.as_str())
                    .put("thumbprint", thumb.as_str())
                    .put("path", format!("LocalMachine\\My\\{thumb}"))
                    .put("signatureAlgorithm", ["sha256RSA", "sha384ECDSA", "sha1RSA"][k % 3])
                    .put("keyLength", [2048_i64, 384, 4096][k % 3])
                    .put("notAfter", crate::time::fmt7(not_after))
                    .put("notBefore", crate::time::fmt7(not_before))
                    .put("subjectType", if k % 3 == 0 { "CA" } else { "End entity" })
                    .put("serialNumber", format!("{:032x}", h(6) as u128 * 31))
                    .put("subjectObject", json!({"commonName": m.name, "organization": "Contoso", "country": "US"}))
                    .put("issuerObject", json!({"commonName": "Contoso Issuing CA", "organization": "Contoso", "country": "US"}))
                    .put("keyUsageArray", json!(["Digital Signature", "Key Encipherment"]))
                    .put(
                        "extendedKeyUsageArray",
                        if k % 2 == 0 { json!(["Server Authentication"]) } else { Value::Null },
                    )
                    .put("isSelfSigned", k % 3 == 0)
                    .put("rbacGroupId", m.rbac_id)
                    .put("rbacGroupName", m.rbac_name.as_str());
            }
            Assessment::Baselines => {
                let profile = profile_guid(self.seed, k as u64 % 2);
                let config = format!("{}.{}.{}", 1 + k % 9, 1 + (k / 9) % 9, 1 + h(1) % 9);
                let compliant = h(2) % 3 != 0;
                r.put("id", format!("{}_{profile}_{config}", m.id))
                    .put("configurationId", config.as_str())
                    .put("profileId", profile.as_str())
                    .put("deviceId", m.id.as_str())
                    .put("deviceName", m.name.as_str())
                    .put("osPlatform", m.os_platform.as_str())
                    .put("osVersion", m.os_version.as_str())
                    .put("rbacGroupId", m.rbac_id)
                    .put("rbacGroupName", m.rbac_name.as_str())
                    .put("isApplicable", true)
                    .put("isCompliant", compliant)
                    .put(
                        "dataCollectionTimeOffset",
                        crate::time::fmt7(hours_ago(3, 24)),
                    )
                    .put(
                        "complianceCalculationTimeOffset",
                        crate::time::fmt7(hours_ago(4, 12)),
                    )
                    .put("recommendedValue", json!(["Enabled"]))
                    .put(
                        "currentValue",
                        json!([if compliant { "Enabled" } else { "Disabled" }]),
                    )
                    .put(
                        "source",
                        json!([format!("HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\{config}")]),
                    );
            }
            Assessment::HardwareFirmware => {
                let (ty, manufacturer, name, version) = [
                    ("Hardware", "Contoso Devices", "Surface Laptop 5", "1.0"),
                    ("Bios", "Contoso Devices", "UEFI", "21.105.143"),
                    ("Processor", "Intel", "Core i7-1265U", "12"),
                ][k % 3];
                let additional = json!({"SystemSKU": format!("SKU-{}", h(1) % 1000), "BaseBoardManufacturer": manufacturer});
                r.put("deviceId", m.id.as_str())
                    .put("rbacGroupId", m.rbac_id)
                    .put("rbacGroupName", m.rbac_name.as_str())
                    .put("deviceName", m.name.as_str())
                    .put("componentType", ty)
                    .put("manufacturer", manufacturer)
                    .put("componentName", name)
                    .put("componentVersion", version)
                    .put("additionalFields", additional.to_string());
            }
            Assessment::InfoGathering => {
                let up = |salt: u64| if h(salt) % 10 == 0 { "False" } else { "True" };
                let av_mode = ["0", "1", "2", "4"][(h(2) % 4) as usize];
                let quick_scan = ["Completed", "Failed", ""][(h(7) % 3) as usize];
                let tls = ["1.2", "1.3"][(h(8) % 2) as usize];
                r.put("deviceId", m.id.as_str())
                    .put("deviceName", m.name.as_str())
                    .put("rbacGroupId", m.rbac_id)
                    .put("rbacGroupName", m.rbac_name.as_str())
                    .put("osPlatform", m.os_platform.as_str())
                    .put("lastSeenTime", crate::time::fmt7(hours_ago(1, 24)))
                    .put(
                        "deviceGatheredInfo",
                        json!({
                            "avMode": av_mode,
                            "avSignatureVersion": format!("1.403.{}.0", 1000 + h(3) % 500),
                            "avEngineVersion": "1.1.23110.2",
                            "avPlatformVersion": "4.18.23110.3",
                            "avIsSignatureUpToDate": up(4),
                            "avIsEngineUpToDate": up(5),
                            "avIsPlatformUpToDate": up(6),
                            "quickScanResult": quick_scan,
                            "tlsVersion": tls,
                        }),
                    );
            }
        }
        Some(r.map)
    }

    /// The delta event of software-vulnerability row `i`, if it has one: `(status, time)`.
    /// About one row in five changed within the last 14 days, in 6-hour buckets (§5.5).
    pub fn change(&self, i: usize) -> Option<(&'static str, DateTime<Utc>)> {
        let h = self.h(Assessment::SoftwareVulnerabilities, i, 99);
        if h % 5 != 0 {
            return None;
        }
        let status = ["New", "Fixed", "Updated"][((h >> 8) % 3) as usize];
        let bucket = (h >> 16) % (14 * 4);
        Some((
            status,
            bucket_start(self.generated) - Duration::hours(6 * bucket as i64),
        ))
    }

    /// The delta row of software-vulnerability row `i` (full row + `status`, `eventTimestamp`,
    /// `isOnboarded`), or `None` when the row did not change.
    pub fn change_row(&self, i: usize) -> Option<Map<String, Value>> {
        let (status, when) = self.change(i)?;
        let mut row = self.row(Assessment::SoftwareVulnerabilities, i, Flavour::Json)?;
        row.insert("status".into(), json!(status));
        row.insert("eventTimestamp".into(), ts(when, 0, Flavour::Json));
        row.insert("isOnboarded".into(), json!(true));
        Some(row)
    }
}

/// The start of the 6-hour bucket holding `t` (snapshots and deltas are produced per bucket).
pub fn bucket_start(t: DateTime<Utc>) -> DateTime<Utc> {
    let secs = t.timestamp();
    let start = secs - secs.rem_euclid(6 * 3600);
    DateTime::from_timestamp(start, 0).unwrap_or(t)
}

/// The id of synthetic baseline profile `k` (the profiles list and the assessment rows agree).
pub fn profile_guid(seed: u64, k: u64) -> String {
    guid(seed ^ 0xba5e ^ k)
}

/// A deterministic GUID for a snapshot's file names.
pub fn snapshot_guid(seed: u64, a: Assessment, generated: DateTime<Utc>) -> String {
    guid(seed ^ mix(a as u64) ^ generated.timestamp() as u64)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows() -> Rows {
        Rows {
            seed: 1,
            machines: (0..3)
                .map(|n| Mach {
                    id: format!("{n:040x}"),
                    name: format!("m{n}.contoso.com"),
                    os_platform: "Windows11".into(),
                    os_version: "10.0.22631".into(),
                    rbac_id: 1,
                    rbac_name: "Group".into(),
                })
                .collect(),
            vulnerability_records: None,
            generated: DateTime::from_timestamp(1_700_000_000, 0).unwrap_or_default(),
        }
    }

    #[test]
    fn rows_are_deterministic_and_unique() {
        let r = rows();
        let a = Assessment::SoftwareVulnerabilities;
        assert_eq!(r.count(a), 24);
        assert_eq!(r.row(a, 5, Flavour::Json), r.row(a, 5, Flavour::Json));
        let ids: std::collections::HashSet<String> = (0..r.count(a))
            .filter_map(|i| r.row(a, i, Flavour::Json))
            .map(|m| m["id"].as_str().unwrap_or("").to_owned())
            .collect();
        assert_eq!(ids.len(), 24);
        assert!(r.row(a, 24, Flavour::Json).is_none());
    }

    #[test]
    fn files_use_the_property_tables_casing_and_iso_times() {
        let r = rows();
        let a = Assessment::SoftwareVulnerabilities;
        let json = r.row(a, 0, Flavour::Json).unwrap_or_default();
        let file = r.row(a, 0, Flavour::File).unwrap_or_default();
        assert!(json.contains_key("osPlatform") && file.contains_key("OSPlatform"));
        assert!(file.contains_key("CveId") && file.contains_key("Id"));
        let j = json["firstSeenTimestamp"].as_str().unwrap_or("");
        let f = file["FirstSeenTimestamp"].as_str().unwrap_or("");
        assert!(!j.contains('T') && !j.ends_with('Z'), "{j}");
        assert!(f.contains('T') && f.ends_with('Z'), "{f}");
    }
}
