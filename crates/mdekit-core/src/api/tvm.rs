//! Vulnerability management: software, vulnerabilities, security recommendations, exposure and
//! configuration scores, remediation activities (reference `mde-api-rest.md` §4; Microsoft docs
//! "Software methods and properties", "Vulnerability methods and properties", "Recommendation
//! methods and properties", "Score methods and properties", "Remediation activity methods and
//! properties"). Their pages document no rate limit.

use mdekit_spec::{
    Operation, RECOMMENDATIONS_GET, RECOMMENDATIONS_LIST, RECOMMENDATIONS_MACHINE_REFERENCES,
    RECOMMENDATIONS_SOFTWARE, RECOMMENDATIONS_VULNERABILITIES, REMEDIATION_GET, REMEDIATION_LIST,
    REMEDIATION_MACHINE_REFERENCES, SCORES_CONFIGURATION, SCORES_EXPOSURE,
    SCORES_EXPOSURE_BY_MACHINE_GROUPS, SOFTWARE_DISTRIBUTIONS, SOFTWARE_GET, SOFTWARE_LIST,
    SOFTWARE_MACHINE_REFERENCES, SOFTWARE_MISSING_KBS, SOFTWARE_VULNERABILITIES,
    VULNERABILITIES_BY_MACHINE, VULNERABILITIES_GET, VULNERABILITIES_LIST,
    VULNERABILITIES_MACHINE_REFERENCES,
};
use serde_json::Value;
use url::Url;

use super::validate_id;
use crate::error::{Error, Result};
use crate::odata::ListQuery;
use crate::paging::Pager;
use crate::pipeline::Pipeline;

/// The `value` list of a collection response.
pub(crate) async fn value_list(
    pipeline: &Pipeline,
    op: &'static Operation,
    url: Url,
) -> Result<Value> {
    let mut body = pipeline.get_json(op, url).await?;
    match body.get_mut("value").map(Value::take) {
        Some(v @ Value::Array(_)) => Ok(v),
        _ => Err(Error::decode("a collection response had no 'value' list")),
    }
}

/// A single-entity response, as the other gets return it.
async fn entity(pipeline: &Pipeline, op: &'static Operation, url: Url) -> Result<Value> {
    pipeline.get_json(op, url).await
}

fn pager(pipeline: &Pipeline, op: &'static Operation, query: ListQuery) -> Result<Pager> {
    query.validate(op)?;
    let base = pipeline.url(op, &[])?;
    Ok(Pager::new(pipeline.clone(), op, base, query))
}

/// `<vendor>-_-<product>` (`microsoft-_-edge`, `7-zip-_-7-zip`).
pub fn validate_software_id(id: &str) -> Result<()> {
    validate_id("software id", id, |c| {
        c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '+')
    })?;
    match id.split_once("-_-") {
        Some((vendor, product)) if !vendor.is_empty() && !product.is_empty() => Ok(()),
        _ => Err(Error::invalid_argument(format!(
            "software id {id:?} is not <vendor>-_-<product> (such as microsoft-_-edge)"
        ))),
    }
}

/// `CVE-YYYY-NNNN` (four or more digits), any case; returned in upper case as the service
/// spells it.
pub fn validate_cve(id: &str) -> Result<String> {
    let upper = id.trim().to_ascii_uppercase();
    let ok = upper.strip_prefix("CVE-").is_some_and(|rest| {
        rest.split_once('-').is_some_and(|(year, num)| {
            year.len() == 4
                && year.bytes().all(|b| b.is_ascii_digit())
                && num.len() >= 4
                && num.len() <= 19
                && num.bytes().all(|b| b.is_ascii_digit())
        })
    });
    if ok {
        Ok(upper)
    } else {
        Err(Error::invalid_argument(format!(
            "{id:?} is not a CVE id such as CVE-2024-21338"
        )))
    }
}

/// `va-_-google-_-chrome`, `sca-_-scid-20000`.
pub fn validate_recommendation_id(id: &str) -> Result<()> {
    validate_id("recommendation id", id, |c| {
        c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '+')
    })
}

/// A remediation activity id is a GUID.
pub fn validate_remediation_id(id: &str) -> Result<()> {
    if uuid::Uuid::parse_str(id).is_ok() && id.len() == 36 {
        Ok(())
    } else {
        Err(Error::invalid_argument(format!(
            "remediation activity id {id:?} is not a GUID"
        )))
    }
}

