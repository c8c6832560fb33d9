"""Plain tables, one row per model: csv, markdown and jsonl.

Columns: id, kinds, aliases, context, USD per 1M prompt / cached / completion tokens, the
long-context prices and threshold, USD per image. Prices are exact decimals; an absent price is
an empty cell (csv), `-` (markdown) or null (jsonl).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

from .._catalog import Catalog
from . import InvalidTableError, TableEntry, TableFormat, decimal_of, int_of, read_text
from ._common import rows_of

__all__ = ["FORMATS"]

COLUMNS = (
    "id", "kinds", "aliases", "context", "usd_per_million_prompt_tokens",
    "usd_per_million_cached_prompt_tokens", "usd_per_million_completion_tokens",
    "usd_per_million_prompt_tokens_long_context",
    "usd_per_million_cached_prompt_tokens_long_context",
    "usd_per_million_completion_tokens_long_context", "long_context_threshold", "usd_per_image",
)  # fmt: skip


def _records(catalog: Catalog) -> list[dict[str, Any]]:
    return [
        dict(zip(COLUMNS, (
            row.id, list(row.kinds), list(row.aliases), row.context_length, row.prompt,
            row.cached_prompt, row.completion, row.prompt_long_context,
            row.cached_prompt_long_context, row.completion_long_context,
            row.long_context_threshold, row.image,
        ), strict=True))
        for row in rows_of(catalog, frozenset({"language", "image", "video"}))
    ]  # fmt: skip


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


def _entry(record: dict[str, Any], where: str) -> TableEntry:
    def price(key: str) -> Decimal | None:
        value = record.get(key)
        return decimal_of(None if value in ("", "-") else value, f"{where}.{key}")

    def whole(key: str) -> int | None:
        value = record.get(key)
        if isinstance(value, str):
            value = None if value in ("", "-") else int(value) if value.isdigit() else value
        return int_of(value, f"{where}.{key}")

    model_id = str(record.get("id") or "")
    if not model_id:
        raise InvalidTableError(f"{where}: a row has no id")
    return TableEntry(
        their_id=model_id,
        model_id=model_id,
        prompt=price("usd_per_million_prompt_tokens"),
        cached_prompt=price("usd_per_million_cached_prompt_tokens"),
        completion=price("usd_per_million_completion_tokens"),
        tier_threshold=whole("long_context_threshold"),
        tier_prompt=price("usd_per_million_prompt_tokens_long_context"),
        tier_cached_prompt=price("usd_per_million_cached_prompt_tokens_long_context"),
        tier_completion=price("usd_per_million_completion_tokens_long_context"),
        context=whole("context"),
        image=price("usd_per_image"),
    )


def read_csv(path: Path) -> list[TableEntry]:
    rows = csv.DictReader(io.StringIO(read_text(path)))
    return [_entry(row, f"{path}, row {i}") for i, row in enumerate(rows, 2)]


def read_markdown(path: Path) -> list[TableEntry]:
    lines = [line.strip() for line in read_text(path).splitlines() if line.strip().startswith("|")]
    if len(lines) < 2:
        raise InvalidTableError(f"{path}: no Markdown table")
    header = [cell.strip() for cell in lines[0].strip("|").split("|")]
    entries = []
    for number, line in enumerate(lines[2:], 3):
        cells = [cell.strip() for cell in line.strip("|").split("|")]
        entries.append(_entry(dict(zip(header, cells, strict=False)), f"{path}, row {number}"))
    return entries


def read_jsonl(path: Path) -> list[TableEntry]:
    entries = []
    for number, line in enumerate(read_text(path).splitlines(), 1):
        if line.strip():
            try:
                record = json.loads(line)
            except ValueError as exc:
                raise InvalidTableError(f"{path}, line {number}: not JSON: {exc}") from None
            if not isinstance(record, dict):
                raise InvalidTableError(f"{path}, line {number}: not a JSON object")
            entries.append(_entry(record, f"{path}, line {number}"))
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
