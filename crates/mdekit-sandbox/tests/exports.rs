//! The export assessment APIs as documented (reference `mde-api-rest.md` §5, §6): JSON pages with
//! `pageSize` and `$skiptoken`, via-files SAS URLs of gzip JSON Lines, SAS expiry, the delta's
//! 14-day limit, permissions and quotas. Black-box: plain HTTP against a sandbox on loopback.

use std::io::BufRead;

use mdekit_sandbox::{Sandbox, SandboxConfig};
use serde_json::Value;

const MDE: &str = "https://api.securitycenter.microsoft.com";

fn config() -> SandboxConfig {
    SandboxConfig {
        machines: 40,
        alerts: 10,
        export_file_records: 100,
        rate_limits: false,
        ..SandboxConfig::default()
    }
}

async fn start(config: SandboxConfig) -> Sandbox {
    Sandbox::start(config, "127.0.0.1:0".parse().unwrap())
        .await
        .unwrap()
}

fn http() -> reqwest::Client {
    let _ = rustls::crypto::ring::default_provider().install_default();
    reqwest::Client::new()
}

async fn token_for(sb: &Sandbox, client_id: &str, secret: &str) -> String {
    let r = http()
        .post(format!(
            "{}/{}/oauth2/v2.0/token",
            sb.base_url(),
            sb.tenant_id()
        ))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(
            form_urlencoded::Serializer::new(String::new())
                .append_pair("grant_type", "client_credentials")
                .append_pair("client_id", client_id)
                .append_pair("client_secret", secret)
                .append_pair("scope", &format!("{MDE}/.default"))
                .finish(),
        )
        .send()
        .await
        .unwrap();
    let body: Value = r.json().await.unwrap();
    body["access_token"].as_str().unwrap().to_owned()
}

async fn token(sb: &Sandbox) -> String {
    token_for(sb, &sb.client_id(), &sb.client_secret()).await
}

async fn get(sb: &Sandbox, token: &str, path: &str) -> (u16, Value) {
    let url = if path.starts_with("http") {
        path.to_owned()
    } else {
        format!("{}{path}", sb.base_url())
    };
    let r = http().get(url).bearer_auth(token).send().await.unwrap();
    let status = r.status().as_u16();
    (status, r.json().await.unwrap_or(Value::Null))
}

/// A file URL fetched as documented: a plain GET, no bearer token; its gzip JSON Lines rows.
async fn download(url: &str) -> (u16, Vec<Value>, String) {
    let r = http().get(url).send().await.unwrap();
    let status = r.status().as_u16();
    let code = r
        .headers()
        .get("x-ms-error-code")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_owned();
    let bytes = r.bytes().await.unwrap();
    if status != 200 {
        return (
            status,
            Vec::new(),
            format!("{code} {}", String::from_utf8_lossy(&bytes)),
        );
    }
    let reader = std::io::BufReader::new(flate2::read::GzDecoder::new(&bytes[..]));
    let rows = reader
        .lines()
        .map(|l| serde_json::from_str(&l.unwrap()).unwrap())
        .collect();
    (status, rows, code)
}

