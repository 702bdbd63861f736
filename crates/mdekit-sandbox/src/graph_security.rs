//! Microsoft Graph security incidents and alerts (v2), derived from the tenant's MDE alerts.
//!
//! A Graph alert is the MDE alert with the same id, seen through Graph's schema: enum values in
//! camelCase, evidence as typed objects (`#microsoft.graph.security.deviceEvidence` with
//! `mdeDeviceId`, process, file and user evidence). Updates and comments write through to the MDE
//! alert, so both APIs keep showing the same status. An incident gathers the alerts that carry
//! its `incidentId`; what an update sets on the incident itself is kept in [`Book`].
//! Pages: security-list-incidents, security-incident-get/update/post-comments,
//! security-list-alerts_v2, security-alert-get/update/post-comments (Graph v1.0).

use std::collections::BTreeMap;

use std::sync::Arc;

use axum::extract::{OriginalUri, RawQuery, Request, State as AxState};
use axum::http::StatusCode;
use serde_json::{json, Map, Value};

use crate::books::IncidentState;
use crate::error::{ApiError, ApiResult};
use crate::extract::{Caller, Id};
use crate::odata::{EntitySpec, Filter};
use crate::respond::{json_response, next_link, read_json_body, to_bytes, ODATA_JSON};
use crate::state::{lock, read, write, State};
use crate::time::fmt7;

const GRAPH_CONTEXT: &str = "https://graph.microsoft.com/v1.0/$metadata";

const INCIDENTS: EntitySpec = EntitySpec {
    type_name: "microsoft.graph.security.incident",
    props: mdekit_spec::INCIDENTS_LIST.filterable,
};
const ALERTS: EntitySpec = EntitySpec {
    type_name: "microsoft.graph.security.alert",
    props: mdekit_spec::SECURITY_ALERTS_LIST.filterable,
};

/// An incident with the Graph alerts it gathers.
type WithAlerts = (Map<String, Value>, Vec<Map<String, Value>>);

/// `InProgress` -> `inProgress`: Graph's enums are the MDE names in camelCase.
fn camel(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_lowercase().chain(c).collect(),
        None => String::new(),
    }
}

fn pascal(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

fn camel_or_unknown(v: Option<&Value>) -> Value {
    match v.and_then(Value::as_str) {
        Some(s) if !s.is_empty() => json!(camel(s)),
        _ => json!("unknown"),
    }
}

fn detection_source(mde: Option<&str>) -> &'static str {
    match mde.unwrap_or("") {
        "WindowsDefenderAv" => "antivirus",
        "CustomerTI" => "customTi",
        "CustomDetection" => "customDetection",
        "AutomatedInvestigation" => "automatedInvestigation",
        "WindowsDefenderSmartScreen" => "smartScreen",
        "MTP" => "microsoft365Defender",
        _ => "microsoftDefenderForEndpoint",
    }
}

fn graph_comment(c: &Value) -> Value {
    json!({
        "@odata.type": "#microsoft.graph.security.alertComment",
        "comment": c.get("comment").cloned().unwrap_or(Value::Null),
        "createdByDisplayName": c.get("createdBy").cloned().unwrap_or(Value::Null),
        "createdDateTime": c.get("createdTime").cloned().unwrap_or(Value::Null),
    })
}

fn evidence_base(kind: &str, created: &Value) -> Map<String, Value> {
    let mut m = Map::new();
    m.insert(
        "@odata.type".into(),
        json!(format!("#microsoft.graph.security.{kind}")),
    );
    m.insert("createdDateTime".into(), created.clone());
    m.insert("verdict".into(), json!("suspicious"));
    m.insert("remediationStatus".into(), json!("none"));
    m.insert("remediationStatusDetails".into(), Value::Null);
    m.insert("roles".into(), json!([]));
    m.insert("detailedRoles".into(), json!([]));
    m.insert("tags".into(), json!([]));
    m
}

fn file_details(e: &Map<String, Value>, name: &str, path: &str) -> Value {
    json!({
        "sha1": e.get("sha1").cloned().unwrap_or(Value::Null),
        "sha256": e.get("sha256").cloned().unwrap_or(Value::Null),
        "fileName": e.get(name).cloned().unwrap_or(Value::Null),
        "filePath": e.get(path).cloned().unwrap_or(Value::Null),
        "fileSize": Value::Null,
        "filePublisher": Value::Null,
        "signer": Value::Null,
        "issuer": Value::Null,
    })
}

