//! Alerts: the binding table of `mdekit_core::api::alerts`.

use mdekit_core::api::alert_actions::{AlertReference, AlertUpdate, Related};
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

        /// `PATCH /api/alerts/{id}`: the updated alert dict.
        #[pyo3(signature = (
            alert_id, *, status=None, assigned_to=None, classification=None, determination=None,
            comment=None
        ))]
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

        /// `POST /api/alerts/batchUpdate`: None.
        #[pyo3(signature = (
            alert_ids, *, status=None, assigned_to=None, classification=None, determination=None,
            comment=None
        ))]
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

        /// `POST /api/alerts/CreateAlertByReference`: the new (or merged) alert dict.
        #[pyo3(signature = (
            *, machine_id, report_id, event_time, severity, title, description,
            recommended_action, category
        ))]
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

        /// `GET /api/alerts/{id}/domains`: a list of `{"host"}` dicts.
        #[pyo3(signature = (alert_id))]
        fn related_domains(alert_id: String) = |c| async move {
            c.alerts().related(&alert_id, Related::Domains).await.map(Json)
        };

        /// `GET /api/alerts/{id}/files`: a list of File dicts.
        #[pyo3(signature = (alert_id))]
        fn related_files(alert_id: String) = |c| async move {
            c.alerts().related(&alert_id, Related::Files).await.map(Json)
        };

        /// `GET /api/alerts/{id}/ips`: a list of `{"id"}` dicts.
        #[pyo3(signature = (alert_id))]
        fn related_ips(alert_id: String) = |c| async move {
            c.alerts().related(&alert_id, Related::Ips).await.map(Json)
        };

        /// `GET /api/alerts/{id}/machine`: the Machine dict.
        #[pyo3(signature = (alert_id))]
        fn related_machine(alert_id: String) = |c| async move {
            c.alerts().related(&alert_id, Related::Machine).await.map(Json)
        };

        /// `GET /api/alerts/{id}/user`: the User dict.
        #[pyo3(signature = (alert_id))]
        fn related_user(alert_id: String) = |c| async move {
            c.alerts().related(&alert_id, Related::User).await.map(Json)
        };
    }
    pagers {
        /// `GET /api/alerts`: a lazy pager of alert dicts.
        #[pyo3(signature = (*, filter=None, top=None, skip=None, expand=None, page_size=None))]
        fn list(
            filter: Option<String>,
            top: Option<crate::options::Count>,
            skip: Option<crate::options::Count>,
            expand: Option<String>,
            page_size: Option<crate::options::Count>,
        ) = |c| c.alerts().list(list_query(filter, top, skip, expand, page_size));
    }
}
