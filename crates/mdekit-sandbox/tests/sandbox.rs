//! End-to-end tests against a sandbox on 127.0.0.1:0.

use std::collections::HashSet;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use mdekit_sandbox::{Fault, FaultKind, Sandbox, SandboxConfig, SandboxError};
use serde_json::{json, Value};

const MDE: &str = "https://api.securitycenter.microsoft.com";
const GRAPH: &str = "https://graph.microsoft.com";

fn small() -> SandboxConfig {
    SandboxConfig {
        machines: 40,
        alerts: 120,
        ..SandboxConfig::default()
    }
}

async fn start(config: SandboxConfig) -> Sandbox {
    Sandbox::start(config, "127.0.0.1:0".parse().unwrap())
        .await
        .unwrap()
}

fn http() -> reqwest::Client {
    // In a workspace build reqwest is unified with mdekit-core's `rustls-no-provider` feature, so
    // a crypto provider must be installed before any client is built.
    let _ = rustls::crypto::ring::default_provider().install_default();
    reqwest::Client::new()
}

fn form(pairs: &[(&str, &str)]) -> String {
    let mut s = form_urlencoded::Serializer::new(String::new());
    for (k, v) in pairs {
        s.append_pair(k, v);
    }
    s.finish()
}

async fn post_form(url: &str, pairs: &[(&str, &str)]) -> (u16, Value) {
    let r = http()
        .post(url)
        .header("content-type", "application/x-www-form-urlencoded")
        .body(form(pairs))
        .send()
        .await
        .unwrap();
    let status = r.status().as_u16();
    (status, r.json().await.unwrap())
}

async fn token(sb: &Sandbox, resource: &str) -> String {
    let url = format!("{}/{}/oauth2/v2.0/token", sb.base_url(), sb.tenant_id());
    let scope = format!("{resource}/.default");
    let (status, body) = post_form(
        &url,
        &[
            ("grant_type", "client_credentials"),
            ("client_id", &sb.client_id()),
            ("client_secret", &sb.client_secret()),
            ("scope", &scope),
        ],
    )
    .await;
    assert_eq!(status, 200, "{body}");
    body["access_token"].as_str().unwrap().to_string()
}

async fn get(sb: &Sandbox, token: &str, path_and_query: &str) -> reqwest::Response {
    let url = if path_and_query.starts_with("http") {
        path_and_query.to_string()
    } else {
        format!("{}{path_and_query}", sb.base_url())
    };
    http().get(url).bearer_auth(token).send().await.unwrap()
}

async fn get_json(sb: &Sandbox, token: &str, path_and_query: &str) -> (u16, Value) {
    let r = get(sb, token, path_and_query).await;
    let s = r.status().as_u16();
    (s, r.json().await.unwrap())
}

async fn hunt(sb: &Sandbox, token: &str, graph: bool, query: &str) -> (u16, Value) {
    let path = if graph {
        "/v1.0/security/runHuntingQuery"
    } else {
        "/api/advancedqueries/run"
    };
    let r = http()
        .post(format!("{}{path}", sb.base_url()))
        .bearer_auth(token)
        .json(&json!({"Query": query}))
        .send()
        .await
        .unwrap();
    let s = r.status().as_u16();
    (s, r.json().await.unwrap())
}

fn samples() -> Option<PathBuf> {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/mde-samples");
    if p.is_dir() {
        Some(p)
    } else {
        println!(
            "note: {} is absent; skipping the real-sample checks",
            p.display()
        );
        None
    }
}

#[tokio::test]
async fn token_endpoint_v2_and_v1() {
    let sb = start(small()).await;
    let (s, body) = post_form(
        &format!("{}/{}/oauth2/v2.0/token", sb.base_url(), sb.tenant_id()),
        &[
            ("grant_type", "client_credentials"),
            ("client_id", &sb.client_id()),
            ("client_secret", &sb.client_secret()),
            ("scope", "https://api.securitycenter.microsoft.com/.default"),
        ],
    )
    .await;
    assert_eq!(s, 200);
    assert_eq!(body["token_type"], "Bearer");
    assert_eq!(body["expires_in"], 3599);
    assert_eq!(body["ext_expires_in"], 3599);
    assert_eq!(
        body.as_object().unwrap().keys().collect::<Vec<_>>(),
        ["token_type", "expires_in", "ext_expires_in", "access_token"]
    );

    let (s, body) = post_form(
        &format!("{}/{}/oauth2/token", sb.base_url(), sb.tenant_id()),
        &[
            ("grant_type", "client_credentials"),
            ("client_id", &sb.client_id()),
            ("client_secret", &sb.client_secret()),
            ("resource", MDE),
        ],
    )
    .await;
    assert_eq!(s, 200);
    assert_eq!(body["resource"], MDE);
    assert!(body["expires_on"].as_str().unwrap().parse::<i64>().is_ok());
    assert!(body["not_before"].is_string());
    let tok = body["access_token"].as_str().unwrap();
    assert_eq!(get(&sb, tok, "/api/alerts?$top=1").await.status(), 200);

    let sb2 = start(SandboxConfig { seed: 7, ..small() }).await;
    assert_ne!(sb.tenant_id(), sb2.tenant_id());
    let again = start(small()).await;
    assert_eq!(sb.tenant_id(), again.tenant_id());
    assert_eq!(sb.client_id(), again.client_id());
    assert_eq!(sb.client_secret(), again.client_secret());
}

