"""`client.models`, `client.language_models`, ...: the resources, and the model families."""

from __future__ import annotations

import time
from collections.abc import Callable, Hashable
from typing import TYPE_CHECKING, Any, Generic, Protocol, TypeVar

import attrs

from ._codec import (
    IMAGE_GENERATION_MODEL,
    LANGUAGE_MODEL,
    MODEL,
    VIDEO_GENERATION_MODEL,
    Shape,
    decode_list,
)
from ._http import check_model_id
from ._types import ImageGenerationModel, LanguageModel, Model, VideoGenerationModel

if TYPE_CHECKING:
    from ._client import AsyncClient, Client

__all__ = [
    "FAMILIES",
    "IMAGE_GENERATION_MODELS",
    "LANGUAGE_MODELS",
    "MODELS",
    "VIDEO_GENERATION_MODELS",
    "AsyncResource",
    "Family",
    "Resource",
    "TTLCache",
]


class Named(Protocol):
    """What the cache needs of a model: its id and aliases."""

    @property
    def id(self) -> str: ...

    @property
    def aliases(self) -> tuple[str, ...]: ...


T = TypeVar("T", bound=Named)


@attrs.frozen
class Family(Generic[T]):
    """One kind of model: its endpoints (generated operation modules) and its JSON layout."""

    name: str
    list_operation: str
    get_operation: str
    list_key: str
    shape: Shape

    def decode_list(self, body: Any) -> list[T]:
        decoded: list[T] = decode_list(self.shape, body, self.list_key)
        return decoded

    def decode_one(self, body: Any) -> T:
        decoded: T = self.shape.decode(body)
        return decoded


MODELS: Family[Model] = Family("models", "list_models", "get_model", "data", MODEL)
LANGUAGE_MODELS: Family[LanguageModel] = Family(
    "language_models", "list_language_models", "get_language_model", "models", LANGUAGE_MODEL
)
IMAGE_GENERATION_MODELS: Family[ImageGenerationModel] = Family(
    "image_generation_models",
    "list_image_generation_models",
    "get_image_generation_model",
    "models",
    IMAGE_GENERATION_MODEL,
)
VIDEO_GENERATION_MODELS: Family[VideoGenerationModel] = Family(
    "video_generation_models",
    "list_video_generation_models",
    "get_video_generation_model",
    "models",
    VIDEO_GENERATION_MODEL,
)
FAMILIES = (MODELS, LANGUAGE_MODELS, IMAGE_GENERATION_MODELS, VIDEO_GENERATION_MODELS)


class TTLCache:
    """Results kept for `ttl` seconds, by key; `clock` is injectable for tests."""

    def __init__(self, ttl: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.ttl = ttl
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
            self._entries[key] = (expires, value)

    def remember_models(self, family: Family[T], models: list[T]) -> None:
        """Cache a list, and each model in it by id and by alias."""
        self.put([("list", family.name)], models)
        expires = self._clock() + self.ttl
        entries = self._entries
        for model in models:
            entries[("get", family.name, model.id)] = (expires, model)
            for alias in model.aliases:
                entries[("get", family.name, alias)] = (expires, model)

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


class Resource(Generic[T]):
    """`list()` and `get()` for one kind of model, on a `Client`."""

    def __init__(self, client: Client, family: Family[T]) -> None:
        self._client = client
        self._family = family

    def list(self) -> list[T]:
        """Every model of this kind available to the key."""
        family, cache = self._family, self._client._cache
        cached: list[T] | None = _cached(cache, ("list", family.name))
        if cached is not None:
            return list(cached)
        models = self._client._call(family.list_operation, family.decode_list)
        return _remember_list(cache, family, models)

    def get(self, model_id: str) -> T:
        """The model with this id, or with this alias (then the canonical model, another id)."""
        check_model_id(model_id)
        family, cache = self._family, self._client._cache
        cached: T | None = _cached(cache, ("get", family.name, model_id))
        if cached is not None:
            return cached
        model = self._client._call(family.get_operation, family.decode_one, model_id=model_id)
        return _remember_one(cache, family, model_id, model)

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self._family.name}>"


class AsyncResource(Generic[T]):
    """`list()` and `get()` for one kind of model, on an `AsyncClient`."""

    def __init__(self, client: AsyncClient, family: Family[T]) -> None:
        self._client = client
        self._family = family

    async def list(self) -> list[T]:
        """Every model of this kind available to the key."""
        family, cache = self._family, self._client._cache
        cached: list[T] | None = _cached(cache, ("list", family.name))
        if cached is not None:
            return list(cached)
        models = await self._client._call(family.list_operation, family.decode_list)
        return _remember_list(cache, family, models)

    async def get(self, model_id: str) -> T:
        """The model with this id, or with this alias (then the canonical model, another id)."""
        check_model_id(model_id)
        family, cache = self._family, self._client._cache
        cached: T | None = _cached(cache, ("get", family.name, model_id))
        if cached is not None:
            return cached
        model = await self._client._call(family.get_operation, family.decode_one, model_id=model_id)
        return _remember_one(cache, family, model_id, model)

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self._family.name}>"
