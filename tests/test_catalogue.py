"""The endpoint catalogue: two-way parity with the clients, the permissions a 403 names, the
quota families, and ``mdekit.catalogue()`` / ``mdekit permissions``.

The expected permissions below are copied from each operation's page on Microsoft Learn
(``defender-endpoint/api/<page>.md``, Graph ``security-security-runhuntingquery``), written out
literally so the catalogue cannot vouch for itself.
"""

from __future__ import annotations

import asyncio
import inspect
import io
import json
from collections.abc import Callable, Iterator
from typing import Any

import mdekit
import mdekit.aio
import pytest
from conftest import async_client, client, new_sandbox, raises, remember_secret
from mdekit import PermissionDeniedError
from mdekit.cli import main
from mdekit.testing import ManualClock, Sandbox

ALERT = "da637472900382838869_1364969609"
MACHINE = "1e5bc9d7e413ddd7902c2932e418702b84d0cc07"
ACTION = "7bf5a0e4-e8b5-4fd1-a9cf-8bd6d3f5fae1"
SHA1 = "87662bc3d60e4200ceaf7aae249d1c343f4b83c9"

ALERT_READ = (["Alert.Read.All", "Alert.ReadWrite.All"], ["Alert.Read", "Alert.ReadWrite"])
ALERT_WRITE = (["Alert.ReadWrite.All"], ["Alert.ReadWrite"])
MACHINE_READ = (["Machine.Read.All", "Machine.ReadWrite.All"], ["Machine.Read", "Machine.ReadWrite"])
MACHINE_WRITE = (["Machine.ReadWrite.All"], ["Machine.ReadWrite"])
TI = (["Ti.ReadWrite", "Ti.ReadWrite.All"], ["Ti.ReadWrite"])
TI_APP_ONLY = (["Ti.ReadWrite", "Ti.ReadWrite.All"], [])
LIBRARY = (["Library.Manage"], ["Library.Manage"])
# Graph security-list-incidents / security-incident-get / -update / -post-comments and
# security-list-alerts_v2 / security-alert-get / -update / -post-comments (permission includes).
INCIDENT_READ = (["SecurityIncident.Read.All", "SecurityIncident.ReadWrite.All"],
                 ["SecurityIncident.Read.All", "SecurityIncident.ReadWrite.All"])
INCIDENT_WRITE = (["SecurityIncident.ReadWrite.All"], ["SecurityIncident.ReadWrite.All"])
SECURITY_ALERT_READ = (["SecurityAlert.Read.All", "SecurityAlert.ReadWrite.All"],
                       ["SecurityAlert.Read.All", "SecurityAlert.ReadWrite.All"])
SECURITY_ALERT_WRITE = (["SecurityAlert.ReadWrite.All"], ["SecurityAlert.ReadWrite.All"])
# ---- Export assessment APIs (issue 10)
VULNERABILITY_READ = (["Vulnerability.Read.All"], ["Vulnerability.Read"])
SOFTWARE_READ = (["Software.Read.All"], ["Software.Read"])
BASELINE_READ = (["SecurityBaselinesAssessment.Read.All"], ["SecurityBaselinesAssessment.Read"])
CANCEL = [
    "Machine.CollectForensics", "Machine.Isolate", "Machine.RestrictExecution", "Machine.Scan",
    "Machine.Offboard", "Machine.StopAndQuarantine", "Machine.LiveResponse",
]


# ---- Vulnerability management (issue 10): the TVM pages' permissions (SOFTWARE_READ above).
VULN_READ = VULNERABILITY_READ
RECO_READ = (["SecurityRecommendation.Read.All"], ["SecurityRecommendation.Read"])
SCORE_READ = (["Score.Read.All"], ["Score.Read"])
# get-remediation-*: RemediationTasks.Read.All (application), RemediationTask.Read (delegated).
REMEDIATION_READ = (["RemediationTasks.Read.All"], ["RemediationTask.Read"])
# Scan pages: Machine.Read.All for both kinds to read; writes name the delegated permission
# "Machine.Read.Write" (sic), which is Machine.ReadWrite.
SCAN_READ = (["Machine.Read.All"], ["Machine.Read.All"])
SOFTWARE_ID = "google-_-chrome"
CVE = "CVE-2024-38063"
RECO = "va-_-google-_-chrome"
TASK = "03942ef5-aecb-4c6e-b555-9f4b4ff4b36d"
WINDOWS_AUTH = {"@odata.type": "#microsoft.windowsDefenderATP.api.WindowsAuthParams",
                "type": "Kerberos", "username": "u", "domain": "contoso", "isGmsaUser": True}


