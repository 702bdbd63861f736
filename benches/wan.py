"""Benchmark 7: hunting and paging across a rate-limited link, as from a laptop to the cloud.

Loopback hides what users feel on a real link: bytes on the wire. This benchmark puts the
sandbox in a network namespace behind a veth pair shaped by a ``tbf`` qdisc on both ends
(default 50 Mbit/s; ``netem`` is not available on these machines, so each response's latency
comes from the sandbox's own ``delay`` fault instead), and runs the same comparisons as
``benches/run.py`` across it:

- a 100,000-row hunting result to a typed pandas DataFrame: httpx (its default
  ``Accept-Encoding: gzip, deflate``) + orjson + ``pandas.json_normalize`` + ``to_datetime``
  vs mdekit ``client.hunting.run(q).to_pandas()``;
- the same to Python rows: httpx + orjson vs ``.rows``;
- paging every alert: httpx + json following ``@odata.nextLink`` vs mdekit's pager.

Each row also reports the bytes that crossed the link (the veth's counters). It needs root
(``ip netns``, ``tc``) and uses loopback-range addresses only (127.77.0.1/30 and 127.77.0.2/30,
with ``route_localnet``), so nothing can leave the machine; the namespace and both links are
removed when it ends, also on Ctrl-C.

    sudo .venv/bin/python benches/wan.py [--rate 50mbit] [--delay-ms 20] [--rows 100000]

Install the baselines first (``bash benches/run.sh --only 5`` does, or
``pip install -e '.[bench]'``).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from run import COLUMNS, best, json_normalize_frame, machine, table

NS = "mdekit-wan"
HOST_IF, NS_IF = "mdkw0", "mdkw1"
HOST_IP, NS_IP = "127.77.0.1", "127.77.0.2"
PORT = 8443

#: Runs in the namespace: a sandbox bound to the namespace's end of the link. It prints its
#: coordinates as one JSON line, then serves until its stdin closes.
SERVER = """
import json, sys
from mdekit._mdekit import SandboxServer
opts = json.loads(sys.argv[1])
delay = opts.pop("delay")
s = SandboxServer.start(**opts)
if delay:
    s.inject("/", delay=delay, count=10_000_000)
print(json.dumps({"base_url": s.base_url, "tenant_id": s.tenant_id,
                  "client_id": s.client_id, "client_secret": s.client_secret}), flush=True)
