//! Automated investigations: the binding table of `mdekit_core::api::investigations`.

use pyo3::prelude::*;

use super::{list_query, operations};
use crate::convert::Json;

operations! {
    /// Automated investigations (``/api/investigations``).
    ///
    /// Permission: ``Alert.Read.All`` or ``Alert.ReadWrite.All`` (application), ``Alert.Read`` or
    /// ``Alert.ReadWrite`` (delegated). Rate limit: 100 calls/minute, 1,500/hour; starting one,
    /// 50 an hour.
    InvestigationsOperations, AsyncInvestigationsOperations, "InvestigationsOperations", "AsyncInvestigationsOperations";
    awaitables {
        /// One investigation, by its id or by the id of the alert that triggered it.
        ///
        /// Raises:
        ///     ResourceNotFoundError: No such investigation (404).
        #[pyo3(signature = (investigation_id))]
        #[py(returns = "dict[str, Any]")]
        fn get(investigation_id: String) = |c| async move {
            c.investigations().get(&investigation_id).await.map(Json)
        };

        /// Starts an automated investigation on a machine
        /// (``POST /api/machines/{id}/startInvestigation``; 201).
        ///
        /// Raises:
        ///     ValueError: A blank comment or invalid id.
        ///     ResourceNotFoundError: No such machine (404).
        ///     ThrottledError: More than 50 starts an hour (429).
        #[pyo3(signature = (machine_id, *, comment))]
        #[py(returns = "dict[str, Any]")]
        fn start(machine_id: String, comment: String) = |c| async move {
            c.investigations().start(&machine_id, &comment).await.map(Json)
        };
    }
    pagers {
        /// Lists investigations lazily (``GET /api/investigations``).
        ///
        /// Args:
        ///     filter: OData ``$filter`` on startTime, id, state, machineId or triggeringAlertId.
        ///
        /// Returns:
        ///     A :class:`Pager` of Investigation dicts (``id``, ``startTime``, ``endTime``,
        ///     ``cancelledBy``, ``state``, ``statusDetails``, ``machineId``, ``computerDnsName``,
        ///     ``triggeringAlertId``).
        #[pyo3(signature = (*, filter=None, top=None, skip=None, page_size=None))]
        #[py(returns = "dict[str, Any]")]
        fn list(
            filter: Option<String>,
            top: Option<crate::options::Count>,
            skip: Option<crate::options::Count>,
            page_size: Option<crate::options::Count>,
        ) = |c| c.investigations().list(list_query(filter, top, skip, None, page_size));
    }
}
