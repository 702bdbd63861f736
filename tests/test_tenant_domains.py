"""A tenant's domain name in place of its id, as Entra accepts it: in the token endpoint path
(v2 and v1), in the discovery documents, and so in MSAL's, azure-identity's and mdekit's
``tenant_id``. The sandbox's initial domain is its users' (``analyst@<domain>``); custom domains
(``SandboxConfig::domains``) are covered by the Rust test ``tests/tenant_domains.rs``."""

from __future__ import annotations

import base64
import json
import ssl
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from typing import Any

import mdekit
import pytest
from conftest import new_sandbox, remember_secret
from mdekit.testing import ManualClock, Sandbox

MDE = "https://api.securitycenter.microsoft.com"


@pytest.fixture(scope="module")
def tls_sb() -> Iterator[Sandbox]:
    sb = new_sandbox(https=True, machines=10, alerts=10)
    try:
        yield sb
    finally:
        sb.stop()


@pytest.fixture(autouse=True)
def no_env_ca_override(monkeypatch: pytest.MonkeyPatch) -> None:
    # requests lets these override MSAL's verify= (see tests/test_interop.py).
    monkeypatch.delenv("REQUESTS_CA_BUNDLE", raising=False)
    monkeypatch.delenv("CURL_CA_BUNDLE", raising=False)


def domain_of(sb: Sandbox) -> str:
    return sb.username.split("@", 1)[1]


def call(sb: Sandbox, path: str, form: dict[str, str] | None = None) -> tuple[int, Any]:
    ctx = ssl.create_default_context(cafile=sb.ca_cert_path)
    data = urllib.parse.urlencode(form).encode() if form is not None else None
    try:
        with urllib.request.urlopen(sb.base_url + path, data=data, context=ctx) as r:
            return r.status, json.load(r)
    except urllib.error.HTTPError as e:
        return e.code, json.load(e)


def claims(token: str) -> dict[str, Any]:
    payload = token.split(".")[1]
    return dict(json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4))))


def test_domain_in_token_endpoints(tls_sb: Sandbox) -> None:
    domain = domain_of(tls_sb)
    assert domain.endswith(".onmicrosoft.com")
    app = {"client_id": tls_sb.client_id, "client_secret": tls_sb.client_secret,
           "grant_type": "client_credentials"}
    status, v2 = call(tls_sb, f"/{domain}/oauth2/v2.0/token", {**app, "scope": f"{MDE}/.default"})
    assert status == 200, v2
    assert claims(remember_secret(v2["access_token"]))["tid"] == tls_sb.tenant_id
    status, v1 = call(tls_sb, f"/{domain.upper()}/oauth2/token", {**app, "resource": MDE})
    assert status == 200, v1
    remember_secret(v1["access_token"])
    status, err = call(tls_sb, "/fabrikam.onmicrosoft.com/oauth2/v2.0/token",
                       {**app, "scope": f"{MDE}/.default"})
    assert status == 400 and err["error_codes"] == [90002]


def test_domain_in_discovery_documents(tls_sb: Sandbox) -> None:
    domain, tenant, base = domain_of(tls_sb), tls_sb.tenant_id, tls_sb.base_url
    status, v2 = call(tls_sb, f"/{domain}/v2.0/.well-known/openid-configuration")
    assert status == 200
    # Entra answers a domain with the tenant's id in every endpoint and in the issuer.
    assert v2["token_endpoint"] == f"{base}/{tenant}/oauth2/v2.0/token"
    assert v2["authorization_endpoint"] == f"{base}/{tenant}/oauth2/v2.0/authorize"
    assert v2["issuer"] == f"{base}/{tenant}/v2.0"
    status, v1 = call(tls_sb, f"/{domain}/.well-known/openid-configuration")
    assert status == 200 and v1["issuer"] == f"https://sts.windows.net/{tenant}/"
    status, err = call(tls_sb, "/fabrikam.onmicrosoft.com/v2.0/.well-known/openid-configuration")
    assert status == 400 and err["error_codes"] == [90002]


def test_mdekit_with_a_domain_as_tenant_id(tls_sb: Sandbox) -> None:
    c = tls_sb.client(tenant_id=domain_of(tls_sb), clock=ManualClock())
    assert len(c.alerts.list(top=2).to_list()) == 2
    assert any(r["path"] == f"/{domain_of(tls_sb)}/oauth2/v2.0/token" for r in tls_sb.requests())


def test_msal_and_azure_identity_with_a_domain(tls_sb: Sandbox) -> None:
    msal = pytest.importorskip("msal")
    azure_identity = pytest.importorskip("azure.identity")
    domain = domain_of(tls_sb)
    app = msal.ConfidentialClientApplication(
        tls_sb.client_id, client_credential=tls_sb.client_secret,
        authority=f"{tls_sb.base_url}/{domain}", verify=tls_sb.ca_cert_path,
        instance_discovery=False,
    )
    result = app.acquire_token_for_client(scopes=[f"{MDE}/.default"])
    assert "access_token" in result, {k: v for k, v in result.items() if k != "access_token"}
    assert claims(remember_secret(result["access_token"]))["tid"] == tls_sb.tenant_id

    cred = azure_identity.ClientSecretCredential(
        domain, tls_sb.client_id, tls_sb.client_secret, authority=tls_sb.base_url,
        connection_verify=tls_sb.ca_cert_path, disable_instance_discovery=True,
    )
    c = mdekit.DefenderClient(credential=cred, api_base_url=tls_sb.base_url,
                              graph_base_url=tls_sb.base_url, ca_bundle=tls_sb.ca_cert_path,
                              clock=ManualClock())
    assert len(c.machines.list(top=2).to_list()) == 2
    assert len(c.hunting.run("DeviceInfo | take 1")) == 1
