"""User context with the authorization code flow and PKCE on a loopback redirect. The browser
opener is injected: it drives the sandbox's sign-in page with an HTTP client as a user would,
and the redirect comes back to mdekit's loopback listener."""

from __future__ import annotations

import base64
import hashlib
import json
import re
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from typing import Any

import mdekit
import mdekit.aio
import pytest
from conftest import new_sandbox, raises, remember_secret
from mdekit import ClientAuthenticationError, InteractiveBrowserCredential
from mdekit.testing import ManualClock, Sandbox

MDE_SCOPE = "https://api.securitycenter.microsoft.com/.default"


@pytest.fixture(scope="module")
def sb() -> Iterator[Sandbox]:
    sandbox = new_sandbox(machines=10, alerts=10)
    remember_secret(sandbox.password)
    try:
        yield sandbox
    finally:
        sandbox.stop()


class Browser:
    """An opener that signs in on the sandbox's page; urllib follows the 302 to the loopback
    redirect URI like a browser."""

    def __init__(self, sb: Sandbox, action: str = "sign_in", password: str | None = None) -> None:
        self.sb, self.action, self.password = sb, action, password
        self.urls: list[str] = []
        self.pages: list[tuple[int, str]] = []

    def __call__(self, url: str) -> None:
        self.urls.append(url)
        status, page = self.sb.sign_in_page(url)
        assert status == 200, page
        session = re.search(r'name="session" value="([^"]+)"', page)
        assert session, page
        form = {
            "session": session.group(1),
            "username": self.sb.username,
            "password": self.password if self.password is not None else self.sb.password,
            "action": self.action,
        }
        self.pages.append(self.sb.sign_in_page(url.split("?")[0], form))


def credential(sb: Sandbox, opener: Any, **kw: Any) -> InteractiveBrowserCredential:
    return InteractiveBrowserCredential(
        tenant_id=sb.tenant_id,
        client_id=kw.pop("client_id", sb.public_client_id),
        opener=opener,
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


def test_sign_in_with_pkce(sb: Sandbox) -> None:
    browser = Browser(sb)
    c = client(sb, credential(sb, browser, login_hint=sb.username))
    assert len(c.alerts.list(top=2).to_list()) == 2
    query = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(browser.urls[0]).query))
    assert query["code_challenge_method"] == "S256" and len(query["code_challenge"]) == 43
    assert query["redirect_uri"].startswith("http://localhost:")
    assert "offline_access" in query["scope"] and query["login_hint"] == sb.username
    assert browser.pages[0] == (200, browser.pages[0][1])
    assert "Sign-in complete" in browser.pages[0][1]
    assert "Alert.Read" in c.granted_permissions()
    # The refresh token serves Graph: no second browser sign-in.
    assert len(c.hunting.run("DeviceInfo | take 1")) == 1
    assert len(browser.urls) == 1


async def test_sign_in_async(sb: Sandbox) -> None:
    browser = Browser(sb)
    c = client(sb, credential(sb, browser), aio=True)
    assert len(await c.machines.list(top=1).to_list()) == 1


def test_user_cancels(sb: Sandbox) -> None:
    c = client(sb, credential(sb, Browser(sb, action="cancel")))
    with raises(ClientAuthenticationError) as info:
        c.alerts.list(top=1).to_list()
    assert info.value.code == "access_denied" and info.value.aadsts == 65004


def test_wrong_password_then_timeout(sb: Sandbox) -> None:
    browser = Browser(sb, password=remember_secret("wrong-password-1"))
    cred = credential(sb, browser, timeout=0.3)
    with raises(ClientAuthenticationError) as info:
        cred.get_token(MDE_SCOPE)
    assert info.value.code == "timeout"
    assert "incorrect" in browser.pages[0][1]


