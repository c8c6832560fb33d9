"""spec/xai-models.openapi.yaml: valid OpenAPI 3.1, shaped for an API that grows without notice."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from openapi_spec_validator import validate
from xai_models_tools import spec as speclib

from xai_models._schema.prices import PRICE_FIELDS as DECLARED
from xai_models._schema.prices import THRESHOLD, TIER_PRICE_FIELDS

ROOT = Path(__file__).resolve().parent.parent
SPEC_PATH = ROOT / "spec" / "xai-models.openapi.yaml"

OPERATIONS = {
    ("/v1/models", "listModels"),
    ("/v1/models/{model_id}", "getModel"),
    ("/v1/language-models", "listLanguageModels"),
    ("/v1/language-models/{model_id}", "getLanguageModel"),
    ("/v1/image-generation-models", "listImageGenerationModels"),
    ("/v1/image-generation-models/{model_id}", "getImageGenerationModel"),
    ("/v1/video-generation-models", "listVideoGenerationModels"),
    ("/v1/video-generation-models/{model_id}", "getVideoGenerationModel"),
}
ITEM_SCHEMAS = ["Model", "LanguageModel", "ImageGenerationModel", "VideoGenerationModel"]
LIST_SCHEMAS = {
    "ModelList": "data",
    "LanguageModelList": "models",
    "ImageGenerationModelList": "models",
    "VideoGenerationModelList": "models",
}
PRICE_FIELDS = {field.name for field in (*DECLARED, *TIER_PRICE_FIELDS) if field.unit != THRESHOLD}
"""The prices in 1e-10 USD (their declarations: `_schema/prices.py`)."""
LIVE_EXTRAS = {
    "Model": {
        "aliases",
        "context_length",
        "prompt_text_token_price",
        "cached_prompt_text_token_price",
        "prompt_image_token_price",
        "completion_text_token_price",
        "prompt_text_token_price_long_context",
        "cached_prompt_text_token_price_long_context",
        "completion_text_token_price_long_context",
        "long_context_threshold",
        "image_price",
        "pricing",
    },
    "LanguageModel": {
        "prompt_text_token_price_long_context",
        "cached_prompt_text_token_price_long_context",
        "completion_text_token_price_long_context",
        "long_context_threshold",
    },
}


@pytest.fixture(scope="module")
def spec() -> dict[str, Any]:
    document: dict[str, Any] = yaml.safe_load(SPEC_PATH.read_text(encoding="utf-8"))
    return document


def resolve(spec: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    """A property's schema with its $ref and allOf parts merged in (xai_models_tools.spec)."""
    return speclib.property_schema(spec, schema)


def walk(node: object) -> Iterator[dict[str, Any]]:
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from walk(value)
    elif isinstance(node, list):
        for value in node:
            yield from walk(value)


class TestDocument:
    def test_validates_as_openapi_3_1(self, spec: dict[str, Any]) -> None:
        """openapi-spec-validator accepts the spec, and it declares 3.1.0."""
        validate(spec)
        assert spec["openapi"] == "3.1.0"

    def test_eight_operations_with_their_ids(self, spec: dict[str, Any]) -> None:
        """Exactly the eight documented GET endpoints, with the agreed operationIds."""
        found = {
            (path, operation["operationId"])
            for path, item in spec["paths"].items()
            for method, operation in item.items()
            if method != "parameters"
        }
        assert found == OPERATIONS
        assert all(set(item) <= {"get", "parameters"} for item in spec["paths"].values())

    def test_server_and_bearer_security(self, spec: dict[str, Any]) -> None:
        assert spec["servers"] == [{"url": "https://api.x.ai"}]
        assert spec["security"] == [{"bearerAuth": []}]
        scheme = spec["components"]["securitySchemes"]["bearerAuth"]
        assert (scheme["type"], scheme["scheme"]) == ("http", "bearer")

    def test_get_endpoints_take_model_id_in_the_path(self, spec: dict[str, Any]) -> None:
        parameter = spec["components"]["parameters"]["ModelId"]
        assert (parameter["name"], parameter["in"], parameter["required"]) == (
            "model_id",
            "path",
            True,
        )
        for path, item in spec["paths"].items():
            expected = [{"$ref": "#/components/parameters/ModelId"}] if "{" in path else None
            assert item.get("parameters") == expected, path

    def test_reference_copy_is_kept(self) -> None:
        """spec/docs/ holds the reference text the spec was written from."""
        text = (ROOT / "spec" / "docs" / "models-api-reference.txt").read_text(encoding="utf-8")
        assert "/v1/video-generation-models/{model_id}" in text


