"""Reliability under faults (issue 12): token requests, time limits and durations, and inputs
that used to panic. Each test sends the input that used to misbehave."""

from __future__ import annotations

import http.server
import threading
import time
from collections.abc import Iterator
from typing import Any, NamedTuple

import mdekit
import pytest
from conftest import (
    api_requests,
    client,
    new_sandbox,
    raises,
    remember_secret,
    token_requests,
)
from mdekit.testing import ManualClock, Sandbox

HUGE = [1e19, 1e20, 1e300]


@pytest.fixture(scope="module")
def sb() -> Iterator[Sandbox]:
    sandbox = new_sandbox(machines=20, alerts=50)
    try:
        yield sandbox
    finally:
        sandbox.stop()


@pytest.fixture
def clean(sb: Sandbox) -> Iterator[Sandbox]:
    sb.server.clear_faults()
    sb.clear_requests()
    yield sb
    sb.server.clear_faults()


def token_path(sb: Sandbox) -> str:
    return f"/{sb.tenant_id}/oauth2"


# ------------------------------------------------------------------ token requests


def test_a_token_endpoint_503_is_retried(clean: Sandbox) -> None:
    clean.inject(token_path(clean), status=503, count=2)
    clock = ManualClock()
    assert len(client(clean, clock=clock).alerts.list(top=3).to_list()) == 3
    assert len(token_requests(clean)) == 3
    assert len(clock.sleeps) == 2


def test_a_token_endpoint_5xx_is_a_service_error(clean: Sandbox) -> None:
    clean.inject(token_path(clean), status=500, count=10)
    with raises(mdekit.ServiceError) as info:
        client(clean, max_retries=0).alerts.list(top=3).to_list()
    assert info.value.status_code == 500
    assert not isinstance(info.value, mdekit.ClientAuthenticationError)


def test_a_dropped_token_connection_is_retried(clean: Sandbox) -> None:
    clean.inject(token_path(clean), drop=True)
    assert len(client(clean).alerts.list(top=3).to_list()) == 3


def test_a_token_endpoint_that_never_answers_honours_timeout(clean: Sandbox) -> None:
    clean.inject(token_path(clean), delay=3600.0, count=5)
    with raises(mdekit.ServiceRequestError, match="timed out"):
        client(clean, timeout=0.2, max_retries=0).alerts.list(top=3).to_list()


# ------------------------------------------------------------------ durations


@pytest.mark.parametrize("value", HUGE)
def test_huge_durations_are_value_errors(sb: Sandbox, value: float) -> None:
    with pytest.raises(ValueError, match="at most"):
        client(sb, timeout=value)
    with pytest.raises(ValueError, match="at most"):
        client(sb, retry_backoff=value)
    with pytest.raises(ValueError, match="at most"):
        client(sb, retry_total_timeout=value)
    c = client(sb)
    with pytest.raises(ValueError, match="at most"):
        c.with_options(timeout=value)
    with pytest.raises(ValueError, match="at most"):
        c.with_options(retry_total_timeout=value)
    with pytest.raises(ValueError, match="at most"):
        c.machine_actions.wait("a" * 36, timeout=value)
    with pytest.raises(ValueError, match="at most"):
        c.machine_actions.wait("a" * 36, poll_interval=value)
    with pytest.raises(ValueError, match="at most"):
        c.machines.isolate_many(["a" * 40], comment="x", wait=True, timeout=value)
    with pytest.raises(ValueError, match="at most"):
        ManualClock().advance(value)


class Token(NamedTuple):
    token: str
    expires_on: float


class FarFuture:
    def __init__(self, sb: Sandbox, expires_on: float) -> None:
        self.sb, self.expires_on, self.calls = sb, expires_on, 0

    def get_token(self, *scopes: str, **kwargs: Any) -> Token:
        self.calls += 1
        audience = scopes[0].removesuffix("/.default")
        token = self.sb.server.issue_token(self.sb.client_id, audience, ["Alert.Read.All"])
        remember_secret(token)
        return Token(token, self.expires_on)


@pytest.mark.parametrize("expires_on", [1e19, 1e300, time.time() + 1e12])
def test_a_credential_far_in_the_future_is_clamped(sb: Sandbox, expires_on: float) -> None:
    cred = FarFuture(sb, expires_on)
    c = mdekit.DefenderClient(
        credential=cred,
        authority_host=sb.base_url,
        api_base_url=sb.base_url,
        graph_base_url=sb.base_url,
        clock=ManualClock(),
    )
    assert len(c.alerts.list(top=2).to_list()) == 2
    assert len(c.alerts.list(top=2).to_list()) == 2
    assert cred.calls == 1


