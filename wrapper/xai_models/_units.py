"""The unit of every price the API sends: an integer of 1e-10 USD ("ticks"), as exact dollars.

Apart from `_pricing` so that decoding, which needs only this, does not import the billing types.
"""

from decimal import Decimal

__all__ = ["TOKEN_PRICE_PLACES", "UNIT_PRICE_PLACES", "usd"]

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
