"""A stand-in for api.x.ai on a loopback port: real inference bodies (tests/inference.py), the
Models endpoints from a catalog, and a few misbehaviours, served by uvicorn in a thread.

The request's `model` picks the behaviour: "die-mid-stream" sends two chunks then drops the
connection; "slow" waits `SLOW_GAP` seconds between chunks; "huge" streams `HUGE_BYTES` of events;
any other model answers with the published example of its endpoint. `/v1/echo` answers what it got.
"""

from __future__ import annotations

import asyncio
import json
import socket
import threading
import time
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from typing import Any

import uvicorn
from inference import chat_body, chat_stream, image_body, responses_body, responses_stream
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse
from starlette.routing import Route
from test_usage import catalog

from xai_models._api.mock import _Routes

SLOW_GAP = 0.3
HUGE_BYTES = 100 * 1024 * 1024
_ROUTES = _Routes(catalog())


async def _chunks(chunks: list[bytes], gap: float = 0.0) -> AsyncIterator[bytes]:
    for chunk in chunks:
        yield chunk
        if gap:
            await asyncio.sleep(gap)


async def _dying(chunks: list[bytes]) -> AsyncIterator[bytes]:
    for chunk in chunks[:2]:
        yield chunk
    await asyncio.sleep(0.05)
    raise ConnectionResetError("the upstream died mid-stream (planted)")


async def _huge() -> AsyncIterator[bytes]:
    delta = (
        b"data: "
        + json.dumps(
            {
                "id": "chatcmpl-h",
                "object": "chat.completion.chunk",
                "model": "grok-4.3",
                "choices": [{"index": 0, "delta": {"content": "x" * 4000}}],
            }
        ).encode()
        + b"\n\n"
    )
    block = delta * 16
    sent = 0
    while sent < HUGE_BYTES:
        yield block
        sent += len(block)
    for chunk in chat_stream()[-2:]:
        yield chunk


def _stream(body: AsyncIterator[bytes]) -> StreamingResponse:
    return StreamingResponse(body, media_type="text/event-stream")


async def inference(request: Request) -> Response:
    payload = json.loads(await request.body() or b"{}")
    model = payload.get("model")
    path = request.url.path
    if path.endswith("/images/generations"):
        return JSONResponse(image_body(payload.get("n", 1)))
    chat = path.endswith("/chat/completions")
    if chat:
        name = "chat-cached-reasoning"
        body, chunks = chat_body(name), chat_stream(name)
    else:
        name = "responses-long-context" if model == "long" else "responses-web-search"
        body, chunks = responses_body(name), responses_stream(name)
    if model == "error-400":
        return JSONResponse(
            {"code": "invalid-argument", "error": "Incorrect API key provided"}, 400
        )
    if not payload.get("stream"):
        return JSONResponse(body, headers={"x-request-id": "req-1"})
    if model == "die-mid-stream":
        return _stream(_dying(chunks))
    if model == "huge":
        return _stream(_huge())
    return _stream(_chunks(chunks, SLOW_GAP if model == "slow" else 0.0))


async def models(request: Request) -> Response:
    status, body = _ROUTES.answer(request.url.path)
    return Response(body, status, media_type="application/json")


async def echo(request: Request) -> Response:
    body = await request.body()
    return JSONResponse(
        {
            "method": request.method,
            "raw_path": request.scope["raw_path"].decode("latin-1"),
            "query": request.scope["query_string"].decode("latin-1"),
            "headers": [
                [k.decode("latin-1"), v.decode("latin-1")] for k, v in request.scope["headers"]
            ],
            "body_length": len(body),
            "body_start": body[:100].decode("latin-1"),
        },
        headers={"set-cookie": "a=1", "x-multi": "one"},
    )


APP = Starlette(
    routes=[
        Route("/v1/echo", echo, methods=["GET", "POST", "PUT", "PATCH", "DELETE"]),
        Route("/v1/{family:path}-models{rest:path}", models, methods=["GET"]),
        Route("/v1/models{rest:path}", models, methods=["GET"]),
        Route("/v1/{endpoint:path}", inference, methods=["POST"]),
    ]
)


@contextmanager
def serving(app: Any = APP) -> Iterator[str]:
    """Serve `app` on a free loopback port; yields its base URL."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(
        uvicorn.Config(
            app, http="h11", log_level="critical", lifespan="on", timeout_graceful_shutdown=1
        )
    )
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the test upstream did not start")
        time.sleep(0.01)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(10)
        sock.close()
