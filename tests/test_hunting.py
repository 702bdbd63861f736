"""Advanced hunting over the synthetic DeviceInfo and DeviceProcessEvents tables, through both
endpoints (Graph runHuntingQuery by default, MDE advancedqueries/run with endpoint="mde")."""

from __future__ import annotations

import json

import pytest
from conftest import async_client, client, raises
from mdekit import BadRequestError, HuntingResult
from mdekit.testing import Sandbox

ENDPOINTS = ["graph", "mde"]
PROC_Q = (
    'DeviceProcessEvents | where FileName == "powershell.exe" '
    "| project Timestamp, DeviceName, FileName, ProcessCommandLine | take 7"
)


def check_shape(result: HuntingResult) -> None:
    schema = result.schema
    assert isinstance(schema, list) and schema
    for col in schema:
        assert set(col) == {"name", "type"}
        assert isinstance(col["name"], str) and isinstance(col["type"], str)
    names = [c["name"] for c in schema]
    for row in result.rows:
        assert list(row) == names, "rows must be keyed by the schema's columns, in order"
    assert len(result) == len(result.rows)


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_take(clean: Sandbox, endpoint: str) -> None:
    r = client(clean).hunting.run("DeviceInfo | take 5", endpoint=endpoint)
    check_shape(r)
    assert len(r) == 5
    types = {c["name"]: c["type"] for c in r.schema}
    assert types["Timestamp"] == "DateTime"
    assert types["DeviceId"] == "String"
    assert types["OSBuild"] == "Int64"
    assert r.rows is r.rows  # the same list object on every access
    path = clean.requests()[-1]["path"]
    expected = "/v1.0/security/runHuntingQuery" if endpoint == "graph" else "/api/advancedqueries/run"
    assert path == expected


def test_default_endpoint_is_graph(clean: Sandbox) -> None:
    client(clean).hunting.run("DeviceInfo | take 1")
    assert [r["path"] for r in clean.requests() if r["method"] == "POST" and "oauth2" not in r["path"]] == [
        "/v1.0/security/runHuntingQuery"
    ]


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_where_project(clean: Sandbox, endpoint: str) -> None:
    r = client(clean).hunting.run(PROC_Q, endpoint=endpoint)
    check_shape(r)
    assert [c["name"] for c in r.schema] == ["Timestamp", "DeviceName", "FileName",
                                             "ProcessCommandLine"]
    assert 0 < len(r) <= 7
    assert all(row["FileName"] == "powershell.exe" for row in r.rows)
    assert all(row["Timestamp"].endswith("Z") for row in r.rows)


def test_both_endpoints_same_rows(clean: Sandbox) -> None:
    c = client(clean)
    for q in ["DeviceInfo | take 20", PROC_Q, "DeviceProcessEvents | take 50",
              "DeviceInfo | where OSPlatform == 'Windows11' | project DeviceId, DeviceName"]:
        g = c.hunting.run(q)
        m = c.hunting.run(q, endpoint="mde")
        assert g.schema == m.schema
        assert g.rows == m.rows
        assert json.dumps(g.rows) == json.dumps(m.rows)  # key order too


def test_stats_only_from_mde(clean: Sandbox) -> None:
    c = client(clean)
    assert c.hunting.run("DeviceInfo | take 1").stats is None
    stats = c.hunting.run("DeviceInfo | take 1", endpoint="mde").stats
    assert isinstance(stats, dict) and "ExecutionTime" in stats


def test_device_info_matches_machines(clean: Sandbox) -> None:
    c = client(clean)
    r = c.hunting.run("DeviceInfo | project DeviceId, DeviceName | take 100000")
    assert len(r) == clean.count("machines")
    m = c.machines.list(top=1).to_list()[0]
    hit = c.hunting.run(f"DeviceInfo | where DeviceId == '{m['id']}' | project DeviceName")
    assert hit.rows == [{"DeviceName": m["computerDnsName"]}]


def test_timespan_on_graph(clean: Sandbox) -> None:
    r = client(clean).hunting.run("DeviceInfo | take 2", timespan="P7D")
    assert len(r) == 2


def test_count_operator(clean: Sandbox) -> None:
    r = client(clean).hunting.run("DeviceProcessEvents | count")
    assert r.schema == [{"name": "Count", "type": "Int64"}]
    assert r.rows[0]["Count"] > 0


@pytest.mark.parametrize("endpoint", ENDPOINTS)
@pytest.mark.parametrize(
    "query",
    [
        "DeviceProcessEvents | mv-expand AdditionalFields",
        "DeviceProcessEvents | extend X = parse_url(AdditionalFields)",
        "NoSuchTable | take 1",
        "DeviceInfo | where NoSuchColumn == 1",
        "DeviceInfo | take",
        "let f = (x: long) { x }; DeviceInfo",
    ],
)
def test_unsupported_kql_is_bad_request(clean: Sandbox, endpoint: str, query: str) -> None:
    c = client(clean, max_retries=0)
    with raises(BadRequestError) as info:
        c.hunting.run(query, endpoint=endpoint)
    assert info.value.status_code == 400
    assert info.value.request_id
    # A 400 is never retried.
    assert len([r for r in clean.requests() if r["method"] == "POST" and "oauth2" not in r["path"]]) == 1


async def test_async_both_endpoints(clean: Sandbox) -> None:
    c = async_client(clean)
    g = await c.hunting.run(PROC_Q)
    m = await c.hunting.run(PROC_Q, endpoint="mde")
    check_shape(g)
    assert g.schema == m.schema and g.rows == m.rows
    sync = client(clean).hunting.run(PROC_Q)
    assert sync.rows == g.rows


async def test_async_bad_kql(clean: Sandbox) -> None:
    with raises(BadRequestError):
        await async_client(clean).hunting.run("DeviceInfo | summarize percentile(OSBuild, 50)")
