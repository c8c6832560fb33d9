"""scripts/check-docs: the page and the spec agree, and every kind of drift is reported."""

from __future__ import annotations

import importlib.machinery
import importlib.util
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "check-docs"
DOCS = ROOT / "spec" / "docs" / "models-api-reference.txt"
SPEC = ROOT / "spec" / "xai-models.openapi.yaml"
END_OF_PAGE = "Did you find this page helpful?"

MODEL_EXTRAS = (
    "  = known extras (in the spec, not in the docs): aliases, cached_prompt_text_token_price, "
    "cached_prompt_text_token_price_long_context, completion_text_token_price, "
    "completion_text_token_price_long_context, context_length, image_price, "
    "long_context_threshold, pricing, prompt_image_token_price, prompt_text_token_price, "
    "prompt_text_token_price_long_context"
)
LANGUAGE_MODEL_EXTRAS = (
    "  = known extras (in the spec, not in the docs): "
    "cached_prompt_text_token_price_long_context, completion_text_token_price_long_context, "
    "long_context_threshold, prompt_text_token_price_long_context"
)
COMMITTED_REPORT = [
    "GET /v1/models",
    "  ok: 2 fields match",
    "GET /v1/models/{model_id}",
    "  ok: 4 fields match",
    MODEL_EXTRAS,
    "GET /v1/language-models",
    "  ok: 1 field matches",
    "GET /v1/language-models/{model_id}",
    "  ok: 14 fields match",
    LANGUAGE_MODEL_EXTRAS,
    "GET /v1/image-generation-models",
    "  ok: 1 field matches",
    "GET /v1/image-generation-models/{model_id}",
    "  ok: 11 fields match",
    "GET /v1/video-generation-models",
    "  ok: 1 field matches",
    "GET /v1/video-generation-models/{model_id}",
    "  ok: 9 fields match",
    "no drift: 8 endpoints match",
]
AUDIO_SECTION = """\
List audio models

/v1/audio-models

List all audio models available to the authenticating API key.

Response Body

models

array

Array of available audio models.


"""


def run(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "scripts/check-docs", *map(str, args)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )


def load_script() -> ModuleType:
    loader = importlib.machinery.SourceFileLoader("check_docs_script", str(SCRIPT))
    spec = importlib.util.spec_from_loader("check_docs_script", loader)
    assert spec is not None
    module = importlib.util.module_from_spec(spec)
    # dataclasses look their module up in sys.modules while the class bodies run.
    sys.modules["check_docs_script"] = module
    loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def check_docs() -> ModuleType:
    return load_script()


def block(stdout: str, header: str) -> list[str]:
    """The lines of one endpoint's part of the report, its header included."""
    lines = stdout.splitlines()
    start = lines.index(header)
    end = start + 1
    while end < len(lines) and lines[end].startswith("  "):
        end += 1
    return lines[start:end]


def replace_in_section(text: str, path: str, old: str, new: str) -> str:
    """The page with `old` replaced by `new` once, inside the section of `path` only."""
    start = text.index(f"\n{path}\n")
    end = text.find("\n/v1/", start + 1)
    end = len(text) if end == -1 else end
    section = text[start:end]
    assert section.count(old) == 1, f"{old!r} is not in the section of {path} exactly once"
    return text[:start] + section.replace(old, new) + text[end:]


def write_docs(tmp_path: Path, text: str, newline: str = "\n") -> Path:
    path = tmp_path / "models-api-reference.txt"
    path.write_text(text, newline=newline)
    return path


def write_spec(tmp_path: Path, document: dict[str, Any]) -> Path:
    path = tmp_path / "spec.yaml"
    path.write_text(yaml.safe_dump(document, sort_keys=False))
    return path


def committed_docs() -> str:
    return DOCS.read_text()


def committed_spec() -> dict[str, Any]:
    document: dict[str, Any] = yaml.safe_load(SPEC.read_text())
    return document


