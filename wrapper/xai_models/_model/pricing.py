"""Prices: the API's raw integers (1e-10 USD, "ticks") as exact `Decimal` dollars, and the bill.

The API sends every price as an integer number of ticks: per token for token prices (the docs
call it "USD cents per 100 million tokens"), per search, per image. So USD per 1,000,000 tokens is
raw / 10,000 and USD per search or image is raw / 10,000,000,000. A bill is a sum of counts times
raw prices: an integer number of ticks, no rounding; `Decimal` USD is built from it digit by digit.

`bill()` is the one place the billing rules live; `cost_breakdown()` (counts given one by one) and
`usage` (counts read from a response's `usage`) both call it. The rules:

- cached tokens are part of the prompt: (prompt - cached) x prompt price + cached x cached price;
  with no cached price at all, cached tokens bill at the prompt price;
- a standard price of 0 is free; a long-context price of 0 (or none) means the standard one;
- once the prompt reaches a positive `long_context_threshold`, every token of the request bills
  at the long-context prices;
- `priority` (service_tier "priority") doubles every token price;
- server-side tool calls bill at `TOOL_PRICES` (overridable); X search bills by what it fetched
  when the usage reports that, and its calls then cost nothing.
"""

from collections.abc import Mapping
from decimal import Decimal
from typing import Any, Final

import attrs

from .._schema.public import publish
from .._schema.units import TOKEN_PRICE_PLACES, UNIT_PRICE_PLACES, usd

__all__ = [
    "TOOL_PRICES",
    "CostBreakdown",
    "CostLine",
    "RawPrices",
    "TokenPricing",
    "ToolPrice",
    "Usage",
    "bill",
    "cost_breakdown",
]


def ticks_of_usd(value: Decimal) -> int:
    """USD as a whole number of ticks; raises ValueError for a fraction of a tick."""
    scaled = value.scaleb(UNIT_PRICE_PLACES)
    if scaled != scaled.to_integral_value():
        raise ValueError(f"${value} is not a whole number of 1e-10 USD")
    return int(scaled)


@attrs.frozen(kw_only=True)
class TokenPricing:
    """A model's prices in USD per 1,000,000 tokens (`search`: USD per search); `None` where the API
    gives no price. The `*_long_context` prices apply once a prompt reaches `long_context_threshold`
    tokens (a threshold of 0 or `None` means the model has no long-context tier)."""

    prompt_text: Decimal | None = None
    cached_prompt_text: Decimal | None = None
    prompt_image: Decimal | None = None
    completion_text: Decimal | None = None
    prompt_text_long_context: Decimal | None = None
    cached_prompt_text_long_context: Decimal | None = None
    completion_text_long_context: Decimal | None = None
    long_context_threshold: int | None = None
    search: Decimal | None = None


