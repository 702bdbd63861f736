"""mdekit benchmarks against the tools people use today, measured in the same run.

Run with ``bash benches/run.sh`` (it installs the baselines of the ``bench`` extra). Every
comparison runs over loopback against the embedded sandbox, on the same data, and prints times
as the best of ``--repeat`` runs plus ratios against the baseline of the same run.

1. A 100,000-row hunting result to Python rows: json.loads, orjson.loads, mdekit ``.rows``.
2. The same result to a pandas DataFrame: json.loads + pandas.json_normalize + datetime fix-up
   (msticpy's way) vs mdekit ``.to_pandas()``.
3. Paging 50,000 alerts: httpx + json following nextLink vs mdekit's sync and async pagers.
4. Per-call overhead of a small GET: httpx vs mdekit, sync and async.
5. ``import mdekit`` time, and peak memory of benchmarks 1 and 2 against their baselines.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
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
          higher_is_better: bool = False) -> None:
    print(f"\n## {title}")
    ref = rows[base][1]
    width = max(len(r[0]) for r in rows)
    for name, value in rows:
        ratio = (ref / value if higher_is_better else value / ref) if ref else float("nan")
        print(f"  {name:<{width}}  {value:>10.1f} {unit}  {ratio:>6.2f}x")


class Env:
    """A sandbox plus the raw-HTTP pieces the baselines need (token, URLs)."""

    def __init__(self, machines: int, alerts: int) -> None:
        from mdekit.testing import Sandbox

        self.sb = Sandbox(machines=machines, alerts=alerts, rate_limits=False).start()
        self.client = self.sb.client(max_retries=0)
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


def bench_rows(env: Env, query: str, repeat: int) -> dict[str, float]:
    """Benchmark 1: the response bytes to a list of row dicts."""
    import orjson

    body = env.hunting_bytes(query)
    n = len(json.loads(body)["results"])
    print(f"\nhunting result: {n:,} rows, {len(body) / 1e6:.1f} MB of JSON")

    def mdekit_rows() -> Any:
        result = env.client.hunting.run(query)
        t0 = time.perf_counter()
        rows = result.rows
        mdekit_rows.elapsed = (time.perf_counter() - t0) * 1000  # type: ignore[attr-defined]
        return rows

    times = []
    for _ in range(repeat):
        mdekit_rows()
        times.append(mdekit_rows.elapsed)  # type: ignore[attr-defined]
        gc.collect()
    assert env.client.hunting.run(query).rows == json.loads(body)["results"]
    out = {
        "json.loads": best(lambda: json.loads(body)["results"], repeat),
        "orjson.loads": best(lambda: orjson.loads(body)["results"], repeat),
        "mdekit .rows": min(times),
    }
    table("1. hunting result -> Python rows (conversion only; GC at Python's defaults)",
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
    table("1b. the same, end to end over loopback (request + conversion)", list(e2e.items()))
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
    ap.add_argument("--only", default="1,2,3,4,5", help="comma-separated benchmark numbers")
    ap.add_argument("--repeat", type=int, default=5, help="runs per measurement (best is kept)")
    ap.add_argument("--rows", type=int, default=100_000, help="rows of the hunting result")
    ap.add_argument("--alerts", type=int, default=50_000, help="alerts to page through")
    args = ap.parse_args()
    only = {int(x) for x in args.only.split(",") if x.strip()}

    print(f"mdekit benchmarks on {machine()}")
    import mdekit

    print(f"mdekit {mdekit.__version__}")
    # DeviceProcessEvents holds 6 rows per machine in the synthetic tenant.
    machines = max(1, -(-args.rows // 6)) if only & {1, 2, 5} else 50
    alerts = args.alerts if 3 in only else 100
    env = Env(machines=machines, alerts=alerts)
    query = f"DeviceProcessEvents | project {COLUMNS} | take {args.rows}"
    try:
        if 1 in only:
            bench_rows(env, query, args.repeat)
        extra = globals().get("more_benchmarks")
        if extra is not None:
            extra(env, query, args, only)
    finally:
        env.close()


if __name__ == "__main__":
    sys.exit(main())
