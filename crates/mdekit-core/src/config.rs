//! Clouds, regions and the three hosts a client talks to (sign-in, MDE API, Microsoft Graph).
//!
//! Hosts follow `reference/mde-api-core.md` §1 (Microsoft's "Supported Microsoft Defender for
//! Endpoint APIs" and "Microsoft Defender for Endpoint for US Government customers" pages).

use std::collections::HashMap;
use std::net::IpAddr;
use std::str::FromStr;

use url::Url;

use crate::error::{Error, Result};

/// The national cloud a tenant lives in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Cloud {
    #[default]
    Commercial,
    Gcc,
    GccHigh,
    Dod,
}

impl FromStr for Cloud {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        match s.trim().to_ascii_lowercase().replace('_', "-").as_str() {
            "commercial" | "public" | "global" | "worldwide" => Ok(Cloud::Commercial),
            "gcc" => Ok(Cloud::Gcc),
            "gcc-high" | "gcchigh" => Ok(Cloud::GccHigh),
            "dod" => Ok(Cloud::Dod),
            other => Err(Error::invalid_argument(format!(
                "unknown cloud {other:?}: expected one of 'commercial', 'gcc', 'gcc-high', 'dod'"
            ))),
        }
    }
}

impl Cloud {
    pub fn name(self) -> &'static str {
        match self {
            Cloud::Commercial => "commercial",
            Cloud::Gcc => "gcc",
            Cloud::GccHigh => "gcc-high",
            Cloud::Dod => "dod",
        }
    }

    /// Entra ID sign-in host.
    pub fn authority_host(self) -> &'static str {
        match self {
            Cloud::Commercial | Cloud::Gcc => "https://login.microsoftonline.com",
            Cloud::GccHigh | Cloud::Dod => "https://login.microsoftonline.us",
        }
    }

    /// MDE API host (gov.md lists `api-gov` for both GCC High and DoD; msticpy agrees, XSOAR
    /// does not — we follow Microsoft's page).
    pub fn api_base_url(self) -> &'static str {
        match self {
            Cloud::Commercial => "https://api.security.microsoft.com",
            Cloud::Gcc => "https://api-gcc.securitycenter.microsoft.us",
            Cloud::GccHigh | Cloud::Dod => "https://api-gov.securitycenter.microsoft.us",
        }
    }

    /// Microsoft Graph host for `runHuntingQuery`.
    pub fn graph_base_url(self) -> &'static str {
        match self {
            Cloud::Commercial | Cloud::Gcc => "https://graph.microsoft.com",
            Cloud::GccHigh => "https://graph.microsoft.us",
            Cloud::Dod => "https://dod-graph.microsoft.us",
        }
    }

    /// Token audience for the MDE API. Commercial tokens must be issued for the legacy
    /// `api.securitycenter.microsoft.com` resource even when calling `api.security.microsoft.com`
    /// (otherwise some APIs answer 403). The MDE docs name no audience for the government clouds;
    /// we use the API host itself, overridable with `mde_audience`.
    pub fn mde_audience(self) -> &'static str {
        match self {
            Cloud::Commercial => "https://api.securitycenter.microsoft.com",
            Cloud::Gcc => "https://api-gcc.securitycenter.microsoft.us",
            Cloud::GccHigh | Cloud::Dod => "https://api-gov.securitycenter.microsoft.us",
        }
    }

    pub fn graph_audience(self) -> &'static str {
        self.graph_base_url()
    }
}

/// Regional ("geo-proximity") MDE hosts of the commercial cloud.
pub const REGIONS: &[&str] = &["us", "eu", "uk", "au", "swa", "ina", "aea"];

/// The resolved hosts and audiences of one client.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoints {
    pub cloud: Cloud,
    pub authority_host: Url,
    pub api_base_url: Url,
    pub graph_base_url: Url,
    pub mde_scope: String,
    pub graph_scope: String,
}

/// Host overrides; `None` means "from the cloud (and region)".
#[derive(Debug, Clone, Default)]
pub struct EndpointOptions {
    pub cloud: Option<String>,
    pub region: Option<String>,
    pub authority_host: Option<String>,
    pub api_base_url: Option<String>,
    pub graph_base_url: Option<String>,
    pub mde_audience: Option<String>,
}

impl EndpointOptions {
    /// Reads `AZURE_AUTHORITY_HOST` (the azure-identity name) and mdekit's own
    /// `MDEKIT_CLOUD`, `MDEKIT_REGION`, `MDEKIT_API_BASE_URL`, `MDEKIT_GRAPH_BASE_URL`,
    /// `MDEKIT_MDE_AUDIENCE` through `lookup` (e.g. [`crate::builder::process_env`]); blank
    /// values count as unset.
    pub fn from_env(lookup: impl Fn(&str) -> Option<String>) -> Self {
        let get = |k: &str| lookup(k).filter(|v| !v.trim().is_empty());
        EndpointOptions {
            cloud: get("MDEKIT_CLOUD"),
            region: get("MDEKIT_REGION"),
            authority_host: get("AZURE_AUTHORITY_HOST"),
            api_base_url: get("MDEKIT_API_BASE_URL"),
            graph_base_url: get("MDEKIT_GRAPH_BASE_URL"),
            mde_audience: get("MDEKIT_MDE_AUDIENCE"),
        }
    }

    /// [`from_env`](Self::from_env) over a map of variables.
    pub fn from_env_map(env: &HashMap<String, String>) -> Self {
        Self::from_env(|k| env.get(k).cloned())
    }

