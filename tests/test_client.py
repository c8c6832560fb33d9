"""Client and AsyncClient: configuration, requests, errors, secrets, logging and the cache."""

from __future__ import annotations

import asyncio
import json
import logging
import socket
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from xai_models import (
    APIConnectionError,
    APIResponseValidationError,
    APITimeoutError,
    AsyncClient,
    AuthenticationError,
    Catalog,
    Client,
    InternalServerError,
    NotFoundError,
    RateLimitError,
    XAIError,
)
from xai_models._api.resources import TTLCache

KEY = "test-key-0123456789"
Handler = Callable[[httpx.Request], httpx.Response]

MODEL = {"id": "grok-4", "created": 1752019200, "object": "model", "owned_by": "xai"}
LANGUAGE_MODEL = {**MODEL, "aliases": ["grok-4-latest"], "prompt_text_token_price": 30000}


def answer(status: int = 200, body: object = None, **headers: str) -> httpx.Response:
    content = body if isinstance(body, bytes) else json.dumps(body).encode()
    return httpx.Response(status, content=content, headers=headers)


def routes(request: httpx.Request) -> httpx.Response:
    """A tiny API: every list holds one model, every get returns it (by id or alias)."""
    path = request.url.path
    if path == "/v1/models":
        return answer(body={"data": [MODEL], "object": "list"})
    if path.count("/") == 2:
        return answer(body={"models": [LANGUAGE_MODEL]})
    if request.url.raw_path.decode().rsplit("/", 1)[-1] in ("grok-4", "grok-4-latest"):
        return answer(body=LANGUAGE_MODEL)
    return answer(404, {"code": "not-found", "error": "The model does not exist"})


class Recorder:
    """An httpx transport that records requests and answers with `handler`."""

    def __init__(self, handler: Handler = routes) -> None:
        self.handler = handler
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        return self.handler(request)

    def client(self, **options: Any) -> Client:
        http_client = httpx.Client(transport=httpx.MockTransport(self))
        return Client(options.pop("api_key", KEY), http_client=http_client, **options)

    def async_client(self, **options: Any) -> AsyncClient:
        http_client = httpx.AsyncClient(transport=httpx.MockTransport(self))
        return AsyncClient(options.pop("api_key", KEY), http_client=http_client, **options)


