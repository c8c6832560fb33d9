"""The shape of OpenRouter's models API: `{"data": [{"id": "x-ai/<id>", ...}]}`.

`context_length`, `architecture.input_modalities` and `output_modalities`, and `pricing` as
decimal strings in USD per token (`prompt`, `completion`, `input_cache_read`) or per image
(`image`). The shape has no long-context tier.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

from .._model.catalog import Catalog
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
from .common import rows_of, usd_of

__all__ = ["FORMAT"]

PREFIX = "x-ai/"


def _text(value: Decimal) -> str:
    return format(value.normalize(), "f")


def write(catalog: Catalog, aliases: bool) -> str:
    data = []
    for row in rows_of(catalog, FORMAT.kinds):
        pricing = {
            key: _text(usd_per_token(value))
            for key, value in (("prompt", usd_of(row, "prompt")),
                               ("completion", usd_of(row, "completion")),
                               ("input_cache_read", usd_of(row, "cached_prompt")))
            if value is not None
        }  # fmt: skip
        image = usd_of(row, "image")
        if image is not None:
            pricing["image"] = _text(image)
        entry: dict[str, Any] = {"id": PREFIX + row.id, "name": row.id,
                                 "created": int(row.created.timestamp())}  # fmt: skip
        if row.context_length is not None:
            entry["context_length"] = row.context_length
        entry["architecture"] = {
            "input_modalities": list(row.input_modalities),
            "output_modalities": list(row.output_modalities),
        }
        entry["pricing"] = pricing
        data.append(entry)
    return json.dumps({"data": data}, indent=2) + "\n"


def read(path: Path) -> list[TableEntry]:
    document = read_json(path)
    data = document.get("data") if isinstance(document, dict) else None
    if not isinstance(data, list):
        raise InvalidTableError(f'{path}: an OpenRouter models list is {{"data": [...]}}')
    if not data:
        raise no_entries(path, "models")
    entries = []
    for model in data:
        if isinstance(model, dict) and str(model.get("id", "")).startswith(PREFIX):
            entries.append(_entry(model))
    return entries


def _entry(model: dict[str, Any]) -> TableEntry:
    pricing = model.get("pricing")
    pricing = pricing if isinstance(pricing, dict) else {}
    cells = Cells()

    def token(key: str, field: str) -> Decimal | None:
        value = cells.price(pricing.get(key), field)
        return None if value is None else usd_per_million(value)

    return TableEntry(
        their_id=model["id"],
        model_id=model["id"][len(PREFIX) :],
        price={
            "prompt": token("prompt", "prompt"),
            "cached_prompt": token("input_cache_read", "cached_prompt"),
            "completion": token("completion", "completion"),
            "image": cells.price(pricing.get("image"), "image"),
        },
        context=cells.count(model.get("context_length"), "context_length"),
        problems=tuple(cells.problems),
    )


def sniff(path: Path, text: str) -> bool:
    return text.lstrip().startswith("{") and '"data"' in text and '"x-ai/' in text


FORMAT = TableFormat(name="openrouter", write=write, read=read, sniff=sniff, tiers=False)
