//! Machine reads and writes beyond list/get and the actions (reference `mde-api-core.md` §7.3): find by IP and by
//! tag, tags (one machine and many), device value, logon users, related alerts, software, vulnerabilities,
//! recommendations and missing KBs.
//!
//! Choices where the docs are silent: `findbyip` matches a machine whose `lastIpAddress` or `ipAddresses` holds the
//! IP and that was first seen no later than 15 minutes after the timestamp (the sandbox keeps no IP history);
//! removing a tag a machine does not have is a no-op; unknown ids in a multi-machine tag call are skipped; logon
//! users come from the machine's alerts; software, vulnerabilities, recommendations and missing KBs come from a
//! small per-platform catalogue.

use std::sync::Arc;

use axum::extract::{RawQuery, Request, State as AxState};
use axum::http::StatusCode;
use chrono::Duration;
use serde_json::{json, Map, Value};

use crate::error::{ApiError, ApiResult};
use crate::extract::{Args, Endpoint, Id};
use crate::respond::{odata_entity, odata_value, read_json_body};
use crate::state::{read, write, State};
use crate::time::parse;

/// The per-machine lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sub {
    LogonUsers,
    Alerts,
    Software,
    Vulnerabilities,
    Recommendations,
    MissingKbs,
}

impl Sub {
    /// The list of a route's catalogue entry.
    pub fn of(op: &mdekit_spec::Operation) -> Option<Sub> {
        [
            Sub::LogonUsers,
            Sub::Alerts,
            Sub::Software,
            Sub::Vulnerabilities,
            Sub::Recommendations,
            Sub::MissingKbs,
        ]
        .into_iter()
        .find(|k| k.op().id == op.id)
    }

    /// The catalogue entry: roles and quota come from there.
    pub fn op(self) -> &'static mdekit_spec::Operation {
        use mdekit_spec as s;
        match self {
            Sub::LogonUsers => &s::MACHINES_LOGON_USERS,
            Sub::Alerts => &s::MACHINES_ALERTS,
            Sub::Software => &s::MACHINES_SOFTWARE,
            Sub::Vulnerabilities => &s::MACHINES_VULNERABILITIES,
            Sub::Recommendations => &s::MACHINES_RECOMMENDATIONS,
            Sub::MissingKbs => &s::MACHINES_MISSING_KBS,
        }
    }
}

fn machine_not_found(id: &str) -> ApiError {
    ApiError::not_found(format!("Machine {id} was not found"))
}

fn has_ip(m: &Map<String, Value>, ip: &str) -> bool {
    m.get("lastIpAddress").and_then(Value::as_str) == Some(ip)
        || m.get("ipAddresses")
            .and_then(Value::as_array)
            .is_some_and(|a| {
                a.iter()
                    .any(|i| i.get("ipAddress").and_then(Value::as_str) == Some(ip))
            })
}

/// `GET /api/machines/findbyip(ip='...',timestamp=...)` (routed as `/FindByIp/{args}`).
pub async fn find_by_ip(AxState(st): AxState<Arc<State>>, Args(segment): Args) -> ApiResult {
    let inner = segment
        .split_once('(')
        .and_then(|(_, r)| r.strip_suffix(')'))
        .unwrap_or("");
    let mut ip = None;
    let mut ts = None;
    for part in inner.split(',') {
        match part.split_once('=') {
            Some((k, v)) if k.trim().eq_ignore_ascii_case("ip") => {
                ip = Some(v.trim().trim_matches('\'').to_owned())
            }
            Some((k, v)) if k.trim().eq_ignore_ascii_case("timestamp") => {
                ts = Some(v.trim().to_owned())
            }
            _ => {}
        }
    }
    let (Some(ip), Some(ts)) = (ip, ts) else {
        return Err(ApiError::bad_request(
            "MissingRequiredParameter",
            "Parameters ip and timestamp are required",
        ));
    };
    if ip.parse::<std::net::IpAddr>().is_err() {
        return Err(ApiError::bad_request(
            "InvalidIpAddress",
            format!("IP address {ip} is invalid"),
        ));
    }
    let Some(at) = parse(&ts) else {
        return Err(ApiError::bad_request(
            "InvalidInput",
            format!("Invalid input timestamp: {ts}"),
        ));
    };
    if at < st.clock.now() - Duration::days(30) {
        return Err(ApiError::bad_request(
            "InvalidInput",
            "The timestamp must be within the last 30 days",
        ));
    }
    let found: Vec<Value> = read(&st.machines)
        .items
        .iter()
        .filter(|e| has_ip(&e.value, &ip))
        .filter(|e| {
            e.value
                .get("firstSeen")
                .and_then(Value::as_str)
                .and_then(parse)
                .is_none_or(|first| first <= at + Duration::minutes(15))
        })
        .map(|e| Value::Object(e.value.clone()))
        .collect();
    Ok(odata_value(&st, "Machines", Value::Array(found)))
}

