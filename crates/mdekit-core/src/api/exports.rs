//! The export assessment APIs (reference `mde-api-rest.md` §5, §6; Microsoft docs "Export
//! assessment methods and properties per device" and each assessment's page).
//!
//! Two flavours per assessment: JSON pages (`GET /api/machines/*ByMachine`, `pageSize` up to
//! 200,000, `@odata.nextLink` with an opaque `$skiptoken`, followed verbatim) and via files
//! (`GET /api/machines/*Export`: SAS URLs of gzip JSON Lines files, downloaded with no bearer
//! token). Column names differ in casing between the two (camelCase examples, PascalCase
//! property tables) and between pages (the certificate table's `keySize` is `keyLength` on the
//! wire): [`column_name`] maps every spelling onto one, for both flavours.

use std::borrow::Cow;
use std::time::{Duration, SystemTime};

use bytes::Bytes;
use chrono::{DateTime, Utc};
use mdekit_spec::{self as spec, Operation};
use serde_json::Value;
use url::Url;

use crate::error::{Error, ErrorKind, Result};
use crate::odata::ListQuery;
use crate::paging::Pager;
use crate::pipeline::{AuthMode, Pipeline, Request};

/// Largest `pageSize` the JSON flavour accepts.
pub const MAX_PAGE_SIZE: u32 = 200_000;
/// How far back the delta export's `sinceTime` may reach.
pub const MAX_DELTA_DAYS: i64 = 14;

/// A synthetic catalogue entry for the export files: pre-signed blob URLs, no quota, no
/// permission (the SAS is the credential).
pub const EXPORT_FILE_DOWNLOAD: Operation = Operation {
    id: "exports.download",
    ..spec::UNCATALOGUED
};

/// The assessments of the endpoint matrix.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Assessment {
    SecureConfigurations,
    SoftwareInventory,
    NonCpeSoftware,
    SoftwareVulnerabilities,
    BrowserExtensions,
    Certificates,
    SecurityBaselines,
    HardwareFirmware,
    InformationGathering,
    /// The device antivirus health report (via files only, public preview).
    DeviceAvHealth,
}

impl Assessment {
    pub const ALL: &'static [Assessment] = &[
        Assessment::SecureConfigurations,
        Assessment::SoftwareInventory,
        Assessment::NonCpeSoftware,
        Assessment::SoftwareVulnerabilities,
        Assessment::BrowserExtensions,
        Assessment::Certificates,
        Assessment::SecurityBaselines,
        Assessment::HardwareFirmware,
        Assessment::InformationGathering,
        Assessment::DeviceAvHealth,
    ];

    /// The snake_case name (`software_vulnerabilities`), as the Python methods spell it.
    pub fn name(self) -> &'static str {
        match self {
            Assessment::SecureConfigurations => "secure_configurations",
            Assessment::SoftwareInventory => "software_inventory",
            Assessment::NonCpeSoftware => "non_cpe_software",
            Assessment::SoftwareVulnerabilities => "software_vulnerabilities",
            Assessment::BrowserExtensions => "browser_extensions",
            Assessment::Certificates => "certificates",
            Assessment::SecurityBaselines => "security_baselines",
            Assessment::HardwareFirmware => "hardware_firmware",
            Assessment::InformationGathering => "information_gathering",
            Assessment::DeviceAvHealth => "device_av_health",
        }
    }

    /// By snake_case or kebab-case name (`software-vulnerabilities`).
    pub fn from_name(name: &str) -> Option<Assessment> {
        let n = name.trim().replace('-', "_").to_ascii_lowercase();
        Assessment::ALL.iter().copied().find(|a| a.name() == n)
    }

    /// The JSON flavour's entry, where the assessment has one.
    pub fn json_op(self) -> Option<&'static Operation> {
        Some(match self {
            Assessment::SecureConfigurations => &spec::EXPORTS_SECURE_CONFIGURATIONS,
            Assessment::SoftwareInventory => &spec::EXPORTS_SOFTWARE_INVENTORY,
            Assessment::NonCpeSoftware => &spec::EXPORTS_NON_CPE_SOFTWARE,
            Assessment::SoftwareVulnerabilities => &spec::EXPORTS_SOFTWARE_VULNERABILITIES,
            Assessment::BrowserExtensions => &spec::EXPORTS_BROWSER_EXTENSIONS,
            Assessment::Certificates => &spec::EXPORTS_CERTIFICATES,
            Assessment::SecurityBaselines => &spec::EXPORTS_SECURITY_BASELINES,
            Assessment::HardwareFirmware => &spec::EXPORTS_HARDWARE_FIRMWARE,
            Assessment::InformationGathering | Assessment::DeviceAvHealth => return None,
        })
    }

    /// The via-files entry.
    pub fn files_op(self) -> &'static Operation {
        match self {
            Assessment::SecureConfigurations => &spec::EXPORTS_SECURE_CONFIGURATIONS_FILES,
            Assessment::SoftwareInventory => &spec::EXPORTS_SOFTWARE_INVENTORY_FILES,
            Assessment::NonCpeSoftware => &spec::EXPORTS_NON_CPE_SOFTWARE_FILES,
            Assessment::SoftwareVulnerabilities => &spec::EXPORTS_SOFTWARE_VULNERABILITIES_FILES,
            Assessment::BrowserExtensions => &spec::EXPORTS_BROWSER_EXTENSIONS_FILES,
            Assessment::Certificates => &spec::EXPORTS_CERTIFICATES_FILES,
            Assessment::SecurityBaselines => &spec::EXPORTS_SECURITY_BASELINES_FILES,
            Assessment::HardwareFirmware => &spec::EXPORTS_HARDWARE_FIRMWARE_FILES,
            Assessment::InformationGathering => &spec::EXPORTS_INFORMATION_GATHERING_FILES,
            Assessment::DeviceAvHealth => &spec::EXPORTS_DEVICE_AV_HEALTH_FILES,
        }
    }

    /// The largest `sasValidHours` the page documents (the pages that document none get the
    /// smaller bound).
    pub fn max_sas_hours(self) -> u32 {
        match self {
            Assessment::NonCpeSoftware
            | Assessment::Certificates
            | Assessment::InformationGathering
            | Assessment::DeviceAvHealth => 24,
            _ => 6,
        }
    }
}

