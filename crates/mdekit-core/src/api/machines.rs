//! Machines: `GET /api/machines` and `GET /api/machines/{id}` (Microsoft docs: "List machines
//! API", "Get machine by ID API"). Permission: `Machine.Read.All` or `Machine.ReadWrite.All`
//! (application), `Machine.Read` or `Machine.ReadWrite` (delegated).

use serde_json::Value;

use super::{encode_segment, validate_id};
use crate::config::join;
use crate::error::Result;
use crate::odata::{EntitySpec, ListQuery};
use crate::paging::Pager;
use crate::pipeline::rate_limit::Family;
use crate::pipeline::Pipeline;

pub const SPEC: EntitySpec = EntitySpec {
    name: "machines",
    path: "/api/machines",
    filterable: &[
        "computerDnsName",
        "id",
        "version",
        "deviceValue",
        "aadDeviceId",
        "machineTags",
        "lastSeen",
        "exposureLevel",
        "onboardingStatus",
        "lastIpAddress",
        "healthStatus",
        "osPlatform",
        "riskScore",
        "rbacGroupId",
    ],
    expandable: &[],
};

#[derive(Debug, Clone)]
pub struct Machines {
    pub(crate) pipeline: Pipeline,
}

/// A machine is addressed by its 40-hex device id or by its computer name (the service accepts
/// both), so host-name characters are allowed.
pub fn validate_machine_id(id: &str) -> Result<()> {
    validate_id("machine id", id, |c| {
        c.is_ascii_alphanumeric() || c == '-' || c == '.' || c == '_'
    })
}

impl Machines {
    /// A lazy pager over `GET /api/machines` with OData options.
    pub fn list(&self, query: ListQuery) -> Result<Pager> {
        query.validate(&SPEC)?;
        let base = join(&self.pipeline.endpoints().api_base_url, SPEC.path);
        Ok(Pager::new(
            self.pipeline.clone(),
            Family::Machines,
            base,
            query,
        ))
    }

    /// `GET /api/machines/{id}` by device id or computer name.
    pub async fn get(&self, id: &str) -> Result<Value> {
        validate_machine_id(id)?;
        let url = join(
            &self.pipeline.endpoints().api_base_url,
            &format!("{}/{}", SPEC.path, encode_segment(id)?),
        );
        self.pipeline.get_json(url, Family::Machines).await
    }
}
