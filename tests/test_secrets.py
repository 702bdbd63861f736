"""Secrets never show: not in reprs of clients, not in any exception the suite saw."""

from __future__ import annotations

import pytest
from conftest import (
    KNOWN_SECRETS,
    SEEN_EXCEPTIONS,
    async_client,
    check_exception,
    check_no_secrets,
    client,
    raises,
    remember_secret,
)
from mdekit import (
    BadRequestError,
    ClientAuthenticationError,
    PermissionDeniedError,
    ResourceNotFoundError,
    ServiceError,
    ServiceRequestError,
    ThrottledError,
)
from mdekit.testing import Sandbox

MDE = "https://api.securitycenter.microsoft.com"


@pytest.fixture(scope="module")
def tokens(sb: Sandbox) -> list[str]:
    issued = [
        sb.server.issue_token(sb.client_id, MDE, ["Alert.Read.All"]),
        sb.server.issue_token(sb.client_id, "https://graph.microsoft.com",
                              ["ThreatHunting.Read.All"]),
        sb.server.issue_token(sb.client_id, MDE, ["Alert.Read.All"], lifetime=-60),
    ]
    for t in issued:
        remember_secret(t)
        assert t.startswith("eyJ")
    return issued


def test_check_no_secrets_catches_leaks(sb: Sandbox, tokens: list[str]) -> None:
    """The guard used by every test actually catches secrets and token-shaped strings."""
    with pytest.raises(AssertionError):
        check_no_secrets(f"oops {sb.client_secret}")
    with pytest.raises(AssertionError):
        check_no_secrets(f"Bearer {tokens[0]}")
    check_no_secrets("nothing to see here")


def test_reprs(sb: Sandbox, tokens: list[str]) -> None:
    secret = sb.client_secret
    objects = [
        client(sb), sb.client(), async_client(sb), sb.async_client(),
        client(sb).alerts, client(sb).machines, client(sb).hunting,
        async_client(sb).alerts, client(sb).alerts.list(top=1),
        client(sb).with_options(max_retries=1), sb, sb.server,
    ]
    for obj in objects:
        for text in (repr(obj), str(obj)):
            assert secret not in text, f"secret in repr of {type(obj).__name__}"
            check_no_secrets(text)
    r = repr(sb.client())
    assert sb.tenant_id in r and sb.client_id in r and sb.base_url in r


def test_used_client_repr_has_no_token(clean: Sandbox) -> None:
    c = client(clean)
    c.alerts.list(top=1).to_list()
    c.hunting.run("DeviceInfo | take 1")
    for text in (repr(c), str(c), repr(c.stats), repr(c.hunting.run("DeviceInfo | take 1"))):
        check_no_secrets(text)


def test_exceptions_of_every_kind(clean: Sandbox, tokens: list[str]) -> None:
    secret = clean.client_secret
    c = client(clean, max_retries=0)
    clean.inject("/api/alerts", status=400, count=1)
    with raises(BadRequestError):
        c.alerts.list().to_list()
    clean.inject("/api/alerts", status=401, count=2)
    with raises(ClientAuthenticationError):
        c.alerts.list().to_list()
    clean.inject("/api/alerts", status=429, retry_after="3", count=1)
    with raises(ThrottledError):
        c.alerts.list().to_list()
    clean.inject("/api/alerts", status=503, count=1)
    with raises(ServiceError):
        c.alerts.list().to_list()
    clean.inject("/api/alerts", drop=True, count=1)
    with raises(ServiceRequestError):
        c.alerts.list().to_list()
    with raises(ResourceNotFoundError):
        c.alerts.get("nope1")
    with raises(ClientAuthenticationError):
        client(clean, client_secret=secret + "x").alerts.get("nope1")
    clean.server.register_app("readonly", remember_secret("ro-Q~secret-9"), ["Machine.Read.All"])
    with raises(PermissionDeniedError):
        client(clean, client_id="readonly", client_secret="ro-Q~secret-9").alerts.get("x1")


def test_every_exception_seen_by_the_suite(sb: Sandbox) -> None:
    """Runs last in this module; the earlier modules' exceptions are in SEEN_EXCEPTIONS too
    (pytest runs modules in file order, and this one sorts late)."""
    assert SEEN_EXCEPTIONS, "no exception recorded"
    assert KNOWN_SECRETS
    for e in list(SEEN_EXCEPTIONS):
        check_exception(e)
