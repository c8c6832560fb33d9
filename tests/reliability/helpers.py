"""Helpers the reliability tests share: the planted key, calls by target, right-data checks."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from xai_models import AsyncClient, Client
from xai_models._model.codec import encode

from .faultserver import ENDPOINTS, Endpoint, ExampleAPI

KEY = "xai-planted-test-key-0123456789abcdef"
"""The key planted in every client here; the secrets tests look for it everywhere."""


def targets(api: ExampleAPI) -> list[tuple[Endpoint, str | None, str]]:
    """The eight endpoints as (endpoint, model id or None for the list, raw target)."""
    out = []
    for endpoint in ENDPOINTS:
        out.append((endpoint, None, endpoint.path))
        model_id = api.ids(endpoint.resource)[-1]
        out.append((endpoint, model_id, endpoint.item_path(model_id)))
    return out


def call_sync(client: Client, endpoint: Endpoint, model_id: str | None) -> Any:
    resource = getattr(client, endpoint.resource)
    return resource.list() if model_id is None else resource.get(model_id)


async def call_async(client: AsyncClient, endpoint: Endpoint, model_id: str | None) -> Any:
    resource = getattr(client, endpoint.resource)
    return await (resource.list() if model_id is None else resource.get(model_id))


def encoded(value: Any) -> Any:
    """A returned model, or list of models, as the API-shaped JSON it encodes to."""
    if isinstance(value, list):
        return [encode(model) for model in value]
    return encode(value)


def exception_chain(error: BaseException | None) -> Iterator[BaseException]:
    """The exception, then its causes and contexts, each once."""
    seen: set[int] = set()
    while error is not None and id(error) not in seen:
        seen.add(id(error))
        yield error
        error = error.__cause__ or error.__context__


def report(figure: str) -> None:
    """Print a test's figure on a line of its own (pytest -s shows it)."""
    print(f"\n{figure}", flush=True)  # noqa: T201 - the figure is the point
