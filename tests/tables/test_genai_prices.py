"""`_tables/genai_prices.py`: a genai-prices provider YAML, checked by genai-prices itself."""

from __future__ import annotations

from typing import Any

import yaml
from genai_prices.types import Usage as GenaiUsage
from genai_prices.types import _providers_from_raw

from tables.helpers import (
    CATALOG,
)
from xai_models import export_prices
from xai_models._model.pricing import Usage, bill


class TestGenaiPrices:
    def document(self) -> dict[str, Any]:
        data: dict[str, Any] = yaml.safe_load(str(export_prices(CATALOG, "genai-prices")))
        return data

    def test_shape(self) -> None:
        document = self.document()
        ids = [model["id"] for model in document["models"]]
        assert ids == sorted(ids)
        grok = next(m for m in document["models"] if m["id"] == "grok-4.3")
        assert grok["match"] == {"or": [{"equals": "grok-4.3"}, {"equals": "grok-4.3-latest"},
                                        {"equals": "grok-latest"}]}  # fmt: skip
        assert grok["context_window"] == 1000000
        tiered = {"base": 1.25, "tiers": [{"start": 199999, "price": 2.5}]}
        assert grok["prices"]["input_mtok"] == tiered
        assert grok["prices"]["cache_read_mtok"]["base"] == 0.2
        assert str(grok["prices_checked"]) == "2026-07-25"
        assert "!!" not in str(export_prices(CATALOG, "genai-prices"))
        assert all("image" not in m["id"] for m in document["models"])

    def test_loads_into_genai_prices_and_prices_like_xai_models(self) -> None:
        """genai-prices' own types read the YAML, and its calc_price gives our bill, to the
        boundary: a tier starts *above* `start`, so start 199999 bills 200000 tokens long."""
        (provider,) = _providers_from_raw([self.document()])
        model = next(m for m in provider.models if m.id == "grok-4.3")
        assert model.is_match("grok-latest")
        prices = CATALOG.prices("grok-4.3")
        for prompt, cached, output in [(1000, 400, 100), (199999, 1000, 10), (200000, 1000, 10),
                                       (416634, 321408, 5996), (0, 0, 7)]:  # fmt: skip
            theirs = model.calc_price(
                GenaiUsage(input_tokens=prompt, cache_read_tokens=cached, output_tokens=output),
                provider,
            ).total_price
            ours = bill(prices, Usage(prompt_tokens=prompt, cached_prompt_tokens=cached,
                                      completion_tokens=output)).total  # fmt: skip
            assert theirs == ours, (prompt, cached, output)
