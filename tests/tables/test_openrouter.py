"""`_tables/openrouter.py`: OpenRouter's models shape."""

from __future__ import annotations

import json

from tables.helpers import (
    CATALOG,
)
from xai_models import export_prices


class TestOpenRouter:
    def test_decimal_strings_per_token(self) -> None:
        document = json.loads(str(export_prices(CATALOG, "openrouter")))
        grok = next(m for m in document["data"] if m["id"] == "x-ai/grok-4.3")
        assert grok["pricing"] == {"prompt": "0.00000125", "completion": "0.0000025",
                                   "input_cache_read": "0.0000002"}  # fmt: skip
        assert grok["context_length"] == 1000000
        assert grok["architecture"] == {"input_modalities": ["image", "text"],
                                        "output_modalities": ["text"]}  # fmt: skip
        image = next(m for m in document["data"] if m["id"] == "x-ai/grok-imagine-image")
        assert image["pricing"] == {"image": "0.02"}
        video = next(m for m in document["data"] if m["id"] == "x-ai/grok-imagine-video")
        assert video["pricing"] == {}
