"""Property tests (hypothesis) against the sandbox: the id check in front of every path, and the
handling of any `Retry-After` a service may send."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import unquote

import mdekit
import pytest
from conftest import client, new_sandbox
from mdekit.testing import ManualClock, Sandbox

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

SETTINGS = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)


@pytest.fixture(scope="module")
def sb() -> Iterator[Sandbox]:
    sandbox = new_sandbox(machines=5, alerts=5, rate_limits=False)
    try:
        yield sandbox
    finally:
        sandbox.stop()


IDS = st.one_of(
    st.text(max_size=40),
    st.sampled_from([".", "..", "%2e", "%2E%2e", "a/..", "../x", "a?b", "a#b", "a%2fb", " "]),
    st.from_regex(r"da[0-9]{18}_-?[0-9]{1,10}", fullmatch=True),
)


@SETTINGS
@given(alert_id=IDS)
def test_an_id_never_changes_the_path(sb: Sandbox, alert_id: str) -> None:
    c = client(sb, max_retries=0)
    sb.clear_requests()
    try:
        c.alerts.get(alert_id)
    except (ValueError, TypeError):
        assert [r for r in sb.requests() if r["path"].startswith("/api/")] == []
        return
    except mdekit.HttpResponseError:
        pass
    sent = [r["path"] for r in sb.requests() if r["path"].startswith("/api/")]
    assert len(sent) == 1
    prefix, _, segment = sent[0].rpartition("/")
    assert prefix == "/api/alerts"
    assert unquote(segment) == alert_id
    assert unquote(segment) not in ("", ".", "..")


RETRY_AFTER = st.one_of(
    st.integers(min_value=0, max_value=10**15).map(str),
    st.floats(min_value=0, max_value=1e6, allow_nan=False).map(lambda f: f"{f:.3f}"),
    st.sampled_from(
        ["", "-1", "1e9", "inf", "NaN", "+5", "Wed, 21 Oct 2015 07:28:00 GMT", "soon", "0x10"]
    ),
    st.text(alphabet="0123456789. ,:-GMTWedOct", max_size=30),
)


@SETTINGS
@given(value=RETRY_AFTER)
def test_any_retry_after_is_honoured_bounded_or_given_up(sb: Sandbox, value: str) -> None:
    sb.server.clear_faults()
    clock = ManualClock()
    c = client(sb, clock=clock, max_retries=1)
    sb.inject("/api/machines", status=429, retry_after=value)
    try:
        assert len(c.machines.list(top=1).to_list()) == 1
    except mdekit.ThrottledError:
        pass
    # Never a wait beyond the retry cap (300 s), whatever the header said.
    assert all(0 <= s <= 300 for s in clock.sleeps), (value, clock.sleeps)
    sb.server.clear_faults()
    # And the client stays usable: a later call with no fault is not frozen for long.
    later = client(sb, clock=ManualClock(), max_retries=0)
    try:
        later.machines.list(top=1).to_list()
    except mdekit.ThrottledError as e:
        assert e.retry_after is not None and e.retry_after <= 3600