def both(p: str) -> tuple[list[str], list[str]]:
    return [p], [p]


INDICATOR = {"indicatorValue": SHA1, "indicatorType": "FileSha1", "action": "Alert",
             "title": "t", "description": "d"}

# client method -> (call, (application permissions, delegated permissions))
CALLS: dict[str, tuple[Callable[[Any], Any], tuple[list[str], list[str]]]] = {
    "alerts.list": (lambda c: c.alerts.list(top=1).to_list(), ALERT_READ),
    "alerts.get": (lambda c: c.alerts.get(ALERT), ALERT_READ),
    "alerts.update": (lambda c: c.alerts.update(ALERT, status="Resolved"), ALERT_WRITE),
    "alerts.batch_update": (lambda c: c.alerts.batch_update([ALERT], status="Resolved"),
                            ALERT_WRITE),
    "alerts.create_by_reference": (lambda c: c.alerts.create_by_reference(
        machine_id=MACHINE, report_id="1", event_time="2024-01-01T00:00:00Z", severity="Low",
        title="t", description="d", recommended_action="r", category="General"), ALERT_WRITE),
    "alerts.related_domains": (lambda c: c.alerts.related_domains(ALERT), both("URL.Read.All")),
    "alerts.related_files": (lambda c: c.alerts.related_files(ALERT), both("File.Read.All")),
    "alerts.related_ips": (lambda c: c.alerts.related_ips(ALERT), both("Ip.Read.All")),
    "alerts.related_machine": (lambda c: c.alerts.related_machine(ALERT), MACHINE_READ),
    "alerts.related_user": (lambda c: c.alerts.related_user(ALERT), both("User.Read.All")),
    "machines.list": (lambda c: c.machines.list(top=1).to_list(), MACHINE_READ),
    "machines.get": (lambda c: c.machines.get(MACHINE), MACHINE_READ),
    "machines.find_by_ip": (lambda c: c.machines.find_by_ip(
        "10.0.0.1", timestamp="2024-01-01T00:00:00Z"), MACHINE_READ),
    "machines.find_by_tag": (lambda c: c.machines.find_by_tag("VIP"), MACHINE_READ),
    "machines.add_tag": (lambda c: c.machines.add_tag(MACHINE, "VIP"), MACHINE_WRITE),
    "machines.remove_tag": (lambda c: c.machines.remove_tag(MACHINE, "VIP"), MACHINE_WRITE),
    "machines.add_tag_many": (lambda c: c.machines.add_tag_many([MACHINE], "VIP"), MACHINE_WRITE),
    "machines.remove_tag_many": (lambda c: c.machines.remove_tag_many([MACHINE], "VIP"),
                                 MACHINE_WRITE),
    "machines.set_device_value": (lambda c: c.machines.set_device_value(MACHINE, "High"),
                                  MACHINE_WRITE),
    "machines.logon_users": (lambda c: c.machines.logon_users(MACHINE), both("User.Read.All")),
    "machines.alerts": (lambda c: c.machines.alerts(MACHINE), ALERT_READ),
    "machines.software": (lambda c: c.machines.software(MACHINE),
                          (["Software.Read.All"], ["Software.Read"])),
    "machines.vulnerabilities": (lambda c: c.machines.vulnerabilities(MACHINE),
                                 (["Vulnerability.Read.All"], ["Vulnerability.Read"])),
    "machines.recommendations": (lambda c: c.machines.recommendations(MACHINE),
                                 (["SecurityRecommendation.Read.All"],
                                  ["SecurityRecommendation.Read"])),
    "machines.missing_kbs": (lambda c: c.machines.missing_kbs(MACHINE), (["Software.Read.All"], [])),
    "machines.isolate": (lambda c: c.machines.isolate(MACHINE, comment="x"),
                         both("Machine.Isolate")),
    "machines.unisolate": (lambda c: c.machines.unisolate(MACHINE, comment="x"),
                           both("Machine.Isolate")),
    "machines.restrict_code_execution": (
        lambda c: c.machines.restrict_code_execution(MACHINE, comment="x"),
        both("Machine.RestrictExecution")),
    "machines.unrestrict_code_execution": (
        lambda c: c.machines.unrestrict_code_execution(MACHINE, comment="x"),
        both("Machine.RestrictExecution")),
    "machines.run_antivirus_scan": (lambda c: c.machines.run_antivirus_scan(MACHINE, comment="x"),
                                    both("Machine.Scan")),
    "machines.collect_investigation_package": (
        lambda c: c.machines.collect_investigation_package(MACHINE, comment="x"),
        both("Machine.CollectForensics")),
    "machines.offboard": (lambda c: c.machines.offboard(MACHINE, comment="x"),
                          both("Machine.Offboard")),
    "machines.stop_and_quarantine_file": (
        lambda c: c.machines.stop_and_quarantine_file(MACHINE, comment="x", sha1=SHA1),
        (["Machine.StopAndQuarantine", "Machine.Read.All", "Machine.ReadWrite.All"],
         ["Machine.StopAndQuarantine"])),
    "machine_actions.list": (lambda c: c.machine_actions.list(top=1).to_list(), MACHINE_READ),
    "machine_actions.get": (lambda c: c.machine_actions.get(ACTION), MACHINE_READ),
    "machine_actions.cancel": (lambda c: c.machine_actions.cancel(ACTION, comment="x"),
                               (CANCEL, CANCEL)),
    "machine_actions.get_package_uri": (lambda c: c.machine_actions.get_package_uri(ACTION),
                                        (MACHINE_READ[0], ["Machine.CollectForensics"])),
    "indicators.list": (lambda c: c.indicators.list(top=1).to_list(), TI),
    "indicators.submit": (lambda c: c.indicators.submit(
        indicator_value=SHA1, indicator_type="FileSha1", action="Alert", title="t",
        description="d"), TI),
    "indicators.import_batch": (lambda c: c.indicators.import_batch([INDICATOR]), TI),
    "indicators.delete": (lambda c: c.indicators.delete("1"), TI_APP_ONLY),
    "indicators.batch_delete": (lambda c: c.indicators.batch_delete(["1"]), TI_APP_ONLY),
    "investigations.list": (lambda c: c.investigations.list(top=1).to_list(), ALERT_READ),
    "investigations.get": (lambda c: c.investigations.get("1"), ALERT_READ),
    "investigations.start": (lambda c: c.investigations.start(MACHINE, comment="x"), ALERT_WRITE),
    "live_response.run": (lambda c: c.live_response.run(
        MACHINE, [{"type": "RunScript", "ScriptName": "a.ps1"}], comment="x"),
        both("Machine.LiveResponse")),
    "live_response.result_link": (lambda c: c.live_response.result_link(ACTION, 0),
                                  (MACHINE_READ[0], ["Machine.LiveResponse"])),
    "live_response.library_list": (lambda c: c.live_response.library_list(), LIBRARY),
    "live_response.library_upload": (lambda c: c.live_response.library_upload(
        b"Write-Host 1", file_name="a.ps1"), LIBRARY),
    "live_response.library_delete": (lambda c: c.live_response.library_delete("a.ps1"), LIBRARY),
    "files.get": (lambda c: c.files.get(SHA1), both("File.Read.All")),
    "files.stats": (lambda c: c.files.stats(SHA1), both("File.Read.All")),
    "files.alerts": (lambda c: c.files.alerts(SHA1), ALERT_READ),
    "files.machines": (lambda c: c.files.machines(SHA1), MACHINE_READ),
    "ips.stats": (lambda c: c.ips.stats("10.0.0.1"), both("Ip.Read.All")),
    "ips.alerts": (lambda c: c.ips.alerts("10.0.0.1"), ALERT_READ),
    "domains.stats": (lambda c: c.domains.stats("contoso.com"), both("URL.Read.All")),
    # get-domain-related-alerts (11/2025) lists only the ReadWrite permissions.
    "domains.alerts": (lambda c: c.domains.alerts("contoso.com"), ALERT_WRITE),
    "domains.machines": (lambda c: c.domains.machines("contoso.com"), MACHINE_READ),
    "users.alerts": (lambda c: c.users.alerts("user1"), ALERT_READ),
    # get-user-related-machines lists only the ReadWrite permissions.
    "users.machines": (lambda c: c.users.machines("user1"), MACHINE_WRITE),
    "hunting.run": (lambda c: c.hunting.run("DeviceInfo | take 1"),
                    both("ThreatHunting.Read.All")),
    "hunting.run mde": (lambda c: c.hunting.run("DeviceInfo | take 1", endpoint="mde"),
                        (["AdvancedQuery.Read.All"], ["AdvancedQuery.Read"])),
    "incidents.list": (lambda c: c.incidents.list(top=1).to_list(), INCIDENT_READ),
    "incidents.get": (lambda c: c.incidents.get("1"), INCIDENT_READ),
    "incidents.update": (lambda c: c.incidents.update("1", status="resolved"), INCIDENT_WRITE),
    "incidents.comment": (lambda c: c.incidents.comment("1", "x"), INCIDENT_WRITE),
    "security_alerts.list": (lambda c: c.security_alerts.list(top=1).to_list(),
                             SECURITY_ALERT_READ),
    "security_alerts.get": (lambda c: c.security_alerts.get(ALERT), SECURITY_ALERT_READ),
    "security_alerts.update": (lambda c: c.security_alerts.update(ALERT, status="resolved"),
                               SECURITY_ALERT_WRITE),
    "security_alerts.comment": (lambda c: c.security_alerts.comment(ALERT, "x"),
                                SECURITY_ALERT_WRITE),
    # ---- Vulnerability management (issue 10)
    "software.list": (lambda c: c.software.list(top=1).to_list(), SOFTWARE_READ),
    "software.get": (lambda c: c.software.get(SOFTWARE_ID), SOFTWARE_READ),
    "software.distributions": (lambda c: c.software.distributions(SOFTWARE_ID), SOFTWARE_READ),
    "software.machine_references": (lambda c: c.software.machine_references(SOFTWARE_ID),
                                    SOFTWARE_READ),
    "software.vulnerabilities": (lambda c: c.software.vulnerabilities(SOFTWARE_ID), VULN_READ),
    "software.missing_kbs": (lambda c: c.software.missing_kbs(SOFTWARE_ID), SOFTWARE_READ),
    "vulnerabilities.list": (lambda c: c.vulnerabilities.list(top=1).to_list(), VULN_READ),
    "vulnerabilities.get": (lambda c: c.vulnerabilities.get(CVE), VULN_READ),
    "vulnerabilities.machine_references": (
        lambda c: c.vulnerabilities.machine_references(CVE), VULN_READ),
    "vulnerabilities.by_machine": (lambda c: c.vulnerabilities.by_machine(top=1).to_list(),
                                   VULN_READ),
    "recommendations.list": (lambda c: c.recommendations.list(top=1).to_list(), RECO_READ),
    "recommendations.get": (lambda c: c.recommendations.get(RECO), RECO_READ),
    # list-recommendation-software: Software.Read.All (application) but
    # SecurityRecommendation.Read (delegated).
    "recommendations.software": (lambda c: c.recommendations.software(RECO),
                                 (["Software.Read.All"], ["SecurityRecommendation.Read"])),
    "recommendations.machine_references": (
        lambda c: c.recommendations.machine_references(RECO), RECO_READ),
    "recommendations.vulnerabilities": (lambda c: c.recommendations.vulnerabilities(RECO),
                                        VULN_READ),
    "scores.exposure": (lambda c: c.scores.exposure(), SCORE_READ),
    "scores.exposure_by_machine_groups": (lambda c: c.scores.exposure_by_machine_groups(),
                                          SCORE_READ),
    "scores.configuration": (lambda c: c.scores.configuration(), SCORE_READ),
    "remediation.list": (lambda c: c.remediation.list(top=1).to_list(), REMEDIATION_READ),
    "remediation.get": (lambda c: c.remediation.get(TASK), REMEDIATION_READ),
    "remediation.machine_references": (lambda c: c.remediation.machine_references(TASK),
                                       REMEDIATION_READ),
    "device_health.antivirus": (lambda c: c.device_health.antivirus(top=1).to_list(),
                                (["Machine.Read.All"], ["Machine.Read"])),
    "authenticated_scans.list_definitions": (
        lambda c: c.authenticated_scans.list_definitions(), SCAN_READ),
    "authenticated_scans.create_definition": (
        lambda c: c.authenticated_scans.create_definition(
            scan_type="Windows", scan_name="t", target="127.0.0.1", scanner_machine_id=MACHINE,
            scan_authentication_params=WINDOWS_AUTH), MACHINE_WRITE),
    "authenticated_scans.update_definition": (
        lambda c: c.authenticated_scans.update_definition(TASK, is_active=False), MACHINE_WRITE),
    "authenticated_scans.delete_definitions": (
        lambda c: c.authenticated_scans.delete_definitions([TASK]), MACHINE_WRITE),
    "authenticated_scans.list_agents": (lambda c: c.authenticated_scans.list_agents(), SCAN_READ),
    "authenticated_scans.get_agent": (lambda c: c.authenticated_scans.get_agent(MACHINE),
                                      SCAN_READ),
    "authenticated_scans.history_by_definition": (
        lambda c: c.authenticated_scans.history_by_definition([TASK]), SCAN_READ),
    "authenticated_scans.history_by_session": (
        lambda c: c.authenticated_scans.history_by_session([TASK]), SCAN_READ),
    "machines.update": (lambda c: c.machines.update(MACHINE, device_value="High"), MACHINE_WRITE),
    # find-machine-info-by-ip documents application permissions only.
    "machines.find": (lambda c: c.machines.find("10.0.0.1", timestamp="2024-01-01T00:00:00Z"),
                      (MACHINE_READ[0], [])),
    # ---- Export assessment APIs (issue 10): each assessment's page, both flavours.
    "exports.secure_configurations": (lambda c: c.exports.secure_configurations().to_list(),
                                      VULNERABILITY_READ),
    "exports.secure_configurations_via_files": (
        lambda c: c.exports.secure_configurations_via_files(), VULNERABILITY_READ),
    "exports.software_inventory": (lambda c: c.exports.software_inventory().to_list(),
                                   SOFTWARE_READ),
    "exports.software_inventory_via_files": (lambda c: c.exports.software_inventory_via_files(),
                                             SOFTWARE_READ),
    "exports.non_cpe_software": (lambda c: c.exports.non_cpe_software().to_list(),
                                 SOFTWARE_READ),
    "exports.non_cpe_software_via_files": (lambda c: c.exports.non_cpe_software_via_files(),
                                           SOFTWARE_READ),
    "exports.software_vulnerabilities": (
        lambda c: c.exports.software_vulnerabilities().to_list(), VULNERABILITY_READ),
    "exports.software_vulnerabilities_via_files": (
        lambda c: c.exports.software_vulnerabilities_via_files(), VULNERABILITY_READ),
    "exports.software_vulnerability_changes": (
        lambda c: c.exports.software_vulnerability_changes(since="1d").to_list(),
        VULNERABILITY_READ),
    "exports.browser_extensions": (lambda c: c.exports.browser_extensions().to_list(),
                                   SOFTWARE_READ),
    "exports.browser_extensions_via_files": (lambda c: c.exports.browser_extensions_via_files(),
                                             SOFTWARE_READ),
    "exports.browser_extension_permissions": (
        lambda c: c.exports.browser_extension_permissions().to_list(), SOFTWARE_READ),
    "exports.certificates": (lambda c: c.exports.certificates().to_list(), VULNERABILITY_READ),
    "exports.certificates_via_files": (lambda c: c.exports.certificates_via_files(),
                                       VULNERABILITY_READ),
    "exports.security_baselines": (lambda c: c.exports.security_baselines().to_list(),
                                   BASELINE_READ),
    "exports.security_baselines_via_files": (lambda c: c.exports.security_baselines_via_files(),
                                             BASELINE_READ),
    # The profiles and configurations pages name no permission: the baseline export's.
    "exports.baseline_profiles": (lambda c: c.exports.baseline_profiles().to_list(),
                                  BASELINE_READ),
    "exports.baseline_configurations": (lambda c: c.exports.baseline_configurations().to_list(),
                                        BASELINE_READ),
    "exports.hardware_firmware": (lambda c: c.exports.hardware_firmware().to_list(),
                                  SOFTWARE_READ),
    "exports.hardware_firmware_via_files": (lambda c: c.exports.hardware_firmware_via_files(),
                                            SOFTWARE_READ),
    "exports.information_gathering_via_files": (
        lambda c: c.exports.information_gathering_via_files(), VULNERABILITY_READ),
    "exports.device_av_health_via_files": (lambda c: c.exports.device_av_health_via_files(),
                                           VULNERABILITY_READ),
}

