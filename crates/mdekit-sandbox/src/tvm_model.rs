//! The tenant's vulnerability-management picture, derived once from its machines: what software
//! (and which version) each machine runs, the CVEs those versions carry, the KBs that fix them,
//! the recommendations and remediation activities that follow, the scores computed from them,
//! and each machine's antivirus health.
//!
//! Loaded machinesVulnerabilities rows (a real capture) come first and are taken as they are:
//! their machines get the products and CVEs the rows name, and no synthetic inventory. Every
//! other machine of the tenant gets a seeded inventory from the small catalogue below, so one
//! seed always gives the same tenant.
//!
//! Choices where the docs are silent: a machine's exposure score is the sum of its CVE weights
//! (Critical 20, High 10, Medium 4, Low 1, capped at 100) and the tenant's and a group's score
//! are the mean over their machines; the configuration score is the points of the security
//! controls a device meets, summed over the controls (the docs' example, 340, is such a sum).

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::{DateTime, Duration, Utc};
use serde_json::{json, Map, Value};

use crate::time::fmt7;

/// One CVE of the catalogue: versions of the product older than `fixed` (an index into the
/// product's versions; `versions.len()` when no version fixes it) carry it.
struct Cve {
    id: &'static str,
    severity: &'static str,
    cvss: f64,
    fixed: usize,
    kb: Option<(&'static str, &'static str)>,
    exploit: bool,
    verified: bool,
    published: &'static str,
}

struct Product {
    vendor: &'static str,
    name: &'static str,
    title: &'static str,
    /// `Some(platform prefix)` for an operating system (installed on exactly those machines),
    /// `None` for an application.
    os: Option<&'static str>,
    /// Which machines may have the application: `osPlatform` prefixes.
    on: &'static [&'static str],
    versions: &'static [&'static str],
    cves: &'static [Cve],
}

const fn cve(
    id: &'static str,
    severity: &'static str,
    cvss: f64,
    fixed: usize,
    kb: Option<(&'static str, &'static str)>,
    exploit: bool,
    published: &'static str,
) -> Cve {
    Cve {
        id,
        severity,
        cvss,
        fixed,
        kb,
        exploit,
        verified: exploit && cvss >= 7.8,
        published,
    }
}

const WIN: &[&str] = &["Windows"];
const ANY: &[&str] = &["Windows", "Linux", "macOS"];
const KB_JAN: Option<(&str, &str)> = Some(("5034441", "January 2024 Security Updates"));
const KB_MAY: Option<(&str, &str)> = Some(("5037768", "May 2024 Security Updates"));
const KB_AUG: Option<(&str, &str)> = Some(("5041585", "August 2024 Security Updates"));

