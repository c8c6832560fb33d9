"""What every command reads from outside its arguments, read in one place: the environment, the
catalog (the API's now, the embedded one, a snapshot, or a history's), and the client."""

from __future__ import annotations

import argparse
import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

import attrs

from .errors import UsageError

if TYPE_CHECKING:
    from .._api.client import Client
    from .._model.catalog import Catalog

__all__ = [
    "Environment",
    "catalog_at",
    "client",
    "live_catalog",
    "offline_note",
    "read_catalog",
    "read_environment",
]


@attrs.frozen
class Environment:
    """The variables the command line reads: `XAI_API_KEY`, `XAI_BASE_URL`, `XAI_MODELS_QUIET`."""

    api_key: str | None
    base_url: str | None
    quiet: bool


def read_environment() -> Environment:
    """The environment, read once per command (`main` keeps it as `args.environment`)."""
    from .._api.constants import API_KEY_ENV, BASE_URL_ENV  # noqa: PLC0415

    return Environment(
        api_key=os.environ.get(API_KEY_ENV) or None,
        base_url=os.environ.get(BASE_URL_ENV) or None,
        quiet=bool(os.environ.get("XAI_MODELS_QUIET")),
    )


def offline_note() -> str:
    """What `--offline` serves, read from the embedded catalog (its source and date)."""
    from importlib import resources  # noqa: PLC0415 - only --help needs it

    data = (
        resources.files("xai_models").joinpath("_data", "offline_catalog.json").read_text("utf-8")
    )
    document = json.loads(data)
    return f"{document.get('source', '')}; dated {document.get('fetched_at', '?')[:10]}"


def live_catalog(args: argparse.Namespace) -> Catalog:
    """The catalog of the API now (or the embedded one, --offline), or of --from SNAPSHOT."""
    from_ = getattr(args, "from_", None)
    if from_ is not None:
        return read_catalog(from_)
    if args.offline:
        from .._model.offline import offline_catalog  # noqa: PLC0415

        if args.timeout is not None and not args.timeout > 0:
            raise UsageError(f"timeout must be a number of seconds > 0, got {args.timeout!r}")
        embedded = offline_catalog()
        if not (getattr(args, "quiet", False) or args.environment.quiet):
            from .errors import note  # noqa: PLC0415

            captured = f"{embedded.fetched_at:%Y-%m-%d}"
            note(f"--offline uses live responses captured {captured} (not today's prices) and "
                 "EXAMPLE DATA from xAI's docs; -q hides this note")  # fmt: skip
        return embedded
    with client(args) as api:
        return api.catalog()


@contextmanager
def client(args: argparse.Namespace) -> Iterator[Client]:
    """A client for the API, its key from --api-key or the environment."""
    from .._api.client import NOT_GIVEN, Client  # noqa: PLC0415

    timeout = NOT_GIVEN if args.timeout is None else args.timeout
    api_key = args.api_key or args.environment.api_key
    if not api_key:
        raise UsageError(
            "no API key: set XAI_API_KEY or pass --api-key "
            "(or add --offline to use the embedded catalog)"
        )
    try:
        built = Client(api_key, base_url=args.base_url, timeout=timeout)
    except ValueError as exc:  # a bad option (timeout, URL, key) is a usage error
        raise UsageError(str(exc)) from None
    with built:
        yield built


def read_catalog(path: Path) -> Catalog:
    """A snapshot file; anything else is a usage error naming the file."""
    from .._model.catalog import InvalidCatalogError  # noqa: PLC0415
    from .._model.history import read_snapshot  # noqa: PLC0415

    try:
        return read_snapshot(path, "not a snapshot: ")
    except InvalidCatalogError as exc:
        raise UsageError(str(exc)) from None


def catalog_at(directory: Path, moment: datetime) -> Catalog:
    """The snapshot of a history directory in force at a moment; errors name the file."""
    from .._model.catalog import InvalidCatalogError  # noqa: PLC0415
    from .._model.history import catalog_at as snapshot_at  # noqa: PLC0415

    try:
        return snapshot_at(directory, moment)
    except InvalidCatalogError as exc:
        raise UsageError(str(exc)) from None
    except OSError as exc:
        raise UsageError(f"{directory}: cannot read: {exc.strerror or exc}") from None
