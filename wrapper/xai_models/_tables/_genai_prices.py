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

from decimal import Decimal
from pathlib import Path
from typing import Any

from .._catalog import Catalog
from . import InvalidTableError, TableEntry, TableFormat, decimal_of, int_of, need, read_text
from ._common import rows_of

__all__ = ["FORMAT"]

HEADER = (
    "# xAI's models and prices in genai-prices' provider format, written by xai-models from the\n"
    "# xAI Models API (prices exact: the API's integers in 1e-10 USD, as USD per 1M tokens).\n"
)


def _dumper() -> Any:
    yaml = need("yaml")

    class Dumper(yaml.SafeDumper):  # type: ignore[misc,name-defined]
        """Decimals as plain decimal numbers (1.25), never as floats with noise."""

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

    def decimal(loader: Any, node: Any) -> Decimal:
        return Decimal(loader.construct_scalar(node).replace("_", ""))

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
        prices = {
            key: value
            for key, value in (
                ("input_mtok", _price(row.prompt, row.prompt_long_context,
                                      row.long_context_threshold)),
                ("cache_read_mtok", _price(row.cached_prompt, row.cached_prompt_long_context,
                                           row.long_context_threshold)),
                ("output_mtok", _price(row.completion, row.completion_long_context,
                                       row.long_context_threshold)),
            )
            if value is not None
        }  # fmt: skip
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


def _split(value: Any, where: str) -> tuple[Decimal | None, int | None, Decimal | None]:
    """A price, or a tiered price: (base, first tier's start, first tier's price)."""
    if isinstance(value, dict):
        tiers = value.get("tiers") or []
        if not isinstance(tiers, list) or not all(isinstance(t, dict) for t in tiers):
            raise InvalidTableError(f"{where}: tiers must be a list of {{start, price}}")
        first = min(tiers, key=lambda t: t.get("start", 0)) if tiers else {}
        start = int_of(first.get("start"), f"{where}.tiers[].start")
        return (
            decimal_of(value.get("base"), f"{where}.base"),
            None if start is None else start + 1,  # priced above start: from start + 1 on
            decimal_of(first.get("price"), f"{where}.tiers[].price"),
        )
    return decimal_of(value, where), None, None


def read(path: Path) -> list[TableEntry]:
    yaml = need("yaml")
    try:
        document = yaml.load(read_text(path), Loader=_loader())
    except yaml.YAMLError as exc:
        raise InvalidTableError(f"{path}: not YAML: {' '.join(str(exc).split())}") from None
    models = document.get("models") if isinstance(document, dict) else None
    if not isinstance(models, list):
        raise InvalidTableError(f"{path}: a genai-prices provider file has a `models:` list")
    entries = []
    for index, model in enumerate(models):
        if not isinstance(model, dict) or not isinstance(model.get("id"), str):
            raise InvalidTableError(f"{path}: models[{index}] has no id")
        where = f"{path}: {model['id']}"
        prices = model.get("prices") or {}
        if isinstance(prices, list):  # conditional prices: the newest set applies
            prices = (prices[-1] or {}).get("prices", {}) if prices else {}
        prompt, threshold, tier_prompt = _split(prices.get("input_mtok"), f"{where}.input_mtok")
        cached, cached_threshold, tier_cached = _split(prices.get("cache_read_mtok"),
                                                       f"{where}.cache_read_mtok")  # fmt: skip
        completion, out_threshold, tier_completion = _split(prices.get("output_mtok"),
                                                            f"{where}.output_mtok")  # fmt: skip
        entries.append(
            TableEntry(
                their_id=model["id"],
                model_id=model["id"],
                prompt=prompt,
                cached_prompt=cached,
                completion=completion,
                tier_threshold=threshold or cached_threshold or out_threshold,
                tier_prompt=tier_prompt,
                tier_cached_prompt=tier_cached,
                tier_completion=tier_completion,
                context=int_of(model.get("context_window"), f"{where}.context_window"),
            )
        )
    return entries


def sniff(path: Path, text: str) -> bool:
    return path.suffix in (".yml", ".yaml") or ("\nmodels:" in text and "match:" in text)


FORMAT = TableFormat(
    name="genai-prices", write=write, read=read, sniff=sniff, kinds=frozenset({"language"}),
    images=False,
)  # fmt: skip
