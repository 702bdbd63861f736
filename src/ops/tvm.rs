//! Vulnerability management: the binding tables of `mdekit_core::api::tvm` (software,
//! vulnerabilities, recommendations, scores, remediation activities).

use pyo3::prelude::*;

use mdekit_core::api::tvm::{RecommendationList, SoftwareList};

use super::{list_query, operations};
use crate::convert::Json;

operations! {
    /// Software inventory of the organization (``/api/Software``).
    ///
    /// Permission: ``Software.Read.All`` (application) or ``Software.Read`` (delegated);
    /// :meth:`vulnerabilities` needs ``Vulnerability.Read.All`` / ``Vulnerability.Read``. The
    /// pages document no rate limit.
    SoftwareOperations, AsyncSoftwareOperations, "SoftwareOperations", "AsyncSoftwareOperations";
    awaitables {
        /// One software product by id (``<vendor>-_-<product>``, such as ``microsoft-_-edge``).
        ///
        /// Returns:
        ///     A Software dict: ``id``, ``name``, ``vendor``, ``weaknesses`` (number of
        ///     vulnerabilities), ``publicExploit``, ``activeAlert``, ``exposedMachines``,
        ///     ``impactScore``.
        ///
        /// Raises:
        ///     ValueError: An id that is not ``<vendor>-_-<product>`` (nothing sent).
        ///     ResourceNotFoundError: No such software in the organization (404).
        #[pyo3(signature = (software_id))]
        #[py(returns = "Software")]
        fn get(software_id: String) = |c| async move { c.software().get(&software_id).await.map(Json) };

        /// The installed versions of a product: dicts with ``version``, ``installations``
        /// (devices with that version) and ``vulnerabilities`` (its number of CVEs).
        ///
        /// Raises:
        ///     ValueError: A malformed id. ResourceNotFoundError: No such software (404).
        #[pyo3(signature = (software_id))]
        #[py(returns = "Entities")]
        fn distributions(software_id: String) = |c| async move {
            c.software().related(&software_id, SoftwareList::Distributions).await.map(Json)
        };

        /// The devices the product is installed on: MachineReference dicts (``id``,
        /// ``computerDnsName``, ``osPlatform``, ``rbacGroupName``).
        ///
        /// Raises:
        ///     ValueError: A malformed id. ResourceNotFoundError: No such software (404).
        #[pyo3(signature = (software_id))]
        #[py(returns = "Entities")]
        fn machine_references(software_id: String) = |c| async move {
            c.software().related(&software_id, SoftwareList::MachineReferences).await.map(Json)
        };

        /// The known vulnerabilities of the product: Vulnerability dicts (``id`` CVE,
        /// ``severity``, ``cvssV3``, ``exposedMachines``, ``publicExploit``...).
        ///
        /// Raises:
        ///     ValueError: A malformed id. ResourceNotFoundError: No such software (404).
        #[pyo3(signature = (software_id))]
        #[py(returns = "Entities")]
        fn vulnerabilities(software_id: String) = |c| async move {
            c.software().related(&software_id, SoftwareList::Vulnerabilities).await.map(Json)
        };

        /// The security updates (KBs) missing for the product: dicts with ``id`` (KB
        /// number), ``name``, ``productsNames``, ``url``, ``machineMissedOn``,
        /// ``cveAddressed``.
        ///
        /// Raises:
        ///     ValueError: A malformed id. ResourceNotFoundError: No such software (404).
        #[pyo3(signature = (software_id))]
        #[py(returns = "Entities")]
        fn missing_kbs(software_id: String) = |c| async move {
            c.software().related(&software_id, SoftwareList::MissingKbs).await.map(Json)
        };
    }
    pagers {
        /// Lists the organization's software lazily (``GET /api/Software``).
        ///
        /// Args:
        ///     filter: OData ``$filter`` on id, name or vendor.
        ///     top: Total number of products wanted (``$top``).
        ///     skip: Products to skip first (``$skip``).
        ///     page_size: Products per request (1-10,000).
        ///
        /// Returns:
        ///     A :class:`Pager` of Software dicts (see :meth:`get`).
        ///
        /// Raises:
        ///     ValueError: Invalid OData options (nothing sent).
        ///     BadRequestError: The service refused the query (400).
        #[pyo3(signature = (*, filter=None, top=None, skip=None, page_size=None))]
        #[py(returns = "Software")]
        fn list(
            filter: Option<String>,
            top: Option<crate::options::Count>,
            skip: Option<crate::options::Count>,
            page_size: Option<crate::options::Count>,
        ) = |c| c.software().list(list_query(filter, top, skip, None, page_size));
    }
}

