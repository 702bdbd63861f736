//! The records handlers keep between requests (machine actions, indicators, investigations, the live
//! response library, Graph's incident changes): plain data the `State` holds, so that `state` depends on no
//! handler module. The behaviour on them lives with the handlers.

use std::collections::HashMap;
use std::sync::Mutex;

use chrono::{DateTime, Duration, Utc};
use serde_json::{Map, Value};

use crate::locks::lock;

/// The sandbox's own time: the wall clock plus whatever tests advanced it by.
#[derive(Default)]
pub struct SimClock {
    offset: Mutex<Duration>,
}

impl SimClock {
    pub fn now(&self) -> DateTime<Utc> {
        Utc::now() + *lock(&self.offset)
    }

    pub fn advance(&self, by: Duration) {
        let mut o = lock(&self.offset);
        *o += by;
    }
}

/// One machine action and what decides its course.
pub struct ActionRecord {
    pub value: Map<String, Value>,
    pub created: DateTime<Utc>,
    pub outcome: &'static str,
    pub cancelled_at: Option<DateTime<Utc>>,
    /// Live response: the command that fails the session, and why.
    pub failed_command: Option<(usize, String)>,
}

/// Machine actions (`actions`, `live_response`).
#[derive(Default)]
pub struct Actions {
    pub records: Vec<ActionRecord>,
    pub by_id: HashMap<String, usize>,
    /// Final status the next actions on a machine end in (tests).
    pub outcomes: HashMap<String, &'static str>,
}

impl Actions {
    pub fn set_outcome(&mut self, machine_id: &str, status: &'static str) {
        self.outcomes.insert(machine_id.to_lowercase(), status);
    }
}

/// Submitted indicators (`indicators`).
#[derive(Default)]
pub struct Indicators {
    pub items: Vec<Map<String, Value>>,
    pub next_id: u64,
}

/// Automated investigations, seeded from the alerts on first use (`investigations`).
#[derive(Default)]
pub struct Investigations {
    pub seeded: bool,
    pub items: Vec<Map<String, Value>>,
    pub next_id: u64,
}

/// A live response library file.
pub struct LibraryFile {
    pub meta: Map<String, Value>,
    pub content: Vec<u8>,
}

/// The live response library and the result download links (`live_response`).
#[derive(Default)]
pub struct LiveResponse {
    pub library: Vec<LibraryFile>,
    /// Download token -> (action id, command index).
    pub links: HashMap<String, (String, usize)>,
}

/// What Graph updates and comments set on incidents (`graph_security`).
#[derive(Default)]
pub struct GraphSecurity {
    pub incidents: HashMap<String, IncidentState>,
}

/// Set by Graph on one incident.
#[derive(Default, Clone)]
pub struct IncidentState {
    pub fields: Map<String, Value>,
    pub comments: Vec<Value>,
    pub updated: Option<String>,
}

/// Vulnerability management: the tenant's model (built on first use, from the machines as they
/// are then) and the authenticated-scan definitions.
#[derive(Default)]
pub struct Tvm {
    pub model: std::sync::OnceLock<crate::tvm_model::Model>,
    pub scans: Mutex<Option<crate::tvm_model::ScanBook>>,
}

/// One export file URL handed out: which rows it holds and until when its signature is valid.
#[derive(Clone)]
pub struct ExportBlob {
    pub rows: std::sync::Arc<crate::export_rows::Rows>,
    pub assessment: crate::export_rows::Assessment,
    pub first: usize,
    pub len: usize,
    pub path: String,
    pub expires: DateTime<Utc>,
    pub starts: DateTime<Utc>,
}

/// Export file URLs by signature, and the spool folder the files are written to (removed with
/// the sandbox).
#[derive(Default)]
pub struct ExportBook {
    pub blobs: Mutex<HashMap<String, ExportBlob>>,
    pub spool: Mutex<Option<std::path::PathBuf>>,
}

impl Drop for ExportBook {
    fn drop(&mut self) {
        let dir = lock(&self.spool).take();
        if let Some(dir) = dir {
            let _ = std::fs::remove_dir_all(dir);
        }
    }
}
