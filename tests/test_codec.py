"""Tests for the one-pass validating decoder and the encoder (`_codec`).

Decoding takes ownership of the dicts it is given and changes them, so every test passes freshly
decoded JSON (`json.loads` of a string, or a deep copy).
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import pytest

from xai_models._model import codec as _codec
from xai_models._model.codec import (
    IMAGE_GENERATION_MODEL,
    LANGUAGE_MODEL,
    MODEL,
    VIDEO_GENERATION_MODEL,
    InvalidBody,
    Shape,
    decode_list,
    encode,
)
from xai_models._model.pricing import TokenPricing
from xai_models._model.types import (
    ImageGenerationModel,
    ImagePriceTier,
    LanguageModel,
    Model,
    VideoGenerationModel,
)

EXAMPLES = Path(__file__).parent / "data" / "examples"

# (file, shape, list key or None for a single object)
EXAMPLE_FILES: list[tuple[str, Shape, str | None]] = [
    ("models-get.2025.json", MODEL, None),
    ("models-get.2026.json", MODEL, None),
    ("models-list.2025.json", MODEL, "data"),
    ("models-list.2026.json", MODEL, "data"),
    ("language-models-get.json", LANGUAGE_MODEL, None),
    ("language-models-list.2025.json", LANGUAGE_MODEL, "models"),
    ("language-models-list.2026.json", LANGUAGE_MODEL, "models"),
    ("image-generation-models-get.json", IMAGE_GENERATION_MODEL, None),
    ("image-generation-models-list.json", IMAGE_GENERATION_MODEL, "models"),
    ("video-generation-models-get.json", VIDEO_GENERATION_MODEL, None),
    ("video-generation-models-list.json", VIDEO_GENERATION_MODEL, "models"),
]

GROK_3 = {
    "id": "grok-3",
    "fingerprint": "fp_898ae9f31c",
    "created": 1743724800,
    "object": "model",
    "owned_by": "xai",
    "version": "1.0",
    "input_modalities": ["text"],
    "output_modalities": ["text"],
    "prompt_text_token_price": 30000,
    "cached_prompt_text_token_price": 7500,
    "prompt_image_token_price": 0,
    "completion_text_token_price": 150000,
    "search_price": 250000000,
    "aliases": ["grok-3-latest", "grok-3-beta"],
}
MINIMAL = {"id": "m-1", "created": 1700000000, "object": "model", "owned_by": "xai"}

TIERS: list[dict[str, Any]] = [
    {"price_per_image": 200000000, "quality": "standard", "resolution": "1024x1024"},
    {"price_per_image": 700000000, "quality": "hd", "resolution": "2048x2048", "fmt": "png"},
    {"price_per_image": 1234567},
]


def _load(name: str) -> Any:
    return json.loads((EXAMPLES / name).read_text("utf-8"))


def _fresh(body: Mapping[str, Any], **changes: Any) -> dict[str, Any]:
    """A deep copy of `body` with `changes` applied (a value of `...` removes the key)."""
    out = copy.deepcopy(dict(body))
    for key, value in changes.items():
        if value is ...:
            out.pop(key, None)
        else:
            out[key] = value
    return out


def _decode_all(name: str, shape: Shape, key: str | None) -> list[Any]:
    if key is None:
        return [shape.decode(_load(name))]
    return decode_list(shape, _load(name), key)


def _roundtrip(instance: Any) -> Any:
    """Encode, serialise to JSON text and decode again."""
    shape = _codec._SHAPES_BY_CLASS[type(instance)]
    return shape.decode(json.loads(json.dumps(encode(instance))))


def _field_names(cls: type) -> set[str]:
    return {field.name for field in attrs.fields(cls)}


class TestExamples:
    """Every example body decodes, and re-encodes to an equal object."""

    @pytest.mark.parametrize(("name", "shape", "key"), EXAMPLE_FILES)
    def test_decodes_to_the_shape_class(self, name: str, shape: Shape, key: str | None) -> None:
        """Each example decodes to instances of the shape's class, one per JSON item."""
        raw = _load(name)
        expected_count = 1 if key is None else len(raw[key])
        decoded = _decode_all(name, shape, key)
        assert len(decoded) == expected_count
        assert all(type(item) is shape.cls for item in decoded)

    @pytest.mark.parametrize(("name", "shape", "key"), EXAMPLE_FILES)
    def test_encode_roundtrip(self, name: str, shape: Shape, key: str | None) -> None:
        """decode(encode(x)) == x for every model of every example file."""
        for item in _decode_all(name, shape, key):
            assert _roundtrip(item) == item

    @pytest.mark.parametrize(("name", "shape", "key"), EXAMPLE_FILES)
    def test_instances_hold_exactly_their_fields(
        self, name: str, shape: Shape, key: str | None
    ) -> None:
        """A decoded instance's __dict__ holds only attrs fields of its class."""
        for item in _decode_all(name, shape, key):
            assert set(vars(item)) <= _field_names(shape.cls)

    def test_language_model_values(self) -> None:
        """grok-3 decodes with the right values and types."""
        grok_3 = decode_list(LANGUAGE_MODEL, _load("language-models-list.2025.json"), "models")[0]
        assert grok_3 == LanguageModel(
            id="grok-3",
            created=datetime(2025, 4, 4, tzinfo=UTC),
            object="model",
            owned_by="xai",
            aliases=("grok-3-latest", "grok-3-beta"),
            fingerprint="fp_898ae9f31c",
            version="1.0",
            input_modalities=("text",),
            output_modalities=("text",),
            prompt_text_token_price=30000,
            cached_prompt_text_token_price=7500,
            prompt_image_token_price=0,
            completion_text_token_price=150000,
            search_price=250000000,
        )
        assert grok_3.created.tzinfo is UTC
        assert grok_3.extra == {}

    def test_image_generation_quirk_fields_kept_in_extra(self) -> None:
        """The image model example's token prices (not in its schema) land in extra, unchanged."""
        model = IMAGE_GENERATION_MODEL.decode(_load("image-generation-models-get.json"))
        assert dict(model.extra) == {
            "prompt_text_token_price": 100000,
            "prompt_image_token_price": 100000,
            "generated_image_token_price": 100000,
        }
        assert model.max_prompt_length == 1024
        assert model.image_price is None
        assert model.input_modalities == ()

    def test_documented_fields_absent(self) -> None:
        """A language model without cached and search prices parses; they read as None."""
        models = decode_list(LANGUAGE_MODEL, _load("language-models-list.2025.json"), "models")
        vision = models[2]
        assert vision.id == "grok-2-vision-1212"
        assert vision.search_price is None
        assert vision.cached_prompt_text_token_price is None
        assert vision.input_modalities == ("text", "image")

    def test_models_list_2026_extra_fields_are_known(self) -> None:
        """models-list.2026's aliases, context_length and prices are fields, not extras."""
        models = decode_list(MODEL, _load("models-list.2026.json"), "data")
        assert [model.extra for model in models] == [{}, {}, {}]
        assert models[1].long_context_threshold == 128000
        assert models[1].context_length == 256000
        assert models[2].image_price == 200000000

    def test_list_envelope_fields_are_ignored(self) -> None:
        """decode_list reads the list key only; the envelope's "object" changes nothing."""
        models = decode_list(MODEL, _load("models-list.2025.json"), "data")
        assert [model.id for model in models][:2] == ["grok-4-0709", "grok-code-fast-1"]