class TestCommittedDocs:
    def test_the_committed_docs_have_no_drift(self) -> None:
        """The committed page and spec agree: exit 0 and the full report is as expected."""
        result = run()
        assert result.returncode == 0, result.stdout + result.stderr
        assert result.stderr == ""
        assert result.stdout.splitlines() == COMMITTED_REPORT

    def test_known_extras_are_listed_for_get_model(self) -> None:
        """GET /v1/models/{model_id} lists the spec's x-known-extra properties, not as drift."""
        stdout = run().stdout
        assert block(stdout, "GET /v1/models/{model_id}") == [
            "GET /v1/models/{model_id}",
            "  ok: 4 fields match",
            MODEL_EXTRAS,
        ]

    def test_known_extras_are_listed_for_get_language_model(self) -> None:
        """GET /v1/language-models/{model_id} lists its four long-context known extras."""
        stdout = run().stdout
        assert block(stdout, "GET /v1/language-models/{model_id}") == [
            "GET /v1/language-models/{model_id}",
            "  ok: 14 fields match",
            LANGUAGE_MODEL_EXTRAS,
        ]

    def test_explicit_default_paths_give_the_same_report(self) -> None:
        """Passing the default page and spec explicitly changes nothing."""
        result = run(DOCS, "--spec", SPEC)
        assert result.returncode == 0
        assert result.stdout.splitlines() == COMMITTED_REPORT


class TestParser:
    def test_a_field_without_description_is_parsed(self, check_docs: ModuleType) -> None:
        """max_prompt_length has no description: the `object` after it is the next field."""
        endpoints = check_docs.read_docs(DOCS)
        image_model = next(
            e for e in endpoints if e.path == "/v1/image-generation-models/{model_id}"
        )
        names = [docs_field.name for docs_field in image_model.fields]
        assert names[6:8] == ["max_prompt_length", "object"]
        assert image_model.fields[6] == check_docs.DocsField("max_prompt_length", "integer", "")
        assert image_model.fields[7].type == "string"

    def test_sections_are_parsed_in_page_order(self, check_docs: ModuleType) -> None:
        """All eight sections are found; the closing question is not part of the last one."""
        endpoints = check_docs.read_docs(DOCS)
        assert [(e.title, e.path) for e in endpoints][:2] == [
            ("List models", "/v1/models"),
            ("Get model", "/v1/models/{model_id}"),
        ]
        assert len(endpoints) == 8
        assert endpoints[-1].fields[-1] == check_docs.DocsField(
            "version", "string", "Version of the model."
        )
        assert endpoints[1].parameters == [
            check_docs.DocsParameter("model_id", "string", True, "ID of the model to get.")
        ]

    def test_crlf_parses_the_same(self, check_docs: ModuleType) -> None:
        """CRLF line endings give exactly the endpoints LF gives."""
        text = committed_docs()
        assert check_docs.parse_docs(text.replace("\n", "\r\n")) == check_docs.parse_docs(text)

    def test_blank_lines_do_not_matter(self, check_docs: ModuleType) -> None:
        """Doubled blank lines, or none at all, give exactly the same endpoints."""
        text = committed_docs()
        expected = check_docs.parse_docs(text)
        assert check_docs.parse_docs(text.replace("\n", "\n\n")) == expected
        assert check_docs.parse_docs(text.replace("\n\n", "\n")) == expected

    def test_multi_line_descriptions_and_missing_parts(self, check_docs: ModuleType) -> None:
        """A section without description, and a field with a two-line description, parse."""
        text = "Get thing\n/v1/things/{id}\nPath parameters\nid\nstring\nResponse Body\n"
        text += "name\nstring\nThe name,\nin full.\nsize\ninteger\n"
        [endpoint] = check_docs.parse_docs(text)
        assert endpoint.description == ""
        assert endpoint.parameters == [check_docs.DocsParameter("id", "string", None, "")]
        assert endpoint.fields == [
            check_docs.DocsField("name", "string", "The name, in full."),
            check_docs.DocsField("size", "integer", ""),
        ]


