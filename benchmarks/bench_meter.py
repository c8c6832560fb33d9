"""The meter and the proxy, against the same calls without them, in one run.

    .venv/bin/python benchmarks/bench_meter.py [--quick]

An upstream serving real bodies (tests/upstream.py: the published billed usages in Chat
Completions and Responses envelopes) runs in its own process on a loopback port, so its work is
not on the client's core. Then, interleaved round by round:

- the openai SDK (sync and async, streamed and not) through `meter.transport()` against a plain
  httpx transport: target <= 1.10x;
- the meter's own work per response: the metered transport around an in-memory transport, minus
  the same transport bare: target < 50 us;
- streaming memory: the peak traced memory of metering a 10 MB and a 100 MB stream: must not grow
  with the stream;
- the proxy (`xai-models proxy` as a subprocess): latency of one call and throughput of 32
  concurrent callers, against calling the upstream directly.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import openai

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from bench_report import Section, Target, format_table  # noqa: E402
from bench_stats import async_timer, interleave, paired_ratio, sync_timer  # noqa: E402
from inference import chat_body, chat_stream, responses_stream  # noqa: E402
from test_usage import catalog  # noqa: E402

from xai_models import Meter  # noqa: E402

KEY = "xai-bench-key"
MESSAGES: Any = [{"role": "user", "content": "Say hello."}]
UPSTREAM = (
    "import sys, uvicorn; sys.path.insert(0, sys.argv[2]); import upstream; "
    "uvicorn.run(upstream.APP, host='127.0.0.1', port=int(sys.argv[1]), log_level='critical', "
    "access_log=False)"
)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _wait_for(url: str) -> None:
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            httpx.get(f"{url}/v1/models", timeout=1)
            return
        except httpx.TransportError:
            time.sleep(0.05)
    raise RuntimeError(f"{url} did not start")


@contextmanager
def _process(argv: list[str], url: str) -> Iterator[str]:
    process = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        _wait_for(url)
        yield url
    finally:
        process.terminate()
        process.wait(30)


def upstream() -> Any:
    port = _free_port()
    argv = [sys.executable, "-c", UPSTREAM, str(port), str(ROOT / "tests")]
    return _process(argv, f"http://127.0.0.1:{port}")


def proxy(upstream_url: str, snapshot: Path, ledger: Path) -> Any:
    port = _free_port()
    argv = [
        sys.executable,
        "-m",
        "xai_models",
        "proxy",
        "--listen",
        f"127.0.0.1:{port}",
        "--upstream",
        upstream_url,
        "--from",
        str(snapshot),
        "--ledger",
        str(ledger),
        "-q",
    ]
    return _process(argv, f"http://127.0.0.1:{port}")


def _ratio(name: str, samples: dict[str, list[float]], metered: str, plain: str) -> list[str]:
    ratio = statistics.median(samples[metered]) / statistics.median(samples[plain])
    return [
        name,
        f"{statistics.median(samples[plain]) * 1e6:,.0f}",
        f"{statistics.median(samples[metered]) * 1e6:,.0f}",
        f"{ratio:.3f}x",
        f"{paired_ratio(samples[metered], samples[plain]):.3f}x",
    ]


def sdk_overhead(url: str, rounds: int, section: Section) -> None:
    """The openai SDK through the meter, against the same SDK on a plain transport."""
    meter = Meter(catalog())
    plain = openai.OpenAI(api_key=KEY, base_url=f"{url}/v1", http_client=httpx.Client())
    metered = openai.OpenAI(
        api_key=KEY, base_url=f"{url}/v1", http_client=httpx.Client(transport=meter.transport())
    )
    runner = asyncio.Runner()
    aplain = openai.AsyncOpenAI(api_key=KEY, base_url=f"{url}/v1", http_client=httpx.AsyncClient())
    ametered = openai.AsyncOpenAI(
        api_key=KEY,
        base_url=f"{url}/v1",
        http_client=httpx.AsyncClient(transport=meter.async_transport()),
    )

    def call(client: openai.OpenAI, stream: bool) -> Any:
        if stream:
            return lambda: list(
                client.chat.completions.create(model="grok-4.3", messages=MESSAGES, stream=True)
            )
        return lambda: client.chat.completions.create(model="grok-4.3", messages=MESSAGES)

    def acall(client: openai.AsyncOpenAI, stream: bool) -> Any:
        async def go() -> None:
            if stream:
                async for _ in await client.chat.completions.create(
                    model="grok-4.3", messages=MESSAGES, stream=True
                ):
                    pass
            else:
                await client.chat.completions.create(model="grok-4.3", messages=MESSAGES)

        return go

    timers = {}
    for stream in (False, True):
        kind = "streamed" if stream else "json"
        timers[f"sync plain {kind}"] = sync_timer(call(plain, stream))
        timers[f"sync meter {kind}"] = sync_timer(call(metered, stream))
        timers[f"async plain {kind}"] = async_timer(runner, acall(aplain, stream))
        timers[f"async meter {kind}"] = async_timer(runner, acall(ametered, stream))
    for timer in timers.values():
        timer()  # connections made, code warm
    samples = interleave(timers, rounds)
    rows = []
    for mode in ("sync", "async"):
        for kind in ("json", "streamed"):
            rows.append(
                _ratio(
                    f"openai {mode}, {kind}",
                    samples,
                    f"{mode} meter {kind}",
                    f"{mode} plain {kind}",
                )
            )
    section.tables.append(format_table(["call", "plain us", "metered us", "ratio", "paired"], rows))
    for row in rows:
        ratio = float(row[3].rstrip("x"))
        passed = ratio <= 1.10
        section.targets.append(
            Target(
                f"{row[0]} through the meter",
                "<= 1.10x",
                row[3],
                passed,
                "" if passed else f"{ratio - 1.10:.3f}x",
            )
        )
    records = meter.records
    billed = sum(r.billed_ticks or 0 for r in records)
    section.notes.append(
        f"{len(records)} metered responses, {meter.total_ticks:,} ticks metered, "
        f"{billed:,} billed; disagreements {meter.disagreements}"
    )
    section.data["sdk"] = {name: statistics.median(values) for name, values in samples.items()}
    runner.run(aplain.close())
    runner.run(ametered.close())
    runner.close()


class _Replay(httpx.BaseTransport):
    """Answers every request with the same body, in memory: no network, no server."""

    def __init__(self, chunks: list[bytes], content_type: str) -> None:
        self.chunks = chunks
        self.headers = {"content-type": content_type}

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, headers=self.headers, stream=_Chunks(self.chunks))


class _Chunks(httpx.SyncByteStream):
    def __init__(self, chunks: list[bytes]) -> None:
        self.chunks = chunks

    def __iter__(self) -> Iterator[bytes]:
        return iter(self.chunks)


def own_work(rounds: int, section: Section) -> None:
    """The meter's work per response: metered in-memory transport minus the bare one."""
    bodies = {
        "chat json (1 KB)": ([json.dumps(chat_body()).encode()], "application/json"),
        "chat stream (6 chunks)": (chat_stream(), "text/event-stream"),
        "responses stream (5 events)": (responses_stream(), "text/event-stream"),
        "chat stream (1,000 chunks)": (chat_stream(words=1000), "text/event-stream"),
    }
    rows = []
    request = {"model": "grok-4.3", "messages": MESSAGES}
    for name, (chunks, content_type) in bodies.items():
        inner = _Replay(chunks, content_type)
        bare = httpx.Client(transport=inner)
        metered = httpx.Client(transport=Meter(catalog()).transport(inner))

        def post(client: httpx.Client) -> Any:
            def go() -> None:
                for _ in range(20):
                    with client.stream("POST", "http://x/v1/chat/completions", json=request) as r:
                        for _ in r.iter_raw():
                            pass

            return go

        samples = interleave(
            {"bare": sync_timer(post(bare)), "meter": sync_timer(post(metered))}, rounds
        )
        extra = (statistics.median(samples["meter"]) - statistics.median(samples["bare"])) / 20
        rows.append([name, f"{extra * 1e6:.1f}"])
        if "1,000" not in name:
            passed = extra < 50e-6
            section.targets.append(
                Target(
                    f"meter's own work, {name}",
                    "< 50 us",
                    f"{extra * 1e6:.1f} us",
                    passed,
                    "" if passed else f"{(extra - 50e-6) * 1e6:.1f} us",
                )
            )
    section.tables.append(format_table(["response", "meter's work per response, us"], rows))


