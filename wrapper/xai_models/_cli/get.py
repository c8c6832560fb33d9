"""`xai-models get NAME...`: the model an id or alias names, as every family describes it."""

from __future__ import annotations

import argparse
import json
from typing import Any, TextIO

from .output import add_output_options, cell, emit


def add_parser(commands: Any) -> None:
    get = commands.add_parser("get", help="show the model an id or alias names, every family")
    get.add_argument("names", nargs="+", metavar="NAME", help="a model id or alias")
    add_output_options(get)


def run(args: argparse.Namespace, out: TextIO) -> int:
    from .._model.codec import encode  # noqa: PLC0415
    from .._model.families import FAMILIES  # noqa: PLC0415
    from .._model.rows import KIND_LABELS, model_rows, record_of  # noqa: PLC0415
    from .._schema.columns import DESCRIBED, ROW_KEYS  # noqa: PLC0415
    from .._schema.prices import PRICE_FIELDS  # noqa: PLC0415
    from .context import live_catalog  # noqa: PLC0415

    catalog = live_catalog(args)
    ids = list(dict.fromkeys(model.id for name in args.names for model in catalog.find(name)))
    by_id = {row.id: row for row in model_rows(catalog)}
    rows = []
    for model_id in ids:
        row = record_of(by_id[model_id])
        row["families"] = {
            family.name: encode(model)
            for family in FAMILIES
            for model in catalog.family(family)
            if model.id == model_id
        }
        rows.append(row)
    if args.quiet or (args.format or "table") != "table" or args.fields:
        known = (*ROW_KEYS, "families")
        default = ROW_KEYS if args.format in ("csv", "markdown") else known
        emit(args, out, rows, known, default)
        return 0
    shown = {*DESCRIBED, "object", "owned_by", *(field.name for field in PRICE_FIELDS)}
    for index, row in enumerate(rows):
        if index:
            out.write("\n")
        kinds = ", ".join(row["kinds"])
        out.write(f"{row['id']} ({kinds})\n")
        lines = [(_label(key), cell(key, row[key])) for key in ROW_KEYS[1:]
                 if row[key] not in (None, [])]  # fmt: skip
        for family, fields in row["families"].items():
            for key, value in fields.items():
                if key not in shown:
                    lines.append((f"{KIND_LABELS[family]}.{key}", _plain_text(value)))
        width = max(len(key) for key, _ in lines)
        for key, text in lines:
            out.write(f"  {key.ljust(width)}  {text}\n")
    return 0


def _label(key: str) -> str:
    """A row key as a `get` block names it: usd_per_million_prompt_tokens -> $/1M prompt tokens."""
    return key.replace("usd_per_million_", "$/1M ").replace("usd_per_", "$/").replace("_", " ")


def _plain_text(value: Any) -> str:
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return ", ".join(value) or "-"
    if isinstance(value, list | dict):
        return json.dumps(value, separators=(", ", ": "))
    return str(value)
