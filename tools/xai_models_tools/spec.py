"""Reading OpenAPI documents: the one `$ref` resolver of the project's scripts and tests.

Used by `scripts/check-docs`, the spec tests, the contract tests and the schema fuzzing. Only local
references (`#/...`) are followed, as every document here uses.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[2]
SPEC_PATH = ROOT / "spec" / "xai-models.openapi.yaml"


class SpecError(Exception):
    """A document that cannot be read as the OpenAPI this project needs; the message says why."""


def load_spec(path: Path = SPEC_PATH) -> dict[str, Any]:
    """The project's spec (or another OpenAPI document in YAML or JSON) as plain data."""
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(document, dict):
        raise SpecError(f"{path} is not an OpenAPI document")
    return document


def resolve(document: dict[str, Any], node: Any) -> Any:
    """Follow local `$ref`s (such as #/components/schemas/Model) until a node has none."""
    seen = set()
    while isinstance(node, dict) and "$ref" in node:
        ref = node["$ref"]
        if not isinstance(ref, str) or not ref.startswith("#/"):
            raise SpecError(f"cannot resolve $ref {ref!r}: only local references are supported")
        if ref in seen:
            raise SpecError(f"$ref {ref!r} refers to itself")
        seen.add(ref)
        node = document
        for key in ref[2:].split("/"):
            key = key.replace("~1", "/").replace("~0", "~")
            if not isinstance(node, dict) or key not in node:
                raise SpecError(f"$ref {ref!r} points nowhere")
            node = node[key]
    return node


def property_schema(document: dict[str, Any], node: Any) -> dict[str, Any]:
    """A property's schema with its `$ref` and `allOf` parts merged in; keys of the property
    itself (a `type`, a `description`, `x-known-extra`) win over those of what it refers to."""
    node = resolve(document, node)
    if not isinstance(node, dict):
        return {}
    merged: dict[str, Any] = {}
    for part in node.get("allOf", []):
        merged.update(property_schema(document, part))
    merged.update({key: value for key, value in node.items() if key != "allOf"})
    return merged


def deep_resolve(document: dict[str, Any], node: Any) -> Any:
    """A copy of `node` with each local `$ref` replaced by what it names (for JSON Schema)."""
    node = resolve(document, node)
    if isinstance(node, dict):
        return {key: deep_resolve(document, value) for key, value in node.items()}
    if isinstance(node, list):
        return [deep_resolve(document, value) for value in node]
    return node


def operations(document: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    """(path, method, operation) for every operation of the document."""
    for path, item in (document.get("paths") or {}).items():
        item = resolve(document, item)
        if not isinstance(item, dict):
            continue
        for method, operation in item.items():
            if method in ("get", "put", "post", "delete", "patch", "head", "options", "trace"):
                yield path, method, operation


def response_schema(document: dict[str, Any], operation: dict[str, Any]) -> dict[str, Any]:
    """The JSON schema of an operation's 200 response, or {} when it has none."""
    responses = operation.get("responses") or {}
    response = resolve(document, responses.get("200", responses.get(200, {})))
    content = (response or {}).get("content") or {}
    media = content.get("application/json") or next(iter(content.values()), {})
    return property_schema(document, (media or {}).get("schema", {}))


def schema_of(document: dict[str, Any], name: str) -> dict[str, Any]:
    """A component schema by name."""
    schema: dict[str, Any] = document["components"]["schemas"][name]
    return schema


INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1


def json_schema(document: dict[str, Any], name: str, *, int64_bounds: bool = False) -> Any:
    """A component schema as plain JSON Schema: references and `allOf` parts merged in, OpenAPI
    extensions, `format` and descriptions dropped; with `int64_bounds`, `format: int64` kept as the
    bounds it means."""

    def plain(node: Any) -> Any:
        if isinstance(node, list):
            return [plain(value) for value in node]
        if not isinstance(node, dict):
            return node
        merged = property_schema(document, node)
        out = {
            key: plain(value)
            for key, value in merged.items()
            if not key.startswith("x-") and key not in ("format", "description")
        }
        if int64_bounds and merged.get("format") == "int64":
            out.setdefault("minimum", INT64_MIN)
            out.setdefault("maximum", INT64_MAX)
        return out

    return plain(schema_of(document, name))


def response_properties(document: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    """(schema name, property, its merged schema) for every property of every component schema
    a 200 response can hold, nested objects and array items included, each schema once: the one
    walk of the spec's response shapes."""
    seen: set[str] = set()

    def walk(node: Any, name: str) -> Iterator[tuple[str, str, dict[str, Any]]]:
        while isinstance(node, dict) and isinstance(node.get("$ref"), str):
            ref: str = node["$ref"]
            if ref.startswith("#/components/schemas/"):
                name = ref.rsplit("/", 1)[1]
                if name in seen:
                    return
                seen.add(name)
            node = resolve(document, node)
        if not isinstance(node, dict):
            return
        for part in (*node.get("allOf", ()), *node.get("oneOf", ()), *node.get("anyOf", ())):
            yield from walk(part, name)
        for prop, sub in (node.get("properties") or {}).items():
            yield name, prop, property_schema(document, sub)
            yield from walk(sub, name)
        if "items" in node:
            yield from walk(node["items"], name)

    for _, _, operation in operations(document):
        responses = operation.get("responses") or {}
        response = resolve(document, responses.get("200", responses.get(200, {})))
        for media in ((response or {}).get("content") or {}).values():
            yield from walk((media or {}).get("schema", {}), "(response)")
