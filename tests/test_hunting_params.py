"""``hunting.run(query, params={...})``: values bound as KQL ``let`` statements, escaped so that
no value, however hostile, can change the query. Each hostile value is stored in a loaded table
and must match exactly its own row through ``==`` and nothing else."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from conftest import client, new_sandbox, raises
from mdekit.testing import Sandbox

UTC = dt.timezone.utc

HOSTILE = [
    'x" or 1 == 1 or Text == "',
    "x' or 1 == 1 or Text == '",
    '"; Notes | take 100; //',
    "a\\",
    '\\"',
    "\\\\\"",
    "line one\nline two\r\n\tend",
    "pipe | where true",
    ") or (1 == 1",
    "dynamic([1]) ]) ;",
    "// comment",
    "@\"verbatim\"",
    "ünïcödé ✓ 🚀",
    "",
    " ",
    "datetime(2024-01-01)",
    "x\u2028y\u00a0z",
]


@pytest.fixture(scope="module")
def sb(tmp_path_factory: pytest.TempPathFactory) -> Any:
    rows = [
        {"Timestamp": f"2024-05-01T00:{i:02d}:00Z", "Text": text, "N": i}
        for i, text in enumerate(HOSTILE)
    ]
    path: Path = tmp_path_factory.mktemp("params") / "notes.json"
    path.write_text(json.dumps({
        "Schema": [{"Name": "Timestamp", "Type": "DateTime"}, {"Name": "Text", "Type": "String"},
                   {"Name": "N", "Type": "Int64"}],
        "Results": rows,
    }), encoding="utf-8")
    sandbox = new_sandbox(machines=20, alerts=10, load=[f"Notes={path}"])
    try:
        yield sandbox
    finally:
        sandbox.stop()


@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_strings_stay_data(sb: Sandbox, value: str) -> None:
    c = client(sb)
    r = c.hunting.run("Notes | where Text == v | project N", params={"v": value})
    assert r.rows == [{"N": HOSTILE.index(value)}]
    # The same value through the MDE endpoint, and through `in` as a list.
    assert c.hunting.run("Notes | where Text == v | count", params={"v": value},
                         endpoint="mde").rows == [{"Count": 1}]
    r = c.hunting.run("Notes | where Text in (vs) | project N", params={"vs": [value, "zz"]})
    assert r.rows == [{"N": HOSTILE.index(value)}]


def test_scalar_types(sb: Sandbox) -> None:
    c = client(sb)
    assert len(c.hunting.run("Notes | where N >= lo and N < hi", params={"lo": 2, "hi": 5})) == 3
    assert len(c.hunting.run("Notes | where N > x", params={"x": 3.5})) == len(HOSTILE) - 4
    assert len(c.hunting.run("Notes | extend B = b | where B == true", params={"b": True})) == len(
        HOSTILE)
    since = dt.datetime(2024, 5, 1, 2, 0, 0, tzinfo=dt.timezone(dt.timedelta(hours=2)))  # 00:00Z
    r = c.hunting.run("Notes | where Timestamp >= since | count", params={"since": since})
    assert r.rows == [{"Count": len(HOSTILE)}]
    r = c.hunting.run("Notes | where Timestamp < start + w | count",
                      params={"start": dt.date(2024, 5, 1), "w": dt.timedelta(minutes=3)})
    assert r.rows == [{"Count": 3}]
    r = c.hunting.run("Notes | where N in (ns) | project N", params={"ns": (1, 4)})
    assert r.rows == [{"N": 1}, {"N": 4}]
    r = c.hunting.run("Notes | extend Z = z | where isnull(Z) | count", params={"z": None})
    assert r.rows == [{"Count": len(HOSTILE)}]


def test_device_query_with_params(sb: Sandbox) -> None:
    c = client(sb)
    m = c.machines.list(top=1).to_list()[0]
    r = c.hunting.run("DeviceInfo | where DeviceName == host | project DeviceId",
                      params={"host": m["computerDnsName"]})
    assert r.rows == [{"DeviceId": m["id"]}]


@pytest.mark.parametrize(
    ("params", "error", "match"),
    [
        ({"1x": 1}, ValueError, "identifier"),
        ({"a b": 1}, ValueError, "identifier"),
        ({"where": 1}, ValueError, "keyword"),
        ({"x": "a\x00b"}, ValueError, "control character"),
        ({"x": float("nan")}, ValueError, "finite"),
        ({"x": 2**70}, ValueError, "64-bit"),
        ({"x": dt.datetime(2024, 1, 1)}, ValueError, "naive"),
        ({"x": [[1]]}, TypeError, "list"),
        ({"x": {"a": 1}}, TypeError, "dict"),
        ({"x": object()}, TypeError, "object"),
        ({1: 1}, TypeError, "names must be strings"),
        ([("x", 1)], TypeError, "dict"),
    ],
)
def test_bad_params_fail_before_sending(sb: Sandbox, params: Any, error: type[Exception],
                                        match: str) -> None:
    sb.clear_requests()
    with raises(error, match=match):
        client(sb).hunting.run("Notes | take 1", params=params)
    assert not [r for r in sb.requests() if "oauth2" not in r["path"]]


async def test_async_params(sb: Sandbox) -> None:
    from conftest import async_client

    r = await async_client(sb).hunting.run("Notes | where Text == v | project N",
                                           params={"v": HOSTILE[0]})
    assert r.rows == [{"N": 0}]
