//! Indicators: the binding table of `mdekit_core::api::indicators`.

use mdekit_core::{Error, ErrorKind, Result};
use pyo3::prelude::*;
use serde_json::{Map, Value};

use super::{list_query, operations};
use crate::convert::Json;

/// A list of indicator dicts from Python, as JSON; anything else is a TypeError.
fn indicator_list(obj: &Bound<'_, PyAny>) -> Result<Vec<Value>> {
    if obj.is_instance_of::<pyo3::types::PyString>() || obj.is_instance_of::<pyo3::types::PyDict>()
    {
        return Err(Error::new(
            ErrorKind::InvalidType,
            "indicators must be a list of dicts, not a single str or dict",
        ));
    }
    match pythonize::depythonize::<Value>(obj) {
        Ok(Value::Array(items)) => Ok(items),
        Ok(_) => Err(Error::new(
            ErrorKind::InvalidType,
            "indicators must be a list of dicts",
        )),
        Err(e) => Err(Error::new(
            ErrorKind::InvalidType,
            format!("indicators must be a list of JSON-like dicts: {e}"),
        )),
    }
}

operations! {
    /// Indicators (`/api/indicators`). Permission: Ti.ReadWrite or Ti.ReadWrite.All.
    IndicatorsOperations, AsyncIndicatorsOperations, "IndicatorsOperations", "AsyncIndicatorsOperations";
    awaitables {
        /// `POST /api/indicators`: the created or updated Indicator dict.
        #[pyo3(signature = (
            *, indicator_value, indicator_type, action, title, description, application=None,
            expiration_time=None, severity=None, recommended_actions=None, rbac_group_names=None,
            generate_alert=None, educate_url=None
        ))]
        fn submit(
            indicator_value: String,
            indicator_type: String,
            action: String,
            title: String,
            description: String,
            application: Option<String>,
            expiration_time: Option<String>,
            severity: Option<String>,
            recommended_actions: Option<String>,
            rbac_group_names: Option<Vec<String>>,
            generate_alert: Option<bool>,
            educate_url: Option<String>,
        ) = |c| async move {
            let mut m = Map::new();
            let mut put = |k: &str, v: Option<Value>| {
                if let Some(v) = v {
                    m.insert(k.to_owned(), v);
                }
            };
            put("indicatorValue", Some(Value::String(indicator_value)));
            put("indicatorType", Some(Value::String(indicator_type)));
            put("action", Some(Value::String(action)));
            put("title", Some(Value::String(title)));
            put("description", Some(Value::String(description)));
            put("application", application.map(Value::String));
            put("expirationTime", expiration_time.map(Value::String));
            put("severity", severity.map(Value::String));
            put("recommendedActions", recommended_actions.map(Value::String));
            put("rbacGroupNames", rbac_group_names.map(|g| g.into_iter().map(Value::String).collect()));
            put("generateAlert", generate_alert.map(Value::Bool));
            put("educateUrl", educate_url.map(Value::String));
            c.indicators().submit(&Value::Object(m)).await.map(Json)
        };

        /// `POST /api/indicators/import` in chunks of 500: per-item result dicts.
        #[pyo3(signature = (indicators))]
        fn import_batch(indicators: Bound<'_, PyAny>) = |c| {
            let items = indicator_list(&indicators);
            async move {
                c.indicators().import(&items?).await.map(|v| Json(Value::Array(v)))
            }
        };

        /// `DELETE /api/indicators/{id}`: None.
        #[pyo3(signature = (indicator_id))]
        fn delete(indicator_id: String) = |c| async move {
            c.indicators().delete(&indicator_id).await.map(|()| None::<()>)
        };

        /// `POST /api/indicators/BatchDelete`: None.
        #[pyo3(signature = (indicator_ids))]
        fn batch_delete(indicator_ids: Vec<String>) = |c| async move {
            c.indicators().batch_delete(&indicator_ids).await.map(|()| None::<()>)
        };
    }
    pagers {
        /// `GET /api/indicators`: a lazy pager of Indicator dicts.
        #[pyo3(signature = (*, filter=None, top=None, skip=None, page_size=None))]
        fn list(
            filter: Option<String>,
            top: Option<crate::options::Count>,
            skip: Option<crate::options::Count>,
            page_size: Option<crate::options::Count>,
        ) = |c| c.indicators().list(list_query(filter, top, skip, None, page_size));
    }
}
