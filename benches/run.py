"""mdekit benchmarks against the tools people use today, measured in the same run.

Run with ``bash benches/run.sh`` (it installs the baselines of the ``bench`` extra). Every
comparison runs over loopback against the embedded sandbox, on the same data, and prints times
as the best of ``--repeat`` runs plus ratios against the baseline of the same run.

1. A 100,000-row hunting result to Python rows: json.loads, orjson.loads, mdekit ``.rows``.
2. The same result to a pandas DataFrame: json.loads + pandas.json_normalize + datetime fix-up
   (msticpy's way) vs mdekit ``.to_pandas()``.
3. Paging 50,000 alerts: httpx + json following nextLink vs mdekit's sync and async pagers;
   3b. the same alerts into typed columns (to_arrow, to_polars, to_pandas) vs the dicts.
4. Per-call overhead of a small GET: httpx vs mdekit, sync and async.
5. ``import mdekit`` time, and peak memory of benchmarks 1 and 2 against their baselines.
6. A 1,000,000-record software-vulnerabilities export via files, from its SAS URLs to a Parquet
   dataset: urllib + gzip + json + pyarrow vs mdekit ``Export.to_parquet``; time and peak memory.
8. Graph hunting against msgraph-sdk's ``run_hunting_query`` (HTTPS, azure-identity).
9. Quota-bound jobs on an accelerated time scale (``benches/quota.py``): a bulk action over
   1,000 machines, a 5,000-call read job, 20 tenants reading and hunting through
   ``mdekit.Tenants``, with the client's limiter and without it; elapsed time against the
   documented bound, and the 429s.

Benchmark 7 (hunting and paging across a rate-limited link, as root) is ``benches/wan.py``.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import os
import platform
import subprocess
import sys
import time
from collections.abc import Callable
from typing import Any

HERE = os.path.dirname(os.path.abspath(__file__))

# The 12 columns of the hunting benchmark: timestamps, ids, paths, command lines, integers and a
# dynamic column, as analysts typically project them.
COLUMNS = (
    "Timestamp, DeviceId, DeviceName, FileName, FolderPath, SHA1, SHA256, ProcessCommandLine, "
    "ProcessId, FileSize, AccountName, InitiatingProcessCreationTime, AdditionalFields"
)


def best(fn: Callable[[], Any], repeat: int) -> float:
    """Best wall time of ``repeat`` calls, in milliseconds. The result of each call is dropped
    before the next one starts (outside the timed region)."""
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = fn()
        times.append((time.perf_counter() - t0) * 1000)
        del out
        gc.collect()
    return min(times)


def table(title: str, rows: list[tuple[str, float]], unit: str = "ms", base: int = 0,
          speedup: bool = False) -> None:
    """Prints one comparison. The ratio column is each value over the baseline row (``base``),
    or with ``speedup`` the baseline's time over each row's (how many times faster)."""
    print(f"\n## {title}")
    ref = rows[base][1]
    width = max(len(r[0]) for r in rows)
    label = "x faster" if speedup else "x of base"
    for name, value in rows:
        if ref and value:
            ratio = ref / value if speedup else value / ref
            shown = f"{ratio:6.2f} {label}"
        else:
            shown = "     - "
        print(f"  {name:<{width}}  {value:>10.1f} {unit:<4} {shown}")


class Env:
    """A sandbox plus the raw-HTTP pieces the baselines need (token, URLs)."""

    def __init__(self, machines: int, alerts: int) -> None:
        from mdekit.testing import Sandbox

        # No quotas (neither the sandbox's nor the client's, which httpx does not have) and no
        # result-size cap: the benchmarks measure speed, not limits.
        self.sb = Sandbox(machines=machines, alerts=alerts, rate_limits=False,
                          hunting_limits={"max_result_bytes": 1e12}).start()
        self.client = self.sb.client(max_retries=0, rate_limit=False)
        self._tokens: dict[str, str] = {}

    def token(self, scope: str) -> str:
        import httpx

        if scope not in self._tokens:
            r = httpx.post(
                f"{self.sb.base_url}/{self.sb.tenant_id}/oauth2/v2.0/token",
                data={
                    "grant_type": "client_credentials",
                    "client_id": self.sb.client_id,
                    "client_secret": self.sb.client_secret,
                    "scope": scope,
                },
            )
            r.raise_for_status()
            self._tokens[scope] = r.json()["access_token"]
        return self._tokens[scope]

    def graph_headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token('https://graph.microsoft.com/.default')}"}

    def mde_headers(self) -> dict[str, str]:
        scope = "https://api.securitycenter.microsoft.com/.default"
        return {"Authorization": f"Bearer {self.token(scope)}"}

    def hunting_bytes(self, query: str) -> bytes:
        import httpx

        r = httpx.post(f"{self.sb.base_url}/v1.0/security/runHuntingQuery",
                       json={"Query": query}, headers=self.graph_headers(), timeout=600)
        r.raise_for_status()
        return r.content

    def close(self) -> None:
        self.client.close()
        self.sb.stop()


def bench_rows(env: Env, body: bytes, query: str, repeat: int) -> dict[str, float]:
    """Benchmark 1: the response bytes to a list of row dicts."""
    import orjson
    from mdekit import HuntingResult

    expected = json.loads(body)["results"]
    assert HuntingResult.from_bytes(body).rows == expected
    out = {
        "json.loads": best(lambda: json.loads(body)["results"], repeat),
        "orjson.loads": best(lambda: orjson.loads(body)["results"], repeat),
        "mdekit .rows": best(lambda: HuntingResult.from_bytes(body).rows, repeat),
    }
    table("1. hunting result -> Python rows (conversion; GC at Python's defaults)",
          list(out.items()), base=1)
    import httpx

    def httpx_orjson() -> Any:
        r = httpx.post(f"{env.sb.base_url}/v1.0/security/runHuntingQuery",
                       json={"Query": query}, headers=env.graph_headers(), timeout=600)
        return orjson.loads(r.content)["results"]

    e2e = {
        "httpx + orjson": best(httpx_orjson, repeat),
        "mdekit run().rows": best(lambda: env.client.hunting.run(query).rows, repeat),
    }
    table("1b. the same end to end over loopback (request, sandbox query, conversion)",
          list(e2e.items()))
    return out


def json_normalize_frame(body: bytes) -> Any:
    """msticpy's way: json.loads, pandas.json_normalize, then the schema's DateTime columns
    through pandas.to_datetime."""
    import pandas as pd

    data = json.loads(body)
    df = pd.json_normalize(data["results"], max_level=0)
    for col in data["schema"]:
        if col["type"] == "DateTime" and col["name"] in df.columns:
            df[col["name"]] = pd.to_datetime(df[col["name"]], utc=True, format="ISO8601")
    return df


def bench_pandas(body: bytes, repeat: int) -> dict[str, float]:
    """Benchmark 2: the response bytes to a typed pandas DataFrame."""
    from mdekit import HuntingResult

    ours = HuntingResult.from_bytes(body).to_pandas()
    theirs = json_normalize_frame(body)
    assert len(ours) == len(theirs)
    assert str(ours["Timestamp"].dtype) == "datetime64[ns, UTC]"
    assert str(ours["ProcessId"].dtype) == "Int64"
    assert (ours["Timestamp"] == theirs["Timestamp"]).all()
    out = {
        "json.loads + json_normalize + to_datetime": best(
            lambda: json_normalize_frame(body), repeat),
        "mdekit .to_pandas()": best(lambda: HuntingResult.from_bytes(body).to_pandas(), repeat),
        "mdekit .to_arrow()": best(lambda: HuntingResult.from_bytes(body).to_arrow(), repeat),
        "mdekit .to_polars()": best(lambda: HuntingResult.from_bytes(body).to_polars(), repeat),
    }
    table("2. hunting result -> typed DataFrame (target: to_pandas at least 5x faster)",
          list(out.items()), base=0, speedup=True)
    return out


def bench_pandas_e2e(env: Env, query: str, repeat: int) -> dict[str, float]:
    """Benchmark 2b: request, sandbox query, download and DataFrame, over loopback."""
    import httpx

    def httpx_frame() -> Any:
        r = httpx.post(f"{env.sb.base_url}/v1.0/security/runHuntingQuery",
                       json={"Query": query}, headers=env.graph_headers(), timeout=600)
        return json_normalize_frame(r.content)

    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the row cap warning: the query takes exactly the cap
        out = {
            "httpx + json + json_normalize + to_datetime": best(httpx_frame, repeat),
            "mdekit run().to_pandas()": best(
                lambda: env.client.hunting.run(query).to_pandas(), repeat),
            "mdekit run(columns=True).to_pandas() (converted while it downloads)": best(
                lambda: env.client.hunting.run(query, columns=True).to_pandas(), repeat),
        }
    table("2b. the same end to end over loopback", list(out.items()), speedup=True)
    return out


def bench_paging(env: Env, repeat: int, expected: int) -> dict[str, float]:
    """Benchmark 3: every alert, following @odata.nextLink."""
    import httpx

    url = f"{env.sb.base_url}/api/alerts"
    headers = env.mde_headers()

    def httpx_loop() -> int:
        n, next_url = 0, url
        with httpx.Client(headers=headers, timeout=600) as http:
            while next_url:
                page = json.loads(http.get(next_url).content)
                n += len(page["value"])
                next_url = page.get("@odata.nextLink")
        return n

    def requests_loop() -> int:
        # msticpy's way for entity lists: a requests.Session, .json() per page.
        import requests

        n, next_url = 0, url
        with requests.Session() as http:
            http.headers.update(headers)
            while next_url:
                page = http.get(next_url, timeout=600).json()
                n += len(page["value"])
                next_url = page.get("@odata.nextLink")
        return n

    def sync_pager() -> int:
        return sum(1 for _ in env.client.alerts.list())

    def async_pager() -> int:
        async def go() -> int:
            async with env.sb.async_client(max_retries=0, rate_limit=False) as c:
                n = 0
                async for _ in c.alerts.list():
                    n += 1
                return n

        return asyncio.run(go())

    for fn in (httpx_loop, requests_loop, sync_pager, async_pager):
        assert fn() == expected, fn.__name__
    times = {
        "httpx + json loop": best(httpx_loop, repeat),
        "requests loop (msticpy's way)": best(requests_loop, repeat),
        "mdekit sync pager": best(sync_pager, repeat),
        "mdekit async pager": best(async_pager, repeat),
    }
    rows = [(f"{k} ({expected / (v / 1000):,.0f} items/s)", v) for k, v in times.items()]
    table(f"3. paging {expected:,} alerts (target: mdekit at least 1.5x the loop's throughput)",
          rows, speedup=True)
    return times


def bench_columns(env: Env, repeat: int, expected: int) -> dict[str, float]:
    """Benchmark 3b: every alert into columns. The baselines parse each page with json and build
    the table from the dicts (pyarrow's ``Table.from_pylist``, pandas' ``json_normalize``);
    mdekit builds the Alert entity's typed columns from the page bytes in one pass."""
    import httpx
    import pandas as pd
    import pyarrow as pa

    url = f"{env.sb.base_url}/api/alerts"
    headers = env.mde_headers()

    def httpx_items() -> list[dict[str, Any]]:
        items: list[dict[str, Any]] = []
        next_url: str | None = url
        with httpx.Client(headers=headers, timeout=600) as http:
            while next_url:
                page = json.loads(http.get(next_url).content)
                items.extend(page["value"])
                next_url = page.get("@odata.nextLink")
        return items

    def baseline_arrow() -> Any:
        return pa.Table.from_pylist(httpx_items())

    def baseline_pandas() -> Any:
        return pd.json_normalize(httpx_items())

    checks = {
        "dicts": lambda: len(env.client.alerts.list().to_list()),
        "arrow": lambda: env.client.alerts.list().to_arrow().num_rows,
        "baseline": lambda: baseline_arrow().num_rows,
    }
    for name, fn in checks.items():
        assert fn() == expected, name
    times = {
        "mdekit .to_list() (dicts, the reference)": best(
            lambda: env.client.alerts.list().to_list(), repeat),
        "mdekit .to_arrow() (typed by the Alert entity)": best(
            lambda: env.client.alerts.list().to_arrow(), repeat),
        "mdekit .to_polars()": best(lambda: env.client.alerts.list().to_polars(), repeat),
        "mdekit .to_pandas()": best(lambda: env.client.alerts.list().to_pandas(), repeat),
        "httpx + json + pa.Table.from_pylist": best(baseline_arrow, repeat),
        "httpx + json + pd.json_normalize": best(baseline_pandas, repeat),
    }
    table(f"3b. {expected:,} alerts into columns (target: .to_arrow() at most 1.0x the dicts)",
          list(times.items()))
    return times


