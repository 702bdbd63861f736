"""Indicators: list, submit/update, import in chunks, delete and batch delete, sync and async,
with per-type validation before the network and the sandbox's tenant cap."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from typing import Any

import mdekit
import pytest
from conftest import async_client, client, new_sandbox, raises
from mdekit import BadRequestError, PermissionDeniedError, ResourceNotFoundError
from mdekit.testing import Sandbox

_counter = itertools.count(1)


def sha1() -> str:
    return f"{next(_counter):040x}"


def ind(value: str | None = None, **overrides: Any) -> dict[str, Any]:
    d: dict[str, Any] = {
        "indicatorValue": value or sha1(),
        "indicatorType": "FileSha1",
        "action": "Block",
        "title": "bad file",
        "description": "seen in IR-7",
        "severity": "High",
    }
    d.update(overrides)
    return d


@pytest.fixture(scope="module")
def sb() -> Iterator[Sandbox]:
    # Import and batch delete allow 30 calls a minute; a larger quota keeps this module under it.
    sandbox = new_sandbox(machines=5, alerts=5, rate_limit_scale=20, max_indicators=1200)
    try:
        yield sandbox
    finally:
        sandbox.stop()


def test_submit_list_update_delete(sb: Sandbox) -> None:
    c = client(sb)
    value = sha1()
    created = c.indicators.submit(
        indicator_value=value.upper(),
        indicator_type="filesha1",
        action="block",
        title="bad file",
        description="seen in IR-7",
        severity="high",
        application="mdekit-tests",
        rbac_group_names=["Servers"],
        expiration_time="2099-01-01T00:00:00Z",
    )
    assert created["indicatorValue"] == value
    assert (created["indicatorType"], created["action"], created["severity"]) == (
        "FileSha1",
        "Block",
        "High",
    )
    assert created["application"] == "mdekit-tests"
    found = c.indicators.list(filter=f"indicatorValue eq '{value}'").to_list()
    assert [i["id"] for i in found] == [created["id"]]
    # Same type and value: an update of the same indicator (application is create-only).
    updated = c.indicators.submit(
        indicator_value=value,
        indicator_type="FileSha1",
        action="Audit",
        generate_alert=True,
        title="still bad",
        description="d",
        application="other",
    )
    assert updated["id"] == created["id"]
    assert (updated["action"], updated["title"], updated["application"]) == (
        "Audit",
        "still bad",
        "mdekit-tests",
    )
    assert c.indicators.delete(created["id"]) is None
    assert c.indicators.list(filter=f"indicatorValue eq '{value}'").to_list() == []
    with raises(ResourceNotFoundError):
        c.indicators.delete(created["id"])


async def test_submit_list_delete_async(sb: Sandbox) -> None:
    c = async_client(sb)
    created = await c.indicators.submit(
        indicator_value="203.0.113.7",
        indicator_type="IpAddress",
        action="Alert",
        title="c2",
        description="beacon",
    )
    items = [i async for i in c.indicators.list(filter="indicatorType eq 'IpAddress'")]
    assert created["id"] in {i["id"] for i in items}
    assert await c.indicators.delete(created["id"]) is None


@pytest.mark.parametrize(
    ("type_", "value"),
    [
        ("FileSha1", "abc"),
        ("FileSha256", "a" * 40),
        ("FileMd5", "g" * 32),
        ("CertificateThumbprint", "a" * 39),
        ("IpAddress", "10.0.0.0/8"),
        ("IpAddress", "300.1.1.1"),
        ("DomainName", "https://evil.example"),
        ("DomainName", "has space.example"),
        ("Url", "ftp://evil.example/x"),
        ("Url", "not a url"),
        ("Sha1", "a" * 40),
    ],
)
def test_values_are_validated_per_type_before_sending(sb: Sandbox, type_: str, value: str) -> None:
    sb.clear_requests()
    c = client(sb)
    with raises(ValueError):
        c.indicators.submit(
            indicator_value=value,
            indicator_type=type_,
            action="Block",
            title="t",
            description="d",
        )
    with raises(ValueError, match="indicator 1"):
        c.indicators.import_batch([ind(), ind(value, indicatorType=type_)])
    assert [r for r in sb.requests() if r["path"].startswith("/api/")] == []


@pytest.mark.parametrize(
    "overrides",
    [
        {"action": "Nuke"},
        {"severity": "Critical"},
        {"title": ""},
        {"action": "Audit"},
        {"educateUrl": "https://learn.example"},
    ],
)
def test_invalid_fields_are_rejected(sb: Sandbox, overrides: dict[str, Any]) -> None:
    with raises(ValueError):
        client(sb).indicators.import_batch([ind(**overrides)])


def test_each_type_is_accepted(sb: Sandbox) -> None:
    c = client(sb)
    good = [
        ind(sha1()),
        ind("a" * 64, indicatorType="FileSha256"),
        ind("b" * 32, indicatorType="FileMd5"),
        ind("c" * 40, indicatorType="CertificateThumbprint"),
        ind("2001:db8::7", indicatorType="IpAddress"),
        ind("evil.example.com", indicatorType="DomainName"),
        ind(
            "https://evil.example.com/payload",
            indicatorType="Url",
            action="Warn",
            educateUrl="https://learn.example/why",
        ),
    ]
    results = c.indicators.import_batch(good)
    assert [r["isFailed"] for r in results] == [False] * len(good)
    assert all(r["id"] for r in results)


def test_import_in_chunks_of_500(sb: Sandbox) -> None:
    c = client(sb)
    sb.clear_requests()
    batch = [ind() for _ in range(1001)]
    results = c.indicators.import_batch(batch)
    assert len(results) == 1001
    assert [r["indicator"] for r in results] == [i["indicatorValue"] for i in batch]
    imports = [r for r in sb.requests() if r["path"] == "/api/indicators/import"]
    assert len(imports) == 3
    ids = [r["id"] for r in results]
    # Batch delete takes at most 500 ids per call.
    with raises(ValueError):
        c.indicators.batch_delete(ids[:501])
    for start in range(0, len(ids), 500):
        assert c.indicators.batch_delete(ids[start : start + 500]) is None


async def test_import_and_batch_delete_async(sb: Sandbox) -> None:
    c = async_client(sb)
    results = await c.indicators.import_batch([ind(), ind()])
    ids = [r["id"] for r in results]
    assert await c.indicators.batch_delete(ids) is None
    with raises(ResourceNotFoundError):
        await c.indicators.batch_delete(ids)


def test_batch_delete_is_all_or_nothing(sb: Sandbox) -> None:
    c = client(sb)
    results = c.indicators.import_batch([ind(), ind()])
    ids = [r["id"] for r in results]
    with raises(ResourceNotFoundError):
        c.indicators.batch_delete([*ids, "999999"])
    values = [r["indicator"] for r in results]
    left = c.indicators.list(filter=f"indicatorValue eq '{values[0]}'").to_list()
    assert [i["id"] for i in left] == [ids[0]]
    c.indicators.batch_delete(ids)
    with raises(ValueError):
        c.indicators.batch_delete([])
    with raises(ValueError):
        c.indicators.batch_delete(["12a"])
    with raises(ValueError):
        c.indicators.delete("abc")


def test_import_type_errors(sb: Sandbox) -> None:
    c = client(sb)
    with pytest.raises(TypeError):
        c.indicators.import_batch(ind())  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        c.indicators.import_batch("x")  # type: ignore[arg-type]
    with raises(ValueError):
        c.indicators.import_batch([])


def test_tenant_cap_and_per_item_failures() -> None:
    with new_sandbox(machines=3, alerts=3, max_indicators=3, rate_limit_scale=20) as small:
        c = client(small)
        results = c.indicators.import_batch([ind() for _ in range(5)])
        assert [r["isFailed"] for r in results] == [False, False, False, True, True]
        assert "maximum" in (results[3]["failureReason"] or "")
        with raises(BadRequestError):
            c.indicators.submit(
                indicator_value=sha1(),
                indicator_type="FileSha1",
                action="Block",
                title="t",
                description="d",
            )
        # Updating an existing indicator is still allowed at the cap.
        again = c.indicators.import_batch([ind(results[0]["indicator"], title="renamed")])
        assert again[0]["isFailed"] is False


def test_permissions_and_visibility(sb: Sandbox) -> None:
    sb.server.register_app("ti-own", "ti-own-secret", ["Ti.ReadWrite"])
    sb.server.register_app("no-ti", "no-ti-secret", ["Alert.Read.All"])
    own = client(sb, client_id="ti-own", client_secret="ti-own-secret")
    mine = own.indicators.submit(
        indicator_value="own.example.org",
        indicator_type="DomainName",
        action="Allowed",
        title="t",
        description="d",
    )
    # An app with only Ti.ReadWrite sees only its own indicators.
    assert [i["id"] for i in own.indicators.list().to_list()] == [mine["id"]]
    everything = client(sb).indicators.list().to_list()
    assert mine["id"] in {i["id"] for i in everything}
    assert len(everything) > 1
    none = client(sb, client_id="no-ti", client_secret="no-ti-secret")
    with raises(PermissionDeniedError):
        none.indicators.list().to_list()
    with raises(PermissionDeniedError):
        none.indicators.delete(mine["id"])


def test_a_failed_chunk_reports_what_each_chunk_did(sb: Sandbox) -> None:
    c = client(sb)
    sb.server.clear_faults()
    batch = [ind() for _ in range(1200)]
    # The first import is served as usual (no delay), the second refused.
    sb.inject("/api/indicators/import", delay=0.0)
    sb.inject("/api/indicators/import", status=400)
    with raises(mdekit.BadRequestError, match="chunk 1 of 3") as info:
        c.indicators.import_batch(batch)
    chunks = info.value.chunks
    assert [(ch["chunk"], ch["start"], ch["count"], ch["status"]) for ch in chunks] == [
        (0, 0, 500, "imported"),
        (1, 500, 500, "failed"),
        (2, 1000, 200, "not_sent"),
    ]
    assert [r["indicator"] for r in chunks[0]["results"]] == [
        i["indicatorValue"] for i in batch[:500]
    ]
    assert "Injected fault" in chunks[1]["error"]
