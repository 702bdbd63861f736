"""No secret of any credential flow (client secrets, private keys, passwords, refresh and access
tokens, identity headers) shows in reprs, in DEBUG logs (mdekit's and those of azure-identity,
MSAL and urllib3 when they take part) or in exception texts."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import mdekit
import pytest
from conftest import KNOWN_SECRETS, check_no_secrets, new_sandbox, raises, remember_secret
from mdekit import (
    ClientAuthenticationError,
    DeviceCodeCredential,
    ManagedIdentityCredential,
    UsernamePasswordCredential,
)
from mdekit.testing import ManualClock


def test_every_flow_at_debug_level(
    caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    caplog.set_level(logging.DEBUG)
    mdekit.refresh_logging()  # earlier tests cached the default WARNING level
    sb = new_sandbox(machines=5, alerts=5)
    try:
        remember_secret(sb.password)
        remember_secret(sb.server.identity_header)
        objects: list[Any] = []

        def approve(info: dict[str, Any]) -> None:
            sb.device_login(info["user_code"])

        device = DeviceCodeCredential(
            tenant_id=sb.tenant_id,
            client_id=sb.public_client_id,
            prompt_callback=approve,
            authority_host=sb.base_url,
            clock=ManualClock(),
            cache_path=tmp_path / "cache.json",
        )
        password = UsernamePasswordCredential(
            tenant_id=sb.tenant_id,
            client_id=sb.public_client_id,
            username=sb.username,
            password=sb.password,
            authority_host=sb.base_url,
        )
        monkeypatch.setenv("IDENTITY_ENDPOINT", f"{sb.base_url}/msi/token")
        monkeypatch.setenv("IDENTITY_HEADER", sb.server.identity_header)
        managed = ManagedIdentityCredential()
        for cred in (device, password, managed):
            token = cred.get_token("https://api.securitycenter.microsoft.com/.default")
            remember_secret(token.token)
            objects += [cred, token]
            c = mdekit.DefenderClient(
                credential=cred, api_base_url=sb.base_url, graph_base_url=sb.base_url
            )
            c.alerts.list(top=1).to_list()
            c.hunting.run("DeviceInfo | take 1")
            objects.append(c)
        for value in __import__("json").loads((tmp_path / "cache.json").read_text()).values():
            remember_secret(value)
        wrong = UsernamePasswordCredential(
            tenant_id=sb.tenant_id,
            client_id=sb.public_client_id,
            username=sb.username,
            password=remember_secret("Wr0ng~password~in~logs"),
            authority_host=sb.base_url,
        )
        objects.append(wrong)
        with raises(ClientAuthenticationError):
            wrong.get_token("https://api.securitycenter.microsoft.com/.default")
        assert len(KNOWN_SECRETS) > 5
        for obj in objects:
            check_no_secrets(repr(obj))
            check_no_secrets(str(obj))
        # The Rust core's own records arrive through Python logging too (pyo3-log).
        assert any(r.name.startswith("mdekit_core") for r in caplog.records)
        for record in caplog.records:
            check_no_secrets(record.getMessage())
    finally:
        sb.stop()