#[tokio::test]
async fn via_files_lists_sas_urls_of_gzip_json_lines_in_the_property_tables_casing() {
    let sb = start(config()).await;
    let t = token(&sb).await;
    let (s, body) = get(&sb, &t, "/api/machines/SoftwareVulnerabilitiesExport").await;
    assert_eq!(s, 200, "{body}");
    assert!(body["@odata.context"]
        .as_str()
        .unwrap()
        .ends_with("#microsoft.windowsDefenderATP.api.ExportFilesResponse"));
    let generated = body["generatedTime"].as_str().unwrap();
    assert!(generated.ends_with(":00Z"), "{generated}");
    let files = body["exportFiles"].as_array().unwrap();
    // 40 machines x 8 rows, 100 a file.
    assert_eq!(files.len(), 4);
    let time_path = format!(
        "{}/{}",
        &generated[..10],
        generated[11..16].replace(':', "")
    );
    let mut total = 0;
    for f in files {
        let url = f.as_str().unwrap();
        assert!(
            url.contains(&format!("/tvm-export/{time_path}/VaExport/json/OrgId=")),
            "{url}"
        );
        assert!(url.contains(".json.gz?sv="), "{url}");
        for p in ["&st=", "&se=", "&sr=b", "&sp=r", "&sig="] {
            assert!(url.contains(p), "{url}");
        }
        let (s, rows, _) = download(url).await;
        assert_eq!(s, 200);
        for row in &rows {
            assert!(
                row.get("DeviceId").is_some() && row.get("CveId").is_some(),
                "{row}"
            );
            assert!(row.get("OSPlatform").is_some(), "{row}");
            let first = row["FirstSeenTimestamp"].as_str().unwrap();
            assert!(first.contains('T') && first.ends_with('Z'), "{first}");
        }
        total += rows.len();
    }
    assert_eq!(total, 320);
    // The same snapshot's JSON flavour has the same rows, camelCase, space-separated times.
    let (s, page) = get(&sb, &t, "/api/machines/SoftwareVulnerabilitiesByMachine").await;
    assert_eq!(s, 200);
    let rows = page["value"].as_array().unwrap();
    assert_eq!(rows.len(), 320);
    let first = rows[0]["firstSeenTimestamp"].as_str().unwrap();
    assert!(!first.contains('T') && !first.ends_with('Z'), "{first}");
    assert!(rows[0]["id"].as_str().unwrap().ends_with('_'));
}

#[tokio::test]
async fn sas_urls_expire_after_sas_valid_hours() {
    let sb = start(config()).await;
    let t = token(&sb).await;
    let (s, body) = get(
        &sb,
        &t,
        "/api/machines/SecureConfigurationsAssessmentExport?sasValidHours=2",
    )
    .await;
    assert_eq!(s, 200, "{body}");
    let url = body["exportFiles"][0].as_str().unwrap().to_owned();
    sb.advance(3600.0);
    assert_eq!(download(&url).await.0, 200);
    sb.advance(3700.0);
    let (s, _, text) = download(&url).await;
    assert_eq!(s, 403);
    assert!(text.starts_with("AuthenticationFailed"), "{text}");
    assert!(
        text.contains("Signature not valid in the specified time frame"),
        "{text}"
    );
    // A tampered signature is refused the same way.
    let (s, _, text) = download(&url.replace("sig=", "sig=x")).await;
    assert_eq!((s, text.starts_with("AuthenticationFailed")), (403, true));
}

#[tokio::test]
async fn sas_valid_hours_is_bounded_per_export() {
    let sb = start(config()).await;
    let t = token(&sb).await;
    for (path, max) in [
        ("SoftwareVulnerabilitiesExport", 6),
        ("SoftwareInventoryNonCpeExport", 24),
        ("certificateAssessmentExport", 24),
        ("InfoGatheringExport", 24),
    ] {
        let ok = format!("/api/machines/{path}?sasValidHours={max}");
        assert_eq!(get(&sb, &t, &ok).await.0, 200, "{ok}");
        let (s, body) = get(
            &sb,
            &t,
            &format!("/api/machines/{path}?sasValidHours={}", max + 1),
        )
        .await;
        assert_eq!(s, 400, "{path}");
        assert_eq!(body["error"]["code"], "InvalidInput");
    }
}

#[tokio::test]
async fn json_pages_follow_skiptoken_links_and_top_ends_paging() {
    let sb = start(config()).await;
    let t = token(&sb).await;
    let mut url = "/api/machines/SoftwareInventoryByMachine?pageSize=150".to_owned();
    let mut seen = std::collections::HashSet::new();
    let mut pages = 0;
    loop {
        let (s, body) = get(&sb, &t, &url).await;
        assert_eq!(s, 200, "{body}");
        pages += 1;
        for row in body["value"].as_array().unwrap() {
            let key = format!(
                "{}|{}|{}",
                row["deviceId"], row["softwareName"], row["softwareVersion"]
            );
            assert!(seen.insert(key), "duplicate row");
        }
        match body["@odata.nextLink"].as_str() {
            Some(link) => {
                assert!(link.contains("pagesize=150&$skiptoken="), "{link}");
                url = link.to_owned();
            }
            None => break,
        }
    }
    assert_eq!((seen.len(), pages), (400, 3));
    let (s, body) = get(&sb, &t, "/api/machines/SoftwareInventoryByMachine?$top=5").await;
    assert_eq!(s, 200);
    assert_eq!(body["value"].as_array().unwrap().len(), 5);
    assert!(body.get("@odata.nextLink").is_none());
    let (s, body) = get(
        &sb,
        &t,
        "/api/machines/SoftwareInventoryByMachine?pageSize=200001",
    )
    .await;
    assert_eq!(
        (s, body["error"]["code"].as_str()),
        (400, Some("InvalidInput"))
    );
    let (s, _) = get(
        &sb,
        &t,
        "/api/machines/SoftwareInventoryByMachine?$skiptoken=bm9wZQ==",
    )
    .await;
    assert_eq!(s, 400);
}