fn detection_status(e: &Map<String, Value>) -> Value {
    camel_or_unknown(e.get("detectionStatus"))
}

/// The alert's evidence as Graph's typed objects; the device comes first, from the machine the
/// MDE alert names.
fn evidence(st: &State, a: &Map<String, Value>, created: &Value) -> Vec<Value> {
    let mut out = Vec::new();
    let machine_id = a.get("machineId").and_then(Value::as_str).unwrap_or("");
    if !machine_id.is_empty() {
        let mut d = evidence_base("deviceEvidence", created);
        let machines = read(&st.machines);
        let m = machines.find_by_id(machine_id).map(|e| e.value.clone());
        drop(machines);
        let f = |k: &str| {
            m.as_ref()
                .and_then(|m| m.get(k))
                .cloned()
                .unwrap_or(Value::Null)
        };
        d.insert("roles".into(), json!(["compromised"]));
        d.insert("firstSeenDateTime".into(), f("firstSeen"));
        d.insert("mdeDeviceId".into(), json!(machine_id));
        d.insert("azureAdDeviceId".into(), f("aadDeviceId"));
        d.insert(
            "deviceDnsName".into(),
            a.get("computerDnsName").cloned().unwrap_or(Value::Null),
        );
        d.insert("osPlatform".into(), f("osPlatform"));
        d.insert("osBuild".into(), f("osBuild"));
        d.insert("version".into(), f("version"));
        d.insert(
            "healthStatus".into(),
            camel_or_unknown(m.as_ref().and_then(|m| m.get("healthStatus"))),
        );
        d.insert(
            "riskScore".into(),
            camel_or_unknown(m.as_ref().and_then(|m| m.get("riskScore"))),
        );
        d.insert("rbacGroupId".into(), f("rbacGroupId"));
        d.insert("rbacGroupName".into(), f("rbacGroupName"));
        d.insert(
            "onboardingStatus".into(),
            camel_or_unknown(m.as_ref().and_then(|m| m.get("onboardingStatus"))),
        );
        d.insert("defenderAvStatus".into(), json!("unknown"));
        let ip = f("lastIpAddress");
        d.insert(
            "ipInterfaces".into(),
            if ip.is_null() { json!([]) } else { json!([ip]) },
        );
        d.insert("loggedOnUsers".into(), json!([]));
        d.insert(
            "tags".into(),
            match f("machineTags") {
                v @ Value::Array(_) => v,
                _ => json!([]),
            },
        );
        d.insert("vmMetadata".into(), Value::Null);
        out.push(Value::Object(d));
    }
    let items = match a.get("evidence") {
        Some(Value::Array(items)) => items.as_slice(),
        _ => &[],
    };
    for item in items {
        let Some(e) = item.as_object() else { continue };
        let kind = e.get("entityType").and_then(Value::as_str).unwrap_or("");
        let mut g = match kind {
            "Process" => {
                let mut g = evidence_base("processEvidence", created);
                g.insert(
                    "processId".into(),
                    e.get("processId").cloned().unwrap_or(Value::Null),
                );
                g.insert(
                    "parentProcessId".into(),
                    e.get("parentProcessId").cloned().unwrap_or(Value::Null),
                );
                g.insert(
                    "processCommandLine".into(),
                    e.get("processCommandLine").cloned().unwrap_or(Value::Null),
                );
                g.insert(
                    "processCreationDateTime".into(),
                    e.get("processCreationTime").cloned().unwrap_or(Value::Null),
                );
                g.insert(
                    "parentProcessCreationDateTime".into(),
                    e.get("parentProcessCreationTime")
                        .cloned()
                        .unwrap_or(Value::Null),
                );
                g.insert("detectionStatus".into(), detection_status(e));
                g.insert("imageFile".into(), file_details(e, "fileName", "filePath"));
                g.insert(
                    "parentProcessImageFile".into(),
                    file_details(&Map::new(), "", "")
                        .as_object()
                        .cloned()
                        .map(|mut m| {
                            m.insert(
                                "fileName".into(),
                                e.get("parentProcessFileName")
                                    .cloned()
                                    .unwrap_or(Value::Null),
                            );
                            m.insert(
                                "filePath".into(),
                                e.get("parentProcessFilePath")
                                    .cloned()
                                    .unwrap_or(Value::Null),
                            );
                            Value::Object(m)
                        })
                        .unwrap_or(Value::Null),
                );
                g.insert("userAccount".into(), Value::Null);
                g
            }
            "File" => {
                let mut g = evidence_base("fileEvidence", created);
                g.insert("detectionStatus".into(), detection_status(e));
                g.insert(
                    "fileDetails".into(),
                    file_details(e, "fileName", "filePath"),
                );
                g
            }
            "User" => {
                let mut g = evidence_base("userEvidence", created);
                g.insert("userAccount".into(), json!({
                    "accountName": e.get("accountName").cloned().unwrap_or(Value::Null),
                    "domainName": e.get("domainName").cloned().unwrap_or(Value::Null),
                    "userSid": e.get("userSid").cloned().unwrap_or(Value::Null),
                    "azureAdUserId": e.get("aadUserId").cloned().unwrap_or(Value::Null),
                    "userPrincipalName": e.get("userPrincipalName").cloned().unwrap_or(Value::Null),
                    "displayName": Value::Null,
                }));
                g
            }
            "Ip" => {
                let mut g = evidence_base("ipEvidence", created);
                g.insert(
                    "ipAddress".into(),
                    e.get("ipAddress").cloned().unwrap_or(Value::Null),
                );
                g
            }
            "Url" => {
                let mut g = evidence_base("urlEvidence", created);
                g.insert("url".into(), e.get("url").cloned().unwrap_or(Value::Null));
                g
            }
            "Registry" | "RegistryValue" | "RegistryKey" => {
                let mut g = evidence_base("registryKeyEvidence", created);
                g.insert(
                    "registryKey".into(),
                    e.get("registryKey").cloned().unwrap_or(Value::Null),
                );
                g.insert(
                    "registryHive".into(),
                    e.get("registryHive").cloned().unwrap_or(Value::Null),
                );
                g
            }
            _ => continue,
        };
        if !machine_id.is_empty() && kind != "User" {
            g.insert("mdeDeviceId".into(), json!(machine_id));
        }
        out.push(Value::Object(g));
    }
    out
}