/// Names the property tables spell differently from the wire (certificate inventory, §5.10):
/// `(documented, wire)`, compared after [`camel`].
const ALIASES: &[(&str, &str)] = &[
    ("keySize", "keyLength"),
    ("expirationDate", "notAfter"),
    ("issueDate", "notBefore"),
    ("issuedTo", "subjectObject"),
    ("issuedBy", "issuerObject"),
    ("keyUsage", "keyUsageArray"),
    ("extendedKeyUsage", "extendedKeyUsageArray"),
];

/// camelCase of a PascalCase or camelCase name: the leading capitals are lowered, except the
/// last of a run that starts a word (`OSPlatform` -> `osPlatform`, `DeviceId` -> `deviceId`,
/// `ID` -> `id`).
pub fn camel(key: &str) -> Cow<'_, str> {
    let bytes = key.as_bytes();
    let upper = bytes.iter().take_while(|b| b.is_ascii_uppercase()).count();
    if upper == 0 {
        return Cow::Borrowed(key);
    }
    let lower_to = if upper == bytes.len() || upper == 1 {
        upper
    } else if bytes[upper].is_ascii_alphabetic() {
        upper - 1
    } else {
        upper
    };
    let mut out = String::with_capacity(key.len());
    out.push_str(&key[..lower_to].to_ascii_lowercase());
    out.push_str(&key[lower_to..]);
    Cow::Owned(out)
}

/// The one spelling of an export column, whichever flavour or page it came from: camelCase,
/// with the certificate table's documented names mapped to the wire names.
pub fn column_name(key: &str) -> Cow<'_, str> {
    let c = camel(key);
    match ALIASES.iter().find(|(doc, _)| *doc == c) {
        Some((_, wire)) => Cow::Borrowed(wire),
        None => c,
    }
}

