//! Device health: the binding table of `mdekit_core::api::device_health`.

use pyo3::prelude::*;

use super::{list_query, operations};

operations! {
    /// Device health reports (``/api/deviceavinfo``).
    ///
    /// Permission: ``Machine.Read.All`` (application) or ``Machine.Read`` (delegated). Rate
    /// limit: 30 calls/minute, 1,000/hour. The report as files is one of the export APIs.
    DeviceHealthOperations, AsyncDeviceHealthOperations, "DeviceHealthOperations", "AsyncDeviceHealthOperations";
    awaitables {}
    pagers {
        /// Lists the antivirus health of each device lazily (``GET /api/deviceavinfo``).
        ///
        /// Args:
        ///     filter: OData ``$filter`` on machineId, computerDnsName, osKind, osPlatform,
        ///         osVersion, avMode, avSignatureVersion, avEngineVersion, avPlatformVersion,
        ///         quickScanResult, quickScanError, fullScanResult, fullScanError,
        ///         avIsSignatureUpToDate, avIsEngineUpToDate, avIsPlatformUpToDate or
        ///         rbacGroupId (not rbacGroupName or id).
        ///     top: Total number of devices wanted (``$top``).
        ///     skip: Devices to skip first (``$skip``).
        ///     page_size: Devices per request (1-10,000).
        ///
        /// Returns:
        ///     A :class:`Pager` of dicts with ``id`` and ``machineId`` (the device id),
        ///     ``computerDnsName``, ``osKind`` (windows, mac, linux), ``osPlatform``,
        ///     ``osVersion``, ``avMode`` (a string code: ``"0"`` Active, ``"1"`` Passive,
        ///     ``"2"`` Disabled, ``"3"`` or ``""`` Other, ``"4"`` EDR blocked, ``"5"`` passive
        ///     audit), ``avSignatureVersion``, ``avEngineVersion``, ``avPlatformVersion`` and
        ///     their ``...UpdateTime``, ``avSignaturePublishTime``, ``avIsSignatureUpToDate``,
        ///     ``avIsEngineUpToDate``, ``avIsPlatformUpToDate`` (strings ``"True"``,
        ///     ``"False"``, ``"Unknown"``), ``quickScanResult``, ``quickScanError``,
        ///     ``quickScanTime``, ``fullScanResult``, ``fullScanError``, ``fullScanTime``,
        ///     ``lastSeenTime``, ``dataRefreshTimestamp``, ``rbacGroupId``,
        ///     ``rbacGroupName``.
        ///
        /// Raises:
        ///     ValueError: Invalid OData options (nothing sent).
        ///     ThrottledError: Over 30 calls a minute (429, after the retries).
        #[pyo3(signature = (*, filter=None, top=None, skip=None, page_size=None))]
        #[py(returns = "dict[str, Any]")]
        fn antivirus(
            filter: Option<String>,
            top: Option<crate::options::Count>,
            skip: Option<crate::options::Count>,
            page_size: Option<crate::options::Count>,
        ) = |c| c.device_health().antivirus(list_query(filter, top, skip, None, page_size));
    }
}
