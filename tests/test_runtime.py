"""The bindings' runtime behaviour: sync calls inside a running event loop, Ctrl-C, fork, and the
client lifecycle (close, context managers)."""

from __future__ import annotations

import _thread
import asyncio
import os
import threading
import time
import warnings

import mdekit
import mdekit.aio
import pytest
from conftest import async_client, client, raises
from mdekit.testing import Sandbox


@pytest.fixture(scope="module")
def alert_id(sb: Sandbox) -> str:
    return client(sb).alerts.list(top=1).to_list()[0]["id"]


# ---------------------------------------------------------------- sync client in a running loop


async def test_sync_client_inside_running_loop(clean: Sandbox, alert_id: str) -> None:
    c = client(clean)
    assert c.alerts.get(alert_id)["id"] == alert_id
    assert len(c.alerts.list(page_size=500).to_list()) == 2000
    assert len(list(c.machines.list(top=3))) == 3
    assert len(c.hunting.run("DeviceInfo | take 2")) == 2


async def test_sync_and_async_in_the_same_loop(clean: Sandbox, alert_id: str) -> None:
    a = async_client(clean)
    s = client(clean)
    got_async = await a.alerts.get(alert_id)
    got_sync = s.alerts.get(alert_id)
    assert got_async == got_sync


# ---------------------------------------------------------------- Ctrl-C


def test_ctrl_c_interrupts_a_blocking_call(clean: Sandbox, alert_id: str) -> None:
    c = client(clean, max_retries=0)
    c.alerts.get(alert_id)  # token fetched beforehand: only the delayed call is left
    clean.inject("/api/alerts", delay=5, count=1)
    timer = threading.Timer(0.3, _thread.interrupt_main)
    started = time.monotonic()
    timer.start()
    try:
        with pytest.raises(KeyboardInterrupt):
            c.alerts.get(alert_id)
    finally:
        timer.cancel()
    elapsed = time.monotonic() - started
    assert elapsed < 3, f"Ctrl-C took {elapsed:.1f} s"
    # The client is still usable afterwards.
    assert c.alerts.get(alert_id)["id"] == alert_id


def test_ctrl_c_interrupts_paging(clean: Sandbox) -> None:
    c = client(clean, max_retries=0)
    pager = c.alerts.list(page_size=100)
    next(pager.pages())
    clean.inject("/api/alerts", delay=5, count=1)
    timer = threading.Timer(0.3, _thread.interrupt_main)
    started = time.monotonic()
    timer.start()
    try:
        with pytest.raises(KeyboardInterrupt):
            pager.to_list()
    finally:
        timer.cancel()
    assert time.monotonic() - started < 3


# ---------------------------------------------------------------- fork


@pytest.mark.skipif(not hasattr(os, "fork"), reason="os.fork is not available on this platform")
def test_client_used_in_forked_child_raises(clean: Sandbox, alert_id: str) -> None:
    c = client(clean)
    c.alerts.get(alert_id)  # the runtime and connection pool exist in the parent
    pager = c.alerts.list(top=5)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # fork of a threaded process
        pid = os.fork()
    if pid == 0:  # child: report through the exit status only
        status = 1
        try:
            try:
                c.alerts.get(alert_id)
                status = 10
            except RuntimeError as e:
                status = 0 if "fork" in str(e) else 11
            try:
                next(pager)
                status = status or 12
            except RuntimeError as e:
                status = status or (0 if "fork" in str(e) else 13)
        except BaseException:  # noqa: BLE001 - the child reports through its exit status
            status = 14
        finally:
            os._exit(status)
    deadline = time.monotonic() + 10
    while True:
        done, wait_status = os.waitpid(pid, os.WNOHANG)
        if done:
            break
        if time.monotonic() > deadline:
            os.kill(pid, 9)
            os.waitpid(pid, 0)
            pytest.fail("the forked child hung instead of raising RuntimeError")
        time.sleep(0.02)
    assert os.waitstatus_to_exitcode(wait_status) == 0
    # The parent's client still works.
    assert c.alerts.get(alert_id)["id"] == alert_id


@pytest.mark.skipif(not hasattr(os, "fork"), reason="os.fork is not available on this platform")
def test_a_client_made_in_a_forked_child_works(clean: Sandbox, alert_id: str) -> None:
    parent = client(clean)
    parent.alerts.get(alert_id)  # the parent's runtime is running
    asyncio.run(_async_get(clean, alert_id))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # fork of a threaded process
        pid = os.fork()
    if pid == 0:  # child: report through the exit status only
        status = 1
        try:
            fresh = client(clean)
            status = 0 if fresh.alerts.get(alert_id)["id"] == alert_id else 20
            status = status or (0 if len(fresh.alerts.list(top=3).to_list()) == 3 else 21)
            asyncio.run(_async_get(clean, alert_id))
            try:
                parent.alerts.get(alert_id)
                status = status or 22
            except RuntimeError as e:
                status = status or (0 if "fork" in str(e) else 23)
        except BaseException:  # noqa: BLE001 - the child reports through its exit status
            status = 24
        finally:
            os._exit(status)
    deadline = time.monotonic() + 20
    while True:
        done, wait_status = os.waitpid(pid, os.WNOHANG)
        if done:
            break
        if time.monotonic() > deadline:
            os.kill(pid, 9)
            os.waitpid(pid, 0)
            pytest.fail("the forked child hung")
        time.sleep(0.02)
    assert os.waitstatus_to_exitcode(wait_status) == 0
    assert parent.alerts.get(alert_id)["id"] == alert_id


