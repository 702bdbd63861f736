//! Alerts: the binding table of `mdekit_core::api::alerts`.

use mdekit_core::api::alert_actions::{AlertReference, AlertUpdate, Related};
use pyo3::prelude::*;

use super::{list_query, operations};
use crate::convert::Json;

operations! {
    /// Alerts (``/api/alerts``).
    ///
    /// Permission: ``Alert.Read.All`` or ``Alert.ReadWrite.All`` (application), ``Alert.Read`` or
    /// ``Alert.ReadWrite`` (delegated). Rate limit: 100 calls/minute, 1,500/hour.
    AlertsOperations, AsyncAlertsOperations, "AlertsOperations", "AsyncAlertsOperations";
    awaitables {
        /// Gets one alert, with its evidence (``GET /api/alerts/{id}``).
        ///
        /// Raises:
        ///     ValueError: An empty or malformed id.
        ///     ResourceNotFoundError: No such alert (404).
        #[pyo3(signature = (alert_id))]
        #[py(returns = "Alert")]
        fn get(alert_id: String) = |c| async move { c.alerts().get(&alert_id).await.map(Json) };

        /// Updates an alert (``PATCH /api/alerts/{id}``); omitted fields keep their values.
        ///
        /// Args:
        ///     status: ``New``, ``InProgress`` or ``Resolved`` (any case). Resolving sets
        ///         ``resolvedTime``.
        ///     assigned_to: Owner (a UPN).
        ///     classification: ``TruePositive``, ``InformationalExpectedActivity`` or
        ///         ``FalsePositive``.
        ///     determination: One of ``MultiStagedAttack``, ``MaliciousUserActivity``,
        ///         ``CompromisedUser``, ``Malware``, ``Phishing``, ``UnwantedSoftware``,
        ///         ``SecurityTesting``, ``LineOfBusinessApplication``, ``ConfirmedUserActivity``
        ///         (or ``ConfirmedActivity``), ``Clean`` (or ``NotMalicious``),
        ///         ``InsufficientData``, ``Other``.
        ///     comment: Added to the alert's ``comments``.
        ///
        /// Returns:
        ///     The updated Alert.
        ///
        /// Raises:
        ///     ValueError: Nothing to update, a blank comment or an unknown enum value.
        ///     PermissionDeniedError: The app lacks ``Alert.ReadWrite.All`` (403).
        ///     ResourceNotFoundError: No such alert (404).
        #[pyo3(signature = (
            alert_id, *, status=None, assigned_to=None, classification=None, determination=None,
            comment=None
        ))]
        #[py(returns = "Alert")]
        fn update(
            alert_id: String,
            status: Option<String>,
            assigned_to: Option<String>,
            classification: Option<String>,
            determination: Option<String>,
            comment: Option<String>,
        ) = |c| async move {
            let u = AlertUpdate { status, assigned_to, classification, determination, comment };
            c.alerts().update(&alert_id, &u).await.map(Json)
        };

        /// Updates many alerts at once (``POST /api/alerts/batchUpdate``); the arguments are
        /// those of :meth:`update`. The service answers 200 with no body.
        ///
        /// Raises:
        ///     ValueError: No ids, an invalid id, or invalid fields (see :meth:`update`).
        ///     ThrottledError: More than 10 calls a minute or 500 an hour (429).
        #[pyo3(signature = (
            alert_ids, *, status=None, assigned_to=None, classification=None, determination=None,
            comment=None
        ))]
        #[py(returns = "None")]
        fn batch_update(
            alert_ids: Vec<String>,
            status: Option<String>,
            assigned_to: Option<String>,
            classification: Option<String>,
            determination: Option<String>,
            comment: Option<String>,
        ) = |c| async move {
            let u = AlertUpdate { status, assigned_to, classification, determination, comment };
            c.alerts().batch_update(&alert_ids, &u).await.map(|()| None::<()>)
        };

        /// Creates an alert on top of an advanced-hunting event
        /// (``POST /api/alerts/CreateAlertByReference``). An open alert with the same title on the
        /// same machine is returned instead of a new one (the service merges them).
        ///
        /// Args:
        ///     machine_id: The event's ``DeviceId``.
        ///     report_id: The event's ``ReportId`` (an integer, as a string).
        ///     event_time: The event's exact ``Timestamp`` (UTC ISO-8601).
        ///     severity: ``Low``, ``Medium`` or ``High``.
        ///     category: ``General``, ``CommandAndControl``, ``Collection``, ``CredentialAccess``,
        ///         ``DefenseEvasion``, ``Discovery``, ``Exfiltration``, ``Exploit``, ``Execution``,
        ///         ``InitialAccess``, ``LateralMovement``, ``Malware``, ``Persistence``,
        ///         ``PrivilegeEscalation``, ``Ransomware`` or ``SuspiciousActivity``.
        ///
        /// Raises:
        ///     ValueError: A blank or invalid field (nothing sent).
        ///     ResourceNotFoundError: No such event (404).
        ///     ThrottledError: More than 15 calls a minute (429).
        #[pyo3(signature = (
            *, machine_id, report_id, event_time, severity, title, description,
            recommended_action, category
        ))]
        #[py(returns = "Alert")]
        fn create_by_reference(
            machine_id: String,
            report_id: String,
            event_time: String,
            severity: String,
            title: String,
            description: String,
            recommended_action: String,
            category: String,
        ) = |c| async move {
            let r = AlertReference {
                machine_id, report_id, event_time, severity, title, description,
                recommended_action, category,
            };
            c.alerts().create_by_reference(&r).await.map(Json)
        };

        /// Domains of an alert: ``[{"host": str}]`` (``GET /api/alerts/{id}/domains``).
        ///
        /// Raises ResourceNotFoundError (404) for an unknown alert.
        #[pyo3(signature = (alert_id))]
        #[py(returns = "Entities")]
        fn related_domains(alert_id: String) = |c| async move {
            c.alerts().related(&alert_id, Related::Domains).await.map(Json)
        };

        /// Files of an alert: File dicts (``sha1``, ``sha256``, ``globalPrevalence``...).
        ///
        /// Raises ResourceNotFoundError (404) for an unknown alert.
        #[pyo3(signature = (alert_id))]
        #[py(returns = "Entities")]
        fn related_files(alert_id: String) = |c| async move {
            c.alerts().related(&alert_id, Related::Files).await.map(Json)
        };

        /// IP addresses of an alert: ``[{"id": str}]`` (``GET /api/alerts/{id}/ips``).
        ///
        /// Raises ResourceNotFoundError (404) for an unknown alert.
        #[pyo3(signature = (alert_id))]
        #[py(returns = "Entities")]
        fn related_ips(alert_id: String) = |c| async move {
            c.alerts().related(&alert_id, Related::Ips).await.map(Json)
        };

        /// The machine of an alert (``GET /api/alerts/{id}/machine``).
        ///
        /// Raises ResourceNotFoundError (404) for an unknown alert or machine.
        #[pyo3(signature = (alert_id))]
        #[py(returns = "Machine")]
        fn related_machine(alert_id: String) = |c| async move {
            c.alerts().related(&alert_id, Related::Machine).await.map(Json)
        };

        /// The user of an alert: a User dict (``id``, ``accountName``, ``accountDomain``,
        /// ``accountSid``, ``firstSeen``, ``lastSeen``, ``logonTypes``...).
        ///
        /// Raises ResourceNotFoundError (404) for an unknown alert or an alert without a user.
        #[pyo3(signature = (alert_id))]
        #[py(returns = "dict[str, Any]")]
        fn related_user(alert_id: String) = |c| async move {
            c.alerts().related(&alert_id, Related::User).await.map(Json)
        };
    }
    pagers {
        /// Lists alerts lazily (``GET /api/alerts``).
        ///
        /// Args:
        ///     filter: OData ``$filter`` on alertCreationTime, lastUpdateTime, incidentId,
        ///         investigationId, id, assignedTo, detectionSource, lastEventTime, status,
        ///         severity or category, e.g. ``"severity eq 'High' and status ne 'Resolved'"``.
        ///     top: Total number of alerts wanted (OData ``$top``).
        ///     skip: Alerts to skip first (``$skip``).
        ///     expand: ``"evidence"`` to include each alert's evidence.
        ///     page_size: Alerts per request (1-10,000); by default the service decides.
        ///
        /// Returns:
        ///     A :class:`Pager` of Alert dicts.
        ///
        /// Raises:
        ///     ValueError: A property that is not filterable, unbalanced quotes or parentheses,
        ///         ``top`` 0, ``page_size`` out of range, or an unsupported ``expand``.
        ///     MdeError: When iterating (see :mod:`mdekit.exceptions`).
        #[pyo3(signature = (*, filter=None, top=None, skip=None, expand=None, page_size=None))]
        #[py(returns = "Alert")]
        fn list(
            filter: Option<String>,
            top: Option<crate::options::Count>,
            skip: Option<crate::options::Count>,
            expand: Option<String>,
            page_size: Option<crate::options::Count>,
        ) = |c| c.alerts().list(list_query(filter, top, skip, expand, page_size));
    }
}
