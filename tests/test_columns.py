"""Entity lists as columns typed by the catalogue's entity declarations (`Pager.to_arrow`),
built page by page from the bytes, and Arrow IPC streams (`to_ipc`)."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import mdekit
import pyarrow as pa
import pyarrow.ipc
import pytest
from conftest import client, new_sandbox
from mdekit.testing import Sandbox

EMPTY = "severity eq 'NoSuchSeverity'"


@pytest.fixture(scope="module")
def sandbox() -> Iterator[Sandbox]:
    sb = new_sandbox(machines=20, alerts=120)
    try:
        yield sb
    finally:
        sb.stop()


def alert_entity() -> str | None:
    entry = next(e for e in mdekit.catalogue() if e["id"] == "alerts.list")
    return entry["entity"]


def test_the_catalogue_names_the_entity() -> None:
    assert alert_entity() == "Alert"


def test_an_empty_result_has_the_same_columns_and_types(sandbox: Sandbox) -> None:
    c = client(sandbox)
    full = c.alerts.list(top=30, expand="evidence").to_arrow()
    empty = c.alerts.list(filter=EMPTY).to_arrow()
    assert empty.num_rows == 0 and full.num_rows == 30
    assert empty.schema == full.schema
    assert full.schema.metadata[b"mdekit.entity"] == b"Alert"
    assert full.column_names[:3] == ["id", "incidentId", "investigationId"]


def test_nested_fields_are_lists_and_structs(sandbox: Sandbox) -> None:
    t = client(sandbox).alerts.list(top=50, expand="evidence").to_arrow()
    schema = t.schema
    assert schema.field("incidentId").type == pa.int64()
    assert schema.field("alertCreationTime").type == pa.timestamp("ns", tz="UTC")
    assert schema.field("mitreTechniques").type == pa.list_(pa.string())
    assert pa.types.is_struct(schema.field("relatedUser").type)
    evidence = schema.field("evidence").type
    assert pa.types.is_list(evidence) and pa.types.is_struct(evidence.value_type)
    assert evidence.value_type.field("processId").type == pa.int64()
    assert evidence.value_type.field("evidenceCreationTime").type == pa.timestamp("ns", tz="UTC")
    rows = t.to_pylist()
    dicts = client(sandbox).alerts.list(top=50, expand="evidence").to_list()
    assert [r["id"] for r in rows] == [d["id"] for d in dicts]
    with_evidence = next(i for i, d in enumerate(dicts) if d["evidence"])
    assert len(rows[with_evidence]["evidence"]) == len(dicts[with_evidence]["evidence"])
    first = dicts[with_evidence]["evidence"][0]
    assert rows[with_evidence]["evidence"][0]["entityType"] == first["entityType"]


def test_timestamps_keep_the_services_precision(sandbox: Sandbox) -> None:
    # The service sends 7 fractional digits (100 ns); timestamp[ns] keeps every one.
    c = client(sandbox)
    d = c.alerts.list(top=5).to_list()
    t = c.alerts.list(top=5).to_arrow()
    for item, ns in zip(d, t.column("alertCreationTime").cast(pa.int64()).to_pylist()):
        text = item["alertCreationTime"]
        fraction = text.rstrip("Z").split(".")[1] if "." in text else ""
        assert ns % 1_000_000_000 == int(fraction.ljust(9, "0")[:9] or 0), text


def test_pandas_gets_python_objects_in_nested_columns(sandbox: Sandbox) -> None:
    df = client(sandbox).alerts.list(top=50, expand="evidence").to_pandas()
    evidence = next(e for e in df["evidence"] if e)
    created = evidence[0]["evidenceCreationTime"]
    assert isinstance(created, dt.datetime) and created.tzinfo is not None
    process = next((x for e in df["evidence"] for x in e if x["processId"] is not None), None)
    if process is not None:
        assert isinstance(process["processId"], int)
    assert str(df["incidentId"].dtype) == "Int64"


def test_paging_into_columns_keeps_pages_on_an_error(sandbox: Sandbox) -> None:
    c = client(sandbox, max_retries=0)
    pager = c.alerts.list(page_size=25)
    sandbox.inject("/api/alerts", status=500, count=1, method="GET")
    # The first page request fails; nothing is lost, and the next call reads every page.
    with pytest.raises(mdekit.MdeError):
        pager.to_arrow()
    assert pager.to_arrow().num_rows == 120


def test_a_partly_consumed_pager_converts_the_rest(sandbox: Sandbox) -> None:
    pager = client(sandbox).alerts.list(page_size=40)
    head = [next(pager) for _ in range(5)]
    rest = pager.to_arrow()
    ids = [a["id"] for a in client(sandbox).alerts.list().to_list()]
    assert [h["id"] for h in head] + rest.column("id").to_pylist() == ids


async def test_async_pager_to_arrow_and_ipc(sandbox: Sandbox, tmp_path: Path) -> None:
    async with sandbox.async_client() as c:
        t = await c.alerts.list(top=40, expand="evidence").to_arrow()
        rows = await c.alerts.list(top=40, expand="evidence").to_ipc(tmp_path / "a.arrows")
    assert t.schema.metadata[b"mdekit.entity"] == b"Alert"
    assert rows == 40
    with pa.ipc.open_stream(tmp_path / "a.arrows") as reader:
        assert reader.read_all().equals(t)


@pytest.mark.parametrize("compression", ["zstd", "lz4", None])
def test_to_ipc_round_trips(sandbox: Sandbox, tmp_path: Path, compression: Any) -> None:
    c = client(sandbox)
    t = c.alerts.list(expand="evidence").to_arrow()
    path = tmp_path / "alerts.arrows"
    assert c.alerts.list(expand="evidence").to_ipc(path, compression=compression) == 120
    with pa.ipc.open_stream(path) as reader:
        assert reader.read_all().equals(t)
    sink = io.BytesIO()
    assert c.alerts.list(expand="evidence").to_ipc(sink, compression=compression) == 120
    assert pa.ipc.open_stream(sink.getvalue()).read_all().equals(t)


def test_to_ipc_refuses_an_unknown_compression(sandbox: Sandbox, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="compression"):
        client(sandbox).alerts.list(top=1).to_ipc(tmp_path / "x", compression="gzip")


def test_hunting_result_to_ipc(sandbox: Sandbox) -> None:
    r = client(sandbox).hunting.run("DeviceInfo | take 10")
    sink = io.BytesIO()
    assert r.to_ipc(sink) == len(r) == 10
    assert pa.ipc.open_stream(sink.getvalue()).read_all().equals(r.to_arrow())


@pytest.mark.parametrize("endpoint", ["graph", "mde"])
def test_hunting_columns_built_while_downloading_match(sandbox: Sandbox, endpoint: str) -> None:
    q = "DeviceProcessEvents | project Timestamp, DeviceName, ProcessId, AdditionalFields | take 90"
    c = client(sandbox)
    streamed = c.hunting.run(q, endpoint=endpoint, columns=True)
    plain = c.hunting.run(q, endpoint=endpoint)
    assert streamed.to_arrow().equals(plain.to_arrow())
    assert streamed.rows == plain.rows
    assert streamed.to_pandas().equals(plain.to_pandas())


@pytest.mark.parametrize("compress", [(), ("mde", "graph")])
def test_hunting_columns_with_and_without_compression(compress: Any) -> None:
    with Sandbox(machines=30, alerts=5, compress=compress) as sb:
        c = sb.client()
        q = "DeviceProcessEvents | take 150"
        assert c.hunting.run(q, columns=True).to_arrow().equals(c.hunting.run(q).to_arrow())


def test_hunting_columns_survive_a_retried_cut_body(sandbox: Sandbox) -> None:
    # The first attempt's body is cut short; the retry's body is the one converted.
    c = client(sandbox, max_retries=2)
    q = "DeviceInfo | take 40"
    sandbox.clear_requests()
    sandbox.inject("/v1.0/security/runHuntingQuery", truncate=True, count=1)
    r = c.hunting.run(q, columns=True)
    hunts = [x for x in sandbox.requests() if "runHuntingQuery" in x["path"]]
    assert [bool(x["faulted"]) for x in hunts] == [True, False]
    plain = c.hunting.run(q)
    assert len(r) == len(plain) > 0
    assert r.to_arrow().equals(plain.to_arrow())


async def test_async_hunting_columns(sandbox: Sandbox) -> None:
    async with sandbox.async_client() as c:
        r = await c.hunting.run("DeviceInfo | take 12", columns=True)
        assert r.to_arrow().num_rows == 12


def pagers_with_entities() -> list[str]:
    return [e["python"] for e in mdekit.catalogue()
            if e["entity"] and e["method"] == "GET" and "{" not in e["path"]
            and e["max_top"] is not None]


@pytest.mark.parametrize("method", pagers_with_entities())
def test_every_declared_pager_keeps_every_value(sandbox: Sandbox, method: str) -> None:
    # What the dicts hold, the typed table holds: every key is a column, and a column is
    # never all null where the dicts have a value (a misspelt declaration would be).
    c = client(sandbox)
    call: Any = c
    for part in method.split("."):
        call = getattr(call, part)
    kwargs: dict[str, Any] = {}
    if method == "exports.software_vulnerability_changes":
        since = dt.datetime.now(dt.timezone.utc) - dt.timedelta(days=7)
        kwargs["since"] = since.strftime("%Y-%m-%dT%H:%M:%SZ")
    items = call(**kwargs).to_list()
    table = call(**kwargs).to_arrow()
    assert table.num_rows == len(items)
    keys = {k for item in items for k in item}
    assert keys <= set(table.column_names), sorted(keys - set(table.column_names))
    for k in keys:
        if any(item.get(k) is not None for item in items):
            assert table.column(k).null_count < table.num_rows, k


def test_hunting_columns_against_a_server_that_never_answers(sandbox: Sandbox) -> None:
    # The worker thread waits on the body; the call's own timeout ends the wait, and nothing
    # is left hanging (a later run on the same client works).
    c = client(sandbox, timeout=0.2, max_retries=0)
    sandbox.inject("/v1.0/security/runHuntingQuery", delay=3600.0, count=1)
    with pytest.raises(mdekit.ServiceRequestError, match="timed out"):
        c.hunting.run("DeviceInfo | take 5", columns=True)
    assert len(c.hunting.run("DeviceInfo | take 5", columns=True).to_arrow()) == 5