async def _async_get(sb: Sandbox, alert_id: str) -> None:
    async with async_client(sb) as c:
        assert (await c.alerts.get(alert_id))["id"] == alert_id
        assert len(await c.alerts.list(top=3).to_list()) == 3


@pytest.mark.skipif(not hasattr(os, "fork"), reason="os.fork is not available on this platform")
def test_forked_child_with_multiprocessing(clean: Sandbox, alert_id: str) -> None:
    import multiprocessing

    c = client(clean)
    c.alerts.get(alert_id)
    ctx = multiprocessing.get_context("fork")
    queue = ctx.SimpleQueue()

    def child() -> None:
        try:
            c.machines.list(top=1).to_list()
            queue.put("no error")
        except RuntimeError as e:
            queue.put(str(e))
        except BaseException as e:  # noqa: BLE001 - reported to the parent
            queue.put(f"{type(e).__name__}: {e}")

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        proc = ctx.Process(target=child)
        proc.start()
    proc.join(timeout=10)
    if proc.is_alive():
        proc.kill()
        pytest.fail("the forked child hung")
    message = queue.get()
    assert "fork" in message, message


# ---------------------------------------------------------------- lifecycle


def test_sync_context_manager_and_close(clean: Sandbox, alert_id: str) -> None:
    with client(clean) as c:
        assert isinstance(c, mdekit.DefenderClient)
        assert not c.closed
        assert c.alerts.get(alert_id)["id"] == alert_id
        alerts = c.alerts
    assert c.closed
    with raises(RuntimeError, match="closed"):
        c.alerts.get(alert_id)
    with raises(RuntimeError, match="closed"):
        alerts.list()  # operations objects taken before close see it too
    with raises(RuntimeError, match="closed"):
        c.hunting.run("DeviceInfo | take 1")
    c.close()  # idempotent
    assert c.closed


def test_close_does_not_affect_other_clients(clean: Sandbox, alert_id: str) -> None:
    a = client(clean)
    b = client(clean)
    a.close()
    assert b.alerts.get(alert_id)["id"] == alert_id


async def test_async_context_manager(clean: Sandbox, alert_id: str) -> None:
    async with async_client(clean) as c:
        assert isinstance(c, mdekit.aio.DefenderClient)
        assert not c.closed
        assert (await c.alerts.get(alert_id))["id"] == alert_id
        assert len([m async for m in c.machines.list(top=4)]) == 4
    assert c.closed
    with raises(RuntimeError, match="closed"):
        await c.alerts.get(alert_id)
    with raises(RuntimeError, match="closed"):
        c.machines.list()


async def test_async_close(clean: Sandbox, alert_id: str) -> None:
    c = async_client(clean)
    await c.alerts.get(alert_id)
    await c.close()
    assert c.closed
    with raises(RuntimeError, match="closed"):
        await c.hunting.run("DeviceInfo | take 1")
    await c.close()


async def test_async_close_resolves_to_none(clean: Sandbox) -> None:
    c = async_client(clean)
    assert await c.close() is None


async def test_async_aexit_does_not_swallow_errors(clean: Sandbox) -> None:
    c = async_client(clean)
    assert not await c.__aexit__(ValueError, ValueError("x"), None)


async def test_async_context_manager_closes_on_error(clean: Sandbox) -> None:
    with pytest.raises(ZeroDivisionError):
        async with async_client(clean) as c:
            1 / 0  # noqa: B018
    assert c.closed


async def test_async_concurrent_calls(clean: Sandbox) -> None:
    import asyncio

    c = async_client(clean)
    ids = [a["id"] for a in await c.alerts.list(top=20).to_list()]
    got = await asyncio.gather(*(c.alerts.get(i) for i in ids))
    assert [g["id"] for g in got] == ids


def test_closing_a_with_options_client_leaves_the_parent_open(clean: Sandbox,
                                                              alert_id: str) -> None:
    c = client(clean)
    with c.with_options(max_retries=0) as derived:
        derived.alerts.get(alert_id)
    assert derived.closed
    assert not c.closed
    assert c.alerts.get(alert_id)["id"] == alert_id


def test_pager_stops_after_close(clean: Sandbox) -> None:
    c = client(clean)
    pager = c.alerts.list(page_size=100)
    next(pager.pages())
    c.close()
    clean.clear_requests()
    with pytest.raises(RuntimeError, match="closed"):
        pager.to_list()
    assert clean.requests() == []


async def test_async_hunting_empty_result_keeps_schema(clean: Sandbox) -> None:
    c = async_client(clean)
    for endpoint in ("graph", "mde"):
        r = await c.hunting.run("DeviceInfo | where DeviceName == 'nope'", endpoint=endpoint)
        assert r.rows == [] and len(r) == 0
        assert r.schema[0] == {"name": "Timestamp", "type": "DateTime"}
