"""Real Microsoft clients against the sandbox's HTTPS authority: azure-identity credentials
plugged into mdekit (sync and async) and MSAL's ConfidentialClientApplication. The sandbox's CA
is trusted explicitly (``ca_bundle=``, ``connection_verify=``, ``verify=``), never by turning
verification off."""

from __future__ import annotations

import json
import ssl
import urllib.error
import urllib.request
from collections.abc import Iterator
from typing import Any

import mdekit
import mdekit.aio
import pytest
from conftest import new_sandbox, raises, remember_secret
from mdekit import ClientAuthenticationError, ServiceRequestError
from mdekit.testing import ManualClock, Sandbox

azure_identity = pytest.importorskip("azure.identity")
msal = pytest.importorskip("msal")

MDE_SCOPE = "https://api.securitycenter.microsoft.com/.default"


@pytest.fixture(scope="module")
def tls_sb() -> Iterator[Sandbox]:
    sb = new_sandbox(https=True, machines=20, alerts=30)
    try:
        yield sb
    finally:
        sb.stop()


@pytest.fixture(autouse=True)
def no_env_ca_override(monkeypatch: pytest.MonkeyPatch) -> None:
    # requests lets REQUESTS_CA_BUNDLE / CURL_CA_BUNDLE override a session's `verify` (a known
    # requests quirk), which would hide MSAL's `verify=` in environments that set them.
    monkeypatch.delenv("REQUESTS_CA_BUNDLE", raising=False)
    monkeypatch.delenv("CURL_CA_BUNDLE", raising=False)


def get_json(sb: Sandbox, path: str) -> tuple[int, Any]:
    ctx = ssl.create_default_context(cafile=sb.ca_cert_path)
    try:
        with urllib.request.urlopen(sb.base_url + path, context=ctx) as r:
            return r.status, json.load(r)
    except urllib.error.HTTPError as e:
        return e.code, json.load(e)


def test_https_sandbox_and_discovery_documents(tls_sb: Sandbox) -> None:
    assert tls_sb.base_url.startswith("https://127.0.0.1:")
    assert tls_sb.ca_cert_pem and "BEGIN CERTIFICATE" in tls_sb.ca_cert_pem
    status, v2 = get_json(tls_sb, f"/{tls_sb.tenant_id}/v2.0/.well-known/openid-configuration")
    assert status == 200
    assert v2["token_endpoint"] == f"{tls_sb.base_url}/{tls_sb.tenant_id}/oauth2/v2.0/token"
    assert v2["issuer"] == f"{tls_sb.base_url}/{tls_sb.tenant_id}/v2.0"
    assert v2["device_authorization_endpoint"].endswith("/oauth2/v2.0/devicecode")
    status, v1 = get_json(tls_sb, f"/{tls_sb.tenant_id}/.well-known/openid-configuration")
    assert status == 200 and v1["token_endpoint"].endswith("/oauth2/token")
    assert v1["issuer"] == f"https://sts.windows.net/{tls_sb.tenant_id}/"
    status, err = get_json(tls_sb, "/no-such-tenant/v2.0/.well-known/openid-configuration")
    assert status == 400 and err["error_codes"] == [90002]


def test_verification_stays_on(tls_sb: Sandbox) -> None:
    # Without the CA bundle the sandbox's certificate is not trusted: no silent fallback.
    c = tls_sb.client(ca_bundle=None, max_retries=0, clock=ManualClock())
    with raises(ServiceRequestError):
        c.alerts.list(top=1).to_list()
    with pytest.raises(ValueError, match="ca_bundle"):
        tls_sb.client(ca_bundle="/nonexistent/ca.pem")


def test_mdekit_over_https(tls_sb: Sandbox) -> None:
    c = tls_sb.client(clock=ManualClock())
    assert len(c.alerts.list(top=5).to_list()) == 5
    assert "Alert.Read.All" in c.granted_permissions()


def test_from_env_reads_ca_bundle(tls_sb: Sandbox, monkeypatch: pytest.MonkeyPatch) -> None:
    for k, v in tls_sb.env().items():
        monkeypatch.setenv(k, v)
    c = mdekit.DefenderClient.from_env(clock=ManualClock())
    assert len(c.machines.list(top=2).to_list()) == 2


def azure_credential(sb: Sandbox, module: Any, secret: str | None = None) -> Any:
    return module.ClientSecretCredential(
        sb.tenant_id,
        sb.client_id,
        secret or sb.client_secret,
        authority=sb.base_url,
        connection_verify=sb.ca_cert_path,
        disable_instance_discovery=True,
    )


