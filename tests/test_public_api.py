"""The public surface: `__all__` complete and sorted, names reported from `xai_models`, and no
generated or httpx type in any public signature (but the documented `http_client` parameters)."""

from __future__ import annotations

import inspect
import subprocess
import sys
import typing
from collections.abc import Iterator
from typing import Any

import attrs
import pytest

import xai_models
from support import TESTS
from xai_models._api import client as _client
from xai_models._api import meter as _meter
from xai_models._api import resources as _resources
from xai_models._api.resources import AsyncResource, Resource
from xai_models._model import catalog as _catalog
from xai_models._model import history as _history
from xai_models._model import ledger as _ledger
from xai_models._model import pricing as _pricing
from xai_models._model import records as _meter_records
from xai_models._model import types as _types
from xai_models._schema import errors as _exceptions

ALLOWED_HTTPX = {"http_client", "inner", "return"}
"""Parameters that take an httpx client or transport by design (the user's own transport layer),
and the meter's transports, which are httpx transports by design: checked one by one below."""
PUBLIC_MODULES = {"otel"}
"""Public submodules: optional extras, imported only by their users."""


def public_names() -> list[str]:
    names = [name for name in dir(xai_models) if not name.startswith("_")]
    return [name for name in names if name not in PUBLIC_MODULES] + ["__version__"]


def namespace() -> dict[str, Any]:
    """What the annotations of the private modules refer to (they use postponed annotations)."""
    merged: dict[str, Any] = {}
    for module in (
        _pricing,
        _types,
        _exceptions,
        _resources,
        _catalog,
        _client,
        _meter,
        _meter_records,
        _ledger,
        _history,
    ):
        merged.update(vars(module))
    return merged


def types_in(hint: object) -> Iterator[type]:
    """Every class a type hint mentions, through unions, generics, callables and the
    constraints of a type variable (the clients share one signature generic in the httpx client)."""
    if isinstance(hint, type):
        yield hint
    if isinstance(hint, typing.TypeVar):
        for constraint in hint.__constraints__:
            yield from types_in(constraint)
    for argument in typing.get_args(hint):
        yield from types_in(argument)
    origin = typing.get_origin(hint)
    if isinstance(origin, type):
        yield origin


def signatures() -> Iterator[tuple[str, str, object]]:
    """(owner, parameter or 'return', hint) for every public callable and attribute."""
    globalns = namespace()
    owners: list[Any] = [getattr(xai_models, name) for name in xai_models.__all__]
    owners += [Resource, AsyncResource]
    for owner in owners:
        if not inspect.isclass(owner):
            continue
        if attrs.has(owner):
            for name, hint in typing.get_type_hints(owner, globalns).items():
                if not name.startswith("_"):
                    yield owner.__name__, name, hint
        for name, member in inspect.getmembers(owner):
            if name.startswith("_") and name != "__init__":
                continue
            function = member.fget if isinstance(member, property) else member
            function = getattr(function, "func", function)  # cached_property
            if not callable(function) or inspect.isclass(function):
                continue
            if not hasattr(function, "__annotations__"):
                continue
            hints = typing.get_type_hints(function, globalns)
            for parameter, hint in hints.items():
                yield f"{owner.__name__}.{name}", parameter, hint


