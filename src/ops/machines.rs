//! Machines: the binding table of `mdekit_core::api::machines`.

use pyo3::prelude::*;

use super::{list_query, operations};
use crate::convert::Json;

operations! {
    /// Machines (`/api/machines`). Permission: Machine.Read.All or Machine.ReadWrite.All.
    MachinesOperations, AsyncMachinesOperations, "MachinesOperations", "AsyncMachinesOperations";
    awaitables {
        /// `GET /api/machines/{id}` by device id or computer name.
        #[pyo3(signature = (machine_id))]
        fn get(machine_id: String) = |c| async move { c.machines().get(&machine_id).await.map(Json) };
    }
    pagers {
        /// `GET /api/machines`: a lazy pager of machine dicts.
        #[pyo3(signature = (*, filter=None, top=None, skip=None, page_size=None))]
        fn list(
            filter: Option<String>,
            top: Option<u32>,
            skip: Option<u32>,
            page_size: Option<u32>,
        ) = |c| c.machines().list(list_query(filter, top, skip, None, page_size));
    }
}
