"""The public model types: frozen attrs classes of xai_models' own, independent of generated code.

These classes are the one place the wrapper declares the API's fields. Everything else derives
from `attrs.fields(cls)`: the decoder's and encoder's JSON layout (`codec`), the catalog, diffs
(`diff`), snapshots, and the rows; a price's unit comes from its declaration (`_schema/prices`).
A field's JSON type follows from its annotation (`int | None` is an integer or null,
`tuple[str, ...]` an array of strings, `created` a Unix time); its metadata says what no
annotation can:

- `json`: its name in JSON, where that differs (`image_price_tiers` is the API's `pricing`);
- `price`: the field is a raw price (or a price threshold) declared in `_schema/prices.py`,
  which gives its unit and how rows, diffs, exports and the CLI show it; a price field that is
  not declared there fails at import.

Instances come from `codec`, which builds them straight from the decoded JSON without a second pass
(see its docstring); fields the API leaves out read as the class-level defaults installed below.
Every field the spec does not know is kept, unchanged, in `extra`.

What a zero means, everywhere: a standard price of 0 is free (0 ticks a token, a search or an
image); a `*_long_context` price of 0 means the model sets no separate long-context price, so the
standard price applies (as xAI's reference says); a `long_context_threshold` of 0 means no
long-context tier.
"""

from collections.abc import Iterator, Mapping
from datetime import UTC, datetime
from decimal import Decimal
from functools import cached_property
from typing import TYPE_CHECKING, Any, Final, TypeAlias

import attrs

from .._schema.prices import price_field
from .._schema.public import publish
from .._schema.units import UNIT_PRICE_PLACES, usd

if TYPE_CHECKING:
    from .pricing import RawPrices, TokenPricing

__all__ = [
    "EMPTY_EXTRA",
    "JSON_NAME",
    "LEFT_IN_EXTRA",
    "PRICE",
    "AnyModel",
    "Extra",
    "ImageGenerationModel",
    "ImagePriceTier",
    "LanguageModel",
    "Model",
    "VideoGenerationModel",
    "json_name",
]

JSON_NAME: Final = "xai_models.json"
PRICE: Final = "xai_models.price"

LEFT_IN_EXTRA: Final[Mapping[str, frozenset[str]]] = {}
"""Spec properties, by spec schema, that the wrapper deliberately leaves untyped in `extra`."""


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


def json_name(field: "attrs.Attribute[Any]") -> str:
    """The name a field has in the API's JSON."""
    name: str = field.metadata.get(JSON_NAME, field.name)
    return name


def _extra_field() -> Any:
    return attrs.field(default=EMPTY_EXTRA, hash=False)


def _price() -> Any:
    """A raw price field (its unit and the rest: `_schema/prices.py`)."""
    return attrs.field(default=None, metadata={PRICE: True})


_SHARED_LIMIT: Final = 4096
_MOMENTS: dict[int, datetime] = {}
_STRING_TUPLES: dict[tuple[str, ...], tuple[str, ...]] = {}


def _moment(value: int) -> datetime:
    moment = _MOMENTS.get(value)
    if moment is None:
        moment = datetime.fromtimestamp(value, UTC)
        if len(_MOMENTS) < _SHARED_LIMIT:
            _MOMENTS[value] = moment
    return moment


def _strings(value: list[str]) -> tuple[str, ...]:
    candidate = tuple(value)
    shared = _STRING_TUPLES.get(candidate)
    if shared is None:
        shared = candidate
        if len(_STRING_TUPLES) < _SHARED_LIMIT:
            _STRING_TUPLES[candidate] = candidate
    return shared


class _Decoded:
    """A field the decoder leaves as the API sent it, checked, to convert when first read: a Unix
    time to a UTC datetime, an array of strings to a (shared) tuple, a raw price to Decimal USD.
    The decoder has checked each value, so the conversion cannot fail; the converted value is
    kept. `__init__` sets these fields like any other."""

    def __init__(self, raw: type, convert: Any, default: Any = attrs.NOTHING) -> None:
        self._raw = raw
        self._convert = convert
        self._default = default

    def __set_name__(self, owner: type, name: str) -> None:
        self._name = name

    def __get__(self, instance: object, owner: type | None = None) -> Any:
        if instance is None:
            return self if self._default is attrs.NOTHING else self._default
        fields = instance.__dict__
        value = fields.get(self._name)
        if value.__class__ is self._raw:
            fields[self._name] = value = self._convert(value)
        elif value is None and self._default is not attrs.NOTHING:
            return self._default
        return value

    def __set__(self, instance: object, value: Any) -> None:
        instance.__dict__[self._name] = value


def _install_class_defaults(cls: type) -> None:
    """Make each optional field's default readable on the class.

    attrs removes class attributes when it builds a class; putting the defaults back lets an
    instance whose `__dict__` is the decoded JSON (see `codec`) read an absent field as its
    default.
    """
    for field in attrs.fields(cls):
        if field.default is not attrs.NOTHING:
            setattr(cls, field.name, field.default)


@attrs.frozen(kw_only=True, slots=False)
class ImagePriceTier:
    """The price of one generated image at a quality and resolution (`price_per_image` in USD)."""

    price_per_image: Decimal | None = _price()
    quality: str | None = None
    resolution: str | None = None
    extra: Mapping[str, Any] = _extra_field()


