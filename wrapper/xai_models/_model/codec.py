"""Decode API bodies into the public types in one pass, checking every type; encode them back.

Speed matters here (a list of 10,000 models should cost little more than `json.loads`), so decoding
adopts the dict `json.loads` made as the new object's `__dict__` instead of copying it field by
field:

- types are checked in bulk: the tuple of the value types of an object's known fields is its
  *signature*; a signature seen valid before is accepted with one set lookup, a new one is checked
  field by field (with a precise error) and remembered;
- absent optional fields are simply not there, and read as the class-level defaults (`types`);
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

from .._schema.prices import price_field
from .types import (
    EMPTY_EXTRA,
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
    "SHAPES",
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


_PLAN_LIMIT: Final = 256
MIN_CREATED: Final = -62135596800  # 0001-01-01T00:00:00Z
MAX_CREATED: Final = 253402300799  # 9999-12-31T23:59:59Z


def _plan(shape: Shape, layout: tuple[str, ...]) -> tuple[Any, ...]:
    """How to decode an object whose keys are `layout`, in that order: a getter of its known
    fields' values, where `created` and the string lists sit among them, its unknown keys, and
    the set of value-type signatures seen valid for it."""
    present = tuple(key for key in shape.keys if key in layout)
    getter: Any
    if len(present) == 1:
        only = present[0]

        def getter(raw: dict[str, Any]) -> tuple[Any, ...]:
            return (raw[only],)
    elif present:
        getter = operator.itemgetter(*present)
    else:

        def getter(raw: dict[str, Any]) -> tuple[Any, ...]:
            return ()

    created_at = present.index("created") if "created" in present else None
    lists = tuple((key, present.index(key)) for key in shape.string_lists if key in present)
    unknown = tuple(sorted(set(layout) - shape.known))
    tiers = shape.tiers is not None and shape.tiers[0] in layout
    return getter, created_at, lists, unknown, tiers, set(), present


def _make_decoder(shape: Shape) -> Callable[[list[Any], str], list[Any]]:
    """Build `shape`'s decoder of a list of objects, everything it touches per object bound as a
    local: this loop is the hot path of every list call.

    Objects of one key layout (the same keys in the same order: every item of a real list of
    one kind) share a plan, so an item is checked against the fields it carries only; a new
    signature of value types is checked field by field, with a precise error, and remembered.
    `created` is checked here and becomes a datetime when first read (see `types`).
    """
    cls = shape.cls
    plans: dict[tuple[str, ...], tuple[Any, ...]] = {}
    by_length: dict[int, list[tuple[Any, ...]]] = {}
    join = "".join
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

    def locate(raw: dict[str, Any]) -> tuple[tuple[Any, ...], Any]:
        """The plan of `raw`, and its known values."""
        for candidate in by_length.get(len_(raw), ()):
            try:  # a plan of only known keys fits any object of its length that has them
                return candidate, candidate[0](raw)
            except KeyError:
                continue
        layout = tuple_(raw)
        plan = plans.get(layout)
        if plan is None:
            plan = _plan(shape, layout)
            if len_(plans) < _PLAN_LIMIT:
                plans[layout] = plan
                if not plan[3]:  # no unknown keys: findable by length
                    by_length.setdefault(len_(raw), []).append(plan)
        return plan, plan[0](raw)

    def decode_items(items: list[Any], label: str) -> list[Any]:
        decoded: list[Any] = []
        append = decoded.append
        # By length, for this body: a plan of only known keys, and a getter of its values by the
        # key strings of this body, which the JSON parser gives every object of the body: their
        # lookups succeed on identity, without comparing text.
        own: dict[int, tuple[Any, tuple[Any, ...]]] = {}
        for raw in items:
            if raw.__class__ is not dict_:
                where = _where(label, len_(decoded)) or shape.noun
                raise InvalidBody(f"{where} must be an object, got {_json_type(raw)}")
            entry = own.get(len_(raw))
            if entry is None:
                plan, values = locate(raw)
                if not plan[3]:
                    own[len_(raw)] = (_own_getter(plan[6], raw) or plan[0], plan)
            else:
                try:
                    values = entry[0](raw)
                    plan = entry[1]
                except KeyError:
                    plan, values = locate(raw)
            _, created_at, lists, unknown, tiers, valid, _ = plan
            signature = tuple_(map_(type_, values))
            if signature not in valid:
                shape.check(raw, _describe(shape, raw, _where(label, len_(decoded))))
                if len_(valid) < _CACHE_LIMIT:
                    valid.add(signature)
            created = values[created_at]
            if not MIN_CREATED <= created <= MAX_CREATED:
                where = _describe(shape, raw, _where(label, len_(decoded)))
                raise InvalidBody(f"{where}: 'created' is not a valid Unix time: {created}")
            if unknown:
                raw["extra"] = Extra({key: raw.pop(key) for key in unknown})
            for key, at in lists:
                value = values[at]
                if value.__class__ is list_:
                    try:
                        join(value)  # TypeError unless every item is a string
                    except TypeError:
                        where = _where(label, len_(decoded))
                        _string_tuple(tuple_(value), key, shape, raw, where)
            if tiers:
                _convert_tiers(shape, raw, _where(label, len_(decoded)))
            instance: Any = new(cls)
            setattr_(instance, "__dict__", raw)
            append(instance)
        return decoded

    return decode_items


def _own_getter(present: tuple[str, ...], raw: dict[str, Any]) -> Any:
    """An itemgetter of `present` by `raw`'s own key strings, or `None` for fewer than two."""
    if len(present) < 2:  # itemgetter returns a tuple from two keys on
        return None
    own = {key: key for key in raw}
    return operator.itemgetter(*(own[key] for key in present))


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