class TestSchemas:
    @pytest.mark.parametrize("name", ITEM_SCHEMAS)
    def test_items_require_only_what_every_payload_carries(
        self, spec: dict[str, Any], name: str
    ) -> None:
        schema = spec["components"]["schemas"][name]
        assert schema["required"] == ["id", "created", "object", "owned_by"]

    @pytest.mark.parametrize(("name", "key"), LIST_SCHEMAS.items())
    def test_lists_require_their_array(self, spec: dict[str, Any], name: str, key: str) -> None:
        schema = spec["components"]["schemas"][name]
        assert schema["required"] == [key]
        assert schema["properties"][key]["type"] == "array"

    def test_nothing_is_closed(self, spec: dict[str, Any]) -> None:
        """No enum or const anywhere, and no schema forbids unknown properties."""
        for node in walk(spec["components"]["schemas"]):
            assert "enum" not in node
            assert "const" not in node
            assert node.get("additionalProperties", True) is not False

    def test_every_property_says_what_it_is(self, spec: dict[str, Any]) -> None:
        """Each property has a description; prices and `created` state their units."""
        for schema_name, schema in spec["components"]["schemas"].items():
            for field, prop in schema.get("properties", {}).items():
                target = resolve(spec, prop)
                description = prop.get("description") or target.get("description")
                assert description, f"{schema_name}.{field} has no description"
                if field in PRICE_FIELDS:
                    assert "1e-10 USD" in description, f"{schema_name}.{field}"
                    assert "integer" in target["type"]
                    assert target["format"] == "int64"
                if field == "created":
                    assert "Unix timestamp in seconds" in description
                    assert (target["type"], target["format"]) == ("integer", "int64")

    @pytest.mark.parametrize(("name", "fields"), LIVE_EXTRAS.items())
    def test_live_fields_beyond_the_reference_are_declared_and_marked(
        self, spec: dict[str, Any], name: str, fields: set[str]
    ) -> None:
        properties = spec["components"]["schemas"][name]["properties"]
        for field in fields:
            assert properties[field].get("x-known-extra") is True, f"{name}.{field}"

    def test_image_pricing_tiers(self, spec: dict[str, Any]) -> None:
        tier = spec["components"]["schemas"]["ImagePricingTier"]["properties"]
        assert set(tier) == {"price_per_image", "quality", "resolution"}

    def test_gateway_errors_may_be_html(self, spec: dict[str, Any]) -> None:
        content = spec["components"]["responses"]["GatewayError"]["content"]
        assert set(content) == {"application/json", "text/html"}

    def test_error_schema(self, spec: dict[str, Any]) -> None:
        error = spec["components"]["schemas"]["Error"]["properties"]
        assert error["code"]["type"] == ["string", "integer"]
        assert error["error"]["type"] == "string"

    def test_error_statuses_the_api_uses(self, spec: dict[str, Any]) -> None:
        """Every operation declares 400, 401, 403, 429, 500 and gateway 5XX; gets also 404."""
        for path, item in spec["paths"].items():
            statuses = set(item["get"]["responses"])
            expected = {"200", "400", "401", "403", "429", "500", "5XX"} | (
                {"404"} if "{" in path else set()
            )
            assert statuses == expected, path
