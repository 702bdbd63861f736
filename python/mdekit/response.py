"""Scripted response plays built on the client.

:func:`contain_incident` (and :func:`contain_incident_async`) is the same play for a Microsoft
Graph incident: isolate every MDE device in its alerts' evidence, record the actions on the
incident and resolve it.

:func:`contain_alert` is the play an analyst runs on a confirmed high-severity alert: find the
machines behind it, isolate them in bulk, wait for every isolation, collect investigation
packages, block the alert's file hashes with indicators and resolve the alert. The ``mdekit
respond`` command runs the same function.

    >>> from mdekit.testing import Sandbox
    >>> from mdekit.response import contain_alert
    >>> with Sandbox() as sb:
    ...     client = sb.client()
    ...     alert = client.alerts.list(filter="severity eq 'High' and status ne 'Resolved'",
    ...                                top=1).to_list()[0]
    ...     report = contain_alert(client, alert["id"], comment="IR-1234", poll_interval=0.5)
"""

from __future__ import annotations

from collections.abc import Callable, Generator
from typing import Any

from mdekit._mdekit import AsyncDefenderClient, DefenderClient

__all__ = ["contain_alert", "contain_incident", "contain_incident_async"]


def _sha1s(alert: Any) -> list[str]:
    seen: list[str] = []
    for e in alert.get("evidence") or []:
        h = e.get("sha1")
        if h and h not in seen:
            seen.append(h)
    return seen


def contain_alert(
    client: DefenderClient,
    alert_id: str,
    *,
    comment: str,
    isolation_type: str = "Full",
    indicator_action: str = "BlockAndRemediate",
    include_file_machines: bool = False,
    fetch_package_uris: bool = False,
    resolve: bool = True,
    timeout: float = 600.0,
    poll_interval: float = 5.0,
    dry_run: bool = False,
    progress: Callable[[str], None] | None = None,
) -> dict[str, Any]:
    """Contains the machines behind an alert and closes it.

    Steps: (1) the alert's machine, plus, with ``include_file_machines``, every machine that saw
    one of its files (off by default: an alert's evidence can include common binaries seen on the
    whole fleet); (2) isolate them all (``machines.isolate_many``; a machine already being isolated
    counts as pending, not as a failure) and wait for every isolation; (3) collect an
    investigation package from each isolated machine and wait; (4) submit the alert's SHA-1s as
    ``FileSha1`` indicators with ``indicator_action``; (5) resolve the alert as a true positive
    (malware) with ``comment``.

    Args:
        client: A :class:`mdekit.DefenderClient`.
        alert_id: The alert to act on.
        comment: Recorded on every action, indicator and the alert (for example a ticket id).
        isolation_type: ``Full``, ``Selective`` or ``UnManagedDevice``.
        indicator_action: Indicator action for the file hashes (``BlockAndRemediate``, ``Block``...).
        include_file_machines: Also isolate every machine that saw one of the alert's files.
        fetch_package_uris: Also get each package's download URL (the service allows 2 calls a
            minute, so this is slow for many machines).
        resolve: Resolve the alert at the end.
        timeout: Seconds to wait for each bulk step.
        poll_interval: Seconds between polls of one action.
        dry_run: Find the machines and hashes, send nothing that changes state.
        progress: Called with a line of text after each step (the CLI prints it).

    Returns:
        ``{"alert", "machines": [ids], "isolation": [BulkOutcome], "collection": [BulkOutcome],
        "packageUris": {machineId: url}, "indicators": [ImportResult], "resolved": Alert | None,
        "dryRun": bool, "plannedIndicators": [Indicator], "plannedResolution": {alert fields}}``;
        the ``planned*`` entries are what the play submits (or, in a dry run, would submit).

    Raises:
        MdeError: A read the play depends on failed (the alert, its files); per-machine action
            failures are reported in the outcomes instead.

    Permissions: ``Alert.ReadWrite.All``, ``Machine.Read.All``, ``File.Read.All``,
    ``Machine.Isolate``, ``Machine.CollectForensics``, ``Ti.ReadWrite.All``.
    """
    say = progress or (lambda _line: None)
    alert = client.alerts.get(alert_id)
    machines: list[str] = []
    if alert.get("machineId"):
        machines.append(alert["machineId"])
    hashes = _sha1s(alert)
    if include_file_machines:
        for h in hashes:
            for m in client.files.machines(h):
                if m["id"] not in machines:
                    machines.append(m["id"])
    say(f"alert {alert_id} ({alert.get('severity')}): {alert.get('title')}")
    say(f"machines behind it: {len(machines)}; file hashes: {len(hashes)}")
    report: dict[str, Any] = {
        "alert": alert,
        "machines": machines,
        "isolation": [],
        "collection": [],
        "packageUris": {},
        "indicators": [],
        "resolved": None,
        "dryRun": dry_run,
    }
    report["isolation"] = client.machines.isolate_many(
        machines, comment=comment, isolation_type=isolation_type, dry_run=dry_run,
        wait=not dry_run, timeout=timeout, poll_interval=poll_interval,
    )
    isolated = [
        o["machineId"]
        for o in report["isolation"]
        if o["outcome"] in ("created", "already_pending", "dry_run")
        and (dry_run or (o.get("action") or {}).get("status") == "Succeeded")
    ]
    say(f"isolated: {len(isolated)}/{len(machines)}")
    if isolated:
        report["collection"] = client.machine_actions.bulk(
            "collect_investigation_package", isolated, comment=comment, dry_run=dry_run,
            wait=not dry_run, timeout=timeout, poll_interval=poll_interval,
        )
        done = [o for o in report["collection"] if (o.get("action") or {}).get("status") == "Succeeded"]
        say(f"investigation packages collected: {len(done)}/{len(isolated)}")
        if fetch_package_uris:
            for o in done:
                report["packageUris"][o["machineId"]] = client.machine_actions.get_package_uri(
                    o["action"]["id"]
                )
    indicators = [
        {
            "indicatorValue": h,
            "indicatorType": "FileSha1",
            "action": indicator_action,
            "title": f"{alert.get('title') or 'alert'} ({alert_id})",
            "description": f"{comment}: file from alert {alert_id}",
            "severity": "High",
            "generateAlert": True,
        }
        for h in hashes
    ]
    report["plannedIndicators"] = indicators
    if indicators and not dry_run:
        report["indicators"] = client.indicators.import_batch(indicators)
    failed = sum(1 for r in report["indicators"] if r.get("isFailed"))
    say(f"file indicators: {len(indicators)} ({failed} refused)" + (" [dry run]" if dry_run else ""))
    resolution = {
        "status": "Resolved",
        "classification": "TruePositive",
        "determination": "Malware",
        "comment": f"{comment}: contained {len(isolated)} machine(s), blocked {len(hashes)} file(s)",
    }
    report["plannedResolution"] = resolution if resolve else None
    if resolve and not dry_run:
        report["resolved"] = client.alerts.update(alert_id, **resolution)
        say(f"alert {alert_id} resolved")
    return report


