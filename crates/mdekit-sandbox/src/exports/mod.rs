//! The export assessment APIs (reference `mde-api-rest.md` §5, §6): the JSON flavour paged with
//! `pageSize` and an opaque `$skiptoken`, the via-files flavour answering with SAS URLs, the
//! blob route serving those URLs as gzip JSON Lines, and the software-vulnerability delta.
//!
//! Rows come from `export_rows`, generated from the tenant's machines on demand. A file is written
//! once, the first time one of its URLs is fetched, to a spool folder on disk and served from
//! there, so a 1,000,000-record export never sits in the sandbox's memory. The file URLs carry
//! `sv`, `st`, `se`, `sr`, `sp` and `sig` like a read-only blob SAS; the sandbox checks the
//! signature and the expiry (on its clock) and answers 403 `AuthenticationFailed` as Azure
//! Storage does once `se` has passed.

use std::collections::HashMap;
use std::io::Write;
use std::path::PathBuf;
use std::sync::Arc;

use axum::body::Body;
use axum::extract::{OriginalUri, State as AxState};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::Response;
use base64::Engine;
use bytes::{BufMut, BytesMut};
use chrono::{DateTime, Duration, Utc};
use serde_json::{json, Value};

use crate::books::{ExportBlob as Blob, ExportBook};
use crate::error::{ApiError, ApiResult};
use crate::export_rows::{
    self as rows, bucket_start, snapshot_guid, Assessment, Flavour, Mach, Rows,
};
use crate::extract::Endpoint;
use crate::respond::{json_response, ODATA_JSON};
use crate::state::{lock, read, State, Store};
use mdekit_spec::Operation;

/// Documented page-size bounds of the JSON flavour.
const DEFAULT_PAGE_SIZE: usize = 50_000;
const MAX_PAGE_SIZE: usize = 200_000;
/// How far back the delta's `sinceTime` may reach.
const DELTA_DAYS: i64 = 14;

/// The export operations the sandbox serves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    Json(Assessment),
    Files(Assessment),
    Changes,
    PermissionsInfo,
    BaselineProfiles,
    BaselineConfigurations,
}

const NAMES: &[(&str, Op)] = &[
    (
        "secureconfigurationsassessmentbymachine",
        Op::Json(Assessment::SecureConfig),
    ),
    (
        "secureconfigurationsassessmentexport",
        Op::Files(Assessment::SecureConfig),
    ),
    (
        "softwareinventorybymachine",
        Op::Json(Assessment::SoftwareInventory),
    ),
    (
        "softwareinventoryexport",
        Op::Files(Assessment::SoftwareInventory),
    ),
    (
        "softwareinventorynoproductcodebymachine",
        Op::Json(Assessment::NonCpeSoftware),
    ),
    (
        "softwareinventorynoncpeexport",
        Op::Files(Assessment::NonCpeSoftware),
    ),
    (
        "softwarevulnerabilitiesbymachine",
        Op::Json(Assessment::SoftwareVulnerabilities),
    ),
    (
        "softwarevulnerabilitiesexport",
        Op::Files(Assessment::SoftwareVulnerabilities),
    ),
    ("softwarevulnerabilitychangesbymachine", Op::Changes),
    (
        "browserextensionsinventorybymachine",
        Op::Json(Assessment::BrowserExtensions),
    ),
    (
        "browserextensionsinventoryexport",
        Op::Files(Assessment::BrowserExtensions),
    ),
    (
        "certificateassessmentbymachine",
        Op::Json(Assessment::Certificates),
    ),
    (
        "certificateassessmentexport",
        Op::Files(Assessment::Certificates),
    ),
    (
        "baselinecomplianceassessmentbymachine",
        Op::Json(Assessment::Baselines),
    ),
    (
        "baselinecomplianceassessmentexport",
        Op::Files(Assessment::Baselines),
    ),
    (
        "hardwarefirmwareinventorybymachine",
        Op::Json(Assessment::HardwareFirmware),
    ),
    (
        "hardwarefirmwareinventoryexport",
        Op::Files(Assessment::HardwareFirmware),
    ),
    ("infogatheringexport", Op::Files(Assessment::InfoGathering)),
];