operations! {
    /// Vulnerabilities (CVEs) known to vulnerability management (``/api/vulnerabilities``).
    ///
    /// Permission: ``Vulnerability.Read.All`` (application) or ``Vulnerability.Read``
    /// (delegated). The pages document no rate limit.
    VulnerabilitiesOperations, AsyncVulnerabilitiesOperations, "VulnerabilitiesOperations", "AsyncVulnerabilitiesOperations";
    awaitables {
        /// One vulnerability by CVE id (``CVE-2024-21338``, any case).
        ///
        /// Returns:
        ///     A Vulnerability dict: ``id``, ``name``, ``description``, ``severity``
        ///     (Low, Medium, High, Critical), ``cvssV3``, ``cvssVector``, ``exposedMachines``,
        ///     ``publishedOn``, ``updatedOn``, ``firstDetected``, ``publicExploit``,
        ///     ``exploitVerified``, ``exploitInKit``, ``exploitTypes``, ``exploitUris``,
        ///     ``cveSupportability``, ``epss``, ``tags``.
        ///
        /// Raises:
        ///     ValueError: Not a CVE id (nothing sent).
        ///     ResourceNotFoundError: A CVE vulnerability management does not know (404).
        #[pyo3(signature = (cve_id))]
        #[py(returns = "Vulnerability")]
        fn get(cve_id: String) = |c| async move { c.vulnerabilities().get(&cve_id).await.map(Json) };

        /// The devices exposed to a CVE: MachineReference dicts (``id``, ``computerDnsName``,
        /// ``osPlatform``, ``rbacGroupName``).
        ///
        /// Raises:
        ///     ValueError: Not a CVE id. ResourceNotFoundError: An unknown CVE (404).
        #[pyo3(signature = (cve_id))]
        #[py(returns = "Entities")]
        fn machine_references(cve_id: String) = |c| async move {
            c.vulnerabilities().machine_references(&cve_id).await.map(Json)
        };
    }
    pagers {
        /// Lists the vulnerabilities lazily (``GET /api/vulnerabilities``).
        ///
        /// Args:
        ///     filter: OData ``$filter`` on id, name, description, cvssV3, publishedOn,
        ///         severity or updatedOn.
        ///     top: Total number wanted (``$top``).
        ///     skip: Vulnerabilities to skip first (``$skip``).
        ///     page_size: Vulnerabilities per request (1-8,000: this list's own cap).
        ///
        /// Returns:
        ///     A :class:`Pager` of Vulnerability dicts (see :meth:`get`).
        ///
        /// Raises:
        ///     ValueError: Invalid OData options (nothing sent).
        #[pyo3(signature = (*, filter=None, top=None, skip=None, page_size=None))]
        #[py(returns = "Vulnerability")]
        fn list(
            filter: Option<String>,
            top: Option<crate::options::Count>,
            skip: Option<crate::options::Count>,
            page_size: Option<crate::options::Count>,
        ) = |c| c.vulnerabilities().list(list_query(filter, top, skip, None, page_size));

        /// Lists every vulnerability of every device lazily
        /// (``GET /api/vulnerabilities/machinesVulnerabilities``): one row per device, CVE
        /// and product version.
        ///
        /// Args:
        ///     filter: OData ``$filter`` on id, cveId, machineId, fixingKbId, productName,
        ///         productVersion, severity or productVendor.
        ///     top: Total number of rows wanted (``$top``).
        ///     skip: Rows to skip first (``$skip``).
        ///     page_size: Rows per request (1-10,000).
        ///
        /// Returns:
        ///     A :class:`Pager` of dicts with ``id``
        ///     (``<machineId>-_-<cveId>-_-<vendor>-_-<product>-_-<version>-_-<kbId>``),
        ///     ``cveId``, ``machineId``, ``fixingKbId`` (None when no KB fixes it),
        ///     ``productName``, ``productVendor``, ``productVersion``, ``severity``.
        ///
        /// Raises:
        ///     ValueError: Invalid OData options (nothing sent).
        #[pyo3(signature = (*, filter=None, top=None, skip=None, page_size=None))]
        #[py(returns = "MachineVulnerability")]
        fn by_machine(
            filter: Option<String>,
            top: Option<crate::options::Count>,
            skip: Option<crate::options::Count>,
            page_size: Option<crate::options::Count>,
        ) = |c| c.vulnerabilities().by_machine(list_query(filter, top, skip, None, page_size));
    }
}

