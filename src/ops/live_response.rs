//! Live response and its library: the binding table of `mdekit_core::api::live_response`.

use std::path::PathBuf;

use mdekit_core::api::live_response::{Command, MAX_LIBRARY_FILE};
use mdekit_core::{Error, ErrorKind, Result};
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyString};
use serde_json::Value;

use super::machine_actions::seconds;
use super::operations;
use crate::convert::Json;

/// Raw bytes handed to Python as `bytes`.
pub struct RawBytes(Vec<u8>);

impl<'py> IntoPyObject<'py> for RawBytes {
    type Target = PyBytes;
    type Output = Bound<'py, PyBytes>;
    type Error = PyErr;

    fn into_pyobject(self, py: Python<'py>) -> PyResult<Self::Output> {
        Ok(PyBytes::new(py, &self.0))
    }
}

/// The commands as JSON (a TypeError unless a list of dicts); the core checks each one.
fn command_values(obj: &Bound<'_, PyAny>) -> PyResult<Vec<Value>> {
    if obj.is_instance_of::<PyString>() || obj.is_instance_of::<pyo3::types::PyDict>() {
        return Err(PyTypeError::new_err(
            "commands must be a list of command dicts",
        ));
    }
    match pythonize::depythonize::<Value>(obj) {
        Ok(Value::Array(items)) => Ok(items),
        _ => Err(PyTypeError::new_err(
            "commands must be a list of dicts such as {'type': 'RunScript', 'ScriptName': 'x.ps1'}",
        )),
    }
}

/// What to upload: bytes (with a name) or a path, read only after its size is checked.
enum Source {
    Bytes(Vec<u8>),
    Path(PathBuf),
}

fn source(obj: &Bound<'_, PyAny>) -> PyResult<Source> {
    if let Ok(b) = obj.cast::<PyBytes>() {
        return Ok(Source::Bytes(b.as_bytes().to_vec()));
    }
    obj.extract::<PathBuf>()
        .map(Source::Path)
        .map_err(|_| PyTypeError::new_err("file must be bytes or a path (str or os.PathLike)"))
}

fn load(src: Source, file_name: Option<String>) -> Result<(String, Vec<u8>)> {
    match src {
        Source::Bytes(b) => {
            let name = file_name.ok_or_else(|| {
                Error::invalid_argument("file_name is required when file is bytes")
            })?;
            Ok((name, b))
        }
        Source::Path(p) => {
            let meta = std::fs::metadata(&p).map_err(|e| {
                Error::invalid_argument(format!("cannot read {}: {e}", p.display()))
            })?;
            if meta.len() > MAX_LIBRARY_FILE as u64 {
                return Err(Error::invalid_argument(format!(
                    "library files are limited to 20 MB; {} is {} bytes",
                    p.display(),
                    meta.len()
                )));
            }
            let name = match file_name {
                Some(n) => n,
                None => p
                    .file_name()
                    .and_then(|n| n.to_str())
                    .map(str::to_owned)
                    .ok_or_else(|| {
                        Error::invalid_argument("cannot tell the file name; pass file_name")
                    })?,
            };
            let content = std::fs::read(&p).map_err(|e| {
                Error::invalid_argument(format!("cannot read {}: {e}", p.display()))
            })?;
            Ok((name, content))
        }
    }
}