const STATIC: &[Op] = &[
    Op::PermissionsInfo,
    Op::BaselineProfiles,
    Op::BaselineConfigurations,
];

impl Op {
    /// The export operation a catalogue entry is (the route's `Endpoint`).
    pub fn of(entry: &Operation) -> Option<Op> {
        NAMES
            .iter()
            .map(|(_, op)| *op)
            .chain(STATIC.iter().copied())
            .find(|op| op.op().id == entry.id)
    }

    /// The catalogue entry: roles and quota family come from there.
    pub fn op(self) -> &'static Operation {
        use mdekit_spec as s;
        use Assessment as A;
        match self {
            Op::Json(A::SecureConfig) => &s::EXPORTS_SECURE_CONFIGURATIONS,
            Op::Files(A::SecureConfig) => &s::EXPORTS_SECURE_CONFIGURATIONS_FILES,
            Op::Json(A::SoftwareInventory) => &s::EXPORTS_SOFTWARE_INVENTORY,
            Op::Files(A::SoftwareInventory) => &s::EXPORTS_SOFTWARE_INVENTORY_FILES,
            Op::Json(A::NonCpeSoftware) => &s::EXPORTS_NON_CPE_SOFTWARE,
            Op::Files(A::NonCpeSoftware) => &s::EXPORTS_NON_CPE_SOFTWARE_FILES,
            Op::Json(A::SoftwareVulnerabilities) => &s::EXPORTS_SOFTWARE_VULNERABILITIES,
            Op::Files(A::SoftwareVulnerabilities) => &s::EXPORTS_SOFTWARE_VULNERABILITIES_FILES,
            Op::Changes => &s::EXPORTS_SOFTWARE_VULNERABILITY_CHANGES,
            Op::Json(A::BrowserExtensions) => &s::EXPORTS_BROWSER_EXTENSIONS,
            Op::Files(A::BrowserExtensions) => &s::EXPORTS_BROWSER_EXTENSIONS_FILES,
            Op::PermissionsInfo => &s::EXPORTS_BROWSER_EXTENSION_PERMISSIONS,
            Op::Json(A::Certificates) => &s::EXPORTS_CERTIFICATES,
            Op::Files(A::Certificates) => &s::EXPORTS_CERTIFICATES_FILES,
            Op::Json(A::Baselines) => &s::EXPORTS_SECURITY_BASELINES,
            Op::Files(A::Baselines) => &s::EXPORTS_SECURITY_BASELINES_FILES,
            Op::BaselineProfiles => &s::EXPORTS_BASELINE_PROFILES,
            Op::BaselineConfigurations => &s::EXPORTS_BASELINE_CONFIGURATIONS,
            Op::Json(A::HardwareFirmware) => &s::EXPORTS_HARDWARE_FIRMWARE,
            Op::Files(A::HardwareFirmware) => &s::EXPORTS_HARDWARE_FIRMWARE_FILES,
            // Information gathering has no JSON flavour; the route table never yields it.
            Op::Json(A::InfoGathering) | Op::Files(A::InfoGathering) => {
                &s::EXPORTS_INFORMATION_GATHERING_FILES
            }
        }
    }
}

/// The spool folder, created on first use (removed when the sandbox's state is dropped).
fn spool_dir(book: &ExportBook) -> std::io::Result<PathBuf> {
    let mut spool = lock(&book.spool);
    if let Some(d) = spool.as_ref() {
        return Ok(d.clone());
    }
    let dir = std::env::temp_dir().join(format!(
        "mdekit-sandbox-exports-{}-{}",
        std::process::id(),
        uuid::Uuid::new_v4().simple()
    ));
    std::fs::create_dir_all(&dir)?;
    *spool = Some(dir.clone());
    Ok(dir)
}

fn snapshot(st: &State) -> Rows {
    let machines = read(&st.machines)
        .items
        .iter()
        .map(|e| Mach::from_entity(&e.value))
        .collect();
    Rows {
        seed: st.config.seed,
        machines,
        vulnerability_records: st.config.export_records,
        generated: bucket_start(st.clock.now()),
    }
}

fn bad_request(message: &str) -> ApiResult {
    Err(ApiError::bad_request("InvalidInput", message))
}

