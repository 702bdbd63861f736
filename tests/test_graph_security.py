"""Microsoft Graph security incidents and alerts (v2), and ``client.request``, against the sandbox.

Behaviour follows Graph's pages (security-list-incidents, security-incident-get/update/post-comments,
security-list-alerts_v2, security-alert-get/update/post-comments): OData ``$filter``/``$top``/
``$skip``/``$count``/``$expand=alerts`` with ``@odata.nextLink``, camelCase enums, typed evidence,
Graph's error envelope (``error.code``, ``error.message``, ``innerError.request-id``/``date``).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from conftest import async_client, client, new_sandbox, raises, remember_secret, token_requests
from mdekit import (
    BadRequestError,
    ResourceNotFoundError,
    ServiceError,
    ThrottledError,
)
from mdekit.testing import ManualClock, Sandbox

INCIDENTS = "/v1.0/security/incidents"
ALERTS_V2 = "/v1.0/security/alerts_v2"


@pytest.fixture(scope="module")
def sb() -> Iterator[Sandbox]:
    """A small tenant with short pages, so lists take several requests."""
    sandbox = new_sandbox(machines=20, alerts=60, page_size=7)
    try:
        yield sandbox
    finally:
        sandbox.stop()


@pytest.fixture
def clean(sb: Sandbox) -> Iterator[Sandbox]:
    sb.server.clear_faults()
    sb.clear_requests()
    yield sb
    sb.server.clear_faults()


def graph_requests(sb: Sandbox, prefix: str) -> list[dict[str, Any]]:
    return [r for r in sb.requests() if r["path"].startswith(prefix)]


def mde_alerts(sb: Sandbox) -> list[dict[str, Any]]:
    return list(client(sb).alerts.list())


def test_incidents_correlate_the_mde_alerts(clean: Sandbox) -> None:
    c = client(clean)
    alerts = mde_alerts(clean)
    by_incident: dict[str, set[str]] = {}
    for a in alerts:
        by_incident.setdefault(str(a["incidentId"]), set()).add(a["id"])
    incidents = c.incidents.list(expand="alerts").to_list()
    assert {i["id"] for i in incidents} == set(by_incident)
    assert len(incidents) == len({i["id"] for i in incidents})  # nothing duplicated by paging
    for inc in incidents:
        assert inc["@odata.type"] == "#microsoft.graph.security.incident"
        assert {a["id"] for a in inc["alerts"]} == by_incident[inc["id"]]
        assert all(a["incidentId"] == inc["id"] for a in inc["alerts"])
        assert inc["status"] in ("active", "resolved")
    # Newest first, as the page says.
    created = [i["createdDateTime"] for i in incidents]
    assert created == sorted(created, reverse=True)
    # Without $expand the relationship is not included.
    assert "alerts" not in c.incidents.list(top=1).to_list()[0]


def test_paging_follows_next_link_with_filter(clean: Sandbox) -> None:
    c = client(clean)
    everything = c.incidents.list().to_list()
    active = [i for i in everything if i["status"] == "active"]
    assert len(active) > 7  # more than one page of the sandbox's 7
    got = c.incidents.list(filter="status eq 'active'").to_list()
    assert [i["id"] for i in got] == [i["id"] for i in active]
    reqs = [r for r in graph_requests(clean, INCIDENTS) if "active" in r["query"]]
    assert len(reqs) == -(-len(active) // 7)
    assert all("%24skip=" in r["query"] or "$skip=" in r["query"] for r in reqs[1:])
    # $top is the total wanted; $skip starts later.
    assert [i["id"] for i in c.incidents.list(top=3, skip=2).to_list()] == [
        i["id"] for i in everything[2:5]]


def test_count_and_request_pages(clean: Sandbox) -> None:
    c = client(clean)
    page = c.request("GET", INCIDENTS, api="graph", params={"$count": True, "$top": 2})
    assert page["@odata.count"] == len(c.incidents.list().to_list())
    assert len(page["value"]) == 2 and "@odata.nextLink" in page
    assert c.incidents.list(count=True, top=2).to_list() == page["value"]
    assert "%24count=true" in graph_requests(clean, INCIDENTS)[-1]["query"]
    pages = list(c.request_pages(ALERTS_V2, api="graph", params={"$filter": "severity eq 'high'"})
                 .pages())
    assert len(pages) >= 1
    ids = [a["id"] for p in pages for a in p]
    assert ids == [a["id"] for a in c.security_alerts.list(filter="severity eq 'high'")]


def test_filter_rejects_undocumented_properties(clean: Sandbox) -> None:
    c = client(clean)
    with raises(ValueError, match="title"):
        c.incidents.list(filter="title eq 'x'")
    with raises(ValueError, match="expand"):
        c.incidents.list(expand="evidence")
    # The service's own 400 (Graph envelope) for a filter the client did not check.
    with raises(BadRequestError) as info:
        c.request("GET", INCIDENTS, api="graph", params={"$filter": "title eq 'x'"})
    e = info.value
    assert e.status_code == 400 and e.code == "BadRequest"
    assert e.request_id and e.client_request_id


def test_get_update_and_comment_incident(clean: Sandbox) -> None:
    c = client(clean)
    inc = c.incidents.list(filter="status eq 'active'", top=1).to_list()[0]
    got = c.incidents.get(inc["id"], expand="alerts")
    assert got["id"] == inc["id"] and got["alerts"]
    updated = c.incidents.update(inc["id"], status="Resolved", classification="TruePositive",
                                 determination="MultiStagedAttack", custom_tags=["Demo"],
                                 assigned_to="secop1@contoso.com")
    assert updated["status"] == "resolved"
    assert updated["classification"] == "truePositive"
    assert updated["determination"] == "multiStagedAttack"
    assert updated["customTags"] == ["Demo"]
    assert updated["assignedTo"] == "secop1@contoso.com"
    again = c.incidents.get(inc["id"])
    assert again["classification"] == "truePositive"  # persisted
    found = c.incidents.list(filter="classification eq 'truePositive'").to_list()
    assert inc["id"] in {i["id"] for i in found}
    comments = c.incidents.comment(inc["id"], "Contained; see IR-1234")
    assert comments[-1]["comment"] == "Contained; see IR-1234"
    assert c.incidents.get(inc["id"])["comments"][-1]["comment"] == "Contained; see IR-1234"
    assert len([r for r in clean.requests() if r["method"] == "PATCH"]) == 1


def test_incident_errors(clean: Sandbox) -> None:
    c = client(clean, max_retries=0)
    with raises(ResourceNotFoundError) as info:
        c.incidents.get("999999999")
    assert info.value.status_code == 404 and info.value.code == "NotFound"
    assert info.value.request_id
    with raises(ValueError):
        c.incidents.get("abc")
    with raises(ValueError, match="nothing to update"):
        c.incidents.update("1")
    with raises(ValueError, match="status"):
        c.incidents.update("1", status="closed")
    with raises(ValueError, match="blank"):
        c.incidents.comment("1", "  ")
    inc = c.incidents.list(top=1).to_list()[0]["id"]
    with raises(BadRequestError) as bad:
        c.request("PATCH", f"{INCIDENTS}/{inc}", api="graph", json={"status": "closed"})
    assert "status" in bad.value.message
    with raises(BadRequestError):
        c.request("POST", f"{INCIDENTS}/{inc}/comments", api="graph", json={})


def test_graph_alert_is_the_mde_alert(clean: Sandbox) -> None:
    c = client(clean)
    mde = next(a for a in mde_alerts(clean) if a.get("machineId"))
    g = c.security_alerts.get(mde["id"])
    assert g["@odata.type"] == "#microsoft.graph.security.alert"
    assert g["id"] == mde["id"] and g["incidentId"] == str(mde["incidentId"])
    assert g["status"] == mde["status"][0].lower() + mde["status"][1:]
    devices = [e for e in g["evidence"]
               if e["@odata.type"] == "#microsoft.graph.security.deviceEvidence"]
    assert devices and devices[0]["mdeDeviceId"] == mde["machineId"]
    assert any(e["@odata.type"] == "#microsoft.graph.security.processEvidence"
               for e in g["evidence"])
    # Updates and comments write through: the MDE API shows the same status.
    upd = c.security_alerts.update(mde["id"], status="inProgress", classification="FalsePositive",
                                   determination="clean")
    assert (upd["status"], upd["classification"], upd["determination"]) == (
        "inProgress", "falsePositive", "clean")
    assert c.alerts.get(mde["id"])["status"] == "InProgress"
    comments = c.security_alerts.comment(mde["id"], "looked at it")
    assert comments[-1]["comment"] == "looked at it"
    assert c.alerts.get(mde["id"])["comments"][-1]["comment"] == "looked at it"
    listed = c.security_alerts.list(filter="status eq 'inProgress'").to_list()
    assert mde["id"] in {a["id"] for a in listed}
    with raises(ResourceNotFoundError):
        c.security_alerts.get("da000_1")
    with raises(ValueError, match="custom_tags|status"):
        c.security_alerts.update(mde["id"], status="active")


def test_429_with_retry_after_is_waited_and_retried(clean: Sandbox) -> None:
    clock = ManualClock()
    c = client(clean, clock=clock)
    clean.inject(INCIDENTS, status=429, retry_after="3", count=1)
    assert c.incidents.list(top=1).to_list()
    assert 3.0 in clock.sleeps
    # A state-changing update is retried after a 429 too (the service did not run it).
    inc = c.incidents.list(top=1).to_list()[0]["id"]
    clean.inject(INCIDENTS, status=429, retry_after="2", count=1, method="PATCH")
    assert c.incidents.update(inc, assigned_to="a@contoso.com")["assignedTo"] == "a@contoso.com"
    # Out of retries: ThrottledError with the service's Retry-After.
    c0 = client(clean, max_retries=0)
    clean.inject(ALERTS_V2, status=429, retry_after="7", count=1)
    with raises(ThrottledError) as info:
        c0.security_alerts.list(top=1).to_list()
    assert info.value.retry_after == 7.0
    assert info.value.code == "TooManyRequests" and info.value.request_id


def test_state_changing_calls_are_never_repeated(clean: Sandbox) -> None:
    c = client(clean)
    inc = c.incidents.list(top=1).to_list()[0]["id"]
    clean.clear_requests()
    clean.inject(INCIDENTS, status=503, count=1, method="POST")
    with raises(ServiceError):
        c.incidents.comment(inc, "once")
    assert len([r for r in clean.requests() if r["method"] == "POST"
                and r["path"].endswith("/comments")]) == 1
    # client.request: POST is state-changing by default, a GET is retried.
    clean.inject("/api/machines", status=503, count=1, method="POST")
    with raises(ServiceError):
        c.request("POST", "/api/machines/x/tags", json={"Value": "t", "Action": "Add"})
    clean.inject(INCIDENTS, status=503, count=1)
    assert c.request("GET", INCIDENTS, api="graph", params={"$top": 1})["value"]
    # state_changing=False makes a POST retryable (a read sent as POST).
    clean.inject("/api/advancedqueries", status=503, count=1)
    out = c.request("POST", "/api/advancedqueries/run", json={"Query": "DeviceInfo | take 1"},
                    state_changing=False)
    assert out["Results"]


def test_request_resolves_paths_and_refuses_other_hosts(clean: Sandbox) -> None:
    c = client(clean)
    m = c.request("GET", "api/machines", params={"$top": 2})
    assert len(m["value"]) == 2
    absolute = c.request("GET", c.graph_base_url + INCIDENTS + "?$top=1", api="graph")
    assert len(absolute["value"]) == 1
    with raises(ValueError, match="refusing"):
        c.request("GET", "https://example.com/v1.0/security/incidents", api="graph")
    with raises(ValueError):
        c.request("TRACE", INCIDENTS, api="graph")
    with raises(ValueError):
        c.request("GET", INCIDENTS, api="azure")
    # An unknown path gets Graph's 404, mapped like any operation's.
    with raises(ResourceNotFoundError):
        c.request("GET", "/v1.0/security/nothing", api="graph")


def test_one_client_two_audiences(clean: Sandbox) -> None:
    c = client(clean)
    first = c.alerts.list(top=1).to_list()[0]
    c.alerts.get(first["id"])
    c.machines.list(top=1).to_list()
    assert len(token_requests(clean)) == 1
    c.incidents.list(top=1).to_list()
    c.security_alerts.list(top=1).to_list()
    c.request("GET", INCIDENTS, api="graph", params={"$top": 1})
    assert len(token_requests(clean)) == 2
    # A 401 on Graph drops the Graph token only; the MDE token stays cached.
    clean.inject(INCIDENTS, status=401, count=1)
    c.incidents.list(top=1).to_list()
    assert c.stats["token_refreshes_after_401"] == 1
    assert len(token_requests(clean)) == 3
    c.machines.list(top=1).to_list()
    c.security_alerts.list(top=1).to_list()
    assert len(token_requests(clean)) == 3


async def test_async_incidents_and_alerts(clean: Sandbox) -> None:
    c = async_client(clean)
    incidents = await c.incidents.list(filter="status eq 'active'", expand="alerts").to_list()
    assert incidents and all(i["alerts"] for i in incidents)
    first = incidents[0]
    got = await c.incidents.get(first["id"])
    assert got["id"] == first["id"]
    upd = await c.incidents.update(first["id"], determination="notMalicious",
                                   classification="falsePositive")
    assert upd["determination"] == "notMalicious"
    comments = await c.incidents.comment(first["id"], "async note")
    assert comments[-1]["comment"] == "async note"
    alert_id = first["alerts"][0]["id"]
    a = await c.security_alerts.get(alert_id)
    assert a["id"] == alert_id
    a = await c.security_alerts.update(alert_id, assigned_to="b@contoso.com")
    assert a["assignedTo"] == "b@contoso.com"
    assert (await c.security_alerts.comment(alert_id, "x"))[-1]["comment"] == "x"
    ids = [x["id"] async for x in c.security_alerts.list(top=9)]
    assert len(ids) == 9 and len(set(ids)) == 9
    with raises(ResourceNotFoundError):
        await c.incidents.get("999999999")
    page = await c.request("GET", INCIDENTS, api="graph", params={"$top": 1})
    assert len(page["value"]) == 1
    pages = [p async for p in c.request_pages(INCIDENTS, api="graph").pages()]
    assert sum(len(p) for p in pages) == len(await c.incidents.list().to_list())
    with raises(ValueError):
        await c.request("GET", "https://example.com/x", api="graph")
    clean.inject(INCIDENTS, status=429, retry_after="1", count=1)
    assert await c.incidents.list(top=1).to_list()


@pytest.fixture(scope="module")
def fast() -> Iterator[Sandbox]:
    """Machine actions that finish in a fraction of a second, for the containment play."""
    sandbox = new_sandbox(machines=20, alerts=60, action_pending=0.02, action_run=0.05)
    try:
        yield sandbox
    finally:
        sandbox.stop()


def devices_of(incident: dict[str, Any]) -> set[str]:
    return {e["mdeDeviceId"] for a in incident["alerts"] for e in a["evidence"]
            if e["@odata.type"] == "#microsoft.graph.security.deviceEvidence"}


def test_contain_incident(fast: Sandbox) -> None:
    from mdekit.response import contain_incident

    c = fast.client()
    incident = max(c.incidents.list(filter="status eq 'active'", expand="alerts"),
                   key=lambda i: len(devices_of(i)))
    dry = contain_incident(c, incident["id"], comment="IR-7", dry_run=True)
    assert set(dry["machines"]) == devices_of(incident) and dry["resolved"] is None
    assert c.incidents.get(incident["id"])["status"] == "active"  # nothing sent
    lines: list[str] = []
    report = contain_incident(c, incident["id"], comment="IR-7", poll_interval=0.02, timeout=30,
                              progress=lines.append)
    assert {o["action"]["status"] for o in report["isolation"]} == {"Succeeded"}
    action_ids = [o["action"]["id"] for o in report["isolation"]]
    note = report["comments"][-1]["comment"]
    assert note.startswith("IR-7") and all(a in note for a in action_ids)
    final = c.incidents.get(incident["id"])
    assert (final["status"], final["classification"], final["determination"]) == (
        "resolved", "truePositive", "multiStagedAttack")
    for machine in report["machines"]:
        acts = c.machine_actions.list(filter=f"machineId eq '{machine}' and type eq 'Isolate'")
        assert any(a["status"] == "Succeeded" for a in acts)
    assert lines[-1].startswith(f"incident {incident['id']} updated")


async def test_contain_incident_async(fast: Sandbox) -> None:
    from mdekit.response import contain_incident_async

    c = fast.async_client()
    incidents = await c.incidents.list(filter="status eq 'active'", expand="alerts").to_list()
    incident = next(i for i in incidents if devices_of(i))
    report = await contain_incident_async(c, incident["id"], comment="IR-8", poll_interval=0.02,
                                          timeout=30, resolve=False)
    assert set(report["machines"]) == devices_of(incident)
    assert report["resolved"]["status"] == "active"
    assert report["resolved"]["classification"] == "truePositive"


def cli(sb: Sandbox, monkeypatch: pytest.MonkeyPatch, *argv: str) -> tuple[int, str]:
    import io

    from mdekit.cli import main

    for k, v in {"AZURE_TENANT_ID": sb.tenant_id, "AZURE_CLIENT_ID": sb.client_id,
                 "AZURE_CLIENT_SECRET": sb.client_secret, "AZURE_AUTHORITY_HOST": sb.base_url,
                 "MDEKIT_API_BASE_URL": sb.base_url,
                 "MDEKIT_GRAPH_BASE_URL": sb.base_url}.items():
        monkeypatch.setenv(k, v)
    out = io.StringIO()
    code = main(list(argv), out=out)
    return code, out.getvalue()


def test_cli_incidents_alerts_and_request(clean: Sandbox, monkeypatch: pytest.MonkeyPatch) -> None:
    import json

    code, text = cli(clean, monkeypatch, "incidents", "list", "--top", "3", "--format", "json")
    assert code == 0
    rows = json.loads(text)
    assert len(rows) == 3
    inc = rows[0]["id"]
    code, text = cli(clean, monkeypatch, "incidents", "update", inc, "--classification",
                     "TruePositive", "--tag", "cli")
    assert code == 0 and json.loads(text)["customTags"] == ["cli"]
    code, text = cli(clean, monkeypatch, "incidents", "comment", inc, "from the cli")
    assert code == 0 and "from the cli" in text
    code, text = cli(clean, monkeypatch, "incidents", "get", inc, "--expand", "alerts")
    alert = json.loads(text)["alerts"][0]["id"]
    code, text = cli(clean, monkeypatch, "security-alerts", "get", alert)
    assert code == 0 and json.loads(text)["id"] == alert
    code, text = cli(clean, monkeypatch, "security-alerts", "list", "--top", "2")
    assert code == 0 and alert[:6] in text or len(text.splitlines()) >= 3
    code, text = cli(clean, monkeypatch, "request", "GET", INCIDENTS, "--api", "graph",
                     "--param", "$top=1")
    assert code == 0 and len(json.loads(text)["value"]) == 1
    code, text = cli(clean, monkeypatch, "request", "GET", "/api/machines", "--param", "$top=1")
    assert code == 0 and len(json.loads(text)["value"]) == 1
    code, _ = cli(clean, monkeypatch, "incidents", "get", "999999999")
    assert code != 0


def test_request_sends_catalogue_calls_as_their_operation(clean: Sandbox) -> None:
    """A path the catalogue knows goes out as that operation: its 403 names the permissions."""
    from mdekit import PermissionDeniedError

    client_id = "0000dddd-0000-0000-0000-00000000000d"
    secret = remember_secret("Score-Only~secret-4")
    clean.server.register_app(client_id, secret, ["Score.Read.All"])
    c = client(clean, client_id=client_id, client_secret=secret, max_retries=0)
    with raises(PermissionDeniedError) as info:
        c.request("PATCH", f"{INCIDENTS}/1", api="graph", json={"status": "resolved"})
    assert info.value.required_permissions == ["SecurityIncident.ReadWrite.All"]
    assert info.value.code == "Forbidden" and info.value.client_request_id
    with raises(PermissionDeniedError) as info:
        c.request_pages(ALERTS_V2, api="graph").to_list()
    assert info.value.required_permissions == ["SecurityAlert.Read.All",
                                               "SecurityAlert.ReadWrite.All"]
