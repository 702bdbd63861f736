"""Application-context credential objects (azure-identity's signatures): ClientSecretCredential,
CertificateCredential, ClientAssertionCredential and EnvironmentCredential as ``credential=`` of
both clients and on their own, against the sandbox's secret, certificate and assertion grants;
the keywords building the same credential; mixing them being an error; reprs without secrets."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import mdekit
import mdekit.aio
import pytest
from conftest import check_no_secrets, new_sandbox, raises, remember_secret, token_requests
from mdekit import (
    CertificateCredential,
    ClientAssertionCredential,
    ClientAuthenticationError,
    ClientSecretCredential,
    EnvironmentCredential,
)
from mdekit.testing import ManualClock, Sandbox

APP = "c3c3c3c3-0000-4000-8000-0000000a9900"
APP_SECRET = remember_secret("App9Q~object-secret-never-shown")
ISSUER = "https://token.actions.githubusercontent.com"
SUBJECT = "repo:contoso/soc:environment:prod"
PFX_PASSWORD = remember_secret("Pfx~0bject-Pa55")
MDE_SCOPE = "https://api.securitycenter.microsoft.com/.default"


@pytest.fixture(scope="module")
def sb() -> Iterator[Sandbox]:
    sandbox = new_sandbox(machines=5, alerts=5)
    sandbox.server.register_app(APP, APP_SECRET, ["Alert.Read.All", "Machine.Read.All"])
    sandbox.server.add_federated_credential(APP, ISSUER, SUBJECT)
    try:
        yield sandbox
    finally:
        sandbox.stop()


@pytest.fixture(scope="module")
def certs(sb: Sandbox, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    pytest.importorskip("cryptography")
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.serialization import pkcs12
    from test_certificate import make_cert, pem_of

    d = tmp_path_factory.mktemp("app-certs")
    key, cert = make_cert("mdekit-objects")
    sb.server.add_app_certificate(APP, cert.public_bytes(serialization.Encoding.PEM).decode())
    files = {"pem": d / "app.pem", "pfx": d / "app.pfx"}
    files["pem"].write_bytes(pem_of(key, cert, serialization.PrivateFormat.PKCS8))
    files["pfx"].write_bytes(
        pkcs12.serialize_key_and_certificates(
            b"app", key, cert, None,
            serialization.BestAvailableEncryption(PFX_PASSWORD.encode()),
        )
    )
    return files


def hosts(sb: Sandbox) -> dict[str, Any]:
    return {
        "authority_host": sb.base_url,
        "api_base_url": sb.base_url,
        "graph_base_url": sb.base_url,
        "clock": ManualClock(),
        "max_retries": 0,
    }


def federated_token(sb: Sandbox) -> str:
    return remember_secret(sb.server.issue_federated_assertion(ISSUER, SUBJECT))


def secret_credential(sb: Sandbox, **kw: Any) -> ClientSecretCredential:
    return ClientSecretCredential(sb.tenant_id, APP, APP_SECRET, **kw)


def credentials(sb: Sandbox, certs: dict[str, Path]) -> dict[str, Any]:
    return {
        "secret": secret_credential(sb),
        "pem": CertificateCredential(sb.tenant_id, APP, certs["pem"]),
        "pfx": CertificateCredential(sb.tenant_id, APP, str(certs["pfx"]),
                                     password=PFX_PASSWORD.encode(), send_certificate_chain=True),
        "data": CertificateCredential(sb.tenant_id, APP,
                                      certificate_data=certs["pem"].read_bytes()),
        "assertion": ClientAssertionCredential(sb.tenant_id, APP, lambda: federated_token(sb)),
    }


KINDS = ["secret", "pem", "pfx", "data", "assertion"]


@pytest.mark.parametrize("kind", KINDS)
def test_credential_objects_sync(sb: Sandbox, certs: dict[str, Path], kind: str) -> None:
    sb.clear_requests()
    cred = credentials(sb, certs)[kind]
    c = mdekit.DefenderClient(credential=cred, **hosts(sb))
    assert len(c.alerts.list(top=2).to_list()) == 2
    assert c.granted_permissions() == ["Alert.Read.All", "Machine.Read.All"]
    # The client knows the tenant and app, as with the keywords.
    assert (c.tenant_id, c.client_id) == (sb.tenant_id, APP)
    assert len(token_requests(sb)) == 1
    check_no_secrets(repr(cred))
    check_no_secrets(repr(c))


@pytest.mark.parametrize("kind", KINDS)
async def test_credential_objects_async(sb: Sandbox, certs: dict[str, Path], kind: str) -> None:
    cred = credentials(sb, certs)[kind]
    c = mdekit.aio.DefenderClient(credential=cred, **hosts(sb))
    assert len(await c.machines.list(top=1).to_list()) == 1
    assert await c.granted_permissions() == ["Alert.Read.All", "Machine.Read.All"]
    assert c.client_id == APP


async def test_async_assertion_func(sb: Sandbox) -> None:
    async def token() -> str:
        return federated_token(sb)

    cred = ClientAssertionCredential(sb.tenant_id, APP, token)
    c = mdekit.aio.DefenderClient(credential=cred, **hosts(sb))
    assert len(await c.alerts.list(top=1).to_list()) == 1
    with pytest.raises(TypeError, match="aio"):
        mdekit.DefenderClient(credential=cred, **hosts(sb))
    with pytest.raises(TypeError, match="async"):
        cred.get_token(MDE_SCOPE)


def test_get_token_on_its_own(sb: Sandbox, certs: dict[str, Path]) -> None:
    for cred in (
        secret_credential(sb, authority=sb.base_url),
        CertificateCredential(sb.tenant_id, APP, certs["pem"], authority=sb.base_url),
        ClientAssertionCredential(sb.tenant_id, APP, lambda: federated_token(sb),
                                  authority=sb.base_url),
    ):
        token = cred.get_token(MDE_SCOPE)
        remember_secret(token.token)
        assert token.token.count(".") == 2 and token.expires_on > 0
        check_no_secrets(repr(token))
        check_no_secrets(repr(cred))


def test_credential_authority_wins_over_the_clients(sb: Sandbox) -> None:
    cred = secret_credential(sb, authority=sb.base_url)
    c = mdekit.DefenderClient(credential=cred, **{**hosts(sb), "authority_host": None},
                              cloud="commercial")
    assert c.authority_host == "https://login.microsoftonline.com"
    assert len(c.alerts.list(top=1).to_list()) == 1  # the token came from the sandbox


def test_wrong_secret_object(sb: Sandbox) -> None:
    wrong = remember_secret("Wr0ng~object-secret-0042")
    c = mdekit.DefenderClient(credential=ClientSecretCredential(sb.tenant_id, APP, wrong),
                              **hosts(sb))
    with raises(ClientAuthenticationError) as info:
        c.alerts.list(top=1).to_list()
    assert info.value.aadsts == 7000215


def test_keywords_build_the_same_credential(sb: Sandbox) -> None:
    by_keywords = mdekit.DefenderClient(tenant_id=sb.tenant_id, client_id=APP,
                                        client_secret=APP_SECRET, **hosts(sb))
    by_object = mdekit.DefenderClient(credential=secret_credential(sb), **hosts(sb))
    assert repr(by_keywords) == repr(by_object)
    assert by_keywords.alerts.list(top=1).to_list() == by_object.alerts.list(top=1).to_list()


@pytest.mark.parametrize(
    "keyword",
    [{"client_secret": "x"}, {"tenant_id": "t"}, {"client_id": "c"},
     {"certificate_password": "p"}, {"send_certificate_chain": True},
     {"client_assertion": lambda: "x"}],
    ids=lambda k: next(iter(k)),
)
def test_credential_with_app_keywords_is_an_error(sb: Sandbox, keyword: dict[str, Any]) -> None:
    with pytest.raises(ValueError, match="only one of credential= and the application keywords"):
        mdekit.DefenderClient(credential=secret_credential(sb), **hosts(sb), **keyword)
    with pytest.raises(ValueError, match="only one of credential="):
        mdekit.aio.DefenderClient(credential=secret_credential(sb), **hosts(sb), **keyword)


def test_argument_errors(sb: Sandbox, certs: dict[str, Path], tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="exactly one"):
        CertificateCredential(sb.tenant_id, APP)
    with pytest.raises(ValueError, match="exactly one"):
        CertificateCredential(sb.tenant_id, APP, certs["pem"], certificate_data=b"x")
    with pytest.raises(ValueError, match="could not be read"):
        CertificateCredential(sb.tenant_id, APP, tmp_path / "missing.pem")
    with pytest.raises(ValueError, match="PKCS#12"):
        CertificateCredential(sb.tenant_id, APP, certs["pfx"], password="wrong")
    with pytest.raises(TypeError, match="password"):
        CertificateCredential(sb.tenant_id, APP, certs["pfx"], password=42)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="client_secret"):
        ClientSecretCredential(sb.tenant_id, APP, "")
    with pytest.raises(ValueError, match="tenant"):
        ClientSecretCredential("bad/tenant", APP, "s")
    with pytest.raises(ValueError, match="plain http"):
        ClientSecretCredential(sb.tenant_id, APP, "s", authority="http://login.example.com")
    with pytest.raises(TypeError, match="callable"):
        ClientAssertionCredential(sb.tenant_id, APP, "not callable")  # type: ignore[arg-type]


def test_reprs_show_no_secret(sb: Sandbox, certs: dict[str, Path]) -> None:
    cred = ClientSecretCredential(sb.tenant_id, APP, APP_SECRET,
                                  authority="login.microsoftonline.us")
    assert repr(cred) == (
        f'ClientSecretCredential(tenant_id="{sb.tenant_id}", client_id="{APP}", '
        "client_secret='***', authority=\"https://login.microsoftonline.us\")"
    )
    pfx = CertificateCredential(sb.tenant_id, APP, certs["pfx"], password=PFX_PASSWORD)
    for text in (repr(cred), repr(pfx), str(cred), str(pfx)):
        check_no_secrets(text)
        assert APP_SECRET not in text and PFX_PASSWORD not in text


def test_environment_credential(sb: Sandbox, monkeypatch: pytest.MonkeyPatch) -> None:
    for k in ("AZURE_CLIENT_CERTIFICATE_PATH", "AZURE_CLIENT_SECRET", "AZURE_TENANT_ID",
              "AZURE_CLIENT_ID", "AZURE_AUTHORITY_HOST"):
        monkeypatch.delenv(k, raising=False)
    monkeypatch.setenv("AZURE_TENANT_ID", sb.tenant_id)
    monkeypatch.setenv("AZURE_CLIENT_ID", APP)
    with pytest.raises(ValueError, match="AZURE_CLIENT_SECRET") as info:
        EnvironmentCredential()
    assert "AZURE_TENANT_ID" not in str(info.value)
    monkeypatch.setenv("AZURE_CLIENT_SECRET", APP_SECRET)
    monkeypatch.setenv("AZURE_AUTHORITY_HOST", sb.base_url)
    cred = EnvironmentCredential()
    check_no_secrets(repr(cred))
    assert "client_secret" in repr(cred)
    remember_secret(cred.get_token(MDE_SCOPE).token)
    # Its sign-in host is AZURE_AUTHORITY_HOST, whatever the client's.
    c = mdekit.DefenderClient(credential=cred, **{**hosts(sb), "authority_host": None})
    assert len(c.alerts.list(top=1).to_list()) == 1


async def test_environment_credential_certificate_async(
    sb: Sandbox, certs: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("AZURE_CLIENT_SECRET", raising=False)
    monkeypatch.setenv("AZURE_TENANT_ID", sb.tenant_id)
    monkeypatch.setenv("AZURE_CLIENT_ID", APP)
    monkeypatch.setenv("AZURE_CLIENT_CERTIFICATE_PATH", str(certs["pfx"]))
    monkeypatch.setenv("AZURE_CLIENT_CERTIFICATE_PASSWORD", PFX_PASSWORD)
    monkeypatch.setenv("AZURE_AUTHORITY_HOST", sb.base_url)
    cred = EnvironmentCredential()
    assert "certificate" in repr(cred)
    c = mdekit.aio.DefenderClient(credential=cred, **hosts(sb))
    assert len(await c.alerts.list(top=1).to_list()) == 1


def test_from_env_takes_a_credential_object(sb: Sandbox, monkeypatch: pytest.MonkeyPatch) -> None:
    # With credential=, the AZURE_* credential variables are not read (these are wrong).
    monkeypatch.setenv("AZURE_TENANT_ID", "11111111-2222-3333-4444-555555555555")
    monkeypatch.setenv("AZURE_CLIENT_ID", "someone-else")
    monkeypatch.delenv("AZURE_CLIENT_SECRET", raising=False)
    monkeypatch.setenv("AZURE_AUTHORITY_HOST", sb.base_url)
    monkeypatch.setenv("MDEKIT_API_BASE_URL", sb.base_url)
    c = mdekit.DefenderClient.from_env(credential=secret_credential(sb), clock=ManualClock())
    assert c.client_id == APP
    assert len(c.alerts.list(top=1).to_list()) == 1


def test_from_env_rejects_unknown_keywords() -> None:
    with pytest.raises(TypeError, match="unexpected keyword argument 'client_certificate'"):
        mdekit.DefenderClient.from_env(client_certificate="x")
    with pytest.raises(TypeError, match="max_retries"):
        mdekit.aio.DefenderClient.from_env(max_retries="four")


def test_aio_re_exports_the_application_credentials() -> None:
    for name in ("ClientSecretCredential", "CertificateCredential",
                 "ClientAssertionCredential", "EnvironmentCredential"):
        assert getattr(mdekit.aio, name) is getattr(mdekit, name)
        assert name in mdekit.aio.__all__
