"""The `xai-models` command, through `main()` and through its installed entry points.

Offline commands run against the embedded catalog over real HTTP on loopback; online ones against
a `MockServer` that requires a bearer key. Every error must be one `xai-models: error:` line on
stderr, never a traceback; exit status 0 is success, 1 an API or network error, 2 a usage error.
"""

from __future__ import annotations

import json
import os
import re
import selectors
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import attrs
import httpx
import pytest

from support import example
from xai_models import Catalog, ImageGenerationModel, Model
from xai_models._cli import main
from xai_models._codec import encode
from xai_models._mock import MockServer, _Handler, offline_catalog
from xai_models._resources import (
    IMAGE_GENERATION_MODELS,
    LANGUAGE_MODELS,
    MODELS,
    VIDEO_GENERATION_MODELS,
)

KEY = "test-key-123"
WRONG_KEY = "xai-wrong-key-0123456789"
ERROR = "xai-models: error: "
NOTE = "xai-models: note: "
CONSOLE_SCRIPT = Path(sys.executable).parent / "xai-models"
OFFLINE_IDS = ["grok-420-reasoning", "grok-imagine-image", "grok-imagine-video", "latest"]
TIMEOUT = 60


@attrs.frozen
class Result:
    code: int
    out: str
    err: str


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> Result:
    """Run `xai-models argv...` in this process; a traceback on stderr fails the test."""
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return Result(code, out, err)


def error_line(err: str) -> str:
    """The one error line of stderr: the last thing said (after any usage or offline note)."""
    assert "Traceback" not in err
    lines = [line for line in err.splitlines() if not line.startswith(NOTE)]
    errors = [line for line in lines if line.startswith(ERROR)]
    assert len(errors) == 1, err
    assert lines[-1] == errors[0], err
    return errors[0]


def only_line(err: str) -> str:
    """stderr is exactly one error line."""
    assert "Traceback" not in err
    assert err.count("\n") == 1, err
    assert err.startswith(ERROR), err
    return err.rstrip("\n")


def offline_json(capsys: pytest.CaptureFixture[str], *argv: str) -> Any:
    result = run(capsys, "--offline", *argv, "--json")
    assert result.code == 0, result.err
    return json.loads(result.out)


def table(out: str) -> list[list[str]]:
    """A printed table as rows of cells (cells are separated by two or more spaces)."""
    return [re.split(r"\s{2,}", line.strip()) for line in out.splitlines()]


def closed_port() -> int:
    """A loopback port nothing listens on."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


def child_env() -> dict[str, str]:
    """The environment for a child process, without any key or base URL."""
    return {k: v for k, v in os.environ.items() if k not in ("XAI_API_KEY", "XAI_BASE_URL")}


def run_child(*command: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        list(command),
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        env=child_env(),
        cwd=cwd,
        check=False,
    )


class Lines:
    """The lines a child prints on stdout, each waited for at most TIMEOUT seconds."""

    def __init__(self, process: subprocess.Popen[bytes]) -> None:
        assert process.stdout is not None
        self.args = process.args
        self.fd = process.stdout.fileno()
        self.buffer = b""

    def next(self) -> str:
        deadline = time.monotonic() + TIMEOUT
        with selectors.DefaultSelector() as selector:
            selector.register(self.fd, selectors.EVENT_READ)
            while b"\n" not in self.buffer:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError(f"no line from {self.args!r} within {TIMEOUT} s")
                if selector.select(timeout=left):
                    chunk = os.read(self.fd, 4096)
                    if not chunk:
                        raise AssertionError(f"{self.args!r} closed stdout: {self.buffer!r}")
                    self.buffer += chunk
        line, _, self.buffer = self.buffer.partition(b"\n")
        return line.decode()


@pytest.fixture(scope="module")
def server() -> Iterator[MockServer]:
    """The embedded catalog, served online-style: the bearer key KEY is required."""
    with MockServer(offline_catalog(), api_key=KEY) as running:
        yield running


def online(server: MockServer, key: str = KEY) -> list[str]:
    return ["--base-url", server.url, "--api-key", key]


def write_snapshot(path: Path, document: dict[str, Any]) -> Path:
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


def offline_document() -> dict[str, Any]:
    document: dict[str, Any] = json.loads(offline_catalog().to_json())
    return document


def by_id(models: list[dict[str, Any]], model_id: str) -> dict[str, Any]:
    return next(model for model in models if model["id"] == model_id)


def catalog_2025() -> Catalog:
    """The 2025 docs' example catalog, whose language models lack some prices."""
    return Catalog.from_lists(
        MODELS.decode_list(example("models-list.2025.json")),
        LANGUAGE_MODELS.decode_list(example("language-models-list.2025.json")),
        IMAGE_GENERATION_MODELS.decode_list(example("image-generation-models-list.json")),
        VIDEO_GENERATION_MODELS.decode_list(example("video-generation-models-list.json")),
    )


