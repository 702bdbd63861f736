//! Machines: the binding table of `mdekit_core::api::machines`.

use pyo3::prelude::*;

use mdekit_core::api::machine_actions::Action;
use mdekit_core::api::machine_extras::{MachineList, TagAction};

use super::machine_actions::bulk_options;
use super::{list_query, operations};
use crate::convert::Json;

operations! {
    /// Machines (``/api/machines``).
    ///
    /// Permission: ``Machine.Read.All`` or ``Machine.ReadWrite.All`` (application),
    /// ``Machine.Read`` or ``Machine.ReadWrite`` (delegated). Rate limit: 100 calls/minute,
    /// 1,500/hour.
    MachinesOperations, AsyncMachinesOperations, "MachinesOperations", "AsyncMachinesOperations";
    awaitables {
        /// Gets one machine by its 40-hex device id or its computer name.
        ///
        /// Raises:
        ///     ValueError: An empty id or one with characters a device id or host name can't have.
        ///     ResourceNotFoundError: No such machine (404).
        #[pyo3(signature = (machine_id))]
        #[py(returns = "Machine")]
        fn get(machine_id: String) = |c| async move { c.machines().get(&machine_id).await.map(Json) };

        /// Machines seen with an internal IP within 15 minutes of ``timestamp``
        /// (``GET /api/machines/findbyip(ip=...,timestamp=...)``).
        ///
        /// Args:
        ///     ip: IPv4 or IPv6 address.
        ///     timestamp: UTC ISO-8601 such as ``2024-01-31T08:44:05Z``, at most 30 days ago.
        ///
        /// Returns:
        ///     A list of Machine dicts (possibly empty).
        ///
        /// Raises:
        ///     ValueError: A malformed IP or timestamp (nothing sent).
        ///     BadRequestError: The timestamp is more than 30 days old (400).
        #[pyo3(signature = (ip, *, timestamp))]
        #[py(returns = "Entities")]
        fn find_by_ip(ip: String, timestamp: String) = |c| async move {
            c.machines().find_by_ip(&ip, &timestamp).await.map(Json)
        };

        /// Machines carrying a tag (``GET /api/machines/findbytag``); ``starts_with`` matches
        /// tags beginning with ``tag``. Returns a list of Machine dicts.
        #[pyo3(signature = (tag, *, starts_with=false))]
        #[py(returns = "Entities")]
        fn find_by_tag(tag: String, starts_with: bool) = |c| async move {
            c.machines().find_by_tag(&tag, starts_with).await.map(Json)
        };

        /// Adds a tag (``POST /api/machines/{id}/tags``, ``Action: Add``); the updated machine.
        ///
        /// Raises:
        ///     ValueError: A blank tag or invalid id.
        ///     ResourceNotFoundError: No such machine (404).
        #[pyo3(signature = (machine_id, tag))]
        #[py(returns = "Machine")]
        fn add_tag(machine_id: String, tag: String) = |c| async move {
            c.machines().tag(&machine_id, &tag, TagAction::Add).await.map(Json)
        };

        /// Removes a tag (``Action: Remove``); the updated machine. See :meth:`add_tag`.
        #[pyo3(signature = (machine_id, tag))]
        #[py(returns = "Machine")]
        fn remove_tag(machine_id: String, tag: String) = |c| async move {
            c.machines().tag(&machine_id, &tag, TagAction::Remove).await.map(Json)
        };

        /// Adds a tag to 1-500 machines
        /// (``POST /api/machines/AddOrRemoveTagForMultipleMachines``); the updated machines.
        ///
        /// Raises:
        ///     ValueError: No ids, more than 500, an invalid id or a blank tag.
        #[pyo3(signature = (machine_ids, tag))]
        #[py(returns = "Entities")]
        fn add_tag_many(machine_ids: Vec<String>, tag: String) = |c| async move {
            c.machines().tag_many(&machine_ids, &tag, TagAction::Add).await.map(Json)
        };

        /// Removes a tag from 1-500 machines; see :meth:`add_tag_many`.
        #[pyo3(signature = (machine_ids, tag))]
        #[py(returns = "Entities")]
        fn remove_tag_many(machine_ids: Vec<String>, tag: String) = |c| async move {
            c.machines().tag_many(&machine_ids, &tag, TagAction::Remove).await.map(Json)
        };

        /// Sets a machine's value (``POST /api/machines/{id}/setDeviceValue``); the updated
        /// machine.
        ///
        /// Raises:
        ///     ValueError: A value other than Normal, Low or High (any case).
        ///     ResourceNotFoundError: No such machine (404).
        #[pyo3(signature = (machine_id, value))]
        #[py(returns = "Machine")]
        fn set_device_value(machine_id: String, value: String) = |c| async move {
            c.machines().set_device_value(&machine_id, &value).await.map(Json)
        };

        /// Updates a machine's tags and/or device value (``PATCH /api/machines/{id}``).
        ///
        /// Args:
        ///     machine_id: The 40-hex device id or the computer name.
        ///     machine_tags: The machine's whole tag set: tags left out are removed (the page
        ///         documents both "appends" and "replaces"; sending the full set is right under
        ///         either reading). Read the current tags with :meth:`get` first to add one.
        ///     device_value: ``Normal``, ``Low`` or ``High`` (any case).
        ///
        /// Returns:
        ///     The updated Machine.
        ///
        /// Raises:
        ///     ValueError: Neither argument, a blank tag or an unknown value (nothing sent).
        ///     ResourceNotFoundError: No such machine (404).
        #[pyo3(signature = (machine_id, *, machine_tags=None, device_value=None))]
        #[py(returns = "Machine")]
        fn update(
            machine_id: String,
            machine_tags: Option<Vec<String>>,
            device_value: Option<String>,
        ) = |c| async move {
            c.machines()
                .update(&machine_id, machine_tags.as_deref(), device_value.as_deref())
                .await
                .map(Json)
        };

        /// The legacy find by internal IP
        /// (``GET /api/machines/find(timestamp=...,key='...')``): machines that reported the
        /// IP within 16 minutes of ``timestamp``. Prefer :meth:`find_by_ip`.
        ///
        /// Args:
        ///     ip: IPv4 or IPv6 address.
        ///     timestamp: UTC ISO-8601 such as ``2024-01-31T08:44:05Z``, at most 30 days ago.
        ///
        /// Returns:
        ///     A list of Machine dicts.
        ///
        /// Raises:
        ///     ValueError: A malformed IP or timestamp (nothing sent).
        ///     ResourceNotFoundError: No machine reported the IP then (404, as documented).
        ///     BadRequestError: The timestamp is more than 30 days old (400).
        #[pyo3(signature = (ip, *, timestamp))]
        #[py(returns = "Entities")]
        fn find(ip: String, timestamp: String) = |c| async move {
            c.machines().find(&ip, &timestamp).await.map(Json)
        };

        /// Users who logged on (``GET /api/machines/{id}/logonusers``): User dicts (``id``,
        /// ``accountName``, ``accountDomain``, ``firstSeen``, ``lastSeen``, ``logonTypes``...).
        /// 404 for an unknown machine.
        #[pyo3(signature = (machine_id))]
        #[py(returns = "Entities")]
        fn logon_users(machine_id: String) = |c| async move {
            c.machines().related(&machine_id, MachineList::LogonUsers).await.map(Json)
        };

        /// The machine's alerts (``GET /api/machines/{id}/alerts``): Alert dicts. 404 for an
        /// unknown machine.
        #[pyo3(signature = (machine_id))]
        #[py(returns = "Entities")]
        fn alerts(machine_id: String) = |c| async move {
            c.machines().related(&machine_id, MachineList::Alerts).await.map(Json)
        };

        /// Installed software (``GET /api/machines/{id}/software``): dicts with ``id``,
        /// ``name``, ``vendor``, ``weaknesses``, ``publicExploit``, ``exposedMachines``...
        #[pyo3(signature = (machine_id))]
        #[py(returns = "Entities")]
        fn software(machine_id: String) = |c| async move {
            c.machines().related(&machine_id, MachineList::Software).await.map(Json)
        };

        /// Discovered vulnerabilities (``GET /api/machines/{id}/vulnerabilities``): dicts with
        /// ``id`` (CVE), ``severity``, ``cvssV3``, ``publicExploit``...
        #[pyo3(signature = (machine_id))]
        #[py(returns = "Entities")]
        fn vulnerabilities(machine_id: String) = |c| async move {
            c.machines().related(&machine_id, MachineList::Vulnerabilities).await.map(Json)
        };

        /// Security recommendations (``GET /api/machines/{id}/recommendations``).
        #[pyo3(signature = (machine_id))]
        #[py(returns = "Entities")]
        fn recommendations(machine_id: String) = |c| async move {
            c.machines().related(&machine_id, MachineList::Recommendations).await.map(Json)
        };

        /// Missing security updates (``GET /api/machines/{id}/getmissingkbs``): dicts with
        /// ``id`` (KB number), ``name``, ``productsNames``, ``url``, ``cveAddressed``...
        #[pyo3(signature = (machine_id))]
        #[py(returns = "Entities")]
        fn missing_kbs(machine_id: String) = |c| async move {
            c.machines().related(&machine_id, MachineList::MissingKbs).await.map(Json)
        };

        /// Isolates a machine from the network (``POST /api/machines/{id}/isolate``).
        ///
        /// Args:
        ///     machine_id: The 40-hex device id.
        ///     comment: Why, recorded on the action (required).
        ///     isolation_type: ``Full`` (default), ``Selective`` (Outlook, Teams and Skype stay
        ///         connected; Windows only) or ``UnManagedDevice`` (contain an unmanaged device);
        ///         any case.
        ///
        /// Returns:
        ///     The ``Pending`` MachineAction; poll it with :meth:`MachineActionsOperations.wait`.
        ///
        /// Raises:
        ///     ValueError: Blank comment, bad id or unknown isolation type (nothing sent).
        ///     BadRequestError: ``ActiveRequestAlreadyExists`` (an isolation is already pending),
        ///         ``OsPlatformNotSupported``, or another refused request (400).
        ///     PermissionDeniedError: The app lacks ``Machine.Isolate`` (403).
        ///     ResourceNotFoundError: No such machine (404).
        #[pyo3(
            signature = (machine_id, *, comment, isolation_type="Full".to_owned()),
            text_signature = "($self, machine_id, *, comment, isolation_type='Full')"
        )]
        #[py(returns = "MachineAction")]
        fn isolate(machine_id: String, comment: String, isolation_type: String) = |c| async move {
            let action = Action::isolate(&isolation_type)?;
            c.machines().act(&machine_id, &action, &comment).await.map(Json)
        };

        /// Releases a machine from isolation (``POST /api/machines/{id}/unisolate``).
        ///
        /// Returns the ``Pending`` MachineAction. Raises as :meth:`isolate`.
        #[pyo3(signature = (machine_id, *, comment))]
        #[py(returns = "MachineAction")]
        fn unisolate(machine_id: String, comment: String) = |c| async move {
            c.machines().act(&machine_id, &Action::Unisolate, &comment).await.map(Json)
        };

        /// Restricts execution to Microsoft-signed code
        /// (``POST /api/machines/{id}/restrictCodeExecution``; Windows only).
        ///
        /// Returns the ``Pending`` MachineAction. Raises as :meth:`isolate`.
        #[pyo3(signature = (machine_id, *, comment))]
        #[py(returns = "MachineAction")]
        fn restrict_code_execution(machine_id: String, comment: String) = |c| async move {
            c.machines().act(&machine_id, &Action::RestrictCodeExecution, &comment).await.map(Json)
        };

        /// Removes the app execution restriction
        /// (``POST /api/machines/{id}/unrestrictCodeExecution``).
        ///
        /// Returns the ``Pending`` MachineAction. Raises as :meth:`isolate`.
        #[pyo3(signature = (machine_id, *, comment))]
        #[py(returns = "MachineAction")]
        fn unrestrict_code_execution(machine_id: String, comment: String) = |c| async move {
            c.machines().act(&machine_id, &Action::UnrestrictCodeExecution, &comment).await.map(Json)
        };

        /// Starts a Microsoft Defender Antivirus scan
        /// (``POST /api/machines/{id}/runAntiVirusScan``).
        ///
        /// Args:
        ///     scan_type: ``Quick`` (default) or ``Full`` (any case).
        ///
        /// Returns the ``Pending`` MachineAction. Raises as :meth:`isolate`.
        #[pyo3(
            signature = (machine_id, *, comment, scan_type="Quick".to_owned()),
            text_signature = "($self, machine_id, *, comment, scan_type='Quick')"
        )]
        #[py(returns = "MachineAction")]
        fn run_antivirus_scan(machine_id: String, comment: String, scan_type: String) = |c| async move {
            let action = Action::run_antivirus_scan(&scan_type)?;
            c.machines().act(&machine_id, &action, &comment).await.map(Json)
        };

        /// Collects an investigation package
        /// (``POST /api/machines/{id}/collectInvestigationPackage``); download it with
        /// :meth:`MachineActionsOperations.get_package_uri` once the action has succeeded.
        ///
        /// Returns the ``Pending`` MachineAction. Raises as :meth:`isolate`.
        #[pyo3(signature = (machine_id, *, comment))]
        #[py(returns = "MachineAction")]
        fn collect_investigation_package(machine_id: String, comment: String) = |c| async move {
            c.machines()
                .act(&machine_id, &Action::CollectInvestigationPackage, &comment)
                .await
                .map(Json)
        };

        /// Offboards a machine (``POST /api/machines/{id}/offboard``; the service answers 200).
        ///
        /// Not supported on macOS and Linux (``OsPlatformNotSupported``).
        /// Returns the ``Pending`` MachineAction. Raises as :meth:`isolate`.
        #[pyo3(signature = (machine_id, *, comment))]
        #[py(returns = "MachineAction")]
        fn offboard(machine_id: String, comment: String) = |c| async move {
            c.machines().act(&machine_id, &Action::Offboard, &comment).await.map(Json)
        };

        /// Stops a file's processes and quarantines it
        /// (``POST /api/machines/{id}/StopAndQuarantineFile``).
        ///
        /// Args:
        ///     sha1: The file's SHA-1 (40 hexadecimal characters; checked before sending).
        ///
        /// Returns the ``Pending`` MachineAction. Raises as :meth:`isolate`.
        #[pyo3(signature = (machine_id, *, comment, sha1))]
        #[py(returns = "MachineAction")]
        fn stop_and_quarantine_file(machine_id: String, comment: String, sha1: String) = |c| async move {
            let action = Action::stop_and_quarantine_file(&sha1)?;
            c.machines().act(&machine_id, &action, &comment).await.map(Json)
        };

        /// Isolates many machines; ``machine_actions.bulk("isolate", ...)``.
        ///
        /// See :meth:`MachineActionsOperations.bulk` for the arguments and outcomes.
        #[pyo3(
            signature = (
                machine_ids, *, comment, isolation_type="Full".to_owned(), dry_run=false,
                wait=false, timeout=600.0, poll_interval=5.0, concurrency=10
            ),
            text_signature = "($self, machine_ids, *, comment, isolation_type='Full', \
                dry_run=False, wait=False, timeout=600.0, poll_interval=5.0, concurrency=10)"
        )]
        #[py(returns = "BulkOutcomes", enums(isolation_type = ISOLATION_TYPE))]
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
        /// Lists machines lazily (``GET /api/machines``).
        ///
        /// Args:
        ///     filter: OData ``$filter`` on computerDnsName, id, version, deviceValue, aadDeviceId,
        ///         machineTags, lastSeen, exposureLevel, onboardingStatus, lastIpAddress,
        ///         healthStatus, osPlatform, riskScore or rbacGroupId.
        ///     top: Total number of machines wanted (``$top``).
        ///     skip: Machines to skip first (``$skip``).
        ///     page_size: Machines per request (1-10,000).
        ///
        /// Returns:
        ///     A :class:`Pager` of Machine dicts.
        ///
        /// Raises:
        ///     ValueError: Invalid OData options (see :meth:`AlertsOperations.list`).
        #[pyo3(signature = (*, filter=None, top=None, skip=None, page_size=None))]
        #[py(returns = "Machine")]
        fn list(
            filter: Option<String>,
            top: Option<crate::options::Count>,
            skip: Option<crate::options::Count>,
            page_size: Option<crate::options::Count>,
        ) = |c| c.machines().list(list_query(filter, top, skip, None, page_size));
    }
}
