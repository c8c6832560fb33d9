"""Contract tests: the spec, the cassettes, the generated client and the wrapper agree.

- every recorded response validates against the spec (openapi-core);
- every spec operation has a wrapper method, sync and async, and a cassette;
- bodies generated from the spec's own schemas (hypothesis-jsonschema) always decode into the public
  types, and the wrapper and the generated client read the same values from them;
- every example body in tests/data/examples decodes.
"""

from __future__ import annotations

import copy
import inspect
import json
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis_jsonschema import from_schema
from openapi_core import OpenAPI
from openapi_core.testing import MockRequest, MockResponse
from xai_models_tools import spec as speclib

from support import CASSETTES, EXAMPLES, ROOT, example
from xai_models import AsyncClient, Client
from xai_models._model.codec import encode
from xai_models._model.families import (
    IMAGE_GENERATION_MODELS,
    LANGUAGE_MODELS,
    MODELS,
    VIDEO_GENERATION_MODELS,
    Family,
)
from xai_models._schema.errors import APIStatusError, make_status_error
from xai_models_generated import models as generated

SPEC_PATH = ROOT / "spec" / "xai-models.openapi.yaml"
SPEC: dict[str, Any] = yaml.safe_load(SPEC_PATH.read_text(encoding="utf-8"))
FAMILY_BY_NAME = {f.name: f for f in (MODELS, LANGUAGE_MODELS, IMAGE_GENERATION_MODELS,
                                      VIDEO_GENERATION_MODELS)}  # fmt: skip
OPERATIONS = {
    "listModels": ("models", "list"),
    "getModel": ("models", "get"),
    "listLanguageModels": ("language_models", "list"),
    "getLanguageModel": ("language_models", "get"),
    "listImageGenerationModels": ("image_generation_models", "list"),
    "getImageGenerationModel": ("image_generation_models", "get"),
    "listVideoGenerationModels": ("video_generation_models", "list"),
    "getVideoGenerationModel": ("video_generation_models", "get"),
}
GENERATED_CLASSES = {
    "Model": generated.Model,
    "LanguageModel": generated.LanguageModel,
    "ImageGenerationModel": generated.ImageGenerationModel,
    "VideoGenerationModel": generated.VideoGenerationModel,
}


def spec_operations() -> dict[str, tuple[str, str]]:
    """operationId -> (path, response schema name of the 200)."""
    found = {}
    for path, item in SPEC["paths"].items():
        operation = item["get"]
        ref = operation["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
        found[operation["operationId"]] = (path, ref.rsplit("/", 1)[-1])
    return found


def json_schema(name: str) -> dict[str, Any]:
    """A components schema as plain JSON Schema (xai_models_tools.spec, the one $ref resolver)."""
    resolved: dict[str, Any] = speclib.json_schema(SPEC, name)
    return resolved


def cassette_interactions() -> list[tuple[str, dict[str, Any]]]:
    return [
        (path.name, interaction)
        for path in sorted(CASSETTES.glob("*.yaml"))
        for interaction in yaml.safe_load(path.read_text(encoding="utf-8"))["interactions"]
    ]


@pytest.fixture(scope="module")
def openapi() -> OpenAPI:
    return OpenAPI.from_file_path(str(SPEC_PATH))


class TestCassettesFollowTheSpec:
    @pytest.mark.parametrize(
        ("name", "interaction"),
        cassette_interactions(),
        ids=[f"{n}-{i}" for i, (n, _) in enumerate(cassette_interactions())],
    )
    def test_response_validates(
        self, openapi: OpenAPI, name: str, interaction: dict[str, Any]
    ) -> None:
        """Each recorded response is one the spec allows for its request (status, type, body)."""
        request, response = interaction["request"], interaction["response"]
        uri = request["uri"]
        host, _, path = uri.partition("://")[2].partition("/")
        headers = {k: v[0] for k, v in response["headers"].items()}
        content_type = headers.get("content-type", "application/json").split(";")[0]
        openapi.validate_response(
            MockRequest(f"https://{host}", request["method"].lower(), "/" + path),
            MockResponse(
                response["body"]["string"].encode(),
                status_code=response["status"]["code"],
                headers=headers,
                content_type=content_type,
            ),
        )


class TestEveryOperationIsCovered:
    def test_the_spec_has_the_eight_operations(self) -> None:
        assert set(spec_operations()) == set(OPERATIONS)

    @pytest.mark.parametrize("operation_id", sorted(OPERATIONS))
    def test_wrapper_methods_sync_and_async(self, operation_id: str) -> None:
        family, method = OPERATIONS[operation_id]
        sync_method = getattr(getattr(Client("k"), family), method)
        async_method = getattr(getattr(AsyncClient("k"), family), method)
        assert not inspect.iscoroutinefunction(sync_method)
        assert inspect.iscoroutinefunction(async_method)

    @pytest.mark.parametrize("operation_id", sorted(OPERATIONS))
    def test_a_cassette_exercises_it(self, operation_id: str) -> None:
        """The operation's cassette requests the operation's path (template filled in)."""
        family, method = OPERATIONS[operation_id]
        path_template, _ = spec_operations()[operation_id]
        recording = yaml.safe_load((CASSETTES / f"{family}_{method}.yaml").read_text("utf-8"))
        paths = {i["request"]["uri"].split("api.x.ai", 1)[1] for i in recording["interactions"]}
        prefix = path_template.split("{", 1)[0]
        for path in paths:
            if "{" in path_template:
                assert path.startswith(prefix)
                assert "/" not in path[len(prefix) :]
            else:
                assert path == path_template

    def test_the_families_use_the_generated_operations(self) -> None:
        """The wrapper's families name exactly the generated modules of the spec's operations."""
        for operation_id, (family_name, method) in OPERATIONS.items():
            family = FAMILY_BY_NAME[family_name]
            module = family.list_operation if method == "list" else family.get_operation
            snake = "".join(f"_{c.lower()}" if c.isupper() else c for c in operation_id)
            assert module == snake


def check_against_generated(schema_name: str, body: dict[str, Any], decoded: Any) -> None:
    """The generated client reads the same known values and the same unknown fields."""
    theirs = GENERATED_CLASSES[schema_name].from_dict(copy.deepcopy(body))
    ours = encode(decoded)
    assert ours["id"] == theirs.id
    assert ours["created"] == theirs.created
    assert decoded.object == theirs.object_
    assert dict(decoded.extra) == theirs.additional_properties


LIST_FAMILIES = [
    ("ModelList", MODELS, "Model"),
    ("LanguageModelList", LANGUAGE_MODELS, "LanguageModel"),
    ("ImageGenerationModelList", IMAGE_GENERATION_MODELS, "ImageGenerationModel"),
    ("VideoGenerationModelList", VIDEO_GENERATION_MODELS, "VideoGenerationModel"),
]
SCHEMA_SETTINGS = settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    derandomize=True,
)


