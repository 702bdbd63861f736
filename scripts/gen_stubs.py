"""Writes the operation classes of ``python/mdekit/_mdekit.pyi``.

    python scripts/gen_stubs.py           # rewrite the generated block in place
    python scripts/gen_stubs.py --check   # exit 1 (and show a diff) when the file is stale

The sync and async class of each family come from one description, so the two cannot differ:

* ``_mdekit._surface()`` (emitted by the ``operations!`` macro of ``src/ops/mod.rs`` from the
  family tables in ``src/ops/*.rs``): class names and docs, each method's kind (awaitable or
  pager), doc, parameter types and return type;
* the built extension itself: parameter names, kinds and defaults (``inspect.signature``), which
  also proves the runtime ``__text_signature__`` is complete;
* ``mdekit.catalogue()`` (``crates/mdekit-spec``): the HTTP method and path, the permissions, the
  quota and the documentation page appended to each docstring, and the ``Literal`` values of the
  parameters the operation documents as enums.

Everything outside the markers (TypedDicts, pagers, clients, credentials) is written by hand.
Run it with the extension built from the same sources (``pip install -e .``).
"""

from __future__ import annotations

import argparse
import difflib
import inspect
import sys
import textwrap
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
STUB = ROOT / "python" / "mdekit" / "_mdekit.pyi"
BEGIN = "# BEGIN GENERATED OPERATIONS: scripts/gen_stubs.py writes this block; do not edit it."
END = "# END GENERATED OPERATIONS"
WIDTH = 100
API_NAMES = {"mde": "MDE API", "graph": "Microsoft Graph"}


def _family_key(class_name: str) -> str:
    """``MachineActionsOperations`` -> ``machine_actions``: the client attribute of the family."""
    stem = class_name.removesuffix("Operations")
    return "".join("_" + c.lower() if c.isupper() else c for c in stem).lstrip("_")