class TestConfiguration:
    def test_missing_key_names_the_environment_variable(self) -> None:
        with pytest.raises(XAIError, match="XAI_API_KEY"):
            Client()

    def test_key_from_the_environment(self, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setenv("XAI_API_KEY", "env-key-123")
        recorder = Recorder()
        client = Client(http_client=httpx.Client(transport=httpx.MockTransport(recorder)))
        client.models.list()
        assert recorder.requests[0].headers["authorization"] == "Bearer env-key-123"

    def test_explicit_key_wins_over_the_environment(self, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setenv("XAI_API_KEY", "env-key-123")
        recorder = Recorder()
        recorder.client(api_key="explicit-key").models.list()
        assert recorder.requests[0].headers["authorization"] == "Bearer explicit-key"

    @pytest.mark.parametrize(
        "bad_key",
        ["s3cr3t with space", "s3cr3t\n", "\ts3cr3t", "s3cr3t\r\nX-Injected: 1", "s3cré", "s3\x00"],
    )
    def test_malformed_keys_are_refused_without_echo(self, bad_key: str) -> None:
        with pytest.raises(ValueError, match="cannot be an xAI key") as caught:
            Client(bad_key)
        assert "s3" not in str(caught.value)

    def test_malformed_key_from_the_environment_is_blamed_on_it(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setenv("XAI_API_KEY", "secret-value\n")
        with pytest.raises(ValueError, match="XAI_API_KEY") as caught:
            Client()
        assert "secret-value" not in str(caught.value)

    @pytest.mark.parametrize(
        ("given", "expected"),
        [
            (None, "https://api.x.ai"),
            ("https://api.x.ai/v1", "https://api.x.ai"),
            ("https://api.x.ai/v1/", "https://api.x.ai"),
            ("https://gateway.example.com/xai", "https://gateway.example.com/xai"),
            ("http://127.0.0.1:8080", "http://127.0.0.1:8080"),
            ("http://localhost:8080/", "http://localhost:8080"),
            ("http://[::1]:8080", "http://[::1]:8080"),
        ],
    )
    def test_base_url(self, given: str | None, expected: str) -> None:
        assert Client(KEY, base_url=given).base_url == expected

    def test_base_url_from_the_environment(self, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setenv("XAI_BASE_URL", "https://proxy.example.com")
        assert Client(KEY).base_url == "https://proxy.example.com"

    def test_a_path_prefix_is_kept_in_requests(self) -> None:
        recorder = Recorder(lambda request: answer(body={"data": []}))
        recorder.client(base_url="https://gateway.example.com/xai").models.list()
        assert str(recorder.requests[0].url) == "https://gateway.example.com/xai/v1/models"

    def test_plain_http_to_a_remote_host_is_refused_before_any_lookup(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        lookups: list[object] = []
        monkeypatch.setattr(socket, "getaddrinfo", lambda *args, **kw: lookups.append(args))
        with pytest.raises(ValueError, match="clear text"):
            Client(KEY, base_url="http://api.example.com")
        assert lookups == []

    def test_plain_http_to_a_remote_host_when_the_user_opts_in(self) -> None:
        client = Client(KEY, base_url="http://10.0.0.5:8000", allow_insecure_http=True)
        assert client.base_url == "http://10.0.0.5:8000"

    @pytest.mark.parametrize(
        "url",
        ["ftp://api.x.ai", "api.x.ai", "https://", "https://user:pw@api.x.ai", "https://a/?q=1"],
    )
    def test_unusable_base_urls(self, url: str) -> None:
        with pytest.raises(ValueError, match="base_url") as caught:
            Client(KEY, base_url=url)
        assert "pw" not in str(caught.value)

    def test_default_timeout_is_finite_and_applies_to_each_request(self) -> None:
        recorder = Recorder()
        client = recorder.client()
        client.models.list()
        assert client.timeout == 30.0
        assert recorder.requests[0].extensions["timeout"] == dict.fromkeys(
            ("connect", "read", "write", "pool"), 30.0
        )

    def test_timeout_none_means_no_timeout(self) -> None:
        recorder = Recorder()
        recorder.client(timeout=None).models.list()
        assert set(recorder.requests[0].extensions["timeout"].values()) == {None}

    def test_the_given_http_clients_timeout_is_used_when_none_is_given(self) -> None:
        recorder = Recorder()
        http_client = httpx.Client(transport=httpx.MockTransport(recorder), timeout=7.0)
        Client(KEY, http_client=http_client).models.list()
        assert recorder.requests[0].extensions["timeout"]["read"] == 7.0

    @pytest.mark.parametrize(
        "options",
        [
            {"timeout": 0},
            {"timeout": -1},
            {"max_retries": -1},
            {"max_retries": 1.5},
            {"cache_ttl": 0},
        ],
    )
    def test_invalid_options(self, options: dict[str, Any]) -> None:
        with pytest.raises(ValueError, match=f"{next(iter(options))} must be"):
            Client(KEY, **options)

    def test_http_client_of_the_wrong_kind(self) -> None:
        with pytest.raises(TypeError, match=r"httpx\.Client"):
            Client(KEY, http_client=httpx.AsyncClient())  # type: ignore[arg-type]
        with pytest.raises(TypeError, match=r"httpx\.AsyncClient"):
            AsyncClient(KEY, http_client=httpx.Client())  # type: ignore[arg-type]

    def test_repr_shows_the_configuration_not_the_key(self) -> None:
        client = Client("planted-key-7777", max_retries=3)
        assert repr(client) == "Client(base_url='https://api.x.ai', timeout=30.0, max_retries=3)"
        for text in (repr(client), repr(client._options), repr(client.models), repr(vars(client))):
            assert "planted-key-7777" not in text
        assert "planted-key-7777" not in repr(AsyncClient("planted-key-7777"))


class TestWithOptions:
    def test_changes_only_what_is_given_and_keeps_the_http_client(self) -> None:
        recorder = Recorder()
        client = recorder.client(max_retries=4)
        copy = client.with_options(timeout=5.0)
        copy.models.list()
        assert (copy.timeout, copy.max_retries, copy.base_url) == (5.0, 4, client.base_url)
        assert len(recorder.requests) == 1  # the injected transport served the copy
        assert client.timeout == 30.0

    def test_a_new_key(self) -> None:
        recorder = Recorder()
        recorder.client().with_options(api_key="other-key").models.list()
        assert recorder.requests[0].headers["authorization"] == "Bearer other-key"

    def test_async(self) -> None:
        recorder = Recorder()
        copy = recorder.async_client().with_options(max_retries=0)
        asyncio.run(copy.models.list())
        assert (copy.max_retries, len(recorder.requests)) == (0, 1)


class TestRequests:
    def test_headers(self) -> None:
        recorder = Recorder()
        recorder.client().models.list()
        headers = recorder.requests[0].headers
        assert headers["authorization"] == f"Bearer {KEY}"
        assert headers["accept"] == "application/json"
        assert headers["user-agent"].startswith("xai-models/")

    @pytest.mark.parametrize(
        ("model_id", "raw_path"),
        [
            ("grok-4", "/v1/language-models/grok-4"),
            ("a/b", "/v1/language-models/a%2Fb"),
            ("../../v1/models", "/v1/language-models/..%2F..%2Fv1%2Fmodels"),
            ("x?y=1#z", "/v1/language-models/x%3Fy%3D1%23z"),
            ("50%", "/v1/language-models/50%25"),
            ("%2e%2e", "/v1/language-models/%252e%252e"),
            ("grök 4", "/v1/language-models/gr%C3%B6k%204"),
        ],
    )
    def test_model_ids_stay_one_segment(self, model_id: str, raw_path: str) -> None:
        recorder = Recorder(lambda request: answer(404, {"code": "not-found", "error": "no"}))
        with pytest.raises(NotFoundError):
            recorder.client().language_models.get(model_id)
        assert recorder.requests[0].url.raw_path.decode() == raw_path

    @pytest.mark.parametrize(
        "model_id", ["", ".", "..", "a\nb", "a\rb", "\x00", "a\x7fb", "\ud800"]
    )
    def test_unusable_ids_raise_value_error_before_any_request(self, model_id: str) -> None:
        recorder = Recorder()
        client = recorder.client()
        for resource in (client.models, client.language_models, client.image_generation_models):
            with pytest.raises(ValueError, match="model_id"):
                resource.get(model_id)
        assert recorder.requests == []

    def test_non_string_id(self) -> None:
        with pytest.raises(TypeError, match="model_id must be a str"):
            Recorder().client().models.get(42)  # type: ignore[arg-type]

    def test_get_by_alias_returns_the_canonical_model(self) -> None:
        model = Recorder().client().language_models.get("grok-4-latest")
        assert (model.id, model.aliases) == ("grok-4", ("grok-4-latest",))

    def test_same_origin_redirect_keeps_authorization(self) -> None:
        def handler(request: httpx.Request) -> httpx.Response:
            if request.url.path == "/v1/models":
                return httpx.Response(307, headers={"location": "/v2/models"})
            return answer(body={"data": []})

        recorder = Recorder(handler)
        recorder.client().models.list()
        assert [r.headers.get("authorization") for r in recorder.requests] == [f"Bearer {KEY}"] * 2

    def test_cross_origin_redirect_drops_authorization(self) -> None:
        def handler(request: httpx.Request) -> httpx.Response:
            if request.url.host == "api.x.ai":
                return httpx.Response(302, headers={"location": "https://elsewhere.example/v1"})
            return answer(body={"data": []})

        recorder = Recorder(handler)
        recorder.client().models.list()
        assert recorder.requests[1].url.host == "elsewhere.example"
        assert "authorization" not in recorder.requests[1].headers


class TestErrors:
    @pytest.mark.parametrize(
        ("status", "body", "error", "attempts"),
        [
            (404, b'{"code":"not-found","error":"no"}', NotFoundError, 1),
            (429, b'{"code":"rate","error":"slow down"}', RateLimitError, 3),
            (502, b"<html><body>Bad gateway</body></html>", InternalServerError, 3),
            (503, b"", InternalServerError, 3),
            (520, b"<!DOCTYPE html><p>origin error</p>", InternalServerError, 3),
        ],
    )
    def test_statuses(
        self, status: int, body: bytes, error: type[Exception], attempts: int
    ) -> None:
        recorder = Recorder(lambda request: answer(status, body))
        with pytest.raises(error) as caught:
            recorder.client().models.list()
        assert caught.value.status_code == status  # type: ignore[attr-defined]
        assert len(recorder.requests) == attempts

    def test_wrong_key(self) -> None:
        body = {
            "code": "Client specified an invalid argument",
            "error": "Incorrect API key provided",
        }
        with pytest.raises(AuthenticationError) as caught:
            Recorder(lambda request: answer(400, body)).client().models.list()
        assert (caught.value.status_code, caught.value.code) == (400, body["code"])

    def test_connection_failure_after_retries(self, sleeps: list[float]) -> None:
        def refuse(request: httpx.Request) -> httpx.Response:
            raise httpx.ConnectError("Connection refused", request=request)

        recorder = Recorder(refuse)
        with pytest.raises(APIConnectionError, match="Connection refused") as caught:
            recorder.client().models.list()
        assert not isinstance(caught.value, APITimeoutError)
        assert len(recorder.requests) == 3
        assert len(sleeps) == 2

    def test_timeout(self) -> None:
        def stall(request: httpx.Request) -> httpx.Response:
            raise httpx.ReadTimeout("timed out", request=request)

        with pytest.raises(APITimeoutError):
            Recorder(stall).client(max_retries=0).models.list()

    def test_no_httpx_exception_escapes_a_protocol_error(self) -> None:
        def garbage(request: httpx.Request) -> httpx.Response:
            raise httpx.LocalProtocolError("illegal header")

        with pytest.raises(APIConnectionError) as caught:
            Recorder(garbage).client().models.list()
        assert isinstance(caught.value.__cause__, httpx.LocalProtocolError)

    @pytest.mark.parametrize(
        ("body", "message"),
        [
            (b"<html>maintenance</html>", "not JSON"),
            (b"", "empty"),
            (b'{"models": null}', "'models' must be an array, got null"),
            (b'{"models": [{"id": "m", "created": "yesterday", "object": "model", '
             b'"owned_by": "x"}]}', "'created' must be an integer, got a string"),
            (b'{"models": [{"id": "m", "created": 1, "object": "model", "owned_by": "x", '
             b'"aliases": 5}]}', "'aliases' must be an array or null, got an integer"),
            (b'{"models": [{"created": 1, "object": "model", "owned_by": "x"}]}',
             "'id' must be a string, got missing"),
            (b"[1, 2]", "must be a JSON object, got an array"),
        ],
    )  # fmt: skip
    def test_success_bodies_that_break_the_spec(self, body: bytes, message: str) -> None:
        recorder = Recorder(lambda request: answer(200, body))
        with pytest.raises(APIResponseValidationError, match=message.replace("[", r"\[")) as caught:
            recorder.client().language_models.list()
        assert caught.value.status_code == 200
        assert caught.value.body == body


class TestSecrets:
    PLANTED = "planted-secret-key-000111222"

    def test_key_absent_from_exceptions_and_logs(self, caplog: pytest.LogCaptureFixture) -> None:
        """Even a server that echoes the key cannot put it in an exception or a log line."""

        def echo(request: httpx.Request) -> httpx.Response:
            return answer(401, {"code": "bad", "error": f"key {request.headers['authorization']}"})

        caplog.set_level(logging.DEBUG)
        with pytest.raises(AuthenticationError) as caught:
            Recorder(echo).client(api_key=self.PLANTED).models.list()
        error: BaseException | None = caught.value
        while error is not None:
            assert self.PLANTED not in str(error)
            assert self.PLANTED not in repr(error)
            error = error.__cause__ or error.__context__
        assert self.PLANTED not in caplog.text
        assert any(record.name == "xai_models" for record in caplog.records)


class TestLogging:
    def test_requests_and_retries_are_logged_at_debug(
        self, caplog: pytest.LogCaptureFixture
    ) -> None:
        responses = iter([answer(503, b""), answer(200, {"data": []})])
        caplog.set_level(logging.DEBUG, logger="xai_models")
        Recorder(lambda request: next(responses)).client().models.list()
        messages = [r.getMessage() for r in caplog.records if r.name == "xai_models"]
        assert messages[0].startswith("retrying GET https://api.x.ai/v1/models after status 503")
        assert messages[1].startswith("GET https://api.x.ai/v1/models -> 200 in ")


class TestCache:
    def test_list_and_get_by_id_or_alias_are_served_from_the_cache(self) -> None:
        recorder = Recorder()
        client = recorder.client(cache_ttl=60)
        first = client.language_models.list()
        assert client.language_models.list() == first
        assert client.language_models.get("grok-4") is first[0]
        assert client.language_models.get("grok-4-latest") is first[0]
        assert len(recorder.requests) == 1

    def test_a_cached_list_cannot_be_changed_by_the_caller(self) -> None:
        client = Recorder().client(cache_ttl=60)
        client.models.list().clear()
        assert len(client.models.list()) == 1

    def test_entries_expire(self) -> None:
        recorder = Recorder()
        client = recorder.client(cache_ttl=10)
        now = [0.0]
        assert client._cache is not None
        client._cache._clock = lambda: now[0]
        client.language_models.get("grok-4")
        now[0] = 9.9
        client.language_models.get("grok-4")
        now[0] = 10.0
        client.language_models.get("grok-4")
        assert len(recorder.requests) == 2

    def test_no_cache_by_default(self) -> None:
        recorder = Recorder()
        client = recorder.client()
        client.models.list()
        client.models.list()
        assert len(recorder.requests) == 2

    def test_clear_cache_forgets_everything(self) -> None:
        """After clear_cache() the next list and get fetch again."""
        recorder = Recorder()
        client = recorder.client(cache_ttl=60)
        client.language_models.list()
        client.clear_cache()
        client.language_models.list()
        client.language_models.get("grok-4")
        assert len(recorder.requests) == 2
        Recorder().client().clear_cache()  # no cache: nothing to clear, no error

    def test_the_cache_is_bounded_oldest_first(self) -> None:
        """At most max_entries results stay; the oldest entry is forgotten first."""
        cache = TTLCache(60, max_entries=3)
        for key in "abcd":
            cache.put([key], key.upper())
        assert len(cache) == 3
        assert cache.get("a") is None
        assert [cache.get(key) for key in "bcd"] == ["B", "C", "D"]
        cache.put(["b"], "B2")  # a rewritten key becomes the newest
        cache.put(["e"], "E")
        assert cache.get("c") is None
        assert cache.get("b") == "B2"

    def test_the_default_bound(self) -> None:
        client = Recorder().client(cache_ttl=60)
        assert client._cache is not None
        assert client._cache.max_entries == 4096

    def test_catalog_from_the_cache(self) -> None:
        recorder = Recorder()
        client = recorder.client(cache_ttl=60)
        catalog = client.catalog()
        assert isinstance(catalog, Catalog)
        client.catalog()
        client.language_models.get("grok-4-latest")
        assert len(recorder.requests) == 4


class TestAsync:
    def test_every_list_and_get(self) -> None:
        recorder = Recorder()

        async def run() -> list[str]:
            async with recorder.async_client() as client:
                ids = [m.id for m in await client.models.list()]
                ids.append((await client.language_models.get("grok-4-latest")).id)
                ids.append((await client.image_generation_models.get("grok-4")).id)
                ids.append((await client.video_generation_models.get("grok-4")).id)
                return ids

        assert asyncio.run(run()) == ["grok-4"] * 4
        assert {r.headers["authorization"] for r in recorder.requests} == {f"Bearer {KEY}"}

    def test_catalog_fetches_the_four_lists(self) -> None:
        recorder = Recorder()
        catalog = asyncio.run(recorder.async_client().catalog())
        assert len(catalog) == 4
        assert sorted(r.url.path for r in recorder.requests) == [
            "/v1/image-generation-models",
            "/v1/language-models",
            "/v1/models",
            "/v1/video-generation-models",
        ]

    def test_catalog_raises_the_error_itself_not_a_group(self) -> None:
        def handler(request: httpx.Request) -> httpx.Response:
            if request.url.path == "/v1/video-generation-models":
                return answer(404, {"code": "not-found", "error": "gone"})
            return routes(request)

        with pytest.raises(NotFoundError, match="gone"):
            asyncio.run(Recorder(handler).async_client().catalog())

    def test_errors_and_ids_as_in_sync(self) -> None:
        recorder = Recorder(lambda request: answer(502, b"<html></html>"))

        async def run() -> None:
            client = recorder.async_client()
            with pytest.raises(ValueError, match="model_id"):
                await client.models.get("..")
            with pytest.raises(InternalServerError):
                await client.models.list()

        asyncio.run(run())
        assert len(recorder.requests) == 3

    def test_injected_client_stays_open(self) -> None:
        recorder = Recorder()
        http_client = httpx.AsyncClient(transport=httpx.MockTransport(recorder))

        async def run() -> None:
            async with AsyncClient(KEY, http_client=http_client) as client:
                await client.models.list()
            assert not http_client.is_closed

        asyncio.run(run())


def test_injected_sync_client_stays_open() -> None:
    http_client = httpx.Client(transport=httpx.MockTransport(Recorder()))
    with Client(KEY, http_client=http_client) as client:
        client.models.list()
    assert not http_client.is_closed
