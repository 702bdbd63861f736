"""Export assessments, both flavours, sync and async, against the sandbox: JSON pagers, via-files
exports to rows / Arrow / Parquet, retries, expired SAS URLs, resume without duplicates, bounded
memory, and other engines (DuckDB, Spark) reading the Parquet dataset back.

Facts: mde-api-rest.md §5 (export matrix, JSON and via-files behaviour, casing, timestamps,
delta), §6 (device AV health via files).
"""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import mdekit
import pytest
from conftest import async_client, client, new_sandbox, raises
from mdekit import (
    BadRequestError,
    PermissionDeniedError,
    ResourceNotFoundError,
    ThrottledError,
)
from mdekit.testing import Sandbox

MACHINES = 30
PER_FILE = 50
# Rows per machine of each assessment in the sandbox.
PER_MACHINE = {
    "secure_configurations": 6,
    "software_inventory": 10,
    "non_cpe_software": 4,
    "software_vulnerabilities": 8,
    "browser_extensions": 3,
    "certificates": 3,
    "security_baselines": 5,
    "hardware_firmware": 3,
    "information_gathering": 1,
    "device_av_health": 1,
}
JSON_FLAVOUR = [n for n in PER_MACHINE if n not in ("information_gathering", "device_av_health")]
VULNS = MACHINES * PER_MACHINE["software_vulnerabilities"]


@pytest.fixture(scope="module")
def sb() -> Iterator[Sandbox]:
    sandbox = new_sandbox(machines=MACHINES, alerts=5, export_file_records=PER_FILE,
                          rate_limits=False)
    try:
        yield sandbox
    finally:
        sandbox.stop()


@pytest.fixture
def fresh(sb: Sandbox) -> Iterator[Sandbox]:
    sb.server.clear_faults()
    sb.clear_requests()
    yield sb
    sb.server.clear_faults()


def sig_of(url: str) -> str:
    return dict(p.split("=", 1) for p in urlparse(url).query.split("&"))["sig"]


# -- via files --------------------------------------------------------------------------------


def test_via_files_lists_the_urls_and_decodes_typed_columns(fresh: Sandbox) -> None:
    pa = pytest.importorskip("pyarrow")
    export = client(fresh).exports.software_vulnerabilities_via_files()
    assert isinstance(export, mdekit.Export)
    assert len(export.files) == len(export) == VULNS // PER_FILE + 1
    assert all(".json.gz?" in f and "sig=" in f for f in export.files)
    assert export.generated_time is not None and export.generated_time.tzinfo is not None
    assert export.expires is not None and export.expires > export.generated_time
    assert "sig" not in repr(export) and "?" not in repr(export)
    table = export.to_arrow()
    assert table.num_rows == VULNS
    schema = table.schema
    # The files are PascalCase (OSPlatform, CveId); the columns are camelCase.
    for name in ("id", "deviceId", "osPlatform", "cveId", "cvssScore", "rbacGroupId"):
        assert name in schema.names, name
    assert not any(n[0].isupper() for n in schema.names)
    assert schema.field("firstSeenTimestamp").type == pa.timestamp("us", tz="+00:00")
    assert schema.field("cvssScore").type == pa.float64()
    assert schema.field("rbacGroupId").type == pa.int64()
    assert schema.field("securityUpdateAvailable").type == pa.bool_()
    assert schema.field("diskPaths").type == pa.list_(pa.string())
    assert len(set(table.column("id").to_pylist())) == VULNS


def test_the_two_flavours_agree_on_rows_and_column_names(fresh: Sandbox) -> None:
    c = client(fresh)
    json_rows = c.exports.software_vulnerabilities(page_size=70).to_list()
    assert len(json_rows) == VULNS
    file_rows = list(c.exports.software_vulnerabilities_via_files())
    assert len(file_rows) == VULNS
    assert {r["id"] for r in json_rows} == {r["id"] for r in file_rows}
    assert set(json_rows[0]) == set(file_rows[0])
    # Both timestamp spellings reach the dicts as the service wrote them.
    assert "T" not in json_rows[0]["firstSeenTimestamp"]
    assert file_rows[0]["firstSeenTimestamp"].endswith("Z")
    # Four requests of up to 70 rows, links followed verbatim ($skiptoken).
    pages = [r for r in fresh.requests() if r["path"].endswith("SoftwareVulnerabilitiesByMachine")]
    assert len(pages) == 4
    assert all("skiptoken" in p["query"] for p in pages[1:])


