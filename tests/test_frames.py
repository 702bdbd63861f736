"""Hunting results and entity lists as Python rows and typed tables (pyarrow, pandas, polars).

Every Kusto type is checked against hand-written values: a hunting response with one column of
each type is loaded into the sandbox and read back through the client.
"""

from __future__ import annotations

import builtins
import datetime as dt
import gc
import json
import math
from pathlib import Path
from typing import Any

import pandas as pd
import polars as pl
import pyarrow as pa
import pytest
from mdekit.testing import Sandbox

UTC = dt.timezone.utc

SCHEMA = [
    {"Name": "Timestamp", "Type": "DateTime"},
    {"Name": "Small", "Type": "Int32"},
    {"Name": "Big", "Type": "Int64"},
    {"Name": "Legacy", "Type": "Long"},
    {"Name": "Ratio", "Type": "Double"},
    {"Name": "Score", "Type": "Real"},
    {"Name": "Flag", "Type": "Boolean"},
    {"Name": "Text", "Type": "String"},
    {"Name": "Extra", "Type": "Dynamic"},
    {"Name": "Id", "Type": "Guid"},
]

ROWS: list[dict[str, Any]] = [
    {
        "Timestamp": "2024-05-01T10:20:30.1234567Z", "Small": 7, "Big": 9007199254740993,
        "Legacy": -3, "Ratio": 0.5, "Score": 2, "Flag": True, "Text": "naïve \"quoted\"",
        "Extra": {"a": [1, "x"], "b": None}, "Id": "1f0e3dad-9990-4a1b-8f63-0b8a2f1e6c11",
    },
    {
        "Timestamp": None, "Small": None, "Big": None, "Legacy": None, "Ratio": None,
        "Score": None, "Flag": None, "Text": None, "Extra": None, "Id": None,
    },
    {
        # MDE sends Dynamic values as JSON text too, and placeholder dates outside any range.
        "Timestamp": "0001-01-01T00:00:00Z", "Small": -2147483648, "Big": 0, "Legacy": 1,
        "Ratio": -1.25e-3, "Score": 1e300, "Flag": False, "Text": "", "Extra": "{\"k\": 1}",
        "Id": "",
    },
    {
        # A row may lack columns entirely (loaded data); they read as null.
        "Timestamp": "2024-05-02T00:00:00+02:00", "Extra": "not json", "Text": "last",
    },
]


@pytest.fixture(scope="module")
def sandbox(tmp_path_factory: pytest.TempPathFactory) -> Any:
    path: Path = tmp_path_factory.mktemp("frames") / "typed.json"
    path.write_text(json.dumps({"Schema": SCHEMA, "Results": ROWS}), encoding="utf-8")
    with Sandbox(machines=20, alerts=300, load=[f"Typed={path}"], rate_limits=False) as sb:
        yield sb


@pytest.fixture(scope="module")
def result(sandbox: Sandbox) -> Any:
    return sandbox.client().hunting.run("Typed")


def test_rows_are_the_json_rows(result: Any) -> None:
    assert result.rows == ROWS
    # Keys come in schema order, as the service sends them.
    names = [c["Name"] for c in SCHEMA]
    assert [list(r) for r in result.rows] == [[n for n in names if n in r] for r in ROWS]
    assert result.rows is result.rows
    assert len(result) == 4


def test_rows_share_keys_and_restore_gc(sandbox: Sandbox) -> None:
    client = sandbox.client()
    r = client.hunting.run("DeviceProcessEvents | take 50")
    assert gc.isenabled()
    rows = r.rows
    assert gc.isenabled()
    assert all(a is b for a, b in zip(rows[0], rows[1]))  # one str object per column name
    gc.disable()
    try:
        assert client.hunting.run("DeviceProcessEvents | take 5").rows
        assert not gc.isenabled()  # a paused collector stays paused
    finally:
        gc.enable()