/// Query parameters by lower-cased name (the docs and the service's own links differ in case).
fn params(query: &str) -> HashMap<String, String> {
    form_urlencoded::parse(query.as_bytes())
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_owned()))
        .collect()
}

/// Every export route: which one comes from its catalogue entry.
pub async fn handle(
    AxState(st): AxState<Arc<State>>,
    Endpoint(entry): Endpoint,
    OriginalUri(uri): OriginalUri,
) -> ApiResult {
    let Some(op) = Op::of(entry) else {
        return Err(ApiError::not_found(format!(
            "Resource {} was not found.",
            uri.path()
        )));
    };
    let (path, query) = (uri.path(), uri.query().unwrap_or(""));
    let st = &*st;
    match op {
        Op::Json(a) => json_page(st, Some(a), path, query),
        Op::Changes => json_page(st, None, path, query),
        Op::Files(a) => files(st, a, query),
        Op::PermissionsInfo => static_list(st, path, query, Static::Permissions),
        Op::BaselineProfiles => static_list(st, path, query, Static::Profiles),
        Op::BaselineConfigurations => static_list(st, path, query, Static::Configurations),
    }
}

/// The documented skiptoken shape (§0.3): the snapshot's time path, a file index and a line.
fn skiptoken(generated: DateTime<Utc>, position: usize, per_file: usize) -> String {
    let token = json!({
        "ExportDefinition": {"TimePath": generated.format("%Y-%m-%d/%H%M/").to_string()},
        "ExportFileIndex": position / per_file,
        "LineStoppedAt": position % per_file,
    });
    base64::engine::general_purpose::STANDARD.encode(token.to_string())
}

fn read_skiptoken(token: &str, per_file: usize) -> Option<usize> {
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(token.trim())
        .ok()?;
    let v: Value = serde_json::from_slice(&bytes).ok()?;
    let file = v.get("ExportFileIndex")?.as_u64()? as usize;
    let line = v.get("LineStoppedAt")?.as_u64()? as usize;
    file.checked_mul(per_file)?.checked_add(line)
}

/// One page of a JSON export (`assessment`), or of the delta when `assessment` is `None`.
fn json_page(st: &State, assessment: Option<Assessment>, path: &str, query: &str) -> ApiResult {
    let p = params(query);
    let page_size = match p.get("pagesize") {
        None => DEFAULT_PAGE_SIZE,
        Some(v) => match v.parse::<usize>() {
            Ok(n) if (1..=MAX_PAGE_SIZE).contains(&n) => n,
            _ => {
                return bad_request(&format!(
                    "pageSize must be a number from 1 to {MAX_PAGE_SIZE}, got '{v}'."
                ))
            }
        },
    };
    let top = match p.get("$top").map(|v| v.parse::<usize>()) {
        None => None,
        Some(Ok(n)) => Some(n),
        Some(Err(_)) => return bad_request("Invalid value for $top."),
    };
    let per_file = st.config.export_file_records.max(1);
    let start = match p.get("$skiptoken") {
        None => 0,
        Some(t) => match read_skiptoken(t, per_file) {
            Some(n) => n,
            None => return bad_request("The $skiptoken is not valid."),
        },
    };
    let rows = snapshot(st);
    let since = if assessment.is_none() {
        let Some(raw) = p.get("sincetime") else {
            return bad_request("sinceTime is required.");
        };
        let Some(since) = crate::time::parse(raw) else {
            return bad_request(&format!("sinceTime '{raw}' is not a valid date-time."));
        };
        if since < st.clock.now() - Duration::days(DELTA_DAYS) {
            return bad_request(&format!(
                "sinceTime must be within the last {DELTA_DAYS} days."
            ));
        }
        Some(bucket_start(since))
    } else {
        None
    };
    let want = top.map_or(page_size, |t| t.min(page_size));
    let (total, context) = match assessment {
        Some(a) => (rows.count(a), a.context()),
        None => (
            rows.count(Assessment::SoftwareVulnerabilities),
            "Collection(microsoft.windowsDefenderATP.api.DeltaAssetVulnerability)",
        ),
    };
    let mut body = BytesMut::with_capacity(64 * 1024);
    body.put_slice(
        format!(
            "{{\"@odata.context\":\"{}/api/$metadata#{context}\",\"value\":[",
            st.base_url
        )
        .as_bytes(),
    );
    let mut n = 0;
    let mut i = start;
    while i < total && n < want {
        let row = match (assessment, since) {
            (Some(a), _) => rows.row(a, i, Flavour::Json),
            (None, Some(since)) => match rows.change(i) {
                Some((_, when)) if when >= since => rows.change_row(i),
                _ => None,
            },
            (None, None) => None,
        };
        i += 1;
        let Some(row) = row else { continue };
        if n > 0 {
            body.put_u8(b',');
        }
        let mut w = (&mut body).writer();
        let _ = serde_json::to_writer(&mut w, &row);
        n += 1;
    }
    body.put_u8(b']');
    // The delta scans for changed rows: more may follow even when this page is short.
    if top.is_none() && i < total {
        let mut link = format!(
            "{}{path}?pagesize={page_size}&$skiptoken={}",
            st.base_url,
            skiptoken(rows.generated, i, per_file)
        );
        if let Some(raw) = p.get("sincetime") {
            let enc: String = form_urlencoded::byte_serialize(raw.as_bytes()).collect();
            link.push_str(&format!("&sincetime={enc}"));
        }
        body.put_slice(b",\"@odata.nextLink\":");
        body.put_slice(&serde_json::to_vec(&link).unwrap_or_default());
    }
    body.put_u8(b'}');
    Ok(json_response(StatusCode::OK, ODATA_JSON, body.freeze()))
}

