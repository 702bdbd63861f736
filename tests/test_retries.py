"""Retries: 429 with Retry-After, 5xx with backoff, dropped and truncated responses, exhaustion.

Every client here has a ManualClock: waits are recorded in ``clock.sleeps`` and return at once.
"""

from __future__ import annotations

from typing import Any

import pytest
from conftest import api_requests, async_client, raises, token_requests
from mdekit import ServiceError, ServiceRequestError, ThrottledError
from mdekit.testing import ManualClock, Sandbox

ALERTS = "/api/alerts"
GRAPH_HUNT = "/v1.0/security/runHuntingQuery"
MDE_HUNT = "/api/advancedqueries/run"


@pytest.fixture(scope="module")
def alert_id(sb: Sandbox) -> str:
    return sb.client(max_retries=0).alerts.list(top=1).to_list()[0]["id"]


def statuses(log: list[dict[str, Any]]) -> list[tuple[int, bool]]:
    return [(r["status"], r["faulted"]) for r in log]


def test_429_retry_after_is_honoured(clean: Sandbox, alert_id: str) -> None:
    clock = ManualClock()
    c = clean.client(clock=clock, rate_limit=False)
    clean.inject(ALERTS, status=429, retry_after="2", count=1)
    assert c.alerts.get(alert_id)["id"] == alert_id
    assert statuses(api_requests(clean, ALERTS)) == [(429, True), (200, False)]
    assert 2.0 in clock.sleeps
    assert clock.sleeps == [2.0]  # Retry-After wins over the computed backoff
    assert c.stats["retries"] == 1 and c.stats["attempts"] == 2


def test_503_twice_retried_with_backoff(clean: Sandbox, alert_id: str) -> None:
    clock = ManualClock()
    c = clean.client(clock=clock, rate_limit=False, retry_backoff=1.0)
    clean.inject(ALERTS, status=503, count=2)
    assert c.alerts.get(alert_id)["id"] == alert_id
    assert statuses(api_requests(clean, ALERTS)) == [(503, True), (503, True), (200, False)]
    first, second = clock.sleeps
    # Exponential backoff with jitter in [base/2, base]: base 1 s, then 2 s.
    assert 0.5 <= first <= 1.0
    assert 1.0 <= second <= 2.0
    assert c.stats == {"attempts": 3, "retries": 2, "token_refreshes_after_401": 0}


def test_dropped_connection_on_get_is_retried(clean: Sandbox, alert_id: str) -> None:
    clock = ManualClock()
    c = clean.client(clock=clock, rate_limit=False)
    clean.inject(ALERTS, drop=True, count=1)
    assert c.alerts.get(alert_id)["id"] == alert_id
    log = api_requests(clean, ALERTS)
    assert statuses(log) == [(0, True), (200, False)]
    assert len(clock.sleeps) == 1


def test_truncated_body_on_get_is_retried(clean: Sandbox) -> None:
    clock = ManualClock()
    c = clean.client(clock=clock, rate_limit=False)
    clean.inject(ALERTS, truncate=True, count=1)
    items = c.alerts.list(top=50).to_list()
    assert len(items) == 50
    log = api_requests(clean, ALERTS)
    assert [r["faulted"] for r in log] == [True, False]
    assert c.stats["retries"] == 1


def test_truncated_page_in_the_middle_of_paging(clean: Sandbox) -> None:
    c = clean.client(clock=ManualClock(), rate_limit=False)
    pager = c.alerts.list(page_size=400)
    first = next(pager.pages())
    clean.inject(ALERTS, truncate=True, count=1)
    rest = pager.to_list()
    got = [a["id"] for a in first + rest]
    assert len(got) == len(set(got)) == clean.count("alerts")


def test_retries_exhausted(clean: Sandbox, alert_id: str) -> None:
    clock = ManualClock()
    c = clean.client(clock=clock, rate_limit=False, max_retries=2)
    clean.inject(ALERTS, status=503, count=10)
    with raises(ServiceError) as info:
        c.alerts.get(alert_id)
    assert info.value.status_code == 503
    assert len(api_requests(clean, ALERTS)) == 3
    assert len(clock.sleeps) == 2


def test_retries_exhausted_on_drops(clean: Sandbox, alert_id: str) -> None:
    c = clean.client(clock=ManualClock(), rate_limit=False, max_retries=1)
    clean.inject(ALERTS, drop=True, count=5)
    with raises(ServiceRequestError):
        c.alerts.get(alert_id)
    assert len(api_requests(clean, ALERTS)) == 2


