//! Live response and its library (reference `mde-api-core.md` §8.4-8.5, `mde-api-rest.md` §8;
//! Microsoft docs "Run live response commands on a device", "Get live response results", "List
//! library files", "Upload to library", "Delete library file").
//!
//! A session is a MachineAction of type `LiveResponse`: run it, poll it with
//! [`super::machine_actions::MachineActions::wait`], then ask for each command's result link and
//! download it. The link points at storage outside the API, so the download carries no bearer
//! token. Commands are checked before sending: only `PutFile`, `RunScript` and `GetFile`, in that
//! order (each may repeat), with their documented parameters; library uploads are capped at 20 MB.

use std::time::Duration;

use bytes::Bytes;
use mdekit_spec::{
    LIBRARY_DELETE, LIBRARY_LIST, LIBRARY_UPLOAD, LIVE_RESPONSE_RESULT_LINK, LIVE_RESPONSE_RUN,
};
use serde_json::{json, Value};
use url::Url;

use super::machine_actions::{post_json, validate_action_id};
use super::machines::validate_machine_id;
use crate::error::{Error, Result};
use crate::pipeline::{AuthMode, Body, Part, Pipeline, Request, STORAGE_DOWNLOAD};

/// Largest library file the API accepts.
pub const MAX_LIBRARY_FILE: usize = 20 * 1024 * 1024;

/// One live response command.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    /// Copies a library file to the device's working folder.
    PutFile { file_name: String },
    /// Runs a library script, with optional arguments.
    RunScript {
        script_name: String,
        args: Option<String>,
    },
    /// Collects a file from the device.
    GetFile { path: String },
}

impl Command {
    fn rank(&self) -> u8 {
        match self {
            Command::PutFile { .. } => 0,
            Command::RunScript { .. } => 1,
            Command::GetFile { .. } => 2,
        }
    }

    /// The command object as documented: lowercase `type`, `params`, `key`, `value`.
    pub fn to_json(&self) -> Value {
        let p = |k: &str, v: &str| json!({"key": k, "value": v});
        match self {
            Command::PutFile { file_name } => {
                json!({"type": "PutFile", "params": [p("FileName", file_name)]})
            }
            Command::RunScript { script_name, args } => {
                let mut params = vec![p("ScriptName", script_name)];
                if let Some(a) = args {
                    params.push(p("Args", a));
                }
                json!({"type": "RunScript", "params": params})
            }
            Command::GetFile { path } => {
                json!({"type": "GetFile", "params": [p("Path", path)]})
            }
        }
    }

    /// A command from `{"type": ..., "params": [{"key", "value"}]}` or from the flat Python
    /// form `{"type": "RunScript", "ScriptName": ..., "Args": ...}`.
    pub fn from_json(v: &Value) -> Result<Command> {
        let ty = v
            .get("type")
            .and_then(Value::as_str)
            .ok_or_else(|| Error::invalid_argument("a live response command needs a 'type'"))?;
        let param = |name: &str| -> Option<String> {
            if let Some(Value::Array(ps)) = v.get("params") {
                for p in ps {
                    if p.get("key").and_then(Value::as_str) == Some(name) {
                        return p.get("value").and_then(Value::as_str).map(str::to_owned);
                    }
                }
            }
            v.get(name).and_then(Value::as_str).map(str::to_owned)
        };
        let need = |name: &str| {
            param(name).filter(|s| !s.trim().is_empty()).ok_or_else(|| {
                Error::invalid_argument(format!("a {ty} command needs a non-blank {name}"))
            })
        };
        let cmd = match ty {
            "PutFile" => Command::PutFile {
                file_name: need("FileName")?,
            },
            "RunScript" => Command::RunScript {
                script_name: need("ScriptName")?,
                args: param("Args"),
            },
            "GetFile" => Command::GetFile {
                path: need("Path")?,
            },
            other => {
                return Err(Error::invalid_argument(format!(
                    "live response command type {other:?} is not PutFile, RunScript or GetFile"
                )))
            }
        };
        if let Command::PutFile { file_name }
        | Command::RunScript {
            script_name: file_name,
            ..
        } = &cmd
        {
            validate_library_name(file_name)?;
        }
        Ok(cmd)
    }
}

/// Library file names: letters, digits, `-`, `_` and `.` only.
pub fn validate_library_name(name: &str) -> Result<()> {
    super::validate_id("library file name", name, |c| {
        c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.')
    })
}

/// Checks the documented order: every PutFile before every RunScript before every GetFile.
pub fn validate_commands(commands: &[Command]) -> Result<()> {
    if commands.is_empty() {
        return Err(Error::invalid_argument(
            "a live response session needs at least one command",
        ));
    }
    if commands.windows(2).any(|w| w[0].rank() > w[1].rank()) {
        return Err(Error::invalid_argument(
            "live response commands must come in the order PutFile, RunScript, GetFile \
             (each type may repeat)",
        ));
    }
    Ok(())
}

#[derive(Debug, Clone)]
pub struct LiveResponse {
    pub(crate) pipeline: Pipeline,
}

impl LiveResponse {
    /// `POST /api/machines/{id}/runliveresponse`: the `Pending` LiveResponse MachineAction.
    /// 400 `ActiveRequestAlreadyExists` while another session runs on the machine.
    pub async fn run(
        &self,
        machine_id: &str,
        commands: &[Command],
        comment: &str,
    ) -> Result<Value> {
        validate_machine_id(machine_id)?;
        validate_commands(commands)?;
        if comment.trim().is_empty() {
            return Err(Error::invalid_argument(
                "comment is required and must not be blank",
            ));
        }
        let body = json!({
            "Commands": commands.iter().map(Command::to_json).collect::<Vec<_>>(),
            "Comment": comment,
        });
        post_json(&self.pipeline, &LIVE_RESPONSE_RUN, &[machine_id], body).await
    }

