//! What Microsoft Graph's security incidents and alerts (v2) share: the update body (the pages'
//! camelCase keys, enums checked against the catalogue's domains and sent in the documented
//! spelling) and the comment body (`alertComment`).

use mdekit_spec::Domain;
use serde_json::{json, Map, Value};

use super::{canonical, validate_id};
use crate::error::{Error, Result};

/// The fields an update changes; `None` leaves a field as it is.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GraphUpdate {
    pub status: Option<String>,
    /// An empty string clears the owner (`null`).
    pub assigned_to: Option<String>,
    pub classification: Option<String>,
    pub determination: Option<String>,
    /// Incidents only (`customTags`); replaces the list.
    pub custom_tags: Option<Vec<String>>,
}

impl GraphUpdate {
    pub(crate) fn body(
        &self,
        status_domain: &'static Domain,
        allows_tags: bool,
    ) -> Result<Map<String, Value>> {
        let mut body = Map::new();
        if let Some(s) = &self.status {
            body.insert(
                "status".into(),
                json!(canonical("status", s, status_domain)?),
            );
        }
        if let Some(a) = &self.assigned_to {
            let v = if a.trim().is_empty() {
                Value::Null
            } else {
                json!(a)
            };
            body.insert("assignedTo".into(), v);
        }
        if let Some(c) = &self.classification {
            let c = canonical("classification", c, &mdekit_spec::GRAPH_CLASSIFICATION)?;
            body.insert("classification".into(), json!(c));
        }
        if let Some(d) = &self.determination {
            let d = canonical("determination", d, &mdekit_spec::GRAPH_DETERMINATION)?;
            body.insert("determination".into(), json!(d));
        }
        if let Some(tags) = &self.custom_tags {
            if !allows_tags {
                return Err(Error::invalid_argument(
                    "custom_tags can only be set on incidents",
                ));
            }
            if tags.iter().any(|t| t.trim().is_empty()) {
                return Err(Error::invalid_argument(
                    "custom_tags must not hold blank tags",
                ));
            }
            body.insert("customTags".into(), json!(tags));
        }
        if body.is_empty() {
            return Err(Error::invalid_argument(
                "nothing to update: give status, assigned_to, classification, determination \
                 or custom_tags",
            ));
        }
        Ok(body)
    }
}

/// The documented comment body: `{"@odata.type": "microsoft.graph.security.alertComment",
/// "comment": ...}`.
pub(crate) fn comment_body(comment: &str) -> Result<Value> {
    if comment.trim().is_empty() {
        return Err(Error::invalid_argument("comment must not be blank"));
    }
    Ok(json!({
        "@odata.type": "microsoft.graph.security.alertComment",
        "comment": comment,
    }))
}

/// Incident ids are decimal numbers (`"2972395"`).
pub fn validate_incident_id(id: &str) -> Result<()> {
    validate_id("incident id", id, |c| c.is_ascii_digit())
}

/// Graph alert ids are the provider's ids (`da637551227677560813_-961444813`, or a GUID-like
/// string for other products).
pub fn validate_security_alert_id(id: &str) -> Result<()> {
    validate_id("alert id", id, |c| {
        c.is_ascii_alphanumeric() || c == '_' || c == '-' || c == '.'
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn update_body_sends_camel_case() {
        let u = GraphUpdate {
            status: Some("Resolved".into()),
            classification: Some("TruePositive".into()),
            determination: Some("MultiStagedAttack".into()),
            custom_tags: Some(vec!["Demo".into()]),
            assigned_to: Some(String::new()),
        };
        let b = u.body(&mdekit_spec::INCIDENT_STATUS, true).unwrap();
        assert_eq!(
            Value::Object(b),
            json!({"status": "resolved", "classification": "truePositive",
                   "determination": "multiStagedAttack", "customTags": ["Demo"],
                   "assignedTo": null})
        );
        assert!(u.body(&mdekit_spec::GRAPH_ALERT_STATUS, false).is_err());
        assert!(GraphUpdate::default()
            .body(&mdekit_spec::INCIDENT_STATUS, true)
            .is_err());
        let bad = GraphUpdate {
            status: Some("closed".into()),
            ..Default::default()
        };
        assert!(bad.body(&mdekit_spec::INCIDENT_STATUS, true).is_err());
    }
}
