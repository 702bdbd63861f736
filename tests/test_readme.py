"""Every ``python`` and ``bash`` block of the README runs here against the sandbox, so the README
cannot rot.

The convention, stated in the README under "Set up":

- The Python blocks run in order in one namespace, in an empty folder, with the environment of a
  sandbox set (``Sandbox.env()``, so ``from_env()`` reaches it) and ``HOME`` pointing into the
  folder. The names standing for a reader's own values (:data:`PLACEHOLDERS`) are bound to the
  sandbox's: its app, a certificate registered for that app, its public client and user.
- The bash blocks run with ``bash -euo pipefail`` in an empty folder with this environment's
  ``mdekit`` first on ``PATH``; background jobs are stopped when a block ends.
- The set-up block is the exception: it must hold exactly the two commands a newcomer types, and
  of those only ``mdekit --sandbox`` runs here (the other two are what runs this test).
"""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from mdekit.testing import Sandbox

README = Path(__file__).resolve().parents[1] / "README.md"
FENCE = re.compile(r"^```(\w+)[^\n]*\n(.*?)^```", re.DOTALL | re.MULTILINE)
SETUP_COMMANDS = ["pip install . && mdekit --sandbox", "bash scripts/test.sh"]
#: The names the README's examples use for a reader's own values.
PLACEHOLDERS = ("tenant_id", "client_id", "client_secret", "certificate_path",
                "certificate_password", "public_client_id", "username", "password")


def blocks(lang: str) -> list[tuple[int, str]]:
    """``(line number, code)`` of every ``lang`` block of the README, in order."""
    text = README.read_text(encoding="utf-8")
    return [(text.count("\n", 0, m.start()) + 1, m.group(2))
            for m in FENCE.finditer(text) if m.group(1) == lang]


def setup_block() -> str:
    return blocks("bash")[0][1]


def commands(code: str) -> list[str]:
    return [line.split("#", 1)[0].strip() for line in code.splitlines()
            if line.split("#", 1)[0].strip()]


def test_the_readme_has_blocks_to_run() -> None:
    assert len(blocks("python")) >= 6
    assert len(blocks("bash")) >= 2


def test_setup_is_exactly_two_commands() -> None:
    assert commands(setup_block()) == SETUP_COMMANDS


@pytest.fixture
def scratch(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("HOME", str(tmp_path))
    for name in list(os.environ):
        if name.startswith(("AZURE_", "MDEKIT_")):
            monkeypatch.delenv(name)
    return tmp_path


def shell_env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AZURE_", "MDEKIT_"))}
    env["PATH"] = os.path.dirname(sys.executable) + os.pathsep + env.get("PATH", "")
    env["HOME"] = str(home)
    return env


def test_setup_first_run(scratch: Path) -> None:
    (command,) = [c for c in commands(setup_block()) if "mdekit --sandbox" in c]
    installed_run = command.split("&&")[-1].strip()
    out = subprocess.run(installed_run, check=False, shell=True, cwd=scratch, env=shell_env(scratch),
                         capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    assert "High-severity alerts of the last 7 days" in out.stdout
    assert "Advanced hunting" in out.stdout


@pytest.mark.parametrize("line,code", blocks("bash")[1:], ids=lambda v: f"line{v}"
                         if isinstance(v, int) else "")
def test_bash_block(line: int, code: str, scratch: Path) -> None:
    script = "trap 'kill $(jobs -p) 2>/dev/null || true' EXIT\n" + code
    out = subprocess.run(["bash", "-euo", "pipefail", "-c", script], check=False, cwd=scratch,
                         env=shell_env(scratch), capture_output=True, text=True, timeout=600)
    assert out.returncode == 0, (
        f"README.md line {line}: exit {out.returncode}\n{out.stdout[-3000:]}\n{out.stderr}")


def _certificate(sb: Sandbox, folder: Path) -> tuple[str, str]:
    """A PKCS#12 file registered for the sandbox's app, and its password."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.hazmat.primitives.serialization import pkcs12
    from cryptography.x509.oid import NameOID

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "readme")])
    now = dt.datetime.now(dt.timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(days=1))
            .not_valid_after(now + dt.timedelta(days=1)).sign(key, hashes.SHA256()))
    sb.server.add_app_certificate(sb.client_id,
                                  cert.public_bytes(serialization.Encoding.PEM).decode())
    password = "readme-pfx-password"
    path = folder / "app.pfx"
    path.write_bytes(pkcs12.serialize_key_and_certificates(
        b"app", key, cert, None, serialization.BestAvailableEncryption(password.encode())))
    return str(path), password


@pytest.fixture
def started(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[Sandbox]]:
    """Every Sandbox the README starts, stopped after the test."""
    seen: list[Sandbox] = []
    original = Sandbox.start

    def start(self: Sandbox) -> Sandbox:
        seen.append(self)
        return original(self)

    monkeypatch.setattr(Sandbox, "start", start)
    yield seen
    for sb in seen:
        sb.stop()


def test_python_blocks(scratch: Path, monkeypatch: pytest.MonkeyPatch,
                       started: list[Sandbox]) -> None:
    pytest.importorskip("cryptography")
    # HTTPS, as a real tenant: azure-identity refuses an http:// authority from the environment.
    with Sandbox(https=True) as env_sb:
        for k, v in env_sb.env().items():
            monkeypatch.setenv(k, v)
        certificate_path, certificate_password = _certificate(env_sb, scratch)
        namespace: dict[str, Any] = {
            "__name__": "__readme__",
            "tenant_id": env_sb.tenant_id,
            "client_id": env_sb.client_id,
            "client_secret": env_sb.client_secret,
            "certificate_path": certificate_path,
            "certificate_password": certificate_password,
            "public_client_id": env_sb.public_client_id,
            "username": env_sb.username,
            "password": env_sb.password,
        }
        assert set(PLACEHOLDERS) <= namespace.keys()
        for line, code in blocks("python"):
            try:
                exec(compile(code, f"README.md:{line}", "exec"), namespace)  # noqa: S102
            except Exception as e:
                raise AssertionError(f"README.md block at line {line} failed: {e!r}") from e
        # The blocks really ran: the notebook quickstart's client found high alerts.
        assert namespace["high"]
