//! Synthetic rows of the event tables that `synth.rs` does not fill: DeviceNetworkEvents,
//! DeviceFileEvents, DeviceLogonEvents, DeviceRegistryEvents and AlertEvidence. Every row names a
//! machine of the tenant (DeviceId, DeviceName, its IP) and the evidence rows are the alerts' own
//! evidence, so joins across tables and with the API agree.
//!
//! A separate random stream (derived from the seed) keeps the other tables unchanged.

use chrono::{DateTime, Duration, Utc};
use rand::seq::IndexedRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde_json::{json, Map, Value};

use crate::hunting::{known_schema, Tables};
use crate::synth_common::{file_hashes, schema_row, USERS};
use crate::time::fmt7;

type Rng8 = ChaCha8Rng;

fn when(rng: &mut Rng8, now: DateTime<Utc>) -> DateTime<Utc> {
    now - Duration::seconds(rng.random_range(0..30 * 86_400))
        - Duration::nanoseconds(rng.random_range(0..10_000_000) * 100)
}

fn s(m: &Map<String, Value>, k: &str) -> Value {
    m.get(k).cloned().unwrap_or(Value::Null)
}

fn user_sid(user: &str) -> String {
    let i = USERS.iter().position(|u| *u == user).unwrap_or(0);
    format!("S-1-5-21-1004336348-1177238915-682003330-{}", 1100 + i)
}

/// The initiating-process columns shared by the event tables.
fn initiating(rng: &mut Rng8, v: &mut Map<String, Value>, file: &str, folder: &str, command: &str) {
    let (sha1, sha256, md5) = file_hashes(file);
    let user = *USERS.choose(rng).unwrap_or(&"adele.vance");
    let mut put = |k: &str, x: Value| {
        v.insert(k.to_string(), x);
    };
    put("InitiatingProcessFileName", json!(file));
    put("InitiatingProcessFolderPath", json!(folder.to_lowercase()));
    put("InitiatingProcessCommandLine", json!(command));
    put("InitiatingProcessSHA1", json!(sha1));
    put("InitiatingProcessSHA256", json!(sha256));
    put("InitiatingProcessMD5", json!(md5));
    put("InitiatingProcessId", json!(rng.random_range(400..20_000)));
    put("InitiatingProcessAccountDomain", json!("contoso"));
    put("InitiatingProcessAccountName", json!(user));
    put("InitiatingProcessAccountSid", json!(user_sid(user)));
    put(
        "InitiatingProcessAccountUpn",
        json!(format!("{user}@contoso.com")),
    );
    put("InitiatingProcessIntegrityLevel", json!("Medium"));
    put(
        "InitiatingProcessTokenElevation",
        json!("TokenElevationTypeDefault"),
    );
}

const REMOTES: &[(&str, &str, i64)] = &[
    ("20.190.160.20", "login.microsoftonline.com", 443),
    ("13.107.42.14", "outlook.office365.com", 443),
    ("52.96.165.18", "graph.microsoft.com", 443),
    ("198.51.100.7", "", 80),
    ("203.0.113.50", "update-check.example.net", 443),
    ("10.10.0.5", "dc01.contoso.local", 445),
    ("10.10.0.53", "", 53),
    ("10.12.3.40", "", 3389),
];

