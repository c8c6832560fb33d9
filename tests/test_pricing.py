"""Tests for exact Decimal prices and cost estimates: `_pricing`, and the priced parts of `_types`.

Every expected amount below is worked out by hand from the API's raw integers (1e-10 USD):
USD per 1M tokens = raw / 10**4, USD per search or image = raw / 10**10.
"""

from __future__ import annotations

import copy
import json
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from xai_models._model import codec as _codec
from xai_models._model.pricing import CostBreakdown, RawPrices, TokenPricing, cost_breakdown
from xai_models._model.types import ImageGenerationModel, LanguageModel, Model
from xai_models._schema.units import usd

EXAMPLES = Path(__file__).parent / "data" / "examples"
CREATED = datetime(2025, 4, 4, tzinfo=UTC)


def _load(name: str) -> Any:
    """A fresh decoded copy of an example body (decoding mutates what it is given)."""
    return json.loads((EXAMPLES / name).read_text("utf-8"))


def _language_models(name: str) -> dict[str, LanguageModel]:
    models = _codec.decode_list(_codec.LANGUAGE_MODEL, _load(name), "models")
    return {model.id: model for model in models}


def _models(name: str) -> dict[str, Model]:
    models = _codec.decode_list(_codec.MODEL, _load(name), "data")
    return {model.id: model for model in models}


def _language(**fields: Any) -> LanguageModel:
    return LanguageModel(id="m", created=CREATED, object="model", owned_by="xai", **fields)


def _model(**fields: Any) -> Model:
    return Model(id="m", created=CREATED, object="model", owned_by="xai", **fields)


# grok-420-reasoning in language-models-list.2026.json: prompt 20000 ($2/M), cached 2000 ($0.2/M),
# completion 80000 ($8/M); long context from 128000 prompt tokens: prompt 40000 ($4/M), cached 0
# (falls back to $0.2/M), completion 160000 ($16/M).
GROK_420 = RawPrices(
    model_id="grok-420-reasoning",
    prompt_text_token_price=20000,
    cached_prompt_text_token_price=2000,
    prompt_image_token_price=0,
    completion_text_token_price=80000,
    prompt_text_token_price_long_context=40000,
    cached_prompt_text_token_price_long_context=0,
    completion_text_token_price_long_context=160000,
    long_context_threshold=128000,
    search_price=0,
)


class TestUsd:
    """`usd` turns raw integers into exact Decimal dollars."""

    @pytest.mark.parametrize(
        ("raw", "places", "expected"),
        [
            (30000, 4, "3"),
            (2000, 4, "0.2"),
            (1, 4, "0.0001"),
            (7500, 4, "0.75"),
            (12500, 4, "1.25"),
            (123456789, 4, "12345.6789"),
            (1000000, 4, "100"),
            (10000, 4, "1"),
            (150000, 4, "15"),
            (250000000, 10, "0.025"),
            (200000000, 10, "0.02"),
            (700000000, 10, "0.07"),
            (1234567, 10, "0.0001234567"),
            (10**10, 10, "1"),
            (10**13, 10, "1000"),
            (10**30 + 1, 4, "100000000000000000000000000.0001"),
        ],
    )
    def test_exact_value_and_plain_string(self, raw: int, places: int, expected: str) -> None:
        """The result equals raw / 10**places exactly and prints without exponent or padding."""
        value = usd(raw, places)
        assert isinstance(value, Decimal)
        assert value == Decimal(expected)
        assert str(value) == expected

    def test_zero_is_decimal_zero(self) -> None:
        """A raw price of 0 is Decimal 0, printed as "0"."""
        value = usd(0, 4)
        assert isinstance(value, Decimal)
        assert value == 0
        assert str(value) == "0"

    @pytest.mark.parametrize("places", [4, 10])
    def test_none_stays_none(self, places: int) -> None:
        """No raw price means no price, not zero."""
        assert usd(None, places) is None

    def test_digits_are_exact(self) -> None:
        """raw 3 at 4 places is exactly 3 x 10**-4: no binary float crept in."""
        value = usd(3, 4)
        assert value is not None
        assert value.as_tuple() == (0, (3,), -4)
        assert value * 3 == Decimal("0.0009")