class TestDocsDrift:
    def test_crlf_docs_give_the_committed_report(self, tmp_path: Path) -> None:
        """The committed page with CRLF line endings still has no drift."""
        result = run(write_docs(tmp_path, committed_docs(), newline="\r\n"))
        assert result.returncode == 0, result.stdout + result.stderr
        assert result.stdout.splitlines() == COMMITTED_REPORT

    def test_an_added_field_is_reported(self, tmp_path: Path) -> None:
        """A context_window field on Get language model is a field the spec lacks."""
        text = replace_in_section(
            committed_docs(),
            "/v1/language-models/{model_id}",
            "created\n\ninteger\n",
            "context_window\n\ninteger\n\nContext window in tokens.\n\ncreated\n\ninteger\n",
        )
        result = run(write_docs(tmp_path, text))
        assert result.returncode == 1
        assert block(result.stdout, "GET /v1/language-models/{model_id}") == [
            "GET /v1/language-models/{model_id}",
            "  + docs have field 'context_window' (integer) that the spec lacks",
            LANGUAGE_MODEL_EXTRAS,
        ]
        assert result.stdout.splitlines()[-1] == "drift: 1 problem in 1 endpoint"

    def test_a_removed_field_is_reported(self, tmp_path: Path) -> None:
        """Without fingerprint on Get video generation model, the spec's fingerprint is drift."""
        text = replace_in_section(
            committed_docs(),
            "/v1/video-generation-models/{model_id}",
            "fingerprint\n\nstring\n\nFingerprint of the xAI system configuration hosting the"
            " model.\n\n",
            "",
        )
        result = run(write_docs(tmp_path, text))
        assert result.returncode == 1
        assert block(result.stdout, "GET /v1/video-generation-models/{model_id}") == [
            "GET /v1/video-generation-models/{model_id}",
            "  - spec has field 'fingerprint' that the docs lack",
        ]
        assert result.stdout.splitlines()[-1] == "drift: 1 problem in 1 endpoint"

    def test_a_changed_type_is_reported(self, tmp_path: Path) -> None:
        """`created` documented as a string on Get model contradicts the spec's integer."""
        text = replace_in_section(
            committed_docs(), "/v1/models/{model_id}", "created\n\ninteger\n", "created\n\nstring\n"
        )
        result = run(write_docs(tmp_path, text))
        assert result.returncode == 1
        assert block(result.stdout, "GET /v1/models/{model_id}") == [
            "GET /v1/models/{model_id}",
            "  ~ field 'created': docs say string, spec says integer",
            MODEL_EXTRAS,
        ]
        assert result.stdout.splitlines()[-1] == "drift: 1 problem in 1 endpoint"

    def test_a_nullable_spec_type_matches_but_another_type_does_not(self, tmp_path: Path) -> None:
        """Docs `integer` against the spec's [array, null] aliases is drift; null is ignored."""
        text = replace_in_section(
            committed_docs(),
            "/v1/image-generation-models/{model_id}",
            "aliases\n\narray\n",
            "aliases\n\ninteger\n",
        )
        result = run(write_docs(tmp_path, text))
        assert result.returncode == 1
        assert block(result.stdout, "GET /v1/image-generation-models/{model_id}") == [
            "GET /v1/image-generation-models/{model_id}",
            "  ~ field 'aliases': docs say integer, spec says array",
        ]

    def test_a_documented_known_extra_is_compared_through_its_all_of(self, tmp_path: Path) -> None:
        """A known extra the docs list is no longer an extra, and its allOf type is checked."""
        text = replace_in_section(
            committed_docs(),
            "/v1/language-models/{model_id}",
            "object\n\nstring\n",
            "long_context_threshold\n\nstring\n\nThreshold.\n\nobject\n\nstring\n",
        )
        result = run(write_docs(tmp_path, text))
        assert result.returncode == 1
        assert block(result.stdout, "GET /v1/language-models/{model_id}") == [
            "GET /v1/language-models/{model_id}",
            "  ~ field 'long_context_threshold': docs say string, spec says integer",
            "  = known extras (in the spec, not in the docs): "
            "cached_prompt_text_token_price_long_context, "
            "completion_text_token_price_long_context, prompt_text_token_price_long_context",
        ]
        assert result.stdout.splitlines()[-1] == "drift: 1 problem in 1 endpoint"

    def test_an_added_endpoint_is_reported(self, tmp_path: Path) -> None:
        """A /v1/audio-models section is an endpoint the spec lacks; the rest still matches."""
        text = committed_docs().replace(END_OF_PAGE, AUDIO_SECTION + END_OF_PAGE)
        result = run(write_docs(tmp_path, text))
        assert result.returncode == 1
        assert result.stdout.splitlines() == [
            *COMMITTED_REPORT[:-1],
            "GET /v1/audio-models",
            "  + endpoint is in the docs but not in the spec",
            "drift: 1 problem in 1 endpoint",
        ]

    def test_a_removed_endpoint_is_reported(self, tmp_path: Path) -> None:
        """Without its section, List video generation models is an endpoint the docs lack."""
        text = committed_docs()
        start = text.index("List video generation models\n")
        end = text.index("Get video generation model\n")
        result = run(write_docs(tmp_path, text[:start] + text[end:]))
        assert result.returncode == 1
        assert block(result.stdout, "GET /v1/video-generation-models") == [
            "GET /v1/video-generation-models",
            "  - endpoint is in the spec but not in the docs",
        ]
        assert result.stdout.splitlines()[-1] == "drift: 1 problem in 1 endpoint"

    def test_a_renamed_path_parameter_is_reported(self, tmp_path: Path) -> None:
        """A path parameter named `model` in the docs is drift on both sides."""
        text = replace_in_section(
            committed_docs(), "/v1/models/{model_id}", "model_id\n\nstring\n", "model\n\nstring\n"
        )
        result = run(write_docs(tmp_path, text))
        assert result.returncode == 1
        assert block(result.stdout, "GET /v1/models/{model_id}") == [
            "GET /v1/models/{model_id}",
            "  + docs have path parameter 'model' (string) that the spec lacks",
            "  - spec has path parameter 'model_id' that the docs lack",
            MODEL_EXTRAS,
        ]
        assert result.stdout.splitlines()[-1] == "drift: 2 problems in 1 endpoint"

    def test_an_optional_path_parameter_is_reported(self, tmp_path: Path) -> None:
        """A path parameter the docs call optional contradicts the spec's required one."""
        text = replace_in_section(
            committed_docs(),
            "/v1/video-generation-models/{model_id}",
            "required\n",
            "optional\n",
        )
        result = run(write_docs(tmp_path, text))
        assert result.returncode == 1
        assert block(result.stdout, "GET /v1/video-generation-models/{model_id}") == [
            "GET /v1/video-generation-models/{model_id}",
            "  ~ path parameter 'model_id': docs say optional, spec says required",
        ]

    def test_several_problems_are_counted(self, tmp_path: Path) -> None:
        """Problems in two endpoints are all reported and counted in the summary."""
        text = replace_in_section(
            committed_docs(), "/v1/models/{model_id}", "created\n\ninteger\n", "created\n\nstring\n"
        )
        text = replace_in_section(
            text, "/v1/models", "object\n\nstring\n", "object\n\nstring\n\nnext\n\nstring\n"
        )
        result = run(write_docs(tmp_path, text))
        assert result.returncode == 1
        assert block(result.stdout, "GET /v1/models") == [
            "GET /v1/models",
            "  + docs have field 'next' (string) that the spec lacks",
        ]
        assert result.stdout.splitlines()[-1] == "drift: 2 problems in 2 endpoints"


