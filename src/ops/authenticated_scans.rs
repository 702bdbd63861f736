//! Authenticated scans: the binding table of `mdekit_core::api::authenticated_scans`.

use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use serde_json::{Map, Value};

use mdekit_core::api::authenticated_scans::{DefinitionChanges, NewDefinition};

use super::operations;
use crate::convert::Json;

/// A dict argument as a JSON object; anything else is a TypeError, raised before anything is
/// sent (for the async client at the call, not from the awaitable).
fn object(what: &str, obj: &Bound<'_, PyAny>) -> PyResult<Map<String, Value>> {
    match pythonize::depythonize::<Value>(obj) {
        Ok(Value::Object(m)) => Ok(m),
        _ => Err(PyTypeError::new_err(format!(
            "{what} must be a dict of JSON values"
        ))),
    }
}

operations! {
    /// Authenticated scans: scan definitions, scanner agents and scan history
    /// (``/api/DeviceAuthenticatedScanDefinitions``, ``/api/DeviceAuthenticatedScanAgents``).
    ///
    /// Permission: ``Machine.Read.All`` to read (application and delegated),
    /// ``Machine.ReadWrite.All`` (application) or ``Machine.ReadWrite`` (delegated) to create,
    /// update or delete definitions. Rate limit: 100 calls/minute, 1,500/hour. Creating,
    /// updating and deleting are never retried once sent.
    AuthenticatedScansOperations, AsyncAuthenticatedScansOperations, "AuthenticatedScansOperations", "AsyncAuthenticatedScansOperations";
    awaitables {
        /// The scan definitions: dicts with ``id``, ``scanType`` (Windows, Network),
        /// ``scanName``, ``isActive``, ``target``, ``orgId``, ``intervalInHours``,
        /// ``createdBy``, ``targetType``, ``scanAuthenticationParams``, ``scannerAgent`` (an
        /// agent dict, see :meth:`get_agent`) and ``latestScan`` (``status``,
        /// ``failureReason``, ``executionDateTime``).
        #[pyo3(signature = ())]
        #[py(returns = "Entities")]
        fn list_definitions() = |c| async move {
            c.authenticated_scans().list_definitions().await.map(Json)
        };

        /// Creates a scan definition (``POST``; the service answers 200 with it).
        ///
        /// Args:
        ///     scan_type: ``Windows`` or ``Network`` (any case).
        ///     scan_name: The scan's name.
        ///     target: Comma-separated IP addresses or host names.
        ///     scanner_machine_id: The device id of the scanner agent's machine.
        ///     scan_authentication_params: The credentials, with ``"@odata.type"``
        ///         ``#microsoft.windowsDefenderATP.api.WindowsAuthParams`` (``type``
        ///         Kerberos or Negotiate) or ``...SnmpAuthParams`` (``type`` CommunityString,
        ///         NoAuthNoPriv, AuthNoPriv, AuthPriv); prefer ``KeyVaultUrl`` and
        ///         ``KeyVaultSecretName`` to passwords. Never echoed back.
        ///     is_active: Whether the scan runs.
        ///     interval_in_hours: How often it runs (at least 1).
        ///     target_type: ``Ip`` (default) or ``Hostname``.
        ///
        /// Returns:
        ///     The new definition (``scanAuthenticationParams`` is None).
        ///
        /// Raises:
        ///     ValueError: A missing or malformed field (nothing sent).
        ///     BadRequestError: The service refused the definition (400).
        ///     PermissionDeniedError: No ``Machine.ReadWrite.All`` (403).
        #[pyo3(
            signature = (
                *, scan_type, scan_name, target, scanner_machine_id, scan_authentication_params,
                is_active=true, interval_in_hours=24, target_type="Ip".to_owned()
            ),
            text_signature = "($self, *, scan_type, scan_name, target, scanner_machine_id, \
                scan_authentication_params, is_active=True, interval_in_hours=24, \
                target_type='Ip')"
        )]
        #[py(returns = "dict[str, Any]", types(scan_authentication_params = "Mapping[str, Any]"))]
        fn create_definition(
            scan_type: String,
            scan_name: String,
            target: String,
            scanner_machine_id: String,
            scan_authentication_params: Bound<'_, PyAny>,
            is_active: bool,
            interval_in_hours: u32,
            target_type: String,
        ) = |c| {
            let params = object("scan_authentication_params", &scan_authentication_params)?;
            async move {
                let d = NewDefinition {
                    scan_type,
                    scan_name,
                    target,
                    scanner_machine_id,
                    scan_authentication_params: params,
                    is_active,
                    interval_in_hours,
                    target_type,
                };
                c.authenticated_scans().create_definition(&d).await.map(Json)
            }
        };

        /// Changes a scan definition (``PATCH``); only the fields given are sent.
        ///
        /// Args:
        ///     definition_id: The definition's id.
        ///     scan_name, is_active, target, interval_in_hours, target_type: New values.
        ///     scan_authentication_params: New credentials (see :meth:`create_definition`).
        ///
        /// Returns:
        ///     The updated definition.
        ///
        /// Raises:
        ///     ValueError: No change given, or a malformed one (nothing sent).
        ///     ResourceNotFoundError: No such definition (404).
        #[pyo3(signature = (
            definition_id, *, scan_name=None, is_active=None, target=None,
            interval_in_hours=None, target_type=None, scan_authentication_params=None
        ))]
        #[py(returns = "dict[str, Any]", types(scan_authentication_params = "Mapping[str, Any] | None"))]
        fn update_definition(
            definition_id: String,
            scan_name: Option<String>,
            is_active: Option<bool>,
            target: Option<String>,
            interval_in_hours: Option<u32>,
            target_type: Option<String>,
            scan_authentication_params: Option<Bound<'_, PyAny>>,
        ) = |c| {
            let params = scan_authentication_params
                .as_ref()
                .map(|p| object("scan_authentication_params", p))
                .transpose()?;
            async move {
                let changes = DefinitionChanges {
                    scan_name,
                    is_active,
                    target,
                    interval_in_hours,
                    target_type,
                    scan_authentication_params: params,
                };
                c.authenticated_scans().update_definition(&definition_id, &changes).await.map(Json)
            }
        };

        /// Deletes scan definitions (``POST .../BatchDelete`` with ``ScanDefinitionIds``).
        ///
        /// Raises:
        ///     ValueError: No ids, or a malformed one (nothing sent).
        #[pyo3(signature = (definition_ids))]
        #[py(returns = "None")]
        fn delete_definitions(definition_ids: Vec<String>) = |c| async move {
            c.authenticated_scans().delete_definitions(&definition_ids).await.map(|()| None::<()>)
        };

        /// The scanner agents: dicts with ``id`` (``<orgId>_<machineId>``), ``machineId``,
        /// ``computerDnsName``, ``lastSeen`` (UTC ISO-8601), ``AssignedApplicationId``,
        /// ``ScannerSoftwareVersion``, ``LastCommandExecutionTimestamp`` (UTC ISO-8601) and
        /// ``mdeClientVersion``, spelt as the service sends them (three are PascalCase).
        #[pyo3(signature = ())]
        #[py(returns = "Entities")]
        fn list_agents() = |c| async move { c.authenticated_scans().list_agents().await.map(Json) };

        /// One scanner agent (see :meth:`list_agents` for its keys).
        ///
        /// Raises:
        ///     ValueError: A malformed id. ResourceNotFoundError: No such agent (404).
        #[pyo3(signature = (agent_id))]
        #[py(returns = "dict[str, Any]")]
        fn get_agent(agent_id: String) = |c| async move {
            c.authenticated_scans().get_agent(&agent_id).await.map(Json)
        };

        /// The scan sessions of definitions, newest first: dicts with ``ScanDefinitionIds``
        /// (one id), ``LastScanned``, ``ScanStatus`` (Success, Partial Success, Fail) and
        /// ``ScannerId`` (PascalCase, as the service sends them).
        ///
        /// Args:
        ///     definition_ids: The definitions' ids.
        ///     top: Sessions wanted (``$top``, 1-4,096).
        ///     skip: Sessions to skip first (``$skip``).
        ///
        /// Raises:
        ///     ValueError: No ids, a malformed one, or ``top`` out of range (nothing sent).
        #[pyo3(signature = (definition_ids, *, top=None, skip=None))]
        #[py(returns = "Entities")]
        fn history_by_definition(
            definition_ids: Vec<String>,
            top: Option<u32>,
            skip: Option<u32>,
        ) = |c| async move {
            c.authenticated_scans()
                .history_by_definition(&definition_ids, top, skip)
                .await
                .map(Json)
        };

        /// The scan sessions with these ids: dicts with ``orgId``, ``ScanDefinitionIds``,
        /// ``SessionIds``, ``NumberOfSuccessfullyScannedTargets``, ``NumberOfTargets``,
        /// ``ScanStatus``, ``LastScanned`` and ``ListScannedTargets`` (``Ip``, ``Hostname``,
        /// ``ScannedDeviceDescription``, ``ErrorMessage``, ``ScanStatus``, ``ScanDuration``).
        ///
        /// Raises:
        ///     ValueError: No ids, or a malformed one (nothing sent).
        #[pyo3(signature = (session_ids))]
        #[py(returns = "Entities")]
        fn history_by_session(session_ids: Vec<String>) = |c| async move {
            c.authenticated_scans().history_by_session(&session_ids).await.map(Json)
        };
    }
    pagers {}
}