class TestRawPricesToTokenPricing:
    """RawPrices.to_token_pricing converts each price with the right scale."""

    def test_every_field_converted(self) -> None:
        """Token prices use raw / 10**4, the search price raw / 10**10, the threshold is kept."""
        pricing = RawPrices(
            model_id="m",
            prompt_text_token_price=30000,
            cached_prompt_text_token_price=7500,
            prompt_image_token_price=2000,
            completion_text_token_price=150000,
            prompt_text_token_price_long_context=60000,
            cached_prompt_text_token_price_long_context=15000,
            completion_text_token_price_long_context=300000,
            long_context_threshold=128000,
            search_price=250000000,
        ).to_token_pricing()
        assert pricing == TokenPricing(
            prompt_text=Decimal("3"),
            cached_prompt_text=Decimal("0.75"),
            prompt_image=Decimal("0.2"),
            completion_text=Decimal("15"),
            prompt_text_long_context=Decimal("6"),
            cached_prompt_text_long_context=Decimal("1.5"),
            completion_text_long_context=Decimal("30"),
            long_context_threshold=128000,
            search=Decimal("0.025"),
        )

    def test_absent_prices_are_none(self) -> None:
        """A model without prices gets a TokenPricing of all None."""
        assert RawPrices(model_id="m").to_token_pricing() == TokenPricing()
        assert TokenPricing().prompt_text is None
        assert TokenPricing().search is None


class TestModelPricing:
    """`.pricing` of the decoded example models."""

    def test_language_model_2025_grok_3(self) -> None:
        """grok-3's prices: $3 prompt, $0.75 cached, $0 image, $15 completion, $0.025 per search."""
        pricing = _language_models("language-models-list.2025.json")["grok-3"].pricing
        assert isinstance(pricing, TokenPricing)
        assert pricing.prompt_text == Decimal("3")
        assert pricing.cached_prompt_text == Decimal("0.75")
        assert pricing.prompt_image == Decimal(0)
        assert pricing.completion_text == Decimal("15")
        assert pricing.search == Decimal("0.025")
        assert str(pricing.search) == "0.025"
        assert pricing.prompt_text_long_context is None
        assert pricing.long_context_threshold is None

    def test_language_model_without_cached_or_search_price(self) -> None:
        """grok-2-vision-1212 has no cached or search price: those read as None, not 0."""
        pricing = _language_models("language-models-list.2025.json")["grok-2-vision-1212"].pricing
        assert pricing.cached_prompt_text is None
        assert pricing.search is None
        assert pricing.prompt_text == Decimal("2")
        assert pricing.prompt_image == Decimal("2")
        assert pricing.completion_text == Decimal("10")

    def test_language_model_2026_long_context(self) -> None:
        """grok-420-reasoning's long-context prices and threshold come through as sent."""
        pricing = _language_models("language-models-list.2026.json")["grok-420-reasoning"].pricing
        assert pricing.prompt_text == Decimal("2")
        assert pricing.cached_prompt_text == Decimal("0.2")
        assert str(pricing.cached_prompt_text) == "0.2"
        assert pricing.completion_text == Decimal("8")
        assert pricing.prompt_text_long_context == Decimal("4")
        assert pricing.cached_prompt_text_long_context == Decimal(0)
        assert pricing.completion_text_long_context == Decimal("16")
        assert pricing.long_context_threshold == 128000
        assert pricing.search == Decimal(0)

    def test_model_without_any_price(self) -> None:
        """A /v1/models entry with no prices has a TokenPricing of all None."""
        model = _codec.MODEL.decode(_load("models-get.2025.json"))
        assert isinstance(model.pricing, TokenPricing)
        assert model.pricing == TokenPricing()

    def test_model_2026_prices(self) -> None:
        """A /v1/models entry's token prices convert; it never has a search price."""
        pricing = _codec.MODEL.decode(_load("models-get.2026.json")).pricing
        assert pricing.prompt_text == Decimal("1.25")
        assert pricing.cached_prompt_text == Decimal("0.2")
        assert pricing.prompt_image == Decimal("1.25")
        assert pricing.completion_text == Decimal("2.5")
        assert pricing.search is None

    def test_pricing_fields_are_decimals_not_floats(self) -> None:
        """Every price in a pricing is a Decimal (or None), never a float."""
        pricing = _language_models("language-models-list.2026.json")["latest"].pricing
        values = [
            pricing.prompt_text,
            pricing.cached_prompt_text,
            pricing.prompt_image,
            pricing.completion_text,
            pricing.prompt_text_long_context,
            pricing.cached_prompt_text_long_context,
            pricing.completion_text_long_context,
            pricing.search,
        ]
        assert all(type(value) is Decimal for value in values)

    def test_odd_token_price(self) -> None:
        """A token price of 123456789 raw is exactly $12345.6789 per 1M tokens."""
        pricing = _language(prompt_text_token_price=123456789).pricing
        assert pricing.prompt_text == Decimal("12345.6789")
        assert str(pricing.prompt_text) == "12345.6789"