class TestUnknownFields:
    """Fields the spec does not know go to `extra`, unchanged, whatever their name."""

    @pytest.mark.parametrize(
        "name",
        [
            "pricing",
            "extra",
            "price_per_image",
            "__class__",
            "__dict__",
            "estimate_cost",
            "_raw_prices",
            "image_price",
            "brand_new_field",
        ],
    )
    def test_language_model(self, name: str) -> None:
        """An unknown field of any name is kept in extra and does not shadow the class."""
        value = {"nested": [1, "two", None], "n": 3.5}
        model = LANGUAGE_MODEL.decode(_fresh(GROK_3, **{name: value}))
        assert type(model) is LanguageModel
        assert dict(model.extra) == {name: value}
        assert set(vars(model)) <= _field_names(LanguageModel)
        assert isinstance(model.pricing, TokenPricing)
        assert model.pricing.prompt_text == Decimal("3")
        assert model.estimate_cost(prompt_tokens=1000) == Decimal("0.003")

    @pytest.mark.parametrize(
        "name",
        ["extra", "price_per_image", "__class__", "image_price_tiers", "estimate_cost", "search"],
    )
    def test_model(self, name: str) -> None:
        """Model keeps unknown fields in extra; its properties still compute from its fields."""
        value = ["anything", 1]
        model = MODEL.decode(_fresh(MINIMAL, image_price=200000000, **{name: value}))
        assert type(model) is Model
        assert dict(model.extra) == {name: value}
        assert set(vars(model)) <= _field_names(Model)
        assert model.price_per_image == Decimal("0.02")
        assert model.image_price_tiers == ()
        assert isinstance(model.pricing, TokenPricing)

    def test_several_unknown_fields(self) -> None:
        """Several unknown fields all land in extra with their values untouched."""
        body = _fresh(GROK_3, a=1, b={"c": [True, None]}, z="")
        model = LANGUAGE_MODEL.decode(body)
        assert dict(model.extra) == {"a": 1, "b": {"c": [True, None]}, "z": ""}
        assert model.search_price == 250000000

    def test_extra_is_read_only(self) -> None:
        """The decoded extra cannot be changed in place."""
        model = LANGUAGE_MODEL.decode(_fresh(GROK_3, a=1))
        with pytest.raises(TypeError):
            model.extra["a"] = 2  # type: ignore[index]

    @pytest.mark.parametrize(
        "shape", [IMAGE_GENERATION_MODEL, VIDEO_GENERATION_MODEL], ids=["image", "video"]
    )
    def test_other_shapes(self, shape: Shape) -> None:
        """Image and video models keep unknown fields (here 'tiers') in extra too."""
        model = shape.decode(_fresh(MINIMAL, tiers=[{"x": 1}]))
        assert dict(model.extra) == {"tiers": [{"x": 1}]}
        assert set(vars(model)) <= _field_names(shape.cls)

    def test_new_modality_strings_parse(self) -> None:
        """Unknown modality strings such as "audio" are accepted as they are."""
        body = _fresh(GROK_3, input_modalities=["text", "audio"], output_modalities=["audio"])
        model = LANGUAGE_MODEL.decode(body)
        assert model.input_modalities == ("text", "audio")
        assert model.output_modalities == ("audio",)

    def test_unknown_fields_roundtrip(self) -> None:
        """An object with extras encodes with them and decodes back equal."""
        model = LANGUAGE_MODEL.decode(_fresh(GROK_3, extra={"x": 1}, future=[1, 2]))
        encoded = encode(model)
        assert encoded["extra"] == {"x": 1}
        assert encoded["future"] == [1, 2]
        assert _roundtrip(model) == model


