"""Typed tables from hunting results and entity lists: pyarrow, pandas, polars.

The columns are built in Rust and handed over through the Arrow PyCapsule interface
(``__arrow_c_stream__``), so no row ever becomes a Python dict on the way. The libraries are
optional extras: ``pip install 'mdekit[arrow]'`` (pyarrow), ``'mdekit[pandas]'`` (pandas and
pyarrow) or ``'mdekit[polars]'``.

Column types follow the result's schema (Kusto type names):

========================  =============================  ===========================
Kusto type                Arrow / polars                 pandas
========================  =============================  ===========================
DateTime                  timestamp[ns, tz=UTC]          ``datetime64[ns, UTC]``
Int, Int32                int32 (nullable)               ``Int32``
Int64, Long               int64 (nullable)               ``Int64``
Real, Double, Decimal     float64                        ``float64`` (NaN for null)
Boolean                   bool                           ``boolean``
Dynamic                   string, JSON text              parsed objects (text if not JSON)
String, Guid, others      string                         ``object`` (str)
========================  =============================  ===========================

A value that does not fit its type (an unreadable date, or one outside 1677-2262 such as the
service's ``0001-01-01`` placeholder) becomes null. Each Arrow field's metadata keeps the Kusto
type under ``mdekit.kusto_type``.
"""

from __future__ import annotations

import importlib
import itertools
import json
from collections.abc import Callable
from typing import Any

KUSTO_TYPE_KEY = b"mdekit.kusto_type"


def _need(module: str, extra: str, what: str) -> Any:
    try:
        return importlib.import_module(module)
    except ImportError:
        raise ImportError(
            f"{what} needs the optional dependency {module!r}; "
            f"install it with: pip install 'mdekit[{extra}]'"
        ) from None


def _json_loads() -> Callable[[str], Any]:
    """orjson parses faster when it is installed; json gives the same values."""
    try:
        orjson = importlib.import_module("orjson")
    except ImportError:  # pragma: no cover - depends on the environment
        return json.loads
    loads: Callable[[str], Any] = orjson.loads
    return loads


_loads: Callable[[str], Any] | None = None


def _set_loads() -> Callable[[str], Any]:
    # Chosen on first use, so `import mdekit` does not import orjson.
    global _loads
    _loads = _json_loads()
    return _loads


def _parse_dynamic(value: Any) -> Any:
    if value is None:
        return None
    if value == "{}":  # the common empty AdditionalFields, without a parser call
        return {}
    try:
        return (_loads or _set_loads())(value)
    except ValueError:
        return value


def to_arrow(data: Any) -> Any:
    """``pyarrow.Table`` from any object with ``__arrow_c_stream__``.

    Raises:
        ImportError: pyarrow is not installed (extra ``arrow``).
    """
    pa = _need("pyarrow", "arrow", "to_arrow()")
    return pa.table(data)


def to_pandas(data: Any) -> Any:
    """``pandas.DataFrame`` with nullable integer and boolean dtypes, UTC datetimes, and Dynamic
    columns parsed to Python objects.

    Raises:
        ImportError: pandas or pyarrow is not installed (extra ``pandas``).
    """
    pa = _need("pyarrow", "pandas", "to_pandas()")
    pd = _need("pandas", "pandas", "to_pandas()")
    table = pa.table(data)
    nullable = {
        pa.int32(): pd.Int32Dtype(),
        pa.int64(): pd.Int64Dtype(),
        pa.bool_(): pd.BooleanDtype(),
    }
    df = table.to_pandas(types_mapper=nullable.get)
    for field in table.schema:
        meta = field.metadata or {}
        if meta.get(KUSTO_TYPE_KEY, b"").lower() in (b"dynamic", b"object"):
            if hasattr(data, "_json_column"):  # mdekit's own columns: parsed in Rust
                df[field.name] = data._json_column(field.name)
            else:
                df[field.name] = [_parse_dynamic(v) for v in table.column(field.name).to_pylist()]
        elif pa.types.is_nested(field.type):
            # pyarrow's own conversion of lists and structs turns their date-times into
            # integers and their nullable integers into floats; Python objects keep both.
            df[field.name] = table.column(field.name).to_pylist()
    return df


def write_ipc(data: Any, sink: Any, compression: str | None = "zstd") -> int:
    """Writes ``data`` (a ``pyarrow.Table``, an object with ``__arrow_c_stream__``, or an
    iterable of ``pyarrow.RecordBatch`` of one schema) to ``sink`` as an Arrow IPC stream, the
    format ``pyarrow.ipc.open_stream``, polars' ``read_ipc_stream`` and DuckDB read.

    Args:
        sink: A path (``str`` or ``os.PathLike``; the file is replaced) or a writable binary
            file object or ``pyarrow.NativeFile``.
        compression: ``"zstd"`` (default), ``"lz4"`` or ``None`` for uncompressed buffers.

    Returns:
        The number of rows written.

    Raises:
        ImportError: pyarrow is not installed (extra ``arrow``).
        ValueError: ``compression`` is not one of those.
    """
    pa = _need("pyarrow", "arrow", "to_ipc()")
    import os

    from pyarrow import ipc

    if compression not in ("zstd", "lz4", None):
        raise ValueError(f"compression must be 'zstd', 'lz4' or None, not {compression!r}")
    options = ipc.IpcWriteOptions(compression=compression)  # type: ignore[arg-type]
    if isinstance(sink, (str, os.PathLike)):
        sink = os.fspath(sink)
    if hasattr(data, "__arrow_c_stream__") or isinstance(data, pa.Table):
        table = data if isinstance(data, pa.Table) else pa.table(data)
        batches: Any = table.to_batches()
        schema = table.schema
    else:
        batches = iter(data)
        first = next(batches, None)
        if first is None:
            raise ValueError("no record batch to take the stream's schema from")
        schema = first.schema
        batches = itertools.chain([first], batches)
    rows = 0
    with ipc.new_stream(sink, schema, options=options) as writer:
        for batch in batches:
            writer.write_batch(batch)
            rows += batch.num_rows
    return rows


async def write_ipc_async(table: Any, sink: Any, compression: str | None = "zstd") -> int:
    """Awaits ``table`` (an awaitable of a ``pyarrow.Table``), then :func:`write_ipc` in a
    worker thread, so the event loop never waits on the file."""
    import asyncio

    return await asyncio.to_thread(write_ipc, await table, sink, compression)


def to_polars(data: Any) -> Any:
    """``polars.DataFrame`` (Dynamic columns stay JSON text; ``str.json_decode`` parses them).

    Raises:
        ImportError: polars is not installed (extra ``polars``).
    """
    pl = _need("polars", "polars", "to_polars()")
    return pl.DataFrame(data)
