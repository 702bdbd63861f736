"""Automated investigations: list (OData), get by investigation or alert id, start; sync and
async, with the documented errors."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from conftest import async_client, client, new_sandbox, raises
from mdekit import PermissionDeniedError, ResourceNotFoundError
from mdekit.testing import Sandbox


@pytest.fixture(scope="module")
def sb() -> Iterator[Sandbox]:
    sandbox = new_sandbox(machines=20, alerts=200)
    try:
        yield sandbox
    finally:
        sandbox.stop()


def test_list_get_and_start(sb: Sandbox) -> None:
    c = client(sb)
    investigations = c.investigations.list().to_list()
    assert investigations
    first = investigations[0]
    assert {"id", "startTime", "endTime", "state", "machineId", "triggeringAlertId"} <= set(first)
    assert c.investigations.get(first["id"])["id"] == first["id"]
    # The triggering alert's id finds the same investigation.
    assert c.investigations.get(first["triggeringAlertId"])["id"] == first["id"]
    by_machine = c.investigations.list(filter=f"machineId eq '{first['machineId']}'").to_list()
    assert first["id"] in {i["id"] for i in by_machine}
    started = c.investigations.start(first["machineId"], comment="IR-5: auto-investigate")
    assert (started["state"], started["endTime"], started["machineId"]) == (
        "Running",
        None,
        first["machineId"],
    )
    running = c.investigations.list(filter="state eq 'Running'").to_list()
    assert started["id"] in {i["id"] for i in running}
    assert c.investigations.get(started["id"])["id"] == started["id"]


async def test_async(sb: Sandbox) -> None:
    c = async_client(sb)
    items = await c.investigations.list(top=3).to_list()
    assert len(items) == 3
    assert (await c.investigations.get(items[0]["id"]))["id"] == items[0]["id"]
    started = await c.investigations.start(items[0]["machineId"], comment="x")
    assert started["state"] == "Running"


def test_errors(sb: Sandbox) -> None:
    c = client(sb)
    with raises(ResourceNotFoundError):
        c.investigations.get("999999999")
    with raises(ResourceNotFoundError):
        c.investigations.start("0" * 40, comment="x")
    with raises(ValueError):
        c.investigations.start("0" * 40, comment=" ")
    with raises(ValueError, match="filterable"):
        c.investigations.list(filter="title eq 'x'")
    sb.server.register_app("inv-reader", "inv-reader-secret", ["Alert.Read.All"])
    reader = client(sb, client_id="inv-reader", client_secret="inv-reader-secret")
    assert reader.investigations.list(top=1).to_list()
    with raises(PermissionDeniedError):
        reader.investigations.start("0" * 40, comment="x")
