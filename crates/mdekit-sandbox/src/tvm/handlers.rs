//! The TVM reads, the machine update and the legacy find.
//!
//! Choices where the docs are silent: an unknown software, CVE, recommendation or remediation
//! id is a 404 `ResourceNotFound` (the machine pages' convention); a remediation id that is not
//! a GUID is a 400 `InvalidParameterValue` (the id is typed Guid); `/recommendations/{id}/software`
//! of a security-control recommendation is a 404. Lists page like the other OData lists: pages
//! of the configured size with an `@odata.nextLink`, or at most `$top` rows and no link.

use axum::extract::Request;
use axum::http::StatusCode;
use axum::response::Response;
use chrono::{Duration, Utc};
use serde_json::{json, Map, Value};

use super::model::Model;
use super::service::{
    json_body, json_response, next_link, odata_entity, odata_value, refuse, to_bytes, ODATA_JSON,
};
use super::{model, Route};
use crate::locks::{read as read_lock, write};
use crate::odata::{EntitySpec, Filter};
use crate::state::State;

const SOFTWARE: EntitySpec = EntitySpec {
    type_name: "Software",
    props: mdekit_spec::SOFTWARE_LIST.filterable,
};
const VULNERABILITY: EntitySpec = EntitySpec {
    type_name: "Vulnerability",
    props: mdekit_spec::VULNERABILITIES_LIST.filterable,
};
const RECOMMENDATION: EntitySpec = EntitySpec {
    type_name: "Recommendation",
    props: mdekit_spec::RECOMMENDATIONS_LIST.filterable,
};
const REMEDIATION: EntitySpec = EntitySpec {
    type_name: "RemediationTask",
    props: mdekit_spec::REMEDIATION_LIST.filterable,
};
const DEVICE_AV: EntitySpec = EntitySpec {
    type_name: "DeviceAvInfo",
    props: mdekit_spec::DEVICE_HEALTH_ANTIVIRUS.filterable,
};

const VULN_SET: &str = "Collection(Analytics.Contracts.PublicAPI.PublicVulnerabilityDto)";
const KB_SET: &str = "Collection(microsoft.windowsDefenderATP.api.PublicProductFixDto)";

fn not_found(what: &str, id: &str) -> Response {
    refuse(
        StatusCode::NOT_FOUND,
        "ResourceNotFound",
        &format!("{what} {id} was not found"),
    )
}

fn bad(code: &str, message: &str) -> Response {
    refuse(StatusCode::BAD_REQUEST, code, message)
}

struct ListQuery {
    filter: Option<Filter>,
    top: Option<usize>,
    skip: usize,
}

fn list_query(query: &str, spec: &EntitySpec, max_top: usize) -> Result<ListQuery, String> {
    let mut q = ListQuery {
        filter: None,
        top: None,
        skip: 0,
    };
    for (k, v) in form_urlencoded::parse(query.as_bytes()) {
        match k.to_ascii_lowercase().as_str() {
            "$filter" => q.filter = Some(Filter::parse(&v, spec)?),
            "$top" => {
                let n: usize = v.trim().parse().map_err(|_| {
                    format!("Invalid value '{v}' for $top: expected a non-negative integer.")
                })?;
                if n > max_top {
                    return Err(format!("The limit of '{max_top}' for Top query has been exceeded. The value from the incoming request is '{n}'."));
                }
                q.top = Some(n);
            }
            "$skip" => {
                q.skip = v.trim().parse().map_err(|_| {
                    format!("Invalid value '{v}' for $skip: expected a non-negative integer.")
                })?
            }
            "$expand" => {
                return Err(format!(
                    "Could not find a navigation property named '{v}' on type '{}' for $expand.",
                    spec.type_name
                ))
            }
            _ => {}
        }
    }
    Ok(q)
}

/// A collection as a list route serves it: its filterable properties, its `@odata.context`
/// set and the route (whose catalogue entry gives the largest `$top`).
struct Listing {
    spec: &'static EntitySpec,
    set: &'static str,
    route: Route,
}

