"""`xai-models export --format NAME`: the catalog as another tool's price table."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any, TextIO

from .._tables import NAMES
from .errors import UsageError, note

TABLE_NAMES = NAMES
"""The table formats (`_tables/registry.py`)."""


def add_parser(commands: Any) -> None:
    export = commands.add_parser(
        "export",
        help="write the catalog as another tool's price table",
        description="Write the catalog's exact prices as LiteLLM's price map, a genai-prices "
        "provider YAML, models.dev TOML files, OpenRouter's models shape, or csv, markdown or "
        "jsonl rows. Where the API gives no price (video models), no price is written.",
    )
    export.add_argument(
        "--format", required=True, choices=TABLE_NAMES, help="the table format to write"
    )
    export.add_argument("-o", "--output", type=Path, metavar="PATH",
                        help="file to write (models-dev: a directory); default stdout")  # fmt: skip
    export.add_argument("--from", dest="from_", type=Path, metavar="SNAPSHOT",
                        help="export a snapshot instead of the API's catalog now")  # fmt: skip
    export.add_argument("--no-aliases", action="store_true", help="leave alias entries out")


def run(args: argparse.Namespace, out: TextIO) -> int:
    from .._tables.audit import export_prices  # noqa: PLC0415
    from .context import live_catalog  # noqa: PLC0415

    written = export_prices(live_catalog(args), args.format, aliases=not args.no_aliases)
    try:
        if isinstance(written, dict):
            if args.output is None:
                raise UsageError(f"--format {args.format} writes one file per model: give -o DIR")
            args.output.mkdir(parents=True, exist_ok=True)
            for name, text in written.items():
                (args.output / name).write_text(text, encoding="utf-8")
            note(f"wrote {len(written)} files to {args.output}", label="")
        elif args.output is None:
            out.write(written)
        else:
            args.output.write_text(written, encoding="utf-8")
    except OSError as exc:
        raise UsageError(f"cannot write {args.output}: {exc.strerror}") from None
    return 0