@attrs.frozen(kw_only=True)
class RawPrices:
    """The raw integer prices of one model, as the API sends them, under the API's field names;
    `image_price_tiers` holds (quality, resolution, ticks per image)."""

    model_id: str
    prompt_text_token_price: int | None = None
    cached_prompt_text_token_price: int | None = None
    prompt_image_token_price: int | None = None
    completion_text_token_price: int | None = None
    prompt_text_token_price_long_context: int | None = None
    cached_prompt_text_token_price_long_context: int | None = None
    completion_text_token_price_long_context: int | None = None
    long_context_threshold: int | None = None
    search_price: int | None = None
    image_price: int | None = None
    image_price_tiers: tuple[tuple[str | None, str | None, int | None], ...] = ()

    @classmethod
    def of(cls, model: Any) -> "RawPrices":
        """The prices a model carries (a field it lacks reads as no price)."""
        tiers = tuple(
            (
                tier.quality,
                tier.resolution,
                None if tier.price_per_image is None else ticks_of_usd(tier.price_per_image),
            )
            for tier in getattr(model, "image_price_tiers", ())
        )
        prices = {name: getattr(model, name, None) for name in _PRICE_NAMES}
        return cls(model_id=model.id, image_price_tiers=tiers, **prices)

    def merged(self, other: "RawPrices") -> "RawPrices":
        """These prices, with `other`'s filling the ones these lack (one model seen twice)."""
        changes = {
            name: getattr(other, name)
            for name in (*_PRICE_NAMES, "image_price_tiers")
            if getattr(self, name) in (None, ()) and getattr(other, name) not in (None, ())
        }
        return attrs.evolve(self, **changes)

    @property
    def has_long_context(self) -> bool:
        """Whether the model has a long-context tier (a threshold above 0)."""
        return bool(self.long_context_threshold and self.long_context_threshold > 0)

    @property
    def has_token_prices(self) -> bool:
        return (
            self.prompt_text_token_price is not None or self.completion_text_token_price is not None
        )

    def to_token_pricing(self) -> TokenPricing:
        token = TOKEN_PRICE_PLACES
        return TokenPricing(
            prompt_text=usd(self.prompt_text_token_price, token),
            cached_prompt_text=usd(self.cached_prompt_text_token_price, token),
            prompt_image=usd(self.prompt_image_token_price, token),
            completion_text=usd(self.completion_text_token_price, token),
            prompt_text_long_context=usd(self.prompt_text_token_price_long_context, token),
            cached_prompt_text_long_context=usd(
                self.cached_prompt_text_token_price_long_context, token
            ),
            completion_text_long_context=usd(self.completion_text_token_price_long_context, token),
            long_context_threshold=self.long_context_threshold,
            search=usd(self.search_price, UNIT_PRICE_PLACES),
        )


_PRICE_NAMES = tuple(
    field.name
    for field in attrs.fields(RawPrices)
    if field.name not in ("model_id", "image_price_tiers")
)


@attrs.frozen(kw_only=True)
class ToolPrice:
    """What one server-side tool call (or fetched item) costs, in ticks, and where that is from."""

    ticks: int
    source: str


_BILLED: Final = "xAI's billing (reproduces billed responses)"
_DOCS_TABLE: Final = "the default tool price table (docs), not the API: override with tool_prices"

TOOL_PRICES: Final[Mapping[str, ToolPrice]] = {
    "web_search_calls": ToolPrice(ticks=50_000_000, source=_BILLED),
    "x_search_calls": ToolPrice(ticks=50_000_000, source=_BILLED),
    "document_search_calls": ToolPrice(ticks=50_000_000, source=_BILLED),
    "code_interpreter_calls": ToolPrice(ticks=50_000_000, source=_BILLED),
    "x_posts_fetched": ToolPrice(ticks=50_000_000, source=_BILLED),
    "x_users_fetched": ToolPrice(ticks=100_000_000, source=_BILLED),
    "file_search_calls": ToolPrice(ticks=25_000_000, source=_DOCS_TABLE),
}
"""Ticks per server-side tool call, by the name `usage.server_side_tool_usage_details` gives it.
A tool not listed here (`mcp_calls`, ...) and not given in `tool_prices` cannot be priced."""

FREE_TOOL_COUNTS: Final = frozenset({"num_sources_used", "num_server_side_tools_used"})


@attrs.frozen(kw_only=True)
class CostLine:
    """One billed quantity: `quantity` units at `unit_price` USD per `unit`, costing `cost` USD
    (`ticks` in 1e-10 USD); `source` says where the price came from."""

    label: str
    quantity: int
    unit_price: Decimal
    unit: str
    cost: Decimal
    ticks: int = 0
    source: str = "the catalog"


