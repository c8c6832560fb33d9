"""`_tables/common.py`: which kind a row is, and a row's prices in a table's terms."""

from __future__ import annotations

from decimal import Decimal

from tables.helpers import CATALOG
from xai_models._model.rows import model_rows
from xai_models._tables.common import (
    kind_of,
    rows_of,
    threshold_in_thousands,
    threshold_of,
    usd_of,
)

ROWS = {row.id: row for row in model_rows(CATALOG)}


def test_each_kind_by_its_prices_or_its_family() -> None:
    assert kind_of(ROWS["grok-4.3"]) == "language"
    assert kind_of(ROWS["grok-imagine-image"]) == "image"
    assert kind_of(ROWS["grok-imagine-video"]) == "video"


def test_rows_of_keeps_the_kinds_asked() -> None:
    images = {row.id for row in rows_of(CATALOG, frozenset({"image"}))}
    assert "grok-imagine-image" in images
    assert "grok-4.3" not in images


def test_prices_by_short_name() -> None:
    """grok-4.3: 12500 ticks a prompt token (USD 1.25 per 1M), a tier from 200000 tokens."""
    assert usd_of(ROWS["grok-4.3"], "prompt") == Decimal("1.25")
    assert threshold_of(ROWS["grok-4.3"]) == 200000
    assert usd_of(ROWS["grok-imagine-image"], "image") == Decimal("0.02")
    assert threshold_of(ROWS["grok-imagine-image"]) is None


def test_threshold_names() -> None:
    assert threshold_in_thousands(200000) == "200k"
    assert threshold_in_thousands(128500) is None
