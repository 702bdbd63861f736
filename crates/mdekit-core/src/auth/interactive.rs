//! User context with the authorization code flow and PKCE on a loopback redirect (Microsoft
//! identity platform "OAuth 2.0 authorization code flow"; the MSAL "interactive" flow the 2026 MDE
//! native-app page shows): we listen on `http://localhost:{free port}`, open the sign-in page in
//! the system browser (through an injectable opener), receive the redirect with the code, check
//! `state`, and redeem the code with the PKCE verifier (RFC 7636, S256).

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use oauth2::{CsrfToken, PkceCodeChallenge};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;
use url::Url;

use super::token_request::{request_token, TokenResponse};
use super::user_session::UserSession;
use super::{validate_tenant_id, AccessToken, TokenCredential};
use crate::config::join;
use crate::error::{Error, ErrorKind, Result};

/// Opens the sign-in URL (the system browser by default). Runs on a blocking thread while the
/// redirect listener waits, so it may itself drive the page (tests).
pub type BrowserOpener = Arc<dyn Fn(&str) -> Result<()> + Send + Sync>;

pub struct InteractiveBrowserCredential {
    tenant_id: String,
    client_id: String,
    authorize_url: Url,
    token_url: Url,
    http: reqwest::Client,
    opener: BrowserOpener,
    /// How long to wait for the browser to come back.
    timeout: Duration,
    /// Loopback port to listen on; 0 picks a free one.
    port: u16,
    login_hint: Option<String>,
    session: UserSession,
}

impl fmt::Debug for InteractiveBrowserCredential {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("InteractiveBrowserCredential")
            .field("tenant_id", &self.tenant_id)
            .field("client_id", &self.client_id)
            .finish_non_exhaustive()
    }
}

fn auth_error(code: &str, message: impl Into<String>) -> Error {
    let mut e = Error::new(ErrorKind::Authentication, message);
    e.code = Some(code.to_owned());
    e
}

impl InteractiveBrowserCredential {
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        authority_host: &Url,
        tenant_id: &str,
        client_id: &str,
        http: reqwest::Client,
        opener: BrowserOpener,
        timeout: Duration,
        port: u16,
        login_hint: Option<String>,
        session: UserSession,
    ) -> Result<Self> {
        validate_tenant_id(tenant_id)?;
        if client_id.trim().is_empty() {
            return Err(Error::invalid_argument("client_id must not be empty"));
        }
        Ok(InteractiveBrowserCredential {
            tenant_id: tenant_id.to_owned(),
            client_id: client_id.to_owned(),
            authorize_url: join(
                authority_host,
                &format!("/{tenant_id}/oauth2/v2.0/authorize"),
            ),
            token_url: join(authority_host, &format!("/{tenant_id}/oauth2/v2.0/token")),
            http,
            opener,
            timeout,
            port,
            login_hint,
            session,
        })
    }

    async fn sign_in(&self, scopes: &[String]) -> Result<TokenResponse> {
        let listener = TcpListener::bind(("127.0.0.1", self.port))
            .await
            .map_err(|e| {
                auth_error(
                    "loopback_unavailable",
                    format!("could not listen on 127.0.0.1 for the sign-in redirect: {e}"),
                )
            })?;
        let port = listener
            .local_addr()
            .map_err(|e| auth_error("loopback_unavailable", e.to_string()))?
            .port();
        let redirect_uri = format!("http://localhost:{port}");
        let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
        let state = CsrfToken::new_random();
        let scope = UserSession::scope_with_offline_access(scopes);
        let mut url = self.authorize_url.clone();
        {
            let mut q = url.query_pairs_mut();
            q.append_pair("client_id", &self.client_id)
                .append_pair("response_type", "code")
                .append_pair("redirect_uri", &redirect_uri)
                .append_pair("response_mode", "query")
                .append_pair("scope", &scope)
                .append_pair("state", state.secret())
                .append_pair("code_challenge", challenge.as_str())
                .append_pair("code_challenge_method", "S256")
                .append_pair("prompt", "select_account");
            if let Some(hint) = &self.login_hint {
                q.append_pair("login_hint", hint);
            }
        }
        let opener = self.opener.clone();
        let target = url.to_string();
        let mut opened = tokio::task::spawn_blocking(move || opener(&target));
        let timed_out = || {
            auth_error(
                "timeout",
                format!(
                    "no sign-in came back to {redirect_uri} within {} s",
                    self.timeout.as_secs_f64()
                ),
            )
        };
        let waiting = tokio::time::timeout(self.timeout, receive_redirect(&listener));
        tokio::pin!(waiting);
        // An opener that fails (no browser) ends the wait at once; one that succeeds leaves us
        // waiting for the redirect.
        let params = tokio::select! {
            r = &mut waiting => {
                let params = r.map_err(|_| timed_out())??;
                // Let an opener that is still finishing (it saw our answer page) return first.
                let _ = tokio::time::timeout(Duration::from_secs(5), opened).await;
                params
            }
            o = &mut opened => {
                if let Ok(Err(e)) = o {
                    return Err(e);
                }
                waiting.await.map_err(|_| timed_out())??
            }
        };
        let get = |k: &str| params.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str());
        if get("state") != Some(state.secret().as_str()) {
            return Err(auth_error(
                "state_mismatch",
                "the sign-in redirect carried another state value (possible CSRF); ignored",
            ));
        }
        if let Some(error) = get("error") {
            let description = get("error_description").unwrap_or_default();
            let mut e = auth_error(error, format!("sign-in failed: {error}: {description}"));
            e.aadsts = super::token_request::aadsts_number(description);
            return Err(e);
        }
        let code = get("code")
            .ok_or_else(|| auth_error("invalid_request", "the sign-in redirect carried no code"))?;
        let form = [
            ("grant_type", "authorization_code"),
            ("client_id", self.client_id.as_str()),
            ("code", code),
            ("redirect_uri", redirect_uri.as_str()),
            ("code_verifier", verifier.secret().as_str()),
            ("scope", scope.as_str()),
        ];
        request_token(&self.http, &self.token_url, &form).await
    }
}

