//! Entity pivots: files, IPs, domains and users (reference `mde-api-rest.md` §2).
//!
//! Missing entities behave per endpoint as documented: an unknown file is 404 for the file and its stats; related
//! alerts and machines of an unseen file, IP, domain or user are an empty collection; IP and domain stats of an
//! unseen address report zero prevalence; a malformed IP is 400. Facts come from alert evidence and the hunting
//! tables (`DeviceProcessEvents` for files, `DeviceNetworkEvents` for IPs and domains, when present).

use std::collections::BTreeSet;
use std::net::IpAddr;

use std::sync::Arc;

use axum::extract::{RawQuery, State as AxState};
use axum::http::StatusCode;
use chrono::{DateTime, Duration, Utc};
use serde_json::{json, Map, Value};

use crate::error::{ApiError, ApiResult};
use crate::extract::{Endpoint, Id};
use crate::respond::odata_entity;
use crate::state::{read, State};
use crate::time::{fmt7, parse};

/// What a pivot route asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pivot {
    File,
    FileStats,
    FileAlerts,
    FileMachines,
    IpStats,
    IpAlerts,
    DomainStats,
    DomainAlerts,
    DomainMachines,
    UserAlerts,
    UserMachines,
}

impl Pivot {
    /// The pivot of a route's catalogue entry.
    pub fn of(op: &mdekit_spec::Operation) -> Option<Pivot> {
        [
            Pivot::File,
            Pivot::FileStats,
            Pivot::FileAlerts,
            Pivot::FileMachines,
            Pivot::IpStats,
            Pivot::IpAlerts,
            Pivot::DomainStats,
            Pivot::DomainAlerts,
            Pivot::DomainMachines,
            Pivot::UserAlerts,
            Pivot::UserMachines,
        ]
        .into_iter()
        .find(|p| p.op().id == op.id)
    }

    /// The catalogue entry: roles and quota come from there.
    pub fn op(self) -> &'static mdekit_spec::Operation {
        use mdekit_spec as s;
        match self {
            Pivot::File => &s::FILES_GET,
            Pivot::FileStats => &s::FILES_STATS,
            Pivot::FileAlerts => &s::FILES_ALERTS,
            Pivot::FileMachines => &s::FILES_MACHINES,
            Pivot::IpStats => &s::IPS_STATS,
            Pivot::IpAlerts => &s::IPS_ALERTS,
            Pivot::DomainStats => &s::DOMAINS_STATS,
            Pivot::DomainAlerts => &s::DOMAINS_ALERTS,
            Pivot::DomainMachines => &s::DOMAINS_MACHINES,
            Pivot::UserAlerts => &s::USERS_ALERTS,
            Pivot::UserMachines => &s::USERS_MACHINES,
        }
    }
}

fn collection(st: &State, set: &str, items: Vec<Value>) -> ApiResult {
    Ok(crate::respond::odata_value(st, set, Value::Array(items)))
}

fn lookback(query: &str) -> Result<Duration, String> {
    for (k, v) in form_urlencoded::parse(query.as_bytes()) {
        if k.eq_ignore_ascii_case("lookBackHours") {
            let h: i64 = v
                .trim()
                .parse()
                .map_err(|_| format!("Invalid input lookBackHours: {v}"))?;
            if !(1..=720).contains(&h) {
                return Err(format!("lookBackHours must be between 1 and 720, got {h}"));
            }
            return Ok(Duration::hours(h));
        }
    }
    Ok(Duration::days(30))
}

fn host_of(url: &str) -> Option<String> {
    let rest = url.split_once("://").map(|(_, r)| r).unwrap_or(url);
    let host = rest.split(['/', '?', '#', ':']).next()?;
    (!host.is_empty()).then(|| host.to_ascii_lowercase())
}

