"""Single-entity reads: alerts.get and machines.get (by device id and by computer name)."""

from __future__ import annotations

from typing import Any

import pytest
from conftest import api_requests, async_client, client, raises
from mdekit import HttpResponseError, MdeError, ResourceNotFoundError
from mdekit.testing import Sandbox


@pytest.fixture(scope="module")
def some(sb: Sandbox) -> dict[str, Any]:
    c = client(sb)
    return {"alert": c.alerts.list(top=1).to_list()[0], "machine": c.machines.list(top=1).to_list()[0]}


def without_context(d: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in d.items() if k != "@odata.context"}


def test_alert_get_has_evidence(clean: Sandbox, some: dict[str, Any]) -> None:
    alert_id = some["alert"]["id"]
    alert = client(clean).alerts.get(alert_id)
    assert alert["id"] == alert_id
    assert isinstance(alert["evidence"], list) and alert["evidence"], "evidence missing on get"
    listed = client(clean).alerts.list(filter=f"id eq '{alert_id}'", expand="evidence").to_list()
    assert [without_context(alert)] == listed
    assert api_requests(clean, "/api/alerts/")[0]["path"] == f"/api/alerts/{alert_id}"


def test_machine_get_by_id_and_by_name(clean: Sandbox, some: dict[str, Any]) -> None:
    m = some["machine"]
    c = client(clean)
    by_id = c.machines.get(m["id"])
    by_name = c.machines.get(m["computerDnsName"])
    assert without_context(by_id) == without_context(by_name) == m
    assert len(m["id"]) == 40
    # Computer names are matched without regard to case, like device ids.
    assert c.machines.get(m["computerDnsName"].upper())["id"] == m["id"]


@pytest.mark.parametrize("kind", ["alerts", "machines"])
def test_not_found(clean: Sandbox, kind: str) -> None:
    ops = getattr(client(clean), kind)
    with raises(ResourceNotFoundError) as info:
        ops.get("doesnotexist123")
    e = info.value
    assert isinstance(e, HttpResponseError) and isinstance(e, MdeError)
    assert e.status_code == 404
    assert e.code == "ResourceNotFound"
    assert e.request_id
    assert e.target  # MDE's per-request correlation id
    assert "doesnotexist123" in e.message
    assert "404" in str(e) and "ResourceNotFound" in str(e)


async def test_async_get(clean: Sandbox, some: dict[str, Any]) -> None:
    c = async_client(clean)
    alert = await c.alerts.get(some["alert"]["id"])
    assert alert["id"] == some["alert"]["id"] and alert["evidence"]
    m = some["machine"]
    assert (await c.machines.get(m["computerDnsName"]))["id"] == m["id"]
    assert without_context(await c.machines.get(m["id"])) == m


async def test_async_not_found(clean: Sandbox) -> None:
    c = async_client(clean)
    with raises(ResourceNotFoundError) as info:
        await c.alerts.get("da000_1")
    assert info.value.status_code == 404 and info.value.code == "ResourceNotFound"
    assert info.value.request_id
    with raises(ResourceNotFoundError):
        await c.machines.get("no-such-host.contoso.com")
