"""Tests for the public model types (`_types`).

They are frozen, comparable, hashable and picklable attrs classes, built alike by their constructors
and by the decoder.
"""

from __future__ import annotations

import copy
import json
import pickle
from collections.abc import Mapping
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import attrs
import pytest

from xai_models._model.codec import (
    IMAGE_GENERATION_MODEL,
    LANGUAGE_MODEL,
    MODEL,
    VIDEO_GENERATION_MODEL,
    Shape,
)
from xai_models._model.pricing import TokenPricing
from xai_models._model.types import (
    EMPTY_EXTRA,
    ImageGenerationModel,
    ImagePriceTier,
    LanguageModel,
    Model,
    VideoGenerationModel,
)

CREATED = datetime(2025, 4, 4, tzinfo=UTC)
CREATED_UNIX = 1743724800
REQUIRED = {"id": "grok-3", "object": "model", "owned_by": "xai"}
MODEL_CLASSES = [Model, LanguageModel, ImageGenerationModel, VideoGenerationModel]
SHAPES: dict[type, Shape] = {
    Model: MODEL,
    LanguageModel: LANGUAGE_MODEL,
    ImageGenerationModel: IMAGE_GENERATION_MODEL,
    VideoGenerationModel: VIDEO_GENERATION_MODEL,
}

# Per class: a JSON body using every optional field, and the constructor keywords it stands for.
FULL: dict[type, tuple[str, dict[str, Any]]] = {
    LanguageModel: (
        '{"id": "grok-3", "created": 1743724800, "object": "model", "owned_by": "xai",'
        ' "aliases": ["grok-3-latest"], "fingerprint": "fp_1", "version": "1.0",'
        ' "input_modalities": ["text", "image"], "output_modalities": ["text"],'
        ' "prompt_text_token_price": 30000, "cached_prompt_text_token_price": 7500,'
        ' "prompt_image_token_price": 0, "completion_text_token_price": 150000,'
        ' "search_price": 250000000, "prompt_text_token_price_long_context": 60000,'
        ' "cached_prompt_text_token_price_long_context": 0,'
        ' "completion_text_token_price_long_context": 300000, "long_context_threshold": 128000}',
        {
            "aliases": ("grok-3-latest",),
            "fingerprint": "fp_1",
            "version": "1.0",
            "input_modalities": ("text", "image"),
            "output_modalities": ("text",),
            "prompt_text_token_price": 30000,
            "cached_prompt_text_token_price": 7500,
            "prompt_image_token_price": 0,
            "completion_text_token_price": 150000,
            "search_price": 250000000,
            "prompt_text_token_price_long_context": 60000,
            "cached_prompt_text_token_price_long_context": 0,
            "completion_text_token_price_long_context": 300000,
            "long_context_threshold": 128000,
        },
    ),
    Model: (
        '{"id": "grok-3", "created": 1743724800, "object": "model", "owned_by": "xai",'
        ' "aliases": ["a"], "context_length": 131072, "prompt_text_token_price": 1,'
        ' "cached_prompt_text_token_price": 2, "prompt_image_token_price": 3,'
        ' "completion_text_token_price": 4, "prompt_text_token_price_long_context": 5,'
        ' "cached_prompt_text_token_price_long_context": 6,'
        ' "completion_text_token_price_long_context": 7, "long_context_threshold": 8,'
        ' "image_price": 200000000,'
        ' "pricing": [{"price_per_image": 200000000, "quality": "hd", "resolution": "1k"}]}',
        {
            "aliases": ("a",),
            "context_length": 131072,
            "prompt_text_token_price": 1,
            "cached_prompt_text_token_price": 2,
            "prompt_image_token_price": 3,
            "completion_text_token_price": 4,
            "prompt_text_token_price_long_context": 5,
            "cached_prompt_text_token_price_long_context": 6,
            "completion_text_token_price_long_context": 7,
            "long_context_threshold": 8,
            "image_price": 200000000,
            "image_price_tiers": (
                ImagePriceTier(price_per_image=Decimal("0.02"), quality="hd", resolution="1k"),
            ),
        },
    ),
    ImageGenerationModel: (
        '{"id": "grok-3", "created": 1743724800, "object": "model", "owned_by": "xai",'
        ' "aliases": [], "fingerprint": "fp_2", "version": "2", "input_modalities": ["text"],'
        ' "output_modalities": ["image"], "image_price": 200000000, "max_prompt_length": 1024}',
        {
            "fingerprint": "fp_2",
            "version": "2",
            "input_modalities": ("text",),
            "output_modalities": ("image",),
            "image_price": 200000000,
            "max_prompt_length": 1024,
        },
    ),
    VideoGenerationModel: (
        '{"id": "grok-3", "created": 1743724800, "object": "model", "owned_by": "xai",'
        ' "aliases": ["v"], "fingerprint": null, "version": "1.0",'
        ' "input_modalities": ["text", "image"], "output_modalities": ["video"]}',
        {
            "aliases": ("v",),
            "version": "1.0",
            "input_modalities": ("text", "image"),
            "output_modalities": ("video",),
        },
    ),
}


