"""`MockServer` and `offline_catalog()`: the eight endpoints over real HTTP on 127.0.0.1.

Every test talks to a real server on a loopback port (port 0: any free one), with httpx directly
or with `xai_models.Client`.
"""

from __future__ import annotations

import json
import socket
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any
from urllib.parse import quote

import httpx
import pytest

from support import ROOT, example
from xai_models import (
    APIConnectionError,
    AuthenticationError,
    Catalog,
    Client,
    ImageGenerationModel,
    LanguageModel,
    Model,
    NotFoundError,
    VideoGenerationModel,
)
from xai_models._api.mock import MockServer
from xai_models._model.codec import encode
from xai_models._model.families import (
    IMAGE_GENERATION_MODELS,
    LANGUAGE_MODELS,
    MODELS,
    VIDEO_GENERATION_MODELS,
)
from xai_models._model.offline import offline_catalog

KEY = "test-key-123"
FETCHED = datetime(2026, 11, 1, tzinfo=UTC)
CREATED = datetime(2026, 1, 1, tzinfo=UTC)
LIST_PATHS = {
    "models": "/v1/models",
    "language_models": "/v1/language-models",
    "image_generation_models": "/v1/image-generation-models",
    "video_generation_models": "/v1/video-generation-models",
}


def example_catalog() -> Catalog:
    """The 2026 example bodies, plus models that exercise aliases, odd ids and unknown fields."""
    models = MODELS.decode_list(example("models-list.2026.json"))
    models.append(
        Model(
            id="org/model-1",
            created=CREATED,
            object="model",
            owned_by="org",
            aliases=("org-latest",),
            extra={"owner": {"team": "t1", "tags": ["a", "b"]}},
        )
    )
    language = LANGUAGE_MODELS.decode_list(example("language-models-list.2026.json"))
    language += [
        LanguageModel(
            id="grok-5",
            created=CREATED,
            object="model",
            owned_by="xai",
            aliases=("grok-5-latest",),
            prompt_text_token_price=30000,
        ),
        LanguageModel(id="grok 5 beta ü", created=CREATED, object="model", owned_by="xai"),
    ]
    return Catalog.from_lists(
        models,
        language,
        IMAGE_GENERATION_MODELS.decode_list(example("image-generation-models-list.json")),
        VIDEO_GENERATION_MODELS.decode_list(example("video-generation-models-list.json")),
        fetched_at=FETCHED,
        source="test",
    )


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    """The catalog the shared servers serve (catalogs are immutable, so sharing is safe)."""
    return example_catalog()


@pytest.fixture(scope="module")
def server(catalog: Catalog) -> Iterator[MockServer]:
    """One open server for the module: it keeps no state between requests."""
    with MockServer(catalog) as running:
        yield running


@pytest.fixture(scope="module")
def keyed_server(catalog: Catalog) -> Iterator[MockServer]:
    """One server for the module that requires the bearer key KEY."""
    with MockServer(catalog, api_key=KEY) as running:
        yield running


@pytest.fixture
def http(server: MockServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server.url, timeout=10) as client:
        yield client


def local_port(response: httpx.Response) -> int:
    """The client-side port of the connection a response came on."""
    stream = response.extensions["network_stream"]
    port: int = stream.get_extra_info("client_addr")[1]
    return port


def body(response: httpx.Response) -> Any:
    return json.loads(response.content)