# Methods that combine several operations; each lists the catalogue ids it sends.
CONVENIENCES = {
    "machines.isolate_many": ["machines.isolate", "machine_actions.get"],
    "machine_actions.wait": ["machine_actions.get"],
    "machine_actions.bulk": ["machines.isolate", "machine_actions.list", "machine_actions.get"],
    "live_response.wait": ["machine_actions.get"],
    "live_response.download": ["live_response.result_link"],
}

FAMILIES = ["alerts", "machines", "machine_actions", "indicators", "investigations",
            "live_response", "files", "ips", "domains", "users", "hunting", "incidents",
            "security_alerts",
            # ---- Vulnerability management (issue 10)
            "software", "vulnerabilities", "recommendations", "scores", "remediation",
            "device_health", "authenticated_scans",
            # ---- Export assessment APIs (issue 10)
            "exports"]


@pytest.fixture(scope="module")
def unprivileged() -> Iterator[tuple[Sandbox, str, str]]:
    """A sandbox and an app granted only SecurityConfiguration.Read.All, which no implemented
    call accepts."""
    sb = new_sandbox(machines=5, alerts=5, rate_limits=False)
    client_id = "0000cccc-0000-0000-0000-00000000000c"
    secret = remember_secret("Config-Only~secret-3")
    sb.server.register_app(client_id, secret, ["SecurityConfiguration.Read.All"])
    try:
        yield sb, client_id, secret
    finally:
        sb.stop()


