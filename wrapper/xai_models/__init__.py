"""xai_models: a typed Python client for the xAI Models API, and the `xai-models` command.

    from xai_models import Client

    with Client() as client:                      # the key comes from XAI_API_KEY
        for model in client.language_models.list():
            print(model.id, model.pricing.prompt_text, "USD per 1M prompt tokens")

Everything public is listed in `__all__`; modules whose names start with `_` are private.
"""

import typing as _typing

from ._version import __version__

if _typing.TYPE_CHECKING:
    from ._api.client import AsyncClient, Client
    from ._api.meter import BudgetExceededError, Meter
    from ._model.catalog import Catalog, InvalidCatalogError, UnknownModelError
    from ._model.diff import (
        AliasChange,
        CatalogDiff,
        Change,
        ModelChanges,
        ModelRef,
        PriceChange,
    )
    from ._model.history import catalog_at
    from ._model.ledger import InvalidLedgerError, Ledger, LedgerReading, read_ledger
    from ._model.pricing import CostBreakdown, CostLine, TokenPricing, ToolPrice, Usage
    from ._model.records import MeterRecord, Totals
    from ._model.types import (
        ImageGenerationModel,
        ImagePriceTier,
        LanguageModel,
        Model,
        VideoGenerationModel,
    )
    from ._model.usage import InvalidUsageError
    from ._schema.errors import (
        APIConnectionError,
        APIError,
        APIResponseValidationError,
        APIStatusError,
        APITimeoutError,
        AuthenticationError,
        BadRequestError,
        ConflictError,
        InternalServerError,
        NotFoundError,
        PermissionDeniedError,
        RateLimitError,
        UnprocessableEntityError,
        XAIError,
    )
    from ._tables.audit import PriceFinding, audit_prices, export_prices
    from ._tables.base import InvalidTableError

__all__ = [
    "APIConnectionError",
    "APIError",
    "APIResponseValidationError",
    "APIStatusError",
    "APITimeoutError",
    "AliasChange",
    "AsyncClient",
    "AuthenticationError",
    "BadRequestError",
    "BudgetExceededError",
    "Catalog",
    "CatalogDiff",
    "Change",
    "Client",
    "ConflictError",
    "CostBreakdown",
    "CostLine",
    "ImageGenerationModel",
    "ImagePriceTier",
    "InternalServerError",
    "InvalidCatalogError",
    "InvalidLedgerError",
    "InvalidTableError",
    "InvalidUsageError",
    "LanguageModel",
    "Ledger",
    "LedgerReading",
    "Meter",
    "MeterRecord",
    "Model",
    "ModelChanges",
    "ModelRef",
    "NotFoundError",
    "PermissionDeniedError",
    "PriceChange",
    "PriceFinding",
    "RateLimitError",
    "TokenPricing",
    "ToolPrice",
    "Totals",
    "UnknownModelError",
    "UnprocessableEntityError",
    "Usage",
    "VideoGenerationModel",
    "XAIError",
    "__version__",
    "audit_prices",
    "catalog_at",
    "export_prices",
    "read_ledger",
]

_HOMES = {
    "._tables.audit": ("PriceFinding", "audit_prices", "export_prices"),
    "._model.catalog": ("Catalog", "InvalidCatalogError", "UnknownModelError"),
    "._model.diff": (
        "AliasChange",
        "CatalogDiff",
        "Change",
        "ModelChanges",
        "ModelRef",
        "PriceChange",
    ),
    "._api.client": ("AsyncClient", "Client"),
    "._schema.errors": (
        "APIConnectionError",
        "APIError",
        "APIResponseValidationError",
        "APIStatusError",
        "APITimeoutError",
        "AuthenticationError",
        "BadRequestError",
        "ConflictError",
        "InternalServerError",
        "NotFoundError",
        "PermissionDeniedError",
        "RateLimitError",
        "UnprocessableEntityError",
        "XAIError",
    ),
    "._model.history": ("catalog_at",),
    "._model.ledger": ("InvalidLedgerError", "Ledger", "LedgerReading", "read_ledger"),
    "._api.meter": ("BudgetExceededError", "Meter"),
    "._model.records": ("MeterRecord", "Totals"),
    "._model.pricing": ("CostBreakdown", "CostLine", "TokenPricing", "ToolPrice", "Usage"),
    "._tables.base": ("InvalidTableError",),
    "._model.usage": ("InvalidUsageError",),
    "._model.types": (
        "ImageGenerationModel",
        "ImagePriceTier",
        "LanguageModel",
        "Model",
        "VideoGenerationModel",
    ),
}
_MODULE_OF = {name: module for module, names in _HOMES.items() for name in names}


def __getattr__(name: str) -> object:
    """Import a public name's private module on first use, so `import xai_models` stays cheap."""
    module = _MODULE_OF.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from importlib import import_module  # noqa: PLC0415 - only needed on first use of a name

    value = getattr(import_module(module, __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
