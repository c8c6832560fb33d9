"""Plain tables, one row per model: csv, markdown and jsonl.

Their columns are the model row's (`ROW_KEYS` of `_model/rows.py`), the keys `xai-models list`
shows: the same key for the same quantity, so the audit reads either. Prices are exact decimals;
an absent price is an empty cell (csv), `-` (markdown) or null (jsonl).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

from .._model.catalog import Catalog
from .._model.input import json_type, parse_json
from .._model.rows import record_of
from .._schema.columns import ROW_KEYS
from .._schema.prices import PRICE_FIELDS, THRESHOLD
from .base import Cells, InvalidTableError, TableEntry, TableFormat, read_text
from .common import rows_of

__all__ = ["FORMATS"]

COLUMNS = ROW_KEYS


def _records(catalog: Catalog) -> list[dict[str, Any]]:
    return [record_of(row) for row in rows_of(catalog, frozenset({"language", "image", "video"}))]


def _cell(value: Any, empty: str) -> str:
    if value is None:
        return empty
    if isinstance(value, list):
        return " ".join(value)
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    return str(value)


def write_csv(catalog: Catalog, aliases: bool) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    for record in _records(catalog):
        if not aliases:
            record["aliases"] = []
        writer.writerow([_cell(record[c], "") for c in COLUMNS])
    return buffer.getvalue()


def write_markdown(catalog: Catalog, aliases: bool) -> str:
    lines = ["| " + " | ".join(COLUMNS) + " |", "|" + "|".join("---" for _ in COLUMNS) + "|"]
    for record in _records(catalog):
        if not aliases:
            record["aliases"] = []
        lines.append("| " + " | ".join(_cell(record[c], "-") for c in COLUMNS) + " |")
    return "\n".join(lines) + "\n"


def write_jsonl(catalog: Catalog, aliases: bool) -> str:
    out = []
    for record in _records(catalog):
        if not aliases:
            record["aliases"] = []
        plain = {k: format(v.normalize(), "f") if isinstance(v, Decimal) else v
                 for k, v in record.items()}  # fmt: skip
        out.append(json.dumps(plain, separators=(",", ":")) + "\n")
    return "".join(out)


MAX_ID = 256
"""The longest model id a row may have (xAI's are under 40 characters)."""
CONTEXT_COLUMNS = ("context_length", "context")
"""`context_length` is the row's key; `context` what exports before 0.2 wrote."""


def _entry(record: dict[str, Any], where: str) -> TableEntry:
    cells = Cells()

    def stated(key: str) -> Any:
        value = record.get(key)
        return None if value in ("", "-") else value

    def count(keys: tuple[str, ...], field: str) -> int | None:
        value = next((record[key] for key in keys if stated(key) is not None), None)
        return cells.count(value, field)

    model_id = record.get("id")
    if not isinstance(model_id, str) or not model_id.strip():
        raise InvalidTableError(f"{where}: a row has no id")
    if len(model_id) > MAX_ID:
        raise InvalidTableError(f"{where}: an id of {len(model_id):,} characters is no model id")
    price: dict[str, Decimal | int | None] = {
        field.short: count((field.key,), field.short)
        if field.unit == THRESHOLD
        else cells.price(stated(field.key), field.short)
        for field in PRICE_FIELDS
        if field.key in record
    }
    return TableEntry(
        their_id=model_id,
        model_id=model_id.strip(),
        price=price,
        context=count(CONTEXT_COLUMNS, "context_length"),
        problems=tuple(cells.problems),
    )


def _row(header: list[str], cells: list[str], where: str) -> TableEntry:
    if len(cells) != len(header):
        raise InvalidTableError(
            f"{where}: {len(cells)} cells where the header has {len(header)} (a cut or broken file)"
        )
    return _entry(dict(zip(header, cells, strict=True)), where)


def read_csv(path: Path) -> list[TableEntry]:
    reader = csv.reader(io.StringIO(read_text(path), newline=""))
    try:
        header = next(reader, None)
        if header is None:
            raise InvalidTableError(f"{path}: no rows")
        if "id" not in header:
            raise InvalidTableError(f"{path}: not a CSV price table (no model column 'id')")
        entries = []
        for number, cells in enumerate(reader, 2):
            if not cells:
                continue
            entries.append(_row(header, cells, f"{path}, row {number}"))
    except csv.Error as exc:
        raise InvalidTableError(f"{path}, row {reader.line_num}: not CSV: {exc}") from None
    if not entries:
        raise InvalidTableError(f"{path}: no rows")
    return entries


def read_markdown(path: Path) -> list[TableEntry]:
    lines = [line.strip() for line in read_text(path).splitlines() if line.strip().startswith("|")]
    if len(lines) < 2:
        raise InvalidTableError(f"{path}: no Markdown table")
    header = [cell.strip() for cell in lines[0].strip("|").split("|")]
    if "id" not in header:
        raise InvalidTableError(f"{path}: not a Markdown price table (no model column 'id')")
    entries = []
    for number, line in enumerate(lines[2:], 3):
        cells = [cell.strip() for cell in line.strip("|").split("|")]
        entries.append(_row(header, cells, f"{path}, row {number}"))
    if not entries:
        raise InvalidTableError(f"{path}: no rows")
    return entries


def read_jsonl(path: Path) -> list[TableEntry]:
    entries = []
    for number, line in enumerate(read_text(path).splitlines(), 1):
        if line.strip():
            where = f"{path}, line {number}"
            record = parse_json(line, where, InvalidTableError, exact=True)
            if not isinstance(record, dict):
                raise InvalidTableError(f"{where}: expected an object, got {json_type(record)}")
            entries.append(_entry(record, where))
    if not entries:
        raise InvalidTableError(f"{path}: no rows")
    return entries


def _sniff(suffix: str, first: str) -> Callable[[Path, str], bool]:
    def sniff(path: Path, text: str) -> bool:
        return path.suffix == suffix or text.lstrip().startswith(first)

    return sniff


FORMATS = (
    TableFormat(name="csv", write=write_csv, read=read_csv, sniff=_sniff(".csv", "id,kinds,")),
    TableFormat(name="markdown", write=write_markdown, read=read_markdown,
                sniff=_sniff(".md", "| id |")),
    TableFormat(name="jsonl", write=write_jsonl, read=read_jsonl,
                sniff=_sniff(".jsonl", '{"id":')),
)  # fmt: skip
