//! Automated investigations: list, get, start (reference `mde-api-rest.md` §3; Microsoft docs
//! "Investigation resource type", "List Investigations API", "Get Investigation API", "Start
//! Investigation API"). Permission: `Alert.Read.All` or `Alert.ReadWrite.All` to read,
//! `Alert.ReadWrite.All` to start.

use mdekit_spec::{INVESTIGATIONS_GET, INVESTIGATIONS_LIST, INVESTIGATIONS_START};
use serde_json::{json, Value};

use super::machines::validate_machine_id;
use crate::error::{Error, Result};
use crate::odata::ListQuery;
use crate::paging::Pager;
use crate::pipeline::{Pipeline, Request};

/// An investigation id (`"63004"`) or the id of the alert that triggered it.
pub fn validate_investigation_key(id: &str) -> Result<()> {
    super::validate_id("investigation id", id, |c| {
        c.is_ascii_alphanumeric() || c == '_' || c == '-'
    })
}

#[derive(Debug, Clone)]
pub struct Investigations {
    pub(crate) pipeline: Pipeline,
}

impl Investigations {
    /// A lazy pager over `GET /api/investigations` with OData options.
    pub fn list(&self, query: ListQuery) -> Result<Pager> {
        query.validate(&INVESTIGATIONS_LIST)?;
        Ok(Pager::new(
            self.pipeline.clone(),
            &INVESTIGATIONS_LIST,
            self.pipeline.url(&INVESTIGATIONS_LIST, &[])?,
            query,
        ))
    }

    /// `GET /api/investigations/{id}`, by investigation id or triggering alert id.
    pub async fn get(&self, id: &str) -> Result<Value> {
        validate_investigation_key(id)?;
        let url = self.pipeline.url(&INVESTIGATIONS_GET, &[id])?;
        self.pipeline.get_json(&INVESTIGATIONS_GET, url).await
    }

    /// `POST /api/machines/{id}/startInvestigation`: 201 with the Investigation.
    pub async fn start(&self, machine_id: &str, comment: &str) -> Result<Value> {
        validate_machine_id(machine_id)?;
        if comment.trim().is_empty() {
            return Err(Error::invalid_argument(
                "comment is required and must not be blank",
            ));
        }
        let url = self.pipeline.url(&INVESTIGATIONS_START, &[machine_id])?;
        let req = Request::new(&INVESTIGATIONS_START, url).json(json!({ "Comment": comment }));
        self.pipeline.send(req).await?.json()
    }
}
