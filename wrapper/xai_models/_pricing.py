"""Prices: the API's raw integers (1e-10 USD) as exact `Decimal` dollars, and cost estimates.

The API sends every price as an integer number of 1e-10 USD: per token for token prices (the docs
call it "USD cents per 100 million tokens"), per search, per image. So USD per 1,000,000 tokens is
raw / 10,000 and USD per search or image is raw / 10,000,000,000. Everything here is integer
arithmetic until the last step, which builds the `Decimal` digit by digit: no float and no rounding.
"""

from decimal import Decimal

import attrs

from ._public import publish

__all__ = ["CostBreakdown", "CostLine", "RawPrices", "TokenPricing", "cost_breakdown", "usd"]

TOKEN_PRICE_PLACES = 4
"""Raw token price / 10**4 = USD per 1,000,000 tokens."""
UNIT_PRICE_PLACES = 10
"""Raw search or image price / 10**10 = USD per search or image."""


def usd(raw: int | None, places: int) -> Decimal | None:
    """raw / 10**places as an exact Decimal without trailing zeros (30000, 4 -> Decimal("3"))."""
    if raw is None:
        return None
    if raw == 0:
        return Decimal(0)
    digits = str(abs(raw))
    significant = digits.rstrip("0")
    exponent = len(digits) - len(significant) - places
    if exponent > 0:
        significant += "0" * exponent
        exponent = 0
    return Decimal((int(raw < 0), tuple(int(d) for d in significant), exponent))


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
    """The raw integer prices of one model, as the API sends them."""

    model_id: str
    prompt_text: int | None = None
    cached_prompt_text: int | None = None
    prompt_image: int | None = None
    completion_text: int | None = None
    prompt_text_long_context: int | None = None
    cached_prompt_text_long_context: int | None = None
    completion_text_long_context: int | None = None
    long_context_threshold: int | None = None
    search: int | None = None

    def to_token_pricing(self) -> TokenPricing:
        return TokenPricing(
            prompt_text=usd(self.prompt_text, TOKEN_PRICE_PLACES),
            cached_prompt_text=usd(self.cached_prompt_text, TOKEN_PRICE_PLACES),
            prompt_image=usd(self.prompt_image, TOKEN_PRICE_PLACES),
            completion_text=usd(self.completion_text, TOKEN_PRICE_PLACES),
            prompt_text_long_context=usd(self.prompt_text_long_context, TOKEN_PRICE_PLACES),
            cached_prompt_text_long_context=usd(
                self.cached_prompt_text_long_context, TOKEN_PRICE_PLACES
            ),
            completion_text_long_context=usd(self.completion_text_long_context, TOKEN_PRICE_PLACES),
            long_context_threshold=self.long_context_threshold,
            search=usd(self.search, UNIT_PRICE_PLACES),
        )


@attrs.frozen(kw_only=True)
class CostLine:
    """One billed quantity: `quantity` units at `unit_price` USD per `unit`, costing `cost` USD."""

    label: str
    quantity: int
    unit_price: Decimal
    unit: str
    cost: Decimal


@attrs.frozen(kw_only=True)
class CostBreakdown:
    """What an estimate is made of; `total` is the sum of the lines' costs, exactly."""

    model_id: str
    long_context: bool
    lines: tuple[CostLine, ...]
    total: Decimal


def cost_breakdown(
    prices: RawPrices,
    *,
    prompt_tokens: int,
    completion_tokens: int = 0,
    cached_prompt_tokens: int = 0,
    prompt_image_tokens: int = 0,
    searches: int = 0,
) -> CostBreakdown:
    """Estimate a request's cost from a model's raw prices.

    `prompt_tokens` counts every prompt text token, cached ones included (as xAI's usage reports
    them): cached tokens are billed at the cached price and the rest at the prompt price, never
    both. A cached price of 0 or none means no cache discount. Completion tokens include reasoning
    tokens. Once `prompt_tokens` reaches a positive `long_context_threshold`, each long-context
    price applies, falling back to the standard price where it is 0 or absent. A missing price for a
    kind of token that is asked for raises `ValueError`.
    """
    counts = {
        "prompt_tokens": prompt_tokens,
        "completion_tokens": completion_tokens,
        "cached_prompt_tokens": cached_prompt_tokens,
        "prompt_image_tokens": prompt_image_tokens,
        "searches": searches,
    }
    for name, value in counts.items():
        if isinstance(value, bool) or not isinstance(value, int):
            raise TypeError(f"{name} must be an int, not {type(value).__name__}")
        if value < 0:
            raise ValueError(f"{name} must be >= 0, got {value}")
    if cached_prompt_tokens > prompt_tokens:
        raise ValueError(
            f"cached_prompt_tokens ({cached_prompt_tokens}) cannot exceed prompt_tokens "
            f"({prompt_tokens}): prompt_tokens counts the cached ones too"
        )

    threshold = prices.long_context_threshold
    long_context = bool(threshold and threshold > 0 and prompt_tokens >= threshold)

    def price(standard: int | None, long_price: int | None) -> int | None:
        return long_price if long_context and long_price else standard

    suffix = " (long context)" if long_context else ""
    prompt_price = price(prices.prompt_text, prices.prompt_text_long_context)
    cached_price = price(prices.cached_prompt_text, prices.cached_prompt_text_long_context)
    if not cached_price:
        cached_price = None  # no cache discount: cached tokens bill at the prompt price
    at_prompt_price = prompt_tokens - (cached_prompt_tokens if cached_price else 0)
    wanted = [
        ("prompt text" + suffix, at_prompt_price, prompt_price, "prompt_text_token_price"),
        ("cached prompt text" + suffix, cached_prompt_tokens if cached_price else 0, cached_price,
         "cached_prompt_text_token_price"),
        ("prompt image", prompt_image_tokens, prices.prompt_image, "prompt_image_token_price"),
        ("completion text" + suffix, completion_tokens,
         price(prices.completion_text, prices.completion_text_long_context),
         "completion_text_token_price"),
    ]  # fmt: skip
    lines: list[CostLine] = []
    total = 0
    for label, quantity, raw_price, field in wanted:
        if quantity == 0:
            continue
        if raw_price is None:
            raise ValueError(
                f"model {prices.model_id!r} has no {field}, "
                f"so {quantity} {label} tokens cannot be priced"
            )
        total += quantity * raw_price
        lines.append(_line(label, quantity, raw_price, "1M tokens", TOKEN_PRICE_PLACES))
    if searches:
        if prices.search is None:
            raise ValueError(
                f"model {prices.model_id!r} has no search_price, "
                f"so {searches} searches cannot be priced"
            )
        total += searches * prices.search
        lines.append(_line("searches", searches, prices.search, "search", UNIT_PRICE_PLACES))
    cost = usd(total, UNIT_PRICE_PLACES)
    assert cost is not None
    return CostBreakdown(
        model_id=prices.model_id, long_context=long_context, lines=tuple(lines), total=cost
    )


def _line(label: str, quantity: int, raw_price: int, unit: str, places: int) -> CostLine:
    unit_price = usd(raw_price, places)
    cost = usd(quantity * raw_price, UNIT_PRICE_PLACES)
    assert unit_price is not None
    assert cost is not None
    return CostLine(label=label, quantity=quantity, unit_price=unit_price, unit=unit, cost=cost)


publish(TokenPricing)