operations! {
    /// Security recommendations (``/api/recommendations``).
    ///
    /// Permission: ``SecurityRecommendation.Read.All`` (application) or
    /// ``SecurityRecommendation.Read`` (delegated); :meth:`software` needs ``Software.Read.All``
    /// as an application, :meth:`vulnerabilities` ``Vulnerability.Read.All`` /
    /// ``Vulnerability.Read``. The pages document no rate limit.
    RecommendationsOperations, AsyncRecommendationsOperations, "RecommendationsOperations", "AsyncRecommendationsOperations";
    awaitables {
        /// One recommendation by id (``va-_-google-_-chrome``).
        ///
        /// Returns:
        ///     A Recommendation dict: ``id``, ``productName``, ``recommendationName``,
        ///     ``weaknesses``, ``vendor``, ``recommendedVersion``, ``recommendationCategory``,
        ///     ``subCategory``, ``severityScore``, ``publicExploit``, ``activeAlert``,
        ///     ``associatedThreats``, ``remediationType`` (ConfigurationChange, Update, Upgrade,
        ///     Uninstall), ``status`` (Active, Exception), ``configScoreImpact``,
        ///     ``exposureImpact``, ``totalMachineCount``, ``exposedMachinesCount``,
        ///     ``nonProductivityImpactedAssets``, ``relatedComponent``.
        ///
        /// Raises:
        ///     ValueError: A malformed id. ResourceNotFoundError: No such recommendation (404).
        #[pyo3(signature = (recommendation_id))]
        #[py(returns = "Recommendation")]
        fn get(recommendation_id: String) = |c| async move {
            c.recommendations().get(&recommendation_id).await.map(Json)
        };

        /// The software the recommendation is about: one Software dict (see
        /// :meth:`SoftwareOperations.get`), not a list.
        ///
        /// Raises:
        ///     ValueError: A malformed id. ResourceNotFoundError: No such recommendation, or
        ///         one about configuration rather than software (404).
        #[pyo3(signature = (recommendation_id))]
        #[py(returns = "Software")]
        fn software(recommendation_id: String) = |c| async move {
            c.recommendations().software(&recommendation_id).await.map(Json)
        };

        /// The devices the recommendation applies to: MachineReference dicts (``id``,
        /// ``computerDnsName``, ``osPlatform``, ``rbacGroupName``).
        ///
        /// Raises:
        ///     ValueError: A malformed id. ResourceNotFoundError: No such recommendation (404).
        #[pyo3(signature = (recommendation_id))]
        #[py(returns = "Entities")]
        fn machine_references(recommendation_id: String) = |c| async move {
            c.recommendations()
                .related(&recommendation_id, RecommendationList::MachineReferences)
                .await
                .map(Json)
        };

        /// The vulnerabilities the recommendation fixes: Vulnerability dicts.
        ///
        /// Raises:
        ///     ValueError: A malformed id. ResourceNotFoundError: No such recommendation (404).
        #[pyo3(signature = (recommendation_id))]
        #[py(returns = "Entities")]
        fn vulnerabilities(recommendation_id: String) = |c| async move {
            c.recommendations()
                .related(&recommendation_id, RecommendationList::Vulnerabilities)
                .await
                .map(Json)
        };
    }
    pagers {
        /// Lists the recommendations lazily (``GET /api/recommendations``).
        ///
        /// Args:
        ///     filter: OData ``$filter`` on id, productName, vendor, recommendedVersion,
        ///         recommendationCategory, subCategory, severityScore, remediationType,
        ///         recommendedProgram, recommendedVendor or status.
        ///     top: Total number wanted (``$top``).
        ///     skip: Recommendations to skip first (``$skip``).
        ///     page_size: Recommendations per request (1-10,000).
        ///
        /// Returns:
        ///     A :class:`Pager` of Recommendation dicts (see :meth:`get`).
        ///
        /// Raises:
        ///     ValueError: Invalid OData options (nothing sent).
        #[pyo3(signature = (*, filter=None, top=None, skip=None, page_size=None))]
        #[py(returns = "Recommendation")]
        fn list(
            filter: Option<String>,
            top: Option<crate::options::Count>,
            skip: Option<crate::options::Count>,
            page_size: Option<crate::options::Count>,
        ) = |c| c.recommendations().list(list_query(filter, top, skip, None, page_size));
    }
}

