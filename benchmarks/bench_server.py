"""The loopback server every contender talks to, in its own process so it never takes the GIL.

A raw-socket HTTP/1.1 server: one thread per connection, keep-alive, TCP_NODELAY, and every response
precomputed (`bench_data.all_routes`), so serving costs a dict lookup and one `sendall`. It counts
requests and connections (`GET /__stats`), and exits by itself when its parent closes its stdin.

Run by `Server` (a context manager); `python bench_server.py` prints the port once it listens.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from types import TracebackType
from typing import IO

from bench_data import STATS_PATH, Route, all_routes, http_response

__all__ = ["Server"]

_NOT_FOUND = http_response(b'{"code":"not_found","error":"no such path"}', "404 Not Found")
_HEAD_END = b"\r\n\r\n"


class _Counters:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.requests = 0
        self.connections = 0

    def count_request(self, first_on_connection: bool) -> None:
        with self._lock:
            self.requests += 1
            self.connections += first_on_connection

    def as_json(self) -> bytes:
        with self._lock:
            return json.dumps({"requests": self.requests, "connections": self.connections}).encode()


def _read_head(conn: socket.socket, buffer: bytearray) -> bytes | None:
    """The next request's head (the body of a GET is empty), or None when the peer closed."""
    while (end := buffer.find(_HEAD_END)) < 0:
        chunk = conn.recv(65_536)
        if not chunk:
            return None
        buffer += chunk
    head = bytes(buffer[:end])
    del buffer[: end + len(_HEAD_END)]
    return head


def _serve_connection(conn: socket.socket, routes: dict[bytes, Route], counters: _Counters) -> None:
    conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    buffer = bytearray()
    served = False
    with conn:
        while (head := _read_head(conn, buffer)) is not None:
            target = head.split(b" ", 2)[1].split(b"?", 1)[0]
            if target == STATS_PATH:
                conn.sendall(http_response(counters.as_json()))
                continue
            counters.count_request(first_on_connection=not served)
            served = True
            route = routes.get(target)
            if route is None:
                conn.sendall(_NOT_FOUND)
                continue
            if route.delay:
                time.sleep(route.delay)
            conn.sendall(route.response)
            if b"\r\nconnection: close" in head.lower():
                return


def _serve_forever(listener: socket.socket, routes: dict[bytes, Route]) -> None:
    counters = _Counters()
    while True:
        conn, _ = listener.accept()
        threading.Thread(
            target=_serve_connection, args=(conn, routes, counters), daemon=True
        ).start()


def _exit_when_parent_goes(stdin: IO[bytes]) -> None:
    stdin.read()  # returns at EOF: the parent closed the pipe, or died
    os._exit(0)


def main() -> None:
    routes = all_routes()
    listener = socket.create_server(("127.0.0.1", 0), backlog=128)
    threading.Thread(target=_exit_when_parent_goes, args=(sys.stdin.buffer,), daemon=True).start()
    print(listener.getsockname()[1], flush=True)
    _serve_forever(listener, routes)


class Server:
    """Starts the server process; `url(prefix)` is a base URL, `stats()` its counters."""

    def __init__(self) -> None:
        self._process: subprocess.Popen[bytes] | None = None
        self.port = 0

    def __enter__(self) -> Server:
        self._process = subprocess.Popen(
            [sys.executable, str(Path(__file__).resolve())],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
        )
        assert self._process.stdout is not None
        line = self._process.stdout.readline()
        if not line.strip():
            raise RuntimeError("the benchmark server did not start")
        self.port = int(line)
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        process = self._process
        if process is None:
            return
        assert process.stdin is not None
        process.stdin.close()  # the server exits on EOF
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()

    def url(self, prefix: str = "") -> str:
        return f"http://127.0.0.1:{self.port}{prefix}"

    def stats(self) -> dict[str, int]:
        """Requests and connections counted so far (`/__stats` itself is not counted)."""
        with socket.create_connection(("127.0.0.1", self.port)) as conn:
            conn.sendall(b"GET /__stats HTTP/1.1\r\nHost: bench\r\nConnection: close\r\n\r\n")
            data = b""
            while chunk := conn.recv(65_536):
                data += chunk
                if _HEAD_END in data and data.endswith(b"}"):
                    break
        counts: dict[str, int] = json.loads(data.split(_HEAD_END, 1)[1])
        return counts


if __name__ == "__main__":
    main()
