"""Every price field of the API, declared once: its unit, its key in a row, its column header, and
how other tools name it. Rows, diffs, exports, the audit and the CLI's columns iterate over
`PRICE_FIELDS`; the model types take each field's unit from here (`price_field`).

A new price field is one `PriceField` here (plus its attrs field in `_model/types`, and a billing
rule in `_model/pricing` if it bills); the contract tests fail, naming it, until the spec's
property is declared.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Final

import attrs

from .units import TOKEN_PRICE_PLACES, UNIT_PRICE_PLACES, money, usd

__all__ = [
    "PER_TOKEN",
    "PER_UNIT",
    "PRICE_FIELDS",
    "THRESHOLD",
    "TIER_PRICE_FIELDS",
    "PriceField",
    "price_field",
]

PER_TOKEN: Final = "per token"  # noqa: S105 - a unit, not a password
"""1e-10 USD a token: raw / 10**4 is USD per 1M tokens."""
PER_UNIT: Final = "per unit"
"""1e-10 USD a search or an image: raw / 10**10 is USD per one."""
THRESHOLD: Final = "threshold"
"""A token count that decides which prices apply."""


@attrs.frozen(kw_only=True)
class PriceField:
    """One price (or price threshold) as the API names it, and as everything else shows it.

    `key` is the field's key in a model row (`list`, `get`, the plain exports, the audit of
    them); `short` its name in the audit's findings; `header` its table column; `per` what one
    unit of it buys ("1M tokens", "image"); `standard` names the standard price a long-context
    price falls back to when it is 0 or absent; `table` whether `list` shows it by default;
    `sort` the name `list --sort` orders by it under; `audited` whether other tools' tables state
    it (and the audit compares it).
    """

    name: str
    unit: str
    key: str
    short: str
    header: str
    per: str = "1M tokens"
    standard: str | None = None
    table: bool = False
    sort: str | None = None
    audited: bool = True

    @property
    def places(self) -> int | None:
        """Decimal places from raw to USD (`None`: not money)."""
        return {PER_TOKEN: TOKEN_PRICE_PLACES, PER_UNIT: UNIT_PRICE_PLACES}.get(self.unit)

    def usd(self, raw: int | None) -> Decimal | None:
        """A raw value in USD (per 1M tokens, or per one); `None` for a threshold or no value."""
        places = self.places
        return None if places is None else usd(raw, places)

    def describe(self, raw: int | None) -> str:
        """A raw value as a person reads it: "$3.00 per 1M tokens", "200,000 tokens", "none"."""
        if raw is None:
            return "none"
        if self.unit == THRESHOLD:
            return f"{raw:,} tokens"
        return f"{money(self.usd(raw))} per {self.per}"


PRICE_FIELDS: Final = (
    PriceField(name="prompt_text_token_price", unit=PER_TOKEN, short="prompt",
               key="usd_per_million_prompt_tokens", header="$/1M PROMPT", table=True,
               sort="prompt"),
    PriceField(name="cached_prompt_text_token_price", unit=PER_TOKEN, short="cached_prompt",
               key="usd_per_million_cached_prompt_tokens", header="$/1M CACHED", table=True),
    PriceField(name="prompt_image_token_price", unit=PER_TOKEN, short="prompt_image",
               key="usd_per_million_prompt_image_tokens", header="$/1M IMAGE IN",
               audited=False),
    PriceField(name="completion_text_token_price", unit=PER_TOKEN, short="completion",
               key="usd_per_million_completion_tokens", header="$/1M COMPLETION", table=True,
               sort="completion"),
    PriceField(name="prompt_text_token_price_long_context", unit=PER_TOKEN,
               short="prompt_long_context", key="usd_per_million_prompt_tokens_long_context",
               header="$/1M PROMPT LONG", standard="prompt_text_token_price"),
    PriceField(name="cached_prompt_text_token_price_long_context", unit=PER_TOKEN,
               short="cached_prompt_long_context",
               key="usd_per_million_cached_prompt_tokens_long_context",
               header="$/1M CACHED LONG", standard="cached_prompt_text_token_price"),
    PriceField(name="completion_text_token_price_long_context", unit=PER_TOKEN,
               short="completion_long_context",
               key="usd_per_million_completion_tokens_long_context",
               header="$/1M COMPLETION LONG", standard="completion_text_token_price"),
    PriceField(name="long_context_threshold", unit=THRESHOLD, short="long_context_threshold",
               key="long_context_threshold", header="LONG FROM", per="token"),
    PriceField(name="image_price", unit=PER_UNIT, short="image", key="usd_per_image",
               header="$/IMAGE", per="image", table=True),
    PriceField(name="search_price", unit=PER_UNIT, short="search", key="usd_per_search",
               header="$/SEARCH", per="search", audited=False),
)  # fmt: skip
"""Every price field of a model of any kind, in the order rows show them."""

TIER_PRICE_FIELDS: Final = (
    PriceField(name="price_per_image", unit=PER_UNIT, short="image", key="usd_per_image",
               header="$/IMAGE", per="image"),
)  # fmt: skip
"""The price fields of an image price tier (`pricing` of an image model)."""

BY_NAME: Final[Mapping[str, PriceField]] = {
    field.name: field for field in (*PRICE_FIELDS, *TIER_PRICE_FIELDS)
}


def price_field(name: str) -> PriceField:
    """The declaration of a price field by its API name; KeyError names an undeclared one."""
    try:
        return BY_NAME[name]
    except KeyError:
        raise KeyError(f"{name!r} is no declared price field (_schema/prices.py)") from None
