//! Live response sessions, result links and downloads, and the live response library (reference
//! `mde-api-core.md` §8.4-8.5, `mde-api-rest.md` §8).
//!
//! A session is a `LiveResponse` machine action on the sandbox clock. One session may run per machine (a second
//! gets 400 `ActiveRequestAlreadyExists`) and 25 at once per tenant (429 beyond). Commands must come as PutFile,
//! RunScript, GetFile; a PutFile or RunScript naming a file missing from the library fails the session at that
//! command and the later ones never run. Result links point at `/liveresponse/results/...` on the sandbox, served
//! without a bearer token like the storage URLs the service hands out. Library uploads are multipart, at most
//! 20 MB; uploading an existing name without `OverrideIfExists` is a 400 (undocumented; the reference suggests it).

use std::sync::Arc;

use axum::body::Body;
use axum::extract::{RawQuery, Request, State as AxState};
use axum::http::{header, StatusCode};
use axum::response::Response;
use serde_json::{json, Map, Value};

use crate::actions::FINAL;
use crate::books::LibraryFile;
use crate::error::{ApiError, ApiResult};
use crate::extract::{Args, Caller, Id};
use crate::respond::{empty, odata_entity, odata_value, read_json_body};
use crate::state::{lock, read, State};
use crate::time::fmt7;

/// Most sessions running at once in a tenant.
const MAX_SESSIONS: usize = 25;
/// Largest library file.
const MAX_LIBRARY_FILE: usize = 20 * 1024 * 1024;

fn param(cmd: &Map<String, Value>, key: &str) -> Option<String> {
    cmd.get("params")?
        .as_array()?
        .iter()
        .find(|p| p.get("key").and_then(Value::as_str) == Some(key))?
        .get("value")?
        .as_str()
        .map(str::to_owned)
}

/// `POST /api/machines/{id}/runliveresponse`: 201 with the Pending LiveResponse action.
pub async fn run(
    AxState(st): AxState<Arc<State>>,
    Id(machine_id): Id,
    Caller(caller): Caller,
    req: Request,
) -> ApiResult {
    let (st, machine_id, requestor) = (&*st, machine_id.as_str(), caller.appid.as_str());
    let body = read_json_body(req).await?;
    let Some(machine) = read(&st.machines)
        .find_by_id(machine_id)
        .map(|m| m.value.clone())
    else {
        return Err(ApiError::not_found(format!(
            "Machine {machine_id} was not found"
        )));
    };
    let comment = match body.get("Comment") {
        Some(Value::String(c)) if !c.trim().is_empty() => c.clone(),
        _ => {
            return Err(ApiError::bad_request(
                "MissingRequiredParameter",
                "Parameter Comment is missing",
            ))
        }
    };
    let commands: Vec<Map<String, Value>> = match body.get("Commands") {
        Some(Value::Array(a)) if !a.is_empty() => {
            match a
                .iter()
                .map(|c| c.as_object().cloned())
                .collect::<Option<Vec<_>>>()
            {
                Some(c) => c,
                None => {
                    return Err(ApiError::bad_request(
                        "InvalidRequestBody",
                        "Invalid request body",
                    ))
                }
            }
        }
        _ => {
            return Err(ApiError::bad_request(
                "MissingRequiredParameter",
                "Parameter Commands is missing",
            ))
        }
    };
    let mut last_rank = 0;
    let mut fails_at: Option<(usize, String)> = None;
    let library: Vec<String> = lock(&st.live_response)
        .library
        .iter()
        .filter_map(|f| {
            f.meta
                .get("fileName")
                .and_then(Value::as_str)
                .map(str::to_owned)
        })
        .collect();
    for (i, c) in commands.iter().enumerate() {
        let ty = c.get("type").and_then(Value::as_str).unwrap_or("");
        let (rank, needed) = match ty {
            "PutFile" => (0, "FileName"),
            "RunScript" => (1, "ScriptName"),
            "GetFile" => (2, "Path"),
            other => {
                return Err(ApiError::bad_request(
                    "InvalidInput",
                    format!("Invalid input command type: {other}"),
                ))
            }
        };
        if rank < last_rank {
            return Err(ApiError::bad_request(
                "InvalidInput",
                "Commands must be in the order PutFile, RunScript, GetFile",
            ));
        }
        last_rank = rank;
        let Some(value) = param(c, needed) else {
            return Err(ApiError::bad_request(
                "MissingRequiredParameter",
                format!("Parameter {needed} is missing"),
            ));
        };
        if rank < 2 && fails_at.is_none() && !library.iter().any(|f| f.eq_ignore_ascii_case(&value))
        {
            fails_at = Some((
                i,
                format!("File {value} was not found in the live response library"),
            ));
        }
    }
    let machine_key = machine
        .get("id")
        .and_then(Value::as_str)
        .unwrap_or(machine_id)
        .to_lowercase();
    let sessions = st.running_live_responses();
    if sessions
        .iter()
        .any(|m| m.eq_ignore_ascii_case(&machine_key))
    {
        return Err(ApiError::bad_request(
            "ActiveRequestAlreadyExists",
            "A live response session is already running on this machine",
        ));
    }
    if sessions.len() >= MAX_SESSIONS {
        return Err(ApiError::new(
            StatusCode::TOO_MANY_REQUESTS,
            "TooManyRequests",
            "The maximum of 25 concurrent live response sessions has been reached",
        ));
    }
    let cmds: Vec<Value> = commands
        .iter()
        .enumerate()
        .map(|(i, c)| {
            json!({"index": i, "startTime": Value::Null, "endTime": Value::Null,
                   "commandStatus": "Created", "errors": [],
                   "command": {"type": c.get("type"), "params": c.get("params")}})
        })
        .collect();
    let value = st.insert_action(
        "LiveResponse",
        &machine,
        requestor,
        &comment,
        Value::Array(cmds),
        fails_at,
    );
    Ok(odata_entity(
        st,
        "MachineActions",
        &value,
        StatusCode::CREATED,
    ))
}

