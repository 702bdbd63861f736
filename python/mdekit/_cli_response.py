"""The response commands of ``mdekit``: machine actions, action tracking, indicators, live
response, alert updates and the ``respond`` play.

Every command that changes state asks for confirmation unless ``--yes`` is given (and refuses to
guess when stdin is not a terminal), and every one accepts ``--dry-run``, which validates and
prints the exact requests it would send (method, URL, body; never a token) without sending
them. :func:`run` returns the exit status: 3 when any action, item or machine failed.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import urllib.parse
from collections.abc import Callable, Sequence
from typing import Any, TextIO

from mdekit._mdekit import DefenderClient

ACTION_COLUMNS = ["machineId", "outcome", "type", "status", "id", "error"]
LIST_ACTION_COLUMNS = ["id", "type", "status", "computerDnsName", "requestor",
                       "creationDateTimeUtc"]
INDICATOR_COLUMNS = ["id", "indicatorType", "indicatorValue", "action", "severity", "title",
                     "expirationTime"]

#: ``mdekit machines <verb>`` -> (bulk action name, what it does)
MACHINE_VERBS: dict[str, tuple[str, str]] = {
    "isolate": ("isolate", "isolate machines from the network"),
    "release": ("unisolate", "release machines from isolation"),
    "scan": ("run_antivirus_scan", "run a Microsoft Defender Antivirus scan"),
    "restrict": ("restrict_code_execution", "restrict app execution"),
    "unrestrict": ("unrestrict_code_execution", "remove the app execution restriction"),
    "collect": ("collect_investigation_package", "collect investigation packages"),
    "offboard": ("offboard", "offboard machines"),
}

#: ``mdekit machines <verb>`` -> the path segment after ``/api/machines/{id}/`` and the extra
#: body keys (with the argparse attribute holding each value), as the core sends them.
MACHINE_REQUESTS: dict[str, tuple[str, dict[str, str]]] = {
    "isolate": ("isolate", {"IsolationType": "isolation_type"}),
    "release": ("unisolate", {}),
    "scan": ("runAntiVirusScan", {"ScanType": "scan_type"}),
    "restrict": ("restrictCodeExecution", {}),
    "unrestrict": ("unrestrictCodeExecution", {}),
    "collect": ("collectInvestigationPackage", {}),
    "offboard": ("offboard", {}),
}
#: Final machine action statuses that mean the action did not do its job.
FAILED_STATUSES = frozenset({"Failed", "TimeOut", "Cancelled"})
EXIT_OK = 0
EXIT_FAILED = 3

#: CSV header (any case, spaces and underscores ignored) -> API key. Covers the API's own keys
#: and the portal's import template.
CSV_KEYS = {
    "indicatorvalue": "indicatorValue",
    "indicatortype": "indicatorType",
    "action": "action",
    "title": "title",
    "description": "description",
    "severity": "severity",
    "expirationtime": "expirationTime",
    "recommendedactions": "recommendedActions",
    "application": "application",
    "rbacgroupnames": "rbacGroupNames",
    "rbacgroups": "rbacGroupNames",
    "generatealert": "generateAlert",
    "educateurl": "educateUrl",
}


class Refused(Exception):
    """The user declined (or could not be asked) to confirm a change."""


def _confirm(args: argparse.Namespace, what: str, err: TextIO) -> None:
    if args.yes or args.dry_run:
        return
    if not sys.stdin.isatty():
        raise Refused(f"{what}: refusing without confirmation; pass --yes (or --dry-run)")
    err.write(f"{what}. Continue? [y/N] ")
    err.flush()
    if sys.stdin.readline().strip().lower() not in {"y", "yes"}:
        raise Refused("cancelled")


def _change_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--yes", "-y", action="store_true", help="do not ask for confirmation")
    p.add_argument("--dry-run", action="store_true",
                   help="validate and print the requests (method, URL, body), send nothing")


def _wait_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--wait", action="store_true", help="wait for every action to finish")
    p.add_argument("--timeout", type=float, default=600.0, help="seconds to wait (default 600)")
    p.add_argument("--poll-interval", type=float, default=5.0, help="seconds between polls")


def add_commands(
    sub: Any, alerts_sub: Any, machines_sub: Any
) -> None:
    """Adds the response commands to the parser built by :mod:`mdekit.cli`."""
    for verb, (_, help_text) in MACHINE_VERBS.items():
        p = machines_sub.add_parser(verb, help=help_text)
        p.add_argument("machine_ids", nargs="+", metavar="MACHINE_ID")
        p.add_argument("--comment", required=True, help="why (recorded on each action)")
        if verb == "isolate":
            p.add_argument("--type", dest="isolation_type", default="Full",
                           choices=["Full", "Selective", "UnManagedDevice"])
        if verb == "scan":
            p.add_argument("--scan-type", default="Quick", choices=["Quick", "Full"])
        _wait_options(p)
        _change_options(p)
    tag = machines_sub.add_parser("tag", help="add or remove a machine tag")
    tag.add_argument("machine_ids", nargs="+", metavar="MACHINE_ID")
    group = tag.add_mutually_exclusive_group(required=True)
    group.add_argument("--add", metavar="TAG")
    group.add_argument("--remove", metavar="TAG")
    _change_options(tag)

    actions = sub.add_parser("actions", help="machine actions")
    actions_sub = actions.add_subparsers(dest="action", required=True)
    a_list = actions_sub.add_parser("list", help="list machine actions")
    a_list.add_argument("--filter", help="OData $filter, e.g. \"status eq 'Pending'\"")
    a_list.add_argument("--top", type=int)
    a_wait = actions_sub.add_parser("wait", help="wait for actions to finish")
    a_wait.add_argument("action_ids", nargs="+", metavar="ACTION_ID")
    a_wait.add_argument("--timeout", type=float, default=600.0)
    a_wait.add_argument("--poll-interval", type=float, default=5.0)
    a_cancel = actions_sub.add_parser("cancel", help="cancel pending actions")
    a_cancel.add_argument("action_ids", nargs="+", metavar="ACTION_ID")
    a_cancel.add_argument("--comment", required=True)
    _change_options(a_cancel)

    ind = sub.add_parser("indicators", help="custom indicators (threat intelligence)")
    ind_sub = ind.add_subparsers(dest="action", required=True)
    i_list = ind_sub.add_parser("list", help="list indicators")
    i_list.add_argument("--filter")
    i_list.add_argument("--top", type=int)
    i_submit = ind_sub.add_parser("submit", help="create or update one indicator")
    i_submit.add_argument("--value", required=True)
    i_submit.add_argument("--type", required=True, dest="indicator_type",
                          help="FileSha1, FileSha256, FileMd5, CertificateThumbprint, IpAddress, "
                          "DomainName or Url")
    i_submit.add_argument("--action", required=True, dest="indicator_action",
                          help="Block, BlockAndRemediate, Audit, Warn, Allowed, Alert...")
    i_submit.add_argument("--title", required=True)
    i_submit.add_argument("--description", required=True)
    i_submit.add_argument("--severity")
    i_submit.add_argument("--expiration-time")
    i_submit.add_argument("--generate-alert", action="store_true")
    _change_options(i_submit)
    i_import = ind_sub.add_parser("import", help="import indicators from a CSV file")
    i_import.add_argument("file", metavar="FILE.csv")
    _change_options(i_import)
    i_delete = ind_sub.add_parser("delete", help="delete indicators")
    i_delete.add_argument("indicator_ids", nargs="+", metavar="ID")
    _change_options(i_delete)

    lr = sub.add_parser("live-response", help="live response")
    lr_sub = lr.add_subparsers(dest="action", required=True)
    lr_run = lr_sub.add_parser("run", help="run live response commands on a machine")
    lr_run.add_argument("machine_id", metavar="MACHINE_ID")
    lr_run.add_argument("--put-file", action="append", default=[], metavar="LIBRARY_FILE")
    lr_run.add_argument("--run-script", action="append", default=[], metavar="SCRIPT[ ARGS]",
                        help="library script, optionally followed by its arguments")
    lr_run.add_argument("--get-file", action="append", default=[], metavar="PATH")
    lr_run.add_argument("--comment", required=True)
    lr_run.add_argument("--output-dir", help="download the results here (implies --wait)")
    _wait_options(lr_run)
    _change_options(lr_run)

    update = alerts_sub.add_parser("update", help="update alerts")
    update.add_argument("alert_ids", nargs="+", metavar="ALERT_ID")
    update.add_argument("--status", choices=["New", "InProgress", "Resolved"])
    update.add_argument("--assigned-to")
    update.add_argument("--classification",
                        choices=["TruePositive", "InformationalExpectedActivity", "FalsePositive"])
    update.add_argument("--determination")
    update.add_argument("--comment")
    _change_options(update)

    respond = sub.add_parser(
        "respond",
        help="contain a high-severity alert: isolate its machines, collect packages, block its "
        "files, resolve it",
    )
    respond.add_argument("alert_id", nargs="?", help="default: the newest open High alert")
    respond.add_argument("--comment", required=True, help="e.g. the ticket id")
    respond.add_argument("--type", dest="isolation_type", default="Full",
                         choices=["Full", "Selective", "UnManagedDevice"])
    respond.add_argument("--include-file-machines", action="store_true",
                         help="also isolate every machine that saw one of the alert's files")
    respond.add_argument("--timeout", type=float, default=600.0)
    respond.add_argument("--poll-interval", type=float, default=5.0)
    _change_options(respond)


COMMANDS = {"actions", "indicators", "live-response", "respond"}


def handles(args: argparse.Namespace) -> bool:
    """Whether :func:`run` handles the parsed command."""
    return args.command in COMMANDS or (
        args.command == "machines" and args.action in {*MACHINE_VERBS, "tag"}
    ) or (args.command == "alerts" and args.action == "update")


def _seg(value: str) -> str:
    return urllib.parse.quote(value, safe="")


def _request(client: DefenderClient, method: str, path: str,
             body: Any = None) -> dict[str, Any]:
    """A request as ``--dry-run`` prints it: method, full URL and JSON body (headers, and so
    the token, are left out)."""
    req: dict[str, Any] = {"method": method, "url": client.api_base_url.rstrip("/") + path}
    if body is not None:
        req["body"] = body
    return req


def show_requests(requests: Sequence[dict[str, Any]], fmt: str, out: TextIO) -> None:
    """Prints what ``--dry-run`` would have sent."""
    if fmt == "json":
        json.dump({"dryRun": True, "requests": list(requests)}, out, ensure_ascii=False,
                  indent=2)
        out.write("\n")
        return
    if fmt == "csv":
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["method", "url", "body"])
        for r in requests:
            body = r.get("body")
            writer.writerow([r["method"], r["url"],
                             "" if body is None else json.dumps(body, ensure_ascii=False)])
        return
    out.write(f"dry run: nothing sent. {len(requests)} request(s) would be sent, each with a "
              "bearer token (not shown):\n")
    for r in requests:
        out.write(f"{r['method']} {r['url']}\n")
        if r.get("body") is not None:
            text = json.dumps(r["body"], ensure_ascii=False, indent=2)
            out.write("".join(f"  {line}\n" for line in text.splitlines()))


def _failed_outcomes(outcomes: Sequence[Any]) -> bool:
    for o in outcomes:
        action = o.get("action") or {}
        if (o.get("outcome") == "failed" or o.get("timedOut")
                or action.get("status") in FAILED_STATUSES):
            return True
    return False


def _outcome_rows(outcomes: Sequence[Any]) -> list[dict[str, Any]]:
    rows = []
    for o in outcomes:
        a = o.get("action") or {}
        err = o.get("error") or {}
        rows.append({
            "machineId": o["machineId"],
            "outcome": o["outcome"] + (" (timed out)" if o.get("timedOut") else ""),
            "type": a.get("type"),
            "status": a.get("status"),
            "id": a.get("id"),
            "error": f"{err.get('code') or err.get('status')}: {err.get('message')}" if err else None,
        })
    return rows


def read_indicator_csv(path: str) -> list[dict[str, Any]]:
    """Reads indicators from a CSV file whose header names API keys (``indicatorValue``...) or
    the portal template's columns (``IndicatorValue``, ``RbacGroups``...).

    Raises:
        ValueError: The file has no header naming ``indicatorValue``.
        OSError: The file cannot be read.
    """
    with open(path, newline="", encoding="utf-8-sig") as fh:
        reader = csv.DictReader(fh)
        headers = {(h or "").replace(" ", "").replace("_", "").lower()
                   for h in reader.fieldnames or []}
        if "indicatorvalue" not in headers:
            raise ValueError(f"{path}: no indicatorValue column in the CSV header (expected the "
                             "API's keys or the portal template's columns)")
        out = []
        for row in reader:
            item: dict[str, Any] = {}
            for header, value in row.items():
                if header is None or value is None or value.strip() == "":
                    continue
                key = CSV_KEYS.get(header.replace(" ", "").replace("_", "").lower())
                if key is None:
                    continue
                value = value.strip()
                if key == "rbacGroupNames":
                    item[key] = [g.strip() for g in value.replace(";", ",").split(",") if g.strip()]
                elif key == "generateAlert":
                    item[key] = value.lower() in {"true", "1", "yes"}
                else:
                    item[key] = value
            out.append(item)
    return out


def _lr_commands(args: argparse.Namespace) -> list[dict[str, Any]]:
    cmds: list[dict[str, Any]] = [{"type": "PutFile", "FileName": f} for f in args.put_file]
    for spec in args.run_script:
        script, _, script_args = spec.partition(" ")
        cmd: dict[str, Any] = {"type": "RunScript", "ScriptName": script}
        if script_args.strip():
            cmd["Args"] = script_args.strip()
        cmds.append(cmd)
    cmds += [{"type": "GetFile", "Path": p} for p in args.get_file]
    return cmds


def run(
    args: argparse.Namespace,
    client: DefenderClient,
    out: TextIO,
    write_rows: Callable[..., None],
    err: TextIO | None = None,
) -> int:
    """Runs a response command and returns its exit status (0, or 3 when anything failed);
    raises :class:`Refused` when the user does not confirm."""
    err = err or sys.stderr
    fmt = args.format

    def show(rows: Sequence[Any], columns: Sequence[str]) -> None:
        write_rows(rows, columns if fmt == "table" else None, fmt, out)

    def dry(requests: Sequence[dict[str, Any]]) -> int:
        show_requests(requests, fmt, out)
        return EXIT_OK

    if args.command == "machines" and args.action == "tag":
        tag = args.add or args.remove
        verb = "add" if args.add else "remove"
        if args.dry_run:
            body = {"Value": tag, "Action": "Add" if args.add else "Remove"}
            if len(args.machine_ids) == 1:
                return dry([_request(client, "POST",
                                     f"/api/machines/{_seg(args.machine_ids[0])}/tags", body)])
            return dry([_request(client, "POST", "/api/machines/AddOrRemoveTagForMultipleMachines",
                                 {**body, "MachineIds": list(args.machine_ids)})])
        _confirm(args, f"{verb} tag {tag!r} on {len(args.machine_ids)} machine(s)", err)
        if verb == "add":
            updated = client.machines.add_tag_many(args.machine_ids, tag)
        else:
            updated = client.machines.remove_tag_many(args.machine_ids, tag)
        show(updated, ["id", "computerDnsName", "machineTags"])
    elif args.command == "machines":
        action, help_text = MACHINE_VERBS[args.action]
        _confirm(args, f"{help_text}: {len(args.machine_ids)} machine(s)", err)
        outcomes = client.machine_actions.bulk(
            action, args.machine_ids, comment=args.comment,
            isolation_type=getattr(args, "isolation_type", None),
            scan_type=getattr(args, "scan_type", None), dry_run=args.dry_run,
            wait=args.wait, timeout=args.timeout, poll_interval=args.poll_interval,
        )
        if args.dry_run:
            # bulk(dry_run=True) validated every id and option; show what it would send.
            segment, extra = MACHINE_REQUESTS[args.action]
            body = {"Comment": args.comment,
                    **{k: getattr(args, attr) for k, attr in extra.items()}}
            return dry([_request(client, "POST", f"/api/machines/{_seg(o['machineId'])}/{segment}",
                                 body) for o in outcomes])
        show(_outcome_rows(outcomes), ACTION_COLUMNS)
        return EXIT_FAILED if _failed_outcomes(outcomes) else EXIT_OK
    elif args.command == "actions":
        if args.action == "list":
            show(client.machine_actions.list(filter=args.filter, top=args.top).to_list(),
                 LIST_ACTION_COLUMNS)
        elif args.action == "wait":
            done = [client.machine_actions.wait(a, timeout=args.timeout,
                                                poll_interval=args.poll_interval)
                    for a in args.action_ids]
            show(done, LIST_ACTION_COLUMNS)
            if any(a.get("status") in FAILED_STATUSES for a in done):
                return EXIT_FAILED
        else:
            if args.dry_run:
                return dry([_request(client, "POST", f"/api/machineactions/{_seg(a)}/cancel",
                                     {"Comment": args.comment}) for a in args.action_ids])
            _confirm(args, f"cancel {len(args.action_ids)} action(s)", err)
            show([client.machine_actions.cancel(a, comment=args.comment)
                  for a in args.action_ids], LIST_ACTION_COLUMNS)
    elif args.command == "indicators":
        return _indicators(args, client, show, dry, err)
    elif args.command == "live-response":
        cmds = _lr_commands(args)
        if args.dry_run:
            return dry([_request(client, "POST",
                                 f"/api/machines/{_seg(args.machine_id)}/runliveresponse",
                                 {"Commands": [_lr_wire(c) for c in cmds],
                                  "Comment": args.comment})])
        _confirm(args, f"run {len(cmds)} live response command(s) on {args.machine_id}", err)
        session = client.live_response.run(args.machine_id, cmds, comment=args.comment)
        if args.wait or args.output_dir:
            session = client.live_response.wait(session["id"], timeout=args.timeout,
                                               poll_interval=args.poll_interval)
        rows: list[dict[str, Any]] = [{"index": c["index"], "type": c["command"]["type"],
                 "commandStatus": c["commandStatus"], "errors": c["errors"] or None}
                for c in session["commands"]]
        if args.output_dir and session["status"] == "Succeeded":
            import os

            os.makedirs(args.output_dir, exist_ok=True)
            for row in rows:
                if row["type"] != "PutFile" and row["commandStatus"] == "Completed":
                    target = os.path.join(args.output_dir, f"{session['id']}-{row['index']}")
                    row["saved"] = client.live_response.download(session["id"], row["index"],
                                                                 path=target)
        if fmt == "table":
            out.write(f"live response {session['id']}: {session['status']}\n")
        show(rows, ["index", "type", "commandStatus", "errors", "saved"])
        if session["status"] in FAILED_STATUSES or any(
                r["commandStatus"] not in ("Completed", None) for r in rows) and (
                args.wait or args.output_dir):
            return EXIT_FAILED
    elif args.command == "alerts":
        fields = {"status": args.status, "assigned_to": args.assigned_to,
                  "classification": args.classification, "determination": args.determination,
                  "comment": args.comment}
        if args.dry_run:
            wire = {"assignedTo" if k == "assigned_to" else k: v for k, v in fields.items() if v}
            if len(args.alert_ids) == 1:
                return dry([_request(client, "PATCH", f"/api/alerts/{_seg(args.alert_ids[0])}",
                                     wire)])
            return dry([_request(client, "POST", "/api/alerts/batchUpdate",
                                 {"alertIds": list(args.alert_ids), **wire})])
        _confirm(args, f"update {len(args.alert_ids)} alert(s)", err)
        changed: list[Any]
        if len(args.alert_ids) == 1:
            changed = [client.alerts.update(args.alert_ids[0], **fields)]
        else:
            client.alerts.batch_update(args.alert_ids, **fields)
            changed = [client.alerts.get(a) for a in args.alert_ids]
        show(changed, ["id", "status", "classification", "determination", "assignedTo"])
    elif args.command == "respond":
        return _respond(args, client, out, show, err)
    return EXIT_OK


def _lr_wire(cmd: dict[str, Any]) -> dict[str, Any]:
    """A live response command in the documented wire shape (``type`` and ``params``)."""
    params = [{"key": k, "value": v} for k, v in cmd.items() if k != "type"]
    return {"type": cmd["type"], "params": params}


def _indicators(args: argparse.Namespace, client: DefenderClient,
                show: Callable[[Sequence[Any], Sequence[str]], None],
                dry: Callable[[Sequence[dict[str, Any]]], int],
                err: TextIO) -> int:
    if args.action == "list":
        show(client.indicators.list(filter=args.filter, top=args.top).to_list(),
             INDICATOR_COLUMNS)
    elif args.action == "submit":
        if args.dry_run:
            body = {"indicatorValue": args.value, "indicatorType": args.indicator_type,
                    "action": args.indicator_action, "title": args.title,
                    "description": args.description, "severity": args.severity,
                    "expirationTime": args.expiration_time,
                    "generateAlert": args.generate_alert or None}
            return dry([_request(client, "POST", "/api/indicators",
                                 {k: v for k, v in body.items() if v is not None})])
        _confirm(args, f"submit indicator {args.value}", err)
        show([client.indicators.submit(
            indicator_value=args.value, indicator_type=args.indicator_type,
            action=args.indicator_action, title=args.title, description=args.description,
            severity=args.severity, expiration_time=args.expiration_time,
            generate_alert=args.generate_alert or None,
        )], INDICATOR_COLUMNS)
    elif args.action == "import":
        items = read_indicator_csv(args.file)
        if args.dry_run:
            # The service takes at most 500 indicators per import request.
            return dry([_request(client, "POST", "/api/indicators/import",
                                 {"Indicators": items[i:i + 500]})
                        for i in range(0, max(len(items), 1), 500)])
        _confirm(args, f"import {len(items)} indicator(s) from {args.file}", err)
        results = client.indicators.import_batch(items)
        show(results, ["id", "indicator", "isFailed", "failureReason"])
        if any(r.get("isFailed") for r in results):
            return EXIT_FAILED
    else:
        if args.dry_run:
            if len(args.indicator_ids) == 1:
                return dry([_request(client, "DELETE",
                                     f"/api/indicators/{_seg(args.indicator_ids[0])}")])
            return dry([_request(client, "POST", "/api/indicators/BatchDelete",
                                 {"IndicatorIds": list(args.indicator_ids)})])
        _confirm(args, f"delete {len(args.indicator_ids)} indicator(s)", err)
        if len(args.indicator_ids) == 1:
            client.indicators.delete(args.indicator_ids[0])
        else:
            client.indicators.batch_delete(args.indicator_ids)
        show([{"id": i, "outcome": "deleted"} for i in args.indicator_ids], ["id", "outcome"])
    return EXIT_OK


def _respond(args: argparse.Namespace, client: DefenderClient, out: TextIO,
             show: Callable[[Sequence[Any], Sequence[str]], None],
             err: TextIO) -> int:
    from mdekit.response import contain_alert

    alert_id = args.alert_id
    if alert_id is None:
        newest = client.alerts.list(filter="severity eq 'High' and status ne 'Resolved'").to_list()
        if not newest:
            out.write("no open high-severity alert\n")
            return EXIT_OK
        alert_id = max(newest, key=lambda a: a["alertCreationTime"])["id"]
    _confirm(args, f"contain alert {alert_id}: isolate its machines and resolve it", err)

    def progress(line: str) -> None:
        out.write(f"- {line}\n")
    report = contain_alert(
        client, alert_id, comment=args.comment, isolation_type=args.isolation_type,
        include_file_machines=args.include_file_machines,
        timeout=args.timeout, poll_interval=args.poll_interval, dry_run=args.dry_run,
        progress=progress if args.format == "table" else None,
    )
    if args.dry_run:
        isolate = {"Comment": args.comment, "IsolationType": args.isolation_type}
        requests = [_request(client, "POST", f"/api/machines/{_seg(o['machineId'])}/isolate",
                             isolate) for o in report["isolation"]]
        requests += [_request(client, "POST",
                              f"/api/machines/{_seg(o['machineId'])}/collectInvestigationPackage",
                              {"Comment": args.comment}) for o in report["collection"]]
        if report["plannedIndicators"]:
            requests.append(_request(client, "POST", "/api/indicators/import",
                                     {"Indicators": report["plannedIndicators"]}))
        if report["plannedResolution"]:
            requests.append(_request(client, "PATCH", f"/api/alerts/{_seg(alert_id)}",
                                     report["plannedResolution"]))
        show_requests(requests, args.format, out)
        return EXIT_OK
    outcomes = [*report["isolation"], *report["collection"]]
    status = EXIT_FAILED if _failed_outcomes(outcomes) else EXIT_OK
    if args.format == "json":
        json.dump(report, out, ensure_ascii=False, indent=2)
        out.write("\n")
        return status
    show(_outcome_rows(report["isolation"]) + _outcome_rows(report["collection"]),
         ACTION_COLUMNS)
    return status