operations! {
    /// Live response sessions and the live response library.
    ///
    /// A session is a MachineAction of type ``LiveResponse``: :meth:`run` it, :meth:`wait` for
    /// it, then fetch each command's result with :meth:`download`. One session runs per machine
    /// (another gets ``ActiveRequestAlreadyExists``) and 25 per tenant; 10 runs a minute.
    LiveResponseOperations, AsyncLiveResponseOperations, "LiveResponseOperations", "AsyncLiveResponseOperations";
    awaitables {
        /// Starts a session (``POST /api/machines/{id}/runliveresponse``).
        ///
        /// Args:
        ///     machine_id: The 40-hex device id.
        ///     commands: Dicts such as ``{"type": "PutFile", "FileName": "tool.exe"}``,
        ///         ``{"type": "RunScript", "ScriptName": "triage.ps1", "Args": "-Quick"}`` and
        ///         ``{"type": "GetFile", "Path": "C:\Windows\Temp\out.zip"}`` (the
        ///         documented ``{"type", "params": [{"key", "value"}]}`` form works too). They must
        ///         come as PutFile, then RunScript, then GetFile; each may repeat. Checked before
        ///         sending.
        ///     comment: Recorded on the action (required).
        ///
        /// Returns:
        ///     The ``Pending`` LiveResponse MachineAction; ``commands`` holds one entry per command
        ///     with its ``commandStatus`` (``Created``, ``Completed``, ``Failed``).
        ///
        /// Raises:
        ///     ValueError: Bad order, unknown command type, missing parameter, blank comment.
        ///     BadRequestError: ``ActiveRequestAlreadyExists`` (a session already runs there).
        ///     ThrottledError: More than 10 runs a minute or 25 sessions at once (429).
        ///     ResourceNotFoundError: No such machine (404).
        #[pyo3(signature = (machine_id, commands, *, comment))]
        #[py(returns = "MachineAction", types(commands = "Sequence[dict[str, Any]]"))]
        fn run(machine_id: String, commands: Bound<'_, PyAny>, comment: String) = |c| {
            let values = command_values(&commands)?;
            let parsed: Result<Vec<Command>> = values.iter().map(Command::from_json).collect();
            async move { c.live_response().run(&machine_id, &parsed?, &comment).await.map(Json) }
        };

        /// Polls a session to its final state; see :meth:`MachineActionsOperations.wait`.
        #[pyo3(signature = (action_id, *, timeout=600.0, poll_interval=5.0))]
        #[py(returns = "MachineAction")]
        fn wait(action_id: String, timeout: f64, poll_interval: f64) = |c| async move {
            let timeout = seconds("timeout", timeout)?;
            let poll_interval = seconds("poll_interval", poll_interval)?;
            c.machine_actions().wait(&action_id, timeout, poll_interval).await.map(Json)
        };

        /// The download link of command ``index``'s result
        /// (``GET /api/machineactions/{id}/GetLiveResponseResultDownloadLink(index=n)``); valid
        /// 30 minutes and can be asked for again.
        ///
        /// Raises:
        ///     ResourceNotFoundError: No such action, or the command has no result (yet).
        #[pyo3(signature = (action_id, index))]
        #[py(returns = "str")]
        fn result_link(action_id: String, index: crate::options::Count) = |c| async move {
            c.live_response().result_link(&action_id, index.0).await
        };

        /// Downloads command ``index``'s result: the bytes, or, with ``path``, writes them
        /// there and returns the path. The link is a pre-signed URL, fetched without the bearer
        /// token. A RunScript result is JSON: ``{"script_name", "exit_code", "script_output",
        /// "script_errors"}``.
        #[pyo3(signature = (action_id, index, *, path=None))]
        #[py(returns = "bytes | str")]
        fn download(action_id: String, index: crate::options::Count, path: Option<PathBuf>) = |c| async move {
            let data = c.live_response().download(&action_id, index.0).await?;
            match path {
                None => Ok(DownloadOut::Bytes(RawBytes(data))),
                Some(p) => {
                    let shown = p.display().to_string();
                    tokio::task::spawn_blocking(move || std::fs::write(&p, data))
                        .await
                        .map_err(|e| Error::new(ErrorKind::ServiceRequest, format!("writing {shown} failed: {e}")))?
                        .map_err(|e| Error::invalid_argument(format!("cannot write {shown}: {e}")))?;
                    Ok(DownloadOut::Path(shown))
                }
            }
        };

        /// Library files (``GET /api/libraryfiles``): ``fileName``, ``sha256``,
        /// ``description``, ``creationTime``, ``lastUpdatedTime``, ``createdBy``,
        /// ``hasParameters``...
        #[pyo3(signature = ())]
        #[py(returns = "Entities")]
        fn library_list() = |c| async move { c.live_response().library_list().await.map(Json) };

        /// Uploads a script or file to the library (``POST /api/libraryfiles``, multipart).
        ///
        /// Args:
        ///     file: The content, or a path to read (its size is checked first).
        ///     file_name: Library name (required with bytes; default: the path's name); letters,
        ///         digits, ``-``, ``_`` and ``.`` only.
        ///
        /// Raises:
        ///     ValueError: Over 20 MB, an empty file, a bad name (nothing sent).
        ///     BadRequestError: The name exists and ``override_if_exists`` is False.
        #[pyo3(signature = (
            file, *, file_name=None, description=None, parameters_description=None,
            has_parameters=false, override_if_exists=false
        ))]
        #[py(returns = "dict[str, Any]", types(file = "bytes | str | os.PathLike[str]"))]
        fn library_upload(
            file: Bound<'_, PyAny>,
            file_name: Option<String>,
            description: Option<String>,
            parameters_description: Option<String>,
            has_parameters: bool,
            override_if_exists: bool,
        ) = |c| {
            let src = source(&file)?;
            async move {
                let (name, content) = load(src, file_name)?;
                c.live_response()
                    .library_upload(
                        &name,
                        content,
                        description.as_deref(),
                        parameters_description.as_deref(),
                        has_parameters,
                        override_if_exists,
                    )
                    .await
                    .map(Json)
            }
        };

        /// Deletes a library file (``DELETE /api/libraryfiles/{name}``).
        ///
        /// Raises:
        ///     ResourceNotFoundError: No such file (404).
        #[pyo3(signature = (file_name))]
        #[py(returns = "None")]
        fn library_delete(file_name: String) = |c| async move {
            c.live_response().library_delete(&file_name).await.map(|()| None::<()>)
        };
    }
    pagers {}
}

/// `download` returns bytes, or the path it wrote.
pub enum DownloadOut {
    Bytes(RawBytes),
    Path(String),
}

impl<'py> IntoPyObject<'py> for DownloadOut {
    type Target = PyAny;
    type Output = Bound<'py, PyAny>;
    type Error = PyErr;

    fn into_pyobject(self, py: Python<'py>) -> PyResult<Self::Output> {
        match self {
            DownloadOut::Bytes(b) => Ok(b.into_pyobject(py)?.into_any()),
            DownloadOut::Path(p) => Ok(PyString::new(py, &p).into_any()),
        }
    }
}
