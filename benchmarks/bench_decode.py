"""The decoder alone, per item shape: what it costs next to `json.loads` of the same body.

No HTTP: each sample parses a body with `json.loads` (not timed, except for the `json.loads` row
itself) and times the decode of the fresh result by `Family.decode_list`, as `Client.list()` does
it. Rounds interleave parsing and decoding, with `gc.collect()` before each sample. The list targets
(<= 1.30x / 1.50x the HTTP floor) leave the decoder about 30% / 50% of the floor, which is
`json.loads` plus the HTTP exchange: this table says how much of that share each shape uses.

Run alone with `python benchmarks/bench_decode.py` (any interpreter that can import
`xai_models`), or as the `decode` section of `run.py`.
"""

from __future__ import annotations

import gc
import json
import statistics
import sys
import time
from collections.abc import Callable
from typing import Any

from bench_data import DATASETS
from bench_report import Section, format_table

from xai_models._model.families import (
    IMAGE_GENERATION_MODELS,
    LANGUAGE_MODELS,
    MODELS,
    VIDEO_GENERATION_MODELS,
    Family,
)

__all__ = ["run"]

CASES = (
    ("/s10000", "/v1/models", "mixed /v1/models (60% language, 25% image, 15% video)"),
    ("/s10000", "/v1/language-models", "language models without long-context fields"),
    ("/n10000", "/v1/language-models", "language models with every field"),
    ("/s10000", "/v1/image-generation-models", "image models with pricing tiers"),
    ("/plain10000", "/v1/image-generation-models", "image models without tiers"),
    ("/s10000", "/v1/video-generation-models", "video models"),
    ("/s100", "/v1/models", "mixed /v1/models, 100 items"),
    ("/s100", "/v1/image-generation-models", "image models with tiers, 100 items"),
)
_FAMILIES: dict[str, Family[Any]] = {
    "/v1/models": MODELS,
    "/v1/language-models": LANGUAGE_MODELS,
    "/v1/image-generation-models": IMAGE_GENERATION_MODELS,
    "/v1/video-generation-models": VIDEO_GENERATION_MODELS,
}


def _measure(body: bytes, decode: Callable[[Any], Any], rounds: int) -> tuple[list[float], ...]:
    """Seconds of `json.loads(body)` and of `decode` on a fresh parse, interleaved."""
    loads: list[float] = []
    decodes: list[float] = []
    decode(json.loads(body))  # warm the decoder's plans
    for _ in range(rounds):
        gc.collect()
        started = time.perf_counter()
        parsed = json.loads(body)
        loads.append(time.perf_counter() - started)
        gc.collect()
        started = time.perf_counter()
        decode(parsed)
        decodes.append(time.perf_counter() - started)
        del parsed
    return loads, decodes


def run(server: object = None, scale: float = 1.0) -> Section:
    """The `decode` section (`server` is unused: nothing here goes over HTTP)."""
    section = Section("decode", "The decoder alone, next to json.loads of the same body")
    rows = []
    for prefix, endpoint, title in CASES:
        dataset = DATASETS[prefix]
        family = _FAMILIES[endpoint]
        items = dataset.items(endpoint)
        body = json.dumps({family.list_key: items}).encode()
        rounds = max(5, int((30 if len(items) > 1000 else 400) * scale))
        loads, decodes = _measure(body, family.decode_list, rounds)
        loads_s, decode_s = statistics.median(loads), statistics.median(decodes)
        per_item = decode_s / len(items)
        section.data[f"{prefix}{endpoint}"] = {
            "items": len(items),
            "json_loads_median_s": loads_s,
            "decode_median_s": decode_s,
            "decode_min_s": min(decodes),
            "decode_per_item_s": per_item,
            "decode_share_of_json_loads": decode_s / loads_s,
        }
        rows.append([
            title,
            f"{len(items):,}",
            f"{loads_s * 1e3:.2f} ms",
            f"{decode_s * 1e3:.2f} ms",
            f"{per_item * 1e6:.2f} us",
            f"{decode_s / loads_s:.0%}",
        ])  # fmt: skip
    section.tables.append(
        format_table(
            ["shape", "items", "json.loads", "decode", "decode/item", "decode/json.loads"], rows
        )
    )
    section.notes.append(
        f"Python {sys.version.split()[0]}; medians of interleaved rounds. The decode checks the "
        "type of every field, the range of `created`, every string of every list, and moves "
        "unknown fields to `extra`."
    )
    return section


if __name__ == "__main__":
    print(run(scale=float(sys.argv[1]) if len(sys.argv) > 1 else 1.0).render())
