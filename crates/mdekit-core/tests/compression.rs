//! Compression on the wire: the client asks for gzip, decodes it as it arrives, and refuses a
//! body that decompresses past `max_response_bytes` (a compression bomb) with a typed error.

use std::io::Write;
use std::sync::{Arc, Mutex};

use flate2::write::GzEncoder;
use flate2::Compression;
use mdekit_core::auth::Secret;
use mdekit_core::config::EndpointOptions;
use mdekit_core::{ClientOptions, CredentialSpec, DefenderClient, ErrorKind};
use mdekit_sandbox::{Sandbox, SandboxConfig};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

fn gzip(data: &[u8]) -> Vec<u8> {
    let mut enc = GzEncoder::new(Vec::new(), Compression::best());
    enc.write_all(data).unwrap();
    enc.finish().unwrap()
}

/// A one-route API server on loopback: answers every request with `body` (gzip-encoded) and
/// keeps the request heads it saw.
async fn api_server(body: Vec<u8>) -> (String, Arc<Mutex<Vec<String>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = seen.clone();
    tokio::spawn(async move {
        loop {
            let Ok((mut sock, _)) = listener.accept().await else {
                return;
            };
            let body = body.clone();
            let log = log.clone();
            tokio::spawn(async move {
                let mut head = Vec::new();
                let mut buf = [0u8; 4096];
                while !head.windows(4).any(|w| w == b"\r\n\r\n") {
                    match sock.read(&mut buf).await {
                        Ok(0) | Err(_) => return,
                        Ok(n) => head.extend_from_slice(&buf[..n]),
                    }
                }
                log.lock()
                    .unwrap()
                    .push(String::from_utf8_lossy(&head).to_lowercase());
                let resp = format!(
                    "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-encoding: gzip\r\ncontent-length: {}\r\nconnection: close\r\n\r\n",
                    body.len()
                );
                let _ = sock.write_all(resp.as_bytes()).await;
                let _ = sock.write_all(&body).await;
            });
        }
    });
    (url, seen)
}

async fn client(api: &str, max_response_bytes: u64) -> (Sandbox, DefenderClient) {
    let config = SandboxConfig {
        machines: 5,
        alerts: 5,
        ..SandboxConfig::default()
    };
    let sb = Sandbox::start(config, "127.0.0.1:0".parse().unwrap())
        .await
        .unwrap();
    let options = ClientOptions {
        endpoints: EndpointOptions {
            authority_host: Some(sb.base_url()),
            api_base_url: Some(api.to_owned()),
            graph_base_url: Some(sb.base_url()),
            ..Default::default()
        },
        max_response_bytes,
        ..Default::default()
    };
    let credential = CredentialSpec::ClientSecret {
        tenant_id: sb.tenant_id(),
        client_id: sb.client_id(),
        client_secret: Secret::new(sb.client_secret()),
    };
    let c = DefenderClient::new(credential, options).unwrap();
    (sb, c)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn asks_for_gzip_and_decodes_it() {
    let alert = br#"{"id":"da1_1","title":"Suspicious PowerShell","severity":"High"}"#;
    let (api, seen) = api_server(gzip(alert)).await;
    let (_sb, c) = client(&api, 1 << 20).await;
    let got = c.alerts().get("da1_1").await.unwrap();
    assert_eq!(got["title"], "Suspicious PowerShell");
    let heads = seen.lock().unwrap().clone();
    let encodings = heads[0]
        .lines()
        .find_map(|l| l.strip_prefix("accept-encoding:"))
        .unwrap_or_default()
        .to_owned();
    assert!(encodings.contains("gzip"), "{encodings}");
    assert!(encodings.contains("deflate"), "{encodings}");
    // Graph documents gzip and neither service sends brotli: not asked for, not built in.
    assert!(!encodings.contains("br"), "{encodings}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_compression_bomb_is_refused_with_a_typed_error() {
    // 64 MB of zeros gzip to about 64 KB; the bound is 1 MB.
    let bomb = gzip(&vec![b' '; 64 << 20]);
    assert!(bomb.len() < 200_000);
    let (api, _) = api_server(bomb).await;
    let (_sb, c) = client(&api, 1 << 20).await;
    let err = c.alerts().get("da1_1").await.unwrap_err();
    assert_eq!(err.kind, ErrorKind::Decode);
    assert!(
        err.message.contains("max_response_bytes"),
        "{}",
        err.message
    );
}