def closed_port() -> int:
    """A loopback port nothing listens on."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


CAPTURES = ROOT / "tests" / "data" / "captures"


class TestOfflineCatalog:
    def test_source_names_each_part_and_its_origin(self) -> None:
        """The source says which families are captures (and of when) and which example data."""
        source = offline_catalog().source or ""
        assert "models and language_models: live responses captured 2026-07-25" in source
        assert "image_generation_models and video_generation_models: EXAMPLE DATA" in source
        assert "not today's prices" in source

    def test_is_dated_by_its_captures(self) -> None:
        """The embedded catalog is dated by the captures it holds, in UTC."""
        fetched_at = offline_catalog().fetched_at
        assert fetched_at == datetime(2026, 7, 25, tzinfo=UTC)
        assert fetched_at.utcoffset() == timedelta(0)

    def test_models_and_language_models_are_the_captures(self) -> None:
        """/v1/models and /v1/language-models are the captured bodies, field for field."""
        catalog = offline_catalog()
        for family, name, key in (
            (catalog.models, "2026-07-25-models.json", "data"),
            (catalog.language_models, "2026-07-25-language-models.json", "models"),
        ):
            captured = json.loads((CAPTURES / name).read_text("utf-8"))[key]
            assert [encode(model) for model in family] == [
                {k: v for k, v in item.items() if v != []} for item in captured
            ]

    def test_image_and_video_families_are_the_docs_examples(self) -> None:
        catalog = offline_catalog()
        assert [m.id for m in catalog.image_generation_models] == ["grok-imagine-image"]
        assert [m.id for m in catalog.video_generation_models] == ["grok-imagine-video"]

    def test_real_prices(self) -> None:
        """grok-4.3 as captured: $1.25 / $0.20 / $2.50 per 1M tokens; images $0.02 and $0.05."""
        catalog = offline_catalog()
        (grok,) = [m for m in catalog.language_models if m.id == "grok-4.3"]
        assert (grok.pricing.prompt_text, grok.pricing.cached_prompt_text) == (
            Decimal("1.25"),
            Decimal("0.2"),
        )
        assert grok.pricing.completion_text == Decimal("2.5")
        images = {m.id: m.price_per_image for m in catalog.models if m.image_price is not None}
        assert images == {
            "grok-imagine-image": Decimal("0.02"),
            "grok-imagine-image-quality": Decimal("0.05"),
        }


class TestListEndpoints:
    def test_models_list_has_data_and_object(self, http: httpx.Client, catalog: Catalog) -> None:
        """GET /v1/models answers {"data": [...], "object": "list"} with every model."""
        response = http.get("/v1/models")
        assert response.status_code == 200
        assert body(response) == {
            "data": [encode(model) for model in catalog.models],
            "object": "list",
        }

    @pytest.mark.parametrize(
        "kind", ["language_models", "image_generation_models", "video_generation_models"]
    )
    def test_kind_lists_have_models(self, http: httpx.Client, catalog: Catalog, kind: str) -> None:
        """The three kind endpoints answer {"models": [...]} with every model of the kind."""
        response = http.get(LIST_PATHS[kind])
        assert response.status_code == 200
        assert body(response) == {"models": [encode(m) for m in getattr(catalog, kind)]}

    def test_list_bodies_decode_to_equal_models(self, http: httpx.Client, catalog: Catalog) -> None:
        """What the server sends decodes back to the catalog's models, unknown fields included."""
        decoded = MODELS.decode_list(body(http.get("/v1/models")))
        assert tuple(decoded) == catalog.models
        assert dict(decoded[3].extra) == {"owner": {"team": "t1", "tags": ["a", "b"]}}

    def test_empty_catalog_serves_empty_lists(self) -> None:
        """A catalog without models serves empty lists."""
        empty = Catalog.from_lists([], [], [], [], fetched_at=FETCHED)
        with MockServer(empty) as server, httpx.Client(base_url=server.url) as http:
            assert body(http.get("/v1/models")) == {"data": [], "object": "list"}
            assert body(http.get("/v1/video-generation-models")) == {"models": []}

    def test_query_string_is_ignored(self, http: httpx.Client) -> None:
        """A query string does not change which endpoint answers."""
        response = http.get("/v1/language-models", params={"page": "2"})
        assert response.status_code == 200
        assert "models" in body(response)


