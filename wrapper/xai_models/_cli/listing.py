"""`xai-models list`: every model as one row, with its aliases and prices."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any, TextIO

from .._schema.columns import COLUMNS
from .._schema.families import ENDPOINT_FAMILIES
from .output import add_output_options, emit

KINDS = {"all": None, **{family.label: family.name for family in ENDPOINT_FAMILIES[1:]}}
"""--kind: each choice and the family it keeps (`None`: every family; /v1/models lists all)."""
SORTS = {column.sort: column.key for column in COLUMNS if column.sort is not None}
"""--sort: each choice and the row key it orders by."""
TABLE_KEYS = tuple(column.key for column in COLUMNS if column.table)
"""The columns of the default table (every key of a row with --fields or another format)."""


def add_parser(commands: Any) -> None:
    listing = commands.add_parser("list", help="list models with aliases and prices")
    listing.add_argument("--kind", choices=list(KINDS), default="all")
    listing.add_argument("--modality", help="keep models with this input or output modality")
    add_output_options(listing, sort=tuple(SORTS))


def run(args: argparse.Namespace, out: TextIO) -> int:
    from .._model.rows import model_rows, record_of  # noqa: PLC0415
    from .._schema.columns import ROW_KEYS  # noqa: PLC0415
    from .context import live_catalog  # noqa: PLC0415

    catalog = live_catalog(args)
    family = KINDS[args.kind]
    rows = [record_of(row) for row in model_rows(catalog, None if family is None else [family])]
    if args.modality is not None:
        rows = [
            row for row in rows
            if args.modality in row["input_modalities"] + row["output_modalities"]
        ]  # fmt: skip
    rows.sort(key=_sort_key(args.sort))
    emit(args, out, rows, ROW_KEYS, TABLE_KEYS)
    return 0


def _sort_key(sort: str) -> Callable[[dict[str, Any]], Any]:
    key = SORTS[sort]
    return lambda row: (row[key] is None, row[key] if row[key] is not None else 0, row["id"])
