//! Advanced hunting: the binding table of `mdekit_core::api::hunting`.

use pyo3::prelude::*;

use super::operations;
use crate::hunting::RunPlan;

operations! {
    /// Advanced hunting (KQL).
    ///
    /// By default Microsoft Graph ``POST /v1.0/security/runHuntingQuery`` (permission
    /// ``ThreatHunting.Read.All``); ``endpoint="mde"`` uses ``POST /api/advancedqueries/run``
    /// (permission ``AdvancedQuery.Read.All``), which Microsoft is retiring. Limits: 45 calls per
    /// minute, 100,000 rows, 30 days of data.
    HuntingOperations, AsyncHuntingOperations, "HuntingOperations", "AsyncHuntingOperations";
    awaitables {
        /// Runs a KQL query.
        ///
        /// Args:
        ///     query: The KQL query.
        ///     timespan: Graph only: ISO-8601 duration or interval (``"P7D"``,
        ///         ``"2024-05-01T00:00:00Z/2024-05-02T00:00:00Z"``); default the last 30 days.
        ///     endpoint: ``"graph"`` (default) or ``"mde"``.
        ///     params: Values bound as KQL ``let`` statements ahead of the query, so the query
        ///         refers to them by name: ``params={"host": "pc-01"}`` with
        ///         ``where DeviceName == host``. str, int, float, bool, None, timezone-aware
        ///         ``datetime`` (sent as UTC), ``date``, ``timedelta`` and lists of those (use
        ///         ``in (name)``). Values are escaped and always stay data.
        ///     split: Graph only. ``True`` runs the query over the whole window and, when the
        ///         service refuses it for result size or CPU, or returns ``max_rows`` rows (its
        ///         silent truncation), halves the window (on ``Timestamp``) and runs each half,
        ///         recursively down to 1-second windows; ``"1h"`` (``"30m"``, ``"1d"``...) starts
        ///         from windows of that length. Parts are joined in time order. Meant for queries
        ///         that return rows; an aggregation is computed per window.
        ///     max_rows: The service's row cap (100,000); with ``split``, a window returning this
        ///         many rows is split; without it, a result of this many rows warns
        ///         (``UserWarning``) and has ``truncated`` set.
        ///     progress: For split runs: ``None`` shows progress when stderr is a terminal (tqdm
        ///         if installed, else a plain line), ``True``/``False`` force it on/off, a callable
        ///         gets ``(windows_done, windows_queued, rows)``.
        ///     columns: ``True`` builds the result's typed Arrow columns on another thread while
        ///         the response arrives, so the conversion overlaps the download and a later
        ///         ``to_arrow()``, ``to_pandas()`` or ``to_polars()`` parses nothing (worth it
        ///         over a slow link or for a large result meant for a DataFrame; the columns take
        ///         memory beside the body). Ignored by split runs.
        ///
        /// Returns:
        ///     A :class:`HuntingResult` with ``schema`` and ``rows`` (all windows for a split run).
        ///
        /// Raises:
        ///     ValueError: An empty query, an unknown endpoint, ``timespan`` with ``"mde"``,
        ///         ``split`` with ``"mde"``, a bad parameter name or value, a naive datetime.
        ///     TypeError: A parameter or ``split`` of an unsupported type.
        ///     HuntingSplitError: Some windows still failed at the smallest size; ``.failed`` lists
        ///         them and ``.partial`` holds the rows of the others.
        ///     BadRequestError: The service rejected the query (syntax, limits).
        ///     ThrottledError: The hunting quota (45 calls a minute, 1,500 an hour, or the CPU
        ///         quota) was hit and retries ran out.
        #[pyo3(
            signature = (
                query, *, timespan=None, endpoint="graph".to_owned(), params=None, split=None,
                max_rows=100_000, progress=None, columns=false
            ),
            text_signature = "($self, query, *, timespan=None, endpoint='graph', params=None, \
                split=None, max_rows=100000, progress=None, columns=False)"
        )]
        #[py(
            returns = "HuntingResult",
            types(
                endpoint = "Literal[\"graph\", \"mde\"]",
                params = "Mapping[str, HuntingParam] | None",
                split = "bool | str | None",
                progress = "bool | Callable[[int, int, int], object] | None",
            )
        )]
        fn run(
            query: String,
            timespan: Option<String>,
            endpoint: String,
            params: Option<Bound<'_, PyAny>>,
            split: Option<Bound<'_, PyAny>>,
            max_rows: usize,
            progress: Option<Bound<'_, PyAny>>,
            columns: bool,
        ) = |c| {
            let plan = Python::attach(|py| {
                RunPlan::new(
                    py,
                    query,
                    timespan,
                    &endpoint,
                    params.as_ref(),
                    split.as_ref(),
                    max_rows,
                    progress.as_ref(),
                    columns,
                )
            })?;
            plan.execute(c)
        };
    }
    pagers {}
}
