"""The unit of every price the API sends: an integer of 1e-10 USD ("ticks"), as exact dollars.

Apart from `_model/pricing` so that decoding, which needs only this, does not import billing.
"""

from decimal import MAX_EMAX, MAX_PREC, MIN_EMIN, Context, Decimal
from functools import lru_cache

__all__ = ["TOKEN_PRICE_PLACES", "UNIT_PRICE_PLACES", "money", "percent", "usd"]

TOKEN_PRICE_PLACES = 4
"""Raw token price / 10**4 = USD per 1,000,000 tokens."""
UNIT_PRICE_PLACES = 10
"""Raw search or image price / 10**10 = USD per search or image."""


_EXACT = Context(prec=MAX_PREC, Emax=MAX_EMAX, Emin=MIN_EMIN)
"""Arithmetic that never rounds: scaling and trimming an integer's zeros stay exact."""
_ONE = Decimal(1)


@lru_cache(maxsize=4096)
def usd(raw: int | None, places: int) -> Decimal | None:
    """raw / 10**places as an exact Decimal without trailing zeros (30000, 4 -> Decimal("3"))."""
    if raw is None:
        return None
    value = Decimal(raw).scaleb(-places, _EXACT).normalize(_EXACT)
    if value.as_tuple().exponent > 0:  # type: ignore[operator]
        value = value.quantize(_ONE, context=_EXACT)
    return value


def money(value: Decimal | None) -> str:
    """USD with at least two decimals and every significant digit: $2.00, $0.20, $0.075."""
    if value is None:
        return "-"
    text = f"{abs(value).normalize():f}"
    whole, _, fraction = text.partition(".")
    return f"{'-' if value < 0 else ''}${whole}.{fraction.ljust(2, '0')}"


def percent(relative: Decimal) -> str:
    """A relative change as a signed percentage with at most one decimal: +25%, -12.5%."""
    value = (relative * 100).quantize(Decimal("0.1"))
    text = f"{value:+f}".removesuffix(".0")
    return f"{text}%"
