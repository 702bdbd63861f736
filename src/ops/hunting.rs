//! Advanced hunting: the binding table of `mdekit_core::api::hunting`.

use pyo3::prelude::*;

use super::operations;
use crate::hunting::RunPlan;

operations! {
    /// Advanced hunting (Graph `runHuntingQuery` or MDE `advancedqueries/run`).
    HuntingOperations, AsyncHuntingOperations, "HuntingOperations", "AsyncHuntingOperations";
    awaitables {
        /// Runs a KQL query and returns a `HuntingResult` (see the stubs for every option).
        #[pyo3(signature = (
            query, *, timespan=None, endpoint="graph".to_owned(), params=None, split=None,
            max_rows=100_000, progress=None
        ))]
        fn run(
            query: String,
            timespan: Option<String>,
            endpoint: String,
            params: Option<Bound<'_, PyAny>>,
            split: Option<Bound<'_, PyAny>>,
            max_rows: usize,
            progress: Option<Bound<'_, PyAny>>,
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
                )
            })?;
            plan.execute(c)
        };
    }
    pagers {}
}
