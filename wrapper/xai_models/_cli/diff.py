"""`xai-models diff OLD NEW`: what changed between two snapshots, model by model."""

from __future__ import annotations

import argparse
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from .._schema.columns import CHANGE_TYPES
from .output import add_output_options, emit, names, write_json

if TYPE_CHECKING:
    from .._model.catalog import Catalog
    from .._model.diff import CatalogDiff

CHANGE_KEYS = ("id", "kinds", "type", "field", "old", "new", "old_usd", "new_usd",
               "relative_change", "description")  # fmt: skip
"""The keys of a change row (`diff`, and `history` after its date)."""
CHANGE_TABLE_KEYS = ("id", "type", "description")


def add_parser(commands: Any) -> None:
    diff = commands.add_parser(
        "diff",
        help="show what changed between two snapshots, model by model",
        description="What changed for users between two snapshots: models added, removed or "
        "retired into an alias of another model, aliases added, removed or moved, prices up or "
        "down (with the relative change), context windows.",
    )
    diff.add_argument("old", type=Path)
    diff.add_argument("new", type=Path)
    add_output_options(diff)
    diff.add_argument(
        "--exit-code", action="store_true", help="exit 1 when something changed (like git diff)"
    )
    diff.add_argument(
        "--fail-on", type=_change_types, metavar="TYPES",
        help=f"exit 1 only on these changes, comma-separated: {','.join(CHANGE_TYPES)}",
    )  # fmt: skip


def _change_types(text: str) -> frozenset[str]:
    wanted = frozenset(names(text))
    unknown = sorted(wanted - set(CHANGE_TYPES))
    if unknown:
        raise argparse.ArgumentTypeError(
            f"unknown change type {', '.join(unknown)}; choose from {','.join(CHANGE_TYPES)}"
        )
    return wanted


def change_rows(diff: CatalogDiff, date: str | None = None) -> list[dict[str, Any]]:
    """One row per change, under `CHANGE_KEYS` (after `date`, when given)."""
    from .._model.rows import KIND_LABELS  # noqa: PLC0415
    from .._schema.prices import BY_NAME  # noqa: PLC0415

    rows = []
    for model in diff.models:
        for change in model.changes:
            declared = BY_NAME.get(change.field) if change.field is not None else None
            relative = change.relative if declared is not None else None
            row = {
                "id": model.id,
                "kinds": [KIND_LABELS[kind] for kind in model.kinds],
                "type": change.type,
                "field": change.field,
                "old": list(change.old) if isinstance(change.old, tuple) else change.old,
                "new": list(change.new) if isinstance(change.new, tuple) else change.new,
                "old_usd": declared.usd(change.old) if declared is not None else None,
                "new_usd": declared.usd(change.new) if declared is not None else None,
                "relative_change": None
                if relative is None
                else relative.quantize(Decimal("0.0001")).normalize(),
                "description": str(change),
            }
            if date is not None:
                row = {"date": date, **row}
            rows.append(row)
    return rows


def run(args: argparse.Namespace, out: TextIO) -> int:
    from .context import read_catalog  # noqa: PLC0415

    old, new = read_catalog(args.old), read_catalog(args.new)
    changes = old.diff(new)
    rows = change_rows(changes)
    fmt = args.format or "table"
    if args.quiet or args.fields or fmt in ("jsonl", "csv"):
        emit(args, out, rows, CHANGE_KEYS, CHANGE_TABLE_KEYS)
    elif fmt == "json":
        from .output import plain  # noqa: PLC0415

        models = [
            {"id": model.id, "kinds": next(r["kinds"] for r in rows if r["id"] == model.id),
             "changes": [{k: v for k, v in row.items() if k not in ("id", "kinds")}
                         for row in rows if row["id"] == model.id]}
            for model in changes.models
        ]  # fmt: skip
        write_json(out, plain({
            "changed": changes.changed,
            "old": {"fetched_at": old.fetched_at, "source": old.source},
            "new": {"fetched_at": new.fetched_at, "source": new.source},
            "models": models,
        }))  # fmt: skip
    elif fmt == "markdown":
        _markdown(old, new, changes, out)
    else:
        out.write(f"{changes}\n")
    wanted = args.fail_on or (frozenset(CHANGE_TYPES) if args.exit_code else frozenset())
    return 1 if wanted & changes.types() else 0


def _markdown(old: Catalog, new: Catalog, changes: CatalogDiff, out: TextIO) -> None:
    """A short report for a pull-request comment or an issue."""
    from .._model.rows import KIND_LABELS  # noqa: PLC0415
    from .output import utc_date  # noqa: PLC0415

    span = f"{utc_date(old.fetched_at)} → {utc_date(new.fetched_at)}"
    out.write(f"### xAI model catalog changes ({span})\n\n")
    if not changes.models:
        out.write("No changes.\n")
        return
    counts: dict[str, int] = {}
    for model in changes.models:
        for change in model.changes:
            counts[change.type] = counts.get(change.type, 0) + 1
    summary = ", ".join(f"{count} {kind}" for kind, count in sorted(counts.items()))
    out.write(f"{len(changes.models)} model(s) changed: {summary}.\n\n")
    for model in changes.models:
        out.write(f"- **`{model.id}`** ({', '.join(KIND_LABELS[k] for k in model.kinds)})\n")
        for change in model.changes:
            out.write(f"  - {str(change).replace('|', '/')}\n")
