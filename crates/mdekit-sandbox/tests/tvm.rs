//! Vulnerability management against a sandbox on 127.0.0.1:0, black-box: software,
//! vulnerabilities, recommendations, scores, remediation activities, device antivirus health,
//! authenticated scans, machine update and the legacy find. Expected values are the
//! documentation's (reference `mde-api-rest.md` §4, §6, §7; `mde-api-core.md` §7.3), written out
//! here rather than read from the catalogue.

use std::collections::HashSet;
use std::path::PathBuf;

use mdekit_sandbox::{Sandbox, SandboxConfig};
use serde_json::{json, Value};

const MDE: &str = "https://api.securitycenter.microsoft.com";

fn http() -> reqwest::Client {
    // See tests/sandbox.rs: the workspace build needs a crypto provider installed first.
    let _ = rustls::crypto::ring::default_provider().install_default();
    reqwest::Client::new()
}

fn small() -> SandboxConfig {
    SandboxConfig {
        machines: 40,
        alerts: 20,
        ..SandboxConfig::default()
    }
}

async fn start(config: SandboxConfig) -> Sandbox {
    Sandbox::start(config, "127.0.0.1:0".parse().unwrap())
        .await
        .unwrap()
}

async fn token_for(sb: &Sandbox, client_id: &str, secret: &str) -> String {
    let url = format!("{}/{}/oauth2/v2.0/token", sb.base_url(), sb.tenant_id());
    let scope = format!("{MDE}/.default");
    let mut s = form_urlencoded::Serializer::new(String::new());
    for (k, v) in [
        ("grant_type", "client_credentials"),
        ("client_id", client_id),
        ("client_secret", secret),
        ("scope", scope.as_str()),
    ] {
        s.append_pair(k, v);
    }
    let r = http()
        .post(url)
        .header("content-type", "application/x-www-form-urlencoded")
        .body(s.finish())
        .send()
        .await
        .unwrap();
    let body: Value = r.json().await.unwrap();
    body["access_token"].as_str().unwrap().to_string()
}

async fn token(sb: &Sandbox) -> String {
    token_for(sb, &sb.client_id(), &sb.client_secret()).await
}

fn url(sb: &Sandbox, path: &str) -> String {
    if path.starts_with("http") {
        path.to_string()
    } else {
        format!("{}{path}", sb.base_url())
    }
}

async fn get(sb: &Sandbox, tok: &str, path: &str) -> (u16, Value) {
    let r = http()
        .get(url(sb, path))
        .bearer_auth(tok)
        .send()
        .await
        .unwrap();
    let status = r.status().as_u16();
    let text = r.text().await.unwrap();
    (status, serde_json::from_str(&text).unwrap_or(Value::Null))
}

async fn send(sb: &Sandbox, tok: &str, method: &str, path: &str, body: Value) -> (u16, Value) {
    let m = reqwest::Method::from_bytes(method.as_bytes()).unwrap();
    let r = http()
        .request(m, url(sb, path))
        .bearer_auth(tok)
        .json(&body)
        .send()
        .await
        .unwrap();
    let status = r.status().as_u16();
    let text = r.text().await.unwrap();
    (status, serde_json::from_str(&text).unwrap_or(Value::Null))
}

fn items(v: &Value) -> &Vec<Value> {
    v["value"].as_array().expect("a value list")
}

fn q(filter: &str) -> String {
    form_urlencoded::Serializer::new(String::new())
        .append_pair("$filter", filter)
        .finish()
}

/// Every item of a list, following `@odata.nextLink`.
async fn all(sb: &Sandbox, tok: &str, path: &str) -> Vec<Value> {
    let mut out = Vec::new();
    let mut next = Some(path.to_string());
    let mut pages = 0;
    while let Some(p) = next.take() {
        let (s, body) = get(sb, tok, &p).await;
        assert_eq!(s, 200, "{p}: {body}");
        out.extend(items(&body).iter().cloned());
        next = body["@odata.nextLink"].as_str().map(str::to_string);
        pages += 1;
        assert!(pages < 1000);
    }
    out
}