fn sas_time(t: DateTime<Utc>) -> String {
    t.format("%Y-%m-%dT%H%%3A%M%%3A%SZ").to_string()
}

/// `GET /api/machines/*Export`: one SAS URL per file of the latest snapshot.
fn files(st: &State, a: Assessment, query: &str) -> ApiResult {
    let p = params(query);
    let (max_hours, default_hours) = a.sas_hours();
    // The information-gathering example writes `$sasValidHours`.
    let hours = match p.get("sasvalidhours").or_else(|| p.get("$sasvalidhours")) {
        None => default_hours,
        Some(v) => match v.parse::<i64>() {
            Ok(h) if (1..=max_hours).contains(&h) => h,
            _ => {
                return bad_request(&format!(
                    "sasValidHours must be a whole number from 1 to {max_hours}."
                ))
            }
        },
    };
    let rows = Arc::new(snapshot(st));
    let total = rows.count(a);
    let per_file = st.config.export_file_records.max(1);
    let now = st.clock.now();
    let expires = now + Duration::hours(hours);
    let generated = rows.generated;
    let guid = snapshot_guid(st.config.seed, a, generated);
    let container = if a == Assessment::HardwareFirmware {
        "tvm-firmware-export"
    } else {
        "tvm-export"
    };
    let mut urls = Vec::new();
    let mut blobs = lock(&st.exports.blobs);
    for (index, first) in (0..total).step_by(per_file).enumerate() {
        let path = format!(
            "/{container}/{}/{}/json/OrgId={}/_RbacGroupId=0/part-{index:05}-{guid}.c000.json.gz",
            generated.format("%Y-%m-%d/%H%M"),
            a.export_name(),
            st.tenant_id
        );
        let sig = uuid::Uuid::new_v4().simple().to_string();
        urls.push(format!(
            "{}{path}?sv=2019-12-12&st={}&se={}&sr=b&sp=r&sig={sig}",
            st.base_url,
            sas_time(now - Duration::minutes(5)),
            sas_time(expires)
        ));
        blobs.insert(
            sig,
            Blob {
                rows: rows.clone(),
                assessment: a,
                first,
                len: per_file.min(total - first),
                path,
                expires,
                starts: now - Duration::minutes(5),
            },
        );
    }
    let body = json!({
        "@odata.context": format!(
            "{}/api/$metadata#microsoft.windowsDefenderATP.api.ExportFilesResponse",
            st.base_url
        ),
        "exportFiles": urls,
        "generatedTime": generated.format("%Y-%m-%dT%H:%M:%SZ").to_string(),
    });
    Ok(json_response(
        StatusCode::OK,
        ODATA_JSON,
        crate::respond::to_bytes(&body),
    ))
}

