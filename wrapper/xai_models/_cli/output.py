"""Rendering for the command line: money, dates, and rows as table, JSON, JSONL, CSV or Markdown.

The core (types, prices, catalog) knows nothing of this module; every command renders through it.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any, TextIO

from .._model.pricing import money

__all__ = ["FORMATS", "money", "render_rows", "utc_date"]

FORMATS = ("table", "json", "jsonl", "csv", "markdown")


def utc_date(moment: datetime | None) -> str:
    return "-" if moment is None else moment.astimezone(UTC).strftime("%Y-%m-%d")


def plain(value: Any) -> Any:
    """A value as JSON writes it: Decimals as exact strings, datetimes as ISO text."""
    if isinstance(value, Decimal):
        return f"{value:f}"
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, tuple | list):
        return [plain(item) for item in value]
    if isinstance(value, dict):
        return {key: plain(item) for key, item in value.items()}
    return value


def render_rows(
    rows: Sequence[dict[str, Any]],
    columns: Sequence[str],
    fmt: str,
    out: TextIO,
    *,
    cell: Callable[[str, Any], str] | None = None,
    headers: dict[str, str] | None = None,
    right: frozenset[str] = frozenset(),
    document: Any = None,
) -> None:
    """Write `rows` (dicts of plain JSON values) in `fmt`, keeping `columns` in that order.

    `cell` turns a value into the text of a table, CSV or Markdown cell; `headers` names the table
    columns; `right` right-aligns columns in tables. `document`, when given, is what `json`
    prints instead of the bare list of rows (an object around them).
    """
    picked = [{column: row.get(column) for column in columns} for row in rows]
    if fmt == "json":
        json.dump(plain(document if document is not None else picked), out, indent=2)
        out.write("\n")
        return
    if fmt == "jsonl":
        for row in picked:
            out.write(json.dumps(plain(row), separators=(",", ":")) + "\n")
        return
    show = cell or (lambda _column, value: _text(value))
    texts = [[show(column, row[column]) for column in columns] for row in picked]
    names = [(headers or {}).get(column, column) for column in columns]
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows([[_csv(row[column]) for column in columns] for row in picked])
        out.write(buffer.getvalue())
        return
    if fmt == "markdown":
        out.write("| " + " | ".join(names) + " |\n")
        out.write("|" + "|".join("---:" if c in right else "---" for c in columns) + "|\n")
        for line in texts:
            out.write("| " + " | ".join(text.replace("|", "\\|") for text in line) + " |\n")
        return
    widths = [max(len(text) for text in column) for column in zip(names, *texts, strict=True)]
    for line in (names, *texts):
        cells = [
            text.rjust(width) if column in right else text.ljust(width)
            for column, text, width in zip(columns, line, widths, strict=True)
        ]
        out.write("  ".join(cells).rstrip() + "\n")


def _text(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, list | tuple):
        return ", ".join(map(_text, value)) or "-"
    if isinstance(value, Decimal):
        return f"{value:f}"
    return str(value)


def _csv(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return " ".join(map(str, value))
    return f"{value:f}" if isinstance(value, Decimal) else str(value)
