//! Parity of the sandbox with the declared entities (`mdekit_spec::entities`): for every list
//! operation with an entity, a page from the sandbox (expanded where the operation is
//! expandable) may hold only declared keys, recursively, and each value must fit its declared
//! type. The declarations follow Microsoft's pages, so a failure here is a sandbox that drifted
//! from the docs (or a declaration that missed a documented property).
//!
//! `ENTITY_DUMP=1 cargo test -p mdekit-sandbox --test entities -- --nocapture` prints the first
//! item of each page.

use std::collections::HashMap;

use mdekit_sandbox::{Sandbox, SandboxConfig};
use mdekit_spec::{Api, Method, Operation, Property, ValueType, CATALOGUE};
use serde_json::{json, Value};

const MDE: &str = "https://api.securitycenter.microsoft.com";
const GRAPH: &str = "https://graph.microsoft.com";

fn http() -> reqwest::Client {
    // See tests/sandbox.rs: the workspace build needs a crypto provider installed first.
    let _ = rustls::crypto::ring::default_provider().install_default();
    reqwest::Client::new()
}

async fn token(sb: &Sandbox, resource: &str) -> String {
    let url = format!("{}/{}/oauth2/v2.0/token", sb.base_url(), sb.tenant_id());
    let scope = format!("{resource}/.default");
    let mut s = form_urlencoded::Serializer::new(String::new());
    for (k, v) in [
        ("grant_type", "client_credentials"),
        ("client_id", sb.client_id().as_str()),
        ("client_secret", sb.client_secret().as_str()),
        ("scope", scope.as_str()),
    ] {
        s.append_pair(k, v);
    }
    let r = http()
        .post(url)
        .header("content-type", "application/x-www-form-urlencoded")
        .body(s.finish())
        .send()
        .await
        .unwrap();
    let body: Value = r.json().await.unwrap();
    body["access_token"].as_str().unwrap().to_string()
}

async fn call(
    sb: &Sandbox,
    tok: &str,
    method: Method,
    path: &str,
    body: Option<Value>,
) -> (u16, Value) {
    let m = reqwest::Method::from_bytes(method.as_str().as_bytes()).unwrap();
    let mut req = http()
        .request(m, format!("{}{path}", sb.base_url()))
        .bearer_auth(tok);
    if let Some(b) = body {
        req = req.json(&b);
    }
    let r = req.send().await.unwrap();
    let status = r.status().as_u16();
    let text = r.text().await.unwrap();
    (status, serde_json::from_str(&text).unwrap_or(Value::Null))
}

fn items(v: &Value) -> Vec<Value> {
    v["value"].as_array().cloned().unwrap_or_default()
}

/// Whether `v` fits `ty` (null fits every type: every property may be null or absent).
fn check(ty: &ValueType, v: &Value, at: &str, errs: &mut Vec<String>) {
    if v.is_null() {
        return;
    }
    let ok = match ty {
        ValueType::String => v.is_string(),
        ValueType::Int32 => v.as_i64().is_some_and(|n| i32::try_from(n).is_ok()),
        ValueType::Int64 => v.is_i64() || v.is_u64(),
        ValueType::Double => v.is_number(),
        ValueType::Bool => v.is_boolean(),
        ValueType::DateTime => v
            .as_str()
            .is_some_and(|s| chrono::DateTime::parse_from_rfc3339(s).is_ok()),
        ValueType::Json => true,
        ValueType::List(inner) => match v.as_array() {
            Some(a) => {
                for (i, x) in a.iter().enumerate() {
                    check(inner, x, &format!("{at}[{i}]"), errs);
                }
                true
            }
            None => false,
        },
        ValueType::Struct(props) => match v.as_object() {
            Some(o) => {
                check_object(props, o, at, errs);
                true
            }
            None => false,
        },
    };
    if !ok {
        errs.push(format!("{at}: {v} is not {ty:?}"));
    }
}

fn check_object(
    props: &[Property],
    o: &serde_json::Map<String, Value>,
    at: &str,
    errs: &mut Vec<String>,
) {
    for (k, v) in o {
        match props.iter().find(|p| p.name == k) {
            Some(p) => check(&p.ty, v, &format!("{at}.{k}"), errs),
            None => errs.push(format!("{at}.{k}: not declared (value {v})")),
        }
    }
}

