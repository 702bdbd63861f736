"""Files, IPs, domains and users: each pivot sync and async, and the documented behaviour for
entities nobody has seen (404 for files, empty lists or zero prevalence elsewhere)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from conftest import async_client, client, new_sandbox, raises
from mdekit import PermissionDeniedError, ResourceNotFoundError
from mdekit.testing import Sandbox

UNSEEN_SHA1 = "f" * 40


@pytest.fixture(scope="module")
def sb() -> Iterator[Sandbox]:
    sandbox = new_sandbox(machines=30, alerts=150)
    try:
        yield sandbox
    finally:
        sandbox.stop()


@pytest.fixture(scope="module")
def alert(sb: Sandbox) -> dict[str, Any]:
    alerts = client(sb).alerts.list(expand="evidence").to_list()
    return next(a for a in alerts if a["relatedUser"] and any(e["sha1"] for e in a["evidence"]))


def sha1_of(alert: dict[str, Any]) -> str:
    return str(next(e["sha1"] for e in alert["evidence"] if e["sha1"]))


def test_files(sb: Sandbox, alert: dict[str, Any]) -> None:
    c = client(sb)
    sha1 = sha1_of(alert)
    f = c.files.get(sha1)
    assert f["sha1"] == sha1 and f["sha256"]
    assert c.files.get(f["sha256"])["sha1"] == sha1
    stats = c.files.stats(sha1, lookback_hours=720)
    assert stats["sha1"] == sha1
    assert {"organizationPrevalence", "globallyPrevalence", "topFileNames"} <= set(stats)
    assert alert["id"] in {a["id"] for a in c.files.alerts(sha1)}
    assert alert["machineId"] in {m["id"] for m in c.files.machines(sha1)}
    # Unknown file: 404 for the entity and its stats, empty lists for related alerts/machines.
    with raises(ResourceNotFoundError):
        c.files.get(UNSEEN_SHA1)
    with raises(ResourceNotFoundError):
        c.files.stats(UNSEEN_SHA1)
    assert c.files.alerts(UNSEEN_SHA1) == []
    assert c.files.machines(UNSEEN_SHA1) == []


def test_file_validation(sb: Sandbox) -> None:
    c = client(sb)
    with raises(ValueError):
        c.files.get("abc")
    with raises(ValueError, match="SHA-1 only"):
        c.files.alerts("a" * 64)
    with raises(ValueError):
        c.files.stats(UNSEEN_SHA1, lookback_hours=721)


async def test_files_async(sb: Sandbox, alert: dict[str, Any]) -> None:
    c = async_client(sb)
    sha1 = sha1_of(alert)
    assert (await c.files.get(sha1))["sha1"] == sha1
    assert (await c.files.stats(sha1))["sha1"] == sha1
    assert await c.files.alerts(sha1)
    assert await c.files.machines(sha1)


def test_ips_and_domains_unseen_are_zero_and_empty(sb: Sandbox) -> None:
    c = client(sb)
    stats = c.ips.stats("192.0.2.123")
    assert stats["ipAddress"] == "192.0.2.123"
    assert stats["organizationPrevalence"] == 0
    assert c.ips.alerts("192.0.2.123") == []
    with raises(ValueError):
        c.ips.stats("198.51.100")
    d = c.domains.stats("unseen.example.org", lookback_hours=48)
    assert (d["host"], d["organizationPrevalence"]) == ("unseen.example.org", 0)
    assert c.domains.alerts("unseen.example.org") == []
    assert c.domains.machines("unseen.example.org") == []
    with raises(ValueError):
        c.domains.stats("https://unseen.example.org/")


async def test_ips_and_domains_async(sb: Sandbox) -> None:
    c = async_client(sb)
    assert (await c.ips.stats("2001:db8::5"))["organizationPrevalence"] == 0
    assert await c.ips.alerts("2001:db8::5") == []
    assert (await c.domains.stats("x.example"))["organizationPrevalence"] == 0
    assert await c.domains.alerts("x.example") == []
    assert await c.domains.machines("x.example") == []


def test_users(sb: Sandbox, alert: dict[str, Any]) -> None:
    c = client(sb)
    name = alert["relatedUser"]["userName"]
    alerts = c.users.alerts(name)
    assert alert["id"] in {a["id"] for a in alerts}
    assert alert["machineId"] in {m["id"] for m in c.users.machines(name)}
    assert c.users.alerts("nobody-here") == []
    assert c.users.machines("nobody-here") == []
    with raises(ValueError, match="UPN"):
        c.users.alerts(f"{name}@contoso.com")


async def test_users_async(sb: Sandbox, alert: dict[str, Any]) -> None:
    c = async_client(sb)
    name = alert["relatedUser"]["userName"]
    assert await c.users.alerts(name)
    assert await c.users.machines(name)


def test_pivot_permissions(sb: Sandbox, alert: dict[str, Any]) -> None:
    sb.server.register_app("alert-only", "alert-only-secret", ["Alert.Read.All"])
    c = client(sb, client_id="alert-only", client_secret="alert-only-secret")
    sha1 = sha1_of(alert)
    assert c.files.alerts(sha1)
    with raises(PermissionDeniedError):
        c.files.get(sha1)
    with raises(PermissionDeniedError):
        c.ips.stats("192.0.2.123")
    with raises(PermissionDeniedError):
        c.domains.stats("x.example")
    with raises(PermissionDeniedError):
        c.users.machines("someone")