/// `GET /api/machineactions/{id}/GetLiveResponseResultDownloadLink(index=n)` (routed as `/…/{args}`).
pub async fn result_link(
    AxState(st): AxState<Arc<State>>,
    Id(action_id): Id,
    Args(segment): Args,
) -> ApiResult {
    let (st, action_id) = (&*st, action_id.as_str());
    let index: Option<usize> = segment
        .split_once('(')
        .and_then(|(_, r)| r.strip_suffix(')'))
        .and_then(|r| r.split_once('='))
        .filter(|(k, _)| k.trim().eq_ignore_ascii_case("index"))
        .and_then(|(_, v)| v.trim().parse().ok());
    let Some(index) = index else {
        return Err(ApiError::bad_request("InvalidInput", "Invalid input index"));
    };
    let Some(action) = st.action(action_id) else {
        return Err(ApiError::not_found(format!(
            "Machine action {action_id} was not found"
        )));
    };
    if action.get("type").and_then(Value::as_str) != Some("LiveResponse") {
        return Err(ApiError::bad_request(
            "InvalidInput",
            format!("Machine action {action_id} is not a live response action"),
        ));
    }
    let command = action
        .get("commands")
        .and_then(Value::as_array)
        .and_then(|c| c.get(index))
        .cloned();
    let Some(command) = command else {
        return Err(ApiError::not_found(format!(
            "Command {index} was not found"
        )));
    };
    let done = command.get("commandStatus").and_then(Value::as_str) == Some("Completed");
    let ty = command
        .pointer("/command/type")
        .and_then(Value::as_str)
        .unwrap_or("");
    if !done || ty == "PutFile" {
        return Err(ApiError::not_found(format!(
            "No result for command {index} of action {action_id}"
        )));
    }
    let token = uuid::Uuid::new_v4().simple().to_string();
    lock(&st.live_response)
        .links
        .insert(token.clone(), (action_id.to_lowercase(), index));
    let expires = fmt7(st.clock.now() + chrono::Duration::minutes(30));
    let url = format!(
        "{}/liveresponse/results/{action_id}/{index}?se={expires}&sp=r&sv=2019-12-12&sr=b&sig={token}",
        st.base_url
    );
    Ok(odata_value(st, "Edm.String", json!(url)))
}