class TestPricePerImage:
    """`price_per_image` of Model and ImageGenerationModel: raw / 10**10 USD."""

    def test_model_from_models_list_2026(self) -> None:
        """grok-imagine-image's image_price 200000000 is $0.02 per image."""
        model = _models("models-list.2026.json")["grok-imagine-image"]
        assert model.price_per_image == Decimal("0.02")
        assert str(model.price_per_image) == "0.02"

    def test_model_without_image_price(self) -> None:
        """A model without an image price has price_per_image None."""
        assert _models("models-list.2026.json")["latest"].price_per_image is None

    @pytest.mark.parametrize(
        ("raw", "expected"),
        [(200000000, "0.02"), (700000000, "0.07"), (1234567, "0.0001234567"), (0, "0")],
    )
    def test_image_generation_model(self, raw: int, expected: str) -> None:
        """ImageGenerationModel converts its image_price exactly."""
        model = ImageGenerationModel(
            id="img", created=CREATED, object="model", owned_by="xai", image_price=raw
        )
        assert model.price_per_image == Decimal(expected)
        assert str(model.price_per_image) == expected

    def test_image_generation_example_without_image_price(self) -> None:
        """The docs' image model example has no image_price, so no price per image."""
        model = _codec.IMAGE_GENERATION_MODEL.decode(_load("image-generation-models-get.json"))
        assert model.price_per_image is None