/// The base type of Graph's polymorphic `alertEvidence` (security-alertevidence.md) plus
/// `detailedRoles` (in the list example): the entity keeps each item as JSON, so the sandbox's
/// items are checked here against the base type's types.
const GRAPH_EVIDENCE_BASE: &[Property] = &[
    Property {
        name: "createdDateTime",
        ty: ValueType::DateTime,
    },
    Property {
        name: "verdict",
        ty: ValueType::String,
    },
    Property {
        name: "remediationStatus",
        ty: ValueType::String,
    },
    Property {
        name: "remediationStatusDetails",
        ty: ValueType::String,
    },
    Property {
        name: "roles",
        ty: ValueType::List(&ValueType::String),
    },
    Property {
        name: "detailedRoles",
        ty: ValueType::List(&ValueType::String),
    },
    Property {
        name: "tags",
        ty: ValueType::List(&ValueType::String),
    },
];

fn check_graph_evidence(alert: &Value, at: &str, errs: &mut Vec<String>) {
    for (i, e) in alert["evidence"]
        .as_array()
        .into_iter()
        .flatten()
        .enumerate()
    {
        let at = format!("{at}.evidence[{i}]");
        let ty = e["@odata.type"].as_str().unwrap_or("");
        if !(ty.starts_with("#microsoft.graph.security.") && ty.ends_with("Evidence")) {
            errs.push(format!(
                "{at}.@odata.type: {ty:?} is not a derived alertEvidence type"
            ));
        }
        for p in GRAPH_EVIDENCE_BASE {
            match e.get(p.name) {
                Some(v) => check(&p.ty, v, &format!("{at}.{}", p.name), errs),
                None => errs.push(format!("{at}.{}: missing", p.name)),
            }
        }
    }
}

/// Sample keys for the path parameters, read from the sandbox's own lists.
async fn samples(sb: &Sandbox, mde: &str) -> HashMap<&'static str, String> {
    let mut ids = HashMap::new();
    let (_, alerts) = call(
        sb,
        mde,
        Method::Get,
        "/api/alerts?$expand=evidence&$top=500",
        None,
    )
    .await;
    let alerts = items(&alerts);
    let first = |test: &dyn Fn(&Value) -> Option<String>| alerts.iter().find_map(test);
    // An alert with a related user, so that `/alerts/{id}/user` answers.
    let with_user = first(&|a| {
        a["relatedUser"]["userName"].as_str()?;
        a["id"].as_str().map(str::to_string)
    });
    ids.insert(
        "alert",
        with_user
            .or_else(|| first(&|a| a["id"].as_str().map(str::to_string)))
            .unwrap(),
    );
    let evidence = |key: &'static str| {
        first(&|a: &Value| {
            a["evidence"]
                .as_array()?
                .iter()
                .find_map(|e| e[key].as_str().map(str::to_string))
        })
    };
    if let Some(sha1) = evidence("sha1") {
        ids.insert("file", sha1);
    }
    if let Some(ip) = evidence("ipAddress") {
        ids.insert("ip", ip);
    }
    if let Some(url) = evidence("url") {
        let host = url::Url::parse(&url)
            .ok()
            .and_then(|u| u.host_str().map(str::to_string))
            .unwrap_or(url);
        ids.insert("domain", host);
    }
    if let Some(user) = first(&|a| a["relatedUser"]["userName"].as_str().map(str::to_string)) {
        ids.insert("user", user);
    }
    let (_, machines) = call(sb, mde, Method::Get, "/api/machines?$top=100", None).await;
    let machines = items(&machines);
    let m = machines
        .iter()
        .find(|m| m["machineTags"].as_array().is_some_and(|t| !t.is_empty()))
        .unwrap_or(&machines[0]);
    ids.insert("machine", m["id"].as_str().unwrap().to_string());
    if let Some(ip) = m["lastIpAddress"].as_str() {
        ids.insert("machine_ip", ip.to_string());
    }
    // No sandbox alert carries IP or URL evidence: a valid key that answers an empty page.
    ids.entry("ip").or_insert_with(|| {
        m["lastIpAddress"]
            .as_str()
            .unwrap_or("10.0.0.1")
            .to_string()
    });
    ids.entry("domain")
        .or_insert_with(|| "contoso.com".to_string());
    if let Some(tag) = m["machineTags"][0].as_str() {
        ids.insert("tag", tag.to_string());
    }
    for (key, path) in [
        ("software", "/api/software?$top=1"),
        ("vulnerability", "/api/vulnerabilities?$top=1"),
        ("recommendation", "/api/recommendations?$top=1"),
        ("remediation", "/api/remediationTasks?$top=1"),
        ("scan_definition", "/api/DeviceAuthenticatedScanDefinitions"),
    ] {
        let (_, page) = call(sb, mde, Method::Get, path, None).await;
        if let Some(id) = items(&page).first().and_then(|x| x["id"].as_str()) {
            ids.insert(key, id.to_string());
        }
    }
    ids
}