#[tokio::test]
async fn token_endpoint_errors() {
    let sb = start(small()).await;
    let v2 = format!("{}/{}/oauth2/v2.0/token", sb.base_url(), sb.tenant_id());
    let (cid, secret) = (sb.client_id(), sb.client_secret());
    let scope = "https://api.securitycenter.microsoft.com/.default";
    type Case<'a> = (String, Vec<(&'a str, &'a str)>, u16, &'a str, u64);
    let cases: Vec<Case> = vec![
        (
            v2.clone(),
            vec![
                ("grant_type", "client_credentials"),
                ("client_id", &cid),
                ("client_secret", "wrong"),
                ("scope", scope),
            ],
            401,
            "invalid_client",
            7000215,
        ),
        (
            v2.clone(),
            vec![
                ("grant_type", "client_credentials"),
                ("client_id", "00000000-0000-0000-0000-000000000001"),
                ("client_secret", "x"),
                ("scope", scope),
            ],
            400,
            "unauthorized_client",
            700016,
        ),
        (
            format!(
                "{}/11111111-2222-3333-4444-555555555555/oauth2/v2.0/token",
                sb.base_url()
            ),
            vec![
                ("grant_type", "client_credentials"),
                ("client_id", &cid),
                ("client_secret", &secret),
                ("scope", scope),
            ],
            400,
            "invalid_request",
            90002,
        ),
        (
            v2.clone(),
            vec![
                ("grant_type", "client_credentials"),
                ("client_id", &cid),
                ("client_secret", &secret),
            ],
            400,
            "invalid_scope",
            70011,
        ),
        (
            v2.clone(),
            vec![
                ("grant_type", "client_credentials"),
                ("client_id", &cid),
                ("client_secret", &secret),
                ("scope", MDE),
            ],
            400,
            "invalid_scope",
            1002012,
        ),
        (
            v2.clone(),
            vec![
                ("grant_type", "implicit"),
                ("client_id", &cid),
                ("client_secret", &secret),
                ("scope", scope),
            ],
            400,
            "unsupported_grant_type",
            70003,
        ),
        (
            v2.clone(),
            vec![
                ("grant_type", "client_credentials"),
                ("client_secret", &secret),
                ("scope", scope),
            ],
            400,
            "invalid_request",
            900144,
        ),
        (
            v2.clone(),
            vec![
                ("client_id", &cid),
                ("client_secret", &secret),
                ("scope", scope),
            ],
            400,
            "invalid_request",
            900144,
        ),
    ];
    for (url, pairs, status, error, code) in cases {
        let (s, body) = post_form(&url, &pairs).await;
        assert_eq!(s, status, "{body}");
        assert_eq!(body["error"], error, "{body}");
        assert_eq!(body["error_codes"], json!([code]), "{body}");
        assert!(
            body["error_description"]
                .as_str()
                .unwrap()
                .starts_with(&format!("AADSTS{code}: ")),
            "{body}"
        );
        for k in ["timestamp", "trace_id", "correlation_id"] {
            assert!(body[k].is_string(), "{k} missing in {body}");
        }
    }
    let secret_seen = sb
        .requests()
        .iter()
        .any(|r| r.query.contains(&secret) || r.path.contains(&secret));
    assert!(!secret_seen);
}

#[tokio::test]
async fn unauthorized_vs_forbidden() {
    let sb = start(small()).await;
    let check = |r: &reqwest::Response| {
        r.headers()
            .get("request-id")
            .map(|v| v.to_str().unwrap().to_string())
            .unwrap()
    };

    let r = http()
        .get(format!("{}/api/alerts", sb.base_url()))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 401);
    let rid = check(&r);
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["error"]["code"], "Unauthorized");
    assert_eq!(body["error"]["target"], rid);

    for bad in ["garbage", "a.b.c"] {
        let (s, body) = get_json(&sb, bad, "/api/alerts").await;
        assert_eq!(
            (s, body["error"]["code"].as_str().unwrap()),
            (401, "Unauthorized")
        );
    }
    // Graph's own code for a missing or bad token.
    let r = http()
        .post(format!("{}/v1.0/security/runHuntingQuery", sb.base_url()))
        .json(&serde_json::json!({"Query": "DeviceInfo | take 1"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 401);
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["error"]["code"], "InvalidAuthenticationToken");

    let expired = sb.issue_token(&sb.client_id(), MDE, vec!["Alert.Read.All".into()], -60);
    let (s, body) = get_json(&sb, &expired, "/api/alerts").await;
    assert_eq!(s, 401, "{body}");
    let foreign = start(SandboxConfig { seed: 9, ..small() }).await;
    let other = foreign.issue_token(
        &foreign.client_id(),
        MDE,
        vec!["Alert.Read.All".into()],
        600,
    );
    assert_eq!(get(&sb, &other, "/api/alerts").await.status(), 401);

    let wrong_aud = sb.issue_token(
        &sb.client_id(),
        "https://api.security.microsoft.com",
        vec!["Alert.Read.All".into()],
        600,
    );
    let (s, body) = get_json(&sb, &wrong_aud, "/api/alerts").await;
    assert_eq!(
        (s, body["error"]["code"].as_str().unwrap()),
        (403, "Forbidden")
    );
    let app_id_uri = sb.issue_token(
        &sb.client_id(),
        "https://securitycenter.onmicrosoft.com/windowsatpservice/",
        vec!["Alert.Read.All".into()],
        600,
    );
    assert_eq!(
        get(&sb, &app_id_uri, "/api/alerts?$top=1").await.status(),
        200
    );

    sb.register_app(
        "limited-app",
        "limited-secret",
        vec!["Alert.Read.All".into()],
    );
    let (s, body) = post_form(
        &format!("{}/{}/oauth2/v2.0/token", sb.base_url(), sb.tenant_id()),
        &[
            ("grant_type", "client_credentials"),
            ("client_id", "limited-app"),
            ("client_secret", "limited-secret"),
            ("scope", "https://api.securitycenter.microsoft.com/.default"),
        ],
    )
    .await;
    assert_eq!(s, 200);
    let limited = body["access_token"].as_str().unwrap().to_string();
    assert_eq!(get(&sb, &limited, "/api/alerts?$top=1").await.status(), 200);
    let (s, body) = get_json(&sb, &limited, "/api/machines").await;
    assert_eq!(s, 403);
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("Machine.Read.All"),
        "{body}"
    );
    let (s, _) = hunt(&sb, &limited, false, "DeviceInfo | take 1").await;
    assert_eq!(s, 403);

    let graph = token(&sb, GRAPH).await;
    let (s, body) = get_json(&sb, &graph, "/api/alerts").await;
    assert_eq!(
        (s, body["error"]["code"].as_str().unwrap()),
        (403, "Forbidden")
    );
    let mde = token(&sb, MDE).await;
    let (s, body) = hunt(&sb, &mde, true, "DeviceInfo | take 1").await;
    assert_eq!(s, 403);
    assert!(
        body["error"]["innerError"]["request-id"].is_string(),
        "{body}"
    );
}

