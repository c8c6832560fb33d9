"""Decode API bodies into the public types in one pass, checking every type; encode them back.

Speed matters here (a list of 10,000 models should cost little more than `json.loads`), so decoding
adopts the dict `json.loads` made as the new object's `__dict__` instead of copying it field by
field:

- types are checked in bulk: the tuple of the value types of an object's known fields is its
  *signature*; a signature seen valid before is accepted with one set lookup, a new one is checked
  field by field (with a precise error) and remembered;
- absent optional fields are simply not there, and read as the class-level defaults (`_types`);
- `created` becomes a UTC `datetime`, lists of strings become (shared) tuples, and unknown fields
  move into `extra`, so the instance holds exactly its attrs fields.

Decoding takes ownership of the dicts it is given and changes them: pass only freshly decoded JSON.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Iterable, Mapping
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any, Final, TypeVar

import attrs

from ._pricing import TOKEN_PRICE_PLACES, UNIT_PRICE_PLACES, usd
from ._types import (
    EMPTY_EXTRA,
    PER_UNIT,
    PRICE,
    Extra,
    ImageGenerationModel,
    ImagePriceTier,
    LanguageModel,
    Model,
    VideoGenerationModel,
    json_name,
)

__all__ = [
    "IMAGE_GENERATION_MODEL",
    "LANGUAGE_MODEL",
    "MODEL",
    "VIDEO_GENERATION_MODEL",
    "InvalidBody",
    "Shape",
    "decode_list",
    "encode",
    "json_fields",
]

T = TypeVar("T")

_NONE = type(None)
_CACHE_LIMIT: Final = 4096
_JSON_TYPE_NAMES: Final = {
    str: "a string",
    int: "an integer",
    float: "a number",
    bool: "a boolean",
    list: "an array",
    dict: "an object",
    _NONE: "null",
}


class InvalidBody(Exception):
    """A body that does not match the spec; the message says where and how."""


_REQUIRED_STR: frozenset[type] = frozenset({str})
_REQUIRED_INT: frozenset[type] = frozenset({int})
_OPTIONAL_STR: frozenset[type] = frozenset({str, _NONE})
_OPTIONAL_INT: frozenset[type] = frozenset({int, _NONE})
_OPTIONAL_LIST: frozenset[type] = frozenset({list, _NONE})
_EXPECTED_TEXT = {
    _REQUIRED_STR: "a string",
    _REQUIRED_INT: "an integer",
    _OPTIONAL_STR: "a string or null",
    _OPTIONAL_INT: "an integer or null",
    _OPTIONAL_LIST: "an array or null",
}
_JSON_TYPES_OF: dict[Any, frozenset[type]] = {
    str: _REQUIRED_STR,
    datetime: _REQUIRED_INT,  # a Unix time
    str | None: _OPTIONAL_STR,
    int | None: _OPTIONAL_INT,
    Decimal | None: _OPTIONAL_INT,  # a raw price, converted to USD
    tuple[str, ...]: _OPTIONAL_LIST,
    tuple[ImagePriceTier, ...]: _OPTIONAL_LIST,
}


def json_fields(cls: type) -> dict[str, frozenset[type]]:
    """The JSON layout of a public type, derived from its attrs fields: each JSON name and the
    JSON types its value may have (`extra` is not a JSON field)."""
    layout: dict[str, frozenset[type]] = {}
    for field in attrs.fields(cls):
        if field.name == "extra":
            continue
        allowed = _JSON_TYPES_OF.get(field.type)
        if allowed is None:
            raise TypeError(f"{cls.__name__}.{field.name}: no JSON layout for {field.type!r}")
        layout[json_name(field)] = allowed
    return layout


class Shape:
    """How one public type is laid out in JSON: its fields and the types each may have, derived
    from the type's attrs fields."""

    def __init__(self, cls: type, noun: str) -> None:
        self.cls = cls
        self.noun = noun
        self.fields = json_fields(cls)
        self.keys = tuple(self.fields)
        self.known = frozenset(self.fields)
        typed = {json_name(field): field for field in attrs.fields(cls)}
        self.string_lists = tuple(k for k in self.keys if typed[k].type == tuple[str, ...])
        self.tiers = next(
            ((k, typed[k].name) for k in self.keys if typed[k].type == tuple[ImagePriceTier, ...]),
            None,
        )
        self.valid_signatures: set[tuple[type, ...]] = set()
        self.decode_items = _make_decoder(self)

    def decode(self, raw: object) -> Any:
        """One object (as a get answers it); takes ownership of `raw`."""
        return self.decode_items([raw], "")[0]

    def check(self, raw: Mapping[str, Any], where: str) -> None:
        """Raise InvalidBody for the first field of a wrong type (the slow, precise path)."""
        for key, allowed in self.fields.items():
            value = raw.get(key)
            if type(value) not in allowed:
                got = "missing" if key not in raw else _JSON_TYPE_NAMES.get(type(value), "invalid")
                raise InvalidBody(f"{where}: {key!r} must be {_EXPECTED_TEXT[allowed]}, got {got}")


