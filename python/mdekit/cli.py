"""The ``mdekit`` command line.

With no command it runs a first-run triage: the last 7 days' high-severity alerts, the rows of an
advanced-hunting query, the tenant's exposure score and its machines most exposed to critical
CVEs with a public exploit. ``--sandbox`` (or ``MDEKIT_SANDBOX=1``) runs everything against an
embedded sandbox, optionally with exported data loaded into it (``--load PATH``); otherwise the
client is configured from the azure-identity environment variables (``AZURE_TENANT_ID``,
``AZURE_CLIENT_ID``, ``AZURE_CLIENT_SECRET``).

The global options (``--sandbox``, ``--load``, ``--format``...) work before or after the command
(``mdekit alerts list --format json``). Exit codes are listed in :data:`EXIT_CODES`.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import logging
import os
import sys
import warnings
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, TextIO

from mdekit import (
    DefenderClient,
    MdeError,
    __version__,
    _cli_exports,
    _cli_graph,
    _cli_response,
    _cli_tvm,
    _permissions,
    _progress,
    refresh_logging,
)
from mdekit.testing import Sandbox

DEFAULT_HUNT = (
    "DeviceProcessEvents | take 10 "
    "| project Timestamp, DeviceName, FileName, ProcessCommandLine, AccountName"
)
ALERT_COLUMNS = ["id", "severity", "status", "category", "title", "machineId",
                 "computerDnsName", "alertCreationTime"]
MACHINE_COLUMNS = ["id", "computerDnsName", "osPlatform", "healthStatus", "riskScore",
                   "lastSeen", "lastIpAddress"]
MAX_CELL = 60
#: Columns whose text is never shortened in a table: an error must be readable in full.
FULL_COLUMNS = frozenset({"error", "errors", "failureReason"})
TRIAGE_ROWS = 25
#: Rows a table shows on a terminal; piped output and --format json/csv show every row.
TERMINAL_ROWS = 50

EXIT_OK = _cli_response.EXIT_OK
EXIT_ERROR = 1
EXIT_USAGE = 2
EXIT_FAILED = _cli_response.EXIT_FAILED
EXIT_INTERRUPTED = 130
#: Exit status -> meaning (also printed by ``mdekit --help``).
EXIT_CODES = {
    EXIT_OK: "success",
    EXIT_ERROR: "the service or the network refused or failed a call (the message names it)",
    EXIT_USAGE: "a usage problem: invalid arguments, a missing file, no credentials, a port "
    "in use, a change not confirmed",
    EXIT_FAILED: "an action failed: a machine action ended Failed/TimeOut/Cancelled or timed "
    "out, a machine or alert was not found, some items of a bulk call or import failed",
    EXIT_INTERRUPTED: "interrupted (Ctrl-C)",
}
#: Every option that may come before or after the command.
GLOBAL_OPTIONS = ("--sandbox", "--only-loaded", "--load", "--seed", "--format", "--cloud",
                  "--region")
CREDENTIAL_HINT = (
    "no credentials configured. Try the offline sandbox first: mdekit --sandbox ... "
    "(or MDEKIT_SANDBOX=1). For a tenant, set AZURE_TENANT_ID, AZURE_CLIENT_ID and "
    "AZURE_CLIENT_SECRET (or AZURE_CLIENT_CERTIFICATE_PATH) of an app registration granted the "
    "MDE permissions; MDEKIT_CLOUD, MDEKIT_API_BASE_URL and MDEKIT_GRAPH_BASE_URL pick other hosts"
)


def _truthy(value: str | None) -> bool:
    return (value or "").strip().lower() in {"1", "true", "yes", "on"}


def _cell(value: Any, full: bool = False) -> str:
    if value is None:
        return ""
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    text = " ".join(text.split())
    return text if full or len(text) <= MAX_CELL else text[: MAX_CELL - 1] + "…"


def write_rows(rows: Sequence[Mapping[str, Any]], columns: Sequence[str] | None, fmt: str,
               out: TextIO, max_rows: int | None = None) -> None:
    """Writes dict rows as an aligned table, JSON (an array) or CSV.

    A table shows at most ``max_rows`` rows, and at most :data:`TERMINAL_ROWS` when ``out`` is
    a terminal; a last line then says how many more there are and how to see them all.
    """
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
    if _isatty(out):
        max_rows = TERMINAL_ROWS if max_rows is None else min(max_rows, TERMINAL_ROWS)
    shown = rows if max_rows is None else rows[:max_rows]
    cells = [[_cell(row.get(c), c in FULL_COLUMNS) for c in cols] for row in shown]
    widths = [max(len(c), *(len(r[i]) for r in cells)) for i, c in enumerate(cols)]
    out.write("  ".join(c.ljust(w) for c, w in zip(cols, widths)).rstrip() + "\n")
    out.write("  ".join("-" * w for w in widths) + "\n")
    out.writelines("  ".join(v.ljust(w) for v, w in zip(r, widths)).rstrip() + "\n" for r in cells)
    if len(shown) < len(rows):
        out.write(f"... {len(rows) - len(shown)} more rows not shown (--format csv or json, "
                  f"or piping the output, shows all {len(rows)})\n")


def _isatty(out: TextIO) -> bool:
    try:
        return out.isatty()
    except (AttributeError, ValueError):
        return False


def _expand_load(paths: Iterable[str]) -> list[str]:
    out = []
    for p in paths:
        table, sep, path = p.partition("=")
        real = path if sep and table.isidentifier() else p
        if not os.path.exists(real):
            raise _UsageError(f"--load: {real} does not exist")
        out.append(p)
    return out


def _stamp(t: dt.datetime) -> str:
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


def _parse_time(value: Any) -> dt.datetime | None:
    if not isinstance(value, str) or not value:
        return None
    text = value.strip().replace("Z", "+00:00")
    # Python before 3.11 reads at most 6 fractional digits; the service sends 7.
    head, dot, frac = text.partition(".")
    if dot:
        digits = "".join(ch for ch in frac if ch.isdigit())
        text = f"{head}.{digits[:6]}{frac[len(digits):]}"
    try:
        t = dt.datetime.fromisoformat(text)
    except ValueError:
        return None
    return t if t.tzinfo else t.replace(tzinfo=dt.timezone.utc)


def _days(value: str) -> float | str:
    if value == "auto":
        return value
    try:
        days = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number of days or 'auto', not {value!r}")
    if days <= 0:
        raise argparse.ArgumentTypeError("expected a positive number of days")
    return days


def triage_window(client: DefenderClient, days: float | str,
                  now: dt.datetime | None = None) -> tuple[dt.datetime, str]:
    """The start of the triage window and how to describe it. ``days="auto"`` ends the 7-day
    window at the newest alert the tenant holds (exported data is often years old)."""
    now = now or dt.datetime.now(dt.timezone.utc)
    if days != "auto":
        return now - dt.timedelta(days=float(days)), f"of the last {float(days):g} days"
    times: list[dt.datetime] = []
    # The service cannot sort alerts, so look back in growing steps: a busy tenant's newest
    # alert is found among one day's alerts, an export's among all of them.
    for back in (1, 7, 30, 365, None):
        query = (None if back is None
                 else f"alertCreationTime ge {_stamp(now - dt.timedelta(days=back))}")
        times = [t for a in client.alerts.list(filter=query)
                 if (t := _parse_time(a.get("alertCreationTime")))]
        if times:
            break
    if not times:
        return now - dt.timedelta(days=7), "of the last 7 days (no alert found for --days auto)"
    newest = max(times)
    return newest - dt.timedelta(days=7), f"of the 7 days up to the newest alert ({_stamp(newest)})"


def _heading(text: str, fmt: str, out: TextIO) -> None:
    if fmt == "table":
        out.write(f"\n== {text}\n")


def run_triage(client: DefenderClient, args: argparse.Namespace, out: TextIO) -> None:
    since, window = triage_window(client, args.days)
    alerts = client.alerts.list(
        filter=f"severity eq 'High' and alertCreationTime ge {_stamp(since)}",
        top=args.top,
    ).to_list()
    label = f"High-severity alerts {window}"
    if not alerts:
        # An empty first screen teaches nothing: say so, and show the newest alerts instead.
        newest = client.alerts.list(filter=f"alertCreationTime ge {_stamp(since)}").to_list()
        newest.sort(key=lambda a: a.get("alertCreationTime") or "", reverse=True)
        alerts = newest[: args.top or TRIAGE_ROWS]
        label = f"No high-severity alerts {window}; alerts of any severity"
    machines = _triage_machines(client, alerts)
    result = client.hunting.run(args.query)
    exposure = _cli_tvm.triage(client)
    if args.format == "json":
        json.dump({"alerts": alerts, "machines": machines,
                   "hunting": {"schema": result.schema, "rows": result.rows},
                   "exposure": exposure},
                  out, ensure_ascii=False, indent=2)
        out.write("\n")
        return
    _heading(f"{label}: {len(alerts)}", args.format, out)
    write_rows(alerts, ALERT_COLUMNS, args.format, out, max_rows=TRIAGE_ROWS)
    _heading(f"Machines of these alerts: {len(machines)}", args.format, out)
    write_rows(machines, MACHINE_COLUMNS, args.format, out, max_rows=TRIAGE_ROWS)
    _heading(f"Advanced hunting: {args.query}  ({len(result)} rows)", args.format, out)
    write_rows(result.rows, [c["name"] for c in result.schema], args.format, out)
    _cli_tvm.write_triage(exposure, args.format, out, write_rows)


def _triage_machines(client: DefenderClient, alerts: Sequence[Mapping[str, Any]]
                     ) -> list[dict[str, Any]]:
    """The machines behind ``alerts``, in their order; an alert's own fields stand in for a
    machine the tenant does not list (exported alerts often come without their machines)."""
    out: dict[str, dict[str, Any]] = {}
    for a in alerts[:TRIAGE_ROWS]:
        mid = a.get("machineId")
        if not mid or mid in out:
            continue
        try:
            out[mid] = dict(client.machines.get(mid))
        except MdeError:
            out[mid] = {"id": mid, "computerDnsName": a.get("computerDnsName")}
    return list(out.values())


class _HelpFormatter(argparse.RawDescriptionHelpFormatter):
    pass


def _epilog() -> str:
    import textwrap

    codes = "\n".join(textwrap.fill(text, 79, initial_indent=f"  {code:<4} ",
                                     subsequent_indent=" " * 7)
                      for code, text in EXIT_CODES.items())
    return (
        "global options (--sandbox, --only-loaded, --load, --seed, --format, --cloud, --region)\n"
        "work before or after the command, e.g. mdekit alerts list --format json.\n\n"
        f"exit codes:\n{codes}\n\n"
        "without --sandbox, the client reads AZURE_TENANT_ID, AZURE_CLIENT_ID and\n"
        "AZURE_CLIENT_SECRET (or AZURE_CLIENT_CERTIFICATE_PATH); `mdekit sandbox` prints them\n"
        "for a sandbox server."
    )


def _add_global_options(p: argparse.ArgumentParser, top: bool) -> None:
    """The options every command takes. On subcommands their default is SUPPRESS, so a value
    given before the command is not overwritten by the subcommand's default."""

    def d(value: Any) -> Any:
        return value if top else argparse.SUPPRESS

    g = p.add_argument_group("global options")
    g.add_argument("--sandbox", action="store_true",
                   default=d(_truthy(os.environ.get("MDEKIT_SANDBOX"))),
                   help="run against an embedded offline sandbox (also MDEKIT_SANDBOX=1)")
    g.add_argument("--only-loaded", action="store_true", default=d(False),
                   help="with --sandbox: serve only the --load data, no synthetic tenant")
    g.add_argument("--load", action="append", default=d([]), metavar="PATH",
                   help="load exported data into the sandbox (repeatable; a folder loads "
                   "every file; TABLE=PATH names the hunting table)")
    g.add_argument("--seed", type=int, default=d(42), help="sandbox tenant seed")
    g.add_argument("--format", choices=["table", "json", "csv"], default=d("table"))
    g.add_argument("--cloud", default=d(None), help="commercial, gcc, gcc-high or dod")
    g.add_argument("--region", default=d(None),
                   help="regional MDE host: us, eu, uk, au, swa, ina, aea")