@pytest.mark.parametrize("name", sorted(PER_MACHINE))
def test_every_assessment_via_files(fresh: Sandbox, name: str) -> None:
    pytest.importorskip("pyarrow")
    export = getattr(client(fresh).exports, f"{name}_via_files")()
    table = export.to_arrow()
    assert table.num_rows == MACHINES * PER_MACHINE[name]
    assert "deviceId" in table.schema.names


@pytest.mark.parametrize("name", JSON_FLAVOUR)
def test_every_assessment_as_json(fresh: Sandbox, name: str) -> None:
    rows = getattr(client(fresh).exports, name)().to_list()
    assert len(rows) == MACHINES * PER_MACHINE[name]
    # The browser-extension rows are PascalCase on the wire; every key is camelCase here.
    assert all(not k[0].isupper() for k in rows[0])


def test_the_static_lists(fresh: Sandbox) -> None:
    c = client(fresh)
    perms = c.exports.browser_extension_permissions(top=3).to_list()
    assert len(perms) == 3 and {"key", "permissionName", "description"} <= set(perms[0])
    profiles = c.exports.baseline_profiles(filter="status eq true").to_list()
    assert len(profiles) == 2
    configs = c.exports.baseline_configurations(filter="id eq '9.3.1'").to_list()
    assert [x["uniqueId"] for x in configs] == ["CIS_1.4.0-windows_server_2016_9.3.1"]
    with pytest.raises(ValueError):
        c.exports.baseline_profiles(filter="benchmark eq 'CIS'")


def test_the_delta(fresh: Sandbox) -> None:
    c = client(fresh)
    rows = c.exports.software_vulnerability_changes(since="7d").to_list()
    assert rows and all(r["status"] in ("New", "Fixed", "Updated") for r in rows)
    assert all("eventTimestamp" in r and "cveId" in r for r in rows)
    assert len(c.exports.software_vulnerability_changes(since="13d").to_list()) >= len(rows)
    for bad in ("15d", "2020-01-01T00:00:00Z", "soon", "-1d"):
        with pytest.raises(ValueError):
            c.exports.software_vulnerability_changes(since=bad)
    # The service's own 400 for the 14-day bound and a missing sinceTime.
    with raises(BadRequestError):
        c.request("GET", "/api/machines/SoftwareVulnerabilityChangesByMachine",
                  params={"sinceTime": "2020-01-01T00:00:00Z"})
    with raises(BadRequestError):
        c.request("GET", "/api/machines/SoftwareVulnerabilityChangesByMachine")


def test_arguments_are_checked_before_sending(fresh: Sandbox) -> None:
    c = client(fresh)
    with pytest.raises(ValueError, match="sas_valid_hours"):
        c.exports.software_vulnerabilities_via_files(sas_valid_hours=7)
    with pytest.raises(ValueError, match="page_size"):
        c.exports.software_vulnerabilities(page_size=200_001)
    assert c.exports.certificates_via_files(sas_valid_hours=24).files
    with raises(BadRequestError):
        c.request("GET", "/api/machines/SoftwareVulnerabilitiesExport",
                  params={"sasValidHours": 30})


# -- async --------------------------------------------------------------------------------------


async def test_async_both_flavours(fresh: Sandbox) -> None:
    pytest.importorskip("pyarrow")
    ac = async_client(fresh)
    export = await ac.exports.software_vulnerabilities_via_files(sas_valid_hours=2)
    assert isinstance(export, mdekit.Export)
    rows = [r async for r in export]
    assert len(rows) == VULNS
    table = await export.ato_arrow()
    assert table.num_rows == VULNS
    batches = [b async for b in export.aiter_batches(batch_rows=64)]
    assert sum(b.num_rows for b in batches) == VULNS
    assert max(b.num_rows for b in batches) <= 64
    json_rows = [r async for r in ac.exports.software_inventory(page_size=100)]
    assert len(json_rows) == MACHINES * PER_MACHINE["software_inventory"]
    changes = await ac.exports.software_vulnerability_changes(since="3d").to_list()
    assert all(r["status"] in ("New", "Fixed", "Updated") for r in changes)