def _string_tuple(
    candidate: tuple[Any, ...], key: str, shape: Shape, raw: Mapping[str, Any], where: str
) -> None:
    """Raise InvalidBody for the first item of a list that is not a string."""
    for value in candidate:
        if value.__class__ is not str:
            where = _describe(shape, raw, where)
            raise InvalidBody(f"{where}: {key!r} must hold strings, got {_json_type(value)}")


def _describe(shape: Shape, raw: Mapping[str, Any], where: str) -> str:
    model_id = raw.get("id")
    name = f"{shape.noun} {model_id!r}" if isinstance(model_id, str) else shape.noun
    return f"{where} ({name})" if where else name


def _json_type(value: object) -> str:
    return _JSON_TYPE_NAMES.get(type(value), type(value).__name__)


_TIER_FIELDS = json_fields(ImagePriceTier)
_TIER_PLACES = {
    field.name: price_field(field.name).places
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


_SHARED_TIERS: dict[tuple[Any, ...], Any] = {}
_TIER_KEYS = frozenset(_TIER_FIELDS)


_tier_values = operator.itemgetter(*_TIER_FIELDS)
"""A tier's three known values, in order: with their types, what makes two tiers the same (a
fourth field fails at import, in `_tier_key`'s unpacking, until the key takes it)."""


def _tier_key(tier: Mapping[str, Any]) -> tuple[Any, ...]:
    """Each known value of a tier that has every known field, and its type (1 != 1.0 here)."""
    first, second, third = _tier_values(tier)
    return (first, type(first), second, type(second), third, type(third))


_tier_key(dict.fromkeys(_TIER_FIELDS))


def _decode_tiers(
    shape: Shape, tiers: Iterable[Any], raw: Mapping[str, Any], where: str
) -> Iterable[ImagePriceTier]:
    """Each tier, checked; a tier of only the known fields is shared with equal ones (real
    catalogs repeat the same few tiers on every image model)."""
    for index, tier in enumerate(tiers):
        if type(tier) is dict and tier.keys() == _TIER_KEYS:
            first, second, third = _tier_values(tier)
            key = (first, type(first), second, type(second), third, type(third))
            shared = _SHARED_TIERS.get(key)
            if shared is not None:
                yield shared
                continue
        place = f"{_describe(shape, raw, where)}: {shape.tiers and shape.tiers[0]}[{index}]"
        if type(tier) is not dict:
            raise InvalidBody(f"{place} must be an object, got {_json_type(tier)}")
        for field, allowed in _TIER_FIELDS.items():
            if type(tier.get(field)) not in allowed:
                got = _json_type(tier.get(field))
                raise InvalidBody(
                    f"{place}: {field!r} must be {_EXPECTED_TEXT[allowed]}, got {got}"
                )
        values = {field: tier.get(field) for field in _TIER_FIELDS}
        unknown = {field: value for field, value in tier.items() if field not in _TIER_FIELDS}
        decoded: Any = _new(ImagePriceTier)
        object.__setattr__(
            decoded, "__dict__", {**values, "extra": Extra(unknown) if unknown else EMPTY_EXTRA}
        )
        if tier.keys() == _TIER_KEYS and len(_SHARED_TIERS) < _CACHE_LIMIT:
            _SHARED_TIERS[_tier_key(values)] = decoded
        yield decoded


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
SHAPES: dict[str, Shape] = {
    shape.cls.__name__: shape
    for shape in (MODEL, LANGUAGE_MODEL, IMAGE_GENERATION_MODEL, VIDEO_GENERATION_MODEL)
}
"""Each model type's shape, by the type's name (the families name their types so)."""
_SHAPES_BY_CLASS: dict[type, Shape] = {
    shape.cls: shape
    for shape in (MODEL, LANGUAGE_MODEL, IMAGE_GENERATION_MODEL, VIDEO_GENERATION_MODEL)
}