sys.stdin.read()
s.shutdown()
"""


def sh(*args: str, ns: bool = False, check: bool = True) -> None:
    cmd = (["ip", "netns", "exec", NS] if ns else []) + list(args)
    subprocess.run(cmd, check=check, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


@contextmanager
def shaped_link(rate: str) -> Iterator[None]:
    """The namespace, the veth pair and a tbf qdisc on each end; all removed afterwards."""
    sh("ip", "netns", "del", NS, check=False)
    try:
        sh("ip", "netns", "add", NS)
        sh("ip", "link", "add", HOST_IF, "type", "veth", "peer", "name", NS_IF)
        sh("ip", "link", "set", NS_IF, "netns", NS)
        # 127/8 on a link that is not `lo` needs route_localnet on both sides.
        for conf in ("all", HOST_IF):
            sh("sysctl", "-qw", f"net.ipv4.conf.{conf}.route_localnet=1")
        for conf in ("all", NS_IF):
            sh("sysctl", "-qw", f"net.ipv4.conf.{conf}.route_localnet=1", ns=True)
        sh("ip", "addr", "add", f"{HOST_IP}/30", "dev", HOST_IF)
        sh("ip", "link", "set", HOST_IF, "up")
        sh("ip", "addr", "add", f"{NS_IP}/30", "dev", NS_IF, ns=True)
        sh("ip", "link", "set", NS_IF, "up", ns=True)
        sh("ip", "link", "set", "lo", "up", ns=True)
        for dev, in_ns in ((HOST_IF, False), (NS_IF, True)):
            sh("tc", "qdisc", "add", "dev", dev, "root", "tbf", "rate", rate,
               "burst", "64kb", "latency", "200ms", ns=in_ns)
        yield
    finally:
        sh("ip", "netns", "del", NS, check=False)  # takes the veth pair with it
        sh("ip", "link", "del", HOST_IF, check=False)


def rx_bytes() -> int:
    with open(f"/sys/class/net/{HOST_IF}/statistics/rx_bytes", encoding="ascii") as f:
        return int(f.read())


def measured(fn: Callable[[], Any], repeat: int) -> tuple[float, float]:
    """Best time (ms) and the bytes received by one run."""
    before = rx_bytes()
    fn()
    wire = rx_bytes() - before
    return best(fn, repeat), wire


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--rate", default="50mbit", help="tbf rate of each direction")
    ap.add_argument("--delay-ms", type=float, default=20.0,
                    help="latency the sandbox adds before each response")
    ap.add_argument("--rows", type=int, default=100_000, help="rows of the hunting result")
    ap.add_argument("--alerts", type=int, default=20_000, help="alerts to page through")
    ap.add_argument("--repeat", type=int, default=3, help="runs per measurement (best is kept)")
    args = ap.parse_args()
    if os.geteuid() != 0:
        print("benches/wan.py needs root (ip netns, tc)", file=sys.stderr)
        return 2

    import httpx
    import mdekit
    import orjson

    print(f"mdekit WAN benchmark on {machine()}")
    print(f"link: {args.rate} each way (tbf), {args.delay_ms:g} ms added per response; "
          f"mdekit {mdekit.__version__}, httpx {httpx.__version__}")
    query = f"DeviceProcessEvents | project {COLUMNS} | take {args.rows}"
    opts = {"host": NS_IP, "port": PORT, "machines": max(1, -(-args.rows // 6)),
            "alerts": args.alerts, "rate_limits": False,
            "hunting_limits": {"max_result_bytes": 1e12}, "delay": args.delay_ms / 1000}
    with shaped_link(args.rate):
        server = subprocess.Popen(
            ["ip", "netns", "exec", NS, sys.executable, "-c", SERVER, json.dumps(opts)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        try:
            assert server.stdout is not None
            sb = json.loads(server.stdout.readline())
            run(sb, query, args, httpx, orjson, mdekit)
        finally:
            if server.stdin:
                server.stdin.close()
            server.wait(timeout=30)
    return 0


def run(sb: dict[str, str], query: str, args: argparse.Namespace, httpx: Any, orjson: Any,
        mdekit: Any) -> None:
    base = sb["base_url"]
    client = mdekit.DefenderClient(
        tenant_id=sb["tenant_id"], client_id=sb["client_id"], client_secret=sb["client_secret"],
        authority_host=base, api_base_url=base, graph_base_url=base, max_retries=0,
        rate_limit=False)
    http = httpx.Client(timeout=600)

    def token(scope: str) -> str:
        r = http.post(f"{base}/{sb['tenant_id']}/oauth2/v2.0/token", data={
            "grant_type": "client_credentials", "client_id": sb["client_id"],
            "client_secret": sb["client_secret"], "scope": scope})
        r.raise_for_status()
        return str(r.json()["access_token"])

    graph = {"Authorization": f"Bearer {token('https://graph.microsoft.com/.default')}"}
    mde = {"Authorization": "Bearer "
           f"{token('https://api.securitycenter.microsoft.com/.default')}"}

    def httpx_body() -> bytes:
        r = http.post(f"{base}/v1.0/security/runHuntingQuery", json={"Query": query},
                      headers=graph)
        r.raise_for_status()
        return bytes(r.content)

    body = httpx_body()
    print(f"hunting result: {len(orjson.loads(body)['results']):,} rows, "
          f"{len(body) / 1e6:.1f} MB of JSON uncompressed")
    client.hunting.run("DeviceInfo | take 1")  # tokens and connection, outside the timings

    frames = {
        "httpx (gzip) + orjson + json_normalize + to_datetime":
            measured(lambda: json_normalize_frame(httpx_body()), args.repeat),
        "mdekit run().to_pandas()":
            measured(lambda: client.hunting.run(query).to_pandas(), args.repeat),
        "mdekit run(columns=True).to_pandas() (converted while it downloads)":
            measured(lambda: client.hunting.run(query, columns=True).to_pandas(), args.repeat),
    }
    show("7a. hunting -> DataFrame across the link (target: mdekit at least 3x faster)",
         frames, speedup=True)
    rows = {
        "httpx (gzip) + orjson": measured(lambda: orjson.loads(httpx_body())["results"],
                                          args.repeat),
        "mdekit run().rows": measured(lambda: client.hunting.run(query).rows, args.repeat),
    }
    show("7b. hunting -> Python rows across the link", rows, speedup=True)

    def httpx_loop() -> int:
        n, url = 0, f"{base}/api/alerts"
        while url:
            page = json.loads(http.get(url, headers=mde).content)
            n += len(page["value"])
            url = page.get("@odata.nextLink")
        return n

    assert httpx_loop() == sum(1 for _ in client.alerts.list()) == args.alerts
    paging = {
        "httpx (gzip) + json loop": measured(httpx_loop, args.repeat),
        "mdekit pager": measured(lambda: sum(1 for _ in client.alerts.list()), args.repeat),
    }
    show(f"7c. paging {args.alerts:,} alerts across the link", paging, speedup=True)
    http.close()
    client.close()


def show(title: str, results: dict[str, tuple[float, float]], speedup: bool) -> None:
    table(title, [(f"{k} ({wire / 1e6:.1f} MB on the wire)", ms)
                  for k, (ms, wire) in results.items()], speedup=speedup)


if __name__ == "__main__":
    sys.exit(main())