class TestNullMeansAbsent:
    """null for an optional field reads the same as leaving it out."""

    @pytest.mark.parametrize(
        "field",
        [
            "aliases",
            "fingerprint",
            "version",
            "input_modalities",
            "output_modalities",
            "prompt_text_token_price",
            "cached_prompt_text_token_price",
            "search_price",
            "prompt_text_token_price_long_context",
            "long_context_threshold",
        ],
    )
    def test_language_model(self, field: str) -> None:
        """A language model with the field null equals one without it."""
        with_null = LANGUAGE_MODEL.decode(_fresh(GROK_3, **{field: None}))
        without = LANGUAGE_MODEL.decode(_fresh(GROK_3, **{field: ...}))
        assert with_null == without
        default = attrs.fields_dict(LanguageModel)[field].default
        assert getattr(with_null, field) == default
        assert getattr(without, field) == default
        assert with_null.extra == {}

    @pytest.mark.parametrize("field", ["aliases", "input_modalities", "output_modalities"])
    def test_null_list_is_empty_tuple(self, field: str) -> None:
        """A null list field reads as an empty tuple, not None."""
        model = LANGUAGE_MODEL.decode(_fresh(GROK_3, **{field: None}))
        assert getattr(model, field) == ()

    @pytest.mark.parametrize("pricing", [None, []])
    def test_model_pricing_null_or_empty(self, pricing: list[Any] | None) -> None:
        """A null or empty `pricing` array gives no image price tiers."""
        model = MODEL.decode(_fresh(MINIMAL, pricing=pricing))
        assert model.image_price_tiers == ()
        assert model == MODEL.decode(_fresh(MINIMAL))