@attrs.frozen(kw_only=True, slots=False)
class _Named:
    """The fields every model of every kind has."""

    id: str
    created: datetime
    object: str
    owned_by: str
    aliases: tuple[str, ...] = ()


@attrs.frozen(kw_only=True, slots=False)
class _Described(_Named):
    """The fields the kind-specific endpoints add."""

    fingerprint: str | None = None
    version: str | None = None
    input_modalities: tuple[str, ...] = ()
    output_modalities: tuple[str, ...] = ()


class _Priced:
    """Prices in dollars and cost estimates, for the types that carry token prices."""

    id: str

    def _raw_prices(self) -> "RawPrices":
        from .pricing import RawPrices  # noqa: PLC0415 - only price readers import the billing

        return RawPrices.of(self)

    @cached_property
    def pricing(self) -> "TokenPricing":
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
        them; cached tokens bill at the cached price. Completion tokens include reasoning tokens.
        From `long_context_threshold` prompt tokens on, the long-context prices apply where they are
        set. Raises `ValueError` when a price needed for the given counts is missing, or a count is
        negative.
        """
        from .pricing import cost_breakdown  # noqa: PLC0415 - as in _raw_prices

        return cost_breakdown(
            self._raw_prices(),
            prompt_tokens=prompt_tokens,
            completion_tokens=completion_tokens,
            cached_prompt_tokens=cached_prompt_tokens,
            prompt_image_tokens=prompt_image_tokens,
            searches=searches,
        ).total


class _ImagePriced:
    image_price: int | None

    @property
    def price_per_image(self) -> Decimal | None:
        """USD per generated image, or `None` when the API gives no image price."""
        return usd(self.image_price, UNIT_PRICE_PLACES)


@attrs.frozen(kw_only=True, slots=False)
class Model(_Named, _Priced, _ImagePriced):
    """A model as `GET /v1/models` describes it; prices are raw integers in 1e-10 USD."""

    context_length: int | None = None
    prompt_text_token_price: int | None = _price()
    cached_prompt_text_token_price: int | None = _price()
    prompt_image_token_price: int | None = _price()
    completion_text_token_price: int | None = _price()
    prompt_text_token_price_long_context: int | None = _price()
    cached_prompt_text_token_price_long_context: int | None = _price()
    completion_text_token_price_long_context: int | None = _price()
    long_context_threshold: int | None = _price()
    image_price: int | None = _price()
    image_price_tiers: tuple[ImagePriceTier, ...] = attrs.field(
        default=(), metadata={JSON_NAME: "pricing"}
    )
    extra: Mapping[str, Any] = _extra_field()


@attrs.frozen(kw_only=True, slots=False)
class LanguageModel(_Described, _Priced):
    """A chat or image-understanding model; prices are raw integers in 1e-10 USD."""

    prompt_text_token_price: int | None = _price()
    cached_prompt_text_token_price: int | None = _price()
    prompt_image_token_price: int | None = _price()
    completion_text_token_price: int | None = _price()
    search_price: int | None = _price()
    prompt_text_token_price_long_context: int | None = _price()
    cached_prompt_text_token_price_long_context: int | None = _price()
    completion_text_token_price_long_context: int | None = _price()
    long_context_threshold: int | None = _price()
    extra: Mapping[str, Any] = _extra_field()


@attrs.frozen(kw_only=True, slots=False)
class ImageGenerationModel(_Described, _ImagePriced):
    """An image generation model; `image_price` is the raw integer in 1e-10 USD per image (the
    default tier: medium quality at the default resolution), `image_price_tiers` every tier."""

    image_price: int | None = _price()
    image_price_tiers: tuple[ImagePriceTier, ...] = attrs.field(
        default=(), metadata={JSON_NAME: "pricing"}
    )
    max_prompt_length: int | None = None
    extra: Mapping[str, Any] = _extra_field()


@attrs.frozen(kw_only=True, slots=False)
class VideoGenerationModel(_Described):
    """A video generation model."""

    extra: Mapping[str, Any] = _extra_field()


def _tier_price(raw: int) -> Decimal | None:
    return usd(raw, UNIT_PRICE_PLACES)


for _cls in (Model, LanguageModel, ImageGenerationModel, VideoGenerationModel):
    _install_class_defaults(_cls)
    for _field in attrs.fields(_cls):
        if _field.type == tuple[str, ...]:
            _descriptor = _Decoded(list, _strings, ())
        elif _field.name == "created":
            _descriptor = _Decoded(int, _moment)
        else:
            continue
        _descriptor.__set_name__(_cls, _field.name)
        setattr(_cls, _field.name, _descriptor)
_install_class_defaults(ImagePriceTier)
_descriptor = _Decoded(int, _tier_price)
_descriptor.__set_name__(ImagePriceTier, "price_per_image")
setattr(ImagePriceTier, "price_per_image", _descriptor)  # noqa: B010 - a descriptor, not a value
for _priced in (Model, LanguageModel, ImageGenerationModel, ImagePriceTier):
    for _field in attrs.fields(_priced):
        if PRICE in _field.metadata:
            price_field(_field.name)  # KeyError for a price field not declared
del _cls, _priced, _field, _descriptor
AnyModel: TypeAlias = Model | LanguageModel | ImageGenerationModel | VideoGenerationModel
"""A model of any kind."""

publish(Model, LanguageModel, ImageGenerationModel, VideoGenerationModel, ImagePriceTier)
