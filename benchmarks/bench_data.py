"""Synthetic but realistic API bodies, and every HTTP response the benchmark server gives.

Items are shaped like `tests/data/examples/*-list.2026.json` (every field the API sends), with ids,
aliases and `created` values distinct per item and per data set: the worst case for any cache in a
decoder. Everything is deterministic, so the server process and the benchmark process build the
same data independently.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

__all__ = [
    "DATASETS",
    "STATS_PATH",
    "Dataset",
    "Route",
    "all_routes",
    "http_response",
]

STATS_PATH = b"/__stats"
"""The server answers this path with its request and connection counts (not counted itself)."""

_EPOCH_2025 = 1_735_689_600
_MINUTE = 60
_MONTH = 30 * 24 * 3_600


@dataclass(frozen=True)
class Dataset:
    """One URL prefix of the server: four model lists of the given sizes, and a delay per answer."""

    prefix: str
    ordinal: int
    models: int
    language_models: int
    image_models: int = 3
    video_models: int = 3
    delay: float = 0.0
    models_shape: str = "language"
    """`language`: every /v1/models item a language model; `mixed`: 60% language items, 25% image
    items (only `image_price` and `context_length`, half with `pricing` tiers), 15% video items
    (only id, aliases, created, object, owned_by), as real /v1/models answers are mixed."""
    language_shape: str = "full"
    """`full`: every field; `lean`: without the long-context fields (payloads before 2026)."""
    image_shape: str = "examples"
    """`examples`: as the docs' example (token prices, an unknown field); `plain`: `image_price`
    and modalities, as live responses; `tiers`: the same with `pricing` tiers."""

    def created(self, index: int, kind: int) -> int:
        """Distinct per item, per kind of model (0-3) and per data set (a month apart)."""
        return _EPOCH_2025 + self.ordinal * _MONTH + index * _MINUTE + kind

    def model_id(self, index: int) -> str:
        return f"grok{self.prefix.replace('/', '-')}-{index:05d}"

    def model_alias(self, index: int) -> str:
        return f"{self.model_id(index)}-latest"

    def language_model_id(self, index: int) -> str:
        return f"grok{self.prefix.replace('/', '-')}-chat-{index:05d}"

    def language_model_alias(self, index: int) -> str:
        return f"{self.language_model_id(index)}-latest"

    def model(self, index: int) -> dict[str, Any]:
        """An item of `GET /v1/models`: see `models_shape`."""
        if self.models_shape == "mixed":
            kind = index % 20
            if kind >= 17:
                return {
                    "id": self.model_id(index),
                    "aliases": [self.model_alias(index)],
                    "created": self.created(index, 0),
                    "object": "model",
                    "owned_by": "xai",
                }
            if kind >= 12:
                item: dict[str, Any] = {
                    "id": self.model_id(index),
                    "aliases": [self.model_alias(index)],
                    "context_length": 8_000,
                    "created": self.created(index, 0),
                    "object": "model",
                    "owned_by": "xai",
                    "image_price": 200_000_000 + 1_000 * (index % 7),
                }
                if index % 2:
                    item["pricing"] = _tiers(index)
                return item
        return self.language_item(index)

    def language_item(self, index: int) -> dict[str, Any]:
        """A language item of `GET /v1/models` (as in models-list.2026.json)."""
        item: dict[str, Any] = {
            "id": self.model_id(index),
            "aliases": [self.model_alias(index)],
            "context_length": 131_072 * (1 + index % 2),
            "created": self.created(index, 0),
            "object": "model",
            "owned_by": "xai",
            "prompt_text_token_price": 12_500 + 100 * (index % 50),
            "cached_prompt_text_token_price": 2_000 + index % 7,
            "prompt_image_token_price": 12_500 * (index % 2),
            "completion_text_token_price": 25_000 + 100 * (index % 90),
        }
        if index % 3 == 0:
            item["prompt_text_token_price_long_context"] = 40_000 + index % 11
            item["completion_text_token_price_long_context"] = 160_000 + index % 13
            item["long_context_threshold"] = 128_000
        return item

    def language_model(self, index: int) -> dict[str, Any]:
        """An item of `GET /v1/language-models`: see `language_shape`."""
        item = self.full_language_model(index)
        if self.language_shape == "lean":
            for key in (
                "prompt_text_token_price_long_context",
                "cached_prompt_text_token_price_long_context",
                "completion_text_token_price_long_context",
                "long_context_threshold",
            ):
                del item[key]
        return item

    def full_language_model(self, index: int) -> dict[str, Any]:
        """An item of `GET /v1/language-models`, every field set (as in the 2026 example)."""
        return {
            "id": self.language_model_id(index),
            "fingerprint": f"fp_{(index * 2_654_435_761 + self.ordinal) % 16**10:010x}",
            "created": self.created(index, 1),
            "object": "model",
            "owned_by": "xai",
            "version": f"1.{index % 10}",
            "input_modalities": ["text", "image"] if index % 2 == 0 else ["text"],
            "output_modalities": ["text"],
            "prompt_text_token_price": 12_500 + 100 * (index % 50),
            "cached_prompt_text_token_price": 2_000 + index % 7,
            "prompt_image_token_price": 12_500 * (index % 2),
            "completion_text_token_price": 25_000 + 100 * (index % 90),
            "search_price": 250_000_000 * (index % 2),
            "prompt_text_token_price_long_context": 40_000 + index % 11,
            "cached_prompt_text_token_price_long_context": 4_000 + index % 5,
            "completion_text_token_price_long_context": 160_000 + index % 13,
            "long_context_threshold": 128_000,
            "aliases": [self.language_model_alias(index)],
        }

    def image_model(self, index: int) -> dict[str, Any]:
        """An item of `GET /v1/image-generation-models`: see `image_shape`."""
        if self.image_shape == "examples":
            return self.example_image_model(index)
        item: dict[str, Any] = {
            "id": f"{self.model_id(index)}-image",
            "fingerprint": f"fp_{index:010x}",
            "created": self.created(index, 2),
            "object": "model",
            "owned_by": "xai",
            "version": "1.0.0",
            "input_modalities": ["text", "image"],
            "output_modalities": ["image"],
            "image_price": 200_000_000 + 1_000 * (index % 7),
            "max_prompt_length": 8_000,
            "aliases": [f"{self.model_id(index)}-image-latest"],
        }
        if self.image_shape == "tiers":
            item["pricing"] = _tiers(index)
        return item

    def example_image_model(self, index: int) -> dict[str, Any]:
        """An image model as the docs' example (one field the spec does not know)."""
        return {
            "id": f"{self.model_id(index)}-image",
            "fingerprint": f"fp_{index:010x}",
            "max_prompt_length": 1_024,
            "created": self.created(index, 2),
            "object": "model",
            "owned_by": "xai",
            "version": "1.0.0",
            "prompt_text_token_price": 100_000,
            "prompt_image_token_price": 100_000,
            "generated_image_token_price": 100_000,
            "aliases": [],
        }

    def video_model(self, index: int) -> dict[str, Any]:
        """An item of `GET /v1/video-generation-models`."""
        return {
            "id": f"{self.model_id(index)}-video",
            "fingerprint": f"fp_{index + 1:010x}",
            "created": self.created(index, 3),
            "object": "model",
            "owned_by": "xai",
            "version": "1.0.0",
            "input_modalities": ["text", "image", "audio"] if index % 3 else ["text", "image"],
            "output_modalities": ["video"],
            "aliases": [f"{self.model_id(index)}-video-latest"] if index % 2 else [],
        }

    def items(self, endpoint: str) -> list[dict[str, Any]]:
        """Every item of one list endpoint (`/v1/models`, ...)."""
        make, count = {
            "/v1/models": (self.model, self.models),
            "/v1/language-models": (self.language_model, self.language_models),
            "/v1/image-generation-models": (self.image_model, self.image_models),
            "/v1/video-generation-models": (self.video_model, self.video_models),
        }[endpoint]
        return [make(i) for i in range(count)]

    def path(self, endpoint: str) -> str:
        """The server path of an API path (`/v1/models`) under this data set's prefix."""
        return f"{self.prefix}{endpoint}"


