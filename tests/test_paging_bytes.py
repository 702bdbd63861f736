"""The pagers build dicts straight from the response bytes: what they hand out must equal
``json.loads`` of the sandbox's own pages, item for item, in order, whatever way it is consumed.
"""

from __future__ import annotations

import json
import urllib.parse
import urllib.request
from collections.abc import Iterator
from typing import Any

import pytest
from conftest import async_client, client, new_sandbox
from mdekit.testing import Sandbox

PAGE = 137
MDE_SCOPE = "https://api.securitycenter.microsoft.com/.default"


@pytest.fixture(scope="module")
def sb() -> Iterator[Sandbox]:
    sandbox = new_sandbox(page_size=PAGE)
    try:
        yield sandbox
    finally:
        sandbox.stop()


def _token(sb: Sandbox) -> str:
    form = urllib.parse.urlencode({
        "grant_type": "client_credentials",
        "client_id": sb.client_id,
        "client_secret": sb.client_secret,
        "scope": MDE_SCOPE,
    }).encode()
    url = f"{sb.base_url}/{sb.tenant_id}/oauth2/v2.0/token"
    with urllib.request.urlopen(urllib.request.Request(url, data=form)) as r:
        return str(json.loads(r.read())["access_token"])


def raw_pages(sb: Sandbox, path: str) -> list[list[Any]]:
    """Every page of ``path`` as ``json.loads`` sees it, following ``@odata.nextLink``."""
    headers = {"Authorization": f"Bearer {_token(sb)}"}
    pages: list[list[Any]] = []
    url: str | None = f"{sb.base_url}{path}"
    while url:
        with urllib.request.urlopen(urllib.request.Request(url, headers=headers)) as r:
            body = json.loads(r.read())
        pages.append(body["value"])
        url = body.get("@odata.nextLink")
    return pages


def flat(pages: list[list[Any]]) -> list[Any]:
    return [item for page in pages for item in page]


@pytest.fixture(scope="module")
def alert_pages(sb: Sandbox) -> list[list[Any]]:
    pages = raw_pages(sb, "/api/alerts")
    assert len(pages) > 3 and all(len(p) == PAGE for p in pages[:-1])
    return pages


def test_sync_items_equal_json_loads(sb: Sandbox, alert_pages: list[list[Any]]) -> None:
    expected = flat(alert_pages)
    assert list(client(sb).alerts.list()) == expected
    assert client(sb).alerts.list().to_list() == expected


def test_sync_pages_equal_json_loads(sb: Sandbox, alert_pages: list[list[Any]]) -> None:
    assert list(client(sb).alerts.list().pages()) == alert_pages


def test_sync_machines_equal_json_loads(sb: Sandbox) -> None:
    assert client(sb).machines.list().to_list() == flat(raw_pages(sb, "/api/machines"))


def test_sync_top_cuts_a_page(sb: Sandbox, alert_pages: list[list[Any]]) -> None:
    top = PAGE * 2 + 5
    assert list(client(sb).alerts.list(top=top, page_size=PAGE)) == flat(alert_pages)[:top]


def test_sync_mixed_consumption_keeps_order(sb: Sandbox, alert_pages: list[list[Any]]) -> None:
    pager = client(sb).alerts.list()
    got = [next(pager) for _ in range(PAGE + 2)]  # into the second page
    got += next(pager.pages())  # the rest of the second page
    got += next(pager.pages())  # the third page
    got.append(next(pager))
    got += pager.to_list()
    assert got == flat(alert_pages)


async def test_async_items_equal_json_loads(sb: Sandbox, alert_pages: list[list[Any]]) -> None:
    expected = flat(alert_pages)
    c = async_client(sb)
    assert [a async for a in c.alerts.list()] == expected
    assert await c.alerts.list().to_list() == expected
    assert [p async for p in c.alerts.list().pages()] == alert_pages


async def test_async_top_cuts_a_page(sb: Sandbox, alert_pages: list[list[Any]]) -> None:
    top = PAGE + 1
    c = async_client(sb)
    assert [a async for a in c.alerts.list(top=top, page_size=PAGE)] == flat(alert_pages)[:top]


async def test_async_mixed_consumption_keeps_order(
    sb: Sandbox, alert_pages: list[list[Any]]
) -> None:
    pager = async_client(sb).alerts.list()
    got: list[Any] = []
    async for a in pager:  # leaving the loop keeps the pager's position
        got.append(a)
        if len(got) == PAGE + 2:
            break
    got.append(await pager.__anext__())
    got += await pager.pages().__anext__()  # the rest of the second page
    async for a in pager:
        got.append(a)
        break
    got += await pager.to_list()
    assert got == flat(alert_pages)
    assert [a async for a in pager] == []


async def test_async_and_sync_equal(sb: Sandbox) -> None:
    flt = "severity eq 'High'"
    sync_items = client(sb).alerts.list(filter=flt, page_size=50).to_list()
    async_items = [a async for a in async_client(sb).alerts.list(filter=flt, page_size=50)]
    assert sync_items == async_items and sync_items
