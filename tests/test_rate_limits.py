"""Rate limits: the client's own per-family quotas (waits go through the ManualClock) and the
sandbox's quotas (429 with Retry-After)."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import pytest
from conftest import api_requests, async_client, client, new_sandbox, raises
from mdekit import ThrottledError
from mdekit.testing import ManualClock, Sandbox


@pytest.fixture(scope="module")
def sb() -> Iterator[Sandbox]:
    """No sandbox-side quotas: only the client's limiter is under test here."""
    sandbox = new_sandbox(machines=20, alerts=20, rate_limits=False)
    try:
        yield sandbox
    finally:
        sandbox.stop()


@pytest.fixture(scope="module")
def strict() -> Iterator[Sandbox]:
    """Real one-minute windows with quotas scaled to 5% (alerts: 5 calls a minute)."""
    sandbox = new_sandbox(machines=5, alerts=5, rate_limit_scale=0.05, rate_window_scale=1.0)
    try:
        yield sandbox
    finally:
        sandbox.stop()


def test_client_waits_before_the_91st_alerts_call(clean: Sandbox) -> None:
    """The documented 100 a minute, less the 10% margin that keeps a run at the quota clear of
    the service's own 429s."""
    clock = ManualClock()
    c = client(clean, clock=clock)
    alert_id = c.alerts.list(top=1).to_list()[0]["id"]
    for _ in range(89):
        c.alerts.get(alert_id)
    assert clock.sleeps == []
    c.alerts.get(alert_id)  # the 91st call of the minute
    assert clock.sleeps == [60.0]
    # Machines have their own budget.
    c.machines.list(top=1).to_list()
    assert clock.sleeps == [60.0]
    assert len(api_requests(clean, "/api/alerts")) == 91


def test_clients_of_one_app_share_one_budget(clean: Sandbox) -> None:
    clock = ManualClock()
    first, second = client(clean, clock=clock), client(clean, clock=clock)
    for _ in range(20):
        first.hunting.run("DeviceInfo | take 1")
        second.hunting.run("DeviceInfo | take 1")
    assert clock.sleeps == []
    second.hunting.run("DeviceInfo | take 1")
    assert clock.sleeps == [60.0]


def test_hunting_budget_is_40_a_minute(clean: Sandbox) -> None:
    clock = ManualClock()
    c = client(clean, clock=clock)
    for _ in range(40):
        c.hunting.run("DeviceInfo | take 1")
    assert clock.sleeps == []
    c.hunting.run("DeviceInfo | take 1", endpoint="mde")  # both endpoints share the family
    assert clock.sleeps == [60.0]


def test_rate_limit_false_never_waits(clean: Sandbox) -> None:
    clock = ManualClock()
    c = client(clean, clock=clock, rate_limit=False)
    for _ in range(50):
        c.hunting.run("DeviceInfo | take 1")
    assert clock.sleeps == []


async def test_async_client_budget_shared_by_tasks(clean: Sandbox) -> None:
    clock = ManualClock()
    c = async_client(clean, clock=clock)
    await asyncio.gather(*(c.hunting.run("DeviceInfo | take 1") for _ in range(41)))
    assert clock.sleeps == [60.0]


def test_with_options_shares_the_budget(clean: Sandbox) -> None:
    clock = ManualClock()
    c = client(clean, clock=clock)
    other = c.with_options(max_retries=1)
    for _ in range(20):
        c.hunting.run("DeviceInfo | take 1")
        other.hunting.run("DeviceInfo | take 1")
    assert clock.sleeps == []
    other.hunting.run("DeviceInfo | take 1")
    assert clock.sleeps == [60.0]


def test_sandbox_throttles_with_retry_after(strict: Sandbox) -> None:
    strict.clear_requests()
    c = client(strict, rate_limit=False, max_retries=0)
    for _ in range(5):
        c.machines.list().to_list()
    with raises(ThrottledError) as info:
        c.machines.list().to_list()
    e = info.value
    assert e.status_code == 429 and e.code == "TooManyRequests"
    assert e.retry_after is not None and 1 <= e.retry_after <= 60
    assert "Rate limit is exceeded" in e.message
    statuses = [r["status"] for r in api_requests(strict, "/api/machines")]
    assert statuses == [200] * 5 + [429]


def test_sandbox_throttle_retried_on_the_manual_clock(strict: Sandbox) -> None:
    """Retries follow Retry-After on the clock (nothing is slept); the sandbox's real minute has
    not passed, so retries run out and the error carries the last Retry-After."""
    strict.clear_requests()
    clock = ManualClock()
    c = client(strict, clock=clock, rate_limit=False, max_retries=2)
    for _ in range(5):
        try:
            c.alerts.list().to_list()
        except ThrottledError:
            break
    with raises(ThrottledError):
        c.alerts.list().to_list()
    assert len(clock.sleeps) >= 2
    assert all(1 <= s <= 60 for s in clock.sleeps)


def test_a_limiter_wait_is_logged_at_info(clean: Sandbox, caplog: pytest.LogCaptureFixture) -> None:
    """A wait in the client-side limiter says so at INFO ("waiting 60 s for the hunting
    quota"), so a stalled run never looks like a hang."""
    import logging

    import mdekit

    caplog.set_level(logging.INFO, logger="mdekit_core")
    mdekit.refresh_logging()
    clock = ManualClock()
    c = client(clean, clock=clock)
    for _ in range(41):
        c.hunting.run("DeviceInfo | take 1")
    assert clock.sleeps == [60.0]
    assert any("waiting 60 s for the hunting quota" in r.getMessage() for r in caplog.records)
