"""The `xai-models` command (also `python -m xai_models`).

Every command exits with a status of `EXIT_CODES`, the one table of them (also in `--help` and the
README); `exit_code` maps an error to its status. Errors are one line on stderr, never a traceback.
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
    from .._api.client import Client
    from .._model.catalog import Catalog

PROG = "xai-models"
KINDS = {
    "all": None,
    "language": "language_models",
    "image": "image_generation_models",
    "video": "video_generation_models",
}


class UsageError(Exception):
    """A mistake in how the command was called, or input it cannot read: exit status 2."""


EXIT_CODES = {
    0: "done",
    1: "findings: audit found differences, diff found the changes asked to fail on, cost --check "
    "found a bill that differs",
    2: "usage error or bad input: a wrong option, an unreadable or invalid file, a name that no "
    "model has",
    3: "the API or the network failed: an error status, a timeout, no connection",
    130: "interrupted (Ctrl-C)",
}
"""Every exit status of every command, and what it means."""


def exit_code(error: BaseException) -> int:
    """The exit status of an error (`EXIT_CODES`)."""
    from .._schema.errors import APIError  # noqa: PLC0415

    if isinstance(error, KeyboardInterrupt):
        return 130
    if isinstance(error, APIError):
        return 3
    return 2


def _exit_table() -> str:
    return "exit status: " + "; ".join(f"{code} {meaning}" for code, meaning in EXIT_CODES.items())


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
        epilog=f"--offline reads the embedded catalog instead of the API: {_offline_note()}. "
        "Online, the key comes from --api-key or XAI_API_KEY, the URL from --base-url or "
        "XAI_BASE_URL (default https://api.x.ai). XAI_MODELS_QUIET=1 silences notes, as -q does. "
        f"{_exit_table()}.",
    )
    parser.add_argument(
        "--offline",
        action="store_true",
        help="use the embedded catalog (captures and docs examples, see below) instead of the "
        "API: no key, no network",
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
    _output_options(listing, sort=True)

    get = commands.add_parser("get", help="show the model an id or alias names, every family")
    get.add_argument("names", nargs="+", metavar="NAME", help="a model id or alias")
    _output_options(get)

    cost = commands.add_parser(
        "cost",
        help="price a request: counts given as options, or the usage of real responses",
        description="Price counts given as options (NAME --prompt-tokens ...), or the usage of "
        "real responses (--usage FILE: a response body, a bare usage object with --model, or a "
        "JSONL log of responses), and compare with what xAI billed (usage.cost_in_usd_ticks).",
    )
    cost.add_argument("name", nargs="?", help="a model id or alias (with the count options)")
    cost.add_argument("--prompt-tokens", type=_count, help="all prompt tokens, cached included")
    cost.add_argument("--completion-tokens", type=_count, help="incl. reasoning (default 0)")
    cost.add_argument("--cached-tokens", type=_count, help="cached prompt tokens (default 0)")
    cost.add_argument("--image-tokens", type=_count, help="prompt image tokens (default 0)")
    cost.add_argument("--searches", type=_count, help="number of searches (default 0)")
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
    _output_options(cost)

    snapshot = commands.add_parser("snapshot", help="write the whole catalog as JSON")
    target = snapshot.add_mutually_exclusive_group()
    target.add_argument("-o", "--output", type=Path, help="file to write (default: stdout)")
    target.add_argument(
        "--to-dir", type=Path, metavar="DIR",
        help="write DIR/<UTC date>.json, only when the catalog differs from the newest there",
    )  # fmt: skip

    diff = commands.add_parser(
        "diff",
        help="show what changed between two snapshots, model by model",
        description="What changed for users between two snapshots: models added, removed or "
        "retired into an alias of another model, aliases added, removed or moved, prices up or "
        "down (with the relative change), context windows.",
    )
    diff.add_argument("old", type=Path)
    diff.add_argument("new", type=Path)
    _output_options(diff)
    diff.add_argument(
        "--exit-code", action="store_true", help="exit 1 when something changed (like git diff)"
    )
    diff.add_argument(
        "--fail-on", type=_change_types, metavar="TYPES",
        help=f"exit 1 only on these changes, comma-separated: {','.join(CHANGE_TYPE_NAMES)}",
    )  # fmt: skip

    history = commands.add_parser(
        "history",
        help="per model, each change across a directory of dated snapshots, with its date",
    )
    history.add_argument("directory", type=Path, metavar="DIR")
    history.add_argument("models", nargs="*", metavar="MODEL", help="ids or aliases (all: none)")
    _output_options(history)

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
    _output_options(audit)

    from . import ledger as _cli_ledger  # noqa: PLC0415 - one module per new command

    _cli_ledger.add_parser(commands, _output_options)
    from . import proxy as _cli_proxy  # noqa: PLC0415

    _cli_proxy.add_parser(commands)

    mock = commands.add_parser(
        "mock", help="serve the eight endpoints locally from the embedded catalog"
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
    from .._schema.errors import XAIError  # noqa: PLC0415 - the CLI is imported lazily

    try:
        args = build_parser().parse_args(argv)
        return _run(args, sys.stdout)
    except (UsageError, XAIError) as exc:  # UnknownModelError and the Invalid*Errors among them
        return _fail(str(exc), exit_code(exc))
    except BrokenPipeError:
        sys.stderr.close()  # the reader went away (`| head`): not an error worth a traceback
        return 0
    except KeyboardInterrupt as exc:
        return exit_code(exc)


def _fail(message: str, status: int) -> int:
    print(f"{PROG}: error: {message}", file=sys.stderr)
    return status


def _run(args: argparse.Namespace, out: TextIO) -> int:
    if args.command == "diff":
        return _diff(args, out)
    if args.command == "history":
        return _history(args, out)
    if args.command == "mock":
        return _mock(args, out)
    if args.command == "ledger":
        from . import ledger as _cli_ledger  # noqa: PLC0415

        return _cli_ledger.run(args, out, UsageError)
    if args.command == "proxy":
        from . import proxy as _cli_proxy  # noqa: PLC0415

        return _cli_proxy.run(args, out, UsageError)
    if args.command == "cost" and args.usage is not None:
        return _cost_usage(args, out)
    catalog = _live_catalog(args)
    if args.command == "export":
        return _export(catalog, args, out)
    if args.command == "audit":
        return _audit(catalog, args, out)
    if args.command == "snapshot":
        return _snapshot(catalog, args, out)
    if args.command == "list":
        return _list(catalog, args, out)
    if args.command == "get":
        return _get(catalog, args, out)
    return _cost(catalog, args, out)


def _live_catalog(args: argparse.Namespace) -> Catalog:
    """The catalog of the API now (or the embedded one, --offline), or of --from SNAPSHOT."""
    from_ = getattr(args, "from_", None)
    if from_ is not None:
        return _read_catalog(from_)
    if args.offline:
        from .._model.offline import offline_catalog  # noqa: PLC0415

        if args.timeout is not None and not args.timeout > 0:
            raise UsageError(f"timeout must be a number of seconds > 0, got {args.timeout!r}")
        embedded = offline_catalog()
        if not (getattr(args, "quiet", False) or os.environ.get("XAI_MODELS_QUIET")):
            print(f"{PROG}: note: --offline uses live responses captured "
                  f"{embedded.fetched_at:%Y-%m-%d} (not today's prices) and EXAMPLE DATA from "
                  "xAI's docs; -q hides this note", file=sys.stderr)  # fmt: skip
        return embedded
    with _client(args) as client:
        return client.catalog()


@contextmanager
def _client(args: argparse.Namespace) -> Iterator[Client]:
    """A client for the API, or, with --offline, for the embedded catalog on a loopback port."""
    from .._api.client import NOT_GIVEN, Client  # noqa: PLC0415

    timeout = NOT_GIVEN if args.timeout is None else args.timeout
    api_key = args.api_key or os.environ.get("XAI_API_KEY")
    if not api_key:
        raise UsageError(
            "no API key: set XAI_API_KEY or pass --api-key "
            "(or add --offline to use the embedded catalog)"
        )
    with _checked(lambda: Client(api_key, base_url=args.base_url, timeout=timeout)) as client:
        yield client


def _checked(build: Callable[[], Client]) -> Client:
    """Build a client; a bad option (timeout, URL, key) is a usage error."""
    try:
        return build()
    except ValueError as exc:
        raise UsageError(str(exc)) from None


SORTS = ("id", "created", "context", "prompt", "completion")
TABLE_NAMES = ("litellm", "genai-prices", "models-dev", "openrouter", "csv", "markdown", "jsonl")
CHANGE_TYPE_NAMES = (
    "added", "removed", "retired", "price-up", "price-down", "alias", "context", "kinds",
)  # fmt: skip


def _output_options(parser: argparse.ArgumentParser, *, sort: bool = False) -> None:
    from .output import FORMATS  # noqa: PLC0415

    parser.add_argument("--format", choices=FORMATS, help="output format (default: table)")
    parser.add_argument(
        "--json", dest="format", action="store_const", const="json", help="--format json"
    )
    parser.add_argument("--fields", type=_names, metavar="A,B,...", help="columns or keys to show")
    if sort:
        parser.add_argument("--sort", choices=SORTS, default="id", help="order of the rows")
    parser.add_argument("-q", "--quiet", action="store_true", help="print model ids only")


def _names(text: str) -> list[str]:
    names = [name.strip() for name in text.split(",") if name.strip()]
    if not names:
        raise argparse.ArgumentTypeError("name at least one field")
    return names


def _change_types(text: str) -> frozenset[str]:
    wanted = frozenset(_names(text))
    unknown = sorted(wanted - set(CHANGE_TYPE_NAMES))
    if unknown:
        raise argparse.ArgumentTypeError(
            f"unknown change type {', '.join(unknown)}; choose from {','.join(CHANGE_TYPE_NAMES)}"
        )
    return wanted


ROW_KEYS = (
    "id", "kinds", "aliases", "created", "context_length", "input_modalities",
    "output_modalities", "usd_per_million_prompt_tokens", "usd_per_million_cached_prompt_tokens",
    "usd_per_million_completion_tokens", "usd_per_million_prompt_tokens_long_context",
    "usd_per_million_cached_prompt_tokens_long_context",
    "usd_per_million_completion_tokens_long_context", "long_context_threshold",
    "usd_per_image", "usd_per_search",
)  # fmt: skip
"""The keys of a model row, in `list` and `get` (JSON values: see the README)."""
TABLE_KEYS = (
    "id", "kinds", "aliases", "created", "context_length", "usd_per_million_prompt_tokens",
    "usd_per_million_cached_prompt_tokens", "usd_per_million_completion_tokens", "usd_per_image",
)  # fmt: skip
HEADERS = {
    "id": "ID", "kinds": "KINDS", "aliases": "ALIASES", "created": "CREATED",
    "context_length": "CONTEXT", "input_modalities": "INPUT", "output_modalities": "OUTPUT",
    "usd_per_million_prompt_tokens": "$/1M PROMPT",
    "usd_per_million_cached_prompt_tokens": "$/1M CACHED",
    "usd_per_million_completion_tokens": "$/1M COMPLETION",
    "usd_per_million_prompt_tokens_long_context": "$/1M PROMPT LONG",
    "usd_per_million_cached_prompt_tokens_long_context": "$/1M CACHED LONG",
    "usd_per_million_completion_tokens_long_context": "$/1M COMPLETION LONG",
    "long_context_threshold": "LONG FROM", "usd_per_image": "$/IMAGE",
    "usd_per_search": "$/SEARCH",
}  # fmt: skip
_MONEY_KEYS = frozenset(key for key in ROW_KEYS if key.startswith("usd_"))
_RIGHT = frozenset({*_MONEY_KEYS, "context_length", "long_context_threshold"})


def _row_json(row: Any) -> dict[str, Any]:
    return {
        "id": row.id,
        "kinds": list(row.kinds),
        "aliases": list(row.aliases),
        "created": int(row.created.timestamp()),
        "context_length": row.context_length,
        "input_modalities": list(row.input_modalities),
        "output_modalities": list(row.output_modalities),
        "usd_per_million_prompt_tokens": row.prompt,
        "usd_per_million_cached_prompt_tokens": row.cached_prompt,
        "usd_per_million_completion_tokens": row.completion,
        "usd_per_million_prompt_tokens_long_context": row.prompt_long_context,
        "usd_per_million_cached_prompt_tokens_long_context": row.cached_prompt_long_context,
        "usd_per_million_completion_tokens_long_context": row.completion_long_context,
        "long_context_threshold": row.long_context_threshold,
        "usd_per_image": row.image,
        "usd_per_search": row.search,
    }


def _cell(key: str, value: Any) -> str:
    """How a row value reads in a table, CSV aside: money as money, dates as dates."""
    from .output import money, utc_date  # noqa: PLC0415

    if value is None or value == []:
        return "-"
    if key in _MONEY_KEYS:
        return money(value)
    if key == "ratio":
        return f"{value:.4g}"  # every digit stays in JSON
    if key == "created":
        from datetime import UTC, datetime  # noqa: PLC0415

        return utc_date(datetime.fromtimestamp(value, UTC))
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}"
    if key == "aliases" and len(value) > 3:
        return f"{', '.join(value[:3])} (+{len(value) - 3})"
    if isinstance(value, list):
        return ", ".join(map(str, value))
    return str(value)


def _columns(args: argparse.Namespace, known: Sequence[str], default: Sequence[str]) -> list[str]:
    if not args.fields:
        return list(default)
    unknown = [name for name in args.fields if name not in known]
    if unknown:
        raise UsageError(f"unknown field {', '.join(unknown)}; choose from {', '.join(known)}")
    return list(args.fields)


def _emit(
    args: argparse.Namespace,
    out: TextIO,
    rows: list[dict[str, Any]],
    known: Sequence[str],
    table_default: Sequence[str],
    *,
    document: Any = None,
) -> None:
    """Print rows as --format, --fields and -q ask (the one renderer every command uses)."""
    from .output import render_rows  # noqa: PLC0415

    if args.quiet:
        for model_id in dict.fromkeys(str(row["id"]) for row in rows):
            out.write(model_id + "\n")
        return
    fmt = args.format or "table"
    default = table_default if fmt in ("table", "markdown") else known
    columns = _columns(args, known, default)
    render_rows(rows, columns, fmt, out, cell=_cell, headers=HEADERS, right=_RIGHT,
                document=document if not args.fields else None)  # fmt: skip


def _sort_key(sort: str) -> Callable[[dict[str, Any]], Any]:
    key = {
        "id": "id",
        "created": "created",
        "context": "context_length",
        "prompt": "usd_per_million_prompt_tokens",
        "completion": "usd_per_million_completion_tokens",
    }[sort]
    return lambda row: (row[key] is None, row[key] if row[key] is not None else 0, row["id"])


def _list(catalog: Catalog, args: argparse.Namespace, out: TextIO) -> int:
    from .._model.rows import model_rows  # noqa: PLC0415

    family = KINDS[args.kind]
    kinds = None if family is None else [family]
    rows = [_row_json(row) for row in model_rows(catalog, kinds)]
    if args.modality is not None:
        rows = [
            row for row in rows
            if args.modality in row["input_modalities"] + row["output_modalities"]
        ]  # fmt: skip
    rows.sort(key=_sort_key(args.sort))
    _emit(args, out, rows, ROW_KEYS, TABLE_KEYS)
    return 0


def _get(catalog: Catalog, args: argparse.Namespace, out: TextIO) -> int:
    from .._model.catalog import PRICE_FIELDS  # noqa: PLC0415
    from .._model.codec import encode  # noqa: PLC0415
    from .._model.families import FAMILIES  # noqa: PLC0415
    from .._model.rows import KIND_LABELS, model_rows  # noqa: PLC0415

    ids = list(dict.fromkeys(model.id for name in args.names for model in catalog.find(name)))
    by_id = {row.id: row for row in model_rows(catalog)}
    rows = []
    for model_id in ids:
        row = _row_json(by_id[model_id])
        row["families"] = {
            family.name: encode(model)
            for family in FAMILIES
            for model in catalog.family(family)
            if model.id == model_id
        }
        rows.append(row)
    if args.quiet or (args.format or "table") != "table" or args.fields:
        known = (*ROW_KEYS, "families")
        default = ROW_KEYS if args.format in ("csv", "markdown") else known
        _emit(args, out, rows, known, default)
        return 0
    for index, row in enumerate(rows):
        if index:
            out.write("\n")
        kinds = ", ".join(row["kinds"])
        out.write(f"{row['id']} ({kinds})\n")
        lines = [
            (_label(key), _cell(key, row[key]))
            for key in ROW_KEYS[1:]
            if row[key] not in (None, [])
        ]
        for family, fields in row["families"].items():
            shown = {"id", "aliases", "created", "context_length", "input_modalities",
                     "output_modalities", "object", "owned_by", *PRICE_FIELDS}  # fmt: skip
            for key, value in fields.items():
                if key not in shown:
                    lines.append((f"{KIND_LABELS[family]}.{key}", _plain_text(value)))
        width = max(len(key) for key, _ in lines)
        for key, text in lines:
            out.write(f"  {key.ljust(width)}  {text}\n")
    return 0


def _label(key: str) -> str:
    """A row key as a `get` block names it: usd_per_million_prompt_tokens -> $/1M prompt tokens."""
    return key.replace("usd_per_million_", "$/1M ").replace("usd_per_", "$/").replace("_", " ")


def _plain_text(value: Any) -> str:
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return ", ".join(value) or "-"
    if isinstance(value, list | dict):
        return json.dumps(value, separators=(", ", ": "))
    return str(value)


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


def _cost(catalog: Catalog, args: argparse.Namespace, out: TextIO) -> int:
    from .._model.pricing import cost_breakdown  # noqa: PLC0415
    from .._model.types import LanguageModel  # noqa: PLC0415

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
    model: Any = priced[0]
    try:
        breakdown = cost_breakdown(
            model._raw_prices(),
            prompt_tokens=args.prompt_tokens,
            completion_tokens=args.completion_tokens or 0,
            cached_prompt_tokens=args.cached_tokens or 0,
            prompt_image_tokens=args.image_tokens or 0,
            searches=args.searches or 0,
        )
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    if _cost_rows(args, out, [(None, "counts", breakdown)]):
        return 0
    if args.format == "json":
        _write_json(out, _breakdown_json(None, "counts", breakdown))
        return 0
    from .output import money  # noqa: PLC0415

    _write_breakdown(out, f"{breakdown.model_id} ({breakdown.tier} prices)", breakdown, money)
    return 0


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


def _tool_prices(specs: Sequence[str]) -> dict[str, int]:
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


def _cost_usage(args: argparse.Namespace, out: TextIO) -> int:
    from datetime import UTC, datetime  # noqa: PLC0415

    from .._model.catalog import UnknownModelError  # noqa: PLC0415
    from .._model.input import json_type  # noqa: PLC0415
    from .._model.usage import InvalidUsageError, read_usage  # noqa: PLC0415
    from .output import money  # noqa: PLC0415

    counts = {"NAME": args.name, "--prompt-tokens": args.prompt_tokens,
              "--completion-tokens": args.completion_tokens, "--cached-tokens": args.cached_tokens,
              "--image-tokens": args.image_tokens, "--searches": args.searches}  # fmt: skip
    given = [flag for flag, value in counts.items() if value is not None]
    if given:
        raise UsageError(
            f"--usage prices the responses in {args.usage}; {', '.join(given)} would be ignored: "
            "leave them out (or drop --usage to price counts)"
        )
    records = _read_usage_file(args.usage)
    tool_prices = _tool_prices(args.tool_price)
    fixed = None if args.history is not None else _live_catalog(args)
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
            catalog = _catalog_at(args.history, datetime.fromtimestamp(record.created, UTC))
        try:
            breakdown = catalog.cost_of(body, model=args.model, tool_prices=tool_prices)
        except (InvalidUsageError, UnknownModelError) as exc:
            raise UsageError(f"{where}: {exc}") from None
        results.append((number, record.kind, breakdown))
    totals: dict[str, dict[str, Any]] = {}
    for _, _, breakdown in results:
        total = totals.setdefault(
            breakdown.model_id,
            {"model": breakdown.model_id, "requests": 0, "total_ticks": 0, "billed_ticks": 0,
             "unbilled": 0},
        )  # fmt: skip
        total["requests"] += 1
        total["total_ticks"] += breakdown.total_ticks
        if breakdown.billed_ticks is None:
            total["unbilled"] += 1
        else:
            total["billed_ticks"] += breakdown.billed_ticks
    disagree = any(b.agrees is False for _, _, b in results)
    if _cost_rows(args, out, results):
        pass
    elif args.format == "json":
        _write_json(out, {
            "responses": [_breakdown_json(number, kind, b) for number, kind, b in results],
            "totals": [_total_json(t) for t in totals.values()],
            "agrees": None if all(b.agrees is None for _, _, b in results) else not disagree,
        })  # fmt: skip
    else:
        for index, (number, kind, breakdown) in enumerate(results):
            if index:
                out.write("\n")
            label = f"line {number}: " if len(records) > 1 else ""
            _write_breakdown(out, f"{label}{breakdown.model_id} ({kind}, {breakdown.tier})",
                             breakdown, money)  # fmt: skip
        if len(records) > 1:
            out.write("\ntotals per model\n")
            rows = [
                [t["model"], str(t["requests"]), money(_ticks_usd(t["total_ticks"])),
                 money(_ticks_usd(t["billed_ticks"])) + (f" ({t['unbilled']} unbilled)"
                                                          if t["unbilled"] else ""),
                 _ticks_text(t["total_ticks"] - t["billed_ticks"], "+")]
                for t in totals.values()
            ]  # fmt: skip
            _print_table(["MODEL", "REQUESTS", "ESTIMATE", "BILLED", "DIFFERENCE"], rows, out,
                         right=range(1, 5))  # fmt: skip
    return 1 if args.check and disagree else 0


COST_KEYS = ("line", "id", "kind", "tier", "item", "quantity", "unit", "usd_per_unit", "usd",
             "ticks", "price_source", "billed_ticks")  # fmt: skip
HEADERS.update(
    {"line": "LINE", "item": "ITEM", "quantity": "QUANTITY", "unit": "UNIT",
     "usd_per_unit": "USD/UNIT", "usd": "USD", "ticks": "TICKS", "price_source": "PRICE FROM",
     "tier": "TIER", "billed_ticks": "BILLED"}
)  # fmt: skip


def _cost_rows(args: argparse.Namespace, out: TextIO, results: list[tuple[Any, str, Any]]) -> bool:
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
    _emit(args, out, rows, COST_KEYS, COST_KEYS)
    return True


def _ticks_usd(ticks: int) -> Decimal:
    from .._schema.units import UNIT_PRICE_PLACES, usd  # noqa: PLC0415

    value = usd(ticks, UNIT_PRICE_PLACES)
    assert value is not None
    return value


def _ticks_text(ticks: int | None, sign: str = "") -> str:
    """1 tick, 2 ticks, +1,000 ticks."""
    count = ticks or 0
    return f"{count:{sign},} tick{'' if abs(count) == 1 else 's'}"


def _write_breakdown(out: TextIO, title: str, breakdown: Any, money: Callable[..., str]) -> None:
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
    _print_table(["ITEM", "QUANTITY", "PRICE", "COST", "TICKS"], rows, out, right=range(1, 5))
    if table_sources:
        out.write("  * price from a tool price table, not from the API (--tool-price overrides)\n")
    out.write(f"estimate: {money(breakdown.total)} ({_ticks_text(breakdown.total_ticks)})\n")
    if breakdown.billed_ticks is None:
        if title.endswith("prices)"):
            return  # counts given as options: there is no bill
        out.write("billed:   not reported in the response\n")
    else:
        verdict = (
            "agrees"
            if breakdown.agrees
            else f"differs by {_ticks_text(breakdown.difference_ticks, '+')}"
        )
        out.write(f"billed:   {money(_ticks_usd(breakdown.billed_ticks))} "
                  f"({_ticks_text(breakdown.billed_ticks)}): {verdict}\n")  # fmt: skip


def _breakdown_json(number: int | None, kind: str, breakdown: Any) -> dict[str, Any]:
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


def _total_json(total: dict[str, Any]) -> dict[str, Any]:
    return {
        "model": total["model"],
        "requests": total["requests"],
        "total_ticks": total["total_ticks"],
        "total_usd": f"{_ticks_usd(total['total_ticks']):f}",
        "billed_ticks": total["billed_ticks"],
        "unbilled_requests": total["unbilled"],
        "difference_ticks": total["total_ticks"] - total["billed_ticks"],
    }


def _write_json(out: TextIO, document: Any) -> None:
    json.dump(document, out, indent=2)
    out.write("\n")


def _snapshot(catalog: Catalog, args: argparse.Namespace, out: TextIO) -> int:
    if args.to_dir is not None:
        from .._model.history import dated_snapshots, write_snapshot  # noqa: PLC0415

        try:
            written = write_snapshot(catalog, args.to_dir)
            newest = dated_snapshots(args.to_dir)[-1][1]
        except OSError as exc:
            raise UsageError(f"cannot write to {args.to_dir}: {exc.strerror}") from None
        if written is None:
            print(f"{PROG}: unchanged since {newest}; nothing written", file=sys.stderr)
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


def _read_catalog(path: Path) -> Catalog:
    from .._model.catalog import Catalog, InvalidCatalogError  # noqa: PLC0415
    from .._model.input import read_input  # noqa: PLC0415

    data = read_input(path, UsageError)
    try:
        return Catalog.from_json(data)
    except InvalidCatalogError as exc:
        raise UsageError(f"{path}: not a snapshot: {exc}") from None


def _catalog_at(directory: Path, moment: Any) -> Catalog:
    """The snapshot of a history directory in force at a moment; errors name the file."""
    from .._model.catalog import InvalidCatalogError  # noqa: PLC0415
    from .._model.history import catalog_at  # noqa: PLC0415

    try:
        return catalog_at(directory, moment)
    except InvalidCatalogError as exc:
        raise UsageError(str(exc)) from None
    except OSError as exc:
        raise UsageError(f"{directory}: cannot read: {exc.strerror or exc}") from None


CHANGE_KEYS = ("id", "kinds", "type", "field", "old", "new", "old_usd", "new_usd",
               "relative_change", "description")  # fmt: skip
CHANGE_TABLE_KEYS = ("id", "type", "description")
HEADERS.update({"type": "CHANGE", "description": "WHAT", "date": "DATE", "field": "FIELD"})


def _change_rows(diff: Any, date: str | None = None) -> list[dict[str, Any]]:
    from decimal import Decimal  # noqa: PLC0415

    from .._model.catalog import PRICE_UNITS, _field_usd  # noqa: PLC0415
    from .._model.rows import KIND_LABELS  # noqa: PLC0415

    rows = []
    for model in diff.models:
        for change in model.changes:
            priced = change.field in PRICE_UNITS
            relative = change.relative if priced else None
            row = {
                "id": model.id,
                "kinds": [KIND_LABELS[kind] for kind in model.kinds],
                "type": change.type,
                "field": change.field,
                "old": list(change.old) if isinstance(change.old, tuple) else change.old,
                "new": list(change.new) if isinstance(change.new, tuple) else change.new,
                "old_usd": _field_usd(change.field, change.old) if priced else None,
                "new_usd": _field_usd(change.field, change.new) if priced else None,
                "relative_change": None
                if relative is None
                else relative.quantize(Decimal("0.0001")).normalize(),
                "description": str(change),
            }
            if date is not None:
                row = {"date": date, **row}
            rows.append(row)
    return rows


def _diff(args: argparse.Namespace, out: TextIO) -> int:
    old, new = _read_catalog(args.old), _read_catalog(args.new)
    changes = old.diff(new)
    rows = _change_rows(changes)
    fmt = args.format or "table"
    if args.quiet or args.fields or fmt in ("jsonl", "csv"):
        _emit(args, out, rows, CHANGE_KEYS, CHANGE_TABLE_KEYS)
    elif fmt == "json":
        from .output import plain  # noqa: PLC0415

        models = [
            {"id": model.id, "kinds": next(r["kinds"] for r in rows if r["id"] == model.id),
             "changes": [{k: v for k, v in row.items() if k not in ("id", "kinds")}
                         for row in rows if row["id"] == model.id]}
            for model in changes.models
        ]  # fmt: skip
        _write_json(out, plain({
            "changed": changes.changed,
            "old": {"fetched_at": old.fetched_at, "source": old.source},
            "new": {"fetched_at": new.fetched_at, "source": new.source},
            "models": models,
        }))  # fmt: skip
    elif fmt == "markdown":
        _diff_markdown(old, new, changes, out)
    else:
        out.write(f"{changes}\n")
    wanted = args.fail_on or (frozenset(CHANGE_TYPE_NAMES) if args.exit_code else frozenset())
    return 1 if wanted & changes.types() else 0


def _diff_markdown(old: Catalog, new: Catalog, changes: Any, out: TextIO) -> None:
    """A short report for a pull-request comment or an issue."""
    from .._model.families import FAMILIES  # noqa: PLC0415
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
        labels = {family.name: family.label for family in FAMILIES}
        out.write(f"- **`{model.id}`** ({', '.join(labels[k] for k in model.kinds)})\n")
        for change in model.changes:
            out.write(f"  - {str(change).replace('|', '/')}\n")


def _history(args: argparse.Namespace, out: TextIO) -> int:
    from .._model.history import dated_snapshots  # noqa: PLC0415

    try:
        snapshots = dated_snapshots(args.directory)
    except OSError as exc:
        raise UsageError(f"cannot read {args.directory}: {exc.strerror}") from None
    if not snapshots:
        raise UsageError(f"{args.directory} holds no snapshot (files named YYYY-MM-DD.json)")
    rows: list[dict[str, Any]] = []
    previous: Catalog | None = None
    names: set[str] = set()
    for day, path in snapshots:
        catalog = _read_catalog(path)
        for name in args.models:
            names.add(name)
            if name in _names_of(catalog):
                names |= {model.id for model in catalog.find(name)}
        if previous is None:
            empty = attrs.evolve(
                catalog,
                models=(),
                language_models=(),
                image_generation_models=(),
                video_generation_models=(),
            )
            first = _change_rows(empty.diff(catalog), day.isoformat())
            rows += [row for row in first if row["type"] == "added"]  # the baseline
        else:
            rows += _change_rows(previous.diff(catalog), day.isoformat())
        previous = catalog
    if args.models:
        rows = [row for row in rows if row["id"] in names]
    _emit(args, out, rows, ("date", *CHANGE_KEYS), ("date", "id", "type", "description"))
    return 0


def _names_of(catalog: Catalog) -> set[str]:
    return {model.id for model in catalog} | {a for model in catalog for a in model.aliases}


def _export(catalog: Catalog, args: argparse.Namespace, out: TextIO) -> int:
    from .._tables.audit import export_prices  # noqa: PLC0415

    written = export_prices(catalog, args.format, aliases=not args.no_aliases)
    try:
        if isinstance(written, dict):
            if args.output is None:
                raise UsageError(f"--format {args.format} writes one file per model: give -o DIR")
            args.output.mkdir(parents=True, exist_ok=True)
            for name, text in written.items():
                (args.output / name).write_text(text, encoding="utf-8")
            print(f"{PROG}: wrote {len(written)} files to {args.output}", file=sys.stderr)
        elif args.output is None:
            out.write(written)
        else:
            args.output.write_text(written, encoding="utf-8")
    except OSError as exc:
        raise UsageError(f"cannot write {args.output}: {exc.strerror}") from None
    return 0


FINDING_KEYS = ("kind", "model", "their_id", "field", "theirs", "ours", "ratio", "description")
HEADERS.update({"kind": "FINDING", "model": "MODEL", "their_id": "THEIR ID", "theirs": "THEIRS",
                "ours": "OURS", "ratio": "RATIO"})  # fmt: skip


def _audit(catalog: Catalog, args: argparse.Namespace, out: TextIO) -> int:
    from .._tables.audit import audit_prices  # noqa: PLC0415
    from .._tables.base import InvalidTableError  # noqa: PLC0415

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
        _emit(args, out, rows, FINDING_KEYS, FINDING_KEYS)
    elif not rows and (args.format or "table") == "table":
        out.write("No findings: the table matches the catalog.\n")
    else:
        _emit(args, out, rows, FINDING_KEYS, ("kind", "model", "their_id", "field", "theirs",
                                              "ours", "ratio"))  # fmt: skip
    return 1 if findings else 0


def _mock(args: argparse.Namespace, out: TextIO) -> int:
    from .._api.mock import MockServer, offline_catalog  # noqa: PLC0415

    try:
        server = MockServer(
            offline_catalog(), host=args.host, port=args.port, api_key=args.require_key
        )
    except OSError as exc:
        raise UsageError(f"cannot listen on {args.host}:{args.port}: {exc.strerror}") from None
    out.write(
        f"Serving the embedded catalog on {server.url} (Ctrl-C to stop).\n"
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
