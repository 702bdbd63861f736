//! Automated investigations: list, get, start (reference `mde-api-rest.md` §3; Microsoft docs
//! "Investigation resource type", "List Investigations API", "Get Investigation API", "Start
//! Investigation API"). Permission: `Alert.Read.All` or `Alert.ReadWrite.All` to read,
//! `Alert.ReadWrite.All` to start.

use reqwest::Method;
use serde_json::{json, Value};

use super::encode_segment;
use super::machines::validate_machine_id;
use crate::config::join;
use crate::error::{Error, Result};
use crate::odata::{EntitySpec, ListQuery};
use crate::paging::Pager;
use crate::pipeline::rate_limit::Family;
use crate::pipeline::{Audience, Idempotency, Pipeline, Request};

pub const SPEC: EntitySpec = EntitySpec {
    name: "investigations",
    path: "/api/investigations",
    filterable: &["startTime", "id", "state", "machineId", "triggeringAlertId"],
    expandable: &[],
};

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
        query.validate(&SPEC)?;
        Ok(Pager::new(
            self.pipeline.clone(),
            Family::Investigations,
            join(&self.pipeline.endpoints().api_base_url, SPEC.path),
            query,
        ))
    }

    /// `GET /api/investigations/{id}`, by investigation id or triggering alert id.
    pub async fn get(&self, id: &str) -> Result<Value> {
        validate_investigation_key(id)?;
        let url = join(
            &self.pipeline.endpoints().api_base_url,
            &format!("{}/{}", SPEC.path, encode_segment(id)?),
        );
        self.pipeline.get_json(url, Family::Investigations).await
    }

    /// `POST /api/machines/{id}/startInvestigation`: 201 with the Investigation.
    pub async fn start(&self, machine_id: &str, comment: &str) -> Result<Value> {
        validate_machine_id(machine_id)?;
        if comment.trim().is_empty() {
            return Err(Error::invalid_argument(
                "comment is required and must not be blank",
            ));
        }
        let req = Request {
            method: Method::POST,
            url: join(
                &self.pipeline.endpoints().api_base_url,
                &format!(
                    "/api/machines/{}/startInvestigation",
                    encode_segment(machine_id)?
                ),
            ),
            body: Some(json!({ "Comment": comment })),
            family: Family::StartInvestigation,
            audience: Audience::Mde,
            idempotency: Idempotency::StateChanging,
        };
        self.pipeline.send(req).await?.json()
    }
}
