//! Machines: the binding table of `mdekit_core::api::machines`.

use pyo3::prelude::*;

use mdekit_core::api::machine_actions::Action;
use mdekit_core::api::machine_extras::{MachineList, TagAction};

use super::machine_actions::bulk_options;
use super::{list_query, operations};
use crate::convert::Json;

operations! {
    /// Machines (`/api/machines`). Permission: Machine.Read.All or Machine.ReadWrite.All.
    MachinesOperations, AsyncMachinesOperations, "MachinesOperations", "AsyncMachinesOperations";
    awaitables {
        /// `GET /api/machines/{id}` by device id or computer name.
        #[pyo3(signature = (machine_id))]
        fn get(machine_id: String) = |c| async move { c.machines().get(&machine_id).await.map(Json) };

        /// `GET /api/machines/findbyip(ip=...,timestamp=...)`: a list of machine dicts.
        #[pyo3(signature = (ip, *, timestamp))]
        fn find_by_ip(ip: String, timestamp: String) = |c| async move {
            c.machines().find_by_ip(&ip, &timestamp).await.map(Json)
        };

        /// `GET /api/machines/findbytag`: a list of machine dicts.
        #[pyo3(signature = (tag, *, starts_with=false))]
        fn find_by_tag(tag: String, starts_with: bool) = |c| async move {
            c.machines().find_by_tag(&tag, starts_with).await.map(Json)
        };

        /// `POST /api/machines/{id}/tags` with Action Add: the updated machine.
        #[pyo3(signature = (machine_id, tag))]
        fn add_tag(machine_id: String, tag: String) = |c| async move {
            c.machines().tag(&machine_id, &tag, TagAction::Add).await.map(Json)
        };

        /// `POST /api/machines/{id}/tags` with Action Remove: the updated machine.
        #[pyo3(signature = (machine_id, tag))]
        fn remove_tag(machine_id: String, tag: String) = |c| async move {
            c.machines().tag(&machine_id, &tag, TagAction::Remove).await.map(Json)
        };

        /// `POST /api/machines/AddOrRemoveTagForMultipleMachines` (Add): the updated machines.
        #[pyo3(signature = (machine_ids, tag))]
        fn add_tag_many(machine_ids: Vec<String>, tag: String) = |c| async move {
            c.machines().tag_many(&machine_ids, &tag, TagAction::Add).await.map(Json)
        };

        /// `POST /api/machines/AddOrRemoveTagForMultipleMachines` (Remove): the updated machines.
        #[pyo3(signature = (machine_ids, tag))]
        fn remove_tag_many(machine_ids: Vec<String>, tag: String) = |c| async move {
            c.machines().tag_many(&machine_ids, &tag, TagAction::Remove).await.map(Json)
        };

        /// `POST /api/machines/{id}/setDeviceValue`: the updated machine.
        #[pyo3(signature = (machine_id, value))]
        fn set_device_value(machine_id: String, value: String) = |c| async move {
            c.machines().set_device_value(&machine_id, &value).await.map(Json)
        };

        /// `GET /api/machines/{id}/logonusers`: a list of user dicts.
        #[pyo3(signature = (machine_id))]
        fn logon_users(machine_id: String) = |c| async move {
            c.machines().related(&machine_id, MachineList::LogonUsers).await.map(Json)
        };

        /// `GET /api/machines/{id}/alerts`: a list of alert dicts.
        #[pyo3(signature = (machine_id))]
        fn alerts(machine_id: String) = |c| async move {
            c.machines().related(&machine_id, MachineList::Alerts).await.map(Json)
        };

        /// `GET /api/machines/{id}/software`: a list of software dicts.
        #[pyo3(signature = (machine_id))]
        fn software(machine_id: String) = |c| async move {
            c.machines().related(&machine_id, MachineList::Software).await.map(Json)
        };

        /// `GET /api/machines/{id}/vulnerabilities`: a list of vulnerability dicts.
        #[pyo3(signature = (machine_id))]
        fn vulnerabilities(machine_id: String) = |c| async move {
            c.machines().related(&machine_id, MachineList::Vulnerabilities).await.map(Json)
        };

        /// `GET /api/machines/{id}/recommendations`: a list of recommendation dicts.
        #[pyo3(signature = (machine_id))]
        fn recommendations(machine_id: String) = |c| async move {
            c.machines().related(&machine_id, MachineList::Recommendations).await.map(Json)
        };

        /// `GET /api/machines/{id}/getmissingkbs`: a list of missing KB dicts.
        #[pyo3(signature = (machine_id))]
        fn missing_kbs(machine_id: String) = |c| async move {
            c.machines().related(&machine_id, MachineList::MissingKbs).await.map(Json)
        };

        /// `POST /api/machines/{id}/isolate`: the Pending MachineAction.
        #[pyo3(signature = (machine_id, *, comment, isolation_type="Full".to_owned()))]
        fn isolate(machine_id: String, comment: String, isolation_type: String) = |c| async move {
            let action = Action::isolate(&isolation_type)?;
            c.machines().act(&machine_id, &action, &comment).await.map(Json)
        };

        /// `POST /api/machines/{id}/unisolate`: the Pending MachineAction.
        #[pyo3(signature = (machine_id, *, comment))]
        fn unisolate(machine_id: String, comment: String) = |c| async move {
            c.machines().act(&machine_id, &Action::Unisolate, &comment).await.map(Json)
        };

        /// `POST /api/machines/{id}/restrictCodeExecution`: the Pending MachineAction.
        #[pyo3(signature = (machine_id, *, comment))]
        fn restrict_code_execution(machine_id: String, comment: String) = |c| async move {
            c.machines().act(&machine_id, &Action::RestrictCodeExecution, &comment).await.map(Json)
        };

        /// `POST /api/machines/{id}/unrestrictCodeExecution`: the Pending MachineAction.
        #[pyo3(signature = (machine_id, *, comment))]
        fn unrestrict_code_execution(machine_id: String, comment: String) = |c| async move {
            c.machines().act(&machine_id, &Action::UnrestrictCodeExecution, &comment).await.map(Json)
        };

        /// `POST /api/machines/{id}/runAntiVirusScan`: the Pending MachineAction.
        #[pyo3(signature = (machine_id, *, comment, scan_type="Quick".to_owned()))]
        fn run_antivirus_scan(machine_id: String, comment: String, scan_type: String) = |c| async move {
            let action = Action::run_antivirus_scan(&scan_type)?;
            c.machines().act(&machine_id, &action, &comment).await.map(Json)
        };

        /// `POST /api/machines/{id}/collectInvestigationPackage`: the Pending MachineAction.
        #[pyo3(signature = (machine_id, *, comment))]
        fn collect_investigation_package(machine_id: String, comment: String) = |c| async move {
            c.machines()
                .act(&machine_id, &Action::CollectInvestigationPackage, &comment)
                .await
                .map(Json)
        };

        /// `POST /api/machines/{id}/offboard`: the Pending MachineAction.
        #[pyo3(signature = (machine_id, *, comment))]
        fn offboard(machine_id: String, comment: String) = |c| async move {
            c.machines().act(&machine_id, &Action::Offboard, &comment).await.map(Json)
        };

        /// `POST /api/machines/{id}/StopAndQuarantineFile`: the Pending MachineAction.
        #[pyo3(signature = (machine_id, *, comment, sha1))]
        fn stop_and_quarantine_file(machine_id: String, comment: String, sha1: String) = |c| async move {
            let action = Action::stop_and_quarantine_file(&sha1)?;
            c.machines().act(&machine_id, &action, &comment).await.map(Json)
        };

        /// Isolates many machines; one outcome dict per machine (see `machine_actions.bulk`).
        #[pyo3(signature = (
            machine_ids, *, comment, isolation_type="Full".to_owned(), dry_run=false, wait=false,
            timeout=600.0, poll_interval=5.0, concurrency=10
        ))]
        fn isolate_many(
            machine_ids: Vec<String>,
            comment: String,
            isolation_type: String,
            dry_run: bool,
            wait: bool,
            timeout: f64,
            poll_interval: f64,
            concurrency: usize,
        ) = |c| async move {
            let action = Action::isolate(&isolation_type)?;
            let options = bulk_options(dry_run, wait, timeout, poll_interval, concurrency)?;
            c.machine_actions()
                .bulk(&c.machines(), &machine_ids, &action, &comment, &options)
                .await
                .map(|v| Json(serde_json::Value::Array(v)))
        };
    }
    pagers {
        /// `GET /api/machines`: a lazy pager of machine dicts.
        #[pyo3(signature = (*, filter=None, top=None, skip=None, page_size=None))]
        fn list(
            filter: Option<String>,
            top: Option<crate::options::Count>,
            skip: Option<crate::options::Count>,
            page_size: Option<crate::options::Count>,
        ) = |c| c.machines().list(list_query(filter, top, skip, None, page_size));
    }
}
