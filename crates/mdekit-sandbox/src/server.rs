//! The listener, the per-connection loop (so faults can drop or cut a connection) and the public handle.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

use axum::body::Body;
use axum::http::Request;
use axum::Router;
use hyper::body::Incoming;
use hyper_util::rt::TokioIo;
use tokio::net::TcpListener;
use tokio::sync::{watch, Notify};
use tokio_rustls::TlsAcceptor;
use tower::ServiceExt;
use tower_http::compression::predicate::{DefaultPredicate, Predicate, SizeAbove};
use tower_http::compression::CompressionLayer;

use crate::auth::{self, App};
use crate::config::{Fault, RequestRecord, SandboxConfig, SandboxError};
use crate::conn::ConnCtl;
use crate::odata;
use crate::state::State;

/// A running sandbox. Cloning is cheap; all clones share one server.
#[derive(Clone)]
pub struct Sandbox {
    state: Arc<State>,
    port: u16,
    shutdown: Arc<watch::Sender<bool>>,
    ca_pem: Option<String>,
}

impl std::fmt::Debug for Sandbox {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Sandbox")
            .field("base_url", &self.state.base_url)
            .field("tenant_id", &self.state.tenant_id)
            .finish_non_exhaustive()
    }
}

impl Sandbox {
    /// Binds `addr` (use 127.0.0.1:0 for a free port), loads/generates data, spawns the server on the current tokio
    /// runtime and returns.
    pub async fn start(config: SandboxConfig, addr: SocketAddr) -> Result<Sandbox, SandboxError> {
        let listener = TcpListener::bind(addr)
            .await
            .map_err(|source| SandboxError::Bind { addr, source })?;
        let local = listener
            .local_addr()
            .map_err(|source| SandboxError::Bind { addr, source })?;
        let host = match local.ip() {
            IpAddr::V4(ip) if ip.is_unspecified() => IpAddr::V4(Ipv4Addr::LOCALHOST),
            IpAddr::V6(ip) if ip.is_unspecified() => IpAddr::V6(Ipv6Addr::LOCALHOST),
            ip => ip,
        };
        let tls = if config.tls {
            Some(crate::tls::generate()?)
        } else {
            None
        };
        let scheme = if tls.is_some() { "https" } else { "http" };
        let base_url = format!("{scheme}://{}", SocketAddr::new(host, local.port()));
        let state = tokio::task::spawn_blocking(move || crate::synth::build(config, base_url))
            .await
            .map_err(|e| SandboxError::Config(format!("building the tenant failed: {e}")))??;
        let state = Arc::new(state);
        let (tx, rx) = watch::channel(false);
        let router = crate::router::app(state.clone()).layer(
            // IIS and Graph leave small bodies as they are; so does the sandbox.
            CompressionLayer::new().compress_when(
                DefaultPredicate::new()
                    .and(SizeAbove::new(1024))
                    .and(compressible),
            ),
        );
        let ca_pem = tls.as_ref().map(|t| t.ca_pem.clone());
        tokio::spawn(accept_loop(listener, router, rx, tls.map(|t| t.acceptor)));
        Ok(Sandbox {
            state,
            port: local.port(),
            shutdown: Arc::new(tx),
            ca_pem,
        })
    }

    /// `http://127.0.0.1:PORT` (`https://` with `tls`): the authority host, the MDE API base and
    /// the Graph base.
    pub fn base_url(&self) -> String {
        self.state.base_url.clone()
    }

