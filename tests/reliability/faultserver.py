"""A fault-injecting HTTP/1.1 server on loopback: real sockets, a controllable fault plan, counts.

    with FaultServer() as server:                    # serves ExampleAPI: the eight endpoints
        server.script("/v1/models", html(502), RESET)  # the next two requests to that path
        server.always("*", empty(500))                 # every request, until cleared
        server.inject_randomly(0.3, TRANSIENT, seed=1) # or a seeded random schedule
        ...
        server.attempts["/v1/models"], server.injected, server.open_connections, server.seen

A request is answered by the first of: a fault scripted for its raw target (or for "*"), a fault
always given for it (or for "*"), a random fault, an answer set with `answer()`, the API's answer.

The faults: a `reply` (any status, body and headers; `echo` copies the request's Authorization
value into it; a Retry-After HTTP date is computed when sent), `RESET` (RST: SO_LINGER 0, then
close), `CLOSE` (close without any response), `TRUNCATE` (Content-Length larger than what is sent,
then close), `STALL` (half the body, then nothing until the client gives up, at most `stall_cap`
seconds), `GARBAGE` (bytes that are not HTTP, then close).

Everything is bounded: a request head (1 MiB), requests per connection, idle time, stalls. Only the
standard library is used, and the server listens on loopback only.
"""

from __future__ import annotations

import contextlib
import ipaddress
import json
import random
import socket
import struct
import threading
import time
from collections import Counter, deque
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from email.utils import formatdate
from http import HTTPStatus
from pathlib import Path
from typing import Any, Literal
from urllib.parse import quote, unquote

from .schemas import normalized

__all__ = [
    "CLOSE",
    "ENDPOINTS",
    "GARBAGE",
    "RESET",
    "STALL",
    "TRANSIENT",
    "TRUNCATE",
    "Endpoint",
    "ExampleAPI",
    "Fault",
    "FaultServer",
    "Seen",
    "empty",
    "html",
    "rate_limited",
    "reply",
]

EXAMPLES = Path(__file__).resolve().parents[1] / "data" / "examples"
ECHO = "{authorization}"
"""In an echoing reply's body or headers, replaced by the request's Authorization header value."""

MAX_HEAD = 1 << 20
MAX_REQUESTS_PER_CONNECTION = 100_000
MAX_SEEN = 200_000
JSON = "application/json"

Kind = Literal["reply", "reset", "close", "truncate", "stall", "garbage"]