fn evidence_has(alert: &Map<String, Value>, test: impl Fn(&Map<String, Value>) -> bool) -> bool {
    alert
        .get("evidence")
        .and_then(Value::as_array)
        .is_some_and(|ev| ev.iter().filter_map(Value::as_object).any(test))
}

fn alerts_where(st: &State, test: impl Fn(&Map<String, Value>) -> bool) -> Vec<Map<String, Value>> {
    read(&st.alerts)
        .items
        .iter()
        .filter(|a| test(&a.value))
        .map(|a| a.value.clone())
        .collect()
}

fn machines_of(st: &State, ids: impl IntoIterator<Item = String>, cap: usize) -> Vec<Value> {
    let machines = read(&st.machines);
    let unique: BTreeSet<String> = ids.into_iter().collect();
    unique
        .iter()
        .filter_map(|id| {
            machines
                .find_by_id(id)
                .map(|m| Value::Object(m.value.clone()))
        })
        .take(cap)
        .collect()
}

/// Hunting rows of `table` since `since` whose `column` satisfies `test`: (device id, timestamp, row).
fn rows<'a>(
    st: &'a State,
    table: &str,
    since: DateTime<Utc>,
    test: impl Fn(&Map<String, Value>) -> bool + 'a,
) -> Vec<(String, DateTime<Utc>, &'a Map<String, Value>)> {
    let Some(t) = st.tables.get(table) else {
        return Vec::new();
    };
    t.rows
        .iter()
        .filter(|r| test(r))
        .filter_map(|r| {
            let ts = r.get("Timestamp").and_then(Value::as_str).and_then(parse)?;
            let dev = r.get("DeviceId").and_then(Value::as_str)?.to_owned();
            (ts >= since).then_some((dev, ts, r))
        })
        .collect()
}

fn prevalence(hits: &[(String, DateTime<Utc>, &Map<String, Value>)]) -> (usize, Value, Value) {
    let devices: BTreeSet<&str> = hits.iter().map(|(d, _, _)| d.as_str()).collect();
    let first = hits.iter().map(|(_, t, _)| *t).min();
    let last = hits.iter().map(|(_, t, _)| *t).max();
    let stamp = |t: Option<DateTime<Utc>>| t.map_or(Value::Null, |t| json!(fmt7(t)));
    (devices.len(), stamp(first), stamp(last))
}

fn file_hash_matches(e: &Map<String, Value>, hash: &str) -> bool {
    ["sha1", "sha256", "SHA1", "SHA256"].iter().any(|k| {
        e.get(*k)
            .and_then(Value::as_str)
            .is_some_and(|h| h.eq_ignore_ascii_case(hash))
    })
}

/// `GET /api/{files|ips|domains|users}/{id}[/{stats|alerts|machines}]`; `lookBackHours` for stats.
pub async fn handle(
    AxState(st): AxState<Arc<State>>,
    Endpoint(op): Endpoint,
    Id(key): Id,
    RawQuery(query): RawQuery,
) -> ApiResult {
    let what = Pivot::of(op)
        .ok_or_else(|| ApiError::not_found(format!("Resource {key} was not found")))?;
    pivot(&st, what, &key, query.as_deref().unwrap_or(""))
}