#[tokio::test]
async fn software_is_what_the_machines_run() {
    let sb = start(small()).await;
    let tok = token(&sb).await;
    let software = all(&sb, &tok, "/api/Software").await;
    assert!(!software.is_empty());
    for s in &software {
        for key in [
            "id",
            "name",
            "vendor",
            "weaknesses",
            "publicExploit",
            "activeAlert",
            "exposedMachines",
            "impactScore",
        ] {
            assert!(s.get(key).is_some(), "{key} missing from {s}");
        }
        let id = s["id"].as_str().unwrap();
        assert_eq!(
            id,
            format!(
                "{}-_-{}",
                s["vendor"].as_str().unwrap(),
                s["name"].as_str().unwrap()
            )
        );
    }
    let chrome = software
        .iter()
        .find(|s| s["id"] == "google-_-chrome")
        .expect("some machine runs Chrome");
    // Get, case-insensitive path segments (the docs write /api/Software and /api/software).
    let (s, one) = get(&sb, &tok, "/api/software/google-_-chrome").await;
    assert_eq!(s, 200);
    assert!(one["@odata.context"]
        .as_str()
        .unwrap()
        .ends_with("#Software/$entity"));
    assert_eq!(one["weaknesses"], chrome["weaknesses"]);

    // Distributions add up to the machines running it; the machine references are them.
    let (_, dist) = get(&sb, &tok, "/api/Software/google-_-chrome/distributions").await;
    let installs: u64 = items(&dist)
        .iter()
        .map(|d| d["installations"].as_u64().unwrap())
        .sum();
    let (_, refs) = get(&sb, &tok, "/api/Software/google-_-chrome/machineReferences").await;
    assert_eq!(installs as usize, items(&refs).len());
    for r in items(&refs) {
        for key in ["id", "computerDnsName", "osPlatform", "rbacGroupName"] {
            assert!(r.get(key).is_some(), "{r}");
        }
        // Each machine lists Chrome among its own software.
        let id = r["id"].as_str().unwrap();
        let (_, mine) = get(&sb, &tok, &format!("/api/machines/{id}/software")).await;
        assert!(items(&mine).iter().any(|s| s["id"] == "google-_-chrome"));
    }
    // The vulnerabilities are the product's weaknesses; each is a known CVE.
    let (_, vulns) = get(&sb, &tok, "/api/Software/google-_-chrome/vulnerabilities").await;
    assert_eq!(
        items(&vulns).len() as u64,
        chrome["weaknesses"].as_u64().unwrap()
    );
    for v in items(&vulns) {
        let cve = v["id"].as_str().unwrap();
        assert_eq!(
            get(&sb, &tok, &format!("/api/vulnerabilities/{cve}"))
                .await
                .0,
            200
        );
    }
    // Missing KBs: Windows updates carry KB numbers and catalogue links.
    let (s, kbs) = get(
        &sb,
        &tok,
        "/api/Software/microsoft-_-windows_10/getmissingkbs",
    )
    .await;
    assert_eq!(s, 200);
    for kb in items(&kbs) {
        let id = kb["id"].as_str().unwrap();
        assert!(kb["url"].as_str().unwrap().ends_with(&format!("KB{id}")));
        assert!(kb["machineMissedOn"].as_u64().unwrap() >= 1);
    }

    // $filter on the documented properties only.
    let (s, by_vendor) = get(
        &sb,
        &tok,
        &format!("/api/Software?{}", q("vendor eq 'microsoft'")),
    )
    .await;
    assert_eq!(s, 200);
    assert!(items(&by_vendor).iter().all(|s| s["vendor"] == "microsoft"));
    let (s, body) = get(
        &sb,
        &tok,
        &format!("/api/Software?{}", q("weaknesses gt 1")),
    )
    .await;
    assert_eq!(s, 400, "{body}");
    assert_eq!(get(&sb, &tok, "/api/Software?$top=10001").await.0, 400);
    assert_eq!(
        get(&sb, &tok, "/api/Software/nobody-_-nothing").await.0,
        404
    );
    assert_eq!(
        get(
            &sb,
            &tok,
            "/api/Software/nobody-_-nothing/machineReferences"
        )
        .await
        .0,
        404
    );
}