class TestCreated:
    """`created` becomes a UTC datetime."""

    @pytest.mark.parametrize(
        ("timestamp", "expected"),
        [
            (0, datetime(1970, 1, 1, tzinfo=UTC)),
            (1743724800, datetime(2025, 4, 4, tzinfo=UTC)),
            (1776556800, datetime(2026, 4, 19, tzinfo=UTC)),
            (-86400, datetime(1969, 12, 31, tzinfo=UTC)),
        ],
    )
    def test_unix_time(self, timestamp: int, expected: datetime) -> None:
        """The integer Unix time is converted to the matching aware UTC datetime."""
        model = MODEL.decode(_fresh(MINIMAL, created=timestamp))
        assert model.created == expected
        assert model.created.tzinfo is UTC
        assert encode(model)["created"] == timestamp


class TestInvalidBodies:
    """Wrong types raise InvalidBody, naming the field and the model id or list index."""

    @pytest.mark.parametrize(
        ("changes", "fragments"),
        [
            ({"created": "yesterday"}, ["'created'", "integer", "string"]),
            ({"created": 1.5}, ["'created'", "integer", "number"]),
            ({"created": True}, ["'created'", "integer", "boolean"]),
            ({"created": None}, ["'created'", "integer", "null"]),
            ({"created": 10**20}, ["'created'", "Unix time", str(10**20)]),
            ({"created": -(10**20)}, ["'created'", "Unix time"]),
            ({"aliases": 5}, ["'aliases'", "array", "integer"]),
            ({"aliases": "grok-3"}, ["'aliases'", "array", "string"]),
            ({"aliases": {"a": 1}}, ["'aliases'", "array", "object"]),
            ({"aliases": [1]}, ["'aliases'", "strings", "integer"]),
            ({"aliases": ["ok", None]}, ["'aliases'", "strings", "null"]),
            ({"aliases": [["nested"]]}, ["'aliases'", "strings", "array"]),
            ({"input_modalities": [{"a": 1}]}, ["'input_modalities'", "strings", "object"]),
            ({"output_modalities": [True]}, ["'output_modalities'", "strings", "boolean"]),
            ({"prompt_text_token_price": True}, ["'prompt_text_token_price'", "boolean"]),
            ({"search_price": False}, ["'search_price'", "boolean"]),
            ({"completion_text_token_price": 1.0}, ["'completion_text_token_price'", "number"]),
            ({"cached_prompt_text_token_price": "7500"}, ["'cached_prompt_text_token_price'"]),
            ({"long_context_threshold": 1e5}, ["'long_context_threshold'", "number"]),
            ({"fingerprint": 5}, ["'fingerprint'", "string or null", "integer"]),
            ({"version": 1.0}, ["'version'", "string or null", "number"]),
            ({"object": None}, ["'object'", "string", "null"]),
            ({"owned_by": ...}, ["'owned_by'", "missing"]),
        ],
    )
    def test_single_object_names_field_and_id(
        self, changes: dict[str, Any], fragments: list[str]
    ) -> None:
        """decode_object's message names the field, the problem and the model id."""
        with pytest.raises(InvalidBody) as info:
            LANGUAGE_MODEL.decode(_fresh(GROK_3, **changes))
        message = str(info.value)
        assert "'grok-3'" in message
        for fragment in fragments:
            assert fragment in message

    @pytest.mark.parametrize(
        ("changes", "fragments"),
        [
            ({"created": "yesterday"}, ["'created'"]),
            ({"aliases": 5}, ["'aliases'"]),
            ({"aliases": [1]}, ["'aliases'"]),
            ({"prompt_text_token_price": True}, ["'prompt_text_token_price'"]),
            ({"created": 10**20}, ["'created'"]),
        ],
    )
    def test_list_item_names_index_and_id(
        self, changes: dict[str, Any], fragments: list[str]
    ) -> None:
        """In a list, the message names the key, the item's index, its id and the field."""
        body = _load("language-models-list.2025.json")
        body["models"][1].update(changes)
        with pytest.raises(InvalidBody) as info:
            decode_list(LANGUAGE_MODEL, body, "models")
        message = str(info.value)
        assert "models[1]" in message
        assert "'grok-3-mini'" in message
        for fragment in fragments:
            assert fragment in message

    def test_missing_id(self) -> None:
        """An item without an id fails, naming its index and 'id'."""
        body = _load("language-models-list.2025.json")
        del body["models"][2]["id"]
        with pytest.raises(InvalidBody, match=r"models\[2\].*'id'.*missing"):
            decode_list(LANGUAGE_MODEL, body, "models")

    def test_wrong_type_id(self) -> None:
        """A numeric id fails, naming 'id'."""
        with pytest.raises(InvalidBody, match=r"'id' must be a string, got an integer"):
            MODEL.decode(_fresh(MINIMAL, id=42))

    @pytest.mark.parametrize(
        ("item", "type_name"),
        [(5, "integer"), ("grok-3", "string"), (None, "null"), ([], "array"), (1.5, "number")],
    )
    def test_non_object_item(self, item: object, type_name: str) -> None:
        """A list item that is not an object fails, naming its index and its JSON type."""
        body = {"data": [_fresh(MINIMAL), item]}
        with pytest.raises(InvalidBody) as info:
            decode_list(MODEL, body, "data")
        message = str(info.value)
        assert "data[1]" in message
        assert "object" in message
        assert type_name in message

    @pytest.mark.parametrize(
        ("body", "fragments"),
        [
            ({"models": None}, ["'models'", "array", "null"]),
            ({"models": {}}, ["'models'", "array", "object"]),
            ({"models": "[]"}, ["'models'", "array", "string"]),
            ({}, ["'models'", "missing"]),
            ({"data": []}, ["'models'", "missing"]),
            ([], ["object", "array"]),
            (None, ["object", "null"]),
            ("models", ["object", "string"]),
        ],
    )
    def test_bad_envelope(self, body: Any, fragments: list[str]) -> None:
        """A list response whose envelope is wrong fails with a message saying how."""
        with pytest.raises(InvalidBody) as info:
            decode_list(LANGUAGE_MODEL, copy.deepcopy(body), "models")
        for fragment in fragments:
            assert fragment in str(info.value)

    @pytest.mark.parametrize("raw", [[], "x", 5, None])
    def test_single_non_object(self, raw: object) -> None:
        """decode_object rejects anything but a JSON object."""
        with pytest.raises(InvalidBody, match="must be an object"):
            MODEL.decode(raw)

    def test_empty_list_is_fine(self) -> None:
        """An empty list decodes to no models."""
        assert decode_list(MODEL, {"data": []}, "data") == []


