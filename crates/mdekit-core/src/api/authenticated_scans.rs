//! Authenticated scans: scan definitions, scanner agents and scan history (reference
//! `mde-api-rest.md` §7; Microsoft docs "Get scan definitions", "Add, update, or delete a scan
//! definition", "Get all scan agents", "Get scan agent by ID", "Get scan history by definition",
//! "Get scan history by session"). Reads need `Machine.Read.All`, writes `Machine.ReadWrite.All`;
//! 100 calls a minute, 1,500 an hour.

use mdekit_spec::{
    AUTHENTICATED_SCAN_TYPE, SCANS_CREATE_DEFINITION, SCANS_DELETE_DEFINITIONS, SCANS_GET_AGENT,
    SCANS_HISTORY_BY_DEFINITION, SCANS_HISTORY_BY_SESSION, SCANS_LIST_AGENTS,
    SCANS_LIST_DEFINITIONS, SCANS_UPDATE_DEFINITION,
};
use serde_json::{json, Map, Value};

use super::machines::validate_machine_id;
use super::tvm::value_list;
use super::{canonical, validate_id};
use crate::error::{Error, Result};
use crate::pipeline::{Pipeline, Request};

/// Most sessions one history-by-definition page may hold (`$top`).
pub const MAX_HISTORY_TOP: u32 = 4_096;
/// Most ids one call takes: the pages state none, so a generous bound keeps bodies sane.
pub const MAX_IDS: usize = 1_000;

fn validate_key(what: &str, id: &str) -> Result<()> {
    validate_id(what, id, |c| {
        c.is_ascii_alphanumeric() || c == '-' || c == '_'
    })
}

fn validate_ids(what: &str, ids: &[String]) -> Result<()> {
    if ids.is_empty() || ids.len() > MAX_IDS {
        return Err(Error::invalid_argument(format!(
            "{what} takes 1 to {MAX_IDS} ids, got {}",
            ids.len()
        )));
    }
    ids.iter().try_for_each(|id| validate_key(what, id))
}

/// What a definition may change; `None` leaves a field as it is. No `Debug`: the
/// authentication parameters may hold passwords.
#[derive(Clone, Default)]
pub struct DefinitionChanges {
    pub scan_name: Option<String>,
    pub is_active: Option<bool>,
    pub target: Option<String>,
    pub interval_in_hours: Option<u32>,
    pub target_type: Option<String>,
    pub scan_authentication_params: Option<Map<String, Value>>,
}

/// A new scan definition (all of the page's required fields). No `Debug`: the authentication
/// parameters may hold passwords.
#[derive(Clone)]
pub struct NewDefinition {
    pub scan_type: String,
    pub scan_name: String,
    pub target: String,
    pub scanner_machine_id: String,
    pub scan_authentication_params: Map<String, Value>,
    pub is_active: bool,
    pub interval_in_hours: u32,
    pub target_type: String,
}

fn non_blank(what: &str, v: &str) -> Result<()> {
    if v.trim().is_empty() {
        Err(Error::invalid_argument(format!("{what} must not be blank")))
    } else {
        Ok(())
    }
}

fn check_interval(hours: u32) -> Result<()> {
    if hours == 0 {
        Err(Error::invalid_argument(
            "interval_in_hours must be at least 1",
        ))
    } else {
        Ok(())
    }
}

fn check_auth(params: &Map<String, Value>) -> Result<()> {
    match params.get("@odata.type").and_then(Value::as_str) {
        Some(t) if t.ends_with("SnmpAuthParams") || t.ends_with("WindowsAuthParams") => Ok(()),
        _ => Err(Error::invalid_argument(
            "scan_authentication_params needs \"@odata.type\": \
             \"#microsoft.windowsDefenderATP.api.SnmpAuthParams\" (Network) or \
             \"#microsoft.windowsDefenderATP.api.WindowsAuthParams\" (Windows)",
        )),
    }
}

#[derive(Debug, Clone)]
pub struct AuthenticatedScans {
    pub(crate) pipeline: Pipeline,
}

impl AuthenticatedScans {
    async fn post(&self, req: Request) -> Result<Value> {
        let resp = self.pipeline.send(req).await?;
        if resp.body.iter().all(u8::is_ascii_whitespace) {
            return Ok(Value::Null);
        }
        resp.json()
    }

    fn list_of(mut body: Value) -> Result<Value> {
        match body.get_mut("value").map(Value::take) {
            Some(v @ Value::Array(_)) => Ok(v),
            _ => Err(Error::decode("a collection response had no 'value' list")),
        }
    }

    /// `GET /api/DeviceAuthenticatedScanDefinitions`.
    pub async fn list_definitions(&self) -> Result<Value> {
        let url = self.pipeline.url(&SCANS_LIST_DEFINITIONS, &[])?;
        value_list(&self.pipeline, &SCANS_LIST_DEFINITIONS, url).await
    }