/// `GET /api/machines/findbytag?tag=...&useStartsWithFilter=...`.
pub async fn find_by_tag(AxState(st): AxState<Arc<State>>, RawQuery(query): RawQuery) -> ApiResult {
    let query = query.unwrap_or_default();
    let mut tag = None;
    let mut starts = false;
    for (k, v) in form_urlencoded::parse(query.as_bytes()) {
        if k.eq_ignore_ascii_case("tag") {
            tag = Some(v.into_owned());
        } else if k.eq_ignore_ascii_case("useStartsWithFilter") {
            starts = v.eq_ignore_ascii_case("true");
        }
    }
    let Some(tag) = tag.filter(|t| !t.is_empty()) else {
        return Err(ApiError::bad_request(
            "MissingRequiredParameter",
            "Parameter tag is missing",
        ));
    };
    let t = tag.to_lowercase();
    let found: Vec<Value> = read(&st.machines)
        .items
        .iter()
        .filter(|e| {
            e.value
                .get("machineTags")
                .and_then(Value::as_array)
                .is_some_and(|tags| {
                    tags.iter().filter_map(Value::as_str).any(|x| {
                        let x = x.to_lowercase();
                        if starts {
                            x.starts_with(&t)
                        } else {
                            x == t
                        }
                    })
                })
        })
        .map(|e| Value::Object(e.value.clone()))
        .collect();
    Ok(odata_value(&st, "Machines", Value::Array(found)))
}

/// Reads the `Value` and `Action` of a tag body.
fn tag_body(body: &Map<String, Value>) -> Result<(String, bool), (&'static str, String)> {
    let value = match body.get("Value") {
        Some(Value::String(v)) if !v.trim().is_empty() => v.clone(),
        None | Some(Value::Null) => {
            return Err((
                "MissingRequiredParameter",
                "Parameter Value is missing".into(),
            ))
        }
        Some(v) => return Err(("InvalidInput", format!("Invalid input Value: {v}"))),
    };
    let add = match body.get("Action").and_then(Value::as_str) {
        Some("Add") => true,
        Some("Remove") => false,
        None => {
            return Err((
                "MissingRequiredParameter",
                "Parameter Action is missing".into(),
            ))
        }
        Some(other) => return Err(("InvalidInput", format!("Invalid input Action: {other}"))),
    };
    Ok((value, add))
}

fn retag(m: &mut Map<String, Value>, tag: &str, add: bool) {
    let mut tags: Vec<Value> = m
        .get("machineTags")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    let present = tags.iter().any(|t| t.as_str() == Some(tag));
    if add && !present {
        tags.push(json!(tag));
    } else if !add {
        tags.retain(|t| t.as_str() != Some(tag));
    }
    m.insert("machineTags".into(), Value::Array(tags));
}

/// `POST /api/machines/{id}/tags`: 200 with the updated machine.
pub async fn tags(AxState(st): AxState<Arc<State>>, Id(id): Id, req: Request) -> ApiResult {
    let (st, id) = (&*st, id.as_str());
    let body = read_json_body(req).await?;
    let (tag, add) = match tag_body(&body) {
        Ok(t) => t,
        Err((code, m)) => return Err(ApiError::bad_request(code, m)),
    };
    match write(&st.machines).update(id, |m| retag(m, &tag, add)) {
        Some(m) => Ok(odata_entity(st, "Machines", &m, StatusCode::OK)),
        None => Err(machine_not_found(id)),
    }
}