#[tokio::test]
async fn vulnerabilities_agree_with_the_machine_rows() {
    let sb = start(small()).await;
    let tok = token(&sb).await;
    let rows = all(&sb, &tok, "/api/vulnerabilities/machinesVulnerabilities").await;
    assert!(!rows.is_empty());
    for r in &rows {
        // <machineId>-_-<cveId>-_-<vendor>-_-<product>-_-<version>-_-<kb or empty>
        let expected = format!(
            "{}-_-{}-_-{}-_-{}-_-{}-_-{}",
            r["machineId"].as_str().unwrap(),
            r["cveId"].as_str().unwrap(),
            r["productVendor"].as_str().unwrap(),
            r["productName"].as_str().unwrap(),
            r["productVersion"].as_str().unwrap(),
            r["fixingKbId"].as_str().unwrap_or("")
        );
        assert_eq!(r["id"], expected.as_str());
    }
    let vulns = all(&sb, &tok, "/api/vulnerabilities").await;
    let cves: HashSet<&str> = vulns.iter().map(|v| v["id"].as_str().unwrap()).collect();
    for v in &vulns {
        for key in [
            "id",
            "name",
            "description",
            "severity",
            "cvssV3",
            "exposedMachines",
            "publishedOn",
            "updatedOn",
            "publicExploit",
            "exploitVerified",
            "exploitInKit",
            "exploitTypes",
            "exploitUris",
        ] {
            assert!(v.get(key).is_some(), "{key} missing from {v}");
        }
        assert!(["Low", "Medium", "High", "Critical"].contains(&v["severity"].as_str().unwrap()));
        // exposedMachines counts the machines whose rows name the CVE.
        let machines: HashSet<&str> = rows
            .iter()
            .filter(|r| r["cveId"] == v["id"])
            .map(|r| r["machineId"].as_str().unwrap())
            .collect();
        assert_eq!(
            v["exposedMachines"].as_u64().unwrap() as usize,
            machines.len()
        );
    }
    assert!(rows
        .iter()
        .all(|r| cves.contains(r["cveId"].as_str().unwrap())));

    let cve = "CVE-2024-38063";
    let (s, one) = get(&sb, &tok, &format!("/api/vulnerabilities/{cve}")).await;
    assert_eq!(s, 200, "{one}");
    assert!(one["@odata.context"]
        .as_str()
        .unwrap()
        .ends_with("#Vulnerabilities/$entity"));
    let (_, refs) = get(
        &sb,
        &tok,
        &format!("/api/vulnerabilities/{cve}/machineReferences"),
    )
    .await;
    assert_eq!(
        items(&refs).len() as u64,
        one["exposedMachines"].as_u64().unwrap()
    );
    assert_eq!(
        get(&sb, &tok, "/api/vulnerabilities/CVE-1999-0001").await.0,
        404
    );

    // /api/vulnerabilities caps $top at 8,000 (get-all-vulnerabilities); the by-machine list at
    // 10,000.
    assert_eq!(
        get(&sb, &tok, "/api/vulnerabilities?$top=8000").await.0,
        200
    );
    assert_eq!(
        get(&sb, &tok, "/api/vulnerabilities?$top=8001").await.0,
        400
    );
    assert_eq!(
        get(
            &sb,
            &tok,
            "/api/vulnerabilities/machinesVulnerabilities?$top=10000"
        )
        .await
        .0,
        200
    );
    assert_eq!(
        get(
            &sb,
            &tok,
            "/api/vulnerabilities/machinesVulnerabilities?$top=10001"
        )
        .await
        .0,
        400
    );
    let (s, crit) = get(
        &sb,
        &tok,
        &format!("/api/vulnerabilities?{}", q("cvssV3 ge 9.0")),
    )
    .await;
    assert_eq!(s, 200);
    assert!(items(&crit)
        .iter()
        .all(|v| v["cvssV3"].as_f64().unwrap() >= 9.0));
    let (s, _) = get(
        &sb,
        &tok,
        &format!("/api/vulnerabilities?{}", q("exposedMachines gt 1")),
    )
    .await;
    assert_eq!(s, 400);
    // $skip pages without overlap.
    let (_, first) = get(
        &sb,
        &tok,
        "/api/vulnerabilities/machinesVulnerabilities?$top=5",
    )
    .await;
    let (_, second) = get(
        &sb,
        &tok,
        "/api/vulnerabilities/machinesVulnerabilities?$top=5&$skip=5",
    )
    .await;
    assert!(first.get("@odata.nextLink").is_none(), "no link with $top");
    assert_eq!(items(&first)[..], rows[..5]);
    assert_eq!(items(&second)[..], rows[5..10]);
}

