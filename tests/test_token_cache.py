"""The opt-in persistent token cache of the user flows: an owner-only file that survives a
"kernel restart" (a new credential object), and is ignored when others can read it."""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Any

import pytest
from conftest import new_sandbox, remember_secret
from mdekit import DeviceCodeCredential, InteractiveBrowserCredential
from mdekit.testing import ManualClock, Sandbox

MDE_SCOPE = "https://api.securitycenter.microsoft.com/.default"


@pytest.fixture(scope="module")
def sb() -> Any:
    sandbox = new_sandbox(machines=5, alerts=5)
    remember_secret(sandbox.password)
    yield sandbox
    sandbox.stop()


def device_credential(sb: Sandbox, path: Path, prompts: list[Any]) -> DeviceCodeCredential:
    def approve(info: dict[str, Any]) -> None:
        prompts.append(info)
        sb.device_login(info["user_code"])

    return DeviceCodeCredential(
        tenant_id=sb.tenant_id,
        client_id=sb.public_client_id,
        prompt_callback=approve,
        authority_host=sb.base_url,
        clock=ManualClock(),
        cache_path=path,
    )


@pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")
def test_cache_survives_a_restart_and_is_owner_only(sb: Sandbox, tmp_path: Path) -> None:
    path = tmp_path / "mdekit" / "tokens.json"
    prompts: list[Any] = []
    remember_secret(device_credential(sb, path, prompts).get_token(MDE_SCOPE).token)
    assert len(prompts) == 1
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    for value in __import__("json").loads(path.read_text()).values():
        remember_secret(value)
    # A new kernel: a new credential object, the same cache file, no sign-in.
    remember_secret(device_credential(sb, path, prompts).get_token(MDE_SCOPE).token)
    assert len(prompts) == 1
    # A cache file others can read is not trusted.
    path.chmod(0o644)
    remember_secret(device_credential(sb, path, prompts).get_token(MDE_SCOPE).token)
    assert len(prompts) == 2
    assert stat.S_IMODE(path.stat().st_mode) == 0o600  # rewritten owner-only


def test_cache_is_per_app_and_survives_revocation(sb: Sandbox, tmp_path: Path) -> None:
    path = tmp_path / "tokens.json"
    prompts: list[Any] = []
    remember_secret(device_credential(sb, path, prompts).get_token(MDE_SCOPE).token)
    sb.server.revoke_refresh_tokens(sb.username)
    remember_secret(device_credential(sb, path, prompts).get_token(MDE_SCOPE).token)
    assert len(prompts) == 2  # the cached refresh token was refused: signed in again
    # The browser credential of another app does not see this entry.
    opened: list[str] = []
    cred = InteractiveBrowserCredential(
        tenant_id=sb.tenant_id,
        client_id="11111111-2222-4333-8444-555555555555",
        opener=opened.append,
        authority_host=sb.base_url,
        timeout=0.2,
        cache_path=path,
    )
    with pytest.raises(Exception):  # noqa: B017 - only "it asked the browser" matters here
        cred.get_token(MDE_SCOPE)
    assert len(opened) == 1
