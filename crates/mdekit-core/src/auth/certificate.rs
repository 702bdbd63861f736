//! Application context with a certificate: a client assertion (a JWT signed with the
//! certificate's private key, naming the certificate by its thumbprint) instead of a secret,
//! per Microsoft identity platform's "Certificate credentials" page, and the generic
//! [`ClientAssertionCredential`] that sends any assertion (certificate-signed, or a federated
//! token from a callback for workload identity federation).

use std::fmt;
use std::path::Path;
use std::sync::Arc;

use base64::Engine;
use rsa::pkcs1::{EncodeRsaPrivateKey, EncodeRsaPublicKey};
use rsa::pkcs8::DecodePrivateKey;
use rustls_pki_types::pem::PemObject;
use rustls_pki_types::{CertificateDer, PrivateKeyDer};
use sha1::Digest;
use url::Url;
use zeroize::Zeroizing;

use super::token_request::{request_token, v2_token_url};
use super::{validate_tenant_id, AccessToken, Secret, TokenCredential};
use crate::error::{Error, Result};

pub const ASSERTION_TYPE: &str = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
/// Assertions are valid this long (Entra accepts up to 10 minutes of clock skew around it).
const ASSERTION_LIFETIME_SECS: i64 = 600;

/// A certificate's private key (RSA) and what identifies it: the SHA-1 (`x5t`) and SHA-256
/// (`x5t#S256`) thumbprints of its DER encoding, and the chain (leaf first) for `x5c`.
pub struct CertificateKey {
    key_pkcs1: Zeroizing<Vec<u8>>,
    x5t: String,
    x5t_s256: String,
    chain: Vec<String>,
}

impl fmt::Debug for CertificateKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CertificateKey")
            .field("x5t", &self.x5t)
            .field("private_key", &"***")
            .finish()
    }
}

fn cert_error(msg: impl Into<String>) -> Error {
    Error::invalid_argument(msg)
}

impl CertificateKey {
    /// Reads a certificate file: PEM (private key and certificate(s)) or PKCS#12 / PFX
    /// (binary, optionally password-protected), told apart by content.
    pub fn load(path: &Path, password: Option<&str>) -> Result<Self> {
        let data = Zeroizing::new(std::fs::read(path).map_err(|e| {
            cert_error(format!(
                "certificate file {} could not be read: {e}",
                path.display()
            ))
        })?);
        Self::from_bytes(&data, password)
    }

    pub fn from_bytes(data: &[u8], password: Option<&str>) -> Result<Self> {
        if data.windows(11).any(|w| w == b"-----BEGIN ") {
            Self::from_pem(data)
        } else {
            Self::from_pkcs12(data, password.unwrap_or(""))
        }
    }

    pub fn from_pem(pem: &[u8]) -> Result<Self> {
        if pem.windows(21).any(|w| w == b"ENCRYPTED PRIVATE KEY") {
            return Err(cert_error(
                "encrypted PEM private keys are not supported: export the certificate as \
                 PKCS#12 (.pfx) with a password, or as an unencrypted PEM kept readable only \
                 by its owner",
            ));
        }
        let key = PrivateKeyDer::from_pem_slice(pem)
            .map_err(|_| cert_error("the PEM certificate holds no private key"))?;
        let certs: Vec<Vec<u8>> = CertificateDer::pem_slice_iter(pem)
            .filter_map(|c| c.ok())
            .map(|c| c.as_ref().to_vec())
            .collect();
        let rsa_key = match &key {
            PrivateKeyDer::Pkcs8(k) => rsa::RsaPrivateKey::from_pkcs8_der(k.secret_pkcs8_der()),
            PrivateKeyDer::Pkcs1(k) => {
                rsa::pkcs1::DecodeRsaPrivateKey::from_pkcs1_der(k.secret_pkcs1_der())
                    .map_err(rsa::pkcs8::Error::from)
            }
            _ => {
                return Err(cert_error(
                    "the certificate's private key is not RSA (Entra ID certificate \
                     credentials use RSA keys)",
                ))
            }
        }
        .map_err(|_| cert_error("the certificate's private key is not a readable RSA key"))?;
        Self::from_parts(rsa_key, certs)
    }

    pub fn from_pkcs12(data: &[u8], password: &str) -> Result<Self> {
        let store = p12_keystore::KeyStore::from_pkcs12(
            data,
            password,
            p12_keystore::Pkcs12ImportPolicy::Relaxed,
        )
        .map_err(|e| {
            cert_error(format!(
                "the PKCS#12 certificate could not be opened (wrong password, or not a \
                 PKCS#12 file): {e}"
            ))
        })?;
        let (_, chain) = store
            .private_key_chain()
            .ok_or_else(|| cert_error("the PKCS#12 file holds no private key"))?;
        let rsa_key = rsa::RsaPrivateKey::from_pkcs8_der(chain.key().as_der())
            .map_err(|_| cert_error("the PKCS#12 private key is not an RSA key"))?;
        let certs = chain.certs().iter().map(|c| c.as_der().to_vec()).collect();
        Self::from_parts(rsa_key, certs)
    }

