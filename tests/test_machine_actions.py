"""Machine actions end to end: every action, list/get, cancel, package URI, wait and bulk, sync
and async, against the stateful sandbox (actions move on the sandbox clock, which the tests
advance; no test sleeps through a retry)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from conftest import async_client, client, new_sandbox, raises
from mdekit import (
    BadRequestError,
    PermissionDeniedError,
    ResourceNotFoundError,
)
from mdekit.testing import ManualClock, Sandbox

SHA1 = "87662bc3d60e4200ceaf7aae249d1c343f4b83c9"

#: (method, extra keyword arguments, MachineAction type, scope)
ACTIONS: list[tuple[str, dict[str, Any], str, str | None]] = [
    ("isolate", {}, "Isolate", "Full"),
    ("isolate", {"isolation_type": "selective"}, "Isolate", "Selective"),
    ("isolate", {"isolation_type": "UnManagedDevice"}, "Isolate", "UnManagedDevice"),
    ("unisolate", {}, "Unisolate", None),
    ("restrict_code_execution", {}, "RestrictCodeExecution", None),
    ("unrestrict_code_execution", {}, "UnrestrictCodeExecution", None),
    ("run_antivirus_scan", {}, "RunAntiVirusScan", "Quick"),
    ("run_antivirus_scan", {"scan_type": "Full"}, "RunAntiVirusScan", "Full"),
    ("collect_investigation_package", {}, "CollectInvestigationPackage", None),
    ("offboard", {}, "Offboard", None),
    ("stop_and_quarantine_file", {"sha1": SHA1}, "StopAndQuarantineFile", None),
]

DOCUMENTED_FIELDS = {
    "id", "type", "title", "requestor", "requestorComment", "status", "machineId",
    "computerDnsName", "creationDateTimeUtc", "lastUpdateDateTimeUtc", "cancellationRequestor",
    "cancellationComment", "cancellationDateTimeUtc", "errorHResult", "scope", "externalId",
    "requestSource", "relatedFileInfo", "commands", "troubleshootInfo",
}


@pytest.fixture(scope="module")
def sb() -> Iterator[Sandbox]:
    # Package URIs allow 2 calls a minute; a larger quota keeps this module's calls under it.
    sandbox = new_sandbox(machines=120, alerts=50, rate_limit_scale=10)
    try:
        yield sandbox
    finally:
        sandbox.stop()


class Pool:
    """Hands out machines no other test has acted on (actions persist in the sandbox)."""

    def __init__(self, sb: Sandbox) -> None:
        machines = client(sb).machines.list().to_list()
        self.windows = [m["id"] for m in machines if m["osPlatform"].startswith("Windows")]
        self.other = [m["id"] for m in machines if not m["osPlatform"].startswith("Windows")]

    def take(self, n: int = 1) -> list[str]:
        taken, self.windows = self.windows[:n], self.windows[n:]
        assert len(taken) == n, "the sandbox ran out of Windows machines"
        return taken

    def one(self) -> str:
        return self.take()[0]


@pytest.fixture(scope="module")
def pool(sb: Sandbox) -> Pool:
    return Pool(sb)


def statuses(sb: Sandbox, prefix: str) -> list[int]:
    return [r["status"] for r in sb.requests() if r["path"].startswith(prefix)]


@pytest.mark.parametrize(("method", "kwargs", "type_", "scope"), ACTIONS)
def test_each_action_sync(
    sb: Sandbox, pool: Pool, method: str, kwargs: dict[str, Any], type_: str, scope: str | None
) -> None:
    machine_id = pool.one()
    sb.clear_requests()
    action = getattr(client(sb).machines, method)(machine_id, comment="IR-1", **kwargs)
    assert action["type"] == type_
    assert action["status"] == "Pending"
    assert action["scope"] == scope
    assert action["machineId"] == machine_id
    assert action["requestorComment"] == "IR-1"
    assert action["requestSource"] == "PublicApi"
    assert DOCUMENTED_FIELDS <= set(action)
    # Documented status codes: 201, except offboarding ("200 - Created").
    assert statuses(sb, f"/api/machines/{machine_id}/") == [200 if method == "offboard" else 201]
    if method == "stop_and_quarantine_file":
        assert action["relatedFileInfo"] == {
            "fileIdentifier": SHA1,
            "fileIdentifierType": "Sha1",
        }


@pytest.mark.parametrize(("method", "kwargs", "type_", "scope"), ACTIONS)
async def test_each_action_async(
    sb: Sandbox, pool: Pool, method: str, kwargs: dict[str, Any], type_: str, scope: str | None
) -> None:
    machine_id = pool.one()
    c = async_client(sb)
    action = await getattr(c.machines, method)(machine_id, comment="IR-2", **kwargs)
    assert (action["type"], action["status"], action["scope"]) == (type_, "Pending", scope)
    again = await c.machine_actions.get(action["id"])
    assert again["id"] == action["id"]


def test_duplicate_pending_action_is_active_request_already_exists(
    sb: Sandbox, pool: Pool
) -> None:
    machine_id = pool.one()
    c = client(sb)
    c.machines.isolate(machine_id, comment="first")
    with raises(BadRequestError) as info:
        c.machines.isolate(machine_id, comment="second", isolation_type="Selective")
    assert info.value.code == "ActiveRequestAlreadyExists"
    assert info.value.status_code == 400
    # Another kind of action on the same machine is fine, and so is isolating once final.
    c.machines.run_antivirus_scan(machine_id, comment="scan")
    sb.advance(60)
    assert c.machines.isolate(machine_id, comment="third")["status"] == "Pending"


async def test_duplicate_async(sb: Sandbox, pool: Pool) -> None:
    machine_id = pool.one()
    c = async_client(sb)
    await c.machines.collect_investigation_package(machine_id, comment="a")
    with raises(BadRequestError) as info:
        await c.machines.collect_investigation_package(machine_id, comment="b")
    assert info.value.code == "ActiveRequestAlreadyExists"


def test_actions_move_on_the_sandbox_clock_and_wait_returns_the_final_state(
    sb: Sandbox, pool: Pool
) -> None:
    c = client(sb)
    action = c.machines.run_antivirus_scan(pool.one(), comment="scan", scan_type="Full")
    sb.advance(1.5)
    running = c.machine_actions.get(action["id"])
    assert running["status"] == "InProgress"
    assert running["lastUpdateDateTimeUtc"] > action["lastUpdateDateTimeUtc"]
    sb.advance(10)
    done = c.machine_actions.wait(action["id"], timeout=5)
    assert done["status"] == "Succeeded"


async def test_wait_async_and_failed_outcome(sb: Sandbox, pool: Pool) -> None:
    machine_id = pool.one()
    sb.set_action_outcome(machine_id, "Failed")
    c = async_client(sb)
    action = await c.machines.isolate(machine_id, comment="x")
    sb.advance(60)
    done = await c.machine_actions.wait(action["id"], timeout=1, poll_interval=0.5)
    assert done["status"] == "Failed"


def test_wait_times_out_without_sleeping(sb: Sandbox, pool: Pool) -> None:
    clock = ManualClock()
    c = client(sb, clock=clock)
    action = c.machines.offboard(pool.one(), comment="bye")
    with raises(TimeoutError, match="still Pending"):
        c.machine_actions.wait(action["id"], timeout=30, poll_interval=10)
    assert clock.sleeps == [10.0, 10.0, 10.0]


async def test_wait_times_out_async(sb: Sandbox, pool: Pool) -> None:
    c = async_client(sb)
    action = await c.machines.offboard(pool.one(), comment="bye")
    with raises(TimeoutError):
        await c.machine_actions.wait(action["id"], timeout=3, poll_interval=1)


def test_wait_validates_arguments(sb: Sandbox) -> None:
    c = client(sb)
    with raises(ValueError):
        c.machine_actions.wait("7b1b1f5e-9c64-4a5b-8f1e-6d3b9a1c2f00", poll_interval=0)
    with raises(ValueError):
        c.machine_actions.wait("7b1b1f5e-9c64-4a5b-8f1e-6d3b9a1c2f00", timeout=-1)


def test_wait_polls_through_pending_and_in_progress() -> None:
    """A real (tiny) action schedule, polled with real sleeps of 20 ms."""
    with new_sandbox(machines=5, alerts=5, action_pending=0.05, action_run=0.1) as small:
        c = small.client()
        machine_id = c.machines.list().to_list()[0]["id"]
        action = c.machines.isolate(machine_id, comment="x")
        done = c.machine_actions.wait(action["id"], timeout=10, poll_interval=0.02)
        assert done["status"] == "Succeeded"
        polls = [r for r in small.requests() if r["path"] == f"/api/machineactions/{action['id']}"]
        assert len(polls) >= 3


def test_list_with_filter_and_get(sb: Sandbox, pool: Pool) -> None:
    machine_id = pool.one()
    c = client(sb)
    scan = c.machines.run_antivirus_scan(machine_id, comment="a")
    iso = c.machines.isolate(machine_id, comment="b")
    mine = c.machine_actions.list(filter=f"machineId eq '{machine_id}'").to_list()
    assert {a["id"] for a in mine} == {scan["id"], iso["id"]}
    scans = c.machine_actions.list(
        filter=f"machineId eq '{machine_id}' and type eq 'RunAntiVirusScan'"
    ).to_list()
    assert [a["id"] for a in scans] == [scan["id"]]
    assert len(c.machine_actions.list(top=1).to_list()) == 1
    with raises(ValueError, match="filterable"):
        c.machine_actions.list(filter="title eq 'x'")


async def test_list_async(sb: Sandbox, pool: Pool) -> None:
    machine_id = pool.one()
    c = async_client(sb)
    a = await c.machines.isolate(machine_id, comment="a")
    found = [x async for x in c.machine_actions.list(filter=f"id eq '{a['id']}'")]
    assert [x["id"] for x in found] == [a["id"]]


def test_get_unknown_and_invalid_ids(sb: Sandbox) -> None:
    c = client(sb)
    with raises(ResourceNotFoundError) as info:
        c.machine_actions.get("00000000-0000-0000-0000-000000000000")
    assert info.value.code == "ResourceNotFound"
    with raises(ValueError):
        c.machine_actions.get("../machines")
    with raises(ValueError):
        c.machine_actions.get("")


def test_cancel(sb: Sandbox, pool: Pool) -> None:
    c = client(sb)
    action = c.machines.restrict_code_execution(pool.one(), comment="x")
    cancelled = c.machine_actions.cancel(action["id"], comment="mistake")
    assert cancelled["status"] == "Cancelled"
    assert cancelled["cancellationComment"] == "mistake"
    assert cancelled["cancellationDateTimeUtc"]
    sb.advance(60)
    assert c.machine_actions.get(action["id"])["status"] == "Cancelled"
    with raises(BadRequestError):
        c.machine_actions.cancel(action["id"], comment="again")
    with raises(ResourceNotFoundError):
        c.machine_actions.cancel("00000000-0000-0000-0000-000000000000", comment="x")
    with raises(ValueError):
        c.machine_actions.cancel(action["id"], comment=" ")


async def test_cancel_async(sb: Sandbox, pool: Pool) -> None:
    c = async_client(sb)
    action = await c.machines.unrestrict_code_execution(pool.one(), comment="x")
    cancelled = await c.machine_actions.cancel(action["id"], comment="stop")
    assert cancelled["status"] == "Cancelled"
    # A cancelled action is final: a new one of the same kind is accepted.
    assert (await c.machines.unrestrict_code_execution(cancelled["machineId"], comment="y"))[
        "status"
    ] == "Pending"


def test_package_uri_is_404_until_collected_then_unquoted(sb: Sandbox, pool: Pool) -> None:
    c = client(sb)
    action = c.machines.collect_investigation_package(pool.one(), comment="forensics")
    with raises(ResourceNotFoundError):
        c.machine_actions.get_package_uri(action["id"])
    sb.advance(60)
    uri = c.machine_actions.get_package_uri(action["id"])
    # The sandbox wraps the value in literal quotes as the documentation's example does.
    assert uri.startswith(sb.base_url + "/safedownload/") and not uri.endswith('"')
    scan = c.machines.run_antivirus_scan(pool.one(), comment="x")
    sb.advance(60)
    with raises(ResourceNotFoundError):
        c.machine_actions.get_package_uri(scan["id"])


async def test_package_uri_async(sb: Sandbox, pool: Pool) -> None:
    c = async_client(sb)
    action = await c.machines.collect_investigation_package(pool.one(), comment="f")
    sb.advance(60)
    assert (await c.machine_actions.get_package_uri(action["id"])).startswith("http://")


@pytest.mark.parametrize(
    ("method", "kwargs", "match"),
    [
        ("isolate", {"comment": ""}, "comment"),
        ("isolate", {"comment": "x", "isolation_type": "Partial"}, "isolation_type"),
        ("run_antivirus_scan", {"comment": "x", "scan_type": "Deep"}, "scan_type"),
        ("stop_and_quarantine_file", {"comment": "x", "sha1": "abc"}, "sha1"),
        ("stop_and_quarantine_file", {"comment": "x", "sha1": "z" * 40}, "sha1"),
    ],
)
def test_bad_arguments_raise_before_sending(
    sb: Sandbox, pool: Pool, method: str, kwargs: dict[str, Any], match: str
) -> None:
    sb.clear_requests()
    with raises(ValueError, match=match):
        getattr(client(sb).machines, method)(pool.windows[0], **kwargs)
    assert [r for r in sb.requests() if r["path"].startswith("/api/")] == []


def test_comment_is_required_keyword(sb: Sandbox, pool: Pool) -> None:
    with pytest.raises(TypeError):
        client(sb).machines.isolate(pool.windows[0])  # type: ignore[call-arg]


def test_unknown_machine_is_404(sb: Sandbox) -> None:
    with raises(ResourceNotFoundError, match="not found"):
        client(sb).machines.isolate("0" * 40, comment="x")


def test_platform_not_supported(sb: Sandbox, pool: Pool) -> None:
    if not pool.other:
        pytest.skip("no macOS/Linux machine in this tenant")
    c = client(sb)
    with raises(BadRequestError) as info:
        c.machines.offboard(pool.other[0], comment="x")
    assert info.value.code == "OsPlatformNotSupported"
    with raises(BadRequestError):
        c.machines.isolate(pool.other[0], comment="x", isolation_type="Selective")


def test_each_route_checks_its_permission(sb: Sandbox, pool: Pool) -> None:
    sb.server.register_app("scan-only-app", "scan-secret-1", ["Machine.Scan", "Machine.Read.All"])
    c = client(sb, client_id="scan-only-app", client_secret="scan-secret-1")
    machine_id = pool.one()
    scan = c.machines.run_antivirus_scan(machine_id, comment="ok")
    with raises(PermissionDeniedError) as info:
        c.machines.isolate(machine_id, comment="no")
    assert "Machine.Isolate" in info.value.message
    with raises(PermissionDeniedError):
        c.machines.collect_investigation_package(machine_id, comment="no")
    assert c.machine_actions.get(scan["id"])["id"] == scan["id"]
    # Cancel accepts any action permission.
    assert c.machine_actions.cancel(scan["id"], comment="c")["status"] == "Cancelled"
    sb.server.register_app("reader-app", "reader-secret-1", ["Alert.Read.All"])
    reader = client(sb, client_id="reader-app", client_secret="reader-secret-1")
    with raises(PermissionDeniedError):
        reader.machine_actions.list().to_list()


def test_action_posts_are_not_retried_after_a_5xx(sb: Sandbox, pool: Pool) -> None:
    machine_id = pool.one()
    sb.inject(f"/api/machines/{machine_id}/isolate", status=503)
    c = client(sb)
    from mdekit import ServiceError

    with raises(ServiceError):
        c.machines.isolate(machine_id, comment="x")
    posts = [r for r in sb.requests() if r["path"] == f"/api/machines/{machine_id}/isolate"]
    assert len(posts) == 1
    # A 429 provably did not run, so it is retried.
    sb.inject(f"/api/machines/{machine_id}/isolate", status=429, retry_after="1")
    assert c.machines.isolate(machine_id, comment="x")["status"] == "Pending"


def test_bulk_dry_run_sends_nothing(sb: Sandbox, pool: Pool) -> None:
    ids = pool.take(3)
    sb.clear_requests()
    out = client(sb).machines.isolate_many(ids + [ids[0]], comment="IR", dry_run=True)
    assert [o["outcome"] for o in out] == ["dry_run"] * 3
    assert [o["machineId"] for o in out] == ids
    assert [r for r in sb.requests() if r["path"].startswith("/api/")] == []
    with raises(ValueError):
        client(sb).machines.isolate_many(["bad id!"], comment="IR", dry_run=True)


def test_bulk_outcomes_and_already_pending(sb: Sandbox, pool: Pool) -> None:
    ids = pool.take(4)
    c = client(sb)
    first = c.machines.isolate(ids[1], comment="earlier")
    out = c.machine_actions.bulk("isolate", [*ids, "0" * 40], comment="IR-9")
    by = {o["machineId"]: o for o in out}
    assert [o["machineId"] for o in out] == [*ids, "0" * 40]
    assert by[ids[0]]["outcome"] == "created"
    assert by[ids[0]]["action"]["status"] == "Pending"
    assert by[ids[1]]["outcome"] == "already_pending"
    assert by[ids[1]]["action"]["id"] == first["id"]
    assert by["0" * 40]["outcome"] == "failed"
    assert by["0" * 40]["error"]["status"] == 404
    assert by["0" * 40]["error"]["code"] == "ResourceNotFound"


async def test_bulk_async_wait_times_out_per_action(sb: Sandbox, pool: Pool) -> None:
    ids = pool.take(2)
    c = async_client(sb)
    out = await c.machines.isolate_many(
        ids, comment="IR", wait=True, timeout=20, poll_interval=10
    )
    assert [o["outcome"] for o in out] == ["created", "created"]
    assert all(o["timedOut"] for o in out)
    assert all(o["action"]["status"] == "Pending" for o in out)


def test_bulk_wait_real_schedule() -> None:
    with new_sandbox(machines=8, alerts=5, action_pending=0.02, action_run=0.05) as small:
        c = small.client()
        ids = [m["id"] for m in c.machines.list().to_list()][:6]
        small.set_action_outcome(ids[0], "TimeOut")
        small.set_action_outcome(ids[1], "Failed")
        out = c.machine_actions.bulk(
            "collect_investigation_package", ids, comment="c", wait=True, poll_interval=0.02
        )
        finals = [o["action"]["status"] for o in out]
        assert finals == ["TimeOut", "Failed"] + ["Succeeded"] * 4
        assert not any(o.get("timedOut") for o in out)


def test_bulk_validates(sb: Sandbox) -> None:
    c = client(sb)
    with raises(ValueError, match="unknown machine action"):
        c.machine_actions.bulk("explode", ["a" * 40], comment="x")
    with raises(ValueError, match="sha1"):
        c.machine_actions.bulk("stop_and_quarantine_file", ["a" * 40], comment="x")
    with raises(ValueError):
        c.machine_actions.bulk("isolate", ["a" * 40], comment="x", concurrency=0)
    with pytest.raises(TypeError):
        c.machine_actions.bulk("isolate", "a" * 40, comment="x")
