//! Microsoft Graph security incidents: the binding table of `mdekit_core::api::incidents`.

use mdekit_core::api::graph_security::GraphUpdate;
use mdekit_core::odata::ListQuery;
use pyo3::prelude::*;

use super::{list_query, operations};
use crate::convert::Json;

operations! {
    /// Microsoft Graph security incidents (``/v1.0/security/incidents``).
    ///
    /// Permission: ``SecurityIncident.Read.All`` or ``SecurityIncident.ReadWrite.All`` to read,
    /// ``SecurityIncident.ReadWrite.All`` to update or comment (application or delegated). The
    /// pages document no rate limit; Graph's 429 with ``Retry-After`` is waited out and retried.
    IncidentsOperations, AsyncIncidentsOperations, "IncidentsOperations", "AsyncIncidentsOperations";
    awaitables {
        /// Gets one incident (``GET /v1.0/security/incidents/{id}``).
        ///
        /// Args:
        ///     incident_id: The incident id, a number as a string (``"2972395"``).
        ///     expand: ``"alerts"`` to include the incident's alerts with their evidence.
        ///
        /// Raises:
        ///     ValueError: An id that is not a number, or an unsupported ``expand``.
        ///     ResourceNotFoundError: No such incident (404).
        #[pyo3(signature = (incident_id, *, expand=None))]
        #[py(returns = "Incident")]
        fn get(incident_id: String, expand: Option<String>) = |c| async move {
            c.incidents().get(&incident_id, expand.as_deref()).await.map(Json)
        };

        /// Updates an incident (``PATCH /v1.0/security/incidents/{id}``); omitted fields keep
        /// their values. Enum values match without case (``TruePositive`` or ``truePositive``)
        /// and are sent in the documented camelCase.
        ///
        /// Args:
        ///     status: ``active``, ``resolved``, ``inProgress`` or ``redirected``.
        ///     assigned_to: The owner; ``""`` clears it.
        ///     classification: ``unknown``, ``falsePositive``, ``truePositive`` or
        ///         ``informationalExpectedActivity``.
        ///     determination: e.g. ``malware``, ``multiStagedAttack``, ``notMalicious``.
        ///     custom_tags: Replaces the incident's custom tags.
        ///
        /// Returns:
        ///     The updated Incident.
        ///
        /// Raises:
        ///     ValueError: Nothing to update, or a value outside the documented domain.
        ///     PermissionDeniedError: The token lacks ``SecurityIncident.ReadWrite.All`` (403).
        ///     ResourceNotFoundError: No such incident (404).
        #[pyo3(signature = (
            incident_id, *, status=None, assigned_to=None, classification=None,
            determination=None, custom_tags=None
        ))]
        #[py(returns = "Incident")]
        fn update(
            incident_id: String,
            status: Option<String>,
            assigned_to: Option<String>,
            classification: Option<String>,
            determination: Option<String>,
            custom_tags: Option<Vec<String>>,
        ) = |c| async move {
            let u = GraphUpdate { status, assigned_to, classification, determination, custom_tags };
            c.incidents().update(&incident_id, &u).await.map(Json)
        };

        /// Adds a comment to an incident (``POST /v1.0/security/incidents/{id}/comments``).
        ///
        /// Returns:
        ///     Every comment of the incident (``alertComment`` dicts), the new one last.
        ///
        /// Raises:
        ///     ValueError: A blank comment.
        ///     ResourceNotFoundError: No such incident (404).
        #[pyo3(signature = (incident_id, comment))]
        #[py(returns = "AlertComments")]
        fn comment(incident_id: String, comment: String) = |c| async move {
            c.incidents().comment(&incident_id, &comment).await.map(Json)
        };
    }
    pagers {
        /// Lists incidents lazily, newest first (``GET /v1.0/security/incidents``), following
        /// ``@odata.nextLink``.
        ///
        /// Args:
        ///     filter: OData ``$filter`` on assignedTo, classification, createdDateTime,
        ///         determination, lastUpdateDateTime, severity or status, e.g.
        ///         ``"status eq 'active'"``.
        ///     top: Total number of incidents wanted (``$top``).
        ///     skip: Incidents to skip first (``$skip``).
        ///     count: Send ``$count=true`` (the service adds ``@odata.count`` to each page).
        ///     expand: ``"alerts"`` to include each incident's alerts.
        ///     page_size: Incidents per request.
        ///
        /// Returns:
        ///     A :class:`Pager` of Incident dicts.
        ///
        /// Raises:
        ///     ValueError: A property that is not filterable, ``top`` 0 or an unsupported
        ///         ``expand``.
        ///     MdeError: When iterating (see :mod:`mdekit.exceptions`).
        #[pyo3(signature = (
            *, filter=None, top=None, skip=None, count=false, expand=None, page_size=None
        ))]
        #[py(returns = "Incident")]
        fn list(
            filter: Option<String>,
            top: Option<crate::options::Count>,
            skip: Option<crate::options::Count>,
            count: bool,
            expand: Option<String>,
            page_size: Option<crate::options::Count>,
        ) = |c| c.incidents().list(ListQuery {
            count,
            ..list_query(filter, top, skip, expand, page_size)
        });
    }
}