def _build(cls: type, **fields: Any) -> Any:
    """An instance made with the constructor: the required fields plus `fields`."""
    return cls(**REQUIRED, created=CREATED, **fields)


def _decode(cls: type, text: str) -> Any:
    """An instance made by the decoder from JSON text (always a fresh dict)."""
    return SHAPES[cls].decode(json.loads(text))


def _minimal_json(**extra: Any) -> str:
    return json.dumps({**REQUIRED, "created": CREATED_UNIX, **extra})


def _full_pair(cls: type) -> tuple[Any, Any]:
    """(decoded, constructed) instances of `cls` that should be equal."""
    text, fields = FULL[cls]
    return _decode(cls, text), _build(cls, **fields)


def _instances() -> list[Any]:
    """Constructed and decoded instances of every type, with and without extras."""
    out: list[Any] = []
    for cls in MODEL_CLASSES:
        decoded, built = _full_pair(cls)
        out += [
            decoded,
            built,
            _build(cls),
            _decode(cls, _minimal_json()),
            _decode(cls, _minimal_json(future={"x": [1]})),
            _build(cls, extra={"future": {"x": [1]}}),
        ]
    return out


INSTANCES = _instances()
VARIANTS = [
    "decoded-full",
    "built-full",
    "built-minimal",
    "decoded-minimal",
    "decoded-extra",
    "built-extra",
]
INSTANCE_IDS = [
    f"{type(item).__name__}-{VARIANTS[index % len(VARIANTS)]}"
    for index, item in enumerate(INSTANCES)
]


class TestFrozen:
    """Instances cannot be changed."""

    @pytest.mark.parametrize("instance", INSTANCES, ids=INSTANCE_IDS)
    def test_assigning_a_field_raises(self, instance: Any) -> None:
        """Setting a field raises FrozenInstanceError and leaves the value as it was."""
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            instance.id = "other"
        assert instance.id == "grok-3"

    @pytest.mark.parametrize("instance", INSTANCES, ids=INSTANCE_IDS)
    def test_assigning_an_absent_field_raises(self, instance: Any) -> None:
        """Setting a field the decoder left out (so read from the class) raises too."""
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            instance.aliases = ("x",)
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            instance.extra = {}

    @pytest.mark.parametrize("instance", INSTANCES, ids=INSTANCE_IDS)
    def test_deleting_a_field_raises(self, instance: Any) -> None:
        """Deleting a field raises FrozenInstanceError."""
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            del instance.owned_by
        assert instance.owned_by == "xai"

    def test_image_price_tier_and_pricing_are_frozen(self) -> None:
        """ImagePriceTier and TokenPricing are frozen as well."""
        tier = ImagePriceTier(quality="hd")
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            tier.quality = "low"  # type: ignore[misc]
        pricing = TokenPricing(prompt_text=Decimal(1))
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            pricing.prompt_text = Decimal(2)  # type: ignore[misc]


class TestDefaults:
    """Fields the API leaves out read as their defaults."""

    @pytest.mark.parametrize("cls", MODEL_CLASSES)
    @pytest.mark.parametrize("how", ["constructor", "decoder"])
    def test_optional_fields_default(self, cls: type, how: str) -> None:
        """Every optional field reads as None, or () for tuple fields, and extra is empty."""
        instance = _build(cls) if how == "constructor" else _decode(cls, _minimal_json())
        for field in attrs.fields(cls):
            if field.name in {"id", "created", "object", "owned_by"}:
                continue
            value = getattr(instance, field.name)
            if field.name == "extra":
                assert isinstance(value, Mapping)
                assert len(value) == 0
            elif field.name in {
                "aliases",
                "input_modalities",
                "output_modalities",
                "image_price_tiers",
            }:
                assert value == ()
            else:
                assert value is None, field.name

    @pytest.mark.parametrize("cls", MODEL_CLASSES)
    def test_extra_is_empty_mapping_when_all_known(self, cls: type) -> None:
        """A fully known body gives an empty, read-only Mapping as extra."""
        decoded, built = _full_pair(cls)
        for instance in (decoded, built):
            assert isinstance(instance.extra, Mapping)
            assert dict(instance.extra) == {}
        assert decoded.extra is EMPTY_EXTRA

    def test_required_fields_are_required(self) -> None:
        """Leaving out a required field in the constructor is an error."""
        with pytest.raises(TypeError):
            LanguageModel(id="x", object="model", owned_by="xai")  # type: ignore[call-arg]

    def test_image_price_tier_defaults(self) -> None:
        """An ImagePriceTier without arguments has None prices and an empty extra."""
        tier = ImagePriceTier()
        assert (tier.price_per_image, tier.quality, tier.resolution) == (None, None, None)
        assert dict(tier.extra) == {}

    def test_defaults_do_not_leak_between_instances(self) -> None:
        """An instance with a value set does not change what another reads as default."""
        _build(LanguageModel, search_price=5, aliases=("x",))
        fresh = _decode(LanguageModel, _minimal_json())
        assert fresh.search_price is None
        assert fresh.aliases == ()