class TestGeneratedBodiesDecode:
    @pytest.mark.parametrize(("list_schema", "family", "item_schema"), LIST_FAMILIES)
    @SCHEMA_SETTINGS
    @given(data=st.data())
    def test_items(
        self, list_schema: str, family: Family[Any], item_schema: str, data: st.DataObject
    ) -> None:
        """200 bodies per item schema decode, and agree with the generated client."""
        body = data.draw(from_schema(json_schema(item_schema)))
        decoded = family.decode_one(copy.deepcopy(body))
        assert isinstance(decoded, family.shape.cls)
        check_against_generated(item_schema, body, decoded)

    @pytest.mark.parametrize(("list_schema", "family", "item_schema"), LIST_FAMILIES)
    @SCHEMA_SETTINGS
    @given(data=st.data())
    def test_lists(
        self, list_schema: str, family: Family[Any], item_schema: str, data: st.DataObject
    ) -> None:
        """200 bodies per list schema decode into lists of the public type, items in order."""
        body = data.draw(from_schema(json_schema(list_schema)))
        items = body[family.list_key]
        decoded = family.decode_list(copy.deepcopy(body))
        assert [model.id for model in decoded] == [item["id"] for item in items]
        for item, model in zip(items, decoded, strict=True):
            check_against_generated(item_schema, item, model)


class TestExamplesDecode:
    @pytest.mark.parametrize(
        ("name", "family"),
        [
            ("models-list.2025.json", MODELS),
            ("models-list.2026.json", MODELS),
            ("language-models-list.2025.json", LANGUAGE_MODELS),
            ("language-models-list.2026.json", LANGUAGE_MODELS),
            ("image-generation-models-list.json", IMAGE_GENERATION_MODELS),
            ("video-generation-models-list.json", VIDEO_GENERATION_MODELS),
        ],
    )
    def test_lists(self, name: str, family: Family[Any]) -> None:
        decoded = family.decode_list(example(name))
        assert [m.id for m in decoded] == [m["id"] for m in example(name)[family.list_key]]

    @pytest.mark.parametrize(
        ("name", "family"),
        [
            ("models-get.2025.json", MODELS),
            ("models-get.2026.json", MODELS),
            ("language-models-get.json", LANGUAGE_MODELS),
            ("image-generation-models-get.json", IMAGE_GENERATION_MODELS),
            ("video-generation-models-get.json", VIDEO_GENERATION_MODELS),
        ],
    )
    def test_gets(self, name: str, family: Family[Any]) -> None:
        assert family.decode_one(example(name)).id == example(name)["id"]

    def test_the_image_examples_quirk_lands_in_extra(self) -> None:
        """The docs' image examples carry token prices instead of image_price: kept in extra."""
        model = IMAGE_GENERATION_MODELS.decode_one(example("image-generation-models-get.json"))
        assert model.image_price is None
        assert model.extra["generated_image_token_price"] == 100000

    @pytest.mark.parametrize("name", sorted(p.name for p in EXAMPLES.glob("error-*.json")))
    def test_errors(self, name: str) -> None:
        status = int(name.split("-")[1])
        error = make_status_error(status, (EXAMPLES / name).read_bytes())
        assert isinstance(error, APIStatusError)
        assert error.message == json.loads((EXAMPLES / name).read_text())["error"]

    def test_every_example_is_covered(self) -> None:
        """No example file is left out of the tests above."""
        source = inspect.getsource(TestExamplesDecode)
        for path in EXAMPLES.glob("*.json"):
            assert path.name in source or path.name.startswith("error-"), path.name
