"""The `xai-models` command (also `python -m xai_models`).

Exit status: 0 when the command did its work, 1 on an API or network error (or an unknown model
name), 2 on a usage error. Errors are one line on stderr, never a traceback.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, TextIO

import attrs

if TYPE_CHECKING:
    from ._catalog import AnyModel, Catalog
    from ._client import Client

PROG = "xai-models"
KINDS = {
    "all": None,
    "language": "language_models",
    "image": "image_generation_models",
    "video": "video_generation_models",
}
KIND_LABELS = {
    "models": "model",
    "language_models": "language",
    "image_generation_models": "image",
    "video_generation_models": "video",
}


class UsageError(Exception):
    """A mistake in how the command was called: exit status 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        raise UsageError(message)


def _offline_note() -> str:
    """What `--offline` serves, read from the embedded catalog (its source and date)."""
    from importlib import resources  # noqa: PLC0415 - only --help needs it

    data = (
        resources.files("xai_models").joinpath("_data", "offline_catalog.json").read_text("utf-8")
    )
    document = json.loads(data)
    return f"{document.get('source', '')}; dated {document.get('fetched_at', '?')[:10]}"


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog=PROG,
        description="List the models of the xAI API, their prices and aliases; estimate costs; "
        "snapshot and diff the catalog; serve a local mock of the API.",
        epilog=f"--offline serves the embedded catalog instead of the API: {_offline_note()}. "
        "Online, the key comes from --api-key or XAI_API_KEY, the URL from --base-url or "
        "XAI_BASE_URL (default https://api.x.ai).",
    )
    parser.add_argument(
        "--offline",
        action="store_true",
        help="run against the embedded example catalog, served on a loopback port (no key needed)",
    )
    parser.add_argument("--base-url", help="API base URL (overrides XAI_BASE_URL)")
    parser.add_argument("--api-key", help="API key (overrides XAI_API_KEY)")
    parser.add_argument(
        "--timeout", type=float, default=None, help="seconds per attempt (default 30)"
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    listing = commands.add_parser("list", help="list models with aliases and prices")
    listing.add_argument("--kind", choices=list(KINDS), default="all")
    listing.add_argument("--modality", help="keep models with this input or output modality")
    listing.add_argument("--json", action="store_true", help="print JSON instead of a table")

    get = commands.add_parser("get", help="show the model(s) an id or alias names")
    get.add_argument("name", help="a model id or alias")
    get.add_argument("--json", action="store_true", help="print JSON")

    cost = commands.add_parser("cost", help="estimate the cost of a request, with its breakdown")
    cost.add_argument("name", help="a model id or alias")
    cost.add_argument("--prompt-tokens", type=_count, required=True, help="all prompt tokens")
    cost.add_argument("--completion-tokens", type=_count, default=0, help="incl. reasoning")
    cost.add_argument("--cached-tokens", type=_count, default=0, help="cached prompt tokens")
    cost.add_argument("--image-tokens", type=_count, default=0, help="prompt image tokens")
    cost.add_argument("--searches", type=_count, default=0, help="number of searches")
    cost.add_argument("--json", action="store_true", help="print JSON")

    snapshot = commands.add_parser("snapshot", help="write the whole catalog as JSON")
    snapshot.add_argument("-o", "--output", type=Path, help="file to write (default: stdout)")

    diff = commands.add_parser("diff", help="show what changed between two snapshots")
    diff.add_argument("old", type=Path)
    diff.add_argument("new", type=Path)
    diff.add_argument("--json", action="store_true", help="print JSON")
    diff.add_argument(
        "--exit-code", action="store_true", help="exit 1 when something changed (like git diff)"
    )

    mock = commands.add_parser(
        "mock", help="serve the eight endpoints locally from the embedded example catalog"
    )
    mock.add_argument("--host", default="127.0.0.1")
    mock.add_argument("--port", type=_port, default=8000, help="0 picks a free port")
    mock.add_argument(
        "--require-key", metavar="KEY", help="answer 401/400 unless this bearer key is sent"
    )
    return parser


def _port(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a port number: {text!r}") from None
    if not 0 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"a port is 0 to 65535, got {value}")
    return value


def _count(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"must be >= 0, got {value}")
    return value


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    from ._exceptions import XAIError  # noqa: PLC0415 - the CLI is imported lazily

    try:
        args = build_parser().parse_args(argv)
        return _run(args, sys.stdout)
    except UsageError as exc:
        return _fail(str(exc), 2)
    except XAIError as exc:  # UnknownModelError among them
        return _fail(str(exc), 1)
    except BrokenPipeError:
        sys.stderr.close()  # the reader went away (`| head`): not an error worth a traceback
        return 0
    except KeyboardInterrupt:
        return 130


def _fail(message: str, status: int) -> int:
    print(f"{PROG}: error: {message}", file=sys.stderr)
    return status


def _run(args: argparse.Namespace, out: TextIO) -> int:
    if args.command == "diff":
        return _diff(args, out)
    if args.command == "mock":
        return _mock(args, out)
    with _client(args) as client:
        catalog = client.catalog()
    if args.offline:
        from ._mock import offline_catalog  # noqa: PLC0415

        embedded = offline_catalog()
        catalog = attrs.evolve(catalog, source=embedded.source)
        print(
            f"{PROG}: note: --offline shows EXAMPLE DATA from xAI's API docs (assembled "
            f"{embedded.fetched_at:%Y-%m-%d}), not live prices",
            file=sys.stderr,
        )
    if args.command == "snapshot":
        return _snapshot(catalog, args, out)
    if args.command == "list":
        return _list(catalog, args, out)
    if args.command == "get":
        return _get(catalog, args, out)
    return _cost(catalog, args, out)


@contextmanager
def _client(args: argparse.Namespace) -> Iterator[Client]:
    """A client for the API, or, with --offline, for the embedded catalog on a loopback port."""
    from ._client import NOT_GIVEN, Client  # noqa: PLC0415

    timeout = NOT_GIVEN if args.timeout is None else args.timeout
    if args.offline:
        from ._mock import MockServer, offline_catalog  # noqa: PLC0415

        with (
            MockServer(offline_catalog()) as server,
            _checked(lambda: Client("offline", base_url=server.url, timeout=timeout)) as client,
        ):
            yield client
        return
    api_key = args.api_key or os.environ.get("XAI_API_KEY")
    if not api_key:
        raise UsageError(
            "no API key: set XAI_API_KEY or pass --api-key "
            "(or add --offline to use the embedded example catalog)"
        )
    with _checked(lambda: Client(api_key, base_url=args.base_url, timeout=timeout)) as client:
        yield client


def _checked(build: Callable[[], Client]) -> Client:
    """Build a client; a bad option (timeout, URL, key) is a usage error."""
    try:
        return build()
    except ValueError as exc:
        raise UsageError(str(exc)) from None


def _usd(value: Decimal | None) -> str:
    return "-" if value is None else f"${value:f}"


def _rows(catalog: Catalog, kind: str, modality: str | None) -> list[dict[str, Any]]:
    """One row per model id, joining what /v1/models and the kind's own endpoint say of it."""
    from ._resources import FAMILIES  # noqa: PLC0415

    basics = {model.id: model for model in catalog.models}
    rows: dict[str, dict[str, Any]] = {}
    wanted = [f for f in FAMILIES if f.name == KINDS[kind]] if KINDS[kind] else FAMILIES
    for family in wanted:
        for model in catalog.family(family):
            row = rows.setdefault(model.id, {"id": model.id, "kinds": [], "models": []})
            row["kinds"].append(KIND_LABELS[family.name])
            row["models"].append(model)
    if modality is not None:
        rows = {
            model_id: row
            for model_id, row in rows.items()
            if any(
                modality in getattr(m, "input_modalities", ())
                or modality in getattr(m, "output_modalities", ())
                for m in row["models"]
            )
        }
    return [_describe(row, basics.get(row["id"])) for row in sorted(rows.values(), key=_by_id)]


def _by_id(row: dict[str, Any]) -> str:
    return str(row["id"])


def _describe(row: dict[str, Any], basic: AnyModel | None) -> dict[str, Any]:
    models: list[Any] = row["models"]
    if basic is not None and basic not in models:
        models = [*models, basic]
    priced = next((m for m in models if hasattr(m, "pricing")), None)
    pricing = priced.pricing if priced is not None else None
    image = next(
        (m.price_per_image for m in models if getattr(m, "image_price", None) is not None), None
    )
    aliases = list(dict.fromkeys(a for m in models for a in m.aliases))
    return {
        "id": row["id"],
        "kinds": row["kinds"],
        "aliases": aliases,
        "context_length": getattr(basic, "context_length", None),
        "input_modalities": sorted({x for m in models for x in getattr(m, "input_modalities", ())}),
        "output_modalities": sorted(
            {x for m in models for x in getattr(m, "output_modalities", ())}
        ),
        "usd_per_million_prompt_tokens": _text(pricing and pricing.prompt_text),
        "usd_per_million_cached_prompt_tokens": _text(pricing and pricing.cached_prompt_text),
        "usd_per_million_completion_tokens": _text(pricing and pricing.completion_text),
        "usd_per_image": _text(image),
    }


def _text(value: Decimal | None) -> str | None:
    return None if value is None else f"{value:f}"


def _list(catalog: Catalog, args: argparse.Namespace, out: TextIO) -> int:
    rows = _rows(catalog, args.kind, args.modality)
    if args.json:
        json.dump(rows, out, indent=2, sort_keys=True)
        out.write("\n")
        return 0
    header = [
        "ID",
        "ALIASES",
        "CONTEXT",
        "$/1M PROMPT",
        "$/1M CACHED",
        "$/1M COMPLETION",
        "$/IMAGE",
    ]
    table = [
        [
            row["id"],
            ", ".join(row["aliases"]) or "-",
            "-" if row["context_length"] is None else f"{row['context_length']:,}",
            *(
                "-" if row[key] is None else row[key]
                for key in (
                    "usd_per_million_prompt_tokens",
                    "usd_per_million_cached_prompt_tokens",
                    "usd_per_million_completion_tokens",
                    "usd_per_image",
                )
            ),
        ]
        for row in rows
    ]
    _print_table(header, table, out, right=range(2, 7))
    return 0


def _print_table(
    header: list[str], rows: list[list[str]], out: TextIO, right: range = range(0)
) -> None:
    widths = [max(len(str(cell)) for cell in column) for column in zip(header, *rows, strict=True)]
    for line in (header, *rows):
        cells = [
            str(cell).rjust(width) if index in right else str(cell).ljust(width)
            for index, (cell, width) in enumerate(zip(line, widths, strict=True))
        ]
        out.write("  ".join(cells).rstrip() + "\n")


def _get(catalog: Catalog, args: argparse.Namespace, out: TextIO) -> int:
    from ._codec import encode  # noqa: PLC0415
    from ._resources import FAMILIES  # noqa: PLC0415

    found = catalog.find(args.name)
    kinds = {id(model): family.name for family in FAMILIES for model in catalog.family(family)}
    if args.json:
        document = [{"kind": kinds[id(m)], "model": encode(m)} for m in found]
        json.dump(document, out, indent=2, sort_keys=True)
        out.write("\n")
        return 0
    for index, model in enumerate(found):
        if index:
            out.write("\n")
        out.write(f"{model.id} ({KIND_LABELS[kinds[id(model)]]})\n")
        fields = encode(model)
        width = max(len(key) for key in fields)
        for key, value in fields.items():
            shown = ", ".join(value) if isinstance(value, list) else value
            out.write(f"  {key.ljust(width)}  {shown}\n")
        pricing = getattr(model, "pricing", None)
        if pricing is not None and pricing.prompt_text is not None:
            out.write(
                f"  {'USD per 1M tokens'.ljust(width)}  prompt {_usd(pricing.prompt_text)}, "
                f"cached {_usd(pricing.cached_prompt_text)}, "
                f"completion {_usd(pricing.completion_text)}\n"
            )
        price_per_image = getattr(model, "price_per_image", None)
        if price_per_image is not None:
            out.write(f"  {'USD per image'.ljust(width)}  {_usd(price_per_image)}\n")
    return 0


def _cost(catalog: Catalog, args: argparse.Namespace, out: TextIO) -> int:
    from ._pricing import cost_breakdown  # noqa: PLC0415
    from ._types import LanguageModel  # noqa: PLC0415

    found = catalog.find(args.name)
    priced: list[Any] = [m for m in found if isinstance(m, LanguageModel)] or [
        m for m in found if hasattr(m, "pricing")
    ]
    if not priced:
        raise UsageError(f"{args.name!r} has no token prices (it is not a language model)")
    model: Any = priced[0]
    try:
        breakdown = cost_breakdown(
            model._raw_prices(),
            prompt_tokens=args.prompt_tokens,
            completion_tokens=args.completion_tokens,
            cached_prompt_tokens=args.cached_tokens,
            prompt_image_tokens=args.image_tokens,
            searches=args.searches,
        )
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    if args.json:
        document = {
            "model": breakdown.model_id,
            "long_context": breakdown.long_context,
            "lines": [
                {
                    "label": line.label,
                    "quantity": line.quantity,
                    "unit": line.unit,
                    "usd_per_unit": f"{line.unit_price:f}",
                    "usd": f"{line.cost:f}",
                }
                for line in breakdown.lines
            ],
            "total_usd": f"{breakdown.total:f}",
        }
        json.dump(document, out, indent=2)
        out.write("\n")
        return 0
    long_note = " (long-context prices: the prompt reaches the threshold)"
    out.write(f"{breakdown.model_id}{long_note if breakdown.long_context else ''}\n")
    table = [
        [line.label, f"{line.quantity:,}", f"{_usd(line.unit_price)} per {line.unit}",
         _usd(line.cost)]
        for line in breakdown.lines
    ]  # fmt: skip
    _print_table(["ITEM", "QUANTITY", "PRICE", "COST"], table, out, right=range(1, 4))
    out.write(f"total: {_usd(breakdown.total)}\n")
    return 0


def _snapshot(catalog: Catalog, args: argparse.Namespace, out: TextIO) -> int:
    text = catalog.to_json() + "\n"
    if args.output is None:
        out.write(text)
        return 0
    try:
        args.output.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise UsageError(f"cannot write {args.output}: {exc.strerror}") from None
    return 0


def _read_catalog(path: Path) -> Catalog:
    from ._catalog import Catalog, InvalidCatalogError  # noqa: PLC0415

    try:
        return Catalog.from_json(path.read_bytes())
    except OSError as exc:
        raise UsageError(f"cannot read {path}: {exc.strerror}") from None
    except InvalidCatalogError as exc:
        raise UsageError(f"{path} is not a snapshot: {exc}") from None


def _diff(args: argparse.Namespace, out: TextIO) -> int:
    changes = _read_catalog(args.old).diff(_read_catalog(args.new))
    if args.json:
        document = {
            "changed": changes.changed,
            "added": [str(ref) for ref in changes.added],
            "removed": [str(ref) for ref in changes.removed],
            "alias_changes": [
                {"model": str(c.model), "added": list(c.added), "removed": list(c.removed)}
                for c in changes.alias_changes
            ],
            "price_changes": [
                {"model": str(c.model), "field": c.field, "old": c.old, "new": c.new}
                for c in changes.price_changes
            ],
        }
        json.dump(document, out, indent=2)
        out.write("\n")
    else:
        out.write(f"{changes}\n")
    return 1 if args.exit_code and changes.changed else 0


def _mock(args: argparse.Namespace, out: TextIO) -> int:
    from ._mock import MockServer, offline_catalog  # noqa: PLC0415

    try:
        server = MockServer(
            offline_catalog(), host=args.host, port=args.port, api_key=args.require_key
        )
    except OSError as exc:
        raise UsageError(f"cannot listen on {args.host}:{args.port}: {exc.strerror}") from None
    out.write(
        f"Serving the embedded example catalog on {server.url} (Ctrl-C to stop).\n"
        f"Point a client at it: XAI_BASE_URL={server.url}\n"
    )
    out.flush()
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()
    return 0
