//! Alerts: `GET /api/alerts` and `GET /api/alerts/{id}` (Microsoft docs: "List alerts API",
//! "Get alert information by ID API"). Permission: `Alert.Read.All` or `Alert.ReadWrite.All`
//! (application), `Alert.Read` or `Alert.ReadWrite` (delegated).

use serde_json::Value;

use mdekit_spec::{ALERTS_GET, ALERTS_LIST};

use super::validate_id;
use crate::error::Result;
use crate::odata::ListQuery;
use crate::paging::Pager;
use crate::pipeline::Pipeline;

#[derive(Debug, Clone)]
pub struct Alerts {
    pub(crate) pipeline: Pipeline,
}

/// Alert ids look like `da637472900382838869_1364969609` (older ones lack `da`).
pub fn validate_alert_id(id: &str) -> Result<()> {
    validate_id("alert id", id, |c| {
        c.is_ascii_alphanumeric() || c == '_' || c == '-'
    })
}

impl Alerts {
    /// A lazy pager over `GET /api/alerts` with OData options.
    pub fn list(&self, query: ListQuery) -> Result<Pager> {
        query.validate(&ALERTS_LIST)?;
        let base = self.pipeline.url(&ALERTS_LIST, &[])?;
        Ok(Pager::new(self.pipeline.clone(), &ALERTS_LIST, base, query))
    }

    /// `GET /api/alerts/{id}`; 404 raises ResourceNotFound.
    pub async fn get(&self, id: &str) -> Result<Value> {
        validate_alert_id(id)?;
        let url = self.pipeline.url(&ALERTS_GET, &[id])?;
        self.pipeline.get_json(&ALERTS_GET, url).await
    }
}