/// `POST /api/machines/AddOrRemoveTagForMultipleMachines`: 200 with the updated machines.
pub async fn tags_many(AxState(st): AxState<Arc<State>>, req: Request) -> ApiResult {
    let st = &*st;
    let body = read_json_body(req).await?;
    let (tag, add) = match tag_body(&body) {
        Ok(t) => t,
        Err((code, m)) => return Err(ApiError::bad_request(code, m)),
    };
    let ids: Vec<String> = match body.get("MachineIds") {
        Some(Value::Array(a)) if a.len() > 500 => {
            return Err(ApiError::bad_request(
                "MaximumBatchSizeExceeded",
                format!(
                    "Maximum batch size exceeded. Received: {}, allowed: 500",
                    a.len()
                ),
            ))
        }
        Some(Value::Array(a)) if !a.is_empty() => a
            .iter()
            .filter_map(Value::as_str)
            .map(str::to_owned)
            .collect(),
        _ => {
            return Err(ApiError::bad_request(
                "MissingRequiredParameter",
                "Parameter MachineIds is missing",
            ))
        }
    };
    let mut store = write(&st.machines);
    let updated: Vec<Value> = ids
        .iter()
        .filter_map(|id| store.update(id, |m| retag(m, &tag, add)))
        .map(Value::Object)
        .collect();
    drop(store);
    Ok(odata_value(st, "Machines", Value::Array(updated)))
}

/// `POST /api/machines/{id}/setDeviceValue`: 200 with the updated machine.
pub async fn set_device_value(
    AxState(st): AxState<Arc<State>>,
    Id(id): Id,
    req: Request,
) -> ApiResult {
    let (st, id) = (&*st, id.as_str());
    let body = read_json_body(req).await?;
    let value = match body.get("DeviceValue") {
        Some(Value::String(v)) if ["Normal", "Low", "High"].contains(&v.as_str()) => v.clone(),
        None | Some(Value::Null) => {
            return Err(ApiError::bad_request(
                "MissingRequiredParameter",
                "Parameter DeviceValue is missing",
            ))
        }
        Some(v) => {
            return Err(ApiError::bad_request(
                "InvalidInput",
                format!("Invalid input DeviceValue: {v}"),
            ))
        }
    };
    match write(&st.machines).update(id, |m| {
        m.insert("deviceValue".into(), json!(value));
    }) {
        Some(m) => Ok(odata_entity(st, "Machines", &m, StatusCode::OK)),
        None => Err(machine_not_found(id)),
    }
}

struct Catalogue {
    software: &'static [(&'static str, &'static str, &'static str)],
    cves: &'static [(&'static str, &'static str, f64)],
    kbs: &'static [(&'static str, &'static str)],
}

const WINDOWS: Catalogue = Catalogue {
    software: &[
        ("microsoft-_-windows_10", "windows_10", "microsoft"),
        (
            "microsoft-_-edge_chromium-based",
            "edge_chromium-based",
            "microsoft",
        ),
        ("google-_-chrome", "chrome", "google"),
        ("7-zip-_-7-zip", "7-zip", "7-zip"),
    ],
    cves: &[
        ("CVE-2024-21338", "Critical", 7.8),
        ("CVE-2024-30051", "High", 7.8),
        ("CVE-2023-4863", "High", 8.8),
    ],
    kbs: &[
        ("5034441", "January 2024 Security Updates"),
        ("5036892", "April 2024 Security Updates"),
    ],
};

const OTHER: Catalogue = Catalogue {
    software: &[
        ("openssl-_-openssl", "openssl", "openssl"),
        ("mozilla-_-firefox", "firefox", "mozilla"),
    ],
    cves: &[
        ("CVE-2024-3094", "Critical", 10.0),
        ("CVE-2023-4863", "High", 8.8),
    ],
    kbs: &[],
};

