//! Alerts: `GET /api/alerts` and `GET /api/alerts/{id}` (Microsoft docs: "List alerts API",
//! "Get alert information by ID API"). Permission: `Alert.Read.All` or `Alert.ReadWrite.All`
//! (application), `Alert.Read` or `Alert.ReadWrite` (delegated).

use serde_json::Value;

use super::{encode_segment, validate_id};
use crate::config::join;
use crate::error::Result;
use crate::odata::{EntitySpec, ListQuery};
use crate::paging::Pager;
use crate::pipeline::rate_limit::Family;
use crate::pipeline::Pipeline;

pub const SPEC: EntitySpec = EntitySpec {
    name: "alerts",
    path: "/api/alerts",
    filterable: &[
        "alertCreationTime",
        "lastUpdateTime",
        "incidentId",
        "investigationId",
        "id",
        "assignedTo",
        "detectionSource",
        "lastEventTime",
        "status",
        "severity",
        "category",
    ],
    expandable: &["evidence"],
};

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
        query.validate(&SPEC)?;
        let base = join(&self.pipeline.endpoints().api_base_url, SPEC.path);
        Ok(Pager::new(
            self.pipeline.clone(),
            Family::Alerts,
            base,
            query,
        ))
    }

    /// `GET /api/alerts/{id}`; 404 raises ResourceNotFound.
    pub async fn get(&self, id: &str) -> Result<Value> {
        validate_alert_id(id)?;
        let url = join(
            &self.pipeline.endpoints().api_base_url,
            &format!("{}/{}", SPEC.path, encode_segment(id)?),
        );
        self.pipeline.get_json(url, Family::Alerts).await
    }
}
