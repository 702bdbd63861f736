"""mdekit.Tenants: one client per tenant, a hunting query or a list fanned out to all of them,
the rows tagged with tenantId, a failing tenant reported and never dropped."""

from __future__ import annotations

from collections.abc import Iterator

import mdekit
import mdekit.aio
import pytest
from conftest import async_client, client, new_sandbox
from mdekit import ClientAuthenticationError, Tenants, TenantsError
from mdekit.testing import Sandbox

QUERY = "DeviceInfo | summarize Devices = dcount(DeviceId) by OSPlatform"


@pytest.fixture(scope="module")
def tenants() -> Iterator[list[Sandbox]]:
    sandboxes = [new_sandbox(seed=seed, machines=5 + seed, alerts=10) for seed in (1, 2, 3)]
    try:
        assert len({sb.tenant_id for sb in sandboxes}) == 3
        yield sandboxes
    finally:
        for sb in sandboxes:
            sb.stop()


def test_hunt_across_tenants_tags_each_row(tenants: list[Sandbox]) -> None:
    with Tenants([client(sb) for sb in tenants]) as t:
        assert len(t) == 3
        result = t.hunt(QUERY)
    assert result.ok and not result.errors
    assert [r["tenantId"] for r in result.rows][:1] == [tenants[0].tenant_id]
    assert {r["tenantId"] for r in result.rows} == {sb.tenant_id for sb in tenants}
    for sb in tenants:
        alone = client(sb).hunting.run(QUERY)
        mine = [{k: v for k, v in r.items() if k != "tenantId"}
                for r in result.results[sb.tenant_id]]
        assert mine == alone.rows
    df = result.to_pandas()
    assert list(df.columns[:1]) == ["tenantId"] and len(df) == len(result)


def test_list_across_tenants(tenants: list[Sandbox]) -> None:
    t = Tenants({f"t{i}": client(sb) for i, sb in enumerate(tenants)})
    machines = t.list("machines")
    assert {k: len(v) for k, v in machines.results.items()} == {"t0": 6, "t1": 7, "t2": 8}
    assert all(r["tenantId"] == "t1" for r in machines.results["t1"])
    assert machines.to_arrow().num_rows == 21
    with pytest.raises(ValueError, match="list operation"):
        t.list("close")


def test_a_failing_tenant_is_reported_not_dropped(tenants: list[Sandbox]) -> None:
    good, bad = tenants[0], tenants[1]
    t = Tenants({"good": client(good), "bad": client(bad, client_secret="not-the-secret")})
    result = t.hunt(QUERY)
    assert not result.ok
    assert list(result.results) == ["good"] and result.rows
    assert isinstance(result.errors["bad"], ClientAuthenticationError)
    assert "failed: ['bad']" in repr(result)
    assert "not-the-secret" not in repr(result) + str(result.errors["bad"])
    with pytest.raises(TenantsError) as info:
        result.raise_for_errors()
    assert isinstance(info.value, mdekit.MdeError) and set(info.value.errors) == {"bad"}


def test_bad_arguments() -> None:
    with pytest.raises(ValueError, match="at least one"):
        Tenants([])
    with pytest.raises(ValueError, match="max_workers"):
        Tenants({"a": object()}, max_workers=0)  # type: ignore[dict-item]


async def test_async_tenants(tenants: list[Sandbox]) -> None:
    clients = {sb.tenant_id: async_client(sb) for sb in tenants}
    clients["bad"] = async_client(tenants[2], client_secret="not-the-secret")
    async with mdekit.aio.Tenants(clients, max_concurrency=2) as t:
        result = await t.hunt(QUERY)
        alerts = await t.list("alerts", top=4)
    assert set(result.results) == {sb.tenant_id for sb in tenants}
    assert isinstance(result.errors["bad"], ClientAuthenticationError)
    assert {k: len(v) for k, v in alerts.results.items()} == {sb.tenant_id: 4 for sb in tenants}
    assert all(r["tenantId"] == k for k, v in alerts.results.items() for r in v)