@attrs.frozen(kw_only=True)
class CostBreakdown:
    """What a bill is made of; `total_ticks` is the sum of the lines' ticks, exactly, and `total`
    the same in USD. `billed_ticks` is what xAI reported, when known, and `difference_ticks` the
    estimate minus it."""

    model_id: str
    long_context: bool
    lines: tuple[CostLine, ...]
    total: Decimal
    total_ticks: int = 0
    tier: str = "standard"
    billed_ticks: int | None = None

    @property
    def difference_ticks(self) -> int | None:
        return None if self.billed_ticks is None else self.total_ticks - self.billed_ticks

    @property
    def agrees(self) -> bool | None:
        """Whether the estimate equals what xAI billed (`None` when no bill is known)."""
        return None if self.billed_ticks is None else self.total_ticks == self.billed_ticks


@attrs.frozen(kw_only=True)
class Usage:
    """What one request used, in billing terms.

    `prompt_tokens` counts every prompt token, cached ones included; `completion_tokens` every
    token billed at the completion price (reasoning included). `prompt_image_tokens` bill at the
    image-token price; `searches` at `search_price`; `tools` maps a tool count's name to its
    count; `images` generated images, at `image_quality` and `image_resolution` when known.
    """

    prompt_tokens: int = 0
    cached_prompt_tokens: int = 0
    completion_tokens: int = 0
    prompt_image_tokens: int = 0
    searches: int = 0
    tools: Mapping[str, int] = attrs.field(factory=dict)
    images: int = 0
    image_quality: str | None = None
    image_resolution: str | None = None
    priority: bool = False


def _check_counts(usage: Usage) -> None:
    counts = {
        "prompt_tokens": usage.prompt_tokens,
        "completion_tokens": usage.completion_tokens,
        "cached_prompt_tokens": usage.cached_prompt_tokens,
        "prompt_image_tokens": usage.prompt_image_tokens,
        "searches": usage.searches,
        "images": usage.images,
        **usage.tools,
    }
    for name, value in counts.items():
        if isinstance(value, bool) or not isinstance(value, int):
            raise TypeError(f"{name} must be an int, not {type(value).__name__}")
        if value < 0:
            raise ValueError(f"{name} must be >= 0, got {value}")
    if usage.cached_prompt_tokens > usage.prompt_tokens:
        raise ValueError(
            f"cached_prompt_tokens ({usage.cached_prompt_tokens}) cannot exceed prompt_tokens "
            f"({usage.prompt_tokens}): prompt_tokens counts the cached ones too"
        )


def bill(
    prices: RawPrices,
    usage: Usage,
    *,
    tool_prices: Mapping[str, ToolPrice | int] | None = None,
    billed_ticks: int | None = None,
) -> CostBreakdown:
    """Price `usage` at `prices`, line by line, exactly (see the module docstring for the rules).

    Raises `ValueError` when a count is negative or a price that a nonzero count needs is missing.
    """
    _check_counts(usage)
    threshold = prices.long_context_threshold
    long_context = bool(threshold and threshold > 0 and usage.prompt_tokens >= threshold)
    factor = 2 if usage.priority else 1
    suffix = (" (long context)" if long_context else "") + (" (priority)" if usage.priority else "")

    def token_price(standard: int | None, long_price: int | None) -> int | None:
        chosen = long_price if long_context and long_price else standard
        return None if chosen is None else chosen * factor

    prompt_price = token_price(
        prices.prompt_text_token_price, prices.prompt_text_token_price_long_context
    )
    cached_price = token_price(
        prices.cached_prompt_text_token_price, prices.cached_prompt_text_token_price_long_context
    )
    cached = usage.cached_prompt_tokens if cached_price is not None else 0
    lines: list[CostLine] = []

    def add(label: str, quantity: int, raw: int | None, field: str, unit: str = "1M tokens",
            source: str = "the catalog") -> None:  # fmt: skip
        if quantity == 0:
            return
        if raw is None:
            raise ValueError(
                f"model {prices.model_id!r} has no {field}, so {quantity} {label} cannot be priced"
            )
        places = TOKEN_PRICE_PLACES if unit == "1M tokens" else UNIT_PRICE_PLACES
        unit_price = usd(raw, places)
        assert unit_price is not None
        ticks = quantity * raw
        cost = usd(ticks, UNIT_PRICE_PLACES)
        assert cost is not None
        lines.append(
            CostLine(label=label, quantity=quantity, unit_price=unit_price, unit=unit, cost=cost,
                     ticks=ticks, source=source)
        )  # fmt: skip

    add("prompt text" + suffix, usage.prompt_tokens - cached, prompt_price,
        "prompt_text_token_price")  # fmt: skip
    add("cached prompt text" + suffix, cached, cached_price, "cached_prompt_text_token_price")
    image_token_price = prices.prompt_image_token_price
    add("prompt image" + (" (priority)" if usage.priority else ""), usage.prompt_image_tokens,
        None if image_token_price is None else image_token_price * factor,
        "prompt_image_token_price")  # fmt: skip
    add("completion text" + suffix, usage.completion_tokens,
        token_price(prices.completion_text_token_price,
                    prices.completion_text_token_price_long_context),
        "completion_text_token_price")  # fmt: skip
    add("searches", usage.searches, prices.search_price, "search_price", "search")
    _bill_tools(usage.tools, tool_prices, add)
    if usage.images:
        add("images", usage.images, *_image_price(prices, usage), "image")
    total_ticks = sum(line.ticks for line in lines)
    total = usd(total_ticks, UNIT_PRICE_PLACES)
    assert total is not None
    tier = "long context" if long_context else "standard"
    return CostBreakdown(
        model_id=prices.model_id,
        long_context=long_context,
        lines=tuple(lines),
        total=total,
        total_ticks=total_ticks,
        tier=f"{tier}, priority" if usage.priority else tier,
        billed_ticks=billed_ticks,
    )


