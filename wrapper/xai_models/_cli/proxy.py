"""`xai-models proxy`: the metering proxy (`_api/proxy`) on uvicorn, a line per costed response.

Loopback only unless `--allow-remote`. SIGINT and SIGTERM stop accepting, let requests in flight
finish for `--grace` seconds, then close the ledger: every line in it is whole.
"""

from __future__ import annotations

import argparse
from typing import Any, TextIO

from .._api.constants import DEFAULT_BASE_URL

DEFAULT_LISTEN = "127.0.0.1:8787"
DEFAULT_UPSTREAM = DEFAULT_BASE_URL


def add_parser(commands: Any) -> None:
    proxy = commands.add_parser(
        "proxy",
        help="forward requests to xAI and cost every inference response to the tick",
        description="A local HTTP proxy for xAI's API: point any client at it "
        "(OPENAI_BASE_URL=http://127.0.0.1:8787/v1) and every request goes upstream untouched, "
        "while each response of /v1/chat/completions, /v1/responses and /v1/images/* is costed "
        "to the tick and checked against what xAI billed. GET /_xai_models/usage gives the "
        "running totals. Needs the proxy extra: pip install 'xai-models[proxy]'.",
    )
    proxy.add_argument(
        "--listen",
        default=DEFAULT_LISTEN,
        metavar="HOST:PORT",
        help=f"address to serve (default {DEFAULT_LISTEN}; port 0: a free one)",
    )
    proxy.add_argument(
        "--upstream",
        metavar="URL",
        help=f"where to forward (default XAI_BASE_URL or {DEFAULT_UPSTREAM})",
    )
    proxy.add_argument("--ledger", metavar="FILE", help="append one JSON line per response")
    proxy.add_argument(
        "--budget",
        metavar="USD",
        help="answer inference requests 402 once the ledger's total reaches it",
    )
    prices = proxy.add_mutually_exclusive_group()
    prices.add_argument(
        "--from",
        dest="from_",
        metavar="SNAPSHOT",
        help="cost at a snapshot's prices (default: the API's, refreshed hourly)",
    )
    prices.add_argument(
        "--history", metavar="DIR", help="cost at the snapshot in force each day (re-read hourly)"
    )
    proxy.add_argument(
        "--format",
        choices=("table", "jsonl"),
        default="table",
        help="the line printed per response: text, or the ledger's JSON line",
    )
    proxy.add_argument("-q", "--quiet", action="store_true", help="print no line per response")
    proxy.add_argument(
        "--allow-remote",
        action="store_true",
        help="allow listening on an address other than loopback",
    )
    proxy.add_argument(
        "--grace",
        type=float,
        default=5.0,
        metavar="SECONDS",
        help="on Ctrl-C or SIGTERM, time given to requests in flight (default 5)",
    )


def run(args: argparse.Namespace, out: TextIO) -> int:
    from .proxy_serve import serve  # noqa: PLC0415 - sockets, logging and uvicorn on use only

    return serve(args, out)
