"""The one renderer of the command line: rows as table, JSON, JSONL, CSV or Markdown, with the
options every command that prints rows shares (--format, --json, --fields, -q), every column's
header, and how each value reads in a table.

The core (types, prices, catalog) knows nothing of this module; every command renders through it.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any, Final, TextIO

from .._schema.columns import COLUMNS
from .._schema.columns import CONTEXT as COUNT_KEY
from .._schema.prices import PRICE_FIELDS
from .._schema.units import money
from .errors import UsageError

__all__ = [
    "FORMATS",
    "HEADERS",
    "add_output_options",
    "cell",
    "emit",
    "money",
    "names",
    "print_table",
    "render_rows",
    "utc_date",
    "write_json",
]

FORMATS = ("table", "json", "jsonl", "csv", "markdown")
HEADERS: Final = {
    **{column.key: column.header for column in COLUMNS},
    "line": "LINE", "item": "ITEM", "quantity": "QUANTITY", "unit": "UNIT",
    "usd_per_unit": "USD/UNIT", "usd": "USD", "ticks": "TICKS", "price_source": "PRICE FROM",
    "tier": "TIER", "billed_ticks": "BILLED",
    "type": "CHANGE", "description": "WHAT", "date": "DATE", "field": "FIELD",
    "kind": "FINDING", "model": "MODEL", "their_id": "THEIR ID", "theirs": "THEIRS",
    "ours": "OURS", "ratio": "RATIO",
}  # fmt: skip
"""The table header of every column any command shows."""
MONEY_KEYS: Final = frozenset(field.key for field in PRICE_FIELDS if field.places is not None)
RIGHT: Final = frozenset(
    {*MONEY_KEYS, COUNT_KEY, *(f.key for f in PRICE_FIELDS if f.places is None)}
)
"""Columns right-aligned in tables: money and token counts."""


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


def add_output_options(parser: argparse.ArgumentParser, *, sort: Sequence[str] = ()) -> None:
    """--format, --json, --fields and -q (and --sort, given its choices)."""
    parser.add_argument("--format", choices=FORMATS, help="output format (default: table)")
    parser.add_argument(
        "--json", dest="format", action="store_const", const="json", help="--format json"
    )
    parser.add_argument("--fields", type=names, metavar="A,B,...", help="columns or keys to show")
    if sort:
        parser.add_argument("--sort", choices=sort, default="id", help="order of the rows")
    parser.add_argument("-q", "--quiet", action="store_true", help="print model ids only")


def names(text: str) -> list[str]:
    """A comma-separated list of names (at least one)."""
    found = [name.strip() for name in text.split(",") if name.strip()]
    if not found:
        raise argparse.ArgumentTypeError("name at least one field")
    return found


def cell(key: str, value: Any) -> str:
    """How a row value reads in a table, CSV aside: money as money, dates as dates."""
    if value is None or value == []:
        return "-"
    if key in MONEY_KEYS:
        return money(value)
    if key == "ratio":
        return f"{value:.4g}"  # every digit stays in JSON
    if key == "created":
        return utc_date(datetime.fromtimestamp(value, UTC))
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}"
    if key == "aliases" and len(value) > 3:
        return f"{', '.join(value[:3])} (+{len(value) - 3})"
    if isinstance(value, list):
        return ", ".join(map(str, value))
    return str(value)


def columns(args: argparse.Namespace, known: Sequence[str], default: Sequence[str]) -> list[str]:
    """The columns --fields names (each one known), else `default`."""
    if not args.fields:
        return list(default)
    unknown = [name for name in args.fields if name not in known]
    if unknown:
        raise UsageError(f"unknown field {', '.join(unknown)}; choose from {', '.join(known)}")
    return list(args.fields)


def emit(
    args: argparse.Namespace,
    out: TextIO,
    rows: list[dict[str, Any]],
    known: Sequence[str],
    table_default: Sequence[str],
    *,
    document: Any = None,
) -> None:
    """Print rows as --format, --fields and -q ask (the one renderer every command uses)."""
    if args.quiet:
        for model_id in dict.fromkeys(str(row["id"]) for row in rows):
            out.write(model_id + "\n")
        return
    fmt = args.format or "table"
    default = table_default if fmt in ("table", "markdown") else known
    render_rows(rows, columns(args, known, default), fmt, out, cell=cell, headers=HEADERS,
                right=RIGHT, document=document if not args.fields else None)  # fmt: skip


def print_table(
    header: list[str], rows: list[list[str]], out: TextIO, right: range = range(0)
) -> None:
    """An aligned table of texts, the columns in `right` right-aligned."""
    widths = [max(len(str(cell)) for cell in column) for column in zip(header, *rows, strict=True)]
    for line in (header, *rows):
        cells = [
            str(text).rjust(width) if index in right else str(text).ljust(width)
            for index, (text, width) in enumerate(zip(line, widths, strict=True))
        ]
        out.write("  ".join(cells).rstrip() + "\n")


def write_json(out: TextIO, document: Any) -> None:
    json.dump(document, out, indent=2)
    out.write("\n")
