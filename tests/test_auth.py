"""Authentication: token errors, the token cache (one token per audience), refresh after a 401."""

from __future__ import annotations

import pytest
from conftest import api_requests, async_client, client, raises, remember_secret, token_requests
from mdekit import ClientAuthenticationError, MdeError
from mdekit.testing import Sandbox

WRONG = remember_secret("Wr0ng~Secret-never-shown-4711")


@pytest.fixture(scope="module")
def alert_id(sb: Sandbox) -> str:
    return client(sb).alerts.list(top=1).to_list()[0]["id"]


def test_wrong_secret(clean: Sandbox) -> None:
    c = client(clean, client_secret=WRONG)
    with raises(ClientAuthenticationError) as info:
        c.alerts.list().to_list()
    e = info.value
    assert isinstance(e, MdeError)
    assert e.code == "invalid_client"
    assert e.aadsts == 7000215
    assert "AADSTS7000215" in str(e)
    for text in (str(e), repr(e), *map(str, e.args), e.message):
        assert WRONG not in text
        assert clean.client_secret not in text
    assert len(token_requests(clean)) == 1
    assert api_requests(clean) == []  # nothing reached the API without a token


def test_unknown_client_id(clean: Sandbox) -> None:
    c = client(clean, client_id="00000000-0000-0000-0000-00000000beef")
    with raises(ClientAuthenticationError) as info:
        c.machines.list().to_list()
    assert info.value.code == "unauthorized_client"
    assert info.value.aadsts == 700016


def test_wrong_tenant(clean: Sandbox) -> None:
    c = client(clean, tenant_id="11111111-2222-3333-4444-555555555555")
    with raises(ClientAuthenticationError) as info:
        c.machines.list().to_list()
    assert info.value.aadsts == 90002


async def test_async_wrong_secret(clean: Sandbox) -> None:
    c = async_client(clean, client_secret=WRONG)
    with raises(ClientAuthenticationError) as info:
        await c.alerts.get("da1_1")
    assert info.value.code == "invalid_client" and info.value.aadsts == 7000215
    assert WRONG not in repr(info.value)


def test_token_cached_per_audience(clean: Sandbox, alert_id: str) -> None:
    c = client(clean)
    for _ in range(5):
        c.alerts.get(alert_id)
    c.machines.list(top=3).to_list()
    c.alerts.list(page_size=500).to_list()
    c.hunting.run("DeviceInfo | take 1", endpoint="mde")  # same MDE audience
    assert len(token_requests(clean)) == 1
    # Entra ID v2 token endpoint of the client's tenant (reference §2.2).
    assert token_requests(clean)[0]["path"] == f"/{clean.tenant_id}/oauth2/v2.0/token"
    c.hunting.run("DeviceInfo | take 1")  # Graph: a second audience, a second token
    c.hunting.run("DeviceInfo | take 2")
    assert len(token_requests(clean)) == 2
    # Clients made with with_options share the cache.
    c.with_options(max_retries=0).alerts.get(alert_id)
    assert len(token_requests(clean)) == 2


async def test_async_token_cached(clean: Sandbox, alert_id: str) -> None:
    import asyncio

    c = async_client(clean)
    # Concurrent first calls: a single token request (single flight).
    await asyncio.gather(*(c.alerts.get(alert_id) for _ in range(8)))
    assert len(token_requests(clean)) == 1
    await c.hunting.run("DeviceInfo | take 1")
    await c.hunting.run("DeviceInfo | take 1")
    assert len(token_requests(clean)) == 2


def test_401_refreshes_token_once_then_succeeds(clean: Sandbox, alert_id: str) -> None:
    c = client(clean)
    c.alerts.get(alert_id)
    assert len(token_requests(clean)) == 1
    clean.inject("/api/alerts", status=401, count=1)
    assert c.alerts.get(alert_id)["id"] == alert_id
    assert c.stats["token_refreshes_after_401"] == 1
    assert len(token_requests(clean)) == 2
    assert c.stats["retries"] == 0  # a refresh after 401 is not a retry
    # The fresh token is cached again.
    c.alerts.get(alert_id)
    assert len(token_requests(clean)) == 2


def test_second_401_is_an_error(clean: Sandbox, alert_id: str) -> None:
    c = client(clean)
    clean.inject("/api/alerts", status=401, count=2)
    with raises(ClientAuthenticationError) as info:
        c.alerts.get(alert_id)
    assert info.value.status_code == 401
    assert info.value.code == "Unauthorized"
    assert c.stats["token_refreshes_after_401"] == 1
    assert len(api_requests(clean, "/api/alerts")) == 2


async def test_async_401_refresh(clean: Sandbox, alert_id: str) -> None:
    c = async_client(clean)
    clean.inject("/v1.0/security/runHuntingQuery", status=401, count=1)
    result = await c.hunting.run("DeviceInfo | take 1")
    assert len(result) == 1
    assert c.stats["token_refreshes_after_401"] == 1
    assert len(token_requests(clean)) == 2