class TestSignatureCache:
    """A signature accepted once never lets invalid data through later."""

    def test_same_signature_bad_list_element_still_fails(self) -> None:
        """After a valid body, one with the same signature but aliases [1] still fails, twice."""
        unique = {"id": "sig-1", "created": 1600000001, "object": "model", "owned_by": "o"}
        good = VIDEO_GENERATION_MODEL.decode(_fresh(unique, aliases=["a"]))
        assert good.aliases == ("a",)
        for _ in range(2):
            with pytest.raises(InvalidBody, match="'aliases' must hold strings"):
                VIDEO_GENERATION_MODEL.decode(_fresh(unique, aliases=[1]))

    def test_same_signature_bad_modalities_in_list(self) -> None:
        """In one list, a valid item does not let a later same-signature item's bad list pass."""
        bad = _fresh(GROK_3, id="bad", input_modalities=["text", 7])
        body = {"models": [_fresh(GROK_3), _fresh(GROK_3), bad]}
        with pytest.raises(InvalidBody, match=r"models\[2\].*'bad'.*'input_modalities'"):
            decode_list(LANGUAGE_MODEL, body, "models")

    def test_same_signature_bad_created_range_still_fails(self) -> None:
        """An out-of-range created shares the valid signature (an int) and still fails."""
        MODEL.decode(_fresh(MINIMAL))
        for _ in range(2):
            with pytest.raises(InvalidBody, match="Unix time"):
                MODEL.decode(_fresh(MINIMAL, created=10**20))

    def test_invalid_signature_is_never_cached(self) -> None:
        """A body rejected once is rejected again (wrong types are not remembered as valid)."""
        for _ in range(3):
            with pytest.raises(InvalidBody, match="'created'"):
                LANGUAGE_MODEL.decode(_fresh(GROK_3, created="yesterday"))

    def test_valid_after_invalid(self) -> None:
        """A failure leaves the decoder able to decode a valid body of the same shape."""
        with pytest.raises(InvalidBody):
            LANGUAGE_MODEL.decode(_fresh(GROK_3, aliases=[None]))
        model = LANGUAGE_MODEL.decode(_fresh(GROK_3))
        assert model.aliases == ("grok-3-latest", "grok-3-beta")

    def test_cached_tier_check_still_runs(self) -> None:
        """A Model whose pricing array is invalid fails even after a valid one was decoded."""
        tiers = [{"price_per_image": 200000000, "quality": "q", "resolution": "r"}]
        MODEL.decode(_fresh(MINIMAL, pricing=tiers))
        with pytest.raises(InvalidBody, match="price_per_image"):
            MODEL.decode(_fresh(MINIMAL, pricing=[{"price_per_image": "0.02"}]))


