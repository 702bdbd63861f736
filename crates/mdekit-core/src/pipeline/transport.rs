//! The HTTP transport: one reqwest client per `DefenderClient`, rustls with the ring provider,
//! the system's trust store and proxy variables.

use std::sync::Once;
use std::time::Duration;

use crate::error::{describe_chain, Error, ErrorKind, Result};

pub const USER_AGENT: &str = concat!("mdekit/", env!("CARGO_PKG_VERSION"));

/// reqwest built with `rustls-no-provider` panics at construction unless a process-wide rustls
/// provider is installed first.
fn install_crypto_provider() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        // Err means another library already installed one, which serves us just as well.
        let _ = rustls::crypto::ring::default_provider().install_default();
    });
}

pub fn build_http_client(connect_timeout: Duration) -> Result<reqwest::Client> {
    build_http_client_with_roots(connect_timeout, None)
}

/// Like [`build_http_client`], but when `ca_bundle` (PEM, one or more certificates) is given,
/// those certificates are the only trusted roots, as with `requests`' `verify=path`: the way to
/// reach a server with a private CA (or the sandbox's self-signed certificate) without ever
/// turning verification off.
pub fn build_http_client_with_roots(
    connect_timeout: Duration,
    ca_bundle: Option<&[u8]>,
) -> Result<reqwest::Client> {
    install_crypto_provider();
    let mut builder = reqwest::Client::builder()
        .user_agent(USER_AGENT)
        .connect_timeout(connect_timeout)
        // Certificate verification stays on: there is deliberately no switch to turn it off.
        .redirect(reqwest::redirect::Policy::none());
    if let Some(pem) = ca_bundle {
        let certs = reqwest::Certificate::from_pem_bundle(pem).map_err(|e| {
            Error::configuration(format!(
                "ca_bundle is not a PEM certificate bundle: {}",
                describe_chain(&e)
            ))
        })?;
        if certs.is_empty() {
            return Err(Error::configuration(
                "ca_bundle holds no PEM certificate (-----BEGIN CERTIFICATE-----)",
            ));
        }
        builder = builder.tls_certs_only(certs);
    }
    builder.build().map_err(|e| {
        Error::new(
            ErrorKind::Configuration,
            format!("could not build the HTTP client: {}", describe_chain(&e)),
        )
    })
}