fn network_events(
    rng: &mut Rng8,
    tables: &mut Tables,
    machines: &[Map<String, Value>],
    now: DateTime<Utc>,
) {
    let Some(columns) = known_schema("DeviceNetworkEvents") else {
        return;
    };
    let mut rows = Vec::new();
    for m in machines {
        for _ in 0..3 {
            let (ip, url, port) = *REMOTES.choose(rng).unwrap_or(&REMOTES[0]);
            let mut v = Map::new();
            let ts = when(rng, now);
            let action = if rng.random_bool(0.85) {
                "ConnectionSuccess"
            } else {
                "ConnectionFailed"
            };
            v.insert("Timestamp".into(), json!(fmt7(ts)));
            v.insert("DeviceId".into(), s(m, "id"));
            v.insert("DeviceName".into(), s(m, "computerDnsName"));
            v.insert("ActionType".into(), json!(action));
            v.insert("RemoteIP".into(), json!(ip));
            v.insert("RemotePort".into(), json!(port));
            v.insert("RemoteUrl".into(), json!(url));
            v.insert("LocalIP".into(), s(m, "lastIpAddress"));
            v.insert("LocalPort".into(), json!(rng.random_range(49_152..65_535)));
            v.insert(
                "Protocol".into(),
                json!(if port == 53 { "Udp" } else { "Tcp" }),
            );
            v.insert("LocalIPType".into(), json!("Private"));
            v.insert(
                "RemoteIPType".into(),
                json!(if ip.starts_with("10.") {
                    "Private"
                } else {
                    "Public"
                }),
            );
            let (file, folder, cmd) = if port == 445 || port == 3389 {
                (
                    "svchost.exe",
                    "C:\\Windows\\System32",
                    "svchost.exe -k netsvcs -p",
                )
            } else {
                (
                    "msedge.exe",
                    "C:\\Program Files (x86)\\Microsoft\\Edge\\Application",
                    "\"msedge.exe\"",
                )
            };
            initiating(rng, &mut v, file, folder, cmd);
            v.insert("ReportId".into(), json!(rng.random_range(1..1_000_000)));
            v.insert("AppGuardContainerId".into(), json!(""));
            v.insert("AdditionalFields".into(), json!({}));
            rows.push((ts, schema_row(&columns, v)));
        }
    }
    rows.sort_by_key(|(t, _)| *t);
    tables.append(
        "DeviceNetworkEvents",
        columns,
        rows.into_iter().map(|(_, r)| r).collect(),
    );
}

const FILES: &[(&str, &str, &str)] = &[
    (
        "FileCreated",
        "Invoice_0042.docm",
        "C:\\Users\\Public\\Downloads",
    ),
    ("FileCreated", "a.exe", "C:\\Users\\Public"),
    (
        "FileModified",
        "budget.xlsx",
        "C:\\Users\\Public\\Documents",
    ),
    ("FileDeleted", "setup.tmp", "C:\\Windows\\Temp"),
    (
        "FileRenamed",
        "report.pdf.lockbit",
        "C:\\Users\\Public\\Documents",
    ),
];

fn file_events(
    rng: &mut Rng8,
    tables: &mut Tables,
    machines: &[Map<String, Value>],
    now: DateTime<Utc>,
) {
    let Some(columns) = known_schema("DeviceFileEvents") else {
        return;
    };
    let mut rows = Vec::new();
    for m in machines {
        for _ in 0..2 {
            let (action, file, folder) = *FILES.choose(rng).unwrap_or(&FILES[0]);
            let (sha1, sha256, md5) = file_hashes(file);
            let ts = when(rng, now);
            let mut v = Map::new();
            v.insert("Timestamp".into(), json!(fmt7(ts)));
            v.insert("DeviceId".into(), s(m, "id"));
            v.insert("DeviceName".into(), s(m, "computerDnsName"));
            v.insert("ActionType".into(), json!(action));
            v.insert("FileName".into(), json!(file));
            v.insert("FolderPath".into(), json!(format!("{folder}\\{file}")));
            v.insert("SHA1".into(), json!(sha1));
            v.insert("SHA256".into(), json!(sha256));
            v.insert("MD5".into(), json!(md5));
            v.insert("FileSize".into(), json!(rng.random_range(1_000..5_000_000)));
            if file == "a.exe" {
                v.insert("FileOriginUrl".into(), json!("http://198.51.100.7/a.exe"));
                v.insert("FileOriginIP".into(), json!("198.51.100.7"));
            }
            if action == "FileRenamed" {
                v.insert("PreviousFileName".into(), json!("report.pdf"));
                v.insert("PreviousFolderPath".into(), json!(folder));
            }
            v.insert("IsAzureInfoProtectionApplied".into(), json!(false));
            initiating(rng, &mut v, "explorer.exe", "C:\\Windows", "explorer.exe");
            v.insert("ReportId".into(), json!(rng.random_range(1..1_000_000)));
            v.insert("AppGuardContainerId".into(), json!(""));
            v.insert("AdditionalFields".into(), json!({}));
            rows.push((ts, schema_row(&columns, v)));
        }
    }
    rows.sort_by_key(|(t, _)| *t);
    tables.append(
        "DeviceFileEvents",
        columns,
        rows.into_iter().map(|(_, r)| r).collect(),
    );
}

