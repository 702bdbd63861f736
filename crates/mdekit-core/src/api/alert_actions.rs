//! Alert writes and alert-related entities (reference `mde-api-core.md` §6.3-6.8; Microsoft docs
//! "Update alert", "Batch update alerts", "Create alert by reference", "Get alert related
//! domains / files / IPs / machine / user information").
//!
//! Update and batch update send the camelCase keys of the documented examples; enums are checked
//! before sending, and both spellings of the renamed determinations are accepted
//! (`ConfirmedActivity`/`ConfirmedUserActivity`, `NotMalicious`/`Clean`, §6.2).

use mdekit_spec::{
    Operation, ALERTS_BATCH_UPDATE, ALERTS_CREATE_BY_REFERENCE, ALERTS_RELATED_DOMAINS,
    ALERTS_RELATED_FILES, ALERTS_RELATED_IPS, ALERTS_RELATED_MACHINE, ALERTS_RELATED_USER,
    ALERTS_UPDATE, ALERT_CATEGORY, ALERT_CLASSIFICATION, ALERT_DETERMINATION, ALERT_SEVERITY,
    ALERT_STATUS,
};
use serde_json::{json, Map, Value};

use super::alerts::{validate_alert_id, Alerts};
use super::canonical;
use super::machines::validate_machine_id;
use crate::error::{Error, Result};
use crate::pipeline::Request;

/// The fields an update changes; `None` leaves a field as it is.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AlertUpdate {
    pub status: Option<String>,
    pub assigned_to: Option<String>,
    pub classification: Option<String>,
    pub determination: Option<String>,
    /// Adds a comment to the alert.
    pub comment: Option<String>,
}

impl AlertUpdate {
    /// The body with the documented camelCase keys, enums in their documented spelling.
    pub fn body(&self) -> Result<Map<String, Value>> {
        let mut body = Map::new();
        if let Some(s) = &self.status {
            body.insert(
                "status".into(),
                json!(canonical("status", s, &ALERT_STATUS)?),
            );
        }
        if let Some(a) = &self.assigned_to {
            body.insert("assignedTo".into(), json!(a));
        }
        if let Some(c) = &self.classification {
            body.insert(
                "classification".into(),
                json!(canonical("classification", c, &ALERT_CLASSIFICATION)?),
            );
        }
        if let Some(d) = &self.determination {
            body.insert(
                "determination".into(),
                json!(canonical("determination", d, &ALERT_DETERMINATION)?),
            );
        }
        if let Some(c) = &self.comment {
            if c.trim().is_empty() {
                return Err(Error::invalid_argument("comment must not be blank"));
            }
            body.insert("comment".into(), json!(c));
        }
        if body.is_empty() {
            return Err(Error::invalid_argument(
                "nothing to update: give status, assigned_to, classification, determination or comment",
            ));
        }
        Ok(body)
    }
}

/// The fields of create-by-reference, all required (§6.6).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AlertReference {
    pub machine_id: String,
    pub report_id: String,
    /// The event's exact time from advanced hunting (UTC ISO-8601).
    pub event_time: String,
    pub severity: String,
    pub title: String,
    pub description: String,
    pub recommended_action: String,
    pub category: String,
}

impl AlertReference {
    pub fn body(&self) -> Result<Value> {
        validate_machine_id(&self.machine_id)?;
        for (name, v) in [
            ("report_id", &self.report_id),
            ("event_time", &self.event_time),
            ("title", &self.title),
            ("description", &self.description),
            ("recommended_action", &self.recommended_action),
        ] {
            if v.trim().is_empty() {
                return Err(Error::invalid_argument(format!("{name} must not be blank")));
            }
        }
        if !self
            .report_id
            .chars()
            .all(|c| c.is_ascii_digit() || c == '-')
        {
            return Err(Error::invalid_argument(format!(
                "report_id {:?} is not an advanced-hunting ReportId (an integer)",
                self.report_id
            )));
        }
        Ok(json!({
            "machineId": self.machine_id,
            "severity": canonical("severity", &self.severity, &ALERT_SEVERITY)?,
            "title": self.title,
            "description": self.description,
            "recommendedAction": self.recommended_action,
            "eventTime": self.event_time,
            "reportId": self.report_id,
            "category": canonical("category", &self.category, &ALERT_CATEGORY)?,
        }))
    }
}

