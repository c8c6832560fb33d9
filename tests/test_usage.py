"""Costing real responses: `Catalog.cost_of`, `_usage.read_usage` and `_pricing.bill`.

Every expected number is worked out by hand in the test's docstring or comment, from raw prices in
ticks (1e-10 USD) per token, per call or per image. The three published usage examples in
tests/data/usage/ (copies of ../shared/docs/usage/) are reproduced to the tick of what xAI billed.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from xai_models import Catalog, CostBreakdown, InvalidUsageError, UnknownModelError
from xai_models._model.pricing import ToolPrice
from xai_models._model.types import ImageGenerationModel, ImagePriceTier, LanguageModel, Model

USAGE = Path(__file__).parent / "data" / "usage"
CREATED = datetime(2026, 8, 1, tzinfo=UTC)

# grok-4.6 as the examples' price notes give it: 20000 / 5000 / 60000 ticks a token, long context
# from 200000 prompt tokens at 40000 / 10000 / 120000.
GROK_4_6 = {
    "prompt_text_token_price": 20000,
    "cached_prompt_text_token_price": 5000,
    "completion_text_token_price": 60000,
    "prompt_text_token_price_long_context": 40000,
    "cached_prompt_text_token_price_long_context": 10000,
    "completion_text_token_price_long_context": 120000,
    "long_context_threshold": 200000,
}
GROK_4_3 = {
    "prompt_text_token_price": 12500,
    "cached_prompt_text_token_price": 2000,
    "completion_text_token_price": 25000,
    "prompt_text_token_price_long_context": 25000,
    "cached_prompt_text_token_price_long_context": 4000,
    "completion_text_token_price_long_context": 50000,
    "long_context_threshold": 200000,
}


def language(model_id: str, aliases: tuple[str, ...] = (), **prices: int) -> LanguageModel:
    return LanguageModel(id=model_id, created=CREATED, object="model", owned_by="xai",
                         aliases=aliases, **prices)  # fmt: skip


def catalog() -> Catalog:
    image = ImageGenerationModel(
        id="grok-imagine-image",
        created=CREATED,
        object="model",
        owned_by="xai",
        image_price=200000000,
        image_price_tiers=(
            ImagePriceTier(price_per_image=Decimal("0.02"), quality="medium", resolution="1k"),
            ImagePriceTier(price_per_image=Decimal("0.07"), quality="high", resolution="2k"),
        ),
    )
    return Catalog.from_lists(
        [
            Model(
                id="grok-4.6",
                created=CREATED,
                object="model",
                owned_by="xai",
                context_length=500000,
            )
        ],
        [
            language("grok-4.6", ("grok-4.6-latest",), **GROK_4_6),
            language("grok-4.3", ("grok-4.3-latest", "grok-3-retired"), **GROK_4_3),
        ],
        [image],
        [],
        fetched_at=CREATED,
    )


def example(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((USAGE / name).read_text("utf-8"))
    return data


def chat(**usage: Any) -> dict[str, Any]:
    return {"object": "chat.completion", "model": "grok-4.3", "usage": usage}


def responses(**usage: Any) -> dict[str, Any]:
    return {"object": "response", "model": "grok-4.6", "usage": usage}


def ticks(body: Any, **options: Any) -> int:
    return catalog().cost_of(body, **options).total_ticks


class TestPublishedExamples:
    """The usage examples reproduce what xAI billed, to the tick."""

    @pytest.mark.parametrize(
        "name",
        ["chat-cached-reasoning.json", "responses-web-search.json", "responses-long-context.json"],
    )
    def test_reproduces_the_bill(self, name: str) -> None:
        data = example(name)
        body = {"model": data["model"]["returned"], "usage": data["usage"]}
        breakdown = catalog().cost_of(body)
        assert breakdown.billed_ticks == data["usage"]["cost_in_usd_ticks"]
        assert breakdown.total_ticks == breakdown.billed_ticks
        assert breakdown.agrees is True
        assert breakdown.difference_ticks == 0

    def test_long_context_example_lines(self) -> None:
        """(416634-321408) x 40000 + 321408 x 10000 + 5996 x 120000 + 30 x 50000000."""
        data = example("responses-long-context.json")
        breakdown = catalog().cost_of({"model": "grok-4.6", "usage": data["usage"]})
        assert [line.ticks for line in breakdown.lines] == [
            95226 * 40000,
            321408 * 10000,
            5996 * 120000,
            30 * 50000000,
        ]
        assert breakdown.tier == "long context"


class TestTokenRules:
    def test_chat_cached_tokens_are_inside_the_prompt(self) -> None:
        """1000 prompt (400 cached): 600 x 12500 + 400 x 2000 = 8300000."""
        body = chat(prompt_tokens=1000, prompt_tokens_details={"cached_tokens": 400})
        assert ticks(body) == 8300000

    def test_chat_reasoning_is_outside_completion_and_billed(self) -> None:
        """10 prompt, 5 completion + 7 reasoning: 10 x 12500 + 12 x 25000 = 425000."""
        body = chat(prompt_tokens=10, completion_tokens=5,
                    completion_tokens_details={"reasoning_tokens": 7})  # fmt: skip
        assert ticks(body) == 425000

    def test_responses_output_already_holds_reasoning(self) -> None:
        """10 input, 12 output (7 of them reasoning): 10 x 20000 + 12 x 60000 = 920000."""
        body = responses(input_tokens=10, output_tokens=12,
                         output_tokens_details={"reasoning_tokens": 7})  # fmt: skip
        assert ticks(body) == 920000

    def test_chat_image_tokens_are_prompt_tokens(self) -> None:
        """100 prompt of which 60 image: all 100 at 12500 = 1250000."""
        body = chat(prompt_tokens=100, prompt_tokens_details={"image_tokens": 60})
        assert ticks(body) == 1250000

    def test_long_context_at_the_threshold(self) -> None:
        """200000 input (1000 cached), 10 output: 199000 x 40000 + 1000 x 10000 + 10 x 120000."""
        body = responses(input_tokens=200000, input_tokens_details={"cached_tokens": 1000},
                         output_tokens=10)  # fmt: skip
        assert ticks(body) == 199000 * 40000 + 1000 * 10000 + 10 * 120000

    def test_just_below_the_threshold(self) -> None:
        """199999 input (1000 cached), 10 output: 198999 x 20000 + 1000 x 5000 + 10 x 60000."""
        body = responses(input_tokens=199999, input_tokens_details={"cached_tokens": 1000},
                         output_tokens=10)  # fmt: skip
        assert ticks(body) == 198999 * 20000 + 1000 * 5000 + 10 * 60000

    def test_priority_doubles_token_prices(self) -> None:
        """service_tier priority: 10 x 40000 + 2 x 120000 = 640000; the tool call stays 5e7."""
        body = responses(input_tokens=10, output_tokens=2,
                         server_side_tool_usage_details={"web_search_calls": 1})  # fmt: skip
        body["service_tier"] = "priority"
        breakdown = catalog().cost_of(body)
        assert breakdown.total_ticks == 640000 + 50000000
        assert breakdown.tier == "standard, priority"

    def test_alias_bills_at_the_canonical_model(self) -> None:
        """A response naming an alias (a retired id now an alias) bills at grok-4.3's prices."""
        body = chat(prompt_tokens=10)
        body["model"] = "grok-3-retired"
        breakdown = catalog().cost_of(body)
        assert (breakdown.model_id, breakdown.total_ticks) == ("grok-4.3", 125000)


