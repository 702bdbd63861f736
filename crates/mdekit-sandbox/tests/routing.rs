//! How requests reach their route: the services route case-insensitively, `/api/v1.0/...` as
//! `/api/...`, OData function calls in a segment; unknown paths and methods are 404 before any token
//! check; errors carry the service's envelope with the request id.

use mdekit_sandbox::{Sandbox, SandboxConfig};
use serde_json::Value;

const MDE: &str = "https://api.securitycenter.microsoft.com";
const GRAPH: &str = "https://graph.microsoft.com";

async fn start() -> Sandbox {
    let config = SandboxConfig {
        machines: 20,
        alerts: 30,
        page_size: 5,
        ..SandboxConfig::default()
    };
    Sandbox::start(config, "127.0.0.1:0".parse().unwrap())
        .await
        .unwrap()
}

fn http() -> reqwest::Client {
    let _ = rustls::crypto::ring::default_provider().install_default();
    reqwest::Client::new()
}

fn token(sb: &Sandbox, audience: &str) -> String {
    let roles = vec![
        "Alert.Read.All".to_string(),
        "Machine.Read.All".to_string(),
        "SecurityIncident.Read.All".to_string(),
    ];
    sb.issue_token(&sb.client_id(), audience, roles, 3600)
}

async fn send(
    sb: &Sandbox,
    method: reqwest::Method,
    path: &str,
    bearer: Option<&str>,
) -> (u16, Option<String>, Value) {
    let mut req = http().request(method, format!("{}{path}", sb.base_url()));
    if let Some(t) = bearer {
        req = req.bearer_auth(t);
    }
    let r = req.send().await.unwrap();
    let status = r.status().as_u16();
    let rid = r
        .headers()
        .get("request-id")
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    let body = r.json().await.unwrap_or(Value::Null);
    (status, rid, body)
}

#[tokio::test]
async fn paths_route_case_insensitively_with_the_versioned_prefix() {
    let sb = start().await;
    let t = token(&sb, MDE);
    for path in [
        "/api/alerts?$top=2",
        "/API/V1.0/Alerts/?$top=2",
        "//api//ALERTS?$top=2",
    ] {
        let (status, _, body) = send(&sb, reqwest::Method::GET, path, Some(&t)).await;
        assert_eq!(status, 200, "{path}: {body}");
        assert_eq!(body["value"].as_array().map(Vec::len), Some(2), "{path}");
    }
    // The nextLink re-issues the request as it was sent, with the next $skip.
    let (status, _, body) = send(&sb, reqwest::Method::GET, "/api/v1.0/Alerts", Some(&t)).await;
    assert_eq!(status, 200);
    let next = body["@odata.nextLink"].as_str().unwrap();
    assert_eq!(next, format!("{}/api/v1.0/Alerts?$skip=5", sb.base_url()));
}

#[tokio::test]
async fn odata_function_calls_route_by_name() {
    let sb = start().await;
    let t = token(&sb, MDE);
    for path in [
        "/api/machines/findbyip(ip='10.0.0.1')",
        "/api/machines/FindByIp%28ip=%2710.0.0.1%27%29",
    ] {
        let (status, _, body) = send(&sb, reqwest::Method::GET, path, Some(&t)).await;
        assert_eq!(status, 400, "{path}: {body}");
        assert_eq!(body["error"]["code"], "MissingRequiredParameter", "{path}");
    }
}

#[tokio::test]
async fn unknown_paths_and_methods_are_404_before_the_token() {
    let sb = start().await;
    for (method, path) in [
        (reqwest::Method::GET, "/api/nothing"),
        (reqwest::Method::DELETE, "/api/alerts"),
    ] {
        let (status, rid, body) = send(&sb, method, path, None).await;
        assert_eq!(status, 404, "{path}: {body}");
        assert_eq!(body["error"]["code"], "NotFound");
        assert_eq!(body["error"]["target"].as_str(), rid.as_deref());
    }
    let (status, _, body) = send(&sb, reqwest::Method::GET, "/api/alerts", None).await;
    assert_eq!(status, 401, "{body}");
    assert_eq!(body["error"]["code"], "Unauthorized");
}

#[tokio::test]
async fn graph_errors_carry_graphs_envelope() {
    let sb = start().await;
    let t = token(&sb, GRAPH);
    let path = "/v1.0/security/incidents/999999999";
    let (status, rid, body) = send(&sb, reqwest::Method::GET, path, Some(&t)).await;
    assert_eq!(status, 404, "{body}");
    assert_eq!(body["error"]["code"], "NotFound");
    assert_eq!(
        body["error"]["innerError"]["request-id"].as_str(),
        rid.as_deref()
    );
}

#[tokio::test]
async fn a_tenant_segment_may_look_like_an_api_path() {
    let sb = start().await;
    let (status, _, body) = send(&sb, reqwest::Method::POST, "/api/oauth2/v2.0/token", None).await;
    assert_eq!(status, 400, "{body}");
    assert_eq!(body["error"], "invalid_request");
}