/// Renames the keys of every item of a JSON page with [`column_name`] (the export pagers'
/// body rewrite); bodies already in that spelling are returned as they are.
pub fn normalise_page(body: &[u8]) -> Result<Bytes> {
    let mut v: Value = serde_json::from_slice(body)
        .map_err(|e| Error::decode(format!("an export page could not be read: {e}")))?;
    let Some(Value::Array(items)) = v.get_mut("value") else {
        return Ok(Bytes::copy_from_slice(body));
    };
    let mut changed = false;
    for item in items.iter_mut() {
        if let Value::Object(obj) = item {
            if obj.keys().any(|k| column_name(k) != k.as_str()) {
                let old = std::mem::take(obj);
                for (k, val) in old {
                    obj.insert(column_name(&k).into_owned(), val);
                }
                changed = true;
            }
        }
    }
    if !changed {
        return Ok(Bytes::copy_from_slice(body));
    }
    serde_json::to_vec(&v)
        .map(Bytes::from)
        .map_err(|e| Error::decode(format!("an export page could not be rewritten: {e}")))
}

/// What a via-files call answers: the SAS URLs and when the snapshot was generated.
#[derive(Debug, Clone)]
pub struct ExportFiles {
    pub files: Vec<String>,
    /// `generatedTime` as the service wrote it (ISO-8601 UTC).
    pub generated_time: String,
    /// The earliest `se` (signed expiry) among the URLs, when they carry one.
    pub expires: Option<DateTime<Utc>>,
}

/// The `se` (signed expiry) of a SAS URL.
pub fn sas_expiry(url: &Url) -> Option<DateTime<Utc>> {
    url.query_pairs()
        .find(|(k, _)| k == "se")
        .and_then(|(_, v)| DateTime::parse_from_rfc3339(&v).ok())
        .map(|t| t.with_timezone(&Utc))
}

/// A SAS URL for messages: its path (the file), never its query (the signature).
pub fn describe_file(url: &Url) -> String {
    let name = url
        .path_segments()
        .and_then(|mut s| s.next_back())
        .unwrap_or("");
    format!("{}…/{name}", url.host_str().unwrap_or(""))
}

fn expired(url: &Url, expiry: Option<DateTime<Utc>>) -> Error {
    let when = expiry
        .map(|t| format!(" at {}", t.format("%Y-%m-%dT%H:%M:%SZ")))
        .unwrap_or_default();
    let mut err = Error::new(
        ErrorKind::HttpResponse,
        format!(
            "the download URL of export file {} expired{when} (Azure Storage answered 403 \
             AuthenticationFailed): call the export again for fresh URLs (pass \
             sas_valid_hours for longer-lived ones); files already written are kept",
            describe_file(url)
        ),
    );
    err.status = Some(403);
    err.code = Some("AuthenticationFailed".into());
    err
}

/// Parses `since` for the delta export: ISO-8601 (with or without `Z`), or a look-back such as
/// `7d`, `36h`, `90m`. The result must be within the last 14 days (the documented bound).
pub fn parse_since(since: &str, now: SystemTime) -> Result<DateTime<Utc>> {
    let now: DateTime<Utc> = now.into();
    let s = since.trim();
    let lookback = |n: &str, unit: i64| -> Option<DateTime<Utc>> {
        let n: i64 = n.parse().ok()?;
        (n >= 0).then(|| now - chrono::Duration::seconds(n.saturating_mul(unit)))
    };
    let parsed = if let Some(n) = s.strip_suffix('d') {
        lookback(n, 86_400)
    } else if let Some(n) = s.strip_suffix('h') {
        lookback(n, 3_600)
    } else if let Some(n) = s.strip_suffix('m') {
        lookback(n, 60)
    } else {
        DateTime::parse_from_rfc3339(s)
            .map(|t| t.with_timezone(&Utc))
            .ok()
            .or_else(|| {
                let bare = s.strip_suffix('Z').unwrap_or(s);
                [
                    "%Y-%m-%dT%H:%M:%S%.f",
                    "%Y-%m-%d %H:%M:%S%.f",
                    "%Y-%m-%dT%H:%M",
                ]
                .iter()
                .find_map(|f| chrono::NaiveDateTime::parse_from_str(bare, f).ok())
                .or_else(|| {
                    chrono::NaiveDate::parse_from_str(bare, "%Y-%m-%d")
                        .ok()
                        .and_then(|d| d.and_hms_opt(0, 0, 0))
                })
                .map(|t| t.and_utc())
            })
    };
    let t = parsed.ok_or_else(|| {
        Error::invalid_argument(format!(
            "since {since:?} is neither an ISO-8601 date-time nor a look-back like '7d'"
        ))
    })?;
    if t < now - chrono::Duration::days(MAX_DELTA_DAYS) {
        return Err(Error::invalid_argument(format!(
            "since {since:?} is more than {MAX_DELTA_DAYS} days back; the delta export only \
             reaches 14 days (take a full export as the baseline)"
        )));
    }
    if t > now + chrono::Duration::minutes(5) {
        return Err(Error::invalid_argument(format!(
            "since {since:?} is in the future"
        )));
    }
    Ok(t)
}