/// Azure Storage's error body (XML) with its `x-ms-error-code` header.
fn storage_error(status: StatusCode, code: &str, message: &str, detail: &str) -> Response {
    let now = crate::time::fmt7(Utc::now());
    let rid = uuid::Uuid::new_v4();
    let body = format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?><Error><Code>{code}</Code><Message>{message}\n\
         RequestId:{rid}\nTime:{now}</Message><AuthenticationErrorDetail>{detail}\
         </AuthenticationErrorDetail></Error>"
    );
    let mut r = Response::new(Body::from(body));
    *r.status_mut() = status;
    let h = r.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/xml"),
    );
    if let Ok(v) = HeaderValue::from_str(code) {
        h.insert("x-ms-error-code", v);
    }
    if let Ok(v) = HeaderValue::from_str(&rid.to_string()) {
        h.insert("x-ms-request-id", v);
    }
    r
}

fn http_date(t: DateTime<Utc>) -> String {
    t.format("%a, %d %b %Y %H:%M:%S GMT").to_string()
}

/// `GET /tvm-export/...json.gz?...&sig=...`: the file, no bearer token needed (a blob SAS).
pub async fn blob(AxState(st): AxState<Arc<State>>, OriginalUri(uri): OriginalUri) -> Response {
    let (path, query) = (uri.path(), uri.query().unwrap_or(""));
    const AUTH_FAILED: &str = "Server failed to authenticate the request. Make sure the value \
                               of Authorization header is formed correctly including the \
                               signature.";
    let sig = form_urlencoded::parse(query.as_bytes())
        .find(|(k, _)| k == "sig")
        .map(|(_, v)| v.into_owned())
        .unwrap_or_default();
    let hit = lock(&st.exports.blobs).get(&sig).cloned();
    let Some(blob) = hit.filter(|b| b.path == path) else {
        return storage_error(
            StatusCode::FORBIDDEN,
            "AuthenticationFailed",
            AUTH_FAILED,
            "Signature did not match.",
        );
    };
    let now = st.clock.now();
    if now > blob.expires {
        return storage_error(
            StatusCode::FORBIDDEN,
            "AuthenticationFailed",
            AUTH_FAILED,
            &format!(
                "Signature not valid in the specified time frame: Start [{}] - Expiry [{}] - \
                 Current [{}]",
                http_date(blob.starts),
                http_date(blob.expires),
                http_date(now)
            ),
        );
    }
    let bytes: Vec<u8> = match spooled(&st, &blob).await {
        Ok(b) => b,
        Err(e) => {
            return storage_error(
                StatusCode::INTERNAL_SERVER_ERROR,
                "InternalError",
                &format!("The sandbox could not write the export file: {e}"),
                "",
            )
        }
    };
    let mut r = Response::new(Body::from(bytes));
    let h = r.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/octet-stream"),
    );
    h.insert("x-ms-blob-type", HeaderValue::from_static("BlockBlob"));
    h.insert("x-ms-version", HeaderValue::from_static("2019-12-12"));
    r
}

/// The bytes of `blob`'s file in the spool folder, written (gzip JSON Lines) on first use.
/// Concurrent first requests may both write it; each writes a temporary file and renames it
/// into place, and the content is deterministic, so either result is the file.
async fn spooled(st: &Arc<State>, blob: &Blob) -> std::io::Result<Vec<u8>> {
    let dir = spool_dir(&st.exports)?;
    let name = blob.path.trim_start_matches('/').replace(['/', '='], "_");
    let file = dir.join(name);
    let blob = blob.clone();
    tokio::task::spawn_blocking(move || {
        if !file.exists() {
            write_file(&blob, &file)?;
        }
        std::fs::read(&file)
    })
    .await
    .map_err(std::io::Error::other)?
}

