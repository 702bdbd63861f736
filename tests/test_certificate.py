"""Application context with a certificate (PEM, PKCS#12 with password, optional chain) and with
a client assertion from a callable (workload identity federation), sync and async, with the
documented AADSTS failures."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import mdekit
import mdekit.aio
import pytest
from conftest import new_sandbox, raises, remember_secret, token_requests
from mdekit import ClientAuthenticationError
from mdekit.testing import ManualClock, Sandbox

cryptography = pytest.importorskip("cryptography")
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID

APP = "c3c3c3c3-0000-4000-8000-00000000ce47"
ISSUER = "https://token.actions.githubusercontent.com"
SUBJECT = "repo:contoso/soc:ref:refs/heads/main"
PFX_PASSWORD = remember_secret("Pfx~Pa55word-0001")


def make_cert(cn: str) -> tuple[rsa.RSAPrivateKey, x509.Certificate]:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, cn)])
    now = dt.datetime.now(dt.timezone.utc)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=30))
        .sign(key, hashes.SHA256())
    )
    return key, cert


def pem_of(key: rsa.RSAPrivateKey, cert: x509.Certificate, fmt: Any) -> bytes:
    key_pem = key.private_bytes(serialization.Encoding.PEM, fmt, serialization.NoEncryption())
    remember_secret(key_pem.decode().splitlines()[1])
    return cert.public_bytes(serialization.Encoding.PEM) + key_pem


@pytest.fixture(scope="module")
def sb() -> Iterator[Sandbox]:
    sandbox = new_sandbox(machines=10, alerts=10)
    sandbox.server.register_app(APP, "unused-secret", ["Alert.Read.All", "Machine.Read.All"])
    sandbox.server.add_federated_credential(APP, ISSUER, SUBJECT)
    try:
        yield sandbox
    finally:
        sandbox.stop()


@pytest.fixture(scope="module")
def certs(sb: Sandbox, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    d = tmp_path_factory.mktemp("certs")
    key, cert = make_cert("mdekit-test")
    sb.server.add_app_certificate(APP, cert.public_bytes(serialization.Encoding.PEM).decode())
    files = {
        "pkcs8": d / "app.pem",
        "pkcs1": d / "app-rsa.pem",
        "pfx": d / "app.pfx",
        "unregistered": d / "other.pem",
    }
    files["pkcs8"].write_bytes(pem_of(key, cert, serialization.PrivateFormat.PKCS8))
    files["pkcs1"].write_bytes(pem_of(key, cert, serialization.PrivateFormat.TraditionalOpenSSL))
    files["pfx"].write_bytes(
        pkcs12.serialize_key_and_certificates(
            b"app",
            key,
            cert,
            None,
            serialization.BestAvailableEncryption(PFX_PASSWORD.encode()),
        )
    )
    other_key, other_cert = make_cert("not-registered")
    files["unregistered"].write_bytes(
        pem_of(other_key, other_cert, serialization.PrivateFormat.PKCS8)
    )
    return files


def kwargs(sb: Sandbox, **kw: Any) -> dict[str, Any]:
    base = {
        "tenant_id": sb.tenant_id,
        "client_id": APP,
        "authority_host": sb.base_url,
        "api_base_url": sb.base_url,
        "graph_base_url": sb.base_url,
        "clock": ManualClock(),
        "max_retries": 0,
    }
    base.update(kw)
    return base


@pytest.mark.parametrize("kind", ["pkcs8", "pkcs1"])
def test_pem_certificate(sb: Sandbox, certs: dict[str, Path], kind: str) -> None:
    sb.clear_requests()
    c = mdekit.DefenderClient(**kwargs(sb, certificate_path=certs[kind]))
    assert len(c.alerts.list(top=2).to_list()) == 2
    assert c.granted_permissions() == ["Alert.Read.All", "Machine.Read.All"]
    assert len(token_requests(sb)) == 1
    assert c.client_id == APP


def test_pkcs12_with_password_and_chain(sb: Sandbox, certs: dict[str, Path]) -> None:
    c = mdekit.DefenderClient(
        **kwargs(
            sb,
            certificate_path=certs["pfx"],
            certificate_password=PFX_PASSWORD,
            send_certificate_chain=True,
        )
    )
    assert len(c.machines.list(top=1).to_list()) == 1
    with pytest.raises(ValueError, match="PKCS#12"):
        mdekit.DefenderClient(
            **kwargs(sb, certificate_path=certs["pfx"], certificate_password="wrong")
        )


async def test_certificate_async(sb: Sandbox, certs: dict[str, Path]) -> None:
    c = mdekit.aio.DefenderClient(**kwargs(sb, certificate_path=certs["pkcs8"]))
    assert len(await c.alerts.list(top=1).to_list()) == 1


def test_unregistered_certificate(sb: Sandbox, certs: dict[str, Path]) -> None:
    c = mdekit.DefenderClient(**kwargs(sb, certificate_path=certs["unregistered"]))
    with raises(ClientAuthenticationError) as info:
        c.alerts.list(top=1).to_list()
    assert info.value.aadsts == 700027 and info.value.code == "invalid_client"


def test_certificate_argument_errors(sb: Sandbox, certs: dict[str, Path], tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="could not be read"):
        mdekit.DefenderClient(**kwargs(sb, certificate_path=tmp_path / "missing.pem"))
    key_only = tmp_path / "key-only.pem"
    key_only.write_text("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n")
    with pytest.raises(ValueError):
        mdekit.DefenderClient(**kwargs(sb, certificate_path=key_only))
    with pytest.raises(ValueError, match="only one"):
        mdekit.DefenderClient(
            **kwargs(sb, certificate_path=certs["pkcs8"], client_secret="also-a-secret")
        )


def test_from_env_picks_certificate_variables(
    sb: Sandbox, certs: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("AZURE_CLIENT_SECRET", raising=False)
    monkeypatch.setenv("AZURE_TENANT_ID", sb.tenant_id)
    monkeypatch.setenv("AZURE_CLIENT_ID", APP)
    monkeypatch.setenv("AZURE_CLIENT_CERTIFICATE_PATH", str(certs["pfx"]))
    monkeypatch.setenv("AZURE_CLIENT_CERTIFICATE_PASSWORD", PFX_PASSWORD)
    monkeypatch.setenv("AZURE_AUTHORITY_HOST", sb.base_url)
    monkeypatch.setenv("MDEKIT_API_BASE_URL", sb.base_url)
    c = mdekit.DefenderClient.from_env(clock=ManualClock())
    assert len(c.alerts.list(top=1).to_list()) == 1
    assert PFX_PASSWORD not in repr(c)


def test_client_assertion_callable(sb: Sandbox) -> None:
    calls: list[int] = []

    def federated_token() -> str:
        calls.append(1)
        return remember_secret(sb.server.issue_federated_assertion(ISSUER, SUBJECT))

    c = mdekit.DefenderClient(**kwargs(sb, client_assertion=federated_token))
    assert len(c.alerts.list(top=1).to_list()) == 1
    assert calls == [1]


async def test_client_assertion_async_callable(sb: Sandbox) -> None:
    async def federated_token() -> str:
        return remember_secret(sb.server.issue_federated_assertion(ISSUER, SUBJECT))

    c = mdekit.aio.DefenderClient(**kwargs(sb, client_assertion=federated_token))
    assert len(await c.machines.list(top=1).to_list()) == 1
    with pytest.raises(TypeError, match="aio"):
        mdekit.DefenderClient(**kwargs(sb, client_assertion=federated_token))


@pytest.mark.parametrize(
    ("issuer", "subject", "audience", "lifetime", "aadsts"),
    [
        ("https://evil.example", SUBJECT, "api://AzureADTokenExchange", 600, 700211),
        (
            ISSUER,
            "repo:contoso/other:ref:refs/heads/main",
            "api://AzureADTokenExchange",
            600,
            700213,
        ),
        (ISSUER, SUBJECT, "api://SomethingElse", 600, 700212),
        (ISSUER, SUBJECT, "api://AzureADTokenExchange", -900, 700024),
    ],
)
def test_federated_failures(
    sb: Sandbox, issuer: str, subject: str, audience: str, lifetime: int, aadsts: int
) -> None:
    def token() -> str:
        return remember_secret(
            sb.server.issue_federated_assertion(
                issuer, subject, audience=audience, lifetime=lifetime
            )
        )

    c = mdekit.DefenderClient(**kwargs(sb, client_assertion=token))
    with raises(ClientAuthenticationError) as info:
        c.alerts.list(top=1).to_list()
    assert info.value.aadsts == aadsts


def test_client_assertion_callable_errors(sb: Sandbox) -> None:
    def broken() -> str:
        raise OSError("token file /var/run/secrets/azure/tokens/azure-identity-token missing")

    c = mdekit.DefenderClient(**kwargs(sb, client_assertion=broken))
    with raises(ClientAuthenticationError, match="token file"):
        c.alerts.list(top=1).to_list()
    with pytest.raises(TypeError, match="callable"):
        mdekit.DefenderClient(**kwargs(sb, client_assertion="not callable"))
