"""The ``mdekit`` command line.

With no command it runs a first-run triage: the last 7 days' high-severity alerts and the rows of
an advanced-hunting query. ``--sandbox`` (or ``MDEKIT_SANDBOX=1``) runs everything against an
embedded sandbox, optionally with exported data loaded into it (``--load PATH``); otherwise the
client is configured from the azure-identity environment variables (``AZURE_TENANT_ID``,
``AZURE_CLIENT_ID``, ``AZURE_CLIENT_SECRET``).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import sys
from collections.abc import Iterable, Sequence
from typing import Any, TextIO

from mdekit import DefenderClient, MdeError, __version__, _cli_response, _permissions
from mdekit.testing import Sandbox

DEFAULT_HUNT = (
    "DeviceProcessEvents | take 10 "
    "| project Timestamp, DeviceName, FileName, ProcessCommandLine, AccountName"
)
ALERT_COLUMNS = ["id", "severity", "status", "category", "title", "computerDnsName",
                 "alertCreationTime"]
MACHINE_COLUMNS = ["id", "computerDnsName", "osPlatform", "healthStatus", "riskScore",
                   "lastSeen", "lastIpAddress"]
MAX_CELL = 60
TRIAGE_ROWS = 25


def _truthy(value: str | None) -> bool:
    return (value or "").strip().lower() in {"1", "true", "yes", "on"}


def _cell(value: Any) -> str:
    if value is None:
        return ""
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    text = " ".join(text.split())
    return text if len(text) <= MAX_CELL else text[: MAX_CELL - 1] + "…"


def write_rows(rows: Sequence[dict[str, Any]], columns: Sequence[str] | None, fmt: str,
               out: TextIO, max_rows: int | None = None) -> None:
    """Writes dict rows as an aligned table (at most ``max_rows``), JSON (an array) or CSV."""
    if fmt == "json":
        json.dump(list(rows), out, ensure_ascii=False, indent=2)
        out.write("\n")
        return
    cols = list(columns) if columns else (list(rows[0].keys()) if rows else [])
    if fmt == "csv":
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(cols)
        for row in rows:
            writer.writerow(
                ["" if row.get(c) is None else (row[c] if isinstance(row[c], str)
                 else json.dumps(row[c], ensure_ascii=False)) for c in cols]
            )
        return
    if not rows:
        out.write("(no rows)\n")
        return
    shown = rows if max_rows is None else rows[:max_rows]
    cells = [[_cell(row.get(c)) for c in cols] for row in shown]
    widths = [max(len(c), *(len(r[i]) for r in cells)) for i, c in enumerate(cols)]
    out.write("  ".join(c.ljust(w) for c, w in zip(cols, widths)).rstrip() + "\n")
    out.write("  ".join("-" * w for w in widths) + "\n")
    out.writelines("  ".join(v.ljust(w) for v, w in zip(r, widths)).rstrip() + "\n" for r in cells)
    if len(shown) < len(rows):
        out.write(f"... {len(rows) - len(shown)} more (use --format json or csv for all)\n")


def _expand_load(paths: Iterable[str]) -> list[str]:
    out = []
    for p in paths:
        table, sep, path = p.partition("=")
        real = path if sep and table.isidentifier() else p
        if not os.path.exists(real):
            raise SystemExit(f"mdekit: --load: {real} does not exist")
        out.append(p)
    return out


def _since(days: float) -> str:
    t = dt.datetime.now(dt.timezone.utc) - dt.timedelta(days=days)
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


def _heading(text: str, fmt: str, out: TextIO) -> None:
    if fmt == "table":
        out.write(f"\n== {text}\n")


def run_triage(client: DefenderClient, args: argparse.Namespace, out: TextIO) -> None:
    alerts = client.alerts.list(
        filter=f"severity eq 'High' and alertCreationTime ge {_since(args.days)}",
        top=args.top,
    ).to_list()
    if args.format == "json":
        result = client.hunting.run(args.query)
        json.dump({"alerts": alerts, "hunting": {"schema": result.schema, "rows": result.rows}},
                  out, ensure_ascii=False, indent=2)
        out.write("\n")
        return
    _heading(f"High-severity alerts of the last {args.days:g} days: {len(alerts)}", args.format,
             out)
    write_rows(alerts, ALERT_COLUMNS, args.format, out, max_rows=TRIAGE_ROWS)
    result = client.hunting.run(args.query)
    _heading(f"Advanced hunting: {args.query}  ({len(result)} rows)", args.format, out)
    write_rows(result.rows, [c["name"] for c in result.schema], args.format, out)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="mdekit",
        description="Microsoft Defender for Endpoint from the command line. With no command: "
        "the last 7 days' high-severity alerts and an advanced-hunting query.",
    )
    parser.add_argument("--version", action="version", version=f"mdekit {__version__}")
    parser.add_argument("--sandbox", action="store_true",
                        default=_truthy(os.environ.get("MDEKIT_SANDBOX")),
                        help="run against an embedded offline sandbox (also MDEKIT_SANDBOX=1)")
    parser.add_argument("--load", action="append", default=[], metavar="PATH",
                        help="load exported data into the sandbox (repeatable; a folder loads "
                        "every file; TABLE=PATH names the hunting table)")
    parser.add_argument("--seed", type=int, default=42, help="sandbox tenant seed")
    parser.add_argument("--format", choices=["table", "json", "csv"], default="table")
    parser.add_argument("--cloud", help="commercial, gcc, gcc-high or dod")
    parser.add_argument("--region", help="regional MDE host: us, eu, uk, au, swa, ina, aea")
    sub = parser.add_subparsers(dest="command")

    triage = sub.add_parser("triage", help="high-severity alerts and a hunting query (default)")
    alerts = sub.add_parser("alerts", help="alerts")
    alerts_sub = alerts.add_subparsers(dest="action", required=True)
    alerts_list = alerts_sub.add_parser("list", help="list alerts")
    alerts_list.add_argument("--filter", help="OData $filter, e.g. \"severity eq 'High'\"")
    alerts_list.add_argument("--top", type=int, help="at most this many alerts")
    alerts_list.add_argument("--expand", choices=["evidence"])

    machines = sub.add_parser("machines", help="machines")
    machines_sub = machines.add_subparsers(dest="action", required=True)
    machines_list = machines_sub.add_parser("list", help="list machines")
    machines_list.add_argument("--filter", help="OData $filter, e.g. \"riskScore eq 'High'\"")
    machines_list.add_argument("--top", type=int, help="at most this many machines")

    hunt = sub.add_parser("hunt", help="run an advanced-hunting (KQL) query")
    hunt.add_argument("query", help="the KQL query")
    hunt.add_argument("--endpoint", choices=["graph", "mde"], default="graph")
    hunt.add_argument("--timespan", help="Graph only: ISO-8601 duration such as P7D")

    _cli_response.add_commands(sub, alerts_sub, machines_sub)

    _permissions.add_command(sub)

    sandbox = sub.add_parser("sandbox", help="serve the sandbox until Ctrl-C")
    sandbox.add_argument("--port", type=int, default=8000)
    sandbox.add_argument("--host", default="127.0.0.1")

    for p in (triage,):
        p.add_argument("--days", type=float, default=7.0)
        p.add_argument("--top", type=int, default=None)
        p.add_argument("--query", default=DEFAULT_HUNT)
    parser.set_defaults(days=7.0, top=None, query=DEFAULT_HUNT)
    return parser


def serve_sandbox(args: argparse.Namespace, out: TextIO) -> int:
    from mdekit.testing import SandboxServer

    server = SandboxServer.start(host=args.host, port=args.port, seed=args.seed,
                                 load=_expand_load(args.load))
    tables = ", ".join(f"{n} ({c})" for n, c in server.hunting_tables())
    out.write(
        f"mdekit sandbox listening on {server.base_url}\n"
        f"  tenant id:     {server.tenant_id}\n"
        f"  client id:     {server.client_id}\n"
        f"  client secret: {server.client_secret}  (sandbox only)\n"
        f"  hunting tables: {tables}\n"
        "Point a client at it with authority_host, api_base_url and graph_base_url set to the "
        "URL above. Ctrl-C stops it.\n"
    )
    out.flush()
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        server.shutdown()
    return 0


def run(args: argparse.Namespace, client: DefenderClient, out: TextIO) -> None:
    if _cli_response.handles(args):
        _cli_response.run(args, client, out, write_rows)
    elif args.command in (None, "triage"):
        run_triage(client, args, out)
    elif args.command == "alerts":
        rows = client.alerts.list(filter=args.filter, top=args.top, expand=args.expand).to_list()
        write_rows(rows, ALERT_COLUMNS if args.format == "table" else None, args.format, out)
    elif args.command == "machines":
        rows = client.machines.list(filter=args.filter, top=args.top).to_list()
        write_rows(rows, MACHINE_COLUMNS if args.format == "table" else None, args.format, out)
    elif args.command == "hunt":
        result = client.hunting.run(args.query, timespan=args.timespan, endpoint=args.endpoint)
        write_rows(result.rows, [c["name"] for c in result.schema], args.format, out)


def main(argv: Sequence[str] | None = None, out: TextIO | None = None) -> int:
    """Entry point of the ``mdekit`` command; returns the exit status."""
    out = out or sys.stdout
    args = build_parser().parse_args(argv)
    try:
        if args.command == "sandbox":
            return serve_sandbox(args, out)
        if args.command == "permissions":
            return _permissions.run(args, out)
        client_kwargs: dict[str, Any] = {}
        if args.cloud:
            client_kwargs["cloud"] = args.cloud
        if args.region:
            client_kwargs["region"] = args.region
        if args.sandbox:
            with Sandbox(seed=args.seed, load=_expand_load(args.load)) as sb:
                if args.format == "table":
                    source = "synthetic tenant" + (" + loaded data" if args.load else "")
                    out.write(f"Using the embedded sandbox at {sb.base_url} ({source}; "
                              "nothing leaves this machine)\n")
                run(args, sb.client(**client_kwargs), out)
        else:
            if args.load:
                raise SystemExit("mdekit: --load needs --sandbox")
            run(args, DefenderClient.from_env(**client_kwargs), out)
    except MdeError as e:
        print(f"mdekit: {type(e).__name__}: {e}", file=sys.stderr)
        return 1
    except TimeoutError as e:
        print(f"mdekit: {e}", file=sys.stderr)
        return 1
    except _cli_response.Refused as e:
        print(f"mdekit: {e}", file=sys.stderr)
        return 2
    except ValueError as e:
        print(f"mdekit: {e}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader (e.g. `head`) went away; that is not an error of ours.
        sys.stderr.close()
        return 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
