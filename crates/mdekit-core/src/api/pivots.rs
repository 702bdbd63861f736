//! Entity pivots: files, IP addresses, domains and users (reference `mde-api-rest.md` §2;
//! Microsoft docs "File resource type", "Get file statistics", "Get file related alerts /
//! machines", "Get IP statistics", "Get IP related alerts", "Get domain statistics", "Get domain
//! related alerts / machines", "Get user related alerts / machines").
//!
//! Missing entities behave per endpoint, and the client passes that through unchanged: an unknown
//! file is a 404 for `get` and `stats`, while file/IP/domain/user related alerts and machines of
//! an entity nobody has seen are an empty list, and IP and domain statistics report zero
//! prevalence. A malformed IP address is refused before the network (the service answers 400).

use std::net::IpAddr;

use serde_json::Value;

use mdekit_spec::{
    Operation, DOMAINS_ALERTS, DOMAINS_MACHINES, DOMAINS_STATS, FILES_ALERTS, FILES_GET,
    FILES_MACHINES, FILES_STATS, IPS_ALERTS, IPS_STATS, USERS_ALERTS, USERS_MACHINES,
};

use super::indicators::is_domain;
use crate::error::{Error, Result};
use crate::pipeline::Pipeline;

/// Longest look-back the statistics endpoints accept, in hours (30 days).
pub const MAX_LOOKBACK_HOURS: u32 = 720;

/// A file is addressed by SHA-1 or SHA-256 (`get`, `stats`); related alerts and machines take
/// SHA-1 only.
pub fn validate_file_hash(hash: &str, sha1_only: bool) -> Result<()> {
    let hex = hash.chars().all(|c| c.is_ascii_hexdigit());
    let ok = hex && (hash.len() == 40 || (!sha1_only && hash.len() == 64));
    if ok {
        Ok(())
    } else if sha1_only {
        Err(Error::invalid_argument(format!(
            "{hash:?} is not a SHA-1 (40 hexadecimal characters); this endpoint takes SHA-1 only"
        )))
    } else {
        Err(Error::invalid_argument(format!(
            "{hash:?} is not a SHA-1 or SHA-256 hash"
        )))
    }
}

fn validate_ip(ip: &str) -> Result<()> {
    ip.parse::<IpAddr>()
        .map(|_| ())
        .map_err(|_| Error::invalid_argument(format!("{ip:?} is not an IPv4 or IPv6 address")))
}

fn validate_domain(domain: &str) -> Result<()> {
    if is_domain(domain) {
        Ok(())
    } else {
        Err(Error::invalid_argument(format!(
            "{domain:?} is not a domain name (give the host only, without scheme or path)"
        )))
    }
}

/// The account name the user endpoints take: not a UPN (`user1`, not `user1@contoso.com`).
fn validate_user(name: &str) -> Result<()> {
    if name.contains('@') {
        return Err(Error::invalid_argument(format!(
            "{name:?} looks like a UPN; the user endpoints take the account name only (the part before '@')"
        )));
    }
    super::validate_id("user name", name, |c| {
        c.is_alphanumeric() || matches!(c, '.' | '-' | '_' | '$')
    })
}

fn lookback(hours: Option<u32>) -> Result<Option<u32>> {
    match hours {
        Some(0) => Err(Error::invalid_argument("lookback_hours must be at least 1")),
        Some(h) if h > MAX_LOOKBACK_HOURS => Err(Error::invalid_argument(format!(
            "lookback_hours must be at most {MAX_LOOKBACK_HOURS} (30 days), got {h}"
        ))),
        h => Ok(h),
    }
}

#[derive(Debug, Clone)]
pub struct Pivots {
    pub(crate) pipeline: Pipeline,
}

/// The `alerts` or `machines` operation of an entity.
fn related_op(
    what: &str,
    alerts: &'static Operation,
    machines: &'static Operation,
) -> Result<&'static Operation> {
    match what {
        "alerts" => Ok(alerts),
        "machines" => Ok(machines),
        other => Err(Error::invalid_argument(format!(
            "{other:?} is not a related collection: expected alerts or machines"
        ))),
    }
}

