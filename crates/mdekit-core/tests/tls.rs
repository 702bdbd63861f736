//! The client against the sandbox's HTTPS listener: trusted only through an explicit CA bundle.

use mdekit_core::auth::Secret;
use mdekit_core::config::EndpointOptions;
use mdekit_core::pipeline::retry::RetryPolicy;
use mdekit_core::{ClientOptions, CredentialSpec, DefenderClient, ErrorKind};
use mdekit_sandbox::{Sandbox, SandboxConfig};

fn client(sb: &Sandbox, ca_bundle: Option<Vec<u8>>) -> DefenderClient {
    let credential = CredentialSpec::ClientSecret {
        tenant_id: sb.tenant_id(),
        client_id: sb.client_id(),
        client_secret: Secret::new(sb.client_secret()),
    };
    let endpoints = EndpointOptions {
        authority_host: Some(sb.base_url()),
        api_base_url: Some(sb.base_url()),
        graph_base_url: Some(sb.base_url()),
        ..Default::default()
    };
    let retry = RetryPolicy {
        max_retries: 0,
        ..Default::default()
    };
    DefenderClient::new(
        credential,
        ClientOptions {
            endpoints,
            retry,
            ca_bundle,
            ..Default::default()
        },
    )
    .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn https_with_explicit_ca_only() {
    let config = SandboxConfig {
        machines: 5,
        alerts: 5,
        tls: true,
        ..Default::default()
    };
    let sb = Sandbox::start(config, "127.0.0.1:0".parse().unwrap())
        .await
        .unwrap();
    assert!(sb.base_url().starts_with("https://"));
    let pem = sb.ca_pem().unwrap();

    let trusted = client(&sb, Some(pem.into_bytes()));
    let granted = trusted
        .granted_permissions(mdekit_core::pipeline::Audience::Mde)
        .await
        .unwrap();
    assert!(granted.permissions.iter().any(|p| p == "Alert.Read.All"));
    assert_eq!(granted.context, "application");

    let untrusted = client(&sb, None);
    let err = untrusted
        .granted_permissions(mdekit_core::pipeline::Audience::Mde)
        .await
        .unwrap_err();
    assert_eq!(err.kind, ErrorKind::ServiceRequest);

    let bad = DefenderClient::new(
        CredentialSpec::ClientSecret {
            tenant_id: sb.tenant_id(),
            client_id: sb.client_id(),
            client_secret: Secret::new("x"),
        },
        ClientOptions {
            ca_bundle: Some(b"not a pem".to_vec()),
            ..Default::default()
        },
    );
    assert!(bad.is_err());
}
