"""The one row of a model: what every endpoint family says of it, joined, in exact USD.

`list`, `get`, the plain exports (csv, markdown, jsonl) and the audit of them all show these rows,
under the same keys (`_schema/columns.py`, `record_of`). Prices are effective: a long-context
price of 0 (none set) reads as the standard price it falls back to, and a model without a
long-context tier (threshold 0 or absent) has no long-context prices. The price columns come from
the declarations (`_schema/prices.py`), in their order.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from decimal import Decimal
from typing import Any

import attrs

from .._schema.columns import CONTEXT
from .._schema.prices import PRICE_FIELDS, THRESHOLD, PriceField
from .catalog import Catalog
from .families import FAMILIES
from .pricing import RawPrices

__all__ = ["KIND_LABELS", "ModelRow", "model_rows", "record_of"]

KIND_LABELS = {family.name: family.label for family in FAMILIES}
"""The short name of each endpoint family (`/v1/models` is "model")."""


@attrs.frozen(kw_only=True)
class ModelRow:
    """A model as all the families that list it describe it; `price` holds each declared price
    by its short name (`prompt`, `image`, ...), in USD per 1M tokens, per image or per search
    (the long-context threshold in tokens), `None` where no family gives one."""

    id: str
    kinds: tuple[str, ...]
    aliases: tuple[str, ...]
    created: datetime
    context_length: int | None
    input_modalities: tuple[str, ...]
    output_modalities: tuple[str, ...]
    price: Mapping[str, Decimal | int | None]
    prices: RawPrices


def record_of(row: ModelRow) -> dict[str, Any]:
    """A row as plain JSON values under the row's keys, in order (prices stay exact Decimals)."""
    record: dict[str, Any] = {
        "id": row.id,
        "kinds": list(row.kinds),
        "aliases": list(row.aliases),
        "created": int(row.created.timestamp()),
        CONTEXT: row.context_length,
        "input_modalities": list(row.input_modalities),
        "output_modalities": list(row.output_modalities),
    }
    for field in PRICE_FIELDS:
        record[field.key] = row.price[field.short]
    return record


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


def effective(field: PriceField, prices: RawPrices) -> Decimal | int | None:
    """What a price is in effect: a long-context price of 0 or none is its standard price, and
    there is no long-context price or threshold without a long-context tier."""
    tiered = prices.has_long_context
    raw: int | None = getattr(prices, field.name)
    if field.unit == THRESHOLD:
        return raw if tiered else None
    if field.standard is not None:
        if not tiered:
            return None
        raw = raw or getattr(prices, field.standard)
    return field.usd(raw)


def _row(model_id: str, kinds: list[str], models: list[object], prices: RawPrices) -> ModelRow:
    created = _first(models, "created")
    assert isinstance(created, datetime)
    context = _first(models, CONTEXT)
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
        price={field.short: effective(field, prices) for field in PRICE_FIELDS},
        prices=prices,
    )
