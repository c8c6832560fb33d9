"""`xai-models cost`: what a request costs, from counts given as options or from the usage of real
responses, checked against what xAI billed."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any, TextIO

from .breakdowns import COUNTS, breakdown_json, cost_rows, write_breakdown
from .errors import UsageError
from .output import add_output_options, write_json


def add_parser(commands: Any) -> None:
    cost = commands.add_parser(
        "cost",
        help="price a request: counts given as options, or the usage of real responses",
        description="Price counts given as options (NAME --prompt-tokens ...), or the usage of "
        "real responses (--usage FILE: a response body, a bare usage object with --model, or a "
        "JSONL log of responses), and compare with what xAI billed (usage.cost_in_usd_ticks).",
    )
    cost.add_argument("name", nargs="?", help="a model id or alias (with the count options)")
    for count, (flag, text) in COUNTS.items():
        metavar = flag.removeprefix("--").replace("-", "_").upper()
        cost.add_argument(flag, dest=count, type=_count, metavar=metavar, help=text)
    cost.add_argument("--usage", metavar="FILE", help="response JSON, usage JSON or JSONL; - stdin")
    cost.add_argument("--model", help="the model of a bare usage object")
    source = cost.add_mutually_exclusive_group()
    source.add_argument(
        "--from", dest="from_", type=Path, metavar="SNAPSHOT",
        help="price at a snapshot's prices (default: the API's now)",
    )  # fmt: skip
    source.add_argument(
        "--history", type=Path, metavar="DIR",
        help="price each response at the snapshot in force when it was made",
    )  # fmt: skip
    cost.add_argument(
        "--tool-price", action="append", default=[], metavar="NAME=USD",
        help="USD per call of a server-side tool (overrides the default table)",
    )  # fmt: skip
    cost.add_argument(
        "--check", action="store_true", help="exit 1 when an estimate differs from the bill"
    )
    add_output_options(cost)


def _count(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"must be >= 0, got {value}")
    return value


def run(args: argparse.Namespace, out: TextIO) -> int:
    if args.usage is not None:
        from .cost_usage import run_usage  # noqa: PLC0415

        return run_usage(args, out)
    from .._model.pricing import cost_breakdown  # noqa: PLC0415
    from .._model.types import LanguageModel  # noqa: PLC0415
    from .context import live_catalog  # noqa: PLC0415

    catalog = live_catalog(args)
    if args.name is None or args.prompt_tokens is None:
        raise UsageError(
            "cost needs a model and --prompt-tokens, or --usage FILE (a response, a usage "
            "object or a JSONL log)"
        )
    found = catalog.find(args.name)
    priced: list[Any] = [m for m in found if isinstance(m, LanguageModel)] or [
        m for m in found if hasattr(m, "pricing")
    ]
    if not priced:
        raise UsageError(f"{args.name!r} has no token prices (it is not a language model)")
    counts = {name: getattr(args, name) or 0 for name in COUNTS}
    try:
        breakdown = cost_breakdown(priced[0]._raw_prices(), **counts)
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    if cost_rows(args, out, [(None, "counts", breakdown)]):
        return 0
    if args.format == "json":
        write_json(out, breakdown_json(None, "counts", breakdown))
        return 0
    write_breakdown(out, f"{breakdown.model_id} ({breakdown.tier} prices)", breakdown)
    return 0
