"""Paging: every matching item exactly once, checked against the sandbox's own count.

The sandbox pages with ``@odata.nextLink`` when called without ``$top`` (here every 137 items) and
sends no link when ``$top`` is given, so the client steps ``$skip`` itself (reference §4.3).
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qs

import pytest
from conftest import api_requests, async_client, client, new_sandbox
from mdekit.testing import Sandbox

PAGE = 137
HIGH = "severity eq 'High'"
NOT_RESOLVED_HIGH = "severity eq 'High' and status ne 'Resolved'"


@pytest.fixture(scope="module")
def sb() -> Iterator[Sandbox]:
    sandbox = new_sandbox(page_size=PAGE)
    try:
        yield sandbox
    finally:
        sandbox.stop()


@pytest.fixture
def paged(sb: Sandbox) -> Sandbox:
    sb.server.clear_faults()
    sb.clear_requests()
    return sb


def queries(sb: Sandbox, path: str) -> list[dict[str, list[str]]]:
    return [parse_qs(r["query"]) for r in api_requests(sb, path) if r["method"] == "GET"]


def ids(items: list[dict[str, Any]]) -> list[str]:
    return [i["id"] for i in items]


def assert_unique(items: list[dict[str, Any]]) -> None:
    got = ids(items)
    assert len(got) == len(set(got)), "an item came twice"


# ---------------------------------------------------------------- sync


def test_nextlink_paging_alerts_every_item_once(paged: Sandbox) -> None:
    total = paged.count("alerts")
    assert total == 2000
    items = list(client(paged).alerts.list())
    assert len(items) == total
    assert_unique(items)
    log = api_requests(paged, "/api/alerts")
    assert len(log) == math.ceil(total / PAGE)
    # The first request carries no $top; the following ones are the service's nextLinks ($skip).
    qs = queries(paged, "/api/alerts")
    assert "$top" not in qs[0] and "$skip" not in qs[0]
    assert [int(q["$skip"][0]) for q in qs[1:]] == [PAGE * i for i in range(1, len(qs))]


def test_nextlink_paging_machines_with_filter(paged: Sandbox) -> None:
    flt = "healthStatus eq 'Active'"
    expected = paged.count("machines", flt)
    assert 0 < expected < paged.count("machines")
    items = client(paged).machines.list(filter=flt).to_list()
    assert len(items) == expected
    assert_unique(items)
    assert all(m["healthStatus"] == "Active" for m in items)
    # The filter survives into every nextLink.
    assert all(q["$filter"] == [flt] for q in queries(paged, "/api/machines"))


def test_page_size_steps_skip(paged: Sandbox) -> None:
    total = paged.count("alerts")
    pager = client(paged).alerts.list(page_size=300)
    items = pager.to_list()
    assert len(items) == total
    assert_unique(items)
    qs = queries(paged, "/api/alerts")
    assert all(q["$top"] == ["300"] for q in qs)
    assert [int(q.get("$skip", ["0"])[0]) for q in qs] == [300 * i for i in range(len(qs))]
    assert len(qs) == math.ceil(total / 300)  # the last page is short: no extra request


def test_page_size_dividing_total_ends_on_empty_page(paged: Sandbox) -> None:
    items = client(paged).alerts.list(page_size=500).to_list()
    assert len(items) == 2000
    assert_unique(items)
    assert len(api_requests(paged, "/api/alerts")) == 5  # 4 full pages, then an empty one


def test_page_size_with_filter_matches_sandbox_count(paged: Sandbox) -> None:
    expected = paged.count("alerts", NOT_RESOLVED_HIGH)
    assert expected > 0
    items = client(paged).alerts.list(filter=NOT_RESOLVED_HIGH, page_size=50).to_list()
    assert len(items) == expected
    assert_unique(items)
    assert all(a["severity"] == "High" and a["status"] != "Resolved" for a in items)


def test_same_items_whatever_the_strategy(paged: Sandbox) -> None:
    c = client(paged)
    by_link = ids(c.alerts.list(filter=HIGH).to_list())
    by_skip = ids(c.alerts.list(filter=HIGH, page_size=77).to_list())
    assert by_link == by_skip
    assert len(by_link) == paged.count("alerts", HIGH)


@pytest.mark.parametrize(
    ("top", "page_size", "requests"),
    [(250, None, 1), (250, 100, 3), (137, None, 1), (1, None, 1), (5000, None, 1)],
)
def test_top_caps_the_total(paged: Sandbox, top: int, page_size: int | None, requests: int) -> None:
    total = paged.count("alerts")
    items = client(paged).alerts.list(top=top, page_size=page_size).to_list()
    assert len(items) == min(top, total)
    assert_unique(items)
    assert len(api_requests(paged, "/api/alerts")) == requests


def test_top_with_filter_and_skip(paged: Sandbox) -> None:
    everything = ids(client(paged).alerts.list(filter=HIGH).to_list())
    got = ids(client(paged).alerts.list(filter=HIGH, skip=10, top=25, page_size=10).to_list())
    assert got == everything[10:35]


def test_skip_alone(paged: Sandbox) -> None:
    total = paged.count("machines")
    items = client(paged).machines.list(skip=450).to_list()
    assert len(items) == total - 450


def test_pages_iterator(paged: Sandbox) -> None:
    pages = list(client(paged).alerts.list().pages())
    assert [len(p) for p in pages[:-1]] == [PAGE] * (len(pages) - 1)
    assert sum(len(p) for p in pages) == 2000
    assert_unique([a for p in pages for a in p])
    pages = list(client(paged).machines.list(page_size=200).pages())
    assert [len(p) for p in pages] == [200, 200, 100]


def test_item_iteration_then_pages_then_to_list_share_position(paged: Sandbox) -> None:
    pager = client(paged).alerts.list()
    first = [next(pager) for _ in range(3)]
    rest_of_page = next(pager.pages())  # items already buffered come out as their own page
    assert len(rest_of_page) == PAGE - 3
    remaining = pager.to_list()
    everything = first + rest_of_page + remaining
    assert len(everything) == 2000
    assert_unique(everything)
    assert pager.fetched == 2000
    assert list(pager) == []


def test_filter_with_no_match_gives_empty(paged: Sandbox) -> None:
    flt = "severity eq 'NoSuchSeverity'"
    assert paged.count("alerts", flt) == 0
    assert client(paged).alerts.list(filter=flt).to_list() == []
    # An empty collection is at most one empty page.
    assert list(client(paged).alerts.list(filter=flt, page_size=10).pages()) in ([], [[]])
    assert list(client(paged).alerts.list(filter=flt).pages()) in ([], [[]])


def test_list_items_have_no_evidence_unless_expanded(paged: Sandbox) -> None:
    c = client(paged)
    plain = c.alerts.list(top=20).to_list()
    assert all(not a.get("evidence") for a in plain)
    expanded = c.alerts.list(top=20, expand="evidence").to_list()
    assert ids(plain) == ids(expanded)
    assert any(a["evidence"] for a in expanded)


@pytest.mark.parametrize("page_size", [None, 64])
def test_filter_text_is_url_encoded(paged: Sandbox, page_size: int | None) -> None:
    """Characters that mean something in a query string stay inside the $filter value."""
    flt = "assignedTo eq 'a&$top=1#+b' or severity eq 'High'"
    items = client(paged).alerts.list(filter=flt, page_size=page_size).to_list()
    assert len(items) == paged.count("alerts", flt) == paged.count("alerts", HIGH)
    assert_unique(items)
    assert all(q["$filter"] == [flt] for q in queries(paged, "/api/alerts"))


# ---------------------------------------------------------------- async


async def test_async_nextlink_paging(paged: Sandbox) -> None:
    c = async_client(paged)
    items = [a async for a in c.alerts.list()]
    assert len(items) == paged.count("alerts")
    assert_unique(items)
    assert len(api_requests(paged, "/api/alerts")) == math.ceil(2000 / PAGE)


async def test_async_page_size_and_filter(paged: Sandbox) -> None:
    c = async_client(paged)
    expected = paged.count("alerts", NOT_RESOLVED_HIGH)
    items = await c.alerts.list(filter=NOT_RESOLVED_HIGH, page_size=40).to_list()
    assert len(items) == expected
    assert_unique(items)
    assert all(q["$top"] == ["40"] for q in queries(paged, "/api/alerts"))


async def test_async_machines_filter(paged: Sandbox) -> None:
    flt = "osPlatform eq 'Windows11'"
    c = async_client(paged)
    items = [m async for m in c.machines.list(filter=flt)]
    assert len(items) == paged.count("machines", flt) > 0
    assert_unique(items)


async def test_async_top(paged: Sandbox) -> None:
    c = async_client(paged)
    items = await c.alerts.list(top=300, page_size=128).to_list()
    assert len(items) == 300
    assert_unique(items)
    assert len(api_requests(paged, "/api/alerts")) == 3


async def test_async_pages(paged: Sandbox) -> None:
    c = async_client(paged)
    sizes = [len(p) async for p in c.machines.list(page_size=200).pages()]
    assert sizes == [200, 200, 100]
    sizes = [len(p) async for p in c.alerts.list().pages()]
    assert sum(sizes) == 2000 and sizes[0] == PAGE


async def test_async_and_sync_agree(paged: Sandbox) -> None:
    sync_ids = ids(client(paged).alerts.list(filter=HIGH, page_size=99).to_list())
    async_ids = ids(await async_client(paged).alerts.list(filter=HIGH).to_list())
    assert sync_ids == async_ids


async def test_async_pager_counts_fetched_like_the_sync_one(paged: Sandbox) -> None:
    pager = async_client(paged).alerts.list(page_size=500)
    assert pager.fetched == 0
    items = await pager.to_list()
    assert pager.fetched == len(items) == client(paged).alerts.list().to_list().__len__()


def test_pagers_are_subscriptable_at_runtime() -> None:
    import types

    import mdekit.aio

    for cls in (mdekit.Pager, mdekit.PageIterator, mdekit.aio.Pager, mdekit.aio.PageIterator):
        alias = cls[dict]
        assert isinstance(alias, types.GenericAlias) and alias.__origin__ is cls
