"""Every method, sync and async, replayed from the recorded cassettes in tests/cassettes/.

Expected values come from each cassette's own response bodies, so the tests hold both for the
committed example-built cassettes and for a live re-recording (`XAI_API_KEY=... scripts/record`).
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from typing import Any
from urllib.parse import unquote, urlsplit

import pytest
import yaml

from support import CASSETTES
from xai_models import (
    AsyncClient,
    AuthenticationError,
    Client,
    InternalServerError,
    NotFoundError,
    PermissionDeniedError,
)
from xai_models._model.codec import encode

KEY = "test-key-not-a-secret"
WRONG_KEY = "invalid-key-for-recording"
FAMILIES = ["models", "language_models", "image_generation_models", "video_generation_models"]
LIST_KEYS = {"models": "data"}


def interactions(name: str) -> list[dict[str, Any]]:
    document = yaml.safe_load((CASSETTES / name).read_text(encoding="utf-8"))
    recorded: list[dict[str, Any]] = document["interactions"]
    return recorded


def last_body(name: str) -> Any:
    return json.loads(interactions(name)[-1]["response"]["body"]["string"])


def requested_id(name: str) -> str:
    """The model id the recording asked for: the last segment of its path, decoded."""
    return unquote(urlsplit(interactions(name)[0]["request"]["uri"]).path.rsplit("/", 1)[-1])


def as_sent(item: dict[str, Any]) -> dict[str, Any]:
    """An item as `encode` writes it back: null and empty-list fields decode like absent ones."""
    return {key: value for key, value in item.items() if value is not None and value != []}


def call(flavour: str, api_key: str, action: Callable[[Any], Any]) -> Any:
    """Run `action(client)` on a Client, or await it on an AsyncClient."""
    if flavour == "sync":
        with Client(api_key) as client:
            return action(client)

    async def run() -> Any:
        async with AsyncClient(api_key) as client:
            return await action(client)

    return asyncio.run(run())


def cassette(name: str) -> Any:
    return pytest.mark.default_cassette(name)


FLAVOURS = pytest.mark.parametrize("flavour", ["sync", "async"])


@pytest.mark.vcr
@FLAVOURS
class TestEveryMethod:
    @pytest.mark.parametrize(
        "family", [pytest.param(f, marks=cassette(f"{f}_list.yaml")) for f in FAMILIES]
    )
    def test_list(self, flavour: str, family: str) -> None:
        """list() returns every recorded item, each field as sent (unknown fields in `extra`)."""
        models = call(flavour, KEY, lambda client: getattr(client, family).list())
        recorded = last_body(f"{family}_list.yaml")[LIST_KEYS.get(family, "models")]
        assert [encode(model) for model in models] == [as_sent(item) for item in recorded]

    @pytest.mark.parametrize(
        "family", [pytest.param(f, marks=cassette(f"{f}_get.yaml")) for f in FAMILIES]
    )
    def test_get(self, flavour: str, family: str) -> None:
        """get(id) returns the recorded model."""
        model_id = requested_id(f"{family}_get.yaml")
        model = call(flavour, KEY, lambda client: getattr(client, family).get(model_id))
        assert encode(model) == as_sent(last_body(f"{family}_get.yaml"))

    @cassette("language_models_get_by_alias.yaml")
    def test_get_by_alias_returns_the_canonical_model(self, flavour: str) -> None:
        """Asked for by an alias, the API answers with the canonical model, whose id differs."""
        alias = requested_id("language_models_get_by_alias.yaml")
        model = call(flavour, KEY, lambda client: client.language_models.get(alias))
        assert model.id != alias
        assert alias in model.aliases


@pytest.mark.vcr
@FLAVOURS
class TestErrors:
    @cassette("error_404_not_found.yaml")
    def test_unknown_model(self, flavour: str) -> None:
        """A 404 raises NotFoundError with the body's code and error text."""
        model_id = requested_id("error_404_not_found.yaml")
        with pytest.raises(NotFoundError) as caught:
            call(flavour, KEY, lambda client: client.language_models.get(model_id))
        body = last_body("error_404_not_found.yaml")
        assert (caught.value.status_code, caught.value.code) == (404, body["code"])
        assert caught.value.message == body["error"]

    @cassette("error_400_wrong_key.yaml")
    def test_wrong_key(self, flavour: str) -> None:
        """The API's 400 answer to a wrong key raises AuthenticationError; status_code stays 400."""
        with pytest.raises(AuthenticationError) as caught:
            call(flavour, WRONG_KEY, lambda client: client.models.list())
        assert caught.value.status_code == 400
        assert caught.value.message.startswith("Incorrect API key provided")

    @cassette("error_403_no_credits.yaml")
    def test_no_credits(self, flavour: str) -> None:
        with pytest.raises(PermissionDeniedError) as caught:
            call(flavour, KEY, lambda client: client.language_models.list())
        assert caught.value.status_code == 403
        assert caught.value.code == last_body("error_403_no_credits.yaml")["code"]

    @cassette("error_502_html.yaml")
    def test_html_502_after_retries(self, flavour: str, sleeps: list[float]) -> None:
        """An HTML 502 is retried twice, then raises InternalServerError with a short message."""
        with pytest.raises(InternalServerError) as caught:
            call(flavour, KEY, lambda client: client.models.list())
        assert (caught.value.status_code, caught.value.code) == (502, None)
        assert (
            caught.value.message == "Bad Gateway (HTML body of 110 bytes, not the API's JSON error)"
        )
        assert len(sleeps) == 2


@pytest.mark.vcr
@FLAVOURS
class TestRetriesReplayed:
    @cassette("retry_429_then_200.yaml")
    def test_429_then_200(self, flavour: str, sleeps: list[float]) -> None:
        """A 429 with Retry-After: 1 is waited out once, then the list comes back."""
        models = call(flavour, KEY, lambda client: client.language_models.list())
        assert [m.id for m in models] == [
            m["id"] for m in last_body("retry_429_then_200.yaml")["models"]
        ]
        assert sleeps == [1.0]

    @cassette("retry_500_then_200.yaml")
    def test_500_then_200(self, flavour: str, sleeps: list[float]) -> None:
        """A 500 is retried after a jittered 0.5 s backoff, then the list comes back."""
        models = call(flavour, KEY, lambda client: client.models.list())
        assert len(models) == len(last_body("retry_500_then_200.yaml")["data"])
        assert len(sleeps) == 1
        assert 0.375 <= sleeps[0] <= 0.5


def test_cassettes_say_where_their_data_came_from() -> None:
    """Every cassette starts with a comment naming its source, and none hides a local address."""
    for path in CASSETTES.glob("*.yaml"):
        text = path.read_text(encoding="utf-8")
        assert text.startswith(
            ("# NOT recorded from the live API.", "# Recorded from the live API")
        ), path
        assert "127.0.0.1" not in text, path