/// `GET /api/Software...`.
#[derive(Debug, Clone)]
pub struct Software {
    pub(crate) pipeline: Pipeline,
}

/// The lists under `/api/Software/{id}/`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SoftwareList {
    Distributions,
    MachineReferences,
    Vulnerabilities,
    MissingKbs,
}

impl SoftwareList {
    fn op(self) -> &'static Operation {
        match self {
            SoftwareList::Distributions => &SOFTWARE_DISTRIBUTIONS,
            SoftwareList::MachineReferences => &SOFTWARE_MACHINE_REFERENCES,
            SoftwareList::Vulnerabilities => &SOFTWARE_VULNERABILITIES,
            SoftwareList::MissingKbs => &SOFTWARE_MISSING_KBS,
        }
    }
}

impl Software {
    /// A lazy pager over `GET /api/Software` (`$filter` on id, name, vendor).
    pub fn list(&self, query: ListQuery) -> Result<Pager> {
        pager(&self.pipeline, &SOFTWARE_LIST, query)
    }

    /// `GET /api/Software/{id}`.
    pub async fn get(&self, id: &str) -> Result<Value> {
        validate_software_id(id)?;
        let url = self.pipeline.url(&SOFTWARE_GET, &[id])?;
        entity(&self.pipeline, &SOFTWARE_GET, url).await
    }

    /// `GET /api/Software/{id}/{distributions|machineReferences|vulnerabilities|getmissingkbs}`.
    pub async fn related(&self, id: &str, what: SoftwareList) -> Result<Value> {
        validate_software_id(id)?;
        let url = self.pipeline.url(what.op(), &[id])?;
        value_list(&self.pipeline, what.op(), url).await
    }
}

/// `GET /api/vulnerabilities...`.
#[derive(Debug, Clone)]
pub struct Vulnerabilities {
    pub(crate) pipeline: Pipeline,
}

impl Vulnerabilities {
    /// A lazy pager over `GET /api/vulnerabilities` (`$top` at most 8,000).
    pub fn list(&self, query: ListQuery) -> Result<Pager> {
        pager(&self.pipeline, &VULNERABILITIES_LIST, query)
    }

    /// `GET /api/vulnerabilities/{cveId}`.
    pub async fn get(&self, cve: &str) -> Result<Value> {
        let cve = validate_cve(cve)?;
        let url = self.pipeline.url(&VULNERABILITIES_GET, &[&cve])?;
        entity(&self.pipeline, &VULNERABILITIES_GET, url).await
    }

    /// `GET /api/vulnerabilities/{cveId}/machineReferences`.
    pub async fn machine_references(&self, cve: &str) -> Result<Value> {
        let cve = validate_cve(cve)?;
        let url = self
            .pipeline
            .url(&VULNERABILITIES_MACHINE_REFERENCES, &[&cve])?;
        value_list(&self.pipeline, &VULNERABILITIES_MACHINE_REFERENCES, url).await
    }

    /// A lazy pager over `GET /api/vulnerabilities/machinesVulnerabilities`: one row per
    /// machine, CVE and product version.
    pub fn by_machine(&self, query: ListQuery) -> Result<Pager> {
        pager(&self.pipeline, &VULNERABILITIES_BY_MACHINE, query)
    }
}

/// `GET /api/recommendations...`.
#[derive(Debug, Clone)]
pub struct Recommendations {
    pub(crate) pipeline: Pipeline,
}

/// The lists under `/api/recommendations/{id}/`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RecommendationList {
    MachineReferences,
    Vulnerabilities,
}

impl Recommendations {
    /// A lazy pager over `GET /api/recommendations`.
    pub fn list(&self, query: ListQuery) -> Result<Pager> {
        pager(&self.pipeline, &RECOMMENDATIONS_LIST, query)
    }

    /// `GET /api/recommendations/{id}`.
    pub async fn get(&self, id: &str) -> Result<Value> {
        validate_recommendation_id(id)?;
        let url = self.pipeline.url(&RECOMMENDATIONS_GET, &[id])?;
        entity(&self.pipeline, &RECOMMENDATIONS_GET, url).await
    }