def public_methods(obj: Any) -> list[str]:
    return sorted(n for n, v in inspect.getmembers(type(obj)) if not n.startswith("_")
                  and callable(v))


@pytest.mark.parametrize("name", sorted(CALLS))
def test_403_names_the_documented_permissions(
        unprivileged: tuple[Sandbox, str, str], name: str) -> None:
    sb, client_id, secret = unprivileged
    call, (app, delegated) = CALLS[name]
    c = client(sb, client_id=client_id, client_secret=secret, max_retries=0)
    with raises(PermissionDeniedError) as info:
        call(c)
    err = info.value
    expected = list(dict.fromkeys(app + delegated))
    assert err.required_permissions == expected
    assert " or ".join(app) + " (application)" in str(err)
    if delegated:
        assert " or ".join(delegated) + " (delegated)" in str(err)
    else:
        assert "none documented (delegated)" in str(err)


@pytest.mark.parametrize("name", ["alerts.related_files", "domains.alerts", "machines.missing_kbs",
                                  "machine_actions.cancel", "live_response.library_upload",
                                  "hunting.run", "incidents.update", "security_alerts.get",
                                  # ---- Vulnerability management (issue 10)
                                  "software.vulnerabilities", "recommendations.software",
                                  "scores.exposure", "remediation.list",
                                  "device_health.antivirus",
                                  "authenticated_scans.create_definition", "machines.find"])
