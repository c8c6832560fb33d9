"""The spec's schemas as plain JSON Schema, and the JSON a decoded model must encode back to.

`normalized(schema, item)` is the expectation for "right data": `encode(model)` (`_model.codec`)
of a model decoded from `item` must equal it. Known fields that are null or empty arrays are dropped
(the public types read absent, null and [] alike); every other field, unknown ones included, is
kept exactly as served.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import yaml
from xai_models_tools import spec as speclib

SPEC_PATH = Path(__file__).resolve().parents[2] / "spec" / "xai-models.openapi.yaml"
SPEC: dict[str, Any] = yaml.safe_load(SPEC_PATH.read_text(encoding="utf-8"))
SCHEMAS: dict[str, Any] = SPEC["components"]["schemas"]
INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1

__all__ = ["SPEC", "json_schema", "known_fields", "normalized"]


def _component(ref: str) -> Any:
    return SCHEMAS[ref.rsplit("/", 1)[-1]]


def json_schema(name: str) -> dict[str, Any]:
    """A components schema as plain JSON Schema, `format: int64` kept as the bounds it means
    (tools/xai_models_tools/spec.py, the one $ref resolver)."""
    resolved: dict[str, Any] = speclib.json_schema(SPEC, name, int64_bounds=True)
    return resolved


@cache
def known_fields(name: str) -> frozenset[str]:
    """The properties the spec names for a components schema."""
    return frozenset(SCHEMAS[name].get("properties", {}))


def _item_schema_name(name: str, field: str) -> str | None:
    """The components schema of the objects an array property holds, if it holds objects."""
    items = SCHEMAS[name]["properties"][field].get("items", {})
    ref = items.get("$ref")
    if ref and "properties" in _component(ref):
        return str(ref.rsplit("/", 1)[-1])
    return None


def normalized(name: str, item: dict[str, Any]) -> dict[str, Any]:
    """What `encode()` gives back for a model decoded from `item` (of components schema `name`)."""
    known = known_fields(name)
    out: dict[str, Any] = {}
    for key, value in item.items():
        if key in known:
            if value is None or value == []:
                continue
            nested = _item_schema_name(name, key) if isinstance(value, list) else None
            if nested is not None:
                value = [normalized(nested, element) for element in value]
        out[key] = value
    return out