fn logon_events(
    rng: &mut Rng8,
    tables: &mut Tables,
    machines: &[Map<String, Value>],
    now: DateTime<Utc>,
) {
    let Some(columns) = known_schema("DeviceLogonEvents") else {
        return;
    };
    let mut rows = Vec::new();
    for m in machines {
        for _ in 0..2 {
            let user = *USERS.choose(rng).unwrap_or(&"adele.vance");
            let failed = rng.random_bool(0.15);
            let logon_type = *["Interactive", "Network", "RemoteInteractive", "Unlock"]
                .choose(rng)
                .unwrap_or(&"Interactive");
            let ts = when(rng, now);
            let mut v = Map::new();
            v.insert("Timestamp".into(), json!(fmt7(ts)));
            v.insert("DeviceId".into(), s(m, "id"));
            v.insert("DeviceName".into(), s(m, "computerDnsName"));
            v.insert(
                "ActionType".into(),
                json!(if failed {
                    "LogonFailed"
                } else {
                    "LogonSuccess"
                }),
            );
            v.insert("LogonType".into(), json!(logon_type));
            v.insert("AccountDomain".into(), json!("contoso"));
            v.insert("AccountName".into(), json!(user));
            v.insert("AccountSid".into(), json!(user_sid(user)));
            v.insert(
                "Protocol".into(),
                json!(if logon_type == "Network" {
                    "NTLM"
                } else {
                    "Negotiate"
                }),
            );
            v.insert(
                "FailureReason".into(),
                json!(if failed {
                    "InvalidUserNameOrPassword"
                } else {
                    ""
                }),
            );
            v.insert("IsLocalAdmin".into(), json!(rng.random_bool(0.2)));
            v.insert(
                "LogonId".into(),
                json!(rng.random_range(100_000..9_999_999)),
            );
            if logon_type == "Network" || logon_type == "RemoteInteractive" {
                v.insert(
                    "RemoteIP".into(),
                    json!(format!(
                        "10.{}.{}.{}",
                        rng.random_range(10..15),
                        rng.random_range(0..64),
                        rng.random_range(2..254)
                    )),
                );
                v.insert("RemoteIPType".into(), json!("Private"));
                v.insert("RemotePort".into(), json!(rng.random_range(49_152..65_535)));
            }
            initiating(
                rng,
                &mut v,
                "lsass.exe",
                "C:\\Windows\\System32",
                "lsass.exe",
            );
            v.insert("ReportId".into(), json!(rng.random_range(1..1_000_000)));
            v.insert("AppGuardContainerId".into(), json!(""));
            v.insert("AdditionalFields".into(), json!({}));
            rows.push((ts, schema_row(&columns, v)));
        }
    }
    rows.sort_by_key(|(t, _)| *t);
    tables.append(
        "DeviceLogonEvents",
        columns,
        rows.into_iter().map(|(_, r)| r).collect(),
    );
}

const KEYS: &[(&str, &str, &str)] = &[
    (
        "HKEY_CURRENT_USER\\Software\\Microsoft\\Windows\\CurrentVersion\\Run",
        "updater",
        "C:\\Users\\Public\\upd.exe",
    ),
    (
        "HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Services\\upd",
        "ImagePath",
        "C:\\Windows\\Temp\\upd.exe",
    ),
    (
        "HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Microsoft\\Windows Defender",
        "DisableAntiSpyware",
        "1",
    ),
    (
        "HKEY_CURRENT_USER\\Software\\Microsoft\\Office\\16.0\\Word\\Security",
        "VBAWarnings",
        "1",
    ),
];

