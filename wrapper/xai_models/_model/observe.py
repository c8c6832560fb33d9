"""Reading the usage out of a response body while its bytes pass to the caller, untouched.

A JSON body is kept (up to `JSON_LIMIT` decoded bytes) and parsed once it ends. A server-sent event
stream is read event by event and only the newest event that can carry the final usage is kept:
the chunk whose `usage` is an object (Chat Completions: the last chunk), or the
`response.completed` event (Responses; `response.incomplete` and `response.failed` carry usage too).
So the memory an observer holds does not grow with the length of a stream.

Observers never raise: whatever goes wrong with reading goes into `problem`, and the caller's
bytes are not affected.
"""

from __future__ import annotations

import json
import re
import zlib
from typing import Any, Final, Protocol

__all__ = ["JSON_LIMIT", "BodyObserver", "observer_for"]

JSON_LIMIT: Final = 64 * 1024 * 1024
"""Decoded bytes of a JSON body the meter keeps to read its usage; past that it gives up."""
EVENT_LIMIT: Final = 16 * 1024 * 1024
"""Decoded bytes of one server-sent event the meter keeps; a longer event is skipped."""

_USAGE_OBJECT = re.compile(rb'"usage"\s*:\s*\{')
_FINAL_RESPONSE_EVENTS = frozenset(
    {b"response.completed", b"response.incomplete", b"response.failed"}
)
_FINAL_RESPONSE_TYPE = re.compile(rb'"type"\s*:\s*"response\.(?:completed|incomplete|failed)"')


class _Decoder(Protocol):
    def decompress(self, data: bytes) -> bytes: ...


class _Identity:
    def decompress(self, data: bytes) -> bytes:
        return data


class _Deflate:
    """zlib-wrapped deflate, or raw deflate, as servers send both under `deflate`."""

    def __init__(self) -> None:
        self._inner: Any = zlib.decompressobj()
        self._first = True

    def decompress(self, data: bytes) -> bytes:
        if self._first:
            self._first = False
            try:
                return bytes(self._inner.decompress(data))
            except zlib.error:
                self._inner = zlib.decompressobj(-zlib.MAX_WBITS)
        return bytes(self._inner.decompress(data))


class _Brotli:
    def __init__(self, decompressor: Any) -> None:
        self._decompressor = decompressor

    def decompress(self, data: bytes) -> bytes:
        return bytes(self._decompressor.process(data))


def _decoder(encoding: str) -> _Decoder | None:
    """A decoder for a `Content-Encoding` (codings applied in order), or None if unknown."""
    codings = [c.strip().lower() for c in encoding.split(",") if c.strip()]
    codings = [c for c in codings if c != "identity"]
    if not codings:
        return _Identity()
    if len(codings) > 1:
        return None
    coding = codings[0]
    if coding in ("gzip", "x-gzip"):
        return zlib.decompressobj(zlib.MAX_WBITS | 16)
    if coding == "deflate":
        return _Deflate()
    if coding == "br":
        try:
            import brotli  # type: ignore[import-not-found]  # noqa: PLC0415 - optional
        except ImportError:
            return None
        return _Brotli(brotli.Decompressor())
    if coding == "zstd":
        try:
            import zstandard  # type: ignore[import-not-found]  # noqa: PLC0415 - optional
        except ImportError:
            return None
        decoder: _Decoder = zstandard.ZstdDecompressor().decompressobj()
        return decoder
    return None


