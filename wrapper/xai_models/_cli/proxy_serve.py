"""`xai-models proxy`, serving: the socket, the meter, uvicorn, the one-line logs, a clean stop
(the flags: `proxy.py`)."""

from __future__ import annotations

import argparse
import json
import logging
import signal
import socket
import sys
from typing import TYPE_CHECKING, Any, TextIO

from .._api.constants import DEFAULT_BASE_URL
from .errors import UsageError

if TYPE_CHECKING:
    from .._api.meter import Meter
    from .._model.records import MeterRecord


def serve(args: argparse.Namespace, out: TextIO) -> int:
    try:
        import uvicorn  # noqa: PLC0415 - the proxy extra

        from .._api.proxy import proxy_app  # noqa: PLC0415
    except ImportError as exc:
        raise UsageError(
            f"the proxy needs its extra ({exc.name} is missing): pip install 'xai-models[proxy]'"
        ) from None
    from .._api.http import is_loopback  # noqa: PLC0415

    host, port = _listen(args.listen)
    if not is_loopback(host) and not args.allow_remote:
        raise UsageError(
            f"{host} is not a loopback address: add --allow-remote to serve other machines"
        )
    if args.grace < 0:
        raise UsageError(f"--grace must be >= 0 seconds, got {args.grace}")
    upstream = args.upstream or args.environment.base_url or DEFAULT_BASE_URL
    meter = _meter(args, upstream, out)
    try:
        sock = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
        sock.listen(2048)  # connections made before uvicorn starts wait in the backlog
    except OSError as exc:
        raise UsageError(f"cannot listen on {args.listen}: {exc.strerror or exc}") from None
    bound = sock.getsockname()[1]
    shown = f"[{host}]" if ":" in host else host
    if not is_loopback(host):
        _say(f"warning: serving {host}, not loopback: anyone who reaches it spends your keys")
    _say(
        f"listening on http://{shown}:{bound}, forwarding to {upstream}; "
        f"use OPENAI_BASE_URL=http://{shown}:{bound}/v1"
    )
    timeout = None
    if args.timeout is not None:
        import httpx  # noqa: PLC0415

        timeout = httpx.Timeout(args.timeout, connect=min(args.timeout, 10.0))
    config = uvicorn.Config(
        proxy_app(meter, upstream, timeout=timeout),
        http="h11",
        lifespan="on",
        log_config=None,
        access_log=False,
        server_header=False,
        date_header=False,
        timeout_graceful_shutdown=args.grace,
    )
    _one_line_logs()
    # uvicorn drains on SIGINT and SIGTERM, then raises the signal again to the handlers it found:
    # these, so that a requested stop ends in a summary and exit 0, not in a signal's death.
    handlers = {sig: signal.signal(sig, _stopped) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        uvicorn.Server(config).run(sockets=[sock])
    finally:
        for sig, handler in handlers.items():
            signal.signal(sig, handler)
    _say(f"stopped; metered {len(meter.records)} responses, ${meter.total:f}")
    return 0


def _stopped(sig: int, frame: object) -> None:
    """A stop asked for after uvicorn's own drain: nothing more to do."""


def _listen(text: str) -> tuple[str, int]:
    host, _, port = text.rpartition(":")
    host = host.strip("[]") or "127.0.0.1"
    try:
        number = int(port)
    except ValueError:
        raise UsageError(f"--listen wants HOST:PORT, got {text!r}") from None
    if not 0 <= number <= 65535:
        raise UsageError(f"a port is 0 to 65535, got {number}")
    return host, number


def _meter(args: argparse.Namespace, upstream: str, out: TextIO) -> Meter:
    from decimal import Decimal  # noqa: PLC0415
    from pathlib import Path  # noqa: PLC0415

    from .._api.meter import Meter  # noqa: PLC0415
    from .._model.ledger import InvalidLedgerError, iter_ledger  # noqa: PLC0415

    catalog: Any = _catalog(args, upstream)
    spent = Decimal(0)
    if args.ledger is not None and Path(args.ledger).exists():
        skipped: list[tuple[int, str]] = []
        try:
            ticks = sum(record.ticks or 0 for record in iter_ledger(args.ledger, skipped))
        except InvalidLedgerError as exc:
            raise UsageError(str(exc)) from None
        for number, why in skipped:
            _say(f"warning: {args.ledger}, line {number}: {why}; skipped")
        spent = Decimal(ticks).scaleb(-10)
    try:
        return Meter(
            catalog,
            budget=args.budget,
            ledger=args.ledger,
            spent=spent,
            on_record=None if args.quiet else _printer(args.format, out),
        )
    except ValueError as exc:
        raise UsageError(str(exc).replace("budget must", "--budget must")) from None


def _catalog(args: argparse.Namespace, upstream: str) -> Any:
    from pathlib import Path  # noqa: PLC0415

    from .context import catalog_at, read_catalog  # noqa: PLC0415

    if args.from_ is not None:
        return read_catalog(args.from_)
    if args.history is not None:
        from datetime import UTC, datetime  # noqa: PLC0415

        from .._model.history import catalog_at as snapshot_at  # noqa: PLC0415

        folder = Path(args.history)
        catalog_at(folder, datetime.now(UTC))  # refused now, not at the first response
        return lambda: snapshot_at(folder, datetime.now(UTC))  # re-read hourly: day by day
    if args.offline:
        from .._model.offline import offline_catalog  # noqa: PLC0415

        return offline_catalog()
    from .._api.client import Client  # noqa: PLC0415

    key = args.api_key or args.environment.api_key
    if not key:
        raise UsageError(
            "the proxy needs prices: set XAI_API_KEY (the catalog is fetched from the upstream), "
            "or pass --from SNAPSHOT, --history DIR or --offline"
        )
    try:
        return Client(key, base_url=upstream)
    except ValueError as exc:
        raise UsageError(str(exc)) from None


def _printer(fmt: str, out: TextIO) -> Any:
    from .._model.ledger import record_json  # noqa: PLC0415
    from .output import money  # noqa: PLC0415

    def line(record: MeterRecord) -> None:
        if fmt == "jsonl":
            text = json.dumps(record_json(record), separators=(",", ":"))
        else:
            text = _text_line(record, money)
        out.write(text + "\n")
        out.flush()

    return line


def _text_line(record: MeterRecord, money: Any) -> str:
    from .._schema.units import UNIT_PRICE_PLACES, usd  # noqa: PLC0415

    parts = [record.model or "(unknown model)", record.endpoint]
    usage = record.usage
    if usage is not None:
        cached = f" ({usage.cached_prompt_tokens:,} cached)" if usage.cached_prompt_tokens else ""
        parts.append(f"{usage.prompt_tokens:,} in{cached}, {usage.completion_tokens:,} out")
        if usage.images:
            parts.append(f"{usage.images} images")
    if record.status != "costed":
        parts.append(f"{record.status}" + (f": {record.note}" if record.note else ""))
    if record.ticks is not None:
        parts.append(money(record.usd))
    if record.billed_ticks is not None:
        verdict = {True: "agrees", False: "DIFFERS", None: ""}[record.agrees]
        billed = money(usd(record.billed_ticks, UNIT_PRICE_PLACES))
        parts.append(f"billed {billed} {verdict}".rstrip())
    elif record.status == "costed":
        parts.append("billed: not reported")
    if record.key:
        parts.append(f"key {record.key}")
    return "  ".join(parts)


def _say(message: str) -> None:
    sys.stderr.write(f"xai-models proxy: {message}\n")
    sys.stderr.flush()


class _OneLine(logging.Formatter):
    """uvicorn's messages as one line each: an exception's type and text, never its traceback."""

    def format(self, record: logging.LogRecord) -> str:
        message = record.getMessage()
        if record.exc_info and record.exc_info[1] is not None:
            error = record.exc_info[1]
            message = f"{message}: {type(error).__name__}: {error}"
        return f"xai-models proxy: {message}"


def _one_line_logs() -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(_OneLine())
    for name in ("uvicorn", "uvicorn.error", "xai_models"):
        logger = logging.getLogger(name)
        logger.handlers = [handler]
        logger.setLevel(logging.WARNING)
        logger.propagate = False