fn check_page_size(page_size: Option<u32>) -> Result<()> {
    match page_size {
        Some(0) => Err(Error::invalid_argument("page_size must be at least 1")),
        Some(n) if n > MAX_PAGE_SIZE => Err(Error::invalid_argument(format!(
            "page_size {n} is over the documented maximum of {MAX_PAGE_SIZE}"
        ))),
        _ => Ok(()),
    }
}

#[derive(Debug, Clone)]
pub struct Exports {
    pub(crate) pipeline: Pipeline,
}

impl Exports {
    fn json_pager(
        &self,
        op: &'static Operation,
        page_size: Option<u32>,
        top: Option<u32>,
        extra: &[(&str, String)],
    ) -> Result<Pager> {
        check_page_size(page_size)?;
        let mut url = self.pipeline.url(op, &[])?;
        {
            let mut q = url.query_pairs_mut();
            for (k, v) in extra {
                q.append_pair(k, v);
            }
            if let Some(n) = page_size {
                q.append_pair("pageSize", &n.to_string());
            }
            if let Some(n) = top {
                q.append_pair("$top", &n.to_string());
            }
        }
        if url.query() == Some("") {
            url.set_query(None);
        }
        Ok(Pager::links_only(
            self.pipeline.clone(),
            op,
            url,
            Some(normalise_page),
        ))
    }

    /// The JSON flavour of `a`: a pager over its rows, columns named by [`column_name`].
    pub fn json(&self, a: Assessment, page_size: Option<u32>, top: Option<u32>) -> Result<Pager> {
        let op = a.json_op().ok_or_else(|| {
            Error::invalid_argument(format!(
                "{} has no JSON flavour; use {}_via_files",
                a.name(),
                a.name()
            ))
        })?;
        self.json_pager(op, page_size, top, &[])
    }

    /// The software-vulnerability delta since `since` (at most 14 days back).
    pub fn changes(&self, since: &str, page_size: Option<u32>, top: Option<u32>) -> Result<Pager> {
        let t = parse_since(since, self.pipeline.shared.clock.system_now())?;
        let since = t.format("%Y-%m-%dT%H:%M:%SZ").to_string();
        self.json_pager(
            &spec::EXPORTS_SOFTWARE_VULNERABILITY_CHANGES,
            page_size,
            top,
            &[("sinceTime", since)],
        )
    }

    /// An OData list of the export family (browser-extension permissions, baseline profiles
    /// and configurations).
    pub fn list(&self, op: &'static Operation, query: ListQuery) -> Result<Pager> {
        query.validate(op)?;
        let base = self.pipeline.url(op, &[])?;
        Ok(Pager::new(self.pipeline.clone(), op, base, query))
    }

    /// The via-files flavour of `a`: the SAS URLs of the latest snapshot's files.
    pub async fn files(&self, a: Assessment, sas_valid_hours: Option<u32>) -> Result<ExportFiles> {
        if let Some(h) = sas_valid_hours {
            let max = a.max_sas_hours();
            if h == 0 || h > max {
                return Err(Error::invalid_argument(format!(
                    "sas_valid_hours must be from 1 to {max} for {}, got {h}",
                    a.name()
                )));
            }
        }
        let op = a.files_op();
        let mut url = self.pipeline.url(op, &[])?;
        if let Some(h) = sas_valid_hours {
            url.query_pairs_mut()
                .append_pair("sasValidHours", &h.to_string());
        }
        let body = self.pipeline.get_json(op, url).await?;
        let files: Vec<String> = match body.get("exportFiles") {
            Some(Value::Array(a)) => a
                .iter()
                .map(|v| {
                    v.as_str()
                        .map(str::to_owned)
                        .ok_or_else(|| Error::decode("an exportFiles item was not a string"))
                })
                .collect::<Result<_>>()?,
            _ => {
                return Err(Error::decode(
                    "the export response had no 'exportFiles' list",
                ))
            }
        };
        for f in &files {
            Url::parse(f)
                .map_err(|e| Error::decode(format!("an export file URL is invalid: {e}")))?;
        }
        let expires = files
            .iter()
            .filter_map(|f| Url::parse(f).ok())
            .filter_map(|u| sas_expiry(&u))
            .min();
        let generated_time = body
            .get("generatedTime")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_owned();
        Ok(ExportFiles {
            files,
            generated_time,
            expires,
        })
    }

