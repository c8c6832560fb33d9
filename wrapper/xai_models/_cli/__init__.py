"""The `xai-models` command (also `python -m xai_models`): one module per command, each with its
flags (`add_parser`) and its handler (`run`); `context` reads the environment and the catalog,
`output` renders every row, `errors` maps every error to its exit status (`EXIT_CODES`).

Errors are one line on stderr, never a traceback.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from importlib import import_module
from typing import NoReturn, TextIO

from .context import read_environment
from .errors import EXIT_CODES, PROG, UsageError, exit_code, exit_table, fail

__all__ = ["COMMANDS", "EXIT_CODES", "build_parser", "exit_code", "main"]

COMMANDS = {
    "list": "listing", "get": "get", "cost": "cost", "snapshot": "snapshot", "diff": "diff",
    "history": "history", "export": "export", "audit": "audit", "ledger": "ledger",
    "proxy": "proxy", "mock": "mock",
}  # fmt: skip
"""Each command, in the order --help lists them, and its module in this package."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        raise UsageError(message)


def build_parser() -> argparse.ArgumentParser:
    from .context import offline_note  # noqa: PLC0415

    parser = _Parser(
        prog=PROG,
        description="List the models of the xAI API, their prices and aliases; estimate costs; "
        "snapshot and diff the catalog; serve a local mock of the API.",
        epilog=f"--offline reads the embedded catalog instead of the API: {offline_note()}. "
        "Online, the key comes from --api-key or XAI_API_KEY, the URL from --base-url or "
        "XAI_BASE_URL (default https://api.x.ai). XAI_MODELS_QUIET=1 silences notes, as -q does. "
        f"{exit_table()}.",
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
    for module in COMMANDS.values():
        import_module(f"{__name__}.{module}").add_parser(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    from .._schema.errors import XAIError  # noqa: PLC0415 - the CLI is imported lazily

    try:
        args = build_parser().parse_args(argv)
        args.environment = read_environment()
        return _run(args, sys.stdout)
    except (UsageError, XAIError) as exc:  # UnknownModelError and the Invalid*Errors among them
        return fail(str(exc), exit_code(exc))
    except BrokenPipeError:
        sys.stderr.close()  # the reader went away (`| head`): not an error worth a traceback
        return 0
    except KeyboardInterrupt as exc:
        return exit_code(exc)


def _run(args: argparse.Namespace, out: TextIO) -> int:
    status: int = import_module(f"{__name__}.{COMMANDS[args.command]}").run(args, out)
    return status
