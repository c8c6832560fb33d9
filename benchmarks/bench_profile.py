"""cProfile of the xai_models side of a missed target, and where it spends more than the floor."""

from __future__ import annotations

import asyncio
import cProfile
import io
import pstats
import re
import sys
from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from typing import Any

from bench_report import format_table

__all__ = ["Profile", "profile_async", "profile_sync"]

_SITE_PACKAGES = re.compile(r"\S*/site-packages/")
_STDLIB = re.compile(re.escape(sys.base_prefix) + r"/lib/python[\d.]+/")
_REPO = re.compile(r"\S*/(wrapper|generated|benchmarks)/")
_GROUPS = (
    ("xai_models", re.compile(r"/wrapper/xai_models/")),
    ("xai_models_generated", re.compile(r"/generated/xai_models_generated/")),
    ("json", re.compile(r"/json/|_json")),
    ("httpx/httpcore/h11", re.compile(r"/(httpx|httpcore|h11)/")),
    ("asyncio/anyio", re.compile(r"/(asyncio|anyio|sniffio)/")),
    ("attrs", re.compile(r"/attrs?/|<attrs generated")),
    ("socket send/recv", re.compile(r"_socket\.socket")),
    ("built-ins called by the above", re.compile(r"^~:")),
)

FunctionKey = tuple[str, int, str]


@dataclass(frozen=True)
class Profile:
    """What cProfile saw over `calls` calls (own times are inflated by the profiler itself)."""

    profiler: cProfile.Profile
    calls: int

    def _rows(self) -> dict[FunctionKey, tuple[int, float]]:
        """Calls and own seconds of each function."""
        stats = pstats.Stats(self.profiler)
        raw: dict[FunctionKey, tuple[Any, ...]] = stats.stats  # type: ignore[attr-defined]
        return {key: (row[1], row[2]) for key, row in raw.items()}

    def report(self, top: int = 15) -> str:
        """Own time per call by package, then pstats' table of the `top` functions by tottime."""
        out = io.StringIO()
        pstats.Stats(self.profiler, stream=out).sort_stats(pstats.SortKey.TIME).print_stats(top)
        return f"{self._breakdown()}\n{self.calls} calls; {_shorten(out.getvalue())}"

    def difference(self, baseline: Profile, top: int = 12) -> str:
        """The functions called more often per call than in `baseline` (the floor): the work the
        contender adds, most expensive first (functions both call as often are left out: their
        differences are the profiler's noise)."""
        mine, theirs = self._rows(), baseline._rows()
        extra = []
        for key in mine.keys() | theirs.keys():
            calls, own = mine.get(key, (0, 0.0))
            base_calls, base_own = theirs.get(key, (0, 0.0))
            extra_calls = calls / self.calls - base_calls / baseline.calls
            if extra_calls >= 0.5:
                extra_us = (own / self.calls - base_own / baseline.calls) * 1e6
                extra.append((extra_us, extra_calls, key))
        extra.sort(reverse=True)
        rows = [[f"{us:+.1f}", f"{calls:+.1f}", _name(key)] for us, calls, key in extra[:top]]
        total_us = sum(us for us, _, _ in extra)
        table = format_table(["own us/call", "calls/call", "function"], rows)
        return (
            f"Functions called more often than by the floor ({len(extra)}; their own time adds up "
            f"to {total_us:+.1f} us per call, profiled):\n{table}"
        )

    def _breakdown(self) -> str:
        totals: dict[str, float] = {}
        for key, (_calls, own) in self._rows().items():
            where = f"{key[0]}:{key[2]}"
            group = next((name for name, pattern in _GROUPS if pattern.search(where)), "other")
            totals[group] = totals.get(group, 0.0) + own
        total = sum(totals.values()) or 1.0
        parts = [
            f"{name} {seconds / self.calls * 1000:.3f} ms ({seconds / total:.0%})"
            for name, seconds in sorted(totals.items(), key=lambda item: -item[1])
        ]
        return "Own time per call by package (profiled): " + ", ".join(parts)


def profile_sync(call: Callable[[], object], calls: int) -> Profile:
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(calls):
        call()
    profiler.disable()
    return Profile(profiler, calls)


def profile_async(
    runner: asyncio.Runner, acall: Callable[[], Coroutine[Any, Any, Any]], calls: int
) -> Profile:
    """Profile inside one run of the event loop (starting the loop is left out)."""

    async def profiled() -> cProfile.Profile:
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(calls):
            await acall()
        profiler.disable()
        return profiler

    return Profile(runner.run(profiled()), calls)


def _short_path(text: str) -> str:
    return _REPO.sub(r"\1/", _STDLIB.sub("", _SITE_PACKAGES.sub("", text)))


def _name(key: FunctionKey) -> str:
    filename, line, function = key
    if filename == "~":
        return function
    return f"{_short_path(filename)}:{line}({function})"


def _shorten(text: str) -> str:
    """pstats' table without its preamble and with short paths."""
    lines = text.strip().splitlines()
    header = next((line.strip() for line in lines if "function calls" in line), "")
    start = next((i for i, line in enumerate(lines) if line.lstrip().startswith("ncalls")), 0)
    return f"{header}\n" + _short_path("\n".join(lines[start:]))
