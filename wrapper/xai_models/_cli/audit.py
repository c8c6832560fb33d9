"""`xai-models audit FILE`: another tool's price table checked against the catalog."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any, TextIO

from .errors import UsageError
from .export import TABLE_NAMES
from .output import add_output_options, emit

FINDING_KEYS = ("kind", "model", "their_id", "field", "theirs", "ours", "ratio", "description")
"""The keys of a finding row."""


def add_parser(commands: Any) -> None:
    audit = commands.add_parser(
        "audit",
        help="check another tool's price table against the catalog",
        description="Read a third-party price table and report, per model, each price, "
        "long-context tier and context window that differs (theirs and ours in USD per 1M "
        "tokens or per image, and the ratio), ids the API no longer serves, aliases listed as "
        "models, and models the table lacks. Exit 0: it all matches; 1: findings; 2: unreadable.",
    )
    audit.add_argument(
        "table_file", type=Path, metavar="FILE", help="a file, or a models.dev directory"
    )
    audit.add_argument("--table", choices=("auto", *TABLE_NAMES), default="auto",
                       help="the input table's format (default: detected)")  # fmt: skip
    audit.add_argument(
        "--from", dest="from_", type=Path, metavar="SNAPSHOT",
        help="audit against a snapshot instead of the API's catalog now",
    )  # fmt: skip
    add_output_options(audit)


def run(args: argparse.Namespace, out: TextIO) -> int:
    from .._tables.audit import audit_prices  # noqa: PLC0415
    from .._tables.base import InvalidTableError  # noqa: PLC0415
    from .context import live_catalog  # noqa: PLC0415

    catalog = live_catalog(args)
    try:
        findings = audit_prices(catalog, args.table_file, table=args.table)
    except InvalidTableError as exc:
        raise UsageError(str(exc)) from None
    rows = [
        {"kind": f.kind, "model": f.model, "their_id": f.their_id, "field": f.field,
         "theirs": f.theirs, "ours": f.ours, "ratio": f.ratio, "description": str(f),
         "id": f.model or f.their_id}
        for f in findings
    ]  # fmt: skip
    if args.quiet:
        emit(args, out, rows, FINDING_KEYS, FINDING_KEYS)
    elif not rows and (args.format or "table") == "table":
        out.write("No findings: the table matches the catalog.\n")
    else:
        emit(args, out, rows, FINDING_KEYS, ("kind", "model", "their_id", "field", "theirs",
                                             "ours", "ratio"))  # fmt: skip
    return 1 if findings else 0
