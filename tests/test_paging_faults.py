"""Paging under faults: every item exactly once and in order, or a typed error; never a loop.

A pager's position stays with the pager until a page is handed to the caller, so after an error,
a cancelled ``__anext__`` or Ctrl-C the next iteration asks for the same page again.
"""

from __future__ import annotations

import _thread
import asyncio
import threading
from collections.abc import Iterator
from typing import Any

import mdekit
import pytest
from conftest import api_requests, async_client, client, new_sandbox, raises
from mdekit.testing import Sandbox

PAGE = 137


@pytest.fixture(scope="module")
def sb() -> Iterator[Sandbox]:
    sandbox = new_sandbox(page_size=PAGE)
    try:
        yield sandbox
    finally:
        sandbox.stop()


@pytest.fixture
def paged(sb: Sandbox) -> Iterator[Sandbox]:
    sb.server.clear_faults()
    sb.clear_requests()
    yield sb
    sb.server.clear_faults()


def ids(items: list[dict[str, Any]]) -> list[str]:
    return [i["id"] for i in items]


@pytest.fixture(scope="module")
def expected(sb: Sandbox) -> list[str]:
    return ids(client(sb).alerts.list().to_list())


def test_a_link_back_to_the_same_page_raises_instead_of_looping(paged: Sandbox) -> None:
    paged.inject("/api/alerts", repeat_link=True, count=10_000)
    with raises(mdekit.ServiceResponseError, match="already followed") as info:
        client(paged).alerts.list().to_list()
    assert "/api/alerts" in str(info.value)
    assert len(api_requests(paged, "/api/alerts")) <= 2


def test_a_service_ignoring_skip_raises_instead_of_looping(paged: Sandbox) -> None:
    paged.inject("/api/alerts", ignore_skip=True, count=10_000)
    pager = client(paged).alerts.list(top=1000, page_size=100)
    with raises(mdekit.ServiceResponseError, match=r"ignored \$skip"):
        pager.to_list()


async def test_async_repeated_link_raises(paged: Sandbox) -> None:
    paged.inject("/api/alerts", repeat_link=True, count=10_000)
    async with async_client(paged) as c:
        with raises(mdekit.ServiceResponseError, match="already followed"):
            _ = [a async for a in c.alerts.list()]


def test_after_an_error_the_same_pager_goes_on_where_it_was(
    paged: Sandbox, expected: list[str]
) -> None:
    paged.inject("/api/alerts", status=400)
    pager = client(paged).alerts.list()
    with raises(mdekit.BadRequestError):
        next(iter(pager))
    assert ids(list(pager)) == expected


def test_an_error_on_a_prefetched_page_loses_nothing(paged: Sandbox, expected: list[str]) -> None:
    pager = client(paged).alerts.list()
    got = [next(pager)]
    # Hits the page already requested ahead, or the one after it.
    paged.inject("/api/alerts", status=400)
    with raises(mdekit.BadRequestError):
        got.extend(pager)  # keeps the items handed out before the error
    got.extend(pager)
    assert ids(got) == expected


def test_to_list_after_an_error_returns_every_item(paged: Sandbox, expected: list[str]) -> None:
    pager = client(paged).alerts.list()
    next(pager)
    paged.inject("/api/alerts", status=400)
    with raises(mdekit.BadRequestError):
        pager.to_list()
    assert ids(pager.to_list()) == expected[1:]


async def test_a_cancelled_anext_loses_no_page(paged: Sandbox, expected: list[str]) -> None:
    async with async_client(paged) as c:
        pager = c.alerts.list()
        got: list[dict[str, Any]] = []
        cancelled = 0
        while True:
            if len(got) % PAGE == 0:
                # At every page boundary, one __anext__ is cancelled before it is awaited.
                with pytest.raises(asyncio.TimeoutError):
                    await asyncio.wait_for(pager.__anext__(), 0)
                cancelled += 1
            try:
                got.append(await pager.__anext__())
            except StopAsyncIteration:
                break
    assert cancelled > 10
    assert ids(got) == expected


async def test_a_cancelled_first_anext_loses_no_page(paged: Sandbox, expected: list[str]) -> None:
    paged.inject("/api/alerts", delay=5.0)
    async with async_client(paged) as c:
        pager = c.alerts.list()
        with pytest.raises(asyncio.TimeoutError):
            await asyncio.wait_for(pager.__anext__(), 0.2)
        assert ids([a async for a in pager]) == expected


async def test_async_error_then_resume(paged: Sandbox, expected: list[str]) -> None:
    paged.inject("/api/alerts", status=400)
    async with async_client(paged) as c:
        pager = c.alerts.list()
        with raises(mdekit.BadRequestError):
            await pager.__anext__()
        assert ids(await pager.to_list()) == expected


def interrupt_soon() -> None:
    threading.Timer(0.2, _thread.interrupt_main).start()


def test_ctrl_c_in_a_sync_for_loses_no_page(paged: Sandbox, expected: list[str]) -> None:
    pager = client(paged).alerts.list()
    got = [next(pager) for _ in range(PAGE)]
    # The next page is slow to come: Ctrl-C lands while the loop waits for it.
    paged.inject("/api/alerts", delay=1.0)
    interrupt_soon()
    with pytest.raises(KeyboardInterrupt):
        got.extend(pager)  # keeps the items handed out before the error
    got.extend(pager)
    assert ids(got) == expected


def test_ctrl_c_in_to_list_loses_no_page(paged: Sandbox, expected: list[str]) -> None:
    pager = client(paged).alerts.list()
    first = next(pager)
    paged.inject("/api/alerts", delay=1.0)
    interrupt_soon()
    with pytest.raises(KeyboardInterrupt):
        pager.to_list()
    assert ids([first, *pager.to_list()]) == expected
