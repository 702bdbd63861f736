//! Machine actions: the binding table of `mdekit_core::api::machine_actions` (list, get, cancel,
//! package URI, wait, bulk). The per-machine actions themselves are on `machines`.

use std::time::Duration;

use mdekit_core::api::machine_actions::{Action, BulkOptions};
use mdekit_core::{Error, Result};
use pyo3::prelude::*;

use super::{list_query, operations};
use crate::convert::Json;

/// Seconds from Python as a duration ([`crate::options::checked_seconds`]), else a ValueError.
pub(crate) fn seconds(name: &str, value: f64) -> Result<Duration> {
    crate::options::checked_seconds(name, value).map_err(Error::invalid_argument)
}

pub(crate) fn bulk_options(
    dry_run: bool,
    wait: bool,
    timeout: f64,
    poll_interval: f64,
    concurrency: usize,
) -> Result<BulkOptions> {
    let poll_interval = seconds("poll_interval", poll_interval)?;
    if poll_interval.is_zero() {
        return Err(Error::invalid_argument("poll_interval must be positive"));
    }
    Ok(BulkOptions {
        dry_run,
        wait,
        timeout: seconds("timeout", timeout)?,
        poll_interval,
        concurrency,
    })
}

operations! {
    /// Machine actions (``/api/machineactions``).
    ///
    /// Permission to read: ``Machine.Read.All`` or ``Machine.ReadWrite.All`` (application),
    /// ``Machine.Read`` or ``Machine.ReadWrite`` (delegated). Rate limit: 100 calls/minute,
    /// 1,500/hour. The actions themselves start on :class:`MachinesOperations`.
    MachineActionsOperations, AsyncMachineActionsOperations, "MachineActionsOperations", "AsyncMachineActionsOperations";
    awaitables {
        /// Gets one machine action by its GUID.
        ///
        /// Raises:
        ///     ValueError: An id that is not a GUID.
        ///     ResourceNotFoundError: No such action (404).
        #[pyo3(signature = (action_id))]
        #[py(returns = "MachineAction")]
        fn get(action_id: String) = |c| async move { c.machine_actions().get(&action_id).await.map(Json) };

        /// Cancels a pending or running action (``POST /api/machineactions/{id}/cancel``).
        ///
        /// Returns:
        ///     The action, now ``Cancelled`` with the cancellation fields set.
        ///
        /// Raises:
        ///     ValueError: Bad id or blank comment.
        ///     BadRequestError: The action is already final (400).
        ///     ResourceNotFoundError: No such action (404).
        #[pyo3(signature = (action_id, *, comment))]
        #[py(returns = "MachineAction")]
        fn cancel(action_id: String, comment: String) = |c| async move {
            c.machine_actions().cancel(&action_id, &comment).await.map(Json)
        };

        /// The download URL of a collected investigation package
        /// (``GET /api/machineactions/{id}/getPackageUri``). The service may wrap the URL in literal
        /// double quotes; they are removed. The URL is short-lived.
        ///
        /// Raises:
        ///     ResourceNotFoundError: No such action, or the collection has not succeeded (404).
        ///     ThrottledError: More than 2 calls a minute or 120 an hour (429).
        #[pyo3(signature = (action_id))]
        #[py(returns = "str")]
        fn get_package_uri(action_id: String) = |c| async move {
            c.machine_actions().get_package_uri(&action_id).await
        };

        /// Polls an action every ``poll_interval`` seconds until it is ``Succeeded``,
        /// ``Failed``, ``Cancelled`` or ``TimeOut``, and returns it.
        ///
        /// Args:
        ///     timeout: Seconds to wait in all.
        ///     poll_interval: Seconds between polls (positive).
        ///
        /// Raises:
        ///     TimeoutError: The action was still running after ``timeout`` seconds.
        ///     ValueError: Bad id or negative durations.
        ///     ResourceNotFoundError: No such action (404).
        #[pyo3(signature = (action_id, *, timeout=600.0, poll_interval=5.0))]
        #[py(returns = "MachineAction")]
        fn wait(action_id: String, timeout: f64, poll_interval: f64) = |c| async move {
            let timeout = seconds("timeout", timeout)?;
            let poll_interval = seconds("poll_interval", poll_interval)?;
            c.machine_actions().wait(&action_id, timeout, poll_interval).await.map(Json)
        };

        /// Sends one action to many machines, at most ``concurrency`` requests at a time within
        /// the client-side rate limits, and reports one outcome per machine (duplicates once), in
        /// input order. A machine refused with ``ActiveRequestAlreadyExists`` counts as
        /// ``already_pending``, not as a failure; other refusals are ``failed`` outcomes, never
        /// exceptions.
        ///
        /// Args:
        ///     action: The action's method name on :class:`MachinesOperations`.
        ///     machine_ids: 40-hex device ids.
        ///     comment: Recorded on every action (required).
        ///     isolation_type: For ``isolate`` (default ``Full``).
        ///     scan_type: For ``run_antivirus_scan`` (default ``Quick``).
        ///     sha1: For ``stop_and_quarantine_file`` (required there).
        ///     dry_run: Validate and report ``dry_run`` outcomes without sending anything.
        ///     wait: Poll every action to its final state (one shared ``timeout``, seconds).
        ///     poll_interval: Seconds between polls of one action.
        ///     concurrency: Requests in flight at once (at least 1).
        ///
        /// Returns:
        ///     One :class:`BulkOutcome` per machine.
        ///
        /// Raises:
        ///     ValueError: Unknown action, bad parameters or an invalid id (nothing sent).
        ///
        /// Permission: the action's own (see each method).
        #[pyo3(signature = (
            action, machine_ids, *, comment, isolation_type=None, scan_type=None, sha1=None,
            dry_run=false, wait=false, timeout=600.0, poll_interval=5.0, concurrency=10
        ))]
        #[py(
            returns = "BulkOutcomes",
            enums(action = MACHINE_ACTION, isolation_type = ISOLATION_TYPE, scan_type = SCAN_TYPE)
        )]
        fn bulk(
            action: String,
            machine_ids: Vec<String>,
            comment: String,
            isolation_type: Option<String>,
            scan_type: Option<String>,
            sha1: Option<String>,
            dry_run: bool,
            wait: bool,
            timeout: f64,
            poll_interval: f64,
            concurrency: usize,
        ) = |c| async move {
            let action = Action::from_name(
                &action,
                isolation_type.as_deref(),
                scan_type.as_deref(),
                sha1.as_deref(),
            )?;
            let options = bulk_options(dry_run, wait, timeout, poll_interval, concurrency)?;
            c.machine_actions()
                .bulk(&c.machines(), &machine_ids, &action, &comment, &options)
                .await
                .map(|v| Json(serde_json::Value::Array(v)))
        };
    }
    pagers {
        /// Lists machine actions lazily (``GET /api/machineactions``).
        ///
        /// Args:
        ///     filter: OData ``$filter`` on id, status, machineId, type, requestor or
        ///         creationDateTimeUtc.
        ///     top: Total number of actions wanted (``$top``).
        ///     skip: Actions to skip first (``$skip``).
        ///     page_size: Actions per request (1-10,000).
        ///
        /// Returns:
        ///     A :class:`Pager` of MachineAction dicts.
        ///
        /// Raises:
        ///     ValueError: Invalid OData options.
        #[pyo3(signature = (*, filter=None, top=None, skip=None, page_size=None))]
        #[py(returns = "MachineAction")]
        fn list(
            filter: Option<String>,
            top: Option<crate::options::Count>,
            skip: Option<crate::options::Count>,
            page_size: Option<crate::options::Count>,
        ) = |c| c.machine_actions().list(list_query(filter, top, skip, None, page_size));
    }
}