def test_rows_match_the_mde_endpoint(sandbox: Sandbox) -> None:
    client = sandbox.client()
    q = "DeviceProcessEvents | take 200"
    graph = client.hunting.run(q)
    mde = client.hunting.run(q, endpoint="mde")
    assert graph.rows == mde.rows
    assert graph.to_arrow().equals(mde.to_arrow())


def test_arrow_types_and_values(result: Any) -> None:
    t = result.to_arrow()
    assert isinstance(t, pa.Table)
    assert t.schema.field("Timestamp").type == pa.timestamp("ns", tz="UTC")
    assert t.schema.field("Small").type == pa.int32()
    assert t.schema.field("Big").type == pa.int64()
    assert t.schema.field("Legacy").type == pa.int64()
    assert t.schema.field("Ratio").type == pa.float64()
    assert t.schema.field("Score").type == pa.float64()
    assert t.schema.field("Flag").type == pa.bool_()
    assert t.schema.field("Text").type == pa.string()
    assert t.schema.field("Extra").type == pa.string()
    assert t.schema.field("Id").type == pa.string()
    assert t.schema.field("Extra").metadata == {b"mdekit.kusto_type": b"Dynamic"}
    col = t.column
    def ns(d: dt.datetime) -> int:
        return int(d.timestamp()) * 1_000_000_000

    # Nanosecond precision survives (Kusto ticks are 100 ns); offsets become UTC.
    assert col("Timestamp").cast(pa.int64()).to_pylist() == [
        ns(dt.datetime(2024, 5, 1, 10, 20, 30, tzinfo=UTC)) + 123_456_700, None, None,
        ns(dt.datetime(2024, 5, 1, 22, 0, tzinfo=UTC)),
    ]
    assert col("Small").to_pylist() == [7, None, -2147483648, None]
    assert col("Big").to_pylist() == [9007199254740993, None, 0, None]
    assert col("Legacy").to_pylist() == [-3, None, 1, None]
    assert col("Ratio").to_pylist() == [0.5, None, -1.25e-3, None]
    assert col("Score").to_pylist() == [2.0, None, 1e300, None]
    assert col("Flag").to_pylist() == [True, None, False, None]
    assert col("Text").to_pylist() == ['naïve "quoted"', None, "", "last"]
    assert col("Extra").to_pylist() == ['{"a":[1,"x"],"b":null}', None, '{"k": 1}', "not json"]
    assert col("Id").to_pylist() == ["1f0e3dad-9990-4a1b-8f63-0b8a2f1e6c11", None, "", None]
    # The PyCapsule interface itself.
    assert pa.table(result).equals(t)


def test_pandas_dtypes_and_values(result: Any) -> None:
    df = result.to_pandas()
    assert str(df["Timestamp"].dtype) == "datetime64[ns, UTC]"
    assert df["Small"].dtype == pd.Int32Dtype()
    assert df["Big"].dtype == pd.Int64Dtype()
    assert df["Legacy"].dtype == pd.Int64Dtype()
    assert df["Ratio"].dtype == "float64"
    assert df["Score"].dtype == "float64"
    assert df["Flag"].dtype == pd.BooleanDtype()
    assert df["Timestamp"][0] == pd.Timestamp("2024-05-01T10:20:30.1234567Z")
    assert df["Timestamp"].isna().tolist() == [False, True, True, False]
    assert df["Big"][0] == 9007199254740993  # no float rounding
    assert df["Small"].isna().tolist() == [False, True, False, True]
    assert math.isnan(df["Ratio"][1])
    assert df["Flag"].tolist() == [True, pd.NA, False, pd.NA]
    assert df["Extra"].tolist() == [{"a": [1, "x"], "b": None}, None, {"k": 1}, "not json"]
    assert df["Text"].tolist()[0] == 'naïve "quoted"'
    assert df["Id"][0] == "1f0e3dad-9990-4a1b-8f63-0b8a2f1e6c11"
    assert list(df.columns) == [c["Name"] for c in SCHEMA]


