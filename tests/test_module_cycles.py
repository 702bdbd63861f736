"""The sandbox's modules import each other without a cycle (scripts/check_cycles.py)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "check_cycles.py"


def _checker():
    spec = importlib.util.spec_from_file_location("check_cycles", SCRIPT)
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    sys.modules["check_cycles"] = mod
    spec.loader.exec_module(mod)
    return mod


def test_sandbox_has_no_import_cycle() -> None:
    check = _checker()
    edges = check.graph(ROOT / "crates" / "mdekit-sandbox" / "src")
    assert "router" in edges and "error" in edges
    assert check.cycles(edges) == []


def test_finds_a_long_cycle_and_ignores_comments_and_strings(tmp_path: Path) -> None:
    check = _checker()
    (tmp_path / "a.rs").write_text("use crate::b::X;\n// crate::c::no\n", encoding="utf-8")
    (tmp_path / "b.rs").write_text("use crate::{c::{self, Y}, d};\n", encoding="utf-8")
    (tmp_path / "c.rs").write_text(
        'fn f() { crate::a::g(); let s = "crate::d::h"; }\n', encoding="utf-8"
    )
    (tmp_path / "d.rs").write_text(
        'const U: &str = "https://x/"; /* crate::a */\n', encoding="utf-8"
    )
    (tmp_path / "lib.rs").write_text("mod a; mod b; mod c; mod d;\n", encoding="utf-8")
    edges = check.graph(tmp_path)
    assert edges == {"a": {"b"}, "b": {"c", "d"}, "c": {"a"}, "d": set()}
    assert check.cycles(edges) == [["a", "b", "c"]]
    assert check.main([str(tmp_path)]) == 1