fn pivot(st: &State, what: Pivot, key: &str, query: &str) -> ApiResult {
    let now = st.clock.now();
    let since = match lookback(query) {
        Ok(d) => now - d,
        Err(m) => return Err(ApiError::bad_request("InvalidInput", &m)),
    };
    match what {
        Pivot::File | Pivot::FileStats | Pivot::FileAlerts | Pivot::FileMachines => {
            let hex = key.chars().all(|c| c.is_ascii_hexdigit());
            let sha1_only = matches!(what, Pivot::FileAlerts | Pivot::FileMachines);
            if !hex || !(key.len() == 40 || (!sha1_only && key.len() == 64)) {
                return Err(ApiError::bad_request(
                    "InvalidHashValue",
                    format!("Hash value {key} is invalid"),
                ));
            }
            let alerts = alerts_where(st, |a| evidence_has(a, |e| file_hash_matches(e, key)));
            let events = rows(st, "DeviceProcessEvents", now - Duration::days(3650), |r| {
                file_hash_matches(r, key)
            });
            match what {
                Pivot::FileAlerts => collection(
                    st,
                    "Alerts",
                    alerts.into_iter().map(Value::Object).collect(),
                ),
                Pivot::FileMachines => {
                    let ids = alerts
                        .iter()
                        .filter_map(|a| {
                            a.get("machineId")
                                .and_then(Value::as_str)
                                .map(str::to_owned)
                        })
                        .chain(events.iter().map(|(d, _, _)| d.clone()));
                    collection(st, "Machines", machines_of(st, ids, usize::MAX))
                }
                _ => {
                    let evidence = alerts.iter().find_map(|a| {
                        a.get("evidence")?
                            .as_array()?
                            .iter()
                            .filter_map(Value::as_object)
                            .find(|e| file_hash_matches(e, key))
                            .cloned()
                    });
                    let event = events.first().map(|(_, _, r)| (*r).clone());
                    let pick = |ev: &str, row: &str| {
                        evidence
                            .as_ref()
                            .and_then(|e| e.get(ev).cloned())
                            .filter(|v| !v.is_null())
                            .or_else(|| event.as_ref().and_then(|r| r.get(row).cloned()))
                            .unwrap_or(Value::Null)
                    };
                    if evidence.is_none() && event.is_none() {
                        return Err(ApiError::not_found(format!("File {key} was not found")));
                    }
                    let (sha1, sha256, name) = (
                        pick("sha1", "SHA1"),
                        pick("sha256", "SHA256"),
                        pick("fileName", "FileName"),
                    );
                    let recent: Vec<_> = events
                        .iter()
                        .filter(|(_, t, _)| *t >= since)
                        .cloned()
                        .collect();
                    let (org, first, last) = prevalence(&recent);
                    if what == Pivot::FileStats {
                        let mut names: Vec<Value> = recent
                            .iter()
                            .filter_map(|(_, _, r)| r.get("FileName").cloned())
                            .collect();
                        if names.is_empty() && !name.is_null() {
                            names.push(name.clone());
                        }
                        names.dedup();
                        let mut m = Map::new();
                        for (k, v) in [
                            ("sha1", sha1),
                            ("organizationPrevalence", json!(org)),
                            ("orgFirstSeen", first.clone()),
                            ("orgLastSeen", last.clone()),
                            ("globallyPrevalence", json!(1_000 + org * 37)),
                            ("globalFirstObserved", first),
                            ("globalLastObserved", last),
                            ("topFileNames", Value::Array(names)),
                        ] {
                            m.insert(k.into(), v);
                        }
                        return stats(st, "microsoft.windowsDefenderATP.api.InOrgFileStats", m);
                    }
                    let mut m = Map::new();
                    for (k, v) in [
                        ("sha1", sha1),
                        ("sha256", sha256),
                        ("md5", pick("md5", "MD5")),
                        ("globalPrevalence", json!(1_000 + org * 37)),
                        ("globalFirstObserved", first),
                        ("globalLastObserved", last),
                        ("size", json!(180_224)),
                        ("fileType", Value::Null),
                        (
                            "isPeFile",
                            json!(name
                                .as_str()
                                .is_some_and(|n| n.ends_with(".exe") || n.ends_with(".dll"))),
                        ),
                        ("filePublisher", Value::Null),
                        ("fileProductName", Value::Null),
                        ("signer", Value::Null),
                        ("issuer", Value::Null),
                        ("signerHash", Value::Null),
                        ("isValidCertificate", json!(false)),
                        ("determinationType", json!("Unknown")),
                        ("determinationValue", json!("")),
                    ] {
                        m.insert(k.into(), v);
                    }
                    Ok(odata_entity(st, "Files", &m, StatusCode::OK))
                }
            }
        }
        Pivot::IpStats | Pivot::IpAlerts => {
            if key.parse::<IpAddr>().is_err() {
                return Err(ApiError::bad_request(
                    "InvalidIpAddress",
                    format!("IP address {key} is invalid"),
                ));
            }
            if what == Pivot::IpAlerts {
                let alerts = alerts_where(st, |a| {
                    evidence_has(a, |e| {
                        e.get("ipAddress").and_then(Value::as_str) == Some(key)
                    })
                });
                return collection(
                    st,
                    "Alerts",
                    alerts.into_iter().map(Value::Object).collect(),
                );
            }
            let hits = rows(st, "DeviceNetworkEvents", since, |r| {
                r.get("RemoteIP").and_then(Value::as_str) == Some(key)
            });
            let (org, first, last) = prevalence(&hits);
            let mut m = Map::new();
            for (k, v) in [
                ("ipAddress", json!(key)),
                ("organizationPrevalence", json!(org)),
                ("orgFirstSeen", first),
                ("orgLastSeen", last),
            ] {
                m.insert(k.into(), v);
            }
            stats(st, "microsoft.windowsDefenderATP.api.InOrgIPStats", m)
        }
        Pivot::DomainStats | Pivot::DomainAlerts | Pivot::DomainMachines => {
            let d = key.to_ascii_lowercase();
            let hits = rows(st, "DeviceNetworkEvents", since, |r| {
                r.get("RemoteUrl")
                    .and_then(Value::as_str)
                    .and_then(host_of)
                    .as_deref()
                    == Some(d.as_str())
            });
            match what {
                Pivot::DomainAlerts => {
                    let alerts = alerts_where(st, |a| {
                        evidence_has(a, |e| {
                            e.get("url")
                                .and_then(Value::as_str)
                                .and_then(host_of)
                                .as_deref()
                                == Some(d.as_str())
                        })
                    });
                    collection(
                        st,
                        "Alerts",
                        alerts.into_iter().map(Value::Object).collect(),
                    )
                }
                Pivot::DomainMachines => {
                    let ids: Vec<String> = hits.iter().map(|(dev, _, _)| dev.clone()).collect();
                    collection(st, "Machines", machines_of(st, ids, 500))
                }
                _ => {
                    let (org, first, last) = prevalence(&hits);
                    let mut m = Map::new();
                    for (k, v) in [
                        ("host", json!(d)),
                        ("organizationPrevalence", json!(org)),
                        ("orgFirstSeen", first),
                        ("orgLastSeen", last),
                    ] {
                        m.insert(k.into(), v);
                    }
                    stats(st, "microsoft.windowsDefenderATP.api.InOrgDomainStats", m)
                }
            }
        }
        Pivot::UserAlerts | Pivot::UserMachines => {
            let alerts = alerts_where(st, |a| {
                a.get("relatedUser")
                    .and_then(|u| u.get("userName"))
                    .and_then(Value::as_str)
                    .is_some_and(|u| u.eq_ignore_ascii_case(key))
            });
            if what == Pivot::UserAlerts {
                return collection(
                    st,
                    "Alerts",
                    alerts.into_iter().map(Value::Object).collect(),
                );
            }
            let ids = alerts.iter().filter_map(|a| {
                a.get("machineId")
                    .and_then(Value::as_str)
                    .map(str::to_owned)
            });
            collection(st, "Machines", machines_of(st, ids, usize::MAX))
        }
    }
}

fn stats(st: &State, context: &str, m: Map<String, Value>) -> ApiResult {
    let mut body = Map::new();
    body.insert(
        "@odata.context".into(),
        json!(format!("{}/api/$metadata#{context}", st.base_url)),
    );
    body.extend(m);
    Ok(crate::respond::odata(
        StatusCode::OK,
        crate::respond::to_bytes(&Value::Object(body)),
    ))
}