def test_polars_dtypes(result: Any) -> None:
    df = result.to_polars()
    assert isinstance(df, pl.DataFrame)
    assert df.schema["Timestamp"] == pl.Datetime("ns", "UTC")
    assert df.schema["Small"] == pl.Int32
    assert df.schema["Big"] == pl.Int64
    assert df.schema["Ratio"] == pl.Float64
    assert df.schema["Flag"] == pl.Boolean
    assert df.schema["Extra"] == pl.String
    assert df["Big"].to_list() == [9007199254740993, None, 0, None]
    assert pl.DataFrame(result).equals(df)


def test_empty_result_keeps_schema(sandbox: Sandbox) -> None:
    r = sandbox.client().hunting.run("Typed | where Text == 'nothing'")
    assert r.rows == []
    t = r.to_arrow()
    assert t.num_rows == 0
    assert t.schema.field("Timestamp").type == pa.timestamp("ns", tz="UTC")
    assert len(r.to_pandas()) == 0


def test_alert_list_to_pandas(sandbox: Sandbox) -> None:
    client = sandbox.client()
    alerts = client.alerts.list().to_list()
    df = client.alerts.list().to_pandas()
    assert len(df) == len(alerts) == 300
    assert str(df["alertCreationTime"].dtype) == "datetime64[ns, UTC]"
    assert df["id"].tolist() == [a["id"] for a in alerts]
    first = alerts[0]
    assert df["alertCreationTime"][0] == pd.Timestamp(first["alertCreationTime"])
    assert df["evidence"].tolist()[0] == first.get("evidence") or "evidence" not in first
    t = client.alerts.list(top=10).to_arrow()
    assert t.num_rows == 10
    assert t.schema.field("alertCreationTime").type == pa.timestamp("ns", tz="UTC")
    assert client.machines.list(top=5).to_polars().height == 5


def test_empty_entity_list_is_an_empty_table(sandbox: Sandbox) -> None:
    # No items means no columns to infer: an empty table, not an error.
    client = sandbox.client()
    empty = "severity eq 'NoSuchSeverity'"
    assert client.alerts.list(filter=empty).to_arrow().num_rows == 0
    assert len(client.alerts.list(filter=empty).to_pandas()) == 0


async def test_async_alert_list_to_pandas(sandbox: Sandbox) -> None:
    async with sandbox.async_client() as client:
        df = await client.alerts.list(top=25).to_pandas()
        t = await client.alerts.list(top=25).to_arrow()
        p = await client.alerts.list(top=25).to_polars()
    assert len(df) == t.num_rows == p.height == 25
    assert str(df["alertCreationTime"].dtype) == "datetime64[ns, UTC]"


def test_missing_extra_names_it(result: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    real_import = builtins.__import__

    def no_frames(name: str, *args: Any, **kwargs: Any) -> Any:
        if name.split(".")[0] in {"pyarrow", "pandas", "polars"}:
            raise ImportError(f"No module named {name!r}")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_frames)
    import importlib

    monkeypatch.setattr(importlib, "import_module", lambda n: no_frames(n))
    with pytest.raises(ImportError, match=r"pip install 'mdekit\[pandas\]'"):
        result.to_pandas()
    with pytest.raises(ImportError, match=r"pip install 'mdekit\[arrow\]'"):
        result.to_arrow()
    with pytest.raises(ImportError, match=r"pip install 'mdekit\[polars\]'"):
        result.to_polars()


def test_dynamic_values_parse_as_json_does() -> None:
    from mdekit import HuntingResult, frames

    values = [{"a": [1, 2.5, None]}, [1, "x"], "text", 7, None, {}, True]
    body = json.dumps({
        "Schema": [{"Name": "D", "Type": "Dynamic"}],
        "Results": [{"D": v} for v in values] + [{"D": "not json {"}],
    }).encode()
    df = HuntingResult.from_bytes(body).to_pandas()
    expected = [frames._parse_dynamic(v) for v in HuntingResult.from_bytes(body).to_arrow()
                .column("D").to_pylist()]
    assert df["D"].tolist() == expected
    assert df["D"].tolist()[:3] == [{"a": [1, 2.5, None]}, [1, "x"], "text"]
    assert df["D"].tolist()[-1] == "not json {"