def _tiers(index: int) -> list[dict[str, Any]]:
    """Per-image prices by quality and resolution, as the June 2026 reference shows them."""
    return [
        {"price_per_image": 100_000_000 + index % 5, "quality": "low", "resolution": "1k"},
        {"price_per_image": 200_000_000 + index % 5, "quality": "medium", "resolution": "1k"},
        {"price_per_image": 700_000_000 + index % 5, "quality": "high", "resolution": "2k"},
    ]


def _shapes(prefix: str, ordinal: int, count: int) -> Dataset:
    """A data set of `count` items in every family, in the shapes real catalogs have."""
    return Dataset(prefix, ordinal, models=count, language_models=count, image_models=count,
                   video_models=count, models_shape="mixed", language_shape="lean",
                   image_shape="tiers")  # fmt: skip


DATASETS = {
    dataset.prefix: dataset
    for dataset in (
        Dataset("/n100", 0, models=100, language_models=100),
        Dataset("/n10000", 1, models=10_000, language_models=10_000),
        Dataset("/slow", 2, models=100, language_models=100, delay=0.050),
        _shapes("/s100", 3, 100),
        _shapes("/s10000", 4, 10_000),
        Dataset("/plain100", 5, models=1, language_models=1, image_models=100, image_shape="plain"),
        Dataset(
            "/plain10000", 6, models=1, language_models=1, image_models=10_000, image_shape="plain"
        ),
    )
}


@dataclass(frozen=True)
class Route:
    """A complete HTTP response, encoded once, and how long to wait before sending it."""

    response: bytes
    delay: float = 0.0


def http_response(body: bytes, status: str = "200 OK") -> bytes:
    """A full HTTP/1.1 response with Content-Length (so the connection stays open)."""
    head = (
        f"HTTP/1.1 {status}\r\n"
        "Content-Type: application/json\r\n"
        f"Content-Length: {len(body)}\r\n"
        "\r\n"
    )
    return head.encode("ascii") + body


def _json(payload: object) -> bytes:
    return json.dumps(payload, separators=(",", ":")).encode()


def _dataset_routes(dataset: Dataset) -> dict[bytes, Route]:
    families = [
        (endpoint, "data" if endpoint == "/v1/models" else "models", dataset.items(endpoint))
        for endpoint in ("/v1/models", "/v1/language-models", "/v1/image-generation-models",
                         "/v1/video-generation-models")
    ]  # fmt: skip
    routes: dict[bytes, Route] = {}
    for endpoint, key, items in families:
        envelope: dict[str, Any] = {key: items}
        if key == "data":
            envelope["object"] = "list"
        path = dataset.path(endpoint)
        routes[path.encode()] = Route(http_response(_json(envelope)), dataset.delay)
        for item in items:
            item_path = f"{path}/{item['id']}".encode()
            routes[item_path] = Route(http_response(_json(item)), dataset.delay)
    return routes


def all_routes() -> dict[bytes, Route]:
    """Every response of every data set, keyed by request path."""
    routes: dict[bytes, Route] = {}
    for dataset in DATASETS.values():
        routes.update(_dataset_routes(dataset))
    return routes