#[tokio::test]
async fn recommendations_remediation_and_scores_are_consistent() {
    let sb = start(small()).await;
    let tok = token(&sb).await;
    let recos = all(&sb, &tok, "/api/recommendations").await;
    assert!(recos.iter().any(|r| r["remediationType"] == "Update"));
    assert!(recos
        .iter()
        .any(|r| r["remediationType"] == "ConfigurationChange"));
    for r in &recos {
        let id = r["id"].as_str().unwrap();
        assert!(["Active", "Exception"].contains(&r["status"].as_str().unwrap()));
        let (_, refs) = get(
            &sb,
            &tok,
            &format!("/api/recommendations/{id}/machineReferences"),
        )
        .await;
        assert_eq!(
            items(&refs).len() as u64,
            r["exposedMachinesCount"].as_u64().unwrap(),
            "{id}"
        );
        let (s, sw) = get(&sb, &tok, &format!("/api/recommendations/{id}/software")).await;
        if r["remediationType"] == "Update" {
            // One Software entity, not a collection (list-recommendation-software).
            assert_eq!(s, 200);
            assert!(sw.get("value").is_none());
            assert_eq!(sw["name"], r["productName"]);
            let (_, v) = get(
                &sb,
                &tok,
                &format!("/api/recommendations/{id}/vulnerabilities"),
            )
            .await;
            assert_eq!(items(&v).len() as u64, r["weaknesses"].as_u64().unwrap());
        } else {
            assert_eq!(s, 404);
        }
    }
    let (s, _) = get(
        &sb,
        &tok,
        &format!("/api/recommendations?{}", q("status eq 'Active'")),
    )
    .await;
    assert_eq!(s, 200);
    assert_eq!(
        get(&sb, &tok, "/api/recommendations/va-_-nobody-_-nothing")
            .await
            .0,
        404
    );

    // Remediation activities reference recommendations' software and their exposed devices.
    let tasks = all(&sb, &tok, "/api/remediationTasks").await;
    assert!(!tasks.is_empty());
    for t in &tasks {
        let id = t["id"].as_str().unwrap();
        let (s, one) = get(&sb, &tok, &format!("/api/remediationtasks/{id}")).await;
        assert_eq!(s, 200);
        assert_eq!(one["title"], t["title"]);
        let (_, refs) = get(
            &sb,
            &tok,
            &format!("/api/remediationTasks/{id}/machineReferences"),
        )
        .await;
        assert_eq!(
            items(&refs).len() as u64,
            t["targetDevices"].as_u64().unwrap()
        );
        let product = t["productId"].as_str().unwrap();
        assert_eq!(
            get(&sb, &tok, &format!("/api/Software/{product}")).await.0,
            200
        );
    }
    let (s, done) = get(
        &sb,
        &tok,
        &format!("/api/remediationTasks?{}", q("status eq 'Completed'")),
    )
    .await;
    assert_eq!(s, 200);
    assert!(items(&done).iter().all(|t| t["status"] == "Completed"));
    assert_eq!(
        get(&sb, &tok, "/api/remediationTasks/not-a-guid").await.0,
        400
    );
    assert_eq!(
        get(
            &sb,
            &tok,
            "/api/remediationTasks/00000000-0000-0000-0000-000000000000"
        )
        .await
        .0,
        404
    );

    // Scores: exposure 0-100 with a time; one per device group; the secure score in points.
    let (s, exposure) = get(&sb, &tok, "/api/exposureScore").await;
    assert_eq!(s, 200);
    let score = exposure["score"].as_f64().unwrap();
    assert!((0.0..=100.0).contains(&score) && score > 0.0, "{exposure}");
    assert!(exposure["time"].is_string());
    let (_, groups) = get(&sb, &tok, "/api/exposureScore/ByMachineGroups").await;
    assert!(items(&groups).len() > 1);
    for g in items(&groups) {
        assert!(g["rbacGroupName"].is_string() && g["time"].is_string());
        assert!((0.0..=100.0).contains(&g["score"].as_f64().unwrap()));
    }
    let (s, config) = get(&sb, &tok, "/api/configurationScore").await;
    assert_eq!(s, 200);
    assert!(config["score"].as_f64().unwrap() > 0.0);
}