    fn from_parts(key: rsa::RsaPrivateKey, certs: Vec<Vec<u8>>) -> Result<Self> {
        // The leaf is the certificate carrying the key's public half (its PKCS#1 encoding is the
        // subjectPublicKey bit string of the certificate); the others form the chain.
        let public = key
            .to_public_key()
            .to_pkcs1_der()
            .map_err(|_| cert_error("the RSA public key could not be encoded"))?;
        let public = public.as_bytes();
        let leaf_index = certs
            .iter()
            .position(|c| c.windows(public.len()).any(|w| w == public))
            .ok_or_else(|| cert_error("no certificate in the file matches its private key"))?;
        let mut ordered = certs;
        let leaf = ordered.remove(leaf_index);
        ordered.insert(0, leaf);
        let b64url = base64::engine::general_purpose::URL_SAFE_NO_PAD;
        let x5t = b64url.encode(sha1::Sha1::digest(&ordered[0]));
        let x5t_s256 = b64url.encode(sha2::Sha256::digest(&ordered[0]));
        let chain = ordered
            .iter()
            .map(|c| base64::engine::general_purpose::STANDARD.encode(c))
            .collect();
        let key_pkcs1 = Zeroizing::new(
            key.to_pkcs1_der()
                .map_err(|_| cert_error("the RSA key could not be encoded"))?
                .as_bytes()
                .to_vec(),
        );
        Ok(CertificateKey {
            key_pkcs1,
            x5t,
            x5t_s256,
            chain,
        })
    }

    /// SHA-1 thumbprint, base64url (the `x5t` header).
    pub fn thumbprint(&self) -> &str {
        &self.x5t
    }

    /// A signed client assertion for `client_id` and the token endpoint `audience`.
    pub fn assertion(&self, client_id: &str, audience: &str, send_chain: bool) -> Result<Secret> {
        let mut header = jsonwebtoken::Header::new(jsonwebtoken::Algorithm::RS256);
        header.x5t = Some(self.x5t.clone());
        header.x5t_s256 = Some(self.x5t_s256.clone());
        if send_chain {
            header.x5c = Some(self.chain.clone());
        }
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs() as i64)
            .unwrap_or(0);
        let claims = serde_json::json!({
            "aud": audience,
            "iss": client_id,
            "sub": client_id,
            "jti": uuid::Uuid::new_v4().to_string(),
            "nbf": now,
            "iat": now,
            "exp": now + ASSERTION_LIFETIME_SECS,
        });
        let key = jsonwebtoken::EncodingKey::from_rsa_der(&self.key_pkcs1);
        jsonwebtoken::encode(&header, &claims, &key)
            .map(Secret::new)
            .map_err(|e| {
                Error::invalid_argument(format!("signing the client assertion failed: {e}"))
            })
    }
}

/// Where a [`ClientAssertionCredential`] gets its assertion for each token request.
#[async_trait::async_trait]
pub trait AssertionSource: Send + Sync + fmt::Debug {
    /// An assertion for `client_id` at the token endpoint `audience`.
    async fn assertion(&self, client_id: &str, audience: &str) -> Result<Secret>;
}

/// A certificate as an assertion source.
#[derive(Debug)]
pub struct CertificateAssertion {
    pub key: CertificateKey,
    /// Send the chain in `x5c` (subject name / issuer authentication).
    pub send_chain: bool,
}

#[async_trait::async_trait]
impl AssertionSource for CertificateAssertion {
    async fn assertion(&self, client_id: &str, audience: &str) -> Result<Secret> {
        self.key.assertion(client_id, audience, self.send_chain)
    }
}

/// Client credentials with a client assertion (`client_assertion_type=...jwt-bearer`).
pub struct ClientAssertionCredential {
    tenant_id: String,
    client_id: String,
    token_url: Url,
    source: Arc<dyn AssertionSource>,
    http: reqwest::Client,
}

impl fmt::Debug for ClientAssertionCredential {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientAssertionCredential")
            .field("tenant_id", &self.tenant_id)
            .field("client_id", &self.client_id)
            .field("source", &self.source)
            .finish()
    }
}

impl ClientAssertionCredential {
    pub fn new(
        authority_host: &Url,
        tenant_id: &str,
        client_id: &str,
        source: Arc<dyn AssertionSource>,
        http: reqwest::Client,
    ) -> Result<Self> {
        validate_tenant_id(tenant_id)?;
        if client_id.trim().is_empty() {
            return Err(Error::invalid_argument("client_id must not be empty"));
        }
        Ok(ClientAssertionCredential {
            tenant_id: tenant_id.to_owned(),
            client_id: client_id.to_owned(),
            token_url: v2_token_url(authority_host, tenant_id),
            source,
            http,
        })
    }
}

#[async_trait::async_trait]
impl TokenCredential for ClientAssertionCredential {
    async fn get_token(&self, scopes: &[String]) -> Result<AccessToken> {
        let assertion = self
            .source
            .assertion(&self.client_id, self.token_url.as_str())
            .await?;
        let scope = scopes.join(" ");
        let form = [
            ("grant_type", "client_credentials"),
            ("client_id", self.client_id.as_str()),
            ("scope", scope.as_str()),
            ("client_assertion_type", ASSERTION_TYPE),
            ("client_assertion", assertion.expose()),
        ];
        Ok(request_token(&self.http, &self.token_url, &form)
            .await?
            .access)
    }
}