    /// `GET /api/machineactions/{id}/GetLiveResponseResultDownloadLink(index=n)`: a link valid
    /// for 30 minutes.
    pub async fn result_link(&self, action_id: &str, index: u32) -> Result<String> {
        validate_action_id(action_id)?;
        let op = &LIVE_RESPONSE_RESULT_LINK;
        let url = self.pipeline.url(op, &[action_id, &index.to_string()])?;
        let body = self.pipeline.get_json(op, url).await?;
        body.get("value")
            .and_then(Value::as_str)
            .map(super::machine_actions::unquote_uri)
            .ok_or_else(|| Error::decode("the result link response had no 'value' string"))
    }

    /// Downloads a command's result: the link from [`Self::result_link`], fetched through the
    /// pipeline (retries, timeouts, error mapping) without the bearer token, as documented: it
    /// is a pre-signed storage URL.
    pub async fn download(&self, action_id: &str, index: u32) -> Result<Vec<u8>> {
        let link = self.result_link(action_id, index).await?;
        let url = Url::parse(&link)
            .map_err(|e| Error::decode(format!("the result link is not a URL: {e}")))?;
        let mut req = Request::new(&STORAGE_DOWNLOAD, url);
        req.auth = AuthMode::None;
        Ok(self.pipeline.send(req).await?.body.to_vec())
    }

    /// `GET /api/libraryfiles`: the LibraryFile dicts.
    pub async fn library_list(&self) -> Result<Value> {
        let url = self.pipeline.url(&LIBRARY_LIST, &[])?;
        let mut body = self.pipeline.get_json(&LIBRARY_LIST, url).await?;
        match body.get_mut("value").map(Value::take) {
            Some(v @ Value::Array(_)) => Ok(v),
            _ => Err(Error::decode("a collection response had no 'value' list")),
        }
    }

    /// `POST /api/libraryfiles` (multipart): the LibraryFile. Files over 20 MB are refused
    /// before sending. It changes state, so it is resent only when the service provably did not
    /// receive it (a 429, or a connection that never came up).
    pub async fn library_upload(
        &self,
        file_name: &str,
        content: Vec<u8>,
        description: Option<&str>,
        parameters_description: Option<&str>,
        has_parameters: bool,
        override_if_exists: bool,
    ) -> Result<Value> {
        validate_library_name(file_name)?;
        if content.is_empty() {
            return Err(Error::invalid_argument("the library file is empty"));
        }
        if content.len() > MAX_LIBRARY_FILE {
            return Err(Error::invalid_argument(format!(
                "library files are limited to 20 MB; {file_name} is {} bytes",
                content.len()
            )));
        }
        let flag = |b: bool| if b { "true" } else { "false" };
        let mut parts = Vec::with_capacity(5);
        if let Some(d) = description {
            parts.push(Part::text("Description", d));
        }
        parts.push(Part::text(
            "ParametersDescription",
            parameters_description.unwrap_or(""),
        ));
        parts.push(Part::text("HasParameters", flag(has_parameters)));
        parts.push(Part::text("OverrideIfExists", flag(override_if_exists)));
        parts.push(Part {
            name: "file".into(),
            file_name: Some(file_name.to_owned()),
            content_type: Some("application/octet-stream".into()),
            data: Bytes::from(content),
        });
        let url = self.pipeline.url(&LIBRARY_UPLOAD, &[])?;
        let req = Request::new(&LIBRARY_UPLOAD, url).body(Body::Multipart(parts));
        self.pipeline.send(req).await?.json()
    }

    /// `DELETE /api/libraryfiles/{name}`: 204, or 404 when absent.
    pub async fn library_delete(&self, file_name: &str) -> Result<()> {
        validate_library_name(file_name)?;
        let url = self.pipeline.url(&LIBRARY_DELETE, &[file_name])?;
        self.pipeline
            .send(Request::new(&LIBRARY_DELETE, url))
            .await?;
        Ok(())
    }
}

/// How long a download may take by default (links are valid for 30 minutes).
pub const DOWNLOAD_TIMEOUT: Duration = Duration::from_secs(1800);

#[cfg(test)]
mod tests {
    use super::*;

    fn run(name: &str) -> Command {
        Command::RunScript {
            script_name: name.into(),
            args: None,
        }
    }

    #[test]
    fn order_and_params() {
        let put = Command::PutFile {
            file_name: "tool.exe".into(),
        };
        let get = Command::GetFile {
            path: "C:\\x.zip".into(),
        };
        assert!(validate_commands(&[put.clone(), run("a.ps1"), run("b.ps1"), get.clone()]).is_ok());
        assert!(validate_commands(&[get.clone(), run("a.ps1")]).is_err());
        assert!(validate_commands(&[run("a.ps1"), put]).is_err());
        assert!(validate_commands(&[]).is_err());
        let c = Command::from_json(&json!({"type": "RunScript", "params": [
            {"key": "ScriptName", "value": "minidump.ps1"}, {"key": "Args", "value": "x"}]}))
        .unwrap();
        assert_eq!(
            c,
            Command::RunScript {
                script_name: "minidump.ps1".into(),
                args: Some("x".into())
            }
        );
        assert_eq!(Command::from_json(&c.to_json()).unwrap(), c);
        assert!(Command::from_json(&json!({"type": "RunScript", "ScriptName": "../x"})).is_err());
        assert!(Command::from_json(&json!({"type": "Execute"})).is_err());
        assert!(Command::from_json(&json!({"type": "GetFile"})).is_err());
    }
}
