"""The Microsoft Graph security commands of ``mdekit`` (``incidents``, ``security-alerts``) and
``mdekit request``, the escape hatch to any endpoint of either API.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from typing import Any, TextIO

from mdekit._mdekit import DefenderClient

INCIDENT_COLUMNS = ["id", "severity", "status", "classification", "determination",
                    "assignedTo", "createdDateTime", "displayName"]
SECURITY_ALERT_COLUMNS = ["id", "incidentId", "severity", "status", "classification",
                          "serviceSource", "createdDateTime", "title"]
COMMANDS = frozenset({"incidents", "security-alerts", "request"})


def add_commands(sub: Any) -> None:
    """Adds the Graph security commands to the parser built by :mod:`mdekit.cli`."""
    inc = sub.add_parser("incidents", help="Microsoft Graph security incidents")
    inc_sub = inc.add_subparsers(dest="action", required=True)
    lst = inc_sub.add_parser("list", help="list incidents, newest first")
    lst.add_argument("--filter", help="OData $filter, e.g. \"status eq 'active'\"")
    lst.add_argument("--top", type=int, help="at most this many incidents")
    lst.add_argument("--expand", choices=["alerts"])
    get = inc_sub.add_parser("get", help="one incident")
    get.add_argument("incident_id")
    get.add_argument("--expand", choices=["alerts"])
    upd = inc_sub.add_parser("update", help="update an incident")
    upd.add_argument("incident_id")
    upd.add_argument("--status", help="active, resolved, inProgress or redirected")
    upd.add_argument("--assigned-to")
    upd.add_argument("--classification", help="e.g. truePositive, falsePositive")
    upd.add_argument("--determination", help="e.g. malware, multiStagedAttack")
    upd.add_argument("--tag", action="append", dest="custom_tags",
                     help="custom tag (repeat; replaces the incident's tags)")
    com = inc_sub.add_parser("comment", help="add a comment to an incident")
    com.add_argument("incident_id")
    com.add_argument("comment")

    alerts = sub.add_parser("security-alerts", help="Microsoft Graph security alerts (v2)")
    alerts_sub = alerts.add_subparsers(dest="action", required=True)
    alst = alerts_sub.add_parser("list", help="list alerts, newest first")
    alst.add_argument("--filter", help="OData $filter, e.g. \"severity eq 'high'\"")
    alst.add_argument("--top", type=int, help="at most this many alerts")
    aget = alerts_sub.add_parser("get", help="one alert with its evidence")
    aget.add_argument("alert_id")

    req = sub.add_parser("request", help="send any request through the client's pipeline",
                         description="Send METHOD PATH (relative to the API's host) with the "
                         "client's token, retries and error handling; prints the JSON answer.")
    req.add_argument("method", help="GET, POST, PATCH, PUT, DELETE or HEAD")
    req.add_argument("path", help="e.g. /api/machines or /v1.0/security/incidents")
    req.add_argument("--api", choices=["mde", "graph"], default="mde")
    req.add_argument("--json", dest="body", metavar="BODY", help="a JSON request body")
    req.add_argument("--param", action="append", default=[], metavar="KEY=VALUE",
                     help="a query parameter (repeat)")


def handles(args: argparse.Namespace) -> bool:
    """Whether :func:`run` handles the parsed command."""
    return args.command in COMMANDS


def _params(pairs: list[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for p in pairs:
        key, sep, value = p.partition("=")
        if not sep or not key:
            raise ValueError(f"--param expects KEY=VALUE, not {p!r}")
        out[key] = value
    return out


def run(args: argparse.Namespace, client: DefenderClient, out: TextIO,
        write_rows: Callable[..., None]) -> int:
    """Runs a Graph security command or ``request``; returns the exit status."""
    fmt = args.format

    def one(item: Any) -> None:
        json.dump(item, out, ensure_ascii=False, indent=2)
        out.write("\n")

    if args.command == "request":
        body = json.loads(args.body) if args.body else None
        result = client.request(args.method, args.path, api=args.api,
                                params=_params(args.param), json=body)
        if result is not None:
            one(result)
        return 0
    if args.command == "incidents":
        if args.action == "list":
            rows = client.incidents.list(filter=args.filter, top=args.top,
                                         expand=args.expand).to_list()
            write_rows(rows, INCIDENT_COLUMNS if fmt == "table" else None, fmt, out)
        elif args.action == "get":
            one(client.incidents.get(args.incident_id, expand=args.expand))
        elif args.action == "update":
            one(client.incidents.update(
                args.incident_id, status=args.status, assigned_to=args.assigned_to,
                classification=args.classification, determination=args.determination,
                custom_tags=args.custom_tags))
        elif args.action == "comment":
            comments = client.incidents.comment(args.incident_id, args.comment)
            write_rows(list(comments), None if fmt != "table" else
                       ["createdDateTime", "createdByDisplayName", "comment"], fmt, out)
        return 0
    if args.action == "list":
        alerts = client.security_alerts.list(filter=args.filter, top=args.top).to_list()
        write_rows(alerts, SECURITY_ALERT_COLUMNS if fmt == "table" else None, fmt, out)
    else:
        one(client.security_alerts.get(args.alert_id))
    return 0