class TestImagePriceTiers:
    """The /v1/models `pricing` array becomes image_price_tiers with Decimal USD prices."""

    def _decode(self) -> Model:
        model: Model = MODEL.decode(
            _fresh(MINIMAL, id="grok-imagine-image", pricing=copy.deepcopy(TIERS))
        )
        return model

    def test_tiers(self) -> None:
        """Each tier's raw price is converted exactly; quality, resolution and extras are kept."""
        assert self._decode().image_price_tiers == (
            ImagePriceTier(
                price_per_image=Decimal("0.02"), quality="standard", resolution="1024x1024"
            ),
            ImagePriceTier(
                price_per_image=Decimal("0.07"),
                quality="hd",
                resolution="2048x2048",
                extra={"fmt": "png"},
            ),
            ImagePriceTier(price_per_image=Decimal("0.0001234567")),
        )

    def test_tier_prices_are_exact_decimals(self) -> None:
        """Tier prices are Decimals printing without exponent or trailing zeros."""
        prices = [tier.price_per_image for tier in self._decode().image_price_tiers]
        assert [str(price) for price in prices] == ["0.02", "0.07", "0.0001234567"]
        assert all(type(price) is Decimal for price in prices)

    def test_pricing_is_not_an_extra(self) -> None:
        """`pricing` is consumed, not kept in extra or __dict__."""
        model = self._decode()
        assert model.extra == {}
        assert "pricing" not in vars(model)
        assert isinstance(model.pricing, TokenPricing)

    def test_roundtrip(self) -> None:
        """encode writes the tiers back as raw integers, and they decode equal."""
        model = self._decode()
        encoded = encode(model)
        assert encoded["pricing"] == TIERS
        assert "image_price_tiers" not in encoded
        assert _roundtrip(model) == model

    @pytest.mark.parametrize(
        ("tier", "fragments"),
        [
            ({"price_per_image": "0.02"}, ["pricing[1]", "'price_per_image'", "string"]),
            ({"price_per_image": True}, ["pricing[1]", "'price_per_image'", "boolean"]),
            ({"price_per_image": 0.02}, ["pricing[1]", "'price_per_image'", "number"]),
            ({"quality": 1}, ["pricing[1]", "'quality'", "integer"]),
            ({"resolution": ["a"]}, ["pricing[1]", "'resolution'", "array"]),
            (5, ["pricing[1]", "object", "integer"]),
            (None, ["pricing[1]", "object", "null"]),
        ],
    )
    def test_invalid_tier(self, tier: object, fragments: list[str]) -> None:
        """A bad tier fails, naming the model, the tier's index and the field."""
        pricing = [{"price_per_image": 1}, tier]
        with pytest.raises(InvalidBody) as info:
            MODEL.decode(_fresh(MINIMAL, pricing=pricing))
        message = str(info.value)
        assert "'m-1'" in message
        for fragment in fragments:
            assert fragment in message

    @pytest.mark.parametrize("pricing", [{"a": 1}, "tiers", 5])
    def test_pricing_not_an_array(self, pricing: object) -> None:
        """A `pricing` that is not an array fails, naming it."""
        with pytest.raises(InvalidBody, match="'pricing' must be an array or null"):
            MODEL.decode(_fresh(MINIMAL, pricing=pricing))


