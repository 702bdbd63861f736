"""The ``mdekit`` command line, run in-process against its embedded sandbox."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import pytest
from conftest import SAMPLES, check_no_secrets, require_samples
from mdekit.cli import main


def run(argv: list[str], capsys: pytest.CaptureFixture[str] | None = None) -> tuple[int, str]:
    out = io.StringIO()
    code = main(argv, out=out)
    text = out.getvalue()
    check_no_secrets(text)
    return code, text


@pytest.fixture(autouse=True)
def no_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ["MDEKIT_SANDBOX", "AZURE_TENANT_ID", "AZURE_CLIENT_ID", "AZURE_CLIENT_SECRET"]:
        monkeypatch.delenv(name, raising=False)


def test_triage(capsys: pytest.CaptureFixture[str]) -> None:
    code, text = run(["--sandbox"])
    assert code == 0, capsys.readouterr().err
    assert "Using the embedded sandbox at http://127.0.0.1:" in text
    assert "== High-severity alerts of the last 7 days:" in text
    assert "== Advanced hunting: DeviceProcessEvents" in text
    assert "(10 rows)" in text
    # Both tables have their headers.
    assert "severity" in text and "alertCreationTime" in text
    assert "ProcessCommandLine" in text and "AccountName" in text
    n_alerts = int(text.split("High-severity alerts of the last 7 days: ")[1].split()[0])
    assert n_alerts > 0
    section = text.split("== Advanced hunting")[0].splitlines()
    shown = [line for line in section if line.startswith("da") and " High " in line]
    assert shown
    more = [line for line in section if line.startswith("... ")]
    hidden = int(more[0].split()[1]) if more else 0
    assert len(shown) + hidden == n_alerts


def test_triage_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, text = run(["--sandbox", "--format", "json"])
    assert code == 0, capsys.readouterr().err
    data = json.loads(text)
    assert all(a["severity"] == "High" for a in data["alerts"])
    assert len(data["hunting"]["rows"]) == 10
    assert [c["name"] for c in data["hunting"]["schema"]] == [
        "Timestamp", "DeviceName", "FileName", "ProcessCommandLine", "AccountName"]


def test_alerts_list_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, text = run(["--sandbox", "--format", "json", "alerts", "list", "--top", "5"])
    assert code == 0, capsys.readouterr().err
    alerts = json.loads(text)
    assert len(alerts) == 5
    assert all("id" in a and "alertCreationTime" in a for a in alerts)
    assert all(a["evidence"] == [] for a in alerts)


def test_alerts_list_filter_expand(capsys: pytest.CaptureFixture[str]) -> None:
    code, text = run(["--sandbox", "--format", "json", "alerts", "list", "--top", "3",
                      "--filter", "severity eq 'Medium'", "--expand", "evidence"])
    assert code == 0, capsys.readouterr().err
    alerts = json.loads(text)
    assert len(alerts) == 3
    assert all(a["severity"] == "Medium" and a["evidence"] for a in alerts)


def test_machines_list_csv(capsys: pytest.CaptureFixture[str]) -> None:
    code, text = run(["--sandbox", "--format", "csv", "machines", "list"])
    assert code == 0, capsys.readouterr().err
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == 500
    assert len({r["id"] for r in rows}) == 500
    assert all(len(r["id"]) == 40 for r in rows)
    # Lists and objects are written as JSON text.
    assert rows[0]["machineTags"].startswith("[")


def test_machines_table(capsys: pytest.CaptureFixture[str]) -> None:
    code, text = run(["--sandbox", "machines", "list", "--top", "4",
                      "--filter", "healthStatus eq 'Active'"])
    assert code == 0, capsys.readouterr().err
    lines = text.splitlines()
    header = lines[1]
    assert header.split() == ["id", "computerDnsName", "osPlatform", "healthStatus", "riskScore",
                              "lastSeen", "lastIpAddress"]
    assert len(lines) == 1 + 2 + 4


def test_hunt(capsys: pytest.CaptureFixture[str]) -> None:
    code, text = run(["--sandbox", "--format", "json", "hunt", "DeviceInfo | take 3"])
    assert code == 0, capsys.readouterr().err
    rows = json.loads(text)
    assert len(rows) == 3 and "DeviceId" in rows[0]
    code, text = run(["--sandbox", "--format", "json", "hunt", "DeviceInfo | take 3",
                      "--endpoint", "mde"])
    assert code == 0
    # Each run starts its own sandbox, whose synthetic times are relative to "now".
    assert [{k: v for k, v in r.items() if k != "Timestamp"} for r in json.loads(text)] == [
        {k: v for k, v in r.items() if k != "Timestamp"} for r in rows]


def test_hunt_table(capsys: pytest.CaptureFixture[str]) -> None:
    code, text = run(["--sandbox", "hunt", "DeviceInfo | project DeviceName, OSPlatform | take 3"])
    assert code == 0, capsys.readouterr().err
    lines = text.splitlines()
    assert lines[1].split() == ["DeviceName", "OSPlatform"]
    assert len(lines) == 1 + 2 + 3


def test_load_samples_and_hunt(capsys: pytest.CaptureFixture[str]) -> None:
    root = require_samples()
    code, text = run(["--sandbox", "--load", str(root / "hunting" / "mde_proc_pub.jsonl"),
                      "--format", "json", "hunt",
                      ("DeviceProcessEvents | where DeviceName == "
                       "'atevet06cl003.defenderatevet06.onmicrosoft.com' | take 1000")])
    assert code == 0, capsys.readouterr().err
    rows: list[dict[str, Any]] = json.loads(text)
    lines = (SAMPLES / "hunting" / "mde_proc_pub.jsonl").read_text(encoding="utf-8").splitlines()
    assert rows == [json.loads(line) for line in lines if line.strip()]


def test_load_folder(capsys: pytest.CaptureFixture[str]) -> None:
    root = require_samples()
    code, text = run(["--sandbox", "--load", str(root), "--format", "json", "hunt",
                      "DeviceNetworkInfo | take 10"])
    assert code == 0, capsys.readouterr().err
    assert len(json.loads(text)) == 4


def test_load_with_table_prefix(capsys: pytest.CaptureFixture[str]) -> None:
    root = require_samples()
    path = root / "hunting" / "mde_device_info.csv"
    code, text = run(["--sandbox", "--load", f"MyDevices={path}", "--format", "json", "hunt",
                      "MyDevices | take 5"])
    assert code == 0, capsys.readouterr().err
    assert len(json.loads(text)) == 2


def test_bad_filter_exit_code_2(capsys: pytest.CaptureFixture[str]) -> None:
    code, _ = run(["--sandbox", "alerts", "list", "--filter", "title eq 'x'"])
    assert code == 2
    err = capsys.readouterr().err
    assert "title" in err
    check_no_secrets(err)


def test_bad_kql_exit_code_1(capsys: pytest.CaptureFixture[str]) -> None:
    code, _ = run(["--sandbox", "hunt", "DeviceInfo | mv-expand LoggedOnUsers"])
    assert code == 1
    err = capsys.readouterr().err
    assert "BadRequestError" in err and "mv-expand" in err
    check_no_secrets(err)


def test_missing_env_without_sandbox(capsys: pytest.CaptureFixture[str]) -> None:
    code, _ = run(["alerts", "list"])
    assert code == 2
    assert "AZURE_TENANT_ID" in capsys.readouterr().err


def test_load_missing_path(capsys: pytest.CaptureFixture[str]) -> None:
    code, _ = run(["--sandbox", "--load", "/nonexistent/path.json", "hunt", "DeviceInfo"])
    assert code == 2
    assert "does not exist" in capsys.readouterr().err


def test_load_needs_sandbox(capsys: pytest.CaptureFixture[str]) -> None:
    require_samples()
    code, _ = run(["--load", str(SAMPLES), "hunt", "DeviceInfo"])
    assert code == 2
    assert "--sandbox" in capsys.readouterr().err


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    import mdekit

    with pytest.raises(SystemExit) as info:
        main(["--version"], out=io.StringIO())
    assert info.value.code == 0
    assert mdekit.__version__ in capsys.readouterr().out