class TestEquality:
    """Equality and hashing work, whoever built the instance."""

    @pytest.mark.parametrize("cls", MODEL_CLASSES)
    def test_decoded_equals_constructed(self, cls: type) -> None:
        """A decoded instance equals the one built with the same values, and hashes alike."""
        decoded, built = _full_pair(cls)
        assert decoded == built
        assert built == decoded
        assert hash(decoded) == hash(built)

    @pytest.mark.parametrize("cls", MODEL_CLASSES)
    def test_minimal_decoded_equals_constructed(self, cls: type) -> None:
        """A decoded minimal body equals the constructor with only the required fields."""
        decoded = _decode(cls, _minimal_json())
        built = _build(cls)
        assert decoded == built
        assert hash(decoded) == hash(built)

    @pytest.mark.parametrize("cls", MODEL_CLASSES)
    def test_different_values_are_unequal(self, cls: type) -> None:
        """Instances differing in one field are unequal."""
        assert _build(cls) != _build(cls, aliases=("x",))
        assert _build(cls) != attrs.evolve(_build(cls), id="other")

    @pytest.mark.parametrize("cls", MODEL_CLASSES)
    def test_extra_counts_for_equality_not_for_hash(self, cls: type) -> None:
        """Instances differing only in extra are unequal but hash the same."""
        plain = _decode(cls, _minimal_json())
        with_extra = _decode(cls, _minimal_json(future=1))
        assert plain != with_extra
        assert hash(plain) == hash(with_extra)

    def test_extra_with_unhashable_values_is_hashable(self) -> None:
        """An instance whose extra holds lists and dicts can still be hashed and put in a set."""
        instance = _decode(LanguageModel, _minimal_json(future={"x": [1, {"y": 2}]}))
        assert len({instance, _build(LanguageModel)}) == 2

    def test_usable_in_sets_and_dicts(self) -> None:
        """Equal instances collapse in a set; they find each other as dict keys."""
        decoded, built = _full_pair(LanguageModel)
        assert len({decoded, built, _build(LanguageModel)}) == 2
        assert {decoded: "yes"}[built] == "yes"

    def test_different_classes_are_unequal(self) -> None:
        """A Model and a VideoGenerationModel with the same common fields are not equal."""
        assert _build(Model) != _build(VideoGenerationModel)

    def test_image_price_tier_equality(self) -> None:
        """Tiers compare by value; extra is in equality but not in the hash."""
        a = ImagePriceTier(price_per_image=Decimal("0.02"), quality="hd")
        b = ImagePriceTier(price_per_image=Decimal("0.020"), quality="hd")
        c = ImagePriceTier(price_per_image=Decimal("0.02"), quality="hd", extra={"k": 1})
        assert a == b
        assert hash(a) == hash(b)
        assert a != c
        assert hash(a) == hash(c)


class TestEvolve:
    """attrs.evolve makes changed copies."""

    @pytest.mark.parametrize("cls", MODEL_CLASSES)
    def test_evolve_decoded(self, cls: type) -> None:
        """Evolving a decoded instance changes one field and keeps the others."""
        decoded, built = _full_pair(cls)
        changed = attrs.evolve(decoded, id="renamed")
        assert changed.id == "renamed"
        assert decoded.id == "grok-3"
        assert changed == attrs.evolve(built, id="renamed")
        assert changed.aliases == built.aliases
        assert changed.created == CREATED

    def test_evolve_minimal_decoded_sets_absent_field(self) -> None:
        """Evolving a decoded instance can set a field the body left out."""
        decoded = _decode(LanguageModel, _minimal_json(future=True))
        changed = attrs.evolve(decoded, search_price=250000000)
        assert changed.search_price == 250000000
        assert dict(changed.extra) == {"future": True}
        assert decoded.search_price is None

    def test_evolve_recomputes_pricing(self) -> None:
        """A model evolved with a new price reports the new price, not the old one's cache."""
        original = _build(LanguageModel, prompt_text_token_price=30000)
        assert original.pricing.prompt_text == Decimal(3)
        changed = attrs.evolve(original, prompt_text_token_price=20000)
        assert changed.pricing.prompt_text == Decimal(2)
        assert changed.estimate_cost(prompt_tokens=10**6) == Decimal(2)