class TestGetEndpoints:
    def test_every_model_is_served_by_id(self, http: httpx.Client, catalog: Catalog) -> None:
        """GET /{kind}/{id} answers each model of each kind."""
        for kind, path in LIST_PATHS.items():
            for model in getattr(catalog, kind):
                response = http.get(f"{path}/{quote(model.id, safe='')}")
                assert response.status_code == 200, (kind, model.id)
                assert body(response) == encode(model)

    def test_alias_returns_the_canonical_model(self, http: httpx.Client) -> None:
        """An alias answers the model that carries it, under its own id."""
        response = http.get("/v1/language-models/grok-4.3-latest")
        assert response.status_code == 200
        assert body(response)["id"] == "latest"
        assert body(response)["aliases"] == ["grok-4.3-latest"]

    def test_alias_in_models_endpoint(self, http: httpx.Client) -> None:
        """Aliases work on /v1/models too."""
        response = http.get("/v1/models/org-latest")
        assert response.status_code == 200
        assert body(response)["id"] == "org/model-1"

    @pytest.mark.parametrize("holder_first", [True, False], ids=["id-first", "alias-first"])
    def test_id_wins_over_another_models_alias(self, holder_first: bool) -> None:
        """A name that is one model's id and another's alias answers the model with that id."""
        holder = LanguageModel(id="grok-4", created=CREATED, object="model", owned_by="xai")
        other = LanguageModel(
            id="grok-5", created=CREATED, object="model", owned_by="xai", aliases=("grok-4",)
        )
        models = [holder, other] if holder_first else [other, holder]
        catalog = Catalog.from_lists([], models, [], [], fetched_at=FETCHED)
        with MockServer(catalog) as server, httpx.Client(base_url=server.url) as http:
            assert body(http.get("/v1/language-models/grok-4"))["id"] == "grok-4"
            assert body(http.get("/v1/language-models/grok-5"))["id"] == "grok-5"

    def test_alias_is_only_looked_up_in_its_own_kind(self, http: httpx.Client) -> None:
        """A language model's alias is not a video model."""
        response = http.get("/v1/video-generation-models/grok-4.3-latest")
        assert response.status_code == 404

    def test_unknown_id_is_404_with_an_xai_body(self, http: httpx.Client) -> None:
        """An unknown id answers 404 {"code": "not-found", "error": "The model X does not..."}."""
        response = http.get("/v1/language-models/grok-9")
        assert response.status_code == 404
        payload = body(response)
        assert set(payload) == {"code", "error"}
        assert payload["code"] == "not-found"
        assert payload["error"].startswith("The model grok-9 does not exist")

    def test_percent_encoded_slash_is_one_segment(self, http: httpx.Client) -> None:
        """An id holding '/' is looked up whole when sent percent-encoded."""
        response = http.get("/v1/models/org%2Fmodel-1")
        assert response.status_code == 200
        assert body(response)["id"] == "org/model-1"

    def test_percent_encoded_space_and_unicode(self, http: httpx.Client) -> None:
        """Percent-encoded spaces and UTF-8 are decoded before the lookup."""
        response = http.get("/v1/language-models/grok%205%20beta%20%C3%BC")
        assert response.status_code == 200
        assert body(response)["id"] == "grok 5 beta ü"

    def test_unknown_encoded_id_is_named_decoded(self, http: httpx.Client) -> None:
        """The 404 for an encoded id names it decoded."""
        response = http.get("/v1/models/no%2Fsuch")
        assert response.status_code == 404
        assert body(response)["error"].startswith("The model no/such does not exist")

    @pytest.mark.parametrize(
        "path",
        [
            "/",
            "/v1",
            "/v1/",
            "/v1/chat/completions",
            "/v2/models",
            "/v1/models/",
            "/v1/models/org/model-1",
            "/v1/language_models",
            "/v1/modelsx/latest",
        ],
    )
    def test_unknown_path_is_404(self, http: httpx.Client, path: str) -> None:
        """A path that is not one of the eight endpoints answers 404 with a JSON error."""
        response = http.get(path)
        assert response.status_code == 404
        assert "error" in body(response)

    @pytest.mark.parametrize("method", ["POST", "PUT", "PATCH", "DELETE"])
    def test_other_methods_are_405(self, http: httpx.Client, method: str) -> None:
        """Only GET is served: other methods answer 405 with a JSON error."""
        response = http.request(method, "/v1/models")
        assert response.status_code == 405
        assert "error" in body(response)