def _triage_options(p: argparse.ArgumentParser, top: bool) -> None:
    def d(value: Any) -> Any:
        return value if top else argparse.SUPPRESS

    g = p.add_argument_group("triage options")
    g.add_argument("--days", type=_days, default=d(7.0),
                   help="alert window in days (default 7); 'auto' ends a 7-day window at the "
                   "newest alert, for exported data")
    g.add_argument("--top", type=int, default=d(None), help="at most this many alerts")
    g.add_argument("--query", default=d(DEFAULT_HUNT), help="the hunting query to run")


def _subparsers(p: argparse.ArgumentParser) -> Iterable[argparse.ArgumentParser]:
    for action in p._actions:
        if isinstance(action, argparse._SubParsersAction):
            seen: set[int] = set()
            for child in action.choices.values():
                if id(child) not in seen:
                    seen.add(id(child))
                    yield child
                    yield from _subparsers(child)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="mdekit",
        description="Microsoft Defender for Endpoint from the command line. With no command: "
        "the last 7 days' high-severity alerts, their machines, an advanced-hunting query, the "
        "exposure score and the machines most exposed to exploitable critical CVEs.",
        epilog=_epilog(),
        formatter_class=_HelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"mdekit {__version__}")
    _add_global_options(parser, top=True)
    _triage_options(parser, top=True)
    sub = parser.add_subparsers(dest="command")

    triage = sub.add_parser("triage", help="high-severity alerts and a hunting query (default)")
    _triage_options(triage, top=False)
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
    _cli_graph.add_commands(sub)
    _cli_tvm.add_commands(sub)
    _cli_exports.add_commands(sub)

    _permissions.add_command(sub)

    sandbox = sub.add_parser(
        "sandbox", help="serve the sandbox until Ctrl-C",
        description="Serve the sandbox until Ctrl-C. Every line it prints is a shell comment or "
        "an `export` of a variable a client needs, so `mdekit sandbox > sandbox.env &` and "
        "`source sandbox.env` point mdekit (or azure-identity) at it.",
    )
    sandbox.add_argument("--port", type=int, default=8000, help="0 picks a free port")
    sandbox.add_argument("--host", default="127.0.0.1")
    sandbox.add_argument("--https", action="store_true",
                         help="serve HTTPS with a generated CA (exported as MDEKIT_CA_BUNDLE)")
    sandbox.add_argument("--ca-file", metavar="PATH",
                         help="with --https: write the CA certificate here (default: a "
                         "temporary file removed on exit)")

    for child in _subparsers(parser):
        _add_global_options(child, top=False)
    return parser


