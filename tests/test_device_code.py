"""User context with the device code flow, sync and async, against the sandbox's device code
endpoint and verification page: success, pending/slow_down polling, decline, expiry, consent
and permission failures, and refresh-token reuse for the second audience."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from typing import Any

import mdekit
import mdekit.aio
import pytest
from conftest import new_sandbox, raises, remember_secret
from mdekit import ClientAuthenticationError, DeviceCodeCredential, PermissionDeniedError
from mdekit.testing import ManualClock, Sandbox

MDE_SCOPE = "https://api.securitycenter.microsoft.com/.default"


@pytest.fixture(scope="module")
def sb() -> Iterator[Sandbox]:
    sandbox = new_sandbox(machines=10, alerts=10, device_code_interval=1)
    remember_secret(sandbox.password)
    try:
        yield sandbox
    finally:
        sandbox.stop()


class Approver:
    """A prompt callback that signs in on the verification page, as the user would."""

    def __init__(
        self,
        sb: Sandbox,
        *,
        decline: bool = False,
        delay: float | None = None,
        username: str | None = None,
        password: str | None = None,
    ) -> None:
        self.sb, self.decline, self.delay = sb, decline, delay
        self.username, self.password = username, password
        self.prompts: list[dict[str, Any]] = []
        self.pages: list[tuple[int, str]] = []

    def _sign_in(self, code: str) -> None:
        self.pages.append(
            self.sb.device_login(
                code, decline=self.decline, username=self.username, password=self.password
            )
        )

    def __call__(self, info: dict[str, Any]) -> None:
        self.prompts.append(info)
        if self.delay is None:
            self._sign_in(info["user_code"])
        else:
            threading.Timer(self.delay, self._sign_in, (info["user_code"],)).start()


def credential(sb: Sandbox, prompt: Any, **kw: Any) -> DeviceCodeCredential:
    kw.setdefault("clock", ManualClock())
    return DeviceCodeCredential(
        tenant_id=sb.tenant_id,
        client_id=kw.pop("client_id", sb.public_client_id),
        prompt_callback=prompt,
        authority_host=sb.base_url,
        **kw,
    )


def client(sb: Sandbox, cred: Any, aio: bool = False) -> Any:
    cls = mdekit.aio.DefenderClient if aio else mdekit.DefenderClient
    return cls(
        credential=cred,
        api_base_url=sb.base_url,
        graph_base_url=sb.base_url,
        clock=ManualClock(),
        max_retries=0,
    )


def test_device_code_sign_in_and_refresh_reuse(sb: Sandbox) -> None:
    approve = Approver(sb)
    c = client(sb, credential(sb, approve))
    assert len(c.alerts.list(top=2).to_list()) == 2
    info = approve.prompts[0]
    assert info["verification_uri"] == f"{sb.base_url}/devicelogin"
    assert info["user_code"] in info["message"] and info["interval"] == 1
    assert approve.pages[0][0] == 200
    granted = c.granted_permissions()
    assert "Alert.Read" in granted and "Alert.Read.All" not in granted  # scp, not roles
    # Graph is a second audience: the refresh token gets it without a second sign-in.
    assert len(c.hunting.run("DeviceInfo | take 1")) == 1
    assert c.granted_permissions(api="graph") == ["ThreatHunting.Read.All"]
    assert len(approve.prompts) == 1


async def test_device_code_async(sb: Sandbox) -> None:
    approve = Approver(sb)
    c = client(sb, credential(sb, approve), aio=True)
    assert len(await c.machines.list(top=1).to_list()) == 1
    assert "Machine.Read" in await c.granted_permissions()


def test_polling_honours_pending_and_slow_down() -> None:
    # A long-lived code, so the manual clock's growing waits stay within its lifetime.
    sandbox = new_sandbox(machines=5, alerts=5, device_code_interval=1, device_code_lifetime=10**7)
    try:
        clock = ManualClock()
        prompts: list[dict[str, Any]] = []

        def approve_after_three_polls() -> None:
            while len([r for r in sandbox.requests() if r["path"].endswith("/token")]) < 3:
                time.sleep(0.001)
            sandbox.device_login(prompts[0]["user_code"])

        def prompt(info: dict[str, Any]) -> None:
            prompts.append(info)
            threading.Thread(target=approve_after_three_polls, daemon=True).start()

        cred = credential(sandbox, prompt, clock=clock)
        token = cred.get_token(MDE_SCOPE)
        remember_secret(token.token)
        assert "***" in repr(token) and token.token not in repr(token)
        # The interval the service asked for, kept while `authorization_pending`; the second
        # poll came too soon (the manual clock does not really wait): `slow_down` adds 5 s.
        assert clock.sleeps[:3] == [1, 1, 6]
    finally:
        sandbox.stop()


def test_declined(sb: Sandbox) -> None:
    c = client(sb, credential(sb, Approver(sb, decline=True)))
    with raises(ClientAuthenticationError) as info:
        c.alerts.list(top=1).to_list()
    assert info.value.code == "authorization_declined"


async def test_declined_async(sb: Sandbox) -> None:
    c = client(sb, credential(sb, Approver(sb, decline=True)), aio=True)
    with raises(ClientAuthenticationError) as info:
        await c.alerts.get("da1_1")
    assert info.value.code == "authorization_declined"


def test_expired_device_code() -> None:
    sandbox = new_sandbox(machines=5, alerts=5, device_code_lifetime=0)
    try:
        prompts: list[dict[str, Any]] = []
        c = client(sandbox, credential(sandbox, prompts.append))
        with raises(ClientAuthenticationError) as info:
            c.alerts.list(top=1).to_list()
        assert info.value.code == "expired_token"
        assert info.value.aadsts == 70020
        assert sandbox.device_login(prompts[0]["user_code"])[0] == 400
    finally:
        sandbox.stop()


def test_wrong_password_on_the_page_then_right_one(sb: Sandbox) -> None:
    pages: list[int] = []

    def prompt(info: dict[str, Any]) -> None:
        wrong = remember_secret("not-the-password")
        pages.append(sb.device_login(info["user_code"], password=wrong)[0])
        pages.append(sb.device_login(info["user_code"])[0])

    token = credential(sb, prompt).get_token(MDE_SCOPE)
    remember_secret(token.token)
    assert pages == [401, 200]


def test_prompt_callback_failure(sb: Sandbox) -> None:
    def broken(info: dict[str, Any]) -> None:
        raise RuntimeError("no terminal to show the code")

    c = client(sb, credential(sb, broken))
    with raises(ClientAuthenticationError, match="no terminal"):
        c.alerts.list(top=1).to_list()


def test_app_errors(sb: Sandbox) -> None:
    confidential = client(sb, credential(sb, Approver(sb), client_id=sb.client_id))
    with raises(ClientAuthenticationError) as info:
        confidential.alerts.list(top=1).to_list()
    assert info.value.aadsts == 7000218
    unknown = client(
        sb, credential(sb, Approver(sb), client_id="99999999-0000-4000-8000-000000000000")
    )
    with raises(ClientAuthenticationError) as info:
        unknown.alerts.list(top=1).to_list()
    assert info.value.aadsts == 700016
    with pytest.raises(ValueError):
        credential(sb, Approver(sb), client_id="")


def test_consent_missing_for_graph(sb: Sandbox) -> None:
    app = "aaaa0000-1111-4222-8333-444444444444"
    sb.server.register_public_app(app, ["Alert.Read", "Machine.Read"])
    approve = Approver(sb)
    c = client(sb, credential(sb, approve, client_id=app))
    assert len(c.alerts.list(top=1).to_list()) == 1
    with raises(ClientAuthenticationError) as info:
        c.hunting.run("DeviceInfo | take 1")
    assert info.value.aadsts == 65001


def test_user_without_the_permission_gets_403_naming_it(sb: Sandbox) -> None:
    password = remember_secret("Reader~Pa55-0042")
    upn = "reader@contoso-sandbox.onmicrosoft.com"
    sb.server.add_user(upn, password, ["Machine.Read"])
    c = client(sb, credential(sb, Approver(sb, username=upn, password=password)))
    assert c.granted_permissions() == ["Machine.Read"]
    with raises(PermissionDeniedError) as info:
        c.alerts.list(top=1).to_list()
    assert "Alert.Read" in info.value.required_permissions
    assert "delegated" in str(info.value)


def test_default_prompt_prints_the_message(sb: Sandbox, capsys: pytest.CaptureFixture[str]) -> None:
    from mdekit._prompt import show_device_code

    show_device_code(
        {
            "user_code": "ABC",
            "verification_uri": "u",
            "message": "Open u, enter ABC",
            "expires_in": 900,
            "interval": 5,
        }
    )
    assert "Open u, enter ABC" in capsys.readouterr().out
