//! Indicators: the binding table of `mdekit_core::api::indicators`.

use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use serde_json::{Map, Value};

use super::{list_query, operations};
use crate::convert::Json;

/// A list of indicator dicts from Python, as JSON; anything else is a TypeError.
fn indicator_list(obj: &Bound<'_, PyAny>) -> PyResult<Vec<Value>> {
    if obj.is_instance_of::<pyo3::types::PyString>() || obj.is_instance_of::<pyo3::types::PyDict>()
    {
        return Err(PyTypeError::new_err(
            "indicators must be a list of dicts, not a single str or dict",
        ));
    }
    match pythonize::depythonize::<Value>(obj) {
        Ok(Value::Array(items)) => Ok(items),
        Ok(_) => Err(PyTypeError::new_err("indicators must be a list of dicts")),
        Err(e) => Err(PyTypeError::new_err(format!(
            "indicators must be a list of JSON-like dicts: {e}"
        ))),
    }
}

operations! {
    /// Indicators: custom threat intelligence (``/api/indicators``).
    ///
    /// Permission: ``Ti.ReadWrite`` (sees only its own indicators) or ``Ti.ReadWrite.All``
    /// (application). Rate limits: 100 calls/minute and 1,500/hour; import and batch delete 30 a
    /// minute. A tenant holds at most 15,000 active indicators.
    IndicatorsOperations, AsyncIndicatorsOperations, "IndicatorsOperations", "AsyncIndicatorsOperations";
    awaitables {
        /// Creates an indicator, or updates the one with the same type and value
        /// (``POST /api/indicators``; the service answers 200 either way).
        ///
        /// Args:
        ///     indicator_value: Checked against ``indicator_type`` before sending: SHA-1 (40 hex),
        ///         SHA-256 (64 hex), MD5 (32 hex), certificate thumbprint (40 hex), an IPv4/IPv6
        ///         address without CIDR, a domain name, or an http(s) URL.
        ///     indicator_type: The documented enum (any case).
        ///     action: The documented enum (any case); ``Audit`` needs ``generate_alert=True``.
        ///     expiration_time: UTC ISO-8601.
        ///     rbac_group_names: Device groups it applies to (empty: all devices).
        ///     educate_url: Only for ``Url`` indicators with action ``Block`` or ``Warn``.
        ///
        /// Returns:
        ///     The Indicator.
        ///
        /// Raises:
        ///     ValueError: A missing field, an unknown enum or a value that does not match its type.
        ///     BadRequestError: The service refused it (``InvalidHashValue``, ``InvalidUrl``..., or
        ///         the tenant's 15,000 active indicators reached).
        ///     PermissionDeniedError: The app lacks ``Ti.ReadWrite``/``Ti.ReadWrite.All`` (403).
        #[pyo3(signature = (
            *, indicator_value, indicator_type, action, title, description, application=None,
            expiration_time=None, severity=None, recommended_actions=None, rbac_group_names=None,
            generate_alert=None, educate_url=None
        ))]
        #[py(returns = "Indicator")]
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

        /// Imports indicators (``POST /api/indicators/import``) in chunks of at most 500.
        ///
        /// Args:
        ///     indicators: Dicts with the documented camelCase keys (``indicatorValue``,
        ///         ``indicatorType``, ``action``, ``title``, ``description``, ``severity``...),
        ///         each validated as in :meth:`submit` before anything is sent.
        ///
        /// Returns:
        ///     One :class:`ImportResult` per indicator, in order; a refused item has
        ///     ``isFailed`` True and a ``failureReason``.
        ///
        /// Raises:
        ///     ValueError: An invalid indicator (its index is in the message); nothing is sent.
        ///     TypeError: Not a list of dicts.
        #[pyo3(signature = (indicators))]
        #[py(returns = "ImportResults", types(indicators = "Sequence[dict[str, Any]]"))]
        fn import_batch(indicators: Bound<'_, PyAny>) = |c| {
            let items = indicator_list(&indicators)?;
            async move {
                c.indicators().import(&items).await.map(|v| Json(Value::Array(v)))
            }
        };

        /// Deletes an indicator (``DELETE /api/indicators/{id}``).
        ///
        /// Raises:
        ///     ValueError: An id that is not numeric.
        ///     ResourceNotFoundError: No such indicator (404).
        #[pyo3(signature = (indicator_id))]
        #[py(returns = "None")]
        fn delete(indicator_id: String) = |c| async move {
            c.indicators().delete(&indicator_id).await.map(|()| None::<()>)
        };

        /// Deletes 1-500 indicators at once (``POST /api/indicators/BatchDelete``). The service
        /// deletes none of them when one id is unknown.
        ///
        /// Raises:
        ///     ValueError: No ids, more than 500, or a non-numeric id.
        ///     ResourceNotFoundError: An id is unknown (404).
        #[pyo3(signature = (indicator_ids))]
        #[py(returns = "None")]
        fn batch_delete(indicator_ids: Vec<String>) = |c| async move {
            c.indicators().batch_delete(&indicator_ids).await.map(|()| None::<()>)
        };
    }
    pagers {
        /// Lists indicators lazily (``GET /api/indicators``).
        ///
        /// Args:
        ///     filter: OData ``$filter`` on application, createdByDisplayName, expirationTime,
        ///         generateAlert, title, rbacGroupNames, rbacGroupIds, indicatorValue,
        ///         indicatorType, creationTimeDateTimeUtc, createdBy, action or severity.
        ///
        /// Returns:
        ///     A :class:`Pager` of Indicator dicts.
        #[pyo3(signature = (*, filter=None, top=None, skip=None, page_size=None))]
        #[py(returns = "Indicator")]
        fn list(
            filter: Option<String>,
            top: Option<crate::options::Count>,
            skip: Option<crate::options::Count>,
            page_size: Option<crate::options::Count>,
        ) = |c| c.indicators().list(list_query(filter, top, skip, None, page_size));
    }
}
