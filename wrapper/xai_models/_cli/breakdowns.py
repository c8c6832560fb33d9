"""How `cost` shows a bill: its lines as a table, as rows, or as JSON, and ticks in words."""

from __future__ import annotations

import argparse
from decimal import Decimal
from typing import Any, TextIO

from .output import emit, money, print_table

COST_KEYS = ("line", "id", "kind", "tier", "item", "quantity", "unit", "usd_per_unit", "usd",
             "ticks", "price_source", "billed_ticks")  # fmt: skip
"""The keys of a cost line (-q, --fields, jsonl, csv, markdown)."""
COUNTS = {
    "prompt_tokens": ("--prompt-tokens", "all prompt tokens, cached included"),
    "completion_tokens": ("--completion-tokens", "incl. reasoning (default 0)"),
    "cached_prompt_tokens": ("--cached-tokens", "cached prompt tokens (default 0)"),
    "prompt_image_tokens": ("--image-tokens", "prompt image tokens (default 0)"),
    "searches": ("--searches", "number of searches (default 0)"),
}
"""Each count `cost_breakdown` takes, and its option."""


def cost_rows(args: argparse.Namespace, out: TextIO, results: list[tuple[Any, str, Any]]) -> bool:
    """Print cost lines as rows for -q, --fields, jsonl, csv or markdown; False for the
    breakdown and JSON documents."""
    if not (args.quiet or args.fields or args.format in ("jsonl", "csv", "markdown")):
        return False
    rows = [
        {"line": number, "id": b.model_id, "kind": kind, "tier": b.tier, "item": line.label,
         "quantity": line.quantity, "unit": line.unit, "usd_per_unit": line.unit_price,
         "usd": line.cost, "ticks": line.ticks, "price_source": line.source,
         "billed_ticks": b.billed_ticks}
        for number, kind, b in results
        for line in b.lines
    ]  # fmt: skip
    emit(args, out, rows, COST_KEYS, COST_KEYS)
    return True


def ticks_usd(ticks: int) -> Decimal:
    from .._schema.units import UNIT_PRICE_PLACES, usd  # noqa: PLC0415

    value = usd(ticks, UNIT_PRICE_PLACES)
    assert value is not None
    return value


def ticks_text(ticks: int | None, sign: str = "") -> str:
    """1 tick, 2 ticks, +1,000 ticks."""
    count = ticks or 0
    return f"{count:{sign},} tick{'' if abs(count) == 1 else 's'}"


def write_breakdown(out: TextIO, title: str, breakdown: Any) -> None:
    out.write(f"{title}\n")
    rows = []
    table_sources = False
    for line in breakdown.lines:
        mark = ""
        if line.source not in ("the catalog", "xAI's billing (reproduces billed responses)"):
            mark, table_sources = " *", True
        rows.append([line.label + mark, f"{line.quantity:,}",
                     f"{money(line.unit_price)} per {line.unit}", money(line.cost),
                     f"{line.ticks:,}"])  # fmt: skip
    print_table(["ITEM", "QUANTITY", "PRICE", "COST", "TICKS"], rows, out, right=range(1, 5))
    if table_sources:
        out.write("  * price from a tool price table, not from the API (--tool-price overrides)\n")
    out.write(f"estimate: {money(breakdown.total)} ({ticks_text(breakdown.total_ticks)})\n")
    if breakdown.billed_ticks is None:
        if title.endswith("prices)"):
            return  # counts given as options: there is no bill
        out.write("billed:   not reported in the response\n")
    else:
        verdict = (
            "agrees"
            if breakdown.agrees
            else f"differs by {ticks_text(breakdown.difference_ticks, '+')}"
        )
        out.write(f"billed:   {money(ticks_usd(breakdown.billed_ticks))} "
                  f"({ticks_text(breakdown.billed_ticks)}): {verdict}\n")  # fmt: skip


def breakdown_json(number: int | None, kind: str, breakdown: Any) -> dict[str, Any]:
    return {
        "line": number,
        "model": breakdown.model_id,
        "kind": kind,
        "tier": breakdown.tier,
        "long_context": breakdown.long_context,
        "lines": [
            {"item": line.label, "quantity": line.quantity, "unit": line.unit,
             "usd_per_unit": f"{line.unit_price:f}", "ticks": line.ticks,
             "usd": f"{line.cost:f}", "price_source": line.source}
            for line in breakdown.lines
        ],
        "total_ticks": breakdown.total_ticks,
        "total_usd": f"{breakdown.total:f}",
        "billed_ticks": breakdown.billed_ticks,
        "difference_ticks": breakdown.difference_ticks,
        "agrees": breakdown.agrees,
    }  # fmt: skip
