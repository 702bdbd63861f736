//! Microsoft Graph security incidents: the binding table of `mdekit_core::api::incidents`.

use mdekit_core::api::graph_security::GraphUpdate;
use mdekit_core::odata::ListQuery;
use pyo3::prelude::*;

use super::{list_query, operations};
use crate::convert::Json;

operations! {
    /// Microsoft Graph security incidents (`/v1.0/security/incidents`). Permission:
    /// SecurityIncident.Read.All or SecurityIncident.ReadWrite.All (application or delegated);
    /// updates and comments need SecurityIncident.ReadWrite.All.
    IncidentsOperations, AsyncIncidentsOperations, "IncidentsOperations", "AsyncIncidentsOperations";
    awaitables {
        /// `GET /v1.0/security/incidents/{id}`: one incident dict (`expand="alerts"` adds its
        /// alerts).
        #[pyo3(signature = (incident_id, *, expand=None))]
        fn get(incident_id: String, expand: Option<String>) = |c| async move {
            c.incidents().get(&incident_id, expand.as_deref()).await.map(Json)
        };

        /// `PATCH /v1.0/security/incidents/{id}`: the updated incident dict.
        #[pyo3(signature = (
            incident_id, *, status=None, assigned_to=None, classification=None,
            determination=None, custom_tags=None
        ))]
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

        /// `POST /v1.0/security/incidents/{id}/comments`: every comment of the incident.
        #[pyo3(signature = (incident_id, comment))]
        fn comment(incident_id: String, comment: String) = |c| async move {
            c.incidents().comment(&incident_id, &comment).await.map(Json)
        };
    }
    pagers {
        /// `GET /v1.0/security/incidents`: a lazy pager of incident dicts.
        #[pyo3(signature = (
            *, filter=None, top=None, skip=None, count=false, expand=None, page_size=None
        ))]
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