async def test_403_names_the_documented_permissions_async(
        unprivileged: tuple[Sandbox, str, str], name: str) -> None:
    sb, client_id, secret = unprivileged
    call, (app, delegated) = CALLS[name]
    c = async_client(sb, client_id=client_id, client_secret=secret, max_retries=0)
    with raises(PermissionDeniedError) as info:
        result = call(c)
        if inspect.isawaitable(result):
            await result
    assert info.value.required_permissions == list(dict.fromkeys(app + delegated))


def test_every_catalogue_entry_has_both_methods_and_a_call() -> None:
    sync_client = mdekit.DefenderClient.__dict__
    assert sync_client  # the class is importable
    called = {n.split(" ")[0] for n in CALLS}
    for op in mdekit.catalogue():
        for name in [op["python"], *op["also"]]:
            family, method = name.split(".")
            sync_cls = type(getattr(_any_client(), family))
            async_cls = type(getattr(_any_async_client(), family))
            assert callable(getattr(sync_cls, method, None)), name
            assert callable(getattr(async_cls, method, None)), name
            assert name in called, f"{name} ({op['id']}) has no test call"
    planned = [op for op in mdekit.catalogue(include_planned=True) if op["python"] is None]
    assert all(op["id"] not in called for op in planned)


def test_every_client_method_has_a_catalogue_entry() -> None:
    names = {n for op in mdekit.catalogue() for n in [op["python"], *op["also"]]}
    ids = {op["id"] for op in mdekit.catalogue(include_planned=True)}
    for cl in (_any_client(), _any_async_client()):
        for family in FAMILIES:
            for method in public_methods(getattr(cl, family)):
                name = f"{family}.{method}"
                if name in CONVENIENCES:
                    assert set(CONVENIENCES[name]) <= ids, name
                else:
                    assert name in names, f"{name} has no catalogue entry"


