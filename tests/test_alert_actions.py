"""Alert writes (update, batch update, create by reference) and alert-related entities, sync and
async, against the sandbox; every write is visible to the next read."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from conftest import async_client, client, new_sandbox, raises
from mdekit import PermissionDeniedError, ResourceNotFoundError
from mdekit.testing import Sandbox


@pytest.fixture(scope="module")
def sb() -> Iterator[Sandbox]:
    # Batch updates allow 10 calls a minute and creation 15; a larger quota keeps this module
    # under them.
    sandbox = new_sandbox(machines=40, alerts=200, rate_limit_scale=10)
    try:
        yield sandbox
    finally:
        sandbox.stop()


class Alerts:
    """Hands out alerts no other test has changed."""

    def __init__(self, sb: Sandbox) -> None:
        alerts = client(sb).alerts.list(filter="status ne 'Resolved'", expand="evidence").to_list()
        self.open = [a["id"] for a in alerts]
        self.with_user = [a["id"] for a in alerts if a["relatedUser"]]
        self.without_user = [a["id"] for a in alerts if not a["relatedUser"]]

    def take(self, n: int = 1) -> list[str]:
        taken = self.open[:n]
        self.open = self.open[n:]
        return taken


@pytest.fixture(scope="module")
def pool(sb: Sandbox) -> Alerts:
    return Alerts(sb)


def test_update_sync(sb: Sandbox, pool: Alerts) -> None:
    (alert_id,) = pool.take()
    c = client(sb)
    before = c.alerts.get(alert_id)
    updated = c.alerts.update(
        alert_id,
        status="resolved",
        assigned_to="secop2@contoso.com",
        classification="TruePositive",
        determination="Malware",
        comment="contained",
    )
    assert updated["status"] == "Resolved"
    assert updated["resolvedTime"]
    assert updated["assignedTo"] == "secop2@contoso.com"
    assert (updated["classification"], updated["determination"]) == ("TruePositive", "Malware")
    assert updated["comments"][-1]["comment"] == "contained"
    assert len(updated["comments"]) == len(before["comments"]) + 1
    assert updated["lastUpdateTime"] >= before["lastUpdateTime"]
    # The next read sees the write, in get and in list.
    assert c.alerts.get(alert_id)["status"] == "Resolved"
    listed = c.alerts.list(filter=f"id eq '{alert_id}'").to_list()
    assert listed[0]["status"] == "Resolved"
    reopened = c.alerts.update(alert_id, status="InProgress")
    assert reopened["resolvedTime"] is None
    assert reopened["assignedTo"] == "secop2@contoso.com"


async def test_update_async(sb: Sandbox, pool: Alerts) -> None:
    (alert_id,) = pool.take()
    c = async_client(sb)
    updated = await c.alerts.update(
        alert_id, classification="FalsePositive", determination="NotMalicious"
    )
    assert updated["determination"] == "NotMalicious"
    assert (await c.alerts.get(alert_id))["classification"] == "FalsePositive"


@pytest.mark.parametrize(
    "kwargs",
    [
        {},
        {"status": "Closed"},
        {"classification": "Maybe"},
        {"determination": "Apt"},
        {"comment": "  "},
    ],
)
def test_update_validates_before_sending(sb: Sandbox, pool: Alerts, kwargs: dict[str, Any]) -> None:
    sb.clear_requests()
    with raises(ValueError):
        client(sb).alerts.update(pool.open[0], **kwargs)
    assert [r for r in sb.requests() if r["path"].startswith("/api/")] == []


def test_update_errors(sb: Sandbox) -> None:
    with raises(ResourceNotFoundError):
        client(sb).alerts.update("da000000000000000000_1", status="Resolved")
    sb.server.register_app("alert-reader", "alert-reader-secret", ["Alert.Read.All"])
    reader = client(sb, client_id="alert-reader", client_secret="alert-reader-secret")
    with raises(PermissionDeniedError):
        reader.alerts.update("da000000000000000000_1", status="Resolved")


def test_batch_update(sb: Sandbox, pool: Alerts) -> None:
    ids = pool.take(3)
    c = client(sb)
    assert c.alerts.batch_update(ids, status="InProgress", assigned_to="tier2@contoso.com") is None
    for alert_id in ids:
        a = c.alerts.get(alert_id)
        assert (a["status"], a["assignedTo"]) == ("InProgress", "tier2@contoso.com")
    with raises(ValueError):
        c.alerts.batch_update([], status="Resolved")
    with raises(ValueError):
        c.alerts.batch_update(ids, status="Bogus")
    with raises(ValueError):
        c.alerts.batch_update(ids)


async def test_batch_update_async(sb: Sandbox, pool: Alerts) -> None:
    ids = pool.take(2)
    c = async_client(sb)
    assert await c.alerts.batch_update(ids, comment="bulk note") is None
    for alert_id in ids:
        assert (await c.alerts.get(alert_id))["comments"][-1]["comment"] == "bulk note"


def hunting_event(sb: Sandbox, skip: int = 0) -> dict[str, Any]:
    rows = client(sb).hunting.run(
        "DeviceProcessEvents | project Timestamp, DeviceId, ReportId | take 20"
    ).rows
    return rows[skip]


def reference(event: dict[str, Any], **overrides: str) -> dict[str, str]:
    fields = {
        "machine_id": event["DeviceId"],
        "report_id": str(event["ReportId"]),
        "event_time": event["Timestamp"],
        "severity": "High",
        "title": "Custom: suspicious PowerShell",
        "description": "Raised from a hunting result",
        "recommended_action": "Isolate and investigate",
        "category": "Execution",
    }
    fields.update(overrides)
    return fields


def test_create_by_reference_and_merge(sb: Sandbox) -> None:
    c = client(sb)
    event = hunting_event(sb)
    alert = c.alerts.create_by_reference(**reference(event))
    assert alert["title"] == "Custom: suspicious PowerShell"
    assert alert["machineId"] == event["DeviceId"]
    assert (alert["severity"], alert["status"], alert["category"]) == ("High", "New", "Execution")
    assert c.alerts.get(alert["id"])["id"] == alert["id"]
    again = c.alerts.create_by_reference(**reference(event, severity="low"))
    assert again["id"] == alert["id"]
    with raises(ResourceNotFoundError):
        c.alerts.create_by_reference(**reference(event, report_id="999999999"))


async def test_create_by_reference_async(sb: Sandbox) -> None:
    event = hunting_event(sb, skip=5)
    alert = await async_client(sb).alerts.create_by_reference(
        **reference(event, title="Async custom alert", category="malware")
    )
    assert alert["category"] == "Malware"


@pytest.mark.parametrize(
    "override",
    [{"severity": "Critical"}, {"category": "Fun"}, {"title": " "}, {"report_id": "abc"}],
)
def test_create_by_reference_validates(sb: Sandbox, override: dict[str, str]) -> None:
    event = {"DeviceId": "a" * 40, "ReportId": 1, "Timestamp": "2024-01-01T00:00:00Z"}
    with raises(ValueError):
        client(sb).alerts.create_by_reference(**reference(event, **override))


def test_related_entities(sb: Sandbox, pool: Alerts) -> None:
    c = client(sb)
    alert = c.alerts.get(pool.with_user[0])
    files = c.alerts.related_files(alert["id"])
    hashes = {e["sha1"] for e in alert["evidence"] if e["sha1"]}
    assert {f["sha1"] for f in files} == hashes and files
    assert {"sha256", "globalPrevalence", "isPeFile"} <= set(files[0])
    assert c.alerts.related_machine(alert["id"])["id"] == alert["machineId"]
    user = c.alerts.related_user(alert["id"])
    assert user["accountName"] == alert["relatedUser"]["userName"]
    assert isinstance(c.alerts.related_ips(alert["id"]), list)
    assert isinstance(c.alerts.related_domains(alert["id"]), list)
    if pool.without_user:
        with raises(ResourceNotFoundError):
            c.alerts.related_user(pool.without_user[0])
    for method in ("related_files", "related_ips", "related_domains", "related_machine"):
        with raises(ResourceNotFoundError):
            getattr(c.alerts, method)("da000000000000000000_1")


async def test_related_entities_async(sb: Sandbox, pool: Alerts) -> None:
    c = async_client(sb)
    alert_id = pool.with_user[1]
    assert await c.alerts.related_files(alert_id)
    assert (await c.alerts.related_user(alert_id))["accountName"]
    assert (await c.alerts.related_machine(alert_id))["id"]
    assert isinstance(await c.alerts.related_ips(alert_id), list)
    assert isinstance(await c.alerts.related_domains(alert_id), list)


def test_related_routes_check_their_permissions(sb: Sandbox, pool: Alerts) -> None:
    sb.server.register_app("files-only", "files-only-secret", ["File.Read.All"])
    c = client(sb, client_id="files-only", client_secret="files-only-secret")
    alert_id = pool.with_user[0]
    assert c.alerts.related_files(alert_id)
    for method in ("related_ips", "related_domains", "related_user", "related_machine"):
        with raises(PermissionDeniedError):
            getattr(c.alerts, method)(alert_id)


def test_expand_evidence(sb: Sandbox) -> None:
    c = client(sb)
    plain = c.alerts.list(top=5).to_list()
    expanded = c.alerts.list(top=5, expand="evidence").to_list()
    assert all(a["evidence"] == [] for a in plain)
    assert any(a["evidence"] for a in expanded)


def test_bad_body_key_casing_is_rejected_by_the_sandbox(sb: Sandbox, pool: Alerts) -> None:
    """The service binds body keys case-sensitively; the client sends the documented casing."""
    import json
    import urllib.request

    token = sb.server.issue_token(
        sb.client_id, "https://api.securitycenter.microsoft.com", ["Alert.ReadWrite.All"]
    )
    req = urllib.request.Request(
        f"{sb.base_url}/api/alerts/{pool.open[0]}",
        data=json.dumps({"Status": "Resolved"}).encode(),
        method="PATCH",
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
    )
    with pytest.raises(urllib.error.HTTPError) as info:
        urllib.request.urlopen(req)
    assert info.value.code == 400
    assert json.loads(info.value.read())["error"]["code"] == "InvalidRequestBody"