def test_throttled_retries_exhausted(clean: Sandbox) -> None:
    clock = ManualClock()
    c = clean.client(clock=clock, rate_limit=False, max_retries=3)
    clean.inject(ALERTS, status=429, retry_after="1", count=10)
    with raises(ThrottledError) as info:
        c.alerts.list().to_list()
    assert info.value.retry_after == 1.0
    assert clock.sleeps == [1.0, 1.0, 1.0]


def test_retry_after_beyond_limit_is_not_waited_for(clean: Sandbox) -> None:
    clock = ManualClock()
    c = clean.client(clock=clock, rate_limit=False)
    clean.inject(ALERTS, status=429, retry_after="3600", count=1)
    with raises(ThrottledError) as info:
        c.alerts.list().to_list()
    assert info.value.retry_after == 3600.0
    assert clock.sleeps == []


def test_no_retry_on_4xx(clean: Sandbox) -> None:
    from mdekit import BadRequestError

    clock = ManualClock()
    c = clean.client(clock=clock, rate_limit=False)
    clean.inject(ALERTS, status=400, count=3)
    with raises(BadRequestError):
        c.alerts.list().to_list()
    assert len(api_requests(clean, ALERTS)) == 1
    assert clock.sleeps == []


def test_with_options_shares_tokens_but_not_retry_policy(clean: Sandbox, alert_id: str) -> None:
    clock = ManualClock()
    c = clean.client(clock=clock, rate_limit=False)
    c.alerts.get(alert_id)
    strict = c.with_options(max_retries=0)
    clean.inject(ALERTS, status=503, count=1)
    with raises(ServiceError):
        strict.alerts.get(alert_id)
    clean.inject(ALERTS, status=503, count=1)
    assert c.alerts.get(alert_id)["id"] == alert_id
    assert len(token_requests(clean)) == 1


@pytest.mark.parametrize(("path", "endpoint"), [(GRAPH_HUNT, "graph"), (MDE_HUNT, "mde")])
def test_hunting_post_is_retried(clean: Sandbox, path: str, endpoint: str) -> None:
    """A hunting query is a POST that only reads, so it is retried like a GET."""
    clock = ManualClock()
    c = clean.client(clock=clock, rate_limit=False)
    clean.inject(path, status=503, count=1)
    clean.inject(path, drop=True, count=1)
    result = c.hunting.run("DeviceInfo | take 2", endpoint=endpoint)
    assert len(result.rows) == 2
    log = [r for r in clean.requests() if r["path"] == path]
    assert [r["method"] for r in log] == ["POST"] * 3
    assert statuses(log) == [(503, True), (0, True), (200, False)]
    assert len(clock.sleeps) == 2


def test_post_counts_match_the_pipeline_stats(clean: Sandbox, alert_id: str) -> None:
    """The client has no state-changing operation yet (no PATCH alert, no machine action), so the
    rule "a state-changing POST is never repeated unless the service provably did not run it" can
    only be checked through what exists: the pipeline's own counters must agree exactly with what
    the sandbox received, and the token POST (which the pipeline does not retry) goes out once.
    When a state-changing operation is added, extend this test with a 503/drop on it and assert a
    single POST reached the sandbox."""
    clock = ManualClock()
    c = clean.client(clock=clock, rate_limit=False)
    clean.inject(ALERTS, status=503, count=1)
    clean.inject(MDE_HUNT, status=500, count=1)
    c.alerts.get(alert_id)
    c.hunting.run("DeviceInfo | take 1", endpoint="mde")
    api = [r for r in clean.requests() if "/oauth2/" not in r["path"]]
    retried = [r for r in api if r["faulted"]]
    assert c.stats["attempts"] == len(api) == 4
    assert c.stats["retries"] == len(retried) == 2
    assert len(token_requests(clean)) == 1  # one MDE token, requested once, never repeated
    assert len(clock.sleeps) == c.stats["retries"]


def test_failed_token_request_is_not_repeated(clean: Sandbox) -> None:
    from mdekit import ClientAuthenticationError

    c = clean.client(clock=ManualClock(), client_secret="wrong-secret")
    with raises(ClientAuthenticationError):
        c.alerts.list().to_list()
    assert len(token_requests(clean)) == 1
    assert api_requests(clean) == []


# ---------------------------------------------------------------- async