_CLIENTS: dict[str, Any] = {}


def _sandbox() -> Sandbox:
    if "sb" not in _CLIENTS:
        _CLIENTS["sb"] = new_sandbox(machines=1, alerts=1)
    sb: Sandbox = _CLIENTS["sb"]
    return sb


def _any_client() -> Any:
    return client(_sandbox())


def _any_async_client() -> Any:
    return async_client(_sandbox())


def test_catalogue_shape() -> None:
    ops = mdekit.catalogue()
    assert len(ops) == 123  # every operation of the MDE API and Graph security v1.0 we cover
    by_id = {op["id"]: op for op in ops}
    alerts = by_id["alerts.list"]
    assert alerts["method"] == "GET" and alerts["path"] == "/api/alerts"
    assert alerts["doc"] == "https://learn.microsoft.com/defender-endpoint/api/get-alerts"
    assert alerts["rate_limit"] == {"family": "alerts", "per_minute": 100, "per_hour": 1500}
    assert alerts["state_changing"] is False and alerts["python"] == "alerts.list"
    assert "evidence" in alerts["expandable"]
    assert by_id["machines.isolate"]["enums"]["isolation_type"] == [
        "Full", "Selective", "UnManagedDevice"]
    assert by_id["machines.isolate"]["state_changing"] is True
    assert by_id["alerts.create_by_reference"]["rate_limit"]["per_hour"] is None
    assert by_id["hunting.run"]["api"] == "graph"
    incidents = by_id["incidents.list"]
    assert incidents["api"] == "graph" and incidents["path"] == "/v1.0/security/incidents"
    assert incidents["rate_limit"] == {"family": "graph_security", "per_minute": None,
                                       "per_hour": None}
    assert incidents["expandable"] == ["alerts"]
    assert "truePositive" in by_id["incidents.update"]["enums"]["classification"]
    # Every documented limit of the rate-limit tables (reference §5.4, §0.4).
    limits = {op["id"]: (op["rate_limit"]["per_minute"], op["rate_limit"]["per_hour"])
              for op in ops}
    assert limits["alerts.batch_update"] == (10, 500)
    assert limits["machine_actions.get_package_uri"] == (2, 120)
    assert limits["live_response.run"] == (10, None)
    assert limits["indicators.import"] == (30, None)
    assert limits["indicators.batch_delete"] == (30, 1500)
    assert limits["investigations.start"] == (None, 50)
    assert limits["machines.vulnerabilities"] == (50, 1500)
    for pivot in ("files.get", "files.stats", "files.alerts", "ips.stats", "domains.machines",
                  "users.alerts", "live_response.library_delete", "live_response.result_link"):
        assert limits[pivot] == (100, 1500), pivot
    planned = {op["id"] for op in mdekit.catalogue(include_planned=True)} - set(by_id)
    assert planned == set()
    # ---- Vulnerability management (issue 10): the TVM pages state no limit; the AV report
    # 30 a minute and 1,000 an hour; the authenticated-scan pages 100 and 1,500.
    for tvm in ("software.list", "vulnerabilities.by_machine", "recommendations.get",
                "scores.exposure", "remediation.list"):
        assert limits[tvm] == (None, None), tvm
    assert limits["device_health.antivirus"] == (30, 1000)
    assert limits["authenticated_scans.create_definition"] == (100, 1500)
    assert by_id["vulnerabilities.list"]["max_top"] == 8000
    assert by_id["authenticated_scans.history_by_definition"]["max_top"] == 4096
    assert by_id["authenticated_scans.delete_definitions"]["state_changing"] is True
    assert by_id["authenticated_scans.history_by_definition"]["state_changing"] is False
    assert by_id["machines.update"]["enums"]["device_value"] == ["Normal", "Low", "High"]
    assert by_id["authenticated_scans.create_definition"]["enums"]["scan_type"] == [
        "Windows", "Network"]