    /// Downloads one export file (the gzip bytes) as documented: a plain GET of the SAS URL, no
    /// bearer token, through the pipeline's retries and timeouts. An expired URL (past its `se`,
    /// or refused by the storage service with 403 `AuthenticationFailed`) is an error saying to
    /// call the export again; no message carries the URL's signature.
    pub async fn download(&self, url: &str) -> Result<Bytes> {
        let url = Url::parse(url)
            .map_err(|e| Error::invalid_argument(format!("an export file URL is invalid: {e}")))?;
        let expiry = sas_expiry(&url);
        let now: DateTime<Utc> = self.pipeline.shared.clock.system_now().into();
        if expiry.is_some_and(|se| se < now) {
            return Err(expired(&url, expiry));
        }
        let mut req = Request::new(&EXPORT_FILE_DOWNLOAD, url.clone());
        req.auth = AuthMode::None;
        match self.pipeline.send(req).await {
            Ok(r) => Ok(r.body),
            Err(e)
                if e.status == Some(403)
                    && (e.code.as_deref() == Some("AuthenticationFailed")
                        || e.message.contains("AuthenticationFailed")) =>
            {
                Err(expired(&url, expiry))
            }
            Err(e) => Err(e),
        }
    }

    /// How long until the earliest URL of `files` expires (`None` when none says).
    pub fn time_left(&self, files: &ExportFiles) -> Option<Duration> {
        let now: DateTime<Utc> = self.pipeline.shared.clock.system_now().into();
        files
            .expires
            .map(|e| (e - now).to_std().unwrap_or(Duration::ZERO))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_get_one_spelling() {
        for (from, to) in [
            ("OSPlatform", "osPlatform"),
            ("osPlatform", "osPlatform"),
            ("DeviceId", "deviceId"),
            ("CveId", "cveId"),
            ("Id", "id"),
            ("ID", "id"),
            ("RbacGroupId", "rbacGroupId"),
            ("IsOnboarded", "isOnboarded"),
            ("DeviceGatheredInfo", "deviceGatheredInfo"),
            ("KeySize", "keyLength"),
            ("ExpirationDate", "notAfter"),
            ("notAfter", "notAfter"),
        ] {
            assert_eq!(column_name(from), to, "{from}");
        }
    }

    #[test]
    fn pages_are_renamed_only_when_needed() {
        let body = br#"{"value":[{"DeviceId":"a","OSPlatform":"W"}],"@odata.nextLink":"x"}"#;
        let v: Value = serde_json::from_slice(&normalise_page(body).unwrap()).unwrap();
        assert_eq!(v["value"][0]["deviceId"], "a");
        assert_eq!(v["value"][0]["osPlatform"], "W");
        assert_eq!(v["@odata.nextLink"], "x");
        let same = br#"{"value":[{"deviceId":"a"}]}"#;
        assert_eq!(&normalise_page(same).unwrap()[..], &same[..]);
    }

    #[test]
    fn since_is_bounded_to_14_days() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        let t = parse_since("7d", now).unwrap();
        assert_eq!(t.timestamp(), 1_700_000_000 - 7 * 86_400);
        assert!(parse_since("15d", now).is_err());
        assert!(parse_since("2023-11-10T00:00:00Z", now).is_ok());
        assert!(parse_since("2023-11-10 00:00:00", now).is_ok());
        assert!(parse_since("2023-10-01T00:00:00Z", now).is_err());
        assert!(parse_since("yesterday", now).is_err());
    }

    #[test]
    fn file_descriptions_never_carry_the_signature() {
        let u = Url::parse("https://h.blob.core.windows.net/c/2021/part-1.json.gz?se=x&sig=SECRET")
            .unwrap();
        let d = describe_file(&u);
        assert!(
            !d.contains("SECRET") && d.ends_with("part-1.json.gz"),
            "{d}"
        );
        let e = expired(&u, None);
        assert!(!e.message.contains("SECRET"));
    }
}