/// The MDE alert seen as a `microsoft.graph.security.alert`.
fn graph_alert(st: &State, a: &Map<String, Value>) -> Map<String, Value> {
    let g = |k: &str| a.get(k).cloned().unwrap_or(Value::Null);
    let id = a.get("id").and_then(Value::as_str).unwrap_or("").to_owned();
    let incident = match a.get("incidentId") {
        Some(Value::Number(n)) => json!(n.to_string()),
        Some(Value::String(s)) => json!(s),
        _ => Value::Null,
    };
    let created = g("alertCreationTime");
    let web = "https://security.microsoft.com";
    let comments: Vec<Value> = match a.get("comments") {
        Some(Value::Array(c)) => c.iter().map(graph_comment).collect(),
        _ => Vec::new(),
    };
    let mut m = Map::new();
    m.insert(
        "@odata.type".into(),
        json!("#microsoft.graph.security.alert"),
    );
    m.insert("id".into(), json!(id));
    m.insert("providerAlertId".into(), json!(id));
    m.insert("incidentId".into(), incident.clone());
    m.insert("status".into(), camel_or_unknown(a.get("status")));
    m.insert("severity".into(), camel_or_unknown(a.get("severity")));
    m.insert(
        "classification".into(),
        camel_or_unknown(a.get("classification")),
    );
    m.insert(
        "determination".into(),
        camel_or_unknown(a.get("determination")),
    );
    m.insert(
        "serviceSource".into(),
        json!("microsoftDefenderForEndpoint"),
    );
    m.insert(
        "detectionSource".into(),
        json!(detection_source(
            a.get("detectionSource").and_then(Value::as_str)
        )),
    );
    m.insert("detectorId".into(), g("detectorId"));
    m.insert("tenantId".into(), json!(st.tenant_id));
    m.insert("title".into(), g("title"));
    m.insert("description".into(), g("description"));
    m.insert("recommendedActions".into(), json!(""));
    m.insert("category".into(), g("category"));
    m.insert("assignedTo".into(), g("assignedTo"));
    m.insert(
        "alertWebUrl".into(),
        json!(format!("{web}/alerts/{id}?tid={}", st.tenant_id)),
    );
    m.insert(
        "incidentWebUrl".into(),
        match incident.as_str() {
            Some(i) => json!(format!("{web}/incidents/{i}?tid={}", st.tenant_id)),
            None => Value::Null,
        },
    );
    m.insert("actorDisplayName".into(), Value::Null);
    m.insert("threatDisplayName".into(), g("threatName"));
    m.insert("threatFamilyName".into(), g("threatFamilyName"));
    m.insert(
        "mitreTechniques".into(),
        match g("mitreTechniques") {
            v @ Value::Array(_) => v,
            _ => json!([]),
        },
    );
    m.insert("createdDateTime".into(), created.clone());
    m.insert("lastUpdateDateTime".into(), g("lastUpdateTime"));
    m.insert("resolvedDateTime".into(), g("resolvedTime"));
    m.insert("firstActivityDateTime".into(), g("firstEventTime"));
    m.insert("lastActivityDateTime".into(), g("lastEventTime"));
    m.insert("comments".into(), Value::Array(comments));
    m.insert("evidence".into(), Value::Array(evidence(st, a, &created)));
    m.insert("systemTags".into(), json!([]));
    m
}