const PRODUCTS: &[Product] = &[
    Product {
        vendor: "microsoft",
        name: "windows_10",
        title: "Windows 10",
        os: Some("Windows10"),
        on: WIN,
        versions: &["10.0.19045.3803", "10.0.19045.4291", "10.0.19045.4780"],
        cves: &[
            cve(
                "CVE-2024-21338",
                "Critical",
                7.8,
                1,
                KB_JAN,
                true,
                "2024-02-13",
            ),
            cve("CVE-2024-30051", "High", 7.8, 2, KB_MAY, true, "2024-05-14"),
            cve(
                "CVE-2024-38063",
                "Critical",
                9.8,
                3,
                None,
                false,
                "2024-08-13",
            ),
        ],
    },
    Product {
        vendor: "microsoft",
        name: "windows_11",
        title: "Windows 11",
        os: Some("Windows11"),
        on: WIN,
        versions: &["10.0.22631.3007", "10.0.22631.3593", "10.0.22631.4037"],
        cves: &[
            cve(
                "CVE-2024-21338",
                "Critical",
                7.8,
                1,
                KB_JAN,
                true,
                "2024-02-13",
            ),
            cve("CVE-2024-30051", "High", 7.8, 2, KB_MAY, true, "2024-05-14"),
            cve(
                "CVE-2024-38063",
                "Critical",
                9.8,
                3,
                None,
                false,
                "2024-08-13",
            ),
        ],
    },
    Product {
        vendor: "microsoft",
        name: "windows_server_2019",
        title: "Windows Server 2019",
        os: Some("WindowsServer2019"),
        on: WIN,
        versions: &["10.0.17763.5329", "10.0.17763.6189"],
        cves: &[
            cve(
                "CVE-2024-38063",
                "Critical",
                9.8,
                1,
                KB_AUG,
                false,
                "2024-08-13",
            ),
            cve("CVE-2024-26218", "High", 7.8, 2, None, false, "2024-04-09"),
        ],
    },
    Product {
        vendor: "microsoft",
        name: "windows_server_2022",
        title: "Windows Server 2022",
        os: Some("WindowsServer2022"),
        on: WIN,
        versions: &["10.0.20348.2227", "10.0.20348.2655"],
        cves: &[
            cve(
                "CVE-2024-38063",
                "Critical",
                9.8,
                1,
                KB_AUG,
                false,
                "2024-08-13",
            ),
            cve("CVE-2024-26218", "High", 7.8, 2, None, false, "2024-04-09"),
        ],
    },
    Product {
        vendor: "canonical",
        name: "ubuntu_linux",
        title: "Ubuntu Linux",
        os: Some("Linux"),
        on: &["Linux"],
        versions: &["22.04"],
        cves: &[cve(
            "CVE-2024-1086",
            "High",
            7.8,
            1,
            None,
            true,
            "2024-01-31",
        )],
    },
    Product {
        vendor: "apple",
        name: "macos",
        title: "macOS",
        os: Some("macOS"),
        on: &["macOS"],
        versions: &["14.3", "14.7"],
        cves: &[
            cve("CVE-2024-23225", "High", 7.8, 1, None, true, "2024-03-05"),
            cve(
                "CVE-2024-44243",
                "Medium",
                5.5,
                2,
                None,
                false,
                "2024-12-11",
            ),
        ],
    },
    Product {
        vendor: "google",
        name: "chrome",
        title: "Google Chrome",
        os: None,
        on: ANY,
        versions: &["120.0.6099.130", "122.0.6261.112", "126.0.6478.127"],
        cves: &[
            cve("CVE-2023-7024", "High", 8.8, 1, None, true, "2023-12-21"),
            cve("CVE-2024-0519", "High", 8.8, 2, None, true, "2024-01-16"),
        ],
    },
    Product {
        vendor: "microsoft",
        name: "edge_chromium-based",
        title: "Microsoft Edge",
        os: None,
        on: WIN,
        versions: &["120.0.2210.91", "126.0.2592.87"],
        cves: &[cve(
            "CVE-2024-0519",
            "High",
            8.8,
            1,
            None,
            true,
            "2024-01-16",
        )],
    },
    Product {
        vendor: "mozilla",
        name: "firefox",
        title: "Mozilla Firefox",
        os: None,
        on: ANY,
        versions: &["115.0", "128.0", "131.0.3"],
        cves: &[
            cve(
                "CVE-2024-9680",
                "Critical",
                9.8,
                2,
                None,
                true,
                "2024-10-09",
            ),
            cve(
                "CVE-2023-6856",
                "Critical",
                8.8,
                1,
                None,
                false,
                "2023-12-19",
            ),
        ],
    },
    Product {
        vendor: "7-zip",
        name: "7-zip",
        title: "7-Zip",
        os: None,
        on: WIN,
        versions: &["23.01", "24.09"],
        cves: &[cve(
            "CVE-2024-11477",
            "High",
            7.8,
            1,
            None,
            false,
            "2024-11-22",
        )],
    },
    Product {
        vendor: "adobe",
        name: "acrobat_reader_dc",
        title: "Adobe Acrobat Reader DC",
        os: None,
        on: WIN,
        versions: &["23.008.20470", "24.002.20933", "24.003.20112"],
        cves: &[
            cve(
                "CVE-2024-41869",
                "Critical",
                7.8,
                2,
                None,
                true,
                "2024-09-10",
            ),
            cve(
                "CVE-2024-20736",
                "Medium",
                5.5,
                1,
                None,
                false,
                "2024-02-13",
            ),
        ],
    },
    Product {
        vendor: "openssl",
        name: "openssl",
        title: "OpenSSL",
        os: None,
        on: &["Linux", "macOS"],
        versions: &["3.0.2", "3.0.13", "3.0.15"],
        cves: &[
            cve(
                "CVE-2024-5535",
                "Critical",
                9.1,
                2,
                None,
                false,
                "2024-06-27",
            ),
            cve("CVE-2023-5678", "Medium", 5.3, 1, None, false, "2023-11-06"),
            cve("CVE-2024-2511", "Low", 3.7, 2, None, false, "2024-04-08"),
        ],
    },
];

/// Security controls (configuration recommendations): id, name, points, sub-category.
const CONTROLS: &[(&str, &str, f64, &str)] = &[
    (
        "sca-_-scid-2010",
        "Turn on Microsoft Defender Antivirus PUA protection in block mode",
        9.0,
        "Antivirus",
    ),
    (
        "sca-_-scid-2012",
        "Turn on real-time protection",
        8.0,
        "Antivirus",
    ),
    (
        "sca-_-scid-90",
        "Enable 'Microsoft network client: Digitally sign communications (always)'",
        4.0,
        "Network",
    ),
];