@pytest.fixture
def own() -> Iterator[Sandbox]:
    """A sandbox of its own, for tests that move its clock."""
    sandbox = new_sandbox(machines=5, alerts=1, rate_limits=False)
    try:
        yield sandbox
    finally:
        sandbox.stop()


async def test_async_to_parquet_and_expiry(own: Sandbox, tmp_path: Path) -> None:
    pytest.importorskip("pyarrow")
    ac = async_client(own)
    export = await ac.exports.software_inventory_via_files()
    out = await export.ato_parquet(tmp_path / "inv")
    assert out["rows"] == 5 * PER_MACHINE["software_inventory"]
    own.advance(2 * 3600)
    with raises(PermissionDeniedError, match="call the export again"):
        await export.ato_arrow()


# -- Parquet, resume, retries, expiry -----------------------------------------------------------


def test_to_parquet_reads_back_in_duckdb(fresh: Sandbox, tmp_path: Path) -> None:
    pytest.importorskip("pyarrow")
    duckdb = pytest.importorskip("duckdb")
    export = client(fresh).exports.software_vulnerabilities_via_files()
    out = export.to_parquet(tmp_path / "vulns")
    assert out == {"path": str(tmp_path / "vulns"), "files": len(export.files),
                   "written": len(export.files), "skipped": 0, "rows": VULNS}
    parts = sorted(p.name for p in (tmp_path / "vulns").glob("*.parquet"))
    assert len(parts) == len(export.files) and parts[0].startswith("part-00000-")
    manifest = json.loads((tmp_path / "vulns" / mdekit.exports.MANIFEST).read_text())
    assert sum(manifest["parts"].values()) == VULNS
    glob = f"{tmp_path / 'vulns'}/*.parquet"
    con = duckdb.connect()
    n, ids = con.sql(f"select count(*), count(distinct id) from read_parquet('{glob}')").fetchall()[0]
    assert (n, ids) == (VULNS, VULNS)
    described = con.sql(f"describe select * from read_parquet('{glob}')").fetchall()
    types = {r[0]: r[1] for r in described}
    assert types["firstSeenTimestamp"] == "TIMESTAMP WITH TIME ZONE"
    assert types["cvssScore"] == "DOUBLE"
    assert types["diskPaths"] == "VARCHAR[]"
    assert types["securityUpdateAvailable"] == "BOOLEAN"
    # A single file works too.
    single = export.to_parquet(tmp_path / "all.parquet")
    assert single["rows"] == VULNS
    assert con.sql(f"select count(*) from '{tmp_path / 'all.parquet'}'").fetchall()[0] == (VULNS,)


def test_a_failed_file_resumes_without_duplicates(fresh: Sandbox, tmp_path: Path) -> None:
    pytest.importorskip("pyarrow")
    duckdb = pytest.importorskip("duckdb")
    c = client(fresh, max_retries=0)
    export = c.exports.software_vulnerabilities_via_files()
    third = urlparse(export.files[2]).path
    fresh.inject(third, status=404, code="BlobNotFound")
    with raises(ResourceNotFoundError):
        export.to_parquet(tmp_path / "ds", concurrency=1)
    done = json.loads((tmp_path / "ds" / mdekit.exports.MANIFEST).read_text())["parts"]
    assert 2 <= len(done) < len(export.files)
    assert not list((tmp_path / "ds").glob(".*partial"))
    # The URLs expire; a fresh call of the same snapshot resumes into the same folder.
    again = c.exports.software_vulnerabilities_via_files()
    assert again.files != export.files
    out = again.to_parquet(tmp_path / "ds")
    assert out["skipped"] == len(done) and out["written"] == len(export.files) - len(done)
    assert again.to_parquet(tmp_path / "ds")["written"] == 0
    glob = f"{tmp_path / 'ds'}/*.parquet"
    n, ids = duckdb.sql(f"select count(*), count(distinct id) from '{glob}'").fetchall()[0]
    assert (n, ids) == (VULNS, VULNS)


