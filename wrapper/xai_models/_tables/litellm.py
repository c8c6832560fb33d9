"""LiteLLM's `model_prices_and_context_window.json`: one JSON object keyed `xai/<model id>`.

USD per token as JSON numbers (the float whose shortest repr is the exact decimal: 1.25e-06), the
long-context tier as `*_above_<N>k_tokens` keys, `max_input_tokens`, `output_cost_per_image` for
image models. LiteLLM looks prices up by key, so every alias gets a key of its own too.

Read as LiteLLM's own map writes xAI: an entry may be only `{"alias_of": "xai/<id>"}`, and image
models may carry their price as `input_cost_per_image` or `output_cost_per_image_1K`.
"""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

from .._model.catalog import Catalog
from .._model.input import json_type
from .base import (
    Cells,
    InvalidTableError,
    TableEntry,
    TableFormat,
    no_entries,
    read_json,
    usd_per_million,
    usd_per_token,
)
from .common import kind_of, rows_of, threshold_in_thousands, threshold_of, usd_of

__all__ = ["FORMAT"]

PREFIX = "xai/"
MODES = {"language": "chat", "image": "image_generation", "video": "video_generation"}
_TIER_KEY = re.compile(
    r"^(?:input_cost_per_token|output_cost_per_token|cache_read_input_token_cost)"
    r"_above_(\d+)k_tokens$"
)


def _number(value: Decimal) -> float:
    """The JSON number for an exact decimal: the float whose shortest repr is that decimal."""
    number = float(value)
    if Decimal(repr(number)) != value:
        raise ValueError(f"{value} has no float whose shortest repr is exact")
    return number


def write(catalog: Catalog, aliases: bool) -> str:
    table: dict[str, dict[str, Any]] = {}
    if catalog.source and catalog.source.startswith(("https://", "http://")):
        source = f"{catalog.source}/v1/models (read by xai-models {catalog.fetched_at:%Y-%m-%d})"
    else:
        source = (
            f"xai-models catalog of {catalog.fetched_at:%Y-%m-%d} ({catalog.source or 'no source'})"
        )
    for row in rows_of(catalog, FORMAT.kinds):
        kind = kind_of(row)
        entry: dict[str, Any] = {"litellm_provider": "xai", "mode": MODES[kind]}
        for key, value in (
            ("input_cost_per_token", usd_of(row, "prompt")),
            ("output_cost_per_token", usd_of(row, "completion")),
            ("cache_read_input_token_cost", usd_of(row, "cached_prompt")),
        ):
            if value is not None:
                entry[key] = _number(usd_per_token(value))
        threshold = threshold_of(row)
        if threshold:
            name = threshold_in_thousands(threshold)
            for key, value in (
                (f"input_cost_per_token_above_{name}_tokens", usd_of(row, "prompt_long_context")),
                (
                    f"output_cost_per_token_above_{name}_tokens",
                    usd_of(row, "completion_long_context"),
                ),
                (
                    f"cache_read_input_token_cost_above_{name}_tokens",
                    usd_of(row, "cached_prompt_long_context"),
                ),
            ):
                if name is not None and value is not None:
                    entry[key] = _number(usd_per_token(value))
        if row.context_length is not None:
            entry["max_input_tokens"] = row.context_length
        image = usd_of(row, "image")
        if image is not None:
            entry["output_cost_per_image"] = _number(image)
        if kind == "language":
            entry["supports_vision"] = "image" in row.input_modalities
        elif row.input_modalities or row.output_modalities:
            entry["supported_modalities"] = list(row.input_modalities)
            entry["supported_output_modalities"] = list(row.output_modalities)
        entry["source"] = source
        for name in (row.id, *(row.aliases if aliases else ())):
            table.setdefault(PREFIX + name, entry)
    return json.dumps(dict(sorted(table.items())), indent=4) + "\n"


def read(path: Path) -> list[TableEntry]:
    document = read_json(path)
    if not isinstance(document, dict):
        raise InvalidTableError(f"{path}: a LiteLLM price map is a JSON object, not "
                                f"{json_type(document)}")  # fmt: skip
    if not any(isinstance(v, dict) and "litellm_provider" in v for v in document.values()):
        raise no_entries(path, "entries (objects with a litellm_provider)")
    entries = []
    for key, value in document.items():
        if key.startswith(PREFIX) and isinstance(value, dict):
            entries.append(_entry(key, value))
    return entries


def _entry(key: str, value: dict[str, Any]) -> TableEntry:
    target = value.get("alias_of")
    if isinstance(target, str) and len(value) == 1:
        return TableEntry(their_id=key, model_id=key[len(PREFIX) :],
                          alias_of=target.removeprefix(PREFIX))  # fmt: skip
    cells = Cells()

    def price(name: str, field: str) -> Decimal | None:
        per_token = cells.price(value.get(name), field)
        return None if per_token is None else usd_per_million(per_token)

    starts = [int(m.group(1)) * 1000 for m in map(_TIER_KEY.match, value) if m]
    threshold = min(starts) if starts else None
    suffix = f"_above_{threshold // 1000}k_tokens" if threshold else None

    def tier(name: str, field: str) -> Decimal | None:
        return None if suffix is None else price(f"{name}{suffix}", field)

    return TableEntry(
        their_id=key,
        model_id=key[len(PREFIX) :],
        price={
            "prompt": price("input_cost_per_token", "prompt"),
            "cached_prompt": price("cache_read_input_token_cost", "cached_prompt"),
            "completion": price("output_cost_per_token", "completion"),
            "long_context_threshold": threshold,
            "prompt_long_context": tier("input_cost_per_token", "prompt_long_context"),
            "cached_prompt_long_context": tier(
                "cache_read_input_token_cost", "cached_prompt_long_context"
            ),
            "completion_long_context": tier("output_cost_per_token", "completion_long_context"),
            "image": _image_price(value, cells),
        },
        context=cells.count(value.get("max_input_tokens"), "context_length"),
        problems=tuple(cells.problems),
    )


def _image_price(value: dict[str, Any], cells: Cells) -> Decimal | None:
    keys = ["output_cost_per_image", "output_cost_per_image_1K"]
    if value.get("mode") == "image_generation":
        keys.append("input_cost_per_image")  # how LiteLLM's own map prices xAI's image models
    for key in keys:
        if key in value:
            return cells.price(value[key], "image")
    return None


def sniff(path: Path, text: str) -> bool:
    head = text.lstrip()[:1]
    return head == "{" and '"litellm_provider"' in text and '"data"' not in text[:200]


FORMAT = TableFormat(name="litellm", write=write, read=read, sniff=sniff, alias_entries=True)
