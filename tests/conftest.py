"""Shared fixtures: cassette replay settings, instant retries, example bodies."""

from __future__ import annotations

from typing import Any

import pytest

from support import CASSETTES
from xai_models._api import retry as _retry


@pytest.fixture(scope="session")
def vcr_config() -> dict[str, Any]:
    """Replay only (pytest is run with --record-mode=none), matching on method and path."""
    return {
        "filter_headers": ["authorization", "cookie", "x-api-key"],
        "match_on": ["method", "path"],
        "decode_compressed_response": True,
    }


@pytest.fixture(scope="session")
def vcr_cassette_dir() -> str:
    return str(CASSETTES)


@pytest.fixture(autouse=True)
def sleeps(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """Retries wait no real time in tests; the list records each wait that was asked for."""
    requested: list[float] = []

    def sleep(seconds: float) -> None:
        requested.append(seconds)

    async def async_sleep(seconds: float) -> None:
        requested.append(seconds)

    monkeypatch.setattr(_retry, "sync_sleep", sleep)
    monkeypatch.setattr(_retry, "async_sleep", async_sleep)
    return requested


@pytest.fixture(autouse=True)
def _no_key_in_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests never pick up a developer's real key or base URL by accident."""
    monkeypatch.delenv("XAI_API_KEY", raising=False)
    monkeypatch.delenv("XAI_BASE_URL", raising=False)
