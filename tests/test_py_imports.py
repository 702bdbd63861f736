"""The extension looks up Python modules in one file only (``src/py_imports.rs``), so the
Python the Rust code depends on is listed, cached and checked in one place; and no Python source
hides in Rust strings, out of reach of ruff and mypy."""

from __future__ import annotations

import re
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src"
LOOKUP_FILE = SRC / "py_imports.rs"
# `py.import(...)`, `PyModule::import(...)`, `.import("...")`, and Python run from Rust strings.
PYTHON_IMPORT = re.compile(r"\bpy\s*\.\s*import\(|PyModule::import|\.import\(\s*\"|import_bound")
EMBEDDED_PYTHON = re.compile(r"PyModule::from_code|\bpy\.(run|eval)\(|Python::run")
# The core's indicator import operation (`POST /api/indicators/import`) is not a Python import.
NOT_PYTHON = re.compile(r"\.indicators\(\)\s*\.import\(")


def rust_files() -> list[Path]:
    return sorted(p for p in SRC.rglob("*.rs") if p != LOOKUP_FILE)


def test_every_python_import_is_in_the_lookup_file() -> None:
    offenders = []
    for path in rust_files():
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if "import(" in line and not NOT_PYTHON.search(line) or PYTHON_IMPORT.search(line):
                offenders.append(f"{path.relative_to(SRC.parent)}:{n}: {line.strip()}")
    assert offenders == [], "Python lookups outside src/py_imports.rs:\n" + "\n".join(offenders)


def test_no_python_source_in_rust_strings() -> None:
    offenders = [
        f"{path.relative_to(SRC.parent)}:{n}: {line.strip()}"
        for path in [*rust_files(), LOOKUP_FILE]
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if EMBEDDED_PYTHON.search(line)
    ]
    assert offenders == []


def test_the_lookup_file_imports_modules_that_exist() -> None:
    import importlib

    text = LOOKUP_FILE.read_text(encoding="utf-8")
    names = re.findall(r"=>\s*\"([\w.]+)\"", text)
    assert "mdekit.exceptions" in names and "mdekit._pager" in names
    for name in names:
        importlib.import_module(name)