fn registry_events(
    rng: &mut Rng8,
    tables: &mut Tables,
    machines: &[Map<String, Value>],
    now: DateTime<Utc>,
) {
    let Some(columns) = known_schema("DeviceRegistryEvents") else {
        return;
    };
    let mut rows = Vec::new();
    for m in machines.iter().filter(|m| {
        m.get("osPlatform")
            .and_then(Value::as_str)
            .is_some_and(|p| p.starts_with("Windows"))
    }) {
        let (key, name, data) = *KEYS.choose(rng).unwrap_or(&KEYS[0]);
        let ts = when(rng, now);
        let mut v = Map::new();
        v.insert("Timestamp".into(), json!(fmt7(ts)));
        v.insert("DeviceId".into(), s(m, "id"));
        v.insert("DeviceName".into(), s(m, "computerDnsName"));
        v.insert("ActionType".into(), json!("RegistryValueSet"));
        v.insert("RegistryKey".into(), json!(key));
        v.insert(
            "RegistryValueType".into(),
            json!(if data == "1" { "Dword" } else { "String" }),
        );
        v.insert("RegistryValueName".into(), json!(name));
        v.insert("RegistryValueData".into(), json!(data));
        initiating(
            rng,
            &mut v,
            "reg.exe",
            "C:\\Windows\\System32",
            "reg.exe add",
        );
        v.insert("ReportId".into(), json!(rng.random_range(1..1_000_000)));
        v.insert("AppGuardContainerId".into(), json!(""));
        v.insert("AdditionalFields".into(), json!({}));
        rows.push((ts, schema_row(&columns, v)));
    }
    rows.sort_by_key(|(t, _)| *t);
    tables.append(
        "DeviceRegistryEvents",
        columns,
        rows.into_iter().map(|(_, r)| r).collect(),
    );
}

/// One row per evidence entity of each alert, plus the alert's machine.
fn alert_evidence(tables: &mut Tables, alerts: &[Map<String, Value>]) {
    let Some(columns) = known_schema("AlertEvidence") else {
        return;
    };
    let mut rows = Vec::new();
    for a in alerts {
        let base = |entity: &str, role: &str| {
            let mut v = Map::new();
            v.insert("Timestamp".into(), s(a, "alertCreationTime"));
            v.insert("AlertId".into(), s(a, "id"));
            v.insert("Title".into(), s(a, "title"));
            v.insert(
                "Categories".into(),
                json!(json!([s(a, "category")]).to_string()),
            );
            v.insert(
                "AttackTechniques".into(),
                json!(serde_json::to_string(&s(a, "mitreTechniques")).unwrap_or_default()),
            );
            v.insert(
                "ServiceSource".into(),
                json!("Microsoft Defender for Endpoint"),
            );
            v.insert("DetectionSource".into(), s(a, "detectionSource"));
            v.insert("EntityType".into(), json!(entity));
            v.insert("EvidenceRole".into(), json!(role));
            v.insert("Severity".into(), s(a, "severity"));
            v.insert("DeviceId".into(), s(a, "machineId"));
            v.insert("DeviceName".into(), s(a, "computerDnsName"));
            v.insert("AdditionalFields".into(), json!({}));
            v
        };
        rows.push(schema_row(&columns, base("Machine", "Impacted")));
        for e in a
            .get("evidence")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let Some(e) = e.as_object() else { continue };
            let kind = e.get("entityType").and_then(Value::as_str).unwrap_or("");
            let mut v = base(kind, "Related");
            let put = |v: &mut Map<String, Value>, col: &str, key: &str| {
                if let Some(x) = e.get(key).filter(|x| !x.is_null()) {
                    v.insert(col.to_string(), x.clone());
                }
            };
            put(&mut v, "FileName", "fileName");
            put(&mut v, "FolderPath", "filePath");
            put(&mut v, "SHA1", "sha1");
            put(&mut v, "SHA256", "sha256");
            put(&mut v, "RemoteIP", "ipAddress");
            put(&mut v, "RemoteUrl", "url");
            put(&mut v, "AccountName", "accountName");
            put(&mut v, "AccountDomain", "domainName");
            put(&mut v, "AccountSid", "userSid");
            put(&mut v, "AccountObjectId", "aadUserId");
            put(&mut v, "AccountUpn", "userPrincipalName");
            put(&mut v, "ProcessCommandLine", "processCommandLine");
            put(&mut v, "RegistryKey", "registryKey");
            put(&mut v, "RegistryValueData", "registryValue");
            rows.push(schema_row(&columns, v));
        }
    }
    tables.append("AlertEvidence", columns, rows);
}

