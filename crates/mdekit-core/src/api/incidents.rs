//! Microsoft Graph security incidents: `GET/PATCH /v1.0/security/incidents[/{id}]` and
//! `POST .../comments` (Graph docs "List incidents", "Get incident", "Update incident", "Create
//! comment for incident"). Permission: SecurityIncident.Read.All or
//! SecurityIncident.ReadWrite.All to read, SecurityIncident.ReadWrite.All to write (application
//! or delegated).

use serde_json::Value;

use mdekit_spec::{INCIDENTS_COMMENT, INCIDENTS_GET, INCIDENTS_LIST, INCIDENTS_UPDATE};

use super::graph_security::{comment_body, validate_incident_id, GraphUpdate};
use crate::error::{Error, Result};
use crate::odata::ListQuery;
use crate::paging::Pager;
use crate::pipeline::{Pipeline, Request};

#[derive(Debug, Clone)]
pub struct Incidents {
    pub(crate) pipeline: Pipeline,
}

impl Incidents {
    /// A lazy pager over `GET /v1.0/security/incidents` (`$filter`, `$top`, `$skip`, `$count`,
    /// `$expand=alerts`), following `@odata.nextLink`.
    pub fn list(&self, query: ListQuery) -> Result<Pager> {
        query.validate(&INCIDENTS_LIST)?;
        let base = self.pipeline.url(&INCIDENTS_LIST, &[])?;
        Ok(Pager::new(
            self.pipeline.clone(),
            &INCIDENTS_LIST,
            base,
            query,
        ))
    }

    /// `GET /v1.0/security/incidents/{id}`, with its alerts when `expand` is `"alerts"`.
    pub async fn get(&self, id: &str, expand: Option<&str>) -> Result<Value> {
        validate_incident_id(id)?;
        let mut url = self.pipeline.url(&INCIDENTS_GET, &[id])?;
        if let Some(e) = expand {
            if !INCIDENTS_LIST
                .expandable
                .iter()
                .any(|x| x.eq_ignore_ascii_case(e.trim()))
            {
                return Err(Error::invalid_argument(format!(
                    "expand={e:?} is not supported on incidents: allowed: alerts"
                )));
            }
            url.query_pairs_mut().append_pair("$expand", "alerts");
        }
        self.pipeline.get_json(&INCIDENTS_GET, url).await
    }

    /// `PATCH /v1.0/security/incidents/{id}`: the updated incident.
    pub async fn update(&self, id: &str, update: &GraphUpdate) -> Result<Value> {
        validate_incident_id(id)?;
        let body = update.body(&mdekit_spec::INCIDENT_STATUS, true)?;
        let url = self.pipeline.url(&INCIDENTS_UPDATE, &[id])?;
        let req = Request::new(&INCIDENTS_UPDATE, url).json(Value::Object(body));
        self.pipeline.send(req).await?.json()
    }

    /// `POST /v1.0/security/incidents/{id}/comments`: every comment of the incident (the
    /// response's `value` list).
    pub async fn comment(&self, id: &str, comment: &str) -> Result<Value> {
        validate_incident_id(id)?;
        let body = comment_body(comment)?;
        let url = self.pipeline.url(&INCIDENTS_COMMENT, &[id])?;
        let req = Request::new(&INCIDENTS_COMMENT, url).json(body);
        let mut v = self.pipeline.send(req).await?.json()?;
        Ok(v.get_mut("value").map(Value::take).unwrap_or(v))
    }
}