class TestList:
    def test_table_has_the_documented_columns(self, capsys: pytest.CaptureFixture[str]) -> None:
        """The table's header names ID, aliases, context and the four prices."""
        result = run(capsys, "--offline", "list")
        assert result.code == 0
        assert table(result.out)[0] == [
            "ID",
            "ALIASES",
            "CONTEXT",
            "$/1M PROMPT",
            "$/1M CACHED",
            "$/1M COMPLETION",
            "$/IMAGE",
        ]

    def test_table_rows_show_prices_and_aliases(self, capsys: pytest.CaptureFixture[str]) -> None:
        """Each model is one row, by id, with its aliases, context and prices."""
        rows = table(run(capsys, "--offline", "list").out)[1:]
        assert [row[0] for row in rows] == OFFLINE_IDS
        by_row_id = {row[0]: row for row in rows}
        assert by_row_id["latest"] == [
            "latest",
            "grok-4.3-latest",
            "131,072",
            "1.25",
            "0.2",
            "2.5",
            "-",
        ]
        assert by_row_id["grok-420-reasoning"] == [
            "grok-420-reasoning",
            "-",
            "256,000",
            "2",
            "0.2",
            "8",
            "-",
        ]
        assert by_row_id["grok-imagine-image"] == [
            "grok-imagine-image",
            "-",
            "1,024",
            "-",
            "-",
            "-",
            "0.02",
        ]

    def test_json_has_exact_values(self, capsys: pytest.CaptureFixture[str]) -> None:
        """--json gives one object per model with exact decimal prices as strings."""
        rows = offline_json(capsys, "list")
        assert [row["id"] for row in rows] == OFFLINE_IDS
        latest = by_id(rows, "latest")
        assert latest == {
            "id": "latest",
            "kinds": ["model", "language"],
            "aliases": ["grok-4.3-latest"],
            "context_length": 131072,
            "input_modalities": ["image", "text"],
            "output_modalities": ["text"],
            "usd_per_million_prompt_tokens": "1.25",
            "usd_per_million_cached_prompt_tokens": "0.2",
            "usd_per_million_completion_tokens": "2.5",
            "usd_per_image": None,
        }
        image = by_id(rows, "grok-imagine-image")
        assert image["usd_per_image"] == "0.02"
        assert image["kinds"] == ["model", "image"]
        assert by_id(rows, "grok-imagine-video")["output_modalities"] == ["video"]

    def test_json_is_stable(self, capsys: pytest.CaptureFixture[str]) -> None:
        """Two runs print the same JSON text."""
        first = run(capsys, "--offline", "list", "--json").out
        second = run(capsys, "--offline", "list", "--json").out
        assert first == second
        assert first.endswith("\n")

    @pytest.mark.parametrize(
        ("kind", "ids"),
        [
            ("all", OFFLINE_IDS),
            ("language", ["grok-420-reasoning", "latest"]),
            ("image", ["grok-imagine-image"]),
            ("video", ["grok-imagine-video"]),
        ],
    )
    def test_kind_filters(
        self, capsys: pytest.CaptureFixture[str], kind: str, ids: list[str]
    ) -> None:
        """--kind keeps the models of that kind."""
        rows = offline_json(capsys, "list", "--kind", kind)
        assert [row["id"] for row in rows] == ids

    def test_kind_language_keeps_context_from_models(
        self, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """--kind language still shows the context length /v1/models gives."""
        rows = offline_json(capsys, "list", "--kind", "language")
        assert by_id(rows, "latest")["context_length"] == 131072
        assert by_id(rows, "latest")["usd_per_million_prompt_tokens"] == "1.25"

    @pytest.mark.parametrize(
        ("modality", "ids"),
        [
            ("image", ["grok-imagine-video", "latest"]),
            ("video", ["grok-imagine-video"]),
            ("text", ["grok-420-reasoning", "grok-imagine-video", "latest"]),
            ("audio", []),
        ],
    )
    def test_modality_keeps_models_with_it_in_or_out(
        self, capsys: pytest.CaptureFixture[str], modality: str, ids: list[str]
    ) -> None:
        """--modality keeps models that have it among input or output modalities."""
        rows = offline_json(capsys, "list", "--modality", modality)
        assert [row["id"] for row in rows] == ids

    def test_no_match_prints_just_the_header(self, capsys: pytest.CaptureFixture[str]) -> None:
        """A filter that keeps nothing prints the header alone, and succeeds."""
        result = run(capsys, "--offline", "list", "--modality", "audio")
        assert result.code == 0
        assert len(result.out.splitlines()) == 1

    def test_free_image_model_costs_zero_not_unknown(
        self, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """An image price of 0 lists as "0" dollars per image, not as no price."""
        created = datetime(2026, 1, 1, tzinfo=UTC)
        free = Catalog.from_lists(
            [
                Model(
                    id="free-image", created=created, object="model", owned_by="xai", image_price=0
                )
            ],
            [],
            [
                ImageGenerationModel(
                    id="free-image", created=created, object="model", owned_by="xai"
                )
            ],
            [],
        )
        with MockServer(free) as local:
            result = run(capsys, "--base-url", local.url, "--api-key", KEY, "list", "--json")
        assert result.code == 0, result.err
        assert json.loads(result.out)[0]["usd_per_image"] == "0"

    def test_unknown_kind_is_a_usage_error(self, capsys: pytest.CaptureFixture[str]) -> None:
        """An unknown --kind exits 2."""
        result = run(capsys, "--offline", "list", "--kind", "audio")
        assert result.code == 2
        assert "--kind" in error_line(result.err)
        assert result.out == ""


class TestGet:
    def test_id_in_two_families_shows_both(self, capsys: pytest.CaptureFixture[str]) -> None:
        """get ID shows each model with that id, by kind, with its prices."""
        result = run(capsys, "--offline", "get", "latest")
        assert result.code == 0
        lines = result.out.splitlines()
        assert "latest (model)" in lines
        assert "latest (language)" in lines
        assert "prompt $1.25, cached $0.2, completion $2.5" in result.out

    def test_alias_shows_the_canonical_model(self, capsys: pytest.CaptureFixture[str]) -> None:
        """get ALIAS shows the model the alias names."""
        result = run(capsys, "--offline", "get", "grok-4.3-latest")
        assert result.code == 0
        assert "latest (language)" in result.out.splitlines()
        assert re.search(r"^\s+aliases\s+grok-4\.3-latest$", result.out, re.MULTILINE)

    def test_image_model_shows_its_price_per_image(
        self, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """An image model shows its price per image in dollars."""
        result = run(capsys, "--offline", "get", "grok-imagine-image")
        assert result.code == 0
        assert re.search(r"^\s+USD per image\s+\$0\.02$", result.out, re.MULTILINE)

    def test_json_gives_kinds_and_api_shaped_models(
        self, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """get --json lists each model found with its kind, as the API sends it."""
        document = offline_json(capsys, "get", "latest")
        catalog = offline_catalog()
        assert document == [
            {"kind": "models", "model": encode(catalog.models[0])},
            {"kind": "language_models", "model": encode(catalog.language_models[0])},
        ]

    def test_unknown_name_exits_1_with_a_suggestion(
        self, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """An unknown name exits 1 with 'did you mean' on the error line."""
        result = run(capsys, "--offline", "get", "grok-420-reasonin")
        assert result.code == 1
        line = error_line(result.err)
        assert "grok-420-reasonin" in line
        assert "did you mean 'grok-420-reasoning'" in line
        assert result.out == ""

    def test_unknown_name_online_is_one_line(
        self, capsys: pytest.CaptureFixture[str], server: MockServer
    ) -> None:
        """Online, an unknown name's error is the only line on stderr."""
        result = run(capsys, *online(server), "get", "LATEST")
        assert result.code == 1
        assert "did you mean 'latest'" in only_line(result.err)

    def test_name_is_required(self, capsys: pytest.CaptureFixture[str]) -> None:
        """get without a name is a usage error."""
        result = run(capsys, "--offline", "get")
        assert result.code == 2
        error_line(result.err)


class TestCost:
    def test_long_context_estimate(self, capsys: pytest.CaptureFixture[str]) -> None:
        """200,000 prompt (100,000 cached) + 1,000 completion on grok-420-reasoning is $0.436."""
        result = run(
            capsys,
            "--offline",
            "cost",
            "grok-420-reasoning",
            "--prompt-tokens",
            "200000",
            "--cached-tokens",
            "100000",
            "--completion-tokens",
            "1000",
        )
        assert result.code == 0
        lines = result.out.splitlines()
        assert lines[0].startswith("grok-420-reasoning")
        assert "long-context" in lines[0]
        assert lines[-1] == "total: $0.436"
        rows = {row[0]: row for row in table(result.out)[2:-1]}
        assert rows["prompt text (long context)"] == [
            "prompt text (long context)",
            "100,000",
            "$4 per 1M tokens",
            "$0.4",
        ]
        assert rows["cached prompt text (long context)"][2:] == ["$0.2 per 1M tokens", "$0.02"]
        assert rows["completion text (long context)"][2:] == ["$16 per 1M tokens", "$0.016"]

    def test_json_breakdown(self, capsys: pytest.CaptureFixture[str]) -> None:
        """cost --json gives the model, the tier, each line and the total, in exact decimals."""
        document = offline_json(
            capsys,
            "cost",
            "grok-420-reasoning",
            "--prompt-tokens",
            "200000",
            "--cached-tokens",
            "100000",
            "--completion-tokens",
            "1000",
        )
        assert document == {
            "model": "grok-420-reasoning",
            "long_context": True,
            "lines": [
                {
                    "label": "prompt text (long context)",
                    "quantity": 100000,
                    "unit": "1M tokens",
                    "usd_per_unit": "4",
                    "usd": "0.4",
                },
                {
                    "label": "cached prompt text (long context)",
                    "quantity": 100000,
                    "unit": "1M tokens",
                    "usd_per_unit": "0.2",
                    "usd": "0.02",
                },
                {
                    "label": "completion text (long context)",
                    "quantity": 1000,
                    "unit": "1M tokens",
                    "usd_per_unit": "16",
                    "usd": "0.016",
                },
            ],
            "total_usd": "0.436",
        }

    def test_below_the_threshold_standard_prices_apply(
        self, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """Under the long-context threshold the standard prices apply."""
        document = offline_json(capsys, "cost", "grok-420-reasoning", "--prompt-tokens", "100000")
        assert document["long_context"] is False
        assert document["total_usd"] == "0.2"

    def test_alias_and_every_count(self, capsys: pytest.CaptureFixture[str]) -> None:
        """An alias is priced as its model; image tokens and searches are billed too."""
        document = offline_json(
            capsys,
            "cost",
            "grok-4.3-latest",
            "--prompt-tokens",
            "1000000",
            "--cached-tokens",
            "500000",
            "--completion-tokens",
            "1000000",
            "--image-tokens",
            "1000000",
            "--searches",
            "3",
        )
        assert document["model"] == "latest"
        totals = {line["label"]: line["usd"] for line in document["lines"]}
        assert totals == {
            "prompt text": "0.625",
            "cached prompt text": "0.1",
            "prompt image": "1.25",
            "completion text": "2.5",
            "searches": "0",
        }
        assert document["total_usd"] == "4.475"

    def test_prompt_tokens_are_required(self, capsys: pytest.CaptureFixture[str]) -> None:
        """cost without --prompt-tokens exits 2 and names the option."""
        result = run(capsys, "--offline", "cost", "latest", "--completion-tokens", "5")
        assert result.code == 2
        assert "--prompt-tokens" in error_line(result.err)
        assert result.out == ""

    @pytest.mark.parametrize(
        "args",
        [
            ["--prompt-tokens", "-1"],
            ["--prompt-tokens=-5"],
            ["--prompt-tokens", "10", "--completion-tokens", "-3"],
            ["--prompt-tokens", "10", "--cached-tokens", "-1"],
            ["--prompt-tokens", "10", "--searches", "-2"],
            ["--prompt-tokens", "lots"],
            ["--prompt-tokens", "1.5"],
            ["--prompt-tokens", ""],
            ["--prompt-tokens", "10", "--image-tokens", "ten"],
            ["--prompt-tokens", "10", "--cached-tokens", "11"],
        ],
        ids=[
            "negative",
            "negative-equals",
            "negative-completion",
            "negative-cached",
            "negative-searches",
            "word",
            "fraction",
            "empty",
            "word-image",
            "more-cached-than-prompt",
        ],
    )
    def test_bad_counts_are_usage_errors(
        self, capsys: pytest.CaptureFixture[str], args: list[str]
    ) -> None:
        """Negative, non-numeric or inconsistent counts exit 2 with one error line."""
        result = run(capsys, "--offline", "cost", "latest", *args)
        assert result.code == 2
        error_line(result.err)
        assert result.out == ""

    @pytest.mark.parametrize("name", ["grok-imagine-video", "grok-imagine-image"])
    def test_model_without_token_prices_is_a_usage_error(
        self, capsys: pytest.CaptureFixture[str], name: str
    ) -> None:
        """Asking the token cost of a model without token prices exits 2."""
        result = run(capsys, "--offline", "cost", name, "--prompt-tokens", "100")
        assert result.code == 2
        assert name in error_line(result.err)
        assert result.out == ""

    def test_searches_without_a_search_price_is_a_usage_error(
        self, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """Searches on a model without a search price exit 2, naming the price."""
        with MockServer(catalog_2025()) as old:
            base = ["--base-url", old.url, "--api-key", KEY]
            fine = run(capsys, *base, "cost", "grok-2-vision-1212", "--prompt-tokens", "10")
            result = run(
                capsys,
                *base,
                "cost",
                "grok-2-vision-1212",
                "--prompt-tokens",
                "10",
                "--searches",
                "1",
            )
        assert fine.code == 0
        assert result.code == 2
        assert "search_price" in only_line(result.err)

    def test_unknown_model_exits_1(self, capsys: pytest.CaptureFixture[str]) -> None:
        """The cost of an unknown model exits 1 with a suggestion."""
        result = run(capsys, "--offline", "cost", "grok-420", "--prompt-tokens", "1")
        assert result.code == 1
        assert "did you mean 'grok-420-reasoning'" in error_line(result.err)


class TestSnapshot:
    def test_stdout_reads_back_as_the_catalog(self, capsys: pytest.CaptureFixture[str]) -> None:
        """snapshot prints JSON that Catalog.from_json reads back with every model."""
        result = run(capsys, "--offline", "snapshot")
        assert result.code == 0
        catalog = Catalog.from_json(result.out)
        embedded = offline_catalog()
        assert catalog.models == embedded.models
        assert catalog.language_models == embedded.language_models
        assert catalog.image_generation_models == embedded.image_generation_models
        assert catalog.video_generation_models == embedded.video_generation_models
        assert (catalog.source or "").startswith("EXAMPLE DATA")

    def test_output_file(self, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
        """snapshot -o FILE writes the JSON there and nothing to stdout."""
        path = tmp_path / "catalog.json"
        result = run(capsys, "--offline", "snapshot", "-o", str(path))
        assert result.code == 0
        assert result.out == ""
        catalog = Catalog.from_json(path.read_text(encoding="utf-8"))
        assert [m.id for m in catalog.language_models] == ["latest", "grok-420-reasoning"]

    def test_online_snapshot_names_the_base_url(
        self, capsys: pytest.CaptureFixture[str], server: MockServer, tmp_path: Path
    ) -> None:
        """An online snapshot's source is the base URL it came from."""
        path = tmp_path / "online.json"
        result = run(capsys, *online(server), "snapshot", "--output", str(path))
        assert result.code == 0
        assert result.err == ""
        catalog = Catalog.from_json(path.read_bytes())
        assert catalog.source == server.url
        assert catalog.models == offline_catalog().models

    def test_unwritable_file_is_a_usage_error(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        """A file in a missing directory exits 2 with one error line."""
        path = tmp_path / "missing" / "catalog.json"
        result = run(capsys, "--offline", "snapshot", "-o", str(path))
        assert result.code == 2
        assert "cannot write" in error_line(result.err)


class TestDiff:
    def test_same_snapshot_has_no_changes(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        """Diffing a snapshot with itself prints 'No changes.' and exits 0, --exit-code too."""
        path = write_snapshot(tmp_path / "a.json", offline_document())
        plain = run(capsys, "diff", str(path), str(path))
        strict = run(capsys, "diff", str(path), str(path), "--exit-code")
        assert (plain.code, plain.out) == (0, "No changes.\n")
        assert (strict.code, strict.out) == (0, "No changes.\n")

    def test_offline_and_online_snapshots_of_one_catalog_match(
        self, capsys: pytest.CaptureFixture[str], server: MockServer, tmp_path: Path
    ) -> None:
        """Snapshots taken by the CLI offline and online from the same models show no changes."""
        offline_path, online_path = tmp_path / "offline.json", tmp_path / "online.json"
        assert run(capsys, "--offline", "snapshot", "-o", str(offline_path)).code == 0
        assert run(capsys, *online(server), "snapshot", "-o", str(online_path)).code == 0
        result = run(capsys, "diff", str(offline_path), str(online_path), "--exit-code")
        assert (result.code, result.out) == (0, "No changes.\n")

    def changed_snapshots(self, tmp_path: Path) -> tuple[Path, Path]:
        """Old: the embedded catalog. New: a model retired, one added, an alias moved, prices."""
        new = offline_document()
        new["video_generation_models"] = []
        new["language_models"].append(
            {"id": "grok-5", "created": 1790000000, "object": "model", "owned_by": "xai"}
        )
        by_id(new["language_models"], "latest")["aliases"] = []
        reasoning = by_id(new["language_models"], "grok-420-reasoning")
        reasoning["aliases"] = ["grok-4.3-latest"]
        reasoning["prompt_text_token_price"] = 30000
        by_id(new["models"], "latest")["prompt_text_token_price_long_context"] = 25000
        old_path = write_snapshot(tmp_path / "old.json", offline_document())
        return old_path, write_snapshot(tmp_path / "new.json", new)

    def test_changes_are_printed(self, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
        """A changed catalog prints each change on its own line, and exits 0."""
        old, new = self.changed_snapshots(tmp_path)
        result = run(capsys, "diff", str(old), str(new))
        assert result.code == 0
        assert result.err == ""
        assert result.out.splitlines() == [
            "+ language_models/grok-5 (added)",
            "- video_generation_models/grok-imagine-video (removed)",
            "~ language_models/grok-420-reasoning aliases: +grok-4.3-latest",
            "~ language_models/latest aliases: -grok-4.3-latest",
            "~ language_models/grok-420-reasoning prompt_text_token_price: "
            "$2 per 1M tokens (20000) -> $3 per 1M tokens (30000)",
            "~ models/latest prompt_text_token_price_long_context: "
            "none -> $2.5 per 1M tokens (25000)",
        ]

    def test_exit_code_flag_exits_1_on_changes(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        """With --exit-code, a diff with changes exits 1 (and still prints them)."""
        old, new = self.changed_snapshots(tmp_path)
        result = run(capsys, "diff", str(old), str(new), "--exit-code")
        assert result.code == 1
        assert "+ language_models/grok-5 (added)" in result.out
        assert result.err == ""

    def test_json(self, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
        """diff --json gives the changes as data, with raw prices."""
        old, new = self.changed_snapshots(tmp_path)
        result = run(capsys, "diff", str(old), str(new), "--json")
        assert result.code == 0
        assert json.loads(result.out) == {
            "changed": True,
            "added": ["language_models/grok-5"],
            "removed": ["video_generation_models/grok-imagine-video"],
            "alias_changes": [
                {
                    "model": "language_models/grok-420-reasoning",
                    "added": ["grok-4.3-latest"],
                    "removed": [],
                },
                {"model": "language_models/latest", "added": [], "removed": ["grok-4.3-latest"]},
            ],
            "price_changes": [
                {
                    "model": "language_models/grok-420-reasoning",
                    "field": "prompt_text_token_price",
                    "old": 20000,
                    "new": 30000,
                },
                {
                    "model": "models/latest",
                    "field": "prompt_text_token_price_long_context",
                    "old": None,
                    "new": 25000,
                },
            ],
        }

    def test_json_without_changes(self, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
        """diff --json of equal snapshots says nothing changed."""
        path = write_snapshot(tmp_path / "a.json", offline_document())
        result = run(capsys, "diff", str(path), str(path), "--json", "--exit-code")
        assert result.code == 0
        assert json.loads(result.out)["changed"] is False

    def test_missing_file_is_a_usage_error(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        """Diffing a file that does not exist exits 2, naming it, in one line."""
        path = write_snapshot(tmp_path / "a.json", offline_document())
        missing = tmp_path / "nope.json"
        result = run(capsys, "diff", str(path), str(missing))
        assert result.code == 2
        assert str(missing) in only_line(result.err)
        assert result.out == ""

    @pytest.mark.parametrize(
        "content",
        [
            b"not json at all",
            b'{"data": [], "object": "list"}',
            b'{"format": "xai-models.catalog", "version": 99}',
            b"\xff\xfe\x00garbage",
            b"",
        ],
        ids=["text", "api-body", "future-version", "binary", "empty"],
    )
    def test_non_snapshot_file_is_a_usage_error(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path, content: bytes
    ) -> None:
        """Diffing a file that is not a snapshot exits 2 with one error line."""
        good = write_snapshot(tmp_path / "a.json", offline_document())
        bad = tmp_path / "bad.json"
        bad.write_bytes(content)
        result = run(capsys, "diff", str(bad), str(good))
        assert result.code == 2
        line = only_line(result.err)
        assert "not a snapshot" in line
        assert str(bad) in line

    def test_directory_is_a_usage_error(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        """Diffing a directory exits 2."""
        good = write_snapshot(tmp_path / "a.json", offline_document())
        result = run(capsys, "diff", str(good), str(tmp_path))
        assert result.code == 2
        only_line(result.err)


class TestOffline:
    def test_prints_an_example_data_note(self, capsys: pytest.CaptureFixture[str]) -> None:
        """--offline says on stderr that it shows example data, with its date."""
        result = run(capsys, "--offline", "list")
        assert result.code == 0
        assert result.err.startswith(NOTE)
        assert "EXAMPLE DATA" in result.err
        assert "2026-11-25" in result.err
        assert "EXAMPLE DATA" not in result.out

    def test_goes_through_real_http_on_loopback(
        self, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """--offline fetches the four lists over HTTP from a server on 127.0.0.1."""
        seen: list[tuple[str, str]] = []
        original = _Handler.do_GET

        def spy(handler: _Handler) -> None:
            seen.append((handler.client_address[0], handler.path))
            original(handler)

        monkeypatch.setattr(_Handler, "do_GET", spy)
        result = run(capsys, "--offline", "list")
        assert result.code == 0
        assert sorted(seen) == [
            ("127.0.0.1", "/v1/image-generation-models"),
            ("127.0.0.1", "/v1/language-models"),
            ("127.0.0.1", "/v1/models"),
            ("127.0.0.1", "/v1/video-generation-models"),
        ]

    def test_ignores_the_environment(
        self, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """--offline needs no key and ignores XAI_BASE_URL and XAI_API_KEY."""
        monkeypatch.setenv("XAI_BASE_URL", f"http://127.0.0.1:{closed_port()}")
        monkeypatch.setenv("XAI_API_KEY", WRONG_KEY)
        result = run(capsys, "--offline", "get", "latest")
        assert result.code == 0

    def test_bad_timeout_is_a_usage_error(self, capsys: pytest.CaptureFixture[str]) -> None:
        """--offline with a timeout of 0 exits 2 with one error line, not a traceback."""
        result = run(capsys, "--offline", "--timeout", "0", "list")
        assert result.code == 2
        assert "timeout" in error_line(result.err)


class TestOnline:
    def test_base_url_and_api_key_options(
        self, capsys: pytest.CaptureFixture[str], server: MockServer
    ) -> None:
        """--base-url and --api-key reach a keyed server; no example-data note is printed."""
        result = run(capsys, *online(server), "list", "--json")
        assert result.code == 0
        assert result.err == ""
        assert json.loads(result.out) == offline_json(capsys, "list")

    def test_environment_variables(
        self,
        capsys: pytest.CaptureFixture[str],
        server: MockServer,
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        """XAI_BASE_URL and XAI_API_KEY configure the command when no option is given."""
        monkeypatch.setenv("XAI_BASE_URL", server.url)
        monkeypatch.setenv("XAI_API_KEY", KEY)
        result = run(capsys, "get", "grok-4.3-latest", "--json")
        assert result.code == 0
        assert json.loads(result.out)[0]["model"]["id"] == "latest"

    def test_options_override_the_environment(
        self,
        capsys: pytest.CaptureFixture[str],
        server: MockServer,
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        """--base-url and --api-key win over XAI_BASE_URL and XAI_API_KEY."""
        monkeypatch.setenv("XAI_BASE_URL", f"http://127.0.0.1:{closed_port()}")
        monkeypatch.setenv("XAI_API_KEY", WRONG_KEY)
        result = run(capsys, *online(server), "list")
        assert result.code == 0, result.err

    def test_api_key_option_with_base_url_from_the_environment(
        self,
        capsys: pytest.CaptureFixture[str],
        server: MockServer,
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        """Each setting is taken separately: URL from the environment, key from the option."""
        monkeypatch.setenv("XAI_BASE_URL", server.url)
        monkeypatch.setenv("XAI_API_KEY", WRONG_KEY)
        result = run(capsys, "--api-key", KEY, "list")
        assert result.code == 0, result.err

    def test_wrong_key_exits_1(
        self, capsys: pytest.CaptureFixture[str], server: MockServer
    ) -> None:
        """A wrong key exits 1 with the API's message on one line, without the key."""
        result = run(capsys, *online(server, WRONG_KEY), "list")
        assert result.code == 1
        line = only_line(result.err)
        assert "Incorrect API key provided" in line
        assert WRONG_KEY not in result.err
        assert result.out == ""

    def test_wrong_key_from_the_environment_exits_1(
        self,
        capsys: pytest.CaptureFixture[str],
        server: MockServer,
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        """A wrong XAI_API_KEY exits 1 too."""
        monkeypatch.setenv("XAI_BASE_URL", server.url)
        monkeypatch.setenv("XAI_API_KEY", WRONG_KEY)
        result = run(capsys, "get", "latest")
        assert result.code == 1
        assert "Incorrect API key provided" in only_line(result.err)

    def test_missing_key_says_how_to_set_it(self, capsys: pytest.CaptureFixture[str]) -> None:
        """Without a key, exit 2 with a line naming XAI_API_KEY, --api-key and --offline."""
        result = run(capsys, "list")
        assert result.code == 2
        line = only_line(result.err)
        assert "XAI_API_KEY" in line
        assert "--api-key" in line
        assert "--offline" in line
        assert result.out == ""

    def test_connection_refused_exits_1(self, capsys: pytest.CaptureFixture[str]) -> None:
        """A base URL where nothing listens exits 1 with one error line."""
        url = f"http://127.0.0.1:{closed_port()}"
        result = run(capsys, "--base-url", url, "--api-key", KEY, "list")
        assert result.code == 1
        assert "onnect" in only_line(result.err)
        assert result.out == ""

    def test_endpoint_not_found_exits_1(
        self, capsys: pytest.CaptureFixture[str], server: MockServer
    ) -> None:
        """A base URL whose endpoints answer 404 exits 1 with the API's error."""
        result = run(capsys, "--base-url", server.url + "/elsewhere", "--api-key", KEY, "list")
        assert result.code == 1
        assert "404" in only_line(result.err)

    @pytest.mark.parametrize(
        "args",
        [
            ["--base-url", "http://api.example.com", "--api-key", KEY],
            ["--base-url", "ftp://127.0.0.1", "--api-key", KEY],
            ["--base-url", "not a url", "--api-key", KEY],
            ["--api-key", "two words"],
            ["--api-key", KEY, "--timeout", "0"],
            ["--api-key", KEY, "--timeout", "soon"],
        ],
        ids=[
            "cleartext-remote",
            "ftp",
            "garbage-url",
            "spaced-key",
            "zero-timeout",
            "word-timeout",
        ],
    )
    def test_bad_settings_are_usage_errors(
        self, capsys: pytest.CaptureFixture[str], args: list[str]
    ) -> None:
        """A base URL, key or timeout that cannot work exits 2 before any request."""
        result = run(capsys, *args, "list")
        assert result.code == 2
        error_line(result.err)
        assert "two words" not in result.err
        assert result.out == ""


class TestUsage:
    @pytest.mark.parametrize(
        "argv",
        [
            ["--bogus", "list"],
            ["--offline", "list", "--bogus"],
            ["--offline", "frobnicate"],
            ["--offline"],
            [],
        ],
        ids=["global-flag", "command-flag", "command", "no-command", "nothing"],
    )
    def test_usage_errors_exit_2(self, capsys: pytest.CaptureFixture[str], argv: list[str]) -> None:
        """Unknown flags and commands, or no command, exit 2 with one error line."""
        result = run(capsys, *argv)
        assert result.code == 2
        error_line(result.err)
        assert result.out == ""

    def test_unknown_flag_is_named(self, capsys: pytest.CaptureFixture[str]) -> None:
        """The error line names the unknown flag."""
        result = run(capsys, "--offline", "list", "--colour")
        assert "--colour" in error_line(result.err)


class TestEntryPoints:
    def test_console_script_help_mentions_offline_example_data(self, tmp_path: Path) -> None:
        """`xai-models --help` says --offline serves example data, and its date."""
        result = run_child(str(CONSOLE_SCRIPT), "--help", cwd=tmp_path)
        assert result.returncode == 0
        text = " ".join(result.stdout.split())
        assert "--offline" in text
        assert "EXAMPLE DATA" in text
        assert "2026-11-25" in text
        assert result.stderr == ""

    def test_module_lists_offline(self, tmp_path: Path) -> None:
        """`python -m xai_models --offline list --json` works and notes the example data."""
        result = run_child(
            sys.executable, "-m", "xai_models", "--offline", "list", "--json", cwd=tmp_path
        )
        assert result.returncode == 0, result.stderr
        assert [row["id"] for row in json.loads(result.stdout)] == OFFLINE_IDS
        assert "EXAMPLE DATA" in result.stderr
        assert "Traceback" not in result.stderr

    def test_console_script_costs_offline(self, tmp_path: Path) -> None:
        """The installed `xai-models` script estimates a cost."""
        result = run_child(
            str(CONSOLE_SCRIPT),
            "--offline",
            "cost",
            "grok-420-reasoning",
            "--prompt-tokens",
            "200000",
            "--cached-tokens",
            "100000",
            "--completion-tokens",
            "1000",
            "--json",
            cwd=tmp_path,
        )
        assert result.returncode == 0, result.stderr
        assert json.loads(result.stdout)["total_usd"] == "0.436"

    def test_console_script_without_key_exits_2(self, tmp_path: Path) -> None:
        """The script without a key exits 2 with one error line and no traceback."""
        result = run_child(str(CONSOLE_SCRIPT), "list", cwd=tmp_path)
        assert result.returncode == 2
        assert "XAI_API_KEY" in only_line(result.stderr)

    def test_module_unknown_model_exits_1(self, tmp_path: Path) -> None:
        """`python -m xai_models` exits 1 for an unknown model, with a suggestion."""
        result = run_child(
            sys.executable, "-m", "xai_models", "--offline", "get", "grok-imagine", cwd=tmp_path
        )
        assert result.returncode == 1
        assert "did you mean" in error_line(result.stderr)

    def test_module_usage_error_exits_2(self, tmp_path: Path) -> None:
        """`python -m xai_models` exits 2 for a missing --prompt-tokens."""
        result = run_child(
            sys.executable, "-m", "xai_models", "--offline", "cost", "latest", cwd=tmp_path
        )
        assert result.returncode == 2
        assert "--prompt-tokens" in error_line(result.stderr)


class TestMockCommand:
    def start(self, *command: str, cwd: Path) -> tuple[subprocess.Popen[bytes], Lines, str]:
        """Start `command` (a mock on port 0): the process, its stdout, the URL it printed first."""
        process = subprocess.Popen(
            list(command), stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=child_env(), cwd=cwd
        )
        lines = Lines(process)
        try:
            first = lines.next()
            match = re.search(r"(http://127\.0\.0\.1:\d+)", first)
            assert match is not None, f"no URL in the mock's first line: {first!r}"
        except AssertionError:
            process.kill()
            process.communicate(timeout=TIMEOUT)
            raise
        return process, lines, match.group(1)

    def stop(self, process: subprocess.Popen[bytes]) -> tuple[int, str]:
        """Interrupt the mock as Ctrl-C would; its exit status and stderr."""
        process.send_signal(signal.SIGINT)
        _, err = process.communicate(timeout=TIMEOUT)
        return process.returncode, err.decode()

    def test_console_script_mock_serves_and_stops_on_ctrl_c(self, tmp_path: Path) -> None:
        """`xai-models mock --port 0` serves the eight endpoints and exits 0 on SIGINT."""
        process, _, url = self.start(str(CONSOLE_SCRIPT), "mock", "--port", "0", cwd=tmp_path)
        try:
            with httpx.Client(base_url=url, timeout=10) as http:
                models = http.get("/v1/models")
                alias = http.get("/v1/language-models/grok-4.3-latest")
                missing = http.get("/v1/video-generation-models/grok-9")
            assert models.status_code == 200
            assert [m["id"] for m in models.json()["data"]] == [
                "latest",
                "grok-420-reasoning",
                "grok-imagine-image",
            ]
            assert models.json()["object"] == "list"
            assert alias.json()["id"] == "latest"
            assert missing.status_code == 404
            assert missing.json()["code"] == "not-found"
        finally:
            code, err = self.stop(process)
        assert code == 0
        assert "Traceback" not in err

    def test_module_mock_requires_its_key(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        """`python -m xai_models mock --require-key` checks the key; the CLI works against it."""
        process, lines, url = self.start(
            sys.executable,
            "-m",
            "xai_models",
            "mock",
            "--port",
            "0",
            "--require-key",
            KEY,
            cwd=tmp_path,
        )
        try:
            second = lines.next()
            assert second == f"Point a client at it: XAI_BASE_URL={url}"
            assert httpx.get(url + "/v1/models", timeout=10).status_code == 401
            wrong = httpx.get(
                url + "/v1/models", headers={"Authorization": f"Bearer {WRONG_KEY}"}, timeout=10
            )
            assert wrong.status_code == 400
            good = run(capsys, "--base-url", url, "--api-key", KEY, "get", "latest", "--json")
            bad = run(capsys, "--base-url", url, "--api-key", WRONG_KEY, "get", "latest")
        finally:
            code, err = self.stop(process)
        assert good.code == 0
        assert [entry["kind"] for entry in json.loads(good.out)] == ["models", "language_models"]
        assert bad.code == 1
        assert "Incorrect API key provided" in only_line(bad.err)
        assert code == 0
        assert "Traceback" not in err

    @pytest.mark.parametrize("port", ["70000", "-1"])
    def test_port_out_of_range_is_a_usage_error(
        self, capsys: pytest.CaptureFixture[str], port: str
    ) -> None:
        """mock on a port number no socket can have exits 2 with one error line."""
        result = run(capsys, "mock", "--port", port)
        assert result.code == 2
        error_line(result.err)
        assert result.out == ""

    def test_port_in_use_is_a_usage_error(self, capsys: pytest.CaptureFixture[str]) -> None:
        """mock on a port another socket listens on exits 2 with one error line."""
        with socket.socket() as taken:
            taken.bind(("127.0.0.1", 0))
            taken.listen()
            port = taken.getsockname()[1]
            result = run(capsys, "mock", "--port", str(port))
        assert result.code == 2
        assert str(port) in only_line(result.err)
        assert result.out == ""
