"""Issue 13, "a first hour without surprises": the sandbox's export block, the CLI's global
options, exit codes, error texts, dry runs and table caps, notebook reprs and the row-cap
warning, only-loaded sandboxes and ``--days auto``, and the package metadata."""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import socket
import subprocess
import sys
import urllib.parse
import warnings
from collections.abc import Iterator
from importlib import metadata
from pathlib import Path
from typing import Any

import mdekit
import pytest
from conftest import new_sandbox, require_samples
from mdekit.cli import EXIT_CODES, TERMINAL_ROWS, build_parser, main, write_rows
from mdekit.testing import Sandbox

ROOT = Path(__file__).resolve().parents[1]
MDEKIT = [sys.executable, "-m", "mdekit.cli"]
CLIENT_VARS = {"AZURE_TENANT_ID", "AZURE_CLIENT_ID", "AZURE_CLIENT_SECRET",
               "AZURE_AUTHORITY_HOST", "MDEKIT_API_BASE_URL", "MDEKIT_GRAPH_BASE_URL"}


@pytest.fixture(scope="module")
def sb() -> Iterator[Sandbox]:
    sandbox = new_sandbox(machines=20, alerts=40, action_pending=0.0, action_run=0.0)
    try:
        yield sandbox
    finally:
        sandbox.stop()


@pytest.fixture
def env(sb: Sandbox, monkeypatch: pytest.MonkeyPatch) -> Sandbox:
    """The CLI (without --sandbox) configured from the environment to reach ``sb``."""
    for name in list(os.environ):
        if name.startswith(("AZURE_", "MDEKIT_")):
            monkeypatch.delenv(name)
    for k, v in sb.env().items():
        monkeypatch.setenv(k, v)
    return sb


def run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    code = main(list(argv), out=out)
    return code, out.getvalue()


def machine_ids(sb: Sandbox, n: int) -> list[str]:
    return [m["id"] for m in sb.client().machines.list(top=n)]


# --- 1. `mdekit sandbox` prints every variable a client needs ---------------------------------

def read_exports(proc: subprocess.Popen[str]) -> tuple[dict[str, str], list[str]]:
    assert proc.stdout is not None
    env: dict[str, str] = {}
    lines = []
    while "MDEKIT_GRAPH_BASE_URL" not in env or (
            "--https" in proc.args and "MDEKIT_CA_BUNDLE" not in env):  # type: ignore[operator]
        line = proc.stdout.readline()
        assert line, "the sandbox exited before printing its exports"
        lines.append(line)
        if line.startswith("export "):
            key, _, value = line[len("export "):].strip().partition("=")
            env[key] = value.strip("'")
    return env, lines


@pytest.mark.parametrize("https", [False, True], ids=["http", "https"])
def test_sandbox_prints_a_sourceable_export_block(https: bool) -> None:
    args = [*MDEKIT, "sandbox", "--port", "0", *(["--https"] if https else [])]
    proc = subprocess.Popen(args, stdout=subprocess.PIPE, text=True)
    try:
        env, lines = read_exports(proc)
        assert all(line.startswith(("#", "export ")) for line in lines), lines
        assert CLIENT_VARS <= env.keys()
        if https:
            assert Path(env["MDEKIT_CA_BUNDLE"]).read_text().startswith("-----BEGIN CERTIFICATE")
        base = env["MDEKIT_API_BASE_URL"]
        assert env["MDEKIT_GRAPH_BASE_URL"] == env["AZURE_AUTHORITY_HOST"] == base
        kwargs = {"ca_bundle": env["MDEKIT_CA_BUNDLE"]} if https else {}
        client = mdekit.DefenderClient(
            tenant_id=env["AZURE_TENANT_ID"], client_id=env["AZURE_CLIENT_ID"],
            client_secret=env["AZURE_CLIENT_SECRET"], authority_host=base, api_base_url=base,
            graph_base_url=env["MDEKIT_GRAPH_BASE_URL"], **kwargs)
        # Hunting goes to the sandbox's Graph, not to graph.microsoft.com.
        assert len(client.hunting.run("DeviceInfo | take 2")) == 2
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def test_sandbox_port_in_use_is_a_message_not_a_traceback() -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        port = s.getsockname()[1]
        r = subprocess.run([*MDEKIT, "sandbox", "--port", str(port)], check=False,
                           capture_output=True, text=True, timeout=120)
    assert r.returncode == 2
    assert "Traceback" not in r.stderr
    assert "--port" in r.stderr and str(port) in r.stderr