fn all_alerts(st: &State) -> Vec<Map<String, Value>> {
    let store = read(&st.alerts);
    let raw: Vec<Map<String, Value>> = store.items.iter().map(|e| e.value.clone()).collect();
    drop(store);
    raw.iter().map(|a| graph_alert(st, a)).collect()
}

fn severity_rank(s: &str) -> u8 {
    match s {
        "high" => 4,
        "medium" => 3,
        "low" => 2,
        "informational" => 1,
        _ => 0,
    }
}

fn max_str(a: &[Map<String, Value>], key: &str, min: bool) -> Value {
    let it = a.iter().filter_map(|x| x.get(key).and_then(Value::as_str));
    let v = if min { it.min() } else { it.max() };
    v.map(|s| json!(s)).unwrap_or(Value::Null)
}

/// Every incident, newest first (the pages: "the most recent incidents are displayed at the
/// top"), each with its alerts.
fn all_incidents(st: &State) -> Vec<WithAlerts> {
    let mut groups: BTreeMap<String, Vec<Map<String, Value>>> = BTreeMap::new();
    for a in all_alerts(st) {
        if let Some(id) = a.get("incidentId").and_then(Value::as_str) {
            groups.entry(id.to_owned()).or_default().push(a);
        }
    }
    let book = lock(&st.graph);
    let mut out: Vec<WithAlerts> = groups
        .into_iter()
        .map(|(id, alerts)| {
            let state = book.incidents.get(&id).cloned().unwrap_or_default();
            (incident(st, &id, &alerts, &state), alerts)
        })
        .collect();
    out.sort_by(|a, b| {
        let k = |m: &Map<String, Value>| {
            m.get("createdDateTime")
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_owned()
        };
        k(&b.0).cmp(&k(&a.0))
    });
    out
}

