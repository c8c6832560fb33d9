"""Every price the spec's responses carry is declared once (`_schema/prices.py`), and every
declaration is a price the spec has: adding a price property to the spec fails here, naming it,
until its `PriceField` exists. The spec, walked by speclib, is the oracle."""

from __future__ import annotations

from typing import Any

import pytest
from xai_models_tools import spec as speclib

from xai_models._schema.prices import BY_NAME, PRICE_FIELDS, THRESHOLD, TIER_PRICE_FIELDS

SPEC = speclib.load_spec()


def looks_like_a_price(name: str, schema: dict[str, Any]) -> bool:
    """What the spec calls a price: a property in 1e-10 USD (its required wording, test_spec), one
    named a price, or a token threshold that decides prices."""
    description = str(schema.get("description", ""))
    return "1e-10 USD" in description or "price" in name or name.endswith("_threshold")


def price_properties(document: dict[str, Any]) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for schema_name, prop, schema in speclib.response_properties(document):
        if looks_like_a_price(prop, schema) and schema.get("type") != "array":
            found.setdefault(prop, set()).add(schema_name)
    return found


def test_the_walk_reaches_every_response_schema() -> None:
    schemas = {name for name, _, _ in speclib.response_properties(SPEC)}
    assert {"Model", "LanguageModel", "ImageGenerationModel", "VideoGenerationModel",
            "ImagePricingTier"} <= schemas  # fmt: skip


@pytest.mark.parametrize("prop", sorted(price_properties(SPEC)))
def test_each_price_property_is_declared(prop: str) -> None:
    schemas = ", ".join(sorted(price_properties(SPEC)[prop]))
    assert prop in BY_NAME, (
        f"{prop} ({schemas}) is a price in the spec but no PriceField declares it: add one to "
        "wrapper/xai_models/_schema/prices.py (docs/ARCHITECTURE.md, 'A new price field')"
    )


def test_every_declaration_is_a_price_of_the_spec() -> None:
    in_spec = price_properties(SPEC)
    stale = [
        field.name for field in (*PRICE_FIELDS, *TIER_PRICE_FIELDS) if field.name not in in_spec
    ]
    assert stale == []


def test_a_new_price_property_fails_with_its_name() -> None:
    """The check above, on a copy of the spec with one more price: it finds the new name."""
    document: Any = speclib.load_spec()
    properties = document["components"]["schemas"]["LanguageModel"]["properties"]
    properties["audio_input_token_price"] = {
        "type": "integer", "format": "int64",
        "description": "Price of an audio input token, in 1e-10 USD.",
    }  # fmt: skip
    undeclared = sorted(set(price_properties(document)) - set(BY_NAME))
    assert undeclared == ["audio_input_token_price"]


def test_units_follow_the_spec() -> None:
    """A threshold is a token count; every other price is money in 1e-10 USD."""
    for prop, schema in ((p, s) for _, p, s in speclib.response_properties(SPEC) if p in BY_NAME):
        declared = BY_NAME[prop]
        if declared.unit == THRESHOLD:
            assert "1e-10 USD" not in str(schema.get("description", "")), prop
        else:
            assert "1e-10 USD" in str(schema.get("description", "")), prop
