"""Quota-bound jobs on an accelerated time scale: a client on ``ScaledClock(f)`` and a sandbox
with ``quota_time_scale=f`` count the documented per-minute quotas on one time, so a job of
hundreds of calls runs at the documented bound in a fraction of a second, with no 429."""

from __future__ import annotations

import time
from typing import Any

import mdekit
from conftest import api_requests, raises
from mdekit.testing import Sandbox, ScaledClock

#: A scaled minute lasts 0.2 s of real time.
SCALE = 300.0


def read_job(client: Any, calls: int) -> list[str]:
    """``calls`` calls of the alerts quota: one list (the ids), then a get of each."""
    ids = [a["id"] for a in client.alerts.list(top=calls - 1).to_list()]
    return [client.alerts.get(i)["id"] for i in ids]


def test_scaled_clock_runs_faster_and_refuses_bad_factors() -> None:
    clock = ScaledClock(1000)
    assert clock.factor == 1000.0 and repr(clock) == "ScaledClock(factor=1000)"
    before = clock.elapsed
    time.sleep(0.01)
    assert clock.elapsed - before >= 10.0
    for bad in (0, -1, float("nan"), float("inf"), 1e7):
        with raises(ValueError, match="time scale factor"):
            ScaledClock(bad)
    with Sandbox(alerts=1, machines=1) as sb, raises(TypeError, match="ManualClock or a ScaledClock"):
        sb.client(clock=object())
    with raises(ValueError, match="quota_time_scale"):
        Sandbox(quota_time_scale=0).start()


def test_three_tenants_run_at_the_quota_bound_without_a_429() -> None:
    calls = 200
    seeds = (21, 22, 23)
    clock = ScaledClock(SCALE)
    sandboxes = [Sandbox(seed=s, machines=3, alerts=calls, quota_time_scale=SCALE).start()
                 for s in seeds]
    try:
        clients = {sb.tenant_id: sb.client(clock=clock) for sb in sandboxes}
        start = clock.elapsed
        with mdekit.Tenants(clients, max_workers=3) as fleet:
            done = fleet.map(lambda c: read_job(c, calls))
        elapsed = clock.elapsed - start
        done.raise_for_errors()
        assert [len(set(got)) for got in done.results.values()] == [calls - 1] * 3
        for sb in sandboxes:
            statuses = [r["status"] for r in api_requests(sb)]
            assert len(statuses) == calls and set(statuses) == {200}, "no 429, no retry"
    finally:
        for sb in sandboxes:
            sb.stop()
    # 90 a minute (90% of the documented 100): calls 181-200 start two scaled minutes in, at
    # the earliest; each tenant has its own budget, so the three ran side by side.
    assert elapsed >= 120.0, elapsed


def test_without_the_client_limiter_the_sandbox_answers_429_and_retry_after_is_scaled() -> None:
    # 10 calls a scaled minute (rate_limit_scale=0.1 of 100), so a busy machine still sends
    # the first ten within the window (0.2 s of real time).
    calls = 30
    clock = ScaledClock(SCALE)
    with Sandbox(seed=31, machines=3, alerts=calls, quota_time_scale=SCALE,
                 rate_limit_scale=0.1) as sb:
        c = sb.client(clock=clock, rate_limit=False)
        real = time.perf_counter()
        got = read_job(c, calls)
        real = time.perf_counter() - real
        statuses = [r["status"] for r in api_requests(sb)]
    assert len(set(got)) == calls - 1
    # The 11th call of the scaled minute is refused; the client waits out Retry-After (scaled
    # seconds, at most a scaled minute: 0.2 s of real time) and retries.
    assert statuses.count(200) == calls
    assert statuses.count(429) >= 1
    assert statuses[:10] == [200] * 10
    assert real < 5.0


def test_retry_after_counts_seconds_of_the_scaled_time() -> None:
    # One call a scaled minute (rate_limit_scale=0.01 of 100), a minute lasting 1 s.
    with Sandbox(machines=1, alerts=1, quota_time_scale=60, rate_limit_scale=0.01) as sb:
        c = sb.client(clock=ScaledClock(60), rate_limit=False, max_retries=0)
        c.machines.list(top=1).to_list()
        with raises(mdekit.ThrottledError) as info:
            c.machines.list(top=1).to_list()
    # Right after the first call, most of the scaled minute is left (in real seconds it would
    # be the floor of 1).
    assert info.value.retry_after is not None and 30.0 <= info.value.retry_after <= 60.0


async def test_concurrent_async_calls_stay_within_the_quota() -> None:
    """200 machines calls, 10 in flight, on the async client: the limiter lets them through in
    arrival order at 90 a scaled minute; the sandbox sees no 429.

    In flight is kept at 10: the limiter records a call when it lets it go, the service counts
    it when it arrives, and the accelerated time stretches the queueing between the two (200
    requests at once spread over tens of milliseconds, several scaled seconds at 300x, more
    than the margin's 6 s a minute). 100x leaves 60 ms of real time for that spread."""
    import asyncio

    calls, scale = 200, 100.0
    clock = ScaledClock(scale)
    with Sandbox(seed=41, machines=calls - 1, alerts=1, quota_time_scale=scale) as sb:
        c = sb.async_client(clock=clock)
        gate = asyncio.Semaphore(10)

        async def get(machine_id: str) -> Any:
            async with gate:
                return await c.machines.get(machine_id)

        start = clock.elapsed
        ids = [m["id"] for m in await c.machines.list().to_list()]
        got = await asyncio.gather(*(get(i) for i in ids))
        elapsed = clock.elapsed - start
        statuses = [r["status"] for r in api_requests(sb)]
    assert [m["id"] for m in got] == ids
    assert statuses == [200] * calls
    assert elapsed >= 120.0, elapsed


def test_past_the_hour_quota_with_a_budget_above_an_hour_and_without() -> None:
    """1,400 calls: the 1,351st waits for the hour window (1,350 is 90% of 1,500). At 2000x
    the hour lasts 1.8 s (and 1,350 calls take well under the 1.65 s that would leave less
    than 300 s of it). With a call budget above an hour the job ends past the scaled hour, no
    429; with the default budget (300 s) that call fails as ClientThrottled, nothing sent."""
    calls, scale = 1400, 2000.0
    with Sandbox(seed=51, machines=3, alerts=calls, quota_time_scale=scale) as sb:
        clock = ScaledClock(scale)
        c = sb.client(clock=clock, timeout=4000, retry_total_timeout=4000)
        start = clock.elapsed
        got = read_job(c, calls)
        elapsed = clock.elapsed - start
        statuses = [r["status"] for r in api_requests(sb)]
        assert len(set(got)) == calls - 1 and statuses == [200] * calls
        assert elapsed >= 3600.0, elapsed


    # A fresh tenant, a client with the default budget: the list and 1,349 gets go through,
    # the next get fails before it is sent.
    with Sandbox(seed=52, machines=3, alerts=1351, quota_time_scale=scale) as sb:
        hasty = sb.client(clock=ScaledClock(scale))
        with raises(mdekit.ThrottledError) as info:
            read_job(hasty, calls)
        statuses = [r["status"] for r in api_requests(sb)]
    assert info.value.code == "ClientThrottled"
    assert info.value.retry_after is not None and info.value.retry_after > 300.0
    assert statuses == [200] * 1350