class TestTools:
    @pytest.mark.parametrize(
        "tool",
        ["web_search_calls", "x_search_calls", "document_search_calls", "code_interpreter_calls"],
    )
    def test_each_call_costs_50_million(self, tool: str) -> None:
        body = responses(input_tokens=0, server_side_tool_usage_details={tool: 3})
        assert ticks(body) == 150000000

    def test_x_search_by_fetch_replaces_calls(self) -> None:
        """From September 2026: 2 posts x 5e7 + 1 user x 1e8; the 4 x_search_calls cost nothing."""
        details = {"x_search_calls": 4, "x_posts_fetched": 2, "x_users_fetched": 1}
        body = responses(input_tokens=0, server_side_tool_usage_details=details)
        assert ticks(body) == 200000000

    def test_x_search_before_the_switch_bills_calls(self) -> None:
        body = responses(input_tokens=0, server_side_tool_usage_details={"x_search_calls": 4})
        assert ticks(body) == 200000000

    def test_sources_and_counters_are_free(self) -> None:
        body = responses(input_tokens=0, num_sources_used=12, num_server_side_tools_used=0,
                         server_side_tool_usage_details={"web_search_calls": 0})  # fmt: skip
        assert ticks(body) == 0

    def test_file_search_from_the_table_says_so(self) -> None:
        """$2.50 per 1,000 calls = 25000000 ticks a call, from the docs' table, not the API."""
        body = responses(input_tokens=0, server_side_tool_usage_details={"file_search_calls": 2})
        breakdown = catalog().cost_of(body)
        assert breakdown.total_ticks == 50000000
        assert "table" in breakdown.lines[0].source

    def test_unpriced_tool_is_an_error_until_given(self) -> None:
        body = responses(input_tokens=0, server_side_tool_usage_details={"mcp_calls": 2})
        with pytest.raises(InvalidUsageError, match="mcp_calls"):
            catalog().cost_of(body)
        breakdown = catalog().cost_of(body, tool_prices={"mcp_calls": 1000})
        assert breakdown.total_ticks == 2000
        assert breakdown.lines[0].source == "your tool price table"
        given = ToolPrice(ticks=7, source="my contract")
        assert catalog().cost_of(body, tool_prices={"mcp_calls": given}).total_ticks == 14


