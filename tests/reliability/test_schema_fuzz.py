"""Requirement 7: bodies generated from the spec's response schemas parse into the public types.

For each of the eight 200 response schemas, at least 200 bodies are generated from the spec's own
schema (`format: int64` kept as bounds; see `schemas.strategy_for`), checked valid against that
schema with jsonschema, served over a real socket, and fetched through the client: each must parse
into the public type and encode back to exactly what was served (known fields that are null or []
read as absent; unknown fields kept as they are). Every property of the schema must have been
generated with a value at least once, and unknown fields too.

`strategy_for(schema)` draws bodies for the small JSON Schema subset the spec uses (type lists,
properties, required, additionalProperties, items, minimum, maximum) and refuses any other keyword,
so a spec change cannot be silently ignored; unknown properties (allowed everywhere) get tricky
names. It is about six times faster than hypothesis-jsonschema on these schemas (14 s instead of
54 s for the eight), which keeps this suite short; the contract tests use hypothesis-jsonschema.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from xai_models import Client

from .faultserver import ENDPOINTS, Endpoint, FaultServer
from .helpers import KEY, call_sync, encoded, report
from .schemas import json_schema, known_fields, normalized
from .soak import PUBLIC_TYPES

BODIES_PER_SCHEMA = 200
FUZZ = settings(
    max_examples=BODIES_PER_SCHEMA,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
SUPPORTED_KEYWORDS = frozenset(
    {"type", "properties", "required", "additionalProperties", "items", "minimum", "maximum"}
)
JSON_VALUES: st.SearchStrategy[Any] = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(), inner, max_size=3),
    max_leaves=6,
)
"""Any JSON value: what an unknown property may hold."""
TRICKY_NAMES = ("extra", "pricing", "image_price_tiers", "__dict__", "__class__", "id ", "ID", "")
SCHEMAS = [(endpoint, is_list) for endpoint in ENDPOINTS for is_list in (True, False)]


def strategy_for(schema: dict[str, Any]) -> st.SearchStrategy[Any]:
    """Bodies valid under `schema` (a `json_schema()` result); unknown keywords are refused."""
    unsupported = set(schema) - SUPPORTED_KEYWORDS
    if unsupported:
        raise ValueError(f"strategy_for does not know the keywords {sorted(unsupported)}")
    kinds = schema.get("type")
    if isinstance(kinds, list):
        return st.one_of([strategy_for({**schema, "type": kind}) for kind in kinds])
    if kinds == "null":
        return st.none()
    if kinds == "string":
        return st.text()
    if kinds == "integer":
        return st.integers(schema.get("minimum"), schema.get("maximum"))
    if kinds == "array":
        items = schema.get("items")
        return st.lists(strategy_for(items) if items else JSON_VALUES, max_size=4)
    if kinds == "object":
        properties = schema.get("properties", {})
        required = set(schema.get("required", ()))
        known = st.fixed_dictionaries(
            {key: strategy_for(value) for key, value in properties.items() if key in required},
            optional={
                key: strategy_for(value) for key, value in properties.items() if key not in required
            },
        )
        if schema.get("additionalProperties", True) is False:
            return known
        names = (st.sampled_from(TRICKY_NAMES) | st.text(max_size=12)).filter(
            lambda name: name not in properties
        )
        unknown = st.dictionaries(names, JSON_VALUES, max_size=3)
        return st.tuples(known, unknown).map(lambda pair: {**pair[1], **pair[0]})
    raise ValueError(f"strategy_for does not know the type {kinds!r}")


@pytest.fixture(scope="module")
def fuzz_server() -> Iterator[FaultServer]:
    with FaultServer() as server:
        yield server


def expected(endpoint: Endpoint, is_list: bool, body: Any) -> Any:
    if is_list:
        return [normalized(endpoint.item_schema, item) for item in body[endpoint.list_key]]
    return normalized(endpoint.item_schema, body)


class TestSchemaFuzz:
    @pytest.mark.parametrize(
        ("endpoint", "is_list"),
        SCHEMAS,
        ids=[
            endpoint.list_schema if is_list else endpoint.item_schema
            for endpoint, is_list in SCHEMAS
        ],
    )
    def test_generated_bodies_parse_into_the_public_types(
        self, fuzz_server: FaultServer, endpoint: Endpoint, is_list: bool
    ) -> None:
        """200+ bodies generated from the schema, served and fetched, parse to exactly them."""
        schema = endpoint.list_schema if is_list else endpoint.item_schema
        model_id = None if is_list else "fuzzed"
        target = endpoint.item_path("fuzzed") if model_id else endpoint.path
        public_type = PUBLIC_TYPES[endpoint.resource]
        validator = Draft202012Validator(json_schema(schema))
        counts: Counter[str] = Counter()
        filled: set[str] = set()
        with Client(KEY, base_url=fuzz_server.url, max_retries=0, timeout=10) as client:

            @FUZZ
            @given(body=strategy_for(json_schema(schema)))
            def served_body_parses(body: Any) -> None:
                validator.validate(body)
                items = body[endpoint.list_key] if is_list else [body]
                filled.update(key for item in items for key, value in item.items() if value)
                fuzz_server.answer(target, 200, json.dumps(body).encode())
                value = call_sync(client, endpoint, model_id)
                models = value if is_list else [value]
                assert all(type(model) is public_type for model in models)
                assert encoded(value) == expected(endpoint, is_list, body)
                counts["bodies"] += 1
                counts["models"] += len(models)
                counts["unknown fields"] += sum(len(model.extra) for model in models)

            served_body_parses()
        report(
            f"schema fuzz {schema}: {counts['bodies']} generated bodies served on {endpoint.path}"
            f"{'' if is_list else '/{id}'}, all parsed into {public_type.__name__} "
            f"({counts['models']} models, {counts['unknown fields']} unknown fields kept, "
            f"{len(known_fields(endpoint.item_schema) & filled)} of "
            f"{len(known_fields(endpoint.item_schema))} properties exercised) equal to what was "
            f"served"
        )
        assert counts["bodies"] >= BODIES_PER_SCHEMA
        assert known_fields(endpoint.item_schema) <= filled, "some property was never generated"
        assert counts["unknown fields"] > 0
