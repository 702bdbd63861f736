//! Microsoft Graph security alerts (v2): the binding table of
//! `mdekit_core::api::security_alerts`.

use mdekit_core::api::graph_security::GraphUpdate;
use mdekit_core::odata::ListQuery;
use pyo3::prelude::*;

use super::{list_query, operations};
use crate::convert::Json;

operations! {
    /// Microsoft Graph security alerts v2 (`/v1.0/security/alerts_v2`). Permission:
    /// SecurityAlert.Read.All or SecurityAlert.ReadWrite.All (application or delegated); updates
    /// and comments need SecurityAlert.ReadWrite.All.
    SecurityAlertsOperations, AsyncSecurityAlertsOperations, "SecurityAlertsOperations", "AsyncSecurityAlertsOperations";
    awaitables {
        /// `GET /v1.0/security/alerts_v2/{id}`: one alert dict with typed evidence.
        #[pyo3(signature = (alert_id))]
        fn get(alert_id: String) = |c| async move {
            c.security_alerts().get(&alert_id).await.map(Json)
        };

        /// `PATCH /v1.0/security/alerts_v2/{id}`: the updated alert dict.
        #[pyo3(signature = (
            alert_id, *, status=None, assigned_to=None, classification=None, determination=None
        ))]
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

        /// `POST /v1.0/security/alerts_v2/{id}/comments`: every comment of the alert.
        #[pyo3(signature = (alert_id, comment))]
        fn comment(alert_id: String, comment: String) = |c| async move {
            c.security_alerts().comment(&alert_id, &comment).await.map(Json)
        };
    }
    pagers {
        /// `GET /v1.0/security/alerts_v2`: a lazy pager of alert dicts.
        #[pyo3(signature = (*, filter=None, top=None, skip=None, count=false, page_size=None))]
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
