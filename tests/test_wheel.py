"""No Rust needed to install: the release wheel that ``scripts/wheel.sh`` builds installs into a
fresh venv from the file alone and runs ``mdekit --sandbox`` with no cargo on ``PATH``.

The wheel comes from ``MDEKIT_WHEEL`` when set (``.ci/run`` builds it once, before the suite);
otherwise the module builds it (a release build with fat LTO: minutes).
``MDEKIT_SKIP_WHEEL=1`` skips the module locally. The release workflow, which cannot run here,
is at least checked to parse and to cover every platform."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]

needs_wheel = pytest.mark.skipif(
    os.environ.get("MDEKIT_SKIP_WHEEL") == "1", reason="MDEKIT_SKIP_WHEEL=1"
)


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    given = os.environ.get("MDEKIT_WHEEL")
    if given:
        yield Path(given)
        return
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(["bash", str(ROOT / "scripts" / "wheel.sh"), str(out)], check=True)
    (built,) = out.glob("mdekit-*.whl")
    yield built


def without_rust(path: str) -> str:
    """``path`` minus every folder that holds cargo or rustc."""
    keep = [
        d for d in path.split(os.pathsep)
        if d and not any(os.path.exists(os.path.join(d, t)) for t in ("cargo", "rustc"))
    ]
    return os.pathsep.join(keep)


@needs_wheel
def test_wheel_is_abi3_and_portable(wheel: Path) -> None:
    assert re.fullmatch(r"mdekit-[^-]+-cp310-abi3-[^-]+\.whl", wheel.name), wheel.name
    if sys.platform.startswith("linux"):
        # manylinux2014 = glibc 2.17; a plain linux_* tag would not install from PyPI.
        assert "manylinux_2_17" in wheel.name or "manylinux2014" in wheel.name, wheel.name
    with zipfile.ZipFile(wheel) as z:
        names = z.namelist()
    assert any(n.startswith("mdekit/_mdekit") for n in names)
    assert "mdekit/py.typed" in names and "mdekit/_mdekit.pyi" in names
    # The dist profile and --strip: today about 6 MB; a debug or unstripped build is 3-10x that.
    assert wheel.stat().st_size < 15_000_000, wheel.stat().st_size


@needs_wheel
def test_wheel_installs_and_runs_without_rust(wheel: Path, tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    bindir = venv / ("Scripts" if os.name == "nt" else "bin")
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("CARGO", "RUSTUP", "VIRTUAL_ENV", "MDEKIT_", "AZURE_"))}
    env["PATH"] = os.pathsep.join([str(bindir), without_rust(os.environ.get("PATH", ""))])
    assert shutil.which("cargo", path=env["PATH"]) is None
    env["PIP_NO_INDEX"] = "1"  # the wheel alone: no registry, and no sdist fallback to build
    subprocess.run([str(bindir / "python"), "-m", "pip", "install", "--quiet", "--no-deps",
                    "--disable-pip-version-check", str(wheel)], check=True, env=env)
    # An empty folder, so the checkout's python/mdekit cannot shadow the installed package.
    run = subprocess.run([str(bindir / "mdekit"), "--sandbox"], cwd=tmp_path, env=env,
                         capture_output=True, text=True, timeout=300, check=False)
    assert run.returncode == 0, run.stderr
    where = subprocess.run([str(bindir / "python"), "-c", "import mdekit; print(mdekit.__file__)"],
                           cwd=tmp_path, env=env, capture_output=True, text=True, check=True)
    assert str(venv) in where.stdout
    assert "Using the embedded sandbox" in run.stdout
    assert "== High-severity alerts of the last 7 days:" in run.stdout


def release_workflow() -> dict[Any, Any]:
    yaml = pytest.importorskip("yaml")
    with open(ROOT / ".github" / "workflows" / "release.yml", encoding="utf-8") as f:
        doc = yaml.safe_load(f)
    assert isinstance(doc, dict)
    return doc


def test_release_workflow_covers_every_platform() -> None:
    doc = release_workflow()
    # YAML 1.1 reads the bare key `on` as True.
    assert "push" in (doc.get("on") or doc.get(True))
    wheels = doc["jobs"]["wheels"]
    got = {(p["os"], p["target"]) for p in wheels["strategy"]["matrix"]["platform"]}
    for os_name in ("linux", "macos", "windows"):
        assert {t for o, t in got if o == os_name} in ({"x86_64", "aarch64"}, {"x64", "aarch64"})
    build = next(s for s in wheels["steps"] if "maturin-action" in s.get("uses", ""))
    assert "--profile dist" in build["with"]["args"] and "--strip" in build["with"]["args"]
    assert doc["jobs"]["publish"]["needs"] == ["wheels", "sdist"]