def sandbox_exports(server: Any, ca_path: str | None) -> dict[str, str]:
    """The environment variables that point a client at a sandbox server."""
    env = {
        "AZURE_TENANT_ID": server.tenant_id,
        "AZURE_CLIENT_ID": server.client_id,
        "AZURE_CLIENT_SECRET": server.client_secret,
        "AZURE_AUTHORITY_HOST": server.base_url,
        "MDEKIT_API_BASE_URL": server.base_url,
        "MDEKIT_GRAPH_BASE_URL": server.base_url,
    }
    if ca_path:
        env["MDEKIT_CA_BUNDLE"] = ca_path
    return env


def serve_sandbox(args: argparse.Namespace, out: TextIO) -> int:
    import shlex
    import tempfile

    from mdekit.testing import SandboxServer

    try:
        server = SandboxServer.start(host=args.host, port=args.port, seed=args.seed,
                                     synthetic=not args.only_loaded,
                                     load=_expand_load(args.load), tls=args.https)
    except (OSError, RuntimeError) as e:
        # A port in use arrives as the extension's RuntimeError ("could not bind ...").
        print(f"mdekit: cannot serve the sandbox on {args.host}:{args.port}: {e}. "
              "Pick another port with --port N (0: any free port).", file=sys.stderr)
        return EXIT_USAGE
    tmp: tempfile.TemporaryDirectory[str] | None = None
    ca_path = None
    if args.https:
        if args.ca_file:
            ca_path = os.path.abspath(args.ca_file)
        else:
            tmp = tempfile.TemporaryDirectory(prefix="mdekit-sandbox-ca-")
            ca_path = os.path.join(tmp.name, "ca.pem")
        with open(ca_path, "w", encoding="ascii") as f:
            f.write(server.ca_cert_pem or "")
    tables = ", ".join(f"{n} ({c})" for n, c in server.hunting_tables())
    exports = "".join(f"export {k}={shlex.quote(v)}\n"
                      for k, v in sandbox_exports(server, ca_path).items())
    out.write(
        f"# mdekit sandbox listening on {server.base_url} (Ctrl-C stops it)\n"
        f"# hunting tables: {tables}\n"
        "# Paste these lines into a shell (or `source` this output) to point mdekit,\n"
        "# DefenderClient.from_env() or azure-identity at the sandbox; the secret is the\n"
        "# sandbox's own.\n"
        f"{exports}"
    )
    out.flush()
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        server.shutdown()
    finally:
        if tmp is not None:
            tmp.cleanup()
    return EXIT_OK