#[tokio::test]
async fn odata_filters_and_errors() {
    let sb = start(small()).await;
    let tok = token(&sb, MDE).await;
    let r = get(&sb, &tok, "/api/alerts?$filter=severity eq 'High'").await;
    assert_eq!(
        r.headers()["content-type"],
        "application/json; odata.metadata=minimal; odata.streaming=true; charset=utf-8"
    );
    assert_eq!(r.headers()["odata-version"], "4.0");
    let body: Value = r.json().await.unwrap();
    assert_eq!(
        body["@odata.context"],
        format!("{}/api/$metadata#Alerts", sb.base_url())
    );
    let highs = body["value"].as_array().unwrap();
    assert!(!highs.is_empty());
    assert!(highs
        .iter()
        .all(|a| a["severity"] == "High" && a["evidence"] == json!([])));
    assert_eq!(
        highs.len(),
        sb.count("alerts", Some("severity eq 'High'")).unwrap()
    );

    let week_ago = (chrono::Utc::now() - chrono::Duration::days(7))
        .format("%Y-%m-%dT%H:%M:%SZ")
        .to_string();
    let recent_high = format!("severity eq 'High' and alertCreationTime ge {week_ago}");
    assert!(sb.count("alerts", Some(&recent_high)).unwrap() > 0);
    let (s, body) = get_json(
        &sb,
        &tok,
        &format!("/api/alerts?$filter={}", recent_high.replace(' ', "+")),
    )
    .await;
    assert_eq!(s, 200);
    assert_eq!(
        body["value"].as_array().unwrap().len(),
        sb.count("alerts", Some(&recent_high)).unwrap()
    );

    let (s, body) = get_json(&sb, &tok, "/api/machines?$filter=healthStatus eq 'Active' and (osPlatform eq 'Windows11' or osPlatform eq 'Windows10')").await;
    assert_eq!(s, 200);
    let n = body["value"].as_array().unwrap().len();
    assert_eq!(n, sb.count("machines", Some("healthStatus eq 'Active' and (osPlatform eq 'Windows11' or osPlatform eq 'Windows10')")).unwrap());
    assert!(n > 0);

    for (q, needle) in [
        ("/api/alerts?$filter=title eq 'x'", "title"),
        ("/api/alerts?$filter=severity eq 'High", "unterminated"),
        ("/api/alerts?$top=10001", "10000"),
        ("/api/alerts?$top=abc", "$top"),
        ("/api/alerts?$expand=machine", "machine"),
        ("/api/machines?$filter=computerDnsName eq", "ends"),
    ] {
        let (s, body) = get_json(&sb, &tok, q).await;
        assert_eq!(s, 400, "{q}: {body}");
        assert_eq!(body["error"]["code"], "ODataError");
        assert!(
            body["error"]["message"].as_str().unwrap().contains(needle),
            "{q}: {body}"
        );
    }
    assert!(sb.count("alerts", Some("nope eq 1")).is_err());
    assert!(sb.count("users", None).is_err());
    assert_eq!(sb.count("machines", None).unwrap(), 40);
}

