//! Automated investigations: the binding table of `mdekit_core::api::investigations`.

use pyo3::prelude::*;

use super::{list_query, operations};
use crate::convert::Json;

operations! {
    /// Automated investigations (`/api/investigations`). Permission: Alert.Read.All or
    /// Alert.ReadWrite.All; starting one needs Alert.ReadWrite.All.
    InvestigationsOperations, AsyncInvestigationsOperations, "InvestigationsOperations", "AsyncInvestigationsOperations";
    awaitables {
        /// `GET /api/investigations/{id}` by investigation id or triggering alert id.
        #[pyo3(signature = (investigation_id))]
        fn get(investigation_id: String) = |c| async move {
            c.investigations().get(&investigation_id).await.map(Json)
        };

        /// `POST /api/machines/{id}/startInvestigation`: the new Investigation dict.
        #[pyo3(signature = (machine_id, *, comment))]
        fn start(machine_id: String, comment: String) = |c| async move {
            c.investigations().start(&machine_id, &comment).await.map(Json)
        };
    }
    pagers {
        /// `GET /api/investigations`: a lazy pager of Investigation dicts.
        #[pyo3(signature = (*, filter=None, top=None, skip=None, page_size=None))]
        fn list(
            filter: Option<String>,
            top: Option<crate::options::Count>,
            skip: Option<crate::options::Count>,
            page_size: Option<crate::options::Count>,
        ) = |c| c.investigations().list(list_query(filter, top, skip, None, page_size));
    }
}