def _make_decoder(shape: Shape) -> Callable[[list[Any], str], list[Any]]:
    """Build `shape`'s decoder of a list of objects, everything it touches per object bound as a
    local: this loop is the hot path of every list call."""
    keys, known, cls, key_count = shape.keys, shape.known, shape.cls, len(shape.keys)
    all_values = operator.itemgetter(*keys)
    created_at = keys.index("created")
    string_lists = tuple((key, keys.index(key)) for key in shape.string_lists)
    valid_signatures, tiers = shape.valid_signatures, shape.tiers
    datetimes, string_tuples = _datetimes, _string_tuples
    new, setattr_, dict_, list_, tuple_, type_, map_, len_ = (
        _new,
        object.__setattr__,
        dict,
        list,
        tuple,
        type,
        map,
        len,
    )

    def decode_items(items: list[Any], label: str) -> list[Any]:
        decoded: list[Any] = []
        append = decoded.append
        for raw in items:
            if raw.__class__ is not dict_:
                where = _where(label, len_(decoded)) or shape.noun
                raise InvalidBody(f"{where} must be an object, got {_json_type(raw)}")
            values: tuple[Any, ...] | None = None
            if len_(raw) >= key_count:  # every known field may be there: fetch them in one call
                try:  # noqa: SIM105 - contextlib.suppress costs more in this loop
                    values = all_values(raw)
                except KeyError:
                    pass
            complete = values is not None
            if values is None:
                values = tuple_(map_(raw.get, keys))
            signature = tuple_(map_(type_, values))
            if signature not in valid_signatures:
                shape.check(raw, _describe(shape, raw, _where(label, len_(decoded))))
                if len_(valid_signatures) < _CACHE_LIMIT:
                    valid_signatures.add(signature)
            if (len_(raw) != key_count) if complete else not known.issuperset(raw):
                unknown = raw.keys() - known
                raw["extra"] = Extra({key: raw.pop(key) for key in sorted(unknown)})
            created = values[created_at]
            moment = datetimes.get(created)
            if moment is None:
                moment = _utc(created, shape, raw, _where(label, len_(decoded)))
            raw["created"] = moment
            for key, at in string_lists:
                value = values[at]
                if value.__class__ is list_:
                    candidate = tuple_(value)
                    try:
                        shared = string_tuples.get(candidate)
                    except TypeError:  # holds an unhashable value: an array or an object
                        shared = None
                    if shared is None:
                        where = _where(label, len_(decoded))
                        shared = _string_tuple(candidate, key, shape, raw, where)
                    raw[key] = shared
                elif value is None and key in raw:
                    del raw[key]  # null reads as the default, ()
            if tiers is not None and tiers[0] in raw:
                _convert_tiers(shape, raw, _where(label, len_(decoded)))
            instance: Any = new(cls)
            setattr_(instance, "__dict__", raw)
            append(instance)
        return decoded

    return decode_items


def _where(label: str, index: int) -> str:
    return f"{label}[{index}]" if label else ""


def decode_list(shape: Shape, body: object, key: str) -> list[Any]:
    """Decode a list response `{key: [...]}` (takes ownership of `body`)."""
    if type(body) is not dict:
        raise InvalidBody(f"the response must be a JSON object, got {_json_type(body)}")
    items = body.get(key)
    if type(items) is not list:
        got = "missing" if key not in body else _json_type(items)
        raise InvalidBody(f"the response's {key!r} must be an array, got {got}")
    return shape.decode_items(items, key)


def encode(instance: object) -> dict[str, Any]:
    """The API-shaped JSON object of a model; its shape's `decode` reads it back as an equal one."""
    shape = _SHAPES_BY_CLASS[type(instance)]
    out: dict[str, Any] = {}
    for field in attrs.fields(shape.cls):
        if field.name == "extra":
            continue
        value = getattr(instance, field.name)
        if value is None or value == ():
            continue  # absent, null and [] decode alike
        key = json_name(field)
        if key == "created":
            value = (value - _EPOCH) // _SECOND
        elif shape.tiers is not None and key == shape.tiers[0]:
            value = [_encode_tier(tier) for tier in value]
        elif key in shape.string_lists:
            value = list(value)
        out[key] = value
    out.update(instance.extra)  # type: ignore[attr-defined]
    return out


