"""Any credential object (azure-identity's shape), granted permissions, and 403s that name the
permission a call needed."""

from __future__ import annotations

import time
from typing import Any, NamedTuple

import mdekit
import mdekit.aio
import pytest
from conftest import async_client, client, raises, remember_secret
from mdekit import ClientAuthenticationError, PermissionDeniedError
from mdekit.testing import ManualClock, Sandbox

MDE_SCOPE = "https://api.securitycenter.microsoft.com/.default"
GRAPH_SCOPE = "https://graph.microsoft.com/.default"


class AccessToken(NamedTuple):
    """The shape of ``azure.core.credentials.AccessToken``."""

    token: str
    expires_on: int


class SandboxCredential:
    """A credential like azure-identity's: mints tokens from the sandbox, counts calls."""

    def __init__(self, sb: Sandbox, roles: list[str] | None = None) -> None:
        self.sb = sb
        self.roles = roles
        self.calls: list[tuple[str, ...]] = []

    def _token(self, scopes: tuple[str, ...]) -> AccessToken:
        self.calls.append(scopes)
        audience = scopes[0].removesuffix("/.default")
        if self.roles is not None:
            roles = self.roles
        elif "graph" in audience:
            roles = ["ThreatHunting.Read.All"]
        else:
            roles = ["Alert.Read.All", "Machine.Read.All", "AdvancedQuery.Read.All"]
        token = self.sb.server.issue_token(self.sb.client_id, audience, roles)
        remember_secret(token)
        return AccessToken(token, int(time.time()) + 3600)

    def get_token(self, *scopes: str, **kwargs: Any) -> AccessToken:
        return self._token(scopes)


class AsyncSandboxCredential(SandboxCredential):
    async def get_token(self, *scopes: str, **kwargs: Any) -> AccessToken:  # type: ignore[override]
        return self._token(scopes)


class Broken:
    def get_token(self, *scopes: str, **kwargs: Any) -> AccessToken:
        raise RuntimeError("no sign-in possible here")


def wired(sb: Sandbox, credential: Any, *, aio: bool = False, **kw: Any) -> Any:
    cls = mdekit.aio.DefenderClient if aio else mdekit.DefenderClient
    return cls(
        credential=credential,
        authority_host=sb.base_url,
        api_base_url=sb.base_url,
        graph_base_url=sb.base_url,
        clock=ManualClock(),
        **kw,
    )


def test_python_credential_sync(clean: Sandbox) -> None:
    cred = SandboxCredential(clean)
    c = wired(clean, cred)
    assert len(c.alerts.list(top=3).to_list()) == 3
    c.machines.list(top=1).to_list()
    assert cred.calls == [(MDE_SCOPE,)]  # cached per audience
    c.hunting.run("DeviceInfo | take 1")
    assert cred.calls == [(MDE_SCOPE,), (GRAPH_SCOPE,)]
    assert c.tenant_id is None and "SandboxCredential" not in repr(c)


async def test_python_credential_async(clean: Sandbox) -> None:
    cred = AsyncSandboxCredential(clean)
    c = wired(clean, cred, aio=True)
    assert len(await c.alerts.list(top=2).to_list()) == 2
    result = await c.hunting.run("DeviceInfo | take 1")
    assert len(result) == 1
    assert cred.calls == [(MDE_SCOPE,), (GRAPH_SCOPE,)]
    # A sync credential works with the async client too (run off the event loop).
    sync_cred = SandboxCredential(clean)
    c2 = wired(clean, sync_cred, aio=True)
    assert len(await c2.machines.list(top=1).to_list()) == 1
    assert sync_cred.calls == [(MDE_SCOPE,)]


def test_credential_argument_checks(clean: Sandbox) -> None:
    with pytest.raises(TypeError, match="get_token"):
        wired(clean, object())
    with pytest.raises(TypeError, match="aio"):
        wired(clean, AsyncSandboxCredential(clean))
    with pytest.raises(ValueError, match="only one of"):
        wired(clean, SandboxCredential(clean), client_secret="x")


def test_credential_failure_is_authentication_error(clean: Sandbox) -> None:
    c = wired(clean, Broken())
    with raises(ClientAuthenticationError, match="no sign-in possible here") as info:
        c.alerts.list().to_list()
    assert "Broken.get_token failed: RuntimeError" in str(info.value)


async def test_async_credential_failure(clean: Sandbox) -> None:
    class AsyncBroken:
        async def get_token(self, *scopes: str, **kwargs: Any) -> AccessToken:
            raise ValueError("expired refresh token")

    c = wired(clean, AsyncBroken(), aio=True)
    with raises(ClientAuthenticationError, match="expired refresh token"):
        await c.alerts.get("da1_1")


def test_granted_permissions(clean: Sandbox) -> None:
    c = client(clean)
    granted = c.granted_permissions()
    assert "Alert.Read.All" in granted and "Machine.Isolate" in granted
    assert granted == sorted(granted)
    assert "ThreatHunting.Read.All" not in granted
    assert c.granted_permissions(api="graph") == [
        "SecurityAlert.ReadWrite.All", "SecurityIncident.ReadWrite.All", "ThreatHunting.Read.All"]
    with pytest.raises(ValueError):
        c.granted_permissions(api="xdr")  # type: ignore[arg-type]
    limited = wired(clean, SandboxCredential(clean, roles=["Machine.Read.All"]))
    assert limited.granted_permissions() == ["Machine.Read.All"]


async def test_granted_permissions_async(clean: Sandbox) -> None:
    c = async_client(clean)
    assert "Alert.ReadWrite.All" in await c.granted_permissions()


def test_403_names_the_permission(clean: Sandbox) -> None:
    secret = remember_secret("Only-Machines~secret-1")
    clean.server.register_app("0000aaaa-0000-0000-0000-00000000000a", secret, ["Machine.Read.All"])
    c = client(clean, client_id="0000aaaa-0000-0000-0000-00000000000a", client_secret=secret)
    assert c.granted_permissions() == ["Machine.Read.All"]
    c.machines.list(top=1).to_list()
    with raises(PermissionDeniedError) as info:
        c.alerts.list(top=1).to_list()
    e = info.value
    assert e.status_code == 403
    assert e.required_permissions == [
        "Alert.Read.All",
        "Alert.ReadWrite.All",
        "Alert.Read",
        "Alert.ReadWrite",
    ]
    assert "this call needs the permission Alert.Read.All or Alert.ReadWrite.All" in str(e)
    with raises(PermissionDeniedError) as info:
        c.hunting.run("DeviceInfo | take 1")
    assert info.value.required_permissions == ["ThreatHunting.Read.All"]


async def test_403_names_the_permission_async(clean: Sandbox) -> None:
    secret = remember_secret("Only-Alerts~secret-2")
    clean.server.register_app("0000bbbb-0000-0000-0000-00000000000b", secret, ["Alert.Read.All"])
    c = async_client(clean, client_id="0000bbbb-0000-0000-0000-00000000000b", client_secret=secret)
    with raises(PermissionDeniedError) as info:
        await c.hunting.run("DeviceInfo | take 1", endpoint="mde")
    assert info.value.required_permissions == ["AdvancedQuery.Read.All", "AdvancedQuery.Read"]
