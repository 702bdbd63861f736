"""The interactive sign-in (authorization code with PKCE) in a real browser: headless Chromium,
driven by Selenium, fills in the sandbox's sign-in page, submits it, and follows the redirect to
mdekit's loopback listener by itself, so what a browser does with the page (form encoding, the
302, the loopback ``http://localhost`` redirect) is tested, not assumed.

Uses the system's Chromium and chromedriver (Debian: ``chromium``, ``chromium-driver``), which
``.ci/run`` installs; without them the module skips, unless ``MDEKIT_REQUIRE_BROWSER=1`` (set by
``.ci/run``) turns the skip into a failure."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from typing import Any

import mdekit
import pytest
from conftest import new_sandbox, raises, remember_secret
from mdekit import InteractiveBrowserCredential
from mdekit.testing import ManualClock, Sandbox

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")


def _require(what: str) -> None:
    if os.environ.get("MDEKIT_REQUIRE_BROWSER") == "1":
        pytest.fail(f"{what} (MDEKIT_REQUIRE_BROWSER=1)")
    pytest.skip(what, allow_module_level=True)


if not (CHROMIUM and CHROMEDRIVER):
    _require("no chromium/chromedriver on PATH: apt-get install chromium chromium-driver")
try:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions
    from selenium.webdriver.support.ui import WebDriverWait
except ImportError:
    _require("selenium is not installed (pip install -e '.[dev]')")


@pytest.fixture(scope="module")
def sb() -> Iterator[Sandbox]:
    sandbox = new_sandbox(machines=10, alerts=10)
    remember_secret(sandbox.password)
    try:
        yield sandbox
    finally:
        sandbox.stop()


@pytest.fixture(scope="module")
def driver() -> Iterator[Any]:
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--no-first-run", "--no-default-browser-check"):
        options.add_argument(arg)
    # Selenium Manager would try to download a driver; the system's matches the system's browser.
    d = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
    d.set_page_load_timeout(60)
    try:
        yield d
    finally:
        d.quit()


class ChromiumOpener:
    """Opens the authorization URL in Chromium and signs in as a user would."""

    def __init__(self, driver: Any, username: str, password: str, action: str = "sign_in"):
        self.driver, self.username, self.password, self.action = driver, username, password, action
        self.urls: list[str] = []
        self.landed: list[tuple[str, str]] = []

    def __call__(self, url: str) -> None:
        self.urls.append(url)
        d = self.driver
        d.get(url)
        wait = WebDriverWait(d, 30)
        wait.until(expected_conditions.presence_of_element_located((By.NAME, "username")))
        d.find_element(By.NAME, "username").send_keys(self.username)
        d.find_element(By.NAME, "password").send_keys(self.password)
        d.find_element(By.CSS_SELECTOR, f'button[name="action"][value="{self.action}"]').click()
        # The sandbox answers the form with a 302 to http://localhost:<port>/?code=...; the
        # browser follows it to mdekit's listener, which serves the closing page.
        wait.until(lambda drv: drv.current_url.startswith("http://localhost:"))
        wait.until(lambda drv: "Sign-in" in drv.page_source or "sign-in" in drv.page_source)
        self.landed.append((d.current_url, d.page_source))


def client(sb: Sandbox, opener: Any) -> mdekit.DefenderClient:
    cred = InteractiveBrowserCredential(tenant_id=sb.tenant_id, client_id=sb.public_client_id,
                                        opener=opener, authority_host=sb.base_url)
    return mdekit.DefenderClient(credential=cred, api_base_url=sb.base_url,
                                 graph_base_url=sb.base_url, clock=ManualClock(), max_retries=0)


def test_sign_in_in_chromium(sb: Sandbox, driver: Any) -> None:
    opener = ChromiumOpener(driver, sb.username, sb.password)
    c = client(sb, opener)
    assert len(c.alerts.list(top=2).to_list()) == 2
    assert len(opener.urls) == 1 and "code_challenge=" in opener.urls[0]
    landed_url, page = opener.landed[0]
    assert "code=" in landed_url and "state=" in landed_url
    assert "Sign-in complete" in page
    # The refresh token serves Graph: no second trip through the browser.
    assert len(c.hunting.run("DeviceInfo | take 1")) == 1
    assert len(opener.urls) == 1


def test_cancel_in_chromium(sb: Sandbox, driver: Any) -> None:
    opener = ChromiumOpener(driver, sb.username, sb.password, action="cancel")
    c = client(sb, opener)
    with raises(mdekit.ClientAuthenticationError) as info:
        c.alerts.list(top=1).to_list()
    assert info.value.code == "access_denied" and info.value.aadsts == 65004
    assert "error=access_denied" in opener.landed[0][0]