/// Machine actions, an indicator and a library file: the sandbox starts without them.
async fn seed(sb: &Sandbox, mde: &str, ids: &HashMap<&str, String>) {
    let machine = &ids["machine"];
    let file = ids.get("file").cloned().unwrap_or_else(|| "a".repeat(40));
    for (path, body) in [
        (
            "isolate",
            json!({"Comment": "parity", "IsolationType": "Selective"}),
        ),
        (
            "StopAndQuarantineFile",
            json!({"Comment": "parity", "Sha1": file}),
        ),
        (
            "runliveresponse",
            json!({"Commands": [{"type": "GetFile", "params": [{"key": "Path", "value": "C:\\temp\\x.txt"}]}],
                   "Comment": "parity"}),
        ),
    ] {
        let (s, b) = call(
            sb,
            mde,
            Method::Post,
            &format!("/api/machines/{machine}/{path}"),
            Some(body),
        )
        .await;
        assert!(s == 200 || s == 201, "{path}: {s} {b}");
    }
    let indicator = json!({
        "indicatorValue": "evil.example.com", "indicatorType": "DomainName", "action": "Block",
        "title": "parity", "description": "parity", "severity": "High", "generateAlert": true,
        "recommendedActions": "none", "rbacGroupNames": [], "externalID": "parity-1",
    });
    let (s, b) = call(sb, mde, Method::Post, "/api/indicators", Some(indicator)).await;
    assert_eq!(s, 200, "{b}");
    let boundary = "entityparityboundary";
    let mut form = String::new();
    for (name, value, file) in [
        ("file", "Write-Output 1", Some("parity.ps1")),
        ("Description", "parity", None),
        ("HasParameters", "true", None),
        ("ParametersDescription", "-Name", None),
    ] {
        form.push_str(&format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\""
        ));
        if let Some(f) = file {
            form.push_str(&format!(
                "; filename=\"{f}\"\r\nContent-Type: application/octet-stream"
            ));
        }
        form.push_str(&format!("\r\n\r\n{value}\r\n"));
    }
    form.push_str(&format!("--{boundary}--\r\n"));
    let r = http()
        .post(format!("{}/api/libraryfiles", sb.base_url()))
        .bearer_auth(mde)
        .header(
            "content-type",
            format!("multipart/form-data; boundary={boundary}"),
        )
        .body(form)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 200, "{}", r.text().await.unwrap());
}

