"""Machine reads and writes beyond list/get: find by IP and tag, tags (one and many), device
value, logon users, related alerts, software, vulnerabilities, recommendations, missing KBs.
Sync and async; writes persist in the sandbox and are visible to the next read."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from conftest import async_client, client, new_sandbox, raises
from mdekit import BadRequestError, PermissionDeniedError, ResourceNotFoundError
from mdekit.testing import Sandbox


@pytest.fixture(scope="module")
def sb() -> Iterator[Sandbox]:
    sandbox = new_sandbox(machines=60, alerts=300)
    try:
        yield sandbox
    finally:
        sandbox.stop()


@pytest.fixture(scope="module")
def machines(sb: Sandbox) -> list[dict[str, Any]]:
    return client(sb).machines.list().to_list()


def now_iso(delta: dt.timedelta = dt.timedelta()) -> str:
    return (dt.datetime.now(dt.timezone.utc) + delta).strftime("%Y-%m-%dT%H:%M:%SZ")


def test_tags_persist_and_find_by_tag(sb: Sandbox, machines: list[dict[str, Any]]) -> None:
    c = client(sb)
    m = machines[0]
    tagged = c.machines.add_tag(m["id"], "IR-Contained")
    assert "IR-Contained" in tagged["machineTags"]
    assert "IR-Contained" in c.machines.get(m["id"])["machineTags"]
    assert [x["id"] for x in c.machines.find_by_tag("ir-contained")] == [m["id"]]
    assert [x["id"] for x in c.machines.find_by_tag("IR-", starts_with=True)] == [m["id"]]
    assert c.machines.find_by_tag("IR-") == []
    listed = c.machines.list(filter="machineTags/any(t: t eq 'IR-Contained')").to_list()
    assert [x["id"] for x in listed] == [m["id"]]
    untagged = c.machines.remove_tag(m["id"], "IR-Contained")
    assert "IR-Contained" not in untagged["machineTags"]
    assert c.machines.find_by_tag("IR-Contained") == []


async def test_tags_many_async(sb: Sandbox, machines: list[dict[str, Any]]) -> None:
    c = async_client(sb)
    ids = [m["id"] for m in machines[1:4]]
    updated = await c.machines.add_tag_many(ids, "Sweep-7")
    assert sorted(m["id"] for m in updated) == sorted(ids)
    assert all("Sweep-7" in m["machineTags"] for m in updated)
    found = await c.machines.find_by_tag("Sweep-7")
    assert sorted(m["id"] for m in found) == sorted(ids)
    await c.machines.remove_tag_many(ids, "Sweep-7")
    assert await c.machines.find_by_tag("Sweep-7") == []
    tagged = await c.machines.add_tag(ids[0], "one")
    assert "one" in tagged["machineTags"]


def test_tag_validation(sb: Sandbox, machines: list[dict[str, Any]]) -> None:
    c = client(sb)
    with raises(ValueError):
        c.machines.add_tag(machines[0]["id"], " ")
    with raises(ValueError):
        c.machines.add_tag_many([], "x")
    with raises(ValueError):
        c.machines.add_tag_many(["a" * 40] * 501, "x")
    with raises(ResourceNotFoundError):
        c.machines.add_tag("0" * 40, "x")


def test_device_value(sb: Sandbox, machines: list[dict[str, Any]]) -> None:
    c = client(sb)
    m = machines[5]
    assert c.machines.set_device_value(m["id"], "high")["deviceValue"] == "High"
    assert c.machines.get(m["id"])["deviceValue"] == "High"
    assert [x["id"] for x in c.machines.list(filter=f"id eq '{m['id']}' and deviceValue eq 'High'")]
    with raises(ValueError):
        c.machines.set_device_value(m["id"], "Critical")
    with raises(ResourceNotFoundError):
        c.machines.set_device_value("0" * 40, "Low")


async def test_device_value_async(sb: Sandbox, machines: list[dict[str, Any]]) -> None:
    c = async_client(sb)
    assert (await c.machines.set_device_value(machines[6]["id"], "Low"))["deviceValue"] == "Low"


def test_find_by_ip(sb: Sandbox, machines: list[dict[str, Any]]) -> None:
    c = client(sb)
    m = machines[7]
    found = c.machines.find_by_ip(m["lastIpAddress"], timestamp=now_iso())
    assert m["id"] in {x["id"] for x in found}
    assert c.machines.find_by_ip("198.51.100.250", timestamp=now_iso()) == []
    with raises(BadRequestError):
        c.machines.find_by_ip(m["lastIpAddress"], timestamp=now_iso(-dt.timedelta(days=31)))
    with raises(ValueError):
        c.machines.find_by_ip("10.1.1", timestamp=now_iso())
    with raises(ValueError):
        c.machines.find_by_ip(m["lastIpAddress"], timestamp="yesterday")


async def test_find_by_ip_async(sb: Sandbox, machines: list[dict[str, Any]]) -> None:
    m = machines[8]
    found = await async_client(sb).machines.find_by_ip(m["lastIpAddress"], timestamp=now_iso())
    assert m["id"] in {x["id"] for x in found}


def test_related_lists(sb: Sandbox) -> None:
    c = client(sb)
    alert = c.alerts.list(top=50).to_list()
    with_user = next(a for a in alert if a["relatedUser"])
    machine_id = with_user["machineId"]
    alerts = c.machines.alerts(machine_id)
    assert with_user["id"] in {a["id"] for a in alerts}
    assert all(a["machineId"] == machine_id for a in alerts)
    users = c.machines.logon_users(machine_id)
    assert with_user["relatedUser"]["userName"] in {u["accountName"] for u in users}
    assert all({"id", "name", "vendor"} <= set(s) for s in c.machines.software(machine_id))
    vulns = c.machines.vulnerabilities(machine_id)
    assert vulns and all(v["id"].startswith("CVE-") for v in vulns)
    assert c.machines.recommendations(machine_id)
    assert isinstance(c.machines.missing_kbs(machine_id), list)
    for method in (
        "alerts",
        "logon_users",
        "software",
        "vulnerabilities",
        "recommendations",
        "missing_kbs",
    ):
        with raises(ResourceNotFoundError):
            getattr(c.machines, method)("0" * 40)


async def test_related_lists_async(sb: Sandbox, machines: list[dict[str, Any]]) -> None:
    c = async_client(sb)
    machine_id = machines[9]["id"]
    assert isinstance(await c.machines.alerts(machine_id), list)
    assert isinstance(await c.machines.logon_users(machine_id), list)
    assert await c.machines.software(machine_id)
    assert await c.machines.vulnerabilities(machine_id)
    assert await c.machines.recommendations(machine_id)
    assert isinstance(await c.machines.missing_kbs(machine_id), list)


def test_each_route_checks_its_permission(sb: Sandbox, machines: list[dict[str, Any]]) -> None:
    sb.server.register_app("machine-reader", "machine-reader-secret", ["Machine.Read.All"])
    c = client(sb, client_id="machine-reader", client_secret="machine-reader-secret")
    machine_id = machines[10]["id"]
    assert isinstance(c.machines.find_by_tag("x"), list)
    with raises(PermissionDeniedError):
        c.machines.add_tag(machine_id, "x")
    with raises(PermissionDeniedError):
        c.machines.set_device_value(machine_id, "Low")
    with raises(PermissionDeniedError):
        c.machines.software(machine_id)
    with raises(PermissionDeniedError):
        c.machines.logon_users(machine_id)