fn incident(
    st: &State,
    id: &str,
    alerts: &[Map<String, Value>],
    state: &IncidentState,
) -> Map<String, Value> {
    let all_resolved = alerts
        .iter()
        .all(|a| a.get("status").and_then(Value::as_str) == Some("resolved"));
    let severity = alerts
        .iter()
        .filter_map(|a| a.get("severity").and_then(Value::as_str))
        .max_by_key(|s| severity_rank(s))
        .unwrap_or("unknown");
    let devices: std::collections::BTreeSet<&str> = alerts
        .iter()
        .flat_map(|a| {
            a.get("evidence")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
        })
        .filter_map(|e| e.get("mdeDeviceId").and_then(Value::as_str))
        .collect();
    let title = alerts
        .first()
        .and_then(|a| a.get("title"))
        .and_then(Value::as_str)
        .unwrap_or("Incident");
    let display = match (alerts.len(), devices.len()) {
        (1, _) => title.to_owned(),
        (n, d) => format!("{title} and {} other alerts on {d} endpoints", n - 1),
    };
    let assigned = alerts
        .iter()
        .find_map(|a| a.get("assignedTo").filter(|v| !v.is_null()).cloned())
        .unwrap_or(Value::Null);
    let mut last = max_str(alerts, "lastUpdateDateTime", false);
    if let Some(u) = &state.updated {
        if last.as_str().is_none_or(|l| l < u.as_str()) {
            last = json!(u);
        }
    }
    let mut m = Map::new();
    m.insert(
        "@odata.type".into(),
        json!("#microsoft.graph.security.incident"),
    );
    m.insert("id".into(), json!(id));
    m.insert(
        "incidentWebUrl".into(),
        json!(format!(
            "https://security.microsoft.com/incidents/{id}?tid={}",
            st.tenant_id
        )),
    );
    m.insert("redirectIncidentId".into(), Value::Null);
    m.insert("tenantId".into(), json!(st.tenant_id));
    m.insert("displayName".into(), json!(display));
    m.insert(
        "createdDateTime".into(),
        max_str(alerts, "createdDateTime", true),
    );
    m.insert("lastUpdateDateTime".into(), last);
    m.insert("assignedTo".into(), assigned);
    m.insert("classification".into(), json!("unknown"));
    m.insert("determination".into(), json!("unknown"));
    m.insert(
        "status".into(),
        json!(if all_resolved { "resolved" } else { "active" }),
    );
    m.insert("severity".into(), json!(severity));
    m.insert("customTags".into(), json!([]));
    m.insert("comments".into(), Value::Array(state.comments.clone()));
    m.insert("systemTags".into(), json!([]));
    m.insert("description".into(), json!(""));
    for (k, v) in &state.fields {
        m.insert(k.clone(), v.clone());
    }
    m
}

struct Options {
    filter: Option<Filter>,
    top: Option<usize>,
    skip: usize,
    count: bool,
    expand_alerts: bool,
}

fn options(query: &str, spec: &EntitySpec, expandable: bool) -> Result<Options, String> {
    let mut o = Options {
        filter: None,
        top: None,
        skip: 0,
        count: false,
        expand_alerts: false,
    };
    for (k, v) in form_urlencoded::parse(query.as_bytes()) {
        match k.to_ascii_lowercase().as_str() {
            "$filter" => o.filter = Some(Filter::parse(&v, spec)?),
            "$top" => {
                o.top = Some(v.trim().parse().map_err(|_| {
                    format!("Invalid value '{v}' for $top: expected a non-negative integer.")
                })?)
            }
            "$skip" => {
                o.skip = v.trim().parse().map_err(|_| {
                    format!("Invalid value '{v}' for $skip: expected a non-negative integer.")
                })?
            }
            "$count" => {
                o.count = match v.trim().to_ascii_lowercase().as_str() {
                    "true" => true,
                    "false" => false,
                    _ => {
                        return Err(format!(
                            "Invalid value '{v}' for $count: expected true or false."
                        ))
                    }
                }
            }
            "$expand" => {
                for item in v.split(',').map(str::trim).filter(|s| !s.is_empty()) {
                    if expandable && item.eq_ignore_ascii_case("alerts") {
                        o.expand_alerts = true;
                    } else {
                        return Err(format!(
                            "Could not find a navigation property named '{item}' on type '{}' for $expand.",
                            spec.type_name
                        ));
                    }
                }
            }
            _ => {}
        }
    }
    Ok(o)
}

fn ok(body: Value) -> ApiResult {
    Ok(json_response(StatusCode::OK, ODATA_JSON, to_bytes(&body)))
}

fn not_found(what: &str, id: &str) -> ApiError {
    ApiError::new(
        StatusCode::NOT_FOUND,
        "NotFound",
        format!("{what} {id} was not found."),
    )
}

/// One page: `$top` items (capped by the sandbox's page size) and an `@odata.nextLink` with the
/// next `$skip` while more match, as Graph pages.
fn page(
    st: &State,
    path: &str,
    query: &str,
    set: &str,
    items: Vec<Value>,
    o: &Options,
) -> ApiResult {
    let total = items.len();
    let size = o
        .top
        .unwrap_or(st.config.page_size)
        .min(st.config.page_size)
        .max(1);
    let value: Vec<Value> = items.into_iter().skip(o.skip).take(size).collect();
    let mut body = Map::new();
    body.insert(
        "@odata.context".into(),
        json!(format!("{GRAPH_CONTEXT}#security/{set}")),
    );
    if o.count {
        body.insert("@odata.count".into(), json!(total));
    }
    let n = value.len();
    body.insert("value".into(), Value::Array(value));
    if o.skip + n < total && n > 0 {
        body.insert(
            "@odata.nextLink".into(),
            json!(next_link(&st.base_url, path, query, o.skip + n)),
        );
    }
    ok(Value::Object(body))
}

