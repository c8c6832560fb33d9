"""The soak: many calls across the eight endpoints against a FaultServer injecting transient faults.

Used by tests/reliability/test_soak.py (a CI-sized run) and scripts/soak (any size). Every call must
end in exactly the right data (its decoded models, encoded back, equal what the server served) or
in a typed error that transient faults can cause after the retries run out (InternalServerError,
RateLimitError, APIConnectionError); anything else is counted as a wrong result or an untyped
exception. Loops are bounded: a fixed number of calls, each bounded by the client's timeout and
retries, and a deadline after which no further call starts.
"""

from __future__ import annotations

import asyncio
import gc
import random
import threading
import time
import warnings
from collections import Counter
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from xai_models import (
    APIConnectionError,
    AsyncClient,
    Client,
    ImageGenerationModel,
    InternalServerError,
    LanguageModel,
    Model,
    RateLimitError,
    VideoGenerationModel,
    XAIError,
)
from xai_models._model.codec import encode

from .faultserver import ENDPOINTS, STALL, TRANSIENT, Endpoint, ExampleAPI, FaultServer
from .helpers import KEY

__all__ = ["Call", "SoakConfig", "SoakResult", "plan_calls", "run_async", "run_sync", "table"]

PUBLIC_TYPES: dict[str, type] = {
    "models": Model,
    "language_models": LanguageModel,
    "image_generation_models": ImageGenerationModel,
    "video_generation_models": VideoGenerationModel,
}
TRANSIENT_ERRORS = (InternalServerError, RateLimitError, APIConnectionError)
"""The typed errors transient faults may leave once the retries run out."""


@dataclass(frozen=True)
class SoakConfig:
    calls: int = 1000
    fault_rate: float = 0.3
    max_retries: int = 5
    timeout: float = 0.25
    """The client's timeout (seconds per attempt per phase); a stalled body costs this much."""
    stall_weight: float = 0.5
    """How often a stall is drawn, relative to each other transient fault (1.0)."""
    threads: int = 4
    concurrency: int = 16
    seed: int = 2026
    deadline: float = 120.0
    """Seconds after which no further call starts (skipped calls are counted)."""


@dataclass(frozen=True)
class Call:
    endpoint: Endpoint
    model_id: str | None
    """None for a list."""

    @property
    def target(self) -> str:
        if self.model_id is None:
            return self.endpoint.path
        return self.endpoint.item_path(self.model_id)


@dataclass
class SoakResult:
    mode: str
    calls: int = 0
    attempts: int = 0
    injected: Counter[str] = field(default_factory=Counter)
    successes: int = 0
    typed_errors: Counter[str] = field(default_factory=Counter)
    wrong: list[str] = field(default_factory=list)
    untyped: list[str] = field(default_factory=list)
    skipped: int = 0
    open_connections: int = 0
    peak_connections: int = 0
    unclosed_warnings: int = 0
    latencies: list[float] = field(default_factory=list)
    wall: float = 0.0
    endpoints: Counter[str] = field(default_factory=Counter)

    @property
    def faults(self) -> int:
        return sum(self.injected.values())

    @property
    def retries(self) -> int:
        return self.attempts - self.calls + self.skipped

    def percentile(self, fraction: float) -> float:
        """Latency in seconds at this fraction of the sorted calls (nearest rank)."""
        ordered = sorted(self.latencies)
        if not ordered:
            return 0.0
        return ordered[min(len(ordered) - 1, max(0, round(fraction * len(ordered)) - 1))]

    def figure(self) -> str:
        return (
            f"soak {self.mode}: {self.calls} calls over {len(self.endpoints)} endpoints, "
            f"{self.attempts} attempts, {self.faults} faults injected "
            f"({self.faults / max(self.attempts, 1):.0%}), {self.retries} retries, "
            f"{self.successes} right, {sum(self.typed_errors.values())} typed errors, "
            f"{len(self.wrong)} wrong, {len(self.untyped)} untyped, {self.skipped} skipped, "
            f"{self.open_connections} connections open, {self.unclosed_warnings} unclosed, "
            f"p50 {self.percentile(0.5) * 1000:.1f} ms, p99 {self.percentile(0.99) * 1000:.1f} ms, "
            f"{self.wall:.2f} s"
        )


