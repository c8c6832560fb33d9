"""The endpoint families: one `Family` per kind of model, joining its endpoints to its type.

`FAMILIES` is the one list of them: the client's resources, the catalog, the CLI, the mock, the
offline catalog and the scripts all derive from it.
"""

from __future__ import annotations

from typing import Any, Generic, Protocol, TypeVar

import attrs

from .codec import (
    IMAGE_GENERATION_MODEL,
    LANGUAGE_MODEL,
    MODEL,
    VIDEO_GENERATION_MODEL,
    Shape,
    decode_list,
)
from .types import ImageGenerationModel, LanguageModel, Model, VideoGenerationModel

__all__ = [
    "FAMILIES",
    "IMAGE_GENERATION_MODELS",
    "LANGUAGE_MODELS",
    "MODELS",
    "VIDEO_GENERATION_MODELS",
    "Family",
    "Named",
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
    label: str
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


MODELS: Family[Model] = Family("models", "model", "list_models", "get_model", "data", MODEL)
LANGUAGE_MODELS: Family[LanguageModel] = Family(
    "language_models",
    "language",
    "list_language_models",
    "get_language_model",
    "models",
    LANGUAGE_MODEL,
)
IMAGE_GENERATION_MODELS: Family[ImageGenerationModel] = Family(
    "image_generation_models",
    "image",
    "list_image_generation_models",
    "get_image_generation_model",
    "models",
    IMAGE_GENERATION_MODEL,
)
VIDEO_GENERATION_MODELS: Family[VideoGenerationModel] = Family(
    "video_generation_models",
    "video",
    "list_video_generation_models",
    "get_video_generation_model",
    "models",
    VIDEO_GENERATION_MODEL,
)
FAMILIES = (MODELS, LANGUAGE_MODELS, IMAGE_GENERATION_MODELS, VIDEO_GENERATION_MODELS)
