"""The response commands of ``mdekit`` and the scripted response play, run in-process against a
sandbox server the commands reach through the environment (as a shell session would), plus the
same play from Python."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import check_no_secrets, client, new_sandbox
from mdekit.cli import main
from mdekit.response import contain_alert
from mdekit.testing import Sandbox

FAST = ["--poll-interval", "0.02", "--timeout", "30"]


@pytest.fixture(scope="module")
def sb() -> Iterator[Sandbox]:
    # Actions finish 70 ms after creation, so --wait returns quickly with real polling.
    sandbox = new_sandbox(machines=40, alerts=200, action_pending=0.02, action_run=0.05,
                          rate_limit_scale=10)
    try:
        yield sandbox
    finally:
        sandbox.stop()


@pytest.fixture(autouse=True)
def env(sb: Sandbox, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("MDEKIT_SANDBOX", raising=False)
    for k, v in sb.env().items():
        monkeypatch.setenv(k, v)


@pytest.fixture(scope="module")
def machines(sb: Sandbox) -> list[str]:
    return [m["id"] for m in client(sb).machines.list().to_list()]


def run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    code = main(list(argv), out=out)
    text = out.getvalue()
    check_no_secrets(text)
    return code, text


def run_json(*argv: str) -> Any:
    code, text = run("--format", "json", *argv)
    assert code == 0, text
    return json.loads(text)


def api_posts(sb: Sandbox) -> list[dict[str, Any]]:
    return [r for r in sb.requests() if r["method"] != "GET" and r["path"].startswith("/api/")]


def test_isolate_wait_and_release(sb: Sandbox, machines: list[str]) -> None:
    ids = [machines.pop(), machines.pop()]
    rows = run_json("machines", "isolate", *ids, "--comment", "IR-1", "--type", "Selective",
                    "--yes", "--wait", *FAST)
    assert [r["machineId"] for r in rows] == ids
    assert {(r["outcome"], r["type"], r["status"]) for r in rows} == {
        ("created", "Isolate", "Succeeded")
    }
    code, text = run("machines", "release", *ids, "--comment", "IR-1 done", "--yes")
    assert code == 0 and "Unisolate" in text and "created" in text


def test_wait_shows_each_state_as_it_changes(sb: Sandbox, machines: list[str],
                                             capsys: pytest.CaptureFixture[str]) -> None:
    """`--wait` says what it is waiting on: one stderr line per state each action reaches."""
    mid = machines.pop()
    code, _ = run("machines", "scan", mid, "--comment", "IR-2", "--yes", "--wait", *FAST)
    assert code == 0
    notes = [line for line in capsys.readouterr().err.splitlines()
             if line.startswith("mdekit: machine action ")]
    assert notes, "no state lines"
    assert "RunAntiVirusScan on " in notes[0]
    states = [line.rsplit(": ", 1)[1] for line in notes]
    assert states[-1] == "Succeeded"
    assert len(states) == len(set(states))  # a state once, not once per poll


@pytest.mark.parametrize(("verb", "action_type"), [
    ("release", "Unisolate"), ("scan", "RunAntiVirusScan"), ("restrict", "RestrictCodeExecution"),
    ("unrestrict", "UnrestrictCodeExecution"), ("collect", "CollectInvestigationPackage"),
])
def test_cli_verbs_are_the_clis(sb: Sandbox, machines: list[str], verb: str,
                                action_type: str) -> None:
    # The short verbs live in the CLI (MACHINE_VERBS); the client takes the API's names only.
    machine_id = machines.pop()
    code, text = run("machines", verb, machine_id, "--comment", "IR-2", "--yes")
    assert code == 0 and action_type in text, text
    with pytest.raises(ValueError, match="unknown machine action"):
        client(sb).machine_actions.bulk(verb, [machine_id], comment="IR-2")


def test_destructive_commands_need_yes(sb: Sandbox, machines: list[str],
                                       capsys: pytest.CaptureFixture[str]) -> None:
    sb.clear_requests()
    for argv in (
        ["machines", "offboard", machines[0], "--comment", "x"],
        ["machines", "isolate", machines[0], "--comment", "x"],
        ["actions", "cancel", "7b1b1f5e-9c64-4a5b-8f1e-6d3b9a1c2f00", "--comment", "x"],
        ["indicators", "delete", "1"],
        ["alerts", "update", "da1_1", "--status", "Resolved"],
    ):
        code, _ = run(*argv)
        assert code == 2, argv
        assert "--yes" in capsys.readouterr().err
    assert api_posts(sb) == []


def test_dry_run_sends_nothing(sb: Sandbox, machines: list[str], tmp_path: Path) -> None:
    csv_file = tmp_path / "iocs.csv"
    csv_file.write_text("IndicatorType,IndicatorValue,Action,Title,Description\n"
                        f"FileSha1,{'a' * 40},Block,t,d\n")
    sb.clear_requests()
    for argv in (
        ["machines", "scan", machines[0], "--comment", "x", "--scan-type", "Full"],
        ["machines", "tag", machines[0], "--add", "x"],
        ["indicators", "import", str(csv_file)],
        ["indicators", "delete", "1", "2"],
        ["alerts", "update", "da1_1", "--status", "Resolved"],
        ["live-response", "run", machines[0], "--run-script", "a.ps1", "--comment", "x"],
        ["respond", "--comment", "IR"],
    ):
        code, text = run(*argv, "--dry-run")
        assert code == 0, (argv, text)
        assert "dry_run" in text or "[dry run]" in text or "dry run: nothing sent" in text, argv
    assert api_posts(sb) == []


def test_actions_list_wait_cancel(sb: Sandbox, machines: list[str],
                                  monkeypatch: pytest.MonkeyPatch) -> None:
    machine_id = machines.pop()
    c = client(sb)
    action = c.machines.run_antivirus_scan(machine_id, comment="scan")
    listed = run_json("actions", "list", "--filter", f"machineId eq '{machine_id}'")
    assert [a["id"] for a in listed] == [action["id"]]
    done = run_json("actions", "wait", action["id"], *FAST)
    assert done[0]["status"] == "Succeeded"
    slow = new_sandbox(machines=3, alerts=3)
    try:
        sc = client(slow)
        pending = sc.machines.isolate(sc.machines.list().to_list()[0]["id"], comment="x")
        for k, v in slow.env().items():
            monkeypatch.setenv(k, v)
        cancelled = run_json("actions", "cancel", pending["id"], "--comment", "oops", "--yes")
        assert cancelled[0]["status"] == "Cancelled"
    finally:
        slow.stop()


def test_wait_timeout_is_an_error(monkeypatch: pytest.MonkeyPatch,
                                  capsys: pytest.CaptureFixture[str]) -> None:
    slow = new_sandbox(machines=3, alerts=3)
    try:
        sc = client(slow)
        pending = sc.machines.isolate(sc.machines.list().to_list()[0]["id"], comment="x")
        for k, v in slow.env().items():
            monkeypatch.setenv(k, v)
        code, _ = run("actions", "wait", pending["id"], "--timeout", "0.05",
                      "--poll-interval", "0.02")
        assert code == 3  # an action that did not finish in time is a failed action
        assert "still Pending" in capsys.readouterr().err
    finally:
        slow.stop()


def test_indicators_commands(sb: Sandbox, tmp_path: Path) -> None:
    csv_file = tmp_path / "iocs.csv"
    csv_file.write_text(
        "IndicatorType,IndicatorValue,ExpirationTime,Action,Severity,Title,Description,"
        "RecommendedActions,RbacGroups,GenerateAlert\n"
        f"FileSha256,{'b' * 64},2099-01-01T00:00:00Z,Block,High,bad,from IR,,Servers;Laptops,"
        "true\n"
        "DomainName,evil.example.net,,Audit,Medium,c2,from IR,,,true\n"
    )
    results = run_json("indicators", "import", str(csv_file), "--yes")
    assert [r["isFailed"] for r in results] == [False, False]
    listed = run_json("indicators", "list", "--filter", "indicatorValue eq 'evil.example.net'")
    assert listed[0]["action"] == "Audit"
    sha = run_json("indicators", "list", "--filter", f"indicatorValue eq '{'b' * 64}'")[0]
    assert sha["rbacGroupNames"] == ["Servers", "Laptops"]
    submitted = run_json("indicators", "submit", "--value", "203.0.113.9", "--type",
                         "IpAddress", "--action", "Block", "--title", "t", "--description",
                         "d", "--yes")
    ids = [submitted[0]["id"], listed[0]["id"], sha["id"]]
    deleted = run_json("indicators", "delete", *ids, "--yes")
    assert [d["outcome"] for d in deleted] == ["deleted"] * 3
    bad = tmp_path / "bad.csv"
    bad.write_text("IndicatorType,IndicatorValue,Action,Title,Description\n"
                   "IpAddress,10.0.0.0/8,Block,t,d\n")
    code, _ = run("indicators", "import", str(bad), "--yes")
    assert code == 2


def test_tag_and_alert_update(sb: Sandbox, machines: list[str]) -> None:
    machine_id = machines.pop()
    tagged = run_json("machines", "tag", machine_id, "--add", "Contained", "--yes")
    assert "Contained" in tagged[0]["machineTags"]
    alerts = client(sb).alerts.list(filter="status ne 'Resolved'", top=2).to_list()
    one = run_json("alerts", "update", alerts[0]["id"], "--status", "Resolved",
                   "--classification", "TruePositive", "--determination", "Malware",
                   "--comment", "done", "--yes")
    assert one[0]["status"] == "Resolved"
    both = run_json("alerts", "update", *(a["id"] for a in alerts), "--assigned-to",
                    "tier2@contoso.com", "--yes")
    assert {a["assignedTo"] for a in both} == {"tier2@contoso.com"}


def test_live_response_run(sb: Sandbox, machines: list[str], tmp_path: Path) -> None:
    client(sb).live_response.library_upload(b"Write-Output hi", file_name="triage.ps1",
                                            override_if_exists=True)
    rows = run_json("live-response", "run", machines.pop(), "--run-script", "triage.ps1 -Quick",
                    "--get-file", "C:\\Windows\\Temp\\x.zip", "--comment", "LR",
                    "--output-dir", str(tmp_path), "--yes", *FAST)
    assert [r["commandStatus"] for r in rows] == ["Completed", "Completed"]
    script = json.loads(Path(rows[0]["saved"]).read_text())
    assert script["script_name"] == "triage.ps1"
    assert Path(rows[1]["saved"]).read_bytes()


def high_alert(sb: Sandbox) -> dict[str, Any]:
    alerts = client(sb).alerts.list(
        filter="severity eq 'High' and status ne 'Resolved'", expand="evidence"
    ).to_list()
    return next(a for a in alerts if any(e["sha1"] for e in a["evidence"]))


def check_play(sb: Sandbox, alert: dict[str, Any]) -> None:
    c = client(sb)
    assert c.alerts.get(alert["id"])["status"] == "Resolved"
    machine = alert["machineId"]
    isolations = c.machine_actions.list(
        filter=f"machineId eq '{machine}' and type eq 'Isolate'").to_list()
    assert any(a["status"] == "Succeeded" for a in isolations)
    packages = c.machine_actions.list(
        filter=f"machineId eq '{machine}' and type eq 'CollectInvestigationPackage'").to_list()
    assert any(a["status"] == "Succeeded" for a in packages)
    for h in {e["sha1"] for e in alert["evidence"] if e["sha1"]}:
        found = c.indicators.list(filter=f"indicatorValue eq '{h}'").to_list()
        assert found and found[0]["action"] == "BlockAndRemediate"


def test_respond_play_from_the_cli(sb: Sandbox) -> None:
    alert = high_alert(sb)
    code, text = run("respond", alert["id"], "--comment", "IR-42", "--yes", *FAST)
    assert code == 0, text
    assert f"alert {alert['id']} resolved" in text
    check_play(sb, alert)


def test_respond_play_from_python(sb: Sandbox) -> None:
    alert = high_alert(sb)
    lines: list[str] = []
    report = contain_alert(sb.client(), alert["id"], comment="IR-43", poll_interval=0.02,
                           timeout=30, progress=lines.append)
    assert report["machines"] == [alert["machineId"]]
    assert {o["action"]["status"] for o in report["isolation"]} == {"Succeeded"}
    assert {o["action"]["status"] for o in report["collection"]} == {"Succeeded"}
    assert not any(r["isFailed"] for r in report["indicators"])
    assert report["resolved"]["status"] == "Resolved"
    assert lines[-1].endswith("resolved")
    check_play(sb, alert)


def test_respond_in_one_embedded_sandbox_invocation(monkeypatch: pytest.MonkeyPatch) -> None:
    for k in ("AZURE_TENANT_ID", "AZURE_CLIENT_ID", "AZURE_CLIENT_SECRET"):
        monkeypatch.delenv(k, raising=False)
    code, text = run("--sandbox", "respond", "--comment", "IR-44", "--yes", "--dry-run",
                     "--include-file-machines")
    assert code == 0, text
    assert "machines behind it" in text
