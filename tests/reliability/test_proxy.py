"""The metering proxy under load and faults, as a real `xai-models proxy` subprocess in front of a
loopback upstream serving real bodies (tests/upstream.py): 200 concurrent requests, a 100 MB
stream, an upstream dying mid-stream, and SIGTERM with requests in flight."""

from __future__ import annotations

import asyncio
import os
import signal
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from inference import billed
from test_proxy import Proxy
from upstream import HUGE_BYTES, SLOW_GAP, serving

from xai_models import read_ledger

from .helpers import report

CHAT = billed("chat-cached-reasoning")
WEB = billed("responses-web-search")


@pytest.fixture(scope="module")
def upstream_url() -> Iterator[str]:
    with serving() as url:
        yield url


def open_sockets(pid: int) -> int:
    count = 0
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        try:
            count += os.readlink(fd).startswith("socket:")
        except FileNotFoundError:
            continue  # closed while we looked
    return count


def peak_memory_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    raise AssertionError("no VmHWM")


def test_200_concurrent_half_streamed(upstream_url: str, tmp_path: Path) -> None:
    proxy = Proxy(upstream_url, tmp_path, "-q")
    httpx.get(f"{proxy.url}/v1/models")  # the server and its loop running, one upstream connection
    time.sleep(0.5)
    baseline = open_sockets(proxy.process.pid)

    async def load() -> list[int]:
        limits = httpx.Limits(max_connections=200)
        async with httpx.AsyncClient(base_url=proxy.url, limits=limits, timeout=60) as client:

            async def one(n: int) -> int:
                path = "/v1/chat/completions" if n % 4 < 2 else "/v1/responses"
                payload = {"model": "grok-4.3", "stream": n % 2 == 0}
                async with client.stream("POST", path, json=payload) as answer:
                    await answer.aread()
                    return answer.status_code

            return await asyncio.gather(*(one(n) for n in range(200)))

    started = time.monotonic()
    statuses = asyncio.run(load())
    wall = time.monotonic() - started
    usage = httpx.get(f"{proxy.url}/_xai_models/usage").json()
    # The upstream pool keeps idle connections for 5 s (httpx's keep-alive expiry) and closes the
    # expired ones on its next request: after that request, one connection is left, its own,
    # as after the first request.
    time.sleep(6)
    httpx.get(f"{proxy.url}/v1/models")
    deadline = time.monotonic() + 5
    while open_sockets(proxy.process.pid) > baseline and time.monotonic() < deadline:
        time.sleep(0.1)  # the proxy notices that the test's own client has hung up
    sockets_after = open_sockets(proxy.process.pid)
    proxy.stop()
    reading = read_ledger(proxy.ledger)
    expected = 100 * CHAT + 100 * WEB
    report(
        f"proxy: 200 concurrent requests (100 streamed) in {wall:.2f} s; "
        f"{len(reading.records)} ledger lines; total {sum(r.ticks or 0 for r in reading.records):,}"
        f" ticks (billed {expected:,}); sockets {baseline} before, {sockets_after} after"
    )
    assert statuses == [200] * 200
    assert reading.skipped == ()
    assert len(reading.records) == 200
    assert [r.status for r in reading.records] == ["costed"] * 200
    assert sum(r.ticks or 0 for r in reading.records) == expected
    assert sum(r.billed_ticks or 0 for r in reading.records) == expected
    assert usage["total"]["ticks"] == expected
    assert sockets_after <= baseline


def test_100_mb_stream_in_bounded_memory(upstream_url: str, tmp_path: Path) -> None:
    proxy = Proxy(upstream_url, tmp_path, "-q")
    httpx.post(f"{proxy.url}/v1/chat/completions", json={"model": "grok-4.3"})  # warm up
    before = peak_memory_kib(proxy.process.pid)
    received = 0
    with httpx.stream(
        "POST",
        f"{proxy.url}/v1/chat/completions",
        timeout=120,
        json={"model": "huge", "stream": True},
    ) as answer:
        for chunk in answer.iter_raw():
            received += len(chunk)
    growth = peak_memory_kib(proxy.process.pid) - before
    proxy.stop()
    (_, record) = read_ledger(proxy.ledger).records
    report(
        f"proxy: {received / 2**20:.0f} MiB streamed; the proxy's peak memory grew by "
        f"{growth / 1024:.1f} MiB"
    )
    assert received >= HUGE_BYTES
    assert growth < 64 * 1024
    assert record.status == "costed"
    assert record.ticks == CHAT


def test_upstream_dies_mid_stream(upstream_url: str, tmp_path: Path) -> None:
    proxy = Proxy(upstream_url, tmp_path, "-q")
    payload = {"model": "die-mid-stream", "stream": True}
    url = f"{proxy.url}/v1/chat/completions"
    with (
        pytest.raises(httpx.RemoteProtocolError),
        httpx.stream("POST", url, json=payload) as answer,
    ):
        list(answer.iter_raw())  # the break comes while reading
    assert httpx.get(f"{proxy.url}/v1/models").status_code == 200
    _, err = proxy.stop()
    (record,) = read_ledger(proxy.ledger).records
    assert record.status == "incomplete"
    assert record.ticks is None
    assert "Traceback" not in err


@pytest.mark.parametrize(("grace", "finished"), [(5.0, True), (0.2, False)])
def test_sigterm_drains_in_flight(
    upstream_url: str, tmp_path: Path, grace: float, finished: bool
) -> None:
    """A stream of ~1.5 s in flight at SIGTERM: finished within a 5 s grace, cut after 0.2 s; the
    ledger is whole either way and the process exits 0."""
    proxy = Proxy(upstream_url, tmp_path, "-q", "--grace", str(grace))
    outcome: list[object] = []

    def stream() -> None:
        try:
            with httpx.stream(
                "POST",
                f"{proxy.url}/v1/chat/completions",
                json={"model": "slow", "stream": True},
                timeout=30,
            ) as answer:
                outcome.append(len(b"".join(answer.iter_raw())))
        except httpx.HTTPError as exc:
            outcome.append(exc)

    client = threading.Thread(target=stream)
    client.start()
    time.sleep(SLOW_GAP)
    proxy.process.send_signal(signal.SIGTERM)
    client.join(30)
    _, err = proxy.process.communicate(timeout=30)
    assert proxy.process.returncode == 0
    assert "stopped; metered 1 responses" in err.decode()
    reading = read_ledger(proxy.ledger)
    assert reading.skipped == ()
    (record,) = reading.records
    assert record.status == ("costed" if finished else "incomplete")
    assert isinstance(outcome[0], int) is finished