/// The request that fetches one page of `op`, or `None` when a sample key is missing.
fn request(op: &Operation, ids: &HashMap<&str, String>) -> Option<(String, Option<Value>)> {
    let id = |k: &str| ids.get(k).cloned();
    let now = chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ").to_string();
    let key = match op.id {
        id if id.starts_with("alerts.") => id_of(ids, "alert")?,
        "machines.find_by_ip" | "machines.find" => id("machine_ip")?,
        "machines.find_by_tag" => id("tag")?,
        id if id.starts_with("machines.") => id_of(ids, "machine")?,
        id if id.starts_with("files.") => id_of(ids, "file")?,
        id if id.starts_with("ips.") => id_of(ids, "ip")?,
        id if id.starts_with("domains.") => id_of(ids, "domain")?,
        id if id.starts_with("users.") => id_of(ids, "user")?,
        id if id.starts_with("software.") => id_of(ids, "software")?,
        id if id.starts_with("vulnerabilities.") => id_of(ids, "vulnerability")?,
        id if id.starts_with("recommendations.") => id_of(ids, "recommendation")?,
        id if id.starts_with("remediation.") => id_of(ids, "remediation")?,
        _ => String::new(),
    };
    let mut path = op
        .path
        .replace("{id}", &key)
        .replace("{ip}", &key)
        .replace("{domain}", &key)
        .replace("{timestamp}", &now);
    let mut query = Vec::new();
    if op.id == "machines.find_by_tag" {
        query.push(format!("tag={}", urlencode(&key)));
    }
    if !op.expandable.is_empty() {
        query.push(format!("$expand={}", op.expandable.join(",")));
    }
    if op.path.starts_with("/api/machines/") && op.path.ends_with("ByMachine") {
        query.push("pageSize=20".to_string());
    } else if op.max_top.is_some() {
        query.push("$top=20".to_string());
    }
    if op.id == "exports.software_vulnerability_changes" {
        let since = chrono::Utc::now() - chrono::Duration::days(7);
        query.push(format!("sinceTime={}", since.format("%Y-%m-%dT%H:%M:%SZ")));
    }
    if !query.is_empty() {
        path = format!("{path}?{}", query.join("&"));
    }
    let body = match op.id {
        "authenticated_scans.history_by_definition" => {
            Some(json!({"ScanDefinitionIds": [id("scan_definition")?]}))
        }
        // The by-definition rows name no session (as documented), so black-box the by-session
        // page is empty: its rows are checked by `tests/tvm.rs`' shapes only.
        "authenticated_scans.history_by_session" => Some(json!({"SessionIds": ["unknown"]})),
        _ => None,
    };
    Some((path, body))
}

/// `row` with its top-level keys in camelCase (`DeviceId` -> `deviceId`, `OSPlatform` ->
/// `osPlatform`), as the export pagers rename them.
fn camel_keys(row: Value) -> Value {
    let Value::Object(o) = row else { return row };
    let camel = |k: &str| {
        let b = k.as_bytes();
        let upper = b.iter().take_while(|c| c.is_ascii_uppercase()).count();
        let to = if upper == b.len() || upper <= 1 || !b[upper].is_ascii_alphabetic() {
            upper
        } else {
            upper - 1
        };
        format!("{}{}", k[..to].to_ascii_lowercase(), &k[to..])
    };
    Value::Object(o.into_iter().map(|(k, v)| (camel(&k), v)).collect())
}

fn id_of(ids: &HashMap<&str, String>, key: &str) -> Option<String> {
    ids.get(key).map(|s| urlencode(s))
}

fn urlencode(s: &str) -> String {
    percent_encoding::utf8_percent_encode(s, percent_encoding::NON_ALPHANUMERIC).to_string()
}

/// `e` without row indices and values: `op[3].a[0].b: x (value 1)` is `op.a.b: x`.
fn distinct(e: &str) -> String {
    let mut out = String::new();
    let mut skip = false;
    for c in e.split(" (value").next().unwrap_or(e).chars() {
        match c {
            '[' => skip = true,
            ']' => skip = false,
            _ if !skip => out.push(c),
            _ => {}
        }
    }
    out
}