/// An OData page of `items` (see the module doc).
fn page(
    st: &State,
    items: &[Map<String, Value>],
    listing: Listing,
    path: &str,
    query: &str,
) -> Response {
    let Listing { spec, set, route } = listing;
    let max_top = route.op().max_top.unwrap_or(10_000) as usize;
    let q = match list_query(query, spec, max_top) {
        Ok(q) => q,
        Err(m) => return bad("ODataError", &m),
    };
    let take = q.top.unwrap_or(st.config.page_size.max(1));
    let mut matching = items
        .iter()
        .filter(|e| q.filter.as_ref().is_none_or(|f| f.matches(e)))
        .skip(q.skip);
    let rows: Vec<Value> = matching
        .by_ref()
        .take(take)
        .map(|m| Value::Object(m.clone()))
        .collect();
    let more = matching.next().is_some();
    let mut body = json!({
        "@odata.context": format!("{}/api/$metadata#{set}", st.base_url),
        "value": rows,
    });
    if more && q.top.is_none() {
        let n = body["value"].as_array().map_or(0, Vec::len);
        body["@odata.nextLink"] = json!(next_link(&st.base_url, path, query, q.skip + n));
    }
    json_response(StatusCode::OK, ODATA_JSON, to_bytes(&body))
}

fn entity(st: &State, set: &str, m: &Map<String, Value>) -> Response {
    odata_entity(st, set, m, StatusCode::OK)
}

fn refs(st: &State, m: &Model, machines: impl IntoIterator<Item = usize>) -> Response {
    let mut seen = std::collections::BTreeSet::new();
    let items: Vec<Value> = machines
        .into_iter()
        .filter(|i| seen.insert(*i))
        .filter_map(|i| m.machines.get(i))
        .map(|(r, _)| Value::Object(r.clone()))
        .collect();
    odata_value(st, "MachineReferences", Value::Array(items))
}

fn vulns_of(m: &Model, cves: impl IntoIterator<Item = String>) -> Vec<Value> {
    cves.into_iter()
        .filter_map(|c| m.vulnerability_index.get(&c.to_lowercase()))
        .filter_map(|i| m.vulnerabilities.get(*i))
        .map(|v| Value::Object(v.clone()))
        .collect()
}

/// A KB's name, and the products, machines and CVEs it covers.
type Kb = (
    String,
    std::collections::BTreeSet<String>,
    std::collections::BTreeSet<usize>,
    std::collections::BTreeSet<String>,
);

/// The KBs missing on `installs`: one dict per KB with the machines and CVEs it covers.
fn kbs_of<'a>(m: &Model, installs: impl Iterator<Item = &'a model::Install>) -> Vec<Value> {
    let mut kbs: std::collections::BTreeMap<String, Kb> = Default::default();
    for i in installs {
        let product = i
            .software
            .split_once("-_-")
            .map_or(i.software.as_str(), |(_, p)| p);
        for c in &i.cves {
            let Some((kb, name)) = m.cves.get(c).and_then(|c| c.kb.clone()) else {
                continue;
            };
            let e = kbs.entry(kb).or_insert_with(|| {
                (
                    name,
                    Default::default(),
                    Default::default(),
                    Default::default(),
                )
            });
            e.1.insert(product.to_string());
            e.2.insert(i.machine);
            e.3.insert(c.clone());
        }
    }
    kbs.into_iter()
        .map(|(kb, (name, products, machines, cves))| {
            json!({
                "id": kb,
                "name": name,
                "productsNames": products,
                "url": format!("https://catalog.update.microsoft.com/v7/site/Search.aspx?q=KB{kb}"),
                "machineMissedOn": machines.len(),
                "cveAddressed": cves.len(),
            })
        })
        .collect()
}

fn lookup<'a>(
    items: &'a [Map<String, Value>],
    index: &std::collections::HashMap<String, usize>,
    id: &str,
) -> Option<&'a Map<String, Value>> {
    index.get(&id.to_lowercase()).and_then(|i| items.get(*i))
}