/// Accepts connections on the loopback listener until one is a GET carrying `code` or `error`,
/// answers it with a page telling the user to go back, and returns its query parameters.
async fn receive_redirect(listener: &TcpListener) -> Result<Vec<(String, String)>> {
    loop {
        let (mut stream, _) = listener
            .accept()
            .await
            .map_err(|e| auth_error("loopback_unavailable", e.to_string()))?;
        let mut buf = Vec::with_capacity(2048);
        let mut chunk = [0u8; 2048];
        while !buf.windows(4).any(|w| w == b"\r\n\r\n") && buf.len() < 16 * 1024 {
            match tokio::time::timeout(Duration::from_secs(10), stream.read(&mut chunk)).await {
                Ok(Ok(0)) | Err(_) | Ok(Err(_)) => break,
                Ok(Ok(n)) => buf.extend_from_slice(&chunk[..n]),
            }
        }
        let head = String::from_utf8_lossy(&buf);
        let target = head
            .lines()
            .next()
            .and_then(|l| l.strip_prefix("GET "))
            .and_then(|l| l.split(' ').next())
            .unwrap_or("");
        let query = target.split_once('?').map(|(_, q)| q).unwrap_or("");
        let params: Vec<(String, String)> = form_urlencoded::parse(query.as_bytes())
            .into_owned()
            .collect();
        let done = params.iter().any(|(k, _)| k == "code" || k == "error");
        let body = if done {
            "<!doctype html><title>mdekit</title><p>Sign-in complete. You can close this window and return to mdekit.</p>"
        } else {
            "<!doctype html><title>mdekit</title><p>Waiting for the sign-in to finish.</p>"
        };
        let response = format!(
            "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        );
        let _ = stream.write_all(response.as_bytes()).await;
        let _ = stream.shutdown().await;
        if done {
            return Ok(params);
        }
    }
}

#[async_trait::async_trait]
impl TokenCredential for InteractiveBrowserCredential {
    async fn get_token(&self, scopes: &[String]) -> Result<AccessToken> {
        self.session
            .token_or_sign_in(&self.http, &self.token_url, &self.client_id, scopes, || {
                self.sign_in(scopes)
            })
            .await
    }
}
