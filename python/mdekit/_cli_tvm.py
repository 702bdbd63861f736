"""The vulnerability-management commands of ``mdekit`` (``vulnerabilities``, ``software``,
``scores``) and the triage's exposure section: the tenant's exposure score and the machines
most exposed to critical CVEs that have a public exploit.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Mapping, Sequence
from typing import Any, TextIO

from mdekit._mdekit import DefenderClient
from mdekit.exceptions import MdeError

VULNERABILITY_COLUMNS = ["id", "severity", "cvssV3", "exposedMachines", "publicExploit",
                         "exploitVerified", "publishedOn"]
MACHINE_VULNERABILITY_COLUMNS = ["machineId", "cveId", "severity", "productVendor",
                                 "productName", "productVersion", "fixingKbId"]
SOFTWARE_COLUMNS = ["id", "vendor", "name", "weaknesses", "exposedMachines", "publicExploit",
                    "impactScore"]
SCORE_COLUMNS = ["score", "value", "time"]
GROUP_COLUMNS = ["rbacGroupName", "score", "time"]
EXPOSED_COLUMNS = ["machineId", "computerDnsName", "exploitableCritical", "cves"]
#: Machines the triage lists.
EXPOSED_ROWS = 10
COMMANDS = frozenset({"vulnerabilities", "software", "scores"})

WriteRows = Callable[..., None]


def add_commands(sub: Any) -> None:
    """Adds the vulnerability-management commands to the parser built by :mod:`mdekit.cli`."""
    vul = sub.add_parser("vulnerabilities", help="vulnerabilities (CVEs) in the organization")
    vul_sub = vul.add_subparsers(dest="action", required=True)
    lst = vul_sub.add_parser("list", help="list vulnerabilities, or one row per machine and "
                             "CVE with --by-machine")
    lst.add_argument("--filter", help="OData $filter, e.g. \"severity eq 'Critical'\"")
    lst.add_argument("--top", type=int, help="at most this many rows")
    lst.add_argument("--by-machine", action="store_true",
                     help="the machinesVulnerabilities list: machine, CVE and product version")

    sw = sub.add_parser("software", help="the organization's software inventory")
    sw_sub = sw.add_subparsers(dest="action", required=True)
    swl = sw_sub.add_parser("list", help="list software products")
    swl.add_argument("--filter", help="OData $filter, e.g. \"vendor eq 'microsoft'\"")
    swl.add_argument("--top", type=int, help="at most this many products")

    sub.add_parser("scores", help="exposure score (tenant and device groups) and Microsoft "
                   "Secure Score for Devices")


def handles(args: argparse.Namespace) -> bool:
    return args.command in COMMANDS


def run(args: argparse.Namespace, client: DefenderClient, out: TextIO,
        write_rows: WriteRows) -> int:
    table = args.format == "table"
    rows: Sequence[Mapping[str, Any]]
    if args.command == "vulnerabilities":
        if args.by_machine:
            rows = client.vulnerabilities.by_machine(filter=args.filter, top=args.top).to_list()
            write_rows(rows, MACHINE_VULNERABILITY_COLUMNS if table else None, args.format, out)
        else:
            rows = client.vulnerabilities.list(filter=args.filter, top=args.top).to_list()
            write_rows(rows, VULNERABILITY_COLUMNS if table else None, args.format, out)
    elif args.command == "software":
        rows = client.software.list(filter=args.filter, top=args.top).to_list()
        write_rows(rows, SOFTWARE_COLUMNS if table else None, args.format, out)
    else:
        exposure = client.scores.exposure()
        configuration = client.scores.configuration()
        groups = client.scores.exposure_by_machine_groups()
        if args.format == "json":
            import json

            json.dump({"exposure": exposure, "configuration": configuration,
                       "exposureByMachineGroups": groups}, out, ensure_ascii=False, indent=2)
            out.write("\n")
            return 0
        scores = [{"score": "exposure", "value": exposure.get("score"),
                   "time": exposure.get("time")},
                  {"score": "configuration", "value": configuration.get("score"),
                   "time": configuration.get("time")}]
        if table:
            out.write("\n== Scores (exposure: 0-100, lower is better; configuration: "
                      "Secure Score for Devices points)\n")
        write_rows(scores, SCORE_COLUMNS, args.format, out)
        if table:
            out.write(f"\n== Exposure score by device group: {len(groups)}\n")
            write_rows(groups, GROUP_COLUMNS, args.format, out)
    return 0


def exposed_machines(client: DefenderClient, limit: int = EXPOSED_ROWS) -> list[dict[str, Any]]:
    """The machines with the most critical CVEs that have a public exploit, most first."""
    exploitable = {v["id"] for v in client.vulnerabilities.list(
        filter="severity eq 'Critical'") if v.get("publicExploit")}
    per_machine: dict[str, set[str]] = {}
    critical: dict[str, int] = {}
    if exploitable:
        for row in client.vulnerabilities.by_machine(filter="severity eq 'Critical'"):
            critical[row["machineId"]] = critical.get(row["machineId"], 0) + 1
            if row.get("cveId") in exploitable:
                per_machine.setdefault(row["machineId"], set()).add(row["cveId"])
    # Ties go to the machine with more critical rows (CVEs times affected products) overall.
    ranked = sorted(per_machine.items(),
                    key=lambda kv: (-len(kv[1]), -critical.get(kv[0], 0), kv[0]))[:limit]
    out = []
    for machine_id, cves in ranked:
        try:
            name = client.machines.get(machine_id).get("computerDnsName")
        except MdeError:
            name = None
        out.append({"machineId": machine_id, "computerDnsName": name,
                    "exploitableCritical": len(cves), "cves": ", ".join(sorted(cves))})
    return out


def triage(client: DefenderClient) -> dict[str, Any]:
    """The triage's exposure section: ``{"exposureScore", "exposedMachines"}``, or
    ``{"unavailable": reason}`` when the tenant (or the app's permissions) has no vulnerability
    management."""
    try:
        return {"exposureScore": client.scores.exposure().get("score"),
                "exposedMachines": exposed_machines(client)}
    except MdeError as e:
        return {"unavailable": f"{type(e).__name__}: {e}"}


def write_triage(section: Mapping[str, Any], fmt: str, out: TextIO,
                 write_rows: WriteRows) -> None:
    if "unavailable" in section:
        if fmt == "table":
            out.write(f"\n== Vulnerability management not available ({section['unavailable']})\n")
        return
    machines: Sequence[Mapping[str, Any]] = section["exposedMachines"]
    if fmt == "table":
        out.write(f"\n== Exposure score: {section['exposureScore']} (0-100, lower is better)\n")
        out.write(f"\n== Most exposed machines (critical CVEs with a public exploit): "
                  f"{len(machines)}\n")
    write_rows(machines, EXPOSED_COLUMNS, fmt, out)