class TestEstimateCost:
    """estimate_cost on hand-computed cases."""

    def test_issue_example_long_context_with_cache(self) -> None:
        """grok-420-reasoning, 200000 prompt (100000 cached) + 1000 completion = $0.436.

        Long context (200000 >= 128000): 100000 x $4/M = 0.4; 100000 cached x $0.2/M (cached
        long price 0 falls back to standard) = 0.02; 1000 x $16/M = 0.016.
        """
        model = _language_models("language-models-list.2026.json")["grok-420-reasoning"]
        cost = model.estimate_cost(
            prompt_tokens=200000, cached_prompt_tokens=100000, completion_tokens=1000
        )
        assert cost == Decimal("0.436")
        assert str(cost) == "0.436"

    def test_same_model_from_v1_models(self) -> None:
        """The /v1/models entry (no cached long price at all) gives the same $0.436."""
        model = _models("models-list.2026.json")["grok-420-reasoning"]
        cost = model.estimate_cost(
            prompt_tokens=200000, cached_prompt_tokens=100000, completion_tokens=1000
        )
        assert cost == Decimal("0.436")

    @pytest.mark.parametrize(
        ("prompt_tokens", "expected"),
        [
            (127999, "0.255998"),  # 127999 x $2/M, standard tier
            (128000, "0.512"),  # 128000 x $4/M: the threshold itself is long context
            (128001, "0.512004"),  # 128001 x $4/M
        ],
    )
    def test_threshold_boundary(self, prompt_tokens: int, expected: str) -> None:
        """Long-context prices apply from prompt_tokens == threshold on, not before."""
        model = _language_models("language-models-list.2026.json")["grok-420-reasoning"]
        assert model.estimate_cost(prompt_tokens=prompt_tokens) == Decimal(expected)

    def test_completion_price_depends_on_prompt_length(self) -> None:
        """1000 completion tokens cost $8/M below the threshold and $16/M above it."""
        model = _language_models("language-models-list.2026.json")["grok-420-reasoning"]
        short = model.estimate_cost(prompt_tokens=0, completion_tokens=1000)
        long = model.estimate_cost(prompt_tokens=128000, completion_tokens=1000)
        assert short == Decimal("0.008")
        assert long == Decimal("0.512") + Decimal("0.016")

    def test_threshold_zero_means_no_long_tier(self) -> None:
        """'latest' (threshold 0): 10M prompt tokens still cost $1.25/M = $12.5."""
        model = _language_models("language-models-list.2026.json")["latest"]
        assert model.estimate_cost(prompt_tokens=10_000_000) == Decimal("12.5")

    def test_grok_3_all_kinds(self) -> None:
        """grok-3: 1000 prompt (400 cached) + 500 completion + 2 searches = $0.0596.

        600 x 30000 + 400 x 7500 + 500 x 150000 + 2 x 250000000 = 596000000 raw = $0.0596.
        """
        model = _language_models("language-models-list.2025.json")["grok-3"]
        cost = model.estimate_cost(
            prompt_tokens=1000, cached_prompt_tokens=400, completion_tokens=500, searches=2
        )
        assert cost == Decimal("0.0596")

    def test_cached_tokens_not_billed_twice(self) -> None:
        """All-cached prompt: 1000 x $0.75/M = $0.00075, not that plus the prompt price."""
        model = _language_models("language-models-list.2025.json")["grok-3"]
        cost = model.estimate_cost(prompt_tokens=1000, cached_prompt_tokens=1000)
        assert cost == Decimal("0.00075")

    def test_cached_price_absent_means_no_discount(self) -> None:
        """grok-2-vision has no cached price: 400 cached of 1000 cost the $2/M prompt price."""
        model = _language_models("language-models-list.2025.json")["grok-2-vision-1212"]
        cost = model.estimate_cost(prompt_tokens=1000, cached_prompt_tokens=400)
        assert cost == Decimal("0.002")

    def test_cached_price_zero_is_free(self) -> None:
        """language-models-get 'latest' has cached price 0, and a standard price of 0 is free:
        1000 cached of 1000 prompt tokens cost 0 x 1000 = $0 (see the spec's note on zeros)."""
        model = _codec.LANGUAGE_MODEL.decode(_load("language-models-get.json"))
        cost = model.estimate_cost(prompt_tokens=1000, cached_prompt_tokens=1000)
        assert cost == Decimal(0)

    def test_prompt_image_tokens(self) -> None:
        """grok-2-vision: 500 image tokens x $2/M = $0.001."""
        model = _language_models("language-models-list.2025.json")["grok-2-vision-1212"]
        cost = model.estimate_cost(prompt_tokens=0, prompt_image_tokens=500)
        assert cost == Decimal("0.001")

    def test_search_price_zero_is_free(self) -> None:
        """'latest' 2026 has search price 0: 3 searches cost nothing."""
        model = _language_models("language-models-list.2026.json")["latest"]
        assert model.estimate_cost(prompt_tokens=0, searches=3) == Decimal(0)

    def test_odd_token_price(self) -> None:
        """3 tokens at 123456789 raw each = 370370367 raw = $0.0370370367."""
        model = _language(prompt_text_token_price=123456789)
        cost = model.estimate_cost(prompt_tokens=3)
        assert cost == Decimal("0.0370370367")
        assert str(cost) == "0.0370370367"

    def test_one_token_at_one_raw(self) -> None:
        """10**6 tokens at raw 1 = $0.0001 exactly."""
        assert _language(prompt_text_token_price=1).estimate_cost(prompt_tokens=10**6) == Decimal(
            "0.0001"
        )

    def test_no_rounding_beyond_context_precision(self) -> None:
        """(10**30 + 1) tokens at raw 3 is exact, past Decimal's default 28 digits."""
        cost = _language(prompt_text_token_price=3).estimate_cost(prompt_tokens=10**30 + 1)
        assert cost == Decimal("300000000000000000000.0000000003")
        assert str(cost) == "300000000000000000000.0000000003"

    def test_no_tokens_costs_zero_even_without_prices(self) -> None:
        """Asking for nothing costs nothing, even for a model without prices."""
        cost = _model().estimate_cost(prompt_tokens=0)
        assert cost == Decimal(0)
        assert isinstance(cost, Decimal)

    def test_result_is_decimal(self) -> None:
        """estimate_cost returns a Decimal, never a float."""
        model = _language_models("language-models-list.2025.json")["grok-3"]
        assert type(model.estimate_cost(prompt_tokens=7)) is Decimal

    def test_model_prompt_image_price_zero(self) -> None:
        """/v1/models grok-420-reasoning: image tokens at price 0 add nothing."""
        model = _models("models-list.2026.json")["grok-420-reasoning"]
        assert model.estimate_cost(prompt_tokens=1000, prompt_image_tokens=999) == Decimal("0.002")


