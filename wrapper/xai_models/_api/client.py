"""`Client` and `AsyncClient`: configuration, the httpx stack under the generated client."""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, Final, Generic, Self, TypeVar, overload

import attrs
import httpx

from .._model.families import (
    IMAGE_GENERATION_MODELS,
    LANGUAGE_MODELS,
    MODELS,
    VIDEO_GENERATION_MODELS,
    Family,
)
from .._model.types import ImageGenerationModel, LanguageModel, Model, VideoGenerationModel
from .._schema.errors import XAIError
from .._schema.public import publish
from .._version import __version__
from . import retry as _retry
from .constants import (
    API_KEY_ENV,
    BASE_URL_ENV,
    DEFAULT_BASE_URL,
    DEFAULT_MAX_RETRIES,
    DEFAULT_TIMEOUT,
)
from .http import connection_error, env_proxy, finish, is_loopback, request_kwargs
from .resources import AsyncResource, Resource, TTLCache

if TYPE_CHECKING:
    from .._model.catalog import Catalog

__all__ = ["NOT_GIVEN", "AsyncClient", "Client"]

T = TypeVar("T")


class _NotGiven:
    """Marks an argument left out, as opposed to one given as None (`timeout=None`: no timeout)."""

    def __repr__(self) -> str:
        return "NOT_GIVEN"

    def __bool__(self) -> bool:
        return False


NOT_GIVEN: Final = _NotGiven()

_USER_AGENT = f"xai-models/{__version__} httpx/{httpx.__version__}"
_HTTPX_DEFAULT_TIMEOUT = httpx.Timeout(5.0)


@attrs.frozen(kw_only=True)
class _Options:
    """A client's resolved configuration; the key never shows in its repr."""

    api_key: str = attrs.field(repr=False)
    base_url: str
    timeout: float | None
    max_retries: int
    allow_insecure_http: bool
    cache_ttl: float | None


def _resolve(
    api_key: str | None,
    base_url: str | None,
    timeout: float | _NotGiven | None,
    max_retries: int,
    allow_insecure_http: bool,
    cache_ttl: float | None,
    http_client_timeout: httpx.Timeout | None,
) -> tuple[_Options, httpx.Timeout]:
    key_source = "api_key"
    if api_key is None:
        api_key = os.environ.get(API_KEY_ENV) or None
        key_source = API_KEY_ENV
    if api_key is None:
        raise XAIError(
            f"No API key: pass api_key=... or set the {API_KEY_ENV} environment variable "
            "(keys are at https://console.x.ai)."
        )
    if not isinstance(api_key, str):
        raise TypeError(f"api_key must be a str, not {type(api_key).__name__}")
    if not api_key.strip():
        raise ValueError(f"{key_source} is empty: an xAI key looks like xai-... (console.x.ai)")
    if not api_key.isascii() or not api_key.isprintable() or " " in api_key:
        raise ValueError(
            f"{key_source} holds whitespace, control or non-ASCII characters, so it cannot be an "
            "xAI key (the value is not shown)"
        )
    if isinstance(max_retries, bool) or not isinstance(max_retries, int) or max_retries < 0:
        raise ValueError(f"max_retries must be an int >= 0, got {max_retries!r}")
    if cache_ttl is not None and not cache_ttl > 0:
        raise ValueError(f"cache_ttl must be a number of seconds > 0, or None, got {cache_ttl!r}")
    if isinstance(timeout, _NotGiven):
        # As openai-python does: a given client's timeout counts only if it is not httpx's default.
        if http_client_timeout is None or http_client_timeout == _HTTPX_DEFAULT_TIMEOUT:
            http_client_timeout = httpx.Timeout(DEFAULT_TIMEOUT)
        httpx_timeout, seconds = http_client_timeout, http_client_timeout.read
    else:
        if timeout is not None and (isinstance(timeout, bool) or not timeout > 0):
            raise ValueError(f"timeout must be a number of seconds > 0, or None, got {timeout!r}")
        httpx_timeout, seconds = httpx.Timeout(timeout), timeout
    resolved_url = _check_base_url(
        base_url or os.environ.get(BASE_URL_ENV) or DEFAULT_BASE_URL, allow_insecure_http
    )
    options = _Options(
        api_key=api_key,
        base_url=resolved_url,
        timeout=seconds,
        max_retries=max_retries,
        allow_insecure_http=allow_insecure_http,
        cache_ttl=cache_ttl,
    )
    return options, httpx_timeout