/// `GET /v1.0/security/incidents` (`$filter`, `$top`, `$skip`, `$count`, `$expand=alerts`).
pub async fn list_incidents(
    AxState(st): AxState<Arc<State>>,
    OriginalUri(uri): OriginalUri,
) -> ApiResult {
    let (st, path, query) = (&*st, uri.path(), uri.query().unwrap_or(""));
    let o = match options(query, &INCIDENTS, true) {
        Ok(o) => o,
        Err(m) => return Err(ApiError::bad_request("BadRequest", m)),
    };
    let items: Vec<Value> = all_incidents(st)
        .into_iter()
        .filter(|(i, _)| o.filter.as_ref().is_none_or(|f| f.matches(i)))
        .map(|(mut i, alerts)| {
            if o.expand_alerts {
                i.insert("alerts".into(), json!(alerts));
            }
            Value::Object(i)
        })
        .collect();
    page(st, path, query, "incidents", items, &o)
}

fn find_incident(st: &State, id: &str) -> Option<WithAlerts> {
    all_incidents(st)
        .into_iter()
        .find(|(i, _)| i.get("id").and_then(Value::as_str) == Some(id))
}

/// `GET /v1.0/security/incidents/{id}` (`$expand=alerts`).
pub async fn get_incident(
    AxState(st): AxState<Arc<State>>,
    Id(id): Id,
    RawQuery(query): RawQuery,
) -> ApiResult {
    incident_entity(&st, &id, query.as_deref().unwrap_or(""))
}

fn incident_entity(st: &State, id: &str, query: &str) -> ApiResult {
    let o = match options(query, &INCIDENTS, true) {
        Ok(o) => o,
        Err(m) => return Err(ApiError::bad_request("BadRequest", m)),
    };
    match find_incident(st, id) {
        Some((mut i, alerts)) => {
            if o.expand_alerts {
                i.insert("alerts".into(), json!(alerts));
            }
            i.insert(
                "@odata.context".into(),
                json!(format!("{GRAPH_CONTEXT}#security/incidents/$entity")),
            );
            ok(Value::Object(i))
        }
        None => Err(not_found("Incident", id)),
    }
}

/// Checks an enum value against the catalogue's domain (case-insensitively, as the pages'
/// examples mix `TruePositive` and `truePositive`) and returns the documented spelling.
fn enum_value(
    body: &Map<String, Value>,
    key: &str,
    domain: &mdekit_spec::Domain,
) -> Result<Option<String>, String> {
    match body.get(key) {
        None => Ok(None),
        Some(Value::String(s)) => {
            domain
                .canonical(s)
                .map(|c| Some(c.to_owned()))
                .ok_or_else(|| {
                    format!(
                        "Invalid value '{s}' for property '{key}': expected one of {}.",
                        domain.values.join(", ")
                    )
                })
        }
        Some(v) => Err(format!("Invalid value {v} for property '{key}'.")),
    }
}

fn assigned_to(body: &Map<String, Value>) -> Result<Option<Value>, String> {
    match body.get("assignedTo") {
        None => Ok(None),
        Some(v @ (Value::String(_) | Value::Null)) => Ok(Some(v.clone())),
        Some(v) => Err(format!("Invalid value {v} for property 'assignedTo'.")),
    }
}

fn unknown_keys(body: &Map<String, Value>, allowed: &[&str]) -> Option<String> {
    body.keys()
        .find(|k| !k.starts_with('@') && !allowed.contains(&k.as_str()))
        .map(|k| format!("The property '{k}' does not exist on this type or cannot be updated."))
}