def bench_small_get(env: Env, calls: int) -> dict[str, float]:
    """Benchmark 4: per-call time of a small GET (one alert), sync and async."""
    import httpx

    alert_id = env.client.alerts.list(top=1).to_list()[0]["id"]
    url = f"{env.sb.base_url}/api/alerts/{alert_id}"
    headers = env.mde_headers()
    env.client.alerts.get(alert_id)

    def per_call(fn: Callable[[], Any]) -> float:
        fn()
        t0 = time.perf_counter()
        for _ in range(calls):
            fn()
        return (time.perf_counter() - t0) / calls * 1e6

    with httpx.Client(headers=headers) as http:
        sync_httpx = min(per_call(lambda: json.loads(http.get(url).content)) for _ in range(3))
    sync_ours = min(per_call(lambda: env.client.alerts.get(alert_id)) for _ in range(3))

    async def async_times() -> tuple[float, float]:
        async with httpx.AsyncClient(headers=headers) as http, \
                env.sb.async_client(max_retries=0, rate_limit=False) as c:
            async def run(fn: Callable[[], Any]) -> float:
                await fn()
                t0 = time.perf_counter()
                for _ in range(calls):
                    await fn()
                return (time.perf_counter() - t0) / calls * 1e6

            async def theirs() -> Any:
                return json.loads((await http.get(url)).content)

            async def ours() -> Any:
                return await c.alerts.get(alert_id)

            return (min([await run(theirs) for _ in range(3)]),
                    min([await run(ours) for _ in range(3)]))

    async_httpx, async_ours = asyncio.run(async_times())
    table("4a. small GET, sync (per call; target: mdekit no slower)",
          [("httpx.Client + json", sync_httpx), ("mdekit DefenderClient", sync_ours)], unit="us")
    table("4b. small GET, async (per call; target: mdekit no slower)",
          [("httpx.AsyncClient + json", async_httpx), ("mdekit aio.DefenderClient", async_ours)],
          unit="us")
    return {"httpx sync": sync_httpx, "mdekit sync": sync_ours,
            "httpx async": async_httpx, "mdekit async": async_ours}