def test_batch_delete_has_its_own_quota(unprivileged: tuple[Sandbox, str, str]) -> None:
    """BatchDelete is 30 a minute and 1,500 an hour of its own, not the import bucket; the
    client spends 90% of it (27) before waiting."""
    clock = ManualClock()
    c = client(unprivileged[0], clock=clock)
    ids = [c.indicators.submit(indicator_value=f"{i:040x}", indicator_type="FileSha1",
                               action="Alert", title="t", description="d")["id"]
           for i in range(1, 28)]
    for i in ids:
        c.indicators.batch_delete([i])
    assert clock.sleeps == []
    c.indicators.import_batch([INDICATOR])  # another family: no wait
    assert clock.sleeps == []
    with pytest.raises(mdekit.ResourceNotFoundError):
        c.indicators.batch_delete([ids[0]])  # the 28th of the minute waits first
    assert clock.sleeps == [60.0]


def test_pivots_have_the_documented_quota(unprivileged: tuple[Sandbox, str, str]) -> None:
    """Files, IPs, domains and users: 100 calls a minute (each page), of which the client
    spends 90 before waiting."""
    clock = ManualClock()
    c = client(unprivileged[0], clock=clock)
    for _ in range(90):
        c.ips.stats("10.0.0.1")
    assert clock.sleeps == []
    c.domains.stats("contoso.com")
    assert clock.sleeps == [60.0]


