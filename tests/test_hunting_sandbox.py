"""The sandbox's hunting tables, its KQL subset through the client, and its documented limits.

Answers are worked out from the API's own view of the tenant (machines and alerts), so the tables
are checked for consistency with it, not only for shape.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest
from conftest import WINDOW_SCALE, raises
from mdekit import BadRequestError, ThrottledError
from mdekit.testing import Sandbox

TABLES = {
    "DeviceInfo": {"Timestamp": "DateTime", "DeviceId": "String", "OSBuild": "Int64",
                   "IsAzureADJoined": "Boolean", "LoggedOnUsers": "Dynamic"},
    "DeviceProcessEvents": {"ProcessId": "Int64", "ProcessCommandLine": "String",
                            "InitiatingProcessFileName": "String"},
    "DeviceNetworkEvents": {"RemoteIP": "String", "RemotePort": "Int32", "LocalPort": "Int32",
                            "InitiatingProcessId": "Int64"},
    "DeviceFileEvents": {"FileName": "String", "FileSize": "Int64",
                         "IsAzureInfoProtectionApplied": "Boolean"},
    "DeviceLogonEvents": {"LogonType": "String", "IsLocalAdmin": "Boolean", "LogonId": "Int64"},
    "DeviceRegistryEvents": {"RegistryKey": "String", "RegistryValueData": "String"},
    "AlertInfo": {"AlertId": "String", "Severity": "String"},
    "AlertEvidence": {"AlertId": "String", "EntityType": "String",
                      "AdditionalFields": "Dynamic"},
}


@pytest.fixture(scope="module")
def sb() -> Any:
    with Sandbox(machines=60, alerts=150, rate_window_scale=WINDOW_SCALE) as sb:
        yield sb


@pytest.fixture(scope="module")
def machines(sb: Sandbox) -> dict[str, dict[str, Any]]:
    return {m["id"]: m for m in sb.client().machines.list().to_list()}


@pytest.fixture(scope="module")
def alerts(sb: Sandbox) -> list[dict[str, Any]]:
    return sb.client().alerts.list(expand="evidence").to_list()


@pytest.mark.parametrize("table", sorted(TABLES))
def test_tables_have_documented_schemas(sb: Sandbox, table: str) -> None:
    r = sb.client().hunting.run(f"{table} | take 5")
    types = {c["name"]: c["type"] for c in r.schema}
    for name, ty in TABLES[table].items():
        assert types[name] == ty, (table, name)
    assert "Timestamp" in types and types["Timestamp"] == "DateTime"
    assert len(r) == 5


@pytest.mark.parametrize("table", ["DeviceInfo", "DeviceProcessEvents", "DeviceNetworkEvents",
                                   "DeviceFileEvents", "DeviceLogonEvents",
                                   "DeviceRegistryEvents"])
def test_device_tables_match_machines(sb: Sandbox, machines: dict[str, Any], table: str) -> None:
    rows = sb.client().hunting.run(f"{table} | project DeviceId, DeviceName").rows
    assert rows
    for row in rows:
        assert machines[row["DeviceId"]]["computerDnsName"] == row["DeviceName"]


def test_alert_tables_match_alerts(sb: Sandbox, alerts: list[dict[str, Any]]) -> None:
    c = sb.client()
    info = c.hunting.run("AlertInfo | project AlertId, Title, Severity").rows
    assert {r["AlertId"]: (r["Title"], r["Severity"]) for r in info} == {
        a["id"]: (a["title"], a["severity"]) for a in alerts
    }
    # One Machine row per alert plus one per evidence entity.
    evidence = c.hunting.run("AlertEvidence | summarize n = count() by AlertId").rows
    assert {r["AlertId"]: r["n"] for r in evidence} == {
        a["id"]: 1 + len(a["evidence"]) for a in alerts
    }
    files = c.hunting.run(
        "AlertEvidence | where EntityType == 'File' | project AlertId, SHA1").rows
    expected = sorted((a["id"], e["sha1"]) for a in alerts for e in a["evidence"]
                      if e["entityType"] == "File")
    assert sorted((r["AlertId"], r["SHA1"]) for r in files) == expected


def test_kql_answers_match_the_api(sb: Sandbox, machines: dict[str, Any],
                                   alerts: list[dict[str, Any]]) -> None:
    c = sb.client()
    by_os = c.hunting.run("DeviceInfo | summarize n = count() by OSPlatform | sort by n desc")
    assert {r["OSPlatform"]: r["n"] for r in by_os.rows} == dict(
        Counter(m["osPlatform"] for m in machines.values()))
    counts = [r["n"] for r in by_os.rows]
    assert counts == sorted(counts, reverse=True)
    high = c.hunting.run("AlertInfo | where Severity == 'High' | count").rows[0]["Count"]
    assert high == sum(a["severity"] == "High" for a in alerts)
    joined = c.hunting.run(
        "AlertInfo | where Severity == 'High' "
        "| join kind=inner (AlertEvidence | where EntityType == 'Machine') on AlertId "
        "| join kind=inner (DeviceInfo | project DeviceId, OSPlatform) on DeviceId "
        "| project AlertId, DeviceName, OSPlatform")
    assert len(joined) == high
    for row in joined.rows:
        assert machines_by_name(machines)[row["DeviceName"]]["osPlatform"] == row["OSPlatform"]
    left = c.hunting.run(
        "DeviceInfo | join kind=leftouter (AlertInfo | join kind=inner "
        "(AlertEvidence | where EntityType == 'Machine' | project AlertId, DeviceId) on AlertId"
        " | summarize alerts = count() by DeviceId) on DeviceId | project DeviceId, alerts")
    per_machine = Counter(a["machineId"] for a in alerts)
    assert {r["DeviceId"]: r["alerts"] for r in left.rows} == {
        m: per_machine.get(m) for m in machines
    }


def machines_by_name(machines: dict[str, Any]) -> dict[str, Any]:
    return {m["computerDnsName"]: m for m in machines.values()}


def test_bin_and_let(sb: Sandbox) -> None:
    c = sb.client()
    total = c.hunting.run("DeviceLogonEvents | count").rows[0]["Count"]
    daily = c.hunting.run(
        "let failed = 'LogonFailed';\n"
        "DeviceLogonEvents | extend Failed = ActionType == failed "
        "| summarize n = count(), failures = countif(Failed) by Day = bin(Timestamp, 1d)")
    assert sum(r["n"] for r in daily.rows) == total
    assert all(r["Day"].endswith("T00:00:00.0000000Z") for r in daily.rows)
    failed = c.hunting.run("DeviceLogonEvents | where ActionType == 'LogonFailed' | count")
    assert sum(r["failures"] for r in daily.rows) == failed.rows[0]["Count"]


def test_timespan_window(sb: Sandbox) -> None:
    c = sb.client()
    all_rows = c.hunting.run("DeviceProcessEvents | project Timestamp").rows
    stamps = sorted(r["Timestamp"] for r in all_rows)
    start, end = stamps[10], stamps[50]
    part = c.hunting.run("DeviceProcessEvents | project Timestamp", timespan=f"{start}/{end}")
    assert len(part) == 40
    assert all(start <= r["Timestamp"] < end for r in part.rows)
    # Refused before sending (the service would answer 400 BadRequest).
    with raises(ValueError, match="timespan"):
        c.hunting.run("DeviceInfo | take 1", timespan="not-a-span")


def test_row_limit_truncates() -> None:
    with Sandbox(machines=20, alerts=10, hunting_limits={"max_rows": 7}) as sb:
        assert len(sb.client().hunting.run("DeviceProcessEvents")) == 7
        assert len(sb.client().hunting.run("DeviceProcessEvents", endpoint="mde")) == 7


def test_result_size_limit_is_a_documented_400() -> None:
    with Sandbox(machines=20, alerts=10, hunting_limits={"max_result_bytes": 20_000}) as sb:
        c = sb.client(max_retries=0)
        assert len(c.hunting.run("DeviceProcessEvents | take 5"))
        for endpoint in ("graph", "mde"):
            with raises(BadRequestError) as info:
                c.hunting.run("DeviceProcessEvents", endpoint=endpoint)
            assert "exceeded the allowed result size" in info.value.message


def test_query_cpu_limit_is_a_400() -> None:
    limits = {"cpu_ms_per_row": 1.0, "max_query_cpu_ms": 100.0}
    with Sandbox(machines=20, alerts=10, hunting_limits=limits) as sb:
        c = sb.client(max_retries=0)
        assert len(c.hunting.run("DeviceInfo | take 1")) == 1  # 20 rows read
        with raises(BadRequestError) as info:
            c.hunting.run("DeviceProcessEvents | take 1")  # 120 rows read
        assert "exceeded the allowed limits" in info.value.message


def test_tenant_cpu_quota_is_a_429_with_retry_after() -> None:
    limits = {"cpu_ms_per_row": 1.0, "cpu_quota_ms_per_hour": 100.0}
    with Sandbox(machines=20, alerts=10, hunting_limits=limits) as sb:
        c = sb.client(max_retries=0)
        c.hunting.run("DeviceProcessEvents | take 1")  # 120 ms: the quota is now used up
        with raises(ThrottledError) as info:
            c.hunting.run("DeviceInfo | take 1")
        assert "CPU" in info.value.message
        assert info.value.retry_after and info.value.retry_after >= 1


def test_bad_limit_names_are_refused() -> None:
    with pytest.raises(ValueError, match="unknown hunting limit"):
        Sandbox(hunting_limits={"rows": 1}).start()