async def test_async_429_then_success(clean: Sandbox, alert_id: str) -> None:
    clock = ManualClock()
    c = async_client(clean, clock=clock, rate_limit=False)
    clean.inject(ALERTS, status=429, retry_after="2", count=1)
    assert (await c.alerts.get(alert_id))["id"] == alert_id
    assert clock.sleeps == [2.0]
    assert statuses(api_requests(clean, ALERTS)) == [(429, True), (200, False)]


async def test_async_5xx_drop_truncate_retried(clean: Sandbox) -> None:
    clock = ManualClock()
    c = async_client(clean, clock=clock, rate_limit=False)
    clean.inject(ALERTS, status=503, count=1)
    clean.inject(ALERTS, drop=True, count=1)
    clean.inject(ALERTS, truncate=True, count=1)
    items = [a async for a in c.alerts.list(top=10)]
    assert len(items) == 10
    assert [r["faulted"] for r in api_requests(clean, ALERTS)] == [True, True, True, False]
    assert len(clock.sleeps) == 3 and c.stats["retries"] == 3


async def test_async_retries_exhausted(clean: Sandbox) -> None:
    c = async_client(clean, clock=ManualClock(), rate_limit=False, max_retries=1)
    clean.inject(GRAPH_HUNT, status=500, count=5)
    with raises(ServiceError):
        await c.hunting.run("DeviceInfo | take 1")
    assert len([r for r in clean.requests() if r["path"] == GRAPH_HUNT]) == 2


# ---------------------------------------------------------------- Retry-After forms, timeouts


@pytest.mark.parametrize(("header", "expected"), [("0", 0.0), ("1.5", 1.5), ("  3 ", 3.0)])
def test_retry_after_seconds_forms(clean: Sandbox, header: str, expected: float) -> None:
    clock = ManualClock()
    c = clean.client(clock=clock, rate_limit=False)
    clean.inject(ALERTS, status=429, retry_after=header, count=1)
    c.alerts.list(top=1).to_list()
    assert clock.sleeps == [expected]


def test_retry_after_http_date(clean: Sandbox) -> None:
    import email.utils
    import time

    clock = ManualClock()
    c = clean.client(clock=clock, rate_limit=False)
    when = email.utils.formatdate(time.time() + 30, usegmt=True)
    clean.inject(ALERTS, status=503, retry_after=when, count=1)
    clean.inject(ALERTS, status=429, retry_after="Wed, 21 Oct 2015 07:28:00 GMT", count=1)
    c.alerts.list(top=1).to_list()
    first, second = clock.sleeps
    assert 28 <= first <= 31
    assert second == 0.0  # a date in the past: retry at once


def test_garbage_retry_after_falls_back_to_backoff(clean: Sandbox) -> None:
    clock = ManualClock()
    c = clean.client(clock=clock, rate_limit=False, retry_backoff=0.8)
    clean.inject(ALERTS, status=429, retry_after="soon", count=1)
    c.alerts.list(top=1).to_list()
    (wait,) = clock.sleeps
    assert 0.4 <= wait <= 0.8


def test_408_is_retried(clean: Sandbox) -> None:
    clock = ManualClock()
    c = clean.client(clock=clock, rate_limit=False)
    clean.inject(ALERTS, status=408, count=1)
    assert len(c.alerts.list(top=2).to_list()) == 2
    assert len(clock.sleeps) == 1


def test_retry_total_timeout_stops_retrying(clean: Sandbox) -> None:
    clock = ManualClock()
    c = clean.client(clock=clock, rate_limit=False, retry_total_timeout=5)
    clean.inject(ALERTS, status=429, retry_after="10", count=1)
    with raises(ThrottledError):
        c.alerts.list().to_list()
    assert clock.sleeps == []
    assert len(api_requests(clean, ALERTS)) == 1


def test_attempt_timeout_then_retry(clean: Sandbox, alert_id: str) -> None:
    """One attempt may take ``timeout`` seconds (real time: the only real wait in this module)."""
    clock = ManualClock()
    c = clean.client(clock=clock, rate_limit=False, timeout=0.2)
    c.alerts.get(alert_id)  # token first
    clean.inject(ALERTS, delay=1.0, count=1)
    assert c.alerts.get(alert_id)["id"] == alert_id
    assert len(clock.sleeps) == 1
    clean.inject(ALERTS, delay=1.0, count=2)
    with raises(ServiceRequestError, match="timed out"):
        c.with_options(max_retries=1).alerts.get(alert_id)
