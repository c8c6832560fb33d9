"""Run the whole xai_models benchmark: `.venv/bin/python benchmarks/run.py` (see README.md).

Prints a table per section with each target, the measured value and PASS/MISS, a cProfile of the
xai_models side of every missed request target, and writes the same results as JSON to
benchmarks/results/latest.json. Exits 0 however the targets fared (`--strict`: 1 on any MISS).
"""

from __future__ import annotations

import argparse
import os
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import bench_cache
import bench_decode
import bench_http
import bench_memory
import bench_meter
import bench_startup
from bench_report import (
    Section,
    describe_machine,
    format_machine,
    format_targets,
    write_json,
)
from bench_server import Server

RESULTS = Path(__file__).resolve().parent / "results" / "latest.json"
BUSY_LOAD = 0.5
"""A 1-minute load average above this at start means something else is running: noisy numbers."""


def _parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--quick", action="store_true", help="fewer rounds: a smoke run, not for the record"
    )
    parser.add_argument(
        "--profile-all", action="store_true", help="profile every request target, met or not"
    )
    parser.add_argument(
        "--only",
        nargs="+",
        choices=["throughput", "decode", "cache", "memory", "startup", "meter"],
        help="run only these sections",
    )
    parser.add_argument("--strict", action="store_true", help="exit 1 when a target is missed")
    parser.add_argument("--output", type=Path, default=RESULTS, help="where to write the JSON")
    return parser.parse_args(argv)


def _sections(args: argparse.Namespace) -> dict[str, Callable[[Server], Section]]:
    options = bench_http.Options(scale=0.2 if args.quick else 1.0, profile_all=args.profile_all)
    startup_rounds = 5 if args.quick else bench_startup.ROUNDS
    return {
        "throughput": lambda server: bench_http.run(server, options),
        "decode": lambda server: bench_decode.run(server, options.scale),
        "cache": bench_cache.run,
        "memory": bench_memory.run,
        "startup": lambda server: bench_startup.run(server, startup_rounds),
        "meter": lambda _server: bench_meter.run(60 if args.quick else 300),
    }


def _summary(sections: list[Section], elapsed: float) -> str:
    targets = [target for section in sections for target in section.targets]
    missed = sum(not target.passed for target in targets)
    lines = [
        "== Summary of targets ==",
        format_targets(targets),
        f"{len(targets) - missed} met, {missed} missed; the whole run took {elapsed:.0f} s.",
    ]
    return "\n\n".join(lines)


def _profiles(sections: list[Section]) -> str:
    parts = ["== Profiles (cProfile, top 15 by own time) of the xai_models side =="]
    for section in sections:
        for name, text in section.profiles.items():
            parts.append(f"-- {name} --\n{text}")
    return "\n\n".join(parts)


def main(argv: list[str] | None = None) -> int:
    args = _parse(argv)
    started = time.perf_counter()
    machine = describe_machine()
    print("xai_models benchmark\n")
    print(format_machine(machine))
    if machine["load_average"] and machine["load_average"][0] > BUSY_LOAD:
        print(f"WARNING: load average {machine['load_average'][0]:.2f}: expect noisy numbers")
    sections: list[Section] = []
    with Server() as server:
        for key, run_section in _sections(args).items():
            if args.only and key not in args.only:
                continue
            print(f"\n[{key}] measuring ...", flush=True)
            section_started = time.perf_counter()
            section = run_section(server)
            section.data["seconds"] = round(time.perf_counter() - section_started, 1)
            sections.append(section)
            print(
                f"[{key}] done in {section.data['seconds']:.0f} s\n\n{section.render()}", flush=True
            )
    elapsed = time.perf_counter() - started
    machine["load_average_at_end"] = list(os.getloadavg())
    print(f"\n{_summary(sections, elapsed)}")
    print("Load at end: " + " ".join(f"{value:.2f}" for value in machine["load_average_at_end"]))
    if any(section.profiles for section in sections):
        print(f"\n{_profiles(sections)}")
    write_json(
        args.output,
        {
            "finished_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "quick": args.quick,
            "wall_seconds": round(elapsed, 1),
            "machine": machine,
            "sections": {section.key: section.as_dict() for section in sections},
        },
    )
    print(f"\nResults written to {args.output}")
    missed = any(not t.passed for section in sections for t in section.targets)
    return 1 if args.strict and missed else 0


if __name__ == "__main__":
    raise SystemExit(main())