def test_another_snapshot_is_not_mixed_in(fresh: Sandbox, tmp_path: Path) -> None:
    pytest.importorskip("pyarrow")
    c = client(fresh)
    c.exports.hardware_firmware_via_files().to_parquet(tmp_path / "ds")
    other = c.exports.certificates_via_files()
    with pytest.raises(ValueError, match="another folder or pass overwrite=True"):
        other.to_parquet(tmp_path / "ds")
    assert other.to_parquet(tmp_path / "ds", overwrite=True)["rows"] == MACHINES * 3


def test_downloads_retry_without_a_bearer_token(fresh: Sandbox) -> None:
    pytest.importorskip("pyarrow")
    c = client(fresh)
    export = c.exports.non_cpe_software_via_files()
    fresh.clear_requests()
    fresh.inject("/tvm-export", status=503, count=2)
    fresh.inject("/tvm-export", drop=True, count=1)
    assert export.to_arrow().num_rows == MACHINES * PER_MACHINE["non_cpe_software"]
    blobs = [r for r in fresh.requests() if r["path"].startswith("/tvm-export")]
    assert len(blobs) == len(export.files) + 3
    # No token request was needed for the downloads, and no bearer went to storage (the
    # sandbox's blob route would ignore it; the core sends none: AuthMode::None).
    assert not [r for r in fresh.requests() if "/oauth2/" in r["path"]]


def test_throttled_and_forbidden(fresh: Sandbox) -> None:
    c = client(fresh, max_retries=0)
    fresh.inject("/api/machines/SoftwareInventoryExport", status=429, retry_after="30")
    with raises(ThrottledError):
        c.exports.software_inventory_via_files()
    export = c.exports.software_inventory_via_files()
    fresh.inject("/tvm-export", status=403, code="AuthenticationFailed")
    with raises(PermissionDeniedError, match="call the export again"):
        list(export)


def test_an_expired_sas_says_to_call_again_and_never_shows_the_signature(
        own: Sandbox, caplog: pytest.LogCaptureFixture) -> None:
    pytest.importorskip("pyarrow")
    c = client(own)
    export = c.exports.security_baselines_via_files(sas_valid_hours=1)
    own.advance(3 * 3600)
    with caplog.at_level(logging.DEBUG), raises(PermissionDeniedError) as info:
        mdekit.refresh_logging()
        export.to_arrow()
    mdekit.refresh_logging()
    err = info.value
    assert err.status_code == 403 and err.code == "AuthenticationFailed"
    assert "expired" in str(err) and "call the export again" in str(err)
    sigs = {sig_of(f) for f in export.files}
    texts = [str(err), repr(err), *(r.getMessage() for r in caplog.records)]
    assert not [t for t in texts for s in sigs if s in t]
    # The core's debug lines name the storage requests, without their query.
    assert any("tvm-export" in r.getMessage() for r in caplog.records)


# -- bounded memory -----------------------------------------------------------------------------

PEAK = textwrap.dedent("""
    import sys, tempfile
    from mdekit.testing import Sandbox
    def status(key):
        for line in open("/proc/self/status"):
            if line.startswith(key + ":"):
                return int(line.split()[1])
    records, mode = int(sys.argv[1]), sys.argv[2]
    with Sandbox(machines=50, alerts=1, export_records=records, export_file_records=10_000,
                 rate_limits=False) as sb:
        export = sb.client().exports.software_vulnerabilities_via_files()
        with tempfile.TemporaryDirectory() as d:
            # The peak (VmHWM) reset to the current size: this export's peak alone (a child's
            # ru_maxrss would start at its parent's).
            with open("/proc/self/clear_refs", "w") as f:
                f.write("5")
            base = status("VmRSS")
            if mode == "parquet":
                rows = export.to_parquet(d, concurrency=2, batch_rows=4096)["rows"]
            else:
                rows = export.to_arrow(concurrency=2).num_rows
            peak = status("VmHWM")
    print(rows, base, peak)
""")


def _peak(records: int, mode: str) -> tuple[int, int]:
    # glibc's dynamic mmap threshold keeps some freed batch memory in the process (it levels
    # off; benches/README.md); a fixed threshold measures what mdekit itself holds.
    env = {**os.environ, "MALLOC_MMAP_THRESHOLD_": "131072"}
    out = subprocess.run([sys.executable, "-c", PEAK, str(records), mode], capture_output=True,
                         text=True, timeout=600, check=True, env=env)
    rows, base, peak = map(int, out.stdout.split())
    assert rows == records
    return base, peak