class TestSpecDrift:
    def test_a_removed_spec_property_is_reported(self, tmp_path: Path) -> None:
        """Without LanguageModel.search_price in the spec, the documented field is drift."""
        document = committed_spec()
        del document["components"]["schemas"]["LanguageModel"]["properties"]["search_price"]
        result = run("--spec", write_spec(tmp_path, document))
        assert result.returncode == 1
        assert block(result.stdout, "GET /v1/language-models/{model_id}") == [
            "GET /v1/language-models/{model_id}",
            "  + docs have field 'search_price' (integer) that the spec lacks",
            LANGUAGE_MODEL_EXTRAS,
        ]
        assert result.stdout.splitlines()[-1] == "drift: 1 problem in 1 endpoint"

    def test_an_unmarked_extra_is_drift(self, tmp_path: Path) -> None:
        """Without x-known-extra, the spec's long_context_threshold is drift, not a known extra."""
        document = committed_spec()
        properties = document["components"]["schemas"]["LanguageModel"]["properties"]
        del properties["long_context_threshold"]["x-known-extra"]
        result = run("--spec", write_spec(tmp_path, document))
        assert result.returncode == 1
        assert block(result.stdout, "GET /v1/language-models/{model_id}") == [
            "GET /v1/language-models/{model_id}",
            "  - spec has field 'long_context_threshold' that the docs lack",
            "  = known extras (in the spec, not in the docs): "
            "cached_prompt_text_token_price_long_context, "
            "completion_text_token_price_long_context, prompt_text_token_price_long_context",
        ]

    def test_a_changed_referenced_type_is_reported(self, tmp_path: Path) -> None:
        """A type changed behind a $ref shows wherever the docs document the property."""
        document = committed_spec()
        document["components"]["schemas"]["Fingerprint"]["type"] = ["integer", "null"]
        result = run("--spec", write_spec(tmp_path, document))
        assert result.returncode == 1
        line = "  ~ field 'fingerprint': docs say string, spec says integer"
        assert result.stdout.splitlines().count(line) == 3
        assert result.stdout.splitlines()[-1] == "drift: 3 problems in 3 endpoints"

    def test_a_removed_spec_path_is_reported(self, tmp_path: Path) -> None:
        """A path the spec lacks is an endpoint only the docs have."""
        document = committed_spec()
        del document["paths"]["/v1/image-generation-models"]
        result = run("--spec", write_spec(tmp_path, document))
        assert result.returncode == 1
        assert result.stdout.splitlines()[-3:] == [
            "GET /v1/image-generation-models",
            "  + endpoint is in the docs but not in the spec",
            "drift: 1 problem in 1 endpoint",
        ]