def _reason(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return {520: "Web Server Returned an Unknown Error"}.get(status, "Unknown")


@dataclass(frozen=True)
class Fault:
    """One way to answer a request: `name` is what the counts call it."""

    name: str
    kind: Kind
    status: int = 200
    body: bytes = b""
    headers: tuple[tuple[str, str], ...] = ()
    echo: bool = False
    retry_after_in: float | None = None
    """For a reply: send `Retry-After` as the HTTP date this many seconds after sending."""


def reply(
    status: int,
    body: bytes = b"",
    *,
    name: str | None = None,
    content_type: str = JSON,
    echo: bool = False,
    retry_after_in: float | None = None,
    headers: Iterable[tuple[str, str]] = (),
) -> Fault:
    """A complete response with this status, body and headers."""
    all_headers = ((("Content-Type", content_type),) if content_type else ()) + tuple(headers)
    return Fault(
        name or f"{status} reply",
        "reply",
        status,
        body,
        all_headers,
        echo=echo,
        retry_after_in=retry_after_in,
    )


def html(status: int) -> Fault:
    """An error page such as a gateway sends: HTML, not the API's JSON."""
    phrase = _reason(status)
    page = (
        f"<!DOCTYPE html>\n<html><head><title>{status} {phrase}</title></head><body>"
        f"<center><h1>{status} {phrase}</h1></center><hr><center>nginx</center></body></html>\n"
    ).encode()
    return reply(status, page, name=f"{status} html", content_type="text/html; charset=utf-8")


def empty(status: int) -> Fault:
    """This status with an empty body and no content type."""
    return reply(status, b"", name=f"{status} empty", content_type="")


def rate_limited(*, seconds: str | None = None, date_in: float | None = None) -> Fault:
    """A 429 with `Retry-After` in seconds (as given) or as the HTTP date `date_in` seconds on."""
    body = b'{"code":"Too Many Requests","error":"Rate limit reached, please retry."}'
    if seconds is not None:
        return reply(
            429, body, name=f"429 retry-after {seconds}", headers=[("Retry-After", seconds)]
        )
    return reply(429, body, name=f"429 retry-after date +{date_in}", retry_after_in=date_in)


RESET = Fault("reset", "reset")
CLOSE = Fault("close without response", "close")
TRUNCATE = Fault("truncated body", "truncate")
STALL = Fault("stalled body", "stall")
GARBAGE = Fault("garbage bytes", "garbage")

TRANSIENT: tuple[Fault, ...] = (
    html(500),
    empty(500),
    html(502),
    empty(502),
    html(503),
    empty(503),
    html(504),
    empty(504),
    html(520),
    rate_limited(seconds="1"),
    rate_limited(date_in=1.0),
    RESET,
    CLOSE,
    TRUNCATE,
    STALL,
    GARBAGE,
)
"""Every transient fault: each is retried by the client, and the retry may succeed."""


@dataclass(frozen=True)
class Seen:
    """A request as the server read it."""

    method: str
    target: str
    """The raw request target, exactly as sent (percent-encoding untouched)."""
    headers: dict[str, str]
    connection: int
    answer: str
    """The fault's name, or "api" / "answer" for a normal response."""


@dataclass(frozen=True)
class Endpoint:
    """One kind of model: its client resource, path and schemas."""

    resource: str
    path: str
    list_key: str
    list_schema: str
    item_schema: str

    def item_path(self, model_id: str) -> str:
        return f"{self.path}/{quote(model_id, safe='')}"


ENDPOINTS: tuple[Endpoint, ...] = (
    Endpoint("models", "/v1/models", "data", "ModelList", "Model"),
    Endpoint(
        "language_models", "/v1/language-models", "models", "LanguageModelList", "LanguageModel"
    ),
    Endpoint(
        "image_generation_models",
        "/v1/image-generation-models",
        "models",
        "ImageGenerationModelList",
        "ImageGenerationModel",
    ),
    Endpoint(
        "video_generation_models",
        "/v1/video-generation-models",
        "models",
        "VideoGenerationModelList",
        "VideoGenerationModel",
    ),
)

_EXAMPLE_LISTS = {
    "models": ("models-list.2026.json", "models-list.2025.json"),
    "language_models": ("language-models-list.2026.json", "language-models-list.2025.json"),
    "image_generation_models": ("image-generation-models-list.json",),
    "video_generation_models": ("video-generation-models-list.json",),
}


class ExampleAPI:
    """The eight endpoints over the example bodies of tests/data/examples (both docs revisions).

    Lists answer with every model of their kind; a get answers by id or alias (the canonical model),
    else 404 with the API's error body, or, with `echo_unknown_ids`, a minimal model whose id is the
    decoded path segment. `expected(target)` is the normalized JSON the client must return.
    """

    def __init__(self, *, echo_unknown_ids: bool = False) -> None:
        self.echo_unknown_ids = echo_unknown_ids
        self.items: dict[str, list[dict[str, Any]]] = {}
        self._bodies: dict[str, bytes] = {}
        self._by_name: dict[str, dict[str, dict[str, Any]]] = {}
        for endpoint in ENDPOINTS:
            items: list[dict[str, Any]] = []
            for name in _EXAMPLE_LISTS[endpoint.resource]:
                body = json.loads((EXAMPLES / name).read_text(encoding="utf-8"))
                items.extend(body[endpoint.list_key])
            self.items[endpoint.resource] = items
            envelope: dict[str, Any] = {endpoint.list_key: items}
            if endpoint.list_key == "data":
                envelope["object"] = "list"
            self._bodies[endpoint.path] = json.dumps(envelope).encode()
            names: dict[str, dict[str, Any]] = {}
            for item in items:
                for alias in item.get("aliases") or ():
                    names[alias] = item
            for item in items:
                names[item["id"]] = item
            self._by_name[endpoint.path] = names
        self._not_found = (EXAMPLES / "error-404-not-found.json").read_bytes()

    def ids(self, resource: str) -> list[str]:
        """Every name a get accepts for this kind: ids, then aliases."""
        items = self.items[resource]
        return [item["id"] for item in items] + [
            alias for item in items for alias in item.get("aliases") or ()
        ]

    def answer(self, target: str) -> tuple[int, bytes]:
        """Status and JSON body for a GET of `target`."""
        path = target.split("?", 1)[0]
        if path in self._bodies:
            return 200, self._bodies[path]
        collection, _, segment = path.rpartition("/")
        names = self._by_name.get(collection)
        if names is None:
            return 404, b'{"code":"not-found","error":"No such endpoint"}'
        model_id = unquote(segment, errors="replace")
        item = names.get(model_id)
        if item is not None:
            return 200, json.dumps(item).encode()
        if self.echo_unknown_ids:
            echoed = {"id": model_id, "created": 0, "object": "model", "owned_by": "echo"}
            return 200, json.dumps(echoed).encode()
        return 404, self._not_found

    def expected(self, target: str) -> Any:
        """The normalized JSON a list (a list of objects) or a get (one object) must decode to."""
        for endpoint in ENDPOINTS:
            if target == endpoint.path:
                return [normalized(endpoint.item_schema, i) for i in self.items[endpoint.resource]]
            if target.startswith(endpoint.path + "/"):
                item = self._by_name[endpoint.path][unquote(target[len(endpoint.path) + 1 :])]
                return normalized(endpoint.item_schema, item)
        raise KeyError(target)


def _head(status: int, headers: Sequence[tuple[str, str]], length: int) -> bytes:
    lines = [f"HTTP/1.1 {status} {_reason(status)}"]
    lines += [f"{name}: {value}" for name, value in headers]
    lines += [f"Content-Length: {length}", "", ""]
    return "\r\n".join(lines).encode("latin-1")


@dataclass
class _RandomPlan:
    rate: float
    menu: tuple[Fault, ...]
    weights: tuple[float, ...]
    rng: random.Random


@dataclass
class _Plan:
    scripted: dict[str, deque[Fault]] = field(default_factory=dict)
    always: dict[str, Fault] = field(default_factory=dict)
    answers: dict[str, tuple[int, bytes, tuple[tuple[str, str], ...]]] = field(default_factory=dict)
    random: _RandomPlan | None = None


class FaultServer:
    """A threaded HTTP/1.1 server on a loopback port that answers by its fault plan (see module)."""

    def __init__(
        self,
        api: ExampleAPI | None = None,
        *,
        host: str = "127.0.0.1",
        stall_cap: float = 5.0,
        idle_timeout: float = 30.0,
        seed: int = 0,
    ) -> None:
        self.api = api or ExampleAPI()
        self.stall_cap = stall_cap
        self.idle_timeout = idle_timeout
        if not ipaddress.ip_address(host).is_loopback:
            raise ValueError(f"a fault server listens on loopback only, not {host}")
        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        self._listener = socket.create_server((host, 0), family=family, backlog=256)
        self._listener.settimeout(0.05)
        port = self._listener.getsockname()[1]
        self.url = f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"
        self.port = port
        self._lock = threading.Lock()
        self._plan = _Plan()
        self._garbage = random.Random(seed)
        self._stopping = threading.Event()
        self._connections: dict[int, socket.socket] = {}
        self._threads: list[threading.Thread] = []
        self.accepted = 0
        self.closed = 0
        self.peak_connections = 0
        self.attempts: Counter[str] = Counter()
        self.injected: Counter[str] = Counter()
        self.seen: deque[Seen] = deque(maxlen=MAX_SEEN)
        self._accept_thread = threading.Thread(
            target=self._accept_loop, name=f"faultserver-{port}", daemon=True
        )
        self._accept_thread.start()

    # The plan.

    def script(self, path: str, *faults: Fault) -> None:
        """Answer the next requests to `path` (a raw target, or "*" for any) with these faults."""
        with self._lock:
            self._plan.scripted.setdefault(path, deque()).extend(faults)

    def always(self, path: str, fault: Fault | None) -> None:
        """Answer every request to `path` (or "*") with `fault`; None stops it."""
        with self._lock:
            if fault is None:
                self._plan.always.pop(path, None)
            else:
                self._plan.always[path] = fault

    def answer(
        self,
        path: str,
        status: int,
        body: bytes,
        *,
        content_type: str = JSON,
        headers: Iterable[tuple[str, str]] = (),
    ) -> None:
        """Answer requests to `path` with this response instead of the API's (not a fault)."""
        all_headers = ((("Content-Type", content_type),) if content_type else ()) + tuple(headers)
        with self._lock:
            self._plan.answers[path] = (status, body, all_headers)

    def inject_randomly(
        self,
        rate: float,
        menu: Sequence[Fault] = TRANSIENT,
        *,
        seed: int,
        weights: Sequence[float] | None = None,
    ) -> None:
        """From now on, answer each request with a fault from `menu` with probability `rate`."""
        chosen_weights = tuple(weights) if weights is not None else (1.0,) * len(menu)
        if len(chosen_weights) != len(menu):
            raise ValueError("one weight per fault")
        with self._lock:
            self._plan.random = _RandomPlan(rate, tuple(menu), chosen_weights, random.Random(seed))

    def clear(self) -> None:
        """Forget the whole plan: the API answers every request."""
        with self._lock:
            self._plan = _Plan()

    # What was seen.

    @property
    def open_connections(self) -> int:
        with self._lock:
            return len(self._connections)

    @property
    def requests(self) -> int:
        return sum(self.attempts.values())

    def wait_idle(self, timeout: float = 5.0) -> int:
        """Wait (at most `timeout` s) until no connection is open; return how many still are."""
        deadline = time.monotonic() + timeout
        while self.open_connections and time.monotonic() < deadline:
            time.sleep(0.01)
        return self.open_connections

    def seen_for(self, path: str) -> list[Seen]:
        return [seen for seen in list(self.seen) if seen.target == path]

    # Serving.

    def _accept_loop(self) -> None:
        number = 0
        while not self._stopping.is_set():
            try:
                conn, _ = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            number += 1
            conn.settimeout(self.idle_timeout)
            conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            with self._lock:
                self.accepted += 1
                self._connections[number] = conn
                self.peak_connections = max(self.peak_connections, len(self._connections))
            thread = threading.Thread(target=self._serve, args=(conn, number), daemon=True)
            self._threads = [t for t in self._threads if t.is_alive()]
            self._threads.append(thread)
            thread.start()

    def _serve(self, conn: socket.socket, number: int) -> None:
        try:
            buffer = b""
            for _ in range(MAX_REQUESTS_PER_CONNECTION):
                head, buffer = self._read_head(conn, buffer)
                if head is None or not self._answer(conn, head, number):
                    break
        except (OSError, ValueError):
            pass  # the client went away, or sent something this server will not read
        finally:
            conn.close()
            with self._lock:
                self._connections.pop(number, None)
                self.closed += 1

    @staticmethod
    def _read_head(conn: socket.socket, buffer: bytes) -> tuple[bytes | None, bytes]:
        while b"\r\n\r\n" not in buffer:
            if len(buffer) > MAX_HEAD:
                raise ValueError("request head too large")
            chunk = conn.recv(65536)
            if not chunk:
                return None, b""
            buffer += chunk
        head, _, rest = buffer.partition(b"\r\n\r\n")
        return head, rest

    def _choose(self, target: str) -> Fault | None:
        plan = self._plan
        for path in (target, "*"):
            queue = plan.scripted.get(path)
            if queue:
                return queue.popleft()
        for path in (target, "*"):
            if path in plan.always:
                return plan.always[path]
        chance = plan.random
        if chance is not None and chance.rng.random() < chance.rate:
            return chance.rng.choices(chance.menu, chance.weights)[0]
        return None

    def _answer(self, conn: socket.socket, head: bytes, number: int) -> bool:
        """Answer one request; True if the connection may serve another."""
        request_line, *header_lines = head.decode("latin-1").split("\r\n")
        method, target, _version = request_line.split(" ", 2)
        headers = {}
        for line in header_lines:
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
        with self._lock:
            fault = self._choose(target)
            override = self._plan.answers.get(target)
            self.attempts[target] += 1
            if fault is not None:
                self.injected[fault.name] += 1
            name = fault.name if fault else ("answer" if override else "api")
            self.seen.append(Seen(method, target, headers, number, name))
        keep_alive = headers.get("connection", "").lower() != "close"
        if override is not None:
            status, body, response_headers = override
        else:
            status, body = self.api.answer(target)
            response_headers = (("Content-Type", JSON),)
        if fault is None:
            conn.sendall(_head(status, response_headers, len(body)) + body)
            return keep_alive
        if fault.kind == "reply":
            conn.sendall(self._reply_bytes(fault, headers.get("authorization", "")))
            return keep_alive
        if fault.kind == "reset":
            conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            return False
        if fault.kind == "close":
            return False
        if fault.kind == "garbage":
            noise = bytes(self._garbage.randrange(256) for _ in range(64))
            conn.sendall(b"\x16\x03\x01\x00\xa5\x01\x00\x00\xa1\x03\x03" + noise + b"\r\n\r\n")
            return False
        # A truncated or stalled body: promise all of it, send half.
        half = body[: len(body) // 2]
        conn.sendall(_head(status, response_headers, len(body)) + half)
        if fault.kind == "stall":
            self._wait_for_client_to_give_up(conn)
        return False

    def _reply_bytes(self, fault: Fault, authorization: str) -> bytes:
        body, headers = fault.body, list(fault.headers)
        if fault.echo:
            body = body.replace(ECHO.encode(), authorization.encode("latin-1"))
            headers = [(name, value.replace(ECHO, authorization)) for name, value in headers]
        if fault.retry_after_in is not None:
            headers.append(
                ("Retry-After", formatdate(time.time() + fault.retry_after_in, usegmt=True))
            )
        return _head(fault.status, headers, len(body)) + body

    def _wait_for_client_to_give_up(self, conn: socket.socket) -> None:
        deadline = time.monotonic() + self.stall_cap
        while not self._stopping.is_set():
            left = deadline - time.monotonic()
            if left <= 0:
                return
            conn.settimeout(min(left, 0.1))
            try:
                if not conn.recv(65536):
                    return
            except TimeoutError:
                continue

    # Life cycle.

    def close(self) -> None:
        """Stop accepting, drop every connection, and wait (bounded) for the threads to end."""
        self._stopping.set()
        self._accept_thread.join(timeout=5)
        self._listener.close()
        with self._lock:
            connections = list(self._connections.values())
        for conn in connections:
            with contextlib.suppress(OSError):  # already closed by its thread
                conn.shutdown(socket.SHUT_RDWR)
        deadline = time.monotonic() + 5
        for thread in self._threads:
            thread.join(timeout=max(0.0, deadline - time.monotonic()))

    def __enter__(self) -> FaultServer:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()