# ------------------------------------------------------------------ path parameters


@pytest.mark.parametrize("bad", [".", "..", "%2e%2e", ".%2E"])
def test_dot_ids_are_refused_before_sending(clean: Sandbox, bad: str) -> None:
    c = client(clean)
    calls = [
        lambda: c.alerts.get(bad),
        lambda: c.machines.get(bad),
        lambda: c.machine_actions.get(bad),
        lambda: c.investigations.get(bad),
        lambda: c.files.get(bad),
        lambda: c.ips.alerts(bad),
        lambda: c.domains.alerts(bad),
        lambda: c.users.alerts(bad),
        lambda: c.live_response.library_delete(bad),
        lambda: c.live_response.library_upload(b"x", file_name=bad),
    ]
    for call in calls:
        with pytest.raises(ValueError):
            result = call()
            if hasattr(result, "to_list"):
                result.to_list()
    assert [r for r in clean.requests() if r["path"].startswith(("/api/", "/v1.0/"))] == []


# ------------------------------------------------------------------ bulk


def test_bulk_dedup_of_100000_ids_keeps_first_occurrences_in_order(sb: Sandbox) -> None:
    ids = [f"{n:040x}" for n in range(100_000)]
    # Every id again, upper-cased (the same machine), after the originals.
    outcomes = client(sb).machines.isolate_many(
        ids + [i.upper() for i in ids[::7]], comment="IR-1", dry_run=True
    )
    assert [o["machineId"] for o in outcomes] == ids
    assert {o["outcome"] for o in outcomes} == {"dry_run"}


# ------------------------------------------------------------------ smaller validations


@pytest.mark.parametrize("bad", [-1, 2**32, 2**70])
def test_out_of_range_counts_are_value_errors(sb: Sandbox, bad: int) -> None:
    c = client(sb)
    for keyword in ("top", "skip", "page_size"):
        with pytest.raises(ValueError):
            c.alerts.list(**{keyword: bad})


def test_a_bool_is_not_a_count(clean: Sandbox) -> None:
    c = client(clean)
    with pytest.raises(TypeError):
        c.alerts.list(top=True)
    assert api_requests(clean) == []


def test_kql_parameter_names_cannot_be_tables_or_operators(clean: Sandbox) -> None:
    c = client(clean)
    for name in ("DeviceInfo", "print", "has"):
        with pytest.raises(ValueError):
            c.hunting.run("DeviceInfo | take 1", params={name: "x"})
    with pytest.raises(ValueError, match="timespan"):
        c.hunting.run("DeviceInfo | take 1", timespan="yesterday")
    assert api_requests(clean, "/v1.0/") == []


def test_expiration_time_is_validated_before_sending(clean: Sandbox) -> None:
    indicator = {
        "indicatorValue": "evil.example.com",
        "indicatorType": "DomainName",
        "action": "Block",
        "title": "t",
        "description": "d",
        "expirationTime": "tomorrow",
    }
    with pytest.raises(ValueError, match="expirationTime"):
        client(clean).indicators.import_batch([indicator])
    assert api_requests(clean) == []


@pytest.fixture
def null_api() -> Iterator[str]:
    """An API on loopback that answers every GET with ``200 null``."""

    class Null(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            body = b"null"
            self.send_response(200)
            self.send_header("content-type", "application/json")
            self.send_header("content-length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: Any) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Null)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()


def test_a_200_null_entity_is_a_service_response_error(sb: Sandbox, null_api: str) -> None:
    c = client(sb, api_base_url=null_api)
    with raises(mdekit.ServiceResponseError, match="null"):
        c.alerts.get("da637000000000000000_1")
    with raises(mdekit.ServiceResponseError, match="null"):
        c.machines.get("a" * 40)


@pytest.mark.parametrize("bad", [-1, 2**40])
def test_other_counts_are_value_errors_too(clean: Sandbox, bad: int) -> None:
    c = client(clean)
    with pytest.raises(ValueError):
        c.live_response.result_link("a" * 36, bad)
    with pytest.raises(ValueError):
        c.ips.stats("10.1.2.3", lookback_hours=bad)
    with pytest.raises(TypeError):
        c.ips.stats("10.1.2.3", lookback_hours=True)
    assert api_requests(clean) == []
