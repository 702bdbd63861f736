"""The README's Python examples type-check under ``pyright --strict`` and ``mypy --strict``
against the stubs, which catches what stubtest cannot: return types, ``Literal`` drift, pager
item types, protocols the examples rely on.

The blocks are checked the way ``tests/test_readme.py`` runs them: in order, as one module, with
the reader's placeholders (:data:`test_readme.PLACEHOLDERS`) bound to strings. Two pyright rules
are off because of that convention, not because of the stubs: ``reportUnusedExpression`` (the
first block is a notebook session whose bare expressions display values) and
``reportDuplicateImport`` (each block carries its own imports).

:data:`KNOWN_README_FINDINGS` lists what the README itself gets wrong (the README is not edited
from here); anything else a checker reports fails the test.
"""

from __future__ import annotations

import importlib.util
import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from test_readme import FENCE, PLACEHOLDERS, README

#: ``(checker, rule, README line)``: errors in the README's examples, not in the stubs.
KNOWN_README_FINDINGS: set[tuple[str, str, str]] = set()


def examples(folder: Path) -> tuple[Path, dict[int, str]]:
    """The examples as one module in ``folder``, and the README line behind each module line."""
    text = README.read_text(encoding="utf-8")
    lines = [f'{name} = "placeholder"' for name in PLACEHOLDERS]
    origin = {i + 1: "<placeholder>" for i in range(len(lines))}
    for m in FENCE.finditer(text):
        if m.group(1) != "python":
            continue
        for code in m.group(2).splitlines():
            lines.append(code)
            origin[len(lines)] = code.strip()
    path = folder / "readme_examples.py"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path, origin


TYPING_EXAMPLES = Path(__file__).with_name("typing_examples.py")


def own_lines(path: Path) -> tuple[Path, dict[int, str]]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return path, {i + 1: line.strip() for i, line in enumerate(lines)}


def check(findings: set[tuple[str, str, str]], report: str,
          known: set[tuple[str, str, str]]) -> None:
    unexpected = findings - known
    assert not unexpected, "\n".join(map(str, sorted(unexpected))) + "\n\n" + report[-6000:]


def mypy_findings(path: Path, origin: dict[int, str], tmp: Path) -> tuple[set[Any], str]:
    proc = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-error-summary", "--show-error-codes",
         "--cache-dir", str(tmp / ".mypy_cache"), path.name],
        cwd=path.parent, capture_output=True, text=True, timeout=600, check=False,
    )
    pattern = re.compile(rf"^{re.escape(path.name)}:(\d+): error: .*\[([\w-]+)\]$", re.MULTILINE)
    found = {("mypy", rule, origin[int(line)]) for line, rule in pattern.findall(proc.stdout)}
    if not found:
        assert proc.returncode == 0, proc.stdout + proc.stderr
    return found, proc.stdout + proc.stderr


def pyright_findings(path: Path, origin: dict[int, str], tmp: Path) -> tuple[set[Any], str]:
    config = tmp / "pyrightconfig.json"
    config.write_text(json.dumps({
        "typeCheckingMode": "strict",
        "reportUnusedExpression": "none",
        "reportDuplicateImport": "none",
    }))
    proc = subprocess.run(
        [sys.executable, "-m", "pyright", "--outputjson", "--project", str(config),
         "--pythonpath", sys.executable, str(path)],
        cwd=tmp, capture_output=True, text=True, timeout=600, check=False,
    )
    report = json.loads(proc.stdout)
    assert report["summary"]["filesAnalyzed"] == 1, proc.stdout[-2000:] + proc.stderr
    found = {("pyright", d.get("rule", "?"), origin[d["range"]["start"]["line"] + 1])
             for d in report["generalDiagnostics"] if d["severity"] == "error"}
    return found, proc.stdout + proc.stderr


HAS_MYPY = importlib.util.find_spec("mypy") is not None
HAS_PYRIGHT = importlib.util.find_spec("pyright") is not None


@pytest.mark.skipif(not HAS_MYPY, reason="mypy is not installed (pip install -e '.[dev]')")
def test_readme_examples_pass_mypy_strict(tmp_path: Path) -> None:
    path, origin = examples(tmp_path)
    check(*mypy_findings(path, origin, tmp_path), KNOWN_README_FINDINGS)


@pytest.mark.skipif(not HAS_PYRIGHT, reason="pyright is not installed (pip install -e '.[dev]')")
def test_readme_examples_pass_pyright_strict(tmp_path: Path) -> None:
    path, origin = examples(tmp_path)
    check(*pyright_findings(path, origin, tmp_path), KNOWN_README_FINDINGS)


@pytest.mark.skipif(not HAS_MYPY, reason="mypy is not installed (pip install -e '.[dev]')")
def test_inferred_types_mypy_strict(tmp_path: Path) -> None:
    check(*mypy_findings(*own_lines(TYPING_EXAMPLES), tmp_path), set())


@pytest.mark.skipif(not HAS_PYRIGHT, reason="pyright is not installed (pip install -e '.[dev]')")
def test_inferred_types_pyright_strict(tmp_path: Path) -> None:
    check(*pyright_findings(*own_lines(TYPING_EXAMPLES), tmp_path), set())
