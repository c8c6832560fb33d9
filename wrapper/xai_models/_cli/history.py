"""`xai-models history DIR [MODEL...]`: each change across a directory of dated snapshots."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any, TextIO

from .diff import CHANGE_KEYS, change_rows
from .errors import UsageError
from .output import add_output_options, emit


def add_parser(commands: Any) -> None:
    history = commands.add_parser(
        "history",
        help="per model, each change across a directory of dated snapshots, with its date",
    )
    history.add_argument("directory", type=Path, metavar="DIR")
    history.add_argument("models", nargs="*", metavar="MODEL", help="ids or aliases (all: none)")
    add_output_options(history)


def run(args: argparse.Namespace, out: TextIO) -> int:
    from .._model.history import changes_over, dated_snapshots  # noqa: PLC0415
    from .context import read_catalog  # noqa: PLC0415

    try:
        snapshots = dated_snapshots(args.directory)
    except OSError as exc:
        raise UsageError(f"cannot read {args.directory}: {exc.strerror}") from None
    if not snapshots:
        raise UsageError(f"{args.directory} holds no snapshot (files named YYYY-MM-DD.json)")
    dated = [(day, read_catalog(path)) for day, path in snapshots]
    rows: list[dict[str, Any]] = []
    for day, changes in changes_over(dated):
        rows += change_rows(changes, day.isoformat())
    if args.models:
        names = set(args.models)
        for _, catalog in dated:
            names |= {model.id for name in args.models if name in catalog.names()
                      for model in catalog.find(name)}  # fmt: skip
        rows = [row for row in rows if row["id"] in names]
    emit(args, out, rows, ("date", *CHANGE_KEYS), ("date", "id", "type", "description"))
    return 0