    /// `POST /api/DeviceAuthenticatedScanDefinitions`: the new definition (200).
    pub async fn create_definition(&self, d: &NewDefinition) -> Result<Value> {
        let scan_type = canonical("scan_type", &d.scan_type, &AUTHENTICATED_SCAN_TYPE)?;
        non_blank("scan_name", &d.scan_name)?;
        non_blank("target", &d.target)?;
        non_blank("target_type", &d.target_type)?;
        check_interval(d.interval_in_hours)?;
        validate_machine_id(&d.scanner_machine_id)?;
        check_auth(&d.scan_authentication_params)?;
        let body = json!({
            "scanType": scan_type,
            "scanName": d.scan_name,
            "isActive": d.is_active,
            "target": d.target,
            "intervalInHours": d.interval_in_hours,
            "targetType": d.target_type,
            "scannerAgent": {"machineId": d.scanner_machine_id},
            "scanAuthenticationParams": d.scan_authentication_params,
        });
        let url = self.pipeline.url(&SCANS_CREATE_DEFINITION, &[])?;
        self.post(Request::new(&SCANS_CREATE_DEFINITION, url).json(body))
            .await
    }

    /// `PATCH /api/DeviceAuthenticatedScanDefinitions/{id}`: the updated definition.
    pub async fn update_definition(&self, id: &str, c: &DefinitionChanges) -> Result<Value> {
        validate_key("scan definition id", id)?;
        let mut body = Map::new();
        if let Some(v) = &c.scan_name {
            non_blank("scan_name", v)?;
            body.insert("scanName".into(), json!(v));
        }
        if let Some(v) = c.is_active {
            body.insert("isActive".into(), json!(v));
        }
        if let Some(v) = &c.target {
            non_blank("target", v)?;
            body.insert("target".into(), json!(v));
        }
        if let Some(v) = c.interval_in_hours {
            check_interval(v)?;
            body.insert("intervalInHours".into(), json!(v));
        }
        if let Some(v) = &c.target_type {
            non_blank("target_type", v)?;
            body.insert("targetType".into(), json!(v));
        }
        if let Some(v) = &c.scan_authentication_params {
            check_auth(v)?;
            body.insert("scanAuthenticationParams".into(), Value::Object(v.clone()));
        }
        if body.is_empty() {
            return Err(Error::invalid_argument(
                "update_definition needs at least one change",
            ));
        }
        let url = self.pipeline.url(&SCANS_UPDATE_DEFINITION, &[id])?;
        self.post(Request::new(&SCANS_UPDATE_DEFINITION, url).json(Value::Object(body)))
            .await
    }

    /// `POST /api/DeviceAuthenticatedScanDefinitions/BatchDelete`.
    pub async fn delete_definitions(&self, ids: &[String]) -> Result<()> {
        validate_ids("scan definition id", ids)?;
        let url = self.pipeline.url(&SCANS_DELETE_DEFINITIONS, &[])?;
        let req =
            Request::new(&SCANS_DELETE_DEFINITIONS, url).json(json!({"ScanDefinitionIds": ids}));
        self.pipeline.send(req).await?;
        Ok(())
    }

    /// `GET /api/DeviceAuthenticatedScanAgents`.
    pub async fn list_agents(&self) -> Result<Value> {
        let url = self.pipeline.url(&SCANS_LIST_AGENTS, &[])?;
        value_list(&self.pipeline, &SCANS_LIST_AGENTS, url).await
    }

    /// `GET /api/DeviceAuthenticatedScanAgents/{id}`: the agent; the page's example wraps it
    /// in a one-item `value` list, which is unwrapped.
    pub async fn get_agent(&self, id: &str) -> Result<Value> {
        validate_key("scan agent id", id)?;
        let url = self.pipeline.url(&SCANS_GET_AGENT, &[id])?;
        let mut body = self.pipeline.get_json(&SCANS_GET_AGENT, url).await?;
        if let Some(Value::Array(items)) = body.get_mut("value") {
            if items.len() == 1 {
                return Ok(items.remove(0));
            }
        }
        Ok(body)
    }

    /// `POST .../GetScanHistoryByScanDefinitionId`: the sessions of the definitions, newest
    /// first; `top` (1-4,096) and `skip` count sessions.
    pub async fn history_by_definition(
        &self,
        ids: &[String],
        top: Option<u32>,
        skip: Option<u32>,
    ) -> Result<Value> {
        validate_ids("scan definition id", ids)?;
        if let Some(t) = top {
            if t == 0 || t > MAX_HISTORY_TOP {
                return Err(Error::invalid_argument(format!(
                    "top must be between 1 and {MAX_HISTORY_TOP}, got {t}"
                )));
            }
        }
        let mut url = self.pipeline.url(&SCANS_HISTORY_BY_DEFINITION, &[])?;
        {
            let mut q = url.query_pairs_mut();
            if let Some(t) = top {
                q.append_pair("$top", &t.to_string());
            }
            if let Some(s) = skip {
                q.append_pair("$skip", &s.to_string());
            }
        }
        if url.query() == Some("") {
            url.set_query(None);
        }
        let req =
            Request::new(&SCANS_HISTORY_BY_DEFINITION, url).json(json!({"ScanDefinitionIds": ids}));
        Self::list_of(self.post(req).await?)
    }

    /// `POST .../GetScanHistoryBySessionId`: the sessions with their scanned targets.
    pub async fn history_by_session(&self, ids: &[String]) -> Result<Value> {
        validate_ids("session id", ids)?;
        let url = self.pipeline.url(&SCANS_HISTORY_BY_SESSION, &[])?;
        let req = Request::new(&SCANS_HISTORY_BY_SESSION, url).json(json!({"SessionIds": ids}));
        Self::list_of(self.post(req).await?)
    }
}
