"""The public model types: frozen attrs classes of xai_models' own, independent of generated code.

Instances come from `_codec`, which builds them straight from the decoded JSON without a second pass
(see its docstring); fields the API leaves out read as the class-level defaults installed below.
Every field the spec does not know is kept, unchanged, in `extra`.
"""

from collections.abc import Iterator, Mapping
from datetime import datetime
from decimal import Decimal
from functools import cached_property
from typing import Any

import attrs

from ._pricing import UNIT_PRICE_PLACES, RawPrices, TokenPricing, cost_breakdown, usd
from ._public import publish

__all__ = [
    "EMPTY_EXTRA",
    "Extra",
    "ImageGenerationModel",
    "ImagePriceTier",
    "LanguageModel",
    "Model",
    "VideoGenerationModel",
]


class Extra(Mapping[str, Any]):
    """The fields of an object that the spec does not know, read-only (and, unlike
    `types.MappingProxyType`, picklable and deep-copyable)."""

    __slots__ = ("_fields",)

    def __init__(self, fields: Mapping[str, Any] | None = None) -> None:
        self._fields = dict(fields or {})

    def __getitem__(self, key: str) -> Any:
        return self._fields[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._fields)

    def __len__(self) -> int:
        return len(self._fields)

    def __repr__(self) -> str:
        return repr(self._fields)

    def __reduce__(self) -> "tuple[type[Extra], tuple[dict[str, Any]]]":
        return (Extra, (self._fields,))


EMPTY_EXTRA: Mapping[str, Any] = Extra()
"""The `extra` of an object whose every field the spec knows."""


def _extra_field() -> Any:
    return attrs.field(default=EMPTY_EXTRA, hash=False)


def _install_class_defaults(cls: type) -> None:
    """Make each optional field's default readable on the class.

    attrs removes class attributes when it builds a class; putting the defaults back lets an
    instance whose `__dict__` is the decoded JSON (see `_codec`) read an absent field as its
    default.
    """
    for field in attrs.fields(cls):
        if field.default is not attrs.NOTHING:
            setattr(cls, field.name, field.default)


@attrs.frozen(kw_only=True)
class ImagePriceTier:
    """The price of one generated image at a quality and resolution (`price_per_image` in USD)."""

    price_per_image: Decimal | None = None
    quality: str | None = None
    resolution: str | None = None
    extra: Mapping[str, Any] = _extra_field()


class _Priced:
    """Prices in dollars and cost estimates, for the types that carry token prices."""

    id: str
    prompt_text_token_price: int | None
    cached_prompt_text_token_price: int | None
    prompt_image_token_price: int | None
    completion_text_token_price: int | None
    prompt_text_token_price_long_context: int | None
    cached_prompt_text_token_price_long_context: int | None
    completion_text_token_price_long_context: int | None
    long_context_threshold: int | None

    def _search_price(self) -> int | None:
        return None

    def _raw_prices(self) -> RawPrices:
        return RawPrices(
            model_id=self.id,
            prompt_text=self.prompt_text_token_price,
            cached_prompt_text=self.cached_prompt_text_token_price,
            prompt_image=self.prompt_image_token_price,
            completion_text=self.completion_text_token_price,
            prompt_text_long_context=self.prompt_text_token_price_long_context,
            cached_prompt_text_long_context=self.cached_prompt_text_token_price_long_context,
            completion_text_long_context=self.completion_text_token_price_long_context,
            long_context_threshold=self.long_context_threshold,
            search=self._search_price(),
        )

    @cached_property
    def pricing(self) -> TokenPricing:
        """Prices in exact `Decimal` USD per 1,000,000 tokens (`search`: per search)."""
        return self._raw_prices().to_token_pricing()

    def estimate_cost(
        self,
        *,
        prompt_tokens: int,
        completion_tokens: int = 0,
        cached_prompt_tokens: int = 0,
        prompt_image_tokens: int = 0,
        searches: int = 0,
    ) -> Decimal:
        """Estimate a request's cost in USD, exactly.

        `prompt_tokens` counts every prompt text token, cached ones included, as xAI's usage reports
        them; cached tokens bill at the cached price (no discount when that price is 0 or absent).
        Completion tokens include reasoning tokens. From `long_context_threshold` prompt tokens on,
        the long-context prices apply where they are set. Raises `ValueError` when a price needed
        for the given counts is missing, or a count is negative.
        """
        return cost_breakdown(
            self._raw_prices(),
            prompt_tokens=prompt_tokens,
            completion_tokens=completion_tokens,
            cached_prompt_tokens=cached_prompt_tokens,
            prompt_image_tokens=prompt_image_tokens,
            searches=searches,
        ).total