operations! {
    /// Exposure score and Microsoft Secure Score for Devices (``/api/exposureScore``,
    /// ``/api/configurationScore``).
    ///
    /// Permission: ``Score.Read.All`` (application) or ``Score.Read`` (delegated). The pages
    /// document no rate limit.
    ScoresOperations, AsyncScoresOperations, "ScoresOperations", "AsyncScoresOperations";
    awaitables {
        /// The organization's exposure score: a dict with ``time`` (when it was computed) and
        /// ``score`` (0-100; higher is more exposed).
        #[pyo3(signature = ())]
        #[py(returns = "Score")]
        fn exposure() = |c| async move { c.scores().exposure().await.map(Json) };

        /// The exposure score of each device group: dicts with ``time``, ``score`` (0-100)
        /// and ``rbacGroupName`` (the service may add ``rbacGroupId``).
        #[pyo3(signature = ())]
        #[py(returns = "Entities")]
        fn exposure_by_machine_groups() = |c| async move {
            c.scores().exposure_by_machine_groups().await.map(Json)
        };

        /// Microsoft Secure Score for Devices: a dict with ``time`` and ``score`` (points, as
        /// the service computes them, not a percentage).
        #[pyo3(signature = ())]
        #[py(returns = "Score")]
        fn configuration() = |c| async move { c.scores().configuration().await.map(Json) };
    }
    pagers {}
}

operations! {
    /// Remediation activities (``/api/remediationTasks``; read only).
    ///
    /// Permission: ``RemediationTasks.Read.All`` (application) or ``RemediationTask.Read``
    /// (delegated). The pages document no rate limit.
    RemediationOperations, AsyncRemediationOperations, "RemediationOperations", "AsyncRemediationOperations";
    awaitables {
        /// One remediation activity by its GUID.
        ///
        /// Returns:
        ///     A RemediationTask dict: ``id``, ``title``, ``createdOn``, ``requesterId``,
        ///     ``requesterEmail``, ``status`` (Active, Completed), ``statusLastModifiedOn``,
        ///     ``description``, ``relatedComponent``, ``targetDevices``, ``rbacGroupNames``,
        ///     ``fixedDevices``, ``requesterNotes``, ``dueOn``, ``category``, ``priority``,
        ///     ``completionMethod``, ``completerId``, ``completerEmail``, ``scid``, ``type``,
        ///     ``productId``, ``vendorId``, ``nameId``, ``recommendedVersion``,
        ///     ``recommendedVendor``, ``recommendedProgram``.
        ///
        /// Raises:
        ///     ValueError: Not a GUID (nothing sent).
        ///     ResourceNotFoundError: No such activity (404).
        #[pyo3(signature = (activity_id))]
        #[py(returns = "RemediationActivity")]
        fn get(activity_id: String) = |c| async move { c.remediation().get(&activity_id).await.map(Json) };

        /// The devices the activity targets: MachineReference dicts (``id``,
        /// ``computerDnsName``, ``osPlatform``, ``rbacGroupName``).
        ///
        /// Raises:
        ///     ValueError: Not a GUID. ResourceNotFoundError: No such activity (404).
        #[pyo3(signature = (activity_id))]
        #[py(returns = "Entities")]
        fn machine_references(activity_id: String) = |c| async move {
            c.remediation().machine_references(&activity_id).await.map(Json)
        };
    }
    pagers {
        /// Lists the remediation activities lazily (``GET /api/remediationTasks``).
        ///
        /// Args:
        ///     filter: OData ``$filter`` on createdOn or status.
        ///     top: Total number wanted (``$top``).
        ///     skip: Activities to skip first (``$skip``).
        ///     page_size: Activities per request (1-10,000).
        ///
        /// Returns:
        ///     A :class:`Pager` of RemediationTask dicts (see :meth:`get`).
        ///
        /// Raises:
        ///     ValueError: Invalid OData options (nothing sent).
        #[pyo3(signature = (*, filter=None, top=None, skip=None, page_size=None))]
        #[py(returns = "RemediationActivity")]
        fn list(
            filter: Option<String>,
            top: Option<crate::options::Count>,
            skip: Option<crate::options::Count>,
            page_size: Option<crate::options::Count>,
        ) = |c| c.remediation().list(list_query(filter, top, skip, None, page_size));
    }
}
