"""pydantic's genai-prices: the provider YAML, a `models:` list sorted by id.

Each model: `id`, `match` (the id, or `or:` the id and its aliases), `context_window`, `prices`
in USD per 1M tokens (`input_mtok`, `cache_read_mtok`, `output_mtok`), a long-context tier as
`{base: X, tiers: [{start: S, price: Y}]}`, and `prices_checked` (the catalog's date).

genai-prices applies a tier to counts *above* its `start`, and xAI bills at the long-context
prices from `long_context_threshold` tokens on, so `start` is the threshold less one (199999 for
200000), as genai-prices' own xAI data has it; reading adds the one back.
Only language models: genai-prices prices tokens. Needs PyYAML (the `export` extra).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

from .._model.catalog import Catalog
from .base import Cells, InvalidTableError, TableEntry, TableFormat, need, no_entries, read_text
from .common import rows_of, threshold_of, usd_of

__all__ = ["FORMAT"]

HEADER = (
    "# xAI's models and prices in genai-prices' provider format, written by xai-models from the\n"
    "# xAI Models API (prices exact: the API's integers in 1e-10 USD, as USD per 1M tokens).\n"
)


def _dumper() -> Any:
    yaml = need("yaml")

    class Dumper(yaml.SafeDumper):  # type: ignore[misc,name-defined]
        """Decimals as plain decimal numbers (1.25), never as floats with noise; no anchors
        (an equal price is often the same object)."""

        def ignore_aliases(self, data: Any) -> bool:
            return True

    def decimal(dumper: Any, value: Decimal) -> Any:
        text = format(value.normalize(), "f")
        return dumper.represent_scalar(
            "tag:yaml.org,2002:float", text if "." in text else text + ".0"
        )

    Dumper.add_representer(Decimal, decimal)
    return Dumper


def _loader() -> Any:
    yaml = need("yaml")

    class Loader(yaml.SafeLoader):  # type: ignore[misc,name-defined]
        """Floats as the Decimals they were written as."""

    def decimal(loader: Any, node: Any) -> Decimal | str:
        text = loader.construct_scalar(node)
        try:
            return Decimal(text.replace("_", ""))
        except ArithmeticError:
            return str(text)  # .inf, .nan: a value the audit reports, not a crash

    Loader.add_constructor("tag:yaml.org,2002:float", decimal)
    return Loader


def _price(base: Decimal | None, tier: Decimal | None, threshold: int | None) -> Any:
    if base is None:
        return None
    if threshold and tier is not None:
        return {"base": base, "tiers": [{"start": threshold - 1, "price": tier}]}
    return base


def write(catalog: Catalog, aliases: bool) -> str:
    yaml = need("yaml")
    models = []
    for row in rows_of(catalog, FORMAT.kinds):
        names = [row.id, *(row.aliases if aliases else ())]
        match: dict[str, Any] = (
            {"equals": row.id} if len(names) == 1 else {"or": [{"equals": n} for n in names]}
        )
        threshold = threshold_of(row)
        stated = {
            key: _price(usd_of(row, short), usd_of(row, f"{short}_long_context"), threshold)
            for key, short in (
                ("input_mtok", "prompt"),
                ("cache_read_mtok", "cached_prompt"),
                ("output_mtok", "completion"),
            )
        }
        prices = {key: value for key, value in stated.items() if value is not None}
        model: dict[str, Any] = {"id": row.id, "match": match}
        if row.context_length is not None:
            model["context_window"] = row.context_length
        model["prices"] = prices
        model["prices_checked"] = catalog.fetched_at.date()
        models.append(model)
    document = {
        "name": "X AI",
        "id": "x-ai",
        "api_pattern": "https://api\\.x\\.ai",
        "models": sorted(models, key=lambda m: str(m["id"])),
    }
    text: str = yaml.dump(document, Dumper=_dumper(), sort_keys=False, allow_unicode=True)
    return HEADER + text


def _split(
    value: Any, field: str, cells: Cells
) -> tuple[Decimal | None, int | None, Decimal | None]:
    """A price, or a tiered price: (base, first tier's start, first tier's price)."""
    if not isinstance(value, dict):
        return cells.price(value, field), None, None
    tiers = value.get("tiers") or []
    if not isinstance(tiers, list) or not all(isinstance(t, dict) for t in tiers):
        cells.problems.append((f"{field}_long_context", "tiers is not a list of {start, price}"))
        tiers = []
    first = min(tiers, key=lambda t: _order(t.get("start"))) if tiers else {}
    start = cells.count(first.get("start"), "long_context_threshold")
    return (
        cells.price(value.get("base"), field),
        None if start is None else start + 1,  # priced above start: from start + 1 on
        cells.price(first.get("price"), f"{field}_long_context"),
    )


def _order(start: Any) -> Decimal:
    return (
        start
        if isinstance(start, Decimal)
        else Decimal(start)
        if isinstance(start, int)
        else Decimal(0)
    )


def match_of(clause: Any) -> Callable[[str], bool] | None:
    """genai-prices' `match` as a predicate on a model id, evaluated as genai-prices does: the id
    lowercased; `equals`, `starts_with`, `ends_with`, `contains` compared lowercased; `regex`
    searched in it; `or` and `and` of clauses. None for a clause it cannot read."""
    if not isinstance(clause, dict) or len(clause) != 1:
        return None
    ((kind, argument),) = clause.items()
    if kind in ("or", "and"):
        if not isinstance(argument, list):
            return None
        parts = [match_of(part) for part in argument]
        if any(part is None for part in parts):
            return None
        combine = any if kind == "or" else all
        return lambda text: combine(part(text) for part in parts if part is not None)
    if not isinstance(argument, str):
        return None
    wanted = argument.lower()
    tests: dict[str, Callable[[str], bool]] = {
        "equals": lambda text: text == wanted,
        "starts_with": lambda text: text.startswith(wanted),
        "ends_with": lambda text: text.endswith(wanted),
        "contains": lambda text: wanted in text,
    }
    if kind == "regex":
        try:
            pattern = re.compile(argument)
        except re.error:
            return None
        return lambda text: pattern.search(text) is not None
    return tests.get(kind)


def _document(path: Path) -> Any:
    yaml = need("yaml")
    try:
        return yaml.load(read_text(path), Loader=_loader())
    except yaml.YAMLError as exc:
        raise InvalidTableError(f"{path}: not YAML: {' '.join(str(exc).split())[:200]}") from None
    except RecursionError:
        raise InvalidTableError(f"{path}: nested too deeply to read") from None
    except ValueError as exc:
        raise InvalidTableError(f"{path}: not YAML: {str(exc)[:100]}") from None


def read(path: Path) -> list[TableEntry]:
    document = _document(path)
    models = document.get("models") if isinstance(document, dict) else None
    if not isinstance(models, list):
        raise InvalidTableError(f"{path}: a genai-prices provider file has a `models:` list")
    if not models:
        raise no_entries(path, "models")
    entries = []
    for index, model in enumerate(models):
        if not isinstance(model, dict) or not isinstance(model.get("id"), str):
            raise InvalidTableError(f"{path}: models[{index}] has no id")
        if "prices" not in model:
            raise InvalidTableError(
                f"{path}: models[{index}] has no prices: not a genai-prices provider file"
            )
        entries.append(_entry(model))
    return entries


def _entry(model: dict[str, Any]) -> TableEntry:
    cells = Cells()
    prices = model.get("prices") or {}
    if isinstance(prices, list):  # conditional prices: the newest set applies
        last = prices[-1] if prices else {}
        prices = last.get("prices", {}) if isinstance(last, dict) else {}
    if not isinstance(prices, dict):
        cells.problems.append(("prompt", "prices is not a mapping"))
        prices = {}
    prompt, threshold, tier_prompt = _split(prices.get("input_mtok"), "prompt", cells)
    cached, cached_threshold, tier_cached = _split(prices.get("cache_read_mtok"),
                                                   "cached_prompt", cells)  # fmt: skip
    completion, out_threshold, tier_completion = _split(prices.get("output_mtok"),
                                                        "completion", cells)  # fmt: skip
    clause = model.get("match")
    match = match_of(clause) if clause is not None else match_of({"equals": model["id"]})
    if match is None:
        cells.problems.append(("match", "a match clause genai-prices would not read"))
    return TableEntry(
        their_id=model["id"],
        model_id=model["id"],
        price={
            "prompt": prompt,
            "cached_prompt": cached,
            "completion": completion,
            "long_context_threshold": threshold or cached_threshold or out_threshold,
            "prompt_long_context": tier_prompt,
            "cached_prompt_long_context": tier_cached,
            "completion_long_context": tier_completion,
        },
        context=cells.count(model.get("context_window"), "context_length"),
        problems=tuple(cells.problems),
        match=match,
    )


def sniff(path: Path, text: str) -> bool:
    return path.suffix in (".yml", ".yaml") or ("\nmodels:" in text and "match:" in text)


FORMAT = TableFormat(
    name="genai-prices", write=write, read=read, sniff=sniff, kinds=frozenset({"language"}),
    images=False,
)  # fmt: skip
