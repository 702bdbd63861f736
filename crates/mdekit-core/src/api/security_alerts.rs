//! Microsoft Graph security alerts (v2): `GET/PATCH /v1.0/security/alerts_v2[/{id}]` and
//! `POST .../comments` (Graph docs "List alerts_v2", "Get alert", "Update alert", "Create comment
//! for alert"). Permission: SecurityAlert.Read.All or SecurityAlert.ReadWrite.All to read,
//! SecurityAlert.ReadWrite.All to write (application or delegated).

use serde_json::Value;

use mdekit_spec::{
    SECURITY_ALERTS_COMMENT, SECURITY_ALERTS_GET, SECURITY_ALERTS_LIST, SECURITY_ALERTS_UPDATE,
};

use super::graph_security::{comment_body, validate_security_alert_id, GraphUpdate};
use crate::error::Result;
use crate::odata::ListQuery;
use crate::paging::Pager;
use crate::pipeline::{Pipeline, Request};

#[derive(Debug, Clone)]
pub struct SecurityAlerts {
    pub(crate) pipeline: Pipeline,
}

impl SecurityAlerts {
    /// A lazy pager over `GET /v1.0/security/alerts_v2` (`$filter`, `$top`, `$skip`,
    /// `$count`), following `@odata.nextLink`.
    pub fn list(&self, query: ListQuery) -> Result<Pager> {
        query.validate(&SECURITY_ALERTS_LIST)?;
        let base = self.pipeline.url(&SECURITY_ALERTS_LIST, &[])?;
        Ok(Pager::new(
            self.pipeline.clone(),
            &SECURITY_ALERTS_LIST,
            base,
            query,
        ))
    }

    /// `GET /v1.0/security/alerts_v2/{id}`: the alert with its evidence.
    pub async fn get(&self, id: &str) -> Result<Value> {
        validate_security_alert_id(id)?;
        let url = self.pipeline.url(&SECURITY_ALERTS_GET, &[id])?;
        self.pipeline.get_json(&SECURITY_ALERTS_GET, url).await
    }

    /// `PATCH /v1.0/security/alerts_v2/{id}`: the updated alert.
    pub async fn update(&self, id: &str, update: &GraphUpdate) -> Result<Value> {
        validate_security_alert_id(id)?;
        let body = update.body(&mdekit_spec::GRAPH_ALERT_STATUS, false)?;
        let url = self.pipeline.url(&SECURITY_ALERTS_UPDATE, &[id])?;
        let req = Request::new(&SECURITY_ALERTS_UPDATE, url).json(Value::Object(body));
        self.pipeline.send(req).await?.json()
    }

    /// `POST /v1.0/security/alerts_v2/{id}/comments`: every comment of the alert.
    pub async fn comment(&self, id: &str, comment: &str) -> Result<Value> {
        validate_security_alert_id(id)?;
        let body = comment_body(comment)?;
        let url = self.pipeline.url(&SECURITY_ALERTS_COMMENT, &[id])?;
        let req = Request::new(&SECURITY_ALERTS_COMMENT, url).json(body);
        let mut v = self.pipeline.send(req).await?.json()?;
        Ok(v.get_mut("value").map(Value::take).unwrap_or(v))
    }
}
