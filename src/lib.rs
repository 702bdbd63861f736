//! `mdekit._mdekit`: the PyO3 bindings. This file only lists what the module exports; each
//! piece lives in its own module (runtime, errors, conversion, clients, pagers, sandbox).

mod arrow;
mod client;
mod convert;
mod errors;
mod frames;
mod hunting;
mod ops;
mod options;
mod pager;
mod params;
mod rows;
mod runtime;
mod sandbox;

use pyo3::prelude::*;

#[pymodule]
fn _mdekit(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add_class::<client::DefenderClient>()?;
    m.add_class::<client::AsyncDefenderClient>()?;
    m.add_class::<ops::alerts::AlertsOperations>()?;
    m.add_class::<ops::alerts::AsyncAlertsOperations>()?;
    m.add_class::<ops::machines::MachinesOperations>()?;
    m.add_class::<ops::machines::AsyncMachinesOperations>()?;
    m.add_class::<ops::hunting::HuntingOperations>()?;
    m.add_class::<ops::hunting::AsyncHuntingOperations>()?;
    m.add_class::<pager::Pager>()?;
    m.add_class::<pager::PageIterator>()?;
    m.add_class::<pager::AsyncPager>()?;
    m.add_class::<pager::AsyncPageIterator>()?;
    m.add_class::<pager::Ready>()?;
    m.add_class::<hunting::HuntingResult>()?;
    m.add_class::<frames::ArrowData>()?;
    m.add_class::<options::ManualClock>()?;
    m.add_class::<sandbox::SandboxServer>()?;
    Ok(())
}