/// `PATCH /v1.0/security/incidents/{id}`: 200 with the updated incident.
pub async fn update_incident(
    AxState(st): AxState<Arc<State>>,
    Id(id): Id,
    req: Request,
) -> ApiResult {
    let (st, id) = (&*st, id.as_str());
    let body = read_json_body(req).await?;
    let allowed = [
        "status",
        "assignedTo",
        "classification",
        "determination",
        "customTags",
    ];
    if let Some(m) = unknown_keys(&body, &allowed) {
        return Err(ApiError::bad_request("BadRequest", &m));
    }
    let mut fields = Map::new();
    let checks = [
        ("status", &mdekit_spec::INCIDENT_STATUS),
        ("classification", &mdekit_spec::GRAPH_CLASSIFICATION),
        ("determination", &mdekit_spec::GRAPH_DETERMINATION),
    ];
    for (key, domain) in checks {
        match enum_value(&body, key, domain) {
            Ok(Some(v)) => {
                fields.insert(key.into(), json!(v));
            }
            Ok(None) => {}
            Err(m) => return Err(ApiError::bad_request("BadRequest", m)),
        }
    }
    match assigned_to(&body) {
        Ok(Some(v)) => {
            fields.insert("assignedTo".into(), v);
        }
        Ok(None) => {}
        Err(m) => return Err(ApiError::bad_request("BadRequest", m)),
    }
    match body.get("customTags") {
        None => {}
        Some(Value::Array(t)) if t.iter().all(Value::is_string) => {
            fields.insert("customTags".into(), Value::Array(t.clone()));
        }
        Some(v) => {
            return Err(ApiError::bad_request(
                "BadRequest",
                format!("Invalid value {v} for property 'customTags'."),
            ))
        }
    }
    if find_incident(st, id).is_none() {
        return Err(not_found("Incident", id));
    }
    {
        let mut book = lock(&st.graph);
        let s = book.incidents.entry(id.to_owned()).or_default();
        s.fields.extend(fields);
        s.updated = Some(fmt7(st.clock.now()));
    }
    incident_entity(st, id, "")
}

fn comment_text(body: &Map<String, Value>) -> Option<String> {
    match body.get("comment") {
        Some(Value::String(s)) if !s.trim().is_empty() => Some(s.clone()),
        _ => None,
    }
}

const NO_COMMENT: &str = "The parameter 'comment' is required and must not be empty.";

fn comments_response(set: &str, id: &str, comments: Vec<Value>) -> ApiResult {
    ok(json!({
        "@odata.context": format!("{GRAPH_CONTEXT}#security/{set}('{id}')/comments"),
        "value": comments,
    }))
}

/// `POST /v1.0/security/incidents/{id}/comments`: 200 with every comment of the incident.
pub async fn comment_incident(
    AxState(st): AxState<Arc<State>>,
    Id(id): Id,
    Caller(caller): Caller,
    req: Request,
) -> ApiResult {
    let (st, id, who) = (&*st, id.as_str(), caller.appid.as_str());
    let body = read_json_body(req).await?;
    let Some(text) = comment_text(&body) else {
        return Err(ApiError::bad_request("BadRequest", NO_COMMENT));
    };
    if find_incident(st, id).is_none() {
        return Err(not_found("Incident", id));
    }
    let now = fmt7(st.clock.now());
    let comments = {
        let mut book = lock(&st.graph);
        let s = book.incidents.entry(id.to_owned()).or_default();
        s.comments.push(json!({
            "@odata.type": "#microsoft.graph.security.alertComment",
            "comment": text,
            "createdByDisplayName": who,
            "createdDateTime": now,
        }));
        s.updated = Some(now);
        s.comments.clone()
    };
    comments_response("incidents", id, comments)
}

/// `GET /v1.0/security/alerts_v2` (`$filter`, `$top`, `$skip`, `$count`), newest first.
pub async fn list_alerts(
    AxState(st): AxState<Arc<State>>,
    OriginalUri(uri): OriginalUri,
) -> ApiResult {
    let (st, path, query) = (&*st, uri.path(), uri.query().unwrap_or(""));
    let o = match options(query, &ALERTS, false) {
        Ok(o) => o,
        Err(m) => return Err(ApiError::bad_request("BadRequest", m)),
    };
    let mut items: Vec<Map<String, Value>> = all_alerts(st)
        .into_iter()
        .filter(|a| o.filter.as_ref().is_none_or(|f| f.matches(a)))
        .collect();
    // Newest first, as the page says.
    items.reverse();
    let items = items.into_iter().map(Value::Object).collect();
    page(st, path, query, "alerts_v2", items, &o)
}

fn alert_entity(st: &State, id: &str) -> Option<Map<String, Value>> {
    let raw = read(&st.alerts).find_by_id(id).map(|e| e.value.clone())?;
    let mut a = graph_alert(st, &raw);
    a.insert(
        "@odata.context".into(),
        json!(format!("{GRAPH_CONTEXT}#security/alerts_v2/$entity")),
    );
    Some(a)
}