class TestEncode:
    """encode produces the API's JSON shape, readable back as an equal object."""

    def test_omits_none_and_writes_lists(self) -> None:
        """Absent optional fields are left out (an empty list at most); created is an int."""
        model = MODEL.decode(_fresh(MINIMAL))
        encoded = encode(model)
        assert encoded.pop("aliases", []) == []
        assert encoded == MINIMAL

    def test_output_is_json_serialisable(self) -> None:
        """The encoded object survives json.dumps (extras included)."""
        model = LANGUAGE_MODEL.decode(_fresh(GROK_3, future={"k": [1]}))
        assert json.loads(json.dumps(encode(model)))["future"] == {"k": [1]}

    def test_encode_is_the_decoded_input(self) -> None:
        """A full language model body encodes back to the same JSON object."""
        model = LANGUAGE_MODEL.decode(_fresh(GROK_3, unknown=1))
        assert encode(model) == {**GROK_3, "unknown": 1}

    @pytest.mark.parametrize(
        "build",
        [
            lambda: Model(
                id="a",
                created=datetime(2026, 1, 1, tzinfo=UTC),
                object="model",
                owned_by="xai",
                image_price=5,
                image_price_tiers=(
                    ImagePriceTier(price_per_image=Decimal("0.5"), extra={"x": [1]}),
                    ImagePriceTier(quality="low"),
                ),
                extra={"later": True},
            ),
            lambda: LanguageModel(
                id="b",
                created=datetime(2026, 1, 1, tzinfo=UTC),
                object="model",
                owned_by="xai",
                aliases=("c",),
                input_modalities=("audio",),
                long_context_threshold=0,
                extra={"pricing": "in extra"},
            ),
            lambda: ImageGenerationModel(
                id="i",
                created=datetime(2024, 2, 29, 12, 30, tzinfo=UTC),
                object="model",
                owned_by="xai",
                image_price=200000000,
                max_prompt_length=0,
            ),
            lambda: VideoGenerationModel(
                id="v",
                created=datetime(1970, 1, 1, tzinfo=UTC),
                object="model",
                owned_by="xai",
                output_modalities=("video",),
                extra={"__class__": "x", "extra": {}},
            ),
        ],
        ids=["model", "language", "image", "video"],
    )
    def test_constructed_objects_roundtrip(self, build: Callable[[], Any]) -> None:
        """Objects built with the constructor, extras included, come back equal."""
        instance = build()
        assert _roundtrip(instance) == instance


