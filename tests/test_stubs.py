"""The stubs (python/mdekit/_mdekit.pyi) match the compiled module, and their operation classes are
exactly what scripts/gen_stubs.py generates from the ops tables and the catalogue."""

from __future__ import annotations

import ast
import importlib.util
import inspect
import subprocess
import sys
from pathlib import Path
from typing import Any

import mdekit
import mdekit.aio
import pytest
from conftest import client as sandbox_client
from mdekit import _mdekit
from mdekit.testing import Sandbox

ROOT = Path(__file__).resolve().parents[1]
STUB = ROOT / "python" / "mdekit" / "_mdekit.pyi"
SURFACE = _mdekit._surface()


def stub_classes() -> dict[str, ast.ClassDef]:
    tree = ast.parse(STUB.read_text(encoding="utf-8"))
    return {n.name: n for n in tree.body if isinstance(n, ast.ClassDef)}


def stub_methods(cls: ast.ClassDef) -> dict[str, ast.FunctionDef]:
    return {n.name: n for n in cls.body if isinstance(n, ast.FunctionDef)}


def params(fn: ast.FunctionDef) -> list[tuple[str, str, str | None]]:
    """``(name, annotation, default)`` of every parameter, ``*`` marking the keyword-only ones."""
    a = fn.args
    defaults: list[ast.expr | None] = [None] * (len(a.args) - len(a.defaults)) + list(a.defaults)
    out = [(p.arg, ast.unparse(p.annotation) if p.annotation else "", ast.unparse(d) if d else None)
           for p, d in zip(a.args, defaults)]
    if a.kwonlyargs:
        out.append(("*", "", None))
    out += [(p.arg, ast.unparse(p.annotation) if p.annotation else "",
             ast.unparse(d) if d else None) for p, d in zip(a.kwonlyargs, a.kw_defaults)]
    return out


@pytest.mark.skipif(importlib.util.find_spec("mypy") is None, reason="mypy is not installed")
def test_stubtest() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "mypy.stubtest", "mdekit._mdekit",
         "--allowlist", str(ROOT / "tests" / "stubtest-allowlist.txt")],
        cwd=ROOT, capture_output=True, text=True, timeout=300, check=False,
    )
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-2000:]


def test_committed_stub_is_the_generated_one() -> None:
    proc = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "gen_stubs.py"), "--check"],
        cwd=ROOT, capture_output=True, text=True, timeout=120, check=False,
    )
    assert proc.returncode == 0, proc.stdout[-6000:] + proc.stderr[-2000:]


def test_every_operation_class_is_generated() -> None:
    declared = {name for name in dir(_mdekit) if name.endswith("Operations")}
    described = {f[k] for f in SURFACE for k in ("sync", "async")}
    assert declared == described


@pytest.mark.parametrize("family", SURFACE, ids=lambda f: f["sync"])
def test_sync_and_async_twins_agree(family: dict[str, Any]) -> None:
    classes = stub_classes()
    sync, async_ = stub_methods(classes[family["sync"]]), stub_methods(classes[family["async"]])
    assert list(sync) == list(async_) == [m["name"] for m in family["methods"]]
    for name, fn in sync.items():
        twin = async_[name]
        assert params(fn) == params(twin), name
        assert ast.get_docstring(fn) == ast.get_docstring(twin), name
        ret, aret = ast.unparse(fn.returns), ast.unparse(twin.returns)  # type: ignore[arg-type]
        if ret.startswith("Pager["):
            assert aret == "Async" + ret, name
        else:
            assert aret == f"Awaitable[{ret}]", name


def test_catalogue_enums_are_literals_on_both_twins() -> None:
    classes = stub_classes()
    checked = 0
    for op in mdekit.catalogue():
        if not op["enums"] or not op["python"]:
            continue
        family, method = op["python"].split(".")
        surface = next(f for f in SURFACE if f["sync"].lower() ==
                       family.replace("_", "") + "operations")
        for cls in (surface["sync"], surface["async"]):
            annotations = {p: a for p, a, _ in params(stub_methods(classes[cls])[method])}
            for param, values in op["enums"].items():
                literal = "Literal[" + ", ".join(repr(v) for v in values) + "]"
                assert annotations[param].startswith(literal), (cls, method, param)
                checked += 1
    assert checked >= 2 * 10


def test_runtime_docs_are_the_full_docs() -> None:
    for family in SURFACE:
        for cls in (getattr(_mdekit, family["sync"]), getattr(_mdekit, family["async"])):
            assert inspect.cleandoc(cls.__doc__ or "") == family["doc"]
            for m in family["methods"]:
                assert inspect.cleandoc(getattr(cls, m["name"]).__doc__ or "") == m["doc"]
    assert "Args:" in (_mdekit.AlertsOperations.update.__doc__ or "")
    assert "Raises:" in (_mdekit.AsyncAlertsOperations.update.__doc__ or "")


def test_runtime_signatures_on_client_instances(sb: Sandbox) -> None:
    """``inspect.signature`` of a bound method (what ``help()`` and Jupyter show) carries the
    real defaults, never a placeholder."""
    c = sandbox_client(sb)
    attr = {f["sync"]: a for a in dir(c) if not a.startswith("_")
            if (f := next((f for f in SURFACE if type(getattr(c, a)).__name__ == f["sync"]),
                          None))}
    assert len(attr) == len(SURFACE)
    for family in SURFACE:
        ops = getattr(c, attr[family["sync"]])
        for m in family["methods"]:
            sig = inspect.signature(getattr(ops, m["name"]))
            assert [p.name for p in sig.parameters.values()] == [p["name"] for p in m["params"]]
            for p in sig.parameters.values():
                assert p.default is not Ellipsis, (family["sync"], m["name"], p.name)
    assert inspect.signature(c.machines.isolate).parameters["isolation_type"].default == "Full"
    assert inspect.signature(c.hunting.run).parameters["endpoint"].default == "graph"
    assert str(inspect.signature(c.alerts.list)) == (
        "(*, filter=None, top=None, skip=None, expand=None, page_size=None)")


def test_operation_classes_are_exported() -> None:
    for family in SURFACE:
        name = family["sync"]
        assert getattr(mdekit, name) is getattr(_mdekit, name)
        assert getattr(mdekit.aio, name) is getattr(_mdekit, family["async"])
        assert name in mdekit.__all__ and name in mdekit.aio.__all__
    for module in (mdekit, mdekit.aio):
        assert sorted(module.__all__) == sorted(set(module.__all__))
        for name in module.__all__:
            assert hasattr(module, name), (module.__name__, name)


def required_keys(cls: ast.ClassDef) -> set[str]:
    return {n.target.id for n in cls.body
            if isinstance(n, ast.AnnAssign) and isinstance(n.target, ast.Name)
            and not ast.unparse(n.annotation).startswith("NotRequired[")}


def test_required_entity_keys_are_sent(sb: Sandbox) -> None:
    """The keys the stubs promise (not ``NotRequired``) are in the sandbox's entities, which
    follow the documented shapes."""
    c = sandbox_client(sb)
    classes = stub_classes()
    alert = c.alerts.list(top=1).to_list()[0]
    machine = c.machines.list(top=1).to_list()[0]
    action = c.machines.isolate(machine["id"], comment="stub keys")
    indicator = c.indicators.submit(
        indicator_value="a" * 40, indicator_type="FileSha1", action="Audit", title="stub keys",
        description="stub keys", generate_alert=True)
    for name, entity in [("Alert", alert), ("Machine", machine), ("MachineAction", action),
                         ("Indicator", indicator)]:
        missing = required_keys(classes[name]) - set(entity)
        assert not missing, (name, missing)