def run(args: argparse.Namespace, client: DefenderClient, out: TextIO) -> int:
    """Runs the parsed command; returns its exit status."""
    if _cli_response.handles(args):
        return _cli_response.run(args, client, out, write_rows)
    if _cli_graph.handles(args):
        return _cli_graph.run(args, client, out, write_rows)
    if _cli_tvm.handles(args):
        return _cli_tvm.run(args, client, out, write_rows)
    if _cli_exports.handles(args):
        return _cli_exports.run(args, client, out)
    if args.command in (None, "triage"):
        run_triage(client, args, out)
    elif args.command == "alerts":
        alerts = client.alerts.list(filter=args.filter, top=args.top, expand=args.expand).to_list()
        write_rows(alerts, ALERT_COLUMNS if args.format == "table" else None, args.format, out)
    elif args.command == "machines":
        rows = client.machines.list(filter=args.filter, top=args.top).to_list()
        write_rows(rows, MACHINE_COLUMNS if args.format == "table" else None, args.format, out)
    elif args.command == "hunt":
        result = client.hunting.run(args.query, timespan=args.timespan, endpoint=args.endpoint)
        write_rows(result.rows, [c["name"] for c in result.schema], args.format, out)
    return EXIT_OK


def _client_from_env(kwargs: dict[str, Any]) -> DefenderClient:
    try:
        return DefenderClient.from_env(**kwargs)
    except ValueError as e:
        if not any(os.environ.get(v) for v in ("AZURE_TENANT_ID", "AZURE_CLIENT_ID",
                                                "AZURE_CLIENT_SECRET",
                                                "AZURE_CLIENT_CERTIFICATE_PATH")):
            raise _UsageError(CREDENTIAL_HINT) from e
        raise _UsageError(f"{e}. {CREDENTIAL_HINT.split('. ', 1)[1]}") from e