class TestPlansByLayout:
    """Items of one list may differ in keys; each keeps exactly its own fields and extras."""

    def base(self, **fields: Any) -> dict[str, Any]:
        return {"id": "m", "created": 1, "object": "model", "owned_by": "xai", **fields}

    def test_same_length_other_unknown_keys(self) -> None:
        first, second = VIDEO_GENERATION_MODEL.decode_items(
            [self.base(foo=1), self.base(bar=2)], "models"
        )
        assert (dict(first.extra), dict(second.extra)) == ({"foo": 1}, {"bar": 2})

    def test_same_length_known_then_unknown(self) -> None:
        first, second = VIDEO_GENERATION_MODEL.decode_items(
            [self.base(aliases=["a"]), self.base(foo=[1])], "models"
        )
        assert (first.aliases, dict(first.extra)) == (("a",), {})
        assert (second.aliases, dict(second.extra)) == ((), {"foo": [1]})

    def test_other_key_order(self) -> None:
        items = [self.base(version="1"), dict(reversed(list(self.base(version="2").items())))]
        assert [m.version for m in VIDEO_GENERATION_MODEL.decode_items(items, "models")] == [
            "1",
            "2",
        ]

    def test_one_body_alternating_layouts_of_one_length(self) -> None:
        """In one parsed body (its keys shared by the parser), layouts of one length alternate."""
        items = [
            self.base(version="1"),
            self.base(fingerprint="fp"),
            self.base(version="2"),
            self.base(foo="x"),
            self.base(fingerprint="fp2"),
        ]
        decoded = VIDEO_GENERATION_MODEL.decode_items(json.loads(json.dumps(items)), "models")
        assert [(m.version, m.fingerprint, dict(m.extra)) for m in decoded] == [
            ("1", None, {}),
            (None, "fp", {}),
            ("2", None, {}),
            (None, None, {"foo": "x"}),
            (None, "fp2", {}),
        ]

    def test_a_bad_type_in_a_known_layout_is_still_caught(self) -> None:
        items = [self.base(version="1"), self.base(version=2)]
        with pytest.raises(InvalidBody, match=r"models\[1\].*'version' must be a string or null"):
            VIDEO_GENERATION_MODEL.decode_items(items, "models")

    def test_values_convert_when_read(self) -> None:
        (model,) = MODEL.decode_items(
            [self.base(created=1735689600, aliases=["x"], pricing=[
                {"price_per_image": 200000000, "quality": "medium", "resolution": "1k"}])],
            "data",
        )  # fmt: skip
        assert model.created == datetime(2025, 1, 1, tzinfo=UTC)
        assert model.aliases == ("x",)
        assert model.image_price_tiers[0].price_per_image == Decimal("0.02")

    def test_equal_tiers_are_shared(self) -> None:
        tier = {"price_per_image": 200000000, "quality": "medium", "resolution": "1k"}
        one, two = MODEL.decode_items(
            [self.base(pricing=[dict(tier)]), self.base(id="n", pricing=[dict(tier)])], "data"
        )
        assert one.image_price_tiers[0] is two.image_price_tiers[0]
        with pytest.raises(InvalidBody, match="'resolution' must be a string"):
            MODEL.decode(self.base(pricing=[{**tier, "resolution": True}]))  # not the shared one