#[tokio::test]
async fn loaded_machine_vulnerabilities_join_the_model() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/mde-samples");
    if !dir.is_dir() {
        println!("note: {} is absent; skipping", dir.display());
        return;
    }
    let sb = start(SandboxConfig {
        load: vec![dir.join("api/vulnerabilities.json")],
        synthetic: false,
        ..SandboxConfig::default()
    })
    .await;
    let tok = token(&sb).await;
    let rows = all(&sb, &tok, "/api/vulnerabilities/machinesVulnerabilities").await;
    assert_eq!(rows.len(), 421, "the capture's 421 records, as they are");
    let machine = rows[0]["machineId"].as_str().unwrap().to_string();
    let cves: HashSet<&str> = rows.iter().map(|r| r["cveId"].as_str().unwrap()).collect();
    let (_, vulns) = get(
        &sb,
        &tok,
        &format!("/api/machines/{machine}/vulnerabilities"),
    )
    .await;
    // The loaded machine is not in the inventory (no machines were loaded): a 404 like any other
    // unknown machine, while its CVEs are known to the organization-wide lists.
    assert!(vulns.get("value").is_none());
    let known = all(&sb, &tok, "/api/vulnerabilities").await;
    assert_eq!(known.len(), cves.len());
    let products: HashSet<String> = rows
        .iter()
        .map(|r| {
            format!(
                "{}-_-{}",
                r["productVendor"].as_str().unwrap(),
                r["productName"].as_str().unwrap()
            )
        })
        .collect();
    let software = all(&sb, &tok, "/api/Software").await;
    assert_eq!(software.len(), products.len());
    let (_, refs) = get(
        &sb,
        &tok,
        &format!(
            "/api/vulnerabilities/{}/machineReferences",
            rows[0]["cveId"].as_str().unwrap()
        ),
    )
    .await;
    assert_eq!(items(&refs)[0]["id"], machine.as_str());
}

