"""`xai-models cost --usage FILE`: the cost of real responses, each checked against its bill."""

from __future__ import annotations

import argparse
from decimal import Decimal
from typing import Any, TextIO

from .breakdowns import (
    COUNTS,
    breakdown_json,
    cost_rows,
    ticks_text,
    ticks_usd,
    write_breakdown,
)
from .errors import UsageError
from .output import money, print_table, write_json


def run_usage(args: argparse.Namespace, out: TextIO) -> int:
    from datetime import UTC, datetime  # noqa: PLC0415

    from .._model.catalog import UnknownModelError  # noqa: PLC0415
    from .._model.input import json_type  # noqa: PLC0415
    from .._model.usage import InvalidUsageError, read_usage, totals_by_model  # noqa: PLC0415
    from .context import catalog_at, live_catalog  # noqa: PLC0415

    given = [flag for name, (flag, _) in {"name": ("NAME", ""), **COUNTS}.items()
             if getattr(args, name) is not None]  # fmt: skip
    if given:
        raise UsageError(
            f"--usage prices the responses in {args.usage}; {', '.join(given)} would be ignored: "
            "leave them out (or drop --usage to price counts)"
        )
    records = _read_usage_file(args.usage)
    tool_prices = _tool_prices(args.tool_price)
    fixed = None if args.history is not None else live_catalog(args)
    results = []
    for number, body in records:
        where = f"{args.usage}, line {number}" if len(records) > 1 else str(args.usage)
        if not isinstance(body, dict):
            raise UsageError(f"{where}: expected a response or usage object, got {json_type(body)}")
        if {"v", "status", "endpoint"} <= body.keys():
            raise UsageError(f"{where}: a meter's ledger line, not a response: sum a ledger with "
                             "`xai-models ledger`")  # fmt: skip
        try:
            record = read_usage(body)
        except InvalidUsageError as exc:
            raise UsageError(f"{where}: {exc}") from None
        if record.model is None and args.model is None:
            raise UsageError(f"{where}: the usage names no model: add --model ID")
        catalog = fixed
        if catalog is None:
            if record.created is None:
                raise UsageError(f"{where}: the response has no 'created' time for --history")
            catalog = catalog_at(args.history, datetime.fromtimestamp(record.created, UTC))
        try:
            breakdown = catalog.cost_of(body, model=args.model, tool_prices=tool_prices)
        except (InvalidUsageError, UnknownModelError) as exc:
            raise UsageError(f"{where}: {exc}") from None
        results.append((number, record.kind, breakdown))
    totals = totals_by_model(b for _, _, b in results)
    disagree = any(b.agrees is False for _, _, b in results)
    if cost_rows(args, out, results):
        pass
    elif args.format == "json":
        write_json(out, {
            "responses": [breakdown_json(number, kind, b) for number, kind, b in results],
            "totals": [
                {"model": t.model, "requests": t.requests, "total_ticks": t.total_ticks,
                 "total_usd": f"{ticks_usd(t.total_ticks):f}", "billed_ticks": t.billed_ticks,
                 "unbilled_requests": t.unbilled, "difference_ticks": t.difference_ticks}
                for t in totals
            ],
            "agrees": None if all(b.agrees is None for _, _, b in results) else not disagree,
        })  # fmt: skip
    else:
        for index, (number, kind, breakdown) in enumerate(results):
            if index:
                out.write("\n")
            label = f"line {number}: " if len(records) > 1 else ""
            write_breakdown(out, f"{label}{breakdown.model_id} ({kind}, {breakdown.tier})",
                            breakdown)  # fmt: skip
        if len(records) > 1:
            out.write("\ntotals per model\n")
            rows = [
                [t.model, str(t.requests), money(ticks_usd(t.total_ticks)),
                 money(ticks_usd(t.billed_ticks)) + (f" ({t.unbilled} unbilled)"
                                                     if t.unbilled else ""),
                 ticks_text(t.difference_ticks, "+")]
                for t in totals
            ]  # fmt: skip
            print_table(["MODEL", "REQUESTS", "ESTIMATE", "BILLED", "DIFFERENCE"], rows, out,
                        right=range(1, 5))  # fmt: skip
    return 1 if args.check and disagree else 0


def _read_usage_file(name: str) -> list[tuple[int, Any]]:
    """(line number, JSON value) of a response file: one JSON document, or JSONL."""
    from .._model.input import decode, parse_json, read_input  # noqa: PLC0415

    text = decode(read_input(name, UsageError), name, UsageError)
    if not text.strip():
        raise UsageError(f"{name}: empty, no response in it")
    try:
        return [(1, parse_json(text, name, UsageError))]
    except UsageError as whole:
        if "\n" not in text.strip():
            raise whole from None
    records = []
    for number, line in enumerate(text.splitlines(), 1):
        if line.strip():
            records.append((number, parse_json(line, f"{name}, line {number}", UsageError)))
    return records


def _tool_prices(specs: list[str]) -> dict[str, int]:
    from .._model.pricing import ticks_of_usd  # noqa: PLC0415

    prices = {}
    for spec in specs:
        name, _, text = spec.partition("=")
        try:
            ticks = ticks_of_usd(Decimal(text.strip().lstrip("$")))
        except (ArithmeticError, ValueError):
            ticks = -1
        if not name.strip() or ticks < 0:
            raise UsageError(
                f"--tool-price wants NAME=USD with USD >= 0 (mcp_calls=0.005), got {spec!r}"
            )
        prices[name.strip()] = ticks
    return prices