@attrs.frozen(kw_only=True, slots=False)
class Model(_Priced):
    """A model as `GET /v1/models` describes it; prices are raw integers in 1e-10 USD."""

    id: str
    created: datetime
    object: str
    owned_by: str
    aliases: tuple[str, ...] = ()
    context_length: int | None = None
    prompt_text_token_price: int | None = None
    cached_prompt_text_token_price: int | None = None
    prompt_image_token_price: int | None = None
    completion_text_token_price: int | None = None
    prompt_text_token_price_long_context: int | None = None
    cached_prompt_text_token_price_long_context: int | None = None
    completion_text_token_price_long_context: int | None = None
    long_context_threshold: int | None = None
    image_price: int | None = None
    image_price_tiers: tuple[ImagePriceTier, ...] = ()
    extra: Mapping[str, Any] = _extra_field()

    @property
    def price_per_image(self) -> Decimal | None:
        """USD per generated image, or `None` when the API gives no image price."""
        return usd(self.image_price, UNIT_PRICE_PLACES)


@attrs.frozen(kw_only=True, slots=False)
class LanguageModel(_Priced):
    """A chat or image-understanding model; prices are raw integers in 1e-10 USD."""

    id: str
    created: datetime
    object: str
    owned_by: str
    aliases: tuple[str, ...] = ()
    fingerprint: str | None = None
    version: str | None = None
    input_modalities: tuple[str, ...] = ()
    output_modalities: tuple[str, ...] = ()
    prompt_text_token_price: int | None = None
    cached_prompt_text_token_price: int | None = None
    prompt_image_token_price: int | None = None
    completion_text_token_price: int | None = None
    search_price: int | None = None
    prompt_text_token_price_long_context: int | None = None
    cached_prompt_text_token_price_long_context: int | None = None
    completion_text_token_price_long_context: int | None = None
    long_context_threshold: int | None = None
    extra: Mapping[str, Any] = _extra_field()

    def _search_price(self) -> int | None:
        return self.search_price


@attrs.frozen(kw_only=True, slots=False)
class ImageGenerationModel:
    """An image generation model; `image_price` is the raw integer in 1e-10 USD per image."""

    id: str
    created: datetime
    object: str
    owned_by: str
    aliases: tuple[str, ...] = ()
    fingerprint: str | None = None
    version: str | None = None
    input_modalities: tuple[str, ...] = ()
    output_modalities: tuple[str, ...] = ()
    image_price: int | None = None
    max_prompt_length: int | None = None
    extra: Mapping[str, Any] = _extra_field()

    @property
    def price_per_image(self) -> Decimal | None:
        """USD per generated image, or `None` when the API gives no image price."""
        return usd(self.image_price, UNIT_PRICE_PLACES)


@attrs.frozen(kw_only=True, slots=False)
class VideoGenerationModel:
    """A video generation model."""

    id: str
    created: datetime
    object: str
    owned_by: str
    aliases: tuple[str, ...] = ()
    fingerprint: str | None = None
    version: str | None = None
    input_modalities: tuple[str, ...] = ()
    output_modalities: tuple[str, ...] = ()
    extra: Mapping[str, Any] = _extra_field()


for _cls in (Model, LanguageModel, ImageGenerationModel, VideoGenerationModel):
    _install_class_defaults(_cls)
del _cls
publish(Model, LanguageModel, ImageGenerationModel, VideoGenerationModel, ImagePriceTier)
