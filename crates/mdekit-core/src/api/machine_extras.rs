//! Machine reads and writes beyond list/get and the response actions (reference
//! `mde-api-core.md` §7.3; Microsoft docs "Find devices by internal IP", "Find devices by tag",
//! "Add or Remove Machine Tags", "Add or remove a tag for multiple machines", "Set device value",
//! "Get machine logon users", "Get machine related alerts", "Get installed software", "Get
//! discovered vulnerabilities", "Get security recommendations", "Get missing KBs by device").

use std::net::IpAddr;

use mdekit_spec::{
    Operation, DEVICE_VALUE, MACHINES_ALERTS, MACHINES_FIND, MACHINES_FIND_BY_IP,
    MACHINES_FIND_BY_TAG, MACHINES_LOGON_USERS, MACHINES_MISSING_KBS, MACHINES_RECOMMENDATIONS,
    MACHINES_SET_DEVICE_VALUE, MACHINES_SOFTWARE, MACHINES_TAGS, MACHINES_TAGS_MANY,
    MACHINES_UPDATE, MACHINES_VULNERABILITIES,
};
use serde_json::{json, Value};
use url::Url;

use super::canonical;
use super::machine_actions::post_json;
use super::machines::{validate_machine_id, Machines};
use crate::error::{Error, Result};

/// Most machines one multi-machine tag call may carry.
pub const MAX_TAG_MACHINES: usize = 500;

/// The per-machine lists under `/api/machines/{id}/`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MachineList {
    LogonUsers,
    Alerts,
    Software,
    Vulnerabilities,
    Recommendations,
    MissingKbs,
}

impl MachineList {
    fn op(self) -> &'static Operation {
        match self {
            MachineList::LogonUsers => &MACHINES_LOGON_USERS,
            MachineList::Alerts => &MACHINES_ALERTS,
            MachineList::Software => &MACHINES_SOFTWARE,
            MachineList::Vulnerabilities => &MACHINES_VULNERABILITIES,
            MachineList::Recommendations => &MACHINES_RECOMMENDATIONS,
            MachineList::MissingKbs => &MACHINES_MISSING_KBS,
        }
    }
}

/// `Add` or `Remove`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TagAction {
    Add,
    Remove,
}

impl TagAction {
    fn name(self) -> &'static str {
        match self {
            TagAction::Add => "Add",
            TagAction::Remove => "Remove",
        }
    }
}

fn validate_tag(tag: &str) -> Result<()> {
    if tag.trim().is_empty() {
        return Err(Error::invalid_argument("tag must not be blank"));
    }
    if tag.chars().count() > 200 || tag.chars().any(char::is_control) {
        return Err(Error::invalid_argument(format!(
            "tag {tag:?} is longer than 200 characters or has control characters"
        )));
    }
    Ok(())
}

/// `2024-01-31T08:44:05Z`-like: the date-time form `findbyip` takes (UTC, optional fraction).
fn validate_timestamp(ts: &str) -> Result<()> {
    let b = ts.as_bytes();
    let digits =
        |r: std::ops::Range<usize>| r.clone().all(|i| b.get(i).is_some_and(u8::is_ascii_digit));
    let ok = b.len() >= 20
        && digits(0..4)
        && b[4] == b'-'
        && digits(5..7)
        && b[7] == b'-'
        && digits(8..10)
        && b[10] == b'T'
        && digits(11..13)
        && b[13] == b':'
        && digits(14..16)
        && b[16] == b':'
        && digits(17..19)
        && ts.ends_with('Z')
        && ts[19..ts.len() - 1]
            .strip_prefix('.')
            .map_or(ts.len() == 20, |f| {
                !f.is_empty() && f.chars().all(|c| c.is_ascii_digit())
            });
    if ok {
        Ok(())
    } else {
        Err(Error::invalid_argument(format!(
            "timestamp {ts:?} must be UTC ISO-8601 such as 2024-01-31T08:44:05Z"
        )))
    }
}

impl Machines {
    async fn value_list(&self, op: &'static Operation, url: Url) -> Result<Value> {
        let mut body = self.pipeline.get_json(op, url).await?;
        match body.get_mut("value").map(Value::take) {
            Some(v @ Value::Array(_)) => Ok(v),
            _ => Err(Error::decode("a collection response had no 'value' list")),
        }
    }

    /// `GET /api/machines/findbyip(ip='{ip}',timestamp={ts})`: machines seen with that internal
    /// IP within 15 minutes of `timestamp` (UTC, at most 30 days ago).
    pub async fn find_by_ip(&self, ip: &str, timestamp: &str) -> Result<Value> {
        ip.parse::<IpAddr>().map_err(|_| {
            Error::invalid_argument(format!("{ip:?} is not an IPv4 or IPv6 address"))
        })?;
        validate_timestamp(timestamp)?;
        let url = self.pipeline.url(&MACHINES_FIND_BY_IP, &[ip, timestamp])?;
        self.value_list(&MACHINES_FIND_BY_IP, url).await
    }

