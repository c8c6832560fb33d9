"""One row per model id, joining what every endpoint family says of it, in exact USD.

The CLI's `list` and `get`, and the csv, markdown and jsonl price tables, show these rows. Prices
are effective: a long-context price of 0 (none set) reads as the standard price it falls back to,
and a model without a long-context tier (threshold 0 or absent) has no long-context prices.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from decimal import Decimal

import attrs

from .._schema.units import TOKEN_PRICE_PLACES, UNIT_PRICE_PLACES, usd
from .catalog import Catalog
from .families import FAMILIES
from .pricing import RawPrices

__all__ = ["KIND_LABELS", "ModelRow", "model_rows"]

KIND_LABELS = {family.name: family.label for family in FAMILIES}
"""The short name of each endpoint family (`/v1/models` is "model")."""


@attrs.frozen(kw_only=True)
class ModelRow:
    """A model as all the families that list it describe it; USD per 1M tokens, per image, per
    search; `None` where no family gives a value."""

    id: str
    kinds: tuple[str, ...]
    aliases: tuple[str, ...]
    created: datetime
    context_length: int | None
    input_modalities: tuple[str, ...]
    output_modalities: tuple[str, ...]
    prompt: Decimal | None
    cached_prompt: Decimal | None
    completion: Decimal | None
    prompt_long_context: Decimal | None
    cached_prompt_long_context: Decimal | None
    completion_long_context: Decimal | None
    long_context_threshold: int | None
    image: Decimal | None
    search: Decimal | None
    image_tiers: tuple[tuple[str | None, str | None, Decimal | None], ...]
    prices: RawPrices


def model_rows(catalog: Catalog, kinds: Iterable[str] | None = None) -> list[ModelRow]:
    """The rows of the models listed in any of `kinds` (family names; all when None), by id."""
    wanted = set(kinds) if kinds is not None else {family.name for family in FAMILIES}
    listed: dict[str, list[tuple[str, object]]] = {}
    for family in FAMILIES:
        for model in catalog.family(family):
            listed.setdefault(model.id, []).append((family.name, model))
    rows = []
    for model_id in sorted(listed):
        entries = listed[model_id]
        if not wanted & {kind for kind, _ in entries}:
            continue
        models = [model for _, model in entries]
        prices = catalog.prices(model_id)
        rows.append(_row(model_id, [kind for kind, _ in entries], models, prices))
    return rows


def _first(models: list[object], field: str) -> object:
    for model in models:
        value = getattr(model, field, None)
        if value not in (None, ()):
            return value
    return None


def _row(model_id: str, kinds: list[str], models: list[object], prices: RawPrices) -> ModelRow:
    def token(raw: int | None) -> Decimal | None:
        return usd(raw, TOKEN_PRICE_PLACES)

    threshold = prices.long_context_threshold
    tiered = bool(threshold and threshold > 0)

    def long(long_raw: int | None, standard: int | None) -> Decimal | None:
        if not tiered:
            return None
        return token(long_raw or standard)

    tiers = _first(models, "image_price_tiers") or ()
    created = _first(models, "created")
    assert isinstance(created, datetime)
    context = _first(models, "context_length")
    return ModelRow(
        id=model_id,
        kinds=tuple(KIND_LABELS[kind] for kind in kinds),
        aliases=tuple(dict.fromkeys(a for m in models for a in getattr(m, "aliases", ()))),
        created=created,
        context_length=context if isinstance(context, int) else None,
        input_modalities=tuple(
            sorted({x for m in models for x in getattr(m, "input_modalities", ())})
        ),
        output_modalities=tuple(
            sorted({x for m in models for x in getattr(m, "output_modalities", ())})
        ),
        prompt=token(prices.prompt_text_token_price),
        cached_prompt=token(prices.cached_prompt_text_token_price),
        completion=token(prices.completion_text_token_price),
        prompt_long_context=long(
            prices.prompt_text_token_price_long_context, prices.prompt_text_token_price
        ),
        cached_prompt_long_context=long(
            prices.cached_prompt_text_token_price_long_context,
            prices.cached_prompt_text_token_price,
        ),
        completion_long_context=long(
            prices.completion_text_token_price_long_context, prices.completion_text_token_price
        ),
        long_context_threshold=threshold if tiered else None,
        image=usd(prices.image_price, UNIT_PRICE_PLACES),
        search=usd(prices.search_price, UNIT_PRICE_PLACES),
        image_tiers=tuple(
            (tier.quality, tier.resolution, tier.price_per_image)
            for tier in tiers  # type: ignore[attr-defined]
        ),
        prices=prices,
    )