def stream_memory(section: Section) -> None:
    """Peak traced memory while metering a stream of 10 MB and of 100 MB."""
    delta = chat_stream(words=1)[0]
    peaks = []
    for megabytes in (10, 100):
        count = megabytes * 1024 * 1024 // len(delta)
        meter = Meter(catalog())

        def handler(request: httpx.Request, count: int = count) -> httpx.Response:
            def body() -> Iterator[bytes]:
                for _ in range(count):
                    yield delta
                yield from chat_stream()[-2:]

            return httpx.Response(
                200, headers={"content-type": "text/event-stream"}, stream=_Gen(body())
            )

        with httpx.Client(transport=meter.transport(httpx.MockTransport(handler))) as client:
            tracemalloc.start()
            with client.stream("POST", "http://x/v1/chat/completions", json={}) as r:
                for _ in r.iter_raw():
                    pass
            _, peak = tracemalloc.get_traced_memory()
            tracemalloc.stop()
        assert meter.records[0].status == "costed"
        peaks.append(peak)
    section.tables.append(
        format_table(
            ["stream", "peak traced memory"],
            [["10 MB", f"{peaks[0] / 1024:,.0f} KiB"], ["100 MB", f"{peaks[1] / 1024:,.0f} KiB"]],
        )
    )
    grew = peaks[1] > 1.5 * peaks[0] + 64 * 1024
    section.targets.append(
        Target(
            "streaming memory, 100 MB against 10 MB",
            "does not grow",
            f"{peaks[1] / max(peaks[0], 1):.2f}x",
            not grew,
        )
    )