/// A 64-bit hash of the parts and the seed (FNV-1a): the same tenant for the same seed.
pub(crate) fn hash(seed: u64, parts: &[&str]) -> u64 {
    let mut h = 0xcbf2_9ce4_8422_2325u64 ^ seed;
    for p in parts {
        for b in p.bytes().chain([0xff]) {
            h = (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3);
        }
    }
    h ^ (h >> 29)
}

fn guid(seed: u64, what: &str) -> String {
    let a = hash(seed, &[what, "a"]);
    let b = hash(seed, &[what, "b"]);
    let mut bytes = [0u8; 16];
    bytes[..8].copy_from_slice(&a.to_le_bytes());
    bytes[8..].copy_from_slice(&b.to_le_bytes());
    uuid::Builder::from_random_bytes(bytes)
        .into_uuid()
        .to_string()
}

const PRIORITIES: [&str; 3] = ["High", "Medium", "Low"];

fn weight(severity: &str) -> f64 {
    match severity {
        "Critical" => 20.0,
        "High" => 10.0,
        "Medium" => 4.0,
        _ => 1.0,
    }
}

/// A CVE as the model knows it.
#[derive(Clone)]
pub struct CveInfo {
    pub id: String,
    pub severity: String,
    pub cvss: f64,
    pub exploit: bool,
    pub verified: bool,
    pub published: String,
    /// `(kb id, kb name)` of the update that fixes it.
    pub kb: Option<(String, String)>,
}

/// One installation: a product version on a machine, with the CVEs it carries.
#[derive(Clone)]
pub struct Install {
    pub machine: usize,
    pub software: String,
    pub version: String,
    pub cves: Vec<String>,
}

pub struct Model {
    /// Machine references (`id`, `computerDnsName`, `osPlatform`, `rbacGroupName`) and the
    /// machine's `rbacGroupId`, in machine order.
    pub machines: Vec<(Map<String, Value>, Option<i64>)>,
    pub machine_index: HashMap<String, usize>,
    pub software: Vec<Map<String, Value>>,
    pub software_index: HashMap<String, usize>,
    pub installs: Vec<Install>,
    pub cves: BTreeMap<String, CveInfo>,
    pub vulnerabilities: Vec<Map<String, Value>>,
    pub vulnerability_index: HashMap<String, usize>,
    /// The machinesVulnerabilities rows: loaded ones first.
    pub machine_rows: Vec<Map<String, Value>>,
    pub recommendations: Vec<Map<String, Value>>,
    pub recommendation_index: HashMap<String, usize>,
    /// Machines each recommendation applies to.
    pub recommendation_machines: HashMap<String, Vec<usize>>,
    pub remediation: Vec<Map<String, Value>>,
    pub remediation_index: HashMap<String, usize>,
    pub remediation_machines: HashMap<String, Vec<usize>>,
    pub machine_scores: Vec<f64>,
    pub configuration_points: f64,
    pub device_av: Vec<Map<String, Value>>,
}

