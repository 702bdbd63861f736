"""Progress of multi-part runs (hunting windows, export files): tqdm when installed, a plain
line otherwise.

``progress=None`` (the default) shows it only when stderr is a terminal, so scripts, CI logs and
pipes stay clean; ``True`` forces it, ``False`` turns it off, and a callable receives
``(windows_done, windows_queued, rows)`` instead.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any


class _Line:
    """One self-overwriting line on stderr."""

    def __init__(self, desc: str = "hunting", unit: str = "window") -> None:
        self._width = 0
        self._desc = desc
        self._unit = unit

    def update(self, done: int, pending: int, rows: int) -> None:
        text = f"{self._desc}: {done}/{done + pending} {self._unit}s, {rows:,} rows"
        sys.stderr.write("\r" + text.ljust(self._width))
        sys.stderr.flush()
        self._width = len(text)

    def close(self) -> None:
        if self._width:
            sys.stderr.write("\n")
            sys.stderr.flush()


class _Tqdm:
    def __init__(self, tqdm: Any, desc: str = "hunting", unit: str = "window") -> None:
        self._bar = tqdm(total=1, unit=unit, desc=desc, leave=False)

    def update(self, done: int, pending: int, rows: int) -> None:
        self._bar.total = done + pending
        self._bar.n = done
        self._bar.set_postfix(rows=rows, refresh=False)
        self._bar.refresh()

    def close(self) -> None:
        self._bar.close()


class _Callback:
    def __init__(self, fn: Callable[[int, int, int], Any]) -> None:
        self._fn = fn

    def update(self, done: int, pending: int, rows: int) -> None:
        self._fn(done, pending, rows)

    def close(self) -> None:
        pass


def for_split(progress: Any, *, desc: str = "hunting", unit: str = "window") -> Any:
    """The reporter for ``progress`` (see the module docstring), or None for no report;
    ``desc`` and ``unit`` name what is counted (``"export"``, ``"file"``)."""
    if progress is False:
        return None
    if callable(progress):
        return _Callback(progress)
    if progress is None and not (hasattr(sys.stderr, "isatty") and sys.stderr.isatty()):
        return None
    if progress not in (None, True):
        raise TypeError("progress must be None, True, False or a callable(done, queued, rows)")
    try:
        from tqdm.auto import tqdm  # type: ignore[import-untyped,import-not-found,unused-ignore]
    except ImportError:
        return _Line(desc, unit)
    return _Tqdm(tqdm, desc, unit)