#[tokio::test]
async fn device_antivirus_health_as_documented() {
    let sb = start(small()).await;
    let tok = token(&sb).await;
    let rows = all(&sb, &tok, "/api/deviceavinfo").await;
    assert_eq!(rows.len(), 40, "one row per device");
    for r in &rows {
        assert_eq!(r["id"], r["machineId"]);
        assert!(["windows", "mac", "linux"].contains(&r["osKind"].as_str().unwrap()));
        assert!(["", "0", "1", "2", "3", "4", "5"].contains(&r["avMode"].as_str().unwrap()));
        for k in [
            "avIsSignatureUpToDate",
            "avIsEngineUpToDate",
            "avIsPlatformUpToDate",
        ] {
            assert!(
                ["True", "False", "Unknown"].contains(&r[k].as_str().unwrap()),
                "{k}"
            );
        }
    }
    let (s, win) = get(
        &sb,
        &tok,
        &format!("/api/deviceavinfo?{}", q("osKind eq 'windows'")),
    )
    .await;
    assert_eq!(s, 200);
    assert!(items(&win).iter().all(|r| r["osKind"] == "windows"));
    // rbacGroupName and id are not filterable (device-health-api-methods-properties).
    for bad in ["rbacGroupName eq 'x'", "id eq 'x'"] {
        assert_eq!(
            get(&sb, &tok, &format!("/api/deviceavinfo?{}", q(bad)))
                .await
                .0,
            400,
            "{bad}"
        );
    }
    // 30 calls a minute: the 31st is a 429 with Retry-After.
    let mut statuses = Vec::new();
    for _ in 0..40 {
        statuses.push(get(&sb, &tok, "/api/deviceavinfo?$top=1").await.0);
        if statuses.last() == Some(&429) {
            break;
        }
    }
    assert_eq!(statuses.last(), Some(&429), "{statuses:?}");
}

#[tokio::test]
async fn tvm_permissions_and_quota() {
    let sb = start(small()).await;
    // An app with machine reads only: every TVM route is a 403 naming its own permission.
    sb.register_app(
        "machine-reader",
        "reader-secret",
        vec!["Machine.Read.All".into()],
    );
    let tok = token_for(&sb, "machine-reader", "reader-secret").await;
    for (path, permission) in [
        ("/api/Software", "Software.Read.All"),
        ("/api/vulnerabilities", "Vulnerability.Read.All"),
        (
            "/api/vulnerabilities/machinesVulnerabilities",
            "Vulnerability.Read.All",
        ),
        (
            "/api/Software/google-_-chrome/vulnerabilities",
            "Vulnerability.Read.All",
        ),
        ("/api/recommendations", "SecurityRecommendation.Read.All"),
        (
            "/api/recommendations/va-_-google-_-chrome/software",
            "Software.Read.All",
        ),
        ("/api/exposureScore", "Score.Read.All"),
        ("/api/configurationScore", "Score.Read.All"),
        ("/api/remediationTasks", "RemediationTasks.Read.All"),
    ] {
        let (s, body) = get(&sb, &tok, path).await;
        assert_eq!(s, 403, "{path}");
        assert!(
            body["error"]["message"]
                .as_str()
                .unwrap()
                .contains(permission),
            "{path}: {body}"
        );
    }
    // Machine.Read.All is enough for the AV report and the scan reads, not the scan writes.
    assert_eq!(get(&sb, &tok, "/api/deviceavinfo?$top=1").await.0, 200);
    assert_eq!(
        get(&sb, &tok, "/api/DeviceAuthenticatedScanAgents").await.0,
        200
    );
    let (s, _) = send(
        &sb,
        &tok,
        "POST",
        "/api/DeviceAuthenticatedScanDefinitions/BatchDelete",
        json!({"ScanDefinitionIds": ["x"]}),
    )
    .await;
    assert_eq!(s, 403);
    // The TVM reads document no rate limit: 150 calls in a minute all answer.
    let full = token(&sb).await;
    for _ in 0..150 {
        assert_eq!(get(&sb, &full, "/api/exposureScore").await.0, 200);
    }
}