# --- 4. the command line ------------------------------------------------------------------------

def test_global_options_after_the_command(env: Sandbox) -> None:
    code, text = run("alerts", "list", "--top", "2", "--format", "json")
    assert code == 0
    assert len(json.loads(text)) == 2
    code, text = run("--format", "csv", "machines", "list", "--top", "1", "--format", "json")
    assert code == 0 and json.loads(text)[0]["id"]


def test_global_options_before_the_command_still_win(env: Sandbox) -> None:
    code, text = run("--format", "json", "alerts", "list", "--top", "1")
    assert code == 0 and len(json.loads(text)) == 1


def test_help_lists_the_exit_codes(capsys: pytest.CaptureFixture[str]) -> None:
    text = build_parser().format_help()
    assert "exit codes:" in text
    for code, meaning in EXIT_CODES.items():
        assert f"{code} " in text and meaning[:30] in " ".join(text.split())
    readme = (ROOT / "README.md").read_text()
    for code in EXIT_CODES:
        assert f"| {code} |" in readme


def test_failed_isolation_exits_3(env: Sandbox) -> None:
    (mid,) = machine_ids(env, 1)
    env.set_action_outcome(mid, "Failed")
    try:
        code, text = run("machines", "isolate", mid, "--comment", "x", "--wait", "--yes",
                         "--poll-interval", "0.05")
    finally:
        env.set_action_outcome(mid, "Succeeded")
    assert code == 3, text
    assert "Failed" in text


def test_machine_not_found_exits_3_with_the_whole_error(env: Sandbox) -> None:
    missing = "f" * 40
    code, text = run("machines", "scan", missing, "--comment", "x", "--yes")
    assert code == 3
    outcome = env.client().machine_actions.bulk("run_antivirus_scan", [missing], comment="x")[0]
    message = outcome["error"]["message"]
    assert message in " ".join(text.split())
    assert "…" not in text


def test_partial_bulk_exits_3(env: Sandbox) -> None:
    (mid,) = machine_ids(env, 1)
    code, text = run("machines", "release", mid, "e" * 40, "--comment", "x", "--yes")
    assert code == 3
    assert "created" in text and "failed" in text


def test_successful_bulk_exits_0(env: Sandbox) -> None:
    (mid,) = machine_ids(env, 1)
    code, _ = run("machines", "scan", mid, "--comment", "x", "--yes")
    assert code == 0


