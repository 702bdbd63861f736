"""A bounded, seeded fault-injection soak: paging a few thousand items, sync and async, while the
sandbox answers with 429s, 5xx, dropped connections, truncated bodies and repeated links. Every
run must hand out every item exactly once and in order, or stop with a typed error after a prefix
of them; a pager that failed goes on where it was. Waits go through the ManualClock.
"""

from __future__ import annotations

import asyncio
import random
from collections.abc import Iterator
from typing import Any

import mdekit
import pytest
from conftest import async_client, client, new_sandbox
from mdekit.testing import Sandbox

SEED = 20261201
ROUNDS = 6
PAGE = 97


@pytest.fixture(scope="module")
def sb() -> Iterator[Sandbox]:
    sandbox = new_sandbox(machines=10, alerts=3000, page_size=PAGE, rate_limits=False)
    try:
        yield sandbox
    finally:
        sandbox.stop()


@pytest.fixture(scope="module")
def expected(sb: Sandbox) -> list[str]:
    return [a["id"] for a in client(sb).alerts.list().to_list()]


def inject_random(sb: Sandbox, rng: random.Random, *, loops: bool) -> None:
    sb.server.clear_faults()
    kinds: list[dict[str, Any]] = [
        {"status": 429, "retry_after": "2"},
        {"status": 503},
        {"status": 500},
        {"drop": True},
        {"truncate": True},
    ]
    if loops:
        kinds.append({"repeat_link": True})
    for _ in range(rng.randint(5, 15)):
        sb.inject("/api/alerts", **rng.choice(kinds), count=rng.randint(1, 3))


def check(got: list[str], expected: list[str], error: BaseException | None) -> None:
    assert len(got) == len(set(got)), "an item came twice"
    if error is None:
        assert got == expected
    else:
        assert isinstance(error, mdekit.MdeError), repr(error)
        assert got == expected[: len(got)], "items out of order or skipped"


@pytest.mark.parametrize("loops", [False, True])
def test_sync_soak(sb: Sandbox, expected: list[str], loops: bool) -> None:
    rng = random.Random(SEED + loops)
    for _ in range(ROUNDS):
        inject_random(sb, rng, loops=loops)
        pager = client(sb, max_retries=2).alerts.list()
        got: list[str] = []
        error: BaseException | None = None
        for _attempt in range(20):
            try:
                got.extend(a["id"] for a in pager)
                error = None
                break
            except mdekit.MdeError as e:  # the same pager goes on where it was
                error = e
                if isinstance(e, mdekit.ServiceResponseError):
                    break
        check(got, expected, error)
    sb.server.clear_faults()


@pytest.mark.parametrize("loops", [False, True])
async def test_async_soak(sb: Sandbox, expected: list[str], loops: bool) -> None:
    rng = random.Random(SEED + 10 + loops)
    for _ in range(ROUNDS):
        inject_random(sb, rng, loops=loops)
        async with async_client(sb, max_retries=2) as c:
            pager = c.alerts.list()
            got: list[str] = []
            error: BaseException | None = None
            for _attempt in range(20):
                try:
                    while True:
                        if rng.random() < 0.05:
                            # Now and then a step is cancelled before it is awaited.
                            with pytest.raises(asyncio.TimeoutError):
                                await asyncio.wait_for(pager.__anext__(), 0)
                        got.append((await pager.__anext__())["id"])
                except StopAsyncIteration:
                    error = None
                    break
                except mdekit.MdeError as e:
                    error = e
                    if isinstance(e, mdekit.ServiceResponseError):
                        break
            check(got, expected, error)
    sb.server.clear_faults()