/// `GET /liveresponse/results/{action}/{index}?sig=...`: the result bytes, no bearer token needed (a pre-signed
/// storage URL: storage's plain `BlobNotFound`, not the API's envelope).
pub async fn download(AxState(st): AxState<Arc<State>>, RawQuery(query): RawQuery) -> Response {
    let query = query.unwrap_or_default();
    let sig = form_urlencoded::parse(query.as_bytes())
        .find(|(k, _)| k == "sig")
        .map(|(_, v)| v.into_owned())
        .unwrap_or_default();
    let hit = lock(&st.live_response).links.get(&sig).cloned();
    let not_found = || {
        let mut r = Response::new(Body::from("BlobNotFound"));
        *r.status_mut() = StatusCode::NOT_FOUND;
        r
    };
    let Some((action_id, index)) = hit else {
        return not_found();
    };
    let Some(action) = st.action(&action_id) else {
        return not_found();
    };
    let Some(cmd) = action
        .get("commands")
        .and_then(Value::as_array)
        .and_then(|c| c.get(index))
    else {
        return not_found();
    };
    let ty = cmd
        .pointer("/command/type")
        .and_then(Value::as_str)
        .unwrap_or("");
    let value_of = |key: &str| {
        cmd.pointer("/command/params")
            .and_then(Value::as_array)
            .and_then(|ps| {
                ps.iter()
                    .find(|p| p.get("key").and_then(Value::as_str) == Some(key))
            })
            .and_then(|p| p.get("value").and_then(Value::as_str))
            .unwrap_or("")
            .to_owned()
    };
    let (content_type, bytes) = if ty == "RunScript" {
        let script = value_of("ScriptName");
        let first_line = lock(&st.live_response)
            .library
            .iter()
            .find(|f| {
                f.meta
                    .get("fileName")
                    .and_then(Value::as_str)
                    .is_some_and(|n| n.eq_ignore_ascii_case(&script))
            })
            .map(|f| {
                String::from_utf8_lossy(&f.content)
                    .lines()
                    .next()
                    .unwrap_or("")
                    .to_owned()
            })
            .unwrap_or_default();
        let out = json!({
            "script_name": script,
            "exit_code": 0,
            "script_output": format!("{script} ran on {} with args '{}': {first_line}",
                action.get("computerDnsName").and_then(Value::as_str).unwrap_or("?"), value_of("Args")),
            "script_errors": "",
        });
        (
            "application/json",
            serde_json::to_vec(&out).unwrap_or_default(),
        )
    } else {
        let path = value_of("Path");
        (
            "application/octet-stream",
            format!("sandbox copy of {path}\n").into_bytes(),
        )
    };
    let mut r = Response::new(Body::from(bytes));
    if let Ok(v) = header::HeaderValue::from_str(content_type) {
        r.headers_mut().insert(header::CONTENT_TYPE, v);
    }
    r
}

/// `GET /api/libraryfiles`.
pub async fn library_list(AxState(st): AxState<Arc<State>>) -> ApiResult {
    let items: Vec<Value> = lock(&st.live_response)
        .library
        .iter()
        .map(|f| Value::Object(f.meta.clone()))
        .collect();
    Ok(odata_value(&st, "LibraryFiles", Value::Array(items)))
}

/// One multipart part: name, file name, content.
type Part = (String, Option<String>, Vec<u8>);

/// Splits a multipart body into its parts.
fn multipart(body: &[u8], boundary: &str) -> Option<Vec<Part>> {
    let delim = format!("--{boundary}").into_bytes();
    let find = |hay: &[u8], needle: &[u8], from: usize| -> Option<usize> {
        hay.get(from..)?
            .windows(needle.len())
            .position(|w| w == needle)
            .map(|p| p + from)
    };
    let mut parts = Vec::new();
    let mut pos = find(body, &delim, 0)? + delim.len();
    loop {
        if body.get(pos..pos + 2) == Some(b"--") {
            return Some(parts);
        }
        let head_start = pos + 2;
        let head_end = find(body, b"\r\n\r\n", head_start)?;
        let headers = String::from_utf8_lossy(body.get(head_start..head_end)?).into_owned();
        let next = find(body, &delim, head_end + 4)?;
        let content = body.get(head_end + 4..next.checked_sub(2)?)?.to_vec();
        let disp = headers
            .lines()
            .find(|l| l.to_ascii_lowercase().starts_with("content-disposition"))?
            .to_owned();
        let attr = |a: &str| {
            disp.split(';')
                .map(str::trim)
                .find_map(|kv| kv.strip_prefix(&format!("{a}=")))
                .map(|v| v.trim_matches('"').to_owned())
        };
        parts.push((attr("name")?, attr("filename"), content));
        pos = next + delim.len();
    }
}