class TestImages:
    def test_default_image_price(self) -> None:
        """Two images at image_price 200000000 = 400000000 ticks ($0.04)."""
        body = {"model": "grok-imagine-image", "data": [{"url": "a"}, {"url": "b"}]}
        breakdown = catalog().cost_of(body)
        assert breakdown.total_ticks == 400000000
        assert str(breakdown.total) == "0.04"

    def test_matching_tier(self) -> None:
        body = {"model": "grok-imagine-image", "data": [{}], "quality": "high",
                "resolution": "2k"}  # fmt: skip
        assert ticks(body) == 700000000

    def test_no_such_tier(self) -> None:
        body = {"model": "grok-imagine-image", "data": [{}], "quality": "ultra"}
        with pytest.raises(InvalidUsageError, match="tier"):
            catalog().cost_of(body)


class TestBills:
    def test_a_differing_bill_is_reported(self) -> None:
        body = chat(prompt_tokens=10, cost_in_usd_ticks=125001)
        breakdown = catalog().cost_of(body)
        assert (breakdown.agrees, breakdown.difference_ticks) == (False, -1)

    def test_no_bill_no_verdict(self) -> None:
        breakdown = catalog().cost_of(chat(prompt_tokens=10))
        assert (breakdown.billed_ticks, breakdown.agrees) == (None, None)

    def test_bare_usage_needs_a_model(self) -> None:
        usage = {"prompt_tokens": 10}
        with pytest.raises(InvalidUsageError, match="model"):
            catalog().cost_of(usage)
        assert catalog().cost_of(usage, model="grok-4.3").total_ticks == 125000

    def test_json_text(self) -> None:
        assert ticks(json.dumps(chat(prompt_tokens=10))) == 125000

    def test_result_type(self) -> None:
        assert isinstance(catalog().cost_of(chat(prompt_tokens=1)), CostBreakdown)


class TestBadUsage:
    @pytest.mark.parametrize(
        ("body", "match"),
        [
            ("{not json", "not JSON"),
            ([], "JSON object"),
            ({"model": "grok-4.3", "usage": {"prompt_tokens": -1}}, ">= 0"),
            ({"model": "grok-4.3", "usage": {"prompt_tokens": 1.5}}, "whole number"),
            ({"model": "grok-4.3", "usage": {"prompt_tokens": True}}, "whole number"),
            ({"model": "grok-4.3", "usage": "lots"}, "must be an object"),
            ({"model": "grok-4.3", "usage": {}}, "no usage found"),
            ({"model": 7, "usage": {"prompt_tokens": 1}}, "'model' must be a string"),
            (chat(prompt_tokens=5, prompt_tokens_details={"cached_tokens": 6}), "exceed"),
            (responses(input_tokens=1, server_side_tool_usage_details=[1]), "must be an object"),
        ],
    )
    def test_clear_error(self, body: Any, match: str) -> None:
        with pytest.raises(InvalidUsageError, match=match):
            catalog().cost_of(body)

    def test_unknown_model(self) -> None:
        body = chat(prompt_tokens=1)
        body["model"] = "grok-9"
        with pytest.raises(UnknownModelError):
            catalog().cost_of(body)