#[tokio::test]
async fn paging_returns_every_item_once() {
    let sb = start(SandboxConfig {
        machines: 30,
        alerts: 1000,
        page_size: 300,
        ..SandboxConfig::default()
    })
    .await;
    let tok = token(&sb, MDE).await;
    let mut ids = Vec::new();
    let mut next = Some("/api/v1.0/alerts".to_string());
    let mut pages = 0;
    while let Some(url) = next {
        let (s, body) = get_json(&sb, &tok, &url).await;
        assert_eq!(s, 200);
        pages += 1;
        ids.extend(
            body["value"]
                .as_array()
                .unwrap()
                .iter()
                .map(|a| a["id"].as_str().unwrap().to_string()),
        );
        next = body["@odata.nextLink"].as_str().map(str::to_string);
        if let Some(n) = &next {
            assert!(
                n.starts_with(&format!("{}/api/v1.0/alerts?", sb.base_url())),
                "{n}"
            );
        }
    }
    assert_eq!(pages, 4);
    assert_eq!(ids.len(), 1000);
    assert_eq!(ids.iter().collect::<HashSet<_>>().len(), 1000);

    let filter = "severity ne 'Informational'";
    let expected = sb.count("alerts", Some(filter)).unwrap();
    let mut seen = HashSet::new();
    let mut skip = 0;
    loop {
        let (s, body) = get_json(
            &sb,
            &tok,
            &format!("/api/alerts?$filter={filter}&$top=150&$skip={skip}"),
        )
        .await;
        assert_eq!(s, 200);
        assert!(body.get("@odata.nextLink").is_none());
        let page = body["value"].as_array().unwrap();
        for a in page {
            assert!(seen.insert(a["id"].as_str().unwrap().to_string()));
        }
        if page.len() < 150 {
            break;
        }
        skip += 150;
    }
    assert_eq!(seen.len(), expected);

    let (_, body) = get_json(&sb, &tok, "/api/alerts?$top=5&$expand=evidence").await;
    assert_eq!(body["value"].as_array().unwrap().len(), 5);
    assert!(body["value"]
        .as_array()
        .unwrap()
        .iter()
        .all(|a| !a["evidence"].as_array().unwrap().is_empty()));
}

#[tokio::test]
async fn entities_by_id_and_name() {
    let sb = start(small()).await;
    let tok = token(&sb, MDE).await;
    let (_, body) = get_json(&sb, &tok, "/api/machines?$top=1").await;
    let m = &body["value"][0];
    let keys: Vec<&str> = m.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(
        &keys[..6],
        [
            "id",
            "mergedIntoMachineId",
            "isPotentialDuplication",
            "isExcluded",
            "exclusionReason",
            "computerDnsName"
        ]
    );
    assert_eq!(keys.len(), 32);
    let id = m["id"].as_str().unwrap();
    assert_eq!(id.len(), 40);
    let name = m["computerDnsName"].as_str().unwrap();
    for key in [id.to_string(), name.to_uppercase()] {
        let (s, one) = get_json(&sb, &tok, &format!("/API/Machines/{key}")).await;
        assert_eq!(s, 200);
        assert_eq!(
            one["@odata.context"],
            format!("{}/api/$metadata#Machines/$entity", sb.base_url())
        );
        assert_eq!(
            one.as_object().unwrap().keys().next().unwrap(),
            "@odata.context"
        );
        assert_eq!(one["id"], id);
    }
    let (s, body) = get_json(&sb, &tok, "/api/machines/nope.contoso.local").await;
    assert_eq!(
        (s, body["error"]["code"].as_str().unwrap()),
        (404, "ResourceNotFound")
    );
    assert_eq!(
        body["error"]["message"],
        "Machine nope.contoso.local was not found"
    );

    let (_, body) = get_json(&sb, &tok, "/api/alerts?$top=1").await;
    let alert = &body["value"][0];
    assert!(alert["id"].as_str().unwrap().starts_with("da"));
    let aid = alert["id"].as_str().unwrap();
    let (s, one) = get_json(&sb, &tok, &format!("/api/alerts/{aid}")).await;
    assert_eq!(s, 200);
    assert_eq!(
        one["@odata.context"],
        format!("{}/api/$metadata#Alerts/$entity", sb.base_url())
    );
    let ev = one["evidence"].as_array().unwrap();
    assert!(!ev.is_empty());
    assert!(ev.iter().all(|e| e.as_object().unwrap().len() == 25));
    let (s, machine) = get_json(
        &sb,
        &tok,
        &format!("/api/machines/{}", one["machineId"].as_str().unwrap()),
    )
    .await;
    assert_eq!(s, 200);
    assert_eq!(machine["computerDnsName"], one["computerDnsName"]);
    let (s, body) = get_json(&sb, &tok, "/api/alerts/da1_1").await;
    assert_eq!(
        (s, body["error"]["message"].as_str().unwrap()),
        (404, "Alert da1_1 was not found")
    );

    let (s, body) = get_json(&sb, &tok, "/api/nothing-here").await;
    assert_eq!(
        (s, body["error"]["code"].as_str().unwrap()),
        (404, "NotFound")
    );
}

