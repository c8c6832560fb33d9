"""Compare xAI's Models API reference, in any form xAI publishes it, with the OpenAPI spec.

    scripts/check-docs                           the committed reference copies against the spec
    scripts/check-docs SOURCE [SOURCE...]        each SOURCE a file, or - for standard input
    scripts/check-docs page.md --json            the report as JSON (schema in the README)
    scripts/check-docs excerpt.md --partial      a page holding only some sections

A SOURCE is recognised from its content (`--format` forces one):
- `markdown`: the docs site's "View as Markdown" of the Models reference: `## GET /v1/...`
  sections, `### Path Parameters` and `### Response Body` with nested bullets
  ``* `name` (type, required) - description``, two more spaces of indent per level;
- `openapi`: xAI's OpenAPI document (JSON or YAML, 3.0 or 3.1); only the model-listing paths are
  checked, other `/v1/*-models` families are listed as endpoints the spec lacks, the rest ignored;
- `text`: the rendered page as text (`spec/docs/models-api-reference.txt`): title, path line,
  "Path parameters" and "Response Body" parts of name and type lines. It shows top-level fields
  only and cannot say null, so nested fields and nullability are not compared for it.

Drift, per endpoint, nested fields included (`models[].aliases`, `pricing[].quality`): a
field on one side only, a type or nullability that differs, an endpoint on one side only.
Not drift, listed as information: known extras (`x-known-extra: true`) the page lacks, a
known extra the page documents (a stale marker), required-ness (the spec requires less on
purpose), and price-unit wording that differs from the spec's `x-docs-unit`. Cosmetic
changes (reflowed text, example values, order) are not drift.

Exit status: 0 no drift, 1 drift, 2 unreadable or unrecognised input (one line, no traceback).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from xai_models._model.input import decode, parse_json, read_input

from .spec import SPEC_PATH, SpecError, operations, property_schema, resolve, response_schema

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_SOURCES = (
    ROOT / "spec" / "docs" / "models-api-reference.txt",
    ROOT / "spec" / "docs" / "models-reference.sample.md",
)
FAMILIES = ("/v1/models", "/v1/language-models", "/v1/image-generation-models",
            "/v1/video-generation-models")  # fmt: skip
MODEL_LISTING = re.compile(r"^/v1/[a-z0-9-]*models(/|$)")
FORMATS = ("text", "markdown", "openapi")
SCALARS = frozenset({"string", "integer", "number", "boolean", "object"})


class InputError(Exception):
    """A source or spec that cannot be read or recognised; the message is one line."""


@dataclass(frozen=True)
class Field:
    """One field of a response body (or a path parameter), in a form both sides share.

    `type` is `string`, `integer`, `array<string>`, `array<object>`...; `nullable` and `required`
    are None where the form cannot say.
    """

    type: str
    nullable: bool | None = None
    required: bool | None = None
    description: str = ""
    known_extra: bool = False
    unit: str | None = None


@dataclass
class Endpoint:
    path: str
    fields: dict[str, Field] = field(default_factory=dict)
    parameters: dict[str, Field] = field(default_factory=dict)


@dataclass
class Source:
    name: str
    format: str
    endpoints: dict[str, Endpoint]
    nested: bool  # the form lists nested fields
    nullability: bool  # the form can say null
    ignored_families: list[str] = field(default_factory=list)


# --- reading a source ---------------------------------------------------------------------------


def read_source(name: str, forced: str | None) -> Source:
    text = decode(read_input(name, InputError), name, InputError)
    kind = forced or recognise(text)
    if kind is None:
        raise InputError(
            f"{name}: not recognised as a reference page (text or Markdown) or an OpenAPI document"
        )
    reader = {"text": read_text_page, "markdown": read_markdown, "openapi": read_openapi}[kind]
    try:
        return reader(name, text)
    except RecursionError:
        raise InputError(f"{name}: nested too deeply to read") from None
    except (SpecError, KeyError, TypeError, AttributeError, ValueError) as error:
        raise InputError(f"{name}: not a usable {kind} document: {one_line(error)}") from None


def recognise(text: str) -> str | None:
    stripped = text.lstrip()
    if not stripped:
        return None
    if stripped[0] in "{[" or re.search(r"^openapi\s*:", text, re.M):
        return "openapi"
    if re.search(r"^\s*<(!doctype|html)", text, re.I):
        return None
    if re.search(r"^##\s+GET\s+/", text, re.M):
        return "markdown"
    if re.search(r"^\s*/v1/\S*\s*$", text, re.M) and re.search(r"^\s*Response Body\s*$", text,
                                                               re.M | re.I):  # fmt: skip
        return "text"
    return None


def one_line(error: object) -> str:
    return " ".join(str(error).split())


# Markdown ---------------------------------------------------------------------------------------

HEADING = re.compile(r"^##\s+(GET|POST|PUT|PATCH|DELETE)\s+(\S+)\s*$")
BULLET = re.compile(
    r"^(?P<indent> *)\* `(?P<name>[^`]+)` \((?P<meta>[^)]*)\)"
    r"\s*(?:[\u2014\u2013-]+\s*)?(?P<desc>.*)$"
)
ESCAPE = re.compile(r"\\([\\`*_{}\[\]()<>#+\-.!|~])")


def unescape(text: str) -> str:
    return ESCAPE.sub(r"\1", text)


def read_markdown(name: str, text: str) -> Source:
    endpoints: dict[str, Endpoint] = {}
    current: Endpoint | None = None
    part = ""
    stack: list[tuple[int, str, str]] = []  # (indent, dotted name, type) of open bullets
    last: tuple[dict[str, Field], str] | None = None
    fenced = False
    for raw in text.splitlines():
        line = unescape(raw.rstrip())
        if line.lstrip().startswith("```"):
            fenced = not fenced
            continue
        if fenced:
            continue
        heading = HEADING.match(line)
        if heading:
            method, path = heading.groups()
            current = None
            if method == "GET":
                if path in endpoints:
                    raise ValueError(f"endpoint {path} appears twice")
                current = endpoints[path] = Endpoint(path)
            part, stack, last = "", [], None
            continue
        if current is None:
            continue
        lowered = line.strip().lower()
        if line.startswith("###"):
            part = lowered.lstrip("# ").strip()
            stack, last = [], None
            continue
        if lowered in ("***", "---"):
            part, last = "", None
            continue
        bullet = BULLET.match(line)
        target = {"path parameters": current.parameters, "response body": current.fields}.get(part)
        if bullet and target is not None:
            indent = len(bullet["indent"]) // 2
            while stack and stack[-1][0] >= indent:
                stack.pop()
            type_, nullable, required = parse_meta(bullet["meta"])
            prefix = ""
            if stack:
                parent_name, parent_type = stack[-1][1], stack[-1][2]
                prefix = parent_name + ("[]." if parent_type.startswith("array") else ".")
            dotted = prefix + bullet["name"].strip()
            if dotted in target:
                raise ValueError(f"{current.path}: field {dotted} is listed twice")
            target[dotted] = Field(type_, nullable, required, bullet["desc"].strip())
            stack.append((indent, dotted, type_))
            last = (target, dotted)
        elif last is not None and line.startswith(" ") and line.strip():
            target_fields, dotted = last
            old = target_fields[dotted]
            description = f"{old.description} {line.strip()}".strip()
            target_fields[dotted] = Field(old.type, old.nullable, old.required, description)
        elif not line.strip():
            continue
        else:
            last = None
    if not endpoints:
        raise ValueError("no `## GET /v1/...` section")
    return Source(name, "markdown", endpoints, nested=True, nullability=True)


def parse_meta(meta: str) -> tuple[str, bool, bool | None]:
    """`array<string>, required` -> ("array<string>", False, True); `integer | null` -> nullable."""
    parts = [part.strip() for part in meta.split(",")]
    required = True if "required" in parts[1:] else False if "optional" in parts[1:] else None
    alternatives = [alt.strip().lower() for alt in parts[0].split("|")]
    nullable = "null" in alternatives
    kept = [alt for alt in alternatives if alt != "null"] or ["null"]
    return " | ".join(sorted(kept)), nullable, required


# OpenAPI ----------------------------------------------------------------------------------------


def read_openapi(name: str, text: str) -> Source:
    try:
        if text.lstrip()[:1] in "{[":
            document = parse_json(text, name, InputError)
        else:
            document = yaml.safe_load(text)
    except RecursionError:
        raise InputError(f"{name}: nested too deeply to read") from None
    except (ValueError, yaml.YAMLError) as error:
        raise InputError(f"{name}: not valid JSON or YAML: {one_line(error)[:200]}") from None
    if not isinstance(document, dict) or "paths" not in document:
        raise InputError(f"{name}: not an OpenAPI document (no `paths`)")
    source = Source(name, "openapi", {}, nested=True, nullability=True)
    for path, method, operation in operations(document):
        if method != "get" or not MODEL_LISTING.match(path):
            continue
        endpoint = Endpoint(path)
        endpoint.fields = flatten(document, response_schema(document, operation))
        endpoint.parameters = path_parameters(document, path, operation)
        source.endpoints[path] = endpoint
    return source


def path_parameters(
    document: dict[str, Any], path: str, operation: dict[str, Any]
) -> dict[str, Field]:
    item = resolve(document, document["paths"][path])
    found = {}
    for node in [*item.get("parameters", []), *operation.get("parameters", [])]:
        parameter = resolve(document, node)
        if parameter.get("in") == "path":
            schema = property_schema(document, parameter.get("schema", {}))
            type_, nullable = schema_type(document, schema)
            found[parameter["name"]] = Field(type_, nullable, bool(parameter.get("required")),
                                             parameter.get("description", ""))  # fmt: skip
    return found


def schema_type(document: dict[str, Any], schema: dict[str, Any]) -> tuple[str, bool]:
    """The docs-style type of a schema (`array<string>`) and whether it allows null."""
    declared = schema.get("type")
    types = [declared] if isinstance(declared, str) else list(declared or [])
    nullable = "null" in types or schema.get("nullable") is True
    for branch in schema.get("anyOf") or schema.get("oneOf") or []:
        branch_type, branch_null = schema_type(document, property_schema(document, branch))
        nullable |= branch_null
        types.extend(branch_type.split(" | "))
    types = [t for t in types if t and t != "null"]
    if not types:
        types = ["object"] if "properties" in schema else ["array"] if "items" in schema else []
    rendered = []
    for kind in sorted(set(types)):
        if kind == "array":
            items = property_schema(document, schema.get("items", {}))
            item_type = schema_type(document, items)[0] if items else ""
            rendered.append(f"array<{item_type}>" if item_type else "array")
        else:
            rendered.append(kind)
    return " | ".join(rendered) or "any", nullable


def flatten(document: dict[str, Any], schema: dict[str, Any], prefix: str = "") -> dict[str, Field]:
    """Every property of a schema, nested ones named `parent[].child` or `parent.child`."""
    fields: dict[str, Field] = {}
    required = set(schema.get("required", []))
    for name, node in (schema.get("properties") or {}).items():
        prop = property_schema(document, node)
        type_, nullable = schema_type(document, prop)
        dotted = prefix + name
        fields[dotted] = Field(
            type_, nullable, name in required, prop.get("description", ""),
            known_extra=prop.get("x-known-extra") is True, unit=prop.get("x-docs-unit"),
        )  # fmt: skip
        child = prop
        marker = "."
        if type_.startswith("array"):
            child, marker = property_schema(document, prop.get("items", {})), "[]."
        if child.get("properties"):
            fields.update(flatten(document, child, dotted + marker))
    return fields


# Text -------------------------------------------------------------------------------------------

TEXT_TYPES = frozenset({"string", "integer", "number", "boolean", "array", "object"})
NAME_LINE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
PATH_LINE = re.compile(r"^/\S*$")


def read_text_page(name: str, text: str) -> Source:
    lines = []
    for raw in text.splitlines():
        line = raw.strip()
        if line.lower().startswith("did you find this page helpful"):
            break
        if line:
            lines.append(line)
    starts = [i for i, line in enumerate(lines) if PATH_LINE.match(line)]
    if not starts:
        raise ValueError("no endpoint (no line holding just a path such as /v1/models)")
    endpoints: dict[str, Endpoint] = {}
    for number, start in enumerate(starts):
        end = starts[number + 1] - 1 if number + 1 < len(starts) else len(lines)
        path = lines[start]
        if path in endpoints:
            raise ValueError(f"endpoint {path} appears twice")
        endpoint = endpoints[path] = Endpoint(path)
        part: dict[str, Field] | None = None
        index = start + 1
        while index < end:
            line = lines[index]
            heading = line.lower()
            if heading in ("path parameters", "response body"):
                part = endpoint.parameters if heading == "path parameters" else endpoint.fields
                index += 1
                continue
            if (part is not None and NAME_LINE.match(line) and index + 1 < end
                    and lines[index + 1].lower() in TEXT_TYPES):  # fmt: skip
                if line in part:
                    raise ValueError(f"{path}: field {line} is listed twice")
                required = None
                if index + 2 < end and lines[index + 2].lower() in ("required", "optional"):
                    required = lines[index + 2].lower() == "required"
                part[line] = Field(lines[index + 1].lower(), None, required)
                index += 2
                continue
            index += 1
    return Source(name, "text", endpoints, nested=False, nullability=False)


# --- the spec -----------------------------------------------------------------------------------


def read_spec(path: Path) -> dict[str, Endpoint]:
    try:
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        raise InputError(f"cannot read spec {path}: {one_line(error)}") from None
    if not isinstance(document, dict) or not isinstance(document.get("paths"), dict):
        raise InputError(f"spec {path} has no `paths`")
    try:
        return read_openapi(str(path), json.dumps(document)).endpoints
    except (SpecError, KeyError, TypeError, AttributeError) as error:
        raise InputError(f"spec {path} is not usable: {one_line(error)}") from None


# --- the comparison -----------------------------------------------------------------------------


def finding(kind: str, field_name: str | None, docs: Any, spec: Any, drift: bool) -> dict[str, Any]:
    return {"kind": kind, "field": field_name, "docs": docs, "spec": spec, "drift": drift}


def type_of_text(spec_type: str) -> str:
    """What the text form would show for a spec type (`array<string>` -> `array`)."""
    return " | ".join(sorted({t.split("<", 1)[0] for t in spec_type.split(" | ")}))


def compare_fields(source: Source, docs: dict[str, Field], spec: dict[str, Field],
                   what: str) -> list[dict[str, Any]]:  # fmt: skip
    found = []
    if not source.nested:
        spec = {name: value for name, value in spec.items() if "." not in name}
    for name in sorted(docs.keys() - spec.keys()):
        found.append(finding(f"docs-only-{what}", name, docs[name].type, None, True))
    for name in sorted(spec.keys() - docs.keys()):
        if covered_by_known_extra(name, docs, spec):
            continue  # a field inside a known extra that the docs lack
        if spec[name].known_extra:
            found.append(finding("known-extra", name, None, spec[name].type, False))
        else:
            found.append(finding(f"spec-only-{what}", name, None, spec[name].type, True))
    for name in sorted(docs.keys() & spec.keys()):
        ours, theirs = spec[name], docs[name]
        spec_type = ours.type if source.nested else type_of_text(ours.type)
        if theirs.type != spec_type and ours.type != "any":
            found.append(finding("type", name, theirs.type, spec_type, True))
        if source.nullability and theirs.nullable is not None and theirs.nullable != ours.nullable:
            found.append(finding("nullability", name, nullable_text(theirs), nullable_text(ours),
                                 True))  # fmt: skip
        if theirs.required is not None and theirs.required != ours.required:
            found.append(finding("required", name, required_text(theirs.required),
                                 required_text(ours.required), False))  # fmt: skip
        if ours.known_extra:
            found.append(finding("stale-marker", name, theirs.type, "x-known-extra", False))
        described = " ".join((theirs.description or "").split())  # reflowing changes nothing
        if ours.unit and described and " ".join(ours.unit.split()).lower() not in described.lower():
            found.append(finding("unit-wording", name, unit_phrase(described), ours.unit, False))
    return found


def covered_by_known_extra(name: str, docs: dict[str, Field], spec: dict[str, Field]) -> bool:
    parent = name
    while "." in parent:
        parent = parent.rsplit(".", 1)[0].removesuffix("[]")
        if parent in spec and spec[parent].known_extra and parent not in docs:
            return True
    return False


def required_text(required: bool | None) -> str:
    return "required" if required else "optional"


def nullable_text(value: Field) -> str:
    return f"{value.type} | null" if value.nullable else value.type


def unit_phrase(description: str) -> str:
    match = re.search(r"[^.;]*\b(USD|cents?)\b[^.;]*", description)
    return (match.group(0) if match else description).strip()


def compare(source: Source, spec: dict[str, Endpoint], partial: bool) -> list[dict[str, Any]]:
    reports = []
    for path, ours in spec.items():
        theirs = source.endpoints.get(path)
        if theirs is None:
            kind = "not-on-page" if partial else "spec-only-endpoint"
            reports.append({"path": path, "findings": [finding(kind, None, None, path,
                                                                not partial)]})  # fmt: skip
            continue
        found = compare_fields(source, theirs.fields, ours.fields, "field")
        found += compare_fields(source, theirs.parameters, ours.parameters, "parameter")
        reports.append({"path": path, "fields": len(theirs.fields), "findings": found})
    for path in source.endpoints.keys() - spec.keys():
        in_family = any(path == f or path.startswith(f + "/") for f in FAMILIES)
        if source.format == "openapi" and not in_family and not MODEL_LISTING.match(path):
            continue
        reports.append({"path": path, "findings": [finding("docs-only-endpoint", None, path, None,
                                                            True)]})  # fmt: skip
    for report in reports:
        report["drift"] = any(item["drift"] for item in report["findings"])
    return sorted(reports, key=lambda r: (r["path"] not in spec, r["path"]))


# --- output -------------------------------------------------------------------------------------

LABELS = {
    "docs-only-field": "+ field the docs have and the spec lacks",
    "spec-only-field": "- field the spec has and the docs lack",
    "docs-only-parameter": "+ path parameter the docs have and the spec lacks",
    "spec-only-parameter": "- path parameter the spec has and the docs lack",
    "type": "~ type differs",
    "nullability": "~ nullability differs",
    "docs-only-endpoint": "+ endpoint the docs have and the spec lacks",
    "spec-only-endpoint": "- endpoint the spec has and the docs lack",
    "not-on-page": "  (not on this page)",
    "known-extra": "  known extra (x-known-extra, not in the docs)",
    "stale-marker": "  stale marker: the docs now document this known extra",
    "required": "  required-ness differs (information)",
    "unit-wording": "  price-unit wording differs (information)",
}


def render(result: dict[str, Any]) -> str:
    out = []
    for source in result["sources"]:
        out.append(f"== {source['source']} ({source['format']})")
        for report in source["endpoints"]:
            out.append(f"GET {report['path']}")
            drift = [f for f in report["findings"] if f["drift"]]
            if not drift and "fields" in report:
                out.append(f"  ok: {report['fields']} documented fields match")
            for item in report["findings"]:
                where = f" {item['field']}" if item["field"] else ""
                detail = ""
                if item["kind"] in ("type", "nullability", "required", "unit-wording"):
                    detail = f": docs {item['docs']!s}, spec {item['spec']!s}"
                elif item["kind"].startswith("docs-only") and item["field"]:
                    detail = f" ({item['docs']})"
                out.append(f"  {LABELS[item['kind']].strip()}{where}{detail}")
        count = sum(f["drift"] for r in source["endpoints"] for f in r["findings"])
        out.append(f"drift: {count} finding(s)" if count else "no drift")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="check-docs",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("sources", nargs="*", metavar="SOURCE", help="a file, or - for stdin")
    parser.add_argument("--format", choices=FORMATS, help="force the form of every SOURCE")
    parser.add_argument("--spec", type=Path, default=SPEC_PATH, help="the OpenAPI spec to check")
    parser.add_argument("--partial", action="store_true", help="SOURCE holds only some sections")
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    arguments = parser.parse_args(argv)
    names = arguments.sources or [str(path) for path in DEFAULT_SOURCES]
    partial = arguments.partial or not arguments.sources
    try:
        spec = read_spec(arguments.spec)
        sources = [read_source(name, arguments.format) for name in names]
    except InputError as error:
        print(f"check-docs: error: {error}", file=sys.stderr)
        return 2
    result: dict[str, Any] = {"sources": []}
    for source in sources:
        # The committed Markdown copy is an excerpt (two of eight sections).
        excerpt = partial and (arguments.partial or source.format == "markdown")
        reports = compare(source, spec, excerpt)
        result["sources"].append({
            "source": source.name, "format": source.format,
            "drift": any(r["drift"] for r in reports), "endpoints": reports,
        })  # fmt: skip
    result["drift"] = any(s["drift"] for s in result["sources"])
    print(json.dumps(result, indent=2) if arguments.json else render(result))
    return 1 if result["drift"] else 0


if __name__ == "__main__":
    sys.exit(main())