/// The GET routes of the model.
pub fn read(st: &State, route: Route, id: &str, path: &str, query: &str) -> Response {
    let m = model(st);
    match route {
        Route::SoftwareList => page(
            st,
            &m.software,
            Listing {
                spec: &SOFTWARE,
                set: "Software",
                route,
            },
            path,
            query,
        ),
        Route::SoftwareGet
        | Route::SoftwareDistributions
        | Route::SoftwareMachines
        | Route::SoftwareVulnerabilities
        | Route::SoftwareMissingKbs => {
            let Some(s) = lookup(&m.software, &m.software_index, id) else {
                return not_found("Software", id);
            };
            let sid = s
                .get("id")
                .and_then(Value::as_str)
                .unwrap_or(id)
                .to_string();
            match route {
                Route::SoftwareGet => entity(st, "Software", s),
                Route::SoftwareDistributions => {
                    let mut versions: std::collections::BTreeMap<&str, (usize, usize)> =
                        Default::default();
                    for i in m.installs_of(&sid) {
                        let e = versions.entry(i.version.as_str()).or_default();
                        e.0 += 1;
                        e.1 = e.1.max(i.cves.len());
                    }
                    let items: Vec<Value> = versions
                        .into_iter()
                        .map(|(v, (n, cves))| json!({"version": v, "installations": n, "vulnerabilities": cves}))
                        .collect();
                    odata_value(st, "Distributions", Value::Array(items))
                }
                Route::SoftwareMachines => refs(st, m, m.installs_of(&sid).map(|i| i.machine)),
                Route::SoftwareVulnerabilities => odata_value(
                    st,
                    VULN_SET,
                    Value::Array(vulns_of(m, m.software_cves(&sid))),
                ),
                _ => odata_value(st, KB_SET, Value::Array(kbs_of(m, m.installs_of(&sid)))),
            }
        }
        Route::VulnerabilitiesList => page(
            st,
            &m.vulnerabilities,
            Listing {
                spec: &VULNERABILITY,
                set: "Vulnerabilities",
                route,
            },
            path,
            query,
        ),
        Route::VulnerabilityGet | Route::VulnerabilityMachines => {
            let Some(v) = lookup(&m.vulnerabilities, &m.vulnerability_index, id) else {
                return not_found("Vulnerability", id);
            };
            if route == Route::VulnerabilityGet {
                entity(st, "Vulnerabilities", v)
            } else {
                refs(st, m, m.cve_machines(id))
            }
        }
        Route::ByMachine => page(
            st,
            &m.machine_rows,
            Listing {
                spec: &crate::odata::VULNERABILITIES,
                set: "Collection(microsoft.windowsDefenderATP.api.PublicAssetVulnerabilityDto)",
                route,
            },
            path,
            query,
        ),
        Route::RecommendationsList => page(
            st,
            &m.recommendations,
            Listing {
                spec: &RECOMMENDATION,
                set: "Recommendations",
                route,
            },
            path,
            query,
        ),
        Route::RecommendationGet
        | Route::RecommendationSoftware
        | Route::RecommendationMachines
        | Route::RecommendationVulnerabilities => {
            let Some(r) = lookup(&m.recommendations, &m.recommendation_index, id) else {
                return not_found("Recommendation", id);
            };
            match route {
                Route::RecommendationGet => entity(st, "Recommendations", r),
                Route::RecommendationSoftware => match m.recommendation_software(id) {
                    Some(s) => {
                        let body = json!({"@odata.context": format!("{}/api/$metadata#Analytics.Contracts.PublicAPI.PublicProductDto", st.base_url)});
                        let mut out = body.as_object().cloned().unwrap_or_default();
                        out.extend(s.clone());
                        json_response(StatusCode::OK, ODATA_JSON, to_bytes(&Value::Object(out)))
                    }
                    None => not_found("Software of recommendation", id),
                },
                Route::RecommendationMachines => refs(
                    st,
                    m,
                    m.recommendation_machines
                        .get(&id.to_lowercase())
                        .cloned()
                        .unwrap_or_default(),
                ),
                _ => {
                    let cves = id
                        .strip_prefix("va-_-")
                        .map(|s| m.software_cves(s))
                        .unwrap_or_default();
                    odata_value(st, VULN_SET, Value::Array(vulns_of(m, cves)))
                }
            }
        }
        Route::ExposureScore => {
            let body = json!({
                "@odata.context": format!("{}/api/$metadata#ExposureScore/$entity", st.base_url),
                "time": crate::time::fmt7(Utc::now()),
                "score": m.exposure(|_| true),
            });
            json_response(StatusCode::OK, ODATA_JSON, to_bytes(&body))
        }
        Route::ExposureByGroups => {
            let mut groups: std::collections::BTreeMap<String, Option<i64>> = Default::default();
            for (r, gid) in &m.machines {
                if let Some(g) = r.get("rbacGroupName").and_then(Value::as_str) {
                    groups.entry(g.to_string()).or_insert(*gid);
                }
            }
            let now = crate::time::fmt7(Utc::now());
            let items: Vec<Value> = groups
                .into_iter()
                .map(|(name, gid)| {
                    let score = m.exposure(|i| {
                        m.machines[i].0.get("rbacGroupName").and_then(Value::as_str)
                            == Some(name.as_str())
                    });
                    json!({"time": now, "score": score, "rbacGroupName": name, "rbacGroupId": gid})
                })
                .collect();
            odata_value(st, "ExposureScore", Value::Array(items))
        }
        Route::ConfigurationScore => {
            let body = json!({
                "@odata.context": format!("{}/api/$metadata#ConfigurationScore/$entity", st.base_url),
                "time": crate::time::fmt7(Utc::now()),
                "score": m.configuration_points,
            });
            json_response(StatusCode::OK, ODATA_JSON, to_bytes(&body))
        }
        Route::RemediationList => page(
            st,
            &m.remediation,
            Listing {
                spec: &REMEDIATION,
                set: "RemediationTasks",
                route,
            },
            path,
            query,
        ),
        Route::RemediationGet | Route::RemediationMachines => {
            if uuid::Uuid::parse_str(id).is_err() {
                return bad(
                    "InvalidParameterValue",
                    &format!("The remediation activity id '{id}' is not a valid GUID."),
                );
            }
            let Some(a) = lookup(&m.remediation, &m.remediation_index, id) else {
                return not_found("Remediation activity", id);
            };
            if route == Route::RemediationGet {
                entity(st, "RemediationTasks", a)
            } else {
                refs(
                    st,
                    m,
                    m.remediation_machines
                        .get(&id.to_lowercase())
                        .cloned()
                        .unwrap_or_default(),
                )
            }
        }
        Route::DeviceAv => page(
            st,
            &m.device_av,
            Listing {
                spec: &DEVICE_AV,
                set: "DeviceAvInfo",
                route,
            },
            path,
            query,
        ),
        Route::MachineFind => find(st, id),
        _ => not_found("Resource", path),
    }
}