#[tokio::test]
async fn authenticated_scans_as_documented() {
    let sb = start(small()).await;
    let tok = token(&sb).await;
    let (s, agents) = get(&sb, &tok, "/api/DeviceAuthenticatedScanAgents").await;
    assert_eq!(s, 200);
    let agent = items(&agents)[0].clone();
    let machine = agent["machineId"].as_str().unwrap();
    let (s, one) = get(
        &sb,
        &tok,
        &format!(
            "/api/DeviceAuthenticatedScanAgents/{}",
            agent["id"].as_str().unwrap()
        ),
    )
    .await;
    assert_eq!(s, 200);
    assert_eq!(one["machineId"], machine);

    let body = json!({
        "scanType": "Windows", "scanName": "Test Windows scan", "isActive": true,
        "target": "127.0.0.1", "intervalInHours": 1, "targetType": "Ip",
        "scannerAgent": {"machineId": machine},
        "scanAuthenticationParams": {"@odata.type": "#microsoft.windowsDefenderATP.api.WindowsAuthParams",
                                     "type": "Kerberos", "username": "username", "domain": "contoso",
                                     "isGmsaUser": true},
    });
    // Create answers 200 (not 201) with the definition; credentials are not echoed.
    let (s, created) = send(
        &sb,
        &tok,
        "POST",
        "/api/DeviceAuthenticatedScanDefinitions",
        body.clone(),
    )
    .await;
    assert_eq!(s, 200, "{created}");
    assert!(created["scanAuthenticationParams"].is_null());
    assert_eq!(created["scannerAgent"]["machineId"], machine);
    let id = created["id"].as_str().unwrap().to_string();
    let mut missing = body.clone();
    missing
        .as_object_mut()
        .unwrap()
        .remove("scanAuthenticationParams");
    assert_eq!(
        send(
            &sb,
            &tok,
            "POST",
            "/api/DeviceAuthenticatedScanDefinitions",
            missing
        )
        .await
        .0,
        400
    );
    let mut wrong = body.clone();
    wrong["scanType"] = json!("Quick");
    assert_eq!(
        send(
            &sb,
            &tok,
            "POST",
            "/api/DeviceAuthenticatedScanDefinitions",
            wrong
        )
        .await
        .0,
        400
    );

    let (s, updated) = send(
        &sb,
        &tok,
        "PATCH",
        &format!("/api/DeviceAuthenticatedScanDefinitions/{id}"),
        json!({"scanName": "Test Update Windows scan", "isActive": false}),
    )
    .await;
    assert_eq!(s, 200);
    assert_eq!(updated["scanName"], "Test Update Windows scan");
    assert_eq!(updated["isActive"], false);
    let (_, list) = get(&sb, &tok, "/api/DeviceAuthenticatedScanDefinitions").await;
    let seeded = items(&list)
        .iter()
        .find(|d| d["id"] != id.as_str())
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(items(&list).iter().any(|d| d["id"] == id.as_str()));

    // History: by definition ($top counts sessions), then by session.
    let path = "/api/DeviceAuthenticatedScanDefinitions/GetScanHistoryByScanDefinitionId";
    let (s, hist) = send(
        &sb,
        &tok,
        "POST",
        path,
        json!({"ScanDefinitionIds": [seeded]}),
    )
    .await;
    assert_eq!(s, 200);
    assert_eq!(items(&hist).len(), 3);
    for h in items(&hist) {
        assert!(["Success", "Partial Success", "Fail"].contains(&h["ScanStatus"].as_str().unwrap()));
    }
    let (_, top1) = send(
        &sb,
        &tok,
        "POST",
        &format!("{path}?$top=1"),
        json!({"ScanDefinitionIds": [seeded]}),
    )
    .await;
    assert_eq!(items(&top1).len(), 1);
    assert_eq!(
        send(
            &sb,
            &tok,
            "POST",
            &format!("{path}?$top=4097"),
            json!({"ScanDefinitionIds": [seeded]})
        )
        .await
        .0,
        400
    );
    let (_, fresh) = send(&sb, &tok, "POST", path, json!({"ScanDefinitionIds": [id]})).await;
    assert!(items(&fresh).is_empty(), "a new definition has not run yet");
    let session_path = "/api/DeviceAuthenticatedScanDefinitions/GetScanHistoryBySessionId";
    assert!(
        hist["value"][0]["ScanDefinitionIds"].is_string(),
        "one id, as in the example"
    );
    let (s, none) = send(
        &sb,
        &tok,
        "POST",
        session_path,
        json!({"SessionIds": ["nope"]}),
    )
    .await;
    assert_eq!(s, 200);
    assert!(items(&none).is_empty());

    // BatchDelete, then the definition is gone.
    let (s, _) = send(
        &sb,
        &tok,
        "POST",
        "/api/DeviceAuthenticatedScanDefinitions/BatchDelete",
        json!({"ScanDefinitionIds": [id]}),
    )
    .await;
    assert_eq!(s, 200);
    let (_, list) = get(&sb, &tok, "/api/DeviceAuthenticatedScanDefinitions").await;
    assert!(!items(&list).iter().any(|d| d["id"] == id.as_str()));
    assert_eq!(
        send(
            &sb,
            &tok,
            "PATCH",
            &format!("/api/DeviceAuthenticatedScanDefinitions/{id}"),
            json!({"isActive": true})
        )
        .await
        .0,
        404
    );
    assert_eq!(
        send(&sb, &tok, "POST", session_path, json!({})).await.0,
        400
    );
}