def _check_base_url(base_url: str, allow_insecure_http: bool) -> str:
    """Validate the base URL from its text alone; drop a trailing `/v1` (the OpenAI-style base)."""
    try:
        url = httpx.URL(base_url)
    except (httpx.InvalidURL, TypeError) as exc:
        raise ValueError(f"base_url is not a valid URL: {exc}") from None
    if url.scheme not in ("http", "https") or not url.host:
        raise ValueError("base_url must be an http:// or https:// URL with a host")
    if url.userinfo:
        raise ValueError("base_url must not carry credentials; pass the key as api_key")
    if url.query or url.fragment:
        raise ValueError("base_url must not have a query or a fragment")
    if url.scheme == "http" and not allow_insecure_http and not is_loopback(url.host):
        raise ValueError(
            f"refusing to send the API key in clear text to {url.host}: use https://, or pass "
            "allow_insecure_http=True if you really mean it"
        )
    path = url.path.rstrip("/")
    if path.endswith("/v1"):
        path = path[: -len("/v1")]
    return str(url.copy_with(path=path or "/")).rstrip("/")


def _headers(options: _Options) -> dict[str, str]:
    return {
        "Authorization": f"Bearer {options.api_key}",
        "Accept": "application/json",
        "User-Agent": _USER_AGENT,
    }


class _SendThrough(httpx.BaseTransport):
    """Lets a user's httpx.Client send (its proxies, certificates, hooks) under our retries."""

    def __init__(self, client: httpx.Client) -> None:
        self._client = client

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        return self._client.send(request, stream=True)

    def close(self) -> None:
        """The user's client stays open: it is theirs."""


class _AsyncSendThrough(httpx.AsyncBaseTransport):
    def __init__(self, client: httpx.AsyncClient) -> None:
        self._client = client

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        return await self._client.send(request, stream=True)

    async def aclose(self) -> None:
        """The user's client stays open: it is theirs."""


H = TypeVar("H", httpx.Client, httpx.AsyncClient)
M = TypeVar("M", Model, LanguageModel, ImageGenerationModel, VideoGenerationModel)


class _ResourceOf(Generic[M]):
    """A client's resource for one family: `Resource` on a Client, `AsyncResource` on an
    AsyncClient, built on first use and kept."""

    def __init__(self, family: Family[M]) -> None:
        self._family: Family[M] = family
        self.__doc__ = f"`GET {family.path}` and `GET {family.path}/{{model_id}}`."

    def __set_name__(self, owner: type, name: str) -> None:
        self._name = name

    @overload
    def __get__(self, client: None, owner: type) -> _ResourceOf[M]: ...
    @overload
    def __get__(self, client: Client, owner: type) -> Resource[M]: ...
    @overload
    def __get__(self, client: AsyncClient, owner: type) -> AsyncResource[M]: ...
    def __get__(self, client: _BaseClient[Any] | None, owner: type) -> Any:
        if client is None:
            return self
        resource = client._resource_class(client, self._family)
        client.__dict__[self._name] = resource  # later lookups find it without this descriptor
        return resource


