"""Interleaved measurement and order statistics."""

from __future__ import annotations

import asyncio
import gc
import math
import statistics
import time
from collections.abc import Callable, Coroutine, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

__all__ = [
    "Summary",
    "Timer",
    "async_timer",
    "interleave",
    "paired_ratio",
    "summarize",
    "sync_timer",
]

Timer = Callable[[], float]
"""Runs one call and returns the seconds it took (measured by itself, so async can time inside)."""


def sync_timer(call: Callable[[], Any]) -> Timer:
    def timed() -> float:
        started = time.perf_counter()
        call()
        return time.perf_counter() - started

    return timed


def async_timer(runner: asyncio.Runner, acall: Callable[[], Coroutine[Any, Any, Any]]) -> Timer:
    """Times the call inside the event loop: starting and stopping the loop is not counted."""

    async def timed() -> float:
        started = time.perf_counter()
        await acall()
        return time.perf_counter() - started

    return lambda: runner.run(timed())


@dataclass(frozen=True)
class Summary:
    """The median and 90th percentile of `n` samples, in seconds."""

    median: float
    p90: float
    n: int

    def as_dict(self) -> dict[str, float | int]:
        return {"median_s": self.median, "p90_s": self.p90, "n": self.n}


def percentile(samples: Sequence[float], fraction: float) -> float:
    """The nearest-rank percentile (`fraction` in (0, 1])."""
    ordered = sorted(samples)
    rank = max(1, math.ceil(fraction * len(ordered)))
    return ordered[rank - 1]


def summarize(samples: Sequence[float]) -> Summary:
    return Summary(statistics.median(samples), percentile(samples, 0.9), len(samples))


def paired_ratio(samples: Sequence[float], baseline: Sequence[float]) -> float:
    """The median of the ratios of samples taken in the same round: a check on noise."""
    pairs = zip(samples, baseline, strict=True)
    return statistics.median(value / base for value, base in pairs)


def interleave(timers: Mapping[str, Timer], rounds: int) -> dict[str, list[float]]:
    """Run every timer once per round, in an order that rotates each round; `rounds` samples each.

    Slow drift of the machine (frequency, other load) then hits every contender alike. Before each
    sample the garbage of the previous one is collected, outside the timing, so no contender pays
    for another's garbage (objects alive at set-up are frozen out of the collector by the caller).
    """
    names = list(timers)
    samples: dict[str, list[float]] = {name: [] for name in names}
    for round_index in range(rounds):
        shift = round_index % len(names)
        for name in names[shift:] + names[:shift]:
            gc.collect()
            samples[name].append(timers[name]())
    return samples