    /// With `tls`: the PEM of the CA certificate clients must trust to reach this sandbox.
    pub fn ca_pem(&self) -> Option<String> {
        self.ca_pem.clone()
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    pub fn tenant_id(&self) -> String {
        self.state.tenant_id.clone()
    }

    /// The default app: every WindowsDefenderATP application permission plus Graph
    /// `ThreatHunting.Read.All`, `SecurityIncident.ReadWrite.All` and `SecurityAlert.ReadWrite.All`.
    pub fn client_id(&self) -> String {
        self.state.client_id.clone()
    }

    pub fn client_secret(&self) -> String {
        self.state.client_secret.clone()
    }

    /// Registers (or replaces) a confidential app granted exactly `roles`.
    pub fn register_app(&self, client_id: &str, client_secret: &str, roles: Vec<String>) {
        let app = App {
            secret: client_secret.to_string(),
            roles,
            object_id: uuid::Uuid::new_v4().to_string(),
            ..Default::default()
        };
        self.state.register_app(client_id, app);
    }

    /// The seeded public client app (user context), consented for every delegated permission.
    pub fn public_client_id(&self) -> String {
        self.state.identity.public_client_id.clone()
    }

    /// The seeded user `analyst@contoso-sandbox.onmicrosoft.com`, with every permission.
    pub fn username(&self) -> String {
        self.state.identity.default_user().upn
    }

    pub fn password(&self) -> String {
        self.state.identity.default_user().password
    }

    /// The seeded user whose sign-ins require MFA (the password grant fails for it).
    pub fn mfa_username(&self) -> String {
        format!("mfa.analyst@{}", self.state.identity.domain)
    }

    /// Client id of the emulated host's managed identity (roles Alert.Read.All,
    /// Machine.Read.All, AdvancedQuery.Read.All and Graph ThreatHunting.Read.All).
    pub fn managed_identity_client_id(&self) -> String {
        self.state.identity.managed_identity_client_id.clone()
    }

    /// The `IDENTITY_HEADER` value of the App Service-style endpoint (`{base}/msi/token`).
    pub fn identity_header(&self) -> String {
        self.state.identity.identity_header.clone()
    }

    /// Registers a public client app consented for exactly `delegated` permissions.
    pub fn register_public_app(&self, client_id: &str, delegated: Vec<String>) {
        self.state.identity.add_public_app(client_id, delegated);
    }

    /// Adds (or replaces) a user holding `permissions` (delegated permission names).
    pub fn add_user(
        &self,
        upn: &str,
        password: &str,
        permissions: Vec<String>,
        mfa_required: bool,
    ) {
        self.state.identity.add_user(crate::directory::User {
            upn: upn.to_string(),
            password: password.to_string(),
            object_id: uuid::Uuid::new_v4().to_string(),
            mfa_required,
            permissions,
        });
    }

    /// Revokes every refresh token of a user, as an administrator (or a password change) does.
    pub fn revoke_refresh_tokens(&self, upn: &str) {
        self.state.identity.revoke_refresh_tokens(upn);
    }

    /// Registers a certificate (DER) on an existing app, as "Certificates & secrets" does;
    /// client assertions signed with its key then authenticate the app.
    pub fn add_app_certificate(&self, client_id: &str, der: Vec<u8>) -> Result<(), String> {
        if !crate::assertion::valid_certificate(&der) {
            return Err("not a DER X.509 certificate with an RSA key".into());
        }
        self.update_app(client_id, |app| app.certificates.push(der))
    }

    /// Adds a federated identity credential (issuer, subject) to an existing app.
    pub fn add_federated_credential(
        &self,
        client_id: &str,
        issuer: &str,
        subject: &str,
    ) -> Result<(), String> {
        self.update_app(client_id, |app| {
            app.federated
                .push((issuer.to_string(), subject.to_string()))
        })
    }

    /// A federated token as an external identity provider (GitHub Actions, Kubernetes) would
    /// issue it, signed by the sandbox; `lifetime_secs` may be negative (expired).
    pub fn issue_federated_assertion(
        &self,
        issuer: &str,
        subject: &str,
        audience: &str,
        lifetime_secs: i64,
    ) -> String {
        let now = chrono::Utc::now().timestamp();
        self.state.signer.issue_value(&serde_json::json!({
            "iss": issuer,
            "sub": subject,
            "aud": audience,
            "iat": now.min(now + lifetime_secs) - 60,
            "nbf": now.min(now + lifetime_secs) - 60,
            "exp": now + lifetime_secs,
            "jti": uuid::Uuid::new_v4().to_string(),
        }))
    }

    fn update_app(&self, client_id: &str, f: impl FnOnce(&mut App)) -> Result<(), String> {
        let mut app = self
            .state
            .apps()
            .get(&client_id.to_ascii_lowercase())
            .cloned()
            .ok_or_else(|| format!("no app with client id {client_id}"))?;
        f(&mut app);
        self.state.register_app(client_id, app);
        Ok(())
    }

    /// Mints a signed access token directly (tests: expired tokens, wrong audience). `lifetime_secs` may be
    /// negative (already expired).
    pub fn issue_token(
        &self,
        client_id: &str,
        audience: &str,
        roles: Vec<String>,
        lifetime_secs: i64,
    ) -> String {
        let oid = self
            .state
            .apps()
            .get(&client_id.to_ascii_lowercase())
            .map(|a| a.object_id.clone())
            .unwrap_or_else(|| uuid::Uuid::new_v4().to_string());
        let now = chrono::Utc::now();
        let claims = if lifetime_secs < 0 {
            let mut c = auth::claims(
                &self.state.tenant_id,
                client_id,
                &oid,
                audience,
                roles,
                0,
                now,
            );
            c.iat += lifetime_secs - 3600;
            c.nbf = c.iat;
            c.exp = now.timestamp() + lifetime_secs;
            c
        } else {
            auth::claims(
                &self.state.tenant_id,
                client_id,
                &oid,
                audience,
                roles,
                lifetime_secs,
                now,
            )
        };
        self.state.signer.issue(&claims)
    }

    /// Queues a fault for the next `count` matching requests.
    pub fn inject(&self, fault: Fault) {
        self.state.inject(fault);
    }

    pub fn clear_faults(&self) {
        self.state.clear_faults();
    }

    /// Every request received, in order, token requests and faulted ones included.
    pub fn requests(&self) -> Vec<RequestRecord> {
        self.state.requests()
    }

    pub fn clear_requests(&self) {
        self.state.clear_requests();
    }

    /// The sandbox's own count of `entity` ("alerts" | "machines") matching an OData `$filter` (None = all).
    pub fn count(&self, entity: &str, filter: Option<&str>) -> Result<usize, String> {
        match entity.to_ascii_lowercase().as_str() {
            "alerts" => crate::respond::count(
                &crate::state::read(&self.state.alerts),
                &odata::ALERTS,
                filter,
            ),
            "machines" => crate::respond::count(
                &crate::state::read(&self.state.machines),
                &odata::MACHINES,
                filter,
            ),
            other => Err(format!(
                "unknown entity '{other}': expected 'alerts' or 'machines'"
            )),
        }
    }

    /// Moves the sandbox clock forward: machine actions progress as if `seconds` had passed.
    pub fn advance(&self, seconds: f64) {
        let ms = (seconds.max(0.0) * 1000.0).round() as i64;
        self.state.clock.advance(chrono::Duration::milliseconds(ms));
    }

    /// Makes the machine's next actions end in `status` (`Succeeded`, `Failed` or `TimeOut`).
    pub fn set_action_outcome(&self, machine_id: &str, status: &str) -> Result<(), String> {
        let status = ["Succeeded", "Failed", "TimeOut"]
            .into_iter()
            .find(|s| s.eq_ignore_ascii_case(status))
            .ok_or_else(|| {
                format!("unknown outcome '{status}': expected Succeeded, Failed or TimeOut")
            })?;
        crate::state::lock(&self.state.actions).set_outcome(machine_id, status);
        Ok(())
    }

    /// Hunting table names and row counts.
    pub fn hunting_tables(&self) -> Vec<(String, usize)> {
        self.state.tables.summary()
    }

    /// Stops accepting and ends the server task and its connections; idempotent.
    pub fn shutdown(&self) {
        self.shutdown.send_replace(true);
    }
}

async fn accept_loop(
    listener: TcpListener,
    router: Router,
    mut stop: watch::Receiver<bool>,
    tls: Option<TlsAcceptor>,
) {
    loop {
        let accepted = tokio::select! {
            _ = stop.wait_for(|s| *s) => return,
            a = listener.accept() => a,
        };
        let stream = match accepted {
            Ok((s, _)) => s,
            Err(_) => {
                // Out of descriptors and similar: back off rather than spin.
                tokio::time::sleep(Duration::from_millis(20)).await;
                continue;
            }
        };
        let _ = stream.set_nodelay(true);
        let router = router.clone();
        let stop = stop.clone();
        let tls = tls.clone();
        tokio::spawn(async move {
            match tls {
                None => serve(stream, router, stop).await,
                Some(acceptor) => {
                    // A failed handshake (a client that does not trust our CA) just ends the
                    // connection, as a real server would.
                    let handshake =
                        tokio::time::timeout(Duration::from_secs(10), acceptor.accept(stream));
                    if let Ok(Ok(stream)) = handshake.await {
                        serve(stream, router, stop).await;
                    }
                }
            }
        });
    }
}

async fn serve<S>(stream: S, router: Router, mut stop: watch::Receiver<bool>)
where
    S: tokio::io::AsyncRead + tokio::io::AsyncWrite + Unpin + Send + 'static,
{
    let ctl = ConnCtl(Arc::new(Notify::new()));
    let kill = ctl.0.clone();
    let svc = hyper::service::service_fn(move |mut req: Request<Incoming>| {
        req.extensions_mut().insert(ctl.clone());
        router.clone().oneshot(req.map(Body::new))
    });
    let conn =
        hyper::server::conn::http1::Builder::new().serve_connection(TokioIo::new(stream), svc);
    tokio::select! {
        _ = conn => {}
        _ = kill.notified() => {}
        _ = stop.wait_for(|s| *s) => {}
    }
}

/// Only the API answers the configuration marks (`compress_mde`, `compress_graph`) are
/// encoded; the token endpoint's answers never are.
fn compressible(
    _: axum::http::StatusCode,
    _: axum::http::Version,
    _: &axum::http::HeaderMap,
    ext: &axum::http::Extensions,
) -> bool {
    ext.get::<crate::middleware::Compressible>().is_some()
}
