"""xai_models: a typed Python client for the xAI Models API, and the `xai-models` command.

    from xai_models import Client

    with Client() as client:                      # the key comes from XAI_API_KEY
        for model in client.language_models.list():
            print(model.id, model.pricing.prompt_text, "USD per 1M prompt tokens")

Everything public is listed in `__all__`; modules whose names start with `_` are private.
"""

from ._catalog import (
    AliasChange,
    Catalog,
    CatalogDiff,
    InvalidCatalogError,
    ModelRef,
    PriceChange,
    UnknownModelError,
)
from ._client import AsyncClient, Client
from ._exceptions import (
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
from ._pricing import TokenPricing
from ._types import (
    ImageGenerationModel,
    ImagePriceTier,
    LanguageModel,
    Model,
    VideoGenerationModel,
)
from ._version import __version__

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
    "Catalog",
    "CatalogDiff",
    "Client",
    "ConflictError",
    "ImageGenerationModel",
    "ImagePriceTier",
    "InternalServerError",
    "InvalidCatalogError",
    "LanguageModel",
    "Model",
    "ModelRef",
    "NotFoundError",
    "PermissionDeniedError",
    "PriceChange",
    "RateLimitError",
    "TokenPricing",
    "UnknownModelError",
    "UnprocessableEntityError",
    "VideoGenerationModel",
    "XAIError",
    "__version__",
]

for _name in __all__:
    _obj = globals()[_name]
    if hasattr(_obj, "__module__") and not isinstance(_obj, str):
        _obj.__module__ = __name__
del _name, _obj