fn title_of(name: &str) -> String {
    name.split('_')
        .map(|w| {
            let mut c = w.chars();
            match c.next() {
                Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
                None => String::new(),
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// A severity's CVSS band midpoint, nudged by the CVE's hash, for loaded CVEs (the
/// machinesVulnerabilities rows carry no score).
fn cvss_for(seed: u64, id: &str, severity: &str) -> f64 {
    let (lo, hi) = match severity {
        "Critical" => (9.0, 10.0),
        "High" => (7.0, 8.9),
        "Medium" => (4.0, 6.9),
        _ => (0.1, 3.9),
    };
    let f = (hash(seed, &[id]) % 1000) as f64 / 1000.0;
    ((lo + (hi - lo) * f) * 10.0_f64).round() / 10.0
}

impl Model {
    /// The model of a tenant with these machines and loaded machinesVulnerabilities rows.
    pub fn build(
        seed: u64,
        machines: Vec<Map<String, Value>>,
        loaded: &[Map<String, Value>],
    ) -> Model {
        let now = Utc::now();
        let mut m = Model {
            machines: Vec::new(),
            machine_index: HashMap::new(),
            software: Vec::new(),
            software_index: HashMap::new(),
            installs: Vec::new(),
            cves: BTreeMap::new(),
            vulnerabilities: Vec::new(),
            vulnerability_index: HashMap::new(),
            machine_rows: Vec::new(),
            recommendations: Vec::new(),
            recommendation_index: HashMap::new(),
            recommendation_machines: HashMap::new(),
            remediation: Vec::new(),
            remediation_index: HashMap::new(),
            remediation_machines: HashMap::new(),
            machine_scores: Vec::new(),
            configuration_points: 0.0,
            device_av: Vec::new(),
        };
        for mach in &machines {
            m.add_machine(mach);
        }
        // Loaded rows first: their machines get exactly what the rows say.
        let mut loaded_machines: BTreeSet<String> = BTreeSet::new();
        for row in loaded {
            let s = |k: &str| row.get(k).and_then(Value::as_str).unwrap_or("").to_string();
            let (machine_id, cve_id) = (s("machineId"), s("cveId"));
            if machine_id.is_empty() || cve_id.is_empty() {
                continue;
            }
            let idx = m.machine_for_row(&machine_id);
            loaded_machines.insert(machine_id.to_lowercase());
            let (vendor, product, version) =
                (s("productVendor"), s("productName"), s("productVersion"));
            let software_id = format!("{vendor}-_-{product}");
            let kb = row
                .get("fixingKbId")
                .and_then(Value::as_str)
                .filter(|k| !k.is_empty())
                .map(|k| (k.to_string(), format!("Security update KB{k}")));
            let severity = s("severity");
            m.cves.entry(cve_id.clone()).or_insert_with(|| CveInfo {
                id: cve_id.clone(),
                cvss: cvss_for(seed, &cve_id, &severity),
                severity: severity.clone(),
                exploit: false,
                verified: false,
                published: format!("{}-01-01", cve_id.get(4..8).unwrap_or("2024")),
                kb,
            });
            m.ensure_software(&software_id, &vendor, &product, &title_of(&product));
            m.add_install(idx, &software_id, &version, Some(&cve_id));
            m.machine_rows.push(row.clone());
        }
        // Every other machine: the seeded inventory.
        for (idx, mach) in machines.iter().enumerate() {
            let id = mach.get("id").and_then(Value::as_str).unwrap_or("");
            if id.is_empty() || loaded_machines.contains(&id.to_lowercase()) {
                continue;
            }
            let platform = mach.get("osPlatform").and_then(Value::as_str).unwrap_or("");
            for p in PRODUCTS {
                let present = match p.os {
                    Some(os) => platform.eq_ignore_ascii_case(os),
                    None => {
                        p.on.iter().any(|pre| platform.starts_with(pre))
                            && hash(seed, &[id, p.name]) % 100 < 60
                    }
                };
                if !present {
                    continue;
                }
                let v = (hash(seed, &[id, p.name, "version"]) % p.versions.len() as u64) as usize;
                let software_id = format!("{}-_-{}", p.vendor, p.name);
                m.ensure_software(&software_id, p.vendor, p.name, p.title);
                let mut carried = Vec::new();
                for c in p.cves.iter().filter(|c| v < c.fixed) {
                    m.cves.entry(c.id.to_string()).or_insert_with(|| CveInfo {
                        id: c.id.to_string(),
                        severity: c.severity.to_string(),
                        cvss: c.cvss,
                        exploit: c.exploit,
                        verified: c.verified,
                        published: c.published.to_string(),
                        kb: c.kb.map(|(k, n)| (k.to_string(), n.to_string())),
                    });
                    carried.push(c.id.to_string());
                }
                m.add_install(idx, &software_id, p.versions[v], None);
                let install = m.installs.len() - 1;
                for cve in carried {
                    m.installs[install].cves.push(cve.clone());
                    let kb = m.cves.get(&cve).and_then(|c| c.kb.clone());
                    let sev = m
                        .cves
                        .get(&cve)
                        .map(|c| c.severity.clone())
                        .unwrap_or_default();
                    let kb_id = kb.as_ref().map(|(k, _)| k.as_str()).unwrap_or("");
                    m.machine_rows.push(
                        json!({
                            "id": format!("{id}-_-{cve}-_-{}-_-{}-_-{}-_-{kb_id}", p.vendor, p.name, p.versions[v]),
                            "cveId": cve,
                            "machineId": id,
                            "fixingKbId": kb.as_ref().map(|(k, _)| k.clone()),
                            "productName": p.name,
                            "productVendor": p.vendor,
                            "productVersion": p.versions[v],
                            "severity": sev,
                        })
                        .as_object()
                        .cloned()
                        .unwrap_or_default(),
                    );
                }
            }
        }
        m.finish_software();
        m.build_vulnerabilities(now);
        m.build_scores();
        m.build_recommendations(seed);
        m.build_remediation(seed, now);
        m.build_device_av(seed, &machines, now);
        m
    }

    fn add_machine(&mut self, mach: &Map<String, Value>) {
        let g = |k: &str| mach.get(k).cloned().unwrap_or(Value::Null);
        let id = mach
            .get("id")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string();
        let reference = json!({
            "id": id,
            "computerDnsName": g("computerDnsName"),
            "osPlatform": g("osPlatform"),
            "rbacGroupName": g("rbacGroupName"),
        });
        let group = mach.get("rbacGroupId").and_then(Value::as_i64);
        self.machine_index
            .entry(id.to_lowercase())
            .or_insert(self.machines.len());
        self.machines
            .push((reference.as_object().cloned().unwrap_or_default(), group));
    }

    /// The machine of a loaded row, added as a bare reference when the tenant does not list it.
    fn machine_for_row(&mut self, machine_id: &str) -> usize {
        if let Some(i) = self.machine_index.get(&machine_id.to_lowercase()) {
            return *i;
        }
        let mut bare = Map::new();
        bare.insert("id".into(), json!(machine_id));
        self.add_machine(&bare);
        self.machines.len() - 1
    }

    fn ensure_software(&mut self, id: &str, vendor: &str, name: &str, _title: &str) {
        if self.software_index.contains_key(&id.to_lowercase()) {
            return;
        }
        self.software_index
            .insert(id.to_lowercase(), self.software.len());
        self.software.push(
            json!({"id": id, "name": name, "vendor": vendor, "weaknesses": 0,
                   "publicExploit": false, "activeAlert": false, "exposedMachines": 0,
                   "impactScore": 0.0})
            .as_object()
            .cloned()
            .unwrap_or_default(),
        );
    }

    fn add_install(&mut self, machine: usize, software: &str, version: &str, cve: Option<&str>) {
        let existing = self
            .installs
            .iter_mut()
            .find(|i| i.machine == machine && i.software == software && i.version == version);
        match existing {
            Some(i) => {
                if let Some(c) = cve {
                    if !i.cves.iter().any(|x| x == c) {
                        i.cves.push(c.to_string());
                    }
                }
            }
            None => self.installs.push(Install {
                machine,
                software: software.to_string(),
                version: version.to_string(),
                cves: cve.map(|c| vec![c.to_string()]).unwrap_or_default(),
            }),
        }
    }

    pub fn installs_of<'a>(&'a self, software: &'a str) -> impl Iterator<Item = &'a Install> + 'a {
        self.installs
            .iter()
            .filter(move |i| i.software.eq_ignore_ascii_case(software))
    }

    /// The CVEs of a product in the tenant, in CVE order.
    pub fn software_cves(&self, software: &str) -> BTreeSet<String> {
        self.installs_of(software)
            .flat_map(|i| i.cves.iter().cloned())
            .collect()
    }

    fn finish_software(&mut self) {
        for i in 0..self.software.len() {
            let id = self.software[i]
                .get("id")
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_string();
            let cves = self.software_cves(&id);
            let exposed: BTreeSet<usize> = self
                .installs_of(&id)
                .filter(|i| !i.cves.is_empty())
                .map(|i| i.machine)
                .collect();
            let exploit = cves
                .iter()
                .any(|c| self.cves.get(c).is_some_and(|c| c.exploit));
            let impact: f64 = cves
                .iter()
                .filter_map(|c| self.cves.get(c))
                .map(|c| c.cvss / 10.0)
                .sum::<f64>()
                * exposed.len() as f64
                / self.machines.len().max(1) as f64;
            let s = &mut self.software[i];
            s.insert("weaknesses".into(), json!(cves.len()));
            s.insert("publicExploit".into(), json!(exploit));
            s.insert("exposedMachines".into(), json!(exposed.len()));
            s.insert(
                "impactScore".into(),
                json!((impact * 100.0).round() / 100.0),
            );
        }
    }

    /// The machines carrying a CVE.
    pub fn cve_machines(&self, cve: &str) -> BTreeSet<usize> {
        self.installs
            .iter()
            .filter(|i| i.cves.iter().any(|c| c.eq_ignore_ascii_case(cve)))
            .map(|i| i.machine)
            .collect()
    }

    fn build_vulnerabilities(&mut self, now: DateTime<Utc>) {
        let cves: Vec<CveInfo> = self.cves.values().cloned().collect();
        for c in cves {
            let exposed = self.cve_machines(&c.id).len();
            let published = format!("{}T00:00:00Z", c.published);
            let updated = fmt7(now - Duration::days(3));
            let v = json!({
                "id": c.id,
                "name": c.id,
                "description": format!("Summary of {}: a {} vulnerability (CVSS {:.1}).", c.id, c.severity.to_lowercase(), c.cvss),
                "severity": c.severity,
                "cvssV3": c.cvss,
                "cvssVector": if c.cvss >= 9.0 { "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H" } else { "CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H" },
                "exposedMachines": exposed,
                "publishedOn": published,
                "updatedOn": updated,
                "firstDetected": published,
                "publicExploit": c.exploit,
                "exploitVerified": c.verified,
                "exploitInKit": c.verified,
                "exploitTypes": if c.exploit { json!(["Local privilege escalation"]) } else { json!([]) },
                "exploitUris": if c.exploit { json!([format!("https://www.exploit-db.com/search?cve={}", c.id)]) } else { json!([]) },
                "cveSupportability": "Supported",
                "epss": ((c.cvss / 10.0) * if c.exploit { 0.9 } else { 0.1 } * 1000.0).round() / 1000.0,
                "tags": [],
            });
            self.vulnerability_index
                .insert(c.id.to_lowercase(), self.vulnerabilities.len());
            self.vulnerabilities
                .push(v.as_object().cloned().unwrap_or_default());
        }
    }

    fn build_scores(&mut self) {
        let mut scores = vec![0.0; self.machines.len()];
        for i in &self.installs {
            for c in &i.cves {
                if let Some(info) = self.cves.get(c) {
                    scores[i.machine] += weight(&info.severity);
                }
            }
        }
        self.machine_scores = scores.into_iter().map(|s: f64| s.min(100.0)).collect();
    }

    /// The mean exposure score of the machines `keep` selects (0 with none).
    pub fn exposure(&self, keep: impl Fn(usize) -> bool) -> f64 {
        let picked: Vec<f64> = self
            .machine_scores
            .iter()
            .enumerate()
            .filter(|(i, _)| keep(*i))
            .map(|(_, s)| *s)
            .collect();
        if picked.is_empty() {
            return 0.0;
        }
        let mean = picked.iter().sum::<f64>() / picked.len() as f64;
        (mean * 100.0).round() / 100.0
    }

    fn windows_machines(&self) -> Vec<usize> {
        self.machines
            .iter()
            .enumerate()
            .filter(|(_, (r, _))| {
                r.get("osPlatform")
                    .and_then(Value::as_str)
                    .is_some_and(|p| p.starts_with("Windows"))
            })
            .map(|(i, _)| i)
            .collect()
    }

    fn build_recommendations(&mut self, seed: u64) {
        let total = self.machines.len().max(1);
        for s in self.software.clone() {
            let id = s
                .get("id")
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_string();
            let cves = self.software_cves(&id);
            if cves.is_empty() {
                continue;
            }
            let (vendor, name) = id.split_once("-_-").unwrap_or(("", &id));
            let product = PRODUCTS
                .iter()
                .find(|p| p.vendor == vendor && p.name == name);
            let installed: BTreeSet<usize> = self.installs_of(&id).map(|i| i.machine).collect();
            let exposed: Vec<usize> = self
                .installs_of(&id)
                .filter(|i| !i.cves.is_empty())
                .map(|i| i.machine)
                .collect::<BTreeSet<_>>()
                .into_iter()
                .collect();
            let infos: Vec<&CveInfo> = cves.iter().filter_map(|c| self.cves.get(c)).collect();
            let severity = infos.iter().map(|c| c.cvss).fold(0.0, f64::max);
            let exploit = infos.iter().any(|c| c.exploit);
            let critical = exposed
                .iter()
                .filter(|m| self.machine_scores.get(**m).is_some_and(|s| *s >= 50.0))
                .count();
            let impact: f64 = infos.iter().map(|c| weight(&c.severity)).sum::<f64>()
                * exposed.len() as f64
                / total as f64;
            let title = product.map_or_else(|| title_of(name), |p| p.title.to_string());
            let os = product.is_some_and(|p| p.os.is_some());
            let reco_id = format!("va-_-{vendor}-_-{name}");
            let r = json!({
                "id": reco_id,
                "productName": name,
                "recommendationName": format!("Update {title}"),
                "weaknesses": cves.len(),
                "vendor": vendor,
                "recommendedVersion": product.map(|p| p.versions[p.versions.len() - 1]).unwrap_or(""),
                "recommendedProgram": null,
                "recommendedVendor": null,
                "recommendationCategory": if os { "OS" } else { "Application" },
                "subCategory": "",
                "severityScore": severity,
                "publicExploit": exploit,
                "activeAlert": false,
                "associatedThreats": [],
                "remediationType": "Update",
                "status": "Active",
                "configScoreImpact": 0.0,
                "exposureImpact": (impact * 100.0).round() / 100.0,
                "totalMachineCount": installed.len(),
                "exposedMachinesCount": exposed.len(),
                "nonProductivityImpactedAssets": 0,
                "relatedComponent": title,
                "exposedCriticalDevices": critical,
                "tags": [],
            });
            self.push_recommendation(r, exposed);
        }
        let windows = self.windows_machines();
        let mut points = 0.0;
        for (id, name, max, sub) in CONTROLS {
            let exposed: Vec<usize> = windows
                .iter()
                .copied()
                .filter(|m| {
                    let key = self.machines[*m]
                        .0
                        .get("id")
                        .and_then(Value::as_str)
                        .unwrap_or("");
                    hash(seed, &[key, id]) % 100 < 35
                })
                .collect();
            let share = if windows.is_empty() {
                0.0
            } else {
                exposed.len() as f64 / windows.len() as f64
            };
            points += max * 10.0 * (1.0 - share);
            let r = json!({
                "id": id,
                "productName": null,
                "recommendationName": name,
                "weaknesses": 0,
                "vendor": null,
                "recommendedVersion": "",
                "recommendedProgram": null,
                "recommendedVendor": null,
                "recommendationCategory": "SecurityControls",
                "subCategory": sub,
                "severityScore": max,
                "publicExploit": false,
                "activeAlert": false,
                "associatedThreats": [],
                "remediationType": "ConfigurationChange",
                "status": "Active",
                "configScoreImpact": (max * 10.0 * share * 100.0).round() / 100.0,
                "exposureImpact": 0.0,
                "totalMachineCount": windows.len(),
                "exposedMachinesCount": exposed.len(),
                "nonProductivityImpactedAssets": 0,
                "relatedComponent": "Security controls",
                "exposedCriticalDevices": 0,
                "tags": [],
            });
            self.push_recommendation(r, exposed);
        }
        self.configuration_points = points.round();
    }

    fn push_recommendation(&mut self, r: Value, machines: Vec<usize>) {
        let id = r
            .get("id")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string();
        self.recommendation_index
            .insert(id.to_lowercase(), self.recommendations.len());
        self.recommendation_machines
            .insert(id.to_lowercase(), machines);
        self.recommendations
            .push(r.as_object().cloned().unwrap_or_default());
    }

    /// The software a recommendation is about (`va-_-<vendor>-_-<product>`).
    pub fn recommendation_software(&self, reco: &str) -> Option<&Map<String, Value>> {
        let software = reco.strip_prefix("va-_-")?;
        self.software_index
            .get(&software.to_lowercase())
            .and_then(|i| self.software.get(*i))
    }

    fn build_remediation(&mut self, seed: u64, now: DateTime<Utc>) {
        // Activities for the software recommendations with the most exposure: one completed,
        // the others active.
        let mut software: Vec<&Map<String, Value>> = self
            .recommendations
            .iter()
            .filter(|r| r.get("remediationType").and_then(Value::as_str) == Some("Update"))
            .collect();
        software.sort_by(|a, b| {
            let f = |r: &Map<String, Value>| {
                r.get("exposureImpact")
                    .and_then(Value::as_f64)
                    .unwrap_or(0.0)
            };
            f(b).total_cmp(&f(a))
        });
        let picked: Vec<Map<String, Value>> = software.into_iter().take(3).cloned().collect();
        for (n, r) in picked.iter().enumerate() {
            let reco = r
                .get("id")
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_string();
            let (vendor, name) = reco
                .strip_prefix("va-_-")
                .and_then(|s| s.split_once("-_-"))
                .unwrap_or(("", ""));
            let id = guid(seed, &format!("remediation-{reco}"));
            let machines = self
                .recommendation_machines
                .get(&reco.to_lowercase())
                .cloned()
                .unwrap_or_default();
            let groups: BTreeSet<String> = machines
                .iter()
                .filter_map(|m| {
                    self.machines[*m]
                        .0
                        .get("rbacGroupName")
                        .and_then(Value::as_str)
                })
                .map(str::to_string)
                .collect();
            let completed = n == 2;
            let created = now - Duration::days(20 - n as i64 * 5);
            let status_changed = created + Duration::days(if completed { 9 } else { 0 });
            let a = json!({
                "id": id,
                "title": r.get("recommendationName"),
                "createdOn": fmt7(created),
                "requesterId": guid(seed, "requester"),
                "requesterEmail": "secops@contoso.com",
                "status": if completed { "Completed" } else { "Active" },
                "statusLastModifiedOn": fmt7(status_changed),
                "description": format!("{}: update to the latest version on every exposed device.", r.get("recommendationName").and_then(Value::as_str).unwrap_or("")),
                "relatedComponent": r.get("relatedComponent"),
                "targetDevices": machines.len(),
                "rbacGroupNames": groups,
                "fixedDevices": if completed { machines.len() } else { 0 },
                "requesterNotes": "Raised from the weekly vulnerability review.",
                "dueOn": fmt7(created + Duration::days(30)),
                "category": "Software",
                "productivityImpactRemediationType": null,
                "priority": PRIORITIES[n % 3],
                "completionMethod": if completed { json!("Automatic") } else { Value::Null },
                "completerId": null,
                "completerEmail": null,
                "scid": null,
                "type": "Update",
                "productId": format!("{vendor}-_-{name}"),
                "vendorId": vendor,
                "nameId": name,
                "recommendedVersion": r.get("recommendedVersion"),
                "recommendedVendor": null,
                "recommendedProgram": null,
            });
            self.remediation_index
                .insert(id.to_lowercase(), self.remediation.len());
            self.remediation_machines
                .insert(id.to_lowercase(), machines);
            self.remediation
                .push(a.as_object().cloned().unwrap_or_default());
        }
    }

    fn build_device_av(&mut self, seed: u64, machines: &[Map<String, Value>], now: DateTime<Utc>) {
        for mach in machines {
            let g = |k: &str| mach.get(k).cloned().unwrap_or(Value::Null);
            let id = mach.get("id").and_then(Value::as_str).unwrap_or("");
            let platform = mach.get("osPlatform").and_then(Value::as_str).unwrap_or("");
            let kind = if platform.starts_with("Windows") {
                "windows"
            } else if platform.eq_ignore_ascii_case("macOS") {
                "mac"
            } else {
                "linux"
            };
            let h = hash(seed, &[id, "av"]);
            let up = |bit: u64| {
                if (h >> bit) % 10 == 0 {
                    "False"
                } else {
                    "True"
                }
            };
            let mode = match h % 20 {
                0 => "1",
                1 => "2",
                _ => "0",
            };
            let scan_result = match (h >> 8) % 12 {
                0 => "Failed",
                1 => "Canceled",
                _ => "Completed",
            };
            let quick = now - Duration::hours(((h >> 16) % 72) as i64);
            let os_version = match (mach.get("osBuild").and_then(Value::as_i64), kind) {
                (Some(b), "windows") => format!("10.0.{b}.{}", 3000 + (h >> 20) % 1500),
                _ => mach
                    .get("osVersion")
                    .and_then(Value::as_str)
                    .unwrap_or("")
                    .to_string(),
            };
            let row = json!({
                "id": id,
                "machineId": id,
                "computerDnsName": g("computerDnsName"),
                "osKind": kind,
                "osPlatform": g("osPlatform"),
                "osVersion": os_version,
                "avMode": mode,
                "avSignatureVersion": format!("1.419.{}.0", 100 + (h >> 24) % 50),
                "avEngineVersion": "1.1.24090.11",
                "avPlatformVersion": "4.18.24090.11",
                "lastSeenTime": g("lastSeen"),
                "quickScanResult": scan_result,
                "quickScanError": if scan_result == "Failed" { "0x80508023" } else { "" },
                "quickScanTime": fmt7(quick),
                "fullScanResult": "",
                "fullScanError": "",
                "fullScanTime": null,
                "dataRefreshTimestamp": fmt7(now - Duration::hours(1)),
                "avEngineUpdateTime": fmt7(now - Duration::days(6)),
                "avSignatureUpdateTime": fmt7(now - Duration::hours(((h >> 28) % 30) as i64)),
                "avPlatformUpdateTime": fmt7(now - Duration::days(6)),
                "avIsSignatureUpToDate": up(32),
                "avIsEngineUpToDate": up(36),
                "avIsPlatformUpToDate": up(40),
                "avSignaturePublishTime": fmt7(now - Duration::hours(((h >> 28) % 30) as i64 + 2)),
                "rbacGroupName": g("rbacGroupName"),
                "rbacGroupId": g("rbacGroupId"),
            });
            self.device_av
                .push(row.as_object().cloned().unwrap_or_default());
        }
    }
}

/// The authenticated-scan definitions, their sessions and the scanner agents
/// (`crate::tvm::scans` serves them).
pub struct ScanBook {
    pub definitions: Vec<Map<String, Value>>,
    /// `(definition id, session)`, newest first per definition.
    pub sessions: Vec<(String, Map<String, Value>)>,
    pub agents: Vec<Map<String, Value>>,
}