def plan_calls(api: ExampleAPI, count: int, seed: int) -> list[Call]:
    """`count` calls cycling over the eight endpoints; gets ask for random ids and aliases."""
    rng = random.Random(seed)
    calls = []
    for number in range(count):
        endpoint = ENDPOINTS[(number // 2) % len(ENDPOINTS)]
        model_id = None if number % 2 == 0 else rng.choice(api.ids(endpoint.resource))
        calls.append(Call(endpoint, model_id))
    return calls


def _judge(result: SoakResult, api: ExampleAPI, call: Call, value: Any) -> None:
    """Count one call's returned value as right or wrong."""
    cls = PUBLIC_TYPES[call.endpoint.resource]
    expected = api.expected(call.target)
    if call.model_id is None:
        right = isinstance(value, list) and all(type(model) is cls for model in value)
        got = [encode(model) for model in value] if right else value
    else:
        right = type(value) is cls
        got = encode(value) if right else value
    if right and got == expected:
        result.successes += 1
    else:
        result.wrong.append(f"{call.target}: got {got!r:.300}")


def _judge_error(result: SoakResult, call: Call, error: Exception) -> None:
    if isinstance(error, TRANSIENT_ERRORS):
        result.typed_errors[type(error).__name__] += 1
    elif isinstance(error, XAIError):
        result.wrong.append(f"{call.target}: unexpected {type(error).__name__}: {error}")
    else:
        result.untyped.append(f"{call.target}: {type(error).__name__}: {error}")


def _menu_weights(config: SoakConfig) -> list[float]:
    return [config.stall_weight if fault is STALL else 1.0 for fault in TRANSIENT]


class _Watch:
    """Counts ResourceWarnings (unclosed sockets) raised while it is open, after a collection."""

    def __enter__(self) -> _Watch:
        self._catcher = warnings.catch_warnings(record=True)
        self.caught = self._catcher.__enter__()
        warnings.simplefilter("always", ResourceWarning)
        return self

    def __exit__(self, *exc_info: object) -> None:
        gc.collect()
        self._catcher.__exit__(*exc_info)
        self.count = sum(issubclass(w.category, ResourceWarning) for w in self.caught)


def _finish(result: SoakResult, server: FaultServer, started: float) -> None:
    result.wall = time.perf_counter() - started
    result.open_connections = server.wait_idle(timeout=5.0)
    result.attempts = server.requests
    result.injected = Counter(server.injected)
    result.peak_connections = server.peak_connections


def run_sync(config: SoakConfig) -> SoakResult:
    """The soak with one Client shared by `config.threads` threads."""
    result = SoakResult("sync")
    with _Watch() as watch, FaultServer(seed=config.seed) as server:
        api = server.api
        server.inject_randomly(
            config.fault_rate, TRANSIENT, seed=config.seed, weights=_menu_weights(config)
        )
        calls = plan_calls(api, config.calls, config.seed)
        started = time.perf_counter()
        deadline = started + config.deadline

        lock = threading.Lock()

        def one(call: Call) -> None:
            if time.perf_counter() > deadline:
                with lock:
                    result.skipped += 1
                return
            resource = getattr(client, call.endpoint.resource)
            began = time.perf_counter()
            try:
                value = resource.list() if call.model_id is None else resource.get(call.model_id)
            except Exception as error:  # noqa: BLE001 - counting untyped exceptions is the point
                with lock:
                    result.latencies.append(time.perf_counter() - began)
                    _judge_error(result, call, error)
                return
            elapsed = time.perf_counter() - began
            with lock:
                result.latencies.append(elapsed)
                _judge(result, api, call, value)

        with (
            Client(
                KEY,
                base_url=server.url,
                max_retries=config.max_retries,
                timeout=config.timeout,
            ) as client,
            ThreadPoolExecutor(config.threads) as pool,
        ):
            for _ in pool.map(one, calls):
                pass
        _count_calls(result, calls)
        _finish(result, server, started)
    result.unclosed_warnings = watch.count
    return result


def run_async(config: SoakConfig) -> SoakResult:
    """The soak with one AsyncClient and `config.concurrency` calls in flight."""
    result = SoakResult("async")
    with _Watch() as watch, FaultServer(seed=config.seed + 1) as server:
        api = server.api
        server.inject_randomly(
            config.fault_rate, TRANSIENT, seed=config.seed + 1, weights=_menu_weights(config)
        )
        calls = plan_calls(api, config.calls, config.seed + 1)
        started = time.perf_counter()
        asyncio.run(_soak_async(config, server.url, api, calls, result, started))
        _count_calls(result, calls)
        _finish(result, server, started)
    result.unclosed_warnings = watch.count
    return result


async def _soak_async(
    config: SoakConfig,
    url: str,
    api: ExampleAPI,
    calls: Sequence[Call],
    result: SoakResult,
    started: float,
) -> None:
    deadline = started + config.deadline
    slots = asyncio.Semaphore(config.concurrency)
    async with AsyncClient(
        KEY, base_url=url, max_retries=config.max_retries, timeout=config.timeout
    ) as client:

        async def one(call: Call) -> None:
            async with slots:
                if time.perf_counter() > deadline:
                    result.skipped += 1
                    return
                resource = getattr(client, call.endpoint.resource)
                began = time.perf_counter()
                try:
                    if call.model_id is None:
                        value = await resource.list()
                    else:
                        value = await resource.get(call.model_id)
                except Exception as error:  # noqa: BLE001 - counting untyped exceptions is the point
                    result.latencies.append(time.perf_counter() - began)
                    _judge_error(result, call, error)
                    return
                result.latencies.append(time.perf_counter() - began)
                _judge(result, api, call, value)

        await asyncio.gather(*(one(call) for call in calls))


def _count_calls(result: SoakResult, calls: Sequence[Call]) -> None:
    result.calls = len(calls) - result.skipped
    result.endpoints = Counter(
        f"{call.endpoint.resource}.{'list' if call.model_id is None else 'get'}" for call in calls
    )


def table(results: Sequence[SoakResult], sleeps: Sequence[float] | None = None) -> str:
    """The summary table of one or more runs, one column each."""
    rows: list[tuple[str, Callable[[SoakResult], object]]] = [
        ("calls", lambda r: r.calls),
        ("endpoints", lambda r: len(r.endpoints)),
        ("attempts (requests served)", lambda r: r.attempts),
        ("faults injected", lambda r: f"{r.faults} ({r.faults / max(r.attempts, 1):.1%})"),
        ("retries", lambda r: r.retries),
        ("successes (right data)", lambda r: r.successes),
        ("typed errors", lambda r: sum(r.typed_errors.values())),
        ("wrong results", lambda r: len(r.wrong)),
        ("untyped exceptions", lambda r: len(r.untyped)),
        ("calls skipped (deadline)", lambda r: r.skipped),
        ("open connections after close", lambda r: r.open_connections),
        ("unclosed-socket warnings", lambda r: r.unclosed_warnings),
        ("peak server connections", lambda r: r.peak_connections),
        ("p50 latency (ms)", lambda r: f"{r.percentile(0.50) * 1000:.2f}"),
        ("p99 latency (ms)", lambda r: f"{r.percentile(0.99) * 1000:.2f}"),
        ("max latency (ms)", lambda r: f"{max(r.latencies, default=0) * 1000:.2f}"),
        ("wall time (s)", lambda r: f"{r.wall:.2f}"),
        ("calls per second", lambda r: f"{r.calls / max(r.wall, 1e-9):.0f}"),
    ]
    width = max(len(label) for label, _ in rows)
    lines = [f"{'':<{width}}  " + "  ".join(f"{r.mode:>14}" for r in results)]
    lines += [
        f"{label:<{width}}  " + "  ".join(f"{value(r)!s:>14}" for r in results)
        for label, value in rows
    ]
    kinds = sorted({kind for r in results for kind in r.injected})
    lines.append("faults by kind:")
    lines += [
        f"  {kind:<{width - 2}}  " + "  ".join(f"{r.injected[kind]:>14}" for r in results)
        for kind in kinds
    ]
    errors = sorted({name for r in results for name in r.typed_errors})
    if errors:
        lines.append("typed errors by class:")
        lines += [
            f"  {name:<{width - 2}}  " + "  ".join(f"{r.typed_errors[name]:>14}" for r in results)
            for name in errors
        ]
    if sleeps is not None:
        lines.append(
            f"retry waits requested: {len(sleeps)}, {sum(sleeps):.1f} s in all "
            "(recorded, not slept, unless --real-sleep)"
        )
    for r in results:
        for problem in (r.wrong + r.untyped)[:10]:
            lines.append(f"{r.mode} problem: {problem}")
    return "\n".join(lines)