def test_to_parquet_memory_does_not_grow_with_the_export() -> None:
    """Peak RSS growth (KiB) of writing 20,000 vs 200,000 records (2 vs 20 files of 10,000):
    the Parquet path stays within 40 MiB of the small run's, while to_arrow grows with the
    export, which shows the measurement can see growth. Linux (/proc/self/clear_refs)."""
    pytest.importorskip("pyarrow")
    if not os.access("/proc/self/clear_refs", os.W_OK):
        pytest.skip("needs Linux's /proc/self/clear_refs to reset the peak")
    base_small, small = _peak(20_000, "parquet")
    base_big, big = _peak(200_000, "parquet")
    grew = (big - base_big) - (small - base_small)
    # Measured: about 122 and 142 MiB (the in-process sandbox writing its spool included);
    # to_arrow 95 and 201 MiB.
    assert grew < 40 * 1024, (small - base_small, big - base_big)
    _, arrow_small = _peak(20_000, "arrow")
    _, arrow_big = _peak(200_000, "arrow")
    assert arrow_big - arrow_small > grew + 40 * 1024, (arrow_small, arrow_big, grew)


# -- other engines ------------------------------------------------------------------------------


def test_spark_reads_the_dataset(fresh: Sandbox, tmp_path: Path) -> None:
    pytest.importorskip("pyarrow")
    pyspark = pytest.importorskip("pyspark")
    if not os.environ.get("JAVA_HOME") and subprocess.run(
            ["which", "java"], capture_output=True, check=False).returncode:
        pytest.skip("Spark needs Java")
    export = client(fresh).exports.software_vulnerabilities_via_files()
    export.to_parquet(tmp_path / "vulns")
    spark = (pyspark.sql.SparkSession.builder.master("local[1]").appName("mdekit-test")
             .config("spark.ui.enabled", "false").getOrCreate())
    try:
        df = spark.read.parquet(str(tmp_path / "vulns"))
        assert df.count() == VULNS
        assert df.select("id").distinct().count() == VULNS
        types = dict(df.dtypes)
        assert types["firstSeenTimestamp"] == "timestamp"
        assert types["cvssScore"] == "double"
        assert types["diskPaths"] == "array<string>"
    finally:
        spark.stop()


# -- the command line ---------------------------------------------------------------------------


def test_cli_export_writes_a_dataset_duckdb_and_polars_read(tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch,
                                                            capsys: Any) -> None:
    pytest.importorskip("pyarrow")
    duckdb = pytest.importorskip("duckdb")
    pl = pytest.importorskip("polars")
    from mdekit.cli import main

    monkeypatch.chdir(tmp_path)
    code = main(["--sandbox", "export", "software-vulnerabilities", "--via-files",
                 "--to", str(tmp_path / "vulns")])
    assert code == 0, capsys.readouterr()
    rows = 500 * PER_MACHINE["software_vulnerabilities"]
    glob = f"{tmp_path / 'vulns'}/*.parquet"
    assert duckdb.sql(f"select count(*) from '{glob}'").fetchall()[0] == (rows,)
    assert pl.scan_parquet(glob).select(pl.len()).collect().item() == rows
    # JSON flavour to CSV, and the delta.
    assert main(["--sandbox", "export", "software-inventory", "--to",
                 str(tmp_path / "inv.csv")]) == 0
    lines = (tmp_path / "inv.csv").read_text().splitlines()
    assert len(lines) == 500 * PER_MACHINE["software_inventory"] + 1
    assert lines[0].startswith("deviceId,")
    assert main(["--sandbox", "export", "software-vulnerability-changes", "--since", "7d",
                 "--to", str(tmp_path / "delta.parquet")]) == 0
    assert duckdb.sql(f"select count(*) from '{tmp_path / 'delta.parquet'}'").fetchall()[0][0] > 0
    assert main(["--sandbox", "export", "software-vulnerabilities", "--since", "20d",
                 "--to", str(tmp_path / "x.parquet")]) == 2