    /// `GET /api/machines/findbytag?tag=...&useStartsWithFilter=...`.
    pub async fn find_by_tag(&self, tag: &str, starts_with: bool) -> Result<Value> {
        validate_tag(tag)?;
        let mut url = self.pipeline.url(&MACHINES_FIND_BY_TAG, &[])?;
        url.query_pairs_mut().append_pair("tag", tag).append_pair(
            "useStartsWithFilter",
            if starts_with { "true" } else { "false" },
        );
        self.value_list(&MACHINES_FIND_BY_TAG, url).await
    }

    /// `POST /api/machines/{id}/tags`: the updated machine.
    pub async fn tag(&self, id: &str, tag: &str, action: TagAction) -> Result<Value> {
        validate_machine_id(id)?;
        validate_tag(tag)?;
        post_json(
            &self.pipeline,
            &MACHINES_TAGS,
            &[id],
            json!({"Value": tag, "Action": action.name()}),
        )
        .await
    }

    /// `POST /api/machines/AddOrRemoveTagForMultipleMachines`: 1-500 machines; returns the
    /// updated machines (the `value` list).
    pub async fn tag_many(&self, ids: &[String], tag: &str, action: TagAction) -> Result<Value> {
        if ids.is_empty() || ids.len() > MAX_TAG_MACHINES {
            return Err(Error::invalid_argument(format!(
                "tagging takes 1 to {MAX_TAG_MACHINES} machine ids per call, got {}",
                ids.len()
            )));
        }
        for id in ids {
            validate_machine_id(id)?;
        }
        validate_tag(tag)?;
        let mut body = post_json(
            &self.pipeline,
            &MACHINES_TAGS_MANY,
            &[],
            json!({"Value": tag, "Action": action.name(), "MachineIds": ids}),
        )
        .await?;
        Ok(body
            .get_mut("value")
            .map(Value::take)
            .unwrap_or(Value::Array(Vec::new())))
    }

    /// `POST /api/machines/{id}/setDeviceValue`: `Normal`, `Low` or `High`; the updated machine.
    pub async fn set_device_value(&self, id: &str, value: &str) -> Result<Value> {
        validate_machine_id(id)?;
        let value = canonical("device value", value, &DEVICE_VALUE)?;
        post_json(
            &self.pipeline,
            &MACHINES_SET_DEVICE_VALUE,
            &[id],
            json!({"DeviceValue": value}),
        )
        .await
    }

    /// `GET /api/machines/{id}/{logonusers|alerts|software|vulnerabilities|recommendations|getmissingkbs}`.
    pub async fn related(&self, id: &str, what: MachineList) -> Result<Value> {
        validate_machine_id(id)?;
        let url = self.pipeline.url(what.op(), &[id])?;
        self.value_list(what.op(), url).await
    }
}

// ---- Vulnerability management (issue 10): update machine, the legacy find.
impl Machines {
    /// `PATCH /api/machines/{id}`: sets `machineTags` (the whole set: tags left out are
    /// removed) and/or `deviceValue`; the updated machine.
    pub async fn update(
        &self,
        id: &str,
        machine_tags: Option<&[String]>,
        device_value: Option<&str>,
    ) -> Result<Value> {
        validate_machine_id(id)?;
        let mut body = serde_json::Map::new();
        if let Some(tags) = machine_tags {
            tags.iter().try_for_each(|t| validate_tag(t))?;
            body.insert("machineTags".into(), json!(tags));
        }
        if let Some(v) = device_value {
            body.insert(
                "deviceValue".into(),
                json!(canonical("device value", v, &DEVICE_VALUE)?),
            );
        }
        if body.is_empty() {
            return Err(Error::invalid_argument(
                "update needs machine_tags, device_value or both",
            ));
        }
        let url = self.pipeline.url(&MACHINES_UPDATE, &[id])?;
        self.pipeline
            .send(crate::pipeline::Request::new(&MACHINES_UPDATE, url).json(Value::Object(body)))
            .await?
            .json()
    }

    /// `GET /api/machines/find(timestamp={ts},key='{ip}')`: the legacy find by internal IP
    /// (16 minutes either side of `timestamp`); the service answers 404 when none is found.
    pub async fn find(&self, ip: &str, timestamp: &str) -> Result<Value> {
        ip.parse::<IpAddr>().map_err(|_| {
            Error::invalid_argument(format!("{ip:?} is not an IPv4 or IPv6 address"))
        })?;
        validate_timestamp(timestamp)?;
        let url = self.pipeline.url(&MACHINES_FIND, &[timestamp, ip])?;
        self.value_list(&MACHINES_FIND, url).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_and_tags() {
        for ok in ["2024-01-31T08:44:05Z", "2024-01-31T08:44:05.123Z"] {
            assert!(validate_timestamp(ok).is_ok(), "{ok}");
        }
        for bad in [
            "2024-01-31",
            "2024-01-31T08:44:05",
            "yesterday",
            "2024-01-31T08:44:05.Z",
        ] {
            assert!(validate_timestamp(bad).is_err(), "{bad}");
        }
        assert!(validate_tag(" ").is_err());
        assert!(validate_tag("VIP").is_ok());
    }
}
