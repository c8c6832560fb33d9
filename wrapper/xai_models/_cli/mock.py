"""`xai-models mock`: the eight endpoints served locally from the embedded catalog."""

from __future__ import annotations

import argparse
from typing import Any, TextIO

from .errors import UsageError


def add_parser(commands: Any) -> None:
    mock = commands.add_parser(
        "mock", help="serve the eight endpoints locally from the embedded catalog"
    )
    mock.add_argument("--host", default="127.0.0.1")
    mock.add_argument("--port", type=_port, default=8000, help="0 picks a free port")
    mock.add_argument(
        "--require-key", metavar="KEY", help="answer 401/400 unless this bearer key is sent"
    )


def _port(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a port number: {text!r}") from None
    if not 0 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"a port is 0 to 65535, got {value}")
    return value


def run(args: argparse.Namespace, out: TextIO) -> int:
    from .._api.mock import MockServer  # noqa: PLC0415
    from .._model.offline import offline_catalog  # noqa: PLC0415

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