    pub fn resolve(&self) -> Result<Endpoints> {
        let cloud = match &self.cloud {
            Some(c) => c.parse()?,
            None => Cloud::default(),
        };
        let api_default = match &self.region {
            None => cloud.api_base_url().to_owned(),
            Some(r) => {
                let r = r.trim().to_ascii_lowercase();
                if cloud != Cloud::Commercial {
                    return Err(Error::invalid_argument(format!(
                        "region {r:?} applies to the commercial cloud only; cloud is {:?}",
                        cloud.name()
                    )));
                }
                if !REGIONS.contains(&r.as_str()) {
                    return Err(Error::invalid_argument(format!(
                        "unknown region {r:?}: expected one of {}",
                        REGIONS.join(", ")
                    )));
                }
                format!("https://{r}.api.security.microsoft.com")
            }
        };
        let audience = self
            .mde_audience
            .clone()
            .unwrap_or_else(|| cloud.mde_audience().to_owned());
        Ok(Endpoints {
            cloud,
            authority_host: parse_base_url(
                "authority_host",
                self.authority_host
                    .as_deref()
                    .unwrap_or(cloud.authority_host()),
            )?,
            api_base_url: parse_base_url(
                "api_base_url",
                self.api_base_url.as_deref().unwrap_or(&api_default),
            )?,
            graph_base_url: parse_base_url(
                "graph_base_url",
                self.graph_base_url
                    .as_deref()
                    .unwrap_or(cloud.graph_base_url()),
            )?,
            mde_scope: scope_for(&audience),
            graph_scope: scope_for(cloud.graph_audience()),
        })
    }
}

fn scope_for(audience: &str) -> String {
    format!("{}/.default", audience.trim_end_matches('/'))
}

/// True for `localhost` and loopback addresses: the only hosts plain HTTP may reach.
pub fn is_loopback_host(url: &Url) -> bool {
    match url.host() {
        Some(url::Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
        Some(url::Host::Ipv4(ip)) => IpAddr::V4(ip).is_loopback(),
        Some(url::Host::Ipv6(ip)) => IpAddr::V6(ip).is_loopback(),
        None => false,
    }
}

/// Parses a base URL and enforces HTTPS (plain HTTP only for loopback, i.e. a local sandbox).
/// The result never ends with a slash, so paths can be appended.
pub fn parse_base_url(name: &str, value: &str) -> Result<Url> {
    let trimmed = value.trim().trim_end_matches('/');
    let url = Url::parse(trimmed)
        .map_err(|e| Error::configuration(format!("{name} {trimmed:?} is not a valid URL: {e}")))?;
    match url.scheme() {
        "https" => {}
        "http" if is_loopback_host(&url) => {}
        "http" => {
            return Err(Error::configuration(format!(
            "{name} {trimmed:?} uses plain http: only https is allowed, except for loopback hosts"
        )))
        }
        other => {
            return Err(Error::configuration(format!(
                "{name} {trimmed:?} has unsupported scheme {other:?}"
            )))
        }
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(Error::configuration(format!(
            "{name} must not carry credentials in the URL"
        )));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(Error::configuration(format!(
            "{name} {trimmed:?} must not have a query or fragment"
        )));
    }
    Ok(url)
}

/// Joins a base URL (as returned by [`parse_base_url`]) and an absolute path.
pub fn join(base: &Url, path: &str) -> Url {
    let mut url = base.clone();
    let prefix = base.path().trim_end_matches('/');
    url.set_path(&format!("{prefix}{path}"));
    url
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commercial_defaults() {
        let e = EndpointOptions::default().resolve().unwrap();
        assert_eq!(
            e.api_base_url.as_str(),
            "https://api.security.microsoft.com/"
        );
        assert_eq!(
            e.mde_scope,
            "https://api.securitycenter.microsoft.com/.default"
        );
        assert_eq!(e.graph_scope, "https://graph.microsoft.com/.default");
        assert_eq!(
            e.authority_host.as_str(),
            "https://login.microsoftonline.com/"
        );
    }

    #[test]
    fn gov_and_regions() {
        let e = EndpointOptions {
            cloud: Some("gcc-high".into()),
            ..Default::default()
        }
        .resolve()
        .unwrap();
        assert_eq!(
            e.authority_host.host_str(),
            Some("login.microsoftonline.us")
        );
        assert_eq!(
            e.api_base_url.host_str(),
            Some("api-gov.securitycenter.microsoft.us")
        );
        assert_eq!(e.graph_base_url.host_str(), Some("graph.microsoft.us"));
        let e = EndpointOptions {
            region: Some("EU".into()),
            ..Default::default()
        }
        .resolve()
        .unwrap();
        assert_eq!(
            e.api_base_url.host_str(),
            Some("eu.api.security.microsoft.com")
        );
        assert!(EndpointOptions {
            region: Some("mars".into()),
            ..Default::default()
        }
        .resolve()
        .is_err());
        assert!(EndpointOptions {
            cloud: Some("dod".into()),
            region: Some("eu".into()),
            ..Default::default()
        }
        .resolve()
        .is_err());
        assert!("moon".parse::<Cloud>().is_err());
    }

    #[test]
    fn http_only_on_loopback() {
        assert!(parse_base_url("x", "http://127.0.0.1:8080").is_ok());
        assert!(parse_base_url("x", "http://localhost:1/").is_ok());
        assert!(parse_base_url("x", "http://[::1]:1").is_ok());
        assert!(parse_base_url("x", "http://example.com").is_err());
        assert!(parse_base_url("x", "ftp://example.com").is_err());
        assert!(parse_base_url("x", "https://u:p@example.com").is_err());
        let base = parse_base_url("x", "https://h.example/prefix/").unwrap();
        assert_eq!(
            join(&base, "/api/alerts").as_str(),
            "https://h.example/prefix/api/alerts"
        );
    }
}
