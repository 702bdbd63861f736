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
    install_crypto_provider();
    reqwest::Client::builder()
        .user_agent(USER_AGENT)
        .connect_timeout(connect_timeout)
        // Certificate verification stays on: there is deliberately no switch to turn it off.
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .map_err(|e| {
            Error::new(
                ErrorKind::Configuration,
                format!("could not build the HTTP client: {}", describe_chain(&e)),
            )
        })
}