class _BaseClient(Generic[H]):
    """Everything Client and AsyncClient share: configuration, resources, the cache, copies."""

    _http_client_class: type[H]
    _http_transport: Callable[..., Any]
    _send_through: Callable[[H], Any]
    _retry_transport: Callable[[Any, _retry.RetryPolicy], Any]
    _resource_class: Callable[[Any, Family[Any]], Any]
    _options: _Options
    _cache: TTLCache | None

    models = _ResourceOf(MODELS)
    language_models = _ResourceOf(LANGUAGE_MODELS)
    image_generation_models = _ResourceOf(IMAGE_GENERATION_MODELS)
    video_generation_models = _ResourceOf(VIDEO_GENERATION_MODELS)

    def __init__(
        self,
        api_key: str | None = None,
        *,
        base_url: str | None = None,
        timeout: float | _NotGiven | None = NOT_GIVEN,
        max_retries: int = DEFAULT_MAX_RETRIES,
        http_client: H | None = None,
        allow_insecure_http: bool = False,
        cache_ttl: float | None = None,
    ) -> None:
        if http_client is not None and not isinstance(http_client, self._http_client_class):
            raise TypeError(
                f"http_client must be an httpx.{self._http_client_class.__name__}, "
                f"not {type(http_client).__name__}"
            )
        self._options, httpx_timeout = _resolve(
            api_key,
            base_url,
            timeout,
            max_retries,
            allow_insecure_http,
            cache_ttl,
            http_client.timeout if http_client is not None else None,
        )
        self._timeout_given = timeout
        self._given_http_client: H | None = http_client
        self._cache = TTLCache(cache_ttl) if cache_ttl else None
        inner = (
            self._send_through(http_client)
            if http_client is not None
            else self._http_transport(proxy=env_proxy(httpx.URL(self._options.base_url)))
        )
        policy = _retry.RetryPolicy(max_retries=self._options.max_retries)
        self._http: H = self._http_client_class(
            base_url=self._options.base_url,
            headers=_headers(self._options),
            timeout=httpx_timeout,
            follow_redirects=True,
            trust_env=False,  # proxies from the environment go to the inner transport
            transport=self._retry_transport(inner, policy),
        )

    def with_options(
        self,
        *,
        api_key: str | None = None,
        base_url: str | None = None,
        timeout: float | _NotGiven | None = NOT_GIVEN,
        max_retries: int | None = None,
        http_client: H | None = None,
        allow_insecure_http: bool | None = None,
        cache_ttl: float | _NotGiven | None = NOT_GIVEN,
    ) -> Self:
        """A new client like this one but for the given changes; a given http_client is kept."""
        options = self._options
        return type(self)(
            api_key or options.api_key,
            base_url=base_url or options.base_url,
            timeout=self._timeout_given if isinstance(timeout, _NotGiven) else timeout,
            max_retries=options.max_retries if max_retries is None else max_retries,
            http_client=http_client or self._given_http_client,
            allow_insecure_http=(
                options.allow_insecure_http if allow_insecure_http is None else allow_insecure_http
            ),
            cache_ttl=options.cache_ttl if isinstance(cache_ttl, _NotGiven) else cache_ttl,
        )

    def clear_cache(self) -> None:
        """Forget every cached result (a client made with `cache_ttl`); the next calls fetch."""
        if self._cache is not None:
            self._cache.clear()

    def _request(self, operation: str, params: dict[str, str]) -> httpx.Request:
        return self._http.build_request(
            **request_kwargs(operation, self._options.base_url, **params)
        )

    def _finish(self, response: httpx.Response, decode: Callable[[Any], T], started: float) -> T:
        return finish(response, decode, secret=self._options.api_key, started=started)

    @property
    def base_url(self) -> str:
        return self._options.base_url

    @property
    def timeout(self) -> float | None:
        """Seconds each attempt may take per phase (connect, write, read, pool); None: no limit."""
        return self._options.timeout

    @property
    def max_retries(self) -> int:
        return self._options.max_retries

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(base_url={self.base_url!r}, timeout={self.timeout!r}, "
            f"max_retries={self.max_retries!r})"
        )