_DEVICE_EVIDENCE = "#microsoft.graph.security.deviceEvidence"


def _incident_devices(incident: Any) -> list[str]:
    """MDE machine ids of the device evidence of every alert, in order, without repeats."""
    seen: list[str] = []
    for alert in incident.get("alerts") or []:
        for e in alert.get("evidence") or []:
            device = e.get("mdeDeviceId")
            if e.get("@odata.type") == _DEVICE_EVIDENCE and device and device not in seen:
                seen.append(device)
    return seen


def _isolated(outcomes: list[Any], dry_run: bool) -> list[Any]:
    return [
        o
        for o in outcomes
        if o["outcome"] in ("created", "already_pending", "dry_run")
        and (dry_run or (o.get("action") or {}).get("status") == "Succeeded")
    ]


def _incident_comment(comment: str, outcomes: list[Any]) -> str:
    actions = [
        f"{o['machineId']}: {(o.get('action') or {}).get('id')}"
        for o in outcomes
        if o.get("action")
    ]
    listed = "; ".join(actions) if actions else "none"
    return f"{comment}: isolation actions {listed}"


def _incident_plan(
    client_incident: Any,
    incident_id: str,
    dry_run: bool,
    say: Callable[[str], None],
) -> tuple[dict[str, Any], list[str]]:
    machines = _incident_devices(client_incident)
    say(f"incident {incident_id} ({client_incident.get('severity')}): "
        f"{client_incident.get('displayName')}")
    say(f"alerts: {len(client_incident.get('alerts') or [])}; MDE devices: {len(machines)}")
    report: dict[str, Any] = {
        "incident": client_incident,
        "machines": machines,
        "isolation": [],
        "comments": [],
        "resolved": None,
        "dryRun": dry_run,
    }
    return report, machines