def test_state_mismatch_is_refused(sb: Sandbox) -> None:
    def forged(url: str) -> None:
        redirect = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(url).query))["redirect_uri"]
        urllib.request.urlopen(redirect + "/?code=stolen&state=forged").read()

    with raises(ClientAuthenticationError) as info:
        credential(sb, forged).get_token(MDE_SCOPE)
    assert info.value.code == "state_mismatch"


def test_opener_failure(sb: Sandbox) -> None:
    def no_browser(url: str) -> None:
        raise OSError("no display")

    with raises(ClientAuthenticationError, match="no display"):
        credential(sb, no_browser, timeout=5).get_token(MDE_SCOPE)


def test_unknown_app_shows_an_error_page(sb: Sandbox) -> None:
    pages: list[tuple[int, str]] = []
    cred = credential(
        sb,
        lambda url: pages.append(sb.sign_in_page(url)),
        client_id="99999999-0000-4000-8000-00000000abcd",
        timeout=0.2,
    )
    with raises(ClientAuthenticationError):
        cred.get_token(MDE_SCOPE)
    assert pages[0][0] == 400 and "AADSTS700016" in pages[0][1]


# --- The sandbox's authorization endpoint at the protocol level -------------------------------


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


def authorize(sb: Sandbox, challenge: str, redirect_uri: str = "http://localhost:1") -> str:
    """Signs in and returns the code from the redirect (not followed)."""
    query = urllib.parse.urlencode(
        {
            "client_id": sb.public_client_id,
            "response_type": "code",
            "redirect_uri": redirect_uri,
            "scope": MDE_SCOPE + " offline_access",
            "state": "s1",
            "code_challenge": challenge,
            "code_challenge_method": "S256",
        }
    )
    url = f"{sb.base_url}/{sb.tenant_id}/oauth2/v2.0/authorize"
    _, page = sb.sign_in_page(f"{url}?{query}")
    session = re.search(r'name="session" value="([^"]+)"', page)
    assert session
    form = {
        "session": session.group(1),
        "username": sb.username,
        "password": sb.password,
        "action": "sign_in",
    }
    opener = urllib.request.build_opener(NoRedirect)
    try:
        opener.open(url, data=urllib.parse.urlencode(form).encode())
    except urllib.error.HTTPError as e:
        assert e.code == 302
        location = e.headers["Location"]
    params = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(location).query))
    assert params["state"] == "s1"
    return params["code"]


def redeem(sb: Sandbox, code: str, verifier: str, redirect_uri: str = "http://localhost:1") -> Any:
    form = {
        "grant_type": "authorization_code",
        "client_id": sb.public_client_id,
        "code": code,
        "redirect_uri": redirect_uri,
        "code_verifier": verifier,
        "scope": MDE_SCOPE,
    }
    req = urllib.request.Request(
        f"{sb.base_url}/{sb.tenant_id}/oauth2/v2.0/token",
        data=urllib.parse.urlencode(form).encode(),
    )
    try:
        with urllib.request.urlopen(req) as r:
            return json.load(r)
    except urllib.error.HTTPError as e:
        return json.load(e)


def s256(verifier: str) -> str:
    return (
        base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
    )


def test_sandbox_pkce_mismatch_and_code_reuse(sb: Sandbox) -> None:
    verifier = "v" * 50
    code = authorize(sb, s256(verifier))
    bad = redeem(sb, code, "w" * 50)
    assert bad["error"] == "invalid_grant" and bad["error_codes"] == [501481]
    code = authorize(sb, s256(verifier))
    good = redeem(sb, code, verifier)
    remember_secret(good["access_token"])
    remember_secret(good["refresh_token"])
    assert good["token_type"] == "Bearer" and "Alert.Read" in good["scope"]
    again = redeem(sb, code, verifier)
    assert again["error_codes"] == [54005]
    code = authorize(sb, s256(verifier))
    wrong_redirect = redeem(sb, code, verifier, redirect_uri="http://localhost:2")
    assert wrong_redirect["error_codes"] == [500112]
    unknown = redeem(sb, "1.Anot-a-code", verifier)
    assert unknown["error_codes"] == [70008]
