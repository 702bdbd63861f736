"""Username/password (discouraged, no MFA), refresh-token reuse and revocation, and managed
identity (IMDS and App Service endpoints), sync and async, against the sandbox."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import mdekit
import mdekit.aio
import pytest
from conftest import new_sandbox, raises, remember_secret, token_requests
from mdekit import (
    ClientAuthenticationError,
    DeviceCodeCredential,
    ManagedIdentityCredential,
    ServiceRequestError,
    UsernamePasswordCredential,
)
from mdekit.testing import ManualClock, Sandbox

MDE_SCOPE = "https://api.securitycenter.microsoft.com/.default"


@pytest.fixture(scope="module")
def sb() -> Iterator[Sandbox]:
    sandbox = new_sandbox(machines=10, alerts=10)
    remember_secret(sandbox.password)
    remember_secret(sandbox.server.identity_header)
    try:
        yield sandbox
    finally:
        sandbox.stop()


def client(sb: Sandbox, cred: Any, aio: bool = False) -> Any:
    cls = mdekit.aio.DefenderClient if aio else mdekit.DefenderClient
    return cls(
        credential=cred,
        api_base_url=sb.base_url,
        graph_base_url=sb.base_url,
        clock=ManualClock(),
        max_retries=0,
    )


def password_credential(sb: Sandbox, **kw: Any) -> UsernamePasswordCredential:
    return UsernamePasswordCredential(
        tenant_id=sb.tenant_id,
        client_id=sb.public_client_id,
        username=kw.pop("username", sb.username),
        password=kw.pop("password", sb.password),
        authority_host=sb.base_url,
    )


def test_username_password(sb: Sandbox) -> None:
    cred = password_credential(sb)
    assert sb.password not in repr(cred) and "***" in repr(cred)
    sb.clear_requests()
    c = client(sb, cred)
    assert len(c.alerts.list(top=1).to_list()) == 1
    assert "Alert.Read" in c.granted_permissions()
    c.hunting.run("DeviceInfo | take 1")  # second audience through the refresh token
    assert len(token_requests(sb)) == 2


async def test_username_password_async(sb: Sandbox) -> None:
    c = client(sb, password_credential(sb), aio=True)
    assert len(await c.machines.list(top=1).to_list()) == 1


def test_wrong_password_and_mfa(sb: Sandbox) -> None:
    wrong = remember_secret("Not~The-Password-3")
    with raises(ClientAuthenticationError) as info:
        password_credential(sb, password=wrong).get_token(MDE_SCOPE)
    assert info.value.code == "invalid_grant" and info.value.aadsts == 50126
    with raises(ClientAuthenticationError) as info:
        password_credential(sb, username=sb.server.mfa_username).get_token(MDE_SCOPE)
    assert info.value.aadsts == 50076


async def test_mfa_async(sb: Sandbox) -> None:
    c = client(sb, password_credential(sb, username=sb.server.mfa_username), aio=True)
    with raises(ClientAuthenticationError) as info:
        await c.alerts.get("da1_1")
    assert info.value.aadsts == 50076


def test_revoked_refresh_token_means_a_new_sign_in(sb: Sandbox) -> None:
    prompts: list[dict[str, Any]] = []

    def approve(info: dict[str, Any]) -> None:
        prompts.append(info)
        sb.device_login(info["user_code"])

    cred = DeviceCodeCredential(
        tenant_id=sb.tenant_id,
        client_id=sb.public_client_id,
        prompt_callback=approve,
        authority_host=sb.base_url,
        clock=ManualClock(),
    )
    remember_secret(cred.get_token(MDE_SCOPE).token)
    remember_secret(cred.get_token("https://graph.microsoft.com/.default").token)
    assert len(prompts) == 1  # the refresh token served the second audience
    sb.server.revoke_refresh_tokens(sb.username)
    remember_secret(cred.get_token(MDE_SCOPE).token)
    assert len(prompts) == 2  # refused refresh token: signed in again


def test_refresh_token_handed_in(sb: Sandbox) -> None:
    import json
    import urllib.parse
    import urllib.request

    form = urllib.parse.urlencode(
        {
            "grant_type": "password",
            "client_id": sb.public_client_id,
            "username": sb.username,
            "password": sb.password,
            "scope": MDE_SCOPE + " offline_access",
        }
    ).encode()
    url = f"{sb.base_url}/{sb.tenant_id}/oauth2/v2.0/token"
    with urllib.request.urlopen(url, data=form) as r:
        refresh = remember_secret(json.load(r)["refresh_token"])

    def no_prompt(info: dict[str, Any]) -> None:
        raise AssertionError("no sign-in expected")

    cred = DeviceCodeCredential(
        tenant_id=sb.tenant_id,
        client_id=sb.public_client_id,
        prompt_callback=no_prompt,
        authority_host=sb.base_url,
        refresh_token=refresh,
    )
    c = client(sb, cred)
    assert len(c.alerts.list(top=1).to_list()) == 1


@pytest.mark.parametrize("app_service", [False, True])
def test_managed_identity(sb: Sandbox, app_service: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    for k in ("IDENTITY_ENDPOINT", "IDENTITY_HEADER", "AZURE_POD_IDENTITY_AUTHORITY_HOST"):
        monkeypatch.delenv(k, raising=False)
    for k, v in sb.managed_identity_env(app_service=app_service).items():
        monkeypatch.setenv(k, v)
    cred = ManagedIdentityCredential()
    assert sb.server.identity_header not in repr(cred)
    c = client(sb, cred)
    assert len(c.alerts.list(top=1).to_list()) == 1
    assert c.granted_permissions() == [
        "AdvancedQuery.Read.All",
        "Alert.Read.All",
        "Machine.Read.All",
    ]
    assert c.granted_permissions(api="graph") == ["ThreatHunting.Read.All"]
    user_assigned = client(
        sb, ManagedIdentityCredential(client_id=sb.server.managed_identity_client_id)
    )
    assert len(user_assigned.machines.list(top=1).to_list()) == 1
    unknown = client(
        sb, ManagedIdentityCredential(client_id="00000000-0000-4000-8000-000000000001")
    )
    with raises(ClientAuthenticationError, match="Identity not found"):
        unknown.alerts.list(top=1).to_list()


async def test_managed_identity_async(sb: Sandbox, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("IDENTITY_ENDPOINT", raising=False)
    monkeypatch.setenv("AZURE_POD_IDENTITY_AUTHORITY_HOST", sb.base_url)
    c = client(sb, ManagedIdentityCredential(), aio=True)
    assert len(await c.alerts.list(top=1).to_list()) == 1


def test_managed_identity_failures(sb: Sandbox, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("IDENTITY_ENDPOINT", f"{sb.base_url}/msi/token")
    monkeypatch.setenv("IDENTITY_HEADER", remember_secret("wrong-identity-header"))
    with raises(ClientAuthenticationError) as info:
        ManagedIdentityCredential().get_token(MDE_SCOPE)
    assert info.value.status_code == 401
    monkeypatch.delenv("IDENTITY_ENDPOINT")
    monkeypatch.setenv("AZURE_POD_IDENTITY_AUTHORITY_HOST", "http://127.0.0.1:1")
    with raises(ServiceRequestError):
        ManagedIdentityCredential().get_token(MDE_SCOPE)
    monkeypatch.setenv("AZURE_POD_IDENTITY_AUTHORITY_HOST", "http://example.com")
    with pytest.raises(ValueError, match="loopback"):
        ManagedIdentityCredential()


def test_v1_endpoint_user_grants(sb: Sandbox) -> None:
    """The flow of the older MDE native-app page: v1 endpoint, `resource=`, `grant_type=password`
    (reference §2.5); then the v1 device code endpoint (`verification_url`, `code=`)."""
    import base64
    import json
    import urllib.error
    import urllib.parse
    import urllib.request

    def post(path: str, form: dict[str, str]) -> tuple[int, Any]:
        data = urllib.parse.urlencode(form).encode()
        try:
            with urllib.request.urlopen(f"{sb.base_url}/{sb.tenant_id}{path}", data=data) as r:
                return r.status, json.load(r)
        except urllib.error.HTTPError as e:
            return e.code, json.load(e)

    resource = "https://api.securitycenter.microsoft.com"
    status, body = post(
        "/oauth2/token",
        {
            "grant_type": "password",
            "client_id": sb.public_client_id,
            "username": sb.username,
            "password": sb.password,
            "resource": resource,
        },
    )
    assert status == 200
    remember_secret(body["access_token"])
    remember_secret(body["refresh_token"])
    assert body["resource"] == resource and isinstance(body["expires_on"], str)
    payload = body["access_token"].split(".")[1]
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    assert "Alert.Read" in claims["scp"].split() and "roles" not in claims
    assert claims["upn"] == sb.username

    status, dc = post(
        "/oauth2/devicecode", {"client_id": sb.public_client_id, "resource": resource}
    )
    assert status == 200 and dc["verification_url"].endswith("/devicelogin")
    sb.device_login(dc["user_code"])
    status, body = post(
        "/oauth2/token",
        {"grant_type": "device_code", "client_id": sb.public_client_id, "code": dc["device_code"]},
    )
    assert status == 200
    remember_secret(body["access_token"])
    remember_secret(body["refresh_token"])