/// `/api/machines/{id}/{software|vulnerabilities|recommendations|getmissingkbs}` from the
/// model, so a machine's lists agree with the organization-wide ones.
pub fn machine_list(st: &State, machine_id: &str, what: &str) -> Option<Value> {
    let m = model(st);
    let idx = *m.machine_index.get(&machine_id.to_lowercase())?;
    let installs = || m.installs.iter().filter(move |i| i.machine == idx);
    let items = match what {
        "software" => installs()
            .filter_map(|i| m.software_index.get(&i.software.to_lowercase()))
            .filter_map(|i| m.software.get(*i))
            .map(|s| Value::Object(s.clone()))
            .collect(),
        "vulnerabilities" => {
            let cves: std::collections::BTreeSet<String> =
                installs().flat_map(|i| i.cves.iter().cloned()).collect();
            vulns_of(m, cves)
        }
        "recommendations" => m
            .recommendations
            .iter()
            .filter(|r| {
                let id = r
                    .get("id")
                    .and_then(Value::as_str)
                    .unwrap_or("")
                    .to_lowercase();
                m.recommendation_machines
                    .get(&id)
                    .is_some_and(|ms| ms.contains(&idx))
            })
            .map(|r| Value::Object(r.clone()))
            .collect(),
        "getmissingkbs" => kbs_of(m, installs()),
        _ => return None,
    };
    Some(Value::Array(items))
}

