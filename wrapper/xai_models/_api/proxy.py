"""The metering proxy: an ASGI app that forwards every request to xAI untouched and meters the
answers of the inference endpoints on the way back (the `proxy` extra: Starlette, uvicorn).

    app = proxy_app(meter, upstream="https://api.x.ai")

- The method, path (as sent, `raw_path`), query, headers and body go upstream unchanged, but the
  hop-by-hop headers (RFC 9110 section 7.6.1) and `Host`, which httpx sets for the upstream. The
  request body is streamed upstream, not read whole.
- The answer comes back with its status, headers (hop-by-hop ones aside) and raw bytes, chunk by
  chunk as they arrive (`aiter_raw`): compressed bodies stay compressed.
- The costing is the meter's: the upstream client's transport is `meter.async_transport()`.
- Once the meter's budget is spent, inference requests get 402 with an OpenAI-style error body and
  go nowhere; the Models endpoints and everything else still pass. 402, not 429: SDKs retry a 429
  (the openai SDK, twice by default), and a spent budget does not come back by waiting.
- An unreachable upstream gives 502, a timed-out one 504, with an OpenAI-style body.
- `GET /_xai_models/usage` answers the running totals as JSON; it is never forwarded.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, Final

import httpx
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse
from starlette.routing import Route

from .._model.records import Totals
from .meter import BudgetExceededError

if TYPE_CHECKING:
    from .meter import Meter

__all__ = ["USAGE_PATH", "proxy_app"]

USAGE_PATH: Final = "/_xai_models/usage"
HOP_BY_HOP: Final = frozenset(
    {"connection", "keep-alive", "proxy-authenticate", "proxy-authorization", "proxy-connection",
     "te", "trailer", "transfer-encoding", "upgrade"}
)  # fmt: skip
METHODS: Final = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]


def _end_to_end(
    headers: list[tuple[bytes, bytes]], *, drop: frozenset[str] = frozenset()
) -> list[tuple[bytes, bytes]]:
    """The headers a proxy passes on: not hop-by-hop, not named by `Connection`, not `drop`."""
    named = {
        token.strip().lower()
        for name, value in headers
        if name.lower() == b"connection"
        for token in value.decode("latin-1").split(",")
    }
    skip = HOP_BY_HOP | named | drop
    return [(name, value) for name, value in headers if name.decode("latin-1").lower() not in skip]


def _error(status: int, message: str, code: str, kind: str = "proxy_error") -> JSONResponse:
    """An error in the shape the openai SDK reads: {"error": {"message", "type", "code"}}."""
    return JSONResponse(
        {"error": {"message": message, "type": kind, "code": code, "param": None}}, status
    )


def _totals_json(totals: Totals) -> dict[str, Any]:
    return {
        "requests": totals.requests,
        "usd": f"{totals.usd:f}",
        "ticks": totals.ticks,
        "billed_ticks": totals.billed_ticks,
        "disagreements": totals.disagreements,
        "unpriced": totals.unpriced,
        "incomplete": totals.incomplete,
    }


def proxy_app(
    meter: Meter,
    upstream: str,
    *,
    timeout: httpx.Timeout | None = None,
    transport: httpx.AsyncBaseTransport | None = None,
) -> Starlette:
    """The proxy for `upstream` (a base URL; its path, if any, prefixes every request path).

    `transport` is the inner transport towards the upstream (default: a new
    `httpx.AsyncHTTPTransport`); the meter wraps it.
    """
    base = httpx.URL(upstream)
    prefix = base.raw_path.rstrip(b"/")
    started = datetime.now(UTC)
    client = httpx.AsyncClient(
        transport=meter.async_transport(transport),
        timeout=timeout or httpx.Timeout(600.0, connect=10.0),
        follow_redirects=False,
        trust_env=False,
    )

    async def usage(request: Request) -> Response:
        return JSONResponse({
            "since": started.isoformat(timespec="seconds"),
            "total": _totals_json(meter.summary),
            "unmetered": meter.unmetered,
            "budget_usd": None if meter.budget is None else f"{meter.budget:f}",
            "by_model": {k: _totals_json(v) for k, v in meter.totals("model").items()},
            "by_key": {k: _totals_json(v) for k, v in meter.totals("key").items()},
        })  # fmt: skip

    async def forward(request: Request) -> Response:
        raw_path: bytes = request.scope.get("raw_path") or request.scope["path"].encode()
        query: bytes = request.scope.get("query_string", b"")
        target = prefix + raw_path + (b"?" + query if query else b"")
        url = base.copy_with(raw_path=target)
        headers = _end_to_end(request.scope["headers"], drop=frozenset({"host"}))
        names = {name for name, _ in request.scope["headers"]}
        has_body = b"content-length" in names or b"transfer-encoding" in names
        outgoing = client.build_request(
            request.method, url, headers=headers, content=request.stream() if has_body else None
        )
        try:
            answer = await client.send(outgoing, stream=True)
        except BudgetExceededError as exc:
            return _error(402, str(exc), "budget_exceeded", "insufficient_quota")
        except httpx.TimeoutException:
            return _error(
                504, f"the upstream {upstream} did not answer in time", "upstream_timeout"
            )
        except httpx.TransportError as exc:
            return _error(502, f"the upstream {upstream} is unreachable: {type(exc).__name__}",
                          "upstream_unreachable")  # fmt: skip
        response = StreamingResponse(_relay(answer), status_code=answer.status_code)
        response.raw_headers = _end_to_end(answer.headers.raw)
        return response

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        yield
        await client.aclose()
        meter.close()

    return Starlette(
        routes=[
            Route(USAGE_PATH, usage, methods=["GET"]),
            Route("/{path:path}", forward, methods=METHODS),
        ],
        lifespan=lifespan,
    )


async def _relay(answer: httpx.Response) -> AsyncIterator[bytes]:
    """The upstream's raw bytes as they come; closing the answer makes the meter's record."""
    try:
        if answer.is_stream_consumed:  # read in advance by a custom transport: only this is left
            yield answer.content
            return
        async for chunk in answer.aiter_raw():
            yield chunk
    finally:
        await answer.aclose()
