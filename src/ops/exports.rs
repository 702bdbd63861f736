//! Export assessments: the binding table of `mdekit_core::api::exports`.

use mdekit_core::api::exports::Assessment;
use pyo3::prelude::*;

use super::{list_query, operations};

operations! {
    /// The export assessment APIs (``/api/machines/*ByMachine`` and ``*Export``): per-device
    /// assessments of the whole organisation, as JSON pages or via files.
    ///
    /// JSON: 30 calls/minute, 1,000/hour, ``page_size`` up to 200,000 (for fewer than about
    /// 100,000 devices). Via files: 5 calls/minute, 20/hour; an :class:`~mdekit.exports.Export`
    /// whose SAS URLs download without a bearer token.
    ExportsOperations, AsyncExportsOperations, "ExportsOperations", "AsyncExportsOperations";
    awaitables {
        /// Exports the secure configuration assessment via files (``GET /api/machines/SecureConfigurationsAssessmentExport``): SAS URLs of gzip
        /// JSON Lines files, generated every 6 hours.
        ///
        /// Args:
        ///     sas_valid_hours: How long the URLs stay valid, 1-6 hours (the service's
        ///         default when None).
        ///
        /// Returns:
        ///     An :class:`~mdekit.exports.Export`: ``.files`` (the URLs, for Spark, Databricks
        ///     or DuckDB), ``.generated_time``, ``.expires``, and downloads to rows,
        ///     ``to_arrow()``, ``iter_batches()``, ``to_polars()``, ``to_pandas()`` and
        ///     ``to_parquet(path)``.
        ///
        /// Raises:
        ///     ValueError: ``sas_valid_hours`` out of range (nothing sent).
        ///     PermissionDeniedError: Without Vulnerability.Read.All (application) or Vulnerability.Read
        ///         (delegated) (403).
        ///     ThrottledError: Over 5 calls a minute or 20 an hour (429).
        ///
        /// Permission: ``Vulnerability.Read.All`` / ``Vulnerability.Read``. Doc: https://learn.microsoft.com/defender-endpoint/api/get-assessment-secure-config
        #[pyo3(signature = (*, sas_valid_hours=None))]
        #[py(returns = "Export")]
        fn secure_configurations_via_files(sas_valid_hours: Option<crate::options::Count>) = |c| async move {
            crate::exports::via_files(c, Assessment::SecureConfigurations, sas_valid_hours.map(|h| h.0)).await
        };
        /// Exports the software inventory (CPE) assessment via files (``GET /api/machines/SoftwareInventoryExport``): SAS URLs of gzip
        /// JSON Lines files, generated every 6 hours.
        ///
        /// Args:
        ///     sas_valid_hours: How long the URLs stay valid, 1-6 hours (the service's
        ///         default when None).
        ///
        /// Returns:
        ///     An :class:`~mdekit.exports.Export`: ``.files`` (the URLs, for Spark, Databricks
        ///     or DuckDB), ``.generated_time``, ``.expires``, and downloads to rows,
        ///     ``to_arrow()``, ``iter_batches()``, ``to_polars()``, ``to_pandas()`` and
        ///     ``to_parquet(path)``.
        ///
        /// Raises:
        ///     ValueError: ``sas_valid_hours`` out of range (nothing sent).
        ///     PermissionDeniedError: Without Software.Read.All (application) or Software.Read
        ///         (delegated) (403).
        ///     ThrottledError: Over 5 calls a minute or 20 an hour (429).
        ///
        /// Permission: ``Software.Read.All`` / ``Software.Read``. Doc: https://learn.microsoft.com/defender-endpoint/api/get-assessment-software-inventory
        #[pyo3(signature = (*, sas_valid_hours=None))]
        #[py(returns = "Export")]
        fn software_inventory_via_files(sas_valid_hours: Option<crate::options::Count>) = |c| async move {
            crate::exports::via_files(c, Assessment::SoftwareInventory, sas_valid_hours.map(|h| h.0)).await
        };
        /// Exports the non-CPE software inventory assessment via files (``GET /api/machines/SoftwareInventoryNonCpeExport``): SAS URLs of gzip
        /// JSON Lines files, generated every 6 hours.
        ///
        /// Args:
        ///     sas_valid_hours: How long the URLs stay valid, 1-24 hours (the service's
        ///         default when None).
        ///
        /// Returns:
        ///     An :class:`~mdekit.exports.Export`: ``.files`` (the URLs, for Spark, Databricks
        ///     or DuckDB), ``.generated_time``, ``.expires``, and downloads to rows,
        ///     ``to_arrow()``, ``iter_batches()``, ``to_polars()``, ``to_pandas()`` and
        ///     ``to_parquet(path)``.
        ///
        /// Raises:
        ///     ValueError: ``sas_valid_hours`` out of range (nothing sent).
        ///     PermissionDeniedError: Without Software.Read.All (application) or Software.Read
        ///         (delegated) (403).
        ///     ThrottledError: Over 5 calls a minute or 20 an hour (429).
        ///
        /// Permission: ``Software.Read.All`` / ``Software.Read``. Doc: https://learn.microsoft.com/defender-endpoint/api/get-assessment-non-cpe-software-inventory
        #[pyo3(signature = (*, sas_valid_hours=None))]
        #[py(returns = "Export")]
        fn non_cpe_software_via_files(sas_valid_hours: Option<crate::options::Count>) = |c| async move {
            crate::exports::via_files(c, Assessment::NonCpeSoftware, sas_valid_hours.map(|h| h.0)).await
        };
        /// Exports the software vulnerabilities assessment via files (``GET /api/machines/SoftwareVulnerabilitiesExport``): SAS URLs of gzip
        /// JSON Lines files, generated every 6 hours.
        ///
        /// Args:
        ///     sas_valid_hours: How long the URLs stay valid, 1-6 hours (the service's
        ///         default when None).
        ///
        /// Returns:
        ///     An :class:`~mdekit.exports.Export`: ``.files`` (the URLs, for Spark, Databricks
        ///     or DuckDB), ``.generated_time``, ``.expires``, and downloads to rows,
        ///     ``to_arrow()``, ``iter_batches()``, ``to_polars()``, ``to_pandas()`` and
        ///     ``to_parquet(path)``.
        ///
        /// Raises:
        ///     ValueError: ``sas_valid_hours`` out of range (nothing sent).
        ///     PermissionDeniedError: Without Vulnerability.Read.All (application) or Vulnerability.Read
        ///         (delegated) (403).
        ///     ThrottledError: Over 5 calls a minute or 20 an hour (429).
        ///
        /// Permission: ``Vulnerability.Read.All`` / ``Vulnerability.Read``. Doc: https://learn.microsoft.com/defender-endpoint/api/get-assessment-software-vulnerabilities
        #[pyo3(signature = (*, sas_valid_hours=None))]
        #[py(returns = "Export")]
        fn software_vulnerabilities_via_files(sas_valid_hours: Option<crate::options::Count>) = |c| async move {
            crate::exports::via_files(c, Assessment::SoftwareVulnerabilities, sas_valid_hours.map(|h| h.0)).await
        };
        /// Exports the browser extensions assessment via files (``GET /api/machines/browserextensionsinventoryExport``): SAS URLs of gzip
        /// JSON Lines files, generated every 6 hours.
        ///
        /// Args:
        ///     sas_valid_hours: How long the URLs stay valid, 1-6 hours (the service's
        ///         default when None).
        ///
        /// Returns:
        ///     An :class:`~mdekit.exports.Export`: ``.files`` (the URLs, for Spark, Databricks
        ///     or DuckDB), ``.generated_time``, ``.expires``, and downloads to rows,
        ///     ``to_arrow()``, ``iter_batches()``, ``to_polars()``, ``to_pandas()`` and
        ///     ``to_parquet(path)``.
        ///
        /// Raises:
        ///     ValueError: ``sas_valid_hours`` out of range (nothing sent).
        ///     PermissionDeniedError: Without Software.Read.All (application) or Software.Read
        ///         (delegated) (403).
        ///     ThrottledError: Over 5 calls a minute or 20 an hour (429).
        ///
        /// Permission: ``Software.Read.All`` / ``Software.Read``. Doc: https://learn.microsoft.com/defender-endpoint/api/get-assessment-browser-extensions
        #[pyo3(signature = (*, sas_valid_hours=None))]
        #[py(returns = "Export")]
        fn browser_extensions_via_files(sas_valid_hours: Option<crate::options::Count>) = |c| async move {
            crate::exports::via_files(c, Assessment::BrowserExtensions, sas_valid_hours.map(|h| h.0)).await
        };
        /// Exports the certificate inventory assessment via files (``GET /api/machines/certificateAssessmentExport``): SAS URLs of gzip
        /// JSON Lines files, generated every 6 hours.
        ///
        /// Args:
        ///     sas_valid_hours: How long the URLs stay valid, 1-24 hours (the service's
        ///         default when None).
        ///
        /// Returns:
        ///     An :class:`~mdekit.exports.Export`: ``.files`` (the URLs, for Spark, Databricks
        ///     or DuckDB), ``.generated_time``, ``.expires``, and downloads to rows,
        ///     ``to_arrow()``, ``iter_batches()``, ``to_polars()``, ``to_pandas()`` and
        ///     ``to_parquet(path)``.
        ///
        /// Raises:
        ///     ValueError: ``sas_valid_hours`` out of range (nothing sent).
        ///     PermissionDeniedError: Without Vulnerability.Read.All (application) or Vulnerability.Read
        ///         (delegated) (403).
        ///     ThrottledError: Over 5 calls a minute or 20 an hour (429).
        ///
        /// Permission: ``Vulnerability.Read.All`` / ``Vulnerability.Read``. Doc: https://learn.microsoft.com/defender-endpoint/api/export-certificate-inventory-assessment
        #[pyo3(signature = (*, sas_valid_hours=None))]
        #[py(returns = "Export")]
        fn certificates_via_files(sas_valid_hours: Option<crate::options::Count>) = |c| async move {
            crate::exports::via_files(c, Assessment::Certificates, sas_valid_hours.map(|h| h.0)).await
        };
        /// Exports the security baselines assessment via files (``GET /api/machines/BaselineComplianceAssessmentExport``): SAS URLs of gzip
        /// JSON Lines files, generated every 6 hours.
        ///
        /// Args:
        ///     sas_valid_hours: How long the URLs stay valid, 1-6 hours (the service's
        ///         default when None).
        ///
        /// Returns:
        ///     An :class:`~mdekit.exports.Export`: ``.files`` (the URLs, for Spark, Databricks
        ///     or DuckDB), ``.generated_time``, ``.expires``, and downloads to rows,
        ///     ``to_arrow()``, ``iter_batches()``, ``to_polars()``, ``to_pandas()`` and
        ///     ``to_parquet(path)``.
        ///
        /// Raises:
        ///     ValueError: ``sas_valid_hours`` out of range (nothing sent).
        ///     PermissionDeniedError: Without SecurityBaselinesAssessment.Read.All (application) or SecurityBaselinesAssessment.Read
        ///         (delegated) (403).
        ///     ThrottledError: Over 5 calls a minute or 20 an hour (429).
        ///
        /// Permission: ``SecurityBaselinesAssessment.Read.All`` / ``SecurityBaselinesAssessment.Read``. Doc: https://learn.microsoft.com/defender-endpoint/api/export-security-baseline-assessment
        #[pyo3(signature = (*, sas_valid_hours=None))]
        #[py(returns = "Export")]
        fn security_baselines_via_files(sas_valid_hours: Option<crate::options::Count>) = |c| async move {
            crate::exports::via_files(c, Assessment::SecurityBaselines, sas_valid_hours.map(|h| h.0)).await
        };
        /// Exports the hardware and firmware assessment via files (``GET /api/machines/HardwareFirmwareInventoryExport``): SAS URLs of gzip
        /// JSON Lines files, generated every 6 hours.
        ///
        /// Args:
        ///     sas_valid_hours: How long the URLs stay valid, 1-6 hours (the service's
        ///         default when None).
        ///
        /// Returns:
        ///     An :class:`~mdekit.exports.Export`: ``.files`` (the URLs, for Spark, Databricks
        ///     or DuckDB), ``.generated_time``, ``.expires``, and downloads to rows,
        ///     ``to_arrow()``, ``iter_batches()``, ``to_polars()``, ``to_pandas()`` and
        ///     ``to_parquet(path)``.
        ///
        /// Raises:
        ///     ValueError: ``sas_valid_hours`` out of range (nothing sent).
        ///     PermissionDeniedError: Without Software.Read.All (application) or Software.Read
        ///         (delegated) (403).
        ///     ThrottledError: Over 5 calls a minute or 20 an hour (429).
        ///
        /// Permission: ``Software.Read.All`` / ``Software.Read``. Doc: https://learn.microsoft.com/defender-endpoint/api/export-firmware-hardware-assessment
        #[pyo3(signature = (*, sas_valid_hours=None))]
        #[py(returns = "Export")]
        fn hardware_firmware_via_files(sas_valid_hours: Option<crate::options::Count>) = |c| async move {
            crate::exports::via_files(c, Assessment::HardwareFirmware, sas_valid_hours.map(|h| h.0)).await
        };
        /// Exports the information gathering assessment via files (``GET /api/Machines/InfoGatheringExport``): SAS URLs of gzip
        /// JSON Lines files, generated every 6 hours.
        ///
        /// Args:
        ///     sas_valid_hours: How long the URLs stay valid, 1-24 hours (the service's
        ///         default when None).
        ///
        /// Returns:
        ///     An :class:`~mdekit.exports.Export`: ``.files`` (the URLs, for Spark, Databricks
        ///     or DuckDB), ``.generated_time``, ``.expires``, and downloads to rows,
        ///     ``to_arrow()``, ``iter_batches()``, ``to_polars()``, ``to_pandas()`` and
        ///     ``to_parquet(path)``.
        ///
        /// Raises:
        ///     ValueError: ``sas_valid_hours`` out of range (nothing sent).
        ///     PermissionDeniedError: Without Vulnerability.Read.All (application) or Vulnerability.Read
        ///         (delegated) (403).
        ///     ThrottledError: Over 5 calls a minute or 20 an hour (429).
        ///
        /// Permission: ``Vulnerability.Read.All`` / ``Vulnerability.Read``. Doc: https://learn.microsoft.com/defender-endpoint/api/get-assessment-information-gathering
        #[pyo3(signature = (*, sas_valid_hours=None))]
        #[py(returns = "Export")]
        fn information_gathering_via_files(sas_valid_hours: Option<crate::options::Count>) = |c| async move {
            crate::exports::via_files(c, Assessment::InformationGathering, sas_valid_hours.map(|h| h.0)).await
        };
        /// Exports the device antivirus health report (public preview; the documented path is the information-gathering export's) via files (``GET /api/machines/InfoGatheringExport``): SAS URLs of gzip
        /// JSON Lines files, generated every 6 hours.
        ///
        /// Args:
        ///     sas_valid_hours: How long the URLs stay valid, 1-24 hours (the service's
        ///         default when None).
        ///
        /// Returns:
        ///     An :class:`~mdekit.exports.Export`: ``.files`` (the URLs, for Spark, Databricks
        ///     or DuckDB), ``.generated_time``, ``.expires``, and downloads to rows,
        ///     ``to_arrow()``, ``iter_batches()``, ``to_polars()``, ``to_pandas()`` and
        ///     ``to_parquet(path)``.
        ///
        /// Raises:
        ///     ValueError: ``sas_valid_hours`` out of range (nothing sent).
        ///     PermissionDeniedError: Without Vulnerability.Read.All (application) or Vulnerability.Read
        ///         (delegated) (403).
        ///     ThrottledError: Over 5 calls a minute or 20 an hour (429).
        ///
        /// Permission: ``Vulnerability.Read.All`` / ``Vulnerability.Read``. Doc: https://learn.microsoft.com/defender-endpoint/api/device-health-export-antivirus-health-report-api
        #[pyo3(signature = (*, sas_valid_hours=None))]
        #[py(returns = "Export")]
        fn device_av_health_via_files(sas_valid_hours: Option<crate::options::Count>) = |c| async move {
            crate::exports::via_files(c, Assessment::DeviceAvHealth, sas_valid_hours.map(|h| h.0)).await
        };
    }
    pagers {
        /// The secure configuration assessment, JSON flavour (``GET /api/machines/SecureConfigurationsAssessmentByMachine``): a lazy pager of
        /// rows, one per device and item, following ``@odata.nextLink`` (``$skiptoken``)
        /// verbatim. Column names are camelCase whichever casing the service sends.
        ///
        /// Args:
        ///     page_size: Rows per request (1-200,000; the service's default is 50,000).
        ///     top: Only this many rows, in one request (the service then sends no next link).
        ///
        /// Raises:
        ///     ValueError: ``page_size`` out of range (nothing sent).
        ///     MdeError: When iterating: 403 without Vulnerability.Read.All / Vulnerability.Read, 429 over 30 calls a
        ///         minute or 1,000 an hour.
        ///
        /// Permission: ``Vulnerability.Read.All`` / ``Vulnerability.Read``. Doc: https://learn.microsoft.com/defender-endpoint/api/get-assessment-secure-config
        #[pyo3(signature = (*, page_size=None, top=None))]
        #[py(returns = "SecureConfiguration")]
        fn secure_configurations(page_size: Option<crate::options::Count>, top: Option<crate::options::Count>) = |c| {
            c.exports().json(Assessment::SecureConfigurations, page_size.map(|n| n.0), top.map(|n| n.0))
        };
        /// The software inventory (CPE) assessment, JSON flavour (``GET /api/machines/SoftwareInventoryByMachine``): a lazy pager of
        /// rows, one per device and item, following ``@odata.nextLink`` (``$skiptoken``)
        /// verbatim. Column names are camelCase whichever casing the service sends.
        ///
        /// Args:
        ///     page_size: Rows per request (1-200,000; the service's default is 50,000).
        ///     top: Only this many rows, in one request (the service then sends no next link).
        ///
        /// Raises:
        ///     ValueError: ``page_size`` out of range (nothing sent).
        ///     MdeError: When iterating: 403 without Software.Read.All / Software.Read, 429 over 30 calls a
        ///         minute or 1,000 an hour.
        ///
        /// Permission: ``Software.Read.All`` / ``Software.Read``. Doc: https://learn.microsoft.com/defender-endpoint/api/get-assessment-software-inventory
        #[pyo3(signature = (*, page_size=None, top=None))]
        #[py(returns = "SoftwareInventoryRecord")]
        fn software_inventory(page_size: Option<crate::options::Count>, top: Option<crate::options::Count>) = |c| {
            c.exports().json(Assessment::SoftwareInventory, page_size.map(|n| n.0), top.map(|n| n.0))
        };
        /// The non-CPE software inventory assessment, JSON flavour (``GET /api/machines/SoftwareInventoryNoProductCodeByMachine``): a lazy pager of
        /// rows, one per device and item, following ``@odata.nextLink`` (``$skiptoken``)
        /// verbatim. Column names are camelCase whichever casing the service sends.
        ///
        /// Args:
        ///     page_size: Rows per request (1-200,000; the service's default is 50,000).
        ///     top: Only this many rows, in one request (the service then sends no next link).
        ///
        /// Raises:
        ///     ValueError: ``page_size`` out of range (nothing sent).
        ///     MdeError: When iterating: 403 without Software.Read.All / Software.Read, 429 over 30 calls a
        ///         minute or 1,000 an hour.
        ///
        /// Permission: ``Software.Read.All`` / ``Software.Read``. Doc: https://learn.microsoft.com/defender-endpoint/api/get-assessment-non-cpe-software-inventory
        #[pyo3(signature = (*, page_size=None, top=None))]
        #[py(returns = "NonCpeSoftwareRecord")]
        fn non_cpe_software(page_size: Option<crate::options::Count>, top: Option<crate::options::Count>) = |c| {
            c.exports().json(Assessment::NonCpeSoftware, page_size.map(|n| n.0), top.map(|n| n.0))
        };
        /// The software vulnerabilities assessment, JSON flavour (``GET /api/machines/SoftwareVulnerabilitiesByMachine``): a lazy pager of
        /// rows, one per device and item, following ``@odata.nextLink`` (``$skiptoken``)
        /// verbatim. Column names are camelCase whichever casing the service sends.
        ///
        /// Args:
        ///     page_size: Rows per request (1-200,000; the service's default is 50,000).
        ///     top: Only this many rows, in one request (the service then sends no next link).
        ///
        /// Raises:
        ///     ValueError: ``page_size`` out of range (nothing sent).
        ///     MdeError: When iterating: 403 without Vulnerability.Read.All / Vulnerability.Read, 429 over 30 calls a
        ///         minute or 1,000 an hour.
        ///
        /// Permission: ``Vulnerability.Read.All`` / ``Vulnerability.Read``. Doc: https://learn.microsoft.com/defender-endpoint/api/get-assessment-software-vulnerabilities
        #[pyo3(signature = (*, page_size=None, top=None))]
        #[py(returns = "SoftwareVulnerabilityRecord")]
        fn software_vulnerabilities(page_size: Option<crate::options::Count>, top: Option<crate::options::Count>) = |c| {
            c.exports().json(Assessment::SoftwareVulnerabilities, page_size.map(|n| n.0), top.map(|n| n.0))
        };
        /// The browser extensions assessment, JSON flavour (``GET /api/machines/BrowserExtensionsInventoryByMachine``): a lazy pager of
        /// rows, one per device and item, following ``@odata.nextLink`` (``$skiptoken``)
        /// verbatim. Column names are camelCase whichever casing the service sends.
        ///
        /// Args:
        ///     page_size: Rows per request (1-200,000; the service's default is 50,000).
        ///     top: Only this many rows, in one request (the service then sends no next link).
        ///
        /// Raises:
        ///     ValueError: ``page_size`` out of range (nothing sent).
        ///     MdeError: When iterating: 403 without Software.Read.All / Software.Read, 429 over 30 calls a
        ///         minute or 1,000 an hour.
        ///
        /// Permission: ``Software.Read.All`` / ``Software.Read``. Doc: https://learn.microsoft.com/defender-endpoint/api/get-assessment-browser-extensions
        #[pyo3(signature = (*, page_size=None, top=None))]
        #[py(returns = "BrowserExtensionRecord")]
        fn browser_extensions(page_size: Option<crate::options::Count>, top: Option<crate::options::Count>) = |c| {
            c.exports().json(Assessment::BrowserExtensions, page_size.map(|n| n.0), top.map(|n| n.0))
        };
        /// The certificate inventory assessment, JSON flavour (``GET /api/machines/certificateAssessmentByMachine``): a lazy pager of
        /// rows, one per device and item, following ``@odata.nextLink`` (``$skiptoken``)
        /// verbatim. Column names are camelCase whichever casing the service sends.
        ///
        /// Args:
        ///     page_size: Rows per request (1-200,000; the service's default is 50,000).
        ///     top: Only this many rows, in one request (the service then sends no next link).
        ///
        /// Raises:
        ///     ValueError: ``page_size`` out of range (nothing sent).
        ///     MdeError: When iterating: 403 without Vulnerability.Read.All / Vulnerability.Read, 429 over 30 calls a
        ///         minute or 1,000 an hour.
        ///
        /// Permission: ``Vulnerability.Read.All`` / ``Vulnerability.Read``. Doc: https://learn.microsoft.com/defender-endpoint/api/export-certificate-inventory-assessment
        #[pyo3(signature = (*, page_size=None, top=None))]
        #[py(returns = "CertificateRecord")]
        fn certificates(page_size: Option<crate::options::Count>, top: Option<crate::options::Count>) = |c| {
            c.exports().json(Assessment::Certificates, page_size.map(|n| n.0), top.map(|n| n.0))
        };
        /// The security baselines assessment, JSON flavour (``GET /api/machines/baselineComplianceAssessmentByMachine``): a lazy pager of
        /// rows, one per device and item, following ``@odata.nextLink`` (``$skiptoken``)
        /// verbatim. Column names are camelCase whichever casing the service sends.
        ///
        /// Args:
        ///     page_size: Rows per request (1-200,000; the service's default is 50,000).
        ///     top: Only this many rows, in one request (the service then sends no next link).
        ///
        /// Raises:
        ///     ValueError: ``page_size`` out of range (nothing sent).
        ///     MdeError: When iterating: 403 without SecurityBaselinesAssessment.Read.All / SecurityBaselinesAssessment.Read, 429 over 30 calls a
        ///         minute or 1,000 an hour.
        ///
        /// Permission: ``SecurityBaselinesAssessment.Read.All`` / ``SecurityBaselinesAssessment.Read``. Doc: https://learn.microsoft.com/defender-endpoint/api/export-security-baseline-assessment
        #[pyo3(signature = (*, page_size=None, top=None))]
        #[py(returns = "BaselineAssessmentRecord")]
        fn security_baselines(page_size: Option<crate::options::Count>, top: Option<crate::options::Count>) = |c| {
            c.exports().json(Assessment::SecurityBaselines, page_size.map(|n| n.0), top.map(|n| n.0))
        };
        /// The hardware and firmware assessment, JSON flavour (``GET /api/machines/HardwareFirmwareInventoryByMachine``): a lazy pager of
        /// rows, one per device and item, following ``@odata.nextLink`` (``$skiptoken``)
        /// verbatim. Column names are camelCase whichever casing the service sends.
        ///
        /// Args:
        ///     page_size: Rows per request (1-200,000; the service's default is 50,000).
        ///     top: Only this many rows, in one request (the service then sends no next link).
        ///
        /// Raises:
        ///     ValueError: ``page_size`` out of range (nothing sent).
        ///     MdeError: When iterating: 403 without Software.Read.All / Software.Read, 429 over 30 calls a
        ///         minute or 1,000 an hour.
        ///
        /// Permission: ``Software.Read.All`` / ``Software.Read``. Doc: https://learn.microsoft.com/defender-endpoint/api/export-firmware-hardware-assessment
        #[pyo3(signature = (*, page_size=None, top=None))]
        #[py(returns = "HardwareFirmwareRecord")]
        fn hardware_firmware(page_size: Option<crate::options::Count>, top: Option<crate::options::Count>) = |c| {
            c.exports().json(Assessment::HardwareFirmware, page_size.map(|n| n.0), top.map(|n| n.0))
        };
        /// The software-vulnerability changes since ``since`` (``GET
        /// /api/machines/SoftwareVulnerabilityChangesByMachine?sinceTime=...``): every full-export
        /// row that is ``New``, ``Fixed`` or ``Updated``, with ``status`` and ``eventTimestamp``,
        /// from the 6-hour bucket holding ``since`` on.
        ///
        /// Args:
        ///     since: ISO-8601 UTC (``2024-05-01T00:00:00Z``) or a look-back (``7d``, ``36h``),
        ///         at most 14 days back.
        ///     page_size: Rows per request (1-200,000; the service's default is 50,000).
        ///     top: Only this many rows, in one request.
        ///
        /// Raises:
        ///     ValueError: ``since`` unreadable, in the future or more than 14 days back.
        ///     MdeError: When iterating (403 without Vulnerability.Read.All / Vulnerability.Read).
        ///
        /// Permission: ``Vulnerability.Read.All`` / ``Vulnerability.Read``.
        /// Doc: https://learn.microsoft.com/defender-endpoint/api/get-assessment-software-vulnerabilities
        #[pyo3(signature = (*, since, page_size=None, top=None))]
        #[py(returns = "SoftwareVulnerabilityChange")]
        fn software_vulnerability_changes(since: String, page_size: Option<crate::options::Count>, top: Option<crate::options::Count>) = |c| {
            c.exports().changes(&since, page_size.map(|n| n.0), top.map(|n| n.0))
        };
        /// The permissions browser extensions may request (``GET
        /// /api/browserextensions/permissionsinfo``): ``key``, ``permissionName``,
        /// ``description``. Static data that explains the browser-extension export's rows.
        ///
        /// Args:
        ///     top: Total number wanted (``$top``, up to 10,000).
        ///     skip: Number to skip first.
        ///     page_size: Items per request.
        ///
        /// Permission: ``Software.Read.All`` / ``Software.Read``.
        /// Doc: https://learn.microsoft.com/defender-endpoint/api/get-browser-extensions-permission-info
        #[pyo3(signature = (*, top=None, skip=None, page_size=None))]
        #[py(returns = "BrowserExtensionPermission")]
        fn browser_extension_permissions(top: Option<crate::options::Count>, skip: Option<crate::options::Count>, page_size: Option<crate::options::Count>) = |c| {
            c.exports().list(&mdekit_spec::EXPORTS_BROWSER_EXTENSION_PERMISSIONS, list_query(None, top, skip, None, page_size))
        };

        /// The security baseline profiles (``GET /api/baselineProfiles``).
        ///
        /// Args:
        ///     filter: OData ``$filter`` on id, name, operatingSystem, operatingSystemVersion,
        ///         status, settingsNumber, passedDevices or totalDevices.
        ///     top: Total number wanted (``$top``, up to 10,000).
        ///     skip: Number to skip first.
        ///     page_size: Items per request.
        ///
        /// Raises:
        ///     ValueError: A property that is not filterable.
        ///
        /// Permission: ``SecurityBaselinesAssessment.Read.All`` /
        /// ``SecurityBaselinesAssessment.Read`` (the page names none; the baseline export's).
        /// Doc: https://learn.microsoft.com/defender-endpoint/api/get-security-baselines-assessment-profiles
        #[pyo3(signature = (*, filter=None, top=None, skip=None, page_size=None))]
        #[py(returns = "BaselineProfile")]
        fn baseline_profiles(filter: Option<String>, top: Option<crate::options::Count>, skip: Option<crate::options::Count>, page_size: Option<crate::options::Count>) = |c| {
            c.exports().list(&mdekit_spec::EXPORTS_BASELINE_PROFILES, list_query(filter, top, skip, None, page_size))
        };

        /// The configurations assessed in active baseline profiles (``GET
        /// /api/baselineConfigurations``).
        ///
        /// Args:
        ///     filter: OData ``$filter`` on id, category, name or cce.
        ///     top: Total number wanted (``$top``, up to 10,000).
        ///     skip: Number to skip first.
        ///     page_size: Items per request.
        ///
        /// Permission: ``SecurityBaselinesAssessment.Read.All`` /
        /// ``SecurityBaselinesAssessment.Read``.
        /// Doc: https://learn.microsoft.com/defender-endpoint/api/get-security-baselines-assessment-configurations
        #[pyo3(signature = (*, filter=None, top=None, skip=None, page_size=None))]
        #[py(returns = "BaselineConfiguration")]
        fn baseline_configurations(filter: Option<String>, top: Option<crate::options::Count>, skip: Option<crate::options::Count>, page_size: Option<crate::options::Count>) = |c| {
            c.exports().list(&mdekit_spec::EXPORTS_BASELINE_CONFIGURATIONS, list_query(filter, top, skip, None, page_size))
        };
    }
}