/// `GET /v1.0/security/alerts_v2/{id}`.
pub async fn get_alert(AxState(st): AxState<Arc<State>>, Id(id): Id) -> ApiResult {
    alert(&st, &id)
}

fn alert(st: &State, id: &str) -> ApiResult {
    match alert_entity(st, id) {
        Some(a) => ok(Value::Object(a)),
        None => Err(not_found("Alert", id)),
    }
}

/// Graph's camelCase value as the MDE alert stores it (`inProgress` -> `InProgress`,
/// `unknown` -> null).
fn to_mde(v: &str) -> Value {
    if v == "unknown" {
        Value::Null
    } else {
        json!(pascal(v))
    }
}

/// `PATCH /v1.0/security/alerts_v2/{id}`: 200 with the updated alert.
pub async fn update_alert(AxState(st): AxState<Arc<State>>, Id(id): Id, req: Request) -> ApiResult {
    let (st, id) = (&*st, id.as_str());
    let body = read_json_body(req).await?;
    let allowed = ["status", "assignedTo", "classification", "determination"];
    if let Some(m) = unknown_keys(&body, &allowed) {
        return Err(ApiError::bad_request("BadRequest", &m));
    }
    let mut changes: Vec<(&str, Value)> = Vec::new();
    let checks = [
        ("status", &mdekit_spec::GRAPH_ALERT_STATUS),
        ("classification", &mdekit_spec::GRAPH_CLASSIFICATION),
        ("determination", &mdekit_spec::GRAPH_DETERMINATION),
    ];
    for (key, domain) in checks {
        match enum_value(&body, key, domain) {
            Ok(Some(v)) => changes.push((key, to_mde(&v))),
            Ok(None) => {}
            Err(m) => return Err(ApiError::bad_request("BadRequest", m)),
        }
    }
    match assigned_to(&body) {
        Ok(Some(v)) => changes.push(("assignedTo", v)),
        Ok(None) => {}
        Err(m) => return Err(ApiError::bad_request("BadRequest", m)),
    }
    let now = st.clock.now();
    let stamp = json!(fmt7(now));
    let updated = write(&st.alerts).update(id, |a| {
        for (k, v) in changes {
            if k == "status" {
                let resolved = if v.as_str() == Some("Resolved") {
                    stamp.clone()
                } else {
                    Value::Null
                };
                a.insert("resolvedTime".into(), resolved);
            }
            a.insert(k.into(), v);
        }
        a.insert("lastUpdateTime".into(), stamp.clone());
    });
    if updated.is_none() {
        return Err(not_found("Alert", id));
    }
    alert(st, id)
}

/// `POST /v1.0/security/alerts_v2/{id}/comments`: 200 with every comment of the alert.
pub async fn comment_alert(
    AxState(st): AxState<Arc<State>>,
    Id(id): Id,
    Caller(caller): Caller,
    req: Request,
) -> ApiResult {
    let (st, id, who) = (&*st, id.as_str(), caller.appid.as_str());
    let body = read_json_body(req).await?;
    let Some(text) = comment_text(&body) else {
        return Err(ApiError::bad_request("BadRequest", NO_COMMENT));
    };
    let stamp = json!(fmt7(st.clock.now()));
    let updated = write(&st.alerts).update(id, |a| {
        let entry = json!({"comment": text, "createdBy": who, "createdTime": stamp});
        match a.get_mut("comments") {
            Some(Value::Array(list)) => list.push(entry),
            _ => {
                a.insert("comments".into(), json!([entry]));
            }
        }
        a.insert("lastUpdateTime".into(), stamp.clone());
    });
    match updated {
        Some(a) => {
            let comments = match a.get("comments") {
                Some(Value::Array(c)) => c.iter().map(graph_comment).collect(),
                _ => Vec::new(),
            };
            comments_response("alerts_v2", id, comments)
        }
        None => Err(not_found("Alert", id)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn enum_spellings_convert() {
        assert_eq!(camel("InProgress"), "inProgress");
        assert_eq!(pascal("truePositive"), "TruePositive");
        assert_eq!(to_mde("unknown"), Value::Null);
        assert_eq!(detection_source(Some("WindowsDefenderAv")), "antivirus");
    }
}
