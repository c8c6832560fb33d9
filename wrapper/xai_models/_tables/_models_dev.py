"""models.dev: one TOML file per model, `<id>.toml`, in a provider's `models/` directory.

`[cost]` with `input`, `output`, `cache_read` in USD per 1M tokens; each long-context tier a
`[[cost.tiers]]` table with `tier = { type = "context", size = <threshold> }` and the same price
keys (files written before that schema say `context = { min = <threshold> }`: both are read);
`[limit]` `context`; `[modalities]` `input` and `output`. Reading uses the standard library's
tomllib; writing is done here (tomli-w would write a short tier as an inline array, not the
`[[cost.tiers]]` tables models.dev's files use), decimals written exactly (1.25).
"""

from __future__ import annotations

import json
import tomllib
from decimal import Decimal
from pathlib import Path
from typing import Any

from .._catalog import Catalog
from . import InvalidTableError, TableEntry, TableFormat, decimal_of, int_of, read_text
from ._common import kind_of, rows_of

__all__ = ["FORMAT"]


def _value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        text = format(value.normalize(), "f")
        return text if "." in text else text + ".0"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list):
        return "[" + ", ".join(_value(item) for item in value) + "]"
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{key} = {_value(item)}" for key, item in value.items()) + " }"
    raise TypeError(f"no TOML for {value!r}")


def _toml(document: dict[str, Any]) -> str:
    """TOML for a model file: top-level keys, then [cost] with its [[cost.tiers]], [limit],
    [modalities]."""
    lines = [f"{key} = {_value(value)}" for key, value in document.items()
             if not isinstance(value, dict)]  # fmt: skip
    for name, table in document.items():
        if not isinstance(table, dict):
            continue
        lines += ["", f"[{name}]"]
        lines += [f"{key} = {_value(value)}" for key, value in table.items() if key != "tiers"]
        for tier in table.get("tiers", []):
            lines += ["", f"[[{name}.tiers]]"]
            lines += [f"{key} = {_value(value)}" for key, value in tier.items()]
    return "\n".join(lines) + "\n"


def write(catalog: Catalog, aliases: bool) -> dict[str, str]:
    files = {}
    for row in rows_of(catalog, FORMAT.kinds):
        document: dict[str, Any] = {
            "name": row.id,
            "release_date": row.created.date().isoformat(),
            "last_updated": catalog.fetched_at.date().isoformat(),
            "attachment": "image" in row.input_modalities,
        }
        if kind_of(row) == "language":
            cost: dict[str, Any] = {
                key: value
                for key, value in (("input", row.prompt), ("output", row.completion),
                                   ("cache_read", row.cached_prompt))
                if value is not None
            }  # fmt: skip
            if row.long_context_threshold:
                tier: dict[str, Any] = {
                    "tier": {"type": "context", "size": row.long_context_threshold}
                }
                for key, value in (("input", row.prompt_long_context),
                                   ("output", row.completion_long_context),
                                   ("cache_read", row.cached_prompt_long_context)):  # fmt: skip
                    if value is not None:
                        tier[key] = value
                cost["tiers"] = [tier]
            if cost:
                document["cost"] = cost
        if row.context_length is not None:
            document["limit"] = {"context": row.context_length}
        if row.input_modalities or row.output_modalities:
            document["modalities"] = {
                "input": list(row.input_modalities),
                "output": list(row.output_modalities),
            }
        files[f"{row.id}.toml"] = _toml(document)
    return files


def _read_file(path: Path) -> TableEntry:
    try:
        document = tomllib.loads(read_text(path), parse_float=decimal_of_text)
    except tomllib.TOMLDecodeError as exc:
        raise InvalidTableError(f"{path}: not TOML: {exc}") from None
    where = str(path)
    cost = document.get("cost") or {}
    tiers = cost.get("tiers") or []
    if not isinstance(tiers, list):
        raise InvalidTableError(f"{where}: cost.tiers must be an array of tables")
    threshold = tier_prices = None
    for tier in tiers:
        if not isinstance(tier, dict):
            raise InvalidTableError(f"{where}: cost.tiers holds a non-table")
        kind = tier.get("tier") or {}
        start = kind.get("size") if kind.get("type") == "context" else None
        if start is None:
            start = (tier.get("context") or {}).get("min")  # the schema before `tier`
        start = int_of(start, f"{where}: cost.tiers[].tier.size")
        if start is not None and (threshold is None or start < threshold):
            threshold, tier_prices = start, tier
    limit = document.get("limit") or {}

    def price(table: dict[str, Any] | None, key: str) -> Any:
        return None if table is None else decimal_of(table.get(key), f"{where}: {key}")

    return TableEntry(
        their_id=path.name,
        model_id=path.stem,
        prompt=price(cost, "input"),
        cached_prompt=price(cost, "cache_read"),
        completion=price(cost, "output"),
        tier_threshold=threshold,
        tier_prompt=price(tier_prices, "input"),
        tier_cached_prompt=price(tier_prices, "cache_read"),
        tier_completion=price(tier_prices, "output"),
        context=int_of(limit.get("context"), f"{where}: limit.context"),
    )


def decimal_of_text(text: str) -> Any:
    return decimal_of(text, "a TOML number")


def read(path: Path) -> list[TableEntry]:
    if path.is_dir():
        files = sorted(path.glob("*.toml"))
        if not files:
            raise InvalidTableError(f"{path}: no .toml file in this directory")
        return [_read_file(file) for file in files]
    return [_read_file(path)]


def sniff(path: Path, text: str) -> bool:
    return path.suffix == ".toml"


FORMAT = TableFormat(
    name="models-dev", write=write, read=read, sniff=sniff, images=False, one_file_per_model=True
)
