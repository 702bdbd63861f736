"""The hand-written stubs (python/mdekit/_mdekit.pyi) match the compiled module."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.skipif(importlib.util.find_spec("mypy") is None, reason="mypy is not installed")
def test_stubtest() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "mypy.stubtest", "mdekit._mdekit",
         "--allowlist", str(ROOT / "tests" / "stubtest-allowlist.txt")],
        cwd=ROOT, capture_output=True, text=True, timeout=300, check=False,
    )
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-2000:]