fn write_file(blob: &Blob, target: &std::path::Path) -> std::io::Result<()> {
    let tmp = target.with_extension(format!("tmp-{}", uuid::Uuid::new_v4().simple()));
    {
        let out = std::io::BufWriter::with_capacity(1 << 20, std::fs::File::create(&tmp)?);
        let mut gz = flate2::write::GzEncoder::new(out, flate2::Compression::fast());
        for i in blob.first..blob.first + blob.len {
            if let Some(row) = blob.rows.row(blob.assessment, i, Flavour::File) {
                serde_json::to_writer(&mut gz, &row)?;
                gz.write_all(b"\n")?;
            }
        }
        gz.finish()?.flush()?;
    }
    std::fs::rename(&tmp, target)
}

#[derive(Clone, Copy)]
enum Static {
    Permissions,
    Profiles,
    Configurations,
}

fn static_list(st: &State, path: &str, query: &str, what: Static) -> ApiResult {
    use crate::odata::EntitySpec;
    let items: Vec<Value> = match what {
        Static::Permissions => [
            (
                "audioCapture",
                "Audio capture",
                "Capture audio from the microphone.",
            ),
            ("browsingData", "Browsing data", "Clear browsing data."),
            (
                "content_security_policy",
                "Content security policy",
                "Set a content security policy.",
            ),
            ("storage", "Storage", "Store and read data locally."),
            ("tabs", "Tabs", "Read the URLs and titles of open tabs."),
        ]
        .iter()
        .map(|(k, n, d)| json!({"key": k, "permissionName": n, "description": d}))
        .collect(),
        Static::Profiles => (0..2u64)
            .map(|k| {
                json!({
                    "id": rows::profile_guid(st.config.seed, k),
                    "name": format!("CIS Windows baseline {}", k + 1),
                    "description": "Synthetic baseline profile",
                    "benchmark": "CIS",
                    "version": "1.4.0",
                    "operatingSystem": "Windows11",
                    "operatingSystemVersion": "22H2",
                    "status": true,
                    "complianceLevel": "Level 1 (L1) - Corporate/Enterprise Environment",
                    "settingsNumber": 40 + k,
                    "createdBy": "admin@contoso-sandbox.onmicrosoft.com",
                    "lastUpdatedBy": "admin@contoso-sandbox.onmicrosoft.com",
                    "createdOnTimestampUTC": "2024-01-10T09:00:00Z",
                    "lastUpdateTimestampUTC": "2024-02-01T09:00:00Z",
                    "passedDevices": 10 + k,
                    "totalDevices": 20,
                })
            })
            .collect(),
        Static::Configurations => (1..=9u64)
            .map(|k| {
                json!({
                    "id": format!("9.3.{k}"),
                    "uniqueId": format!("CIS_1.4.0-windows_server_2016_9.3.{k}"),
                    "benchmarkName": "CIS",
                    "benchmarkVersion": "1.4.0",
                    "name": format!("Ensure setting 9.3.{k} is configured"),
                    "description": "<p>Synthetic configuration.</p>",
                    "category": "Public Profile",
                    "complianceLevels": ["Level 1 (L1) - Corporate/Enterprise Environment"],
                    "cce": format!("CCE-35{k:03}-3"),
                    "rationale": "<p>Why.</p>",
                    "remediation": "<p>How.</p>",
                    "recommendedValue": ["Equals '1'"],
                    "source": [format!("hklm\\software\\policies\\9.3.{k}")],
                    "isCustom": false,
                })
            })
            .collect(),
    };
    let (spec, set) = match what {
        Static::Permissions => (
            EntitySpec {
                type_name: "BrowserExtension",
                props: &[],
            },
            "BrowserExtension",
        ),
        Static::Profiles => (
            EntitySpec {
                type_name: "PublicBaselineProfileDto",
                props: mdekit_spec::EXPORTS_BASELINE_PROFILES.filterable,
            },
            "Collection(microsoft.windowsDefenderATP.api.PublicBaselineProfileDto)",
        ),
        Static::Configurations => (
            EntitySpec {
                type_name: "BaselineConfiguration",
                props: mdekit_spec::EXPORTS_BASELINE_CONFIGURATIONS.filterable,
            },
            "BaselineConfigurations",
        ),
    };
    let mut store = Store::default();
    for v in items {
        if let Value::Object(m) = v {
            store.push(m);
        }
    }
    crate::respond::list(st, &store, &spec, set, path, query)
}
