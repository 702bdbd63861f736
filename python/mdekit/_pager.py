"""Helpers of the async pager (``src/pager.rs``), kept in Python because an async generator
hands out each item without allocating, where an awaitable per item would make the garbage
collector run over every freshly converted page again and again.

``pop()`` returns the next buffered item (or page) or :data:`END`; ``fill()`` is an awaitable
fetching the next page onto the buffer, true when it put one there.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any, TypeVar

_T = TypeVar("_T")

#: What ``pop()`` returns when the buffer is empty.
END: Any = object()


async def first(pop: Callable[[], Any], fill: Callable[[], Awaitable[bool]]) -> Any:
    """The next item (``__anext__``); StopAsyncIteration after the last."""
    while True:
        item = pop()
        if item is not END:
            return item
        if not await fill():
            raise StopAsyncIteration


async def after(fut: Awaitable[Any], convert: Callable[[Any], _T]) -> _T:
    """``convert(await fut)``; cancelling it cancels ``fut``."""
    return convert(await fut)


async def items(pop: Callable[[], Any], fill: Callable[[], Awaitable[bool]]) -> AsyncIterator[Any]:
    """Every remaining item (``async for``)."""
    while True:
        item = pop()
        if item is END:
            if not await fill():
                return
        else:
            yield item
