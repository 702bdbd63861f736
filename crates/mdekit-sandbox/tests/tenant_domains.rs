//! Entra accepts a tenant's verified domain names wherever it accepts the tenant id: the token
//! endpoints (v2 and v1), the discovery documents and the device-code endpoint. So does the
//! sandbox, for its initial domain and for the custom domains of `SandboxConfig::domains`.

use mdekit_sandbox::{Sandbox, SandboxConfig};
use serde_json::Value;

const MDE: &str = "https://api.securitycenter.microsoft.com";

fn http() -> reqwest::Client {
    // See tests/sandbox.rs: the workspace build needs a crypto provider installed first.
    let _ = rustls::crypto::ring::default_provider().install_default();
    reqwest::Client::new()
}

async fn start() -> Sandbox {
    let config = SandboxConfig {
        machines: 5,
        alerts: 5,
        domains: vec!["Contoso.com".into()],
        ..SandboxConfig::default()
    };
    Sandbox::start(config, "127.0.0.1:0".parse().unwrap())
        .await
        .unwrap()
}

async fn post_form(url: &str, pairs: &[(&str, &str)]) -> (u16, Value) {
    let mut s = form_urlencoded::Serializer::new(String::new());
    for (k, v) in pairs {
        s.append_pair(k, v);
    }
    let r = http()
        .post(url)
        .header("content-type", "application/x-www-form-urlencoded")
        .body(s.finish())
        .send()
        .await
        .unwrap();
    (r.status().as_u16(), r.json().await.unwrap())
}

async fn get_json(url: &str) -> (u16, Value) {
    let r = http().get(url).send().await.unwrap();
    (r.status().as_u16(), r.json().await.unwrap())
}

fn tid_of(token: &str) -> String {
    use base64::Engine;
    let payload = token.split('.').nth(1).unwrap();
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(payload)
        .unwrap();
    let v: Value = serde_json::from_slice(&bytes).unwrap();
    v["tid"].as_str().unwrap().to_string()
}

#[tokio::test]
async fn domains_name_the_tenant() {
    let sb = start().await;
    let base = sb.base_url();
    let (id, secret) = (sb.client_id(), sb.client_secret());
    for domain in ["contoso-sandbox.onmicrosoft.com", "CONTOSO.com"] {
        let (s, body) = post_form(
            &format!("{base}/{domain}/oauth2/v2.0/token"),
            &[
                ("grant_type", "client_credentials"),
                ("client_id", &id),
                ("client_secret", &secret),
                ("scope", &format!("{MDE}/.default")),
            ],
        )
        .await;
        assert_eq!(s, 200, "{domain}: {body}");
        // The token names the tenant by id, whatever name the request used.
        assert_eq!(
            tid_of(body["access_token"].as_str().unwrap()),
            sb.tenant_id()
        );

        let (s, body) = post_form(
            &format!("{base}/{domain}/oauth2/token"),
            &[
                ("grant_type", "client_credentials"),
                ("client_id", &id),
                ("client_secret", &secret),
                ("resource", MDE),
            ],
        )
        .await;
        assert_eq!(s, 200, "{domain}: {body}");

        let (s, v2) = get_json(&format!(
            "{base}/{domain}/v2.0/.well-known/openid-configuration"
        ))
        .await;
        assert_eq!(s, 200);
        let tenant = sb.tenant_id();
        assert_eq!(
            v2["token_endpoint"],
            format!("{base}/{tenant}/oauth2/v2.0/token")
        );
        assert_eq!(v2["issuer"], format!("{base}/{tenant}/v2.0"));
        let (s, v1) = get_json(&format!("{base}/{domain}/.well-known/openid-configuration")).await;
        assert_eq!(s, 200);
        assert_eq!(v1["issuer"], format!("https://sts.windows.net/{tenant}/"));
    }

    let (s, body) = post_form(
        &format!("{base}/fabrikam.onmicrosoft.com/oauth2/v2.0/token"),
        &[
            ("grant_type", "client_credentials"),
            ("client_id", &id),
            ("client_secret", &secret),
            ("scope", &format!("{MDE}/.default")),
        ],
    )
    .await;
    assert_eq!(s, 400);
    assert_eq!(body["error_codes"][0], 90002);
    let (s, _) = get_json(&format!(
        "{base}/fabrikam.onmicrosoft.com/v2.0/.well-known/openid-configuration"
    ))
    .await;
    assert_eq!(s, 400);
}

#[tokio::test]
async fn arm_metadata_points_sign_in_at_the_sandbox() {
    let sb = start().await;
    let base = sb.base_url();
    let (s, v) = get_json(&format!("{base}/metadata/endpoints?api-version=2022-09-01")).await;
    assert_eq!(s, 200);
    assert_eq!(v["authentication"]["loginEndpoint"], format!("{base}/"));
    assert_eq!(v["resourceManager"], format!("{base}/"));
    assert_eq!(v["name"], "AzureCloud");
}
