"""Configuration: clouds, regions, host overrides and from_env. Construction does no network I/O
(the hosts below do not exist, and the tests would hang or fail if anything were sent)."""

from __future__ import annotations

import pytest
from conftest import client, raises, remember_secret, token_requests
from mdekit import DefenderClient
from mdekit.aio import DefenderClient as AsyncDefenderClient
from mdekit.testing import Sandbox

CREDS = {
    "tenant_id": "8ecf8077-cf51-4820-aadd-14040956f35d",
    "client_id": "11111111-1111-1111-1111-111111111111",
    "client_secret": remember_secret("Cfg8Q~not-a-real-secret"),
}

ENV_NAMES = [
    "AZURE_TENANT_ID", "AZURE_CLIENT_ID", "AZURE_CLIENT_SECRET", "AZURE_AUTHORITY_HOST",
    "MDEKIT_CLOUD", "MDEKIT_REGION", "MDEKIT_API_BASE_URL", "MDEKIT_GRAPH_BASE_URL",
    "MDEKIT_MDE_AUDIENCE",
]


@pytest.fixture
def no_env(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    for name in ENV_NAMES:
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


# Hosts from reference §1.1-1.3 (Microsoft's "Supported MDE APIs" and gov.md pages).
@pytest.mark.parametrize(
    ("cloud", "authority", "api", "graph"),
    [
        (None, "https://login.microsoftonline.com", "https://api.security.microsoft.com",
         "https://graph.microsoft.com"),
        ("commercial", "https://login.microsoftonline.com", "https://api.security.microsoft.com",
         "https://graph.microsoft.com"),
        ("gcc", "https://login.microsoftonline.com", "https://api-gcc.securitycenter.microsoft.us",
         "https://graph.microsoft.com"),
        ("gcc-high", "https://login.microsoftonline.us",
         "https://api-gov.securitycenter.microsoft.us", "https://graph.microsoft.us"),
        ("dod", "https://login.microsoftonline.us", "https://api-gov.securitycenter.microsoft.us",
         "https://dod-graph.microsoft.us"),
    ],
)
@pytest.mark.parametrize("cls", [DefenderClient, AsyncDefenderClient])
def test_cloud_hosts(cls: type, cloud: str | None, authority: str, api: str, graph: str) -> None:
    c = cls(**CREDS, cloud=cloud)
    assert c.cloud == (cloud or "commercial")
    assert c.authority_host == authority
    assert c.api_base_url == api
    assert c.graph_base_url == graph
    assert c.tenant_id == CREDS["tenant_id"] and c.client_id == CREDS["client_id"]


@pytest.mark.parametrize("region", ["us", "eu", "uk", "au", "swa", "ina", "aea", "EU"])
def test_regions(region: str) -> None:
    c = DefenderClient(**CREDS, region=region)
    assert c.api_base_url == f"https://{region.lower()}.api.security.microsoft.com"
    assert c.graph_base_url == "https://graph.microsoft.com"


@pytest.mark.parametrize(
    "kwargs",
    [
        {"cloud": "moon"},
        {"cloud": "china"},
        {"region": "mars"},
        {"region": "eu", "cloud": "gcc-high"},
        {"api_base_url": "http://example.com"},
        {"graph_base_url": "http://graph.example.com"},
        {"authority_host": "http://login.example.com"},
        {"api_base_url": "ftp://example.com"},
        {"api_base_url": "https://user:pw@example.com"},
        {"api_base_url": "not a url"},
        {"tenant_id": "../etc"},
        {"tenant_id": ""},
        {"client_secret": ""},
        {"timeout": 0},
        {"retry_backoff": -1.0},
    ],
)
@pytest.mark.parametrize("cls", [DefenderClient, AsyncDefenderClient])
def test_bad_configuration(cls: type, kwargs: dict[str, object]) -> None:
    with raises(ValueError):
        cls(**{**CREDS, **kwargs})


def test_missing_credentials() -> None:
    with raises(ValueError, match="client_secret"):
        DefenderClient(tenant_id=CREDS["tenant_id"], client_id=CREDS["client_id"])


@pytest.mark.parametrize(
    "url", ["https://example.com", "https://api.securitycenter.microsoft.com/", "http://127.0.0.1:9",
            "http://localhost:9", "http://[::1]:9"],
)
def test_https_or_loopback_accepted(url: str) -> None:
    c = DefenderClient(**CREDS, api_base_url=url)
    assert c.api_base_url == url.rstrip("/")


def test_overrides_beat_the_cloud() -> None:
    c = DefenderClient(**CREDS, cloud="gcc-high", api_base_url="https://api.example.test",
                       graph_base_url="https://graph.example.test",
                       authority_host="https://login.example.test")
    assert c.cloud == "gcc-high"
    assert (c.api_base_url, c.graph_base_url, c.authority_host) == (
        "https://api.example.test", "https://graph.example.test", "https://login.example.test")


# ---------------------------------------------------------------- from_env


def test_from_env_reaches_the_sandbox(clean: Sandbox, no_env: pytest.MonkeyPatch) -> None:
    for k, v in clean.env().items():
        no_env.setenv(k, v)
    c = DefenderClient.from_env()
    assert c.api_base_url == clean.base_url
    assert c.tenant_id == clean.tenant_id
    assert len(c.machines.list(top=3).to_list()) == 3
    assert len(token_requests(clean)) == 1


async def test_async_from_env(clean: Sandbox, no_env: pytest.MonkeyPatch) -> None:
    for k, v in clean.env().items():
        no_env.setenv(k, v)
    c = AsyncDefenderClient.from_env()
    assert len(await c.alerts.list(top=2).to_list()) == 2


@pytest.mark.parametrize(
    "missing",
    [["AZURE_TENANT_ID"], ["AZURE_CLIENT_SECRET"], ["AZURE_CLIENT_ID", "AZURE_CLIENT_SECRET"],
     ["AZURE_TENANT_ID", "AZURE_CLIENT_ID", "AZURE_CLIENT_SECRET"]],
)
@pytest.mark.parametrize("cls", [DefenderClient, AsyncDefenderClient])
def test_from_env_missing(sb: Sandbox, no_env: pytest.MonkeyPatch, cls: type,
                          missing: list[str]) -> None:
    for k, v in sb.env().items():
        if k not in missing:
            no_env.setenv(k, v)
    with raises(ValueError) as info:
        cls.from_env()
    for name in missing:
        assert name in str(info.value)
    for name in set(ENV_NAMES[:3]) - set(missing):
        assert name not in str(info.value)


def test_from_env_blank_counts_as_missing(sb: Sandbox, no_env: pytest.MonkeyPatch) -> None:
    for k, v in sb.env().items():
        no_env.setenv(k, v)
    no_env.setenv("AZURE_CLIENT_ID", "   ")
    with raises(ValueError, match="AZURE_CLIENT_ID"):
        DefenderClient.from_env()


def test_from_env_keywords_win(clean: Sandbox, no_env: pytest.MonkeyPatch) -> None:
    env = clean.env()
    env["AZURE_CLIENT_SECRET"] = remember_secret("Env8Q~wrong-secret-from-env")
    env["MDEKIT_API_BASE_URL"] = "https://api.example.invalid"
    env["MDEKIT_CLOUD"] = "gcc"
    for k, v in env.items():
        no_env.setenv(k, v)
    c = DefenderClient.from_env(client_secret=clean.client_secret, api_base_url=clean.base_url,
                                cloud="commercial", clock=None, max_retries=0)
    assert c.cloud == "commercial"
    assert c.api_base_url == clean.base_url
    assert len(c.alerts.list(top=1).to_list()) == 1
    # Missing variables can be given as keywords instead.
    no_env.delenv("AZURE_TENANT_ID")
    c2 = DefenderClient.from_env(tenant_id=clean.tenant_id, client_secret=clean.client_secret,
                                 api_base_url=clean.base_url, cloud="commercial")
    assert c2.tenant_id == clean.tenant_id


def test_from_env_cloud_and_region(no_env: pytest.MonkeyPatch) -> None:
    no_env.setenv("AZURE_TENANT_ID", CREDS["tenant_id"])
    no_env.setenv("AZURE_CLIENT_ID", CREDS["client_id"])
    no_env.setenv("AZURE_CLIENT_SECRET", CREDS["client_secret"])
    no_env.setenv("MDEKIT_REGION", "uk")
    assert DefenderClient.from_env().api_base_url == "https://uk.api.security.microsoft.com"
    no_env.delenv("MDEKIT_REGION")
    no_env.setenv("MDEKIT_CLOUD", "dod")
    c = DefenderClient.from_env()
    assert c.cloud == "dod" and c.graph_base_url == "https://dod-graph.microsoft.us"
    no_env.setenv("MDEKIT_CLOUD", "nowhere")
    with raises(ValueError, match="nowhere"):
        DefenderClient.from_env()


def test_sandbox_client_helper(clean: Sandbox) -> None:
    c = client(clean)
    assert c.api_base_url == c.graph_base_url == c.authority_host == clean.base_url
    assert clean.base_url.startswith("http://127.0.0.1:")
