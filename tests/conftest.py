"""Shared fixtures and helpers of the mdekit test suite.

Every test talks only to a loopback sandbox (``mdekit.testing.Sandbox``). No test sleeps through
a retry: clients get a ``ManualClock`` (waits are recorded, not slept) or ``max_retries=0``, and
sandbox rate-limit windows are scaled down so the sandbox never throttles the suite by accident.

Helpers used by several modules (``raises``, ``check_no_secrets``, ``api_requests``...) live here
and are imported with ``from conftest import ...`` (pytest puts ``tests/`` on ``sys.path``).
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from mdekit.testing import ManualClock, Sandbox

#: The real MDE sample data shared with the project (never copied into the repository).
SAMPLES = Path(__file__).resolve().parents[2] / "shared" / "data" / "mde-samples"

#: A sandbox "minute" lasts 60 ms: the sandbox's own quotas cannot trip the suite by accident.
WINDOW_SCALE = 0.001

#: Access tokens are JWTs: base64url header (always starts ``eyJ``), payload and signature.
JWT_RE = re.compile(r"eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*")

#: Secrets known to the suite (sandbox client secrets, minted tokens, test-only secrets);
#: ``check_no_secrets`` makes sure none of them leaks into an exception or a repr.
KNOWN_SECRETS: set[str] = set()

#: Every exception checked by ``raises`` (for the suite-wide secrets test).
SEEN_EXCEPTIONS: list[BaseException] = []


def require_samples() -> Path:
    """The samples folder, or a skip with the reason when it is not there."""
    if not SAMPLES.is_dir():
        pytest.skip(f"real MDE sample data not found at {SAMPLES} (shared/data/mde-samples)")
    return SAMPLES


def remember_secret(value: str) -> str:
    KNOWN_SECRETS.add(value)
    return value


def check_no_secrets(text: str) -> None:
    """Fails when ``text`` holds a known secret or anything shaped like an access token."""
    for secret in KNOWN_SECRETS:
        assert secret not in text, "a secret leaked into: " + text[:200].replace(secret, "***")
    assert not JWT_RE.search(text), f"an access token leaked into: {text[:200]}"


def exception_texts(exc: BaseException) -> list[str]:
    texts = [str(exc), repr(exc), *(repr(a) for a in exc.args)]
    for attr in ("message", "code", "target", "request_id"):
        value = getattr(exc, attr, None)
        if value is not None:
            texts.append(str(value))
    return texts


def check_exception(exc: BaseException) -> None:
    SEEN_EXCEPTIONS.append(exc)
    for text in exception_texts(exc):
        check_no_secrets(text)


@contextlib.contextmanager
def raises(
    expected: type[BaseException] | tuple[type[BaseException], ...], match: str | None = None
) -> Iterator[Any]:
    """``pytest.raises`` that also checks the exception for leaked secrets."""
    with pytest.raises(expected, match=match) as info:
        yield info
    check_exception(info.value)


def new_sandbox(**options: Any) -> Sandbox:
    options.setdefault("rate_window_scale", WINDOW_SCALE)
    sb = Sandbox(**options).start()
    remember_secret(sb.client_secret)
    return sb


def client(sb: Sandbox, **overrides: Any) -> Any:
    """A sync client with a manual clock (no real sleeping), unless the test passes its own."""
    overrides.setdefault("clock", ManualClock())
    return sb.client(**overrides)


def async_client(sb: Sandbox, **overrides: Any) -> Any:
    overrides.setdefault("clock", ManualClock())
    return sb.async_client(**overrides)


def api_requests(sb: Sandbox, prefix: str = "/api/") -> list[dict[str, Any]]:
    """The sandbox's request log restricted to paths starting with ``prefix``."""
    return [r for r in sb.requests() if r["path"].startswith(prefix)]


def token_requests(sb: Sandbox) -> list[dict[str, Any]]:
    return [r for r in sb.requests() if r["method"] == "POST" and "/oauth2/" in r["path"]]


@pytest.fixture(scope="module")
def sb() -> Iterator[Sandbox]:
    """A default sandbox (500 machines, 2,000 alerts) shared by one module's tests."""
    sandbox = new_sandbox()
    try:
        yield sandbox
    finally:
        sandbox.stop()


@pytest.fixture
def clean(sb: Sandbox) -> Iterator[Sandbox]:
    """The module's sandbox with no queued faults and an empty request log (faults a test
    left unused are dropped afterwards too)."""
    sb.server.clear_faults()
    sb.clear_requests()
    yield sb
    sb.server.clear_faults()