fn catalogue_list(machine: &Map<String, Value>, what: Sub) -> Vec<Value> {
    let platform = machine
        .get("osPlatform")
        .and_then(Value::as_str)
        .unwrap_or("");
    let cat = if platform.starts_with("Windows") {
        &WINDOWS
    } else {
        &OTHER
    };
    let machine_id = machine.get("id").cloned().unwrap_or(Value::Null);
    match what {
        Sub::Software => cat
            .software
            .iter()
            .map(|(id, name, vendor)| {
                json!({"id": id, "name": name, "vendor": vendor, "weaknesses": cat.cves.len(),
                       "publicExploit": true, "activeAlert": false, "exposedMachines": 1,
                       "impactScore": 1.5})
            })
            .collect(),
        Sub::Vulnerabilities => cat
            .cves
            .iter()
            .map(|(cve, sev, score)| {
                json!({"id": cve, "name": cve, "description": format!("Summary of {cve}"),
                       "severity": sev, "cvssV3": score, "exposedMachines": 1,
                       "publishedOn": "2024-01-09T00:00:00Z", "updatedOn": "2024-02-01T00:00:00Z",
                       "publicExploit": true, "exploitVerified": false, "exploitInKit": false,
                       "exploitTypes": [], "exploitUris": []})
            })
            .collect(),
        Sub::Recommendations => cat
            .software
            .iter()
            .map(|(id, name, vendor)| {
                json!({"id": format!("va-_-{vendor}-_-{name}"), "productName": name,
                       "recommendationName": format!("Update {name}"), "weaknesses": cat.cves.len(),
                       "vendor": vendor, "recommendedVersion": "", "recommendationCategory": "Application",
                       "subCategory": "", "severityScore": 0.0, "publicExploit": true,
                       "activeAlert": false, "associatedThreats": [], "remediationType": "Update",
                       "status": "Active", "configScoreImpact": 0.0, "exposureImpact": 1.2,
                       "totalMachineCount": 1, "exposedMachinesCount": 1,
                       "nonProductivityImpactedAssets": 0, "relatedComponent": id})
            })
            .collect(),
        Sub::MissingKbs => cat
            .kbs
            .iter()
            .map(|(kb, name)| {
                json!({"id": kb, "name": name, "productsNames": ["windows_10"],
                       "url": format!("https://catalog.update.microsoft.com/v7/site/Search.aspx?q=KB{kb}"),
                       "machineMissedOn": 1, "cveAddressed": 1, "machineId": machine_id})
            })
            .collect(),
        Sub::LogonUsers | Sub::Alerts => Vec::new(),
    }
}

/// `GET /api/machines/{id}/{sub}`: 404 for an unknown machine.
pub async fn list(
    AxState(st): AxState<Arc<State>>,
    Endpoint(op): Endpoint,
    Id(id): Id,
) -> ApiResult {
    let (st, id) = (&*st, id.as_str());
    let what = Sub::of(op).ok_or_else(|| machine_not_found(id))?;
    let Some(machine) = read(&st.machines).find_by_id(id).map(|m| m.value.clone()) else {
        return Err(machine_not_found(id));
    };
    let machine_id = machine
        .get("id")
        .and_then(Value::as_str)
        .unwrap_or(id)
        .to_owned();
    let alerts: Vec<Map<String, Value>> = if matches!(what, Sub::Alerts | Sub::LogonUsers) {
        read(&st.alerts)
            .items
            .iter()
            .filter(|a| {
                a.value.get("machineId").and_then(Value::as_str) == Some(machine_id.as_str())
            })
            .map(|a| a.value.clone())
            .collect()
    } else {
        Vec::new()
    };
    let (set, items) = match what {
        Sub::Alerts => ("Alerts", alerts.into_iter().map(Value::Object).collect()),
        Sub::LogonUsers => {
            let mut users: Vec<Value> = Vec::new();
            for a in &alerts {
                let Some(u) = a.get("relatedUser").and_then(Value::as_object) else {
                    continue;
                };
                let name = u.get("userName").and_then(Value::as_str).unwrap_or("");
                let domain = u.get("domainName").and_then(Value::as_str).unwrap_or("");
                let id = format!("{}\\{}", domain.to_lowercase(), name);
                if users
                    .iter()
                    .any(|x| x.get("id").and_then(Value::as_str) == Some(id.as_str()))
                {
                    continue;
                }
                users.push(json!({
                    "id": id, "accountName": name, "accountDomain": domain, "accountSid": Value::Null,
                    "firstSeen": a.get("firstEventTime"), "lastSeen": a.get("lastEventTime"),
                    "mostPrevalentMachineId": Value::Null, "leastPrevalentMachineId": Value::Null,
                    "logonTypes": "Interactive", "logOnMachinesCount": 1,
                    "isDomainAdmin": false, "isOnlyNetworkUser": false,
                }));
            }
            ("Users", users)
        }
        Sub::Software => ("Software", catalogue_list(&machine, what)),
        Sub::Recommendations => ("Recommendations", catalogue_list(&machine, what)),
        Sub::Vulnerabilities => (
            "Collection(Analytics.Contracts.PublicAPI.PublicVulnerabilityDto)",
            catalogue_list(&machine, what),
        ),
        Sub::MissingKbs => (
            "Collection(microsoft.windowsDefenderATP.api.PublicProductFixDto)",
            catalogue_list(&machine, what),
        ),
    };
    Ok(odata_value(st, set, Value::Array(items)))
}
