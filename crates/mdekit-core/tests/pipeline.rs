//! The pipeline against a real server on loopback (the sandbox): retries, Retry-After, token
//! refresh, and the rule that a state-changing POST is never sent twice.

use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::Duration;

use mdekit_core::auth::Secret;
use mdekit_core::config::EndpointOptions;
use mdekit_core::odata::ListQuery;
use mdekit_core::pipeline::clock::ManualClock;
use mdekit_core::pipeline::Request;
use mdekit_core::{ClientOptions, CredentialSpec, DefenderClient, ErrorKind};
use mdekit_sandbox::{Fault, FaultKind, Sandbox, SandboxConfig};

async fn sandbox() -> Sandbox {
    let config = SandboxConfig {
        machines: 50,
        alerts: 300,
        ..Default::default()
    };
    Sandbox::start(config, "127.0.0.1:0".parse().unwrap())
        .await
        .unwrap()
}

fn client(sb: &Sandbox, clock: Arc<ManualClock>) -> DefenderClient {
    client_with(sb, clock, |_| {})
}

fn client_with(
    sb: &Sandbox,
    clock: Arc<ManualClock>,
    tweak: impl FnOnce(&mut ClientOptions),
) -> DefenderClient {
    let endpoints = EndpointOptions {
        authority_host: Some(sb.base_url()),
        api_base_url: Some(sb.base_url()),
        graph_base_url: Some(sb.base_url()),
        ..Default::default()
    };
    let credential = CredentialSpec::ClientSecret {
        tenant_id: sb.tenant_id(),
        client_id: sb.client_id(),
        client_secret: Secret::new(sb.client_secret()),
    };
    let mut options = ClientOptions {
        endpoints,
        clock: Some(clock),
        ..Default::default()
    };
    tweak(&mut options);
    DefenderClient::new(credential, options).unwrap()
}

fn status(status: u16, retry_after: Option<&str>, count: usize) -> Fault {
    Fault {
        method: None,
        path_prefix: "/api/alerts".into(),
        kind: FaultKind::Status {
            status,
            retry_after: retry_after.map(str::to_owned),
            code: None,
        },
        count,
    }
}