def test_failing_indicator_import_exits_3(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    full = new_sandbox(machines=2, alerts=2, max_indicators=1)
    try:
        for k, v in full.env().items():
            monkeypatch.setenv(k, v)
        f = tmp_path / "iocs.csv"
        f.write_text("indicatorValue,indicatorType,action,title,description\n"
                     f"{'a' * 40},FileSha1,Block,t,d\n{'b' * 40},FileSha1,Block,t,d\n")
        code, text = run("indicators", "import", str(f), "--yes")
    finally:
        full.stop()
    assert code == 3, text
    assert "maximum of 1 active indicators" in text  # the failure reason, in full


def test_missing_csv_is_a_message(env: Sandbox, capsys: pytest.CaptureFixture[str]) -> None:
    code, _ = run("indicators", "import", "no-such-iocs.csv", "--yes")
    err = capsys.readouterr().err
    assert code == 2
    assert "no-such-iocs.csv" in err and "Traceback" not in err


def test_no_credentials_suggests_the_sandbox(monkeypatch: pytest.MonkeyPatch,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    for name in list(os.environ):
        if name.startswith(("AZURE_", "MDEKIT_")):
            monkeypatch.delenv(name)
    code, _ = run("alerts", "list")
    err = capsys.readouterr().err
    assert code == 2
    for needed in ("--sandbox", "AZURE_TENANT_ID", "AZURE_CLIENT_ID", "AZURE_CLIENT_SECRET"):
        assert needed in err


def test_dry_run_prints_the_exact_request(env: Sandbox) -> None:
    (mid,) = machine_ids(env, 1)
    env.clear_requests()
    code, text = run("machines", "isolate", mid, "--comment", "IR-1", "--type", "Selective",
                     "--dry-run", "--format", "json")
    assert code == 0
    assert [r for r in env.requests() if r["method"] != "GET"] == []
    (req,) = json.loads(text)["requests"]
    assert req["method"] == "POST"
    assert req["url"] == f"{env.base_url}/api/machines/{mid}/isolate"
    assert req["body"] == {"Comment": "IR-1", "IsolationType": "Selective"}
    assert env.client_secret not in text and "Bearer" not in text
    # The request really sent is the one shown.
    run("machines", "release", mid, "--comment", "IR-1", "--yes")
    run("machines", "isolate", mid, "--comment", "IR-1", "--type", "Selective", "--yes")
    sent = [r for r in env.requests() if r["method"] == "POST"][-1]
    assert sent["path"] == urllib.parse.urlsplit(req["url"]).path


def test_dry_run_table_shows_method_url_and_body(env: Sandbox) -> None:
    code, text = run("alerts", "update", "da1_1", "--status", "Resolved", "--dry-run")
    assert code == 0
    assert f"PATCH {env.base_url}/api/alerts/da1_1" in text
    assert '"status": "Resolved"' in text


def test_respond_dry_run_lists_every_request_of_the_play(env: Sandbox) -> None:
    env.clear_requests()
    code, text = run("respond", "--comment", "IR-7", "--dry-run", "--format", "json")
    assert code == 0
    assert [r for r in env.requests()
            if r["method"] != "GET" and r["path"].startswith("/api/")] == []
    requests = json.loads(text)["requests"]
    paths = [(r["method"], urllib.parse.urlsplit(r["url"]).path) for r in requests]
    assert paths[0][0] == "POST" and paths[0][1].endswith("/isolate")
    assert ("POST", "/api/indicators/import") in paths or len(paths) >= 2
    assert paths[-1][0] == "PATCH" and paths[-1][1].startswith("/api/alerts/")
    assert requests[-1]["body"]["status"] == "Resolved"


def test_alerts_table_shows_machine_id(env: Sandbox) -> None:
    code, text = run("alerts", "list", "--top", "3")
    assert code == 0
    assert "machineId" in text.splitlines()[0]


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_long_tables_on_a_terminal_are_capped() -> None:
    rows = [{"id": str(i)} for i in range(TERMINAL_ROWS + 7)]
    tty = Terminal()
    write_rows(rows, ["id"], "table", tty)
    lines = tty.getvalue().splitlines()
    assert len(lines) == 2 + TERMINAL_ROWS + 1
    assert "7 more rows not shown" in lines[-1] and "--format csv" in lines[-1]
    piped = io.StringIO()
    write_rows(rows, ["id"], "table", piped)
    assert len(piped.getvalue().splitlines()) == 2 + len(rows)


# --- 5. notebooks ---------------------------------------------------------------------------------

def test_hunting_result_repr_and_html(sb: Sandbox) -> None:
    result = sb.client().hunting.run(
        "DeviceProcessEvents | take 12 | project Timestamp, DeviceName, FileName")
    text = repr(result)
    assert "12 rows" in text and "3 columns" in text and "DeviceName" in text
    html = result._repr_html_()
    assert html.count("<tr>") == 1 + 10 and "<th" in html and "first 10 shown" in html
    assert result.truncated is False


def test_pager_repr_shows_progress(sb: Sandbox) -> None:
    pager = sb.client().alerts.list(top=3)
    assert "not started" in repr(pager)
    next(pager)
    assert "3 items fetched" in repr(pager)
    pager.to_list()
    assert "exhausted" in repr(pager)


async def test_async_pager_repr(sb: Sandbox) -> None:
    pager = sb.async_client().alerts.list(top=2)
    assert repr(pager).startswith("<AsyncPager: 0 items")
    assert len(await pager.to_list()) == 2
    assert "2 items fetched" in repr(pager)


def test_row_cap_without_split_warns_and_flags() -> None:
    with Sandbox(machines=5, alerts=5, hunting_limits={"max_rows": 20}) as capped:
        client = capped.client()
        with pytest.warns(UserWarning, match="row cap"):
            result = client.hunting.run("DeviceProcessEvents", max_rows=20)
        assert len(result) == 20 and result.truncated
        assert "truncated" in repr(result)
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            small = client.hunting.run("DeviceProcessEvents | take 5", max_rows=20)
        assert not small.truncated


# --- 6. real data only ------------------------------------------------------------------------------

def test_only_loaded_serves_nothing_else() -> None:
    samples = require_samples()
    with Sandbox(only_loaded=True, load=[samples]) as loaded:
        client = loaded.client()
        alerts = client.alerts.list().to_list()
        assert len(alerts) == 4  # the samples' alerts, none synthetic
        assert loaded.count("machines") == 0
        tables = dict(loaded.server.hunting_tables())
        assert tables["DeviceProcessEvents"] == 200


def test_days_auto_shows_the_real_alerts(monkeypatch: pytest.MonkeyPatch) -> None:
    samples = require_samples()
    monkeypatch.delenv("MDEKIT_SANDBOX", raising=False)
    code, text = run("--sandbox", "--only-loaded", "--load", str(samples), "--days", "auto")
    assert code == 0
    assert "loaded data only" in text
    assert "newest alert (2021-01-26T20:33:57Z)" in text
    assert "Example Title" in text and "test.example.com" in text
    assert "atevet06cl003" in text  # the real DeviceProcessEvents rows
    code, plain = run("--sandbox", "--only-loaded", "--load", str(samples))
    assert code == 0 and "Example Title" not in plain


def test_days_auto_on_a_live_tenant_ends_at_its_newest_alert(sb: Sandbox) -> None:
    from mdekit.cli import _parse_time, triage_window

    client = sb.client()
    newest = max(t for a in client.alerts.list() if (t := _parse_time(a["alertCreationTime"])))
    since, label = triage_window(client, "auto")
    assert since == newest - dt.timedelta(days=7)
    assert "newest alert" in label


def test_only_loaded_needs_load(capsys: pytest.CaptureFixture[str]) -> None:
    code, _ = run("--sandbox", "--only-loaded")
    assert code == 2 and "--load" in capsys.readouterr().err


# --- 3. package metadata ---------------------------------------------------------------------------

def test_package_metadata_reads_like_a_real_package() -> None:
    meta: Any = metadata.metadata("mdekit")
    assert meta["Author"] or meta["Author-email"]
    assert meta["License"] == "MIT" or "MIT" in (meta.get("License-Expression") or "")
    classifiers = meta.get_all("Classifier")
    for v in ("3.10", "3.11", "3.12", "3.13"):
        assert f"Programming Language :: Python :: {v}" in classifiers
    for prefix in ("Development Status ::", "Intended Audience ::", "Operating System ::",
                   "License :: OSI Approved :: MIT License"):
        assert any(c.startswith(prefix) for c in classifiers), prefix
    urls = dict(u.split(", ", 1) for u in meta.get_all("Project-URL"))
    assert {"Homepage", "Repository", "Issues", "Documentation"} <= urls.keys()
    assert "advanced-hunting" in meta["Keywords"]
    assert (ROOT / "LICENSE").read_text().startswith("MIT License")


def test_cli_shows_a_warning_as_one_line(monkeypatch: pytest.MonkeyPatch,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    import mdekit.cli

    def warn(*_args: Any) -> int:
        warnings.warn("the hunting query returned 100000 rows, the service's row cap",
                      UserWarning, stacklevel=1)
        return 0

    monkeypatch.setattr(mdekit.cli, "run", warn)
    assert run("--sandbox", "hunt", "DeviceInfo")[0] == 0
    err = capsys.readouterr().err
    assert err == "mdekit: warning: the hunting query returned 100000 rows, the service's row cap\n"
