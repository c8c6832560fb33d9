"""`xai-models snapshot`: the whole catalog as JSON, to a file or a dated history directory."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any, TextIO

from .errors import UsageError, note


def add_parser(commands: Any) -> None:
    snapshot = commands.add_parser("snapshot", help="write the whole catalog as JSON")
    target = snapshot.add_mutually_exclusive_group()
    target.add_argument("-o", "--output", type=Path, help="file to write (default: stdout)")
    target.add_argument(
        "--to-dir", type=Path, metavar="DIR",
        help="write DIR/<UTC date>.json, only when the catalog differs from the newest there",
    )  # fmt: skip


def run(args: argparse.Namespace, out: TextIO) -> int:
    from .context import live_catalog  # noqa: PLC0415

    catalog = live_catalog(args)
    if args.to_dir is not None:
        from .._model.history import dated_snapshots, write_snapshot  # noqa: PLC0415

        try:
            written = write_snapshot(catalog, args.to_dir)
            newest = dated_snapshots(args.to_dir)[-1][1]
        except OSError as exc:
            raise UsageError(f"cannot write to {args.to_dir}: {exc.strerror}") from None
        if written is None:
            note(f"unchanged since {newest}; nothing written", label="")
        else:
            out.write(f"{written}\n")
        return 0
    text = catalog.to_json() + "\n"
    if args.output is None:
        out.write(text)
        return 0
    try:
        args.output.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise UsageError(f"cannot write {args.output}: {exc.strerror}") from None
    return 0