#[tokio::test]
async fn every_list_page_fits_its_declared_entity() {
    let sb = Sandbox::start(
        SandboxConfig {
            machines: 40,
            alerts: 120,
            ..SandboxConfig::default()
        },
        "127.0.0.1:0".parse().unwrap(),
    )
    .await
    .unwrap();
    let mde = token(&sb, MDE).await;
    let graph = token(&sb, GRAPH).await;
    let ids = samples(&sb, &mde).await;
    seed(&sb, &mde, &ids).await;
    let dump = std::env::var_os("ENTITY_DUMP").is_some();
    let mut errs = Vec::new();
    let mut checked = 0;
    let mut empty = Vec::new();
    for op in CATALOGUE.iter().filter(|o| o.entity.is_some()) {
        let props = op.entity.map(|e| e.properties).unwrap_or(&[]);
        let Some((path, body)) = request(op, &ids) else {
            errs.push(format!("{}: no sample key for {}", op.id, op.path));
            continue;
        };
        let tok = if op.api == Api::Graph { &graph } else { &mde };
        let (status, page) = call(&sb, tok, op.method, &path, body).await;
        if status != 200 {
            errs.push(format!("{} {path}: status {status}: {page}", op.id));
            continue;
        }
        // A list answers `value: [...]`; a single related entity (`/alerts/{id}/machine`) is
        // the object itself, OData annotations aside.
        let rows = if page["value"].is_array() {
            items(&page)
        } else {
            let mut o = page.as_object().cloned().unwrap_or_default();
            o.retain(|k, _| !k.starts_with("@odata."));
            vec![Value::Object(o)]
        };
        // The export pagers hand rows out with camelCase keys whatever the page's casing
        // (`mdekit_core::api::exports::column_name`), and the export entities declare those.
        let rows: Vec<Value> = if op.family == mdekit_spec::Family::Exports {
            rows.into_iter().map(camel_keys).collect()
        } else {
            rows
        };
        if dump {
            println!(
                "== {} {path} ({} rows)\n{:#}",
                op.id,
                rows.len(),
                rows.first().unwrap_or(&Value::Null)
            );
        }
        if rows.is_empty() {
            empty.push(op.id);
        }
        // A top-level property declared but on no row is a documented property the sandbox
        // does not send.
        if !rows.is_empty() {
            let missing: Vec<&str> = props
                .iter()
                .map(|p| p.name)
                .filter(|n| rows.iter().all(|r| r.get(n).is_none()))
                .collect();
            if !missing.is_empty() {
                errs.push(format!("{}: declared but never sent: {missing:?}", op.id));
            }
        }
        for (i, row) in rows.iter().enumerate() {
            let at = format!("{}[{i}]", op.id);
            if op.api == Api::Graph {
                check_graph_evidence(row, &at, &mut errs);
                for (j, a) in row["alerts"].as_array().into_iter().flatten().enumerate() {
                    check_graph_evidence(a, &format!("{at}.alerts[{j}]"), &mut errs);
                }
            }
            match row.as_object() {
                Some(o) => check_object(props, o, &format!("{}[{i}]", op.id), &mut errs),
                None => errs.push(format!("{}[{i}]: not an object: {row}", op.id)),
            }
        }
        checked += 1;
    }
    // One line per distinct problem (the same key on every row is one finding).
    let seen: std::collections::BTreeSet<String> = errs.iter().map(|e| distinct(e)).collect();
    for e in &seen {
        println!("{e}");
    }
    println!("{checked} operations checked; empty pages: {empty:?}");
    assert!(
        errs.is_empty(),
        "{} problems ({} distinct), listed above",
        errs.len(),
        seen.len()
    );
    assert!(checked > 40, "only {checked} operations have an entity");
}

/// The real captures in `shared/data/mde-samples/api` fit the declarations too (the 2019 list
/// capture still carries the retired v1 alert keys, which the current page no longer has).
#[test]
fn real_samples_fit_their_entities() {
    let dir = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/data/mde-samples/api");
    if !dir.is_dir() {
        println!("note: {} is absent; skipping", dir.display());
        return;
    }
    let read = |name: &str| -> Value {
        serde_json::from_str(&std::fs::read_to_string(dir.join(name)).unwrap()).unwrap()
    };
    const RETIRED: &[&str] = &["alertUser", "alertFiles", "alertDomains", "alertIps"];
    let mut errs = Vec::new();
    let single = read("test_get_alerts.json");
    let mut one = single.as_object().cloned().unwrap();
    one.retain(|k, _| !k.starts_with("@odata."));
    check_object(
        mdekit_spec::ALERTS_LIST.entity.unwrap().properties,
        &one,
        "test_get_alerts",
        &mut errs,
    );
    for (file, op) in [
        ("first_response_alerts.json", &mdekit_spec::ALERTS_LIST),
        (
            "vulnerabilities.json",
            &mdekit_spec::VULNERABILITIES_BY_MACHINE,
        ),
    ] {
        let rows = items(&read(file));
        assert!(!rows.is_empty(), "{file}");
        for (i, row) in rows.iter().enumerate() {
            let mut o = row.as_object().cloned().unwrap();
            o.retain(|k, _| !RETIRED.contains(&k.as_str()));
            check_object(
                op.entity.unwrap().properties,
                &o,
                &format!("{file}[{i}]"),
                &mut errs,
            );
        }
    }
    assert!(errs.is_empty(), "{errs:#?}");
}