class _Gen(httpx.SyncByteStream):
    def __init__(self, body: Iterator[bytes]) -> None:
        self.body = body

    def __iter__(self) -> Iterator[bytes]:
        return self.body


def proxy_cost(url: str, rounds: int, section: Section) -> None:
    """Latency of one call and throughput of 32 concurrent callers: direct and through the proxy."""
    with tempfile.TemporaryDirectory() as folder:
        snapshot = Path(folder) / "snapshot.json"
        snapshot.write_text(catalog().to_json(), "utf-8")
        with proxy(url, snapshot, Path(folder) / "ledger.jsonl") as via:
            direct = openai.OpenAI(api_key=KEY, base_url=f"{url}/v1")
            proxied = openai.OpenAI(api_key=KEY, base_url=f"{via}/v1")
            timers = {
                "direct": sync_timer(
                    lambda: direct.chat.completions.create(model="grok-4.3", messages=MESSAGES)
                ),
                "proxy": sync_timer(
                    lambda: proxied.chat.completions.create(model="grok-4.3", messages=MESSAGES)
                ),
                "direct streamed": sync_timer(
                    lambda: list(
                        direct.chat.completions.create(
                            model="grok-4.3", messages=MESSAGES, stream=True
                        )
                    )
                ),
                "proxy streamed": sync_timer(
                    lambda: list(
                        proxied.chat.completions.create(
                            model="grok-4.3", messages=MESSAGES, stream=True
                        )
                    )
                ),
            }
            for timer in timers.values():
                timer()
            samples = interleave(timers, rounds)
            rows = [
                _ratio("one call, json", samples, "proxy", "direct"),
                _ratio("one call, streamed", samples, "proxy streamed", "direct streamed"),
            ]
            section.tables.append(
                format_table(["latency", "direct us", "proxy us", "ratio", "paired"], rows)
            )
            throughput = {
                name: _throughput(base) for name, base in (("direct", url), ("proxy", via))
            }
            section.tables.append(
                format_table(
                    ["32 concurrent callers", "requests/s"],
                    [[name, f"{value:,.0f}"] for name, value in throughput.items()],
                )
            )
            section.notes.append(
                f"proxy/direct: latency {rows[0][3]} (json), {rows[1][3]} (streamed); "
                f"throughput {throughput['proxy'] / throughput['direct']:.2f}x of direct"
            )
            section.data["proxy"] = {"latency": rows, "throughput": throughput}


def _throughput(base: str, callers: int = 32, per_caller: int = 20) -> float:
    async def run() -> float:
        limits = httpx.Limits(max_connections=callers)
        async with httpx.AsyncClient(base_url=base, limits=limits, timeout=60) as client:

            async def caller() -> None:
                for n in range(per_caller):
                    payload = {"model": "grok-4.3", "stream": n % 2 == 0}
                    async with client.stream("POST", "/v1/chat/completions", json=payload) as r:
                        await r.aread()

            started = time.perf_counter()
            await asyncio.gather(*(caller() for _ in range(callers)))
            return callers * per_caller / (time.perf_counter() - started)

    return asyncio.run(run())


def run(rounds: int) -> Section:
    section = Section("meter", "The meter and the proxy in the request path")
    with upstream() as url:
        sdk_overhead(url, rounds, section)
        own_work(max(rounds // 4, 20), section)
        stream_memory(section)
        proxy_cost(url, rounds, section)
    return section


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer rounds: a smoke run")
    args = parser.parse_args()
    started = time.perf_counter()
    section = run(60 if args.quick else 300)
    print(section.render())
    print(f"\n(load average {os.getloadavg()[0]:.2f}; {time.perf_counter() - started:.0f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
