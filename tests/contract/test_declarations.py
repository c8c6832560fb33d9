"""The spec, not the code under test, is the oracle for what a decoded model holds.

- Every property of every response schema is typed by the wrapper or deliberately left in `extra`
  (a failure names the field and the file to edit).
- For every example body and for bodies generated from the spec, each property's typed attribute
  equals the raw JSON value, or its documented conversion, computed here independently: `created`
  is `datetime.fromtimestamp(raw, UTC)`, arrays are tuples, `null` and absent read as `None` or
  `()`, `pricing` becomes `image_price_tiers` with `price_per_image` = raw / 10**10 USD. Every
  property the spec does not know stays, unchanged, in `extra`.
- The generated request builder the wrapper depends on is there.
"""

from __future__ import annotations

import copy
import importlib
import json
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis_jsonschema import from_schema
from reliability.schemas import SPEC, json_schema

from xai_models import ImageGenerationModel, LanguageModel, Model, VideoGenerationModel
from xai_models._model.codec import (
    IMAGE_GENERATION_MODEL,
    LANGUAGE_MODEL,
    MODEL,
    VIDEO_GENERATION_MODEL,
)
from xai_models._model.families import FAMILIES
from xai_models._model.types import LEFT_IN_EXTRA, ImagePriceTier

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "tests" / "data" / "examples"

CLASSES: dict[str, type] = {
    "Model": Model,
    "LanguageModel": LanguageModel,
    "ImageGenerationModel": ImageGenerationModel,
    "VideoGenerationModel": VideoGenerationModel,
    "ImagePricingTier": ImagePriceTier,
}
SHAPES = {
    "Model": MODEL,
    "LanguageModel": LANGUAGE_MODEL,
    "ImageGenerationModel": IMAGE_GENERATION_MODEL,
    "VideoGenerationModel": VIDEO_GENERATION_MODEL,
}
RENAMED = {"pricing": "image_price_tiers"}  # the README's one documented rename
EXAMPLE_SCHEMAS = {
    "models-list.2025.json": ("Model", "data"),
    "models-list.2026.json": ("Model", "data"),
    "models-get.2025.json": ("Model", None),
    "models-get.2026.json": ("Model", None),
    "language-models-list.2025.json": ("LanguageModel", "models"),
    "language-models-list.2026.json": ("LanguageModel", "models"),
    "language-models-get.json": ("LanguageModel", None),
    "image-generation-models-list.json": ("ImageGenerationModel", "models"),
    "image-generation-models-get.json": ("ImageGenerationModel", None),
    "video-generation-models-list.json": ("VideoGenerationModel", "models"),
    "video-generation-models-get.json": ("VideoGenerationModel", None),
}


def spec_properties(schema: str) -> list[str]:
    return list(SPEC["components"]["schemas"][schema]["properties"])


class TestEveryPropertyIsDeclared:
    @pytest.mark.parametrize("schema", sorted(CLASSES))
    def test_typed_or_left_in_extra(self, schema: str) -> None:
        cls = CLASSES[schema]
        typed = {field.name for field in attrs.fields(cls)}
        left = LEFT_IN_EXTRA.get(schema, frozenset())
        missing = [
            name
            for name in spec_properties(schema)
            if RENAMED.get(name, name) not in typed and name not in left
        ]
        assert not missing, (
            f"spec schema {schema} has {', '.join(missing)}, which xai_models neither types nor "
            f"leaves in extra: declare it in wrapper/xai_models/_types.py (class {cls.__name__}), "
            "or list it in LEFT_IN_EXTRA there"
        )

    @pytest.mark.parametrize("schema", sorted(CLASSES))
    def test_no_typed_field_the_spec_lacks(self, schema: str) -> None:
        known = {RENAMED.get(name, name) for name in spec_properties(schema)}
        typed = {field.name for field in attrs.fields(CLASSES[schema])} - {"extra"}
        assert typed <= known, f"{schema}: typed but not in the spec: {sorted(typed - known)}"