/// What `Alerts::related` fetches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Related {
    Domains,
    Files,
    Ips,
    Machine,
    User,
}

impl std::str::FromStr for Related {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        match s {
            "domains" => Ok(Related::Domains),
            "files" => Ok(Related::Files),
            "ips" => Ok(Related::Ips),
            "machine" => Ok(Related::Machine),
            "user" => Ok(Related::User),
            other => Err(Error::invalid_argument(format!(
                "unknown related entity {other:?}: expected domains, files, ips, machine or user"
            ))),
        }
    }
}

impl Related {
    fn op(self) -> &'static Operation {
        match self {
            Related::Domains => &ALERTS_RELATED_DOMAINS,
            Related::Files => &ALERTS_RELATED_FILES,
            Related::Ips => &ALERTS_RELATED_IPS,
            Related::Machine => &ALERTS_RELATED_MACHINE,
            Related::User => &ALERTS_RELATED_USER,
        }
    }
}

impl Alerts {
    /// `PATCH /api/alerts/{id}`: the updated alert.
    pub async fn update(&self, id: &str, update: &AlertUpdate) -> Result<Value> {
        validate_alert_id(id)?;
        let body = update.body()?;
        let url = self.pipeline.url(&ALERTS_UPDATE, &[id])?;
        let req = Request::new(&ALERTS_UPDATE, url).json(Value::Object(body));
        self.pipeline.send(req).await?.json()
    }

    /// `POST /api/alerts/batchUpdate`: the service answers 200 with an empty body.
    pub async fn batch_update(&self, ids: &[String], update: &AlertUpdate) -> Result<()> {
        if ids.is_empty() {
            return Err(Error::invalid_argument("alert_ids must not be empty"));
        }
        for id in ids {
            validate_alert_id(id)?;
        }
        let mut body = update.body()?;
        body.insert("alertIds".into(), json!(ids));
        let url = self.pipeline.url(&ALERTS_BATCH_UPDATE, &[])?;
        let req = Request::new(&ALERTS_BATCH_UPDATE, url).json(Value::Object(body));
        self.pipeline.send(req).await?;
        Ok(())
    }

    /// `POST /api/alerts/CreateAlertByReference`: the new alert (or the open alert with the same
    /// title on the machine, which the service merges into).
    pub async fn create_by_reference(&self, reference: &AlertReference) -> Result<Value> {
        let body = reference.body()?;
        let url = self.pipeline.url(&ALERTS_CREATE_BY_REFERENCE, &[])?;
        self.pipeline
            .send(Request::new(&ALERTS_CREATE_BY_REFERENCE, url).json(body))
            .await?
            .json()
    }

    /// `GET /api/alerts/{id}/{domains|files|ips|machine|user}`: a list for domains, files and IPs
    /// (the collection's `value`), one entity for machine and user.
    pub async fn related(&self, id: &str, what: Related) -> Result<Value> {
        validate_alert_id(id)?;
        let url = self.pipeline.url(what.op(), &[id])?;
        let mut body = self.pipeline.get_json(what.op(), url).await?;
        match what {
            Related::Machine | Related::User => Ok(body),
            _ => match body.get_mut("value").map(Value::take) {
                Some(v @ Value::Array(_)) => Ok(v),
                _ => Err(Error::decode("a collection response had no 'value' list")),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn update_bodies() {
        let u = AlertUpdate {
            status: Some("resolved".into()),
            classification: Some("truepositive".into()),
            determination: Some("NotMalicious".into()),
            comment: Some("done".into()),
            ..Default::default()
        };
        let b = u.body().unwrap();
        assert_eq!(b["status"], "Resolved");
        assert_eq!(b["classification"], "TruePositive");
        assert_eq!(b["determination"], "NotMalicious");
        assert!(AlertUpdate::default().body().is_err());
        let bad = AlertUpdate {
            status: Some("Closed".into()),
            ..Default::default()
        };
        assert!(bad.body().is_err());
        assert!("domain".parse::<Related>().is_err());
    }
}