class TestLongContextFallbacks:
    """Each long-context price falls back to its standard price where 0 or absent."""

    @pytest.mark.parametrize(
        ("prices", "expected"),
        [
            # all long prices set: 150 x 40000 + 50 x 3000 + 10 x 90000 = 7050000 raw
            (
                {
                    "prompt_text_token_price_long_context": 40000,
                    "cached_prompt_text_token_price_long_context": 3000,
                    "completion_text_token_price_long_context": 90000,
                },
                "0.000705",
            ),
            # long prices 0: standard 150 x 20000 + 50 x 2000 + 10 x 80000 = 3900000 raw
            (
                {
                    "prompt_text_token_price_long_context": 0,
                    "cached_prompt_text_token_price_long_context": 0,
                    "completion_text_token_price_long_context": 0,
                },
                "0.00039",
            ),
            # long prices absent: the same standard prices
            ({}, "0.00039"),
            # only the prompt price has a long tier: 150 x 40000 + 50 x 2000 + 10 x 80000
            ({"prompt_text_token_price_long_context": 40000}, "0.00069"),
        ],
    )
    def test_fallbacks(self, prices: dict[str, int], expected: str) -> None:
        """200 prompt (50 cached) + 10 completion at threshold 100 uses the expected prices."""
        breakdown = cost_breakdown(
            RawPrices(
                model_id="m",
                prompt_text_token_price=20000,
                cached_prompt_text_token_price=2000,
                completion_text_token_price=80000,
                long_context_threshold=100,
                **prices,
            ),
            prompt_tokens=200,
            cached_prompt_tokens=50,
            completion_tokens=10,
        )
        assert breakdown.total == Decimal(expected)
        assert breakdown.long_context is True

    def test_free_cached_price_stays_free_in_long_context(self) -> None:
        """Cached price 0 in both tiers: 150 uncached at $4/M = $0.0006, the 50 cached free."""
        breakdown = cost_breakdown(
            RawPrices(
                model_id="m",
                prompt_text_token_price=20000,
                cached_prompt_text_token_price=0,
                prompt_text_token_price_long_context=40000,
                cached_prompt_text_token_price_long_context=0,
                long_context_threshold=100,
            ),
            prompt_tokens=200,
            cached_prompt_tokens=50,
        )
        assert breakdown.total == Decimal("0.0006")

    @pytest.mark.parametrize("threshold", [None, 0])
    def test_no_long_tier(self, threshold: int | None) -> None:
        """Without a positive threshold long prices never apply: 10**6 tokens x $2/M = $2."""
        breakdown = cost_breakdown(
            RawPrices(
                model_id="m",
                prompt_text_token_price=20000,
                prompt_text_token_price_long_context=40000,
                long_context_threshold=threshold,
            ),
            prompt_tokens=10**6,
        )
        assert breakdown.total == Decimal(2)
        assert breakdown.long_context is False

    def test_long_price_used_when_standard_absent(self) -> None:
        """A long-context prompt price applies even if the standard one is absent."""
        breakdown = cost_breakdown(
            RawPrices(
                model_id="m", prompt_text_token_price_long_context=40000, long_context_threshold=10
            ),
            prompt_tokens=1000,
        )
        assert breakdown.total == Decimal("0.004")