#[tokio::test]
async fn hunting_on_synthetic_data() {
    let sb = start(small()).await;
    let tables: std::collections::HashMap<String, usize> =
        sb.hunting_tables().into_iter().collect();
    assert_eq!(tables["DeviceInfo"], 40);
    assert_eq!(tables["DeviceProcessEvents"], 240);
    let mde = token(&sb, MDE).await;
    let graph = token(&sb, GRAPH).await;
    let q = "DeviceProcessEvents | where FileName =~ \"powershell.exe\" and Timestamp > ago(30d) | project Timestamp, DeviceId, DeviceName, ProcessCommandLine | take 5";
    let (s, body) = hunt(&sb, &mde, false, q).await;
    assert_eq!(s, 200, "{body}");
    assert_eq!(
        body["Schema"],
        json!([{"Name":"Timestamp","Type":"DateTime"},{"Name":"DeviceId","Type":"String"},{"Name":"DeviceName","Type":"String"},{"Name":"ProcessCommandLine","Type":"String"}])
    );
    assert!(body["Stats"].is_object());
    let rows = body["Results"].as_array().unwrap();
    assert!(!rows.is_empty() && rows.len() <= 5);
    for r in rows {
        let (s, m) = get_json(
            &sb,
            &mde,
            &format!("/api/machines/{}", r["DeviceId"].as_str().unwrap()),
        )
        .await;
        assert_eq!(s, 200);
        assert_eq!(m["computerDnsName"], r["DeviceName"]);
    }
    let (s, body) = hunt(&sb, &graph, true, q).await;
    assert_eq!(s, 200, "{body}");
    assert_eq!(
        body["@odata.context"],
        "https://graph.microsoft.com/v1.0/$metadata#microsoft.graph.security.huntingQueryResults"
    );
    assert_eq!(
        body["schema"][0],
        json!({"name":"Timestamp","type":"DateTime"})
    );
    assert_eq!(body["results"].as_array().unwrap().len(), rows.len());

    let (s, body) = hunt(
        &sb,
        &mde,
        false,
        "DeviceInfo | where OSPlatform == 'Windows11' | take 100",
    )
    .await;
    assert_eq!(s, 200);
    assert!(body["Results"]
        .as_array()
        .unwrap()
        .iter()
        .all(|r| r["OSPlatform"] == "Windows11"));

    let (s, body) = hunt(&sb, &mde, false, "NoSuchTable | take 1").await;
    assert_eq!(s, 400);
    assert!(body["error"]["message"]
        .as_str()
        .unwrap()
        .contains("Failed to resolve table expression named 'NoSuchTable'"));
    let (s, body) = hunt(&sb, &graph, true, "DeviceInfo | mv-expand LoggedOnUsers").await;
    assert_eq!(s, 400);
    assert!(body["error"]["message"]
        .as_str()
        .unwrap()
        .contains("mv-expand"));
    assert!(body["error"]["innerError"].is_object());

    let r = http()
        .post(format!("{}/api/advancedqueries/run", sb.base_url()))
        .bearer_auth(&mde)
        .json(&json!({"query": "DeviceInfo"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["error"]["code"], "MissingRequiredParameter");
    let r = http()
        .post(format!("{}/api/advancedqueries/run", sb.base_url()))
        .bearer_auth(&mde)
        .body("not json")
        .send()
        .await
        .unwrap();
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["error"]["code"], "InvalidRequestBody");
}

#[tokio::test]
async fn real_samples_load_unchanged() {
    let Some(dir) = samples() else { return };
    let sb = start(SandboxConfig {
        synthetic: false,
        load: vec![dir.clone()],
        ..SandboxConfig::default()
    })
    .await;
    let tables: std::collections::HashMap<String, usize> =
        sb.hunting_tables().into_iter().collect();
    assert_eq!(tables.get("DeviceProcessEvents"), Some(&200), "{tables:?}");
    assert_eq!(tables.get("AlertInfo"), Some(&264), "{tables:?}");
    assert_eq!(tables.get("DeviceInfo"), Some(&2), "{tables:?}");
    assert_eq!(tables.get("DeviceNetworkInfo"), Some(&4), "{tables:?}");
    assert_eq!(tables.get("DeviceNetworkEvents"), Some(&8), "{tables:?}");
    assert_eq!(sb.count("alerts", None).unwrap(), 4);
    assert_eq!(
        sb.count("alerts", Some("detectionSource eq 'CustomerTI'"))
            .unwrap(),
        3
    );

    let tok = token(&sb, MDE).await;
    let (s, body) = hunt(&sb, &tok, false, "DeviceProcessEvents | take 1").await;
    assert_eq!(s, 200);
    let first_line = std::fs::read_to_string(dir.join("hunting/mde_proc_pub.jsonl")).unwrap();
    let original: Value = serde_json::from_str(first_line.lines().next().unwrap()).unwrap();
    assert_eq!(
        serde_json::to_string(&body["Results"][0]).unwrap(),
        serde_json::to_string(&original).unwrap()
    );
    let (_, body) = hunt(
        &sb,
        &tok,
        false,
        "DeviceProcessEvents | where FileName == 'csc.exe' | project FileName",
    )
    .await;
    assert!(!body["Results"].as_array().unwrap().is_empty());

    let (_, body) = hunt(&sb, &tok, false, "AlertInfo | where Title has 'travel'").await;
    assert_eq!(body["Results"].as_array().unwrap().len(), 1);
    assert_eq!(body["Schema"].as_array().unwrap().len(), 8);

    let (_, body) = hunt(
        &sb,
        &tok,
        false,
        "DeviceInfo | project Timestamp, DeviceId, IsAzureADJoined, LoggedOnUsers, ReportId",
    )
    .await;
    let row = &body["Results"][0];
    assert_eq!(row["Timestamp"], "2022-04-19T21:57:02.487Z");
    assert_eq!(row["IsAzureADJoined"], false);
    assert_eq!(row["LoggedOnUsers"], json!([]));
    assert_eq!(row["ReportId"], 80390);
    assert_eq!(
        body["Schema"][0],
        json!({"Name":"Timestamp","Type":"DateTime"})
    );

    let (s, one) = get_json(&sb, &tok, "/api/alerts/1234").await;
    assert_eq!(s, 200);
    assert_eq!(one["evidence"].as_array().unwrap().len(), 3);
    let raw: Value = serde_json::from_str(
        &std::fs::read_to_string(dir.join("api/test_get_alerts.json")).unwrap(),
    )
    .unwrap();
    let mut served = one.clone();
    served
        .as_object_mut()
        .unwrap()
        .shift_remove("@odata.context");
    assert_eq!(
        serde_json::to_string(&served).unwrap(),
        serde_json::to_string(&raw).unwrap()
    );
    let (_, list) = get_json(&sb, &tok, "/api/alerts").await;
    let ids: Vec<&str> = list["value"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids.len(), 4);
    assert!(ids.contains(&"da637029414680409372_735564929"));
    let (s, _) = get_json(&sb, &tok, "/api/machines").await;
    assert_eq!(s, 404, "an empty inventory is the documented 404");
    let (s, vulns) = get_json(
        &sb,
        &tok,
        "/api/vulnerabilities/machinesVulnerabilities?$top=10",
    )
    .await;
    assert_eq!(s, 200);
    assert_eq!(vulns["value"].as_array().unwrap().len(), 10);

    let mixed = start(SandboxConfig {
        load: vec![dir.join("api/first_response_alerts.json")],
        ..small()
    })
    .await;
    let tok = token(&mixed, MDE).await;
    let (_, list) = get_json(&mixed, &tok, "/api/alerts?$top=3").await;
    assert_eq!(list["value"][0]["id"], "da637029414680409372_735564929");
    assert_eq!(mixed.count("alerts", None).unwrap(), 123);
}

#[tokio::test]
async fn load_naming_and_failures() {
    let dir = std::env::temp_dir().join(format!("mdekit-sandbox-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let rows = dir.join("rows.jsonl");
    std::fs::write(&rows, "{\"Timestamp\":\"2024-01-01T00:00:00Z\",\"Weird\":1}\r\n{\"Timestamp\":\"2024-01-02T00:00:00Z\",\"Weird\":2}\r\n").unwrap();
    let named = PathBuf::from(format!("MyTable={}", rows.display()));
    let sb = start(SandboxConfig {
        synthetic: false,
        load: vec![named],
        ..SandboxConfig::default()
    })
    .await;
    assert_eq!(sb.hunting_tables(), vec![("MyTable".to_string(), 2)]);
    let tok = token(&sb, MDE).await;
    let (_, body) = hunt(&sb, &tok, false, "MyTable | where Weird > 1").await;
    assert_eq!(
        body["Schema"],
        json!([{"Name":"Timestamp","Type":"DateTime"},{"Name":"Weird","Type":"Int64"}])
    );
    assert_eq!(body["Results"].as_array().unwrap().len(), 1);

    let err = Sandbox::start(
        SandboxConfig {
            synthetic: false,
            load: vec![rows.clone()],
            ..SandboxConfig::default()
        },
        "127.0.0.1:0".parse().unwrap(),
    )
    .await
    .unwrap_err();
    assert!(matches!(err, SandboxError::Load { .. }));
    assert!(err.to_string().contains("rows.jsonl"), "{err}");
    let missing = Sandbox::start(
        SandboxConfig {
            load: vec![dir.join("absent.json")],
            ..small()
        },
        "127.0.0.1:0".parse().unwrap(),
    )
    .await
    .unwrap_err();
    assert!(missing.to_string().contains("absent.json"), "{missing}");
    std::fs::remove_dir_all(&dir).unwrap();

    let taken = start(small()).await;
    let addr = format!("127.0.0.1:{}", taken.port()).parse().unwrap();
    let bind = Sandbox::start(small(), addr).await.unwrap_err();
    assert!(matches!(bind, SandboxError::Bind { .. }), "{bind}");
}

#[tokio::test]
async fn faults_status_delay_drop_truncate() {
    let sb = start(small()).await;
    let tok = token(&sb, MDE).await;
    sb.clear_requests();

    sb.inject(Fault {
        method: Some("GET".into()),
        path_prefix: "/api/alerts".into(),
        kind: FaultKind::Status {
            status: 503,
            retry_after: Some("7".into()),
            code: None,
        },
        count: 2,
    });
    for _ in 0..2 {
        let r = get(&sb, &tok, "/api/v1.0/alerts?$top=1").await;
        assert_eq!(r.status(), 503);
        assert_eq!(r.headers()["retry-after"], "7");
        let body: Value = r.json().await.unwrap();
        assert_eq!(body["error"]["code"], "ServiceUnavailable");
    }
    assert_eq!(get(&sb, &tok, "/api/alerts?$top=1").await.status(), 200);

    sb.inject(Fault {
        method: None,
        path_prefix: "/API/Machines".into(),
        kind: FaultKind::Status {
            status: 429,
            retry_after: None,
            code: Some("TooManyRequests".into()),
        },
        count: 1,
    });
    let r = http()
        .get(format!("{}/api/machines", sb.base_url()))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 429, "faults apply before auth");
    assert!(r.headers().get("retry-after").is_none());

    sb.inject(Fault {
        method: Some("POST".into()),
        path_prefix: "/api/alerts".into(),
        kind: FaultKind::Drop,
        count: 1,
    });
    assert_eq!(
        get(&sb, &tok, "/api/alerts?$top=1").await.status(),
        200,
        "method filter"
    );
    sb.clear_faults();

    sb.inject(Fault {
        method: None,
        path_prefix: "/api/alerts".into(),
        kind: FaultKind::Delay(Duration::from_millis(300)),
        count: 1,
    });
    let t = Instant::now();
    assert_eq!(get(&sb, &tok, "/api/alerts?$top=1").await.status(), 200);
    assert!(t.elapsed() >= Duration::from_millis(300));

    sb.inject(Fault {
        method: None,
        path_prefix: "/api/alerts".into(),
        kind: FaultKind::Drop,
        count: 1,
    });
    let err = http()
        .get(format!("{}/api/alerts?$top=1", sb.base_url()))
        .bearer_auth(&tok)
        .send()
        .await
        .unwrap_err();
    assert!(!err.is_status(), "{err}");

    sb.inject(Fault {
        method: None,
        path_prefix: "/api/alerts".into(),
        kind: FaultKind::Truncate,
        count: 1,
    });
    let r = http()
        .get(format!("{}/api/alerts?$top=50", sb.base_url()))
        .bearer_auth(&tok)
        // In a workspace build reqwest has mdekit-core's gzip feature and would ask for a
        // compressed (chunked) body, which has no Content-Length to check.
        .header("accept-encoding", "identity")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let declared: usize = r.headers()["content-length"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!(declared > 1000);
    assert!(
        r.bytes().await.is_err(),
        "a truncated body must fail to read"
    );

    assert_eq!(get(&sb, &tok, "/api/alerts?$top=1").await.status(), 200);
    let recs = sb.requests();
    let faulted: Vec<(u16, bool)> = recs.iter().map(|r| (r.status, r.faulted)).collect();
    assert_eq!(
        faulted,
        [
            (503, true),
            (503, true),
            (200, false),
            (429, true),
            (200, false),
            (200, true),
            (0, true),
            (200, true),
            (200, false)
        ]
    );
    assert_eq!(recs[0].path, "/api/v1.0/alerts");
    assert_eq!(recs[0].query, "$top=1");
}

#[tokio::test]
async fn rate_limits_answer_429_with_retry_after() {
    let sb = start(SandboxConfig {
        rate_limit_scale: 0.05,
        rate_window_scale: 0.01,
        ..small()
    })
    .await;
    let tok = token(&sb, MDE).await;
    for _ in 0..5 {
        assert_eq!(get(&sb, &tok, "/api/alerts?$top=1").await.status(), 200);
    }
    let r = get(&sb, &tok, "/api/alerts?$top=1").await;
    assert_eq!(r.status(), 429);
    assert_eq!(r.headers()["retry-after"], "1");
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["error"]["code"], "TooManyRequests");
    assert_eq!(
        get(&sb, &tok, "/api/machines?$top=1").await.status(),
        200,
        "families are separate"
    );
    for _ in 0..2 {
        assert_eq!(hunt(&sb, &tok, false, "DeviceInfo | take 1").await.0, 200);
    }
    assert_eq!(hunt(&sb, &tok, false, "DeviceInfo | take 1").await.0, 429);
    tokio::time::sleep(Duration::from_millis(700)).await;
    assert_eq!(get(&sb, &tok, "/api/alerts?$top=1").await.status(), 200);

    let free = start(SandboxConfig {
        rate_limits: false,
        rate_limit_scale: 0.01,
        ..small()
    })
    .await;
    let tok = token(&free, MDE).await;
    for _ in 0..5 {
        assert_eq!(get(&free, &tok, "/api/alerts?$top=1").await.status(), 200);
    }
}

/// `quota_time_scale` shortens the windows without touching the documented counts: at 12x a
/// minute lasts 5 s, and the 101st machines call within it is refused with a `Retry-After` in
/// seconds of the scaled time: 12 times the real wait left, at most the scaled minute. (The
/// window's sliding is `throttle`'s unit tests'; a busy machine may take seconds for 101 calls.)
#[tokio::test]
async fn scaled_quota_time_throttles_at_the_documented_count() {
    let sb = start(SandboxConfig {
        quota_time_scale: 12.0,
        ..small()
    })
    .await;
    let tok = token(&sb, MDE).await;
    let started = std::time::Instant::now();
    let mut statuses = Vec::new();
    let mut retry_after = None;
    for _ in 0..101 {
        let r = get(&sb, &tok, "/api/machines?$top=1").await;
        statuses.push(r.status().as_u16());
        if r.status() == 429 {
            retry_after = r.headers()["retry-after"]
                .to_str()
                .unwrap()
                .parse::<u64>()
                .ok();
        }
    }
    let burst = started.elapsed();
    let window = Duration::from_secs(5);
    assert!(
        burst < window,
        "the burst outlasted the scaled minute: {burst:?}"
    );
    assert!(statuses[..100].iter().all(|s| *s == 200), "{statuses:?}");
    assert_eq!(statuses[100], 429);
    let secs = retry_after.expect("a Retry-After in whole seconds");
    // The first call arrived after `started`, so at least `window - burst` was left to wait.
    let least = ((window - burst).as_secs_f64() * 12.0).floor() as u64;
    assert!(
        (least.max(1)..=60).contains(&secs),
        "Retry-After {secs}, at least {least}"
    );
}

#[tokio::test]
async fn shutdown_stops_serving() {
    let sb = start(small()).await;
    let url = format!("{}/api/alerts", sb.base_url());
    assert_eq!(reqwest::get(&url).await.unwrap().status(), 401);
    let clone = sb.clone();
    sb.shutdown();
    clone.shutdown();
    tokio::time::sleep(Duration::from_millis(50)).await;
    assert!(reqwest::get(&url).await.is_err());
}

#[test]
fn handle_is_send_sync_and_cheap_to_clone() {
    fn check<T: Send + Sync + Clone + 'static>() {}
    check::<Sandbox>();
    check::<Fault>();
    check::<mdekit_sandbox::RequestRecord>();
    let d = SandboxConfig::default();
    assert_eq!(
        (
            d.seed,
            d.machines,
            d.alerts,
            d.synthetic,
            d.page_size,
            d.rate_limits,
            d.token_lifetime_secs
        ),
        (42, 500, 2000, true, 10_000, true, 3599)
    );
    assert_eq!(
        (d.rate_limit_scale, d.rate_window_scale, d.quota_time_scale),
        (1.0, 1.0, 1.0)
    );
    assert!(d.load.is_empty());
}

/// get-all-vulnerabilities-by-machines documents `$filter` on id, cveId, machineId, fixingKbId,
/// productName, productVersion, severity and productVendor, and no rate limit of its own (the
/// 50-a-minute limit belongs to /machines/{id}/vulnerabilities).
#[tokio::test]
async fn machines_vulnerabilities_filter_as_documented() {
    let Some(dir) = samples() else { return };
    let sb = start(SandboxConfig {
        load: vec![dir.join("api/vulnerabilities.json")],
        ..small()
    })
    .await;
    let tok = token(&sb, MDE).await;
    let path = "/api/vulnerabilities/machinesVulnerabilities";
    let (s, all) = get_json(&sb, &tok, &format!("{path}?$top=10000")).await;
    assert_eq!(s, 200, "{all}");
    let all = all["value"].as_array().unwrap().clone();
    let first = &all[0];
    for prop in [
        "id",
        "cveId",
        "machineId",
        "productName",
        "productVersion",
        "severity",
        "productVendor",
    ] {
        let value = first[prop].as_str().unwrap();
        let filter = format!("{prop} eq '{}'", value.replace('\'', "''"));
        let q = form_urlencoded::Serializer::new(String::new())
            .append_pair("$filter", &filter)
            .finish();
        let (s, body) = get_json(&sb, &tok, &format!("{path}?{q}")).await;
        assert_eq!(s, 200, "{prop}: {body}");
        let rows = body["value"].as_array().unwrap();
        let expected = all.iter().filter(|r| r[prop] == first[prop]).count();
        assert_eq!(rows.len(), expected, "{prop}");
    }
    let q = form_urlencoded::Serializer::new(String::new())
        .append_pair("$filter", "fixingKbId eq null")
        .finish();
    assert_eq!(get_json(&sb, &tok, &format!("{path}?{q}")).await.0, 200);
    let q = form_urlencoded::Serializer::new(String::new())
        .append_pair("$filter", "cvssV3 eq 1")
        .finish();
    assert_eq!(get_json(&sb, &tok, &format!("{path}?{q}")).await.0, 400);
    for _ in 0..60 {
        assert_eq!(
            get(&sb, &tok, &format!("{path}?$top=1")).await.status(),
            200
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn graph_incidents_and_alerts_follow_the_docs() {
    let sb = start(small()).await;
    let graph = token(&sb, GRAPH).await;
    let mde = token(&sb, MDE).await;

    // The MDE audience is refused on Graph routes and the reverse (403, Graph's envelope).
    let (s, body) = get_json(&sb, &mde, "/v1.0/security/incidents").await;
    assert_eq!(s, 403, "{body}");
    assert!(
        body["error"]["innerError"]["request-id"].is_string(),
        "{body}"
    );
    assert!(body["error"]["innerError"]["date"].is_string(), "{body}");
    assert_eq!(get(&sb, &graph, "/api/alerts").await.status(), 403);

    // Every incident gathers the MDE alerts that carry its id.
    let (s, mde_alerts) = get_json(&sb, &mde, "/api/alerts").await;
    assert_eq!(s, 200);
    let (s, page) = get_json(
        &sb,
        &graph,
        "/v1.0/security/incidents?$expand=alerts&$count=true",
    )
    .await;
    assert_eq!(s, 200, "{page}");
    let incidents = page["value"].as_array().unwrap();
    assert_eq!(page["@odata.count"].as_u64(), Some(incidents.len() as u64));
    let alert_total: usize = incidents
        .iter()
        .map(|i| i["alerts"].as_array().unwrap().len())
        .sum();
    assert_eq!(alert_total, mde_alerts["value"].as_array().unwrap().len());
    for i in incidents {
        for a in i["alerts"].as_array().unwrap() {
            assert_eq!(a["incidentId"], i["id"]);
        }
    }

    // $top pages with an @odata.nextLink that re-issues the query with $skip.
    let (_, first) = get_json(&sb, &graph, "/v1.0/security/alerts_v2?$top=5").await;
    let next = first["@odata.nextLink"].as_str().unwrap().to_string();
    assert!(next.contains("$skip=5"), "{next}");
    let (_, second) = get_json(&sb, &graph, &next).await;
    assert_ne!(first["value"][0]["id"], second["value"][0]["id"]);

    // An update with the docs' PascalCase example is stored in camelCase; a bad value is a 400.
    let id = incidents[0]["id"].as_str().unwrap();
    let url = format!("{}/v1.0/security/incidents/{id}", sb.base_url());
    let r = http()
        .patch(&url)
        .bearer_auth(&graph)
        .json(&json!({"classification": "TruePositive", "customTags": ["Demo"]}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let v: Value = r.json().await.unwrap();
    assert_eq!(v["classification"], "truePositive");
    assert_eq!(v["customTags"], json!(["Demo"]));
    let r = http()
        .patch(&url)
        .bearer_auth(&graph)
        .json(&json!({"status": "closed"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
    let (s, _) = get_json(&sb, &graph, "/v1.0/security/incidents/424242424242").await;
    assert_eq!(s, 404);
}
