#!/usr/bin/env python3
"""Fails when a module of a crate imports a module that (directly or transitively) imports it back.

Reads every `.rs` file under the crate's `src` (a file `a/b.rs` counts as part of module `a`), collects the
`crate::x` references of each top-level module (`use crate::x...`, `use crate::{x, y::z}`, `crate::x::f(...)`
in code; comments and string literals are ignored; test files such as `kql_tests.rs` count as modules of
their own) and reports every strongly connected component of more than one module: a cycle of any length,
with one concrete loop as an example. Usage: `python scripts/check_cycles.py [crate_src_dir ...]`, default
`crates/mdekit-sandbox/src`. Exit status 1 on a cycle; `scripts/test.sh` runs it.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

USE_BLOCK = re.compile(r"\buse\s+crate::(\{[^;]*\}|[A-Za-z_][A-Za-z0-9_]*)", re.DOTALL)
PATH_REF = re.compile(r"\bcrate::([A-Za-z_][A-Za-z0-9_]*)")
# One left-to-right pass, so `//` inside a string and `"` inside a comment are what they are.
NOISE = re.compile(
    r"//[^\n]*"  # line comment
    r"|/\*.*?\*/"  # block comment
    r'|r(#*)".*?"\1'  # raw string
    r'|b?"(?:\\.|[^"\\])*"'  # string
    r"|b?'(?:\\.|[^'\\\n])'",  # char literal (a lifetime `'a` has no closing quote)
    re.DOTALL,
)


def module_of(src: Path, file: Path) -> str:
    """The top-level module a file belongs to (`a.rs` and `a/b.rs` both belong to `a`)."""
    rel = file.relative_to(src)
    first = rel.parts[0]
    return first.removesuffix(".rs")


def strip(text: str) -> str:
    return NOISE.sub(" ", text)


def top_names(group: str) -> set[str]:
    """`{a, b::{c, d}, e::f as g}` -> {a, b, e}: the first segment of every top-level item."""
    inner = group.strip()[1:-1]
    names, depth, cur = set(), 0, ""
    for ch in inner + ",":
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
        if ch == "," and depth == 0:
            head = cur.strip().split("::")[0].split(" ")[0].strip()
            if head and head not in ("self", "*"):
                names.add(head)
            cur = ""
        else:
            cur += ch
    return names


def graph(src: Path) -> dict[str, set[str]]:
    files = [f for f in src.rglob("*.rs")]
    modules = {module_of(src, f) for f in files} - {"lib", "main"}
    edges: dict[str, set[str]] = {m: set() for m in modules}
    for f in files:
        me = module_of(src, f)
        if me in ("lib", "main"):
            continue
        text = strip(f.read_text(encoding="utf-8"))
        refs: set[str] = set()
        for m in USE_BLOCK.finditer(text):
            item = m.group(1)
            refs |= top_names(item) if item.startswith("{") else {item}
        refs |= set(PATH_REF.findall(text))
        edges[me] |= {r for r in refs if r in modules and r != me}
    return edges


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    out: list[list[str]] = []
    counter = 0
    for root in sorted(edges):
        if root in index:
            continue
        work = [(root, iter(sorted(edges[root])))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, it = work[-1]
            nxt = next(it, None)
            if nxt is not None:
                if nxt not in index:
                    index[nxt] = low[nxt] = counter
                    counter += 1
                    stack.append(nxt)
                    on_stack.add(nxt)
                    work.append((nxt, iter(sorted(edges[nxt]))))
                elif nxt in on_stack:
                    low[node] = min(low[node], index[nxt])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                comp = []
                while True:
                    w = stack.pop()
                    on_stack.discard(w)
                    comp.append(w)
                    if w == node:
                        break
                if len(comp) > 1:
                    out.append(sorted(comp))
    return out


def example_cycle(edges: dict[str, set[str]], comp: list[str]) -> list[str]:
    """One concrete loop inside a component, for the message: a -> b -> ... -> a."""
    members = set(comp)
    start = comp[0]
    prev: dict[str, str] = {}
    frontier = [start]
    seen = {start}
    while frontier:
        nxt = []
        for n in frontier:
            for m in sorted(edges[n] & members):
                if m == start:
                    path = [start]
                    cur = n
                    while cur != start:
                        path.append(cur)
                        cur = prev[cur]
                    return [start] + list(reversed(path[1:])) + [start]
                if m not in seen:
                    seen.add(m)
                    prev[m] = n
                    nxt.append(m)
        frontier = nxt
    return comp


def main(argv: list[str]) -> int:
    roots = [Path(a) for a in argv] or [
        Path(__file__).resolve().parent.parent / "crates/mdekit-sandbox/src"
    ]
    failed = False
    for src in roots:
        edges = graph(src)
        found = cycles(edges)
        for comp in found:
            failed = True
            loop = " -> ".join(example_cycle(edges, comp))
            print(f"{src}: import cycle among {len(comp)} modules: {', '.join(comp)} (e.g. {loop})")
        if not found:
            print(f"{src}: {len(edges)} modules, no import cycle")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
