"""Live response: run, wait, result link, download (bytes and file), and the library (list,
upload, delete), sync and async, with the documented limits and errors."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import mdekit
import pytest
from conftest import async_client, client, exception_texts, new_sandbox, raises
from mdekit import (
    BadRequestError,
    PermissionDeniedError,
    ResourceNotFoundError,
    ThrottledError,
)
from mdekit.testing import Sandbox

SCRIPT = b"Write-Output 'triage done'\nGet-Process\n"


@pytest.fixture(scope="module")
def sb() -> Iterator[Sandbox]:
    sandbox = new_sandbox(machines=60, alerts=5, rate_limit_scale=10)
    try:
        c = client(sandbox)
        c.live_response.library_upload(SCRIPT, file_name="triage.ps1", description="triage")
        c.live_response.library_upload(b"MZ tool", file_name="tool.exe")
        yield sandbox
    finally:
        sandbox.stop()


@pytest.fixture(scope="module")
def pool(sb: Sandbox) -> list[str]:
    return [m["id"] for m in client(sb).machines.list().to_list()]


COMMANDS: list[dict[str, Any]] = [
    {"type": "PutFile", "FileName": "tool.exe"},
    {"type": "RunScript", "ScriptName": "triage.ps1", "Args": "-Quick"},
    {"type": "GetFile", "Path": "C:\\Windows\\Temp\\out.zip"},
]


def test_run_wait_and_download(sb: Sandbox, pool: list[str], tmp_path: Path) -> None:
    c = client(sb)
    machine_id = pool.pop()
    action = c.live_response.run(machine_id, COMMANDS, comment="IR-9 triage")
    assert (action["type"], action["status"]) == ("LiveResponse", "Pending")
    assert [x["commandStatus"] for x in action["commands"]] == ["Created"] * 3
    assert action["commands"][1]["command"] == {
        "type": "RunScript",
        "params": [{"key": "ScriptName", "value": "triage.ps1"}, {"key": "Args", "value": "-Quick"}],
    }
    with raises(ResourceNotFoundError):
        c.live_response.result_link(action["id"], 1)
    sb.advance(60)
    done = c.live_response.wait(action["id"], timeout=1)
    assert done["status"] == "Succeeded"
    assert [x["commandStatus"] for x in done["commands"]] == ["Completed"] * 3
    link = c.live_response.result_link(action["id"], 1)
    assert link.startswith(sb.base_url + "/liveresponse/results/") and "sig=" in link
    result = json.loads(c.live_response.download(action["id"], 1))
    assert result["script_name"] == "triage.ps1" and result["exit_code"] == 0
    assert "triage done" in result["script_output"]
    target = tmp_path / "out.zip"
    assert c.live_response.download(action["id"], 2, path=target) == str(target)
    assert b"out.zip" in target.read_bytes()
    # PutFile has no result.
    with raises(ResourceNotFoundError):
        c.live_response.result_link(action["id"], 0)
    # The session shows up as a machine action.
    listed = c.machine_actions.list(filter=f"id eq '{action['id']}'").to_list()
    assert listed[0]["type"] == "LiveResponse"


async def test_run_async(sb: Sandbox, pool: list[str]) -> None:
    c = async_client(sb)
    action = await c.live_response.run(
        pool.pop(), [{"type": "RunScript", "params": [{"key": "ScriptName", "value": "triage.ps1"}]}],
        comment="async",
    )
    sb.advance(60)
    assert (await c.live_response.wait(action["id"], timeout=1))["status"] == "Succeeded"
    assert (await c.live_response.result_link(action["id"], 0)).startswith("http://")
    data = await c.live_response.download(action["id"], 0)
    assert isinstance(data, bytes) and json.loads(data)["script_name"] == "triage.ps1"


def test_one_session_per_machine(sb: Sandbox, pool: list[str]) -> None:
    c = client(sb)
    machine_id = pool.pop()
    c.live_response.run(machine_id, COMMANDS[1:2], comment="first")
    with raises(BadRequestError) as info:
        c.live_response.run(machine_id, COMMANDS[1:2], comment="second")
    assert info.value.code == "ActiveRequestAlreadyExists"


def test_missing_library_script_fails_the_session(sb: Sandbox, pool: list[str]) -> None:
    c = client(sb)
    action = c.live_response.run(
        pool.pop(),
        [{"type": "RunScript", "ScriptName": "absent.ps1"}, {"type": "GetFile", "Path": "C:\\x"}],
        comment="x",
    )
    sb.advance(60)
    done = c.live_response.wait(action["id"], timeout=1)
    assert done["status"] == "Failed"
    assert [x["commandStatus"] for x in done["commands"]] == ["Failed", "Created"]
    assert "absent.ps1" in done["commands"][0]["errors"][0]


@pytest.mark.parametrize(
    "commands",
    [
        [],
        [{"type": "GetFile", "Path": "C:\\x"}, {"type": "RunScript", "ScriptName": "a.ps1"}],
        [{"type": "RunScript", "ScriptName": "a.ps1"}, {"type": "PutFile", "FileName": "t.exe"}],
        [{"type": "Shell", "Command": "whoami"}],
        [{"type": "GetFile"}],
        [{"type": "RunScript", "ScriptName": "../evil.ps1"}],
    ],
)
def test_commands_are_validated_before_sending(
    sb: Sandbox, pool: list[str], commands: list[dict[str, Any]]
) -> None:
    sb.clear_requests()
    with raises(ValueError):
        client(sb).live_response.run(pool[0], commands, comment="x")
    assert [r for r in sb.requests() if r["path"].startswith("/api/")] == []


def test_argument_types(sb: Sandbox, pool: list[str]) -> None:
    c = client(sb)
    with pytest.raises(TypeError):
        c.live_response.run(pool[0], {"type": "GetFile", "Path": "x"}, comment="x")  # type: ignore[arg-type]
    with raises(ValueError):
        c.live_response.run(pool[0], COMMANDS, comment=" ")


def test_session_limit_of_25() -> None:
    with new_sandbox(machines=30, alerts=5, rate_limit_scale=10) as small:
        c = client(small)
        c.live_response.library_upload(SCRIPT, file_name="triage.ps1")
        ids = [m["id"] for m in c.machines.list().to_list()]
        cmd = [{"type": "RunScript", "ScriptName": "triage.ps1"}]
        for machine_id in ids[:25]:
            c.live_response.run(machine_id, cmd, comment="x")
        with raises(ThrottledError):
            c.with_options(max_retries=0).live_response.run(ids[25], cmd, comment="x")
        small.advance(60)
        assert c.live_response.run(ids[25], cmd, comment="x")["status"] == "Pending"


def test_library(sb: Sandbox, tmp_path: Path) -> None:
    c = client(sb)
    names = {f["fileName"] for f in c.live_response.library_list()}
    assert {"triage.ps1", "tool.exe"} <= names
    script = tmp_path / "collect.ps1"
    script.write_bytes(b"Get-ChildItem C:\\\n")
    uploaded = c.live_response.library_upload(
        script, description="collect", has_parameters=True, parameters_description="-Path"
    )
    assert (uploaded["fileName"], uploaded["description"], uploaded["hasParameters"]) == (
        "collect.ps1",
        "collect",
        True,
    )
    with raises(BadRequestError):
        c.live_response.library_upload(script)
    again = c.live_response.library_upload(script, description="v2", override_if_exists=True)
    assert again["description"] == "v2"
    assert c.live_response.library_delete("collect.ps1") is None
    with raises(ResourceNotFoundError):
        c.live_response.library_delete("collect.ps1")


async def test_library_async(sb: Sandbox) -> None:
    c = async_client(sb)
    f = await c.live_response.library_upload(b"echo hi", file_name="hi.sh")
    assert f["fileName"] == "hi.sh"
    assert "hi.sh" in {x["fileName"] for x in await c.live_response.library_list()}
    assert await c.live_response.library_delete("hi.sh") is None


def test_library_limits_checked_before_sending(sb: Sandbox, tmp_path: Path) -> None:
    c = client(sb)
    big = tmp_path / "big.bin"
    with big.open("wb") as fh:
        fh.truncate(20 * 1024 * 1024 + 1)
    sb.clear_requests()
    with raises(ValueError, match="20 MB"):
        c.live_response.library_upload(big)
    with raises(ValueError, match="20 MB"):
        c.live_response.library_upload(b"x" * (20 * 1024 * 1024 + 1), file_name="big.bin")
    with raises(ValueError):
        c.live_response.library_upload(b"x")
    with raises(ValueError):
        c.live_response.library_upload(b"x", file_name="bad name.ps1")
    with pytest.raises(TypeError):
        c.live_response.library_upload(123)  # type: ignore[arg-type]
    assert [r for r in sb.requests() if r["path"].startswith("/api/")] == []


def test_permissions(sb: Sandbox, pool: list[str]) -> None:
    sb.server.register_app("lr-reader", "lr-reader-secret", ["Machine.Read.All"])
    c = client(sb, client_id="lr-reader", client_secret="lr-reader-secret")
    with raises(PermissionDeniedError):
        c.live_response.run(pool[0], COMMANDS[1:2], comment="x")
    with raises(PermissionDeniedError):
        c.live_response.library_list()


@pytest.mark.parametrize("fault", [{"drop": True}, {"truncate": True}, {"status": 403}])
def test_a_failed_download_never_shows_the_signature(
    sb: Sandbox, pool: list[str], fault: dict[str, Any]
) -> None:
    c = client(sb, max_retries=0)
    action = c.live_response.run(pool.pop(), COMMANDS[:2], comment="IR-10")
    sb.advance(60)
    c.live_response.wait(action["id"], timeout=1)
    link = c.live_response.result_link(action["id"], 1)
    signature = link.split("sig=", 1)[1].split("&", 1)[0]
    assert len(signature) > 8
    sb.server.clear_faults()
    sb.inject("/liveresponse/results", **fault)
    with pytest.raises(mdekit.MdeError) as info:
        c.live_response.download(action["id"], 1)
    texts = exception_texts(info.value)
    assert all(signature not in t for t in texts), texts
