"""`client.models`, `client.language_models`, ...: the resources of each family, and their cache."""

from __future__ import annotations

import time
from collections.abc import Callable, Hashable
from typing import Any, Generic, Protocol, TypeVar

from .._model.families import Family, Named
from .constants import DEFAULT_CACHE_ENTRIES

__all__ = ["AsyncResource", "Resource", "TTLCache", "check_model_id"]

T = TypeVar("T", bound=Named)
R = TypeVar("R")


class Caller(Protocol):
    """What a `Resource` asks of its `Client`: one request, decoded; the client's cache."""

    _cache: TTLCache | None

    def _call(self, operation: str, decode: Callable[[Any], R], **params: str) -> R: ...


class AsyncCaller(Protocol):
    """What an `AsyncResource` asks of its `AsyncClient`."""

    _cache: TTLCache | None

    async def _call(self, operation: str, decode: Callable[[Any], R], **params: str) -> R: ...


def check_model_id(model_id: object) -> str:
    """Refuse, before any request, an id that cannot stay one path segment of its endpoint."""
    if not isinstance(model_id, str):
        raise TypeError(f"model_id must be a str, not {type(model_id).__name__}")
    if model_id in ("", ".", ".."):
        raise ValueError(f"model_id must name a model, got {model_id!r}")
    if not model_id.isprintable() and any(
        ord(ch) < 0x20 or 0x7F <= ord(ch) < 0xA0 for ch in model_id
    ):
        raise ValueError(f"model_id must not contain control characters: {model_id!r}")
    try:
        model_id.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError(f"model_id is not valid Unicode: {model_id!r}") from None
    return model_id


class TTLCache:
    """Results kept for `ttl` seconds, by key, at most `max_entries` of them (the oldest are
    forgotten first); `clock` is injectable for tests."""

    def __init__(
        self,
        ttl: float,
        clock: Callable[[], float] = time.monotonic,
        max_entries: int = DEFAULT_CACHE_ENTRIES,
    ) -> None:
        self.ttl = ttl
        self.max_entries = max_entries
        self._clock = clock
        self._entries: dict[Hashable, tuple[float, Any]] = {}

    def get(self, key: Hashable) -> Any:
        entry = self._entries.get(key)
        if entry is None:
            return None
        if entry[0] <= self._clock():
            del self._entries[key]
            return None
        return entry[1]

    def put(self, keys: list[Hashable], value: Any) -> None:
        expires = self._clock() + self.ttl
        for key in keys:
            self._store(key, (expires, value))

    def remember_models(self, family: Family[T], models: list[T]) -> None:
        """Cache a list, and each model in it by id and by alias."""
        self.put([("list", family.name)], models)
        expires = self._clock() + self.ttl
        for model in models:
            self._store(("get", family.name, model.id), (expires, model))
            for alias in model.aliases:
                self._store(("get", family.name, alias), (expires, model))

    def _store(self, key: Hashable, entry: tuple[float, Any]) -> None:
        entries = self._entries
        entries.pop(key, None)
        entries[key] = entry
        if len(entries) > self.max_entries:
            del entries[next(iter(entries))]

    def __len__(self) -> int:
        return len(self._entries)

    def clear(self) -> None:
        self._entries.clear()


def _cached(cache: TTLCache | None, key: Hashable) -> Any:
    return None if cache is None else cache.get(key)


def _remember_list(cache: TTLCache | None, family: Family[T], models: list[T]) -> list[T]:
    """Cache a fetched list; the caller gets its own copy, so it cannot change the cached one."""
    if cache is None:
        return models
    cache.remember_models(family, models)
    return list(models)


def _remember_one(cache: TTLCache | None, family: Family[T], asked: str, model: T) -> T:
    """Cache a fetched model under the name asked for, its id and its aliases."""
    if cache is not None:
        names = {asked, model.id, *model.aliases}
        cache.put([("get", family.name, name) for name in names], model)
    return model


class _ResourceCore(Generic[T]):
    """What Resource and AsyncResource share: the cache steps around one request."""

    def __init__(self, client: Any, family: Family[T]) -> None:
        self._client = client
        self._family = family

    def _cached_list(self) -> list[T] | None:
        cached: list[T] | None = _cached(self._client._cache, ("list", self._family.name))
        return None if cached is None else list(cached)

    def _cached_get(self, model_id: str) -> T | None:
        check_model_id(model_id)
        cached: T | None = _cached(self._client._cache, ("get", self._family.name, model_id))
        return cached

    def _fetched_list(self, models: list[T]) -> list[T]:
        return _remember_list(self._client._cache, self._family, models)

    def _fetched_one(self, model_id: str, model: T) -> T:
        return _remember_one(self._client._cache, self._family, model_id, model)

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self._family.name}>"


class Resource(_ResourceCore[T]):
    """`list()` and `get()` for one kind of model, on a `Client`."""

    _client: Caller

    def list(self) -> list[T]:
        """Every model of this kind available to the key."""
        family = self._family
        cached = self._cached_list()
        if cached is None:
            cached = self._fetched_list(
                self._client._call(family.list_operation, family.decode_list)
            )
        return cached

    def get(self, model_id: str) -> T:
        """The model with this id, or with this alias (then the canonical model, another id)."""
        family = self._family
        cached = self._cached_get(model_id)
        if cached is None:
            model = self._client._call(family.get_operation, family.decode_one, model_id=model_id)
            cached = self._fetched_one(model_id, model)
        return cached


class AsyncResource(_ResourceCore[T]):
    """`list()` and `get()` for one kind of model, on an `AsyncClient`."""

    _client: AsyncCaller

    async def list(self) -> list[T]:
        """Every model of this kind available to the key."""
        family = self._family
        cached = self._cached_list()
        if cached is None:
            models = await self._client._call(family.list_operation, family.decode_list)
            cached = self._fetched_list(models)
        return cached

    async def get(self, model_id: str) -> T:
        """The model with this id, or with this alias (then the canonical model, another id)."""
        family = self._family
        cached = self._cached_get(model_id)
        if cached is None:
            call = self._client._call(family.get_operation, family.decode_one, model_id=model_id)
            cached = self._fetched_one(model_id, await call)
        return cached