class TestPickle:
    """Instances survive a pickle round-trip."""

    @pytest.mark.parametrize("instance", INSTANCES, ids=INSTANCE_IDS)
    def test_roundtrip(self, instance: Any) -> None:
        """pickle.loads(pickle.dumps(x)) == x, with the same extra."""
        restored = pickle.loads(pickle.dumps(instance))  # noqa: S301 (our own data)
        assert restored == instance
        assert type(restored) is type(instance)
        assert dict(restored.extra) == dict(instance.extra)

    def test_roundtrip_after_pricing_was_read(self) -> None:
        """An instance whose pricing was computed still pickles and keeps its prices."""
        decoded, _ = _full_pair(LanguageModel)
        assert decoded.pricing.search == Decimal("0.025")
        restored = pickle.loads(pickle.dumps(decoded))  # noqa: S301 (our own data)
        assert restored == decoded
        assert restored.pricing.search == Decimal("0.025")

    @pytest.mark.parametrize(
        "tier",
        [ImagePriceTier(), ImagePriceTier(price_per_image=Decimal("0.07"), extra={"f": "png"})],
    )
    def test_image_price_tier(self, tier: ImagePriceTier) -> None:
        """ImagePriceTier pickles too."""
        assert pickle.loads(pickle.dumps(tier)) == tier  # noqa: S301 (our own data)

    def test_deepcopy(self) -> None:
        """copy.deepcopy of a constructed model gives an equal instance."""
        instance = _build(LanguageModel, aliases=("a",))
        assert copy.deepcopy(instance) == instance


class TestRepr:
    """repr shows the fields."""

    def test_decoded_language_model(self) -> None:
        """The repr names the class and shows set, defaulted and extra fields."""
        decoded = _decode(LanguageModel, _minimal_json(aliases=["grok-3-latest"], future=7))
        text = repr(decoded)
        assert text.startswith("LanguageModel(")
        assert "id='grok-3'" in text
        assert "aliases=('grok-3-latest',)" in text
        assert "search_price=None" in text
        assert "created=datetime.datetime(2025, 4, 4, 0, 0, tzinfo=datetime.timezone.utc)" in text
        assert "extra={'future': 7}" in text

    @pytest.mark.parametrize("cls", MODEL_CLASSES)
    def test_every_field_in_repr(self, cls: type) -> None:
        """Every attrs field of every type appears in its repr."""
        text = repr(_full_pair(cls)[0])
        for field in attrs.fields(cls):
            assert f"{field.name}=" in text

    def test_decoded_and_constructed_repr_alike(self) -> None:
        """Equal instances have the same repr, whoever built them."""
        decoded, built = _full_pair(Model)
        assert repr(decoded) == repr(built)


class TestPricedMembers:
    """`pricing`, `estimate_cost` and `price_per_image` exist where they should."""

    @pytest.mark.parametrize("cls", [Model, LanguageModel])
    def test_pricing_on_priced_types(self, cls: type) -> None:
        """Model and LanguageModel expose pricing (a TokenPricing) and estimate_cost."""
        instance = _build(cls)
        assert isinstance(instance.pricing, TokenPricing)
        assert instance.estimate_cost(prompt_tokens=0) == Decimal(0)

    @pytest.mark.parametrize("cls", [Model, ImageGenerationModel])
    def test_price_per_image(self, cls: type) -> None:
        """Model and ImageGenerationModel convert image_price to USD per image."""
        assert _build(cls, image_price=250000000).price_per_image == Decimal("0.025")
        assert _build(cls).price_per_image is None

    def test_pricing_not_a_field(self) -> None:
        """pricing is computed, not an attrs field (it does not take part in equality)."""
        assert "pricing" not in attrs.fields_dict(LanguageModel)
        assert "pricing" not in attrs.fields_dict(Model)
        assert "price_per_image" not in attrs.fields_dict(ImageGenerationModel)