class _UsageError(Exception):
    """A mistake of the user's (exit status 2), reported in one line without a traceback."""


def main(argv: Sequence[str] | None = None, out: TextIO | None = None) -> int:
    """Entry point of the ``mdekit`` command; returns the exit status (see ``EXIT_CODES``)."""
    out = out or sys.stdout
    args = build_parser().parse_args(argv)
    notes = _WaitNotes()
    core = logging.getLogger("mdekit_core")
    level = core.level
    core.addHandler(notes)
    if core.getEffectiveLevel() > logging.INFO:
        core.setLevel(logging.INFO)
        refresh_logging()  # the core caches the levels it was last told
    try:
        return _main_warned(args, out)
    finally:
        core.removeHandler(notes)
        core.setLevel(level)


class _WaitNotes(logging.Handler):
    """Long waits, visible: each state a polled machine action reaches ("machine action 5f3e...
    (Isolate on pc-01): InProgress") and each pause in the client-side rate limiter ("waiting
    38 s for the hunting quota"), one ``mdekit:`` line each on stderr. A limiter wait during a
    hunting run with a progress bar shows on the bar instead."""

    def __init__(self) -> None:
        super().__init__(logging.INFO)

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if message.startswith("machine action ") or (
                message.startswith("waiting ") and not _progress.OPEN):
            print(f"mdekit: {message}", file=sys.stderr, flush=True)


def _main_warned(args: argparse.Namespace, out: TextIO) -> int:
    with warnings.catch_warnings():
        # A warning (a hunting result cut off at the row cap) reads as one line of ours.
        warnings.simplefilter("always")
        original = warnings.showwarning
        warnings.showwarning = _show_warning
        try:
            return _main(args, out)
        finally:
            warnings.showwarning = original


def _show_warning(message: Warning | str, category: type[Warning], filename: str, lineno: int,
                  file: TextIO | None = None, line: str | None = None) -> None:
    print(f"mdekit: warning: {message}", file=sys.stderr)


def _main(args: argparse.Namespace, out: TextIO) -> int:
    try:
        if args.only_loaded and not args.load:
            raise _UsageError("--only-loaded needs --load PATH (the data to serve)")
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
            with Sandbox(seed=args.seed, load=_expand_load(args.load),
                         only_loaded=args.only_loaded) as sb:
                if args.format == "table":
                    source = ("loaded data only" if args.only_loaded else
                              "synthetic tenant" + (" + loaded data" if args.load else ""))
                    out.write(f"Using the embedded sandbox at {sb.base_url} ({source}; "
                              "nothing leaves this machine)\n")
                return run(args, sb.client(**client_kwargs), out)
        if args.load or args.only_loaded:
            raise _UsageError("--load and --only-loaded need --sandbox")
        return run(args, _client_from_env(client_kwargs), out)
    except MdeError as e:
        print(f"mdekit: {type(e).__name__}: {e}", file=sys.stderr)
        return EXIT_ERROR
    except TimeoutError as e:
        print(f"mdekit: {e}", file=sys.stderr)
        return EXIT_FAILED
    except (_cli_response.Refused, _UsageError, ValueError) as e:
        print(f"mdekit: {e}", file=sys.stderr)
        return EXIT_USAGE
    except OSError as e:
        if isinstance(e, BrokenPipeError):
            # The reader (e.g. `head`) went away; that is not an error of ours.
            sys.stderr.close()
            return EXIT_OK
        name = f"{e.filename}: " if e.filename else ""
        print(f"mdekit: {name}{e.strerror or e}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED


if __name__ == "__main__":
    sys.exit(main())
