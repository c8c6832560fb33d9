"""The ledger: an append-only JSON Lines file with one line per meter record.

Each line is written whole by one `write` under an exclusive lock (`flock` where the platform has
it, and a thread lock), so several threads and processes can append to one file without
interleaving. A process killed in the middle of a write leaves at most a torn last line: the next
append first ends it with a newline, and readers report it (with its line number) and skip it.

A line holds ids, counts, prices, tags and a key fingerprint: never a key, a prompt or a
completion. Its keys are listed in the README ("The ledger").
"""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Iterator
from datetime import datetime
from os import PathLike
from pathlib import Path
from typing import Any, Final

import attrs

from .._schema.errors import XAIError
from .._schema.public import publish
from .pricing import Usage
from .records import STATUSES, MeterRecord

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: the thread lock alone
    fcntl = None  # type: ignore[assignment]

__all__ = ["InvalidLedgerError", "Ledger", "LedgerReading", "read_ledger", "record_json"]

LEDGER_FORMAT: Final = 1
LINE_LIMIT: Final = 1024 * 1024
"""Bytes of one ledger line a reader takes; a longer line is reported and skipped."""
_USAGE_FIELDS: Final = tuple(field.name for field in attrs.fields(Usage))


class InvalidLedgerError(XAIError, ValueError):
    """A file that cannot be read as a ledger; the message names it."""


def record_json(record: MeterRecord) -> dict[str, Any]:
    """A record as one ledger line holds it (the breakdown's lines are not kept)."""
    usage = None if record.usage is None else {
        name: dict(value) if name == "tools" else value
        for name in _USAGE_FIELDS
        if (value := getattr(record.usage, name))
    }  # fmt: skip
    return {
        "v": LEDGER_FORMAT,
        "time": record.time.isoformat(),
        "endpoint": record.endpoint,
        "status": record.status,
        "model": record.model,
        "response_id": record.response_id,
        "streamed": record.streamed,
        "http_status": record.http_status,
        "usage": usage,
        "ticks": record.ticks,
        "usd": None if record.usd is None else f"{record.usd:f}",
        "billed_ticks": record.billed_ticks,
        "agrees": record.agrees,
        "tier": record.tier,
        "price_source": record.price_source,
        "key": record.key,
        "tags": dict(record.tags),
        "note": record.note,
    }


def record_of(line: dict[str, Any]) -> MeterRecord:
    """The record a ledger line holds; raises ValueError, TypeError or KeyError on another."""
    if line.get("v") != LEDGER_FORMAT:
        raise ValueError(f"not a ledger line of format {LEDGER_FORMAT}")
    if line["status"] not in STATUSES:
        raise ValueError(f"unknown status {line['status']!r}")
    usage = line.get("usage")
    time = datetime.fromisoformat(line["time"])
    if time.tzinfo is None:
        raise ValueError("time without a UTC offset")
    tags = line.get("tags") or {}
    if not all(isinstance(k, str) and isinstance(v, str) for k, v in tags.items()):
        raise TypeError("tags must map text to text")
    return MeterRecord(
        time=time,
        endpoint=_text(line, "endpoint", required=True),
        status=line["status"],
        model=_text(line, "model"),
        response_id=_text(line, "response_id"),
        streamed=line.get("streamed") is True,
        http_status=_whole(line, "http_status") or 200,
        usage=None if usage is None else Usage(**usage),
        ticks=_whole(line, "ticks"),
        billed_ticks=_whole(line, "billed_ticks"),
        tier=_text(line, "tier"),
        price_source=_text(line, "price_source"),
        key=_text(line, "key"),
        tags=tags,
        note=_text(line, "note"),
    )


def _text(line: dict[str, Any], key: str, *, required: bool = False) -> Any:
    value = line.get(key)
    if (value is None and required) or not (value is None or isinstance(value, str)):
        raise TypeError(f"{key} must be text")
    return value


def _whole(line: dict[str, Any], key: str) -> int | None:
    value = line.get(key)
    if value is not None and (isinstance(value, bool) or not isinstance(value, int)):
        raise TypeError(f"{key} must be a whole number")
    return value


class Ledger:
    """Appends records to a ledger file, creating it (and its folder) when missing."""

    def __init__(self, path: str | PathLike[str]) -> None:
        self.path = Path(path)
        self._fd: int | None = None
        self._lock = threading.Lock()

    def append(self, record: MeterRecord) -> None:
        line = json.dumps(record_json(record), ensure_ascii=False, separators=(",", ":"))
        data = (line + "\n").encode("utf-8")
        with self._lock:
            fd = self._open()
            if fcntl is not None:
                fcntl.flock(fd, fcntl.LOCK_EX)
            try:
                size = os.fstat(fd).st_size
                if size and os.pread(fd, 1, size - 1) != b"\n":
                    data = b"\n" + data  # end a line torn by a process killed mid-write
                _write_all(fd, data)
            finally:
                if fcntl is not None:
                    fcntl.flock(fd, fcntl.LOCK_UN)

    def _open(self) -> int:
        if self._fd is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._fd = os.open(self.path, os.O_RDWR | os.O_APPEND | os.O_CREAT, 0o600)
        return self._fd

    def close(self) -> None:
        with self._lock:
            if self._fd is not None:
                os.close(self._fd)
                self._fd = None


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


@attrs.frozen(kw_only=True)
class LedgerReading:
    """The records of a ledger, and the lines skipped: (line number, why)."""

    records: tuple[MeterRecord, ...]
    skipped: tuple[tuple[int, str], ...] = ()


def read_ledger(path: str | PathLike[str]) -> LedgerReading:
    """Read a whole ledger; torn or foreign lines are skipped and listed, never raised.

    Raises InvalidLedgerError when the file cannot be read, or when no line of a non-empty file
    is a record (it is not a ledger)."""
    skipped: list[tuple[int, str]] = []
    records = tuple(iter_ledger(path, skipped))
    return LedgerReading(records=records, skipped=tuple(skipped))


def iter_ledger(path: str | PathLike[str], skipped: list[tuple[int, str]]) -> Iterator[MeterRecord]:
    """The records of a ledger one by one, in bounded memory; skipped lines go to `skipped`."""
    found = 0
    try:
        with open(path, "rb") as file:
            number = 0
            while line := file.readline(LINE_LIMIT):
                number += 1
                if not line.endswith(b"\n") and len(line) == LINE_LIMIT:
                    while (rest := file.readline(LINE_LIMIT)) and not rest.endswith(b"\n"):
                        pass
                    skipped.append((number, f"longer than {LINE_LIMIT:,} bytes"))
                    continue
                if not line.strip():
                    continue
                try:
                    record = record_of(json.loads(line))
                except (ValueError, TypeError, KeyError, AttributeError, RecursionError) as exc:
                    torn = not line.endswith(b"\n")
                    why = "torn (no end of line)" if torn else f"not a record: {_reason(exc)}"
                    skipped.append((number, why))
                    continue
                found += 1
                yield record
    except OSError as exc:
        raise InvalidLedgerError(f"{path}: cannot read: {exc.strerror or exc}") from None
    if not found and skipped:
        raise InvalidLedgerError(f"{path}: not a ledger (line {skipped[0][0]}: {skipped[0][1]})")


def _reason(exc: BaseException) -> str:
    if isinstance(exc, UnicodeDecodeError):
        return "not UTF-8"
    if isinstance(exc, json.JSONDecodeError):
        return "not JSON"
    if isinstance(exc, KeyError):
        return f"no {exc.args[0]!r}"
    return str(exc)[:200]


publish(InvalidLedgerError, Ledger, LedgerReading, read_ledger)