@contextmanager
def _connection_errors() -> Iterator[None]:
    """Turn an httpx failure that left no response into the typed error for it."""
    try:
        yield
    except (httpx.HTTPError, httpx.InvalidURL) as exc:
        raise connection_error(exc) from exc
    except RuntimeError as exc:
        if "closed" not in str(exc):
            raise
        raise XAIError(
            "this client is closed: make a new one (or use it in a `with` block)"
        ) from None


class Client(_BaseClient[httpx.Client]):
    """A synchronous client for the xAI Models API.

    `api_key` defaults to `XAI_API_KEY`, `base_url` to `XAI_BASE_URL`, else https://api.x.ai.
    `timeout` (seconds, per attempt, per phase; `None` for none) defaults to 30 s, or to the timeout
    of a given `http_client`. Failed requests (408, 409, 429, 5xx, timeouts, dropped connections)
    are retried up to `max_retries` times. A given `http_client` sends the requests (its proxies,
    certificates and hooks apply) and stays open when this client closes; its base URL and headers
    are not used.
    `cache_ttl` keeps results for that many seconds: repeated `list()`, `get()` by id or alias, and
    `catalog()` then make no request (`clear_cache()` forgets them).
    """

    _http_client_class = httpx.Client
    _http_transport = httpx.HTTPTransport
    _send_through = _SendThrough
    _retry_transport = _retry.RetryTransport
    _resource_class = Resource

    def catalog(self) -> Catalog:
        """Every model of every kind, fetched now (or cached), to look up without requests."""
        from .._model.catalog import Catalog  # noqa: PLC0415 - only catalog users pay for it

        return Catalog.from_lists(
            self.models.list(),
            self.language_models.list(),
            self.image_generation_models.list(),
            self.video_generation_models.list(),
            source=self.base_url,
        )

    def _call(self, operation: str, decode: Callable[[Any], T], **params: str) -> T:
        started = time.perf_counter()
        with _connection_errors():
            response = self._http.send(self._request(operation, params))
        return self._finish(response, decode, started)

    def close(self) -> None:
        """Close the connections this client opened (a given http_client stays open)."""
        self._http.close()

    def __enter__(self) -> Client:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


class AsyncClient(_BaseClient[httpx.AsyncClient]):
    """The asynchronous twin of `Client`: the same arguments and resources, awaitable.

    `http_client`, when given, is an `httpx.AsyncClient`. `catalog()` fetches the four lists
    concurrently.
    """

    _http_client_class = httpx.AsyncClient
    _http_transport = httpx.AsyncHTTPTransport
    _send_through = _AsyncSendThrough
    _retry_transport = _retry.AsyncRetryTransport
    _resource_class = AsyncResource

    async def catalog(self) -> Catalog:
        """Every model of every kind, the four lists fetched concurrently (or from the cache)."""
        import asyncio  # noqa: PLC0415 - an AsyncClient's caller has it loaded already

        from .._model.catalog import Catalog  # noqa: PLC0415 - only catalog users pay for it

        failure: BaseException | None = None
        try:
            async with asyncio.TaskGroup() as group:
                models = group.create_task(self.models.list())
                language_models = group.create_task(self.language_models.list())
                image_models = group.create_task(self.image_generation_models.list())
                video_models = group.create_task(self.video_generation_models.list())
        except BaseExceptionGroup as failures:
            failure = failures.exceptions[0]  # the other fetches were cancelled because of it
        if failure is not None:
            raise failure
        return Catalog.from_lists(
            models.result(),
            language_models.result(),
            image_models.result(),
            video_models.result(),
            source=self.base_url,
        )

    async def _call(self, operation: str, decode: Callable[[Any], T], **params: str) -> T:
        started = time.perf_counter()
        with _connection_errors():
            response = await self._http.send(self._request(operation, params))
        return self._finish(response, decode, started)

    async def close(self) -> None:
        """Close the connections this client opened (a given http_client stays open)."""
        await self._http.aclose()

    async def __aenter__(self) -> AsyncClient:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.close()


publish(Client, AsyncClient)