IMPORT_SNIPPET = "import time; t = time.perf_counter(); import {m}; print(time.perf_counter() - t)"


def bench_msgraph(rows: int, repeat: int) -> dict[str, float]:
    """Benchmark 8: Graph hunting with the client people would pick instead: msgraph-sdk's
    ``run_hunting_query`` (kiota over httpx, an azure-identity credential) against mdekit, both
    over HTTPS to one sandbox (msgraph-sdk refuses plain HTTP)."""
    from azure.identity.aio import ClientSecretCredential
    from mdekit.testing import Sandbox
    from msgraph import GraphServiceClient
    from msgraph.generated.security.microsoft_graph_security_run_hunting_query.run_hunting_query_post_request_body import (
        RunHuntingQueryPostRequestBody,
    )

    sb = Sandbox(machines=max(1, -(-rows // 6)), alerts=10, rate_limits=False, https=True,
                 hunting_limits={"max_result_bytes": 1e12}).start()
    query = f"DeviceProcessEvents | project {COLUMNS} | take {rows}"
    saved = {k: os.environ.get(k) for k in ("SSL_CERT_FILE", "REQUESTS_CA_BUNDLE")}
    # kiota's httpx and azure-identity's transport trust the sandbox's CA through these.
    os.environ["SSL_CERT_FILE"] = os.environ["REQUESTS_CA_BUNDLE"] = str(sb.ca_cert_path)
    try:
        async def sdk_rows() -> list[dict[str, Any]]:
            cred = ClientSecretCredential(sb.tenant_id, sb.client_id, sb.client_secret,
                                          authority=sb.base_url.removeprefix("https://"),
                                          disable_instance_discovery=True)
            try:
                graph = GraphServiceClient(credentials=cred,
                                           scopes=["https://graph.microsoft.com/.default"])
                graph.request_adapter.base_url = f"{sb.base_url}/v1.0"
                body = RunHuntingQueryPostRequestBody(query=query)
                result = await graph.security.microsoft_graph_security_run_hunting_query.post(body)
                return [r.additional_data for r in (result.results or [])]
            finally:
                await cred.close()

        client = sb.client(max_retries=0, rate_limit=False)
        theirs = asyncio.run(sdk_rows())
        ours = client.hunting.run(query).rows
        assert len(theirs) == len(ours) == rows, (len(theirs), len(ours))
        out = {
            "msgraph-sdk run_hunting_query (rows as dicts)":
                best(lambda: asyncio.run(sdk_rows()), repeat),
            "mdekit hunting.run().rows": best(lambda: client.hunting.run(query).rows, repeat),
        }
        table(f"8. Graph hunting, {rows:,} rows, against msgraph-sdk (HTTPS, same sandbox)",
              list(out.items()), speedup=True)
        client.close()
        return out
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
        sb.stop()


def bench_import(repeat: int) -> dict[str, float]:
    """Benchmark 5a: import time in a fresh interpreter."""
    out = {}
    for module in ("mdekit", "httpx", "pandas"):
        times = []
        for _ in range(repeat):
            res = subprocess.run([sys.executable, "-c", IMPORT_SNIPPET.format(m=module)],
                                 capture_output=True, text=True, check=True)
            times.append(float(res.stdout) * 1000)
        out[f"import {module}"] = min(times)
    table("5a. import time, fresh interpreter (target: import mdekit under 100 ms)",
          list(out.items()))
    return out


MEMORY_SNIPPET = """
import json, sys
body = open(sys.argv[1], "rb").read()
method = sys.argv[2]
import orjson, pandas, pyarrow, mdekit
from mdekit import HuntingResult
sys.path.insert(0, sys.argv[3])
from run import json_normalize_frame
def status(key):
    for line in open("/proc/self/status"):
        if line.startswith(key + ":"):
            return int(line.split()[1])
    raise SystemExit(key + " not in /proc/self/status")
# Reset the peak (VmHWM) to the current size, so the peak below is this conversion's alone.
with open("/proc/self/clear_refs", "w") as f:
    f.write("5")
before = status("VmRSS")
if method == "json.loads":
    out = json.loads(body)["results"]
elif method == "orjson.loads":
    out = orjson.loads(body)["results"]
elif method == "mdekit .rows":
    out = HuntingResult.from_bytes(body).rows
elif method == "json_normalize":
    out = json_normalize_frame(body)
elif method == "mdekit .to_pandas()":
    out = HuntingResult.from_bytes(body).to_pandas()
print((status("VmHWM") - before) / 1024)
"""


def bench_memory(body: bytes) -> dict[str, float]:
    """Benchmark 5b: peak memory growth of one conversion, each in a fresh interpreter (Linux:
    the peak is reset through /proc/self/clear_refs just before the conversion)."""
    import tempfile

    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as f:
        f.write(body)
        path = f.name
    try:
        out = {}
        for method in ("json.loads", "orjson.loads", "mdekit .rows", "json_normalize",
                       "mdekit .to_pandas()"):
            res = subprocess.run([sys.executable, "-c", MEMORY_SNIPPET, path, method, HERE],
                                 capture_output=True, text=True, check=True)
            out[method] = float(res.stdout)
    finally:
        os.unlink(path)
    table("5b. peak memory growth of benchmark 1 (base: orjson)",
          [(k, out[k]) for k in ("json.loads", "orjson.loads", "mdekit .rows")],
          unit="MiB", base=1)
    table("5c. peak memory growth of benchmark 2 (base: json_normalize)",
          [(k, out[k]) for k in ("json_normalize", "mdekit .to_pandas()")], unit="MiB")
    return out


EXPORT_SNIPPET = r"""
import json, os, sys, tempfile, time, gzip, urllib.request
import pyarrow as pa, pyarrow.parquet as pq
method, conf = sys.argv[1], json.loads(sys.argv[2])
def status(key):
    for line in open("/proc/self/status"):
        if line.startswith(key + ":"):
            return int(line.split()[1])
    raise SystemExit(key + " not in /proc/self/status")
if method == "mdekit":
    import mdekit
    client = mdekit.DefenderClient(tenant_id=conf["tenant"], client_id=conf["client_id"],
                                   client_secret=conf["secret"], authority_host=conf["base"],
                                   api_base_url=conf["base"], graph_base_url=conf["base"],
                                   max_retries=0, rate_limit=False)
    export = client.exports.software_vulnerabilities_via_files()
    urls = export.files
else:
    urls = conf["urls"]
out = tempfile.mkdtemp()
with open("/proc/self/clear_refs", "w") as f:
    f.write("5")
before = status("VmRSS")
t0 = time.perf_counter()
rows = 0
if method == "mdekit":
    rows = export.to_parquet(out, concurrency=conf["concurrency"], progress=False)["rows"]
else:
    # The plain loop: download, decompress, parse each line, one Parquet part per file.
    for i, url in enumerate(urls):
        with urllib.request.urlopen(url) as r:
            data = gzip.decompress(r.read())
        batch = [json.loads(line) for line in data.splitlines() if line]
        del data
        pq.write_table(pa.Table.from_pylist(batch), os.path.join(out, f"part-{i:05}.parquet"))
        rows += len(batch)
        del batch
elapsed = time.perf_counter() - t0
print(json.dumps({"ms": elapsed * 1000, "peak_mib": (status("VmHWM") - before) / 1024,
                  "rows": rows}))
"""


def bench_exports(records: int, repeat: int) -> dict[str, float]:
    """Benchmark 6: a via-files export from its SAS URLs to a Parquet dataset, each method in a
    fresh interpreter against one sandbox (this process), files already generated (the
    sandbox writes each file once, on first download); also at a tenth of the size to show
    that mdekit's peak does not follow the export's size."""
    import urllib.request

    from mdekit.testing import Sandbox

    out: dict[str, float] = {}
    for n in (records // 10, records):
        with Sandbox(machines=500, alerts=1, rate_limits=False, export_records=n) as sb:
            export = sb.client(rate_limit=False).exports.software_vulnerabilities_via_files()
            for url in export.files:  # warm the sandbox's spool
                with urllib.request.urlopen(url) as r:
                    r.read()
            conf = {"tenant": sb.tenant_id, "client_id": sb.client_id,
                    "secret": sb.client_secret, "base": sb.base_url, "urls": export.files,
                    "concurrency": 2}
            for method in ("python loop", "mdekit"):
                runs = []
                for _ in range(max(1, min(repeat, 3))):
                    res = subprocess.run([sys.executable, "-c", EXPORT_SNIPPET, method,
                                          json.dumps(conf)],
                                         capture_output=True, text=True, check=True)
                    runs.append(json.loads(res.stdout))
                    assert runs[-1]["rows"] == n, runs[-1]
                out[f"{method} {n}"] = min(r["ms"] for r in runs)
                out[f"{method} {n} MiB"] = max(r["peak_mib"] for r in runs)
    big, small = records, records // 10
    table(f"6a. via-files export of {big:,} records -> Parquet dataset (target: mdekit 3x faster)",
          [(f"urllib + gzip + json + pyarrow ({big // 50_000} files)", out[f"python loop {big}"]),
           ("mdekit Export.to_parquet (concurrency 2)", out[f"mdekit {big}"])], speedup=True)
    table("6b. peak memory growth of 6a, and at a tenth of the size (base: the loop, full size)",
          [(f"python loop, {big:,}", out[f"python loop {big} MiB"]),
           (f"python loop, {small:,}", out[f"python loop {small} MiB"]),
           (f"mdekit, {big:,}", out[f"mdekit {big} MiB"]),
           (f"mdekit, {small:,}", out[f"mdekit {small} MiB"])], unit="MiB")
    return out


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    return (f"{cpu}, {os.cpu_count()} cores, {platform.system()} {platform.release()}, "
            f"Python {platform.python_version()}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--only", default="1,2,3,4,5,6,8,9", help="comma-separated benchmark numbers")
    ap.add_argument("--repeat", type=int, default=5, help="runs per measurement (best is kept)")
    ap.add_argument("--rows", type=int, default=100_000, help="rows of the hunting result")
    ap.add_argument("--alerts", type=int, default=50_000, help="alerts to page through")
    ap.add_argument("--calls", type=int, default=300, help="small GETs per measurement")
    ap.add_argument("--export-records", type=int, default=1_000_000,
                    help="records of the via-files export (benchmark 6)")
    ap.add_argument("--time-scale", type=float, default=600.0,
                    help="benchmark 9: how many times faster than real time 9a and 9b run")
    ap.add_argument("--tenant-time-scale", type=float, default=60.0,
                    help="benchmark 9: the same for 9c and 9d (20 tenants)")
    args = ap.parse_args()
    only = {int(x) for x in args.only.split(",") if x.strip()}

    print(f"mdekit benchmarks on {machine()}")
    import mdekit

    print(f"mdekit {mdekit.__version__}; every ratio is against a baseline of this same run")
    # DeviceProcessEvents holds 6 rows per machine in the synthetic tenant.
    machines = max(1, -(-args.rows // 6)) if only & {1, 2, 5} else 50
    alerts = args.alerts if only & {3, 4} else 100
    quota_args = ["--time-scale", str(args.time_scale),
                  "--tenant-time-scale", str(args.tenant_time_scale)]
    if only <= {6, 9}:
        if 6 in only:
            bench_exports(args.export_records, args.repeat)
        if 9 in only:
            bench_quota(quota_args)
        return
    env = Env(machines=machines, alerts=alerts)
    query = f"DeviceProcessEvents | project {COLUMNS} | take {args.rows}"
    try:
        body = env.hunting_bytes(query) if only & {1, 2, 5} else b""
        if body:
            n = len(json.loads(body)["results"])
            print(f"hunting result: {n:,} rows x 13 columns, {len(body) / 1e6:.1f} MB of JSON")
        if 1 in only:
            bench_rows(env, body, query, args.repeat)
        if 2 in only:
            bench_pandas(body, args.repeat)
            bench_pandas_e2e(env, query, args.repeat)
        if 3 in only:
            bench_paging(env, args.repeat, alerts)
            bench_columns(env, args.repeat, alerts)
        if 4 in only:
            bench_small_get(env, args.calls)
        if 5 in only:
            bench_import(args.repeat)
            bench_memory(body)
        if 8 in only:
            bench_msgraph(min(args.rows, 20_000), args.repeat)
    finally:
        env.close()
    if 6 in only:
        bench_exports(args.export_records, args.repeat)
    if 9 in only:
        bench_quota(quota_args)


def bench_quota(argv: list[str]) -> None:
    """Benchmark 9 (``benches/quota.py``): quota-bound jobs at the documented bound."""
    sys.path.insert(0, HERE)
    import quota

    quota.main(argv)


if __name__ == "__main__":
    sys.exit(main())
