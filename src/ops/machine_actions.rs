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
    /// Machine actions (`/api/machineactions`). Permission: Machine.Read.All or
    /// Machine.ReadWrite.All to read; the action's own permission to cancel.
    MachineActionsOperations, AsyncMachineActionsOperations, "MachineActionsOperations", "AsyncMachineActionsOperations";
    awaitables {
        /// `GET /api/machineactions/{id}`: one MachineAction dict.
        #[pyo3(signature = (action_id))]
        fn get(action_id: String) = |c| async move { c.machine_actions().get(&action_id).await.map(Json) };

        /// `POST /api/machineactions/{id}/cancel`: the cancelled MachineAction.
        #[pyo3(signature = (action_id, *, comment))]
        fn cancel(action_id: String, comment: String) = |c| async move {
            c.machine_actions().cancel(&action_id, &comment).await.map(Json)
        };

        /// `GET /api/machineactions/{id}/getPackageUri`: the package download URL.
        #[pyo3(signature = (action_id))]
        fn get_package_uri(action_id: String) = |c| async move {
            c.machine_actions().get_package_uri(&action_id).await
        };

        /// Polls an action until it is final and returns it.
        #[pyo3(signature = (action_id, *, timeout=600.0, poll_interval=5.0))]
        fn wait(action_id: String, timeout: f64, poll_interval: f64) = |c| async move {
            let timeout = seconds("timeout", timeout)?;
            let poll_interval = seconds("poll_interval", poll_interval)?;
            c.machine_actions().wait(&action_id, timeout, poll_interval).await.map(Json)
        };

        /// Sends one action to many machines; one outcome dict per machine.
        #[pyo3(signature = (
            action, machine_ids, *, comment, isolation_type=None, scan_type=None, sha1=None,
            dry_run=false, wait=false, timeout=600.0, poll_interval=5.0, concurrency=10
        ))]
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
        /// `GET /api/machineactions`: a lazy pager of MachineAction dicts.
        #[pyo3(signature = (*, filter=None, top=None, skip=None, page_size=None))]
        fn list(
            filter: Option<String>,
            top: Option<crate::options::Count>,
            skip: Option<crate::options::Count>,
            page_size: Option<crate::options::Count>,
        ) = |c| c.machine_actions().list(list_query(filter, top, skip, None, page_size));
    }
}