def test_azure_identity_client_secret_credential(tls_sb: Sandbox) -> None:
    cred = azure_credential(tls_sb, azure_identity)
    c = mdekit.DefenderClient(
        credential=cred,
        api_base_url=tls_sb.base_url,
        graph_base_url=tls_sb.base_url,
        ca_bundle=tls_sb.ca_cert_path,
        clock=ManualClock(),
    )
    tls_sb.clear_requests()
    assert len(c.alerts.list(top=3).to_list()) == 3
    result = c.hunting.run("DeviceInfo | take 1")
    assert len(result) == 1
    paths = [r["path"] for r in tls_sb.requests()]
    # azure-identity (through MSAL) read the discovery document, then asked for two tokens.
    assert f"/{tls_sb.tenant_id}/v2.0/.well-known/openid-configuration" in paths
    assert paths.count(f"/{tls_sb.tenant_id}/oauth2/v2.0/token") == 2


def test_azure_identity_wrong_secret(tls_sb: Sandbox) -> None:
    wrong = remember_secret("Azure~Identity-wrong-secret-99")
    cred = azure_credential(tls_sb, azure_identity, wrong)
    c = mdekit.DefenderClient(
        credential=cred, api_base_url=tls_sb.base_url, ca_bundle=tls_sb.ca_cert_path
    )
    with raises(ClientAuthenticationError, match="AADSTS7000215"):
        c.alerts.list(top=1).to_list()


async def test_azure_identity_aio_credential(tls_sb: Sandbox) -> None:
    aio_identity = pytest.importorskip("azure.identity.aio")
    pytest.importorskip("aiohttp")
    cred = azure_credential(tls_sb, aio_identity)
    async with cred:
        c = mdekit.aio.DefenderClient(
            credential=cred,
            api_base_url=tls_sb.base_url,
            graph_base_url=tls_sb.base_url,
            ca_bundle=tls_sb.ca_cert_path,
            clock=ManualClock(),
        )
        assert len(await c.machines.list(top=2).to_list()) == 2
        assert "Machine.Read.All" in await c.granted_permissions()


def test_msal_confidential_client(tls_sb: Sandbox) -> None:
    app = msal.ConfidentialClientApplication(
        tls_sb.client_id,
        client_credential=tls_sb.client_secret,
        authority=f"{tls_sb.base_url}/{tls_sb.tenant_id}",
        verify=tls_sb.ca_cert_path,
        instance_discovery=False,
    )
    result = app.acquire_token_for_client(scopes=[MDE_SCOPE])
    assert "access_token" in result, {k: v for k, v in result.items() if k != "access_token"}
    remember_secret(result["access_token"])
    assert result["token_type"] == "Bearer"
    bad = msal.ConfidentialClientApplication(
        tls_sb.client_id,
        client_credential="not-the-secret",
        authority=f"{tls_sb.base_url}/{tls_sb.tenant_id}",
        verify=tls_sb.ca_cert_path,
        instance_discovery=False,
    )
    failed = bad.acquire_token_for_client(scopes=[MDE_SCOPE])
    assert failed["error"] == "invalid_client" and 7000215 in failed["error_codes"]


def test_azure_identity_certificate_credential(tls_sb: Sandbox, tmp_path: Any) -> None:
    """The sandbox verifies the client assertions real clients sign (RS256/PS256, x5t)."""
    crypto = pytest.importorskip("cryptography")
    assert crypto
    from cryptography.hazmat.primitives import serialization
    from test_certificate import make_cert, pem_of

    app = "d4d4d4d4-0000-4000-8000-0000000000d4"
    tls_sb.server.register_app(app, remember_secret("unused~interop-secret"), ["Alert.Read.All"])
    key, cert = make_cert("interop")
    tls_sb.server.add_app_certificate(app, cert.public_bytes(serialization.Encoding.PEM))
    path = tmp_path / "app.pem"
    path.write_bytes(pem_of(key, cert, serialization.PrivateFormat.PKCS8))
    cred = azure_identity.CertificateCredential(
        tls_sb.tenant_id,
        app,
        certificate_path=str(path),
        authority=tls_sb.base_url,
        connection_verify=tls_sb.ca_cert_path,
        disable_instance_discovery=True,
    )
    c = mdekit.DefenderClient(
        credential=cred, api_base_url=tls_sb.base_url, ca_bundle=tls_sb.ca_cert_path
    )
    assert c.granted_permissions() == ["Alert.Read.All"]
    # mdekit's own certificate credential against the same app, over HTTPS.
    own = tls_sb.client(client_secret=None, client_id=app, certificate_path=str(path))
    assert len(own.alerts.list(top=1).to_list()) == 1