class TestEstimateCostErrors:
    """Wrong counts and missing prices raise, with a clear message."""

    @pytest.mark.parametrize(
        "name",
        [
            "prompt_tokens",
            "completion_tokens",
            "cached_prompt_tokens",
            "prompt_image_tokens",
            "searches",
        ],
    )
    def test_negative_count(self, name: str) -> None:
        """A negative count of any kind raises ValueError naming it."""
        model = _language_models("language-models-list.2025.json")["grok-3"]
        counts: dict[str, Any] = {"prompt_tokens": 10, name: -1}
        with pytest.raises(ValueError, match=name):
            model.estimate_cost(**counts)

    @pytest.mark.parametrize("value", [True, False, 1.0, 10.5, "10", Decimal(10), None])
    @pytest.mark.parametrize("name", ["prompt_tokens", "completion_tokens", "searches"])
    def test_non_int_count(self, name: str, value: object) -> None:
        """Bools, floats, strings, Decimals and None are rejected with TypeError."""
        model = _language_models("language-models-list.2025.json")["grok-3"]
        counts: dict[str, Any] = {"prompt_tokens": 10, name: value}
        with pytest.raises(TypeError, match=name):
            model.estimate_cost(**counts)

    def test_cached_more_than_prompt(self) -> None:
        """cached_prompt_tokens > prompt_tokens raises ValueError."""
        model = _language_models("language-models-list.2025.json")["grok-3"]
        with pytest.raises(ValueError, match="cached_prompt_tokens"):
            model.estimate_cost(prompt_tokens=10, cached_prompt_tokens=11)

    def test_searches_on_v1_models_model(self) -> None:
        """A /v1/models Model has no search price, so searches > 0 raise ValueError."""
        model = _models("models-list.2026.json")["latest"]
        with pytest.raises(ValueError, match="search_price") as info:
            model.estimate_cost(prompt_tokens=10, searches=1)
        assert "'latest'" in str(info.value)

    def test_searches_without_search_price(self) -> None:
        """grok-2-vision has no search price: searches raise, naming the model."""
        model = _language_models("language-models-list.2025.json")["grok-2-vision-1212"]
        with pytest.raises(ValueError, match=r"'grok-2-vision-1212'.*search_price"):
            model.estimate_cost(prompt_tokens=0, searches=1)

    @pytest.mark.parametrize(
        ("counts", "field"),
        [
            ({"prompt_tokens": 1}, "prompt_text_token_price"),
            ({"prompt_tokens": 0, "completion_tokens": 1}, "completion_text_token_price"),
            ({"prompt_tokens": 0, "prompt_image_tokens": 1}, "prompt_image_token_price"),
        ],
    )
    def test_missing_price(self, counts: dict[str, int], field: str) -> None:
        """Tokens of a kind the model has no price for raise ValueError naming price and model."""
        model = _models("models-list.2026.json")["grok-imagine-image"]
        with pytest.raises(ValueError, match=field) as info:
            model.estimate_cost(**counts)
        assert "'grok-imagine-image'" in str(info.value)

    def test_missing_prompt_price_with_cached_tokens(self) -> None:
        """Cached tokens with no cached and no prompt price cannot be priced."""
        model = _model(completion_text_token_price=1)
        with pytest.raises(ValueError, match="prompt_text_token_price"):
            model.estimate_cost(prompt_tokens=5, cached_prompt_tokens=5)

    def test_zero_count_of_unpriced_kind_is_fine(self) -> None:
        """A missing price only matters when tokens of that kind are asked for."""
        model = _model(prompt_text_token_price=10000)
        assert model.estimate_cost(prompt_tokens=100, completion_tokens=0) == Decimal("0.0001")


