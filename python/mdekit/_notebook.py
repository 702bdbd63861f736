"""Rich display of results in Jupyter (``_repr_html_``), called by the extension's classes."""

from __future__ import annotations

import html
import json
from typing import Any

#: Rows an HTML preview shows.
PREVIEW_ROWS = 10
MAX_CELL = 80


def _cell(value: Any) -> str:
    if value is None:
        return ""
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    if len(text) > MAX_CELL:
        text = text[: MAX_CELL - 1] + "…"
    return html.escape(text)


def hunting_html(result: Any) -> str:
    """An HTML table of a :class:`mdekit.HuntingResult`'s first rows, with its size."""
    columns = [c["name"] for c in result.schema]
    rows = result.rows[:PREVIEW_ROWS]
    head = "".join(
        f'<th title="{html.escape(c["type"])}">{html.escape(c["name"])}</th>'
        for c in result.schema
    )
    body = "".join(
        "<tr>" + "".join(f"<td>{_cell(row.get(c))}</td>" for c in columns) + "</tr>"
        for row in rows
    )
    note = f"{len(result):,} rows × {len(columns)} columns"
    if len(result) > len(rows):
        note += f", first {len(rows)} shown (.rows or .to_pandas() for all)"
    if result.truncated:
        note += "; <b>truncated at the service's row cap</b> (split=True runs it in windows)"
    return (
        f"<div><p>HuntingResult: {note}</p>"
        f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>"
    )
