"""`xai-models ledger FILE`: the totals of a meter's ledger, by model, day, tag, key or endpoint."""

from __future__ import annotations

import argparse
from typing import Any, TextIO

from .errors import UsageError, note
from .output import add_output_options

LEDGER_KEYS = ("group", "requests", "usd", "ticks", "billed_ticks", "difference_ticks",
               "disagreements", "unpriced", "incomplete")  # fmt: skip
HEADERS = {"group": "GROUP", "requests": "REQUESTS", "usd": "USD", "ticks": "TICKS",
           "billed_ticks": "BILLED TICKS", "difference_ticks": "DIFFERENCE",
           "disagreements": "DISAGREE", "unpriced": "UNPRICED",
           "incomplete": "INCOMPLETE"}  # fmt: skip


def add_parser(commands: Any) -> None:
    from .._model.records import GROUPINGS  # noqa: PLC0415

    ledger = commands.add_parser(
        "ledger",
        help="sum a meter's ledger (a JSONL file of costed responses)",
        description="Totals of a ledger written by Meter(ledger=...) or `xai-models proxy "
        "--ledger`: requests, exact USD and ticks, what xAI billed, disagreements, unpriced and "
        "incomplete responses. A torn line (a writer killed mid-write) is reported on stderr "
        "and skipped.",
    )
    ledger.add_argument("file", metavar="FILE", help="the ledger file")
    ledger.add_argument("--by", choices=list(GROUPINGS), default="model", help="group by")
    add_output_options(ledger)


def run(args: argparse.Namespace, out: TextIO) -> int:
    from .._model.ledger import InvalidLedgerError, iter_ledger  # noqa: PLC0415
    from .._model.records import summarize  # noqa: PLC0415
    from .output import money, render_rows  # noqa: PLC0415

    skipped: list[tuple[int, str]] = []
    try:
        totals = summarize(iter_ledger(args.file, skipped), args.by)
    except InvalidLedgerError as exc:
        raise UsageError(str(exc)) from None
    for number, why in skipped:
        note(f"{args.file}, line {number}: {why}; skipped", label="warning: ")
    if not totals:
        raise UsageError(f"{args.file}: empty: no records in it")
    rows = [
        {"group": group, "requests": t.requests, "usd": t.usd, "ticks": t.ticks,
         "billed_ticks": t.billed_ticks, "difference_ticks": t.ticks - t.billed_ticks,
         "disagreements": t.disagreements, "unpriced": t.unpriced, "incomplete": t.incomplete}
        for group, t in totals.items()
    ]  # fmt: skip
    if args.quiet:
        out.writelines(f"{row['group']}\n" for row in rows)
        return 0
    columns = list(args.fields or LEDGER_KEYS)
    unknown = [name for name in columns if name not in LEDGER_KEYS]
    if unknown:
        raise UsageError(
            f"unknown field {', '.join(unknown)}; choose from {', '.join(LEDGER_KEYS)}"
        )

    def cell(key: str, value: Any) -> str:
        if key == "usd":
            return money(value)
        if key == "difference_ticks":
            return f"{value:+,}"
        return f"{value:,}" if isinstance(value, int) else str(value)

    headers = {**HEADERS, "group": args.by.upper()}
    right = frozenset(LEDGER_KEYS[1:])
    render_rows(rows, columns, args.format or "table", out, cell=cell, headers=headers, right=right)
    return 0
