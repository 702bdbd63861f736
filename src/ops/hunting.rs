//! Advanced hunting: the binding table of `mdekit_core::api::hunting`.

use mdekit_core::api::hunting::HuntingEndpoint;
use pyo3::prelude::*;

use super::operations;
use crate::hunting::HuntingResult;

operations! {
    /// Advanced hunting (Graph `runHuntingQuery` or MDE `advancedqueries/run`).
    HuntingOperations, AsyncHuntingOperations, "HuntingOperations", "AsyncHuntingOperations";
    awaitables {
        /// Runs a KQL query and returns a `HuntingResult`.
        #[pyo3(signature = (query, *, timespan=None, endpoint="graph".to_owned()))]
        fn run(query: String, timespan: Option<String>, endpoint: String) = |c| async move {
            let endpoint: HuntingEndpoint = endpoint.parse()?;
            c.hunting()
                .run(&query, timespan.as_deref(), endpoint)
                .await
                .map(HuntingResult::new)
        };
    }
    pagers {}
}
