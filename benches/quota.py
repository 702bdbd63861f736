"""Benchmark 9: quota-bound jobs at the documented bound, on an accelerated time scale.

The documented quotas are per minute and per hour (100 calls a minute and 1,500 an hour for most
MDE APIs), so a job of thousands of calls takes hours of real time. Here the client and the
sandbox share one accelerated time: the client runs on ``mdekit.testing.ScaledClock(factor)``
(its time runs ``factor`` times faster, its waits last ``1 / factor``) and the sandbox on
``quota_time_scale=factor`` (its windows last ``1 / factor``, its ``Retry-After`` counts seconds
of the scaled time). Both limiters are on: the sandbox's, as the service counts (per tenant, app
and API), and the client's, which keeps 90% of each documented quota. Every time printed is in
scaled seconds, that is, in the service's time.

9a. A bulk machine action (``machine_actions.bulk("run_antivirus_scan", ...)``, 10 in flight)
    over 1,000 sandbox machines.
9b. A 5,000-call read job: the ids of 4,999 alerts (one ``alerts.list`` call), then
    ``alerts.get`` of each, one after the other (all one quota: 100 a minute, 1,500 an hour).
9c. 20 sandbox tenants through ``mdekit.Tenants``, each running the read job of 9b at 1,000
    calls; their throughput against the sum of their quotas.
9d. The same 20 tenants hunting together: 200 rounds of ``Tenants.hunt`` (45 a minute each).

Each job runs twice on fresh sandboxes: with the client's limiter (``rate_limit=True``, the
default) and as the baseline without it (``rate_limit=False``), which relies on the service's
429 and ``Retry-After``: the client retries a 429 after ``Retry-After`` (up to ``max_retries``),
and a ``ThrottledError`` that still escapes (a ``Retry-After`` beyond the client's 300 s cap,
the hour window) is waited out by the job's loop and the call repeated. The 429s are counted
from the sandbox's request record, so none hide behind the client's retries.

The bound is the shortest time the documented per-minute and per-hour quotas allow for that many
calls, computed from the catalogue (``mdekit.catalogue()``): call ``k`` starts no earlier than a
window after call ``k - quota`` for each quota (all calls instant). With the client keeping 90%
of each quota, the expected ratio is the same computation at 90% over the documented bound
(printed as "at 90%"), about 1.1x for long jobs.

    python benches/quota.py                       # all four, 600x (9c and 9d at 60x)
    python benches/quota.py --time-scale 300 --only a,b
    python benches/run.py --only 9                # the same from the benchmark runner
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable, Sequence
from typing import Any

#: Seconds of the documented windows.
MINUTE, HOUR = 60.0, 3600.0
#: The client's share of each documented quota (crates/mdekit-core/src/pipeline/rate_limit.rs).
MARGIN = 0.9
#: Scaled seconds one call may wait in the client (the hour window), so the client-side limiter
#: waits it out instead of failing the call as throttled (its default budget is 300 s).
CALL_BUDGET = 2 * HOUR


def quotas(python_name: str) -> list[tuple[int, float]]:
    """The documented quotas of an operation, from the catalogue: ``[(calls, window_s)]``."""
    import mdekit

    for entry in mdekit.catalogue():
        if entry["python"] == python_name:
            limit = entry["rate_limit"]
            return [(n, w) for n, w in ((limit["per_minute"], MINUTE), (limit["per_hour"], HOUR))
                    if n]
    raise KeyError(python_name)


def family(python_name: str) -> str:
    import mdekit

    return next(e["rate_limit"]["family"] for e in mdekit.catalogue()
                if e["python"] == python_name)


def bound(calls: int, limits: Sequence[tuple[int, float]], share: float = 1.0) -> float:
    """Seconds from the first call's start to the last one's that ``limits`` allow at best, for
    ``calls`` instant calls: call ``k`` starts a window after call ``k - quota`` (sliding
    windows, as the service and the client count), with each quota taken at ``share``."""
    scaled = [(max(1, int(n * share)), w) for n, w in limits]
    starts: list[float] = []
    for k in range(calls):
        t = 0.0
        for n, w in scaled:
            if k >= n:
                t = max(t, starts[k - n] + w)
        starts.append(t)
    return starts[-1] if starts else 0.0


def describe(limits: Sequence[tuple[int, float]]) -> str:
    names = {MINUTE: "min", HOUR: "h"}
    return ", ".join(f"{n:,}/{names.get(w, f'{w:g} s')}" for n, w in limits)


def api_counts(sb: Any) -> tuple[int, int]:
    """(API requests, of them answered 429) in the sandbox's record (the token endpoint left
    out)."""
    recs = [r for r in sb.requests() if r["path"].lower().startswith(("/api/", "/v1.0/"))]
    return len(recs), sum(1 for r in recs if r["status"] == 429)


def patient(call: Callable[[], Any], clock: Any) -> tuple[Any, int]:
    """``call()``, waiting out (on ``clock``'s time) each ``ThrottledError`` that escapes the
    client's own retries and repeating the call: what a job without a client-side limiter must
    do. Returns the result and how many times it waited. Bounded: 1,000 waits at most."""
    from mdekit import ThrottledError

    for waits in range(1000):
        try:
            return call(), waits
        except ThrottledError as e:
            wait = e.retry_after if e.retry_after is not None else MINUTE
            time.sleep(max(wait, 1.0) / clock.factor)
    raise RuntimeError("still throttled after 1,000 waits")


def client_kwargs(clock: Any, limiter: bool) -> dict[str, Any]:
    # The same options in both runs; only the client-side limiter differs.
    return {"clock": clock, "rate_limit": limiter, "timeout": CALL_BUDGET,
            "retry_total_timeout": CALL_BUDGET, "max_retries": 20}


class Run:
    """One job's figures: ``elapsed`` in scaled (service) seconds; ``requests`` the API requests
    the sandbox received (retries included), ``throttled`` how many it answered 429; ``failed``
    the calls that did not succeed; ``waits`` the escaped 429s the job's loop waited out."""

    def __init__(self, name: str, calls: int, elapsed: float, requests: int, throttled: int,
                 failed: int, waits: int) -> None:
        self.name, self.calls, self.elapsed = name, calls, elapsed
        self.requests, self.throttled, self.failed, self.waits = requests, throttled, failed, waits


def report(title: str, runs: list[Run], limits: Sequence[tuple[int, float]],
           calls_per_unit: int, units: int = 1) -> None:
    """Prints one job's table: elapsed against the documented bound of ``calls_per_unit`` calls
    (one tenant's job; ``units`` of them run side by side with their own quotas)."""
    documented = bound(calls_per_unit, limits)
    expected = bound(calls_per_unit, limits, MARGIN)
    print(f"\n## {title}")
    print(f"  documented bound {documented:,.0f} s ({documented / 60:,.1f} min) for "
          f"{calls_per_unit:,} calls at {describe(limits)}"
          f"{f' per tenant, {units} tenants' if units > 1 else ''}; at the client's 90%: "
          f"{expected:,.0f} s ({expected / documented if documented else 0:.2f}x)")
    width = max(len(r.name) for r in runs)
    print(f"  {'':<{width}}  {'calls':>7}  {'sent':>7}  {'429s':>6}  {'elapsed':>10}  "
          f"{'x bound':>7}  {'x 90%':>5}  {'calls/min':>9}  {'% of bound rate':>15}  "
          f"failed  waits")
    for r in runs:
        # A job that fits in one window has a bound of 0 s: no ratio to show.
        ratio = f"{r.elapsed / documented:.2f}" if documented else "-"
        ratio90 = f"{r.elapsed / expected:.2f}" if expected else "-"
        share = f"{100 * documented / r.elapsed:.1f}%" if documented and r.elapsed else "-"
        rate = r.calls / (r.elapsed / 60) if r.elapsed else 0.0
        print(f"  {r.name:<{width}}  {r.calls:>7,}  {r.requests:>7,}  {r.throttled:>6,}  "
              f"{r.elapsed:>8,.0f} s  {ratio:>7}  {ratio90:>5}  {rate:>9,.1f}  "
              f"{share:>15}  {r.failed:>6}  {r.waits:>5}")

def bulk_action(scale: float, machines: int) -> None:
    """9a: one bulk action over ``machines`` sandbox machines, with and without the limiter."""
    from mdekit.testing import Sandbox, ScaledClock

    runs = []
    for name, limiter in (("mdekit, limiter on", True), ("limiter off (Retry-After)", False)):
        clock = ScaledClock(scale)
        with Sandbox(seed=9, machines=machines, alerts=1, quota_time_scale=scale) as sb:
            client = sb.client(**client_kwargs(clock, limiter))
            # The ids: one machines call, another quota family; left out of the job's record.
            ids = [m["id"] for m in client.machines.list().to_list()]
            assert len(ids) == machines, len(ids)
            sb.clear_requests()
            start = clock.elapsed
            outcomes = client.machine_actions.bulk("run_antivirus_scan", ids,
                                                   comment="benchmark 9a", concurrency=10)
            elapsed = clock.elapsed - start
            client.close()
            requests, throttled = api_counts(sb)
        failed = sum(1 for o in outcomes if o["outcome"] != "created")
        runs.append(Run(name, len(outcomes), elapsed, requests, throttled, failed, 0))
    op = "machines.run_antivirus_scan"
    report(f"9a. bulk run_antivirus_scan over {machines:,} machines, 10 in flight "
           f"({family(op)}; time scale {scale:g}x)", runs, quotas(op), machines)


def read_job(client: Any, clock: Any, calls: int) -> int:
    """``calls`` calls of the alerts quota: the ids of ``calls - 1`` alerts (one list call),
    then ``alerts.get`` of each, one after the other. Returns the waits on escaped 429s."""
    listed, waits = patient(lambda: client.alerts.list(top=calls - 1).to_list(), clock)
    ids = [a["id"] for a in listed]
    assert len(ids) == calls - 1, len(ids)
    for alert_id in ids:
        _, w = patient(lambda a=alert_id: client.alerts.get(a), clock)
        waits += w
    return waits


def reads(scale: float, calls: int) -> None:
    """9b: ``calls`` alerts.get calls in one tenant, with and without the limiter."""
    from mdekit.testing import Sandbox, ScaledClock

    runs = []
    for name, limiter in (("mdekit, limiter on", True), ("limiter off (Retry-After)", False)):
        clock = ScaledClock(scale)
        with Sandbox(seed=10, machines=20, alerts=calls, quota_time_scale=scale) as sb:
            client = sb.client(**client_kwargs(clock, limiter))
            start = clock.elapsed
            waits = read_job(client, clock, calls)
            elapsed = clock.elapsed - start
            client.close()
            requests, throttled = api_counts(sb)
        runs.append(Run(name, calls, elapsed, requests, throttled, 0, waits))
    report(f"9b. read job of {calls:,} calls: alerts.list (the ids), then alerts.get of each, "
           f"one at a time "
           f"({family('alerts.get')}; time scale {scale:g}x)", runs, quotas("alerts.get"), calls)


def tenants(scale: float, count: int, calls: int) -> None:
    """9c: ``count`` sandbox tenants through ``mdekit.Tenants``, ``calls`` alerts.get each."""
    import mdekit
    from mdekit.testing import Sandbox, ScaledClock

    seeds = [100 + i for i in range(count)]
    runs = []
    for name, limiter in (("mdekit, limiter on", True), ("limiter off (Retry-After)", False)):
        clock = ScaledClock(scale)
        sandboxes = [Sandbox(seed=s, machines=5, alerts=calls, quota_time_scale=scale).start()
                     for s in seeds]
        try:
            clients = {sb.tenant_id: sb.client(**client_kwargs(clock, limiter))
                       for sb in sandboxes}
            assert len(clients) == count, "every seed is its own tenant"
            with mdekit.Tenants(clients, max_workers=count) as fleet:
                start = clock.elapsed
                done = fleet.map(lambda c, k=clock: read_job(c, k, calls))
                elapsed = clock.elapsed - start
            done.raise_for_errors()
            counts = [api_counts(sb) for sb in sandboxes]
        finally:
            for sb in sandboxes:
                sb.stop()
        runs.append(Run(name, count * calls, elapsed, sum(c[0] for c in counts),
                        sum(c[1] for c in counts), 0, sum(done.results.values())))
    limits = quotas("alerts.get")
    report(f"9c. {count} tenants through mdekit.Tenants, a read job of {calls:,} calls each "
           f"(time scale {scale:g}x)", runs, limits, calls, units=count)
    per_tenant = calls / (bound(calls, limits) / 60)
    print(f"  the sum of the {count} tenants' quotas: {count} x {per_tenant:,.1f} calls/min "
          f"at the bound = {count * per_tenant:,.1f} calls/min; '% of bound rate' is against it")


def hunting(scale: float, count: int, queries: int) -> None:
    """9d: ``count`` sandbox tenants hunting together through ``Tenants.hunt``, ``queries``
    rounds: each tenant spends its own hunting quota (45 a minute, 1,500 an hour)."""
    import mdekit
    from mdekit.testing import Sandbox, ScaledClock

    query = "DeviceInfo | summarize Devices = dcount(DeviceId) by OSPlatform"
    runs = []
    for name, limiter in (("mdekit, limiter on", True), ("limiter off (Retry-After)", False)):
        clock = ScaledClock(scale)
        sandboxes = [Sandbox(seed=200 + i, machines=5, alerts=1, quota_time_scale=scale).start()
                     for i in range(count)]
        try:
            clients = {sb.tenant_id: sb.client(**client_kwargs(clock, limiter))
                       for sb in sandboxes}
            failed = waits = 0
            with mdekit.Tenants(clients, max_workers=count) as fleet:
                start = clock.elapsed
                for _ in range(queries):
                    result, w = patient(lambda f=fleet: _hunt_all(f, query), clock)
                    waits += w
                    failed += len(result.errors)
                elapsed = clock.elapsed - start
            counts = [api_counts(sb) for sb in sandboxes]
        finally:
            for sb in sandboxes:
                sb.stop()
        runs.append(Run(name, count * queries, elapsed, sum(c[0] for c in counts),
                        sum(c[1] for c in counts), failed, waits))
    limits = quotas("hunting.run")
    report(f"9d. {count} tenants hunting together (Tenants.hunt), {queries:,} rounds "
           f"(time scale {scale:g}x)", runs, limits, queries, units=count)


def _hunt_all(fleet: Any, query: str) -> Any:
    """One ``Tenants.hunt`` round; a tenant throttled past its retries raises, so that
    :func:`patient` waits it out and repeats the round, as a job without a limiter must."""
    result = fleet.hunt(query)
    for error in result.errors.values():
        raise error
    return result


def main(argv: Sequence[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--only", default="a,b,c,d", help="which of 9a-9d (default: a,b,c,d)")
    ap.add_argument("--time-scale", type=float, default=600.0,
                    help="how many times faster than real time 9a and 9b run (default 600)")
    ap.add_argument("--tenant-time-scale", type=float, default=60.0,
                    help="the same for 9c and 9d, whose 20 tenants call at 20 times the rate "
                         "of one (default 60)")
    ap.add_argument("--machines", type=int, default=1000, help="machines of 9a")
    ap.add_argument("--reads", type=int, default=5000, help="calls of 9b")
    ap.add_argument("--tenants", type=int, default=20, help="tenants of 9c")
    ap.add_argument("--tenant-calls", type=int, default=1000, help="calls per tenant in 9c")
    ap.add_argument("--hunts", type=int, default=200, help="hunting rounds of 9d")
    args = ap.parse_args(argv)
    only = {x.strip().lower().removeprefix("9") for x in args.only.split(",") if x.strip()}
    started = time.perf_counter()
    if "a" in only:
        bulk_action(args.time_scale, args.machines)
    if "b" in only:
        reads(args.time_scale, args.reads)
    if "c" in only:
        tenants(args.tenant_time_scale, args.tenants, args.tenant_calls)
    if "d" in only:
        hunting(args.tenant_time_scale, args.tenants, args.hunts)
    print(f"\n  (benchmark 9 took {time.perf_counter() - started:.0f} s of real time)")


if __name__ == "__main__":
    sys.exit(main())
