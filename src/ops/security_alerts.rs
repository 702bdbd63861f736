//! Microsoft Graph security alerts (v2): the binding table of
//! `mdekit_core::api::security_alerts`.

use mdekit_core::api::graph_security::GraphUpdate;
use mdekit_core::odata::ListQuery;
use pyo3::prelude::*;

use super::{list_query, operations};
use crate::convert::Json;

operations! {
    /// Microsoft Graph security alerts v2 (``/v1.0/security/alerts_v2``).
    ///
    /// Permission: ``SecurityAlert.Read.All`` or ``SecurityAlert.ReadWrite.All`` to read,
    /// ``SecurityAlert.ReadWrite.All`` to update or comment (application or delegated). No rate
    /// limit documented. An MDE alert appears here with the same id.
    SecurityAlertsOperations, AsyncSecurityAlertsOperations, "SecurityAlertsOperations", "AsyncSecurityAlertsOperations";
    awaitables {
        /// Gets one alert with its typed evidence (``GET /v1.0/security/alerts_v2/{id}``);
        /// device evidence (``#microsoft.graph.security.deviceEvidence``) carries the MDE
        /// machine id in ``mdeDeviceId``.
        ///
        /// Raises:
        ///     ValueError: An empty or malformed id.
        ///     ResourceNotFoundError: No such alert (404).
        #[pyo3(signature = (alert_id))]
        #[py(returns = "SecurityAlert")]
        fn get(alert_id: String) = |c| async move {
            c.security_alerts().get(&alert_id).await.map(Json)
        };

        /// Updates an alert (``PATCH /v1.0/security/alerts_v2/{id}``); omitted fields keep
        /// their values; enums match without case and are sent in camelCase.
        ///
        /// Args:
        ///     status: ``new``, ``inProgress`` or ``resolved``.
        ///     assigned_to: The owner; ``""`` clears it.
        ///     classification: ``unknown``, ``falsePositive``, ``truePositive`` or
        ///         ``informationalExpectedActivity``.
        ///     determination: e.g. ``malware``, ``clean``, ``insufficientData``.
        ///
        /// Returns:
        ///     The updated SecurityAlert.
        ///
        /// Raises:
        ///     ValueError: Nothing to update, or a value outside the documented domain.
        ///     PermissionDeniedError: The token lacks ``SecurityAlert.ReadWrite.All`` (403).
        ///     ResourceNotFoundError: No such alert (404).
        #[pyo3(signature = (
            alert_id, *, status=None, assigned_to=None, classification=None, determination=None
        ))]
        #[py(returns = "SecurityAlert")]
        fn update(
            alert_id: String,
            status: Option<String>,
            assigned_to: Option<String>,
            classification: Option<String>,
            determination: Option<String>,
        ) = |c| async move {
            let u = GraphUpdate {
                status, assigned_to, classification, determination, custom_tags: None,
            };
            c.security_alerts().update(&alert_id, &u).await.map(Json)
        };

        /// Adds a comment to an alert (``POST /v1.0/security/alerts_v2/{id}/comments``).
        ///
        /// Returns:
        ///     Every comment of the alert (``alertComment`` dicts), the new one last.
        ///
        /// Raises:
        ///     ValueError: A blank comment.
        ///     ResourceNotFoundError: No such alert (404).
        #[pyo3(signature = (alert_id, comment))]
        #[py(returns = "AlertComments")]
        fn comment(alert_id: String, comment: String) = |c| async move {
            c.security_alerts().comment(&alert_id, &comment).await.map(Json)
        };
    }
    pagers {
        /// Lists alerts lazily, newest first (``GET /v1.0/security/alerts_v2``), following
        /// ``@odata.nextLink``.
        ///
        /// Args:
        ///     filter: OData ``$filter`` on assignedTo, classification, determination,
        ///         createdDateTime, lastUpdateDateTime, severity, serviceSource or status.
        ///     top: Total number of alerts wanted (``$top``).
        ///     skip: Alerts to skip first (``$skip``).
        ///     count: Send ``$count=true``.
        ///     page_size: Alerts per request.
        ///
        /// Returns:
        ///     A :class:`Pager` of SecurityAlert dicts.
        ///
        /// Raises:
        ///     ValueError: A property that is not filterable, or ``top`` 0.
        ///     MdeError: When iterating (see :mod:`mdekit.exceptions`).
        #[pyo3(signature = (*, filter=None, top=None, skip=None, count=false, page_size=None))]
        #[py(returns = "SecurityAlert")]
        fn list(
            filter: Option<String>,
            top: Option<crate::options::Count>,
            skip: Option<crate::options::Count>,
            count: bool,
            page_size: Option<crate::options::Count>,
        ) = |c| c.security_alerts().list(ListQuery {
            count,
            ..list_query(filter, top, skip, None, page_size)
        });
    }
}
