"""The endpoint families, each joined to its decoder: one `Family` per declaration of
`_schema/families.py`, in its order. The client's resources, the catalog, the CLI, the mock, the
offline catalog and the scripts all derive from `FAMILIES`.
"""

from __future__ import annotations

from typing import Any, Generic, Protocol, TypeVar

import attrs

from .._schema.families import ENDPOINT_FAMILIES, Endpoints
from .codec import SHAPES, Shape, decode_list
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
    path: str = ""

    def decode_list(self, body: Any) -> list[T]:
        decoded: list[T] = decode_list(self.shape, body, self.list_key)
        return decoded

    def decode_one(self, body: Any) -> T:
        decoded: T = self.shape.decode(body)
        return decoded


def _family(endpoints: Endpoints) -> Family[Any]:
    shape = SHAPES[endpoints.type_name]
    return Family(endpoints.name, endpoints.label, endpoints.list_operation,
                  endpoints.get_operation, endpoints.list_key, shape, endpoints.path)  # fmt: skip


FAMILIES: tuple[Family[Any], ...] = tuple(_family(endpoints) for endpoints in ENDPOINT_FAMILIES)
"""Every family (`_schema/families.py` declares them), each with its decoder."""
MODELS: Family[Model]
LANGUAGE_MODELS: Family[LanguageModel]
IMAGE_GENERATION_MODELS: Family[ImageGenerationModel]
VIDEO_GENERATION_MODELS: Family[VideoGenerationModel]
MODELS, LANGUAGE_MODELS, IMAGE_GENERATION_MODELS, VIDEO_GENERATION_MODELS = FAMILIES