class TestAll:
    def test_sorted(self) -> None:
        assert xai_models.__all__ == sorted(xai_models.__all__)

    def test_complete(self) -> None:
        """Every public name of the package is in `__all__`, and every `__all__` name exists."""
        assert set(public_names()) == set(xai_models.__all__)
        for name in xai_models.__all__:
            assert getattr(xai_models, name) is not None

    def test_every_name_has_a_home_to_load_it_from(self) -> None:
        """The lazy loader knows where each public name lives, and nothing else."""
        assert set(xai_models._MODULE_OF) == set(xai_models.__all__) - {"__version__"}

    def test_unknown_names_raise_attribute_error(self) -> None:
        with pytest.raises(AttributeError, match="no attribute 'Clinet'"):
            _ = xai_models.Clinet  # type: ignore[attr-defined]

    def test_importing_the_package_loads_nothing_heavy(self) -> None:
        """`import xai_models` alone imports neither httpx nor attrs; using a name does."""
        code = (
            "import sys, xai_models\n"
            "print(sorted(m for m in ('httpx', 'attrs') if m in sys.modules))\n"
            "xai_models.Client\n"
            "print(sorted(m for m in ('httpx', 'attrs') if m in sys.modules))\n"
        )
        result = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
        )
        assert result.stdout.splitlines() == ["[]", "['attrs', 'httpx']"]

    def test_listing_models_loads_no_billing(self) -> None:
        """`Client` and decoding a list import the billing types only when a price is read."""
        code = (
            "import sys, json\n"
            "from xai_models import Client\n"
            "from xai_models._model.codec import LANGUAGE_MODEL, decode_list\n"
            "body = json.loads(open(sys.argv[1], 'rb').read())\n"
            "models = decode_list(LANGUAGE_MODEL, body, 'models')\n"
            "print('xai_models._model.pricing' in sys.modules)\n"
            "models[0].pricing\n"
            "print('xai_models._model.pricing' in sys.modules)\n"
        )
        capture = TESTS / "data" / "captures" / "2026-07-25-language-models.json"
        result = subprocess.run(
            [sys.executable, "-c", code, str(capture)],
            capture_output=True,
            text=True,
            check=True,
            timeout=60,
        )
        assert result.stdout.splitlines() == ["False", "True"]

    @pytest.mark.parametrize("name", [n for n in xai_models.__all__ if n != "__version__"])
    def test_reported_from_the_package(self, name: str) -> None:
        """Public names say `xai_models`, not a private module, in reprs and tracebacks."""
        assert getattr(xai_models, name).__module__ == "xai_models"

    def test_the_issue_names_are_there(self) -> None:
        for name in (
            "Client",
            "AsyncClient",
            "Model",
            "LanguageModel",
            "ImageGenerationModel",
            "VideoGenerationModel",
            "ImagePriceTier",
            "TokenPricing",
            "XAIError",
            "APIError",
            "APIStatusError",
            "APIConnectionError",
            "APITimeoutError",
            "APIResponseValidationError",
            "BadRequestError",
            "AuthenticationError",
            "PermissionDeniedError",
            "NotFoundError",
            "RateLimitError",
            "InternalServerError",
            "Catalog",
        ):
            assert name in xai_models.__all__


class TestSignatures:
    def test_inspected_something(self) -> None:
        """The walk below really reaches the clients' and resources' methods."""
        owners = {owner for owner, _, _ in signatures()}
        assert {"Client.__init__", "AsyncClient.with_options", "Resource.get"} <= owners
        assert "LanguageModel" in owners

    def test_no_generated_or_httpx_type(self) -> None:
        offenders = [
            f"{owner}({parameter}): {cls.__module__}.{cls.__qualname__}"
            for owner, parameter, hint in signatures()
            for cls in types_in(hint)
            if cls.__module__.startswith(("xai_models_generated", "httpx"))
            and parameter not in ALLOWED_HTTPX
        ]
        assert offenders == []

    def test_http_client_parameters_are_the_only_exception(self) -> None:
        """The allowance is used, and only where the issue asks for it."""
        httpx_parameters = {
            (owner, parameter)
            for owner, parameter, hint in signatures()
            for cls in types_in(hint)
            if cls.__module__.startswith("httpx")
        }
        assert httpx_parameters == {
            ("Client.__init__", "http_client"),
            ("Client.with_options", "http_client"),
            ("AsyncClient.__init__", "http_client"),
            ("AsyncClient.with_options", "http_client"),
            ("Meter.transport", "inner"),
            ("Meter.transport", "return"),
            ("Meter.async_transport", "inner"),
            ("Meter.async_transport", "return"),
        }
