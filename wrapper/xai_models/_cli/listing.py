"""`xai-models list`: every model as one row, with its aliases and prices."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any, TextIO

from .._schema.prices import PRICE_FIELDS
from .output import add_output_options, emit

KINDS = {
    "all": None,
    "language": "language_models",
    "image": "image_generation_models",
    "video": "video_generation_models",
}
"""--kind: each choice and the family it keeps (`None`: every family)."""
SORTS = {
    "id": "id",
    "created": "created",
    "context": "context_length",
    "prompt": "usd_per_million_prompt_tokens",
    "completion": "usd_per_million_completion_tokens",
}
"""--sort: each choice and the row key it orders by."""
TABLE_KEYS = (
    "id", "kinds", "aliases", "created", "context_length",
    *(field.key for field in PRICE_FIELDS if field.table),
)  # fmt: skip
"""The columns of the default table (every key of a row with --fields or another format)."""


def add_parser(commands: Any) -> None:
    listing = commands.add_parser("list", help="list models with aliases and prices")
    listing.add_argument("--kind", choices=list(KINDS), default="all")
    listing.add_argument("--modality", help="keep models with this input or output modality")
    add_output_options(listing, sort=tuple(SORTS))


def run(args: argparse.Namespace, out: TextIO) -> int:
    from .._model.rows import ROW_KEYS, model_rows, record_of  # noqa: PLC0415
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