class TestResponses:
    @pytest.mark.parametrize(
        ("method", "path", "status"),
        [
            ("GET", "/v1/models", 200),
            ("GET", "/v1/language-models/latest", 200),
            ("GET", "/v1/language-models/none", 404),
            ("GET", "/nowhere", 404),
            ("POST", "/v1/models", 405),
        ],
    )
    def test_length_and_json_type(
        self, http: httpx.Client, method: str, path: str, status: int
    ) -> None:
        """Every response has an exact Content-Length and a JSON content type."""
        response = http.request(method, path)
        assert response.status_code == status
        assert response.headers["content-length"] == str(len(response.content))
        assert response.headers["content-type"].split(";")[0] == "application/json"
        json.loads(response.content)

    def test_keep_alive_serves_several_requests_on_one_connection(self, http: httpx.Client) -> None:
        """Several requests, errors among them, travel over one kept-alive connection."""
        responses = [
            http.get("/v1/models"),
            http.get("/v1/language-models/none"),
            http.get("/v1/language-models/latest"),
            http.get("/nowhere"),
            http.get("/v1/video-generation-models"),
        ]
        assert [r.status_code for r in responses] == [200, 404, 200, 404, 200]
        assert len({local_port(r) for r in responses}) == 1
        assert all(r.headers.get("connection", "").lower() != "close" for r in responses)

    def test_refused_request_with_a_body_keeps_the_connection_usable(
        self, http: httpx.Client
    ) -> None:
        """A POST with a body answered 405 leaves the kept-alive connection usable."""
        refused = http.post("/v1/models", json={"model": "latest"})
        assert refused.status_code == 405
        after = http.get("/v1/models")
        assert after.status_code == 200
        assert "data" in body(after)

    def test_log_receives_each_request(self, catalog: Catalog) -> None:
        """The log callback gets one line per request, with its request line and status."""
        lines: list[str] = []
        with (
            MockServer(catalog, log=lines.append) as server,
            httpx.Client(base_url=server.url) as http,
        ):
            http.get("/v1/models")
            http.get("/v1/models/none")
        assert len(lines) == 2
        assert '"GET /v1/models HTTP/1.1" 200' in lines[0]
        assert '"GET /v1/models/none HTTP/1.1" 404' in lines[1]


class TestApiKey:
    def test_without_a_key_no_header_is_needed(self, http: httpx.Client) -> None:
        """A server without api_key answers without an Authorization header."""
        assert http.get("/v1/models").status_code == 200

    def test_missing_header_is_401(self, keyed_server: MockServer) -> None:
        """With api_key, a request without a bearer header answers 401 with a JSON error."""
        response = httpx.get(keyed_server.url + "/v1/models")
        assert response.status_code == 401
        assert set(body(response)) == {"code", "error"}

    def test_other_scheme_is_401(self, keyed_server: MockServer) -> None:
        """A non-bearer Authorization header counts as missing."""
        response = httpx.get(
            keyed_server.url + "/v1/models", headers={"Authorization": f"Basic {KEY}"}
        )
        assert response.status_code == 401

    def test_wrong_key_is_400_without_echoing_it(self, keyed_server: MockServer) -> None:
        """A wrong key answers 400 'Incorrect API key provided', never quoting the whole key."""
        wrong = "xai-wrong-key-0123456789"
        response = httpx.get(
            keyed_server.url + "/v1/models", headers={"Authorization": f"Bearer {wrong}"}
        )
        assert response.status_code == 400
        payload = body(response)
        assert payload["error"].startswith("Incorrect API key provided")
        assert wrong not in response.text
        assert wrong[2:-2] not in response.text

    def test_short_wrong_key_is_not_echoed(self, keyed_server: MockServer) -> None:
        """Even a short wrong key does not appear in the answer."""
        response = httpx.get(
            keyed_server.url + "/v1/models", headers={"Authorization": "Bearer abc"}
        )
        assert response.status_code == 400
        assert "abc" not in body(response)["error"]

    def test_right_key_is_served(self, keyed_server: MockServer) -> None:
        """The right bearer key gets the lists and the models."""
        headers = {"Authorization": f"Bearer {KEY}"}
        with httpx.Client(base_url=keyed_server.url, headers=headers) as http:
            assert http.get("/v1/models").status_code == 200
            assert http.get("/v1/language-models/grok-4.3-latest").status_code == 200

    def test_key_is_checked_before_the_path(self, keyed_server: MockServer) -> None:
        """Without a key even an unknown model answers 401, not 404."""
        response = httpx.get(keyed_server.url + "/v1/models/none")
        assert response.status_code == 401