class TestUsageErrors:
    def test_a_missing_docs_file_exits_2(self, tmp_path: Path) -> None:
        """A docs file that does not exist: exit 2, one line on stderr, no report."""
        missing = tmp_path / "missing.txt"
        result = run(missing)
        assert result.returncode == 2
        assert result.stdout == ""
        assert result.stderr == f"check-docs: error: no such docs file: {missing}\n"

    def test_a_missing_spec_file_exits_2(self, tmp_path: Path) -> None:
        """A spec file that does not exist: exit 2 with a one-line message."""
        missing = tmp_path / "missing.yaml"
        result = run("--spec", missing)
        assert result.returncode == 2
        assert result.stderr == f"check-docs: error: no such spec file: {missing}\n"

    def test_a_page_without_endpoints_exits_2(self, tmp_path: Path) -> None:
        """A page with no path line cannot be parsed: exit 2, no traceback."""
        path = write_docs(tmp_path, "Models\n\nNothing to see here.\n")
        result = run(path)
        assert result.returncode == 2
        assert result.stderr == (
            f"check-docs: error: cannot parse docs file {path}: no endpoint found "
            "(no line holding just a path such as /v1/models)\n"
        )

    def test_a_garbled_response_body_exits_2(self, tmp_path: Path) -> None:
        """A response body that does not start with a field name and type: exit 2, no traceback."""
        text = replace_in_section(
            committed_docs(), "/v1/models", "Response Body\n\n", "Response Body\n\nSee below.\n\n"
        )
        path = write_docs(tmp_path, text)
        result = run(path)
        assert result.returncode == 2
        assert result.stderr == (
            f"check-docs: error: cannot parse docs file {path}: /v1/models, response body: "
            "expected a name followed by a type, got 'See below.'\n"
        )