#[tokio::test]
async fn every_assessment_is_served_in_both_flavours() {
    let sb = start(config()).await;
    let t = token(&sb).await;
    for (json, files, per_machine, key) in [
        (
            "SecureConfigurationsAssessmentByMachine",
            "SecureConfigurationsAssessmentExport",
            6,
            "ConfigurationId",
        ),
        (
            "SoftwareInventoryNoProductCodeByMachine",
            "SoftwareInventoryNonCpeExport",
            4,
            "SoftwareName",
        ),
        (
            "BrowserExtensionsInventoryByMachine",
            "browserextensionsinventoryExport",
            3,
            "ExtensionId",
        ),
        (
            "certificateAssessmentByMachine",
            "certificateAssessmentExport",
            3,
            "Thumbprint",
        ),
        (
            "baselineComplianceAssessmentByMachine",
            "BaselineComplianceAssessmentExport",
            5,
            "ProfileId",
        ),
        (
            "HardwareFirmwareInventoryByMachine",
            "HardwareFirmwareInventoryExport",
            3,
            "ComponentName",
        ),
    ] {
        let (s, page) = get(&sb, &t, &format!("/api/Machines/{json}")).await;
        assert_eq!(s, 200, "{json}");
        assert_eq!(
            page["value"].as_array().unwrap().len(),
            40 * per_machine,
            "{json}"
        );
        let (s, body) = get(&sb, &t, &format!("/api/machines/{files}")).await;
        assert_eq!(s, 200, "{files}");
        let mut n = 0;
        for f in body["exportFiles"].as_array().unwrap() {
            let (s, rows, _) = download(f.as_str().unwrap()).await;
            assert_eq!(s, 200);
            assert!(rows.iter().all(|r| r.get(key).is_some()), "{files}");
            n += rows.len();
        }
        assert_eq!(n, 40 * per_machine, "{files}");
    }
    let (s, body) = get(
        &sb,
        &t,
        "/api/Machines/InfoGatheringExport?$sasValidHours=1",
    )
    .await;
    assert_eq!(s, 200);
    let (_, rows, _) = download(body["exportFiles"][0].as_str().unwrap()).await;
    assert!(rows[0]["DeviceGatheredInfo"]["avMode"].is_string());
    let (s, body) = get(&sb, &t, "/api/browserextensions/permissionsinfo?$top=2").await;
    assert_eq!(s, 200);
    assert_eq!(body["value"].as_array().unwrap().len(), 2);
    assert!(body["value"][0]["permissionName"].is_string());
    let (s, body) = get(&sb, &t, "/api/baselineProfiles?$filter=status eq true").await;
    assert_eq!((s, body["value"].as_array().map(Vec::len)), (200, Some(2)));
    let (s, body) = get(&sb, &t, "/api/baselineConfigurations?$filter=id eq '9.3.9'").await;
    assert_eq!(
        (s, body["value"][0]["uniqueId"].as_str()),
        (200, Some("CIS_1.4.0-windows_server_2016_9.3.9"))
    );
}

