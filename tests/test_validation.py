"""Arguments are checked before anything is sent: ValueError, and the sandbox saw no request."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from conftest import async_client, client, raises
from mdekit.testing import Sandbox

LIST_CASES: list[tuple[str, dict[str, Any], str]] = [
    ("alerts", {"filter": "title eq 'x'"}, "title"),  # not a filterable property
    ("alerts", {"filter": "computerDnsName eq 'x'"}, "computerDnsName"),  # machines only
    ("alerts", {"filter": "severity eq 'High"}, "unterminated"),
    ("alerts", {"filter": "(severity eq 'High'"}, "unmatched"),
    ("alerts", {"filter": "severity eq 'High')"}, "unmatched"),
    ("alerts", {"filter": "   "}, "empty"),
    ("alerts", {"top": 0}, "top"),
    ("alerts", {"page_size": 0}, "page_size"),
    ("alerts", {"page_size": 20000}, "page_size"),
    ("alerts", {"expand": "x"}, "expand"),
    ("alerts", {"expand": "evidence,machine"}, "expand"),
    ("machines", {"filter": "severity eq 'High'"}, "severity"),
    ("machines", {"page_size": 10001}, "page_size"),
    ("machines", {"top": 0}, "top"),
]

GET_CASES: list[tuple[str, str]] = [
    ("alerts", "a/b"),
    ("alerts", ""),
    ("alerts", "da1_1?x=1"),
    ("alerts", "../machines"),
    ("alerts", "id with space"),
    ("machines", "a/b"),
    ("machines", ""),
    ("machines", "host name"),
    ("machines", "x" * 300),
]

HUNT_CASES: list[tuple[str, dict[str, Any], str]] = [
    ("", {}, "empty"),
    ("   ", {}, "empty"),
    ("DeviceInfo | take 1", {"endpoint": "mde", "timespan": "P7D"}, "timespan"),
    ("DeviceInfo | take 1", {"endpoint": "xdr"}, "endpoint"),
    ("DeviceInfo | take 1", {"timespan": " "}, "timespan"),
]


def nothing_sent(sb: Sandbox) -> None:
    assert sb.requests() == [], "a request went out before the arguments were checked"


@pytest.mark.parametrize(("entity", "kwargs", "word"), LIST_CASES)
def test_list_arguments(clean: Sandbox, entity: str, kwargs: dict[str, Any], word: str) -> None:
    ops = getattr(client(clean), entity)
    with raises(ValueError, match=word):
        ops.list(**kwargs)
    nothing_sent(clean)


@pytest.mark.parametrize(("entity", "kwargs", "word"), LIST_CASES)
async def test_async_list_arguments(clean: Sandbox, entity: str, kwargs: dict[str, Any],
                                    word: str) -> None:
    ops = getattr(async_client(clean), entity)
    with raises(ValueError, match=word):
        ops.list(**kwargs)
    nothing_sent(clean)


@pytest.mark.parametrize(("entity", "ident"), GET_CASES)
def test_get_ids(clean: Sandbox, entity: str, ident: str) -> None:
    with raises(ValueError):
        getattr(client(clean), entity).get(ident)
    nothing_sent(clean)


@pytest.mark.parametrize(("entity", "ident"), GET_CASES)
async def test_async_get_ids(clean: Sandbox, entity: str, ident: str) -> None:
    with raises(ValueError):
        await getattr(async_client(clean), entity).get(ident)
    nothing_sent(clean)


@pytest.mark.parametrize(("query", "kwargs", "word"), HUNT_CASES)
def test_hunting_arguments(clean: Sandbox, query: str, kwargs: dict[str, Any], word: str) -> None:
    with raises(ValueError, match=word):
        client(clean).hunting.run(query, **kwargs)
    nothing_sent(clean)


@pytest.mark.parametrize(("query", "kwargs", "word"), HUNT_CASES)
async def test_async_hunting_arguments(clean: Sandbox, query: str, kwargs: dict[str, Any],
                                       word: str) -> None:
    with raises(ValueError, match=word):
        await async_client(clean).hunting.run(query, **kwargs)
    nothing_sent(clean)


@pytest.mark.parametrize(
    "call",
    [
        lambda c: c.alerts.list(top=-1),
        lambda c: c.alerts.list(top="5"),
        lambda c: c.alerts.get(5),
        lambda c: c.alerts.list("severity eq 'High'"),  # keyword-only
    ],
)
def test_wrong_types(clean: Sandbox, call: Callable[[Any], Any]) -> None:
    with raises((TypeError, OverflowError, ValueError)):
        call(client(clean))
    nothing_sent(clean)


@pytest.mark.parametrize(
    "flt",
    [
        "Severity eq 'High' and (status ne 'Resolved' or status eq 'New')",
        "alertCreationTime ge 2019-11-22T00:00:00Z",
        "severity in ('High','Medium')",
        "assignedTo eq 'O''Brien@contoso.com'",
        "INVESTIGATIONID eq 5",
    ],
)
def test_valid_filters_pass_and_agree_with_the_sandbox(clean: Sandbox, flt: str) -> None:
    items = client(clean).alerts.list(filter=flt).to_list()
    assert len(items) == clean.count("alerts", flt)


def test_machine_tags_lambda_filter(clean: Sandbox) -> None:
    flt = "machineTags/any(tag: tag eq 'VIP')"
    items = client(clean).machines.list(filter=flt).to_list()
    assert len(items) == clean.count("machines", flt)
