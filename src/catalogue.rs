//! `mdekit.catalogue()`: the endpoint catalogue (`mdekit-spec`) as plain dicts, so scripts,
//! the `mdekit permissions` command, the stub generator and the docs read the same facts the
//! client and the sandbox use.

use pyo3::prelude::*;
use serde_json::{json, Map, Value};

use crate::convert::Json;

fn entry(op: &mdekit_spec::Operation) -> Value {
    let limits = op.limits();
    let enums: Map<String, Value> = op
        .enums
        .iter()
        .map(|e| (e.param.to_owned(), json!(e.domain.values)))
        .collect();
    json!({
        "id": op.id,
        "api": op.api.name(),
        "method": op.method.as_str(),
        "path": op.path,
        "doc": op.doc,
        "app_permissions": op.app_permissions,
        "delegated_permissions": op.delegated_permissions,
        "rate_limit": {
            "family": op.family.name(),
            "per_minute": limits.per_minute,
            "per_hour": limits.per_hour,
        },
        "state_changing": op.state_changing,
        "python": op.python,
        "also": op.also,
        "odata": op.odata.iter().map(|o| o.name()).collect::<Vec<_>>(),
        "filterable": op.filterable.iter()
            .map(|f| json!({"name": f.name, "type": f.ty.name()}))
            .collect::<Vec<_>>(),
        "expandable": op.expandable,
        "max_top": op.max_top,
        "enums": enums,
        "note": if op.note.is_empty() { Value::Null } else { json!(op.note) },
        "entity": op.entity.map(|e| e.name),
    })
}

/// catalogue(*, include_planned=False)
/// --
///
/// Every operation mdekit implements, one dict each: `id`, `api` (`"mde"` or `"graph"`),
/// `method`, `path` (template), `doc` (the Microsoft Learn page), `app_permissions` and
/// `delegated_permissions` (any one allows the call), `rate_limit` (`family`, `per_minute`,
/// `per_hour`; None where undocumented), `state_changing`, `python` (the method on both clients,
/// e.g. `"alerts.list"`), `also` (other methods sending the same operation), `odata`,
/// `filterable` (`name`, `type`), `expandable`, `max_top`, `enums` (parameter -> values),
/// `note` and `entity` (the entity a list returns, whose declared columns and types its
/// `to_arrow()` tables take; None if undeclared). With `include_planned=True`, operations the sandbox serves but the client does not
/// wrap yet are listed too (their `python` is None).
#[pyfunction]
#[pyo3(signature = (*, include_planned = false))]
pub fn catalogue(py: Python<'_>, include_planned: bool) -> PyResult<Py<PyAny>> {
    let ops: Vec<Value> = mdekit_spec::CATALOGUE
        .iter()
        .filter(|op| include_planned || op.python.is_some())
        .map(|op| entry(op))
        .collect();
    pyo3::IntoPyObjectExt::into_py_any(Json(Value::Array(ops)), py)
}