def _bill_tools(
    tools: Mapping[str, int], overrides: Mapping[str, ToolPrice | int] | None, add: Any
) -> None:
    table: dict[str, ToolPrice] = dict(TOOL_PRICES)
    for name, given in (overrides or {}).items():
        table[name] = (
            given
            if isinstance(given, ToolPrice)
            else ToolPrice(ticks=given, source="your tool price table")
        )
    by_fetch = "x_posts_fetched" in tools or "x_users_fetched" in tools
    for name, count in tools.items():
        if name in FREE_TOOL_COUNTS or count == 0:
            continue
        if name == "x_search_calls" and by_fetch:
            continue  # X search bills by what it fetched instead
        found = table.get(name)
        label = name.replace("_", " ")
        add(label, count, None if found is None else found.ticks, f"price for {name}", "call",
            "the catalog" if found is None else found.source)  # fmt: skip


def _image_price(prices: RawPrices, usage: Usage) -> tuple[int | None, str]:
    """The ticks per image for the asked quality and resolution, and the field it comes from."""
    if usage.image_quality is not None or usage.image_resolution is not None:
        for quality, resolution, ticks in prices.image_price_tiers:
            if usage.image_quality in (None, quality) and usage.image_resolution in (
                None,
                resolution,
            ):
                return ticks, f"pricing tier {quality}/{resolution}"
        asked = f"{usage.image_quality}/{usage.image_resolution}"
        raise ValueError(f"model {prices.model_id!r} has no image pricing tier {asked}")
    return prices.image_price, "image_price"


def cost_breakdown(
    prices: RawPrices,
    *,
    prompt_tokens: int,
    completion_tokens: int = 0,
    cached_prompt_tokens: int = 0,
    prompt_image_tokens: int = 0,
    searches: int = 0,
) -> CostBreakdown:
    """Price counts given one by one (see `bill`).

    `prompt_tokens` counts every prompt text token, cached ones included (as xAI's usage reports
    them); completion tokens include reasoning tokens.
    """
    return bill(
        prices,
        Usage(
            prompt_tokens=prompt_tokens,
            cached_prompt_tokens=cached_prompt_tokens,
            completion_tokens=completion_tokens,
            prompt_image_tokens=prompt_image_tokens,
            searches=searches,
        ),
    )


publish(CostBreakdown, CostLine, TokenPricing, ToolPrice, Usage)
