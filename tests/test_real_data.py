"""Real MDE data (shared/data/mde-samples, see its SOURCES.md) loaded into the sandbox and read
back through the client unchanged."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import SAMPLES, async_client, client, new_sandbox, require_samples
from mdekit.testing import Sandbox

PROC = "hunting/mde_proc_pub.jsonl"
ALERTS_COLLECTION = "api/first_response_alerts.json"
ALERT_SINGLE = "api/test_get_alerts.json"
DEVICE_INFO = "hunting/mde_device_info.csv"


def load_json(rel: str) -> Any:
    return json.loads((SAMPLES / rel).read_text(encoding="utf-8-sig"))


def proc_lines() -> list[dict[str, Any]]:
    text = (SAMPLES / PROC).read_text(encoding="utf-8")
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def ordered(d: dict[str, Any]) -> list[tuple[str, Any]]:
    return list(d.items())


@pytest.fixture(scope="module")
def real() -> Iterator[Sandbox]:
    """Only the files this module checks, no synthetic tenant."""
    root = require_samples()
    sb = new_sandbox(synthetic=False, load=[root / PROC, root / ALERTS_COLLECTION,
                                            root / ALERT_SINGLE, root / DEVICE_INFO])
    try:
        yield sb
    finally:
        sb.stop()


def test_whole_folder_loads() -> None:
    root = require_samples()
    sb = new_sandbox(synthetic=False, load=[root])
    try:
        tables = dict(sb.server.hunting_tables())
        assert tables["DeviceProcessEvents"] == 200
        assert tables["DeviceInfo"] == 2
        assert tables["DeviceNetworkInfo"] == 4
        assert sb.count("alerts") == 4
        assert sb.count("machines") == 0
    finally:
        sb.stop()


@pytest.mark.parametrize("endpoint", ["graph", "mde"])
def test_process_events_unchanged(real: Sandbox, endpoint: str) -> None:
    expected = proc_lines()
    assert len(expected) == 200
    r = client(real).hunting.run("DeviceProcessEvents | take 1000", endpoint=endpoint)
    assert len(r.rows) == 200
    assert r.rows == expected
    assert [ordered(row) for row in r.rows] == [ordered(e) for e in expected]  # column order kept
    names = [c["name"] for c in r.schema]
    assert names == list(expected[0])
    types = {c["name"]: c["type"] for c in r.schema}
    assert types["Timestamp"] == "DateTime"
    assert types["FileSize"] == "Int64"
    assert types["ProcessCommandLine"] == "String"
    assert "CreatedProcessParentId" in types  # the extra msticpy column is kept


def test_process_events_queries(real: Sandbox) -> None:
    expected = proc_lines()
    c = client(real)
    ps = c.hunting.run('DeviceProcessEvents | where FileName == "powershell.exe"')
    assert ps.rows == [e for e in expected if e["FileName"] == "powershell.exe"]
    proj = c.hunting.run("DeviceProcessEvents | project Timestamp, FileName | take 3")
    assert proj.rows == [{"Timestamp": e["Timestamp"], "FileName": e["FileName"]}
                         for e in expected[:3]]


def test_alerts_unchanged(real: Sandbox) -> None:
    collection = load_json(ALERTS_COLLECTION)["value"]
    single = load_json(ALERT_SINGLE)
    expected = {a["id"]: a for a in [*collection, single]}
    c = client(real)
    got = {a["id"]: a for a in c.alerts.list(expand="evidence").to_list()}
    assert got == expected
    for alert_id, alert in expected.items():
        assert ordered(got[alert_id]) == ordered(alert)


def test_alert_list_without_expand_hides_evidence(real: Sandbox) -> None:
    single = load_json(ALERT_SINGLE)
    listed = {a["id"]: a for a in client(real).alerts.list().to_list()}
    assert listed[single["id"]]["evidence"] == []
    assert {k: v for k, v in listed[single["id"]].items() if k != "evidence"} == {
        k: v for k, v in single.items() if k != "evidence"}


def test_alert_get_unchanged(real: Sandbox) -> None:
    single = load_json(ALERT_SINGLE)
    got = client(real).alerts.get(single["id"])
    assert got.pop("@odata.context").endswith("/api/$metadata#Alerts/$entity")
    assert got == single
    assert len(got["evidence"]) == 3
    for a in load_json(ALERTS_COLLECTION)["value"]:
        got = client(real).alerts.get(a["id"])
        got.pop("@odata.context")
        assert got == a


def test_alert_filters_on_real_alerts(real: Sandbox) -> None:
    c = client(real)
    got = c.alerts.list(filter="detectionSource eq 'CustomerTI'").to_list()
    assert {a["id"] for a in got} == {a["id"] for a in load_json(ALERTS_COLLECTION)["value"]}
    assert len(got) == real.count("alerts", "detectionSource eq 'CustomerTI'")


def test_device_info_csv(real: Sandbox) -> None:
    r = client(real).hunting.run("DeviceInfo | take 10")
    assert len(r.rows) == 2
    types = {c["name"]: c["type"] for c in r.schema}
    assert types["Timestamp"] == "DateTime"
    # Portal CSV times "4/19/2022, 9:57:02.487 PM" come out as the API writes them.
    assert [row["Timestamp"] for row in r.rows] == ["2022-04-19T21:57:02.487Z",
                                                    "2022-04-19T21:59:38.919Z"]
    assert r.rows[0]["TimeGenerated"] == "2022-04-19T21:57:02.487Z"
    first = r.rows[0]
    assert first["DeviceId"] == "28f9775979d3fb7c6a59744500a70470f92bcc7f"
    assert first["DeviceName"] == "aadcon.na.contosohotels.com"
    assert first["ReportId"] == 80390
    assert first["IsAzureADJoined"] is False
    assert first["LoggedOnUsers"] == []
    assert first["PublicIP"] == "40.121.32.212"
    assert "Timestamp [UTC]" not in first


async def test_async_real_rows(real: Sandbox) -> None:
    r = await async_client(real).hunting.run("DeviceProcessEvents | take 1000", endpoint="mde")
    assert r.rows == proc_lines()


def test_samples_path_is_outside_the_repo() -> None:
    repo = Path(__file__).resolve().parents[1]
    assert repo not in SAMPLES.resolve().parents
