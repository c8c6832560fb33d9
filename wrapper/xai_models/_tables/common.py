"""What the format modules share: which kind a model row is, and the row's prices in a table's
terms."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from .._model.catalog import Catalog
from .._model.rows import ModelRow, model_rows

__all__ = ["kind_of", "rows_of", "threshold_in_thousands", "threshold_of", "usd_of"]


def kind_of(row: ModelRow) -> str:
    """`language` for a model with token prices (or listed as one), `image` for one with an
    image price (or listed as one), else `video`."""
    if row.prices.has_token_prices or "language" in row.kinds:
        return "language"
    if usd_of(row, "image") is not None or "image" in row.kinds:
        return "image"
    return "video"


def rows_of(catalog: Catalog, kinds: frozenset[str]) -> Iterator[ModelRow]:
    for row in model_rows(catalog):
        if kind_of(row) in kinds:
            yield row


def threshold_in_thousands(threshold: int) -> str | None:
    """200000 -> "200k"; a threshold that is not whole thousands has no LiteLLM name."""
    return f"{threshold // 1000}k" if threshold % 1000 == 0 else None


def usd_of(row: ModelRow, short: str) -> Decimal | None:
    """A row's price in USD (per 1M tokens, or per image) by its short name."""
    value = row.price[short]
    assert value is None or isinstance(value, Decimal)
    return value


def threshold_of(row: ModelRow) -> int | None:
    """A row's long-context threshold in tokens (`None`: no long-context tier)."""
    value = row.price["long_context_threshold"]
    assert value is None or isinstance(value, int)
    return value