/// `POST /api/libraryfiles` (multipart): 200 with the LibraryFile.
pub async fn library_upload(
    AxState(st): AxState<Arc<State>>,
    Caller(caller): Caller,
    req: Request,
) -> ApiResult {
    let (st, who) = (&*st, caller.appid.as_str());
    let ct = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_owned();
    let Some(boundary) = ct
        .split(';')
        .map(str::trim)
        .find_map(|p| p.strip_prefix("boundary="))
        .map(|b| b.trim_matches('"').to_owned())
        .filter(|_| ct.to_ascii_lowercase().starts_with("multipart/form-data"))
    else {
        return Err(ApiError::bad_request(
            "InvalidRequestBody",
            "Content-Type must be multipart/form-data",
        ));
    };
    let Ok(body) = axum::body::to_bytes(req.into_body(), MAX_LIBRARY_FILE + 64 * 1024).await else {
        return Err(ApiError::bad_request(
            "BadRequest",
            "The file is larger than the 20 MB limit",
        ));
    };
    let Some(parts) = multipart(&body, &boundary) else {
        return Err(ApiError::bad_request(
            "InvalidRequestBody",
            "Invalid request body",
        ));
    };
    let text = |n: &str| {
        parts
            .iter()
            .find(|(name, _, _)| name.eq_ignore_ascii_case(n))
            .map(|(_, _, c)| String::from_utf8_lossy(c).into_owned())
    };
    let Some((_, Some(file_name), content)) = parts
        .iter()
        .find(|(n, _, _)| n.eq_ignore_ascii_case("file"))
    else {
        return Err(ApiError::bad_request(
            "MissingRequiredParameter",
            "Parameter File is missing",
        ));
    };
    if content.len() > MAX_LIBRARY_FILE {
        return Err(ApiError::bad_request(
            "BadRequest",
            "The file is larger than the 20 MB limit",
        ));
    }
    if file_name.is_empty()
        || !file_name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
    {
        return Err(ApiError::bad_request(
            "InvalidInput",
            format!("Invalid input file name: {file_name}"),
        ));
    }
    let overwrite = text("OverrideIfExists").is_some_and(|v| v.eq_ignore_ascii_case("true"));
    let now = json!(fmt7(st.clock.now()));
    let mut book = lock(&st.live_response);
    let existing = book.library.iter().position(|f| {
        f.meta
            .get("fileName")
            .and_then(Value::as_str)
            .is_some_and(|n| n.eq_ignore_ascii_case(file_name))
    });
    if existing.is_some() && !overwrite {
        drop(book);
        return Err(ApiError::bad_request(
            "BadRequest",
            format!("File {file_name} already exists in the library"),
        ));
    }
    let digest = {
        // A stable 64-hex fingerprint of the content (the sandbox needs no real SHA-256).
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        for b in content {
            h = (h ^ u64::from(*b)).wrapping_mul(0x100_0000_01b3);
        }
        format!("{h:016x}").repeat(4)
    };
    let has_params = text("HasParameters").is_some_and(|v| v.eq_ignore_ascii_case("true"));
    let mut meta = Map::new();
    for (k, v) in [
        ("fileName", json!(file_name)),
        ("sha256", json!(digest)),
        (
            "description",
            text("Description").map_or(Value::Null, Value::String),
        ),
        ("creationTime", now.clone()),
        ("lastUpdatedTime", now),
        ("createdBy", json!(who)),
        ("hasParameters", json!(has_params)),
    ] {
        meta.insert(k.into(), v);
    }
    if let Some(p) = text("ParametersDescription").filter(|p| !p.is_empty()) {
        meta.insert("parametersDescription".into(), json!(p));
    }
    let file = LibraryFile {
        meta: meta.clone(),
        content: content.clone(),
    };
    match existing {
        Some(i) => book.library[i] = file,
        None => book.library.push(file),
    }
    drop(book);
    Ok(odata_entity(st, "LibraryFiles", &meta, StatusCode::OK))
}

/// `DELETE /api/libraryfiles/{name}`: 204, or 404.
pub async fn library_delete(AxState(st): AxState<Arc<State>>, Id(name): Id) -> ApiResult {
    let name = name.as_str();
    let mut book = lock(&st.live_response);
    let before = book.library.len();
    book.library.retain(|f| {
        !f.meta
            .get("fileName")
            .and_then(Value::as_str)
            .is_some_and(|n| n.eq_ignore_ascii_case(name))
    });
    let removed = book.library.len() < before;
    drop(book);
    if removed {
        Ok(empty(StatusCode::NO_CONTENT))
    } else {
        Err(ApiError::not_found(format!(
            "Library file {name} was not found"
        )))
    }
}

impl State {
    /// Machine ids with a live response session that is not final.
    fn running_live_responses(&self) -> Vec<String> {
        self.actions_of_type("LiveResponse")
            .into_iter()
            .filter(|a| {
                !a.get("status")
                    .and_then(Value::as_str)
                    .is_some_and(|s| FINAL.contains(&s))
            })
            .filter_map(|a| {
                a.get("machineId")
                    .and_then(Value::as_str)
                    .map(str::to_owned)
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_multipart() {
        let body = b"--b1\r\nContent-Disposition: form-data; name=\"Description\"\r\n\r\nhello\r\n--b1\r\nContent-Disposition: form-data; name=\"file\"; filename=\"x.ps1\"\r\nContent-Type: application/octet-stream\r\n\r\nWrite-Host 1\r\n--b1--\r\n";
        let parts = multipart(body, "b1").unwrap();
        assert_eq!(parts.len(), 2);
        assert_eq!(parts[0].0, "Description");
        assert_eq!(parts[0].2, b"hello");
        assert_eq!(parts[1].1.as_deref(), Some("x.ps1"));
        assert_eq!(parts[1].2, b"Write-Host 1");
        assert!(multipart(b"garbage", "b1").is_none());
    }
}