def contain_incident(
    client: DefenderClient,
    incident_id: str,
    *,
    comment: str,
    isolation_type: str = "Full",
    classification: str = "truePositive",
    determination: str = "multiStagedAttack",
    resolve: bool = True,
    timeout: float = 600.0,
    poll_interval: float = 5.0,
    dry_run: bool = False,
    progress: Callable[[str], None] | None = None,
) -> dict[str, Any]:
    """Isolates the devices of a Microsoft Graph incident and closes it.

    Steps: (1) read the incident with its alerts (``incidents.get(id, expand="alerts")``) and
    collect the ``mdeDeviceId`` of every ``deviceEvidence``; (2) isolate them in bulk
    (``machines.isolate_many``) and wait for every isolation; (3) add a comment to the incident
    naming each machine's action id; (4) set the incident's status to ``resolved`` with
    ``classification`` and ``determination``.

    Args:
        client: A :class:`mdekit.DefenderClient`.
        incident_id: The Graph incident id (``"2972395"``).
        comment: Recorded on every isolation and at the start of the incident comment.
        isolation_type: ``Full``, ``Selective`` or ``UnManagedDevice``.
        classification: The incident's classification once contained.
        determination: The incident's determination once contained.
        resolve: Set the incident's status to ``resolved`` (else only classify it).
        timeout: Seconds to wait for the isolations.
        poll_interval: Seconds between polls of one action.
        dry_run: Find the devices, send nothing that changes state.
        progress: Called with a line of text after each step.

    Returns:
        ``{"incident", "machines": [ids], "isolation": [BulkOutcome], "comments":
        [alertComment], "resolved": Incident | None, "dryRun": bool, "plannedComment": str,
        "plannedUpdate": {incident fields}}``.

    Raises:
        MdeError: Reading the incident failed, or the comment or update was refused;
            per-machine isolation failures are reported in the outcomes instead.

    Permissions: ``SecurityIncident.ReadWrite.All`` (Graph), ``Machine.Isolate`` and
    ``Machine.Read.All`` (MDE).
    """
    return _drive(_contain_incident_steps(
        incident_id, comment=comment, isolation_type=isolation_type,
        classification=classification, determination=determination, resolve=resolve,
        timeout=timeout, poll_interval=poll_interval, dry_run=dry_run, progress=progress,
    ), client)


async def contain_incident_async(
    client: AsyncDefenderClient,
    incident_id: str,
    *,
    comment: str,
    isolation_type: str = "Full",
    classification: str = "truePositive",
    determination: str = "multiStagedAttack",
    resolve: bool = True,
    timeout: float = 600.0,
    poll_interval: float = 5.0,
    dry_run: bool = False,
    progress: Callable[[str], None] | None = None,
) -> dict[str, Any]:
    """The async twin of :func:`contain_incident` (same arguments and report), for a
    :class:`mdekit.aio.DefenderClient`."""
    return await _drive_async(_contain_incident_steps(
        incident_id, comment=comment, isolation_type=isolation_type,
        classification=classification, determination=determination, resolve=resolve,
        timeout=timeout, poll_interval=poll_interval, dry_run=dry_run, progress=progress,
    ), client)


#: One step of a play: a call on the client, whose result (awaited, for the async client) is
#: sent back into the play.
_Step = Callable[[Any], Any]


def _drive(steps: Generator[_Step, Any, dict[str, Any]], client: Any) -> dict[str, Any]:
    """Runs a play written once (a generator of client calls) on a sync client."""
    try:
        call = next(steps)
        while True:
            call = steps.send(call(client))
    except StopIteration as done:
        return done.value


async def _drive_async(steps: Generator[_Step, Any, dict[str, Any]],
                       client: Any) -> dict[str, Any]:
    """The same play on an async client: each call's awaitable is awaited."""
    try:
        call = next(steps)
        while True:
            call = steps.send(await call(client))
    except StopIteration as done:
        return done.value


def _contain_incident_steps(
    incident_id: str, *, comment: str, isolation_type: str, classification: str,
    determination: str, resolve: bool, timeout: float, poll_interval: float, dry_run: bool,
    progress: Callable[[str], None] | None,
) -> Generator[_Step, Any, dict[str, Any]]:
    """The steps of :func:`contain_incident`, for :func:`_drive` and :func:`_drive_async`."""
    say = progress or (lambda _line: None)
    incident = yield lambda c: c.incidents.get(incident_id, expand="alerts")
    report, machines = _incident_plan(incident, incident_id, dry_run, say)
    report["isolation"] = yield lambda c: c.machines.isolate_many(
        machines, comment=comment, isolation_type=isolation_type, dry_run=dry_run,
        wait=not dry_run, timeout=timeout, poll_interval=poll_interval,
    )
    isolated = _isolated(report["isolation"], dry_run)
    say(f"isolated: {len(isolated)}/{len(machines)}")
    note = _incident_comment(comment, report["isolation"])
    update: dict[str, Any] = {"classification": classification, "determination": determination}
    if resolve:
        update["status"] = "resolved"
    report["plannedComment"] = note
    report["plannedUpdate"] = update
    if not dry_run:
        report["comments"] = yield lambda c: c.incidents.comment(incident_id, note)
        report["resolved"] = yield lambda c: c.incidents.update(incident_id, **update)
        say(f"incident {incident_id} updated: {update}")
    return report