class TestWithClient:
    def test_catalog_over_http_equals_the_served_catalog(
        self, server: MockServer, catalog: Catalog
    ) -> None:
        """client.catalog() from the mock gives the served models, unknown fields included."""
        with Client(KEY, base_url=server.url) as client:
            fetched = client.catalog()
        assert fetched.models == catalog.models
        assert fetched.language_models == catalog.language_models
        assert fetched.image_generation_models == catalog.image_generation_models
        assert fetched.video_generation_models == catalog.video_generation_models

    def test_catalog_is_frozen_dated_in_utc_and_names_its_source(self, server: MockServer) -> None:
        """client.catalog() is a frozen Catalog of tuples, fetched now in UTC, from the base URL."""
        before = datetime.now(UTC)
        with Client(KEY, base_url=server.url) as client:
            fetched = client.catalog()
        assert isinstance(fetched, Catalog)
        assert isinstance(fetched.language_models, tuple)
        assert fetched.fetched_at.utcoffset() == timedelta(0)
        assert fetched.fetched_at >= before
        assert fetched.source == server.url
        with pytest.raises(AttributeError):
            fetched.models = ()  # type: ignore[misc]

    def test_find_needs_no_server(self, catalog: Catalog) -> None:
        """Once fetched, a catalog finds models with the server gone."""
        with MockServer(catalog) as server, Client(KEY, base_url=server.url) as client:
            fetched = client.catalog()
        found = fetched.find("grok-imagine-image")
        assert [type(m) for m in found] == [Model, ImageGenerationModel]
        assert fetched.find("grok-4.3-latest")[0].id == "latest"

    def test_get_by_id_and_alias(self, server: MockServer) -> None:
        """The client gets models by id and by alias, typed by kind."""
        with Client(KEY, base_url=server.url) as client:
            assert isinstance(client.models.get("latest"), Model)
            assert client.language_models.get("grok-4.3-latest").id == "latest"
            image = client.image_generation_models.get("grok-imagine-image")
            assert isinstance(image, ImageGenerationModel)
            video = client.video_generation_models.get("grok-imagine-video")
            assert isinstance(video, VideoGenerationModel)

    def test_client_encodes_an_id_with_a_slash(self, server: MockServer) -> None:
        """The client sends an id with '/' as one segment, and the server finds it."""
        with Client(KEY, base_url=server.url) as client:
            assert client.models.get("org/model-1").id == "org/model-1"
            assert client.language_models.get("grok 5 beta ü").id == "grok 5 beta ü"

    def test_unknown_model_is_not_found(self, server: MockServer) -> None:
        """An unknown id raises NotFoundError with the server's message."""
        with Client(KEY, base_url=server.url) as client, pytest.raises(NotFoundError) as caught:
            client.language_models.get("grok-9")
        assert caught.value.status_code == 404
        assert caught.value.code == "not-found"
        assert "The model grok-9 does not exist" in caught.value.message

    def test_right_key_is_accepted(self, keyed_server: MockServer) -> None:
        """A client with the server's key gets the catalog."""
        with Client(KEY, base_url=keyed_server.url) as client:
            assert len(client.catalog()) == len(example_catalog())

    def test_wrong_key_is_an_authentication_error(self, keyed_server: MockServer) -> None:
        """A client with another key gets AuthenticationError (400), without the key in it."""
        wrong = "xai-wrong-key-0123456789"
        with (
            Client(wrong, base_url=keyed_server.url) as client,
            pytest.raises(AuthenticationError) as caught,
        ):
            client.models.list()
        assert caught.value.status_code == 400
        assert caught.value.message.startswith("Incorrect API key provided")
        assert wrong not in str(caught.value)

    def test_many_requests_with_the_client(self) -> None:
        """The client's many requests, by list, id and alias, all succeed on one server."""
        catalog = offline_catalog()
        with MockServer(catalog) as server, Client(KEY, base_url=server.url) as client:
            for _ in range(3):
                assert client.catalog().models == catalog.models
            for model in catalog.language_models:
                assert client.language_models.get(model.id) == model
                for alias in model.aliases:
                    assert client.language_models.get(alias) == model