def expected_value(name: str, raw: Any) -> Any:
    """The documented conversion of one raw JSON property, computed without the codec."""
    if name == "created":
        return datetime.fromtimestamp(raw, UTC)
    if name == "pricing":
        tiers = []
        for tier in raw or []:
            known = {"price_per_image", "quality", "resolution"}
            price = tier.get("price_per_image")
            tiers.append(
                (
                    None if price is None else Decimal(price) / Decimal(10**10),
                    tier.get("quality"),
                    tier.get("resolution"),
                    {key: value for key, value in tier.items() if key not in known},
                )
            )
        return tuple(tiers)
    if isinstance(raw, list):
        return tuple(raw)
    return raw


def actual_value(model: Any, name: str) -> Any:
    value = getattr(model, RENAMED.get(name, name))
    if name == "pricing":
        return tuple(
            (tier.price_per_image, tier.quality, tier.resolution, dict(tier.extra))
            for tier in value
        )
    return value


def check(schema: str, raw: dict[str, Any]) -> None:
    """Decode a copy of `raw` and hold each property to the spec's meaning of it."""
    model = SHAPES[schema].decode(copy.deepcopy(raw))
    for name in spec_properties(schema):
        if raw.get(name) is None:
            default = () if isinstance(actual_value(model, name), tuple) else None
            assert actual_value(model, name) == default, name
        else:
            assert actual_value(model, name) == expected_value(name, raw[name]), name
    unknown = {key: value for key, value in raw.items() if key not in spec_properties(schema)}
    assert dict(model.extra) == unknown


def items(name: str) -> list[dict[str, Any]]:
    _, key = EXAMPLE_SCHEMAS[name]
    body = json.loads((EXAMPLES / name).read_text("utf-8"))
    return body[key] if key else [body]


class TestExamplesAgainstTheSpec:
    def test_every_example_is_checked(self) -> None:
        bodies = {p.name for p in EXAMPLES.glob("*.json") if not p.name.startswith("error-")}
        assert bodies == set(EXAMPLE_SCHEMAS)

    @pytest.mark.parametrize("name", sorted(EXAMPLE_SCHEMAS))
    def test_each_property(self, name: str) -> None:
        schema, _ = EXAMPLE_SCHEMAS[name]
        for raw in items(name):
            check(schema, raw)

    def test_a_tier_price_is_exact(self) -> None:
        """Hand-checked: 200000000 ticks is $0.02 an image, 700000000 is $0.07."""
        raw = {"id": "i", "created": 0, "object": "model", "owned_by": "xai", "pricing": [
            {"price_per_image": 200000000, "quality": "medium", "resolution": "1k"},
            {"price_per_image": 700000000, "quality": "high", "resolution": "2k", "new": 1},
        ]}  # fmt: skip
        model = MODEL.decode(copy.deepcopy(raw))
        assert [t.price_per_image for t in model.image_price_tiers] == [
            Decimal("0.02"),
            Decimal("0.07"),
        ]
        check("Model", raw)


class TestGeneratedBodiesAgainstTheSpec:
    @pytest.mark.parametrize("schema", sorted(SHAPES))
    @settings(max_examples=100, deadline=None, suppress_health_check=list(HealthCheck))
    @given(data=st.data())
    def test_each_property(self, schema: str, data: st.DataObject) -> None:
        raw = data.draw(from_schema(json_schema(schema)))
        check(schema, raw)


class TestTheGeneratedRequestBuilder:
    """The wrapper builds requests with each generated operation module's `_get_kwargs`."""

    @pytest.mark.parametrize("family", FAMILIES, ids=lambda family: family.name)
    def test_each_operation_has_it(self, family: Any) -> None:
        stamp = json.loads((ROOT / "generated" / "stamp.json").read_text("utf-8"))
        version = stamp["tools"]["openapi-python-client"]
        for operation in (family.list_operation, family.get_operation):
            module = importlib.import_module(f"xai_models_generated.api.models.{operation}")
            assert callable(getattr(module, "_get_kwargs", None)), (
                f"openapi-python-client {version} generated {module.__name__} without "
                "_get_kwargs, which xai_models._api.http.request_kwargs builds requests with: "
                "adapt request_kwargs to this generator version"
            )
            kwargs = module._get_kwargs(model_id="a/b") if "get_" in operation else (
                module._get_kwargs()
            )  # fmt: skip
            assert kwargs["method"] == "get"
            assert kwargs["url"].startswith("/v1/")
