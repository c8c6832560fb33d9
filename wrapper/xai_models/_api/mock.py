"""A local stand-in for the eight endpoints, serving a Catalog over real HTTP on loopback.

`xai-models mock` runs it in the foreground, and the tests in a thread (`--offline` reads the
embedded catalog directly and starts no server). It
looks models up by id or alias (answering with the canonical model, as the API does), answers errors
with xAI-shaped bodies (`{"code": ..., "error": ...}`), and checks the bearer key when given one.
"""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, ClassVar
from urllib.parse import unquote, urlsplit

from .._model.catalog import Catalog
from .._model.codec import encode
from .._model.families import FAMILIES

__all__ = ["MockServer"]

_PATHS = {family.name: family.path for family in FAMILIES}


def _body(payload: object) -> bytes:
    return json.dumps(payload, separators=(",", ":")).encode()


def _error(code: str, message: str) -> bytes:
    return _body({"code": code, "error": message})


class _Routes:
    """Every response the server can give, encoded once."""

    def __init__(self, catalog: Catalog) -> None:
        self.lists: dict[str, bytes] = {}
        self.models: dict[tuple[str, str], bytes] = {}
        for family in FAMILIES:
            path = _PATHS[family.name]
            encoded = [encode(model) for model in catalog.family(family)]
            envelope: dict[str, Any] = {family.list_key: encoded}
            if family.list_key == "data":
                envelope["object"] = "list"
            self.lists[path] = _body(envelope)
            bodies = [_body(payload) for payload in encoded]
            models = list(zip(catalog.family(family), bodies, strict=True))
            for model, body in models:
                for alias in model.aliases:
                    self.models[(path, alias)] = body
            for model, body in models:  # then the ids: an id wins over another model's alias
                self.models[(path, model.id)] = body

    def answer(self, path: str) -> tuple[int, bytes]:
        if path in self.lists:
            return 200, self.lists[path]
        collection, _, raw_id = path.rpartition("/")
        if collection in self.lists and raw_id:
            model_id = unquote(raw_id)
            body = self.models.get((collection, model_id))
            if body is not None:
                return 200, body
            return 404, _error(
                "not-found",
                f"The model {model_id} does not exist or your team does not have access to it.",
            )
        return 404, _error("not-found", f"No such endpoint: {path}")


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "xai-models-mock"
    disable_nagle_algorithm = True  # else a kept-alive client waits ~40 ms for delayed ACKs
    routes: ClassVar[_Routes]
    api_key: ClassVar[str | None]
    log_to: ClassVar[list[Callable[[str], None]]]

    def do_GET(self) -> None:
        status, body = self._authorize() or self.routes.answer(urlsplit(self.path).path)
        self._send(status, body)

    def _authorize(self) -> tuple[int, bytes] | None:
        if self.api_key is None:
            return None
        header = self.headers.get("Authorization", "")
        if not header.startswith("Bearer "):
            return 401, _error("unauthenticated", "Missing bearer authorization header.")
        given = header[len("Bearer ") :]
        if given != self.api_key:
            masked = f"{given[:2]}***{given[-2:]}" if len(given) > 4 else "***"
            return 400, _error(
                "Client specified an invalid argument",
                f"Incorrect API key provided: {masked}. You can obtain an API key from "
                "https://console.x.ai.",
            )
        return None

    def _refuse(self) -> None:
        length = self.headers.get("Content-Length")
        if length is not None and length.isdigit():
            self.rfile.read(int(length))  # so the next request on this connection starts clean
        else:
            self.close_connection = True
        self._send(405, _error("method-not-allowed", f"{self.command} is not supported here."))

    do_POST = do_PUT = do_PATCH = do_DELETE = _refuse

    def _send(self, status: int, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        for log in self.log_to:
            log(f"{self.address_string()} {format % args}")


class _IPv6Server(ThreadingHTTPServer):
    address_family = socket.AF_INET6


_POLL_INTERVAL = 0.02
"""Seconds between checks for shutdown: what stopping the server costs."""


class MockServer:
    """Serves `catalog` on `host:port` (port 0: any free port) until stopped."""

    def __init__(
        self,
        catalog: Catalog,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        api_key: str | None = None,
        log: Callable[[str], None] | None = None,
    ) -> None:
        handler = type(
            "Handler",
            (_Handler,),
            {"routes": _Routes(catalog), "api_key": api_key, "log_to": [log] if log else []},
        )
        self._handler = handler
        self._server = self._listen(host, port)
        self._thread: threading.Thread | None = None

    def _listen(self, host: str, port: int) -> ThreadingHTTPServer:
        server_class = _IPv6Server if ":" in host else ThreadingHTTPServer
        server = server_class((host, port), self._handler)
        server.daemon_threads = True
        return server

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        host = str(host)
        return f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"

    def serve_forever(self) -> None:
        """Serve in this thread until interrupted (`xai-models mock`)."""
        self._server.serve_forever(poll_interval=_POLL_INTERVAL)

    def start(self) -> MockServer:
        """Serve from a daemon thread; returns at once. A stopped server restarts on its port."""
        if self._server.socket.fileno() == -1:
            host, port = self._server.server_address[:2]
            self._server = self._listen(str(host), int(port))
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": _POLL_INTERVAL}, daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and close the listening socket."""
        if self._thread is not None:
            self._server.shutdown()
            self._thread.join()
            self._thread = None
        self._server.server_close()

    def __enter__(self) -> MockServer:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()
