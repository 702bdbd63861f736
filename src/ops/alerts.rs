//! Alerts: the binding table of `mdekit_core::api::alerts`.

use pyo3::prelude::*;

use super::{list_query, operations};
use crate::convert::Json;

operations! {
    /// Alerts (`/api/alerts`). Permission: Alert.Read.All or Alert.ReadWrite.All.
    AlertsOperations, AsyncAlertsOperations, "AlertsOperations", "AsyncAlertsOperations";
    awaitables {
        /// `GET /api/alerts/{id}`: one alert dict, evidence included.
        #[pyo3(signature = (alert_id))]
        fn get(alert_id: String) = |c| async move { c.alerts().get(&alert_id).await.map(Json) };
    }
    pagers {
        /// `GET /api/alerts`: a lazy pager of alert dicts.
        #[pyo3(signature = (*, filter=None, top=None, skip=None, expand=None, page_size=None))]
        fn list(
            filter: Option<String>,
            top: Option<u32>,
            skip: Option<u32>,
            expand: Option<String>,
            page_size: Option<u32>,
        ) = |c| c.alerts().list(list_query(filter, top, skip, expand, page_size));
    }
}
