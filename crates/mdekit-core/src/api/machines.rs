//! Machines: `GET /api/machines` and `GET /api/machines/{id}` (Microsoft docs: "List machines
//! API", "Get machine by ID API"). Permission: `Machine.Read.All` or `Machine.ReadWrite.All`
//! (application), `Machine.Read` or `Machine.ReadWrite` (delegated).

use serde_json::Value;

use mdekit_spec::{MACHINES_GET, MACHINES_LIST};

use super::validate_id;
use crate::error::Result;
use crate::odata::ListQuery;
use crate::paging::Pager;
use crate::pipeline::Pipeline;

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
        query.validate(&MACHINES_LIST)?;
        let base = self.pipeline.url(&MACHINES_LIST, &[])?;
        Ok(Pager::new(
            self.pipeline.clone(),
            &MACHINES_LIST,
            base,
            query,
        ))
    }

    /// `GET /api/machines/{id}` by device id or computer name.
    pub async fn get(&self, id: &str) -> Result<Value> {
        validate_machine_id(id)?;
        let url = self.pipeline.url(&MACHINES_GET, &[id])?;
        self.pipeline.get_json(&MACHINES_GET, url).await
    }
}