/// Fills the event tables and AlertEvidence from the tenant's machines and alerts.
pub fn build(
    seed: u64,
    tables: &mut Tables,
    machines: &[Map<String, Value>],
    alerts: &[Map<String, Value>],
    now: DateTime<Utc>,
) {
    let mut rng = Rng8::seed_from_u64(seed ^ 0x005e_ed4a_117a_b1e5_u64);
    network_events(&mut rng, tables, machines, now);
    file_events(&mut rng, tables, machines, now);
    logon_events(&mut rng, tables, machines, now);
    registry_events(&mut rng, tables, machines, now);
    alert_evidence(tables, alerts);
    // A stream of its own, so that adding this table left the others' rows as they were.
    let mut rng = Rng8::seed_from_u64(seed ^ 0x1d3e_7717_0000_0001_u64);
    identity_logon_events(&mut rng, tables, machines, now);
}

/// Defender for Identity's view of the users' sign-ins to the domain controllers: Kerberos and
/// NTLM logons from the tenant's machines (Graph's advanced hunting only, as the XDR tables are).
fn identity_logon_events(
    rng: &mut Rng8,
    tables: &mut Tables,
    machines: &[Map<String, Value>],
    now: DateTime<Utc>,
) {
    let Some(columns) = known_schema("IdentityLogonEvents") else {
        return;
    };
    let mut rows = Vec::new();
    for m in machines {
        let user = *USERS.choose(rng).unwrap_or(&"adele.vance");
        let failed = rng.random_bool(0.1);
        let protocol = *["Kerberos", "Ntlm"].choose(rng).unwrap_or(&"Kerberos");
        let ts = when(rng, now);
        let mut v = Map::new();
        v.insert("Timestamp".into(), json!(fmt7(ts)));
        v.insert(
            "ActionType".into(),
            json!(if failed {
                "LogonFailed"
            } else {
                "LogonSuccess"
            }),
        );
        v.insert("Application".into(), json!("Active Directory"));
        v.insert("LogonType".into(), json!("Resource access"));
        v.insert("Protocol".into(), json!(protocol));
        v.insert(
            "FailureReason".into(),
            json!(if failed { "WrongPassword" } else { "" }),
        );
        v.insert("AccountName".into(), json!(user));
        v.insert("AccountDomain".into(), json!("contoso.local"));
        v.insert("AccountUpn".into(), json!(format!("{user}@contoso.com")));
        v.insert("AccountSid".into(), json!(user_sid(user)));
        v.insert("AccountDisplayName".into(), json!(user.replace('.', " ")));
        v.insert("DeviceName".into(), s(m, "computerDnsName"));
        v.insert("DeviceType".into(), json!("Workstation"));
        v.insert("OSPlatform".into(), s(m, "osPlatform"));
        v.insert("IPAddress".into(), s(m, "lastIpAddress"));
        v.insert("Port".into(), json!(rng.random_range(49_152..65_535)));
        v.insert("DestinationDeviceName".into(), json!("dc01.contoso.local"));
        v.insert("DestinationIPAddress".into(), json!("10.10.0.4"));
        v.insert(
            "DestinationPort".into(),
            json!(if protocol == "Kerberos" { 88 } else { 445 }),
        );
        v.insert(
            "ReportId".into(),
            json!(format!("{}", rng.random_range(1..1_000_000))),
        );
        v.insert("AdditionalFields".into(), json!({}));
        rows.push((ts, schema_row(&columns, v)));
    }
    rows.sort_by_key(|(t, _)| *t);
    tables.append(
        "IdentityLogonEvents",
        columns,
        rows.into_iter().map(|(_, r)| r).collect(),
    );
}