class TestCostBreakdown:
    """cost_breakdown's lines explain the total exactly."""

    def test_issue_example_lines(self) -> None:
        """The $0.436 example has three long-context lines costing 0.4, 0.02 and 0.016."""
        breakdown = cost_breakdown(
            GROK_420, prompt_tokens=200000, cached_prompt_tokens=100000, completion_tokens=1000
        )
        assert isinstance(breakdown, CostBreakdown)
        assert breakdown.model_id == "grok-420-reasoning"
        assert breakdown.long_context is True
        got = [(line.quantity, line.unit_price, line.cost) for line in breakdown.lines]
        assert got == [
            (100000, Decimal("4"), Decimal("0.4")),
            (100000, Decimal("0.2"), Decimal("0.02")),
            (1000, Decimal("16"), Decimal("0.016")),
        ]
        assert all("long context" in line.label for line in breakdown.lines)
        assert breakdown.total == Decimal("0.436")

    @pytest.mark.parametrize(
        "counts",
        [
            {"prompt_tokens": 200000, "cached_prompt_tokens": 100000, "completion_tokens": 1000},
            {"prompt_tokens": 1000, "cached_prompt_tokens": 1, "completion_tokens": 3},
            {"prompt_tokens": 127999, "prompt_image_tokens": 17, "searches": 4},
            {"prompt_tokens": 7},
        ],
    )
    def test_lines_sum_to_total(self, counts: dict[str, int]) -> None:
        """The lines' costs add up to the total exactly."""
        breakdown = cost_breakdown(GROK_420, **counts)
        assert sum((line.cost for line in breakdown.lines), Decimal(0)) == breakdown.total

    def test_lines_sum_with_searches(self) -> None:
        """grok-3 with every kind: lines 0.018, 0.003, 0.075, 0.5 sum to 0.596."""
        breakdown = cost_breakdown(
            RawPrices(
                model_id="grok-3",
                prompt_text_token_price=30000,
                cached_prompt_text_token_price=7500,
                completion_text_token_price=150000,
                search_price=250000000,
            ),
            prompt_tokens=10000,
            cached_prompt_tokens=4000,
            completion_tokens=5000,
            searches=20,
        )
        assert [line.cost for line in breakdown.lines] == [
            Decimal("0.018"),
            Decimal("0.003"),
            Decimal("0.075"),
            Decimal("0.5"),
        ]
        assert breakdown.lines[-1].unit_price == Decimal("0.025")
        assert breakdown.lines[-1].unit == "search"
        assert breakdown.total == Decimal("0.596")

    def test_zero_quantities_have_no_line(self) -> None:
        """Kinds with no tokens asked for are left out of the lines."""
        breakdown = cost_breakdown(GROK_420, prompt_tokens=10)
        assert [line.quantity for line in breakdown.lines] == [10]
        assert breakdown.long_context is False

    def test_matches_estimate_cost(self) -> None:
        """estimate_cost is the breakdown's total."""
        model = _language_models("language-models-list.2026.json")["grok-420-reasoning"]
        counts = {"prompt_tokens": 150000, "cached_prompt_tokens": 5, "completion_tokens": 77}
        assert model.estimate_cost(**counts) == cost_breakdown(GROK_420, **counts).total

    def test_breakdown_does_not_mutate_prices(self) -> None:
        """Computing a breakdown leaves the RawPrices untouched."""
        before = copy.deepcopy(GROK_420)
        cost_breakdown(GROK_420, prompt_tokens=200000, completion_tokens=5)
        assert before == GROK_420


class TestBilledResponsesByHand:
    """Hand-computed bills from real prices, independent of `cost_breakdown`'s own sums.

    Prices: grok-4.3 in the 2026-07-25 capture of /v1/language-models (12500 / 2000 / 25000 ticks
    a token). Usage: `../shared/docs/usage/chat-cached-reasoning.json`, billed 129978500 ticks.
    """

    GROK_4_3 = RawPrices(
        model_id="grok-4.3",
        prompt_text_token_price=12500,
        cached_prompt_text_token_price=2000,
        completion_text_token_price=25000,
        prompt_text_token_price_long_context=25000,
        cached_prompt_text_token_price_long_context=4000,
        completion_text_token_price_long_context=50000,
        long_context_threshold=200000,
    )

    def test_chat_with_cache_and_reasoning_reproduces_the_bill(self) -> None:
        """(51059 - 51008) x 12500 + 51008 x 2000 + (577 + 516) x 25000 = 129978500 ticks."""
        breakdown = cost_breakdown(
            self.GROK_4_3,
            prompt_tokens=51059,
            cached_prompt_tokens=51008,
            completion_tokens=577 + 516,
        )
        assert breakdown.total_ticks == 129978500
        assert breakdown.total == Decimal("0.01299785")
        assert [line.ticks for line in breakdown.lines] == [637500, 102016000, 27325000]

    def test_long_context_by_hand(self) -> None:
        """At 200000 prompt tokens (10 cached) every token bills long: 199990 x 25000 +
        10 x 4000 + 100 x 50000 = 5004790000 ticks = $0.500479."""
        breakdown = cost_breakdown(
            self.GROK_4_3, prompt_tokens=200000, cached_prompt_tokens=10, completion_tokens=100
        )
        assert breakdown.total_ticks == 4999750000 + 40000 + 5000000
        assert breakdown.total == Decimal("0.500479")
        assert breakdown.long_context is True