def test_least_permissions() -> None:
    perms = mdekit.least_permissions(["alerts.list", "alerts.update", "machines.isolate",
                                      "hunting.run", "files.alerts"])
    assert [(p["permission"], p["api"]) for p in perms] == [
        ("Alert.ReadWrite.All", "mde"), ("Machine.Isolate", "mde"),
        ("ThreatHunting.Read.All", "graph")]
    assert perms[0]["operations"] == ["alerts.list", "alerts.update", "files.alerts"]
    read_only = mdekit.least_permissions(["alerts.list", "alerts.get"])
    assert [p["permission"] for p in read_only] == ["Alert.Read.All"]
    user = mdekit.least_permissions(["machine_actions.get_package_uri", "machines.get"],
                                    delegated=True)
    assert [p["permission"] for p in user] == ["Machine.CollectForensics", "Machine.Read"]
    with pytest.raises(ValueError, match="no delegated permission"):
        mdekit.least_permissions(["indicators.delete"], delegated=True)
    with pytest.raises(ValueError, match="unknown operation"):
        mdekit.least_permissions(["alerts.nope"])
    wild = mdekit.least_permissions(["indicators.*"])
    assert [p["permission"] for p in wild] == ["Ti.ReadWrite"]


def test_permissions_command() -> None:
    out = io.StringIO()
    assert main(["permissions", "alerts.list", "machines.isolate", "hunting.run"], out=out) == 0
    text = out.getvalue()
    assert "Alert.Read.All" in text and "Machine.Isolate" in text
    assert "Microsoft Graph" in text and "ThreatHunting.Read.All" in text
    out = io.StringIO()
    assert main(["--format", "json", "permissions", "--delegated", "alerts.update"],
                out=out) == 0
    assert json.loads(out.getvalue()) == [
        {"permission": "Alert.ReadWrite", "api": "mde", "operations": ["alerts.update"]}]
    assert main(["permissions", "alerts.nope"], out=io.StringIO()) == 2


def test_async_client_methods_are_awaitable(clean: Sandbox) -> None:
    async def go() -> None:
        c = async_client(clean)
        assert (await c.alerts.list(top=1).to_list())[0]["id"]
    asyncio.run(go())