class TestLifecycle:
    def test_url_is_loopback_with_the_chosen_port(self, catalog: Catalog) -> None:
        """Port 0 picks a free port, which the url names."""
        server = MockServer(catalog)
        try:
            assert server.url.startswith("http://127.0.0.1:")
            assert int(server.url.rsplit(":", 1)[1]) > 0
        finally:
            server.stop()

    def test_many_servers_start_and_stop_in_turn(self, catalog: Catalog) -> None:
        """Servers on port 0 can be started and stopped one after another."""
        for _ in range(5):
            with MockServer(catalog) as server:
                assert httpx.get(server.url + "/v1/models").status_code == 200

    def test_two_servers_run_at_once(self, catalog: Catalog) -> None:
        """Two servers on port 0 run side by side on different ports."""
        keyed = MockServer(catalog, api_key=KEY)
        with MockServer(catalog) as open_server, keyed:
            assert open_server.url != keyed.url
            assert httpx.get(open_server.url + "/v1/models").status_code == 200
            assert httpx.get(keyed.url + "/v1/models").status_code == 401

    def test_stopped_server_refuses_connections(self, catalog: Catalog) -> None:
        """After stop(), the port no longer answers."""
        with MockServer(catalog) as server:
            url = server.url
        with pytest.raises(httpx.ConnectError):
            httpx.get(url + "/v1/models")

    def test_same_server_restarts(self, catalog: Catalog) -> None:
        """One MockServer can be started and stopped repeatedly."""
        server = MockServer(catalog)
        try:
            for _ in range(3):
                server.start()
                assert httpx.get(server.url + "/v1/models", timeout=10).status_code == 200
                server.stop()
        finally:
            server.stop()

    def test_stop_without_start(self, catalog: Catalog) -> None:
        """stop() on a server that never started releases its port without error."""
        server = MockServer(catalog)
        url = server.url
        server.stop()
        with pytest.raises(httpx.ConnectError):
            httpx.get(url + "/v1/models")

    def test_client_reports_a_stopped_server_as_a_connection_error(self, catalog: Catalog) -> None:
        """A client pointed at a closed port raises APIConnectionError."""
        url = f"http://127.0.0.1:{closed_port()}"
        with Client(KEY, base_url=url) as client, pytest.raises(APIConnectionError):
            client.models.list()

    def test_serves_on_ipv6_loopback(self, catalog: Catalog) -> None:
        """host='::1' serves on the IPv6 loopback, with the host bracketed in the url."""
        with MockServer(catalog, host="::1") as server:
            assert server.url.startswith("http://[::1]:")
            assert httpx.get(server.url + "/v1/models").status_code == 200


def test_the_embedded_catalog_is_a_fresh_build() -> None:
    """The shipped offline catalog equals what scripts/build-offline-catalog makes today."""
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "build-offline-catalog"), "--check"],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert result.returncode == 0, result.stdout
