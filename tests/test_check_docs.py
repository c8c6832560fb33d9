"""scripts/check-docs: each form of xAI's reference is read, and each kind of drift is reported
exactly (nothing more) against the spec; cosmetic changes are not drift; bad input exits 2."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "spec" / "docs"
TEXT_PAGE = DOCS / "models-api-reference.txt"
MARKDOWN_PAGE = DOCS / "models-reference.sample.md"
XAI_OPENAPI_2024 = ROOT / "tests" / "data" / "xai-openapi-2024-10.models.json"
SPEC = ROOT / "spec" / "xai-models.openapi.yaml"


def run(*args: str | Path, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "scripts/check-docs", *map(str, args)],
        cwd=ROOT,
        capture_output=True,
        input=stdin,
        check=False,
        timeout=60,
    )


def report(*args: str | Path, stdin: bytes | None = None) -> tuple[int, dict[str, Any]]:
    result = run(*args, "--json", stdin=stdin)
    assert result.returncode in (0, 1), result.stderr
    return result.returncode, json.loads(result.stdout)


def drift(document: dict[str, Any]) -> list[tuple[str, str, str | None]]:
    """(endpoint, kind, field) of every drift finding, in report order."""
    return [
        (endpoint["path"], item["kind"], item["field"])
        for source in document["sources"]
        for endpoint in source["endpoints"]
        for item in endpoint["findings"]
        if item["drift"]
    ]


def findings(document: dict[str, Any], kind: str) -> list[tuple[str, str | None]]:
    return [
        (endpoint["path"], item["field"])
        for source in document["sources"]
        for endpoint in source["endpoints"]
        for item in endpoint["findings"]
        if item["kind"] == kind
    ]


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def spec_as_openapi_json() -> dict[str, Any]:
    """The spec itself as an xAI-style OpenAPI JSON document, with unrelated endpoints around it,
    so mutations of it are measured against a document that matches."""
    document: dict[str, Any] = yaml.safe_load(SPEC.read_text())
    for name in ("chat/completions", "files", "images/generations"):
        document["paths"][f"/v1/{name}"] = {"post": {"responses": {"200": {"description": "ok"}}}}
    return document


class TestCommittedCopies:
    def test_each_committed_copy_is_clean(self) -> None:
        """The default run reads both reference copies in spec/docs/ and finds no drift."""
        status, document = report()
        assert status == 0
        assert [s["format"] for s in document["sources"]] == ["text", "markdown"]
        assert drift(document) == []

    def test_the_markdown_sample_reads_every_field(self) -> None:
        """Both sections of the sample, nested list items included, are compared field by field."""
        _, document = report(MARKDOWN_PAGE, "--partial")
        endpoints = {e["path"]: e for e in document["sources"][0]["endpoints"]}
        assert endpoints["/v1/video-generation-models"]["fields"] == 10  # models + 9 in an item
        assert endpoints["/v1/video-generation-models/{model_id}"]["fields"] == 9
        assert findings(document, "required")  # the docs require what the spec does not

    def test_an_excerpt_without_partial_lacks_endpoints(self) -> None:
        status, document = report(MARKDOWN_PAGE)
        assert status == 1
        assert {kind for _, kind, _ in drift(document)} == {"spec-only-endpoint"}
        assert len(drift(document)) == 6

    def test_text_page_known_extras_are_listed_not_drift(self) -> None:
        _, document = report(TEXT_PAGE)
        assert ("/v1/models/{model_id}", "aliases") in findings(document, "known-extra")
        assert drift(document) == []


class TestXaiOpenAPI:
    def test_the_2024_document_is_read_and_its_age_shows(self) -> None:
        """xAI's October 2024 document: embedding models are an endpoint family the spec lacks,
        /v1/api-key is ignored, and its LanguageModel lacks what the API has added since."""
        status, document = report(XAI_OPENAPI_2024)
        assert status == 1
        found = drift(document)
        assert ("/v1/embedding-models", "docs-only-endpoint", None) in found
        assert not any(path == "/v1/api-key" for path, _, _ in found)
        assert ("/v1/language-models/{model_id}", "spec-only-field", "search_price") in found
        assert ("/v1/image-generation-models", "spec-only-endpoint", None) in found

    def test_the_spec_as_openapi_is_clean(self, tmp_path: Path) -> None:
        path = write(tmp_path, "openapi.json", json.dumps(spec_as_openapi_json()))
        status, document = report(path)
        assert status == 0, drift(document)

    def test_stdin_and_yaml(self) -> None:
        status, _ = report("-", stdin=SPEC.read_bytes())
        assert status == 0


def mutate_openapi(change: str) -> dict[str, Any]:
    document = spec_as_openapi_json()
    schemas = document["components"]["schemas"]
    if change == "add":
        schemas["VideoGenerationModel"]["properties"]["frame_rate"] = {"type": "integer"}
    elif change == "remove":
        del schemas["VideoGenerationModel"]["properties"]["version"]
    elif change == "type":
        schemas["ImageGenerationModel"]["properties"]["max_prompt_length"]["type"] = [
            "string",
            "null",
        ]
    elif change == "nullability":
        schemas["ImagePricingTier"]["properties"]["quality"]["type"] = ["string", "null"]
    elif change == "endpoint":
        document["paths"]["/v1/audio-models"] = {
            "get": {"responses": {"200": {"description": "ok"}}}
        }
    elif change == "cosmetic":
        schemas["VideoGenerationModel"]["description"] = "  Reflowed,\n   re-spaced text. "
        properties = schemas["VideoGenerationModel"]["properties"]
        schemas["VideoGenerationModel"]["properties"] = dict(reversed(list(properties.items())))
    return document


class TestOpenAPIMutations:
    @pytest.mark.parametrize(
        ("change", "expected"),
        [
            (
                "add",
                {("docs-only-field", "frame_rate"), ("docs-only-field", "models[].frame_rate")},
            ),
            ("remove", {("spec-only-field", "version"), ("spec-only-field", "models[].version")}),
            ("type", {("type", "max_prompt_length"), ("type", "models[].max_prompt_length")}),
            ("endpoint", {("docs-only-endpoint", None)}),
            ("cosmetic", set()),
        ],
    )
    def test_reported_exactly(self, tmp_path: Path, change: str, expected: set[Any]) -> None:
        path = write(tmp_path, "openapi.json", json.dumps(mutate_openapi(change)))
        status, document = report(path)
        assert {(kind, name) for _, kind, name in drift(document)} == expected
        assert status == (1 if expected else 0)

    def test_nullability(self, tmp_path: Path) -> None:
        """`quality` turned nullable in the tier schema shows in both families that use it."""
        path = write(tmp_path, "openapi.json", json.dumps(mutate_openapi("nullability")))
        _, document = report(path)
        found = {(path, kind, name) for path, kind, name in drift(document)}
        assert ("/v1/models/{model_id}", "nullability", "pricing[].quality") in found
        assert (
            "/v1/image-generation-models/{model_id}",
            "nullability",
            "pricing[].quality",
        ) in found
        assert {kind for _, kind, _ in found} == {"nullability"}


MD_ITEM = "  * `version` (string, required) — Version of the model.\n"


class TestMarkdownMutations:
    def page(self) -> str:
        return MARKDOWN_PAGE.read_text("utf-8")

    def check(self, tmp_path: Path, text: str) -> tuple[int, list[tuple[str, str, str | None]]]:
        status, document = report(write(tmp_path, "page.md", text), "--partial")
        return status, drift(document)

    def test_field_added(self, tmp_path: Path) -> None:
        text = self.page().replace(
            MD_ITEM, MD_ITEM + "\n  * `duration\\_max` (integer, required) — Longest video.\n", 1
        )
        _, found = self.check(tmp_path, text)
        assert found == [
            ("/v1/video-generation-models", "docs-only-field", "models[].duration_max")
        ]

    def test_field_removed(self, tmp_path: Path) -> None:
        _, found = self.check(tmp_path, self.page().replace(MD_ITEM, "", 1))
        assert found == [("/v1/video-generation-models", "spec-only-field", "models[].version")]

    def test_type_changed(self, tmp_path: Path) -> None:
        old = "  * `created` (integer, required)"
        _, found = self.check(
            tmp_path, self.page().replace(old, "  * `created` (string, required)", 1)
        )
        assert found == [("/v1/video-generation-models", "type", "models[].created")]

    def test_nullability_changed(self, tmp_path: Path) -> None:
        old = "* `fingerprint` (string, required)"
        text = self.page().replace(old, "* `fingerprint` (string | null, required)")
        _, found = self.check(tmp_path, text)
        assert found == [
            ("/v1/video-generation-models", "nullability", "models[].fingerprint"),
            ("/v1/video-generation-models/{model_id}", "nullability", "fingerprint"),
        ]

    def test_endpoint_added(self, tmp_path: Path) -> None:
        section = (
            "\n***\n\n## GET /v1/audio-models\n\nList audio models.\n\n### Response Body\n\n"
            "* `models` (array\\<object>, required) — Audio models.\n"
        )
        _, found = self.check(tmp_path, self.page() + section)
        assert found == [("/v1/audio-models", "docs-only-endpoint", None)]

    def test_cosmetic_reflow_examples_and_order(self, tmp_path: Path) -> None:
        """Reflowed descriptions, other example values and reordered fields are not drift."""
        text = self.page().replace(
            'the model (e.g. "text", "image";\n    "audio"',
            'the\n    model (e.g. "text",   "image"; "audio"',
        )
        text = text.replace('"fp_898ae9f31c"', '"fp_000000"')
        lines = text.split("\n")
        first = lines.index(MD_ITEM.rstrip("\n"))
        lines.insert(2, "")  # re-spaced
        reordered = "\n".join(lines).replace(MD_ITEM, "", 1)
        reordered = reordered.replace(
            "### Response Body\n\n* `models`", "### Response Body\n\n* `models`", 1
        )
        reordered = reordered.replace("  * `aliases`", MD_ITEM + "\n  * `aliases`", 1)
        assert first > 0
        status, found = self.check(tmp_path, reordered)
        assert (status, found) == (0, [])

    def test_unit_wording_is_information(self, tmp_path: Path) -> None:
        """A price whose description changes unit wording is reported, but is not drift."""
        spec: dict[str, Any] = yaml.safe_load(SPEC.read_text())
        props = spec["components"]["schemas"]["VideoGenerationModel"]["properties"]
        props["version"] = {"type": "string", "x-docs-unit": "USD cents per 100 million tokens"}
        spec_path = write(tmp_path, "spec.yaml", yaml.safe_dump(spec))
        status, document = report(MARKDOWN_PAGE, "--partial", "--spec", spec_path)
        assert status == 0
        assert ("/v1/video-generation-models/{model_id}", "version") in findings(
            document, "unit-wording"
        )

    def test_a_documented_known_extra_is_a_stale_marker(self, tmp_path: Path) -> None:
        spec: dict[str, Any] = yaml.safe_load(SPEC.read_text())
        props = spec["components"]["schemas"]["VideoGenerationModel"]["properties"]
        props["version"] = {"type": "string", "x-known-extra": True}
        spec_path = write(tmp_path, "spec.yaml", yaml.safe_dump(spec))
        status, document = report(MARKDOWN_PAGE, "--partial", "--spec", spec_path)
        assert status == 0
        assert ("/v1/video-generation-models/{model_id}", "version") in findings(
            document, "stale-marker"
        )


class TestTextMutations:
    def page(self) -> str:
        return TEXT_PAGE.read_text("utf-8")

    def section(self, text: str, path: str) -> tuple[int, int]:
        start = text.index(f"\n{path}\n")
        end = text.find("\n/v1/", start + 1)
        return start, len(text) if end == -1 else end

    def replaced(self, path: str, old: str, new: str) -> str:
        text = self.page()
        start, end = self.section(text, path)
        part = text[start:end]
        assert part.count(old) == 1
        return text[:start] + part.replace(old, new) + text[end:]

    def check(self, tmp_path: Path, text: str) -> list[tuple[str, str, str | None]]:
        return drift(report(write(tmp_path, "page.txt", text))[1])

    def test_field_removed_and_type_changed(self, tmp_path: Path) -> None:
        text = self.replaced("/v1/language-models/{model_id}", "\nversion\n\nstring\n", "\n")
        assert self.check(tmp_path, text) == [
            ("/v1/language-models/{model_id}", "spec-only-field", "version")
        ]
        text = self.replaced("/v1/video-generation-models/{model_id}", "\ncreated\n\ninteger\n",
                             "\ncreated\n\nstring\n")  # fmt: skip
        assert self.check(tmp_path, text) == [
            ("/v1/video-generation-models/{model_id}", "type", "created")
        ]

    def test_field_added_and_endpoint_added(self, tmp_path: Path) -> None:
        text = self.replaced("/v1/video-generation-models/{model_id}", "\ncreated\n\ninteger\n",
                             "\ncreated\n\ninteger\n\nframe_rate\n\ninteger\n")  # fmt: skip
        assert self.check(tmp_path, text) == [
            ("/v1/video-generation-models/{model_id}", "docs-only-field", "frame_rate")
        ]
        extra = "\nList audio models\n\n/v1/audio-models\n\nResponse Body\n\nmodels\n\narray\n\n"
        marker = "Did you find this page helpful?"
        page = self.page()
        text = page.replace(marker, extra + marker) if marker in page else page + extra
        assert self.check(tmp_path, text) == [("/v1/audio-models", "docs-only-endpoint", None)]

    def test_crlf_and_reflow_are_cosmetic(self, tmp_path: Path) -> None:
        text = self.page().replace("\n", "\r\n").replace("\r\n\r\n", "\r\n\r\n\r\n")
        path = tmp_path / "crlf.txt"
        path.write_bytes(text.encode())
        assert drift(report(path)[1]) == []


class TestBadInput:
    @pytest.mark.parametrize(
        ("name", "content"),
        [
            ("binary", b"\x89PNG\r\n\x1a\n\x00\x00\x00"),
            ("empty", b""),
            ("html", b"<!DOCTYPE html><html><body>Models</body></html>"),
            ("truncated", b'{"openapi": "3.1.0", "paths": {"/v1/models": '),
            ("not-utf8", b"\xff\xfe\xfa"),
            ("prose", b"Just some words about models."),
        ],
    )
    def test_one_line_and_exit_2(self, tmp_path: Path, name: str, content: bytes) -> None:
        path = tmp_path / name
        path.write_bytes(content)
        result = run(path)
        assert result.returncode == 2
        lines = result.stderr.decode().strip().splitlines()
        assert len(lines) == 1
        assert lines[0].startswith("check-docs: error:")
        assert b"Traceback" not in result.stderr
        assert result.stdout == b""

    def test_missing_file(self, tmp_path: Path) -> None:
        result = run(tmp_path / "nope.md")
        assert result.returncode == 2
        assert b"nope.md: no such file" in result.stderr

    def test_forced_format_that_does_not_fit(self) -> None:
        result = run(TEXT_PAGE, "--format", "openapi")
        assert result.returncode == 2
        assert len(result.stderr.decode().strip().splitlines()) == 1