    /// `GET /api/recommendations/{id}/software`: one Software entity (not a list).
    pub async fn software(&self, id: &str) -> Result<Value> {
        validate_recommendation_id(id)?;
        let url = self.pipeline.url(&RECOMMENDATIONS_SOFTWARE, &[id])?;
        entity(&self.pipeline, &RECOMMENDATIONS_SOFTWARE, url).await
    }

    /// `GET /api/recommendations/{id}/{machineReferences|vulnerabilities}`.
    pub async fn related(&self, id: &str, what: RecommendationList) -> Result<Value> {
        validate_recommendation_id(id)?;
        let op = match what {
            RecommendationList::MachineReferences => &RECOMMENDATIONS_MACHINE_REFERENCES,
            RecommendationList::Vulnerabilities => &RECOMMENDATIONS_VULNERABILITIES,
        };
        let url = self.pipeline.url(op, &[id])?;
        value_list(&self.pipeline, op, url).await
    }
}

/// `GET /api/exposureScore`, `/api/exposureScore/ByMachineGroups`, `/api/configurationScore`.
#[derive(Debug, Clone)]
pub struct Scores {
    pub(crate) pipeline: Pipeline,
}

impl Scores {
    /// The tenant's exposure score: `{time, score}` (0-100).
    pub async fn exposure(&self) -> Result<Value> {
        let url = self.pipeline.url(&SCORES_EXPOSURE, &[])?;
        entity(&self.pipeline, &SCORES_EXPOSURE, url).await
    }

    /// The exposure score of each device group: `[{time, score, rbacGroupName, ...}]`.
    pub async fn exposure_by_machine_groups(&self) -> Result<Value> {
        let url = self.pipeline.url(&SCORES_EXPOSURE_BY_MACHINE_GROUPS, &[])?;
        value_list(&self.pipeline, &SCORES_EXPOSURE_BY_MACHINE_GROUPS, url).await
    }

    /// Microsoft Secure Score for Devices: `{time, score}`.
    pub async fn configuration(&self) -> Result<Value> {
        let url = self.pipeline.url(&SCORES_CONFIGURATION, &[])?;
        entity(&self.pipeline, &SCORES_CONFIGURATION, url).await
    }
}

/// `GET /api/remediationTasks...`.
#[derive(Debug, Clone)]
pub struct Remediation {
    pub(crate) pipeline: Pipeline,
}

impl Remediation {
    /// A lazy pager over `GET /api/remediationTasks` (`$filter` on createdOn, status).
    pub fn list(&self, query: ListQuery) -> Result<Pager> {
        pager(&self.pipeline, &REMEDIATION_LIST, query)
    }

    /// `GET /api/remediationTasks/{id}`.
    pub async fn get(&self, id: &str) -> Result<Value> {
        validate_remediation_id(id)?;
        let url = self.pipeline.url(&REMEDIATION_GET, &[id])?;
        entity(&self.pipeline, &REMEDIATION_GET, url).await
    }

    /// `GET /api/remediationTasks/{id}/machineReferences`: the exposed devices.
    pub async fn machine_references(&self, id: &str) -> Result<Value> {
        validate_remediation_id(id)?;
        let url = self.pipeline.url(&REMEDIATION_MACHINE_REFERENCES, &[id])?;
        value_list(&self.pipeline, &REMEDIATION_MACHINE_REFERENCES, url).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_checked() {
        assert_eq!(validate_cve("cve-2024-21338").unwrap(), "CVE-2024-21338");
        assert!(validate_cve("CVE-2024-123456").is_ok());
        for bad in [
            "",
            "CVE-24-1234",
            "CVE-2024-12",
            "2024-1234",
            "CVE-2024-12a4",
            "CVE-2024",
        ] {
            assert!(validate_cve(bad).is_err(), "{bad}");
        }
        assert!(validate_software_id("microsoft-_-edge").is_ok());
        assert!(validate_software_id("7-zip-_-7-zip").is_ok());
        for bad in ["edge", "-_-edge", "microsoft-_-", "a/b-_-c", ".."] {
            assert!(validate_software_id(bad).is_err(), "{bad}");
        }
        assert!(validate_remediation_id("03942ef5-aecb-4c6e-b555-9f4b4ff4b36d").is_ok());
        assert!(validate_remediation_id("not-a-guid").is_err());
        assert!(validate_recommendation_id("va-_-google-_-chrome").is_ok());
        assert!(validate_recommendation_id("a b").is_err());
    }
}
