"""The least set of permissions a list of operations needs, from the endpoint catalogue.

``mdekit permissions OP...`` prints it so an administrator can grant exactly those before a
script runs; :func:`least_permissions` is the same in Python.
"""

from __future__ import annotations

import fnmatch
import itertools
import json
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any, TextIO

from mdekit._mdekit import catalogue

if TYPE_CHECKING:
    import argparse

    from mdekit._mdekit import CatalogueEntry

# Beyond this many candidate permissions the exact search gives way to greedy covering (the
# catalogue has about 30 permissions, and a script rarely needs more than a handful).
_EXACT_LIMIT = 16

RESOURCES = {"mde": "WindowsDefenderATP (Microsoft Defender for Endpoint)",
             "graph": "Microsoft Graph"}


def _resolve(names: Iterable[str]) -> list[CatalogueEntry]:
    ops = catalogue()
    by_id = {op["id"]: op for op in ops}
    out: list[CatalogueEntry] = []
    for name in names:
        if any(c in name for c in "*?["):
            found = [op for op in ops if fnmatch.fnmatchcase(op["id"], name)
                     or fnmatch.fnmatchcase(op["python"] or "", name)]
        elif name in by_id:
            found = [by_id[name]]
        else:
            found = [op for op in ops if op["python"] == name or name in op["also"]]
        if not found:
            raise ValueError(
                f"unknown operation {name!r}: give a catalogue id or a client method such as "
                "'alerts.list' (mdekit.catalogue() lists them)")
        for op in found:
            if op not in out:
                out.append(op)
    return out


def _cover(needs: list[list[str]]) -> list[str]:
    """A smallest list of names that holds one alternative of every entry of ``needs``;
    among equally small ones, the one whose names come earliest in the pages' own order
    (the pages list the narrower permission first)."""
    order: list[str] = []
    for alts in needs:
        for p in alts:
            if p not in order:
                order.append(p)
    forced = [alts[0] for alts in needs if len(alts) == 1]
    chosen = list(dict.fromkeys(forced))
    rest = [alts for alts in needs if not any(p in chosen for p in alts)]
    if not rest:
        return chosen
    candidates = [p for p in order if any(p in alts for alts in rest)]
    if len(candidates) <= _EXACT_LIMIT:
        for size in range(1, len(candidates) + 1):
            for combo in itertools.combinations(candidates, size):
                if all(any(p in alts for p in combo) for alts in rest):
                    return chosen + list(combo)
    while rest:
        best = max(candidates, key=lambda p: (sum(p in alts for alts in rest),
                                              -order.index(p)))
        chosen.append(best)
        rest = [alts for alts in rest if best not in alts]
    return chosen


def least_permissions(operations: Sequence[str], *, delegated: bool = False) -> list[dict[str, Any]]:
    """The least set of permissions that lets every one of ``operations`` run.

    Args:
        operations: catalogue ids or client method names (``"alerts.list"``,
            ``"machines.isolate"``); shell-style wildcards (``"alerts.*"``) match several.
        delegated: the delegated permissions (user context, token ``scp``) instead of the
            application permissions (token ``roles``).

    Returns:
        One dict per permission: ``permission`` (str), ``api`` (``"mde"`` or ``"graph"``, the
        resource it is granted on) and ``operations`` (the catalogue ids it covers).

    Raises:
        ValueError: an unknown operation, or (``delegated=True``) an operation whose page
            documents no delegated permission.
    """
    ops = _resolve(operations)

    def allowed(op: CatalogueEntry) -> list[str]:
        return op["delegated_permissions"] if delegated else op["app_permissions"]

    for op in ops:
        if not allowed(op):
            raise ValueError(f"{op['id']} documents no delegated permission: it runs in "
                             f"application context only (see {op['doc']})")
    result: list[dict[str, Any]] = []
    for api in ("mde", "graph"):
        group = [op for op in ops if op["api"] == api]
        for perm in _cover([allowed(op) for op in group]):
            result.append({"permission": perm, "api": api,
                           "operations": [op["id"] for op in group if perm in allowed(op)]})
    return result


def add_command(sub: Any) -> None:
    p = sub.add_parser(
        "permissions",
        help="the least permissions a list of operations needs",
        description="Print the least set of application (or, with --delegated, delegated) "
        "permissions that lets every given operation run, read from the endpoint catalogue.",
    )
    p.add_argument("operations", nargs="+", metavar="OP",
                   help="a client method or catalogue id, e.g. alerts.list machines.isolate "
                   "'indicators.*'")
    p.add_argument("--delegated", action="store_true",
                   help="delegated permissions (user context) instead of application ones")


def run(args: argparse.Namespace, out: TextIO) -> int:
    perms = least_permissions(args.operations, delegated=args.delegated)
    if args.format == "json":
        json.dump(perms, out, indent=2)
        out.write("\n")
        return 0
    if args.format == "csv":
        out.write("permission,api,operations\n")
        out.writelines(f"{p['permission']},{p['api']},{' '.join(p['operations'])}\n"
                       for p in perms)
        return 0
    kind = "delegated" if args.delegated else "application"
    for api in ("mde", "graph"):
        group = [p for p in perms if p["api"] == api]
        if not group:
            continue
        out.write(f"{kind.capitalize()} permissions on {RESOURCES[api]}:\n")
        width = max(len(p["permission"]) for p in group)
        out.writelines(f"  {p['permission'].ljust(width)}  {', '.join(p['operations'])}\n"
                       for p in group)
    return 0