#[tokio::test]
async fn the_delta_needs_since_time_within_14_days() {
    let sb = start(config()).await;
    let t = token(&sb).await;
    let path = "/api/machines/SoftwareVulnerabilityChangesByMachine";
    let (s, body) = get(&sb, &t, path).await;
    assert_eq!(
        (s, body["error"]["code"].as_str()),
        (400, Some("InvalidInput"))
    );
    let old = (chrono::Utc::now() - chrono::Duration::days(15)).format("%Y-%m-%dT%H:%M:%SZ");
    assert_eq!(
        get(&sb, &t, &format!("{path}?sinceTime={old}")).await.0,
        400
    );
    assert_eq!(
        get(&sb, &t, &format!("{path}?sinceTime=yesterday")).await.0,
        400
    );
    let week = (chrono::Utc::now() - chrono::Duration::days(7)).format("%Y-%m-%dT%H:%M:%SZ");
    let (s, body) = get(&sb, &t, &format!("{path}?sinceTime={week}")).await;
    assert_eq!(s, 200, "{body}");
    let rows = body["value"].as_array().unwrap();
    assert!(!rows.is_empty());
    let cutoff = (chrono::Utc::now() - chrono::Duration::days(8))
        .format("%Y-%m-%d")
        .to_string();
    for r in rows {
        assert!(
            ["New", "Fixed", "Updated"].contains(&r["status"].as_str().unwrap()),
            "{r}"
        );
        assert!(
            r["eventTimestamp"].as_str().unwrap() >= cutoff.as_str(),
            "{r}"
        );
        assert!(r["cveId"].is_string());
    }
    // Paged with a small page, the delta hands out the same rows.
    let mut url = format!("{path}?sinceTime={week}&pageSize=7");
    let mut n = 0;
    for _ in 0..1000 {
        let (s, b) = get(&sb, &t, &url).await;
        assert_eq!(s, 200);
        n += b["value"].as_array().unwrap().len();
        match b["@odata.nextLink"].as_str() {
            Some(l) => url = l.to_owned(),
            None => break,
        }
    }
    assert_eq!(n, rows.len());
}

#[tokio::test]
async fn permissions_and_quotas_come_from_the_catalogue() {
    let sb = start(SandboxConfig {
        rate_limits: true,
        ..config()
    })
    .await;
    sb.register_app(
        "00000000-0000-0000-0000-0000000000aa",
        "s3cret",
        vec!["Software.Read.All".into()],
    );
    let t = token_for(&sb, "00000000-0000-0000-0000-0000000000aa", "s3cret").await;
    assert_eq!(
        get(&sb, &t, "/api/machines/SoftwareInventoryExport")
            .await
            .0,
        200
    );
    let (s, body) = get(&sb, &t, "/api/machines/SoftwareVulnerabilitiesExport").await;
    assert_eq!(s, 403, "{body}");
    assert_eq!(
        get(
            &sb,
            &t,
            "/api/machines/baselineComplianceAssessmentByMachine"
        )
        .await
        .0,
        403
    );
    // Via files: 5 calls a minute, counted per app and per export.
    let t = token(&sb).await;
    let mut statuses = Vec::new();
    for _ in 0..6 {
        statuses.push(
            get(&sb, &t, "/api/machines/SoftwareInventoryExport")
                .await
                .0,
        );
    }
    assert_eq!(statuses, [200, 200, 200, 200, 200, 429]);
    assert_eq!(
        get(&sb, &t, "/api/machines/certificateAssessmentExport")
            .await
            .0,
        200
    );
}

#[tokio::test]
async fn a_million_record_export_is_generated_file_by_file() {
    let sb = start(SandboxConfig {
        machines: 50,
        alerts: 1,
        export_records: Some(1_000_000),
        export_file_records: 2_000,
        ..SandboxConfig::default()
    })
    .await;
    let t = token(&sb).await;
    let (s, body) = get(&sb, &t, "/api/machines/SoftwareVulnerabilitiesExport").await;
    assert_eq!(s, 200);
    let files = body["exportFiles"].as_array().unwrap();
    assert_eq!(files.len(), 500);
    // Only the file asked for is generated; its rows are the export's last ones.
    let (s, rows, _) = download(files[499].as_str().unwrap()).await;
    assert_eq!((s, rows.len()), (200, 2_000));
    assert!(rows[1_999]["Id"].as_str().unwrap().contains("CVE-"));
    let (_, page) = get(
        &sb,
        &t,
        "/api/machines/SoftwareVulnerabilitiesByMachine?$top=3",
    )
    .await;
    assert_eq!(page["value"].as_array().unwrap().len(), 3);
}
