"""Vulnerability management through both clients against the sandbox: software,
vulnerabilities, recommendations, scores, remediation activities, device antivirus health,
authenticated scans, machine update and the legacy find.

The expected behaviour is the documentation's (``defender-endpoint/api/*.md``): each list pages
with ``$top``/``$skip``, a malformed id is refused before anything is sent, an unknown one is a
404, a missing permission a 403, a 429 is retried after ``Retry-After`` for reads and never for
the state-changing scan calls.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime, timezone
from typing import Any

import mdekit
import pytest
from conftest import SAMPLES, api_requests, async_client, client, new_sandbox, raises
from mdekit import (
    BadRequestError,
    PermissionDeniedError,
    ResourceNotFoundError,
    ServiceError,
    ThrottledError,
)
from mdekit.testing import ManualClock, Sandbox

PAGE = 7
WINDOWS_AUTH = {"@odata.type": "#microsoft.windowsDefenderATP.api.WindowsAuthParams",
                "type": "Kerberos", "username": "svc-scan", "domain": "contoso",
                "isGmsaUser": True}


@pytest.fixture(scope="module")
def sb() -> Iterator[Sandbox]:
    """A small tenant that pages every PAGE items, so the lists take several requests."""
    sandbox = new_sandbox(machines=60, alerts=20, page_size=PAGE)
    try:
        yield sandbox
    finally:
        sandbox.stop()


@pytest.fixture
def tvm(sb: Sandbox) -> Iterator[Sandbox]:
    sb.server.clear_faults()
    sb.clear_requests()
    yield sb
    sb.server.clear_faults()


def now_iso() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def test_software(tvm: Sandbox) -> None:
    c = client(tvm)
    software = c.software.list().to_list()
    assert len(api_requests(tvm, "/api/software")) >= 2, "several pages"
    assert len({s["id"] for s in software}) == len(software)
    chrome = next(s for s in software if s["id"] == "google-_-chrome")
    assert set(chrome) >= {"id", "name", "vendor", "weaknesses", "publicExploit", "activeAlert",
                           "exposedMachines", "impactScore"}
    assert c.software.get("google-_-chrome")["weaknesses"] == chrome["weaknesses"]
    dist = c.software.distributions("google-_-chrome")
    refs = c.software.machine_references("google-_-chrome")
    assert sum(d["installations"] for d in dist) == len(refs)
    assert all(set(r) == {"id", "computerDnsName", "osPlatform", "rbacGroupName"} for r in refs)
    vulns = c.software.vulnerabilities("google-_-chrome")
    assert len(vulns) == chrome["weaknesses"]
    assert all(v["id"].startswith("CVE-") for v in vulns)
    kbs = c.software.missing_kbs("microsoft-_-windows_10")
    assert all(kb["url"].endswith("KB" + kb["id"]) for kb in kbs)
    assert [s["vendor"] for s in c.software.list(filter="vendor eq 'google'")] == ["google"]
    assert len(c.software.list(top=3).to_list()) == 3
    skipped = c.software.list(skip=2).to_list()
    assert [s["id"] for s in skipped] == [s["id"] for s in software[2:]]


def test_software_errors(tvm: Sandbox) -> None:
    c = client(tvm)
    for bad in ("chrome", "google-_-", "a/b-_-c"):
        with raises(ValueError, match="software id"):
            c.software.get(bad)
    with raises(ValueError, match="weaknesses"):
        c.software.list(filter="weaknesses gt 1")
    assert api_requests(tvm) == [], "nothing sent"
    with raises(ResourceNotFoundError):
        c.software.get("nobody-_-nothing")
    with raises(ResourceNotFoundError):
        c.software.machine_references("nobody-_-nothing")
    tvm.inject("/api/software", status=400, code="InvalidRequest")
    with raises(BadRequestError):
        c.software.list().to_list()


async def test_software_async(tvm: Sandbox) -> None:
    c = async_client(tvm)
    items = [s async for s in c.software.list()]
    assert items == client(tvm).software.list().to_list()
    assert (await c.software.get("google-_-chrome"))["id"] == "google-_-chrome"
    assert await c.software.distributions("google-_-chrome")
    assert await c.software.machine_references("google-_-chrome")
    assert await c.software.vulnerabilities("google-_-chrome")
    assert isinstance(await c.software.missing_kbs("google-_-chrome"), list)
    with raises(ResourceNotFoundError):
        await c.software.get("nobody-_-nothing")
    with raises(ValueError):
        await c.software.vulnerabilities("chrome")


def test_vulnerabilities(tvm: Sandbox) -> None:
    c = client(tvm)
    rows = c.vulnerabilities.by_machine().to_list()
    assert len(api_requests(tvm, "/api/vulnerabilities/machinesVulnerabilities")) >= 2
    for r in rows[:50]:
        assert r["id"] == "-_-".join([r["machineId"], r["cveId"], r["productVendor"],
                                      r["productName"], r["productVersion"],
                                      r["fixingKbId"] or ""])
    vulns = c.vulnerabilities.list().to_list()
    assert {r["cveId"] for r in rows} == {v["id"] for v in vulns}
    cve = max(vulns, key=lambda v: v["exposedMachines"])
    # Any case is accepted and sent as the service spells it.
    one = c.vulnerabilities.get(cve["id"].lower())
    assert one["id"] == cve["id"] and one["severity"] in {"Low", "Medium", "High", "Critical"}
    refs = c.vulnerabilities.machine_references(cve["id"])
    assert len(refs) == cve["exposedMachines"]
    assert {r["id"] for r in refs} == {r["machineId"] for r in rows if r["cveId"] == cve["id"]}
    # The 8 documented filterable properties of machinesVulnerabilities.
    first = rows[0]
    for prop in ("id", "cveId", "machineId", "fixingKbId", "productName", "productVersion",
                 "severity", "productVendor"):
        value = first[prop]
        literal = "null" if value is None else "'" + value + "'"
        got = c.vulnerabilities.by_machine(filter=f"{prop} eq {literal}").to_list()
        assert got == [r for r in rows if r[prop] == value], prop
    critical = c.vulnerabilities.list(filter="cvssV3 ge 9.0").to_list()
    assert critical and all(v["cvssV3"] >= 9.0 for v in critical)
    assert len(c.vulnerabilities.by_machine(top=10, skip=5).to_list()) == 10


def test_vulnerability_limits_and_errors(tvm: Sandbox) -> None:
    c = client(tvm)
    for bad in ("", "CVE-24-1", "2024-21338", "CVE-2024-12"):
        with raises(ValueError):
            c.vulnerabilities.get(bad)
    # /api/vulnerabilities pages at most 8,000 a request (get-all-vulnerabilities).
    with raises(ValueError, match="8000"):
        c.vulnerabilities.list(page_size=8001)
    c.vulnerabilities.list(top=9000).to_list()
    tops = [r["query"] for r in api_requests(tvm, "/api/vulnerabilities")]
    assert tops and all("%24top=8000" in q or "$top=8000" in q for q in tops), tops
    with raises(ValueError):
        c.vulnerabilities.by_machine(filter="cvssV3 gt 1")
    with raises(ResourceNotFoundError):
        c.vulnerabilities.get("CVE-1999-0001")
    with raises(ResourceNotFoundError):
        c.vulnerabilities.machine_references("CVE-1999-0001")


async def test_vulnerabilities_async(tvm: Sandbox) -> None:
    c = async_client(tvm)
    rows = await c.vulnerabilities.by_machine(top=20).to_list()
    assert len(rows) == 20
    assert (await c.vulnerabilities.get(rows[0]["cveId"]))["id"] == rows[0]["cveId"]
    assert await c.vulnerabilities.machine_references(rows[0]["cveId"])
    assert len(await c.vulnerabilities.list(top=3).to_list()) == 3
    with raises(ResourceNotFoundError):
        await c.vulnerabilities.get("CVE-1999-0001")


def test_recommendations(tvm: Sandbox) -> None:
    c = client(tvm)
    recos = c.recommendations.list().to_list()
    software = [r for r in recos if r["remediationType"] == "Update"]
    controls = [r for r in recos if r["remediationType"] == "ConfigurationChange"]
    assert software and controls
    r = software[0]
    assert c.recommendations.get(r["id"])["recommendationName"] == r["recommendationName"]
    sw = c.recommendations.software(r["id"])
    assert isinstance(sw, dict) and sw["name"] == r["productName"]
    assert len(c.recommendations.machine_references(r["id"])) == r["exposedMachinesCount"]
    assert len(c.recommendations.vulnerabilities(r["id"])) == r["weaknesses"]
    with raises(ResourceNotFoundError):
        c.recommendations.software(controls[0]["id"])
    with raises(ResourceNotFoundError):
        c.recommendations.get("va-_-nobody-_-nothing")
    with raises(ValueError):
        c.recommendations.get("a b")
    active = c.recommendations.list(filter="status eq 'Active'").to_list()
    assert len(active) == len(recos)
    high = c.recommendations.list(filter="severityScore ge 9").to_list()
    assert all(x["severityScore"] >= 9 for x in high)


async def test_recommendations_async(tvm: Sandbox) -> None:
    c = async_client(tvm)
    recos = await c.recommendations.list(filter="remediationType eq 'Update'").to_list()
    r = recos[0]
    assert (await c.recommendations.get(r["id"]))["id"] == r["id"]
    assert (await c.recommendations.software(r["id"]))["vendor"] == r["vendor"]
    assert await c.recommendations.machine_references(r["id"])
    assert await c.recommendations.vulnerabilities(r["id"])


def test_scores(tvm: Sandbox) -> None:
    c = client(tvm)
    exposure = c.scores.exposure()
    assert 0 < exposure["score"] <= 100 and exposure["time"]
    groups = c.scores.exposure_by_machine_groups()
    assert len(groups) > 1
    assert all(0 <= g["score"] <= 100 and g["rbacGroupName"] for g in groups)
    # The tenant's score lies within its groups' scores.
    scores = [g["score"] for g in groups]
    assert min(scores) <= exposure["score"] <= max(scores)
    assert c.scores.configuration()["score"] > 0


async def test_scores_async(tvm: Sandbox) -> None:
    c = async_client(tvm)
    assert (await c.scores.exposure())["score"] == client(tvm).scores.exposure()["score"]
    assert await c.scores.exposure_by_machine_groups()
    assert "score" in await c.scores.configuration()


def test_remediation(tvm: Sandbox) -> None:
    c = client(tvm)
    tasks = c.remediation.list().to_list()
    assert tasks
    t = tasks[0]
    assert c.remediation.get(t["id"])["title"] == t["title"]
    refs = c.remediation.machine_references(t["id"])
    assert len(refs) == t["targetDevices"]
    assert c.software.get(t["productId"])["id"] == t["productId"]
    done = c.remediation.list(filter="status eq 'Completed'").to_list()
    assert all(x["status"] == "Completed" for x in done)
    recent = c.remediation.list(filter="createdOn gt 2020-01-01T00:00:00Z").to_list()
    assert len(recent) == len(tasks)
    with raises(ValueError, match="GUID"):
        c.remediation.get("not-a-guid")
    with raises(ResourceNotFoundError):
        c.remediation.get("00000000-0000-0000-0000-000000000000")


async def test_remediation_async(tvm: Sandbox) -> None:
    c = async_client(tvm)
    tasks = await c.remediation.list().to_list()
    assert (await c.remediation.get(tasks[0]["id"]))["id"] == tasks[0]["id"]
    assert isinstance(await c.remediation.machine_references(tasks[0]["id"]), list)
    with raises(ResourceNotFoundError):
        await c.remediation.machine_references("00000000-0000-0000-0000-000000000000")


def test_machine_lists_agree_with_the_organization(tvm: Sandbox) -> None:
    c = client(tvm)
    rows = c.vulnerabilities.by_machine().to_list()
    machine = rows[0]["machineId"]
    mine = {v["id"] for v in c.machines.vulnerabilities(machine)}
    assert mine == {r["cveId"] for r in rows if r["machineId"] == machine}
    software = {s["id"] for s in c.machines.software(machine)}
    assert {f"{r['productVendor']}-_-{r['productName']}" for r in rows
            if r["machineId"] == machine} <= software


def test_device_health(tvm: Sandbox) -> None:
    c = client(tvm)
    rows = c.device_health.antivirus().to_list()
    assert len(rows) == 60
    assert len(api_requests(tvm, "/api/deviceavinfo")) >= 2
    assert all(r["osKind"] in {"windows", "mac", "linux"} for r in rows)
    assert all(r["avIsSignatureUpToDate"] in {"True", "False", "Unknown"} for r in rows)
    stale = c.device_health.antivirus(filter="avIsSignatureUpToDate eq 'False'").to_list()
    assert [r["id"] for r in stale] == [r["id"] for r in rows
                                        if r["avIsSignatureUpToDate"] == "False"]
    with raises(ValueError, match="rbacGroupName"):
        c.device_health.antivirus(filter="rbacGroupName eq 'x'")


async def test_device_health_async(tvm: Sandbox) -> None:
    c = async_client(tvm)
    assert len(await c.device_health.antivirus(top=5).to_list()) == 5


def test_device_health_quota_is_30_a_minute() -> None:
    """The client spends 90% of the documented 30 a minute (27) before waiting."""
    sb = new_sandbox(machines=3, alerts=1, rate_limits=False)
    try:
        clock = ManualClock()
        c = client(sb, clock=clock)
        for _ in range(27):
            c.device_health.antivirus(top=1).to_list()
        assert clock.sleeps == []
        c.scores.exposure()  # another family: no wait
        assert clock.sleeps == []
        c.device_health.antivirus(top=1).to_list()
        assert clock.sleeps == [60.0]
    finally:
        sb.stop()


def test_throttled_reads_are_retried(tvm: Sandbox) -> None:
    clock = ManualClock()
    c = client(tvm, clock=clock, rate_limit=False, max_retries=2)
    tvm.inject("/api/exposureScore", status=429, retry_after="2", count=1)
    assert c.scores.exposure()["score"] > 0
    assert clock.sleeps == [2.0]
    tvm.inject("/api/recommendations", status=429, retry_after="1", count=10)
    with raises(ThrottledError) as info:
        c.recommendations.list().to_list()
    assert info.value.retry_after == 1.0


def test_permissions(tvm: Sandbox) -> None:
    tvm.server.register_app("tvm-machine-reader", "tvm-reader-secret", ["Machine.Read.All"])
    c = client(tvm, client_id="tvm-machine-reader", client_secret="tvm-reader-secret",
               max_retries=0)
    assert c.device_health.antivirus(top=1).to_list()
    assert isinstance(c.authenticated_scans.list_agents(), list)
    for call in (lambda: c.software.list().to_list(), lambda: c.scores.exposure(),
                 lambda: c.vulnerabilities.get("CVE-2024-38063"),
                 lambda: c.remediation.list().to_list(),
                 lambda: c.machines.update(c.machines.list(top=1).to_list()[0]["id"],
                                           device_value="Low")):
        with raises(PermissionDeniedError):
            call()


def test_authenticated_scans(tvm: Sandbox) -> None:
    c = client(tvm)
    agents = c.authenticated_scans.list_agents()
    agent = agents[0]
    assert c.authenticated_scans.get_agent(agent["id"])["machineId"] == agent["machineId"]
    seeded = c.authenticated_scans.list_definitions()
    created = c.authenticated_scans.create_definition(
        scan_type="windows", scan_name="Test Windows scan", target="127.0.0.1",
        scanner_machine_id=agent["machineId"], scan_authentication_params=WINDOWS_AUTH,
        interval_in_hours=1)
    assert created["scanType"] == "Windows" and created["scanAuthenticationParams"] is None
    updated = c.authenticated_scans.update_definition(created["id"], is_active=False,
                                                      scan_name="Renamed")
    assert updated["isActive"] is False and updated["scanName"] == "Renamed"
    ids = {d["id"] for d in c.authenticated_scans.list_definitions()}
    assert created["id"] in ids and len(ids) == len(seeded) + 1
    history = c.authenticated_scans.history_by_definition([seeded[0]["id"]])
    assert len(history) == 3
    assert all(h["ScanStatus"] in {"Success", "Partial Success", "Fail"} for h in history)
    assert len(c.authenticated_scans.history_by_definition([seeded[0]["id"]], top=1)) == 1
    assert c.authenticated_scans.history_by_definition([created["id"]]) == []
    assert c.authenticated_scans.history_by_session(["nope"]) == []
    assert c.authenticated_scans.delete_definitions([created["id"]]) is None
    assert created["id"] not in {d["id"] for d in c.authenticated_scans.list_definitions()}
    with raises(ResourceNotFoundError):
        c.authenticated_scans.update_definition(created["id"], is_active=True)


def test_authenticated_scan_validation(tvm: Sandbox) -> None:
    c = client(tvm)
    args: dict[str, Any] = {"scan_type": "Windows", "scan_name": "n", "target": "10.0.0.1",
                            "scanner_machine_id": "a" * 40,
                            "scan_authentication_params": WINDOWS_AUTH}
    for change, match in ((("scan_type", "Quick"), "scan_type"),
                          (("scan_name", " "), "scan_name"),
                          (("interval_in_hours", 0), "interval_in_hours"),
                          (("scan_authentication_params", {"type": "Kerberos"}), "odata.type")):
        with raises(ValueError, match=match):
            c.authenticated_scans.create_definition(**(args | {change[0]: change[1]}))
    with raises(ValueError, match="at least one change"):
        c.authenticated_scans.update_definition("x")
    with raises(ValueError):
        c.authenticated_scans.delete_definitions([])
    with raises(ValueError, match="4096"):
        c.authenticated_scans.history_by_definition(["x"], top=4097)
    assert api_requests(tvm) == [], "nothing sent"
    with raises(BadRequestError):
        c.authenticated_scans.create_definition(**args)  # no scanner agent on that machine


def test_scan_writes_are_never_retried(tvm: Sandbox) -> None:
    clock = ManualClock()
    c = client(tvm, clock=clock, max_retries=5)
    agent = c.authenticated_scans.list_agents()[0]
    path = "/api/DeviceAuthenticatedScanDefinitions"
    tvm.inject(path, status=503, count=5, method="POST")
    tvm.clear_requests()
    with raises(ServiceError):
        c.authenticated_scans.create_definition(
            scan_type="Network", scan_name="n", target="10.0.0.1",
            scanner_machine_id=agent["machineId"], scan_authentication_params={
                "@odata.type": "#microsoft.windowsDefenderATP.api.SnmpAuthParams",
                "type": "CommunityString", "communityString": "public"})
    assert len([r for r in api_requests(tvm, path) if r["method"] == "POST"]) == 1
    tvm.server.clear_faults()
    # A history query is a POST that only reads: it is retried.
    seeded = c.authenticated_scans.list_definitions()[0]["id"]
    tvm.inject(path + "/GetScanHistoryByScanDefinitionId", status=503, count=1)
    assert len(c.authenticated_scans.history_by_definition([seeded])) == 3


async def test_authenticated_scans_async(tvm: Sandbox) -> None:
    c = async_client(tvm)
    agents = await c.authenticated_scans.list_agents()
    assert (await c.authenticated_scans.get_agent(agents[0]["machineId"]))["id"]
    d = await c.authenticated_scans.create_definition(
        scan_type="Windows", scan_name="async", target="127.0.0.1",
        scanner_machine_id=agents[0]["machineId"], scan_authentication_params=WINDOWS_AUTH)
    assert (await c.authenticated_scans.update_definition(d["id"], target="127.0.0.2"))[
        "target"] == "127.0.0.2"
    assert await c.authenticated_scans.history_by_definition([d["id"]]) == []
    assert await c.authenticated_scans.history_by_session(["x"]) == []
    await c.authenticated_scans.delete_definitions([d["id"]])
    assert d["id"] not in {x["id"] for x in await c.authenticated_scans.list_definitions()}
    with raises(ResourceNotFoundError):
        await c.authenticated_scans.get_agent("nope")


def test_machine_update_and_find(tvm: Sandbox) -> None:
    c = client(tvm)
    m = c.machines.list(top=1).to_list()[0]
    updated = c.machines.update(m["id"], machine_tags=["Demo Device", "Windows 10"],
                                device_value="high")
    assert updated["machineTags"] == ["Demo Device", "Windows 10"]
    assert updated["deviceValue"] == "High"
    assert c.machines.get(m["id"])["machineTags"] == ["Demo Device", "Windows 10"]
    assert c.machines.update(m["id"], machine_tags=[])["machineTags"] == []
    with raises(ValueError, match="device value"):
        c.machines.update(m["id"], device_value="Critical")
    with raises(ValueError, match="machine_tags, device_value"):
        c.machines.update(m["id"])
    with raises(ValueError, match="tag"):
        c.machines.update(m["id"], machine_tags=[" "])
    with raises(ResourceNotFoundError):
        c.machines.update("0" * 40, device_value="Low")
    found = c.machines.find(m["lastIpAddress"], timestamp=now_iso())
    assert m["id"] in {x["id"] for x in found}
    with raises(ResourceNotFoundError):
        c.machines.find("192.0.2.77", timestamp=now_iso())
    with raises(BadRequestError):
        c.machines.find(m["lastIpAddress"], timestamp="2001-01-01T00:00:00Z")
    with raises(ValueError):
        c.machines.find("not-an-ip", timestamp=now_iso())


async def test_machine_update_and_find_async(tvm: Sandbox) -> None:
    c = async_client(tvm)
    m = (await c.machines.list(top=2).to_list())[1]
    assert (await c.machines.update(m["id"], device_value="Low"))["deviceValue"] == "Low"
    assert m["id"] in {x["id"] for x in await c.machines.find(m["lastIpAddress"],
                                                             timestamp=now_iso())}


def test_machine_update_is_never_retried(tvm: Sandbox) -> None:
    c = client(tvm, max_retries=5)
    m = c.machines.list(top=1).to_list()[0]
    tvm.inject(f"/api/machines/{m['id']}", status=503, count=5, method="PATCH")
    tvm.clear_requests()
    with raises(ServiceError):
        c.machines.update(m["id"], device_value="Normal")
    assert len(api_requests(tvm)) == 1


def test_loaded_records() -> None:
    """The 421 real machinesVulnerabilities records come back as they are, and join the
    organization-wide lists."""
    path = SAMPLES / "api" / "vulnerabilities.json"
    if not path.is_file():
        pytest.skip(f"{path} is absent")
    raw = json.loads(path.read_text())["value"]
    sb = new_sandbox(only_loaded=True, load=[path])
    try:
        c = client(sb)
        rows = c.vulnerabilities.by_machine().to_list()
        assert rows == raw
        assert {v["id"] for v in c.vulnerabilities.list()} == {r["cveId"] for r in raw}
        products = {f"{r['productVendor']}-_-{r['productName']}" for r in raw}
        assert {s["id"] for s in c.software.list()} == products
        critical = c.vulnerabilities.by_machine(filter="severity eq 'Critical'").to_list()
        assert len(critical) == sum(r["severity"] == "Critical" for r in raw) == 5
    finally:
        sb.stop()


def test_catalogue_lists_the_tvm_operations() -> None:
    ids = {op["id"] for op in mdekit.catalogue()}
    assert {"software.list", "vulnerabilities.by_machine", "scores.exposure",
            "remediation.get", "device_health.antivirus",
            "authenticated_scans.history_by_session", "machines.update",
            "machines.find"} <= ids


def cli(argv: list[str]) -> tuple[int, str]:
    import io

    from mdekit.cli import main

    out = io.StringIO()
    code = main(argv, out=out)
    return code, out.getvalue()


def test_cli_commands(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("MDEKIT_SANDBOX", raising=False)
    code, text = cli(["--sandbox", "vulnerabilities", "list", "--filter",
                      "severity eq 'Critical'"])
    assert code == 0
    assert "cvssV3" in text and "CVE-" in text and "High" not in text.split("\n", 3)[3]
    code, text = cli(["--sandbox", "--format", "json", "vulnerabilities", "list",
                      "--by-machine", "--top", "5"])
    rows = json.loads(text)
    assert code == 0 and len(rows) == 5 and {"machineId", "cveId", "fixingKbId"} <= set(rows[0])
    code, text = cli(["--sandbox", "--format", "csv", "software", "list", "--top", "3"])
    assert code == 0 and len(text.strip().splitlines()) == 4
    code, text = cli(["--sandbox", "scores"])
    assert code == 0 and "== Scores" in text and "exposure" in text and "configuration" in text
    assert "== Exposure score by device group:" in text
    code, text = cli(["--sandbox", "--format", "json", "scores"])
    data = json.loads(text)
    assert set(data) == {"exposure", "configuration", "exposureByMachineGroups"}


def test_cli_triage_shows_exposure(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("MDEKIT_SANDBOX", raising=False)
    code, text = cli(["--sandbox"])
    assert code == 0
    score = float(text.split("== Exposure score: ")[1].split()[0])
    assert 0 < score <= 100
    section = text.split("== Most exposed machines (critical CVEs with a public exploit): ")[1]
    assert int(section.split()[0]) > 0
    assert "exploitableCritical" in section
    code, text = cli(["--sandbox", "--format", "json"])
    exposure = json.loads(text)["exposure"]
    counts = [m["exploitableCritical"] for m in exposure["exposedMachines"]]
    assert counts == sorted(counts, reverse=True) and counts[0] > 0


def test_the_service_refuses_what_the_client_would(tvm: Sandbox) -> None:
    """What the client validates, the sandbox refuses too (the raw request bypasses the
    client's checks): a $top beyond the list's cap, an undocumented filter, a malformed id."""
    c = client(tvm, max_retries=0)
    with raises(BadRequestError):
        c.request("GET", "/api/vulnerabilities", params={"$top": "8001"})
    with raises(BadRequestError):
        c.request("GET", "/api/Software", params={"$filter": "weaknesses gt 1"})
    with raises(BadRequestError):
        c.request("GET", "/api/remediationTasks/not-a-guid")
    with raises(ResourceNotFoundError):
        c.request("GET", "/api/vulnerabilities/not-a-cve")
    assert c.request("GET", "/api/vulnerabilities", params={"$top": "8000"})["value"]


async def test_scan_credentials_must_be_a_dict(tvm: Sandbox) -> None:
    args: dict[str, Any] = {"scan_type": "Windows", "scan_name": "n", "target": "10.0.0.1",
                            "scanner_machine_id": "a" * 40}
    with raises(TypeError, match="scan_authentication_params"):
        client(tvm).authenticated_scans.create_definition(**args,
                                                          scan_authentication_params="secret")
    with raises(TypeError, match="scan_authentication_params"):
        async_client(tvm).authenticated_scans.update_definition("x",
                                                                 scan_authentication_params=[1])
    assert api_requests(tvm) == []