def _by_python_name(catalogue: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    index: dict[str, list[dict[str, Any]]] = {}
    for op in catalogue:
        for name in [op["python"], *op["also"]]:
            if name:
                index.setdefault(name, []).append(op)
    return index


def _param_type(param: dict[str, Any], ops: list[dict[str, Any]]) -> tuple[list[str], str]:
    """The documented enum values of a parameter (maybe none) and its plain Python type."""
    values = param["enum"]
    for op in ops:
        values = values or op["enums"].get(param["name"])
    return list(values or []), param["type"]


def _default(value: object, where: str) -> str:
    if value is Ellipsis or not isinstance(value, (str, int, float, bool, type(None))):
        raise SystemExit(
            f"{where}: the runtime default is {value!r}; give the method a text_signature "
            "in its ops table so Python sees the real default"
        )
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return repr(value)


def _annotated(name: str, values: list[str], plain: str, default: str) -> str:
    if name == "*":
        return "*"
    # Values the service adds later and other spellings (any case) are still accepted, hence
    # the plain type beside the documented values.
    quoted = ", ".join(f'"{v}"' for v in values)
    ty = f"Literal[{quoted}] | {plain}" if values else plain
    return f"{name}: {ty}{default}"


def _param_lines(name: str, values: list[str], plain: str, default: str, indent: str) -> list[str]:
    """One parameter; a long ``Literal`` is wrapped the way black wraps it."""
    quoted = [f'"{v}"' for v in values]
    line = f"{indent}{_annotated(name, values, plain, default)},"
    if len(line) <= WIDTH or not values:
        return [line]
    inner = indent + "    " + ", ".join(quoted)
    body = [inner] if len(inner) <= WIDTH else [f"{indent}    {q}," for q in quoted]
    rest = [f"{indent}| {part}" for part in plain.split(" | ")]
    rest[-1] += f"{default},"
    return [f"{indent}{name}: Literal[", *body, f"{indent}]", *rest]


def _def(
    cls: type, method: dict[str, Any], ops: list[dict[str, Any]], returns: str
) -> list[str]:
    """The ``def`` line(s): names, kinds and defaults from the runtime, types from the table."""
    where = f"{cls.__name__}.{method['name']}"
    runtime = inspect.signature(getattr(cls, method["name"]))
    declared = [p["name"] for p in method["params"]]
    actual = [p.name for p in runtime.parameters.values() if p.name != "self"]
    if declared != actual:
        raise SystemExit(f"{where}: table parameters {declared} but runtime {actual}")
    types = {p["name"]: _param_type(p, ops) for p in method["params"]}
    params: list[tuple[str, list[str], str, str]] = []
    for p in runtime.parameters.values():
        if p.name == "self":
            continue
        if p.kind is inspect.Parameter.KEYWORD_ONLY and not any(x[0] == "*" for x in params):
            params.append(("*", [], "", ""))
        default = ""
        if p.default is not inspect.Parameter.empty:
            default = f" = {_default(p.default, where)}"
        values, plain = types[p.name]
        params.append((p.name, values, plain, default))

    listed = "".join(", " + _annotated(*p) for p in params)
    one_line = f"    def {method['name']}(self{listed}) -> {returns}:"
    if len(one_line) <= WIDTH:
        return [one_line]
    lines = [f"    def {method['name']}(", "        self,"]
    for name, values, plain, default in params:
        if name == "*":
            lines.append("        *,")
        else:
            lines += _param_lines(name, values, plain, default, "        ")
    lines.append(f"    ) -> {returns}:")
    return lines


def _permissions(names: list[str]) -> str:
    quoted = [f"``{n}``" for n in names]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " or " + quoted[-1]


def _rate(limit: dict[str, Any]) -> str:
    parts = []
    if limit["per_minute"] is not None:
        parts.append(f"{limit['per_minute']:,} calls a minute")
    if limit["per_hour"] is not None:
        parts.append(f"{limit['per_hour']:,} an hour")
    said = " and ".join(parts) if parts else "none documented"
    return f"{said} (quota family ``{limit['family']}``)"


def _facts(ops: list[dict[str, Any]]) -> list[str]:
    """What the catalogue says about the operations a method sends."""
    lines: list[str] = []
    for op in ops:
        if len(ops) > 1:
            lines += [""] if lines else []
            lines.append(f"{API_NAMES[op['api']]} (``{op['id']}``):")
        sentences = [f"Endpoint: ``{op['method']} {op['path']}`` ({API_NAMES[op['api']]})."]
        perms = []
        if op["app_permissions"]:
            perms.append(f"{_permissions(op['app_permissions'])} (application)")
        if op["delegated_permissions"]:
            perms.append(f"{_permissions(op['delegated_permissions'])} (delegated)")
        if perms:
            sentences.append("Permission: " + "; ".join(perms) + ".")
        sentences.append(f"Rate limit: {_rate(op['rate_limit'])}.")
        sentences.append(f"Docs: {op['doc']}")
        for s in sentences:
            lines += textwrap.wrap(s, WIDTH - 8, break_long_words=False, break_on_hyphens=False,
                                   subsequent_indent="    ")
    return lines


def _docstring(doc: str, extra: list[str], indent: str) -> list[str]:
    body = doc.replace("\\", "\\\\").split("\n") if doc else []
    if extra:
        body += ([""] if body else []) + extra
    if not body:
        raise SystemExit("a class or method has no doc comment in its ops table")
    if len(body) == 1 and len(indent + '"""' + body[0] + '"""') <= WIDTH:
        return [f'{indent}"""{body[0]}"""']
    lines = [f'{indent}"""{body[0]}']
    lines += [f"{indent}{line}" if line else "" for line in body[1:]]
    lines.append(f'{indent}"""')
    return lines


def _class(
    surface: dict[str, Any], asynchronous: bool, index: dict[str, list[dict[str, Any]]]
) -> list[str]:
    import mdekit._mdekit as ext

    name = surface["async" if asynchronous else "sync"]
    cls = getattr(ext, name)
    doc = surface["doc"]
    if asynchronous:
        doc += (
            f"\n\nThe asyncio twin of :class:`{surface['sync']}`: the same methods, each"
            " returning an awaitable (lists return an :class:`AsyncPager`)."
        )
    lines = ["@final", f"class {name}:", *_docstring(doc, [], "    "), ""]
    family = _family_key(surface["sync"])
    for method in surface["methods"]:
        ops = index.get(f"{family}.{method['name']}", [])
        item = method["returns"]
        if method["kind"] == "pager":
            returns = f"{'AsyncPager' if asynchronous else 'Pager'}[{item}]"
        else:
            returns = f"Awaitable[{item}]" if asynchronous else item
        lines += _def(cls, method, ops, returns)
        lines += _docstring(method["doc"], _facts(ops), "        ")
    return lines


def generate_block() -> str:
    import mdekit
    import mdekit._mdekit as ext

    index = _by_python_name(mdekit.catalogue())
    out = [BEGIN]
    for surface in ext._surface():
        for asynchronous in (False, True):
            out += ["", *_class(surface, asynchronous, index)]
    out += ["", END]
    return "\n".join(out) + "\n"


def render(current: str) -> str:
    start = current.index(BEGIN)
    end = current.index(END) + len(END) + 1
    return current[:start] + generate_block() + current[end:]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--check", action="store_true", help="fail when the stub is stale")
    args = parser.parse_args(argv)
    current = STUB.read_text(encoding="utf-8")
    fresh = render(current)
    if not args.check:
        if fresh != current:
            STUB.write_text(fresh, encoding="utf-8")
        return 0
    if fresh == current:
        return 0
    sys.stdout.writelines(
        difflib.unified_diff(
            current.splitlines(keepends=True), fresh.splitlines(keepends=True),
            "committed/_mdekit.pyi", "generated/_mdekit.pyi",
        )
    )
    print("\n_mdekit.pyi is stale: run `python scripts/gen_stubs.py`", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
