"""Progress of multi-part runs (hunting windows, export files): tqdm when installed, a plain
line otherwise.

``progress=None`` (the default) shows it when stderr is a terminal or the code runs in Jupyter
(tqdm's notebook bar when ipywidgets is installed, its text bar otherwise), so scripts, CI logs
and pipes stay clean; ``True`` forces it, ``False`` turns it off, and a callable receives
``(windows_done, windows_queued, rows)`` instead.

While a bar is open, a wait in the client-side rate limiter (the core logs "waiting 38 s for the
hunting quota" at INFO on the ``mdekit_core`` logger) shows on the bar, so a split run that stalls
on the 45-calls-a-minute quota says why instead of looking hung.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from typing import Any

#: The bars open now; the CLI leaves the wait notes they show to them.
OPEN: list[Any] = []


class _WaitNotes(logging.Handler):
    """Hands the core's "waiting N s for the X quota" records to the open bar."""

    def __init__(self, bar: Any) -> None:
        super().__init__(logging.INFO)
        self._bar = bar

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if message.startswith("waiting "):
            self._bar.note(message)


def _attach(bar: Any) -> Any:
    handler = _WaitNotes(bar)
    logger = logging.getLogger("mdekit_core")
    # Restored when the bar closes, so a bar never leaves the core's INFO records switched on.
    bar._level = logger.level
    if logger.getEffectiveLevel() > logging.INFO:
        logger.setLevel(logging.INFO)
        from mdekit import refresh_logging  # the core caches the levels it was last told

        refresh_logging()
    logger.addHandler(handler)
    bar._handler = handler
    OPEN.append(bar)
    return bar


def _detach(bar: Any) -> None:
    handler = getattr(bar, "_handler", None)
    if handler is not None:
        logger = logging.getLogger("mdekit_core")
        logger.removeHandler(handler)
        bar._handler = None
        if logger.level != bar._level:
            logger.setLevel(bar._level)
            from mdekit import refresh_logging

            refresh_logging()
    if bar in OPEN:
        OPEN.remove(bar)


class _Line:
    """One self-overwriting line on stderr."""

    def __init__(self, desc: str = "hunting", unit: str = "window") -> None:
        self._width = 0
        self._desc = desc
        self._unit = unit
        self._last = (0, 0, 0)

    def update(self, done: int, pending: int, rows: int, note: str = "") -> None:
        self._last = (done, pending, rows)
        text = f"{self._desc}: {done}/{done + pending} {self._unit}s, {rows:,} rows"
        if note:
            text += f" ({note})"
        sys.stderr.write("\r" + text.ljust(self._width))
        sys.stderr.flush()
        self._width = len(text)

    def note(self, message: str) -> None:
        self.update(*self._last, note=message)

    def close(self) -> None:
        _detach(self)
        if self._width:
            sys.stderr.write("\n")
            sys.stderr.flush()


class _Tqdm:
    def __init__(self, tqdm: Any, desc: str = "hunting", unit: str = "window") -> None:
        self._bar = tqdm(total=1, unit=unit, desc=desc, leave=False)
        self._desc = desc

    def update(self, done: int, pending: int, rows: int) -> None:
        self._bar.total = done + pending
        self._bar.n = done
        self._bar.set_postfix(rows=rows, refresh=False)
        self._bar.refresh()

    def note(self, message: str) -> None:
        self._bar.set_description_str(f"{self._desc} ({message})", refresh=True)

    def close(self) -> None:
        _detach(self)
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
    from mdekit._prompt import _in_notebook

    notebook = _in_notebook()
    if progress is None and not (notebook or (hasattr(sys.stderr, "isatty")
                                              and sys.stderr.isatty())):
        return None
    if progress not in (None, True):
        raise TypeError("progress must be None, True, False or a callable(done, queued, rows)")
    try:
        if notebook and _has_ipywidgets():
            from tqdm.notebook import tqdm  # type: ignore[import-untyped,import-not-found,unused-ignore]
        else:
            from tqdm import tqdm  # type: ignore[import-untyped,import-not-found,unused-ignore,no-redef]
    except ImportError:
        return _attach(_Line(desc, unit))
    return _attach(_Tqdm(tqdm, desc, unit))


def _has_ipywidgets() -> bool:
    """tqdm's notebook bar needs ipywidgets; without it, the text bar (tqdm.auto would warn)."""
    import importlib.util

    return importlib.util.find_spec("ipywidgets") is not None
