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

from .._catalog import Catalog
from . import (
    InvalidTableError,
    TableEntry,
    TableFormat,
    decimal_of,
    int_of,
    read_text,
    usd_per_million,
    usd_per_token,
)
from ._common import rows_of

__all__ = ["FORMAT"]

PREFIX = "x-ai/"


def _text(value: Decimal) -> str:
    return format(value.normalize(), "f")


def write(catalog: Catalog, aliases: bool) -> str:
    data = []
    for row in rows_of(catalog, FORMAT.kinds):
        pricing = {
            key: _text(usd_per_token(value))
            for key, value in (("prompt", row.prompt), ("completion", row.completion),
                               ("input_cache_read", row.cached_prompt))
            if value is not None
        }  # fmt: skip
        if row.image is not None:
            pricing["image"] = _text(row.image)
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
    try:
        document = json.loads(read_text(path))
    except ValueError as exc:
        raise InvalidTableError(f"{path}: not JSON: {exc}") from None
    data = document.get("data") if isinstance(document, dict) else None
    if not isinstance(data, list):
        raise InvalidTableError(f'{path}: an OpenRouter models list is {{"data": [...]}}')
    entries = []
    for model in data:
        if not isinstance(model, dict) or not str(model.get("id", "")).startswith(PREFIX):
            continue
        where = f"{path}: {model['id']}"
        pricing = model.get("pricing") or {}

        def token(key: str, pricing: dict[str, Any] = pricing, where: str = where) -> Any:
            value = decimal_of(pricing.get(key), f"{where}.pricing.{key}")
            return None if value is None else usd_per_million(value)

        entries.append(
            TableEntry(
                their_id=model["id"],
                model_id=model["id"][len(PREFIX) :],
                prompt=token("prompt"),
                cached_prompt=token("input_cache_read"),
                completion=token("completion"),
                context=int_of(model.get("context_length"), f"{where}.context_length"),
                image=decimal_of(pricing.get("image"), f"{where}.pricing.image"),
            )
        )
    return entries


def sniff(path: Path, text: str) -> bool:
    return text.lstrip().startswith("{") and '"data"' in text and '"x-ai/' in text


FORMAT = TableFormat(name="openrouter", write=write, read=read, sniff=sniff, tiers=False)