/// `GET /api/machines/find(timestamp=...,key='...')`: machines with the IP, first seen no
/// later than 16 minutes after the timestamp; 404 when there are none (find-machine-info-by-ip).
fn find(st: &State, segment: &str) -> Response {
    let inner = segment
        .split_once('(')
        .and_then(|(_, r)| r.strip_suffix(')'))
        .unwrap_or("");
    let mut ip = None;
    let mut ts = None;
    for part in inner.split(',') {
        match part.split_once('=') {
            Some((k, v)) if k.trim().eq_ignore_ascii_case("key") => {
                ip = Some(v.trim().trim_matches('\'').to_owned())
            }
            Some((k, v)) if k.trim().eq_ignore_ascii_case("timestamp") => {
                ts = Some(v.trim().to_owned())
            }
            _ => {}
        }
    }
    let (Some(ip), Some(ts)) = (ip, ts) else {
        return bad(
            "MissingRequiredParameter",
            "Parameters timestamp and key are required",
        );
    };
    if ip.parse::<std::net::IpAddr>().is_err() {
        return bad("InvalidIpAddress", &format!("IP address {ip} is invalid"));
    }
    let Some(at) = crate::time::parse(&ts) else {
        return bad("InvalidInput", &format!("Invalid input timestamp: {ts}"));
    };
    if at < st.clock.now() - Duration::days(30) {
        return bad(
            "InvalidInput",
            "The timestamp must be within the last 30 days",
        );
    }
    let has_ip = |m: &Map<String, Value>| {
        m.get("lastIpAddress").and_then(Value::as_str) == Some(ip.as_str())
            || m.get("ipAddresses")
                .and_then(Value::as_array)
                .is_some_and(|a| {
                    a.iter()
                        .any(|i| i.get("ipAddress").and_then(Value::as_str) == Some(ip.as_str()))
                })
    };
    let found: Vec<Value> = read_lock(&st.machines)
        .items
        .iter()
        .filter(|e| has_ip(&e.value))
        .filter(|e| {
            e.value
                .get("firstSeen")
                .and_then(Value::as_str)
                .and_then(crate::time::parse)
                .is_none_or(|first| first <= at + Duration::minutes(16))
        })
        .map(|e| Value::Object(e.value.clone()))
        .collect();
    if found.is_empty() {
        return not_found("Machine with IP", &ip);
    }
    odata_value(st, "Machines", Value::Array(found))
}

/// `PATCH /api/machines/{id}`: `machineTags` (the whole set, replacing the current one) and
/// `deviceValue`; 200 with the machine.
pub async fn machine_update(st: &State, req: Request, id: &str) -> Response {
    let body = match json_body(req).await {
        Ok(b) => b,
        Err(r) => return r,
    };
    let get = |k: &str| {
        body.iter()
            .find(|(key, _)| key.eq_ignore_ascii_case(k))
            .map(|(_, v)| v.clone())
    };
    let tags = match get("machineTags") {
        None | Some(Value::Null) => None,
        Some(Value::Array(a))
            if a.iter()
                .all(|t| t.as_str().is_some_and(|s| !s.trim().is_empty())) =>
        {
            Some(a)
        }
        Some(v) => return bad("InvalidInput", &format!("Invalid input machineTags: {v}")),
    };
    let value = match get("deviceValue") {
        None | Some(Value::Null) => None,
        Some(Value::String(v)) if ["Normal", "Low", "High"].contains(&v.as_str()) => Some(v),
        Some(v) => return bad("InvalidInput", &format!("Invalid input deviceValue: {v}")),
    };
    if tags.is_none() && value.is_none() {
        return bad(
            "InvalidInput",
            "Only machineTags and deviceValue can be updated; the body has neither",
        );
    }
    match write(&st.machines).update(id, |m| {
        if let Some(t) = tags {
            m.insert("machineTags".into(), Value::Array(t));
        }
        if let Some(v) = value {
            m.insert("deviceValue".into(), json!(v));
        }
    }) {
        Some(m) => odata_entity(st, "Machines", &m, StatusCode::OK),
        None => not_found("Machine", id),
    }
}
