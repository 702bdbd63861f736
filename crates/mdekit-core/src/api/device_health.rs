//! Device antivirus health, JSON flavour: `GET /api/deviceavinfo` (reference `mde-api-rest.md`
//! §6; Microsoft docs "Export device antivirus health details API"). Permission:
//! `Machine.Read.All` (application), `Machine.Read` (delegated); 30 calls a minute, 1,000 an
//! hour. The via-files report is the export APIs'.

use mdekit_spec::DEVICE_HEALTH_ANTIVIRUS;

use crate::error::Result;
use crate::odata::ListQuery;
use crate::paging::Pager;
use crate::pipeline::Pipeline;

#[derive(Debug, Clone)]
pub struct DeviceHealth {
    pub(crate) pipeline: Pipeline,
}

impl DeviceHealth {
    /// A lazy pager over `GET /api/deviceavinfo`: one row per device.
    pub fn antivirus(&self, query: ListQuery) -> Result<Pager> {
        query.validate(&DEVICE_HEALTH_ANTIVIRUS)?;
        let base = self.pipeline.url(&DEVICE_HEALTH_ANTIVIRUS, &[])?;
        Ok(Pager::new(
            self.pipeline.clone(),
            &DEVICE_HEALTH_ANTIVIRUS,
            base,
            query,
        ))
    }
}