_new = object.__new__
_EPOCH: Final = datetime(1970, 1, 1, tzinfo=UTC)
_SECOND: Final = timedelta(seconds=1)

_datetimes: dict[int, datetime] = {}
_string_tuples: dict[tuple[str, ...], tuple[str, ...]] = {}


def _utc(timestamp: int, shape: Shape, raw: Mapping[str, Any], where: str) -> datetime:
    try:
        moment = datetime.fromtimestamp(timestamp, UTC)
    except (OverflowError, OSError, ValueError):
        where = _describe(shape, raw, where)
        raise InvalidBody(f"{where}: 'created' is not a valid Unix time: {timestamp}") from None
    if len(_datetimes) < _CACHE_LIMIT:
        _datetimes[timestamp] = moment
    return moment


def _string_tuple(
    candidate: tuple[Any, ...], key: str, shape: Shape, raw: Mapping[str, Any], where: str
) -> tuple[str, ...]:
    """Check that a list held only strings, and remember it to share with equal lists later."""
    for value in candidate:
        if value.__class__ is not str:
            where = _describe(shape, raw, where)
            raise InvalidBody(f"{where}: {key!r} must hold strings, got {_json_type(value)}")
    if len(_string_tuples) < _CACHE_LIMIT:
        _string_tuples[candidate] = candidate
    return candidate


def _describe(shape: Shape, raw: Mapping[str, Any], where: str) -> str:
    model_id = raw.get("id")
    name = f"{shape.noun} {model_id!r}" if isinstance(model_id, str) else shape.noun
    return f"{where} ({name})" if where else name


def _json_type(value: object) -> str:
    return _JSON_TYPE_NAMES.get(type(value), type(value).__name__)


_TIER_FIELDS = json_fields(ImagePriceTier)
_TIER_PLACES = {
    field.name: UNIT_PRICE_PLACES if field.metadata[PRICE] == PER_UNIT else TOKEN_PRICE_PLACES
    for field in attrs.fields(ImagePriceTier)
    if PRICE in field.metadata
}


def _convert_tiers(shape: Shape, raw: dict[str, Any], where: str) -> None:
    """Turn the API's array of price tiers (`pricing`) into the typed field."""
    assert shape.tiers is not None
    key, name = shape.tiers
    tiers = raw.pop(key)
    if tiers:
        raw[name] = tuple(_decode_tiers(shape, tiers, raw, where))


def _decode_tiers(
    shape: Shape, tiers: Iterable[Any], raw: Mapping[str, Any], where: str
) -> Iterable[ImagePriceTier]:
    for index, tier in enumerate(tiers):
        place = f"{_describe(shape, raw, where)}: {shape.tiers and shape.tiers[0]}[{index}]"
        if type(tier) is not dict:
            raise InvalidBody(f"{place} must be an object, got {_json_type(tier)}")
        for key, allowed in _TIER_FIELDS.items():
            if type(tier.get(key)) not in allowed:
                got = _json_type(tier.get(key))
                raise InvalidBody(f"{place}: {key!r} must be {_EXPECTED_TEXT[allowed]}, got {got}")
        values = {key: tier.get(key) for key in _TIER_FIELDS}
        for key, places in _TIER_PLACES.items():
            values[key] = usd(values[key], places)
        unknown = {key: value for key, value in tier.items() if key not in _TIER_FIELDS}
        yield ImagePriceTier(**values, extra=Extra(unknown) if unknown else EMPTY_EXTRA)


def _encode_tier(tier: ImagePriceTier) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key in _TIER_FIELDS:
        value = getattr(tier, key)
        if value is None:
            continue
        out[key] = int(value.scaleb(_TIER_PLACES[key])) if key in _TIER_PLACES else value
    out.update(tier.extra)
    return out


MODEL = Shape(Model, "model")
LANGUAGE_MODEL = Shape(LanguageModel, "language model")
IMAGE_GENERATION_MODEL = Shape(ImageGenerationModel, "image generation model")
VIDEO_GENERATION_MODEL = Shape(VideoGenerationModel, "video generation model")
_SHAPES_BY_CLASS: dict[type, Shape] = {
    shape.cls: shape
    for shape in (MODEL, LANGUAGE_MODEL, IMAGE_GENERATION_MODEL, VIDEO_GENERATION_MODEL)
}