fn api_requests(sb: &Sandbox, prefix: &str) -> usize {
    sb.requests()
        .iter()
        .filter(|r| r.path.starts_with(prefix))
        .count()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn retries_honour_retry_after_and_backoff() {
    let sb = sandbox().await;
    let clock = Arc::new(ManualClock::new());
    let c = client(&sb, clock.clone());
    sb.inject(status(429, Some("7"), 1));
    sb.inject(status(503, None, 2));
    let items = c
        .alerts()
        .list(ListQuery::default())
        .unwrap()
        .collect_all()
        .await
        .unwrap();
    assert_eq!(items.len(), sb.count("alerts", None).unwrap());
    assert_eq!(api_requests(&sb, "/api/alerts"), 4);
    let sleeps = clock.sleeps();
    assert_eq!(sleeps.len(), 3);
    assert_eq!(sleeps[0], Duration::from_secs(7));
    // Retries 2 and 3 back off exponentially from 0.8 s, with jitter in [base/2, base].
    let ms = |d: Duration| d.as_millis();
    assert!((800..=1600).contains(&ms(sleeps[1])), "{sleeps:?}");
    assert!((1600..=3200).contains(&ms(sleeps[2])), "{sleeps:?}");
    assert_eq!(c.stats().retries.load(Ordering::Relaxed), 3);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn retries_are_bounded() {
    let sb = sandbox().await;
    let clock = Arc::new(ManualClock::new());
    let c = client(&sb, clock.clone());
    sb.inject(status(500, None, 100));
    let err = c.alerts().get("da1_1").await.unwrap_err();
    assert_eq!(err.status, Some(500));
    assert_eq!(api_requests(&sb, "/api/alerts"), 5, "1 attempt + 4 retries");
    // A Retry-After beyond the policy's ceiling is not waited for.
    sb.clear_faults();
    sb.inject(status(429, Some("100000"), 1));
    let err = c.alerts().get("da1_1").await.unwrap_err();
    assert_eq!(err.status, Some(429));
    assert_eq!(err.retry_after, Some(Duration::from_secs(100000)));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_401_refreshes_the_token_once() {
    let sb = sandbox().await;
    let c = client(&sb, Arc::new(ManualClock::new()));
    sb.inject(status(401, None, 1));
    c.alerts()
        .list(ListQuery {
            top: Some(1),
            ..Default::default()
        })
        .unwrap()
        .collect_all()
        .await
        .unwrap();
    assert_eq!(
        c.stats().token_refreshes_after_401.load(Ordering::Relaxed),
        1
    );
    let token_requests = api_requests(&sb, &format!("/{}/oauth2", sb.tenant_id()));
    assert_eq!(token_requests, 2);
    sb.inject(status(401, None, 2));
    let err = c.alerts().get("da1_1").await.unwrap_err();
    assert_eq!(err.kind, ErrorKind::Authentication);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn state_changing_post_is_never_repeated() {
    let sb = sandbox().await;
    let clock = Arc::new(ManualClock::new());
    let c = client(&sb, clock.clone());
    let url = url::Url::parse(&format!("{}/api/advancedqueries/run", sb.base_url())).unwrap();
    // A state-changing operation of the catalogue, aimed at a route that answers a POST.
    static STATE_CHANGING: mdekit_spec::Operation = mdekit_spec::Operation {
        state_changing: true,
        family: mdekit_spec::Family::Other,
        ..mdekit_spec::ADVANCED_QUERIES_RUN
    };
    let post = Request::new(&STATE_CHANGING, url)
        .json(serde_json::json!({"Query": "DeviceInfo | take 1"}));
    for kind in [
        FaultKind::Drop,
        FaultKind::Truncate,
        FaultKind::Status {
            status: 503,
            retry_after: None,
            code: None,
        },
    ] {
        sb.clear_requests();
        sb.inject(Fault {
            method: Some("POST".into()),
            path_prefix: "/api/advancedqueries".into(),
            kind,
            count: 1,
        });
        assert!(c.pipeline().send(post.clone()).await.is_err());
        assert_eq!(
            api_requests(&sb, "/api/advancedqueries"),
            1,
            "sent exactly once"
        );
    }
    // A 429 proves the service did not run it, so that one is retried.
    sb.clear_requests();
    sb.inject(Fault {
        method: Some("POST".into()),
        path_prefix: "/api/advancedqueries".into(),
        kind: FaultKind::Status {
            status: 429,
            retry_after: Some("1".into()),
            code: None,
        },
        count: 1,
    });
    c.pipeline().send(post.clone()).await.unwrap();
    assert_eq!(api_requests(&sb, "/api/advancedqueries"), 2);
    // The same faults on a read are retried.
    sb.clear_requests();
    sb.inject(Fault {
        method: None,
        path_prefix: "/api/alerts".into(),
        kind: FaultKind::Drop,
        count: 1,
    });
    sb.inject(Fault {
        method: None,
        path_prefix: "/api/alerts".into(),
        kind: FaultKind::Truncate,
        count: 1,
    });
    c.alerts()
        .list(ListQuery {
            top: Some(3),
            ..Default::default()
        })
        .unwrap()
        .collect_all()
        .await
        .unwrap();
    assert_eq!(api_requests(&sb, "/api/alerts"), 3);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn paging_with_links_and_skip_returns_each_item_once() {
    let config = SandboxConfig {
        machines: 40,
        alerts: 523,
        page_size: 100,
        ..Default::default()
    };
    let sb = Sandbox::start(config, "127.0.0.1:0".parse().unwrap())
        .await
        .unwrap();
    let c = client(&sb, Arc::new(ManualClock::new()));
    for query in [
        ListQuery::default(),
        ListQuery {
            page_size: Some(77),
            ..Default::default()
        },
        ListQuery {
            filter: Some("severity eq 'High'".into()),
            page_size: Some(10),
            ..Default::default()
        },
        ListQuery {
            top: Some(250),
            page_size: Some(100),
            ..Default::default()
        },
    ] {
        let items = c
            .alerts()
            .list(query.clone())
            .unwrap()
            .collect_all()
            .await
            .unwrap();
        let mut ids: Vec<&str> = items.iter().filter_map(|a| a["id"].as_str()).collect();
        let expected = match query.top {
            Some(t) => t as usize,
            None => sb.count("alerts", query.filter.as_deref()).unwrap(),
        };
        assert_eq!(ids.len(), expected, "{query:?}");
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), expected, "duplicates for {query:?}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_secret_is_an_authentication_error_without_the_secret() {
    let sb = sandbox().await;
    let credential = CredentialSpec::ClientSecret {
        tenant_id: sb.tenant_id(),
        client_id: sb.client_id(),
        client_secret: Secret::new("not-the-secret-XYZ"),
    };
    let endpoints = EndpointOptions {
        authority_host: Some(sb.base_url()),
        api_base_url: Some(sb.base_url()),
        ..Default::default()
    };
    let c = DefenderClient::new(
        credential,
        ClientOptions {
            endpoints,
            ..Default::default()
        },
    )
    .unwrap();
    let err = c.alerts().get("da1_1").await.unwrap_err();
    assert_eq!(err.kind, ErrorKind::Authentication);
    assert_eq!(err.code.as_deref(), Some("invalid_client"));
    assert_eq!(err.aadsts, Some(7000215));
    assert!(!format!("{err} {err:?} {c:?}").contains("not-the-secret-XYZ"));
}

fn paging_sandbox_config() -> SandboxConfig {
    SandboxConfig {
        machines: 40,
        alerts: 523,
        page_size: 100,
        ..Default::default()
    }
}

fn fault(kind: FaultKind, count: usize) -> Fault {
    Fault {
        method: None,
        path_prefix: "/api/alerts".into(),
        kind,
        count,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_next_link_back_to_a_page_already_read_is_an_error_not_a_loop() {
    let sb = Sandbox::start(paging_sandbox_config(), "127.0.0.1:0".parse().unwrap())
        .await
        .unwrap();
    let c = client(&sb, Arc::new(ManualClock::new()));
    let mut pager = c.alerts().list(ListQuery::default()).unwrap();
    let first = pager.next_page().await.unwrap().unwrap();
    assert_eq!(first.items.len(), 100);
    // The second page links to itself, for as long as anyone follows it.
    sb.inject(fault(FaultKind::RepeatLink, 1000));
    let second = pager.next_page().await.unwrap().unwrap();
    assert_eq!(second.items.len(), 100);
    assert_ne!(first.items[0]["id"], second.items[0]["id"]);
    let link = second.next_link.clone().unwrap();
    let before = api_requests(&sb, "/api/alerts");
    for _ in 0..2 {
        let err = pager.next_page().await.unwrap_err();
        assert_eq!(err.kind, ErrorKind::Decode);
        assert!(err.message.contains(&link), "{}", err.message);
    }
    assert_eq!(
        api_requests(&sb, "/api/alerts"),
        before,
        "the link was followed"
    );
    // collect_all ends with the error instead of growing forever.
    let mut pager = c.alerts().list(ListQuery::default()).unwrap();
    assert_eq!(
        pager.collect_all().await.unwrap_err().kind,
        ErrorKind::Decode
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_service_ignoring_skip_is_an_error_not_a_loop() {
    let sb = Sandbox::start(paging_sandbox_config(), "127.0.0.1:0".parse().unwrap())
        .await
        .unwrap();
    let c = client(&sb, Arc::new(ManualClock::new()));
    sb.inject(fault(FaultKind::IgnoreSkip, 1000));
    let query = ListQuery {
        top: Some(400),
        page_size: Some(100),
        ..Default::default()
    };
    let mut pager = c.alerts().list(query).unwrap();
    let first = pager.next_page().await.unwrap().unwrap();
    assert_eq!(first.items.len(), 100);
    for _ in 0..2 {
        let err = pager.next_page().await.unwrap_err();
        assert_eq!(err.kind, ErrorKind::Decode);
        assert!(err.message.contains("$skip"), "{}", err.message);
    }
    assert_eq!(pager.fetched(), 100, "a repeated page was counted");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn after_a_failed_page_the_pager_asks_for_it_again() {
    let sb = Sandbox::start(paging_sandbox_config(), "127.0.0.1:0".parse().unwrap())
        .await
        .unwrap();
    let c = client(&sb, Arc::new(ManualClock::new()));
    let mut pager = c.alerts().list(ListQuery::default()).unwrap();
    let mut ids = Vec::new();
    let first = pager.next_page().await.unwrap().unwrap();
    ids.extend(first.items);
    // 400 is not retried: the error reaches the caller, and the page must not be skipped.
    sb.inject(status(400, None, 1));
    assert!(pager.next_page().await.is_err());
    ids.extend(pager.collect_all().await.unwrap());
    let ids: Vec<&str> = ids.iter().filter_map(|a| a["id"].as_str()).collect();
    assert_eq!(ids.len(), 523);
    let unique: std::collections::HashSet<&str> = ids.iter().copied().collect();
    assert_eq!(unique.len(), 523);
}

/// Answers every request on `listener` with one canned response.
fn serve_canned(
    listener: tokio::net::TcpListener,
    status: &'static str,
    content_type: &'static str,
    body: String,
) {
    tokio::spawn(async move {
        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        while let Ok((mut sock, _)) = listener.accept().await {
            let mut buf = [0u8; 8192];
            let _ = sock.read(&mut buf).await;
            let head = format!(
                "HTTP/1.1 {status}\r\ncontent-type: {content_type}\r\ncontent-length: {}\r\nconnection: close\r\n\r\n",
                body.len()
            );
            let _ = sock.write_all(head.as_bytes()).await;
            let _ = sock.write_all(body.as_bytes()).await;
        }
    });
}

/// A token endpoint on loopback that issues a sandbox token with `expires_in` as given (JSON).
async fn odd_token_endpoint(sb: &Sandbox, expires_in: &str) -> (DefenderClient, Arc<ManualClock>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let clock = Arc::new(ManualClock::new());
    let c = client_with(sb, clock.clone(), |o| {
        o.endpoints.authority_host = Some(format!("http://{addr}"));
    });
    let audience = c
        .endpoints()
        .mde_scope
        .trim_end_matches("/.default")
        .to_owned();
    let token = sb.issue_token(
        &sb.client_id(),
        &audience,
        vec!["Alert.Read.All".into()],
        3599,
    );
    let body =
        format!(r#"{{"token_type":"Bearer","expires_in":{expires_in},"access_token":"{token}"}}"#);
    serve_canned(listener, "200 OK", "application/json", body);
    (c, clock)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn client_secret_flow_reads_a_v1_string_expires_in() {
    let sb = sandbox().await;
    let (c, _) = odd_token_endpoint(&sb, r#""3599""#).await;
    let query = ListQuery {
        top: Some(5),
        ..Default::default()
    };
    let items = c.alerts().list(query).unwrap().collect_all().await.unwrap();
    assert_eq!(items.len(), 5);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_absurd_expires_in_is_clamped_not_a_panic() {
    let sb = sandbox().await;
    for expires_in in [
        "9300000000000000000",
        "18446744073709551615",
        r#""99999999999999999999""#,
    ] {
        let (c, _) = odd_token_endpoint(&sb, expires_in).await;
        let query = ListQuery {
            top: Some(5),
            ..Default::default()
        };
        let items = c.alerts().list(query).unwrap().collect_all().await.unwrap();
        assert_eq!(items.len(), 5, "expires_in {expires_in}");
    }
}

fn token_fault(sb: &Sandbox, kind: FaultKind, count: usize) {
    sb.inject(Fault {
        method: None,
        path_prefix: format!("/{}/oauth2", sb.tenant_id()),
        kind,
        count,
    });
}

fn token_posts(sb: &Sandbox) -> usize {
    sb.requests()
        .iter()
        .filter(|r| r.method == "POST" && r.path.contains("/oauth2/"))
        .count()
}

fn injected(status: u16) -> FaultKind {
    FaultKind::Status {
        status,
        retry_after: None,
        code: None,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_token_endpoint_that_never_answers_fails_within_the_timeout() {
    let sb = sandbox().await;
    token_fault(&sb, FaultKind::Delay(Duration::from_secs(3600)), 10);
    let c = client_with(&sb, Arc::new(ManualClock::new()), |o| {
        o.timeout = Duration::from_millis(200);
        o.retry.max_retries = 1;
    });
    let mut pager = c.alerts().list(ListQuery::default()).unwrap();
    let err = tokio::time::timeout(Duration::from_secs(30), pager.collect_all())
        .await
        .expect("the token request ignored the timeout")
        .unwrap_err();
    assert_eq!(err.kind, ErrorKind::ServiceRequest, "{err}");
    assert!(err.message.contains("timed out"), "{err}");
    assert_eq!(token_posts(&sb), 2, "one retry");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn token_requests_retry_5xx_429_and_dropped_connections() {
    let sb = sandbox().await;
    let clock = Arc::new(ManualClock::new());
    token_fault(&sb, injected(503), 1);
    token_fault(&sb, FaultKind::Drop, 1);
    sb.inject(Fault {
        method: None,
        path_prefix: format!("/{}/oauth2", sb.tenant_id()),
        kind: FaultKind::Status {
            status: 429,
            retry_after: Some("3".into()),
            code: None,
        },
        count: 1,
    });
    let c = client(&sb, clock.clone());
    let items = c
        .alerts()
        .list(ListQuery::default())
        .unwrap()
        .collect_all()
        .await
        .unwrap();
    assert_eq!(items.len(), 300);
    assert_eq!(token_posts(&sb), 4);
    let sleeps = clock.sleeps();
    assert_eq!(sleeps.len(), 3, "{sleeps:?}");
    assert_eq!(sleeps[2], Duration::from_secs(3), "Retry-After honoured");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_token_endpoint_5xx_is_a_service_error_not_an_authentication_error() {
    // A gateway in front of the token endpoint answers with an HTML page.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    serve_canned(
        listener,
        "502 Bad Gateway",
        "text/html",
        "<html><body>502 Bad Gateway</body></html>".into(),
    );
    let sb = sandbox().await;
    let c = client_with(&sb, Arc::new(ManualClock::new()), |o| {
        o.endpoints.authority_host = Some(format!("http://{addr}"));
        o.retry.max_retries = 2;
    });
    let err = c
        .alerts()
        .list(ListQuery::default())
        .unwrap()
        .collect_all()
        .await
        .unwrap_err();
    assert_eq!(err.kind, ErrorKind::HttpResponse, "{err}");
    assert_eq!(err.status, Some(502));
    assert!(err.message.contains("Bad Gateway"), "{err}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_retry_after_beyond_the_cap_does_not_freeze_the_family() {
    let sb = sandbox().await;
    let clock = Arc::new(ManualClock::new());
    let c = client(&sb, clock.clone());
    sb.inject(status(429, Some("1000000000000"), 1));
    let err = c
        .alerts()
        .list(ListQuery::default())
        .unwrap()
        .collect_all()
        .await
        .unwrap_err();
    assert_eq!(err.status, Some(429));
    let sent = api_requests(&sb, "/api/alerts");
    // The next call fails at once as throttled (nothing sent), naming the wait.
    let err = c
        .alerts()
        .list(ListQuery::default())
        .unwrap()
        .collect_all()
        .await
        .unwrap_err();
    assert_eq!(err.status, Some(429));
    assert_eq!(err.code.as_deref(), Some("ClientThrottled"));
    let wait = err.retry_after.unwrap();
    assert!(wait <= Duration::from_secs(3600), "{wait:?}");
    assert_eq!(api_requests(&sb, "/api/alerts"), sent);
    let timeout = ClientOptions::default().timeout;
    assert!(
        clock.sleeps().iter().all(|s| *s <= timeout),
        "{:?}",
        clock.sleeps()
    );
    // Once the (clamped) pause is over, the family works again.
    clock.advance(Duration::from_secs(3600));
    assert_eq!(
        c.alerts()
            .list(ListQuery::default())
            .unwrap()
            .collect_all()
            .await
            .unwrap()
            .len(),
        300
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn graph_incidents_page_and_carry_client_request_ids() {
    let sb = sandbox().await;
    let c = client(&sb, Arc::new(ManualClock::new()));
    let all = c
        .incidents()
        .list(ListQuery::default())
        .unwrap()
        .collect_all()
        .await
        .unwrap();
    assert!(!all.is_empty());
    let some = c
        .incidents()
        .list(ListQuery {
            page_size: Some(3),
            top: Some(7),
            count: true,
            ..Default::default()
        })
        .unwrap()
        .collect_all()
        .await
        .unwrap();
    assert_eq!(some, all[..7].to_vec());
    // Graph's error envelope: code, message, innerError request-id and the client-request-id
    // the client sent, echoed back.
    let err = c.incidents().get("999999999", None).await.unwrap_err();
    assert_eq!(err.status, Some(404));
    assert_eq!(err.code.as_deref(), Some("NotFound"));
    assert!(err.request_id.is_some());
    let sent = err.client_request_id.clone().unwrap();
    assert_eq!(uuid::Uuid::parse_str(&sent).map(|_| ()), Ok(()));
    assert!(err.date.is_some());
    let raw = mdekit_core::api::request::RawRequest {
        method: "GET".into(),
        path: "/v1.0/security/alerts_v2?$top=1".into(),
        api: mdekit_spec::Api::Graph,
        params: Vec::new(),
        json: None,
        state_changing: None,
    };
    let resp = c.raw().send(&raw).await.unwrap();
    assert!(resp.client_request_id.is_some());
}
