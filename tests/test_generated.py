"""The generated client on its own: what it does well, and the hazards the wrapper's seam avoids.

The wrapper uses the generated `_get_kwargs` (request building) and the generated client (which
holds the httpx client), never the generated response parsing. These tests pin down why.
"""

from __future__ import annotations

import json
from json import JSONDecodeError
from pathlib import Path

import httpx
import pytest

from xai_models_generated import Client
from xai_models_generated.api.models import (
    get_language_model,
    get_model,
    list_language_models,
)
from xai_models_generated.models import Error, LanguageModelList

EXAMPLES = Path(__file__).parent / "data" / "examples"


def client_answering(status: int, body: bytes, content_type: str = "application/json") -> Client:
    transport = httpx.MockTransport(
        lambda request: httpx.Response(status, content=body, headers={"content-type": content_type})
    )
    client = Client(base_url="https://api.x.ai")
    return client.set_httpx_client(httpx.Client(base_url="https://api.x.ai", transport=transport))


class TestRequestBuilding:
    @pytest.mark.parametrize(
        ("model_id", "path"),
        [
            ("grok-4", "/v1/language-models/grok-4"),
            ("a/b", "/v1/language-models/a%2Fb"),
            ("a?b#c", "/v1/language-models/a%3Fb%23c"),
            ("100%", "/v1/language-models/100%25"),
            ("grök 4", "/v1/language-models/gr%C3%B6k%204"),
        ],
    )
    def test_model_id_is_one_percent_encoded_segment(self, model_id: str, path: str) -> None:
        assert get_language_model._get_kwargs(model_id=model_id) == {"method": "get", "url": path}

    def test_dot_segments_are_not_encoded_so_the_wrapper_refuses_them(self) -> None:
        """`..` passes through `quote` unchanged; httpx then resolves it out of the endpoint."""
        kwargs = get_model._get_kwargs(model_id="..")
        assert kwargs["url"] == "/v1/models/.."
        assert httpx.URL("https://api.x.ai" + kwargs["url"]).path == "/v1"


class TestParsing:
    def test_parses_a_documented_list(self) -> None:
        body = (EXAMPLES / "language-models-list.2026.json").read_bytes()
        response = list_language_models.sync_detailed(client=client_answering(200, body))
        assert isinstance(response.parsed, LanguageModelList)
        assert [model.id for model in response.parsed.models] == ["latest", "grok-420-reasoning"]

    def test_keeps_unknown_fields(self) -> None:
        body = {
            "models": [{"id": "m", "created": 1, "object": "model", "owned_by": "xai", "new": 1}]
        }
        parsed = LanguageModelList.from_dict(body)
        assert parsed.models[0].additional_properties == {"new": 1}

    def test_checks_no_types(self) -> None:
        """`"created": "yesterday"` parses: type checks must happen in the wrapper."""
        body = {"models": [{"id": "m", "created": "yesterday", "object": "model", "owned_by": "x"}]}
        assert LanguageModelList.from_dict(body).models[0].created == "yesterday"

    @pytest.mark.parametrize("code", ["not-found", 404])
    def test_error_code_is_a_string_or_a_number(self, code: str | int) -> None:
        error = Error.from_dict({"code": code, "error": "The model x does not exist"})
        assert error.code == code


class TestHazardsTheSeamAvoids:
    def test_html_body_on_a_declared_error_status_escapes_as_json_decode_error(self) -> None:
        client = client_answering(500, b"<html><body>oops</body></html>", "text/html")
        with pytest.raises(JSONDecodeError):
            list_language_models.sync_detailed(client=client)

    def test_empty_body_on_a_declared_error_status_escapes_as_json_decode_error(self) -> None:
        with pytest.raises(JSONDecodeError):
            get_model.sync_detailed(model_id="m", client=client_answering(429, b""))

    def test_non_standard_status_crashes_with_value_error(self) -> None:
        """openapi-python-client issue #1442: `HTTPStatus(520)` raises ValueError."""
        with pytest.raises(ValueError, match="520"):
            get_model.sync_detailed(model_id="m", client=client_answering(520, b"{}"))

    def test_undeclared_status_silently_gives_none(self) -> None:
        response = get_model.sync_detailed(
            model_id="m", client=client_answering(418, json.dumps({"error": "teapot"}).encode())
        )
        assert response.parsed is None

    def test_gateway_html_on_5xx_escapes_as_json_decode_error(self) -> None:
        """The spec allows HTML on 5XX; the generator parses only the first media type, JSON."""
        client = client_answering(502, b"<html>Bad gateway</html>", "text/html")
        with pytest.raises(JSONDecodeError):
            get_model.sync_detailed(model_id="m", client=client)
