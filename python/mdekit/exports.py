"""Via-files exports: the SAS URLs of an export assessment, and their rows.

``client.exports.software_vulnerabilities_via_files()`` (and the other ``*_via_files``
methods) return an :class:`Export`. Its ``files`` are the SAS URLs of gzip JSON Lines files,
the hand-off to Spark, Databricks or DuckDB, which read them themselves. Its methods download
them concurrently (no bearer token, as documented; the client's retries and timeouts apply),
decompress them as a stream and decode them in Rust into typed Arrow record batches:

- ``for row in export`` / ``async for row in export``: dicts, camelCase keys;
- ``iter_batches()``: ``pyarrow.RecordBatch`` objects, one file's rows after another's;
- ``to_arrow()``, ``to_polars()``, ``to_pandas()``: the whole export in memory;
- ``to_parquet(path)``: a Parquet dataset written one batch at a time, one part per file,
  resumable.

Column names are camelCase whichever casing the files use (the property tables' PascalCase,
the JSON flavour's camelCase); documented timestamps are UTC (``timestamp[us, tz=+00:00]``)
whether the service writes ``2021-01-11 11:01:00.1234567`` or ``2021-01-11T11:01:00Z``; columns
the docs do not list pass through with the type of their values.

Memory is bounded by ``concurrency`` (default 4), not by the size of the export: at most
``concurrency`` files are held compressed and decoded at a time, and at most
``2 * concurrency`` decoded batches of ``batch_rows`` rows (default 16,384) wait to be consumed.
``to_parquet`` writes each batch as it arrives, so its peak stays there however many files the
export has (measured: the same peak for 100,000 and 400,000 records in files of 50,000 with
``MALLOC_MMAP_THRESHOLD_=131072``; glibc's default dynamic threshold lets the process keep up to
a few tens of MB more of freed memory); ``to_arrow``, ``to_polars`` and ``to_pandas`` hold the
whole export, by design.

pyarrow, polars and pandas are optional: ``pip install 'mdekit[arrow]'``, ``'mdekit[polars]'``,
``'mdekit[pandas]'``.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import json
import os
from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path
from typing import Any

from mdekit import _progress
from mdekit import frames as _frames
from mdekit.frames import _need


async def _in_thread(fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Any:
    # asyncio is imported on first use: it is a fifth of `import mdekit`'s time otherwise.
    import asyncio

    return await asyncio.to_thread(fn, *args, **kwargs)


MANIFEST = "_mdekit_manifest.json"
"""The file in a dataset folder that records which parts are complete (see ``to_parquet``)."""


def _parse_time(text: str | None) -> _dt.datetime | None:
    if not text:
        return None
    try:
        return _dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None


class Export:
    """The files of one via-files export, and their rows.

    Attributes:
        files: The SAS URLs (``list[str]``) of the gzip JSON Lines files. They are the credential
            to the data until ``expires``: do not log them.
        generated_time: When the service generated the snapshot (``datetime``, UTC).
        expires: When the earliest URL expires (``datetime``, UTC), or None. After that, downloads
            raise ``PermissionDeniedError`` saying to call the export again.
        assessment: The assessment's name, e.g. ``"software_vulnerabilities"``.
    """

    def __init__(self, reader: Any) -> None:
        self._reader = reader
        self.files: list[str] = list(reader.files)
        self.generated_time: _dt.datetime | None = _parse_time(reader.generated_time)
        self.expires: _dt.datetime | None = _parse_time(reader.expires)
        self.assessment: str = reader.assessment

    def __repr__(self) -> str:
        # Never the URLs: their query string is the credential.
        return (f"<Export {self.assessment} files={len(self.files)} "
                f"generated_time={self._reader.generated_time}>")

    def __len__(self) -> int:
        """The number of files."""
        return len(self.files)

    # -- rows ----------------------------------------------------------------------------

    def __iter__(self) -> Iterator[dict[str, Any]]:
        """Every row as a dict (camelCase keys, values as the files have them)."""
        for kind, _, rows in self._reader.rows():
            if kind == "rows":
                yield from rows

    async def __aiter__(self) -> AsyncIterator[dict[str, Any]]:
        stream = self._reader.rows()
        while True:
            event: Any = await _in_thread(next, stream, None)
            if event is None:
                return
            kind, _, rows = event
            if kind == "rows":
                for row in rows:
                    yield row

    # -- Arrow ---------------------------------------------------------------------------

    def iter_batches(self, *, concurrency: int = 4, batch_rows: int = 16_384) -> Iterator[Any]:
        """``pyarrow.RecordBatch`` objects of every file, each file's batches in order.

        Args:
            concurrency: Files downloaded and decoded at once (1-64).
            batch_rows: Rows per batch at most.

        Raises:
            ImportError: pyarrow is not installed (extra ``arrow``).
            PermissionDeniedError: A URL expired (call the export again).
            MdeError: A download failed after the client's retries, or a file is not gzip
                JSON Lines.
        """
        pa = _need("pyarrow", "arrow", "iter_batches()")
        for kind, _, data in self._reader.batches(concurrency=concurrency,
                                                  batch_rows=batch_rows):
            if kind == "batch":
                yield from pa.table(data).to_batches()

    async def aiter_batches(self, *, concurrency: int = 4,
                            batch_rows: int = 16_384) -> AsyncIterator[Any]:
        """Async twin of :meth:`iter_batches`."""
        pa = _need("pyarrow", "arrow", "aiter_batches()")
        stream = self._reader.batches(concurrency=concurrency, batch_rows=batch_rows)
        while True:
            event: Any = await _in_thread(next, stream, None)
            if event is None:
                return
            kind, _, data = event
            if kind == "batch":
                for b in pa.table(data).to_batches():
                    yield b

    def to_arrow(self, *, concurrency: int = 4) -> Any:
        """The whole export as one ``pyarrow.Table`` (in memory).

        Raises:
            ImportError: pyarrow is not installed (extra ``arrow``).
        """
        pa = _need("pyarrow", "arrow", "to_arrow()")
        batches = list(self.iter_batches(concurrency=concurrency))
        if not batches:
            return pa.table({})
        return pa.Table.from_batches(batches)

    def to_polars(self, *, concurrency: int = 4) -> Any:
        """The whole export as a ``polars.DataFrame``.

        Raises:
            ImportError: polars or pyarrow is not installed (extras ``polars`` and ``arrow``).
        """
        pl = _need("polars", "polars", "to_polars()")
        return pl.from_arrow(self.to_arrow(concurrency=concurrency))

    def to_pandas(self, *, concurrency: int = 4) -> Any:
        """The whole export as a ``pandas.DataFrame`` (nullable integer and boolean dtypes,
        UTC datetimes).

        Raises:
            ImportError: pandas or pyarrow is not installed (extra ``pandas``).
        """
        pa = _need("pyarrow", "pandas", "to_pandas()")
        pd = _need("pandas", "pandas", "to_pandas()")
        nullable = {pa.int64(): pd.Int64Dtype(), pa.bool_(): pd.BooleanDtype()}
        return self.to_arrow(concurrency=concurrency).to_pandas(types_mapper=nullable.get)

    def to_ipc(self, sink: Any, *, concurrency: int = 4,
               compression: str | None = "zstd") -> int:
        """Writes the export to ``sink`` (a path or a writable binary file) as an Arrow IPC
        stream, batch by batch as the files are decoded (never the whole export in memory).
        Returns the rows written.

        Raises:
            ImportError: pyarrow is not installed (extra ``arrow``).
            ValueError: The export has no rows to take a schema from, or ``compression`` is
                not ``"zstd"``, ``"lz4"`` or ``None``.
            PermissionDeniedError: A URL expired (call the export again).
        """
        return _frames.write_ipc(self.iter_batches(concurrency=concurrency), sink, compression)

    async def ato_ipc(self, sink: Any, *, concurrency: int = 4,
                      compression: str | None = "zstd") -> int:
        """Async twin of :meth:`to_ipc` (written in a worker thread)."""
        return await _in_thread(self.to_ipc, sink, concurrency=concurrency,
                                       compression=compression)

    async def ato_arrow(self, *, concurrency: int = 4) -> Any:
        """Async twin of :meth:`to_arrow`."""
        return await _in_thread(self.to_arrow, concurrency=concurrency)

    async def ato_polars(self, *, concurrency: int = 4) -> Any:
        """Async twin of :meth:`to_polars`."""
        return await _in_thread(self.to_polars, concurrency=concurrency)

    async def ato_pandas(self, *, concurrency: int = 4) -> Any:
        """Async twin of :meth:`to_pandas`."""
        return await _in_thread(self.to_pandas, concurrency=concurrency)

    # -- Parquet -------------------------------------------------------------------------

    def to_parquet(self, path: str | os.PathLike[str], *, concurrency: int = 4,
                   batch_rows: int = 16_384, overwrite: bool = False,
                   progress: bool | Callable[[int, int, int], Any] | None = None,
                   compression: str = "zstd") -> dict[str, Any]:
        """Writes the export as a Parquet dataset, one batch at a time.

        ``path`` is a folder: each source file becomes one part, ``<blob name>.parquet``
        (``part-00000-<guid>.c000.parquet``), written to a temporary name and renamed once
        complete, and ``_mdekit_manifest.json`` records the finished parts. Calling again with
        the same folder (after a failure, or with a fresh ``Export`` of the same snapshot once
        the URLs expired) skips the finished parts, so no row is written twice. A path ending
        in ``.parquet`` is one file instead (not resumable).

        Memory stays bounded however large the export: about ``concurrency`` compressed files
        plus ``3 * concurrency`` batches of ``batch_rows`` rows (see the module docstring).

        Args:
            path: The dataset folder (created if needed), or a ``.parquet`` file.
            concurrency: Files downloaded and decoded at once (1-64).
            batch_rows: Rows per batch (and Parquet row group) at most.
            overwrite: Remove what the folder holds of another snapshot first (otherwise that
                is a ``ValueError``).
            progress: None (a bar when stderr is a terminal), True, False, or a callable
                receiving ``(files_done, files_left, rows)``.
            compression: The Parquet codec (``"zstd"``, ``"snappy"``, ``"none"``...).

        Returns:
            ``{"path", "files", "written", "skipped", "rows"}``: the files written now,
            those already complete, and the rows written now.

        Raises:
            ImportError: pyarrow is not installed (extra ``arrow``).
            ValueError: The folder holds another snapshot's parts and ``overwrite`` is False.
            PermissionDeniedError: A URL expired; call the export again and write to the same
                folder to resume.
            MdeError: A download failed after the client's retries.
        """
        pa = _need("pyarrow", "arrow", "to_parquet()")
        pq = _need("pyarrow.parquet", "arrow", "to_parquet()")
        target = Path(path)
        if target.suffix == ".parquet":
            return self._to_parquet_file(pa, pq, target, concurrency, batch_rows, progress,
                                         compression)
        target.mkdir(parents=True, exist_ok=True)
        names = list(self._reader.part_names())
        manifest_path = target / MANIFEST
        manifest = self._manifest(manifest_path, target, overwrite)
        done: dict[str, int] = manifest["parts"]
        pending = [i for i, n in enumerate(names)
                   if not (n in done and (done[n] == 0 or (target / f"{n}.parquet").exists()))]
        report = _progress.for_split(progress, desc="export", unit="file")
        rows_written = 0
        files_done = len(names) - len(pending)
        writers: dict[int, Any] = {}
        try:
            if report:
                report.update(files_done, len(pending), 0)
            if pending:
                stream = self._reader.batches(concurrency=concurrency, indices=pending,
                                              batch_rows=batch_rows)
                for kind, i, data in stream:
                    tmp = target / f".{names[i]}.parquet.partial"
                    if kind == "batch":
                        table = pa.table(data)
                        w = writers.get(i)
                        if w is None:
                            w = writers[i] = pq.ParquetWriter(tmp, table.schema,
                                                              compression=compression)
                        w.write_table(table, row_group_size=batch_rows)
                        rows_written += table.num_rows
                    else:  # "done": the part is complete
                        w = writers.pop(i, None)
                        final = target / f"{names[i]}.parquet"
                        if w is not None:
                            w.close()
                            os.replace(tmp, final)
                        done[names[i]] = int(data)
                        self._save(manifest_path, manifest)
                        files_done += 1
                    if report:
                        report.update(files_done, len(names) - files_done, rows_written)
        finally:
            for i, w in writers.items():
                with contextlib.suppress(Exception):
                    w.close()
                with contextlib.suppress(OSError):
                    (target / f".{names[i]}.parquet.partial").unlink()
            if report:
                report.close()
        return {"path": str(target), "files": len(names), "written": len(pending),
                "skipped": len(names) - len(pending), "rows": rows_written}

    async def ato_parquet(self, path: str | os.PathLike[str], **options: Any) -> dict[str, Any]:
        """Async twin of :meth:`to_parquet` (same arguments)."""
        return await _in_thread(self.to_parquet, path, **options)

    def _manifest(self, manifest_path: Path, target: Path, overwrite: bool) -> dict[str, Any]:
        fresh = {"assessment": self.assessment, "generated_time": self._reader.generated_time,
                 "parts": {}}
        if not manifest_path.exists():
            return fresh
        try:
            manifest: dict[str, Any] = json.loads(manifest_path.read_text())
        except (OSError, ValueError):
            manifest = {}
        same = (manifest.get("assessment") == self.assessment
                and manifest.get("generated_time") == self._reader.generated_time)
        if same and isinstance(manifest.get("parts"), dict):
            return manifest
        if not overwrite:
            raise ValueError(
                f"{target} holds the {manifest.get('assessment')} snapshot generated at "
                f"{manifest.get('generated_time')}, not this {self.assessment} snapshot "
                f"({self._reader.generated_time}); write to another folder or pass "
                "overwrite=True")
        for old in target.glob("*.parquet"):
            old.unlink()
        manifest_path.unlink()
        return fresh

    @staticmethod
    def _save(manifest_path: Path, manifest: dict[str, Any]) -> None:
        tmp = manifest_path.with_name(manifest_path.name + ".partial")
        tmp.write_text(json.dumps(manifest, indent=1, sort_keys=True))
        os.replace(tmp, manifest_path)

    def _to_parquet_file(self, pa: Any, pq: Any, target: Path, concurrency: int,
                         batch_rows: int, progress: Any, compression: str) -> dict[str, Any]:
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(f".{target.name}.partial")
        report = _progress.for_split(progress, desc="export", unit="file")
        writer = None
        rows = files_done = 0
        try:
            for kind, _, data in self._reader.batches(concurrency=concurrency,
                                                      batch_rows=batch_rows):
                if kind == "batch":
                    table = pa.table(data)
                    if writer is None:
                        writer = pq.ParquetWriter(tmp, table.schema, compression=compression)
                    writer.write_table(table, row_group_size=batch_rows)
                    rows += table.num_rows
                else:
                    files_done += 1
                if report:
                    report.update(files_done, len(self.files) - files_done, rows)
            if writer is not None:
                writer.close()
                writer = None
                os.replace(tmp, target)
        finally:
            if writer is not None:
                with contextlib.suppress(Exception):
                    writer.close()
                with contextlib.suppress(OSError):
                    tmp.unlink()
            if report:
                report.close()
        return {"path": str(target), "files": len(self.files), "written": len(self.files),
                "skipped": 0, "rows": rows}
