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
import re
import tomllib
from decimal import Decimal
from pathlib import Path
from typing import Any

from .._model.catalog import Catalog
from .base import Cells, InvalidTableError, TableEntry, TableFormat, read_text
from .common import kind_of, rows_of, threshold_of, usd_of

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
                for key, value in (("input", usd_of(row, "prompt")),
                                   ("output", usd_of(row, "completion")),
                                   ("cache_read", usd_of(row, "cached_prompt")))
                if value is not None
            }  # fmt: skip
            if threshold_of(row):
                tier: dict[str, Any] = {"tier": {"type": "context", "size": threshold_of(row)}}
                for key, value in (("input", usd_of(row, "prompt_long_context")),
                                   ("output", usd_of(row, "completion_long_context")),
                                   ("cache_read",
                                    usd_of(row, "cached_prompt_long_context"))):  # fmt: skip
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


MODEL_KEYS = frozenset({"name", "cost", "limit", "modalities", "release_date"})
"""Keys of a models.dev model file; a file with none of them is not one."""


def _document(path: Path) -> dict[str, Any]:
    where = str(path)
    try:
        document = tomllib.loads(read_text(path), parse_float=Decimal)
    except tomllib.TOMLDecodeError as exc:
        raise InvalidTableError(f"{where}: not TOML: {exc}") from None
    except RecursionError:
        raise InvalidTableError(f"{where}: nested too deeply to read") from None
    except ValueError as exc:
        raise InvalidTableError(f"{where}: not TOML: {str(exc)[:100]}") from None
    if not MODEL_KEYS & document.keys():
        raise InvalidTableError(
            f"{where}: not a models.dev model file (none of {', '.join(sorted(MODEL_KEYS))})"
        )
    return document


def _read_file(path: Path) -> TableEntry:
    document = _document(path)
    cells = Cells()
    cost = _table(document.get("cost"), "cost", cells)
    tiers = cost.get("tiers") or []
    if not isinstance(tiers, list):
        cells.problems.append(("long_context_threshold", "cost.tiers is not an array"))
        tiers = []
    threshold, tier_prices = None, None
    for tier in tiers:
        if not isinstance(tier, dict):
            cells.problems.append(("long_context_threshold", "a tier that is not a table"))
            continue
        kind = tier.get("tier")
        kind = kind if isinstance(kind, dict) else {}
        # models.dev's schema: `type` defaults to "context"; the schema before it: context.min
        start = kind.get("size") if kind.get("type", "context") == "context" else None
        if start is None:
            old = tier.get("context")
            start = old.get("min") if isinstance(old, dict) else None
        start = cells.count(start, "long_context_threshold")
        if start is not None and (threshold is None or start < threshold):
            threshold, tier_prices = start, tier
    limit = _table(document.get("limit"), "limit", cells)

    def price(table: dict[str, Any] | None, key: str, field: str) -> Decimal | None:
        return None if table is None else cells.price(table.get(key), field)

    return TableEntry(
        their_id=path.name,
        model_id=path.stem,
        price={
            "prompt": price(cost, "input", "prompt"),
            "cached_prompt": price(cost, "cache_read", "cached_prompt"),
            "completion": price(cost, "output", "completion"),
            "long_context_threshold": threshold,
            "prompt_long_context": price(tier_prices, "input", "prompt_long_context"),
            "cached_prompt_long_context": price(
                tier_prices, "cache_read", "cached_prompt_long_context"
            ),
            "completion_long_context": price(tier_prices, "output", "completion_long_context"),
        },
        context=cells.count(limit.get("context"), "context_length"),
        problems=tuple(cells.problems),
    )


def _table(value: Any, name: str, cells: Cells) -> dict[str, Any]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        cells.problems.append((name, "not a table"))
        return {}
    return value


def read(path: Path) -> list[TableEntry]:
    """A model file, a folder of them, or a provider's folder as models.dev's repository holds it
    (`provider.toml` beside `models/`)."""
    if not path.is_dir():
        return [_read_file(path)]
    folder = path / "models" if (path / "models").is_dir() else path
    files = sorted(file for file in folder.glob("*.toml") if file.name != "provider.toml")
    if not files:
        raise InvalidTableError(f"{path}: no model .toml file in this directory")
    return [_read_file(file) for file in files]


def sniff(path: Path, text: str) -> bool:
    return (
        path.suffix == ".toml"
        or re.search(r"^\[(cost|limit|modalities)\]\s*$", text, re.M) is not None
    )


FORMAT = TableFormat(
    name="models-dev", write=write, read=read, sniff=sniff, images=False, one_file_per_model=True
)