class BodyObserver:
    """Sees a body's bytes as they pass; `result()` gives the object that carries the usage."""

    problem: str | None = None
    streamed: bool = False
    done: bool = False
    """Whether the body said it was complete: an event stream's `data: [DONE]`, or the final event
    of a Responses stream. Only then does a body closed early still count as whole."""

    def __init__(self, encoding: str) -> None:
        decoder = _decoder(encoding)
        if decoder is None:
            self.problem = f"cannot read a body with Content-Encoding {encoding!r}"
        self._decoder = decoder

    def feed(self, chunk: bytes) -> None:
        if self.problem is not None or not chunk:
            return
        try:
            assert self._decoder is not None
            self._take(self._decoder.decompress(chunk))
        except Exception as exc:  # noqa: BLE001 - a reading failure must never reach the caller
            self.problem = f"unreadable body: {exc}"

    def result(self) -> dict[str, Any] | None:
        """The parsed object with the usage, None when there is none; never raises."""
        if self.problem is not None:
            return None
        try:
            return self._result()
        except (ValueError, RecursionError) as exc:
            self.problem = f"unreadable body: {type(exc).__name__}"
            return None

    def _take(self, data: bytes) -> None:
        raise NotImplementedError

    def _result(self) -> dict[str, Any] | None:
        raise NotImplementedError


class JsonObserver(BodyObserver):
    """A whole JSON response body (Chat Completions, Responses, image generation)."""

    def __init__(self, encoding: str) -> None:
        super().__init__(encoding)
        self._parts: list[bytes] = []
        self._size = 0

    def _take(self, data: bytes) -> None:
        self._size += len(data)
        if self._size > JSON_LIMIT:
            self._parts.clear()
            self.problem = f"body over {JSON_LIMIT:,} bytes: not read for usage"
            return
        self._parts.append(data)

    def _result(self) -> dict[str, Any] | None:
        body = json.loads(b"".join(self._parts))
        return body if isinstance(body, dict) else None


class EventStreamObserver(BodyObserver):
    """A `text/event-stream` body: keeps only the newest event that can carry the final usage."""

    streamed = True

    def __init__(self, encoding: str) -> None:
        super().__init__(encoding)
        self._pending = b""
        self._event = b""
        self._data: list[bytes] = []
        self._data_size = 0
        self._last: tuple[bytes, bytes] | None = None

    def _take(self, data: bytes) -> None:
        lines = (self._pending + data).split(b"\n")
        self._pending = lines.pop()
        if len(self._pending) > EVENT_LIMIT:
            self._pending = b""
            self._data, self._data_size = [], EVENT_LIMIT + 1
        for line in lines:
            self._line(line.removesuffix(b"\r"))

    def _line(self, line: bytes) -> None:
        if not line:
            self._dispatch()
        elif line.startswith(b"data:"):
            value = line[5:].removeprefix(b" ")
            self._data_size += len(value) + 1
            if self._data_size <= EVENT_LIMIT:
                self._data.append(value)
        elif line.startswith(b"event:"):
            self._event = line[6:].strip()

    def _dispatch(self) -> None:
        event, data = self._event, b"\n".join(self._data)
        oversized = self._data_size > EVENT_LIMIT
        self._event, self._data, self._data_size = b"", [], 0
        if oversized or not data:
            return
        if data.startswith(b"[DONE]"):
            self.done = True
        elif event in _FINAL_RESPONSE_EVENTS or _FINAL_RESPONSE_TYPE.search(data):
            self._last = (b"response", data)
            self.done = True
        elif _USAGE_OBJECT.search(data):
            self._last = (b"chunk", data)

    def _result(self) -> dict[str, Any] | None:
        if self._pending:
            self._line(self._pending.removesuffix(b"\r"))
            self._pending = b""
        self._dispatch()
        if self._last is None:
            return None
        kind, data = self._last
        event = json.loads(data)
        if not isinstance(event, dict):
            return None
        if kind == b"response":
            response = event.get("response")
            return response if isinstance(response, dict) else None
        return event


def observer_for(content_type: str, encoding: str) -> BodyObserver:
    """The observer for a response's `Content-Type` and `Content-Encoding`."""
    if content_type.split(";", 1)[0].strip().lower() == "text/event-stream":
        return EventStreamObserver(encoding)
    return JsonObserver(encoding)