impl Pivots {
    async fn get(&self, op: &'static Operation, key: &str) -> Result<Value> {
        let url = self.pipeline.url(op, &[key])?;
        self.pipeline.get_json(op, url).await
    }

    /// An unpaged collection: the `value` list.
    async fn list(&self, op: &'static Operation, key: &str) -> Result<Value> {
        let mut body = self.get(op, key).await?;
        match body.get_mut("value").map(Value::take) {
            Some(v @ Value::Array(_)) => Ok(v),
            _ => Err(Error::decode("a collection response had no 'value' list")),
        }
    }

    async fn stats(&self, op: &'static Operation, key: &str, hours: Option<u32>) -> Result<Value> {
        let mut url = self.pipeline.url(op, &[key])?;
        if let Some(h) = lookback(hours)? {
            url.query_pairs_mut()
                .append_pair("lookBackHours", &h.to_string());
        }
        self.pipeline.get_json(op, url).await
    }

    /// `GET /api/files/{sha1|sha256}`: the File entity; 404 when unknown.
    pub async fn file(&self, hash: &str) -> Result<Value> {
        validate_file_hash(hash, false)?;
        self.get(&FILES_GET, hash).await
    }

    /// `GET /api/files/{hash}/stats?lookBackHours=N`; 404 when unknown.
    pub async fn file_stats(&self, hash: &str, hours: Option<u32>) -> Result<Value> {
        validate_file_hash(hash, false)?;
        self.stats(&FILES_STATS, hash, hours).await
    }

    /// `GET /api/files/{sha1}/alerts` or `/machines`: a list, empty for an unknown file.
    pub async fn file_related(&self, sha1: &str, what: &str) -> Result<Value> {
        let op = related_op(what, &FILES_ALERTS, &FILES_MACHINES)?;
        validate_file_hash(sha1, true)?;
        self.list(op, sha1).await
    }

    /// `GET /api/ips/{ip}/stats`: zero prevalence for an address nobody contacted.
    pub async fn ip_stats(&self, ip: &str, hours: Option<u32>) -> Result<Value> {
        validate_ip(ip)?;
        self.stats(&IPS_STATS, ip, hours).await
    }

    /// `GET /api/ips/{ip}/alerts`: a list, empty for an unseen address.
    pub async fn ip_alerts(&self, ip: &str) -> Result<Value> {
        validate_ip(ip)?;
        self.list(&IPS_ALERTS, ip).await
    }

    /// `GET /api/domains/{domain}/stats`: zero prevalence for an unseen domain.
    pub async fn domain_stats(&self, domain: &str, hours: Option<u32>) -> Result<Value> {
        validate_domain(domain)?;
        self.stats(&DOMAINS_STATS, domain, hours).await
    }

    /// `GET /api/domains/{domain}/alerts` or `/machines` (at most 500 machines): a list, empty
    /// for an unseen domain.
    pub async fn domain_related(&self, domain: &str, what: &str) -> Result<Value> {
        let op = related_op(what, &DOMAINS_ALERTS, &DOMAINS_MACHINES)?;
        validate_domain(domain)?;
        self.list(op, domain).await
    }

    /// `GET /api/users/{name}/alerts` or `/machines`: a list, empty for an unknown user.
    pub async fn user_related(&self, name: &str, what: &str) -> Result<Value> {
        let op = related_op(what, &USERS_ALERTS, &USERS_MACHINES)?;
        validate_user(name)?;
        self.list(op, name).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validates_keys() {
        assert!(validate_file_hash(&"a".repeat(64), false).is_ok());
        assert!(validate_file_hash(&"a".repeat(64), true).is_err());
        assert!(validate_file_hash("abc", false).is_err());
        assert!(validate_ip("10.1.1.1").is_ok());
        assert!(validate_ip("10.1.1").is_err());
        assert!(validate_domain("contoso.com").is_ok());
        assert!(validate_domain("https://contoso.com").is_err());
        assert!(validate_user("user1").is_ok());
        assert!(validate_user("user1@contoso.com").is_err());
        assert!(lookback(Some(721)).is_err());
        assert!(lookback(Some(0)).is_err());
        assert_eq!(lookback(Some(48)).unwrap(), Some(48));
    }
}
