"""Memory held by a list of 10,000 language models: tracemalloc in a fresh process per contender.

Each worker process warms its client up (connection open, lazy imports done, decoder caches filled
from a different data set), then starts tracemalloc, fetches the list from the benchmark server,
collects garbage and reports what stays allocated: the result, and anything the call left behind
in module-level caches. Run as `python bench_memory.py CONTENDER SERVER_URL` by `run()`.
"""

from __future__ import annotations

import gc
import json
import statistics
import subprocess
import sys
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench_data import DATASETS
from bench_report import Section, Target, format_table
from bench_server import Server

__all__ = ["run"]

API_KEY = "xai-benchmark-key"
RUNS = 3
MAX_RATIO = 1.5
CONTENDERS = {
    "floor": "floor: json.loads of the body (via httpx)",
    "generated": "xai_models_generated (raw)",
    "xai_models": "xai_models Client.language_models.list()",
}
SMALL, BIG = DATASETS["/n100"], DATASETS["/n10000"]
ENDPOINT = "/v1/language-models"


def _floor(root: str) -> tuple[Callable[[], Any], Callable[[], Any]]:
    import httpx  # noqa: PLC0415 - each worker process imports only its own contender

    client = httpx.Client(headers={"Authorization": f"Bearer {API_KEY}"})

    def warm() -> Any:
        return json.loads(client.get(f"{root}{SMALL.path(ENDPOINT)}").content)

    def fetch() -> Any:
        return json.loads(client.get(f"{root}{BIG.path(ENDPOINT)}").content)["models"]

    return warm, fetch


def _generated(root: str) -> tuple[Callable[[], Any], Callable[[], Any]]:
    from xai_models_generated import Client  # noqa: PLC0415 - see _floor
    from xai_models_generated.api.models import list_language_models  # noqa: PLC0415 - see _floor

    headers = {"Authorization": f"Bearer {API_KEY}"}
    small = Client(base_url=f"{root}{SMALL.prefix}", headers=headers)
    big = Client(base_url=f"{root}{BIG.prefix}", headers=headers)

    def warm() -> Any:
        big.get_httpx_client().get("/v1/models/none")  # opens the connection (a 404)
        return list_language_models.sync(client=small)

    def fetch() -> Any:
        result = list_language_models.sync(client=big)
        assert result is not None
        return result.models  # type: ignore[union-attr]

    return warm, fetch


def _xai_models(root: str) -> tuple[Callable[[], Any], Callable[[], Any]]:
    import xai_models  # noqa: PLC0415 - see _floor

    small = xai_models.Client(API_KEY, base_url=f"{root}{SMALL.prefix}", max_retries=0)
    big = xai_models.Client(API_KEY, base_url=f"{root}{BIG.prefix}", max_retries=0)

    def warm() -> Any:
        big.language_models.get(BIG.language_model_id(0))  # opens the connection
        return small.language_models.list()

    return warm, big.language_models.list


_WORKERS = {"floor": _floor, "generated": _generated, "xai_models": _xai_models}


def _top_sites(snapshot: tracemalloc.Snapshot, limit: int = 6) -> list[str]:
    return [
        f"{stat.size / 1e6:.2f} MB in {stat.count:,} blocks at {stat.traceback[0]}"
        for stat in snapshot.statistics("lineno")[:limit]
    ]


def worker(contender: str, root: str) -> dict[str, Any]:
    """Measure one contender in this (fresh) process."""
    warm, fetch = _WORKERS[contender](root)
    for _ in range(2):
        warm()
    gc.collect()
    tracemalloc.start()
    result = fetch()
    gc.collect()
    retained, peak = tracemalloc.get_traced_memory()
    snapshot = tracemalloc.take_snapshot()
    tracemalloc.stop()
    assert len(result) == BIG.language_models
    return {
        "retained": retained,
        "peak": peak,
        "items": len(result),
        "top_sites": _top_sites(snapshot),
    }


def _measure(contender: str, root: str) -> dict[str, Any]:
    runs: list[dict[str, Any]] = []
    for _ in range(RUNS):
        completed = subprocess.run(
            [sys.executable, str(Path(__file__).resolve()), contender, root],
            capture_output=True,
            text=True,
            check=True,
        )
        runs.append(json.loads(completed.stdout))
    median = statistics.median_low(run["retained"] for run in runs)
    chosen = next(run for run in runs if run["retained"] == median)
    return chosen | {"retained_runs": [run["retained"] for run in runs]}


def run(server: Server) -> Section:
    section = Section("memory", "Memory held by 10,000 language models (tracemalloc)")
    results = {name: _measure(name, server.url()) for name in CONTENDERS}
    floor = results["floor"]["retained"]
    rows = [
        [
            CONTENDERS[name],
            f"{result['retained'] / 1e6:.2f}",
            f"{result['retained'] / floor:.2f}x",
            f"{result['retained'] / result['items']:.0f}",
            f"{result['peak'] / 1e6:.2f}",
        ]
        for name, result in results.items()
    ]
    headers = ["contender", "retained MB", "x floor", "bytes/model", "peak MB"]
    section.tables.append(
        f"GET {BIG.path(ENDPOINT)}: {BIG.language_models:,} models, the median of {RUNS} fresh "
        "processes each\n" + format_table(headers, rows)
    )
    ratio = results["xai_models"]["retained"] / floor
    section.targets.append(
        Target(
            name="memory held by 10,000 language models",
            goal=f"<= {MAX_RATIO:.2f}x floor",
            measured=f"{ratio:.2f}x",
            passed=ratio <= MAX_RATIO,
            miss="" if ratio <= MAX_RATIO else f"{ratio - MAX_RATIO:.2f}x",
        )
    )
    section.notes.append(
        "Largest allocation sites still held (xai_models):\n  "
        + "\n  ".join(results["xai_models"]["top_sites"])
    )
    section.data.update(results)
    return section


if __name__ == "__main__":
    print(json.dumps(worker(sys.argv[1], sys.argv[2])))
