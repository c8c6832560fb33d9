"""The meter's httpx transports: they pass every request and response through untouched and read
a metered response's bytes as the caller reads them (`_model/observe`), never buffering the stream.

A record is made when the body ends, or when the caller closes it first (abandoned: "incomplete"
unless the usage had already passed), or when the upstream breaks it ("incomplete"; the error
reaches the caller as it would without the meter).
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import AsyncIterator, Iterator, Mapping
from typing import Any, Final, Protocol, cast

import httpx

from .._model.observe import BodyObserver, observer_for
from .._schema.errors import XAIError

__all__ = ["ENDPOINTS", "AsyncMeteredTransport", "MeteredTransport", "endpoint_of"]

ENDPOINTS: Final = ("chat/completions", "responses", "images/generations", "images/edits")
"""The POST endpoints the meter costs, by the end of their path (`/v1/chat/completions`, ...)."""
_ENDPOINT_PATH = re.compile(r"/(" + "|".join(map(re.escape, ENDPOINTS)) + r")/?$")


def endpoint_of(method: str, path: str) -> str | None:
    """The metered endpoint a request goes to (`ENDPOINTS`), or None."""
    if method != "POST":
        return None
    match = _ENDPOINT_PATH.search(path)
    return None if match is None else match.group(1)


class Watch(Protocol):
    """One metered request under way (`Meter`'s watch), as the transports see it."""

    @property
    def done(self) -> bool: ...

    def finish(self, http_status: int, body: Mapping[str, Any] | None, *, streamed: bool,
               state: str, note: str | None = None) -> None: ...  # fmt: skip


class Meter(Protocol):
    """What the transports ask of a `Meter`."""

    def _catalog_due(self) -> bool: ...
    def _current_catalog(self) -> object: ...
    def _count_unmetered(self) -> None: ...
    def _check_budget(self) -> None: ...
    def _start(self, request: httpx.Request, endpoint: str) -> Watch: ...


async def _prefetch(meter: Meter) -> None:
    """Fetch a due catalog in a worker thread, so costing never blocks the event loop; a failure
    is the meter's to log (its records say unpriced), never the caller's."""
    if meter._catalog_due():
        import anyio.to_thread  # noqa: PLC0415 - only a meter that fetches its catalog needs it

        with contextlib.suppress(XAIError):
            await anyio.to_thread.run_sync(meter._current_catalog)


class _Reading:
    """What the two streams share: the observer, and the record made from it."""

    def __init__(self, watch: Watch, response: httpx.Response, *, identity: bool) -> None:
        self.watch = watch
        self.status = response.status_code
        content_type, encoding = _content_headers(response)
        self.observer: BodyObserver = observer_for(content_type, "" if identity else encoding)

    def finish(self, state: str, note: str | None = None) -> None:
        if self.watch.done:
            return
        observer = self.observer
        body = observer.result()
        if observer.problem is not None:
            state, note = ("unreadable" if state == "ended" else state), observer.problem
        elif state == "closed" and observer.done:
            state = "ended"  # the stream said it was complete before the caller closed it
        self.watch.finish(self.status, body, streamed=observer.streamed, state=state, note=note)


def _read_already(watch: Watch, response: httpx.Response) -> bool:
    """Record a response whose body was read before it reached the meter (a response built with
    `content=`, as `httpx.MockTransport` handlers do); False when the body is still to come."""
    if not response.is_stream_consumed:
        return False
    reading = _Reading(watch, response, identity=True)
    reading.observer.feed(response.content)  # decoded already: read it as identity-encoded
    reading.finish("ended")
    return True


def _reading(watch: Watch, response: httpx.Response) -> _Reading:
    return _Reading(watch, response, identity=False)


def _content_headers(response: httpx.Response) -> tuple[str, str]:
    """`Content-Type` and `Content-Encoding`, in one pass over the raw headers (on the hot path)."""
    found = {b"content-type": b"", b"content-encoding": b""}
    for name, value in response.headers.raw:
        lowered = name.lower()
        if lowered in found:
            found[lowered] = value if not found[lowered] else found[lowered] + b", " + value
    return (found[b"content-type"].decode("latin-1"), found[b"content-encoding"].decode("latin-1"))


class _MeteredStream(httpx.SyncByteStream):
    def __init__(self, inner: httpx.SyncByteStream, reading: _Reading) -> None:
        self._inner = inner
        self._reading = reading

    def __iter__(self) -> Iterator[bytes]:
        feed = self._reading.observer.feed
        try:
            for chunk in self._inner:
                feed(chunk)
                yield chunk
        except GeneratorExit:
            raise  # the caller stopped reading; close() records it
        except Exception as exc:
            self._reading.finish("broken", f"the body broke: {type(exc).__name__}")
            raise
        self._reading.finish("ended")

    def close(self) -> None:
        try:
            self._inner.close()
        finally:
            self._reading.finish("closed", "closed before the end of the body")


class _AsyncMeteredStream(httpx.AsyncByteStream):
    def __init__(self, inner: httpx.AsyncByteStream, reading: _Reading, meter: Meter) -> None:
        self._inner = inner
        self._reading = reading
        self._meter = meter

    async def __aiter__(self) -> AsyncIterator[bytes]:
        feed = self._reading.observer.feed
        try:
            async for chunk in self._inner:
                feed(chunk)
                yield chunk
        except GeneratorExit:
            raise
        except Exception as exc:
            await self._finish("broken", f"the body broke: {type(exc).__name__}")
            raise
        await self._finish("ended")

    async def aclose(self) -> None:
        try:
            await self._inner.aclose()
        finally:
            await self._finish("closed", "closed before the end of the body")

    async def _finish(self, state: str, note: str | None = None) -> None:
        if not self._reading.watch.done:
            await _prefetch(self._meter)
        self._reading.finish(state, note)


class MeteredTransport(httpx.BaseTransport):
    """Meters the responses of `inner` (see `Meter.transport`)."""

    def __init__(self, meter: Meter, inner: httpx.BaseTransport | None = None) -> None:
        self._meter = meter
        self._inner = inner if inner is not None else httpx.HTTPTransport()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        endpoint = endpoint_of(request.method, request.url.path)
        if endpoint is None:
            self._meter._count_unmetered()
            return self._inner.handle_request(request)
        self._meter._check_budget()
        watch = self._meter._start(request, endpoint)
        response = self._inner.handle_request(request)
        if not 200 <= response.status_code < 300:
            self._meter._count_unmetered()
            return response
        if not _read_already(watch, response):
            inner = cast(httpx.SyncByteStream, response.stream)
            response.stream = _MeteredStream(inner, _reading(watch, response))
        return response

    def close(self) -> None:
        self._inner.close()


class AsyncMeteredTransport(httpx.AsyncBaseTransport):
    """Meters the responses of `inner` (see `Meter.async_transport`)."""

    def __init__(self, meter: Meter, inner: httpx.AsyncBaseTransport | None = None) -> None:
        self._meter = meter
        self._inner = inner if inner is not None else httpx.AsyncHTTPTransport()

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        endpoint = endpoint_of(request.method, request.url.path)
        if endpoint is None:
            self._meter._count_unmetered()
            return await self._inner.handle_async_request(request)
        self._meter._check_budget()
        watch = self._meter._start(request, endpoint)
        response = await self._inner.handle_async_request(request)
        if not 200 <= response.status_code < 300:
            self._meter._count_unmetered()
            return response
        await _prefetch(self._meter)
        if not _read_already(watch, response):
            inner = cast(httpx.AsyncByteStream, response.stream)
            response.stream = _AsyncMeteredStream(inner, _reading(watch, response), self._meter)
        return response

    async def aclose(self) -> None:
        await self._inner.aclose()