#[tokio::test]
async fn machine_update_and_legacy_find() {
    let sb = start(small()).await;
    let tok = token(&sb).await;
    let (_, machines) = get(&sb, &tok, "/api/machines?$top=1").await;
    let m = items(&machines)[0].clone();
    let id = m["id"].as_str().unwrap();
    // The body's machineTags replace the machine's tags; deviceValue is Normal, Low or High.
    let (s, updated) = send(
        &sb,
        &tok,
        "PATCH",
        &format!("/api/machines/{id}"),
        json!({"deviceValue": "High", "machineTags": ["Demo Device", "Windows 10"]}),
    )
    .await;
    assert_eq!(s, 200, "{updated}");
    assert_eq!(updated["deviceValue"], "High");
    assert_eq!(updated["machineTags"], json!(["Demo Device", "Windows 10"]));
    let (_, again) = get(&sb, &tok, &format!("/api/machines/{id}")).await;
    assert_eq!(again["machineTags"], json!(["Demo Device", "Windows 10"]));
    assert_eq!(
        send(
            &sb,
            &tok,
            "PATCH",
            &format!("/api/machines/{id}"),
            json!({"deviceValue": "Critical"})
        )
        .await
        .0,
        400
    );
    assert_eq!(
        send(
            &sb,
            &tok,
            "PATCH",
            &format!("/api/machines/{id}"),
            json!({"healthStatus": "Active"})
        )
        .await
        .0,
        400
    );
    assert_eq!(
        send(
            &sb,
            &tok,
            "PATCH",
            &format!("/api/machines/{}", "0".repeat(40)),
            json!({"deviceValue": "Low"})
        )
        .await
        .0,
        404
    );

    // find(timestamp=...,key='...'): the machines with that IP; 404 when none.
    let ip = m["lastIpAddress"].as_str().unwrap();
    let now = chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ");
    let (s, found) = get(
        &sb,
        &tok,
        &format!("/api/machines/find(timestamp={now},key='{ip}')"),
    )
    .await;
    assert_eq!(s, 200, "{found}");
    assert!(items(&found).iter().any(|x| x["id"] == id));
    let (s, _) = get(
        &sb,
        &tok,
        &format!("/api/machines/find(timestamp={now},key='192.0.2.77')"),
    )
    .await;
    assert_eq!(s, 404);
    let (s, _) = get(
        &sb,
        &tok,
        &format!("/api/machines/find(timestamp=2001-01-01T00:00:00Z,key='{ip}')"),
    )
    .await;
    assert_eq!(s, 400);
}
